//! `POST /api/v1/tokens`: email and password for a personal token (scripts).

use super::{ApiJson, json};
use crate::AppState;
use crate::errors::AppError;
use crate::middleware::RequestCtx;
use crate::pages::login::{LoginOutcome, check_credentials};
use crate::pages::profile::issue_token;
use axum::extract::{Extension, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;

#[derive(Deserialize)]
pub struct TokenRequest {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    name: Option<String>,
}

pub async fn create(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    ApiJson(req): ApiJson<TokenRequest>,
) -> Result<Response, AppError> {
    match check_credentials(&state, &ctx, &req.email, &req.password).await? {
        LoginOutcome::Ok(user) => {
            let name = req.name.unwrap_or_else(|| "api".to_string());
            let token = issue_token(&state, &ctx, &user, &name).await?;
            Ok(json(StatusCode::CREATED, &serde_json::json!({ "token": token })))
        }
        LoginOutcome::Failed => Err(AppError::Unauthenticated),
        LoginOutcome::Throttled => Err(AppError::Throttled),
    }
}
