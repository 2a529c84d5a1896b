//! Starting an execution and applying commands to it. A command is checked
//! against a copy of the state; the state changes only when it succeeds.

use super::effect::{CloseReason, Effect, Outcome, Reason};
use super::error::EngineError;
use super::run::Run;
use super::state::{
    AdHocStep, Branch, BranchKind, BranchStatus, Execution, Frame, Pending, Phase, Status, StepRef, Task,
};
use super::{Library, plan, policy, scope, values};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, VecDeque};
use std::rc::Rc;

/// Escalation of an ad-hoc step: seconds after its deadline, and to whom.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Escalation {
    pub after: i64,
    pub to: String,
}

/// A human step added to a running execution.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct NewStep {
    /// Run after this task's step, before its successor; none: a stand-alone
    /// task, open at once, that the execution waits for.
    pub after_task: Option<String>,
    pub name: String,
    pub description: Option<String>,
    pub agent: String,
    /// Unix seconds.
    pub deadline: Option<i64>,
    /// Seconds before the deadline.
    #[serde(default)]
    pub reminders_before: Vec<i64>,
    pub escalation: Option<Escalation>,
    pub by: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "command", rename_all = "snake_case")]
pub enum Command {
    /// The assignee reports the task: `success` or `failure`, with the answer
    /// (variable → value) for the step's out_args.
    Complete {
        task: String,
        outcome: Outcome,
        answer: BTreeMap<String, String>,
        by: String,
    },
    /// An approver approves (`true`) or rejects the reported task.
    Approve {
        task: String,
        approver: String,
        approve: bool,
        by: String,
    },
    /// Fire the timers due at `now`.
    Tick,
    /// `by` (who paused, resumed or cancelled) is empty in journals written
    /// before the run history named them.
    Pause {
        #[serde(default)]
        by: String,
    },
    Resume {
        #[serde(default)]
        by: String,
    },
    Cancel {
        reason: String,
        #[serde(default)]
        by: String,
    },
    Skip {
        task: String,
        justification: String,
        by: String,
    },
    AddStep(NewStep),
}

/// Starts `playbook` with values for its (external) playbook variables.
pub fn start(
    lib: &Library,
    playbook: &str,
    now: i64,
    initial: &BTreeMap<String, String>,
) -> Result<(Execution, Vec<Effect>), EngineError> {
    let pins = plan::pins(lib, playbook)?;
    let plans = plan::plans(lib, &pins)?;
    // A loop without a condition on it would spin without end between people.
    for pin in &pins {
        if let Some(p) = lib.get(&pin.playbook)
            && let Some(f) = crate::lint(p).into_iter().find(|f| f.code == "unguarded_loop")
        {
            return Err(EngineError::invalid(&pin.playbook, f.step.as_deref(), &f.property, f.code, f.detail));
        }
    }
    let top = &plans[playbook];
    let mut variables = top.variables.clone();
    for (name, value) in initial {
        let var = variables.get_mut(name).ok_or_else(|| EngineError::VariableUnknown { field: name.clone() })?;
        if var.constant && var.value.is_some() {
            return Err(EngineError::VariableConstant { field: name.clone() });
        }
        values::check_type(&var.kind, value)
            .map_err(|e| EngineError::VariableInvalid { field: name.clone(), expected: e.to_string() })?;
        var.value = Some(value.clone());
    }
    let first = top.start.clone();
    let mut ex = Execution {
        playbook: playbook.to_string(),
        pins: pins.clone(),
        status: Status::Running,
        started_at: now,
        finished_at: None,
        reason: None,
        exception_handled: false,
        frames: vec![Frame {
            id: 0,
            playbook: playbook.to_string(),
            caller: None,
            variables,
            status: BranchStatus::Running,
            main: 0,
            exception: None,
            roots: vec![0],
            failure: None,
        }],
        branches: vec![Branch {
            id: 0,
            frame: 0,
            opener: None,
            kind: BranchKind::Main,
            status: BranchStatus::Running,
            depth: 0,
            current: None,
            then: VecDeque::new(),
            variables: BTreeMap::new(),
        }],
        instances: Vec::new(),
        timers: Vec::new(),
        pending: VecDeque::from([Pending { branch: 0, step: StepRef::Step(first) }]),
        adhoc: BTreeMap::new(),
        history: Vec::new(),
        next_seq: 0,
    };
    let mut run = Run::new(Rc::new(plans), &mut ex, now);
    run.emit(Effect::ExecutionStarted { playbook: playbook.to_string(), pins });
    run.settle()?;
    let effects = run.effects;
    Ok((ex, effects))
}

