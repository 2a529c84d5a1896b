//! Indicators of a strategy's nodes (issue 15): the reference sheet and
//! baseline, targets whose every revision is kept and approved by a
//! decision maker (four eyes), series breaks, and measurements submitted by
//! the responsible organisation and approved or returned by a coordinator
//! (four eyes). Each is seen exactly when its node is; each change is
//! audited on the node.

use crate::marked::{self, Change};
use crate::tasks::{CheckedFile, Upload};
use crate::{App, AppError, Caller};
use std::collections::HashMap;
use verbinding_domain::access::VisibilityFilter;
use verbinding_domain::audit::AuditAction;
use verbinding_domain::role::Permission;
use verbinding_domain::strategy::progress::{self, State, Track};
use verbinding_domain::strategy::{
    IndicatorInput, IndicatorRules, MeasurementInput, MeasurementStatus, Period, TargetInput, TargetStatus, ValueShape,
};
use verbinding_store::Scope;
use verbinding_store::evidence::{self, EvidenceFile, NewFile};
use verbinding_store::indicators::{self as store, Indicator, Measurement, SeriesBreak, Target};

/// An indicator with its progress, as a tree or a node page shows it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct IndicatorState {
    pub indicator: Indicator,
    pub scale: Vec<String>,
    pub state: State,
    /// The latest approved measurement (period id and value).
    pub latest: Option<(String, f64)>,
    /// Measurements waiting for review.
    pub waiting: i64,
}

/// Everything the indicator's own page shows.
#[derive(Debug, Clone, serde::Serialize)]
pub struct IndicatorView {
    pub current: IndicatorState,
    pub targets: Vec<Target>,
    pub breaks: Vec<SeriesBreak>,
    pub measurements: Vec<Measurement>,
    /// The evidence files of those measurements.
    pub files: Vec<EvidenceFile>,
}

fn period(text: &str, id: i64) -> Result<Period, AppError> {
    Period::parse(text)
        .ok_or_else(|| AppError::internal(format!("a stored period that does not read: {text:?} ({id})")))
}

/// The approved targets that count, in period order: per period, the latest
/// approved revision (`targets` come with each period's revisions in order).
fn approved_targets(targets: impl IntoIterator<Item = (String, f64)>, id: i64) -> Result<Vec<(Period, f64)>, AppError> {
    let mut by_period: Vec<(Period, f64)> = Vec::new();
    for (text, value) in targets {
        let p = period(&text, id)?;
        match by_period.iter_mut().find(|(q, _)| *q == p) {
            Some(slot) => slot.1 = value,
            None => by_period.push((p, value)),
        }
    }
    by_period.sort_by_key(|a| a.0);
    Ok(by_period)
}

fn assess(
    i: &Indicator,
    scale: &[String],
    approved: &[(Period, f64)],
    latest: Option<(Period, f64)>,
) -> Result<State, AppError> {
    Ok(progress::assess(&Track {
        measure_type: i.measure_type,
        direction: i.direction,
        scale_len: scale.len(),
        baseline: (period(&i.baseline_period, i.id)?, i.baseline_value),
        targets: approved,
        latest,
    }))
}

/// The states of the visible indicators of a strategy (or of one node),
/// by node: reads only each indicator's latest approved measurement. Inside
/// a transaction (a review freezing its inputs) and for one node's page;
/// the whole chain reads [`all_states`], shared by every viewer.
pub(crate) async fn states_of_strategy(
    conn: &mut sqlx::AnyConnection,
    f: &VisibilityFilter,
    strategy_id: i64,
    objective_id: Option<i64>,
) -> Result<HashMap<i64, Vec<IndicatorState>>, AppError> {
    let list = store::list_visible(conn, f, strategy_id, objective_id).await?;
    let ids: Vec<i64> = list.iter().map(|i| i.id).collect();
    let targets = store::approved_targets(conn, &ids).await?;
    let waiting: HashMap<i64, i64> = store::waiting_counts(conn, &ids).await?.into_iter().collect();
    assess_all(list, targets, &waiting)
}

