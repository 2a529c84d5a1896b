//! Roles and what each may do: the one place this is written down
//! (documented for people in `docs/roles.md`, which a test keeps in step).

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Role {
    Admin,
    Coordinator,
    Liaison,
    PostOfficer,
    DecisionMaker,
    Evaluator,
    ExerciseController,
}

/// Actions a role may be allowed. Reading an object additionally needs
/// clearance and need-to-know (see [`crate::access`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Permission {
    /// See the directory of organisations and their members.
    ViewDirectory,
    /// Read dossiers and other shared objects (subject to clearance and need-to-know).
    ReadObjects,
    /// Create dossiers and edit the ones one may see.
    WriteObjects,
    /// Create users, change roles and clearances, deactivate users.
    ManageUsers,
    /// Read the audit trail (filtered by clearance and need-to-know).
    ViewAudit,
    /// Open consultation rounds and propose decisions on incidents one may see.
    Coordinate,
    /// Sign decisions proposed by someone else (four eyes).
    Decide,
    /// Add options to the response catalogue and lapse or restore them.
    ManageCatalogue,
    /// Shape the strategy: its result chain, indicators and targets proposed,
    /// and review (four eyes) the measurements others submit.
    ManageStrategy,
    /// Submit measurements of the indicators one's organisation reports.
    ReportMeasurements,
}

impl Role {
    pub const ALL: [Role; 7] = [
        Role::Admin,
        Role::Coordinator,
        Role::Liaison,
        Role::PostOfficer,
        Role::DecisionMaker,
        Role::Evaluator,
        Role::ExerciseController,
    ];

    /// Identifier used by the CLI, the API and the database.
    pub fn id(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Coordinator => "coordinator",
            Role::Liaison => "liaison",
            Role::PostOfficer => "post-officer",
            Role::DecisionMaker => "decision-maker",
            Role::Evaluator => "evaluator",
            Role::ExerciseController => "exercise-controller",
        }
    }

    pub fn parse(id: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.id() == id.trim())
    }

    /// The permission table. Deny by default: anything not listed is refused.
    pub fn permits(self, permission: Permission) -> bool {
        use Permission::*;
        match self {
            Role::Admin => {
                matches!(permission, ViewDirectory | ManageUsers | ViewAudit | ReadObjects | ManageCatalogue)
            }
            Role::Coordinator => matches!(
                permission,
                ViewDirectory | ReadObjects | WriteObjects | Coordinate | ManageStrategy | ReportMeasurements
            ),
            Role::Liaison => matches!(permission, ViewDirectory | ReadObjects | WriteObjects | ReportMeasurements),
            Role::PostOfficer => matches!(permission, ViewDirectory | ReadObjects | WriteObjects | ReportMeasurements),
            Role::DecisionMaker => matches!(permission, ViewDirectory | ReadObjects | Decide),
            Role::Evaluator => matches!(permission, ViewDirectory | ReadObjects),
            Role::ExerciseController => matches!(permission, ViewDirectory | ReadObjects),
        }
    }
}

impl Permission {
    pub const ALL: [Permission; 10] = [
        Permission::ViewDirectory,
        Permission::ReadObjects,
        Permission::WriteObjects,
        Permission::ManageUsers,
        Permission::ViewAudit,
        Permission::Coordinate,
        Permission::Decide,
        Permission::ManageCatalogue,
        Permission::ManageStrategy,
        Permission::ReportMeasurements,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Permission::ViewDirectory => "view-directory",
            Permission::ReadObjects => "read-objects",
            Permission::WriteObjects => "write-objects",
            Permission::ManageUsers => "manage-users",
            Permission::ViewAudit => "view-audit",
            Permission::Coordinate => "coordinate",
            Permission::Decide => "decide",
            Permission::ManageCatalogue => "manage-catalogue",
            Permission::ManageStrategy => "manage-strategy",
            Permission::ReportMeasurements => "report-measurements",
        }
    }
}

/// Whether any of the roles grants the permission.
pub fn any_permits(roles: &[Role], permission: Permission) -> bool {
    roles.iter().any(|r| r.permits(permission))
}

/// Parses a list of role identifiers, naming the first unknown one.
pub fn parse_roles<S: AsRef<str>>(ids: &[S]) -> Result<Vec<Role>, String> {
    let mut roles = Vec::new();
    for id in ids {
        let role = Role::parse(id.as_ref()).ok_or_else(|| id.as_ref().to_string())?;
        if !roles.contains(&role) {
            roles.push(role);
        }
    }
    roles.sort();
    Ok(roles)
}

/// The permission table as Markdown, for `docs/authorization.md` (a test
/// checks the document shows exactly this table).
pub fn permission_table_markdown() -> String {
    let mut out = String::from("| Role |");
    for p in Permission::ALL {
        out.push_str(&format!(" {} |", p.id()));
    }
    out.push_str("\n|---|");
    for _ in Permission::ALL {
        out.push_str("---|");
    }
    for r in Role::ALL {
        out.push_str(&format!("\n| `{}` |", r.id()));
        for p in Permission::ALL {
            out.push_str(if r.permits(p) { " yes |" } else { " — |" });
        }
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.id()), Some(r));
        }
        assert_eq!(Role::parse("root"), None);
    }

    #[test]
    fn only_admins_manage_users_and_read_the_audit_trail() {
        for r in Role::ALL {
            assert_eq!(r.permits(Permission::ManageUsers), r == Role::Admin);
            assert_eq!(r.permits(Permission::ViewAudit), r == Role::Admin);
        }
    }

    #[test]
    fn decision_makers_and_evaluators_cannot_write() {
        assert!(!Role::DecisionMaker.permits(Permission::WriteObjects));
        assert!(!Role::Evaluator.permits(Permission::WriteObjects));
        assert!(Role::Liaison.permits(Permission::WriteObjects));
    }

    #[test]
    fn parse_roles_names_the_unknown_one() {
        assert_eq!(parse_roles(&["liaison", "boss"]), Err("boss".to_string()));
        assert_eq!(parse_roles(&["liaison", "admin", "liaison"]), Ok(vec![Role::Admin, Role::Liaison]));
    }
}
