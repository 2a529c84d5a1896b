//! When an approval policy or a parallel's join policy is decided.

use super::state::Policy;

/// `Some(true)`: approved; `Some(false)`: rejected (vetoed, or the policy can
/// no longer be met); `None`: wait for more votes.
pub fn approval(policy: Policy, approvers: usize, approved: usize, rejected: usize) -> Option<bool> {
    match policy {
        Policy::Any if approved >= 1 => Some(true),
        Policy::Any if rejected >= approvers => Some(false),
        Policy::Any => None,
        Policy::AtLeast(k) => {
            let k = k as usize;
            if approved >= k {
                Some(true)
            } else if rejected > approvers.saturating_sub(k) {
                Some(false)
            } else {
                None
            }
        }
        // all, veto (and at-deadline, which the extension allows on joins only):
        // one rejection decides, or every approver approves.
        Policy::All | Policy::Veto | Policy::AtDeadline => {
            if rejected > 0 {
                Some(false)
            } else if approved >= approvers {
                Some(true)
            } else {
                None
            }
        }
    }
}

/// A parallel's join: `Some(true)` go on with success, `Some(false)` go on
/// with failure, `None` wait. `done` and `failed` count finished branches.
pub fn join(policy: Policy, branches: usize, done: usize, failed: usize) -> Option<bool> {
    let finished = done + failed;
    match policy {
        Policy::All | Policy::AtDeadline => (finished >= branches).then_some(failed == 0),
        Policy::Any if done >= 1 => Some(true),
        Policy::Any => (failed >= branches).then_some(false),
        Policy::AtLeast(k) => {
            let k = k as usize;
            if done >= k {
                Some(true)
            } else if failed > branches.saturating_sub(k) {
                Some(false)
            } else {
                None
            }
        }
        Policy::Veto if failed > 0 => Some(false),
        Policy::Veto => (done >= branches).then_some(true),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn approval_policies() {
        assert_eq!(approval(Policy::All, 3, 2, 0), None);
        assert_eq!(approval(Policy::All, 3, 3, 0), Some(true));
        assert_eq!(approval(Policy::All, 3, 2, 1), Some(false));
        assert_eq!(approval(Policy::Any, 3, 0, 2), None);
        assert_eq!(approval(Policy::Any, 3, 1, 2), Some(true));
        assert_eq!(approval(Policy::Any, 3, 0, 3), Some(false));
        assert_eq!(approval(Policy::AtLeast(2), 3, 1, 1), None);
        assert_eq!(approval(Policy::AtLeast(2), 3, 2, 1), Some(true));
        assert_eq!(approval(Policy::AtLeast(2), 3, 0, 2), Some(false));
        assert_eq!(approval(Policy::Veto, 2, 1, 0), None);
        assert_eq!(approval(Policy::Veto, 2, 1, 1), Some(false));
        assert_eq!(approval(Policy::Veto, 2, 2, 0), Some(true));
    }

    #[test]
    fn join_policies() {
        assert_eq!(join(Policy::All, 3, 2, 0), None);
        assert_eq!(join(Policy::All, 3, 2, 1), Some(false));
        assert_eq!(join(Policy::All, 3, 3, 0), Some(true));
        assert_eq!(join(Policy::Any, 3, 1, 0), Some(true));
        assert_eq!(join(Policy::Any, 3, 0, 2), None);
        assert_eq!(join(Policy::Any, 3, 0, 3), Some(false));
        assert_eq!(join(Policy::AtLeast(2), 3, 2, 0), Some(true));
        assert_eq!(join(Policy::AtLeast(2), 3, 0, 2), Some(false));
        assert_eq!(join(Policy::Veto, 3, 1, 1), Some(false));
        assert_eq!(join(Policy::AtDeadline, 2, 1, 0), None);
    }
}
