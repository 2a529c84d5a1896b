//! Future scenarios of a strategy, their stances and signposts, and the
//! review items a crossed signpost raises (issue 15). A scenario is a
//! marked object read through the visibility predicate; its stances,
//! signposts and items are seen with it.

use crate::sql::Sql;
use crate::{Result, StoreError, objects};
use sqlx::{Any, AnyConnection, FromRow, Transaction};
use verbinding_domain::access::VisibilityFilter;
use verbinding_domain::strategy::foresight::{Stance, ValidScenario, ValidSignpost};

#[derive(Debug, Clone, FromRow, serde::Serialize)]
pub struct Scenario {
    pub id: i64,
    pub strategy_id: i64,
    pub title: String,
    pub theme: String,
    pub narrative: String,
    pub classification: String,
    pub tlp: String,
    #[serde(serialize_with = "crate::as_bool")]
    pub open_to_all: i64,
    pub lead_org_id: i64,
    pub lead_org_code: String,
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
}

const SCENARIO_SELECT: &str = "SELECT o.id, s.strategy_id, s.title, s.theme, s.narrative, o.classification, o.tlp, \
    o.open_to_all, s.lead_org_id, lo.code AS lead_org_code, o.owner_org_id, ow.code AS owner_org_code, s.version, \
    o.created_at, s.updated_at FROM scenarios s JOIN objects o ON o.id = s.object_id \
    JOIN organisations lo ON lo.id = s.lead_org_id LEFT JOIN organisations ow ON ow.id = o.owner_org_id";

pub async fn create_scenario(
    tx: &mut Transaction<'_, Any>,
    strategy_id: i64,
    s: &ValidScenario,
    by: i64,
    now: i64,
) -> Result<i64> {
    let lead = objects::resolve_org(tx, &s.lead_org, "lead_org").await?;
    let id = objects::create(tx, "scenario", &s.marking, by, now).await?;
    sqlx::query(
        "INSERT INTO scenarios (object_id, strategy_id, lead_org_id, title, theme, narrative, version, updated_at, \
         updated_by) VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $8)",
    )
    .bind(id)
    .bind(strategy_id)
    .bind(lead)
    .bind(&s.title)
    .bind(s.theme.id())
    .bind(&s.narrative)
    .bind(now)
    .bind(by)
    .execute(&mut **tx)
    .await?;
    Ok(id)
}

pub async fn update_scenario(tx: &mut Transaction<'_, Any>, edit: &objects::Edit, s: &ValidScenario) -> Result<()> {
    let lead = objects::resolve_org(tx, &s.lead_org, "lead_org").await?;
    let query = sqlx::query(
        "UPDATE scenarios SET title = $1, theme = $2, narrative = $3, lead_org_id = $4, version = version + 1, \
         updated_at = $5, updated_by = $6 WHERE object_id = $7 AND version = $8",
    )
    .bind(&s.title)
    .bind(s.theme.id())
    .bind(&s.narrative)
    .bind(lead);
    objects::update_versioned(tx, query, edit).await?;
    objects::remark(tx, edit.id, &s.marking).await
}

/// The strategy a scenario is of.
pub async fn strategy_of(conn: &mut AnyConnection, scenario: i64) -> Result<i64> {
    sqlx::query_scalar("SELECT strategy_id FROM scenarios WHERE object_id = $1")
        .bind(scenario)
        .fetch_optional(conn)
        .await?
        .ok_or(StoreError::NotFound)
}

/// The parts whose indicators a scenario's signposts watch.
pub async fn watched_objectives(conn: &mut AnyConnection, scenario: i64) -> Result<Vec<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT DISTINCT i.objective_id FROM signposts p JOIN indicators i ON i.id = p.indicator_id \
         WHERE p.scenario_id = $1",
    )
    .bind(scenario)
    .fetch_all(conn)
    .await?)
}

/// The scenarios whose signposts watch an indicator of this part.
pub async fn scenarios_watching(conn: &mut AnyConnection, objective: i64) -> Result<Vec<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT DISTINCT p.scenario_id FROM signposts p JOIN indicators i ON i.id = p.indicator_id \
         WHERE i.objective_id = $1",
    )
    .bind(objective)
    .fetch_all(conn)
    .await?)
}

pub async fn get_scenario_visible(conn: &mut AnyConnection, filter: &VisibilityFilter, id: i64) -> Result<Scenario> {
    let mut sql = Sql::new(SCENARIO_SELECT);
    sql.push(" WHERE o.id = ").bind_int(id).push(" AND ");
    sql.visible("o", filter);
    let mut s: Scenario = sql.query_as().fetch_optional(&mut *conn).await?.ok_or(StoreError::NotFound)?;
    (s.need_to_know, s.need_to_know_users) = objects::need_to_know(conn, s.id).await?;
    Ok(s)
}

