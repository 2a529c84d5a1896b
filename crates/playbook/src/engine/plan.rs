//! A playbook compiled for running: every step with its parsed condition,
//! extension, variables and deadline; refused with the step and property when
//! the engine cannot run it. Also the pins: which playbook version a run uses.

use super::condition::{self, Expr};
use super::effect::Instruction;
use super::error::EngineError;
use super::state::{Pin, StepKind, Var};
use super::{Library, values};
use crate::Playbook;
use crate::extension::{Deadline, StepExtension};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

#[derive(Debug, Clone)]
pub(crate) struct StepPlan {
    pub kind: StepKind,
    pub name: String,
    pub agent: Option<String>,
    pub on_completion: Option<String>,
    pub on_success: Option<String>,
    pub on_failure: Option<String>,
    pub next_steps: Vec<String>,
    pub on_true: Option<String>,
    pub on_false: Option<String>,
    pub cases: BTreeMap<String, String>,
    pub condition: Option<Expr>,
    /// The switch variable (`__x__`).
    pub switch: Option<String>,
    pub ext: StepExtension,
    /// `deadline_at`, parsed.
    pub deadline_at: Option<i64>,
    pub variables: BTreeMap<String, Var>,
    pub in_args: Vec<String>,
    pub out_args: Vec<String>,
    pub playbook_id: Option<String>,
    /// CACAO `timeout` in whole seconds (rounded up).
    pub timeout: Option<i64>,
    /// CACAO `delay` in whole seconds (rounded up); None for none or zero.
    pub delay: Option<i64>,
    pub instructions: Vec<Instruction>,
}

impl StepPlan {
    /// The successor for an outcome: on_success / on_failure, else on_completion.
    pub fn next(&self, success: bool) -> Option<&str> {
        let specific = if success { &self.on_success } else { &self.on_failure };
        specific.as_deref().or(self.on_completion.as_deref())
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Plan {
    pub start: String,
    pub exception: Option<String>,
    pub variables: BTreeMap<String, Var>,
    pub steps: BTreeMap<String, StepPlan>,
}

fn text(o: &Map<String, Value>, key: &str) -> Option<String> {
    o.get(key).and_then(Value::as_str).map(str::to_string)
}

fn list(o: &Map<String, Value>, key: &str) -> Vec<String> {
    o.get(key)
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).map(str::to_string).collect())
        .unwrap_or_default()
}

/// A `playbook_variables` or `step_variables` dictionary.
pub(crate) fn variables(v: Option<&Value>) -> BTreeMap<String, Var> {
    v.and_then(Value::as_object)
        .map(|m| {
            m.iter()
                .map(|(name, d)| {
                    let flag = |k: &str| d.get(k).and_then(Value::as_bool).unwrap_or(false);
                    let var = Var {
                        kind: d.get("type").and_then(Value::as_str).unwrap_or("").to_string(),
                        value: values::from_json(d.get("value")),
                        constant: flag("constant"),
                        external: flag("external"),
                    };
                    (name.clone(), var)
                })
                .collect()
        })
        .unwrap_or_default()
}

fn instructions(o: &Map<String, Value>) -> Vec<Instruction> {
    o.get("commands")
        .and_then(Value::as_array)
        .map(|cs| {
            cs.iter()
                .map(|c| {
                    let field = |k: &str| c.get(k).and_then(Value::as_str).map(str::to_string);
                    Instruction {
                        kind: field("type").unwrap_or_default(),
                        command: field("command"),
                        command_b64: field("command_b64"),
                        description: field("description"),
                    }
                })
                .collect()
        })
        .unwrap_or_default()
}

