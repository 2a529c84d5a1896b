//! Effects: what the outside world must do or record after a command. Every
//! effect is also appended to the execution's history, with its time.

use super::state::{InstanceStatus, Pin, Policy, Status, StepKind};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// How a person reports a task.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Success,
    Failure,
    /// An operator skipped the step: treated as success without an answer.
    Skipped,
}

/// Why a task closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CloseReason {
    /// Reported done (success).
    Completed,
    /// Reported as failed.
    Failed,
    /// The approval policy was satisfied.
    Approved,
    /// The approval policy can no longer be satisfied (or a veto).
    Rejected,
    Skipped,
    /// Its branch was cancelled: a parallel's join went on without it, or
    /// the failure of its frame ended it.
    NoLongerNeeded,
    /// The execution was cancelled.
    Cancelled,
    /// The step's CACAO `timeout` passed.
    TimedOut,
}

/// A stable code and a detail for people (in English; the web layer
/// translates by code).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reason {
    pub code: String,
    pub detail: String,
}

impl Reason {
    pub fn new(code: &str, detail: impl Into<String>) -> Reason {
        Reason { code: code.to_string(), detail: detail.into() }
    }
}

/// One instruction of a task: a CACAO command. A manual command is done by a
/// person; any other command (ssh, http-api, …) becomes "carry out and
/// report": the person runs it and reports the outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Instruction {
    /// The CACAO command type (`manual`, `ssh`, `http-api`, …).
    #[serde(rename = "type")]
    pub kind: String,
    /// The command text with the variables in scope filled in (`__x__:value`).
    pub command: Option<String>,
    /// As in the playbook, when the command is given in base64.
    pub command_b64: Option<String>,
    pub description: Option<String>,
}

impl Instruction {
    /// The command as a person reads it: the text, or the base64 form
    /// decoded (when it is not text, none).
    pub fn text(&self) -> Option<String> {
        use base64::Engine as _;
        self.command.clone().or_else(|| {
            let bytes = base64::engine::general_purpose::STANDARD.decode(self.command_b64.as_deref()?.trim()).ok()?;
            String::from_utf8(bytes).ok()
        })
    }

    /// Whether a person carries it out by its nature (`manual`); any other
    /// type is one the platform does not run either: a person does it.
    pub fn is_manual(&self) -> bool {
        self.kind == "manual"
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Effect {
    ExecutionStarted {
        playbook: String,
        pins: Vec<Pin>,
    },
    StepStarted {
        instance: u32,
        frame: u32,
        playbook: String,
        step: String,
        kind: StepKind,
    },
    /// The step waits out its CACAO `delay` before it starts processing.
    StepDelayed {
        instance: u32,
        step: String,
        until: i64,
    },
    StepFinished {
        instance: u32,
        step: String,
        status: InstanceStatus,
        reason: Option<Reason>,
    },
    /// A person (the agent) has a task.
    TaskOpened {
        task: String,
        instance: u32,
        playbook: String,
        step: String,
        name: String,
        agent: Option<String>,
        deadline: Option<i64>,
        instructions: Vec<Instruction>,
    },
    /// The task waits for the approvers.
    ApprovalRequested {
        task: String,
        policy: Policy,
        approvers: Vec<String>,
    },
    TaskClosed {
        task: String,
        reason: CloseReason,
    },
    /// A person reported the task.
    Answered {
        task: String,
        outcome: Outcome,
        answer: BTreeMap<String, String>,
        by: String,
    },
    Voted {
        task: String,
        approver: String,
        approve: bool,
        by: String,
    },
    Skipped {
        task: String,
        justification: String,
        by: String,
    },
    /// A variable changed (an answer, a sub-draaiboek's out_args).
    VariableSet {
        frame: u32,
        /// The branch whose step variable it is; none for a playbook variable.
        branch: Option<u32>,
        name: String,
        value: String,
    },
    Reminder {
        task: Option<String>,
        instance: u32,
        step: String,
        deadline: i64,
    },
    Overdue {
        task: Option<String>,
        instance: u32,
        step: String,
        deadline: i64,
    },
    Escalated {
        task: Option<String>,
        instance: u32,
        step: String,
        to: String,
    },
    StepAdded {
        step: String,
        after_task: Option<String>,
        name: String,
        agent: String,
        by: String,
    },
    Paused {
        #[serde(default)]
        by: String,
    },
    Resumed {
        #[serde(default)]
        by: String,
    },
    Cancelled {
        reason: String,
        #[serde(default)]
        by: String,
    },
    ExecutionFinished {
        status: Status,
        exception_handled: bool,
    },
}
