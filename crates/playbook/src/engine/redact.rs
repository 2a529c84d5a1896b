//! What a reader below the classification of some steps sees of a run
//! (issue 11, rule 4): that a restricted step exists, nothing more — not its
//! name, its agent, its task, its deadline, its answer (the variables it sets),
//! nor the sub-draaiboek it calls. The rule is pure: which classifications the
//! reader is cleared for is passed in.

use super::library::Library;
use super::state::{Execution, Instance};
use super::view::{ExecutionView, StepStatus, StepView};
use std::collections::BTreeSet;

/// The steps (playbook id, step id) of the pinned playbooks a reader may not
/// see: those whose extension marks them with a classification the reader is
/// not cleared for (an unknown label counts as not cleared).
pub fn restricted_steps(lib: &Library, cleared: &dyn Fn(&str) -> bool) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for p in lib.values() {
        for (id, s) in &p.steps {
            if s.classification().is_some_and(|c| !cleared(c)) {
                out.insert((p.id.clone(), id.clone()));
            }
        }
    }
    out
}

/// The classifications that bear on an instance: its step's own and that of
/// every playbook-action that called its frame, innermost first.
pub fn instance_markings<'a>(lib: &'a Library, ex: &Execution, inst: &Instance) -> Vec<&'a str> {
    let mut out = Vec::new();
    let mut at = Some((inst.frame, inst.step.clone()));
    // A frame's caller is always in an earlier frame, so this ends; the
    // bound keeps a corrupt state from looping.
    for _ in 0..=ex.frames.len() {
        let Some((frame, step)) = at.take() else { break };
        let Some(f) = ex.frames.get(frame as usize) else { break };
        if let Some(c) = lib.get(&f.playbook).and_then(|p| p.steps.get(&step)).and_then(|s| s.classification()) {
            out.push(c);
        }
        at = f.caller.and_then(|n| ex.instances.get(n as usize)).map(|c| (c.frame, c.step.clone()));
    }
    out
}

/// What [`redact`] took out besides the steps themselves.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Redaction {
    /// Task keys of restricted steps (and of every step of a frame a restricted step called).
    pub tasks: BTreeSet<String>,
    /// Top-level variables a restricted step sets, or that a call returns from a frame with restricted steps.
    pub variables: BTreeSet<String>,
    /// Frames left out because a restricted step called them.
    pub frames: usize,
}

impl Redaction {
    pub fn is_empty(&self) -> bool {
        self.tasks.is_empty() && self.variables.is_empty() && self.frames == 0
    }
}

/// The whole-run answer: which task keys are restricted and which frames a
/// restricted step called (transitively), without touching a view.
pub(super) fn hidden_parts(
    lib: &Library,
    ex: &Execution,
    restricted: &BTreeSet<(String, String)>,
) -> (BTreeSet<u32>, BTreeSet<String>, BTreeSet<String>) {
    let hidden_step = |frame: u32, step: &str| {
        ex.frames.get(frame as usize).is_some_and(|f| restricted.contains(&(f.playbook.clone(), step.to_string())))
    };
    // Frames are created in order, so a caller's frame is decided before its callee.
    let mut frames = BTreeSet::new();
    for f in &ex.frames {
        let called_by_hidden = f
            .caller
            .and_then(|n| ex.instances.get(n as usize))
            .is_some_and(|caller| frames.contains(&caller.frame) || hidden_step(caller.frame, &caller.step));
        if called_by_hidden {
            frames.insert(f.id);
        }
    }
    let mut tasks = BTreeSet::new();
    for i in &ex.instances {
        if let Some(t) = &i.task
            && (frames.contains(&i.frame) || hidden_step(i.frame, &i.step))
        {
            tasks.insert(t.key.clone());
        }
    }
    // A frame "holds" restricted content when one of its own steps is
    // restricted or a frame it called does; the call that returns from it
    // would otherwise pass a restricted answer up.
    let mut holds: BTreeSet<u32> = ex
        .frames
        .iter()
        .filter(|f| lib.get(&f.playbook).is_some_and(|p| p.steps.keys().any(|s| hidden_step(f.id, s))))
        .map(|f| f.id)
        .collect();
    for f in ex.frames.iter().rev() {
        if holds.contains(&f.id)
            && let Some(caller) = f.caller.and_then(|n| ex.instances.get(n as usize))
        {
            holds.insert(caller.frame);
        }
    }
    let mut variables = BTreeSet::new();
    let top = ex.frames.first().map(|f| f.playbook.as_str()).unwrap_or_default();
    if let Some(p) = lib.get(top) {
        for (id, s) in &p.steps {
            let returns_restricted = ex.frames.iter().any(|f| {
                holds.contains(&f.id)
                    && f.caller
                        .and_then(|n| ex.instances.get(n as usize))
                        .is_some_and(|c| c.frame == 0 && &c.step == id)
            });
            if hidden_step(0, id) || returns_restricted {
                variables.extend(s.out_args.iter().cloned());
            }
        }
    }
    (frames, tasks, variables)
}

