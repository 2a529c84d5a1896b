//! Draaiboeken (P9): stored CACAO 2.0 playbooks and their versions. Every
//! read goes through the visibility predicate; versions are immutable (the
//! schema's triggers refuse changing or deleting one).

use crate::sql::Sql;
use crate::{Result, StoreError, objects};
use sqlx::{Any, AnyConnection, FromRow, Transaction};
use verbinding_domain::access::VisibilityFilter;
use verbinding_domain::marking::ValidMarking;

/// A playbook as listed: its current version's name and state.
#[derive(Debug, Clone, FromRow, serde::Serialize)]
pub struct PlaybookSummary {
    pub id: i64,
    pub cacao_id: String,
    pub builtin: Option<String>,
    pub current_version: i64,
    pub name: String,
    pub modified: String,
    pub classification: String,
    pub tlp: String,
    pub approved_at: Option<i64>,
    pub updated_at: i64,
}

/// One version, with the document.
#[derive(Debug, Clone, FromRow, serde::Serialize)]
pub struct Version {
    pub playbook_id: i64,
    pub version: i64,
    pub name: String,
    pub modified: String,
    pub document: String,
    pub sha256: String,
    pub mode: String,
    pub tolerated: String,
    pub approved_by: Option<i64>,
    pub approved_at: Option<i64>,
    /// Who imported it (NULL: shipped with the program or imported on the command line).
    pub created_by: Option<i64>,
    pub created_at: i64,
}

/// What an import stores as a version.
pub struct NewVersion<'a> {
    pub name: &'a str,
    pub modified: &'a str,
    pub document: &'a str,
    pub sha256: &'a str,
    pub mode: &'a str,
    pub tolerated: &'a str,
}

/// The current state of a stored playbook, for an import to compare with.
#[derive(Debug, Clone, FromRow)]
pub struct Current {
    pub id: i64,
    pub current_version: i64,
    pub sha256: String,
    pub modified: String,
    /// The built-in's slug: a built-in belongs to the instance, no import changes it.
    pub builtin: Option<String>,
}

const SUMMARY: &str = "SELECT p.object_id AS id, p.cacao_id, p.builtin, p.current_version, v.name, v.modified, \
                       o.classification, o.tlp, v.approved_at, p.updated_at \
                       FROM playbooks p JOIN objects o ON o.id = p.object_id \
                       JOIN playbook_versions v ON v.playbook_id = p.object_id AND v.version = p.current_version";

const VERSION: &str = "SELECT playbook_id, version, name, modified, document, sha256, mode, tolerated, approved_by, \
                       approved_at, created_by, created_at FROM playbook_versions";

/// The stored playbook with this CACAO id, whoever may see it (imports
/// compare with it; callers must not reveal it to someone who may not).
pub async fn current(conn: &mut AnyConnection, cacao_id: &str) -> Result<Option<Current>> {
    Ok(sqlx::query_as(
        "SELECT p.object_id AS id, p.current_version, v.sha256, v.modified, p.builtin FROM playbooks p \
         JOIN playbook_versions v ON v.playbook_id = p.object_id AND v.version = p.current_version \
         WHERE p.cacao_id = $1",
    )
    .bind(cacao_id)
    .fetch_optional(conn)
    .await?)
}

