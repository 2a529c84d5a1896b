//! Dossiers: the shared registry of work across organisations (problem P1).
//! A dossier was the first object type carrying a marking; later object
//! types follow the same pattern.

use crate::error::{DomainError, Validator};
use crate::marking::{MarkingInput, ValidMarking};

pub const TITLE_MAX: usize = 200;
pub const SUMMARY_MAX: usize = 20_000;

/// A dossier as typed in a form or sent to the API.
#[derive(Debug, Clone, Default)]
pub struct DossierInput {
    pub title: String,
    pub summary: String,
    /// Lead organisation code.
    pub lead_org: String,
    pub marking: MarkingInput,
}

/// A validated dossier, ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidDossier {
    pub title: String,
    pub summary: String,
    pub lead_org: String,
    pub marking: ValidMarking,
}

impl DossierInput {
    /// Validates against the instance ceiling. Whether organisation codes
    /// and user emails exist is checked by storage, which knows the directory.
    pub fn validate(&self, ceiling: &str) -> Result<ValidDossier, DomainError> {
        let title = self.title.trim().to_string();
        let mut v = Validator::new();
        v.check(!title.is_empty(), "title", "required");
        v.check(title.chars().count() <= TITLE_MAX, "title", "too_long");
        v.check(self.summary.chars().count() <= SUMMARY_MAX, "summary", "too_long");
        let marking = self.marking.check(ceiling, &mut v);
        v.check(!self.lead_org.trim().is_empty(), "lead_org", "required");
        v.finish()?;
        let marking = marking.ok_or_else(|| DomainError::invalid("tlp", "tlp_unknown"))?;
        Ok(ValidDossier {
            title,
            summary: self.summary.trim().to_string(),
            lead_org: self.lead_org.trim().to_string(),
            marking,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tlp::Tlp;

    fn input() -> DossierInput {
        DossierInput {
            title: "Ransomware op vitale sectoren".into(),
            summary: "Samenvatting".into(),
            lead_org: "TFC".into(),
            marking: MarkingInput {
                classification: "dep-v".into(),
                tlp: "amber".into(),
                open_to_all: false,
                orgs: vec!["BZ".into(), " NCSC ".into(), "BZ".into()],
                users: vec![],
            },
        }
    }

    #[test]
    fn valid_dossier_deduplicates_the_list() {
        let d = input().validate("stg-geheim").expect("valid");
        assert_eq!(d.marking.orgs, vec!["BZ", "NCSC"]);
        assert_eq!(d.marking.tlp, Tlp::Amber);
    }

    #[test]
    fn content_above_the_ceiling_is_refused_with_the_field_named() {
        let mut d = input();
        d.marking.classification = "stg-zeer-geheim".into();
        let err = d.validate("stg-geheim").expect_err("above ceiling");
        assert_eq!(err, DomainError::invalid("classification", "above_ceiling"));
    }

    #[test]
    fn a_closed_list_must_name_someone() {
        let mut named = input();
        named.marking.orgs = vec![];
        named.marking.users = vec![" Anna@TFC.example ".into()];
        assert_eq!(
            named.validate("stg-geheim").expect("a named user is enough").marking.users,
            vec!["anna@tfc.example"]
        );
        let mut d = input();
        d.marking.orgs = vec![];
        d.title = "".into();
        d.marking.tlp = "white".into();
        let Err(DomainError::Invalid(e)) = d.validate("stg-geheim") else { panic!("must fail") };
        let fields: Vec<_> = e.iter().map(|e| e.field).collect();
        assert_eq!(fields, vec!["title", "tlp", "need_to_know"]);
    }
}
