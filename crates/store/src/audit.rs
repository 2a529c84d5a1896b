//! The audit trail: appended in the caller's transaction, chained by hash,
//! read back only through the same visibility rule as the objects it is about.

use crate::sql::Sql;
use crate::{Db, Result};
use sqlx::{Any, AnyConnection, FromRow, Transaction};
use verbinding_domain::access::VisibilityFilter;
use verbinding_domain::audit::{AuditEntry, AuditEvent, ChainBreak, ChainVerifier, chain_hash};

/// Appends an event inside `tx`. The head row is updated first: that takes
/// the row lock (PostgreSQL) or is already under the write lock (SQLite), so
/// concurrent appends queue up and the chain never forks.
pub async fn append(tx: &mut Transaction<'_, Any>, event: &AuditEvent) -> Result<i64> {
    let (seq, prev): (i64, String) =
        sqlx::query_as("UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash")
            .fetch_one(&mut **tx)
            .await?;
    let hash = chain_hash(seq, &prev, event);
    sqlx::query(
        "INSERT INTO audit_log (seq, at_ms, actor_user_id, actor_label, actor_org_id, action, object_id, subject_user_id, \
         request_id, source, detail, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
    )
    .bind(seq)
    .bind(event.at_ms)
    .bind(event.actor_user_id)
    .bind(&event.actor_label)
    .bind(event.actor_org_id)
    .bind(&event.action)
    .bind(event.object_id)
    .bind(event.subject_user_id)
    .bind(&event.request_id)
    .bind(&event.source)
    .bind(&event.detail)
    .bind(&prev)
    .bind(&hash)
    .execute(&mut **tx)
    .await?;
    sqlx::query("UPDATE audit_head SET hash = $1 WHERE id = 1").bind(&hash).execute(&mut **tx).await?;
    Ok(seq)
}

/// Appends events in order inside `tx`, as [`append`] one by one would
/// (same sequence numbers, same chain), with one update of the head and one
/// INSERT per twenty-five entries: how a batch of transitions is audited.
pub async fn append_many<E: std::borrow::Borrow<AuditEvent>>(
    tx: &mut Transaction<'_, Any>,
    events: &[E],
) -> Result<()> {
    if events.is_empty() {
        return Ok(());
    }
    let n = events.len() as i64;
    let (last, mut prev): (i64, String) =
        sqlx::query_as("UPDATE audit_head SET seq = seq + $1 WHERE id = 1 RETURNING seq, hash")
            .bind(n)
            .fetch_one(&mut **tx)
            .await?;
    let mut seq = last - n;
    for chunk in events.chunks(25) {
        let mut text = String::from(
            "INSERT INTO audit_log (seq, at_ms, actor_user_id, actor_label, actor_org_id, action, object_id, \
             subject_user_id, request_id, source, detail, prev_hash, hash) VALUES ",
        );
        for i in 0..chunk.len() {
            let params: Vec<String> = (1..=13).map(|k| format!("${}", i * 13 + k)).collect();
            text.push_str(&format!("{}({})", if i > 0 { ", " } else { "" }, params.join(", ")));
        }
        let mut chained = Vec::with_capacity(chunk.len());
        for event in chunk {
            let event = event.borrow();
            seq += 1;
            let hash = chain_hash(seq, &prev, event);
            chained.push((seq, std::mem::replace(&mut prev, hash.clone()), hash, event));
        }
        let mut q = sqlx::query(&text);
        for (seq, prev_hash, hash, event) in chained {
            q = q
                .bind(seq)
                .bind(event.at_ms)
                .bind(event.actor_user_id)
                .bind(event.actor_label.clone())
                .bind(event.actor_org_id)
                .bind(event.action.clone())
                .bind(event.object_id)
                .bind(event.subject_user_id)
                .bind(event.request_id.clone())
                .bind(event.source.clone())
                .bind(event.detail.clone())
                .bind(prev_hash)
                .bind(hash);
        }
        q.execute(&mut **tx).await?;
    }
    sqlx::query("UPDATE audit_head SET hash = $1 WHERE id = 1").bind(&prev).execute(&mut **tx).await?;
    Ok(())
}

#[derive(Debug, Clone, FromRow)]
struct Row {
    seq: i64,
    at_ms: i64,
    actor_user_id: Option<i64>,
    actor_label: String,
    actor_org_id: Option<i64>,
    action: String,
    object_id: Option<i64>,
    subject_user_id: Option<i64>,
    request_id: String,
    source: String,
    detail: String,
    prev_hash: String,
    hash: String,
}

impl From<Row> for AuditEntry {
    fn from(r: Row) -> Self {
        AuditEntry {
            seq: r.seq,
            event: AuditEvent {
                at_ms: r.at_ms,
                actor_user_id: r.actor_user_id,
                actor_label: r.actor_label,
                actor_org_id: r.actor_org_id,
                action: r.action,
                object_id: r.object_id,
                subject_user_id: r.subject_user_id,
                request_id: r.request_id,
                source: r.source,
                detail: r.detail,
            },
            prev_hash: r.prev_hash,
            hash: r.hash,
        }
    }
}

