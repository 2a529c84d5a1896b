//! Publishing the portfolio as an IATI 2.03 activity file and importing the
//! activities other publishers share (issue 15, P11).
//!
//! IATI is publication: the export holds only projects (and the objectives
//! and indicators behind their results) that are Ongerubriceerd and
//! TLP:CLEAR, among those the caller may see; how many were withheld is
//! said, never which. An imported activity is another publisher's record:
//! it is kept as it came in and published again unchanged, and the fields
//! the portfolio lists are read from it.

use crate::marked;
use crate::portfolio::visible_objectives;
use crate::{App, AppError, Caller};
use verbinding_domain::audit::AuditAction;
use verbinding_domain::marking::MarkingInput;
use verbinding_domain::portfolio::{CMM_STAGES, FlowKind, ProjectStatus, Share, ValidProject, YearBudget};
use verbinding_domain::role::Permission;
use verbinding_domain::strategy::{Direction, MeasureType, MeasurementStatus, Period};
use verbinding_iati as iati;
use verbinding_store::portfolio::{self as store, Baseline, Flow, Project};
use verbinding_store::strategy::Objective;

/// Whether an object may be published: unclassified and TLP:CLEAR.
fn public(classification: &str, tlp: &str) -> bool {
    classification == verbinding_domain::classification::UNCLASSIFIED && tlp == "clear"
}

fn text(t: &str) -> iati::Text {
    if t.trim().is_empty() { Vec::new() } else { vec![iati::Narrative { lang: None, text: t.trim().to_string() }] }
}

/// Cents as IATI's decimal text: `125050` is `1250.50`.
fn decimal(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let c = cents.unsigned_abs();
    if c.is_multiple_of(100) { format!("{sign}{}", c / 100) } else { format!("{sign}{}.{:02}", c / 100, c % 100) }
}

fn share(p: Option<f64>) -> Option<String> {
    p.map(|p| format!("{p}"))
}

/// The file the caller may download, and how many visible projects were
/// left out because they are not public.
#[derive(Debug, Clone)]
pub struct IatiExport {
    pub xml: String,
    pub published: usize,
    pub withheld: usize,
}

pub async fn iati_export(app: &App, caller: &Caller) -> Result<IatiExport, AppError> {
    let f = caller.reader()?;
    let mut conn = app.db.read().await?;
    let projects = store::list_projects_visible(&mut conn, &f).await?;
    let (open, closed): (Vec<Project>, Vec<Project>) =
        projects.into_iter().partition(|p| public(&p.classification, &p.tlp));
    let ids: Vec<i64> = open.iter().map(|p| p.id).collect();
    let flows = store::flows(&mut conn, &ids).await?;
    let baselines = store::baselines(&mut conn, &ids).await?;
    let links = visible_objectives(&mut conn, &f, &ids).await?;
    let mut activities = Vec::new();
    for p in &open {
        let activity = match &p.mirror {
            Some(xml) => mirrored(p.id, xml)?,
            None => {
                let objectives: Vec<&Objective> = links
                    .iter()
                    .filter(|(project, o)| *project == p.id && public(&o.classification, &o.tlp))
                    .map(|(_, o)| o)
                    .collect();
                let mut results = Vec::new();
                for o in objectives {
                    results.push(result_of(&mut conn, &f, o).await?);
                }
                let own: Vec<&Baseline> = baselines.iter().filter(|b| b.project_id == p.id).collect();
                if !own.is_empty() {
                    results.push(maturity_result(&own));
                }
                own_activity(p, flows.iter().filter(|fl| fl.project_id == p.id), results)
            }
        };
        activities.push(activity);
    }
    drop(conn);
    let generated = crate::clock::rfc3339(app.now_ms());
    let xml = iati::write(&iati::Activities { generated, activities });
    Ok(IatiExport { xml, published: open.len(), withheld: closed.len() })
}

