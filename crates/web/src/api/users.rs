//! The API of `users`: creating and updating a user (administrators; the
//! route table enforces it). Users are shown as `directory` shows them.

use super::directory::view;
use super::{ApiJson, json};
use crate::AppState;
use crate::errors::{AppError, WebError};
use crate::session::ApiCaller;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use verbinding_domain::directory::UserInput;

#[derive(Deserialize, Default, schemars::JsonSchema)]
#[serde(default)]
pub struct UserBody {
    email: String,
    name: String,
    organisation: String,
    roles: Vec<String>,
    clearance: String,
    posting_end: Option<String>,
    password: String,
    active: Option<bool>,
    version: Option<i64>,
}

impl UserBody {
    fn input(&self) -> UserInput {
        UserInput {
            email: self.email.clone(),
            name: self.name.clone(),
            roles: self.roles.clone(),
            clearance: self.clearance.clone(),
            posting_end: self.posting_end.clone().unwrap_or_default(),
        }
    }
}

async fn fetch(state: &AppState, caller: &ApiCaller, id: i64) -> Result<Response, WebError> {
    let u = verbinding_app::users::get(state, caller, id).await?;
    let orgs = crate::cache::orgs(state).await?;
    Ok(json(StatusCode::OK, &view(&u, &orgs, true)))
}

pub async fn create(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiJson(b): ApiJson<UserBody>,
) -> Result<Response, WebError> {
    let id = verbinding_app::users::create(&state, &caller, &b.input(), &b.organisation, &b.password).await?;
    let mut r = fetch(&state, &caller, id).await?;
    *r.status_mut() = StatusCode::CREATED;
    Ok(r)
}

pub async fn update(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<UserBody>,
) -> Result<Response, WebError> {
    let version = b.version.ok_or_else(|| AppError::invalid("version", "required"))?;
    let input = b.input();
    let edit =
        verbinding_app::users::UserEdit { id, version, input: &input, org_code: &b.organisation, active: b.active };
    verbinding_app::users::update(&state, &caller, &edit).await?;
    fetch(&state, &caller, id).await
}
