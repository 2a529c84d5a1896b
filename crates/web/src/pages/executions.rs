//! Execution pages: the draaiboeken tab of an incident (start one, see its
//! runs), one execution (the graph with each step's status, who we are
//! waiting for, the forms for one's own tasks, the coordinator's commands),
//! and the inbox of open tasks.

use super::tasks::TaskErrors;
use super::{FormPairs, error_list, form_errors, render, see_other, with_form_status};
use crate::AppState;
use crate::errors::{AppError, WebError};
use crate::i18n::{Lang, t};
use crate::middleware::RequestCtx;
use crate::session::Viewer;
use axum::extract::{Extension, Path, Query, State};
use axum::response::Response;
use minijinja::{Value, context};
use std::collections::BTreeMap;
use verbinding_app::{executions as act, incidents as incident_act, playbooks as playbook_act};
use verbinding_domain::FieldError;
use verbinding_playbook::engine::{self, Command, Outcome};
use verbinding_playbook::graph::{self, Labels, StatusWords, StepOverlay, StepStatus, TypeWords};

/// The graph's words in the viewer's language; step names from the
/// extension's translation (Dutch) or the playbook's own (English).
pub(super) fn labels<'a>(
    playbook: &'a verbinding_playbook::Playbook,
    title: String,
    lang: Lang,
    restricted: &'a std::collections::BTreeSet<String>,
) -> Labels<'a> {
    let w = |k: &str| t(lang, &format!("graph.{k}"));
    let restricted_name = w("restricted_step");
    let code = lang.code();
    Labels {
        title,
        description: w("description"),
        statuses: StatusWords {
            not_reached: w("status.not_reached"),
            active: w("status.active"),
            waiting: w("status.waiting"),
            done: w("status.done"),
            failed: w("status.failed"),
            skipped: w("status.skipped"),
            cancelled: w("status.cancelled"),
            restricted: w("status.restricted"),
        },
        types: TypeWords {
            start: w("type.start"),
            end: w("type.end"),
            action: w("type.action"),
            playbook_action: w("type.playbook_action"),
            parallel: w("type.parallel"),
            if_condition: w("type.if"),
            while_condition: w("type.while"),
            switch_condition: w("type.switch"),
        },
        deadline: w("deadline"),
        assigned_to: w("assigned_to"),
        overdue: w("overdue"),
        yes: w("yes"),
        no: w("no"),
        success: w("success"),
        failure: w("failure"),
        default_case: w("other"),
        branch: w("branch"),
        afterwards: w("afterwards"),
        joins: w("joins"),
        step_name: Box::new(move |id| {
            if restricted.contains(id) { Some(restricted_name.clone()) } else { graph::step_name(playbook, id, code) }
        }),
    }
}

/// An engine refusal shown with the task it is about: the finding's code
/// and the answer field it names (the variable, or empty).
pub(super) struct Problem {
    task: String,
    property: String,
    code: &'static str,
}

/// The refusal's message, its answer field named by the field's label in
/// the viewer's language (the variable's name where the draaiboek has none).
fn problem_message(doc: &serde_json::Value, v: &act::ExecutionDetail, p: &Problem, lang: Lang) -> String {
    let message = t(lang, &format!("finding.{}", p.code));
    if p.property.is_empty() {
        return message;
    }
    let step = v.view.waiting.iter().find(|w| w.task == p.task).map(|w| w.step.as_str()).unwrap_or_default();
    let label = doc["workflow"][step]["step_extensions"][verbinding_playbook::extension::EXTENSION_ID]["answer"]
        [&p.property]["label"][lang.code()]
    .as_str()
    .map(str::to_string)
    .unwrap_or_else(|| p.property.trim_matches('_').replace('_', " "));
    format!("{label}: {message}")
}

/// The drawing's text alternative, a line per step.
pub(super) fn step_lines(drawing: &graph::Graph) -> Vec<Value> {
    drawing
        .text_alternative
        .iter()
        .map(|s| {
            context! {
                name => s.name, type_label => s.type_label, status_label => s.status_label,
                assignee => s.assignee, deadline => s.deadline, overdue => s.overdue,
                leads_to => s.leads_to.iter().map(|l| context! { name => l.name, label => l.label }).collect::<Vec<_>>(),
                joins => s.joins.as_ref().map(|l| l.name.clone()),
            }
        })
        .collect()
}

