//! Strategy with measurable effects (problems P2, P3, P10): a strategy's
//! result chain (impact ← outcome ← output ← activity, each link with its
//! assumption and risk), indicators with a reference sheet, baselines,
//! versioned targets, series breaks and measurements, and the documented
//! progress rule ([`progress`]). Pure: the store keeps it, the app decides
//! who may change it.

pub mod foresight;
pub mod period;
pub mod progress;
pub mod review;

use crate::error::{DomainError, Validator};
use crate::marking::{MarkingInput, ValidMarking};
use crate::vocabulary::vocabulary;
pub use period::Period;

pub const TITLE_MAX: usize = 200;
pub const TEXT_MAX: usize = 20_000;
/// Names on an ordinal or qualitative scale.
pub const SCALE_MAX: usize = 12;
pub const FIRST_YEAR: i32 = 2000;
pub const LAST_YEAR: i32 = 2100;

vocabulary! {
    /// Where a node sits in the result chain; a child sits exactly one level
    /// below its parent.
    pub enum Level as "result level" {
        Impact = "impact",
        Outcome = "outcome",
        Output = "output",
        Activity = "activity",
    }
}

impl Level {
    /// The level a child of this node has.
    pub fn child(self) -> Option<Level> {
        match self {
            Level::Impact => Some(Level::Outcome),
            Level::Outcome => Some(Level::Output),
            Level::Output => Some(Level::Activity),
            Level::Activity => None,
        }
    }
}

vocabulary! {
    /// When an objective should show its effect, within the strategy's period.
    pub enum Horizon as "horizon" {
        Short = "short",
        Medium = "medium",
        Long = "long",
    }
}

vocabulary! {
    /// The judgement on the assumption under a link of the result chain.
    pub enum AssumptionStatus as "assumption status" {
        Holds = "holds",
        UnderPressure = "under-pressure",
        Broken = "broken",
    }
}

vocabulary! {
    /// Which way an indicator improves.
    pub enum Direction as "direction" {
        Higher = "higher",
        Lower = "lower",
    }
}

vocabulary! {
    /// What a measurement of the indicator is.
    pub enum MeasureType as "measure type" {
        Numeric = "numeric",
        Percentage = "percentage",
        /// A step on a named scale (e.g. the five stages of the Oxford capacity maturity model).
        Ordinal = "ordinal",
        /// A narrative with a score on a stated scale: shown as such, never averaged.
        Qualitative = "qualitative",
    }
}

vocabulary! {
    /// How often the indicator is measured: the shape of its periods.
    pub enum Frequency as "frequency" {
        Quarterly = "quarterly",
        Annual = "annual",
    }
}

vocabulary! {
    /// A measurement's way through four eyes.
    pub enum MeasurementStatus as "measurement status" {
        Submitted = "submitted",
        Approved = "approved",
        Returned = "returned",
    }
}

vocabulary! {
    /// A target (revision) waits for a decision maker's approval.
    pub enum TargetStatus as "target status" {
        Proposed = "proposed",
        Approved = "approved",
        Rejected = "rejected",
    }
}

fn required(v: &mut Validator, value: &str, field: &'static str, max: usize) -> String {
    let value = value.trim();
    v.check(!value.is_empty(), field, "required");
    v.check(value.chars().count() <= max, field, "too_long");
    value.to_string()
}

fn optional(v: &mut Validator, value: &str, field: &'static str, max: usize) -> String {
    v.check(value.trim().chars().count() <= max, field, "too_long");
    value.trim().to_string()
}

/// Reads a period that must have the shape of `frequency` (a quarter or a
/// whole year), recording what is wrong under `field`.
pub(crate) fn parse_period_of(
    v: &mut Validator,
    text: &str,
    field: &'static str,
    frequency: Frequency,
) -> Option<Period> {
    let period = Period::parse(text);
    v.check(period.is_some(), field, if text.trim().is_empty() { "required" } else { "period_invalid" });
    let fits = period.is_some_and(|p| p.fits(frequency));
    v.check(period.is_none() || fits, field, "period_not_of_frequency");
    period.filter(|_| fits)
}

/// After [`Validator::finish`] every checked value is present; a missing
/// one would be a bug, reported as invalid input rather than a panic.
fn present<T>(value: Option<T>) -> Result<T, DomainError> {
    value.ok_or_else(|| DomainError::invalid("input", "invalid"))
}

