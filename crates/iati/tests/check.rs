//! `check` on models with one fault each: it names the fault by code and
//! field, and the faults the schema cares about are the ones xmllint rejects.
#![allow(clippy::expect_used, clippy::unwrap_used, reason = "test code: a failed expectation is the test failing")]

mod common;

use common::{hand_built, schema_errors};
use verbinding_iati::*;

/// The (code, path) pairs `check` finds once `change` is made to the valid
/// hand-built activity.
fn problems_after(change: impl FnOnce(&mut Activity)) -> Vec<(&'static str, String)> {
    let mut doc = hand_built();
    change(&mut doc.activities[0]);
    check(&doc.activities[0]).into_iter().map(|p| (p.code, p.path)).collect()
}

#[track_caller]
fn assert_finds(change: impl FnOnce(&mut Activity), code: &str, path: &str) {
    let found = problems_after(change);
    assert!(found.iter().any(|(c, p)| *c == code && p == path), "expected {code} at {path}, found {found:?}");
}

/// Writes the hand-built activity after `change` and asserts the official
/// schema rejects it: the fault is one the writer cannot make up for.
#[track_caller]
fn assert_schema_rejects(change: impl FnOnce(&mut Activity)) {
    let mut doc = hand_built();
    change(&mut doc.activities[0]);
    assert!(schema_errors(&write(&doc)).is_err(), "the schema accepts the changed model");
}

#[test]
fn a_problem_names_its_activity_code_and_field() {
    let mut doc = hand_built();
    doc.activities[0].results[0].indicators[1].periods[0].end = "2023-12-31".into();
    let problems = check(&doc.activities[0]);
    assert_eq!(problems.len(), 1, "{problems:?}");
    let problem = &problems[0];
    assert_eq!(problem.activity, "XM-DAC-7-PPR-2024-017");
    assert_eq!(problem.code, "period_end_before_start");
    assert_eq!(problem.path, "results[0].indicators[1].periods[0].end");
    assert!(!problem.message.is_empty());
}

#[test]
fn required_parts_missing() {
    assert_finds(|a| a.identifier = " ".into(), "identifier_missing", "identifier");
    assert_finds(|a| a.identifier = "NL-KVK-1-X".into(), "identifier_prefix", "identifier");
    assert_finds(|a| a.title.clear(), "title_missing", "title");
    assert_finds(|a| a.descriptions.clear(), "description_missing", "descriptions");
    assert_finds(|a| a.participating_orgs.clear(), "participating_org_missing", "participating_orgs");
    assert_finds(|a| a.dates.clear(), "activity_date_missing", "dates");
    assert_finds(|a| a.reporting_org.reference = None, "reporting_org_ref_missing", "reporting_org.reference");
    assert_finds(|a| a.reporting_org.kind = None, "reporting_org_type_missing", "reporting_org.kind");
    assert_finds(|a| a.reporting_org.name.clear(), "reporting_org_name_missing", "reporting_org.name");
    assert_finds(|a| a.results[0].title.clear(), "result_title_missing", "results[0].title");
    assert_finds(|a| a.results[0].indicators.clear(), "result_indicator_missing", "results[0].indicators");
    assert_finds(
        |a| a.results[0].indicators[1].title.clear(),
        "indicator_title_missing",
        "results[0].indicators[1].title",
    );
    assert_finds(|a| a.title[1].text = " ".into(), "narrative_empty", "title[1].text");
}

#[test]
fn codes_outside_their_codelists() {
    assert_finds(|a| a.status = "7".into(), "status_invalid", "status");
    assert_finds(|a| a.status = String::new(), "status_invalid", "status");
    assert_finds(|a| a.dates[0].kind = "5".into(), "activity_date_type_invalid", "dates[0].kind");
    assert_finds(
        |a| a.participating_orgs[1].role = "9".into(),
        "participating_org_role_invalid",
        "participating_orgs[1].role",
    );
    assert_finds(|a| a.transactions[1].kind = "14".into(), "transaction_type_invalid", "transactions[1].kind");
    assert_finds(|a| a.results[0].kind = "4".into(), "result_type_invalid", "results[0].kind");
    assert_finds(
        |a| a.results[0].indicators[0].measure = "6".into(),
        "indicator_measure_invalid",
        "results[0].indicators[0].measure",
    );
    assert_finds(
        |a| a.results[0].indicators[0].measure = "0".into(),
        "indicator_measure_invalid",
        "results[0].indicators[0].measure",
    );
    assert_finds(|a| a.budgets[0].kind = "3".into(), "budget_type_invalid", "budgets[0].kind");
    assert_finds(
        |a| a.recipient_countries[0].code = "ke".into(),
        "country_code_invalid",
        "recipient_countries[0].code",
    );
    assert_finds(
        |a| a.recipient_countries[1].code = "GHA".into(),
        "country_code_invalid",
        "recipient_countries[1].code",
    );
    assert_finds(|a| a.sectors[0].code = "152".into(), "sector_code_invalid", "sectors[0].code");
    assert_finds(|a| a.default_currency = Some("eur".into()), "currency_invalid", "default_currency");
    assert_finds(|a| a.default_currency = None, "currency_missing", "transactions[1].value.currency");
    assert_finds(|a| a.title[0].lang = Some("n l".into()), "lang_invalid", "title[0].lang");
}

