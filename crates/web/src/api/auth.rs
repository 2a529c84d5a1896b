//! The API of `auth`: `POST /api/v1/tokens` exchanges email and password for
//! a personal token (scripts).

use super::{ApiJson, json};
use crate::AppState;
use crate::errors::{AppError, WebError};
use crate::middleware::RequestCtx;
use axum::extract::{Extension, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use verbinding_app::auth::{self, LoginOutcome};
use verbinding_app::{Caller, Origin};

#[derive(Deserialize, schemars::JsonSchema)]
pub struct TokenRequest {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    name: Option<String>,
    /// How many days the token works (1 to 365; default 90). It also ends
    /// when the password changes and at "log out everywhere".
    #[serde(default)]
    expires_in_days: Option<i64>,
}

pub async fn create_token(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    ApiJson(req): ApiJson<TokenRequest>,
) -> Result<Response, WebError> {
    let attempt = Caller { origin: Origin::Token, ..Caller::anonymous("", &ctx.request_id, &ctx.source) };
    match auth::check_credentials(&state, &attempt, &req.email, &req.password).await? {
        LoginOutcome::Ok(user) => {
            let name = req.name.unwrap_or_else(|| "api".to_string());
            // The token is issued to the user who just proved who they are.
            let holder = auth::caller_of(&state, user, Origin::Token, &ctx.request_id, &ctx.source).await?;
            let issued = auth::issue_token(&state, &holder, &name, req.expires_in_days).await?;
            let token = super::contract::objects::Token { token: issued.token, expires_at: issued.expires_at };
            Ok(json(StatusCode::CREATED, &token))
        }
        LoginOutcome::Failed => Err(AppError::Unauthenticated.into()),
        LoginOutcome::Throttled => Err(AppError::Throttled.into()),
    }
}
