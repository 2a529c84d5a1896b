//! Strategy pages: the strategies, a strategy's result chain with each
//! node's progress, a node's page (where it hangs, its link's assumption
//! and judgements, its indicators) and the forms that shape the chain.
//! Indicator pages are in `pages::indicators`.

use super::{FormPairs, form_errors, render, see_other};
use crate::AppState;
use crate::errors::WebError;
use crate::middleware::RequestCtx;
use crate::session::Viewer;
use axum::extract::{Extension, Path, Query, State};
use axum::response::Response;
use minijinja::{Value, context};
use serde::Deserialize;
use verbinding_app::strategy::{self as act, Under};
use verbinding_domain::FieldError;
use verbinding_domain::strategy::{Horizon, JudgementInput, Level, ObjectiveInput, StrategyInput};
use verbinding_store::directory;

/// The notices the strategy pages show after a form succeeded: a key from
/// this list, never text from the address.
const NOTICES: &[&str] = &[
    "strategy.created",
    "strategy.objective_created",
    "strategy.judged",
    "strategy.indicator_created",
    "strategy.target_proposed",
    "strategy.target_decided",
    "strategy.break_added",
    "strategy.measurement_submitted",
    "strategy.measurement_reviewed",
    "strategy.evidence_added",
    "work.linked",
    "common.saved",
];

pub(super) fn known_notice(n: Option<&str>) -> Option<&'static str> {
    n.and_then(|n| NOTICES.iter().find(|k| **k == n).copied())
}

pub async fn list(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
) -> Result<Response, WebError> {
    let items = act::list_strategies(&state, &viewer).await?;
    render(&state, &viewer, &ctx, "strategy/strategies.html", context! { items => Value::from_serialize(&items) })
}

fn strategy_input(f: &FormPairs) -> StrategyInput {
    StrategyInput {
        title: f.get("title"),
        summary: f.get("summary"),
        start_year: f.get("start_year"),
        end_year: f.get("end_year"),
        lead_org: f.get("lead_org"),
        marking: super::marking_from(f),
    }
}

async fn strategy_form(
    state: &AppState,
    viewer: &Viewer,
    ctx: &RequestCtx,
    values: Value,
    errors: &[FieldError],
) -> Result<Response, WebError> {
    let own = context! { editing => None::<i64> };
    super::marked_form(state, viewer, ctx, "strategy/strategy_form.html", values, errors, own).await
}

pub async fn new_form(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
) -> Result<Response, WebError> {
    let own = directory::code_of(&crate::cache::orgs(&state).await?, viewer.user.org_id);
    let values = context! {
        title => "", summary => "", start_year => "", end_year => "", lead_org => own.clone(), ..super::new_marking(&own)
    };
    strategy_form(&state, &viewer, &ctx, values, &[]).await
}

pub async fn create(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
    f: FormPairs,
) -> Result<Response, WebError> {
    match act::create_strategy(&state, &viewer, &strategy_input(&f)).await {
        Ok(id) => Ok(see_other(&format!("/strategy/{id}?notice=strategy.created"))),
        Err(e) => {
            let values = context! {
                title => f.get("title"), summary => f.get("summary"), start_year => f.get("start_year"),
                end_year => f.get("end_year"), lead_org => f.get("lead_org"), ..super::marking_values(&f)
            };
            strategy_form(&state, &viewer, &ctx, values, &form_errors(e)?).await
        }
    }
}

fn strategy_values(s: &verbinding_store::strategy::Strategy) -> Value {
    context! {
        title => s.title, summary => s.summary, start_year => s.start_year.to_string(),
        end_year => s.end_year.to_string(), lead_org => s.lead_org_code, ..super::stored_marking_of!(s)
    }
}

fn strategy_editing(viewer: &Viewer, s: &verbinding_store::strategy::Strategy) -> Result<Value, WebError> {
    let decides = act::decides_strategy_marking(viewer, s)?;
    Ok(super::editing(s.id, decides, s.owner_org_code.clone()))
}

pub async fn edit_form(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let s = act::load_strategy(&state, &viewer, id).await?;
    let own = strategy_editing(&viewer, &s)?;
    super::marked_form(&state, &viewer, &ctx, "strategy/strategy_form.html", strategy_values(&s), &[], own).await
}

