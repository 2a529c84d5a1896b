//! Storage for Verbinding: SQLite by default, PostgreSQL when an organisation
//! outgrows it. One set of queries runs on both through sqlx's `Any` driver;
//! placeholders are written `$1, $2, …`, which both backends understand.
//! Only migrations (DDL differs) and transaction start are per backend.

pub mod assessments;
pub mod audit;
pub mod auth;
pub mod consultations;
pub mod decisions;
pub mod directory;
pub mod dossiers;
pub mod evidence;
pub mod executions;
pub mod foresight;
pub mod incidents;
pub mod indicators;
mod migrate;
pub mod objects;
pub use migrate::schema_version;
pub mod partners;
pub mod playbooks;
pub mod portfolio;
pub mod response;
pub mod reviews;
pub mod sql;
pub mod strategy;
pub mod tasks;
pub mod threat_actors;
mod write_tx;
use write_tx::Generation;
pub use write_tx::{Scope, WriteTx};

use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::pool::PoolConnection;
use sqlx::{Any, AnyPool, Connection, Executor};
use std::sync::Arc;
use std::time::Duration;

pub use migrate::{MIGRATIONS_POSTGRES, MIGRATIONS_SQLITE};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Storage errors: just what callers can act on.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    #[error("the object was changed by someone else")]
    Conflict,
    #[error("duplicate value for {0}")]
    Duplicate(&'static str),
    /// A value the store refuses, with the field it came from and its own
    /// error code: an unknown reference (`org_unknown`, `round_unknown`, …)
    /// or a transition the stored state does not allow.
    #[error("{code} in field {field}")]
    Refused { field: &'static str, code: &'static str },
    /// A stored value that does not decode (a JSON column altered behind
    /// the application's back, or a bug): never shown as empty.
    #[error("the stored {what} of row {id} does not decode: {cause}")]
    Corrupt { what: &'static str, id: i64, cause: String },
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// A connection for reading, outside any write transaction. On SQLite (WAL)
/// it reads a consistent snapshot without taking the write lock, so readers
/// never queue behind writers or behind each other.
pub type ReadConn = PoolConnection<Any>;

/// Decodes a JSON column of row `id`; a value that does not decode is
/// [`StoreError::Corrupt`], logged with the row.
pub fn decode<T: serde::de::DeserializeOwned>(what: &'static str, id: i64, text: &str) -> Result<T> {
    serde_json::from_str(text).map_err(|e| {
        tracing::error!(what, id, error = %e, "a stored value does not decode");
        StoreError::Corrupt { what, id, cause: e.to_string() }
    })
}

/// Reads a vocabulary identifier stored in a column of row `id`; one that is
/// not in its vocabulary is [`StoreError::Corrupt`], logged with the row.
pub fn vocabulary<T>(what: &'static str, id: i64, text: &str) -> Result<T>
where
    T: std::str::FromStr<Err = verbinding_domain::vocabulary::UnknownId>,
{
    text.parse().map_err(|e: verbinding_domain::vocabulary::UnknownId| {
        tracing::error!(what, id, error = %e, "a stored value does not decode");
        StoreError::Corrupt { what, id, cause: e.to_string() }
    })
}

/// A connected, migrated database.
#[derive(Clone, Debug)]
pub struct Db {
    /// Private: reads go through [`Db::read`], changes through
    /// [`Db::write`] (which keeps the cache generation honest).
    pool: AnyPool,
    pub backend: Backend,
    /// Bumped by every committed [`Db::write`]; shared by all clones.
    generation: Arc<Generation>,
}

/// Why a database could not be opened, as one sentence for the operator.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("the database URL must start with sqlite:// or postgres:// (got \"{0}\")")]
    BadUrl(String),
    #[error("cannot open the database at {target}: {reason}")]
    Unreachable { target: String, reason: String },
    #[error("cannot migrate the database: {0}")]
    Migration(String),
}

/// The URL without any password, for messages and logs.
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let creds = &url[scheme_end + 3..at];
            let user = creds.split(':').next().unwrap_or("");
            format!("{}{}:***@{}", &url[..scheme_end + 3], user, &url[at + 1..])
        }
        _ => url.to_string(),
    }
}

pub fn backend_of(url: &str) -> std::result::Result<Backend, OpenError> {
    if url.starts_with("sqlite://") || url.starts_with("sqlite:") {
        Ok(Backend::Sqlite)
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(Backend::Postgres)
    } else {
        Err(OpenError::BadUrl(redact_url(url)))
    }
}

