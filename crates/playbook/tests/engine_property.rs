//! Property tests: random valid playbooks (sequences, parallels with joins,
//! if and switch branches, counter-guarded while loops, sub-draaiboeken,
//! approvals, deadlines, nested) driven by random people and a random clock.
//! Whatever happens: the run terminates; every step instance starts once and
//! finishes (or is cancelled) once; every task opened is closed once; the
//! history is exactly the effects returned; the state round-trips through
//! JSON unchanged; refused commands and commands without effects change
//! nothing; replaying the commands with effects gives the same state; the same seed gives the
//! same bytes. A failing seed is printed.
#![allow(clippy::expect_used, clippy::unwrap_used, reason = "test code: a failed expectation is the test failing")]
#![allow(
    clippy::let_underscore_must_use,
    clippy::clone_on_ref_ptr,
    reason = "test code: clean-up that may fail (a temp dir, a killed child) and shared fixtures"
)]

mod engine_support;

use engine_support::*;
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;
use verbinding_playbook::engine::{self, Command, Effect, Execution, Library, NewStep, Outcome, Phase, Status};

/// xorshift64*: small, seeded, good enough to explore.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

struct Gen<'r> {
    rng: &'r mut Rng,
    prefix: String,
    steps: Map<String, Value>,
    variables: Map<String, Value>,
    n: usize,
    loops: bool,
    subs: Vec<String>,
}

const AGENTS: [&str; 3] = ["individual--a", "individual--b", "individual--c"];

