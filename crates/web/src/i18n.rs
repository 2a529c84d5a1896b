//! Every text a user reads, in Dutch and English. One catalog: a key maps to
//! both translations, so a text cannot exist in one language only.

use std::collections::HashMap;
use std::sync::OnceLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Lang {
    #[serde(rename = "nl")]
    Nl,
    #[serde(rename = "en")]
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Nl => "nl",
            Lang::En => "en",
        }
    }

    pub fn parse(s: &str) -> Option<Lang> {
        match s.trim().to_ascii_lowercase().as_str() {
            "nl" => Some(Lang::Nl),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// Picks the preferred supported language from an `Accept-Language`
    /// header, honouring q-values; Dutch when nothing matches.
    pub fn from_accept_language(header: &str) -> Lang {
        let mut best: Option<(f32, Lang)> = None;
        for part in header.split(',') {
            let mut pieces = part.trim().split(';');
            let tag = pieces.next().unwrap_or("").trim().to_ascii_lowercase();
            let q = pieces.find_map(|p| p.trim().strip_prefix("q=").and_then(|v| v.parse::<f32>().ok())).unwrap_or(1.0);
            let primary = tag.split('-').next().unwrap_or("");
            if let Some(lang) = Lang::parse(primary)
                && q > 0.0
                && best.is_none_or(|(bq, _)| q > bq)
            {
                best = Some((q, lang));
            }
        }
        best.map(|(_, l)| l).unwrap_or(Lang::Nl)
    }
}

/// (key, Dutch, English)
const CATALOG: &[(&str, &str, &str)] = &[
    // Shell
    ("app.name", "Verbinding", "Verbinding"),
    ("app.tagline", "Internationaal cyberbeleid", "International cyber policy"),
    ("nav.skip", "Direct naar de inhoud", "Skip to content"),
    ("nav.main", "Hoofdnavigatie", "Main navigation"),
    ("nav.dashboard", "Overzicht", "Dashboard"),
    ("nav.dossiers", "Dossiers", "Dossiers"),
    ("nav.incidents", "Incidenten", "Incidents"),
    ("nav.organisations", "Organisaties", "Organisations"),
    ("nav.users", "Gebruikers", "Users"),
    ("nav.audit", "Audittrail", "Audit trail"),
    ("nav.profile", "Profiel", "Profile"),
    ("nav.logout", "Uitloggen", "Log out"),
    ("nav.language", "Taal", "Language"),
    ("nav.switch_language", "Switch to English", "Schakel naar Nederlands"),
    ("nav.signed_in_as", "Ingelogd als", "Signed in as"),
    ("common.save", "Opslaan", "Save"),
    ("common.cancel", "Annuleren", "Cancel"),
    ("common.edit", "Bewerken", "Edit"),
    ("common.create", "Aanmaken", "Create"),
    ("common.filter", "Filteren", "Filter"),
    ("common.next_page", "Volgende pagina", "Next page"),
    ("common.none", "Geen", "None"),
    ("common.yes", "Ja", "Yes"),
    ("common.no", "Nee", "No"),
    ("common.errors_heading", "Controleer de invoer", "Please check your input"),
    ("common.saved", "Opgeslagen.", "Saved."),
    ("common.request_id", "Verzoek-id", "Request id"),
    ("common.all", "Alle", "All"),
    // Login
    ("login.title", "Inloggen", "Log in"),
    ("login.intro", "Log in met uw e-mailadres en wachtwoord.", "Log in with your email address and password."),
    ("login.submit", "Inloggen", "Log in"),
    ("login.failed", "E-mailadres of wachtwoord onjuist.", "Incorrect email address or password."),
    (
        "login.throttled",
        "Te veel mislukte pogingen. Probeer het over een kwartier opnieuw.",
        "Too many failed attempts. Try again in fifteen minutes.",
    ),
    ("login.expired", "Uw sessie is verlopen. Log opnieuw in.", "Your session has expired. Please log in again."),
    ("login.logged_out", "U bent uitgelogd.", "You have been logged out."),
    // Dashboard
    ("dashboard.title", "Overzicht", "Dashboard"),
    ("dashboard.welcome", "Welkom", "Welcome"),
    ("dashboard.my_items", "Mijn openstaande dossiers", "My open dossiers"),
    ("dashboard.my_items_empty", "U heeft geen openstaande dossiers.", "You have no open dossiers."),
    ("dashboard.recent", "Recente activiteit", "Recent activity"),
    ("dashboard.recent_empty", "Nog geen activiteit.", "No activity yet."),
    ("dashboard.visible_dossiers", "Dossiers die u mag zien", "Dossiers you may see"),
    ("dashboard.posting_ends", "Uw plaatsing eindigt op", "Your posting ends on"),
    // Organisations
    ("orgs.title", "Organisaties", "Organisations"),
    ("orgs.code", "Code", "Code"),
    ("orgs.name", "Naam", "Name"),
    ("orgs.kind", "Soort", "Kind"),
    ("orgs.parent", "Onderdeel van", "Part of"),
    ("orgs.city", "Plaats", "City"),
    ("orgs.members", "Medewerkers", "Members"),
    ("orgs.members_empty", "Geen medewerkers geregistreerd.", "No members registered."),
    ("orgs.units", "Onderdelen", "Units"),
    ("kind.ministry", "Ministerie", "Ministry"),
    ("kind.agency", "Dienst", "Agency"),
    ("kind.unit", "Eenheid", "Unit"),
    ("kind.post", "Post", "Post"),
    ("kind.partner-state", "Partnerland", "Partner state"),
    ("kind.international-organisation", "Internationale organisatie", "International organisation"),
    // Users
    ("users.title", "Gebruikers", "Users"),
    ("users.new", "Nieuwe gebruiker", "New user"),
    ("users.edit", "Gebruiker bewerken", "Edit user"),
    ("users.created", "Gebruiker aangemaakt.", "User created."),
    ("users.status", "Status", "Status"),
    ("users.active", "Actief", "Active"),
    ("users.inactive", "Gedeactiveerd", "Deactivated"),
    ("users.initial_password", "Eerste wachtwoord", "Initial password"),
    ("role.admin", "Beheerder", "Administrator"),
    ("role.coordinator", "Coördinator", "Coordinator"),
    ("role.liaison", "Liaison", "Liaison"),
    ("role.post-officer", "Postmedewerker", "Post officer"),
    ("role.decision-maker", "Besluitvormer", "Decision maker"),
    ("role.evaluator", "Evaluator", "Evaluator"),
    ("role.exercise-controller", "Oefenleider", "Exercise controller"),
    // Profile
    ("profile.title", "Profiel", "Profile"),
    ("profile.password", "Wachtwoord wijzigen", "Change password"),
    (
        "profile.password_changed",
        "Uw wachtwoord is gewijzigd. Andere sessies zijn beëindigd.",
        "Your password has been changed. Other sessions have been ended.",
    ),
    ("profile.tokens", "API-tokens", "API tokens"),
    (
        "profile.tokens_intro",
        "Persoonlijke tokens voor de JSON-API. Een token wordt één keer getoond.",
        "Personal tokens for the JSON API. A token is shown once.",
    ),
    ("profile.token_name", "Naam van het token", "Token name"),
    ("profile.token_create", "Token aanmaken", "Create token"),
    (
        "profile.token_created",
        "Kopieer dit token nu; het wordt niet opnieuw getoond:",
        "Copy this token now; it will not be shown again:",
    ),
    ("profile.token_revoke", "Intrekken", "Revoke"),
    ("profile.token_revoked", "Token ingetrokken.", "Token revoked."),
    ("profile.tokens_empty", "U heeft geen actieve tokens.", "You have no active tokens."),
    ("profile.token_last_used", "Laatst gebruikt", "Last used"),
    ("profile.logout_everywhere", "Overal uitloggen", "Log out everywhere"),
    (
        "profile.logout_everywhere_intro",
        "Beëindigt al uw sessies op alle apparaten.",
        "Ends all your sessions on every device.",
    ),
    // Audit
    ("audit.title", "Audittrail", "Audit trail"),
    (
        "audit.intro",
        "Alleen gebeurtenissen over objecten die u mag zien worden getoond.",
        "Only events about objects you may see are shown.",
    ),
    ("audit.seq", "Nr.", "No."),
    ("audit.time", "Tijd", "Time"),
    ("audit.actor", "Actor", "Actor"),
    ("audit.action", "Actie", "Action"),
    ("audit.object", "Object", "Object"),
    ("audit.source", "Bron", "Source"),
    ("audit.empty", "Geen gebeurtenissen gevonden.", "No events found."),
    // Dossiers
    ("dossiers.title", "Dossiers", "Dossiers"),
    ("dossiers.new", "Nieuw dossier", "New dossier"),
    ("dossiers.edit", "Dossier bewerken", "Edit dossier"),
    ("dossiers.empty", "Geen dossiers die u mag zien.", "No dossiers you may see."),
    ("dossiers.count", "Aantal dossiers", "Number of dossiers"),
    ("dossiers.created", "Dossier aangemaakt.", "Dossier created."),
    ("dossiers.updated", "Laatst gewijzigd", "Last changed"),
    ("dossiers.marking", "Rubricering en verspreiding", "Classification and distribution"),
    ("dossiers.named_users_hint", "E-mailadressen, gescheiden door komma's.", "Email addresses, separated by commas."),
    ("dossiers.open_to_all_yes", "Alle organisaties van deze omgeving", "All organisations of this instance"),
    // Incidents
    ("incidents.title", "Incidenten", "Incidents"),
    ("incidents.new", "Nieuw incident", "New incident"),
    ("incidents.edit", "Incident bewerken", "Edit incident"),
    ("incidents.created", "Incident geregistreerd.", "Incident registered."),
    ("incidents.count", "Aantal incidenten", "Number of incidents"),
    ("incidents.empty", "Geen incidenten gevonden die u mag zien.", "No incidents found that you may see."),
    ("incidents.overview", "Overzicht", "Overview"),
    ("incidents.timeline", "Tijdlijn", "Timeline"),
    ("incidents.to_first_assessment", "Tijd tot de eerste beoordeling", "Time to the first assessment"),
    (
        "incidents.to_first_executed_measure",
        "Tijd tot de eerste uitgevoerde maatregel",
        "Time to the first executed measure",
    ),
    ("incidents.hours", "uur", "hours"),
    ("incidents.add_note", "Gebeurtenis toevoegen", "Add an entry"),
    ("incidents.note_added", "Gebeurtenis toegevoegd aan de tijdlijn.", "Entry added to the timeline."),
    ("incidents.status_changed", "Fase gewijzigd.", "Phase changed."),
    ("incidents.advance", "Naar fase", "Move to phase"),
    ("incidents.back", "Terug naar fase", "Back to phase"),
    ("incidents.one_per_line", "één per regel", "one per line"),
    ("incidents.iso_codes", "ISO 3166-landcodes, bijv. NL, UA", "ISO 3166 country codes, e.g. NL, UA"),
    ("incidents.actor_names", "namen uit de catalogus, één per regel", "names from the catalogue, one per line"),
    ("actors.title", "Dreigingsactoren", "Threat actors"),
    ("actors.intro", "Catalogus uit de MISP threat-actor galaxy", "Catalogue from the MISP threat-actor galaxy"),
    ("actors.search", "Zoeken op naam of synoniem", "Search by name or synonym"),
    ("actors.synonyms", "Synoniemen", "Synonyms"),
    ("actors.sponsor", "Vermoedelijke statelijke sponsor", "Suspected state sponsor"),
    ("actors.country", "Land", "Country"),
    ("actors.empty", "Geen dreigingsactoren gevonden.", "No threat actors found."),
    ("actors.incidents", "Incidenten met deze actor", "Incidents with this actor"),
    ("status.reported", "Gemeld", "Reported"),
    ("status.assessing", "Beoordeling", "Assessing"),
    ("status.deciding", "Besluitvorming", "Deciding"),
    ("status.responding", "Respons", "Responding"),
    ("status.monitoring", "Monitoring", "Monitoring"),
    ("status.closed", "Gesloten", "Closed"),
    ("severity.minimal", "1 – Minimaal", "1 – Minimal"),
    ("severity.limited", "2 – Beperkt", "2 – Limited"),
    ("severity.significant", "3 – Aanzienlijk", "3 – Significant"),
    ("severity.severe", "4 – Ernstig", "4 – Severe"),
    ("severity.critical", "5 – Kritiek", "5 – Critical"),
    ("effect.espionage", "Spionage", "Espionage"),
    ("effect.disruption", "Verstoring", "Disruption"),
    ("effect.destruction", "Vernietiging", "Destruction"),
    ("effect.data-theft", "Gegevensdiefstal", "Data theft"),
    ("effect.influence-operation", "Beïnvloedingsoperatie", "Influence operation"),
    ("effect.financial", "Financieel", "Financial"),
    ("sector.energy", "Energie", "Energy"),
    ("sector.transport", "Vervoer", "Transport"),
    ("sector.banking", "Bankwezen", "Banking"),
    ("sector.financial", "Financiële markten", "Financial market infrastructure"),
    ("sector.health", "Gezondheidszorg", "Health"),
    ("sector.drinking-water", "Drinkwater", "Drinking water"),
    ("sector.waste-water", "Afvalwater", "Waste water"),
    ("sector.digital-infrastructure", "Digitale infrastructuur", "Digital infrastructure"),
    ("sector.ict-services", "Beheer van ICT-diensten", "ICT service management"),
    ("sector.public-administration", "Overheid", "Public administration"),
    ("sector.space", "Ruimtevaart", "Space"),
    ("sector.courier", "Post- en koeriersdiensten", "Postal and courier services"),
    ("sector.waste-management", "Afvalbeheer", "Waste management"),
    ("sector.chemical", "Chemische stoffen", "Chemicals"),
    ("sector.food", "Levensmiddelen", "Food"),
    ("sector.manufacturing", "Maakindustrie", "Manufacturing"),
    ("sector.digital-providers", "Digitale aanbieders", "Digital providers"),
    ("sector.research", "Onderzoek", "Research"),
    ("sort.newest", "Nieuwste eerst", "Newest first"),
    ("sort.oldest", "Oudste eerst", "Oldest first"),
    ("sort.severity", "Ernst", "Severity"),
    ("sort.discovery", "Ontdekkingsdatum", "Discovery date"),
    ("event.reported", "Gemeld", "Reported"),
    ("event.status", "Fasewijziging", "Phase change"),
    ("event.note", "Gebeurtenis", "Entry"),
    // Assessments
    ("assessments.title", "Beoordelingen", "Assessments"),
    ("assessments.new", "Nieuwe beoordeling", "New assessment"),
    ("assessments.edit", "Beoordeling herzien", "Revise assessment"),
    ("assessments.revise", "Herzien", "Revise"),
    ("assessments.add", "Beoordeling toevoegen", "Add assessment"),
    ("assessments.none", "Nog geen beoordelingen die u mag zien.", "No assessments you may see yet."),
    (
        "assessments.restricted",
        "bestaat, maar u heeft geen toegang tot de inhoud",
        "exists, but you have no access to its content",
    ),
    ("assessments.history", "Versiegeschiedenis", "Version history"),
    ("assessments.back_to_incident", "Terug naar het incident", "Back to the incident"),
    (
        "assessments.meta_hint",
        "Wie mag weten dát deze beoordeling bestaat; ten hoogste de rubricering van de inhoud.",
        "Who may know that this assessment exists; at most the classification of its content.",
    ),
    ("kind.technical", "Technische beoordeling", "Technical assessment"),
    ("kind.intelligence", "Inlichtingenbeoordeling", "Intelligence assessment"),
    ("kind.legal", "Juridische beoordeling", "Legal assessment"),
    ("confidence.low", "Laag", "Low"),
    ("confidence.moderate", "Gemiddeld", "Moderate"),
    ("confidence.high", "Hoog", "High"),
    ("likelihood.almost-no-chance", "Vrijwel uitgesloten (1–5%)", "Almost no chance (1–5%)"),
    ("likelihood.very-unlikely", "Zeer onwaarschijnlijk (5–20%)", "Very unlikely (5–20%)"),
    ("likelihood.unlikely", "Onwaarschijnlijk (20–45%)", "Unlikely (20–45%)"),
    ("likelihood.roughly-even-chance", "Ongeveer even waarschijnlijk (45–55%)", "Roughly even chance (45–55%)"),
    ("likelihood.likely", "Waarschijnlijk (55–80%)", "Likely (55–80%)"),
    ("likelihood.very-likely", "Zeer waarschijnlijk (80–95%)", "Very likely (80–95%)"),
    ("likelihood.almost-certain", "Vrijwel zeker (95–99%)", "Almost certain (95–99%)"),
    ("reliability.a", "A – Volledig betrouwbaar", "A – Completely reliable"),
    ("reliability.b", "B – Meestal betrouwbaar", "B – Usually reliable"),
    ("reliability.c", "C – Redelijk betrouwbaar", "C – Fairly reliable"),
    ("reliability.d", "D – Meestal niet betrouwbaar", "D – Not usually reliable"),
    ("reliability.e", "E – Onbetrouwbaar", "E – Unreliable"),
    ("reliability.f", "F – Betrouwbaarheid niet te beoordelen", "F – Reliability cannot be judged"),
    ("reliability.g", "G – Opzettelijk misleidend", "G – Deliberately deceptive"),
    ("credibility.1", "1 – Bevestigd door andere bronnen", "1 – Confirmed by other sources"),
    ("credibility.2", "2 – Waarschijnlijk waar", "2 – Probably true"),
    ("credibility.3", "3 – Mogelijk waar", "3 – Possibly true"),
    ("credibility.4", "4 – Twijfelachtig", "4 – Doubtful"),
    ("credibility.5", "5 – Onwaarschijnlijk", "5 – Improbable"),
    ("credibility.6", "6 – Waarheid niet te beoordelen", "6 – Truth cannot be judged"),
    ("responsibility.state-prohibited.", "1 – Door de staat verboden", "1 – State-prohibited"),
    (
        "responsibility.state-prohibited-but-inadequate.",
        "2 – Verboden, maar onvoldoende bestreden",
        "2 – State-prohibited but inadequate",
    ),
    ("responsibility.state-ignored", "3 – Door de staat genegeerd", "3 – State-ignored"),
    ("responsibility.state-encouraged", "4 – Door de staat aangemoedigd", "4 – State-encouraged"),
    ("responsibility.state-shaped", "5 – Door de staat gevormd", "5 – State-shaped"),
    ("responsibility.state-coordinated", "6 – Door de staat gecoördineerd", "6 – State-coordinated"),
    ("responsibility.state-ordered", "7 – Door de staat bevolen", "7 – State-ordered"),
    (
        "responsibility.state-rogue-conducted",
        "8 – Door ontspoorde staatsdienaren uitgevoerd",
        "8 – State-rogue-conducted",
    ),
    ("responsibility.state-executed", "9 – Door de staat uitgevoerd", "9 – State-executed"),
    ("responsibility.state-integrated", "10 – Door de staat geïntegreerd", "10 – State-integrated"),
    ("norm.13a", "(a) Samenwerken voor stabiliteit en veiligheid", "(a) Cooperate to increase stability and security"),
    (
        "norm.13b",
        "(b) Alle relevante informatie afwegen bij incidenten",
        "(b) Consider all relevant information in incidents",
    ),
    (
        "norm.13c",
        "(c) Eigen grondgebied niet laten gebruiken voor onrechtmatige daden",
        "(c) Not knowingly allow territory to be used for wrongful acts",
    ),
    (
        "norm.13d",
        "(d) Samenwerken tegen crimineel en terroristisch gebruik",
        "(d) Cooperate against criminal and terrorist use",
    ),
    ("norm.13e", "(e) Mensenrechten eerbiedigen, ook online", "(e) Respect human rights, including privacy, online"),
    (
        "norm.13f",
        "(f) Geen activiteiten die vitale infrastructuur schaden",
        "(f) No activity that damages critical infrastructure",
    ),
    ("norm.13g", "(g) Vitale infrastructuur beschermen", "(g) Protect critical infrastructure"),
    ("norm.13h", "(h) Verzoeken om hulp beantwoorden", "(h) Respond to requests for assistance"),
    ("norm.13i", "(i) Integriteit van de toeleveringsketen waarborgen", "(i) Ensure the integrity of the supply chain"),
    ("norm.13j", "(j) Kwetsbaarheden melden en delen", "(j) Report and share vulnerabilities"),
    ("norm.13k", "(k) CERT's/CSIRT's niet schaden", "(k) Do not harm CERTs/CSIRTs"),
    ("qualification.sovereignty-violation", "Schending van soevereiniteit", "Violation of sovereignty"),
    ("qualification.prohibited-intervention", "Verboden interventie", "Prohibited intervention"),
    ("qualification.use-of-force", "Geweldgebruik", "Use of force"),
    ("qualification.due-diligence-breach", "Schending van due diligence", "Breach of due diligence"),
    ("qualification.none", "Geen schending van internationaal recht", "No breach of international law"),
    ("lawful.retorsion", "Retorsie", "Retorsion"),
    ("lawful.countermeasures", "Tegenmaatregelen", "Countermeasures"),
    ("lawful.self-defence", "Zelfverdediging", "Self-defence"),
    ("event.assessment", "Beoordeling toegevoegd", "Assessment added"),
    ("event.assessment-revised", "Beoordeling herzien", "Assessment revised"),
    // Response
    ("response.title", "Responsplan", "Response plan"),
    ("response.plan", "Gekozen maatregelen", "Chosen measures"),
    ("response.empty", "Nog geen maatregelen gekozen.", "No measures chosen yet."),
    ("response.add", "Maatregel voorstellen", "Propose a measure"),
    ("response.catalogue", "Catalogus van responsopties", "Catalogue of response options"),
    (
        "response.catalogue_intro",
        "De EU Cyber Diplomacy Toolbox en nationale maatregelen, met hun escalatieniveau (1 stil en omkeerbaar, 10 openbaar en restrictief).",
        "The EU Cyber Diplomacy Toolbox and national measures, with their escalation rank (1 quiet and reversible, 10 public and restrictive).",
    ),
    (
        "response.evidence",
        "Hoogste betrouwbaarheid in de inlichtingenbeoordelingen die u mag zien",
        "Highest confidence in the intelligence assessments you may see",
    ),
    ("response.no_intelligence", "geen", "none"),
    ("response.supported", "dat ondersteunt escalatie tot", "which supports escalation up to"),
    ("response.escalation", "escalatie", "escalation"),
    ("response.warning", "Proportionaliteit", "Proportionality"),
    ("response.move_to", "Status wijzigen naar", "Change status to"),
    (
        "response.renewal_hint",
        "Verplicht voor restrictieve maatregelen, die periodiek verlengd moeten worden.",
        "Required for restrictive measures, which must be renewed periodically.",
    ),
    ("response.public", "Openbaar", "Public"),
    ("response.reversible", "Omkeerbaar", "Reversible"),
    ("response.lapsed", "vervallen", "lapsed"),
    ("renewals.title", "Te verlengen maatregelen", "Measures due for renewal"),
    (
        "renewals.intro",
        "Restrictieve maatregelen die van kracht zijn en binnen het aantal dagen verlengd moeten worden",
        "Restrictive measures in force that must be renewed within the number of days",
    ),
    ("renewals.empty", "Geen maatregelen die binnenkort verlengd moeten worden.", "No measures due for renewal soon."),
    (
        "proportionality.rank_exceeds_evidence",
        "het escalatieniveau van deze maatregel gaat verder dan de beoordelingen ondersteunen",
        "the escalation rank of this measure exceeds what the assessments support",
    ),
    (
        "proportionality.public_attribution_without_decision",
        "openbare attributie zonder attributiebesluit",
        "public attribution without an attribution decision",
    ),
    (
        "proportionality.sanctions_without_confidence",
        "sancties zonder beoordeling met gemiddelde of hoge betrouwbaarheid",
        "sanctions without an assessment of moderate or high confidence",
    ),
    ("measure.proposed", "Voorgesteld", "Proposed"),
    ("measure.in-consultation", "In consultatie", "In consultation"),
    ("measure.approved", "Goedgekeurd", "Approved"),
    ("measure.executed", "Uitgevoerd", "Executed"),
    ("measure.under-review", "In herziening", "Under review"),
    ("measure.lapsed", "Vervallen", "Lapsed"),
    ("category.preventive", "Preventief", "Preventive"),
    ("category.cooperative", "Coöperatief", "Cooperative"),
    ("category.stability", "Stabiliteit", "Stability"),
    ("category.restrictive", "Restrictief", "Restrictive"),
    ("category.support", "Steun aan rechtmatige reactie", "Support for lawful responses"),
    ("category.national", "Nationaal", "National"),
    ("event.measure-proposed", "Maatregel voorgesteld", "Measure proposed"),
    ("event.measure-status", "Maatregel gewijzigd", "Measure changed"),
    ("field.option", "Responsoptie", "Response option"),
    ("field.rationale", "Motivering", "Rationale"),
    ("field.renewal_date", "Verlengingsdatum", "Renewal date"),
    ("field.category", "Categorie", "Category"),
    ("field.legal_basis", "Rechtsgrond", "Legal basis"),
    ("field.approvals", "Vereiste goedkeuring", "Approvals needed"),
    ("field.item", "Maatregel", "Measure"),
    ("error.option_unknown", "Kies een responsoptie uit de catalogus.", "Choose a response option from the catalogue."),
    (
        "error.option_lapsed",
        "Deze responsoptie is vervallen en kan niet meer gekozen worden.",
        "This response option has lapsed and can no longer be chosen.",
    ),
    ("partners.title", "Partners", "Partners"),
    ("partners.none", "Nog geen partners geregistreerd.", "No partners recorded yet."),
    ("partners.add", "Partner registreren", "Record partner"),
    ("partners.added", "Partner geregistreerd.", "Partner recorded."),
    ("relation.informed", "Geïnformeerd", "Informed"),
    ("relation.joined-statement", "Sloot zich aan bij de verklaring", "Joined the statement"),
    ("relation.declined", "Sloot zich niet aan", "Declined"),
    ("event.partner", "Partner", "Partner"),
    // Fields
    ("field.email", "E-mailadres", "Email address"),
    ("field.password", "Wachtwoord", "Password"),
    ("field.current_password", "Huidig wachtwoord", "Current password"),
    ("field.new_password", "Nieuw wachtwoord", "New password"),
    ("field.confirm_password", "Herhaal nieuw wachtwoord", "Repeat new password"),
    ("field.name", "Naam", "Name"),
    ("field.org", "Organisatie", "Organisation"),
    ("field.roles", "Rollen", "Roles"),
    ("field.clearance", "Screeningsniveau", "Clearance"),
    ("field.posting_end", "Einde plaatsing (JJJJ-MM-DD)", "Posting ends (YYYY-MM-DD)"),
    ("field.active", "Actief", "Active"),
    ("field.title", "Titel", "Title"),
    ("field.summary", "Samenvatting", "Summary"),
    ("field.classification", "Rubricering", "Classification"),
    ("field.tlp", "TLP", "TLP"),
    ("field.need_to_know", "Need-to-know (organisaties)", "Need-to-know (organisations)"),
    ("field.need_to_know_users", "Need-to-know (personen)", "Need-to-know (people)"),
    ("field.open_to_all", "Open voor alle organisaties", "Open to all organisations"),
    ("field.lead_org", "Leidende organisatie", "Lead organisation"),
    ("field.token_name", "Naam van het token", "Token name"),
    ("field.version", "Versie", "Version"),
    ("field.status", "Fase", "Phase"),
    ("field.severity", "Ernst", "Severity"),
    ("field.sector", "Sector", "Sector"),
    ("field.sectors", "Sectoren (NIS2)", "Sectors (NIS2)"),
    ("field.effects", "Effecten", "Effects"),
    ("field.actors", "Vermoedelijke dreigingsactoren", "Suspected threat actors"),
    ("field.actor_name", "Dreigingsactor", "Threat actor"),
    ("field.victims", "Getroffenen", "Victims"),
    ("field.countries", "Landen", "Countries"),
    ("field.first_activity", "Eerste activiteit", "First activity"),
    ("field.discovery", "Ontdekking", "Discovery"),
    ("field.disclosure", "Openbaarmaking", "Disclosure"),
    ("field.date_format", "JJJJ-MM-DD", "YYYY-MM-DD"),
    ("field.from", "Vanaf (JJJJ-MM-DD)", "From (YYYY-MM-DD)"),
    ("field.to", "Tot en met (JJJJ-MM-DD)", "Until (YYYY-MM-DD)"),
    ("field.sort", "Sorteren", "Sort"),
    ("field.note", "Gebeurtenis", "Entry"),
    ("field.cursor", "Cursor", "Cursor"),
    ("field.kind", "Soort", "Kind"),
    ("field.partner", "Partnerland of -organisatie", "Partner state or organisation"),
    ("field.relation", "Rol", "Part"),
    ("field.date", "Datum", "Date"),
    ("field.partner_note", "Toelichting", "Note"),
    ("field.assessment_summary", "Bevindingen", "Findings"),
    ("field.confidence", "Betrouwbaarheid van het oordeel", "Confidence in the judgement"),
    ("field.indicators", "Indicatoren", "Indicators"),
    ("field.affected_systems", "Getroffen systemen", "Affected systems"),
    ("field.likelihood", "Waarschijnlijkheid (ICD 203)", "Likelihood (ICD 203)"),
    ("field.source_reliability", "Betrouwbaarheid van de bron (Admiralty)", "Source reliability (Admiralty)"),
    (
        "field.information_credibility",
        "Geloofwaardigheid van de informatie (Admiralty)",
        "Information credibility (Admiralty)",
    ),
    (
        "field.state_responsibility",
        "Statelijke verantwoordelijkheid (spectrum van Healey)",
        "State responsibility (Healey's spectrum)",
    ),
    ("field.attributed_state", "Toegeschreven staat (ISO-code)", "Attributed state (ISO code)"),
    ("field.alternative_views", "Alternatieve zienswijzen", "Alternative views"),
    ("field.norms", "Geschonden normen (VN GGE 2015)", "Norms at stake (UN GGE 2015)"),
    ("field.qualification", "Kwalificatie naar internationaal recht", "Qualification under international law"),
    ("field.lawful_responses", "Mogelijke rechtmatige reacties", "Lawful responses open"),
    ("field.meta_classification", "Rubricering van het bestaan", "Classification of its existence"),
    ("field.action", "Actie", "Action"),
    ("field.actor", "Actor (e-mail)", "Actor (email)"),
    // Field error codes (domain codes)
    ("error.required", "Dit veld is verplicht.", "This field is required."),
    ("error.too_long", "Deze invoer is te lang.", "This input is too long."),
    ("error.email_invalid", "Vul een geldig e-mailadres in.", "Enter a valid email address."),
    ("error.role_unknown", "Onbekende rol.", "Unknown role."),
    ("error.clearance_unknown", "Onbekend screeningsniveau.", "Unknown clearance level."),
    ("error.classification_unknown", "Onbekende rubricering.", "Unknown classification."),
    (
        "error.above_ceiling",
        "Deze rubricering ligt boven het maximum van deze omgeving.",
        "This classification is above the ceiling of this instance.",
    ),
    ("error.tlp_unknown", "Onbekend TLP-label.", "Unknown TLP label."),
    (
        "error.need_to_know_empty",
        "Noem minstens één organisatie of open het dossier voor iedereen.",
        "Name at least one organisation or open the dossier to all.",
    ),
    (
        "error.above_clearance",
        "U kunt niets rubriceren boven uw eigen screeningsniveau.",
        "You cannot classify above your own clearance.",
    ),
    (
        "error.need_to_know_excludes_you",
        "U zou zelf buiten de need-to-know-lijst vallen. Voeg uw organisatie toe.",
        "You would fall outside the need-to-know list yourself. Add your organisation.",
    ),
    (
        "error.cannot_deactivate_self",
        "U kunt uw eigen account niet deactiveren.",
        "You cannot deactivate your own account.",
    ),
    ("error.severity_unknown", "Onbekende ernst.", "Unknown severity."),
    ("error.status_unknown", "Onbekende fase.", "Unknown phase."),
    ("error.sector_unknown", "Onbekende sector; kies een NIS2-sector.", "Unknown sector; choose a NIS2 sector."),
    ("error.effect_unknown", "Onbekend effect.", "Unknown effect."),
    (
        "error.country_unknown",
        "Onbekende landcode; gebruik ISO 3166 (bijv. NL).",
        "Unknown country code; use ISO 3166 (e.g. NL).",
    ),
    (
        "error.actor_unknown",
        "Onbekende dreigingsactor; gebruik een naam uit de catalogus.",
        "Unknown threat actor; use a name from the catalogue.",
    ),
    (
        "error.transition_not_allowed",
        "Deze fasewijziging is niet toegestaan; een incident gaat één fase vooruit of terug.",
        "This phase change is not allowed; an incident moves one phase forward or back.",
    ),
    (
        "error.date_before_first_activity",
        "De ontdekking kan niet vóór de eerste activiteit liggen.",
        "Discovery cannot be before the first activity.",
    ),
    (
        "error.date_before_discovery",
        "De openbaarmaking kan niet vóór de ontdekking liggen.",
        "Disclosure cannot be before discovery.",
    ),
    ("error.date_before_from", "De einddatum ligt vóór de begindatum.", "The end date is before the start date."),
    ("error.sort_unknown", "Onbekende sortering.", "Unknown sort order."),
    ("error.kind_unknown", "Onbekende soort beoordeling.", "Unknown kind of assessment."),
    ("error.confidence_unknown", "Onbekend betrouwbaarheidsniveau.", "Unknown confidence level."),
    (
        "error.likelihood_unknown",
        "Kies een waarschijnlijkheid uit de ICD 203-schaal.",
        "Choose a likelihood from the ICD 203 scale.",
    ),
    ("error.grading_unknown", "Onbekende Admiralty-waardering.", "Unknown Admiralty grading."),
    ("error.responsibility_unknown", "Onbekende positie op het spectrum.", "Unknown position on the spectrum."),
    ("error.norm_unknown", "Onbekende norm.", "Unknown norm."),
    ("error.qualification_unknown", "Onbekende kwalificatie.", "Unknown qualification."),
    ("error.response_unknown", "Onbekende rechtmatige reactie.", "Unknown lawful response."),
    (
        "error.meta_above_content",
        "Het bestaan kan niet hoger gerubriceerd zijn dan de inhoud.",
        "Its existence cannot be classified higher than its content.",
    ),
    (
        "error.partner_unknown",
        "Kies een partnerland of internationale organisatie uit de lijst.",
        "Choose a partner state or international organisation from the list.",
    ),
    ("error.relation_unknown", "Onbekende rol.", "Unknown part."),
    ("error.date_invalid", "Vul een geldige datum in als JJJJ-MM-DD.", "Enter a valid date as YYYY-MM-DD."),
    (
        "error.password_too_short",
        "Het wachtwoord moet minstens 12 tekens lang zijn.",
        "The password must be at least 12 characters long.",
    ),
    ("error.password_mismatch", "De wachtwoorden komen niet overeen.", "The passwords do not match."),
    ("error.password_wrong", "Het huidige wachtwoord klopt niet.", "The current password is incorrect."),
    ("error.org_unknown", "Onbekende organisatie.", "Unknown organisation."),
    ("error.user_unknown", "Onbekende gebruiker.", "Unknown user."),
    ("error.duplicate", "Deze waarde is al in gebruik.", "This value is already in use."),
    (
        "error.conflict",
        "Iemand anders heeft dit intussen gewijzigd. Laad de pagina opnieuw en voer uw wijziging opnieuw in.",
        "Someone else changed this in the meantime. Reload the page and make your change again.",
    ),
    ("error.invalid_input", "De invoer is ongeldig.", "The input is invalid."),
    ("error.not_a_number", "Vul een getal in.", "Enter a number."),
    // Error pages
    ("errorpage.400", "Ongeldig verzoek", "Bad request"),
    ("errorpage.400.body", "Het verzoek kon niet worden verwerkt.", "The request could not be processed."),
    ("errorpage.401", "Niet ingelogd", "Not logged in"),
    ("errorpage.401.body", "Log in om verder te gaan.", "Log in to continue."),
    ("errorpage.403", "Geen toegang", "Access denied"),
    ("errorpage.403.body", "U heeft geen toestemming voor deze actie.", "You are not allowed to do this."),
    (
        "errorpage.403.csrf",
        "Het formulier is verlopen. Ga terug, laad de pagina opnieuw en probeer het nog eens.",
        "The form has expired. Go back, reload the page and try again.",
    ),
    ("errorpage.404", "Niet gevonden", "Not found"),
    (
        "errorpage.404.body",
        "Deze pagina of dit object bestaat niet, of u heeft er geen toegang toe.",
        "This page or object does not exist, or you do not have access to it.",
    ),
    ("errorpage.409", "Conflict", "Conflict"),
    ("errorpage.409.body", "Iemand anders heeft dit intussen gewijzigd.", "Someone else changed this in the meantime."),
    ("errorpage.422", "Ongeldige invoer", "Invalid input"),
    ("errorpage.422.body", "De invoer is ongeldig.", "The input is invalid."),
    ("errorpage.429", "Te veel verzoeken", "Too many requests"),
    ("errorpage.429.body", "Probeer het later opnieuw.", "Please try again later."),
    ("errorpage.500", "Er ging iets mis", "Something went wrong"),
    (
        "errorpage.500.body",
        "Er is een onverwachte fout opgetreden. Vermeld het verzoek-id als u contact opneemt met de beheerder.",
        "An unexpected error occurred. Quote the request id when you contact the administrator.",
    ),
    ("errorpage.home", "Naar het overzicht", "Go to the dashboard"),
];

fn index() -> &'static HashMap<&'static str, (&'static str, &'static str)> {
    static INDEX: OnceLock<HashMap<&'static str, (&'static str, &'static str)>> = OnceLock::new();
    INDEX.get_or_init(|| CATALOG.iter().map(|(k, nl, en)| (*k, (*nl, *en))).collect())
}

/// The text for `key`; an unknown key shows itself so the gap is visible
/// (a test fails on any template key missing from the catalog).
pub fn t(lang: Lang, key: &str) -> String {
    match index().get(key) {
        Some((nl, en)) => match lang {
            Lang::Nl => (*nl).to_string(),
            Lang::En => (*en).to_string(),
        },
        None => key.to_string(),
    }
}

pub fn has(key: &str) -> bool {
    index().contains_key(key)
}

pub fn keys() -> impl Iterator<Item = &'static str> {
    CATALOG.iter().map(|(k, _, _)| *k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_honours_quality() {
        assert_eq!(Lang::from_accept_language("en-GB,en;q=0.9,nl;q=0.8"), Lang::En);
        assert_eq!(Lang::from_accept_language("de-DE, nl;q=0.5, en;q=0.4"), Lang::Nl);
        assert_eq!(Lang::from_accept_language("fr"), Lang::Nl);
        assert_eq!(Lang::from_accept_language("en;q=0, nl;q=0.1"), Lang::Nl);
    }

    #[test]
    fn catalog_keys_are_unique_and_both_languages_filled() {
        let mut seen = std::collections::HashSet::new();
        for (k, nl, en) in CATALOG {
            assert!(seen.insert(*k), "duplicate key {k}");
            assert!(!nl.is_empty() && !en.is_empty(), "{k} lacks a translation");
        }
    }

    #[test]
    fn every_domain_error_code_has_a_message() {
        for code in [
            "required",
            "too_long",
            "email_invalid",
            "role_unknown",
            "clearance_unknown",
            "classification_unknown",
            "above_ceiling",
            "tlp_unknown",
            "need_to_know_empty",
            "date_invalid",
            "password_too_short",
        ] {
            assert!(has(&format!("error.{code}")), "error.{code}");
        }
    }
}
