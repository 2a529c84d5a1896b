//! The pages of `incidents`: list with filters, detail with timeline, create,
//! edit, status, timeline entries and partners. Reads go through
//! `app::incidents`.

use super::{FormPairs, Reusable, field_errors, form_errors, render, render_reusable, see_other};
use crate::AppState;
use crate::cache;
use crate::errors::{AppError, WebError};
use crate::middleware::RequestCtx;
use crate::session::Viewer;
use axum::extract::{Extension, Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use minijinja::{Value, context};
use serde::Deserialize;
use std::sync::Arc;
use verbinding_app::incidents as act;
use verbinding_domain::FieldError;
use verbinding_domain::access::{Principal, VisibilityFilter};
use verbinding_domain::incident::{Effect, IncidentInput, ListOrder, Phase, Sector, Severity};
use verbinding_domain::tlp::Tlp;
use verbinding_store::directory;

const PAGE: i64 = 50;

#[derive(Deserialize, Default, Debug, Clone, PartialEq, Eq, Hash)]
pub struct ListParams {
    status: Option<String>,
    actor: Option<String>,
    sector: Option<String>,
    severity: Option<String>,
    from: Option<String>,
    to: Option<String>,
    lead: Option<String>,
    sort: Option<String>,
    offset: Option<i64>,
}

fn vocabularies() -> Value {
    context! {
        statuses => Phase::ids(), severities => Severity::ids(), sectors => Sector::ids(), effects => Effect::ids(),
        orders => ListOrder::ids(),
    }
}

/// What a rendered list page depends on besides the data and the request id:
/// the viewer's whole principal (which also decides the links the page
/// offers) and visibility filter, the session (its anti-forgery token is on
/// the page), the viewer's name, the language, the filters as typed and the
/// page's own address.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ListKey {
    principal: Principal,
    filter: VisibilityFilter,
    csrf: String,
    user: (i64, String, String),
    lang: &'static str,
    /// The time zone the page's times are written in.
    zone: &'static str,
    path: String,
    params: ListParams,
}

pub async fn list(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
    Query(p): Query<ListParams>,
) -> Result<Response, WebError> {
    let f = viewer.reader()?;
    // Taken before reading: a write committed meanwhile makes the page stale.
    let generation = state.db.generation();
    let key = ListKey {
        principal: viewer.principal.clone(),
        filter: f,
        csrf: viewer.csrf.clone(),
        user: (viewer.user.id, viewer.user.name.clone(), viewer.user.email.clone()),
        lang: viewer.lang.code(),
        zone: viewer.zone.name(),
        path: ctx.path.clone(),
        params: p,
    };
    if let Some((page, shown)) = state.caches.incident_pages.get(&key, generation) {
        verbinding_app::marked::record_shown(&state, &viewer, &shown, "incidents").await?;
        return Ok(page.response(&ctx.request_id));
    }
    let (page, shown) = render_list(&state, &viewer, &ctx, &key).await?;
    let page = Arc::new(page);
    let weight = page.size() + shown.len() * 8;
    state.caches.incident_pages.insert(key, generation, (Arc::clone(&page), shown), weight);
    Ok(page.response(&ctx.request_id))
}

/// The list's filters as typed, for the service to check. The actor filter
/// is typed as a name; an unknown name matches nothing.
pub(super) async fn filters_of(
    state: &AppState,
    viewer: &Viewer,
    p: &ListParams,
) -> Result<act::ListFilters, WebError> {
    let actor_uuid = match p.actor.as_deref().map(str::trim).filter(|a| !a.is_empty()) {
        Some(name) => {
            Some(verbinding_app::catalogue::actor_by_name(state, viewer, name).await?.unwrap_or_else(|| "-".into()))
        }
        None => None,
    };
    Ok(act::ListFilters {
        status: p.status.clone(),
        actor: actor_uuid,
        sector: p.sector.clone(),
        severity: p.severity.clone(),
        from: p.from.clone(),
        to: p.to.clone(),
        lead: p.lead.clone(),
        sort: p.sort.clone(),
    })
}

