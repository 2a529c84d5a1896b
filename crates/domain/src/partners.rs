//! Partners in the response to an incident: which partner states and
//! international organisations were informed, joined a statement, or declined.

use crate::directory::OrgKind;
use crate::directory::valid_date;
use crate::error::{DomainError, Validator};
use crate::vocabulary::vocabulary;

vocabulary! {
    /// A partner's part in the response to an incident.
    pub enum Relation as "partner relation" {
        Informed = "informed",
        JoinedStatement = "joined-statement",
        Declined = "declined",
    }
}

/// Organisation kinds that can be partners.
pub const PARTNER_KINDS: [OrgKind; 2] = [OrgKind::PartnerState, OrgKind::InternationalOrganisation];
pub const NOTE_MAX: usize = 1_000;

#[derive(Debug, Clone, Default)]
pub struct PartnerInput {
    /// Organisation code of the partner (e.g. `EU`, `NATO`, `DE`).
    pub partner: String,
    pub relation: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidPartner {
    pub partner: String,
    pub relation: Relation,
    pub date: String,
    pub note: String,
}

impl PartnerInput {
    /// Checks the fields; whether the partner code is a partner state or
    /// international organisation is checked against the directory by the caller.
    pub fn validate(&self) -> Result<ValidPartner, DomainError> {
        let mut v = Validator::new();
        let partner = self.partner.trim().to_string();
        v.check(!partner.is_empty(), "partner", "required");
        let relation = Relation::parse(&self.relation);
        v.check(relation.is_some(), "relation", "relation_unknown");
        let date = crate::directory::typed_date(&self.date);
        v.check(valid_date(&date), "date", "date_invalid");
        let note = self.note.trim().to_string();
        v.check(note.chars().count() <= NOTE_MAX, "partner_note", "too_long");
        v.finish()?;
        let relation = relation.ok_or_else(|| DomainError::invalid("relation", "relation_unknown"))?;
        Ok(ValidPartner { partner, relation, date, note })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relation_and_date_are_checked() {
        let ok = PartnerInput {
            partner: "EU".into(),
            relation: "joined-statement".into(),
            date: "2022-05-10".into(),
            note: "".into(),
        };
        assert_eq!(ok.validate().map(|p| p.relation), Ok(Relation::JoinedStatement));
        assert_eq!(Relation::ids(), ["informed", "joined-statement", "declined"]);
        let typed = PartnerInput { date: "10-05-2022".into(), ..ok.clone() };
        assert_eq!(typed.validate().map(|p| p.date), Ok("2022-05-10".to_string()), "as people type it");
        let bad = PartnerInput { relation: "applauded".into(), date: "10-05-22".into(), ..ok };
        let Err(DomainError::Invalid(e)) = bad.validate() else { panic!("must fail") };
        assert_eq!(e.iter().map(|f| f.field).collect::<Vec<_>>(), vec!["relation", "date"]);
    }
}
