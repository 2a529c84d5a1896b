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

pub async fn list(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
    Query(p): Query<AuditParams>,
) -> Result<Response, WebError> {
    let limit = 50;
    let q = AuditQuery { action: p.action.clone(), actor: p.actor.clone(), object_id: None, before: p.before, limit };
    let entries = verbinding_app::audit::trail(&state, &viewer, &q).await?;
    let next = (entries.len() as i64 == limit).then(|| entries.last().map(|e| e.seq)).flatten();
    let actions: Vec<&str> = AuditAction::ALL.iter().map(|a| a.id()).collect();
    render(
        &state,
        &viewer,
        &ctx,
        "audit/audit.html",
        context! {
            entries => Value::from_serialize(&entries),
            actions,
            action => p.action.unwrap_or_default(),
            actor => p.actor.unwrap_or_default(),
            next,
        },
    )
}
