//! Response bodies of draaiboeken, their executions and task attachments.

use schemars::JsonSchema;
use serde::Serialize;
use std::collections::BTreeMap;
use verbinding_app::executions::ExecutionDetail;
use verbinding_app::playbooks::{Detail, ImportOutcome, Imported};
use verbinding_playbook::Finding;
use verbinding_playbook::engine::ExecutionView;
use verbinding_playbook::engine::history::HistoryEntry;
use verbinding_store::{executions, playbooks, tasks};

/// A draaiboek as listed, with its title in the caller's language.
#[derive(Serialize, JsonSchema)]
pub struct PlaybookItem {
    pub id: i64,
    /// The CACAO playbook id.
    pub cacao_id: String,
    /// The key of a shipped draaiboek, if it is one.
    pub builtin: Option<String>,
    pub current_version: i64,
    pub name: String,
    pub modified: String,
    pub classification: String,
    pub tlp: String,
    pub approved_at: Option<i64>,
    pub updated_at: i64,
    pub title: String,
}

impl PlaybookItem {
    pub fn new(s: playbooks::PlaybookSummary, title: String) -> Self {
        PlaybookItem {
            id: s.id,
            cacao_id: s.cacao_id,
            builtin: s.builtin,
            current_version: s.current_version,
            name: s.name,
            modified: s.modified,
            classification: s.classification,
            tlp: s.tlp,
            approved_at: s.approved_at,
            updated_at: s.updated_at,
            title,
        }
    }
}

/// One draaiboek with its versions.
#[derive(Serialize, JsonSchema)]
pub struct Playbook {
    #[serde(flatten)]
    pub item: PlaybookItem,
    pub description: String,
    pub versions: Vec<PlaybookVersion>,
}

#[derive(Serialize, JsonSchema)]
pub struct PlaybookVersion {
    pub version: i64,
    pub modified: String,
    /// `strict` or `lenient`.
    pub mode: String,
    /// The findings a lenient import let through.
    pub tolerated: Vec<serde_json::Value>,
    pub approved_at: Option<i64>,
    pub approved_by: Option<String>,
    pub imported_by: Option<String>,
    pub created_at: i64,
    pub signatures: Vec<Signature>,
}

/// A JSS signature in the document, verified.
#[derive(Serialize, JsonSchema)]
pub struct Signature {
    pub signee: String,
    pub valid: bool,
    pub problem: Option<&'static str>,
}

impl From<Detail> for Playbook {
    fn from(d: Detail) -> Self {
        Playbook {
            item: PlaybookItem::new(d.summary, d.title),
            description: d.description,
            versions: d
                .versions
                .into_iter()
                .map(|v| PlaybookVersion {
                    version: v.version,
                    modified: v.modified,
                    mode: v.mode,
                    tolerated: v.tolerated,
                    approved_at: v.approved_at,
                    approved_by: v.approved_by,
                    imported_by: v.imported_by,
                    created_at: v.created_at,
                    signatures: v
                        .signatures
                        .into_iter()
                        .map(|s| Signature { signee: s.signee, valid: s.valid, problem: s.problem })
                        .collect(),
                })
                .collect(),
        }
    }
}

/// What an import did.
#[derive(Serialize, JsonSchema)]
pub struct ImportResult {
    pub id: i64,
    pub cacao_id: String,
    pub name: String,
    pub version: i64,
    pub imported: ImportedKind,
    /// What a lenient import let through.
    pub tolerated: Vec<Finding>,
}

#[derive(Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ImportedKind {
    Created,
    NewVersion,
    /// The same content as the current version: nothing stored.
    Unchanged,
}

impl From<ImportOutcome> for ImportResult {
    fn from(o: ImportOutcome) -> Self {
        ImportResult {
            id: o.id,
            cacao_id: o.cacao_id,
            name: o.name,
            version: o.version,
            imported: match o.imported {
                Imported::Created => ImportedKind::Created,
                Imported::NewVersion => ImportedKind::NewVersion,
                Imported::Unchanged => ImportedKind::Unchanged,
            },
            tolerated: o.tolerated,
        }
    }
}

/// An execution as stored: what it runs and where it stands.
#[derive(Serialize, JsonSchema)]
pub struct Run {
    pub id: i64,
    /// The object whose need-to-know the run follows (its incident, or its own).
    pub guard_object_id: i64,
    /// The incident it runs for; absent for a run on its own.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub incident_id: Option<i64>,
    pub playbook_id: i64,
    pub playbook_version: i64,
    pub status: String,
    pub revision: i64,
    pub next_due: Option<i64>,
    pub started_at: i64,
    pub updated_at: i64,
}

impl From<executions::Stored> for Run {
    fn from(s: executions::Stored) -> Self {
        Run {
            id: s.id,
            guard_object_id: s.guard_object_id,
            incident_id: s.incident_id,
            playbook_id: s.playbook_id,
            playbook_version: s.playbook_version,
            status: s.status,
            revision: s.revision,
            next_due: s.next_due,
            started_at: s.started_at,
            updated_at: s.updated_at,
        }
    }
}

