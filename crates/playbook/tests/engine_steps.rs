//! Each CACAO step type, branch returns, failures and variables.
#![allow(clippy::expect_used, clippy::unwrap_used, reason = "test code: a failed expectation is the test failing")]
#![allow(
    clippy::let_underscore_must_use,
    clippy::clone_on_ref_ptr,
    reason = "test code: clean-up that may fail (a temp dir, a killed child) and shared fixtures"
)]

mod engine_support;

use engine_support::*;
use serde_json::json;
use verbinding_playbook::engine::{
    self, Command, Effect, EngineError, InstanceStatus, Outcome, Status, StepKind, StepStatus,
};

#[test]
fn a_sequence_of_two_tasks_runs_in_order() {
    let lib = library(vec![doc(
        "playbook--s",
        "start--1",
        json!({"start--1": start_to("action--a"), "action--a": action("individual--a", "action--b"),
               "action--b": action("individual--b", "end--1"), "end--1": end()}),
        json!({}),
    )]);
    let mut h = Harness::start(lib, "playbook--s");
    assert_eq!(h.open(), vec!["action--a#1"]);
    let opened = h.effects.iter().find_map(|e| match e {
        Effect::TaskOpened { task, agent, name, .. } => Some((task.clone(), agent.clone(), name.clone())),
        _ => None,
    });
    assert_eq!(opened, Some(("action--a#1".into(), Some("individual--a".into()), "task for individual--a".into())));
    h.done("action--a");
    assert_eq!(h.open(), vec!["action--b#2"]);
    h.done("action--b");
    assert_eq!(h.ex.status, Status::Completed);
    assert!(matches!(h.effects.last(), Some(Effect::ExecutionFinished { status: Status::Completed, .. })));
    assert_eq!(h.finished(InstanceStatus::Done), vec!["start--1", "action--a", "action--b", "end--1"]);
}

#[test]
fn if_condition_takes_its_true_or_false_branch_and_returns() {
    let steps = json!({
        "start--1": start_to("action--ask"),
        "action--ask": {"type": "action", "agent": "individual--a", "on_completion": "if--1", "out_args": ["__decision__"],
            "step_extensions": {EXT: {"answer": {"__decision__": {"choices": ["attribute-publicly", "stay-silent"]}}}}},
        "if--1": {"type": "if-condition", "condition": "__decision__:value = 'attribute-publicly'",
                  "on_true": "action--yes", "on_false": "action--no", "on_completion": "action--after"},
        "action--yes": action("individual--b", "end--yes"), "end--yes": end(),
        "action--no": action("individual--c", "end--no"), "end--no": end(),
        "action--after": action("individual--a", "end--1"), "end--1": end()});
    let vars = json!({"__decision__": {"type": "string"}});
    for (answer, branch) in [("attribute-publicly", "action--yes"), ("stay-silent", "action--no")] {
        let mut h =
            Harness::start(library(vec![doc("playbook--if", "start--1", steps.clone(), vars.clone())]), "playbook--if");
        h.complete_with("action--ask", Outcome::Success, &[("__decision__", answer)]);
        assert_eq!(h.var("__decision__").as_deref(), Some(answer));
        h.done(branch);
        // The branch end returned control to the if step, which went on.
        h.done("action--after");
        assert_eq!(h.ex.status, Status::Completed, "{answer}");
    }
}

#[test]
fn an_if_without_on_false_goes_straight_on() {
    let lib = library(vec![doc(
        "playbook--if",
        "start--1",
        json!({"start--1": start_to("if--1"),
               "if--1": {"type": "if-condition", "condition": "__n__:value > 3", "on_true": "action--t", "on_completion": "action--after"},
               "action--t": action("individual--b", "end--t"), "end--t": end(),
               "action--after": action("individual--a", "end--1"), "end--1": end()}),
        json!({"__n__": {"type": "integer", "value": "2"}}),
    )]);
    let h = Harness::start(lib, "playbook--if");
    assert_eq!(h.open(), vec!["action--after#2"]);
}

