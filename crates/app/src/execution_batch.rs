//! Group commit of execution transitions. Every transition (an answer, a
//! vote, an operator's command, a timer) goes to one writer task per server;
//! the commands that arrive while it commits one group form the next group
//! (at most `MAX_BATCH`), which it applies in ONE database transaction:
//!
//! 1. begin (on SQLite BEGIN IMMEDIATE: the write lock before the read);
//! 2. take each execution as this writer left it after its last transition
//!    (parsed, kept in memory), or read its snapshot and the journal since
//!    and replay them (`execution_state`);
//! 3. apply the commands in arrival order with the pure engine, each on the
//!    state the previous one left, exactly as one after the other; a refusal
//!    leaves the state as it was and is that caller's answer only;
//! 4. save each changed execution once with the revision check (`revision`
//!    counts transitions, so k transitions on revision r end at r + k),
//!    append each transition's command to the journal and, every
//!    `SNAPSHOT_EVERY` transitions or at the end, the whole state; bring
//!    the task rows that changed in step, append one audit event per
//!    transition that had effects, in order, and commit.
//!
//! So each transition is audited and durable exactly as on its own, and no
//! caller hears "done" before the commit. A database error before the commit
//! (for instance another server moved an execution: the revision check)
//! rolls the group back whole; its commands are then applied one group of
//! one each, so one bad command cannot fail or lose the others. A failed
//! commit is not retried (it may have landed); its callers get the error.
//!
//! Why group: the commit (an fsync on PostgreSQL, the write lock on SQLite)
//! costs as much as the work of a transition, and transitions of one server
//! are serialised anyway (the audit chain's head is one row).

use super::{execution_state, step_assessments};
use crate::{App, AppError, Caller, audit};
use serde_json::Value;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use tokio::sync::{mpsc, oneshot};
use verbinding_domain::audit::AuditAction;
use verbinding_playbook::Finding;
use verbinding_playbook::engine::{self, Command, EngineError, Execution, Library};
use verbinding_playbook::extension::{AgentMapping, EXTENSION_ID};
use verbinding_store::executions::{self, TaskRow};

/// At most this many commands in one transaction: enough to spread a commit
/// over many transitions, few enough that the write lock is not held long.
const MAX_BATCH: usize = 128;
/// Parsed states kept between transitions, by size of their JSON: parsing
/// the state is much of a transition's work, and a revision check makes a
/// stale copy harmless (it is read again).
const STATE_CACHE_BYTES: usize = 64 << 20;
/// Compiled libraries kept by pinned versions (a pinned version never changes).
const LIBRARY_CACHE: usize = 64;

/// Who asked for a transition: a person, or the scheduler.
pub(crate) type By = Caller;

struct Request {
    id: i64,
    command: Command,
    task: Option<String>,
    by: By,
}

struct Job {
    request: Request,
    reply: oneshot::Sender<Result<(), AppError>>,
}

/// The pinned versions of an execution: (playbook id, SHA-256) each.
type PinKey = Vec<(String, String)>;

/// What the engine's part of a group gives back: the executions, what each
/// command did, and what to save.
type Applied = (HashMap<i64, Work>, Vec<Outcome>, Vec<Write>);

/// The writer's queue, the compiled-library cache and counters; one per
/// server app.
#[derive(Default)]
pub struct Transitions {
    queue: Mutex<Option<mpsc::UnboundedSender<Job>>>,
    libraries: Mutex<HashMap<PinKey, Arc<Library>>>,
    commits: AtomicU64,
    applied: AtomicU64,
    checkpointing: std::sync::atomic::AtomicBool,
}

impl Transitions {
    /// (commits, transitions committed) so far.
    pub fn stats(&self) -> (u64, u64) {
        (self.commits.load(Ordering::Relaxed), self.applied.load(Ordering::Relaxed))
    }
}

