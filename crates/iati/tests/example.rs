//! The annotated IATI 2.03 example from the standard: what the reader keeps
//! of it, what it says it left out, and that writing it gives a valid file
//! that reads back the same.
#![allow(clippy::expect_used, clippy::unwrap_used, reason = "test code: a failed expectation is the test failing")]

mod common;

use common::{assert_schema_valid, example_xml};
use verbinding_iati::*;

fn n(lang: Option<&str>, text: &str) -> Narrative {
    Narrative { lang: lang.map(str::to_owned), text: text.to_owned() }
}

#[test]
fn the_example_reads_with_its_kept_facts() {
    let read = read(&example_xml()).expect("the example reads");
    assert_eq!(read.activities.generated, "2014-09-10T07:15:37Z");
    assert_eq!(read.activities.activities.len(), 1);
    let a = &read.activities.activities[0];
    assert_eq!(a.identifier, "AA-AAA-123456789-ABC123");
    assert_eq!(a.lang.as_deref(), Some("en"));
    assert_eq!(a.default_currency.as_deref(), Some("USD"));
    assert_eq!(a.last_updated.as_deref(), Some("2014-09-10T07:15:37Z"));
    assert_eq!(a.reporting_org.reference.as_deref(), Some("AA-AAA-123456789"));
    assert_eq!(a.reporting_org.kind.as_deref(), Some("40"));
    assert_eq!(a.reporting_org.name, vec![n(None, "Organisation name"), n(Some("fr"), "Nom de l'organisme")]);
    assert_eq!(
        a.title,
        vec![n(None, "Activity title"), n(Some("fr"), "Titre de l'activité"), n(Some("es"), "Título de la actividad"),]
    );
    let kinds: Vec<&str> = a.descriptions.iter().map(|d| d.kind.as_str()).collect();
    assert_eq!(kinds, ["1", "2", "3"]);
    assert_eq!(a.descriptions[1].text[1].lang.as_deref(), Some("fr"));

    let orgs: Vec<(&str, Option<&str>, Option<&str>)> = a
        .participating_orgs
        .iter()
        .map(|p| (p.role.as_str(), p.organisation.reference.as_deref(), p.organisation.kind.as_deref()))
        .collect();
    assert_eq!(
        orgs,
        [
            ("1", Some("BB-BBB-123456789"), Some("40")),
            ("2", Some("CC-CCC-123456789"), Some("10")),
            ("3", Some("AA-AAA-123456789"), Some("21")),
        ]
    );
    assert_eq!(a.participating_orgs[2].organisation.name[1], n(Some("fr"), "Nom de l'agence A"));

    assert_eq!(a.status, "2");
    let dates: Vec<(&str, &str)> = a.dates.iter().map(|d| (d.kind.as_str(), d.iso_date.as_str())).collect();
    assert_eq!(dates, [("1", "2012-04-15"), ("2", "2012-04-28"), ("3", "2015-12-31")]);

    assert_eq!(
        a.recipient_countries,
        vec![
            RecipientCountry { code: "AF".into(), percentage: Some("25".into()) },
            RecipientCountry { code: "AG".into(), percentage: Some("25".into()) },
        ]
    );
    let sectors: Vec<(Option<&str>, &str, Option<&str>)> =
        a.sectors.iter().map(|s| (s.vocabulary.as_deref(), s.code.as_str(), s.percentage.as_deref())).collect();
    assert_eq!(
        sectors,
        [(Some("2"), "111", Some("50")), (Some("2"), "112", Some("50")), (Some("99"), "A1", Some("100"))]
    );

    assert_eq!(
        a.budgets,
        vec![Budget {
            kind: "1".into(),
            status: "1".into(),
            period_start: "2014-01-01".into(),
            period_end: "2014-12-31".into(),
            value: Value { amount: "3000".into(), currency: Some("EUR".into()), value_date: "2014-01-01".into() },
        }]
    );

    assert_eq!(a.transactions.len(), 1);
    let t = &a.transactions[0];
    assert_eq!((t.kind.as_str(), t.date.as_str()), ("1", "2012-01-01"));
    assert_eq!(t.value, Value { amount: "1000".into(), currency: Some("EUR".into()), value_date: "2012-01-01".into() });
    assert_eq!(t.description, vec![n(None, "Transaction description text")]);
    let provider = t.provider.as_ref().expect("provider");
    assert_eq!((provider.reference.as_deref(), provider.kind.as_deref()), (Some("BB-BBB-123456789"), Some("10")));
    assert_eq!(provider.name, vec![n(None, "Agency B")]);
    assert_eq!(t.receiver.as_ref().expect("receiver").reference.as_deref(), Some("AA-AAA-123456789"));

    assert_eq!(a.results.len(), 1);
    let r = &a.results[0];
    assert_eq!(r.kind, "1");
    assert_eq!(r.aggregation_status, Some(true));
    assert_eq!(r.title, vec![n(None, "Result title")]);
    assert_eq!(r.description, vec![n(None, "Result description text")]);
    assert_eq!(r.indicators.len(), 1);
    let i = &r.indicators[0];
    assert_eq!(i.measure, "1");
    assert_eq!((i.ascending, i.aggregation_status), (Some(true), Some(true)));
    assert_eq!(i.title, vec![n(None, "Indicator title")]);
    let references: Vec<(&str, &str, Option<&str>)> =
        i.references.iter().map(|r| (r.vocabulary.as_str(), r.code.as_str(), r.indicator_uri.as_deref())).collect();
    assert_eq!(
        references,
        [("1", "3429", None), ("7", "861", None), ("99", "B1", Some("http://example.com/indicators.html"))]
    );
    assert_eq!(
        i.baselines,
        vec![Baseline {
            year: "2012".into(),
            iso_date: Some("2012-01-01".into()),
            value: Some("10".into()),
            comment: vec![n(None, "Baseline comment text")],
        }]
    );
    assert_eq!(
        i.periods,
        vec![Period {
            start: "2013-01-01".into(),
            end: "2013-03-31".into(),
            targets: vec![PeriodValue { value: Some("10".into()), comment: vec![n(None, "Target comment text")] }],
            actuals: vec![PeriodValue { value: Some("11".into()), comment: vec![n(None, "Actual comment text")] }],
        }]
    );
}

