//! Indicator pages: the reference sheet with its chart (baseline, target
//! path, measurements, series breaks), targets with every revision, and the
//! forms of the four-eyes steps (propose and decide a target, submit and
//! review a measurement) and of a series break.

use super::{FormPairs, form_errors, render, see_other};
use crate::AppState;
use crate::chart::{self, Bar, BarTexts, LineChart, LineTexts, Point};
use crate::errors::WebError;
use crate::i18n::{Lang, t};
use crate::middleware::RequestCtx;
use crate::session::Viewer;
use axum::extract::{Extension, Path, Query, Request, State};
use axum::response::Response;
use minijinja::{Value, context};
use verbinding_app::indicators::{self as act, IndicatorState, IndicatorView};
use verbinding_domain::FieldError;
use verbinding_domain::strategy::progress::Progress;
use verbinding_domain::strategy::{
    Direction, ExternalInput, Frequency, IndicatorInput, MeasureType, MeasurementInput, MeasurementStatus, Period,
    TargetInput, TargetStatus,
};

/// A number in the user's language: a decimal comma and a thousands point
/// in Dutch, the other way round in English; at most two decimals.
pub fn number(lang: Lang, v: f64) -> String {
    let (thousands, decimal) = match lang {
        Lang::Nl => ('.', ','),
        Lang::En => (',', '.'),
    };
    let text = format!("{:.2}", v.abs());
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let fraction = fraction.trim_end_matches('0');
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(thousands);
        }
        grouped.push(c);
    }
    let sign = if v < 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0') { "-" } else { "" };
    if fraction.is_empty() { format!("{sign}{grouped}") } else { format!("{sign}{grouped}{decimal}{fraction}") }
}

/// A period in the user's language: "2024 K1" in Dutch, "2024 Q1" in English.
pub fn period_label(lang: Lang, text: &str) -> String {
    match Period::parse(text) {
        Some(Period { year, quarter: Some(q) }) => match lang {
            Lang::Nl => format!("{year} K{q}"),
            Lang::En => format!("{year} Q{q}"),
        },
        Some(p) => p.id(),
        None => text.to_string(),
    }
}

/// A value as its indicator reads: a number with its unit, or the name of
/// its step on the scale.
fn value_label(lang: Lang, s: &IndicatorState, v: f64) -> String {
    match s.indicator.measure_type {
        MeasureType::Ordinal | MeasureType::Qualitative => {
            let i = v.max(0.0) as usize;
            s.scale
                .get(i)
                .map(|name| format!("{} ({}/{})", name, i + 1, s.scale.len()))
                .unwrap_or_else(|| number(lang, v))
        }
        MeasureType::Percentage => format!("{} %", number(lang, v)),
        MeasureType::Numeric if s.indicator.unit.is_empty() => number(lang, v),
        MeasureType::Numeric => format!("{} {}", number(lang, v), s.indicator.unit),
    }
}

/// How far an indicator is, in words (shown beside its bar and in lists).
fn progress_note(lang: Lang, s: &IndicatorState) -> String {
    let fill = |key: &str, pairs: &[(&str, String)]| {
        pairs.iter().fold(t(lang, key), |text, (k, v)| text.replace(&format!("{{{k}}}"), v))
    };
    match s.state.progress {
        Progress::NoData => t(lang, "strategy.no_data"),
        Progress::NoTarget => t(lang, "strategy.no_target"),
        Progress::Share { share, .. } => format!("{} %", number(lang, (share * 100.0).round())),
        Progress::Steps { done, of } => fill("strategy.steps", &[("done", done.to_string()), ("of", of.to_string())]),
        Progress::Score { score, of } => {
            let name = s.scale.get(score).cloned().unwrap_or_default();
            format!(
                "{name} — {}",
                fill("strategy.score", &[("score", (score + 1).to_string()), ("of", of.to_string())])
            )
        }
    }
}

fn share(s: &IndicatorState) -> Option<f64> {
    match s.state.progress {
        Progress::Share { share, .. } => Some(share),
        Progress::Steps { done, of } if of > 0 => Some(done as f64 / of as f64),
        _ => None,
    }
}

/// Shown beside each indicator: its latest value, its progress in words.
fn summary(lang: Lang, s: &IndicatorState) -> Value {
    context! {
        id => s.indicator.id, name => s.indicator.name, example => s.indicator.example == 1,
        off_track => s.state.off_track, note => progress_note(lang, s), waiting => s.waiting,
        latest => s.latest.as_ref().map(|(p, v)| format!("{}: {}", period_label(lang, p), value_label(lang, s, *v))),
        responsible => s.indicator.responsible_org_code,
    }
}

