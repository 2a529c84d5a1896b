//! Who is asking: session cookies for pages, bearer tokens for the API, and
//! login throttling. Secrets travel to the client; only their SHA-256 is stored.

use crate::AppState;
use crate::cache;
use crate::errors::{AppError, WebError};
use crate::i18n::Lang;
use crate::middleware::RequestCtx;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use verbinding_app::auth;
use verbinding_app::{Caller, Origin};
use verbinding_domain::access::Principal;
use verbinding_store::{directory, directory::User};

pub const SESSION_COOKIE: &str = "vb_session";
pub const CSRF_COOKIE: &str = "vb_csrf";
pub const LANG_COOKIE: &str = "vb_lang";

pub use verbinding_app::auth::{constant_time_eq, random_token, sha256_hex};

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

/// A logged-in user of the pages. It is the [`Caller`] every service takes
/// (`&viewer` passes as `&Caller`), with what only pages need.
#[derive(Debug, Clone)]
pub struct Viewer {
    pub user: User,
    pub principal: Principal,
    pub caller: Caller,
    pub lang: Lang,
    /// The time zone the viewer reads times in (their choice, else the ministry's).
    pub zone: chrono_tz::Tz,
    pub csrf: String,
    pub session_hash: String,
    /// Open tasks in the viewer's inbox, for the menu ("Mijn taken (3)").
    pub open_tasks: i64,
}

impl std::ops::Deref for Viewer {
    type Target = Caller;

    fn deref(&self) -> &Caller {
        &self.caller
    }
}

/// The request's id and source address (set by the `request_context` middleware).
fn request_of(parts: &Parts) -> (String, String) {
    parts
        .extensions
        .get::<RequestCtx>()
        .map(|c| (c.request_id.clone(), c.source.clone()))
        .unwrap_or_else(|| ("none".into(), "unknown".into()))
}

/// Why there is no viewer: no cookie at all, or a session that ended.
pub enum NoViewer {
    Anonymous,
    Expired,
}

/// A session as the database holds it, with its user and principal: what
/// `load_viewer` would otherwise read on every request.
pub struct CachedSession {
    user: User,
    principal: Principal,
    csrf: String,
    created_at: i64,
    /// What the database holds: touched at most once a minute.
    last_seen: AtomicI64,
    /// The open tasks of the inbox, counted once per cached entry (every
    /// write ends the entry, so the count follows every change); -1 until
    /// counted.
    open_tasks: AtomicI64,
}

/// A live token with its user and principal.
pub struct CachedToken {
    token_id: i64,
    user: User,
    principal: Principal,
    /// When the use was last recorded (`i64::MIN`: never).
    last_used: AtomicI64,
    /// The cache lives until the next write; the expiry is a time, not a write.
    expires_at: Option<i64>,
}

/// The caller's principal, built on the cached organisation tree.
async fn principal_of(state: &AppState, user: &User) -> Result<Principal, AppError> {
    Ok(directory::principal_in(&cache::orgs(state).await?, user))
}

/// The session, its user and principal: from the cache while no write has
/// happened since they were read, else from the database.
async fn session_entry(state: &AppState, hash: &str) -> Result<Option<Arc<CachedSession>>, AppError> {
    // Taken before reading: a write committed meanwhile makes the entry stale.
    let generation = state.db.generation();
    if let Some(e) = state.caches.sessions.get(hash, generation) {
        return Ok(Some(e));
    }
    let Some(session) = auth::session(state, hash).await? else {
        return Ok(None);
    };
    let principal = principal_of(state, &session.user).await?;
    let entry = Arc::new(CachedSession {
        user: session.user,
        principal,
        csrf: session.csrf,
        created_at: session.created_at,
        last_seen: AtomicI64::new(session.last_seen),
        open_tasks: AtomicI64::new(-1),
    });
    state.caches.sessions.insert(hash.to_string(), generation, Arc::clone(&entry), 1);
    Ok(Some(entry))
}

/// A new random server key.
pub fn new_key() -> [u8; 32] {
    use rand::RngCore;
    let mut key = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut key);
    key
}

/// HMAC-SHA256 (RFC 2104), written out: two hashes over the padded key.
fn hmac_sha256(key: &[u8; 32], message: &[u8]) -> [u8; 32] {
    use sha2::{Digest, Sha256};
    let mut block = [0u8; 64];
    block[..32].copy_from_slice(key);
    let pad = |byte: u8| block.map(|b| b ^ byte);
    let inner = Sha256::new().chain_update(pad(0x36)).chain_update(message).finalize();
    Sha256::new().chain_update(pad(0x5c)).chain_update(inner).finalize().into()
}

/// The anti-forgery token of a form shown before login: the HMAC of the
/// pre-session id (the `vb_csrf` cookie) under the server's key. A bare
/// double-submit cookie would let anyone who can plant a cookie (a sibling
/// subdomain, a network attacker on plain HTTP) choose the token too; this
/// one only the server can make for a given cookie.
pub fn presession_token(state: &AppState, presession_id: &str) -> String {
    hex::encode(hmac_sha256(&state.presession_key, format!("verbinding login form\0{presession_id}").as_bytes()))
}

/// The anti-forgery token of a live session, for the check on forms.
pub async fn session_csrf(state: &AppState, hash: &str) -> Result<Option<String>, AppError> {
    Ok(session_entry(state, hash).await?.map(|e| e.csrf.clone()))
}

