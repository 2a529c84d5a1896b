//! Every text a user reads, in Dutch and English. One catalog: a key maps to
//! both translations, so a text cannot exist in one language only.

use std::collections::HashMap;
use std::sync::OnceLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Lang {
    #[serde(rename = "nl")]
    Nl,
    #[serde(rename = "en")]
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Nl => "nl",
            Lang::En => "en",
        }
    }

    pub fn parse(s: &str) -> Option<Lang> {
        match s.trim().to_ascii_lowercase().as_str() {
            "nl" => Some(Lang::Nl),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// Picks the preferred supported language from an `Accept-Language`
    /// header, honouring q-values; Dutch when nothing matches.
    pub fn from_accept_language(header: &str) -> Lang {
        let mut best: Option<(f32, Lang)> = None;
        for part in header.split(',') {
            let mut pieces = part.trim().split(';');
            let tag = pieces.next().unwrap_or("").trim().to_ascii_lowercase();
            let q = pieces.find_map(|p| p.trim().strip_prefix("q=").and_then(|v| v.parse::<f32>().ok())).unwrap_or(1.0);
            let primary = tag.split('-').next().unwrap_or("");
            if let Some(lang) = Lang::parse(primary)
                && q > 0.0
                && best.is_none_or(|(bq, _)| q > bq)
            {
                best = Some((q, lang));
            }
        }
        best.map(|(_, l)| l).unwrap_or(Lang::Nl)
    }
}

// One part per bounded context, named as the context is in every other tier;
// `shell` holds the layout, common words and the dashboard, `fields` the form
// fields, field error codes and error pages that every context shares.
mod assessments;
mod audit;
mod auth;
mod catalogue;
mod consultations;
mod decisions;
mod directory;
mod dossiers;
mod evaluation;
mod executions;
mod fields;
mod foresight;
mod incidents;
mod playbooks;
mod portfolio;
mod response;
mod shell;
mod strategy;
mod tasks;
mod users;

/// Every catalog part; a key maps to both translations, so a text cannot
/// exist in one language only.
const PARTS: [&[(&str, &str, &str)]; 20] = [
    shell::TEXTS,
    fields::TEXTS,
    auth::TEXTS,
    directory::TEXTS,
    users::TEXTS,
    audit::TEXTS,
    dossiers::TEXTS,
    incidents::TEXTS,
    assessments::TEXTS,
    response::TEXTS,
    consultations::TEXTS,
    decisions::TEXTS,
    catalogue::TEXTS,
    playbooks::TEXTS,
    executions::TEXTS,
    tasks::TEXTS,
    strategy::TEXTS,
    portfolio::TEXTS,
    foresight::TEXTS,
    evaluation::TEXTS,
];

fn all() -> impl Iterator<Item = &'static (&'static str, &'static str, &'static str)> {
    PARTS.iter().flat_map(|p| p.iter())
}

fn index() -> &'static HashMap<&'static str, (&'static str, &'static str)> {
    static INDEX: OnceLock<HashMap<&'static str, (&'static str, &'static str)>> = OnceLock::new();
    INDEX.get_or_init(|| all().map(|(k, nl, en)| (*k, (*nl, *en))).collect())
}

/// The text for `key`; an unknown key shows itself so the gap is visible
/// (a test fails on any template key missing from the catalog).
pub fn t(lang: Lang, key: &str) -> String {
    match index().get(key) {
        Some((nl, en)) => match lang {
            Lang::Nl => (*nl).to_string(),
            Lang::En => (*en).to_string(),
        },
        None => key.to_string(),
    }
}

pub fn has(key: &str) -> bool {
    index().contains_key(key)
}

