//! The evaluator export (issue 15): a strategy's whole result framework —
//! the chain, its indicators, every target revision, series breaks, every
//! measurement with its review, every judgement of an assumption — as one
//! JSON document and flat CSV files with a bilingual codebook, in one ZIP.
//!
//! It is a read like the chain page: through the caller's visibility filter
//! only, leaving out a hidden part and everything below it exactly as
//! [`crate::strategy::tree`] does, and every classified object in it is
//! recorded as read before the archive is handed out. An export passes data
//! on, so a value whose external source forbids that is left out of it
//! (the row stays, saying why).

mod archive;
pub mod codebook;
pub mod columns;
pub mod csv;
mod reviews;

use crate::marked;
use crate::{App, AppError, Caller, audit};
use csv::{Cell, CsvFile, Record};
use std::collections::HashMap;
use verbinding_domain::audit::AuditAction;
use verbinding_domain::strategy::Period;
use verbinding_store::indicators::{self as istore, Indicator, Measurement, SeriesBreak, Target};
use verbinding_store::strategy::{self as sstore, Judgement, Objective, Strategy};

/// Why a value is not in the export: its external source does not allow
/// passing it on.
pub const WITHHELD_NO_REDISTRIBUTION: &str = "no_redistribution";

/// The version of the archive's layout, in `framework.json`.
pub const FORMAT: &str = "verbinding-evaluation/1";

/// The archive's files, ready to download.
#[derive(Debug, Clone)]
pub struct EvaluatorExport {
    pub strategy_id: i64,
    /// (file name, contents), in the archive's order.
    pub files: Vec<(String, Vec<u8>)>,
    /// The rows of each CSV file, by file name.
    pub rows: Vec<(&'static str, usize)>,
    /// Measurements whose value was withheld (never which hidden parts were left out).
    pub withheld_values: usize,
    pub generated_at_ms: i64,
}

impl EvaluatorExport {
    /// The folder every file of the archive is in.
    pub fn folder(&self) -> String {
        format!("verbinding-evaluation-{}", self.strategy_id)
    }

    pub fn file_name(&self) -> String {
        format!("{}.zip", self.folder())
    }

    pub fn file(&self, name: &str) -> Option<&[u8]> {
        self.files.iter().find(|(n, _)| n == name).map(|(_, b)| b.as_slice())
    }

