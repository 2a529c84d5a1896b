//! Response API: the plan of an incident, the option catalogue and renewals.

use super::contract::List;
use super::contract::deliberation::{Plan, PlanLineBody};
use super::contract::objects::{Renewal, ResponseOption};
use super::{ApiJson, json};
use crate::AppState;
use crate::errors::{AppError, WebError};
use crate::pages::response::RENEWAL_HORIZON_DAYS;
use crate::session::ApiCaller;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use verbinding_app::response as act;

pub async fn plan(State(state): State<AppState>, caller: ApiCaller, Path(id): Path<i64>) -> Result<Response, WebError> {
    let (lines, _, evidence) = act::view(&state, &caller, id).await?;
    let plan = Plan {
        items: lines.into_iter().map(PlanLineBody::from).collect(),
        next_cursor: None,
        supported_escalation: verbinding_domain::response::supported_rank(&evidence),
    };
    Ok(json(StatusCode::OK, &plan))
}

#[derive(Deserialize, Default, schemars::JsonSchema)]
#[serde(default)]
#[schemars(extend("required" = ["option", "rationale"]))]
pub struct MeasureBody {
    /// The key of a catalogue option that has not lapsed.
    #[schemars(length(min = 1))]
    option: String,
    #[schemars(schema_with = "crate::api::contract::fields::required_text")]
    rationale: String,
    /// For renewable measures, `YYYY-MM-DD`.
    #[schemars(schema_with = "crate::api::contract::fields::optional_date")]
    renewal_date: String,
}

pub async fn add(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<MeasureBody>,
) -> Result<Response, WebError> {
    let m = act::NewMeasure { option: &b.option, rationale: &b.rationale, renewal_date: &b.renewal_date };
    let item = act::add(&state, &caller, id, &m).await?;
    let (lines, _, _) = act::view(&state, &caller, id).await?;
    let line = lines.into_iter().find(|l| l.item.id == item).ok_or(AppError::NotFound)?;
    Ok(json(StatusCode::CREATED, &PlanLineBody::from(line)))
}

#[derive(Deserialize, Default, schemars::JsonSchema)]
#[serde(default)]
#[schemars(extend("required" = ["item", "status", "version"]))]
pub struct MeasureStatusBody {
    #[schemars(schema_with = "crate::api::contract::fields::id")]
    item: Option<i64>,
    /// The next status of the measure's lifecycle.
    // Text, so that an unknown status is named as a field error.
    #[schemars(with = "verbinding_domain::response::MeasureStatus")]
    status: String,
    #[schemars(schema_with = "crate::api::contract::fields::version")]
    version: Option<i64>,
}

pub async fn set_status(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<MeasureStatusBody>,
) -> Result<Response, WebError> {
    verbinding_app::incidents::load(&state, &caller, id).await?;
    let item = b.item.ok_or_else(|| AppError::invalid("item", "required"))?;
    let version = b.version.ok_or_else(|| AppError::invalid("version", "required"))?;
    act::set_status(&state, &caller, id, item, version, b.status.trim()).await?;
    let (lines, _, _) = act::view(&state, &caller, id).await?;
    let line = lines.into_iter().find(|l| l.item.id == item).ok_or(AppError::NotFound)?;
    Ok(json(StatusCode::OK, &PlanLineBody::from(line)))
}

pub async fn options(State(state): State<AppState>, caller: ApiCaller) -> Result<Response, WebError> {
    let items = verbinding_app::catalogue::options(&state, &caller).await?;
    Ok(json(StatusCode::OK, &List::<ResponseOption>::all(items)))
}

pub async fn renewals(State(state): State<AppState>, caller: ApiCaller) -> Result<Response, WebError> {
    let items = act::renewals(&state, &caller, RENEWAL_HORIZON_DAYS).await?;
    Ok(json(StatusCode::OK, &List::<Renewal>::all(items)))
}

pub async fn add_option(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiJson(input): ApiJson<verbinding_domain::response::OptionInput>,
) -> Result<Response, WebError> {
    verbinding_app::catalogue::add_option(&state, &caller, &input).await?;
    let option = verbinding_app::catalogue::option(&state, &caller, input.id.trim()).await?;
    Ok(json(StatusCode::CREATED, &ResponseOption::from(option)))
}

#[derive(Deserialize, Default, schemars::JsonSchema)]
#[serde(default)]
#[schemars(extend("required" = ["lapsed"]))]
pub struct LapsedBody {
    lapsed: Option<bool>,
}

pub async fn set_lapsed(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(option): Path<String>,
    ApiJson(b): ApiJson<LapsedBody>,
) -> Result<Response, WebError> {
    let typed = b.lapsed.map(|l| if l { "1" } else { "0" }).unwrap_or("");
    verbinding_app::catalogue::set_option_lapsed(&state, &caller, &option, typed).await?;
    Ok(json(StatusCode::OK, &ResponseOption::from(verbinding_app::catalogue::option(&state, &caller, &option).await?)))
}
