//! The audit trail for administrators, filtered by their own clearance and
//! need-to-know in the query.

use super::render;
use crate::AppState;
use crate::errors::WebError;
use crate::middleware::RequestCtx;
use crate::session::Viewer;
use axum::extract::{Extension, Query, State};
use axum::response::Response;
use minijinja::{Value, context};
use serde::Deserialize;
use verbinding_domain::FieldError;
use verbinding_domain::audit::AuditAction;
use verbinding_store::audit::AuditQuery;

#[derive(Deserialize, Default)]
pub struct AuditParams {
    pub action: Option<String>,
    pub actor: Option<String>,
    /// An organisation's code.
    pub org: Option<String>,
    /// An object's number.
    pub object: Option<String>,
    /// Days `YYYY-MM-DD` (or as typed, `20-11-2026`), in the viewer's zone; `to` included.
    pub from: Option<String>,
    pub to: Option<String>,
    pub before: Option<i64>,
}

/// The filters as a query, or the fields that do not read.
pub(super) async fn query_of(
    state: &AppState,
    viewer: &Viewer,
    p: &AuditParams,
    limit: i64,
) -> Result<AuditQuery, Vec<FieldError>> {
    let mut errors = Vec::new();
    let given = |v: &Option<String>| v.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_string);
    let mut day = |v: &Option<String>, field: &'static str| {
        given(v).and_then(|text| {
            let start = crate::when::day_start(&verbinding_domain::directory::typed_date(&text), viewer.zone);
            if start.is_none() {
                errors.push(FieldError::new(field, "date_invalid"));
            }
            start
        })
    };
    let from_ms = day(&p.from, "from");
    // `to` is the last day shown: entries before the next day's start.
    let until_ms = day(&p.to, "to").map(|start| start + 86_400_000);
    if let (Some(f), Some(u)) = (from_ms, until_ms)
        && u <= f
    {
        errors.push(FieldError::new("to", "date_before_from"));
    }
    let object_id = given(&p.object).and_then(|o| match o.trim_start_matches('#').parse::<i64>() {
        Ok(n) if n > 0 => Some(n),
        _ => {
            errors.push(FieldError::new("object", "number_invalid"));
            None
        }
    });
    let org_id = match given(&p.org) {
        None => None,
        Some(code) => match crate::cache::orgs(state).await {
            Ok(orgs) => match orgs.iter().find(|o| o.code.eq_ignore_ascii_case(&code)) {
                Some(o) => Some(o.id),
                None => {
                    errors.push(FieldError::new("org", "org_unknown"));
                    None
                }
            },
            Err(_) => None,
        },
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(AuditQuery {
        action: p.action.clone(),
        actor: p.actor.clone(),
        object_id,
        org_id,
        from_ms,
        until_ms,
        before: p.before,
        limit,
    })
}

/// The page of an object of this kind, if it has one.
fn object_path(kind: &str, id: i64) -> Option<String> {
    let prefix = match kind {
        "dossier" => "/dossiers",
        "incident" => "/incidents",
        "assessment" => "/assessments",
        "playbook" => "/draaiboeken",
        "execution" => "/executions",
        "strategy" => "/strategy",
        "objective" => "/strategy/objectives",
        "project" => "/portfolio/projects",
        "review" => "/strategy/reviews",
        "scenario" => "/strategy/scenarios",
        _ => return None,
    };
    Some(format!("{prefix}/{id}"))
}

pub async fn list(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
    Query(p): Query<AuditParams>,
) -> Result<Response, WebError> {
    let limit = 50;
    let (entries, errors) = match query_of(&state, &viewer, &p, limit).await {
        Ok(q) => (verbinding_app::audit::trail(&state, &viewer, &q).await?, Vec::new()),
        Err(errors) => {
            // The permission is checked whatever the filters say.
            viewer.require(verbinding_domain::role::Permission::ViewAudit)?;
            (Vec::new(), errors)
        }
    };
    let next = (entries.len() as i64 == limit).then(|| entries.last().map(|e| e.entry.seq)).flatten();
    let actions: Vec<&str> = AuditAction::ALL.iter().map(|a| a.id()).collect();
    // Each row as people read it: the action and its change in words, the
    // object by its kind with a link to its page.
    let entries: Vec<Value> = entries
        .iter()
        .map(|t| {
            let e = &t.entry.event;
            let change = serde_json::from_str::<serde_json::Value>(&e.detail)
                .ok()
                .and_then(|d| d["change"].as_str().map(|c| format!("audit.change.{c}")))
                .filter(|k| crate::i18n::has(k));
            let href = match (t.object_kind.as_deref(), e.object_id) {
                // A static prefix and a number: nothing to escape.
                (Some(kind), Some(id)) => object_path(kind, id).map(Value::from_safe_string),
                _ => None,
            };
            context! {
                seq => t.entry.seq, at_ms => e.at_ms, actor => e.actor_label, action => e.action, change,
                object_id => e.object_id, kind => t.object_kind, href, source => e.source,
            }
        })
        .collect();
    render(
        &state,
        &viewer,
        &ctx,
        "audit/audit.html",
        context! {
            entries,
            actions,
            action => p.action.clone().unwrap_or_default(),
            actor => p.actor.clone().unwrap_or_default(),
            org => p.org.clone().unwrap_or_default(),
            object => p.object.clone().unwrap_or_default(),
            from => p.from.clone().unwrap_or_default(),
            to => p.to.clone().unwrap_or_default(),
            orgs => Value::from_serialize(&crate::cache::orgs(&state).await?),
            errors => super::field_errors(&errors),
            error_list => super::error_list(&errors),
            next,
        },
    )
    .map(|r| super::with_form_status(r, &errors))
}