/// A task of an execution (an inbox entry).
#[derive(Serialize, JsonSchema)]
pub struct Task {
    pub execution_id: i64,
    /// The incident its run is for; absent for a run on its own.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub incident_id: Option<i64>,
    pub task: String,
    pub step: String,
    pub name: String,
    pub agent: Option<String>,
    pub org_code: Option<String>,
    pub role: Option<String>,
    pub escalated_org_code: Option<String>,
    pub claimed_by_email: Option<String>,
    /// Unix seconds.
    pub deadline: Option<i64>,
    pub overdue: bool,
    pub opened_at: i64,
    /// The classification of the task's step (and of the steps that called
    /// its sub-draaiboek), if it carries one: only readers cleared for it see the task.
    pub classification: Option<String>,
}

impl From<executions::InboxTask> for Task {
    fn from(t: executions::InboxTask) -> Self {
        Task {
            execution_id: t.execution_id,
            incident_id: t.incident_id,
            task: t.task,
            step: t.step,
            name: t.name,
            agent: t.agent,
            org_code: t.org_code,
            role: t.role,
            escalated_org_code: t.escalated_org_code,
            claimed_by_email: t.claimed_by_email,
            deadline: t.deadline,
            overdue: t.overdue == 1,
            opened_at: t.opened_at,
            classification: t.classification,
        }
    }
}

/// A claim, delegation or comment on a task.
#[derive(Serialize, JsonSchema)]
pub struct TaskNote {
    pub task: String,
    pub kind: String,
    pub text: String,
    pub to_email: Option<String>,
    pub by_email: Option<String>,
    pub at_ms: i64,
}

/// One execution: what it runs, the engine's view, its tasks and notes.
#[derive(Serialize, JsonSchema)]
pub struct Execution {
    pub execution: Run,
    pub notes: Vec<TaskNote>,
    /// The CACAO id of the playbook the run started.
    pub playbook: String,
    pub tasks: Vec<Task>,
    /// The values of the top playbook's variables.
    pub variables: BTreeMap<String, Option<String>>,
    pub view: ExecutionView,
    /// Who did what when, oldest first: started, answered (with the answer),
    /// voted, skipped, overdue, escalated, paused, … (claims, delegations
    /// and comments are the `notes`).
    pub history: Vec<HistoryEntry>,
    /// The assessments of the incident its tasks' answers became (a step
    /// that says its answer is an assessment), those the caller may read.
    pub assessments: Vec<TaskAssessment>,
    /// How many entries each capped list left out (issue 11, rule 11).
    pub omitted: Omitted,
}

/// A task whose answer became an assessment of the incident.
#[derive(Serialize, JsonSchema)]
pub struct TaskAssessment {
    pub task: String,
    /// The assessment's id (`GET /assessments/{id}`).
    pub assessment: i64,
}

/// How many entries of each capped list of a run were left out: frames
/// beyond the first 50, steps of a frame beyond 500, open tasks beyond the
/// 200 most urgent, task rows, notes and history entries beyond the 200 newest.
#[derive(Serialize, JsonSchema)]
pub struct Omitted {
    pub frames: usize,
    pub steps: usize,
    pub waiting: usize,
    pub tasks: usize,
    pub notes: usize,
    pub history: usize,
}

impl From<ExecutionDetail> for Execution {
    fn from(d: ExecutionDetail) -> Self {
        Execution {
            execution: d.execution.into(),
            notes: d
                .notes
                .into_iter()
                .map(|n| TaskNote {
                    task: n.task,
                    kind: n.kind,
                    text: n.text,
                    to_email: n.to_email,
                    by_email: n.by_email,
                    at_ms: n.at_ms,
                })
                .collect(),
            playbook: d.playbook,
            tasks: d.tasks.into_iter().map(Task::from).collect(),
            variables: d.variables,
            view: d.view,
            history: d.history,
            assessments: d
                .assessments
                .into_iter()
                .map(|(task, assessment)| TaskAssessment { task, assessment })
                .collect(),
            omitted: Omitted {
                frames: d.omitted.frames,
                steps: d.omitted.steps,
                waiting: d.omitted.waiting,
                tasks: d.omitted.tasks,
                notes: d.omitted.notes,
                history: d.omitted.history,
            },
        }
    }
}

/// A stored attachment, without its bytes.
#[derive(Serialize, JsonSchema)]
pub struct Attachment {
    pub id: i64,
    pub execution_id: i64,
    pub task: String,
    pub file_name: String,
    pub original_name: String,
    pub media_type: String,
    pub size: i64,
    pub sha256: String,
    pub uploaded_by: String,
    pub uploaded_by_name: String,
    pub uploaded_at: i64,
}

impl From<tasks::Attachment> for Attachment {
    fn from(a: tasks::Attachment) -> Self {
        Attachment {
            id: a.id,
            execution_id: a.execution_id,
            task: a.task,
            file_name: a.file_name,
            original_name: a.original_name,
            media_type: a.media_type,
            size: a.size,
            sha256: a.sha256,
            uploaded_by: a.uploaded_by,
            uploaded_by_name: a.uploaded_by_name,
            uploaded_at: a.uploaded_at,
        }
    }
}
