//! Application actions shared by pages and the API: validate with the domain,
//! change storage and append the audit event in one transaction.

pub mod assessments;
pub mod catalogue;
pub mod consultations;
pub mod decisions;
pub mod dossiers;
pub mod execution_batch;
pub mod execution_state;
pub mod executions;
pub mod incidents;
pub mod playbooks;
pub mod response;
pub mod tasks;
pub mod users;

use crate::AppState;
use crate::audit_ctx::{self, Actor};
use crate::errors::AppError;
use crate::middleware::RequestCtx;
use sqlx::{Any, Transaction};
use verbinding_domain::audit::AuditAction;
use verbinding_store::WriteTx;
use verbinding_store::directory::User;

/// Ends the transaction of a read: a read of anything above Ongerubriceerd
/// is recorded in the audit trail in that same transaction; other reads
/// change nothing and are rolled back.
pub(crate) async fn record_read(
    state: &AppState,
    ctx: &RequestCtx,
    user: &User,
    mut tx: WriteTx,
    object_id: i64,
    classification: &str,
) -> Result<(), AppError> {
    if verbinding_domain::classification::is_classified(classification) {
        let e = audit_ctx::about_object(
            audit_ctx::event(state, ctx, Actor::user(user), AuditAction::ObjectRead),
            object_id,
        );
        verbinding_store::audit::append(&mut tx, &e).await?;
        // Only the read was recorded: cached lists stay valid.
        tx.commit_audited_read().await?;
    }
    Ok(())
}

/// Appends the user's audit event about an object, with its detail, in the
/// caller's transaction (committed with the change it records).
pub(crate) async fn audit_about(
    tx: &mut Transaction<'static, Any>,
    state: &AppState,
    ctx: &RequestCtx,
    user: &User,
    action: AuditAction,
    object_id: i64,
    detail: serde_json::Value,
) -> Result<(), AppError> {
    let e = audit_ctx::about_object(audit_ctx::event(state, ctx, Actor::user(user), action), object_id);
    verbinding_store::audit::append(tx, &audit_ctx::with_detail(e, detail)).await?;
    Ok(())
}

/// Nobody files or re-marks content above their own clearance.
pub(crate) fn within_own_clearance(
    principal: &verbinding_domain::access::Principal,
    marking: &verbinding_domain::marking::ValidMarking,
) -> Result<(), AppError> {
    if verbinding_domain::classification::cleared_for(&principal.clearance, &marking.classification) {
        Ok(())
    } else {
        Err(AppError::invalid("classification", "above_clearance"))
    }
}

/// After a write: the author must still be able to see the object, so nobody
/// files or re-marks something out of their own reach. The transaction is
/// dropped (rolled back) by the caller's `?` when this fails.
pub(crate) async fn still_visible(
    tx: &mut Transaction<'static, Any>,
    filter: &verbinding_domain::access::VisibilityFilter,
    object_id: i64,
) -> Result<(), AppError> {
    if verbinding_store::objects::is_visible(tx, filter, object_id).await? {
        Ok(())
    } else {
        Err(AppError::invalid("need_to_know", "need_to_know_excludes_you"))
    }
}
