//! Incident dossiers: create, read, edit, move through the lifecycle, and
//! add timeline entries. Each change is one transaction with its audit event.

use crate::marked::{Change, Read};
use crate::{App, AppError, Caller};
use verbinding_domain::audit::AuditAction;
use verbinding_domain::incident::{IncidentInput, STATUSES, transition_allowed};
use verbinding_domain::role::Permission;
use verbinding_store::incidents::{self, Incident};

/// Creates an incident; like every object, its author must be cleared for it
/// and covered by its need-to-know list.
pub async fn create(app: &App, caller: &Caller, input: &IncidentInput) -> Result<i64, AppError> {
    caller.require(Permission::WriteObjects)?;
    // A writer who reads: the command line holds WriteObjects but files nothing.
    caller.reader()?;
    let valid = input.validate(&app.config.ceiling)?;
    let mut c = Change::begin(app, caller, Permission::WriteObjects).await?;
    c.within_own_clearance(&valid.marking)?;
    let (by, now) = (c.user_id()?, c.now_ms());
    let id = incidents::create(&mut c.tx, &valid, by, now).await?;
    c.finish(id, AuditAction::ObjectCreated, serde_json::json!({"kind": "incident"})).await?;
    Ok(id)
}

/// Reads one incident; reads above Ongerubriceerd are audited in the same
/// transaction.
pub async fn read(app: &App, caller: &Caller, id: i64) -> Result<Incident, AppError> {
    let mut r = Read::begin(app, caller).await?;
    let i = incidents::get_visible(&mut r.tx, &r.filter, id).await?;
    r.finish(id, &i.classification).await?;
    Ok(i)
}

/// Loads through the visibility rule without recording a read (edit forms,
/// answers after a change).
pub async fn load(app: &App, caller: &Caller, id: i64) -> Result<Incident, AppError> {
    let f = caller.reader()?;
    let mut conn = app.db.pool.acquire().await?;
    Ok(incidents::get_visible(&mut conn, &f, id).await?)
}

pub async fn update(app: &App, caller: &Caller, id: i64, version: i64, input: &IncidentInput) -> Result<(), AppError> {
    // Visibility first: someone who may not see it learns nothing, not
    // even whether their input would have been valid.
    let mut c = Change::begin(app, caller, Permission::WriteObjects).await?;
    incidents::get_visible(&mut c.tx, &c.filter, id).await?;
    let valid = input.validate(&app.config.ceiling)?;
    c.within_own_clearance(&valid.marking)?;
    let (by, now) = (c.user_id()?, c.now_ms());
    incidents::update(&mut c.tx, id, version, &valid, by, now).await?;
    c.finish(id, AuditAction::ObjectUpdated, serde_json::json!({})).await
}

/// Moves the incident to the next or previous phase.
pub async fn set_status(app: &App, caller: &Caller, id: i64, version: i64, to: &str) -> Result<(), AppError> {
    let mut c = Change::begin(app, caller, Permission::WriteObjects).await?;
    let current = incidents::get_visible(&mut c.tx, &c.filter, id).await?;
    if !STATUSES.contains(&to) || !transition_allowed(&current.status, to) {
        return Err(AppError::invalid("status", "transition_not_allowed"));
    }
    let (by, now) = (c.user_id()?, c.now_ms());
    let from = incidents::set_status(&mut c.tx, id, version, to, by, now).await?;
    c.audit(AuditAction::ObjectUpdated, id, serde_json::json!({"status": {"from": from, "to": to}})).await?;
    c.commit().await
}

pub const NOTE_MAX: usize = 2_000;

/// Adds a manual entry to the timeline (what happened, when).
pub async fn add_note(app: &App, caller: &Caller, id: i64, text: &str) -> Result<(), AppError> {
    // Visibility first: someone who may not see the incident learns nothing,
    // not even whether their input would have been valid.
    let mut c = Change::begin(app, caller, Permission::WriteObjects).await?;
    incidents::get_visible(&mut c.tx, &c.filter, id).await?;
    let text = text.trim();
    if text.is_empty() {
        return Err(AppError::invalid("note", "required"));
    }
    if text.chars().count() > NOTE_MAX {
        return Err(AppError::invalid("note", "too_long"));
    }
    let event = incidents::NewEvent {
        kind: "note",
        detail: serde_json::json!({"text": text}),
        by: Some(c.user_id()?),
        object_id: None,
    };
    let now = c.now_ms();
    incidents::add_event(&mut c.tx, id, event, now).await?;
    c.audit(AuditAction::ObjectUpdated, id, serde_json::json!({"timeline": "note"})).await?;
    c.commit().await
}

/// Checks list filters so a typo is named instead of silently matching nothing.
pub fn check_query(q: &incidents::IncidentQuery) -> Result<(), AppError> {
    use verbinding_domain::directory::valid_date;
    use verbinding_domain::incident::{NIS2_SECTORS, SEVERITIES};
    let mut v = verbinding_domain::error::Validator::new();
    let set = |s: &Option<String>| s.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
    if let Some(s) = set(&q.status) {
        v.check(STATUSES.contains(&s.as_str()), "status", "status_unknown");
    }
    if let Some(s) = set(&q.severity) {
        v.check(SEVERITIES.contains(&s.as_str()), "severity", "severity_unknown");
    }
    if let Some(s) = set(&q.sector) {
        v.check(NIS2_SECTORS.contains(&s.as_str()), "sector", "sector_unknown");
    }
    if let Some(s) = set(&q.from) {
        v.check(valid_date(&s), "from", "date_invalid");
    }
    if let Some(s) = set(&q.to) {
        v.check(valid_date(&s), "to", "date_invalid");
    }
    if let (Some(f), Some(t)) = (set(&q.from), set(&q.to)) {
        v.check(f <= t, "to", "date_before_from");
    }
    if let Some(s) = set(&q.sort) {
        v.check(["newest", "oldest", "severity", "discovery"].contains(&s.as_str()), "sort", "sort_unknown");
    }
    Ok(v.finish()?)
}

/// Records a partner's part in the response (informed, joined a statement,
/// declined). Only partner states and international organisations qualify.
pub async fn add_partner(
    app: &App,
    caller: &Caller,
    id: i64,
    input: &verbinding_domain::partners::PartnerInput,
) -> Result<(), AppError> {
    let mut c = Change::begin(app, caller, Permission::WriteObjects).await?;
    incidents::get_visible(&mut c.tx, &c.filter, id).await?;
    let valid = input.validate()?;
    let (by, now) = (c.user_id()?, c.now_ms());
    verbinding_store::partners::add(&mut c.tx, id, &valid, by, now).await?;
    let detail = serde_json::json!({"partner": valid.partner, "relation": valid.relation});
    c.audit(AuditAction::ObjectUpdated, id, detail).await?;
    c.commit().await
}
