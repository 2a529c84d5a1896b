//! Assessment API: per incident, per assessment, and its version history.

use super::contract::List;
use super::contract::deliberation::{Assessment, AssessmentList, AssessmentVersion, RestrictedAssessment};
use super::{ApiJson, MarkingBody, json};
use crate::AppState;
use crate::errors::{AppError, WebError};
use crate::session::ApiCaller;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use verbinding_app::assessments as act;
use verbinding_domain::assessment::{AssessmentInput, Content};

#[derive(Deserialize, Default, schemars::JsonSchema)]
#[serde(default)]
// `required` names the flattened content and marking fields too: it replaces the merged list.
#[schemars(extend("required" = ["kind", "summary", "confidence", "meta_classification", "classification", "tlp"], "allOf" = [
    {"if": {"properties": {"kind": {"const": "intelligence"}}, "required": ["kind"]},
     "then": {"required": ["likelihood"], "properties": {"likelihood": {"minLength": 1}}}},
    {"if": {"properties": {"kind": {"const": "legal"}}, "required": ["kind"]},
     "then": {"required": ["qualification"], "properties": {"qualification": {"minLength": 1}}}},
]))]
pub struct AssessmentBody {
    /// Fixed at creation: a revision that names another kind is refused (409 `kind_fixed`).
    #[schemars(with = "verbinding_domain::assessment::AssessmentKind")]
    kind: String,
    #[serde(flatten)]
    content: Content,
    /// Who may know the assessment exists: at most its classification.
    #[schemars(schema_with = "crate::api::contract::fields::classification")]
    meta_classification: String,
    #[serde(flatten)]
    #[schemars(schema_with = "crate::api::contract::fields::marking")]
    marking: MarkingBody,
    /// The version that was read (to revise).
    #[schemars(schema_with = "crate::api::contract::fields::version")]
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
) -> Result<Response, WebError> {
    let (items, restricted) = act::of_incident(&state, &caller, id).await?;
    let body = AssessmentList {
        items: items.into_iter().map(Assessment::from).collect(),
        restricted: restricted.into_iter().map(RestrictedAssessment::from).collect(),
        next_cursor: None,
    };
    Ok(json(StatusCode::OK, &body))
}

pub async fn create(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<AssessmentBody>,
) -> Result<Response, WebError> {
    let aid = act::create(&state, &caller, id, &b.input()).await?;
    Ok(json(StatusCode::CREATED, &Assessment::from(act::load(&state, &caller, aid).await?)))
}

pub async fn get(State(state): State<AppState>, caller: ApiCaller, Path(id): Path<i64>) -> Result<Response, WebError> {
    Ok(json(StatusCode::OK, &Assessment::from(act::read(&state, &caller, id).await?)))
}

pub async fn update(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<AssessmentBody>,
) -> Result<Response, WebError> {
    let current = act::load(&state, &caller, id).await?;
    if !act::is_author(&caller.principal, &current) {
        return Err(AppError::Forbidden.into());
    }
    let version = b.version.ok_or_else(|| AppError::invalid("version", "required"))?;
    if b.kind.trim().is_empty() {
        return Err(AppError::invalid("kind", "required").into());
    }
    act::update(&state, &caller, id, version, &b.input()).await?;
    Ok(json(StatusCode::OK, &Assessment::from(act::load(&state, &caller, id).await?)))
}

pub async fn versions(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let items = act::versions(&state, &caller, id).await?;
    Ok(json(StatusCode::OK, &List::<AssessmentVersion>::all(items)))
}
