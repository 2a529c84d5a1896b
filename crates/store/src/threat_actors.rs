//! The threat-actor catalogue, imported from the MISP threat-actor galaxy.
//! Reference data from public sources: not classified, but only shown to
//! users who may read objects.

use crate::sql::Sql;
use crate::{Result, StoreError};
use sqlx::{Any, AnyConnection, FromRow, Row, Transaction};
use std::collections::HashMap;

/// One actor as imported (see [`verbinding_domain::misp`]).
pub use verbinding_domain::misp::ThreatActorRecord as ActorRecord;

#[derive(Debug, Clone, FromRow, serde::Serialize)]
pub struct ThreatActor {
    #[serde(skip)]
    pub id: i64,
    pub uuid: String,
    pub name: String,
    #[sqlx(rename = "synonyms")]
    #[serde(skip)]
    pub synonyms_json: String,
    #[sqlx(skip)]
    pub synonyms: Vec<String>,
    pub state_sponsor: Option<String>,
    pub country: Option<String>,
    pub description: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Upserted {
    Inserted,
    Updated,
    Unchanged,
}

/// (name, synonyms JSON, state sponsor, country, description) as stored.
type StoredFields = (String, String, Option<String>, Option<String>, String);

/// Inserts a new actor or updates the one with the same UUID: a re-import
/// updates, never duplicates.
pub async fn upsert(tx: &mut Transaction<'_, Any>, a: &ActorRecord, now_ms: i64) -> Result<Upserted> {
    let synonyms = serde_json::to_string(&a.synonyms).unwrap_or_else(|_| "[]".into());
    let existing: Option<StoredFields> =
        sqlx::query_as("SELECT name, synonyms, state_sponsor, country, description FROM threat_actors WHERE uuid = $1")
            .bind(&a.uuid)
            .fetch_optional(&mut **tx)
            .await?;
    match existing {
        Some(row)
            if row
                == (
                    a.name.clone(),
                    synonyms.clone(),
                    a.state_sponsor.clone(),
                    a.country.clone(),
                    a.description.clone(),
                ) =>
        {
            Ok(Upserted::Unchanged)
        }
        Some(_) => {
            sqlx::query(
                "UPDATE threat_actors SET name = $1, synonyms = $2, state_sponsor = $3, country = $4, description = $5, \
                 updated_at = $6 WHERE uuid = $7",
            )
            .bind(&a.name)
            .bind(&synonyms)
            .bind(&a.state_sponsor)
            .bind(&a.country)
            .bind(&a.description)
            .bind(now_ms)
            .bind(&a.uuid)
            .execute(&mut **tx)
            .await?;
            Ok(Upserted::Updated)
        }
        None => {
            sqlx::query(
                "INSERT INTO threat_actors (uuid, name, synonyms, state_sponsor, country, description, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(&a.uuid)
            .bind(&a.name)
            .bind(&synonyms)
            .bind(&a.state_sponsor)
            .bind(&a.country)
            .bind(&a.description)
            .bind(now_ms)
            .execute(&mut **tx)
            .await?;
            Ok(Upserted::Inserted)
        }
    }
}

const COLUMNS: &str = "id, uuid, name, synonyms, state_sponsor, country, description";

fn hydrate(mut a: ThreatActor) -> Result<ThreatActor> {
    a.synonyms = crate::decode("synonyms of threat actor", a.id, &a.synonyms_json)?;
    Ok(a)
}

/// Actors by name or synonym (case-insensitive), alphabetical, after `offset`.
pub async fn search(conn: &mut AnyConnection, query: &str, offset: i64, limit: i64) -> Result<Vec<ThreatActor>> {
    let mut sql = Sql::new(&format!("SELECT {COLUMNS} FROM threat_actors"));
    let q = query.trim().to_lowercase();
    if !q.is_empty() {
        let like = format!("%{}%", q.replace(['%', '_'], ""));
        sql.push(" WHERE LOWER(name) LIKE ").bind_text(&like).push(" OR LOWER(synonyms) LIKE ").bind_text(&like);
    }
    sql.push(" ORDER BY LOWER(name), id LIMIT ").bind_int(limit).push(" OFFSET ").bind_int(offset);
    sql.query_as::<ThreatActor>().fetch_all(conn).await?.into_iter().map(hydrate).collect()
}

pub async fn by_uuid(conn: &mut AnyConnection, uuid: &str) -> Result<ThreatActor> {
    sqlx::query_as::<_, ThreatActor>(&format!("SELECT {COLUMNS} FROM threat_actors WHERE uuid = $1"))
        .bind(uuid)
        .fetch_optional(conn)
        .await?
        .map(hydrate)
        .ok_or(StoreError::NotFound)?
}

pub async fn count(conn: &mut AnyConnection) -> Result<i64> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM threat_actors").fetch_one(conn).await?)
}

/// Catalogue UUIDs to ids; an unknown UUID names the field.
pub async fn resolve(conn: &mut AnyConnection, uuids: &[String], field: &'static str) -> Result<Vec<i64>> {
    let mut ids = Vec::with_capacity(uuids.len());
    for uuid in uuids {
        let id: Option<i64> = sqlx::query_scalar("SELECT id FROM threat_actors WHERE uuid = $1")
            .bind(uuid)
            .fetch_optional(&mut *conn)
            .await?;
        ids.push(id.ok_or(StoreError::Refused { field, code: "actor_unknown" })?);
    }
    Ok(ids)
}

/// The actors linked to an incident, by name.
pub async fn of_incident(conn: &mut AnyConnection, incident_id: i64) -> Result<Vec<ThreatActor>> {
    sqlx::query_as::<_, ThreatActor>(&format!(
        "SELECT {} FROM threat_actors t JOIN incident_actors ia ON ia.actor_id = t.id WHERE ia.incident_id = $1 ORDER BY t.name",
        COLUMNS.split(", ").map(|c| format!("t.{c}")).collect::<Vec<_>>().join(", ")
    ))
    .bind(incident_id)
    .fetch_all(conn)
    .await?
    .into_iter()
    .map(hydrate)
    .collect()
}

/// The actors of several incidents at once (a page of a list), by incident,
/// each list by name like [`of_incident`]: one query instead of one per row.
pub async fn of_incidents(conn: &mut AnyConnection, incident_ids: &[i64]) -> Result<HashMap<i64, Vec<ThreatActor>>> {
    let mut by_incident: HashMap<i64, Vec<ThreatActor>> = HashMap::new();
    if incident_ids.is_empty() {
        return Ok(by_incident);
    }
    let columns = COLUMNS.split(", ").map(|c| format!("t.{c}")).collect::<Vec<_>>().join(", ");
    let mut sql = Sql::new(&format!(
        "SELECT ia.incident_id, {columns} FROM threat_actors t JOIN incident_actors ia ON ia.actor_id = t.id \
         WHERE ia.incident_id IN "
    ));
    sql.bind_list(incident_ids.iter().map(|id| crate::sql::Arg::Int(*id)));
    sql.push(" ORDER BY t.name");
    for row in sql.query().fetch_all(conn).await? {
        let incident: i64 = row.try_get("incident_id")?;
        by_incident.entry(incident).or_default().push(hydrate(ThreatActor::from_row(&row)?)?);
    }
    Ok(by_incident)
}

/// The UUID of the actor whose name or synonym is `name` (case-insensitive);
/// forms let people type names, the store keeps UUIDs.
pub async fn uuid_by_name(conn: &mut AnyConnection, name: &str) -> Result<Option<String>> {
    let needle = name.trim().to_lowercase();
    if needle.is_empty() {
        return Ok(None);
    }
    if let Some(uuid) =
        sqlx::query_scalar::<_, String>("SELECT uuid FROM threat_actors WHERE LOWER(name) = $1 ORDER BY id LIMIT 1")
            .bind(&needle)
            .fetch_optional(&mut *conn)
            .await?
    {
        return Ok(Some(uuid));
    }
    let quoted = format!("%{}%", serde_json::to_string(&needle).unwrap_or_default().replace(['%', '_'], ""));
    let candidates: Vec<(String, String)> =
        sqlx::query_as("SELECT uuid, synonyms FROM threat_actors WHERE LOWER(synonyms) LIKE $1 ORDER BY id")
            .bind(&quoted)
            .fetch_all(conn)
            .await?;
    for (uuid, syn) in candidates {
        let list: Vec<String> = serde_json::from_str(&syn).map_err(|e| StoreError::Corrupt {
            what: "synonyms of threat actor",
            id: 0,
            cause: format!("{uuid}: {e}"),
        })?;
        if list.iter().any(|s| s.to_lowercase() == needle) {
            return Ok(Some(uuid));
        }
    }
    Ok(None)
}
