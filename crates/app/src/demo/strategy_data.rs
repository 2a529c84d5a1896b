//! Demo content for the strategy context: the International Cyber Strategy 2023–2028
//! (*Internationale Cyberstrategie 2023-2028*, ICS) of the Netherlands, as a result chain
//! of goals, objectives, outputs and activities with example indicators.
//!
//! Where the text comes from: the three goals and the lines of effort under them are
//! paraphrased (in Dutch, never copied at length) from public sources: the letter of
//! 9 June 2023 that sent the strategy to parliament (Kamerstukken 26 643 en 30 821,
//! nr. 1036), the Rijksoverheid news item of the same day, and public summaries and
//! reports of the strategy (dig.watch, security.nl, nieuws.nl, directionsblog.eu, the
//! Tweede Kamer's written consultation on it), and for single facts the Council of the
//! EU, the WRR, the Oxford capacity centre and news reports. Each node's `source` field
//! names the source it was checked against. Lines of effort that could not be checked against a source
//! are left out. The two nodes marked `dep-v` are internal working lines invented for
//! the demo; they say so in their summary and have no source.
//!
//! Every indicator, baseline, target and measurement here is an EXAMPLE defined for the
//! demo, not an official figure: they are not the strategy's own indicators, and no value
//! below is a real statistic. The judgements on the assumptions (`assumption_status`)
//! are examples too. The external index (the NCSI) and the maturity model (the Oxford
//! CMM) are real; the values attributed to them here are not.

pub struct DemoStrategy {
    /// Dutch title as published.
    pub title: &'static str,
    /// 2–4 sentences, Dutch, paraphrased; Markdown allowed.
    pub summary: &'static str,
    pub start_year: i32,
    pub end_year: i32,
    /// Citation(s).
    pub source: &'static str,
}

/// A node of the result chain: a goal (impact), an objective (outcome), an output or an activity.
pub struct DemoNode {
    /// Unique short key, e.g. "g1", "g1.o2", "g1.o2.p1".
    pub key: &'static str,
    /// Key of the node one level up; `None` only for the goals (level "impact").
    pub parent: Option<&'static str>,
    /// "impact" | "outcome" | "output" | "activity"; a child is exactly one level below its parent.
    pub level: &'static str,
    /// Dutch, at most 200 characters.
    pub title: &'static str,
    /// Dutch, 1–3 sentences.
    pub summary: &'static str,
    /// "short" | "medium" | "long", within the 2023–2028 period.
    pub horizon: &'static str,
    /// Organisation code.
    pub lead: &'static str,
    /// Organisation codes.
    pub contributors: &'static [&'static str],
    /// Why achieving this node serves its parent; "" for goals.
    pub assumption: &'static str,
    /// What could break that link; "" for goals.
    pub risk: &'static str,
    /// "holds" | "under-pressure" | "broken": an EXAMPLE judgement; "" for goals.
    pub assumption_status: &'static str,
    /// "ongerubriceerd" for public text; "dep-v" for the internal working lines of the demo.
    pub classification: &'static str,
    /// Citation for the public text of this node ("" only for internal example nodes).
    pub source: &'static str,
}

/// An example indicator with its reference sheet, baseline, targets and measurements.
pub struct DemoIndicator {
    /// Key of the node it measures (an outcome or output).
    pub node: &'static str,
    /// Dutch.
    pub name: &'static str,
    pub definition: &'static str,
    /// E.g. "landen", "%", "" for ordinal/qualitative.
    pub unit: &'static str,
    /// Means of verification.
    pub verification: &'static str,
    pub data_source: &'static str,
    /// "quarterly" | "annual".
    pub frequency: &'static str,
    /// Organisation code that reports measurements.
    pub responsible: &'static str,
    /// "higher" | "lower" (which is better).
    pub direction: &'static str,
    /// "numeric" | "percentage" | "ordinal" | "qualitative".
    pub measure_type: &'static str,
    /// Ordinal: the level names in order; qualitative: the score labels; empty otherwise.
    pub scale: &'static [&'static str],
    /// "2023" or "2023-Q2": a year or a quarter, never a day.
    pub baseline_period: &'static str,
    /// Ordinal/qualitative: the 0-based index on the scale.
    pub baseline_value: f64,
    pub baseline_evidence: &'static str,
    /// (period, value).
    pub targets: &'static [(&'static str, f64)],
    /// (period, value, evidence/narrative); only periods up to 2026-Q3.
    pub measurements: &'static [(&'static str, f64, &'static str)],
    /// (period, what changed in the method).
    pub series_break: Option<(&'static str, &'static str)>,
    /// For a value taken from an external index.
    pub external: Option<DemoExternal>,
}

/// Provenance of a value taken from an external index.
pub struct DemoExternal {
    pub edition: &'static str,
    /// Year and month, "2026-03" style.
    pub retrieved: &'static str,
    pub citation: &'static str,
    pub no_redistribution: bool,
}

