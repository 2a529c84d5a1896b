//! Executions of draaiboeken, durable: every transition (start, a person's
//! answer or vote, an operator's command, a timer) is saved with the
//! engine's state under a revision check, the task rows in step and its
//! audit event, in one transaction (transitions that arrive together share
//! one: see `execution_batch`). A crash before the commit loses the whole
//! transition, after it nothing; so nothing runs twice and nothing
//! acknowledged is lost.

use super::execution_batch::{self as batch, refused, seconds, status_id};
use crate::AppError;
use crate::{App, Caller};
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use verbinding_domain::access::Principal;
use verbinding_domain::audit::AuditAction;
use verbinding_domain::role::Permission;
use verbinding_playbook::engine::{self, Command, Execution, Library};
use verbinding_store::executions::{self, NewExecution};
use verbinding_store::{Db, directory, playbooks};

/// What a new run may use (rules 3 and 7): every draaiboek the starter may
/// see, at its newest approved version — never a newer version nobody else
/// approved yet, and never a draaiboek hidden from the starter, so a
/// playbook-action calling a hidden one is refused exactly like one calling
/// a draaiboek that does not exist (`playbook_unknown`). The engine pins
/// what the run uses. Also answers, per CACAO id, the object id and version.
async fn start_library(
    db: &Db,
    f: &verbinding_domain::access::VisibilityFilter,
) -> Result<(Library, HashMap<String, (i64, i64)>), AppError> {
    let mut conn = db.read().await?;
    let visible: std::collections::HashSet<i64> =
        playbooks::list_visible(&mut conn, f).await?.into_iter().map(|s| s.id).collect();
    let mut out = Vec::new();
    let mut ids = HashMap::new();
    for (id, version) in playbooks::approved_versions(&mut conn).await? {
        if !visible.contains(&id) {
            continue;
        }
        let v = playbooks::version_unfiltered(&mut conn, id, version).await?;
        let doc: Value = serde_json::from_str(&v.document).map_err(|e| AppError::caused("stored JSON", e))?;
        if let Ok(p) = verbinding_playbook::Playbook::parse(doc) {
            ids.insert(p.id.clone(), (id, version));
            out.push(p);
        }
    }
    Ok((Library::new(out), ids))
}

/// The start's checks on what the engine pinned: no pinned draaiboek above
/// the size limit (one stored before the limit existed), and none narrower
/// than the run's marking — a run is never more open than a draaiboek it
/// runs (rule 3; we refuse the start rather than derive a narrower marking
/// for the run: see docs/authorization.md, "Draaiboeken and runs").
async fn check_pins(
    conn: &mut sqlx::AnyConnection,
    lib: &Library,
    ids: &HashMap<String, (i64, i64)>,
    ex: &Execution,
    run: &verbinding_domain::access::Marking,
) -> Result<(), AppError> {
    let mut objects = Vec::new();
    for pin in &ex.pins {
        let steps = lib.get(&pin.playbook).map_or(0, |p| p.steps.len());
        if steps > verbinding_playbook::limits::MAX_STEPS {
            return Err(AppError::invalid("playbook", "playbook_too_large"));
        }
        let Some((object, _)) = ids.get(&pin.playbook) else {
            return Err(AppError::internal("a pin outside the library"));
        };
        objects.push(*object);
    }
    if all_cover(conn, &objects, run).await? {
        Ok(())
    } else {
        Err(AppError::invalid("playbook", "playbook_narrower_than_run"))
    }
}

