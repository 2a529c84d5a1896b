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
];
