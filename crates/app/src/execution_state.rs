//! The current state of an execution: the stored snapshot with the journal
//! entries written since replayed through the pure engine (migration 0011).
//!
//! Why a journal: a transition then writes its command (a few hundred
//! bytes) instead of the whole state, which grows with every step reached
//! (tens of kilobytes for a long draaiboek). The engine is a pure function
//! of (app, command, time), so replaying the journal gives exactly the
//! state the writer had; a snapshot every [`SNAPSHOT_EVERY`] transitions and
//! at the end bounds what a reader replays.

use super::execution_batch::library;
use crate::App;
use crate::AppError;
use std::sync::Arc;
use verbinding_playbook::engine::{self, Command, Execution, Library};
use verbinding_store::executions::{JournalEntry, Stored};

/// Transitions between two snapshots of one execution.
pub(crate) const SNAPSHOT_EVERY: i64 = 16;

/// Whether to store a snapshot now, `since` transitions after the last one:
/// every [`SNAPSHOT_EVERY`], and when the execution has ended (its final
/// state is then read without any replay).
pub(crate) fn snapshot_due(ex: &Execution, since: i64) -> bool {
    since >= SNAPSHOT_EVERY || ex.status.is_finished()
}

/// Applies the journal entries that lead from the snapshot at revision
/// `from` to revision `to`, in order. A missing entry or one that does not
/// replay means the stored history is not what the engine wrote: an
/// internal error, never a silently different app.
pub(crate) fn replay(
    lib: &Library,
    ex: &mut Execution,
    from: i64,
    to: i64,
    journal: &[JournalEntry],
) -> Result<(), AppError> {
    let broken = |entry: &JournalEntry, why: String| {
        AppError::internal(format!("journal entry {} of execution {}: {why}", entry.revision, entry.execution_id))
    };
    let mut at = from;
    for entry in journal {
        if entry.revision != at + 1 {
            return Err(broken(entry, format!("expected revision {}", at + 1)));
        }
        let command: Command = serde_json::from_str(&entry.command).map_err(|e| broken(entry, e.to_string()))?;
        engine::apply(lib, ex, command, entry.at).map_err(|e| broken(entry, format!("does not replay: {e}")))?;
        at = entry.revision;
    }
    if at != to {
        return Err(AppError::internal(format!("the journal ends at revision {at}, the execution is at {to}")));
    }
    Ok(())
}

/// A snapshot's text with the journal after it, as the state it leads to and
/// the pinned library it runs on.
pub(crate) async fn replayed(
    app: &App,
    conn: &mut sqlx::AnyConnection,
    snapshot: &str,
    (from, to): (i64, i64),
    journal: &[JournalEntry],
) -> Result<(Execution, Arc<Library>), AppError> {
    let mut ex: Execution = serde_json::from_str(snapshot).map_err(|e| AppError::caused("stored JSON", e))?;
    let lib = library(app, conn, &ex).await?;
    replay(&lib, &mut ex, from, to, journal)?;
    Ok((ex, lib))
}

/// The state of a stored execution at its revision. `stored` was read in one
/// statement and journal entries never change, so this is consistent even
/// while the writer moves on.
pub(crate) async fn current(
    app: &App,
    conn: &mut sqlx::AnyConnection,
    stored: &Stored,
) -> Result<(Execution, Arc<Library>), AppError> {
    let journal = if stored.state_revision < stored.revision {
        verbinding_store::executions::journal_between(conn, stored.id, stored.state_revision, stored.revision).await?
    } else {
        Vec::new()
    };
    replayed(app, conn, &stored.state, (stored.state_revision, stored.revision), &journal).await
}
