//! Incident dossiers. Every read applies the visibility predicate in the
//! query; list filters and counts see only what the caller may see.

use crate::sql::Sql;
use crate::threat_actors::{self, ThreatActor};
use crate::{Result, StoreError, objects};
use sqlx::{Any, AnyConnection, FromRow, Transaction};
use verbinding_domain::access::VisibilityFilter;
use verbinding_domain::incident::{Effect, ListOrder, Phase, Sector, Severity, ValidIncident, transition_allowed};

#[derive(Debug, Clone, FromRow, serde::Serialize)]
pub struct Incident {
    pub id: i64,
    pub title: String,
    pub summary: String,
    #[sqlx(try_from = "String")]
    pub status: Phase,
    #[sqlx(try_from = "String")]
    pub severity: Severity,
    pub first_activity: Option<String>,
    pub discovery: Option<String>,
    pub disclosure: Option<String>,
    #[serde(skip)]
    #[sqlx(rename = "victims")]
    pub victims_json: String,
    #[serde(skip)]
    #[sqlx(rename = "countries")]
    pub countries_json: String,
    #[serde(skip)]
    #[sqlx(rename = "sectors")]
    pub sectors_json: String,
    #[serde(skip)]
    #[sqlx(rename = "effects")]
    pub effects_json: String,
    #[sqlx(skip)]
    pub victims: Vec<String>,
    #[sqlx(skip)]
    pub countries: Vec<String>,
    #[sqlx(skip)]
    pub sectors: Vec<Sector>,
    #[sqlx(skip)]
    pub effects: Vec<Effect>,
    pub classification: String,
    pub tlp: String,
    #[serde(serialize_with = "crate::as_bool")]
    pub open_to_all: i64,
    #[serde(skip)]
    pub lead_org_id: i64,
    pub lead_org_code: String,
    /// The organisation that created it and decides its marking with the lead's coordinators.
    #[serde(skip)]
    pub owner_org_id: Option<i64>,
    pub owner_org_code: Option<String>,
    pub version: i64,
    pub created_at: i64,
    pub updated_at: i64,
    #[sqlx(skip)]
    pub need_to_know: Vec<String>,
    #[sqlx(skip)]
    pub need_to_know_users: Vec<String>,
    #[sqlx(skip)]
    pub actors: Vec<ThreatActor>,
}

const SELECT: &str = "SELECT o.id, i.title, i.summary, i.status, i.severity, i.first_activity, i.discovery, i.disclosure, \
     i.victims, i.countries, i.sectors, i.effects, o.classification, o.tlp, o.open_to_all, i.lead_org_id, \
     lo.code AS lead_org_code, o.owner_org_id, ow.code AS owner_org_code, i.version, o.created_at, i.updated_at \
     FROM incidents i JOIN objects o ON o.id = i.object_id JOIN organisations lo ON lo.id = i.lead_org_id \
     LEFT JOIN organisations ow ON ow.id = o.owner_org_id";

fn json_list<T: serde::Serialize>(v: &[T]) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "[]".into())
}

/// Parses the list-valued columns.
fn parse_lists(mut i: Incident) -> Result<Incident> {
    let id = i.id;
    i.victims = crate::decode("victims of incident", id, &i.victims_json)?;
    i.countries = crate::decode("countries of incident", id, &i.countries_json)?;
    i.sectors = crate::decode("sectors of incident", id, &i.sectors_json)?;
    i.effects = crate::decode("effects of incident", id, &i.effects_json)?;
    Ok(i)
}

/// One incident in full: lists, actors and the need-to-know list.
async fn hydrate(conn: &mut AnyConnection, i: Incident) -> Result<Incident> {
    let mut i = parse_lists(i)?;
    i.actors = threat_actors::of_incident(conn, i.id).await?;
    (i.need_to_know, i.need_to_know_users) = objects::need_to_know(conn, i.id).await?;
    Ok(i)
}