fn vocab<T>(v: &mut Validator, parsed: Option<T>, field: &'static str, code: &'static str) -> Option<T> {
    v.check(parsed.is_some(), field, code);
    parsed
}

/// A strategy as typed: a period of whole years and a marking.
#[derive(Debug, Clone, Default)]
pub struct StrategyInput {
    pub title: String,
    pub summary: String,
    pub start_year: String,
    pub end_year: String,
    pub lead_org: String,
    pub marking: MarkingInput,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ValidStrategy {
    pub title: String,
    pub summary: String,
    pub start_year: i32,
    pub end_year: i32,
    pub lead_org: String,
    pub marking: ValidMarking,
}

fn year(v: &mut Validator, text: &str, field: &'static str) -> Option<i32> {
    let y = text.trim().parse::<i32>().ok().filter(|y| (FIRST_YEAR..=LAST_YEAR).contains(y));
    v.check(!text.trim().is_empty(), field, "required");
    v.check(text.trim().is_empty() || y.is_some(), field, "year_invalid");
    y
}

impl StrategyInput {
    pub fn validate(&self, ceiling: &str) -> Result<ValidStrategy, DomainError> {
        let mut v = Validator::new();
        let title = required(&mut v, &self.title, "title", TITLE_MAX);
        let summary = optional(&mut v, &self.summary, "summary", TEXT_MAX);
        let start = year(&mut v, &self.start_year, "start_year");
        let end = year(&mut v, &self.end_year, "end_year");
        if let (Some(s), Some(e)) = (start, end) {
            v.check(e >= s, "end_year", "end_before_start");
        }
        v.check(!self.lead_org.trim().is_empty(), "lead_org", "required");
        let marking = self.marking.check(ceiling, &mut v);
        v.finish()?;
        Ok(ValidStrategy {
            title,
            summary,
            start_year: start.unwrap_or_default(),
            end_year: end.unwrap_or_default(),
            lead_org: self.lead_org.trim().to_string(),
            marking: marking.ok_or_else(|| DomainError::invalid("tlp", "tlp_unknown"))?,
        })
    }
}

/// A node of the result chain as typed. Its parent (and so its level's
/// fit) is known to storage; see [`check_parent`].
#[derive(Debug, Clone, Default)]
pub struct ObjectiveInput {
    pub title: String,
    pub summary: String,
    pub level: String,
    pub horizon: String,
    pub lead_org: String,
    /// Codes of the contributing organisations.
    pub contributors: Vec<String>,
    /// Why achieving this node serves its parent.
    pub assumption: String,
    /// What could break that link.
    pub risk: String,
    pub marking: MarkingInput,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ValidObjective {
    pub title: String,
    pub summary: String,
    pub level: Level,
    pub horizon: Horizon,
    pub lead_org: String,
    pub contributors: Vec<String>,
    pub assumption: String,
    pub risk: String,
    pub marking: ValidMarking,
}

impl ObjectiveInput {
    pub fn validate(&self, ceiling: &str) -> Result<ValidObjective, DomainError> {
        let mut v = Validator::new();
        let title = required(&mut v, &self.title, "title", TITLE_MAX);
        let summary = optional(&mut v, &self.summary, "summary", TEXT_MAX);
        let level = vocab(&mut v, Level::parse(&self.level), "level", "level_unknown");
        let horizon = vocab(&mut v, Horizon::parse(&self.horizon), "horizon", "horizon_unknown");
        v.check(!self.lead_org.trim().is_empty(), "lead_org", "required");
        let assumption = optional(&mut v, &self.assumption, "assumption", TEXT_MAX);
        let risk = optional(&mut v, &self.risk, "risk", TEXT_MAX);
        let marking = self.marking.check(ceiling, &mut v);
        v.finish()?;
        let lead = self.lead_org.trim().to_string();
        let mut contributors: Vec<String> = self
            .contributors
            .iter()
            .map(|c| c.trim().to_string())
            .filter(|c| !c.is_empty() && !c.eq_ignore_ascii_case(&lead))
            .collect();
        contributors.sort();
        contributors.dedup();
        Ok(ValidObjective {
            title,
            summary,
            level: present(level)?,
            horizon: present(horizon)?,
            lead_org: lead,
            contributors,
            assumption,
            risk,
            marking: marking.ok_or_else(|| DomainError::invalid("tlp", "tlp_unknown"))?,
        })
    }
}

/// A node's level must fit where it hangs: the goals at the top are
/// impacts, every other node sits one level below its parent.
pub fn check_parent(parent: Option<Level>, level: Level) -> Result<(), DomainError> {
    let expected = match parent {
        None => Some(Level::Impact),
        Some(p) => p.child(),
    };
    if expected == Some(level) { Ok(()) } else { Err(DomainError::invalid("level", "level_does_not_fit_parent")) }
}

/// A judgement on a link's assumption.
#[derive(Debug, Clone, Default)]
pub struct JudgementInput {
    pub status: String,
    pub note: String,
}

impl JudgementInput {
    pub fn validate(&self) -> Result<(AssumptionStatus, String), DomainError> {
        let mut v = Validator::new();
        let status =
            vocab(&mut v, AssumptionStatus::parse(&self.status), "assumption_status", "assumption_status_unknown");
        let note = optional(&mut v, &self.note, "judgement_note", TEXT_MAX);
        // Pressure on or a break of an assumption is news an evaluator needs the why of.
        if status.is_some_and(|s| s != AssumptionStatus::Holds) {
            v.check(!note.is_empty(), "judgement_note", "required");
        }
        v.finish()?;
        Ok((present(status)?, note))
    }
}

/// An indicator's reference sheet and baseline, as typed.
#[derive(Debug, Clone, Default)]
pub struct IndicatorInput {
    pub name: String,
    pub definition: String,
    pub unit: String,
    pub verification: String,
    pub data_source: String,
    pub frequency: String,
    pub responsible_org: String,
    pub direction: String,
    pub measure_type: String,
    /// The names of an ordinal or qualitative scale, lowest first.
    pub scale: Vec<String>,
    pub baseline_period: String,
    /// A number (a decimal comma is accepted) or, on a scale, the level's name or its number (1 = lowest).
    pub baseline_value: String,
    pub baseline_evidence: String,
    /// Defined for the demo or as an illustration, not an agreed indicator.
    pub example: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ValidIndicator {
    pub name: String,
    pub definition: String,
    pub unit: String,
    pub verification: String,
    pub data_source: String,
    pub frequency: Frequency,
    pub responsible_org: String,
    pub direction: Direction,
    pub measure_type: MeasureType,
    pub scale: Vec<String>,
    pub baseline_period: Period,
    pub baseline_value: f64,
    pub baseline_evidence: String,
    pub example: bool,
}

/// What a value of an indicator must be: the shape the value rules need.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ValueShape<'a> {
    pub measure_type: MeasureType,
    pub scale: &'a [String],
}

impl ValueShape<'_> {
    /// Reads a typed value: a number (decimal comma or point), a percentage
    /// between 0 and 100, or on a scale the level's name or its number
    /// counted from 1 — stored as the 0-based step.
    pub fn parse(&self, text: &str, field: &'static str) -> Result<f64, DomainError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(DomainError::invalid(field, "required"));
        }
        match self.measure_type {
            MeasureType::Numeric | MeasureType::Percentage => {
                let number = parse_number(text).ok_or_else(|| DomainError::invalid(field, "number_invalid"))?;
                if self.measure_type == MeasureType::Percentage && !(0.0..=100.0).contains(&number) {
                    return Err(DomainError::invalid(field, "percentage_out_of_range"));
                }
                Ok(number)
            }
            MeasureType::Ordinal | MeasureType::Qualitative => {
                if let Some(i) = self.scale.iter().position(|s| s.eq_ignore_ascii_case(text)) {
                    return Ok(i as f64);
                }
                match text.parse::<usize>() {
                    Ok(n) if (1..=self.scale.len()).contains(&n) => Ok((n - 1) as f64),
                    _ => Err(DomainError::invalid(field, "not_on_scale")),
                }
            }
        }
    }
}

