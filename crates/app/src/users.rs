//! User administration shared by the admin pages, the API and the CLI.

use crate::{App, AppError, Caller, audit, password};
use verbinding_domain::audit::AuditAction;
use verbinding_domain::directory::{UserInput, check_password};
use verbinding_domain::role::Permission;
use verbinding_store::StoreError;
use verbinding_store::directory::{self, User, UserUpdate};

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
    drop(conn);
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
    pub active: bool,
}

/// Applies an administrator's edit unless the user changed since it was loaded.
pub async fn update(app: &App, caller: &Caller, edit: &UserEdit<'_>) -> Result<(), AppError> {
    caller.require(Permission::ManageUsers)?;
    // An administrator's edit: the command line creates users, never edits them.
    caller.account()?;
    let UserEdit { id, version, input, org_code, active } = *edit;
    let mut conn = app.db.read().await?;
    let current = directory::user_by_id(&mut conn, id).await?;
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

/// A page of the users for an administrator (by id, after `after`).
pub async fn list(app: &App, caller: &Caller, after: Option<i64>, limit: i64) -> Result<Vec<User>, AppError> {
    caller.require(Permission::ManageUsers)?;
    // An administrator's page: the command line only ever creates users.
    caller.account()?;
    let mut conn = app.db.read().await?;
    Ok(directory::list_users(&mut conn, None, after, limit).await?)
}

/// One user for an administrator's edit form.
pub async fn get(app: &App, caller: &Caller, id: i64) -> Result<User, AppError> {
    caller.require(Permission::ManageUsers)?;
    caller.account()?;
    let mut conn = app.db.read().await?;
    Ok(directory::user_by_id(&mut conn, id).await?)
}