/// The file path of a `sqlite://PATH` URL.
pub fn sqlite_path(url: &str) -> Option<&str> {
    let rest = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:"))?;
    Some(rest.split('?').next().unwrap_or(rest))
}

impl Db {
    /// Opens (creating an SQLite file when missing) and migrates.
    pub async fn open(url: &str) -> std::result::Result<Db, OpenError> {
        let db = Db::connect(url).await?;
        migrate::run(&db).await.map_err(|e| OpenError::Migration(e.to_string()))?;
        // Shipped reference data follows the binary: a new release brings its
        // catalogue entries in, keeping administrators' own entries.
        let seed = async {
            let mut tx = db.write().await?;
            response::seed(&mut tx).await?;
            tx.commit().await?;
            Ok::<(), StoreError>(())
        };
        seed.await.map_err(|e| OpenError::Migration(format!("cannot load the shipped catalogues: {e}")))?;
        Ok(db)
    }

    /// Connects without migrating (used by tests of the migrations themselves).
    pub async fn connect(url: &str) -> std::result::Result<Db, OpenError> {
        install_default_drivers();
        let backend = backend_of(url)?;
        let target = redact_url(url);
        let unreachable = |reason: String| OpenError::Unreachable { target: target.clone(), reason };
        let connect_url = match backend {
            Backend::Sqlite => {
                let path = sqlite_path(url).unwrap_or_default();
                if path.is_empty() {
                    return Err(OpenError::BadUrl(target.clone()));
                }
                if let Some(dir) = std::path::Path::new(path).parent().filter(|d| !d.as_os_str().is_empty())
                    && !dir.is_dir()
                {
                    return Err(unreachable(format!("the directory {} does not exist", dir.display())));
                }
                format!("sqlite://{path}?mode=rwc")
            }
            Backend::Postgres => url.to_string(),
        };
        let options = AnyPoolOptions::new()
            .max_connections(match backend {
                Backend::Sqlite => 8,
                Backend::Postgres => 16,
            })
            .acquire_timeout(Duration::from_secs(10))
            .after_connect(move |conn, _meta| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        // WAL lets readers run beside the single writer. FULL
                        // synchronous: a commit is on disk (the WAL fsynced)
                        // before it is acknowledged, so an acknowledged answer,
                        // decision or audit row survives a power loss, not only
                        // a process crash (NORMAL would only promise the latter).
                        // Writes are made by people, and execution transitions
                        // share commits (group commit), so the fsync is affordable.
                        for pragma in [
                            "PRAGMA journal_mode = WAL",
                            "PRAGMA foreign_keys = ON",
                            "PRAGMA busy_timeout = 10000",
                            "PRAGMA synchronous = FULL",
                        ] {
                            conn.execute(pragma).await?;
                        }
                    }
                    Ok(())
                })
            });
        // One direct connection first: a pool retries until its timeout and
        // then only says "timed out"; this tells the operator why.
        let probe = tokio::time::timeout(Duration::from_secs(10), sqlx::AnyConnection::connect(&connect_url)).await;
        match probe {
            Ok(Ok(conn)) => {
                // The probe only proves the database answers; a failure to
                // say goodbye changes nothing.
                conn.close().await.ok();
            }
            Ok(Err(e)) => return Err(unreachable(describe(&e))),
            Err(_) => return Err(unreachable("no answer within 10 seconds".to_string())),
        }
        let pool = options.connect(&connect_url).await.map_err(|e| unreachable(describe(&e)))?;
        Ok(Db { pool, backend, generation: Arc::default() })
    }

    /// Begins a write transaction. On SQLite this takes the write lock up
    /// front (BEGIN IMMEDIATE): a deferred transaction that reads before it
    /// writes would fail instead of waiting when another writer commits.
    /// Every change goes through here: its commit bumps the generation that
    /// in-memory caches are keyed on (see [`WriteTx`]).
    pub async fn write(&self) -> Result<WriteTx> {
        let tx = match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => self.pool.begin().await?,
        };
        Ok(WriteTx::new(tx, Arc::clone(&self.generation)))
    }

    /// A connection for reads. Nothing written on it is counted as a change:
    /// write through [`Db::write`].
    pub async fn read(&self) -> Result<ReadConn> {
        Ok(self.pool.acquire().await?)
    }

    /// A connection taken out of the pool for good, for a long-lived writer
    /// that manages its own transactions (the execution writer). Whoever
    /// commits on it must call [`Db::committed_elsewhere`].
    pub async fn dedicated_connection(&self) -> Result<sqlx::AnyConnection> {
        Ok(self.pool.acquire().await?.detach())
    }

    /// Closes every connection (before a file is replaced or a test ends).
    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// The pool itself, for tests that inspect or tamper with storage behind
    /// the application's back (feature `test-support`, tests only).
    #[cfg(any(test, feature = "test-support"))]
    pub fn raw(&self) -> &AnyPool {
        &self.pool
    }

    /// SQLite: writes a consistent copy of the database to `file` while the
    /// server keeps running (VACUUM INTO cannot run inside a transaction).
    pub async fn backup_into(&self, file: &str) -> Result<()> {
        sqlx::query("VACUUM INTO $1").bind(file).execute(&self.pool).await?;
        Ok(())
    }

    /// After a bulk load with explicit ids: moves PostgreSQL's id sequence
    /// past them and gathers statistics as autovacuum soon would; truncates
    /// SQLite's WAL into the database.
    pub async fn finish_bulk_load(&self) -> Result<()> {
        match self.backend {
            Backend::Postgres => {
                sqlx::query("SELECT setval(pg_get_serial_sequence('objects', 'id'), (SELECT MAX(id) FROM objects))")
                    .execute(&self.pool)
                    .await?;
                sqlx::query("VACUUM ANALYZE").execute(&self.pool).await?;
            }
            Backend::Sqlite => {
                sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(&self.pool).await?;
            }
        }
        Ok(())
    }

    /// The data generation: read it before querying, and keep an answer
    /// derived from the query only while it is unchanged. For answers that
    /// do not depend on a strategy's results or waiting work (which
    /// [`Scope`]d writes change without moving this generation).
    pub fn generation(&self) -> u64 {
        self.generation.current(Scope::Everything)
    }

    /// The generation of answers that depend on what `scope` covers, and
    /// on everything wider (a strategy's chain of progress: `StrategyResults`).
    pub fn generation_of(&self, scope: Scope) -> u64 {
        self.generation.current(scope)
    }

    /// Marks cached answers as stale after a commit made outside [`Db::write`]
    /// (the execution writer commits on a connection of its own).
    pub fn committed_elsewhere(&self) {
        self.generation.bump(Scope::Everything);
    }

    /// SQLite: copies the WAL into the database without blocking the writer
    /// (a passive checkpoint); nothing on PostgreSQL.
    pub async fn checkpoint_passive(&self) -> Result<()> {
        if self.backend == Backend::Sqlite {
            sqlx::query("PRAGMA wal_checkpoint(PASSIVE)").execute(&self.pool).await?;
        }
        Ok(())
    }

    /// SQLite: this connection no longer checkpoints inside its own commits
    /// (whoever takes it checkpoints with [`Db::checkpoint_passive`] instead).
    pub async fn no_automatic_checkpoint(&self, conn: &mut sqlx::AnyConnection) -> Result<()> {
        if self.backend == Backend::Sqlite {
            sqlx::query("PRAGMA wal_autocheckpoint = 0").execute(conn).await?;
        }
        Ok(())
    }

    /// Whether the database answers (for `/readyz`).
    pub async fn ping(&self) -> bool {
        sqlx::query("SELECT 1").execute(&self.pool).await.is_ok()
    }
}