/// The task keys of `ex` a reader with these restricted steps may not see.
pub fn restricted_tasks(lib: &Library, ex: &Execution, restricted: &BTreeSet<(String, String)>) -> BTreeSet<String> {
    hidden_parts(lib, ex, restricted).1
}

/// Takes out of `view` what a reader may not see: each restricted step stays,
/// with status [`StepStatus::Restricted`] and nothing else; frames it called
/// go; its open tasks leave the waiting list. Answers what else the caller
/// must leave out (task rows, notes and variables).
pub fn redact(
    lib: &Library,
    ex: &Execution,
    view: &mut ExecutionView,
    restricted: &BTreeSet<(String, String)>,
) -> Redaction {
    if restricted.is_empty() {
        return Redaction::default();
    }
    let (frames, tasks, variables) = hidden_parts(lib, ex, restricted);
    let before = view.frames.len();
    view.frames.retain(|f| !frames.contains(&f.frame));
    for f in &mut view.frames {
        for (id, s) in f.steps.iter_mut() {
            if restricted.contains(&(f.playbook.clone(), id.clone())) {
                *s = StepView::restricted(id);
            }
        }
    }
    view.waiting.retain(|w| !tasks.contains(&w.task));
    Redaction { tasks, variables, frames: before - view.frames.len() }
}

impl StepView {
    /// A step the reader may only know exists.
    pub fn restricted(step: &str) -> StepView {
        StepView {
            step: step.to_string(),
            status: StepStatus::Restricted,
            instance: None,
            runs: 0,
            agent: None,
            deadline: None,
            task: None,
            waiting_for: Vec::new(),
            escalated_to: None,
            delayed_until: None,
        }
    }
}

/// The properties of a restricted step that a reader keeps: its type and
/// where it leads, so the drawing still connects. Everything else (name,
/// description, commands, agent, targets, variables, conditions, the
/// sub-draaiboek it calls, our extension) goes.
const KEPT: [&str; 7] = ["type", "on_completion", "on_success", "on_failure", "next_steps", "on_true", "on_false"];

/// Takes the texts of these steps out of a playbook document, for a reader
/// below their classification. A switch keeps its branches under numbered
/// case names (its case values are texts too) and its `default`.
pub fn redact_document(doc: &mut serde_json::Value, restricted: &BTreeSet<String>) {
    let Some(workflow) = doc.get_mut("workflow").and_then(serde_json::Value::as_object_mut) else { return };
    for (id, step) in workflow.iter_mut() {
        if !restricted.contains(id) {
            continue;
        }
        let Some(o) = step.as_object() else { continue };
        let mut kept: serde_json::Map<String, serde_json::Value> =
            KEPT.iter().filter_map(|k| o.get(*k).map(|v| (k.to_string(), v.clone()))).collect();
        if let Some(cases) = o.get("cases").and_then(serde_json::Value::as_object) {
            let mut numbered = serde_json::Map::new();
            let mut n = 0;
            for (case, target) in cases {
                let key = if case == "default" {
                    case.clone()
                } else {
                    n += 1;
                    n.to_string()
                };
                numbered.insert(key, target.clone());
            }
            kept.insert("cases".into(), serde_json::Value::Object(numbered));
        }
        *step = serde_json::Value::Object(kept);
    }
}
