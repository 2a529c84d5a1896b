//! Deadlines, reminders, escalation, timeouts and joins.
#![allow(clippy::expect_used, clippy::unwrap_used, reason = "test code: a failed expectation is the test failing")]
#![allow(
    clippy::let_underscore_must_use,
    clippy::clone_on_ref_ptr,
    reason = "test code: clean-up that may fail (a temp dir, a killed child) and shared fixtures"
)]

mod engine_support;

use engine_support::*;
use serde_json::json;
use verbinding_playbook::engine::{self, CloseReason, Command, Effect, InstanceStatus, Status, StepStatus};

fn deadline_playbook(ext: serde_json::Value) -> serde_json::Value {
    doc(
        "playbook--d",
        "start--1",
        json!({"start--1": start_to("action--1"),
               "action--1": {"type": "action", "agent": "individual--a", "on_completion": "end--1",
                             "step_extensions": {EXT: ext}},
               "end--1": end()}),
        json!({}),
    )
}

fn timer_effects(effects: &[Effect]) -> Vec<String> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Reminder { .. } => Some("reminder".to_string()),
            Effect::Overdue { .. } => Some("overdue".to_string()),
            Effect::Escalated { to, .. } => Some(format!("escalated:{to}")),
            _ => None,
        })
        .collect()
}

#[test]
fn reminders_overdue_and_escalation_fire_once_at_their_time() {
    let ext = json!({"deadline_after": "P2D", "reminders_before": ["P1D", "PT4H"],
                     "escalation": {"after": "PT2H", "to": "organization--tfc"}});
    let mut h = Harness::start(library(vec![deadline_playbook(ext)]), "playbook--d");
    let day = 86_400;
    assert_eq!(engine::next_due(&h.ex), Some(day));
    assert_eq!(timer_effects(&h.tick(day - 1)), Vec::<String>::new());
    assert_eq!(timer_effects(&h.tick(day)), vec!["reminder"]);
    assert_eq!(timer_effects(&h.tick(day)), Vec::<String>::new(), "a repeated tick fires nothing");
    assert_eq!(timer_effects(&h.tick(day - 10)), Vec::<String>::new(), "an earlier tick fires nothing");
    assert_eq!(engine::next_due(&h.ex), Some(2 * day - 4 * 3600));
    // One late tick fires everything due, in time order.
    assert_eq!(timer_effects(&h.tick(3 * day)), vec!["reminder", "overdue", "escalated:organization--tfc"]);
    assert_eq!(engine::next_due(&h.ex), None);
    assert_eq!(h.ex.status, Status::Running, "overdue, not failed");
    let inst = &h.ex.instances[1];
    assert!(inst.overdue);
    assert_eq!((inst.reminders_sent, inst.escalated_to.as_deref()), (2, Some("organization--tfc")));
    let v = engine::view(&h.lib, &h.ex);
    assert_eq!(v.frames[0].steps["action--1"].status, StepStatus::Overdue);
    assert_eq!(v.frames[0].steps["action--1"].escalated_to.as_deref(), Some("organization--tfc"));
    h.done("action--1");
    assert_eq!(h.ex.status, Status::Completed);
}

#[test]
fn a_deadline_at_with_an_offset_is_absolute_and_past_reminders_are_left_out() {
    let ext = json!({"deadline_at": "1970-01-01T02:00:00+01:00", "reminders_before": ["PT2H", "PT30M"]});
    let h = Harness::start(library(vec![deadline_playbook(ext)]), "playbook--d");
    assert_eq!(h.ex.instances[1].deadline, Some(3600));
    let kinds: Vec<i64> = h.ex.timers.iter().map(|t| t.at).collect();
    assert_eq!(kinds, vec![1800, 3600]);
}

#[test]
fn finishing_a_step_removes_its_timers() {
    let ext = json!({"deadline_after": "PT1H", "reminders_before": ["PT30M"]});
    let mut h = Harness::start(library(vec![deadline_playbook(ext)]), "playbook--d");
    h.now = 10;
    h.done("action--1");
    assert!(h.ex.timers.is_empty());
    assert_eq!(timer_effects(&h.effects), Vec::<String>::new());
}

#[test]
fn a_cacao_timeout_fails_the_step() {
    let d = doc(
        "playbook--t",
        "start--1",
        json!({"start--1": start_to("action--1"),
               "action--1": {"type": "action", "agent": "individual--a", "timeout": 60_000,
                             "on_success": "end--1", "on_failure": "action--late"},
               "action--late": action("organization--tfc", "end--1"), "end--1": end()}),
        json!({}),
    );
    let mut h = Harness::start(library(vec![d]), "playbook--t");
    // A report after the timeout is too late: the timeout fires first.
    h.now = 61;
    let task = h.task("action--1");
    let late =
        Command::Complete { task, outcome: engine::Outcome::Success, answer: Default::default(), by: "u".into() };
    assert_eq!(h.try_apply(late).map_err(|e| e.code()).map(|_| ()), Err("task_closed"));
    h.tick(61);
    assert!(h.effects.iter().any(|e| matches!(e, Effect::TaskClosed { reason: CloseReason::TimedOut, .. })));
    h.task("action--late");
}

