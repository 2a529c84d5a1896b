//! Capacity-building API: the projects the caller may see, one project with
//! its money and baselines, the public ones as an IATI 2.03 file, and the
//! import of another publisher's IATI file.

use super::contract::List;
use super::contract::portfolio::{ImportReportView, ProjectDetail, ProjectItem};
use super::{ApiJson, MarkingBody, json};
use crate::AppState;
use crate::errors::WebError;
use crate::session::ApiCaller;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
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

/// An IATI 2.03 activity file to import, and what the new projects get.
#[derive(Deserialize, Default, schemars::JsonSchema)]
#[serde(default)]
#[schemars(extend("required" = ["xml", "lead_organisation", "classification", "tlp"]))]
pub struct IatiImportBody {
    /// The file's text (`<iati-activities version="2.03">…`).
    #[schemars(length(max = 10_485_760))]
    xml: String,
    /// The code of the organisation that will keep the imported projects.
    #[schemars(schema_with = "crate::api::contract::fields::org_code")]
    lead_organisation: String,
    #[serde(flatten)]
    #[schemars(schema_with = "crate::api::contract::fields::marking")]
    marking: MarkingBody,
}

/// Imports the file's activities as the page does; the answer says per
/// activity what happened (created, already present, refused and why).
pub async fn import(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiJson(b): ApiJson<IatiImportBody>,
) -> Result<Response, WebError> {
    let report = portfolio_iati::iati_import(&state, &caller, &b.xml, &b.lead_organisation, &b.marking.input())
        .await
        .map_err(|e| match e {
        // The page's file is this body's `xml`, and its lead organisation `lead_organisation`.
        verbinding_app::AppError::Invalid(fields) => verbinding_app::AppError::Invalid(
            fields
                .into_iter()
                .map(|f| match f.field {
                    "file" => verbinding_domain::FieldError { field: "xml", ..f },
                    "lead_org" => verbinding_domain::FieldError { field: "lead_organisation", ..f },
                    _ => f,
                })
                .collect(),
        ),
        other => other,
    })?;
    Ok(json(StatusCode::OK, &ImportReportView::from(report)))
}
