//! One error type for handlers. A handler returns `AppError`; the
//! `render_errors` middleware turns it into an HTML page in the user's
//! language or into `application/problem+json` for the API, both carrying
//! the request id. Unexpected errors become an opaque 500 with the cause
//! logged, never shown.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use verbinding_domain::{DomainError, FieldError};
use verbinding_store::StoreError;

#[derive(Debug)]
pub enum AppError {
    /// Absent, or present but invisible to the caller: the same answer.
    NotFound,
    Forbidden,
    Unauthenticated,
    /// A form without a valid anti-forgery token.
    Csrf,
    Conflict,
    Throttled,
    BadRequest,
    Invalid(Vec<FieldError>),
    /// A draaiboek that fails validation: every finding, naming step and property.
    Findings(Vec<verbinding_playbook::Finding>),
    Internal(String),
}

/// What `render_errors` needs to render the error; travels in the response
/// extensions.
#[derive(Debug, Clone)]
pub struct ErrorInfo {
    pub status: StatusCode,
    pub code: &'static str,
    pub fields: Vec<FieldError>,
    pub findings: Vec<verbinding_playbook::Finding>,
}

impl AppError {
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Forbidden | AppError::Csrf => StatusCode::FORBIDDEN,
            AppError::Unauthenticated => StatusCode::UNAUTHORIZED,
            AppError::Conflict => StatusCode::CONFLICT,
            AppError::Throttled => StatusCode::TOO_MANY_REQUESTS,
            AppError::BadRequest => StatusCode::BAD_REQUEST,
            AppError::Invalid(_) | AppError::Findings(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// Stable code for problem+json and logs.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::NotFound => "not_found",
            AppError::Forbidden => "forbidden",
            AppError::Unauthenticated => "unauthenticated",
            AppError::Csrf => "csrf_failed",
            AppError::Conflict => "conflict",
            AppError::Throttled => "too_many_requests",
            AppError::BadRequest => "bad_request",
            AppError::Invalid(_) => "invalid_input",
            AppError::Findings(_) => "playbook_invalid",
            AppError::Internal(_) => "internal",
        }
    }

    pub fn invalid(field: &'static str, code: &'static str) -> AppError {
        AppError::Invalid(vec![FieldError::new(field, code)])
    }
}

impl AppError {
    /// One English sentence for command-line callers, naming every invalid field.
    pub fn sentence(&self) -> String {
        match self {
            AppError::Invalid(fields) => fields
                .iter()
                .map(|f| {
                    format!("{}: {}", f.field, crate::i18n::t(crate::i18n::Lang::En, &format!("error.{}", f.code)))
                })
                .collect::<Vec<_>>()
                .join("; "),
            AppError::Findings(found) => found.iter().map(|f| f.to_string()).collect::<Vec<_>>().join("; "),
            AppError::Internal(cause) => cause.clone(),
            other => crate::i18n::t(crate::i18n::Lang::En, &format!("errorpage.{}", other.status().as_u16())),
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if let AppError::Internal(cause) = &self {
            tracing::error!(error = %cause, "internal error");
        }
        let (fields, findings) = match self {
            AppError::Invalid(ref f) => (f.clone(), Vec::new()),
            AppError::Findings(ref f) => (Vec::new(), f.clone()),
            _ => (Vec::new(), Vec::new()),
        };
        let info = ErrorInfo { status: self.status(), code: self.code(), fields, findings };
        let mut response = info.status.into_response();
        response.extensions_mut().insert(info);
        response
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
            StoreError::InvalidReference(field) => AppError::invalid(
                field,
                match field {
                    "actors" | "actor" => "actor_unknown",
                    "round" => "round_unknown",
                    "decision" => "decision_unknown",
                    "measures" => "measure_unknown",
                    "partner" => "partner_unknown",
                    "status" => "transition_not_allowed",
                    f if f.ends_with("users") => "user_unknown",
                    _ => "org_unknown",
                },
            ),
            StoreError::Database(e) => AppError::Internal(format!("database: {e}")),
        }
    }
}

impl From<sqlx::Error> for AppError {
    fn from(e: sqlx::Error) -> Self {
        AppError::Internal(format!("database: {e}"))
    }
}

impl From<minijinja::Error> for AppError {
    fn from(e: minijinja::Error) -> Self {
        AppError::Internal(format!("template: {e:#}"))
    }
}
