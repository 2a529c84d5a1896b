//! The API of `catalogue`: the threat-actor catalogue (imported from the MISP
//! galaxy), searched and read one by one.

use super::contract::List;
use super::contract::objects::ThreatActor;
use super::{json, offset};
use crate::AppState;
use crate::errors::WebError;
use crate::session::ApiCaller;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use verbinding_app::catalogue as act;

#[derive(Deserialize, Default, schemars::JsonSchema)]
/// An unknown parameter is refused (400), never silently ignored.
#[serde(deny_unknown_fields)]
pub struct ActorParams {
    /// Part of a name or synonym.
    q: Option<String>,
    /// The offset of the page, as handed out in `next_cursor`.
    #[schemars(regex(pattern = r"^[0-9]{0,18}$"))]
    cursor: Option<String>,
    #[schemars(range(min = 1, max = 200))]
    limit: Option<i64>,
}

pub async fn actors(
    State(state): State<AppState>,
    caller: ApiCaller,
    Query(p): Query<ActorParams>,
) -> Result<Response, WebError> {
    let start = offset(&p.cursor)?;
    let limit = super::limit(p.limit)?;
    let (items, _) = act::actors(&state, &caller, p.q.as_deref().unwrap_or(""), start, limit).await?;
    let next = (items.len() as i64 == limit).then(|| (start + limit).to_string());
    Ok(json(StatusCode::OK, &List { items: items.into_iter().map(ThreatActor::from).collect(), next_cursor: next }))
}

pub async fn actor(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(uuid): Path<String>,
) -> Result<Response, WebError> {
    Ok(json(StatusCode::OK, &ThreatActor::from(act::actor(&state, &caller, &uuid).await?)))
}
