//! Creating, reading and editing dossiers.

use crate::AppState;
use crate::errors::AppError;
use crate::middleware::RequestCtx;
use verbinding_domain::access::{Principal, VisibilityFilter};
use verbinding_domain::audit::AuditAction;
use verbinding_domain::dossier::DossierInput;
use verbinding_store::directory::User;
use verbinding_store::dossiers::{self, Dossier};

/// The filter for a principal; someone who may read nothing gets `NotFound`
/// for every object, like everyone else who may not see it.
pub fn filter(principal: &Principal) -> Result<VisibilityFilter, AppError> {
    VisibilityFilter::for_principal(principal).ok_or(AppError::NotFound)
}

/// Creates a dossier. The creator must be cleared for its classification and
/// be covered by its need-to-know list, so nobody files what they cannot see.
pub async fn create(
    state: &AppState,
    ctx: &RequestCtx,
    user: &User,
    principal: &Principal,
    input: &DossierInput,
) -> Result<i64, AppError> {
    let f = filter(principal)?;
    let valid = input.validate(&state.config.ceiling)?;
    super::within_own_clearance(principal, &valid.marking)?;
    let mut tx = state.db.write().await?;
    let id = dossiers::create(&mut tx, &valid, user.id, state.now_ms()).await?;
    super::still_visible(&mut tx, &f, id).await?;
    super::audit_about(
        &mut tx,
        state,
        ctx,
        user,
        AuditAction::ObjectCreated,
        id,
        serde_json::json!({"kind": "dossier"}),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Reads one dossier; a read of anything above Ongerubriceerd is audited in
/// the same transaction as the read.
pub async fn read(
    state: &AppState,
    ctx: &RequestCtx,
    user: &User,
    principal: &Principal,
    id: i64,
) -> Result<Dossier, AppError> {
    let f = filter(principal)?;
    let mut tx = state.db.write().await?;
    let d = dossiers::get_visible(&mut tx, &f, id).await?;
    super::record_read(state, ctx, user, tx, id, &d.classification).await?;
    Ok(d)
}

/// Loads for editing without recording a read twice (the form shows what
/// the detail page already showed), still through the visibility rule.
pub async fn load(state: &AppState, principal: &Principal, id: i64) -> Result<Dossier, AppError> {
    let f = filter(principal)?;
    let mut conn = state.db.pool.acquire().await?;
    Ok(dossiers::get_visible(&mut conn, &f, id).await?)
}

/// Applies an edit made on `version`. The editor must be able to see the
/// dossier before and still be able to see it after: nobody can lock
/// themselves out or move a dossier beyond their own clearance.
pub async fn update(
    state: &AppState,
    ctx: &RequestCtx,
    user: &User,
    principal: &Principal,
    id: i64,
    version: i64,
    input: &DossierInput,
) -> Result<(), AppError> {
    let f = filter(principal)?;
    let valid = input.validate(&state.config.ceiling)?;
    super::within_own_clearance(principal, &valid.marking)?;
    let mut tx = state.db.write().await?;
    dossiers::get_visible(&mut tx, &f, id).await?;
    dossiers::update(&mut tx, id, version, &valid, user.id, state.now_ms()).await?;
    super::still_visible(&mut tx, &f, id).await?;
    super::audit_about(&mut tx, state, ctx, user, AuditAction::ObjectUpdated, id, serde_json::json!({})).await?;
    tx.commit().await?;
    Ok(())
}
