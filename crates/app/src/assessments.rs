//! Assessments by the organisations involved. The author organisation is the
//! writer's own; only its members (or members of its units) may revise it.

use crate::marked::{Change, Read};
use crate::{App, AppError, Caller};
use verbinding_domain::access::Principal;
use verbinding_domain::assessment::AssessmentInput;
use verbinding_domain::audit::AuditAction;
use verbinding_domain::role::Permission;
use verbinding_store::assessments::{self, Assessment};
use verbinding_store::incidents;

pub async fn create(app: &App, caller: &Caller, incident_id: i64, input: &AssessmentInput) -> Result<i64, AppError> {
    let mut c = Change::begin(app, caller, Permission::WriteObjects).await?;
    incidents::get_visible(&mut c.tx, &c.filter, incident_id).await?;
    let valid = input.validate(&app.config.ceiling)?;
    c.within_own_clearance(&valid.marking)?;
    let user = c.caller().account()?;
    let (org, by, now) = (user.org_id, user.id, c.now_ms());
    let id = assessments::create(&mut c.tx, incident_id, &valid, org, by, now).await?;
    let detail = serde_json::json!({"kind": "assessment", "assessment": valid.kind, "incident": incident_id});
    c.finish(id, AuditAction::ObjectCreated, detail).await?;
    Ok(id)
}

/// Reads one assessment; reads above Ongerubriceerd are audited.
pub async fn read(app: &App, caller: &Caller, id: i64) -> Result<Assessment, AppError> {
    let mut r = Read::begin(app, caller).await?;
    let a = assessments::get_visible(&mut r.conn, &r.filter, id).await?;
    r.finish(id, &a.classification).await?;
    Ok(a)
}

pub async fn load(app: &App, caller: &Caller, id: i64) -> Result<Assessment, AppError> {
    let f = caller.reader()?;
    let mut conn = app.db.read().await?;
    Ok(assessments::get_visible(&mut conn, &f, id).await?)
}

/// Whether the principal belongs to the author organisation (or one of its units).
pub fn is_author(principal: &Principal, a: &Assessment) -> bool {
    principal.org_chain.contains(&a.author_org_id)
}

pub async fn update(
    app: &App,
    caller: &Caller,
    id: i64,
    version: i64,
    input: &AssessmentInput,
) -> Result<(), AppError> {
    let mut c = Change::begin(app, caller, Permission::WriteObjects).await?;
    let current = assessments::get_visible(&mut c.tx, &c.filter, id).await?;
    if !is_author(&caller.principal, &current) {
        return Err(AppError::Forbidden);
    }
    // The kind is fixed at creation: a revision may leave it out, but one
    // that names another kind is refused rather than silently re-kinded.
    let kind = input.kind.trim();
    if !kind.is_empty() && kind != current.kind.id() {
        return Err(AppError::invalid("kind", "kind_fixed"));
    }
    let input = AssessmentInput { kind: current.kind.id().to_string(), ..input.clone() };
    let valid = input.validate(&app.config.ceiling)?;
    c.within_own_clearance(&valid.marking)?;
    let (by, now) = (c.user_id()?, c.now_ms());
    let edit = verbinding_store::objects::Edit { id, version, editor: by, now_ms: now };
    assessments::update(&mut c.tx, &edit, &valid).await?;
    c.finish(id, AuditAction::ObjectUpdated, serde_json::json!({"version": version + 1})).await
}

/// The assessments of an incident the caller may see: those they may read,
/// and those whose existence they may know of but not read.
pub async fn of_incident(
    app: &App,
    caller: &Caller,
    incident_id: i64,
) -> Result<(Vec<Assessment>, Vec<assessments::RestrictedAssessment>), AppError> {
    let f = caller.reader()?;
    let mut conn = app.db.read().await?;
    incidents::get_visible(&mut conn, &f, incident_id).await?;
    let (readable, restricted) = assessments::for_incident(&mut conn, &f, incident_id).await?;
    drop(conn);
    let shown: Vec<(i64, &str)> = readable.iter().map(|a| (a.id, a.classification.as_str())).collect();
    crate::marked::record_reads(app, caller, &shown, Some("incident-assessments")).await?;
    Ok((readable, restricted))
}

/// The versions of an assessment the caller may read, as far as each
/// version's own marking lets them.
pub async fn versions(app: &App, caller: &Caller, id: i64) -> Result<Vec<assessments::AssessmentVersion>, AppError> {
    let f = caller.reader()?;
    let mut conn = app.db.read().await?;
    let a = assessments::get_visible(&mut conn, &f, id).await?;
    let list = assessments::versions(&mut conn, &f, id).await?;
    drop(conn);
    crate::marked::record_reads(app, caller, &[(id, &a.classification)], Some("versions")).await?;
    Ok(list)
}
