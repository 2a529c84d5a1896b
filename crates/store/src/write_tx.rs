//! The write transaction and the data generation.
//!
//! Every change to the database goes through [`crate::Db::write`], so that is
//! where in-memory caches learn about changes: committing a [`WriteTx`] bumps
//! the generation counter shared by every clone of the `Db`. A cache stores
//! each answer with the generation it read *before* querying and serves it
//! only while the generation is unchanged. The bump comes after the commit,
//! so an answer computed from data older than a commit is always stored under
//! an older generation than the one readers see once the commit has returned.
//!
//! The counter lives in this process only: it assumes one server process
//! writes the database (see `docs/operations.md`).

use sqlx::{Any, Transaction};
use std::ops::{Deref, DerefMut};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// A monotonic counter of committed writes in this process.
#[derive(Debug, Default)]
pub(crate) struct Generation(AtomicU64);

impl Generation {
    pub fn current(&self) -> u64 {
        self.0.load(Ordering::Acquire)
    }

    /// Marks every cached answer as stale.
    pub fn bump(&self) {
        self.0.fetch_add(1, Ordering::AcqRel);
    }
}

/// A write transaction. Derefs to the sqlx transaction, so store functions
/// take it as `&mut Transaction<'_, Any>`. Dropping it without committing
/// rolls back and leaves the generation alone (nothing changed).
pub struct WriteTx {
    tx: Option<Transaction<'static, Any>>,
    generation: Arc<Generation>,
    /// Set once a commit has been attempted: the bump then happens on drop,
    /// which also covers a commit whose future is cancelled half-way (it may
    /// have reached the database).
    committing: bool,
}

impl WriteTx {
    pub(crate) fn new(tx: Transaction<'static, Any>, generation: Arc<Generation>) -> WriteTx {
        WriteTx { tx: Some(tx), generation, committing: false }
    }

    fn take(&mut self) -> Transaction<'static, Any> {
        match self.tx.take() {
            Some(tx) => tx,
            // `commit` consumes self, so the transaction is always present here.
            None => unreachable!("a WriteTx is committed at most once"),
        }
    }

    /// Commits and marks every cached answer as stale.
    pub async fn commit(mut self) -> Result<(), sqlx::Error> {
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
            self.generation.bump();
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
