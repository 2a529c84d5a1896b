//! Configuration: defaults, then an optional TOML file, then environment
//! variables, then command-line flags. Unknown keys are an error. Secrets
//! (the database URL may hold a password) accept a `_FILE` variant and are
//! redacted in `Debug` output and logs.

use serde::Deserialize;
use std::fmt;
use std::path::Path;

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    pub listen: Option<String>,
    pub database_url: Option<String>,
    pub database_url_file: Option<String>,
    pub ceiling: Option<String>,
    pub instance_admin_org: Option<String>,
    pub secure_cookies: Option<bool>,
    pub log_format: Option<String>,
    pub idle_timeout_minutes: Option<u64>,
    pub absolute_timeout_hours: Option<u64>,
}

/// A value that must never be printed.
#[derive(Clone)]
pub struct Secret(pub String);

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&verbinding_store::redact_url(&self.0))
    }
}

#[derive(Debug, Clone)]
pub struct Config {
    pub listen: String,
    pub database_url: Secret,
    pub ceiling: String,
    /// The organisation whose administrators administer the whole instance.
    pub instance_admin_org: Option<String>,
    pub secure_cookies: bool,
    pub json_logs: bool,
    pub idle_timeout_minutes: u64,
    pub absolute_timeout_hours: u64,
}

pub const DEFAULT_DATABASE: &str = "sqlite://verbinding.db";
pub const DEFAULT_LISTEN: &str = "127.0.0.1:8080";

fn read_secret_file(path: &str, what: &str) -> Result<String, String> {
    std::fs::read_to_string(path)
        .map(|s| s.trim().to_string())
        .map_err(|e| format!("cannot read {what} from {path}: {e}"))
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

/// Values given on the command line (highest precedence).
#[derive(Default)]
pub struct Overrides {
    pub config_file: Option<String>,
    pub listen: Option<String>,
    pub database: Option<String>,
}

pub fn load(o: &Overrides) -> Result<Config, String> {
    let file_path = o.config_file.clone().or_else(|| env("VERBINDING_CONFIG"));
    let file: FileConfig = match &file_path {
        Some(p) => {
            let text = std::fs::read_to_string(Path::new(p))
                .map_err(|e| format!("cannot read the configuration file {p}: {e}"))?;
            toml::from_str(&text).map_err(|e| format!("the configuration file {p} is invalid: {}", e.message()))?
        }
        None => FileConfig::default(),
    };
    let mut database = file.database_url.clone();
    if let Some(f) = &file.database_url_file {
        database = Some(read_secret_file(f, "the database URL")?);
    }
    if let Some(v) = env("VERBINDING_DATABASE_URL") {
        database = Some(v);
    }
    if let Some(f) = env("VERBINDING_DATABASE_URL_FILE") {
        database = Some(read_secret_file(&f, "the database URL")?);
    }
    if let Some(v) = &o.database {
        database = Some(v.clone());
    }
    let listen =
        o.listen.clone().or_else(|| env("VERBINDING_LISTEN")).or(file.listen).unwrap_or_else(|| DEFAULT_LISTEN.into());
    let ceiling = env("VERBINDING_CEILING").or(file.ceiling).unwrap_or_else(|| "stg-geheim".into());
    if verbinding_domain::classification::clearance(&ceiling).is_none() {
        return Err(format!("the ceiling \"{ceiling}\" is not a national classification level (e.g. stg-geheim)"));
    }
    let instance_admin_org =
        env("VERBINDING_INSTANCE_ADMIN_ORG").or(file.instance_admin_org).map(|c| c.trim().to_string());
    let secure_cookies = match env("VERBINDING_SECURE_COOKIES") {
        Some(v) => matches!(v.as_str(), "1" | "true" | "yes"),
        None => file.secure_cookies.unwrap_or(false),
    };
    let log_format = env("VERBINDING_LOG_FORMAT").or(file.log_format).unwrap_or_else(|| "text".into());
    if !matches!(log_format.as_str(), "text" | "json") {
        return Err(format!("log_format must be \"text\" or \"json\" (got \"{log_format}\")"));
    }
    Ok(Config {
        listen,
        database_url: Secret(database.unwrap_or_else(|| DEFAULT_DATABASE.into())),
        ceiling,
        instance_admin_org,
        secure_cookies,
        json_logs: log_format == "json",
        idle_timeout_minutes: file.idle_timeout_minutes.unwrap_or(30),
        absolute_timeout_hours: file.absolute_timeout_hours.unwrap_or(12),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_keys_are_refused() {
        let r: Result<FileConfig, _> = toml::from_str("listen = \"x\"\ncolour = \"blue\"");
        assert!(r.is_err());
    }

    #[test]
    fn secrets_are_redacted_in_debug() {
        let s = Secret("postgres://app:hunter22@db/v".into());
        assert!(!format!("{s:?}").contains("hunter22"));
    }
}
