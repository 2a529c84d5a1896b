//! Draaiboek pages: the list, one draaiboek with its versions, the export
//! download and approval. Reads go through `actions::playbooks`, which
//! applies clearance and need-to-know inside the query.

use super::{FormPairs, error_list, form_errors, render, see_other, with_form_status};
use crate::AppState;
use crate::actions::playbooks as act;
use crate::errors::AppError;
use crate::middleware::RequestCtx;
use crate::session::Viewer;
use axum::extract::{Extension, Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use minijinja::{Value, context};
use serde::Deserialize;
use verbinding_domain::FieldError;

pub async fn list(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
) -> Result<Response, AppError> {
    super::playbook_import::list_page(&state, &viewer, &ctx, super::playbook_import::defaults(), &[], &[]).await
}

#[derive(Deserialize, Default)]
pub struct ShowParams {
    notice: Option<String>,
}

async fn page(
    state: &AppState,
    viewer: &Viewer,
    ctx: &RequestCtx,
    id: i64,
    errors: &[FieldError],
    notice: Option<&str>,
) -> Result<Response, AppError> {
    let (detail, _doc) = act::detail(state, &viewer.principal, id, viewer.lang.code()).await?;
    let current = detail.versions.first();
    // What lenient validation tolerated in the current version, with the message in the viewer's language.
    let tolerated: Vec<Value> = current
        .map(|v| {
            v.tolerated
                .iter()
                .map(|f| {
                    let code = f["code"].as_str().unwrap_or("");
                    context! { step => f["step"].as_str(), property => f["property"].as_str(), code,
                    message => crate::i18n::t(viewer.lang, &format!("finding.{code}")) }
                })
                .collect()
        })
        .unwrap_or_default();
    let may_approve = viewer.principal.has(verbinding_domain::role::Permission::Decide)
        && current.is_some_and(|v| v.approved_at.is_none());
    let r = render(
        state,
        viewer,
        ctx,
        "playbook.html",
        context! {
            p => Value::from_serialize(&detail),
            may_approve,
            error_list => error_list(errors),
            notice => match notice {
                Some("approved") => Some("playbooks.approved_notice"),
                Some("created") => Some("import.notice.created"),
                Some("new-version") => Some("import.notice.new-version"),
                Some("unchanged") => Some("import.notice.unchanged"),
                _ => None,
            },
            tolerated => tolerated,
        },
    )?;
    Ok(with_form_status(r, errors))
}

pub async fn show(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
    Path(id): Path<i64>,
    Query(q): Query<ShowParams>,
) -> Result<Response, AppError> {
    page(&state, &viewer, &ctx, id, &[], q.notice.as_deref()).await
}

#[derive(Deserialize, Default)]
pub struct ExportParams {
    version: Option<i64>,
}

/// The CACAO JSON as a download named after the CACAO id and version.
pub async fn export(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    Query(q): Query<ExportParams>,
) -> Result<Response, AppError> {
    let f = act::filter(&viewer.principal)?;
    let text = act::export(&state, &f, id, q.version).await?;
    let cacao_id = serde_json::from_str::<serde_json::Value>(&text)
        .ok()
        .and_then(|d| d["id"].as_str().map(str::to_string))
        .unwrap_or_else(|| format!("playbook-{id}"));
    let name = format!("{cacao_id}-v{}.json", q.version.map(|v| v.to_string()).unwrap_or_else(|| "current".into()));
    Ok((
        [
            (header::CONTENT_TYPE, "application/json".to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
        ],
        text,
    )
        .into_response())
}

pub async fn approve(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
    Path(id): Path<i64>,
    f: FormPairs,
) -> Result<Response, AppError> {
    match act::approve(&state, &ctx, &viewer.user, &viewer.principal, id, f.int("version")).await {
        Ok(()) => Ok(see_other(&format!("/draaiboeken/{id}?notice=approved"))),
        Err(e) => {
            let errors = form_errors(e)?;
            page(&state, &viewer, &ctx, id, &errors, None).await
        }
    }
}
