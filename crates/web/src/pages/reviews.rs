//! Review pages: a strategy's reviews with the form that records one, and a
//! review's record — what it saw (frozen), its decisions with what each
//! changed, its actions with owners and due dates.

use super::{FormPairs, form_errors, render, see_other};
use crate::AppState;
use crate::errors::WebError;
use crate::i18n::Lang;
use crate::middleware::RequestCtx;
use crate::session::Viewer;
use axum::extract::{Extension, Path, Query, State};
use axum::response::Response;
use minijinja::{Value, context};
use serde::Deserialize;
use verbinding_app::reviews as act;
use verbinding_domain::FieldError;
use verbinding_domain::strategy::Frequency;
use verbinding_domain::strategy::progress::Progress;
use verbinding_domain::strategy::review::{ActionInput, ChangedKind, DecisionNoteInput, ReviewInput};

const NOTICES: &[&str] = &["review.created", "review.decision_added", "review.action_added", "review.action_done"];

fn known_notice(n: Option<&str>) -> Option<&'static str> {
    n.and_then(|n| NOTICES.iter().find(|k| **k == n).copied())
}

/// The due review a dashboard link proposes (only a known cadence and a
/// period that reads are taken from the address).
#[derive(Deserialize, Default)]
pub struct Proposed {
    cadence: Option<String>,
    period: Option<String>,
}

fn review_input(f: &FormPairs) -> ReviewInput {
    ReviewInput {
        cadence: f.get("cadence"),
        period: f.get("period"),
        held_on: f.get("held_on"),
        participants: f.get("participants"),
        lessons: f.get("lessons"),
        lead_org: f.get("lead_org"),
        marking: super::marking_from(f),
    }
}

async fn list_page(
    state: &AppState,
    viewer: &Viewer,
    ctx: &RequestCtx,
    id: i64,
    values: Value,
    errors: &[FieldError],
) -> Result<Response, WebError> {
    let strategy = verbinding_app::strategy::read_strategy(state, viewer, id).await?;
    let reviews = act::reviews_of(state, viewer, id).await?;
    let lang = viewer.lang;
    let rows: Vec<Value> = reviews
        .iter()
        .map(|r| context! { r => Value::from_serialize(r), period => super::indicators::period_label(lang, &r.period) })
        .collect();
    let own = context! {
        s => Value::from_serialize(&strategy), reviews => rows, cadences => Frequency::ids(),
        action => format!("/strategy/{id}/reviews"), editing => None::<i64>,
    };
    super::marked_form(state, viewer, ctx, "strategy/reviews.html", values, errors, own).await
}

pub async fn list(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
    Path(id): Path<i64>,
    Query(p): Query<Proposed>,
) -> Result<Response, WebError> {
    let strategy = verbinding_app::strategy::read_strategy(&state, &viewer, id).await?;
    let cadence = p.cadence.as_deref().and_then(Frequency::parse).map(|c| c.id()).unwrap_or_default();
    let period = p
        .period
        .as_deref()
        .and_then(verbinding_domain::strategy::Period::parse)
        .map(|p| super::indicators::period_label(viewer.lang, &p.id()))
        .unwrap_or_default();
    let values = context! {
        cadence, period, held_on => "", participants => "", lessons => "", lead_org => strategy.lead_org_code.clone(),
        ..super::stored_marking_of!(strategy)
    };
    list_page(&state, &viewer, &ctx, id, values, &[]).await
}

pub async fn create(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
    Path(id): Path<i64>,
    f: FormPairs,
) -> Result<Response, WebError> {
    match act::create_review(&state, &viewer, id, &review_input(&f)).await {
        Ok(review) => Ok(see_other(&format!("/strategy/reviews/{review}?notice=review.created"))),
        Err(e) => {
            let errors = form_errors(e)?;
            let values = context! {
                cadence => f.get("cadence"), period => f.get("period"), held_on => f.get("held_on"),
                participants => f.get("participants"), lessons => f.get("lessons"), lead_org => f.get("lead_org"),
                ..super::marking_values(&f)
            };
            list_page(&state, &viewer, &ctx, id, values, &errors).await
        }
    }
}