/// Each indicator's state from its approved targets (rows of indicator,
/// period, value in the order they count), by node.
fn assess_all(
    list: Vec<Indicator>,
    targets: Vec<(i64, String, f64)>,
    waiting: &HashMap<i64, i64>,
) -> Result<HashMap<i64, Vec<IndicatorState>>, AppError> {
    let mut targets_of: HashMap<i64, Vec<(String, f64)>> = HashMap::new();
    for (indicator, period, value) in targets {
        targets_of.entry(indicator).or_default().push((period, value));
    }
    let mut out: HashMap<i64, Vec<IndicatorState>> = HashMap::new();
    for i in list {
        let scale = i.scale()?;
        let approved = approved_targets(targets_of.remove(&i.id).unwrap_or_default(), i.id)?;
        let last = i.latest_period.clone().zip(i.latest_value);
        let measured = match &last {
            Some((p, v)) => Some((period(p, i.id)?, *v)),
            None => None,
        };
        let state = assess(&i, &scale, &approved, measured)?;
        let waiting = waiting.get(&i.id).copied().unwrap_or(0);
        out.entry(i.objective_id).or_default().push(IndicatorState {
            indicator: i,
            scale,
            state,
            latest: last,
            waiting,
        });
    }
    Ok(out)
}

/// Every indicator's state of one strategy, by node, unfiltered.
pub(crate) type StrategyStates = HashMap<i64, Vec<IndicatorState>>;

/// The progress of every indicator of a strategy, by node, unfiltered:
/// for the chain shared by every viewer (`strategy::tree`), who keeps only
/// the nodes they may see (an indicator is seen with its node, it has no
/// marking of its own). `waiting` is 0 here: it changes more often than
/// progress, and [`states_of_nodes`] counts it per request.
pub(crate) async fn all_states(conn: &mut sqlx::AnyConnection, strategy_id: i64) -> Result<StrategyStates, AppError> {
    let list = store::list_in_strategy(conn, strategy_id).await?;
    let targets = store::approved_targets_in_strategy(conn, strategy_id).await?;
    assess_all(list, targets, &HashMap::new())
}

/// The states of the indicators of the given nodes of a strategy (which
/// the viewer may see), with their waiting measurements counted now. A
/// node's own page reads its few with [`states_of_strategy`] instead: one
/// node should not pay for the whole strategy's computation.
pub(crate) async fn states_of_nodes(
    conn: &mut sqlx::AnyConnection,
    shared: &StrategyStates,
    strategy_id: i64,
    nodes: &[i64],
) -> Result<HashMap<i64, Vec<IndicatorState>>, AppError> {
    let waiting: HashMap<i64, i64> = store::waiting_in_strategy(conn, strategy_id).await?.into_iter().collect();
    Ok(nodes
        .iter()
        .filter_map(|n| {
            let own = shared
                .get(n)?
                .iter()
                .map(|s| IndicatorState { waiting: waiting.get(&s.indicator.id).copied().unwrap_or(0), ..s.clone() });
            Some((*n, own.collect()))
        })
        .collect())
}

/// Adds an indicator to a node the caller may see.
pub async fn create(app: &App, caller: &Caller, objective_id: i64, input: &IndicatorInput) -> Result<i64, AppError> {
    let mut c = Change::begin(app, caller, Permission::ManageStrategy).await?;
    verbinding_store::strategy::get_objective_visible(&mut c.tx, &c.filter, objective_id).await?;
    let valid = input.validate()?;
    let (by, now) = (c.user_id()?, c.now_ms());
    let id = store::create(&mut c.tx, objective_id, &valid, by, now).await?;
    c.audit(
        AuditAction::ObjectUpdated,
        objective_id,
        serde_json::json!({"change": "indicator.created", "indicator": id, "name": valid.name}),
    )
    .await?;
    c.commit().await?;
    Ok(id)
}

