//! The marking every shared object carries: classification, TLP 2.0 label and
//! need-to-know list (organisations and/or named users, or open to all).
//! Validated once here for every object type.

use crate::classification;
use crate::error::Validator;
use crate::tlp::Tlp;

/// A marking as typed in a form or sent to the API.
#[derive(Debug, Clone, Default)]
pub struct MarkingInput {
    pub classification: String,
    pub tlp: String,
    pub open_to_all: bool,
    /// Organisation codes on the need-to-know list.
    pub orgs: Vec<String>,
    /// Email addresses of individual users on the need-to-know list.
    pub users: Vec<String>,
}

/// A validated marking, ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidMarking {
    pub classification: String,
    pub tlp: Tlp,
    pub open_to_all: bool,
    pub orgs: Vec<String>,
    /// Normalised email addresses.
    pub users: Vec<String>,
}

impl ValidMarking {
    /// Unclassified, TLP:CLEAR, open to every organisation of the instance:
    /// what shipped procedures (the built-in draaiboeken) carry.
    pub fn open_unclassified() -> ValidMarking {
        ValidMarking {
            classification: "ongerubriceerd".into(),
            tlp: Tlp::Clear,
            open_to_all: true,
            orgs: vec![],
            users: vec![],
        }
    }
}

/// Trims, drops empty entries, sorts and removes duplicates.
fn clean_list(items: &[String], normalise: fn(&str) -> String) -> Vec<String> {
    let mut list: Vec<String> = items.iter().map(|o| normalise(o.trim())).filter(|o| !o.is_empty()).collect();
    list.sort();
    list.dedup();
    list
}

impl MarkingInput {
    /// Checks the marking against the instance ceiling, adding any problems
    /// to `v` (so the caller reports them together with its own fields).
    pub fn check(&self, ceiling: &str, v: &mut Validator) -> Option<ValidMarking> {
        let classification_id = self.classification.trim();
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
        Some(ValidMarking {
            classification: classification_id.to_string(),
            tlp: tlp?,
            open_to_all: self.open_to_all,
            orgs,
            users,
        })
    }
}