/// Queues one command; the answer comes after its group's commit. The
/// writer starts with the first command (and again should it have stopped).
pub(crate) fn enqueue(
    app: &App,
    id: i64,
    command: Command,
    task: Option<String>,
    by: By,
) -> oneshot::Receiver<Result<(), AppError>> {
    let (reply, answer) = oneshot::channel();
    let mut job = Job { request: Request { id, command, task, by }, reply };
    let mut queue = app.transitions.queue.lock().unwrap_or_else(|p| p.into_inner());
    if let Some(q) = queue.as_ref() {
        match q.send(job) {
            Ok(()) => return answer,
            Err(mpsc::error::SendError(back)) => job = back,
        }
    }
    let (q, rx) = mpsc::unbounded_channel();
    tokio::spawn(writer(app.clone(), rx));
    // A fresh channel whose receiver was just handed to the writer accepts;
    // should it not, the job's reply is dropped and the caller hears an error.
    if q.send(job).is_err() {
        tracing::error!("the execution writer refused a job on a fresh channel");
    }
    *queue = Some(q);
    answer
}

/// Applies one command as a durable transition and waits for its commit.
pub(crate) async fn submit(app: &App, id: i64, command: Command, task: Option<String>, by: By) -> Result<(), AppError> {
    enqueue(app, id, command, task, by).await.map_err(|_| AppError::internal("the transition writer stopped"))?
}

/// The writer's own connection and the states it keeps between groups.
struct Writer {
    /// Its own connection, out of the pool: under load every connection of
    /// the pool is busy with the callers' reads, and the writer must not
    /// queue behind them. Dropped after any error and opened again.
    conn: Option<sqlx::AnyConnection>,
    cache: StateCache,
    /// SQLite: bytes of state written since the last checkpoint was started.
    unchecked: usize,
}

/// SQLite: start a checkpoint after about this much state was written (the
/// default automatic checkpoint comes after 1000 pages, 4 MB).
const CHECKPOINT_BYTES: usize = 4 << 20;

async fn writer(app: App, mut rx: mpsc::UnboundedReceiver<Job>) {
    let mut w = Writer { conn: None, cache: StateCache::default(), unchecked: 0 };
    while let Some(first) = rx.recv().await {
        let mut jobs = vec![first];
        while jobs.len() < MAX_BATCH {
            match rx.try_recv() {
                Ok(j) => jobs.push(j),
                Err(_) => break,
            }
        }
        run(&app, &mut w, jobs).await;
    }
}

enum Failed {
    /// Rolled back: nothing of the group happened.
    Before(AppError),
    /// The commit itself failed: it may or may not have landed.
    Commit(AppError),
}

impl<E: Into<AppError>> From<E> for Failed {
    fn from(e: E) -> Failed {
        Failed::Before(e.into())
    }
}

/// Hands a result back to the caller waiting for it. A caller that went away
/// (its request was cancelled) no longer waits: what was committed stands.
fn answer(reply: oneshot::Sender<Result<(), AppError>>, result: Result<(), AppError>) {
    if reply.send(result).is_err() {
        tracing::debug!("the caller of a transition no longer waits for its answer");
    }
}

async fn run(app: &App, w: &mut Writer, jobs: Vec<Job>) {
    let (requests, replies): (Vec<Request>, Vec<_>) = jobs.into_iter().map(|j| (j.request, j.reply)).unzip();
    match commit(app, w, &requests).await {
        Ok(results) => {
            for (reply, result) in replies.into_iter().zip(results) {
                answer(reply, result);
            }
        }
        Err(Failed::Commit(e)) => {
            tracing::error!(error = ?e, transitions = requests.len(), "the commit of a group of transitions failed");
            w.reset();
            let message = format!("{e:?}");
            for reply in replies {
                answer(reply, Err(AppError::internal(message.clone())));
            }
        }
        Err(Failed::Before(e)) if requests.len() == 1 => {
            w.reset();
            if let Some(reply) = replies.into_iter().next() {
                answer(reply, Err(e));
            }
        }
        Err(Failed::Before(e)) => {
            tracing::warn!(error = ?e, transitions = requests.len(), "a group of transitions rolled back; one by one");
            w.reset();
            for (request, reply) in requests.into_iter().zip(replies) {
                let result = match commit(app, w, std::slice::from_ref(&request)).await {
                    Ok(mut r) => r.pop().unwrap_or(Ok(())),
                    Err(Failed::Before(e) | Failed::Commit(e)) => {
                        w.reset();
                        Err(e)
                    }
                };
                answer(reply, result);
            }
        }
    }
}

