//! Forms that carry a file (multipart/form-data). The anti-forgery token is
//! the form's first part and is checked here, before anything else is read:
//! the middleware does not buffer uploads (routes marked `upload`). A form
//! posted without a file (url-encoded) was checked by the middleware.

use super::FormPairs;
use crate::AppState;
use crate::actions::tasks::{Upload, read_multipart};
use crate::errors::AppError;
use crate::session::{Viewer, constant_time_eq};
use axum::extract::{FromRequest, Multipart, Request};

/// The form's text fields, and its part named `file` (or why there is none
/// that may be used: missing, or over 10 MiB).
pub async fn form(
    state: &AppState,
    viewer: &Viewer,
    request: Request,
) -> Result<(FormPairs, Result<Upload, AppError>), AppError> {
    let is_multipart = request
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|c| c.to_ascii_lowercase().starts_with("multipart/form-data"));
    if !is_multipart {
        let f = FormPairs::from_request(request, state).await?;
        return Ok((f, Err(AppError::invalid("file", "required"))));
    }
    let mut m = Multipart::from_request(request, state).await.map_err(|_| AppError::BadRequest)?;
    // The token first: nothing else is read from a forged request.
    let first = m.next_field().await.map_err(|_| AppError::Csrf)?.ok_or(AppError::Csrf)?;
    if first.name() != Some("csrf") {
        return Err(AppError::Csrf);
    }
    let token = first.text().await.map_err(|_| AppError::Csrf)?;
    if viewer.csrf.is_empty() || !constant_time_eq(&token, &viewer.csrf) {
        return Err(AppError::Csrf);
    }
    let (fields, upload) = read_multipart(m).await?;
    Ok((FormPairs(fields), upload))
}
