//! Who calls a service: one type for every transport. A service takes the
//! caller, asks it for the permission it needs (`require`) and for the
//! visibility filter its reads go through (`filter`), and records it in the
//! audit trail (`crate::audit::event`).

use crate::AppError;
use verbinding_domain::access::{Principal, VisibilityFilter};
use verbinding_domain::role::Permission;
use verbinding_store::directory::User;

/// Where a call comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Origin {
    /// A page, through a session cookie.
    Session,
    /// The JSON API, through a personal bearer token.
    Token,
    /// The operator at the command line of the server.
    CommandLine,
    /// The server itself: the scheduler's timers, the start-up seeding.
    System,
}

impl Origin {
    pub fn id(self) -> &'static str {
        match self {
            Origin::Session => "session",
            Origin::Token => "token",
            Origin::CommandLine => "cli",
            Origin::System => "system",
        }
    }
}

/// What the operator at the command line may do without an account: the
/// tasks the command line offers (create users, import the threat-actor
/// catalogue); its draaiboek services check `require_operator`. Anyone with
/// a shell on the server holds the database anyway; this list keeps the
/// services honest about it.
const OPERATOR: [Permission; 2] = [Permission::ManageUsers, Permission::ManageCatalogue];

#[derive(Debug, Clone)]
pub struct Caller {
    /// The account acting; none for the operator and the system.
    pub user: Option<User>,
    /// What the audit trail names: the email, or the operator or system label.
    pub label: String,
    /// Roles, clearance and organisation chain of the user (empty otherwise).
    pub principal: Principal,
    pub origin: Origin,
    pub request_id: String,
    /// The source address, or `cli` / `system`.
    pub source: String,
}

impl Caller {
    /// A logged-in user, through a session or a token.
    pub fn user(user: User, principal: Principal, origin: Origin, request_id: &str, source: &str) -> Caller {
        Caller {
            label: user.email.clone(),
            user: Some(user),
            principal,
            origin,
            request_id: request_id.to_string(),
            source: source.to_string(),
        }
    }

    /// Someone without an account yet (a login attempt): `label` is the name tried.
    pub fn anonymous(label: &str, request_id: &str, source: &str) -> Caller {
        Caller {
            user: None,
            label: label.chars().take(254).collect(),
            principal: nobody(),
            origin: Origin::Session,
            request_id: request_id.to_string(),
            source: source.to_string(),
        }
    }

    /// The operator at the command line.
    pub fn command_line() -> Caller {
        Caller {
            user: None,
            label: "cli".into(),
            principal: nobody(),
            origin: Origin::CommandLine,
            request_id: format!("cli-{}", std::process::id()),
            source: "cli".into(),
        }
    }

    /// The server itself, for `what` (`scheduler`, `startup`, `demo`).
    pub fn system(what: &str) -> Caller {
        Caller {
            user: None,
            label: what.into(),
            principal: nobody(),
            origin: Origin::System,
            request_id: what.into(),
            source: "system".into(),
        }
    }

    /// Whether the caller holds the permission: a user through a role, the
    /// operator for the command line's tasks, the system never (its own
    /// steps are internal and take no permission).
    pub fn may(&self, permission: Permission) -> bool {
        match (&self.user, self.origin) {
            (Some(_), _) => self.principal.has(permission),
            (None, Origin::CommandLine) => OPERATOR.contains(&permission),
            (None, _) => false,
        }
    }

    /// The service's own gate: refuses with the answer a route gives.
    pub fn require(&self, permission: Permission) -> Result<(), AppError> {
        if self.may(permission) { Ok(()) } else { Err(AppError::Forbidden) }
    }

    /// For the operator's own services (export and sign by CACAO id, import
    /// without a viewer): only the command line, never a user.
    pub fn require_operator(&self) -> Result<(), AppError> {
        if self.user.is_none() && self.origin == Origin::CommandLine { Ok(()) } else { Err(AppError::Forbidden) }
    }

    /// The user acting, for services only a user can call.
    pub fn account(&self) -> Result<&User, AppError> {
        self.user.as_ref().ok_or(AppError::Forbidden)
    }

    /// The filter every read of marked objects goes through. Someone who
    /// may read nothing gets `NotFound` for every object, like everyone else
    /// who may not see it.
    pub fn filter(&self) -> Result<VisibilityFilter, AppError> {
        if self.user.is_none() {
            return Err(AppError::NotFound);
        }
        VisibilityFilter::for_principal(&self.principal).ok_or(AppError::NotFound)
    }

    /// Reads need `ReadObjects` and a filter; both refusals look alike
    /// from outside (the route gate answers 403 first for a missing role).
    pub fn reader(&self) -> Result<VisibilityFilter, AppError> {
        self.require(Permission::ReadObjects)?;
        self.filter()
    }

    /// The user id for records of who did it (`None` for operator and system).
    pub fn user_id(&self) -> Option<i64> {
        self.user.as_ref().map(|u| u.id)
    }
}

/// The principal of a caller without an account: no roles, no organisation,
/// no clearance; it sees nothing.
fn nobody() -> Principal {
    Principal { user_id: 0, org_chain: Vec::new(), roles: Vec::new(), clearance: String::new() }
}
