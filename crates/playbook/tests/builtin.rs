//! The five built-in draaiboeken: each parses and lints clean, declares our
//! extension, speaks Dutch in every step, maps every agent to the directory,
//! declares every answer, and every branch can be driven by a typed answer.
//!
//! The branch map below ([`BRANCHES`]) is what end-to-end tests drive: for each
//! draaiboek, the variable that decides a branch, the values that choose each
//! branch and the agent (directory code) that gives the answer.
#![allow(clippy::expect_used, clippy::unwrap_used, reason = "test code: a failed expectation is the test failing")]
#![allow(
    clippy::let_underscore_must_use,
    clippy::clone_on_ref_ptr,
    reason = "test code: clean-up that may fail (a temp dir, a killed child) and shared fixtures"
)]

use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use verbinding_playbook::builtin::{self, BUILTIN};
use verbinding_playbook::extension::{AgentMapping, EXTENSION_ID, StepExtension};
use verbinding_playbook::{Playbook, lint};

/// Organisation codes of the directory (`crates/web/src/demo.rs`).
const DIRECTORY: &[&str] = &[
    "BZ", "TFC", "DJZ", "NCSC", "NCTV", "JenV", "DEF", "MIVD", "DCC", "BZK", "AIVD", "EZK", "PV-EU", "PV-NAVO",
    "AMB-WAS", "AMB-BER", "DE", "EU", "NATO",
];

/// Roles of the directory (`crates/domain/src/role.rs`) an individual agent may stand for.
const ROLES: &[&str] = &["coordinator", "decision-maker", "liaison", "post-officer"];

/// Classification ids (`crates/domain/src/classification.rs`): the national, EU and NATO sets.
const CLASSIFICATIONS: &[&str] = &[
    "ongerubriceerd",
    "dep-v",
    "stg-confidentieel",
    "stg-geheim",
    "stg-zeer-geheim",
    "eu-restricted",
    "eu-confidential",
    "eu-secret",
    "eu-top-secret",
    "nato-unclassified",
    "nato-restricted",
    "nato-confidential",
    "nato-secret",
    "cosmic-top-secret",
];

/// (slug, decision variable, values that choose a branch, directory code of the agent that answers).
/// Approval-driven branches (a veto in the Council or a broken silence: `on_success`/`on_failure`) are in
/// [`APPROVAL_BRANCHES`].
const BRANCHES: &[(&str, &str, &[&str], &str)] = &[
    ("national-response", "__consensus_reached__", &["yes", "no"], "TFC"),
    (
        "national-response",
        "__attribution_decision__",
        &["attribute-publicly", "attribute-privately", "do-not-attribute"],
        "BZ",
    ),
    ("national-response", "__joint_with_partners__", &["yes", "no"], "BZ"),
    ("national-response", "__refer_to_eu__", &["yes", "no"], "TFC"),
    ("national-response", "__refer_to_nato__", &["yes", "no"], "TFC"),
    ("eu-common-response", "__hwpci_consensus__", &["yes", "no"], "PV-EU"),
    ("eu-common-response", "__psc_agreed__", &["yes", "no"], "PV-EU"),
    (
        "eu-common-response",
        "__toolbox_measures__",
        &["declaration-only", "stability-measures", "restrictive-measures"],
        "TFC",
    ),
    ("nato-consultation", "__consultation_format__", &["article-4", "nac-briefing", "cyber-defence-committee"], "BZ"),
    ("nato-consultation", "__releasable_to_nato__", &["yes", "no"], "MIVD"),
    ("nato-consultation", "__allied_statement__", &["nac-statement", "national-statements", "none"], "PV-NAVO"),
    ("joint-attribution", "__coalition_formed__", &["yes", "no"], "TFC"),
    ("joint-attribution", "__go_decision__", &["publish", "postpone", "cancel"], "TFC"),
    ("eu-sanctions-listing", "__package_decision__", &["submit", "strengthen-evidence", "abandon"], "TFC"),
    ("eu-sanctions-listing", "__relex_agreement__", &["yes", "no"], "PV-EU"),
    ("eu-sanctions-listing", "__listing_active__", &["yes", "no"], "TFC"),
];

