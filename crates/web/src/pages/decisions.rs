//! Decisions page of an incident: attribution and response decisions with
//! their seal, the proposal form for coordinators and the sign button for
//! decision makers.

use super::{FormPairs, form_errors, render, see_other};
use crate::AppState;
use crate::errors::{AppError, WebError};
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
    decisions_page(state, viewer, ctx, incident_id, values, errors, notice, None).await
}

/// One decision's print view: what was decided, on which basis, by whom
/// and its seal, without menus and forms, the marking on every printed page.
pub async fn print(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
    Path((id, decision)): Path<(i64, i64)>,
) -> Result<Response, WebError> {
    decisions_page(&state, &viewer, &ctx, id, empty_values(), &[], None, Some(decision)).await
}

#[allow(clippy::too_many_arguments)]
async fn decisions_page(
    state: &AppState,
    viewer: &Viewer,
    ctx: &RequestCtx,
    incident_id: i64,
    values: Value,
    errors: &[FieldError],
    notice: Option<&'static str>,
    printed: Option<i64>,
) -> Result<Response, WebError> {
    let incident = incident_act::load(state, viewer, incident_id).await?;
    let decisions = act::view(state, viewer, incident_id).await?;
    // A decision of another incident (or none) is not found here.
    if printed.is_some_and(|p| !decisions.iter().any(|d| d.decision.id == p)) {
        return Err(AppError::NotFound.into());
    }
    let (plan, _, _) = verbinding_app::response::view(state, viewer, incident_id).await?;
    let rounds = verbinding_app::consultations::view(state, viewer, incident_id).await?;
    let (readable, _) = verbinding_app::assessments::of_incident(state, viewer, incident_id).await?;
    let r = render(
        state,
        viewer,
        ctx,
        if printed.is_some() { "decisions/decision_print.html" } else { "decisions/decisions.html" },
        context! {
            printed,
            i => Value::from_serialize(&incident),
            tab => "decisions",
            decisions => Value::from_serialize(&decisions),
            plan => Value::from_serialize(&plan),
            round_no => super::numbering(rounds.iter().map(|r| r.round.id)),
            decision_no => super::numbering(decisions.iter().map(|d| d.decision.id)),
            rounds => Value::from_serialize(&rounds),
            assessments => Value::from_serialize(&readable),
            kinds => DecisionKind::ids(),
            attribution_outcomes => outcomes(DecisionKind::Attribution).into_iter().map(|o| o.id()).collect::<Vec<_>>(),
            response_outcomes => outcomes(DecisionKind::Response).into_iter().map(|o| o.id()).collect::<Vec<_>>(),
            values,
            notice,
            me => viewer.user.email.clone(),
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
        Some("returned") => Some("decisions.returned_notice"),
        Some("rejected") => Some("decisions.rejected_notice"),
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

/// The review before signing: what is signed, what must be confirmed (the
/// password for an attribution decision, a reason when the consultation is
/// open or unanswered), and the way to send the proposal back or reject it.
async fn review_page(
    state: &AppState,
    viewer: &Viewer,
    ctx: &RequestCtx,
    incident_id: i64,
    decision_id: i64,
    errors: &[FieldError],
    values: Value,
) -> Result<Response, WebError> {
    let incident = incident_act::load(state, viewer, incident_id).await?;
    let signing = act::signing(state, viewer, incident_id, decision_id).await?;
    let (plan, _, _) = verbinding_app::response::view(state, viewer, incident_id).await?;
    let decisions = act::view(state, viewer, incident_id).await?;
    let rounds = verbinding_app::consultations::view(state, viewer, incident_id).await?;
    // The language switch and the error page return here, not to a POST target.
    let ctx = RequestCtx { path: format!("/incidents/{incident_id}/decisions/{decision_id}/sign"), ..ctx.clone() };
    let r = render(
        state,
        viewer,
        &ctx,
        "decisions/sign.html",
        context! {
            i => Value::from_serialize(&incident),
            tab => "decisions",
            s => Value::from_serialize(&signing),
            d => Value::from_serialize(&signing.decision),
            decision_no => super::numbering(decisions.iter().map(|d| d.decision.id)),
            round_no => super::numbering(rounds.iter().map(|r| r.round.id)),
            plan => Value::from_serialize(&plan),
            values,
            errors => super::field_errors(errors),
            error_list => super::error_list(errors),
        },
    )?;
    Ok(super::with_form_status(r, errors))
}

pub async fn review(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
    Path((id, decision)): Path<(i64, i64)>,
) -> Result<Response, WebError> {
    let values = context! { override_reason => "", reason => "" };
    match review_page(&state, &viewer, &ctx, id, decision, &[], values).await {
        // A proposal the incident does not have is absent, like anything else.
        Err(WebError::App(AppError::Invalid(_))) => Err(AppError::NotFound.into()),
        other => other,
    }
}

/// After a refused signature or closing: the review again with the errors,
/// or the decisions page when the form named no proposal of this incident.
async fn refused(
    state: &AppState,
    viewer: &Viewer,
    ctx: &RequestCtx,
    id: i64,
    f: &FormPairs,
    errors: &[FieldError],
    values: Value,
) -> Result<Response, WebError> {
    if let Ok(d) = f.int("decision") {
        match review_page(state, viewer, ctx, id, d, errors, values).await {
            Err(WebError::App(AppError::Invalid(_))) => {}
            other => return other,
        }
    }
    page(state, viewer, ctx, id, empty_values(), errors, None).await
}

pub async fn sign(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
    Path(id): Path<i64>,
    f: FormPairs,
) -> Result<Response, WebError> {
    incident_act::load(&state, &viewer, id).await?;
    let confirm = act::Confirmation { password: f.get("password"), override_reason: f.get("override_reason") };
    let result = act::sign(&state, &viewer, id, f.int("decision"), f.int("version"), &confirm).await;
    match result {
        Ok(_) => {
            Ok(see_other(&format!("/incidents/{id}/decisions?notice=signed#decision-{}", f.get("decision").trim())))
        }
        Err(e) => {
            let errors = form_errors(e)?;
            let values = context! { override_reason => f.get("override_reason"), reason => "" };
            refused(&state, &viewer, &ctx, id, &f, &errors, values).await
        }
    }
}

/// Sends a proposal back to its proposer, or rejects it, with the reason.
pub async fn close(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
    Path(id): Path<i64>,
    f: FormPairs,
) -> Result<Response, WebError> {
    incident_act::load(&state, &viewer, id).await?;
    let closing = f.get("closing");
    let result = act::close(&state, &viewer, id, f.int("decision"), f.int("version"), &closing, &f.get("reason")).await;
    match result {
        Ok(()) => Ok(see_other(&format!(
            "/incidents/{id}/decisions?notice={}#decision-{}",
            if closing == "rejected" { "rejected" } else { "returned" },
            f.get("decision").trim()
        ))),
        Err(e) => {
            let errors = form_errors(e)?;
            let values = context! { override_reason => "", reason => f.get("reason") };
            refused(&state, &viewer, &ctx, id, &f, &errors, values).await
        }
    }
}