pub(crate) fn mirrored(id: i64, xml: &str) -> Result<iati::Activity, AppError> {
    let read = iati::read(xml).map_err(|e| AppError::internal(format!("project {id}: its IATI record: {e:?}")))?;
    read.activities
        .activities
        .into_iter()
        .next()
        .ok_or_else(|| AppError::internal(format!("project {id}: its IATI record holds no activity")))
}

fn own_activity<'a>(
    p: &Project,
    flows: impl Iterator<Item = &'a Flow>,
    results: Vec<iati::ResultEntry>,
) -> iati::Activity {
    let donor =
        iati::Organisation { reference: Some(p.donor_ref.clone()), kind: Some("10".into()), name: text(&p.donor_name) };
    let implementer = iati::Organisation {
        reference: (!p.implementer_ref.is_empty()).then(|| p.implementer_ref.clone()),
        kind: None,
        name: text(&p.implementer_name),
    };
    let value =
        |cents: i64, date: &str| iati::Value { amount: decimal(cents), currency: None, value_date: date.to_string() };
    let budgets = p
        .budgets
        .iter()
        .map(|b| {
            // A year's budget covers the part of the year the project runs.
            let (first, last) = Period::year(b.year).dates();
            let start = first.max(p.start_date.clone());
            let end = last.min(p.end_date.clone());
            iati::Budget {
                kind: "1".into(),
                status: "1".into(),
                value: value(b.cents, &start),
                period_start: start,
                period_end: end,
            }
        })
        .collect();
    let transactions = flows
        .filter_map(|f| FlowKind::parse(&f.kind).map(|k| (k, f)))
        .map(|(kind, f)| iati::Transaction {
            kind: kind.iati_code().into(),
            date: f.flow_date.clone(),
            value: value(f.cents, &f.flow_date),
            description: text(&f.note),
            provider: None,
            receiver: None,
        })
        .collect();
    iati::Activity {
        identifier: p.identifier.clone(),
        lang: Some(p.language.clone()),
        default_currency: Some(p.currency.clone()),
        last_updated: None,
        reporting_org: donor.clone(),
        title: text(&p.title),
        descriptions: if p.summary.is_empty() {
            Vec::new()
        } else {
            vec![iati::Description { kind: "1".into(), text: text(&p.summary) }]
        },
        participating_orgs: vec![
            iati::ParticipatingOrg { role: "1".into(), organisation: donor },
            iati::ParticipatingOrg { role: "4".into(), organisation: implementer },
        ],
        status: ProjectStatus::parse(&p.status).map_or("2", ProjectStatus::iati_code).into(),
        dates: vec![
            iati::ActivityDate { kind: "1".into(), iso_date: p.start_date.clone() },
            iati::ActivityDate { kind: "3".into(), iso_date: p.end_date.clone() },
        ],
        recipient_countries: p
            .countries
            .iter()
            .map(|c| iati::RecipientCountry { code: c.code.clone(), percentage: share(c.percentage) })
            .collect(),
        sectors: p
            .sectors
            .iter()
            .map(|s| iati::Sector { vocabulary: None, code: s.code.clone(), percentage: share(s.percentage) })
            .collect(),
        budgets,
        transactions,
        results,
    }
}