impl Gen<'_> {
    fn id(&mut self, kind: &str) -> String {
        self.n += 1;
        format!("{kind}--{}{:04}", self.prefix, self.n)
    }

    fn end(&mut self) -> String {
        let id = self.id("end");
        self.steps.insert(id.clone(), json!({"type": "end"}));
        id
    }

    /// Routes to `next`: on_completion, or on_success and on_failure, or
    /// on_success only (a failure then unwinds).
    fn route(&mut self, step: &mut Value, next: &str) {
        match self.rng.below(3) {
            0 => step["on_completion"] = json!(next),
            1 => {
                step["on_success"] = json!(next);
                step["on_failure"] = json!(next);
            }
            _ => step["on_success"] = json!(next),
        }
    }

    fn seq(&mut self, depth: u32, next: String) -> String {
        let mut cur = next;
        for _ in 0..1 + self.rng.below(3) {
            cur = self.element(depth, cur);
        }
        cur
    }

    fn branch(&mut self, depth: u32) -> String {
        let end = self.end();
        self.seq(depth + 1, end)
    }

    fn action(&mut self, next: &str, out: Option<&str>) -> String {
        let id = self.id("action");
        let mut ext = json!({});
        let mut step =
            json!({"type": "action", "name": id, "commands": [{"type": "manual", "command": "do __v__:value"}]});
        let approval = out.is_none() && self.rng.chance(20);
        if !approval || self.rng.chance(50) {
            step["agent"] = json!(self.rng.pick(&AGENTS));
        }
        if approval {
            let policy = match self.rng.below(4) {
                0 => json!({"policy": "all"}),
                1 => json!({"policy": "any"}),
                2 => json!({"policy": "k-of-n", "k": 2}),
                _ => json!({"policy": "veto"}),
            };
            let mut p = policy;
            p["approvers"] = json!(AGENTS);
            ext["approval"] = p;
        }
        if self.rng.chance(40) {
            ext["deadline_after"] = json!(format!("PT{}H", 1 + self.rng.below(48)));
            ext["reminders_before"] = json!(["PT1H"]);
            if self.rng.chance(50) {
                ext["escalation"] = json!({"after": "PT1H", "to": "organization--tfc"});
            }
        }
        if self.rng.chance(5) {
            step["timeout"] = json!(3_600_000);
        }
        match out {
            Some(counter) => step["out_args"] = json!([counter]),
            None if self.rng.chance(30) => {
                step["out_args"] = json!(["__v__"]);
                ext["answer"] = json!({"__v__": {"choices": ["a", "b", "c"]}});
            }
            None => {}
        }
        if ext.as_object().is_some_and(|o| !o.is_empty()) {
            step["step_extensions"] = json!({EXT: ext});
        }
        self.route(&mut step, next);
        self.steps.insert(id.clone(), step);
        id
    }

    fn element(&mut self, depth: u32, next: String) -> String {
        let kinds = if depth >= 3 { 1 } else { 8 };
        match self.rng.below(kinds) {
            0..=2 => self.action(&next, None),
            3 => {
                let id = self.id("parallel");
                let count = 2 + self.rng.below(2);
                let branches: Vec<String> = (0..count).map(|_| self.branch(depth)).collect();
                let mut step = json!({"type": "parallel", "next_steps": branches});
                let join = match self.rng.below(5) {
                    0 => json!({"policy": "all"}),
                    1 => json!({"policy": "any"}),
                    2 => json!({"policy": "k-of-n", "k": 2}),
                    3 => json!({"policy": "veto"}),
                    _ => json!({"policy": "at-deadline"}),
                };
                let at_deadline = join["policy"] == "at-deadline";
                let mut ext = json!({"join": join});
                if at_deadline || self.rng.chance(20) {
                    ext["deadline_after"] = json!("PT12H");
                }
                step["step_extensions"] = json!({EXT: ext});
                self.route(&mut step, &next);
                self.steps.insert(id.clone(), step);
                id
            }
            4 => {
                let id = self.id("if-condition");
                let condition = self.rng.pick(&[
                    "__v__:value = 'a'",
                    "__v__:value IN ('a', 'b')",
                    "NOT __v__:value = 'c' AND __v__:value != 'b'",
                    "[__v__:value LIKE 'a%'] OR __v__:value = 'c'",
                ]);
                let mut step = json!({"type": "if-condition", "condition": condition, "on_true": self.branch(depth)});
                if self.rng.chance(50) {
                    step["on_false"] = json!(self.branch(depth));
                }
                self.route(&mut step, &next);
                self.steps.insert(id.clone(), step);
                id
            }
            5 => {
                let id = self.id("switch-condition");
                let mut cases = json!({"a": self.branch(depth), "b": self.branch(depth)});
                if self.rng.chance(50) {
                    cases["default"] = json!(self.branch(depth));
                }
                let mut step = json!({"type": "switch-condition", "switch": "__v__:value", "cases": cases});
                self.route(&mut step, &next);
                self.steps.insert(id.clone(), step);
                id
            }
            6 if self.loops => {
                let id = self.id("while-condition");
                let counter = format!("__c{}{}__", self.prefix, self.n);
                self.variables.insert(counter.clone(), json!({"type": "integer", "value": "0"}));
                let end = self.end();
                let rest = self.seq(depth + 1, end);
                let body = self.action(&rest, Some(&counter));
                let limit = 1 + self.rng.below(3);
                let mut step = json!({"type": "while-condition", "condition": format!("{counter}:value < {limit}"), "on_true": body});
                self.route(&mut step, &next);
                self.steps.insert(id.clone(), step);
                id
            }
            7 if !self.subs.is_empty() => {
                let id = self.id("playbook-action");
                let sub = self.rng.pick(&self.subs).clone();
                let mut step = json!({"type": "playbook-action", "playbook_id": sub, "in_args": ["__v__"]});
                if self.rng.chance(50) {
                    step["out_args"] = json!(["__v__"]);
                }
                self.route(&mut step, &next);
                self.steps.insert(id.clone(), step);
                id
            }
            _ => self.action(&next, None),
        }
    }
}

fn playbook(rng: &mut Rng, id: &str, prefix: &str, loops: bool, subs: Vec<String>) -> Value {
    let mut g = Gen { rng, prefix: prefix.to_string(), steps: Map::new(), variables: Map::new(), n: 0, loops, subs };
    g.variables.insert("__v__".into(), json!({"type": "string", "value": "a"}));
    let end = g.end();
    let first = g.seq(0, end);
    let start = g.id("start");
    g.steps.insert(start.clone(), json!({"type": "start", "on_completion": first}));
    let exception = g.rng.chance(30).then(|| {
        let end = g.end();
        g.action(&end, None)
    });
    let mut d = doc(id, &start, Value::Object(g.steps), Value::Object(g.variables));
    if let Some(x) = exception {
        d["workflow_exception"] = json!(x);
    }
    d
}

fn random_library(rng: &mut Rng, loops: bool) -> Library {
    let mut docs = Vec::new();
    let mut subs = Vec::new();
    for i in 0..rng.below(3) {
        let id = format!("playbook--sub{i}");
        docs.push(playbook(rng, &id, &format!("s{i}x"), loops, Vec::new()));
        subs.push(id);
    }
    docs.push(playbook(rng, "playbook--top", "t", loops, subs));
    let lib = library(docs);
    for p in lib.values() {
        let findings = verbinding_playbook::lint(p);
        assert!(findings.is_empty(), "generated playbook {} is not lint-clean: {findings:?}", p.id);
    }
    lib
}

