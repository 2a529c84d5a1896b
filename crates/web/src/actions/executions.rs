//! Executions of draaiboeken, durable: every transition (start, a person's
//! answer or vote, an operator's command, a timer) is one transaction that
//! saves the engine's state with a revision check, brings the task rows in
//! step, and appends its audit event. A crash between transitions loses
//! nothing; a crash inside one rolls it back whole, so nothing runs twice.

use crate::AppState;
use crate::audit_ctx::{self, Actor};
use crate::errors::AppError;
use crate::middleware::RequestCtx;
use serde_json::Value;
use std::collections::BTreeMap;
use verbinding_domain::access::Principal;
use verbinding_domain::audit::AuditAction;
use verbinding_domain::role::Permission;
use verbinding_playbook::Finding;
use verbinding_playbook::engine::{self, Command, EngineError, Execution, Library};
use verbinding_playbook::extension::{AgentMapping, EXTENSION_ID};
use verbinding_store::executions::{self, NewExecution, TaskRow};
use verbinding_store::{Db, playbooks};

pub use crate::actions::dossiers::filter;

/// An engine refusal as findings: the task (as "step") and the field named.
fn refused(task: Option<&str>, e: EngineError) -> AppError {
    AppError::Findings(vec![Finding {
        step: task.map(str::to_string),
        property: e.field().unwrap_or("").to_string(),
        code: e.code(),
        detail: e.to_string(),
    }])
}

fn seconds(ms: i64) -> i64 {
    ms.div_euclid(1000)
}

/// Every stored draaiboek at its current version: what a new execution may
/// call through playbook-action steps (the engine pins what it uses).
async fn current_library(db: &Db) -> Result<Library, AppError> {
    let mut conn = db.pool.acquire().await?;
    let ids: Vec<(i64, i64)> =
        sqlx::query_as("SELECT object_id, current_version FROM playbooks").fetch_all(&mut *conn).await?;
    let mut out = Vec::new();
    for (id, version) in ids {
        let v = playbooks::version_unfiltered(&mut conn, id, version).await?;
        let doc: Value = serde_json::from_str(&v.document).map_err(|e| AppError::Internal(e.to_string()))?;
        if let Ok(p) = verbinding_playbook::Playbook::parse(doc) {
            out.push(p);
        }
    }
    Ok(Library::new(out))
}

/// The pinned versions an execution runs on, found by their canonical hash.
async fn pinned_library(conn: &mut sqlx::AnyConnection, ex: &Execution) -> Result<Library, AppError> {
    let mut out = Vec::new();
    for pin in &ex.pins {
        let (_, _, document) = executions::version_by_hash(conn, &pin.playbook, &pin.sha256).await?;
        let doc: Value = serde_json::from_str(&document).map_err(|e| AppError::Internal(e.to_string()))?;
        out.push(verbinding_playbook::Playbook::parse(doc).map_err(|f| AppError::Internal(format!("{f:?}")))?);
    }
    Ok(Library::new(out))
}

