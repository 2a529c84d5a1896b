//! Assessments that draaiboek steps' answers become (issue 14). A step may
//! say (extension key `assessment`) that its answer is an assessment of the
//! run's incident — the technical and intelligence steps of the national
//! response are what the proportionality check weighs. When its task is
//! completed (after its approval, when it has one) the assessment is written
//! in the same transaction as the transition, linked to the task:
//!
//! - its content comes from the answer, through the draaiboek's mapping,
//!   which import checked against the assessment vocabularies; an answer
//!   whose text the assessment cannot hold (too long) is refused when given,
//!   before anything moves;
//! - its marking is the run's (its guard's classification, TLP and
//!   need-to-know), raised to the step's classification: never more open
//!   than its source; only those who may read it learn it exists;
//! - its author organisation is the one the task is for (the reporter's own
//!   when the agent maps to none), its creator the person who reported.
//!
//! A standalone run has no incident: its steps' answers stay answers.

use crate::{App, AppError, audit};
use std::collections::BTreeMap;
use verbinding_domain::assessment::{AssessmentKind, ValidAssessment, validate_content};
use verbinding_domain::assessment_step::{AnswerShape, MappedField, content_from_answer, mapping_problems};
use verbinding_domain::audit::AuditAction;
use verbinding_domain::marking::ValidMarking;
use verbinding_playbook::engine::{CloseReason, Command, Effect, Execution, Library, Outcome};
use verbinding_playbook::extension::{AssessmentMapping, StepExtension};
use verbinding_playbook::{Finding, Playbook};

/// Findings for the assessment mappings of a draaiboek's steps: every field
/// named, so the author mends them before anyone answers.
pub(crate) fn import_findings(p: &Playbook) -> Vec<Finding> {
    let mut out = Vec::new();
    for step in p.steps.values() {
        let Some(ext) = step.extension.as_ref() else { continue };
        let Ok(parsed) = StepExtension::parse(&step.id, ext) else { continue };
        let Some(mapping) = &parsed.assessment else { continue };
        let fields: Vec<MappedField<'_>> = mapping
            .fields
            .iter()
            .map(|(field, variable)| MappedField {
                field,
                variable,
                answer: parsed
                    .answer
                    .iter()
                    .find(|a| &a.variable == variable)
                    .map(|a| AnswerShape { choices: &a.choices, required: a.required }),
            })
            .collect();
        for (field, code) in mapping_problems(&mapping.kind, &fields) {
            let property =
                if field == "kind" { "assessment.kind".to_string() } else { format!("assessment.fields.{field}") };
            out.push(Finding::at(
                &step.id,
                &property,
                code,
                format!("the assessment's {field} cannot come from this answer"),
            ));
        }
    }
    out
}

/// The mapping of the step a task belongs to, if it has one.
fn mapping_of_task(lib: &Library, ex: &Execution, task: &str) -> Option<(AssessmentMapping, String)> {
    let inst = ex.instances.iter().find(|i| i.task.as_ref().is_some_and(|t| t.key == task))?;
    let playbook = ex.frames.get(inst.frame as usize).map(|f| f.playbook.as_str())?;
    let step = lib.get(playbook)?.steps.get(&inst.step)?;
    let parsed = StepExtension::parse(&inst.step, step.extension.as_ref()?).ok()?;
    Some((parsed.assessment?, inst.step.clone()))
}

/// Before an answer is applied: refuses one whose assessment would be
/// invalid (a summary longer than an assessment holds), naming the answer
/// field, so the task stays open and nothing is written.
pub(crate) fn check_answer(lib: &Library, ex: &Execution, command: &Command) -> Result<(), AppError> {
    let Command::Complete { task, outcome: Outcome::Success, answer, .. } = command else { return Ok(()) };
    let Some((mapping, _)) = mapping_of_task(lib, ex, task) else { return Ok(()) };
    let Some(kind) = AssessmentKind::parse(&mapping.kind) else { return Ok(()) };
    validate_content(kind, &content_from_answer(&mapping.fields, answer)).map(|_| ()).map_err(|e| {
        let first = e.fields().first();
        let field = first.map(|f| f.field).unwrap_or_default();
        let variable = mapping.fields.get(field).cloned().unwrap_or_default();
        let code = match first.map(|f| f.code) {
            Some("too_long") => "answer_too_long",
            Some("required") => "answer_required",
            _ => "answer_invalid",
        };
        AppError::Findings(vec![Finding {
            step: Some(task.clone()),
            property: variable,
            code,
            detail: format!("the answer cannot be recorded as the assessment's {field}"),
        }])
    })
}

