//! The names of a draaiboek's agents as people read them, in their
//! language: an agent that stands for an organisation of the directory is
//! called by the directory's name for it (the directory has both
//! languages); an agent with a role, or one the directory does not know,
//! by the draaiboek's translation of its name, else its CACAO name.

use crate::i18n::Lang;
use std::collections::BTreeMap;
use verbinding_playbook::extension::{AgentMapping, EXTENSION_ID};
use verbinding_store::directory::Organisation;

pub(super) struct AgentNames<'a> {
    doc: &'a serde_json::Value,
    lang: Lang,
    /// Directory names by organisation code, in the reader's language.
    orgs: BTreeMap<String, String>,
}

impl<'a> AgentNames<'a> {
    pub fn new(doc: &'a serde_json::Value, lang: Lang, orgs: &[Organisation]) -> AgentNames<'a> {
        let orgs = orgs
            .iter()
            .map(|o| (o.code.clone(), if lang == Lang::Nl { o.name_nl.clone() } else { o.name_en.clone() }))
            .collect();
        AgentNames { doc, lang, orgs }
    }

    pub fn name(&self, agent: &str) -> String {
        let def = &self.doc["agent_definitions"][agent];
        let ext = &def["agent_target_extensions"][EXTENSION_ID];
        let translated = ext["translations"][self.lang.code()]["name"].as_str().filter(|s| !s.trim().is_empty());
        let mapping = AgentMapping::parse(ext);
        let directory = match mapping {
            AgentMapping { organisation: Some(code), role: None } => self.orgs.get(&code).cloned(),
            _ => None,
        };
        translated
            .map(str::to_string)
            .or(directory)
            .or_else(|| def["name"].as_str().map(str::to_string))
            .unwrap_or_else(|| agent.to_string())
    }
}