pub async fn load_viewer(
    state: &AppState,
    headers: &HeaderMap,
    request: (String, String),
) -> Result<Result<Viewer, NoViewer>, AppError> {
    let Some(raw) = cookie(headers, SESSION_COOKIE) else {
        return Ok(Err(NoViewer::Anonymous));
    };
    let hash = sha256_hex(&raw);
    let Some(session) = session_entry(state, &hash).await? else {
        return Ok(Err(NoViewer::Expired));
    };
    let now = state.now_ms();
    let idle = state.config.idle_timeout.as_millis() as i64;
    let absolute = state.config.absolute_timeout.as_millis() as i64;
    let last_seen = session.last_seen.load(Ordering::Acquire);
    if now - last_seen > idle || now - session.created_at > absolute || !session.user.active {
        // Not a change anyone else's answer depends on: drop just this entry.
        state.caches.sessions.remove(&hash);
        auth::expire_session(state, &hash).await?;
        return Ok(Err(NoViewer::Expired));
    }
    // Touch at most once a minute: keeps reads from turning into writes.
    if now - last_seen > 60_000
        && session.last_seen.compare_exchange(last_seen, now, Ordering::AcqRel, Ordering::Acquire).is_ok()
    {
        auth::touch_session(state, &hash, now).await?;
    }
    let lang = request_lang(headers, Some(&session.user));
    let (request_id, source) = request;
    let caller = Caller::user(session.user.clone(), session.principal.clone(), Origin::Session, &request_id, &source);
    let mut open_tasks = session.open_tasks.load(Ordering::Acquire);
    if open_tasks < 0 && caller.may(verbinding_domain::role::Permission::ReadObjects) {
        open_tasks = verbinding_app::executions::open_task_count(state, &caller).await?;
        session.open_tasks.store(open_tasks, Ordering::Release);
    }
    Ok(Ok(Viewer {
        user: session.user.clone(),
        principal: session.principal.clone(),
        caller,
        lang,
        zone: crate::when::zone(session.user.time_zone.as_deref()),
        csrf: session.csrf.clone(),
        session_hash: hash,
        open_tasks: open_tasks.max(0),
    }))
}

impl FromRequestParts<AppState> for Viewer {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        if let Some(v) = parts.extensions.get::<Viewer>() {
            return Ok(v.clone());
        }
        match load_viewer(state, &parts.headers, request_of(parts)).await? {
            Ok(v) => {
                parts.extensions.insert(v.clone());
                Ok(v)
            }
            Err(_) => Err(AppError::Unauthenticated.into()),
        }
    }
}

/// A viewer when logged in; pages that also serve anonymous users take this.
pub struct MaybeViewer(pub Option<Viewer>);

impl FromRequestParts<AppState> for MaybeViewer {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        match Viewer::from_request_parts(parts, state).await {
            Ok(v) => Ok(MaybeViewer(Some(v))),
            Err(WebError::App(AppError::Unauthenticated)) => Ok(MaybeViewer(None)),
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
    pub caller: Caller,
    pub lang: Lang,
}

impl std::ops::Deref for ApiCaller {
    type Target = Caller;

    fn deref(&self) -> &Caller {
        &self.caller
    }
}

impl FromRequestParts<AppState> for ApiCaller {
    type Rejection = WebError;

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
        let hash = sha256_hex(token);
        let entry = token_entry(state, &hash).await?.ok_or(AppError::Unauthenticated)?;
        let now = state.now_ms();
        if !entry.user.active || entry.expires_at.is_some_and(|e| now >= e) {
            return Err(AppError::Unauthenticated.into());
        }
        let last = entry.last_used.load(Ordering::Acquire);
        // "Last used" is shown to the minute: record it at most once a minute.
        if (last == i64::MIN || now - last >= 60_000)
            && entry.last_used.compare_exchange(last, now, Ordering::AcqRel, Ordering::Acquire).is_ok()
        {
            auth::mark_token_used(state, entry.token_id, now).await?;
        }
        let lang = request_lang(&parts.headers, Some(&entry.user));
        let (request_id, source) = request_of(parts);
        let caller = Caller::user(entry.user.clone(), entry.principal.clone(), Origin::Token, &request_id, &source);
        Ok(ApiCaller { user: entry.user.clone(), principal: entry.principal.clone(), caller, lang })
    }
}

/// The token, its user and principal: from the cache while no write has
/// happened since they were read (a revocation is a write), else from the
/// database.
async fn token_entry(state: &AppState, hash: &str) -> Result<Option<Arc<CachedToken>>, AppError> {
    let generation = state.db.generation();
    if let Some(e) = state.caches.tokens.get(hash, generation) {
        return Ok(Some(e));
    }
    let Some(t) = auth::token(state, hash).await? else {
        return Ok(None);
    };
    let principal = principal_of(state, &t.user).await?;
    let last_used = AtomicI64::new(t.last_used.unwrap_or(i64::MIN));
    let entry =
        Arc::new(CachedToken { token_id: t.token_id, user: t.user, principal, last_used, expires_at: t.expires_at });
    state.caches.tokens.insert(hash.to_string(), generation, Arc::clone(&entry), 1);
    Ok(Some(entry))
}
