//! The one module that decides who may see and do what.
//!
//! The rule, deny by default: a user may act on an object only when
//! 1. one of the user's roles permits the action,
//! 2. the user's clearance is at or above the object's classification, and
//! 3. the object's need-to-know list is open to every organisation of the
//!    instance, or names the user, or names the user's organisation or one of
//!    the organisations it is a unit of (an organisation covers its units,
//!    never its parent or siblings).
//!
//! [`decide`] is the rule as a pure function. [`VisibilityFilter`] is the same
//! rule in the shape a query needs, so lists, counts, search and audit views
//! filter in the database; a property test checks both agree.

use crate::classification;
use crate::role::{Permission, Role, any_permits};

/// Who is asking. Built from the session or API token (and cached with it).
/// `Hash`: caches of need-to-know answers key on the whole principal.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Principal {
    pub user_id: i64,
    /// The user's organisation first, then each parent up to the top.
    pub org_chain: Vec<i64>,
    pub roles: Vec<Role>,
    /// A national classification identifier.
    pub clearance: String,
}

/// What an object carries so access can be decided: its marking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marking {
    pub classification: String,
    /// Open to all organisations of the instance (still subject to clearance).
    pub open_to_all: bool,
    pub orgs: Vec<i64>,
    pub users: Vec<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Allow,
    /// The user may not learn the object exists: answer as if it does not.
    Hidden,
    /// The user may see the object but the role does not allow this action.
    Forbidden,
}

impl Principal {
    pub fn has(&self, permission: Permission) -> bool {
        any_permits(&self.roles, permission)
    }
}

/// Whether the principal may know the object exists and read it.
pub fn may_see(principal: &Principal, marking: &Marking) -> bool {
    principal.has(Permission::ReadObjects)
        && classification::cleared_for(&principal.clearance, &marking.classification)
        && (marking.open_to_all
            || marking.users.contains(&principal.user_id)
            || principal.org_chain.iter().any(|o| marking.orgs.contains(o)))
}

/// Decides an action on an object. Hidden wins over Forbidden so that a user
/// who may not see an object learns nothing about it, not even "forbidden".
pub fn decide(principal: &Principal, permission: Permission, marking: &Marking) -> Decision {
    if !may_see(principal, marking) {
        Decision::Hidden
    } else if !principal.has(permission) {
        Decision::Forbidden
    } else {
        Decision::Allow
    }
}

/// The visibility rule in the form a SQL query binds: which labels, which
/// organisations, which user. `None` means the principal may see nothing.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct VisibilityFilter {
    pub labels: Vec<&'static str>,
    pub org_chain: Vec<i64>,
    pub user_id: i64,
}

impl VisibilityFilter {
    pub fn for_principal(principal: &Principal) -> Option<VisibilityFilter> {
        if !principal.has(Permission::ReadObjects) {
            return None;
        }
        let labels = classification::visible_labels(&principal.clearance);
        if labels.is_empty() {
            return None;
        }
        Some(VisibilityFilter { labels, org_chain: principal.org_chain.clone(), user_id: principal.user_id })
    }

    /// The same predicate evaluated in memory; used by the property test to
    /// prove the query-shaped rule equals [`may_see`].
    pub fn matches(&self, marking: &Marking) -> bool {
        self.labels.contains(&marking.classification.as_str())
            && (marking.open_to_all
                || marking.users.contains(&self.user_id)
                || self.org_chain.iter().any(|o| marking.orgs.contains(o)))
    }
}

