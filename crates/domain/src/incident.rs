//! Incident dossiers (problem P8): a state-linked cyber operation against the
//! Netherlands or its allies, from report to closure. Vocabularies are stored
//! as stable identifiers; where a MISP taxonomy exists the identifiers are
//! the taxonomy's own values (a test checks them against the corpus).

use crate::directory::valid_date;
use crate::error::{DomainError, Validator};
use crate::marking::{MarkingInput, ValidMarking};
use crate::vocabulary::vocabulary;

pub const TITLE_MAX: usize = 200;
pub const SUMMARY_MAX: usize = 50_000;

vocabulary! {
    /// The lifecycle of an incident (its status). The order of the list is
    /// the order of the phases.
    pub enum Phase as "incident phase" {
        Reported = "reported",
        Assessing = "assessing",
        Deciding = "deciding",
        Responding = "responding",
        Monitoring = "monitoring",
        Closed = "closed",
    }
}

impl Phase {
    /// Where the phase is in the lifecycle, from 0 (reported).
    pub fn position(self) -> usize {
        self as usize
    }

    /// The phase before this one, if any.
    pub fn previous(self) -> Option<Phase> {
        self.position().checked_sub(1).and_then(|p| Phase::ALL.get(p).copied())
    }

    /// The phase after this one, if any.
    pub fn next(self) -> Option<Phase> {
        Phase::ALL.get(self.position() + 1).copied()
    }
}

/// Whether a status change is allowed: one phase forward or one phase back
/// (an incident reopened for new facts goes back one phase at a time).
pub fn transition_allowed(from: Phase, to: Phase) -> bool {
    from.position().abs_diff(to.position()) == 1
}

vocabulary! {
    /// Severity, an ordinal scale of five levels (documented in docs/incidents.md):
    /// effect on national security, the state and society, after the EU
    /// Cybersecurity Blueprint's distinction of incidents by impact. Least severe first.
    pub enum Severity as "severity" {
        Minimal = "minimal",
        Limited = "limited",
        Significant = "significant",
        Severe = "severe",
        Critical = "critical",
    }
}

vocabulary! {
    /// Effects of the operation.
    pub enum Effect as "effect" {
        Espionage = "espionage",
        Disruption = "disruption",
        Destruction = "destruction",
        DataTheft = "data-theft",
        InfluenceOperation = "influence-operation",
        Financial = "financial",
    }
}

vocabulary! {
    /// The NIS2 sectors, as the values of the MISP `nis2` taxonomy predicate
    /// `impact-sectors-impacted` (in the taxonomy's order).
    pub enum Sector as "NIS2 sector" {
        Energy = "energy",
        Transport = "transport",
        Banking = "banking",
        Financial = "financial",
        Health = "health",
        DrinkingWater = "drinking-water",
        WasteWater = "waste-water",
        DigitalInfrastructure = "digital-infrastructure",
        IctServices = "ict-services",
        PublicAdministration = "public-administration",
        Space = "space",
        Courier = "courier",
        WasteManagement = "waste-management",
        Chemical = "chemical",
        Food = "food",
        Manufacturing = "manufacturing",
        DigitalProviders = "digital-providers",
        Research = "research",
    }
}

vocabulary! {
    /// How the incident list is ordered; newest first unless asked otherwise.
    pub enum ListOrder as "incident list order" {
        Newest = "newest",
        Oldest = "oldest",
        Severity = "severity",
        Discovery = "discovery",
    }
}

/// ISO 3166-1 alpha-2 codes (officially assigned).
pub const ISO_3166: &str = "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS \
BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK \
FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM \
JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS \
MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW \
SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM \
US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW";

pub fn is_country(code: &str) -> bool {
    code.len() == 2 && ISO_3166.split(' ').any(|c| c == code)
}

/// Catalogue identifiers are MISP UUIDs; anything else cannot be in the
/// catalogue (whether a well-formed UUID is, storage checks).
fn looks_like_uuid(s: &str) -> bool {
    s.len() == 36
        && s.char_indices().all(|(i, c)| if [8, 13, 18, 23].contains(&i) { c == '-' } else { c.is_ascii_hexdigit() })
}