pub fn keys() -> impl Iterator<Item = &'static str> {
    all().map(|(k, _, _)| *k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_honours_quality() {
        assert_eq!(Lang::from_accept_language("en-GB,en;q=0.9,nl;q=0.8"), Lang::En);
        assert_eq!(Lang::from_accept_language("de-DE, nl;q=0.5, en;q=0.4"), Lang::Nl);
        assert_eq!(Lang::from_accept_language("fr"), Lang::Nl);
        assert_eq!(Lang::from_accept_language("en;q=0, nl;q=0.1"), Lang::Nl);
    }

    #[test]
    fn catalog_keys_are_unique_and_both_languages_filled() {
        let mut seen = std::collections::HashSet::new();
        for (k, nl, en) in all() {
            assert!(seen.insert(*k), "duplicate key {k}");
            assert!(!nl.is_empty() && !en.is_empty(), "{k} lacks a translation");
        }
    }

    /// The audit trail names every action, every named change and every kind
    /// of object in words (issue 14: no "login.succeeded" on a Dutch page).
    #[test]
    fn every_audit_action_change_and_object_kind_has_a_label() {
        for a in verbinding_domain::audit::AuditAction::ALL {
            assert!(has(&format!("audit.action.{}", a.id())), "audit.action.{}", a.id());
        }
        let app =
            concat!(include_str!("../../../app/src/strategy.rs"), include_str!("../../../app/src/indicators.rs"),);
        for line in app.lines().filter(|l| l.contains("\"change\"") || l.contains("let change = if")) {
            for change in line.split('"').skip(1).step_by(2).filter(|w| w.contains('.')) {
                assert!(has(&format!("audit.change.{change}")), "audit.change.{change}");
            }
        }
        let store = include_str!("../../../store/src/strategy.rs").to_string()
            + include_str!("../../../store/src/dossiers.rs")
            + include_str!("../../../store/src/incidents.rs")
            + include_str!("../../../store/src/assessments.rs")
            + include_str!("../../../store/src/playbooks.rs");
        for line in store.lines().filter(|l| l.contains("objects::create(")) {
            if let Some(kind) = line.split('"').nth(1) {
                assert!(has(&format!("audit.kind.{kind}")), "audit.kind.{kind}");
            }
        }
    }

    /// The strategy pages show each vocabulary value as `t("<prefix>." ~ id)`,
    /// and every refusal of its rules as `t("error." ~ code)`.
    #[test]
    fn every_strategy_vocabulary_value_and_refusal_has_a_text() {
        use verbinding_domain::strategy as s;
        let vocabularies: [(&str, Vec<&str>); 8] = [
            ("level", s::Level::ids()),
            ("horizon", s::Horizon::ids()),
            ("assumption", s::AssumptionStatus::ids()),
            ("direction", s::Direction::ids()),
            ("measure_type", s::MeasureType::ids()),
            ("frequency", s::Frequency::ids()),
            ("measurement_status", s::MeasurementStatus::ids()),
            ("target_status", s::TargetStatus::ids()),
        ];
        for (prefix, ids) in vocabularies {
            for id in ids {
                assert!(has(&format!("{prefix}.{id}")), "{prefix}.{id}");
            }
        }
        let source = concat!(
            include_str!("../../../domain/src/strategy.rs"),
            include_str!("../../../app/src/strategy.rs"),
            include_str!("../../../app/src/indicators.rs"),
            include_str!("../../../store/src/strategy.rs"),
            include_str!("../../../store/src/indicators.rs"),
        );
        // Every code the strategy's rules refuse with: the second string of
        // each `invalid("field", "code")`, `check(…, "field", "code")` and `Refused { field, code }`.
        let mut codes = Vec::new();
        for line in source.lines() {
            let quoted: Vec<&str> = line.split('"').skip(1).step_by(2).collect();
            if (line.contains("invalid(") || line.contains("v.check(") || line.contains("code:")) && quoted.len() >= 2 {
                codes.push(quoted[quoted.len() - 1]);
            }
        }
        assert!(codes.len() > 20, "the scan found the codes: {codes:?}");
        for code in codes {
            assert!(has(&format!("error.{code}")), "error.{code}");
        }
    }

    /// Pages show a vocabulary value as `t("<prefix>." ~ id)`.
    #[test]
    fn every_incident_and_response_vocabulary_value_has_a_label() {
        use verbinding_domain::{incident, partners, response};
        let vocabularies: [(&str, Vec<&str>); 8] = [
            ("status", incident::Phase::ids()),
            ("severity", incident::Severity::ids()),
            ("sector", incident::Sector::ids()),
            ("effect", incident::Effect::ids()),
            ("sort", incident::ListOrder::ids()),
            ("relation", partners::Relation::ids()),
            ("measure", response::MeasureStatus::ids()),
            ("category", response::Category::ids()),
        ];
        for (prefix, ids) in vocabularies {
            for id in ids {
                assert!(has(&format!("{prefix}.{id}")), "{prefix}.{id}");
            }
        }
        for code in [
            "status_unknown",
            "severity_unknown",
            "sector_unknown",
            "effect_unknown",
            "sort_unknown",
            "relation_unknown",
            "transition_not_allowed",
        ] {
            assert!(has(&format!("error.{code}")), "error.{code}");
        }
    }

    #[test]
    fn every_domain_error_code_has_a_message() {
        for code in [
            "required",
            "too_long",
            "email_invalid",
            "role_unknown",
            "clearance_unknown",
            "classification_unknown",
            "above_ceiling",
            "tlp_unknown",
            "need_to_know_empty",
            "date_invalid",
            "password_too_short",
            // Consultation rounds, decisions and the catalogue.
            "subject_unknown",
            "rule_unknown",
            "datetime_invalid",
            "deadline_past",
            "answer_unknown",
            "explanation_required",
            "invitee_without_need_to_know",
            "measure_unknown",
            "measure_lapsed",
            "round_unknown",
            "round_closed",
            "not_invited",
            "kind_unknown",
            "outcome_unknown",
            "country_unknown",
            "basis_required",
            "assessment_unknown",
            "actor_unknown",
            "decision_unknown",
            "amends_unsigned",
            "amends_other_kind",
            "already_amended",
            "already_signed",
            "four_eyes",
            "identifier_invalid",
            "category_unknown",
            "escalation_out_of_range",
            "renewable_not_restrictive",
            "option_lapsed",
            "option_unknown",
            "conflict",
            "playbook_version_not_current",
            "playbook_version_unknown",
            "playbook_already_approved",
            "own_import",
            "cacao_schemas_missing",
            "playbook_id_taken",
            "mode_unknown",
            "field_unknown",
            "nul_character",
            "kind_fixed",
            "control_character",
            "org_outside_scope",
            "clearance_above_own",
            "own_authority",
            "token_expiry_out_of_range",
        ] {
            assert!(has(&format!("error.{code}")), "error.{code}");
        }
        // A run's refusals arrive as engine findings, the rest as field errors.
        for code in verbinding_domain::error::STORED_DATA_CODES {
            assert!(has(&format!("error.{code}")) || has(&format!("finding.{code}")), "error.{code}");
        }
    }

    #[test]
    fn every_finding_code_of_validation_and_the_lint_has_a_text() {
        for code in verbinding_playbook::CODES {
            assert!(has(&format!("finding.{code}")), "finding.{code}");
        }
        for code in [
            "playbook_unknown",
            "playbook_invalid",
            "playbook_version_unavailable",
            "pin_mismatch",
            "task_unknown",
            "task_closed",
            "task_awaiting_approval",
            "task_not_awaiting_approval",
            "answer_unexpected",
            "answer_required",
            "answer_invalid",
            "choice_unknown",
            "answer_too_long",
            "assessment_kind_unknown",
            "assessment_field_unknown",
            "assessment_field_foreign",
            "assessment_variable_unknown",
            "assessment_choices_missing",
            "assessment_choice_unknown",
            "assessment_field_missing",
            "variable_unknown",
            "variable_invalid",
            "variable_constant",
            "approver_unknown",
            "approval_duplicate",
            "field_required",
            "field_invalid",
            "execution_not_running",
            "execution_paused",
            "execution_not_paused",
            "runaway",
            "state_invalid",
        ] {
            assert!(has(&format!("finding.{code}")), "engine finding.{code}");
        }
    }
}