/// The drawing's status of a step, and whether it is overdue.
fn graph_status(s: engine::StepStatus) -> (StepStatus, bool) {
    use engine::StepStatus as S;
    match s {
        S::Active => (StepStatus::Active, false),
        S::Waiting => (StepStatus::Waiting, false),
        S::Overdue => (StepStatus::Active, true),
        S::Done => (StepStatus::Done, false),
        S::Failed => (StepStatus::Failed, false),
        S::Skipped => (StepStatus::Skipped, false),
        S::Cancelled => (StepStatus::Cancelled, false),
        S::Restricted => (StepStatus::Restricted, false),
        S::NotReached => (StepStatus::NotReached, false),
    }
}

/// The draaiboeken the viewer may see: id → title in their language.
async fn playbook_titles(state: &AppState, viewer: &Viewer) -> Result<BTreeMap<i64, String>, AppError> {
    Ok(playbook_act::list(state, viewer, viewer.lang.code()).await?.into_iter().map(|(s, t)| (s.id, t)).collect())
}

/// The incident's draaiboeken tab.
pub async fn incident_tab(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    tab(&state, &viewer, &ctx, id, &[]).await
}

async fn tab(
    state: &AppState,
    viewer: &Viewer,
    ctx: &RequestCtx,
    id: i64,
    errors: &[FieldError],
) -> Result<Response, WebError> {
    tab_page(state, viewer, ctx, id, errors, None).await
}

/// The tab; `confirm` a draaiboek whose current version is not approved,
/// whose start the coordinator is asked to confirm.
async fn tab_page(
    state: &AppState,
    viewer: &Viewer,
    ctx: &RequestCtx,
    id: i64,
    errors: &[FieldError],
    confirm: Option<i64>,
) -> Result<Response, WebError> {
    let incident = incident_act::load(state, viewer, id).await?;
    let runs = act::for_incident(state, viewer, id).await?;
    let listed = playbook_act::list(state, viewer, viewer.lang.code()).await?;
    let titles: BTreeMap<i64, String> = listed.iter().map(|(s, t)| (s.id, t.clone())).collect();
    let runs: Vec<Value> = runs
        .iter()
        .map(|r| {
            context! { title => titles.get(&r.playbook_id).cloned().unwrap_or_default(), ..Value::from_serialize(r) }
        })
        .collect();
    let choices: Vec<Value> =
        listed.iter().map(|(s, title)| context! { id => s.id, title, approved => s.approved_at.is_some() }).collect();
    let confirm = confirm.and_then(|c| listed.iter().find(|(s, _)| s.id == c)).map(|(s, title)| {
        context! { id => s.id, title, version => s.current_version }
    });
    let r = render(
        state,
        viewer,
        ctx,
        "executions/executions.html",
        context! { i => Value::from_serialize(&incident), runs, choices, confirm, error_list => error_list(errors) },
    )?;
    Ok(with_form_status(r, errors))
}

pub async fn start(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
    Path(id): Path<i64>,
    f: FormPairs,
) -> Result<Response, WebError> {
    let playbook = f.int("playbook").map_err(|_| AppError::invalid("playbook", "required"));
    // A draaiboek whose current version is not approved starts its last
    // approved version (rule 7): the coordinator confirms that first.
    if let Ok(p) = &playbook
        && f.get("confirm") != "yes"
    {
        let listed = playbook_act::list(&state, &viewer, viewer.lang.code()).await?;
        if listed.iter().any(|(s, _)| s.id == *p && s.approved_at.is_none()) {
            return tab_page(&state, &viewer, &ctx, id, &[], Some(*p)).await;
        }
    }
    match act::start(&state, &viewer, id, playbook).await {
        Ok(execution) => Ok(see_other(&format!("/executions/{execution}"))),
        Err(e) => {
            let errors = form_errors(e)?;
            tab(&state, &viewer, &ctx, id, &errors).await
        }
    }
}

pub async fn show(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
    Path(id): Path<i64>,
    Query(q): Query<super::Notice>,
) -> Result<Response, WebError> {
    page(&state, &viewer, &ctx, id, &[], None, q.notice.as_deref(), None).await
}

