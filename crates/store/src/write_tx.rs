//! The write transaction and the data generation.
//!
//! Every change to the database goes through [`crate::Db::write`], so that is
//! where in-memory caches learn about changes: committing a [`WriteTx`] bumps
//! the generation counters shared by every clone of the `Db`. A cache stores
//! each answer with the generation it read *before* querying and serves it
//! only while the generation is unchanged. The bump comes after the commit,
//! so an answer computed from data older than a commit is always stored under
//! an older generation than the one readers see once the commit has returned.
//!
//! A commit changes [`Scope::Everything`] unless its service narrows it: a
//! measurement approved changes only a strategy's results, one submitted
//! only its waiting work, and neither should throw away every cached
//! session and incident list. The counters are nested: a reader of a scope sees the sum of its
//! own counter and those of every wider scope, so a narrow write leaves the
//! wider readers' generation alone and a wide write moves everyone's. A sum
//! of monotonic counters moves whenever one of them does, so it is a
//! generation like any other.
//!
//! The counter lives in this process only: it assumes one server process
//! writes the database (see `docs/operations.md`).

use sqlx::{Any, Transaction};
use std::ops::{Deref, DerefMut};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// What a committed write may have changed, widest first. Each scope lies
/// within the one before it: an answer that depends on a strategy's waiting
/// work depends on its results too, and on everything else.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Anything at all: every cached answer is stale. The default.
    Everything = 0,
    /// Only what a strategy's progress is computed from (approved targets
    /// and measurements): no person, session, incident or marking changed.
    StrategyResults = 1,
    /// Only work waiting on a strategy's results (a measurement submitted,
    /// a target proposed): not even the progress shown changed.
    StrategyWork = 2,
}

/// Monotonic counters of committed writes in this process, one per [`Scope`].
#[derive(Debug, Default)]
pub(crate) struct Generation([AtomicU64; 3]);

impl Generation {
    /// The generation an answer depending on `scope` (and every wider one) is kept under.
    pub fn current(&self, scope: Scope) -> u64 {
        self.0[..=scope as usize].iter().map(|c| c.load(Ordering::Acquire)).sum()
    }

    /// Marks the answers that depend on `scope` as stale.
    pub fn bump(&self, scope: Scope) {
        self.0[scope as usize].fetch_add(1, Ordering::AcqRel);
    }
}

/// A write transaction. Derefs to the sqlx transaction, so store functions
/// take it as `&mut Transaction<'_, Any>`. Dropping it without committing
/// rolls back and leaves the generation alone (nothing changed).
pub struct WriteTx {
    tx: Option<Transaction<'static, Any>>,
    generation: Arc<Generation>,
    /// What the commit changed (set by the commit).
    scope: Scope,
    /// Set once a commit has been attempted: the bump then happens on drop,
    /// which also covers a commit whose future is cancelled half-way (it may
    /// have reached the database).
    committing: bool,
}

impl WriteTx {
    pub(crate) fn new(tx: Transaction<'static, Any>, generation: Arc<Generation>) -> WriteTx {
        WriteTx { tx: Some(tx), generation, scope: Scope::Everything, committing: false }
    }

    fn take(&mut self) -> Transaction<'static, Any> {
        match self.tx.take() {
            Some(tx) => tx,
            // `commit` consumes self, so the transaction is always present here.
            None => unreachable!("a WriteTx is committed at most once"),
        }
    }

    /// Commits and marks every cached answer as stale.
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        self.commit_changing(Scope::Everything).await
    }

    /// Commits a transaction that changed only what `scope` covers: the
    /// answers that depend on it become stale, the others stay. A service
    /// narrows only when it knows every row it wrote lies within the scope.
    pub async fn commit_changing(mut self, scope: Scope) -> Result<(), sqlx::Error> {
        self.scope = scope;
        self.committing = true;
        self.take().commit().await
    }

    /// Commits a transaction that only recorded reads in the audit trail
    /// (`object.read`): no data a cache depends on changed, so the
    /// generation stays. Only for the audited-read path; anything that
    /// changes data must use [`WriteTx::commit`].
    pub async fn commit_audited_read(mut self) -> Result<(), sqlx::Error> {
        self.take().commit().await
    }
}

impl Drop for WriteTx {
    fn drop(&mut self) {
        if self.committing {
            self.generation.bump(self.scope);
        }
    }
}

impl Deref for WriteTx {
    type Target = Transaction<'static, Any>;

    fn deref(&self) -> &Self::Target {
        match &self.tx {
            Some(tx) => tx,
            None => unreachable!("a WriteTx is not used after its commit"),
        }
    }
}

impl DerefMut for WriteTx {
    fn deref_mut(&mut self) -> &mut Self::Target {
        match &mut self.tx {
            Some(tx) => tx,
            None => unreachable!("a WriteTx is not used after its commit"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Generation, Scope};

    #[test]
    fn a_narrow_write_moves_only_the_readers_within_it() {
        let g = Generation::default();
        let seen =
            |g: &Generation| [Scope::Everything, Scope::StrategyResults, Scope::StrategyWork].map(|s| g.current(s));
        let start = seen(&g);
        g.bump(Scope::StrategyWork);
        let after_work = seen(&g);
        assert_eq!(after_work[..2], start[..2], "sessions and the chain page stay");
        assert!(after_work[2] > start[2]);
        g.bump(Scope::StrategyResults);
        let after_results = seen(&g);
        assert_eq!(after_results[0], start[0]);
        assert!(after_results[1] > after_work[1] && after_results[2] > after_work[2]);
        g.bump(Scope::Everything);
        let after_all = seen(&g);
        assert!(after_all.iter().zip(after_results).all(|(now, before)| *now > before), "a wide write moves all");
    }
}