fn loop_playbook() -> serde_json::Value {
    doc(
        "playbook--loop",
        "start--1",
        json!({"start--1": start_to("while--1"),
               "while--1": {"type": "while-condition", "condition": "__count__:value < 3", "on_true": "action--round",
                            "on_completion": "end--1"},
               "action--round": {"type": "action", "agent": "individual--a", "on_completion": "end--body", "out_args": ["__count__"]},
               "end--body": end(), "end--1": end()}),
        json!({"__count__": {"type": "integer", "value": "0"}}),
    )
}

#[test]
fn while_repeats_its_body_until_the_condition_fails_each_round_a_new_instance() {
    let mut h = Harness::start(library(vec![loop_playbook()]), "playbook--loop");
    let mut keys = Vec::new();
    for i in 1..=3 {
        keys.push(h.task("action--round"));
        h.complete_with("action--round", Outcome::Success, &[("__count__", &i.to_string())]);
    }
    assert_eq!(h.ex.status, Status::Completed);
    let mut unique = keys.clone();
    unique.dedup();
    assert_eq!(unique.len(), 3, "{keys:?}");
    let while_inst = h.ex.instances.iter().find(|i| i.step == "while--1").expect("while");
    assert_eq!(while_inst.iterations, 3);
    let view = engine::view(&h.lib, &h.ex);
    assert_eq!(view.frames[0].steps["action--round"].runs, 3);
}

#[test]
fn a_while_that_never_ends_fails_at_the_iteration_limit() {
    let lib = library(vec![doc(
        "playbook--spin",
        "start--1",
        json!({"start--1": start_to("while--1"),
               "while--1": {"type": "while-condition", "condition": "__x__:value = 'go'", "on_true": "end--body",
                            "on_success": "end--1"},
               "end--body": end(), "end--1": end()}),
        json!({"__x__": {"type": "string", "value": "go"}}),
    )]);
    let h = Harness::start(lib, "playbook--spin");
    assert_eq!(h.ex.status, Status::Failed);
    assert_eq!(h.ex.reason.as_ref().map(|r| r.code.as_str()), Some("loop_limit"));
    let w = h.ex.instances.iter().find(|i| i.step == "while--1").expect("while");
    assert_eq!(w.iterations, engine::MAX_ITERATIONS);
}

#[test]
fn switch_picks_the_case_then_default_then_goes_on_without_a_branch() {
    let steps = |with_default: bool| {
        let mut cases = json!({"low": "action--low", "high": "action--high"});
        if with_default {
            cases["default"] = json!("action--other");
        }
        json!({"start--1": start_to("switch--1"),
               "switch--1": {"type": "switch-condition", "switch": "__level__:value", "cases": cases, "on_completion": "action--after"},
               "action--low": action("individual--a", "end--2"), "end--2": end(),
               "action--high": action("individual--b", "end--3"), "end--3": end(),
               "action--other": action("individual--c", "end--4"), "end--4": end(),
               "action--after": action("individual--a", "end--1"), "end--1": end()})
    };
    let vars = json!({"__level__": {"type": "string"}});
    for (level, default, first) in
        [("high", true, "action--high"), ("medium", true, "action--other"), ("medium", false, "action--after")]
    {
        let lib = library(vec![doc("playbook--sw", "start--1", steps(default), vars.clone())]);
        let h = Harness::start_with(lib, "playbook--sw", &[("__level__", level)]);
        assert_eq!(
            h.ex.instances.iter().filter(|i| i.task.is_some()).map(|i| i.step.as_str()).next_back(),
            Some(first)
        );
    }
}

#[test]
fn parallel_waits_for_all_branches_then_goes_on() {
    let lib = library(vec![doc(
        "playbook--p",
        "start--1",
        json!({"start--1": start_to("parallel--1"),
               "parallel--1": {"type": "parallel", "next_steps": ["action--a", "action--b"], "on_completion": "action--after"},
               "action--a": action("individual--a", "end--a"), "end--a": end(),
               "action--b": action("individual--b", "end--b"), "end--b": end(),
               "action--after": action("individual--c", "end--1"), "end--1": end()}),
        json!({}),
    )]);
    let mut h = Harness::start(lib, "playbook--p");
    assert_eq!(h.open().len(), 2);
    h.done("action--b");
    let view = engine::view(&h.lib, &h.ex);
    assert_eq!(view.frames[0].steps["parallel--1"].status, StepStatus::Waiting);
    h.done("action--a");
    assert_eq!(h.open(), vec![h.task("action--after")]);
}