/// An assessment a transition's effects call for: a task of a mapped step
/// closed as done.
#[derive(Debug, Clone)]
pub(crate) struct Due {
    task: String,
    kind: AssessmentKind,
    answer: BTreeMap<String, String>,
    fields: BTreeMap<String, String>,
    reported_by: Option<String>,
    /// The most restrictive classification of the step and its callers.
    step_classification: String,
    /// The directory code of the organisation the task is for.
    org: Option<String>,
}

/// The assessments the effects of one transition call for.
pub(crate) fn due(lib: &Library, ex: &Execution, effects: &[Effect]) -> Vec<Due> {
    let mut out = Vec::new();
    for e in effects {
        let Effect::TaskClosed { task, reason: CloseReason::Completed | CloseReason::Approved } = e else { continue };
        let Some((mapping, _)) = mapping_of_task(lib, ex, task) else { continue };
        let Some(kind) = AssessmentKind::parse(&mapping.kind) else { continue };
        let Some(inst) = ex.instances.iter().find(|i| i.task.as_ref().is_some_and(|t| &t.key == task)) else {
            continue;
        };
        let Some(t) = inst.task.as_ref() else { continue };
        let playbook = ex.frames.get(inst.frame as usize).map(|f| f.playbook.as_str()).unwrap_or_default();
        let org = t.agent.as_deref().and_then(|a| crate::execution_batch::agent_mapping(lib, playbook, a).organisation);
        out.push(Due {
            task: task.clone(),
            kind,
            answer: t.answer.clone(),
            fields: mapping.fields,
            reported_by: t.reported_by.clone(),
            step_classification: crate::execution_batch::task_marking(lib, ex, inst),
            org,
        });
    }
    out
}

/// Writes the assessments one transition calls for, in its transaction,
/// with an audit event each (pushed to `events`).
pub(crate) async fn write(
    app: &App,
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    execution: i64,
    by: &crate::Caller,
    due: &[Due],
    events: &mut Vec<verbinding_domain::audit::AuditEvent>,
) -> Result<(), AppError> {
    if due.is_empty() {
        return Ok(());
    }
    let (guard, incident) = verbinding_store::executions::guard_and_incident(tx, execution).await?;
    let Some(incident) = incident else { return Ok(()) };
    let run = verbinding_store::objects::marking(tx, guard).await?;
    let tlp = verbinding_store::objects::tlp(tx, guard).await?;
    let (orgs, users) = verbinding_store::objects::need_to_know(tx, guard).await?;
    for d in due {
        let content = validate_content(d.kind, &content_from_answer(&d.fields, &d.answer))?;
        let classification = verbinding_domain::classification::most_restrictive([
            run.classification.as_str(),
            d.step_classification.as_str(),
        ])
        .unwrap_or(run.classification.as_str())
        .to_string();
        let marking = ValidMarking {
            classification: classification.clone(),
            tlp: verbinding_domain::tlp::Tlp::parse(&tlp).ok_or_else(|| AppError::internal("stored TLP"))?,
            open_to_all: run.open_to_all,
            orgs: orgs.clone(),
            users: users.clone(),
        };
        let valid = ValidAssessment { kind: d.kind, content, meta_classification: classification, marking };
        let reporter = match &d.reported_by {
            Some(email) => verbinding_store::directory::user_and_org_by_email(tx, email).await?,
            None => None,
        };
        let task_org = match &d.org {
            Some(code) => verbinding_store::directory::org_id_by_code(tx, code).await?,
            None => None,
        };
        let account = by.account().ok();
        let creator = reporter.map(|(u, _)| u).or(account.map(|a| a.id)).ok_or(AppError::Forbidden)?;
        let org = task_org.or(reporter.map(|(_, o)| o)).or(account.map(|a| a.org_id)).ok_or(AppError::Forbidden)?;
        let now = app.now_ms();
        let id = verbinding_store::assessments::create(tx, incident, &valid, org, creator, now).await?;
        verbinding_store::assessments::link_to_task(tx, id, execution, &d.task).await?;
        let detail = serde_json::json!({"kind": "assessment", "assessment": d.kind, "incident": incident,
                                        "execution": execution, "task": d.task});
        let e = audit::event(app, by, AuditAction::ObjectCreated);
        events.push(audit::with_detail(audit::about_object(e, id), detail));
    }
    Ok(())
}