impl Writer {
    /// After a failure: a fresh connection and no kept states.
    fn reset(&mut self) {
        self.conn = None;
        self.cache.clear();
    }
}

/// SQLite: copies the WAL into the database on a pool connection, beside the
/// writer (a passive checkpoint never blocks it), one at a time. Durability
/// does not depend on it: a commit is in the WAL before it is acknowledged.
fn checkpoint(app: &App) {
    if app.transitions.checkpointing.swap(true, Ordering::AcqRel) {
        return;
    }
    let app = app.clone();
    tokio::spawn(async move {
        if let Err(e) = app.db.checkpoint_passive().await {
            tracing::warn!(error = %e, "checkpoint failed");
        }
        app.transitions.checkpointing.store(false, Ordering::Release);
    });
}

/// A parsed state and the revision it is at.
struct Cached {
    revision: i64,
    guard: i64,
    /// The revision of the stored snapshot.
    state_revision: i64,
    ex: Execution,
    bytes: usize,
}

#[derive(Default)]
struct StateCache {
    map: HashMap<i64, Cached>,
    bytes: usize,
}

impl StateCache {
    fn take(&mut self, id: i64) -> Option<Cached> {
        let c = self.map.remove(&id)?;
        self.bytes -= c.bytes;
        Some(c)
    }

    fn put(&mut self, id: i64, c: Cached) {
        if c.bytes > STATE_CACHE_BYTES / 4 {
            return;
        }
        if self.bytes + c.bytes > STATE_CACHE_BYTES {
            // Make room for a while at once: a quarter of the entries go.
            let victims: Vec<i64> = self.map.keys().take(self.map.len() / 4 + 1).copied().collect();
            for v in victims {
                if let Some(old) = self.map.remove(&v) {
                    self.bytes -= old.bytes;
                }
            }
        }
        self.bytes += c.bytes;
        if let Some(old) = self.map.insert(id, c) {
            self.bytes -= old.bytes;
        }
    }

    fn clear(&mut self) {
        self.map.clear();
        self.bytes = 0;
    }
}

/// One execution in a group: as loaded, then as the commands leave it.
struct Work {
    revision: i64,
    state_revision: i64,
    guard: i64,
    ex: Execution,
    bytes: usize,
    lib: Arc<Library>,
    /// The task rows as stored, by instance number.
    rows: Vec<Option<TaskSnap>>,
    transitions: i64,
    /// The commands applied in this group, as journal entries (revision, at, JSON).
    journal: Vec<(i64, String)>,
}

impl Work {
    fn new(revision: i64, state_revision: i64, guard: i64, ex: Execution, bytes: usize, lib: Arc<Library>) -> Work {
        let rows = snapshot(&ex);
        Work { revision, state_revision, guard, ex, bytes, lib, rows, transitions: 0, journal: Vec::new() }
    }
}

/// What one command did.
enum Outcome {
    Refused(AppError),
    /// Nothing to do (no effects): nothing is written.
    Unchanged,
    Applied {
        kind: &'static str,
        status: String,
        effects: Vec<String>,
        /// The assessments the transition's answers become.
        assessments: Vec<step_assessments::Due>,
    },
}

/// An execution to save: its new state and the task rows that changed.
struct Write {
    id: i64,
    revision: i64,
    transitions: i64,
    status: String,
    /// A new snapshot, when one is due.
    snapshot: Option<String>,
    journal: Vec<(i64, String)>,
    next_due: Option<i64>,
    changes: Vec<TaskChange>,
}

