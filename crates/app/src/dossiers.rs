//! Creating, reading and editing dossiers.

use crate::marked::{Change, Read};
use crate::{App, AppError, Caller};
use verbinding_domain::audit::AuditAction;
use verbinding_domain::dossier::DossierInput;
use verbinding_domain::role::Permission;
use verbinding_store::dossiers::{self, Dossier};

/// Creates a dossier. The creator must be cleared for its classification and
/// be covered by its need-to-know list, so nobody files what they cannot see.
pub async fn create(app: &App, caller: &Caller, input: &DossierInput) -> Result<i64, AppError> {
    caller.require(Permission::WriteObjects)?;
    // A writer who reads: the command line holds WriteObjects but files nothing.
    caller.reader()?;
    let valid = input.validate(&app.config.ceiling)?;
    let mut c = Change::begin(app, caller, Permission::WriteObjects).await?;
    c.within_own_clearance(&valid.marking)?;
    let (by, now) = (c.user_id()?, c.now_ms());
    let id = dossiers::create(&mut c.tx, &valid, by, now).await?;
    c.finish(id, AuditAction::ObjectCreated, serde_json::json!({"kind": "dossier"})).await?;
    Ok(id)
}

/// Reads one dossier; a read of anything above Ongerubriceerd is audited in
/// the same transaction as the read.
pub async fn read(app: &App, caller: &Caller, id: i64) -> Result<Dossier, AppError> {
    let mut r = Read::begin(app, caller).await?;
    let d = dossiers::get_visible(&mut r.tx, &r.filter, id).await?;
    r.finish(id, &d.classification).await?;
    Ok(d)
}

/// Loads for editing without recording a read twice (the form shows what
/// the detail page already showed), still through the visibility rule.
pub async fn load(app: &App, caller: &Caller, id: i64) -> Result<Dossier, AppError> {
    let f = caller.reader()?;
    let mut conn = app.db.pool.acquire().await?;
    Ok(dossiers::get_visible(&mut conn, &f, id).await?)
}

/// Applies an edit made on `version`. The editor must be able to see the
/// dossier before and still be able to see it after: nobody can lock
/// themselves out or move a dossier beyond their own clearance.
pub async fn update(app: &App, caller: &Caller, id: i64, version: i64, input: &DossierInput) -> Result<(), AppError> {
    // Visibility first: someone who may not see it learns nothing, not
    // even whether their input would have been valid.
    let mut c = Change::begin(app, caller, Permission::WriteObjects).await?;
    dossiers::get_visible(&mut c.tx, &c.filter, id).await?;
    let valid = input.validate(&app.config.ceiling)?;
    c.within_own_clearance(&valid.marking)?;
    let (by, now) = (c.user_id()?, c.now_ms());
    dossiers::update(&mut c.tx, id, version, &valid, by, now).await?;
    c.finish(id, AuditAction::ObjectUpdated, serde_json::json!({})).await
}
