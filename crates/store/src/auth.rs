//! Sessions and personal API tokens. Only hashes of the secrets are stored:
//! a copy of the database does not let anyone log in.

use crate::{Result, StoreError};
use sqlx::{Any, AnyConnection, FromRow, Transaction};

#[derive(Debug, Clone, FromRow)]
pub struct Session {
    pub user_id: i64,
    pub csrf_token: String,
    pub created_at: i64,
    pub last_seen: i64,
}

pub async fn create_session(
    tx: &mut Transaction<'_, Any>,
    id_hash: &str,
    user_id: i64,
    csrf: &str,
    now_ms: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, last_seen) VALUES ($1, $2, $3, $4, $4)",
    )
    .bind(id_hash)
    .bind(user_id)
    .bind(csrf)
    .bind(now_ms)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn session(conn: &mut AnyConnection, id_hash: &str) -> Result<Option<Session>> {
    Ok(sqlx::query_as("SELECT user_id, csrf_token, created_at, last_seen FROM sessions WHERE id_hash = $1")
        .bind(id_hash)
        .fetch_optional(conn)
        .await?)
}

pub async fn touch_session(conn: &mut AnyConnection, id_hash: &str, now_ms: i64) -> Result<()> {
    sqlx::query("UPDATE sessions SET last_seen = $1 WHERE id_hash = $2")
        .bind(now_ms)
        .bind(id_hash)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn delete_session(conn: &mut AnyConnection, id_hash: &str) -> Result<()> {
    sqlx::query("DELETE FROM sessions WHERE id_hash = $1").bind(id_hash).execute(conn).await?;
    Ok(())
}

/// Ends every session of the user ("log out everywhere").
/// Ends every session of the user but the one kept (after a password change).
pub async fn delete_other_sessions(tx: &mut Transaction<'_, Any>, user_id: i64, keep_hash: &str) -> Result<u64> {
    let done = sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND id_hash <> $2")
        .bind(user_id)
        .bind(keep_hash)
        .execute(&mut **tx)
        .await?;
    Ok(done.rows_affected())
}

pub async fn delete_user_sessions(tx: &mut Transaction<'_, Any>, user_id: i64) -> Result<u64> {
    Ok(sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(user_id).execute(&mut **tx).await?.rows_affected())
}

#[derive(Debug, Clone, FromRow, serde::Serialize)]
pub struct ApiToken {
    pub id: i64,
    pub name: String,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
    /// When it stops working; `None` for a token issued before tokens expired.
    pub expires_at: Option<i64>,
}

pub async fn create_token(
    tx: &mut Transaction<'_, Any>,
    user_id: i64,
    name: &str,
    token_hash: &str,
    now_ms: i64,
    expires_at: Option<i64>,
) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO api_tokens (user_id, name, token_hash, created_at, expires_at) VALUES ($1, $2, $3, $4, $5) \
         RETURNING id",
    )
    .bind(user_id)
    .bind(name)
    .bind(token_hash)
    .bind(now_ms)
    .bind(expires_at)
    .fetch_one(&mut **tx)
    .await?)
}

/// The user's tokens that still work at `now_ms`.
pub async fn list_tokens(conn: &mut AnyConnection, user_id: i64, now_ms: i64) -> Result<Vec<ApiToken>> {
    Ok(sqlx::query_as(
        "SELECT id, name, created_at, last_used_at, expires_at FROM api_tokens \
         WHERE user_id = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $2) ORDER BY id",
    )
    .bind(user_id)
    .bind(now_ms)
    .fetch_all(conn)
    .await?)
}

/// Revokes one of the user's own tokens; someone else's token is "not found".
pub async fn revoke_token(tx: &mut Transaction<'_, Any>, user_id: i64, token_id: i64, now_ms: i64) -> Result<()> {
    let n = sqlx::query("UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL")
        .bind(now_ms)
        .bind(token_id)
        .bind(user_id)
        .execute(&mut **tx)
        .await?
        .rows_affected();
    if n == 0 { Err(StoreError::NotFound) } else { Ok(()) }
}

/// Revokes every token of the user; returns how many were live.
pub async fn revoke_user_tokens(tx: &mut Transaction<'_, Any>, user_id: i64, now_ms: i64) -> Result<u64> {
    Ok(sqlx::query("UPDATE api_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL")
        .bind(now_ms)
        .bind(user_id)
        .execute(&mut **tx)
        .await?
        .rows_affected())
}

/// A live token (unrevoked, unexpired at `now_ms`): its id, its user, when it
/// was last used and when it expires.
pub async fn live_token(
    conn: &mut AnyConnection,
    token_hash: &str,
    now_ms: i64,
) -> Result<Option<(i64, i64, Option<i64>, Option<i64>)>> {
    Ok(sqlx::query_as(
        "SELECT id, user_id, last_used_at, expires_at FROM api_tokens \
         WHERE token_hash = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $2)",
    )
    .bind(token_hash)
    .bind(now_ms)
    .fetch_optional(conn)
    .await?)
}

/// Records a token's use. "Last used" is shown to the minute: callers record
/// it at most once a minute so API reads do not all become writes.
pub async fn mark_token_used(conn: &mut AnyConnection, token_id: i64, now_ms: i64) -> Result<()> {
    sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2")
        .bind(now_ms)
        .bind(token_id)
        .execute(conn)
        .await?;
    Ok(())
}
