//! Importing a draaiboek through the web: on the draaiboeken list, those who
//! may import (coordinators, as for the API and the command line) upload a
//! CACAO JSON file or paste the JSON, choose strict or lenient validation and
//! the marking. A refusal lists every finding (step, property, code, message
//! in the user's language); a success goes to the draaiboek's page, which
//! shows what lenient validation tolerated.

use super::{FormPairs, classification_options, field_errors, render, see_other};
use crate::AppState;
use crate::errors::{AppError, WebError};
use crate::i18n::t;
use crate::middleware::RequestCtx;
use crate::session::Viewer;
use axum::extract::{Extension, Request, State};
use axum::response::Response;
use minijinja::{Value, context};
use verbinding_app::playbooks as act;
use verbinding_domain::FieldError;
use verbinding_domain::role::Permission;
use verbinding_domain::tlp::Tlp;
use verbinding_playbook::Finding;
use verbinding_playbook::schema::Mode;

/// The list page, with the import form for those who may import.
pub(super) async fn list_page(
    state: &AppState,
    viewer: &Viewer,
    ctx: &RequestCtx,
    values: Value,
    errors: &[FieldError],
    findings: &[Finding],
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
        "playbooks.html",
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
    // The language switch on a refused form returns to the list, not to this POST target.
    let ctx = RequestCtx { path: "/draaiboeken".into(), ..ctx };
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
        return list_page(&state, &viewer, &ctx, values_from(&f), &errors, &[]).await;
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
        Err(AppError::Findings(found)) => list_page(&state, &viewer, &ctx, values_from(&f), &[], &found).await,
        Err(AppError::Invalid(e)) => list_page(&state, &viewer, &ctx, values_from(&f), &e, &[]).await,
        Err(e) => Err(e.into()),
    }
}
