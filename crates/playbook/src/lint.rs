//! The semantic lint: what a playbook must satisfy beyond its JSON schema
//! before it may run. `workflow_start` is a start step; every referenced
//! step exists; every step is reachable; every path can reach an end; every
//! loop passes a condition (an unguarded loop never ends); referenced agents,
//! targets and variables are defined.

use crate::Finding;
use crate::model::{Playbook, STEP_TYPES, Step};
use std::collections::{BTreeMap, BTreeSet, VecDeque};

pub fn lint(p: &Playbook) -> Vec<Finding> {
    let mut out = Vec::new();
    for s in p.steps.values() {
        if !STEP_TYPES.contains(&s.kind.as_str()) {
            out.push(Finding::at(&s.id, "type", "step_type_unknown", format!("unknown step type \"{}\"", s.kind)));
        }
    }
    check_start(p, &mut out);
    check_references(p, &mut out);
    let edges = edges(p);
    check_reachability(p, &edges, &mut out);
    check_ends(p, &edges, &mut out);
    check_loops(p, &edges, &mut out);
    for s in p.steps.values() {
        check_step_definitions(p, s, &mut out);
    }
    out
}

fn check_start(p: &Playbook, out: &mut Vec<Finding>) {
    match p.workflow_start.as_deref() {
        None => out.push(Finding::playbook("workflow_start", "no_start_step", "the playbook names no start step")),
        Some(id) => match p.steps.get(id) {
            None => out.push(Finding::playbook(
                "workflow_start",
                "no_start_step",
                format!("workflow_start names {id}, which is not in the workflow"),
            )),
            Some(s) if s.kind != "start" => out.push(Finding::playbook(
                "workflow_start",
                "start_not_start_step",
                format!("workflow_start names {id}, a {} step; it must be a start step", s.kind),
            )),
            Some(_) => {}
        },
    }
    if let Some(id) = p.workflow_exception.as_deref()
        && !p.steps.contains_key(id)
    {
        out.push(Finding::playbook(
            "workflow_exception",
            "dangling_reference",
            format!("workflow_exception names {id}, which is not in the workflow"),
        ));
    }
}

fn check_references(p: &Playbook, out: &mut Vec<Finding>) {
    for s in p.steps.values() {
        for (property, target) in s.references() {
            if !p.steps.contains_key(target) {
                out.push(Finding::at(
                    &s.id,
                    &property,
                    "dangling_reference",
                    format!("{target} is not in the workflow"),
                ));
            }
        }
        if s.kind == "end" && !s.references().is_empty() {
            out.push(Finding::at(&s.id, "on_completion", "end_continues", "an end step ends its branch"));
        }
    }
}

/// Successors of every step (only references that exist).
fn edges(p: &Playbook) -> BTreeMap<&str, Vec<&str>> {
    p.steps
        .values()
        .map(|s| {
            let next = s.references().into_iter().map(|(_, t)| t).filter(|t| p.steps.contains_key(*t)).collect();
            (s.id.as_str(), next)
        })
        .collect()
}

fn reachable<'a>(
    roots: impl IntoIterator<Item = &'a str>,
    edges: &BTreeMap<&'a str, Vec<&'a str>>,
) -> BTreeSet<&'a str> {
    let mut seen = BTreeSet::new();
    let mut queue: VecDeque<&str> = roots.into_iter().collect();
    while let Some(s) = queue.pop_front() {
        if seen.insert(s) {
            queue.extend(edges.get(s).into_iter().flatten().copied());
        }
    }
    seen
}

fn roots(p: &Playbook) -> Vec<&str> {
    [p.workflow_start.as_deref(), p.workflow_exception.as_deref()]
        .into_iter()
        .flatten()
        .filter(|id| p.steps.contains_key(*id))
        .collect()
}

fn check_reachability(p: &Playbook, edges: &BTreeMap<&str, Vec<&str>>, out: &mut Vec<Finding>) {
    let roots = roots(p);
    if roots.is_empty() {
        return;
    }
    let seen = reachable(roots, edges);
    for id in p.steps.keys().filter(|id| !seen.contains(id.as_str())) {
        out.push(Finding::at(id, "", "unreachable_step", "no path from the start leads to this step"));
    }
}

/// Every reachable step can still reach an end step: otherwise the branch
/// it is on never finishes.
fn check_ends(p: &Playbook, edges: &BTreeMap<&str, Vec<&str>>, out: &mut Vec<Finding>) {
    let roots = roots(p);
    if roots.is_empty() {
        return;
    }
    // Walk backwards from the end steps.
    let mut reverse: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (from, tos) in edges {
        for to in tos {
            reverse.entry(*to).or_default().push(*from);
        }
    }
    let ends = p.steps.values().filter(|s| s.kind == "end").map(|s| s.id.as_str());
    let can_end = reachable(ends, &reverse);
    for id in reachable(roots, edges) {
        if !can_end.contains(id) {
            out.push(Finding::at(id, "on_completion", "no_end", "no path from this step reaches an end step"));
        }
    }
}

