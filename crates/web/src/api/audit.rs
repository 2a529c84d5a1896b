//! Audit API for administrators: the same visibility as the audit page.

use super::{PageParams, json, page};
use crate::AppState;
use crate::errors::WebError;
use crate::session::ApiCaller;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use verbinding_store::audit::{self, AuditQuery};

#[derive(Deserialize, Default)]
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
    let f = caller.reader()?;
    let limit = p.limit();
    let mut conn = state.db.pool.acquire().await?;
    let entries = audit::list_visible(
        &mut conn,
        &f,
        &AuditQuery { action: a.action, actor: a.actor, object_id: a.object_id, before: p.cursor()?, limit },
    )
    .await?;
    let paged = page(entries, limit, |e| e.seq);
    Ok(json(StatusCode::OK, &serde_json::json!({ "items": paged.items, "next_cursor": paged.next_cursor })))
}
