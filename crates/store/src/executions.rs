//! Executions of draaiboeken: the engine's state per execution, saved with a
//! revision check (a concurrent transition is a conflict, never a lost
//! update), and the task rows inboxes read. Visibility follows the guard
//! object (the incident, or the execution's own object).

use crate::sql::Sql;
use crate::{Result, StoreError};
use sqlx::{Any, AnyConnection, FromRow, Transaction};
use verbinding_domain::access::VisibilityFilter;

pub struct NewExecution<'a> {
    pub guard_object_id: i64,
    pub incident_id: Option<i64>,
    pub playbook_id: i64,
    pub playbook_version: i64,
    pub status: &'a str,
    pub state: &'a str,
    pub next_due: Option<i64>,
    pub started_by: Option<i64>,
}

#[derive(Debug, Clone, FromRow, serde::Serialize)]
pub struct Stored {
    pub id: i64,
    pub guard_object_id: i64,
    pub incident_id: Option<i64>,
    pub playbook_id: i64,
    pub playbook_version: i64,
    pub status: String,
    /// The engine state at `state_revision` (a snapshot; the journal holds
    /// the transitions after it, see [`journal_between`]).
    #[serde(skip)]
    pub state: String,
    #[serde(skip)]
    pub state_revision: i64,
    pub revision: i64,
    pub next_due: Option<i64>,
    pub started_at: i64,
    pub updated_at: i64,
}

const STORED: &str = "SELECT e.id, e.guard_object_id, e.incident_id, e.playbook_id, e.playbook_version, e.status, \
                      s.state, s.revision AS state_revision, e.revision, e.next_due, e.started_at, e.updated_at \
                      FROM executions e JOIN execution_snapshots s ON s.execution_id = e.id";

pub async fn create(tx: &mut Transaction<'_, Any>, e: &NewExecution<'_>, now_ms: i64) -> Result<i64> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO executions (guard_object_id, incident_id, playbook_id, playbook_version, status, revision, \
         next_due, started_by, started_at, updated_at) VALUES ($1, $2, $3, $4, $5, 1, $6, $7, $8, $8) RETURNING id",
    )
    .bind(e.guard_object_id)
    .bind(e.incident_id)
    .bind(e.playbook_id)
    .bind(e.playbook_version)
    .bind(e.status)
    .bind(e.next_due)
    .bind(e.started_by)
    .bind(now_ms)
    .fetch_one(&mut **tx)
    .await?;
    sqlx::query("INSERT INTO execution_snapshots (execution_id, revision, state) VALUES ($1, 1, $2)")
        .bind(id)
        .bind(e.state)
        .execute(&mut **tx)
        .await?;
    Ok(id)
}

