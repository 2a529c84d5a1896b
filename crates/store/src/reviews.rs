//! Reviews of a strategy (issue 15, P10): marked objects read through the
//! visibility predicate in the query; their frozen inputs, decisions and
//! actions belong to them and are seen with them.

use crate::sql::Sql;
use crate::{Result, StoreError, objects};
use sqlx::{Any, AnyConnection, FromRow, Transaction};
use verbinding_domain::access::VisibilityFilter;
use verbinding_domain::strategy::review::{ValidAction, ValidDecisionNote, ValidReview};

#[derive(Debug, Clone, FromRow, serde::Serialize)]
pub struct Review {
    pub id: i64,
    pub strategy_id: i64,
    pub cadence: String,
    pub period: String,
    pub held_on: String,
    pub participants: String,
    pub lessons: String,
    /// The inputs as they stood when the review was recorded (JSON).
    #[serde(skip)]
    pub snapshot: String,
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

const REVIEW_SELECT: &str = "SELECT o.id, r.strategy_id, r.cadence, r.period, r.held_on, r.participants, r.lessons, \
    r.snapshot, o.classification, o.tlp, o.open_to_all, r.lead_org_id, lo.code AS lead_org_code, o.owner_org_id, \
    ow.code AS owner_org_code, r.version, o.created_at, r.updated_at FROM reviews r JOIN objects o ON o.id = r.object_id \
    JOIN organisations lo ON lo.id = r.lead_org_id LEFT JOIN organisations ow ON ow.id = o.owner_org_id";

pub async fn create_review(
    tx: &mut Transaction<'_, Any>,
    strategy_id: i64,
    r: &ValidReview,
    snapshot: &str,
    by: i64,
    now: i64,
) -> Result<i64> {
    let lead = objects::resolve_org(tx, &r.lead_org, "lead_org").await?;
    let id = objects::create(tx, "review", &r.marking, by, now).await?;
    sqlx::query(
        "INSERT INTO reviews (object_id, strategy_id, lead_org_id, cadence, period, period_key, held_on, participants, \
         lessons, snapshot, version, updated_at, updated_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 1, $11, $12)",
    )
    .bind(id)
    .bind(strategy_id)
    .bind(lead)
    .bind(r.cadence.id())
    .bind(r.period.id())
    .bind(r.period.sort_key())
    .bind(&r.held_on)
    .bind(&r.participants)
    .bind(&r.lessons)
    .bind(snapshot)
    .bind(now)
    .bind(by)
    .execute(&mut **tx)
    .await?;
    Ok(id)
}

/// An edit changes when it was held, who took part, the lessons, the lead
/// and the marking; what it looked back on and what it saw stay.
pub async fn update_review(tx: &mut Transaction<'_, Any>, edit: &objects::Edit, r: &ValidReview) -> Result<()> {
    let lead = objects::resolve_org(tx, &r.lead_org, "lead_org").await?;
    let fixed: Option<(String, String)> = sqlx::query_as("SELECT cadence, period FROM reviews WHERE object_id = $1")
        .bind(edit.id)
        .fetch_optional(&mut **tx)
        .await?;
    if fixed.as_ref().is_some_and(|(c, p)| c != r.cadence.id() || *p != r.period.id()) {
        return Err(StoreError::Refused { field: "period", code: "review_period_fixed" });
    }
    let query = sqlx::query(
        "UPDATE reviews SET held_on = $1, participants = $2, lessons = $3, lead_org_id = $4, version = version + 1, \
         updated_at = $5, updated_by = $6 WHERE object_id = $7 AND version = $8",
    )
    .bind(&r.held_on)
    .bind(&r.participants)
    .bind(&r.lessons)
    .bind(lead);
    objects::update_versioned(tx, query, edit).await?;
    objects::remark(tx, edit.id, &r.marking).await
}

/// The strategy a review is of.
pub async fn strategy_of(conn: &mut AnyConnection, review: i64) -> Result<i64> {
    sqlx::query_scalar("SELECT strategy_id FROM reviews WHERE object_id = $1")
        .bind(review)
        .fetch_optional(conn)
        .await?
        .ok_or(StoreError::NotFound)
}

pub async fn get_review_visible(conn: &mut AnyConnection, filter: &VisibilityFilter, id: i64) -> Result<Review> {
    let mut sql = Sql::new(REVIEW_SELECT);
    sql.push(" WHERE o.id = ").bind_int(id).push(" AND ");
    sql.visible("o", filter);
    let mut r: Review = sql.query_as().fetch_optional(&mut *conn).await?.ok_or(StoreError::NotFound)?;
    (r.need_to_know, r.need_to_know_users) = objects::need_to_know(conn, r.id).await?;
    Ok(r)
}

/// The visible reviews of a strategy, the latest period first.
pub async fn reviews_visible(
    conn: &mut AnyConnection,
    filter: &VisibilityFilter,
    strategy_id: i64,
) -> Result<Vec<Review>> {
    let mut sql = Sql::new(REVIEW_SELECT);
    sql.push(" WHERE r.strategy_id = ").bind_int(strategy_id).push(" AND ");
    sql.visible("o", filter);
    sql.push(" ORDER BY r.period_key DESC, o.id DESC");
    Ok(sql.query_as().fetch_all(conn).await?)
}

#[derive(Debug, Clone, FromRow, serde::Serialize)]
pub struct DecisionNote {
    pub id: i64,
    pub review_id: i64,
    pub text: String,
    pub changed_kind: Option<String>,
    pub changed_id: Option<i64>,
    pub recorded_by_name: String,
    pub recorded_at: i64,
}

pub async fn add_decision(
    tx: &mut Transaction<'_, Any>,
    review: i64,
    d: &ValidDecisionNote,
    by: i64,
    now: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO review_decisions (review_id, text, changed_kind, changed_id, recorded_by, recorded_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(review)
    .bind(&d.text)
    .bind(d.changed.map(|(k, _)| k.id()))
    .bind(d.changed.map(|(_, id)| id))
    .bind(by)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn decisions(conn: &mut AnyConnection, review: i64) -> Result<Vec<DecisionNote>> {
    Ok(sqlx::query_as(
        "SELECT d.id, d.review_id, d.text, d.changed_kind, d.changed_id, u.name AS recorded_by_name, d.recorded_at \
         FROM review_decisions d JOIN users u ON u.id = d.recorded_by WHERE d.review_id = $1 ORDER BY d.id",
    )
    .bind(review)
    .fetch_all(conn)
    .await?)
}

#[derive(Debug, Clone, FromRow, serde::Serialize)]
pub struct Action {
    pub id: i64,
    pub review_id: i64,
    pub text: String,
    pub owner_org_code: String,
    pub due: String,
    pub done_at: Option<i64>,
    pub done_by_name: Option<String>,
    pub recorded_by_name: String,
    pub recorded_at: i64,
}

pub async fn add_action(tx: &mut Transaction<'_, Any>, review: i64, a: &ValidAction, by: i64, now: i64) -> Result<()> {
    let owner = objects::resolve_org(tx, &a.owner_org, "owner_org").await?;
    sqlx::query(
        "INSERT INTO review_actions (review_id, text, owner_org_id, due, recorded_by, recorded_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(review)
    .bind(&a.text)
    .bind(owner)
    .bind(&a.due)
    .bind(by)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn actions(conn: &mut AnyConnection, review: i64) -> Result<Vec<Action>> {
    Ok(sqlx::query_as(
        "SELECT a.id, a.review_id, a.text, org.code AS owner_org_code, a.due, a.done_at, d.name AS done_by_name, \
         u.name AS recorded_by_name, a.recorded_at FROM review_actions a JOIN organisations org ON org.id = a.owner_org_id \
         JOIN users u ON u.id = a.recorded_by LEFT JOIN users d ON d.id = a.done_by WHERE a.review_id = $1 ORDER BY a.due, a.id",
    )
    .bind(review)
    .fetch_all(conn)
    .await?)
}

/// Marks an open action of this review done; an action already done, or
/// not of this review, is refused.
pub async fn complete_action(tx: &mut Transaction<'_, Any>, review: i64, action: i64, by: i64, now: i64) -> Result<()> {
    let done = sqlx::query(
        "UPDATE review_actions SET done_at = $1, done_by = $2 WHERE id = $3 AND review_id = $4 AND done_at IS NULL",
    )
    .bind(now)
    .bind(by)
    .bind(action)
    .bind(review)
    .execute(&mut **tx)
    .await?;
    if done.rows_affected() == 1 {
        Ok(())
    } else {
        Err(StoreError::Refused { field: "action", code: "action_unknown" })
    }
}
