//! Foresight: future scenarios with the stance of each part, signposts on
//! the strategy's indicators whose crossing the scheduler records once and
//! puts before the next review, and need-to-know on all of it.

use crate::helpers::*;
use crate::on_both_backends;
use verbinding_app::{AppError, foresight, indicators, reviews, strategy};
use verbinding_domain::marking::MarkingInput;
use verbinding_domain::strategy::foresight::{ScenarioInput, SignpostInput};
use verbinding_domain::strategy::review::ReviewInput;
use verbinding_domain::strategy::{IndicatorInput, MeasurementInput};
use verbinding_store::Backend;

on_both_backends!(
    a_crossed_signpost_is_raised_once_and_taken_into_the_next_review,
    a_scenario_is_never_more_open_than_its_strategy_or_what_its_signposts_watch,
    a_scenario_is_edited_on_its_page_and_a_stale_edit_is_refused,
);

const COORDINATOR: &str = "coordinator@tfc.example";
const SECOND: &str = "directeur@tfc.example";

fn scenario(marking: MarkingInput) -> ScenarioInput {
    ScenarioInput {
        title: "Ransomware ontwricht vitale aanbieders in de EU".into(),
        theme: "ransomware".into(),
        narrative: "Statelijk gedoogde ransomwaregroepen treffen ziekenhuizen en havens in meerdere lidstaten.".into(),
        lead_org: "TFC".into(),
        marking,
    }
}