/// An objective the project serves as an IATI result, with its indicators,
/// their baseline, approved targets and approved measurements.
async fn result_of(
    conn: &mut sqlx::AnyConnection,
    f: &verbinding_domain::access::VisibilityFilter,
    o: &Objective,
) -> Result<iati::ResultEntry, AppError> {
    let kind = match o.level.as_str() {
        "impact" => "3",
        "outcome" => "2",
        _ => "1",
    };
    let list = verbinding_store::indicators::list_visible(conn, f, o.strategy_id, Some(o.id)).await?;
    let ids: Vec<i64> = list.iter().map(|i| i.id).collect();
    let targets = verbinding_store::indicators::approved_targets(conn, &ids).await?;
    let measurements = verbinding_store::indicators::measurements(conn, &ids).await?;
    let mut indicators = Vec::new();
    for i in &list {
        let mut periods: Vec<(Period, iati::Period)> = Vec::new();
        fn slot(periods: &mut Vec<(Period, iati::Period)>, text: &str) -> Option<usize> {
            let p = Period::parse(text)?;
            if let Some(at) = periods.iter().position(|(q, _)| *q == p) {
                return Some(at);
            }
            let (start, end) = p.dates();
            periods.push((p, iati::Period { start, end, ..Default::default() }));
            Some(periods.len() - 1)
        }
        // The latest approved revision of each period's target counts.
        let mut latest: Vec<(String, f64)> = Vec::new();
        for (_, period, value) in targets.iter().filter(|(id, ..)| *id == i.id) {
            match latest.iter_mut().find(|(p, _)| p == period) {
                Some(t) => t.1 = *value,
                None => latest.push((period.clone(), *value)),
            }
        }
        let qualitative = i.measure_type == MeasureType::Qualitative;
        for (period, value) in latest {
            if let Some(at) = slot(&mut periods, &period) {
                periods[at].1.targets.push(iati::PeriodValue { value: Some(format!("{value}")), comment: Vec::new() });
            }
        }
        for m in measurements.iter().filter(|m| m.indicator_id == i.id && m.status == MeasurementStatus::Approved) {
            // An external index that may not be redistributed is not republished.
            if m.no_redistribution != 0 {
                continue;
            }
            if let Some(at) = slot(&mut periods, &m.period) {
                let comment = if qualitative { text(&m.narrative) } else { Vec::new() };
                periods[at].1.actuals.push(iati::PeriodValue { value: Some(format!("{}", m.value)), comment });
            }
        }
        periods.sort_by_key(|(p, _)| *p);
        let measure = match i.measure_type {
            MeasureType::Numeric => "1",
            MeasureType::Percentage => "2",
            MeasureType::Ordinal => "4",
            MeasureType::Qualitative => "5",
        };
        let baseline_year = Period::parse(&i.baseline_period).map(|p| p.year.to_string()).unwrap_or_default();
        indicators.push(iati::Indicator {
            measure: measure.into(),
            ascending: Some(i.direction == Direction::Higher),
            aggregation_status: None,
            title: text(&i.name),
            description: text(&i.definition),
            references: Vec::new(),
            baselines: vec![iati::Baseline {
                year: baseline_year,
                iso_date: None,
                value: Some(format!("{}", i.baseline_value)),
                comment: text(&i.baseline_evidence),
            }],
            periods: periods.into_iter().map(|(_, p)| p).collect(),
        });
    }
    Ok(iati::ResultEntry {
        kind: kind.into(),
        aggregation_status: None,
        title: text(&o.title),
        description: text(&o.summary),
        indicators,
    })
}

/// The recipients' maturity baselines as one result: an ordinal indicator
/// per country and CMM dimension, its baseline the stage, its comment the
/// source.
fn maturity_result(baselines: &[&Baseline]) -> iati::ResultEntry {
    let indicators = baselines
        .iter()
        .map(|b| {
            let stage = CMM_STAGES.get(b.stage as usize - 1).copied().unwrap_or_default();
            iati::Indicator {
                measure: "4".into(),
                ascending: Some(true),
                aggregation_status: None,
                title: text(&format!("CMM {} — {}", b.dimension, b.country)),
                description: text(&format!("Stage {} ({stage}) of 5", b.stage)),
                references: Vec::new(),
                baselines: vec![iati::Baseline {
                    year: b.year.to_string(),
                    iso_date: None,
                    value: Some(b.stage.to_string()),
                    comment: text(&b.source),
                }],
                periods: Vec::new(),
            }
        })
        .collect();
    iati::ResultEntry {
        kind: "9".into(),
        aggregation_status: None,
        title: text("Recipient maturity baselines (Oxford CMM)"),
        description: Vec::new(),
        indicators,
    }
}

