//! The `verbinding` command: serve the web application and administer the
//! data (users, audit verification, backup and restore).

mod commands;
mod config;

use clap::{Args, Parser, Subcommand};
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "verbinding", version, about = "Verbinding: the working system of international cyber policy")]
struct Cli {
    /// Optional TOML configuration file (also VERBINDING_CONFIG).
    #[arg(long, global = true)]
    config: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Args, Clone, Default)]
pub struct DbArg {
    /// sqlite://PATH (default sqlite://verbinding.db) or postgres://… (also VERBINDING_DATABASE_URL).
    #[arg(long)]
    pub database: Option<String>,
}

#[derive(Subcommand)]
enum Command {
    /// Run the web application and API.
    Serve {
        /// Address to listen on (default 127.0.0.1:8080; also VERBINDING_LISTEN).
        #[arg(long)]
        listen: Option<String>,
        #[command(flatten)]
        db: DbArg,
        /// Load the demo organisations, users and dossiers (idempotent).
        #[arg(long)]
        demo: bool,
    },
    /// Manage users.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Verify the audit trail.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// Write an online backup of the SQLite database to FILE.
    Backup {
        file: String,
        #[command(flatten)]
        db: DbArg,
    },
    /// Restore the SQLite database from a backup FILE.
    Restore {
        file: String,
        #[command(flatten)]
        db: DbArg,
        /// Overwrite an existing database (stop the server first).
        #[arg(long)]
        force: bool,
    },
    /// Import reference data.
    Import {
        #[command(subcommand)]
        command: ImportCommand,
    },
    /// Work with draaiboeken (CACAO 2.0 playbooks).
    Playbook {
        #[command(subcommand)]
        command: PlaybookCommand,
    },
    /// Print the OpenAPI 3.1 document of the JSON API.
    Openapi,
    /// Measure start-up time, memory and request rates of the release binary;
    /// with --large, the incident list on a large generated dataset; with
    /// --playbooks, durable transitions of draaiboek executions.
    Bench {
        /// Requests for the memory and throughput measurements.
        #[arg(long, default_value_t = 10_000)]
        requests: usize,
        /// Generate a large dataset and measure the incident list (API and HTML)
        /// at 64 concurrent connections, on SQLite and optionally PostgreSQL.
        #[arg(long, conflicts_with = "playbooks")]
        large: bool,
        /// The strategy page with 303 parts, 1,500 indicators and 60,000
        /// measurements, read by many users at once with 2 % writes mixed in.
        #[arg(long, conflicts_with_all = ["large", "playbooks"])]
        strategy: bool,
        /// Durable step transitions per second of many executions of a generated
        /// sequential draaiboek, against raw single-row commits on the same
        /// database, and the delay from a deadline to its escalation.
        #[arg(long)]
        playbooks: bool,
        /// With --large, --playbooks or --strategy: also run on this PostgreSQL server (a
        /// scratch database is created in it and dropped afterwards).
        #[arg(long, value_name = "URL")]
        postgres: Option<String>,
        /// With --large: multiply the row counts (1.0 = 10,000 incidents, 50,000
        /// assessments, 100,000 timeline events, 1,000,000 audit entries).
        #[arg(long, default_value_t = 1.0, requires = "large")]
        scale: f64,
        /// With --large: seconds of measurement per endpoint; with --strategy, of the
        /// mixed load (each after a 2 s warm-up).
        #[arg(long, default_value_t = 10)]
        seconds: u64,
        /// With --playbooks: executions running at once.
        #[arg(long, default_value_t = 1000, requires = "playbooks")]
        executions: usize,
        /// With --playbooks: human steps in the generated draaiboek.
        #[arg(long, default_value_t = 50, requires = "playbooks")]
        steps: usize,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Add a user; the initial password is read from a file.
    Add {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        #[arg(long)]
        org: String,
        /// One or more roles: admin, coordinator, liaison, post-officer, decision-maker, evaluator, exercise-controller.
        #[arg(long = "role", required = true)]
        roles: Vec<String>,
        /// National clearance level, e.g. stg-geheim.
        #[arg(long)]
        clearance: String,
        #[arg(long)]
        password_file: String,
        #[arg(long)]
        posting_end: Option<String>,
        #[command(flatten)]
        db: DbArg,
    },
}

#[derive(Subcommand)]
enum PlaybookCommand {
    /// Check a CACAO 2.0 playbook for what its JSON schema cannot express; exit 0 when clean.
    Lint { file: String },
    /// Validate a CACAO 2.0 playbook (official schemas, our extension, the lint) and store it:
    /// a new draaiboek, a new version (same id, later `modified`), or nothing when unchanged.
    Import {
        file: String,
        /// Read the schemas as draft-07 (accepts e.g. custom agent types) and list what was tolerated.
        #[arg(long)]
        lenient: bool,
        /// The folder of the official CACAO JSON schemas (also VERBINDING_CACAO_SCHEMAS).
        #[arg(long, value_name = "DIR")]
        schemas: Option<String>,
        /// Classification of the draaiboek (a national level, e.g. ongerubriceerd or dep-v).
        #[arg(long, default_value = "ongerubriceerd")]
        classification: String,
        #[command(flatten)]
        db: DbArg,
    },
    /// Sign an approved version with a private RSA key (PKCS#8 PEM): a JSS RS256 signature kept beside
    /// the version and carried by every export.
    Sign {
        /// playbook--… id.
        id: String,
        /// A version number (default: the current version).
        #[arg(long)]
        version: Option<i64>,
        /// The private key file (PKCS#8 PEM).
        #[arg(long, value_name = "FILE")]
        key: String,
        /// Who signs (the signature's `signee`), e.g. "Ministerie van Buitenlandse Zaken".
        #[arg(long)]
        signee: String,
        #[command(flatten)]
        db: DbArg,
    },
    /// Verify every JSS signature in a CACAO playbook file; exit 0 when all are valid.
    Verify { file: String },
    /// Write a stored draaiboek (by its CACAO id) as it was imported, with signatures added since.
    Export {
        /// playbook--… id.
        id: String,
        /// A version number (default: the current version).
        #[arg(long)]
        version: Option<i64>,
        /// Write to this new file instead of standard output.
        #[arg(long, value_name = "FILE")]
        out: Option<String>,
        #[command(flatten)]
        db: DbArg,
    },
}

#[derive(Subcommand)]
enum ImportCommand {
    /// The MISP threat-actor galaxy (threat-actor.json): re-imports update, never duplicate.
    MispGalaxy {
        file: String,
        #[command(flatten)]
        db: DbArg,
    },
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Walk the hash chain; exit 0 when intact.
    Verify {
        #[command(flatten)]
        db: DbArg,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let overrides = |listen: Option<String>, db: &DbArg| config::Overrides {
        config_file: cli.config.clone(),
        listen,
        database: db.database.clone(),
    };
    let result = runtime.block_on(async {
        match &cli.command {
            Command::Serve { listen, db, demo } => {
                let cfg = config::load(&overrides(listen.clone(), db))?;
                commands::serve(cfg, *demo).await
            }
            Command::User {
                command: UserCommand::Add { email, name, org, roles, clearance, password_file, posting_end, db },
            } => {
                let cfg = config::load(&overrides(None, db))?;
                commands::user_add(&cfg, email, name, org, roles, clearance, password_file, posting_end.as_deref())
                    .await
            }
            Command::Audit { command: AuditCommand::Verify { db } } => {
                let cfg = config::load(&overrides(None, db))?;
                commands::audit_verify(&cfg).await
            }
            Command::Backup { file, db } => commands::backup(&config::load(&overrides(None, db))?, file).await,
            Command::Restore { file, db, force } => {
                commands::restore(&config::load(&overrides(None, db))?, file, *force).await
            }
            Command::Bench { requests, large, playbooks, strategy, postgres, scale, seconds, executions, steps } => {
                if *strategy {
                    commands::bench_strategy(postgres.as_deref(), *seconds).await
                } else if *large {
                    commands::bench_large(postgres.as_deref(), *scale, *seconds).await
                } else if *playbooks {
                    commands::bench_playbooks(postgres.as_deref(), *executions, *steps).await
                } else if postgres.is_some() {
                    Err("--postgres needs --large, --playbooks or --strategy".to_string())
                } else {
                    commands::bench(*requests).await
                }
            }
            Command::Import { command: ImportCommand::MispGalaxy { file, db } } => {
                commands::import_misp_galaxy(&config::load(&overrides(None, db))?, file).await
            }
            Command::Playbook { command: PlaybookCommand::Lint { file } } => commands::playbook_lint(file),
            Command::Playbook { command: PlaybookCommand::Import { file, lenient, schemas, classification, db } } => {
                let cfg = config::load(&overrides(None, db))?;
                commands::playbook_import(&cfg, file, *lenient, schemas.as_deref(), classification).await
            }
            Command::Playbook { command: PlaybookCommand::Sign { id, version, key, signee, db } } => {
                commands::playbook_sign(&config::load(&overrides(None, db))?, id, *version, key, signee).await
            }
            Command::Playbook { command: PlaybookCommand::Verify { file } } => commands::playbook_verify(file),
            Command::Playbook { command: PlaybookCommand::Export { id, version, out, db } } => {
                commands::playbook_export(&config::load(&overrides(None, db))?, id, *version, out.as_deref()).await
            }
            Command::Openapi => {
                let cfg = config::load(&overrides(None, &DbArg::default()))?;
                println!("{:#}", verbinding_web::api::openapi::build(&cfg.ceiling));
                Ok(())
            }
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}