pub async fn update(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
    Path(id): Path<i64>,
    f: FormPairs,
) -> Result<Response, WebError> {
    let stored = act::load_strategy(&state, &viewer, id).await?;
    let result = match f.int("version") {
        Ok(version) => act::update_strategy(&state, &viewer, id, version, &strategy_input(&f)).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(()) => Ok(see_other(&format!("/strategy/{id}?notice=common.saved"))),
        Err(e) => {
            let errors = form_errors(e)?;
            let values = context! {
                title => f.get("title"), summary => f.get("summary"), start_year => f.get("start_year"),
                end_year => f.get("end_year"), lead_org => f.get("lead_org"), ..super::marking_values(&f)
            };
            let own = strategy_editing(&viewer, &stored)?;
            super::marked_form(&state, &viewer, &ctx, "strategy/strategy_form.html", values, &errors, own).await
        }
    }
}

/// What a cached page of a whole chain was rendered for: the same viewer
/// (principal, visibility, session token, name, language) on the same
/// address. Any write but one of waiting work makes it stale (the data
/// generation of strategy results).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct ChainKey {
    principal: verbinding_domain::access::Principal,
    filter: verbinding_domain::access::VisibilityFilter,
    csrf: String,
    user: (i64, String, String),
    lang: &'static str,
    /// The time zone the page's times are written in.
    zone: &'static str,
    path: String,
    notice: Option<&'static str>,
}

/// The kept page for `key` at `generation`, its classified reads audited again.
async fn kept_chain(
    state: &AppState,
    viewer: &Viewer,
    key: &ChainKey,
    generation: u64,
    ctx: &RequestCtx,
) -> Result<Option<Response>, WebError> {
    let Some((page, shown)) = state.caches.chain_pages.get(key, generation) else {
        return Ok(None);
    };
    verbinding_app::marked::record_shown(state, viewer, &shown, "strategy").await?;
    Ok(Some(page.response(&ctx.request_id)))
}

/// The page of a strategy's whole chain: rendered once per viewer and data
/// generation (with 300 parts and 1,500 indicators it is the heaviest page
/// of the product), its reads audited again when it is served from the cache.
pub async fn show(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
    Path(id): Path<i64>,
    Query(n): Query<super::Notice>,
) -> Result<Response, WebError> {
    let f = viewer.reader()?;
    // Taken before reading: a write committed meanwhile makes the page stale.
    // The chain shows progress, not waiting work: a measurement submitted
    // leaves it as it is (a scoped generation, see `verbinding_store::Scope`).
    let generation = state.db.generation_of(verbinding_store::Scope::StrategyResults);
    let key = ChainKey {
        principal: viewer.principal.clone(),
        filter: f,
        csrf: viewer.csrf.clone(),
        user: (viewer.user.id, viewer.user.name.clone(), viewer.user.email.clone()),
        lang: viewer.lang.code(),
        zone: viewer.zone.name(),
        path: format!("/strategy/{id}"),
        notice: known_notice(n.notice.as_deref()),
    };
    if let Some(page) = kept_chain(&state, &viewer, &key, generation, &ctx).await? {
        return Ok(page);
    }
    // One rendering per viewer at a time; who waited finds it done (a page
    // rendered from data read after our request began is as fresh as ours).
    let _turn = state.caches.chain_turns.take(&key).await;
    let generation = state.db.generation_of(verbinding_store::Scope::StrategyResults);
    if let Some(page) = kept_chain(&state, &viewer, &key, generation, &ctx).await? {
        return Ok(page);
    }
    let (strategy, nodes) = act::outline(&state, &viewer, id).await?;
    // The classified among the parts shown, whose reads are audited again
    // when the page is served from the cache (the open ones need no query).
    let shown: crate::cache::Shown = std::iter::once((strategy.id, &strategy.classification))
        .chain(nodes.iter().map(|n| (n.objective.id, &n.objective.classification)))
        .filter(|(_, c)| verbinding_domain::classification::is_classified(c))
        .map(|(id, _)| id)
        .collect();
    // Only what the chain shows: a part's indicators are counted, not listed.
    let nodes: Vec<Value> = nodes
        .iter()
        .map(|n| {
            let o = &n.objective;
            context! {
                objective => context! {
                    id => o.id, level => o.level, title => o.title, classification => o.classification,
                    tlp => o.tlp, horizon => o.horizon, lead_org_code => o.lead_org_code,
                },
                depth => n.depth, rollup => Value::from_serialize(n.rollup), off_track => n.rollup.is_off_track(),
                off_track_below => n.off_track_below, indicators => n.indicator_count > 0,
            }
        })
        .collect();
    let page = super::render_reusable(
        &state,
        &viewer,
        &ctx,
        "strategy/strategy.html",
        context! { s => Value::from_serialize(&strategy), nodes, notice => key.notice },
        axum::http::StatusCode::OK,
    )?;
    let page = std::sync::Arc::new(page);
    let weight = page.size() + shown.len() * 8;
    state.caches.chain_pages.insert(key, generation, (std::sync::Arc::clone(&page), shown), weight);
    Ok(page.response(&ctx.request_id))
}

