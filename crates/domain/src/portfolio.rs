//! The capacity-building portfolio (problem P11): projects with their donor,
//! implementer, beneficiary countries, sectors, period, budget per year,
//! commitments and disbursements, the strategy objectives they serve and
//! the recipients' maturity baselines. Pure: storage keeps a project, the
//! app decides who may change it, the IATI crate publishes it.
//!
//! Money is kept in cents of the project's currency: a budget of
//! "250.000" typed in Dutch is two hundred and fifty thousand, never 250.

use crate::error::{DomainError, Validator};
use crate::incident::is_country;
use crate::marking::{MarkingInput, ValidMarking};
use crate::vocabulary::vocabulary;

pub const TITLE_MAX: usize = 200;
pub const TEXT_MAX: usize = 20_000;
pub const NAME_MAX: usize = 200;
/// IATI identifiers are at most a few dozen characters in practice; the
/// standard sets no bound, the database does.
pub const IDENTIFIER_MAX: usize = 200;
/// A single budget line or transaction above a hundred billion is a typing
/// error, not a capacity-building project.
pub const AMOUNT_MAX_CENTS: i64 = 100_000_000_000 * 100;

/// The OECD-DAC 5-digit purpose codes relevant to cyber capacity building,
/// with their English names as the DAC lists them. Source: the OECD DAC and
/// CRS code lists (purpose codes), as published in the IATI Sector codelist
/// (vocabulary 1); the selection is the cyber-relevant list of the test
/// corpus, and an integration test checks this list against it.
pub const DAC_SECTORS: &[(&str, &str)] = &[
    ("15110", "Public sector policy and administrative management"),
    ("15111", "Public finance management (PFM)"),
    ("15113", "Anti-corruption organisations and institutions"),
    ("15130", "Legal and judicial development"),
    ("15150", "Democratic participation and civil society"),
    ("15153", "Media and free flow of information"),
    ("15210", "Security system management and reform"),
    ("15220", "Civilian peace-building, conflict prevention and resolution"),
    ("22010", "Communications policy and administrative management"),
    ("22020", "Telecommunications"),
    ("22030", "Radio/television/print media"),
    ("22040", "Information and communication technology (ICT)"),
    ("43081", "Multisector education/training"),
    ("43082", "Research/scientific institutions"),
];

pub fn is_dac_sector(code: &str) -> bool {
    DAC_SECTORS.iter().any(|(c, _)| *c == code)
}

vocabulary! {
    /// Where a project stands: the IATI ActivityStatus codelist, in order.
    pub enum ProjectStatus as "project status" {
        Pipeline = "pipeline",
        Implementation = "implementation",
        Finalisation = "finalisation",
        Closed = "closed",
        Cancelled = "cancelled",
        Suspended = "suspended",
    }
}

impl ProjectStatus {
    /// The IATI ActivityStatus code.
    pub fn iati_code(self) -> &'static str {
        match self {
            ProjectStatus::Pipeline => "1",
            ProjectStatus::Implementation => "2",
            ProjectStatus::Finalisation => "3",
            ProjectStatus::Closed => "4",
            ProjectStatus::Cancelled => "5",
            ProjectStatus::Suspended => "6",
        }
    }

    pub fn from_iati(code: &str) -> Option<ProjectStatus> {
        ProjectStatus::ALL.into_iter().find(|s| s.iati_code() == code.trim())
    }
}

vocabulary! {
    /// The money flows a project records: the IATI TransactionType codes 2
    /// (outgoing commitment) and 3 (disbursement).
    pub enum FlowKind as "money flow" {
        Commitment = "commitment",
        Disbursement = "disbursement",
    }
}

impl FlowKind {
    pub fn iati_code(self) -> &'static str {
        match self {
            FlowKind::Commitment => "2",
            FlowKind::Disbursement => "3",
        }
    }
}

