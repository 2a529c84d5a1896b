//! The dashboard: my open items and recent activity, all through the
//! visibility rule.

use super::render;
use crate::AppState;
use crate::actions::dossiers::filter;
use crate::errors::AppError;
use crate::middleware::RequestCtx;
use crate::session::Viewer;
use axum::extract::{Extension, State};
use axum::response::Response;
use minijinja::{Value, context};
use verbinding_store::dossiers;

pub async fn show(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
) -> Result<Response, AppError> {
    let mut conn = state.db.pool.acquire().await?;
    let (mine, recent, count) = match filter(&viewer.principal) {
        Ok(f) => {
            let recent = dossiers::list_visible(&mut conn, &f, None, 10).await?;
            let own_orgs = &viewer.principal.org_chain;
            // "Mine": dossiers led by my organisation (or one of its parents).
            let mine: Vec<_> = recent.iter().filter(|d| own_orgs.contains(&d.lead_org_id)).cloned().collect();
            let count = dossiers::count_visible(&mut conn, &f).await?;
            (mine, recent, count)
        }
        Err(_) => (Vec::new(), Vec::new(), 0),
    };
    render(
        &state,
        &viewer,
        &ctx,
        "dashboard.html",
        context! {
            mine => Value::from_serialize(&mine),
            recent => Value::from_serialize(&recent),
            count,
            posting_end => viewer.user.posting_end,
        },
    )
}
