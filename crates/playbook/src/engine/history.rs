//! A run's history as people read it: who did what when — the run started,
//! a task reached its assignee, someone answered (with the answer), voted,
//! skipped with a justification, the clock marked a task overdue or
//! escalated it, a coordinator paused, resumed or cancelled, the run ended.
//! It is read from the effects the engine recorded (every effect is kept
//! with its time), so it is exactly what happened and costs no extra
//! storage. A reader below a step's classification learns nothing of that
//! step here either (issue 11, rule 4): its entries are left out.

use super::effect::{CloseReason, Effect, Outcome};
use super::library::Library;
use super::state::{Execution, Status};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Happening {
    Started,
    /// A task reached its assignee.
    TaskOpened,
    /// A person reported the task (for an approval step: the report the approvers decide on).
    Answered,
    Voted,
    /// The approvers' policy was met.
    Approved,
    Rejected,
    Skipped,
    Overdue,
    Escalated,
    /// The step's CACAO timeout passed.
    TimedOut,
    StepAdded,
    Paused,
    Resumed,
    Cancelled,
    Finished,
}

/// One entry of the history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct HistoryEntry {
    /// Unix seconds.
    pub at: i64,
    pub what: Happening,
    /// The task it is about (`{step}#{instance}`).
    pub task: Option<String>,
    /// The step, and the playbook whose step it is.
    pub step: Option<String>,
    pub playbook: Option<String>,
    /// The task's (or added step's) name as its draaiboek gives it.
    pub name: Option<String>,
    /// Who did it (as the command named them); none where the clock or the
    /// approval policy acted, empty for an old journal entry that did not say.
    pub by: Option<String>,
    pub outcome: Option<Outcome>,
    /// The answer reported (variable → value).
    pub answer: BTreeMap<String, String>,
    /// A vote: approve (true) or reject.
    pub approve: Option<bool>,
    /// The agent concerned: the task's assignee, the approver voted for,
    /// whom it escalated to, the added step's agent.
    pub agent: Option<String>,
    /// A skip's justification, a cancellation's reason.
    pub text: Option<String>,
    /// How the run ended.
    pub status: Option<Status>,
}

impl HistoryEntry {
    fn new(at: i64, what: Happening) -> HistoryEntry {
        HistoryEntry {
            at,
            what,
            task: None,
            step: None,
            playbook: None,
            name: None,
            by: None,
            outcome: None,
            answer: BTreeMap::new(),
            approve: None,
            agent: None,
            text: None,
            status: None,
        }
    }
}

