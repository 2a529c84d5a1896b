//! Executions API: start a draaiboek for an incident, read one execution
//! (the engine's view: step statuses, who we are waiting for), send it a
//! command, and the caller's inbox of tasks. A task's notes and attachments
//! are `tasks`.

use super::{ApiJson, json};
use crate::AppState;
use crate::errors::{AppError, WebError};
use crate::session::ApiCaller;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use verbinding_app::executions as act;
use verbinding_playbook::engine::Command;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct StartBody {
    /// The draaiboek's id (as listed under /api/v1/playbooks).
    playbook: Option<i64>,
}

pub async fn start(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(incident): Path<i64>,
    ApiJson(b): ApiJson<StartBody>,
) -> Result<Response, WebError> {
    let playbook = b.playbook.ok_or_else(|| AppError::invalid("playbook", "required"));
    let id = act::start(&state, &caller, incident, playbook).await?;
    Ok(json(StatusCode::CREATED, &act::view(&state, &caller, id).await?))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct StandaloneBody {
    /// The draaiboek's id (as listed under /api/v1/playbooks).
    playbook: Option<i64>,
    #[serde(flatten)]
    marking: super::MarkingBody,
}

/// Starts a draaiboek on its own (an exercise), with its own marking.
pub async fn start_standalone(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiJson(b): ApiJson<StandaloneBody>,
) -> Result<Response, WebError> {
    let playbook = b.playbook.ok_or_else(|| AppError::invalid("playbook", "required"));
    let id = act::start_standalone(&state, &caller, playbook, &b.marking.input()).await?;
    Ok(json(StatusCode::CREATED, &act::view(&state, &caller, id).await?))
}

pub async fn for_incident(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(incident): Path<i64>,
) -> Result<Response, WebError> {
    let items = act::for_incident(&state, &caller, incident).await?;
    Ok(json(StatusCode::OK, &serde_json::json!({ "items": items, "next_cursor": null })))
}

pub async fn show(State(state): State<AppState>, caller: ApiCaller, Path(id): Path<i64>) -> Result<Response, WebError> {
    Ok(json(StatusCode::OK, &act::view(&state, &caller, id).await?))
}

/// A command as the engine reads it (`{"command": "complete", "task": …,
/// "outcome": "success", "answer": {…}}`); `by` is the caller, whatever the body says.
pub async fn command(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<i64>,
    ApiJson(mut body): ApiJson<serde_json::Value>,
) -> Result<Response, WebError> {
    // Unknown and invisible executions answer 404 before the body is read.
    act::view(&state, &caller, id).await?;
    if let Some(o) = body.as_object_mut() {
        o.insert("by".into(), serde_json::Value::String(caller.user.email.clone()));
    }
    let command: Command = serde_json::from_value(body).map_err(|_| AppError::invalid("command", "command_invalid"))?;
    act::command(&state, &caller, id, command).await?;
    Ok(json(StatusCode::OK, &act::view(&state, &caller, id).await?))
}

pub async fn inbox(State(state): State<AppState>, caller: ApiCaller) -> Result<Response, WebError> {
    let items = act::inbox(&state, &caller).await?;
    Ok(json(StatusCode::OK, &serde_json::json!({ "items": items, "next_cursor": null })))
}
