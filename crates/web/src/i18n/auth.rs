//! Texts of `auth`: login and the profile (password, tokens, sessions): (key, Dutch, English).

pub(super) const TEXTS: &[(&str, &str, &str)] = &[
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
    // Profile
    ("profile.title", "Profiel", "Profile"),
    ("profile.password", "Wachtwoord wijzigen", "Change password"),
    (
        "profile.password_changed",
        "Uw wachtwoord is gewijzigd. Andere sessies zijn beëindigd en uw API-tokens ingetrokken.",
        "Your password has been changed. Other sessions have been ended and your API tokens revoked.",
    ),
    ("profile.time_zone", "Tijdzone", "Time zone"),
    (
        "profile.time_zone_hint",
        "Tijden op elke pagina staan in deze tijdzone, bijvoorbeeld die van uw post.",
        "Times on every page are shown in this time zone, for instance that of your post.",
    ),
    ("profile.time_zone_now", "Het is nu", "It is now"),
    ("profile.time_zone_save", "Tijdzone opslaan", "Save time zone"),
    ("profile.time_zone_set", "Tijdzone opgeslagen.", "Time zone saved."),
    ("field.time_zone", "Tijdzone", "Time zone"),
    (
        "error.time_zone_unknown",
        "Dit is geen tijdzone die we kennen (bijvoorbeeld Europe/Amsterdam).",
        "This is not a time zone we know (for instance Europe/Amsterdam).",
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
    (
        "profile.tokens_end",
        "Een token werkt 90 dagen. Alle tokens vervallen zodra u uw wachtwoord wijzigt of overal uitlogt.",
        "A token works for 90 days. All your tokens end when you change your password or log out everywhere.",
    ),
    ("profile.token_expires", "Verloopt", "Expires"),
    ("profile.token_no_expiry", "Bij intrekken", "When revoked"),
    ("profile.logout_everywhere", "Overal uitloggen", "Log out everywhere"),
    (
        "profile.logout_everywhere_intro",
        "Beëindigt al uw sessies op alle apparaten en trekt al uw API-tokens in.",
        "Ends all your sessions on every device and revokes all your API tokens.",
    ),
];