/// An incident as typed in a form or sent to the API.
#[derive(Debug, Clone, Default)]
pub struct IncidentInput {
    pub title: String,
    pub summary: String,
    pub severity: String,
    pub first_activity: String,
    pub discovery: String,
    pub disclosure: String,
    pub victims: Vec<String>,
    pub countries: Vec<String>,
    pub sectors: Vec<String>,
    pub effects: Vec<String>,
    /// Threat-actor catalogue identifiers (MISP galaxy UUIDs).
    pub actors: Vec<String>,
    pub lead_org: String,
    pub marking: MarkingInput,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidIncident {
    pub title: String,
    pub summary: String,
    pub severity: Severity,
    pub first_activity: Option<String>,
    pub discovery: Option<String>,
    pub disclosure: Option<String>,
    pub victims: Vec<String>,
    pub countries: Vec<String>,
    /// Sorted by identifier (as stored before the vocabularies were typed), without duplicates.
    pub sectors: Vec<Sector>,
    /// Sorted by identifier, without duplicates.
    pub effects: Vec<Effect>,
    pub actors: Vec<String>,
    pub lead_org: String,
    pub marking: ValidMarking,
}

fn optional_date(v: &mut Validator, field: &'static str, s: &str) -> Option<String> {
    let typed = crate::directory::typed_date(s);
    let s = typed.as_str();
    if s.is_empty() {
        return None;
    }
    v.check(valid_date(s), field, "date_invalid");
    valid_date(s).then(|| s.to_string())
}

fn tidy(list: &[String]) -> Vec<String> {
    let mut out: Vec<String> = list.iter().map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect();
    out.sort();
    out.dedup();
    out
}

/// Every entry of a list in its vocabulary (else `code` on `field`), sorted
/// by identifier and without duplicates, as [`tidy`] leaves the text.
fn all_of<T>(
    v: &mut Validator,
    field: &'static str,
    list: &[String],
    parse: fn(&str) -> Option<T>,
    code: &'static str,
) -> Vec<T> {
    let parsed: Vec<Option<T>> = tidy(list).iter().map(|s| parse(s)).collect();
    v.check(parsed.iter().all(Option::is_some), field, code);
    parsed.into_iter().flatten().collect()
}

impl IncidentInput {
    pub fn validate(&self, ceiling: &str) -> Result<ValidIncident, DomainError> {
        let mut v = Validator::new();
        let title = self.title.trim().to_string();
        v.check(!title.is_empty(), "title", "required");
        v.check(title.chars().count() <= TITLE_MAX, "title", "too_long");
        v.check(self.summary.chars().count() <= SUMMARY_MAX, "summary", "too_long");
        let severity = Severity::parse(&self.severity);
        v.check(severity.is_some(), "severity", "severity_unknown");
        let first_activity = optional_date(&mut v, "first_activity", &self.first_activity);
        let discovery = optional_date(&mut v, "discovery", &self.discovery);
        let disclosure = optional_date(&mut v, "disclosure", &self.disclosure);
        // ISO dates compare correctly as text.
        if let (Some(a), Some(d)) = (&first_activity, &discovery) {
            v.check(a <= d, "discovery", "date_before_first_activity");
        }
        if let (Some(d), Some(p)) = (discovery.as_ref().or(first_activity.as_ref()), &disclosure) {
            v.check(d <= p, "disclosure", "date_before_discovery");
        }
        let countries: Vec<String> = tidy(&self.countries).into_iter().map(|c| c.to_uppercase()).collect();
        v.check(countries.iter().all(|c| is_country(c)), "countries", "country_unknown");
        let sectors = all_of(&mut v, "sectors", &self.sectors, Sector::parse, "sector_unknown");
        let effects = all_of(&mut v, "effects", &self.effects, Effect::parse, "effect_unknown");
        let actors = tidy(&self.actors);
        v.check(actors.iter().all(|a| looks_like_uuid(a)), "actors", "actor_unknown");
        let victims = tidy(&self.victims);
        v.check(victims.iter().all(|s| s.chars().count() <= 200), "victims", "too_long");
        v.check(!self.lead_org.trim().is_empty(), "lead_org", "required");
        let marking = self.marking.check(ceiling, &mut v);
        v.finish()?;
        let marking = marking.ok_or_else(|| DomainError::invalid("tlp", "tlp_unknown"))?;
        let severity = severity.ok_or_else(|| DomainError::invalid("severity", "severity_unknown"))?;
        Ok(ValidIncident {
            title,
            summary: self.summary.trim().to_string(),
            severity,
            first_activity,
            discovery,
            disclosure,
            victims,
            countries,
            sectors,
            effects,
            actors,
            lead_org: self.lead_org.trim().to_string(),
            marking,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub fn input() -> IncidentInput {
        IncidentInput {
            title: "GRU-operatie tegen de OPCW".into(),
            summary: "Poging tot hacken van het wifinetwerk van de OPCW in Den Haag.".into(),
            severity: "severe".into(),
            first_activity: "2018-04-10".into(),
            discovery: "2018-04-13".into(),
            disclosure: "2018-10-04".into(),
            victims: vec!["OPCW".into()],
            countries: vec!["nl".into()],
            sectors: vec!["public-administration".into()],
            effects: vec!["espionage".into()],
            actors: vec![],
            lead_org: "TFC".into(),
            marking: MarkingInput {
                classification: "ongerubriceerd".into(),
                tlp: "clear".into(),
                open_to_all: true,
                ..Default::default()
            },
        }
    }

    #[test]
    fn a_valid_incident_normalises_its_lists() {
        let i = input().validate("stg-geheim").expect("valid");
        assert_eq!(i.countries, vec!["NL"]);
        assert_eq!(
            (i.severity, i.sectors, i.effects),
            (Severity::Severe, vec![Sector::PublicAdministration], vec![Effect::Espionage])
        );
        assert_eq!(i.disclosure.as_deref(), Some("2018-10-04"));
    }

    #[test]
    fn unknown_vocabulary_and_wrong_date_order_name_their_fields() {
        let bad = IncidentInput {
            severity: "apocalyptic".into(),
            sectors: vec!["agriculture".into()],
            countries: vec!["XX".into()],
            discovery: "2018-01-01".into(),
            ..input()
        };
        let Err(DomainError::Invalid(e)) = bad.validate("stg-geheim") else { panic!("must fail") };
        let got: Vec<(&str, &str)> = e.iter().map(|f| (f.field, f.code)).collect();
        assert_eq!(
            got,
            vec![
                ("severity", "severity_unknown"),
                ("discovery", "date_before_first_activity"),
                ("countries", "country_unknown"),
                ("sectors", "sector_unknown"),
            ]
        );
        let named = IncidentInput { actors: vec!["unknown:No Such Bear".into()], ..input() };
        let Err(DomainError::Invalid(e)) = named.validate("stg-geheim") else { panic!("must fail") };
        assert_eq!((e[0].field, e[0].code), ("actors", "actor_unknown"));
    }

    #[test]
    fn lists_are_stored_sorted_by_identifier_without_duplicates() {
        let i = IncidentInput {
            sectors: vec![" transport".into(), "energy".into(), "banking".into(), "energy".into(), "".into()],
            effects: vec!["financial".into(), "data-theft".into(), "espionage".into()],
            ..input()
        }
        .validate("stg-geheim")
        .expect("valid");
        assert_eq!(i.sectors, vec![Sector::Banking, Sector::Energy, Sector::Transport]);
        assert_eq!(i.effects, vec![Effect::DataTheft, Effect::Espionage, Effect::Financial]);
        let bad = IncidentInput { effects: vec!["espionage".into(), "sabotage".into()], ..input() };
        let Err(DomainError::Invalid(e)) = bad.validate("stg-geheim") else { panic!("must fail") };
        assert_eq!((e[0].field, e[0].code), ("effects", "effect_unknown"));
    }

    #[test]
    fn the_vocabularies_keep_their_identifiers_and_order() {
        assert_eq!(Phase::ids(), ["reported", "assessing", "deciding", "responding", "monitoring", "closed"]);
        assert_eq!(Severity::ids(), ["minimal", "limited", "significant", "severe", "critical"]);
        assert_eq!(
            Effect::ids(),
            ["espionage", "disruption", "destruction", "data-theft", "influence-operation", "financial"]
        );
        assert_eq!(Sector::ALL.len(), 18);
        assert_eq!((Sector::ALL[0].id(), Sector::ALL[17].id()), ("energy", "research"));
        assert_eq!(ListOrder::ids(), ["newest", "oldest", "severity", "discovery"]);
    }

    #[test]
    fn status_moves_one_phase_at_a_time() {
        use Phase::*;
        assert!(transition_allowed(Reported, Assessing));
        assert!(transition_allowed(Monitoring, Responding));
        assert!(!transition_allowed(Reported, Closed));
        assert!(!transition_allowed(Closed, Closed));
        assert_eq!(Phase::parse("archived"), None);
        assert_eq!((Reported.previous(), Reported.next()), (None, Some(Assessing)));
        assert_eq!((Closed.previous(), Closed.next()), (Some(Monitoring), None));
    }
}

/// Phase durations shown with the timeline, in milliseconds from the report.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct PhaseDurations {
    pub to_first_assessment: Option<i64>,
    pub to_first_executed_measure: Option<i64>,
    pub to_attribution_decision: Option<i64>,
}

/// Computes the durations from timeline events given as (kind, time,
/// qualifier), in time order. Only events the viewer may
/// see are passed in, so the figures never reveal hidden assessments.
pub fn phase_durations(events: &[TimedEvent<'_>]) -> PhaseDurations {
    let Some(start) = events.iter().find(|e| e.0 == "reported").map(|e| e.1) else {
        return PhaseDurations::default();
    };
    let first = |pred: &dyn Fn(&TimedEvent<'_>) -> bool| events.iter().find(|e| pred(e)).map(|e| e.1 - start);
    PhaseDurations {
        to_first_assessment: first(&|e| e.0 == "assessment"),
        to_first_executed_measure: first(&|e| {
            e.0 == "measure-status" && e.2 == Some(crate::response::MeasureStatus::Executed.id())
        }),
        to_attribution_decision: first(&|e| {
            e.0 == "decision-signed" && e.2 == Some(crate::decision::DecisionKind::Attribution.id())
        }),
    }
}

/// (kind, time in ms, qualifier): the qualifier is a measure's new status
/// for `measure-status` and the decision's kind for `decision-signed`.
pub type TimedEvent<'a> = (&'a str, i64, Option<&'a str>);

#[cfg(test)]
mod duration_tests {
    use super::*;

    #[test]
    fn durations_run_from_the_report_to_the_first_of_each() {
        let hour = 3_600_000;
        let events = [
            ("reported", 0, None),
            ("note", hour, None),
            ("assessment", 5 * hour, None),
            ("assessment", 9 * hour, None),
            ("measure-status", 20 * hour, Some("approved")),
            ("measure-status", 30 * hour, Some("executed")),
            ("decision-signed", 40 * hour, Some("response")),
            ("decision-signed", 50 * hour, Some("attribution")),
        ];
        let d = phase_durations(&events);
        assert_eq!(d.to_first_assessment, Some(5 * hour));
        assert_eq!(d.to_first_executed_measure, Some(30 * hour));
        assert_eq!(d.to_attribution_decision, Some(50 * hour));
        assert_eq!(phase_durations(&events[..2]), PhaseDurations::default().clone());
        assert_eq!(phase_durations(&[]), PhaseDurations::default());
    }
}
