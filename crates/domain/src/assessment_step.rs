//! A draaiboek step whose answer becomes an assessment of the run's incident
//! (issue 14): the technical and intelligence steps of the national response
//! are the assessments the proportionality check weighs, so their answers
//! are recorded as such rather than typed twice. The draaiboek maps each
//! assessment field to one of the step's answer variables; this module says
//! whether a mapping can always give a valid assessment (checked at import,
//! so that no answer is later refused for the draaiboek's mistake) and turns
//! an answer into the assessment's content.

use crate::assessment::{
    AssessmentKind, Confidence, Content, InformationCredibility, Likelihood, Qualification, SourceReliability,
    StateResponsibility,
};
use std::collections::BTreeMap;

/// One assessment field a step maps, with the answer field that fills it
/// (`None`: the variable is not an answer field of the step).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MappedField<'a> {
    pub field: &'a str,
    pub variable: &'a str,
    pub answer: Option<AnswerShape<'a>>,
}

/// What the step's answer field accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AnswerShape<'a> {
    /// Empty: free text.
    pub choices: &'a [String],
    pub required: bool,
}

/// The kinds an assessment field belongs to (empty: every kind).
fn kinds_of(field: &str) -> Option<&'static [AssessmentKind]> {
    use AssessmentKind::{Intelligence, Legal, Technical};
    Some(match field {
        "summary" | "confidence" => &[],
        "indicators" | "affected_systems" => &[Technical],
        "likelihood"
        | "source_reliability"
        | "information_credibility"
        | "state_responsibility"
        | "attributed_state"
        | "alternative_views" => &[Intelligence],
        "qualification" => &[Legal],
        _ => return None,
    })
}

/// The values a vocabulary field accepts (`None`: free text).
fn vocabulary_of(field: &str) -> Option<Vec<&'static str>> {
    Some(match field {
        "confidence" => Confidence::ids(),
        "likelihood" => Likelihood::ids(),
        "source_reliability" => SourceReliability::ids(),
        "information_credibility" => InformationCredibility::ids(),
        "state_responsibility" => StateResponsibility::ids(),
        "qualification" => Qualification::ids(),
        "attributed_state" => crate::incident::ISO_3166.split(' ').collect(),
        _ => return None,
    })
}

/// The fields an assessment of the kind cannot be without.
fn required_for(kind: AssessmentKind) -> &'static [&'static str] {
    match kind {
        AssessmentKind::Technical => &["summary", "confidence"],
        AssessmentKind::Intelligence => &["summary", "confidence", "likelihood"],
        AssessmentKind::Legal => &["summary", "confidence", "qualification"],
    }
}