#[test]
fn on_success_and_on_failure_route_the_outcome() {
    let steps = json!({"start--1": start_to("action--1"),
        "action--1": {"type": "action", "agent": "individual--a", "on_success": "action--ok", "on_failure": "action--ko"},
        "action--ok": action("individual--b", "end--1"), "action--ko": action("individual--c", "end--1"), "end--1": end()});
    let mut h = Harness::start(library(vec![doc("playbook--r", "start--1", steps.clone(), json!({}))]), "playbook--r");
    h.done("action--1");
    h.task("action--ok");
    let mut h = Harness::start(library(vec![doc("playbook--r", "start--1", steps, json!({}))]), "playbook--r");
    h.fail("action--1");
    h.task("action--ko");
}

#[test]
fn a_failure_with_on_completion_goes_on_but_is_recorded() {
    let lib = library(vec![doc(
        "playbook--c",
        "start--1",
        json!({"start--1": start_to("action--1"), "action--1": action("individual--a", "action--2"),
               "action--2": action("individual--b", "end--1"), "end--1": end()}),
        json!({}),
    )]);
    let mut h = Harness::start(lib, "playbook--c");
    h.fail("action--1");
    assert_eq!(h.finished(InstanceStatus::Failed), vec!["action--1"]);
    h.done("action--2");
    assert_eq!(h.ex.status, Status::Completed);
}

fn exception_playbook(with_handler: bool) -> serde_json::Value {
    let mut d = doc(
        "playbook--x",
        "start--1",
        json!({"start--1": start_to("action--1"),
               "action--1": {"type": "action", "agent": "individual--a", "on_success": "end--1"},
               "action--handler": action("organization--tfc", "end--x"), "end--x": end(), "end--1": end()}),
        json!({}),
    );
    if with_handler {
        d["workflow_exception"] = json!("action--handler");
    }
    d
}

#[test]
fn a_failure_without_on_failure_runs_workflow_exception_and_ends_failed_handled() {
    let mut h = Harness::start(library(vec![exception_playbook(true)]), "playbook--x");
    h.fail("action--1");
    assert_eq!(h.ex.status, Status::Running);
    h.done("action--handler");
    assert_eq!(h.ex.status, Status::Failed);
    assert!(h.ex.exception_handled);
    assert_eq!(h.ex.reason.as_ref().map(|r| r.code.as_str()), Some("reported_failure"));
}

#[test]
fn a_failure_without_any_handler_fails_the_execution() {
    let mut h = Harness::start(library(vec![exception_playbook(false)]), "playbook--x");
    h.fail("action--1");
    assert_eq!(h.ex.status, Status::Failed);
    assert!(!h.ex.exception_handled);
}

#[test]
fn a_failure_in_a_branch_unwinds_to_the_opener_on_failure() {
    let lib = library(vec![doc(
        "playbook--u",
        "start--1",
        json!({"start--1": start_to("parallel--1"),
               "parallel--1": {"type": "parallel", "next_steps": ["action--a", "action--b"],
                               "on_success": "end--1", "on_failure": "action--repair"},
               "action--a": {"type": "action", "agent": "individual--a", "on_success": "end--a"}, "end--a": end(),
               "action--b": action("individual--b", "end--b"), "end--b": end(),
               "action--repair": action("organization--tfc", "end--1"), "end--1": end()}),
        json!({}),
    )]);
    let mut h = Harness::start(lib, "playbook--u");
    h.fail("action--a");
    // join all: the parallel waits for the other branch before it decides.
    assert_eq!(h.open(), vec![h.task("action--b")]);
    h.done("action--b");
    h.done("action--repair");
    assert_eq!(h.ex.status, Status::Completed);
    assert_eq!(h.finished(InstanceStatus::Failed), vec!["action--a", "parallel--1"]);
}