/// A number as people type it: "37,5", "37.5", "1.250,5" or "1,250.5".
pub fn parse_number(text: &str) -> Option<f64> {
    let t: String = text.trim().chars().filter(|c| !c.is_whitespace() && *c != '\u{a0}').collect();
    let normalised = match (t.rfind(','), t.rfind('.')) {
        (Some(c), Some(d)) if c > d => t.replace('.', "").replace(',', "."),
        (Some(_), Some(_)) => t.replace(',', ""),
        (Some(_), None) => t.replace(',', "."),
        _ => t,
    };
    normalised.parse::<f64>().ok().filter(|n| n.is_finite())
}

impl IndicatorInput {
    pub fn validate(&self) -> Result<ValidIndicator, DomainError> {
        let mut v = Validator::new();
        let name = required(&mut v, &self.name, "name", TITLE_MAX);
        let definition = required(&mut v, &self.definition, "definition", TEXT_MAX);
        let unit = optional(&mut v, &self.unit, "unit", 40);
        let verification = required(&mut v, &self.verification, "verification", TEXT_MAX);
        let data_source = required(&mut v, &self.data_source, "data_source", TEXT_MAX);
        let frequency = vocab(&mut v, Frequency::parse(&self.frequency), "frequency", "frequency_unknown");
        v.check(!self.responsible_org.trim().is_empty(), "responsible_org", "required");
        let direction = vocab(&mut v, Direction::parse(&self.direction), "direction", "direction_unknown");
        let measure_type =
            vocab(&mut v, MeasureType::parse(&self.measure_type), "measure_type", "measure_type_unknown");
        let scale: Vec<String> = self.scale.iter().map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect();
        let on_scale = matches!(measure_type, Some(MeasureType::Ordinal | MeasureType::Qualitative));
        if on_scale {
            v.check(scale.len() >= 2, "scale", "scale_too_short");
            v.check(scale.len() <= SCALE_MAX, "scale", "scale_too_long");
            let mut names: Vec<String> = scale.iter().map(|s| s.to_lowercase()).collect();
            names.sort();
            names.dedup();
            v.check(names.len() == scale.len(), "scale", "scale_duplicate");
            v.check(scale.iter().all(|s| s.chars().count() <= TITLE_MAX), "scale", "too_long");
        } else {
            v.check(scale.is_empty(), "scale", "scale_not_allowed");
        }
        let baseline_period = Period::parse(&self.baseline_period);
        v.check(!self.baseline_period.trim().is_empty(), "baseline_period", "required");
        v.check(
            self.baseline_period.trim().is_empty() || baseline_period.is_some(),
            "baseline_period",
            "period_invalid",
        );
        let baseline_evidence = required(&mut v, &self.baseline_evidence, "baseline_evidence", TEXT_MAX);
        let baseline_value = measure_type.and_then(|measure_type| {
            let shape = ValueShape { measure_type, scale: &scale };
            match shape.parse(&self.baseline_value, "baseline_value") {
                Ok(n) => Some(n),
                Err(e) => {
                    e.fields().iter().for_each(|f| v.push(f.clone()));
                    None
                }
            }
        });
        v.finish()?;
        Ok(ValidIndicator {
            name,
            definition,
            unit,
            verification,
            data_source,
            frequency: present(frequency)?,
            responsible_org: self.responsible_org.trim().to_string(),
            direction: present(direction)?,
            measure_type: present(measure_type)?,
            scale,
            baseline_period: present(baseline_period)?,
            baseline_value: present(baseline_value)?,
            baseline_evidence,
            example: self.example,
        })
    }
}

