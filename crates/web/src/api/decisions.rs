//! The API of `decisions`: attribution and response decisions on an incident.

use super::contract::List;
use super::contract::deliberation::Decision;
use super::{ApiJson, json};
use crate::AppState;
use crate::errors::{AppError, WebError};
use crate::session::ApiCaller;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use verbinding_app::decisions as act;
use verbinding_domain::decision::DecisionInput;

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
    /// The signer's password: required for an attribution decision.
    password: Option<String>,
    /// Why sign while a consultation round of the incident is open or
    /// unanswered: required then, and recorded with the signature.
    #[schemars(length(max = 2000))]
    override_reason: Option<String>,
}

#[derive(Deserialize, Default, schemars::JsonSchema)]
#[serde(default)]
#[schemars(extend("required" = ["decision", "version", "closing", "reason"]))]
pub struct CloseBody {
    #[schemars(schema_with = "crate::api::contract::fields::id")]
    decision: Option<i64>,
    #[schemars(schema_with = "crate::api::contract::fields::version")]
    version: Option<i64>,
    /// `returned`: back to the proposer, to propose anew; `rejected`.
    #[schemars(schema_with = "crate::api::contract::fields::closing")]
    closing: Option<String>,
    /// Why, for the proposer and the record.
    #[schemars(length(min = 1, max = 2000))]
    reason: Option<String>,
}

/// A decision maker sends a proposal back or rejects it, with the reason.
pub async fn close(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<CloseBody>,
) -> Result<Response, WebError> {
    let decision = b.decision.ok_or_else(|| AppError::invalid("decision", "required"));
    let version = b.version.ok_or_else(|| AppError::invalid("version", "required"));
    let decision_id = *decision.as_ref().unwrap_or(&0);
    let (closing, reason) = (b.closing.unwrap_or_default(), b.reason.unwrap_or_default());
    act::close(&state, &caller, id, decision, version, &closing, &reason).await?;
    one(&state, &caller, id, decision_id, StatusCode::OK).await
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
    let confirm = act::Confirmation {
        password: b.password.unwrap_or_default(),
        override_reason: b.override_reason.unwrap_or_default(),
    };
    act::sign(&state, &caller, id, decision, version, &confirm).await?;
    one(&state, &caller, id, decision_id, StatusCode::OK).await
}