/// One execution whoever may see it (the caller checks visibility first).
pub async fn load(conn: &mut AnyConnection, id: i64) -> Result<Stored> {
    sqlx::query_as(&format!("{STORED} WHERE e.id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await?
        .ok_or(StoreError::NotFound)
}

/// One execution, or NotFound when the viewer may not see what guards it.
pub async fn get_visible(conn: &mut AnyConnection, filter: &VisibilityFilter, id: i64) -> Result<Stored> {
    let mut sql = Sql::new(STORED);
    sql.push(" JOIN objects o ON o.id = e.guard_object_id WHERE e.id = ");
    sql.bind_int(id).push(" AND ");
    sql.visible("o", filter);
    sql.query_as().fetch_optional(conn).await?.ok_or(StoreError::NotFound)
}

/// The executions of an incident the viewer may see, newest first.
pub async fn for_incident(conn: &mut AnyConnection, filter: &VisibilityFilter, incident: i64) -> Result<Vec<Stored>> {
    let mut sql = Sql::new(STORED);
    sql.push(" JOIN objects o ON o.id = e.guard_object_id WHERE e.incident_id = ");
    sql.bind_int(incident).push(" AND ");
    sql.visible("o", filter);
    sql.push(" ORDER BY e.id DESC");
    Ok(sql.query_as().fetch_all(conn).await?)
}

/// Every execution the viewer may see that has not finished, oldest first.
pub async fn running(conn: &mut AnyConnection, filter: &VisibilityFilter) -> Result<Vec<Stored>> {
    let mut sql = Sql::new(STORED);
    sql.push(" JOIN objects o ON o.id = e.guard_object_id WHERE e.status IN ('running', 'paused') AND ");
    sql.visible("o", filter);
    sql.push(" ORDER BY e.id");
    Ok(sql.query_as().fetch_all(conn).await?)
}

/// One execution after `transitions` transitions made on `revision` (the
/// revision counts transitions: it ends at r + transitions). `state` is a new
/// snapshot to store, or None to keep the old one (the journal rows of the
/// same transaction carry the transitions since).
pub struct Save<'a> {
    pub id: i64,
    pub revision: i64,
    pub transitions: i64,
    pub status: &'a str,
    pub state: Option<&'a str>,
    pub next_due: Option<i64>,
}

/// Rows per multi-row statement: SQLite looks a `$N` parameter up by a
/// linear scan, so very long statements cost more per row than short ones.
const CHUNK: usize = 25;

/// Saves executions, several to a statement, each only if still at its
/// revision; a Conflict when another transition came in between (the caller
/// rolls the transaction back).
pub async fn save(tx: &mut Transaction<'_, Any>, saves: &[Save<'_>], now_ms: i64) -> Result<()> {
    for chunk in saves.chunks(CHUNK) {
        // A CTE names the columns the same way on both backends.
        let rows: Vec<String> = (0..chunk.len())
            .map(|i| {
                let p = 5 * i + 2;
                format!("(${}, ${}, ${}, ${}, ${})", p, p + 1, p + 2, p + 3, p + 4)
            })
            .collect();
        let text = format!(
            "WITH v (id, revision, transitions, status, next_due) AS (VALUES {}) \
             UPDATE executions SET status = v.status, next_due = v.next_due, \
             revision = v.revision + v.transitions, updated_at = $1 \
             FROM v WHERE executions.id = v.id AND executions.revision = v.revision",
            rows.join(", ")
        );
        let mut q = sqlx::query(&text).bind(now_ms);
        for s in chunk {
            q = q.bind(s.id).bind(s.revision).bind(s.transitions).bind(s.status).bind(s.next_due);
        }
        if q.execute(&mut **tx).await?.rows_affected() != chunk.len() as u64 {
            return Err(StoreError::Conflict);
        }
    }
    for s in saves {
        if let Some(state) = s.state {
            sqlx::query("UPDATE execution_snapshots SET revision = $1, state = $2 WHERE execution_id = $3")
                .bind(s.revision + s.transitions)
                .bind(state)
                .bind(s.id)
                .execute(&mut **tx)
                .await?;
        }
    }
    Ok(())
}

/// One transition in the journal: the command (engine JSON) that produced
/// `revision`, applied at engine time `at`.
#[derive(Debug, Clone, FromRow)]
pub struct JournalEntry {
    pub execution_id: i64,
    pub revision: i64,
    pub at: i64,
    pub command: String,
}

/// Appends journal entries, several to a statement. The primary key refuses
/// a second entry for the same revision.
pub async fn append_journal(tx: &mut Transaction<'_, Any>, entries: &[JournalEntry]) -> Result<()> {
    for chunk in entries.chunks(CHUNK) {
        let rows: Vec<String> = (0..chunk.len())
            .map(|i| {
                let p = 4 * i + 1;
                format!("(${}, ${}, ${}, ${})", p, p + 1, p + 2, p + 3)
            })
            .collect();
        let text =
            format!("INSERT INTO execution_journal (execution_id, revision, at, command) VALUES {}", rows.join(", "));
        let mut q = sqlx::query(&text);
        for e in chunk {
            q = q.bind(e.execution_id).bind(e.revision).bind(e.at).bind(e.command.as_str());
        }
        q.execute(&mut **tx).await?;
    }
    Ok(())
}

