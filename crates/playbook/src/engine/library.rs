//! The playbooks an execution may use, by playbook id: the caller's stored,
//! already parsed versions. Each is pinned (its `modified` and the SHA-256 of
//! its canonical form) and compiled once, when it is added.

use super::error::EngineError;
use super::plan::{self, Plan};
use super::state::Pin;
use crate::Playbook;
use std::collections::BTreeMap;
use std::sync::Arc;

#[derive(Debug, Clone)]
struct Entry {
    playbook: Playbook,
    pin: Pin,
    plan: Result<Arc<Plan>, EngineError>,
}

/// Playbooks by id. A run pins every playbook it uses at start; later calls
/// must pass a library holding the same versions (else `pin_mismatch`).
#[derive(Debug, Clone, Default)]
pub struct Library {
    entries: BTreeMap<String, Entry>,
}

impl Library {
    pub fn new(playbooks: impl IntoIterator<Item = Playbook>) -> Library {
        let mut lib = Library::default();
        for p in playbooks {
            lib.insert(p);
        }
        lib
    }

    /// Adds (or replaces) the playbook under its id.
    pub fn insert(&mut self, playbook: Playbook) {
        let pin = plan::pin(&playbook);
        let plan = plan::compile(&playbook).map(Arc::new);
        self.entries.insert(playbook.id.clone(), Entry { playbook, pin, plan });
    }

    pub fn get(&self, id: &str) -> Option<&Playbook> {
        self.entries.get(id).map(|e| &e.playbook)
    }

    pub fn values(&self) -> impl Iterator<Item = &Playbook> {
        self.entries.values().map(|e| &e.playbook)
    }

    pub(crate) fn pin_of(&self, id: &str) -> Option<&Pin> {
        self.entries.get(id).map(|e| &e.pin)
    }

    /// The compiled plan of a pinned playbook, checking it is still the pinned one.
    pub(crate) fn plan(&self, want: &Pin) -> Result<Arc<Plan>, EngineError> {
        let e = self.entries.get(&want.playbook).ok_or_else(|| EngineError::PlaybookUnknown {
            playbook: want.playbook.clone(),
            step: None,
            property: None,
        })?;
        if &e.pin != want {
            return Err(EngineError::PinMismatch { playbook: want.playbook.clone() });
        }
        e.plan.clone()
    }
}

impl FromIterator<Playbook> for Library {
    fn from_iter<I: IntoIterator<Item = Playbook>>(iter: I) -> Library {
        Library::new(iter)
    }
}
