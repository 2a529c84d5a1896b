//! Indicators of the result chain's nodes, their targets (every revision
//! kept), series breaks and measurements (four eyes). None is an object of
//! its own: each is seen exactly when its node is, so every read joins the
//! node's `objects` row through the visibility predicate.

use crate::sql::{Arg, Sql};
use crate::{Result, StoreError};
use sqlx::{Any, AnyConnection, FromRow, Transaction};
use verbinding_domain::access::VisibilityFilter;
use verbinding_domain::strategy::{
    Direction, Frequency, MeasureType, MeasurementStatus, TargetStatus, ValidIndicator, ValidMeasurement, ValidTarget,
};

#[derive(Debug, Clone, FromRow, serde::Serialize)]
pub struct Indicator {
    pub id: i64,
    pub objective_id: i64,
    pub name: String,
    pub definition: String,
    pub unit: String,
    pub verification: String,
    pub data_source: String,
    #[sqlx(try_from = "String")]
    pub frequency: Frequency,
    pub responsible_org_id: i64,
    pub responsible_org_code: String,
    #[sqlx(try_from = "String")]
    pub direction: Direction,
    #[sqlx(try_from = "String")]
    pub measure_type: MeasureType,
    /// The stored JSON array; [`Indicator::scale`] reads it.
    #[serde(skip)]
    pub scale_json: String,
    pub baseline_period: String,
    pub baseline_value: f64,
    pub baseline_evidence: String,
    #[serde(serialize_with = "crate::as_bool")]
    pub example: i64,
    /// The latest approved measurement (its period and value), if any.
    pub latest_period: Option<String>,
    pub latest_value: Option<f64>,
    pub version: i64,
    pub created_at: i64,
    pub updated_at: i64,
    /// The node's classification and TLP: reads above Ongerubriceerd are
    /// audited on the node, and its page carries the node's marking.
    pub classification: String,
    pub tlp: String,
}

impl Indicator {
    /// The names of its scale, lowest first (empty for numbers).
    pub fn scale(&self) -> Result<Vec<String>> {
        crate::decode("indicator scale", self.id, &self.scale_json)
    }
}

const INDICATOR_SELECT: &str = "SELECT i.id, i.objective_id, i.name, i.definition, i.unit, i.verification, \
    i.data_source, i.frequency, i.responsible_org_id, ro.code AS responsible_org_code, i.direction, i.measure_type, \
    i.scale AS scale_json, i.baseline_period, i.baseline_value, i.baseline_evidence, i.example, i.latest_period, i.latest_value, i.version, \
    i.created_at, i.updated_at, o.classification, o.tlp FROM indicators i JOIN objects o ON o.id = i.objective_id \
    JOIN organisations ro ON ro.id = i.responsible_org_id";

pub async fn create(
    tx: &mut Transaction<'_, Any>,
    objective_id: i64,
    v: &ValidIndicator,
    by: i64,
    now: i64,
) -> Result<i64> {
    let responsible = crate::objects::resolve_org(tx, &v.responsible_org, "responsible_org").await?;
    let scale = serde_json::Value::from(v.scale.clone()).to_string();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO indicators (objective_id, name, definition, unit, verification, data_source, frequency, \
         responsible_org_id, direction, measure_type, scale, baseline_period, baseline_value, baseline_evidence, example, \
         version, created_by, created_at, updated_at, updated_by) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, 1, $16, $17, $17, $16) RETURNING id",
    )
    .bind(objective_id)
    .bind(&v.name)
    .bind(&v.definition)
    .bind(&v.unit)
    .bind(&v.verification)
    .bind(&v.data_source)
    .bind(v.frequency.id())
    .bind(responsible)
    .bind(v.direction.id())
    .bind(v.measure_type.id())
    .bind(scale)
    .bind(v.baseline_period.id())
    .bind(v.baseline_value)
    .bind(&v.baseline_evidence)
    .bind(i64::from(v.example))
    .bind(by)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    Ok(id)
}

/// One indicator if the viewer may see its node; otherwise `NotFound`.
pub async fn get_visible(conn: &mut AnyConnection, filter: &VisibilityFilter, id: i64) -> Result<Indicator> {
    let mut sql = Sql::new(INDICATOR_SELECT);
    sql.push(" WHERE i.id = ").bind_int(id).push(" AND ");
    sql.visible("o", filter);
    sql.query_as().fetch_optional(conn).await?.ok_or(StoreError::NotFound)
}

