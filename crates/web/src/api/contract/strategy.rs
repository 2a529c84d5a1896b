//! Response bodies of the strategy context: strategies, their result
//! chains with each indicator's progress, and an indicator with its
//! targets, series breaks and measurements. A value on a scale is the step
//! counted from 1 (as it is sent), with the step's name.

use schemars::JsonSchema;
use serde::Serialize;
use verbinding_app::indicators::{IndicatorState, IndicatorView};
use verbinding_app::strategy::TreeNode;
use verbinding_domain::strategy::progress::Progress;
use verbinding_domain::strategy::{
    AssumptionStatus, Direction, Frequency, Horizon, Level, MeasureType, MeasurementStatus, TargetStatus,
};
use verbinding_store::evidence::EvidenceFile;
use verbinding_store::indicators::{Measurement, SeriesBreak, Target};
use verbinding_store::strategy::Strategy;

#[derive(Serialize, JsonSchema)]
pub struct StrategyItem {
    pub id: i64,
    pub title: String,
    pub summary: String,
    pub start_year: i64,
    pub end_year: i64,
    pub classification: String,
    pub tlp: String,
    pub lead_org_code: String,
    pub version: i64,
}

impl From<Strategy> for StrategyItem {
    fn from(s: Strategy) -> Self {
        StrategyItem {
            id: s.id,
            title: s.title,
            summary: s.summary,
            start_year: s.start_year,
            end_year: s.end_year,
            classification: s.classification,
            tlp: s.tlp,
            lead_org_code: s.lead_org_code,
            version: s.version,
        }
    }
}

/// How far an indicator is (the documented progress rule): never an
/// average, never a number where there is none.
#[derive(Serialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ProgressView {
    NoData,
    NoTarget,
    /// Share of the way from baseline to target (0–1) and where the straight path would be.
    Share {
        share: f64,
        expected: f64,
    },
    /// Steps on an ordinal scale towards the target.
    Steps {
        done: i64,
        of: i64,
    },
    /// A qualitative score: the step counted from 1, out of the scale's length.
    Score {
        score: usize,
        of: usize,
    },
}

impl From<Progress> for ProgressView {
    fn from(p: Progress) -> Self {
        match p {
            Progress::NoData => ProgressView::NoData,
            Progress::NoTarget => ProgressView::NoTarget,
            Progress::Share { share, expected } => ProgressView::Share { share, expected },
            Progress::Steps { done, of } => ProgressView::Steps { done, of },
            Progress::Score { score, of } => ProgressView::Score { score: score + 1, of },
        }
    }
}

/// A value of an indicator: on a scale, the step counted from 1 and its name.
#[derive(Serialize, JsonSchema)]
pub struct ValueAt {
    pub period: String,
    pub value: f64,
    pub label: Option<String>,
}

fn shown(scale: &[String], v: f64) -> (f64, Option<String>) {
    if scale.is_empty() { (v, None) } else { (v + 1.0, scale.get(v.max(0.0) as usize).cloned()) }
}

#[derive(Serialize, JsonSchema)]
pub struct IndicatorSummary {
    pub id: i64,
    pub name: String,
    pub measure_type: MeasureType,
    pub direction: Direction,
    pub frequency: Frequency,
    pub unit: String,
    pub responsible_org_code: String,
    /// Defined as an example, not an official figure.
    pub example: bool,
    pub progress: ProgressView,
    pub off_track: bool,
    /// The latest approved measurement.
    pub latest: Option<ValueAt>,
    /// Measurements waiting for review.
    pub waiting: i64,
}

impl From<&IndicatorState> for IndicatorSummary {
    fn from(s: &IndicatorState) -> Self {
        let i = &s.indicator;
        IndicatorSummary {
            id: i.id,
            name: i.name.clone(),
            measure_type: i.measure_type,
            direction: i.direction,
            frequency: i.frequency,
            unit: i.unit.clone(),
            responsible_org_code: i.responsible_org_code.clone(),
            example: i.example == 1,
            progress: s.state.progress.into(),
            off_track: s.state.off_track,
            latest: s.latest.as_ref().map(|(p, v)| {
                let (value, label) = shown(&s.scale, *v);
                ValueAt { period: p.clone(), value, label }
            }),
            waiting: s.waiting,
        }
    }
}