vocabulary! {
    /// The five dimensions of the Oxford Global Cyber Security Capacity
    /// Centre's Cybersecurity Capacity Maturity Model for Nations (CMM,
    /// 2021 edition, <https://gcscc.web.ox.ac.uk/the-cmm>).
    pub enum CmmDimension as "maturity dimension" {
        PolicyStrategy = "policy-strategy",
        CultureSociety = "culture-society",
        KnowledgeCapabilities = "knowledge-capabilities",
        LegalRegulatory = "legal-regulatory",
        StandardsTechnologies = "standards-technologies",
    }
}

/// The CMM's five stages of maturity, lowest first (the same scale the demo
/// strategy's ordinal indicator uses).
pub const CMM_STAGES: [&str; 5] = ["Start-up", "Formative", "Established", "Strategic", "Dynamic"];

/// A project as typed. Countries, sectors and budgets are one per line:
/// `KE 60` (code and share in percent), `22040 100`, `2025 250.000`.
#[derive(Debug, Clone, Default)]
pub struct ProjectInput {
    pub identifier: String,
    pub title: String,
    pub summary: String,
    /// The language the title and summary are written in: `nl` or `en`.
    pub language: String,
    pub status: String,
    pub start_date: String,
    pub end_date: String,
    /// The directory organisation that funds and leads the project.
    pub lead_org: String,
    /// The donor as IATI names it: its name and organisation identifier.
    pub donor_name: String,
    pub donor_ref: String,
    pub implementer_name: String,
    pub implementer_ref: String,
    pub currency: String,
    pub countries: String,
    pub sectors: String,
    pub budgets: String,
    /// Ids of the strategy objectives the project serves.
    pub objectives: Vec<String>,
    pub marking: MarkingInput,
}

/// A code and its share in percent (none when the project gives no shares).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Share {
    pub code: String,
    pub percentage: Option<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct YearBudget {
    pub year: i32,
    pub cents: i64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ValidProject {
    pub identifier: String,
    pub title: String,
    pub summary: String,
    pub language: String,
    pub status: ProjectStatus,
    pub start_date: String,
    pub end_date: String,
    pub lead_org: String,
    pub donor_name: String,
    pub donor_ref: String,
    pub implementer_name: String,
    pub implementer_ref: String,
    pub currency: String,
    pub countries: Vec<Share>,
    pub sectors: Vec<Share>,
    pub budgets: Vec<YearBudget>,
    pub objectives: Vec<i64>,
    pub marking: ValidMarking,
}

fn text(v: &mut Validator, value: &str, field: &'static str, max: usize, required: bool) -> String {
    let value = value.trim();
    v.check(!required || !value.is_empty(), field, "required");
    v.check(value.chars().count() <= max, field, "too_long");
    value.to_string()
}

fn date(v: &mut Validator, value: &str, field: &'static str) -> String {
    let typed = crate::directory::typed_date(value);
    let value = typed.as_str();
    v.check(!value.is_empty(), field, "required");
    v.check(value.is_empty() || crate::directory::valid_date(value), field, "date_invalid");
    value.to_string()
}

/// An organisation identifier as IATI writes it: letters, digits, hyphens,
/// dots and underscores, no spaces (e.g. `XM-DAC-7`).
fn org_ref(v: &mut Validator, value: &str, field: &'static str, required: bool) -> String {
    let value = text(v, value, field, IDENTIFIER_MAX, required);
    let ok = value.chars().all(|c| c.is_ascii_alphanumeric() || "-._/".contains(c));
    v.check(ok, field, "iati_identifier_invalid");
    value
}

/// Reads an amount of money in cents. A separator followed by one or two
/// digits at the end is the decimal separator; every other `.`, `,` or
/// space groups thousands — so "250.000" and "250,000" are both a quarter
/// of a million, and "1.250,50" and "1,250.50" the same sum.
pub fn parse_amount(text: &str) -> Option<i64> {
    let t: String = text.trim().chars().filter(|c| !c.is_whitespace() && *c != '\u{a0}').collect();
    let (negative, t) = match t.strip_prefix('-') {
        Some(rest) => (true, rest.to_string()),
        None => (false, t),
    };
    if t.is_empty() || !t.chars().all(|c| c.is_ascii_digit() || c == '.' || c == ',') {
        return None;
    }
    let (whole, fraction) = match t.rfind(['.', ',']) {
        Some(i) if (1..=2).contains(&(t.len() - i - 1)) => (&t[..i], &t[i + 1..]),
        _ => (t.as_str(), ""),
    };
    let digits: String = whole.chars().filter(char::is_ascii_digit).collect();
    if digits.is_empty() || digits.len() > 12 {
        return None;
    }
    let euros = digits.parse::<i64>().ok()?;
    let cents = match fraction.len() {
        0 => 0,
        1 => fraction.parse::<i64>().ok()? * 10,
        _ => fraction.parse::<i64>().ok()?,
    };
    let total = euros.checked_mul(100)?.checked_add(cents)?;
    (total <= AMOUNT_MAX_CENTS).then_some(if negative { -total } else { total })
}

/// Lines of `CODE [SHARE]`; either every line has a share and they add up
/// to 100, or none has.
fn shares(
    v: &mut Validator,
    text: &str,
    field: &'static str,
    known: impl Fn(&str) -> bool,
    unknown: &'static str,
) -> Vec<Share> {
    let mut out: Vec<Share> = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let mut parts = line.split_whitespace();
        let code = parts.next().unwrap_or_default().to_ascii_uppercase();
        let share = parts.next().map(|p| crate::strategy::parse_number(p.trim_end_matches('%')));
        v.check(parts.next().is_none(), field, "line_invalid");
        v.check(known(&code), field, unknown);
        v.check(!out.iter().any(|s| s.code == code), field, "listed_twice");
        let percentage = match share {
            None => None,
            Some(Some(p)) if p > 0.0 && p <= 100.0 => Some(p),
            Some(_) => {
                v.check(false, field, "share_invalid");
                None
            }
        };
        out.push(Share { code, percentage });
    }
    let given = out.iter().filter(|s| s.percentage.is_some()).count();
    v.check(given == 0 || given == out.len(), field, "shares_incomplete");
    let sum: f64 = out.iter().filter_map(|s| s.percentage).sum();
    v.check(given == 0 || (sum - 100.0).abs() < 0.01, field, "shares_not_100");
    out
}

