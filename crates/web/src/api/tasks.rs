//! The API of `tasks` (the tasks of an execution): claim, delegate or comment
//! on a task, and its attachments: upload (multipart/form-data, a part named
//! `file`, at most 10 MiB), list and download. Whoever may see the
//! execution lists and downloads; whoever may act on the task uploads;
//! anyone else gets 404, as for an execution that does not exist.

use super::contract::List;
use super::contract::runs::{Attachment, Execution};
use super::{ApiJson, json};
use crate::AppState;
use crate::errors::{AppError, WebError};
use crate::session::ApiCaller;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use verbinding_app::tasks as act;

pub async fn upload(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path((id, task)): Path<(i64, String)>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, WebError> {
    // Unknown and invisible executions answer 404, and an unknown task is
    // named, before the body is read.
    act::known_task(&state, &caller, id, &task).await?;
    let upload = match multipart {
        Ok(m) => crate::pages::uploads::read_multipart(m).await?.1,
        Err(_) => Err(AppError::invalid("file", "required")),
    };
    let attachment = act::attach(&state, &caller, id, &task, upload).await?;
    let list = act::attachments(&state, &caller, id).await?;
    let created = list.into_iter().find(|a| a.id == attachment).ok_or(AppError::NotFound)?;
    Ok(json(StatusCode::CREATED, &Attachment::from(created)))
}

pub async fn list(State(state): State<AppState>, caller: ApiCaller, Path(id): Path<i64>) -> Result<Response, WebError> {
    let items = act::attachments(&state, &caller, id).await?;
    Ok(json(StatusCode::OK, &List::<Attachment>::all(items)))
}

pub async fn download(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path((id, attachment)): Path<(i64, i64)>,
) -> Result<Response, WebError> {
    let (meta, bytes) = act::attachment(&state, &caller, id, attachment).await?;
    Ok(crate::pages::uploads::download(&meta, bytes))
}

#[derive(Deserialize, Default, schemars::JsonSchema)]
#[serde(default)]
#[schemars(rename = "TaskNoteBody")]
#[schemars(extend("required" = ["task", "kind"]))]
pub struct NoteBody {
    /// The key of an open task one may act on.
    #[schemars(length(min = 1))]
    task: String,
    /// `claim`, `delegate` (with `to`, an email) or `comment` (with `text`).
    #[schemars(extend("enum" = ["claim", "delegate", "comment"]))]
    kind: String,
    #[schemars(extend("format" = "email"))]
    to: Option<String>,
    #[schemars(length(max = 5_000))]
    text: String,
}

/// Claim, delegate or comment on a task.
pub async fn note(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<NoteBody>,
) -> Result<Response, WebError> {
    let note = act::NoteInput { task: &b.task, kind: &b.kind, to: b.to.as_deref(), text: &b.text };
    act::note(&state, &caller, id, &note).await?;
    Ok(json(StatusCode::OK, &Execution::from(verbinding_app::executions::view(&state, &caller, id).await?)))
}
