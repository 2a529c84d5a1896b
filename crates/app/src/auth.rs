//! Logging in and out, sessions, personal tokens, passwords and the
//! language choice: the account's own services. Secrets travel to the
//! client; only their SHA-256 is stored. The web crate keeps the cookies.

use crate::{App, AppError, Caller, audit, password};
use rand::RngCore;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::Mutex;
use verbinding_domain::FieldError;
use verbinding_domain::audit::AuditAction;
use verbinding_domain::directory::{check_password, normalise_email};
use verbinding_store::{auth, directory};

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

    fn blocked(&self, app: &App, email: &str, source: &str, now: i64) -> bool {
        let window = app.config.throttle_window.as_millis() as i64;
        self.recent(&format!("account:{email}"), now, window) >= app.config.max_failures_per_account
            || self.recent(&format!("source:{source}"), now, window) >= app.config.max_failures_per_source
    }

    fn record_failure(&self, email: &str, source: &str, now: i64) {
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        map.entry(format!("account:{email}")).or_default().push(now);
        map.entry(format!("source:{source}")).or_default().push(now);
    }

    fn clear_account(&self, email: &str) {
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        map.remove(&format!("account:{email}"));
    }
}

/// Outcome of checking credentials, shared by the login page and the token API.
pub enum LoginOutcome {
    Ok(directory::User),
    Failed,
    Throttled,
}

/// Checks credentials with the same work whether or not the account exists,
/// records the attempt in the audit trail and the throttle. `attempt` names
/// where the attempt comes from (its label is replaced by the email tried).
pub async fn check_credentials(
    app: &App,
    attempt: &Caller,
    email: &str,
    password: &str,
) -> Result<LoginOutcome, AppError> {
    let email = normalise_email(email);
    let tried = Caller::anonymous(&email, &attempt.request_id, &attempt.source);
    let now = app.now_ms();
    if app.throttle.blocked(app, &email, &tried.source, now) {
        let mut tx = app.db.write().await?;
        verbinding_store::audit::append(&mut tx, &audit::event(app, &tried, AuditAction::LoginThrottled)).await?;
        tx.commit().await?;
        return Ok(LoginOutcome::Throttled);
    }
    let mut conn = app.db.read().await?;
    let found = directory::login_lookup(&mut conn, &email).await?;
    drop(conn);
    let stored = found.as_ref().map(|(_, h)| h.as_str()).unwrap_or(app.dummy_hash.as_str()).to_string();
    let password = password.to_string();
    // Hashing is CPU-bound: keep it off the async workers.
    let matches = tokio::task::spawn_blocking(move || password::verify(&password, &stored))
        .await
        .map_err(|e| AppError::caused("password check", e))?;
    let mut tx = app.db.write().await?;
    match found {
        Some((user, _)) if matches && user.active => {
            app.throttle.clear_account(&email);
            let who = Caller { user: Some(user.clone()), label: user.email.clone(), ..tried };
            verbinding_store::audit::append(&mut tx, &audit::event(app, &who, AuditAction::LoginSucceeded)).await?;
            tx.commit().await?;
            Ok(LoginOutcome::Ok(user))
        }
        _ => {
            app.throttle.record_failure(&email, &tried.source, now);
            verbinding_store::audit::append(&mut tx, &audit::event(app, &tried, AuditAction::LoginFailed)).await?;
            tx.commit().await?;
            Ok(LoginOutcome::Failed)
        }
    }
}

/// A fresh session for a user who just logged in; any old one of this
/// browser is ended (no fixation). Returns the secret for the cookie.
pub async fn start_session(app: &App, user: &directory::User, old_secret: Option<&str>) -> Result<String, AppError> {
    let mut tx = app.db.write().await?;
    if let Some(old) = old_secret {
        auth::delete_session(&mut tx, &sha256_hex(old)).await?;
    }
    let raw = random_token();
    auth::create_session(&mut tx, &sha256_hex(&raw), user.id, &random_token(), app.now_ms()).await?;
    tx.commit().await?;
    Ok(raw)
}

/// Ends the caller's session (logout).
pub async fn end_session(app: &App, caller: &Caller, session_hash: &str) -> Result<(), AppError> {
    caller.account()?;
    let mut tx = app.db.write().await?;
    auth::delete_session(&mut tx, session_hash).await?;
    verbinding_store::audit::append(&mut tx, &audit::event(app, caller, AuditAction::Logout)).await?;
    tx.commit().await?;
    Ok(())
}

