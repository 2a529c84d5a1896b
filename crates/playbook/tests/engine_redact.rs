//! Per-step classification (issue 11, rule 4): a reader below a step's
//! marking learns that the step exists and nothing more — not its task, its
//! answer, its texts, nor the sub-draaiboek it calls.

#![allow(clippy::expect_used, clippy::unwrap_used, reason = "test code: a failed expectation is the test failing")]
#![allow(
    clippy::let_underscore_must_use,
    clippy::clone_on_ref_ptr,
    reason = "test code: clean-up that may fail (a temp dir, a killed child) and shared fixtures"
)]

mod engine_support;

use engine_support::*;
use serde_json::json;
use std::collections::BTreeSet;
use verbinding_playbook::engine::redact::{instance_markings, redact, redact_document, restricted_steps};
use verbinding_playbook::engine::{self, StepStatus};

/// A caller whose playbook-action calls a sub-draaiboek whose one action is
/// marked `sub_marking`; the call itself is marked `call_marking`.
fn marked_pair(call_marking: Option<&str>, sub_marking: Option<&str>) -> (serde_json::Value, serde_json::Value) {
    let ext = |m: Option<&str>| match m {
        Some(c) => json!({EXT: {"classification": c}}),
        None => json!({}),
    };
    let callee = doc(
        "playbook--sub",
        "start--s",
        json!({"start--s": start_to("action--s"),
               "action--s": {"type": "action", "name": "Weigh the intercepts", "agent": "individual--b",
                             "on_completion": "end--s", "out_args": ["__result__"], "step_extensions": ext(sub_marking),
                             "commands": [{"type": "manual", "command": "Read source X"}]},
               "end--s": end()}),
        json!({"__result__": {"type": "string"}}),
    );
    let caller = doc(
        "playbook--main",
        "start--1",
        json!({"start--1": start_to("playbook-action--1"),
               "playbook-action--1": {"type": "playbook-action", "name": "Secret sub-procedure",
                   "playbook_id": "playbook--sub", "playbook_version": "2025-01-01T00:00:00Z",
                   "out_args": ["__result__"], "on_completion": "action--after", "step_extensions": ext(call_marking)},
               "action--after": action("individual--a", "end--1"), "end--1": end()}),
        json!({"__result__": {"type": "string"}, "__open__": {"type": "string", "value": "x"}}),
    );
    (caller, callee)
}

/// Cleared up to Stg. Confidentieel (the rank is the domain's; this test
/// names the two labels it uses).
fn confidential_reader(label: &str) -> bool {
    matches!(label, "ongerubriceerd" | "dep-v" | "stg-confidentieel")
}

#[test]
fn a_sub_step_above_the_readers_clearance_shows_only_that_it_exists() {
    let (caller, callee) = marked_pair(None, Some("stg-geheim"));
    let mut h = Harness::start(library(vec![caller, callee]), "playbook--main");
    let hidden_task = h.task("action--s");
    let restricted = restricted_steps(&h.lib, &confidential_reader);
    assert_eq!(restricted, BTreeSet::from([("playbook--sub".to_string(), "action--s".to_string())]));

    let mut view = engine::view(&h.lib, &h.ex);
    let r = redact(&h.lib, &h.ex, &mut view, &restricted);
    let shown = &view.frames[1].steps["action--s"];
    assert_eq!(shown.status, StepStatus::Restricted);
    assert_eq!((shown.agent.as_deref(), shown.task.as_deref(), shown.runs), (None, None, 0));
    assert!(view.waiting.iter().all(|w| w.task != hidden_task), "its open task is not listed");
    assert_eq!(r.tasks, BTreeSet::from([hidden_task]));
    // The call returns the restricted answer: the caller's variable is hidden too.
    h.complete_with("action--s", engine::Outcome::Success, &[("__result__", "Russia")]);
    let mut view = engine::view(&h.lib, &h.ex);
    let r = redact(&h.lib, &h.ex, &mut view, &restricted);
    assert_eq!(r.variables, BTreeSet::from(["__result__".to_string()]));

    // A cleared reader sees everything.
    let mut view = engine::view(&h.lib, &h.ex);
    let all = redact(&h.lib, &h.ex, &mut view, &restricted_steps(&h.lib, &|_| true));
    assert!(all.is_empty());
    assert_eq!(view.frames[1].steps["action--s"].status, StepStatus::Done);
}

#[test]
fn a_restricted_call_hides_the_sub_draaiboek_it_called_and_its_tasks() {
    let (caller, callee) = marked_pair(Some("eu-secret"), None);
    let h = Harness::start(library(vec![caller, callee]), "playbook--main");
    let sub_task = h.task("action--s");
    let restricted = restricted_steps(&h.lib, &confidential_reader);
    let mut view = engine::view(&h.lib, &h.ex);
    let r = redact(&h.lib, &h.ex, &mut view, &restricted);
    assert_eq!(view.frames.len(), 1, "the called frame is left out");
    assert_eq!(r.frames, 1);
    assert_eq!(view.frames[0].steps["playbook-action--1"].status, StepStatus::Restricted);
    assert!(r.tasks.contains(&sub_task));
    assert!(view.waiting.is_empty());
    // The task row's marking is the call's: the most restrictive of the chain.
    let inst = h.ex.instances.iter().find(|i| i.step == "action--s").expect("sub step started");
    assert_eq!(instance_markings(&h.lib, &h.ex, inst), vec!["eu-secret"]);
}

#[test]
fn an_unknown_marking_is_cleared_for_nobody() {
    let (caller, callee) = marked_pair(None, Some("geheim-invented"));
    let h = Harness::start(library(vec![caller, callee]), "playbook--main");
    let restricted = restricted_steps(&h.lib, &|l| l != "geheim-invented" && confidential_reader(l));
    assert_eq!(restricted.len(), 1);
}

#[test]
fn the_document_keeps_a_restricted_steps_type_and_links_and_loses_its_texts() {
    let mut d = doc(
        "playbook--d",
        "start--1",
        json!({"start--1": start_to("switch--1"),
               "switch--1": {"type": "switch-condition", "name": "Which state?", "switch": "__actor__",
                             "cases": {"RU": "end--1", "CN": "end--1", "default": "end--1"}},
               "end--1": end()}),
        json!({}),
    );
    redact_document(&mut d, &BTreeSet::from(["switch--1".to_string()]));
    let step = &d["workflow"]["switch--1"];
    assert_eq!(step["type"], "switch-condition");
    assert!(step.get("name").is_none() && step.get("switch").is_none());
    let cases: BTreeSet<&str> = step["cases"].as_object().expect("cases").keys().map(String::as_str).collect();
    assert_eq!(cases, BTreeSet::from(["1", "2", "default"]));
    assert!(!d.to_string().contains("Which state") && !d.to_string().contains("\"RU\""));
    assert!(verbinding_playbook::Playbook::parse(d).is_ok(), "the redacted document still reads");
}