/// The journal of one execution after revision `after` up to `upto`, in
/// order: what replays a snapshot read at `after` to the state at `upto`
/// (entries are never changed, so any two reads agree).
pub async fn journal_between(conn: &mut AnyConnection, id: i64, after: i64, upto: i64) -> Result<Vec<JournalEntry>> {
    Ok(sqlx::query_as(
        "SELECT execution_id, revision, at, command FROM execution_journal \
         WHERE execution_id = $1 AND revision > $2 AND revision <= $3 ORDER BY revision",
    )
    .bind(id)
    .bind(after)
    .bind(upto)
    .fetch_all(conn)
    .await?)
}

/// A stored snapshot and what follows it: the execution's revision, the
/// snapshot's, and the journal entries in between (in order).
pub struct Snapshot {
    pub id: i64,
    pub guard_object_id: i64,
    pub revision: i64,
    pub state: String,
    pub state_revision: i64,
    pub journal: Vec<JournalEntry>,
}

/// The snapshots of these executions with the journal since each (absent
/// executions are left out). Read inside the writer's transaction.
/// What guards an execution's visibility and the incident it runs for (none for a run on its own).
pub async fn guard_and_incident(conn: &mut AnyConnection, id: i64) -> Result<(i64, Option<i64>)> {
    sqlx::query_as("SELECT guard_object_id, incident_id FROM executions WHERE id = $1")
        .bind(id)
        .fetch_optional(conn)
        .await?
        .ok_or(StoreError::NotFound)
}

pub async fn snapshots(conn: &mut AnyConnection, ids: &[i64]) -> Result<Vec<Snapshot>> {
    let mut sql = Sql::new(
        "SELECT e.id, e.guard_object_id, e.revision, s.state, s.revision FROM executions e \
         JOIN execution_snapshots s ON s.execution_id = e.id WHERE e.id IN ",
    );
    sql.bind_list(ids.iter().map(|i| crate::sql::Arg::Int(*i)));
    let heads: Vec<(i64, i64, i64, String, i64)> = sql.query_as().fetch_all(&mut *conn).await?;
    let mut sql = Sql::new(
        "SELECT j.execution_id, j.revision, j.at, j.command FROM execution_journal j \
         JOIN execution_snapshots s ON s.execution_id = j.execution_id \
         WHERE j.revision > s.revision AND j.execution_id IN ",
    );
    sql.bind_list(ids.iter().map(|i| crate::sql::Arg::Int(*i)));
    sql.push(" ORDER BY j.execution_id, j.revision");
    let mut journal: std::collections::HashMap<i64, Vec<JournalEntry>> = std::collections::HashMap::new();
    for e in sql.query_as::<JournalEntry>().fetch_all(&mut *conn).await? {
        journal.entry(e.execution_id).or_default().push(e);
    }
    Ok(heads
        .into_iter()
        .map(|(id, guard_object_id, revision, state, state_revision)| Snapshot {
            id,
            guard_object_id,
            revision,
            state,
            state_revision,
            journal: journal.remove(&id).unwrap_or_default(),
        })
        .collect())
}

/// NotFound unless the viewer may see what guards the execution (the
/// check before a command, without reading the state).
pub async fn check_visible(conn: &mut AnyConnection, filter: &VisibilityFilter, id: i64) -> Result<()> {
    let mut sql = Sql::new("SELECT e.id FROM executions e JOIN objects o ON o.id = e.guard_object_id WHERE e.id = ");
    sql.bind_int(id).push(" AND ");
    sql.visible("o", filter);
    let found: Option<(i64,)> = sql.query_as().fetch_optional(conn).await?;
    found.map(|_| ()).ok_or(StoreError::NotFound)
}

/// Executions whose next timer is due at `now` (unix seconds).
pub async fn due(conn: &mut AnyConnection, now: i64, limit: i64) -> Result<Vec<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT id FROM executions WHERE next_due IS NOT NULL AND next_due <= $1 ORDER BY next_due LIMIT $2",
    )
    .bind(now)
    .bind(limit)
    .fetch_all(conn)
    .await?)
}