/// The indicator a target, measurement or break is judged against.
#[derive(Debug, Clone)]
pub struct IndicatorRules<'a> {
    pub shape: ValueShape<'a>,
    pub frequency: Frequency,
    pub direction: Direction,
    pub baseline_period: Period,
    pub baseline_value: f64,
}

/// A target for a period, or a revision of one, as typed.
#[derive(Debug, Clone, Default)]
pub struct TargetInput {
    pub period: String,
    pub value: String,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ValidTarget {
    pub period: Period,
    pub value: f64,
    pub reason: String,
}

impl TargetInput {
    /// `revision`: a target for this period exists already, so the change
    /// must say why (the original never disappears).
    pub fn validate(&self, rules: &IndicatorRules, revision: bool) -> Result<ValidTarget, DomainError> {
        let mut v = Validator::new();
        let period = Period::parse(&self.period);
        v.check(period.is_some(), "period", if self.period.trim().is_empty() { "required" } else { "period_invalid" });
        if let Some(p) = period {
            v.check(p > rules.baseline_period, "period", "target_not_after_baseline");
        }
        let value = match rules.shape.parse(&self.value, "value") {
            Ok(n) => Some(n),
            Err(e) => {
                e.fields().iter().for_each(|f| v.push(f.clone()));
                None
            }
        };
        if let Some(n) = value {
            let against = match rules.direction {
                Direction::Higher => n < rules.baseline_value,
                Direction::Lower => n > rules.baseline_value,
            };
            v.check(!against, "value", "target_against_direction");
        }
        let reason = optional(&mut v, &self.reason, "reason", TEXT_MAX);
        if revision {
            v.check(!reason.is_empty(), "reason", "revision_needs_reason");
        }
        v.finish()?;
        Ok(ValidTarget { period: present(period)?, value: present(value)?, reason })
    }
}

/// Where an external value comes from (an index's edition), as typed.
#[derive(Debug, Clone, Default)]
pub struct ExternalInput {
    pub edition: String,
    /// Year and month the value was retrieved ("2026-03").
    pub retrieved: String,
    pub citation: String,
    pub no_redistribution: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidExternal {
    pub edition: String,
    pub retrieved: String,
    pub citation: String,
    pub no_redistribution: bool,
}

/// A measurement as typed.
#[derive(Debug, Clone, Default)]
pub struct MeasurementInput {
    pub period: String,
    pub value: String,
    pub narrative: String,
    /// A link or a description of the evidence.
    pub evidence: String,
    pub external: Option<ExternalInput>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ValidMeasurement {
    pub period: Period,
    pub value: f64,
    pub narrative: String,
    pub evidence: String,
    pub external: Option<ValidExternal>,
}

/// "2026-03": a year and a month.
fn year_month(text: &str) -> bool {
    let Some((y, m)) = text.split_once('-') else { return false };
    y.len() == 4
        && y.parse::<i32>().is_ok_and(|y| (FIRST_YEAR..=LAST_YEAR).contains(&y))
        && m.len() == 2
        && m.parse::<u8>().is_ok_and(|m| (1..=12).contains(&m))
}

impl MeasurementInput {
    /// `current`: the period the clock is in; nobody measures a period
    /// that has not begun.
    pub fn validate(&self, rules: &IndicatorRules, current: Period) -> Result<ValidMeasurement, DomainError> {
        let mut v = Validator::new();
        let period = Period::parse(&self.period);
        v.check(period.is_some(), "period", if self.period.trim().is_empty() { "required" } else { "period_invalid" });
        if let Some(p) = period {
            v.check(p.fits(rules.frequency), "period", "period_not_of_frequency");
            v.check(p.start_quarter() <= current.start_quarter(), "period", "period_in_future");
        }
        let value = match rules.shape.parse(&self.value, "value") {
            Ok(n) => Some(n),
            Err(e) => {
                e.fields().iter().for_each(|f| v.push(f.clone()));
                None
            }
        };
        let narrative = optional(&mut v, &self.narrative, "narrative", TEXT_MAX);
        if rules.shape.measure_type == MeasureType::Qualitative {
            v.check(!narrative.is_empty(), "narrative", "narrative_required");
        }
        let evidence = required(&mut v, &self.evidence, "evidence", TEXT_MAX);
        let external = self.external.as_ref().map(|e| {
            let edition = required(&mut v, &e.edition, "edition", TITLE_MAX);
            let retrieved = e.retrieved.trim().to_string();
            v.check(year_month(&retrieved), "retrieved", "year_month_invalid");
            let citation = required(&mut v, &e.citation, "citation", TEXT_MAX);
            ValidExternal { edition, retrieved, citation, no_redistribution: e.no_redistribution }
        });
        v.finish()?;
        Ok(ValidMeasurement { period: present(period)?, value: present(value)?, narrative, evidence, external })
    }
}

/// A reviewer's verdict on a submitted measurement.
pub fn review_reason(approve: bool, reason: &str) -> Result<String, DomainError> {
    let reason = reason.trim();
    if !approve && reason.is_empty() {
        return Err(DomainError::invalid("reason", "required"));
    }
    if reason.chars().count() > TEXT_MAX {
        return Err(DomainError::invalid("reason", "too_long"));
    }
    Ok(reason.to_string())
}

/// A methodology change in the data source, from `period` on.
pub fn series_break(period: &str, note: &str) -> Result<(Period, String), DomainError> {
    let mut v = Validator::new();
    let p = Period::parse(period);
    v.check(p.is_some(), "period", if period.trim().is_empty() { "required" } else { "period_invalid" });
    let note = required(&mut v, note, "break_note", TEXT_MAX);
    v.finish()?;
    Ok((present(p)?, note))
}

#[cfg(test)]
mod tests;
