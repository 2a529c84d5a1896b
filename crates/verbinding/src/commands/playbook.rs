//! `verbinding playbook lint|import|export`: draaiboeken on the command line.

use super::{app, open};
use crate::config::Config;
use verbinding_app::playbooks::{self, ImportError, Imported};
use verbinding_app::{AppError, Caller};
use verbinding_playbook::schema::{CacaoSchemas, Mode};
use verbinding_web::errors::sentence;

/// `verbinding playbook lint FILE`: prints every finding (step, property,
/// code, explanation) and fails when there is one.
pub fn playbook_lint(file: &str) -> Result<(), String> {
    let text = std::fs::read_to_string(file).map_err(|e| format!("cannot read {file}: {e}"))?;
    let doc: serde_json::Value = serde_json::from_str(&text)
        .map_err(|e| format!("{file} is not JSON: {e} (line {}, column {})", e.line(), e.column()))?;
    let findings = match verbinding_playbook::Playbook::parse(doc) {
        Ok(p) => verbinding_playbook::lint(&p),
        Err(f) => f,
    };
    if findings.is_empty() {
        println!("{file}: no findings");
        return Ok(());
    }
    for f in &findings {
        println!("{f}");
    }
    Err(format!("{file}: {} finding(s)", findings.len()))
}

/// The official CACAO JSON schemas: those shipped inside the binary, unless
/// `--schemas DIR` or `VERBINDING_CACAO_SCHEMAS` names a folder to use instead.
pub(crate) fn cacao_schemas(flag: Option<&str>) -> Result<CacaoSchemas, String> {
    let over =
        flag.map(str::to_string).or_else(|| std::env::var("VERBINDING_CACAO_SCHEMAS").ok().filter(|v| !v.is_empty()));
    match over {
        Some(dir) => playbooks::load_schemas(std::path::Path::new(&dir)),
        None => CacaoSchemas::official(),
    }
}

/// `verbinding playbook import FILE`: validates (strictly, or leniently
/// saying what it tolerated) and stores a new playbook or version.
pub async fn playbook_import(
    cfg: &Config,
    file: &str,
    lenient: bool,
    schemas: Option<&str>,
    classification: &str,
) -> Result<(), String> {
    let text = std::fs::read_to_string(file).map_err(|e| format!("cannot read {file}: {e}"))?;
    let schemas = cacao_schemas(schemas)?;
    let marking = verbinding_domain::marking::MarkingInput {
        classification: classification.to_string(),
        tlp: "green".into(),
        open_to_all: true,
        orgs: vec![],
        users: vec![],
    };
    let mut v = verbinding_domain::error::Validator::new();
    let marking = marking.check(&cfg.ceiling, &mut v);
    v.finish().map_err(|e| format!("--classification: {e}"))?;
    let marking = marking.ok_or("--classification is not valid")?;
    let db = open(cfg).await?;
    let app = app(db, cfg)?;
    let mode = if lenient { Mode::Lenient } else { Mode::Strict };
    let outcome =
        match playbooks::import_as_operator(&app, &Caller::command_line(), &schemas, &text, mode, &marking).await {
            Ok(o) => o,
            Err(ImportError::Findings(findings)) => {
                for f in &findings {
                    println!("{f}");
                }
                return Err(format!("{file} was not imported: {} problem(s)", findings.len()));
            }
            Err(ImportError::App(e)) => return Err(format!("{file} was not imported: {}", sentence(&e))),
        };
    for f in &outcome.tolerated {
        println!("tolerated: {f}");
    }
    let what = match outcome.imported {
        Imported::Created => "imported as a new draaiboek",
        Imported::NewVersion => "imported as a new version",
        Imported::Unchanged => "unchanged (the same content as the stored version)",
    };
    println!("{file}: {} ({}) {what}: version {}.", outcome.name, outcome.cacao_id, outcome.version);
    Ok(())
}

/// `verbinding playbook export CACAO_ID`: the stored document (a version, or
/// the current one) to a file or standard output.
pub async fn playbook_export(
    cfg: &Config,
    cacao_id: &str,
    version: Option<i64>,
    out: Option<&str>,
) -> Result<(), String> {
    let db = open(cfg).await?;
    let app = app(db, cfg)?;
    let text =
        playbooks::export_as_operator(&app, &Caller::command_line(), cacao_id, version).await.map_err(|e| match e {
            AppError::NotFound => match version {
                Some(n) => format!("there is no version {n} of a draaiboek {cacao_id}"),
                None => format!("there is no draaiboek {cacao_id}"),
            },
            e => sentence(&e),
        })?;
    match out {
        Some(path) => {
            if std::path::Path::new(path).exists() {
                return Err(format!("{path} already exists; choose a new file name"));
            }
            std::fs::write(path, &text).map_err(|e| format!("cannot write {path}: {e}"))?;
            eprintln!("Written to {path}.");
        }
        None => println!("{text}"),
    }
    Ok(())
}

/// `verbinding playbook sign ID --key FILE --signee NAME`: signs an approved version.
pub async fn playbook_sign(
    cfg: &Config,
    cacao_id: &str,
    version: Option<i64>,
    key: &str,
    signee: &str,
) -> Result<(), String> {
    let pem = std::fs::read_to_string(key).map_err(|e| format!("cannot read the key {key}: {e}"))?;
    let db = open(cfg).await?;
    let app = app(db, cfg)?;
    let check = playbooks::sign_as_operator(&app, &Caller::command_line(), cacao_id, version, &pem, signee)
        .await
        .map_err(|e| match e {
            AppError::NotFound => format!("there is no such version of a draaiboek {cacao_id}"),
            e => sentence(&e),
        })?;
    println!("Signed by {} ({}): {}.", check.signee, check.id, if check.valid { "verified" } else { "NOT valid" });
    Ok(())
}

/// `verbinding playbook verify FILE`: checks every signature in the file.
pub fn playbook_verify(file: &str) -> Result<(), String> {
    let text = std::fs::read_to_string(file).map_err(|e| format!("cannot read {file}: {e}"))?;
    let doc: serde_json::Value = serde_json::from_str(&text).map_err(|e| format!("{file} is not JSON: {e}"))?;
    let checks = verbinding_playbook::signature::verify(&doc);
    if checks.is_empty() {
        return Err(format!("{file} carries no signature"));
    }
    let mut bad = 0;
    for c in &checks {
        match c.problem {
            None => println!("{} ({}): valid", c.signee, c.id),
            Some(p) => {
                bad += 1;
                println!("{} ({}): NOT valid ({p})", c.signee, c.id);
            }
        }
    }
    if bad == 0 { Ok(()) } else { Err(format!("{bad} of {} signature(s) not valid", checks.len())) }
}