/// (slug, step name, policy, approvers' directory codes): steps whose approval decides between
/// `on_success` (approved) and `on_failure` (vetoed).
const APPROVAL_BRANCHES: &[(&str, &str, &str, &[&str])] = &[
    ("eu-common-response", "Agreement in the Council (unanimity)", "veto", &["BZ", "DE", "EU"]),
    ("nato-consultation", "Silence procedure on the Council statement", "veto", &["NATO", "DE"]),
    ("eu-sanctions-listing", "Adoption by the Council (unanimity)", "veto", &["BZ", "DE", "EU"]),
];

fn all() -> Vec<(&'static str, Playbook)> {
    builtin::all().expect("the built-ins parse")
}

fn ext(step: &Value) -> Option<&Value> {
    step.get("step_extensions").and_then(|e| e.get(EXTENSION_ID))
}

fn steps(p: &Playbook) -> impl Iterator<Item = (&String, &Value)> {
    p.document["workflow"].as_object().expect("workflow").iter()
}

fn organisation(p: &Playbook, agent: &str) -> AgentMapping {
    let a = &p.document["agent_definitions"][agent];
    AgentMapping::parse(&a["agent_target_extensions"][EXTENSION_ID])
}

#[test]
fn there_are_five_and_their_files_are_named_by_slug() {
    let slugs: Vec<&str> = BUILTIN.iter().map(|(s, _)| *s).collect();
    assert_eq!(
        slugs,
        vec![
            "national-response",
            "eu-common-response",
            "nato-consultation",
            "joint-attribution",
            "eu-sanctions-listing"
        ]
    );
    for (slug, p) in all() {
        assert_eq!(builtin::parse(slug).expect("parses").id, p.id);
        assert_eq!(builtin::slug_of(&p.id), Some(slug));
        let on_disk = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("draaiboeken/{slug}.json")),
        )
        .expect("file");
        let embedded = BUILTIN.iter().find(|(s, _)| *s == slug).map(|(_, j)| *j);
        assert_eq!(embedded, Some(on_disk.as_str()), "{slug}");
    }
    assert!(matches!(builtin::parse("nope"), Err(builtin::BuiltinError::UnknownSlug(_))));
}

#[test]
fn each_parses_and_lints_clean() {
    for (slug, p) in all() {
        assert_eq!(lint(&p), vec![], "{slug}");
        let d = &p.document;
        assert_eq!(d["type"], "playbook", "{slug}");
        assert_eq!(d["spec_version"], "cacao-2.0", "{slug}");
        assert!(p.id.starts_with("playbook--"), "{slug}");
        assert!(d["created_by"].as_str().is_some_and(|c| c.starts_with("identity--")), "{slug}");
        for s in p.steps.values() {
            assert!(s.id.starts_with(&format!("{}--", s.kind)), "{slug}: {} is named by its type", s.id);
        }
    }
}

#[test]
fn each_declares_the_extension_and_speaks_dutch_everywhere() {
    for (slug, p) in all() {
        let d = &p.document;
        let def = &d["extension_definitions"][EXTENSION_ID];
        assert_eq!(def["type"], "extension-definition", "{slug}");
        for field in ["name", "description", "created_by", "schema", "version"] {
            assert!(def[field].as_str().is_some_and(|v| !v.is_empty()), "{slug}: extension {field}");
        }
        assert_eq!(def["version"], "1.0.0");
        assert!(def["schema"].as_str().is_some_and(|s| s.ends_with(&format!("{EXTENSION_ID}.json"))));
        let nl = &d["playbook_extensions"][EXTENSION_ID]["translations"]["nl"];
        for field in ["name", "description"] {
            assert!(nl[field].as_str().is_some_and(|v| !v.is_empty()), "{slug}: playbook has Dutch {field}");
        }
        assert_ne!(nl["name"], d["name"], "{slug}: the Dutch name is Dutch");
        for (id, step) in steps(&p) {
            let e = ext(step).unwrap_or_else(|| panic!("{slug}: {id} carries the extension"));
            let parsed = StepExtension::parse(id, e).unwrap_or_else(|f| panic!("{slug}: {id}: {f:?}"));
            let t = parsed.translations.get("nl").unwrap_or_else(|| panic!("{slug}: {id} has Dutch"));
            assert!(t.name.as_deref().is_some_and(|v| !v.is_empty()), "{slug}: {id} Dutch name");
            assert!(t.description.as_deref().is_some_and(|v| !v.is_empty()), "{slug}: {id} Dutch description");
            assert!(step["name"].as_str().is_some_and(|v| !v.is_empty()), "{slug}: {id} English name");
            if let Some(c) = &parsed.classification {
                assert!(CLASSIFICATIONS.contains(&c.as_str()), "{slug}: {id} classification {c}");
            }
        }
    }
}

