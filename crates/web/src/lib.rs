//! The HTTP transports of Verbinding: server-rendered pages, the JSON API and
//! the operational endpoints, over one router built from one route table.

pub mod actions;
pub mod api;
pub mod audit_ctx;
mod cache;
pub mod clock;
pub mod demo;
mod demo_decisions;
mod demo_details;
mod demo_incidents;
pub mod errors;
pub mod i18n;
mod markdown;
pub mod middleware;
mod ops;
mod pages;
pub mod password;
pub mod routes;
mod session;
mod templates;

use std::sync::Arc;
use std::time::Duration;

pub use clock::{Clock, ManualClock, SystemClock};
pub use routes::{Access, RouteSpec, route_table};
use verbinding_store::Db;

/// Settings the web layer needs (the binary reads them from flags, the
/// environment and the configuration file).
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// The highest classification this instance may hold.
    pub ceiling: String,
    /// Mark cookies `Secure` (set when served over TLS, directly or behind a proxy).
    pub secure_cookies: bool,
    pub idle_timeout: Duration,
    pub absolute_timeout: Duration,
    /// Failed logins allowed per account, and per source address, in the window.
    pub max_failures_per_account: usize,
    pub max_failures_per_source: usize,
    pub throttle_window: Duration,
}

impl Default for WebConfig {
    fn default() -> Self {
        WebConfig {
            ceiling: "stg-geheim".to_string(),
            secure_cookies: false,
            idle_timeout: Duration::from_secs(30 * 60),
            absolute_timeout: Duration::from_secs(12 * 60 * 60),
            max_failures_per_account: 5,
            max_failures_per_source: 20,
            throttle_window: Duration::from_secs(15 * 60),
        }
    }
}

/// Shared state of the running server.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub config: Arc<WebConfig>,
    pub clock: Arc<dyn Clock>,
    templates: Arc<templates::Templates>,
    throttle: Arc<session::Throttle>,
    metrics: Arc<ops::Metrics>,
    /// Answers kept while no write has happened since (see `cache`).
    caches: Arc<cache::Caches>,
    /// The official CACAO schemas, when this server has them (imports need them).
    pub cacao_schemas: Option<Arc<verbinding_playbook::schema::CacaoSchemas>>,
    /// A real argon2id hash verified for unknown users, so a login for an
    /// unknown email costs the same as one for a known email.
    dummy_hash: Arc<String>,
    /// The writer that commits execution transitions in groups, and its caches.
    pub(crate) transitions: Arc<actions::execution_batch::Transitions>,
}

impl AppState {
    pub fn new(db: Db, config: WebConfig, clock: Arc<dyn Clock>) -> AppState {
        AppState {
            db,
            config: Arc::new(config),
            clock,
            templates: Arc::new(templates::Templates::load()),
            throttle: Arc::new(session::Throttle::default()),
            metrics: Arc::new(ops::Metrics::default()),
            caches: Arc::new(cache::Caches::default()),
            dummy_hash: Arc::new(password::hash("dummy password for timing equality").unwrap_or_default()),
            cacao_schemas: None,
            transitions: Arc::default(),
        }
    }

    /// The same state, able to validate imported playbooks.
    pub fn with_cacao_schemas(mut self, schemas: Arc<verbinding_playbook::schema::CacaoSchemas>) -> AppState {
        self.cacao_schemas = Some(schemas);
        self
    }

    pub fn now_ms(&self) -> i64 {
        self.clock.now_ms()
    }
}

/// The application: every route of the table plus middleware.
pub fn app(state: AppState) -> axum::Router {
    routes::router(state)
}
