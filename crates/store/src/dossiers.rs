//! Dossiers (shared registry, P1): the first marked object type. Every read
//! goes through the visibility predicate in the query itself.

use crate::sql::{Arg, Sql};
use crate::{Result, StoreError};
use sqlx::{Any, AnyConnection, FromRow, Transaction};
use verbinding_domain::access::{Marking, VisibilityFilter};
use verbinding_domain::dossier::ValidDossier;

#[derive(Debug, Clone, FromRow, serde::Serialize)]
pub struct Dossier {
    pub id: i64,
    pub title: String,
    pub summary: String,
    pub classification: String,
    pub tlp: String,
    #[serde(serialize_with = "as_bool")]
    pub open_to_all: i64,
    pub lead_org_id: i64,
    pub lead_org_code: String,
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

fn as_bool<S: serde::Serializer>(v: &i64, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_bool(*v == 1)
}

const SELECT: &str = "SELECT o.id, d.title, d.summary, o.classification, o.tlp, o.open_to_all, d.lead_org_id, \
                      lo.code AS lead_org_code, d.version, o.created_at, d.updated_at \
                      FROM dossiers d JOIN objects o ON o.id = d.object_id JOIN organisations lo ON lo.id = d.lead_org_id";

/// Organisation codes to ids; an unknown code names the field.
pub async fn resolve_orgs(conn: &mut AnyConnection, codes: &[String], field: &'static str) -> Result<Vec<i64>> {
    let mut ids = Vec::with_capacity(codes.len());
    for code in codes {
        let id: Option<i64> = sqlx::query_scalar("SELECT id FROM organisations WHERE code = $1")
            .bind(code)
            .fetch_optional(&mut *conn)
            .await?;
        ids.push(id.ok_or(StoreError::InvalidReference(field))?);
    }
    Ok(ids)
}

/// User emails to ids; an unknown email names the field.
pub async fn resolve_users(conn: &mut AnyConnection, emails: &[String], field: &'static str) -> Result<Vec<i64>> {
    let mut ids = Vec::with_capacity(emails.len());
    for email in emails {
        let id: Option<i64> =
            sqlx::query_scalar("SELECT id FROM users WHERE email = $1").bind(email).fetch_optional(&mut *conn).await?;
        ids.push(id.ok_or(StoreError::InvalidReference(field))?);
    }
    Ok(ids)
}

/// Replaces the need-to-know list (organisations and named users) of an object.
async fn write_marking(tx: &mut Transaction<'_, Any>, object_id: i64, org_ids: &[i64], user_ids: &[i64]) -> Result<()> {
    sqlx::query("DELETE FROM object_access WHERE object_id = $1").bind(object_id).execute(&mut **tx).await?;
    for org in org_ids {
        sqlx::query("INSERT INTO object_access (object_id, org_id) VALUES ($1, $2)")
            .bind(object_id)
            .bind(org)
            .execute(&mut **tx)
            .await?;
    }
    for user in user_ids {
        sqlx::query("INSERT INTO object_access (object_id, user_id) VALUES ($1, $2)")
            .bind(object_id)
            .bind(user)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

pub async fn create(tx: &mut Transaction<'_, Any>, d: &ValidDossier, creator: i64, now_ms: i64) -> Result<i64> {
    let org_ids = resolve_orgs(tx, &d.orgs, "need_to_know").await?;
    let user_ids = resolve_users(tx, &d.users, "need_to_know_users").await?;
    let lead = resolve_orgs(tx, std::slice::from_ref(&d.lead_org), "lead_org").await?[0];
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO objects (kind, classification, tlp, open_to_all, created_by, created_at) \
         VALUES ('dossier', $1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(&d.classification)
    .bind(d.tlp.id())
    .bind(i64::from(d.open_to_all))
    .bind(creator)
    .bind(now_ms)
    .fetch_one(&mut **tx)
    .await?;
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
    write_marking(tx, id, &org_ids, &user_ids).await?;
    Ok(id)
}

/// Applies an edit made on `version`; a stale version is a conflict.
pub async fn update(
    tx: &mut Transaction<'_, Any>,
    id: i64,
    version: i64,
    d: &ValidDossier,
    editor: i64,
    now_ms: i64,
) -> Result<()> {
    let org_ids = resolve_orgs(tx, &d.orgs, "need_to_know").await?;
    let user_ids = resolve_users(tx, &d.users, "need_to_know_users").await?;
    let lead = resolve_orgs(tx, std::slice::from_ref(&d.lead_org), "lead_org").await?[0];
    let n = sqlx::query(
        "UPDATE dossiers SET title = $1, summary = $2, lead_org_id = $3, version = version + 1, updated_at = $4, updated_by = $5 \
         WHERE object_id = $6 AND version = $7",
    )
    .bind(&d.title)
    .bind(&d.summary)
    .bind(lead)
    .bind(now_ms)
    .bind(editor)
    .bind(id)
    .bind(version)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if n == 0 {
        return Err(StoreError::Conflict);
    }
    sqlx::query("UPDATE objects SET classification = $1, tlp = $2, open_to_all = $3 WHERE id = $4")
        .bind(&d.classification)
        .bind(d.tlp.id())
        .bind(i64::from(d.open_to_all))
        .bind(id)
        .execute(&mut **tx)
        .await?;
    write_marking(tx, id, &org_ids, &user_ids).await
}

async fn named_users(conn: &mut AnyConnection, id: i64) -> Result<Vec<String>> {
    Ok(sqlx::query_scalar(
        "SELECT u.email FROM object_access a JOIN users u ON u.id = a.user_id WHERE a.object_id = $1 ORDER BY u.email",
    )
    .bind(id)
    .fetch_all(conn)
    .await?)
}

async fn need_to_know(conn: &mut AnyConnection, id: i64) -> Result<Vec<String>> {
    Ok(sqlx::query_scalar(
        "SELECT org.code FROM object_access a JOIN organisations org ON org.id = a.org_id WHERE a.object_id = $1 ORDER BY org.code",
    )
    .bind(id)
    .fetch_all(conn)
    .await?)
}

/// One dossier if the viewer may see it; otherwise `NotFound`, exactly as if
/// it did not exist.
pub async fn get_visible(conn: &mut AnyConnection, filter: &VisibilityFilter, id: i64) -> Result<Dossier> {
    let mut sql = Sql::new(SELECT);
    sql.push(" WHERE o.id = ").bind_int(id).push(" AND ");
    sql.visible("o", filter);
    let mut d: Dossier = sql.query_as().fetch_optional(&mut *conn).await?.ok_or(StoreError::NotFound)?;
    d.need_to_know = need_to_know(conn, d.id).await?;
    d.need_to_know_users = named_users(conn, d.id).await?;
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
        d.need_to_know = need_to_know(conn, d.id).await?;
        d.need_to_know_users = named_users(conn, d.id).await?;
    }
    Ok(list)
}

pub async fn count_visible(conn: &mut AnyConnection, filter: &VisibilityFilter) -> Result<i64> {
    let mut sql = Sql::new("SELECT COUNT(*) FROM objects o WHERE o.kind = 'dossier' AND ");
    sql.visible("o", filter);
    Ok(sql.query_as::<(i64,)>().fetch_one(conn).await?.0)
}

/// The marking of any object, for the pure rule (used by tests that compare
/// the SQL predicate with [`verbinding_domain::access::may_see`]).
pub async fn marking(conn: &mut AnyConnection, id: i64) -> Result<Marking> {
    let (classification, open): (String, i64) =
        sqlx::query_as("SELECT classification, open_to_all FROM objects WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?
            .ok_or(StoreError::NotFound)?;
    let rows: Vec<(Option<i64>, Option<i64>)> =
        sqlx::query_as("SELECT org_id, user_id FROM object_access WHERE object_id = $1")
            .bind(id)
            .fetch_all(conn)
            .await?;
    Ok(Marking {
        classification,
        open_to_all: open == 1,
        orgs: rows.iter().filter_map(|r| r.0).collect(),
        users: rows.iter().filter_map(|r| r.1).collect(),
    })
}

/// Ids of all objects (tests and the matrix test use this to enumerate).
pub async fn all_object_ids(conn: &mut AnyConnection) -> Result<Vec<i64>> {
    let sql = Sql { text: "SELECT id FROM objects ORDER BY id".into(), args: Vec::<Arg>::new() };
    Ok(sql.query_as::<(i64,)>().fetch_all(conn).await?.into_iter().map(|r| r.0).collect())
}
