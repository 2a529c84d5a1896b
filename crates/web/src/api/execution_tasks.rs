//! Attachments on tasks of executions: upload (multipart/form-data, a part
//! named `file`, at most 10 MiB), list and download. Whoever may see the
//! execution lists and downloads; whoever may act on the task uploads;
//! anyone else gets 404, as for an execution that does not exist.

use super::json;
use crate::AppState;
use crate::actions::tasks as act;
use crate::errors::AppError;
use crate::middleware::RequestCtx;
use crate::session::ApiCaller;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Extension, Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::Response;

pub async fn upload(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    caller: ApiCaller,
    Path((id, task)): Path<(i64, String)>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, AppError> {
    // Unknown and invisible executions answer 404, and an unknown task is
    // named, before the body is read.
    act::known_task(&state, &caller.principal, id, &task).await?;
    let upload = match multipart {
        Ok(m) => act::read_multipart(m).await?.1,
        Err(_) => Err(AppError::invalid("file", "required")),
    };
    let attachment = act::attach(&state, &ctx, &caller.user, &caller.principal, id, &task, upload).await?;
    let list = act::attachments(&state, &caller.principal, id).await?;
    let created = list.into_iter().find(|a| a.id == attachment);
    Ok(json(StatusCode::CREATED, &created))
}

pub async fn list(State(state): State<AppState>, caller: ApiCaller, Path(id): Path<i64>) -> Result<Response, AppError> {
    let items = act::attachments(&state, &caller.principal, id).await?;
    Ok(json(StatusCode::OK, &serde_json::json!({ "items": items, "next_cursor": null })))
}

pub async fn download(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path((id, attachment)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    let (meta, bytes) = act::attachment(&state, &caller.principal, id, attachment).await?;
    Ok(act::download(&meta, bytes))
}
