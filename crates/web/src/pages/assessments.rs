//! Assessment pages: new (per incident and kind), detail with version
//! history, edit.

use super::{FormPairs, classification_options, field_errors, form_errors, render, see_other};
use crate::AppState;
use crate::errors::{AppError, WebError};
use crate::middleware::RequestCtx;
use crate::session::Viewer;
use axum::extract::{Extension, Path, Query, State};
use axum::response::Response;
use minijinja::{Value, context};
use serde::Deserialize;
use verbinding_app::assessments as act;
use verbinding_app::incidents as incident_act;
use verbinding_domain::FieldError;
use verbinding_domain::assessment::{
    AssessmentInput, AssessmentKind, Confidence, Content, GgeNorm, InformationCredibility, LawfulResponse, Likelihood,
    Qualification, SourceReliability, StateResponsibility,
};
use verbinding_domain::tlp::Tlp;
use verbinding_store::directory;

fn vocabularies() -> Value {
    context! {
        confidence => Confidence::ids(), likelihood => Likelihood::ids(), reliability => SourceReliability::ids(),
        credibility => InformationCredibility::ids(), responsibility => StateResponsibility::ids(),
        norms => GgeNorm::ids(), qualifications => Qualification::ids(), lawful => LawfulResponse::ids(),
    }
}

struct FormTarget {
    incident_id: i64,
    kind: String,
    /// The assessment being edited.
    editing: Option<i64>,
}

async fn form_page(
    state: &AppState,
    viewer: &Viewer,
    ctx: &RequestCtx,
    target: FormTarget,
    values: Value,
    errors: &[FieldError],
) -> Result<Response, WebError> {
    let orgs = crate::cache::orgs(state).await?;
    let r = render(
        state,
        viewer,
        ctx,
        "assessments/assessment_form.html",
        context! {
            values,
            incident_id => target.incident_id,
            kind => target.kind,
            editing => target.editing,
            errors => field_errors(errors),
            error_list => super::error_list(errors),
            orgs => Value::from_serialize(&orgs),
            classifications => classification_options(),
            tlps => Tlp::ALL.iter().map(|t| t.id()).collect::<Vec<_>>(),
            vocab => vocabularies(),
        },
    )?;
    Ok(super::with_form_status(r, errors))
}

fn content_from(f: &FormPairs) -> Content {
    Content {
        summary: f.get("summary"),
        confidence: f.get("confidence"),
        indicators: f.get("indicators"),
        affected_systems: f.get("affected_systems"),
        likelihood: f.get("likelihood"),
        source_reliability: f.get("source_reliability"),
        information_credibility: f.get("information_credibility"),
        state_responsibility: f.get("state_responsibility"),
        attributed_state: f.get("attributed_state"),
        alternative_views: f.get("alternative_views"),
        norms: f.all("norms"),
        qualification: f.get("qualification"),
        lawful_responses: f.all("lawful_responses"),
    }
}

fn values(content: &Content, marking: Value) -> Value {
    context! { c => Value::from_serialize(content), ..marking }
}

fn marking_values(f: &FormPairs) -> Value {
    context! { meta_classification => f.get("meta_classification"), ..super::marking_values(f) }
}

#[derive(Deserialize, Default)]
pub struct NewParams {
    kind: Option<String>,
}

pub async fn new_form(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
    Path(incident_id): Path<i64>,
    Query(p): Query<NewParams>,
) -> Result<Response, WebError> {
    let incident = incident_act::load(&state, &viewer, incident_id).await?;
    let kind = p.kind.as_deref().and_then(AssessmentKind::parse).unwrap_or(AssessmentKind::Technical).id().to_string();
    let own = directory::code_of(&crate::cache::orgs(&state).await?, viewer.user.org_id);
    let marking = context! {
        classification => incident.classification.clone(), tlp => incident.tlp, open_to_all => false,
        need_to_know => vec![own], need_to_know_users => "", meta_classification => incident.classification, version => 0,
    };
    let target = FormTarget { incident_id, kind, editing: None };
    form_page(&state, &viewer, &ctx, target, values(&Content::default(), marking), &[]).await
}

pub async fn create(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
    Path(incident_id): Path<i64>,
    f: FormPairs,
) -> Result<Response, WebError> {
    incident_act::load(&state, &viewer, incident_id).await?;
    let input = AssessmentInput {
        kind: f.get("kind"),
        content: content_from(&f),
        meta_classification: f.get("meta_classification"),
        marking: super::marking_from(&f),
    };
    match act::create(&state, &viewer, incident_id, &input).await {
        Ok(id) => Ok(see_other(&format!("/assessments/{id}"))),
        Err(e) => {
            let errors = form_errors(e)?;
            let target = FormTarget { incident_id, kind: f.get("kind"), editing: None };
            form_page(&state, &viewer, &ctx, target, values(&content_from(&f), marking_values(&f)), &errors).await
        }
    }
}

pub async fn show(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let a = act::read(&state, &viewer, id).await?;
    let history = act::versions(&state, &viewer, id).await?;
    let can_edit = act::is_author(&viewer.principal, &a);
    render(
        &state,
        &viewer,
        &ctx,
        "assessments/assessment.html",
        context! {
            a => Value::from_serialize(&a),
            history => Value::from_serialize(&history),
            can_edit,
            tlp_label => Tlp::parse(&a.tlp).map(|t| t.label()),
        },
    )
}

pub async fn edit_form(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let a = act::load(&state, &viewer, id).await?;
    if !act::is_author(&viewer.principal, &a) {
        return Err(AppError::Forbidden.into());
    }
    let marking = context! {
        classification => a.classification, tlp => a.tlp, open_to_all => a.open_to_all == 1,
        need_to_know => a.need_to_know, need_to_know_users => a.need_to_know_users.join(", "),
        meta_classification => a.meta_classification, version => a.version,
    };
    let target = FormTarget { incident_id: a.incident_id, kind: a.kind.id().to_string(), editing: Some(id) };
    form_page(&state, &viewer, &ctx, target, values(&a.content.to_input(), marking), &[]).await
}

pub async fn update(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
    Path(id): Path<i64>,
    f: FormPairs,
) -> Result<Response, WebError> {
    let current = act::load(&state, &viewer, id).await?;
    if !act::is_author(&viewer.principal, &current) {
        return Err(AppError::Forbidden.into());
    }
    let input = AssessmentInput {
        kind: current.kind.id().to_string(),
        content: content_from(&f),
        meta_classification: f.get("meta_classification"),
        marking: super::marking_from(&f),
    };
    let result = match f.int("version") {
        Ok(version) => act::update(&state, &viewer, id, version, &input).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(()) => Ok(see_other(&format!("/assessments/{id}"))),
        Err(e) => {
            let errors = form_errors(e)?;
            let target =
                FormTarget { incident_id: current.incident_id, kind: current.kind.id().to_string(), editing: Some(id) };
            form_page(&state, &viewer, &ctx, target, values(&content_from(&f), marking_values(&f)), &errors).await
        }
    }
}