pub const STRATEGY: DemoStrategy = DemoStrategy {
    title: "Internationale Cyberstrategie 2023-2028",
    summary: "Met de Internationale Cyberstrategie (ICS) beschrijft het kabinet de diplomatieke inzet \
voor een open, vrij en veilig digitaal domein. De strategie werkt vooral pijler III van de Nederlandse \
Cybersecuritystrategie uit (*tegengaan van digitale dreigingen van staten en criminelen*) en volgt op de \
IOB-evaluatie *Verbeter de verbinding* uit 2021. Zij stelt voor 2023–2028 drie doelen: **cyberdreigingen \
van staten en criminelen tegengaan**, **democratische en mensenrechtelijke principes online versterken** en \
**een wereldwijd verbonden, open, vrij en veilig internet behouden**. Buitenlandse Zaken en het postennet \
geven de inzet vorm in nauwe samenwerking met EZK, J&V, Defensie en BZK, het NCSC, de AIVD en de MIVD.",
    start_year: 2023,
    end_year: 2028,
    source: "Kamerbrief van de minister van Buitenlandse Zaken bij de Internationale Cyberstrategie \
2023-2028, 9 juni 2023 (Kamerstukken 26 643 en 30 821, nr. 1036); Rijksoverheid, \"Internationale \
Cyberstrategie: kabinet presenteert internationale inzet voor een open, vrij en veilig digitaal domein\", \
https://www.rijksoverheid.nl/actueel/nieuws/2023/06/09/internationale-cyberstrategie-nederland-nieuws \
(9 juni 2023); Tweede Kamer, \"Verslag van een schriftelijk overleg over de Internationale Cyberstrategie\" \
(Kamerstukken 26 643 en 30 821, nr. 1080), \
https://www.tweedekamer.nl/kamerstukken/kamervragen/detail?did=2023D42794&id=2023D42794 (20 oktober 2023)",
};

