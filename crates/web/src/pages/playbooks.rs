//! The pages of `playbooks` (draaiboeken): the list with the import form,
//! one draaiboek with its versions, the export download and approval. Reads
//! go through `app::playbooks`, which applies clearance and need-to-know
//! inside the query.

use super::{
    FormPairs, classification_options, error_list, field_errors, form_errors, render, see_other, with_form_status,
};
use crate::AppState;
use crate::errors::{AppError, WebError};
use crate::i18n::t;
use crate::middleware::RequestCtx;
use crate::session::Viewer;
use axum::extract::{Extension, Path, Query, Request, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use minijinja::{Value, context};
use serde::Deserialize;
use verbinding_app::playbooks as act;
use verbinding_domain::FieldError;
use verbinding_domain::role::Permission;
use verbinding_domain::tlp::Tlp;
use verbinding_playbook::Finding;
use verbinding_playbook::schema::Mode;

pub async fn list(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
) -> Result<Response, WebError> {
    list_page(&state, &viewer, &ctx, defaults(), &[], &[], LIST).await
}

/// The import form, on its own page.
pub async fn import_form(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
) -> Result<Response, WebError> {
    list_page(&state, &viewer, &ctx, defaults(), &[], &[], IMPORT).await
}

const LIST: &str = "playbooks/playbooks.html";
const IMPORT: &str = "playbooks/import.html";

async fn page(
    state: &AppState,
    viewer: &Viewer,
    ctx: &RequestCtx,
    id: i64,
    errors: &[FieldError],
    notice: Option<&str>,
    start: Value,
) -> Result<Response, WebError> {
    let (detail, _doc) = act::detail(state, viewer, id, viewer.lang.code()).await?;
    // The steps before any run: the drawing of what the viewer may read (rule 4).
    let (readable, restricted) = act::readable_document(state, viewer, id, None).await?;
    let drawing = match verbinding_playbook::Playbook::parse(readable) {
        Ok(pb) if pb.steps.len() <= verbinding_playbook::limits::MAX_STEPS => {
            let labels = super::executions::labels(&pb, detail.title.clone(), viewer.lang, &restricted);
            verbinding_playbook::graph::render(&pb, &std::collections::BTreeMap::new(), &labels)
        }
        _ => verbinding_playbook::graph::Graph { svg: String::new(), text_alternative: Vec::new() },
    };
    let steps = super::executions::step_lines(&drawing);
    let approved = detail.versions.iter().find(|v| v.approved_at.is_some()).map(|v| {
        context! { version => v.version, at => v.approved_at, by => v.approved_by, current => v.version == detail.summary.current_version }
    });
    let serves = verbinding_app::strategy::served_by(state, viewer, id).await?;
    let may_start = viewer.principal.has(verbinding_domain::role::Permission::Coordinate);
    let orgs = if may_start { Value::from_serialize(&crate::cache::orgs(state).await?) } else { Value::from(()) };
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
    // The export link leads only to what the viewer will be given (rule 4).
    let exportable = detail.versions.iter().any(|v| v.version == detail.summary.current_version && v.exportable);
    let r = render(
        state,
        viewer,
        ctx,
        "playbooks/playbook.html",
        context! {
            p => Value::from_serialize(&detail),
            svg => drawing.svg, steps, approved,
            may_approve, exportable,
            may_start, start, orgs,
            serves => Value::from_serialize(&serves),
            errors => field_errors(errors),
            classifications => classification_options(),
            tlps => verbinding_domain::tlp::Tlp::ALL.iter().map(|t| t.id()).collect::<Vec<_>>(),
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
    Query(q): Query<super::Notice>,
) -> Result<Response, WebError> {
    page(&state, &viewer, &ctx, id, &[], q.notice.as_deref(), start_defaults(&state, &viewer).await?).await
}

/// A run on its own starts restricted: the starter's organisation, TLP:AMBER.
async fn start_defaults(state: &AppState, viewer: &Viewer) -> Result<Value, AppError> {
    let own = verbinding_store::directory::code_of(&crate::cache::orgs(state).await?, viewer.user.org_id);
    Ok(context! {
        classification => "ongerubriceerd", tlp => "amber", open_to_all => false,
        need_to_know => vec![own], need_to_know_users => "",
    })
}

fn start_values(f: &FormPairs) -> Value {
    context! {
        classification => f.get("classification"), tlp => f.get("tlp"), open_to_all => f.checked("open_to_all"),
        need_to_know => f.all("need_to_know"), need_to_know_users => f.get("need_to_know_users"),
    }
}

/// Starts the draaiboek on its own (an exercise): the run carries the marking
/// of the form. The draaiboek is the page's object, so one the viewer may
/// not see is absent (404) before the form is looked at.
pub async fn start_standalone(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
    Path(id): Path<i64>,
    f: FormPairs,
) -> Result<Response, WebError> {
    act::visible(&state, &viewer, id).await?;
    let marking = super::marking_from(&f);
    match verbinding_app::executions::start_standalone(&state, &viewer, Ok(id), &marking).await {
        Ok(execution) => Ok(see_other(&format!("/executions/{execution}"))),
        Err(e) => {
            let errors = form_errors(e)?;
            // The language switch returns to the draaiboek, not to this POST target.
            let ctx = RequestCtx { path: format!("/draaiboeken/{id}"), ..ctx };
            page(&state, &viewer, &ctx, id, &errors, None, start_values(&f)).await
        }
    }
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
) -> Result<Response, WebError> {
    let text = act::export(&state, &viewer, id, q.version).await?;
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
) -> Result<Response, WebError> {
    match act::approve(&state, &viewer, id, f.int("version")).await {
        Ok(()) => Ok(see_other(&format!("/draaiboeken/{id}?notice=approved"))),
        Err(e) => {
            let errors = form_errors(e)?;
            page(&state, &viewer, &ctx, id, &errors, None, start_defaults(&state, &viewer).await?).await
        }
    }
}

// Importing through the web: on the list, those who may import (coordinators,
// as for the API and the command line) upload a CACAO JSON file or paste the
// JSON, choose strict or lenient validation and the marking. A refusal lists
// every finding (step, property, code, message in the user's language); a
// success goes to the draaiboek's page, which shows what lenient validation
// tolerated.

/// The list page (`LIST`), or the import page (`IMPORT`) with what a refused import found.
async fn list_page(
    state: &AppState,
    viewer: &Viewer,
    ctx: &RequestCtx,
    values: Value,
    errors: &[FieldError],
    findings: &[Finding],
    template: &str,
) -> Result<Response, WebError> {
    let items: Vec<Value> = act::list(state, viewer, viewer.lang.code())
        .await?
        .into_iter()
        .map(|(s, title)| context! { title, ..Value::from_serialize(&s) })
        .collect();
    let may_import = viewer.principal.has(Permission::Coordinate);
    let orgs = if may_import { Value::from_serialize(&crate::cache::orgs(state).await?) } else { Value::from(()) };
    let findings: Vec<Value> = findings
        .iter()
        .map(|f| {
            context! {
                step => f.step, property => f.property, code => f.code, detail => f.detail,
                message => t(viewer.lang, &format!("finding.{}", f.code)),
            }
        })
        .collect();
    // The error summary links each field; a refused document links the findings.
    let mut error_list: Vec<Value> = errors
        .iter()
        .map(|e| context! { field => e.field, key => format!("error.{}", e.code), anchor => anchor(e.field) })
        .collect();
    if !findings.is_empty() {
        error_list.push(context! { field => "document", key => "error.playbook_invalid", anchor => "findings" });
    }
    let mut r = render(
        state,
        viewer,
        ctx,
        template,
        context! {
            items, may_import, values, findings, error_list,
            errors => field_errors(errors),
            orgs, classifications => classification_options(),
            tlps => Tlp::ALL.iter().map(|t| t.id()).collect::<Vec<_>>(),
        },
    )?;
    if !errors.is_empty() || !findings.is_empty() {
        *r.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(r)
}

fn anchor(field: &str) -> &str {
    match field {
        "mode" => "mode-strict",
        "need_to_know" => "need_to_know",
        f => f,
    }
}

/// The form's first values: a procedure for everyone (unclassified,
/// TLP:GREEN, open to all), as the API assumes without a marking.
pub(super) fn defaults() -> Value {
    context! {
        document => "", mode => "strict", classification => "ongerubriceerd", tlp => "green", open_to_all => true,
        need_to_know => Vec::<String>::new(), need_to_know_users => "",
    }
}

fn values_from(f: &FormPairs) -> Value {
    context! {
        document => f.get("document"), mode => f.get("mode"), classification => f.get("classification"),
        tlp => f.get("tlp"), open_to_all => f.checked("open_to_all"), need_to_know => f.all("need_to_know"),
        need_to_know_users => f.get("need_to_know_users"),
    }
}

/// The document to import: the uploaded file or the pasted JSON, not both.
fn document(f: &FormPairs, upload: Result<verbinding_app::tasks::Upload, AppError>) -> Result<String, AppError> {
    let pasted = f.get("document");
    let no_file =
        |e: &AppError| matches!(e, AppError::Invalid(v) if v.iter().all(|x| x.field == "file" && x.code == "required"));
    match upload {
        Ok(u) if pasted.trim().is_empty() => {
            String::from_utf8(u.bytes).map_err(|_| AppError::invalid("file", "file_not_utf8"))
        }
        Ok(_) => Err(AppError::invalid("document", "document_twice")),
        Err(e) if no_file(&e) && pasted.trim().is_empty() => Err(AppError::invalid("document", "required")),
        Err(e) if no_file(&e) => Ok(pasted),
        Err(e) => Err(e),
    }
}

pub async fn import(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
    request: Request,
) -> Result<Response, WebError> {
    let (f, upload) = super::uploads::form(&state, &viewer, request).await?;
    // The language switch on a refused form returns to the import page, not to this POST target.
    let ctx = RequestCtx { path: "/draaiboeken/import".into(), ..ctx };
    let mut errors = Vec::new();
    let mode = match f.get("mode").as_str() {
        "" | "strict" => Mode::Strict,
        "lenient" => Mode::Lenient,
        _ => {
            errors.push(FieldError::new("mode", "mode_unknown"));
            Mode::Strict
        }
    };
    let text = match document(&f, upload) {
        Ok(t) => Some(t),
        Err(AppError::Invalid(e)) => {
            errors.extend(e);
            None
        }
        Err(e) => return Err(e.into()),
    };
    let (Some(text), true) = (text, errors.is_empty()) else {
        return list_page(&state, &viewer, &ctx, values_from(&f), &errors, &[], IMPORT).await;
    };
    let marking = super::marking_from(&f);
    match act::import_by_user(&state, &viewer, &text, mode, &marking).await {
        Ok(o) => {
            let notice = match o.imported {
                act::Imported::Created => "created",
                act::Imported::NewVersion => "new-version",
                act::Imported::Unchanged => "unchanged",
            };
            Ok(see_other(&format!("/draaiboeken/{}?notice={notice}", o.id)))
        }
        Err(AppError::Findings(found)) => list_page(&state, &viewer, &ctx, values_from(&f), &[], &found, IMPORT).await,
        Err(AppError::Invalid(e)) => list_page(&state, &viewer, &ctx, values_from(&f), &e, &[], IMPORT).await,
        Err(e) => Err(e.into()),
    }
}
