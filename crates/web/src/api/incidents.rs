//! The API of `incidents`: the incident, its phase, timeline and partners. Lists, counts and filters see only what
//! the caller may see; a hidden incident answers 404 like an absent one.

use super::contract::objects::{Incident, Partner, TimelineEntry};
use super::contract::{CountedList, List};
use super::{ApiJson, MarkingBody, json, json_body, offset};
use crate::AppState;
use crate::errors::{AppError, WebError};
use crate::session::ApiCaller;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use verbinding_app::incidents as act;
use verbinding_domain::access::{Principal, VisibilityFilter};
use verbinding_domain::incident::{Effect, IncidentInput, Phase, Sector, Severity};
use verbinding_domain::partners::Relation;
use verbinding_store::incidents::IncidentQuery;

#[derive(Deserialize, Default, schemars::JsonSchema)]
#[serde(default)]
// `required` names the flattened marking fields too: it replaces the merged list.
#[schemars(extend("required" = ["title", "severity", "lead_organisation", "classification", "tlp"]))]
pub struct IncidentBody {
    #[schemars(schema_with = "crate::api::contract::fields::title")]
    title: String,
    #[schemars(length(max = 50_000))]
    summary: String,
    // Text, so that an unknown value is named as a field error (as are the lists below).
    #[schemars(with = "Severity")]
    severity: String,
    /// First known activity, `YYYY-MM-DD` (at most the discovery).
    #[schemars(schema_with = "crate::api::contract::fields::optional_date")]
    first_activity: String,
    /// At most the disclosure.
    #[schemars(schema_with = "crate::api::contract::fields::optional_date")]
    discovery: String,
    #[schemars(schema_with = "crate::api::contract::fields::optional_date")]
    disclosure: String,
    #[schemars(extend("items" = {"type": "string", "maxLength": 200}))]
    victims: Vec<String>,
    /// ISO 3166-1 alpha-2 codes.
    #[schemars(schema_with = "crate::api::contract::fields::countries")]
    countries: Vec<String>,
    /// NIS2 sectors.
    #[schemars(with = "Vec<Sector>")]
    sectors: Vec<String>,
    #[schemars(with = "Vec<Effect>")]
    effects: Vec<String>,
    /// Threat-actor catalogue UUIDs.
    #[schemars(schema_with = "crate::api::contract::fields::uuids")]
    actors: Vec<String>,
    /// The code of the leading organisation.
    #[schemars(schema_with = "crate::api::contract::fields::org_code")]
    lead_organisation: String,
    #[serde(flatten)]
    #[schemars(schema_with = "crate::api::contract::fields::marking")]
    marking: MarkingBody,
    /// The version that was read (to edit).
    #[schemars(schema_with = "crate::api::contract::fields::version")]
    version: Option<i64>,
}

impl IncidentBody {
    fn input(&self) -> IncidentInput {
        IncidentInput {
            title: self.title.clone(),
            summary: self.summary.clone(),
            severity: self.severity.clone(),
            first_activity: self.first_activity.clone(),
            discovery: self.discovery.clone(),
            disclosure: self.disclosure.clone(),
            victims: self.victims.clone(),
            countries: self.countries.clone(),
            sectors: self.sectors.clone(),
            effects: self.effects.clone(),
            actors: self.actors.clone(),
            lead_org: self.lead_organisation.clone(),
            marking: self.marking.input(),
        }
    }
}

#[derive(Deserialize, Default, schemars::JsonSchema)]
/// An unknown parameter is refused (400), never silently ignored.
#[serde(deny_unknown_fields)]
pub struct ListParams {
    #[schemars(schema_with = "crate::api::contract::fields::status_filter")]
    status: Option<String>,
    /// A threat actor's UUID.
    actor: Option<String>,
    #[schemars(schema_with = "crate::api::contract::fields::sector_filter")]
    sector: Option<String>,
    #[schemars(schema_with = "crate::api::contract::fields::severity_filter")]
    severity: Option<String>,
    /// Discovered on or after, `YYYY-MM-DD`.
    #[schemars(schema_with = "crate::api::contract::fields::date_filter")]
    from: Option<String>,
    /// Discovered on or before (not before `from`).
    #[schemars(schema_with = "crate::api::contract::fields::date_filter")]
    to: Option<String>,
    /// The leading organisation's code.
    lead: Option<String>,
    #[schemars(schema_with = "crate::api::contract::fields::sort")]
    sort: Option<String>,
    /// The offset of the page, as handed out in `next_cursor`.
    #[schemars(regex(pattern = r"^[0-9]{0,18}$"))]
    cursor: Option<String>,
    #[schemars(range(min = 1, max = 200))]
    limit: Option<i64>,
}

/// What an answer of the list depends on besides the data: the caller's
/// whole principal and visibility filter, the filters and the page.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ListKey {
    principal: Principal,
    filter: VisibilityFilter,
    query: IncidentQuery,
    start: i64,
    limit: i64,
}