fn budgets(v: &mut Validator, text: &str, years: Option<(i32, i32)>) -> Vec<YearBudget> {
    let mut out: Vec<YearBudget> = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let (year, amount) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
        let year = year.parse::<i32>().ok().filter(|y| (2000..=2100).contains(y));
        let cents = parse_amount(amount).filter(|c| *c >= 0);
        v.check(year.is_some(), "budgets", "year_invalid");
        v.check(cents.is_some(), "budgets", "amount_invalid");
        if let (Some(year), Some(cents)) = (year, cents) {
            v.check(!out.iter().any(|b| b.year == year), "budgets", "listed_twice");
            if let Some((from, to)) = years {
                v.check((from..=to).contains(&year), "budgets", "year_outside_project");
            }
            out.push(YearBudget { year, cents });
        }
    }
    out.sort_by_key(|b| b.year);
    out
}

fn year_of(date: &str) -> Option<i32> {
    date.get(0..4)?.parse().ok()
}

impl ProjectInput {
    /// What an edit of an imported project may change — the lead, the
    /// objectives served and the marking — checked on their own: the rest
    /// is another publisher's record, kept as it came in.
    pub fn validate_ours(&self, ceiling: &str) -> Result<(String, Vec<i64>, ValidMarking), DomainError> {
        let mut v = Validator::new();
        v.check(!self.lead_org.trim().is_empty(), "lead_org", "required");
        let objectives = self.objective_ids(&mut v);
        let marking = self.marking.check(ceiling, &mut v);
        v.finish()?;
        let marking = marking.ok_or_else(|| DomainError::invalid("tlp", "tlp_unknown"))?;
        Ok((self.lead_org.trim().to_string(), objectives, marking))
    }

