//! Consultation page of an incident: the rounds with their answers and
//! result, the answer form for invited organisations, and the form a
//! coordinator opens a round with.

use super::{FormPairs, form_errors, render, see_other};
use crate::AppState;
use crate::errors::WebError;
use crate::middleware::RequestCtx;
use crate::session::Viewer;
use axum::extract::{Extension, Path, Query, State};
use axum::response::Response;
use minijinja::{Value, context};
use verbinding_app::consultations::{self as act, OpenRound};
use verbinding_app::incidents as incident_act;
use verbinding_domain::FieldError;
use verbinding_domain::consultation::{AnswerKind, DecisionRule, Subject};
use verbinding_store::directory;

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
    let rounds = act::view(state, viewer, incident_id).await?;
    let (plan, _, _) = verbinding_app::response::view(state, viewer, incident_id).await?;
    let orgs = crate::cache::orgs(state).await?;
    let own = directory::code_of(&orgs, viewer.user.org_id);
    // Who answers for a ministry besides itself: the agencies it delegated that to.
    let mut delegates: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    for o in orgs.iter().filter(|o| o.answers_for_parent == 1) {
        if let Some(p) = o.parent_id {
            delegates.entry(directory::code_of(&orgs, p)).or_default().push(o.code.clone());
        }
    }
    let delegated_for = directory::answers_for(&orgs, viewer.user.org_id).map(|p| p.code.clone()).unwrap_or_default();
    let r = render(
        state,
        viewer,
        ctx,
        "consultations/consultation.html",
        context! {
            i => Value::from_serialize(&incident),
            tab => "consultation",
            round_no => super::numbering(rounds.iter().map(|r| r.round.id)),
            rounds => Value::from_serialize(&rounds),
            plan => Value::from_serialize(&plan),
            orgs => Value::from_serialize(&orgs),
            own_org => own, delegated_for, delegates,
            subjects => Subject::ids(),
            rules => DecisionRule::ids(),
            answers => AnswerKind::ids(),
            now_ms => state.now_ms(),
            values,
            notice,
            errors => super::field_errors(errors),
            error_list => super::error_list(errors),
        },
    )?;
    Ok(super::with_form_status(r, errors))
}

fn empty_values() -> Value {
    context! { subject => "", proposal => "", rule => DecisionRule::Consensus.id(), deadline => "", organisations => Vec::<String>::new(), measures => Vec::<String>::new() }
}

pub async fn show(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
    Path(id): Path<i64>,
    Query(q): Query<super::Notice>,
) -> Result<Response, WebError> {
    let notice = match q.notice.as_deref() {
        Some("opened") => Some("consultation.opened"),
        Some("answered") => Some("consultation.answered"),
        Some("late") => Some("consultation.answered_late"),
        _ => None,
    };
    page(&state, &viewer, &ctx, id, empty_values(), &[], notice).await
}

pub async fn open(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
    Path(id): Path<i64>,
    f: FormPairs,
) -> Result<Response, WebError> {
    incident_act::load(&state, &viewer, id).await?;
    let (organisations, measures) = (f.all("organisations"), f.all("measures"));
    // The deadline is typed in the viewer's time zone.
    let deadline = crate::when::typed_moment(&f.get("deadline"), viewer.zone);
    let input = act::round_input(f.get("subject"), f.get("proposal"), f.get("rule"), organisations.clone(), deadline);
    match act::open(&state, &viewer, id, &OpenRound { input, measures: &measures }).await {
        Ok(round) => Ok(see_other(&format!("/incidents/{id}/consultation?notice=opened#round-{round}"))),
        Err(e) => {
            let errors = form_errors(e)?;
            let values = context! {
                subject => f.get("subject"), proposal => f.get("proposal"), rule => f.get("rule"),
                deadline => f.get("deadline"), organisations, measures,
            };
            page(&state, &viewer, &ctx, id, values, &errors, None).await
        }
    }
}

pub async fn answer(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
    Path(id): Path<i64>,
    f: FormPairs,
) -> Result<Response, WebError> {
    incident_act::load(&state, &viewer, id).await?;
    let (answer, explanation) = (f.get("answer"), f.get("explanation"));
    let result = act::answer(&state, &viewer, id, f.int("round"), answer.trim(), &explanation).await;
    match result {
        Ok(a) => {
            let notice = if a.late { "late" } else { "answered" };
            Ok(see_other(&format!("/incidents/{id}/consultation?notice={notice}#round-{}", f.get("round").trim())))
        }
        Err(e) => {
            let errors = form_errors(e)?;
            // The form of the round that failed shows the errors and what was typed.
            let values = context! { failed_round => f.get("round").trim(), answer, explanation, ..empty_values() };
            page(&state, &viewer, &ctx, id, values, &errors, None).await
        }
    }
}