fn status_id(ex: &Execution) -> String {
    serde_json::to_value(ex.status).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

/// The directory organisation and role an agent of the playbook stands for.
fn agent_mapping(lib: &Library, playbook: &str, agent: &str) -> AgentMapping {
    lib.get(playbook)
        .and_then(|p| p.document.get("agent_definitions"))
        .and_then(|d| d.get(agent))
        .and_then(|a| a.get("agent_target_extensions"))
        .and_then(|e| e.get(EXTENSION_ID))
        .map(AgentMapping::parse)
        .unwrap_or_default()
}

async fn org_id(conn: &mut sqlx::AnyConnection, code: Option<&str>) -> Result<Option<i64>, AppError> {
    match code {
        Some(c) => {
            Ok(sqlx::query_scalar("SELECT id FROM organisations WHERE code = $1").bind(c).fetch_optional(conn).await?)
        }
        None => Ok(None),
    }
}

/// Saves the state's tasks into the inbox rows.
async fn sync_tasks(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    lib: &Library,
    id: i64,
    ex: &Execution,
) -> Result<(), AppError> {
    for inst in &ex.instances {
        let Some(task) = &inst.task else { continue };
        let playbook = ex.frames.get(inst.frame as usize).map(|f| f.playbook.clone()).unwrap_or_default();
        let mapping = task.agent.as_deref().map(|a| agent_mapping(lib, &playbook, a)).unwrap_or_default();
        let escalated = match &inst.escalated_to {
            Some(agent) => org_id(tx, agent_mapping(lib, &playbook, agent).organisation.as_deref()).await?,
            None => None,
        };
        let org = org_id(tx, mapping.organisation.as_deref()).await?;
        executions::sync_task(
            tx,
            id,
            &TaskRow {
                task: &task.key,
                step: &inst.step,
                name: &task.name,
                agent: task.agent.as_deref(),
                org_id: org,
                role: mapping.role.as_deref(),
                escalated_org_id: escalated,
                deadline: inst.deadline,
                overdue: inst.overdue,
                open: task.closed.is_none(),
                opened_at: task.opened_at,
                closed_at: task.closed_at,
            },
        )
        .await?;
    }
    Ok(())
}

/// Starts a draaiboek for an incident the coordinator may see; the execution
/// is bound to the incident's need-to-know.
pub async fn start(
    state: &AppState,
    ctx: &RequestCtx,
    user: &verbinding_store::directory::User,
    principal: &Principal,
    incident: i64,
    playbook: Result<i64, AppError>,
) -> Result<i64, AppError> {
    let f = filter(principal)?;
    let mut conn = state.db.pool.acquire().await?;
    verbinding_store::incidents::get_visible(&mut conn, &f, incident).await?;
    let playbook = playbook?;
    let summary = playbooks::get_visible(&mut conn, &f, playbook)
        .await
        .map_err(|_| AppError::invalid("playbook", "playbook_unknown"))?;
    drop(conn);
    let lib = current_library(&state.db).await?;
    let now = state.now_ms();
    let (ex, effects) =
        engine::start(&lib, &summary.cacao_id, seconds(now), &BTreeMap::new()).map_err(|e| refused(None, e))?;
    let text = serde_json::to_string(&ex).map_err(|e| AppError::Internal(e.to_string()))?;
    let mut tx = state.db.write().await?;
    let id = executions::create(
        &mut tx,
        &NewExecution {
            guard_object_id: incident,
            incident_id: Some(incident),
            playbook_id: playbook,
            playbook_version: summary.current_version,
            status: &status_id(&ex),
            state: &text,
            next_due: engine::next_due(&ex),
            started_by: Some(user.id),
        },
        now,
    )
    .await?;
    sync_tasks(&mut tx, &lib, id, &ex).await?;
    let detail = serde_json::json!({"execution": id, "playbook": summary.cacao_id, "version": summary.current_version,
                                    "effects": effects.len()});
    crate::actions::audit_about(&mut tx, state, ctx, user, AuditAction::ExecutionStarted, incident, detail).await?;
    tx.commit().await?;
    Ok(id)
}

/// What a person may do on a task: members of the organisation it is for
/// (with the role, when the agent names one), of the organisation it was
/// escalated to, whoever claimed it or had it delegated; coordinators always.
async fn may_act_on(
    conn: &mut sqlx::AnyConnection,
    principal: &Principal,
    execution: i64,
    task: &str,
) -> Result<(), AppError> {
    if principal.has(Permission::Coordinate) {
        return Ok(());
    }
    let owner =
        executions::task_owner(conn, execution, task).await.map_err(|_| AppError::invalid("task", "task_unknown"))?;
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
async fn may_vote_as(
    conn: &mut sqlx::AnyConnection,
    principal: &Principal,
    execution: i64,
    approver: &str,
) -> Result<(), AppError> {
    if principal.has(Permission::Coordinate) {
        return Ok(());
    }
    let stored = executions::load(conn, execution).await?;
    let ex: Execution = serde_json::from_str(&stored.state).map_err(|e| AppError::Internal(e.to_string()))?;
    let lib = pinned_library(conn, &ex).await?;
    let mapping = ex
        .frames
        .iter()
        .map(|f| agent_mapping(&lib, &f.playbook, approver))
        .find(|m| m.organisation.is_some())
        .unwrap_or_default();
    let org = org_id(conn, mapping.organisation.as_deref()).await?;
    let role_ok = mapping.role.as_deref().is_none_or(|r| principal.roles.iter().any(|x| x.id() == r));
    if org.is_some_and(|o| principal.org_chain.contains(&o)) && role_ok { Ok(()) } else { Err(AppError::Forbidden) }
}

/// Whether the viewer may vote for this approver agent (for showing the choice).
pub async fn may_vote(
    state: &AppState,
    principal: &Principal,
    execution: i64,
    approver: &str,
) -> Result<bool, AppError> {
    let mut conn = state.db.pool.acquire().await?;
    match may_vote_as(&mut conn, principal, execution, approver).await {
        Ok(()) => Ok(true),
        Err(AppError::Forbidden) => Ok(false),
        Err(e) => Err(e),
    }
}

/// Applies one command to an execution the caller may see, as one durable
/// transition. Operator commands (pause, resume, cancel, skip, add a step)
/// are for coordinators; answers for writers who may act on the task; votes
/// for members of the approver's organisation (a decision maker need not
/// write content to approve).
pub async fn command(
    state: &AppState,
    ctx: &RequestCtx,
    user: &verbinding_store::directory::User,
    principal: &Principal,
    id: i64,
    command: Command,
) -> Result<(), AppError> {
    let f = filter(principal)?;
    let mut conn = state.db.pool.acquire().await?;
    executions::get_visible(&mut conn, &f, id).await?;
    let task = match &command {
        Command::Complete { task, .. } => {
            if !principal.has(Permission::WriteObjects) && !principal.has(Permission::Coordinate) {
                return Err(AppError::Forbidden);
            }
            may_act_on(&mut conn, principal, id, task).await?;
            Some(task.clone())
        }
        Command::Approve { task, approver, .. } => {
            may_vote_as(&mut conn, principal, id, approver).await?;
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
    transition(state, Some((ctx, user)), id, command, task.as_deref()).await
}

/// Loads, applies, saves: one transaction. A concurrent transition makes the
/// revision check fail and the whole transaction roll back.
async fn transition(
    state: &AppState,
    by: Option<(&RequestCtx, &verbinding_store::directory::User)>,
    id: i64,
    command: Command,
    task: Option<&str>,
) -> Result<(), AppError> {
    let mut tx = state.db.write().await?;
    let stored = executions::load(&mut tx, id).await?;
    let mut ex: Execution = serde_json::from_str(&stored.state).map_err(|e| AppError::Internal(e.to_string()))?;
    let lib = pinned_library(&mut tx, &ex).await?;
    let now = state.now_ms();
    let kind = command_kind(&command);
    let effects = engine::apply(&lib, &mut ex, command, seconds(now)).map_err(|e| refused(task, e))?;
    if effects.is_empty() {
        return Ok(());
    }
    let text = serde_json::to_string(&ex).map_err(|e| AppError::Internal(e.to_string()))?;
    executions::save(&mut tx, id, stored.revision, &status_id(&ex), &text, engine::next_due(&ex), now).await?;
    sync_tasks(&mut tx, &lib, id, &ex).await?;
    let detail = serde_json::json!({"execution": id, "command": kind, "task": task, "status": status_id(&ex),
                                    "effects": effects.iter().map(effect_kind).collect::<Vec<_>>()});
    let e = match by {
        Some((ctx, user)) => audit_ctx::event(state, ctx, Actor::user(user), AuditAction::ExecutionChanged),
        None => {
            let ctx = RequestCtx { request_id: "scheduler".into(), source: "system".into(), path: String::new() };
            audit_ctx::event(state, &ctx, Actor { user: None, label: "scheduler" }, AuditAction::ExecutionChanged)
        }
    };
    let e = audit_ctx::with_detail(audit_ctx::about_object(e, stored.guard_object_id), detail);
    verbinding_store::audit::append(&mut tx, &e).await?;
    tx.commit().await?;
    Ok(())
}

fn command_kind(c: &Command) -> &'static str {
    match c {
        Command::Complete { .. } => "complete",
        Command::Approve { .. } => "approve",
        Command::Tick => "tick",
        Command::Pause => "pause",
        Command::Resume => "resume",
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

/// Fires every timer due at the clock's now (reminders, overdue, escalations)
/// in the executions that have one; returns how many executions moved.
/// Called by the scheduler loop; time comes from the state's clock, so tests
/// move a manual clock and call this.
pub async fn tick(state: &AppState) -> Result<usize, AppError> {
    let now = seconds(state.now_ms());
    let mut conn = state.db.pool.acquire().await?;
    let due = executions::due(&mut conn, now, 500).await?;
    drop(conn);
    let mut moved = 0;
    for id in due {
        match transition(state, None, id, Command::Tick, None).await {
            Ok(()) => moved += 1,
            // Someone else moved it first; the next tick sees the new state.
            Err(AppError::Conflict) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(moved)
}

/// One execution for a viewer: what it runs, the engine's view, the tasks and notes.
pub async fn view(state: &AppState, principal: &Principal, id: i64) -> Result<Value, AppError> {
    let f = filter(principal)?;
    let mut conn = state.db.pool.acquire().await?;
    let stored = executions::get_visible(&mut conn, &f, id).await?;
    let ex: Execution = serde_json::from_str(&stored.state).map_err(|e| AppError::Internal(e.to_string()))?;
    let lib = pinned_library(&mut conn, &ex).await?;
    let view = engine::view(&lib, &ex);
    let tasks = executions::tasks(&mut conn, id).await?;
    let notes = executions::notes(&mut conn, id).await?;
    Ok(serde_json::json!({"execution": stored, "playbook": ex.playbook, "view": view, "tasks": tasks, "notes": notes,
                          "variables": ex.variables()}))
}

/// The executions of an incident the viewer may see.
pub async fn for_incident(
    state: &AppState,
    principal: &Principal,
    incident: i64,
) -> Result<Vec<executions::Stored>, AppError> {
    let f = filter(principal)?;
    let mut conn = state.db.pool.acquire().await?;
    verbinding_store::incidents::get_visible(&mut conn, &f, incident).await?;
    Ok(executions::for_incident(&mut conn, &f, incident).await?)
}

/// The open tasks for the viewer: their organisation's, escalated to it, or theirs.
pub async fn inbox(state: &AppState, principal: &Principal) -> Result<Vec<executions::InboxTask>, AppError> {
    let f = filter(principal)?;
    let mut conn = state.db.pool.acquire().await?;
    Ok(executions::inbox(&mut conn, &f).await?)
}

/// Whether the viewer may answer the task (for showing its form).
pub async fn may_act(state: &AppState, principal: &Principal, execution: i64, task: &str) -> Result<bool, AppError> {
    let mut conn = state.db.pool.acquire().await?;
    match may_act_on(&mut conn, principal, execution, task).await {
        Ok(()) => Ok(true),
        Err(AppError::Forbidden) | Err(AppError::Invalid(_)) => Ok(false),
        Err(e) => Err(e),
    }
}

/// Claims a task for oneself, delegates it to a colleague (recorded), or
/// comments on it. Only someone who may act on the task does so; a delegate
/// must belong to an organisation the task is for (or be a coordinator), so a
/// task never reaches someone outside the need-to-know.
#[allow(clippy::too_many_arguments)]
pub async fn note(
    state: &AppState,
    ctx: &RequestCtx,
    user: &verbinding_store::directory::User,
    principal: &Principal,
    id: i64,
    task: &str,
    kind: &str,
    to: Option<&str>,
    text: &str,
) -> Result<(), AppError> {
    let f = filter(principal)?;
    let mut conn = state.db.pool.acquire().await?;
    executions::get_visible(&mut conn, &f, id).await?;
    may_act_on(&mut conn, principal, id, task).await?;
    let owner = executions::task_owner(&mut conn, id, task).await?;
    if owner.open == 0 {
        return Err(AppError::invalid("task", "task_closed"));
    }
    let now = state.now_ms();
    let text = text.trim();
    let mut tx = state.db.write().await?;
    match kind {
        "claim" => executions::assign(&mut tx, id, task, user.id, "claimed", text, user.id, now).await?,
        "delegate" => {
            let email = verbinding_domain::directory::normalise_email(to.unwrap_or(""));
            let delegate = verbinding_store::directory::login_lookup(&mut tx, &email)
                .await?
                .map(|(u, _)| u)
                .ok_or_else(|| AppError::invalid("to", "user_unknown"))?;
            let delegate_principal = verbinding_store::directory::principal(&mut tx, &delegate).await?;
            let reachable = delegate_principal.has(Permission::Coordinate)
                || owner.org_id.is_some_and(|o| delegate_principal.org_chain.contains(&o))
                || owner.escalated_org_id.is_some_and(|o| delegate_principal.org_chain.contains(&o));
            let guard = executions::load(&mut tx, id).await?.guard_object_id;
            let df = filter(&delegate_principal).map_err(|_| AppError::invalid("to", "delegate_not_allowed"))?;
            if !reachable || !verbinding_store::objects::is_visible(&mut tx, &df, guard).await? {
                return Err(AppError::invalid("to", "delegate_not_allowed"));
            }
            executions::assign(&mut tx, id, task, delegate.id, "delegated", text, user.id, now).await?
        }
        "comment" if text.is_empty() => return Err(AppError::invalid("text", "required")),
        "comment" => executions::add_note(&mut tx, id, task, "comment", text, None, user.id, now).await?,
        _ => return Err(AppError::invalid("kind", "note_kind_unknown")),
    }
    let guard = executions::load(&mut tx, id).await?.guard_object_id;
    let detail = serde_json::json!({"execution": id, "task": task, "note": kind, "to": to});
    crate::actions::audit_about(&mut tx, state, ctx, user, AuditAction::ExecutionChanged, guard, detail).await?;
    tx.commit().await?;
    Ok(())
}

/// The running executions the viewer may see, with open and overdue task counts.
pub async fn running(state: &AppState, principal: &Principal) -> Result<Vec<executions::RunningCount>, AppError> {
    let f = filter(principal)?;
    let mut conn = state.db.pool.acquire().await?;
    Ok(executions::running_counts(&mut conn, &f).await?)
}
