//! Consultation and decision API of an incident.

use super::contract::List;
use super::contract::deliberation::{AnswerReceipt, Decision, Round};
use super::{ApiJson, json};
use crate::AppState;
use crate::errors::{AppError, WebError};
use crate::session::ApiCaller;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use verbinding_app::consultations::{self as rounds_act, OpenRound};
use verbinding_app::decisions as act;
use verbinding_domain::decision::DecisionInput;

pub async fn rounds(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let items = rounds_act::view(&state, &caller, id).await?;
    Ok(json(StatusCode::OK, &List::<Round>::all(items)))
}

#[derive(Deserialize, Default, schemars::JsonSchema)]
#[serde(default)]
#[schemars(extend("required" = ["subject", "proposal", "rule", "organisations", "deadline"]))]
pub struct RoundBody {
    #[schemars(with = "verbinding_domain::consultation::Subject")]
    subject: String,
    #[schemars(schema_with = "crate::api::contract::fields::required_text")]
    proposal: String,
    #[schemars(with = "verbinding_domain::consultation::DecisionRule")]
    rule: String,
    /// Codes of the organisations asked; each must be able to see the incident.
    #[schemars(length(min = 1), extend("items" = {"type": "string", "minLength": 1}))]
    organisations: Vec<String>,
    /// RFC 3339, or `YYYY-MM-DDTHH:MM` in UTC; in the future.
    #[schemars(schema_with = "crate::api::contract::fields::moment")]
    deadline: String,
    /// Response-plan items put to the round (not lapsed).
    measures: Vec<i64>,
}

pub async fn open_round(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<RoundBody>,
) -> Result<Response, WebError> {
    let input = rounds_act::round_input(b.subject, b.proposal, b.rule, b.organisations, b.deadline);
    let measures: Vec<String> = b.measures.iter().map(i64::to_string).collect();
    let round = rounds_act::open(&state, &caller, id, &OpenRound { input, measures: &measures }).await?;
    let view = rounds_act::view(&state, &caller, id).await?;
    let created = view.into_iter().find(|r| r.round.id == round).ok_or(AppError::NotFound)?;
    Ok(json(StatusCode::CREATED, &Round::from(created)))
}

#[derive(Deserialize, Default, schemars::JsonSchema)]
#[serde(default)]
#[schemars(extend("required" = ["round", "answer"]))]
pub struct AnswerBody {
    #[schemars(schema_with = "crate::api::contract::fields::id")]
    round: Option<i64>,
    #[schemars(with = "verbinding_domain::consultation::AnswerKind")]
    answer: String,
    /// Required to object or to agree with remarks.
    #[schemars(length(max = 5_000))]
    explanation: String,
}

pub async fn answer(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<AnswerBody>,
) -> Result<Response, WebError> {
    let round = b.round.ok_or_else(|| AppError::invalid("round", "required"));
    let a = rounds_act::answer(&state, &caller, id, round, b.answer.trim(), &b.explanation).await?;
    Ok(json(StatusCode::CREATED, &AnswerReceipt::from(a)))
}

pub async fn decisions(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let items = act::view(&state, &caller, id).await?;
    Ok(json(StatusCode::OK, &List::<Decision>::all(items)))
}

pub async fn propose(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<DecisionInput>,
) -> Result<Response, WebError> {
    let decision = act::propose(&state, &caller, id, &input).await?;
    one(&state, &caller, id, decision, StatusCode::CREATED).await
}

async fn one(
    state: &AppState,
    caller: &ApiCaller,
    incident: i64,
    decision: i64,
    status: StatusCode,
) -> Result<Response, WebError> {
    let view = act::view(state, caller, incident).await?;
    let d = view.into_iter().find(|d| d.decision.id == decision).ok_or(AppError::NotFound)?;
    Ok(json(status, &Decision::from(d)))
}

#[derive(Deserialize, Default, schemars::JsonSchema)]
#[serde(default)]
#[schemars(extend("required" = ["decision", "version"]))]
pub struct SignBody {
    #[schemars(schema_with = "crate::api::contract::fields::id")]
    decision: Option<i64>,
    #[schemars(schema_with = "crate::api::contract::fields::version")]
    version: Option<i64>,
}

pub async fn sign(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<SignBody>,
) -> Result<Response, WebError> {
    let decision = b.decision.ok_or_else(|| AppError::invalid("decision", "required"));
    let version = b.version.ok_or_else(|| AppError::invalid("version", "required"));
    let decision_id = *decision.as_ref().unwrap_or(&0);
    act::sign(&state, &caller, id, decision, version).await?;
    one(&state, &caller, id, decision_id, StatusCode::OK).await
}
