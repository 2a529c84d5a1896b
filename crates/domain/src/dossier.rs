//! Dossiers: the shared registry of work across organisations (problem P1).
//! A dossier is the first object type carrying a marking (classification,
//! TLP, need-to-know); later object types follow the same pattern.

use crate::classification;
use crate::error::{DomainError, Validator};
use crate::tlp::Tlp;

pub const TITLE_MAX: usize = 200;
pub const SUMMARY_MAX: usize = 20_000;

/// A dossier as typed in a form or sent to the API.
#[derive(Debug, Clone, Default)]
pub struct DossierInput {
    pub title: String,
    pub summary: String,
    pub classification: String,
    pub tlp: String,
    pub open_to_all: bool,
    /// Organisation codes on the need-to-know list.
    pub orgs: Vec<String>,
    /// Email addresses of individual users on the need-to-know list.
    pub users: Vec<String>,
    /// Lead organisation code.
    pub lead_org: String,
}

/// A validated dossier, ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidDossier {
    pub title: String,
    pub summary: String,
    pub classification: String,
    pub tlp: Tlp,
    pub open_to_all: bool,
    pub orgs: Vec<String>,
    /// Normalised email addresses.
    pub users: Vec<String>,
    pub lead_org: String,
}

/// Trims, drops empty entries, sorts and removes duplicates.
fn clean_list(items: &[String], normalise: fn(&str) -> String) -> Vec<String> {
    let mut list: Vec<String> = items.iter().map(|o| normalise(o.trim())).filter(|o| !o.is_empty()).collect();
    list.sort();
    list.dedup();
    list
}

impl DossierInput {
    /// Validates against the instance ceiling. Whether organisation codes
    /// exist is checked by storage, which knows the directory.
    pub fn validate(&self, ceiling: &str) -> Result<ValidDossier, DomainError> {
        let title = self.title.trim().to_string();
        let classification_id = self.classification.trim();
        let mut v = Validator::new();
        v.check(!title.is_empty(), "title", "required");
        v.check(title.chars().count() <= TITLE_MAX, "title", "too_long");
        v.check(self.summary.chars().count() <= SUMMARY_MAX, "summary", "too_long");
        let known = classification::label(classification_id).is_some();
        v.check(known, "classification", "classification_unknown");
        v.check(
            !known || !classification::above_ceiling(ceiling, classification_id),
            "classification",
            "above_ceiling",
        );
        let tlp = Tlp::parse(&self.tlp);
        v.check(tlp.is_some(), "tlp", "tlp_unknown");
        let orgs = clean_list(&self.orgs, str::to_string);
        let users = clean_list(&self.users, crate::directory::normalise_email);
        v.check(self.open_to_all || !orgs.is_empty() || !users.is_empty(), "need_to_know", "need_to_know_empty");
        v.check(!self.lead_org.trim().is_empty(), "lead_org", "required");
        v.finish()?;
        Ok(ValidDossier {
            title,
            summary: self.summary.trim().to_string(),
            classification: classification_id.to_string(),
            tlp: tlp.unwrap_or(Tlp::Red),
            open_to_all: self.open_to_all,
            orgs,
            users,
            lead_org: self.lead_org.trim().to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> DossierInput {
        DossierInput {
            title: "Ransomware op vitale sectoren".into(),
            summary: "Samenvatting".into(),
            classification: "dep-v".into(),
            tlp: "amber".into(),
            open_to_all: false,
            orgs: vec!["BZ".into(), " NCSC ".into(), "BZ".into()],
            users: vec![],
            lead_org: "TFC".into(),
        }
    }

    #[test]
    fn valid_dossier_deduplicates_the_list() {
        let d = input().validate("stg-geheim").expect("valid");
        assert_eq!(d.orgs, vec!["BZ", "NCSC"]);
        assert_eq!(d.tlp, Tlp::Amber);
    }

    #[test]
    fn content_above_the_ceiling_is_refused_with_the_field_named() {
        let d = DossierInput { classification: "stg-zeer-geheim".into(), ..input() };
        let err = d.validate("stg-geheim").expect_err("above ceiling");
        assert_eq!(err, DomainError::invalid("classification", "above_ceiling"));
    }

    #[test]
    fn a_closed_list_must_name_someone() {
        let named = DossierInput { orgs: vec![], users: vec![" Anna@TFC.example ".into()], ..input() };
        assert_eq!(named.validate("stg-geheim").expect("a named user is enough").users, vec!["anna@tfc.example"]);
        let d = DossierInput { orgs: vec![], title: "".into(), tlp: "white".into(), ..input() };
        let Err(DomainError::Invalid(e)) = d.validate("stg-geheim") else { panic!() };
        let fields: Vec<_> = e.iter().map(|e| e.field).collect();
        assert_eq!(fields, vec!["title", "tlp", "need_to_know"]);
    }
}