/// The visible indicators of a strategy's nodes (or of one node).
pub async fn list_visible(
    conn: &mut AnyConnection,
    filter: &VisibilityFilter,
    strategy_id: i64,
    objective_id: Option<i64>,
) -> Result<Vec<Indicator>> {
    let mut sql = Sql::new(INDICATOR_SELECT);
    sql.push(" JOIN objectives n ON n.object_id = i.objective_id WHERE n.strategy_id = ").bind_int(strategy_id);
    if let Some(o) = objective_id {
        sql.push(" AND i.objective_id = ").bind_int(o);
    }
    sql.push(" AND ");
    sql.visible("o", filter);
    sql.push(" ORDER BY i.id");
    Ok(sql.query_as().fetch_all(conn).await?)
}

/// Every indicator of a strategy, unfiltered: for a computation shared by
/// all viewers, each of whom then keeps only the nodes they may see.
pub async fn list_in_strategy(conn: &mut AnyConnection, strategy_id: i64) -> Result<Vec<Indicator>> {
    let mut sql = Sql::new(INDICATOR_SELECT);
    sql.push(" JOIN objectives n ON n.object_id = i.objective_id WHERE n.strategy_id = ").bind_int(strategy_id);
    sql.push(" ORDER BY i.id");
    Ok(sql.query_as().fetch_all(conn).await?)
}

#[derive(Debug, Clone, FromRow, serde::Serialize)]
pub struct Target {
    pub id: i64,
    pub indicator_id: i64,
    pub period: String,
    pub value: f64,
    pub reason: String,
    #[sqlx(try_from = "String")]
    pub status: TargetStatus,
    pub proposed_by: i64,
    pub proposed_by_name: String,
    pub proposed_at: i64,
    pub decided_by_name: Option<String>,
    pub decided_at: Option<i64>,
    pub decision_note: String,
}

const TARGET_SELECT: &str = "SELECT t.id, t.indicator_id, t.period, t.value, t.reason, t.status, t.proposed_by, \
    p.name AS proposed_by_name, t.proposed_at, d.name AS decided_by_name, t.decided_at, t.decision_note \
    FROM indicator_targets t JOIN users p ON p.id = t.proposed_by LEFT JOIN users d ON d.id = t.decided_by";

fn in_list(sql: &mut Sql, column: &str, ids: &[i64]) {
    sql.push(&format!(" WHERE {column} IN "));
    sql.bind_list(ids.iter().map(|i| Arg::Int(*i)));
}

/// Every target row of these indicators, each period's revisions in order.
pub async fn targets(conn: &mut AnyConnection, indicator_ids: &[i64]) -> Result<Vec<Target>> {
    let mut sql = Sql::new(TARGET_SELECT);
    in_list(&mut sql, "t.indicator_id", indicator_ids);
    sql.push(" ORDER BY t.indicator_id, t.period_key, t.id");
    Ok(sql.query_as().fetch_all(conn).await?)
}

/// The approved targets of these indicators (indicator, period, value), each
/// period's revisions in the order they were decided: the last one counts.
pub async fn approved_targets(conn: &mut AnyConnection, indicator_ids: &[i64]) -> Result<Vec<(i64, String, f64)>> {
    let mut sql = Sql::new("SELECT t.indicator_id, t.period, t.value FROM indicator_targets t");
    in_list(&mut sql, "t.indicator_id", indicator_ids);
    sql.push(" AND t.status = 'approved' ORDER BY t.indicator_id, t.period_key, t.decided_at, t.id");
    Ok(sql.query_as().fetch_all(conn).await?)
}

/// The approved targets of every indicator of a strategy (unfiltered, as
/// [`list_in_strategy`]), in the order [`approved_targets`] gives them.
pub async fn approved_targets_in_strategy(
    conn: &mut AnyConnection,
    strategy_id: i64,
) -> Result<Vec<(i64, String, f64)>> {
    Ok(sqlx::query_as(
        "SELECT t.indicator_id, t.period, t.value FROM indicator_targets t \
         JOIN indicators i ON i.id = t.indicator_id JOIN objectives n ON n.object_id = i.objective_id \
         WHERE n.strategy_id = $1 AND t.status = 'approved' \
         ORDER BY t.indicator_id, t.period_key, t.decided_at, t.id",
    )
    .bind(strategy_id)
    .fetch_all(conn)
    .await?)
}

