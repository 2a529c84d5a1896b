//! What a model lacks for a valid IATI 2.03 file.
//!
//! [`check`] covers two kinds of rule: what the official schema requires (so
//! that [`write`](crate::write()) gives a file `xmllint` accepts) and the
//! standard's own rules on codes, dates and percentages that the schema
//! leaves to its codelists and rulesets. An activity without problems writes a
//! valid file; the codelist checks are limited to the codes the model holds.

use std::collections::BTreeMap;

use crate::model::{Activities, Activity, Indicator, Narrative, Organisation, ResultEntry, Value};
use crate::write::is_xml_char;

/// One thing missing or malformed in an activity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The activity's identifier as the model has it (empty when that is the
    /// problem).
    pub activity: String,
    /// A stable machine code, such as `"activity_date_missing"`.
    pub code: &'static str,
    /// The model field it is about, such as
    /// `"results[0].indicators[1].periods[0].end"`; empty for the file as a
    /// whole.
    pub path: String,
    /// What is wrong, for a person.
    pub message: String,
}

/// The problems of a whole file: none of its activities may have any, there
/// must be at least one activity, `generated` must be an `xsd:dateTime`, and
/// identifiers must be unique in the file.
pub fn check_activities(doc: &Activities) -> Vec<Problem> {
    let mut problems = Vec::new();
    let file =
        |code, path: &str, message: String| Problem { activity: String::new(), code, path: path.to_owned(), message };
    if doc.activities.is_empty() {
        problems.push(file("no_activities", "activities", "a file needs at least one activity".to_owned()));
    }
    if doc.generated.is_empty() {
        problems.push(file("generated_missing", "generated", "the file's generated-datetime is not set".to_owned()));
    } else if !is_datetime(&doc.generated) {
        problems.push(file(
            "datetime_invalid",
            "generated",
            format!("{:?} is not an xsd:dateTime (YYYY-MM-DDThh:mm:ss with an optional zone)", doc.generated),
        ));
    }
    let mut seen = BTreeMap::new();
    for (i, activity) in doc.activities.iter().enumerate() {
        let first = *seen.entry(activity.identifier.as_str()).or_insert(i);
        if first != i && !activity.identifier.is_empty() {
            problems.push(Problem {
                activity: activity.identifier.clone(),
                code: "identifier_duplicate",
                path: format!("activities[{i}].identifier"),
                message: format!("activities {first} and {i} have the same identifier"),
            });
        }
        problems.extend(check(activity));
    }
    problems
}

/// The problems of one activity, in the order of its fields. Codes:
///
/// - `identifier_missing`, `identifier_prefix` (the identifier does not start
///   with the reporting organisation's `ref` and a hyphen);
/// - `reporting_org_ref_missing`, `reporting_org_type_missing`,
///   `reporting_org_name_missing`;
/// - `title_missing`, `description_missing` (the schema wants at least one),
///   `description_text_missing`, `description_type_invalid` (not 1–4);
/// - `participating_org_missing`, `participating_org_role_invalid` (not 1–4);
/// - `status_invalid` (not 1–6);
/// - `activity_date_missing`, `activity_date_type_invalid` (not 1–4);
/// - `country_code_invalid` (not two upper-case letters),
///   `country_percentage_missing` (some countries have a share, this one
///   not), `country_percentages_sum` (shares not adding up to 100; the model
///   keeps no regions, so the countries alone must);
/// - `sector_code_missing`, `sector_code_invalid` (DAC 5-digit or 3-digit
///   codes of the wrong form), `sector_percentage_missing`,
///   `sector_percentages_sum` (per vocabulary);
/// - `percentage_out_of_range` (below 0 or above 100);
/// - `budget_type_invalid`, `budget_status_invalid` (not 1–2),
///   `budget_period_end_before_start`, `budget_period_too_long` (a year or
///   more);
/// - `transaction_type_invalid` (not 1–13);
/// - `currency_invalid` (not three upper-case letters), `currency_missing`
///   (a value without currency in an activity without a default currency);
/// - `result_type_invalid` (not 1, 2, 3 or 9), `result_title_missing`,
///   `result_indicator_missing`;
/// - `indicator_title_missing`, `indicator_measure_invalid` (not 1–5),
///   `indicator_reference_incomplete`, `baseline_year_invalid`,
///   `value_on_qualitative` (a value on a measure-5 indicator),
///   `period_end_before_start`;
/// - anywhere: `date_invalid` (not a `YYYY-MM-DD` calendar date),
///   `datetime_invalid`, `decimal_invalid` (amounts, percentages, and values
///   of unit, percentage and ordinal indicators), `lang_invalid` (not a
///   language tag), `narrative_empty`, `character_invalid` (a character XML
///   cannot carry; the writer drops it).
pub fn check(activity: &Activity) -> Vec<Problem> {
    let mut c = Checker { activity: activity.identifier.clone(), problems: Vec::new() };
    c.activity(activity);
    c.problems
}

