//! CSV downloads of what a page lists (issue 14): the audit trail, the
//! incident list and an incident's timeline, each with the filters of its
//! page and exactly the rows the reader may see there (and their reads
//! audited as the page's are). Times are RFC 3339 in UTC for machines and
//! as the reader reads them beside it; labels in the reader's language.

use super::audit::{AuditParams, query_of};
use super::incidents::{ListParams, filters_of};
use crate::AppState;
use crate::errors::WebError;
use crate::i18n::t;
use crate::session::Viewer;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use verbinding_app::csv_text::table;

/// At most this many rows in one download (the page shows 50 at a time).
const MAX_ROWS: i64 = 10_000;

fn csv(file_name: &str, text: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{file_name}\"")),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_string()),
        ],
        text,
    )
        .into_response()
}

fn utc(ms: i64) -> String {
    verbinding_app::clock::rfc3339(ms)
}

pub async fn audit(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(p): Query<AuditParams>,
) -> Result<Response, WebError> {
    let mut q = query_of(&state, &viewer, &p, 500).await.map_err(verbinding_app::AppError::Invalid)?;
    let mut rows = Vec::new();
    // Page through the trail, newest first, as the page does.
    loop {
        let page = verbinding_app::audit::trail(&state, &viewer, &q).await?;
        let full = page.len() as i64 == q.limit;
        q.before = page.last().map(|e| e.entry.seq);
        rows.extend(page);
        if !full || rows.len() as i64 >= MAX_ROWS {
            break;
        }
    }
    rows.truncate(MAX_ROWS as usize);
    let lang = viewer.lang;
    let body = table(
        &["seq", "at_utc", "at", "actor", "action", "action_label", "object_kind", "object_id", "source"],
        rows.iter().map(|r| {
            let e = &r.entry.event;
            vec![
                r.entry.seq.to_string(),
                utc(e.at_ms),
                crate::when::moment(e.at_ms, lang, viewer.zone),
                e.actor_label.clone(),
                e.action.clone(),
                t(lang, &format!("audit.action.{}", e.action)).to_string(),
                r.object_kind.clone().unwrap_or_default(),
                e.object_id.map(|i| i.to_string()).unwrap_or_default(),
                e.source.clone(),
            ]
        }),
    );
    Ok(csv("verbinding-audit.csv", body))
}

pub async fn incidents(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(p): Query<ListParams>,
) -> Result<Response, WebError> {
    let filters = filters_of(&state, &viewer, &p).await?;
    let q = verbinding_app::incidents::parse_query(&filters)?;
    let (items, _) = verbinding_app::incidents::list(&state, &viewer, &q, 0, MAX_ROWS).await?;
    let lang = viewer.lang;
    let body = table(
        &[
            "id",
            "title",
            "status",
            "severity",
            "classification",
            "tlp",
            "lead_organisation",
            "first_activity",
            "discovery",
            "disclosure",
            "countries",
            "updated_at_utc",
        ],
        items.iter().map(|i| {
            vec![
                i.id.to_string(),
                i.title.clone(),
                t(lang, &format!("status.{}", i.status.id())).to_string(),
                t(lang, &format!("severity.{}", i.severity.id())).to_string(),
                i.classification.clone(),
                format!("TLP:{}", i.tlp.to_uppercase()),
                i.lead_org_code.clone(),
                i.first_activity.clone().unwrap_or_default(),
                i.discovery.clone().unwrap_or_default(),
                i.disclosure.clone().unwrap_or_default(),
                i.countries.join(" "),
                utc(i.updated_at),
            ]
        }),
    );
    Ok(csv("verbinding-incidents.csv", body))
}

pub async fn timeline(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let events = verbinding_app::consultations::timeline(&state, &viewer, id).await?;
    let lang = viewer.lang;
    let body = table(
        &["at_utc", "at", "event", "event_label", "actor", "detail"],
        events.iter().map(|e| {
            vec![
                utc(e.at_ms),
                crate::when::moment(e.at_ms, lang, viewer.zone),
                e.kind.clone(),
                t(lang, &format!("event.{}", e.kind)).to_string(),
                e.actor.clone().unwrap_or_default(),
                e.detail.clone(),
            ]
        }),
    );
    Ok(csv(&format!("verbinding-incident-{id}-timeline.csv"), body))
}
