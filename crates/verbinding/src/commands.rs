//! The commands behind the CLI. Each returns one clear sentence on failure.

use crate::config::Config;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use verbinding_app::{App, AppConfig, Caller, SystemClock};
use verbinding_domain::directory::UserInput;
use verbinding_store::{Backend, Db, audit, sqlite_path};
use verbinding_web::errors::sentence;
use verbinding_web::{AppState, WebConfig};

mod bench;
mod bench_data;
mod bench_large;
mod bench_playbooks;
mod bench_strategy;
mod playbook;
pub use bench::bench;
pub use bench_large::bench_large;
pub use bench_playbooks::bench_playbooks;
pub use bench_strategy::bench_strategy;
pub use playbook::{playbook_export, playbook_import, playbook_lint, playbook_sign, playbook_verify};

fn init_logging(json: bool) {
    let filter =
        tracing_subscriber::EnvFilter::try_from_env("VERBINDING_LOG").unwrap_or_else(|_| "info,sqlx=warn".into());
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    // A second initialisation (only in tests, which share a process) keeps
    // the first subscriber; nothing is lost.
    let installed = if json { builder.json().try_init() } else { builder.try_init() };
    if let Err(e) = installed {
        eprintln!("logging was already set up: {e}");
    }
}

pub(crate) async fn open(cfg: &Config) -> Result<Db, String> {
    Db::open(&cfg.database_url.0).await.map_err(|e| e.to_string())
}

fn web_config(cfg: &Config) -> WebConfig {
    WebConfig {
        secure_cookies: cfg.secure_cookies,
        idle_timeout: Duration::from_secs(cfg.idle_timeout_minutes * 60),
        absolute_timeout: Duration::from_secs(cfg.absolute_timeout_hours * 3600),
    }
}

/// The application on the configured database: what every command runs on
/// (the web state is built only by `serve`).
pub(crate) fn app(db: Db, cfg: &Config) -> Result<App, String> {
    let config = AppConfig {
        ceiling: cfg.ceiling.clone(),
        instance_admin_org: cfg.instance_admin_org.clone(),
        ..AppConfig::default()
    };
    App::new(db, config, Arc::new(SystemClock)).map_err(|e| e.to_string())
}

pub async fn serve(cfg: Config, demo: bool) -> Result<(), String> {
    init_logging(cfg.json_logs);
    let addr: SocketAddr =
        cfg.listen.parse().map_err(|_| format!("the listen address \"{}\" is not host:port", cfg.listen))?;
    let db = open(&cfg).await?;
    let mut app = app(db, &cfg)?;
    let schemas = playbook::cacao_schemas(None).map_err(|e| format!("cannot read the CACAO schemas: {e}"))?;
    app = app.with_cacao_schemas(Arc::new(schemas));
    let builtin = verbinding_app::playbooks::seed_builtin(&app)
        .await
        .map_err(|e| format!("cannot store the built-in draaiboeken: {}", sentence(&e)))?;
    if builtin > 0 {
        println!("Built-in draaiboeken stored or updated: {builtin}.");
    }
    // Task rows from before tasks carried their step's marking (rule 4).
    match verbinding_app::executions::mark_task_rows(&app).await {
        Ok(0) => {}
        Ok(n) => println!("Task rows marked with their step's classification: {n}."),
        Err(e) => tracing::warn!(error = %sentence(&e), "cannot mark the task rows with their step's classification"),
    }
    if demo {
        let added = verbinding_app::demo::load(&app).await.map_err(|e| format!("cannot load the demo data: {e}"))?;
        println!(
            "Demo data loaded ({added} new objects). Demo logins, password \"{}\":",
            verbinding_app::demo::DEMO_PASSWORD
        );
        for (email, name, org, roles, clearance, _) in verbinding_app::demo::USERS {
            println!("  {email:<28} {name:<16} {org:<8} {:<20} {clearance}", roles.join(","));
        }
    }
    verbinding_app::executions::spawn_scheduler(app.clone());
    let listener = tokio::net::TcpListener::bind(addr).await.map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    let local = listener.local_addr().map_err(|e| e.to_string())?;
    println!("Verbinding listens on http://{local} (database {:?})", cfg.database_url);
    tracing::info!(%local, "listening");
    let web =
        verbinding_web::app(AppState::new(app, web_config(&cfg))).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, web)
        .with_graceful_shutdown(shutdown_signal())
        .await
        .map_err(|e| format!("the server stopped: {e}"))
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            // Without the handler Ctrl-C ends the process at once; the
            // server still stops on SIGTERM gracefully.
            tracing::warn!(error = %e, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
}

#[allow(clippy::too_many_arguments)]
pub async fn user_add(
    cfg: &Config,
    email: &str,
    name: &str,
    org: &str,
    roles: &[String],
    clearance: &str,
    password_file: &str,
    posting_end: Option<&str>,
) -> Result<(), String> {
    let password = std::fs::read_to_string(password_file)
        .map_err(|e| format!("cannot read the password file {password_file}: {e}"))?
        .trim_end_matches(['\n', '\r'])
        .to_string();
    let db = open(cfg).await?;
    let app = app(db, cfg)?;
    let input = UserInput {
        email: email.into(),
        name: name.into(),
        roles: roles.to_vec(),
        clearance: clearance.into(),
        posting_end: posting_end.unwrap_or_default().into(),
    };
    let id = verbinding_app::users::create(&app, &Caller::command_line(), &input, org, &password)
        .await
        .map_err(|e| sentence(&e))?;
    println!("User {} created (id {id}).", verbinding_domain::directory::normalise_email(email));
    Ok(())
}