async fn commit(app: &App, w: &mut Writer, requests: &[Request]) -> Result<Vec<Result<(), AppError>>, Failed> {
    use sqlx::Connection;
    if w.conn.is_none() {
        let mut conn = app.db.dedicated_connection().await?;
        // On SQLite the checkpoint (copying the WAL into the database, with
        // its fsyncs) would otherwise run inside this connection's commit,
        // and every caller of the group would wait for it; it runs on the
        // side instead (see `checkpoint`).
        app.db.no_automatic_checkpoint(&mut conn).await?;
        w.conn = Some(conn);
    }
    let (Some(conn), cache) = (w.conn.as_mut(), &mut w.cache) else {
        return Err(Failed::Before(AppError::internal("no connection")));
    };
    // As `Db::write`: on SQLite the write lock before the first read.
    let mut tx = match app.db.backend {
        verbinding_store::Backend::Sqlite => conn.begin_with("BEGIN IMMEDIATE").await?,
        verbinding_store::Backend::Postgres => conn.begin().await?,
    };
    let mut ids: Vec<i64> = requests.iter().map(|r| r.id).collect();
    ids.sort_unstable();
    ids.dedup();
    // An execution this writer moved last is taken as it left it, without
    // a read: should another process have moved it since (one server per
    // database is the rule, but not enforced), the save's revision check
    // refuses the group, which rolls back, forgets every kept state and
    // retries one by one from the database.
    let mut works: HashMap<i64, Work> = HashMap::new();
    let mut misses = Vec::new();
    for id in ids {
        match cache.take(id) {
            Some(c) => {
                let lib = library(app, &mut tx, &c.ex).await?;
                works.insert(id, Work::new(c.revision, c.state_revision, c.guard, c.ex, c.bytes, lib));
            }
            None => misses.push(id),
        }
    }
    if !misses.is_empty() {
        for snap in executions::snapshots(&mut tx, &misses).await? {
            let (ex, lib) = execution_state::replayed(
                app,
                &mut tx,
                &snap.state,
                (snap.state_revision, snap.revision),
                &snap.journal,
            )
            .await?;
            let work = Work::new(snap.revision, snap.state_revision, snap.guard_object_id, ex, snap.state.len(), lib);
            works.insert(snap.id, work);
        }
    }

    // The engine's part is pure CPU work: off the async threads.
    let commands: Vec<(i64, Command, Option<String>)> =
        requests.iter().map(|r| (r.id, r.command.clone(), r.task.clone())).collect();
    let now = seconds(app.now_ms());
    let (mut works, outcomes, writes) = tokio::task::spawn_blocking(move || apply_all(works, commands, now))
        .await
        .map_err(|e| AppError::internal(format!("the engine stopped: {e}")))??;
    if writes.is_empty() {
        // Every command was refused or changed nothing: no commit (and no
        // fsync) for a group that writes nothing.
        tx.rollback().await?;
        keep(cache, works);
        return Ok(answers(outcomes));
    }

    let saves: Vec<executions::Save> = writes
        .iter()
        .map(|w| executions::Save {
            id: w.id,
            revision: w.revision,
            transitions: w.transitions,
            status: &w.status,
            state: w.snapshot.as_deref(),
            next_due: w.next_due,
        })
        .collect();
    executions::save(&mut tx, &saves, app.now_ms()).await?;
    let journal: Vec<executions::JournalEntry> = writes
        .iter()
        .flat_map(|w| {
            w.journal.iter().map(move |(revision, command)| executions::JournalEntry {
                execution_id: w.id,
                revision: *revision,
                at: now,
                command: command.clone(),
            })
        })
        .collect();
    executions::append_journal(&mut tx, &journal).await?;
    let changes: Vec<(i64, &TaskChange)> =
        writes.iter().flat_map(|w| w.changes.iter().map(move |c| (w.id, c))).collect();
    write_tasks(&mut tx, &changes, &mut HashMap::new()).await?;
    let mut events = Vec::new();
    for (r, o) in requests.iter().zip(&outcomes) {
        if let Outcome::Applied { kind, status, effects, assessments } = o {
            let guard = works.get(&r.id).map_or(0, |w| w.guard);
            let detail = serde_json::json!({"execution": r.id, "command": kind, "task": r.task, "status": status,
                                            "effects": effects});
            let e = audit::event(app, &r.by, AuditAction::ExecutionChanged);
            events.push(audit::with_detail(audit::about_object(e, guard), detail));
            step_assessments::write(app, &mut tx, r.id, &r.by, assessments, &mut events).await?;
        }
    }
    verbinding_store::audit::append_many(&mut tx, &events).await?;
    let committed = tx.commit().await;
    // Also after a failed commit: it may have landed.
    app.db.committed_elsewhere();
    committed.map_err(|e| Failed::Commit(e.into()))?;
    app.transitions.commits.fetch_add(1, Ordering::Relaxed);
    app.transitions.applied.fetch_add(events.len() as u64, Ordering::Relaxed);
    if app.db.backend == verbinding_store::Backend::Sqlite {
        w.unchecked += writes.iter().map(|x| x.snapshot.as_ref().map_or(0, String::len) + 256).sum::<usize>();
        if w.unchecked >= CHECKPOINT_BYTES {
            w.unchecked = 0;
            checkpoint(app);
        }
    }

    for w in &writes {
        if let Some(work) = works.get_mut(&w.id) {
            work.revision += w.transitions;
            if let Some(text) = &w.snapshot {
                work.state_revision = work.revision;
                work.bytes = text.len();
            }
        }
    }
    keep(cache, works);
    Ok(answers(outcomes))
}

