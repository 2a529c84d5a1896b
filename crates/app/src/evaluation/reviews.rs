//! The reviews of the strategy in the evaluator export: each review the
//! caller may see, with what it saw (its frozen inputs, as the review
//! holds them), its decisions and its actions. A decision's link to what
//! it changed is exported only when the caller may see that object; else
//! the row says only that it changed something hidden.

use super::csv::{Cell, Record};
use super::{moment, optional_moment};
use crate::AppError;
use verbinding_domain::access::VisibilityFilter;
use verbinding_domain::strategy::review::ChangedKind;
use verbinding_store::reviews::{self as store, Action, DecisionNote, Review};

/// One review as exported.
#[derive(Debug, Clone)]
pub struct ExportedReview {
    pub review: Review,
    pub snapshot: crate::reviews::Snapshot,
    /// Each decision, and whether the caller may see what it changed.
    pub decisions: Vec<(DecisionNote, bool)>,
    pub actions: Vec<Action>,
}

pub(super) async fn gather(
    conn: &mut sqlx::AnyConnection,
    f: &VisibilityFilter,
    strategy_id: i64,
) -> Result<Vec<ExportedReview>, AppError> {
    let mut out = Vec::new();
    for review in store::reviews_visible(conn, f, strategy_id).await? {
        let snapshot = verbinding_store::decode("review snapshot", review.id, &review.snapshot)?;
        let snapshot = crate::reviews::shown_to(conn, f, snapshot).await?;
        let mut decisions = Vec::new();
        for d in store::decisions(conn, review.id).await? {
            let visible = match (d.changed_kind.as_deref().and_then(ChangedKind::parse), d.changed_id) {
                (Some(kind), Some(id)) => crate::reviews::changed_object(conn, f, kind, id).await?.is_some(),
                _ => true,
            };
            decisions.push((d, visible));
        }
        let actions = store::actions(conn, review.id).await?;
        out.push(ExportedReview { review, snapshot, decisions, actions });
    }
    Ok(out)
}

pub(super) fn review_record(r: &ExportedReview) -> Record {
    let v = &r.review;
    vec![
        ("review_id", Cell::Integer(v.id)),
        ("strategy_id", Cell::Integer(v.strategy_id)),
        ("cadence", Cell::text(&v.cadence)),
        ("period", Cell::text(&v.period)),
        ("held_on", Cell::text(&v.held_on)),
        ("participants", Cell::text(&v.participants)),
        ("lessons", Cell::text(&v.lessons)),
        ("lead_org", Cell::text(&v.lead_org_code)),
        ("left_out", Cell::Integer(r.snapshot.left_out as i64)),
        ("classification", Cell::text(&v.classification)),
        ("tlp", Cell::text(&v.tlp)),
        ("created_at", moment(v.created_at)),
        ("updated_at", moment(v.updated_at)),
    ]
}

pub(super) fn decision_record(d: &DecisionNote, visible: bool) -> Record {
    let (kind, id) = if visible { (d.changed_kind.as_deref(), d.changed_id) } else { (None, None) };
    vec![
        ("decision_id", Cell::Integer(d.id)),
        ("review_id", Cell::Integer(d.review_id)),
        ("text", Cell::text(&d.text)),
        ("changed_kind", Cell::optional_text(kind)),
        ("changed_id", Cell::optional_integer(id)),
        ("changed_hidden", Cell::Boolean(!visible)),
        ("recorded_by", Cell::text(&d.recorded_by_name)),
        ("recorded_at", moment(d.recorded_at)),
    ]
}

pub(super) fn action_record(a: &Action) -> Record {
    vec![
        ("action_id", Cell::Integer(a.id)),
        ("review_id", Cell::Integer(a.review_id)),
        ("text", Cell::text(&a.text)),
        ("owner_org", Cell::text(&a.owner_org_code)),
        ("due", Cell::text(&a.due)),
        ("done_at", optional_moment(a.done_at)),
        ("done_by", Cell::optional_text(a.done_by_name.as_deref())),
        ("recorded_by", Cell::text(&a.recorded_by_name)),
        ("recorded_at", moment(a.recorded_at)),
    ]
}