fn step_plan(pid: &str, id: &str, s: &crate::Step, o: &Map<String, Value>) -> Result<StepPlan, EngineError> {
    let bad =
        |property: &str, problem: &str, detail: String| EngineError::invalid(pid, Some(id), property, problem, detail);
    let kind = StepKind::parse(&s.kind)
        .ok_or_else(|| bad("type", "step_type_unknown", format!("unknown step type \"{}\"", s.kind)))?;
    let ext = match &s.extension {
        Some(e) => StepExtension::parse(id, e).map_err(|findings| {
            let f = &findings[0];
            bad(&format!("step_extensions.{}", f.property), f.code, f.detail.clone())
        })?,
        None => StepExtension::default(),
    };
    let deadline_at = match &ext.deadline {
        Some(Deadline::At(t)) => Some(values::parse_rfc3339(t).ok_or_else(|| {
            bad("step_extensions.deadline_at", "deadline_invalid", format!("\"{t}\" is not an RFC 3339 date-time"))
        })?),
        _ => None,
    };
    let condition = match (kind, text(o, "condition")) {
        (StepKind::If | StepKind::While, None) => {
            return Err(bad("condition", "condition_missing", "the step needs a condition".into()));
        }
        (StepKind::If | StepKind::While, Some(c)) => Some(
            condition::parse(&c)
                .map_err(|e| bad("condition", e.code, format!("at character {}: {}", e.offset + 1, e.detail)))?,
        ),
        _ => None,
    };
    let switch =
        match (kind, text(o, "switch")) {
            (StepKind::Switch, Some(v)) => Some(condition::variable(v.trim()).ok_or_else(|| {
                bad("switch", "switch_invalid", format!("\"{v}\" is not a variable like __x__:value"))
            })?),
            (StepKind::Switch, None) => {
                return Err(bad("switch", "switch_missing", "the step needs a switch variable".into()));
            }
            _ => None,
        };
    match kind {
        StepKind::If | StepKind::While if s.on_true.is_none() => {
            return Err(bad("on_true", "on_true_missing", "the step needs an on_true branch".into()));
        }
        StepKind::Parallel if s.next_steps.is_empty() => {
            return Err(bad("next_steps", "next_steps_missing", "a parallel step needs its next_steps".into()));
        }
        StepKind::PlaybookAction if text(o, "playbook_id").is_none() => {
            return Err(bad("playbook_id", "playbook_id_missing", "the step names no playbook".into()));
        }
        _ => {}
    }
    let seconds = |key: &str, code: &'static str| match o.get(key) {
        None => Ok(None),
        Some(v) => v
            .as_u64()
            .map(|ms| Some(i64::try_from(ms.div_ceil(1000)).unwrap_or(i64::MAX)))
            .ok_or_else(|| bad(key, code, format!("{key} is a whole number of milliseconds"))),
    };
    let timeout = seconds("timeout", "timeout_invalid")?;
    let delay = seconds("delay", "delay_invalid")?.filter(|d| *d > 0);
    Ok(StepPlan {
        kind,
        name: text(o, "name").unwrap_or_else(|| id.to_string()),
        agent: s.agent.clone(),
        on_completion: s.on_completion.clone(),
        on_success: s.on_success.clone(),
        on_failure: s.on_failure.clone(),
        next_steps: s.next_steps.clone(),
        on_true: s.on_true.clone(),
        on_false: s.on_false.clone(),
        cases: s.cases.clone(),
        condition,
        switch,
        ext,
        deadline_at,
        variables: variables(o.get("step_variables")),
        in_args: list(o, "in_args"),
        out_args: s.out_args.clone(),
        playbook_id: text(o, "playbook_id"),
        timeout,
        delay,
        instructions: instructions(o),
    })
}