/// Imports the MISP threat-actor galaxy, showing progress on stderr.
pub async fn import_misp_galaxy(cfg: &Config, file: &str) -> Result<(), String> {
    let text = std::fs::read_to_string(file).map_err(|e| format!("cannot read {file}: {e}"))?;
    let records = verbinding_domain::misp::parse_threat_actors(&text).map_err(|e| format!("{file}: {e}"))?;
    let db = open(cfg).await?;
    let app = app(db, cfg)?;
    let summary =
        verbinding_app::catalogue::import_threat_actors(&app, &Caller::command_line(), &records, |done, total| {
            progress_bar("importing threat actors", done, total)
        })
        .await
        .map_err(|e| sentence(&e))?;
    eprintln!();
    println!(
        "Imported {} threat actors from {file}: {} new, {} updated, {} unchanged.",
        records.len(),
        summary.inserted,
        summary.updated,
        summary.unchanged
    );
    Ok(())
}

/// A one-line progress bar on stderr, redrawn in place.
pub fn progress_bar(label: &str, done: usize, total: usize) {
    let width = 30;
    let filled = (done * width).checked_div(total).unwrap_or(width).min(width);
    eprint!("\r{label} [{}{}] {done}/{total}", "#".repeat(filled), " ".repeat(width - filled));
}

pub async fn audit_verify(cfg: &Config) -> Result<(), String> {
    let db = open(cfg).await?;
    let result = audit::verify(&db, |done, total| {
        if total > 10_000 {
            progress_bar("verifying the audit trail", done as usize, total as usize);
        }
    })
    .await
    .map_err(|e| format!("cannot read the audit trail: {e}"))?;
    match result {
        audit::Verification::Intact { entries } => {
            println!("Audit trail intact: {entries} entries verified.");
            Ok(())
        }
        audit::Verification::Broken(b) => Err(format!("the audit trail is broken at entry {}: {}", b.seq, b.reason)),
    }
}

fn sqlite_file(cfg: &Config, what: &str) -> Result<String, String> {
    match verbinding_store::backend_of(&cfg.database_url.0).map_err(|e| e.to_string())? {
        Backend::Sqlite => Ok(sqlite_path(&cfg.database_url.0).unwrap_or_default().to_string()),
        Backend::Postgres => {
            Err(format!("{what} is for the SQLite default; use pg_dump and pg_restore for PostgreSQL"))
        }
    }
}

pub async fn backup(cfg: &Config, file: &str) -> Result<(), String> {
    let source = sqlite_file(cfg, "backup")?;
    if !std::path::Path::new(&source).exists() {
        return Err(format!("there is no database at {source}"));
    }
    if std::path::Path::new(file).exists() {
        return Err(format!("{file} already exists; choose a new file name"));
    }
    let db = open(cfg).await?;
    // VACUUM INTO writes a consistent copy while the server keeps running.
    db.backup_into(file).await.map_err(|e| format!("cannot write the backup to {file}: {e}"))?;
    println!("Backup written to {file}.");
    Ok(())
}

/// Removes a file; one that is not there is fine, any other failure is said.
fn remove_if_present(path: &str) -> Result<(), String> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(format!("cannot remove {path}: {e}")),
        _ => Ok(()),
    }
}

pub async fn restore(cfg: &Config, file: &str, force: bool) -> Result<(), String> {
    let target = sqlite_file(cfg, "restore")?;
    if !std::path::Path::new(file).is_file() {
        return Err(format!("there is no backup file at {file}"));
    }
    if std::path::Path::new(&target).exists() && !force {
        return Err(format!(
            "a database already exists at {target}; stop the server and run restore with --force to overwrite it"
        ));
    }
    // Check the backup before touching anything: it must open, migrate and
    // carry an intact audit trail.
    let staging = format!("{target}.restore-tmp");
    remove_if_present(&staging)?;
    std::fs::copy(file, &staging).map_err(|e| format!("cannot copy {file} next to {target}: {e}"))?;
    let check = async {
        let db = Db::open(&format!("sqlite://{staging}"))
            .await
            .map_err(|e| format!("the backup is not a usable database: {e}"))?;
        let v = audit::verify(&db, |_, _| {}).await.map_err(|e| format!("the backup cannot be read: {e}"))?;
        db.close().await;
        match v {
            audit::Verification::Intact { entries } => Ok(entries),
            audit::Verification::Broken(b) => {
                Err(format!("the backup's audit trail is broken at entry {}: {}", b.seq, b.reason))
            }
        }
    };
    let entries = match check.await {
        Ok(n) => n,
        Err(e) => {
            if let Err(cleanup) = remove_if_present(&staging) {
                eprintln!("{cleanup}");
            }
            return Err(e);
        }
    };
    // An old WAL left beside the restored file would be replayed into it:
    // if it cannot be removed, nothing is moved into place.
    for suffix in ["-wal", "-shm"] {
        remove_if_present(&format!("{target}{suffix}"))?;
        remove_if_present(&format!("{staging}{suffix}"))?;
    }
    std::fs::rename(&staging, &target).map_err(|e| format!("cannot move the restored database into place: {e}"))?;
    println!("Database restored to {target} from {file} ({entries} audit entries verified).");
    Ok(())
}
