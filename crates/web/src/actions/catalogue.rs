//! Importing reference catalogues (the MISP threat-actor galaxy). Re-imports
//! update by UUID and never duplicate.

use crate::AppState;
use crate::audit_ctx::{self, Actor};
use crate::errors::AppError;
use crate::middleware::RequestCtx;
use verbinding_domain::audit::AuditAction;
use verbinding_domain::misp::ThreatActorRecord;
use verbinding_store::audit;
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
    state: &AppState,
    ctx: &RequestCtx,
    actor: Actor<'_>,
    records: &[ThreatActorRecord],
    mut progress: impl FnMut(usize, usize),
) -> Result<ImportSummary, AppError> {
    let mut summary = ImportSummary::default();
    let total = records.len();
    let chunks: Vec<&[ThreatActorRecord]> = records.chunks(BATCH).collect();
    let last = chunks.len().saturating_sub(1);
    let mut done = 0;
    if records.is_empty() {
        progress(0, 0);
    }
    for (n, chunk) in chunks.into_iter().enumerate() {
        let mut tx = state.db.write().await?;
        for r in chunk {
            match threat_actors::upsert(&mut tx, r, state.now_ms()).await? {
                Upserted::Inserted => summary.inserted += 1,
                Upserted::Updated => summary.updated += 1,
                Upserted::Unchanged => summary.unchanged += 1,
            }
        }
        if n == last {
            let e = audit_ctx::event(
                state,
                ctx,
                Actor { user: actor.user, label: actor.label },
                AuditAction::CatalogueImported,
            );
            let detail = serde_json::json!({"catalogue": "misp-threat-actor", "inserted": summary.inserted, "updated": summary.updated, "unchanged": summary.unchanged});
            audit::append(&mut tx, &audit_ctx::with_detail(e, detail)).await?;
        }
        tx.commit().await?;
        done += chunk.len();
        progress(done, total);
    }
    Ok(summary)
}

/// Adds an administrator's own option to the catalogue of response options.
pub async fn add_option(
    state: &AppState,
    ctx: &RequestCtx,
    user: &verbinding_store::directory::User,
    input: &verbinding_domain::response::OptionInput,
) -> Result<(), AppError> {
    let input = &input.normalized();
    let mut v = verbinding_domain::error::Validator::new();
    input.check(&mut v);
    v.finish()?;
    let mut tx = state.db.write().await?;
    verbinding_store::objects::resolve_org(&mut tx, &input.lead, "lead").await?;
    verbinding_store::response::create_option(&mut tx, input).await?;
    let e = audit_ctx::event(state, ctx, Actor::user(user), AuditAction::CatalogueChanged);
    let detail = serde_json::json!({"response_option": input.id, "added": true});
    audit::append(&mut tx, &audit_ctx::with_detail(e, detail)).await?;
    tx.commit().await?;
    Ok(())
}

/// Lapses a response option or restores it; `lapsed` is the typed value.
pub async fn set_option_lapsed(
    state: &AppState,
    ctx: &RequestCtx,
    user: &verbinding_store::directory::User,
    id: &str,
    lapsed: &str,
) -> Result<(), AppError> {
    let lapsed = match lapsed.trim() {
        "1" | "true" => true,
        "0" | "false" => false,
        _ => return Err(AppError::invalid("lapsed", "required")),
    };
    let mut tx = state.db.write().await?;
    verbinding_store::response::set_lapsed(&mut tx, id, lapsed).await?;
    let e = audit_ctx::event(state, ctx, Actor::user(user), AuditAction::CatalogueChanged);
    audit::append(&mut tx, &audit_ctx::with_detail(e, serde_json::json!({"response_option": id, "lapsed": lapsed})))
        .await?;
    tx.commit().await?;
    Ok(())
}