/// A task as the engine state describes it, for the inbox rows.
pub struct TaskRow<'a> {
    pub execution: i64,
    pub task: &'a str,
    pub step: &'a str,
    pub name: &'a str,
    pub agent: Option<&'a str>,
    pub org_id: Option<i64>,
    pub role: Option<&'a str>,
    pub escalated_org_id: Option<i64>,
    pub deadline: Option<i64>,
    pub overdue: bool,
    pub open: bool,
    pub opened_at: i64,
    pub closed_at: Option<i64>,
    /// The step's classification (with its callers'), if it carries one.
    pub classification: Option<&'a str>,
}

/// Brings the task rows in step with the state: new ones inserted, existing
/// ones updated in what a transition can change (claims and notes are kept);
/// several rows to a statement.
pub async fn upsert_tasks(tx: &mut Transaction<'_, Any>, rows: &[TaskRow<'_>]) -> Result<()> {
    for chunk in rows.chunks(CHUNK) {
        let values: Vec<String> = (0..chunk.len())
            .map(|i| format!("({})", (1..=14).map(|k| format!("${}", 14 * i + k)).collect::<Vec<_>>().join(", ")))
            .collect();
        let text = format!(
            "INSERT INTO execution_tasks (execution_id, task, step, name, agent, org_id, role, escalated_org_id, \
             deadline, overdue, open, opened_at, closed_at, classification) VALUES {} ON CONFLICT (execution_id, task) \
             DO UPDATE SET classification = excluded.classification, escalated_org_id = excluded.escalated_org_id, deadline = excluded.deadline, overdue = excluded.overdue, \
             open = excluded.open, closed_at = excluded.closed_at",
            values.join(", ")
        );
        let mut q = sqlx::query(&text);
        for t in chunk {
            q = q
                .bind(t.execution)
                .bind(t.task)
                .bind(t.step)
                .bind(t.name)
                .bind(t.agent)
                .bind(t.org_id)
                .bind(t.role)
                .bind(t.escalated_org_id)
                .bind(t.deadline)
                .bind(i64::from(t.overdue))
                .bind(i64::from(t.open))
                .bind(t.opened_at)
                .bind(t.closed_at)
                .bind(t.classification);
        }
        q.execute(&mut **tx).await?;
    }
    // A task whose agent stands for no organisation of the directory would
    // be in nobody's inbox: it goes to whoever started the run.
    let mut runs: Vec<i64> = rows.iter().filter(|r| r.org_id.is_none() && r.open).map(|r| r.execution).collect();
    runs.sort_unstable();
    runs.dedup();
    for chunk in runs.chunks(CHUNK) {
        let mut sql = Sql::new(
            "UPDATE execution_tasks SET claimed_by = (SELECT e.started_by FROM executions e \
             WHERE e.id = execution_tasks.execution_id) WHERE open = 1 AND org_id IS NULL AND claimed_by IS NULL \
             AND execution_id IN ",
        );
        sql.bind_list(chunk.iter().map(|id| crate::sql::Arg::Int(*id)));
        sql.query().execute(&mut **tx).await?;
    }
    Ok(())
}

/// The runs with task rows written before tasks were marked (migration 15).
pub async fn unmarked_task_runs(conn: &mut AnyConnection) -> Result<Vec<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT DISTINCT execution_id FROM execution_tasks WHERE classification IS NULL ORDER BY execution_id",
    )
    .fetch_all(conn)
    .await?)
}

/// Marks task rows (run, task key, classification) that are not marked yet;
/// answers how many it marked.
pub async fn mark_tasks(tx: &mut Transaction<'_, Any>, marks: &[(i64, String, String)]) -> Result<usize> {
    let mut n = 0;
    for (execution, task, classification) in marks {
        n += sqlx::query(
            "UPDATE execution_tasks SET classification = $1 WHERE execution_id = $2 AND task = $3 \
             AND classification IS NULL",
        )
        .bind(classification)
        .bind(execution)
        .bind(task)
        .execute(&mut **tx)
        .await?
        .rows_affected() as usize;
    }
    Ok(n)
}