pub async fn target(conn: &mut AnyConnection, target_id: i64) -> Result<Target> {
    let mut sql = Sql::new(TARGET_SELECT);
    sql.push(" WHERE t.id = ").bind_int(target_id);
    sql.query_as().fetch_optional(conn).await?.ok_or(StoreError::NotFound)
}

pub async fn propose_target(
    tx: &mut Transaction<'_, Any>,
    indicator_id: i64,
    t: &ValidTarget,
    by: i64,
    now: i64,
) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO indicator_targets (indicator_id, period, period_key, value, reason, status, proposed_by, proposed_at) \
         VALUES ($1, $2, $3, $4, $5, 'proposed', $6, $7) RETURNING id",
    )
    .bind(indicator_id)
    .bind(t.period.id())
    .bind(t.period.sort_key())
    .bind(t.value)
    .bind(&t.reason)
    .bind(by)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?)
}

/// Approves or rejects a proposed target; one decided already is refused.
pub async fn decide_target(
    tx: &mut Transaction<'_, Any>,
    target_id: i64,
    approve: bool,
    note: &str,
    by: i64,
    now: i64,
) -> Result<()> {
    let n = sqlx::query(
        "UPDATE indicator_targets SET status = $1, decision_note = $2, decided_by = $3, decided_at = $4 \
         WHERE id = $5 AND status = 'proposed'",
    )
    .bind(if approve { "approved" } else { "rejected" })
    .bind(note)
    .bind(by)
    .bind(now)
    .bind(target_id)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if n == 0 { Err(StoreError::Refused { field: "target", code: "target_decided" }) } else { Ok(()) }
}

#[derive(Debug, Clone, FromRow, serde::Serialize)]
pub struct SeriesBreak {
    pub id: i64,
    pub indicator_id: i64,
    pub period: String,
    pub note: String,
    pub recorded_by_name: String,
    pub recorded_at: i64,
}

pub async fn series_breaks(conn: &mut AnyConnection, indicator_ids: &[i64]) -> Result<Vec<SeriesBreak>> {
    let mut sql = Sql::new(
        "SELECT b.id, b.indicator_id, b.period, b.note, u.name AS recorded_by_name, b.recorded_at \
         FROM series_breaks b JOIN users u ON u.id = b.recorded_by",
    );
    in_list(&mut sql, "b.indicator_id", indicator_ids);
    sql.push(" ORDER BY b.indicator_id, b.id");
    Ok(sql.query_as().fetch_all(conn).await?)
}

pub async fn add_series_break(
    tx: &mut Transaction<'_, Any>,
    indicator_id: i64,
    period: &str,
    note: &str,
    by: i64,
    now: i64,
) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO series_breaks (indicator_id, period, note, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(indicator_id)
    .bind(period)
    .bind(note)
    .bind(by)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?)
}

#[derive(Debug, Clone, FromRow, serde::Serialize)]
pub struct Measurement {
    pub id: i64,
    pub indicator_id: i64,
    pub period: String,
    pub value: f64,
    pub narrative: String,
    pub evidence: String,
    pub external_edition: Option<String>,
    pub external_retrieved: Option<String>,
    pub external_citation: Option<String>,
    #[serde(serialize_with = "crate::as_bool")]
    pub no_redistribution: i64,
    #[sqlx(try_from = "String")]
    pub status: MeasurementStatus,
    pub submitted_by: i64,
    pub submitted_by_name: String,
    pub submitted_at: i64,
    pub reviewed_by_name: Option<String>,
    pub reviewed_at: Option<i64>,
    pub review_reason: String,
}

const MEASUREMENT_SELECT: &str = "SELECT m.id, m.indicator_id, m.period, m.value, m.narrative, m.evidence, \
    m.external_edition, m.external_retrieved, m.external_citation, m.no_redistribution, m.status, m.submitted_by, \
    s.name AS submitted_by_name, m.submitted_at, r.name AS reviewed_by_name, m.reviewed_at, m.review_reason \
    FROM measurements m JOIN users s ON s.id = m.submitted_by LEFT JOIN users r ON r.id = m.reviewed_by";