/// One indicator's page: its reference sheet, targets with every revision,
/// breaks and measurements; the read is recorded on its node.
pub async fn read(app: &App, caller: &Caller, id: i64) -> Result<IndicatorView, AppError> {
    let f = caller.reader()?;
    let mut conn = app.db.read().await?;
    let i = store::get_visible(&mut conn, &f, id).await?;
    let targets = store::targets(&mut conn, &[id]).await?;
    let breaks = store::series_breaks(&mut conn, &[id]).await?;
    let measurements = store::measurements(&mut conn, &[id]).await?;
    let ids: Vec<i64> = measurements.iter().map(|m| m.id).collect();
    let files = evidence::of_measurements(&mut conn, &ids).await?;
    drop(conn);
    let scale = i.scale()?;
    // The latest approved value, as the indicator keeps it (set on approval).
    let latest = i.latest_period.clone().zip(i.latest_value);
    let latest_period = match &latest {
        Some((p, v)) => Some((period(p, i.id)?, *v)),
        None => None,
    };
    // Per period, the revision approved last counts (as `approved_targets` in the store reads them).
    let mut approved: Vec<&Target> = targets.iter().filter(|t| t.status == TargetStatus::Approved).collect();
    approved.sort_by_key(|t| (t.decided_at, t.id));
    let approved = approved.into_iter().map(|t| (t.period.clone(), t.value));
    let state = assess(&i, &scale, &approved_targets(approved, i.id)?, latest_period)?;
    let waiting = measurements.iter().filter(|m| m.status == MeasurementStatus::Submitted).count() as i64;
    marked::record_reads(app, caller, &[(i.objective_id, i.classification.as_str())], Some("indicator")).await?;
    Ok(IndicatorView {
        current: IndicatorState { indicator: i, scale, state, latest, waiting },
        targets,
        breaks,
        measurements,
        files,
    })
}

fn rules<'a>(i: &Indicator, scale: &'a [String]) -> Result<IndicatorRules<'a>, AppError> {
    Ok(IndicatorRules {
        shape: ValueShape { measure_type: i.measure_type, scale },
        frequency: i.frequency,
        direction: i.direction,
        baseline_period: period(&i.baseline_period, i.id)?,
        baseline_value: i.baseline_value,
    })
}

/// Proposes a target for a period, or a revision of one (which must say
/// why); a decision maker approves it. Returns the proposal's id.
pub async fn propose_target(
    app: &App,
    caller: &Caller,
    indicator_id: i64,
    input: &TargetInput,
) -> Result<i64, AppError> {
    let mut c = Change::begin(app, caller, Permission::ManageStrategy).await?;
    let i = store::get_visible(&mut c.tx, &c.filter, indicator_id).await?;
    let scale = i.scale()?;
    let existing = store::targets(&mut c.tx, &[indicator_id]).await?;
    let revision = Period::parse(&input.period).is_some_and(|p| {
        existing.iter().any(|t| t.status != TargetStatus::Rejected && Period::parse(&t.period) == Some(p))
    });
    let valid = input.validate(&rules(&i, &scale)?, revision)?;
    let (by, now) = (c.user_id()?, c.now_ms());
    let id = store::propose_target(&mut c.tx, indicator_id, &valid, by, now).await?;
    c.audit(
        AuditAction::ObjectUpdated,
        i.objective_id,
        serde_json::json!({"change": "target.proposed", "indicator": indicator_id, "target": id,
            "period": valid.period.id(), "value": valid.value, "reason": valid.reason, "revision": revision}),
    )
    .await?;
    // A proposal changes no progress shown: only the work waiting.
    c.commit_changing(Scope::StrategyWork).await?;
    Ok(id)
}

/// A decision maker approves or rejects a proposed target; never their own
/// proposal (four eyes).
pub async fn decide_target(
    app: &App,
    caller: &Caller,
    target_id: i64,
    approve: bool,
    note: &str,
) -> Result<(), AppError> {
    let mut c = Change::begin(app, caller, Permission::Decide).await?;
    let t = store::target(&mut c.tx, target_id).await?;
    let i = store::get_visible(&mut c.tx, &c.filter, t.indicator_id).await?;
    let note = verbinding_domain::strategy::review_reason(approve, note)?;
    let by = c.user_id()?;
    if t.proposed_by == by {
        return Err(AppError::invalid("target", "four_eyes"));
    }
    let now = c.now_ms();
    store::decide_target(&mut c.tx, target_id, approve, &note, by, now).await?;
    let change = if approve { "target.approved" } else { "target.rejected" };
    c.audit(
        AuditAction::ObjectUpdated,
        i.objective_id,
        serde_json::json!({"change": change, "indicator": i.id, "target": target_id, "period": t.period,
            "value": t.value, "note": note}),
    )
    .await?;
    c.commit_changing(Scope::StrategyResults).await
}

