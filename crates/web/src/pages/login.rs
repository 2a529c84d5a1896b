//! Login, logout and the language choice.

use super::{render_anonymous, see_other};
use crate::audit_ctx::{self, Actor};
use crate::errors::AppError;
use crate::i18n::Lang;
use crate::middleware::RequestCtx;
use crate::session::{
    LANG_COOKIE, MaybeViewer, SESSION_COOKIE, Viewer, cookie, random_token, request_lang, set_cookie, sha256_hex,
};
use crate::{AppState, password};
use axum::Form;
use axum::extract::{Extension, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use minijinja::context;
use serde::Deserialize;
use verbinding_domain::audit::AuditAction;
use verbinding_domain::directory::normalise_email;
use verbinding_store::{audit, auth, directory};

#[derive(Deserialize, Default)]
pub struct LoginQuery {
    expired: Option<String>,
    logged_out: Option<String>,
}

pub async fn form(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    MaybeViewer(viewer): MaybeViewer,
    headers: HeaderMap,
    Query(q): Query<LoginQuery>,
) -> Result<Response, AppError> {
    if viewer.is_some() {
        return Ok(see_other("/"));
    }
    let notice = if q.expired.is_some() {
        Some("login.expired")
    } else if q.logged_out.is_some() {
        Some("login.logged_out")
    } else {
        None
    };
    let lang = request_lang(&headers, None);
    render_anonymous(&state, &headers, lang, &ctx, "login.html", context! { notice, email => "", error => () })
}

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
}

/// Outcome of checking credentials, shared by the login page and the token API.
pub enum LoginOutcome {
    Ok(directory::User),
    Failed,
    Throttled,
}

/// Checks credentials with the same work whether or not the account exists,
/// records the attempt in the audit trail and the throttle.
pub async fn check_credentials(
    state: &AppState,
    ctx: &RequestCtx,
    email: &str,
    password: &str,
) -> Result<LoginOutcome, AppError> {
    let email = normalise_email(email);
    let now = state.now_ms();
    if state.throttle.blocked(state, &email, &ctx.source, now) {
        let mut tx = state.db.write().await?;
        audit::append(
            &mut tx,
            &audit_ctx::event(state, ctx, Actor { user: None, label: &email }, AuditAction::LoginThrottled),
        )
        .await?;
        tx.commit().await?;
        return Ok(LoginOutcome::Throttled);
    }
    let mut conn = state.db.pool.acquire().await?;
    let found = directory::login_lookup(&mut conn, &email).await?;
    drop(conn);
    let stored = found.as_ref().map(|(_, h)| h.as_str()).unwrap_or(state.dummy_hash.as_str()).to_string();
    let password = password.to_string();
    // Hashing is CPU-bound: keep it off the async workers.
    let matches = tokio::task::spawn_blocking(move || password::verify(&password, &stored))
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?;
    let mut tx = state.db.write().await?;
    match found {
        Some((user, _)) if matches && user.active => {
            state.throttle.clear_account(&email);
            audit::append(&mut tx, &audit_ctx::event(state, ctx, Actor::user(&user), AuditAction::LoginSucceeded))
                .await?;
            tx.commit().await?;
            Ok(LoginOutcome::Ok(user))
        }
        _ => {
            state.throttle.record_failure(&email, &ctx.source, now);
            audit::append(
                &mut tx,
                &audit_ctx::event(state, ctx, Actor { user: None, label: &email }, AuditAction::LoginFailed),
            )
            .await?;
            tx.commit().await?;
            Ok(LoginOutcome::Failed)
        }
    }
}

pub async fn submit(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    headers: HeaderMap,
    Form(f): Form<LoginForm>,
) -> Result<Response, AppError> {
    let lang = request_lang(&headers, None);
    let user = match check_credentials(&state, &ctx, &f.email, &f.password).await? {
        LoginOutcome::Ok(user) => user,
        outcome => {
            let (status, error) = match outcome {
                LoginOutcome::Throttled => (StatusCode::TOO_MANY_REQUESTS, "login.throttled"),
                _ => (StatusCode::UNAUTHORIZED, "login.failed"),
            };
            let mut r = render_anonymous(
                &state,
                &headers,
                lang,
                &ctx,
                "login.html",
                context! { notice => (), email => f.email.trim(), error },
            )?;
            *r.status_mut() = status;
            return Ok(r);
        }
    };
    // A fresh session id at every login (no fixation); any old one is ended.
    let mut tx = state.db.write().await?;
    if let Some(old) = cookie(&headers, SESSION_COOKIE) {
        auth::delete_session(&mut tx, &sha256_hex(&old)).await?;
    }
    let raw = random_token();
    auth::create_session(&mut tx, &sha256_hex(&raw), user.id, &random_token(), state.now_ms()).await?;
    tx.commit().await?;
    let mut response = see_other("/");
    let secure = state.config.secure_cookies;
    let absolute = state.config.absolute_timeout.as_secs() as i64;
    append_cookie(&mut response, &set_cookie(SESSION_COOKIE, &raw, Some(absolute), secure));
    if let Some(l) = user.language.as_deref() {
        append_cookie(&mut response, &set_cookie(LANG_COOKIE, l, Some(365 * 24 * 3600), secure));
    }
    Ok(response)
}

pub fn append_cookie(response: &mut Response, value: &str) {
    if let Ok(v) = HeaderValue::from_str(value) {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
}

pub async fn logout(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
) -> Result<Response, AppError> {
    let mut tx = state.db.write().await?;
    auth::delete_session(&mut tx, &viewer.session_hash).await?;
    audit::append(&mut tx, &audit_ctx::event(&state, &ctx, Actor::user(&viewer.user), AuditAction::Logout)).await?;
    tx.commit().await?;
    let mut response = see_other("/login?logged_out=1");
    append_cookie(&mut response, &set_cookie(SESSION_COOKIE, "", Some(0), state.config.secure_cookies));
    Ok(response)
}

#[derive(Deserialize)]
pub struct LanguageForm {
    lang: String,
    #[serde(default)]
    next: String,
}

/// Only local paths are followed after switching, never another site.
fn local_path(next: &str) -> &str {
    if next.starts_with('/') && !next.starts_with("//") && !next.contains('\\') { next } else { "/" }
}

pub async fn language(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    MaybeViewer(viewer): MaybeViewer,
    Form(f): Form<LanguageForm>,
) -> Result<Response, AppError> {
    let lang = Lang::parse(&f.lang).ok_or_else(|| AppError::invalid("lang", "required"))?;
    if let Some(v) = &viewer {
        let mut tx = state.db.write().await?;
        directory::set_language(&mut tx, v.user.id, lang.code()).await?;
        let e = audit_ctx::event(&state, &ctx, Actor::user(&v.user), AuditAction::LanguageChanged);
        audit::append(&mut tx, &audit_ctx::with_detail(e, serde_json::json!({"lang": lang.code()}))).await?;
        tx.commit().await?;
    }
    let mut response = see_other(local_path(&f.next));
    append_cookie(
        &mut response,
        &set_cookie(LANG_COOKIE, lang.code(), Some(365 * 24 * 3600), state.config.secure_cookies),
    );
    Ok(response)
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_local_paths_are_followed() {
        assert_eq!(super::local_path("/organisations"), "/organisations");
        assert_eq!(super::local_path("//evil.example"), "/");
        assert_eq!(super::local_path("https://evil.example"), "/");
        assert_eq!(super::local_path("/\\evil.example"), "/");
    }
}
