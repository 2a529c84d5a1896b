//! Commands: typed answers, approvals, skip, pause and resume, cancel,
//! ad-hoc steps, and the errors that leave the state unchanged.
#![allow(clippy::expect_used, clippy::unwrap_used, reason = "test code: a failed expectation is the test failing")]
#![allow(
    clippy::let_underscore_must_use,
    clippy::clone_on_ref_ptr,
    reason = "test code: clean-up that may fail (a temp dir, a killed child) and shared fixtures"
)]

mod engine_support;

use engine_support::*;
use serde_json::json;
use std::collections::BTreeMap;
use verbinding_playbook::engine::{
    self, CloseReason, Command, Effect, EngineError, Escalation, InstanceStatus, NewStep, Outcome, Status,
};

fn answer_playbook() -> serde_json::Value {
    doc(
        "playbook--ans",
        "start--1",
        json!({"start--1": start_to("action--1"),
               "action--1": {"type": "action", "agent": "individual--a", "on_completion": "end--1",
                   "out_args": ["__decision__", "__count__", "__ok__", "__note__", "__free__"],
                   "step_extensions": {EXT: {"answer": {
                       "__decision__": {"choices": ["go", "stop"]},
                       "__count__": {},
                       "__ok__": {"required": false},
                       "__note__": {"required": false}}}}},
               "end--1": end()}),
        json!({"__decision__": {"type": "string"}, "__count__": {"type": "integer"}, "__ok__": {"type": "bool"},
               "__note__": {"type": "string"}, "__free__": {"type": "x-unknown"}, "__fixed__": {"type": "string", "value": "x", "constant": true}}),
    )
}

fn complete(h: &mut Harness, answer: &[(&str, &str)]) -> Result<Vec<Effect>, EngineError> {
    let task = h.task("action--1");
    let answer = answer.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    h.try_apply(Command::Complete { task, outcome: Outcome::Success, answer, by: "u".into() })
}

#[test]
fn typed_answers_are_checked_field_by_field() {
    let mut h = Harness::start(library(vec![answer_playbook()]), "playbook--ans");
    let code =
        |r: Result<Vec<Effect>, EngineError>| r.map(|_| ()).map_err(|e| (e.code(), e.field().map(str::to_string)));
    assert_eq!(code(complete(&mut h, &[("__count__", "3")])), Err(("answer_required", Some("__decision__".into()))));
    assert_eq!(
        code(complete(&mut h, &[("__decision__", "",), ("__count__", "3")])),
        Err(("answer_required", Some("__decision__".into())))
    );
    assert_eq!(
        code(complete(&mut h, &[("__decision__", "maybe"), ("__count__", "3")])),
        Err(("choice_unknown", Some("__decision__".into())))
    );
    assert_eq!(
        code(complete(&mut h, &[("__decision__", "go"), ("__count__", "three")])),
        Err(("answer_invalid", Some("__count__".into())))
    );
    assert_eq!(
        code(complete(&mut h, &[("__decision__", "go"), ("__count__", "3"), ("__ok__", "yes")])),
        Err(("answer_invalid", Some("__ok__".into())))
    );
    assert_eq!(
        code(complete(&mut h, &[("__decision__", "go"), ("__count__", "3"), ("__other__", "1")])),
        Err(("answer_unexpected", Some("__other__".into())))
    );
    // An optional field left empty is not answered; an unknown type accepts any text.
    assert_eq!(
        code(complete(&mut h, &[("__decision__", "go"), ("__count__", "3"), ("__note__", ""), ("__free__", "¿")])),
        Ok(())
    );
    assert_eq!(h.var("__decision__").as_deref(), Some("go"));
    assert_eq!(h.var("__count__").as_deref(), Some("3"));
    assert_eq!(h.var("__note__"), None);
    assert_eq!(h.var("__free__").as_deref(), Some("¿"));
    assert_eq!(h.ex.status, Status::Completed);
}

#[test]
fn a_failure_report_needs_no_required_answer_and_sets_no_variables() {
    let mut h = Harness::start(library(vec![answer_playbook()]), "playbook--ans");
    h.complete_with("action--1", Outcome::Failure, &[("__count__", "4")]);
    assert_eq!(h.var("__count__"), None);
    let closed = h.effects.iter().any(|e| matches!(e, Effect::TaskClosed { reason: CloseReason::Failed, .. }));
    assert!(closed);
}

fn approval_playbook(policy: serde_json::Value, with_agent: bool) -> serde_json::Value {
    let mut step = json!({"type": "action", "on_success": "action--ok", "on_failure": "action--ko",
        "out_args": ["__decision__"],
        "step_extensions": {EXT: {"approval": policy}}});
    if with_agent {
        step["agent"] = json!("organization--tfc");
    }
    doc(
        "playbook--appr",
        "start--1",
        json!({"start--1": start_to("action--1"), "action--1": step,
               "action--ok": action("individual--a", "end--1"), "action--ko": action("individual--a", "end--1"), "end--1": end()}),
        json!({"__decision__": {"type": "string"}}),
    )
}

