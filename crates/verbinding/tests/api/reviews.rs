//! Reviews of a strategy: recorded with what they saw frozen, never more
//! open than the strategy and never showing a part a reader may not see,
//! decisions linked to what they changed, actions with owners, and the
//! reviews that are due on the dashboard.

use crate::helpers::*;
use crate::on_both_backends;
use verbinding_app::strategy::Under;
use verbinding_app::{AppError, reviews, strategy};
use verbinding_domain::marking::MarkingInput;
use verbinding_domain::strategy::review::{ActionInput, DecisionNoteInput, ReviewInput};
use verbinding_domain::strategy::{ObjectiveInput, StrategyInput};
use verbinding_store::Backend;

on_both_backends!(
    a_review_keeps_what_it_saw_and_never_shows_a_part_more_restricted_than_itself,
    decisions_link_what_they_changed_and_actions_are_done_once,
    the_dashboard_reminds_who_records_reviews_of_the_ones_due,
);

const COORDINATOR: &str = "coordinator@tfc.example";
const EVALUATOR: &str = "evaluator@bz.example";

fn annual(period: &str, marking: MarkingInput) -> ReviewInput {
    ReviewInput {
        cadence: "annual".into(),
        period: period.into(),
        held_on: "2026-02-10".into(),
        participants: "TFC, NCSC, JenV, DEF".into(),
        lessons: "De nulmeting van het partnerland komt te laat.".into(),
        lead_org: "TFC".into(),
        marking,
    }
}

async fn demo_strategy(app: &TestApp) -> i64 {
    let c = caller_for(&app.state.app, COORDINATOR).await;
    strategy::list_strategies(&app.state.app, &c).await.expect("list")[0].id
}

async fn a_review_keeps_what_it_saw_and_never_shows_a_part_more_restricted_than_itself(b: Backend) {
    let app = spawn_app(b).await;
    let a = &app.state.app;
    let c = caller_for(a, COORDINATOR).await;
    let sid = demo_strategy(&app).await;
    let (_, nodes) = strategy::tree(a, &c, sid).await.expect("tree");
    let goal = nodes[0].objective.id;
    let secret = ObjectiveInput {
        title: "Geheime werklijn met een partnerland".into(),
        level: "outcome".into(),
        horizon: "short".into(),
        lead_org: "TFC".into(),
        marking: tfc_only_marking(),
        ..Default::default()
    };
    let hidden = strategy::create_objective(a, &c, Under::Objective(goal), &secret).await.expect("secret part");
    let later =
        ObjectiveInput { title: "Werklijn die later geheim wordt".into(), marking: public_marking(), ..secret.clone() };
    let later = strategy::create_objective(a, &c, Under::Objective(goal), &later).await.expect("open part");
    // The coordinator records an open review through the page.
    let page = app.login(COORDINATOR).await;
    let r = page
        .post_form(
            &format!("/strategy/{sid}/reviews"),
            &[
                ("cadence", "annual"),
                ("period", "2025"),
                ("held_on", "2026-02-10"),
                ("participants", "TFC, NCSC, JenV"),
                ("lessons", ""),
                ("lead_org", "TFC"),
                ("classification", "ongerubriceerd"),
                ("tlp", "clear"),
                ("open_to_all", "on"),
                ("version", "0"),
            ],
        )
        .await;
    assert_eq!(r.status(), 303, "{}", r.text().await.unwrap_or_default());
    let id: i64 = r.headers()["location"]
        .to_str()
        .expect("location")
        .split('/')
        .nth(3)
        .and_then(|x| x.split('?').next())
        .and_then(|x| x.parse().ok())
        .expect("the review's address");
    let seen = reviews::review_page(a, &c, id).await.expect("page");
    assert!(seen.snapshot.indicators.len() >= 10, "the demo's indicators as they stood");
    assert!(!seen.snapshot.assumptions.is_empty());
    assert!(seen.snapshot.projects.iter().any(|p| p.title.starts_with("Voorbeeld")), "the projects serving it");
    assert!(seen.snapshot.assumptions.iter().all(|x| x.objective_id != hidden), "not the secret part");
    assert!(seen.snapshot.left_out >= 1, "and it says a part was left out");
    assert!(seen.snapshot.assumptions.iter().any(|x| x.objective_id == later), "the open part as it stood");
    // What it saw is frozen: the database refuses to change it.
    let mut tx = app.state.db.write().await.expect("tx");
    let changed =
        sqlx::query("UPDATE reviews SET snapshot = '{}' WHERE object_id = $1").bind(id).execute(&mut **tx).await;
    assert!(changed.is_err(), "a review's inputs cannot be changed");
    drop(tx);
    // A part re-marked after the review is shown only to who may see it now.
    remark_objective(a, &c, later, tfc_only_marking()).await.expect("narrowed");
    let evaluator_caller = caller_for(a, EVALUATOR).await;
    let now_seen = reviews::review_page(a, &evaluator_caller, id).await.expect("page");
    assert!(now_seen.snapshot.assumptions.iter().all(|x| x.objective_id != later), "no longer the evaluator's to see");
    // The evaluator reads it without learning of the secret part.
    let evaluator = app.login(EVALUATOR).await;
    let (status, html) = evaluator.get_html(&format!("/strategy/reviews/{id}")).await;
    assert_eq!(status, 200);
    assert!(!html.contains("Geheime werklijn") && !html.contains("later geheim"));
    // A review is never more open than its strategy.
    let narrow = strategy::create_strategy(
        a,
        &c,
        &StrategyInput {
            title: "Werkstrategie TFC".into(),
            start_year: "2024".into(),
            end_year: "2027".into(),
            lead_org: "TFC".into(),
            marking: tfc_only_marking(),
            ..Default::default()
        },
    )
    .await
    .expect("narrow strategy");
    let e = reviews::create_review(a, &c, narrow, &annual("2025", public_marking())).await.expect_err("too open");
    assert_eq!(field_codes(e), vec![("need_to_know".to_string(), "review_wider_than_strategy".to_string())]);
    assert!(reviews::reviews_of(a, &c, narrow).await.expect("list").is_empty(), "nothing was written");
    // Bad input names its fields; a review is of a period that began, held on a real day.
    let bad = ReviewInput { period: "2025-K2".into(), held_on: "2026-13-01".into(), ..annual("", public_marking()) };
    assert_eq!(
        field_codes(reviews::create_review(a, &c, sid, &bad).await.expect_err("bad")),
        vec![
            ("period".to_string(), "period_not_of_frequency".to_string()),
            ("held_on".to_string(), "date_invalid".to_string())
        ]
    );
}

