//! The strategy: its result chain with progress, need-to-know on every part
//! of it, measurements reported by the responsible organisation and
//! approved with four eyes, targets whose revisions are all kept and
//! decided by a decision maker.

use crate::helpers::*;
use crate::on_both_backends;
use serde_json::{Value, json};
use verbinding_app::strategy::Under;
use verbinding_app::{AppError, indicators, strategy};
use verbinding_domain::marking::MarkingInput;
use verbinding_domain::strategy::{IndicatorInput, ObjectiveInput, TargetInput};
use verbinding_store::Backend;

on_both_backends!(
    the_demo_chain_shows_progress_and_a_hidden_part_is_nowhere,
    a_liaison_reports_for_its_own_organisation_and_a_coordinator_approves_with_four_eyes,
    values_are_checked_against_their_indicator_and_nothing_is_written,
    targets_keep_every_revision_and_a_decision_maker_decides_them,
    a_part_is_never_more_open_than_what_it_hangs_under,
    the_indicator_page_draws_its_chart_in_both_languages,
    the_chain_page_served_again_records_its_classified_reads_again,
    work_serving_a_part_is_shown_only_to_who_may_see_both,
    a_strategy_is_edited_on_its_page_and_a_stale_edit_is_refused,
    the_chain_follows_an_approval_at_once_and_a_submission_keeps_what_is_cached,
);

async fn demo_tree(app: &TestApp, token: &str) -> Value {
    let list: Value = app.api_get(token, "/api/v1/strategies").await.json().await.expect("json");
    let id = list["items"][0]["id"].as_i64().expect("the demo strategy");
    let r = app.api_get(token, &format!("/api/v1/strategies/{id}")).await;
    assert_eq!(r.status(), 200);
    r.json().await.expect("json")
}

fn indicators_of(tree: &Value) -> Vec<Value> {
    tree["nodes"]
        .as_array()
        .expect("nodes")
        .iter()
        .flat_map(|n| n["indicators"].as_array().cloned().unwrap_or_default())
        .collect()
}

fn indicator_where(tree: &Value, pred: impl Fn(&Value) -> bool) -> i64 {
    indicators_of(tree).into_iter().find(|i| pred(i)).and_then(|i| i["id"].as_i64()).expect("an indicator")
}

fn secret_part(title: &str) -> ObjectiveInput {
    ObjectiveInput {
        title: title.into(),
        summary: "Werklijn met een partnerland.".into(),
        level: "outcome".into(),
        horizon: "short".into(),
        lead_org: "TFC".into(),
        marking: MarkingInput {
            classification: "dep-v".into(),
            tlp: "amber".into(),
            orgs: vec!["TFC".into()],
            ..Default::default()
        },
        ..Default::default()
    }
}

/// A part everyone may see.
pub(crate) fn open_part(title: &str) -> ObjectiveInput {
    ObjectiveInput {
        marking: MarkingInput {
            classification: "ongerubriceerd".into(),
            tlp: "clear".into(),
            open_to_all: true,
            ..Default::default()
        },
        ..secret_part(title)
    }
}

pub(crate) fn numeric_indicator(name: &str) -> IndicatorInput {
    IndicatorInput {
        name: name.into(),
        definition: "Aantal bezoeken".into(),
        unit: "bezoeken".into(),
        verification: "Reisverslagen".into(),
        data_source: "TFC".into(),
        frequency: "annual".into(),
        responsible_org: "TFC".into(),
        direction: "higher".into(),
        measure_type: "numeric".into(),
        baseline_period: "2023".into(),
        baseline_value: "2".into(),
        baseline_evidence: "Telling 2023".into(),
        ..Default::default()
    }
}