/// TransactionType codes.
const TRANSACTION_TYPES: [&str; 13] = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13"];

struct Checker {
    activity: String,
    problems: Vec<Problem>,
}

impl Checker {
    fn report(&mut self, code: &'static str, path: impl Into<String>, message: impl Into<String>) {
        self.problems.push(Problem {
            activity: self.activity.clone(),
            code,
            path: path.into(),
            message: message.into(),
        });
    }

    fn activity(&mut self, a: &Activity) {
        if a.identifier.trim().is_empty() {
            self.report("identifier_missing", "identifier", "the activity has no identifier");
        } else if let Some(reference) = a.reporting_org.reference.as_deref().filter(|r| !r.is_empty())
            && !a.identifier.starts_with(&format!("{reference}-"))
        {
            self.report(
                "identifier_prefix",
                "identifier",
                format!(
                    "the identifier does not start with the reporting organisation's ref {reference:?} and a hyphen"
                ),
            );
        }
        if let Some(lang) = &a.lang {
            self.lang(lang, "lang");
        }
        if let Some(currency) = &a.default_currency {
            self.currency(currency, "default_currency");
        }
        if let Some(updated) = &a.last_updated {
            self.datetime(updated, "last_updated");
        }
        self.organisation(&a.reporting_org, "reporting_org");
        let org = &a.reporting_org;
        if org.reference.as_deref().is_none_or(str::is_empty) {
            self.report(
                "reporting_org_ref_missing",
                "reporting_org.reference",
                "the reporting organisation has no ref",
            );
        }
        if org.kind.as_deref().is_none_or(str::is_empty) {
            self.report("reporting_org_type_missing", "reporting_org.kind", "the reporting organisation has no type");
        }
        if org.name.is_empty() {
            self.report("reporting_org_name_missing", "reporting_org.name", "the reporting organisation has no name");
        }
        self.required_text(&a.title, "title", "title_missing", "the activity has no title");
        if a.descriptions.is_empty() {
            self.report("description_missing", "descriptions", "the schema requires at least one description");
        }
        for (i, d) in a.descriptions.iter().enumerate() {
            let p = format!("descriptions[{i}]");
            if !d.kind.is_empty() {
                self.code_in(&d.kind, &["1", "2", "3", "4"], "description_type_invalid", format!("{p}.kind"));
            }
            let message = "a description needs at least one narrative";
            self.required_text(&d.text, &format!("{p}.text"), "description_text_missing", message);
        }
        if a.participating_orgs.is_empty() {
            self.report("participating_org_missing", "participating_orgs", "the schema requires a participating org");
        }
        for (i, p) in a.participating_orgs.iter().enumerate() {
            let path = format!("participating_orgs[{i}]");
            self.code_in(&p.role, &["1", "2", "3", "4"], "participating_org_role_invalid", format!("{path}.role"));
            self.organisation(&p.organisation, &format!("{path}.organisation"));
        }
        self.code_in(&a.status, &["1", "2", "3", "4", "5", "6"], "status_invalid", "status");
        if a.dates.is_empty() {
            self.report("activity_date_missing", "dates", "the schema requires at least one activity date");
        }
        for (i, d) in a.dates.iter().enumerate() {
            self.code_in(&d.kind, &["1", "2", "3", "4"], "activity_date_type_invalid", format!("dates[{i}].kind"));
            self.date(&d.iso_date, &format!("dates[{i}].iso_date"));
        }
        self.countries(a);
        self.sectors(a);
        let currency = a.default_currency.is_some();
        for (i, b) in a.budgets.iter().enumerate() {
            let p = format!("budgets[{i}]");
            if !b.kind.is_empty() {
                self.code_in(&b.kind, &["1", "2"], "budget_type_invalid", format!("{p}.kind"));
            }
            if !b.status.is_empty() {
                self.code_in(&b.status, &["1", "2"], "budget_status_invalid", format!("{p}.status"));
            }
            let start = self.date(&b.period_start, &format!("{p}.period_start"));
            let end = self.date(&b.period_end, &format!("{p}.period_end"));
            if let (Some(start), Some(end)) = (start, end) {
                if end < start {
                    self.report("budget_period_end_before_start", format!("{p}.period_end"), "ends before it starts");
                } else if end >= (start.0 + 1, start.1, start.2) {
                    self.report("budget_period_too_long", format!("{p}.period_end"), "a budget covers at most a year");
                }
            }
            self.value(&b.value, &format!("{p}.value"), currency);
        }
        for (i, t) in a.transactions.iter().enumerate() {
            let p = format!("transactions[{i}]");
            self.code_in(&t.kind, &TRANSACTION_TYPES, "transaction_type_invalid", format!("{p}.kind"));
            self.date(&t.date, &format!("{p}.date"));
            self.value(&t.value, &format!("{p}.value"), currency);
            self.narratives(&t.description, &format!("{p}.description"));
            if let Some(org) = &t.provider {
                self.organisation(org, &format!("{p}.provider"));
            }
            if let Some(org) = &t.receiver {
                self.organisation(org, &format!("{p}.receiver"));
            }
        }
        for (i, r) in a.results.iter().enumerate() {
            self.result(r, &format!("results[{i}]"));
        }
    }