/// A node of the result chain, depth first.
#[derive(Serialize, JsonSchema)]
pub struct ChainNode {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub depth: usize,
    pub level: Level,
    pub title: String,
    pub summary: String,
    pub horizon: Horizon,
    pub lead_org_code: String,
    pub contributors: Vec<String>,
    pub classification: String,
    pub tlp: String,
    /// Why this serves its parent, and what could break that link.
    pub assumption: String,
    pub risk: String,
    /// The latest judgement of the assumption.
    pub assumption_status: Option<AssumptionStatus>,
    /// One of its own indicators is off track.
    pub off_track: bool,
    /// Something further down the chain is off track.
    pub off_track_below: bool,
    pub indicators: Vec<IndicatorSummary>,
}

impl From<TreeNode> for ChainNode {
    fn from(n: TreeNode) -> Self {
        let o = n.objective;
        ChainNode {
            id: o.id,
            parent_id: o.parent_id,
            depth: n.depth,
            level: Level::parse(&o.level).unwrap_or(Level::Activity),
            title: o.title,
            summary: o.summary,
            horizon: Horizon::parse(&o.horizon).unwrap_or(Horizon::Long),
            lead_org_code: o.lead_org_code,
            contributors: o.contributors,
            classification: o.classification,
            tlp: o.tlp,
            assumption: o.assumption,
            risk: o.risk,
            assumption_status: o.judgement.map(|j| j.status),
            off_track: n.rollup.is_off_track(),
            off_track_below: n.off_track_below,
            indicators: n.indicators.iter().map(IndicatorSummary::from).collect(),
        }
    }
}

#[derive(Serialize, JsonSchema)]
pub struct StrategyTree {
    pub strategy: StrategyItem,
    /// The nodes the caller may see whose parents they may see too.
    pub nodes: Vec<ChainNode>,
}

#[derive(Serialize, JsonSchema)]
pub struct TargetView {
    pub id: i64,
    pub period: String,
    pub value: f64,
    pub label: Option<String>,
    pub reason: String,
    pub status: TargetStatus,
    pub proposed_by: String,
    pub proposed_at: i64,
    pub decided_by: Option<String>,
    pub decided_at: Option<i64>,
    pub decision_note: String,
}

pub fn target(scale: &[String], t: Target) -> TargetView {
    let (value, label) = shown(scale, t.value);
    TargetView {
        id: t.id,
        period: t.period,
        value,
        label,
        reason: t.reason,
        status: t.status,
        proposed_by: t.proposed_by_name,
        proposed_at: t.proposed_at,
        decided_by: t.decided_by_name,
        decided_at: t.decided_at,
        decision_note: t.decision_note,
    }
}

#[derive(Serialize, JsonSchema)]
pub struct SeriesBreakView {
    pub period: String,
    pub note: String,
    pub recorded_by: String,
    pub recorded_at: i64,
}

impl From<SeriesBreak> for SeriesBreakView {
    fn from(b: SeriesBreak) -> Self {
        SeriesBreakView { period: b.period, note: b.note, recorded_by: b.recorded_by_name, recorded_at: b.recorded_at }
    }
}

/// Where a value from an external index comes from.
#[derive(Serialize, JsonSchema)]
pub struct ExternalView {
    pub edition: String,
    /// Year and month it was retrieved.
    pub retrieved: String,
    pub citation: String,
    pub no_redistribution: bool,
}