/// A cycle none of whose steps is a condition repeats forever.
fn check_loops(p: &Playbook, edges: &BTreeMap<&str, Vec<&str>>, out: &mut Vec<Finding>) {
    // Edges out of condition steps are guarded; the rest must be acyclic.
    let unguarded: BTreeMap<&str, Vec<&str>> = edges
        .iter()
        .filter(|(id, _)| p.steps.get(**id).is_some_and(|s| !s.is_condition()))
        .map(|(id, next)| (*id, next.clone()))
        .collect();
    let mut state: BTreeMap<&str, u8> = BTreeMap::new(); // 1 = on the stack, 2 = done
    let mut reported = BTreeSet::new();
    for start in unguarded.keys() {
        // Iterative depth-first search with an explicit stack.
        let mut stack: Vec<(&str, usize)> = vec![(start, 0)];
        if state.contains_key(start) {
            continue;
        }
        state.insert(start, 1);
        while let Some((node, i)) = stack.pop() {
            let next = unguarded.get(node).map(Vec::as_slice).unwrap_or(&[]);
            if let Some(n) = next.get(i) {
                stack.push((node, i + 1));
                match state.get(n) {
                    Some(1) if reported.insert(*n) => out.push(Finding::at(
                        n,
                        "on_completion",
                        "unguarded_loop",
                        format!("{node} leads back to {n} without a condition: the loop never ends"),
                    )),
                    None if unguarded.contains_key(n) => {
                        state.insert(n, 1);
                        stack.push((n, 0));
                    }
                    _ => {}
                }
            } else {
                state.insert(node, 2);
            }
        }
    }
}

/// `__name__` tokens in a text, as CACAO writes variable references.
fn variable_uses(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("__") {
        let after = &rest[start + 2..];
        let Some(len) = after.find("__") else { break };
        let name = &after[..len];
        let valid = !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        if valid {
            out.push(format!("__{name}__"));
            rest = &after[len + 2..];
        } else {
            rest = &rest[start + 2..];
        }
    }
    out
}