/// The history of `ex`, oldest first, without what concerns the steps the
/// reader may not see (`restricted`: playbook id and step id, as
/// [`super::redact::restricted_steps`] gives them).
pub fn history(lib: &Library, ex: &Execution, restricted: &BTreeSet<(String, String)>) -> Vec<HistoryEntry> {
    let (hidden_frames, hidden_tasks, hidden_variables) = super::redact::hidden_parts(lib, ex, restricted);
    let playbook_of = |frame: u32| ex.frames.get(frame as usize).map(|f| f.playbook.clone());
    // An entry about an instance: its step, playbook and task name; none when the reader may not see it.
    let about_instance = |e: &mut HistoryEntry, n: u32| -> bool {
        let Some(inst) = ex.instances.get(n as usize) else { return false };
        let playbook = playbook_of(inst.frame);
        let hidden = hidden_frames.contains(&inst.frame)
            || playbook.as_ref().is_some_and(|p| restricted.contains(&(p.clone(), inst.step.clone())))
            || inst.task.as_ref().is_some_and(|t| hidden_tasks.contains(&t.key));
        e.step = Some(inst.step.clone());
        e.playbook = playbook;
        if let Some(t) = &inst.task {
            e.task = Some(t.key.clone());
            e.name = Some(t.name.clone());
        }
        !hidden
    };
    let about_task = |e: &mut HistoryEntry, key: &str| -> bool {
        match key.rsplit_once('#').and_then(|(_, n)| n.parse::<u32>().ok()) {
            Some(n) if ex.task_instance(key).is_some() => about_instance(e, n),
            _ => false,
        }
    };
    let mut out = Vec::new();
    for record in &ex.history {
        let at = record.at;
        let entry = match &record.event {
            Effect::ExecutionStarted { playbook, .. } => {
                let mut e = HistoryEntry::new(at, Happening::Started);
                e.playbook = Some(playbook.clone());
                Some(e)
            }
            Effect::TaskOpened { task, agent, .. } => {
                let mut e = HistoryEntry::new(at, Happening::TaskOpened);
                e.agent = agent.clone();
                about_task(&mut e, task).then_some(e)
            }
            Effect::Answered { task, outcome, answer, by } => {
                let mut e = HistoryEntry::new(at, Happening::Answered);
                e.by = Some(by.clone());
                e.outcome = Some(*outcome);
                e.answer = answer.iter().filter(|(k, _)| !hidden_variables.contains(*k)).map(clone_pair).collect();
                about_task(&mut e, task).then_some(e)
            }
            Effect::Voted { task, approver, approve, by } => {
                let mut e = HistoryEntry::new(at, Happening::Voted);
                e.by = Some(by.clone());
                e.approve = Some(*approve);
                e.agent = Some(approver.clone());
                about_task(&mut e, task).then_some(e)
            }
            Effect::TaskClosed { task, reason } => {
                let what = match reason {
                    CloseReason::Approved => Some(Happening::Approved),
                    CloseReason::Rejected => Some(Happening::Rejected),
                    CloseReason::TimedOut => Some(Happening::TimedOut),
                    // Completed, failed and skipped have their own entry; the rest follow from the run's end.
                    _ => None,
                };
                what.and_then(|w| {
                    let mut e = HistoryEntry::new(at, w);
                    about_task(&mut e, task).then_some(e)
                })
            }
            Effect::Skipped { task, justification, by } => {
                let mut e = HistoryEntry::new(at, Happening::Skipped);
                e.by = Some(by.clone());
                e.text = Some(justification.clone());
                about_task(&mut e, task).then_some(e)
            }
            Effect::Overdue { instance, .. } => {
                let mut e = HistoryEntry::new(at, Happening::Overdue);
                about_instance(&mut e, *instance).then_some(e)
            }
            Effect::Escalated { instance, to, .. } => {
                let mut e = HistoryEntry::new(at, Happening::Escalated);
                e.agent = Some(to.clone());
                about_instance(&mut e, *instance).then_some(e)
            }
            Effect::StepAdded { step, name, agent, by, .. } => {
                let mut e = HistoryEntry::new(at, Happening::StepAdded);
                e.step = Some(step.clone());
                e.name = Some(name.clone());
                e.agent = Some(agent.clone());
                e.by = Some(by.clone());
                Some(e)
            }
            Effect::Paused { by } => {
                Some(HistoryEntry { by: Some(by.clone()), ..HistoryEntry::new(at, Happening::Paused) })
            }
            Effect::Resumed { by } => {
                Some(HistoryEntry { by: Some(by.clone()), ..HistoryEntry::new(at, Happening::Resumed) })
            }
            Effect::Cancelled { reason, by } => Some(HistoryEntry {
                by: Some(by.clone()),
                text: Some(reason.clone()),
                ..HistoryEntry::new(at, Happening::Cancelled)
            }),
            // A cancelled run's end is its cancellation, already listed.
            Effect::ExecutionFinished { status, .. } if *status != Status::Cancelled => {
                Some(HistoryEntry { status: Some(*status), ..HistoryEntry::new(at, Happening::Finished) })
            }
            // The engine's own bookkeeping (steps moving, variables, reminders) is not news to people.
            _ => None,
        };
        out.extend(entry);
    }
    out
}

fn clone_pair((k, v): (&String, &String)) -> (String, String) {
    (k.clone(), v.clone())
}
