//! Incident dossiers: create, read, edit, move through the lifecycle, and
//! add timeline entries. Each change is one transaction with its audit event.

use crate::AppState;
use crate::actions::dossiers::filter;
use crate::errors::AppError;
use crate::middleware::RequestCtx;
use verbinding_domain::access::Principal;
use verbinding_domain::audit::AuditAction;
use verbinding_domain::incident::{IncidentInput, STATUSES, transition_allowed};
use verbinding_store::directory::User;
use verbinding_store::incidents::{self, Incident};

/// Creates an incident; like every object, its author must be cleared for it
/// and covered by its need-to-know list.
pub async fn create(
    state: &AppState,
    ctx: &RequestCtx,
    user: &User,
    principal: &Principal,
    input: &IncidentInput,
) -> Result<i64, AppError> {
    let f = filter(principal)?;
    let valid = input.validate(&state.config.ceiling)?;
    super::within_own_clearance(principal, &valid.marking)?;
    let mut tx = state.db.write().await?;
    let id = incidents::create(&mut tx, &valid, user.id, state.now_ms()).await?;
    super::still_visible(&mut tx, &f, id).await?;
    super::audit_about(
        &mut tx,
        state,
        ctx,
        user,
        AuditAction::ObjectCreated,
        id,
        serde_json::json!({"kind": "incident"}),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Reads one incident; reads above Ongerubriceerd are audited in the same
/// transaction.
pub async fn read(
    state: &AppState,
    ctx: &RequestCtx,
    user: &User,
    principal: &Principal,
    id: i64,
) -> Result<Incident, AppError> {
    let f = filter(principal)?;
    let mut tx = state.db.write().await?;
    let i = incidents::get_visible(&mut tx, &f, id).await?;
    super::record_read(state, ctx, user, tx, id, &i.classification).await?;
    Ok(i)
}

/// Loads through the visibility rule without recording a read (edit forms,
/// answers after a change).
pub async fn load(state: &AppState, principal: &Principal, id: i64) -> Result<Incident, AppError> {
    let f = filter(principal)?;
    let mut conn = state.db.pool.acquire().await?;
    Ok(incidents::get_visible(&mut conn, &f, id).await?)
}

pub async fn update(
    state: &AppState,
    ctx: &RequestCtx,
    user: &User,
    principal: &Principal,
    id: i64,
    version: i64,
    input: &IncidentInput,
) -> Result<(), AppError> {
    let f = filter(principal)?;
    let valid = input.validate(&state.config.ceiling)?;
    super::within_own_clearance(principal, &valid.marking)?;
    let mut tx = state.db.write().await?;
    incidents::get_visible(&mut tx, &f, id).await?;
    incidents::update(&mut tx, id, version, &valid, user.id, state.now_ms()).await?;
    super::still_visible(&mut tx, &f, id).await?;
    super::audit_about(&mut tx, state, ctx, user, AuditAction::ObjectUpdated, id, serde_json::json!({})).await?;
    tx.commit().await?;
    Ok(())
}

/// Moves the incident to the next or previous phase.
pub async fn set_status(
    state: &AppState,
    ctx: &RequestCtx,
    user: &User,
    principal: &Principal,
    id: i64,
    version: i64,
    to: &str,
) -> Result<(), AppError> {
    let f = filter(principal)?;
    let mut tx = state.db.write().await?;
    let current = incidents::get_visible(&mut tx, &f, id).await?;
    if !STATUSES.contains(&to) || !transition_allowed(&current.status, to) {
        return Err(AppError::invalid("status", "transition_not_allowed"));
    }
    let from = incidents::set_status(&mut tx, id, version, to, user.id, state.now_ms()).await?;
    super::audit_about(
        &mut tx,
        state,
        ctx,
        user,
        AuditAction::ObjectUpdated,
        id,
        serde_json::json!({"status": {"from": from, "to": to}}),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub const NOTE_MAX: usize = 2_000;

/// Adds a manual entry to the timeline (what happened, when).
pub async fn add_note(
    state: &AppState,
    ctx: &RequestCtx,
    user: &User,
    principal: &Principal,
    id: i64,
    text: &str,
) -> Result<(), AppError> {
    // Visibility first: someone who may not see the incident learns nothing,
    // not even whether their input would have been valid.
    let f = filter(principal)?;
    let mut tx = state.db.write().await?;
    incidents::get_visible(&mut tx, &f, id).await?;
    let text = text.trim();
    if text.is_empty() {
        return Err(AppError::invalid("note", "required"));
    }
    if text.chars().count() > NOTE_MAX {
        return Err(AppError::invalid("note", "too_long"));
    }
    let now = state.now_ms();
    let event = incidents::NewEvent {
        kind: "note",
        detail: serde_json::json!({"text": text}),
        by: Some(user.id),
        object_id: None,
    };
    incidents::add_event(&mut tx, id, event, now).await?;
    super::audit_about(
        &mut tx,
        state,
        ctx,
        user,
        AuditAction::ObjectUpdated,
        id,
        serde_json::json!({"timeline": "note"}),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Checks list filters so a typo is named instead of silently matching nothing.
pub fn check_query(q: &incidents::IncidentQuery) -> Result<(), AppError> {
    use verbinding_domain::directory::valid_date;
    use verbinding_domain::incident::{NIS2_SECTORS, SEVERITIES};
    let mut v = verbinding_domain::error::Validator::new();
    let set = |s: &Option<String>| s.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
    if let Some(s) = set(&q.status) {
        v.check(STATUSES.contains(&s.as_str()), "status", "status_unknown");
    }
    if let Some(s) = set(&q.severity) {
        v.check(SEVERITIES.contains(&s.as_str()), "severity", "severity_unknown");
    }
    if let Some(s) = set(&q.sector) {
        v.check(NIS2_SECTORS.contains(&s.as_str()), "sector", "sector_unknown");
    }
    if let Some(s) = set(&q.from) {
        v.check(valid_date(&s), "from", "date_invalid");
    }
    if let Some(s) = set(&q.to) {
        v.check(valid_date(&s), "to", "date_invalid");
    }
    if let (Some(f), Some(t)) = (set(&q.from), set(&q.to)) {
        v.check(f <= t, "to", "date_before_from");
    }
    if let Some(s) = set(&q.sort) {
        v.check(["newest", "oldest", "severity", "discovery"].contains(&s.as_str()), "sort", "sort_unknown");
    }
    Ok(v.finish()?)
}

/// Records a partner's part in the response (informed, joined a statement,
/// declined). Only partner states and international organisations qualify.
pub async fn add_partner(
    state: &AppState,
    ctx: &RequestCtx,
    user: &User,
    principal: &Principal,
    id: i64,
    input: &verbinding_domain::partners::PartnerInput,
) -> Result<(), AppError> {
    let f = filter(principal)?;
    let mut tx = state.db.write().await?;
    incidents::get_visible(&mut tx, &f, id).await?;
    let valid = input.validate()?;
    verbinding_store::partners::add(&mut tx, id, &valid, user.id, state.now_ms()).await?;
    let detail = serde_json::json!({"partner": valid.partner, "relation": valid.relation});
    super::audit_about(&mut tx, state, ctx, user, AuditAction::ObjectUpdated, id, detail).await?;
    tx.commit().await?;
    Ok(())
}
