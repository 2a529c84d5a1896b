//! The execution engine for draaiboeken: pure (no I/O, no clock). Time comes
//! in as unix seconds with every call; the state is a serialisable value the
//! caller stores; every call returns the effects the outside world must carry
//! out or record (tasks to open and close, reminders, escalations, the audit
//! trail). See `docs/playbooks.md`, "Execution semantics".
//!
//! ```
//! use std::collections::BTreeMap;
//! use verbinding_playbook::Playbook;
//! use verbinding_playbook::engine::{self, Command, Effect, Library, Outcome, Status};
//!
//! let doc = serde_json::json!({"id": "playbook--1", "workflow_start": "start--1", "workflow": {
//!     "start--1": {"type": "start", "on_completion": "action--2"},
//!     "action--2": {"type": "action", "name": "Bel de minister", "agent": "individual--dg",
//!                   "on_completion": "end--3"},
//!     "end--3": {"type": "end"}},
//!     "agent_definitions": {"individual--dg": {"type": "individual", "name": "DG"}}});
//! let lib = Library::new([Playbook::parse(doc).unwrap()]);
//! let (mut ex, effects) = engine::start(&lib, "playbook--1", 1_000, &BTreeMap::new()).unwrap();
//! assert!(effects.iter().any(|e| matches!(e, Effect::TaskOpened { task, .. } if task == "action--2#1")));
//! let done = Command::Complete { task: "action--2#1".into(), outcome: Outcome::Success,
//!                                answer: BTreeMap::new(), by: "user-7".into() };
//! engine::apply(&lib, &mut ex, done, 2_000).unwrap();
//! assert_eq!(ex.status, Status::Completed);
//! ```

mod commands;
pub mod condition;
mod effect;
mod error;
pub mod history;
mod library;
mod plan;
mod policy;
pub mod redact;
mod returns;
mod run;
mod scope;
mod state;
mod timers;
pub mod values;
mod view;

pub use commands::{Command, Escalation, NewStep, apply, start};
pub use effect::{CloseReason, Effect, Instruction, Outcome, Reason};
pub use error::EngineError;
pub use library::Library;
pub use plan::pin;
pub use state::{
    AdHocStep, Approval, Branch, BranchKind, BranchStatus, Execution, Frame, Instance, InstanceStatus, Pending, Phase,
    Pin, Policy, Record, Status, StepKind, StepRef, Task, Timer, TimerKind, Var, Vote,
};
pub use timers::next_due;
pub use view::{ExecutionView, FrameView, StepStatus, StepView, Waiting, view};

/// A while step whose condition still holds after this many iterations fails.
pub const MAX_ITERATIONS: u32 = 1000;
/// Branches and sub-draaiboeken nest at most this deep; deeper, the step fails.
pub const MAX_DEPTH: u32 = 64;
/// One command starts at most this many steps (steps that need nobody, such
/// as conditions, run at once); more is refused as a runaway loop.
pub const MAX_ACTIVATIONS: u32 = 100_000;
