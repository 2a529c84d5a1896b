//! Claims, delegations, comments and attachments on the tasks of a draaiboek
//! run. Whoever may see the execution (the incident's need-to-know) reads
//! them; whoever may act on the task adds them. Nothing here reaches anyone
//! outside the need-to-know: delegates are offered only among people who may
//! see the incident, and an invisible execution answers 404 like an absent one.

use crate::AppError;
use crate::executions as act;
use crate::{App, Caller};
use sha2::{Digest, Sha256};
use verbinding_domain::access::{Principal, VisibilityFilter, may_see};
use verbinding_domain::audit::AuditAction;
use verbinding_domain::role::Permission;
use verbinding_store::directory;
use verbinding_store::executions::{self, TaskOwner};
use verbinding_store::tasks::{self, Attachment, NamedNote, NewAttachment};

/// The largest file one may attach: 10 MiB.
pub const MAX_ATTACHMENT: usize = 10 * 1024 * 1024;

/// A task of a run the viewer may see, with the object guarding the run.
pub struct KnownTask {
    pub guard: i64,
    pub owner: TaskOwner,
}

/// The execution exists and the viewer may see it (else 404), and the task
/// is one of its tasks not marked above the viewer's clearance (else the
/// field `task` is named, alike for both: rule 4).
pub async fn known_task(app: &App, caller: &Caller, id: i64, task: &str) -> Result<KnownTask, AppError> {
    let f = caller.reader()?;
    let mut conn = app.db.read().await?;
    let guard = executions::get_visible(&mut conn, &f, id).await?.guard_object_id;
    let owner = executions::visible_task_owner(&mut conn, &f, id, task)
        .await?
        .ok_or_else(|| AppError::invalid("task", "task_unknown"))?;
    Ok(KnownTask { guard, owner })
}

/// An open task of a visible run that the viewer may act on. Checks in
/// order: the execution is visible (404), the task is one of its tasks and
/// open (`task`), the viewer may act on it (403).
async fn actionable(app: &App, caller: &Caller, id: i64, task: &str) -> Result<KnownTask, AppError> {
    let known = known_task(app, caller, id, task).await?;
    if known.owner.open == 0 {
        return Err(AppError::invalid("task", "task_closed"));
    }
    act::may_act_as(&caller.principal, Some(&known.owner))?;
    Ok(known)
}

/// A claim, delegation or comment as sent by a page or the API.
pub struct NoteInput<'a> {
    pub task: &'a str,
    /// `claim`, `delegate` (with `to`, an email) or `comment` (with `text`).
    pub kind: &'a str,
    pub to: Option<&'a str>,
    pub text: &'a str,
}

