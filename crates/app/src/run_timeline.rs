//! What the draaiboek runs of an incident add to its timeline: each run's
//! history (started, answered, voted, skipped, overdue, escalated, paused,
//! cancelled, ended) as events `run-…`, read from the runs' own records when
//! the timeline is read, so nothing is stored twice and a run's events
//! follow its need-to-know, the draaiboek's and the reader's clearance for
//! its steps exactly as the run page does. A task reaching its assignee is left out: the
//! timeline tells what people did and what went wrong, the run page the rest.

use crate::{App, AppError, Caller};
use serde_json::json;
use verbinding_playbook::engine::history::{self, Happening};
use verbinding_playbook::graph;
use verbinding_store::executions;
use verbinding_store::incidents::IncidentEvent;

/// The events of the runs of `incident` the caller may see.
pub(crate) async fn events(
    app: &App,
    conn: &mut sqlx::AnyConnection,
    caller: &Caller,
    incident: i64,
) -> Result<Vec<IncidentEvent>, AppError> {
    let f = caller.reader()?;
    let mut out = Vec::new();
    for stored in executions::for_incident(conn, &f, incident).await? {
        // The events name the draaiboek and its steps: a reader who may not
        // see the draaiboek (as on its run page) gets none of them. A start
        // refuses a draaiboek narrower than its run, so this guards a
        // draaiboek re-marked after its runs started.
        match verbinding_store::playbooks::get_visible(conn, &f, stored.playbook_id).await {
            Err(verbinding_store::StoreError::NotFound) => continue,
            other => other?,
        };
        let (ex, lib) = crate::execution_state::current(app, conn, &stored).await?;
        let restricted = crate::executions::restricted_steps(&lib, caller);
        let top = lib.get(&ex.playbook);
        let title = |lang: &str| top.map(|p| crate::playbooks::texts(&p.document, lang).0).unwrap_or_default();
        let playbook = json!({"nl": title("nl"), "en": title("en")});
        for e in history::history(&lib, &ex, &restricted) {
            let what = match e.what {
                Happening::TaskOpened => continue,
                Happening::Answered if e.outcome == Some(verbinding_playbook::engine::Outcome::Failure) => {
                    "answered-failure"
                }
                Happening::Voted if e.approve == Some(true) => "voted-for",
                Happening::Voted => "voted-against",
                other => kebab(other),
            };
            let step_in = |lang: &str| {
                let own = e.playbook.as_deref().and_then(|p| lib.get(p));
                own.zip(e.step.as_deref()).and_then(|(p, s)| graph::step_name(p, s, lang)).or_else(|| e.name.clone())
            };
            let step = e.task.is_some() || e.what == Happening::StepAdded;
            let detail = json!({
                "run": stored.id,
                "playbook": playbook,
                "step": if step { json!({"nl": step_in("nl"), "en": step_in("en")}) } else { json!(null) },
                "status": e.status,
                "text": e.text,
            });
            out.push(IncidentEvent {
                at_ms: e.at * 1000,
                kind: format!("run-{what}"),
                detail: detail.to_string(),
                actor: e.by.filter(|b| !b.is_empty()),
            });
        }
    }
    Ok(out)
}

fn kebab(h: Happening) -> &'static str {
    match h {
        Happening::Started => "started",
        Happening::TaskOpened => "task-opened",
        Happening::Answered => "answered",
        Happening::Voted => "voted",
        Happening::Approved => "approved",
        Happening::Rejected => "rejected",
        Happening::Skipped => "skipped",
        Happening::Overdue => "overdue",
        Happening::Escalated => "escalated",
        Happening::TimedOut => "timed-out",
        Happening::StepAdded => "step-added",
        Happening::Paused => "paused",
        Happening::Resumed => "resumed",
        Happening::Cancelled => "cancelled",
        Happening::Finished => "finished",
    }
}
