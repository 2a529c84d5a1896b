//! Texts of `directory`: organisations, their kinds and members: (key, Dutch, English).

pub(super) const TEXTS: &[(&str, &str, &str)] = &[
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
    ("orgs.consultations", "Consultaties", "Consultations"),
    (
        "orgs.answers_for_parent",
        "Beantwoordt consultatierondes die aan {parent} zijn gericht (door {parent} gedelegeerd).",
        "Answers consultation rounds addressed to {parent} (delegated by {parent}).",
    ),
    (
        "orgs.answers_for_itself",
        "Beantwoordt alleen rondes die aan de eigen organisatie zijn gericht; rondes voor {parent} beantwoordt {parent}.",
        "Answers only rounds addressed to itself; rounds for {parent} are answered by {parent}.",
    ),
    (
        "orgs.answered_by",
        "Rondes voor deze organisatie kunnen ook worden beantwoord door: {units}.",
        "Rounds for this organisation may also be answered by: {units}.",
    ),
    (
        "orgs.start_answering",
        "Laat consultaties voor {parent} beantwoorden",
        "Let it answer consultations for {parent}",
    ),
    (
        "orgs.stop_answering",
        "Stop met beantwoorden van consultaties voor {parent}",
        "Stop it answering consultations for {parent}",
    ),
    ("orgs.delegation_saved", "De delegatie is vastgelegd.", "The delegation has been recorded."),
    ("field.answers_for_parent", "Consultaties namens het ministerie", "Consultations for the ministry"),
    (
        "error.org_without_parent",
        "Deze organisatie valt niet onder een ministerie.",
        "This organisation has no ministry above it.",
    ),
];
