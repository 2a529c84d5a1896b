//! The application layer of Verbinding: the services of every bounded
//! context, called alike by the pages, the JSON API, the command line and the
//! scheduler. Each service takes the [`Caller`], checks its own permission
//! before it reads or writes anything, and goes through the marked-object
//! steps in [`marked`]. Nothing here knows HTTP, cookies or templates.

pub mod assessments;
pub mod audit;
pub mod auth;
pub mod caller;
pub mod catalogue;
pub mod clock;
pub mod consultations;
pub mod csv_text;
pub mod decisions;
pub mod demo;
pub mod directory;
pub mod dossiers;
pub mod error;
pub mod evaluation;
pub mod execution_batch;
pub mod execution_state;
pub mod executions;
pub mod foresight;
pub mod incidents;
pub mod indicators;
pub mod marked;
pub mod password;
pub mod playbooks;
pub mod portfolio;
pub mod portfolio_iati;
mod read_audit;
pub mod response;
pub mod reviews;
mod run_timeline;
mod step_assessments;
pub mod strategy;
pub mod tasks;
pub mod users;

use std::sync::Arc;
use std::time::Duration;

pub use caller::{Caller, Origin};
pub use clock::{Clock, ManualClock, SystemClock};
pub use error::AppError;
use verbinding_store::Db;

/// Settings of the application (the binary reads them from flags, the
/// environment and the configuration file).
#[derive(Debug, Clone)]
pub struct AppConfig {
    /// The highest classification this instance may hold.
    pub ceiling: String,
    /// The organisation whose administrators administer the whole instance
    /// (by code; its own members only, not its units). None: only the
    /// operator at the command line does; every administrator is bounded to
    /// their own organisation and its units.
    pub instance_admin_org: Option<String>,
    /// Failed logins allowed per account, and per source address, in the window.
    pub max_failures_per_account: usize,
    pub max_failures_per_source: usize,
    pub throttle_window: Duration,
}

impl Default for AppConfig {
    fn default() -> Self {
        AppConfig {
            ceiling: "stg-geheim".to_string(),
            instance_admin_org: None,
            max_failures_per_account: 5,
            max_failures_per_source: 20,
            throttle_window: Duration::from_secs(15 * 60),
        }
    }
}

/// The transport-neutral state every service runs on: the database, the
/// clock, the settings, the CACAO schemas and the execution writer.
#[derive(Clone)]
pub struct App {
    pub db: Db,
    pub config: Arc<AppConfig>,
    pub clock: Arc<dyn Clock>,
    /// The official CACAO schemas, when this instance has them (imports need them).
    pub cacao_schemas: Option<Arc<verbinding_playbook::schema::CacaoSchemas>>,
    /// A real argon2id hash verified for unknown users, so a login for an
    /// unknown email costs the same as one for a known email.
    dummy_hash: Arc<String>,
    /// Failed-login counters (in memory).
    throttle: Arc<auth::Throttle>,
    /// The writer that commits execution transitions in groups, and its caches.
    pub(crate) transitions: Arc<execution_batch::Transitions>,
    /// The writer that records reads of classified objects in groups.
    read_audits: Arc<read_audit::ReadAudits>,
    /// Strategies' whole chains, shared by every viewer.
    pub(crate) shared_chains: Arc<strategy::SharedChains>,
}

impl App {
    /// The application on a database. Fails when the dummy password hash
    /// cannot be made: starting without it would reopen the timing gap that
    /// tells known from unknown accounts.
    pub fn new(db: Db, config: AppConfig, clock: Arc<dyn Clock>) -> Result<App, AppError> {
        let dummy = password::hash("dummy password for timing equality")
            .map_err(|e| AppError::internal(format!("cannot make the dummy password hash: {e}")))?;
        Ok(App {
            db,
            config: Arc::new(config),
            clock,
            cacao_schemas: None,
            dummy_hash: Arc::new(dummy),
            throttle: Arc::default(),
            transitions: Arc::default(),
            read_audits: Arc::default(),
            shared_chains: Arc::default(),
        })
    }

    /// The same application, able to validate imported playbooks.
    pub fn with_cacao_schemas(mut self, schemas: Arc<verbinding_playbook::schema::CacaoSchemas>) -> App {
        self.cacao_schemas = Some(schemas);
        self
    }

    pub fn now_ms(&self) -> i64 {
        self.clock.now_ms()
    }
}
