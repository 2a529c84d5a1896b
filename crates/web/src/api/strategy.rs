//! Strategy API: strategies with their result chains, indicators with their
//! history, and the four-eyes steps a script or another system takes
//! (submitting measurements, reviewing them, deciding targets).

use super::contract::List;
use super::contract::strategy::{self as c, IndicatorDetail, MeasurementView, StrategyItem, StrategyTree, TargetView};
use super::{ApiJson, json};
use crate::AppState;
use crate::errors::WebError;
use crate::session::ApiCaller;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use verbinding_app::{indicators, strategy};
use verbinding_domain::strategy::{ExternalInput, MeasurementInput};

pub async fn list(State(state): State<AppState>, caller: ApiCaller) -> Result<Response, WebError> {
    let items = strategy::list_strategies(&state, &caller).await?.into_iter().map(StrategyItem::from).collect();
    Ok(json(StatusCode::OK, &List { items, next_cursor: None }))
}

pub async fn tree(State(state): State<AppState>, caller: ApiCaller, Path(id): Path<i64>) -> Result<Response, WebError> {
    let (s, nodes) = strategy::tree(&state, &caller, id).await?;
    let body = StrategyTree { strategy: s.into(), nodes: nodes.into_iter().map(c::ChainNode::from).collect() };
    Ok(json(StatusCode::OK, &body))
}

/// The evaluator export (the same ZIP archive the page offers).
pub async fn evaluation(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let export = verbinding_app::evaluation::evaluator_export(&state, &caller, id).await?;
    crate::pages::evaluation::zip_file(&export)
}

pub async fn indicator(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    Ok(json(StatusCode::OK, &IndicatorDetail::from(indicators::read(&state, &caller, id).await?)))
}

/// Where a value taken from an external index comes from. Its fields are
/// all there is (`additionalProperties: false`): a misspelt one is refused.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExternalBody {
    #[schemars(schema_with = "crate::api::contract::fields::title")]
    edition: String,
    /// Year and month the value was retrieved, `YYYY-MM`.
    #[schemars(schema_with = "crate::api::contract::fields::year_month")]
    retrieved: String,
    #[schemars(schema_with = "crate::api::contract::fields::long_text")]
    citation: String,
    #[serde(default)]
    no_redistribution: bool,
}

/// A measurement. `value` is a number; for an indicator on a scale, the
/// step counted from 1. A qualitative indicator needs a `narrative`. The
/// period must fit the indicator's frequency and have begun.
#[derive(Deserialize, schemars::JsonSchema)]
pub struct MeasurementBody {
    #[schemars(schema_with = "crate::api::contract::fields::period")]
    period: String,
    value: f64,
    #[serde(default)]
    #[schemars(length(max = 20_000))]
    narrative: String,
    /// A link to the evidence or a description of it.
    #[schemars(schema_with = "crate::api::contract::fields::long_text")]
    evidence: String,
    external: Option<ExternalBody>,
}

/// Text sent as a number's digits for the domain, which reads typed input.
fn digits(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 { format!("{}", v as i64) } else { v.to_string() }
}

pub async fn submit(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<MeasurementBody>,
) -> Result<Response, WebError> {
    let input = MeasurementInput {
        period: b.period,
        value: digits(b.value),
        narrative: b.narrative,
        evidence: b.evidence,
        external: b.external.map(|e| ExternalInput {
            edition: e.edition,
            retrieved: e.retrieved,
            citation: e.citation,
            no_redistribution: e.no_redistribution,
        }),
    };
    let m = indicators::submit_measurement(&state, &caller, id, &input, None).await?;
    let r = indicators::read_measurement(&state, &caller, m).await?;
    Ok(json(StatusCode::CREATED, &c::measurement(&r.scale, r.measurement, &r.files)))
}

/// A reviewer's verdict: approve, or return (reject) with a reason.
#[derive(Deserialize, schemars::JsonSchema)]
// Returning or rejecting needs a reason that is not blank; approving may carry one.
#[schemars(extend("anyOf" = [
    {"properties": {"approve": {"const": true}}},
    {"required": ["reason"], "properties": {"reason": {"pattern": "\\S"}}},
]))]
pub struct VerdictBody {
    approve: bool,
    #[serde(default)]
    #[schemars(length(max = 20_000))]
    reason: String,
}

pub async fn review(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<VerdictBody>,
) -> Result<Response, WebError> {
    indicators::review_measurement(&state, &caller, id, b.approve, &b.reason).await?;
    let r = indicators::read_measurement(&state, &caller, id).await?;
    let body: MeasurementView = c::measurement(&r.scale, r.measurement, &r.files);
    Ok(json(StatusCode::OK, &body))
}

pub async fn decide(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<VerdictBody>,
) -> Result<Response, WebError> {
    indicators::decide_target(&state, &caller, id, b.approve, &b.reason).await?;
    let (t, scale) = indicators::read_target(&state, &caller, id).await?;
    let body: TargetView = c::target(&scale, t);
    Ok(json(StatusCode::OK, &body))
}

/// A file added as evidence to one's own waiting measurement; the answer is
/// the measurement with all its files.
pub async fn attach_evidence(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<i64>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, WebError> {
    // An unknown or invisible measurement answers 404 before the body is read.
    indicators::read_measurement(&state, &caller, id).await?;
    let upload = match multipart {
        Ok(m) => crate::pages::uploads::read_multipart(m).await?.1,
        Err(_) => Err(verbinding_app::AppError::invalid("file", "required")),
    };
    indicators::attach_evidence(&state, &caller, id, upload).await?;
    let r = indicators::read_measurement(&state, &caller, id).await?;
    Ok(json(StatusCode::CREATED, &c::measurement(&r.scale, r.measurement, &r.files)))
}

pub async fn evidence(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let (meta, bytes) = indicators::evidence_file(&state, &caller, id).await?;
    Ok(crate::pages::uploads::download_named(&meta.file_name, &meta.original_name, bytes))
}
