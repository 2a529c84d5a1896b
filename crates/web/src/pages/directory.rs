//! Organisations and their members.

use super::render;
use crate::AppState;
use crate::errors::WebError;
use crate::middleware::RequestCtx;
use crate::session::Viewer;
use axum::extract::{Extension, Path, Query, State};
use axum::response::Response;
use minijinja::{Value, context};
use verbinding_store::directory;

pub async fn organisations(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
) -> Result<Response, WebError> {
    let orgs = crate::cache::orgs(&state).await?;
    let rows: Vec<Value> = orgs
        .iter()
        .map(|o| {
            let parent = o.parent_id.map(|p| directory::code_of(&orgs, p));
            context! { org => Value::from_serialize(o), parent }
        })
        .collect();
    render(&state, &viewer, &ctx, "directory/organisations.html", context! { rows })
}

pub async fn organisation(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
    Path(code): Path<String>,
    Query(q): Query<super::Notice>,
) -> Result<Response, WebError> {
    let (org, members) = verbinding_app::directory::organisation(&state, &viewer, &code).await?;
    let orgs = crate::cache::orgs(&state).await?;
    let parent = org.parent_id.and_then(|p| orgs.iter().find(|x| x.id == p)).cloned();
    let units: Vec<_> = orgs.iter().filter(|o| o.parent_id == Some(org.id)).cloned().collect();
    let members: Vec<Value> = members
        .iter()
        .filter(|u| u.active)
        .map(|u| context! { name => u.name, email => u.email, roles => u.roles.iter().map(|r| r.id()).collect::<Vec<_>>() })
        .collect();
    // Agencies whose liaisons answer for this ministry.
    let delegates: Vec<String> = units.iter().filter(|u| u.answers_for_parent == 1).map(|u| u.code.clone()).collect();
    render(
        &state,
        &viewer,
        &ctx,
        "directory/organisation.html",
        context! {
            org => Value::from_serialize(&org),
            parent => Value::from_serialize(&parent),
            units => Value::from_serialize(&units),
            members, delegates, notice => q.notice.as_deref().filter(|n| *n == "delegation").map(|_| "orgs.delegation_saved"),
        },
    )
}

/// The ministry lets an agency answer its consultations, or stops that.
pub async fn set_answers_for_parent(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(code): Path<String>,
    f: super::FormPairs,
) -> Result<Response, WebError> {
    verbinding_app::directory::set_answers_for_parent(&state, &viewer, &code, f.get("answers_for_parent") == "true")
        .await?;
    Ok(super::see_other(&format!("/organisations/{code}?notice=delegation")))
}
