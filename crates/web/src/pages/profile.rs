//! The profile: password, personal API tokens, ending sessions.

use super::{FormPairs, field_errors, render, see_other};
use crate::audit_ctx::{self, Actor};
use crate::errors::AppError;
use crate::middleware::RequestCtx;
use crate::pages::login::append_cookie;
use crate::session::{SESSION_COOKIE, Viewer, set_cookie};
use crate::{AppState, password};
use axum::extract::{Extension, Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use minijinja::{Value, context};
use verbinding_domain::FieldError;
use verbinding_domain::audit::AuditAction;
use verbinding_domain::directory::check_password;
use verbinding_store::{audit, auth, directory};

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
) -> Result<Response, AppError> {
    let mut conn = state.db.pool.acquire().await?;
    let tokens = auth::list_tokens(&mut conn, viewer.user.id).await?;
    let orgs = crate::cache::orgs(state, &mut conn).await?;
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
) -> Result<Response, AppError> {
    page(&state, &viewer, &ctx, notice_key(n.notice.as_deref()), None, &[]).await
}

pub async fn change_password(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
    f: FormPairs,
) -> Result<Response, AppError> {
    let (current, new, confirm) = (f.get("current_password"), f.get("new_password"), f.get("confirm_password"));
    let mut errors = match check_password("new_password", &new) {
        Err(verbinding_domain::DomainError::Invalid(e)) => e,
        _ => Vec::new(),
    };
    if new != confirm {
        errors.push(FieldError::new("confirm_password", "password_mismatch"));
    }
    let mut conn = state.db.pool.acquire().await?;
    let stored = directory::password_hash(&mut conn, viewer.user.id).await?;
    drop(conn);
    let (new_pw, current_pw) = (new.clone(), current.clone());
    let (ok, hash) =
        tokio::task::spawn_blocking(move || (password::verify(&current_pw, &stored), password::hash(&new_pw)))
            .await
            .map_err(|e| AppError::Internal(e.to_string()))?;
    if !ok {
        errors.push(FieldError::new("current_password", "password_wrong"));
    }
    if !errors.is_empty() {
        return page(&state, &viewer, &ctx, None, None, &errors).await;
    }
    let hash = hash.map_err(AppError::Internal)?;
    let mut tx = state.db.write().await?;
    directory::set_password(&mut tx, viewer.user.id, &hash, state.now_ms()).await?;
    // Other sessions may belong to whoever knew the old password: end them.
    sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND id_hash <> $2")
        .bind(viewer.user.id)
        .bind(&viewer.session_hash)
        .execute(&mut **tx)
        .await?;
    audit::append(&mut tx, &audit_ctx::event(&state, &ctx, Actor::user(&viewer.user), AuditAction::PasswordChanged))
        .await?;
    tx.commit().await?;
    Ok(see_other("/profile?notice=password"))
}

/// A new personal token: shown in this response only, stored as a hash.
pub async fn issue_token(
    state: &AppState,
    ctx: &RequestCtx,
    user: &directory::User,
    name: &str,
) -> Result<String, AppError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(AppError::invalid("token_name", "required"));
    }
    if name.chars().count() > 100 {
        return Err(AppError::invalid("token_name", "too_long"));
    }
    let token = format!("vbt_{}", crate::session::random_token());
    let mut tx = state.db.write().await?;
    let id = auth::create_token(&mut tx, user.id, name, &crate::session::sha256_hex(&token), state.now_ms()).await?;
    let e = audit_ctx::with_detail(
        audit_ctx::event(state, ctx, Actor::user(user), AuditAction::TokenCreated),
        serde_json::json!({"token_id": id, "name": name}),
    );
    audit::append(&mut tx, &e).await?;
    tx.commit().await?;
    Ok(token)
}

pub async fn create_token(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
    f: FormPairs,
) -> Result<Response, AppError> {
    match issue_token(&state, &ctx, &viewer.user, &f.get("token_name")).await {
        Ok(token) => page(&state, &viewer, &ctx, None, Some(token), &[]).await,
        Err(AppError::Invalid(errors)) => page(&state, &viewer, &ctx, None, None, &errors).await,
        Err(e) => Err(e),
    }
}

pub async fn revoke_token(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let mut tx = state.db.write().await?;
    auth::revoke_token(&mut tx, viewer.user.id, id, state.now_ms()).await?;
    let e = audit_ctx::with_detail(
        audit_ctx::event(&state, &ctx, Actor::user(&viewer.user), AuditAction::TokenRevoked),
        serde_json::json!({"token_id": id}),
    );
    audit::append(&mut tx, &e).await?;
    tx.commit().await?;
    Ok(see_other("/profile?notice=revoked"))
}

pub async fn logout_everywhere(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
) -> Result<Response, AppError> {
    let mut tx = state.db.write().await?;
    let ended = auth::delete_user_sessions(&mut tx, viewer.user.id).await?;
    let e = audit_ctx::with_detail(
        audit_ctx::event(&state, &ctx, Actor::user(&viewer.user), AuditAction::LogoutEverywhere),
        serde_json::json!({"sessions_ended": ended}),
    );
    audit::append(&mut tx, &e).await?;
    tx.commit().await?;
    let mut response = see_other("/login?logged_out=1");
    append_cookie(&mut response, &set_cookie(SESSION_COOKIE, "", Some(0), state.config.secure_cookies));
    Ok(response)
}
