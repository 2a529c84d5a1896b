//! Validation against the official OASIS CACAO 2.0 JSON schemas.
//!
//! The schemas declare JSON Schema draft-07, yet `playbook.json` closes its
//! objects with `unevaluatedProperties: false`, a 2020-12 keyword that a
//! draft-07 reader ignores. The two modes follow from that:
//!
//! - **strict** (JSON Schema 2020-12 reading, what the schema authors meant):
//!   `playbook.json` is read as 2020-12, so its nine `unevaluatedProperties`
//!   close the playbook object and its dictionaries (workflow, agents,
//!   targets, variables, extensions, …); the schemas it references are read as
//!   the draft-07 they declare.
//! - **lenient** (draft-07 reading): the same schemas with
//!   `unevaluatedProperties` ignored, so a third-party playbook with, say, a
//!   custom agent type is accepted; what strict mode would have refused is
//!   returned as *tolerated*, so the importer can say what it let through.
//!
//! This reproduces the reference validator's verdicts recorded in the corpus
//! (`cacao/validation.json`, Python jsonschema) on every playbook there.
//!
//! The draft-07 part is the `jsonschema` crate; the `unevaluatedProperties`
//! part is evaluated here: in `playbook.json` each one sits beside plain
//! `properties` / `patternProperties` with no applicator (`allOf`, `$ref`, …)
//! next to it, so "evaluated" is exactly "named by a property or matching a
//! pattern" — checked statically, as the reference validator does.
//!
//! Pure: the caller reads the schema files and passes their JSON in.

use crate::Finding;
use serde_json::Value;

/// How strictly to read a playbook.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Strict,
    Lenient,
}

/// The outcome of a validation: errors refuse the playbook; tolerated
/// findings are what lenient mode let through (always empty when strict).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Verdict {
    pub errors: Vec<Finding>,
    pub tolerated: Vec<Finding>,
}

impl Verdict {
    pub fn is_valid(&self) -> bool {
        self.errors.is_empty()
    }
}

/// One `unevaluatedProperties: false` of `playbook.json`: where it applies
/// (a path of property names from the root) and what counts as evaluated.
struct Closed {
    path: Vec<String>,
    names: Vec<String>,
    patterns: Vec<regex::Regex>,
}

/// The official schemas, compiled once.
pub struct CacaoSchemas {
    draft07: jsonschema::Validator,
    closed: Vec<Closed>,
}

const ROOT_SUFFIX: &str = "/schemas/playbook.json";

impl CacaoSchemas {
    /// The official schemas shipped inside the binary
    /// ([`crate::official_schemas::OFFICIAL`]).
    pub fn official() -> Result<CacaoSchemas, String> {
        let docs = crate::official_schemas::OFFICIAL
            .iter()
            .map(|(path, text)| serde_json::from_str(text).map_err(|e| format!("shipped schema {path}: {e}")))
            .collect::<Result<Vec<Value>, String>>()?;
        CacaoSchemas::new(docs)
    }

    /// Compiles the schema documents (every file of the official schema
    /// folder, each carrying its `$id`); `playbook.json` is the root.
    pub fn new(documents: Vec<Value>) -> Result<CacaoSchemas, String> {
        let mut root = None;
        let mut resources = Vec::new();
        for doc in documents {
            let id = doc.get("$id").and_then(Value::as_str).ok_or("a schema document without $id")?.to_string();
            if id.ends_with(ROOT_SUFFIX) {
                root = Some(doc.clone());
            }
            let resource = jsonschema::Draft::Draft7.create_resource(doc);
            resources.push((id, resource));
        }
        let root = root.ok_or("playbook.json is not among the schema documents")?;
        let draft07 = jsonschema::options()
            .with_draft(jsonschema::Draft::Draft7)
            .with_resources(resources.into_iter())
            .build(&root)
            .map_err(|e| format!("the CACAO schemas do not compile: {e}"))?;
        let mut closed = Vec::new();
        collect_closed(&root, &mut Vec::new(), &mut closed)?;
        Ok(CacaoSchemas { draft07, closed })
    }

    /// Validates a playbook document.
    pub fn check(&self, doc: &Value, mode: Mode) -> Verdict {
        let errors: Vec<Finding> = self
            .draft07
            .iter_errors(doc)
            .map(|e| finding(&e.instance_path.to_string(), "schema_invalid", e.to_string()))
            .collect();
        let unevaluated = self.unevaluated(doc);
        match mode {
            Mode::Strict => Verdict { errors: errors.into_iter().chain(unevaluated).collect(), tolerated: vec![] },
            Mode::Lenient => Verdict { errors, tolerated: unevaluated },
        }
    }

    fn unevaluated(&self, doc: &Value) -> Vec<Finding> {
        let mut out = Vec::new();
        for c in &self.closed {
            let Some(object) = c.path.iter().try_fold(doc, |v, k| v.get(k)).and_then(Value::as_object) else {
                continue;
            };
            for key in object.keys() {
                if c.names.iter().any(|n| n == key) || c.patterns.iter().any(|p| p.is_match(key)) {
                    continue;
                }
                let mut pointer: String = c.path.iter().map(|p| format!("/{p}")).collect();
                pointer.push('/');
                pointer.push_str(key);
                let place = if c.path.is_empty() { "the playbook".to_string() } else { c.path.join(".") };
                out.push(finding(
                    &pointer,
                    "schema_unevaluated",
                    format!("\"{key}\" is not a property CACAO 2.0 allows in {place}"),
                ));
            }
        }
        out
    }
}

/// Walks `properties` from the root, recording every closed object.
fn collect_closed(schema: &Value, path: &mut Vec<String>, out: &mut Vec<Closed>) -> Result<(), String> {
    if schema.get("unevaluatedProperties") == Some(&Value::Bool(false)) {
        for applicator in ["allOf", "anyOf", "oneOf", "$ref", "if", "dependentSchemas", "additionalProperties"] {
            if schema.get(applicator).is_some() {
                return Err(format!(
                    "unevaluatedProperties beside {applicator} at /{} needs a full 2020-12 evaluator",
                    path.join("/")
                ));
            }
        }
        let names = schema.get("properties").and_then(Value::as_object).map(|m| m.keys().cloned().collect());
        let patterns = schema
            .get("patternProperties")
            .and_then(Value::as_object)
            .map(|m| m.keys().map(|p| regex::Regex::new(p).map_err(|e| format!("pattern {p}: {e}"))).collect())
            .transpose()?;
        out.push(Closed {
            path: path.clone(),
            names: names.unwrap_or_default(),
            patterns: patterns.unwrap_or_default(),
        });
    }
    for (name, sub) in schema.get("properties").and_then(Value::as_object).into_iter().flatten() {
        path.push(name.clone());
        collect_closed(sub, path, out)?;
        path.pop();
    }
    Ok(())
}

/// A finding at a JSON pointer: a step's own findings name the step and the
/// property inside it; the rest name the property path from the root.
fn finding(pointer: &str, code: &'static str, detail: String) -> Finding {
    let parts: Vec<String> = pointer.split('/').skip(1).map(|p| p.replace("~1", "/").replace("~0", "~")).collect();
    match parts.as_slice() {
        [workflow, step, rest @ ..] if workflow == "workflow" => Finding::at(step, &rest.join("."), code, detail),
        _ => Finding::playbook(&parts.join("."), code, detail),
    }
}