/// A task row with what an inbox shows.
#[derive(Debug, Clone, FromRow, serde::Serialize)]
pub struct InboxTask {
    pub execution_id: i64,
    /// The object that marks the run (for auditing who was shown it).
    #[serde(skip)]
    pub guard_object_id: i64,
    pub incident_id: Option<i64>,
    pub task: String,
    pub step: String,
    pub name: String,
    pub agent: Option<String>,
    pub org_code: Option<String>,
    pub role: Option<String>,
    pub escalated_org_code: Option<String>,
    pub claimed_by_email: Option<String>,
    pub deadline: Option<i64>,
    #[serde(serialize_with = "crate::as_bool")]
    pub overdue: i64,
    pub opened_at: i64,
    /// The step's classification, if it carries one.
    pub classification: Option<String>,
    /// The run's marking (its guard's), its incident's title and the
    /// claimant's name: the inbox's columns.
    #[serde(skip)]
    pub run_classification: String,
    #[serde(skip)]
    pub run_tlp: String,
    #[serde(skip)]
    pub incident_title: Option<String>,
    #[serde(skip)]
    pub claimed_by_name: Option<String>,
    /// The draaiboek version the run pinned (its steps' names in each language).
    #[serde(skip)]
    pub playbook_id: i64,
    #[serde(skip)]
    pub playbook_version: i64,
    /// The step's name by language code, where its draaiboek translates it
    /// (filled in by the application layer).
    #[sqlx(skip)]
    #[serde(skip)]
    pub translated: std::collections::BTreeMap<String, String>,
}

const INBOX: &str = "SELECT t.execution_id, e.guard_object_id, e.incident_id, t.task, t.step, t.name, t.agent, og.code AS org_code, t.role, \
                     eo.code AS escalated_org_code, cu.email AS claimed_by_email, t.deadline, t.overdue, t.opened_at, \
                     t.classification, o.classification AS run_classification, o.tlp AS run_tlp, \
                     i.title AS incident_title, cu.name AS claimed_by_name, e.playbook_id, e.playbook_version \
                     FROM execution_tasks t JOIN executions e ON e.id = t.execution_id \
                     JOIN objects o ON o.id = e.guard_object_id \
                     LEFT JOIN incidents i ON i.object_id = e.incident_id \
                     LEFT JOIN organisations og ON og.id = t.org_id \
                     LEFT JOIN organisations eo ON eo.id = t.escalated_org_id \
                     LEFT JOIN users cu ON cu.id = t.claimed_by";

/// The order of the inbox.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum InboxSort {
    /// Overdue first, then by deadline (none last), then oldest.
    #[default]
    Urgency,
    /// By incident title (runs on their own last), then by urgency.
    Incident,
    /// Newest task first.
    Newest,
}

/// Whose tasks of the inbox.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ClaimFilter {
    #[default]
    All,
    /// Claimed by (or delegated to) the reader.
    Mine,
    /// Claimed by nobody yet.
    Unclaimed,
}

/// The inbox's order and filters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InboxQuery {
    pub sort: InboxSort,
    pub overdue_only: bool,
    pub claim: ClaimFilter,
    pub incident: Option<i64>,
}

