//! Draaiboeken API: list, one draaiboek with its versions, its CACAO
//! document, import and approval.

use super::contract::List;
use super::contract::runs::{ImportResult, Playbook, PlaybookItem};
use super::{ApiJson, MarkingBody, json};
use crate::AppState;
use crate::errors::{AppError, WebError};
use crate::session::ApiCaller;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use verbinding_app::playbooks as act;
use verbinding_playbook::schema::Mode;

pub async fn list(State(state): State<AppState>, caller: ApiCaller) -> Result<Response, WebError> {
    let items = act::list(&state, &caller, caller.lang.code()).await?;
    let items = items.into_iter().map(|(s, title)| PlaybookItem::new(s, title)).collect();
    Ok(json(StatusCode::OK, &List { items, next_cursor: None }))
}

pub async fn show(State(state): State<AppState>, caller: ApiCaller, Path(id): Path<i64>) -> Result<Response, WebError> {
    let (detail, _) = act::detail(&state, &caller, id, caller.lang.code()).await?;
    Ok(json(StatusCode::OK, &Playbook::from(detail)))
}

#[derive(Deserialize, Default, schemars::JsonSchema)]
/// An unknown parameter is refused (400), never silently ignored.
#[serde(deny_unknown_fields)]
#[serde(default)]
pub struct VersionQuery {
    /// A version of the draaiboek (default: the current one).
    #[schemars(range(min = 1))]
    version: Option<i64>,
}

/// The CACAO document of a version, as imported (plus signatures added here).
pub async fn document(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<i64>,
    Query(q): Query<VersionQuery>,
) -> Result<Response, WebError> {
    let text = act::export(&state, &caller, id, q.version).await?;
    Ok(([(header::CONTENT_TYPE, "application/json")], text).into_response())
}

#[derive(Deserialize, Default, schemars::JsonSchema)]
#[serde(default)]
/// Without a classification, a draaiboek is for everyone (unclassified, open
/// to all); with one, the marking is taken as given, so it needs someone on
/// the need-to-know list or open to all.
#[schemars(extend("required" = ["document"], "if" = {"required": ["classification"], "properties": {"classification": {"minLength": 1}}},
    "then" = {"anyOf": [
        {"required": ["open_to_all"], "properties": {"open_to_all": {"const": true}}},
        {"required": ["need_to_know"], "properties": {"need_to_know": {"contains": {"minLength": 1}}}},
        {"required": ["need_to_know_users"], "properties": {"need_to_know_users": {"contains": {"minLength": 1}}}},
    ]}))]
pub struct ImportBody {
    /// The CACAO 2.0 playbook.
    #[schemars(with = "crate::api::contract::CacaoDocument")]
    document: Option<serde_json::Value>,
    /// `strict` (default) or `lenient`.
    #[schemars(extend("enum" = ["", "strict", "lenient"]))]
    mode: String,
    #[serde(flatten)]
    marking: MarkingBody,
}

pub async fn import(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiJson(b): ApiJson<ImportBody>,
) -> Result<Response, WebError> {
    let mode = match b.mode.as_str() {
        "" | "strict" => Mode::Strict,
        "lenient" => Mode::Lenient,
        _ => return Err(AppError::invalid("mode", "mode_unknown").into()),
    };
    let document = b.document.ok_or_else(|| AppError::invalid("document", "required"))?;
    let text = serde_json::to_string_pretty(&document).map_err(|e| AppError::caused("JSON", e))?;
    let mut marking = b.marking.input();
    // Without a marking, a draaiboek is a procedure for everyone: unclassified,
    // TLP:GREEN, open to all. A given classification takes the marking as given.
    if marking.classification.is_empty() {
        marking.classification = "ongerubriceerd".into();
        // Blank entries are ignored, as everywhere in a marking.
        let blank = |list: &[String]| list.iter().all(|x| x.trim().is_empty());
        marking.open_to_all = blank(&marking.orgs) && blank(&marking.users);
    }
    if marking.tlp.is_empty() {
        marking.tlp = "green".into();
    }
    let outcome = act::import_by_user(&state, &caller, &text, mode, &marking).await?;
    let status = if outcome.imported == act::Imported::Unchanged { StatusCode::OK } else { StatusCode::CREATED };
    Ok(json(status, &ImportResult::from(outcome)))
}

#[derive(Deserialize, Default, schemars::JsonSchema)]
#[serde(default)]
#[schemars(extend("required" = ["version"]))]
pub struct ApproveBody {
    /// The current version, which one did not import oneself.
    #[schemars(schema_with = "crate::api::contract::fields::version")]
    version: Option<i64>,
}

pub async fn approve(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<ApproveBody>,
) -> Result<Response, WebError> {
    let version = b.version.ok_or_else(|| AppError::invalid("version", "required"));
    act::approve(&state, &caller, id, version).await?;
    let (detail, _) = act::detail(&state, &caller, id, caller.lang.code()).await?;
    Ok(json(StatusCode::OK, &Playbook::from(detail)))
}