#[test]
fn a_step_with_no_successor_for_its_outcome_ends_its_branch() {
    let lib = library(vec![doc(
        "playbook--i",
        "start--1",
        json!({"start--1": start_to("action--1"),
               "action--1": {"type": "action", "agent": "individual--a", "on_failure": "end--1"}, "end--1": end()}),
        json!({}),
    )]);
    let mut h = Harness::start(lib, "playbook--i");
    h.done("action--1");
    assert_eq!(h.ex.status, Status::Completed);
}

fn caller_and_callee() -> (serde_json::Value, serde_json::Value) {
    let callee = doc(
        "playbook--sub",
        "start--s",
        json!({"start--s": start_to("action--s"),
               "action--s": {"type": "action", "agent": "individual--b", "on_completion": "end--s", "out_args": ["__result__"],
                             "commands": [{"type": "manual", "command": "Check __target__:value"}]},
               "end--s": end()}),
        json!({"__target__": {"type": "string", "external": true}, "__result__": {"type": "string"}}),
    );
    let caller = doc(
        "playbook--main",
        "start--1",
        json!({"start--1": start_to("playbook-action--1"),
               "playbook-action--1": {"type": "playbook-action", "playbook_id": "playbook--sub",
                   "playbook_version": "2025-01-01T00:00:00Z", "in_args": ["__target__"], "out_args": ["__result__"],
                   "on_completion": "action--after"},
               "action--after": action("individual--a", "end--1"), "end--1": end()}),
        json!({"__target__": {"type": "string", "value": "ministerie"}, "__result__": {"type": "string"}}),
    );
    (caller, callee)
}

#[test]
fn a_playbook_action_runs_the_sub_draaiboek_with_in_and_out_args() {
    let (caller, callee) = caller_and_callee();
    let mut h = Harness::start(library(vec![caller, callee]), "playbook--main");
    assert_eq!(h.ex.pins.len(), 2);
    let opened = h.effects.iter().find_map(|e| match e {
        Effect::TaskOpened { playbook, instructions, .. } => Some((playbook.clone(), instructions[0].command.clone())),
        _ => None,
    });
    assert_eq!(opened, Some(("playbook--sub".into(), Some("Check ministerie".into()))));
    h.complete_with("action--s", Outcome::Success, &[("__result__", "ok")]);
    assert_eq!(h.var("__result__").as_deref(), Some("ok"));
    h.done("action--after");
    assert_eq!(h.ex.status, Status::Completed);
    assert_eq!(h.ex.frames.len(), 2);
    let view = engine::view(&h.lib, &h.ex);
    assert_eq!(view.frames[1].caller, Some(1));
}

#[test]
fn a_missing_or_changed_sub_draaiboek_is_refused() {
    let (caller, callee) = caller_and_callee();
    let lib = library(vec![caller.clone()]);
    let err = engine::start(&lib, "playbook--main", 0, &Default::default()).expect_err("missing");
    assert!(
        matches!(err, EngineError::PlaybookUnknown { ref step, .. } if step.as_deref() == Some("playbook-action--1"))
    );
    let mut older = callee.clone();
    older["modified"] = json!("2024-01-01T00:00:00Z");
    let err = engine::start(&library(vec![caller.clone(), older]), "playbook--main", 0, &Default::default());
    assert_eq!(err.map(|_| ()).map_err(|e| e.code()), Err("playbook_version_unavailable"));
    // Pinned at start: a changed sub-draaiboek in the library is refused later.
    let mut h = Harness::start(library(vec![caller.clone(), callee.clone()]), "playbook--main");
    let mut changed = callee;
    changed["name"] = json!("changed");
    h.lib = library(vec![caller, changed]);
    let err = h.try_apply(Command::Tick).expect_err("pin");
    assert_eq!(err, EngineError::PinMismatch { playbook: "playbook--sub".into() });
}