#[test]
fn every_action_has_a_directory_agent_and_a_manual_command() {
    for (slug, p) in all() {
        for (id, step) in steps(&p).filter(|(_, s)| s["type"] == "action") {
            let agent = step["agent"].as_str().unwrap_or_else(|| panic!("{slug}: {id} has an agent"));
            let kind = p.document["agent_definitions"][agent]["type"].as_str().unwrap_or("");
            assert!(["organization", "group", "individual"].contains(&kind), "{slug}: {id} agent {agent}");
            let commands = step["commands"].as_array().expect("commands");
            assert!(!commands.is_empty());
            for c in commands {
                assert_eq!(c["type"], "manual", "{slug}: {id}");
                assert!(c["command"].as_str().is_some_and(|t| t.len() > 20), "{slug}: {id} says what to do");
            }
            let e = StepExtension::parse(id, ext(step).expect("extension")).expect("valid");
            assert!(e.deadline.is_some(), "{slug}: {id} has a deadline");
            assert!(e.escalation.is_some(), "{slug}: {id} escalates");
            assert!(e.classification.is_some(), "{slug}: {id} has a classification");
        }
        for (agent, def) in p.document["agent_definitions"].as_object().expect("agents") {
            let m = organisation(&p, agent);
            let code = m.organisation.as_deref().unwrap_or("");
            assert!(DIRECTORY.contains(&code), "{slug}: {agent} maps to directory code {code:?}");
            assert!(def["name"].as_str().is_some(), "{slug}: {agent} has a name");
            if def["type"] == "individual" {
                let role = m.role.as_deref().unwrap_or("");
                assert!(ROLES.contains(&role), "{slug}: individual {agent} stands for a role, not {role:?}");
            } else {
                assert_eq!(m.role, None, "{slug}: {agent}");
            }
        }
    }
}

#[test]
fn escalations_go_to_the_taskforce_coordinator() {
    for (slug, p) in all() {
        for (id, step) in steps(&p) {
            let Some(e) = ext(step).map(|e| StepExtension::parse(id, e).expect("valid")) else { continue };
            if let Some((_, to)) = &e.escalation {
                let m = organisation(&p, to);
                assert_eq!(
                    (m.organisation.as_deref(), m.role.as_deref()),
                    (Some("TFC"), Some("coordinator")),
                    "{slug}: {id}"
                );
            }
        }
    }
}