/// Applies one command at `now`. Timers due at `now` fire first. On error the
/// execution is unchanged.
pub fn apply(lib: &Library, ex: &mut Execution, command: Command, now: i64) -> Result<Vec<Effect>, EngineError> {
    if ex.status.is_finished() {
        return match command {
            Command::Tick => Ok(Vec::new()),
            _ => Err(EngineError::ExecutionNotRunning { status: ex.status }),
        };
    }
    check_state(ex)?;
    let plans = Rc::new(plan::plans(lib, &ex.pins)?);
    // Work on a copy (without the history, which only grows: the new records
    // are appended on success).
    let history = std::mem::take(&mut ex.history);
    let mut work = ex.clone();
    let result = run_command(plans, &mut work, command, now);
    ex.history = history;
    let effects = result?;
    ex.history.append(&mut work.history);
    work.history = std::mem::take(&mut ex.history);
    *ex = work;
    Ok(effects)
}

fn run_command(
    plans: super::run::Plans,
    work: &mut Execution,
    command: Command,
    now: i64,
) -> Result<Vec<Effect>, EngineError> {
    let mut run = Run::new(plans, work, now);
    run.settle()?;
    if run.ex.status.is_finished() && command != Command::Tick {
        return Err(EngineError::ExecutionNotRunning { status: run.ex.status });
    }
    if !run.ex.status.is_finished() {
        execute(&mut run, command)?;
        run.settle()?;
    }
    Ok(run.effects)
}

/// The open task `key`: its instance number.
fn open_task(ex: &Execution, key: &str) -> Result<(u32, Task), EngineError> {
    let inst = ex.task_instance(key).ok_or_else(|| EngineError::TaskUnknown { task: key.to_string() })?;
    let task = inst.task.clone().ok_or_else(|| EngineError::TaskUnknown { task: key.to_string() })?;
    if task.closed.is_some() || !inst.status.is_open() {
        return Err(EngineError::TaskClosed { task: key.to_string() });
    }
    Ok((inst.n, task))
}

fn required(field: &str, value: &str) -> Result<(), EngineError> {
    if value.trim().is_empty() { Err(EngineError::FieldRequired { field: field.to_string() }) } else { Ok(()) }
}

fn execute(run: &mut Run, command: Command) -> Result<(), EngineError> {
    match command {
        Command::Tick => Ok(()),
        Command::Pause { by } => {
            if run.ex.status == Status::Paused {
                return Err(EngineError::ExecutionPaused);
            }
            run.ex.status = Status::Paused;
            run.emit(Effect::Paused { by });
            Ok(())
        }
        Command::Resume { by } => {
            if run.ex.status != Status::Paused {
                return Err(EngineError::ExecutionNotPaused);
            }
            run.ex.status = Status::Running;
            run.emit(Effect::Resumed { by });
            Ok(())
        }
        Command::Cancel { reason, by } => {
            required("reason", &reason)?;
            run.emit(Effect::Cancelled { reason: reason.clone(), by });
            run.ex.status = Status::Cancelled;
            run.ex.finished_at = Some(run.now);
            run.ex.reason = Some(Reason::new("cancelled", reason));
            run.finish_execution();
            Ok(())
        }
        Command::Skip { task, justification, by } => {
            let (n, _) = open_task(run.ex, &task)?;
            required("justification", &justification)?;
            run.emit(Effect::Skipped { task, justification, by });
            run.close_task(n, CloseReason::Skipped);
            run.finish(n, Outcome::Skipped, None)
        }
        Command::Complete { task, outcome, answer, by } => complete(run, task, outcome, answer, by),
        Command::Approve { task, approver, approve, by } => {
            let (n, t) = open_task(run.ex, &task)?;
            let Some(approval) = t.approval.filter(|_| t.phase == Phase::Approval) else {
                return Err(EngineError::TaskNotAwaitingApproval { task });
            };
            if !approval.approvers.contains(&approver) {
                return Err(EngineError::ApproverUnknown { agent: approver });
            }
            if approval.votes.contains_key(&approver) {
                return Err(EngineError::ApprovalDuplicate { agent: approver });
            }
            let vote = super::state::Vote { approve, by: by.clone(), at: run.now };
            if let Some(a) = run.inst(n).task.as_mut().and_then(|t| t.approval.as_mut()) {
                a.votes.insert(approver.clone(), vote);
            }
            run.emit(Effect::Voted { task, approver, approve, by });
            let approved = approval.votes.values().filter(|v| v.approve).count() + usize::from(approve);
            let rejected = approval.votes.len() + 1 - approved;
            match policy::approval(approval.policy, approval.approvers.len(), approved, rejected) {
                None => Ok(()),
                Some(true) => {
                    run.close_task(n, CloseReason::Approved);
                    for (name, value) in t.answer {
                        run.set_variable(n, &name, &value);
                    }
                    run.finish(n, Outcome::Success, None)
                }
                Some(false) => {
                    run.close_task(n, CloseReason::Rejected);
                    let detail = format!("{rejected} of {} approvers rejected", approval.approvers.len());
                    run.finish(n, Outcome::Failure, Some(Reason::new("approval_rejected", detail)))
                }
            }
        }
        Command::AddStep(step) => add_step(run, step),
    }
}