/// A node's indicators as bars (SVG) and as rows for the table beside it.
pub fn progress_overview(viewer: &Viewer, states: &[IndicatorState]) -> Value {
    let lang = viewer.lang;
    let notes: Vec<String> = states.iter().map(|s| progress_note(lang, s)).collect();
    let hrefs: Vec<String> = states.iter().map(|s| format!("/strategy/indicators/{}", s.indicator.id)).collect();
    let bars: Vec<Bar> = states
        .iter()
        .zip(&notes)
        .zip(&hrefs)
        .map(|((s, note), href)| Bar {
            label: &s.indicator.name,
            share: share(s),
            off_track: s.state.off_track,
            note,
            href: Some(href),
        })
        .collect();
    let title = t(lang, "strategy.overview_chart");
    let off = t(lang, "strategy.off_track");
    let svg =
        chart::progress_bars(&bars, &BarTexts { id: "progress", title: &title, description: &title, off_track: &off });
    context! {
        svg => Value::from_safe_string(svg),
        rows => states.iter().map(|s| summary(lang, s)).collect::<Vec<_>>(),
    }
}

/// The indicator's line chart: its periods from the baseline to the last
/// target or measurement, with approved and waiting values and breaks.
fn line(lang: Lang, v: &IndicatorView) -> Value {
    let s = &v.current;
    let i = &s.indicator;
    let Some(base) = Period::parse(&i.baseline_period) else { return Value::from(()) };
    let approved: Vec<(Period, f64)> = v
        .targets
        .iter()
        .filter(|t| t.status == TargetStatus::Approved)
        .filter_map(|t| Period::parse(&t.period).map(|p| (p, t.value)))
        .collect();
    let measured: Vec<(Period, f64, MeasurementStatus)> = v
        .measurements
        .iter()
        .filter(|m| m.status != MeasurementStatus::Returned)
        .filter_map(|m| Period::parse(&m.period).map(|p| (p, m.value, m.status)))
        .collect();
    let last = approved.iter().map(|(p, _)| *p).chain(measured.iter().map(|(p, _, _)| *p)).fold(base, Period::max);
    let axis = Period::range(base, last, i.frequency);
    // A whole-year baseline of a quarterly series sits at its last quarter.
    let x_of = |p: Period| {
        axis.iter().position(|a| *a == p).or_else(|| axis.iter().position(|a| a.end_quarter() == p.end_quarter()))
    };
    let labels: Vec<String> = axis.iter().map(|p| period_label(lang, &p.id())).collect();
    let point = |p: Period, y: f64| x_of(p).map(|x| Point { x, y });
    let targets: Vec<Point> = approved.iter().filter_map(|(p, y)| point(*p, *y)).collect();
    let actuals: Vec<Point> = measured
        .iter()
        .filter(|(_, _, st)| *st == MeasurementStatus::Approved)
        .filter_map(|(p, y, _)| point(*p, *y))
        .collect();
    let pending: Vec<Point> = measured
        .iter()
        .filter(|(_, _, st)| *st == MeasurementStatus::Submitted)
        .filter_map(|(p, y, _)| point(*p, *y))
        .collect();
    let breaks: Vec<usize> = v.breaks.iter().filter_map(|b| Period::parse(&b.period).and_then(x_of)).collect();
    let scale = matches!(i.measure_type, MeasureType::Ordinal | MeasureType::Qualitative).then_some(&s.scale[..]);
    let unit = if i.measure_type == MeasureType::Percentage { "%" } else { i.unit.as_str() };
    let format = |n: f64| number(lang, n);
    let description = t(lang, "strategy.chart_desc")
        .replace("{baseline}", &value_label(lang, s, i.baseline_value))
        .replace("{measured}", &actuals.len().to_string())
        .replace("{latest}", &s.latest.as_ref().map(|(_, v)| value_label(lang, s, *v)).unwrap_or_else(|| "—".into()));
    let (baseline, target, actual, waiting, series_break) = (
        t(lang, "strategy.baseline"),
        t(lang, "strategy.target"),
        t(lang, "strategy.measured_approved"),
        t(lang, "strategy.measured_pending"),
        t(lang, "strategy.series_break"),
    );
    let svg = chart::line_chart(&LineChart {
        id: "indicator-chart",
        x_labels: &labels,
        baseline: point(base, i.baseline_value),
        targets: &targets,
        actuals: &actuals,
        pending: &pending,
        breaks: &breaks,
        scale,
        unit,
        format: &format,
        texts: LineTexts {
            title: &i.name,
            description: &description,
            baseline: &baseline,
            target: &target,
            actual: &actual,
            pending: &waiting,
            series_break: &series_break,
        },
    });
    Value::from_safe_string(svg)
}