/// Whether everyone who may see an object marked `narrow` may also see one
/// marked `wide`, whoever they are: `wide` is at most as classified as
/// `narrow`, and every organisation and user on `narrow`'s list is covered by
/// `wide`'s. `org_chain` gives an organisation with every organisation it is
/// a unit of (nearest first); `user_chain` the same for a user's own
/// organisation. A run is never more open than the draaiboeken it runs: its
/// start is refused unless each of them covers the run's marking this way
/// (issue 11, rule 3). Conservative: a list naming users covers them only by
/// name or through their organisation as it stands.
pub fn covers(
    wide: &Marking,
    narrow: &Marking,
    org_chain: &dyn Fn(i64) -> Vec<i64>,
    user_chain: &dyn Fn(i64) -> Vec<i64>,
) -> bool {
    if !classification::at_most(&wide.classification, &narrow.classification) {
        return false;
    }
    if wide.open_to_all {
        return true;
    }
    if narrow.open_to_all {
        return false;
    }
    let covered = |chain: Vec<i64>| chain.iter().any(|o| wide.orgs.contains(o));
    narrow.orgs.iter().all(|o| covered(org_chain(*o)))
        && narrow.users.iter().all(|u| wide.users.contains(u) || covered(user_chain(*u)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    // Directory used in tests: 1 = BZ, 2 = TFC (unit of BZ), 3 = JenV, 4 = NCSC (unit of JenV).
    fn tfc_liaison(clearance: &str) -> Principal {
        Principal { user_id: 10, org_chain: vec![2, 1], roles: vec![Role::Liaison], clearance: clearance.into() }
    }

    fn marking(classification: &str, orgs: &[i64], users: &[i64]) -> Marking {
        Marking {
            classification: classification.into(),
            open_to_all: false,
            orgs: orgs.to_vec(),
            users: users.to_vec(),
        }
    }

    #[test]
    fn organisation_on_the_list_covers_its_units_not_its_parent_or_siblings() {
        let p = tfc_liaison("stg-geheim");
        assert!(may_see(&p, &marking("dep-v", &[1], &[])), "BZ on the list covers TFC");
        assert!(may_see(&p, &marking("dep-v", &[2], &[])));
        let ncsc_member = Principal { org_chain: vec![4, 3], ..p.clone() };
        assert!(!may_see(&ncsc_member, &marking("dep-v", &[1], &[])));
        let bz_member = Principal { org_chain: vec![1], ..p };
        assert!(!may_see(&bz_member, &marking("dep-v", &[2], &[])), "a unit on the list does not cover its parent");
    }

    #[test]
    fn named_user_is_enough_but_clearance_still_applies() {
        let p = tfc_liaison("dep-v");
        assert!(may_see(&p, &marking("dep-v", &[], &[10])));
        assert!(!may_see(&p, &marking("stg-geheim", &[], &[10])));
    }

    #[test]
    fn open_list_needs_only_clearance_and_role() {
        let p = tfc_liaison("ongerubriceerd");
        let open = Marking { open_to_all: true, ..marking("ongerubriceerd", &[], &[]) };
        assert!(may_see(&p, &open));
        assert!(!may_see(&p, &Marking { classification: "dep-v".into(), ..open }));
    }

    #[test]
    fn hidden_wins_over_forbidden() {
        let evaluator = Principal { roles: vec![Role::Evaluator], ..tfc_liaison("stg-geheim") };
        let visible = marking("dep-v", &[1], &[]);
        let invisible = marking("dep-v", &[3], &[]);
        assert_eq!(decide(&evaluator, Permission::WriteObjects, &visible), Decision::Forbidden);
        assert_eq!(decide(&evaluator, Permission::WriteObjects, &invisible), Decision::Hidden);
        assert_eq!(decide(&evaluator, Permission::ReadObjects, &visible), Decision::Allow);
    }

    #[test]
    fn a_user_without_roles_sees_nothing() {
        let p = Principal { roles: vec![], ..tfc_liaison("stg-zeer-geheim") };
        let open = Marking { open_to_all: true, ..marking("ongerubriceerd", &[], &[]) };
        assert!(!may_see(&p, &open));
        assert_eq!(VisibilityFilter::for_principal(&p), None);
    }

    #[test]
    fn a_wider_marking_covers_a_narrower_one_never_the_other_way() {
        let chain = |o: i64| match o {
            2 => vec![2, 1],
            4 => vec![4, 3],
            o => vec![o],
        };
        let none = |_: i64| vec![];
        let open = Marking { open_to_all: true, ..marking("ongerubriceerd", &[], &[]) };
        let tfc = marking("dep-v", &[2], &[]);
        let bz = marking("dep-v", &[1], &[]);
        assert!(covers(&open, &tfc, &chain, &none), "open and unclassified covers everything");
        assert!(!covers(&tfc, &open, &chain, &none));
        assert!(covers(&bz, &tfc, &chain, &none), "BZ covers its unit TFC");
        assert!(!covers(&tfc, &bz, &chain, &none), "TFC does not cover BZ");
        assert!(!covers(&marking("stg-geheim", &[1], &[]), &tfc, &chain, &none), "more classified is narrower");
        assert!(!covers(&tfc, &marking("dep-v", &[2], &[10]), &chain, &none), "a named outsider");
        assert!(covers(&tfc, &marking("dep-v", &[2], &[10]), &chain, &|_| vec![2, 1]), "a named TFC member");
    }

    fn any_label() -> impl Strategy<Value = String> {
        let ids: Vec<String> = classification::all_labels().map(|l| l.id.to_string()).collect();
        prop::sample::select(ids)
    }

    fn any_role() -> impl Strategy<Value = Role> {
        prop::sample::select(Role::ALL.to_vec())
    }

    proptest! {
        /// `covers` is sound: whoever may see the narrow marking may see the wide one.
        #[test]
        fn covers_never_lets_a_reader_of_the_narrow_marking_miss_the_wide_one(
            clearance in prop::sample::select(vec!["ongerubriceerd", "dep-v", "stg-confidentieel", "stg-geheim", "stg-zeer-geheim"]),
            user_org in 1i64..5,
            user_id in 1i64..4,
            labels in (any_label(), any_label()),
            open in (any::<bool>(), any::<bool>()),
            orgs in (prop::collection::vec(1i64..5, 0..3), prop::collection::vec(1i64..5, 0..3)),
            users in (prop::collection::vec(1i64..4, 0..2), prop::collection::vec(1i64..4, 0..2)),
        ) {
            // 1 = BZ, 2 = TFC (unit of BZ), 3 = JenV, 4 = NCSC (unit of JenV); user n is in org n.
            let org_chain = |o: i64| match o { 2 => vec![2, 1], 4 => vec![4, 3], o => vec![o] };
            // The principal is user `user_id`, in `user_org`; other users are in the org of their number.
            let user_chain = |u: i64| if u == user_id { org_chain(user_org) } else { org_chain(u) };
            let wide = Marking { classification: labels.0, open_to_all: open.0, orgs: orgs.0, users: users.0 };
            let narrow = Marking { classification: labels.1, open_to_all: open.1, orgs: orgs.1, users: users.1 };
            let p = Principal { user_id, org_chain: org_chain(user_org), roles: vec![Role::Liaison], clearance: clearance.to_string() };
            if covers(&wide, &narrow, &org_chain, &user_chain) && may_see(&p, &narrow)
            {
                prop_assert!(may_see(&p, &wide), "{:?} covers {:?} but {:?} sees only the narrow one", wide, narrow, p);
            }
        }

        #[test]
        fn query_filter_agrees_with_the_rule(
            clearance in prop::sample::select(vec!["ongerubriceerd", "dep-v", "stg-confidentieel", "stg-geheim", "stg-zeer-geheim"]),
            roles in prop::collection::vec(any_role(), 0..3),
            chain in prop::collection::vec(1i64..6, 0..3),
            label in any_label(),
            open in any::<bool>(),
            orgs in prop::collection::vec(1i64..6, 0..3),
            users in prop::collection::vec(1i64..4, 0..2),
            user_id in 1i64..4,
        ) {
            let p = Principal { user_id, org_chain: chain, roles, clearance: clearance.to_string() };
            let m = Marking { classification: label, open_to_all: open, orgs, users };
            let by_filter = VisibilityFilter::for_principal(&p).is_some_and(|f| f.matches(&m));
            prop_assert_eq!(by_filter, may_see(&p, &m));
        }
    }
}
