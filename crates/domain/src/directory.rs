//! Organisations and users: kinds, validation and rotation.

use crate::classification;
use crate::error::{DomainError, Validator};
use crate::role::{Role, parse_roles};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum OrgKind {
    Ministry,
    Agency,
    Unit,
    Post,
    PartnerState,
    InternationalOrganisation,
}

impl OrgKind {
    pub const ALL: [OrgKind; 6] = [
        OrgKind::Ministry,
        OrgKind::Agency,
        OrgKind::Unit,
        OrgKind::Post,
        OrgKind::PartnerState,
        OrgKind::InternationalOrganisation,
    ];

    pub fn id(self) -> &'static str {
        match self {
            OrgKind::Ministry => "ministry",
            OrgKind::Agency => "agency",
            OrgKind::Unit => "unit",
            OrgKind::Post => "post",
            OrgKind::PartnerState => "partner-state",
            OrgKind::InternationalOrganisation => "international-organisation",
        }
    }

    pub fn parse(id: &str) -> Option<OrgKind> {
        OrgKind::ALL.into_iter().find(|k| k.id() == id)
    }
}

/// An organisation as entered by the operator or an administrator: strings as typed.
#[derive(Debug, Clone, Default)]
pub struct OrganisationInput {
    /// The short code the directory, markings and need-to-know lists use (`TFC`, `PV-EU`).
    pub code: String,
    pub name_nl: String,
    pub name_en: String,
    /// An [`OrgKind`] id (`ministry`, `unit`, …).
    pub kind: String,
    /// The code of the organisation this one is part of; empty for none.
    pub parent: String,
    pub city: String,
}

/// A validated organisation (whether the parent exists is the store's to say).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidOrganisation {
    pub code: String,
    pub name_nl: String,
    pub name_en: String,
    pub kind: OrgKind,
    pub parent: Option<String>,
    pub city: Option<String>,
}

/// Longest organisation code.
pub const ORG_CODE_MAX: usize = 20;

fn valid_org_code(code: &str) -> bool {
    let mut chars = code.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphanumeric())
        && code.len() <= ORG_CODE_MAX
        && code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

impl OrganisationInput {
    /// Validates every field and reports all problems at once.
    pub fn validate(&self) -> Result<ValidOrganisation, DomainError> {
        let code = self.code.trim();
        let (name_nl, name_en) = (self.name_nl.trim(), self.name_en.trim());
        let (parent, city) = (self.parent.trim(), self.city.trim());
        let kind = OrgKind::parse(self.kind.trim());
        let mut v = Validator::new();
        if code.is_empty() {
            v.check(false, "code", "required");
        } else {
            v.check(valid_org_code(code), "code", "org_code_invalid");
        }
        for (field, name) in [("name_nl", name_nl), ("name_en", name_en)] {
            v.check(!name.is_empty(), field, "required");
            v.check(name.chars().count() <= 200, field, "too_long");
        }
        v.check(kind.is_some(), "kind", "org_kind_unknown");
        v.check(parent.is_empty() || parent != code, "parent", "org_parent_itself");
        v.check(city.chars().count() <= 100, "city", "too_long");
        v.finish()?;
        let kind = kind.ok_or(DomainError::invalid("kind", "org_kind_unknown"))?;
        let some = |s: &str| (!s.is_empty()).then(|| s.to_string());
        Ok(ValidOrganisation {
            code: code.to_string(),
            name_nl: name_nl.to_string(),
            name_en: name_en.to_string(),
            kind,
            parent: some(parent),
            city: some(city),
        })
    }
}

/// Minimum password length: long passphrases beat composition rules (NIST SP 800-63B).
pub const MIN_PASSWORD_LEN: usize = 12;
pub const MAX_PASSWORD_LEN: usize = 1024;

/// A user as entered by an administrator (web form, API or CLI).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewUser {
    pub email: String,
    pub name: String,
    pub roles: Vec<Role>,
    pub clearance: String,
    /// `YYYY-MM-DD`, when the posting (rotation) ends.
    pub posting_end: Option<String>,
}

/// Raw input before parsing: strings as typed.
#[derive(Debug, Clone, Default)]
pub struct UserInput {
    pub email: String,
    pub name: String,
    pub roles: Vec<String>,
    pub clearance: String,
    pub posting_end: String,
}

/// An address as it is compared and recorded. A NUL character becomes
/// U+FFFD: such an address matches no user (addresses are validated when a
/// user is made), yet a failed login with it can still be audited, which
/// PostgreSQL could not store with the NUL in it.
pub fn normalise_email(email: &str) -> String {
    email.trim().to_lowercase().replace('\0', "\u{fffd}")
}

fn plausible_email(email: &str) -> bool {
    let mut parts = email.split('@');
    match (parts.next(), parts.next(), parts.next()) {
        (Some(local), Some(domain), None) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !email.chars().any(|c| c.is_whitespace() || c.is_control())
        }
        _ => false,
    }
}

/// A day as people type it in the Netherlands — `20-11-2026`, `20/11/2026`,
/// `20.11.2026`, `1-2-2026` — written `YYYY-MM-DD`; anything else as typed
/// (trimmed), for [`valid_date`] to accept or refuse. A date picker sends
/// `YYYY-MM-DD` already.
pub fn typed_date(s: &str) -> String {
    let s = s.trim();
    let parts: Vec<&str> = s.split(['-', '/', '.']).collect();
    let digits =
        |p: &str, n: std::ops::RangeInclusive<usize>| n.contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit());
    match parts.as_slice() {
        [d, m, y] if digits(d, 1..=2) && digits(m, 1..=2) && digits(y, 4..=4) => format!("{y}-{m:0>2}-{d:0>2}"),
        _ => s.to_string(),
    }
}

