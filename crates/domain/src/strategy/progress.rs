//! The progress rule, documented for people in `docs/strategy.md`:
//!
//! - The target that counts is the first approved target for a period at
//!   or after the latest approved measurement; past the last target, the
//!   last one.
//! - Numeric and percentage indicators: the share of the way from the
//!   baseline to that target, `(value − baseline) / (target − baseline)`,
//!   clamped to 0…1 — direction-aware because a target is never on the
//!   wrong side of the baseline ([`super::TargetInput`] refuses that). A
//!   target equal to the baseline ("hold the line") counts as reached when
//!   the value is no worse.
//! - Ordinal indicators: steps on the scale from the baseline towards the
//!   target, shown as steps ("2 of 4"), never as a percentage.
//! - Qualitative indicators: the score on its stated scale, shown as such;
//!   never turned into a share, never averaged.
//! - Off track: the share (or the steps' share) lags the straight path from
//!   baseline to target by more than [`TOLERANCE`] at the measured period,
//!   or the latest value is worse than the baseline. A qualitative
//!   indicator is off track only when its score fell below the baseline.
//! - An objective is off track when one of its indicators is; a node shows
//!   too whether something below it is.

use super::{Direction, MeasureType, Period};

/// How far behind the straight path an indicator may be before it is
/// flagged (a quarter of the way).
pub const TOLERANCE: f64 = 0.25;

/// What the rule needs of one indicator.
#[derive(Debug, Clone)]
pub struct Track<'a> {
    pub measure_type: MeasureType,
    pub direction: Direction,
    pub scale_len: usize,
    pub baseline: (Period, f64),
    /// Approved targets (the latest approved revision per period), in period order.
    pub targets: &'a [(Period, f64)],
    /// The latest approved measurement.
    pub latest: Option<(Period, f64)>,
}

#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Progress {
    /// No approved measurement yet.
    NoData,
    /// No approved target to measure against.
    NoTarget,
    /// Share of the way, 0…1, and where the straight path would be.
    Share { share: f64, expected: f64 },
    /// Steps on an ordinal scale towards the target.
    Steps { done: i64, of: i64 },
    /// A score on a qualitative scale (0-based) out of its length.
    Score { score: usize, of: usize },
}

#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct State {
    pub progress: Progress,
    pub off_track: bool,
    /// The period of the target that counted, if any.
    pub target_period: Option<Period>,
}

fn worse(direction: Direction, value: f64, than: f64) -> bool {
    match direction {
        Direction::Higher => value < than,
        Direction::Lower => value > than,
    }
}

/// The expected share at `at` on the straight path from the baseline's
/// period to the target's.
fn expected(base: Period, target: Period, at: Period) -> f64 {
    let span = (target.end_quarter() - base.end_quarter()) as f64;
    if span <= 0.0 {
        return 1.0;
    }
    ((at.end_quarter() - base.end_quarter()) as f64 / span).clamp(0.0, 1.0)
}

pub fn assess(t: &Track) -> State {
    let Some((at, value)) = t.latest else {
        return State { progress: Progress::NoData, off_track: false, target_period: None };
    };
    let (base_period, base) = t.baseline;
    let below_baseline = worse(t.direction, value, base);
    if t.measure_type == MeasureType::Qualitative {
        let score = value.max(0.0) as usize;
        return State {
            progress: Progress::Score { score, of: t.scale_len },
            off_track: below_baseline,
            target_period: None,
        };
    }
    let target = t.targets.iter().find(|(p, _)| *p >= at).or(t.targets.last());
    let Some(&(target_period, goal)) = target else {
        return State { progress: Progress::NoTarget, off_track: below_baseline, target_period: None };
    };
    let share = if (goal - base).abs() < f64::EPSILON {
        if worse(t.direction, value, goal) { 0.0 } else { 1.0 }
    } else {
        ((value - base) / (goal - base)).clamp(0.0, 1.0)
    };
    let expected = expected(base_period, target_period, at);
    let off_track = below_baseline || share + TOLERANCE < expected;
    let progress = match t.measure_type {
        MeasureType::Ordinal => {
            let of = (goal - base).abs().round() as i64;
            let done = ((value - base) * if goal >= base { 1.0 } else { -1.0 }).round().clamp(0.0, of as f64) as i64;
            Progress::Steps { done, of }
        }
        _ => Progress::Share { share, expected },
    };
    State { progress, off_track, target_period: Some(target_period) }
}

/// The states of an objective's own indicators, counted; never averaged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
pub struct Rollup {
    pub on_track: usize,
    pub off_track: usize,
    pub no_data: usize,
    pub qualitative: usize,
}

impl Rollup {
    pub fn add(&mut self, s: &State) {
        match s.progress {
            Progress::NoData | Progress::NoTarget if !s.off_track => self.no_data += 1,
            _ if s.off_track => self.off_track += 1,
            Progress::Score { .. } => self.qualitative += 1,
            _ => self.on_track += 1,
        }
    }

    pub fn is_off_track(&self) -> bool {
        self.off_track > 0
    }