/// What an import did, activity by activity.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct ImportReport {
    /// New projects: (id, IATI identifier).
    pub created: Vec<(i64, String)>,
    /// Identifiers already in the portfolio (as the caller sees it).
    pub present: Vec<String>,
    /// Activities refused, with what is wrong in each (field path and code).
    pub refused: Vec<(String, Vec<(String, String)>)>,
    /// What is unusual but publishable in an imported activity: (activity,
    /// field path, code).
    pub warnings: Vec<(String, String, String)>,
    /// Parts of the file the portfolio does not keep.
    pub not_kept: Vec<String>,
}

/// What `iati::check` reports that the IATI schema allows and a publisher
/// may mean: country shares that leave the rest to regions (which the
/// portfolio does not keep), sectors without shares, an identifier whose
/// prefix is not the reporting organisation's, a budget over a year. An
/// import takes such an activity and says so; every other problem refuses it.
const NOT_BLOCKING: &[&str] = &[
    "country_percentages_sum",
    "country_percentage_missing",
    "sector_percentages_sum",
    "sector_percentage_missing",
    "identifier_prefix",
    "budget_period_too_long",
];

fn narrative_in(t: &iati::Text, lang: &str, default: Option<&str>) -> String {
    let own = |n: &&iati::Narrative| n.lang.as_deref().or(default) == Some(lang);
    t.iter().find(own).or_else(|| t.first()).map(|n| n.text.clone()).unwrap_or_default()
}

fn date_of(a: &iati::Activity, kinds: [&str; 2]) -> String {
    kinds.iter().find_map(|k| a.dates.iter().find(|d| d.kind == *k).map(|d| d.iso_date.clone())).unwrap_or_default()
}

/// Cents from IATI's decimal text (`3000`, `-12.5`); none if it does not read.
fn cents(text: &str) -> Option<i64> {
    let v: f64 = text.trim().parse().ok()?;
    v.is_finite().then(|| (v * 100.0).round() as i64)
}

/// The fields the portfolio lists, read from another publisher's activity.
pub(crate) fn listed(
    a: &iati::Activity,
    lead_org: &str,
    marking: verbinding_domain::marking::ValidMarking,
) -> ValidProject {
    let default = a.lang.as_deref();
    let language = if default == Some("nl") { "nl" } else { "en" };
    let org = |role: &str| a.participating_orgs.iter().find(|o| o.role == role).map(|o| &o.organisation);
    let donor = org("1").unwrap_or(&a.reporting_org);
    let implementer = org("4");
    let mut budgets: Vec<YearBudget> = Vec::new();
    for b in &a.budgets {
        let (Some(year), Some(c)) = (b.period_start.get(0..4).and_then(|y| y.parse().ok()), cents(&b.value.amount))
        else {
            continue;
        };
        match budgets.iter_mut().find(|x| x.year == year) {
            Some(x) => x.cents += c,
            None => budgets.push(YearBudget { year, cents: c }),
        }
    }
    budgets.sort_by_key(|b| b.year);
    let percentage = |p: &Option<String>| p.as_deref().and_then(|p| p.parse::<f64>().ok());
    ValidProject {
        identifier: a.identifier.clone(),
        title: narrative_in(&a.title, language, default),
        summary: a
            .descriptions
            .iter()
            .find(|d| d.kind == "1")
            .map(|d| narrative_in(&d.text, language, default))
            .unwrap_or_default(),
        language: language.into(),
        status: ProjectStatus::from_iati(&a.status).unwrap_or(ProjectStatus::Implementation),
        start_date: date_of(a, ["2", "1"]),
        end_date: date_of(a, ["4", "3"]),
        lead_org: lead_org.to_string(),
        donor_name: narrative_in(&donor.name, language, default),
        donor_ref: donor.reference.clone().unwrap_or_default(),
        implementer_name: implementer.map(|o| narrative_in(&o.name, language, default)).unwrap_or_default(),
        implementer_ref: implementer.and_then(|o| o.reference.clone()).unwrap_or_default(),
        currency: a.default_currency.clone().unwrap_or_default(),
        countries: a
            .recipient_countries
            .iter()
            .map(|c| Share { code: c.code.clone(), percentage: percentage(&c.percentage) })
            .collect(),
        sectors: a
            .sectors
            .iter()
            .map(|s| Share {
                code: match s.vocabulary.as_deref() {
                    None | Some("1") => s.code.clone(),
                    Some(v) => format!("{v}:{}", s.code),
                },
                percentage: percentage(&s.percentage),
            })
            .collect(),
        budgets,
        objectives: Vec::new(),
        marking,
    }
}

