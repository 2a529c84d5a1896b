//! A draaiboek step whose answer is an assessment (issue 14): when its task
//! is completed — after its approval — the answer is an assessment of the
//! incident, marked as the run and at least as the step, linked to the task,
//! and the proportionality check weighs it. An answer the assessment cannot
//! hold is refused with its field named and nothing written; a mapping that
//! could give an invalid assessment is refused at import, per field.

use crate::authority_steps::{started, u};
use crate::fixtures::World;
use crate::helpers::*;
use crate::on_both_backends;
use reqwest::Method;
use serde_json::{Value, json};
use verbinding_playbook::extension::EXTENSION_ID;

on_both_backends!(
    an_approved_assessment_step_becomes_an_assessment_the_proportionality_check_weighs,
    an_answer_the_assessment_cannot_hold_is_refused_and_nothing_is_written,
    a_mapping_that_could_give_an_invalid_assessment_is_refused_at_import,
);

/// One intelligence step (Stg. Geheim, approved by the taskforce) whose
/// answer is an assessment; `likelihood_choices` are its likelihood answer's choices.
fn assessing_draaiboek(likelihood_choices: Value) -> Value {
    let ext = EXTENSION_ID;
    let tfc = format!("organization--{}", u(9));
    json!({
        "type": "playbook", "spec_version": "cacao-2.0", "id": format!("playbook--{}", u(21)),
        "name": "Duiding als stap", "created_by": format!("identity--{}", u(2)),
        "created": "2026-01-01T00:00:00Z", "modified": "2026-01-01T00:00:00Z",
        "extension_definitions": {ext: {"type": "extension-definition", "name": "Verbinding",
            "description": "Verbinding draaiboek extension", "created_by": format!("identity--{}", u(2)),
            "schema": "https://verbinding.example/schemas/extension-definition--5f0b3c2e-8a4d-4e1f-9b6c-2d7a1e9c4b38.json",
            "version": "1.0.0"}},
        "workflow_start": format!("start--{}", u(3)),
        "playbook_variables": {"__summary__": {"type": "string"}, "__confidence__": {"type": "string"},
                               "__likelihood__": {"type": "string"}},
        "workflow": {
            format!("start--{}", u(3)): {"type": "start", "on_completion": format!("action--{}", u(4))},
            format!("action--{}", u(4)): {"type": "action", "name": "Intelligence assessment", "agent": tfc,
                "commands": [{"type": "manual", "command": "Assess who is responsible"}],
                "out_args": ["__summary__", "__confidence__", "__likelihood__"],
                "step_extensions": {ext: {"classification": "stg-geheim",
                    "approval": {"policy": "all", "approvers": [tfc]},
                    "answer": {
                        "__summary__": {"label": {"nl": "Samenvatting", "en": "Summary"}},
                        "__confidence__": {"choices": ["high", "moderate", "low"]},
                        "__likelihood__": {"choices": likelihood_choices}},
                    "assessment": {"kind": "intelligence", "fields": {"summary": "__summary__",
                        "confidence": "__confidence__", "likelihood": "__likelihood__"}}}},
                "on_completion": format!("end--{}", u(6))},
            format!("end--{}", u(6)): {"type": "end"}
        },
        "agent_definitions": {
            tfc: {"type": "organization", "name": "Taskforce", "agent_target_extensions": {ext: {"organisation": "TFC"}}}
        }
    })
}

/// The draaiboek started for a new incident: the run, the incident and the step's task.
async fn assessing_run(app: &TestApp) -> (i64, i64, String) {
    let (execution, _, v) = started(app, assessing_draaiboek(fitting())).await;
    let incident = v["execution"]["incident_id"].as_i64().expect("incident");
    let task = v["view"]["waiting"][0]["task"].as_str().expect("the step waits").to_string();
    (execution, incident, task)
}

fn fitting() -> Value {
    json!(["roughly-even-chance", "likely", "very-likely"])
}

async fn command(app: &TestApp, token: &str, execution: i64, body: Value) -> reqwest::Response {
    app.api_send(Method::POST, token, &format!("/api/v1/executions/{execution}/commands"), body).await
}

async fn assessments(app: &TestApp, token: &str, incident: i64) -> Value {
    let r = app.api_get(token, &format!("/api/v1/incidents/{incident}/assessments")).await;
    assert_eq!(r.status(), 200);
    r.json().await.expect("json")
}

