//! Assessments of an incident, each written by one organisation and marked on
//! its own (problem P8): technical, intelligence and legal. An assessment can
//! be more restricted than its incident; its *metadata classification* says
//! who may know that it exists without reading it.
//!
//! Vocabularies are the identifiers of the MISP taxonomies where one exists:
//! `estimative-language` (ICD 203 likelihood and confidence),
//! `admiralty-scale` (source reliability, information credibility) and
//! `state-responsibility` (Healey's spectrum, values as the taxonomy spells
//! them, trailing dots included, so they match MISP tags).

use crate::classification;
use crate::error::{DomainError, Validator};
use crate::incident::is_country;
use crate::marking::{MarkingInput, ValidMarking};
use serde::{Deserialize, Serialize};

pub const KINDS: [&str; 3] = ["technical", "intelligence", "legal"];
pub const CONFIDENCE: [&str; 3] = ["low", "moderate", "high"];
pub const LIKELIHOOD: [&str; 7] =
    ["almost-no-chance", "very-unlikely", "unlikely", "roughly-even-chance", "likely", "very-likely", "almost-certain"];
pub const SOURCE_RELIABILITY: [&str; 7] = ["a", "b", "c", "d", "e", "f", "g"];
pub const INFORMATION_CREDIBILITY: [&str; 6] = ["1", "2", "3", "4", "5", "6"];
pub const STATE_RESPONSIBILITY: [&str; 10] = [
    "state-prohibited.",
    "state-prohibited-but-inadequate.",
    "state-ignored",
    "state-encouraged",
    "state-shaped",
    "state-coordinated",
    "state-ordered",
    "state-rogue-conducted",
    "state-executed",
    "state-integrated",
];
/// The eleven voluntary norms of the UN GGE 2015 report (A/70/174, paragraph 13 (a)–(k)).
pub const GGE_NORMS: [&str; 11] = ["13a", "13b", "13c", "13d", "13e", "13f", "13g", "13h", "13i", "13j", "13k"];
pub const QUALIFICATIONS: [&str; 5] =
    ["sovereignty-violation", "prohibited-intervention", "use-of-force", "due-diligence-breach", "none"];
pub const LAWFUL_RESPONSES: [&str; 3] = ["retorsion", "countermeasures", "self-defence"];

pub const TEXT_MAX: usize = 20_000;

/// The kind-specific content, stored as JSON and kept per version.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Content {
    pub summary: String,
    pub confidence: String,
    // technical
    pub indicators: String,
    pub affected_systems: String,
    // intelligence
    pub likelihood: String,
    pub source_reliability: String,
    pub information_credibility: String,
    pub state_responsibility: String,
    /// ISO 3166-1 alpha-2 code of the state the operation is attributed to.
    pub attributed_state: String,
    pub alternative_views: String,
    // legal
    pub norms: Vec<String>,
    pub qualification: String,
    pub lawful_responses: Vec<String>,
}

