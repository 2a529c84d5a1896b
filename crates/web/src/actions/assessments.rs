//! Assessments by the organisations involved. The author organisation is the
//! writer's own; only its members (or members of its units) may revise it.

use crate::AppState;
use crate::actions::dossiers::filter;
use crate::errors::AppError;
use crate::middleware::RequestCtx;
use verbinding_domain::access::Principal;
use verbinding_domain::assessment::AssessmentInput;
use verbinding_domain::audit::AuditAction;
use verbinding_store::assessments::{self, Assessment};
use verbinding_store::directory::User;
use verbinding_store::incidents;

pub async fn create(
    state: &AppState,
    ctx: &RequestCtx,
    user: &User,
    principal: &Principal,
    incident_id: i64,
    input: &AssessmentInput,
) -> Result<i64, AppError> {
    let f = filter(principal)?;
    let mut tx = state.db.write().await?;
    incidents::get_visible(&mut tx, &f, incident_id).await?;
    let valid = input.validate(&state.config.ceiling)?;
    super::within_own_clearance(principal, &valid.marking)?;
    let id = assessments::create(&mut tx, incident_id, &valid, user.org_id, user.id, state.now_ms()).await?;
    super::still_visible(&mut tx, &f, id).await?;
    let detail = serde_json::json!({"kind": "assessment", "assessment": valid.kind, "incident": incident_id});
    super::audit_about(&mut tx, state, ctx, user, AuditAction::ObjectCreated, id, detail).await?;
    tx.commit().await?;
    Ok(id)
}

/// Reads one assessment; reads above Ongerubriceerd are audited.
pub async fn read(
    state: &AppState,
    ctx: &RequestCtx,
    user: &User,
    principal: &Principal,
    id: i64,
) -> Result<Assessment, AppError> {
    let f = filter(principal)?;
    let mut tx = state.db.write().await?;
    let a = assessments::get_visible(&mut tx, &f, id).await?;
    super::record_read(state, ctx, user, tx, id, &a.classification).await?;
    Ok(a)
}

pub async fn load(state: &AppState, principal: &Principal, id: i64) -> Result<Assessment, AppError> {
    let f = filter(principal)?;
    let mut conn = state.db.pool.acquire().await?;
    Ok(assessments::get_visible(&mut conn, &f, id).await?)
}

/// Whether the principal belongs to the author organisation (or one of its units).
pub fn is_author(principal: &Principal, a: &Assessment) -> bool {
    principal.org_chain.contains(&a.author_org_id)
}

pub async fn update(
    state: &AppState,
    ctx: &RequestCtx,
    user: &User,
    principal: &Principal,
    id: i64,
    version: i64,
    input: &AssessmentInput,
) -> Result<(), AppError> {
    let f = filter(principal)?;
    let mut tx = state.db.write().await?;
    let current = assessments::get_visible(&mut tx, &f, id).await?;
    if !is_author(principal, &current) {
        return Err(AppError::Forbidden);
    }
    // The kind is fixed at creation.
    let input = AssessmentInput { kind: current.kind.clone(), ..input.clone() };
    let valid = input.validate(&state.config.ceiling)?;
    super::within_own_clearance(principal, &valid.marking)?;
    assessments::update(&mut tx, id, version, &valid, user.id, state.now_ms()).await?;
    super::still_visible(&mut tx, &f, id).await?;
    super::audit_about(
        &mut tx,
        state,
        ctx,
        user,
        AuditAction::ObjectUpdated,
        id,
        serde_json::json!({"version": version + 1}),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