async fn a_crossed_signpost_is_raised_once_and_taken_into_the_next_review(b: Backend) {
    let app = spawn_app(b).await;
    let a = &app.state.app;
    let c = caller_for(a, COORDINATOR).await;
    let second = caller_for(a, SECOND).await;
    let sid = strategy::list_strategies(a, &c).await.expect("list")[0].id;
    let (_, nodes) = strategy::tree(a, &c, sid).await.expect("tree");
    let goal = nodes[0].objective.id;
    let indicator = indicators::create(
        a,
        &c,
        goal,
        &IndicatorInput {
            name: "Meldingen van ransomware bij vitale aanbieders".into(),
            definition: "Aantal meldingen per jaar".into(),
            unit: "meldingen".into(),
            verification: "Jaarcijfers".into(),
            data_source: "NCSC".into(),
            frequency: "annual".into(),
            responsible_org: "TFC".into(),
            direction: "lower".into(),
            measure_type: "numeric".into(),
            baseline_period: "2023".into(),
            baseline_value: "20".into(),
            baseline_evidence: "Jaarcijfers 2023".into(),
            ..Default::default()
        },
    )
    .await
    .expect("indicator");
    let id = foresight::create_scenario(a, &c, sid, &scenario(public_marking())).await.expect("scenario");
    foresight::set_stance(a, &c, id, goal, "robust").await.expect("stance");
    let e = foresight::set_stance(a, &c, id, goal, "maybe").await.expect_err("unknown stance");
    assert_eq!(field_codes(e), vec![("stance".to_string(), "stance_unknown".to_string())]);
    let signpost = SignpostInput {
        name: "Meer dan 30 meldingen per jaar".into(),
        indicator: indicator.to_string(),
        threshold: "30".into(),
        crossing: "above".into(),
    };
    foresight::add_signpost(a, &c, id, &signpost).await.expect("signpost");
    // Below the threshold nothing is raised.
    let m = |value: &str, period: &str| MeasurementInput {
        period: period.into(),
        value: value.into(),
        evidence: "Jaarcijfers".into(),
        ..Default::default()
    };
    let first = indicators::submit_measurement(a, &c, indicator, &m("25", "2024"), None).await.expect("2024");
    indicators::review_measurement(a, &second, first, true, "").await.expect("approved");
    assert_eq!(foresight::tick(a).await.expect("tick"), 0);
    // A submitted value does not count until it is approved.
    let next = indicators::submit_measurement(a, &c, indicator, &m("34", "2025"), None).await.expect("2025");
    assert_eq!(foresight::tick(a).await.expect("tick"), 0, "waiting for review counts for nothing");
    indicators::review_measurement(a, &second, next, true, "").await.expect("approved");
    assert_eq!(foresight::tick(a).await.expect("tick"), 1, "crossed");
    assert_eq!(foresight::tick(a).await.expect("tick"), 0, "once");
    let page = foresight::scenario_page(a, &c, id).await.expect("page");
    assert_eq!(page.signposts[0].crossed_value, Some(34.0));
    assert_eq!(page.items.len(), 1);
    assert_eq!(page.stances.iter().find(|s| s.objective.id == goal).and_then(|s| s.stance.as_deref()), Some("robust"));
    // The dashboard of who records reviews shows it.
    let (_, html) = app.login(COORDINATOR).await.get_html("/").await;
    assert!(html.contains("Signaal over de drempel: Meer dan 30 meldingen per jaar"));
    // The next review takes it into what it saw; then it is no longer open.
    let review = ReviewInput {
        cadence: "annual".into(),
        period: "2025".into(),
        held_on: "2026-02-10".into(),
        participants: "TFC".into(),
        lead_org: "TFC".into(),
        marking: public_marking(),
        ..Default::default()
    };
    let rid = reviews::create_review(a, &c, sid, &review).await.expect("review");
    let seen = reviews::review_page(a, &c, rid).await.expect("review page");
    assert_eq!(seen.snapshot.signposts.len(), 1);
    assert_eq!(seen.snapshot.signposts[0].value, 34.0);
    assert!(foresight::open_items(a, &c).await.expect("open").is_empty());
    let page = foresight::scenario_page(a, &c, id).await.expect("page");
    assert_eq!(page.items[0].taken_into_review, Some(rid));

    // Back below the threshold the signpost re-arms; a next crossing is a new item.
    let calmer = indicators::submit_measurement(a, &c, indicator, &m("28", "2026"), None).await.expect("2026");
    indicators::review_measurement(a, &second, calmer, true, "").await.expect("approved");
    assert_eq!(foresight::tick(a).await.expect("tick"), 0, "re-arming raises nothing");
    let page = foresight::scenario_page(a, &c, id).await.expect("page");
    assert_eq!((page.signposts[0].crossed_at, page.signposts[0].rearmed_value), (None, Some(28.0)));
    assert_eq!(foresight::tick(a).await.expect("tick"), 0, "armed, and below: nothing to do");
    // A corrected 2026 figure (the year is not over) crosses again.
    let again = indicators::submit_measurement(a, &c, indicator, &m("31", "2026"), None).await.expect("2026 again");
    indicators::review_measurement(a, &second, again, true, "").await.expect("approved");
    assert_eq!(foresight::tick(a).await.expect("tick"), 1, "crossed again");
    let page = foresight::scenario_page(a, &c, id).await.expect("page");
    let items: Vec<(f64, Option<i64>)> = page.items.iter().map(|i| (i.value, i.taken_into_review)).collect();
    assert_eq!(items, vec![(34.0, Some(rid)), (31.0, None)], "every crossing keeps its item");
    let rows: Vec<String> = sqlx::query_scalar("SELECT detail FROM audit_log WHERE object_id = $1 ORDER BY seq")
        .bind(id)
        .fetch_all(app.state.db.raw())
        .await
        .expect("audit");
    let changes: Vec<&str> =
        ["signpost.crossed", "signpost.rearmed"].into_iter().filter(|c| rows.iter().any(|d| d.contains(*c))).collect();
    assert_eq!(changes, vec!["signpost.crossed", "signpost.rearmed"], "both are audited on the scenario");
}

