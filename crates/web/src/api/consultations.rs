//! The API of `consultations`: the consultation rounds of an incident, with
//! their answers and result; opening a round and answering one.

use super::{ApiJson, json};
use crate::AppState;
use crate::errors::{AppError, WebError};
use crate::session::ApiCaller;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use verbinding_app::consultations::{self as act, OpenRound};

pub async fn rounds(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let items = act::view(&state, &caller, id).await?;
    Ok(json(StatusCode::OK, &serde_json::json!({ "items": items, "next_cursor": null })))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct RoundBody {
    subject: String,
    proposal: String,
    rule: String,
    organisations: Vec<String>,
    /// RFC 3339, or `YYYY-MM-DDTHH:MM` in UTC.
    deadline: String,
    measures: Vec<i64>,
}

pub async fn open_round(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<RoundBody>,
) -> Result<Response, WebError> {
    let input = act::round_input(b.subject, b.proposal, b.rule, b.organisations, b.deadline);
    let measures: Vec<String> = b.measures.iter().map(i64::to_string).collect();
    let round = act::open(&state, &caller, id, &OpenRound { input, measures: &measures }).await?;
    let view = act::view(&state, &caller, id).await?;
    let created = view.into_iter().find(|r| r.round.id == round).ok_or(AppError::NotFound)?;
    Ok(json(StatusCode::CREATED, &created))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct AnswerBody {
    round: Option<i64>,
    answer: String,
    explanation: String,
}

pub async fn answer(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<AnswerBody>,
) -> Result<Response, WebError> {
    let round = b.round.ok_or_else(|| AppError::invalid("round", "required"));
    let a = act::answer(&state, &caller, id, round, b.answer.trim(), &b.explanation).await?;
    Ok(json(StatusCode::CREATED, &a))
}
