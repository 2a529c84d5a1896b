//! The state of one execution: everything needed to continue it, and nothing
//! else. It serialises to JSON deterministically (maps are ordered, there are
//! no floats), so the same commands in the same order give byte-identical
//! state.

use super::effect::{CloseReason, Effect, Outcome, Reason};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, VecDeque};

/// Where the execution as a whole stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Running,
    Paused,
    Completed,
    Failed,
    Cancelled,
}

impl Status {
    pub fn is_finished(self) -> bool {
        matches!(self, Status::Completed | Status::Failed | Status::Cancelled)
    }
}

/// The eight CACAO step types, and our ad-hoc human step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum StepKind {
    #[serde(rename = "start")]
    Start,
    #[serde(rename = "end")]
    End,
    #[serde(rename = "action")]
    Action,
    #[serde(rename = "playbook-action")]
    PlaybookAction,
    #[serde(rename = "parallel")]
    Parallel,
    #[serde(rename = "if-condition")]
    If,
    #[serde(rename = "while-condition")]
    While,
    #[serde(rename = "switch-condition")]
    Switch,
    /// A human step added to a running execution (not in the playbook).
    #[serde(rename = "ad-hoc")]
    AdHoc,
    /// A branch that runs out of steps without an end step (a step with no
    /// successor for its outcome): the branch ends here.
    #[serde(rename = "implicit-end")]
    ImplicitEnd,
}

impl StepKind {
    pub fn parse(text: &str) -> Option<StepKind> {
        Some(match text {
            "start" => StepKind::Start,
            "end" => StepKind::End,
            "action" => StepKind::Action,
            "playbook-action" => StepKind::PlaybookAction,
            "parallel" => StepKind::Parallel,
            "if-condition" => StepKind::If,
            "while-condition" => StepKind::While,
            "switch-condition" => StepKind::Switch,
            _ => return None,
        })
    }

    /// Steps that open branches and wait for them.
    pub fn opens_branches(self) -> bool {
        matches!(
            self,
            StepKind::Parallel | StepKind::If | StepKind::While | StepKind::Switch | StepKind::PlaybookAction
        )
    }
}

/// One activation of a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InstanceStatus {
    /// Started; a person is working on it.
    Active,
    /// Waiting for approvals, for its branches (parallel, if, while, switch)
    /// or for its sub-draaiboek.
    Waiting,
    Done,
    Failed,
    Skipped,
    Cancelled,
}

impl InstanceStatus {
    pub fn is_open(self) -> bool {
        matches!(self, InstanceStatus::Active | InstanceStatus::Waiting)
    }
}

/// A CACAO variable: its declared type (empty when undeclared), its value
/// (`None` is the JSON null: unknown) and whether it may change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Var {
    #[serde(rename = "type")]
    pub kind: String,
    pub value: Option<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub constant: bool,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub external: bool,
}

/// The playbook (by id) a run uses, fixed when the execution starts: the
/// `modified` timestamp and the SHA-256 of its RFC 8785 canonical form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pin {
    pub playbook: String,
    pub modified: Option<String>,
    pub sha256: String,
}

/// One running playbook: the top one (frame 0) or a sub-draaiboek called by a
/// playbook-action step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Frame {
    pub id: u32,
    pub playbook: String,
    /// The playbook-action instance that called it (none for frame 0).
    pub caller: Option<u32>,
    pub variables: BTreeMap<String, Var>,
    pub status: BranchStatus,
    /// The branch from `workflow_start`.
    pub main: u32,
    /// The branch from `workflow_exception`, once a failure started it.
    pub exception: Option<u32>,
    /// Every branch of this frame without an opener (main, exception, ad-hoc).
    pub roots: Vec<u32>,
    /// Why the main branch failed.
    pub failure: Option<Reason>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BranchKind {
    /// A frame's branch from `workflow_start`.
    Main,
    /// A branch opened by a parallel, if, while or switch step.
    Child,
    /// A frame's branch from `workflow_exception`.
    Exception,
    /// A stand-alone ad-hoc step.
    AdHoc,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum BranchStatus {
    Running,
    Done,
    Failed,
    Cancelled,
}

/// What a branch does next.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum StepRef {
    Step(String),
    AdHoc(String),
    /// The branch has no further step: it ends.
    End,
    /// Instance n, started with a CACAO `delay` that has passed: it now
    /// starts processing (queued like a step, so not while paused).
    Delayed(u32),
}

/// A sequence of steps run one after the other (a thread of the workflow).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Branch {
    pub id: u32,
    pub frame: u32,
    /// The instance that opened this branch and gets control back at its end.
    pub opener: Option<u32>,
    pub kind: BranchKind,
    pub status: BranchStatus,
    /// Nesting depth (frames and branches), guarded by [`super::MAX_DEPTH`].
    pub depth: u32,
    /// The instance the branch is at.
    pub current: Option<u32>,
    /// Steps still to run before the branch goes on (ad-hoc steps inserted
    /// after the current one, then its successor).
    pub then: VecDeque<StepRef>,
    /// The `step_variables` declared by steps of this branch.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub variables: BTreeMap<String, Var>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "policy", content = "k")]
