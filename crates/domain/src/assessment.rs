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
use crate::vocabulary::vocabulary;
use serde::{Deserialize, Serialize};

vocabulary! {
    pub enum AssessmentKind as "assessment kind" {
        Technical = "technical",
        Intelligence = "intelligence",
        Legal = "legal",
    }
}

vocabulary! {
    /// ICD 203 confidence, lowest first (the order ranks them).
    pub enum Confidence as "confidence" {
        Low = "low",
        Moderate = "moderate",
        High = "high",
    }
}

vocabulary! {
    /// ICD 203 likelihood, least likely first.
    pub enum Likelihood as "likelihood" {
        AlmostNoChance = "almost-no-chance",
        VeryUnlikely = "very-unlikely",
        Unlikely = "unlikely",
        RoughlyEvenChance = "roughly-even-chance",
        Likely = "likely",
        VeryLikely = "very-likely",
        AlmostCertain = "almost-certain",
    }
}

vocabulary! {
    /// Admiralty scale: source reliability, A (reliable) to F, G (deliberately deceptive).
    pub enum SourceReliability as "source reliability" {
        A = "a",
        B = "b",
        C = "c",
        D = "d",
        E = "e",
        F = "f",
        G = "g",
    }
}

vocabulary! {
    /// Admiralty scale: information credibility, 1 (confirmed) to 6 (cannot be judged).
    pub enum InformationCredibility as "information credibility" {
        Confirmed = "1",
        ProbablyTrue = "2",
        PossiblyTrue = "3",
        DoubtfullyTrue = "4",
        Improbable = "5",
        CannotBeJudged = "6",
    }
}

vocabulary! {
    /// Healey's spectrum of state responsibility, spelt as the MISP taxonomy does.
    pub enum StateResponsibility as "state responsibility" {
        Prohibited = "state-prohibited.",
        ProhibitedButInadequate = "state-prohibited-but-inadequate.",
        Ignored = "state-ignored",
        Encouraged = "state-encouraged",
        Shaped = "state-shaped",
        Coordinated = "state-coordinated",
        Ordered = "state-ordered",
        RogueConducted = "state-rogue-conducted",
        Executed = "state-executed",
        Integrated = "state-integrated",
    }
}

vocabulary! {
    /// The eleven voluntary norms of the UN GGE 2015 report (A/70/174, paragraph 13 (a)–(k)).
    pub enum GgeNorm as "GGE norm" {
        A = "13a",
        B = "13b",
        C = "13c",
        D = "13d",
        E = "13e",
        F = "13f",
        G = "13g",
        H = "13h",
        I = "13i",
        J = "13j",
        K = "13k",
    }
}

vocabulary! {
    pub enum Qualification as "legal qualification" {
        SovereigntyViolation = "sovereignty-violation",
        ProhibitedIntervention = "prohibited-intervention",
        UseOfForce = "use-of-force",
        DueDiligenceBreach = "due-diligence-breach",
        None = "none",
    }
}

vocabulary! {
    pub enum LawfulResponse as "lawful response" {
        Retorsion = "retorsion",
        Countermeasures = "countermeasures",
        SelfDefence = "self-defence",
    }
}

pub const TEXT_MAX: usize = 20_000;

