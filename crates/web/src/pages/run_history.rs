//! The history of a run as its page shows it: the engine's record of who
//! did what when (started, answered with the answer, voted, skipped,
//! overdue, escalated, paused, …) merged with the people's notes (claimed,
//! delegated, commented) and the files they attached, oldest first. The run
//! page lists it whole and per open task.

use crate::i18n::{Lang, t};
use minijinja::{Value, context};
use std::collections::BTreeMap;
use verbinding_app::executions::ExecutionDetail;
use verbinding_playbook::engine::Outcome;
use verbinding_playbook::engine::history::{Happening, HistoryEntry};
use verbinding_playbook::{Playbook, extension::EXTENSION_ID, graph};
use verbinding_store::tasks::{Attachment, NamedNote};

/// One line of the history: when, about which task, and what the page shows.
pub(super) struct Line {
    pub at_ms: i64,
    pub task: Option<String>,
    pub value: Value,
}

/// What the lines are read against: the run's top draaiboek (names,
/// answer labels), the viewer's language and the people's names.
pub(super) struct Reading<'a> {
    pub doc: &'a serde_json::Value,
    pub playbook: &'a Playbook,
    pub lang: Lang,
    pub people: &'a BTreeMap<String, String>,
    pub agents: &'a super::agent_names::AgentNames<'a>,
}

impl Reading<'_> {
    fn person(&self, email: Option<&str>) -> String {
        match email {
            Some(e) if !e.is_empty() => self.people.get(e).cloned().unwrap_or_else(|| e.to_string()),
            _ => String::new(),
        }
    }

    fn agent(&self, agent: &str) -> String {
        self.agents.name(agent)
    }

    /// A step of the top draaiboek by its name in the viewer's language; a
    /// sub-draaiboek's step by the task's own name.
    fn step_name(&self, e: &HistoryEntry) -> String {
        let top = e.playbook.as_deref() == Some(self.playbook.id.as_str());
        e.step
            .as_deref()
            .filter(|_| top)
            .and_then(|s| graph::step_name(self.playbook, s, self.lang.code()))
            .or_else(|| e.name.clone())
            .unwrap_or_default()
    }

    /// The answer as people read it: each field's label and the chosen value's label.
    fn answer(&self, e: &HistoryEntry) -> Vec<Value> {
        let code = self.lang.code();
        let fields = e
            .step
            .as_deref()
            .filter(|_| e.playbook.as_deref() == Some(self.playbook.id.as_str()))
            .map(|s| &self.doc["workflow"][s]["step_extensions"][EXTENSION_ID]["answer"]);
        e.answer
            .iter()
            .map(|(var, value)| {
                let spec = fields.map(|f| &f[var]);
                let label = spec.and_then(|s| s["label"][code].as_str()).unwrap_or(var.trim_matches('_'));
                let value = spec.and_then(|s| s["choice_labels"][value][code].as_str()).unwrap_or(value);
                context! { label, value }
            })
            .collect()
    }
}

/// The engine's entries as lines; the line that completed a task whose
/// answer became an assessment links to it.
pub(super) fn engine_lines(r: &Reading<'_>, v: &ExecutionDetail) -> Vec<Line> {
    let mut lines = history_lines(r, v);
    for (task, assessment) in &v.assessments {
        let completing = lines.iter_mut().rev().find(|l| {
            l.task.as_deref() == Some(task.as_str())
                && matches!(
                    l.value.get_attr("what").ok().and_then(|w| w.as_str().map(str::to_string)).as_deref(),
                    Some("answered" | "approved")
                )
        });
        if let Some(line) = completing {
            line.value = context! { assessment => assessment, ..line.value.clone() };
        }
    }
    lines
}

fn history_lines(r: &Reading<'_>, v: &ExecutionDetail) -> Vec<Line> {
    v.history
        .iter()
        .map(|e| {
            let what = match e.what {
                Happening::Started => "started",
                Happening::TaskOpened => "task_opened",
                Happening::Answered => match e.outcome {
                    Some(Outcome::Failure) => "answered_failure",
                    _ => "answered",
                },
                Happening::Voted if e.approve == Some(true) => "voted_for",
                Happening::Voted => "voted_against",
                Happening::Approved => "approved",
                Happening::Rejected => "rejected",
                Happening::Skipped => "skipped",
                Happening::Overdue => "overdue",
                Happening::Escalated => "escalated",
                Happening::TimedOut => "timed_out",
                Happening::StepAdded => "step_added",
                Happening::Paused => "paused",
                Happening::Resumed => "resumed",
                Happening::Cancelled => "cancelled",
                Happening::Finished => "finished",
            };
            let status = e.status.map(|s| {
                let code =
                    serde_json::to_value(s).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
                t(r.lang, &format!("executions.status.{code}"))
            });
            let phrase = t(r.lang, &format!("history.{what}"))
                .replace("{agent}", &e.agent.as_deref().map(|a| r.agent(a)).unwrap_or_default())
                .replace("{status}", &status.unwrap_or_default());
            let value = context! {
                what, phrase, at => e.at * 1000, who => r.person(e.by.as_deref()),
                task_name => (e.task.is_some() || e.what == Happening::StepAdded).then(|| r.step_name(e)),
                answer => r.answer(e), text => e.text,
            };
            Line { at_ms: e.at * 1000, task: e.task.clone(), value }
        })
        .collect()
}

/// Claims, delegations, comments and attachments as lines.
pub(super) fn people_lines(
    lang: Lang,
    notes: &[NamedNote],
    attachments: &[Attachment],
    names: &BTreeMap<String, String>,
    size: impl Fn(i64) -> String,
) -> Vec<Line> {
    let task_name =
        |task: &str| names.get(task).cloned().unwrap_or_else(|| task.split('#').next().unwrap_or(task).into());
    let notes = notes.iter().map(|n| {
        let what = match n.kind.as_str() {
            "claimed" => "claimed",
            "delegated" => "delegated",
            _ => "commented",
        };
        let to = n.to_name.clone().or(n.to_email.clone()).unwrap_or_default();
        let value = context! {
            what, phrase => t(lang, &format!("history.{what}")).replace("{to}", &to), at => n.at_ms,
            who => n.by_name.clone().or(n.by_email.clone()).unwrap_or_default(),
            task_name => task_name(&n.task), text => (!n.text.is_empty()).then_some(n.text.clone()),
        };
        Line { at_ms: n.at_ms, task: Some(n.task.clone()), value }
    });
    let files = attachments.iter().map(|a| {
        let value = context! {
            what => "attached", phrase => t(lang, "history.attached"), at => a.uploaded_at,
            who => a.uploaded_by_name, task_name => task_name(&a.task),
            file => context! { id => a.id, name => a.original_name, size => size(a.size) },
        };
        Line { at_ms: a.uploaded_at, task: Some(a.task.clone()), value }
    });
    notes.chain(files).collect()
}

/// Every line in time order; at the same moment the engine's record first
/// (a task opens before anyone claims it).
pub(super) fn merged(mut engine: Vec<Line>, people: Vec<Line>) -> Vec<Line> {
    engine.extend(people);
    engine.sort_by_key(|l| l.at_ms);
    engine
}
