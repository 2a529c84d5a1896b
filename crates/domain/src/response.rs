//! Response options and the proportionality check (problem P8).
//!
//! The catalogue covers the five categories of the EU Cyber Diplomacy
//! Toolbox and the national measures. Each option has an escalation rank:
//! how far it raises the cost for the responsible state, 1 (quiet, private,
//! reversible) to 10 (restrictive, public, hard to reverse). The check warns
//! when an option's rank exceeds what the assessments support, or when a
//! public attribution or sanctions lack their preconditions. Warnings inform
//! the decision; they do not forbid it.

use crate::assessment::Confidence;
use crate::vocabulary::vocabulary;
use serde::Serialize;

vocabulary! {
    /// The five categories of the EU Cyber Diplomacy Toolbox and the national measures.
    pub enum Category as "response category" {
        Preventive = "preventive",
        Cooperative = "cooperative",
        Stability = "stability",
        Restrictive = "restrictive",
        Support = "support",
        National = "national",
    }
}

vocabulary! {
    /// Lifecycle of a chosen measure, in the order of its steps.
    pub enum MeasureStatus as "measure status" {
        Proposed = "proposed",
        InConsultation = "in-consultation",
        Approved = "approved",
        Executed = "executed",
        UnderReview = "under-review",
        Lapsed = "lapsed",
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ResponseOption {
    /// Stable identifier.
    pub id: &'static str,
    pub category: Category,
    pub name_nl: &'static str,
    pub name_en: &'static str,
    pub legal_basis: &'static str,
    /// Organisation code that usually leads.
    pub lead: &'static str,
    pub approvals: &'static str,
    pub public: bool,
    pub reversible: bool,
    pub escalation: u8,
    /// The option states publicly who is responsible.
    pub public_attribution: bool,
    /// The option is a restrictive measure that must be renewed.
    pub renewable: bool,
}

const fn opt(
    id: &'static str,
    category: Category,
    (name_nl, name_en): (&'static str, &'static str),
    legal_basis: &'static str,
    lead: &'static str,
    approvals: &'static str,
    flags: (bool, bool, u8, bool, bool),
) -> ResponseOption {
    let (public, reversible, escalation, public_attribution, renewable) = flags;
    ResponseOption {
        id,
        category,
        name_nl,
        name_en,
        legal_basis,
        lead,
        approvals,
        public,
        reversible,
        escalation,
        public_attribution,
        renewable,
    }
}

/// The shipped catalogue. (public, reversible, escalation, public attribution, renewable)
pub const CATALOGUE: &[ResponseOption] = &[
    opt(
        "eu-dialogue",
        Category::Preventive,
        ("Cyberdialoog en vertrouwenwekkende maatregelen", "Cyber dialogue and confidence-building measures"),
        "EU Cyber Diplomacy Toolbox (Raadsconclusies 2017)",
        "TFC",
        "Directeur",
        (false, true, 1, false, false),
    ),
    opt(
        "eu-capacity-building",
        Category::Preventive,
        ("Capaciteitsopbouw met derde landen", "Capacity building with third countries"),
        "EU Cyber Diplomacy Toolbox",
        "BZ",
        "Directeur",
        (true, true, 1, false, false),
    ),
    opt(
        "eu-cooperation",
        Category::Cooperative,
        ("EU-overleg en informatie-uitwisseling (HWPCI)", "EU consultation and information sharing (HWPCI)"),
        "EU Cyber Diplomacy Toolbox; Raadsconclusies 2017",
        "PV-EU",
        "Coördinator",
        (false, true, 2, false, false),
    ),
    opt(
        "eu-hr-statement",
        Category::Stability,
        ("Verklaring van de Hoge Vertegenwoordiger", "Statement by the High Representative"),
        "Art. 24 VEU; EU Cyber Diplomacy Toolbox",
        "PV-EU",
        "Unanimiteit in de Raad",
        (true, true, 6, true, false),
    ),
    opt(
        "eu-council-conclusions",
        Category::Stability,
        ("Raadsconclusies", "Council conclusions"),
        "Art. 26 VEU",
        "PV-EU",
        "Unanimiteit in de Raad",
        (true, true, 6, false, false),
    ),
    opt(
        "eu-demarche",
        Category::Stability,
        ("EU-demarche", "EU démarche"),
        "EU Cyber Diplomacy Toolbox",
        "PV-EU",
        "Raad",
        (false, true, 4, false, false),
    ),
    opt(
        "eu-sanctions",
        Category::Restrictive,
        ("Voorstel voor EU-cybersanctielisting", "Proposal for EU cyber sanctions listing"),
        "Besluit (GBVB) 2019/797 en Verordening (EU) 2019/796",
        "TFC",
        "Ministerraad; unanimiteit in de Raad",
        (true, false, 9, true, true),
    ),
    opt(
        "eu-support-lawful",
        Category::Support,
        ("Steun voor rechtmatige reactie van een lidstaat", "Support for a member state's lawful response"),
        "Art. 42(7) VEU; EU Cyber Diplomacy Toolbox",
        "PV-EU",
        "Raad",
        (true, true, 7, false, false),
    ),
    opt(
        "nl-demarche",
        Category::National,
        ("Demarche", "Démarche"),
        "Diplomatieke praktijk; Weens Verdrag (1961)",
        "BZ",
        "Directeur-generaal",
        (false, true, 3, false, false),
    ),
    opt(
        "nl-summon-ambassador",
        Category::National,
        ("Ontbieden van de ambassadeur", "Summoning the ambassador"),
        "Diplomatieke praktijk",
        "BZ",
        "Minister",
        (true, true, 5, false, false),
    ),
    opt(
        "nl-private-attribution",
        Category::National,
        ("Vertrouwelijke attributie aan partners", "Private attribution to partners"),
        "Internationaal recht inzake staatsaansprakelijkheid",
        "TFC",
        "Minister",
        (false, true, 4, false, false),
    ),
    opt(
        "nl-public-attribution",
        Category::National,
        ("Nationale publieke attributie", "National public attribution"),
        "Internationaal recht inzake staatsaansprakelijkheid",
        "TFC",
        "Ministerraad",
        (true, false, 7, true, false),
    ),
    opt(
        "nl-joint-attribution",
        Category::National,
        ("Gezamenlijke attributie met partners", "Joint attribution with partners"),
        "Internationaal recht inzake staatsaansprakelijkheid",
        "TFC",
        "Ministerraad",
        (true, false, 8, true, false),
    ),
    opt(
        "nl-expulsion",
        Category::National,
        ("Uitzetting van diplomaten", "Expulsion of diplomats"),
        "Art. 9 Weens Verdrag inzake diplomatiek verkeer",
        "BZ",
        "Minister",
        (true, false, 8, false, false),
    ),
    opt(
        "nl-prosecution",
        Category::National,
        ("Steun aan strafrechtelijke vervolging", "Support to criminal prosecution"),
        "Wetboek van Strafvordering",
        "JenV",
        "Openbaar Ministerie",
        (true, false, 6, false, false),
    ),
    opt(
        "nato-consultation",
        Category::National,
        ("NAVO-consultatie", "NATO consultation"),
        "Art. 4 Noord-Atlantisch Verdrag",
        "PV-NAVO",
        "Ministerraad",
        (false, true, 5, false, false),
    ),
];

pub fn option(id: &str) -> Option<&'static ResponseOption> {
    CATALOGUE.iter().find(|o| o.id == id)
}

/// An option an administrator adds to the catalogue. The organisation code
/// of `lead` is resolved against the directory by the caller. The API body
/// has exactly this shape.
#[derive(Debug, Clone, Default, serde::Deserialize, schemars::JsonSchema)]
#[serde(default)]
pub struct OptionInput {
    pub id: String,
    // Text, so that an unknown category is named as a field error.
    #[schemars(with = "Category")]
    pub category: String,
    pub name_nl: String,
    pub name_en: String,
    pub legal_basis: String,
    pub lead: String,
    pub approvals: String,
    pub public: bool,
    pub reversible: bool,
    pub escalation: Option<i64>,
    pub public_attribution: bool,
    pub renewable: bool,
}

pub const OPTION_TEXT_MAX: usize = 300;

impl OptionInput {
    /// As typed, with the key, category and lead trimmed.
    pub fn normalized(&self) -> OptionInput {
        OptionInput {
            id: self.id.trim().to_string(),
            category: self.category.trim().to_string(),
            lead: self.lead.trim().to_string(),
            ..self.clone()
        }
    }

    pub fn check(&self, v: &mut crate::error::Validator) {
        let id = self.id.trim();
        let slug = (3..=60).contains(&id.len())
            && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            && !id.starts_with('-');
        v.check(!id.is_empty(), "id", "required");
        v.check(id.is_empty() || slug, "id", "identifier_invalid");
        let category = Category::parse(&self.category);
        v.check(category.is_some(), "category", "category_unknown");
        for (field, text) in
            [("name_nl", &self.name_nl), ("name_en", &self.name_en), ("legal_basis", &self.legal_basis)]
        {
            v.check(!text.trim().is_empty(), field, "required");
            v.check(text.trim().chars().count() <= OPTION_TEXT_MAX, field, "too_long");
        }
        v.check(self.approvals.trim().chars().count() <= OPTION_TEXT_MAX, "approvals", "too_long");
        v.check(!self.lead.trim().is_empty(), "lead", "required");
        v.check(self.escalation.is_some_and(|e| (1..=10).contains(&e)), "escalation", "escalation_out_of_range");
        // Only a restrictive measure is renewed (Council decisions lapse unless renewed).
        v.check(!self.renewable || category == Some(Category::Restrictive), "renewable", "renewable_not_restrictive");
    }
}

/// What the assessments and decisions on an incident support.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Evidence {
    /// The highest confidence of any intelligence assessment, if any.
    pub best_confidence: Option<Confidence>,
    /// A decision to attribute publicly has been signed.
    pub public_attribution_decided: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Warning {
    /// Stable code; the text is in the i18n catalogue under `proportionality.<code>`.
    pub code: &'static str,
    pub option: &'static str,
    /// The highest escalation rank the evidence supports.
    pub supported: u8,
    pub rank: u8,
}

/// The highest escalation rank the evidence supports.
pub fn supported_rank(e: &Evidence) -> u8 {
    match e.best_confidence {
        Some(Confidence::High) => 10,
        Some(Confidence::Moderate) => 7,
        Some(Confidence::Low) => 4,
        None => 3,
    }
}

/// Checks one option against the evidence.
pub fn check(o: &ResponseOption, e: &Evidence) -> Vec<Warning> {
    let supported = supported_rank(e);
    let mut out = Vec::new();
    let w = |code| Warning { code, option: o.id, supported, rank: o.escalation };
    if o.escalation > supported {
        out.push(w("rank_exceeds_evidence"));
    }
    if o.public_attribution && !e.public_attribution_decided {
        out.push(w("public_attribution_without_decision"));
    }
    if o.category == Category::Restrictive
        && !matches!(e.best_confidence, Some(Confidence::Moderate | Confidence::High))
    {
        out.push(w("sanctions_without_confidence"));
    }
    out
}

/// Whether a measure may move from one status to another: one step forward,
/// from review back to executed (renewed) or, from any active status, to lapsed.
pub fn measure_transition_allowed(from: MeasureStatus, to: MeasureStatus) -> bool {
    use MeasureStatus::{Executed, Lapsed, UnderReview};
    to as usize == from as usize + 1 || (from == UnderReview && to == Executed) || (to == Lapsed && from != Lapsed)
}

/// The statuses a measure may move to from `from`, in their order.
pub fn next_statuses(from: MeasureStatus) -> Vec<MeasureStatus> {
    MeasureStatus::ALL.into_iter().filter(|to| measure_transition_allowed(from, *to)).collect()
}

/// What the record must hold before a measure is approved or executed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Precondition {
    None,
    /// A signed decision to attribute publicly, in force.
    PublicAttributionDecided,
    /// A signed decision approving this measure, in force.
    MeasureApprovedByDecision,
}

