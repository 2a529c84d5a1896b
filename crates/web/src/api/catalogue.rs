//! The API of `catalogue`: the threat-actor catalogue (imported from the MISP
//! galaxy), searched and read one by one.

use super::{json, offset};
use crate::AppState;
use crate::errors::WebError;
use crate::session::ApiCaller;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use verbinding_app::catalogue as act;

#[derive(Deserialize, Default)]
pub struct ActorParams {
    q: Option<String>,
    cursor: Option<String>,
    limit: Option<i64>,
}

pub async fn actors(
    State(state): State<AppState>,
    caller: ApiCaller,
    Query(p): Query<ActorParams>,
) -> Result<Response, WebError> {
    let start = offset(&p.cursor)?;
    let limit = p.limit.unwrap_or(50).clamp(1, 200);
    let (items, _) = act::actors(&state, &caller, p.q.as_deref().unwrap_or(""), start, limit).await?;
    let next = (items.len() as i64 == limit).then(|| (start + limit).to_string());
    Ok(json(StatusCode::OK, &serde_json::json!({ "items": items, "next_cursor": next })))
}

pub async fn actor(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(uuid): Path<String>,
) -> Result<Response, WebError> {
    Ok(json(StatusCode::OK, &act::actor(&state, &caller, &uuid).await?))
}