pub enum Policy {
    All,
    Any,
    #[serde(rename = "k-of-n")]
    AtLeast(u32),
    Veto,
    #[serde(rename = "at-deadline")]
    AtDeadline,
}

impl From<&crate::extension::Policy> for Policy {
    fn from(p: &crate::extension::Policy) -> Policy {
        use crate::extension::Policy as P;
        match p {
            P::All => Policy::All,
            P::Any => Policy::Any,
            P::AtLeast(k) => Policy::AtLeast(*k),
            P::Veto => Policy::Veto,
            P::AtDeadline => Policy::AtDeadline,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Vote {
    pub approve: bool,
    pub by: String,
    pub at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Approval {
    pub policy: Policy,
    pub approvers: Vec<String>,
    /// Per approver agent.
    pub votes: BTreeMap<String, Vote>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// The assignee carries out the step and reports.
    Work,
    /// The work is reported; the approvers decide.
    Approval,
}

/// The human task of an action (or ad-hoc) step instance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Task {
    pub key: String,
    pub name: String,
    pub agent: Option<String>,
    pub phase: Phase,
    pub approval: Option<Approval>,
    /// The answer reported (for an approval step: held until approved).
    pub answer: BTreeMap<String, String>,
    pub reported_by: Option<String>,
    pub opened_at: i64,
    pub closed: Option<CloseReason>,
    pub closed_at: Option<i64>,
}

/// One activation of a step. A step in a loop is activated more than once;
/// each activation has its own number, stable for the life of the execution.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Instance {
    pub n: u32,
    pub frame: u32,
    pub branch: u32,
    pub step: String,
    pub kind: StepKind,
    pub status: InstanceStatus,
    pub started_at: i64,
    pub finished_at: Option<i64>,
    pub outcome: Option<Outcome>,
    pub reason: Option<Reason>,
    pub deadline: Option<i64>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub overdue: bool,
    pub escalated_to: Option<String>,
    /// Set while the step waits out its CACAO `delay`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delayed_until: Option<i64>,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub reminders_sent: u32,
    /// Branches this instance opened (parallel, if, switch, each while iteration).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<u32>,
    /// The frame of the sub-draaiboek (playbook-action).
    pub child_frame: Option<u32>,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub iterations: u32,
    pub task: Option<Task>,
    /// Ad-hoc steps to run after this one, before its successor.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub then: Vec<String>,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TimerKind {
    Reminder {
        before: i64,
    },
    Deadline,
    Escalation {
        to: String,
    },
    /// CACAO `timeout`: the step fails.
    Timeout,
    /// CACAO `delay` has passed: the step starts processing.
    Delay,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Timer {
    pub at: i64,
    pub seq: u64,
    pub instance: u32,
    #[serde(flatten)]
    pub kind: TimerKind,
}

/// A human step added while the execution runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdHocStep {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub agent: String,
    pub deadline: Option<i64>,
    pub reminders_before: Vec<i64>,
    pub escalation: Option<(i64, String)>,
    pub after_task: Option<String>,
    pub added_by: String,
    pub added_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pending {
    pub branch: u32,
    pub step: StepRef,
}

/// One entry of the history: what happened, when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    pub at: i64,
    pub event: Effect,
}

/// Everything about one run of a draaiboek.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Execution {
    /// The playbook id the execution runs (frame 0).
    pub playbook: String,
    pub pins: Vec<Pin>,
    pub status: Status,
    pub started_at: i64,
    pub finished_at: Option<i64>,
    /// Why it failed or was cancelled.
    pub reason: Option<Reason>,
    /// Failed, but the `workflow_exception` branch ran to its end.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub exception_handled: bool,
    pub frames: Vec<Frame>,
    pub branches: Vec<Branch>,
    /// Indexed by instance number.
    pub instances: Vec<Instance>,
    /// Ordered by (`at`, `seq`).
    pub timers: Vec<Timer>,
    /// Steps to start; they wait here while the execution is paused.
    pub pending: VecDeque<Pending>,
    pub adhoc: BTreeMap<String, AdHocStep>,
    pub history: Vec<Record>,
    pub next_seq: u64,
}

impl Execution {
    /// The instance a task key names (`{step}#{instance}`), if it is a task.
    pub fn task_instance(&self, key: &str) -> Option<&Instance> {
        let (_, n) = key.rsplit_once('#')?;
        let inst = self.instances.get(n.parse::<usize>().ok()?)?;
        inst.task.as_ref().filter(|t| t.key == key).map(|_| inst)
    }

    /// Every task still open, in the order they were opened.
    pub fn open_tasks(&self) -> impl Iterator<Item = (&Instance, &Task)> {
        self.instances.iter().filter_map(|i| i.task.as_ref().filter(|t| t.closed.is_none()).map(|t| (i, t)))
    }

    /// The variables of frame 0 (the top playbook), by name and value.
    pub fn variables(&self) -> BTreeMap<String, Option<String>> {
        self.frames
            .first()
            .map(|f| f.variables.iter().map(|(k, v)| (k.clone(), v.value.clone())).collect())
            .unwrap_or_default()
    }
}