/// A short human description of a connection error, without credentials.
fn describe(e: &sqlx::Error) -> String {
    match e {
        sqlx::Error::Io(io) => io.to_string(),
        sqlx::Error::Database(db) => db.message().to_string(),
        sqlx::Error::PoolTimedOut => "timed out waiting for the database".to_string(),
        other => other.to_string(),
    }
}

/// Serialises a 0/1 flag column as a JSON boolean.
pub(crate) fn as_bool<S: serde::Serializer>(v: &i64, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_bool(*v == 1)
}

/// Maps a unique-constraint violation to `Duplicate(field)`.
pub(crate) fn unique_violation(e: sqlx::Error, field: &'static str) -> StoreError {
    match &e {
        sqlx::Error::Database(db) if db.is_unique_violation() => StoreError::Duplicate(field),
        _ => StoreError::Database(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_never_leave_the_url_redaction() {
        assert_eq!(redact_url("postgres://app:s3cret@db:5432/v"), "postgres://app:***@db:5432/v");
        assert_eq!(redact_url("sqlite://verbinding.db"), "sqlite://verbinding.db");
    }

    #[test]
    fn only_known_schemes_are_accepted() {
        assert!(matches!(backend_of("mysql://x"), Err(OpenError::BadUrl(_))));
        assert_eq!(backend_of("sqlite://a.db").ok(), Some(Backend::Sqlite));
        assert_eq!(sqlite_path("sqlite:///tmp/a.db?mode=rwc"), Some("/tmp/a.db"));
    }
}
