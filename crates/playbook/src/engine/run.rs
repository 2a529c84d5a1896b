//! The machine: starting steps, finishing them, branches returning to the
//! step that opened them, frames returning to their playbook-action step,
//! failures unwinding to `on_failure` or `workflow_exception`.

use super::effect::{CloseReason, Effect, Instruction, Outcome, Reason};
use super::error::EngineError;
use super::plan::{Plan, StepPlan, interpolate};
use super::state::{
    Branch, BranchKind, BranchStatus, Execution, Frame, Instance, InstanceStatus, Pending, Phase, Policy, Status,
    StepKind, StepRef, Task, TimerKind,
};
use super::{MAX_ACTIVATIONS, MAX_DEPTH, MAX_ITERATIONS, condition, scope};
use std::collections::BTreeMap;
use std::rc::Rc;
use std::sync::Arc;

pub(crate) type Plans = Rc<BTreeMap<String, Arc<Plan>>>;

pub(crate) struct Run<'a> {
    pub plans: Plans,
    pub ex: &'a mut Execution,
    pub now: i64,
    pub effects: Vec<Effect>,
    activations: u32,
}

/// What a task shows the person who has it.
struct TaskSpec {
    name: String,
    agent: Option<String>,
    approval: Option<(Policy, Vec<String>)>,
    instructions: Vec<Instruction>,
}

