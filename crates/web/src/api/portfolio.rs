//! Capacity-building API: the projects the caller may see, one project with
//! its money and baselines, and the public ones as an IATI 2.03 file.

use super::contract::List;
use super::contract::portfolio::{ProjectDetail, ProjectItem};
use super::json;
use crate::AppState;
use crate::errors::WebError;
use crate::session::ApiCaller;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use verbinding_app::{portfolio, portfolio_iati};

pub async fn list(State(state): State<AppState>, caller: ApiCaller) -> Result<Response, WebError> {
    let items = portfolio::portfolio(&state, &caller).await?.entries.into_iter().map(ProjectItem::from).collect();
    Ok(json(StatusCode::OK, &List { items, next_cursor: None }))
}

pub async fn show(State(state): State<AppState>, caller: ApiCaller, Path(id): Path<i64>) -> Result<Response, WebError> {
    Ok(json(StatusCode::OK, &ProjectDetail::from(portfolio::project_page(&state, &caller, id).await?)))
}

/// The public projects as IATI 2.03 XML; `X-Withheld-Projects` says how
/// many visible projects were left out because they are not public.
pub async fn iati(State(state): State<AppState>, caller: ApiCaller) -> Result<Response, WebError> {
    let export = portfolio_iati::iati_export(&state, &caller).await?;
    Ok(crate::pages::portfolio::iati_file(export))
}