/// The page, and the incidents it shows.
async fn render_list(
    state: &AppState,
    viewer: &Viewer,
    ctx: &RequestCtx,
    key: &ListKey,
) -> Result<(Reusable, crate::cache::Shown), WebError> {
    let p = &key.params;
    let filters = filters_of(state, viewer, p).await?;
    let listed = match act::parse_query(&filters) {
        Ok(q) => act::list(state, viewer, &q, p.offset.unwrap_or(0).max(0), PAGE).await,
        Err(e) => Err(e),
    };
    let (items, count, errors) = match listed {
        Ok((items, count)) => (items, count, Vec::new()),
        Err(AppError::Invalid(e)) => (Vec::new(), 0, e),
        Err(e) => return Err(e.into()),
    };
    let orgs = cache::orgs(state).await?;
    let offset = p.offset.unwrap_or(0).max(0);
    let next = (offset + PAGE < count).then_some(offset + PAGE);
    let query = serde_urlencoded::to_string([
        ("status", p.status.clone().unwrap_or_default()),
        ("actor", p.actor.clone().unwrap_or_default()),
        ("sector", p.sector.clone().unwrap_or_default()),
        ("severity", p.severity.clone().unwrap_or_default()),
        ("from", p.from.clone().unwrap_or_default()),
        ("to", p.to.clone().unwrap_or_default()),
        ("lead", p.lead.clone().unwrap_or_default()),
        ("sort", p.sort.clone().unwrap_or_default()),
    ])
    .unwrap_or_default();
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let shown = items.iter().map(|i| i.id).collect();
    let page = render_reusable(
        state,
        viewer,
        ctx,
        "incidents/incidents.html",
        context! {
            items => Value::from_serialize(&items),
            count,
            next,
            query,
            errors => field_errors(&errors),
            params => context! {
                status => p.status, actor => p.actor, sector => p.sector, severity => p.severity,
                from => p.from, to => p.to, lead => p.lead, sort => p.sort,
            },
            orgs => Value::from_serialize(orgs.as_slice()),
            vocab => vocabularies(),
        },
        status,
    )?;
    Ok((page, shown))
}

async fn form_page(
    state: &AppState,
    viewer: &Viewer,
    ctx: &RequestCtx,
    values: Value,
    errors: &[FieldError],
    editing: Value,
) -> Result<Response, WebError> {
    let own = context! { vocab => vocabularies(), ..editing };
    super::marked_form(state, viewer, ctx, "incidents/incident_form.html", values, errors, own).await
}

fn lines(s: &str) -> Vec<String> {
    s.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect()
}

/// Reads the form; actor names are resolved to catalogue UUIDs here, and an
/// unknown name is reported on the `actors` field.
async fn input_from(state: &AppState, viewer: &Viewer, f: &FormPairs) -> Result<IncidentInput, AppError> {
    let mut actors = Vec::new();
    for name in lines(&f.get("actors")) {
        match verbinding_app::catalogue::actor_by_name(state, viewer, &name).await? {
            Some(uuid) => actors.push(uuid),
            None => actors.push(format!("unknown:{name}")),
        }
    }
    Ok(IncidentInput {
        title: f.get("title"),
        summary: f.get("summary"),
        severity: f.get("severity"),
        first_activity: f.get("first_activity"),
        discovery: f.get("discovery"),
        disclosure: f.get("disclosure"),
        victims: lines(&f.get("victims")),
        countries: f.get("countries").split([',', ' ', ';']).map(str::to_string).collect(),
        sectors: f.all("sectors"),
        effects: f.all("effects"),
        actors,
        lead_org: f.get("lead_org"),
        marking: super::marking_from(f),
    })
}

fn values_from(f: &FormPairs) -> Value {
    context! {
        title => f.get("title"), summary => f.get("summary"), severity => f.get("severity"),
        first_activity => f.get("first_activity"), discovery => f.get("discovery"), disclosure => f.get("disclosure"),
        victims => f.get("victims"), countries => f.get("countries"), sectors => f.all("sectors"), effects => f.all("effects"),
        actors => f.get("actors"), lead_org => f.get("lead_org"), ..super::marking_values(f)
    }
}

pub async fn new_form(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
) -> Result<Response, WebError> {
    let own = directory::code_of(&crate::cache::orgs(&state).await?, viewer.user.org_id);
    let values = context! {
        title => "", summary => "", severity => "significant", first_activity => "", discovery => "", disclosure => "",
        victims => "", countries => "", sectors => Vec::<String>::new(), effects => Vec::<String>::new(), actors => "",
        lead_org => own.clone(), ..super::new_marking(&own)
    };
    form_page(&state, &viewer, &ctx, values, &[], context! { editing => None::<i64> }).await
}

pub async fn create(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
    f: FormPairs,
) -> Result<Response, WebError> {
    let input = input_from(&state, &viewer, &f).await?;
    match act::create(&state, &viewer, &input).await {
        Ok(id) => Ok(see_other(&format!("/incidents/{id}?created=1"))),
        Err(e) => {
            let errors = form_errors(e)?;
            form_page(&state, &viewer, &ctx, values_from(&f), &errors, context! { editing => None::<i64> }).await
        }
    }
}

