//! Assessment API: per incident, per assessment, and its version history.

use super::{ApiJson, MarkingBody, json};
use crate::AppState;
use crate::actions::assessments as act;
use crate::actions::dossiers::filter;
use crate::actions::incidents as incident_act;
use crate::errors::AppError;
use crate::middleware::RequestCtx;
use crate::session::ApiCaller;
use axum::extract::{Extension, Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use verbinding_domain::assessment::{AssessmentInput, Content};
use verbinding_store::assessments;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct AssessmentBody {
    kind: String,
    #[serde(flatten)]
    content: Content,
    meta_classification: String,
    #[serde(flatten)]
    marking: MarkingBody,
    version: Option<i64>,
}

impl AssessmentBody {
    fn input(&self) -> AssessmentInput {
        AssessmentInput {
            kind: self.kind.clone(),
            content: self.content.clone(),
            meta_classification: self.meta_classification.clone(),
            marking: self.marking.input(),
        }
    }
}

pub async fn for_incident(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    incident_act::load(&state, &caller.principal, id).await?;
    let mut conn = state.db.pool.acquire().await?;
    let (items, restricted) = assessments::for_incident(&mut conn, &filter(&caller.principal)?, id).await?;
    Ok(json(StatusCode::OK, &serde_json::json!({ "items": items, "restricted": restricted, "next_cursor": null })))
}

pub async fn create(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    caller: ApiCaller,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<AssessmentBody>,
) -> Result<Response, AppError> {
    let aid = act::create(&state, &ctx, &caller.user, &caller.principal, id, &b.input()).await?;
    Ok(json(StatusCode::CREATED, &act::load(&state, &caller.principal, aid).await?))
}

pub async fn get(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    caller: ApiCaller,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    Ok(json(StatusCode::OK, &act::read(&state, &ctx, &caller.user, &caller.principal, id).await?))
}

pub async fn update(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    caller: ApiCaller,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<AssessmentBody>,
) -> Result<Response, AppError> {
    let current = act::load(&state, &caller.principal, id).await?;
    if !act::is_author(&caller.principal, &current) {
        return Err(AppError::Forbidden);
    }
    let version = b.version.ok_or_else(|| AppError::invalid("version", "required"))?;
    act::update(&state, &ctx, &caller.user, &caller.principal, id, version, &b.input()).await?;
    Ok(json(StatusCode::OK, &act::load(&state, &caller.principal, id).await?))
}

pub async fn versions(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    act::load(&state, &caller.principal, id).await?;
    let mut conn = state.db.pool.acquire().await?;
    let items = assessments::versions(&mut conn, &filter(&caller.principal)?, id).await?;
    Ok(json(StatusCode::OK, &serde_json::json!({ "items": items, "next_cursor": null })))
}
