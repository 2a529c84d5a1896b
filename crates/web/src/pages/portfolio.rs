//! Capacity-building portfolio pages: the projects with money per year (a
//! chart and its table), a project's page (countries, sectors, budget,
//! commitments and disbursements, baselines, the objectives it serves), the
//! project form, and the IATI download and import.

use super::{FormPairs, form_errors, render, see_other};
use crate::AppState;
use crate::errors::WebError;
use crate::i18n::{Lang, t};
use crate::middleware::RequestCtx;
use crate::session::Viewer;
use crate::year_chart::{self, Series, YearBars};
use axum::extract::{Extension, Path, Query, Request, State};
use axum::response::{IntoResponse, Response};
use minijinja::{Value, context};
use verbinding_app::portfolio::{self as act, input_of};
use verbinding_app::portfolio_iati;
use verbinding_domain::FieldError;
use verbinding_domain::portfolio::{
    BaselineInput, CmmDimension, DAC_SECTORS, FlowInput, FlowKind, ProjectInput, ProjectStatus, YearFlows,
};
use verbinding_store::directory;

const NOTICES: &[&str] =
    &["portfolio.created", "portfolio.flow_recorded", "portfolio.baseline_recorded", "common.saved"];

fn known_notice(n: Option<&str>) -> Option<&'static str> {
    n.and_then(|n| NOTICES.iter().find(|k| **k == n).copied())
}

/// An amount in cents in the user's language, with its currency.
pub fn money(lang: Lang, cents: i64, currency: &str) -> String {
    let amount = super::indicators::number(lang, cents as f64 / 100.0);
    match (lang, currency) {
        (Lang::Nl, "EUR") => format!("€ {amount}"),
        (Lang::En, "EUR") => format!("€{amount}"),
        _ => format!("{currency} {amount}"),
    }
}

/// The chart of budget, commitments and disbursements per year, and the
/// same figures as table rows (the chart's text alternative in full).
fn year_view(lang: Lang, id: &str, currency: &str, years: &[YearFlows], title: &str) -> Value {
    let labels: Vec<String> = years.iter().map(|y| y.year.to_string()).collect();
    let euros = |f: fn(&YearFlows) -> i64| years.iter().map(|y| f(y) as f64 / 100.0).collect::<Vec<f64>>();
    let (budget, committed, disbursed) = (euros(|y| y.budget), euros(|y| y.committed), euros(|y| y.disbursed));
    let (lb, lc, ld) = (t(lang, "portfolio.budget"), t(lang, "portfolio.committed"), t(lang, "portfolio.disbursed"));
    let series = [
        Series { label: &lb, values: &budget },
        Series { label: &lc, values: &committed },
        Series { label: &ld, values: &disbursed },
    ];
    let format = |v: f64| money(lang, (v * 100.0).round() as i64, currency);
    let description = t(lang, "portfolio.chart_description");
    let svg = year_chart::year_bars(&YearBars {
        id,
        years: &labels,
        series: &series,
        format: &format,
        title,
        description: &description,
    });
    let rows: Vec<Value> = years
        .iter()
        .map(|y| {
            context! {
                year => y.year, budget => money(lang, y.budget, currency), committed => money(lang, y.committed, currency),
                disbursed => money(lang, y.disbursed, currency),
            }
        })
        .collect();
    context! { svg => Value::from_safe_string(svg), rows, currency }
}

pub async fn list(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
) -> Result<Response, WebError> {
    let p = act::portfolio(&state, &viewer).await?;
    let lang = viewer.lang;
    let totals: Vec<Value> = p
        .totals
        .iter()
        .enumerate()
        .map(|(n, (currency, years))| {
            year_view(lang, &format!("portfolio-chart-{n}"), currency, years, &t(lang, "portfolio.per_year"))
        })
        .collect();
    let entries: Vec<Value> = p
        .entries
        .iter()
        .map(|e| {
            let sum = |f: fn(&YearFlows) -> i64| money(lang, e.years.iter().map(f).sum(), &e.project.currency);
            context! {
                project => Value::from_serialize(&e.project), budget => sum(|y| y.budget),
                disbursed => sum(|y| y.disbursed),
            }
        })
        .collect();
    render(&state, &viewer, &ctx, "portfolio/portfolio.html", context! { entries, totals })
}

