//! Attribution and response decisions (problem P8). A coordinator proposes,
//! a decision maker signs; the proposer can never sign their own proposal
//! (four eyes). A signed decision is sealed (SHA-256 over its content and
//! signatures) and immutable; it can only be amended by a new decision that
//! references it, and the newest signed decision of a chain is the one in force.

use crate::error::Validator;
use crate::vocabulary::vocabulary;
use serde::Serialize;
use sha2::{Digest, Sha256};

vocabulary! {
    /// What a decision decides.
    pub enum DecisionKind as "decision kind" {
        Attribution = "attribution",
        Response = "response",
    }
}

vocabulary! {
    /// The outcomes of both kinds; [`DecisionOutcome::kind`] says which kind each belongs to.
    pub enum DecisionOutcome as "decision outcome" {
        AttributePublicly = "attribute-publicly",
        AttributePrivately = "attribute-privately",
        DoNotAttribute = "do-not-attribute",
        ApproveMeasures = "approve-measures",
        NoMeasures = "no-measures",
    }
}

impl DecisionOutcome {
    pub fn kind(self) -> DecisionKind {
        match self {
            DecisionOutcome::AttributePublicly
            | DecisionOutcome::AttributePrivately
            | DecisionOutcome::DoNotAttribute => DecisionKind::Attribution,
            DecisionOutcome::ApproveMeasures | DecisionOutcome::NoMeasures => DecisionKind::Response,
        }
    }

    /// The decision holds a state responsible (publicly or not).
    pub fn attributes(self) -> bool {
        matches!(self, DecisionOutcome::AttributePublicly | DecisionOutcome::AttributePrivately)
    }
}

/// The outcomes a decision of `kind` may have.
pub fn outcomes(kind: DecisionKind) -> Vec<DecisionOutcome> {
    DecisionOutcome::ALL.into_iter().filter(|o| o.kind() == kind).collect()
}

pub const RATIONALE_MAX: usize = 10_000;

/// A proposed decision as typed. References (assessments, measures, round,
/// actor, amended decision) are resolved against storage by the caller.
/// The API body has exactly this shape.
#[derive(Debug, Clone, Default, serde::Deserialize, schemars::JsonSchema)]
#[serde(default)]
#[schemars(extend("required" = ["kind", "outcome", "rationale"], "allOf" = [
    {"if": {"properties": {"kind": {"const": "attribution"}}, "required": ["kind"]},
     "then": {"properties": {"outcome": {"enum": ["attribute-publicly", "attribute-privately", "do-not-attribute"]}}},
     "else": {"properties": {"outcome": {"enum": ["approve-measures", "no-measures"]}}}},
    {"if": {"properties": {"outcome": {"enum": ["attribute-publicly", "attribute-privately"]}}, "required": ["outcome"]},
     "then": {"required": ["state", "basis"], "properties": {"state": {"minLength": 1}, "basis": {"minItems": 1}}}},
    {"if": {"properties": {"outcome": {"const": "approve-measures"}}, "required": ["outcome"]},
     "then": {"required": ["measures"], "properties": {"measures": {"minItems": 1}}}},
]))]
pub struct DecisionInput {
    #[schemars(with = "DecisionKind")]
    pub kind: String,
    #[schemars(with = "DecisionOutcome")]
    pub outcome: String,
    /// ISO 3166 code of the state held responsible.
    #[schemars(schema_with = "country_or_blank")]
    pub state: String,
    /// MISP galaxy UUID of the actor, if named.
    pub actor: String,
    pub basis: Vec<i64>,
    pub measures: Vec<i64>,
    pub round: Option<i64>,
    #[schemars(extend("pattern" = "\\S"), length(max = 10_000))]
    pub rationale: String,
    pub amends: Option<i64>,
}

fn country_or_blank(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    let mut codes = vec![""];
    codes.extend(crate::incident::ISO_3166.split(' '));
    schemars::json_schema!({"type": "string", "enum": codes})
}

impl DecisionInput {
    /// As typed, with identifiers trimmed and the state code in capitals.
    pub fn normalized(&self) -> DecisionInput {
        DecisionInput {
            kind: self.kind.trim().to_string(),
            outcome: self.outcome.trim().to_string(),
            state: self.state.trim().to_uppercase(),
            actor: self.actor.trim().to_string(),
            ..self.clone()
        }
    }

