//! The response-option catalogue and the response plan of an incident.
//! Plan items belong to their incident and share its visibility (the caller
//! checks the incident first).

use crate::incidents::{NewEvent, add_event};
use crate::sql::{Arg, Sql};
use crate::{Result, StoreError};
use sqlx::{Any, AnyConnection, FromRow, Transaction};
use verbinding_domain::access::VisibilityFilter;
use verbinding_domain::response::{CATALOGUE, Category, MeasureStatus, measure_transition_allowed};

#[derive(Debug, Clone, FromRow, serde::Serialize)]
pub struct OptionRow {
    pub id: String,
    #[sqlx(try_from = "String")]
    pub category: Category,
    pub name_nl: String,
    pub name_en: String,
    pub legal_basis: String,
    pub lead: String,
    pub approvals: String,
    #[serde(serialize_with = "crate::as_bool")]
    pub public: i64,
    #[serde(serialize_with = "crate::as_bool")]
    pub reversible: i64,
    pub escalation: i64,
    #[serde(serialize_with = "crate::as_bool")]
    pub public_attribution: i64,
    #[serde(serialize_with = "crate::as_bool")]
    pub renewable: i64,
    #[serde(serialize_with = "crate::as_bool")]
    pub lapsed: i64,
}

/// Brings the shipped catalogue into the table: new options are added and
/// shipped texts updated; administrators' own options and lapses are kept.
pub async fn seed(tx: &mut Transaction<'_, Any>) -> Result<()> {
    for o in CATALOGUE {
        let exists: Option<String> = sqlx::query_scalar("SELECT id FROM response_options WHERE id = $1")
            .bind(o.id)
            .fetch_optional(&mut **tx)
            .await?;
        let sql = if exists.is_some() {
            "UPDATE response_options SET category = $2, name_nl = $3, name_en = $4, legal_basis = $5, lead = $6, approvals = $7, \
             public = $8, reversible = $9, escalation = $10, public_attribution = $11, renewable = $12 WHERE id = $1"
        } else {
            "INSERT INTO response_options (id, category, name_nl, name_en, legal_basis, lead, approvals, public, reversible, \
             escalation, public_attribution, renewable, lapsed, shipped) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 0, 1)"
        };
        sqlx::query(sql)
            .bind(o.id)
            .bind(o.category.id())
            .bind(o.name_nl)
            .bind(o.name_en)
            .bind(o.legal_basis)
            .bind(o.lead)
            .bind(o.approvals)
            .bind(i64::from(o.public))
            .bind(i64::from(o.reversible))
            .bind(i64::from(o.escalation))
            .bind(i64::from(o.public_attribution))
            .bind(i64::from(o.renewable))
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

const OPTION_COLUMNS: &str = "id, category, name_nl, name_en, legal_basis, lead, approvals, public, reversible, escalation, \
                              public_attribution, renewable, lapsed";

pub async fn options(conn: &mut AnyConnection) -> Result<Vec<OptionRow>> {
    Ok(sqlx::query_as(&format!("SELECT {OPTION_COLUMNS} FROM response_options ORDER BY escalation, id"))
        .fetch_all(conn)
        .await?)
}

pub async fn option(conn: &mut AnyConnection, id: &str) -> Result<OptionRow> {
    sqlx::query_as(&format!("SELECT {OPTION_COLUMNS} FROM response_options WHERE id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await?
        .ok_or(StoreError::Refused { field: "option", code: "option_unknown" })
}

#[derive(Debug, Clone, FromRow, serde::Serialize)]
pub struct PlanItem {
    pub id: i64,
    pub incident_id: i64,
    pub option_id: String,
    pub rationale: String,
    #[sqlx(try_from = "String")]
    pub status: MeasureStatus,
    pub status_at: i64,
    pub renewal_date: Option<String>,
    pub version: i64,
    pub created_at: i64,
}

const ITEM_COLUMNS: &str =
    "r.id, r.incident_id, r.option_id, r.rationale, r.status, r.status_at, r.renewal_date, r.version, r.created_at";

pub async fn plan(conn: &mut AnyConnection, incident_id: i64) -> Result<Vec<PlanItem>> {
    Ok(sqlx::query_as(&format!("SELECT {ITEM_COLUMNS} FROM response_items r WHERE r.incident_id = $1 ORDER BY r.id"))
        .bind(incident_id)
        .fetch_all(conn)
        .await?)
}

pub async fn add(
    tx: &mut Transaction<'_, Any>,
    incident_id: i64,
    option_id: &str,
    rationale: &str,
    renewal_date: Option<&str>,
    by: i64,
    now_ms: i64,
) -> Result<i64> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO response_items (incident_id, option_id, rationale, status, status_at, renewal_date, version, created_by, created_at) \
         VALUES ($1, $2, $3, 'proposed', $4, $5, 1, $6, $4) RETURNING id",
    )
    .bind(incident_id)
    .bind(option_id)
    .bind(rationale)
    .bind(now_ms)
    .bind(renewal_date)
    .bind(by)
    .fetch_one(&mut **tx)
    .await?;
    let detail = serde_json::json!({"option": option_id});
    add_event(tx, incident_id, NewEvent { kind: "measure-proposed", detail, by: Some(by), object_id: None }, now_ms)
        .await?;
    Ok(id)
}

/// Moves a measure of `incident_id` along its lifecycle; the item must belong
/// to that incident and be at `version`.
pub async fn set_status(
    tx: &mut Transaction<'_, Any>,
    incident_id: i64,
    item_id: i64,
    version: i64,
    to: MeasureStatus,
    by: i64,
    now_ms: i64,
) -> Result<MeasureStatus> {
    let row: Option<(String, String)> =
        sqlx::query_as("SELECT status, option_id FROM response_items WHERE id = $1 AND incident_id = $2")
            .bind(item_id)
            .bind(incident_id)
            .fetch_optional(&mut **tx)
            .await?;
    let (from, option_id) = row.ok_or(StoreError::NotFound)?;
    let from: MeasureStatus = crate::vocabulary("status of response item", item_id, &from)?;
    if !measure_transition_allowed(from, to) {
        return Err(StoreError::Refused { field: "status", code: "measure_transition_not_allowed" });
    }
    let n = sqlx::query(
        "UPDATE response_items SET status = $1, status_at = $2, version = version + 1 WHERE id = $3 AND version = $4",
    )
    .bind(to.id())
    .bind(now_ms)
    .bind(item_id)
    .bind(version)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if n == 0 {
        return Err(StoreError::Conflict);
    }
    let detail = serde_json::json!({"option": option_id, "from": from, "to": to});
    add_event(tx, incident_id, NewEvent { kind: "measure-status", detail, by: Some(by), object_id: None }, now_ms)
        .await?;
    Ok(from)
}

#[derive(Debug, Clone, FromRow, serde::Serialize)]
pub struct Renewal {
    pub item_id: i64,
    pub incident_id: i64,
    pub incident_title: String,
    pub option_id: String,
    #[sqlx(try_from = "String")]
    pub status: MeasureStatus,
    pub renewal_date: String,
}

/// Restrictive measures in force whose renewal date is on or before `until`,
/// on incidents the caller may see (filtered in the query).
pub async fn due_for_renewal(conn: &mut AnyConnection, filter: &VisibilityFilter, until: &str) -> Result<Vec<Renewal>> {
    let mut sql = Sql::new(
        "SELECT r.id AS item_id, r.incident_id, i.title AS incident_title, r.option_id, r.status, r.renewal_date \
         FROM response_items r JOIN incidents i ON i.object_id = r.incident_id JOIN objects o ON o.id = i.object_id \
         WHERE r.renewal_date IS NOT NULL AND r.status IN ",
    );
    sql.bind_list([MeasureStatus::Executed, MeasureStatus::UnderReview].map(|s| Arg::Text(s.id().to_string())));
    sql.push(" AND r.renewal_date <= ").bind(Arg::Text(until.to_string())).push(" AND ");
    sql.visible("o", filter);
    sql.push(" ORDER BY r.renewal_date, r.id");
    Ok(sql.query_as().fetch_all(conn).await?)
}

/// Moves the listed measures of `incident_id` that are in one of `from` to
/// `to` (a consultation puts proposed measures in consultation; a signed
/// response decision approves them). Others are left as they are.
pub async fn advance(
    tx: &mut Transaction<'_, Any>,
    incident_id: i64,
    item_ids: &[i64],
    from: &[MeasureStatus],
    to: MeasureStatus,
    by: i64,
    now_ms: i64,
) -> Result<()> {
    for item in item_ids {
        let row: Option<(String, String)> =
            sqlx::query_as("SELECT status, option_id FROM response_items WHERE id = $1 AND incident_id = $2")
                .bind(item)
                .bind(incident_id)
                .fetch_optional(&mut **tx)
                .await?;
        let Some((status, option_id)) = row else { continue };
        let status: MeasureStatus = crate::vocabulary("status of response item", *item, &status)?;
        if !from.contains(&status) {
            continue;
        }
        sqlx::query("UPDATE response_items SET status = $1, status_at = $2, version = version + 1 WHERE id = $3")
            .bind(to.id())
            .bind(now_ms)
            .bind(item)
            .execute(&mut **tx)
            .await?;
        let detail = serde_json::json!({"option": option_id, "from": status, "to": to});
        add_event(tx, incident_id, NewEvent { kind: "measure-status", detail, by: Some(by), object_id: None }, now_ms)
            .await?;
    }
    Ok(())
}

/// A validated custom option (`lead` already an organisation code that exists).
pub async fn create_option(tx: &mut Transaction<'_, Any>, o: &verbinding_domain::response::OptionInput) -> Result<()> {
    let exists: Option<String> = sqlx::query_scalar("SELECT id FROM response_options WHERE id = $1")
        .bind(o.id.trim())
        .fetch_optional(&mut **tx)
        .await?;
    if exists.is_some() {
        return Err(StoreError::Duplicate("id"));
    }
    sqlx::query(
        "INSERT INTO response_options (id, category, name_nl, name_en, legal_basis, lead, approvals, public, reversible, \
         escalation, public_attribution, renewable, lapsed, shipped) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 0, 0)",
    )
    .bind(o.id.trim())
    .bind(&o.category)
    .bind(o.name_nl.trim())
    .bind(o.name_en.trim())
    .bind(o.legal_basis.trim())
    .bind(o.lead.trim())
    .bind(o.approvals.trim())
    .bind(i64::from(o.public))
    .bind(i64::from(o.reversible))
    .bind(o.escalation.unwrap_or(10))
    .bind(i64::from(o.public_attribution))
    .bind(i64::from(o.renewable))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Lapses an option (no longer chosen for new plans) or brings it back.
/// Plans that already hold it keep it.
pub async fn set_lapsed(tx: &mut Transaction<'_, Any>, id: &str, lapsed: bool) -> Result<()> {
    let n = sqlx::query("UPDATE response_options SET lapsed = $1 WHERE id = $2")
        .bind(i64::from(lapsed))
        .bind(id)
        .execute(&mut **tx)
        .await?
        .rows_affected();
    if n == 0 { Err(StoreError::NotFound) } else { Ok(()) }
}
