//! The web transport's error: the application's [`AppError`], or what only
//! the transport knows (a form without a valid anti-forgery token, a template
//! that failed). A handler returns `WebError`; the `render_errors`
//! middleware turns it into an HTML page in the user's language or into
//! `application/problem+json` for the API, both carrying the request id.
//! Unexpected errors become an opaque 500 with the cause chain logged, never
//! shown.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
pub use verbinding_app::AppError;
use verbinding_domain::{DomainError, FieldError};
use verbinding_store::StoreError;

#[derive(Debug)]
pub enum WebError {
    App(AppError),
    /// A form without a valid anti-forgery token.
    Csrf,
    /// A request the transport refused before any handler ran: a body that is
    /// not JSON, too large or of another media type, a path or query that does
    /// not parse. Answered with this status (400, 413, 415) and its code.
    Rejected(StatusCode),
    /// A field the transport refuses by name before the body is read: one
    /// the body does not have (`field_unknown`), or text with a NUL character
    /// (`nul_character`; no user types one, and PostgreSQL cannot store it).
    /// For a JSON body the field is a path such as `measures[1]`. Answered
    /// 422 like other invalid input.
    Field {
        field: String,
        code: &'static str,
    },
}

/// What `render_errors` needs to render the error; travels in the response
/// extensions.
#[derive(Debug, Clone)]
pub struct ErrorInfo {
    pub status: StatusCode,
    pub code: &'static str,
    pub fields: Vec<FieldError>,
    pub findings: Vec<verbinding_playbook::Finding>,
    /// The field and code of a [`WebError::Field`].
    pub named: Option<(String, &'static str)>,
}

/// The HTTP status of an application error.
pub fn status(e: &AppError) -> StatusCode {
    match e {
        AppError::NotFound => StatusCode::NOT_FOUND,
        AppError::Forbidden => StatusCode::FORBIDDEN,
        AppError::Unauthenticated => StatusCode::UNAUTHORIZED,
        AppError::Conflict => StatusCode::CONFLICT,
        AppError::Throttled => StatusCode::TOO_MANY_REQUESTS,
        AppError::BadRequest => StatusCode::BAD_REQUEST,
        AppError::Invalid(_) | AppError::Findings(_) if e.does_not_fit() => StatusCode::CONFLICT,
        AppError::Invalid(_) | AppError::Findings(_) => StatusCode::UNPROCESSABLE_ENTITY,
        AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

impl WebError {
    pub fn status(&self) -> StatusCode {
        match self {
            WebError::App(e) => status(e),
            WebError::Csrf => StatusCode::FORBIDDEN,
            WebError::Rejected(s) => *s,
            WebError::Field { .. } => StatusCode::UNPROCESSABLE_ENTITY,
        }
    }

    /// Stable code for problem+json and logs.
    pub fn code(&self) -> &'static str {
        match self {
            WebError::App(e) => e.code(),
            WebError::Csrf => "csrf_failed",
            WebError::Rejected(s) => status_code(*s),
            WebError::Field { .. } => "invalid_input",
        }
    }

    pub fn invalid(field: &'static str, code: &'static str) -> WebError {
        WebError::App(AppError::invalid(field, code))
    }

    /// Text in `field` with the character [`refused_character`] names.
    pub fn character_in(field: impl Into<String>, code: &'static str) -> WebError {
        let field: String = field.into().chars().filter(|c| refused_character(&c.to_string()).is_none()).collect();
        WebError::Field { field, code }
    }
}

/// Whether a text holds a character no field accepts, and its code: NUL
/// (`nul_character`: PostgreSQL cannot store it), or another control
/// character (`control_character`) — nobody types one; it only hides text
/// from a reader or splits a line in a log, a header or an export. Tab, line
/// feed and carriage return are text (a summary has lines).
pub fn refused_character(s: &str) -> Option<&'static str> {
    if s.contains('\0') {
        Some("nul_character")
    } else if s.chars().any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r')) {
        Some("control_character")
    } else {
        None
    }
}

/// The stable code of a status the transport answers by itself.
pub fn status_code(s: StatusCode) -> &'static str {
    match s.as_u16() {
        401 => "unauthenticated",
        403 => "forbidden",
        404 => "not_found",
        405 => "method_not_allowed",
        409 => "conflict",
        413 => "payload_too_large",
        415 => "unsupported_media_type",
        422 => "invalid_input",
        429 => "too_many_requests",
        500..=599 => "internal",
        _ => "bad_request",
    }
}

/// One English sentence for command-line callers, naming every invalid field.
pub fn sentence(e: &AppError) -> String {
    match e {
        AppError::Invalid(fields) => fields
            .iter()
            .map(|f| format!("{}: {}", f.field, crate::i18n::t(crate::i18n::Lang::En, &format!("error.{}", f.code))))
            .collect::<Vec<_>>()
            .join("; "),
        AppError::Findings(found) => found.iter().map(|f| f.to_string()).collect::<Vec<_>>().join("; "),
        AppError::Internal(cause) => cause.to_string(),
        other => crate::i18n::t(crate::i18n::Lang::En, &format!("errorpage.{}", status(other).as_u16())),
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        if let WebError::App(AppError::Internal(cause)) = &self {
            tracing::error!(error = %cause, "internal error");
        }
        let (fields, findings) = match &self {
            WebError::App(AppError::Invalid(f)) => (f.clone(), Vec::new()),
            WebError::App(AppError::Findings(f)) => (Vec::new(), f.clone()),
            _ => (Vec::new(), Vec::new()),
        };
        let named = match &self {
            WebError::Field { field, code } => Some((field.clone(), *code)),
            _ => None,
        };
        let info = ErrorInfo { status: self.status(), code: self.code(), fields, findings, named };
        let mut response = info.status.into_response();
        response.extensions_mut().insert(info);
        response
    }
}

impl From<AppError> for WebError {
    fn from(e: AppError) -> Self {
        WebError::App(e)
    }
}

impl From<DomainError> for WebError {
    fn from(e: DomainError) -> Self {
        WebError::App(e.into())
    }
}

impl From<StoreError> for WebError {
    fn from(e: StoreError) -> Self {
        WebError::App(e.into())
    }
}

impl From<minijinja::Error> for WebError {
    fn from(e: minijinja::Error) -> Self {
        WebError::App(AppError::caused("template", e))
    }
}
