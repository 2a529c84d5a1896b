//! The API of `consultations`: the consultation rounds of an incident, with
//! their answers and result; opening a round and answering one.

use super::contract::List;
use super::contract::deliberation::{AnswerReceipt, Round};
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
    #[schemars(schema_with = "crate::api::contract::fields::org_codes", extend("contains" = {"minLength": 1}))]
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
    let input = act::round_input(b.subject, b.proposal, b.rule, b.organisations, b.deadline);
    let measures: Vec<String> = b.measures.iter().map(i64::to_string).collect();
    let round = act::open(&state, &caller, id, &OpenRound { input, measures: &measures }).await?;
    let view = act::view(&state, &caller, id).await?;
    let created = view.into_iter().find(|r| r.round.id == round).ok_or(AppError::NotFound)?;
    Ok(json(StatusCode::CREATED, &Round::from(created)))
}

#[derive(Deserialize, Default, schemars::JsonSchema)]
#[serde(default)]
#[schemars(extend("required" = ["round", "answer"], "allOf" = [
    {"if": {"properties": {"answer": {"enum": ["object", "agree-with-remarks"]}}, "required": ["answer"]},
     "then": {"required": ["explanation"], "properties": {"explanation": {"pattern": "\\S"}}}},
]))]
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
    let a = act::answer(&state, &caller, id, round, b.answer.trim(), &b.explanation).await?;
    Ok(json(StatusCode::CREATED, &AnswerReceipt::from(a)))
}

#[cfg(test)]
mod tests {
    use verbinding_domain::consultation::AnswerKind;

    #[test]
    fn the_schema_asks_for_an_explanation_exactly_where_validation_does() {
        let schema = schemars::schema_for!(super::AnswerBody).to_value();
        let listed = schema["allOf"][0]["if"]["properties"]["answer"]["enum"].as_array().cloned().unwrap_or_default();
        for kind in AnswerKind::ALL {
            assert_eq!(listed.contains(&serde_json::json!(kind.id())), kind.needs_explanation(), "{}", kind.id());
        }
    }
}