/// Which form of the indicator page came back with errors, and its values.
struct Returned<'a> {
    form: &'static str,
    values: Value,
    errors: &'a [FieldError],
}

async fn page(
    state: &AppState,
    viewer: &Viewer,
    ctx: &RequestCtx,
    id: i64,
    notice: Option<&'static str>,
    returned: Option<Returned<'_>>,
) -> Result<Response, WebError> {
    let v = act::read(state, viewer, id).await?;
    let lang = viewer.lang;
    let s = &v.current;
    let targets: Vec<Value> = v
        .targets
        .iter()
        .map(|x| context! { t => Value::from_serialize(x), period => period_label(lang, &x.period), value => value_label(lang, s, x.value) })
        .collect();
    let measurements: Vec<Value> = v
        .measurements
        .iter()
        .map(|m| {
            let files: Vec<Value> = v
                .files
                .iter()
                .filter(|f| f.measurement_id == m.id)
                .map(|f| context! { id => f.id, name => f.original_name, size => super::tasks::human_size(lang, f.size) })
                .collect();
            context! { m => Value::from_serialize(m), period => period_label(lang, &m.period), value => value_label(lang, s, m.value), files }
        })
        .collect();
    let breaks: Vec<Value> = v
        .breaks
        .iter()
        .map(|b| context! { b => Value::from_serialize(b), period => period_label(lang, &b.period) })
        .collect();
    let (form, values, errors) = match returned {
        Some(r) => (r.form, r.values, r.errors),
        None => ("", Value::from(()), &[][..]),
    };
    let r = render(
        state,
        viewer,
        ctx,
        "strategy/indicator.html",
        context! {
            s => Value::from_serialize(s), summary => summary(lang, s), chart => line(lang, &v), targets, measurements,
            breaks, notice, form, values, errors => super::field_errors(errors), error_list => anchored(form, errors),
            baseline => value_label(lang, s, s.indicator.baseline_value),
            baseline_period => period_label(lang, &s.indicator.baseline_period),
            may_report => act::may_report(viewer, &s.indicator),
            on_scale => !s.scale.is_empty(),
        },
    )?;
    Ok(super::with_form_status(r, errors))
}

/// The error summary of the form that came back: each error links to its
/// control (`{form}-{field}`), or for a verdict in a table to its section.
fn anchored(form: &str, errors: &[FieldError]) -> Value {
    let list: Vec<Value> = errors
        .iter()
        .map(|e| {
            let anchor = match form {
                "review" => "measurements".to_string(),
                "decision" => "targets".to_string(),
                f => format!("{f}-{}", e.field),
            };
            context! { field => e.field, key => format!("error.{}", e.code), anchor }
        })
        .collect();
    Value::from_serialize(&list)
}

pub async fn show(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
    Path(id): Path<i64>,
    Query(n): Query<super::Notice>,
) -> Result<Response, WebError> {
    page(&state, &viewer, &ctx, id, super::strategy::known_notice(n.notice.as_deref()), None).await
}

/// After a form: back to the page (and its section), or the page again with
/// the form's errors.
/// One of the indicator page's forms: the notice after it succeeded, the
/// section it returns to, and its name (which form shows errors).
struct PageForm {
    notice: &'static str,
    anchor: &'static str,
    form: &'static str,
}

async fn after(
    state: &AppState,
    viewer: &Viewer,
    ctx: &RequestCtx,
    id: i64,
    result: Result<(), verbinding_app::AppError>,
    which: PageForm,
    f: &FormPairs,
) -> Result<Response, WebError> {
    let form = which.form;
    match result {
        Ok(()) => Ok(see_other(&format!("/strategy/indicators/{id}?notice={}#{}", which.notice, which.anchor))),
        Err(e) => {
            let errors = form_errors(e)?;
            // Every field of the page's forms, as sent or empty.
            let mut values: std::collections::BTreeMap<String, String> = [
                "period",
                "value",
                "reason",
                "break_note",
                "narrative",
                "evidence",
                "edition",
                "retrieved",
                "citation",
            ]
            .into_iter()
            .map(|k| (k.to_string(), String::new()))
            .collect();
            values.extend(f.0.iter().cloned());
            let returned = Returned { form, values: Value::from_serialize(&values), errors: &errors };
            page(state, viewer, ctx, id, None, Some(returned)).await
        }
    }
}