const COLUMNS: &str = "l.seq, l.at_ms, l.actor_user_id, l.actor_label, l.actor_org_id, l.action, l.object_id, \
                       l.subject_user_id, l.request_id, l.source, l.detail, l.prev_hash, l.hash";

/// Filters for the audit view.
#[derive(Debug, Default, Clone)]
pub struct AuditQuery {
    pub action: Option<String>,
    pub actor: Option<String>,
    pub object_id: Option<i64>,
    /// Only entries by members of this organisation (the actor's at the time).
    pub org_id: Option<i64>,
    /// Only entries at or after this moment, and before that one (ms).
    pub from_ms: Option<i64>,
    pub until_ms: Option<i64>,
    /// Newest first; show entries with `seq` below this.
    pub before: Option<i64>,
    pub limit: i64,
}

/// An entry as the trail shows it: with the kind of the object it is about
/// (a dossier, an incident, …), so a page can link to it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct TrailEntry {
    pub entry: AuditEntry,
    pub object_kind: Option<String>,
}

#[derive(Debug, Clone, FromRow)]
struct TrailRow {
    #[sqlx(flatten)]
    row: Row,
    object_kind: Option<String>,
}

/// Entries the viewer may see: an entry about an object is shown only when
/// the object itself is visible to the viewer (checked now, not when the
/// entry was written, so restricting an object later hides its history too).
pub async fn list_visible(
    conn: &mut AnyConnection,
    filter: &VisibilityFilter,
    q: &AuditQuery,
) -> Result<Vec<TrailEntry>> {
    let mut sql = Sql::new(&format!(
        "SELECT {COLUMNS}, o.kind AS object_kind FROM audit_log l LEFT JOIN objects o ON o.id = l.object_id WHERE (l.object_id IS NULL OR "
    ));
    sql.visible("o", filter).push(")");
    // An assessment is seen only with its incident (rule 3), and its rows
    // name the incident: they are shown only to who may see both.
    sql.push(
        " AND NOT EXISTS (SELECT 1 FROM assessments aa JOIN objects io ON io.id = aa.incident_id \
         WHERE aa.object_id = l.object_id AND NOT ",
    );
    sql.visible("io", filter).push(")");
    if let Some(action) = q.action.as_deref().filter(|a| !a.is_empty()) {
        sql.push(" AND l.action = ").bind_text(action);
    }
    if let Some(actor) = q.actor.as_deref().filter(|a| !a.is_empty()) {
        sql.push(" AND l.actor_label = ").bind_text(&actor.to_lowercase());
    }
    if let Some(object) = q.object_id {
        sql.push(" AND l.object_id = ").bind_int(object);
    }
    if let Some(org) = q.org_id {
        sql.push(" AND l.actor_org_id = ").bind_int(org);
    }
    if let Some(from) = q.from_ms {
        sql.push(" AND l.at_ms >= ").bind_int(from);
    }
    if let Some(until) = q.until_ms {
        sql.push(" AND l.at_ms < ").bind_int(until);
    }
    if let Some(before) = q.before {
        sql.push(" AND l.seq < ").bind_int(before);
    }
    sql.push(" ORDER BY l.seq DESC LIMIT ").bind_int(q.limit.clamp(1, 500));
    let rows: Vec<TrailRow> = sql.query_as().fetch_all(conn).await?;
    Ok(rows.into_iter().map(|r| TrailEntry { entry: AuditEntry::from(r.row), object_kind: r.object_kind }).collect())
}

/// Outcome of walking the whole chain.
#[derive(Debug)]
pub enum Verification {
    Intact { entries: i64 },
    Broken(ChainBreak),
}

/// Walks the chain in pages so memory stays flat however long the trail is.
/// `progress` is called with (entries checked, total) for a progress display.
pub async fn verify(db: &Db, mut progress: impl FnMut(i64, i64)) -> Result<Verification> {
    let (head_seq, head_hash): (i64, String) =
        sqlx::query_as("SELECT seq, hash FROM audit_head WHERE id = 1").fetch_one(&db.pool).await?;
    let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log").fetch_one(&db.pool).await?;
    let mut verifier = ChainVerifier::new();
    let mut checked = 0;
    let mut after = i64::MIN;
    loop {
        let rows: Vec<Row> =
            sqlx::query_as(&format!("SELECT {COLUMNS} FROM audit_log l WHERE l.seq > $1 ORDER BY l.seq LIMIT 1000"))
                .bind(after)
                .fetch_all(&db.pool)
                .await?;
        let Some(last) = rows.last() else { break };
        after = last.seq;
        for row in rows {
            if let Err(b) = verifier.push(&AuditEntry::from(row)) {
                return Ok(Verification::Broken(b));
            }
            checked += 1;
        }
        progress(checked, total);
    }
    Ok(match verifier.finish(head_seq, &head_hash) {
        Ok(entries) => Verification::Intact { entries },
        Err(b) => Verification::Broken(b),
    })
}
