//! What happened in a run, for whoever may see it (issue 14): the run's
//! history says who did what when (answered, with the answer; paused;
//! resumed), the incident's timeline tells the same, an open task says what
//! to do, and a step above the reader's clearance leaves no trace in either
//! (rule 4). The inbox orders and filters; a task whose agent stands for no
//! organisation goes to whoever started the run, never to nobody.

use crate::authority_steps::{marked_draaiboek, running, started, u};
use crate::fixtures::World;
use crate::helpers::*;
use crate::on_both_backends;
use reqwest::Method;
use serde_json::{Value, json};
use verbinding_playbook::extension::EXTENSION_ID;

on_both_backends!(
    the_history_says_who_did_what_on_the_run_and_the_timeline,
    a_step_above_the_readers_clearance_leaves_no_trace_in_history_or_timeline,
    the_inbox_orders_and_filters_and_names_bad_filters,
    a_task_whose_agent_stands_for_no_organisation_goes_to_whoever_started_the_run,
);

async fn command(app: &TestApp, token: &str, execution: i64, body: Value) -> Value {
    let r = app.api_send(Method::POST, token, &format!("/api/v1/executions/{execution}/commands"), body).await;
    assert_eq!(r.status(), 200, "{:?}", r.text().await);
    r.json().await.expect("json")
}

async fn run(app: &TestApp, token: &str, execution: i64) -> Value {
    let r = app.api_get(token, &format!("/api/v1/executions/{execution}")).await;
    assert_eq!(r.status(), 200);
    r.json().await.expect("json")
}

async fn timeline(app: &TestApp, token: &str, incident: i64) -> Vec<Value> {
    let r = app.api_get(token, &format!("/api/v1/incidents/{incident}/timeline")).await;
    assert_eq!(r.status(), 200);
    let v: Value = r.json().await.expect("json");
    v["items"].as_array().or(v.as_array()).cloned().expect("timeline entries")
}

async fn the_history_says_who_did_what_on_the_run_and_the_timeline(b: verbinding_store::Backend) {
    let app = spawn_app(b).await;
    let (execution, _, task) = running(&app).await;
    let coordinator = app.token("coordinator@tfc.example").await;

    // The open task says what to do: the step's commands as given.
    let v = run(&app, &coordinator, execution).await;
    let todo = &v["view"]["waiting"][0]["instructions"];
    assert_eq!(todo[0]["type"], "manual");
    assert_eq!(todo[0]["command"], "Read the Kestrel reporting");

    command(&app, &coordinator, execution, json!({"command": "pause"})).await;
    command(&app, &coordinator, execution, json!({"command": "resume"})).await;
    command(
        &app,
        &coordinator,
        execution,
        json!({"command": "complete", "task": task, "outcome": "success", "answer": {"__source__": "Kestrel"}}),
    )
    .await;
    let v = run(&app, &coordinator, execution).await;
    let history = v["history"].as_array().expect("history");
    let what: Vec<&str> = history.iter().filter_map(|h| h["what"].as_str()).collect();
    assert_eq!(&what[..5], ["started", "task_opened", "paused", "resumed", "answered"], "{history:?}");
    let paused = &history[2];
    assert_eq!(paused["by"], "coordinator@tfc.example", "a pause names who paused");
    let answered = &history[4];
    assert_eq!(answered["by"], "coordinator@tfc.example");
    assert_eq!(answered["task"], task.as_str());
    assert_eq!(answered["answer"], json!({"__source__": "Kestrel"}), "the answer is shown");
    assert_eq!(answered["outcome"], "success");

    // The run page shows it, in words, in the reader's language.
    let page = app.login("coordinator@tfc.example").await;
    let (_, html) = page.get_html(&format!("/executions/{execution}")).await;
    assert!(html.contains("Draaiboek gepauzeerd"), "the history on the page");
    assert!(html.contains("Afgerond: gelukt. Antwoord: Bron: <strong>Kestrel</strong>"), "the answer by its label");

    // The incident's timeline tells the same, with who did it.
    let incident = v["execution"]["incident_id"].as_i64().expect("incident");
    let events = timeline(&app, &coordinator, incident).await;
    let kinds: Vec<&str> = events.iter().filter_map(|e| e["kind"].as_str()).collect();
    for kind in ["run-started", "run-paused", "run-resumed", "run-answered"] {
        assert!(kinds.contains(&kind), "{kind} on the timeline: {kinds:?}");
    }
    assert!(!kinds.contains(&"run-task-opened"), "a task reaching its assignee stays on the run page");
    let paused = events.iter().find(|e| e["kind"] == "run-paused").expect("paused");
    assert_eq!(paused["actor"], "coordinator@tfc.example");
}

async fn a_step_above_the_readers_clearance_leaves_no_trace_in_history_or_timeline(b: verbinding_store::Backend) {
    let app = spawn_app(b).await;
    let (execution, _, task) = running(&app).await;
    let coordinator = app.token("coordinator@tfc.example").await;
    command(
        &app,
        &coordinator,
        execution,
        json!({"command": "complete", "task": task, "outcome": "success", "answer": {"__source__": "Kestrel confirms"}}),
    )
    .await;
    let world = World::new(&app);
    let reader = world
        .user("lezer@tfc.example")
        .org("TFC")
        .roles(&["coordinator"])
        .clearance("stg-confidentieel")
        .create()
        .await
        .token(&app)
        .await;
    let v = run(&app, &reader, execution).await;
    let history = serde_json::to_string(&v["history"]).unwrap();
    let secret_step = format!("action--{}", u(4));
    for secret in ["Kestrel", "Weigh the intercepts", secret_step.as_str(), task.as_str()] {
        assert!(!history.contains(secret), "the history names nothing of the restricted step ({secret}): {history}");
    }
    // The run itself and the open step after it stay visible.
    assert!(history.contains("\"started\""), "{history}");
    let incident = v["execution"]["incident_id"].as_i64().expect("incident");
    let events = serde_json::to_string(&timeline(&app, &reader, incident).await).unwrap();
    assert!(events.contains("run-started"), "{events}");
    assert!(!events.contains("run-answered"), "the restricted answer is not on the timeline: {events}");
    assert!(!events.contains("Kestrel") && !events.contains("Weigh the intercepts"), "{events}");
    // Whoever is cleared sees it.
    let events = serde_json::to_string(&timeline(&app, &coordinator, incident).await).unwrap();
    assert!(events.contains("run-answered") && events.contains("Weigh the intercepts"), "{events}");
}

