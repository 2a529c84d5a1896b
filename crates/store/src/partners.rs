//! Partners in the response to an incident. Rows belong to their incident and
//! share its visibility (the caller checks the incident first).

use crate::incidents::{NewEvent, add_event};
use crate::{Result, StoreError};
use sqlx::{Any, AnyConnection, FromRow, Transaction};
use verbinding_domain::directory::OrgKind;
use verbinding_domain::partners::{PARTNER_KINDS, Relation, ValidPartner};

#[derive(Debug, Clone, FromRow, serde::Serialize)]
pub struct Partner {
    pub id: i64,
    pub partner: String,
    pub partner_name_nl: String,
    pub partner_name_en: String,
    #[sqlx(try_from = "String")]
    pub relation: Relation,
    pub date: String,
    pub note: String,
    pub created_at: i64,
}

pub async fn add(
    tx: &mut Transaction<'_, Any>,
    incident_id: i64,
    p: &ValidPartner,
    by: i64,
    now_ms: i64,
) -> Result<i64> {
    let org: Option<(i64, String)> = sqlx::query_as("SELECT id, kind FROM organisations WHERE code = $1")
        .bind(&p.partner)
        .fetch_optional(&mut **tx)
        .await?;
    let org_id = match org {
        Some((id, kind)) if OrgKind::parse(&kind).is_some_and(|k| PARTNER_KINDS.contains(&k)) => id,
        _ => return Err(StoreError::Refused { field: "partner", code: "partner_unknown" }),
    };
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO incident_partners (incident_id, org_id, relation, on_date, note, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(incident_id)
    .bind(org_id)
    .bind(p.relation.id())
    .bind(&p.date)
    .bind(&p.note)
    .bind(by)
    .bind(now_ms)
    .fetch_one(&mut **tx)
    .await?;
    let detail = serde_json::json!({"partner": p.partner, "relation": p.relation, "date": p.date});
    add_event(tx, incident_id, NewEvent { kind: "partner", detail, by: Some(by), object_id: None }, now_ms).await?;
    Ok(id)
}

pub async fn for_incident(conn: &mut AnyConnection, incident_id: i64) -> Result<Vec<Partner>> {
    Ok(sqlx::query_as(
        "SELECT p.id, o.code AS partner, o.name_nl AS partner_name_nl, o.name_en AS partner_name_en, p.relation, \
         p.on_date AS date, p.note, p.created_at FROM incident_partners p JOIN organisations o ON o.id = p.org_id \
         WHERE p.incident_id = $1 ORDER BY p.on_date, p.id",
    )
    .bind(incident_id)
    .fetch_all(conn)
    .await?)
}

/// Organisations that can be partners, for forms.
pub async fn candidates(conn: &mut AnyConnection) -> Result<Vec<(String, String, String)>> {
    let [a, b] = PARTNER_KINDS.map(OrgKind::id);
    Ok(sqlx::query_as("SELECT code, name_nl, name_en FROM organisations WHERE kind IN ($1, $2) ORDER BY code")
        .bind(a)
        .bind(b)
        .fetch_all(conn)
        .await?)
}
