//! Originator control: who decides an object's marking.
//!
//! Seeing an object and being allowed to edit its content does not give the
//! right to change who else may see it. The organisation that created an
//! object (its *owner*, frozen at creation) and the coordinators of its lead
//! organisation decide the marking: classification, TLP, the need-to-know
//! list and "open to all", and which organisation leads. Anyone else who may
//! edit the object leaves all of that as it is. An organisation covers its
//! units here as in need-to-know: a member of a unit of the owner acts for
//! the owner.

use crate::access::Principal;
use crate::error::{DomainError, FieldError};
use crate::marking::ValidMarking;
use crate::role::Permission;

/// The organisations an object's marking belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Originator {
    /// The organisation of the user who created it; none for what the
    /// instance ships (built-in draaiboeken) or loaded without a user.
    pub owner_org: Option<i64>,
    /// The lead organisation, for objects that have one.
    pub lead_org: Option<i64>,
}

/// The field code of a marking change by someone who may not decide it.
pub const MARKING_RESERVED: &str = "marking_reserved";

/// Whether the principal decides the marking of an object with these originators.
pub fn decides_marking(p: &Principal, o: &Originator) -> bool {
    let covers = |org: Option<i64>| org.is_some_and(|org| p.org_chain.contains(&org));
    covers(o.owner_org) || (p.has(Permission::Coordinate) && covers(o.lead_org))
}

/// The marking fields (by their input names) that differ between `before`
/// and `after`. Lists compare as sets; organisation codes without regard to case.
pub fn changed_fields(before: &ValidMarking, after: &ValidMarking) -> Vec<&'static str> {
    let orgs = |m: &ValidMarking| {
        let mut v: Vec<String> = m.orgs.iter().map(|o| o.to_uppercase()).collect();
        v.sort();
        v.dedup();
        v
    };
    let users = |m: &ValidMarking| {
        let mut v = m.users.clone();
        v.sort();
        v.dedup();
        v
    };
    let mut changed = Vec::new();
    if before.classification != after.classification {
        changed.push("classification");
    }
    if before.tlp != after.tlp {
        changed.push("tlp");
    }
    if before.open_to_all != after.open_to_all {
        changed.push("open_to_all");
    }
    if orgs(before) != orgs(after) {
        changed.push("need_to_know");
    }
    if users(before) != users(after) {
        changed.push("need_to_know_users");
    }
    changed
}

/// Refuses an edit that changes the marking (or, with `lead_changed`, the
/// lead organisation) when the principal does not decide it: every changed
/// field is named, so the form shows each one.
pub fn check_marking_change(
    p: &Principal,
    o: &Originator,
    before: &ValidMarking,
    after: &ValidMarking,
    lead_changed: bool,
) -> Result<(), DomainError> {
    if decides_marking(p, o) {
        return Ok(());
    }
    let mut fields = changed_fields(before, after);
    if lead_changed {
        fields.push("lead_org");
    }
    if fields.is_empty() {
        Ok(())
    } else {
        Err(DomainError::Invalid(fields.into_iter().map(|f| FieldError::new(f, MARKING_RESERVED)).collect()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::role::Role;
    use crate::tlp::Tlp;

    const BZ: i64 = 1;
    const TFC: i64 = 2; // a unit of BZ
    const NCSC: i64 = 3;

    fn person(org_chain: Vec<i64>, roles: Vec<Role>) -> Principal {
        Principal { user_id: 9, org_chain, roles, clearance: "stg-geheim".into() }
    }

    fn marking(classification: &str, orgs: &[&str]) -> ValidMarking {
        ValidMarking {
            classification: classification.into(),
            tlp: Tlp::Amber,
            open_to_all: false,
            orgs: orgs.iter().map(|o| o.to_string()).collect(),
            users: vec![],
        }
    }

    const TFC_OWNED: Originator = Originator { owner_org: Some(TFC), lead_org: Some(TFC) };

    #[test]
    fn the_owner_and_the_leads_coordinators_decide_the_marking() {
        assert!(decides_marking(&person(vec![TFC, BZ], vec![Role::Liaison]), &TFC_OWNED), "a member of the owner");
        let led_by_ncsc = Originator { owner_org: Some(TFC), lead_org: Some(NCSC) };
        assert!(decides_marking(&person(vec![NCSC], vec![Role::Coordinator]), &led_by_ncsc), "the lead's coordinator");
        assert!(!decides_marking(&person(vec![NCSC], vec![Role::Liaison]), &led_by_ncsc), "the lead's liaison");
        assert!(!decides_marking(&person(vec![NCSC], vec![Role::Coordinator]), &TFC_OWNED), "another coordinator");
        // A parent does not act for its unit; a unit acts for its parent.
        let bz_owned = Originator { owner_org: Some(BZ), lead_org: None };
        assert!(!decides_marking(&person(vec![BZ], vec![Role::Liaison]), &TFC_OWNED));
        assert!(decides_marking(&person(vec![TFC, BZ], vec![Role::Liaison]), &bz_owned));
        // What the instance ships belongs to no organisation.
        assert!(!decides_marking(&person(vec![TFC, BZ], vec![Role::Coordinator]), &Originator::default()));
    }

    #[test]
    fn others_may_edit_content_but_not_the_marking() {
        let liaison = person(vec![NCSC], vec![Role::Liaison]);
        let before = marking("dep-vertrouwelijk", &["TFC", "NCSC"]);
        // The same marking written back (lists in another order, codes in another case): no change.
        let same = marking("dep-vertrouwelijk", &["ncsc", "TFC", "NCSC"]);
        assert_eq!(check_marking_change(&liaison, &TFC_OWNED, &before, &same, false), Ok(()));
        // Downgraded and opened to all, then the lead taken off the list: every field named.
        let opened = ValidMarking { open_to_all: true, ..marking("ongerubriceerd", &["NCSC"]) };
        let Err(DomainError::Invalid(fields)) = check_marking_change(&liaison, &TFC_OWNED, &before, &opened, true)
        else {
            panic!("refused")
        };
        let named: Vec<&str> = fields.iter().map(|f| f.field).collect();
        assert_eq!(named, ["classification", "open_to_all", "need_to_know", "lead_org"]);
        assert!(fields.iter().all(|f| f.code == MARKING_RESERVED));
        // Narrowing is a change too, and so is the TLP.
        let narrowed = marking("dep-vertrouwelijk", &["NCSC"]);
        assert!(check_marking_change(&liaison, &TFC_OWNED, &before, &narrowed, false).is_err());
        let red = ValidMarking { tlp: Tlp::Red, ..before.clone() };
        assert!(check_marking_change(&liaison, &TFC_OWNED, &before, &red, false).is_err());
        // The owner may.
        let owner = person(vec![TFC, BZ], vec![Role::Liaison]);
        assert_eq!(check_marking_change(&owner, &TFC_OWNED, &before, &opened, true), Ok(()));
    }
}
