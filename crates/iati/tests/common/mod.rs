//! What the IATI tests share: the corpus, the official schema through
//! xmllint, and a hand-built activity that is valid.
#![allow(dead_code, reason = "each test binary uses a part of this module")]

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use verbinding_iati::*;

/// A corpus file: `$VERBINDING_CORPUS`, else `../shared/corpus` beside the
/// checkout, else the workplace's `/work/shared/corpus`.
pub fn corpus(relative: &str) -> PathBuf {
    let candidates = [
        std::env::var("VERBINDING_CORPUS").ok().map(PathBuf::from),
        Some(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus")),
        Some(PathBuf::from("/work/shared/corpus")),
    ];
    candidates.into_iter().flatten().map(|base| base.join(relative)).find(|p| p.exists()).unwrap_or_else(|| {
        panic!("corpus file {relative} not found: set VERBINDING_CORPUS to the shared corpus folder")
    })
}

pub fn example_xml() -> String {
    let path = corpus("strategy/iati-samples/activity-standard-example-annotated-2.03.xml");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

/// Validates `xml` against the official IATI 2.03 activity schema with
/// xmllint; panics with xmllint's output when it is not valid.
pub fn assert_schema_valid(xml: &str) {
    if let Err(errors) = schema_errors(xml) {
        panic!("xmllint rejects the file:\n{errors}\n--- file ---\n{xml}");
    }
}

/// xmllint's verdict on `xml` against the official schema: its error output
/// when the file is not valid. A machine without xmllint fails the test: the
/// schema check is the point of it.
pub fn schema_errors(xml: &str) -> Result<(), String> {
    let xsd = corpus("strategy/iati-schemas-2.03/iati-activities-schema.xsd");
    let child = Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(&xsd)
        .arg("-")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(child) => child,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            panic!("xmllint is not on PATH: install libxml2-utils (apt-get install libxml2-utils) to run this test")
        }
        Err(e) => panic!("could not run xmllint: {e}"),
    };
    child.stdin.take().expect("stdin").write_all(xml.as_bytes()).expect("write to xmllint");
    let out = child.wait_with_output().expect("xmllint output");
    if out.status.success() { Ok(()) } else { Err(String::from_utf8_lossy(&out.stderr).into_owned()) }
}

pub fn nl(text: &str) -> Narrative {
    Narrative { lang: Some("nl".into()), text: text.into() }
}

pub fn en(text: &str) -> Narrative {
    Narrative { lang: Some("en".into()), text: text.into() }
}

fn org(reference: &str, kind: &str, name: Text) -> Organisation {
    Organisation { reference: Some(reference.into()), kind: Some(kind.into()), name }
}

fn eur(amount: &str, date: &str) -> Value {
    Value { amount: amount.into(), currency: Some("EUR".into()), value_date: date.into() }
}

