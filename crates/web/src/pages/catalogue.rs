//! The pages of `catalogue`: the threat-actor catalogue (imported from the
//! MISP galaxy), searched, and one threat actor.

use super::render;
use crate::AppState;
use crate::errors::WebError;
use crate::middleware::RequestCtx;
use crate::session::Viewer;
use axum::extract::{Extension, Path, Query, State};
use axum::response::Response;
use minijinja::{Value, context};
use serde::Deserialize;
use verbinding_app::catalogue as act;

const PAGE: i64 = 50;

#[derive(Deserialize, Default)]
pub struct ActorParams {
    q: Option<String>,
    offset: Option<i64>,
}

pub async fn actors(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
    Query(p): Query<ActorParams>,
) -> Result<Response, WebError> {
    let offset = p.offset.unwrap_or(0).max(0);
    let q = p.q.unwrap_or_default();
    let (items, total) = act::actors(&state, &viewer, &q, offset, PAGE).await?;
    let next = (items.len() as i64 == PAGE).then_some(offset + PAGE);
    render(
        &state,
        &viewer,
        &ctx,
        "catalogue/threat_actors.html",
        context! { items => Value::from_serialize(&items), q, next, total },
    )
}

pub async fn actor(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
    Path(uuid): Path<String>,
) -> Result<Response, WebError> {
    let a = act::actor(&state, &viewer, &uuid).await?;
    render(&state, &viewer, &ctx, "catalogue/threat_actor.html", context! { a => Value::from_serialize(&a) })
}
