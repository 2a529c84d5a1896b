//! Domain errors carry stable codes; the web layer turns them into a message in
//! the user's language (and problem+json for the API). Codes never change once
//! published because scripts match on them.

use std::fmt;

/// One invalid input field: which field, and a stable code saying what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FieldError {
    pub field: &'static str,
    pub code: &'static str,
}

impl FieldError {
    pub fn new(field: &'static str, code: &'static str) -> Self {
        Self { field, code }
    }

    /// Whether this refusal is about the data as it stands rather than the
    /// request itself (see [`STORED_DATA_CODES`]).
    pub fn about_stored_data(&self) -> bool {
        STORED_DATA_CODES.contains(&self.code)
    }
}

/// Refusals of a request that is well formed — a JSON Schema or a form would
/// accept it — but does not fit the data as it stands: it names an object
/// that does not exist or that the caller may not see (the same answer for
/// both), or asks for a step the object's current state does not allow. A
/// client mends these by reading again, not by changing what it sends; the
/// API answers them `409 does_not_fit`, every other field error `422`.
pub const STORED_DATA_CODES: &[&str] = &[
    // A reference to the directory or to another object.
    "org_unknown",
    "user_unknown",
    "partner_unknown",
    "actor_unknown",
    "playbook_unknown",
    "playbook_version_unknown",
    "task_unknown",
    "round_unknown",
    "decision_unknown",
    "assessment_unknown",
    "measure_unknown",
    "option_unknown",
    // A step the current state does not allow.
    "transition_not_allowed",
    "measure_transition_not_allowed",
    "task_closed",
    "round_closed",
    "not_invited",
    "invitee_without_need_to_know",
    "delegate_not_allowed",
    "already_signed",
    "decision_closed",
    "consultation_unsettled",
    "already_amended",
    "amends_unsigned",
    "amends_other_kind",
    "four_eyes",
    "already_reviewed",
    "own_import",
    "playbook_already_approved",
    "playbook_not_approved",
    "playbook_version_not_current",
    // Draaiboeken and runs (issue 11): a built-in is the instance's, a new
    // version keeps the draaiboek's marking, a run needs an approved version,
    // may call only what its starter sees and is never more open than what it runs.
    "playbook_builtin",
    "playbook_marking_differs",
    "playbook_approval_missing",
    "playbook_narrower_than_run",
    "runs_narrower_than_incident",
    "sub_playbook_unknown",
    "option_lapsed",
    "measure_lapsed",
    "kind_fixed",
    "cannot_deactivate_self",
    // Originator control: the owner and the lead's coordinators decide the marking.
    "marking_reserved",
    // Per-step classification: a document with steps above the reader's clearance.
    "document_above_clearance",
    // A measure's step that the record (a signed decision) does not yet support.
    "public_attribution_not_decided",
    "measure_not_decided",
    // What a draaiboek run's state does not allow (the engine's codes).
    "task_awaiting_approval",
    "task_not_awaiting_approval",
    "approval_duplicate",
    "execution_not_running",
    "execution_paused",
    "execution_not_paused",
    "playbook_version_unavailable",
    "pin_mismatch",
    // A strategy's indicators (issue 15): a value, period or target that
    // does not fit the stored indicator (its type, scale, frequency,
    // direction or baseline), or a step its history does not allow.
    "objective_unknown",
    "objective_wider_than_parent",
    "objective_narrower_than_children",
    "level_does_not_fit_parent",
    "level_fixed",
    "goal_has_no_link",
    "not_on_scale",
    "percentage_out_of_range",
    "period_not_of_frequency",
    "target_not_after_baseline",
    "target_against_direction",
    "revision_needs_reason",
    "narrative_required",
    "measurement_waiting",
    "measurement_reviewed",
    "target_decided",
    // The capacity-building portfolio: a baseline that does not fit the
    // stored project, an imported project (another publisher's record).
    "country_not_in_project",
    "baseline_after_start",
    "imported_project_fixed",
    // Reviews: a marking wider than the strategy, a fixed period, a
    // changed object or action that is not there, dates against the stored
    // review or the clock.
    "review_wider_than_strategy",
    "review_period_fixed",
    "changed_unknown",
    "action_unknown",
    "due_before_review",
    "review_in_future",
    // Foresight: a scenario or signpost wider than what it derives from,
    // an indicator not of the strategy.
    "scenario_wider_than_strategy",
    "signpost_wider_than_indicator",
    "objective_narrower_than_signposts",
    "indicator_unknown",
    // Work linked to a part: a dossier, incident or draaiboek the caller may see.
    "work_unknown",
    // A value another object already holds.
    "duplicate",
    "playbook_id_taken",
];

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DomainError {
    /// Input that fails validation; every failing field is listed.
    #[error("invalid input: {}", fmt_fields(.0))]
    Invalid(Vec<FieldError>),
    /// The object does not exist *or* the caller may not know it exists.
    /// Both cases are deliberately indistinguishable.
    #[error("not found")]
    NotFound,
    /// The caller knows the object but the role does not allow the action.
    #[error("forbidden")]
    Forbidden,
    /// A stale edit: the object changed since the caller read it.
    #[error("conflict: the object was changed by someone else")]
    Conflict,
    /// A unique value (such as an email address) is already taken.
    #[error("duplicate value for {0}")]
    Duplicate(&'static str),
    /// Content classified above the instance ceiling.
    #[error("classification above the ceiling of this instance")]
    AboveCeiling,
}

fn fmt_fields(fields: &[FieldError]) -> String {
    fields.iter().map(|f| format!("{} ({})", f.field, f.code)).collect::<Vec<_>>().join(", ")
}

impl DomainError {
    /// Stable, greppable code used in problem+json `code` and in logs.
    pub fn code(&self) -> &'static str {
        match self {
            DomainError::Invalid(_) => "invalid_input",
            DomainError::NotFound => "not_found",
            DomainError::Forbidden => "forbidden",
            DomainError::Conflict => "conflict",
            DomainError::Duplicate(_) => "duplicate",
            DomainError::AboveCeiling => "above_ceiling",
        }
    }

    pub fn invalid(field: &'static str, code: &'static str) -> Self {
        DomainError::Invalid(vec![FieldError::new(field, code)])
    }

    /// The invalid fields (none for other errors).
    pub fn fields(&self) -> &[FieldError] {
        match self {
            DomainError::Invalid(f) => f,
            _ => &[],
        }
    }
}

/// Collects field errors during validation so a user sees all of them at once.
#[derive(Debug, Default)]
pub struct Validator {
    errors: Vec<FieldError>,
}

impl Validator {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn check(&mut self, ok: bool, field: &'static str, code: &'static str) -> &mut Self {
        if !ok {
            self.errors.push(FieldError::new(field, code));
        }
        self
    }

    pub fn push(&mut self, err: FieldError) {
        self.errors.push(err);
    }

    pub fn finish(self) -> Result<(), DomainError> {
        if self.errors.is_empty() { Ok(()) } else { Err(DomainError::Invalid(self.errors)) }
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.code)
    }
}