pub async fn propose_target(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
    Path(id): Path<i64>,
    f: FormPairs,
) -> Result<Response, WebError> {
    let input = TargetInput { period: f.get("period"), value: f.get("value"), reason: f.get("reason") };
    let result = act::propose_target(&state, &viewer, id, &input).await.map(|_| ());
    after(
        &state,
        &viewer,
        &ctx,
        id,
        result,
        PageForm { notice: "strategy.target_proposed", anchor: "targets", form: "target" },
        &f,
    )
    .await
}

pub async fn add_break(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
    Path(id): Path<i64>,
    f: FormPairs,
) -> Result<Response, WebError> {
    let result = act::add_series_break(&state, &viewer, id, &f.get("period"), &f.get("break_note")).await.map(|_| ());
    after(
        &state,
        &viewer,
        &ctx,
        id,
        result,
        PageForm { notice: "strategy.break_added", anchor: "breaks", form: "break" },
        &f,
    )
    .await
}

/// The submission form carries a file as evidence when one is chosen
/// (multipart/form-data, checked by `uploads::form`).
pub async fn submit_measurement(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
    Path(id): Path<i64>,
    request: Request,
) -> Result<Response, WebError> {
    let (f, upload) = super::uploads::form(&state, &viewer, request).await?;
    let external =
        (!f.get("edition").trim().is_empty() || !f.get("citation").trim().is_empty()).then(|| ExternalInput {
            edition: f.get("edition"),
            retrieved: f.get("retrieved"),
            citation: f.get("citation"),
            no_redistribution: f.checked("no_redistribution"),
        });
    let input = MeasurementInput {
        period: f.get("period"),
        value: f.get("value"),
        narrative: f.get("narrative"),
        evidence: f.get("evidence"),
        external,
    };
    let result = match super::uploads::optional(upload) {
        Ok(file) => act::submit_measurement(&state, &viewer, id, &input, file).await.map(|_| ()),
        Err(e) => Err(e),
    };
    after(
        &state,
        &viewer,
        &ctx,
        id,
        result,
        PageForm { notice: "strategy.measurement_submitted", anchor: "measurements", form: "measurement" },
        &f,
    )
    .await
}

/// A verdict from a form: `approve`, or `return` / `reject` with a reason.
fn verdict(f: &FormPairs) -> bool {
    f.get("verdict") == "approve"
}

pub async fn review_measurement(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
    Path(measurement): Path<i64>,
    f: FormPairs,
) -> Result<Response, WebError> {
    let result = act::review_measurement(&state, &viewer, measurement, verdict(&f), &f.get("reason")).await;
    let result = refused_first(result)?;
    let m = act::read_measurement(&state, &viewer, measurement).await?.measurement;
    let which = PageForm { notice: "strategy.measurement_reviewed", anchor: "measurements", form: "review" };
    after(&state, &viewer, &ctx, m.indicator_id, result, which, &f).await
}

/// A refusal (not found, forbidden) is the answer as it is; anything else
/// goes back to the indicator's page.
fn refused_first(
    result: Result<(), verbinding_app::AppError>,
) -> Result<Result<(), verbinding_app::AppError>, WebError> {
    use verbinding_app::AppError;
    match result {
        Err(e @ (AppError::NotFound | AppError::Forbidden)) => Err(e.into()),
        other => Ok(other),
    }
}

pub async fn decide_target(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
    Path(target): Path<i64>,
    f: FormPairs,
) -> Result<Response, WebError> {
    let result = act::decide_target(&state, &viewer, target, verdict(&f), &f.get("reason")).await;
    let result = refused_first(result)?;
    let (t, _) = act::read_target(&state, &viewer, target).await?;
    let which = PageForm { notice: "strategy.target_decided", anchor: "targets", form: "decision" };
    after(&state, &viewer, &ctx, t.indicator_id, result, which, &f).await
}

/// The fields of the indicator form.
const INDICATOR_FIELDS: [&str; 13] = [
    "name",
    "definition",
    "unit",
    "verification",
    "data_source",
    "frequency",
    "responsible_org",
    "direction",
    "measure_type",
    "scale",
    "baseline_period",
    "baseline_value",
    "baseline_evidence",
];