    pub fn total(&self) -> usize {
        self.on_track + self.off_track + self.no_data + self.qualitative
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn y(year: i32) -> Period {
        Period::year(year)
    }

    fn track<'a>(
        m: MeasureType,
        d: Direction,
        base: f64,
        targets: &'a [(Period, f64)],
        latest: Option<(Period, f64)>,
    ) -> Track<'a> {
        Track { measure_type: m, direction: d, scale_len: 5, baseline: (y(2023), base), targets, latest }
    }

    #[test]
    fn a_share_of_the_way_is_direction_aware_and_clamped() {
        let up = [(y(2028), 60.0)];
        let s = assess(&track(MeasureType::Percentage, Direction::Higher, 40.0, &up, Some((y(2025), 50.0))));
        assert_eq!(s.progress, Progress::Share { share: 0.5, expected: 0.4 });
        assert!(!s.off_track);
        let down = [(y(2028), 10.0)];
        let s = assess(&track(MeasureType::Numeric, Direction::Lower, 30.0, &down, Some((y(2024), 25.0))));
        assert_eq!(s.progress, Progress::Share { share: 0.25, expected: 0.2 });
        let beyond = assess(&track(MeasureType::Numeric, Direction::Lower, 30.0, &down, Some((y(2026), 2.0))));
        assert_eq!(beyond.progress, Progress::Share { share: 1.0, expected: 0.6 });
    }

    #[test]
    fn lagging_the_path_or_falling_below_the_baseline_is_off_track() {
        let t = [(y(2028), 60.0)];
        let lagging = assess(&track(MeasureType::Numeric, Direction::Higher, 40.0, &t, Some((y(2027), 44.0))));
        assert!(lagging.off_track, "0.2 of the way where 0.8 was due");
        let worse = assess(&track(MeasureType::Numeric, Direction::Higher, 40.0, &t, Some((y(2024), 39.0))));
        assert!(worse.off_track, "below the baseline");
        let early = assess(&track(MeasureType::Numeric, Direction::Higher, 40.0, &t, Some((y(2024), 40.0))));
        assert!(!early.off_track, "0.2 expected, 0 done, within the tolerance");
    }

    #[test]
    fn the_target_that_counts_is_the_next_one_from_the_measured_period() {
        let t = [(y(2025), 50.0), (y(2028), 80.0)];
        let s = assess(&track(MeasureType::Numeric, Direction::Higher, 40.0, &t, Some((y(2024), 45.0))));
        assert_eq!(s.target_period, Some(y(2025)));
        let later = assess(&track(MeasureType::Numeric, Direction::Higher, 40.0, &t, Some((y(2026), 50.0))));
        assert_eq!(later.target_period, Some(y(2028)));
        let past = assess(&track(MeasureType::Numeric, Direction::Higher, 40.0, &t, Some((y(2029), 80.0))));
        assert_eq!(past.target_period, Some(y(2028)));
    }

    #[test]
    fn ordinal_counts_steps_and_qualitative_stays_a_score() {
        let t = [(y(2028), 3.0)];
        let s = assess(&track(MeasureType::Ordinal, Direction::Higher, 1.0, &t, Some((y(2025), 2.0))));
        assert_eq!(s.progress, Progress::Steps { done: 1, of: 2 });
        let q = assess(&track(MeasureType::Qualitative, Direction::Higher, 2.0, &t, Some((y(2025), 3.0))));
        assert_eq!(q.progress, Progress::Score { score: 3, of: 5 });
        assert!(!q.off_track);
        let fell = assess(&track(MeasureType::Qualitative, Direction::Higher, 2.0, &t, Some((y(2025), 1.0))));
        assert!(fell.off_track);
    }

    #[test]
    fn holding_the_line_and_missing_data_are_not_faked() {
        let hold = [(y(2028), 40.0)];
        let s = assess(&track(MeasureType::Numeric, Direction::Higher, 40.0, &hold, Some((y(2025), 41.0))));
        assert_eq!(s.progress, Progress::Share { share: 1.0, expected: 0.4 });
        assert_eq!(
            assess(&track(MeasureType::Numeric, Direction::Higher, 40.0, &hold, None)).progress,
            Progress::NoData
        );
        assert_eq!(
            assess(&track(MeasureType::Numeric, Direction::Higher, 40.0, &[], Some((y(2025), 41.0)))).progress,
            Progress::NoTarget
        );
    }

    #[test]
    fn a_rollup_counts_states_and_flags_any_off_track() {
        let t = [(y(2028), 60.0)];
        let mut r = Rollup::default();
        r.add(&assess(&track(MeasureType::Numeric, Direction::Higher, 40.0, &t, Some((y(2024), 45.0)))));
        r.add(&assess(&track(MeasureType::Numeric, Direction::Higher, 40.0, &t, None)));
        r.add(&assess(&track(MeasureType::Numeric, Direction::Higher, 40.0, &t, Some((y(2024), 39.0)))));
        r.add(&assess(&track(MeasureType::Qualitative, Direction::Higher, 1.0, &t, Some((y(2024), 2.0)))));
        assert_eq!(r, Rollup { on_track: 1, off_track: 1, no_data: 1, qualitative: 1 });
        assert!(r.is_off_track());
    }
}