/// The executions of a group as the writer leaves them, for its next group.
fn keep(cache: &mut StateCache, works: HashMap<i64, Work>) {
    for (id, w) in works {
        let kept =
            Cached { revision: w.revision, guard: w.guard, state_revision: w.state_revision, ex: w.ex, bytes: w.bytes };
        cache.put(id, kept);
    }
}

/// Each caller's answer: its own refusal, or done.
fn answers(outcomes: Vec<Outcome>) -> Vec<Result<(), AppError>> {
    outcomes
        .into_iter()
        .map(|o| match o {
            Outcome::Refused(e) => Err(e),
            Outcome::Unchanged | Outcome::Applied { .. } => Ok(()),
        })
        .collect()
}

/// Applies the commands in order, each on the state the one before left.
fn apply_all(
    mut works: HashMap<i64, Work>,
    commands: Vec<(i64, Command, Option<String>)>,
    now: i64,
) -> Result<Applied, AppError> {
    let mut outcomes = Vec::with_capacity(commands.len());
    let mut order = Vec::new();
    for (id, command, task) in commands {
        let Some(w) = works.get_mut(&id) else {
            outcomes.push(Outcome::Refused(AppError::NotFound));
            continue;
        };
        let kind = command_kind(&command);
        // Plain data always serialises; were it ever not to, the group rolls
        // back and each command is tried on its own.
        let json = serde_json::to_string(&command).map_err(|e| AppError::caused("stored JSON", e))?;
        if let Err(e) = step_assessments::check_answer(&w.lib, &w.ex, &command) {
            outcomes.push(Outcome::Refused(e));
            continue;
        }
        match engine::apply(&w.lib, &mut w.ex, command, now) {
            Err(e) => outcomes.push(Outcome::Refused(refused(task.as_deref(), e))),
            Ok(effects) if effects.is_empty() => outcomes.push(Outcome::Unchanged),
            Ok(effects) => {
                let assessments = step_assessments::due(&w.lib, &w.ex, &effects);
                if w.transitions == 0 {
                    order.push(id);
                }
                w.transitions += 1;
                w.journal.push((w.revision + w.transitions, json));
                outcomes.push(Outcome::Applied {
                    kind,
                    status: status_id(&w.ex),
                    effects: effects.iter().map(effect_kind).collect(),
                    assessments,
                });
            }
        }
    }
    let mut writes = Vec::with_capacity(order.len());
    for id in order {
        let Some(w) = works.get_mut(&id) else { continue };
        let snapshot = if execution_state::snapshot_due(&w.ex, w.revision + w.transitions - w.state_revision) {
            Some(serde_json::to_string(&w.ex).map_err(|e| AppError::caused("stored JSON", e))?)
        } else {
            None
        };
        writes.push(Write {
            id,
            revision: w.revision,
            transitions: w.transitions,
            status: status_id(&w.ex),
            snapshot,
            journal: std::mem::take(&mut w.journal),
            next_due: engine::next_due(&w.ex),
            changes: task_changes(&w.lib, &w.ex, &w.rows),
        });
    }
    Ok((works, outcomes, writes))
}