#[derive(Deserialize, Default)]
pub struct NewNodeParams {
    parent: Option<i64>,
}

fn objective_input(f: &FormPairs) -> ObjectiveInput {
    ObjectiveInput {
        title: f.get("title"),
        summary: f.get("summary"),
        level: f.get("level"),
        horizon: f.get("horizon"),
        lead_org: f.get("lead_org"),
        contributors: f.all("contributors"),
        assumption: f.get("assumption"),
        risk: f.get("risk"),
        marking: super::marking_from(f),
    }
}

fn objective_values(f: &FormPairs) -> Value {
    context! {
        title => f.get("title"), summary => f.get("summary"), level => f.get("level"), horizon => f.get("horizon"),
        lead_org => f.get("lead_org"), contributors => f.all("contributors"), assumption => f.get("assumption"),
        risk => f.get("risk"), parent => f.get("parent"), ..super::marking_values(f)
    }
}

/// The node form: where it goes (`action`), the levels it may take.
async fn objective_form(
    state: &AppState,
    viewer: &Viewer,
    ctx: &RequestCtx,
    values: Value,
    errors: &[FieldError],
    own: Value,
) -> Result<Response, WebError> {
    let own = context! {
        levels => Level::ids(), horizons => Horizon::ids(), ..own
    };
    super::marked_form(state, viewer, ctx, "strategy/objective_form.html", values, errors, own).await
}

/// The level a new node under `parent` takes (a goal at the top).
async fn level_under(state: &AppState, viewer: &Viewer, parent: Option<i64>) -> Result<(String, Value), WebError> {
    Ok(match parent {
        None => (Level::Impact.id().to_string(), Value::from(())),
        Some(p) => {
            // The form shows the part it goes under: a read like any other.
            let node = act::read_objective(state, viewer, p).await?;
            let level = Level::parse(&node.level).and_then(Level::child).map(|l| l.id()).unwrap_or_default();
            (level.to_string(), context! { id => node.id, title => node.title })
        }
    })
}

pub async fn new_objective_form(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
    Path(id): Path<i64>,
    Query(p): Query<NewNodeParams>,
) -> Result<Response, WebError> {
    let strategy = act::read_strategy(&state, &viewer, id).await?;
    let (level, parent) = level_under(&state, &viewer, p.parent).await?;
    let own = directory::code_of(&crate::cache::orgs(&state).await?, viewer.user.org_id);
    let values = context! {
        title => "", summary => "", level, horizon => "", lead_org => own.clone(), contributors => Vec::<String>::new(),
        assumption => "", risk => "", parent => p.parent.map(|p| p.to_string()).unwrap_or_default(),
        ..super::stored_marking_of!(strategy)
    };
    let own = context! {
        editing => None::<i64>, action => format!("/strategy/{id}/objectives"), strategy_id => id, parent_node => parent,
        cancel => format!("/strategy/{id}"),
    };
    objective_form(&state, &viewer, &ctx, values, &[], own).await
}

pub async fn create_objective(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
    Path(id): Path<i64>,
    f: FormPairs,
) -> Result<Response, WebError> {
    // Visibility first: someone who may not see the strategy learns nothing.
    act::read_strategy(&state, &viewer, id).await?;
    let parent = match f.get("parent").trim() {
        "" => Ok(None),
        p => p.parse::<i64>().map(Some).map_err(|_| verbinding_app::AppError::invalid("parent", "objective_unknown")),
    };
    let under = parent.map(|p| p.map_or(Under::Strategy(id), Under::Objective));
    let result = match under {
        Ok(under) => act::create_objective(&state, &viewer, under, &objective_input(&f)).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(node) => Ok(see_other(&format!("/strategy/objectives/{node}?notice=strategy.objective_created"))),
        Err(e) => {
            let errors = form_errors(e)?;
            let parent = f.get("parent").trim().parse::<i64>().ok();
            let (_, parent_node) = level_under(&state, &viewer, parent).await?;
            let own = context! {
                editing => None::<i64>, action => format!("/strategy/{id}/objectives"), strategy_id => id,
                parent_node, cancel => format!("/strategy/{id}"),
            };
            objective_form(&state, &viewer, &ctx, objective_values(&f), &errors, own).await
        }
    }
}