pub const NODES: &[DemoNode] = &[
    // Doel 1
    DemoNode {
        key: "g1",
        parent: None,
        level: "impact",
        title: "Tegengaan van cyberdreigingen van staten en criminelen",
        summary: "Het kabinet wil cyberdreigingen van staten en criminelen actief tegengaan. Daarvoor zet \
het naast diplomatie en sancties ook inlichtingen-, militaire en justitiële middelen in, in nauwe \
samenwerking met EU-partners en NAVO-bondgenoten.",
        horizon: "long",
        lead: "BZ",
        contributors: &["JenV", "NCTV", "NCSC", "DEF", "MIVD", "DCC", "BZK", "AIVD", "EZK"],
        assumption: "",
        risk: "",
        assumption_status: "",
        classification: "ongerubriceerd",
        source: "Rijksoverheid, \"Internationale Cyberstrategie: kabinet presenteert internationale inzet voor \
een open, vrij en veilig digitaal domein\", \
https://www.rijksoverheid.nl/actueel/nieuws/2023/06/09/internationale-cyberstrategie-nederland-nieuws \
(9 juni 2023); dig.watch, \"The Netherlands International Cyber Strategy 2023-2028\", \
https://dig.watch/resource/the-netherlands-international-cyber-strategy-2023-2028 (zonder datum)",
    },
    DemoNode {
        key: "g1.o1",
        parent: Some("g1"),
        level: "outcome",
        title: "Snelle, gezamenlijke diplomatieke respons met EU-partners en NAVO-bondgenoten op kwaadwillende \
cyberoperaties",
        summary: "Nederland reageert op kwaadwillende cyberoperaties samen met EU-partners en \
NAVO-bondgenoten, met de volle breedte aan diplomatieke middelen tot en met sancties. Het kabinet pleit in \
EU- en NAVO-verband voor een draaiboek om snel tot een gemeenschappelijke reactie te komen.",
        horizon: "medium",
        lead: "TFC",
        contributors: &["PV-EU", "PV-NAVO", "DJZ", "AIVD", "MIVD", "NCSC", "DEF"],
        assumption: "Een snelle, gezamenlijke reactie weegt zwaarder dan een reactie van één land alleen en \
maakt cyberoperaties voor de dader kostbaarder.",
        risk: "Besluiten over een gezamenlijke EU-reactie vragen eenparigheid: één lidstaat kan vertragen of \
blokkeren. Inlichtingen die een toeschrijving dragen, kunnen niet altijd met partners worden gedeeld.",
        assumption_status: "holds",
        classification: "ongerubriceerd",
        source: "dig.watch, \"The Netherlands International Cyber Strategy 2023-2028\", \
https://dig.watch/resource/the-netherlands-international-cyber-strategy-2023-2028 (zonder datum); \
Kamerbrief bij de Internationale Cyberstrategie 2023-2028, 9 juni 2023 (Kamerstukken 26 643 en 30 821, \
nr. 1036), over de motie-Brekelmans c.s.",
    },
    DemoNode {
        key: "g1.o1.p1",
        parent: Some("g1.o1"),
        level: "output",
        title: "Draaiboek voor een snelle gemeenschappelijke reactie in EU- en NAVO-verband bepleit, uitgewerkt \
en beoefend",
        summary: "Uitvoering van de motie-Brekelmans c.s. (Kamerstuk 35 925 V, nr. 21): Nederland pleit in EU- \
en NAVO-verband voor een draaiboek met afgesproken stappen, eigenaren en termijnen, en voor oefeningen met \
scenario's van cyberaanvallen.",
        horizon: "short",
        lead: "TFC",
        contributors: &["PV-EU", "PV-NAVO", "DEF", "NCTV", "NCSC"],
        assumption: "Vooraf afgesproken stappen en termijnen verkorten de tijd tussen een cyberoperatie en een \
gezamenlijke reactie.",
        risk: "Een draaiboek dat partners niet gebruiken of niet beoefenen, blijft papier. Een te star \
draaiboek past slecht bij een onverwacht scenario.",
        assumption_status: "holds",
        classification: "ongerubriceerd",
        source: "Kamerbrief bij de Internationale Cyberstrategie 2023-2028, 9 juni 2023 (Kamerstukken 26 643 \
en 30 821, nr. 1036)",
    },
    DemoNode {
        key: "g1.o1.p1.a1",
        parent: Some("g1.o1.p1"),
        level: "activity",
        title: "Jaarlijkse interdepartementale oefening met een scenario van een statelijke cyberaanval, samen \
met de permanente vertegenwoordigingen in Brussel",
        summary: "Departementen, diensten en de permanente vertegenwoordigingen bij de EU en de NAVO doorlopen \
de stappen van het draaiboek, van technische duiding tot een voorstel voor een gezamenlijke reactie. Dit \
werkt het oefenen met scenario's uit waar de motie om vraagt; vorm en frequentie zijn een voorbeeld voor de \
demo.",
        horizon: "short",
        lead: "TFC",
        contributors: &["NCSC", "DCC", "MIVD", "AIVD", "DJZ", "PV-EU", "PV-NAVO"],
        assumption: "Wie de stappen heeft geoefend, zet ze bij een echte cyberoperatie sneller en zorgvuldiger.",
        risk: "Een oefening die weinig op de werkelijkheid lijkt of waarin sleutelpartijen ontbreken, wekt een \
vals gevoel van paraatheid.",
        assumption_status: "holds",
        classification: "ongerubriceerd",
        source: "Kamerbrief bij de Internationale Cyberstrategie 2023-2028, 9 juni 2023 (Kamerstukken 26 643 \
en 30 821, nr. 1036), over de motie-Brekelmans c.s. (Kamerstuk 35 925 V, nr. 21)",
    },
    DemoNode {
        key: "g1.o1.p2",
        parent: Some("g1.o1"),
        level: "output",
        title: "Nederlandse voorstellen voor maatregelen uit de EU-toolbox voor cyberdiplomatie tijdig ingebracht \
in de HWPCI",
        summary: "De EU-toolbox voor cyberdiplomatie (Cyber Diplomacy Toolbox) is het kader voor een gezamenlijke \
diplomatieke EU-reactie op kwaadwillende cyberactiviteiten, tot en met beperkende maatregelen; de Raad heeft \
de uitvoeringsrichtsnoeren op 8 juni 2023 herzien. Nederland brengt in de HWPCI, de Raadswerkgroep die \
een gezamenlijke reactie voorbereidt, onderbouwde voorstellen voor het gebruik ervan in.",
        horizon: "short",
        lead: "TFC",
        contributors: &["PV-EU", "DJZ", "AIVD", "MIVD"],
        assumption: "Goed onderbouwde en tijdige voorstellen maken een besluit in de Raad sneller mogelijk.",
        risk: "Lidstaten wegen de duiding verschillend of willen een reactie niet met name aan een staat \
koppelen.",
        assumption_status: "under-pressure",
        classification: "ongerubriceerd",
        source: "Raad van de Europese Unie, \"Revised Implementing Guidelines of the Cyber Diplomacy Toolbox\" \
(10289/23), https://www.cyber-diplomacy-toolbox.com/Revised_Implementing_Guidelines_Cyber_Diplomacy_Toolbox.html \
(8 juni 2023); dig.watch, \"The Netherlands International Cyber Strategy 2023-2028\", \
https://dig.watch/resource/the-netherlands-international-cyber-strategy-2023-2028 (zonder datum)",
    },
    DemoNode {
        key: "g1.o2",
        parent: Some("g1"),
        level: "outcome",
        title: "Internationaal recht en het VN-normenkader voor verantwoordelijk statelijk gedrag breed \
onderschreven en toegepast in het digitale domein",
        summary: "Het kabinet blijft uitdragen dat de kaders van het internationaal recht ook gelden voor het \
gebruik van digitale middelen. In de VN werkt Nederland met zoveel mogelijk landen aan afspraken over wat \
aanvaardbaar en wat onaanvaardbaar statelijk gedrag in het digitale domein is.",
        horizon: "long",
        lead: "TFC",
        contributors: &["DJZ", "DEF", "JenV"],
        assumption: "Breed gedeelde normen maken het mogelijk onverantwoord gedrag eenduidig te benoemen en er \
gezamenlijk op te reageren.",
        risk: "Geopolitieke tegenstellingen in de VN kunnen nieuwe afspraken blokkeren of bestaande afspraken \
uithollen.",
        assumption_status: "under-pressure",
        classification: "ongerubriceerd",
        source: "security.nl, \"Kabinet onthult internationale cyberstrategie met afspraken voor cyberdomein\", \
https://www.security.nl/posting/799204/Kabinet+onthult+internationale+cyberstrategie+met+afspraken+voor+cyberdomein \
(juni 2023); Rijksoverheid, \"Buitenlandse Zaken vat cyberveiligheid bij de hoorns: 'Het internet open, vrij \
en veilig houden'\", \
https://www.rijksoverheid.nl/actueel/nieuws/2023/09/20/buitenlandse-zaken-en-cyberveiligheid-het-internet-open-vrij-en-veilig-houden \
(20 september 2023)",
    },
    DemoNode {
        key: "g1.o3",
        parent: Some("g1"),
        level: "outcome",
        title: "Geen veilige havens voor cybercriminelen, door sterkere internationale samenwerking",
        summary: "De diplomatieke inzet tegen cybercriminaliteit richt zich vooral op het wegnemen van veilige \
havens voor criminele groepen, in lijn met het VN-normenkader en het Verdrag van Boedapest. Nederland helpt \
andere landen ook bij wetgeving die op dat verdrag aansluit.",
        horizon: "medium",
        lead: "JenV",
        contributors: &["TFC", "DJZ", "NCSC"],
        assumption: "Als meer landen cybercriminaliteit strafbaar stellen en in de opsporing samenwerken, kunnen \
criminele groepen minder ongestraft vanuit die landen opereren.",
        risk: "Sommige staten gedogen of gebruiken criminele groepen; daar helpen wetgeving en samenwerking \
weinig.",
        assumption_status: "holds",
        classification: "ongerubriceerd",
        source: "P. Mirzaei, \"Ahead of the Threat(s)?\", directionsblog.eu, \
https://directionsblog.eu/ahead-of-the-threats/ (zonder datum)",
    },
    DemoNode {
        key: "g1.o3.p1",
        parent: Some("g1.o3"),
        level: "output",
        title: "Nederlandse inzet in de VN-onderhandelingen over een verdrag tegen cybercriminaliteit, met \
waarborgen voor mensenrechten",
        summary: "Nederland nam deel aan de onderhandelingen over een VN-verdrag tegen cybercriminaliteit en zette \
er in EU-verband op in dat het verdrag mensenrechten online niet inperkt. De Algemene Vergadering van de VN \
nam het verdrag op 24 december 2024 aan; in oktober 2025 is het in Hanoi opengesteld voor ondertekening.",
        horizon: "short",
        lead: "JenV",
        contributors: &["TFC", "DJZ", "PV-EU"],
        assumption: "Een verdrag met stevige waarborgen versterkt de internationale samenwerking zonder repressie \
een grondslag te geven.",
        risk: "Staten kunnen ruime definities en zwakke waarborgen in de uiteindelijke tekst gebruiken om \
critici te vervolgen.",
        assumption_status: "under-pressure",
        classification: "ongerubriceerd",
        source: "P. Mirzaei, \"Ahead of the Threat(s)?\", directionsblog.eu, \
https://directionsblog.eu/ahead-of-the-threats/ (zonder datum); VGP, \"Ha Noi to host signature ceremony of \
UN Convention against Cybercrime\", \
https://thanglong.chinhphu.vn/english/ha-noi-to-host-signature-ceremony-of-un-convention-against-cybercrime-110241226160731642.htm \
(26 december 2024); Shafaq News, \"UN cybercrime treaty opens for signing in Hanoi\", \
https://www.shafaq.com/en/society/UN-cybercrime-treaty-opens-for-signing-in-Hanoi (25 oktober 2025)",
    },
    DemoNode {
        key: "g1.o3.p2",
        parent: Some("g1.o3"),
        level: "output",
        title: "Steun aan partnerlanden bij wetgeving tegen cybercriminaliteit in lijn met het Verdrag van \
Boedapest",
        summary: "Nederland ondersteunt andere landen bij het opstellen of harmoniseren van wetgeving tegen \
cybercriminaliteit volgens het Verdrag van Boedapest. Om welke landen het gaat, noemt de strategie niet.",
        horizon: "medium",
        lead: "JenV",
        contributors: &["TFC", "BZ"],
        assumption: "Geharmoniseerde wetgeving is een voorwaarde voor wederzijdse rechtshulp en gezamenlijke \
opsporing.",
        risk: "Wetgeving zonder uitvoeringscapaciteit bij politie en justitie blijft een papieren werkelijkheid.",
        assumption_status: "holds",
        classification: "ongerubriceerd",
        source: "P. Mirzaei, \"Ahead of the Threat(s)?\", directionsblog.eu, \
https://directionsblog.eu/ahead-of-the-threats/ (zonder datum)",
    },
    // Doel 2
    DemoNode {
        key: "g2",
        parent: None,
        level: "impact",
        title: "Versterken van democratische en mensenrechtelijke principes online",
        summary: "Nederland wil dat internationaal erkende principes van democratie en mensenrechten ook online \
worden toegepast: cyberveiligheid en mensenrechten vullen elkaar aan. Dat geldt ook voor de ontwikkeling van \
standaarden voor nieuwe technologieën en onlinediensten en voor de handel in en de inzet van \
binnendringsoftware.",
        horizon: "long",
        lead: "BZ",
        contributors: &["JenV", "EZK", "BZK", "AIVD", "NCSC"],
        assumption: "",
        risk: "",
        assumption_status: "",
        classification: "ongerubriceerd",
        source: "Rijksoverheid, \"Internationale Cyberstrategie: kabinet presenteert internationale inzet voor \
een open, vrij en veilig digitaal domein\", \
https://www.rijksoverheid.nl/actueel/nieuws/2023/06/09/internationale-cyberstrategie-nederland-nieuws \
(9 juni 2023); dig.watch, \"The Netherlands International Cyber Strategy 2023-2028\", \
https://dig.watch/resource/the-netherlands-international-cyber-strategy-2023-2028 (zonder datum)",
    },
    DemoNode {
        key: "g2.o1",
        parent: Some("g2"),
        level: "outcome",
        title: "Mensenrechten en democratische waarden geborgd bij de ontwikkeling van standaarden voor nieuwe \
technologieën en onlinediensten",
        summary: "Over standaarden voor nieuwe technologieën beslissen niet alleen overheden: ook bedrijven, \
maatschappelijke organisaties en de technische gemeenschap horen aan tafel. Nederland zet zich ervoor in dat \
mensenrechten en democratische principes in die processen worden meegewogen.",
        horizon: "long",
        lead: "TFC",
        contributors: &["EZK", "BZK", "NCSC"],
        assumption: "Standaarden bepalen mee hoe technologie wordt gebruikt; wat bij het ontwerp is geborgd, hoeft \
achteraf niet te worden afgedwongen.",
        risk: "Standaardisatie verschuift naar fora waar staten met een andere visie de toon zetten, of de \
overheid mist de technische kennis om mee te praten.",
        assumption_status: "under-pressure",
        classification: "ongerubriceerd",
        source: "Rijksoverheid, \"Internationale Cyberstrategie: kabinet presenteert internationale inzet voor \
een open, vrij en veilig digitaal domein\", \
https://www.rijksoverheid.nl/actueel/nieuws/2023/06/09/internationale-cyberstrategie-nederland-nieuws \
(9 juni 2023); dig.watch, \"The Netherlands International Cyber Strategy 2023-2028\", \
https://dig.watch/resource/the-netherlands-international-cyber-strategy-2023-2028 (zonder datum)",
    },
    DemoNode {
        key: "g2.o2",
        parent: Some("g2"),
        level: "outcome",
        title: "Misbruik van binnendringsoftware (spyware) beperkt door exportcontrole en verantwoorde aanschaf",
        summary: "Landen zetten nieuwe, goedkopere cybermiddelen zoals binnendringsoftware ook in om de eigen \
bevolking, onder wie advocaten, politici, mensenrechtenverdedigers en journalisten, online te volgen en onder \
druk te zetten. Nederland moedigt met Europese partners derde landen \
aan de EU-eisen voor de export ervan over te nemen. Het kabinet draagt ook de eigen eisen voor verantwoorde \
aanschaf uit: leveranciers aan de opsporing worden door de AIVD gescreend en mogen niet aan dubieuze regimes \
leveren.",
        horizon: "medium",
        lead: "BZ",
        contributors: &["JenV", "AIVD", "PV-EU", "TFC"],
        assumption: "Als meer landen vergelijkbare exportregels en inkoopeisen hanteren, wordt het moeilijker \
binnendringsoftware voor repressie te verkrijgen.",
        risk: "Leveranciers wijken uit naar landen zonder exportcontrole; regels zonder handhaving hebben weinig \
effect.",
        assumption_status: "under-pressure",
        classification: "ongerubriceerd",
        source: "security.nl, \"Kabinet onthult internationale cyberstrategie met afspraken voor cyberdomein\", \
https://www.security.nl/posting/799204/Kabinet+onthult+internationale+cyberstrategie+met+afspraken+voor+cyberdomein \
(juni 2023); Rijksoverheid, \"Internationale Cyberstrategie: kabinet presenteert internationale inzet voor \
een open, vrij en veilig digitaal domein\", \
https://www.rijksoverheid.nl/actueel/nieuws/2023/06/09/internationale-cyberstrategie-nederland-nieuws \
(9 juni 2023)",
    },
    DemoNode {
        key: "g2.o2.p1",
        parent: Some("g2.o2"),
        level: "output",
        title: "Derde landen aangemoedigd om de EU-eisen voor de export van binnendringsoftware over te nemen",
        summary: "Nederland benadert samen met Europese partners derde landen om exportregels voor \
binnendringsoftware in te voeren die aansluiten bij de EU-eisen.",
        horizon: "medium",
        lead: "BZ",
        contributors: &["PV-EU", "TFC"],
        assumption: "Elk land dat de EU-eisen overneemt, sluit een route af waarlangs binnendringsoftware bij \
repressieve regimes terechtkomt.",
        risk: "Landen die zelf binnendringsoftware maken of inzetten, hebben weinig belang bij strengere regels.",
        assumption_status: "holds",
        classification: "ongerubriceerd",
        source: "security.nl, \"Kabinet onthult internationale cyberstrategie met afspraken voor cyberdomein\", \
https://www.security.nl/posting/799204/Kabinet+onthult+internationale+cyberstrategie+met+afspraken+voor+cyberdomein \
(juni 2023)",
    },
    DemoNode {
        key: "g2.o2.p1.a1",
        parent: Some("g2.o2.p1"),
        level: "activity",
        title: "Afstemming met Washington en Berlijn over een gezamenlijke benadering van derde landen over \
exportregels (interne werklijn)",
        summary: "Interne voorbeeldwerklijn, geen onderdeel van de openbare strategie: de ambassades in \
Washington en Berlijn stemmen met de gastlanden af welke derde landen gezamenlijk worden benaderd en met welke \
boodschap.",
        horizon: "short",
        lead: "TFC",
        contributors: &["AMB-WAS", "AMB-BER", "PV-EU"],
        assumption: "Een gezamenlijke benadering door meerdere partners weegt zwaarder dan een Nederlandse \
demarche alleen.",
        risk: "Partners geven in hun relatie met het derde land voorrang aan andere belangen.",
        assumption_status: "holds",
        classification: "dep-v",
        source: "",
    },
    DemoNode {
        key: "g2.o3",
        parent: Some("g2"),
        level: "outcome",
        title: "Encryptie beschermd als waarborg voor privacy en vertrouwelijke communicatie",
        summary: "Encryptie beschermt het recht op privacy en de vertrouwelijkheid en integriteit van \
communicatie en opgeslagen gegevens, maar bemoeilijkt ook de rechtmatige toegang van opsporings- en \
inlichtingendiensten tot gegevens. Het kabinet benoemt die spanning en weegt beide belangen mee in zijn \
internationale inzet.",
        horizon: "medium",
        lead: "JenV",
        contributors: &["BZ", "EZK", "NCSC", "AIVD"],
        assumption: "Sterke encryptie beschermt burgers, bedrijven en overheden tegen spionage en criminaliteit \
en draagt zo bij aan een vrij en veilig internet.",
        risk: "Internationale voorstellen voor verplichte toegang tot versleutelde communicatie kunnen de \
bescherming die encryptie biedt verzwakken.",
        assumption_status: "under-pressure",
        classification: "ongerubriceerd",
        source: "security.nl, \"Kabinet onthult internationale cyberstrategie met afspraken voor cyberdomein\", \
https://www.security.nl/posting/799204/Kabinet+onthult+internationale+cyberstrategie+met+afspraken+voor+cyberdomein \
(juni 2023); Cyberwarzone, \"Netherlands' New International Cyber Strategy for 2023-2028\", \
https://cyberwarzone.com/netherlands-new-international-cyber-strategy-for-2023-2028/ (zonder datum)",
    },
    // Doel 3
    DemoNode {
        key: "g3",
        parent: None,
        level: "impact",
        title: "Behoud van een wereldwijd verbonden, open, vrij en veilig internet",
        summary: "Het kabinet wil voorkomen dat het internet versplintert en dat de technische laag onder \
politieke controle komt. Nederland steunt een bestuursmodel waarin alle belanghebbenden meepraten, betrekt \
opkomende landen bij internetbestuur en helpt hen hun digitale weerbaarheid te versterken.",
        horizon: "long",
        lead: "BZ",
        contributors: &["EZK", "BZK", "NCSC", "JenV"],
        assumption: "",
        risk: "",
        assumption_status: "",
        classification: "ongerubriceerd",
        source: "dig.watch, \"The Netherlands International Cyber Strategy 2023-2028\", \
https://dig.watch/resource/the-netherlands-international-cyber-strategy-2023-2028 (zonder datum); nieuws.nl, \
\"Kabinet vreest dat landen hun greep op het internet vergroten\", \
https://nieuws.nl/algemeen/20230609/kabinet-vreest-dat-landen-hun-greep-op-het-internet-vergroten/ \
(9 juni 2023)",
    },
    DemoNode {
        key: "g3.o1",
        parent: Some("g3"),
        level: "outcome",
        title: "De technische laag van het internet (de publieke kern) beschermd tegen fragmentatie en \
oneigenlijke inmenging door staten",
        summary: "De neutrale, apolitieke en technische benadering van het beheer van het internet staat onder \
druk. Nederland zet zich ervoor in dat de technische laag van het internet wordt beschermd, zodat het \
internet niet uiteenvalt.",
        horizon: "long",
        lead: "TFC",
        contributors: &["EZK", "BZK", "NCSC"],
        assumption: "Zolang de centrale protocollen en de infrastructuur van het internet wereldwijd werken, \
blijft het internet verbonden en open.",
        risk: "Staten kunnen nationaal ingrijpen in de kern, bijvoorbeeld met eigen netwerken of protocollen, \
los van wat internationaal is afgesproken.",
        assumption_status: "under-pressure",
        classification: "ongerubriceerd",
        source: "dig.watch, \"The Netherlands International Cyber Strategy 2023-2028\", \
https://dig.watch/resource/the-netherlands-international-cyber-strategy-2023-2028 (zonder datum); nieuws.nl, \
\"Kabinet vreest dat landen hun greep op het internet vergroten\", \
https://nieuws.nl/algemeen/20230609/kabinet-vreest-dat-landen-hun-greep-op-het-internet-vergroten/ \
(9 juni 2023); WRR, \"De publieke kern van het internet. Naar een buitenlands internetbeleid\" (rapport nr. 94), \
https://www.wrr.nl/adviesprojecten/artificiele-intelligentie/documenten/rapporten/2015/03/31/de-publieke-kern-van-het-internet \
(31 maart 2015)",
    },
    DemoNode {
        key: "g3.o2",
        parent: Some("g3"),
        level: "outcome",
        title: "Internetbestuur volgens het multistakeholdermodel, met een gelijkwaardige stem voor alle \
belanghebbenden",
        summary: "Landen als China en Rusland willen het beheer van het internet voor een belangrijk deel \
onderbrengen bij VN-organisaties als de ITU. Nederland zet zich ervoor in dat overheden, bedrijven, \
maatschappelijke organisaties en de technische gemeenschap op gelijke voet kunnen meepraten en meebeslissen \
over de publieke kern van het internet.",
        horizon: "medium",
        lead: "TFC",
        contributors: &["EZK", "BZK"],
        assumption: "Waar alle belanghebbenden meebeslissen, kan geen enkele staat eenzijdig de regels van het \
internet bepalen.",
        risk: "Als opkomende landen het model als westers ervaren, stemmen zij in VN-verband voor meer \
statelijke controle.",
        assumption_status: "under-pressure",
        classification: "ongerubriceerd",
        source: "nieuws.nl, \"Kabinet vreest dat landen hun greep op het internet vergroten\", \
https://nieuws.nl/algemeen/20230609/kabinet-vreest-dat-landen-hun-greep-op-het-internet-vergroten/ \
(9 juni 2023); Rijksoverheid, \"Internationale Cyberstrategie: kabinet presenteert internationale inzet voor \
een open, vrij en veilig digitaal domein\", \
https://www.rijksoverheid.nl/actueel/nieuws/2023/06/09/internationale-cyberstrategie-nederland-nieuws \
(9 juni 2023)",
    },
    DemoNode {
        key: "g3.o2.p1",
        parent: Some("g3.o2"),
        level: "output",
        title: "Opkomende landen actief betrokken bij internetbestuur",
        summary: "Nederland betrekt opkomende landen bij de fora waar over het bestuur van het internet wordt \
beslist, zodat hun belangen en kennis daar een plek krijgen.",
        horizon: "medium",
        lead: "TFC",
        contributors: &["EZK"],
        assumption: "Landen die zelf deelnemen aan het multistakeholdermodel, zien er de waarde van en steunen \
het ook in VN-verband.",
        risk: "Deelname blijft incidenteel als reizen en voorbereiding niet duurzaam worden gefinancierd.",
        assumption_status: "holds",
        classification: "ongerubriceerd",
        source: "dig.watch, \"The Netherlands International Cyber Strategy 2023-2028\", \
https://dig.watch/resource/the-netherlands-international-cyber-strategy-2023-2028 (zonder datum)",
    },
    DemoNode {
        key: "g3.o2.p2",
        parent: Some("g3.o2"),
        level: "output",
        title: "Partnerspecifieke dialoog over internetbestuur met een prioriteitsland in zuidelijk Afrika \
(interne werklijn)",
        summary: "Interne voorbeeldwerklijn, geen onderdeel van de openbare strategie: een reeks \
beleidsgesprekken met één prioriteitsland ter voorbereiding van stemmingen over internetbestuur in \
VN-verband.",
        horizon: "short",
        lead: "TFC",
        contributors: &["EZK"],
        assumption: "Het partnerland deelt de Nederlandse visie op internetbestuur en is bereid die in VN-verband \
uit te dragen.",
        risk: "Het partnerland volgt bij stemmingen de lijn van zijn regionale groep.",
        assumption_status: "broken",
        classification: "dep-v",
        source: "",
    },
    DemoNode {
        key: "g3.o3",
        parent: Some("g3"),
        level: "outcome",
        title: "Sterkere digitale weerbaarheid van opkomende landen door cybercapaciteitsopbouw",
        summary: "Nederland helpt opkomende landen hun cybercapaciteit te versterken, zodat ook zij veilig van \
digitalisering kunnen profiteren. De strategie legt daarbij de nadruk op de Westelijke Balkan, zuidelijk \
Afrika, Azië en Oceanië.",
        horizon: "medium",
        lead: "TFC",
        contributors: &["NCSC", "JenV", "DEF"],
        assumption: "Landen met meer cybercapaciteit zijn minder vaak een zwakke schakel of uitvalsbasis voor \
aanvallen, en zijn sterkere partners bij afspraken over verantwoord gedrag.",
        risk: "Capaciteitsopbouw zonder eigenaarschap van het partnerland beklijft niet; versnippering onder \
donoren leidt tot dubbel werk.",
        assumption_status: "holds",
        classification: "ongerubriceerd",
        source: "dig.watch, \"The Netherlands International Cyber Strategy 2023-2028\", \
https://dig.watch/resource/the-netherlands-international-cyber-strategy-2023-2028 (zonder datum); \
P. Mirzaei, \"Ahead of the Threat(s)?\", directionsblog.eu, https://directionsblog.eu/ahead-of-the-threats/ \
(zonder datum)",
    },
    DemoNode {
        key: "g3.o3.p1",
        parent: Some("g3.o3"),
        level: "output",
        title: "Capaciteitsopbouwprojecten met partnerlanden in de Westelijke Balkan, zuidelijk Afrika, Azië en \
Oceanië",
        summary: "Projecten waarmee Nederland partnerlanden in de focusregio's van de strategie helpt hun \
cybercapaciteit te versterken. De inhoudelijke richting (strategie, wetgeving en incidentrespons) is een voorbeeld voor de demo.",
        horizon: "medium",
        lead: "TFC",
        contributors: &["NCSC", "JenV"],
        assumption: "Projecten die op een gedeelde nulmeting steunen, sluiten aan bij wat het partnerland zelf \
nodig heeft.",
        risk: "Een politieke omslag of personeelsverloop bij het partnerland maakt opgebouwde capaciteit \
ongedaan.",
        assumption_status: "holds",
        classification: "ongerubriceerd",
        source: "P. Mirzaei, \"Ahead of the Threat(s)?\", directionsblog.eu, \
https://directionsblog.eu/ahead-of-the-threats/ (zonder datum)",
    },
    DemoNode {
        key: "g3.o3.p1.a1",
        parent: Some("g3.o3.p1"),
        level: "activity",
        title: "CMM-beoordeling met een partnerland in de Westelijke Balkan als nulmeting en als vervolgmeting",
        summary: "Een beoordeling van de nationale cybercapaciteit volgens het Cybersecurity Capacity Maturity \
Model for Nations (CMM) van het Global Cyber Security Capacity Centre in Oxford: vijf dimensies, elk in vijf \
stadia van volwassenheid. De uitkomst dient als nulmeting voor het project en wordt na afloop herhaald.",
        horizon: "short",
        lead: "TFC",
        contributors: &["NCSC"],
        assumption: "Een onafhankelijke, herhaalbare meting maakt zichtbaar waar het project effect heeft.",
        risk: "Het partnerland geeft de uitkomst niet vrij of de vervolgmeting wordt uitgesteld.",
        assumption_status: "holds",
        classification: "ongerubriceerd",
        source: "Global Cyber Security Capacity Centre (University of Oxford), \"The CMM\", \
https://gcscc.web.ox.ac.uk/the-cmm (zonder datum); P. Mirzaei, \"Ahead of the Threat(s)?\", \
directionsblog.eu, https://directionsblog.eu/ahead-of-the-threats/ (zonder datum)",
    },
];