async fn inbox(app: &TestApp, token: &str, query: &str) -> (u16, Value) {
    let r = app.api_get(token, &format!("/api/v1/inbox{query}")).await;
    let status = r.status().as_u16();
    (status, r.json().await.expect("json"))
}

async fn the_inbox_orders_and_filters_and_names_bad_filters(b: verbinding_store::Backend) {
    let app = spawn_app(b).await;
    let (execution, _, task) = running(&app).await;
    let coordinator = app.token("coordinator@tfc.example").await;
    let incident = run(&app, &coordinator, execution).await["execution"]["incident_id"].as_i64().unwrap();

    let (status, all) = inbox(&app, &coordinator, "").await;
    assert_eq!(status, 200);
    assert!(all["items"].as_array().unwrap().iter().any(|t| t["task"] == task.as_str()));
    // Nothing is overdue; nothing is claimed by the coordinator yet.
    let (_, overdue) = inbox(&app, &coordinator, "?overdue=true").await;
    assert_eq!(overdue["total"], 0);
    let (_, mine) = inbox(&app, &coordinator, "?claim=mine").await;
    assert!(!mine["items"].as_array().unwrap().iter().any(|t| t["task"] == task.as_str()));
    let r = app
        .api_send(
            Method::POST,
            &coordinator,
            &format!("/api/v1/executions/{execution}/notes"),
            json!({"task": task, "kind": "claim", "text": ""}),
        )
        .await;
    assert!(r.status().is_success(), "{:?}", r.text().await);
    let (_, mine) = inbox(&app, &coordinator, "?claim=mine").await;
    assert!(mine["items"].as_array().unwrap().iter().any(|t| t["task"] == task.as_str()), "claimed: mine");
    let (_, unclaimed) = inbox(&app, &coordinator, "?claim=unclaimed").await;
    assert!(!unclaimed["items"].as_array().unwrap().iter().any(|t| t["task"] == task.as_str()));
    // One incident's tasks only; another incident has none of them.
    let (_, one) = inbox(&app, &coordinator, &format!("?incident={incident}&sort=newest")).await;
    assert!(one["items"].as_array().unwrap().iter().all(|t| t["incident_id"] == incident));
    assert!(one["total"].as_i64().unwrap() >= 1);
    let (_, other) = inbox(&app, &coordinator, &format!("?incident={}", incident + 100_000)).await;
    assert_eq!(other["total"], 0);
    // Bad values are named, each by its field.
    let (status, problem) = inbox(&app, &coordinator, "?sort=deadline&claim=theirs").await;
    assert_eq!(status, 422, "{problem}");
    let fields: Vec<&str> = problem["errors"].as_array().unwrap().iter().filter_map(|e| e["field"].as_str()).collect();
    assert!(fields.contains(&"sort") && fields.contains(&"claim"), "{problem}");

    // The page: columns, a filter, and the link to the task itself.
    let page = app.login("coordinator@tfc.example").await;
    let (_, html) = page.get_html("/inbox?claim=mine&sort=incident").await;
    let html = html.replace("&#x2f;", "/");
    let anchor = format!("/executions/{execution}#task-{}", task.replace('#', "-"));
    assert!(html.contains(&anchor), "the entry links to the task's place on the run page");
    assert!(html.contains("Opgepakt door"), "the status column");
    let (_, run_page) = page.get_html(&format!("/executions/{execution}")).await;
    assert!(run_page.contains(&format!("id=\"task-{}\"", task.replace('#', "-"))), "the anchor exists");
    let (status, _) = page.get_html("/inbox?overdue=maybe").await;
    assert_eq!(status, 422);
}

async fn a_task_whose_agent_stands_for_no_organisation_goes_to_whoever_started_the_run(b: verbinding_store::Backend) {
    let app = spawn_app(b).await;
    let coordinator = app.token("coordinator@tfc.example").await;
    let director = app.token("directeur@tfc.example").await;
    let mut doc = marked_draaiboek();
    doc["id"] = format!("playbook--{}", u(55)).into();
    // The first step without its classification, for an agent the directory does not know.
    let first = format!("action--{}", u(4));
    let ghost = format!("organization--{}", u(56));
    doc["workflow"][&first]["agent"] = ghost.clone().into();
    doc["workflow"][&first]["step_extensions"][EXTENSION_ID].as_object_mut().unwrap().remove("classification");
    doc["agent_definitions"][&ghost] = json!({"type": "organization", "name": "Werkgroep zonder code"});
    let (execution, _, _) = started(&app, doc).await;
    let in_inbox = |v: &Value| v["items"].as_array().unwrap().iter().any(|t| t["execution_id"] == execution);
    let (_, starter) = inbox(&app, &coordinator, "").await;
    assert!(in_inbox(&starter), "the starter has the task nobody else would: {starter}");
    let (_, other) = inbox(&app, &director, "").await;
    assert!(!in_inbox(&other), "it is the starter's, not every coordinator's");
}
