//! The five built-in draaiboeken, shipped with the program as CACAO 2.0 JSON
//! (`crates/playbook/draaiboeken/*.json`). Each is written in English, the
//! exchange language with EU and NATO partners, carries Dutch in our
//! extension's `translations`, and is valid on its own; the national response
//! hands over to the others through `playbook-action` steps that name them by id.

use crate::Finding;
use crate::model::Playbook;

/// (slug, JSON) of every built-in draaiboek, in the order of the issue.
pub const BUILTIN: &[(&str, &str)] = &[
    ("national-response", include_str!("../draaiboeken/national-response.json")),
    ("eu-common-response", include_str!("../draaiboeken/eu-common-response.json")),
    ("nato-consultation", include_str!("../draaiboeken/nato-consultation.json")),
    ("joint-attribution", include_str!("../draaiboeken/joint-attribution.json")),
    ("eu-sanctions-listing", include_str!("../draaiboeken/eu-sanctions-listing.json")),
];

/// Why a built-in could not be read (only a broken build can cause this).
#[derive(Debug, Clone, PartialEq)]
pub enum BuiltinError {
    UnknownSlug(String),
    Json(String),
    Shape(Vec<Finding>),
}

impl std::fmt::Display for BuiltinError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BuiltinError::UnknownSlug(s) => write!(f, "no built-in draaiboek \"{s}\""),
            BuiltinError::Json(e) => write!(f, "built-in draaiboek is not JSON: {e}"),
            BuiltinError::Shape(found) => {
                write!(f, "built-in draaiboek cannot be read:")?;
                for x in found {
                    write!(f, " {x};")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for BuiltinError {}

fn read(json: &str) -> Result<Playbook, BuiltinError> {
    let doc: serde_json::Value = serde_json::from_str(json).map_err(|e| BuiltinError::Json(e.to_string()))?;
    Playbook::parse(doc).map_err(BuiltinError::Shape)
}

/// The built-in draaiboek with this slug, parsed.
pub fn parse(slug: &str) -> Result<Playbook, BuiltinError> {
    let (_, json) =
        BUILTIN.iter().find(|(s, _)| *s == slug).ok_or_else(|| BuiltinError::UnknownSlug(slug.to_string()))?;
    read(json)
}

/// Every built-in draaiboek, parsed, with its slug.
pub fn all() -> Result<Vec<(&'static str, Playbook)>, BuiltinError> {
    BUILTIN.iter().map(|(slug, json)| read(json).map(|p| (*slug, p))).collect()
}

/// The slug of the built-in with this playbook id (`playbook--…`), e.g. to
/// resolve a `playbook-action` step that calls another built-in.
pub fn slug_of(playbook_id: &str) -> Option<&'static str> {
    BUILTIN.iter().find_map(|(slug, json)| {
        let doc: serde_json::Value = serde_json::from_str(json).ok()?;
        (doc.get("id")?.as_str()? == playbook_id).then_some(*slug)
    })
}