#[test]
fn dates_and_decimals_malformed() {
    assert_finds(|a| a.dates[1].iso_date = "15-02-2024".into(), "date_invalid", "dates[1].iso_date");
    assert_finds(|a| a.dates[1].iso_date = "2023-02-29".into(), "date_invalid", "dates[1].iso_date");
    assert_finds(|a| a.budgets[0].value.value_date = String::new(), "date_invalid", "budgets[0].value.value_date");
    assert_finds(|a| a.transactions[0].value.amount = "1,5".into(), "decimal_invalid", "transactions[0].value.amount");
    assert_finds(
        |a| a.recipient_countries[0].percentage = Some("60%".into()),
        "decimal_invalid",
        "recipient_countries[0].percentage",
    );
    assert_finds(
        |a| a.results[0].indicators[0].baselines[0].value = Some("level one".into()),
        "decimal_invalid",
        "results[0].indicators[0].baselines[0].value",
    );
    assert_finds(|a| a.last_updated = Some("2026-11-30 09:00".into()), "datetime_invalid", "last_updated");
    assert_finds(
        |a| a.results[0].indicators[0].baselines[0].year = "23".into(),
        "baseline_year_invalid",
        "results[0].indicators[0].baselines[0].year",
    );
    assert_finds(
        |a| a.results[0].indicators[0].periods[0].start = "2025-01-01".into(),
        "period_end_before_start",
        "results[0].indicators[0].periods[0].end",
    );
    assert_finds(
        |a| a.budgets[0].period_end = "2023-12-31".into(),
        "budget_period_end_before_start",
        "budgets[0].period_end",
    );
    assert_finds(|a| a.budgets[0].period_end = "2025-01-01".into(), "budget_period_too_long", "budgets[0].period_end");
}

#[test]
fn shares_that_do_not_add_up() {
    assert_finds(
        |a| a.recipient_countries[1].percentage = Some("30".into()),
        "country_percentages_sum",
        "recipient_countries[0].percentage",
    );
    assert_finds(
        |a| a.recipient_countries[1].percentage = None,
        "country_percentage_missing",
        "recipient_countries[1].percentage",
    );
    assert_finds(
        |a| a.recipient_countries[0].percentage = Some("160".into()),
        "percentage_out_of_range",
        "recipient_countries[0].percentage",
    );
    let two_sectors = |a: &mut Activity| {
        a.sectors[0].percentage = Some("70".into());
        a.sectors.push(Sector { vocabulary: Some("1".into()), code: "15220".into(), percentage: Some("20".into()) });
        // Another vocabulary is its own split.
        a.sectors.push(Sector { vocabulary: Some("99".into()), code: "CYBER".into(), percentage: Some("100".into()) });
    };
    let found = problems_after(two_sectors);
    assert_eq!(found, [("sector_percentages_sum", "sectors[0].percentage".to_owned())]);
    // Three shares of a third add up to 100 within rounding.
    let thirds = problems_after(|a| {
        a.recipient_countries[0].percentage = Some("33.33".into());
        a.recipient_countries[1].percentage = Some("33.33".into());
        a.recipient_countries.push(RecipientCountry { code: "UG".into(), percentage: Some("33.34".into()) });
    });
    assert_eq!(thirds, []);
}

#[test]
fn values_on_a_qualitative_indicator() {
    assert_finds(
        |a| a.results[0].indicators[1].periods[0].actuals[0].value = Some("3".into()),
        "value_on_qualitative",
        "results[0].indicators[1].periods[0].actuals[0].value",
    );
}

#[test]
fn the_file_as_a_whole() {
    let mut doc = hand_built();
    doc.activities.push(doc.activities[0].clone());
    doc.generated = "yesterday".into();
    let codes: Vec<&str> = check_activities(&doc).into_iter().map(|p| p.code).collect();
    assert_eq!(codes, ["datetime_invalid", "identifier_duplicate"]);
    let empty = Activities::default();
    let codes: Vec<&str> = check_activities(&empty).into_iter().map(|p| p.code).collect();
    assert_eq!(codes, ["no_activities", "generated_missing"]);
}

#[test]
fn what_check_reports_for_the_schema_the_schema_rejects() {
    assert_schema_rejects(|a| a.title.clear());
    assert_schema_rejects(|a| a.descriptions.clear());
    assert_schema_rejects(|a| a.participating_orgs.clear());
    assert_schema_rejects(|a| a.dates.clear());
    assert_schema_rejects(|a| a.reporting_org.reference = None);
    assert_schema_rejects(|a| a.dates[1].iso_date = "2023-02-29".into());
    assert_schema_rejects(|a| a.transactions[0].value.amount = "1,5".into());
    assert_schema_rejects(|a| a.results[0].indicators.clear());
    assert_schema_rejects(|a| a.results[0].indicators[0].baselines[0].year = "0".into());
}