/// What a person would answer: the next counter value, or a choice.
fn answer_for(lib: &Library, ex: &Execution, frame: u32, step: &str, rng: &mut Rng) -> BTreeMap<String, String> {
    let playbook = lib.get(&ex.frames[frame as usize].playbook).expect("pinned");
    let outs = playbook.steps.get(step).map(|s| s.out_args.clone()).unwrap_or_default();
    outs.into_iter()
        .map(|name| {
            let value = if name == "__v__" {
                rng.pick(&["a", "b", "c"]).to_string()
            } else {
                let current = ex.frames[frame as usize].variables.get(&name).and_then(|v| v.value.clone());
                (current.and_then(|c| c.parse::<i64>().ok()).unwrap_or(0) + 1).to_string()
            };
            (name, value)
        })
        .collect()
}

struct Driver {
    lib: Library,
    ex: Execution,
    now: i64,
    all: Vec<Effect>,
    applied: u64,
    /// The state at the start and every command that had effects, with its
    /// time: what the server's journal stores.
    start: Execution,
    journal: Vec<(Command, i64)>,
}

impl Driver {
    fn apply(&mut self, c: Command) -> bool {
        let before = self.ex.clone();
        self.applied += 1;
        match engine::apply(&self.lib, &mut self.ex, c.clone(), self.now) {
            Ok(effects) if effects.is_empty() => {
                // The journal keeps only commands with effects.
                assert!(self.ex == before, "state changed without effects");
                true
            }
            Ok(effects) => {
                self.journal.push((c, self.now));
                self.all.extend(effects);
                if self.applied.is_multiple_of(20) || self.ex.status.is_finished() {
                    round_trip(&self.ex);
                }
                true
            }
            Err(e) => {
                assert!(self.ex == before, "state changed on error {e}");
                false
            }
        }
    }
}

fn round_trip(ex: &Execution) {
    let text = serde_json::to_string(ex).expect("json");
    let back: Execution = serde_json::from_str(&text).expect("parse back");
    assert!(&back == ex, "round trip");
    assert_eq!(serde_json::to_string(&back).expect("json"), text, "byte-identical round trip");
}

fn run(seed: u64, loops: bool, operator: bool) -> String {
    let mut rng = Rng::new(seed);
    let lib = random_library(&mut rng, loops);
    let (ex, effects) = engine::start(&lib, "playbook--top", 0, &BTreeMap::new()).expect("starts");
    let mut d = Driver { lib, start: ex.clone(), ex, now: 0, all: effects, applied: 0, journal: Vec::new() };
    let mut rounds = 0;
    while !d.ex.status.is_finished() {
        rounds += 1;
        assert!(rounds < 5_000, "does not terminate");
        let open: Vec<(u32, u32, String, String, Phase, Vec<String>)> =
            d.ex.open_tasks()
                .map(|(i, t)| {
                    let pending = t
                        .approval
                        .as_ref()
                        .map(|a| a.approvers.iter().filter(|x| !a.votes.contains_key(*x)).cloned().collect())
                        .unwrap_or_default();
                    (i.n, i.frame, i.step.clone(), t.key.clone(), t.phase, pending)
                })
                .collect();
        if d.ex.status == Status::Paused && (open.is_empty() || rng.chance(30)) {
            assert!(d.apply(Command::Resume { by: "coordinator".into() }));
            continue;
        }
        if open.is_empty() {
            let due = engine::next_due(&d.ex).expect("running with no open task and no timer: stuck");
            d.now = d.now.max(due);
            assert!(d.apply(Command::Tick));
            continue;
        }
        let (_, frame, step, key, phase, pending) = rng.pick(&open).clone();
        let roll = rng.below(100);
        if roll < 10 {
            d.now += rng.below(3 * 86_400) as i64;
            assert!(d.apply(Command::Tick));
        } else if operator && roll < 13 {
            let by = "operator".to_string();
            assert!(d.apply(Command::Skip { task: key, justification: "done elsewhere".into(), by }));
        } else if operator && roll < 15 {
            let c = if d.ex.status == Status::Paused {
                Command::Resume { by: "coordinator".into() }
            } else {
                Command::Pause { by: "coordinator".into() }
            };
            assert!(d.apply(c));
        } else if operator && roll < 17 {
            let after = rng.chance(50).then_some(key);
            let step = NewStep {
                after_task: after,
                name: "extra".into(),
                description: None,
                agent: "organization--tfc".into(),
                deadline: Some(d.now + 3_600),
                reminders_before: vec![600],
                escalation: None,
                by: "operator".into(),
            };
            assert!(d.apply(Command::AddStep(step)));
        } else if operator && roll == 17 && rng.chance(20) {
            assert!(d.apply(Command::Cancel { reason: "stop".into(), by: "coordinator".into() }));
        } else if roll < 20 {
            // A refused command changes nothing.
            let bad = Command::Complete {
                task: format!("{key}x"),
                outcome: Outcome::Success,
                answer: BTreeMap::new(),
                by: "u".into(),
            };
            assert!(!d.apply(bad));
        } else if phase == Phase::Approval {
            let approver = rng.pick(&pending).clone();
            let approve = rng.chance(75);
            assert!(d.apply(Command::Approve { task: key, approver, approve, by: "approver".into() }));
        } else {
            let outcome = if rng.chance(85) { Outcome::Success } else { Outcome::Failure };
            let answer = answer_for(&d.lib, &d.ex, frame, &step, &mut rng);
            assert!(d.apply(Command::Complete { task: key, outcome, answer, by: "person".into() }));
        }
    }
    check_invariants(&d);
    // Replaying the journal on the start state gives exactly the final state.
    let mut replayed = d.start.clone();
    for (c, now) in &d.journal {
        engine::apply(&d.lib, &mut replayed, c.clone(), *now).expect("a journaled command replays");
    }
    assert!(replayed == d.ex, "the journal replays to the same state");
    serde_json::to_string(&d.ex).expect("json")
}

