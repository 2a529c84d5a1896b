//! Foresight pages: a strategy's future scenarios with the form that adds
//! one, and a scenario's page — its narrative, the stance of every part of
//! the chain, its signposts and the review items their crossings raised —
//! and the form that edits a scenario.

use super::{FormPairs, form_errors, render, see_other};
use crate::AppState;
use crate::errors::WebError;
use crate::middleware::RequestCtx;
use crate::session::Viewer;
use axum::extract::{Extension, Path, Query, State};
use axum::response::Response;
use minijinja::{Value, context};
use verbinding_app::foresight as act;
use verbinding_domain::FieldError;
use verbinding_domain::strategy::foresight::{Crossing, ScenarioInput, SignpostInput, Stance, Theme};

const NOTICES: &[&str] = &["scenario.created", "scenario.stance_set", "scenario.signpost_added", "common.saved"];

fn known_notice(n: Option<&str>) -> Option<&'static str> {
    n.and_then(|n| NOTICES.iter().find(|k| **k == n).copied())
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
    let scenarios = act::scenarios_of(state, viewer, id).await?;
    let own = context! {
        s => Value::from_serialize(&strategy), scenarios => Value::from_serialize(&scenarios), themes => Theme::ids(),
        action => format!("/strategy/{id}/scenarios"), editing => None::<i64>,
    };
    super::marked_form(state, viewer, ctx, "strategy/scenarios.html", values, errors, own).await
}