    fn countries(&mut self, a: &Activity) {
        for (i, c) in a.recipient_countries.iter().enumerate() {
            let code = c.code.as_bytes();
            if code.len() != 2 || !code.iter().all(u8::is_ascii_uppercase) {
                self.report(
                    "country_code_invalid",
                    format!("recipient_countries[{i}].code"),
                    format!("{:?} is not an ISO 3166-1 alpha-2 code (two upper-case letters)", c.code),
                );
            }
        }
        let shares = a.recipient_countries.iter().map(|c| c.percentage.as_deref()).enumerate();
        let shares: Vec<_> = shares.map(|(i, s)| (format!("recipient_countries[{i}].percentage"), s)).collect();
        self.shares(&shares, "country_percentage_missing", "country_percentages_sum", "the recipient countries'");
    }

    fn sectors(&mut self, a: &Activity) {
        let mut by_vocabulary: BTreeMap<&str, Vec<(String, Option<&str>)>> = BTreeMap::new();
        for (i, s) in a.sectors.iter().enumerate() {
            let p = format!("sectors[{i}]");
            let vocabulary = s.vocabulary.as_deref().unwrap_or("1");
            let digits = s.code.bytes().all(|b| b.is_ascii_digit());
            if s.code.is_empty() {
                self.report("sector_code_missing", format!("{p}.code"), "the sector has no code");
            } else if (vocabulary == "1" && !(s.code.len() == 5 && digits))
                || (vocabulary == "2" && !(s.code.len() == 3 && digits))
            {
                let form = if vocabulary == "1" { "five digits (DAC 5)" } else { "three digits (DAC 3)" };
                self.report("sector_code_invalid", format!("{p}.code"), format!("{:?} is not {form}", s.code));
            }
            by_vocabulary.entry(vocabulary).or_default().push((format!("{p}.percentage"), s.percentage.as_deref()));
        }
        for (vocabulary, shares) in by_vocabulary {
            let whose = format!("the sectors' of vocabulary {vocabulary}");
            self.shares(&shares, "sector_percentage_missing", "sector_percentages_sum", &whose);
        }
    }