/// A valid activity: Dutch and English narratives, text that needs escaping,
/// an ordinal and a qualitative indicator, two countries 60/40, a commitment
/// and a disbursement.
pub fn hand_built() -> Activities {
    let activity = Activity {
        identifier: "XM-DAC-7-PPR-2024-017".into(),
        lang: Some("nl".into()),
        default_currency: Some("EUR".into()),
        last_updated: Some("2026-11-30T09:00:00Z".into()),
        reporting_org: org(
            "XM-DAC-7",
            "10",
            vec![
                Narrative { lang: None, text: "Ministerie van Buitenlandse Zaken".into() },
                en("Ministry of Foreign Affairs"),
            ],
        ),
        title: vec![
            nl("Cyberweerbaarheid <CERT> & \"crisis\" – café-oefening"),
            en("Cyber resilience <CERT> & 'crisis' drills"),
        ],
        descriptions: vec![Description {
            kind: "1".into(),
            text: vec![
                nl("Opbouw van een nationaal CERT; incidenten < 24 uur gemeld & afgehandeld.\nTweede regel."),
                en("Building a national CERT; incidents reported < 24 h & handled."),
            ],
        }],
        participating_orgs: vec![
            ParticipatingOrg { role: "1".into(), organisation: org("XM-DAC-7", "10", vec![nl("BZ")]) },
            ParticipatingOrg {
                role: "4".into(),
                organisation: Organisation {
                    reference: None,
                    kind: Some("21".into()),
                    name: vec![en("Stichting Cyber & Co \"Nederland\"")],
                },
            },
        ],
        status: "2".into(),
        dates: vec![
            ActivityDate { kind: "1".into(), iso_date: "2024-01-01".into() },
            ActivityDate { kind: "2".into(), iso_date: "2024-02-15".into() },
            ActivityDate { kind: "3".into(), iso_date: "2026-12-31".into() },
        ],
        recipient_countries: vec![
            RecipientCountry { code: "KE".into(), percentage: Some("60".into()) },
            RecipientCountry { code: "GH".into(), percentage: Some("40".into()) },
        ],
        sectors: vec![Sector { vocabulary: None, code: "15210".into(), percentage: None }],
        budgets: vec![Budget {
            kind: "1".into(),
            status: "2".into(),
            period_start: "2024-01-01".into(),
            period_end: "2024-12-31".into(),
            value: eur("250000.00", "2024-01-01"),
        }],
        transactions: vec![
            Transaction {
                kind: "2".into(),
                date: "2024-01-10".into(),
                value: eur("750000", "2024-01-10"),
                description: vec![nl("Toezegging voor drie jaar")],
                provider: Some(org("XM-DAC-7", "10", vec![nl("BZ")])),
                receiver: None,
            },
            Transaction {
                kind: "3".into(),
                date: "2024-03-01".into(),
                value: Value { amount: "125000.50".into(), currency: None, value_date: "2024-03-01".into() },
                description: vec![],
                provider: None,
                receiver: Some(Organisation { reference: None, kind: None, name: vec![en("Cyber & Co")] }),
            },
        ],
        results: vec![ResultEntry {
            kind: "2".into(),
            aggregation_status: Some(false),
            title: vec![nl("Volwassenheid van het CERT"), en("CERT maturity")],
            description: vec![en("Maturity on the SIM3 scale; quality of the crisis plan.")],
            indicators: vec![
                Indicator {
                    measure: "4".into(),
                    ascending: Some(true),
                    aggregation_status: None,
                    title: vec![en("SIM3 maturity level (1–4)")],
                    description: vec![],
                    references: vec![IndicatorReference {
                        vocabulary: "99".into(),
                        code: "SIM3".into(),
                        indicator_uri: Some("https://example.org/sim3?a=1&b=2".into()),
                    }],
                    baselines: vec![Baseline {
                        year: "2023".into(),
                        iso_date: Some("2023-12-31".into()),
                        value: Some("1".into()),
                        comment: vec![],
                    }],
                    periods: vec![Period {
                        start: "2024-01-01".into(),
                        end: "2024-12-31".into(),
                        targets: vec![PeriodValue { value: Some("2".into()), comment: vec![] }],
                        actuals: vec![PeriodValue { value: Some("2".into()), comment: vec![nl("Gehaald")] }],
                    }],
                },
                Indicator {
                    measure: "5".into(),
                    ascending: None,
                    aggregation_status: None,
                    title: vec![nl("Kwaliteit van het crisisplan")],
                    description: vec![nl("Oordeel van de reviewers")],
                    references: vec![],
                    baselines: vec![Baseline {
                        year: "2023".into(),
                        iso_date: None,
                        value: None,
                        comment: vec![nl("Geen plan")],
                    }],
                    periods: vec![Period {
                        start: "2024-01-01".into(),
                        end: "2024-12-31".into(),
                        targets: vec![PeriodValue { value: None, comment: vec![nl("Plan vastgesteld en geoefend")] }],
                        actuals: vec![PeriodValue {
                            value: None,
                            comment: vec![nl("Plan vastgesteld; oefening < gepland"), en("Plan adopted")],
                        }],
                    }],
                },
            ],
        }],
    };
    Activities { generated: "2026-12-01T10:30:00Z".into(), activities: vec![activity] }
}