    /// The one download: a ZIP archive of the files under [`Self::folder`].
    pub fn zip(&self) -> Result<Vec<u8>, AppError> {
        archive::write(&self.folder(), &self.files, self.generated_at_ms)
    }
}

/// What the export holds, read through the caller's filter.
struct Framework {
    strategy: Strategy,
    /// The chain depth first, each part with its depth: only parts whose
    /// every ancestor is visible too.
    chain: Vec<(Objective, usize)>,
    indicators: Vec<Indicator>,
    targets: Vec<Target>,
    breaks: Vec<SeriesBreak>,
    measurements: Vec<Measurement>,
    /// The evidence files of those measurements (without their bytes).
    files: Vec<verbinding_store::evidence::EvidenceFile>,
    /// Every judgement per part, oldest first.
    judgements: HashMap<i64, Vec<Judgement>>,
    /// The strategy's reviews the caller may see, with what each saw, its
    /// decisions and actions.
    reviews: Vec<reviews::ExportedReview>,
}

/// The parts reachable from the top through visible parents, depth first
/// in the order they were added: a part whose parent is hidden is left
/// out with everything below it (its place would tell of the hidden one).
fn chain_order(nodes: Vec<Objective>) -> Vec<(Objective, usize)> {
    let mut children: HashMap<Option<i64>, Vec<Objective>> = HashMap::new();
    for n in nodes {
        children.entry(n.parent_id).or_default().push(n);
    }
    let mut out = Vec::new();
    // A stack of (parent, depth) whose children are still to be placed, in reverse so the first comes first.
    let mut stack: Vec<(Objective, usize)> =
        children.remove(&None).unwrap_or_default().into_iter().rev().map(|n| (n, 0)).collect();
    while let Some((n, depth)) = stack.pop() {
        let below = children.remove(&Some(n.id)).unwrap_or_default();
        stack.extend(below.into_iter().rev().map(|c| (c, depth + 1)));
        out.push((n, depth));
    }
    out
}

async fn gather(app: &App, caller: &Caller, strategy_id: i64) -> Result<Framework, AppError> {
    let f = caller.reader()?;
    let mut conn = app.db.read().await?;
    let strategy = sstore::get_strategy_visible(&mut conn, &f, strategy_id).await?;
    let chain = chain_order(sstore::objectives_visible(&mut conn, &f, strategy_id).await?);
    let in_chain: std::collections::HashSet<i64> = chain.iter().map(|(n, _)| n.id).collect();
    let indicators: Vec<Indicator> = istore::list_visible(&mut conn, &f, strategy_id, None)
        .await?
        .into_iter()
        .filter(|i| in_chain.contains(&i.objective_id))
        .collect();
    let ids: Vec<i64> = indicators.iter().map(|i| i.id).collect();
    let targets = istore::targets(&mut conn, &ids).await?;
    let breaks = istore::series_breaks(&mut conn, &ids).await?;
    let measurements = istore::measurements(&mut conn, &ids).await?;
    let measurement_ids: Vec<i64> = measurements.iter().map(|m| m.id).collect();
    let files = verbinding_store::evidence::of_measurements(&mut conn, &measurement_ids).await?;
    let mut judgements = HashMap::new();
    for (n, _) in &chain {
        let mut all = sstore::judgements(&mut conn, n.id).await?;
        all.reverse();
        judgements.insert(n.id, all);
    }
    let reviews = reviews::gather(&mut conn, &f, strategy_id).await?;
    Ok(Framework { strategy, chain, indicators, targets, breaks, measurements, files, judgements, reviews })
}

fn moment(ms: i64) -> Cell {
    Cell::Text(crate::clock::rfc3339(ms))
}

fn optional_moment(ms: Option<i64>) -> Cell {
    ms.map_or(Cell::Empty, moment)
}

/// The first and last day of a stored period.
fn period_days(text: &str) -> (Cell, Cell) {
    match Period::parse(text) {
        Some(p) => {
            let (first, last) = p.dates();
            (Cell::Text(first), Cell::Text(last))
        }
        None => (Cell::Empty, Cell::Empty),
    }
}

/// A stored value as exported: on a scale the step counted from 1 (as the
/// pages and the API show it) with the step's name, else the number.
fn value(scale: &[String], v: f64) -> (Cell, Cell) {
    if scale.is_empty() {
        (Cell::Number(v), Cell::Empty)
    } else {
        (Cell::Number(v + 1.0), Cell::optional_text(scale.get(v.max(0.0) as usize).map(String::as_str)))
    }
}

fn strategy_record(s: &Strategy) -> Record {
    vec![
        ("strategy_id", Cell::Integer(s.id)),
        ("title", Cell::text(&s.title)),
        ("summary", Cell::text(&s.summary)),
        ("start_year", Cell::Integer(s.start_year)),
        ("end_year", Cell::Integer(s.end_year)),
        ("lead_org", Cell::text(&s.lead_org_code)),
        ("classification", Cell::text(&s.classification)),
        ("tlp", Cell::text(&s.tlp)),
        ("created_at", moment(s.created_at)),
        ("updated_at", moment(s.updated_at)),
    ]
}

fn objective_record(n: &Objective, depth: usize) -> Record {
    vec![
        ("objective_id", Cell::Integer(n.id)),
        ("strategy_id", Cell::Integer(n.strategy_id)),
        ("parent_id", Cell::optional_integer(n.parent_id)),
        ("depth", Cell::Integer(depth as i64)),
        ("level", Cell::text(&n.level)),
        ("title", Cell::text(&n.title)),
        ("summary", Cell::text(&n.summary)),
        ("horizon", Cell::text(&n.horizon)),
        ("lead_org", Cell::text(&n.lead_org_code)),
        ("contributors", Cell::List(n.contributors.clone())),
        ("assumption", Cell::text(&n.assumption)),
        ("risk", Cell::text(&n.risk)),
        ("assumption_status", Cell::optional_text(n.judgement.as_ref().map(|j| j.status.id()))),
        ("classification", Cell::text(&n.classification)),
        ("tlp", Cell::text(&n.tlp)),
        ("created_at", moment(n.created_at)),
        ("updated_at", moment(n.updated_at)),
    ]
}

fn indicator_record(i: &Indicator, scale: &[String]) -> Record {
    let (baseline, label) = value(scale, i.baseline_value);
    vec![
        ("indicator_id", Cell::Integer(i.id)),
        ("objective_id", Cell::Integer(i.objective_id)),
        ("name", Cell::text(&i.name)),
        ("definition", Cell::text(&i.definition)),
        ("unit", Cell::text(&i.unit)),
        ("verification", Cell::text(&i.verification)),
        ("data_source", Cell::text(&i.data_source)),
        ("frequency", Cell::text(i.frequency.id())),
        ("responsible_org", Cell::text(&i.responsible_org_code)),
        ("direction", Cell::text(i.direction.id())),
        ("measure_type", Cell::text(i.measure_type.id())),
        ("scale", Cell::List(scale.to_vec())),
        ("baseline_period", Cell::text(&i.baseline_period)),
        ("baseline_value", baseline),
        ("baseline_label", label),
        ("baseline_evidence", Cell::text(&i.baseline_evidence)),
        ("example", Cell::Boolean(i.example == 1)),
        ("created_at", moment(i.created_at)),
        ("updated_at", moment(i.updated_at)),
    ]
}

fn target_record(t: &Target, scale: &[String], revision: i64) -> Record {
    let (start, end) = period_days(&t.period);
    let (v, label) = value(scale, t.value);
    vec![
        ("target_id", Cell::Integer(t.id)),
        ("indicator_id", Cell::Integer(t.indicator_id)),
        ("period", Cell::text(&t.period)),
        ("period_start", start),
        ("period_end", end),
        ("revision", Cell::Integer(revision)),
        ("value", v),
        ("value_label", label),
        ("reason", Cell::text(&t.reason)),
        ("status", Cell::text(t.status.id())),
        ("proposed_by", Cell::text(&t.proposed_by_name)),
        ("proposed_at", moment(t.proposed_at)),
        ("decided_by", Cell::optional_text(t.decided_by_name.as_deref())),
        ("decided_at", optional_moment(t.decided_at)),
        ("decision_note", Cell::text(&t.decision_note)),
    ]
}

fn break_record(b: &SeriesBreak) -> Record {
    vec![
        ("break_id", Cell::Integer(b.id)),
        ("indicator_id", Cell::Integer(b.indicator_id)),
        ("period", Cell::text(&b.period)),
        ("period_start", period_days(&b.period).0),
        ("note", Cell::text(&b.note)),
        ("recorded_by", Cell::text(&b.recorded_by_name)),
        ("recorded_at", moment(b.recorded_at)),
    ]
}

/// A measurement's row; a value its external source does not allow to be
/// passed on is left out, and the row says why.
fn measurement_record(m: &Measurement, scale: &[String], files: &[verbinding_store::evidence::EvidenceFile]) -> Record {
    let (start, end) = period_days(&m.period);
    let withheld = m.no_redistribution == 1;
    let (v, label) = if withheld { (Cell::Empty, Cell::Empty) } else { value(scale, m.value) };
    vec![
        ("measurement_id", Cell::Integer(m.id)),
        ("indicator_id", Cell::Integer(m.indicator_id)),
        ("period", Cell::text(&m.period)),
        ("period_start", start),
        ("period_end", end),
        ("status", Cell::text(m.status.id())),
        ("value", v),
        ("value_label", label),
        ("value_withheld", if withheld { Cell::text(WITHHELD_NO_REDISTRIBUTION) } else { Cell::Empty }),
        ("narrative", Cell::text(&m.narrative)),
        ("evidence", Cell::text(&m.evidence)),
        ("evidence_files", Cell::text(&evidence_files(m.id, files))),
        ("external_edition", Cell::optional_text(m.external_edition.as_deref())),
        ("external_retrieved", Cell::optional_text(m.external_retrieved.as_deref())),
        ("external_citation", Cell::optional_text(m.external_citation.as_deref())),
        ("no_redistribution", Cell::Boolean(withheld)),
        ("submitted_by", Cell::text(&m.submitted_by_name)),
        ("submitted_at", moment(m.submitted_at)),
        ("reviewed_by", Cell::optional_text(m.reviewed_by_name.as_deref())),
        ("reviewed_at", optional_moment(m.reviewed_at)),
        ("review_reason", Cell::text(&m.review_reason)),
    ]
}

/// A measurement's evidence files as the export names them: each file's
/// name and SHA-256 digest, so an evaluator can tell the file they are
/// handed is the one the reviewer saw.
fn evidence_files(measurement: i64, files: &[verbinding_store::evidence::EvidenceFile]) -> String {
    let own: Vec<String> = files
        .iter()
        .filter(|f| f.measurement_id == measurement)
        .map(|f| format!("{} (sha256:{})", f.original_name, f.sha256))
        .collect();
    own.join("; ")
}

fn judgement_record(objective_id: i64, j: &Judgement) -> Record {
    vec![
        ("objective_id", Cell::Integer(objective_id)),
        ("status", Cell::text(j.status.id())),
        ("note", Cell::text(&j.note)),
        ("judged_by", Cell::text(&j.judged_by_name)),
        ("judged_at", moment(j.judged_at)),
    ]
}

/// A JSON object of a record without the column it is nested under (a
/// judgement inside its part needs no `objective_id`).
fn nested(record: &Record, without: &str) -> serde_json::Value {
    let mut object = csv::to_object(record);
    object.remove(without);
    serde_json::Value::Object(object)
}

/// The highest classification and the strictest TLP among what is shown:
/// how the whole archive is to be handled.
fn handling(fw: &Framework) -> (String, String) {
    let classes = std::iter::once(fw.strategy.classification.as_str())
        .chain(fw.chain.iter().map(|(n, _)| n.classification.as_str()))
        .chain(fw.reviews.iter().map(|r| r.review.classification.as_str()));
    let classification = verbinding_domain::classification::most_restrictive(classes)
        .unwrap_or(verbinding_domain::classification::UNCLASSIFIED)
        .to_string();
    let rank = |t: &str| verbinding_domain::tlp::Tlp::ALL.iter().position(|x| x.id() == t).unwrap_or(0);
    let tlp = std::iter::once(fw.strategy.tlp.as_str())
        .chain(fw.chain.iter().map(|(n, _)| n.tlp.as_str()))
        .chain(fw.reviews.iter().map(|r| r.review.tlp.as_str()))
        .max_by_key(|t| rank(t))
        .unwrap_or("clear")
        .to_string();
    (classification, tlp)
}

/// Writes the files: each record once into its CSV file and into the
/// nested JSON document.
fn files(fw: &Framework, generated_at_ms: i64) -> Result<EvaluatorExport, AppError> {
    let mut objectives = CsvFile::new(columns::OBJECTIVES);
    let mut indicators = CsvFile::new(columns::INDICATORS);
    let mut targets = CsvFile::new(columns::TARGETS);
    let mut measurements = CsvFile::new(columns::MEASUREMENTS);
    let mut breaks = CsvFile::new(columns::SERIES_BREAKS);
    let mut judgements = CsvFile::new(columns::JUDGEMENTS);
    let mut indicators_of: HashMap<i64, Vec<serde_json::Value>> = HashMap::new();
    let mut withheld = 0;
    for i in &fw.indicators {
        let scale = i.scale()?;
        let record = indicator_record(i, &scale);
        indicators.push(&record)?;
        let mut object = csv::to_object(&record);
        let mut own_targets = Vec::new();
        // Revisions are numbered per period, in the order they were proposed (the store's order).
        let mut revisions: HashMap<&str, i64> = HashMap::new();
        for t in fw.targets.iter().filter(|t| t.indicator_id == i.id) {
            let n = revisions.entry(t.period.as_str()).or_insert(0);
            *n += 1;
            let r = target_record(t, &scale, *n);
            targets.push(&r)?;
            own_targets.push(nested(&r, "indicator_id"));
        }
        let mut own_breaks = Vec::new();
        for b in fw.breaks.iter().filter(|b| b.indicator_id == i.id) {
            let r = break_record(b);
            breaks.push(&r)?;
            own_breaks.push(nested(&r, "indicator_id"));
        }
        let mut own_measurements = Vec::new();
        for m in fw.measurements.iter().filter(|m| m.indicator_id == i.id) {
            withheld += usize::from(m.no_redistribution == 1);
            let r = measurement_record(m, &scale, &fw.files);
            measurements.push(&r)?;
            own_measurements.push(nested(&r, "indicator_id"));
        }
        object.insert("targets".into(), own_targets.into());
        object.insert("series_breaks".into(), own_breaks.into());
        object.insert("measurements".into(), own_measurements.into());
        indicators_of.entry(i.objective_id).or_default().push(serde_json::Value::Object(object));
    }
    // The parts nested as the chain is: from the last (deepest first) up,
    // each part takes the parts gathered under it.
    let mut under: HashMap<Option<i64>, Vec<serde_json::Value>> = HashMap::new();
    let mut nodes = Vec::new();
    for (n, depth) in &fw.chain {
        let record = objective_record(n, *depth);
        objectives.push(&record)?;
        let mut own_judgements = Vec::new();
        for j in fw.judgements.get(&n.id).into_iter().flatten() {
            let r = judgement_record(n.id, j);
            judgements.push(&r)?;
            own_judgements.push(nested(&r, "objective_id"));
        }
        let mut object = csv::to_object(&record);
        object.insert("judgements".into(), own_judgements.into());
        object.insert("indicators".into(), indicators_of.remove(&n.id).unwrap_or_default().into());
        nodes.push((n.id, n.parent_id, object));
    }
    for (id, parent, mut object) in nodes.into_iter().rev() {
        let mut below = under.remove(&Some(id)).unwrap_or_default();
        below.reverse();
        object.insert("objectives".into(), below.into());
        under.entry(parent).or_default().push(serde_json::Value::Object(object));
    }
    let mut goals = under.remove(&None).unwrap_or_default();
    goals.reverse();
    let mut strategy = csv::to_object(&strategy_record(&fw.strategy));
    strategy.insert("objectives".into(), goals.into());
    let (classification, tlp) = handling(fw);
    let generated_at = crate::clock::rfc3339(generated_at_ms);
    let mut review_rows = CsvFile::new(columns::REVIEWS);
    let mut decision_rows = CsvFile::new(columns::REVIEW_DECISIONS);
    let mut action_rows = CsvFile::new(columns::REVIEW_ACTIONS);
    let mut reviews = Vec::new();
    for r in &fw.reviews {
        let record = reviews::review_record(r);
        review_rows.push(&record)?;
        let mut object = csv::to_object(&record);
        let mut own_decisions = Vec::new();
        for (d, visible) in &r.decisions {
            let d = reviews::decision_record(d, *visible);
            decision_rows.push(&d)?;
            own_decisions.push(nested(&d, "review_id"));
        }
        let mut own_actions = Vec::new();
        for a in &r.actions {
            let a = reviews::action_record(a);
            action_rows.push(&a)?;
            own_actions.push(nested(&a, "review_id"));
        }
        let saw = serde_json::to_value(&r.snapshot).map_err(|e| AppError::internal(e.to_string()))?;
        object.insert("saw".into(), saw);
        object.insert("decisions".into(), own_decisions.into());
        object.insert("actions".into(), own_actions.into());
        reviews.push(serde_json::Value::Object(object));
    }
    let document = serde_json::json!({
        "format": FORMAT,
        "generated_at": generated_at,
        "classification": classification,
        "tlp": tlp,
        "withheld_values": withheld,
        "strategy": strategy,
        "reviews": reviews,
    });
    let json = serde_json::to_vec_pretty(&document).map_err(|e| AppError::internal(e.to_string()))?;
    let codebook = codebook::render(&codebook::About {
        strategy_id: fw.strategy.id,
        strategy_title: &fw.strategy.title,
        generated_at: &generated_at,
        classification: &classification,
        tlp: &tlp,
        withheld_values: withheld,
    });
    let mut rows = Vec::new();
    let mut out = vec![("framework.json".to_string(), json)];
    for ((name, _, _, _), file) in columns::CSV_FILES.iter().zip([
        objectives,
        indicators,
        targets,
        measurements,
        breaks,
        judgements,
        review_rows,
        decision_rows,
        action_rows,
    ]) {
        rows.push((*name, file.rows()));
        out.push((name.to_string(), file.into_bytes()));
    }
    out.push(("codebook.md".to_string(), codebook.into_bytes()));
    Ok(EvaluatorExport { strategy_id: fw.strategy.id, files: out, rows, withheld_values: withheld, generated_at_ms })
}

/// The evaluator export of a strategy the caller may see (else `NotFound`,
/// as for an absent one). Every classified part in it is recorded as read,
/// and one event on the strategy says the export was made, before the
/// files are handed out.
pub async fn evaluator_export(app: &App, caller: &Caller, strategy_id: i64) -> Result<EvaluatorExport, AppError> {
    let fw = gather(app, caller, strategy_id).await?;
    let export = files(&fw, app.now_ms())?;
    // The indicators and their rows carry their part's marking: the part's read covers them.
    let mut shown: Vec<(i64, &str)> = vec![(fw.strategy.id, fw.strategy.classification.as_str())];
    shown.extend(fw.chain.iter().map(|(n, _)| (n.id, n.classification.as_str())));
    shown.extend(fw.reviews.iter().map(|r| (r.review.id, r.review.classification.as_str())));
    marked::record_reads(app, caller, &shown, Some("evaluator-export")).await?;
    // An export is a read, so its event goes with the read audits (no new
    // action); `change` names it in words on the audit page.
    let count = |name: &str| export.rows.iter().find(|(n, _)| *n == name).map_or(0, |(_, r)| *r);
    let detail = serde_json::json!({
        "view": "evaluator-export",
        "change": "evaluation.exported",
        "objectives": count("objectives.csv"),
        "indicators": count("indicators.csv"),
        "measurements": count("measurements.csv"),
        "withheld_values": export.withheld_values,
    });
    let event = audit::about_object(audit::event(app, caller, AuditAction::ObjectRead), fw.strategy.id);
    crate::read_audit::write(app, vec![audit::with_detail(event, detail)]).await?;
    Ok(export)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(id: i64, parent: Option<i64>) -> Objective {
        Objective {
            id,
            strategy_id: 1,
            parent_id: parent,
            level: String::new(),
            title: String::new(),
            summary: String::new(),
            horizon: String::new(),
            classification: String::new(),
            tlp: String::new(),
            open_to_all: 0,
            lead_org_id: 0,
            lead_org_code: String::new(),
            owner_org_id: None,
            owner_org_code: None,
            assumption: String::new(),
            risk: String::new(),
            version: 1,
            created_at: 0,
            updated_at: 0,
            contributors: Vec::new(),
            need_to_know: Vec::new(),
            need_to_know_users: Vec::new(),
            judgement: None,
        }
    }

    #[test]
    fn the_chain_is_depth_first_and_a_part_under_a_hidden_one_is_left_out() {
        // 4 hangs under 9, which the caller may not see (not in the list).
        let nodes =
            vec![node(1, None), node(2, Some(1)), node(3, None), node(4, Some(9)), node(5, Some(2)), node(6, Some(1))];
        let order: Vec<(i64, usize)> = chain_order(nodes).iter().map(|(n, d)| (n.id, *d)).collect();
        assert_eq!(order, [(1, 0), (2, 1), (5, 2), (6, 1), (3, 0)]);
    }

    #[test]
    fn a_value_on_a_scale_is_the_step_counted_from_one_with_its_name() {
        let scale = vec!["laag".to_string(), "hoog".to_string()];
        assert_eq!(value(&scale, 1.0), (Cell::Number(2.0), Cell::text("hoog")));
        assert_eq!(value(&[], 37.5), (Cell::Number(37.5), Cell::Empty));
    }
}