/// Claims a task for oneself, delegates it to a colleague (recorded), or
/// comments on it, in one transaction with its audit event (about the
/// incident). Only someone who may act on the task does so; a delegate must
/// belong to an organisation the task is for (or escalated to), or be a
/// coordinator, and may see the run, so a task never reaches someone outside
/// the need-to-know.
pub async fn note(app: &App, caller: &Caller, id: i64, n: &NoteInput<'_>) -> Result<(), AppError> {
    caller.require(Permission::WriteObjects)?;
    let KnownTask { guard, owner } = actionable(app, caller, id, n.task).await?;
    let user = caller.account()?;
    let (task, kind, text) = (n.task, n.kind, n.text.trim());
    let to = n.to.map(str::trim).filter(|t| !t.is_empty());
    let now = app.now_ms();
    let mut tx = app.db.write().await?;
    match kind {
        "claim" => executions::assign(&mut tx, id, task, user.id, "claimed", text, user.id, now).await?,
        "delegate" => {
            let email =
                verbinding_domain::directory::normalise_email(to.ok_or_else(|| AppError::invalid("to", "required"))?);
            let delegate = directory::login_lookup(&mut tx, &email)
                .await?
                .map(|(u, _)| u)
                .ok_or_else(|| AppError::invalid("to", "user_unknown"))?;
            // A deactivated account cannot act: a task given to it would
            // sit with nobody (the pool never offers one either).
            if !delegate.active {
                return Err(AppError::invalid("to", "delegate_not_allowed"));
            }
            let delegate_principal = directory::principal(&mut tx, &delegate).await?;
            let reachable = delegate_principal.has(Permission::Coordinate)
                || owner.org_id.is_some_and(|o| delegate_principal.org_chain.contains(&o))
                || owner.escalated_org_id.is_some_and(|o| delegate_principal.org_chain.contains(&o));
            let df = VisibilityFilter::for_principal(&delegate_principal)
                .ok_or_else(|| AppError::invalid("to", "delegate_not_allowed"))?;
            if !reachable
                || !cleared_for_task(&delegate_principal, &owner)
                || !verbinding_store::objects::is_visible(&mut tx, &df, guard).await?
            {
                return Err(AppError::invalid("to", "delegate_not_allowed"));
            }
            executions::assign(&mut tx, id, task, delegate.id, "delegated", text, user.id, now).await?
        }
        "comment" if text.is_empty() => return Err(AppError::invalid("text", "required")),
        "comment" => executions::add_note(&mut tx, id, task, "comment", text, None, user.id, now).await?,
        _ => return Err(AppError::invalid("kind", "note_kind_unknown")),
    }
    let detail = serde_json::json!({"execution": id, "task": task, "note": kind, "to": to});
    crate::marked::audit_about(&mut tx, app, caller, AuditAction::ExecutionChanged, guard, detail).await?;
    tx.commit().await?;
    Ok(())
}

/// The execution exists and the viewer may see it (else 404).
pub async fn visible(app: &App, caller: &Caller, id: i64) -> Result<(), AppError> {
    let f = caller.reader()?;
    let mut conn = app.db.read().await?;
    executions::get_visible(&mut conn, &f, id).await?;
    Ok(())
}

/// The notes of an execution the viewer may see, with names.
pub async fn notes(app: &App, caller: &Caller, id: i64) -> Result<Vec<NamedNote>, AppError> {
    let f = caller.reader()?;
    let mut conn = app.db.read().await?;
    executions::get_visible(&mut conn, &f, id).await?;
    Ok(tasks::notes(&mut conn, &f, id).await?)
}

/// Someone a task may be delegated to.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Candidate {
    pub email: String,
    pub name: String,
    pub organisation: String,
    #[serde(skip)]
    principal: Principal,
}

/// The active people who may see the execution's incident: the pool the
/// delegates of every task are chosen from. Empty for a viewer who may not
/// know the directory (then nobody is listed).
pub async fn delegate_pool(app: &App, caller: &Caller, id: i64) -> Result<Vec<Candidate>, AppError> {
    let f = caller.reader()?;
    if !caller.may(Permission::ViewDirectory) {
        return Ok(Vec::new());
    }
    let mut conn = app.db.read().await?;
    let guard = executions::get_visible(&mut conn, &f, id).await?.guard_object_id;
    let marking = verbinding_store::objects::marking(&mut conn, guard).await?;
    let orgs = directory::list_orgs(&mut conn).await?;
    let users = directory::list_users(&mut conn, None, None, 100_000).await?;
    Ok(users
        .into_iter()
        .filter(|u| u.active)
        .map(|u| {
            let principal = directory::principal_in(&orgs, &u);
            Candidate { organisation: directory::code_of(&orgs, u.org_id), email: u.email, name: u.name, principal }
        })
        .filter(|c| may_see(&c.principal, &marking))
        .collect())
}

