//! Audit API for administrators: the same visibility as the audit page.

use super::{PageParams, json, page};
use crate::AppState;
use crate::errors::WebError;
use crate::session::ApiCaller;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use verbinding_store::audit::AuditQuery;

#[derive(Deserialize, Default, schemars::JsonSchema)]
pub struct AuditParams {
    action: Option<String>,
    actor: Option<String>,
    object_id: Option<i64>,
}

pub async fn list(
    State(state): State<AppState>,
    caller: ApiCaller,
    Query(p): Query<PageParams>,
    Query(a): Query<AuditParams>,
) -> Result<Response, WebError> {
    let limit = p.limit()?;
    let q = AuditQuery { action: a.action, actor: a.actor, object_id: a.object_id, before: p.cursor()?, limit };
    let entries = verbinding_app::audit::trail(&state, &caller, &q).await?;
    let paged = page(entries, limit, |e| e.seq);
    let items = paged.items.into_iter().map(super::contract::objects::AuditRecord::from).collect();
    Ok(json(StatusCode::OK, &super::contract::List { items, next_cursor: paged.next_cursor }))
}
