//! The profile: password, personal API tokens, ending sessions.

use super::{FormPairs, field_errors, render, see_other};
use crate::AppState;
use crate::errors::{AppError, WebError};
use crate::middleware::RequestCtx;
use crate::pages::login::append_cookie;
use crate::session::{SESSION_COOKIE, Viewer, set_cookie};
use axum::extract::{Extension, Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use minijinja::{Value, context};
use verbinding_app::auth;
use verbinding_domain::FieldError;
use verbinding_store::directory;

fn notice_key(n: Option<&str>) -> Option<&'static str> {
    match n {
        Some("password") => Some("profile.password_changed"),
        Some("revoked") => Some("profile.token_revoked"),
        _ => None,
    }
}

async fn page(
    state: &AppState,
    viewer: &Viewer,
    ctx: &RequestCtx,
    notice: Option<&str>,
    new_token: Option<String>,
    errors: &[FieldError],
) -> Result<Response, WebError> {
    let tokens = auth::tokens(state, viewer).await?;
    let orgs = crate::cache::orgs(state).await?;
    let org = directory::code_of(&orgs, viewer.user.org_id);
    let mut r = render(
        state,
        viewer,
        ctx,
        "profile.html",
        context! {
            notice,
            new_token,
            tokens => Value::from_serialize(&tokens),
            errors => field_errors(errors),
            org,
            roles => viewer.user.roles.iter().map(|r| r.id()).collect::<Vec<_>>(),
            clearance => viewer.user.clearance,
            posting_end => viewer.user.posting_end,
        },
    )?;
    if !errors.is_empty() {
        *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(r)
}

pub async fn show(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
    Query(n): Query<super::Notice>,
) -> Result<Response, WebError> {
    page(&state, &viewer, &ctx, notice_key(n.notice.as_deref()), None, &[]).await
}

pub async fn change_password(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
    f: FormPairs,
) -> Result<Response, WebError> {
    let (current, new, confirm) = (f.get("current_password"), f.get("new_password"), f.get("confirm_password"));
    match auth::change_password(&state, &viewer, &viewer.session_hash, &current, &new, &confirm).await {
        Ok(()) => Ok(see_other("/profile?notice=password")),
        Err(AppError::Invalid(errors)) => page(&state, &viewer, &ctx, None, None, &errors).await,
        Err(e) => Err(e.into()),
    }
}

pub async fn create_token(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
    f: FormPairs,
) -> Result<Response, WebError> {
    match auth::issue_token(&state, &viewer, &f.get("token_name")).await {
        Ok(token) => page(&state, &viewer, &ctx, None, Some(token), &[]).await,
        Err(AppError::Invalid(errors)) => page(&state, &viewer, &ctx, None, None, &errors).await,
        Err(e) => Err(e.into()),
    }
}

pub async fn revoke_token(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    auth::revoke_token(&state, &viewer, id).await?;
    Ok(see_other("/profile?notice=revoked"))
}

pub async fn logout_everywhere(State(state): State<AppState>, viewer: Viewer) -> Result<Response, WebError> {
    auth::end_all_sessions(&state, &viewer).await?;
    let mut response = see_other("/login?logged_out=1");
    append_cookie(&mut response, &set_cookie(SESSION_COOKIE, "", Some(0), state.config.secure_cookies));
    Ok(response)
}