fn project_input(f: &FormPairs) -> ProjectInput {
    ProjectInput {
        identifier: f.get("identifier"),
        title: f.get("title"),
        summary: f.get("summary"),
        language: f.get("language"),
        status: f.get("status"),
        start_date: f.get("start_date"),
        end_date: f.get("end_date"),
        lead_org: f.get("lead_org"),
        donor_name: f.get("donor_name"),
        donor_ref: f.get("donor_ref"),
        implementer_name: f.get("implementer_name"),
        implementer_ref: f.get("implementer_ref"),
        currency: f.get("currency"),
        countries: f.get("countries"),
        sectors: f.get("sectors"),
        budgets: f.get("budgets"),
        objectives: f.all("objectives"),
        marking: super::marking_from(f),
    }
}

fn values_of(i: &ProjectInput, marking: Value) -> Value {
    context! {
        identifier => i.identifier, title => i.title, summary => i.summary, language => i.language,
        status => i.status, start_date => i.start_date, end_date => i.end_date, lead_org => i.lead_org,
        donor_name => i.donor_name, donor_ref => i.donor_ref, implementer_name => i.implementer_name,
        implementer_ref => i.implementer_ref, currency => i.currency, countries => i.countries,
        sectors => i.sectors, budgets => i.budgets, objectives => i.objectives, ..marking
    }
}

/// The objectives a project may serve: every part of every strategy the
/// viewer may see, with the strategy's title.
async fn objective_options(state: &AppState, viewer: &Viewer) -> Result<Vec<Value>, WebError> {
    let mut out = Vec::new();
    for s in verbinding_app::strategy::list_strategies(state, viewer).await? {
        let (_, nodes) = verbinding_app::strategy::outline(state, viewer, s.id).await?;
        for n in nodes {
            let o = &n.objective;
            out.push(context! { id => o.id.to_string(), title => o.title, strategy => s.title, depth => n.depth });
        }
    }
    Ok(out)
}

async fn project_form(
    state: &AppState,
    viewer: &Viewer,
    ctx: &RequestCtx,
    values: Value,
    errors: &[FieldError],
    own: Value,
) -> Result<Response, WebError> {
    let sectors: Vec<Value> = DAC_SECTORS.iter().map(|(c, n)| context! { code => c, name => n }).collect();
    let own = context! {
        statuses => ProjectStatus::ids(), sectors, objective_options => objective_options(state, viewer).await?, ..own
    };
    super::marked_form(state, viewer, ctx, "portfolio/project_form.html", values, errors, own).await
}

pub async fn new_form(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
) -> Result<Response, WebError> {
    let own = directory::code_of(&crate::cache::orgs(&state).await?, viewer.user.org_id);
    let blank = ProjectInput {
        language: viewer.lang.code().into(),
        currency: "EUR".into(),
        lead_org: own.clone(),
        ..Default::default()
    };
    let values = values_of(&blank, super::new_marking(&own));
    let own = context! { editing => None::<i64>, action => "/portfolio", cancel => "/portfolio" };
    project_form(&state, &viewer, &ctx, values, &[], own).await
}

pub async fn create(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
    f: FormPairs,
) -> Result<Response, WebError> {
    let input = project_input(&f);
    match act::create_project(&state, &viewer, &input).await {
        Ok(id) => Ok(see_other(&format!("/portfolio/projects/{id}?notice=portfolio.created"))),
        Err(e) => {
            let errors = form_errors(e)?;
            let own = context! { editing => None::<i64>, action => "/portfolio", cancel => "/portfolio" };
            project_form(&state, &viewer, &ctx, values_of(&input, super::marking_values(&f)), &errors, own).await
        }
    }
}