fn indicator_input(f: &FormPairs) -> IndicatorInput {
    IndicatorInput {
        name: f.get("name"),
        definition: f.get("definition"),
        unit: f.get("unit"),
        verification: f.get("verification"),
        data_source: f.get("data_source"),
        frequency: f.get("frequency"),
        responsible_org: f.get("responsible_org"),
        direction: f.get("direction"),
        measure_type: f.get("measure_type"),
        scale: f.get("scale").lines().map(str::to_string).collect(),
        baseline_period: f.get("baseline_period"),
        baseline_value: f.get("baseline_value"),
        baseline_evidence: f.get("baseline_evidence"),
        example: f.checked("example"),
    }
}

async fn indicator_form(
    state: &AppState,
    viewer: &Viewer,
    ctx: &RequestCtx,
    objective: i64,
    values: Value,
    errors: &[FieldError],
) -> Result<Response, WebError> {
    // The form shows the part it measures: a read like any other.
    let node = verbinding_app::strategy::read_objective(state, viewer, objective).await?;
    let orgs = crate::cache::orgs(state).await?;
    let r = render(
        state,
        viewer,
        ctx,
        "strategy/indicator_form.html",
        context! {
            node => Value::from_serialize(&node), values, errors => super::field_errors(errors),
            error_list => super::error_list(errors), orgs => Value::from_serialize(&orgs),
            frequencies => Frequency::ids(), directions => Direction::ids(), measure_types => MeasureType::ids(),
        },
    )?;
    Ok(super::with_form_status(r, errors))
}

pub async fn new_form(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
    Path(objective): Path<i64>,
) -> Result<Response, WebError> {
    let mut values: std::collections::BTreeMap<&str, &str> = INDICATOR_FIELDS.iter().map(|k| (*k, "")).collect();
    values.extend([("frequency", "annual"), ("direction", "higher"), ("measure_type", "numeric")]);
    indicator_form(&state, &viewer, &ctx, objective, Value::from_serialize(&values), &[]).await
}

pub async fn create(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
    Path(objective): Path<i64>,
    f: FormPairs,
) -> Result<Response, WebError> {
    match act::create(&state, &viewer, objective, &indicator_input(&f)).await {
        Ok(id) => Ok(see_other(&format!("/strategy/indicators/{id}?notice=strategy.indicator_created"))),
        Err(e) => {
            let errors = form_errors(e)?;
            let mut values: std::collections::BTreeMap<String, String> =
                INDICATOR_FIELDS.iter().map(|k| (k.to_string(), String::new())).collect();
            values.extend(f.0.iter().cloned());
            indicator_form(&state, &viewer, &ctx, objective, Value::from_serialize(&values), &errors).await
        }
    }
}

/// Adds a file to one's own measurement while it waits for review.
pub async fn attach_evidence(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
    Path(measurement): Path<i64>,
    request: Request,
) -> Result<Response, WebError> {
    let (f, upload) = super::uploads::form(&state, &viewer, request).await?;
    let m = act::read_measurement(&state, &viewer, measurement).await?.measurement;
    let result = act::attach_evidence(&state, &viewer, measurement, upload).await.map(|_| ());
    let which = PageForm { notice: "strategy.evidence_added", anchor: "measurements", form: "review" };
    after(&state, &viewer, &ctx, m.indicator_id, result, which, &f).await
}

/// An evidence file, as a download.
pub async fn evidence(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(file): Path<i64>,
) -> Result<Response, WebError> {
    let (meta, bytes) = act::evidence_file(&state, &viewer, file).await?;
    Ok(super::uploads::download_named(&meta.file_name, &meta.original_name, bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_in_the_users_language() {
        assert_eq!(number(Lang::Nl, 1250.5), "1.250,5");
        assert_eq!(number(Lang::En, 1250.5), "1,250.5");
        assert_eq!(number(Lang::Nl, 12.0), "12");
        assert_eq!(number(Lang::Nl, -0.004), "0");
        assert_eq!(number(Lang::En, -3.25), "-3.25");
        assert_eq!(number(Lang::Nl, 1_000_000.0), "1.000.000");
    }

    #[test]
    fn periods_read_in_the_users_language() {
        assert_eq!(period_label(Lang::Nl, "2024-Q3"), "2024 K3");
        assert_eq!(period_label(Lang::En, "2024-Q3"), "2024 Q3");
        assert_eq!(period_label(Lang::Nl, "2024"), "2024");
    }
}
