//! The five built-in draaiboeken run on the engine: people answering every
//! question with a valid choice and approvers voting at random, they always
//! reach the end, and the national response hands over to the others.
#![allow(clippy::expect_used, clippy::unwrap_used, reason = "test code: a failed expectation is the test failing")]
#![allow(
    clippy::let_underscore_must_use,
    clippy::clone_on_ref_ptr,
    reason = "test code: clean-up that may fail (a temp dir, a killed child) and shared fixtures"
)]

use serde_json::Value;
use std::collections::BTreeMap;
use verbinding_playbook::builtin;
use verbinding_playbook::engine::{self, Command, Effect, Library, Outcome, Phase, Status};
use verbinding_playbook::extension::EXTENSION_ID;

struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

fn library() -> Library {
    Library::new(builtin::all().expect("built-ins parse").into_iter().map(|(_, p)| p))
}

/// A valid answer to the step's question: a random choice per field, else a
/// value of the variable's type.
fn answer(lib: &Library, playbook: &str, step: &str, rng: &mut Rng) -> BTreeMap<String, String> {
    let p = lib.get(playbook).expect("pinned");
    let outs = p.steps.get(step).map(|s| s.out_args.clone()).unwrap_or_default();
    let ext = p.steps.get(step).and_then(|s| s.extension.clone()).unwrap_or(Value::Null);
    outs.into_iter()
        .map(|name| {
            let choices: Vec<String> = ext["answer"][&name]["choices"]
                .as_array()
                .map(|a| a.iter().filter_map(Value::as_str).map(str::to_string).collect())
                .unwrap_or_default();
            let kind = p.document["playbook_variables"][&name]["type"].as_str().unwrap_or("string");
            let value = match (choices.is_empty(), kind) {
                (false, _) => choices[rng.below(choices.len())].clone(),
                (true, "integer" | "long") => rng.below(30).to_string(),
                (true, "bool") => "true".to_string(),
                (true, _) => "2025-06-01 12:00".to_string(),
            };
            (name, value)
        })
        .collect()
}

/// Runs a built-in to its end; returns the playbooks whose tasks were opened.
fn run(lib: &Library, slug: &str, seed: u64, approve_all: bool) -> (engine::Execution, Vec<String>) {
    let id = builtin::parse(slug).expect("built-in").id;
    let initial = BTreeMap::from([("__incident_reference__".to_string(), "INC-2025-001".to_string())]);
    let (mut ex, mut effects) = engine::start(lib, &id, 0, &initial).unwrap_or_else(|e| panic!("{slug}: {e}"));
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let mut now = 0;
    for round in 0.. {
        assert!(round < 500, "{slug} seed {seed} does not end");
        // Time passes (timers may close tasks: an at-deadline join goes on).
        now += 3600 * (1 + rng.below(24)) as i64;
        effects.extend(engine::apply(lib, &mut ex, Command::Tick, now).expect("tick"));
        let open: Vec<(String, String, String, Phase, Vec<String>)> = ex
            .open_tasks()
            .map(|(i, t)| {
                let pending = t
                    .approval
                    .as_ref()
                    .map(|a| a.approvers.iter().filter(|x| !a.votes.contains_key(*x)).cloned().collect())
                    .unwrap_or_default();
                (ex.frames[i.frame as usize].playbook.clone(), i.step.clone(), t.key.clone(), t.phase, pending)
            })
            .collect();
        if open.is_empty() {
            break;
        }
        let (playbook, step, task, phase, pending) = open[rng.below(open.len())].clone();
        let command = if phase == Phase::Approval {
            let approve = approve_all || rng.below(4) > 0;
            Command::Approve {
                task,
                approver: pending[rng.below(pending.len())].clone(),
                approve,
                by: "approver".into(),
            }
        } else {
            let answer = answer(lib, &playbook, &step, &mut rng);
            Command::Complete { task, outcome: Outcome::Success, answer, by: "person".into() }
        };
        effects.extend(engine::apply(lib, &mut ex, command, now).unwrap_or_else(|e| panic!("{slug} seed {seed}: {e}")));
    }
    assert!(ex.status.is_finished(), "{slug} seed {seed}: no open task but {:?}", ex.status);
    let playbooks = effects
        .iter()
        .filter_map(|e| match e {
            Effect::TaskOpened { playbook, .. } => Some(playbook.clone()),
            _ => None,
        })
        .collect();
    (ex, playbooks)
}

#[test]
fn every_built_in_draaiboek_runs_to_its_end() {
    let lib = library();
    for (slug, p) in builtin::all().expect("built-ins") {
        let (_, effects) = engine::start(&lib, &p.id, 0, &BTreeMap::new()).unwrap_or_else(|e| panic!("{slug}: {e}"));
        assert!(effects.iter().any(|e| matches!(e, Effect::TaskOpened { .. })), "{slug}");
        for seed in 1..=20 {
            let (ex, _) = run(&lib, slug, seed, true);
            assert_eq!(ex.status, Status::Completed, "{slug} seed {seed}");
        }
        for seed in 100..=120 {
            let (ex, _) = run(&lib, slug, seed, false);
            assert!(ex.status.is_finished(), "{slug} seed {seed}");
        }
    }
    assert!(EXTENSION_ID.starts_with("extension-definition--"));
}

#[test]
fn the_national_response_hands_over_to_the_other_draaiboeken() {
    let lib = library();
    let mut reached = std::collections::BTreeSet::new();
    for seed in 1..=80 {
        let (_, playbooks) = run(&lib, "national-response", seed, true);
        reached.extend(playbooks);
    }
    for slug in ["eu-common-response", "nato-consultation", "joint-attribution"] {
        let id = builtin::parse(slug).expect("built-in").id;
        assert!(reached.contains(&id), "{slug} never reached: {reached:?}");
    }
}