pub async fn scenarios_visible(
    conn: &mut AnyConnection,
    filter: &VisibilityFilter,
    strategy_id: i64,
) -> Result<Vec<Scenario>> {
    let mut sql = Sql::new(SCENARIO_SELECT);
    sql.push(" WHERE s.strategy_id = ").bind_int(strategy_id).push(" AND ");
    sql.visible("o", filter);
    sql.push(" ORDER BY o.id");
    Ok(sql.query_as().fetch_all(conn).await?)
}

/// Sets (or replaces) how a part stands in a scenario.
pub async fn set_stance(
    tx: &mut Transaction<'_, Any>,
    scenario: i64,
    objective: i64,
    stance: Stance,
    by: i64,
    now: i64,
) -> Result<()> {
    sqlx::query("DELETE FROM scenario_stances WHERE scenario_id = $1 AND objective_id = $2")
        .bind(scenario)
        .bind(objective)
        .execute(&mut **tx)
        .await?;
    sqlx::query(
        "INSERT INTO scenario_stances (scenario_id, objective_id, stance, set_by, set_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(scenario)
    .bind(objective)
    .bind(stance.id())
    .bind(by)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The stances of a scenario as (objective, stance).
pub async fn stances(conn: &mut AnyConnection, scenario: i64) -> Result<Vec<(i64, String)>> {
    Ok(sqlx::query_as("SELECT objective_id, stance FROM scenario_stances WHERE scenario_id = $1 ORDER BY objective_id")
        .bind(scenario)
        .fetch_all(conn)
        .await?)
}

#[derive(Debug, Clone, FromRow, serde::Serialize)]
pub struct Signpost {
    pub id: i64,
    pub scenario_id: i64,
    pub indicator_id: i64,
    pub indicator_name: String,
    pub name: String,
    pub threshold: f64,
    pub crossing: String,
    pub crossed_at: Option<i64>,
    pub crossed_value: Option<f64>,
    pub crossed_period: Option<String>,
    /// When it last re-armed (its value back on the safe side), and that value.
    pub rearmed_at: Option<i64>,
    pub rearmed_value: Option<f64>,
    pub rearmed_period: Option<String>,
}

const SIGNPOST_SELECT: &str = "SELECT p.id, p.scenario_id, p.indicator_id, i.name AS indicator_name, p.name, \
    p.threshold, p.crossing, p.crossed_at, p.crossed_value, p.crossed_period, p.rearmed_at, p.rearmed_value, \
    p.rearmed_period FROM signposts p JOIN indicators i ON i.id = p.indicator_id";

pub async fn add_signpost(
    tx: &mut Transaction<'_, Any>,
    scenario: i64,
    s: &ValidSignpost,
    by: i64,
    now: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO signposts (scenario_id, indicator_id, name, threshold, crossing, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(scenario)
    .bind(s.indicator)
    .bind(&s.name)
    .bind(s.threshold)
    .bind(s.crossing.id())
    .bind(by)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn signposts(conn: &mut AnyConnection, scenario: i64) -> Result<Vec<Signpost>> {
    let mut sql = Sql::new(SIGNPOST_SELECT);
    sql.push(" WHERE p.scenario_id = ").bind_int(scenario).push(" ORDER BY p.id");
    Ok(sql.query_as().fetch_all(conn).await?)
}

/// A signpost whose state is due to change, with its indicator's latest
/// approved value: an armed one across its threshold, or a crossed one
/// back on the safe side.
#[derive(Debug, Clone, FromRow)]
pub struct Watching {
    pub id: i64,
    pub scenario_id: i64,
    pub strategy_id: i64,
    pub threshold: f64,
    pub crossing: String,
    /// 1 when it is crossed now (then it is due to re-arm), else 0.
    pub crossed: i64,
    pub latest_period: Option<String>,
    pub latest_value: Option<f64>,
}

/// Every signpost due to cross or to re-arm, whoever may see it: only for
/// the scheduler, which records both as the system. The query only narrows
/// (a value equal to the threshold counts as across, as in the domain's
/// `crossed`); the scheduler decides with the domain rule.
pub async fn due(conn: &mut AnyConnection, limit: i64) -> Result<Vec<Watching>> {
    Ok(sqlx::query_as(
        "SELECT p.id, p.scenario_id, s.strategy_id, p.threshold, p.crossing, \
         CAST(CASE WHEN p.crossed_at IS NULL THEN 0 ELSE 1 END AS BIGINT) AS crossed, i.latest_period, i.latest_value \
         FROM signposts p JOIN scenarios s ON s.object_id = p.scenario_id JOIN indicators i ON i.id = p.indicator_id \
         WHERE i.latest_value IS NOT NULL AND ( \
           (p.crossed_at IS NULL AND ((p.crossing = 'above' AND i.latest_value >= p.threshold) \
                                   OR (p.crossing = 'below' AND i.latest_value <= p.threshold))) \
           OR (p.crossed_at IS NOT NULL AND ((p.crossing = 'above' AND i.latest_value < p.threshold) \
                                          OR (p.crossing = 'below' AND i.latest_value > p.threshold)))) \
         ORDER BY p.id LIMIT $1",
    )
    .bind(limit)
    .fetch_all(conn)
    .await?)
}

/// Re-arms a crossed signpost whose value is back on the safe side; `false`
/// when it was re-armed meanwhile. Its review items stay.
pub async fn record_rearming(
    tx: &mut Transaction<'_, Any>,
    w: &Watching,
    value: f64,
    period: &str,
    now: i64,
) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE signposts SET crossed_at = NULL, crossed_value = NULL, crossed_period = NULL, rearmed_at = $1, \
         rearmed_value = $2, rearmed_period = $3 WHERE id = $4 AND crossed_at IS NOT NULL",
    )
    .bind(now)
    .bind(value)
    .bind(period)
    .bind(w.id)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Records a crossing once and raises its review item; `false` when the
/// signpost was crossed meanwhile (another node's scheduler got there first).
pub async fn record_crossing(
    tx: &mut Transaction<'_, Any>,
    w: &Watching,
    value: f64,
    period: &str,
    now: i64,
) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE signposts SET crossed_at = $1, crossed_value = $2, crossed_period = $3 WHERE id = $4 AND crossed_at IS NULL",
    )
    .bind(now)
    .bind(value)
    .bind(period)
    .bind(w.id)
    .execute(&mut **tx)
    .await?;
    if done.rows_affected() != 1 {
        return Ok(false);
    }
    sqlx::query(
        "INSERT INTO review_items (signpost_id, scenario_id, strategy_id, value, period, raised_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(w.id)
    .bind(w.scenario_id)
    .bind(w.strategy_id)
    .bind(value)
    .bind(period)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(true)
}

#[derive(Debug, Clone, FromRow, serde::Serialize, serde::Deserialize)]
pub struct ReviewItem {
    pub id: i64,
    pub signpost_id: i64,
    pub signpost_name: String,
    pub scenario_id: i64,
    pub scenario_title: String,
    pub strategy_id: i64,
    pub value: f64,
    pub period: String,
    pub threshold: f64,
    pub crossing: String,
    pub raised_at: i64,
    pub taken_into_review: Option<i64>,
}

/// The review items of a strategy raised on scenarios the viewer may see
/// (open ones only, or all).
pub async fn review_items_visible(
    conn: &mut AnyConnection,
    filter: &VisibilityFilter,
    strategy_id: Option<i64>,
    open_only: bool,
) -> Result<Vec<ReviewItem>> {
    let mut sql = Sql::new(
        "SELECT r.id, r.signpost_id, p.name AS signpost_name, r.scenario_id, s.title AS scenario_title, r.strategy_id, \
         r.value, r.period, p.threshold, p.crossing, r.raised_at, r.taken_into_review FROM review_items r \
         JOIN signposts p ON p.id = r.signpost_id JOIN scenarios s ON s.object_id = r.scenario_id \
         JOIN objects o ON o.id = r.scenario_id WHERE ",
    );
    if let Some(s) = strategy_id {
        sql.push("r.strategy_id = ").bind_int(s).push(" AND ");
    }
    if open_only {
        sql.push("r.taken_into_review IS NULL AND ");
    }
    sql.visible("o", filter);
    sql.push(" ORDER BY r.raised_at, r.id");
    Ok(sql.query_as().fetch_all(conn).await?)
}

/// Marks review items as taken into a review.
pub async fn take_into_review(tx: &mut Transaction<'_, Any>, items: &[i64], review: i64) -> Result<()> {
    for i in items {
        sqlx::query("UPDATE review_items SET taken_into_review = $1 WHERE id = $2 AND taken_into_review IS NULL")
            .bind(review)
            .bind(i)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}