    fn objective_ids(&self, v: &mut Validator) -> Vec<i64> {
        let mut objectives: Vec<i64> = Vec::new();
        for o in self.objectives.iter().map(|o| o.trim()).filter(|o| !o.is_empty()) {
            let id = o.parse::<i64>().ok().filter(|i| *i > 0);
            v.check(id.is_some(), "objectives", "objective_unknown");
            objectives.extend(id);
        }
        objectives.sort_unstable();
        objectives.dedup();
        objectives
    }

    pub fn validate(&self, ceiling: &str) -> Result<ValidProject, DomainError> {
        let mut v = Validator::new();
        let identifier = org_ref(&mut v, &self.identifier, "identifier", true);
        let title = text(&mut v, &self.title, "title", TITLE_MAX, true);
        let summary = text(&mut v, &self.summary, "summary", TEXT_MAX, false);
        let language = self.language.trim().to_string();
        v.check(language == "nl" || language == "en", "language", "language_unknown");
        let status = ProjectStatus::parse(&self.status);
        v.check(status.is_some(), "status", "status_unknown");
        let start_date = date(&mut v, &self.start_date, "start_date");
        let end_date = date(&mut v, &self.end_date, "end_date");
        let dated = crate::directory::valid_date(&start_date) && crate::directory::valid_date(&end_date);
        v.check(!dated || end_date >= start_date, "end_date", "end_before_start");
        v.check(!self.lead_org.trim().is_empty(), "lead_org", "required");
        let donor_name = text(&mut v, &self.donor_name, "donor_name", NAME_MAX, true);
        let donor_ref = org_ref(&mut v, &self.donor_ref, "donor_ref", true);
        let implementer_name = text(&mut v, &self.implementer_name, "implementer_name", NAME_MAX, true);
        let implementer_ref = org_ref(&mut v, &self.implementer_ref, "implementer_ref", false);
        let currency = self.currency.trim().to_ascii_uppercase();
        v.check(
            currency.len() == 3 && currency.chars().all(|c| c.is_ascii_uppercase()),
            "currency",
            "currency_invalid",
        );
        let countries = shares(&mut v, &self.countries, "countries", is_country, "country_unknown");
        let sectors = shares(&mut v, &self.sectors, "sectors", is_dac_sector, "dac_sector_unknown");
        v.check(!sectors.is_empty(), "sectors", "required");
        let years = if dated && end_date >= start_date { year_of(&start_date).zip(year_of(&end_date)) } else { None };
        let budgets = budgets(&mut v, &self.budgets, years);
        let objectives = self.objective_ids(&mut v);
        let marking = self.marking.check(ceiling, &mut v);
        v.finish()?;
        Ok(ValidProject {
            identifier,
            title,
            summary,
            language,
            status: status.ok_or_else(|| DomainError::invalid("status", "status_unknown"))?,
            start_date,
            end_date,
            lead_org: self.lead_org.trim().to_string(),
            donor_name,
            donor_ref,
            implementer_name,
            implementer_ref,
            currency,
            countries,
            sectors,
            budgets,
            objectives,
            marking: marking.ok_or_else(|| DomainError::invalid("tlp", "tlp_unknown"))?,
        })
    }
}