async fn an_approved_assessment_step_becomes_an_assessment_the_proportionality_check_weighs(
    b: verbinding_store::Backend,
) {
    let app = spawn_app(b).await;
    let coordinator = app.token("coordinator@tfc.example").await;
    let (execution, incident, task) = assessing_run(&app).await;
    let plan: Value =
        app.api_get(&coordinator, &format!("/api/v1/incidents/{incident}/response-plan")).await.json().await.unwrap();
    assert_eq!(plan["supported_escalation"], 3, "no assessment yet: {plan}");

    let answer = json!({"__summary__": "GRU-eenheid 74455, via de bekende infrastructuur.",
                        "__confidence__": "high", "__likelihood__": "very-likely"});
    let r = crate::authority_steps::complete(&app, &coordinator, execution, &task, answer).await;
    assert_eq!(r.status(), 200, "{:?}", r.text().await);
    let listed = assessments(&app, &coordinator, incident).await;
    assert_eq!(listed["items"], json!([]), "not before the approval: {listed}");

    let r = command(
        &app,
        &coordinator,
        execution,
        json!({"command": "approve", "task": task, "approver": format!("organization--{}", u(9)), "approve": true}),
    )
    .await;
    assert_eq!(r.status(), 200, "{:?}", r.text().await);
    let listed = assessments(&app, &coordinator, incident).await;
    let items = listed["items"].as_array().expect("items");
    assert_eq!(items.len(), 1, "{listed}");
    let a = &items[0];
    assert_eq!(a["kind"], "intelligence");
    assert_eq!(a["summary"], "GRU-eenheid 74455, via de bekende infrastructuur.");
    assert_eq!((&a["confidence"], &a["likelihood"]), (&json!("high"), &json!("very-likely")));
    assert_eq!(a["author_org_code"], "TFC", "by the organisation the task was for");
    // Never more open than its source: the incident is Dep. V., the step Stg. Geheim.
    assert_eq!((&a["classification"], &a["meta_classification"]), (&json!("stg-geheim"), &json!("stg-geheim")));
    assert_eq!(a["from_run"], json!({"execution": execution, "task": task}));
    let id = a["id"].as_i64().expect("id");
    let one: Value = app.api_get(&coordinator, &format!("/api/v1/assessments/{id}")).await.json().await.unwrap();
    assert_eq!((&one["tlp"], &one["need_to_know"]), (&json!("amber"), &json!(["TFC"])), "{one}");

    // The run links to it; the check weighs it; the timeline records it.
    let run: Value = app.api_get(&coordinator, &format!("/api/v1/executions/{execution}")).await.json().await.unwrap();
    assert_eq!(run["assessments"], json!([{"task": task, "assessment": id}]));
    let plan: Value =
        app.api_get(&coordinator, &format!("/api/v1/incidents/{incident}/response-plan")).await.json().await.unwrap();
    assert_eq!(plan["supported_escalation"], 10, "high confidence supports every rank: {plan}");
    let timeline: Value =
        app.api_get(&coordinator, &format!("/api/v1/incidents/{incident}/timeline")).await.json().await.unwrap();
    assert!(timeline.to_string().contains("\"assessment\""), "{timeline}");

    // The run page links the completing line to it.
    let page = app.login("coordinator@tfc.example").await;
    let (_, html) = page.get_html(&format!("/executions/{execution}")).await;
    assert!(
        html.contains(&format!("href=\"&#x2f;assessments&#x2f;{id}\""))
            || html.contains(&format!("/assessments/{id}\"")),
        "the history links the assessment"
    );

    // A reader of the incident not cleared for Stg. Geheim learns nothing of it.
    let world = World::new(&app);
    let low = crate::authority_steps::confidential(&world, "laag@tfc.example", &["coordinator"]).await;
    let seen = assessments(&app, &low, incident).await;
    assert_eq!((&seen["items"], &seen["restricted"]), (&json!([]), &json!([])), "{seen}");
    assert_eq!(app.api_get(&low, &format!("/api/v1/assessments/{id}")).await.status(), 404);
    let run: Value = app.api_get(&low, &format!("/api/v1/executions/{execution}")).await.json().await.unwrap();
    assert_eq!(run["assessments"], json!([]));
    let plan: Value =
        app.api_get(&low, &format!("/api/v1/incidents/{incident}/response-plan")).await.json().await.unwrap();
    assert_eq!(plan["supported_escalation"], 3, "the check counts only what the reader may read: {plan}");
}

async fn an_answer_the_assessment_cannot_hold_is_refused_and_nothing_is_written(b: verbinding_store::Backend) {
    let app = spawn_app(b).await;
    let coordinator = app.token("coordinator@tfc.example").await;
    let (execution, incident, task) = assessing_run(&app).await;
    let answer = json!({"__summary__": "x".repeat(20_001), "__confidence__": "low", "__likelihood__": "likely"});
    let r = crate::authority_steps::complete(&app, &coordinator, execution, &task, answer).await;
    assert_eq!(r.status(), 422);
    let problem: Value = r.json().await.expect("json");
    let text = problem.to_string();
    assert!(text.contains("answer_too_long") && text.contains("__summary__"), "the field is named: {text}");
    // On the page the field is named by its label, in the reader's language.
    let page = app.login("coordinator@tfc.example").await;
    let long = "x".repeat(20_001);
    let form = [
        ("command", "complete"),
        ("task", task.as_str()),
        ("outcome", "success"),
        ("answer.__summary__", long.as_str()),
        ("answer.__confidence__", "low"),
        ("answer.__likelihood__", "likely"),
    ];
    let r = page.post_form(&format!("/executions/{execution}/commands"), &form).await;
    assert_eq!(r.status(), 422);
    let html = r.text().await.expect("html");
    assert!(html.contains("Samenvatting: Dit antwoord is te lang om als duiding vast te leggen"), "named by its label");
    let run: Value = app.api_get(&coordinator, &format!("/api/v1/executions/{execution}")).await.json().await.unwrap();
    assert_eq!(run["view"]["waiting"][0]["task"], task.as_str(), "the task stays open");
    assert_eq!(assessments(&app, &coordinator, incident).await["items"], json!([]));
}

async fn a_mapping_that_could_give_an_invalid_assessment_is_refused_at_import(b: verbinding_store::Backend) {
    let app = spawn_app(b).await;
    let coordinator = app.token("coordinator@tfc.example").await;
    // "high" is a confidence, not a likelihood: some answers could not become an assessment.
    let doc = assessing_draaiboek(json!(["likely", "high"]));
    let r = app.api_send(Method::POST, &coordinator, "/api/v1/playbooks", json!({"document": doc})).await;
    assert_eq!(r.status(), 422);
    let text = r.text().await.expect("text");
    assert!(text.contains("assessment_choice_unknown") && text.contains("assessment.fields.likelihood"), "{text}");
    let list: Value = app.api_get(&coordinator, "/api/v1/playbooks").await.json().await.expect("json");
    assert!(!list.to_string().contains("Duiding als stap"), "nothing stored");
}
