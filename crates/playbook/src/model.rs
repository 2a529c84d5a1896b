//! The parts of a CACAO 2.0 playbook the lint and the engine reason about,
//! read from the JSON without losing anything: the document itself is kept
//! as it came, so an export gives back what was imported.

use crate::Finding;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// The eight workflow step types of CACAO 2.0 (section 4).
pub const STEP_TYPES: [&str; 8] =
    ["start", "end", "action", "playbook-action", "parallel", "if-condition", "while-condition", "switch-condition"];

#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub id: String,
    pub kind: String,
    pub on_completion: Option<String>,
    pub on_success: Option<String>,
    pub on_failure: Option<String>,
    /// Parallel branches.
    pub next_steps: Vec<String>,
    /// If: the true and false branches; while: the loop body.
    pub on_true: Option<String>,
    pub on_false: Option<String>,
    /// Switch: case value → branch (the key `default` included).
    pub cases: BTreeMap<String, String>,
    pub agent: Option<String>,
    pub targets: Vec<String>,
    pub step_variables: Vec<String>,
    /// Every string the step evaluates (commands, condition, switch, arguments), for variable use.
    pub evaluated: Vec<String>,
    /// Manual commands without a command text.
    pub empty_manual_commands: usize,
    /// Variables the step sets (action steps): with our extension, the typed answer.
    pub out_args: Vec<String>,
    /// Our extension's object on this step (under `step_extensions`), if it carries one.
    pub extension: Option<Value>,
}

impl Step {
    /// The classification our extension marks the step with, if any.
    pub fn classification(&self) -> Option<&str> {
        self.extension.as_ref()?.get("classification")?.as_str()
    }

    /// Every step this one refers to, with the property that names it.
    pub fn references(&self) -> Vec<(String, &str)> {
        let mut out = Vec::new();
        for (property, target) in [
            ("on_completion", &self.on_completion),
            ("on_success", &self.on_success),
            ("on_failure", &self.on_failure),
            ("on_true", &self.on_true),
            ("on_false", &self.on_false),
        ] {
            if let Some(t) = target {
                out.push((property.to_string(), t.as_str()));
            }
        }
        for (i, t) in self.next_steps.iter().enumerate() {
            out.push((format!("next_steps[{i}]"), t.as_str()));
        }
        for (case, t) in &self.cases {
            out.push((format!("cases.{case}"), t.as_str()));
        }
        out
    }

    pub fn is_condition(&self) -> bool {
        matches!(self.kind.as_str(), "if-condition" | "while-condition" | "switch-condition")
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Playbook {
    pub id: String,
    pub name: String,
    pub workflow_start: Option<String>,
    pub workflow_exception: Option<String>,
    pub steps: BTreeMap<String, Step>,
    pub agents: Vec<String>,
    pub targets: Vec<String>,
    pub variables: Vec<String>,
    pub extension_definitions: Vec<String>,
    /// The document as imported.
    pub document: Value,
}

fn text(o: &Map<String, Value>, key: &str) -> Option<String> {
    o.get(key).and_then(Value::as_str).map(str::to_string)
}

fn keys(o: &Map<String, Value>, key: &str) -> Vec<String> {
    o.get(key).and_then(Value::as_object).map(|m| m.keys().cloned().collect()).unwrap_or_default()
}

fn strings(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => out.push(s.clone()),
        Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
        Value::Object(m) => m.values().for_each(|x| strings(x, out)),
        _ => {}
    }
}

fn step(id: &str, v: &Value) -> Result<Step, Finding> {
    let o = v.as_object().ok_or_else(|| Finding::at(id, "", "step_not_object", "a workflow step is a JSON object"))?;
    let kind = text(o, "type").unwrap_or_default();
    let list = |key: &str| -> Vec<String> {
        o.get(key)
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).map(str::to_string).collect())
            .unwrap_or_default()
    };
    let cases = o
        .get("cases")
        .and_then(Value::as_object)
        .map(|m| m.iter().filter_map(|(k, v)| v.as_str().map(|s| (k.clone(), s.to_string()))).collect())
        .unwrap_or_default();
    let mut evaluated = Vec::new();
    for key in ["commands", "condition", "switch", "in_args"] {
        if let Some(v) = o.get(key) {
            strings(v, &mut evaluated);
        }
    }
    let empty_manual_commands = o
        .get("commands")
        .and_then(Value::as_array)
        .map(|cs| {
            cs.iter()
                .filter(|c| {
                    c.get("type").and_then(Value::as_str) == Some("manual")
                        && c.get("command").and_then(Value::as_str).is_none_or(|t| t.trim().is_empty())
                        && c.get("command_b64").is_none()
                })
                .count()
        })
        .unwrap_or(0);
    Ok(Step {
        id: id.to_string(),
        kind,
        on_completion: text(o, "on_completion"),
        on_success: text(o, "on_success"),
        on_failure: text(o, "on_failure"),
        next_steps: list("next_steps"),
        on_true: text(o, "on_true"),
        on_false: text(o, "on_false"),
        cases,
        agent: text(o, "agent"),
        targets: list("targets"),
        step_variables: keys(o, "step_variables"),
        evaluated,
        empty_manual_commands,
        out_args: list("out_args"),
        // CACAO 2.0 names a step's extensions `step_extensions` (workflow-step.json).
        extension: o.get("step_extensions").and_then(|e| e.get(crate::extension::EXTENSION_ID)).cloned(),
    })
}

impl Playbook {
    /// Reads the playbook; refuses a document whose shape the lint cannot
    /// reason about (not an object, no workflow object).
    pub fn parse(document: Value) -> Result<Playbook, Vec<Finding>> {
        let Some(o) = document.as_object() else {
            return Err(vec![Finding::playbook("", "not_object", "a playbook is a JSON object")]);
        };
        let Some(workflow) = o.get("workflow").and_then(Value::as_object) else {
            return Err(vec![Finding::playbook(
                "workflow",
                "workflow_not_object",
                "the workflow must be an object of steps",
            )]);
        };
        let mut steps = BTreeMap::new();
        let mut problems = Vec::new();
        for (id, v) in workflow {
            match step(id, v) {
                Ok(s) => {
                    steps.insert(id.clone(), s);
                }
                Err(f) => problems.push(f),
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(Playbook {
            id: text(o, "id").unwrap_or_default(),
            name: text(o, "name").unwrap_or_default(),
            workflow_start: text(o, "workflow_start"),
            workflow_exception: text(o, "workflow_exception"),
            steps,
            agents: keys(o, "agent_definitions"),
            targets: keys(o, "target_definitions"),
            variables: keys(o, "playbook_variables"),
            extension_definitions: keys(o, "extension_definitions"),
            document,
        })
    }
}
