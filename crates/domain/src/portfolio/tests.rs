use super::*;

fn input() -> ProjectInput {
    ProjectInput {
        identifier: "XM-DAC-7-CB-2025-01".into(),
        title: "Cyberdiplomatie in Oost-Afrika".into(),
        summary: String::new(),
        language: "nl".into(),
        status: "implementation".into(),
        start_date: "2025-01-01".into(),
        end_date: "2027-12-31".into(),
        lead_org: "BZ".into(),
        donor_name: "Ministerie van Buitenlandse Zaken".into(),
        donor_ref: "XM-DAC-7".into(),
        implementer_name: "Voorbeelduitvoerder".into(),
        implementer_ref: String::new(),
        currency: "eur".into(),
        countries: "KE 60\nug 40".into(),
        sectors: "22040".into(),
        budgets: "2025 250.000\n2026 1.250,50".into(),
        objectives: vec!["12".into(), " 12".into()],
        marking: MarkingInput {
            classification: "ongerubriceerd".into(),
            tlp: "clear".into(),
            open_to_all: true,
            ..Default::default()
        },
    }
}

fn codes(e: DomainError) -> Vec<(&'static str, &'static str)> {
    e.fields().iter().map(|f| (f.field, f.code)).collect()
}

#[test]
fn amounts_read_as_people_type_them() {
    assert_eq!(parse_amount("250.000"), Some(25_000_000));
    assert_eq!(parse_amount("250,000"), Some(25_000_000));
    assert_eq!(parse_amount("1.250,50"), Some(125_050));
    assert_eq!(parse_amount("1,250.5"), Some(125_050));
    assert_eq!(parse_amount("-40 000"), Some(-4_000_000));
    assert_eq!(parse_amount("12 euro"), None);
    assert_eq!(parse_amount(""), None);
    assert_eq!(parse_amount("9999999999999"), None);
}

#[test]
fn a_project_keeps_countries_sectors_and_budgets_per_line() {
    let p = input().validate("stg-geheim").unwrap();
    assert_eq!(p.currency, "EUR");
    assert_eq!(
        p.countries,
        vec![Share { code: "KE".into(), percentage: Some(60.0) }, Share { code: "UG".into(), percentage: Some(40.0) }]
    );
    assert_eq!(
        p.budgets,
        vec![YearBudget { year: 2025, cents: 25_000_000 }, YearBudget { year: 2026, cents: 125_050 }]
    );
    assert_eq!(p.status.iati_code(), "2");
    assert_eq!(p.objectives, vec![12]);
}

#[test]
fn shares_must_be_complete_and_add_up_to_100() {
    let mut i = input();
    i.countries = "KE 60\nUG".into();
    assert!(codes(i.validate("stg-geheim").unwrap_err()).contains(&("countries", "shares_incomplete")));
    i.countries = "KE 60\nUG 30".into();
    assert!(codes(i.validate("stg-geheim").unwrap_err()).contains(&("countries", "shares_not_100")));
    i.countries = "XX".into();
    assert!(codes(i.validate("stg-geheim").unwrap_err()).contains(&("countries", "country_unknown")));
    i.countries = "KE\nKE".into();
    assert!(codes(i.validate("stg-geheim").unwrap_err()).contains(&("countries", "listed_twice")));
}

#[test]
fn sectors_come_from_the_cyber_relevant_dac_list() {
    let mut i = input();
    i.sectors = "11110".into();
    assert_eq!(codes(i.validate("stg-geheim").unwrap_err()), vec![("sectors", "dac_sector_unknown")]);
    i.sectors = String::new();
    assert_eq!(codes(i.validate("stg-geheim").unwrap_err()), vec![("sectors", "required")]);
}

#[test]
fn budgets_fall_in_the_project_years_and_dates_are_real() {
    let mut i = input();
    i.budgets = "2029 10".into();
    assert_eq!(codes(i.validate("stg-geheim").unwrap_err()), vec![("budgets", "year_outside_project")]);
    i.budgets = String::new();
    i.end_date = "2024-02-30".into();
    assert_eq!(codes(i.validate("stg-geheim").unwrap_err()), vec![("end_date", "date_invalid")]);
    i.end_date = "2024-12-31".into();
    assert_eq!(codes(i.validate("stg-geheim").unwrap_err()), vec![("end_date", "end_before_start")]);
}

#[test]
fn identifiers_and_refs_have_no_spaces() {
    let mut i = input();
    i.identifier = "XM DAC 7".into();
    i.donor_ref = String::new();
    assert_eq!(
        codes(i.validate("stg-geheim").unwrap_err()),
        vec![("identifier", "iati_identifier_invalid"), ("donor_ref", "required")]
    );
}

#[test]
fn a_correction_needs_a_note_and_nothing_is_zero() {
    let f =
        FlowInput { kind: "disbursement".into(), date: "2025-03-01".into(), amount: "-1.000".into(), note: "".into() };
    assert_eq!(codes(f.validate().unwrap_err()), vec![("note", "required")]);
    let f = FlowInput { amount: "0".into(), ..f };
    assert_eq!(codes(f.validate().unwrap_err()), vec![("amount", "amount_invalid")]);
    let ok =
        FlowInput { kind: "commitment".into(), date: "2025-03-01".into(), amount: "10.000".into(), note: "".into() };
    assert_eq!(ok.validate().unwrap().cents, 1_000_000);
}

#[test]
fn a_baseline_is_from_before_the_start_in_a_project_country() {
    let dates = ValidDates { start_year: 2025, countries: vec!["KE".into()] };
    let b = BaselineInput {
        country: "ke".into(),
        dimension: "policy-strategy".into(),
        stage: "2".into(),
        year: "2024".into(),
        source: "CMM review 2024".into(),
    };
    assert_eq!(b.validate(&dates).unwrap().stage, 2);
    let late = BaselineInput { year: "2026".into(), country: "GH".into(), stage: "6".into(), ..b };
    assert_eq!(
        codes(late.validate(&dates).unwrap_err()),
        vec![("country", "country_not_in_project"), ("stage", "stage_unknown"), ("year", "baseline_after_start")]
    );
}

#[test]
fn flows_sum_per_year_without_gaps() {
    let budgets = [YearBudget { year: 2025, cents: 100 }, YearBudget { year: 2027, cents: 50 }];
    let flows = [
        (FlowKind::Commitment, "2025-02-01", 80),
        (FlowKind::Disbursement, "2025-06-01", 30),
        (FlowKind::Disbursement, "2025-09-01", -5),
        (FlowKind::Disbursement, "2026-01-10", 20),
    ];
    let years = per_year(&budgets, &flows);
    assert_eq!(years.iter().map(|y| y.year).collect::<Vec<_>>(), vec![2025, 2026, 2027]);
    assert_eq!(years[0], YearFlows { year: 2025, budget: 100, committed: 80, disbursed: 25 });
    assert_eq!(years[1].disbursed, 20);
    assert_eq!(years[2].budget, 50);
}

#[test]
fn a_period_spans_its_real_days() {
    use crate::strategy::Period;
    assert_eq!(Period::year(2025).dates(), ("2025-01-01".to_string(), "2025-12-31".to_string()));
    assert_eq!(Period::quarter(2025, 2).dates(), ("2025-04-01".to_string(), "2025-06-30".to_string()));
    assert_eq!(Period::quarter(2025, 4).dates().1, "2025-12-31");
}
