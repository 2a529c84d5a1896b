//! How large a draaiboek may be (issue 11, rule 11: bounded work per
//! request). Every page and answer about a draaiboek or its runs grows with
//! its steps and with the sub-draaiboeken it calls, so an import is refused
//! beyond limits no real national draaiboek reaches: the five built-ins
//! have 10 to 40 steps and call sub-draaiboeken at most one level deep.
//! Pure: the caller passes the document's size and the draaiboeken it can
//! look up.

use crate::{Finding, Playbook};
use serde_json::Value;

/// Steps in one draaiboek's workflow.
pub const MAX_STEPS: usize = 500;
/// Levels of sub-draaiboeken under a draaiboek (a calls b calls c: 2).
pub const MAX_DEPTH: usize = 5;
/// The document as imported, in bytes (1 MiB).
pub const MAX_DOCUMENT_BYTES: usize = 1 << 20;

fn too_large(step: Option<&str>, property: &str, detail: String) -> Finding {
    Finding { step: step.map(str::to_string), property: property.to_string(), code: "playbook_too_large", detail }
}

/// The size of the document text, before anything parses it.
pub fn document_size(bytes: usize) -> Option<Finding> {
    (bytes > MAX_DOCUMENT_BYTES).then(|| {
        too_large(None, "document", format!("the document is {bytes} bytes; at most {MAX_DOCUMENT_BYTES} (1 MiB)"))
    })
}

/// The number of steps, read from the raw document (cheap: before the
/// schemas and the lint walk every step).
pub fn step_count(doc: &Value) -> Option<Finding> {
    let n = doc.get("workflow").and_then(Value::as_object).map_or(0, serde_json::Map::len);
    (n > MAX_STEPS).then(|| too_large(None, "workflow", format!("the workflow has {n} steps; at most {MAX_STEPS}")))
}

/// The playbook-action steps of a playbook and the CACAO id each calls.
pub fn calls(p: &Playbook) -> Vec<(String, String)> {
    let workflow = p.document.get("workflow").and_then(Value::as_object);
    p.steps
        .iter()
        .filter(|(_, s)| s.kind == "playbook-action")
        .filter_map(|(id, _)| {
            let callee = workflow?.get(id)?.get("playbook_id")?.as_str()?;
            Some((id.clone(), callee.to_string()))
        })
        .collect()
}

/// How many levels of sub-draaiboeken lie under `top` (0: it calls none),
/// following the calls through `lookup`; a callee `lookup` does not know
/// counts as one level without more below it. A cycle (a draaiboek that
/// calls itself, directly or not) is unbounded: it answers `usize::MAX`.
pub fn depth<'a>(top: &'a Playbook, lookup: &dyn Fn(&str) -> Option<&'a Playbook>) -> usize {
    fn walk<'a>(p: &'a Playbook, lookup: &dyn Fn(&str) -> Option<&'a Playbook>, path: &mut Vec<String>) -> usize {
        let mut deepest = 0;
        for (_, callee) in calls(p) {
            if path.contains(&callee) {
                return usize::MAX;
            }
            let below = match lookup(&callee) {
                Some(c) => {
                    path.push(callee);
                    let d = walk(c, lookup, path);
                    path.pop();
                    d
                }
                None => 0,
            };
            deepest = deepest.max(below.saturating_add(1));
            if deepest > MAX_DEPTH {
                break; // far enough to refuse: no need to walk the rest
            }
        }
        deepest
    }
    walk(top, lookup, &mut vec![top.id.clone()])
}

/// The depth finding, naming the limit.
pub fn depth_finding<'a>(top: &'a Playbook, lookup: &dyn Fn(&str) -> Option<&'a Playbook>) -> Option<Finding> {
    let d = depth(top, lookup);
    (d > MAX_DEPTH).then(|| {
        let found = if d == usize::MAX { "a cycle of calls".to_string() } else { format!("{d} levels") };
        too_large(None, "workflow", format!("sub-draaiboeken nest {found}; at most {MAX_DEPTH} levels"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn playbook(id: &str, calls: &[&str]) -> Playbook {
        let mut workflow = serde_json::Map::new();
        let mut prev = "start--1".to_string();
        workflow.insert(prev.clone(), json!({"type": "start"}));
        for (i, c) in calls.iter().enumerate() {
            let sid = format!("playbook-action--{i}");
            workflow[&prev]["on_completion"] = json!(sid);
            workflow.insert(sid.clone(), json!({"type": "playbook-action", "playbook_id": c}));
            prev = sid;
        }
        workflow[&prev]["on_completion"] = json!("end--1");
        workflow.insert("end--1".into(), json!({"type": "end"}));
        Playbook::parse(json!({"type": "playbook", "id": id, "name": id, "workflow_start": "start--1",
                               "workflow": workflow}))
        .expect("parse")
    }

    #[test]
    fn depth_counts_levels_and_refuses_cycles() {
        let chain: Vec<Playbook> = (0..8)
            .map(|i| {
                let next = format!("playbook--{}", i + 1);
                let calls: Vec<&str> = if i < 7 { vec![next.as_str()] } else { vec![] };
                playbook(&format!("playbook--{i}"), &calls)
            })
            .collect();
        let lookup = |id: &str| chain.iter().find(|p| p.id == id);
        assert_eq!(depth(&chain[7], &lookup), 0);
        assert_eq!(depth(&chain[6], &lookup), 1);
        assert_eq!(depth(&chain[2], &lookup), 5);
        assert!(depth_finding(&chain[2], &lookup).is_none());
        let f = depth_finding(&chain[1], &lookup).expect("six levels are too deep");
        assert_eq!(f.code, "playbook_too_large");
        assert!(f.detail.contains("at most 5"), "{}", f.detail);
        let a = playbook("playbook--a", &["playbook--b"]);
        let b = playbook("playbook--b", &["playbook--a"]);
        let both = [a, b];
        let lookup = |id: &str| both.iter().find(|p| p.id == id);
        assert_eq!(depth(&both[0], &lookup), usize::MAX);
        assert_eq!(depth(&playbook("playbook--self", &["playbook--self"]), &|_| None), usize::MAX);
    }

    #[test]
    fn size_and_step_limits_name_the_limit() {
        assert!(document_size(MAX_DOCUMENT_BYTES).is_none());
        assert!(document_size(MAX_DOCUMENT_BYTES + 1).expect("too large").detail.contains("1048576"));
        let steps: serde_json::Map<String, Value> =
            (0..=MAX_STEPS).map(|i| (format!("action--{i}"), json!({"type": "action"}))).collect();
        let f = step_count(&json!({"workflow": steps})).expect("501 steps");
        assert!(f.detail.contains("at most 500"), "{}", f.detail);
        assert!(step_count(&json!({"workflow": {"start--1": {}}})).is_none());
    }

    #[test]
    fn the_builtins_are_well_within_the_limits() {
        let all: Vec<Playbook> = crate::builtin::BUILTIN
            .iter()
            .map(|(_, j)| Playbook::parse(serde_json::from_str(j).expect("json")).expect("parse"))
            .collect();
        let lookup = |id: &str| all.iter().find(|p| p.id == id);
        for (p, (_, json)) in all.iter().zip(crate::builtin::BUILTIN) {
            assert!(document_size(json.len()).is_none() && step_count(&p.document).is_none(), "{}", p.id);
            assert!(depth(p, &lookup) <= 2, "{}", p.id);
        }
    }
}