/// Compiles a playbook; the first problem found (in step id order) refuses it.
pub(crate) fn compile(p: &Playbook) -> Result<Plan, EngineError> {
    let pid = p.id.as_str();
    let start = p.workflow_start.clone().filter(|s| p.steps.contains_key(s)).ok_or_else(|| {
        EngineError::invalid(pid, None, "workflow_start", "no_start_step", "workflow_start names no step".into())
    })?;
    if let Some(e) = &p.workflow_exception
        && !p.steps.contains_key(e)
    {
        return Err(EngineError::invalid(
            pid,
            None,
            "workflow_exception",
            "dangling_reference",
            format!("{e} is not in the workflow"),
        ));
    }
    let workflow = p.document.get("workflow").and_then(Value::as_object);
    let empty = Map::new();
    let mut steps = BTreeMap::new();
    for (id, s) in &p.steps {
        for (property, target) in s.references() {
            if !p.steps.contains_key(target) {
                return Err(EngineError::invalid(
                    pid,
                    Some(id),
                    &property,
                    "dangling_reference",
                    format!("{target} is not in the workflow"),
                ));
            }
        }
        let o = workflow.and_then(|w| w.get(id)).and_then(Value::as_object).unwrap_or(&empty);
        steps.insert(id.clone(), step_plan(pid, id, s, o)?);
    }
    Ok(Plan {
        start,
        exception: p.workflow_exception.clone(),
        variables: variables(p.document.get("playbook_variables")),
        steps,
    })
}

/// The pin of a playbook as it is now.
pub fn pin(p: &Playbook) -> Pin {
    let canonical = crate::jcs::canonical(&p.document);
    Pin {
        playbook: p.id.clone(),
        modified: p.document.get("modified").and_then(Value::as_str).map(str::to_string),
        sha256: hex::encode(Sha256::digest(canonical.as_bytes())),
    }
}

/// Pins the playbook and every playbook its playbook-action steps call,
/// transitively (in the order they are found).
pub(crate) fn pins(lib: &Library, top: &str) -> Result<Vec<Pin>, EngineError> {
    let p = lib.get(top).ok_or_else(|| EngineError::PlaybookUnknown {
        playbook: top.to_string(),
        step: None,
        property: None,
    })?;
    let mut out = vec![lib.pin_of(top).cloned().unwrap_or_else(|| pin(p))];
    let mut seen = BTreeSet::from([top.to_string()]);
    let mut queue = vec![p];
    let mut i = 0;
    while let Some(p) = queue.get(i).copied() {
        i += 1;
        let workflow = p.document.get("workflow").and_then(Value::as_object);
        for (id, s) in &p.steps {
            let Some(o) = workflow.and_then(|w| w.get(id)).and_then(Value::as_object) else { continue };
            if s.kind != "playbook-action" {
                continue;
            }
            let Some(callee_id) = text(o, "playbook_id") else { continue };
            let callee = lib.get(&callee_id).ok_or_else(|| EngineError::PlaybookUnknown {
                playbook: callee_id.clone(),
                step: Some(id.clone()),
                property: Some("playbook_id".into()),
            })?;
            if let Some(wanted) = text(o, "playbook_version") {
                let found = callee.document.get("modified").and_then(Value::as_str);
                if found != Some(wanted.as_str()) {
                    return Err(EngineError::PlaybookVersionUnavailable {
                        playbook: callee_id,
                        step: id.clone(),
                        wanted,
                        found: found.map(str::to_string),
                    });
                }
            }
            if seen.insert(callee_id.clone()) {
                out.push(lib.pin_of(&callee_id).cloned().unwrap_or_else(|| pin(callee)));
                queue.push(callee);
            }
        }
    }
    Ok(out)
}

/// The compiled plans of every pinned playbook, checking each is still the
/// pinned one.
pub(crate) fn plans(lib: &Library, pins: &[Pin]) -> Result<BTreeMap<String, Arc<Plan>>, EngineError> {
    pins.iter().map(|want| Ok((want.playbook.clone(), lib.plan(want)?))).collect()
}

/// Fills `__name__:value` in a command text with the values `lookup` knows.
pub(crate) fn interpolate(text: &str, lookup: &dyn Fn(&str) -> Option<String>) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("__") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let name_end = after.find("__:value");
        match name_end.map(|e| (e, format!("__{}__", &after[..e]))) {
            Some((e, name)) if condition::variable(&name).is_some() => match lookup(&name) {
                Some(v) => {
                    out.push_str(&v);
                    rest = &after[e + "__:value".len()..];
                }
                None => {
                    out.push_str("__");
                    rest = after;
                }
            },
            _ => {
                out.push_str("__");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}