#[derive(Deserialize, Default)]
pub struct ShowParams {
    notice: Option<String>,
    created: Option<String>,
}

async fn detail_page(
    state: &AppState,
    viewer: &Viewer,
    ctx: &RequestCtx,
    i: verbinding_store::incidents::Incident,
    notice: Option<&'static str>,
    errors: &[FieldError],
) -> Result<Response, WebError> {
    incident_page(state, viewer, ctx, i, notice, errors, ("incidents/incident.html", "overview")).await
}

/// One part of the incident as a page of its own (its tab): the
/// assessments, the partners or the timeline.
async fn part_page(
    state: &AppState,
    viewer: &Viewer,
    ctx: &RequestCtx,
    id: i64,
    tab: &'static str,
) -> Result<Response, WebError> {
    let i = act::read(state, viewer, id).await?;
    incident_page(state, viewer, ctx, i, None, &[], ("incidents/incident.html", tab)).await
}

pub async fn assessments_tab(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    part_page(&state, &viewer, &ctx, id, "assessments").await
}

pub async fn partners_tab(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    part_page(&state, &viewer, &ctx, id, "partners").await
}

pub async fn timeline_tab(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    part_page(&state, &viewer, &ctx, id, "timeline").await
}

/// The incident's print view: the same facts, assessments, partners and
/// timeline without menus and forms, the marking on every printed page.
pub async fn print(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let i = act::read(&state, &viewer, id).await?;
    incident_page(&state, &viewer, &ctx, i, None, &[], ("incidents/incident_print.html", "overview")).await
}