/// The kind-specific content as typed in a form or sent to the API: text,
/// so that an unknown value is named as a field error rather than refused
/// as malformed.
/// Its JSON Schema says which values validation accepts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default)]
#[schemars(extend("required" = ["summary", "confidence"]))]
pub struct Content {
    #[schemars(extend("pattern" = "\\S"), length(max = 20_000))]
    pub summary: String,
    #[schemars(with = "Confidence")]
    pub confidence: String,
    // technical
    #[schemars(length(max = 20_000))]
    pub indicators: String,
    #[schemars(length(max = 20_000))]
    pub affected_systems: String,
    // intelligence
    /// Required for an intelligence assessment.
    #[schemars(schema_with = "blank::schema::<Likelihood>")]
    pub likelihood: String,
    #[schemars(schema_with = "blank::schema::<SourceReliability>")]
    pub source_reliability: String,
    #[schemars(schema_with = "blank::schema::<InformationCredibility>")]
    pub information_credibility: String,
    #[schemars(schema_with = "blank::schema::<StateResponsibility>")]
    pub state_responsibility: String,
    /// ISO 3166-1 alpha-2 code of the state the operation is attributed to.
    #[schemars(schema_with = "blank::country")]
    pub attributed_state: String,
    #[schemars(length(max = 20_000))]
    pub alternative_views: String,
    // legal
    #[schemars(with = "Vec<GgeNorm>")]
    pub norms: Vec<String>,
    /// Required for a legal assessment.
    #[schemars(schema_with = "blank::schema::<Qualification>")]
    pub qualification: String,
    #[schemars(with = "Vec<LawfulResponse>")]
    pub lawful_responses: Vec<String>,
}

/// The validated content, stored as JSON and kept per version. It is
/// serialised exactly as [`Content`] (an absent value as `""`), so stored
/// text is the same as before the vocabularies were typed; stored content
/// whose values are not in their vocabularies does not decode.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default)]
pub struct AssessmentContent {
    pub summary: String,
    #[serde(with = "blank")]
    #[schemars(schema_with = "blank::schema::<Confidence>")]
    pub confidence: Option<Confidence>,
    pub indicators: String,
    pub affected_systems: String,
    #[serde(with = "blank")]
    #[schemars(schema_with = "blank::schema::<Likelihood>")]
    pub likelihood: Option<Likelihood>,
    #[serde(with = "blank")]
    #[schemars(schema_with = "blank::schema::<SourceReliability>")]
    pub source_reliability: Option<SourceReliability>,
    #[serde(with = "blank")]
    #[schemars(schema_with = "blank::schema::<InformationCredibility>")]
    pub information_credibility: Option<InformationCredibility>,
    #[serde(with = "blank")]
    #[schemars(schema_with = "blank::schema::<StateResponsibility>")]
    pub state_responsibility: Option<StateResponsibility>,
    pub attributed_state: String,
    pub alternative_views: String,
    pub norms: Vec<GgeNorm>,
    #[serde(with = "blank")]
    #[schemars(schema_with = "blank::schema::<Qualification>")]
    pub qualification: Option<Qualification>,
    pub lawful_responses: Vec<LawfulResponse>,
}

impl AssessmentContent {
    /// Back to the form's text, for editing.
    pub fn to_input(&self) -> Content {
        let id = |v: Option<&'static str>| v.unwrap_or_default().to_string();
        Content {
            summary: self.summary.clone(),
            confidence: id(self.confidence.map(Confidence::id)),
            indicators: self.indicators.clone(),
            affected_systems: self.affected_systems.clone(),
            likelihood: id(self.likelihood.map(Likelihood::id)),
            source_reliability: id(self.source_reliability.map(SourceReliability::id)),
            information_credibility: id(self.information_credibility.map(InformationCredibility::id)),
            state_responsibility: id(self.state_responsibility.map(StateResponsibility::id)),
            attributed_state: self.attributed_state.clone(),
            alternative_views: self.alternative_views.clone(),
            norms: self.norms.iter().map(|n| n.id().to_string()).collect(),
            qualification: id(self.qualification.map(Qualification::id)),
            lawful_responses: self.lawful_responses.iter().map(|r| r.id().to_string()).collect(),
        }
    }
}