/// Records a series break (a methodology change of the source) from a period on.
pub async fn add_series_break(
    app: &App,
    caller: &Caller,
    indicator_id: i64,
    period: &str,
    note: &str,
) -> Result<i64, AppError> {
    let mut c = Change::begin(app, caller, Permission::ManageStrategy).await?;
    let i = store::get_visible(&mut c.tx, &c.filter, indicator_id).await?;
    let (p, note) = verbinding_domain::strategy::series_break(period, note)?;
    let (by, now) = (c.user_id()?, c.now_ms());
    let id = store::add_series_break(&mut c.tx, indicator_id, &p.id(), &note, by, now).await?;
    c.audit(
        AuditAction::ObjectUpdated,
        i.objective_id,
        serde_json::json!({"change": "series_break.recorded", "indicator": indicator_id, "period": p.id(), "note": note}),
    )
    .await?;
    c.commit().await?;
    Ok(id)
}

/// Submits a measurement, with a file as its evidence when one is given:
/// both land in one transaction, or neither. A coordinator may submit for
/// any indicator they see; others only for the indicators their own
/// organisation (or one above it) is responsible for.
pub async fn submit_measurement(
    app: &App,
    caller: &Caller,
    indicator_id: i64,
    input: &MeasurementInput,
    file: Option<Upload>,
) -> Result<i64, AppError> {
    let mut c = Change::begin(app, caller, Permission::ReportMeasurements).await?;
    let i = store::get_visible(&mut c.tx, &c.filter, indicator_id).await?;
    if !may_report(caller, &i) {
        return Err(AppError::Forbidden);
    }
    let scale = i.scale()?;
    let now = c.now_ms();
    let valid = input.validate(&rules(&i, &scale)?, Period::quarter_of(now))?;
    let file = file.map(CheckedFile::from).transpose()?;
    let by = c.user_id()?;
    let id = store::submit(&mut c.tx, indicator_id, &valid, by, now).await?;
    c.audit(
        AuditAction::ObjectUpdated,
        i.objective_id,
        serde_json::json!({"change": "measurement.submitted", "indicator": indicator_id, "measurement": id,
            "period": valid.period.id(), "value": valid.value}),
    )
    .await?;
    if let Some(file) = file {
        keep_evidence(&mut c, &i, id, &file).await?;
    }
    c.commit_changing(Scope::StrategyWork).await?;
    Ok(id)
}

async fn keep_evidence(
    c: &mut Change<'_>,
    i: &Indicator,
    measurement: i64,
    file: &CheckedFile,
) -> Result<i64, AppError> {
    let new = NewFile {
        file_name: &file.file_name,
        original_name: &file.original_name,
        media_type: &file.media_type,
        sha256: &file.sha256,
        uploaded_by: c.user_id()?,
        content: &file.bytes,
    };
    let now = c.now_ms();
    let id = evidence::add(&mut c.tx, measurement, &new, now).await?;
    c.audit(
        AuditAction::ObjectUpdated,
        i.objective_id,
        serde_json::json!({"change": "measurement.evidence_added", "indicator": i.id, "measurement": measurement,
            "file": id, "file_name": file.original_name, "size": file.bytes.len(), "sha256": file.sha256}),
    )
    .await?;
    Ok(id)
}

/// Adds a file as evidence to a measurement that waits for review: only
/// its submitter, and never after the review (the reviewer approved what
/// was there). Checks in order: the indicator is visible (404), the caller
/// submitted it (403), it still waits (`measurement`), the file (`file`).
pub async fn attach_evidence(
    app: &App,
    caller: &Caller,
    measurement_id: i64,
    upload: Result<Upload, AppError>,
) -> Result<i64, AppError> {
    let mut c = Change::begin(app, caller, Permission::ReportMeasurements).await?;
    let m = store::measurement(&mut c.tx, measurement_id).await?;
    let i = store::get_visible(&mut c.tx, &c.filter, m.indicator_id).await?;
    if m.submitted_by != c.user_id()? {
        return Err(AppError::Forbidden);
    }
    if m.status != MeasurementStatus::Submitted {
        return Err(AppError::invalid("measurement", "already_reviewed"));
    }
    let file = CheckedFile::from(upload?)?;
    let id = keep_evidence(&mut c, &i, measurement_id, &file).await?;
    c.commit_changing(Scope::StrategyWork).await?;
    Ok(id)
}

