//! The audit trail for administrators, filtered by their own clearance and
//! need-to-know in the query.

use super::render;
use crate::AppState;
use crate::errors::WebError;
use crate::middleware::RequestCtx;
use crate::session::Viewer;
use axum::extract::{Extension, Query, State};
use axum::response::Response;
use minijinja::{Value, context};
use serde::Deserialize;
use verbinding_domain::audit::AuditAction;
use verbinding_store::audit::AuditQuery;

#[derive(Deserialize, Default)]
pub struct AuditParams {
    pub action: Option<String>,
    pub actor: Option<String>,
    pub before: Option<i64>,
}

/// The page of an object of this kind, if it has one.
fn object_path(kind: &str, id: i64) -> Option<String> {
    let prefix = match kind {
        "dossier" => "/dossiers",
        "incident" => "/incidents",
        "assessment" => "/assessments",
        "playbook" => "/draaiboeken",
        "execution" => "/executions",
        "strategy" => "/strategy",
        "objective" => "/strategy/objectives",
        "project" => "/portfolio/projects",
        "review" => "/strategy/reviews",
        "scenario" => "/strategy/scenarios",
        _ => return None,
    };
    Some(format!("{prefix}/{id}"))
}

pub async fn list(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
    Query(p): Query<AuditParams>,
) -> Result<Response, WebError> {
    let limit = 50;
    let q = AuditQuery { action: p.action.clone(), actor: p.actor.clone(), object_id: None, before: p.before, limit };
    let entries = verbinding_app::audit::trail(&state, &viewer, &q).await?;
    let next = (entries.len() as i64 == limit).then(|| entries.last().map(|e| e.entry.seq)).flatten();
    let actions: Vec<&str> = AuditAction::ALL.iter().map(|a| a.id()).collect();
    // Each row as people read it: the action and its change in words, the
    // object by its kind with a link to its page.
    let entries: Vec<Value> = entries
        .iter()
        .map(|t| {
            let e = &t.entry.event;
            let change = serde_json::from_str::<serde_json::Value>(&e.detail)
                .ok()
                .and_then(|d| d["change"].as_str().map(|c| format!("audit.change.{c}")))
                .filter(|k| crate::i18n::has(k));
            let href = match (t.object_kind.as_deref(), e.object_id) {
                // A static prefix and a number: nothing to escape.
                (Some(kind), Some(id)) => object_path(kind, id).map(Value::from_safe_string),
                _ => None,
            };
            context! {
                seq => t.entry.seq, at_ms => e.at_ms, actor => e.actor_label, action => e.action, change,
                object_id => e.object_id, kind => t.object_kind, href, source => e.source,
            }
        })
        .collect();
    render(
        &state,
        &viewer,
        &ctx,
        "audit/audit.html",
        context! {
            entries,
            actions,
            action => p.action.unwrap_or_default(),
            actor => p.actor.unwrap_or_default(),
            next,
        },
    )
}