#[test]
fn a_failing_sub_draaiboek_fails_the_playbook_action() {
    let (mut caller, mut callee) = caller_and_callee();
    callee["workflow"]["action--s"]["on_success"] = json!("end--s");
    callee["workflow"]["action--s"].as_object_mut().expect("step").remove("on_completion");
    caller["workflow"]["playbook-action--1"] = json!({"type": "playbook-action", "playbook_id": "playbook--sub",
        "in_args": ["__target__"], "on_success": "action--after", "on_failure": "action--fallback"});
    caller["workflow"]["action--fallback"] = action("organization--tfc", "end--1");
    let mut h = Harness::start(library(vec![caller, callee]), "playbook--main");
    h.fail("action--s");
    h.done("action--fallback");
    assert_eq!(h.ex.status, Status::Completed);
}

#[test]
fn step_variables_of_a_while_are_seen_and_set_by_its_body() {
    // As in SOARCA's example: the loop counter is a step variable of the
    // while; the body declares it again, which refers to the same variable.
    let lib = library(vec![doc(
        "playbook--sv",
        "start--1",
        json!({"start--1": start_to("while--1"),
               "while--1": {"type": "while-condition", "condition": "__c__:value != '2'", "on_true": "action--inc",
                            "on_completion": "end--1", "step_variables": {"__c__": {"type": "integer", "value": "0"}}},
               "action--inc": {"type": "action", "agent": "individual--a", "on_completion": "end--b", "out_args": ["__c__"],
                               "step_variables": {"__c__": {"type": "integer"}}},
               "end--b": end(), "end--1": end()}),
        json!({}),
    )]);
    let mut h = Harness::start(lib, "playbook--sv");
    let err = h
        .try_apply(Command::Complete {
            task: h.task("action--inc"),
            outcome: Outcome::Success,
            answer: [("__c__".to_string(), "one".to_string())].into(),
            by: "u".into(),
        })
        .expect_err("typed");
    assert_eq!(err, EngineError::AnswerInvalid { field: "__c__".into(), expected: "a whole number".into() });
    h.complete_with("action--inc", Outcome::Success, &[("__c__", "1")]);
    h.complete_with("action--inc", Outcome::Success, &[("__c__", "2")]);
    assert_eq!(h.ex.status, Status::Completed);
    let set_on = h.effects.iter().find_map(|e| match e {
        Effect::VariableSet { branch, .. } => Some(*branch),
        _ => None,
    });
    assert_eq!(set_on, Some(Some(0)), "set where the while declared it: the main branch");
}

#[test]
fn a_steps_variables_are_seen_downstream_and_end_with_their_branch() {
    // action--1 declares __found__; the if after it reads it. Inside the
    // if's branch, action--2 declares __local__, which the step after the if
    // no longer sees (its condition fails on an undeclared variable).
    let lib = library(vec![doc(
        "playbook--down",
        "start--1",
        json!({"start--1": start_to("action--1"),
               "action--1": {"type": "action", "agent": "individual--a", "on_completion": "if--1", "out_args": ["__found__"],
                             "step_variables": {"__found__": {"type": "bool"}}},
               "if--1": {"type": "if-condition", "condition": "__found__:value = true", "on_true": "action--2",
                         "on_completion": "if--2"},
               "action--2": {"type": "action", "agent": "individual--b", "on_completion": "end--2", "out_args": ["__local__"],
                             "step_variables": {"__local__": {"type": "string"}}},
               "end--2": end(),
               "if--2": {"type": "if-condition", "condition": "__local__:value = 'x'", "on_true": "end--3",
                         "on_success": "end--1"},
               "end--3": end(), "end--1": end()}),
        json!({}),
    )]);
    let mut h = Harness::start(lib, "playbook--down");
    h.complete_with("action--1", Outcome::Success, &[("__found__", "true")]);
    h.complete_with("action--2", Outcome::Success, &[("__local__", "x")]);
    assert_eq!(h.ex.status, Status::Failed);
    assert_eq!(h.ex.reason.as_ref().map(|r| r.code.as_str()), Some("variable_unknown"));
}

