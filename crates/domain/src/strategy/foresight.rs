//! Foresight for a strategy: future scenarios (the seeds name AI, quantum,
//! 5G, the Internet of Things, ransomware and disinformation) with their
//! narrative, how each part of the chain stands in a scenario (robust,
//! hedge, contingent), and signposts — an indicator of the strategy with a
//! threshold — whose crossing raises an item for the next review. Pure:
//! the scheduler passes the values and the time in.

use super::{TEXT_MAX, TITLE_MAX, parse_number};
use crate::error::{DomainError, Validator};
use crate::marking::{MarkingInput, ValidMarking};
use crate::vocabulary::vocabulary;

vocabulary! {
    /// What a scenario is about.
    pub enum Theme as "scenario theme" {
        Ai = "ai",
        Quantum = "quantum",
        FiveG = "5g",
        Iot = "iot",
        Ransomware = "ransomware",
        Disinformation = "disinformation",
        Other = "other",
    }
}

vocabulary! {
    /// How a part of the chain stands in a scenario: it holds whatever
    /// happens (robust), it spreads the risk (hedge), or it only makes
    /// sense if the scenario comes about (contingent).
    pub enum Stance as "stance" {
        Robust = "robust",
        Hedge = "hedge",
        Contingent = "contingent",
    }
}

vocabulary! {
    /// Which side of its threshold a signpost watches for.
    pub enum Crossing as "crossing" {
        Above = "above",
        Below = "below",
    }
}

/// Whether a value has crossed the threshold: reached it from the side
/// watched (a value equal to the threshold counts).
pub fn crossed(crossing: Crossing, threshold: f64, value: f64) -> bool {
    match crossing {
        Crossing::Above => value >= threshold,
        Crossing::Below => value <= threshold,
    }
}

#[derive(Debug, Clone, Default)]
pub struct ScenarioInput {
    pub title: String,
    pub theme: String,
    pub narrative: String,
    pub lead_org: String,
    pub marking: MarkingInput,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ValidScenario {
    pub title: String,
    pub theme: Theme,
    pub narrative: String,
    pub lead_org: String,
    pub marking: ValidMarking,
}

impl ScenarioInput {
    pub fn validate(&self, ceiling: &str) -> Result<ValidScenario, DomainError> {
        let mut v = Validator::new();
        let title = self.title.trim().to_string();
        v.check(!title.is_empty(), "title", "required");
        v.check(title.chars().count() <= TITLE_MAX, "title", "too_long");
        let theme = Theme::parse(&self.theme);
        v.check(theme.is_some(), "theme", "theme_unknown");
        let narrative = self.narrative.trim().to_string();
        v.check(!narrative.is_empty(), "narrative", "required");
        v.check(narrative.chars().count() <= TEXT_MAX, "narrative", "too_long");
        v.check(!self.lead_org.trim().is_empty(), "lead_org", "required");
        let marking = self.marking.check(ceiling, &mut v);
        v.finish()?;
        Ok(ValidScenario {
            title,
            theme: theme.ok_or_else(|| DomainError::invalid("theme", "theme_unknown"))?,
            narrative,
            lead_org: self.lead_org.trim().to_string(),
            marking: marking.ok_or_else(|| DomainError::invalid("tlp", "tlp_unknown"))?,
        })
    }
}

/// A signpost as typed: a name, the indicator watched, the threshold and
/// the side it watches.
#[derive(Debug, Clone, Default)]
pub struct SignpostInput {
    pub name: String,
    pub indicator: String,
    pub threshold: String,
    pub crossing: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ValidSignpost {
    pub name: String,
    pub indicator: i64,
    pub threshold: f64,
    pub crossing: Crossing,
}

impl SignpostInput {
    pub fn validate(&self) -> Result<ValidSignpost, DomainError> {
        let mut v = Validator::new();
        let name = self.name.trim().to_string();
        v.check(!name.is_empty(), "signpost_name", "required");
        v.check(name.chars().count() <= TITLE_MAX, "signpost_name", "too_long");
        let indicator = self.indicator.trim().parse::<i64>().ok().filter(|i| *i > 0);
        v.check(indicator.is_some(), "indicator", "indicator_unknown");
        let threshold = parse_number(&self.threshold);
        v.check(!self.threshold.trim().is_empty(), "threshold", "required");
        v.check(self.threshold.trim().is_empty() || threshold.is_some(), "threshold", "number_invalid");
        let crossing = Crossing::parse(&self.crossing);
        v.check(crossing.is_some(), "crossing", "crossing_unknown");
        v.finish()?;
        let invalid = || DomainError::invalid("threshold", "number_invalid");
        Ok(ValidSignpost {
            name,
            indicator: indicator.ok_or_else(invalid)?,
            threshold: threshold.ok_or_else(invalid)?,
            crossing: crossing.ok_or_else(|| DomainError::invalid("crossing", "crossing_unknown"))?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_threshold_is_crossed_from_the_side_watched() {
        assert!(crossed(Crossing::Above, 10.0, 10.0));
        assert!(!crossed(Crossing::Above, 10.0, 9.5));
        assert!(crossed(Crossing::Below, 2.0, 1.0));
        assert!(!crossed(Crossing::Below, 2.0, 3.0));
    }

    #[test]
    fn a_signpost_needs_its_indicator_a_number_and_a_side() {
        let s = SignpostInput {
            name: "Ransomware bij vitale aanbieders".into(),
            indicator: "7".into(),
            threshold: "12,5".into(),
            crossing: "above".into(),
        };
        assert_eq!(s.validate().unwrap().threshold, 12.5);
        let bad =
            SignpostInput { name: "".into(), indicator: "x".into(), threshold: "veel".into(), crossing: "".into() };
        let codes: Vec<_> = bad.validate().unwrap_err().fields().iter().map(|f| (f.field, f.code)).collect();
        assert_eq!(
            codes,
            vec![
                ("signpost_name", "required"),
                ("indicator", "indicator_unknown"),
                ("threshold", "number_invalid"),
                ("crossing", "crossing_unknown")
            ]
        );
    }

    #[test]
    fn a_scenario_has_a_theme_and_a_narrative() {
        let s = ScenarioInput {
            title: "Q-day".into(),
            theme: "quantum".into(),
            narrative: "".into(),
            lead_org: "TFC".into(),
            ..Default::default()
        };
        let codes: Vec<_> = s.validate("stg-geheim").unwrap_err().fields().iter().map(|f| f.code).collect();
        assert!(codes.contains(&"required"));
        assert_eq!(Theme::parse("5g"), Some(Theme::FiveG));
    }
}