    /// Percentages of one split: each a decimal from 0 to 100, all given or
    /// none, and when given adding up to 100.
    fn shares(&mut self, shares: &[(String, Option<&str>)], missing: &'static str, sum: &'static str, whose: &str) {
        let mut total = 0.0;
        let mut all_valid = true;
        for (path, share) in shares {
            let Some(share) = share else { continue };
            if !is_decimal(share) {
                self.report("decimal_invalid", path, format!("{share:?} is not a decimal"));
                all_valid = false;
                continue;
            }
            let value: f64 = share.parse().unwrap_or(f64::NAN);
            if !(0.0..=100.0).contains(&value) {
                self.report("percentage_out_of_range", path, format!("{share} is not between 0 and 100"));
            }
            total += value;
        }
        let given = shares.iter().filter(|(_, s)| s.is_some()).count();
        if given == 0 {
            return;
        }
        if given < shares.len() {
            for (path, _) in shares.iter().filter(|(_, s)| s.is_none()) {
                self.report(missing, path, format!("{whose} percentages are given for some but not this one"));
            }
        } else if all_valid && (total - 100.0).abs() > 1e-6 {
            let path = shares.first().map(|(p, _)| p.clone()).unwrap_or_default();
            self.report(sum, path, format!("{whose} percentages add up to {total}, not 100"));
        }
    }

    fn value(&mut self, v: &Value, p: &str, default_currency: bool) {
        if !is_decimal(&v.amount) {
            self.report("decimal_invalid", format!("{p}.amount"), format!("{:?} is not a decimal", v.amount));
        }
        match &v.currency {
            Some(currency) => self.currency(currency, &format!("{p}.currency")),
            None if !default_currency => self.report(
                "currency_missing",
                format!("{p}.currency"),
                "the value has no currency and the activity no default currency",
            ),
            None => {}
        }
        self.date(&v.value_date, &format!("{p}.value_date"));
    }

    fn result(&mut self, r: &ResultEntry, p: &str) {
        self.code_in(&r.kind, &["1", "2", "3", "9"], "result_type_invalid", format!("{p}.kind"));
        self.required_text(&r.title, &format!("{p}.title"), "result_title_missing", "the result has no title");
        self.narratives(&r.description, &format!("{p}.description"));
        if r.indicators.is_empty() {
            self.report("result_indicator_missing", format!("{p}.indicators"), "a result needs an indicator");
        }
        for (i, indicator) in r.indicators.iter().enumerate() {
            self.indicator(indicator, &format!("{p}.indicators[{i}]"));
        }
    }

