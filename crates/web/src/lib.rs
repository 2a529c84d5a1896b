//! The HTTP transports of Verbinding: server-rendered pages, the JSON API and
//! the operational endpoints, over one router built from one route table.

pub mod api;
mod cache;
pub mod chart;
pub mod errors;
pub mod i18n;
mod markdown;
pub mod middleware;
mod ops;
mod pages;
pub mod routes;
mod session;
pub mod year_chart;

/// The login form's anti-forgery token for a pre-session id (tests send
/// forms without a browser).
pub use session::presession_token;
mod templates;
pub mod when;

use std::sync::Arc;
use std::time::Duration;

pub use routes::{Access, RouteSpec, route_table};
use verbinding_app::App;

/// Settings only the web transport needs (the binary reads them from flags,
/// the environment and the configuration file).
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// Mark cookies `Secure` (set when served over TLS, directly or behind a proxy).
    pub secure_cookies: bool,
    pub idle_timeout: Duration,
    pub absolute_timeout: Duration,
}

impl Default for WebConfig {
    fn default() -> Self {
        WebConfig {
            secure_cookies: false,
            idle_timeout: Duration::from_secs(30 * 60),
            absolute_timeout: Duration::from_secs(12 * 60 * 60),
        }
    }
}

/// Shared state of the running server: the application and what only the
/// web transport keeps (templates, metrics, caches). It dereferences to the
/// [`App`], so handlers pass `&state` to services.
#[derive(Clone)]
pub struct AppState {
    pub app: App,
    pub config: Arc<WebConfig>,
    templates: Arc<templates::Templates>,
    metrics: Arc<ops::Metrics>,
    /// Answers kept while no write has happened since (see `cache`).
    caches: Arc<cache::Caches>,
    /// The key that binds a login form's anti-forgery token to its
    /// pre-session (`session::presession_token`); new at every start, so a
    /// login form from before a restart is simply shown again.
    presession_key: Arc<[u8; 32]>,
}

impl std::ops::Deref for AppState {
    type Target = App;

    fn deref(&self) -> &App {
        &self.app
    }
}

impl AppState {
    pub fn new(app: App, config: WebConfig) -> AppState {
        AppState {
            app,
            config: Arc::new(config),
            templates: Arc::new(templates::Templates::load()),
            metrics: Arc::new(ops::Metrics::default()),
            caches: Arc::new(cache::Caches::default()),
            presession_key: Arc::new(session::new_key()),
        }
    }
}

/// The application: every route of the table plus middleware.
pub fn app(state: AppState) -> axum::Router {
    routes::router(state)
}
