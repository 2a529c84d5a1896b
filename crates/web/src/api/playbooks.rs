//! Draaiboeken API: list, one draaiboek with its versions, its CACAO
//! document, import and approval.

use super::{ApiJson, MarkingBody, json};
use crate::AppState;
use crate::actions::playbooks as act;
use crate::errors::AppError;
use crate::middleware::RequestCtx;
use crate::session::ApiCaller;
use axum::extract::{Extension, Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use verbinding_playbook::schema::Mode;

pub async fn list(State(state): State<AppState>, caller: ApiCaller) -> Result<Response, AppError> {
    let items: Vec<serde_json::Value> = act::list(&state, &caller.principal, caller.lang.code())
        .await?
        .into_iter()
        .map(|(s, title)| {
            let mut v = serde_json::to_value(&s).unwrap_or_default();
            v["title"] = serde_json::Value::String(title);
            v
        })
        .collect();
    Ok(json(StatusCode::OK, &serde_json::json!({ "items": items, "next_cursor": null })))
}

pub async fn show(State(state): State<AppState>, caller: ApiCaller, Path(id): Path<i64>) -> Result<Response, AppError> {
    let (detail, _) = act::detail(&state, &caller.principal, id, caller.lang.code()).await?;
    Ok(json(StatusCode::OK, &detail))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct VersionQuery {
    version: Option<i64>,
}

/// The CACAO document of a version, as imported (plus signatures added here).
pub async fn document(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<i64>,
    Query(q): Query<VersionQuery>,
) -> Result<Response, AppError> {
    let f = act::filter(&caller.principal)?;
    let text = act::export(&state, &f, id, q.version).await?;
    Ok(([(header::CONTENT_TYPE, "application/json")], text).into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ImportBody {
    /// The CACAO 2.0 playbook.
    document: Option<serde_json::Value>,
    /// `strict` (default) or `lenient`.
    mode: String,
    #[serde(flatten)]
    marking: MarkingBody,
}

pub async fn import(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    caller: ApiCaller,
    ApiJson(b): ApiJson<ImportBody>,
) -> Result<Response, AppError> {
    let mode = match b.mode.as_str() {
        "" | "strict" => Mode::Strict,
        "lenient" => Mode::Lenient,
        _ => return Err(AppError::invalid("mode", "mode_unknown")),
    };
    let document = b.document.ok_or_else(|| AppError::invalid("document", "required"))?;
    let text = serde_json::to_string_pretty(&document).map_err(|e| AppError::Internal(e.to_string()))?;
    let mut marking = b.marking.input();
    // Without a marking, a draaiboek is a procedure for everyone: unclassified,
    // TLP:GREEN, open to all. A given classification takes the marking as given.
    if marking.classification.is_empty() {
        marking.classification = "ongerubriceerd".into();
        marking.open_to_all = marking.orgs.is_empty() && marking.users.is_empty();
    }
    if marking.tlp.is_empty() {
        marking.tlp = "green".into();
    }
    let outcome = act::import_by_user(&state, &ctx, &caller.user, &caller.principal, &text, mode, &marking).await?;
    let status = if outcome.imported == act::Imported::Unchanged { StatusCode::OK } else { StatusCode::CREATED };
    Ok(json(
        status,
        &serde_json::json!({
            "id": outcome.id, "cacao_id": outcome.cacao_id, "name": outcome.name, "version": outcome.version,
            "imported": outcome.imported, "tolerated": outcome.tolerated,
        }),
    ))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ApproveBody {
    version: Option<i64>,
}

pub async fn approve(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    caller: ApiCaller,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<ApproveBody>,
) -> Result<Response, AppError> {
    let version = b.version.ok_or_else(|| AppError::invalid("version", "required"));
    act::approve(&state, &ctx, &caller.user, &caller.principal, id, version).await?;
    let (detail, _) = act::detail(&state, &caller.principal, id, caller.lang.code()).await?;
    Ok(json(StatusCode::OK, &detail))
}
