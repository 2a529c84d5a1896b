//! Draaiboeken: import (validate, then store a new playbook or version in one
//! transaction with its audit event) and export (the stored document as it
//! came, with the signatures added here).

use crate::{App, AppError, Caller, audit};
use serde_json::Value;
use verbinding_domain::access::VisibilityFilter;
use verbinding_domain::audit::AuditAction;
use verbinding_domain::marking::ValidMarking;
use verbinding_domain::role::Permission;
use verbinding_playbook::schema::{CacaoSchemas, Mode};
use verbinding_playbook::{Finding, limits};
use verbinding_store::playbooks::{self, NewVersion};

/// Why an import was refused.
#[derive(Debug)]
pub enum ImportError {
    /// The document is not valid: every problem, naming step and property.
    Findings(Vec<Finding>),
    App(AppError),
}

impl From<AppError> for ImportError {
    fn from(e: AppError) -> Self {
        ImportError::App(e)
    }
}

impl From<verbinding_store::StoreError> for ImportError {
    fn from(e: verbinding_store::StoreError) -> Self {
        ImportError::App(e.into())
    }
}

impl From<sqlx::Error> for ImportError {
    fn from(e: sqlx::Error) -> Self {
        ImportError::App(e.into())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Imported {
    Created,
    NewVersion,
    /// The same content (canonically) as the current version: nothing stored.
    Unchanged,
}

#[derive(Debug)]
pub struct ImportOutcome {
    pub id: i64,
    pub cacao_id: String,
    pub name: String,
    pub version: i64,
    pub imported: Imported,
    pub tolerated: Vec<Finding>,
}

fn refuse(step: Option<&str>, property: &str, code: &'static str, detail: &str) -> ImportError {
    ImportError::Findings(vec![Finding {
        step: step.map(str::to_string),
        property: property.to_string(),
        code,
        detail: detail.to_string(),
    }])
}

/// The operator's import at the command line (who holds the database itself:
/// no viewer's need-to-know applies). See [`import`].
pub async fn import_as_operator(
    app: &App,
    caller: &Caller,
    schemas: &CacaoSchemas,
    text: &str,
    mode: Mode,
    marking: &ValidMarking,
) -> Result<ImportOutcome, ImportError> {
    caller.require_operator()?;
    import(app, caller, schemas, text, mode, marking, None).await
}

/// Validates `text` and stores it: a new playbook, a new version of the one
/// with the same CACAO id (which must carry a new `modified`), or nothing when
/// the content is unchanged. With a `viewer`, a stored draaiboek with the same
/// id that the viewer may not see is neither changed nor described (the
/// operator's command line passes none). Refused first, before anything
/// expensive: a document above the size limits (rule 11). A playbook-action
/// must call a draaiboek the importer may see (rule 3: a visible draaiboek
/// never pulls a hidden one into a run); a hidden one gets the answer an
/// unknown one gets. Callers check the permission.
async fn import(
    app: &App,
    caller: &Caller,
    schemas: &CacaoSchemas,
    text: &str,
    mode: Mode,
    marking: &ValidMarking,
    viewer: Option<&VisibilityFilter>,
) -> Result<ImportOutcome, ImportError> {
    if let Some(f) = limits::document_size(text.len()) {
        return Err(ImportError::Findings(vec![f]));
    }
    let doc: Value = serde_json::from_str(text)
        .map_err(|e| refuse(None, "", "json_invalid", &format!("not JSON: {e} (line {})", e.line())))?;
    if let Some(f) = limits::step_count(&doc) {
        return Err(ImportError::Findings(vec![f]));
    }
    let accepted = verbinding_playbook::validate::validate(schemas, doc, mode).map_err(ImportError::Findings)?;
    let mut conn = app.db.read().await?;
    if let Some(f) = viewer
        && let Some(c) = playbooks::current(&mut conn, &accepted.playbook.id).await?
        && !verbinding_store::objects::is_visible(&mut conn, f, c.id).await?
    {
        return Err(ImportError::App(AppError::invalid("document", "playbook_id_taken")));
    }
    let mut findings = call_findings(&mut conn, viewer, &accepted.playbook).await?;
    drop(conn);
    findings.extend(crate::step_assessments::import_findings(&accepted.playbook));
    if !findings.is_empty() {
        return Err(ImportError::Findings(findings));
    }
    store(app, caller, accepted, text, mode, None, marking).await
}

/// What the draaiboek's playbook-action steps call: each callee must be the
/// draaiboek itself or a stored one `viewer` may see (every stored one for
/// the operator, `None`), else `sub_playbook_unknown` — the same finding for
/// a hidden draaiboek as for one that does not exist; and the calls may nest
/// at most [`limits::MAX_DEPTH`] levels, counted through what the viewer
/// may see.
async fn call_findings(
    conn: &mut sqlx::AnyConnection,
    viewer: Option<&VisibilityFilter>,
    top: &verbinding_playbook::Playbook,
) -> Result<Vec<Finding>, AppError> {
    let mut known: std::collections::BTreeMap<String, verbinding_playbook::Playbook> = Default::default();
    let mut findings = Vec::new();
    // Breadth first, a level at a time, no further than one level beyond the limit.
    let mut level: Vec<(Option<String>, String)> =
        limits::calls(top).into_iter().map(|(step, callee)| (Some(step), callee)).collect();
    for _ in 0..=limits::MAX_DEPTH {
        let mut next = Vec::new();
        for (step, callee) in level {
            if callee == top.id || known.contains_key(&callee) {
                continue;
            }
            match loaded_if_visible(conn, viewer, &callee).await? {
                Some(p) => {
                    next.extend(limits::calls(&p).into_iter().map(|(_, c)| (None, c)));
                    known.insert(callee, p);
                }
                // Only the draaiboek's own steps are the importer's to mend.
                None if step.is_some() => findings.push(Finding {
                    step,
                    property: "playbook_id".into(),
                    code: "sub_playbook_unknown",
                    detail: format!("no draaiboek {callee} is stored that you may see: import it first"),
                }),
                None => {}
            }
        }
        level = next;
    }
    let lookup = |id: &str| if id == top.id { Some(top) } else { known.get(id) };
    findings.extend(limits::depth_finding(top, &lookup));
    Ok(findings)
}

/// The current version of a stored draaiboek, parsed, when `viewer` may see it.
async fn loaded_if_visible(
    conn: &mut sqlx::AnyConnection,
    viewer: Option<&VisibilityFilter>,
    cacao_id: &str,
) -> Result<Option<verbinding_playbook::Playbook>, AppError> {
    let Some(c) = playbooks::current(conn, cacao_id).await? else { return Ok(None) };
    if let Some(f) = viewer
        && !verbinding_store::objects::is_visible(conn, f, c.id).await?
    {
        return Ok(None);
    }
    let v = playbooks::version_unfiltered(conn, c.id, c.current_version).await?;
    let doc: Value = verbinding_store::decode("document of playbook", c.id, &v.document)?;
    Ok(verbinding_playbook::Playbook::parse(doc).ok())
}

/// A new version keeps the draaiboek's marking: the importer's choice must be
/// that marking, never silently replaced by it (rule 7). Each part that
/// differs is named.
async fn marking_differs(
    conn: &mut sqlx::AnyConnection,
    id: i64,
    chosen: &ValidMarking,
) -> Result<Vec<verbinding_domain::FieldError>, AppError> {
    let stored = verbinding_store::objects::marking(conn, id).await?;
    let tlp = verbinding_store::objects::tlp(conn, id).await?;
    let sorted = |mut v: Vec<i64>| {
        v.sort_unstable();
        v.dedup();
        v
    };
    let orgs = sorted(verbinding_store::objects::resolve_orgs(conn, &chosen.orgs, "need_to_know").await?);
    let users = sorted(verbinding_store::objects::resolve_users(conn, &chosen.users, "need_to_know_users").await?);
    let mut out = Vec::new();
    let mut differs = |same: bool, field: &'static str| {
        if !same {
            out.push(verbinding_domain::FieldError::new(field, "playbook_marking_differs"));
        }
    };
    differs(stored.classification == chosen.classification, "classification");
    differs(tlp == chosen.tlp.id(), "tlp");
    differs(stored.open_to_all == chosen.open_to_all, "open_to_all");
    if !chosen.open_to_all || !stored.open_to_all {
        differs(sorted(stored.orgs) == orgs, "need_to_know");
        differs(sorted(stored.users) == users, "need_to_know_users");
    }
    Ok(out)
}

/// Stores a validated playbook (see [`import`]).
#[allow(clippy::too_many_arguments)]
async fn store(
    app: &App,
    caller: &Caller,
    accepted: verbinding_playbook::validate::Accepted,
    text: &str,
    mode: Mode,
    builtin: Option<&str>,
    marking: &ValidMarking,
) -> Result<ImportOutcome, ImportError> {
    let p = &accepted.playbook;
    let modified = p.document.get("modified").and_then(Value::as_str).unwrap_or("").to_string();
    // The same hash the engine pins a run to, so a run finds its version again.
    let sha256 = verbinding_playbook::engine::pin(p).sha256;
    let tolerated = serde_json::to_string(&accepted.tolerated).unwrap_or_else(|_| "[]".into());
    let version = NewVersion {
        name: &p.name,
        modified: &modified,
        document: text,
        sha256: &sha256,
        mode: match mode {
            Mode::Strict => "strict",
            Mode::Lenient => "lenient",
        },
        tolerated: &tolerated,
    };
    let creator = caller.user_id();
    let mut tx = app.db.write().await?;
    let current = playbooks::current(&mut tx, &p.id).await?;
    if let Some(c) = &current
        && builtin.is_none()
    {
        // Built-ins belong to the instance: the release updates them, no import
        // does (rule 1) — an import under a built-in's id would also make the
        // next start-up's update of that built-in fail.
        if c.builtin.is_some() {
            return Err(ImportError::App(AppError::invalid("document", "playbook_builtin")));
        }
        let differs = marking_differs(&mut tx, c.id, marking).await?;
        if !differs.is_empty() {
            return Err(ImportError::App(AppError::Invalid(differs)));
        }
    }
    let (id, number, imported) = match current {
        Some(c) if c.sha256 == sha256 => (c.id, c.current_version, Imported::Unchanged),
        Some(c) if c.modified.as_str() >= modified.as_str() => {
            return Err(refuse(
                None,
                "modified",
                "modified_not_newer",
                &format!("a changed playbook needs a later modified than the stored {}", c.modified),
            ));
        }
        Some(c) => {
            let n = playbooks::add_version(&mut tx, c.id, c.current_version, &version, creator, app.now_ms()).await?;
            (c.id, n, Imported::NewVersion)
        }
        None => {
            let id = playbooks::create(&mut tx, &p.id, builtin, marking, &version, creator, app.now_ms()).await?;
            (id, 1, Imported::Created)
        }
    };
    if imported != Imported::Unchanged {
        let action =
            if imported == Imported::Created { AuditAction::ObjectCreated } else { AuditAction::ObjectUpdated };
        let e = audit::about_object(audit::event(app, caller, action), id);
        let detail = serde_json::json!({"kind": "playbook", "cacao_id": p.id, "version": number, "mode": version.mode,
                                        "tolerated": accepted.tolerated.len()});
        verbinding_store::audit::append(&mut tx, &audit::with_detail(e, detail)).await?;
        tx.commit().await?;
    }
    Ok(ImportOutcome {
        id,
        cacao_id: p.id.clone(),
        name: p.name.clone(),
        version: number,
        imported,
        tolerated: accepted.tolerated,
    })
}

/// The document of a version as it was imported, with the signatures added
/// here appended to its own; without added signatures, the very text
/// imported. A document with steps marked above the caller's clearance is
/// not given out whole (rule 4): it cannot be cut without breaking its
/// signatures, so the caller is told why, and the pages show it redacted.
pub async fn export(app: &App, caller: &Caller, id: i64, version: Option<i64>) -> Result<String, AppError> {
    let f = caller.reader()?;
    let mut conn = app.db.read().await?;
    let v = playbooks::version(&mut conn, &f, id, version).await?;
    let text = with_signatures(&mut conn, v).await?;
    let doc: Value = serde_json::from_str(&text).map_err(|e| AppError::caused("stored JSON", e))?;
    if !restricted_step_ids(&doc, caller).is_empty() {
        return Err(AppError::invalid("version", "document_above_clearance"));
    }
    // The document of a classified draaiboek leaves audited (rule 9).
    let marking = verbinding_store::objects::marking(&mut conn, id).await?;
    drop(conn);
    crate::marked::record_reads(app, caller, &[(id, &marking.classification)], Some("document")).await?;
    Ok(text)
}

/// A version's document as the caller may read it: the texts of steps marked
/// above their clearance taken out (rule 4), and which steps those are.
pub async fn readable_document(
    app: &App,
    caller: &Caller,
    id: i64,
    version: Option<i64>,
) -> Result<(Value, std::collections::BTreeSet<String>), AppError> {
    let f = caller.reader()?;
    let mut conn = app.db.read().await?;
    let v = playbooks::version(&mut conn, &f, id, version).await?;
    let mut doc: Value = serde_json::from_str(&v.document).map_err(|e| AppError::caused("stored JSON", e))?;
    let restricted = restricted_step_ids(&doc, caller);
    verbinding_playbook::engine::redact::redact_document(&mut doc, &restricted);
    Ok((doc, restricted))
}

/// The steps of a document marked above the caller's clearance.
fn restricted_step_ids(doc: &Value, caller: &Caller) -> std::collections::BTreeSet<String> {
    let Ok(playbook) = verbinding_playbook::Playbook::parse(doc.clone()) else {
        return Default::default();
    };
    let lib = verbinding_playbook::engine::Library::new([playbook]);
    crate::executions::restricted_steps(&lib, caller).into_iter().map(|(_, step)| step).collect()
}

/// Export for the operator on the command line, who holds the database
/// itself: by CACAO id, without a viewer's need-to-know.
pub async fn export_as_operator(
    app: &App,
    caller: &Caller,
    cacao_id: &str,
    version: Option<i64>,
) -> Result<String, AppError> {
    caller.require_operator()?;
    let mut conn = app.db.read().await?;
    let current = playbooks::current(&mut conn, cacao_id).await?.ok_or(AppError::NotFound)?;
    let v = playbooks::version_unfiltered(&mut conn, current.id, version.unwrap_or(current.current_version)).await?;
    with_signatures(&mut conn, v).await
}

async fn with_signatures(conn: &mut sqlx::AnyConnection, v: playbooks::Version) -> Result<String, AppError> {
    let added = playbooks::signatures(conn, v.playbook_id, v.version).await?;
    if added.is_empty() {
        return Ok(v.document);
    }
    let mut doc: Value = serde_json::from_str(&v.document).map_err(|e| AppError::caused("stored JSON", e))?;
    let mut all: Vec<Value> = doc.get("signatures").and_then(Value::as_array).cloned().unwrap_or_default();
    for s in added {
        all.push(serde_json::from_str(&s).map_err(|e| AppError::caused("stored JSON", e))?);
    }
    if let Some(o) = doc.as_object_mut() {
        o.insert("signatures".into(), Value::Array(all));
    }
    serde_json::to_string_pretty(&doc).map_err(|e| AppError::caused("stored JSON", e))
}

/// Stores (or updates to a newer shipped version) the built-in draaiboeken,
/// open to all and unclassified. They are checked with the lint and our
/// extension's schema here; their strict validity against the official
/// schemas is checked by the test suite (`builtin` corpus test). A shipped
/// version counts as approved: the release is its review, and the instance,
/// not a user, owns it (rule 7 lets only approved versions run).
///
/// Nothing a user stored stops the server from starting (rule 1): a built-in
/// that cannot be stored or approved (for example because a newer version
/// of it came in through an import before imports of built-ins were
/// refused) is logged as a warning and skipped; the stored one stays. Only a
/// built-in that is itself broken (a bug of the release) or a database that
/// does not answer fails the start.
pub async fn seed_builtin(app: &App) -> Result<usize, AppError> {
    let system = Caller::system("startup");
    let marking = ValidMarking::open_unclassified();
    let mut added = 0;
    for (slug, json) in verbinding_playbook::builtin::BUILTIN {
        let doc: Value = serde_json::from_str(json).map_err(|e| AppError::internal(format!("{slug}: {e}")))?;
        let mut problems = verbinding_playbook::extension::schema_findings(&doc);
        let playbook =
            verbinding_playbook::Playbook::parse(doc).map_err(|f| AppError::internal(format!("{slug}: {f:?}")))?;
        problems.extend(verbinding_playbook::lint(&playbook));
        problems.extend(crate::step_assessments::import_findings(&playbook));
        if !problems.is_empty() {
            return Err(AppError::internal(format!("built-in draaiboek {slug}: {problems:?}")));
        }
        let accepted = verbinding_playbook::validate::Accepted { playbook, tolerated: vec![] };
        let outcome = match store(app, &system, accepted, json, Mode::Strict, Some(slug), &marking).await {
            Ok(o) => o,
            Err(ImportError::App(AppError::Internal(e))) => return Err(AppError::Internal(e)),
            Err(e) => {
                let problem = match e {
                    ImportError::App(e) => e.to_string(),
                    ImportError::Findings(f) => f.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "),
                };
                tracing::warn!(builtin = slug, %problem, "the stored draaiboek under this built-in's id differs from the shipped one and is kept; the shipped version is not stored");
                continue;
            }
        };
        if outcome.imported != Imported::Unchanged {
            added += 1;
        }
        approve_shipped(app, slug, &outcome).await?;
    }
    Ok(added)
}

/// Approves the shipped version of a built-in when the stored current
/// version is exactly it and nobody approved it yet (databases from before
/// shipped versions counted as approved included).
async fn approve_shipped(app: &App, slug: &str, outcome: &ImportOutcome) -> Result<(), AppError> {
    let mut tx = app.db.write().await?;
    let v = playbooks::version_unfiltered(&mut tx, outcome.id, outcome.version).await?;
    let shipped = verbinding_playbook::builtin::BUILTIN.iter().any(|(s, json)| *s == slug && v.document == *json);
    if v.approved_at.is_some() || !shipped {
        if !shipped {
            tracing::warn!(builtin = slug, "the current version of this built-in is not the shipped one: not approved");
        }
        return Ok(());
    }
    playbooks::approve(&mut tx, outcome.id, outcome.version, None, app.now_ms()).await?;
    let system = Caller::system("startup");
    crate::marked::audit_about(
        &mut tx,
        app,
        &system,
        AuditAction::PlaybookApproved,
        outcome.id,
        serde_json::json!({"version": outcome.version, "shipped": true}),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// One draaiboek for a page or the API: the summary, its text in the
/// viewer's language and its versions.
#[derive(Debug, serde::Serialize)]
pub struct Detail {
    #[serde(flatten)]
    pub summary: playbooks::PlaybookSummary,
    /// Name and description in the viewer's language (Dutch from our
    /// extension's translations when there is one, else the playbook's own).
    pub title: String,
    pub description: String,
    pub versions: Vec<VersionView>,
}

#[derive(Debug, serde::Serialize)]
pub struct VersionView {
    pub version: i64,
    pub modified: String,
    pub mode: String,
    pub tolerated: Vec<serde_json::Value>,
    pub approved_at: Option<i64>,
    pub approved_by: Option<String>,
    pub imported_by: Option<String>,
    pub created_at: i64,
    /// JSS signatures in the document and added here, each verified.
    pub signatures: Vec<SignatureView>,
    /// Whether the viewer may take the whole document ([`export`]): not
    /// when it has steps marked above their clearance (rule 4).
    pub exportable: bool,
}

#[derive(Debug, serde::Serialize)]
pub struct SignatureView {
    pub signee: String,
    pub valid: bool,
    pub problem: Option<&'static str>,
}

/// The playbook's name and description in `lang` (`nl` reads our extension's translation).
pub fn texts(doc: &Value, lang: &str) -> (String, String) {
    let own = |k: &str| doc.get(k).and_then(Value::as_str).unwrap_or("").to_string();
    let translated = doc
        .get("playbook_extensions")
        .and_then(|e| e.get(verbinding_playbook::extension::EXTENSION_ID))
        .and_then(|e| e.get("translations"))
        .and_then(|t| t.get(lang));
    let pick = |k: &str| translated.and_then(|t| t.get(k)).and_then(Value::as_str).map(str::to_string);
    (pick("name").unwrap_or_else(|| own("name")), pick("description").unwrap_or_else(|| own("description")))
}

/// The draaiboeken the viewer may see, with titles in their language.
pub async fn list(
    app: &App,
    caller: &Caller,
    lang: &str,
) -> Result<Vec<(playbooks::PlaybookSummary, String)>, AppError> {
    let f = caller.reader()?;
    let mut conn = app.db.read().await?;
    let items = playbooks::list_visible(&mut conn, &f).await?;
    let mut out = Vec::with_capacity(items.len());
    for s in items {
        let v = playbooks::version_unfiltered(&mut conn, s.id, s.current_version).await?;
        let doc: Value = verbinding_store::decode("document of playbook", s.id, &v.document)?;
        out.push((s, texts(&doc, lang).0));
    }
    drop(conn);
    let shown: Vec<_> = out.iter().map(|(s, _)| (s.id, s.classification.as_str())).collect();
    crate::marked::record_reads(app, caller, &shown, Some("draaiboeken")).await?;
    Ok(out)
}

async fn user_email(conn: &mut sqlx::AnyConnection, id: Option<i64>) -> Result<Option<String>, AppError> {
    match id {
        Some(id) => Ok(Some(verbinding_store::directory::user_by_id(conn, id).await?.email)),
        None => Ok(None),
    }
}

/// NotFound unless the viewer may see the draaiboek.
pub async fn visible(app: &App, caller: &Caller, id: i64) -> Result<(), AppError> {
    let f = caller.reader()?;
    let mut conn = app.db.read().await?;
    playbooks::get_visible(&mut conn, &f, id).await?;
    Ok(())
}

/// One draaiboek with its versions (a document only for the current one).
pub async fn detail(app: &App, caller: &Caller, id: i64, lang: &str) -> Result<(Detail, Value), AppError> {
    let f = caller.reader()?;
    let mut conn = app.db.read().await?;
    let summary = playbooks::get_visible(&mut conn, &f, id).await?;
    let current = playbooks::version(&mut conn, &f, id, None).await?;
    let doc: Value = serde_json::from_str(&current.document).map_err(|e| AppError::caused("stored JSON", e))?;
    let (title, description) = texts(&doc, lang);
    let mut versions = Vec::new();
    for v in playbooks::versions(&mut conn, &f, id).await? {
        let full = playbooks::version_unfiltered(&mut conn, id, v.version).await?;
        let exported: Value = serde_json::from_str(&with_signatures(&mut conn, full).await?)
            .map_err(|e| AppError::caused("stored JSON", e))?;
        let signatures = verbinding_playbook::signature::verify(&exported)
            .into_iter()
            .map(|c| SignatureView { signee: c.signee, valid: c.valid, problem: c.problem })
            .collect();
        versions.push(VersionView {
            version: v.version,
            modified: v.modified,
            mode: v.mode,
            tolerated: verbinding_store::decode("tolerated findings of playbook", id, &v.tolerated)?,
            approved_at: v.approved_at,
            approved_by: user_email(&mut conn, v.approved_by).await?,
            imported_by: user_email(&mut conn, v.created_by).await?,
            created_at: v.created_at,
            exportable: restricted_step_ids(&exported, caller).is_empty(),
            signatures,
        });
    }
    drop(conn);
    crate::marked::record_reads(app, caller, &[(id, &summary.classification)], None).await?;
    Ok((Detail { summary, title, description, versions }, doc))
}

/// A decision maker approves a version for use. Four eyes: whoever imported
/// it cannot approve it. Approval is recorded once and audited.
pub async fn approve(app: &App, caller: &Caller, id: i64, version: Result<i64, AppError>) -> Result<(), AppError> {
    caller.require(Permission::Decide)?;
    let user = caller.account()?;
    let f = caller.reader()?;
    let mut tx = app.db.write().await?;
    let v = playbooks::version(&mut tx, &f, id, None).await?;
    let version = version?;
    if version != v.version {
        let exists = playbooks::versions(&mut tx, &f, id).await?.iter().any(|x| x.version == version);
        return Err(if exists {
            AppError::invalid("version", "playbook_version_not_current")
        } else {
            AppError::invalid("version", "playbook_version_unknown")
        });
    }
    if v.approved_at.is_some() {
        return Err(AppError::invalid("version", "playbook_already_approved"));
    }
    if v.created_by == Some(user.id) {
        return Err(AppError::invalid("version", "own_import"));
    }
    // Approving vouches for what the version calls: the approver must see
    // every sub-draaiboek (rule 3), and the answer for a hidden one is the
    // answer for one that does not exist.
    let doc: Value = verbinding_store::decode("document of playbook", id, &v.document)?;
    if let Ok(p) = verbinding_playbook::Playbook::parse(doc)
        && call_findings(&mut tx, Some(&f), &p).await?.iter().any(|x| x.code == "sub_playbook_unknown")
    {
        return Err(AppError::invalid("version", "sub_playbook_unknown"));
    }
    playbooks::approve(&mut tx, id, version, Some(user.id), app.now_ms()).await?;
    crate::marked::audit_about(
        &mut tx,
        app,
        caller,
        AuditAction::PlaybookApproved,
        id,
        serde_json::json!({"version": version}),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// An import by a user (a coordinator): the schemas must be configured; the
/// marking is the user's choice, within their own clearance.
pub async fn import_by_user(
    app: &App,
    caller: &Caller,
    text: &str,
    mode: Mode,
    marking: &verbinding_domain::marking::MarkingInput,
) -> Result<ImportOutcome, AppError> {
    caller.require(Permission::Coordinate)?;
    let schemas = app.cacao_schemas.clone().ok_or_else(|| AppError::invalid("document", "cacao_schemas_missing"))?;
    let mut v = verbinding_domain::error::Validator::new();
    let valid = marking.check(&app.config.ceiling, &mut v);
    v.finish()?;
    let valid = valid.ok_or(AppError::BadRequest)?;
    crate::marked::within_own_clearance(&caller.principal, &valid)?;
    let f = caller.reader()?;
    match import(app, caller, &schemas, text, mode, &valid, Some(&f)).await {
        Ok(o) => Ok(o),
        Err(ImportError::Findings(f)) => Err(AppError::Findings(f)),
        Err(ImportError::App(e)) => Err(e),
    }
}

/// Reads the official CACAO schema folder (every `.json` under it).
pub fn load_schemas(dir: &std::path::Path) -> Result<CacaoSchemas, String> {
    fn walk(dir: &std::path::Path, out: &mut Vec<Value>) -> Result<(), String> {
        let entries = std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
        for entry in entries {
            let path = entry.map_err(|e| e.to_string())?.path();
            if path.is_dir() {
                walk(&path, out)?;
            } else if path.extension().is_some_and(|e| e == "json") {
                let text =
                    std::fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
                out.push(serde_json::from_str(&text).map_err(|e| format!("{} is not JSON: {e}", path.display()))?);
            }
        }
        Ok(())
    }
    let mut docs = Vec::new();
    walk(dir, &mut docs)?;
    CacaoSchemas::new(docs).map_err(|e| format!("{}: {e}", dir.display()))
}

/// Signs an approved version with the operator's key (JSS, RS256) and keeps
/// the signature beside the version; export then carries it. Only an approved
/// version is signed: a signature vouches for what was approved.
pub async fn sign_as_operator(
    app: &App,
    caller: &Caller,
    cacao_id: &str,
    version: Option<i64>,
    private_key_pem: &str,
    signee: &str,
) -> Result<verbinding_playbook::signature::Check, AppError> {
    caller.require_operator()?;
    let mut conn = app.db.read().await?;
    let current = playbooks::current(&mut conn, cacao_id).await?.ok_or(AppError::NotFound)?;
    let number = version.unwrap_or(current.current_version);
    let v = playbooks::version_unfiltered(&mut conn, current.id, number).await?;
    if v.approved_at.is_none() {
        return Err(AppError::invalid("version", "playbook_not_approved"));
    }
    let doc: Value =
        serde_json::from_str(&with_signatures(&mut conn, v).await?).map_err(|e| AppError::caused("stored JSON", e))?;
    drop(conn);
    let public_key = verbinding_playbook::signature::public_key_of(private_key_pem)
        .map_err(|_| AppError::invalid("key", "signing_key_invalid"))?;
    let at = crate::clock::rfc3339(app.now_ms());
    let template = serde_json::json!({
        "type": "jss", "id": format!("jss--{}", uuid::Uuid::new_v4()), "created_by": doc["created_by"],
        "created": at, "modified": at, "signee": signee, "valid_from": at,
        "related_to": doc["id"], "related_version": doc["modified"],
        "hash_algorithm": "sha-256", "algorithm": "RS256", "public_key": public_key,
    });
    let signed = verbinding_playbook::signature::sign(&doc, &template, private_key_pem)
        .map_err(|e| AppError::invalid("key", e.code()))?;
    let signature = signed["signatures"].as_array().and_then(|a| a.last()).cloned().unwrap_or_default();
    let check = verbinding_playbook::signature::verify(&signed).pop().ok_or(AppError::internal("no signature"))?;
    let mut tx = app.db.write().await?;
    playbooks::add_signature(&mut tx, current.id, number, &signature.to_string(), None, app.now_ms()).await?;
    let e = audit::about_object(audit::event(app, caller, AuditAction::ObjectUpdated), current.id);
    let detail = serde_json::json!({"kind": "playbook", "signed": number, "signee": signee});
    verbinding_store::audit::append(&mut tx, &audit::with_detail(e, detail)).await?;
    tx.commit().await?;
    Ok(check)
}