/// One page of the open tasks for the viewer's organisation (or one
/// escalated to it) or claimed by / delegated to the viewer, of executions
/// they may see and steps they are cleared for; overdue first, then by
/// deadline.
pub async fn inbox(
    conn: &mut AnyConnection,
    filter: &VisibilityFilter,
    query: &InboxQuery,
    offset: i64,
    limit: i64,
) -> Result<Vec<InboxTask>> {
    let mut sql = Sql::new(INBOX);
    inbox_condition(&mut sql, filter);
    inbox_filters(&mut sql, filter, query);
    const URGENCY: &str = "t.overdue DESC, CASE WHEN t.deadline IS NULL THEN 1 ELSE 0 END, t.deadline, t.opened_at";
    match query.sort {
        InboxSort::Urgency => sql.push(" ORDER BY ").push(URGENCY),
        InboxSort::Incident => {
            sql.push(" ORDER BY CASE WHEN i.title IS NULL THEN 1 ELSE 0 END, i.title, e.incident_id, ").push(URGENCY)
        }
        InboxSort::Newest => sql.push(" ORDER BY t.opened_at DESC"),
    };
    sql.push(", t.execution_id, t.task LIMIT ").bind_int(limit).push(" OFFSET ").bind_int(offset);
    Ok(sql.query_as().fetch_all(conn).await?)
}

/// How many open tasks [`inbox`] has on all its pages.
pub async fn inbox_count(conn: &mut AnyConnection, filter: &VisibilityFilter, query: &InboxQuery) -> Result<i64> {
    let mut sql = Sql::new(
        "SELECT COUNT(*) FROM execution_tasks t JOIN executions e ON e.id = t.execution_id \
         JOIN objects o ON o.id = e.guard_object_id",
    );
    inbox_condition(&mut sql, filter);
    inbox_filters(&mut sql, filter, query);
    Ok(sql.query_as::<(i64,)>().fetch_one(conn).await?.0)
}

/// The incidents whose runs have open tasks in the reader's inbox (id,
/// title), by title: the inbox's incident filter offers these.
pub async fn inbox_incidents(conn: &mut AnyConnection, filter: &VisibilityFilter) -> Result<Vec<(i64, String)>> {
    let mut sql = Sql::new(
        "SELECT DISTINCT i.object_id, i.title FROM execution_tasks t JOIN executions e ON e.id = t.execution_id \
         JOIN objects o ON o.id = e.guard_object_id JOIN incidents i ON i.object_id = e.incident_id",
    );
    inbox_condition(&mut sql, filter);
    sql.push(" ORDER BY i.title, i.object_id LIMIT 200");
    Ok(sql.query_as().fetch_all(conn).await?)
}

fn inbox_filters(sql: &mut Sql, filter: &VisibilityFilter, query: &InboxQuery) {
    if query.overdue_only {
        sql.push(" AND t.overdue = 1");
    }
    match query.claim {
        ClaimFilter::All => {}
        ClaimFilter::Mine => {
            sql.push(" AND t.claimed_by = ").bind_int(filter.user_id);
        }
        ClaimFilter::Unclaimed => {
            sql.push(" AND t.claimed_by IS NULL");
        }
    }
    if let Some(incident) = query.incident {
        sql.push(" AND e.incident_id = ").bind_int(incident);
    }
}

fn inbox_condition(sql: &mut Sql, filter: &VisibilityFilter) {
    sql.push(" WHERE t.open = 1 AND (t.claimed_by = ");
    sql.bind_int(filter.user_id);
    sql.push(" OR t.org_id IN ");
    sql.bind_list(filter.org_chain.iter().map(|o| crate::sql::Arg::Int(*o)));
    sql.push(" OR t.escalated_org_id IN ");
    sql.bind_list(filter.org_chain.iter().map(|o| crate::sql::Arg::Int(*o)));
    sql.push(") AND ");
    sql.visible("o", filter).push(" AND ").cleared_task("t", filter);
}

/// The task rows of one execution (any state) the reader is cleared for,
/// in the order opened. The caller has checked the execution is visible.
pub async fn tasks(conn: &mut AnyConnection, filter: &VisibilityFilter, execution: i64) -> Result<Vec<InboxTask>> {
    let mut sql = Sql::new(INBOX);
    sql.push(" WHERE t.execution_id = ").bind_int(execution).push(" AND ").cleared_task("t", filter);
    sql.push(" ORDER BY t.opened_at, t.task");
    Ok(sql.query_as().fetch_all(conn).await?)
}