    /// Checks the fields that need no storage; the kind and outcome as
    /// typed, when both are known.
    pub fn check(&self, v: &mut Validator) -> Option<(DecisionKind, DecisionOutcome)> {
        let kind = DecisionKind::parse(&self.kind);
        v.check(kind.is_some(), "kind", "kind_unknown");
        let outcome = DecisionOutcome::parse(&self.outcome).filter(|o| Some(o.kind()) == kind);
        v.check(outcome.is_some(), "outcome", "outcome_unknown");
        let attributes = outcome.is_some_and(DecisionOutcome::attributes);
        let state = self.state.trim();
        v.check(!attributes || !state.is_empty(), "state", "required");
        v.check(state.is_empty() || crate::incident::is_country(state), "state", "country_unknown");
        v.check(!attributes || !self.basis.is_empty(), "basis", "basis_required");
        v.check(
            !(outcome == Some(DecisionOutcome::ApproveMeasures) && self.measures.is_empty()),
            "measures",
            "required",
        );
        let rationale = self.rationale.trim();
        v.check(!rationale.is_empty(), "rationale", "required");
        v.check(rationale.chars().count() <= RATIONALE_MAX, "rationale", "too_long");
        Some((kind?, outcome?))
    }
}

/// Four eyes: whoever proposed a decision cannot sign it.
pub fn may_sign(proposed_by: i64, signer: i64) -> bool {
    proposed_by != signer
}

/// What the rules about amendments and force need to know of a decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionRef {
    pub id: i64,
    pub kind: DecisionKind,
    pub outcome: DecisionOutcome,
    pub signed: bool,
    pub amends: Option<i64>,
}

/// Whether a new decision of `kind` may amend `target` (`None`: no such
/// decision on this incident), given all decisions of the incident.
pub fn check_amendment(
    all: &[DecisionRef],
    target: Option<&DecisionRef>,
    kind: DecisionKind,
) -> Result<(), &'static str> {
    let t = target.ok_or("decision_unknown")?;
    if !t.signed {
        return Err("amends_unsigned");
    }
    if t.kind != kind {
        return Err("amends_other_kind");
    }
    if all.iter().any(|d| d.signed && d.amends == Some(t.id)) {
        return Err("already_amended");
    }
    Ok(())
}

/// Signed decisions that no signed decision amends.
pub fn in_force(all: &[DecisionRef]) -> impl Iterator<Item = &DecisionRef> {
    all.iter().filter(|d| d.signed && !all.iter().any(|n| n.signed && n.amends == Some(d.id)))
}

/// A decision to attribute publicly is signed and in force.
pub fn public_attribution_decided(all: &[DecisionRef]) -> bool {
    in_force(all).any(|d| d.outcome == DecisionOutcome::AttributePublicly)
}

/// The content a seal covers, in a fixed order.
#[derive(Debug, Clone, Serialize)]
pub struct Sealed<'a> {
    pub id: i64,
    pub incident_id: i64,
    /// Serialised as their identifiers, so seals made when these were strings still match.
    pub kind: DecisionKind,
    pub outcome: DecisionOutcome,
    pub state: Option<&'a str>,
    pub actor: Option<&'a str>,
    pub basis: &'a [i64],
    pub measures: &'a [i64],
    pub round: Option<i64>,
    pub rationale: &'a str,
    pub amends: Option<i64>,
    pub proposed_by: i64,
    pub proposed_at: i64,
    pub signed_by: i64,
    pub signed_at: i64,
    /// Why it was signed while the consultation was open or unanswered;
    /// absent otherwise, so seals made before it existed still match.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sign_override: Option<&'a str>,
}