pub async fn list(
    State(state): State<AppState>,
    caller: ApiCaller,
    Query(p): Query<ListParams>,
) -> Result<Response, WebError> {
    let f = caller.reader()?;
    let q = act::parse_query(&act::ListFilters {
        status: p.status,
        actor: p.actor,
        sector: p.sector,
        severity: p.severity,
        from: p.from,
        to: p.to,
        lead: p.lead,
        sort: p.sort,
    })?;
    let start = offset(&p.cursor)?;
    let limit = super::limit(p.limit)?;
    // Taken before reading: a write committed meanwhile makes the answer stale.
    let generation = state.db.generation();
    let key = ListKey { principal: caller.principal.clone(), filter: f, query: q, start, limit };
    if let Some((body, shown)) = state.caches.incident_api.get(&key, generation) {
        verbinding_app::marked::record_shown(&state, &caller, &shown, "incidents").await?;
        return Ok(json_body(StatusCode::OK, body));
    }
    let (items, total) = act::list(&state, &caller, &key.query, start, limit).await?;
    let next =
        (start + (items.len() as i64) < total && items.len() as i64 == limit).then(|| (start + limit).to_string());
    let shown: crate::cache::Shown = items.iter().map(|i| i.id).collect();
    let items = items.into_iter().map(Incident::from).collect();
    let body = serde_json::to_vec(&CountedList { items, next_cursor: next, total })
        .map_err(|e| AppError::caused("JSON", e))?;
    let body = Bytes::from(body);
    let weight = body.len() + shown.len() * 8;
    state.caches.incident_api.insert(key, generation, (body.clone(), shown), weight);
    Ok(json_body(StatusCode::OK, body))
}

pub async fn get(State(state): State<AppState>, caller: ApiCaller, Path(id): Path<i64>) -> Result<Response, WebError> {
    Ok(json(StatusCode::OK, &Incident::from(act::read(&state, &caller, id).await?)))
}

pub async fn create(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiJson(b): ApiJson<IncidentBody>,
) -> Result<Response, WebError> {
    let id = act::create(&state, &caller, &b.input())
        .await
        .map_err(|e| super::as_body_field(e, "lead_org", "lead_organisation"))?;
    Ok(json(StatusCode::CREATED, &Incident::from(act::load(&state, &caller, id).await?)))
}

pub async fn update(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<IncidentBody>,
) -> Result<Response, WebError> {
    act::load(&state, &caller, id).await?;
    let version = b.version.ok_or_else(|| AppError::invalid("version", "required"))?;
    act::update(&state, &caller, id, version, &b.input())
        .await
        .map_err(|e| super::as_body_field(e, "lead_org", "lead_organisation"))?;
    Ok(json(StatusCode::OK, &Incident::from(act::load(&state, &caller, id).await?)))
}

#[derive(Deserialize, Default, schemars::JsonSchema)]
#[serde(default)]
#[schemars(extend("required" = ["status", "version"]))]
pub struct StatusBody {
    /// The next or the previous phase.
    #[schemars(with = "Phase")]
    status: String,
    #[schemars(schema_with = "crate::api::contract::fields::version")]
    version: Option<i64>,
}

pub async fn set_status(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<StatusBody>,
) -> Result<Response, WebError> {
    act::load(&state, &caller, id).await?;
    let version = b.version.ok_or_else(|| AppError::invalid("version", "required"))?;
    act::set_status(&state, &caller, id, version, b.status.trim()).await?;
    Ok(json(StatusCode::OK, &Incident::from(act::load(&state, &caller, id).await?)))
}

pub async fn timeline(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let events = verbinding_app::consultations::timeline(&state, &caller, id).await?;
    Ok(json(StatusCode::OK, &List::<TimelineEntry>::all(events)))
}

#[derive(Deserialize, Default, schemars::JsonSchema)]
#[serde(default)]
#[schemars(rename = "TimelineNoteBody")]
#[schemars(extend("required" = ["text"]))]
pub struct NoteBody {
    #[schemars(schema_with = "crate::api::contract::fields::required_text")]
    text: String,
}

pub async fn add_note(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<NoteBody>,
) -> Result<Response, WebError> {
    act::add_note(&state, &caller, id, &b.text).await?;
    let events = verbinding_app::consultations::timeline(&state, &caller, id).await?;
    Ok(json(StatusCode::CREATED, &List::<TimelineEntry>::all(events)))
}

pub async fn partners(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let items = act::partners(&state, &caller, id).await?;
    Ok(json(StatusCode::OK, &List::<Partner>::all(items)))
}

#[derive(Deserialize, Default, schemars::JsonSchema)]
#[serde(default)]
#[schemars(extend("required" = ["partner", "relation", "date"]))]
pub struct PartnerBody {
    /// The code of a partner state or international organisation.
    #[schemars(length(min = 1))]
    partner: String,
    #[schemars(with = "Relation")]
    relation: String,
    #[schemars(schema_with = "crate::api::contract::fields::date")]
    date: String,
    #[schemars(length(max = 1_000))]
    note: String,
}

pub async fn add_partner(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<PartnerBody>,
) -> Result<Response, WebError> {
    let input = verbinding_domain::partners::PartnerInput {
        partner: b.partner,
        relation: b.relation,
        date: b.date,
        note: b.note,
    };
    act::add_partner(&state, &caller, id, &input).await?;
    let items = act::partners(&state, &caller, id).await?;
    Ok(json(StatusCode::CREATED, &List::<Partner>::all(items)))
}
