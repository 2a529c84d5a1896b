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
