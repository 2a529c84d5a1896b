//! The evaluator export as one download: a ZIP archive of the strategy's
//! result framework (JSON, CSV files and a codebook), answered to the page
//! and to the API alike. It holds marked content, so no cache keeps it.

use crate::AppState;
use crate::errors::WebError;
use crate::session::Viewer;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use verbinding_app::evaluation::{self, EvaluatorExport};

/// `GET /strategy/{id}/evaluation`: the archive to save.
pub async fn download(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let export = evaluation::evaluator_export(&state, &viewer, id).await?;
    zip_file(&export)
}

/// The archive as an attachment. The file name is made of the strategy's
/// number only, so it needs no quoting beyond the quotes around it.
pub fn zip_file(export: &EvaluatorExport) -> Result<Response, WebError> {
    let bytes = export.zip()?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/zip".to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{}\"", export.file_name())),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
        ],
        bytes,
    )
        .into_response())
}