/// Checks the answer against the step's out_args, its answer fields
/// (choices, required) and each variable's type; returns it without the
/// empty values of answer fields (a field left empty is not answered).
fn check_answer(
    run: &Run,
    n: u32,
    outcome: Outcome,
    mut answer: BTreeMap<String, String>,
) -> Result<BTreeMap<String, String>, EngineError> {
    let sp = run.step_plan(n)?;
    let (out_args, fields) = match &sp {
        Some(sp) => (sp.out_args.clone(), sp.ext.answer.clone()),
        None => (Vec::new(), Vec::new()),
    };
    answer.retain(|k, v| !(v.is_empty() && fields.iter().any(|f| &f.variable == k)));
    for (name, value) in &answer {
        if !out_args.contains(name) {
            return Err(EngineError::AnswerUnexpected { field: name.clone() });
        }
        if let Some(f) = fields.iter().find(|f| &f.variable == name)
            && !f.choices.is_empty()
            && !f.choices.contains(value)
        {
            return Err(EngineError::ChoiceUnknown { field: name.clone(), value: value.clone() });
        }
        if let Some((_, var)) = scope::find(run.ex, n, name) {
            if var.constant {
                return Err(EngineError::VariableConstant { field: name.clone() });
            }
            values::check_type(&var.kind, value)
                .map_err(|e| EngineError::AnswerInvalid { field: name.clone(), expected: e.to_string() })?;
        }
    }
    if outcome == Outcome::Success
        && let Some(f) = fields.iter().find(|f| f.required && !answer.contains_key(&f.variable))
    {
        return Err(EngineError::AnswerRequired { field: f.variable.clone() });
    }
    Ok(answer)
}

fn complete(
    run: &mut Run,
    task: String,
    outcome: Outcome,
    answer: BTreeMap<String, String>,
    by: String,
) -> Result<(), EngineError> {
    let (n, t) = open_task(run.ex, &task)?;
    if t.phase == Phase::Approval {
        return Err(EngineError::TaskAwaitingApproval { task });
    }
    if outcome == Outcome::Skipped {
        return Err(EngineError::FieldInvalid { field: "outcome".into(), detail: "use the skip command".into() });
    }
    let answer = check_answer(run, n, outcome, answer)?;
    run.emit(Effect::Answered { task: task.clone(), outcome, answer: answer.clone(), by: by.clone() });
    let inst_task = run.inst(n).task.as_mut().ok_or_else(|| EngineError::state("task vanished"))?;
    inst_task.answer = answer.clone();
    inst_task.reported_by = Some(by);
    if outcome == Outcome::Success
        && let Some(approval) = &t.approval
    {
        inst_task.phase = Phase::Approval;
        run.inst(n).status = super::state::InstanceStatus::Waiting;
        let (policy, approvers) = (approval.policy, approval.approvers.clone());
        run.emit(Effect::ApprovalRequested { task, policy, approvers });
        return Ok(());
    }
    if outcome == Outcome::Success {
        run.close_task(n, CloseReason::Completed);
        for (name, value) in answer {
            run.set_variable(n, &name, &value);
        }
        run.finish(n, Outcome::Success, None)
    } else {
        run.close_task(n, CloseReason::Failed);
        let reason = Reason::new("reported_failure", format!("{task} was reported as failed"));
        run.finish(n, Outcome::Failure, Some(reason))
    }
}