/// The commitments and disbursements of an imported activity, as flows.
pub fn mirrored_flows(project: &Project) -> Vec<(FlowKind, String, i64)> {
    let Some(Ok(a)) = project.mirror.as_deref().map(|xml| mirrored(project.id, xml)) else { return Vec::new() };
    a.transactions
        .iter()
        .filter_map(|t| {
            let kind = match t.kind.as_str() {
                "2" => FlowKind::Commitment,
                "3" => FlowKind::Disbursement,
                _ => return None,
            };
            Some((kind, t.date.clone(), cents(&t.value.amount)?))
        })
        .collect()
}

/// Imports the activities of an IATI file as projects under one marking
/// and lead organisation. Each activity stands alone: one refused does not
/// stop the others, and an activity the portfolio already has is left as
/// it is.
pub async fn iati_import(
    app: &App,
    caller: &Caller,
    xml: &str,
    lead_org: &str,
    marking: &MarkingInput,
) -> Result<ImportReport, AppError> {
    let mut c = marked::Change::begin(app, caller, Permission::ManageStrategy).await?;
    let mut v = verbinding_domain::error::Validator::new();
    let valid_marking = marking.check(&app.config.ceiling, &mut v);
    v.check(!lead_org.trim().is_empty(), "lead_org", "required");
    v.finish()?;
    let valid_marking = valid_marking.ok_or_else(|| AppError::invalid("tlp", "tlp_unknown"))?;
    c.within_own_clearance(&valid_marking)?;
    let read = iati::read(xml).map_err(|_| AppError::invalid("file", "iati_unreadable"))?;
    let mut report = ImportReport { not_kept: read.not_kept, ..Default::default() };
    let (by, now) = (c.user_id()?, c.now_ms());
    for a in read.activities.activities {
        let (warnings, blocking): (Vec<_>, Vec<_>) =
            iati::check(&a).into_iter().partition(|p| NOT_BLOCKING.contains(&p.code));
        if !blocking.is_empty() {
            let list = blocking.into_iter().map(|p| (p.path, p.code.to_string())).collect();
            report.refused.push((a.identifier.clone(), list));
            continue;
        }
        for w in warnings {
            report.warnings.push((a.identifier.clone(), w.path, w.code.to_string()));
        }
        if store::visible_identifier(&mut c.tx, &c.filter, &a.identifier).await? {
            report.present.push(a.identifier.clone());
            continue;
        }
        let project = listed(&a, lead_org.trim(), valid_marking.clone());
        let generated = crate::clock::rfc3339(now);
        let record = iati::write(&iati::Activities { generated, activities: vec![a] });
        let id = store::create_project(&mut c.tx, &project, Some(&record), by, now).await?;
        c.still_visible(id).await?;
        c.audit(AuditAction::ObjectCreated, id, serde_json::json!({"kind": "project", "via": "iati"})).await?;
        report.created.push((id, project.identifier));
    }
    c.commit().await?;
    Ok(report)
}
