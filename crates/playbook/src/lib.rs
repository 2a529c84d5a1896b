//! Draaiboeken (problem P9) as OASIS CACAO 2.0 playbooks. This crate is pure:
//! it reads playbooks and checks what the JSON schemas cannot express; the
//! schemas themselves, storage and the web are at the edges.

pub mod builtin;
pub mod extension;
pub mod graph;
pub mod jcs;
pub mod lint;
pub mod model;
pub mod schema;
pub mod signature;
pub mod validate;

pub use lint::lint;
pub use model::{Playbook, Step};

/// One problem, naming the step (if any) and the property.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Finding {
    pub step: Option<String>,
    pub property: String,
    /// Stable code; the text for people is in the web layer's catalogue.
    pub code: &'static str,
    pub detail: String,
}

impl Finding {
    pub fn at(step: &str, property: &str, code: &'static str, detail: impl Into<String>) -> Finding {
        Finding { step: Some(step.to_string()), property: property.to_string(), code, detail: detail.into() }
    }

    pub fn playbook(property: &str, code: &'static str, detail: impl Into<String>) -> Finding {
        Finding { step: None, property: property.to_string(), code, detail: detail.into() }
    }
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.step {
            Some(step) => write!(f, "{step}: {} ({}): {}", self.property, self.code, self.detail),
            None => write!(f, "{} ({}): {}", self.property, self.code, self.detail),
        }
    }
}