/// Of the pool, those this task may be delegated to (the rule of
/// [`note`]): members of the organisation it is for or
/// escalated to, and coordinators; never the viewer.
pub fn candidates(pool: &[Candidate], owner: &TaskOwner, viewer: &Principal) -> Vec<Candidate> {
    let within = |p: &Principal, o: Option<i64>| o.is_some_and(|o| p.org_chain.contains(&o));
    pool.iter()
        .filter(|c| c.principal.user_id != viewer.user_id)
        .filter(|c| cleared_for_task(&c.principal, owner))
        .filter(|c| {
            c.principal.has(Permission::Coordinate)
                || within(&c.principal, owner.org_id)
                || within(&c.principal, owner.escalated_org_id)
        })
        .cloned()
        .collect()
}

/// Whether someone is cleared for a task's marking (rule 4): a task goes
/// only to people who may read its step.
fn cleared_for_task(p: &Principal, owner: &TaskOwner) -> bool {
    owner.classification.as_deref().is_none_or(|c| verbinding_domain::classification::cleared_for(&p.clearance, c))
}

/// The task rows of an execution by key (for the owner of each task).
pub async fn owners(
    app: &App,
    caller: &Caller,
    id: i64,
    keys: &[String],
) -> Result<Vec<(String, TaskOwner)>, AppError> {
    let f = caller.reader()?;
    let mut conn = app.db.read().await?;
    executions::check_visible(&mut conn, &f, id).await?;
    let mut out = Vec::new();
    for k in keys {
        if let Some(o) = executions::visible_task_owner(&mut conn, &f, id, k).await? {
            out.push((k.clone(), o));
        }
    }
    Ok(out)
}

/// A file as received, before it is checked.
pub struct Upload {
    pub file_name: String,
    pub media_type: String,
    pub bytes: Vec<u8>,
}

/// A file name safe in a header and on any file system: the last path
/// component, letters, digits, `.`, `-` and `_` only, no leading dot, at
/// most 100 characters.
pub fn sanitise(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("");
    let clean: String =
        base.chars().map(|c| if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') { c } else { '_' }).collect();
    let clean = clean.trim_start_matches('.');
    let clean: String = clean.chars().take(100).collect();
    if clean.is_empty() || clean.chars().all(|c| c == '_') { "attachment".into() } else { clean }
}

/// The same rule as [`sanitise`] for the `filename*` of a download, which
/// may carry any letter or digit (UTF-8): the last path component, letters,
/// digits, `.`, `-` and `_`, no leading dot, at most 100 characters. A name
/// with nothing of it left is [`sanitise`]'s.
pub fn sanitise_unicode(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("");
    let clean: String =
        base.chars().map(|c| if c.is_alphanumeric() || matches!(c, '.' | '-' | '_') { c } else { '_' }).collect();
    let clean: String = clean.trim_start_matches('.').chars().take(100).collect();
    if clean.is_empty() || clean.chars().all(|c| c == '_') { sanitise(name) } else { clean }
}

/// A declared media type kept as given when it looks like one (`type/subtype`).
fn media_type(declared: &str) -> String {
    let d = declared.trim();
    let token = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || "!#$&^_.+-".contains(c));
    match d.split_once('/') {
        Some((a, b)) if d.len() <= 127 && token(a) && token(b.split(';').next().unwrap_or("").trim()) => {
            d.split(';').next().unwrap_or(d).trim().to_ascii_lowercase()
        }
        _ => "application/octet-stream".into(),
    }
}

/// A file that passed the checks every upload meets: there, at most
/// 10 MiB, its name made safe for a download and its digest taken.
pub(crate) struct CheckedFile {
    pub original_name: String,
    pub file_name: String,
    pub media_type: String,
    pub sha256: String,
    pub bytes: Vec<u8>,
}

impl CheckedFile {
    pub(crate) fn from(upload: Upload) -> Result<CheckedFile, AppError> {
        if upload.bytes.len() > MAX_ATTACHMENT {
            return Err(AppError::invalid("file", "file_too_large"));
        }
        if upload.bytes.is_empty() && upload.file_name.trim().is_empty() {
            return Err(AppError::invalid("file", "required"));
        }
        let original: String = upload.file_name.chars().filter(|c| !c.is_control()).take(255).collect();
        let original_name = if original.trim().is_empty() { "attachment".to_string() } else { original };
        Ok(CheckedFile {
            file_name: sanitise(&original_name),
            media_type: media_type(&upload.media_type),
            sha256: hex::encode(Sha256::digest(&upload.bytes)),
            original_name,
            bytes: upload.bytes,
        })
    }
}