/// A progress as the review saw it, in words of the user's language.
fn progress_words(lang: Lang, p: &Progress) -> String {
    let t = |k: &str| crate::i18n::t(lang, k);
    match *p {
        Progress::NoData => t("strategy.no_data"),
        Progress::NoTarget => t("strategy.no_target"),
        Progress::Share { share, .. } => format!("{} %", super::indicators::number(lang, (share * 100.0).round())),
        Progress::Steps { done, of } => {
            t("strategy.steps").replace("{done}", &done.to_string()).replace("{of}", &of.to_string())
        }
        Progress::Score { score, of } => {
            t("strategy.score").replace("{score}", &(score + 1).to_string()).replace("{of}", &of.to_string())
        }
    }
}

async fn review_page(
    state: &AppState,
    viewer: &Viewer,
    ctx: &RequestCtx,
    id: i64,
    notice: Option<&'static str>,
    form: (&str, Value, &[FieldError]),
) -> Result<Response, WebError> {
    let page = act::review_page(state, viewer, id).await?;
    let lang = viewer.lang;
    let indicators: Vec<Value> = page
        .snapshot
        .indicators
        .iter()
        .map(|i| {
            context! {
                i => Value::from_serialize(i), progress => progress_words(lang, &i.progress),
                latest => i.latest_value.map(|v| super::indicators::number(lang, v)),
                period => i.latest_period.as_deref().map(|p| super::indicators::period_label(lang, p)),
            }
        })
        .collect();
    let projects: Vec<Value> = page
        .snapshot
        .projects
        .iter()
        .map(|p| {
            let m = |c: i64| super::portfolio::money(lang, c, &p.currency);
            context! { p => Value::from_serialize(p), budget => m(p.budget), committed => m(p.committed), disbursed => m(p.disbursed) }
        })
        .collect();
    let orgs = crate::cache::orgs(state).await?;
    let (which, values, errors) = form;
    let r = render(
        state,
        viewer,
        ctx,
        "strategy/review.html",
        context! {
            p => Value::from_serialize(&page), indicators, projects, notice,
            period => super::indicators::period_label(lang, &page.review.period),
            changed_kinds => ChangedKind::ids(), orgs => Value::from_serialize(&orgs),
            form => which, values, errors => super::field_errors(errors), error_list => super::error_list(errors),
        },
    )?;
    Ok(super::with_form_status(r, errors))
}

fn blank() -> Value {
    context! { decision_text => "", changed_kind => "", changed_id => "", action_text => "", owner_org => "", due => "" }
}

pub async fn show(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
    Path(id): Path<i64>,
    Query(n): Query<super::Notice>,
) -> Result<Response, WebError> {
    review_page(&state, &viewer, &ctx, id, known_notice(n.notice.as_deref()), ("", blank(), &[])).await
}

pub async fn add_decision(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
    Path(id): Path<i64>,
    f: FormPairs,
) -> Result<Response, WebError> {
    let input = DecisionNoteInput {
        text: f.get("decision_text"),
        changed_kind: f.get("changed_kind"),
        changed_id: f.get("changed_id"),
    };
    match act::add_decision(&state, &viewer, id, &input).await {
        Ok(()) => Ok(see_other(&format!("/strategy/reviews/{id}?notice=review.decision_added#decisions"))),
        Err(e) => {
            let errors = form_errors(e)?;
            let values = context! {
                decision_text => input.text, changed_kind => input.changed_kind, changed_id => input.changed_id,
                ..blank()
            };
            review_page(&state, &viewer, &ctx, id, None, ("decision", values, &errors)).await
        }
    }
}

pub async fn add_action(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
    Path(id): Path<i64>,
    f: FormPairs,
) -> Result<Response, WebError> {
    let input = ActionInput { text: f.get("action_text"), owner_org: f.get("owner_org"), due: f.get("due") };
    match act::add_action(&state, &viewer, id, &input).await {
        Ok(()) => Ok(see_other(&format!("/strategy/reviews/{id}?notice=review.action_added#actions"))),
        Err(e) => {
            let errors = form_errors(e)?;
            let values =
                context! { action_text => input.text, owner_org => input.owner_org, due => input.due, ..blank() };
            review_page(&state, &viewer, &ctx, id, None, ("action", values, &errors)).await
        }
    }
}

pub async fn complete_action(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    f: FormPairs,
) -> Result<Response, WebError> {
    let action = f.int("action")?;
    act::complete_action(&state, &viewer, id, action).await?;
    Ok(see_other(&format!("/strategy/reviews/{id}?notice=review.action_done#actions")))
}