impl<'a> Run<'a> {
    pub fn new(plans: Plans, ex: &'a mut Execution, now: i64) -> Run<'a> {
        Run { plans, ex, now, effects: Vec::new(), activations: 0 }
    }

    pub fn emit(&mut self, e: Effect) {
        self.ex.history.push(super::state::Record { at: self.now, event: e.clone() });
        self.effects.push(e);
    }

    pub fn inst(&mut self, n: u32) -> &mut Instance {
        &mut self.ex.instances[n as usize]
    }

    /// The plan of the step instance `n` runs (none for ad-hoc steps).
    pub fn step_plan(&self, n: u32) -> Result<Option<StepPlan>, EngineError> {
        let inst = &self.ex.instances[n as usize];
        if matches!(inst.kind, StepKind::AdHoc | StepKind::ImplicitEnd) {
            return Ok(None);
        }
        self.lookup(inst.frame, &inst.step).map(|s| Some(s.clone()))
    }

    fn lookup(&self, frame: u32, step: &str) -> Result<&StepPlan, EngineError> {
        let playbook = &self.ex.frames[frame as usize].playbook;
        self.plans
            .get(playbook)
            .and_then(|p| p.steps.get(step))
            .ok_or_else(|| EngineError::state(format!("step {step} of {playbook} is not in the pinned playbook")))
    }

    pub(crate) fn exception_step(&self, frame: u32) -> Result<Option<String>, EngineError> {
        let playbook = &self.ex.frames[frame as usize].playbook;
        self.plans
            .get(playbook)
            .map(|p| p.exception.clone())
            .ok_or_else(|| EngineError::state(format!("{playbook} is not pinned")))
    }

    /// Runs what can run: pending steps (unless paused) and due timers.
    pub fn settle(&mut self) -> Result<(), EngineError> {
        loop {
            if self.ex.status.is_finished() {
                self.ex.pending.clear();
                return Ok(());
            }
            if self.ex.status == Status::Running
                && let Some(Pending { branch, step }) = self.ex.pending.pop_front()
            {
                if self.ex.branches[branch as usize].status == BranchStatus::Running {
                    self.activate(branch, step)?;
                }
                continue;
            }
            if !self.fire_due()? {
                return Ok(());
            }
        }
    }

    fn new_instance(&mut self, branch: u32, step: &str, kind: StepKind) -> u32 {
        let n = self.ex.instances.len() as u32;
        let frame = self.ex.branches[branch as usize].frame;
        self.ex.instances.push(Instance {
            n,
            frame,
            branch,
            step: step.to_string(),
            kind,
            status: InstanceStatus::Active,
            started_at: self.now,
            finished_at: None,
            outcome: None,
            reason: None,
            deadline: None,
            overdue: false,
            escalated_to: None,
            delayed_until: None,
            reminders_sent: 0,
            children: Vec::new(),
            child_frame: None,
            iterations: 0,
            task: None,
            then: Vec::new(),
        });
        self.ex.branches[branch as usize].current = Some(n);
        let playbook = self.ex.frames[frame as usize].playbook.clone();
        self.emit(Effect::StepStarted { instance: n, frame, playbook, step: step.to_string(), kind });
        n
    }

    fn activate(&mut self, branch: u32, step: StepRef) -> Result<(), EngineError> {
        self.activations += 1;
        if self.activations > MAX_ACTIVATIONS {
            return Err(EngineError::Runaway { steps: MAX_ACTIVATIONS });
        }
        let id = match step {
            StepRef::End => return self.end_branch(branch, BranchStatus::Done, None),
            StepRef::AdHoc(id) => return self.activate_adhoc(branch, &id),
            StepRef::Delayed(n) => {
                let inst = &self.ex.instances[n as usize];
                if !inst.status.is_open() {
                    return Ok(());
                }
                let sp = self.lookup(inst.frame, &inst.step.clone())?.clone();
                return self.proceed(n, sp);
            }
            StepRef::Step(id) => id,
        };
        let frame = self.ex.branches[branch as usize].frame;
        let sp = self.lookup(frame, &id)?.clone();
        let n = self.new_instance(branch, &id, sp.kind);
        scope::declare(self.ex, n, &sp.variables);
        if let Some(delay) = sp.delay {
            // Started, but it processes nothing (no deadline, no task) until
            // the delay has passed; the deadline counts from then.
            let until = self.now.saturating_add(delay);
            self.inst(n).delayed_until = Some(until);
            self.schedule(until, n, TimerKind::Delay);
            self.emit(Effect::StepDelayed { instance: n, step: id, until });
            return Ok(());
        }
        self.proceed(n, sp)
    }

    /// What a step does once it starts processing: its deadline, then its kind's work.
    fn proceed(&mut self, n: u32, sp: StepPlan) -> Result<(), EngineError> {
        let deadline = match &sp.ext.deadline {
            Some(crate::extension::Deadline::After(s)) => Some(self.now.saturating_add(*s)),
            Some(crate::extension::Deadline::At(_)) => sp.deadline_at,
            None => None,
        };
        if let Some(d) = deadline {
            self.schedule_deadline(n, d, &sp.ext.reminders, sp.ext.escalation.clone());
        }
        match sp.kind {
            StepKind::Start => self.finish(n, Outcome::Success, None),
            StepKind::End => self.finish(n, Outcome::Success, None),
            StepKind::Action => {
                if let Some(t) = sp.timeout {
                    self.schedule(self.now.saturating_add(t), n, TimerKind::Timeout);
                }
                let approval = sp.ext.approval.as_ref().map(|(p, a)| (Policy::from(p), a.clone()));
                let spec = TaskSpec {
                    name: sp.name.clone(),
                    agent: sp.agent.clone(),
                    approval,
                    instructions: sp.instructions,
                };
                self.open_task(n, spec);
                Ok(())
            }
            StepKind::PlaybookAction => self.call(n, &sp),
            StepKind::Parallel => {
                if !self.can_nest(n) {
                    return self.finish(n, Outcome::Failure, Some(nesting()));
                }
                for next in &sp.next_steps {
                    self.open_branch(n, StepRef::Step(next.clone()));
                }
                Ok(())
            }
            StepKind::If => {
                let chosen = match self.evaluate(n, &sp) {
                    Ok(true) => sp.on_true.clone(),
                    Ok(false) => sp.on_false.clone(),
                    Err(reason) => return self.finish(n, Outcome::Failure, Some(reason)),
                };
                self.branch_or_finish(n, chosen)
            }
            StepKind::While => self.loop_step(n),
            StepKind::Switch => {
                let var = sp.switch.clone().unwrap_or_default();
                let value = match scope::find(self.ex, n, &var) {
                    Some((_, v)) => v.value.clone(),
                    None => {
                        let reason = Reason::new("variable_unknown", format!("switch: {var} is not declared"));
                        return self.finish(n, Outcome::Failure, Some(reason));
                    }
                };
                let case = value.and_then(|v| sp.cases.get(&v)).or_else(|| sp.cases.get("default")).cloned();
                self.branch_or_finish(n, case)
            }
            StepKind::AdHoc | StepKind::ImplicitEnd => Err(EngineError::state("not a playbook step")),
        }
    }

    fn activate_adhoc(&mut self, branch: u32, id: &str) -> Result<(), EngineError> {
        let def = self.ex.adhoc.get(id).cloned().ok_or_else(|| EngineError::state(format!("no ad-hoc step {id}")))?;
        let n = self.new_instance(branch, id, StepKind::AdHoc);
        if let Some(d) = def.deadline {
            self.schedule_deadline(n, d, &def.reminders_before, def.escalation.clone());
        }
        let instructions = def
            .description
            .map(|d| Instruction { kind: "manual".into(), command: Some(d), command_b64: None, description: None })
            .into_iter()
            .collect();
        self.open_task(n, TaskSpec { name: def.name, agent: Some(def.agent), approval: None, instructions });
        Ok(())
    }

    fn open_task(&mut self, n: u32, spec: TaskSpec) {
        let phase = if spec.approval.is_some() && spec.agent.is_none() { Phase::Approval } else { Phase::Work };
        let key = format!("{}#{}", self.ex.instances[n as usize].step, n);
        let instructions = spec
            .instructions
            .into_iter()
            .map(|mut i| {
                i.command = i
                    .command
                    .map(|c| interpolate(&c, &|name| scope::find(self.ex, n, name).and_then(|(_, v)| v.value.clone())));
                i
            })
            .collect();
        let approval = spec.approval.clone().map(|(policy, approvers)| super::state::Approval {
            policy,
            approvers,
            votes: BTreeMap::new(),
        });
        let now = self.now;
        let inst = self.inst(n);
        inst.status = if phase == Phase::Approval { InstanceStatus::Waiting } else { InstanceStatus::Active };
        let (step, deadline, frame) = (inst.step.clone(), inst.deadline, inst.frame);
        inst.task = Some(Task {
            key: key.clone(),
            name: spec.name.clone(),
            agent: spec.agent.clone(),
            phase,
            approval,
            answer: BTreeMap::new(),
            reported_by: None,
            opened_at: now,
            closed: None,
            closed_at: None,
        });
        let playbook = self.ex.frames[frame as usize].playbook.clone();
        self.emit(Effect::TaskOpened {
            task: key.clone(),
            instance: n,
            playbook,
            step,
            name: spec.name,
            agent: spec.agent,
            deadline,
            instructions,
        });
        if phase == Phase::Approval
            && let Some((policy, approvers)) = spec.approval
        {
            self.emit(Effect::ApprovalRequested { task: key, policy, approvers });
        }
    }

    /// Closes the open task of instance `n`, if it has one.
    pub fn close_task(&mut self, n: u32, reason: CloseReason) {
        let now = self.now;
        let Some(task) = self.inst(n).task.as_mut().filter(|t| t.closed.is_none()) else { return };
        task.closed = Some(reason);
        task.closed_at = Some(now);
        let key = task.key.clone();
        self.emit(Effect::TaskClosed { task: key, reason });
    }

    fn evaluate(&self, n: u32, sp: &StepPlan) -> Result<bool, Reason> {
        let expr = sp.condition.as_ref().ok_or_else(|| Reason::new("condition_missing", "no condition"))?;
        let ex: &Execution = self.ex;
        let lookup = |name: &str| scope::find(ex, n, name).map(|(_, v)| (v.kind.as_str(), v.value.as_deref()));
        condition::eval(expr, &lookup).map_err(|e| Reason::new(e.code, format!("condition: {}", e.detail)))
    }

    fn can_nest(&self, n: u32) -> bool {
        let b = self.ex.instances[n as usize].branch;
        self.ex.branches[b as usize].depth < MAX_DEPTH
    }

    fn branch_or_finish(&mut self, n: u32, first: Option<String>) -> Result<(), EngineError> {
        match first {
            None => self.finish(n, Outcome::Success, None),
            Some(_) if !self.can_nest(n) => self.finish(n, Outcome::Failure, Some(nesting())),
            Some(step) => {
                self.open_branch(n, StepRef::Step(step));
                Ok(())
            }
        }
    }

    fn open_branch(&mut self, n: u32, first: StepRef) {
        let id = self.ex.branches.len() as u32;
        let inst = &self.ex.instances[n as usize];
        let depth = self.ex.branches[inst.branch as usize].depth + 1;
        self.ex.branches.push(Branch {
            id,
            frame: inst.frame,
            opener: Some(n),
            kind: BranchKind::Child,
            status: BranchStatus::Running,
            depth,
            current: None,
            then: Default::default(),
            variables: BTreeMap::new(),
        });
        let inst = self.inst(n);
        inst.children.push(id);
        inst.status = InstanceStatus::Waiting;
        self.ex.pending.push_back(Pending { branch: id, step: first });
    }

    /// A while step: evaluate; open the next iteration or finish.
    pub(crate) fn loop_step(&mut self, n: u32) -> Result<(), EngineError> {
        let Some(sp) = self.step_plan(n)? else { return Err(EngineError::state("while without plan")) };
        match self.evaluate(n, &sp) {
            Err(reason) => self.finish(n, Outcome::Failure, Some(reason)),
            Ok(false) => self.finish(n, Outcome::Success, None),
            Ok(true) if self.ex.instances[n as usize].iterations >= MAX_ITERATIONS => {
                let detail = format!("the loop ran {MAX_ITERATIONS} times and its condition still holds");
                self.finish(n, Outcome::Failure, Some(Reason::new("loop_limit", detail)))
            }
            Ok(true) => {
                self.inst(n).iterations += 1;
                self.branch_or_finish(n, sp.on_true.clone())
            }
        }
    }

    fn call(&mut self, n: u32, sp: &StepPlan) -> Result<(), EngineError> {
        if !self.can_nest(n) {
            return self.finish(n, Outcome::Failure, Some(nesting()));
        }
        let callee_id = sp.playbook_id.clone().unwrap_or_default();
        let callee = self
            .plans
            .get(&callee_id)
            .cloned()
            .ok_or_else(|| EngineError::state(format!("{callee_id} is not pinned")))?;
        let mut variables = callee.variables.clone();
        for name in &sp.in_args {
            let Some((_, var)) = scope::find(self.ex, n, name) else {
                let reason = Reason::new("variable_unknown", format!("in_args: {name} is not declared"));
                return self.finish(n, Outcome::Failure, Some(reason));
            };
            let var = var.clone();
            variables.entry(name.clone()).and_modify(|v| v.value = var.value.clone()).or_insert(super::state::Var {
                constant: false,
                external: true,
                ..var
            });
        }
        let frame = self.ex.frames.len() as u32;
        let branch = self.ex.branches.len() as u32;
        let depth = self.ex.branches[self.ex.instances[n as usize].branch as usize].depth + 1;
        self.ex.branches.push(Branch {
            id: branch,
            frame,
            opener: None,
            kind: BranchKind::Main,
            status: BranchStatus::Running,
            depth,
            current: None,
            then: Default::default(),
            variables: BTreeMap::new(),
        });
        self.ex.frames.push(Frame {
            id: frame,
            playbook: callee_id,
            caller: Some(n),
            variables,
            status: BranchStatus::Running,
            main: branch,
            exception: None,
            roots: vec![branch],
            failure: None,
        });
        let inst = self.inst(n);
        inst.child_frame = Some(frame);
        inst.status = InstanceStatus::Waiting;
        self.ex.pending.push_back(Pending { branch, step: StepRef::Step(callee.start.clone()) });
        Ok(())
    }

    /// Instance `n` is done: record it and move its branch on.
    pub fn finish(&mut self, n: u32, outcome: Outcome, reason: Option<Reason>) -> Result<(), EngineError> {
        if !self.ex.instances[n as usize].status.is_open() {
            return Ok(());
        }
        let status = match outcome {
            Outcome::Success => InstanceStatus::Done,
            Outcome::Failure => InstanceStatus::Failed,
            Outcome::Skipped => InstanceStatus::Skipped,
        };
        let now = self.now;
        let inst = self.inst(n);
        inst.status = status;
        inst.finished_at = Some(now);
        inst.outcome = Some(outcome);
        inst.reason = reason.clone();
        let (b, kind, step) = (inst.branch, inst.kind, inst.step.clone());
        let then: Vec<StepRef> = std::mem::take(&mut inst.then).into_iter().map(StepRef::AdHoc).collect();
        self.remove_timers(n);
        self.emit(Effect::StepFinished { instance: n, step, status, reason: reason.clone() });
        self.ex.branches[b as usize].current = None;
        if kind == StepKind::End {
            return self.end_branch(b, BranchStatus::Done, None);
        }
        let queue = &mut self.ex.branches[b as usize].then;
        if kind == StepKind::AdHoc {
            // An ad-hoc step cannot redirect the flow: whatever its outcome,
            // the branch goes on as planned.
            for r in then.into_iter().rev() {
                queue.push_front(r);
            }
        } else {
            let next = self.step_plan(n)?.and_then(|sp| sp.next(outcome != Outcome::Failure).map(str::to_string));
            if outcome == Outcome::Failure && next.is_none() {
                let reason = reason.unwrap_or_else(|| {
                    Reason::new("step_failed", format!("{} failed", self.ex.instances[n as usize].step))
                });
                return self.fail_branch(b, reason);
            }
            let queue = &mut self.ex.branches[b as usize].then;
            queue.extend(then);
            queue.push_back(next.map(StepRef::Step).unwrap_or(StepRef::End));
        }
        if let Some(r) = self.ex.branches[b as usize].then.pop_front() {
            self.ex.pending.push_back(Pending { branch: b, step: r });
        }
        Ok(())
    }

    /// Sets a variable where instance `n` sees it, and records it.
    pub fn set_variable(&mut self, n: u32, name: &str, value: &str) {
        let loc = scope::assign(self.ex, n, name, value);
        let (frame, branch) = match loc {
            scope::Loc::Branch(b) => (self.ex.branches[b as usize].frame, Some(b)),
            scope::Loc::Frame(f) => (f, None),
        };
        self.emit(Effect::VariableSet { frame, branch, name: name.to_string(), value: value.to_string() });
    }
}

fn nesting() -> Reason {
    Reason::new("nesting_limit", format!("branches and sub-draaiboeken nest deeper than {MAX_DEPTH}"))
}