pub fn seal(content: &Sealed<'_>) -> String {
    // Serialising a struct of plain fields cannot fail.
    hex::encode(Sha256::digest(serde_json::to_vec(content).unwrap_or_default()))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn d(id: i64, kind: &'static str, outcome: &'static str, signed: bool, amends: Option<i64>) -> DecisionRef {
        let (kind, outcome) = (DecisionKind::parse(kind).unwrap(), DecisionOutcome::parse(outcome).unwrap());
        DecisionRef { id, kind, outcome, signed, amends }
    }

    fn codes(input: &DecisionInput) -> Vec<(&'static str, &'static str)> {
        let mut v = Validator::new();
        input.check(&mut v);
        v.finish().err().map(|e| e.fields().iter().map(|f| (f.field, f.code)).collect()).unwrap_or_default()
    }

    #[test]
    fn an_attribution_names_a_state_and_rests_on_assessments() {
        let mut i = DecisionInput {
            kind: "attribution".into(),
            outcome: "attribute-publicly".into(),
            rationale: "GRU unit 26165".into(),
            ..Default::default()
        };
        assert_eq!(codes(&i), vec![("state", "required"), ("basis", "basis_required")]);
        i.state = "XX".into();
        i.basis = vec![4];
        assert_eq!(codes(&i), vec![("state", "country_unknown")]);
        i.state = "RU".into();
        assert!(codes(&i).is_empty());
        let not = DecisionInput { outcome: "do-not-attribute".into(), state: String::new(), basis: vec![], ..i };
        assert!(codes(&not).is_empty());
    }

    #[test]
    fn approving_measures_needs_measures() {
        let i = DecisionInput {
            kind: "response".into(),
            outcome: "approve-measures".into(),
            rationale: "x".into(),
            ..Default::default()
        };
        assert_eq!(codes(&i), vec![("measures", "required")]);
        assert_eq!(
            codes(&DecisionInput { outcome: "attribute-publicly".into(), ..i }),
            vec![("outcome", "outcome_unknown")]
        );
    }

    #[test]
    fn the_seal_of_a_typed_decision_equals_the_one_of_its_identifiers() {
        // Seals stored before the vocabularies were typed must still match.
        let typed = serde_json::to_string(&(DecisionKind::Attribution, DecisionOutcome::DoNotAttribute)).unwrap();
        assert_eq!(typed, r#"["attribution","do-not-attribute"]"#);
    }

    #[test]
    fn the_proposer_cannot_sign() {
        assert!(!may_sign(7, 7));
        assert!(may_sign(7, 8));
    }

    #[test]
    fn only_a_signed_decision_in_force_can_be_amended_and_only_once() {
        let all = [
            d(1, "attribution", "attribute-privately", true, None),
            d(2, "attribution", "attribute-publicly", false, Some(1)),
            d(3, "response", "no-measures", false, None),
        ];
        assert_eq!(check_amendment(&all, Some(&all[0]), DecisionKind::Attribution), Ok(()));
        assert_eq!(check_amendment(&all, Some(&all[0]), DecisionKind::Response), Err("amends_other_kind"));
        assert_eq!(check_amendment(&all, Some(&all[2]), DecisionKind::Response), Err("amends_unsigned"));
        assert_eq!(check_amendment(&all, None, DecisionKind::Response), Err("decision_unknown"));
        let signed = [all[0].clone(), DecisionRef { signed: true, ..all[1].clone() }];
        assert_eq!(check_amendment(&signed, Some(&signed[0]), DecisionKind::Attribution), Err("already_amended"));
    }

    #[test]
    fn the_newest_signed_amendment_is_in_force() {
        let proposed = [
            d(1, "attribution", "attribute-privately", true, None),
            d(2, "attribution", "attribute-publicly", false, Some(1)),
        ];
        assert!(!public_attribution_decided(&proposed));
        assert_eq!(in_force(&proposed).map(|d| d.id).collect::<Vec<_>>(), vec![1]);
        let signed = [proposed[0].clone(), DecisionRef { signed: true, ..proposed[1].clone() }];
        assert!(public_attribution_decided(&signed));
        assert_eq!(in_force(&signed).map(|d| d.id).collect::<Vec<_>>(), vec![2]);
        let withdrawn = [signed[0].clone(), signed[1].clone(), d(3, "attribution", "do-not-attribute", true, Some(2))];
        assert!(!public_attribution_decided(&withdrawn));
    }

    #[test]
    fn the_seal_covers_every_field() {
        let base = Sealed {
            id: 1,
            incident_id: 2,
            kind: DecisionKind::Attribution,
            outcome: DecisionOutcome::AttributePublicly,
            state: Some("RU"),
            actor: None,
            basis: &[3],
            measures: &[],
            round: None,
            rationale: "r",
            amends: None,
            proposed_by: 4,
            proposed_at: 5,
            signed_by: 6,
            signed_at: 7,
            sign_override: None,
        };
        let s = seal(&base);
        assert_eq!(s.len(), 64);
        assert_ne!(seal(&Sealed { state: Some("CN"), ..base.clone() }), s);
        assert_ne!(seal(&Sealed { signed_by: 8, ..base.clone() }), s);
        assert_ne!(seal(&Sealed { sign_override: Some("why"), ..base.clone() }), s, "the override is sealed");
        assert_eq!(seal(&base), s);
        // A seal made before overrides existed still matches: an absent
        // override adds nothing to what is hashed.
        let before: serde_json::Value = serde_json::to_value(&base).unwrap();
        assert!(before.get("sign_override").is_none());
    }
}