fn check_step_definitions(p: &Playbook, s: &Step, out: &mut Vec<Finding>) {
    if let Some(agent) = &s.agent
        && !p.agents.contains(agent)
    {
        out.push(Finding::at(&s.id, "agent", "agent_unknown", format!("{agent} is not in agent_definitions")));
    }
    for t in &s.targets {
        if !p.targets.contains(t) {
            out.push(Finding::at(&s.id, "targets", "target_unknown", format!("{t} is not in target_definitions")));
        }
    }
    if let Some(ext) = &s.extension {
        if !p.extension_definitions.iter().any(|d| d == crate::extension::EXTENSION_ID) {
            out.push(Finding::at(
                &s.id,
                "step_extensions",
                "extension_undeclared",
                "the playbook does not declare the extension in extension_definitions",
            ));
        }
        match crate::extension::StepExtension::parse(&s.id, ext) {
            Ok(e) => {
                for field in &e.answer {
                    if !s.out_args.contains(&field.variable) {
                        out.push(Finding::at(
                            &s.id,
                            &format!("step_extensions.answer.{}", field.variable),
                            "answer_not_out_arg",
                            format!("{} is not in the step's out_args", field.variable),
                        ));
                    }
                }
                for agent in e.agents() {
                    if !p.agents.iter().any(|a| a == agent) {
                        out.push(Finding::at(
                            &s.id,
                            "step_extensions",
                            "agent_unknown",
                            format!("{agent} is not in agent_definitions"),
                        ));
                    }
                }
            }
            Err(problems) => out.extend(problems),
        }
    }
    let mut seen = BTreeSet::new();
    for text in &s.evaluated {
        for v in variable_uses(text) {
            if !p.variables.contains(&v) && !s.step_variables.contains(&v) && seen.insert(v.clone()) {
                out.push(Finding::at(
                    &s.id,
                    "commands",
                    "variable_undeclared",
                    format!("{v} is used but not declared"),
                ));
            }
        }
    }
    for v in &s.out_args {
        if !p.variables.contains(v) && !s.step_variables.contains(v) && seen.insert(v.clone()) {
            out.push(Finding::at(&s.id, "out_args", "variable_undeclared", format!("{v} is set but not declared")));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn codes(doc: serde_json::Value) -> Vec<(Option<String>, &'static str)> {
        let p = Playbook::parse(doc).expect("parses");
        lint(&p).into_iter().map(|f| (f.step, f.code)).collect()
    }

    fn step(kind: &str, next: Option<&str>) -> serde_json::Value {
        match next {
            Some(n) => json!({"type": kind, "on_completion": n}),
            None => json!({"type": kind}),
        }
    }

    #[test]
    fn a_straight_playbook_is_clean() {
        let doc = json!({"workflow_start": "start--1", "workflow": {
            "start--1": step("start", Some("action--2")),
            "action--2": {"type": "action", "commands": [{"type": "manual", "command": "Bel __org__"}], "on_completion": "end--3"},
            "end--3": step("end", None)}, "playbook_variables": {"__org__": {"type": "string"}}});
        assert_eq!(codes(doc), vec![]);
    }

    #[test]
    fn variables_are_found_in_text() {
        assert_eq!(variable_uses("ping __host__:value en __x__"), vec!["__host__", "__x__"]);
        assert!(variable_uses("geen ___ variabelen").is_empty());
    }

    #[test]
    fn an_unguarded_loop_and_a_missing_end_are_found() {
        let doc = json!({"workflow_start": "start--1", "workflow": {
            "start--1": step("start", Some("action--2")),
            "action--2": step("action", Some("action--3")),
            "action--3": step("action", Some("action--2"))}});
        let found = codes(doc);
        assert!(found.contains(&(Some("action--2".into()), "unguarded_loop")), "{found:?}");
        assert!(found.contains(&(Some("start--1".into()), "no_end")), "{found:?}");
    }

    #[test]
    fn a_loop_through_a_condition_is_allowed() {
        let doc = json!({"workflow_start": "start--1", "workflow": {
            "start--1": step("start", Some("while--2")),
            "while--2": {"type": "while-condition", "condition": "[x:y = 1]", "on_true": "action--3", "on_completion": "end--4"},
            "action--3": step("action", Some("while--2")),
            "end--4": step("end", None)}});
        assert_eq!(codes(doc), vec![]);
    }

    #[test]
    fn dangling_references_unreachable_steps_and_unknown_agents() {
        let doc = json!({"workflow_start": "start--1", "workflow": {
            "start--1": step("start", Some("action--2")),
            "action--2": {"type": "action", "agent": "organization--9", "on_completion": "end--404"},
            "end--3": step("end", None)}});
        let found = codes(doc);
        for want in [
            (Some("action--2".to_string()), "dangling_reference"),
            (Some("action--2".to_string()), "agent_unknown"),
            (Some("end--3".to_string()), "unreachable_step"),
        ] {
            assert!(found.contains(&want), "{want:?} in {found:?}");
        }
    }

    #[test]
    fn an_answer_field_must_be_an_out_arg_and_out_args_must_be_declared() {
        let ext = crate::extension::EXTENSION_ID;
        let doc = json!({"workflow_start": "start--1", "extension_definitions": {ext: {"type": "extension-definition"}},
            "playbook_variables": {"__decision__": {"type": "string"}},
            "workflow": {
            "start--1": step("start", Some("action--2")),
            "action--2": {"type": "action", "on_completion": "end--3", "out_args": ["__decision__", "__note__"],
                "step_extensions": {ext: {"answer": {"__decision__": {"choices": ["yes", "no"]}, "__other__": {}}}}},
            "end--3": step("end", None)}});
        let p = Playbook::parse(doc).expect("parses");
        let found: Vec<(String, &str)> = lint(&p).into_iter().map(|f| (f.property, f.code)).collect();
        assert_eq!(
            found,
            vec![
                ("step_extensions.answer.__other__".to_string(), "answer_not_out_arg"),
                ("out_args".to_string(), "variable_undeclared")
            ]
        );
    }

    #[test]
    fn the_extension_on_a_step_is_checked_and_its_agents_must_exist() {
        let ext = crate::extension::EXTENSION_ID;
        let doc = json!({"workflow_start": "start--1", "extension_definitions": {ext: {"type": "extension-definition"}},
            "agent_definitions": {"organization--tfc": {"type": "organization"}},
            "workflow": {
            "start--1": step("start", Some("action--2")),
            "action--2": {"type": "action", "on_completion": "end--3", "step_extensions": {ext: {
                "deadline_after": "P1Y", "escalation": {"to": "organization--nctv"}}}},
            "end--3": step("end", None)}});
        let found = codes(doc);
        assert!(found.contains(&(Some("action--2".into()), "duration_calendar_units")), "{found:?}");
        let doc = json!({"workflow_start": "start--1", "agent_definitions": {},
            "workflow": {
            "start--1": step("start", Some("action--2")),
            "action--2": {"type": "action", "on_completion": "end--3", "step_extensions": {ext: {
                "escalation": {"after": "PT1H", "to": "organization--nctv"}}}},
            "end--3": step("end", None)}});
        assert_eq!(
            codes(doc),
            vec![(Some("action--2".into()), "extension_undeclared"), (Some("action--2".into()), "agent_unknown")]
        );
    }

    #[test]
    fn the_start_must_be_a_start_step() {
        let doc = json!({"workflow_start": "parallel--1", "workflow": {
            "parallel--1": {"type": "parallel", "next_steps": ["end--2"]}, "end--2": step("end", None)}});
        assert_eq!(codes(doc), vec![(None, "start_not_start_step")]);
        assert_eq!(Playbook::parse(json!({"workflow": []})).err().map(|f| f[0].code), Some("workflow_not_object"));
    }
}
