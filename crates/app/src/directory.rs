//! The directory as its readers see it: organisations and their members.
//! Who may read it is `ViewDirectory`; what of a user is shown (their
//! clearance, say) is decided by the page or API that shows it.

use crate::{App, AppError, Caller, audit};
use verbinding_domain::administration::Administrator;
use verbinding_domain::audit::AuditAction;
use verbinding_domain::directory::OrganisationInput;
use verbinding_domain::role::Permission;
use verbinding_store::directory::{self, NewOrganisation, Organisation, User};

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
    let members = directory::list_users(&mut conn, Some(&[org.id]), None, 500).await?;
    Ok((org, members))
}

/// Adds an organisation to the directory (the operator at the command line
/// or an administrator: `ManageUsers`, like creating the users who work
/// there). A code already taken is refused on the field `code`, an unknown
/// parent on `parent`; the addition is audited with what was entered.
pub async fn add_organisation(app: &App, caller: &Caller, input: &OrganisationInput) -> Result<i64, AppError> {
    caller.require(Permission::ManageUsers)?;
    let valid = input.validate()?;
    let mut conn = app.db.read().await?;
    let orgs = directory::list_orgs(&mut conn).await?;
    drop(conn);
    // An organisation's administrator adds units below their own
    // organisation only; a new top-level organisation is the instance's.
    let admin = crate::users::administrator(app, caller, &orgs)?;
    if admin != Administrator::Instance {
        let parent = valid.parent.as_deref().and_then(|p| orgs.iter().find(|o| o.code == p));
        if !parent.is_some_and(|p| admin.covers(&directory::org_chain(&orgs, p.id))) {
            return Err(AppError::invalid("parent", "org_outside_scope"));
        }
    }
    let mut tx = app.db.write().await?;
    let id = directory::insert_org(
        &mut tx,
        &NewOrganisation {
            code: &valid.code,
            name_nl: &valid.name_nl,
            name_en: &valid.name_en,
            kind: valid.kind.id(),
            parent_code: valid.parent.as_deref(),
            city: valid.city.as_deref(),
        },
    )
    .await?;
    let detail =
        serde_json::json!({"organisation": id, "code": valid.code, "kind": valid.kind.id(), "parent": valid.parent});
    audit::record(&mut tx, app, caller, AuditAction::OrganisationCreated, detail).await?;
    tx.commit().await?;
    Ok(id)
}

/// Lets an agency's liaisons answer consultation rounds addressed to its
/// parent ministry, or stops that. The ministry delegates: an administrator
/// of the parent (or the instance's) decides; audited with both codes.
pub async fn set_answers_for_parent(app: &App, caller: &Caller, code: &str, on: bool) -> Result<(), AppError> {
    caller.require(Permission::ManageUsers)?;
    let mut conn = app.db.read().await?;
    let orgs = directory::list_orgs(&mut conn).await?;
    drop(conn);
    let org = orgs.iter().find(|o| o.code == code).ok_or(AppError::NotFound)?;
    let Some(parent) = org.parent_id.and_then(|p| orgs.iter().find(|o| o.id == p)) else {
        return Err(AppError::invalid("answers_for_parent", "org_without_parent"));
    };
    let admin = crate::users::administrator(app, caller, &orgs)?;
    if admin != Administrator::Instance && !admin.covers(&directory::org_chain(&orgs, parent.id)) {
        return Err(AppError::Forbidden);
    }
    let mut tx = app.db.write().await?;
    directory::set_answers_for_parent(&mut tx, org.id, on).await?;
    let detail =
        serde_json::json!({"organisation": org.id, "code": org.code, "parent": parent.code, "answers_for_parent": on});
    audit::record(&mut tx, app, caller, AuditAction::OrganisationDelegation, detail).await?;
    tx.commit().await?;
    Ok(())
}

/// Every organisation, ordered by code: the tree principals are built on
/// (an organisation chain is part of who a caller is, so this is read
/// before there is a caller). Names and codes of organisations are not
/// need-to-know.
pub async fn tree(app: &App) -> Result<Vec<Organisation>, AppError> {
    let mut conn = app.db.read().await?;
    Ok(directory::list_orgs(&mut conn).await?)
}
