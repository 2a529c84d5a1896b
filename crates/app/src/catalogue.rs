//! Importing reference catalogues (the MISP threat-actor galaxy). Re-imports
//! update by UUID and never duplicate.

use crate::{App, AppError, Caller, audit};
use verbinding_domain::audit::AuditAction;
use verbinding_domain::misp::ThreatActorRecord;
use verbinding_domain::role::Permission;
use verbinding_store::threat_actors::{self, Upserted};

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct ImportSummary {
    pub inserted: usize,
    pub updated: usize,
    pub unchanged: usize,
}

/// Rows per transaction: large enough to be fast, small enough that a
/// failure loses little and readers are never blocked for long.
const BATCH: usize = 200;

/// Upserts every record, reporting (done, total) after each batch. Each batch
/// is one transaction; the audit event is written with the last one.
pub async fn import_threat_actors(
    app: &App,
    caller: &Caller,
    records: &[ThreatActorRecord],
    mut progress: impl FnMut(usize, usize),
) -> Result<ImportSummary, AppError> {
    caller.require(Permission::ManageCatalogue)?;
    let mut summary = ImportSummary::default();
    let total = records.len();
    let chunks: Vec<&[ThreatActorRecord]> = records.chunks(BATCH).collect();
    let last = chunks.len().saturating_sub(1);
    let mut done = 0;
    if records.is_empty() {
        progress(0, 0);
    }
    for (n, chunk) in chunks.into_iter().enumerate() {
        let mut tx = app.db.write().await?;
        for r in chunk {
            match threat_actors::upsert(&mut tx, r, app.now_ms()).await? {
                Upserted::Inserted => summary.inserted += 1,
                Upserted::Updated => summary.updated += 1,
                Upserted::Unchanged => summary.unchanged += 1,
            }
        }
        if n == last {
            let e = audit::event(app, caller, AuditAction::CatalogueImported);
            let detail = serde_json::json!({"catalogue": "misp-threat-actor", "inserted": summary.inserted, "updated": summary.updated, "unchanged": summary.unchanged});
            verbinding_store::audit::append(&mut tx, &audit::with_detail(e, detail)).await?;
        }
        tx.commit().await?;
        done += chunk.len();
        progress(done, total);
    }
    Ok(summary)
}

/// Adds an administrator's own option to the catalogue of response options.
pub async fn add_option(
    app: &App,
    caller: &Caller,
    input: &verbinding_domain::response::OptionInput,
) -> Result<(), AppError> {
    caller.require(Permission::ManageCatalogue)?;
    let input = &input.normalized();
    let mut v = verbinding_domain::error::Validator::new();
    input.check(&mut v);
    v.finish()?;
    let mut tx = app.db.write().await?;
    verbinding_store::objects::resolve_org(&mut tx, &input.lead, "lead").await?;
    verbinding_store::response::create_option(&mut tx, input).await?;
    let e = audit::event(app, caller, AuditAction::CatalogueChanged);
    let detail = serde_json::json!({"response_option": input.id, "added": true});
    verbinding_store::audit::append(&mut tx, &audit::with_detail(e, detail)).await?;
    tx.commit().await?;
    Ok(())
}

/// Lapses a response option or restores it; `lapsed` is the typed value.
pub async fn set_option_lapsed(app: &App, caller: &Caller, id: &str, lapsed: &str) -> Result<(), AppError> {
    caller.require(Permission::ManageCatalogue)?;
    let lapsed = match lapsed.trim() {
        "1" | "true" => true,
        "0" | "false" => false,
        _ => return Err(AppError::invalid("lapsed", "required")),
    };
    let mut tx = app.db.write().await?;
    verbinding_store::response::set_lapsed(&mut tx, id, lapsed).await?;
    let e = audit::event(app, caller, AuditAction::CatalogueChanged);
    verbinding_store::audit::append(
        &mut tx,
        &audit::with_detail(e, serde_json::json!({"response_option": id, "lapsed": lapsed})),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A page of the threat-actor catalogue matching `query` (name or
/// synonym), with the catalogue's size. The catalogue is reference data
/// (the public MISP galaxy): every reader may search it.
pub async fn actors(
    app: &App,
    caller: &Caller,
    query: &str,
    offset: i64,
    limit: i64,
) -> Result<(Vec<threat_actors::ThreatActor>, i64), AppError> {
    caller.reader()?;
    let mut conn = app.db.read().await?;
    let items = threat_actors::search(&mut conn, query, offset, limit).await?;
    let total = threat_actors::count(&mut conn).await?;
    Ok((items, total))
}

/// One threat actor of the catalogue by its UUID.
pub async fn actor(app: &App, caller: &Caller, uuid: &str) -> Result<threat_actors::ThreatActor, AppError> {
    caller.reader()?;
    let mut conn = app.db.read().await?;
    Ok(threat_actors::by_uuid(&mut conn, uuid).await?)
}

/// The UUID of the actor with this name or synonym, if the catalogue has one.
pub async fn actor_by_name(app: &App, caller: &Caller, name: &str) -> Result<Option<String>, AppError> {
    caller.reader()?;
    let mut conn = app.db.read().await?;
    Ok(threat_actors::uuid_by_name(&mut conn, name).await?)
}

/// The catalogue of response options (the EU Cyber Diplomacy Toolbox and
/// national measures): public reference data for every reader.
pub async fn options(app: &App, caller: &Caller) -> Result<Vec<verbinding_store::response::OptionRow>, AppError> {
    caller.reader()?;
    let mut conn = app.db.read().await?;
    Ok(verbinding_store::response::options(&mut conn).await?)
}

/// One option of the catalogue.
pub async fn option(app: &App, caller: &Caller, id: &str) -> Result<verbinding_store::response::OptionRow, AppError> {
    caller.reader()?;
    let mut conn = app.db.read().await?;
    Ok(verbinding_store::response::option(&mut conn, id).await?)
}