async fn a_scenario_is_never_more_open_than_its_strategy_or_what_its_signposts_watch(b: Backend) {
    let app = spawn_app(b).await;
    let a = &app.state.app;
    let c = caller_for(a, COORDINATOR).await;
    let sid = strategy::list_strategies(a, &c).await.expect("list")[0].id;
    let (_, nodes) = strategy::tree(a, &c, sid).await.expect("tree");
    // A secret part with an indicator: an open scenario may not watch it.
    let secret = verbinding_domain::strategy::ObjectiveInput {
        title: "Geheime werklijn".into(),
        level: "outcome".into(),
        horizon: "short".into(),
        lead_org: "TFC".into(),
        marking: tfc_only_marking(),
        ..Default::default()
    };
    let part = strategy::create_objective(a, &c, strategy::Under::Objective(nodes[0].objective.id), &secret)
        .await
        .expect("part");
    let watched = indicators::create(
        a,
        &c,
        part,
        &IndicatorInput {
            name: "Bezoeken".into(),
            definition: "d".into(),
            verification: "v".into(),
            data_source: "s".into(),
            frequency: "annual".into(),
            responsible_org: "TFC".into(),
            direction: "higher".into(),
            measure_type: "numeric".into(),
            baseline_period: "2023".into(),
            baseline_value: "1".into(),
            baseline_evidence: "e".into(),
            ..Default::default()
        },
    )
    .await
    .expect("indicator");
    let id = foresight::create_scenario(a, &c, sid, &scenario(public_marking())).await.expect("scenario");
    let signpost = SignpostInput {
        name: "Bezoeken".into(),
        indicator: watched.to_string(),
        threshold: "3".into(),
        crossing: "above".into(),
    };
    let e = foresight::add_signpost(a, &c, id, &signpost).await.expect_err("too open");
    assert_eq!(field_codes(e), vec![("need_to_know".to_string(), "signpost_wider_than_indicator".to_string())]);
    // A part an open scenario's signpost watches cannot be narrowed below it.
    let open_part = strategy::create_objective(
        a,
        &c,
        strategy::Under::Objective(nodes[0].objective.id),
        &verbinding_domain::strategy::ObjectiveInput {
            title: "Open werklijn".into(),
            marking: public_marking(),
            ..secret.clone()
        },
    )
    .await
    .expect("open part");
    let open_indicator = indicators::create(
        a,
        &c,
        open_part,
        &IndicatorInput {
            name: "Open bezoeken".into(),
            definition: "d".into(),
            verification: "v".into(),
            data_source: "s".into(),
            frequency: "annual".into(),
            responsible_org: "TFC".into(),
            direction: "higher".into(),
            measure_type: "numeric".into(),
            baseline_period: "2023".into(),
            baseline_value: "1".into(),
            baseline_evidence: "e".into(),
            ..Default::default()
        },
    )
    .await
    .expect("open indicator");
    let watch = SignpostInput { indicator: open_indicator.to_string(), ..signpost.clone() };
    foresight::add_signpost(a, &c, id, &watch).await.expect("signpost on the open part");
    let e = remark_objective(a, &c, open_part, tfc_only_marking()).await.expect_err("watched");
    assert_eq!(field_codes(e), vec![("need_to_know".to_string(), "objective_narrower_than_signposts".to_string())]);
    // A scenario marked as the part may.
    let narrow = foresight::create_scenario(a, &c, sid, &scenario(tfc_only_marking())).await.expect("narrow scenario");
    foresight::add_signpost(a, &c, narrow, &signpost).await.expect("signpost");
    // The evaluator sees the open scenario, not the narrow one.
    let evaluator = caller_for(a, "evaluator@bz.example").await;
    let listed: Vec<i64> =
        foresight::scenarios_of(a, &evaluator, sid).await.expect("list").iter().map(|s| s.id).collect();
    assert!(listed.contains(&id) && !listed.contains(&narrow));
    assert!(matches!(foresight::scenario_page(a, &evaluator, narrow).await, Err(AppError::NotFound)));
    let page = foresight::scenario_page(a, &evaluator, id).await.expect("open scenario");
    assert!(page.stances.iter().all(|s| s.objective.id != part), "not the secret part");
    // A scenario is never more open than its strategy.
    let closed = strategy::create_strategy(
        a,
        &c,
        &verbinding_domain::strategy::StrategyInput {
            title: "Werkstrategie".into(),
            start_year: "2024".into(),
            end_year: "2027".into(),
            lead_org: "TFC".into(),
            marking: tfc_only_marking(),
            ..Default::default()
        },
    )
    .await
    .expect("strategy");
    let e = foresight::create_scenario(a, &c, closed, &scenario(public_marking())).await.expect_err("too open");
    assert_eq!(field_codes(e), vec![("need_to_know".to_string(), "scenario_wider_than_strategy".to_string())]);
    // Only who shapes the strategy adds scenarios.
    assert!(matches!(
        foresight::create_scenario(a, &evaluator, sid, &scenario(public_marking())).await,
        Err(AppError::Forbidden)
    ));
}