/// The node page, with the judgement form's values and errors when it
/// comes back with them.
async fn node_page(
    state: &AppState,
    viewer: &Viewer,
    ctx: &RequestCtx,
    id: i64,
    notice: Option<&'static str>,
    judgement: (Value, &[FieldError]),
) -> Result<Response, WebError> {
    let page = act::objective_page(state, viewer, id).await?;
    let projects = verbinding_app::portfolio::projects_serving(state, viewer, id).await?;
    let work = act::serving_work(state, viewer, id).await?;
    let bars = super::indicators::progress_overview(viewer, &page.indicators);
    let r = render(
        state,
        viewer,
        ctx,
        "strategy/objective.html",
        context! {
            p => Value::from_serialize(&page), bars, notice, projects => Value::from_serialize(&projects),
            work => Value::from_serialize(&work),
            statuses => verbinding_domain::strategy::AssumptionStatus::ids(),
            values => judgement.0, errors => super::field_errors(judgement.1),
            error_list => super::error_list(judgement.1),
        },
    )?;
    Ok(super::with_form_status(r, judgement.1))
}

pub async fn objective(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
    Path(id): Path<i64>,
    Query(n): Query<super::Notice>,
) -> Result<Response, WebError> {
    let notice = known_notice(n.notice.as_deref());
    node_page(&state, &viewer, &ctx, id, notice, (context! { assumption_status => "", judgement_note => "" }, &[]))
        .await
}

/// Links (or, with `remove`, unlinks) a dossier, incident or draaiboek
/// named by its number to the part.
async fn change_work(
    state: &AppState,
    viewer: &Viewer,
    ctx: &RequestCtx,
    id: i64,
    f: &FormPairs,
    remove: bool,
) -> Result<Response, WebError> {
    let result = match f.get("work").trim().parse::<i64>() {
        Ok(work) if remove => act::unlink_work(state, viewer, id, work).await,
        Ok(work) => act::link_work(state, viewer, id, work).await,
        Err(_) => Err(verbinding_app::AppError::invalid("work", "work_unknown")),
    };
    match result {
        Ok(()) => Ok(see_other(&format!("/strategy/objectives/{id}?notice=work.linked#work"))),
        Err(e) => {
            let errors = form_errors(e)?;
            let values = context! { assumption_status => "", judgement_note => "" };
            node_page(state, viewer, ctx, id, None, (values, &errors)).await
        }
    }
}

pub async fn link_work(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
    Path(id): Path<i64>,
    f: FormPairs,
) -> Result<Response, WebError> {
    change_work(&state, &viewer, &ctx, id, &f, false).await
}

pub async fn unlink_work(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
    Path(id): Path<i64>,
    f: FormPairs,
) -> Result<Response, WebError> {
    change_work(&state, &viewer, &ctx, id, &f, true).await
}

pub async fn judge(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
    Path(id): Path<i64>,
    f: FormPairs,
) -> Result<Response, WebError> {
    let input = JudgementInput { status: f.get("assumption_status"), note: f.get("judgement_note") };
    match act::judge_assumption(&state, &viewer, id, &input).await {
        Ok(()) => Ok(see_other(&format!("/strategy/objectives/{id}?notice=strategy.judged#judgements"))),
        Err(e) => {
            let errors = form_errors(e)?;
            let values = context! { assumption_status => input.status, judgement_note => input.note };
            node_page(&state, &viewer, &ctx, id, None, (values, &errors)).await
        }
    }
}

fn editing_values(node: &verbinding_store::strategy::Objective) -> Value {
    context! {
        title => node.title, summary => node.summary, level => node.level, horizon => node.horizon,
        lead_org => node.lead_org_code, contributors => node.contributors, assumption => node.assumption,
        risk => node.risk, parent => "", ..super::stored_marking_of!(node)
    }
}

fn editing_own(viewer: &Viewer, node: &verbinding_store::strategy::Objective) -> Result<Value, WebError> {
    let decides = act::decides_objective_marking(viewer, node)?;
    Ok(context! {
        action => format!("/strategy/objectives/{}", node.id), strategy_id => node.strategy_id,
        cancel => format!("/strategy/objectives/{}", node.id),
        ..super::editing(node.id, decides, node.owner_org_code.clone())
    })
}

pub async fn edit_objective_form(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let node = act::load_objective(&state, &viewer, id).await?;
    let own = editing_own(&viewer, &node)?;
    objective_form(&state, &viewer, &ctx, editing_values(&node), &[], own).await
}

pub async fn update_objective(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
    Path(id): Path<i64>,
    f: FormPairs,
) -> Result<Response, WebError> {
    let stored = act::load_objective(&state, &viewer, id).await?;
    let result = match f.int("version") {
        Ok(version) => act::update_objective(&state, &viewer, id, version, &objective_input(&f)).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(()) => Ok(see_other(&format!("/strategy/objectives/{id}?notice=common.saved"))),
        Err(e) => {
            let errors = form_errors(e)?;
            objective_form(&state, &viewer, &ctx, objective_values(&f), &errors, editing_own(&viewer, &stored)?).await
        }
    }
}
