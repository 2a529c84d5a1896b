//! Delegated administration: which accounts an administrator may manage and
//! what they may give them. Pure: organisations are ids, chains are given.
//!
//! An organisation's administrator holds authority over a subtree of the
//! directory — their own organisation and its units — and up to their own
//! clearance. The instance administrator (the operator at the command line,
//! who holds the database anyway) is bounded by nothing here; it creates the
//! first administrator of every organisation.

use crate::classification;
use crate::error::{DomainError, Validator};
use crate::role::Role;

/// Who administers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Administrator<'a> {
    /// The operator at the command line: the whole instance.
    Instance,
    /// An administrator of organisation `org` with clearance `clearance`.
    Organisation { org: i64, clearance: &'a str, user_id: i64 },
}

/// An account as it stands or as it would become: its organisation chain
/// (the organisation first, then each parent up to the top), roles and clearance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Account<'a> {
    pub user_id: i64,
    pub org_chain: &'a [i64],
    pub roles: &'a [Role],
    pub clearance: &'a str,
}

impl Administrator<'_> {
    /// Whether an account in an organisation with this chain is the
    /// administrator's to see and manage: its organisation is theirs or one
    /// of its units, never a parent or a sibling.
    pub fn covers(&self, org_chain: &[i64]) -> bool {
        match self {
            Administrator::Instance => true,
            Administrator::Organisation { org, .. } => org_chain.contains(org),
        }
    }

    /// Checks that the administrator may give `new` what it asks for, the
    /// account standing as `current` (`None` when it is being created).
    /// Refusals name the field: `org` (outside the administrator's scope),
    /// `clearance` (above their own or the ceiling), `roles`, `clearance` and
    /// `org` on their own account (nobody raises or moves themselves). A
    /// clearance that stays as it was is not granted again, so an
    /// administrator can correct the name of someone cleared above them.
    /// Whether `current` is in scope at all is [`Self::covers`]: the caller
    /// answers "not found" for an account outside it.
    pub fn check_grant(
        &self,
        ceiling: &str,
        current: Option<&Account<'_>>,
        new: &Account<'_>,
    ) -> Result<(), DomainError> {
        let Administrator::Organisation { clearance: own, user_id, .. } = *self else {
            return Ok(());
        };
        let mut v = Validator::new();
        v.check(self.covers(new.org_chain), "org", "org_outside_scope");
        let granted = current.is_none_or(|c| c.clearance != new.clearance);
        if granted {
            v.check(classification::cleared_for(own, new.clearance), "clearance", "clearance_above_own");
            v.check(!classification::above_ceiling(ceiling, new.clearance), "clearance", "above_ceiling");
        }
        if let Some(c) = current.filter(|c| c.user_id == user_id) {
            let mut before = c.roles.to_vec();
            let mut after = new.roles.to_vec();
            before.sort();
            after.sort();
            v.check(before == after, "roles", "own_authority");
            v.check(c.clearance == new.clearance, "clearance", "own_authority");
            v.check(c.org_chain.first() == new.org_chain.first(), "org", "own_authority");
        }
        v.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // BZ (1) has the unit TFC (2); JenV (3) has the agency NCSC (4).
    const BZ: &[i64] = &[1];
    const TFC: &[i64] = &[2, 1];
    const NCSC: &[i64] = &[4, 3];

    fn admin_of(org: i64) -> Administrator<'static> {
        Administrator::Organisation { org, clearance: "stg-geheim", user_id: 10 }
    }

    fn account<'a>(chain: &'a [i64], roles: &'a [Role], clearance: &'a str) -> Account<'a> {
        Account { user_id: 20, org_chain: chain, roles, clearance }
    }

    fn fields(r: Result<(), DomainError>) -> Vec<(&'static str, &'static str)> {
        r.err().map(|e| e.fields().iter().map(|f| (f.field, f.code)).collect()).unwrap_or_default()
    }

    #[test]
    fn an_organisation_covers_its_units_never_its_parent_or_siblings() {
        assert!(admin_of(1).covers(TFC) && admin_of(1).covers(BZ));
        assert!(admin_of(2).covers(TFC));
        assert!(!admin_of(2).covers(BZ), "a unit's administrator does not manage the ministry");
        assert!(!admin_of(4).covers(TFC) && !admin_of(1).covers(NCSC));
        assert!(Administrator::Instance.covers(NCSC));
    }

    #[test]
    fn nobody_is_moved_outside_the_scope_or_cleared_above_the_administrator() {
        let ncsc = admin_of(4);
        let r = ncsc.check_grant("stg-geheim", None, &account(TFC, &[Role::Coordinator], "stg-zeer-geheim"));
        assert_eq!(
            fields(r),
            vec![("org", "org_outside_scope"), ("clearance", "clearance_above_own"), ("clearance", "above_ceiling")]
        );
        let low = Administrator::Organisation { org: 1, clearance: "dep-v", user_id: 10 };
        let r = low.check_grant("stg-geheim", None, &account(TFC, &[Role::Liaison], "stg-confidentieel"));
        assert_eq!(fields(r), vec![("clearance", "clearance_above_own")]);
    }

    #[test]
    fn the_ceiling_bounds_even_an_administrator_cleared_above_it() {
        let high = Administrator::Organisation { org: 1, clearance: "stg-zeer-geheim", user_id: 10 };
        let r = high.check_grant("stg-geheim", None, &account(TFC, &[Role::Liaison], "stg-zeer-geheim"));
        assert_eq!(fields(r), vec![("clearance", "above_ceiling")]);
        assert!(high.check_grant("stg-zeer-geheim", None, &account(TFC, &[Role::Liaison], "stg-zeer-geheim")).is_ok());
    }

    #[test]
    fn operational_roles_and_admin_are_granted_within_the_scope() {
        let bz = admin_of(1);
        let roles = [Role::Coordinator, Role::DecisionMaker, Role::Admin];
        assert!(bz.check_grant("stg-geheim", None, &account(TFC, &roles, "stg-geheim")).is_ok());
    }

    #[test]
    fn a_clearance_kept_is_not_granted_again() {
        let low = Administrator::Organisation { org: 1, clearance: "dep-v", user_id: 10 };
        let before = account(TFC, &[Role::Liaison], "stg-geheim");
        assert!(low.check_grant("stg-geheim", Some(&before), &before).is_ok());
    }

    #[test]
    fn administrators_never_raise_or_move_themselves() {
        let bz = admin_of(1);
        let me = Account { user_id: 10, org_chain: BZ, roles: &[Role::Admin], clearance: "stg-geheim" };
        let raised =
            Account { roles: &[Role::Admin, Role::Coordinator], clearance: "stg-confidentieel", org_chain: TFC, ..me };
        assert_eq!(
            fields(bz.check_grant("stg-geheim", Some(&me), &raised)),
            vec![("roles", "own_authority"), ("clearance", "own_authority"), ("org", "own_authority")]
        );
        assert!(bz.check_grant("stg-geheim", Some(&me), &me).is_ok(), "a name change of one's own is fine");
    }

    #[test]
    fn the_instance_administrator_is_not_bounded_here() {
        let any = account(NCSC, &[Role::Admin], "stg-zeer-geheim");
        assert!(Administrator::Instance.check_grant("stg-geheim", None, &any).is_ok());
    }
}