#[test]
fn a_redeclared_step_variable_with_a_value_resets_each_time_its_step_starts() {
    // The inner loop's counter is declared on the inner while with value 0:
    // each outer round starts the inner while anew, and its counter with it.
    let lib = library(vec![doc(
        "playbook--nested",
        "start--1",
        json!({"start--1": start_to("while--outer"),
               "while--outer": {"type": "while-condition", "condition": "__o__:value < 2", "on_true": "action--o",
                                "on_completion": "end--1", "step_variables": {"__o__": {"type": "integer", "value": "0"}}},
               "action--o": {"type": "action", "agent": "individual--a", "on_completion": "while--inner", "out_args": ["__o__"],
                             "step_variables": {"__o__": {"type": "integer"}}},
               "while--inner": {"type": "while-condition", "condition": "__i__:value < 2", "on_true": "action--i",
                                "on_completion": "end--o", "step_variables": {"__i__": {"type": "integer", "value": "0"}}},
               "action--i": {"type": "action", "agent": "individual--b", "on_completion": "end--i", "out_args": ["__i__"],
                             "step_variables": {"__i__": {"type": "integer"}}},
               "end--i": end(), "end--o": end(), "end--1": end()}),
        json!({}),
    )]);
    let mut h = Harness::start(lib, "playbook--nested");
    for o in 1..=2 {
        h.complete_with("action--o", Outcome::Success, &[("__o__", &o.to_string())]);
        h.complete_with("action--i", Outcome::Success, &[("__i__", "1")]);
        h.complete_with("action--i", Outcome::Success, &[("__i__", "2")]);
    }
    assert_eq!(h.ex.status, Status::Completed);
}

#[test]
fn non_manual_commands_become_carry_out_and_report_instructions() {
    let lib = library(vec![doc(
        "playbook--cmd",
        "start--1",
        json!({"start--1": start_to("action--1"),
               "action--1": {"type": "action", "agent": "individual--a", "on_completion": "end--1",
                             "commands": [{"type": "ssh", "command": "block __ip__:value"}]},
               "end--1": end()}),
        json!({"__ip__": {"type": "ipv4-addr", "value": "192.0.2.1"}}),
    )]);
    let h = Harness::start(lib, "playbook--cmd");
    let instr = h.effects.iter().find_map(|e| match e {
        Effect::TaskOpened { instructions, .. } => Some(instructions.clone()),
        _ => None,
    });
    let instr = instr.expect("task");
    assert_eq!((instr[0].kind.as_str(), instr[0].command.as_deref()), ("ssh", Some("block 192.0.2.1")));
}

#[test]
fn playbooks_the_engine_cannot_run_are_refused_naming_step_and_property() {
    let bad_condition = doc(
        "playbook--bad",
        "start--1",
        json!({"start--1": start_to("if--1"),
               "if--1": {"type": "if-condition", "condition": "__x__:value FOLLOWEDBY '^a'", "on_true": "end--1"},
               "end--1": end()}),
        json!({"__x__": {"type": "string"}}),
    );
    match engine::start(&library(vec![bad_condition]), "playbook--bad", 0, &Default::default()) {
        Err(EngineError::PlaybookInvalid { step, property, problem, .. }) => {
            assert_eq!(
                (step.as_deref(), property.as_str(), problem.as_str()),
                (Some("if--1"), "condition", "condition_unsupported")
            );
        }
        other => panic!("{other:?}"),
    }
    let looping = doc(
        "playbook--loop",
        "start--1",
        json!({"start--1": start_to("action--1"), "action--1": action("individual--a", "action--2"),
               "action--2": action("individual--a", "action--1")}),
        json!({}),
    );
    let err = engine::start(&library(vec![looping]), "playbook--loop", 0, &Default::default()).expect_err("loop");
    assert!(matches!(err, EngineError::PlaybookInvalid { ref problem, .. } if problem == "unguarded_loop"), "{err}");
}