/// Why a mapping could give an invalid assessment: (the field, or `kind`,
/// and a finding code), in field order. Empty: every answer the step accepts
/// makes a valid assessment.
pub fn mapping_problems(kind: &str, fields: &[MappedField<'_>]) -> Vec<(String, &'static str)> {
    let mut out = Vec::new();
    let Some(kind) = AssessmentKind::parse(kind) else {
        out.push(("kind".to_string(), "assessment_kind_unknown"));
        return out;
    };
    for f in fields {
        let name = f.field.to_string();
        match kinds_of(f.field) {
            None => out.push((name, "assessment_field_unknown")),
            Some(kinds) if !kinds.is_empty() && !kinds.contains(&kind) => out.push((name, "assessment_field_foreign")),
            Some(_) => match (&f.answer, vocabulary_of(f.field)) {
                (None, _) => out.push((name, "assessment_variable_unknown")),
                (Some(a), Some(_)) if a.choices.is_empty() => out.push((name, "assessment_choices_missing")),
                (Some(a), Some(allowed)) if a.choices.iter().any(|c| !allowed.contains(&c.as_str())) => {
                    out.push((name, "assessment_choice_unknown"))
                }
                (Some(_), _) => {}
            },
        }
    }
    for needed in required_for(kind) {
        let filled = fields.iter().any(|f| f.field == *needed && f.answer.is_some_and(|a| a.required));
        if !filled {
            out.push((needed.to_string(), "assessment_field_missing"));
        }
    }
    out
}

/// The assessment's content as the answer gives it (field → variable).
pub fn content_from_answer(fields: &BTreeMap<String, String>, answer: &BTreeMap<String, String>) -> Content {
    let value = |field: &str| fields.get(field).and_then(|variable| answer.get(variable)).cloned().unwrap_or_default();
    Content {
        summary: value("summary"),
        confidence: value("confidence"),
        indicators: value("indicators"),
        affected_systems: value("affected_systems"),
        likelihood: value("likelihood"),
        source_reliability: value("source_reliability"),
        information_credibility: value("information_credibility"),
        state_responsibility: value("state_responsibility"),
        attributed_state: value("attributed_state"),
        alternative_views: value("alternative_views"),
        norms: Vec::new(),
        qualification: value("qualification"),
        lawful_responses: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assessment::validate_content;

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_mapping_that_fits_the_vocabularies_always_gives_a_valid_assessment() {
        let confidence = strings(&["high", "moderate", "low"]);
        let likelihood = strings(&["likely", "very-likely", "almost-certain"]);
        let text: Vec<String> = Vec::new();
        let required = |choices| Some(AnswerShape { choices, required: true });
        let fields = [
            MappedField { field: "summary", variable: "__s__", answer: required(&text) },
            MappedField { field: "confidence", variable: "__c__", answer: required(&confidence) },
            MappedField { field: "likelihood", variable: "__l__", answer: required(&likelihood) },
        ];
        assert!(mapping_problems("intelligence", &fields).is_empty());
        let mapping: BTreeMap<String, String> =
            fields.iter().map(|f| (f.field.to_string(), f.variable.to_string())).collect();
        for c in &confidence {
            for l in &likelihood {
                let answer: BTreeMap<String, String> =
                    [("__s__", "Sandworm"), ("__c__", c.as_str()), ("__l__", l.as_str())]
                        .into_iter()
                        .map(|(k, v)| (k.to_string(), v.to_string()))
                        .collect();
                let content = validate_content(AssessmentKind::Intelligence, &content_from_answer(&mapping, &answer))
                    .unwrap_or_else(|e| panic!("{c} {l}: {e:?}"));
                assert_eq!(content.confidence.map(Confidence::id), Some(c.as_str()));
            }
        }
    }

    #[test]
    fn a_mapping_that_could_give_an_invalid_assessment_is_named_per_field() {
        let draaiboek_choices = strings(&["wrongful-act", "norm-violation", "neither"]);
        let confidence = strings(&["high", "low"]);
        let text: Vec<String> = Vec::new();
        let fields = [
            MappedField {
                field: "summary",
                variable: "__s__",
                answer: Some(AnswerShape { choices: &text, required: false }),
            },
            MappedField {
                field: "confidence",
                variable: "__c__",
                answer: Some(AnswerShape { choices: &text, required: true }),
            },
            MappedField {
                field: "qualification",
                variable: "__q__",
                answer: Some(AnswerShape { choices: &draaiboek_choices, required: true }),
            },
            MappedField {
                field: "likelihood",
                variable: "__l__",
                answer: Some(AnswerShape { choices: &confidence, required: true }),
            },
            MappedField { field: "indicators", variable: "__x__", answer: None },
            MappedField { field: "colour", variable: "__y__", answer: None },
        ];
        let problems = mapping_problems("legal", &fields);
        let named = |field: &str, code: &str| problems.iter().any(|(f, c)| f == field && *c == code);
        assert!(named("confidence", "assessment_choices_missing"), "{problems:?}");
        assert!(named("qualification", "assessment_choice_unknown"), "{problems:?}");
        assert!(named("likelihood", "assessment_field_foreign"), "{problems:?}");
        assert!(named("indicators", "assessment_field_foreign"), "{problems:?}");
        assert!(named("colour", "assessment_field_unknown"), "{problems:?}");
        assert!(named("summary", "assessment_field_missing"), "an optional answer cannot fill a required field");
        assert_eq!(mapping_problems("political", &[]), vec![("kind".to_string(), "assessment_kind_unknown")]);
    }
}