#[test]
fn a_cacao_delay_holds_the_step_then_its_deadline_counts_from_the_start_of_processing() {
    let d = doc(
        "playbook--w",
        "start--1",
        json!({"start--1": start_to("action--1"),
               "action--1": {"type": "action", "agent": "individual--a", "delay": 90_500, "on_completion": "end--1",
                             "step_extensions": {EXT: {"deadline_after": "PT1H"}}},
               "end--1": end()}),
        json!({}),
    );
    let mut h = Harness::start(library(vec![d]), "playbook--w");
    assert!(h.open().is_empty(), "no task while the delay runs");
    assert!(h.effects.iter().any(|e| matches!(e, Effect::StepDelayed { until: 91, .. })), "rounded up to seconds");
    assert_eq!(engine::next_due(&h.ex), Some(91));
    assert!(h.tick(90).is_empty());
    // Paused when the delay passes: the step waits for the resume.
    h.apply(Command::Pause { by: "coordinator".into() });
    h.tick(91);
    assert!(h.open().is_empty(), "a paused run starts nothing");
    h.now = 100;
    h.apply(Command::Resume { by: "coordinator".into() });
    assert_eq!(h.open().len(), 1, "the task opens at the resume");
    let inst = h.ex.instances.iter().find(|i| i.step == "action--1").expect("instance");
    assert_eq!((inst.deadline, inst.delayed_until), (Some(100 + 3600), None));
    h.done("action--1");
    assert_eq!(h.ex.status, Status::Completed);
}

#[test]
fn a_delayed_step_cancelled_with_its_run_never_starts_processing() {
    let d = doc(
        "playbook--w",
        "start--1",
        json!({"start--1": start_to("action--1"),
               "action--1": {"type": "action", "agent": "individual--a", "delay": 5_000, "on_completion": "end--1"},
               "end--1": end()}),
        json!({}),
    );
    let mut h = Harness::start(library(vec![d]), "playbook--w");
    h.apply(Command::Cancel { reason: "stop".into(), by: "coordinator".into() });
    assert!(h.tick(10).iter().all(|e| !matches!(e, Effect::TaskOpened { .. })));
    assert_eq!(h.ex.status, Status::Cancelled);
    assert!(h.open().is_empty());
}

fn join_playbook(join: serde_json::Value, deadline: bool) -> serde_json::Value {
    let mut ext = json!({"join": join});
    if deadline {
        ext["deadline_after"] = json!("PT1H");
    }
    doc(
        "playbook--j",
        "start--1",
        json!({"start--1": start_to("parallel--1"),
               "parallel--1": {"type": "parallel", "next_steps": ["action--a", "action--b", "action--c"],
                               "on_success": "action--after", "on_failure": "action--ko", "step_extensions": {EXT: ext}},
               "action--a": {"type": "action", "agent": "individual--a", "on_success": "end--a"}, "end--a": end(),
               "action--b": {"type": "action", "agent": "individual--b", "on_success": "end--b"}, "end--b": end(),
               "action--c": {"type": "action", "agent": "individual--c", "on_success": "end--c"}, "end--c": end(),
               "action--after": action("individual--a", "end--1"), "action--ko": action("individual--a", "end--1"),
               "end--1": end()}),
        json!({}),
    )
}

#[test]
fn join_any_goes_on_at_the_first_branch_and_closes_the_others_as_no_longer_needed() {
    let mut h = Harness::start(library(vec![join_playbook(json!({"policy": "any"}), false)]), "playbook--j");
    let effects = h.done("action--b");
    let no_longer: Vec<&Effect> = effects
        .iter()
        .filter(|e| matches!(e, Effect::TaskClosed { reason: CloseReason::NoLongerNeeded, .. }))
        .collect();
    assert_eq!(no_longer.len(), 2);
    assert_eq!(h.open(), vec![h.task("action--after")]);
    assert_eq!(h.finished(InstanceStatus::Cancelled), vec!["action--a", "action--c"]);
}

#[test]
fn join_k_of_n_succeeds_at_k_and_fails_when_k_is_out_of_reach() {
    let mut h = Harness::start(library(vec![join_playbook(json!({"policy": "k-of-n", "k": 2}), false)]), "playbook--j");
    h.done("action--a");
    assert_eq!(h.open().len(), 2);
    h.done("action--c");
    h.task("action--after");
    let mut h = Harness::start(library(vec![join_playbook(json!({"policy": "k-of-n", "k": 2}), false)]), "playbook--j");
    h.fail("action--a");
    h.fail("action--b");
    h.task("action--ko");
    assert_eq!(h.finished(InstanceStatus::Cancelled), vec!["action--c"]);
}

#[test]
fn join_at_deadline_goes_on_at_the_parallels_deadline() {
    let mut h = Harness::start(library(vec![join_playbook(json!({"policy": "at-deadline"}), true)]), "playbook--j");
    h.done("action--a");
    assert_eq!(engine::next_due(&h.ex), Some(3600));
    let effects = h.tick(3600);
    assert!(!effects.iter().any(|e| matches!(e, Effect::Overdue { .. })), "at-deadline is not overdue");
    h.task("action--after");
    assert_eq!(h.finished(InstanceStatus::Cancelled), vec!["action--b", "action--c"]);
}

#[test]
fn join_all_with_a_failed_branch_waits_then_fails() {
    let mut h = Harness::start(library(vec![join_playbook(json!({"policy": "all"}), false)]), "playbook--j");
    h.fail("action--a");
    h.done("action--b");
    assert_eq!(h.open().len(), 1);
    h.done("action--c");
    h.task("action--ko");
}

#[test]
fn while_paused_timers_still_mark_overdue() {
    let ext = json!({"deadline_after": "PT1H", "escalation": {"after": "PT0S", "to": "organization--tfc"}});
    let mut h = Harness::start(library(vec![deadline_playbook(ext)]), "playbook--d");
    h.apply(Command::Pause { by: "coordinator".into() });
    assert_eq!(timer_effects(&h.tick(3600)), vec!["overdue", "escalated:organization--tfc"]);
    assert_eq!(h.ex.status, Status::Paused);
}