/// Who a task is claimed by or delegated to, and the org and role it is for.
#[derive(Debug, Clone, FromRow)]
pub struct TaskOwner {
    pub org_id: Option<i64>,
    pub role: Option<String>,
    pub escalated_org_id: Option<i64>,
    pub claimed_by: Option<i64>,
    pub open: i64,
    pub classification: Option<String>,
}

/// The owner of a task, whoever asks: for the engine's own writes and the
/// scheduler. A reader's question goes through [`visible_task_owner`].
pub async fn task_owner(conn: &mut AnyConnection, execution: i64, task: &str) -> Result<TaskOwner> {
    sqlx::query_as(
        "SELECT org_id, role, escalated_org_id, claimed_by, open, classification FROM execution_tasks \
         WHERE execution_id = $1 AND task = $2",
    )
    .bind(execution)
    .bind(task)
    .fetch_optional(conn)
    .await?
    .ok_or(StoreError::NotFound)
}

/// The owner of a task of an execution the viewer may see, in one read:
/// NotFound when the viewer may not see the execution, None when it has no
/// such task or the task is marked above the viewer's clearance (the two
/// answer alike, issue 11 rule 4).
pub async fn visible_task_owner(
    conn: &mut AnyConnection,
    filter: &VisibilityFilter,
    id: i64,
    task: &str,
) -> Result<Option<TaskOwner>> {
    type Row =
        (i64, Option<String>, Option<i64>, Option<String>, Option<i64>, Option<i64>, Option<i64>, Option<String>);
    let mut sql = Sql::new(
        "SELECT e.id, t.task, t.org_id, t.role, t.escalated_org_id, t.claimed_by, t.open, t.classification \
         FROM executions e JOIN objects o ON o.id = e.guard_object_id \
         LEFT JOIN execution_tasks t ON t.execution_id = e.id AND t.task = ",
    );
    sql.bind_text(task).push(" AND ").cleared_task("t", filter).push(" WHERE e.id = ").bind_int(id).push(" AND ");
    sql.visible("o", filter);
    let row: Option<Row> = sql.query_as().fetch_optional(conn).await?;
    let (_, found, org_id, role, escalated_org_id, claimed_by, open, classification) =
        row.ok_or(StoreError::NotFound)?;
    Ok(found.map(|_| TaskOwner { org_id, role, escalated_org_id, claimed_by, open: open.unwrap_or(0), classification }))
}

/// Claims or delegates a task (to `user`), recording it as a note.
#[allow(clippy::too_many_arguments)]
pub async fn assign(
    tx: &mut Transaction<'_, Any>,
    execution: i64,
    task: &str,
    user: i64,
    kind: &str,
    text: &str,
    by: i64,
    now_ms: i64,
) -> Result<()> {
    sqlx::query("UPDATE execution_tasks SET claimed_by = $1 WHERE execution_id = $2 AND task = $3")
        .bind(user)
        .bind(execution)
        .bind(task)
        .execute(&mut **tx)
        .await?;
    add_note(tx, execution, task, kind, text, Some(user), by, now_ms).await
}