/// Attaches a file to a task, in one transaction with its audit event
/// (about the incident). Checks in order: the execution is visible (404),
/// the task is one of its tasks and open (`task`), the caller may act on it
/// (403), the file is there and at most 10 MiB (`file`).
pub async fn attach(
    app: &App,
    caller: &Caller,
    id: i64,
    task: &str,
    upload: Result<Upload, AppError>,
) -> Result<i64, AppError> {
    caller.require(Permission::WriteObjects)?;
    let KnownTask { guard, .. } = actionable(app, caller, id, task).await?;
    let user = caller.account()?;
    let file = CheckedFile::from(upload?)?;
    let now = app.now_ms();
    let mut tx = app.db.write().await?;
    let attachment = tasks::add_attachment(
        &mut tx,
        &NewAttachment {
            execution_id: id,
            task,
            file_name: &file.file_name,
            original_name: &file.original_name,
            media_type: &file.media_type,
            sha256: &file.sha256,
            uploaded_by: user.id,
            content: &file.bytes,
        },
        now,
    )
    .await?;
    let detail = serde_json::json!({"execution": id, "task": task, "attachment": attachment,
                                    "file_name": file.original_name, "size": file.bytes.len(), "sha256": file.sha256});
    crate::marked::audit_about(&mut tx, app, caller, AuditAction::ExecutionAttachmentAdded, guard, detail).await?;
    tx.commit().await?;
    Ok(attachment)
}

/// The attachments of an execution the viewer may see.
pub async fn attachments(app: &App, caller: &Caller, id: i64) -> Result<Vec<Attachment>, AppError> {
    let f = caller.reader()?;
    let mut conn = app.db.read().await?;
    executions::get_visible(&mut conn, &f, id).await?;
    Ok(tasks::attachments(&mut conn, &f, id).await?)
}

/// One attachment with its bytes; 404 when the execution is invisible or
/// the attachment is not one of its own.
pub async fn attachment(
    app: &App,
    caller: &Caller,
    id: i64,
    attachment: i64,
) -> Result<(Attachment, Vec<u8>), AppError> {
    let f = caller.reader()?;
    let mut conn = app.db.read().await?;
    let guard = executions::get_visible(&mut conn, &f, id).await?.guard_object_id;
    let found = tasks::attachment(&mut conn, &f, id, attachment).await?;
    // A download of a classified run's file is audited before it is handed out (rule 9).
    let marking = verbinding_store::objects::marking(&mut conn, guard).await?;
    drop(conn);
    crate::marked::record_reads(app, caller, &[(guard, &marking.classification)], Some("attachment")).await?;
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_sanitised_and_media_types_kept_when_plausible() {
        assert_eq!(sanitise("../../etc/passwd"), "passwd");
        assert_eq!(sanitise_unicode("../Verslag\r\nSet-Cookie: x\";.pdf"), "Verslag__Set-Cookie__x__.pdf");
        assert_eq!(sanitise_unicode("..\\überblick année.pdf"), "überblick_année.pdf");
        assert_eq!(sanitise_unicode("../.."), "attachment");
        assert_eq!(sanitise("C:\\temp\\verslag juni.pdf"), "verslag_juni.pdf");
        assert_eq!(sanitise(".htaccess"), "htaccess");
        assert_eq!(sanitise("\"; x=y.txt"), "___x_y.txt");
        assert_eq!(sanitise("ééé"), "attachment");
        assert_eq!(media_type("Application/PDF; charset=x"), "application/pdf");
        assert_eq!(media_type("text/html\r\nX: y"), "application/octet-stream");
        assert_eq!(media_type("nonsense"), "application/octet-stream");
    }
}
