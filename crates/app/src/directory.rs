//! The directory as its readers see it: organisations and their members.
//! Who may read it is `ViewDirectory`; what of a user is shown (their
//! clearance, say) is decided by the page or API that shows it.

use crate::{App, AppError, Caller};
use verbinding_domain::role::Permission;
use verbinding_store::directory::{self, Organisation, User};

/// A page of the users (by id, after `after`).
pub async fn users(app: &App, caller: &Caller, after: Option<i64>, limit: i64) -> Result<Vec<User>, AppError> {
    caller.require(Permission::ViewDirectory)?;
    let mut conn = app.db.read().await?;
    Ok(directory::list_users(&mut conn, None, after, limit).await?)
}

/// One user.
pub async fn user(app: &App, caller: &Caller, id: i64) -> Result<User, AppError> {
    caller.require(Permission::ViewDirectory)?;
    let mut conn = app.db.read().await?;
    Ok(directory::user_by_id(&mut conn, id).await?)
}

/// An organisation by its code, with its members.
pub async fn organisation(app: &App, caller: &Caller, code: &str) -> Result<(Organisation, Vec<User>), AppError> {
    caller.require(Permission::ViewDirectory)?;
    let mut conn = app.db.read().await?;
    let org = directory::org_by_code(&mut conn, code).await?;
    let members = directory::list_users(&mut conn, Some(org.id), None, 500).await?;
    Ok((org, members))
}

/// Every organisation, ordered by code: the tree principals are built on
/// (an organisation chain is part of who a caller is, so this is read
/// before there is a caller). Names and codes of organisations are not
/// need-to-know.
pub async fn tree(app: &App) -> Result<Vec<Organisation>, AppError> {
    let mut conn = app.db.read().await?;
    Ok(directory::list_orgs(&mut conn).await?)
}