/// A commitment or disbursement as typed.
#[derive(Debug, Clone, Default)]
pub struct FlowInput {
    pub kind: String,
    pub date: String,
    pub amount: String,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ValidFlow {
    pub kind: FlowKind,
    pub date: String,
    /// Negative for a correction of an earlier entry.
    pub cents: i64,
    pub note: String,
}

impl FlowInput {
    /// Flows are history: a mistake is corrected by a negative entry with a
    /// note saying what it corrects, never by changing the first.
    pub fn validate(&self) -> Result<ValidFlow, DomainError> {
        let mut v = Validator::new();
        let kind = FlowKind::parse(&self.kind);
        v.check(kind.is_some(), "kind", "flow_kind_unknown");
        let date = date(&mut v, &self.date, "date");
        let cents = parse_amount(&self.amount);
        v.check(!self.amount.trim().is_empty(), "amount", "required");
        v.check(self.amount.trim().is_empty() || cents.is_some_and(|c| c != 0), "amount", "amount_invalid");
        let note = text(&mut v, &self.note, "note", TEXT_MAX, cents.is_some_and(|c| c < 0));
        v.finish()?;
        Ok(ValidFlow {
            kind: kind.ok_or_else(|| DomainError::invalid("kind", "flow_kind_unknown"))?,
            date,
            cents: cents.unwrap_or_default(),
            note,
        })
    }
}

/// A recipient's maturity on one CMM dimension, as typed, with where it
/// comes from.
#[derive(Debug, Clone, Default)]
pub struct BaselineInput {
    pub country: String,
    pub dimension: String,
    /// 1–5 on [`CMM_STAGES`].
    pub stage: String,
    pub year: String,
    pub source: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ValidBaseline {
    pub country: String,
    pub dimension: CmmDimension,
    pub stage: u8,
    pub year: i32,
    pub source: String,
}

impl BaselineInput {
    pub fn validate(&self, project: &ValidDates) -> Result<ValidBaseline, DomainError> {
        let mut v = Validator::new();
        let country = self.country.trim().to_ascii_uppercase();
        v.check(is_country(&country), "country", "country_unknown");
        v.check(project.countries.contains(&country), "country", "country_not_in_project");
        let dimension = CmmDimension::parse(&self.dimension);
        v.check(dimension.is_some(), "dimension", "dimension_unknown");
        let stage = self.stage.trim().parse::<u8>().ok().filter(|s| (1..=5).contains(s));
        v.check(stage.is_some(), "stage", "stage_unknown");
        let year = self.year.trim().parse::<i32>().ok().filter(|y| (2000..=2100).contains(y));
        v.check(year.is_some(), "year", "year_invalid");
        // A baseline describes the start: it is not measured after the project began.
        v.check(year.is_none_or(|y| y <= project.start_year), "year", "baseline_after_start");
        let source = text(&mut v, &self.source, "source", TEXT_MAX, true);
        v.finish()?;
        Ok(ValidBaseline {
            country,
            dimension: dimension.ok_or_else(|| DomainError::invalid("dimension", "dimension_unknown"))?,
            stage: stage.unwrap_or(1),
            year: year.unwrap_or_default(),
            source,
        })
    }
}

/// What a baseline is checked against: the project's first year and its
/// countries.
#[derive(Debug, Clone)]
pub struct ValidDates {
    pub start_year: i32,
    pub countries: Vec<String>,
}

/// Commitments and disbursements per calendar year, as the portfolio shows
/// them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
pub struct YearFlows {
    pub year: i32,
    pub budget: i64,
    pub committed: i64,
    pub disbursed: i64,
}

/// Sums flows and budgets per year, every year from the first to the last
/// that has any, in order.
pub fn per_year(budgets: &[YearBudget], flows: &[(FlowKind, &str, i64)]) -> Vec<YearFlows> {
    let mut years: std::collections::BTreeMap<i32, YearFlows> = std::collections::BTreeMap::new();
    for b in budgets {
        years.entry(b.year).or_insert(YearFlows { year: b.year, ..Default::default() }).budget += b.cents;
    }
    for (kind, date, cents) in flows {
        let Some(year) = year_of(date) else { continue };
        let entry = years.entry(year).or_insert(YearFlows { year, ..Default::default() });
        match kind {
            FlowKind::Commitment => entry.committed += cents,
            FlowKind::Disbursement => entry.disbursed += cents,
        }
    }
    let (Some(first), Some(last)) = (years.keys().next().copied(), years.keys().last().copied()) else {
        return Vec::new();
    };
    (first..=last).map(|y| years.get(&y).copied().unwrap_or(YearFlows { year: y, ..Default::default() })).collect()
}

#[cfg(test)]
mod tests;