/// An optional vocabulary value written as its identifier, or `""` when absent.
mod blank {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer, T: Serialize>(v: &Option<T>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(v) => v.serialize(s),
            None => s.serialize_str(""),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>, T: serde::de::DeserializeOwned>(d: D) -> Result<Option<T>, D::Error> {
        let text = String::deserialize(d)?;
        if text.is_empty() {
            return Ok(None);
        }
        T::deserialize(serde::de::value::StringDeserializer::<D::Error>::new(text)).map(Some)
    }

    pub fn schema<T: schemars::JsonSchema>(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({"anyOf": [g.subschema_for::<T>(), {"type": "string", "const": ""}]})
    }

    pub fn country(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let mut codes = vec![""];
        codes.extend(crate::incident::ISO_3166.split(' '));
        schemars::json_schema!({"type": "string", "enum": codes})
    }
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
    pub kind: AssessmentKind,
    pub content: AssessmentContent,
    pub meta_classification: String,
    pub marking: ValidMarking,
}

/// An optional vocabulary value: `None` when blank (an error when
/// `required`), else the value, or `code` on `field` when unknown.
fn one_of<T>(
    v: &mut Validator,
    field: &'static str,
    value: &str,
    parse: fn(&str) -> Option<T>,
    code: &'static str,
    required: bool,
) -> Option<T> {
    if value.is_empty() {
        v.check(!required, field, "required");
        return None;
    }
    let parsed = parse(value);
    v.check(parsed.is_some(), field, code);
    parsed
}

/// Every entry of a list in its vocabulary, sorted by identifier (as stored
/// before the vocabularies were typed) and without duplicates.
fn all_of<T: Copy>(
    v: &mut Validator,
    field: &'static str,
    values: &[String],
    parse: fn(&str) -> Option<T>,
    id: fn(T) -> &'static str,
    code: &'static str,
) -> Vec<T> {
    let parsed: Vec<Option<T>> = values.iter().map(|x| parse(x)).collect();
    v.check(parsed.iter().all(Option::is_some), field, code);
    let mut out: Vec<T> = parsed.into_iter().flatten().collect();
    out.sort_by_key(|x| id(*x));
    out.dedup_by_key(|x| id(*x));
    out
}

impl AssessmentInput {
    pub fn validate(&self, ceiling: &str) -> Result<ValidAssessment, DomainError> {
        let mut v = Validator::new();
        let kind = AssessmentKind::parse(&self.kind);
        v.check(kind.is_some(), "kind", "kind_unknown");
        let typed = checked_content(kind, &self.content, &mut v);
        let marking = self.marking.check(ceiling, &mut v);
        let meta = self.meta_classification.trim().to_string();
        let meta_known = classification::label(&meta).is_some();
        v.check(meta_known, "meta_classification", "classification_unknown");
        if let (true, Some(m)) = (meta_known, &marking) {
            v.check(classification::at_most(&meta, &m.classification), "meta_classification", "meta_above_content");
        }
        v.finish()?;
        let marking = marking.ok_or_else(|| DomainError::invalid("tlp", "tlp_unknown"))?;
        let kind = kind.ok_or_else(|| DomainError::invalid("kind", "kind_unknown"))?;
        Ok(ValidAssessment { kind, content: typed, meta_classification: meta, marking })
    }
}

/// The kind-specific content, checked: every problem goes to `v`; fields of
/// another kind are dropped.
fn checked_content(kind: Option<AssessmentKind>, content: &Content, v: &mut Validator) -> AssessmentContent {
    let c = tidy(content);
    v.check(!c.summary.is_empty(), "summary", "required");
    for (field, text) in [
        ("summary", &c.summary),
        ("indicators", &c.indicators),
        ("affected_systems", &c.affected_systems),
        ("alternative_views", &c.alternative_views),
    ] {
        v.check(text.chars().count() <= TEXT_MAX, field, "too_long");
    }
    let mut typed = AssessmentContent {
        summary: c.summary.clone(),
        confidence: one_of(v, "confidence", &c.confidence, Confidence::parse, "confidence_unknown", true),
        ..AssessmentContent::default()
    };
    // Every vocabulary field is checked whatever the kind: the contract
    // lists the values of each, and one outside them is a mistake even in
    // a field the kind does not keep. Fields of another kind are then
    // dropped, so a stored technical assessment never carries a stray
    // legal qualification.
    let is = |k: AssessmentKind| kind == Some(k);
    let likelihood = one_of(
        v,
        "likelihood",
        &c.likelihood,
        Likelihood::parse,
        "likelihood_unknown",
        is(AssessmentKind::Intelligence),
    );
    let source_reliability =
        one_of(v, "source_reliability", &c.source_reliability, SourceReliability::parse, "grading_unknown", false);
    let information_credibility = one_of(
        v,
        "information_credibility",
        &c.information_credibility,
        InformationCredibility::parse,
        "grading_unknown",
        false,
    );
    let state_responsibility = one_of(
        v,
        "state_responsibility",
        &c.state_responsibility,
        StateResponsibility::parse,
        "responsibility_unknown",
        false,
    );
    v.check(c.attributed_state.is_empty() || is_country(&c.attributed_state), "attributed_state", "country_unknown");
    let norms = all_of(v, "norms", &c.norms, GgeNorm::parse, GgeNorm::id, "norm_unknown");
    let qualification = one_of(
        v,
        "qualification",
        &c.qualification,
        Qualification::parse,
        "qualification_unknown",
        is(AssessmentKind::Legal),
    );
    let lawful_responses = all_of(
        v,
        "lawful_responses",
        &c.lawful_responses,
        LawfulResponse::parse,
        LawfulResponse::id,
        "response_unknown",
    );
    match kind {
        Some(AssessmentKind::Technical) => {
            typed.indicators = c.indicators;
            typed.affected_systems = c.affected_systems;
        }
        Some(AssessmentKind::Intelligence) => {
            typed.likelihood = likelihood;
            typed.source_reliability = source_reliability;
            typed.information_credibility = information_credibility;
            typed.state_responsibility = state_responsibility;
            typed.attributed_state = c.attributed_state;
            typed.alternative_views = c.alternative_views;
        }
        Some(AssessmentKind::Legal) => {
            typed.norms = norms;
            typed.qualification = qualification;
            typed.lawful_responses = lawful_responses;
        }
        None => {}
    }
    typed
}

/// The content of an assessment of `kind`, checked, without a marking: for
/// an assessment another record becomes (a draaiboek step's answer), whose
/// marking follows its source.
pub fn validate_content(kind: AssessmentKind, content: &Content) -> Result<AssessmentContent, DomainError> {
    let mut v = Validator::new();
    let typed = checked_content(Some(kind), content, &mut v);
    v.finish()?;
    Ok(typed)
}

/// Trims text and normalises identifiers.
fn tidy(c: &Content) -> Content {
    let list = |l: &[String]| l.iter().map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect();
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
        assert_eq!(a.content.source_reliability, Some(SourceReliability::B));
        assert_eq!(a.content.attributed_state, "RU");
        assert_eq!(a.content.indicators, "");
    }