async fn decisions_link_what_they_changed_and_actions_are_done_once(b: Backend) {
    let app = spawn_app(b).await;
    let a = &app.state.app;
    let c = caller_for(a, COORDINATOR).await;
    let sid = demo_strategy(&app).await;
    let id = reviews::create_review(a, &c, sid, &annual("2025", public_marking())).await.expect("review");
    let (_, nodes) = strategy::tree(a, &c, sid).await.expect("tree");
    let part = nodes.iter().find(|n| n.objective.parent_id.is_some()).expect("a part").objective.id;
    let secret = ObjectiveInput {
        title: "Geheime werklijn".into(),
        level: "outcome".into(),
        horizon: "short".into(),
        lead_org: "TFC".into(),
        marking: tfc_only_marking(),
        ..Default::default()
    };
    let hidden =
        strategy::create_objective(a, &c, Under::Objective(nodes[0].objective.id), &secret).await.expect("secret");
    let decide = |kind: &str, id: String| DecisionNoteInput {
        text: "Werklijn bijsturen".into(),
        changed_kind: kind.into(),
        changed_id: id,
    };
    reviews::add_decision(a, &c, id, &decide("objective", part.to_string())).await.expect("decision");
    reviews::add_decision(a, &c, id, &decide("objective", hidden.to_string())).await.expect("decision on secret");
    let e = reviews::add_decision(a, &c, id, &decide("project", "999999".into())).await.expect_err("absent");
    assert_eq!(field_codes(e), vec![("changed_id".to_string(), "changed_unknown".to_string())]);
    // The evaluator sees the link to the part, and of the other only that it changed something.
    let evaluator = caller_for(a, EVALUATOR).await;
    let page = reviews::review_page(a, &evaluator, id).await.expect("page");
    assert_eq!(page.decisions.len(), 2);
    assert_eq!(page.decisions[0].href.as_deref(), Some(format!("/strategy/objectives/{part}").as_str()));
    assert_eq!((page.decisions[1].href.as_ref(), page.decisions[1].label.as_ref()), (None, None));
    let mine = reviews::review_page(a, &c, id).await.expect("page");
    assert_eq!(mine.decisions[1].label.as_deref(), Some("Geheime werklijn"));
    // Actions: an owner and a due date after the review; done once.
    let early = ActionInput { text: "Nulmeting herhalen".into(), owner_org: "NCSC".into(), due: "2026-01-01".into() };
    assert_eq!(
        field_codes(reviews::add_action(a, &c, id, &early).await.expect_err("early")),
        vec![("due".to_string(), "due_before_review".to_string())]
    );
    let action = ActionInput { due: "2026-06-30".into(), ..early };
    reviews::add_action(a, &c, id, &action).await.expect("action");
    let listed = reviews::review_page(a, &c, id).await.expect("page").actions;
    assert_eq!(listed.len(), 1);
    reviews::complete_action(a, &c, id, listed[0].id).await.expect("done");
    let again = reviews::complete_action(a, &c, id, listed[0].id).await.expect_err("done twice");
    assert_eq!(field_codes(again), vec![("action".to_string(), "action_unknown".to_string())]);
    assert!(reviews::review_page(a, &c, id).await.expect("page").actions[0].done_at.is_some());
    // An evaluator only reads.
    let refused = reviews::add_action(a, &evaluator, id, &action).await;
    assert!(matches!(refused, Err(AppError::Forbidden)));
}

async fn the_dashboard_reminds_who_records_reviews_of_the_ones_due(b: Backend) {
    let app = spawn_app(b).await;
    let a = &app.state.app;
    let c = caller_for(a, COORDINATOR).await;
    let sid = demo_strategy(&app).await;
    // The test clock is in the fourth quarter of 2026: the third quarter and 2025 are due.
    let page = app.login(COORDINATOR).await;
    let (_, html) = page.get_html("/").await;
    assert!(html.contains("Kwartaalreview 2026 K3 staat nog open"), "the quarter that is over");
    assert!(html.contains("Jaarreview 2025 staat nog open"), "the year that is over");
    let quarterly = ReviewInput {
        cadence: "quarterly".into(),
        period: "2026-Q3".into(),
        held_on: "2026-10-15".into(),
        ..annual("", public_marking())
    };
    reviews::create_review(a, &c, sid, &quarterly).await.expect("quarterly review");
    let (_, html) = page.get_html("/").await;
    assert!(!html.contains("Kwartaalreview 2026 K3"), "recorded, so no longer due");
    assert!(html.contains("Jaarreview 2025 staat nog open"));
    // Who does not record reviews is not reminded.
    let (_, html) = app.login(EVALUATOR).await.get_html("/").await;
    assert!(!html.contains("Jaarreview"));
}