pub async fn list(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let strategy = verbinding_app::strategy::read_strategy(&state, &viewer, id).await?;
    let values = context! {
        title => "", theme => "", narrative => "", lead_org => strategy.lead_org_code.clone(),
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
    let input = ScenarioInput {
        title: f.get("title"),
        theme: f.get("theme"),
        narrative: f.get("narrative"),
        lead_org: f.get("lead_org"),
        marking: super::marking_from(&f),
    };
    match act::create_scenario(&state, &viewer, id, &input).await {
        Ok(s) => Ok(see_other(&format!("/strategy/scenarios/{s}?notice=scenario.created"))),
        Err(e) => {
            let errors = form_errors(e)?;
            let values = context! {
                title => input.title, theme => input.theme, narrative => input.narrative, lead_org => input.lead_org,
                ..super::marking_values(&f)
            };
            list_page(&state, &viewer, &ctx, id, values, &errors).await
        }
    }
}

fn scenario_values(s: &verbinding_store::foresight::Scenario) -> Value {
    context! {
        title => s.title, theme => s.theme, narrative => s.narrative, lead_org => s.lead_org_code,
        ..super::stored_marking_of!(s)
    }
}

async fn edit_page(
    state: &AppState,
    viewer: &Viewer,
    ctx: &RequestCtx,
    stored: &verbinding_store::foresight::Scenario,
    values: Value,
    errors: &[FieldError],
) -> Result<Response, WebError> {
    let strategy = verbinding_app::strategy::read_strategy(state, viewer, stored.strategy_id).await?;
    let decides = act::decides_scenario_marking(viewer, stored)?;
    let own = context! {
        s => Value::from_serialize(&strategy), themes => Theme::ids(),
        action => format!("/strategy/scenarios/{}", stored.id),
        ..super::editing(stored.id, decides, stored.owner_org_code.clone())
    };
    super::marked_form(state, viewer, ctx, "strategy/scenario_form.html", values, errors, own).await
}

pub async fn edit_form(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let stored = act::load_scenario(&state, &viewer, id).await?;
    edit_page(&state, &viewer, &ctx, &stored, scenario_values(&stored), &[]).await
}

pub async fn update(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
    Path(id): Path<i64>,
    f: FormPairs,
) -> Result<Response, WebError> {
    let stored = act::load_scenario(&state, &viewer, id).await?;
    let input = ScenarioInput {
        title: f.get("title"),
        theme: f.get("theme"),
        narrative: f.get("narrative"),
        lead_org: f.get("lead_org"),
        marking: super::marking_from(&f),
    };
    let result = match f.int("version") {
        Ok(version) => act::update_scenario(&state, &viewer, id, version, &input).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(()) => Ok(see_other(&format!("/strategy/scenarios/{id}?notice=common.saved"))),
        Err(e) => {
            let errors = form_errors(e)?;
            let values = context! {
                title => input.title, theme => input.theme, narrative => input.narrative, lead_org => input.lead_org,
                ..super::marking_values(&f)
            };
            edit_page(&state, &viewer, &ctx, &stored, values, &errors).await
        }
    }
}

async fn scenario_page(
    state: &AppState,
    viewer: &Viewer,
    ctx: &RequestCtx,
    id: i64,
    notice: Option<&'static str>,
    form: (Value, &[FieldError]),
) -> Result<Response, WebError> {
    let page = act::scenario_page(state, viewer, id).await?;
    let lang = viewer.lang;
    let signposts: Vec<Value> = page
        .signposts
        .iter()
        .map(|s| {
            context! {
                s => Value::from_serialize(s), threshold => super::indicators::number(lang, s.threshold),
                value => s.crossed_value.map(|v| super::indicators::number(lang, v)),
                period => s.crossed_period.as_deref().map(|p| super::indicators::period_label(lang, p)),
                rearmed_value => s.rearmed_value.map(|v| super::indicators::number(lang, v)),
                rearmed_period => s.rearmed_period.as_deref().map(|p| super::indicators::period_label(lang, p)),
            }
        })
        .collect();
    let indicators: Vec<Value> =
        page.indicators.iter().map(|(id, name)| context! { id => id.to_string(), name => name }).collect();
    let (values, errors) = form;
    let r = render(
        state,
        viewer,
        ctx,
        "strategy/scenario.html",
        context! {
            p => Value::from_serialize(&page), signposts, indicators, notice, stances => Stance::ids(),
            crossings => Crossing::ids(), values, errors => super::field_errors(errors),
            error_list => super::error_list(errors),
        },
    )?;
    Ok(super::with_form_status(r, errors))
}

fn blank() -> Value {
    context! { signpost_name => "", indicator => "", threshold => "", crossing => "" }
}

pub async fn show(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
    Path(id): Path<i64>,
    Query(n): Query<super::Notice>,
) -> Result<Response, WebError> {
    scenario_page(&state, &viewer, &ctx, id, known_notice(n.notice.as_deref()), (blank(), &[])).await
}

pub async fn set_stance(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
    Path(id): Path<i64>,
    f: FormPairs,
) -> Result<Response, WebError> {
    let result = match f.int("objective") {
        Ok(objective) => act::set_stance(&state, &viewer, id, objective, &f.get("stance")).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(()) => Ok(see_other(&format!("/strategy/scenarios/{id}?notice=scenario.stance_set#stances"))),
        Err(e) => {
            let errors = form_errors(e)?;
            scenario_page(&state, &viewer, &ctx, id, None, (blank(), &errors)).await
        }
    }
}

pub async fn add_signpost(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
    Path(id): Path<i64>,
    f: FormPairs,
) -> Result<Response, WebError> {
    let input = SignpostInput {
        name: f.get("signpost_name"),
        indicator: f.get("indicator"),
        threshold: f.get("threshold"),
        crossing: f.get("crossing"),
    };
    match act::add_signpost(&state, &viewer, id, &input).await {
        Ok(()) => Ok(see_other(&format!("/strategy/scenarios/{id}?notice=scenario.signpost_added#signposts"))),
        Err(e) => {
            let errors = form_errors(e)?;
            let values = context! {
                signpost_name => input.name, indicator => input.indicator, threshold => input.threshold,
                crossing => input.crossing,
            };
            scenario_page(&state, &viewer, &ctx, id, None, (values, &errors)).await
        }
    }
}