async fn insert_version(
    tx: &mut Transaction<'_, Any>,
    id: i64,
    version: i64,
    v: &NewVersion<'_>,
    creator: Option<i64>,
    now_ms: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO playbook_versions (playbook_id, version, name, modified, document, sha256, mode, tolerated, \
         created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(id)
    .bind(version)
    .bind(v.name)
    .bind(v.modified)
    .bind(v.document)
    .bind(v.sha256)
    .bind(v.mode)
    .bind(v.tolerated)
    .bind(creator)
    .bind(now_ms)
    .execute(&mut **tx)
    .await
    .map_err(|e| match e {
        sqlx::Error::Database(d) if d.is_unique_violation() => StoreError::Duplicate("modified"),
        e => StoreError::Database(e),
    })?;
    Ok(())
}

/// Stores a new playbook with its first version.
pub async fn create(
    tx: &mut Transaction<'_, Any>,
    cacao_id: &str,
    builtin: Option<&str>,
    marking: &ValidMarking,
    v: &NewVersion<'_>,
    creator: Option<i64>,
    now_ms: i64,
) -> Result<i64> {
    let id = objects::create(tx, "playbook", marking, creator, now_ms).await?;
    sqlx::query(
        "INSERT INTO playbooks (object_id, cacao_id, builtin, current_version, updated_at) VALUES ($1, $2, $3, 1, $4)",
    )
    .bind(id)
    .bind(cacao_id)
    .bind(builtin)
    .bind(now_ms)
    .execute(&mut **tx)
    .await
    .map_err(|e| match e {
        sqlx::Error::Database(d) if d.is_unique_violation() => StoreError::Duplicate("id"),
        e => StoreError::Database(e),
    })?;
    insert_version(tx, id, 1, v, creator, now_ms).await?;
    Ok(id)
}

/// Adds the next version on top of `expected` (the version the importer
/// compared with); another import in between is a conflict.
pub async fn add_version(
    tx: &mut Transaction<'_, Any>,
    id: i64,
    expected: i64,
    v: &NewVersion<'_>,
    creator: Option<i64>,
    now_ms: i64,
) -> Result<i64> {
    let n = sqlx::query(
        "UPDATE playbooks SET current_version = current_version + 1, updated_at = $1 \
         WHERE object_id = $2 AND current_version = $3",
    )
    .bind(now_ms)
    .bind(id)
    .bind(expected)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if n == 0 {
        return Err(StoreError::Conflict);
    }
    insert_version(tx, id, expected + 1, v, creator, now_ms).await?;
    Ok(expected + 1)
}

/// The playbooks the viewer may see, by name.
pub async fn list_visible(conn: &mut AnyConnection, filter: &VisibilityFilter) -> Result<Vec<PlaybookSummary>> {
    let mut sql = Sql::new(SUMMARY);
    sql.push(" WHERE ");
    sql.visible("o", filter);
    sql.push(" ORDER BY v.name, p.object_id");
    Ok(sql.query_as().fetch_all(conn).await?)
}

/// One playbook by its object id, or NotFound when the viewer may not see it.
pub async fn get_visible(conn: &mut AnyConnection, filter: &VisibilityFilter, id: i64) -> Result<PlaybookSummary> {
    let mut sql = Sql::new(SUMMARY);
    sql.push(" WHERE p.object_id = ");
    sql.bind_int(id).push(" AND ");
    sql.visible("o", filter);
    sql.query_as().fetch_optional(conn).await?.ok_or(StoreError::NotFound)
}

/// One version of a visible playbook (`None` = the current one).
pub async fn version(
    conn: &mut AnyConnection,
    filter: &VisibilityFilter,
    id: i64,
    version: Option<i64>,
) -> Result<Version> {
    let summary = get_visible(&mut *conn, filter, id).await?;
    version_unfiltered(conn, id, version.unwrap_or(summary.current_version)).await
}

/// (playbook object id, current version) of every stored draaiboek,
/// unfiltered: for the engine's library, never shown as such.
pub async fn current_versions(conn: &mut AnyConnection) -> Result<Vec<(i64, i64)>> {
    Ok(sqlx::query_as("SELECT object_id, current_version FROM playbooks ORDER BY object_id").fetch_all(conn).await?)
}

/// One version, for the operator's command line (no viewer, no filter).
pub async fn version_unfiltered(conn: &mut AnyConnection, id: i64, version: i64) -> Result<Version> {
    sqlx::query_as(&format!("{VERSION} WHERE playbook_id = $1 AND version = $2"))
        .bind(id)
        .bind(version)
        .fetch_optional(conn)
        .await?
        .ok_or(StoreError::NotFound)
}

/// Every version of a visible playbook, newest first, without documents.
pub async fn versions(conn: &mut AnyConnection, filter: &VisibilityFilter, id: i64) -> Result<Vec<Version>> {
    get_visible(&mut *conn, filter, id).await?;
    Ok(sqlx::query_as(
        "SELECT playbook_id, version, name, modified, '' AS document, sha256, mode, tolerated, approved_by, \
         approved_at, created_by, created_at FROM playbook_versions WHERE playbook_id = $1 ORDER BY version DESC",
    )
    .bind(id)
    .fetch_all(conn)
    .await?)
}

/// (playbook object id, newest approved version) of every draaiboek with an
/// approved version, unfiltered: what a new run may use (issue 11, rule 7).
pub async fn approved_versions(conn: &mut AnyConnection) -> Result<Vec<(i64, i64)>> {
    Ok(sqlx::query_as(
        "SELECT playbook_id, MAX(version) FROM playbook_versions WHERE approved_at IS NOT NULL \
         GROUP BY playbook_id ORDER BY playbook_id",
    )
    .fetch_all(conn)
    .await?)
}

/// Marks a version approved (once; the trigger refuses a second approval).
/// `by` is None for a built-in version shipped with the release.
pub async fn approve(tx: &mut Transaction<'_, Any>, id: i64, version: i64, by: Option<i64>, now_ms: i64) -> Result<()> {
    let n = sqlx::query(
        "UPDATE playbook_versions SET approved_by = $1, approved_at = $2 \
         WHERE playbook_id = $3 AND version = $4 AND approved_at IS NULL",
    )
    .bind(by)
    .bind(now_ms)
    .bind(id)
    .bind(version)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if n == 0 { Err(StoreError::Conflict) } else { Ok(()) }
}

/// Adds a JSS signature (JSON text) to a version.
pub async fn add_signature(
    tx: &mut Transaction<'_, Any>,
    id: i64,
    version: i64,
    signature: &str,
    by: Option<i64>,
    now_ms: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO playbook_signatures (playbook_id, version, signature, created_by, created_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(id)
    .bind(version)
    .bind(signature)
    .bind(by)
    .bind(now_ms)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The signatures added to a version, oldest first (JSON texts).
pub async fn signatures(conn: &mut AnyConnection, id: i64, version: i64) -> Result<Vec<String>> {
    Ok(sqlx::query_scalar(
        "SELECT signature FROM playbook_signatures WHERE playbook_id = $1 AND version = $2 ORDER BY id",
    )
    .bind(id)
    .bind(version)
    .fetch_all(conn)
    .await?)
}
