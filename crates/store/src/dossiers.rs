//! Dossiers (shared registry, P1): the first marked object type. Every read
//! goes through the visibility predicate in the query itself.

use crate::sql::Sql;
use crate::{Result, StoreError, objects};
use sqlx::{Any, AnyConnection, FromRow, Transaction};
use verbinding_domain::access::VisibilityFilter;
use verbinding_domain::dossier::ValidDossier;

#[derive(Debug, Clone, FromRow, serde::Serialize)]
pub struct Dossier {
    pub id: i64,
    pub title: String,
    pub summary: String,
    pub classification: String,
    pub tlp: String,
    #[serde(serialize_with = "crate::as_bool")]
    pub open_to_all: i64,
    pub lead_org_id: i64,
    pub lead_org_code: String,
    /// The organisation that created it and decides its marking with the lead's coordinators.
    #[serde(skip)]
    pub owner_org_id: Option<i64>,
    pub owner_org_code: Option<String>,
    pub version: i64,
    pub created_at: i64,
    pub updated_at: i64,
    /// Organisation codes on the need-to-know list.
    #[sqlx(skip)]
    pub need_to_know: Vec<String>,
    /// Emails of users named on the need-to-know list.
    #[sqlx(skip)]
    pub need_to_know_users: Vec<String>,
}

const SELECT: &str = "SELECT o.id, d.title, d.summary, o.classification, o.tlp, o.open_to_all, d.lead_org_id, \
                      lo.code AS lead_org_code, o.owner_org_id, ow.code AS owner_org_code, d.version, o.created_at, d.updated_at \
                      FROM dossiers d JOIN objects o ON o.id = d.object_id JOIN organisations lo ON lo.id = d.lead_org_id \
                      LEFT JOIN organisations ow ON ow.id = o.owner_org_id";

pub async fn create(tx: &mut Transaction<'_, Any>, d: &ValidDossier, creator: i64, now_ms: i64) -> Result<i64> {
    let lead = objects::resolve_org(tx, &d.lead_org, "lead_org").await?;
    let id = objects::create(tx, "dossier", &d.marking, creator, now_ms).await?;
    sqlx::query(
        "INSERT INTO dossiers (object_id, title, summary, lead_org_id, version, updated_at, updated_by) VALUES ($1, $2, $3, $4, 1, $5, $6)",
    )
    .bind(id)
    .bind(&d.title)
    .bind(&d.summary)
    .bind(lead)
    .bind(now_ms)
    .bind(creator)
    .execute(&mut **tx)
    .await?;
    Ok(id)
}

/// Applies an edit made on `version`; a stale version is a conflict.
pub async fn update(tx: &mut Transaction<'_, Any>, edit: &objects::Edit, d: &ValidDossier) -> Result<()> {
    let id = edit.id;
    let lead = objects::resolve_org(tx, &d.lead_org, "lead_org").await?;
    let query = sqlx::query(
        "UPDATE dossiers SET title = $1, summary = $2, lead_org_id = $3, version = version + 1, updated_at = $4, updated_by = $5 \
         WHERE object_id = $6 AND version = $7",
    )
    .bind(&d.title)
    .bind(&d.summary)
    .bind(lead);
    objects::update_versioned(tx, query, edit).await?;
    objects::remark(tx, id, &d.marking).await
}

/// The id of the dossier with exactly this title, whoever may see it: only
/// for loading the demo idempotently (titles are not unique in general).
pub async fn id_by_title(conn: &mut AnyConnection, title: &str) -> Result<Option<i64>> {
    Ok(sqlx::query_scalar("SELECT object_id FROM dossiers WHERE title = $1").bind(title).fetch_optional(conn).await?)
}

/// One dossier if the viewer may see it; otherwise `NotFound`, exactly as if
/// it did not exist.
pub async fn get_visible(conn: &mut AnyConnection, filter: &VisibilityFilter, id: i64) -> Result<Dossier> {
    let mut sql = Sql::new(SELECT);
    sql.push(" WHERE o.id = ").bind_int(id).push(" AND ");
    sql.visible("o", filter);
    let mut d: Dossier = sql.query_as().fetch_optional(&mut *conn).await?.ok_or(StoreError::NotFound)?;
    (d.need_to_know, d.need_to_know_users) = objects::need_to_know(conn, d.id).await?;
    Ok(d)
}

/// A page of visible dossiers, newest first, with ids below `before`.
pub async fn list_visible(
    conn: &mut AnyConnection,
    filter: &VisibilityFilter,
    before: Option<i64>,
    limit: i64,
) -> Result<Vec<Dossier>> {
    let mut sql = Sql::new(SELECT);
    sql.push(" WHERE ");
    sql.visible("o", filter);
    if let Some(b) = before {
        sql.push(" AND o.id < ").bind_int(b);
    }
    sql.push(" ORDER BY o.id DESC LIMIT ").bind_int(limit);
    let mut list: Vec<Dossier> = sql.query_as().fetch_all(&mut *conn).await?;
    for d in &mut list {
        (d.need_to_know, d.need_to_know_users) = objects::need_to_know(conn, d.id).await?;
    }
    Ok(list)
}

pub async fn count_visible(conn: &mut AnyConnection, filter: &VisibilityFilter) -> Result<i64> {
    let mut sql = Sql::new("SELECT COUNT(*) FROM objects o WHERE o.kind = 'dossier' AND ");
    sql.visible("o", filter);
    Ok(sql.query_as::<(i64,)>().fetch_one(conn).await?.0)
}