#[derive(Debug, Clone, Default)]
pub struct AssessmentInput {
    pub kind: String,
    pub content: Content,
    /// Who may know the assessment exists (at most the content's classification).
    pub meta_classification: String,
    pub marking: MarkingInput,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidAssessment {
    pub kind: String,
    pub content: Content,
    pub meta_classification: String,
    pub marking: ValidMarking,
}

fn one_of(v: &mut Validator, field: &'static str, value: &str, allowed: &[&str], code: &'static str, required: bool) {
    if value.is_empty() {
        v.check(!required, field, "required");
    } else {
        v.check(allowed.contains(&value), field, code);
    }
}

impl AssessmentInput {
    pub fn validate(&self, ceiling: &str) -> Result<ValidAssessment, DomainError> {
        let mut v = Validator::new();
        let kind = self.kind.trim().to_string();
        v.check(KINDS.contains(&kind.as_str()), "kind", "kind_unknown");
        let c = tidy(&self.content);
        v.check(!c.summary.is_empty(), "summary", "required");
        for (field, text) in [
            ("summary", &c.summary),
            ("indicators", &c.indicators),
            ("affected_systems", &c.affected_systems),
            ("alternative_views", &c.alternative_views),
        ] {
            v.check(text.chars().count() <= TEXT_MAX, field, "too_long");
        }
        one_of(&mut v, "confidence", &c.confidence, &CONFIDENCE, "confidence_unknown", true);
        match kind.as_str() {
            "intelligence" => {
                one_of(&mut v, "likelihood", &c.likelihood, &LIKELIHOOD, "likelihood_unknown", true);
                one_of(
                    &mut v,
                    "source_reliability",
                    &c.source_reliability,
                    &SOURCE_RELIABILITY,
                    "grading_unknown",
                    false,
                );
                one_of(
                    &mut v,
                    "information_credibility",
                    &c.information_credibility,
                    &INFORMATION_CREDIBILITY,
                    "grading_unknown",
                    false,
                );
                one_of(
                    &mut v,
                    "state_responsibility",
                    &c.state_responsibility,
                    &STATE_RESPONSIBILITY,
                    "responsibility_unknown",
                    false,
                );
                v.check(
                    c.attributed_state.is_empty() || is_country(&c.attributed_state),
                    "attributed_state",
                    "country_unknown",
                );
            }
            "legal" => {
                v.check(c.norms.iter().all(|n| GGE_NORMS.contains(&n.as_str())), "norms", "norm_unknown");
                one_of(&mut v, "qualification", &c.qualification, &QUALIFICATIONS, "qualification_unknown", true);
                v.check(
                    c.lawful_responses.iter().all(|r| LAWFUL_RESPONSES.contains(&r.as_str())),
                    "lawful_responses",
                    "response_unknown",
                );
            }
            _ => {}
        }
        let marking = self.marking.check(ceiling, &mut v);
        let meta = self.meta_classification.trim().to_string();
        let meta_known = classification::label(&meta).is_some();
        v.check(meta_known, "meta_classification", "classification_unknown");
        if let (true, Some(m)) = (meta_known, &marking) {
            v.check(classification::at_most(&meta, &m.classification), "meta_classification", "meta_above_content");
        }
        v.finish()?;
        let marking = marking.ok_or_else(|| DomainError::invalid("tlp", "tlp_unknown"))?;
        Ok(ValidAssessment {
            kind: kind.clone(),
            content: only_kind_fields(&kind, c),
            meta_classification: meta,
            marking,
        })
    }
}

/// Trims text and normalises identifiers.
fn tidy(c: &Content) -> Content {
    let list = |l: &[String]| {
        let mut out: Vec<String> = l.iter().map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect();
        out.sort();
        out.dedup();
        out
    };
    Content {
        summary: c.summary.trim().to_string(),
        confidence: c.confidence.trim().to_string(),
        indicators: c.indicators.trim().to_string(),
        affected_systems: c.affected_systems.trim().to_string(),
        likelihood: c.likelihood.trim().to_string(),
        source_reliability: c.source_reliability.trim().to_lowercase(),
        information_credibility: c.information_credibility.trim().to_string(),
        state_responsibility: c.state_responsibility.trim().to_string(),
        attributed_state: c.attributed_state.trim().to_uppercase(),
        alternative_views: c.alternative_views.trim().to_string(),
        norms: list(&c.norms),
        qualification: c.qualification.trim().to_string(),
        lawful_responses: list(&c.lawful_responses),
    }
}

/// Drops fields that belong to another kind, so a stored technical
/// assessment never carries a stray legal qualification.
fn only_kind_fields(kind: &str, c: Content) -> Content {
    let common = Content { summary: c.summary.clone(), confidence: c.confidence.clone(), ..Content::default() };
    match kind {
        "technical" => Content { indicators: c.indicators, affected_systems: c.affected_systems, ..common },
        "intelligence" => Content {
            likelihood: c.likelihood,
            source_reliability: c.source_reliability,
            information_credibility: c.information_credibility,
            state_responsibility: c.state_responsibility,
            attributed_state: c.attributed_state,
            alternative_views: c.alternative_views,
            ..common
        },
        "legal" => {
            Content { norms: c.norms, qualification: c.qualification, lawful_responses: c.lawful_responses, ..common }
        }
        _ => common,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn intel() -> AssessmentInput {
        AssessmentInput {
            kind: "intelligence".into(),
            content: Content {
                summary: "GRU-eenheid 26165".into(),
                confidence: "high".into(),
                likelihood: "almost-certain".into(),
                source_reliability: "B".into(),
                information_credibility: "2".into(),
                state_responsibility: "state-executed".into(),
                attributed_state: "ru".into(),
                indicators: "should be dropped".into(),
                ..Content::default()
            },
            meta_classification: "dep-v".into(),
            marking: MarkingInput {
                classification: "stg-geheim".into(),
                tlp: "red".into(),
                orgs: vec!["AIVD".into()],
                ..Default::default()
            },
        }
    }

    #[test]
    fn intelligence_assessment_keeps_only_its_fields() {
        let a = intel().validate("stg-geheim").expect("valid");
        assert_eq!(a.content.source_reliability, "b");
        assert_eq!(a.content.attributed_state, "RU");
        assert_eq!(a.content.indicators, "");
    }

    #[test]
    fn the_metadata_cannot_be_more_secret_than_the_content() {
        let mut a = intel();
        a.meta_classification = "stg-zeer-geheim".into();
        let Err(DomainError::Invalid(e)) = a.validate("stg-zeer-geheim") else { panic!("must fail") };
        assert_eq!(e[0].field, "meta_classification");
        assert_eq!(e[0].code, "meta_above_content");
    }

    #[test]
    fn unknown_vocabulary_is_named() {
        let mut a = intel();
        a.content.likelihood = "probably".into();
        a.content.state_responsibility = "state-blamed".into();
        let Err(DomainError::Invalid(e)) = a.validate("stg-geheim") else { panic!("must fail") };
        let fields: Vec<_> = e.iter().map(|f| f.field).collect();
        assert_eq!(fields, vec!["likelihood", "state_responsibility"]);
        let legal = AssessmentInput {
            kind: "legal".into(),
            content: Content {
                summary: "x".into(),
                confidence: "low".into(),
                norms: vec!["13z".into()],
                ..Content::default()
            },
            ..intel()
        };
        let Err(DomainError::Invalid(e)) = legal.validate("stg-geheim") else { panic!("must fail") };
        let fields: Vec<_> = e.iter().map(|f| f.field).collect();
        assert_eq!(fields, vec!["norms", "qualification"]);
    }
}
