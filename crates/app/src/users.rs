//! User administration shared by the admin pages, the API and the CLI.
//!
//! Delegated administration (`verbinding_domain::administration`): an
//! administrator sees and manages the accounts of their own organisation and
//! its units only, and gives no clearance above their own or the ceiling;
//! the operator at the command line is the instance administrator.

use crate::{App, AppError, Caller, audit, password};
use verbinding_domain::administration::{Account, Administrator};
use verbinding_domain::audit::AuditAction;
use verbinding_domain::directory::{UserInput, check_password};
use verbinding_domain::role::Permission;
use verbinding_store::StoreError;
use verbinding_store::directory::{self, Organisation, User, UserUpdate};

/// The administrator the caller is. `ManageUsers` first; then the operator
/// at the command line (the only caller without an account that holds it)
/// and members of the configured instance organisation administer the
/// instance; every other administrator their own organisation and its units.
pub fn administrator<'a>(app: &App, caller: &'a Caller, orgs: &[Organisation]) -> Result<Administrator<'a>, AppError> {
    caller.require(Permission::ManageUsers)?;
    let instance_org = app.config.instance_admin_org.as_deref();
    Ok(match &caller.user {
        None => Administrator::Instance,
        Some(u) if instance_org.is_some_and(|c| directory::code_of(orgs, u.org_id) == c) => Administrator::Instance,
        Some(u) => Administrator::Organisation { org: u.org_id, clearance: &u.clearance, user_id: u.id },
    })
}

/// The organisations the caller may place users in (for the forms' choice).
pub fn assignable(app: &App, caller: &Caller, orgs: &[Organisation]) -> Vec<Organisation> {
    let Ok(admin) = administrator(app, caller, orgs) else { return Vec::new() };
    orgs.iter().filter(|o| admin.covers(&directory::org_chain(orgs, o.id))).cloned().collect()
}

/// Whether the caller administers this account: what the directory shows of
/// it beyond name and organisation (clearance, whether active, version)
/// follows from that.
pub fn manages(app: &App, caller: &Caller, orgs: &[Organisation], user: &User) -> bool {
    administrator(app, caller, orgs).is_ok_and(|a| a.covers(&directory::org_chain(orgs, user.org_id)))
}

/// The user, when the administrator may see them; else `NotFound`, the
/// answer for an id nobody has (an account outside the scope is not theirs
/// to learn about).
fn in_scope(admin: &Administrator<'_>, orgs: &[Organisation], user: User) -> Result<User, AppError> {
    if admin.covers(&directory::org_chain(orgs, user.org_id)) { Ok(user) } else { Err(AppError::NotFound) }
}

/// Creates a user in organisation `org_code` with an initial password.
pub async fn create(
    app: &App,
    caller: &Caller,
    input: &UserInput,
    org_code: &str,
    initial_password: &str,
) -> Result<i64, AppError> {
    caller.require(Permission::ManageUsers)?;
    let new = input.parse();
    let pw = check_password("password", initial_password);
    let mut errors = Vec::new();
    if let Err(verbinding_domain::DomainError::Invalid(f)) = &new {
        errors.extend(f.iter().cloned());
    }
    if let Err(verbinding_domain::DomainError::Invalid(f)) = &pw {
        errors.extend(f.iter().cloned());
    }
    let mut conn = app.db.read().await?;
    let org = match directory::org_by_code(&mut conn, org_code.trim()).await {
        Ok(o) => Some(o),
        Err(StoreError::NotFound) => {
            errors.push(verbinding_domain::FieldError::new("org", "org_unknown"));
            None
        }
        Err(e) => return Err(e.into()),
    };
    let orgs = directory::list_orgs(&mut conn).await?;
    drop(conn);
    let admin = administrator(app, caller, &orgs)?;
    if let (Ok(new), Some(org)) = (&new, &org) {
        let chain = directory::org_chain(&orgs, org.id);
        let account = Account { user_id: 0, org_chain: &chain, roles: &new.roles, clearance: &new.clearance };
        if let Err(e) = admin.check_grant(&app.config.ceiling, None, &account) {
            errors.extend(e.fields().iter().cloned());
        }
    }
    let (Ok(new), Some(org), true) = (new, org, errors.is_empty()) else {
        return Err(AppError::Invalid(errors));
    };
    let pw = initial_password.to_string();
    let hash = tokio::task::spawn_blocking(move || password::hash(&pw))
        .await
        .map_err(|e| AppError::caused("password hashing", e))?
        .map_err(|e| AppError::internal(format!("password hashing: {e}")))?;
    let mut tx = app.db.write().await?;
    let id = directory::create_user(&mut tx, &new, org.id, &hash, app.now_ms()).await?;
    let e = audit::about_user(audit::event(app, caller, AuditAction::UserCreated), id);
    let e = audit::with_detail(
        e,
        serde_json::json!({"roles": new.roles.iter().map(|r| r.id()).collect::<Vec<_>>(), "clearance": new.clearance, "org": org.code}),
    );
    verbinding_store::audit::append(&mut tx, &e).await?;
    tx.commit().await?;
    Ok(id)
}

