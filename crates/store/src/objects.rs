//! Marked objects: the `objects` row (classification, TLP, open to all) and
//! its need-to-know list in `object_access`. Every object type (dossiers,
//! incidents, …) creates and re-marks its objects through here.

use crate::{Result, StoreError};
use sqlx::{Any, AnyConnection, Transaction};
use verbinding_domain::access::Marking;
use verbinding_domain::marking::ValidMarking;

/// Organisation codes to ids; an unknown code names the field.
pub async fn resolve_orgs(conn: &mut AnyConnection, codes: &[String], field: &'static str) -> Result<Vec<i64>> {
    let mut ids = Vec::with_capacity(codes.len());
    for code in codes {
        let id: Option<i64> = sqlx::query_scalar("SELECT id FROM organisations WHERE code = $1")
            .bind(code)
            .fetch_optional(&mut *conn)
            .await?;
        ids.push(id.ok_or(StoreError::Refused { field, code: "org_unknown" })?);
    }
    Ok(ids)
}

/// One organisation code to its id.
pub async fn resolve_org(conn: &mut AnyConnection, code: &str, field: &'static str) -> Result<i64> {
    Ok(resolve_orgs(conn, &[code.to_string()], field).await?[0])
}

/// User emails to ids; an unknown email names the field.
pub async fn resolve_users(conn: &mut AnyConnection, emails: &[String], field: &'static str) -> Result<Vec<i64>> {
    let mut ids = Vec::with_capacity(emails.len());
    for email in emails {
        let id: Option<i64> =
            sqlx::query_scalar("SELECT id FROM users WHERE email = $1").bind(email).fetch_optional(&mut *conn).await?;
        ids.push(id.ok_or(StoreError::Refused { field, code: "user_unknown" })?);
    }
    Ok(ids)
}

/// Replaces the need-to-know list (organisations and named users).
async fn write_access(tx: &mut Transaction<'_, Any>, object_id: i64, m: &ValidMarking) -> Result<()> {
    let org_ids = resolve_orgs(tx, &m.orgs, "need_to_know").await?;
    let user_ids = resolve_users(tx, &m.users, "need_to_know_users").await?;
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

/// Creates the `objects` row of a new object of `kind` with its marking.
pub async fn create(
    tx: &mut Transaction<'_, Any>,
    kind: &str,
    m: &ValidMarking,
    creator: impl Into<Option<i64>>,
    now_ms: i64,
) -> Result<i64> {
    let creator: Option<i64> = creator.into();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO objects (kind, classification, tlp, open_to_all, created_by, created_at, owner_org_id) \
         VALUES ($1, $2, $3, $4, $5, $6, (SELECT org_id FROM users WHERE id = $5)) RETURNING id",
    )
    .bind(kind)
    .bind(&m.classification)
    .bind(m.tlp.id())
    .bind(i64::from(m.open_to_all))
    .bind(creator)
    .bind(now_ms)
    .fetch_one(&mut **tx)
    .await?;
    write_access(tx, id, m).await?;
    Ok(id)
}

/// Who edits which version of an object, and when.
pub struct Edit {
    pub id: i64,
    pub version: i64,
    pub editor: i64,
    pub now_ms: i64,
}

/// Runs the UPDATE of an object's own row, whose last four placeholders are
/// `updated_at`, `updated_by`, `object_id` and the version the edit was made
/// on (in that order); no row changed means that version is stale.
pub async fn update_versioned<'q>(
    tx: &mut Transaction<'_, Any>,
    query: sqlx::query::Query<'q, Any, sqlx::any::AnyArguments<'q>>,
    e: &Edit,
) -> Result<()> {
    let n = query.bind(e.now_ms).bind(e.editor).bind(e.id).bind(e.version).execute(&mut **tx).await?.rows_affected();
    if n == 0 { Err(StoreError::Conflict) } else { Ok(()) }
}

/// Re-marks an existing object.
pub async fn remark(tx: &mut Transaction<'_, Any>, id: i64, m: &ValidMarking) -> Result<()> {
    sqlx::query("UPDATE objects SET classification = $1, tlp = $2, open_to_all = $3 WHERE id = $4")
        .bind(&m.classification)
        .bind(m.tlp.id())
        .bind(i64::from(m.open_to_all))
        .bind(id)
        .execute(&mut **tx)
        .await?;
    write_access(tx, id, m).await
}

/// The need-to-know list for display: organisation codes and user emails.
pub async fn need_to_know(conn: &mut AnyConnection, id: i64) -> Result<(Vec<String>, Vec<String>)> {
    let orgs = sqlx::query_scalar(
        "SELECT org.code FROM object_access a JOIN organisations org ON org.id = a.org_id WHERE a.object_id = $1 ORDER BY org.code",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    let users = sqlx::query_scalar(
        "SELECT u.email FROM object_access a JOIN users u ON u.id = a.user_id WHERE a.object_id = $1 ORDER BY u.email",
    )
    .bind(id)
    .fetch_all(conn)
    .await?;
    Ok((orgs, users))
}

/// The marking of any object, for the pure rule (tests compare the SQL
/// predicate with [`verbinding_domain::access::may_see`] through this).
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

/// The object's TLP identifier.
pub async fn tlp(conn: &mut AnyConnection, id: i64) -> Result<String> {
    sqlx::query_scalar("SELECT tlp FROM objects WHERE id = $1")
        .bind(id)
        .fetch_optional(conn)
        .await?
        .ok_or(StoreError::NotFound)
}

/// Whether the object is visible through `filter` (any kind of object).
pub async fn is_visible(
    conn: &mut AnyConnection,
    filter: &verbinding_domain::access::VisibilityFilter,
    id: i64,
) -> Result<bool> {
    let mut sql = crate::sql::Sql::new("SELECT COUNT(*) FROM objects o WHERE o.id = ");
    sql.bind_int(id).push(" AND ");
    sql.visible("o", filter);
    Ok(sql.query_as::<(i64,)>().fetch_one(conn).await?.0 > 0)
}

/// The objects among `ids` visible through `filter` and marked above
/// Ongerubriceerd (whose reads are audited), in no particular order.
pub async fn classified_among(
    conn: &mut AnyConnection,
    filter: &verbinding_domain::access::VisibilityFilter,
    ids: &[i64],
) -> Result<Vec<i64>> {
    let mut classified = Vec::new();
    // In chunks: SQLite binds at most 32,766 parameters to one statement.
    for chunk in ids.chunks(500) {
        let mut sql = crate::sql::Sql::new("SELECT o.id, o.classification FROM objects o WHERE o.id IN ");
        sql.bind_list(chunk.iter().map(|id| crate::sql::Arg::Int(*id))).push(" AND ");
        sql.visible("o", filter);
        let rows: Vec<(i64, String)> = sql.query_as().fetch_all(&mut *conn).await?;
        classified.extend(
            rows.into_iter().filter(|(_, c)| verbinding_domain::classification::is_classified(c)).map(|(id, _)| id),
        );
    }
    Ok(classified)
}
