//! Why a command was refused. Each error has a stable code and names what it
//! is about (the task, the field, the step and property). A refused command
//! leaves the execution as it was.

use super::state::Status;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum EngineError {
    /// The library has no playbook with this id (`step` and `property` say
    /// where it was asked for, when a playbook-action step asked).
    PlaybookUnknown {
        playbook: String,
        step: Option<String>,
        property: Option<String>,
    },
    /// The playbook cannot run: the step and property, a lint-like code.
    PlaybookInvalid {
        playbook: String,
        step: Option<String>,
        property: String,
        problem: String,
        detail: String,
    },
    /// A playbook-action step asks for a `playbook_version` the library does not hold.
    PlaybookVersionUnavailable {
        playbook: String,
        step: String,
        wanted: String,
        found: Option<String>,
    },
    /// The library's playbook differs from the one pinned at start.
    PinMismatch {
        playbook: String,
    },
    TaskUnknown {
        task: String,
    },
    TaskClosed {
        task: String,
    },
    /// The task waits for approvals: report it by approving or rejecting.
    TaskAwaitingApproval {
        task: String,
    },
    /// The task is not (yet) waiting for approvals.
    TaskNotAwaitingApproval {
        task: String,
    },
    /// The answer names a variable that is not one of the step's out_args.
    AnswerUnexpected {
        field: String,
    },
    AnswerRequired {
        field: String,
    },
    AnswerInvalid {
        field: String,
        expected: String,
    },
    ChoiceUnknown {
        field: String,
        value: String,
    },
    VariableUnknown {
        field: String,
    },
    VariableInvalid {
        field: String,
        expected: String,
    },
    VariableConstant {
        field: String,
    },
    ApproverUnknown {
        agent: String,
    },
    ApprovalDuplicate {
        agent: String,
    },
    /// A command field is missing or empty (`reason`, `justification`, `name`, `agent`).
    FieldRequired {
        field: String,
    },
    FieldInvalid {
        field: String,
        detail: String,
    },
    ExecutionNotRunning {
        status: Status,
    },
    ExecutionPaused,
    ExecutionNotPaused,
    /// The command would start more steps without waiting for a person than
    /// any sane playbook needs: the playbook loops.
    Runaway {
        steps: u32,
    },
    /// The stored state contradicts itself (edited by hand, or a bug).
    StateInvalid {
        detail: String,
    },
}

impl EngineError {
    /// The stable code (as serialised under `code`).
    pub fn code(&self) -> &'static str {
        match self {
            EngineError::PlaybookUnknown { .. } => "playbook_unknown",
            EngineError::PlaybookInvalid { .. } => "playbook_invalid",
            EngineError::PlaybookVersionUnavailable { .. } => "playbook_version_unavailable",
            EngineError::PinMismatch { .. } => "pin_mismatch",
            EngineError::TaskUnknown { .. } => "task_unknown",
            EngineError::TaskClosed { .. } => "task_closed",
            EngineError::TaskAwaitingApproval { .. } => "task_awaiting_approval",
            EngineError::TaskNotAwaitingApproval { .. } => "task_not_awaiting_approval",
            EngineError::AnswerUnexpected { .. } => "answer_unexpected",
            EngineError::AnswerRequired { .. } => "answer_required",
            EngineError::AnswerInvalid { .. } => "answer_invalid",
            EngineError::ChoiceUnknown { .. } => "choice_unknown",
            EngineError::VariableUnknown { .. } => "variable_unknown",
            EngineError::VariableInvalid { .. } => "variable_invalid",
            EngineError::VariableConstant { .. } => "variable_constant",
            EngineError::ApproverUnknown { .. } => "approver_unknown",
            EngineError::ApprovalDuplicate { .. } => "approval_duplicate",
            EngineError::FieldRequired { .. } => "field_required",
            EngineError::FieldInvalid { .. } => "field_invalid",
            EngineError::ExecutionNotRunning { .. } => "execution_not_running",
            EngineError::ExecutionPaused => "execution_paused",
            EngineError::ExecutionNotPaused => "execution_not_paused",
            EngineError::Runaway { .. } => "runaway",
            EngineError::StateInvalid { .. } => "state_invalid",
        }
    }

    /// The form field (answer variable or command field) the error is about.
    pub fn field(&self) -> Option<&str> {
        match self {
            EngineError::AnswerUnexpected { field }
            | EngineError::AnswerRequired { field }
            | EngineError::AnswerInvalid { field, .. }
            | EngineError::ChoiceUnknown { field, .. }
            | EngineError::VariableUnknown { field }
            | EngineError::VariableInvalid { field, .. }
            | EngineError::VariableConstant { field }
            | EngineError::FieldRequired { field }
            | EngineError::FieldInvalid { field, .. } => Some(field),
            _ => None,
        }
    }

    pub(crate) fn invalid(playbook: &str, step: Option<&str>, property: &str, problem: &str, detail: String) -> Self {
        EngineError::PlaybookInvalid {
            playbook: playbook.to_string(),
            step: step.map(str::to_string),
            property: property.to_string(),
            problem: problem.to_string(),
            detail,
        }
    }

    pub(crate) fn state(detail: impl Into<String>) -> Self {
        EngineError::StateInvalid { detail: detail.into() }
    }
}

impl std::fmt::Display for EngineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EngineError::PlaybookInvalid { playbook, step, property, problem, detail } => match step {
                Some(s) => write!(f, "{playbook}: {s}: {property} ({problem}): {detail}"),
                None => write!(f, "{playbook}: {property} ({problem}): {detail}"),
            },
            other => {
                let json = serde_json::to_string(other).unwrap_or_default();
                write!(f, "{}: {json}", other.code())
            }
        }
    }
}

impl std::error::Error for EngineError {}