/// Checks a date typed as `YYYY-MM-DD` without a calendar library.
pub fn valid_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |r: std::ops::Range<usize>| s.get(r).and_then(|x| x.parse::<u32>().ok());
    match (num(0..4), num(5..7), num(8..10)) {
        (Some(y), Some(m), Some(d)) => {
            let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
            let days = match m {
                1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
                4 | 6 | 9 | 11 => 30,
                2 if leap => 29,
                2 => 28,
                _ => return false,
            };
            (1900..=2999).contains(&y) && d >= 1 && d <= days
        }
        _ => false,
    }
}

impl UserInput {
    /// Validates every field and reports all problems at once.
    pub fn parse(&self) -> Result<NewUser, DomainError> {
        let email = normalise_email(&self.email);
        let name = self.name.trim().to_string();
        let mut v = Validator::new();
        v.check(plausible_email(&email) && email.len() <= 254, "email", "email_invalid");
        v.check(!name.is_empty(), "name", "required");
        v.check(name.chars().count() <= 200, "name", "too_long");
        let roles = match parse_roles(&self.roles) {
            Ok(r) if !r.is_empty() => r,
            Ok(_) => {
                v.check(false, "roles", "required");
                vec![]
            }
            Err(_) => {
                v.check(false, "roles", "role_unknown");
                vec![]
            }
        };
        v.check(classification::clearance(self.clearance.trim()).is_some(), "clearance", "clearance_unknown");
        let posting_end = typed_date(&self.posting_end);
        let posting_end = posting_end.as_str();
        v.check(posting_end.is_empty() || valid_date(posting_end), "posting_end", "date_invalid");
        v.finish()?;
        Ok(NewUser {
            email,
            name,
            roles,
            clearance: self.clearance.trim().to_string(),
            posting_end: (!posting_end.is_empty()).then(|| posting_end.to_string()),
        })
    }
}

/// Checks a new password against the policy.
pub fn check_password(field: &'static str, password: &str) -> Result<(), DomainError> {
    let n = password.chars().count();
    let mut v = Validator::new();
    v.check(n >= MIN_PASSWORD_LEN, field, "password_too_short");
    v.check(n <= MAX_PASSWORD_LEN, field, "too_long");
    v.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> UserInput {
        UserInput {
            email: " Anna@Minbuza.NL ".into(),
            name: "Anna de Vries".into(),
            roles: vec!["coordinator".into()],
            clearance: "stg-geheim".into(),
            posting_end: "2027-08-31".into(),
        }
    }

    #[test]
    fn valid_input_is_normalised() {
        let u = input().parse().expect("valid");
        assert_eq!(u.email, "anna@minbuza.nl");
        assert_eq!(u.roles, vec![Role::Coordinator]);
        assert_eq!(u.posting_end.as_deref(), Some("2027-08-31"));
    }

    #[test]
    fn every_bad_field_is_named() {
        let bad = UserInput {
            email: "not-an-email".into(),
            name: " ".into(),
            roles: vec!["chief".into()],
            clearance: "eu-secret".into(),
            posting_end: "2027-02-30".into(),
        };
        let Err(DomainError::Invalid(errors)) = bad.parse() else { panic!("must fail") };
        let fields: Vec<_> = errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, vec!["email", "name", "roles", "clearance", "posting_end"]);
    }

    #[test]
    fn an_organisation_names_every_bad_field() {
        let ok = OrganisationInput {
            code: " PV-EU ".into(),
            name_nl: "Permanente Vertegenwoordiging".into(),
            name_en: "Permanent Representation".into(),
            kind: "post".into(),
            parent: "BZ".into(),
            city: String::new(),
        };
        let v = ok.validate().expect("valid");
        assert_eq!((v.code.as_str(), v.kind, v.parent.as_deref(), v.city), ("PV-EU", OrgKind::Post, Some("BZ"), None));
        let bad = OrganisationInput {
            code: "T F C".into(),
            name_nl: " ".into(),
            name_en: "x".repeat(201),
            kind: "club".into(),
            parent: String::new(),
            city: String::new(),
        };
        let Err(DomainError::Invalid(errors)) = bad.validate() else { panic!("must fail") };
        let found: Vec<_> = errors.iter().map(|e| (e.field, e.code)).collect();
        assert_eq!(
            found,
            vec![
                ("code", "org_code_invalid"),
                ("name_nl", "required"),
                ("name_en", "too_long"),
                ("kind", "org_kind_unknown")
            ]
        );
        let itself = OrganisationInput { parent: "BZ".into(), code: "BZ".into(), ..ok };
        assert_eq!(itself.validate(), Err(DomainError::invalid("parent", "org_parent_itself")));
    }

    #[test]
    fn dates_are_checked_against_the_calendar() {
        assert!(valid_date("2024-02-29"));
        assert!(!valid_date("2023-02-29"));
        assert!(!valid_date("2023-13-01"));
        assert!(!valid_date("23-01-01"));
        assert_eq!(typed_date(" 20-11-2026 "), "2026-11-20");
        assert_eq!(typed_date("1/2/2026"), "2026-02-01");
        assert_eq!(typed_date("20.11.2026"), "2026-11-20");
        assert_eq!(typed_date("2026-11-20"), "2026-11-20", "as a date picker sends it");
        assert_eq!(typed_date("20-11-26"), "20-11-26", "a two-digit year is not guessed");
        assert!(!valid_date(&typed_date("31-02-2026")), "still checked against the calendar");
    }

    #[test]
    fn short_passwords_are_refused() {
        assert!(check_password("password", "short").is_err());
        assert!(check_password("password", "correct horse battery").is_ok());
    }
}