fn check_invariants(d: &Driver) {
    let history: Vec<Effect> = d.ex.history.iter().map(|r| r.event.clone()).collect();
    assert_eq!(history, d.all, "the history is exactly the effects returned");
    let mut started: BTreeMap<u32, u32> = BTreeMap::new();
    let mut finished: BTreeMap<u32, u32> = BTreeMap::new();
    let mut opened: BTreeMap<String, u32> = BTreeMap::new();
    let mut closed: BTreeMap<String, u32> = BTreeMap::new();
    for e in &d.all {
        match e {
            Effect::StepStarted { instance, .. } => *started.entry(*instance).or_default() += 1,
            Effect::StepFinished { instance, .. } => *finished.entry(*instance).or_default() += 1,
            Effect::TaskOpened { task, .. } => *opened.entry(task.clone()).or_default() += 1,
            Effect::TaskClosed { task, .. } => *closed.entry(task.clone()).or_default() += 1,
            _ => {}
        }
    }
    assert_eq!(started.len(), d.ex.instances.len());
    assert!(started.values().all(|c| *c == 1), "an instance started twice");
    assert_eq!(finished.keys().collect::<Vec<_>>(), started.keys().collect::<Vec<_>>(), "an instance never finished");
    assert!(finished.values().all(|c| *c == 1), "an instance finished twice");
    assert_eq!(opened.keys().collect::<Vec<_>>(), closed.keys().collect::<Vec<_>>(), "a task was lost");
    assert!(opened.values().chain(closed.values()).all(|c| *c == 1), "a task opened or closed twice");
    assert!(d.ex.instances.iter().all(|i| !i.status.is_open()));
    assert!(d.ex.timers.is_empty() && d.ex.pending.is_empty());
    assert_eq!(engine::next_due(&d.ex), None);
    assert!(matches!(d.all.last(), Some(Effect::ExecutionFinished { .. })));
}

fn each_seed(count: u64, base: u64, loops: bool, operator: bool) {
    for seed in base..base + count {
        let result = std::panic::catch_unwind(|| run(seed, loops, operator));
        match result {
            Ok(first) => {
                if seed.is_multiple_of(10) {
                    assert_eq!(run(seed, loops, operator), first, "seed {seed}: not deterministic");
                }
            }
            Err(e) => {
                let msg = e.downcast_ref::<String>().cloned().or(e.downcast_ref::<&str>().map(|s| s.to_string()));
                panic!("failing seed {seed} (loops: {loops}, operator: {operator}): {}", msg.unwrap_or_default());
            }
        }
    }
}

#[test]
fn random_acyclic_playbooks_always_terminate_and_lose_nothing() {
    each_seed(250, 1, false, false);
}

#[test]
fn random_playbooks_with_counter_guarded_loops_terminate() {
    each_seed(250, 10_000, true, false);
}

#[test]
fn random_operator_commands_keep_the_invariants() {
    each_seed(250, 20_000, true, true);
}