/// The permission recording a step of a measure needs: anyone who writes
/// may propose and send into consultation; approving, executing, reviewing
/// and lapsing are the coordinator's record.
pub fn step_permission(to: MeasureStatus) -> crate::role::Permission {
    use crate::role::Permission::{Coordinate, WriteObjects};
    match to {
        MeasureStatus::Proposed | MeasureStatus::InConsultation => WriteObjects,
        MeasureStatus::Approved | MeasureStatus::Executed | MeasureStatus::UnderReview | MeasureStatus::Lapsed => {
            Coordinate
        }
    }
}

/// A measure that names a state publicly, escalates (rank 4 or more) or
/// restricts is approved by a signed decision, never by a status change alone.
pub fn needs_decision(o: &ResponseOption) -> bool {
    o.public || o.public_attribution || o.category == Category::Restrictive || o.escalation >= 4
}

/// What must be on the record before the measure moves to `to`.
pub fn step_precondition(o: &ResponseOption, to: MeasureStatus) -> Precondition {
    // A restrictive measure (a listing) is approved by its own decision even
    // where the catalogue counts it as naming the responsible publicly.
    if !matches!(to, MeasureStatus::Approved | MeasureStatus::Executed) {
        Precondition::None
    } else if o.public_attribution && o.category != Category::Restrictive {
        Precondition::PublicAttributionDecided
    } else if needs_decision(o) {
        Precondition::MeasureApprovedByDecision
    } else {
        Precondition::None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weighty_measures_need_the_coordinator_and_a_signed_decision() {
        use crate::role::Permission;
        let public_attribution = option("nl-public-attribution").copied().expect("shipped");
        let sanctions = option("eu-sanctions").copied().expect("shipped");
        let dialogue = option("eu-dialogue").copied().expect("shipped");
        assert_eq!(step_permission(MeasureStatus::InConsultation), Permission::WriteObjects);
        for to in [MeasureStatus::Approved, MeasureStatus::Executed, MeasureStatus::Lapsed] {
            assert_eq!(step_permission(to), Permission::Coordinate, "{to}");
        }
        for to in [MeasureStatus::Approved, MeasureStatus::Executed] {
            assert_eq!(step_precondition(&public_attribution, to), Precondition::PublicAttributionDecided);
            assert_eq!(step_precondition(&sanctions, to), Precondition::MeasureApprovedByDecision);
            assert_eq!(step_precondition(&dialogue, to), Precondition::None, "quiet and reversible");
        }
        assert_eq!(step_precondition(&sanctions, MeasureStatus::InConsultation), Precondition::None);
        assert_eq!(
            step_precondition(&sanctions, MeasureStatus::Lapsed),
            Precondition::None,
            "ending needs no decision"
        );
    }

    #[test]
    fn every_toolbox_category_and_the_national_measures_are_covered() {
        for c in Category::ALL {
            assert!(CATALOGUE.iter().any(|o| o.category == c), "{c}");
        }
        for id in [
            "nl-demarche",
            "nl-summon-ambassador",
            "nl-private-attribution",
            "nl-public-attribution",
            "nl-joint-attribution",
            "nl-expulsion",
            "eu-sanctions",
            "nl-prosecution",
            "nato-consultation",
        ] {
            assert!(option(id).is_some(), "{id}");
        }
        let mut ids: Vec<_> = CATALOGUE.iter().map(|o| o.id).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), CATALOGUE.len());
    }

    #[test]
    fn public_attribution_without_a_decision_warns() {
        let e = Evidence { best_confidence: Some(Confidence::High), public_attribution_decided: false };
        let w = check(option("nl-public-attribution").expect("option"), &e);
        assert_eq!(w.iter().map(|w| w.code).collect::<Vec<_>>(), vec!["public_attribution_without_decision"]);
        let decided = Evidence { public_attribution_decided: true, ..e };
        assert!(check(option("nl-public-attribution").expect("option"), &decided).is_empty());
    }

    #[test]
    fn sanctions_need_moderate_or_high_confidence() {
        let low = Evidence { best_confidence: Some(Confidence::Low), public_attribution_decided: true };
        let codes: Vec<_> = check(option("eu-sanctions").expect("option"), &low).iter().map(|w| w.code).collect();
        assert_eq!(codes, vec!["rank_exceeds_evidence", "sanctions_without_confidence"]);
        let high = Evidence { best_confidence: Some(Confidence::High), public_attribution_decided: true };
        assert!(check(option("eu-sanctions").expect("option"), &high).is_empty());
    }

    #[test]
    fn quiet_measures_need_no_evidence() {
        assert!(check(option("nl-demarche").expect("option"), &Evidence::default()).is_empty());
    }

    #[test]
    fn a_custom_option_needs_a_slug_a_category_and_a_rank_from_one_to_ten() {
        let mut v = crate::error::Validator::new();
        OptionInput {
            id: "Bad Id".into(),
            category: "x".into(),
            escalation: Some(11),
            renewable: true,
            ..Default::default()
        }
        .check(&mut v);
        let codes: Vec<_> =
            v.finish().err().map(|e| e.fields().iter().map(|f| (f.field, f.code)).collect()).unwrap_or_default();
        for want in [
            ("id", "identifier_invalid"),
            ("category", "category_unknown"),
            ("name_nl", "required"),
            ("lead", "required"),
            ("escalation", "escalation_out_of_range"),
            ("renewable", "renewable_not_restrictive"),
        ] {
            assert!(codes.contains(&want), "{want:?} in {codes:?}");
        }
    }

    #[test]
    fn measures_follow_their_lifecycle() {
        use MeasureStatus::*;
        assert!(measure_transition_allowed(Proposed, InConsultation));
        assert!(measure_transition_allowed(UnderReview, Executed));
        assert!(measure_transition_allowed(Approved, Lapsed));
        assert!(!measure_transition_allowed(Proposed, Executed));
        assert!(!measure_transition_allowed(Lapsed, Lapsed));
        assert!(!measure_transition_allowed(Executed, Approved));
        assert_eq!(
            MeasureStatus::ids(),
            ["proposed", "in-consultation", "approved", "executed", "under-review", "lapsed"]
        );
        assert_eq!(Category::ids(), ["preventive", "cooperative", "stability", "restrictive", "support", "national"]);
    }
}
