//! Dossier API. Lists, counts and single reads all filter in the query.

use super::contract::{CountedList, objects::Dossier};
use super::{ApiJson, PageParams, json, page};
use crate::AppState;
use crate::errors::{AppError, WebError};
use crate::session::ApiCaller;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use verbinding_app::dossiers as act;
use verbinding_domain::dossier::DossierInput;

#[derive(Deserialize, Default, schemars::JsonSchema)]
#[serde(default)]
// `required` names the flattened marking fields too: it replaces the merged list.
#[schemars(extend("required" = ["title", "lead_organisation", "classification", "tlp"]))]
pub struct DossierBody {
    #[schemars(schema_with = "crate::api::contract::fields::title")]
    title: String,
    #[schemars(length(max = 20_000))]
    summary: String,
    #[serde(flatten)]
    #[schemars(schema_with = "crate::api::contract::fields::marking")]
    marking: super::MarkingBody,
    /// The code of the leading organisation.
    #[schemars(schema_with = "crate::api::contract::fields::org_code")]
    lead_organisation: String,
    /// The version that was read (to edit).
    #[schemars(schema_with = "crate::api::contract::fields::version")]
    version: Option<i64>,
}

impl DossierBody {
    fn input(&self) -> DossierInput {
        DossierInput {
            title: self.title.clone(),
            summary: self.summary.clone(),
            lead_org: self.lead_organisation.clone(),
            marking: self.marking.input(),
        }
    }
}

pub async fn list(
    State(state): State<AppState>,
    caller: ApiCaller,
    Query(p): Query<PageParams>,
) -> Result<Response, WebError> {
    let limit = p.limit()?;
    let (items, total) = act::list(&state, &caller, p.cursor()?, limit).await?;
    let paged = page(items, limit, |d| d.id);
    let items = paged.items.into_iter().map(Dossier::from).collect();
    Ok(json(StatusCode::OK, &CountedList { items, next_cursor: paged.next_cursor, total }))
}

pub async fn get(State(state): State<AppState>, caller: ApiCaller, Path(id): Path<i64>) -> Result<Response, WebError> {
    Ok(json(StatusCode::OK, &Dossier::from(act::read(&state, &caller, id).await?)))
}

pub async fn create(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiJson(b): ApiJson<DossierBody>,
) -> Result<Response, WebError> {
    let id = act::create(&state, &caller, &b.input())
        .await
        .map_err(|e| super::as_body_field(e, "lead_org", "lead_organisation"))?;
    Ok(json(StatusCode::CREATED, &Dossier::from(act::load(&state, &caller, id).await?)))
}

pub async fn update(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<DossierBody>,
) -> Result<Response, WebError> {
    act::load(&state, &caller, id).await?;
    let version = b.version.ok_or_else(|| AppError::invalid("version", "required"))?;
    act::update(&state, &caller, id, version, &b.input())
        .await
        .map_err(|e| super::as_body_field(e, "lead_org", "lead_organisation"))?;
    Ok(json(StatusCode::OK, &Dossier::from(act::load(&state, &caller, id).await?)))
}