fn vote(h: &mut Harness, approver: &str, approve: bool) -> Result<Vec<Effect>, EngineError> {
    let task = h.task("action--1");
    h.try_apply(Command::Approve { task, approver: approver.into(), approve, by: format!("person of {approver}") })
}

fn outcome_after(policy: serde_json::Value, votes: &[(&str, bool)]) -> Option<&'static str> {
    let mut h = Harness::start(library(vec![approval_playbook(policy, false)]), "playbook--appr");
    for (a, v) in votes {
        vote(&mut h, a, *v).expect("vote");
    }
    let open = h.open();
    if open.iter().any(|t| t.starts_with("action--ok")) {
        Some("approved")
    } else if open.iter().any(|t| t.starts_with("action--ko")) {
        Some("rejected")
    } else {
        None
    }
}

#[test]
fn approval_policies_all_any_k_of_n_and_veto() {
    let abc = json!(["individual--a", "individual--b", "individual--c"]);
    let all = json!({"policy": "all", "approvers": abc});
    assert_eq!(outcome_after(all.clone(), &[("individual--a", true), ("individual--b", true)]), None);
    assert_eq!(
        outcome_after(all.clone(), &[("individual--a", true), ("individual--b", true), ("individual--c", true)]),
        Some("approved")
    );
    assert_eq!(outcome_after(all, &[("individual--a", true), ("individual--b", false)]), Some("rejected"));
    let any = json!({"policy": "any", "approvers": abc});
    assert_eq!(outcome_after(any.clone(), &[("individual--a", false), ("individual--b", true)]), Some("approved"));
    assert_eq!(
        outcome_after(any, &[("individual--a", false), ("individual--b", false), ("individual--c", false)]),
        Some("rejected")
    );
    let two = json!({"policy": "k-of-n", "k": 2, "approvers": abc});
    assert_eq!(outcome_after(two.clone(), &[("individual--a", true), ("individual--b", false)]), None);
    assert_eq!(
        outcome_after(two.clone(), &[("individual--a", true), ("individual--b", false), ("individual--c", true)]),
        Some("approved")
    );
    assert_eq!(outcome_after(two, &[("individual--a", false), ("individual--b", false)]), Some("rejected"));
    let veto = json!({"policy": "veto", "approvers": abc});
    assert_eq!(outcome_after(veto.clone(), &[("individual--a", true), ("individual--b", true)]), None);
    assert_eq!(outcome_after(veto, &[("individual--a", true), ("individual--c", false)]), Some("rejected"));
}

#[test]
fn approvals_are_recorded_per_approver_and_checked() {
    let policy = json!({"policy": "all", "approvers": ["individual--a", "individual--b"]});
    let mut h = Harness::start(library(vec![approval_playbook(policy, false)]), "playbook--appr");
    assert!(h.effects.iter().any(|e| matches!(e, Effect::ApprovalRequested { approvers, .. } if approvers.len() == 2)));
    assert_eq!(
        vote(&mut h, "individual--c", true).map(|_| ()),
        Err(EngineError::ApproverUnknown { agent: "individual--c".into() })
    );
    vote(&mut h, "individual--a", true).expect("vote");
    assert_eq!(
        vote(&mut h, "individual--a", true).map(|_| ()),
        Err(EngineError::ApprovalDuplicate { agent: "individual--a".into() })
    );
    let v = engine::view(&h.lib, &h.ex);
    assert_eq!(v.waiting[0].waiting_for, vec!["individual--b"]);
    assert!(v.waiting[0].approval);
    let task = h.task("action--1");
    let err = h.try_apply(Command::Complete {
        task: task.clone(),
        outcome: Outcome::Success,
        answer: BTreeMap::new(),
        by: "u".into(),
    });
    assert_eq!(err.map(|_| ()), Err(EngineError::TaskAwaitingApproval { task }));
}

#[test]
fn a_step_with_an_agent_and_approvers_is_reported_first_then_approved() {
    let policy = json!({"policy": "any", "approvers": ["individual--a", "individual--b"]});
    let mut h = Harness::start(library(vec![approval_playbook(policy, true)]), "playbook--appr");
    assert_eq!(
        vote(&mut h, "individual--a", true).map_err(|e| e.code()).map(|_| ()),
        Err("task_not_awaiting_approval")
    );
    h.complete_with("action--1", Outcome::Success, &[("__decision__", "publish")]);
    // Held until approved.
    assert_eq!(h.var("__decision__"), None);
    assert_eq!(h.ex.instances[1].status, InstanceStatus::Waiting);
    vote(&mut h, "individual--b", true).expect("vote");
    assert_eq!(h.var("__decision__").as_deref(), Some("publish"));
    h.task("action--ok");
}