    #[test]
    fn typed_content_is_stored_as_the_text_it_replaced() {
        let a = intel().validate("stg-geheim").expect("valid");
        let stored = serde_json::to_value(&a.content).expect("serialises");
        assert_eq!(stored["source_reliability"], "b");
        assert_eq!(stored["qualification"], "");
        assert_eq!(stored["norms"], serde_json::json!([]));
        let back: AssessmentContent = serde_json::from_value(stored.clone()).expect("decodes");
        assert_eq!(back, a.content);
        let mut altered = stored;
        altered["confidence"] = "certain".into();
        assert!(serde_json::from_value::<AssessmentContent>(altered).is_err(), "an unknown stored value is an error");
    }

    #[test]
    fn legal_lists_are_sorted_by_identifier() {
        let legal = AssessmentInput {
            kind: "legal".into(),
            content: Content {
                summary: "x".into(),
                confidence: "low".into(),
                qualification: "none".into(),
                lawful_responses: vec!["self-defence".into(), "retorsion".into(), "countermeasures".into()],
                ..Content::default()
            },
            ..intel()
        };
        let a = legal.validate("stg-geheim").expect("valid");
        let ids: Vec<_> = a.content.lawful_responses.iter().map(|r| r.id()).collect();
        assert_eq!(ids, vec!["countermeasures", "retorsion", "self-defence"]);
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
