//! Who is asking: session cookies for pages, bearer tokens for the API, and
//! login throttling. Secrets travel to the client; only their SHA-256 is stored.

use crate::AppState;
use crate::errors::AppError;
use crate::i18n::Lang;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use rand::RngCore;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::Mutex;
use verbinding_domain::access::Principal;
use verbinding_store::{auth, directory, directory::User};

pub const SESSION_COOKIE: &str = "vb_session";
pub const CSRF_COOKIE: &str = "vb_csrf";
pub const LANG_COOKIE: &str = "vb_lang";

/// 256 bits from the OS generator, hex encoded.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

pub fn sha256_hex(s: &str) -> String {
    hex::encode(Sha256::digest(s.as_bytes()))
}

/// Compares secrets in time independent of where they differ.
pub fn constant_time_eq(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers.get_all(header::COOKIE).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(';')).find_map(|pair| {
        let (k, v) = pair.trim().split_once('=')?;
        (k == name).then(|| v.to_string())
    })
}

/// A `Set-Cookie` value. HttpOnly and SameSite=Lax always (Lax keeps the
/// cookie on top-level links from mail; every state change also needs a
/// CSRF token); Secure when configured.
pub fn set_cookie(name: &str, value: &str, max_age_secs: Option<i64>, secure: bool) -> String {
    let mut c = format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax");
    if let Some(age) = max_age_secs {
        c.push_str(&format!("; Max-Age={age}"));
    }
    if secure {
        c.push_str("; Secure");
    }
    c
}

/// The language for this request: the user's choice, else the language
/// cookie, else `Accept-Language`.
pub fn request_lang(headers: &HeaderMap, user: Option<&User>) -> Lang {
    user.and_then(|u| u.language.as_deref())
        .and_then(Lang::parse)
        .or_else(|| cookie(headers, LANG_COOKIE).as_deref().and_then(Lang::parse))
        .unwrap_or_else(|| {
            Lang::from_accept_language(headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).unwrap_or(""))
        })
}

/// A logged-in user of the pages.
#[derive(Debug, Clone)]
pub struct Viewer {
    pub user: User,
    pub principal: Principal,
    pub lang: Lang,
    pub csrf: String,
    pub session_hash: String,
}

/// Why there is no viewer: no cookie at all, or a session that ended.
pub enum NoViewer {
    Anonymous,
    Expired,
}

pub async fn load_viewer(state: &AppState, headers: &HeaderMap) -> Result<Result<Viewer, NoViewer>, AppError> {
    let Some(raw) = cookie(headers, SESSION_COOKIE) else {
        return Ok(Err(NoViewer::Anonymous));
    };
    let hash = sha256_hex(&raw);
    let mut conn = state.db.pool.acquire().await?;
    let Some(session) = auth::session(&mut conn, &hash).await? else {
        return Ok(Err(NoViewer::Expired));
    };
    let now = state.now_ms();
    let idle = state.config.idle_timeout.as_millis() as i64;
    let absolute = state.config.absolute_timeout.as_millis() as i64;
    if now - session.last_seen > idle || now - session.created_at > absolute {
        auth::delete_session(&mut conn, &hash).await?;
        return Ok(Err(NoViewer::Expired));
    }
    let user = directory::user_by_id(&mut conn, session.user_id).await?;
    if !user.active {
        auth::delete_session(&mut conn, &hash).await?;
        return Ok(Err(NoViewer::Expired));
    }
    // Touch at most once a minute: keeps reads from turning into writes.
    if now - session.last_seen > 60_000 {
        auth::touch_session(&mut conn, &hash, now).await?;
    }
    let principal = directory::principal(&mut conn, &user).await?;
    let lang = request_lang(headers, Some(&user));
    Ok(Ok(Viewer { user, principal, lang, csrf: session.csrf_token, session_hash: hash }))
}

impl FromRequestParts<AppState> for Viewer {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        if let Some(v) = parts.extensions.get::<Viewer>() {
            return Ok(v.clone());
        }
        match load_viewer(state, &parts.headers).await? {
            Ok(v) => {
                parts.extensions.insert(v.clone());
                Ok(v)
            }
            Err(_) => Err(AppError::Unauthenticated),
        }
    }
}

/// A viewer when logged in; pages that also serve anonymous users take this.
pub struct MaybeViewer(pub Option<Viewer>);

impl FromRequestParts<AppState> for MaybeViewer {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        match Viewer::from_request_parts(parts, state).await {
            Ok(v) => Ok(MaybeViewer(Some(v))),
            Err(AppError::Unauthenticated) => Ok(MaybeViewer(None)),
            Err(e) => Err(e),
        }
    }
}

/// A caller of the JSON API, authenticated by `Authorization: Bearer`.
/// Cookies are deliberately ignored here, so the API needs no CSRF defence.
#[derive(Debug, Clone)]
pub struct ApiCaller {
    pub user: User,
    pub principal: Principal,
    pub lang: Lang,
}

impl FromRequestParts<AppState> for ApiCaller {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        if let Some(c) = parts.extensions.get::<ApiCaller>() {
            return Ok(c.clone());
        }
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or(AppError::Unauthenticated)?;
        let mut conn = state.db.pool.acquire().await?;
        let user_id =
            auth::token_user(&mut conn, &sha256_hex(token), state.now_ms()).await?.ok_or(AppError::Unauthenticated)?;
        let user = directory::user_by_id(&mut conn, user_id).await?;
        if !user.active {
            return Err(AppError::Unauthenticated);
        }
        let principal = directory::principal(&mut conn, &user).await?;
        let lang = request_lang(&parts.headers, Some(&user));
        Ok(ApiCaller { user, principal, lang })
    }
}

/// Failed-login counters per account and per source address, in memory:
/// a restart forgets them, which is acceptable for a single-node service.
#[derive(Default)]
pub struct Throttle {
    failures: Mutex<HashMap<String, Vec<i64>>>,
}

impl Throttle {
    fn recent(&self, key: &str, now: i64, window: i64) -> usize {
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        let list = map.entry(key.to_string()).or_default();
        list.retain(|t| now - *t < window);
        list.len()
    }

    pub fn blocked(&self, state: &AppState, email: &str, source: &str, now: i64) -> bool {
        let window = state.config.throttle_window.as_millis() as i64;
        self.recent(&format!("account:{email}"), now, window) >= state.config.max_failures_per_account
            || self.recent(&format!("source:{source}"), now, window) >= state.config.max_failures_per_source
    }

    pub fn record_failure(&self, email: &str, source: &str, now: i64) {
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        map.entry(format!("account:{email}")).or_default().push(now);
        map.entry(format!("source:{source}")).or_default().push(now);
    }

    pub fn clear_account(&self, email: &str) {
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        map.remove(&format!("account:{email}"));
    }
}
