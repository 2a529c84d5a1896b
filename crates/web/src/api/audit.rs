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

/// A page of the trail and its filters; an unknown parameter is refused.
#[derive(Deserialize, Default, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AuditParams {
    /// The last `seq` of the previous page.
    #[schemars(regex(pattern = r"^[0-9]{0,18}$"))]
    cursor: Option<String>,
    #[schemars(range(min = 1, max = 200))]
    limit: Option<i64>,
    /// An action, e.g. `object.read`.
    action: Option<String>,
    /// The actor's email.
    actor: Option<String>,
    object_id: Option<i64>,
}

pub async fn list(
    State(state): State<AppState>,
    caller: ApiCaller,
    Query(a): Query<AuditParams>,
) -> Result<Response, WebError> {
    let p = PageParams { cursor: a.cursor, limit: a.limit };
    let limit = p.limit()?;
    let q = AuditQuery {
        action: a.action,
        actor: a.actor,
        object_id: a.object_id,
        before: p.cursor()?,
        limit,
        ..Default::default()
    };
    let entries = verbinding_app::audit::trail(&state, &caller, &q).await?;
    let paged = page(entries, limit, |e| e.entry.seq);
    let items = paged.items.into_iter().map(super::contract::objects::AuditRecord::from).collect();
    Ok(json(StatusCode::OK, &super::contract::List { items, next_cursor: paged.next_cursor }))
}