/// The run page again after a task form (claim, delegate, comment, attach) failed.
pub(super) async fn task_page(
    state: &AppState,
    viewer: &Viewer,
    ctx: &RequestCtx,
    id: i64,
    failed: TaskErrors<'_>,
) -> Result<Response, WebError> {
    // The language switch returns to the run page, not to the form's POST target.
    let ctx = RequestCtx { path: format!("/executions/{id}"), ..ctx.clone() };
    let mut r = page(state, viewer, &ctx, id, &[], None, None, Some(&failed)).await?;
    *r.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
    Ok(r)
}

/// The execution page; `problem` is an engine refusal shown above the forms,
/// `failed` a task form's errors (shown at that task's forms).
#[allow(clippy::too_many_arguments)]
async fn page(
    state: &AppState,
    viewer: &Viewer,
    ctx: &RequestCtx,
    id: i64,
    errors: &[FieldError],
    problem: Option<Problem>,
    notice: Option<&str>,
    failed: Option<&TaskErrors<'_>>,
) -> Result<Response, WebError> {
    let v = act::view(state, viewer, id).await?;
    let stored = &v.execution;
    // Steps marked above the viewer's clearance come without their texts (rule 4).
    let (doc, restricted) =
        playbook_act::readable_document(state, viewer, stored.playbook_id, Some(stored.playbook_version)).await?;
    let playbook = verbinding_playbook::Playbook::parse(doc.clone())
        .map_err(|e| AppError::internal(format!("stored draaiboek: {e:?}")))?;
    let (title, _) = playbook_act::texts(&doc, viewer.lang.code());
    let orgs = crate::cache::orgs(state).await?;
    let agent_names = super::agent_names::AgentNames::new(&doc, viewer.lang, &orgs);
    // The top frame's steps, overlaid on the drawing.
    let mut overlay = BTreeMap::new();
    for (step, s) in v.view.frames.first().map(|f| &f.steps).into_iter().flatten() {
        let (status, overdue) = graph_status(s.status);
        overlay.insert(
            step.clone(),
            StepOverlay {
                status,
                assignee: s.agent.as_deref().map(|a| agent_names.name(a)),
                deadline: s.deadline.map(|d| crate::when::moment(d * 1000, viewer.lang, viewer.zone)),
                overdue,
            },
        );
    }
    // A draaiboek stored before the size limits may be far larger: the page
    // then does without the drawing rather than take seconds to lay it out.
    let drawing = if playbook.steps.len() > verbinding_playbook::limits::MAX_STEPS {
        graph::Graph { svg: String::new(), text_alternative: Vec::new() }
    } else {
        graph::render(&playbook, &overlay, &labels(&playbook, title.clone(), viewer.lang, &restricted))
    };
    let steps = step_lines(&drawing);
    // Open tasks, with a form for those the viewer may answer.
    let coordinator = viewer.principal.has(verbinding_domain::role::Permission::Coordinate);
    let mut open = Vec::new();
    for w in &v.view.waiting {
        let mine = act::may_act(state, viewer, id, &w.task).await?;
        open.push((w.task.clone(), w.step.clone(), mine));
    }
    let names: BTreeMap<String, String> = v
        .tasks
        .iter()
        .map(|t| (t.task.clone(), graph::step_name(&playbook, &t.step, viewer.lang.code()).unwrap_or(t.name.clone())))
        .collect();
    let reading = super::run_history::Reading {
        doc: &doc,
        playbook: &playbook,
        lang: viewer.lang,
        people: &v.people,
        agents: &agent_names,
    };
    let lines = super::run_history::engine_lines(&reading, &v);
    let mut extras = super::tasks::extras(state, viewer, id, &open, &names, lines, failed).await?;
    let failed_index = failed.and_then(|f| open.iter().position(|(t, _, _)| t == f.task)).map(|i| i + 1);
    let mut waiting = Vec::new();
    let (mut waiting_agents, mut overdue) = (Vec::new(), Vec::new());
    for (w, (task, step, mine)) in v.view.waiting.iter().zip(open.iter()) {
        let (task, step, mine) = (task.clone(), step.as_str(), *mine);
        let ext = &doc["workflow"][step]["step_extensions"][verbinding_playbook::extension::EXTENSION_ID];
        let fields: Vec<Value> = ext["answer"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(var, spec)| {
                let lang = viewer.lang.code();
                let label = spec["label"][lang].as_str().unwrap_or(var.trim_matches('_')).to_string();
                // Each choice as people read it; a draaiboek without labels shows its own words.
                let choices: Vec<Value> = spec["choices"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(serde_json::Value::as_str)
                    .map(|c| context! { value => c, label => spec["choice_labels"][c][lang].as_str().unwrap_or(c) })
                    .collect();
                context! { var, id => format!("answer-{}", var.trim_matches('_')), label, choices,
                required => spec["required"].as_bool().unwrap_or(true) }
            })
            .collect();
        let name = graph::step_name(&playbook, step, viewer.lang.code()).unwrap_or_else(|| w.name.clone());
        let waiting_for: Vec<String> = w.waiting_for.iter().map(|a| agent_names.name(a)).collect();
        // For an approval: the approver agents the viewer may vote for.
        let vote_as: Vec<Value> = if w.approval {
            act::votable(state, viewer, id, &w.waiting_for)
                .await?
                .into_iter()
                .map(|a| context! { name => agent_names.name(&a), id => a })
                .collect()
        } else {
            Vec::new()
        };
        let extra = extras.by_task.remove(&task);
        for a in &waiting_for {
            if !waiting_agents.contains(a) {
                waiting_agents.push(a.clone());
            }
        }
        let anchor = task_anchor(&task);
        if w.overdue {
            overdue.push(context! { anchor => anchor.clone(), name => name.clone() });
        }
        // What to do: the step's description and the commands it was given.
        let description = (w.playbook == playbook.id)
            .then(|| {
                let s = &doc["workflow"][step];
                s["step_extensions"][verbinding_playbook::extension::EXTENSION_ID]["translations"]
                    [viewer.lang.code()]["description"]
                    .as_str()
                    .or(s["description"].as_str())
                    .map(str::to_string)
            })
            .flatten();
        let instructions: Vec<Value> = w
            .instructions
            .iter()
            .map(|i| context! { kind => i.kind, manual => i.is_manual(), text => i.text(), description => i.description })
            .collect();
        waiting.push(context! {
            extra, task, anchor, name, waiting_for, mine, fields, vote_as, approval => w.approval,
            description, instructions,
            deadline => w.deadline.map(|d| d * 1000), overdue => w.overdue,
            escalated_to => w.escalated_to.as_deref().map(|a| agent_names.name(a)),
        });
    }
    let agents: Vec<Value> = doc["agent_definitions"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(id, _)| context! { id, name => agent_names.name(id) })
        .collect();
    let r = render(
        state,
        viewer,
        ctx,
        "executions/execution.html",
        context! {
            e => Value::from_serialize(stored), title, svg => drawing.svg, steps, waiting, coordinator, agents,
            classification => v.classification, tlp => v.tlp, incident_title => v.incident_title,
            waiting_for => waiting_agents, overdue,
            status => Value::from_serialize(v.view.status),
            error_list => if failed.is_some() { super::tasks::error_links(failed, failed_index) } else { error_list(errors) },
            errors => super::field_errors(errors), history => extras.history, problem => problem.map(|p| context! { message => problem_message(&doc, &v, &p, viewer.lang), task => p.task }),
            notice => notice.map(|n| format!("executions.notice.{n}")).filter(|k| crate::i18n::has(k)),
        },
    )?;
    Ok(with_form_status(r, errors))
}

/// The id of a task's place on the run page (`{step}#{n}` with `-` for `#`,
/// which a URL fragment cannot carry): the inbox links to it.
pub(super) fn task_anchor(task: &str) -> String {
    format!("task-{}", task.replace('#', "-"))
}

/// Where an inbox entry leads: the task itself on its run page.
pub(super) fn task_href(x: &verbinding_store::executions::InboxTask) -> String {
    format!("/executions/{}#{}", x.execution_id, task_anchor(&x.task))
}

/// An inbox entry's step name in the reader's language (its draaiboek's own where it has no translation).
pub(super) fn task_name(x: &verbinding_store::executions::InboxTask, lang: Lang) -> String {
    x.translated.get(lang.code()).cloned().unwrap_or_else(|| x.name.clone())
}

/// A person's answer to a task, or a coordinator's command, from the page's forms.
pub async fn command(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
    Path(id): Path<i64>,
    f: FormPairs,
) -> Result<Response, WebError> {
    let by = viewer.user.email.clone();
    let task = f.get("task");
    let command = match f.get("command").as_str() {
        "complete" => Command::Complete {
            task: task.clone(),
            // Nothing is assumed: a report without a chosen outcome is sent back.
            outcome: match f.get("outcome").as_str() {
                "success" => Outcome::Success,
                "failure" => Outcome::Failure,
                _ => {
                    let errors = [FieldError::new("task_outcome", "required")];
                    return task_page(&state, &viewer, &ctx, id, TaskErrors { task: &task, errors: &errors }).await;
                }
            },
            answer: f
                .0
                .iter()
                .filter_map(|(k, v)| k.strip_prefix("answer.").map(|var| (var.to_string(), v.trim().to_string())))
                .filter(|(_, v)| !v.is_empty())
                .collect(),
            by,
        },
        "add-step" => {
            let name = f.get("name").trim().to_string();
            let agent = f.get("agent");
            let mut errors = Vec::new();
            if name.is_empty() {
                errors.push(FieldError::new("name", "required"));
            }
            if agent.is_empty() {
                errors.push(FieldError::new("agent", "required"));
            }
            let now = state.now_ms().div_euclid(1000);
            let deadline = match f.get("deadline_after").trim() {
                "" => None,
                text => match verbinding_playbook::spoken_duration::parse(text) {
                    Ok(seconds) => Some(now + seconds),
                    Err(_) => {
                        errors.push(FieldError::new("deadline_after", "duration_invalid"));
                        None
                    }
                },
            };
            let escalate_to = f.get("escalate_to");
            if !escalate_to.is_empty() && deadline.is_none() && errors.is_empty() {
                errors.push(FieldError::new("deadline_after", "required"));
            }
            if !errors.is_empty() {
                return page(&state, &viewer, &ctx, id, &errors, None, None, None).await;
            }
            Command::AddStep(verbinding_playbook::engine::NewStep {
                after_task: None,
                name,
                description: None,
                agent,
                deadline,
                reminders_before: vec![],
                escalation: (!escalate_to.is_empty())
                    .then_some(verbinding_playbook::engine::Escalation { after: 0, to: escalate_to }),
                by,
            })
        }
        "approve" => Command::Approve {
            task: task.clone(),
            approver: f.get("approver"),
            approve: f.get("approve") == "true",
            by,
        },
        "pause" => Command::Pause { by },
        "resume" => Command::Resume { by },
        "cancel" => Command::Cancel { reason: f.get("reason").trim().to_string(), by },
        "skip" => Command::Skip { task: task.clone(), justification: f.get("justification").trim().to_string(), by },
        _ => return Err(AppError::BadRequest.into()),
    };
    if matches!(command, Command::Skip { ref justification, .. } if justification.is_empty()) {
        let errors = [FieldError::new("justification", "required")];
        return page(&state, &viewer, &ctx, id, &errors, None, None, None).await;
    }
    if matches!(command, Command::Cancel { ref reason, .. } if reason.is_empty()) {
        return page(&state, &viewer, &ctx, id, &[FieldError::new("reason", "required")], None, None, None).await;
    }
    let kind = f.get("command");
    match act::command(&state, &viewer, id, command).await {
        Ok(()) => Ok(see_other(&format!("/executions/{id}?notice={kind}"))),
        Err(AppError::Findings(found)) => {
            let problem =
                found.first().map(|x| Problem { task: task.clone(), property: x.property.clone(), code: x.code });
            let mut r = page(&state, &viewer, &ctx, id, &[], problem, None, None).await?;
            *r.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
            Ok(r)
        }
        Err(e) => {
            let errors = form_errors(e)?;
            page(&state, &viewer, &ctx, id, &errors, None, None, None).await
        }
    }
}

/// The inbox's query: page, order and filters.
#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct InboxPage {
    offset: Option<i64>,
    sort: Option<String>,
    overdue: Option<String>,
    claim: Option<String>,
    incident: Option<String>,
}

