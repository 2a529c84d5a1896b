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

pub fn normalise_email(email: &str) -> String {
    email.trim().to_lowercase()
}

fn plausible_email(email: &str) -> bool {
    let mut parts = email.split('@');
    match (parts.next(), parts.next(), parts.next()) {
        (Some(local), Some(domain), None) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !email.chars().any(char::is_whitespace)
        }
        _ => false,
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
        let posting_end = self.posting_end.trim();
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
    fn dates_are_checked_against_the_calendar() {
        assert!(valid_date("2024-02-29"));
        assert!(!valid_date("2023-02-29"));
        assert!(!valid_date("2023-13-01"));
        assert!(!valid_date("23-01-01"));
    }

    #[test]
    fn short_passwords_are_refused() {
        assert!(check_password("password", "short").is_err());
        assert!(check_password("password", "correct horse battery").is_ok());
    }
}