async fn a_scenario_is_edited_on_its_page_and_a_stale_edit_is_refused(b: Backend) {
    let app = spawn_app(b).await;
    let a = &app.state.app;
    let c = caller_for(a, COORDINATOR).await;
    let sid = strategy::list_strategies(a, &c).await.expect("list")[0].id;
    let id = foresight::create_scenario(a, &c, sid, &scenario(public_marking())).await.expect("scenario");
    let mut page = app.login(COORDINATOR).await;
    let (status, html) = page.get_html(&format!("/strategy/scenarios/{id}")).await;
    assert_eq!(status, 200);
    assert!(html.contains(&format!(r#"href="/strategy/scenarios/{id}/edit""#)), "the scenario links its edit form");
    page.refresh_csrf(&format!("/strategy/scenarios/{id}/edit")).await;
    let (status, html) = page.get_html(&format!("/strategy/scenarios/{id}/edit")).await;
    assert_eq!(status, 200);
    assert!(html.contains("Statelijk gedoogde ransomwaregroepen"), "the form starts from the stored narrative");
    let form = |title: &str, version: &str| {
        vec![
            ("title", title.to_string()),
            ("theme", "ransomware".to_string()),
            ("narrative", "Ransomwaregroepen treffen ook de energievoorziening.".to_string()),
            ("lead_org", "TFC".to_string()),
            ("classification", "ongerubriceerd".to_string()),
            ("tlp", "clear".to_string()),
            ("open_to_all", "on".to_string()),
            ("version", version.to_string()),
        ]
    };
    let send = |fields: Vec<(&'static str, String)>| {
        let page = &page;
        async move {
            let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            page.post_form(&format!("/strategy/scenarios/{id}"), &pairs).await
        }
    };
    // A title left empty is named, in Dutch, and nothing changes.
    let r = send(form("", "1")).await;
    assert_eq!(r.status(), 422);
    assert!(r.text().await.expect("html").contains(r##"href="#title""##));
    let r = send(form("Ransomware treft ook energie", "1")).await;
    assert_eq!(r.status(), 303);
    let now = foresight::read_scenario(a, &c, id).await.expect("read");
    assert_eq!((now.title.as_str(), now.version), ("Ransomware treft ook energie", 2));
    // An edit made on the version before is refused: nothing is overwritten.
    assert_eq!(send(form("Overschreven", "1")).await.status(), 409);
    assert_eq!(foresight::read_scenario(a, &c, id).await.expect("read").title, "Ransomware treft ook energie");
    // Who may not shape the strategy gets no form.
    let evaluator = app.login("evaluator@bz.example").await;
    assert_eq!(evaluator.get(&format!("/strategy/scenarios/{id}/edit")).await.status(), 403);
    let (_, html) = evaluator.get_html(&format!("/strategy/scenarios/{id}")).await;
    assert!(!html.contains("/edit\""), "no edit link");
}
