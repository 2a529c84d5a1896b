//! Group commit of read audits (rule 9). Every read of a classified object
//! is recorded before it is handed out, wherever it is read: the object's
//! own page, but also every list, dashboard panel and inbox that shows it.
//! That makes most reads a write. One writer task per server takes the
//! audit rows of every read waiting while it commits the previous group and
//! writes them in ONE transaction, so a hundred readers cost one commit (an
//! fsync on PostgreSQL, the write lock on SQLite), not a hundred.
//!
//! Nobody is answered before the commit that holds their rows: a read whose
//! audit could not be written shows nothing. When a group fails, each of its
//! readers gets the error (the rows of a failed commit are not retried: they
//! may have landed).

use crate::{App, AppError};
use std::sync::Mutex;
use tokio::sync::{mpsc, oneshot};
use verbinding_domain::audit::AuditEvent;
use verbinding_store::Db;

/// At most this many rows in one transaction: a long list shown to many
/// readers at once must not hold the write lock for long.
const MAX_ROWS: usize = 2_000;

struct Job {
    events: Vec<AuditEvent>,
    reply: oneshot::Sender<Result<(), String>>,
}

/// The writer's queue; one per server app.
#[derive(Default)]
pub struct ReadAudits {
    queue: Mutex<Option<mpsc::UnboundedSender<Job>>>,
}

/// Writes the rows in the next group commit and waits for it.
pub(crate) async fn write(app: &App, events: Vec<AuditEvent>) -> Result<(), AppError> {
    if events.is_empty() {
        return Ok(());
    }
    let (reply, answer) = oneshot::channel();
    enqueue(app, Job { events, reply });
    match answer.await {
        Ok(Ok(())) => Ok(()),
        Ok(Err(e)) => Err(AppError::internal(format!("cannot record the read in the audit trail: {e}"))),
        Err(_) => Err(AppError::internal("the read-audit writer stopped")),
    }
}

/// Hands the job to the writer, starting one if there is none (or it stopped).
fn enqueue(app: &App, mut job: Job) {
    let mut queue = app.read_audits.queue.lock().unwrap_or_else(|p| p.into_inner());
    if let Some(q) = queue.as_ref() {
        match q.send(job) {
            Ok(()) => return,
            Err(mpsc::error::SendError(back)) => job = back,
        }
    }
    let (q, rx) = mpsc::unbounded_channel();
    tokio::spawn(writer(app.db.clone(), rx));
    // A fresh channel whose receiver was just handed to the writer accepts;
    // should it not, the job's reply is dropped and the reader hears an error.
    if q.send(job).is_err() {
        tracing::error!("the read-audit writer refused a job on a fresh channel");
    }
    *queue = Some(q);
}

async fn writer(db: Db, mut rx: mpsc::UnboundedReceiver<Job>) {
    while let Some(first) = rx.recv().await {
        let mut rows = first.events.len();
        let mut jobs = vec![first];
        while rows < MAX_ROWS {
            match rx.try_recv() {
                Ok(job) => {
                    rows += job.events.len();
                    jobs.push(job);
                }
                Err(_) => break,
            }
        }
        let events: Vec<&AuditEvent> = jobs.iter().flat_map(|j| j.events.iter()).collect();
        let result = commit(&db, &events).await.map_err(|e| e.to_string());
        if let Err(e) = &result {
            tracing::error!(error = %e, rows, "cannot record reads in the audit trail");
        }
        for job in jobs {
            if job.reply.send(result.clone()).is_err() {
                // The reader gave up (its request was dropped): it needs no answer.
                tracing::debug!("a reader left before its read was recorded");
            }
        }
    }
}

async fn commit(db: &Db, events: &[&AuditEvent]) -> Result<(), verbinding_store::StoreError> {
    let mut tx = db.write().await?;
    verbinding_store::audit::append_many(&mut tx, events).await?;
    // Only reads were recorded: cached lists stay valid.
    tx.commit_audited_read().await?;
    Ok(())
}
