//! Shared helpers for the engine tests: playbooks from a few lines of JSON,
//! and a harness that keeps the execution, the clock and every effect.
#![allow(dead_code)]

use serde_json::{Value, json};
use std::collections::BTreeMap;
use verbinding_playbook::Playbook;
use verbinding_playbook::engine::{self, Command, Effect, EngineError, Execution, Library, Outcome};
use verbinding_playbook::extension::EXTENSION_ID;

pub const EXT: &str = EXTENSION_ID;

/// A playbook document: `steps` is the workflow; `start` the start step id.
pub fn doc(id: &str, start: &str, steps: Value, variables: Value) -> Value {
    json!({
        "type": "playbook", "spec_version": "cacao-2.0", "id": id, "name": id,
        "created": "2025-01-01T00:00:00Z", "modified": "2025-01-01T00:00:00Z",
        "workflow_start": start, "workflow": steps, "playbook_variables": variables,
        "extension_definitions": {EXT: {"type": "extension-definition", "name": "verbinding"}},
        "agent_definitions": {
            "individual--a": {"type": "individual", "name": "A"},
            "individual--b": {"type": "individual", "name": "B"},
            "individual--c": {"type": "individual", "name": "C"},
            "organization--tfc": {"type": "organization", "name": "TFC"}
        }
    })
}

pub fn library(docs: Vec<Value>) -> Library {
    Library::new(docs.into_iter().map(|d| Playbook::parse(d).expect("parses")))
}

/// An action step for person `agent`, going on to `next`.
pub fn action(agent: &str, next: &str) -> Value {
    json!({"type": "action", "name": format!("task for {agent}"), "agent": agent, "on_completion": next,
           "commands": [{"type": "manual", "command": "do it"}]})
}

pub fn end() -> Value {
    json!({"type": "end"})
}

pub fn start_to(next: &str) -> Value {
    json!({"type": "start", "on_completion": next})
}

pub struct Harness {
    pub lib: Library,
    pub ex: Execution,
    pub now: i64,
    pub effects: Vec<Effect>,
}

impl Harness {
    pub fn start(lib: Library, playbook: &str) -> Harness {
        Harness::start_with(lib, playbook, &[])
    }

    pub fn start_with(lib: Library, playbook: &str, vars: &[(&str, &str)]) -> Harness {
        let initial: BTreeMap<String, String> = vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        let (ex, effects) = engine::start(&lib, playbook, 0, &initial).expect("starts");
        Harness { lib, ex, now: 0, effects }
    }

    /// Applies a command; on error checks the state did not change.
    pub fn try_apply(&mut self, c: Command) -> Result<Vec<Effect>, EngineError> {
        let before = serde_json::to_string(&self.ex).expect("json");
        match engine::apply(&self.lib, &mut self.ex, c, self.now) {
            Ok(e) => {
                self.effects.extend(e.clone());
                Ok(e)
            }
            Err(err) => {
                assert_eq!(serde_json::to_string(&self.ex).expect("json"), before, "state changed on error {err}");
                Err(err)
            }
        }
    }

    pub fn apply(&mut self, c: Command) -> Vec<Effect> {
        let label = format!("{c:?}");
        self.try_apply(c).unwrap_or_else(|e| panic!("{label}: {e}"))
    }

    /// Open tasks, in the order they were opened.
    pub fn open(&self) -> Vec<String> {
        self.ex.open_tasks().map(|(_, t)| t.key.clone()).collect()
    }

    /// The open task of a step.
    pub fn task(&self, step: &str) -> String {
        self.ex
            .open_tasks()
            .find(|(i, _)| i.step == step)
            .map(|(_, t)| t.key.clone())
            .unwrap_or_else(|| panic!("no open task for {step}; open: {:?}", self.open()))
    }

    pub fn complete_with(&mut self, step: &str, outcome: Outcome, answer: &[(&str, &str)]) -> Vec<Effect> {
        let task = self.task(step);
        let answer = answer.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        self.apply(Command::Complete { task, outcome, answer, by: "user".into() })
    }

    pub fn done(&mut self, step: &str) -> Vec<Effect> {
        self.complete_with(step, Outcome::Success, &[])
    }

    pub fn fail(&mut self, step: &str) -> Vec<Effect> {
        self.complete_with(step, Outcome::Failure, &[])
    }

    pub fn tick(&mut self, now: i64) -> Vec<Effect> {
        self.now = now;
        self.apply(Command::Tick)
    }

    pub fn var(&self, name: &str) -> Option<String> {
        self.ex.variables().get(name).cloned().flatten()
    }

    /// Steps finished with the given status, in order.
    pub fn finished(&self, status: engine::InstanceStatus) -> Vec<String> {
        self.effects
            .iter()
            .filter_map(|e| match e {
                Effect::StepFinished { step, status: s, .. } if *s == status => Some(step.clone()),
                _ => None,
            })
            .collect()
    }
}
