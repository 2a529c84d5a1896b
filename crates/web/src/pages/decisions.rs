//! Decisions page of an incident: attribution and response decisions with
//! their seal, the proposal form for coordinators and the sign button for
//! decision makers.

use super::{FormPairs, form_errors, render, see_other};
use crate::AppState;
use crate::errors::WebError;
use crate::middleware::RequestCtx;
use crate::session::Viewer;
use axum::extract::{Extension, Path, Query, State};
use axum::response::Response;
use minijinja::{Value, context};
use serde::Deserialize;
use verbinding_app::decisions as act;
use verbinding_app::incidents as incident_act;
use verbinding_domain::FieldError;
use verbinding_domain::decision::{DecisionInput, DecisionKind, outcomes};

async fn page(
    state: &AppState,
    viewer: &Viewer,
    ctx: &RequestCtx,
    incident_id: i64,
    values: Value,
    errors: &[FieldError],
    notice: Option<&'static str>,
) -> Result<Response, WebError> {
    let incident = incident_act::load(state, viewer, incident_id).await?;
    let decisions = act::view(state, viewer, incident_id).await?;
    let (plan, _, _) = verbinding_app::response::view(state, viewer, incident_id).await?;
    let rounds = verbinding_app::consultations::view(state, viewer, incident_id).await?;
    let (readable, _) = verbinding_app::assessments::of_incident(state, viewer, incident_id).await?;
    let r = render(
        state,
        viewer,
        ctx,
        "decisions/decisions.html",
        context! {
            i => Value::from_serialize(&incident),
            tab => "decisions",
            decisions => Value::from_serialize(&decisions),
            plan => Value::from_serialize(&plan),
            rounds => Value::from_serialize(&rounds),
            assessments => Value::from_serialize(&readable),
            kinds => DecisionKind::ids(),
            attribution_outcomes => outcomes(DecisionKind::Attribution).into_iter().map(|o| o.id()).collect::<Vec<_>>(),
            response_outcomes => outcomes(DecisionKind::Response).into_iter().map(|o| o.id()).collect::<Vec<_>>(),
            values,
            notice,
            errors => super::field_errors(errors),
            error_list => super::error_list(errors),
        },
    )?;
    Ok(super::with_form_status(r, errors))
}

fn empty_values() -> Value {
    context! { kind => DecisionKind::Attribution.id(), outcome => "", state => "", actor => "", basis => Vec::<String>::new(), measures => Vec::<String>::new(), round => "", rationale => "", amends => "" }
}

#[derive(Deserialize, Default)]
pub struct Notice {
    notice: Option<String>,
    /// Pre-fills the proposal form as an amendment of this decision.
    amends: Option<String>,
}

pub async fn show(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
    Path(id): Path<i64>,
    Query(q): Query<Notice>,
) -> Result<Response, WebError> {
    let notice = match q.notice.as_deref() {
        Some("proposed") => Some("decisions.proposed"),
        Some("signed") => Some("decisions.signed"),
        _ => None,
    };
    let values = match q.amends.as_deref().map(str::trim).filter(|a| !a.is_empty()) {
        Some(a) => context! { amends => a, ..empty_values() },
        None => empty_values(),
    };
    page(&state, &viewer, &ctx, id, values, &[], notice).await
}

/// Ids typed in a form; anything that is not a number becomes an id that
/// cannot exist, so it is reported as unknown.
fn ids(values: &[String]) -> Vec<i64> {
    values.iter().map(|v| v.trim()).filter(|v| !v.is_empty()).map(|v| v.parse().unwrap_or(-1)).collect()
}

fn optional_id(s: &str) -> Option<i64> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.parse().unwrap_or(-1))
}

pub async fn propose(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
    Path(id): Path<i64>,
    f: FormPairs,
) -> Result<Response, WebError> {
    incident_act::load(&state, &viewer, id).await?;
    let kind = f.get("kind").trim().to_string();
    // One form serves both kinds: each kind has its own outcome field.
    let field = if DecisionKind::parse(&kind) == Some(DecisionKind::Response) { "response_outcome" } else { "outcome" };
    let outcome = f.get(field).trim().to_string();
    let input = DecisionInput {
        kind: kind.clone(),
        outcome: outcome.clone(),
        state: f.get("state"),
        actor: f.get("actor"),
        basis: ids(&f.all("basis")),
        measures: ids(&f.all("measures")),
        round: optional_id(&f.get("round")),
        rationale: f.get("rationale"),
        amends: optional_id(&f.get("amends")),
    };
    match act::propose(&state, &viewer, id, &input).await {
        Ok(d) => Ok(see_other(&format!("/incidents/{id}/decisions?notice=proposed#decision-{d}"))),
        Err(e) => {
            let errors = form_errors(e)?;
            let values = context! {
                kind, outcome, state => f.get("state"), actor => f.get("actor"), basis => f.all("basis"),
                measures => f.all("measures"), round => f.get("round"), rationale => f.get("rationale"),
                amends => f.get("amends"),
            };
            page(&state, &viewer, &ctx, id, values, &errors, None).await
        }
    }
}

pub async fn sign(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
    Path(id): Path<i64>,
    f: FormPairs,
) -> Result<Response, WebError> {
    incident_act::load(&state, &viewer, id).await?;
    let result = act::sign(&state, &viewer, id, f.int("decision"), f.int("version")).await;
    match result {
        Ok(_) => {
            Ok(see_other(&format!("/incidents/{id}/decisions?notice=signed#decision-{}", f.get("decision").trim())))
        }
        Err(e) => {
            let errors = form_errors(e)?;
            page(&state, &viewer, &ctx, id, empty_values(), &errors, None).await
        }
    }
}