/// An incident page: `template` (the page or its print view) showing `tab`
/// (the overview shows every part).
async fn incident_page(
    state: &AppState,
    viewer: &Viewer,
    ctx: &RequestCtx,
    i: verbinding_store::incidents::Incident,
    notice: Option<&'static str>,
    errors: &[FieldError],
    (template, tab): (&str, &'static str),
) -> Result<Response, WebError> {
    let events = verbinding_app::consultations::timeline(state, viewer, i.id).await?;
    let (readable, restricted) = verbinding_app::assessments::of_incident(state, viewer, i.id).await?;
    let partners = act::partners(state, viewer, i.id).await?;
    let partner_options = act::partner_options(state, viewer).await?;
    let serves = verbinding_app::strategy::served_by(state, viewer, i.id).await?;
    let details = events
        .iter()
        .map(|e| verbinding_store::decode("detail of a timeline event of incident", i.id, &e.detail))
        .collect::<Result<Vec<serde_json::Value>, _>>()?;
    // The qualifier: a measure's new status, or a signed decision's kind.
    let timed: Vec<(&str, i64, Option<&str>)> = events
        .iter()
        .zip(&details)
        .map(|(e, d)| (e.kind.as_str(), e.at_ms, d["to"].as_str().or(d["kind"].as_str())))
        .collect();
    let durations = verbinding_domain::incident::phase_durations(&timed);
    // Hours with one decimal, written as the viewer reads numbers ("2,5" in Dutch).
    let hours =
        |ms: Option<i64>| ms.map(|m| super::indicators::number(viewer.lang, (m as f64 / 360_000.0).round() / 10.0));
    let durations = context! {
        first_assessment => hours(durations.to_first_assessment),
        first_executed_measure => hours(durations.to_first_executed_measure),
        attribution_decision => hours(durations.to_attribution_decision),
    };
    // Rounds and decisions by their number on this incident (1, 2, ...).
    let opened = |kind: &str, key: &str| -> Vec<i64> {
        events.iter().zip(&details).filter(|(e, _)| e.kind == kind).filter_map(|(_, d)| d[key].as_i64()).collect()
    };
    let round_no = super::numbering(opened("consultation-opened", "round"));
    let decision_no = super::numbering(opened("decision-proposed", "decision"));
    let events: Vec<Value> = events
        .iter()
        .zip(&details)
        .map(|(e, detail)| {
            context! { at_ms => e.at_ms, kind => e.kind, actor => e.actor, detail => Value::from_serialize(detail) }
        })
        .collect();
    let r = render(
        state,
        viewer,
        ctx,
        template,
        context! {
            i => Value::from_serialize(&i),
            tab,
            events,
            round_no,
            decision_no,
            durations,
            assessments => Value::from_serialize(&readable),
            restricted => Value::from_serialize(&restricted),
            partners => Value::from_serialize(&partners),
            partner_options => Value::from_serialize(&partner_options),
            serves => Value::from_serialize(&serves),
            relations => verbinding_domain::partners::Relation::ids(),
            notice,
            errors => field_errors(errors),
            previous_status => i.status.previous().map(Phase::id),
            next_status => i.status.next().map(Phase::id),
            statuses => Phase::ids(),
            tlp_label => Tlp::parse(&i.tlp).map(|t| t.label()),
        },
    )?;
    Ok(super::with_form_status(r, errors))
}

pub async fn show(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
    Path(id): Path<i64>,
    Query(p): Query<ShowParams>,
) -> Result<Response, WebError> {
    let i = act::read(&state, &viewer, id).await?;
    let notice = match (p.created.is_some(), p.notice.as_deref()) {
        (true, _) => Some("incidents.created"),
        (_, Some("saved")) => Some("common.saved"),
        (_, Some("status")) => Some("incidents.status_changed"),
        (_, Some("note")) => Some("incidents.note_added"),
        (_, Some("partner")) => Some("partners.added"),
        _ => None,
    };
    detail_page(&state, &viewer, &ctx, i, notice, &[]).await
}

pub async fn edit_form(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let i = act::load(&state, &viewer, id).await?;
    let editing = editing(&viewer, &i)?;
    let marking = super::stored_marking_of!(i);
    let values = context! {
        title => i.title, summary => i.summary, severity => i.severity,
        first_activity => i.first_activity.unwrap_or_default(), discovery => i.discovery.unwrap_or_default(),
        disclosure => i.disclosure.unwrap_or_default(), victims => i.victims.join("\n"), countries => i.countries.join(", "),
        sectors => i.sectors, effects => i.effects, actors => i.actors.iter().map(|a| a.name.clone()).collect::<Vec<_>>().join("\n"),
        lead_org => i.lead_org_code, ..marking
    };
    form_page(&state, &viewer, &ctx, values, &[], editing).await
}

/// The edit form's context for a stored incident.
fn editing(viewer: &Viewer, i: &verbinding_store::incidents::Incident) -> Result<Value, WebError> {
    Ok(super::editing(i.id, act::decides_marking(viewer, i)?, i.owner_org_code.clone()))
}

pub async fn update(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
    Path(id): Path<i64>,
    f: FormPairs,
) -> Result<Response, WebError> {
    let stored = act::load(&state, &viewer, id).await?;
    let input = input_from(&state, &viewer, &f).await?;
    let result = match f.int("version") {
        Ok(version) => act::update(&state, &viewer, id, version, &input).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(()) => Ok(see_other(&format!("/incidents/{id}?notice=saved"))),
        Err(e) => {
            let errors = form_errors(e)?;
            form_page(&state, &viewer, &ctx, values_from(&f), &errors, editing(&viewer, &stored)?).await
        }
    }
}

pub async fn set_status(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
    Path(id): Path<i64>,
    f: FormPairs,
) -> Result<Response, WebError> {
    act::load(&state, &viewer, id).await?;
    let result = match f.int("version") {
        Ok(version) => act::set_status(&state, &viewer, id, version, f.get("status").trim()).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(()) => Ok(see_other(&format!("/incidents/{id}?notice=status"))),
        Err(e) => {
            let errors = form_errors(e)?;
            let i = act::load(&state, &viewer, id).await?;
            detail_page(&state, &viewer, &ctx, i, None, &errors).await
        }
    }
}

pub async fn add_note(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
    Path(id): Path<i64>,
    f: FormPairs,
) -> Result<Response, WebError> {
    act::load(&state, &viewer, id).await?;
    match act::add_note(&state, &viewer, id, &f.get("note")).await {
        Ok(()) => Ok(see_other(&format!("/incidents/{id}?notice=note#timeline"))),
        Err(e) => {
            let errors = form_errors(e)?;
            let i = act::load(&state, &viewer, id).await?;
            detail_page(&state, &viewer, &ctx, i, None, &errors).await
        }
    }
}

pub async fn add_partner(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
    Path(id): Path<i64>,
    f: FormPairs,
) -> Result<Response, WebError> {
    act::load(&state, &viewer, id).await?;
    let input = verbinding_domain::partners::PartnerInput {
        partner: f.get("partner"),
        relation: f.get("relation"),
        date: f.get("date"),
        note: f.get("partner_note"),
    };
    match act::add_partner(&state, &viewer, id, &input).await {
        Ok(()) => Ok(see_other(&format!("/incidents/{id}?notice=partner#partners"))),
        Err(e) => {
            let errors = form_errors(e)?;
            let i = act::load(&state, &viewer, id).await?;
            detail_page(&state, &viewer, &ctx, i, None, &errors).await
        }
    }
}