fn add_step(run: &mut Run, s: NewStep) -> Result<(), EngineError> {
    required("name", &s.name)?;
    required("agent", &s.agent)?;
    if s.deadline.is_none() && (!s.reminders_before.is_empty() || s.escalation.is_some()) {
        let field = if s.reminders_before.is_empty() { "escalation" } else { "reminders_before" };
        return Err(EngineError::FieldInvalid { field: field.into(), detail: "needs a deadline".into() });
    }
    if s.reminders_before.iter().any(|r| *r < 0) {
        return Err(EngineError::FieldInvalid { field: "reminders_before".into(), detail: "negative".into() });
    }
    if let Some(e) = &s.escalation {
        required("escalation.to", &e.to)?;
    }
    let after = match &s.after_task {
        Some(key) => Some(open_task(run.ex, key)?.0),
        None => None,
    };
    let id = format!("adhoc--{}", run.ex.adhoc.len() + 1);
    run.ex.adhoc.insert(
        id.clone(),
        AdHocStep {
            id: id.clone(),
            name: s.name.clone(),
            description: s.description,
            agent: s.agent.clone(),
            deadline: s.deadline,
            reminders_before: s.reminders_before,
            escalation: s.escalation.map(|e| (e.after, e.to)),
            after_task: s.after_task.clone(),
            added_by: s.by.clone(),
            added_at: run.now,
        },
    );
    run.emit(Effect::StepAdded { step: id.clone(), after_task: s.after_task, name: s.name, agent: s.agent, by: s.by });
    match after {
        Some(n) => run.inst(n).then.push(id),
        None => {
            let b = run.ex.branches.len() as u32;
            run.ex.branches.push(Branch {
                id: b,
                frame: 0,
                opener: None,
                kind: BranchKind::AdHoc,
                status: BranchStatus::Running,
                depth: 0,
                current: None,
                then: VecDeque::from([StepRef::End]),
                variables: BTreeMap::new(),
            });
            run.ex.frames[0].roots.push(b);
            run.ex.pending.push_back(Pending { branch: b, step: StepRef::AdHoc(id) });
        }
    }
    Ok(())
}

/// Every index in the state points at something: stored state that does not
/// is refused instead of making the engine panic.
pub(crate) fn check_state(ex: &Execution) -> Result<(), EngineError> {
    let (nf, nb, ni) = (ex.frames.len() as u32, ex.branches.len() as u32, ex.instances.len() as u32);
    let bad = |what: &str| Err(EngineError::state(format!("{what} points outside the state")));
    if nf == 0 {
        return bad("frame 0");
    }
    for f in &ex.frames {
        if f.main >= nb || f.exception.is_some_and(|e| e >= nb) || f.roots.iter().any(|r| *r >= nb) {
            return bad("a frame");
        }
        if f.caller.is_some_and(|c| c >= ni) {
            return bad("a frame's caller");
        }
    }
    for b in &ex.branches {
        if b.frame >= nf || b.opener.is_some_and(|o| o >= ni) || b.current.is_some_and(|c| c >= ni) {
            return bad("a branch");
        }
    }
    for (i, inst) in ex.instances.iter().enumerate() {
        if inst.n as usize != i
            || inst.frame >= nf
            || inst.branch >= nb
            || inst.children.iter().any(|c| *c >= nb)
            || inst.child_frame.is_some_and(|c| c >= nf)
        {
            return bad("an instance");
        }
    }
    if ex.timers.iter().any(|t| t.instance >= ni) || ex.pending.iter().any(|p| p.branch >= nb) {
        return bad("a timer or pending step");
    }
    Ok(())
}
