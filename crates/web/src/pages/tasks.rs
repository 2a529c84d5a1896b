//! The pages of `tasks` (the tasks of a run): the run page's per-task tools: claim,
//! delegate (to someone who may see the incident and belongs to the task's
//! organisation), comment, attach a file; each task's notes and attachments;
//! downloads.

use super::{FormPairs, see_other};
use crate::AppState;
use crate::errors::{AppError, WebError};
use crate::middleware::RequestCtx;
use crate::session::Viewer;
use axum::extract::{Extension, Path, Request, State};
use axum::response::Response;
use minijinja::{Value, context};
use std::collections::BTreeMap;
use verbinding_app::tasks as act;
use verbinding_domain::FieldError;

/// What the page shows of one task besides its answer form.
pub(super) struct Extras {
    pub by_task: BTreeMap<String, Value>,
    /// The whole run's history, oldest first.
    pub history: Vec<Value>,
}

/// A failed task form: the task, and its errors.
pub(super) struct TaskErrors<'a> {
    pub task: &'a str,
    pub errors: &'a [FieldError],
}

/// The history (the engine's `lines` merged with notes and attachments),
/// per task and whole; for the open tasks the viewer may act on, the
/// delegates they may choose.
pub(super) async fn extras(
    state: &AppState,
    viewer: &Viewer,
    id: i64,
    open: &[(String, String, bool)],
    names: &BTreeMap<String, String>,
    lines: Vec<super::run_history::Line>,
    failed: Option<&TaskErrors<'_>>,
) -> Result<Extras, AppError> {
    let notes = act::notes(state, viewer, id).await?;
    let attachments = act::attachments(state, viewer, id).await?;
    let acting: Vec<String> = open.iter().filter(|(_, _, mine)| *mine).map(|(t, _, _)| t.clone()).collect();
    let pool = if acting.is_empty() { Vec::new() } else { act::delegate_pool(state, viewer, id).await? };
    let owners: BTreeMap<String, _> = act::owners(state, viewer, id, &acting).await?.into_iter().collect();
    let people =
        super::run_history::people_lines(viewer.lang, &notes, &attachments, names, |b| human_size(viewer.lang, b));
    let lines = super::run_history::merged(lines, people);
    let mut by_task = BTreeMap::new();
    for (index, (task, _, mine)) in open.iter().enumerate() {
        let owner = owners.get(task);
        let delegates: Vec<Value> = match owner {
            Some(o) if *mine => act::candidates(&pool, o, &viewer.principal)
                .into_iter()
                .map(|c| context! { email => c.email, name => c.name, organisation => c.organisation })
                .collect(),
            _ => Vec::new(),
        };
        let errors = match failed {
            Some(f) if f.task == task => super::field_errors(f.errors),
            _ => super::field_errors(&[]),
        };
        let history: Vec<Value> =
            lines.iter().filter(|l| l.task.as_deref() == Some(task.as_str())).map(|l| l.value.clone()).collect();
        by_task.insert(
            task.clone(),
            context! {
                index => index + 1, history, delegates,
                claimed_by_me => owner.is_some_and(|o| o.claimed_by == Some(viewer.user.id)), errors,
                failed => failed.is_some_and(|f| f.task == task),
            },
        );
    }
    Ok(Extras { by_task, history: lines.into_iter().map(|l| l.value).collect() })
}

/// Sizes as people read them: bytes, KiB, MiB.
pub(super) fn human_size(lang: crate::i18n::Lang, bytes: i64) -> String {
    let one_decimal = |v: f64| super::indicators::number(lang, (v * 10.0).round() / 10.0);
    match bytes {
        b if b < 1024 => format!("{b} B"),
        b if b < 1024 * 1024 => format!("{} KiB", one_decimal(b as f64 / 1024.0)),
        b => format!("{} MiB", one_decimal(b as f64 / (1024.0 * 1024.0))),
    }
}

/// The error summary's entries, linked to the failing task's fields.
pub(super) fn error_links(failed: Option<&TaskErrors<'_>>, index: Option<usize>) -> Value {
    let Some(f) = failed else { return Value::from(()) };
    Value::from_serialize(
        f.errors
            .iter()
            .map(|e| {
                let anchor = match (e.field, index) {
                    ("task", Some(i)) => format!("task-{i}"),
                    (field, Some(i)) => format!("{field}-{i}"),
                    (field, None) => field.to_string(),
                };
                context! { field => e.field, key => format!("error.{}", e.code), anchor }
            })
            .collect::<Vec<_>>(),
    )
}

/// Claim, delegate or comment from the run page.
pub async fn note(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
    Path(id): Path<i64>,
    f: FormPairs,
) -> Result<Response, WebError> {
    let task = f.get("task");
    let kind = f.get("kind");
    let to = f.get("to");
    let text = f.get("text");
    let note =
        act::NoteInput { task: &task, kind: &kind, to: (kind == "delegate").then_some(to.as_str()), text: &text };
    match act::note(&state, &viewer, id, &note).await {
        Ok(()) => Ok(see_other(&format!("/executions/{id}?notice={kind}"))),
        Err(AppError::Invalid(errors)) => {
            // The form calls the API's `to` "delegate".
            let errors: Vec<FieldError> = errors
                .into_iter()
                .map(|e| if e.field == "to" { FieldError::new("delegate", e.code) } else { e })
                .collect();
            super::executions::task_page(&state, &viewer, &ctx, id, TaskErrors { task: &task, errors: &errors }).await
        }
        Err(e) => Err(e.into()),
    }
}

/// Attach a file from the run page (multipart/form-data; the token is
/// checked by `uploads::form` before the file is read).
pub async fn attach(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
    Path(id): Path<i64>,
    request: Request,
) -> Result<Response, WebError> {
    act::visible(&state, &viewer, id).await?;
    let (f, upload) = super::uploads::form(&state, &viewer, request).await?;
    let task = f.get("task");
    match act::attach(&state, &viewer, id, &task, upload).await {
        Ok(_) => Ok(see_other(&format!("/executions/{id}?notice=attach"))),
        Err(AppError::Invalid(errors)) => {
            super::executions::task_page(&state, &viewer, &ctx, id, TaskErrors { task: &task, errors: &errors }).await
        }
        Err(e) => Err(e.into()),
    }
}

/// Download an attachment (any viewer of the execution).
pub async fn download(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((id, attachment)): Path<(i64, i64)>,
) -> Result<Response, WebError> {
    let (meta, bytes) = act::attachment(&state, &viewer, id, attachment).await?;
    Ok(crate::pages::uploads::download(&meta, bytes))
}
