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
use verbinding_store::{consultations, decisions, dossiers};

pub async fn show(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
) -> Result<Response, WebError> {
    let mut conn = state.db.pool.acquire().await?;
    let p = &viewer.principal;
    let (mut mine, mut recent, mut count, mut to_answer, mut to_sign) = Default::default();
    if let Ok(f) = viewer.reader() {
        recent = dossiers::list_visible(&mut conn, &f, None, 10).await?;
        // "Mine": dossiers led by my organisation (or one of its parents).
        mine = recent.iter().filter(|d| p.org_chain.contains(&d.lead_org_id)).cloned().collect::<Vec<_>>();
        count = dossiers::count_visible(&mut conn, &f).await?;
        // What waits for me: rounds my organisation has not answered, and
        // decisions I may sign. Both only on incidents I may see.
        if p.has(Permission::WriteObjects) {
            to_answer = consultations::awaiting_answer(&mut conn, &f, viewer.user.org_id, state.now_ms()).await?;
        }
        if p.has(Permission::Decide) {
            to_sign = decisions::awaiting_signature(&mut conn, &f, viewer.user.id).await?;
        }
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
            posting_end => viewer.user.posting_end,
        },
    )
}