    fn indicator(&mut self, ind: &Indicator, p: &str) {
        self.code_in(&ind.measure, &["1", "2", "3", "4", "5"], "indicator_measure_invalid", format!("{p}.measure"));
        let message = "the indicator has no title";
        self.required_text(&ind.title, &format!("{p}.title"), "indicator_title_missing", message);
        self.narratives(&ind.description, &format!("{p}.description"));
        for (i, r) in ind.references.iter().enumerate() {
            if r.vocabulary.is_empty() || r.code.is_empty() {
                let message = "a reference needs both a vocabulary and a code";
                self.report("indicator_reference_incomplete", format!("{p}.references[{i}]"), message);
            }
        }
        for (i, b) in ind.baselines.iter().enumerate() {
            let bp = format!("{p}.baselines[{i}]");
            if !(b.year.len() == 4 && b.year.bytes().all(|d| d.is_ascii_digit()) && b.year != "0000") {
                self.report("baseline_year_invalid", format!("{bp}.year"), format!("{:?} is not a year", b.year));
            }
            if let Some(date) = &b.iso_date {
                self.date(date, &format!("{bp}.iso_date"));
            }
            self.indicator_value(&ind.measure, b.value.as_deref(), &format!("{bp}.value"));
            self.narratives(&b.comment, &format!("{bp}.comment"));
        }
        for (i, period) in ind.periods.iter().enumerate() {
            let pp = format!("{p}.periods[{i}]");
            let start = self.date(&period.start, &format!("{pp}.start"));
            let end = self.date(&period.end, &format!("{pp}.end"));
            if let (Some(start), Some(end)) = (start, end)
                && end < start
            {
                self.report("period_end_before_start", format!("{pp}.end"), "the period ends before it starts");
            }
            for (kind, values) in [("targets", &period.targets), ("actuals", &period.actuals)] {
                for (j, v) in values.iter().enumerate() {
                    let vp = format!("{pp}.{kind}[{j}]");
                    self.indicator_value(&ind.measure, v.value.as_deref(), &format!("{vp}.value"));
                    self.narratives(&v.comment, &format!("{vp}.comment"));
                }
            }
        }
    }

    /// A baseline, target or actual value: none for a qualitative indicator,
    /// a decimal for a unit, percentage or ordinal one; a nominal one's value
    /// is a category and may be any text.
    fn indicator_value(&mut self, measure: &str, value: Option<&str>, p: &str) {
        let Some(value) = value else { return };
        match measure {
            "5" => self.report("value_on_qualitative", p, "a qualitative indicator has comments, not values"),
            "1" | "2" | "4" if !is_decimal(value) => {
                self.report("decimal_invalid", p, format!("{value:?} is not a decimal"));
            }
            _ => {}
        }
    }

    fn organisation(&mut self, org: &Organisation, p: &str) {
        self.narratives(&org.name, &format!("{p}.name"));
    }

    fn required_text(&mut self, text: &[Narrative], p: &str, code: &'static str, message: &str) {
        if text.is_empty() {
            self.report(code, p, message);
        }
        self.narratives(text, p);
    }

    fn narratives(&mut self, text: &[Narrative], p: &str) {
        for (i, n) in text.iter().enumerate() {
            if n.text.trim().is_empty() {
                self.report("narrative_empty", format!("{p}[{i}].text"), "the narrative has no text");
            }
            if n.text.chars().any(|c| !is_xml_char(c)) {
                let message = "the text has a control character XML cannot carry";
                self.report("character_invalid", format!("{p}[{i}].text"), message);
            }
            if let Some(lang) = &n.lang {
                self.lang(lang, &format!("{p}[{i}].lang"));
            }
        }
    }

    fn code_in(&mut self, code: &str, allowed: &[&str], problem: &'static str, p: impl Into<String>) {
        if !allowed.contains(&code) {
            self.report(problem, p, format!("{code:?} is not one of {}", allowed.join(", ")));
        }
    }

    fn date(&mut self, s: &str, p: &str) -> Option<(i32, u32, u32)> {
        let date = parse_date(s);
        if date.is_none() {
            self.report("date_invalid", p, format!("{s:?} is not a date in the form YYYY-MM-DD"));
        }
        date
    }

    fn datetime(&mut self, s: &str, p: &str) {
        if !is_datetime(s) {
            let message = format!("{s:?} is not an xsd:dateTime (YYYY-MM-DDThh:mm:ss with an optional zone)");
            self.report("datetime_invalid", p, message);
        }
    }

    fn lang(&mut self, s: &str, p: &str) {
        if !is_language(s) {
            self.report("lang_invalid", p, format!("{s:?} is not a language code such as \"en\""));
        }
    }

    fn currency(&mut self, s: &str, p: &str) {
        if !(s.len() == 3 && s.bytes().all(|b| b.is_ascii_uppercase())) {
            self.report("currency_invalid", p, format!("{s:?} is not an ISO 4217 code (three upper-case letters)"));
        }
    }
}