#[test]
fn answers_are_declared_out_args_with_labels_in_both_languages() {
    for (slug, p) in all() {
        for (id, step) in steps(&p) {
            let Some(e) = ext(step).map(|e| StepExtension::parse(id, e).expect("valid")) else { continue };
            let out_args: BTreeSet<&str> =
                step["out_args"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
            let answered: BTreeSet<&str> = e.answer.iter().map(|a| a.variable.as_str()).collect();
            assert_eq!(out_args, answered, "{slug}: {id}: every out_arg is answered and every answer is an out_arg");
            for a in &e.answer {
                assert!(p.variables.contains(&a.variable), "{slug}: {id}: {} declared", a.variable);
                let declared = &p.document["playbook_variables"][&a.variable];
                assert!(declared["type"].as_str().is_some(), "{slug}: {}", a.variable);
                if !a.choices.is_empty() {
                    assert_eq!(declared["type"], "string", "{slug}: {} has choices, so is a string", a.variable);
                }
                for lang in ["nl", "en"] {
                    assert!(a.label.get(lang).is_some_and(|l| !l.is_empty()), "{slug}: {id}: {} {lang}", a.variable);
                    // A form never shows a raw value (`wrongful-act`): every choice reads as words.
                    for c in &a.choices {
                        let label = a.choice_labels.get(c).and_then(|l| l.get(lang));
                        assert!(label.is_some_and(|l| !l.is_empty() && l != c), "{slug}: {id}: {c} in {lang}");
                    }
                }
            }
        }
    }
}

#[test]
fn ids_are_unique_across_the_five() {
    let mut seen = BTreeSet::new();
    for (slug, p) in all() {
        assert!(seen.insert(p.id.clone()), "{slug}: {}", p.id);
        for id in p.steps.keys() {
            assert!(seen.insert(id.clone()), "{slug}: step {id} also elsewhere");
        }
        for id in &p.agents {
            assert!(seen.insert(id.clone()), "{slug}: agent {id} also elsewhere");
        }
    }
}

#[test]
fn playbook_actions_call_another_built_in() {
    let modified: BTreeMap<String, Value> =
        all().into_iter().map(|(_, p)| (p.id.clone(), p.document["modified"].clone())).collect();
    let mut calls = Vec::new();
    for (slug, p) in all() {
        for (id, step) in steps(&p).filter(|(_, s)| s["type"] == "playbook-action") {
            let target = step["playbook_id"].as_str().expect("playbook_id");
            let callee = builtin::slug_of(target).unwrap_or_else(|| panic!("{slug}: {id} calls a built-in"));
            assert_ne!(callee, slug);
            assert_eq!(Some(&step["playbook_version"]), modified.get(target), "{slug}: {id} pins the version");
            calls.push((slug, callee));
        }
    }
    calls.sort();
    assert_eq!(
        calls,
        vec![
            ("eu-common-response", "eu-sanctions-listing"),
            ("national-response", "eu-common-response"),
            ("national-response", "joint-attribution"),
            ("national-response", "nato-consultation"),
        ]
    );
}

/// `__x__:value = 'v'` → (`__x__`, `v`).
fn comparison(condition: &str) -> (String, String) {
    let (var, value) = condition.split_once(":value = ").unwrap_or_else(|| panic!("comparison: {condition}"));
    (var.to_string(), value.trim_matches('\'').to_string())
}

/// The choices of the answer that sets `var` in this playbook (exactly one step sets it).
fn choices(p: &Playbook, var: &str) -> (Vec<String>, String) {
    let mut found = Vec::new();
    for (id, step) in steps(p) {
        if let Some(e) = ext(step) {
            let e = StepExtension::parse(id, e).expect("valid");
            for a in e.answer.iter().filter(|a| a.variable == var) {
                let agent = step["agent"].as_str().expect("agent");
                found.push((a.choices.clone(), organisation(p, agent).organisation.unwrap_or_default()));
            }
        }
    }
    assert_eq!(found.len(), 1, "{var} is answered by exactly one step");
    found.remove(0)
}

#[test]
fn every_branch_is_chosen_by_a_typed_answer_and_the_branch_map_is_complete() {
    let mut map: BTreeSet<(String, String, Vec<String>, String)> = BTreeSet::new();
    for (slug, p) in all() {
        for (id, step) in steps(&p) {
            match step["type"].as_str() {
                Some("if-condition" | "while-condition") => {
                    let (var, value) = comparison(step["condition"].as_str().expect("condition"));
                    let (choices, org) = choices(&p, &var);
                    assert!(choices.contains(&value), "{slug}: {id}: {value} is one of {choices:?}");
                    map.insert((slug.to_string(), var, choices, org));
                }
                Some("switch-condition") => {
                    let var = step["switch"].as_str().expect("switch").trim_end_matches(":value").to_string();
                    let (choices, org) = choices(&p, &var);
                    let cases: Vec<String> =
                        step["cases"].as_object().expect("cases").keys().filter(|k| *k != "default").cloned().collect();
                    let mut sorted = choices.clone();
                    sorted.sort();
                    assert_eq!(cases, sorted, "{slug}: {id}: one case per choice");
                    assert!(step["cases"].get("default").is_some(), "{slug}: {id} has a default");
                    map.insert((slug.to_string(), var, choices, org));
                }
                _ => {}
            }
        }
    }
    let expected: BTreeSet<(String, String, Vec<String>, String)> = BRANCHES
        .iter()
        .map(|(s, v, c, o)| (s.to_string(), v.to_string(), c.iter().map(|x| x.to_string()).collect(), o.to_string()))
        .collect();
    assert_eq!(map, expected);
}

#[test]
fn approval_branches_are_vetoes_with_success_and_failure_paths() {
    let mut found = Vec::new();
    for (slug, p) in all() {
        for (id, step) in steps(&p) {
            if step.get("on_failure").is_none() {
                continue;
            }
            assert!(step["on_success"].as_str().is_some(), "{slug}: {id}");
            let e = StepExtension::parse(id, ext(step).expect("extension")).expect("valid");
            let (policy, approvers) = e.approval.expect("an approval decides the path");
            let codes: Vec<String> =
                approvers.iter().map(|a| organisation(&p, a).organisation.unwrap_or_default()).collect();
            let policy = match policy {
                verbinding_playbook::extension::Policy::Veto => "veto",
                _ => "other",
            };
            found.push((slug.to_string(), step["name"].as_str().unwrap_or("").to_string(), policy, codes));
        }
    }
    let expected: Vec<(String, String, &str, Vec<String>)> = APPROVAL_BRANCHES
        .iter()
        .map(|(s, n, p, a)| (s.to_string(), n.to_string(), *p, a.iter().map(|x| x.to_string()).collect()))
        .collect();
    assert_eq!(found, expected);
}

/// Every step reachable from `from` (all references followed).
fn reach<'a>(p: &'a Playbook, from: &'a str) -> BTreeSet<&'a str> {
    let mut seen = BTreeSet::new();
    let mut todo = vec![from];
    while let Some(s) = todo.pop() {
        if seen.insert(s) {
            todo.extend(p.steps[s].references().into_iter().map(|(_, t)| t));
        }
    }
    seen
}

#[test]
fn every_branch_ends_in_its_own_end_step() {
    for (slug, p) in all() {
        for s in p.steps.values() {
            let mut branches: Vec<&str> = s.next_steps.iter().map(String::as_str).collect();
            branches.extend(s.on_true.as_deref());
            branches.extend(s.on_false.as_deref());
            branches.extend(s.cases.values().map(String::as_str));
            if s.on_failure.is_some() {
                branches.extend(s.on_success.as_deref());
                branches.extend(s.on_failure.as_deref());
            }
            let mut ends_seen: BTreeMap<&str, &str> = BTreeMap::new();
            if let Some(after) = s.on_completion.as_deref().filter(|_| s.kind != "action") {
                for e in reach(&p, after).into_iter().filter(|x| p.steps[*x].kind == "end") {
                    ends_seen.insert(e, "on_completion");
                }
            }
            for b in branches {
                let ends: Vec<&str> = reach(&p, b).into_iter().filter(|x| p.steps[*x].kind == "end").collect();
                assert!(!ends.is_empty(), "{slug}: {} branch {b} reaches an end", s.id);
                for e in ends {
                    if let Some(other) = ends_seen.insert(e, b) {
                        panic!("{slug}: {}: end {e} is shared by branches {other} and {b}", s.id);
                    }
                }
            }
        }
    }
}

#[test]
fn the_policies_the_issue_asks_for_are_all_used() {
    use verbinding_playbook::extension::Policy;
    let mut approvals = BTreeSet::new();
    let mut joins = BTreeSet::new();
    for (_, p) in all() {
        for (id, step) in steps(&p) {
            let Some(e) = ext(step).map(|e| StepExtension::parse(id, e).expect("valid")) else { continue };
            if let Some((policy, _)) = e.approval {
                approvals.insert(format!("{policy:?}"));
            }
            if let Some(policy) = &e.join {
                assert_eq!(step["type"], "parallel", "{id}: joins are on parallel steps");
                joins.insert(format!("{policy:?}"));
            }
            if step["type"] == "parallel" {
                assert!(e.join.is_some(), "{id}: every parallel step says how it joins");
            }
            if matches!(e.join, Some(Policy::AtDeadline)) {
                assert!(e.deadline.is_some(), "{id}");
            }
        }
    }
    assert_eq!(approvals, ["All", "Any", "AtLeast(3)", "Veto"].into_iter().map(String::from).collect());
    assert_eq!(joins, ["All", "AtDeadline", "AtLeast(3)"].into_iter().map(String::from).collect());
}
