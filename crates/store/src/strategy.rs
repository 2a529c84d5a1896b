//! Strategies and the nodes of their result chains (issue 15): both marked
//! objects, read through the visibility predicate in the query itself.

use crate::sql::Sql;
use crate::{Result, StoreError, objects};
use sqlx::{Any, AnyConnection, FromRow, Transaction};
use std::collections::HashMap;
use verbinding_domain::access::VisibilityFilter;
use verbinding_domain::strategy::{AssumptionStatus, ValidObjective, ValidStrategy};

#[derive(Debug, Clone, FromRow, serde::Serialize)]
pub struct Strategy {
    pub id: i64,
    pub title: String,
    pub summary: String,
    pub start_year: i64,
    pub end_year: i64,
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

const STRATEGY_SELECT: &str = "SELECT o.id, s.title, s.summary, s.start_year, s.end_year, o.classification, o.tlp, \
    o.open_to_all, s.lead_org_id, lo.code AS lead_org_code, o.owner_org_id, ow.code AS owner_org_code, s.version, \
    o.created_at, s.updated_at FROM strategies s JOIN objects o ON o.id = s.object_id \
    JOIN organisations lo ON lo.id = s.lead_org_id LEFT JOIN organisations ow ON ow.id = o.owner_org_id";

pub async fn create_strategy(tx: &mut Transaction<'_, Any>, s: &ValidStrategy, by: i64, now: i64) -> Result<i64> {
    let lead = objects::resolve_org(tx, &s.lead_org, "lead_org").await?;
    let id = objects::create(tx, "strategy", &s.marking, by, now).await?;
    sqlx::query(
        "INSERT INTO strategies (object_id, title, summary, start_year, end_year, lead_org_id, version, updated_at, updated_by) \
         VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $8)",
    )
    .bind(id)
    .bind(&s.title)
    .bind(&s.summary)
    .bind(i64::from(s.start_year))
    .bind(i64::from(s.end_year))
    .bind(lead)
    .bind(now)
    .bind(by)
    .execute(&mut **tx)
    .await?;
    Ok(id)
}

pub async fn update_strategy(tx: &mut Transaction<'_, Any>, edit: &objects::Edit, s: &ValidStrategy) -> Result<()> {
    let lead = objects::resolve_org(tx, &s.lead_org, "lead_org").await?;
    let query = sqlx::query(
        "UPDATE strategies SET title = $1, summary = $2, start_year = $3, end_year = $4, lead_org_id = $5, \
         version = version + 1, updated_at = $6, updated_by = $7 WHERE object_id = $8 AND version = $9",
    )
    .bind(&s.title)
    .bind(&s.summary)
    .bind(i64::from(s.start_year))
    .bind(i64::from(s.end_year))
    .bind(lead);
    objects::update_versioned(tx, query, edit).await?;
    objects::remark(tx, edit.id, &s.marking).await
}

pub async fn get_strategy_visible(conn: &mut AnyConnection, filter: &VisibilityFilter, id: i64) -> Result<Strategy> {
    let mut sql = Sql::new(STRATEGY_SELECT);
    sql.push(" WHERE o.id = ").bind_int(id).push(" AND ");
    sql.visible("o", filter);
    let mut s: Strategy = sql.query_as().fetch_optional(&mut *conn).await?.ok_or(StoreError::NotFound)?;
    (s.need_to_know, s.need_to_know_users) = objects::need_to_know(conn, s.id).await?;
    Ok(s)
}

/// The visible strategies, the latest period first.
pub async fn list_strategies_visible(conn: &mut AnyConnection, filter: &VisibilityFilter) -> Result<Vec<Strategy>> {
    let mut sql = Sql::new(STRATEGY_SELECT);
    sql.push(" WHERE ");
    sql.visible("o", filter);
    sql.push(" ORDER BY s.end_year DESC, o.id DESC");
    Ok(sql.query_as().fetch_all(conn).await?)
}

/// The id of the strategy with exactly this title, whoever may see it: only
/// for loading the demo idempotently.
pub async fn strategy_id_by_title(conn: &mut AnyConnection, title: &str) -> Result<Option<i64>> {
    Ok(sqlx::query_scalar("SELECT object_id FROM strategies WHERE title = $1").bind(title).fetch_optional(conn).await?)
}

#[derive(Debug, Clone, FromRow, serde::Serialize)]
pub struct Objective {
    pub id: i64,
    pub strategy_id: i64,
    pub parent_id: Option<i64>,
    pub level: String,
    pub title: String,
    pub summary: String,
    pub horizon: String,
    pub classification: String,
    pub tlp: String,
    #[serde(serialize_with = "crate::as_bool")]
    pub open_to_all: i64,
    pub lead_org_id: i64,
    pub lead_org_code: String,
    #[serde(skip)]
    pub owner_org_id: Option<i64>,
    pub owner_org_code: Option<String>,
    pub assumption: String,
    pub risk: String,
    pub version: i64,
    pub created_at: i64,
    pub updated_at: i64,
    /// Codes of the contributing organisations.
    #[sqlx(skip)]
    pub contributors: Vec<String>,
    #[sqlx(skip)]
    pub need_to_know: Vec<String>,
    #[sqlx(skip)]
    pub need_to_know_users: Vec<String>,
    /// The latest judgement on the assumption, if any.
    #[sqlx(skip)]
    pub judgement: Option<Judgement>,
}

const OBJECTIVE_SELECT: &str = "SELECT o.id, n.strategy_id, n.parent_id, n.level, n.title, n.summary, n.horizon, \
    o.classification, o.tlp, o.open_to_all, n.lead_org_id, lo.code AS lead_org_code, o.owner_org_id, \
    ow.code AS owner_org_code, n.assumption, n.risk, n.version, o.created_at, n.updated_at \
    FROM objectives n JOIN objects o ON o.id = n.object_id JOIN organisations lo ON lo.id = n.lead_org_id \
    LEFT JOIN organisations ow ON ow.id = o.owner_org_id";

async fn write_contributors(tx: &mut Transaction<'_, Any>, id: i64, codes: &[String]) -> Result<()> {
    let orgs = objects::resolve_orgs(tx, codes, "contributors").await?;
    sqlx::query("DELETE FROM objective_contributors WHERE objective_id = $1").bind(id).execute(&mut **tx).await?;
    for org in orgs {
        sqlx::query("INSERT INTO objective_contributors (objective_id, org_id) VALUES ($1, $2)")
            .bind(id)
            .bind(org)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// Where a new node hangs: its strategy and (below the goals) its parent.
#[derive(Debug, Clone, Copy)]
pub struct Placement {
    pub strategy_id: i64,
    pub parent_id: Option<i64>,
}

pub async fn create_objective(
    tx: &mut Transaction<'_, Any>,
    at: Placement,
    n: &ValidObjective,
    by: i64,
    now: i64,
) -> Result<i64> {
    let lead = objects::resolve_org(tx, &n.lead_org, "lead_org").await?;
    let id = objects::create(tx, "objective", &n.marking, by, now).await?;
    sqlx::query(
        "INSERT INTO objectives (object_id, strategy_id, parent_id, level, title, summary, horizon, lead_org_id, \
         assumption, risk, version, updated_at, updated_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 1, $11, $12)",
    )
    .bind(id)
    .bind(at.strategy_id)
    .bind(at.parent_id)
    .bind(n.level.id())
    .bind(&n.title)
    .bind(&n.summary)
    .bind(n.horizon.id())
    .bind(lead)
    .bind(&n.assumption)
    .bind(&n.risk)
    .bind(now)
    .bind(by)
    .execute(&mut **tx)
    .await?;
    write_contributors(tx, id, &n.contributors).await?;
    Ok(id)
}

/// An edit keeps where the node hangs and its level.
pub async fn update_objective(tx: &mut Transaction<'_, Any>, edit: &objects::Edit, n: &ValidObjective) -> Result<()> {
    let lead = objects::resolve_org(tx, &n.lead_org, "lead_org").await?;
    let level: Option<String> = sqlx::query_scalar("SELECT level FROM objectives WHERE object_id = $1")
        .bind(edit.id)
        .fetch_optional(&mut **tx)
        .await?;
    if level.as_deref() != Some(n.level.id()) {
        return Err(StoreError::Refused { field: "level", code: "level_fixed" });
    }
    let query = sqlx::query(
        "UPDATE objectives SET title = $1, summary = $2, horizon = $3, lead_org_id = $4, assumption = $5, risk = $6, \
         version = version + 1, updated_at = $7, updated_by = $8 WHERE object_id = $9 AND version = $10",
    )
    .bind(&n.title)
    .bind(&n.summary)
    .bind(n.horizon.id())
    .bind(lead)
    .bind(&n.assumption)
    .bind(&n.risk);
    objects::update_versioned(tx, query, edit).await?;
    write_contributors(tx, edit.id, &n.contributors).await?;
    objects::remark(tx, edit.id, &n.marking).await
}

async fn contributors_of(conn: &mut AnyConnection, ids: &[i64]) -> Result<HashMap<i64, Vec<String>>> {
    let mut sql = Sql::new(
        "SELECT c.objective_id, org.code FROM objective_contributors c JOIN organisations org ON org.id = c.org_id \
         WHERE c.objective_id IN ",
    );
    sql.bind_list(ids.iter().map(|i| crate::sql::Arg::Int(*i)));
    sql.push(" ORDER BY org.code");
    let mut out: HashMap<i64, Vec<String>> = HashMap::new();
    for (id, code) in sql.query_as::<(i64, String)>().fetch_all(conn).await? {
        out.entry(id).or_default().push(code);
    }
    Ok(out)
}

async fn latest_judgements(conn: &mut AnyConnection, ids: &[i64]) -> Result<HashMap<i64, Judgement>> {
    let mut sql = Sql::new(JUDGEMENT_SELECT);
    sql.push(" WHERE j.objective_id IN ");
    sql.bind_list(ids.iter().map(|i| crate::sql::Arg::Int(*i)));
    sql.push(" ORDER BY j.id");
    let mut out = HashMap::new();
    for j in sql.query_as::<Judgement>().fetch_all(conn).await? {
        out.insert(j.objective_id, j);
    }
    Ok(out)
}

async fn complete(conn: &mut AnyConnection, list: &mut [Objective]) -> Result<()> {
    let ids: Vec<i64> = list.iter().map(|n| n.id).collect();
    let mut contributors = contributors_of(conn, &ids).await?;
    let mut judgements = latest_judgements(conn, &ids).await?;
    for n in list {
        n.contributors = contributors.remove(&n.id).unwrap_or_default();
        n.judgement = judgements.remove(&n.id);
    }
    Ok(())
}

/// One node if the viewer may see it; otherwise `NotFound`.
pub async fn get_objective_visible(conn: &mut AnyConnection, filter: &VisibilityFilter, id: i64) -> Result<Objective> {
    let mut sql = Sql::new(OBJECTIVE_SELECT);
    sql.push(" WHERE o.id = ").bind_int(id).push(" AND ");
    sql.visible("o", filter);
    let n: Objective = sql.query_as().fetch_optional(&mut *conn).await?.ok_or(StoreError::NotFound)?;
    let mut list = [n];
    complete(conn, &mut list).await?;
    let [mut n] = list;
    (n.need_to_know, n.need_to_know_users) = objects::need_to_know(conn, n.id).await?;
    Ok(n)
}

/// The visible nodes of a strategy, in the order they were added (the tree
/// is built from their parents).
pub async fn objectives_visible(
    conn: &mut AnyConnection,
    filter: &VisibilityFilter,
    strategy_id: i64,
) -> Result<Vec<Objective>> {
    let mut sql = Sql::new(OBJECTIVE_SELECT);
    sql.push(" WHERE n.strategy_id = ").bind_int(strategy_id).push(" AND ");
    sql.visible("o", filter);
    sql.push(" ORDER BY o.id");
    let mut list: Vec<Objective> = sql.query_as().fetch_all(&mut *conn).await?;
    complete(conn, &mut list).await?;
    Ok(list)
}

/// Every node of a strategy, unfiltered, in the order they were added: for
/// the chain shared by all viewers, each of whom keeps only the nodes
/// [`visible_objective_ids`] names.
pub async fn objectives_of_strategy(conn: &mut AnyConnection, strategy_id: i64) -> Result<Vec<Objective>> {
    let mut sql = Sql::new(OBJECTIVE_SELECT);
    sql.push(" WHERE n.strategy_id = ").bind_int(strategy_id).push(" ORDER BY o.id");
    let mut list: Vec<Objective> = sql.query_as().fetch_all(&mut *conn).await?;
    complete(conn, &mut list).await?;
    Ok(list)
}

/// The ids of a strategy's nodes the viewer may see.
pub async fn visible_objective_ids(
    conn: &mut AnyConnection,
    filter: &VisibilityFilter,
    strategy_id: i64,
) -> Result<Vec<i64>> {
    let mut sql = Sql::new("SELECT o.id FROM objectives n JOIN objects o ON o.id = n.object_id WHERE n.strategy_id = ");
    sql.bind_int(strategy_id).push(" AND ");
    sql.visible("o", filter);
    let rows: Vec<(i64,)> = sql.query_as().fetch_all(conn).await?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

/// The visible nodes directly under `parent`, in the order they were added.
pub async fn children_visible(
    conn: &mut AnyConnection,
    filter: &VisibilityFilter,
    parent: i64,
) -> Result<Vec<Objective>> {
    let mut sql = Sql::new(OBJECTIVE_SELECT);
    sql.push(" WHERE n.parent_id = ").bind_int(parent).push(" AND ");
    sql.visible("o", filter);
    sql.push(" ORDER BY o.id");
    let mut list: Vec<Objective> = sql.query_as().fetch_all(&mut *conn).await?;
    complete(conn, &mut list).await?;
    Ok(list)
}

/// The node with exactly this title in a strategy: only for the demo.
pub async fn objective_id_by_title(conn: &mut AnyConnection, strategy_id: i64, title: &str) -> Result<Option<i64>> {
    Ok(sqlx::query_scalar("SELECT object_id FROM objectives WHERE strategy_id = $1 AND title = $2")
        .bind(strategy_id)
        .bind(title)
        .fetch_optional(conn)
        .await?)
}

/// The ids of a node's children, whoever may see them (for the rule that
/// a child is never more open than its parent).
pub async fn child_ids(conn: &mut AnyConnection, id: i64) -> Result<Vec<i64>> {
    Ok(sqlx::query_scalar("SELECT object_id FROM objectives WHERE parent_id = $1 ORDER BY object_id")
        .bind(id)
        .fetch_all(conn)
        .await?)
}

/// A node's strategy and parent, whoever may see it (inside a change that
/// read it already).
pub async fn placement(conn: &mut AnyConnection, id: i64) -> Result<(i64, Option<i64>)> {
    sqlx::query_as("SELECT strategy_id, parent_id FROM objectives WHERE object_id = $1")
        .bind(id)
        .fetch_optional(conn)
        .await?
        .ok_or(StoreError::NotFound)
}

/// The ids of a strategy's goals (its top nodes), whoever may see them.
pub async fn goal_ids(conn: &mut AnyConnection, strategy_id: i64) -> Result<Vec<i64>> {
    Ok(sqlx::query_scalar("SELECT object_id FROM objectives WHERE strategy_id = $1 AND parent_id IS NULL")
        .bind(strategy_id)
        .fetch_all(conn)
        .await?)
}

#[derive(Debug, Clone, FromRow, serde::Serialize)]
pub struct Judgement {
    #[serde(skip)]
    pub objective_id: i64,
    #[sqlx(try_from = "String")]
    pub status: AssumptionStatus,
    pub note: String,
    pub judged_by_name: String,
    pub judged_at: i64,
}

const JUDGEMENT_SELECT: &str = "SELECT j.objective_id, j.status, j.note, u.name AS judged_by_name, j.judged_at \
    FROM assumption_judgements j JOIN users u ON u.id = j.judged_by";

pub async fn judge(
    tx: &mut Transaction<'_, Any>,
    objective_id: i64,
    status: AssumptionStatus,
    note: &str,
    by: i64,
    now: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO assumption_judgements (objective_id, status, note, judged_by, judged_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(objective_id)
    .bind(status.id())
    .bind(note)
    .bind(by)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Every judgement on a node's assumption, the latest first.
pub async fn judgements(conn: &mut AnyConnection, objective_id: i64) -> Result<Vec<Judgement>> {
    let mut sql = Sql::new(JUDGEMENT_SELECT);
    sql.push(" WHERE j.objective_id = ").bind_int(objective_id).push(" ORDER BY j.id DESC");
    Ok(sql.query_as().fetch_all(conn).await?)
}

/// A dossier, incident or draaiboek linked to a part it serves.
#[derive(Debug, Clone, FromRow, serde::Serialize)]
pub struct ServingWork {
    pub id: i64,
    pub kind: String,
    pub title: String,
    pub classification: String,
    pub tlp: String,
}

/// Links work to a part (once; a second link of the same is no change).
pub async fn link_serving(
    tx: &mut Transaction<'_, Any>,
    objective: i64,
    object: i64,
    by: i64,
    now: i64,
) -> Result<bool> {
    let done = sqlx::query(
        "INSERT INTO objective_serving (objective_id, object_id, linked_by, linked_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT DO NOTHING",
    )
    .bind(objective)
    .bind(object)
    .bind(by)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn unlink_serving(tx: &mut Transaction<'_, Any>, objective: i64, object: i64) -> Result<bool> {
    let done = sqlx::query("DELETE FROM objective_serving WHERE objective_id = $1 AND object_id = $2")
        .bind(objective)
        .bind(object)
        .execute(&mut **tx)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// The work linked to a part that the viewer may see, by kind and title.
pub async fn serving_visible(
    conn: &mut AnyConnection,
    filter: &VisibilityFilter,
    objective: i64,
) -> Result<Vec<ServingWork>> {
    let mut sql = Sql::new(
        "SELECT o.id, o.kind, COALESCE(d.title, i.title, pv.name, '') AS title, o.classification, o.tlp \
         FROM objective_serving s JOIN objects o ON o.id = s.object_id \
         LEFT JOIN dossiers d ON d.object_id = o.id LEFT JOIN incidents i ON i.object_id = o.id \
         LEFT JOIN playbooks p ON p.object_id = o.id \
         LEFT JOIN playbook_versions pv ON pv.playbook_id = p.object_id AND pv.version = p.current_version \
         WHERE s.objective_id = ",
    );
    sql.bind_int(objective).push(" AND ");
    sql.visible("o", filter);
    sql.push(" ORDER BY o.kind, o.id");
    Ok(sql.query_as().fetch_all(conn).await?)
}

/// The parts a piece of work serves that the viewer may see.
pub async fn served_by_visible(
    conn: &mut AnyConnection,
    filter: &VisibilityFilter,
    object: i64,
) -> Result<Vec<Objective>> {
    let mut sql = Sql::new(OBJECTIVE_SELECT);
    sql.push(" JOIN objective_serving s ON s.objective_id = n.object_id WHERE s.object_id = ");
    sql.bind_int(object).push(" AND ");
    sql.visible("o", filter);
    sql.push(" ORDER BY n.strategy_id, o.id");
    Ok(sql.query_as().fetch_all(conn).await?)
}

/// The kind of an object, whoever may see it (the caller checks visibility first).
pub async fn object_kind(conn: &mut AnyConnection, object: i64) -> Result<Option<String>> {
    Ok(sqlx::query_scalar("SELECT kind FROM objects WHERE id = $1").bind(object).fetch_optional(conn).await?)
}
