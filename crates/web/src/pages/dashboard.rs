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

pub async fn show(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
) -> Result<Response, WebError> {
    let p = &viewer.principal;
    let (mut mine, mut recent, mut count, mut to_answer, mut to_sign) = Default::default();
    let (mut tasks, mut task_total) = (Vec::new(), 0);
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
        (tasks, task_total) = verbinding_app::executions::inbox(&state, &viewer, &Default::default(), 0, DASHBOARD_TASKS).await?;
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
            signposts => Value::from_serialize(&signposts),
            posting_end => viewer.user.posting_end,
        },
    )
}
