//! The example indicators of the demo strategy ([`super::strategy_data`]):
//! every indicator, baseline, target and measurement here is an EXAMPLE
//! defined for the demo, not an official figure.

use super::strategy_data::{DemoExternal, DemoIndicator};

pub const INDICATORS: &[DemoIndicator] = &[
    DemoIndicator {
        node: "g1.o1",
        name: "Gezamenlijke publieke reacties op kwaadwillende cyberoperaties met Nederlandse inbreng",
        definition: "Aantal publieke reacties in een kalenderjaar op kwaadwillende cyberoperaties (verklaringen \
namens de EU, NAVO-verklaringen en gezamenlijke toeschrijvingen met partners) waarvoor Nederland aantoonbaar \
een voorstel of tekst heeft ingebracht.",
        unit: "reacties",
        verification: "Lijst van verklaringen met per verklaring de datum, de vindplaats en het dossier in \
Verbinding waarin de Nederlandse inbreng is vastgelegd.",
        data_source: "Openbare verklaringen van de Raad van de EU en de NAVO; dossierregistratie van TFC.",
        frequency: "annual",
        responsible: "TFC",
        direction: "higher",
        measure_type: "numeric",
        scale: &[],
        baseline_period: "2023",
        baseline_value: 3.0,
        baseline_evidence: "Voorbeeld: telling TFC van verklaringen in 2023 met vastgelegde Nederlandse inbreng.",
        targets: &[("2026", 5.0), ("2028", 6.0)],
        measurements: &[
            ("2024", 4.0, "Voorbeeld: telling TFC; één reactie meer dan in 2023, na afstemming in de HWPCI."),
            ("2025", 4.0, "Voorbeeld: telling TFC; gelijk aan 2024, één voorstel kreeg geen eenparigheid."),
        ],
        series_break: None,
        external: None,
    },
    DemoIndicator {
        node: "g1.o1",
        name: "Doorlooptijd van de interdepartementale afstemming van een Nederlandse inbreng voor de HWPCI",
        definition: "Mediane doorlooptijd in werkdagen, over alle afstemmingsrondes die in het kwartaal zijn \
afgerond, van het verzoek om een Nederlandse positie tot de vastgestelde instructie aan de permanente \
vertegenwoordiging bij de EU.",
        unit: "werkdagen",
        verification: "Begin- en einddatum per afstemmingsronde, zoals vastgelegd in de consultaties in \
Verbinding; de mediaan wordt per kwartaal berekend.",
        data_source: "Registratie van interdepartementale consultaties in Verbinding (TFC, PV-EU).",
        frequency: "quarterly",
        responsible: "TFC",
        direction: "lower",
        measure_type: "numeric",
        scale: &[],
        baseline_period: "2024-Q1",
        baseline_value: 12.0,
        baseline_evidence: "Voorbeeld: mediaan over 6 afstemmingsrondes in het eerste kwartaal van 2024.",
        targets: &[("2026-Q4", 6.0), ("2028-Q4", 4.0)],
        measurements: &[
            ("2024-Q2", 11.5, "Voorbeeld: mediaan over 7 afstemmingsrondes."),
            ("2024-Q3", 11.0, "Voorbeeld: mediaan over 4 afstemmingsrondes (zomerperiode)."),
            ("2024-Q4", 10.5, "Voorbeeld: mediaan over 8 afstemmingsrondes."),
            (
                "2025-Q1",
                10.0,
                "Voorbeeld: mediaan over 6 afstemmingsrondes; vaste termijnen uit het draaiboek \
voor het eerst toegepast.",
            ),
            ("2025-Q2", 9.0, "Voorbeeld: mediaan over 7 afstemmingsrondes."),
            ("2025-Q3", 8.5, "Voorbeeld: mediaan over 5 afstemmingsrondes."),
            ("2025-Q4", 8.0, "Voorbeeld: mediaan over 9 afstemmingsrondes."),
            ("2026-Q1", 7.5, "Voorbeeld: mediaan over 6 afstemmingsrondes."),
            ("2026-Q2", 7.0, "Voorbeeld: mediaan over 8 afstemmingsrondes."),
            ("2026-Q3", 6.5, "Voorbeeld: mediaan over 5 afstemmingsrondes."),
        ],
        series_break: None,
        external: None,
    },
    DemoIndicator {
        node: "g1.o1.p1",
        name: "Draaiboekstappen die in de jaarlijkse oefening binnen de afgesproken termijn zijn afgerond",
        definition: "Aandeel van de stappen van het draaiboek dat in de jaarlijkse oefening binnen de in het \
draaiboek afgesproken termijn is afgerond, ten opzichte van alle stappen die in het oefenscenario aan de orde \
kwamen.",
        unit: "%",
        verification: "Oefenverslag met per stap de geplande en de werkelijke afronding, vastgesteld door de \
oefenleiding.",
        data_source: "Oefenregistratie in Verbinding; evaluatieverslag van de oefenleiding (TFC).",
        frequency: "annual",
        responsible: "TFC",
        direction: "higher",
        measure_type: "percentage",
        scale: &[],
        baseline_period: "2023",
        baseline_value: 55.0,
        baseline_evidence: "Voorbeeld: oefening 2023, 11 van de 20 stappen binnen de termijn.",
        targets: &[("2026", 80.0), ("2028", 90.0)],
        measurements: &[
            ("2024", 63.0, "Voorbeeld: oefening 2024; vertraging vooral bij de juridische duiding."),
            (
                "2025",
                71.0,
                "Voorbeeld: oefening 2025; de permanente vertegenwoordigingen namen voor het eerst \
volledig deel.",
            ),
        ],
        series_break: None,
        external: None,
    },
    DemoIndicator {
        node: "g1.o2",
        name: "VN-lidstaten met een gepubliceerd standpunt over de toepassing van internationaal recht in het \
cyberdomein",
        definition: "Aandeel van de 193 VN-lidstaten dat aan het eind van het kalenderjaar een openbaar standpunt \
heeft over de toepassing van het internationaal recht op het gebruik van digitale middelen door staten.",
        unit: "%",
        verification: "Lijst van staten met per staat de vindplaats van het standpunt en de datum van \
publicatie; steekproefsgewijs gecontroleerd door DJZ.",
        data_source: "Openbare nationale (en vanaf 2025 ook gemeenschappelijke regionale) standpunten; telling \
door DJZ.",
        frequency: "annual",
        responsible: "DJZ",
        direction: "higher",
        measure_type: "percentage",
        scale: &[],
        baseline_period: "2023",
        baseline_value: 14.0,
        baseline_evidence: "Voorbeeld: telling DJZ van afzonderlijk gepubliceerde nationale standpunten eind \
2023.",
        targets: &[("2026", 22.0), ("2028", 28.0)],
        measurements: &[
            ("2024", 16.0, "Voorbeeld: telling DJZ; enkele nieuwe nationale standpunten."),
            (
                "2025",
                21.0,
                "Voorbeeld: telling DJZ volgens de nieuwe methode; de stijging komt grotendeels door \
de methodewijziging.",
            ),
        ],
        series_break: Some((
            "2025",
            "Vanaf 2025 tellen ook staten mee die een gemeenschappelijk regionaal standpunt hebben \
onderschreven zonder afzonderlijk nationaal standpunt. Tot en met 2024 telden alleen afzonderlijk \
gepubliceerde nationale standpunten; de waarden voor en na 2025 zijn daardoor niet rechtstreeks vergelijkbaar.",
        )),
        external: None,
    },
    DemoIndicator {
        node: "g1.o3.p1",
        name: "Nederlandse prioriteiten voor mensenrechtenwaarborgen terug te vinden in het VN-verdrag tegen \
cybercriminaliteit",
        definition: "Gezamenlijk oordeel van JenV en DJZ, op een schaal van 1 tot 5, over de mate waarin de vooraf \
vastgestelde Nederlandse prioriteiten voor mensenrechtenwaarborgen terug te vinden zijn in de tekst van het \
verdrag en, na de aanneming, in de afspraken over de uitvoering. Het oordeel wordt met een toelichting per \
prioriteit onderbouwd.",
        unit: "",
        verification: "Vergelijking per prioriteit tussen de Nederlandse inzet en de tekst, vastgelegd in een \
notitie die door beide organisaties is vastgesteld.",
        data_source: "Onderhandelingsteksten en de aangenomen verdragstekst; de Nederlandse en EU-inzet.",
        frequency: "annual",
        responsible: "JenV",
        direction: "higher",
        measure_type: "qualitative",
        scale: &[
            "1 – Geen van de prioriteiten terug te vinden",
            "2 – Enkele prioriteiten deels terug te vinden",
            "3 – Ongeveer de helft van de prioriteiten terug te vinden",
            "4 – De meeste prioriteiten terug te vinden",
            "5 – Alle prioriteiten volledig terug te vinden",
        ],
        baseline_period: "2023",
        baseline_value: 1.0,
        baseline_evidence: "Voorbeeld: oordeel JenV en DJZ over de ontwerptekst van 2023.",
        targets: &[("2024", 2.0), ("2026", 3.0)],
        measurements: &[
            (
                "2024",
                2.0,
                "Voorbeeld: een deel van de waarborgen is in de tekst opgenomen, andere zijn afgezwakt; \
oordeel JenV en DJZ op basis van de vergelijking per prioriteit.",
            ),
            (
                "2025",
                2.0,
                "Voorbeeld: oordeel ongewijzigd; de afspraken over de uitvoering moeten nog worden \
gemaakt.",
            ),
        ],
        series_break: None,
        external: None,
    },
    DemoIndicator {
        node: "g2.o1",
        name: "Door Nederland gevolgde standaardisatietrajecten met een ingebrachte mensenrechtentoets",
        definition: "Aandeel van de standaardisatietrajecten voor nieuwe technologieën die Nederland in een \
kalenderjaar volgt (bijvoorbeeld in ETSI of ITU-T), waarin Nederland een toets op gevolgen voor \
mensenrechten heeft ingebracht of gesteund.",
        unit: "%",
        verification: "Overzicht van gevolgde trajecten met per traject de vindplaats van de ingebrachte of \
gesteunde bijdrage.",
        data_source: "Registratie van EZK van gevolgde standaardisatietrajecten; bijdragen van TFC.",
        frequency: "annual",
        responsible: "EZK",
        direction: "higher",
        measure_type: "percentage",
        scale: &[],
        baseline_period: "2023",
        baseline_value: 20.0,
        baseline_evidence: "Voorbeeld: 3 van de 15 gevolgde trajecten in 2023.",
        targets: &[("2026", 50.0), ("2028", 70.0)],
        measurements: &[
            ("2024", 29.0, "Voorbeeld: registratie EZK, 5 van de 17 trajecten."),
            ("2025", 39.0, "Voorbeeld: registratie EZK, 7 van de 18 trajecten."),
        ],
        series_break: None,
        external: None,
    },
    DemoIndicator {
        node: "g2.o2.p1",
        name: "Derde landen met exportregels voor binnendringsoftware die aansluiten bij de EU-eisen",
        definition: "Aantal landen buiten de EU dat, na Nederlandse of gezamenlijke EU-inzet, exportregels voor \
binnendringsoftware heeft vastgesteld die aansluiten bij de EU-eisen, cumulatief sinds 2023.",
        unit: "landen",
        verification: "Per land de vindplaats van de vastgestelde regels en een beoordeling van de aansluiting bij \
de EU-eisen.",
        data_source: "Officiële publicaties van de betrokken landen; rapportages van de posten.",
        frequency: "annual",
        responsible: "BZ",
        direction: "higher",
        measure_type: "numeric",
        scale: &[],
        baseline_period: "2023",
        baseline_value: 0.0,
        baseline_evidence: "Voorbeeld: bij de start van de strategie nog geen land na Nederlandse inzet.",
        targets: &[("2026", 3.0), ("2028", 5.0)],
        measurements: &[
            ("2024", 1.0, "Voorbeeld: beoordeling BZ op basis van de gepubliceerde regels van één land."),
            ("2025", 2.0, "Voorbeeld: beoordeling BZ; een tweede land volgde na een gezamenlijke demarche."),
        ],
        series_break: None,
        external: None,
    },
    DemoIndicator {
        node: "g3.o2.p1",
        name: "Deelnemers uit opkomende landen aan fora voor internetbestuur met Nederlandse steun",
        definition: "Aantal vertegenwoordigers uit opkomende landen dat in een kalenderjaar met Nederlandse steun \
(reisbeurs, voorbereidingstraject of begeleiding) heeft deelgenomen aan een forum voor internetbestuur, zoals \
het Internet Governance Forum, bijeenkomsten van ICANN of de IETF.",
        unit: "deelnemers",
        verification: "Deelnemerslijsten van de gesteunde bijeenkomsten, gekoppeld aan de toekenning van de \
steun.",
        data_source: "Subsidieregistratie van BZ; deelnemerslijsten van de fora.",
        frequency: "annual",
        responsible: "TFC",
        direction: "higher",
        measure_type: "numeric",
        scale: &[],
        baseline_period: "2023",
        baseline_value: 12.0,
        baseline_evidence: "Voorbeeld: telling TFC van gesteunde deelnemers in 2023.",
        targets: &[("2026", 40.0), ("2028", 60.0)],
        measurements: &[
            ("2024", 14.0, "Voorbeeld: telling TFC; de nieuwe regeling voor reisbeurzen was nog niet open."),
            (
                "2025",
                15.0,
                "Voorbeeld: telling TFC; de regeling opende pas in het vierde kwartaal, zodat de \
meeste bijeenkomsten van het jaar al voorbij waren. Ver achter op het pad naar de doelwaarde.",
            ),
        ],
        series_break: None,
        external: None,
    },
    DemoIndicator {
        node: "g3.o3",
        name: "Gemiddeld NCSI-vervullingspercentage van de partnerlanden in de focusregio's",
        definition: "Ongewogen gemiddelde van de vervullingspercentages in de National Cyber Security Index \
(NCSI) van de partnerlanden met een lopend capaciteitsopbouwproject, op de peildatum (maart van het volgende \
jaar).",
        unit: "%",
        verification: "Per partnerland het percentage en de datum van de laatste bijwerking zoals op de \
landenpagina van de NCSI vermeld, met de datum van raadpleging.",
        data_source: "National Cyber Security Index (e-Governance Academy, Tallinn), https://ncsi.ega.ee/.",
        frequency: "annual",
        responsible: "TFC",
        direction: "higher",
        measure_type: "percentage",
        scale: &[],
        baseline_period: "2023",
        baseline_value: 48.0,
        baseline_evidence: "Voorbeeldwaarde voor de demo, geen waarde uit de index: gemiddelde over de \
partnerlanden van 2023.",
        targets: &[("2026", 56.0), ("2028", 62.0)],
        measurements: &[
            ("2024", 50.5, "Voorbeeldwaarde voor de demo, geen waarde uit de index."),
            ("2025", 53.0, "Voorbeeldwaarde voor de demo, geen waarde uit de index."),
        ],
        series_break: None,
        external: Some(DemoExternal {
            edition: "NCSI, doorlopend bijgewerkte index zonder jaarlijkse edities; stand op de peildatum",
            retrieved: "2026-03",
            citation: "e-Governance Academy, National Cyber Security Index (NCSI), https://ncsi.ega.ee/ \
(toelichting: https://ncsi.ega.ee/faq/)",
            no_redistribution: true,
        }),
    },
    DemoIndicator {
        node: "g3.o3.p1",
        name: "CMM-stadium van de dimensie cyberbeveiligingsbeleid en -strategie in de partnerlanden (mediaan)",
        definition: "Mediaan, over de partnerlanden met een afgeronde CMM-beoordeling, van het stadium in de \
dimensie cyberbeveiligingsbeleid en -strategie van het Cybersecurity Capacity Maturity Model for Nations \
(CMM) van het Global Cyber Security Capacity Centre (Oxford).",
        unit: "",
        verification: "Rapporten van de CMM-beoordelingen, voor zover het partnerland ze heeft vrijgegeven; \
anders de vastgestelde samenvatting.",
        data_source: "CMM-beoordelingen in het kader van de projecten (nulmeting en vervolgmeting).",
        frequency: "annual",
        responsible: "TFC",
        direction: "higher",
        measure_type: "ordinal",
        // The five stages of the Oxford CMM: start-up, formative, established, strategic, dynamic.
        scale: &["Opstartend", "Vormend", "Gevestigd", "Strategisch", "Dynamisch"],
        baseline_period: "2023",
        baseline_value: 1.0,
        baseline_evidence: "Voorbeeld: mediaan van de nulmetingen in de partnerlanden: Vormend.",
        targets: &[("2026", 2.0), ("2028", 3.0)],
        measurements: &[
            ("2024", 1.0, "Voorbeeld: nog geen vervolgmetingen; mediaan ongewijzigd (Vormend)."),
            ("2025", 2.0, "Voorbeeld: na twee vervolgmetingen is de mediaan Gevestigd."),
        ],
        series_break: None,
        external: None,
    },
];