/// The project page, with the flow and baseline forms' values and errors
/// when one comes back refused.
async fn project_page(
    state: &AppState,
    viewer: &Viewer,
    ctx: &RequestCtx,
    id: i64,
    notice: Option<&'static str>,
    form: (&str, Value, &[FieldError]),
) -> Result<Response, WebError> {
    let page = act::project_page(state, viewer, id).await?;
    let lang = viewer.lang;
    let p = &page.project;
    let years = year_view(lang, "project-chart", &p.currency, &page.years, &t(lang, "portfolio.per_year"));
    let flows: Vec<Value> = page
        .flows
        .iter()
        .map(|f| context! { flow => Value::from_serialize(f), amount => money(lang, f.cents, &p.currency) })
        .collect();
    let sector_name = |code: &str| DAC_SECTORS.iter().find(|(c, _)| *c == code).map_or("", |(_, n)| *n);
    let sectors: Vec<Value> = p
        .sectors
        .iter()
        .map(|s| context! { code => s.code, name => sector_name(&s.code), share => s.percentage.map(|v| super::indicators::number(lang, v)) })
        .collect();
    let countries: Vec<Value> = p
        .countries
        .iter()
        .map(|c| context! { code => c.code, share => c.percentage.map(|v| super::indicators::number(lang, v)) })
        .collect();
    let (which, values, errors) = form;
    let r = render(
        state,
        viewer,
        ctx,
        "portfolio/project.html",
        context! {
            p => Value::from_serialize(&page), years, flows, sectors, countries, notice,
            flow_kinds => FlowKind::ids(), dimensions => CmmDimension::ids(),
            stages => verbinding_domain::portfolio::CMM_STAGES,
            form => which, values, errors => super::field_errors(errors), error_list => super::error_list(errors),
        },
    )?;
    Ok(super::with_form_status(r, errors))
}

fn blank_forms() -> Value {
    context! {
        kind => "", date => "", amount => "", note => "", country => "", dimension => "", stage => "", year => "",
        source => "",
    }
}

pub async fn show(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
    Path(id): Path<i64>,
    Query(n): Query<super::Notice>,
) -> Result<Response, WebError> {
    project_page(&state, &viewer, &ctx, id, known_notice(n.notice.as_deref()), ("", blank_forms(), &[])).await
}

pub async fn record_flow(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
    Path(id): Path<i64>,
    f: FormPairs,
) -> Result<Response, WebError> {
    let input = FlowInput { kind: f.get("kind"), date: f.get("date"), amount: f.get("amount"), note: f.get("note") };
    match act::record_flow(&state, &viewer, id, &input).await {
        Ok(()) => Ok(see_other(&format!("/portfolio/projects/{id}?notice=portfolio.flow_recorded#flows"))),
        Err(e) => {
            let errors = form_errors(e)?;
            let values = context! {
                kind => input.kind, date => input.date, amount => input.amount, note => input.note, ..blank_forms()
            };
            project_page(&state, &viewer, &ctx, id, None, ("flow", values, &errors)).await
        }
    }
}

pub async fn record_baseline(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
    Path(id): Path<i64>,
    f: FormPairs,
) -> Result<Response, WebError> {
    let input = BaselineInput {
        country: f.get("country"),
        dimension: f.get("dimension"),
        stage: f.get("stage"),
        year: f.get("year"),
        source: f.get("source"),
    };
    match act::record_baseline(&state, &viewer, id, &input).await {
        Ok(()) => Ok(see_other(&format!("/portfolio/projects/{id}?notice=portfolio.baseline_recorded#baselines"))),
        Err(e) => {
            let errors = form_errors(e)?;
            let values = context! {
                country => input.country, dimension => input.dimension, stage => input.stage, year => input.year,
                source => input.source, ..blank_forms()
            };
            project_page(&state, &viewer, &ctx, id, None, ("baseline", values, &errors)).await
        }
    }
}

fn editing_own(viewer: &Viewer, p: &verbinding_store::portfolio::Project) -> Result<Value, WebError> {
    let decides = act::decides_project_marking(viewer, p)?;
    Ok(context! {
        action => format!("/portfolio/projects/{}", p.id), cancel => format!("/portfolio/projects/{}", p.id),
        ..super::editing(p.id, decides, p.owner_org_code.clone())
    })
}