#[allow(clippy::too_many_arguments)]
pub async fn add_note(
    tx: &mut Transaction<'_, Any>,
    execution: i64,
    task: &str,
    kind: &str,
    text: &str,
    to: Option<i64>,
    by: i64,
    now_ms: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO execution_task_notes (execution_id, task, kind, text, to_user_id, by_user_id, at_ms) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(execution)
    .bind(task)
    .bind(kind)
    .bind(text)
    .bind(to)
    .bind(by)
    .bind(now_ms)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

#[derive(Debug, Clone, FromRow, serde::Serialize)]
pub struct Note {
    pub task: String,
    pub kind: String,
    pub text: String,
    pub to_email: Option<String>,
    pub by_email: Option<String>,
    pub at_ms: i64,
}

pub async fn notes(conn: &mut AnyConnection, execution: i64) -> Result<Vec<Note>> {
    Ok(sqlx::query_as(
        "SELECT n.task, n.kind, n.text, tu.email AS to_email, bu.email AS by_email, n.at_ms FROM execution_task_notes n \
         LEFT JOIN users tu ON tu.id = n.to_user_id LEFT JOIN users bu ON bu.id = n.by_user_id \
         WHERE n.execution_id = $1 ORDER BY n.id",
    )
    .bind(execution)
    .fetch_all(conn)
    .await?)
}

/// The pinned draaiboek versions (CACAO id, SHA-256) of every execution
/// `guard` guards, each pair once.
pub async fn pins_of_guarded(conn: &mut AnyConnection, guard: i64) -> Result<Vec<(String, String)>> {
    // Pins are fixed at the start, so any snapshot of a run holds them all.
    let states: Vec<(i64, String)> = sqlx::query_as(
        "SELECT e.id, s.state FROM executions e JOIN execution_snapshots s ON s.execution_id = e.id \
         WHERE e.guard_object_id = $1",
    )
    .bind(guard)
    .fetch_all(&mut *conn)
    .await?;
    let mut pins = std::collections::BTreeSet::new();
    for (id, state) in states {
        #[derive(serde::Deserialize)]
        struct Pinned {
            pins: Vec<Pin>,
        }
        #[derive(serde::Deserialize)]
        struct Pin {
            playbook: String,
            sha256: String,
        }
        let pinned: Pinned = crate::decode("pins of execution", id, &state)?;
        pins.extend(pinned.pins.into_iter().map(|p| (p.playbook, p.sha256)));
    }
    Ok(pins.into_iter().collect())
}

/// The version of a playbook whose canonical form has this hash (pinned versions).
pub async fn version_by_hash(conn: &mut AnyConnection, cacao_id: &str, sha256: &str) -> Result<(i64, i64, String)> {
    sqlx::query_as(
        "SELECT v.playbook_id, v.version, v.document FROM playbook_versions v JOIN playbooks p ON p.object_id = v.playbook_id \
         WHERE p.cacao_id = $1 AND v.sha256 = $2 ORDER BY v.version DESC LIMIT 1",
    )
    .bind(cacao_id)
    .bind(sha256)
    .fetch_optional(conn)
    .await?
    .ok_or(StoreError::NotFound)
}

/// Open and overdue task counts of the running executions the viewer may see.
#[derive(Debug, Clone, FromRow, serde::Serialize)]
pub struct RunningCount {
    pub id: i64,
    #[serde(skip)]
    pub guard_object_id: i64,
    pub incident_id: Option<i64>,
    pub playbook_id: i64,
    pub status: String,
    pub started_at: i64,
    pub open: i64,
    pub overdue: i64,
    /// Tasks closed (answered, approved, skipped, no longer needed).
    pub done: i64,
}

pub async fn running_counts(conn: &mut AnyConnection, filter: &VisibilityFilter) -> Result<Vec<RunningCount>> {
    let mut sql = Sql::new(
        "SELECT e.id, e.guard_object_id, e.incident_id, e.playbook_id, e.status, e.started_at, \
         COALESCE(SUM(CASE WHEN t.open = 1 THEN 1 ELSE 0 END), 0) AS open, \
         COALESCE(SUM(CASE WHEN t.open = 1 AND t.overdue = 1 THEN 1 ELSE 0 END), 0) AS overdue, \
         COALESCE(SUM(CASE WHEN t.open = 0 THEN 1 ELSE 0 END), 0) AS done \
         FROM executions e JOIN objects o ON o.id = e.guard_object_id \
         LEFT JOIN execution_tasks t ON t.execution_id = e.id \
         WHERE e.status IN ('running', 'paused') AND ",
    );
    sql.visible("o", filter);
    sql.push(" GROUP BY e.id, e.guard_object_id, e.incident_id, e.playbook_id, e.status, e.started_at ORDER BY overdue DESC, e.id");
    Ok(sql.query_as().fetch_all(conn).await?)
}