#[test]
fn the_example_says_what_it_did_not_keep() {
    let read = read(&example_xml()).expect("the example reads");
    let not_kept = &read.not_kept;
    for path in [
        "@linked-data-default",
        "iati-activity/@humanitarian",
        "iati-activity/other-identifier",
        "iati-activity/contact-info",
        "iati-activity/recipient-region",
        "iati-activity/location",
        "iati-activity/sector/@vocabulary-uri",
        "iati-activity/sector/narrative",
        "iati-activity/activity-date/narrative",
        "iati-activity/participating-org/@activity-id",
        "iati-activity/planned-disbursement",
        "iati-activity/transaction/@ref",
        "iati-activity/transaction/aid-type",
        "iati-activity/transaction/provider-org/@provider-activity-id",
        "iati-activity/conditions",
        "iati-activity/result/reference",
        "iati-activity/result/document-link",
        "iati-activity/result/indicator/baseline/dimension",
        "iati-activity/result/indicator/baseline/location",
        "iati-activity/result/indicator/period/target/dimension",
        "iati-activity/crs-add",
        "iati-activity/fss",
    ] {
        assert!(not_kept.iter().any(|p| p == path), "{path} missing from not_kept: {not_kept:#?}");
    }
    let mut sorted = not_kept.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(&sorted, not_kept, "not_kept is sorted and without repeats");
    // Kept things are not listed, nor anything below an element not kept.
    for kept in ["iati-activity/title", "iati-activity/result/indicator/baseline/comment", "iati-activity/budget/value"]
    {
        assert!(!not_kept.iter().any(|p| p == kept), "{kept} is kept");
    }
    assert!(!not_kept.iter().any(|p| p.starts_with("iati-activity/location/")));
}

#[test]
fn the_example_written_again_is_valid_and_reads_back_the_same() {
    let first = read(&example_xml()).expect("the example reads");
    let written = write(&first.activities);
    assert_schema_valid(&written);
    let second = read(&written).expect("our file reads");
    assert_eq!(second.activities, first.activities);
    assert_eq!(second.not_kept, Vec::<String>::new(), "our own file has nothing the model does not keep");
}