/// An administrator's edit of a user, made on `version`.
#[derive(Clone, Copy)]
pub struct UserEdit<'a> {
    pub id: i64,
    pub version: i64,
    pub input: &'a UserInput,
    pub org_code: &'a str,
    /// `None`: the edit does not say, and the account stays as it is (an
    /// edit that forgets the field never reactivates anyone).
    pub active: Option<bool>,
}

/// Applies an administrator's edit unless the user changed since it was loaded.
pub async fn update(app: &App, caller: &Caller, edit: &UserEdit<'_>) -> Result<(), AppError> {
    caller.require(Permission::ManageUsers)?;
    // An administrator's edit: the command line creates users, never edits them.
    caller.account()?;
    let UserEdit { id, version, input, org_code, active } = *edit;
    let mut conn = app.db.read().await?;
    let orgs = directory::list_orgs(&mut conn).await?;
    let admin = administrator(app, caller, &orgs)?;
    let current = in_scope(&admin, &orgs, directory::user_by_id(&mut conn, id).await?)?;
    let active = active.unwrap_or(current.active);
    // The email is the login name and is not edited here; validate the rest.
    let parsed = UserInput { email: current.email.clone(), ..input.clone() }.parse();
    let org = match directory::org_by_code(&mut conn, org_code.trim()).await {
        Err(StoreError::NotFound) => Err(()),
        found => Ok(found?),
    };
    drop(conn);
    let mut errors = match &parsed {
        Err(verbinding_domain::DomainError::Invalid(f)) => f.clone(),
        _ => Vec::new(),
    };
    if org.is_err() {
        errors.push(verbinding_domain::FieldError::new("org", "org_unknown"));
    }
    if caller.user_id() == Some(id) && !active {
        errors.push(verbinding_domain::FieldError::new("active", "cannot_deactivate_self"));
    }
    if let (Ok(u), Ok(org)) = (&parsed, &org) {
        let (before, after) = (directory::org_chain(&orgs, current.org_id), directory::org_chain(&orgs, org.id));
        let was = Account { user_id: id, org_chain: &before, roles: &current.roles, clearance: &current.clearance };
        let becomes = Account { org_chain: &after, roles: &u.roles, clearance: &u.clearance, ..was };
        if let Err(e) = admin.check_grant(&app.config.ceiling, Some(&was), &becomes) {
            errors.extend(e.fields().iter().cloned());
        }
    }
    let (Ok(u), Ok(org), true) = (parsed, org, errors.is_empty()) else {
        return Err(AppError::Invalid(errors));
    };
    let mut tx = app.db.write().await?;
    directory::update_user(
        &mut tx,
        &UserUpdate {
            id,
            version,
            name: &u.name,
            org_id: org.id,
            roles: &u.roles,
            clearance: &u.clearance,
            posting_end: u.posting_end.as_deref(),
            active,
        },
        app.now_ms(),
    )
    .await?;
    let action = match (current.active, active) {
        (true, false) => AuditAction::UserDeactivated,
        (false, true) => AuditAction::UserReactivated,
        _ => AuditAction::UserUpdated,
    };
    let e = audit::about_user(audit::event(app, caller, action), id);
    let e = audit::with_detail(
        e,
        serde_json::json!({"roles": u.roles.iter().map(|r| r.id()).collect::<Vec<_>>(), "clearance": u.clearance, "org": org.code, "active": active}),
    );
    verbinding_store::audit::append(&mut tx, &e).await?;
    tx.commit().await?;
    Ok(())
}

/// A page of the users an administrator manages (by id, after `after`):
/// those of their organisation and its units.
pub async fn list(app: &App, caller: &Caller, after: Option<i64>, limit: i64) -> Result<Vec<User>, AppError> {
    caller.require(Permission::ManageUsers)?;
    // An administrator's page: the command line only ever creates users.
    caller.account()?;
    let mut conn = app.db.read().await?;
    let orgs = directory::list_orgs(&mut conn).await?;
    let admin = administrator(app, caller, &orgs)?;
    let scope: Vec<i64> =
        orgs.iter().filter(|o| admin.covers(&directory::org_chain(&orgs, o.id))).map(|o| o.id).collect();
    Ok(directory::list_users(&mut conn, Some(&scope), after, limit).await?)
}

/// One user for an administrator's edit form; outside the scope, `NotFound`.
pub async fn get(app: &App, caller: &Caller, id: i64) -> Result<User, AppError> {
    caller.require(Permission::ManageUsers)?;
    caller.account()?;
    let mut conn = app.db.read().await?;
    let orgs = directory::list_orgs(&mut conn).await?;
    let admin = administrator(app, caller, &orgs)?;
    in_scope(&admin, &orgs, directory::user_by_id(&mut conn, id).await?)
}
