//! Everything a playbook must pass before it is stored: the official schemas
//! (strict or lenient), our extension's schema, and the semantic lint.

use crate::schema::{CacaoSchemas, Mode};
use crate::{Finding, Playbook, extension, lint};
use serde_json::Value;

/// A playbook that passed, with what lenient mode tolerated (empty when strict).
#[derive(Debug)]
pub struct Accepted {
    pub playbook: Playbook,
    pub tolerated: Vec<Finding>,
}

/// Validates in order — schemas, extension schema, lint — and reports every
/// problem found at once, each naming the step and the property.
pub fn validate(schemas: &CacaoSchemas, doc: Value, mode: Mode) -> Result<Accepted, Vec<Finding>> {
    let verdict = schemas.check(&doc, mode);
    let mut errors = verdict.errors;
    errors.extend(extension::schema_findings(&doc));
    let playbook = match Playbook::parse(doc) {
        Ok(p) => p,
        Err(mut problems) => {
            errors.append(&mut problems);
            return Err(errors);
        }
    };
    errors.extend(lint(&playbook));
    if errors.is_empty() { Ok(Accepted { playbook, tolerated: verdict.tolerated }) } else { Err(errors) }
}
