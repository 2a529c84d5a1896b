//! Response bodies of what is deliberated on an incident: assessments, the
//! response plan, consultation rounds and decisions.

use super::objects::ResponseOption;
use schemars::JsonSchema;
use serde::Serialize;
use verbinding_app::consultations::{Answered, RoundView};
use verbinding_app::decisions::{BasisRef, DecisionView};
use verbinding_app::response::PlanLine;
use verbinding_domain::assessment::{AssessmentContent, AssessmentKind};
use verbinding_domain::consultation::{AnswerKind, DecisionRule, RoundResult, Subject};
use verbinding_domain::decision::{DecisionKind, DecisionOutcome};
use verbinding_domain::response::Warning;
use verbinding_store::assessments;

#[derive(Serialize, JsonSchema)]
pub struct Assessment {
    pub id: i64,
    pub incident_id: i64,
    pub kind: AssessmentKind,
    pub author_org_code: String,
    /// Who may know the assessment exists.
    pub meta_classification: String,
    pub classification: String,
    pub tlp: String,
    pub open_to_all: bool,
    /// Flat, like the request body.
    #[serde(flatten)]
    pub content: AssessmentContent,
    pub version: i64,
    pub created_at: i64,
    pub updated_at: i64,
    pub need_to_know: Vec<String>,
    pub need_to_know_users: Vec<String>,
    /// The run whose task's answer this assessment was recorded from (a
    /// draaiboek step whose answer is an assessment); null for one written on its own.
    pub from_run: Option<FromRun>,
}

/// The run's task an assessment was recorded from.
#[derive(Serialize, JsonSchema)]
pub struct FromRun {
    pub execution: i64,
    pub task: String,
}

impl From<assessments::Assessment> for Assessment {
    fn from(a: assessments::Assessment) -> Self {
        Assessment {
            id: a.id,
            incident_id: a.incident_id,
            kind: a.kind,
            author_org_code: a.author_org_code,
            meta_classification: a.meta_classification,
            classification: a.classification,
            tlp: a.tlp,
            open_to_all: a.open_to_all == 1,
            content: a.content,
            version: a.version,
            created_at: a.created_at,
            updated_at: a.updated_at,
            need_to_know: a.need_to_know,
            need_to_know_users: a.need_to_know_users,
            from_run: a.execution_id.zip(a.task).map(|(execution, task)| FromRun { execution, task }),
        }
    }
}

/// An assessment the caller may know exists but not read.
#[derive(Serialize, JsonSchema)]
pub struct RestrictedAssessment {
    pub id: i64,
    pub kind: AssessmentKind,
    pub author_org_code: String,
    pub meta_classification: String,
    pub updated_at: i64,
}

impl From<assessments::RestrictedAssessment> for RestrictedAssessment {
    fn from(a: assessments::RestrictedAssessment) -> Self {
        RestrictedAssessment {
            id: a.id,
            kind: a.kind,
            author_org_code: a.author_org_code,
            meta_classification: a.meta_classification,
            updated_at: a.updated_at,
        }
    }
}

/// The assessments of an incident: readable ones, and restricted ones.
#[derive(Serialize, JsonSchema)]
pub struct AssessmentList {
    pub items: Vec<Assessment>,
    pub restricted: Vec<RestrictedAssessment>,
    pub next_cursor: Option<String>,
}

#[derive(Serialize, JsonSchema)]
pub struct AssessmentVersion {
    pub version: i64,
    #[serde(flatten)]
    pub content: AssessmentContent,
    pub classification: String,
    pub tlp: String,
    pub edited_by: Option<String>,
    pub edited_at: i64,
}

impl From<assessments::AssessmentVersion> for AssessmentVersion {
    fn from(v: assessments::AssessmentVersion) -> Self {
        AssessmentVersion {
            version: v.version,
            content: v.content,
            classification: v.classification,
            tlp: v.tlp,
            edited_by: v.edited_by,
            edited_at: v.edited_at,
        }
    }
}

/// A measure of the response plan with its catalogue entry and warnings.
#[derive(Serialize, JsonSchema)]
pub struct PlanLineBody {
    pub id: i64,
    pub incident_id: i64,
    pub option_id: String,
    pub rationale: String,
    pub status: verbinding_domain::response::MeasureStatus,
    pub status_at: i64,
    pub renewal_date: Option<String>,
    pub version: i64,
    pub created_at: i64,
    pub option: Option<ResponseOption>,
    /// Proportionality warnings.
    pub warnings: Vec<Warning>,
}

impl From<PlanLine> for PlanLineBody {
    fn from(l: PlanLine) -> Self {
        let i = l.item;
        PlanLineBody {
            id: i.id,
            incident_id: i.incident_id,
            option_id: i.option_id,
            rationale: i.rationale,
            status: i.status,
            status_at: i.status_at,
            renewal_date: i.renewal_date,
            version: i.version,
            created_at: i.created_at,
            option: l.option.map(ResponseOption::from),
            warnings: l.warnings,
        }
    }
}

#[derive(Serialize, JsonSchema)]
pub struct Plan {
    pub items: Vec<PlanLineBody>,
    pub next_cursor: Option<String>,
    /// The highest escalation rank (0–10) the evidence supports.
    pub supported_escalation: u8,
}