async fn the_demo_chain_shows_progress_and_a_hidden_part_is_nowhere(b: Backend) {
    let app = spawn_app(b).await;
    let a = &app.state.app;
    let coordinator = caller_for(a, "coordinator@tfc.example").await;
    let tree = demo_tree(&app, &app.token("coordinator@tfc.example").await).await;
    let strategy_id = tree["strategy"]["id"].as_i64().expect("id");
    assert_eq!(tree["strategy"]["title"], "Internationale Cyberstrategie 2023-2028");
    let nodes = tree["nodes"].as_array().expect("nodes");
    assert_eq!(nodes.iter().filter(|n| n["level"] == "impact").count(), 3, "the strategy's three goals");
    assert!(nodes.iter().all(|n| n["parent_id"].is_null() == (n["level"] == "impact")), "goals at the top only");
    let all = indicators_of(&tree);
    assert!(all.iter().any(|i| i["off_track"] == true), "the demo shows an indicator off track");
    assert!(all.iter().any(|i| i["progress"]["kind"] == "score"), "a qualitative indicator is shown as a score");
    assert!(all.iter().any(|i| i["progress"]["kind"] == "steps"), "an ordinal indicator counts steps");
    assert!(all.iter().all(|i| i["example"] == true), "every demo indicator is marked as an example");
    let off_node = nodes.iter().find(|n| n["off_track"] == true).expect("an off-track node");
    let parent = nodes.iter().find(|n| n["id"] == off_node["parent_id"]).expect("its parent");
    assert_eq!(parent["off_track_below"], true, "the parent shows that something below is off track");

    // A secret part under the first goal, with an indicator: the evaluator
    // of BZ (not on its list) never learns of either.
    let goal = nodes[0]["id"].as_i64().expect("goal");
    let hidden = strategy::create_objective(a, &coordinator, Under::Objective(goal), &secret_part("Geheime werklijn"))
        .await
        .expect("create");
    let hidden_indicator =
        indicators::create(a, &coordinator, hidden, &numeric_indicator("Bezoeken")).await.expect("indicator");
    let evaluator = app.token("evaluator@bz.example").await;
    let seen = demo_tree(&app, &evaluator).await;
    let ids = |t: &Value| -> Vec<i64> {
        t["nodes"].as_array().expect("nodes").iter().filter_map(|n| n["id"].as_i64()).collect()
    };
    let by_coordinator = ids(&demo_tree(&app, &app.token("coordinator@tfc.example").await).await);
    assert!(by_coordinator.contains(&hidden));
    assert!(!ids(&seen).contains(&hidden), "not in the evaluator's chain");
    assert!(!indicators_of(&seen).iter().any(|i| i["id"] == hidden_indicator));
    for path in
        [format!("/api/v1/strategy/indicators/{hidden_indicator}"), "/api/v1/strategy/indicators/999999".to_string()]
    {
        assert_eq!(app.api_get(&evaluator, &path).await.status(), 404, "hidden and absent answer the same: {path}");
    }
    let page = app.login("evaluator@bz.example").await;
    assert_eq!(page.get(&format!("/strategy/objectives/{hidden}")).await.status(), 404);
    let (_, html) = page.get_html(&format!("/strategy/{strategy_id}")).await;
    assert!(!html.contains("Geheime werklijn"), "the strategy page does not name it");
    // The administrator of BZ reads the audit trail, not the hidden part's rows.
    let admin = app.login("beheer@bz.example").await;
    let (status, audit) = admin.get_html("/audit?action=object.created").await;
    assert_eq!(status, 200);
    assert!(audit.contains(r#"href="/strategy/objectives/"#), "parts the administrator may see are linked by kind");
    assert!(audit.contains("Onderdeel van een strategie"), "and named in words");
    assert!(!audit.contains(&format!("/strategy/objectives/{hidden}\"")), "the hidden part is not in the trail");
}

async fn a_liaison_reports_for_its_own_organisation_and_a_coordinator_approves_with_four_eyes(b: Backend) {
    let app = spawn_app(b).await;
    let liaison = app.token("liaison@ncsc.example").await;
    let coordinator = app.token("coordinator@tfc.example").await;
    let director = app.token("directeur@tfc.example").await;
    let tree = demo_tree(&app, &coordinator).await;
    // The Justice and Security indicator: the NCSC liaison reports for its ministry.
    let justice = indicator_where(&tree, |i| i["responsible_org_code"] == "JenV");
    let tfc = indicator_where(&tree, |i| {
        i["responsible_org_code"] == "TFC" && i["frequency"] == "annual" && i["measure_type"] == "numeric"
    });
    let post = |token: &str, path: String, body: Value| {
        let (app, token) = (&app, token.to_string());
        async move { app.api_send(reqwest::Method::POST, &token, &path, body).await }
    };
    let measure = |i: i64| format!("/api/v1/strategy/indicators/{i}/measurements");
    let r = post(&liaison, measure(tfc), json!({"period": "2026", "value": 5, "evidence": "Telling"})).await;
    assert_eq!(r.status(), 403, "not the liaison's organisation");
    let r = post(&liaison, measure(justice), json!({"period": "2026", "value": 4, "evidence": "Notitie"})).await;
    assert_eq!(r.status(), 409, "a qualitative measurement needs its narrative");
    let p: Value = r.json().await.expect("json");
    assert_eq!(p["errors"][0]["field"], "narrative");
    assert_eq!(p["errors"][0]["code"], "narrative_required");
    let body = json!({"period": "2026", "value": 4, "narrative": "De meeste waarborgen staan erin.", "evidence": "Notitie JenV/DJZ"});
    let r = post(&liaison, measure(justice), body.clone()).await;
    assert_eq!(r.status(), 201);
    let m: Value = r.json().await.expect("json");
    assert_eq!(m["status"], "submitted");
    assert_eq!(m["value"], 4.0, "the step counted from 1, as it was sent");
    assert_eq!(post(&liaison, measure(justice), body).await.status(), 409, "one waits per period at a time");
    let review = |id: &Value| format!("/api/v1/strategy/measurements/{id}/review");
    assert_eq!(post(&liaison, review(&m["id"]), json!({"approve": true})).await.status(), 403);
    let r = post(&coordinator, review(&m["id"]), json!({"approve": true})).await;
    assert_eq!(r.status(), 200);
    let approved: Value = r.json().await.expect("json");
    assert_eq!(approved["status"], "approved");
    assert_eq!(approved["reviewed_by"], "Anna de Vries");
    assert_eq!(post(&coordinator, review(&m["id"]), json!({"approve": false, "reason": "x"})).await.status(), 409);
    let detail: Value =
        app.api_get(&coordinator, &format!("/api/v1/strategy/indicators/{justice}")).await.json().await.expect("json");
    assert_eq!(detail["latest"]["period"], "2026", "the approved value counts");
    assert_eq!(detail["progress"]["kind"], "score");

    // Four eyes: the coordinator's own measurement is reviewed by another.
    let own: Value = post(&coordinator, measure(tfc), json!({"period": "2026", "value": 5, "evidence": "Telling TFC"}))
        .await
        .json()
        .await
        .expect("json");
    let r = post(&coordinator, review(&own["id"]), json!({"approve": true})).await;
    assert_eq!(r.status(), 409);
    assert_eq!(r.json::<Value>().await.expect("json")["errors"][0]["code"], "four_eyes");
    assert_eq!(
        post(&director, review(&own["id"]), json!({"approve": false, "reason": ""})).await.status(),
        422,
        "returning says why"
    );
    let r = post(&director, review(&own["id"]), json!({"approve": false, "reason": "Bron ontbreekt"})).await;
    assert_eq!(r.status(), 200);
    let returned: Value = r.json().await.expect("json");
    assert_eq!(returned["status"], "returned");
    assert_eq!(returned["review_reason"], "Bron ontbreekt");
    // Each step is in the audit trail on the node, with the value.
    let rows: Vec<String> =
        sqlx::query_scalar("SELECT detail FROM audit_log WHERE action = 'object.updated' ORDER BY seq")
            .fetch_all(app.state.db.raw())
            .await
            .expect("audit");
    for change in ["measurement.submitted", "measurement.approved", "measurement.returned"] {
        assert!(rows.iter().any(|d| d.contains(change)), "{change} is audited");
    }
}

async fn values_are_checked_against_their_indicator_and_nothing_is_written(b: Backend) {
    let app = spawn_app(b).await;
    let coordinator = app.token("coordinator@tfc.example").await;
    let tree = demo_tree(&app, &coordinator).await;
    let percentage = indicator_where(&tree, |i| i["measure_type"] == "percentage" && i["frequency"] == "annual");
    let quarterly = indicator_where(&tree, |i| i["frequency"] == "quarterly");
    let ordinal = indicator_where(&tree, |i| i["measure_type"] == "ordinal");
    let count = || async {
        let n: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM measurements").fetch_one(app.state.db.raw()).await.expect("count");
        n
    };
    let before = count().await;
    for (indicator, body, status, field, code) in [
        (percentage, json!({"period": "2026", "value": 140, "evidence": "x"}), 409, "value", "percentage_out_of_range"),
        (quarterly, json!({"period": "2026", "value": 5, "evidence": "x"}), 409, "period", "period_not_of_frequency"),
        (quarterly, json!({"period": "2027-Q1", "value": 5, "evidence": "x"}), 422, "period", "period_in_future"),
        (ordinal, json!({"period": "2026", "value": 9, "evidence": "x"}), 409, "value", "not_on_scale"),
        (ordinal, json!({"period": "2026-13", "value": 2, "evidence": "x"}), 422, "period", "invalid"),
    ] {
        let r = app
            .api_send(
                reqwest::Method::POST,
                &coordinator,
                &format!("/api/v1/strategy/indicators/{indicator}/measurements"),
                body.clone(),
            )
            .await;
        assert_eq!(r.status(), status, "{body}");
        let p: Value = r.json().await.expect("json");
        let errors = p["errors"].as_array().cloned().unwrap_or_default();
        assert!(errors.iter().any(|e| e["field"] == field && (code == "invalid" || e["code"] == code)), "{body}: {p}");
    }
    assert_eq!(count().await, before, "nothing was written");
    // The page names the field in the user's language.
    let page = app.login("coordinator@tfc.example").await;
    let r = page
        .post_form(
            &format!("/strategy/indicators/{percentage}/measurements"),
            &[("period", "2026"), ("value", "140"), ("evidence", "x")],
        )
        .await;
    assert_eq!(r.status(), 422);
    let html = r.text().await.expect("html");
    assert!(html.contains("moet tussen 0 en 100 liggen"), "the error in Dutch");
}

async fn targets_keep_every_revision_and_a_decision_maker_decides_them(b: Backend) {
    let app = spawn_app(b).await;
    let a = &app.state.app;
    let coordinator = caller_for(a, "coordinator@tfc.example").await;
    let liaison = caller_for(a, "liaison@ncsc.example").await;
    let tree = demo_tree(&app, &app.token("coordinator@tfc.example").await).await;
    let id = indicator_where(&tree, |i| {
        i["responsible_org_code"] == "TFC" && i["measure_type"] == "numeric" && i["frequency"] == "annual"
    });
    let detail: Value = app
        .api_get(&app.token("coordinator@tfc.example").await, &format!("/api/v1/strategy/indicators/{id}"))
        .await
        .json()
        .await
        .expect("json");
    let original = detail["targets"].as_array().expect("targets").last().cloned().expect("a demo target");
    let period = original["period"].as_str().expect("period").to_string();
    let raised = original["value"].as_f64().expect("value") + 1.0;
    let revision = TargetInput { period: period.clone(), value: raised.to_string(), reason: String::new() };
    let err = indicators::propose_target(a, &coordinator, id, &revision).await.expect_err("a revision says why");
    assert!(matches!(err, AppError::Invalid(ref f) if f[0].code == "revision_needs_reason"), "{err:?}");
    assert!(matches!(indicators::propose_target(a, &liaison, id, &revision).await, Err(AppError::Forbidden)));
    let revision = TargetInput { reason: "Meer partners dan verwacht".into(), ..revision };
    let proposed = indicators::propose_target(a, &coordinator, id, &revision).await.expect("proposed");
    let decide = |token: String, target: i64, body: Value| {
        let app = &app;
        async move {
            app.api_send(reqwest::Method::POST, &token, &format!("/api/v1/strategy/targets/{target}/decision"), body)
                .await
        }
    };
    assert_eq!(
        decide(app.token("coordinator@tfc.example").await, proposed, json!({"approve": true})).await.status(),
        403
    );
    let r = decide(
        app.token("besluit@bz.example").await,
        proposed,
        json!({"approve": true, "reason": "Past bij de herziene inzet"}),
    )
    .await;
    assert_eq!(r.status(), 200);
    let t: Value = r.json().await.expect("json");
    assert_eq!(t["status"], "approved");
    assert_eq!(t["decided_by"], "Frank Mulder");
    let after: Value = app
        .api_get(&app.token("evaluator@bz.example").await, &format!("/api/v1/strategy/indicators/{id}"))
        .await
        .json()
        .await
        .expect("json");
    let rows: Vec<&Value> =
        after["targets"].as_array().expect("targets").iter().filter(|t| t["period"] == period.as_str()).collect();
    assert_eq!(rows.len(), 2, "the original target never disappears");
    assert_eq!(rows[0]["value"], original["value"]);
    assert_eq!(rows[1]["reason"], "Meer partners dan verwacht");
    // Four eyes: a coordinator who is also a decision maker does not decide their own proposal.
    let director = caller_for(a, "directeur@tfc.example").await;
    let later = TargetInput { period: period.clone(), value: (raised + 1.0).to_string(), reason: "Nog hoger".into() };
    let own = indicators::propose_target(a, &director, id, &later).await.expect("proposed");
    let r = decide(app.token("directeur@tfc.example").await, own, json!({"approve": true})).await;
    assert_eq!(r.status(), 409);
    assert_eq!(r.json::<Value>().await.expect("json")["errors"][0]["code"], "four_eyes");
}

async fn a_part_is_never_more_open_than_what_it_hangs_under(b: Backend) {
    let app = spawn_app(b).await;
    let a = &app.state.app;
    let coordinator = caller_for(a, "coordinator@tfc.example").await;
    let tree = demo_tree(&app, &app.token("coordinator@tfc.example").await).await;
    let strategy_id = tree["strategy"]["id"].as_i64().expect("id");
    let count = || async {
        let n: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM objectives").fetch_one(app.state.db.raw()).await.expect("count");
        n
    };
    let before = count().await;
    let mut goal = secret_part("Geheim doel");
    goal.level = "impact".into();
    let secret_goal =
        strategy::create_objective(a, &coordinator, Under::Strategy(strategy_id), &goal).await.expect("goal");
    let mut open = secret_part("Open doelstelling");
    open.marking = MarkingInput {
        classification: "ongerubriceerd".into(),
        tlp: "clear".into(),
        open_to_all: true,
        ..Default::default()
    };
    let err =
        strategy::create_objective(a, &coordinator, Under::Objective(secret_goal), &open).await.expect_err("wider");
    assert!(matches!(err, AppError::Invalid(ref f) if f[0].code == "objective_wider_than_parent"), "{err:?}");
    let mut misplaced = secret_part("Resultaat direct onder een doel");
    misplaced.level = "output".into();
    let err = strategy::create_objective(a, &coordinator, Under::Objective(secret_goal), &misplaced)
        .await
        .expect_err("level");
    assert!(matches!(err, AppError::Invalid(ref f) if f[0].code == "level_does_not_fit_parent"), "{err:?}");
    assert_eq!(count().await, before + 1, "only the goal was written");
    // Narrowing an open goal with open parts below it is refused.
    let demo_goal = tree["nodes"][0]["id"].as_i64().expect("goal");
    let stored = strategy::load_objective(a, &coordinator, demo_goal).await.expect("load");
    let narrowed = ObjectiveInput {
        title: stored.title.clone(),
        summary: stored.summary.clone(),
        level: stored.level.clone(),
        horizon: stored.horizon.clone(),
        lead_org: stored.lead_org_code.clone(),
        contributors: stored.contributors.clone(),
        assumption: stored.assumption.clone(),
        risk: stored.risk.clone(),
        marking: MarkingInput {
            classification: "dep-v".into(),
            tlp: "amber".into(),
            orgs: vec!["TFC".into(), "BZ".into()],
            ..Default::default()
        },
    };
    let err =
        strategy::update_objective(a, &coordinator, demo_goal, stored.version, &narrowed).await.expect_err("narrower");
    assert!(matches!(err, AppError::Invalid(ref f) if f[0].code == "objective_narrower_than_children"), "{err:?}");
    let still = strategy::load_objective(a, &coordinator, demo_goal).await.expect("load");
    assert_eq!((still.classification.as_str(), still.version), ("ongerubriceerd", stored.version), "nothing changed");
}

async fn the_indicator_page_draws_its_chart_in_both_languages(b: Backend) {
    let app = spawn_app(b).await;
    let tree = demo_tree(&app, &app.token("coordinator@tfc.example").await).await;
    let quarterly = indicator_where(&tree, |i| i["frequency"] == "quarterly");
    let mut page = app.login("liaison@ncsc.example").await;
    let (status, html) = page.get_html(&format!("/strategy/indicators/{quarterly}")).await;
    assert_eq!(status, 200);
    assert!(html.contains(r#"role="img""#) && html.contains("indicator-chart-title"), "an accessible chart");
    assert!(html.contains("Nulmeting") && html.contains("K3"), "Dutch legend and quarters");
    assert!(html.contains("6,5"), "a decimal comma in Dutch");
    assert!(!html.contains(r#"id="measurement-form""#), "the NCSC liaison does not report for TFC");
    page.refresh_csrf("/profile").await;
    page.post_form("/language", &[("lang", "en")]).await;
    let (_, english) = page.get_html(&format!("/strategy/indicators/{quarterly}")).await;
    assert!(english.contains("Baseline") && english.contains("Q3") && english.contains("6.5"), "and in English");
}

/// The page of the whole chain is kept for reuse until the next write; an
/// answer from the cache records the reads of the classified parts it shows
/// as the first answer did, and a write shows what changed.
async fn the_chain_page_served_again_records_its_classified_reads_again(b: Backend) {
    let app = spawn_app(b).await;
    let tree = demo_tree(&app, &app.token("coordinator@tfc.example").await).await;
    let strategy_id = tree["strategy"]["id"].as_i64().expect("id");
    let secret = tree["nodes"]
        .as_array()
        .expect("nodes")
        .iter()
        .find(|n| n["classification"] == "dep-v")
        .and_then(|n| n["id"].as_i64())
        .expect("a dep-v part in the demo");
    let reads = || async {
        let n: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'object.read' AND object_id = $1 AND detail LIKE '%strategy%'",
        )
        .bind(secret)
        .fetch_one(app.state.db.raw())
        .await
        .expect("count");
        n
    };
    let page = app.login("coordinator@tfc.example").await;
    let before = reads().await;
    let (_, first) = page.get_html(&format!("/strategy/{strategy_id}")).await;
    let (_, second) = page.get_html(&format!("/strategy/{strategy_id}")).await;
    assert!(first.contains(&format!("node-{secret}")) && second.contains(&format!("node-{secret}")));
    // The read-audit writer commits in groups: wait for both rows.
    for _ in 0..50 {
        if reads().await >= before + 2 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert_eq!(reads().await, before + 2, "each answer recorded the read of the classified part");
    // A new part appears at once: the write made the kept page stale.
    let a = &app.state.app;
    let coordinator = caller_for(a, "coordinator@tfc.example").await;
    let goal = tree["nodes"][0]["id"].as_i64().expect("goal");
    strategy::create_objective(a, &coordinator, Under::Objective(goal), &open_part("Nieuwe open doelstelling"))
        .await
        .expect("create");
    let (_, third) = page.get_html(&format!("/strategy/{strategy_id}")).await;
    assert!(third.contains("Nieuwe open doelstelling"));
}

async fn work_serving_a_part_is_shown_only_to_who_may_see_both(b: Backend) {
    let app = spawn_app(b).await;
    let a = &app.state.app;
    let coordinator = caller_for(a, "coordinator@tfc.example").await;
    let sid = strategy::list_strategies(a, &coordinator).await.expect("list")[0].id;
    let goal = strategy::tree(a, &coordinator, sid).await.expect("tree").1[0].objective.id;
    let dossier = |title: &str, marking: MarkingInput| verbinding_domain::dossier::DossierInput {
        title: title.into(),
        lead_org: "TFC".into(),
        marking,
        ..Default::default()
    };
    let open = verbinding_app::dossiers::create(a, &coordinator, &dossier("Inzet in de OEWG", public_marking()))
        .await
        .expect("open dossier");
    let hidden =
        verbinding_app::dossiers::create(a, &coordinator, &dossier("Geheim partnerdossier", tfc_only_marking()))
            .await
            .expect("hidden dossier");
    strategy::link_work(a, &coordinator, goal, open).await.expect("link");
    strategy::link_work(a, &coordinator, goal, hidden).await.expect("link hidden");
    strategy::link_work(a, &coordinator, goal, open).await.expect("a second link is no change");
    let e = strategy::link_work(a, &coordinator, goal, 999_999).await.expect_err("absent");
    assert_eq!(field_codes(e), vec![("work".to_string(), "work_unknown".to_string())]);
    // A part is not work: only dossiers, incidents and draaiboeken serve.
    let e = strategy::link_work(a, &coordinator, goal, goal).await.expect_err("a part");
    assert_eq!(field_codes(e), vec![("work".to_string(), "work_unknown".to_string())]);
    let evaluator = caller_for(a, "evaluator@bz.example").await;
    let seen: Vec<i64> =
        strategy::serving_work(a, &evaluator, goal).await.expect("work").iter().map(|w| w.id).collect();
    assert_eq!(seen, vec![open], "the hidden dossier is not shown");
    assert_eq!(strategy::serving_work(a, &coordinator, goal).await.expect("work").len(), 2);
    assert!(matches!(strategy::link_work(a, &evaluator, goal, open).await, Err(AppError::Forbidden)));
    // The dossier's page names the part it serves; the part's page the dossier.
    let page = app.login("evaluator@bz.example").await;
    let (_, html) = page.get_html(&format!("/dossiers/{open}")).await;
    assert!(html.contains(&format!(r#"href="/strategy/objectives/{goal}""#)));
    let (_, html) = page.get_html(&format!("/strategy/objectives/{goal}")).await;
    assert!(html.contains(&format!(r#"href="/dossiers/{open}""#)) && !html.contains("Geheim partnerdossier"));
    // An incident and a draaiboek serve as well, and their pages say which part.
    let evaluator_token = app.token("evaluator@bz.example").await;
    let incidents: Value =
        app.api_get(&evaluator_token, "/api/v1/incidents?limit=1").await.json().await.expect("incidents");
    let incident = incidents["items"][0]["id"].as_i64().expect("an incident the evaluator sees");
    let playbooks: Value = app.api_get(&evaluator_token, "/api/v1/playbooks").await.json().await.expect("playbooks");
    let playbook = playbooks["items"][0]["id"].as_i64().expect("a draaiboek the evaluator sees");
    let (_, html) = page.get_html(&format!("/incidents/{incident}")).await;
    assert!(!html.contains(&format!(r#"href="/strategy/objectives/{goal}""#)), "not linked yet");
    strategy::link_work(a, &coordinator, goal, incident).await.expect("link incident");
    strategy::link_work(a, &coordinator, goal, playbook).await.expect("link draaiboek");
    for path in [format!("/incidents/{incident}"), format!("/draaiboeken/{playbook}")] {
        let (status, html) = page.get_html(&path).await;
        assert_eq!(status, 200);
        assert!(html.contains(&format!(r#"href="/strategy/objectives/{goal}""#)), "{path} names the part it serves");
    }
    strategy::unlink_work(a, &coordinator, goal, incident).await.expect("unlink");
    strategy::unlink_work(a, &coordinator, goal, playbook).await.expect("unlink");
    strategy::unlink_work(a, &coordinator, goal, open).await.expect("unlink");
    assert_eq!(strategy::serving_work(a, &evaluator, goal).await.expect("work").len(), 0);
}

async fn a_strategy_is_edited_on_its_page_and_a_stale_edit_is_refused(b: Backend) {
    let app = spawn_app(b).await;
    let a = &app.state.app;
    let coordinator = caller_for(a, "coordinator@tfc.example").await;
    let s = strategy::list_strategies(a, &coordinator).await.expect("list")[0].clone();
    let page = app.login("coordinator@tfc.example").await;
    let (status, html) = page.get_html(&format!("/strategy/{}/edit", s.id)).await;
    assert_eq!(status, 200);
    assert!(html.contains(&s.title), "the form starts from the stored strategy");
    let form = |title: &str, version: i64| {
        vec![
            ("title".to_string(), title.to_string()),
            ("summary".to_string(), s.summary.clone()),
            ("start_year".to_string(), s.start_year.to_string()),
            ("end_year".to_string(), "2027".to_string()),
            ("lead_org".to_string(), s.lead_org_code.clone()),
            ("classification".to_string(), s.classification.clone()),
            ("tlp".to_string(), s.tlp.clone()),
            ("open_to_all".to_string(), "on".to_string()),
            ("version".to_string(), version.to_string()),
        ]
    };
    let send = |fields: Vec<(String, String)>| {
        let page = &page;
        let path = format!("/strategy/{}", s.id);
        async move {
            let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            page.post_form(&path, &pairs).await
        }
    };
    let r = send(form("Internationale Cyberstrategie 2023-2028 (herzien)", s.version)).await;
    assert_eq!(r.status(), 303, "{}", r.text().await.unwrap_or_default());
    let now = strategy::read_strategy(a, &coordinator, s.id).await.expect("read");
    assert_eq!((now.title.as_str(), now.end_year), ("Internationale Cyberstrategie 2023-2028 (herzien)", 2027));
    // An edit made on the version before is refused, and nothing changes.
    let r = send(form("Overschreven", s.version)).await;
    assert_eq!(r.status(), 409);
    assert_eq!(strategy::read_strategy(a, &coordinator, s.id).await.expect("read").title, now.title);
    // An evaluator may not edit.
    assert_eq!(app.login("evaluator@bz.example").await.get(&format!("/strategy/{}/edit", s.id)).await.status(), 403);
}

/// The rollup text of one part on the chain page.
fn rollup_of(html: &str, part: i64) -> String {
    let li = html.split(&format!("id=\"node-{part}\"")).nth(1).expect("the part is shown");
    let li = li.split("</li>").next().unwrap_or_default();
    li.split("class=\"rollup\">").nth(1).and_then(|r| r.split('<').next()).unwrap_or_default().to_string()
}

/// Writes narrowed to a strategy's results or waiting work (see
/// `verbinding_store::Scope`) keep sessions and incident lists cached, a
/// submission keeps the chain page too; what each page shows is right at once.
async fn the_chain_follows_an_approval_at_once_and_a_submission_keeps_what_is_cached(b: Backend) {
    use verbinding_store::Scope;
    let app = spawn_app(b).await;
    let a = &app.state.app;
    let coordinator = caller_for(a, "coordinator@tfc.example").await;
    let token = app.token("coordinator@tfc.example").await;
    let tree = demo_tree(&app, &token).await;
    let strategy_id = tree["strategy"]["id"].as_i64().expect("id");
    let goal = tree["nodes"][0]["id"].as_i64().expect("goal");
    let open = open_part("Open werklijn voor de meting");
    let part = strategy::create_objective(a, &coordinator, Under::Objective(goal), &open).await.expect("part");
    let indicator =
        indicators::create(a, &coordinator, part, &numeric_indicator("Werkbezoeken")).await.expect("indicator");
    let target = TargetInput { period: "2028".into(), value: "10".into(), reason: String::new() };
    let target = indicators::propose_target(a, &coordinator, indicator, &target).await.expect("target");
    indicators::decide_target(a, &caller_for(a, "besluit@bz.example").await, target, true, "").await.expect("decided");
    let page = app.login("coordinator@tfc.example").await;
    let chain = format!("/strategy/{strategy_id}");
    let (_, before) = page.get_html(&chain).await;
    assert_eq!(rollup_of(&before, part), "0 op koers, 0 achter, 1 zonder meting, 0 kwalitatief");
    let director = app.token("directeur@tfc.example").await;
    let db = &app.state.db;
    let (everything, results) = (db.generation(), db.generation_of(Scope::StrategyResults));

    let r = app
        .api_send(
            reqwest::Method::POST,
            &token,
            &format!("/api/v1/strategy/indicators/{indicator}/measurements"),
            json!({"period": "2026", "value": 7, "evidence": "Reisverslagen 2026"}),
        )
        .await;
    assert_eq!(r.status(), 201);
    let m: Value = r.json().await.expect("json");
    assert_eq!((db.generation(), db.generation_of(Scope::StrategyResults)), (everything, results));
    let waiting = |tree: &Value| {
        indicators_of(tree).into_iter().find(|i| i["id"] == indicator).expect("shown")["waiting"].clone()
    };
    assert_eq!(waiting(&demo_tree(&app, &token).await), 1, "the chain's API counts the waiting measurement at once");
    let (_, kept) = page.get_html(&chain).await;
    assert_eq!(rollup_of(&kept, part), rollup_of(&before, part), "waiting work is no progress");

    let r = app
        .api_send(
            reqwest::Method::POST,
            &director,
            &format!("/api/v1/strategy/measurements/{}/review", m["id"]),
            json!({"approve": true}),
        )
        .await;
    assert_eq!(r.status(), 200);
    assert_eq!(db.generation(), everything, "an approval leaves sessions and incident lists cached");
    assert!(db.generation_of(Scope::StrategyResults) > results);
    let (_, after) = page.get_html(&chain).await;
    assert_eq!(rollup_of(&after, part), "1 op koers, 0 achter, 0 zonder meting, 0 kwalitatief");
    let tree = demo_tree(&app, &token).await;
    assert_eq!(waiting(&tree), 0);
    let shown = indicators_of(&tree).into_iter().find(|i| i["id"] == indicator).expect("shown");
    assert_eq!(shown["latest"]["value"], 7.0, "{shown}");
}