#[test]
fn initial_variables_are_declared_and_typed() {
    let d = doc(
        "playbook--v",
        "start--1",
        json!({"start--1": start_to("end--1"), "end--1": end()}),
        json!({"__n__": {"type": "integer", "external": true}, "__k__": {"type": "string", "value": "x", "constant": true}}),
    );
    let lib = library(vec![d]);
    let go = |k: &str, v: &str| {
        engine::start(&lib, "playbook--v", 0, &[(k.to_string(), v.to_string())].into())
            .map(|_| ())
            .map_err(|e| e.code())
    };
    assert_eq!(go("__n__", "12"), Ok(()));
    assert_eq!(go("__n__", "twelve"), Err("variable_invalid"));
    assert_eq!(go("__m__", "1"), Err("variable_unknown"));
    assert_eq!(go("__k__", "y"), Err("variable_constant"));
}

#[test]
fn the_read_view_shows_status_assignee_deadline_and_who_we_wait_for() {
    let lib = library(vec![doc(
        "playbook--view",
        "start--1",
        json!({"start--1": start_to("action--a"),
               "action--a": {"type": "action", "agent": "individual--a", "on_completion": "end--1",
                             "step_extensions": {EXT: {"deadline_after": "PT1H"}}},
               "end--1": end()}),
        json!({}),
    )]);
    let mut h = Harness::start(lib, "playbook--view");
    let v = engine::view(&h.lib, &h.ex);
    let a = &v.frames[0].steps["action--a"];
    assert_eq!((a.status, a.agent.as_deref(), a.deadline), (StepStatus::Active, Some("individual--a"), Some(3600)));
    assert_eq!(v.frames[0].steps["end--1"].status, StepStatus::NotReached);
    assert_eq!(v.waiting[0].waiting_for, vec!["individual--a"]);
    h.tick(3600);
    let v = engine::view(&h.lib, &h.ex);
    assert_eq!(v.frames[0].steps["action--a"].status, StepStatus::Overdue);
    assert!(v.waiting[0].overdue);
    assert_eq!(h.ex.instances[1].kind, StepKind::Action);
}

#[test]
fn a_sub_draaiboeks_workflow_exception_runs_and_the_caller_sees_a_handled_failure() {
    let (mut caller, mut callee) = caller_and_callee();
    callee["workflow"]["action--s"]["on_success"] = json!("end--s");
    callee["workflow"]["action--s"].as_object_mut().expect("step").remove("on_completion");
    callee["workflow"]["action--x"] = action("organization--tfc", "end--x");
    callee["workflow"]["end--x"] = end();
    callee["workflow_exception"] = json!("action--x");
    caller["workflow"]["playbook-action--1"] = json!({"type": "playbook-action", "playbook_id": "playbook--sub",
        "in_args": ["__target__"], "on_success": "action--after", "on_failure": "action--fallback"});
    caller["workflow"]["action--fallback"] = action("organization--tfc", "end--1");
    let mut h = Harness::start(library(vec![caller, callee]), "playbook--main");
    h.fail("action--s");
    h.done("action--x");
    let pa = h.ex.instances.iter().find(|i| i.step == "playbook-action--1").expect("call");
    assert_eq!(pa.reason.as_ref().map(|r| r.code.as_str()), Some("sub_playbook_failed_handled"));
    h.done("action--fallback");
    assert_eq!(h.ex.status, Status::Completed);
}

#[test]
fn an_if_that_loops_back_to_itself_fails_at_the_nesting_limit() {
    let lib = library(vec![doc(
        "playbook--goto",
        "start--1",
        json!({"start--1": start_to("if--1"),
               "if--1": {"type": "if-condition", "condition": "__x__:value = 'go'", "on_true": "if--1", "on_success": "end--1"},
               "end--1": end()}),
        json!({"__x__": {"type": "string", "value": "go"}}),
    )]);
    let h = Harness::start(lib, "playbook--goto");
    assert_eq!(h.ex.status, Status::Failed);
    let deepest = h.ex.instances.iter().rfind(|i| i.status == InstanceStatus::Failed).expect("failed");
    assert_eq!(deepest.reason.as_ref().map(|r| r.code.as_str()), Some("nesting_limit"));
    assert_eq!(h.ex.branches.iter().map(|b| b.depth).max(), Some(engine::MAX_DEPTH));
}