/// The task-row fields a transition can change, as the state says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TaskSnap {
    escalated_to: Option<String>,
    deadline: Option<i64>,
    overdue: bool,
    open: bool,
    closed_at: Option<i64>,
}

fn snap(inst: &engine::Instance, task: &engine::Task) -> TaskSnap {
    TaskSnap {
        escalated_to: inst.escalated_to.clone(),
        deadline: inst.deadline,
        overdue: inst.overdue,
        open: task.closed.is_none(),
        closed_at: task.closed_at,
    }
}

/// The task rows as they stand for this state, by instance number.
fn snapshot(ex: &Execution) -> Vec<Option<TaskSnap>> {
    ex.instances.iter().map(|i| i.task.as_ref().map(|t| snap(i, t))).collect()
}

/// A task row to write, with organisations by code.
pub(crate) struct TaskChange {
    task: String,
    step: String,
    name: String,
    agent: Option<String>,
    org: Option<String>,
    role: Option<String>,
    escalated_org: Option<String>,
    snap: TaskSnap,
    opened_at: i64,
    /// The most restrictive marking of the step and its callers (rule 4).
    classification: String,
}

/// The task rows that differ from `rows` (all of them for a new execution):
/// instances keep their numbers, so row and task match by number.
pub(crate) fn task_changes(lib: &Library, ex: &Execution, rows: &[Option<TaskSnap>]) -> Vec<TaskChange> {
    let mut out = Vec::new();
    for inst in &ex.instances {
        let Some(task) = &inst.task else { continue };
        let now = snap(inst, task);
        if rows.get(inst.n as usize).and_then(Option::as_ref) == Some(&now) {
            continue;
        }
        let playbook = ex.frames.get(inst.frame as usize).map(|f| f.playbook.as_str()).unwrap_or_default();
        let mapping = task.agent.as_deref().map(|a| agent_mapping(lib, playbook, a)).unwrap_or_default();
        let escalated_org = inst.escalated_to.as_deref().and_then(|a| agent_mapping(lib, playbook, a).organisation);
        let classification = task_marking(lib, ex, inst);
        out.push(TaskChange {
            classification,
            task: task.key.clone(),
            step: inst.step.clone(),
            name: task.name.clone(),
            agent: task.agent.clone(),
            org: mapping.organisation,
            role: mapping.role,
            escalated_org,
            snap: now,
            opened_at: task.opened_at,
        });
    }
    out
}

/// A task's marking: the most restrictive of its step's and its callers',
/// Ongerubriceerd when none carries one (so NULL means "written before
/// tasks were marked" and start-up marks it: [`crate::executions::mark_task_rows`]).
pub(crate) fn task_marking(lib: &Library, ex: &Execution, inst: &verbinding_playbook::engine::Instance) -> String {
    let markings = verbinding_playbook::engine::redact::instance_markings(lib, ex, inst);
    verbinding_domain::classification::most_restrictive(markings)
        .unwrap_or(verbinding_domain::classification::UNCLASSIFIED)
        .to_string()
}

