//! The application's error: what went wrong, in terms any transport can
//! answer with (the web crate maps it to an HTML page or problem+json, the
//! command line to a sentence). An unexpected failure keeps its cause chain
//! for the log and is never shown.

use std::error::Error as StdError;
use std::fmt;
use verbinding_domain::{DomainError, FieldError};
use verbinding_store::StoreError;

#[derive(Debug)]
pub enum AppError {
    /// Absent, or present but invisible to the caller: the same answer.
    NotFound,
    Forbidden,
    Unauthenticated,
    Conflict,
    Throttled,
    BadRequest,
    Invalid(Vec<FieldError>),
    /// A draaiboek that fails validation: every finding, naming step and property.
    Findings(Vec<verbinding_playbook::Finding>),
    /// A failure the caller cannot mend (storage down, corrupt data, a bug).
    Internal(Internal),
}

/// An unexpected failure: what was being done, and the error that caused it.
#[derive(Debug)]
pub struct Internal {
    message: String,
    source: Option<Box<dyn StdError + Send + Sync>>,
}

impl fmt::Display for Internal {
    /// The message and every cause below it, for the log.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        let mut cause = self.source.as_deref().map(|e| e as &(dyn StdError + 'static));
        while let Some(e) = cause {
            write!(f, ": {e}")?;
            cause = e.source();
        }
        Ok(())
    }
}

impl StdError for Internal {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.source.as_deref().map(|e| e as &(dyn StdError + 'static))
    }
}

impl fmt::Display for AppError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AppError::Internal(i) => i.fmt(f),
            AppError::Invalid(fields) => {
                let list: Vec<String> = fields.iter().map(|e| format!("{}: {}", e.field, e.code)).collect();
                write!(f, "invalid input ({})", list.join("; "))
            }
            AppError::Findings(found) => {
                let list: Vec<String> = found.iter().map(|e| e.to_string()).collect();
                write!(f, "{}", list.join("; "))
            }
            other => f.write_str(other.code()),
        }
    }
}

impl StdError for AppError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match self {
            AppError::Internal(i) => Some(i),
            _ => None,
        }
    }
}

impl AppError {
    pub fn invalid(field: &'static str, code: &'static str) -> AppError {
        AppError::Invalid(vec![FieldError::new(field, code)])
    }

    /// An unexpected failure described in words (no underlying error).
    pub fn internal(message: impl Into<String>) -> AppError {
        AppError::Internal(Internal { message: message.into(), source: None })
    }

    /// An unexpected failure while doing `what`, keeping its cause.
    pub fn caused(what: impl Into<String>, cause: impl StdError + Send + Sync + 'static) -> AppError {
        AppError::Internal(Internal { message: what.into(), source: Some(Box::new(cause)) })
    }

    /// Every invalid field (or engine finding) is about the data as it
    /// stands, not the request itself
    /// (`verbinding_domain::error::STORED_DATA_CODES`): answered as a
    /// conflict, not as invalid input. Pausing a paused run is such a case.
    pub fn does_not_fit(&self) -> bool {
        use verbinding_domain::error::STORED_DATA_CODES;
        match self {
            AppError::Invalid(f) => !f.is_empty() && f.iter().all(FieldError::about_stored_data),
            AppError::Findings(f) => !f.is_empty() && f.iter().all(|x| STORED_DATA_CODES.contains(&x.code)),
            _ => false,
        }
    }

    /// Stable code for problem+json, logs and the command line.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::NotFound => "not_found",
            AppError::Forbidden => "forbidden",
            AppError::Unauthenticated => "unauthenticated",
            AppError::Conflict => "conflict",
            AppError::Throttled => "too_many_requests",
            AppError::BadRequest => "bad_request",
            AppError::Invalid(_) | AppError::Findings(_) if self.does_not_fit() => "does_not_fit",
            AppError::Invalid(_) => "invalid_input",
            AppError::Findings(_) => "playbook_invalid",
            AppError::Internal(_) => "internal",
        }
    }
}

impl From<DomainError> for AppError {
    fn from(e: DomainError) -> Self {
        match e {
            DomainError::Invalid(f) => AppError::Invalid(f),
            DomainError::NotFound => AppError::NotFound,
            DomainError::Forbidden => AppError::Forbidden,
            DomainError::Conflict => AppError::Conflict,
            DomainError::Duplicate(field) => AppError::invalid(field, "duplicate"),
            DomainError::AboveCeiling => AppError::invalid("classification", "above_ceiling"),
        }
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => AppError::NotFound,
            StoreError::Conflict => AppError::Conflict,
            StoreError::Duplicate(field) => AppError::invalid(field, "duplicate"),
            StoreError::Refused { field, code } => AppError::invalid(field, code),
            corrupt @ StoreError::Corrupt { .. } => AppError::caused("storage", corrupt),
            StoreError::Database(e) => AppError::caused("database", e),
        }
    }
}

impl From<sqlx::Error> for AppError {
    fn from(e: sqlx::Error) -> Self {
        AppError::caused("database", e)
    }
}