/// Ends every session of the caller; returns how many.
pub async fn end_all_sessions(app: &App, caller: &Caller) -> Result<u64, AppError> {
    let user = caller.account()?;
    let mut tx = app.db.write().await?;
    let ended = auth::delete_user_sessions(&mut tx, user.id).await?;
    // "Everywhere" includes scripts: a token may sit on a lost laptop too.
    let tokens = auth::revoke_user_tokens(&mut tx, user.id, app.now_ms()).await?;
    let detail = serde_json::json!({"sessions_ended": ended, "tokens_revoked": tokens});
    audit::record(&mut tx, app, caller, AuditAction::LogoutEverywhere, detail).await?;
    tx.commit().await?;
    Ok(ended)
}

/// Remembers the caller's language (`nl` or `en`).
/// Sets the time zone the caller reads times in: an IANA name
/// (`Europe/Amsterdam`, `Asia/Tokyo`), else `time_zone_unknown`.
pub async fn set_time_zone(app: &App, caller: &Caller, zone: &str) -> Result<(), AppError> {
    let user = caller.account()?;
    let zone = zone.trim();
    let Ok(tz) = zone.parse::<chrono_tz::Tz>() else {
        return Err(AppError::invalid("time_zone", "time_zone_unknown"));
    };
    let mut tx = app.db.write().await?;
    directory::set_time_zone(&mut tx, user.id, tz.name()).await?;
    audit::record(&mut tx, app, caller, AuditAction::TimeZoneChanged, serde_json::json!({"time_zone": tz.name()}))
        .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn set_language(app: &App, caller: &Caller, code: &str) -> Result<(), AppError> {
    let user = caller.account()?;
    let mut tx = app.db.write().await?;
    directory::set_language(&mut tx, user.id, code).await?;
    audit::record(&mut tx, app, caller, AuditAction::LanguageChanged, serde_json::json!({"lang": code})).await?;
    tx.commit().await?;
    Ok(())
}

/// Changes the caller's password after checking the current one; every
/// other session and every personal token ends (they may belong to whoever
/// knew the old password: a token is as good as the password it came from).
/// Refusals name every field: `new_password`, `confirm_password`,
/// `current_password`.
pub async fn change_password(
    app: &App,
    caller: &Caller,
    keep_session_hash: &str,
    current: &str,
    new: &str,
    confirm: &str,
) -> Result<(), AppError> {
    let user = caller.account()?;
    let mut errors = match check_password("new_password", new) {
        Err(verbinding_domain::DomainError::Invalid(e)) => e,
        _ => Vec::new(),
    };
    if new != confirm {
        errors.push(FieldError::new("confirm_password", "password_mismatch"));
    }
    let mut conn = app.db.read().await?;
    let stored = directory::password_hash(&mut conn, user.id).await?;
    drop(conn);
    let (new_pw, current_pw) = (new.to_string(), current.to_string());
    let (ok, hash) =
        tokio::task::spawn_blocking(move || (password::verify(&current_pw, &stored), password::hash(&new_pw)))
            .await
            .map_err(|e| AppError::caused("password hashing", e))?;
    if !ok {
        errors.push(FieldError::new("current_password", "password_wrong"));
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let hash = hash.map_err(|e| AppError::internal(format!("password hashing: {e}")))?;
    let mut tx = app.db.write().await?;
    directory::set_password(&mut tx, user.id, &hash, app.now_ms()).await?;
    auth::delete_other_sessions(&mut tx, user.id, keep_session_hash).await?;
    let tokens = auth::revoke_user_tokens(&mut tx, user.id, app.now_ms()).await?;
    let e = audit::with_detail(
        audit::event(app, caller, AuditAction::PasswordChanged),
        serde_json::json!({"tokens_revoked": tokens}),
    );
    verbinding_store::audit::append(&mut tx, &e).await?;
    tx.commit().await?;
    Ok(())
}

/// How long a personal token works when the request does not say.
pub const TOKEN_DAYS_DEFAULT: i64 = 90;
/// The longest a personal token may work: a script is re-issued a token at
/// least once a year.
pub const TOKEN_DAYS_MAX: i64 = 365;

/// A token just issued: the secret (shown once) and when it stops working.
pub struct IssuedToken {
    pub token: String,
    pub expires_at: i64,
}

/// A new personal token: returned once, stored as a hash. It works for
/// `days` (1 to [`TOKEN_DAYS_MAX`], default [`TOKEN_DAYS_DEFAULT`]), until
/// revoked, until the password changes or until "log out everywhere".
pub async fn issue_token(app: &App, caller: &Caller, name: &str, days: Option<i64>) -> Result<IssuedToken, AppError> {
    let user = caller.account()?;
    let name = name.trim();
    let mut errors = Vec::new();
    if name.is_empty() {
        errors.push(FieldError::new("token_name", "required"));
    }
    if name.chars().count() > 100 {
        errors.push(FieldError::new("token_name", "too_long"));
    }
    let days = days.unwrap_or(TOKEN_DAYS_DEFAULT);
    if !(1..=TOKEN_DAYS_MAX).contains(&days) {
        errors.push(FieldError::new("expires_in_days", "token_expiry_out_of_range"));
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let token = format!("vbt_{}", random_token());
    let now = app.now_ms();
    let expires_at = now + days * 24 * 3600 * 1000;
    let mut tx = app.db.write().await?;
    let id = auth::create_token(&mut tx, user.id, name, &sha256_hex(&token), now, Some(expires_at)).await?;
    let detail = serde_json::json!({"token_id": id, "name": name, "expires_at": expires_at});
    audit::record(&mut tx, app, caller, AuditAction::TokenCreated, detail).await?;
    tx.commit().await?;
    Ok(IssuedToken { token, expires_at })
}

/// Revokes one of the caller's own tokens.
pub async fn revoke_token(app: &App, caller: &Caller, id: i64) -> Result<(), AppError> {
    let user = caller.account()?;
    let mut tx = app.db.write().await?;
    auth::revoke_token(&mut tx, user.id, id, app.now_ms()).await?;
    audit::record(&mut tx, app, caller, AuditAction::TokenRevoked, serde_json::json!({"token_id": id})).await?;
    tx.commit().await?;
    Ok(())
}

/// The caller's tokens, for the profile page.
pub async fn tokens(app: &App, caller: &Caller) -> Result<Vec<auth::ApiToken>, AppError> {
    let user = caller.account()?;
    let mut conn = app.db.read().await?;
    Ok(auth::list_tokens(&mut conn, user.id, app.now_ms()).await?)
}

/// The caller for a user who just proved who they are (a login through the
/// API), with the principal as the directory holds it now.
pub async fn caller_of(
    app: &App,
    user: directory::User,
    origin: crate::Origin,
    request_id: &str,
    source: &str,
) -> Result<Caller, AppError> {
    let mut conn = app.db.read().await?;
    let principal = directory::principal(&mut conn, &user).await?;
    Ok(Caller::user(user, principal, origin, request_id, source))
}

/// A live session as stored, with its user: what authenticating a page
/// request reads (before there is a caller).
pub struct StoredSession {
    pub user: directory::User,
    pub csrf: String,
    pub created_at: i64,
    pub last_seen: i64,
}

/// The session with this id hash, if there is one.
pub async fn session(app: &App, hash: &str) -> Result<Option<StoredSession>, AppError> {
    let mut conn = app.db.read().await?;
    let Some(s) = auth::session(&mut conn, hash).await? else {
        return Ok(None);
    };
    let user = directory::user_by_id(&mut conn, s.user_id).await?;
    Ok(Some(StoredSession { user, csrf: s.csrf_token, created_at: s.created_at, last_seen: s.last_seen }))
}

/// Ends a session that timed out (not an act of its user: no audit event).
pub async fn expire_session(app: &App, hash: &str) -> Result<(), AppError> {
    let mut conn = app.db.read().await?;
    Ok(auth::delete_session(&mut conn, hash).await?)
}

/// Records that a session is still in use.
pub async fn touch_session(app: &App, hash: &str, now_ms: i64) -> Result<(), AppError> {
    let mut conn = app.db.read().await?;
    Ok(auth::touch_session(&mut conn, hash, now_ms).await?)
}

/// A live (unrevoked, unexpired) personal token as stored, with its user.
pub struct StoredToken {
    pub token_id: i64,
    pub user: directory::User,
    pub last_used: Option<i64>,
    /// A cached token is checked against this on every use.
    pub expires_at: Option<i64>,
}

/// The live token with this hash, if there is one.
pub async fn token(app: &App, hash: &str) -> Result<Option<StoredToken>, AppError> {
    let mut conn = app.db.read().await?;
    let Some((token_id, user_id, last_used, expires_at)) = auth::live_token(&mut conn, hash, app.now_ms()).await?
    else {
        return Ok(None);
    };
    let user = directory::user_by_id(&mut conn, user_id).await?;
    Ok(Some(StoredToken { token_id, user, last_used, expires_at }))
}

/// Records when a token was last used (shown to its owner).
pub async fn mark_token_used(app: &App, token_id: i64, now_ms: i64) -> Result<(), AppError> {
    let mut conn = app.db.read().await?;
    Ok(auth::mark_token_used(&mut conn, token_id, now_ms).await?)
}
