//! Dossier pages. Every read goes through `app::dossiers`, which applies
//! clearance and need-to-know inside the query.

use super::{FormPairs, form_errors, render, see_other};
use crate::AppState;
use crate::errors::WebError;
use crate::middleware::RequestCtx;
use crate::session::Viewer;
use axum::extract::{Extension, Path, Query, State};
use axum::response::Response;
use minijinja::{Value, context};
use serde::Deserialize;
use verbinding_app::dossiers as act;
use verbinding_domain::FieldError;
use verbinding_domain::dossier::DossierInput;
use verbinding_domain::tlp::Tlp;
use verbinding_store::directory;

#[derive(Deserialize, Default)]
pub struct ListParams {
    before: Option<i64>,
    created: Option<String>,
}

pub async fn list(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
    Query(p): Query<ListParams>,
) -> Result<Response, WebError> {
    let limit = 50;
    let (items, count) = act::list(&state, &viewer, p.before, limit).await?;
    let next = (items.len() as i64 == limit).then(|| items.last().map(|d| d.id)).flatten();
    render(
        &state,
        &viewer,
        &ctx,
        "dossiers/dossiers.html",
        context! { items => Value::from_serialize(&items), count, next, notice => p.created.map(|_| "dossiers.created") },
    )
}

async fn form_page(
    state: &AppState,
    viewer: &Viewer,
    ctx: &RequestCtx,
    values: Value,
    errors: &[FieldError],
    editing: Value,
) -> Result<Response, WebError> {
    super::marked_form(state, viewer, ctx, "dossiers/dossier_form.html", values, errors, editing).await
}

/// The edit form's context for a stored dossier.
fn editing(viewer: &Viewer, d: &verbinding_store::dossiers::Dossier) -> Result<Value, WebError> {
    Ok(super::editing(d.id, act::decides_marking(viewer, d)?, d.owner_org_code.clone()))
}

fn input_from(f: &FormPairs) -> DossierInput {
    DossierInput {
        title: f.get("title"),
        summary: f.get("summary"),
        lead_org: f.get("lead_org"),
        marking: super::marking_from(f),
    }
}

fn values_from(f: &FormPairs) -> Value {
    context! { title => f.get("title"), summary => f.get("summary"), lead_org => f.get("lead_org"), ..super::marking_values(f) }
}

pub async fn new_form(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
) -> Result<Response, WebError> {
    let own = directory::code_of(&crate::cache::orgs(&state).await?, viewer.user.org_id);
    let values = context! { title => "", summary => "", lead_org => own.clone(), ..super::new_marking(&own) };
    form_page(&state, &viewer, &ctx, values, &[], context! { editing => None::<i64> }).await
}

pub async fn create(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
    f: FormPairs,
) -> Result<Response, WebError> {
    match act::create(&state, &viewer, &input_from(&f)).await {
        Ok(id) => Ok(see_other(&format!("/dossiers/{id}?created=1"))),
        Err(e) => {
            form_page(&state, &viewer, &ctx, values_from(&f), &form_errors(e)?, context! { editing => None::<i64> })
                .await
        }
    }
}

#[derive(Deserialize, Default)]
pub struct ShowParams {
    created: Option<String>,
    saved: Option<String>,
}

pub async fn show(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
    Path(id): Path<i64>,
    Query(p): Query<ShowParams>,
) -> Result<Response, WebError> {
    let d = act::read(&state, &viewer, id).await?;
    let serves = verbinding_app::strategy::served_by(&state, &viewer, id).await?;
    let notice = if p.created.is_some() {
        Some("dossiers.created")
    } else if p.saved.is_some() {
        Some("common.saved")
    } else {
        None
    };
    render(
        &state,
        &viewer,
        &ctx,
        "dossiers/dossier.html",
        context! {
            d => Value::from_serialize(&d), notice, tlp_label => Tlp::parse(&d.tlp).map(|t| t.label()),
            serves => Value::from_serialize(&serves),
        },
    )
}

pub async fn edit_form(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let d = act::load(&state, &viewer, id).await?;
    let marking = super::stored_marking_of!(d);
    let editing = editing(&viewer, &d)?;
    let values = context! { title => d.title, summary => d.summary, lead_org => d.lead_org_code, ..marking };
    form_page(&state, &viewer, &ctx, values, &[], editing).await
}

pub async fn update(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
    Path(id): Path<i64>,
    f: FormPairs,
) -> Result<Response, WebError> {
    // Visibility first: someone who may not see the dossier learns nothing,
    // not even whether their input was valid.
    let stored = act::load(&state, &viewer, id).await?;
    let result = match f.int("version") {
        Ok(version) => act::update(&state, &viewer, id, version, &input_from(&f)).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(()) => Ok(see_other(&format!("/dossiers/{id}?saved=1"))),
        Err(e) => {
            let errors = form_errors(e)?;
            form_page(&state, &viewer, &ctx, values_from(&f), &errors, editing(&viewer, &stored)?).await
        }
    }
}
