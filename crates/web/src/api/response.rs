//! Response API: the plan of an incident, the option catalogue and renewals.

use super::{ApiJson, json};
use crate::AppState;
use crate::actions::response as act;
use crate::errors::AppError;
use crate::middleware::RequestCtx;
use crate::pages::response::RENEWAL_HORIZON_DAYS;
use crate::session::ApiCaller;
use axum::extract::{Extension, Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use verbinding_store::response as store;

pub async fn plan(State(state): State<AppState>, caller: ApiCaller, Path(id): Path<i64>) -> Result<Response, AppError> {
    let (lines, _, evidence) = act::view(&state, &caller.principal, id).await?;
    Ok(json(
        StatusCode::OK,
        &serde_json::json!({
            "items": lines,
            "next_cursor": null,
            "supported_escalation": verbinding_domain::response::supported_rank(&evidence),
        }),
    ))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct MeasureBody {
    option: String,
    rationale: String,
    renewal_date: String,
}

pub async fn add(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    caller: ApiCaller,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<MeasureBody>,
) -> Result<Response, AppError> {
    let m = act::NewMeasure { option: &b.option, rationale: &b.rationale, renewal_date: &b.renewal_date };
    let item = act::add(&state, &ctx, &caller.user, &caller.principal, id, &m).await?;
    let (lines, _, _) = act::view(&state, &caller.principal, id).await?;
    let line = lines.into_iter().find(|l| l.item.id == item).ok_or(AppError::NotFound)?;
    Ok(json(StatusCode::CREATED, &line))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct MeasureStatusBody {
    item: Option<i64>,
    status: String,
    version: Option<i64>,
}

pub async fn set_status(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    caller: ApiCaller,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<MeasureStatusBody>,
) -> Result<Response, AppError> {
    crate::actions::incidents::load(&state, &caller.principal, id).await?;
    let item = b.item.ok_or_else(|| AppError::invalid("item", "required"))?;
    let version = b.version.ok_or_else(|| AppError::invalid("version", "required"))?;
    act::set_status(&state, &ctx, &caller.user, &caller.principal, id, item, version, b.status.trim()).await?;
    let (lines, _, _) = act::view(&state, &caller.principal, id).await?;
    let line = lines.into_iter().find(|l| l.item.id == item).ok_or(AppError::NotFound)?;
    Ok(json(StatusCode::OK, &line))
}

pub async fn options(State(state): State<AppState>, _caller: ApiCaller) -> Result<Response, AppError> {
    let mut conn = state.db.pool.acquire().await?;
    Ok(json(StatusCode::OK, &serde_json::json!({ "items": store::options(&mut conn).await?, "next_cursor": null })))
}

pub async fn renewals(State(state): State<AppState>, caller: ApiCaller) -> Result<Response, AppError> {
    let items = act::renewals(&state, &caller.principal, RENEWAL_HORIZON_DAYS).await?;
    Ok(json(StatusCode::OK, &serde_json::json!({ "items": items, "next_cursor": null })))
}

pub async fn add_option(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    caller: ApiCaller,
    ApiJson(input): ApiJson<verbinding_domain::response::OptionInput>,
) -> Result<Response, AppError> {
    crate::actions::catalogue::add_option(&state, &ctx, &caller.user, &input).await?;
    let mut conn = state.db.pool.acquire().await?;
    Ok(json(StatusCode::CREATED, &store::option(&mut conn, input.id.trim()).await?))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct LapsedBody {
    lapsed: Option<bool>,
}

pub async fn set_lapsed(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    caller: ApiCaller,
    Path(option): Path<String>,
    ApiJson(b): ApiJson<LapsedBody>,
) -> Result<Response, AppError> {
    let typed = b.lapsed.map(|l| if l { "1" } else { "0" }).unwrap_or("");
    crate::actions::catalogue::set_option_lapsed(&state, &ctx, &caller.user, &option, typed).await?;
    let mut conn = state.db.pool.acquire().await?;
    Ok(json(StatusCode::OK, &store::option(&mut conn, &option).await?))
}
