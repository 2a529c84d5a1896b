//! Executions API: start a draaiboek for an incident, read one execution
//! (the engine's view: step statuses, who we are waiting for), send it a
//! command, and the caller's inbox of tasks. A task's notes and attachments
//! are `tasks`.

use super::contract::runs::{Execution, Run, Task};
use super::contract::{CommandBody, CountedList, List};
use super::{ApiJson, json};
use crate::AppState;
use crate::errors::{AppError, WebError};
use crate::session::ApiCaller;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use verbinding_app::executions as act;

#[derive(Deserialize, Default, schemars::JsonSchema)]
#[serde(default)]
#[schemars(extend("required" = ["playbook"]))]
pub struct StartBody {
    /// The draaiboek's id (as listed under /api/v1/playbooks).
    #[schemars(schema_with = "crate::api::contract::fields::id")]
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
    Ok(json(StatusCode::CREATED, &Execution::from(act::view(&state, &caller, id).await?)))
}

#[derive(Deserialize, Default, schemars::JsonSchema)]
#[serde(default)]
// `required` names the flattened marking fields too: it replaces the merged list.
#[schemars(extend("required" = ["playbook", "classification", "tlp"]))]
pub struct StandaloneBody {
    /// The draaiboek's id (as listed under /api/v1/playbooks).
    #[schemars(schema_with = "crate::api::contract::fields::id")]
    playbook: Option<i64>,
    #[serde(flatten)]
    #[schemars(schema_with = "crate::api::contract::fields::marking")]
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
    Ok(json(StatusCode::CREATED, &Execution::from(act::view(&state, &caller, id).await?)))
}

pub async fn for_incident(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(incident): Path<i64>,
) -> Result<Response, WebError> {
    let items = act::for_incident(&state, &caller, incident).await?;
    Ok(json(StatusCode::OK, &List::<Run>::all(items)))
}

pub async fn show(State(state): State<AppState>, caller: ApiCaller, Path(id): Path<i64>) -> Result<Response, WebError> {
    Ok(json(StatusCode::OK, &Execution::from(act::view(&state, &caller, id).await?)))
}

/// A command as the engine reads it (`{"command": "complete", "task": …,
/// "outcome": "success", "answer": {…}}`); who gives it is the caller.
pub async fn command(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<serde_json::Value>,
) -> Result<Response, WebError> {
    // Unknown and invisible executions answer 404 before the body is read.
    act::view(&state, &caller, id).await?;
    let command: CommandBody =
        serde_json::from_value(body).map_err(|_| AppError::invalid("command", "command_invalid"))?;
    act::command(&state, &caller, id, command.command(caller.user.email.clone())).await?;
    Ok(json(StatusCode::OK, &Execution::from(act::view(&state, &caller, id).await?)))
}

/// The inbox's query: its order (most urgent first by default), filters and pages.
#[derive(Deserialize, Default, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct InboxParams {
    #[schemars(schema_with = "inbox_sort")]
    sort: Option<String>,
    /// `true`: the overdue tasks only.
    #[schemars(schema_with = "overdue_filter")]
    overdue: Option<String>,
    /// Whose tasks: `mine` (claimed by or delegated to the caller), `unclaimed`, or `all`.
    #[schemars(schema_with = "claim_filter")]
    claim: Option<String>,
    /// The tasks of one incident's runs (its id; ids start at 1).
    #[schemars(regex(pattern = r"^([1-9][0-9]{0,17})?$"))]
    incident: Option<String>,
    /// The offset of the page, as handed out in `next_cursor`.
    #[schemars(regex(pattern = r"^[0-9]{0,18}$"))]
    cursor: Option<String>,
    #[schemars(range(min = 1, max = 200))]
    limit: Option<i64>,
}

fn inbox_sort(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    super::contract::fields::filter(&act::INBOX_SORTS)
}

fn overdue_filter(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    super::contract::fields::filter(&["true", "false"])
}

fn claim_filter(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    super::contract::fields::filter(&act::INBOX_CLAIMS)
}

pub async fn inbox(
    State(state): State<AppState>,
    caller: ApiCaller,
    Query(p): Query<InboxParams>,
) -> Result<Response, WebError> {
    let query = act::parse_inbox_query(&act::InboxFilters {
        sort: p.sort,
        overdue: p.overdue,
        claim: p.claim,
        incident: p.incident,
    })?;
    let start = super::offset(&p.cursor)?;
    let limit = super::limit(p.limit)?;
    let (items, total) = act::inbox(&state, &caller, &query, start, limit).await?;
    let next = (start + (items.len() as i64) < total).then(|| (start + limit).to_string());
    let items = items.into_iter().map(Task::from).collect();
    Ok(json(StatusCode::OK, &CountedList { items, next_cursor: next, total }))
}