/// Whether each of the draaiboeken (object ids) is at least as open as the
/// run's marking (`access::covers`).
pub(crate) async fn all_cover(
    conn: &mut sqlx::AnyConnection,
    playbooks: &[i64],
    run: &verbinding_domain::access::Marking,
) -> Result<bool, AppError> {
    let orgs = directory::list_orgs(conn).await?;
    let org_chain = |o: i64| directory::org_chain(&orgs, o);
    let mut user_orgs = HashMap::new();
    for u in &run.users {
        user_orgs.insert(*u, directory::user_by_id(conn, *u).await?.org_id);
    }
    let user_chain = |u: i64| user_orgs.get(&u).map(|o| directory::org_chain(&orgs, *o)).unwrap_or_default();
    for object in playbooks {
        let marking = verbinding_store::objects::marking(conn, *object).await?;
        if !verbinding_domain::access::covers(&marking, run, &org_chain, &user_chain) {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Rule 3 when the marking of what guards runs changes (an incident is
/// widened): every run it guards, finished or not, must stay no more open
/// than each draaiboek it pinned, or the change is refused. Called inside
/// the change's transaction, after the new marking is written.
pub(crate) async fn guarded_runs_still_covered(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    guard: i64,
) -> Result<(), AppError> {
    let pinned = executions::pins_of_guarded(tx, guard).await?;
    if pinned.is_empty() {
        return Ok(());
    }
    let run = verbinding_store::objects::marking(tx, guard).await?;
    let mut objects = Vec::new();
    for (cacao_id, sha256) in pinned {
        objects.push(executions::version_by_hash(tx, &cacao_id, &sha256).await?.0);
    }
    objects.sort_unstable();
    objects.dedup();
    if all_cover(tx, &objects, &run).await? {
        Ok(())
    } else {
        Err(AppError::invalid("need_to_know", "runs_narrower_than_incident"))
    }
}

/// What an execution's need-to-know follows.
enum Guard {
    /// The incident it runs for (its marking, also when that changes later).
    Incident(i64),
    /// Its own marking: a run on its own (an exercise, a rehearsal).
    Own(verbinding_domain::marking::ValidMarking),
}

/// Starts a draaiboek for an incident the coordinator may see; the execution
/// is bound to the incident's need-to-know.
pub async fn start(
    app: &App,
    caller: &Caller,
    incident: i64,
    playbook: Result<i64, AppError>,
) -> Result<i64, AppError> {
    caller.require(Permission::Coordinate)?;
    let f = caller.reader()?;
    let mut conn = app.db.read().await?;
    verbinding_store::incidents::get_visible(&mut conn, &f, incident).await?;
    drop(conn);
    launch(app, caller, playbook?, Guard::Incident(incident)).await
}

/// Starts a draaiboek on its own, for an exercise or a rehearsal: the
/// execution is an object of its own with this marking, which must lie
/// within the ceiling and the starter's clearance and must leave the starter
/// able to see it. Every problem with the marking and the playbook is named
/// at once.
pub async fn start_standalone(
    app: &App,
    caller: &Caller,
    playbook: Result<i64, AppError>,
    marking: &verbinding_domain::marking::MarkingInput,
) -> Result<i64, AppError> {
    caller.require(Permission::Coordinate)?;
    let mut v = verbinding_domain::error::Validator::new();
    let valid = marking.check(&app.config.ceiling, &mut v);
    if let Err(AppError::Invalid(errors)) = &playbook {
        for e in errors {
            v.push(e.clone());
        }
    }
    v.finish()?;
    let valid = valid.ok_or(AppError::BadRequest)?;
    crate::marked::within_own_clearance(&caller.principal, &valid)?;
    launch(app, caller, playbook?, Guard::Own(valid)).await
}

/// Starts the playbook's newest approved version (the engine pins it and
/// whatever it calls) and stores the run, its tasks and its audit event in
/// one transaction. Incident runs and runs on their own (exercises) alike
/// need an approved version (rule 7): exercises have no context of their
/// own yet (issue 17) that would set them apart.
async fn launch(app: &App, caller: &Caller, playbook: i64, guard: Guard) -> Result<i64, AppError> {
    let user = caller.account()?;
    let f = caller.reader()?;
    let mut conn = app.db.read().await?;
    let summary = match playbooks::get_visible(&mut conn, &f, playbook).await {
        Err(verbinding_store::StoreError::NotFound) => Err(AppError::invalid("playbook", "playbook_unknown")),
        found => Ok(found?),
    }?;
    let (lib, ids) = start_library(&app.db, &f).await?;
    let Some(&(_, version)) = ids.get(&summary.cacao_id) else {
        return Err(AppError::invalid("playbook", "playbook_approval_missing"));
    };
    let now = app.now_ms();
    let (ex, effects) =
        engine::start(&lib, &summary.cacao_id, seconds(now), &BTreeMap::new()).map_err(|e| refused(None, e))?;
    let run_marking = match &guard {
        Guard::Incident(incident) => verbinding_store::objects::marking(&mut conn, *incident).await?,
        Guard::Own(m) => verbinding_domain::access::Marking {
            classification: m.classification.clone(),
            open_to_all: m.open_to_all,
            orgs: verbinding_store::objects::resolve_orgs(&mut conn, &m.orgs, "need_to_know").await?,
            users: verbinding_store::objects::resolve_users(&mut conn, &m.users, "need_to_know_users").await?,
        },
    };
    check_pins(&mut conn, &lib, &ids, &ex, &run_marking).await?;
    drop(conn);
    let text = serde_json::to_string(&ex).map_err(|e| AppError::caused("stored JSON", e))?;
    let mut tx = app.db.write().await?;
    let (guard_object_id, incident_id) = match &guard {
        Guard::Incident(incident) => (*incident, Some(*incident)),
        Guard::Own(marking) => {
            let own = verbinding_store::objects::create(&mut tx, "execution", marking, user.id, now).await?;
            crate::marked::still_visible(&mut tx, &f, own).await?;
            (own, None)
        }
    };
    let id = executions::create(
        &mut tx,
        &NewExecution {
            guard_object_id,
            incident_id,
            playbook_id: playbook,
            playbook_version: version,
            status: &status_id(&ex),
            state: &text,
            next_due: engine::next_due(&ex),
            started_by: Some(user.id),
        },
        now,
    )
    .await?;
    let changes = batch::task_changes(&lib, &ex, &[]);
    let changes: Vec<(i64, &batch::TaskChange)> = changes.iter().map(|c| (id, c)).collect();
    batch::write_tasks(&mut tx, &changes, &mut HashMap::new()).await?;
    // The row is about the incident (or the run's own object): it names the
    // run and nothing else (rule 9). The draaiboek's CACAO id is left out;
    // the run's page names it to whoever may see the run.
    let detail = serde_json::json!({"execution": id, "standalone": incident_id.is_none(), "effects": effects.len()});
    crate::marked::audit_about(&mut tx, app, caller, AuditAction::ExecutionStarted, guard_object_id, detail).await?;
    tx.commit().await?;
    Ok(id)
}

/// What a person may do on a task (None: there is no such task): members of
/// the organisation it is for (with the role, when the agent names one), of
/// the organisation it was escalated to, whoever claimed it or had it
/// delegated; coordinators always.
pub(crate) fn may_act_as(principal: &Principal, owner: Option<&executions::TaskOwner>) -> Result<(), AppError> {
    if principal.has(Permission::Coordinate) {
        return Ok(());
    }
    let owner = owner.ok_or_else(|| AppError::invalid("task", "task_unknown"))?;
    let in_org = |o: Option<i64>| o.is_some_and(|o| principal.org_chain.contains(&o));
    let role_ok = owner.role.as_deref().is_none_or(|r| principal.roles.iter().any(|x| x.id() == r));
    if owner.claimed_by == Some(principal.user_id)
        || (in_org(owner.org_id) && role_ok)
        || in_org(owner.escalated_org_id)
    {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// A vote is cast for an approver agent: by a member of the organisation it
/// stands for (with its role, when it names one), or by a coordinator.
async fn may_vote_for(
    conn: &mut sqlx::AnyConnection,
    principal: &Principal,
    ex: &Execution,
    lib: &Library,
    approver: &str,
) -> Result<bool, AppError> {
    if principal.has(Permission::Coordinate) {
        return Ok(true);
    }
    let mapping = ex
        .frames
        .iter()
        .map(|f| batch::agent_mapping(lib, &f.playbook, approver))
        .find(|m| m.organisation.is_some())
        .unwrap_or_default();
    let org = match mapping.organisation.as_deref() {
        Some(code) => directory::org_id_by_code(conn, code).await?,
        None => None,
    };
    let role_ok = mapping.role.as_deref().is_none_or(|r| principal.roles.iter().any(|x| x.id() == r));
    Ok(org.is_some_and(|o| principal.org_chain.contains(&o)) && role_ok)
}

/// The run's state and the pinned playbooks it runs on.
async fn loaded(
    app: &App,
    conn: &mut sqlx::AnyConnection,
    execution: i64,
) -> Result<(Execution, Arc<Library>), AppError> {
    let stored = executions::load(conn, execution).await?;
    super::execution_state::current(app, conn, &stored).await
}

/// Of these approver agents, the ones the viewer may vote for (for the page's choice).
pub async fn votable(
    app: &App,
    caller: &Caller,
    execution: i64,
    approvers: &[String],
) -> Result<Vec<String>, AppError> {
    let f = caller.reader()?;
    let mut conn = app.db.read().await?;
    executions::check_visible(&mut conn, &f, execution).await?;
    let (ex, lib) = loaded(app, &mut conn, execution).await?;
    let mut out = Vec::new();
    for a in approvers {
        if may_vote_for(&mut conn, &caller.principal, &ex, &lib, a).await? {
            out.push(a.clone());
        }
    }
    Ok(out)
}

/// Applies one command to an execution the caller may see, as one durable
/// transition. Operator commands (pause, resume, cancel, skip, add a step)
/// are for coordinators; answers for writers who may act on the task; votes
/// for members of the approver's organisation (a decision maker need not
/// write content to approve).
pub async fn command(app: &App, caller: &Caller, id: i64, command: Command) -> Result<(), AppError> {
    let principal = &caller.principal;
    caller.account()?;
    let f = caller.reader()?;
    // Visibility and, for an answer, the task's owner: one read
    // (every answer takes this path, so it counts).
    let mut conn = app.db.read().await?;
    let owner = match &command {
        Command::Complete { task, .. } if !principal.has(Permission::Coordinate) => {
            Some(executions::visible_task_owner(&mut conn, &f, id, task).await?)
        }
        // A coordinator's answer, a vote or a skip of a task marked above
        // the caller's clearance answers as for a task that does not exist
        // (rule 4); the engine answers the same for an unknown one.
        Command::Complete { task, .. } | Command::Approve { task, .. } | Command::Skip { task, .. } => {
            if executions::visible_task_owner(&mut conn, &f, id, task).await?.is_none()
                && executions::task_owner(&mut conn, id, task).await.is_ok()
            {
                return Err(batch::refused(Some(task), engine::EngineError::TaskUnknown { task: task.clone() }));
            }
            None
        }
        _ => {
            executions::check_visible(&mut conn, &f, id).await?;
            None
        }
    };
    let task = match &command {
        Command::Complete { task, .. } => {
            if !principal.has(Permission::WriteObjects) && !principal.has(Permission::Coordinate) {
                return Err(AppError::Forbidden);
            }
            if let Some(owner) = &owner {
                may_act_as(principal, owner.as_ref())?;
            }
            Some(task.clone())
        }
        Command::Approve { task, approver, .. } => {
            let (ex, lib) = loaded(app, &mut conn, id).await?;
            if !may_vote_for(&mut conn, principal, &ex, &lib, approver).await? {
                return Err(AppError::Forbidden);
            }
            Some(task.clone())
        }
        Command::Tick => return Err(AppError::BadRequest),
        Command::Skip { task, .. } => {
            if !principal.has(Permission::Coordinate) {
                return Err(AppError::Forbidden);
            }
            Some(task.clone())
        }
        _ if !principal.has(Permission::Coordinate) => return Err(AppError::Forbidden),
        _ => None,
    };
    drop(conn);
    batch::submit(app, id, command, task, caller.clone()).await
}

/// Fires every timer due at the clock's now (reminders, overdue, escalations)
/// in the executions that have one; returns how many executions moved.
/// Called by the scheduler loop; time comes from the state's clock, so tests
/// move a manual clock and call this.
pub async fn tick(app: &App) -> Result<usize, AppError> {
    let now = seconds(app.now_ms());
    let mut conn = app.db.read().await?;
    let due = executions::due(&mut conn, now, 500).await?;
    drop(conn);
    // All at once: the writer commits them together.
    let answers: Vec<_> =
        due.into_iter().map(|id| batch::enqueue(app, id, Command::Tick, None, Caller::system("scheduler"))).collect();
    let mut moved = 0;
    for answer in answers {
        match answer.await.map_err(|_| AppError::internal("the transition writer stopped"))? {
            Ok(()) => moved += 1,
            // Someone else moved it first; the next tick sees the new app.
            Err(AppError::Conflict) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(moved)
}

/// The scheduler: every 500 ms it fires the timers that fell due (see
/// [`tick`]), also for executions that were running when the server last
/// stopped, so deadlines, reminders and escalations land within about half a
/// second. `serve` runs it; the benchmark runs the same loop.
pub fn spawn_scheduler(app: App) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(std::time::Duration::from_millis(500));
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            every.tick().await;
            if let Err(e) = tick(&app).await {
                tracing::error!(error = ?e, "the scheduler could not fire due timers");
            }
            // Signposts: a crossing is put before the next review.
            if let Err(e) = crate::foresight::tick(&app).await {
                tracing::error!(error = ?e, "the scheduler could not check the signposts");
            }
        }
    })
}

/// (commits, transitions) the transition writer made so far (for the benchmark).
pub fn batch_stats(app: &App) -> (u64, u64) {
    app.transitions.stats()
}

/// An execution's state at its revision, for the operator's diagnostics
/// (the snapshot with the journal since replayed), with the status and
/// next-due columns stored beside it. No viewer's need-to-know applies, so
/// only the command line may ask.
pub async fn stored_state(app: &App, caller: &Caller, id: i64) -> Result<(Execution, executions::Stored), AppError> {
    caller.require_operator()?;
    let mut conn = app.db.read().await?;
    let stored = executions::load(&mut conn, id).await?;
    let (ex, _) = super::execution_state::current(app, &mut conn, &stored).await?;
    Ok((ex, stored))
}

/// One execution as a viewer sees it: the stored run, what it runs, the
/// engine's view (step statuses, who we are waiting for), the task rows and
/// notes, and the values of the top playbook's variables. Each list is
/// capped (rule 11: no answer grows without bound); `omitted` says how many
/// entries each left out.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ExecutionDetail {
    pub execution: executions::Stored,
    /// The CACAO id of the playbook the run started.
    pub playbook: String,
    pub view: engine::ExecutionView,
    pub tasks: Vec<executions::InboxTask>,
    pub notes: Vec<executions::Note>,
    pub variables: BTreeMap<String, Option<String>>,
    /// Who did what when, oldest first (the newest [`MAX_LISTED`]).
    pub history: Vec<engine::history::HistoryEntry>,
    /// The names of the people the history and the notes name, by email.
    pub people: BTreeMap<String, String>,
    /// The run's own marking (its guard's: the incident's, or its own).
    pub classification: String,
    pub tlp: String,
    /// The title of the incident it runs for.
    pub incident_title: Option<String>,
    /// The assessments its tasks' answers became that the viewer may read:
    /// (task, assessment id).
    pub assessments: Vec<(String, i64)>,
    pub omitted: Omitted,
}

/// How many entries of each list of an [`ExecutionDetail`] were left out.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Omitted {
    /// Sub-draaiboek frames beyond the first [`MAX_FRAMES`].
    pub frames: usize,
    /// Steps of a frame beyond [`verbinding_playbook::limits::MAX_STEPS`].
    pub steps: usize,
    /// Open tasks beyond the [`MAX_LISTED`] most urgent.
    pub waiting: usize,
    /// Task rows, notes and history entries beyond the [`MAX_LISTED`] newest.
    pub tasks: usize,
    pub notes: usize,
    pub history: usize,
}

/// At most this many open tasks, task rows and notes in one answer about a
/// run: the run page asks per open task whether the viewer may act on it,
/// and a run of a draaiboek within the import limits has far fewer.
pub const MAX_LISTED: usize = 200;
/// At most this many frames (the top draaiboek and the sub-draaiboeken it called).
pub const MAX_FRAMES: usize = 50;

/// Keeps the first `n` entries; answers how many it dropped.
fn keep_first<T>(v: &mut Vec<T>, n: usize) -> usize {
    let over = v.len().saturating_sub(n);
    v.truncate(n);
    over
}

/// Keeps the last (newest) `n` entries; answers how many it dropped.
fn keep_last<T>(v: &mut Vec<T>, n: usize) -> usize {
    let over = v.len().saturating_sub(n);
    v.drain(..over);
    over
}

/// One execution for a viewer: what it runs, the engine's view, the tasks and notes.
pub async fn view(app: &App, caller: &Caller, id: i64) -> Result<ExecutionDetail, AppError> {
    let f = caller.reader()?;
    let mut conn = app.db.read().await?;
    let stored = executions::get_visible(&mut conn, &f, id).await?;
    let (ex, lib) = super::execution_state::current(app, &mut conn, &stored).await?;
    let mut view = engine::view(&lib, &ex);
    // Steps marked above the viewer's clearance: that they exist, nothing more (rule 4).
    let restricted = restricted_steps(&lib, caller);
    let hidden = engine::redact::redact(&lib, &ex, &mut view, &restricted);
    let mut tasks = executions::tasks(&mut conn, &f, id).await?;
    tasks.retain(|t| !hidden.tasks.contains(&t.task));
    let mut notes = executions::notes(&mut conn, id).await?;
    notes.retain(|n| !hidden.tasks.contains(&n.task));
    let mut variables = ex.variables();
    variables.retain(|k, _| !hidden.variables.contains(k));
    let mut history = engine::history::history(&lib, &ex, &restricted);
    let mut omitted = Omitted {
        frames: keep_first(&mut view.frames, MAX_FRAMES),
        waiting: keep_first(&mut view.waiting, MAX_LISTED),
        tasks: keep_last(&mut tasks, MAX_LISTED),
        notes: keep_last(&mut notes, MAX_LISTED),
        history: keep_last(&mut history, MAX_LISTED),
        steps: 0,
    };
    let mut emails: Vec<String> = history
        .iter()
        .filter_map(|h| h.by.clone())
        .chain(notes.iter().flat_map(|n| [n.by_email.clone(), n.to_email.clone()]).flatten())
        .filter(|e| !e.is_empty())
        .collect();
    emails.sort();
    emails.dedup();
    let people = verbinding_store::directory::names_by_email(&mut conn, &emails).await?;
    for frame in &mut view.frames {
        while frame.steps.len() > verbinding_playbook::limits::MAX_STEPS {
            frame.steps.pop_last();
            omitted.steps += 1;
        }
    }
    // The read of a classified run is audited before it is shown (rule 9),
    // about the object guarding it (its incident, or its own).
    let marking = verbinding_store::objects::marking(&mut conn, stored.guard_object_id).await?;
    let tlp = verbinding_store::objects::tlp(&mut conn, stored.guard_object_id).await?;
    let incident_title = match stored.incident_id {
        Some(i) => Some(verbinding_store::incidents::get_visible(&mut conn, &f, i).await?.title),
        None => None,
    };
    let mut assessments = verbinding_store::assessments::of_run(&mut conn, &f, id).await?;
    assessments.retain(|(task, _)| !hidden.tasks.contains(task));
    drop(conn);
    crate::marked::record_reads(app, caller, &[(stored.guard_object_id, &marking.classification)], Some("run")).await?;
    Ok(ExecutionDetail {
        execution: stored,
        playbook: ex.playbook,
        view,
        tasks,
        notes,
        variables,
        history,
        people,
        classification: marking.classification,
        tlp,
        incident_title,
        assessments,
        omitted,
    })
}

/// The steps of the run's pinned draaiboeken marked above the caller's clearance.
pub(crate) fn restricted_steps(lib: &Library, caller: &Caller) -> std::collections::BTreeSet<(String, String)> {
    let clearance = caller.principal.clearance.as_str();
    engine::redact::restricted_steps(lib, &|c| verbinding_domain::classification::cleared_for(clearance, c))
}

/// Marks the task rows written before tasks carried their step's
/// classification (migration 15), from each run's pinned draaiboeken; the
/// operator's start-up job, answering how many rows it marked. A run whose
/// state cannot be read keeps its rows unmarked (and visible as before) and
/// is named in the log: start-up never fails on stored content (rule 1).
pub async fn mark_task_rows(app: &App) -> Result<usize, AppError> {
    let mut conn = app.db.read().await?;
    let ids = executions::unmarked_task_runs(&mut conn).await?;
    let mut marks = Vec::new();
    for id in ids {
        let stored = executions::load(&mut conn, id).await?;
        match super::execution_state::current(app, &mut conn, &stored).await {
            Ok((ex, lib)) => {
                for inst in &ex.instances {
                    if let Some(task) = &inst.task {
                        marks.push((id, task.key.clone(), batch::task_marking(&lib, &ex, inst)));
                    }
                }
            }
            Err(e) => tracing::warn!(execution = id, error = %e, "cannot mark the tasks of this run"),
        }
    }
    drop(conn);
    if marks.is_empty() {
        return Ok(0);
    }
    let mut tx = app.db.write().await?;
    let marked = executions::mark_tasks(&mut tx, &marks).await?;
    tx.commit().await?;
    Ok(marked)
}

/// The executions of an incident the viewer may see.
pub async fn for_incident(app: &App, caller: &Caller, incident: i64) -> Result<Vec<executions::Stored>, AppError> {
    let f = caller.reader()?;
    let mut conn = app.db.read().await?;
    verbinding_store::incidents::get_visible(&mut conn, &f, incident).await?;
    let runs = executions::for_incident(&mut conn, &f, incident).await?;
    drop(conn);
    let shown: Vec<i64> = runs.iter().map(|r| r.guard_object_id).collect();
    crate::marked::record_shown(app, caller, &shown, "runs").await?;
    Ok(runs)
}

/// How many open tasks the viewer's inbox holds (for the menu): a count,
/// naming no task, through the same filter as the inbox.
pub async fn open_task_count(app: &App, caller: &Caller) -> Result<i64, AppError> {
    let f = caller.reader()?;
    let mut conn = app.db.read().await?;
    Ok(executions::inbox_count(&mut conn, &f, &executions::InboxQuery::default()).await?)
}

/// The inbox's order and filters as typed (page or API query): `sort`
/// `urgency` (default), `incident` or `newest`; `overdue` `true` for the
/// overdue tasks only; `claim` `all`, `mine` or `unclaimed`; `incident` an
/// incident's id.
#[derive(Debug, Clone, Default)]
pub struct InboxFilters {
    pub sort: Option<String>,
    pub overdue: Option<String>,
    pub claim: Option<String>,
    pub incident: Option<String>,
}

pub const INBOX_SORTS: [&str; 3] = ["urgency", "incident", "newest"];
pub const INBOX_CLAIMS: [&str; 3] = ["all", "mine", "unclaimed"];

/// The query the filters ask for; every bad value named at once.
pub fn parse_inbox_query(f: &InboxFilters) -> Result<executions::InboxQuery, AppError> {
    use executions::{ClaimFilter, InboxSort};
    let mut v = verbinding_domain::error::Validator::new();
    let given = |o: &Option<String>| o.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
    let sort = match given(&f.sort).as_deref() {
        None | Some("urgency") => InboxSort::Urgency,
        Some("incident") => InboxSort::Incident,
        Some("newest") => InboxSort::Newest,
        Some(_) => {
            v.check(false, "sort", "sort_unknown");
            InboxSort::Urgency
        }
    };
    let overdue_only = match given(&f.overdue).as_deref() {
        None | Some("false") => false,
        Some("true") => true,
        Some(_) => {
            v.check(false, "overdue", "filter_unknown");
            false
        }
    };
    let claim = match given(&f.claim).as_deref() {
        None | Some("all") => ClaimFilter::All,
        Some("mine") => ClaimFilter::Mine,
        Some("unclaimed") => ClaimFilter::Unclaimed,
        Some(_) => {
            v.check(false, "claim", "filter_unknown");
            ClaimFilter::All
        }
    };
    let incident = match given(&f.incident) {
        None => None,
        Some(text) => match text.parse::<i64>() {
            Ok(id) if id > 0 => Some(id),
            _ => {
                v.check(false, "incident", "filter_unknown");
                None
            }
        },
    };
    v.finish()?;
    Ok(executions::InboxQuery { sort, overdue_only, claim, incident })
}

/// The most open tasks one answer lists (rule 11: no answer grows without
/// bound); the rest are on the next pages.
pub const INBOX_PAGE_MAX: i64 = 200;

/// One page of the open tasks for the viewer (their organisation's,
/// escalated to it, or theirs) in the query's order (most urgent first by
/// default) and filters, with how many match in all. `limit` is at most
/// [`INBOX_PAGE_MAX`].
pub async fn inbox(
    app: &App,
    caller: &Caller,
    query: &executions::InboxQuery,
    offset: i64,
    limit: i64,
) -> Result<(Vec<executions::InboxTask>, i64), AppError> {
    let f = caller.reader()?;
    let mut conn = app.db.read().await?;
    let mut tasks = executions::inbox(&mut conn, &f, query, offset.max(0), limit.clamp(1, INBOX_PAGE_MAX)).await?;
    translate_task_names(&mut conn, &mut tasks).await?;
    let total = executions::inbox_count(&mut conn, &f, query).await?;
    drop(conn);
    let shown: Vec<i64> = tasks.iter().map(|t| t.guard_object_id).collect();
    crate::marked::record_shown(app, caller, &shown, "inbox").await?;
    Ok((tasks, total))
}

/// Fills in each task's step name in every language its draaiboek gives
/// (the task row keeps the CACAO name), reading each pinned version once.
/// A step of a sub-draaiboek keeps its own name. The reader is cleared for
/// every task listed, so the names tell them nothing new.
async fn translate_task_names(
    conn: &mut sqlx::AnyConnection,
    tasks: &mut [executions::InboxTask],
) -> Result<(), AppError> {
    let mut docs: HashMap<(i64, i64), Option<Value>> = HashMap::new();
    for t in tasks.iter_mut() {
        let key = (t.playbook_id, t.playbook_version);
        if let std::collections::hash_map::Entry::Vacant(slot) = docs.entry(key) {
            let doc = match playbooks::version_unfiltered(conn, key.0, key.1).await {
                Ok(v) => serde_json::from_str(&v.document).ok(),
                Err(verbinding_store::StoreError::NotFound) => None,
                Err(e) => return Err(e.into()),
            };
            slot.insert(doc);
        }
        let Some(Some(doc)) = docs.get(&key) else { continue };
        let translations =
            &doc["workflow"][&t.step]["step_extensions"][verbinding_playbook::extension::EXTENSION_ID]["translations"];
        for (lang, tr) in translations.as_object().into_iter().flatten() {
            if let Some(name) = tr["name"].as_str().filter(|n| !n.trim().is_empty()) {
                t.translated.insert(lang.clone(), name.to_string());
            }
        }
    }
    Ok(())
}

/// The incidents whose runs have tasks in the viewer's inbox, for its filter.
pub async fn inbox_incidents(app: &App, caller: &Caller) -> Result<Vec<(i64, String)>, AppError> {
    let f = caller.reader()?;
    let mut conn = app.db.read().await?;
    let incidents = executions::inbox_incidents(&mut conn, &f).await?;
    drop(conn);
    let shown: Vec<i64> = incidents.iter().map(|(id, _)| *id).collect();
    crate::marked::record_shown(app, caller, &shown, "inbox").await?;
    Ok(incidents)
}

/// Whether the viewer may answer the task (for showing its form).
pub async fn may_act(app: &App, caller: &Caller, execution: i64, task: &str) -> Result<bool, AppError> {
    let f = caller.reader()?;
    let mut conn = app.db.read().await?;
    // A task marked above the viewer's clearance is no task of theirs,
    // whatever their role (rule 4).
    let Some(owner) = executions::visible_task_owner(&mut conn, &f, execution, task).await? else {
        return Ok(false);
    };
    Ok(may_act_as(&caller.principal, Some(&owner)).is_ok())
}

/// The running executions the viewer may see, with open and overdue task counts.
pub async fn running(app: &App, caller: &Caller) -> Result<Vec<executions::RunningCount>, AppError> {
    let f = caller.reader()?;
    let mut conn = app.db.read().await?;
    let runs = executions::running_counts(&mut conn, &f).await?;
    drop(conn);
    let shown: Vec<i64> = runs.iter().map(|r| r.guard_object_id).collect();
    crate::marked::record_shown(app, caller, &shown, "runs").await?;
    Ok(runs)
}