/// One evidence file with its bytes, seen through its indicator's node
/// (404 when that is invisible); a classified node's download is audited.
pub async fn evidence_file(app: &App, caller: &Caller, id: i64) -> Result<(EvidenceFile, Vec<u8>), AppError> {
    let f = caller.reader()?;
    let mut conn = app.db.read().await?;
    let (meta, bytes) = evidence::get(&mut conn, id).await?;
    let m = store::measurement(&mut conn, meta.measurement_id).await?;
    let i = store::get_visible(&mut conn, &f, m.indicator_id).await?;
    drop(conn);
    marked::record_reads(app, caller, &[(i.objective_id, i.classification.as_str())], Some("evidence")).await?;
    Ok((meta, bytes))
}

/// Whether the caller may submit measurements of this indicator.
pub fn may_report(caller: &Caller, i: &Indicator) -> bool {
    let p = &caller.principal;
    p.has(Permission::ReportMeasurements)
        && (p.has(Permission::ManageStrategy) || p.org_chain.contains(&i.responsible_org_id))
}

/// A coordinator approves a submitted measurement or returns it with a
/// reason; never one they submitted (four eyes).
pub async fn review_measurement(
    app: &App,
    caller: &Caller,
    measurement_id: i64,
    approve: bool,
    reason: &str,
) -> Result<(), AppError> {
    let mut c = Change::begin(app, caller, Permission::ManageStrategy).await?;
    let m = store::measurement(&mut c.tx, measurement_id).await?;
    let i = store::get_visible(&mut c.tx, &c.filter, m.indicator_id).await?;
    let reason = verbinding_domain::strategy::review_reason(approve, reason)?;
    let by = c.user_id()?;
    if m.submitted_by == by {
        return Err(AppError::invalid("measurement", "four_eyes"));
    }
    let now = c.now_ms();
    store::review(&mut c.tx, measurement_id, approve, &reason, by, now).await?;
    let change = if approve { "measurement.approved" } else { "measurement.returned" };
    c.audit(
        AuditAction::ObjectUpdated,
        i.objective_id,
        serde_json::json!({"change": change, "indicator": i.id, "measurement": measurement_id, "period": m.period,
            "value": m.value, "reason": reason}),
    )
    .await?;
    c.commit_changing(Scope::StrategyResults).await
}

/// A measurement as its own answer shows it.
#[derive(Debug, Clone)]
pub struct MeasurementRead {
    pub measurement: Measurement,
    /// Its indicator's scale (empty for numbers).
    pub scale: Vec<String>,
    pub files: Vec<EvidenceFile>,
}

/// One measurement, with its indicator's scale and its evidence files,
/// seen through its indicator's node.
pub async fn read_measurement(app: &App, caller: &Caller, id: i64) -> Result<MeasurementRead, AppError> {
    let f = caller.reader()?;
    let mut conn = app.db.read().await?;
    let m = store::measurement(&mut conn, id).await?;
    let i = store::get_visible(&mut conn, &f, m.indicator_id).await?;
    let files = evidence::of_measurements(&mut conn, &[id]).await?;
    drop(conn);
    marked::record_reads(app, caller, &[(i.objective_id, i.classification.as_str())], Some("indicator")).await?;
    Ok(MeasurementRead { measurement: m, scale: i.scale()?, files })
}

/// One target row, with its indicator's scale, seen through its indicator's node.
pub async fn read_target(app: &App, caller: &Caller, id: i64) -> Result<(Target, Vec<String>), AppError> {
    let f = caller.reader()?;
    let mut conn = app.db.read().await?;
    let t = store::target(&mut conn, id).await?;
    let i = store::get_visible(&mut conn, &f, t.indicator_id).await?;
    drop(conn);
    marked::record_reads(app, caller, &[(i.objective_id, i.classification.as_str())], Some("indicator")).await?;
    Ok((t, i.scale()?))
}
