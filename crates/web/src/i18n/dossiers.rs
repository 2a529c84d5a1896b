//! Texts of `dossiers`: (key, Dutch, English).

pub(super) const TEXTS: &[(&str, &str, &str)] = &[
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
];
