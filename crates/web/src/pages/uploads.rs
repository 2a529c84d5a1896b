//! Forms that carry a file (multipart/form-data). The anti-forgery token is
//! the form's first part and is checked here, before anything else is read:
//! the middleware does not buffer uploads (routes marked `upload`). A form
//! posted without a file (url-encoded) was checked by the middleware.

use super::FormPairs;
use crate::AppState;
use crate::errors::{AppError, WebError};
use crate::session::{Viewer, constant_time_eq};
use axum::extract::{FromRequest, Multipart, Request};
use verbinding_app::tasks::{MAX_ATTACHMENT, Upload};
use verbinding_store::tasks::Attachment;

/// The form's text fields, and its part named `file` (or why there is none
/// that may be used: missing, or over 10 MiB).
pub async fn form(
    state: &AppState,
    viewer: &Viewer,
    request: Request,
) -> Result<(FormPairs, Result<Upload, AppError>), WebError> {
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
    let first = m.next_field().await.map_err(|_| WebError::Csrf)?.ok_or(WebError::Csrf)?;
    if first.name() != Some("csrf") {
        return Err(WebError::Csrf);
    }
    let token = first.text().await.map_err(|_| WebError::Csrf)?;
    if viewer.csrf.is_empty() || !constant_time_eq(&token, &viewer.csrf) {
        return Err(WebError::Csrf);
    }
    let (fields, upload) = read_multipart(m).await?;
    Ok((FormPairs(fields), upload))
}

/// A file part that may be left empty: no file is `None`, a file that may
/// not be used (over 10 MiB) stays an error.
pub fn optional(upload: Result<Upload, AppError>) -> Result<Option<Upload>, AppError> {
    match upload {
        Ok(u) => Ok(Some(u)),
        Err(AppError::Invalid(fields)) if fields.iter().all(|e| e.field == "file" && e.code == "required") => Ok(None),
        Err(e) => Err(e),
    }
}

/// The download answer: always a byte stream to save, never rendered.
pub fn download(meta: &Attachment, bytes: Vec<u8>) -> axum::response::Response {
    download_named(&meta.file_name, &meta.original_name, bytes)
}

/// A download under a sanitised name and the name as typed (for `filename*`).
pub fn download_named(file_name: &str, original_name: &str, bytes: Vec<u8>) -> axum::response::Response {
    use axum::http::header;
    use axum::response::IntoResponse;
    // `filename*` holds the name as typed, cleaned like `filename` (no path,
    // no control or separator characters): a client that prefers it must
    // not be handed `../` or a header-splitting character either.
    let encoded: String = verbinding_app::tasks::sanitise_unicode(original_name)
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    let disposition = format!("attachment; filename=\"{file_name}\"; filename*=UTF-8''{encoded}");
    (
        [
            (header::CONTENT_TYPE, "application/octet-stream".to_string()),
            (header::CONTENT_DISPOSITION, disposition),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_string()),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
        ],
        bytes,
    )
        .into_response()
}

/// Reads a multipart upload: the text fields, and the part named `file`
/// (read up to one byte over the limit, then the rest of the body is
/// drained). A body over the route's limit counts as a file too large.
pub async fn read_multipart(
    mut m: axum::extract::Multipart,
) -> Result<(Vec<(String, String)>, Result<Upload, AppError>), AppError> {
    let mut fields = Vec::new();
    let mut upload = Err(AppError::invalid("file", "required"));
    let too_large =
        |e: &axum::extract::multipart::MultipartError| e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE;
    loop {
        let field = match m.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) if too_large(&e) => return Ok((fields, Err(AppError::invalid("file", "file_too_large")))),
            Err(_) => return Err(AppError::BadRequest),
        };
        let name = field.name().unwrap_or("").to_string();
        if name == "file" {
            let file_name = field.file_name().unwrap_or("").to_string();
            let media_type = field.content_type().unwrap_or("application/octet-stream").to_string();
            let mut field = field;
            let mut bytes = Vec::new();
            let mut over = false;
            loop {
                match field.chunk().await {
                    Ok(Some(chunk)) => {
                        if !over {
                            bytes.extend_from_slice(&chunk);
                            if bytes.len() > MAX_ATTACHMENT {
                                over = true;
                                bytes = Vec::new();
                            }
                        }
                    }
                    Ok(None) => break,
                    Err(e) if too_large(&e) => {
                        over = true;
                        break;
                    }
                    Err(_) => return Err(AppError::BadRequest),
                }
            }
            if over {
                return Ok((fields, Err(AppError::invalid("file", "file_too_large"))));
            }
            upload = if file_name.is_empty() && bytes.is_empty() {
                Err(AppError::invalid("file", "required"))
            } else {
                Ok(Upload { file_name, media_type, bytes })
            };
        } else {
            let text = field.text().await.map_err(|_| AppError::BadRequest)?;
            fields.push((name, text));
        }
    }
    Ok((fields, upload))
}