async fn link_actors(tx: &mut Transaction<'_, Any>, id: i64, uuids: &[String]) -> Result<()> {
    let actor_ids = threat_actors::resolve(tx, uuids, "actors").await?;
    sqlx::query("DELETE FROM incident_actors WHERE incident_id = $1").bind(id).execute(&mut **tx).await?;
    for a in actor_ids {
        sqlx::query("INSERT INTO incident_actors (incident_id, actor_id) VALUES ($1, $2)")
            .bind(id)
            .bind(a)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// A timeline event to append.
pub struct NewEvent<'a> {
    pub kind: &'a str,
    pub detail: serde_json::Value,
    pub by: Option<i64>,
    /// The object the event is about (an assessment), which decides who sees it.
    pub object_id: Option<i64>,
}

/// Appends a timeline event.
pub async fn add_event(tx: &mut Transaction<'_, Any>, incident_id: i64, e: NewEvent<'_>, at_ms: i64) -> Result<()> {
    sqlx::query(
        "INSERT INTO incident_events (incident_id, at_ms, kind, detail, actor_user_id, object_id) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(incident_id)
    .bind(at_ms)
    .bind(e.kind)
    .bind(e.detail.to_string())
    .bind(e.by)
    .bind(e.object_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn create(tx: &mut Transaction<'_, Any>, d: &ValidIncident, creator: i64, now_ms: i64) -> Result<i64> {
    let lead = objects::resolve_org(tx, &d.lead_org, "lead_org").await?;
    let id = objects::create(tx, "incident", &d.marking, creator, now_ms).await?;
    sqlx::query(
        "INSERT INTO incidents (object_id, title, summary, status, severity, first_activity, discovery, disclosure, victims, \
         countries, sectors, effects, lead_org_id, version, updated_at, updated_by) \
         VALUES ($1, $2, $3, 'reported', $4, $5, $6, $7, $8, $9, $10, $11, $12, 1, $13, $14)",
    )
    .bind(id)
    .bind(&d.title)
    .bind(&d.summary)
    .bind(d.severity.id())
    .bind(&d.first_activity)
    .bind(&d.discovery)
    .bind(&d.disclosure)
    .bind(json_list(&d.victims))
    .bind(json_list(&d.countries))
    .bind(json_list(&d.sectors))
    .bind(json_list(&d.effects))
    .bind(lead)
    .bind(now_ms)
    .bind(creator)
    .execute(&mut **tx)
    .await?;
    link_actors(tx, id, &d.actors).await?;
    add_event(
        tx,
        id,
        NewEvent { kind: "reported", detail: serde_json::json!({}), by: Some(creator), object_id: None },
        now_ms,
    )
    .await?;
    Ok(id)
}

/// Applies an edit made on `version`; a stale version is a conflict.
pub async fn update(tx: &mut Transaction<'_, Any>, edit: &objects::Edit, d: &ValidIncident) -> Result<()> {
    let id = edit.id;
    let lead = objects::resolve_org(tx, &d.lead_org, "lead_org").await?;
    let query = sqlx::query(
        "UPDATE incidents SET title = $1, summary = $2, severity = $3, first_activity = $4, discovery = $5, disclosure = $6, \
         victims = $7, countries = $8, sectors = $9, effects = $10, lead_org_id = $11, version = version + 1, \
         updated_at = $12, updated_by = $13 WHERE object_id = $14 AND version = $15",
    )
    .bind(&d.title)
    .bind(&d.summary)
    .bind(d.severity.id())
    .bind(&d.first_activity)
    .bind(&d.discovery)
    .bind(&d.disclosure)
    .bind(json_list(&d.victims))
    .bind(json_list(&d.countries))
    .bind(json_list(&d.sectors))
    .bind(json_list(&d.effects))
    .bind(lead);
    objects::update_versioned(tx, query, edit).await?;
    link_actors(tx, id, &d.actors).await?;
    objects::remark(tx, id, &d.marking).await
}

/// Moves the incident one phase; the version guards against two people
/// moving it at once.
pub async fn set_status(
    tx: &mut Transaction<'_, Any>,
    id: i64,
    version: i64,
    to: Phase,
    by: i64,
    now_ms: i64,
) -> Result<Phase> {
    let from: String = sqlx::query_scalar("SELECT status FROM incidents WHERE object_id = $1")
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or(StoreError::NotFound)?;
    let from: Phase = crate::vocabulary("status of incident", id, &from)?;
    if !transition_allowed(from, to) {
        return Err(StoreError::Refused { field: "status", code: "transition_not_allowed" });
    }
    let n = sqlx::query(
        "UPDATE incidents SET status = $1, version = version + 1, updated_at = $2, updated_by = $3 \
         WHERE object_id = $4 AND version = $5",
    )
    .bind(to.id())
    .bind(now_ms)
    .bind(by)
    .bind(id)
    .bind(version)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if n == 0 {
        return Err(StoreError::Conflict);
    }
    let detail = serde_json::json!({"from": from, "to": to});
    add_event(tx, id, NewEvent { kind: "status", detail, by: Some(by), object_id: None }, now_ms).await?;
    Ok(from)
}

/// The id of the incident with exactly this title, whoever may see it: only
/// for loading the demo idempotently (titles are not unique in general).
pub async fn id_by_title(conn: &mut AnyConnection, title: &str) -> Result<Option<i64>> {
    Ok(sqlx::query_scalar("SELECT object_id FROM incidents WHERE title = $1").bind(title).fetch_optional(conn).await?)
}

pub async fn get_visible(conn: &mut AnyConnection, filter: &VisibilityFilter, id: i64) -> Result<Incident> {
    let mut sql = Sql::new(SELECT);
    sql.push(" WHERE o.id = ").bind_int(id).push(" AND ");
    sql.visible("o", filter);
    let i: Incident = sql.query_as().fetch_optional(&mut *conn).await?.ok_or(StoreError::NotFound)?;
    hydrate(conn, i).await
}

/// Filters of the incident list; empty fields do not filter.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct IncidentQuery {
    pub status: Option<Phase>,
    /// Threat-actor UUID.
    pub actor: Option<String>,
    pub sector: Option<Sector>,
    pub severity: Option<Severity>,
    /// Discovery (or first activity) on or after this date.
    pub from: Option<String>,
    /// Discovery (or first activity) on or before this date.
    pub to: Option<String>,
    /// Lead organisation code.
    pub lead: Option<String>,
    /// Newest first when not given.
    pub sort: Option<ListOrder>,
}

fn some(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

fn where_clause(sql: &mut Sql, filter: &VisibilityFilter, q: &IncidentQuery) {
    sql.push(" WHERE ");
    sql.visible("o", filter);
    if let Some(s) = q.status {
        sql.push(" AND i.status = ").bind_text(s.id());
    }
    if let Some(s) = q.severity {
        sql.push(" AND i.severity = ").bind_text(s.id());
    }
    if let Some(s) = q.sector {
        // Identifiers hold no `%`, `_` or `"`: the pattern matches the entry exactly.
        sql.push(" AND i.sectors LIKE ").bind_text(&format!("%\"{}\"%", s.id()));
    }
    if let Some(a) = some(&q.actor) {
        sql.push(" AND EXISTS (SELECT 1 FROM incident_actors ia JOIN threat_actors t ON t.id = ia.actor_id WHERE ia.incident_id = o.id AND t.uuid = ")
            .bind_text(a)
            .push(")");
    }
    if let Some(l) = some(&q.lead) {
        sql.push(" AND lo.code = ").bind_text(l);
    }
    if let Some(f) = some(&q.from) {
        sql.push(" AND COALESCE(i.discovery, i.first_activity, i.disclosure) >= ").bind_text(f);
    }
    if let Some(t) = some(&q.to) {
        sql.push(" AND COALESCE(i.discovery, i.first_activity, i.disclosure) <= ").bind_text(t);
    }
}

/// A page of visible incidents matching the filters.
pub async fn list_visible(
    conn: &mut AnyConnection,
    filter: &VisibilityFilter,
    q: &IncidentQuery,
    offset: i64,
    limit: i64,
) -> Result<Vec<Incident>> {
    let mut sql = Sql::new(SELECT);
    where_clause(&mut sql, filter, q);
    // Ordered by i.object_id (equal to o.id through the join): SQLite then
    // walks the incidents in key order (within the status index when
    // filtering on status) and stops after the page, instead of sorting
    // every visible incident first.
    sql.push(match q.sort.unwrap_or(ListOrder::Newest) {
        ListOrder::Oldest => " ORDER BY i.object_id ASC",
        ListOrder::Severity => {
            " ORDER BY CASE i.severity WHEN 'critical' THEN 5 WHEN 'severe' THEN 4 WHEN 'significant' THEN 3 \
             WHEN 'limited' THEN 2 ELSE 1 END DESC, i.object_id DESC"
        }
        ListOrder::Discovery => {
            " ORDER BY COALESCE(i.discovery, i.first_activity, i.disclosure, '') DESC, i.object_id DESC"
        }
        ListOrder::Newest => " ORDER BY i.object_id DESC",
    });
    sql.push(" LIMIT ").bind_int(limit).push(" OFFSET ").bind_int(offset);
    let rows: Vec<Incident> = sql.query_as().fetch_all(&mut *conn).await?;
    // The actors of the whole page in one query, not one query per row.
    let ids: Vec<i64> = rows.iter().map(|i| i.id).collect();
    let mut actors = threat_actors::of_incidents(conn, &ids).await?;
    rows.into_iter()
        .map(|i| {
            let mut i = parse_lists(i)?;
            i.actors = actors.remove(&i.id).unwrap_or_default();
            Ok(i)
        })
        .collect()
}

/// How many visible incidents match the filters.
pub async fn count_visible(conn: &mut AnyConnection, filter: &VisibilityFilter, q: &IncidentQuery) -> Result<i64> {
    let mut sql = Sql::new("SELECT COUNT(*) FROM incidents i JOIN objects o ON o.id = i.object_id");
    // Every incident has a lead organisation (NOT NULL, foreign key), so the
    // join changes the count only through the lead filter. Without it, a
    // status filter is answered from the status index and `objects` alone,
    // never reading the (wide) incident rows.
    if some(&q.lead).is_some() {
        sql.push(" JOIN organisations lo ON lo.id = i.lead_org_id");
    }
    where_clause(&mut sql, filter, q);
    Ok(sql.query_as::<(i64,)>().fetch_one(conn).await?.0)
}

#[derive(Debug, Clone, FromRow, serde::Serialize)]
pub struct IncidentEvent {
    pub at_ms: i64,
    pub kind: String,
    pub detail: String,
    pub actor: Option<String>,
}

/// The timeline of an incident the caller may see (checked by the caller).
/// Events about an assessment are shown only to those who may know the
/// assessment exists (cleared for its metadata classification).
pub async fn events(
    conn: &mut AnyConnection,
    filter: &VisibilityFilter,
    incident_id: i64,
) -> Result<Vec<IncidentEvent>> {
    let mut sql = Sql::new(
        "SELECT e.at_ms, e.kind, e.detail, u.email AS actor FROM incident_events e LEFT JOIN users u ON u.id = e.actor_user_id \
         WHERE e.incident_id = ",
    );
    sql.bind_int(incident_id);
    sql.push(" AND (e.object_id IS NULL OR e.object_id IN (SELECT a.object_id FROM assessments a WHERE a.meta_classification IN ");
    sql.bind_list(filter.labels.iter().map(|l| crate::sql::Arg::Text(l.to_string())));
    sql.push(")) ORDER BY e.at_ms, e.id");
    Ok(sql.query_as().fetch_all(conn).await?)
}
