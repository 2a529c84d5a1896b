//! A read view for people: per step its status, assignee and deadline (to
//! colour the graph), and the list of who the execution is waiting for.

use super::Library;
use super::effect::{Effect, Instruction};
use super::state::{BranchStatus, Execution, Instance, InstanceStatus, Phase, Status};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum StepStatus {
    NotReached,
    /// A person is working on it.
    Active,
    /// Waiting for approvals, for its branches (join) or its sub-draaiboek.
    Waiting,
    /// Active or waiting, and past its deadline.
    Overdue,
    Done,
    Failed,
    Skipped,
    Cancelled,
    /// Marked above the reader's clearance: the step exists, nothing more
    /// is shown (issue 11, rule 4).
    Restricted,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct StepView {
    pub step: String,
    pub status: StepStatus,
    /// The instance shown (the open one, else the latest).
    pub instance: Option<u32>,
    /// How many times the step started (loops).
    pub runs: u32,
    pub agent: Option<String>,
    pub deadline: Option<i64>,
    pub task: Option<String>,
    /// Agents whose action is awaited: the assignee, or the approvers that
    /// have not voted yet.
    pub waiting_for: Vec<String>,
    pub escalated_to: Option<String>,
    /// While the step waits out its CACAO `delay`: until when.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delayed_until: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct FrameView {
    pub frame: u32,
    pub playbook: String,
    /// The playbook-action instance that called this frame.
    pub caller: Option<u32>,
    pub status: BranchStatus,
    pub steps: BTreeMap<String, StepView>,
}

/// One open task, for the "who are we waiting for" list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Waiting {
    pub task: String,
    pub playbook: String,
    pub step: String,
    pub name: String,
    pub waiting_for: Vec<String>,
    pub approval: bool,
    pub since: i64,
    pub deadline: Option<i64>,
    pub overdue: bool,
    pub escalated_to: Option<String>,
    /// What to do: the step's commands as the task received them (variables
    /// filled in). A command of any type but `manual` is not run by the
    /// platform: the person carries it out and reports.
    pub instructions: Vec<Instruction>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct ExecutionView {
    pub status: Status,
    pub frames: Vec<FrameView>,
    /// Ad-hoc steps, by id.
    pub adhoc: BTreeMap<String, StepView>,
    /// Open tasks, most urgent deadline first (no deadline last).
    pub waiting: Vec<Waiting>,
}

fn status_of(i: &Instance) -> StepStatus {
    match i.status {
        InstanceStatus::Active | InstanceStatus::Waiting if i.overdue => StepStatus::Overdue,
        InstanceStatus::Active => StepStatus::Active,
        InstanceStatus::Waiting => StepStatus::Waiting,
        InstanceStatus::Done => StepStatus::Done,
        InstanceStatus::Failed => StepStatus::Failed,
        InstanceStatus::Skipped => StepStatus::Skipped,
        InstanceStatus::Cancelled => StepStatus::Cancelled,
    }
}

fn waiting_for(i: &Instance) -> Vec<String> {
    let Some(t) = i.task.as_ref().filter(|t| t.closed.is_none()) else { return Vec::new() };
    match (&t.phase, &t.approval) {
        (Phase::Approval, Some(a)) => a.approvers.iter().filter(|x| !a.votes.contains_key(*x)).cloned().collect(),
        _ => t.agent.iter().cloned().collect(),
    }
}

fn step_view(step: &str, agent: Option<String>, instances: &[&Instance]) -> StepView {
    let shown = instances.iter().rev().find(|i| i.status.is_open()).or(instances.last()).copied();
    StepView {
        step: step.to_string(),
        status: shown.map(status_of).unwrap_or(StepStatus::NotReached),
        instance: shown.map(|i| i.n),
        runs: instances.len() as u32,
        agent: shown.and_then(|i| i.task.as_ref()).and_then(|t| t.agent.clone()).or(agent),
        deadline: shown.and_then(|i| i.deadline),
        task: shown.and_then(|i| i.task.as_ref()).map(|t| t.key.clone()),
        waiting_for: shown.map(waiting_for).unwrap_or_default(),
        escalated_to: shown.and_then(|i| i.escalated_to.clone()),
        delayed_until: shown.and_then(|i| i.delayed_until),
    }
}

/// The view of an execution; `lib` supplies the steps not reached yet.
pub fn view(lib: &Library, ex: &Execution) -> ExecutionView {
    let mut frames = Vec::new();
    for f in &ex.frames {
        let mut by_step: BTreeMap<&str, Vec<&Instance>> = BTreeMap::new();
        for i in ex.instances.iter().filter(|i| i.frame == f.id && i.kind != super::state::StepKind::AdHoc) {
            by_step.entry(i.step.as_str()).or_default().push(i);
        }
        let mut steps = BTreeMap::new();
        if let Some(p) = lib.get(&f.playbook) {
            for (id, s) in &p.steps {
                let list = by_step.remove(id.as_str()).unwrap_or_default();
                steps.insert(id.clone(), step_view(id, s.agent.clone(), &list));
            }
        }
        for (id, list) in by_step {
            steps.insert(id.to_string(), step_view(id, None, &list));
        }
        frames.push(FrameView { frame: f.id, playbook: f.playbook.clone(), caller: f.caller, status: f.status, steps });
    }
    let adhoc = ex
        .adhoc
        .values()
        .map(|a| {
            let list: Vec<&Instance> = ex.instances.iter().filter(|i| i.step == a.id).collect();
            (a.id.clone(), step_view(&a.id, Some(a.agent.clone()), &list))
        })
        .collect();
    // The instructions each open task was given, from the record of its opening.
    let mut given: BTreeMap<&str, &Vec<Instruction>> = BTreeMap::new();
    for r in &ex.history {
        if let Effect::TaskOpened { task, instructions, .. } = &r.event {
            given.insert(task.as_str(), instructions);
        }
    }
    let mut waiting: Vec<Waiting> = ex
        .open_tasks()
        .map(|(i, t)| Waiting {
            instructions: given.get(t.key.as_str()).map(|v| (*v).clone()).unwrap_or_default(),
            task: t.key.clone(),
            playbook: ex.frames.get(i.frame as usize).map(|f| f.playbook.clone()).unwrap_or_default(),
            step: i.step.clone(),
            name: t.name.clone(),
            waiting_for: waiting_for(i),
            approval: t.phase == Phase::Approval,
            since: t.opened_at,
            deadline: i.deadline,
            overdue: i.overdue,
            escalated_to: i.escalated_to.clone(),
        })
        .collect();
    waiting.sort_by_key(|w| (w.deadline.is_none(), w.deadline, w.since));
    ExecutionView { status: ex.status, frames, adhoc, waiting }
}
