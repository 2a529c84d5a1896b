use super::*;

fn indicator() -> IndicatorInput {
    IndicatorInput {
        name: "Landen die het VN-kader onderschrijven".into(),
        definition: "Aantal".into(),
        unit: "landen".into(),
        verification: "VN-verslag".into(),
        data_source: "TFC".into(),
        frequency: "annual".into(),
        responsible_org: "TFC".into(),
        direction: "higher".into(),
        measure_type: "numeric".into(),
        scale: vec![],
        baseline_period: "2023".into(),
        baseline_value: "40,5".into(),
        baseline_evidence: "Telling".into(),
        example: true,
    }
}

fn fields(e: DomainError) -> Vec<(&'static str, &'static str)> {
    e.fields().iter().map(|f| (f.field, f.code)).collect()
}

#[test]
fn numbers_are_read_as_people_type_them() {
    assert_eq!(parse_number("37,5"), Some(37.5));
    assert_eq!(parse_number("1.250,5"), Some(1250.5));
    assert_eq!(parse_number("1,250.5"), Some(1250.5));
    assert_eq!(parse_number("12"), Some(12.0));
    assert_eq!(parse_number("twaalf"), None);
    assert_eq!(parse_number("inf"), None);
}

#[test]
fn an_indicator_names_every_wrong_field() {
    let v = indicator().validate().expect("valid");
    assert_eq!(v.baseline_value, 40.5);
    assert_eq!(v.baseline_period, Period::year(2023));
    let mut bad = indicator();
    bad.name = " ".into();
    bad.measure_type = "percentage".into();
    bad.baseline_value = "140".into();
    bad.baseline_period = "2023-03-01".into();
    bad.frequency = "weekly".into();
    assert_eq!(
        fields(bad.validate().expect_err("invalid")),
        vec![
            ("name", "required"),
            ("frequency", "frequency_unknown"),
            ("baseline_period", "period_invalid"),
            ("baseline_value", "percentage_out_of_range")
        ]
    );
}

#[test]
fn a_scale_is_named_and_values_sit_on_it() {
    let mut ordinal = indicator();
    ordinal.measure_type = "ordinal".into();
    ordinal.scale = ["Opstartend", "Vormend", "Gevestigd", "Strategisch", "Dynamisch"].map(String::from).to_vec();
    ordinal.baseline_value = "vormend".into();
    assert_eq!(ordinal.validate().expect("by name").baseline_value, 1.0);
    ordinal.baseline_value = "3".into();
    assert_eq!(ordinal.validate().expect("by number from 1").baseline_value, 2.0);
    ordinal.baseline_value = "6".into();
    assert_eq!(fields(ordinal.validate().expect_err("off the scale")), vec![("baseline_value", "not_on_scale")]);
    ordinal.scale = vec!["Eén".into()];
    ordinal.baseline_value = "1".into();
    assert!(fields(ordinal.validate().expect_err("too short")).contains(&("scale", "scale_too_short")));
    let mut numeric = indicator();
    numeric.scale = vec!["laag".into()];
    assert_eq!(fields(numeric.validate().expect_err("no scale")), vec![("scale", "scale_not_allowed")]);
}

fn rules<'a>(shape: &ValueShape<'a>) -> IndicatorRules<'a> {
    IndicatorRules {
        shape: *shape,
        frequency: Frequency::Quarterly,
        direction: Direction::Higher,
        baseline_period: Period::year(2023),
        baseline_value: 40.0,
    }
}

#[test]
fn a_target_lies_ahead_and_a_revision_says_why() {
    let shape = ValueShape { measure_type: MeasureType::Numeric, scale: &[] };
    let r = rules(&shape);
    let t = TargetInput { period: "2028".into(), value: "60".into(), reason: "".into() };
    assert_eq!(t.validate(&r, false).expect("first").value, 60.0);
    assert_eq!(fields(t.validate(&r, true).expect_err("revision")), vec![("reason", "revision_needs_reason")]);
    let against = TargetInput { period: "2022".into(), value: "30".into(), reason: "".into() };
    assert_eq!(
        fields(against.validate(&r, false).expect_err("behind")),
        vec![("period", "target_not_after_baseline"), ("value", "target_against_direction")]
    );
}

#[test]
fn a_measurement_fits_the_frequency_the_clock_and_its_kind() {
    let shape = ValueShape {
        measure_type: MeasureType::Qualitative,
        scale: &["zwak".into(), "redelijk".into(), "sterk".into()],
    };
    let r = rules(&shape);
    let now = Period::quarter(2026, 4);
    let m = MeasurementInput {
        period: "2026-Q3".into(),
        value: "sterk".into(),
        narrative: "Duidelijke steun".into(),
        evidence: "Verslag".into(),
        external: None,
    };
    assert_eq!(m.validate(&r, now).expect("valid").value, 2.0);
    let bad = MeasurementInput {
        period: "2027-Q1".into(),
        narrative: "".into(),
        external: Some(ExternalInput {
            edition: "2024".into(),
            retrieved: "2026-13".into(),
            citation: "ITU".into(),
            no_redistribution: true,
        }),
        ..m.clone()
    };
    assert_eq!(
        fields(bad.validate(&r, now).expect_err("invalid")),
        vec![("period", "period_in_future"), ("narrative", "narrative_required"), ("retrieved", "year_month_invalid")]
    );
    let yearly = MeasurementInput { period: "2026".into(), ..m };
    assert_eq!(fields(yearly.validate(&r, now).expect_err("annual")), vec![("period", "period_not_of_frequency")]);
}

#[test]
fn the_chain_hangs_one_level_at_a_time() {
    assert!(check_parent(None, Level::Impact).is_ok());
    assert!(check_parent(Some(Level::Impact), Level::Outcome).is_ok());
    assert!(check_parent(Some(Level::Outcome), Level::Activity).is_err());
    assert!(check_parent(None, Level::Output).is_err());
    assert!(check_parent(Some(Level::Activity), Level::Activity).is_err());
}

#[test]
fn pressure_on_an_assumption_says_why_and_returning_a_measurement_too() {
    let j = JudgementInput { status: "under-pressure".into(), note: " ".into() };
    assert_eq!(fields(j.validate().expect_err("why")), vec![("judgement_note", "required")]);
    assert!(JudgementInput { status: "holds".into(), note: "".into() }.validate().is_ok());
    assert!(review_reason(true, "").is_ok());
    assert_eq!(fields(review_reason(false, "").expect_err("why")), vec![("reason", "required")]);
}