/// Open tasks shown on one page of the inbox.
const INBOX_PAGE: i64 = 100;

pub async fn inbox(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
    Query(p): Query<InboxPage>,
) -> Result<Response, WebError> {
    let offset = p.offset.unwrap_or(0).max(0);
    let filters = act::InboxFilters {
        sort: p.sort.clone(),
        overdue: p.overdue.clone(),
        claim: p.claim.clone(),
        incident: p.incident.clone(),
    };
    let values = context! {
        sort => p.sort.clone().unwrap_or_default(), overdue => p.overdue.as_deref() == Some("true"),
        claim => p.claim.clone().unwrap_or_default(), incident => p.incident.clone().unwrap_or_default(),
    };
    let incidents: Vec<Value> = act::inbox_incidents(&state, &viewer)
        .await?
        .into_iter()
        .map(|(id, title)| context! { id => id.to_string(), title })
        .collect();
    let (query, errors) = match act::parse_inbox_query(&filters) {
        Ok(q) => (q, Vec::new()),
        Err(e) => (Default::default(), form_errors(e)?),
    };
    let (items, total) = if errors.is_empty() {
        act::inbox(&state, &viewer, &query, offset, INBOX_PAGE).await?
    } else {
        (Vec::new(), 0)
    };
    let orgs: BTreeMap<String, String> = crate::cache::orgs(&state)
        .await?
        .iter()
        .map(|o| (o.code.clone(), if viewer.lang == Lang::Nl { o.name_nl.clone() } else { o.name_en.clone() }))
        .collect();
    let org_name = |code: &Option<String>| code.as_ref().map(|c| orgs.get(c).cloned().unwrap_or_else(|| c.clone()));
    let rows: Vec<Value> = items
        .iter()
        .map(|x| {
            let status = if x.overdue == 1 {
                "overdue"
            } else if x.escalated_org_code.is_some() {
                "escalated"
            } else if x.claimed_by_email.is_some() {
                "claimed"
            } else {
                "open"
            };
            context! {
                href => task_href(x), name => task_name(x, viewer.lang), incident_id => x.incident_id, incident_title => x.incident_title,
                classification => x.run_classification, tlp => x.run_tlp, step_classification => x.classification,
                org => org_name(&x.org_code), role => x.role, escalated_to => org_name(&x.escalated_org_code),
                claimed_by => x.claimed_by_name, status, deadline => x.deadline.map(|d| d * 1000),
                overdue => x.overdue == 1,
            }
        })
        .collect();
    let next = (offset + INBOX_PAGE < total).then_some(offset + INBOX_PAGE);
    let previous = (offset > 0).then(|| (offset - INBOX_PAGE).max(0));
    let context = context! {
        items => rows, total, next, previous, values, incidents,
        sorts => act::INBOX_SORTS, claims => act::INBOX_CLAIMS,
        error_list => error_list(&errors), errors => super::field_errors(&errors),
    };
    let r = render(&state, &viewer, &ctx, "executions/inbox.html", context)?;
    Ok(with_form_status(r, &errors))
}

/// All running draaiboeken the viewer may see, with open and overdue tasks,
/// the overdue counts also as a bar chart (numbers people compare).
pub async fn overview(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
) -> Result<Response, WebError> {
    let runs = act::running(&state, &viewer).await?;
    let titles = playbook_titles(&state, &viewer).await?;
    let max = runs.iter().map(|r| r.open).max().unwrap_or(0).max(1);
    let rows: Vec<Value> = runs
        .iter()
        .map(|r| {
            let title = titles.get(&r.playbook_id).cloned().unwrap_or_default();
            // The bar's label fits its 210 px; the table and the tooltip carry the whole title.
            let short_title: String = if title.chars().count() > 24 {
                format!("{}…", title.chars().take(23).collect::<String>())
            } else {
                title.clone()
            };
            context! {
                title, short_title,
                // Bar lengths in percent of the largest number of open tasks.
                open_pct => r.open * 100 / max, overdue_pct => r.overdue * 100 / max,
                ..Value::from_serialize(r)
            }
        })
        .collect();
    let chart_height = rows.len() * 28 + 8;
    render(&state, &viewer, &ctx, "executions/executions_overview.html", context! { rows, chart_height })
}
