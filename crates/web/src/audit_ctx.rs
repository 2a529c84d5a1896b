//! Builds typed audit events from the request, so every handler records the
//! same who/where/when without repeating itself.

use crate::AppState;
use crate::middleware::RequestCtx;
use verbinding_domain::audit::{AuditAction, AuditEvent};
use verbinding_store::directory::User;

pub struct Actor<'a> {
    pub user: Option<&'a User>,
    /// Used when there is no user (failed login: the name that was tried).
    pub label: &'a str,
}

impl<'a> Actor<'a> {
    pub fn user(user: &'a User) -> Self {
        Actor { user: Some(user), label: &user.email }
    }
}

pub fn event(state: &AppState, ctx: &RequestCtx, actor: Actor<'_>, action: AuditAction) -> AuditEvent {
    AuditEvent {
        at_ms: state.now_ms(),
        actor_user_id: actor.user.map(|u| u.id),
        actor_label: actor.label.chars().take(254).collect(),
        actor_org_id: actor.user.map(|u| u.org_id),
        action: action.id().to_string(),
        object_id: None,
        subject_user_id: None,
        request_id: ctx.request_id.clone(),
        source: ctx.source.clone(),
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
