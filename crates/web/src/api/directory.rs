//! The API of `directory`: the caller, organisations, and users as anyone
//! with `ViewDirectory` reads them (administration is `users`).

use super::contract::List;
use super::{PageParams, json, page};
use crate::AppState;
use crate::errors::{AppError, WebError};
use crate::session::ApiCaller;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Serialize;
use verbinding_domain::role::Permission;
use verbinding_store::directory::{self, Organisation, User};

#[derive(Serialize, schemars::JsonSchema)]
pub struct UserView {
    id: i64,
    email: String,
    name: String,
    organisation: String,
    roles: Vec<&'static str>,
    /// Clearance, activity and rotation are shown to administrators and to
    /// the user themself only.
    #[serde(skip_serializing_if = "Option::is_none")]
    clearance: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    active: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    posting_end: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    version: Option<i64>,
}

pub(super) fn view(u: &User, orgs: &[Organisation], full: bool) -> UserView {
    UserView {
        id: u.id,
        email: u.email.clone(),
        name: u.name.clone(),
        organisation: directory::code_of(orgs, u.org_id),
        roles: u.roles.iter().map(|r| r.id()).collect(),
        clearance: full.then(|| u.clearance.clone()),
        active: full.then_some(u.active),
        posting_end: if full { u.posting_end.clone() } else { None },
        version: full.then_some(u.version),
    }
}

#[derive(Serialize, schemars::JsonSchema)]
pub struct OrgView {
    code: String,
    name_nl: String,
    name_en: String,
    kind: String,
    parent: Option<String>,
    city: Option<String>,
}

fn org_view(o: &Organisation, orgs: &[Organisation]) -> OrgView {
    OrgView {
        code: o.code.clone(),
        name_nl: o.name_nl.clone(),
        name_en: o.name_en.clone(),
        kind: o.kind.clone(),
        parent: o.parent_id.map(|p| directory::code_of(orgs, p)),
        city: o.city.clone(),
    }
}

pub async fn me(State(state): State<AppState>, caller: ApiCaller) -> Result<Response, WebError> {
    let orgs = crate::cache::orgs(&state).await?;
    let me = super::contract::objects::Me {
        user: view(&caller.user, &orgs, true),
        permissions: Permission::ALL.iter().filter(|p| caller.principal.has(**p)).map(|p| p.id()).collect(),
        language: caller.lang.code(),
    };
    Ok(json(StatusCode::OK, &me))
}

pub async fn organisations(
    State(state): State<AppState>,
    _caller: ApiCaller,
    Query(p): Query<PageParams>,
) -> Result<Response, WebError> {
    let orgs = crate::cache::orgs(&state).await?;
    let after = p.cursor()?;
    let limit = p.limit()?;
    // Organisations page by id so a cursor stays valid when codes are added.
    let mut sorted: Vec<&Organisation> = orgs.iter().filter(|o| after.is_none_or(|a| o.id > a)).collect();
    sorted.sort_by_key(|o| o.id);
    let items: Vec<(i64, OrgView)> =
        sorted.into_iter().take(limit as usize).map(|o| (o.id, org_view(o, &orgs))).collect();
    let paged = page(items, limit, |(id, _)| *id);
    Ok(json(
        StatusCode::OK,
        &List { items: paged.items.into_iter().map(|(_, v)| v).collect(), next_cursor: paged.next_cursor },
    ))
}

pub async fn organisation(
    State(state): State<AppState>,
    _caller: ApiCaller,
    Path(code): Path<String>,
) -> Result<Response, WebError> {
    let orgs = crate::cache::orgs(&state).await?;
    let o = orgs.iter().find(|o| o.code == code).ok_or(AppError::NotFound)?;
    Ok(json(StatusCode::OK, &org_view(o, &orgs)))
}

pub async fn users(
    State(state): State<AppState>,
    caller: ApiCaller,
    Query(p): Query<PageParams>,
) -> Result<Response, WebError> {
    let orgs = crate::cache::orgs(&state).await?;
    let limit = p.limit()?;
    let list = verbinding_app::directory::users(&state, &caller, p.cursor()?, limit).await?;
    let paged = page(list, limit, |u| u.id);
    // An administrator sees the administrative detail of the accounts they
    // manage only; everyone sees their own.
    let full = |u: &User| u.id == caller.user.id || verbinding_app::users::manages(&state, &caller, &orgs, u);
    let items: Vec<UserView> = paged.items.iter().map(|u| view(u, &orgs, full(u))).collect();
    Ok(json(StatusCode::OK, &List { items, next_cursor: paged.next_cursor }))
}

pub async fn user(State(state): State<AppState>, caller: ApiCaller, Path(id): Path<i64>) -> Result<Response, WebError> {
    let orgs = crate::cache::orgs(&state).await?;
    let u = verbinding_app::directory::user(&state, &caller, id).await?;
    let full = id == caller.user.id || verbinding_app::users::manages(&state, &caller, &orgs, &u);
    Ok(json(StatusCode::OK, &view(&u, &orgs, full)))
}
