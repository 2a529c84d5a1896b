//! The executable playbooks of the CACAO corpus (`../shared/corpus/cacao/examples`)
//! run to their end when every task is reported done.
#![allow(clippy::expect_used, clippy::unwrap_used, reason = "test code: a failed expectation is the test failing")]
#![allow(
    clippy::let_underscore_must_use,
    clippy::clone_on_ref_ptr,
    reason = "test code: clean-up that may fail (a temp dir, a killed child) and shared fixtures"
)]

use std::collections::BTreeMap;
use verbinding_playbook::Playbook;
use verbinding_playbook::engine::{self, Command, Effect, InstanceStatus, Library, Outcome, Status};

fn corpus(relative: &str) -> std::path::PathBuf {
    let candidates = [
        std::env::var("VERBINDING_CORPUS").ok().map(std::path::PathBuf::from),
        Some(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus")),
        Some(std::path::PathBuf::from("/work/shared/corpus")),
    ];
    candidates.into_iter().flatten().map(|base| base.join(relative)).find(|p| p.exists()).unwrap_or_else(|| {
        panic!("corpus file {relative} not found: set VERBINDING_CORPUS to the shared corpus folder")
    })
}

fn load(file: &str) -> Playbook {
    let text = std::fs::read_to_string(corpus(&format!("cacao/examples/{file}"))).expect("read");
    let mut doc: serde_json::Value = serde_json::from_str(&text).expect("json");
    if let Some(fix) = FIXES.iter().find(|f| f.0 == file) {
        // Refused as published (see the test below); run without the dangling reference.
        doc.as_object_mut().expect("object").remove(fix.1);
    }
    Playbook::parse(doc).expect("parses")
}

/// SOARCA test playbooks whose `workflow_exception` names a step that is not
/// in the workflow.
const FIXES: [(&str, &str); 2] = [
    ("soarca/test__playbooks__playbook.json", "workflow_exception"),
    ("soarca/test__playbooks__parallels_playbook.json", "workflow_exception"),
];

#[test]
fn the_soarca_test_playbooks_are_refused_for_their_dangling_workflow_exception() {
    for (file, _) in FIXES {
        let text = std::fs::read_to_string(corpus(&format!("cacao/examples/{file}"))).expect("read");
        let p = Playbook::parse(serde_json::from_str(&text).expect("json")).expect("parses");
        let id = p.id.clone();
        match engine::start(&Library::new([p]), &id, 0, &BTreeMap::new()) {
            Err(engine::EngineError::PlaybookInvalid { property, problem, .. }) => {
                assert_eq!(
                    (property.as_str(), problem.as_str()),
                    ("workflow_exception", "dangling_reference"),
                    "{file}"
                );
            }
            other => panic!("{file}: {other:?}"),
        }
    }
}

/// Runs the playbook, reporting every open task done with `answer` (given
/// the step and the current variables); returns the execution and the steps
/// that had a task, in order.
fn run_all(
    file: &str,
    answer: impl Fn(&str, &BTreeMap<String, Option<String>>) -> BTreeMap<String, String>,
) -> (engine::Execution, Vec<String>) {
    let p = load(file);
    let id = p.id.clone();
    let lib = Library::new([p]);
    let (mut ex, _) = engine::start(&lib, &id, 0, &BTreeMap::new()).unwrap_or_else(|e| panic!("{file}: {e}"));
    let mut steps = Vec::new();
    let mut now = 0;
    loop {
        let next = ex.open_tasks().next().map(|(i, t)| (i.step.clone(), t.key.clone()));
        let Some((step, task)) = next else { break };
        assert!(steps.len() < 100, "{file} does not end");
        now += 60;
        let all_vars: BTreeMap<String, Option<String>> = ex
            .frames
            .iter()
            .flat_map(|f| f.variables.iter())
            .chain(ex.branches.iter().flat_map(|b| b.variables.iter()))
            .map(|(k, v)| (k.clone(), v.value.clone()))
            .collect();
        let answer = answer(&step, &all_vars);
        let c = Command::Complete { task, outcome: Outcome::Success, answer, by: "tester".into() };
        engine::apply(&lib, &mut ex, c, now).unwrap_or_else(|e| panic!("{file}: {e}"));
        steps.push(step);
    }
    (ex, steps)
}

#[test]
fn the_oasis_examples_run_to_completion() {
    for file in [
        "oasis-tcs-cacao/Examples__CACAO-2.0__basic-example-1.json",
        "oasis-tcs-cacao/Examples__CACAO-2.0__spec-3.1-example.json",
        "soarca/examples__manual-playbook.json",
        "soarca/examples__ssh-playbook.json",
    ] {
        let (ex, steps) = run_all(file, |_, _| BTreeMap::new());
        assert_eq!(ex.status, Status::Completed, "{file}");
        assert!(!steps.is_empty(), "{file}");
    }
}

#[test]
fn the_spec_example_fills_its_variable_into_the_manual_instruction() {
    let p = load("oasis-tcs-cacao/Examples__CACAO-2.0__spec-3.1-example.json");
    let id = p.id.clone();
    let (_, effects) = engine::start(&Library::new([p]), &id, 0, &BTreeMap::new()).expect("starts");
    let text = effects.iter().find_map(|e| match e {
        Effect::TaskOpened { instructions, agent, .. } => Some((instructions[0].command.clone(), agent.clone())),
        _ => None,
    });
    assert_eq!(
        text,
        Some((Some("Look up IP 1.2.3.4 in SIEM".into()), Some("group--18d3a2e0-f534-4374-a117-abdddd3e809b".into())))
    );
}

#[test]
fn the_soarca_sequence_without_a_start_step_runs_from_its_workflow_start() {
    // (without its dangling workflow_exception)
    let (ex, steps) = run_all("soarca/test__playbooks__playbook.json", |_, _| BTreeMap::new());
    assert_eq!(ex.status, Status::Completed);
    assert_eq!(steps.len(), 4);
}

#[test]
fn the_soarca_parallels_playbook_joins_its_two_branches() {
    // workflow_start is the parallel itself; one branch is a lone end step
    // (without its dangling workflow_exception).
    let (ex, steps) = run_all("soarca/test__playbooks__parallels_playbook.json", |_, _| BTreeMap::new());
    assert_eq!(ex.status, Status::Completed);
    assert_eq!(steps, vec!["action--9fcc5c3b-0b70-4d73-b922-cf5491dcd1a4"]);
}

#[test]
fn the_soarca_if_and_while_example_loops_until_its_counter_is_five() {
    // The first action's answer is the date the if tests; the while counts
    // its own step variable up (the body declares it again: the same variable).
    let (ex, steps) = run_all(
        "extracted-from-markdown/COSSAS__docs__content__en__docs__concepts__executable-playbooks__block1.json",
        |step, vars| {
            let mut out = BTreeMap::new();
            if step == "action--4b08af84-3741-48ca-8c92-df1557a87379" {
                out.insert("__soarca_ssh_result__".into(), "15-03-2025".into());
            } else if step == "action--a32cdbb6-403a-47c7-a35b-07430a8de3fd" {
                let n: i64 = vars["__soarca_ssh_result__"].as_deref().and_then(|v| v.parse().ok()).unwrap_or(0);
                out.insert("__soarca_ssh_result__".into(), (n + 1).to_string());
            }
            out
        },
    );
    assert_eq!(ex.status, Status::Completed);
    let body = steps.iter().filter(|s| s.as_str() == "action--a32cdbb6-403a-47c7-a35b-07430a8de3fd").count();
    assert_eq!(body, 5, "{steps:?}");
    assert_eq!(steps.last().map(String::as_str), Some("action--76fe4c02-6a5d-43ae-8736-433c07ab80b8"));
    assert!(ex.instances.iter().all(|i| i.status != InstanceStatus::Failed));
}

#[test]
fn the_layout_example_switch_without_a_switch_variable_is_refused() {
    // Its switch has no `switch` variable: the engine refuses it, naming the property.
    let p = load("oasis-tcs-cacao/Extensions__layout__examples__playbook--aa1898b6-5251-49b4-aeb7-fd5e912583ff.json");
    let id = p.id.clone();
    let err = engine::start(&Library::new([p]), &id, 0, &BTreeMap::new()).expect_err("no switch variable");
    assert!(matches!(err, engine::EngineError::PlaybookInvalid { ref property, .. } if property == "switch"), "{err}");
}