/// Every measurement of these indicators, in period order.
pub async fn measurements(conn: &mut AnyConnection, indicator_ids: &[i64]) -> Result<Vec<Measurement>> {
    let mut sql = Sql::new(MEASUREMENT_SELECT);
    in_list(&mut sql, "m.indicator_id", indicator_ids);
    sql.push(" ORDER BY m.indicator_id, m.period_key, m.id");
    Ok(sql.query_as().fetch_all(conn).await?)
}

pub async fn measurement(conn: &mut AnyConnection, id: i64) -> Result<Measurement> {
    let mut sql = Sql::new(MEASUREMENT_SELECT);
    sql.push(" WHERE m.id = ").bind_int(id);
    sql.query_as().fetch_optional(conn).await?.ok_or(StoreError::NotFound)
}

/// How many measurements wait for review, per indicator.
pub async fn waiting_counts(conn: &mut AnyConnection, indicator_ids: &[i64]) -> Result<Vec<(i64, i64)>> {
    let mut sql = Sql::new("SELECT m.indicator_id, COUNT(*) FROM measurements m");
    in_list(&mut sql, "m.indicator_id", indicator_ids);
    sql.push(" AND m.status = 'submitted' GROUP BY m.indicator_id");
    Ok(sql.query_as().fetch_all(conn).await?)
}

/// Measurements waiting for review per indicator, over a whole strategy.
pub async fn waiting_in_strategy(conn: &mut AnyConnection, strategy_id: i64) -> Result<Vec<(i64, i64)>> {
    Ok(sqlx::query_as(
        "SELECT m.indicator_id, COUNT(*) FROM measurements m JOIN indicators i ON i.id = m.indicator_id \
         JOIN objectives n ON n.object_id = i.objective_id \
         WHERE n.strategy_id = $1 AND m.status = 'submitted' GROUP BY m.indicator_id",
    )
    .bind(strategy_id)
    .fetch_all(conn)
    .await?)
}

pub async fn submit(
    tx: &mut Transaction<'_, Any>,
    indicator_id: i64,
    m: &ValidMeasurement,
    by: i64,
    now: i64,
) -> Result<i64> {
    let waiting: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM measurements WHERE indicator_id = $1 AND period = $2 AND status = 'submitted'",
    )
    .bind(indicator_id)
    .bind(m.period.id())
    .fetch_one(&mut **tx)
    .await?;
    if waiting > 0 {
        return Err(StoreError::Refused { field: "period", code: "measurement_waiting" });
    }
    let ext = m.external.as_ref();
    Ok(sqlx::query_scalar(
        "INSERT INTO measurements (indicator_id, period, period_key, value, narrative, evidence, external_edition, \
         external_retrieved, external_citation, no_redistribution, status, submitted_by, submitted_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'submitted', $11, $12) RETURNING id",
    )
    .bind(indicator_id)
    .bind(m.period.id())
    .bind(m.period.sort_key())
    .bind(m.value)
    .bind(&m.narrative)
    .bind(&m.evidence)
    .bind(ext.map(|e| e.edition.clone()))
    .bind(ext.map(|e| e.retrieved.clone()))
    .bind(ext.map(|e| e.citation.clone()))
    .bind(i64::from(ext.is_some_and(|e| e.no_redistribution)))
    .bind(by)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?)
}

/// Approves or returns a submitted measurement; a reviewed one is refused.
pub async fn review(
    tx: &mut Transaction<'_, Any>,
    id: i64,
    approve: bool,
    reason: &str,
    by: i64,
    now: i64,
) -> Result<()> {
    let n = sqlx::query(
        "UPDATE measurements SET status = $1, review_reason = $2, reviewed_by = $3, reviewed_at = $4 \
         WHERE id = $5 AND status = 'submitted'",
    )
    .bind(if approve { "approved" } else { "returned" })
    .bind(reason)
    .bind(by)
    .bind(now)
    .bind(id)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if n == 0 {
        return Err(StoreError::Refused { field: "measurement", code: "measurement_reviewed" });
    }
    if approve {
        // The indicator keeps its latest approved value; a later correction
        // of the same period replaces it.
        sqlx::query(
            "UPDATE indicators SET latest_period = m.period, latest_period_key = m.period_key, latest_value = m.value \
             FROM (SELECT indicator_id, period, period_key, value FROM measurements WHERE id = $1) m \
             WHERE indicators.id = m.indicator_id \
             AND (indicators.latest_period_key IS NULL OR indicators.latest_period_key <= m.period_key)",
        )
        .bind(id)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}