/// `YYYY-MM-DD` naming a real day (year 1 or later, as `xsd:date` has no
/// year 0).
fn parse_date(s: &str) -> Option<(i32, u32, u32)> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let number = |range: std::ops::Range<usize>| -> Option<u32> {
        let part = s.get(range)?;
        if part.bytes().all(|d| d.is_ascii_digit()) { part.parse().ok() } else { None }
    };
    let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (year >= 1 && (1..=days).contains(&day)).then_some((i32::try_from(year).ok()?, month, day))
}

/// `xsd:dateTime` as IATI files use it: a date, `T`, `hh:mm:ss` with optional
/// fraction, and an optional `Z` or `±hh:mm` zone.
fn is_datetime(s: &str) -> bool {
    let Some((date, time)) = s.split_once('T') else { return false };
    if parse_date(date).is_none() {
        return false;
    }
    let (clock, zone) = match time.find(['Z', '+', '-']) {
        Some(at) => time.split_at(at),
        None => (time, ""),
    };
    let two = |s: &str, max: u32| {
        s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit()) && s.parse::<u32>().is_ok_and(|n| n <= max)
    };
    let (hms, fraction) = clock.split_once('.').unwrap_or((clock, "0"));
    let parts: Vec<&str> = hms.split(':').collect();
    let clock_ok = parts.len() == 3
        && two(parts[0], 23)
        && two(parts[1], 59)
        && two(parts[2], 59)
        && !fraction.is_empty()
        && fraction.bytes().all(|b| b.is_ascii_digit());
    let zone_ok = match zone.as_bytes().first() {
        None => true,
        Some(b'Z') => zone.len() == 1,
        Some(_) => zone
            .get(1..)
            .and_then(|z| z.split_once(':'))
            .is_some_and(|(h, m)| two(h, 14) && two(m, 59) && (h != "14" || m == "00")),
    };
    clock_ok && zone_ok
}

/// `xsd:decimal`: an optional sign, digits with at most one decimal point,
/// at least one digit.
pub(crate) fn is_decimal(s: &str) -> bool {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    !(whole.is_empty() && fraction.is_empty())
        && whole.bytes().all(|b| b.is_ascii_digit())
        && fraction.bytes().all(|b| b.is_ascii_digit())
}

/// `xsd:language`: letters, then hyphen-separated letter-or-digit subtags,
/// each one to eight long.
fn is_language(s: &str) -> bool {
    let mut subtags = s.split('-');
    let first_ok =
        subtags.next().is_some_and(|t| (1..=8).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_alphabetic()));
    first_ok && subtags.all(|t| (1..=8).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_calendar_days() {
        assert_eq!(parse_date("2024-02-29"), Some((2024, 2, 29)));
        assert_eq!(parse_date("2023-02-29"), None);
        assert_eq!(parse_date("2023-13-01"), None);
        assert_eq!(parse_date("2023-1-01"), None);
        assert_eq!(parse_date("0000-01-01"), None);
    }

    #[test]
    fn datetimes_decimals_and_languages() {
        assert!(is_datetime("2014-09-10T07:15:37Z"));
        assert!(is_datetime("2014-09-10T07:15:37.5+02:00"));
        assert!(is_datetime("2014-09-10T07:15:37"));
        assert!(!is_datetime("2014-09-10 07:15:37"));
        assert!(!is_datetime("2014-09-10T25:15:37Z"));
        assert!(is_datetime("2014-09-10T07:15:37-14:00") && !is_datetime("2014-09-10T07:15:37+14:30"));
        assert!(is_decimal("-1.5") && is_decimal(".5") && is_decimal("3.") && is_decimal("10"));
        assert!(!is_decimal("") && !is_decimal(".") && !is_decimal("1e3") && !is_decimal("1,5"));
        assert!(is_language("en") && is_language("nl-BE") && !is_language("") && !is_language("e n"));
    }
}