#[test]
fn skip_is_success_without_an_answer_and_needs_a_justification() {
    let mut h = Harness::start(library(vec![answer_playbook()]), "playbook--ans");
    let task = h.task("action--1");
    let err = h.try_apply(Command::Skip { task: task.clone(), justification: " ".into(), by: "op".into() });
    assert_eq!(err.map(|_| ()), Err(EngineError::FieldRequired { field: "justification".into() }));
    h.apply(Command::Skip { task: task.clone(), justification: "done by phone".into(), by: "op".into() });
    assert_eq!(h.ex.status, Status::Completed);
    assert_eq!(h.finished(InstanceStatus::Skipped), vec!["action--1"]);
    assert!(
        h.effects
            .iter()
            .any(|e| matches!(e, Effect::Skipped { justification, .. } if justification == "done by phone"))
    );
    let err = h.try_apply(Command::Skip { task, justification: "again".into(), by: "op".into() });
    assert_eq!(err.map_err(|e| e.code()).map(|_| ()), Err("execution_not_running"));
}

fn two_steps() -> Library2 {
    library(vec![doc(
        "playbook--two",
        "start--1",
        json!({"start--1": start_to("action--a"), "action--a": action("individual--a", "action--b"),
               "action--b": action("individual--b", "end--1"), "end--1": end()}),
        json!({}),
    )])
}
type Library2 = engine::Library;

#[test]
fn pause_lets_open_tasks_finish_but_starts_nothing_until_resume() {
    let mut h = Harness::start(two_steps(), "playbook--two");
    h.apply(Command::Pause { by: "coordinator".into() });
    assert_eq!(h.try_apply(Command::Pause { by: "coordinator".into() }).map(|_| ()), Err(EngineError::ExecutionPaused));
    h.now = 100;
    h.done("action--a");
    assert!(h.open().is_empty());
    assert_eq!(h.ex.status, Status::Paused);
    h.now = 200;
    h.apply(Command::Resume { by: "coordinator".into() });
    assert_eq!(
        h.try_apply(Command::Resume { by: "coordinator".into() }).map(|_| ()),
        Err(EngineError::ExecutionNotPaused)
    );
    let b = h.task("action--b");
    let started = h.ex.task_instance(&b).map(|i| i.started_at);
    assert_eq!(started, Some(200), "starts at resume");
}

#[test]
fn cancel_closes_every_open_task_and_ends_the_execution() {
    let lib = library(vec![doc(
        "playbook--p",
        "start--1",
        json!({"start--1": start_to("parallel--1"),
               "parallel--1": {"type": "parallel", "next_steps": ["action--a", "action--b"], "on_completion": "end--1"},
               "action--a": action("individual--a", "end--a"), "end--a": end(),
               "action--b": action("individual--b", "end--b"), "end--b": end(), "end--1": end()}),
        json!({}),
    )]);
    let mut h = Harness::start(lib, "playbook--p");
    assert_eq!(
        h.try_apply(Command::Cancel { reason: "".into(), by: "coordinator".into() }).map(|_| ()),
        Err(EngineError::FieldRequired { field: "reason".into() })
    );
    let effects = h.apply(Command::Cancel { reason: "incident closed".into(), by: "coordinator".into() });
    let closed =
        effects.iter().filter(|e| matches!(e, Effect::TaskClosed { reason: CloseReason::Cancelled, .. })).count();
    assert_eq!(closed, 2);
    assert_eq!(h.ex.status, Status::Cancelled);
    assert!(h.open().is_empty());
    assert!(matches!(effects.last(), Some(Effect::ExecutionFinished { status: Status::Cancelled, .. })));
    assert_eq!(engine::next_due(&h.ex), None);
    assert_eq!(h.tick(10), vec![]);
}

fn new_step(after: Option<String>, name: &str) -> NewStep {
    NewStep {
        after_task: after,
        name: name.into(),
        description: Some("Inform the Ministry of Defence".into()),
        agent: "organization--defensie".into(),
        deadline: Some(5000),
        reminders_before: vec![1000],
        escalation: Some(Escalation { after: 0, to: "organization--tfc".into() }),
        by: "operator".into(),
    }
}

#[test]
fn an_ad_hoc_step_after_a_task_runs_before_that_steps_successor() {
    let mut h = Harness::start(two_steps(), "playbook--two");
    let a = h.task("action--a");
    h.apply(Command::AddStep(new_step(Some(a), "Extra")));
    h.done("action--a");
    assert_eq!(h.open(), vec!["adhoc--1#2"]);
    h.done("adhoc--1");
    h.task("action--b");
    h.done("action--b");
    assert_eq!(h.ex.status, Status::Completed);
}

