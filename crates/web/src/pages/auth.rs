//! The pages of `auth`: login, logout, the language choice, and the profile
//! (password, personal API tokens, ending sessions).

use super::{FormPairs, field_errors, render, render_anonymous, see_other};
use crate::AppState;
use crate::errors::{AppError, WebError};
use crate::i18n::Lang;
use crate::middleware::RequestCtx;
use crate::session::{LANG_COOKIE, MaybeViewer, SESSION_COOKIE, Viewer, cookie, request_lang, set_cookie};
use axum::Form;
use axum::extract::{Extension, Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use minijinja::{Value, context};
use serde::Deserialize;
use verbinding_app::Caller;
use verbinding_app::auth::{self, LoginOutcome};
use verbinding_domain::FieldError;
use verbinding_store::directory;

#[derive(Deserialize, Default)]
pub struct LoginQuery {
    expired: Option<String>,
    logged_out: Option<String>,
    /// Where to go after logging in: a path of this site (see [`local_path`]).
    next: Option<String>,
}

pub async fn form(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    MaybeViewer(viewer): MaybeViewer,
    headers: HeaderMap,
    Query(q): Query<LoginQuery>,
) -> Result<Response, WebError> {
    let next = local_path(q.next.as_deref().unwrap_or("/"));
    if viewer.is_some() {
        return Ok(see_other(&next));
    }
    let notice = if q.expired.is_some() {
        Some("login.expired")
    } else if q.logged_out.is_some() {
        Some("login.logged_out")
    } else {
        None
    };
    let lang = request_lang(&headers, None);
    let page = context! { notice, email => "", error => (), next };
    render_anonymous(&state, &headers, lang, &ctx, "auth/login.html", page)
}

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
}

pub async fn submit(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    headers: HeaderMap,
    Form(f): Form<LoginForm>,
) -> Result<Response, WebError> {
    let lang = request_lang(&headers, None);
    let attempt = Caller::anonymous("", &ctx.request_id, &ctx.source);
    let user = match auth::check_credentials(&state, &attempt, &f.email, &f.password).await? {
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
                "auth/login.html",
                context! { notice => (), email => f.email.trim(), error, next => local_path(&f.next) },
            )?;
            *r.status_mut() = status;
            return Ok(r);
        }
    };
    // A fresh session id at every login (no fixation); any old one is ended.
    let raw = auth::start_session(&state, &user, cookie(&headers, SESSION_COOKIE).as_deref()).await?;
    let mut response = see_other(&local_path(&f.next));
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

pub async fn logout(State(state): State<AppState>, viewer: Viewer) -> Result<Response, WebError> {
    auth::end_session(&state, &viewer, &viewer.session_hash).await?;
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

/// Only paths of this site are followed (after logging in, after switching
/// language), never another site. The value is parsed as a browser would —
/// WHATWG URL parsing drops tabs and newlines and reads `\` as `/`, so
/// `/\t/evil.example` is `//evil.example`, another host — and kept only
/// when it resolves to this origin; what is followed is the parsed path and
/// query, never the raw text. Anything else, malformed included, is `/`.
fn local_path(next: &str) -> String {
    const BASE: &str = "http://verbinding.invalid/";
    let (Ok(base), true) = (url::Url::parse(BASE), next.starts_with('/')) else {
        return "/".into();
    };
    match base.join(next) {
        Ok(u) if u.origin() == base.origin() => match u.query() {
            Some(q) => format!("{}?{q}", u.path()),
            None => u.path().to_string(),
        },
        _ => "/".into(),
    }
}

pub async fn language(
    State(state): State<AppState>,
    MaybeViewer(viewer): MaybeViewer,
    Form(f): Form<LanguageForm>,
) -> Result<Response, WebError> {
    let lang = Lang::parse(&f.lang).ok_or_else(|| AppError::invalid("lang", "required"))?;
    if let Some(v) = &viewer {
        auth::set_language(&state, v, lang.code()).await?;
    }
    let mut response = see_other(&local_path(&f.next));
    append_cookie(
        &mut response,
        &set_cookie(LANG_COOKIE, lang.code(), Some(365 * 24 * 3600), state.config.secure_cookies),
    );
    Ok(response)
}

// The profile.

fn notice_key(n: Option<&str>) -> Option<&'static str> {
    match n {
        Some("password") => Some("profile.password_changed"),
        Some("revoked") => Some("profile.token_revoked"),
        Some("time-zone") => Some("profile.time_zone_set"),
        _ => None,
    }
}

async fn profile_page(
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
        "auth/profile.html",
        context! {
            notice,
            new_token,
            tokens => Value::from_serialize(&tokens),
            errors => field_errors(errors),
            org,
            roles => viewer.user.roles.iter().map(|r| r.id()).collect::<Vec<_>>(),
            clearance => viewer.user.clearance,
            posting_end => viewer.user.posting_end,
            zones => chrono_tz::TZ_VARIANTS.iter().map(|z| z.name()).collect::<Vec<_>>(),
            zone => viewer.zone.name(),
            now => state.now_ms(),
        },
    )?;
    if !errors.is_empty() {
        *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(r)
}

pub async fn profile(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
    Query(n): Query<super::Notice>,
) -> Result<Response, WebError> {
    profile_page(&state, &viewer, &ctx, notice_key(n.notice.as_deref()), None, &[]).await
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
        Err(AppError::Invalid(errors)) => profile_page(&state, &viewer, &ctx, None, None, &errors).await,
        Err(e) => Err(e.into()),
    }
}

pub async fn set_time_zone(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
    f: FormPairs,
) -> Result<Response, WebError> {
    match auth::set_time_zone(&state, &viewer, &f.get("time_zone")).await {
        Ok(()) => Ok(see_other("/profile?notice=time-zone#zone-heading")),
        Err(AppError::Invalid(errors)) => profile_page(&state, &viewer, &ctx, None, None, &errors).await,
        Err(e) => Err(e.into()),
    }
}

pub async fn create_token(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
    f: FormPairs,
) -> Result<Response, WebError> {
    match auth::issue_token(&state, &viewer, &f.get("token_name"), None).await {
        Ok(issued) => profile_page(&state, &viewer, &ctx, None, Some(issued.token), &[]).await,
        Err(AppError::Invalid(errors)) => profile_page(&state, &viewer, &ctx, None, None, &errors).await,
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

#[cfg(test)]
mod tests {
    #[test]
    fn only_local_paths_are_followed() {
        assert_eq!(super::local_path("/organisations"), "/organisations");
        assert_eq!(super::local_path("/incidents?status=open"), "/incidents?status=open");
        for evil in [
            "//evil.example",
            "https://evil.example",
            "/\\evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "\\\\evil.example",
            "/\\/evil.example",
            "http:evil.example",
            "",
            "evil",
        ] {
            assert_eq!(super::local_path(evil), "/", "{evil:?}");
        }
        assert_eq!(super::local_path("/a/../../b"), "/b", "dot segments stay on the site");
        assert_eq!(super::local_path("/%zz<>\"x"), "/%zz%3C%3E%22x", "malformed is encoded, never a 500");
    }
}