/// Writes the changed task rows (of several executions) in one statement;
/// organisation ids are looked up once per group.
pub(crate) async fn write_tasks(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    changes: &[(i64, &TaskChange)],
    orgs: &mut HashMap<String, Option<i64>>,
) -> Result<(), AppError> {
    for (_, c) in changes {
        for code in [&c.org, &c.escalated_org].into_iter().flatten() {
            if !orgs.contains_key(code) {
                let found = verbinding_store::directory::org_id_by_code(tx, code).await?;
                orgs.insert(code.clone(), found);
            }
        }
    }
    let org = |code: &Option<String>| code.as_ref().and_then(|c| orgs.get(c).copied().flatten());
    let rows: Vec<TaskRow> = changes
        .iter()
        .map(|(id, c)| TaskRow {
            execution: *id,
            task: &c.task,
            step: &c.step,
            name: &c.name,
            agent: c.agent.as_deref(),
            org_id: org(&c.org),
            role: c.role.as_deref(),
            escalated_org_id: org(&c.escalated_org),
            deadline: c.snap.deadline,
            overdue: c.snap.overdue,
            open: c.snap.open,
            opened_at: c.opened_at,
            closed_at: c.snap.closed_at,
            classification: Some(&c.classification),
        })
        .collect();
    executions::upsert_tasks(tx, &rows).await?;
    Ok(())
}

/// The pinned versions an execution runs on, compiled once per process:
/// a pinned version (playbook id and hash of its canonical form) never changes.
pub(crate) async fn library(
    app: &App,
    conn: &mut sqlx::AnyConnection,
    ex: &Execution,
) -> Result<Arc<Library>, AppError> {
    let key: PinKey = ex.pins.iter().map(|p| (p.playbook.clone(), p.sha256.clone())).collect();
    let cached = app.transitions.libraries.lock().unwrap_or_else(|p| p.into_inner()).get(&key).cloned();
    if let Some(lib) = cached {
        return Ok(lib);
    }
    let mut out = Vec::new();
    for pin in &ex.pins {
        let (_, _, document) = executions::version_by_hash(conn, &pin.playbook, &pin.sha256).await?;
        let doc: Value = serde_json::from_str(&document).map_err(|e| AppError::caused("stored JSON", e))?;
        out.push(verbinding_playbook::Playbook::parse(doc).map_err(|f| AppError::internal(format!("{f:?}")))?);
    }
    let lib = Arc::new(Library::new(out));
    let mut libraries = app.transitions.libraries.lock().unwrap_or_else(|p| p.into_inner());
    if libraries.len() >= LIBRARY_CACHE {
        libraries.clear();
    }
    libraries.insert(key, Arc::clone(&lib));
    Ok(lib)
}

/// An engine refusal as findings: the task (as "step") and the field named.
pub(crate) fn refused(task: Option<&str>, e: EngineError) -> AppError {
    AppError::Findings(vec![Finding {
        step: task.map(str::to_string),
        property: e.field().unwrap_or("").to_string(),
        code: e.code(),
        detail: e.to_string(),
    }])
}

pub(crate) fn seconds(ms: i64) -> i64 {
    ms.div_euclid(1000)
}

pub(crate) fn status_id(ex: &Execution) -> String {
    serde_json::to_value(ex.status).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

/// The directory organisation and role an agent of the playbook stands for.
pub(crate) fn agent_mapping(lib: &Library, playbook: &str, agent: &str) -> AgentMapping {
    lib.get(playbook)
        .and_then(|p| p.document.get("agent_definitions"))
        .and_then(|d| d.get(agent))
        .and_then(|a| a.get("agent_target_extensions"))
        .and_then(|e| e.get(EXTENSION_ID))
        .map(AgentMapping::parse)
        .unwrap_or_default()
}

fn command_kind(c: &Command) -> &'static str {
    match c {
        Command::Complete { .. } => "complete",
        Command::Approve { .. } => "approve",
        Command::Tick => "tick",
        Command::Pause { .. } => "pause",
        Command::Resume { .. } => "resume",
        Command::Cancel { .. } => "cancel",
        Command::Skip { .. } => "skip",
        Command::AddStep(_) => "add-step",
    }
}

fn effect_kind(e: &engine::Effect) -> String {
    serde_json::to_value(e)
        .ok()
        .and_then(|v| v.get("type").and_then(Value::as_str).map(str::to_string))
        .unwrap_or_default()
}
