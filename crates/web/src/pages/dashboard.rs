//! The dashboard: my open items and recent activity, all through the
//! visibility rule.

use super::render;
use crate::AppState;
use crate::errors::WebError;
use crate::middleware::RequestCtx;
use crate::session::Viewer;
use axum::extract::{Extension, State};
use axum::response::Response;
use minijinja::{Value, context};
use verbinding_domain::role::Permission;

/// Open tasks the dashboard lists; the inbox has them all.
const DASHBOARD_TASKS: i64 = 10;
/// Renewals of restrictive measures due within this many days are listed.
const RENEWAL_DAYS: i64 = 60;
/// At most this many running draaiboeken in the dashboard's chart (the most overdue first).
const CHART_RUNS: usize = 8;

/// The running draaiboeken as bars: the share of their tasks done, the
/// overdue ones marked; with the overdue tasks counted for the text.
async fn runs_progress(state: &AppState, viewer: &Viewer) -> Result<Option<Value>, crate::errors::AppError> {
    let runs = verbinding_app::executions::running(state, viewer).await?;
    if runs.is_empty() {
        return Ok(None);
    }
    let titles: std::collections::BTreeMap<i64, String> =
        verbinding_app::playbooks::list(state, viewer, viewer.lang.code())
            .await?
            .into_iter()
            .map(|(s, t)| (s.id, t))
            .collect();
    let lang = viewer.lang;
    let shown = &runs[..runs.len().min(CHART_RUNS)];
    let labels: Vec<String> = shown.iter().map(|r| titles.get(&r.playbook_id).cloned().unwrap_or_default()).collect();
    let notes: Vec<String> = shown
        .iter()
        .map(|r| {
            crate::i18n::t(lang, "dashboard.run_note")
                .replace("{done}", &r.done.to_string())
                .replace("{all}", &(r.done + r.open).to_string())
                .replace("{overdue}", &r.overdue.to_string())
        })
        .collect();
    let hrefs: Vec<String> = shown.iter().map(|r| format!("/executions/{}", r.id)).collect();
    let bars: Vec<crate::chart::Bar> = shown
        .iter()
        .enumerate()
        .map(|(i, r)| crate::chart::Bar {
            label: &labels[i],
            share: (r.done + r.open > 0).then(|| r.done as f64 / (r.done + r.open) as f64),
            off_track: r.overdue > 0,
            note: &notes[i],
            href: Some(&hrefs[i]),
        })
        .collect();
    let title = crate::i18n::t(lang, "dashboard.runs_chart");
    let description = crate::i18n::t(lang, "dashboard.runs_chart_description");
    let off_track = crate::i18n::t(lang, "dashboard.run_overdue");
    let texts =
        crate::chart::BarTexts { id: "runs-chart", title: &title, description: &description, off_track: &off_track };
    let overdue: i64 = runs.iter().map(|r| r.overdue).sum();
    Ok(Some(context! {
        svg => crate::chart::progress_bars(&bars, &texts), overdue, running => runs.len(), more => runs.len() > CHART_RUNS,
    }))
}

pub async fn show(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
) -> Result<Response, WebError> {
    let p = &viewer.principal;
    let (mut mine, mut recent, mut count, mut to_answer, mut to_sign) = Default::default();
    let (mut tasks, mut task_total) = (Vec::new(), 0);
    let (mut phases, mut renewals, mut runs_chart): (Vec<Value>, Vec<Value>, Option<Value>) = Default::default();
    // Reviews whose quarter or year is over without one, for who records them.
    let reviews_due = if viewer.may(Permission::ManageStrategy) {
        verbinding_app::reviews::due(&state, &viewer)
            .await?
            .into_iter()
            .map(|d| {
                context! {
                    strategy_id => d.strategy_id, strategy_title => d.strategy_title, cadence => d.cadence.id(),
                    period => d.period, label => super::indicators::period_label(viewer.lang, &d.period),
                }
            })
            .collect::<Vec<Value>>()
    } else {
        Vec::new()
    };
    let signposts = if viewer.may(Permission::ManageStrategy) {
        verbinding_app::foresight::open_items(&state, &viewer).await?
    } else {
        Vec::new()
    };
    if viewer.may(Permission::ReadObjects) {
        (recent, count) = verbinding_app::dossiers::list(&state, &viewer, None, 10).await?;
        // "Mine": dossiers led by my organisation (or one of its parents).
        mine = recent.iter().filter(|d| p.org_chain.contains(&d.lead_org_id)).cloned().collect::<Vec<_>>();
        // What waits for me: rounds my organisation has not answered, and
        // decisions I may sign. Both only on incidents I may see.
        to_answer = verbinding_app::consultations::awaiting_answer(&state, &viewer).await?;
        to_sign = verbinding_app::decisions::awaiting_signature(&state, &viewer).await?;
        // And the most urgent open tasks of the inbox, with their deadlines.
        (tasks, task_total) =
            verbinding_app::executions::inbox(&state, &viewer, &Default::default(), 0, DASHBOARD_TASKS).await?;
        phases = verbinding_app::incidents::phase_counts(&state, &viewer)
            .await?
            .into_iter()
            .map(|(p, n)| context! { id => p.id(), count => n })
            .collect();
        renewals = verbinding_app::response::renewals(&state, &viewer, RENEWAL_DAYS)
            .await?
            .into_iter()
            .map(|r| {
                let name = super::response::option_name(&r.option_id, viewer.lang);
                context! { incident_id => r.incident_id, incident_title => r.incident_title, name, date => r.renewal_date }
            })
            .collect();
        runs_chart = runs_progress(&state, &viewer).await?;
    }
    render(
        &state,
        &viewer,
        &ctx,
        "dashboard.html",
        context! {
            mine => Value::from_serialize(&mine),
            recent => Value::from_serialize(&recent),
            count,
            to_answer => Value::from_serialize(&to_answer),
            to_sign => Value::from_serialize(&to_sign),
            tasks => tasks.iter().map(|x| context! {
                href => super::executions::task_href(x), name => super::executions::task_name(x, viewer.lang),
                deadline => x.deadline, overdue => x.overdue == 1,
            }).collect::<Vec<_>>(),
            task_total,
            reviews_due,
            phases, renewals, runs_chart,
            signposts => Value::from_serialize(&signposts),
            posting_end => viewer.user.posting_end,
        },
    )
}
