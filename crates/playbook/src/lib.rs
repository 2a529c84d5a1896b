//! Draaiboeken (problem P9) as OASIS CACAO 2.0 playbooks. This crate is pure:
//! it reads playbooks and checks what the JSON schemas cannot express; the
//! schemas themselves, storage and the web are at the edges.

pub mod builtin;
pub mod engine;
pub mod extension;
pub mod graph;
pub mod jcs;
pub mod limits;
pub mod lint;
pub mod model;
pub mod official_schemas;
pub mod schema;
pub mod signature;
pub mod spoken_duration;
pub mod validate;

pub use lint::lint;
pub use model::{Playbook, Step};

/// Every finding code validation, the extension and the lint can report
/// (the web layer has a text for each; a test keeps this list complete).
pub const CODES: &[&str] = &[
    "json_invalid",
    "not_object",
    "workflow_not_object",
    "step_not_object",
    "step_type_unknown",
    "no_start_step",
    "start_not_start_step",
    "dangling_reference",
    "end_continues",
    "unreachable_step",
    "no_end",
    "unguarded_loop",
    "agent_unknown",
    "target_unknown",
    "variable_undeclared",
    "extension_undeclared",
    "extension_invalid",
    "answer_not_out_arg",
    "choices_empty",
    "choice_label_unknown",
    "policy_invalid",
    "duration_invalid",
    "duration_calendar_units",
    "deadline_twice",
    "escalation_without_agent",
    "approvers_missing",
    "schema_invalid",
    "schema_unevaluated",
    "modified_not_newer",
    // Import-time checks beyond one document (issue 11): size limits and sub-draaiboeken.
    "playbook_too_large",
    "sub_playbook_unknown",
];

/// One problem, naming the step (if any) and the property.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
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

#[cfg(test)]
mod tests {
    /// Property names that appear in findings beside the codes.
    const PROPERTIES: &[&str] = &[
        "on_completion",
        "workflow_start",
        "out_args",
        "step_extensions",
        "workflow_exception",
        "reminders_before",
        "deadline_after",
        "deadline_at",
    ];

    /// Every code literal passed to a finding in this crate is in [`super::CODES`].
    #[test]
    fn the_list_of_codes_is_complete() {
        let sources = [
            include_str!("lint.rs"),
            include_str!("extension.rs"),
            include_str!("model.rs"),
            include_str!("schema.rs"),
            include_str!("validate.rs"),
        ];
        for source in sources {
            for (i, _) in source.match_indices("Finding::") {
                let call = &source[i..source[i..].find(");").map_or(source.len(), |e| i + e)];
                for code in call.split('"').skip(1).step_by(2) {
                    let is_code = code.chars().all(|c| c.is_ascii_lowercase() || c == '_') && code.contains('_');
                    if is_code && !PROPERTIES.contains(&code) {
                        assert!(super::CODES.contains(&code), "{code} is missing from CODES");
                    }
                }
            }
        }
    }
}