pub async fn edit_form(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let page = act::project_page(&state, &viewer, id).await?;
    let p = &page.project;
    let input = ProjectInput { objectives: page.objectives.iter().map(|o| o.id.to_string()).collect(), ..input_of(p) };
    let own = context! { imported => p.imported, ..editing_own(&viewer, p)? };
    project_form(&state, &viewer, &ctx, values_of(&input, super::stored_marking_of!(p)), &[], own).await
}

pub async fn update(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
    Path(id): Path<i64>,
    f: FormPairs,
) -> Result<Response, WebError> {
    let stored = act::load_project(&state, &viewer, id).await?;
    // An imported project's form sends only what is ours to change.
    let input = if stored.imported {
        let typed = project_input(&f);
        ProjectInput {
            lead_org: typed.lead_org,
            objectives: typed.objectives,
            marking: typed.marking,
            ..input_of(&stored)
        }
    } else {
        project_input(&f)
    };
    let result = match f.int("version") {
        Ok(version) => act::update_project(&state, &viewer, id, version, &input).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(()) => Ok(see_other(&format!("/portfolio/projects/{id}?notice=common.saved"))),
        Err(e) => {
            let errors = form_errors(e)?;
            let own = context! { imported => stored.imported, ..editing_own(&viewer, &stored)? };
            project_form(&state, &viewer, &ctx, values_of(&input, super::marking_values(&f)), &errors, own).await
        }
    }
}

/// The portfolio as an IATI 2.03 file to save.
pub async fn iati(State(state): State<AppState>, viewer: Viewer) -> Result<Response, WebError> {
    let export = portfolio_iati::iati_export(&state, &viewer).await?;
    Ok(iati_file(export))
}

pub fn iati_file(export: portfolio_iati::IatiExport) -> Response {
    use axum::http::header;
    (
        [
            (header::CONTENT_TYPE, "application/xml; charset=utf-8".to_string()),
            (header::CONTENT_DISPOSITION, "attachment; filename=\"verbinding-iati-activities.xml\"".to_string()),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
            (header::HeaderName::from_static("x-withheld-projects"), export.withheld.to_string()),
        ],
        export.xml,
    )
        .into_response()
}

async fn import_page(
    state: &AppState,
    viewer: &Viewer,
    ctx: &RequestCtx,
    values: Value,
    errors: &[FieldError],
    report: Option<&portfolio_iati::ImportReport>,
) -> Result<Response, WebError> {
    let report = report.map(Value::from_serialize);
    let own = context! { report };
    super::marked_form(state, viewer, ctx, "portfolio/import.html", values, errors, own).await
}

pub async fn import_form(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
) -> Result<Response, WebError> {
    let own = directory::code_of(&crate::cache::orgs(&state).await?, viewer.user.org_id);
    let values = context! { lead_org => own.clone(), ..open_marking() };
    import_page(&state, &viewer, &ctx, values, &[], None).await
}

/// Published IATI data is public: the import form starts there, and the
/// importer may mark it more closely.
fn open_marking() -> Value {
    context! {
        classification => "ongerubriceerd", tlp => "clear", open_to_all => true, need_to_know => Vec::<String>::new(),
        need_to_know_users => "", version => 0,
    }
}

pub async fn import(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
    request: Request,
) -> Result<Response, WebError> {
    let (f, upload) = super::uploads::form(&state, &viewer, request).await?;
    let ctx = RequestCtx { path: "/portfolio/import".into(), ..ctx };
    let values = context! { lead_org => f.get("lead_org"), ..super::marking_values(&f) };
    let text = match upload {
        Ok(u) => String::from_utf8(u.bytes).map_err(|_| verbinding_app::AppError::invalid("file", "iati_unreadable")),
        Err(e) => Err(e),
    };
    let result = match text {
        Ok(xml) => {
            portfolio_iati::iati_import(&state, &viewer, &xml, &f.get("lead_org"), &super::marking_from(&f)).await
        }
        Err(e) => Err(e),
    };
    match result {
        Ok(report) => import_page(&state, &viewer, &ctx, values, &[], Some(&report)).await,
        Err(e) => import_page(&state, &viewer, &ctx, values, &form_errors(e)?, None).await,
    }
}