#[test]
fn a_stand_alone_ad_hoc_step_opens_at_once_and_the_execution_waits_for_it() {
    let mut h = Harness::start(two_steps(), "playbook--two");
    assert_eq!(
        h.try_apply(Command::AddStep(NewStep { name: "".into(), ..new_step(None, "x") })).map(|_| ()),
        Err(EngineError::FieldRequired { field: "name".into() })
    );
    assert_eq!(
        h.try_apply(Command::AddStep(new_step(Some("action--b#9".into()), "x"))).map(|_| ()),
        Err(EngineError::TaskUnknown { task: "action--b#9".into() })
    );
    let effects = h.apply(Command::AddStep(new_step(None, "Extra")));
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::TaskOpened { task, deadline: Some(5000), .. } if task == "adhoc--1#2"))
    );
    h.done("action--a");
    h.done("action--b");
    assert_eq!(h.ex.status, Status::Running, "waits for the ad-hoc task");
    h.tick(4000);
    assert!(h.effects.iter().any(|e| matches!(e, Effect::Reminder { task: Some(t), .. } if t == "adhoc--1#2")));
    h.done("adhoc--1");
    assert_eq!(h.ex.status, Status::Completed);
    let v = engine::view(&h.lib, &h.ex);
    assert_eq!(v.adhoc["adhoc--1"].agent.as_deref(), Some("organization--defensie"));
}

#[test]
fn commands_on_unknown_or_closed_tasks_are_refused_without_change() {
    let mut h = Harness::start(two_steps(), "playbook--two");
    let a = h.task("action--a");
    h.done("action--a");
    let done =
        Command::Complete { task: a.clone(), outcome: Outcome::Success, answer: BTreeMap::new(), by: "u".into() };
    assert_eq!(h.try_apply(done).map(|_| ()), Err(EngineError::TaskClosed { task: a }));
    for bad in ["nonsense", "action--b#1", "start--1#0"] {
        let c =
            Command::Complete { task: bad.into(), outcome: Outcome::Success, answer: BTreeMap::new(), by: "u".into() };
        assert_eq!(h.try_apply(c).map_err(|e| e.code()).map(|_| ()), Err("task_unknown"), "{bad}");
    }
    let skip = Command::Complete {
        task: h.task("action--b"),
        outcome: Outcome::Skipped,
        answer: BTreeMap::new(),
        by: "u".into(),
    };
    assert_eq!(h.try_apply(skip).map_err(|e| e.code()).map(|_| ()), Err("field_invalid"));
}

#[test]
fn state_round_trips_through_json_and_is_deterministic() {
    let run = || {
        let mut h = Harness::start(library(vec![answer_playbook()]), "playbook--ans");
        h.now = 50;
        h.apply(Command::AddStep(new_step(None, "Extra")));
        h.complete_with("action--1", Outcome::Success, &[("__decision__", "go"), ("__count__", "1")]);
        h.ex
    };
    let (a, b) = (run(), run());
    let text = serde_json::to_string(&a).expect("json");
    assert_eq!(text, serde_json::to_string(&b).expect("json"));
    let back: engine::Execution = serde_json::from_str(&text).expect("parse");
    assert_eq!(back, a);
    assert_eq!(serde_json::to_string(&back).expect("json"), text);
}

#[test]
fn a_corrupted_state_is_refused_not_panicked_on() {
    let mut h = Harness::start(two_steps(), "playbook--two");
    h.ex.branches[0].current = Some(99);
    assert_eq!(h.try_apply(Command::Tick).map_err(|e| e.code()).map(|_| ()), Err("state_invalid"));
}

#[test]
fn commands_are_json_with_a_command_tag() {
    let commands = vec![
        Command::Complete {
            task: "action--1#1".into(),
            outcome: Outcome::Success,
            answer: [("__decision__".to_string(), "go".to_string())].into(),
            by: "user-1".into(),
        },
        Command::Approve {
            task: "action--1#1".into(),
            approver: "individual--a".into(),
            approve: false,
            by: "u".into(),
        },
        Command::Tick,
        Command::Pause { by: "coordinator".into() },
        Command::Cancel { reason: "closed".into(), by: "coordinator".into() },
        Command::AddStep(new_step(None, "Extra")),
    ];
    for c in commands {
        let text = serde_json::to_string(&c).expect("json");
        assert_eq!(serde_json::from_str::<Command>(&text).expect("parse"), c, "{text}");
    }
    let tick: Command = serde_json::from_str(r#"{"command": "tick"}"#).expect("tick");
    assert_eq!(tick, Command::Tick);
    let text = serde_json::to_string(&Command::AddStep(new_step(Some("action--1#1".into()), "X"))).expect("json");
    assert!(text.starts_with(r#"{"command":"add_step","after_task":"action--1#1""#), "{text}");
}