/// A consultation round with its invitations, answers and result as of now.
#[derive(Serialize, JsonSchema)]
pub struct Round {
    pub id: i64,
    pub incident_id: i64,
    pub subject: Subject,
    pub proposal: String,
    pub decision_rule: DecisionRule,
    pub deadline_ms: i64,
    pub opened_by: Option<String>,
    pub opened_at: i64,
    /// Codes of the invited organisations.
    pub invited: Vec<String>,
    pub answers: Vec<RoundAnswer>,
    /// Response-plan item ids put to the round.
    pub measures: Vec<i64>,
    pub closes_at: i64,
    pub closed: bool,
    pub outcome: RoundOutcome,
}

#[derive(Serialize, JsonSchema)]
pub struct RoundAnswer {
    pub id: i64,
    pub round_id: i64,
    pub org: String,
    pub answer: AnswerKind,
    pub explanation: String,
    pub late: bool,
    pub answered_by: Option<String>,
    pub answered_at: i64,
}

#[derive(Serialize, JsonSchema)]
pub struct RoundOutcome {
    pub result: RoundResult,
    /// `[organisation, answer]` of each invited organisation whose answer counts.
    pub counted: Vec<(String, AnswerKind)>,
    pub objecting: Vec<String>,
    pub silent: Vec<String>,
    /// Organisations that answered only after the close.
    pub late: Vec<String>,
}

impl From<RoundView> for Round {
    fn from(v: RoundView) -> Self {
        let r = v.round;
        Round {
            id: r.id,
            incident_id: r.incident_id,
            subject: r.subject,
            proposal: r.proposal,
            decision_rule: r.decision_rule,
            deadline_ms: r.deadline_ms,
            opened_by: r.opened_by,
            opened_at: r.opened_at,
            invited: v.invited,
            answers: v
                .answers
                .into_iter()
                .map(|a| RoundAnswer {
                    id: a.id,
                    round_id: a.round_id,
                    org: a.org,
                    answer: a.answer,
                    explanation: a.note,
                    late: a.late == 1,
                    answered_by: a.answered_by,
                    answered_at: a.answered_at,
                })
                .collect(),
            measures: v.measures,
            closes_at: v.closes_at,
            closed: v.closed,
            outcome: RoundOutcome {
                result: v.outcome.result,
                counted: v.outcome.counted,
                objecting: v.outcome.objecting,
                silent: v.outcome.silent,
                late: v.outcome.late,
            },
        }
    }
}

/// A recorded answer: counted, or late.
#[derive(Serialize, JsonSchema)]
pub struct AnswerReceipt {
    pub id: i64,
    pub late: bool,
}

impl From<Answered> for AnswerReceipt {
    fn from(a: Answered) -> Self {
        AnswerReceipt { id: a.id, late: a.late }
    }
}

#[derive(Serialize, JsonSchema)]
pub struct Decision {
    pub id: i64,
    pub incident_id: i64,
    pub kind: DecisionKind,
    pub outcome: DecisionOutcome,
    /// ISO 3166 code of the state held responsible.
    pub state: Option<String>,
    pub actor_uuid: Option<String>,
    pub actor_name: Option<String>,
    pub round_id: Option<i64>,
    pub rationale: String,
    pub amends: Option<i64>,
    pub proposed_by: String,
    pub proposed_at: i64,
    pub signed_by: Option<String>,
    pub signed_at: Option<i64>,
    pub seal: Option<String>,
    pub version: i64,
    /// The assessments it rests on, as far as the caller may know them.
    pub basis: Vec<Basis>,
    pub measures: Vec<i64>,
    pub in_force: bool,
    pub amended_by: Option<i64>,
    /// For signed decisions: the stored seal matches the stored content.
    pub seal_intact: Option<bool>,
    /// Why it was signed while a consultation round was open or unanswered.
    pub sign_override: Option<String>,
    /// `returned` (sent back to the proposer) or `rejected`: closed unsigned.
    pub closed_as: Option<String>,
    pub closed_reason: Option<String>,
    pub closed_by: Option<String>,
    pub closed_at: Option<i64>,
}

#[derive(Serialize, JsonSchema)]
pub struct Basis {
    pub id: i64,
    pub kind: AssessmentKind,
    pub author_org_code: String,
    /// The caller may read it (else only its existence is shown).
    pub readable: bool,
}

impl From<BasisRef> for Basis {
    fn from(b: BasisRef) -> Self {
        Basis { id: b.id, kind: b.kind, author_org_code: b.author_org_code, readable: b.readable }
    }
}

impl From<DecisionView> for Decision {
    fn from(v: DecisionView) -> Self {
        let d = v.decision;
        Decision {
            id: d.id,
            incident_id: d.incident_id,
            kind: d.kind,
            outcome: d.outcome,
            state: d.state,
            actor_uuid: d.actor_uuid,
            actor_name: d.actor_name,
            round_id: d.round_id,
            rationale: d.rationale,
            amends: d.amends,
            proposed_by: d.proposed_by,
            proposed_at: d.proposed_at,
            signed_by: d.signed_by,
            signed_at: d.signed_at,
            seal: d.seal,
            version: d.version,
            basis: v.basis.into_iter().map(Basis::from).collect(),
            measures: v.measures,
            in_force: v.in_force,
            amended_by: v.amended_by,
            seal_intact: v.seal_intact,
            sign_override: d.sign_override,
            closed_as: d.closed_as,
            closed_reason: d.closed_reason,
            closed_by: d.closed_by,
            closed_at: d.closed_at,
        }
    }
}
