//! Builds typed audit events from the caller, so every service records the
//! same who/where/when without repeating itself.

use crate::{App, Caller};
use verbinding_domain::audit::{AuditAction, AuditEvent};

pub fn event(app: &App, caller: &Caller, action: AuditAction) -> AuditEvent {
    AuditEvent {
        at_ms: app.now_ms(),
        actor_user_id: caller.user.as_ref().map(|u| u.id),
        actor_label: caller.label.chars().take(254).collect(),
        actor_org_id: caller.user.as_ref().map(|u| u.org_id),
        action: action.id().to_string(),
        object_id: None,
        subject_user_id: None,
        request_id: caller.request_id.clone(),
        source: caller.source.clone(),
        detail: "{}".to_string(),
    }
}

/// Event about an object.
pub fn about_object(mut e: AuditEvent, object_id: i64) -> AuditEvent {
    e.object_id = Some(object_id);
    e
}

/// Event about a user account.
pub fn about_user(mut e: AuditEvent, user_id: i64) -> AuditEvent {
    e.subject_user_id = Some(user_id);
    e
}

pub fn with_detail(mut e: AuditEvent, detail: serde_json::Value) -> AuditEvent {
    e.detail = detail.to_string();
    e
}

/// Appends the caller's event, with its detail, in the caller's transaction
/// (committed with the change it records).
pub async fn record(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    app: &App,
    caller: &Caller,
    action: AuditAction,
    detail: serde_json::Value,
) -> Result<(), crate::AppError> {
    verbinding_store::audit::append(tx, &with_detail(event(app, caller, action), detail)).await?;
    Ok(())
}

/// The audit trail for those who may read it, filtered by their own
/// clearance and need-to-know: entries about objects they may not see are
/// not listed.
pub async fn trail(
    app: &App,
    caller: &Caller,
    q: &verbinding_store::audit::AuditQuery,
) -> Result<Vec<verbinding_store::audit::TrailEntry>, crate::AppError> {
    caller.require(verbinding_domain::role::Permission::ViewAudit)?;
    let f = caller.reader()?;
    let mut conn = app.db.read().await?;
    Ok(verbinding_store::audit::list_visible(&mut conn, &f, q).await?)
}
