//! Texts of `users`: user administration and the roles: (key, Dutch, English).

pub(super) const TEXTS: &[(&str, &str, &str)] = &[
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
];