#[derive(Serialize, JsonSchema)]
pub struct MeasurementView {
    pub id: i64,
    pub indicator_id: i64,
    pub period: String,
    pub value: f64,
    pub label: Option<String>,
    pub narrative: String,
    pub evidence: String,
    pub external: Option<ExternalView>,
    pub status: MeasurementStatus,
    pub submitted_by: String,
    pub submitted_at: i64,
    pub reviewed_by: Option<String>,
    pub reviewed_at: Option<i64>,
    pub review_reason: String,
    /// Files kept as evidence, without their bytes (download each at
    /// `/api/v1/strategy/evidence/{id}`).
    pub files: Vec<EvidenceFileView>,
}

/// A file kept as a measurement's evidence.
#[derive(Serialize, JsonSchema)]
pub struct EvidenceFileView {
    pub id: i64,
    pub file_name: String,
    pub media_type: String,
    pub size: i64,
    pub sha256: String,
    pub uploaded_by: String,
    pub uploaded_at: i64,
}

impl From<&EvidenceFile> for EvidenceFileView {
    fn from(f: &EvidenceFile) -> Self {
        EvidenceFileView {
            id: f.id,
            file_name: f.original_name.clone(),
            media_type: f.media_type.clone(),
            size: f.size,
            sha256: f.sha256.clone(),
            uploaded_by: f.uploaded_by_name.clone(),
            uploaded_at: f.uploaded_at,
        }
    }
}

pub fn measurement(scale: &[String], m: Measurement, files: &[EvidenceFile]) -> MeasurementView {
    let files = files.iter().filter(|f| f.measurement_id == m.id).map(EvidenceFileView::from).collect();
    let (value, label) = shown(scale, m.value);
    let external = match (m.external_edition, m.external_retrieved, m.external_citation) {
        (Some(edition), Some(retrieved), Some(citation)) => {
            Some(ExternalView { edition, retrieved, citation, no_redistribution: m.no_redistribution == 1 })
        }
        _ => None,
    };
    MeasurementView {
        id: m.id,
        indicator_id: m.indicator_id,
        period: m.period,
        value,
        label,
        narrative: m.narrative,
        evidence: m.evidence,
        external,
        status: m.status,
        submitted_by: m.submitted_by_name,
        submitted_at: m.submitted_at,
        reviewed_by: m.reviewed_by_name,
        reviewed_at: m.reviewed_at,
        review_reason: m.review_reason,
        files,
    }
}

/// An indicator with its reference sheet, progress and history.
#[derive(Serialize, JsonSchema)]
pub struct IndicatorDetail {
    #[serde(flatten)]
    pub summary: IndicatorSummary,
    pub objective_id: i64,
    pub classification: String,
    pub tlp: String,
    pub definition: String,
    pub verification: String,
    pub data_source: String,
    /// The names of its scale, lowest first (empty for numbers).
    pub scale: Vec<String>,
    pub baseline: ValueAt,
    pub baseline_evidence: String,
    /// Every target row: each revision is kept; only approved ones count.
    pub targets: Vec<TargetView>,
    pub series_breaks: Vec<SeriesBreakView>,
    pub measurements: Vec<MeasurementView>,
}

impl From<IndicatorView> for IndicatorDetail {
    fn from(v: IndicatorView) -> Self {
        let summary = IndicatorSummary::from(&v.current);
        let s = v.current;
        let scale = s.scale;
        let i = s.indicator;
        let (value, label) = shown(&scale, i.baseline_value);
        IndicatorDetail {
            summary,
            objective_id: i.objective_id,
            classification: i.classification,
            tlp: i.tlp,
            definition: i.definition,
            verification: i.verification,
            data_source: i.data_source,
            baseline: ValueAt { period: i.baseline_period, value, label },
            baseline_evidence: i.baseline_evidence,
            targets: v.targets.into_iter().map(|t| target(&scale, t)).collect(),
            series_breaks: v.breaks.into_iter().map(SeriesBreakView::from).collect(),
            measurements: v.measurements.into_iter().map(|m| measurement(&scale, m, &v.files)).collect(),
            scale,
        }
    }
}
