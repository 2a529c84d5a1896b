//! Texts of `audit`: the audit trail: (key, Dutch, English).

pub(super) const TEXTS: &[(&str, &str, &str)] = &[
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
];
