//! Issue 11, rule 4: a step marked above a reader's clearance shows neither
//! its task, its answer nor its texts to that reader — in the run API, the
//! inbox, the notes, the run page or the document — and whoever acts on a
//! task is cleared for it. The run shows that a restricted step exists,
//! nothing more. Each test fails on the code before the rule.

use crate::fixtures::World;
use crate::helpers::*;
use crate::on_both_backends;
use reqwest::Method;
use serde_json::{Value, json};
use verbinding_playbook::extension::EXTENSION_ID;

on_both_backends!(
    authority_a_step_above_the_readers_clearance_shows_only_that_it_exists,
    authority_a_restricted_task_is_unknown_to_whoever_is_not_cleared,
    authority_task_rows_from_before_the_rule_are_marked_at_start_up,
    authority_reads_of_runs_attachments_and_documents_are_audited,
);

const SECRET_NAME: &str = "Weigh the intercepts of source Kestrel";
const SECRET_ANSWER: &str = "Kestrel confirms the GRU unit";

pub(crate) fn u(n: u32) -> String {
    format!("{n:08x}-3333-4333-8333-333333333333")
}

/// Start → a Stg. Geheim step for TFC that records `__source__` → an open
/// step for TFC → end.
pub(crate) fn marked_draaiboek() -> Value {
    let ext = EXTENSION_ID;
    let tfc = format!("organization--{}", u(9));
    json!({
        "type": "playbook", "spec_version": "cacao-2.0", "id": format!("playbook--{}", u(1)),
        "name": "Draaiboek met een geheime stap", "created_by": format!("identity--{}", u(2)),
        "created": "2026-01-01T00:00:00Z", "modified": "2026-01-01T00:00:00Z",
        "extension_definitions": {ext: {"type": "extension-definition", "name": "Verbinding",
            "description": "Verbinding draaiboek extension", "created_by": format!("identity--{}", u(2)),
            "schema": "https://verbinding.example/schemas/extension-definition--5f0b3c2e-8a4d-4e1f-9b6c-2d7a1e9c4b38.json",
            "version": "1.0.0"}},
        "workflow_start": format!("start--{}", u(3)),
        "playbook_variables": {"__source__": {"type": "string"}},
        "workflow": {
            format!("start--{}", u(3)): {"type": "start", "on_completion": format!("action--{}", u(4))},
            format!("action--{}", u(4)): {"type": "action", "name": SECRET_NAME, "agent": tfc,
                "description": "Only for those cleared for Stg. Geheim.",
                "commands": [{"type": "manual", "command": "Read the Kestrel reporting"}],
                "out_args": ["__source__"],
                "step_extensions": {ext: {"classification": "stg-geheim",
                    "answer": {"__source__": {"label": {"nl": "Bron", "en": "Source"}}}}},
                "on_completion": format!("action--{}", u(5))},
            format!("action--{}", u(5)): {"type": "action", "name": "Draft the statement", "agent": tfc,
                "commands": [{"type": "manual", "command": "Draft the statement"}],
                "on_completion": format!("end--{}", u(6))},
            format!("end--{}", u(6)): {"type": "end"}
        },
        "agent_definitions": {
            tfc: {"type": "organization", "name": "Taskforce", "agent_target_extensions": {ext: {"organisation": "TFC"}}}
        }
    })
}

const SECRET_STEP: fn() -> String = || format!("action--{}", u(4));

/// The marked draaiboek imported, approved and started for a TFC incident;
/// the run and its playbook ids and the secret step's task key.
pub(crate) async fn running(app: &TestApp) -> (i64, i64, String) {
    let (execution, playbook, v) = started(app, marked_draaiboek()).await;
    let task = v["view"]["waiting"][0]["task"].as_str().expect("the secret step waits").to_string();
    (execution, playbook, task)
}

/// A draaiboek imported by the coordinator, approved by a decision maker
/// and started for a new TFC incident: the run's id, the draaiboek's id and
/// the start's answer.
pub(crate) async fn started(app: &TestApp, doc: Value) -> (i64, i64, Value) {
    let coordinator = app.token("coordinator@tfc.example").await;
    let decider = app.token("besluit@bz.example").await;
    let r = app.api_send(Method::POST, &coordinator, "/api/v1/playbooks", json!({"document": doc})).await;
    assert!(r.status().is_success(), "{:?}", r.text().await);
    let playbook = r.json::<Value>().await.expect("json")["id"].as_i64().expect("id");
    let r = app
        .api_send(Method::POST, &decider, &format!("/api/v1/playbooks/{playbook}/approve"), json!({"version": 1}))
        .await;
    assert_eq!(r.status(), 200);
    let r = app
        .api_send(
            Method::POST,
            &coordinator,
            "/api/v1/incidents",
            json!({"title": "Verstoring", "severity": "significant", "lead_organisation": "TFC",
                   "classification": "dep-v", "tlp": "amber", "need_to_know": ["TFC"]}),
        )
        .await;
    assert_eq!(r.status(), 201);
    let incident = r.json::<Value>().await.expect("json")["id"].as_i64().expect("id");
    let r = app
        .api_send(
            Method::POST,
            &coordinator,
            &format!("/api/v1/incidents/{incident}/executions"),
            json!({"playbook": playbook}),
        )
        .await;
    assert_eq!(r.status(), 201);
    let v: Value = r.json().await.expect("json");
    (v["execution"]["id"].as_i64().expect("id"), playbook, v)
}

/// A TFC member cleared only for Stg. Confidentieel, with these roles.
pub(crate) async fn confidential(world: &World<'_>, email: &str, roles: &[&str]) -> String {
    world.user(email).org("TFC").roles(roles).clearance("stg-confidentieel").create().await.token(world.app).await
}

async fn run_as(app: &TestApp, token: &str, execution: i64) -> Value {
    let r = app.api_get(token, &format!("/api/v1/executions/{execution}")).await;
    assert_eq!(r.status(), 200);
    r.json().await.expect("json")
}

pub(crate) async fn complete(
    app: &TestApp,
    token: &str,
    execution: i64,
    task: &str,
    answer: Value,
) -> reqwest::Response {
    app.api_send(
        Method::POST,
        token,
        &format!("/api/v1/executions/{execution}/commands"),
        json!({"command": "complete", "task": task, "outcome": "success", "answer": answer}),
    )
    .await
}

/// The run API, the inbox, the run page and the document: the uncleared
/// liaison sees a restricted step and nothing of it; the cleared
/// coordinator sees all of it, answer included.
async fn authority_a_step_above_the_readers_clearance_shows_only_that_it_exists(b: verbinding_store::Backend) {
    let app = spawn_app(b).await;
    let world = World::new(&app);
    let low = confidential(&world, "laag@tfc.example", &["liaison"]).await;
    let high = app.token("coordinator@tfc.example").await;
    let (execution, playbook, task) = running(&app).await;

    let seen = run_as(&app, &low, execution).await;
    let step = &seen["view"]["frames"][0]["steps"][SECRET_STEP()];
    assert_eq!(step["status"], "restricted", "{step}");
    assert!(step["agent"].is_null() && step["task"].is_null() && step["deadline"].is_null(), "{step}");
    assert_eq!(seen["view"]["waiting"], json!([]), "its open task is not listed");
    assert_eq!(seen["tasks"], json!([]));
    let text = seen.to_string();
    assert!(!text.contains("intercepts") && !text.contains(&task), "nothing of the step: {text}");
    let inbox: Value = app.api_get(&low, "/api/v1/inbox").await.json().await.expect("json");
    assert!(!inbox.to_string().contains(&task), "the inbox does not offer it: {inbox}");

    let cleared = run_as(&app, &high, execution).await;
    assert_eq!(cleared["view"]["waiting"][0]["task"], task.as_str());
    assert_eq!(cleared["tasks"][0]["classification"], "stg-geheim");
    let inbox: Value = app.api_get(&high, "/api/v1/inbox").await.json().await.expect("json");
    assert!(inbox.to_string().contains(&task), "{inbox}");

    // The answer the cleared coordinator records stays with the cleared.
    let r = complete(&app, &high, execution, &task, json!({"__source__": SECRET_ANSWER})).await;
    assert_eq!(r.status(), 200, "{:?}", r.text().await);
    let seen = run_as(&app, &low, execution).await;
    assert!(seen["variables"].get("__source__").is_none(), "{}", seen["variables"]);
    assert!(!seen.to_string().contains("Kestrel"));
    assert_eq!(seen["view"]["frames"][0]["steps"][SECRET_STEP()]["status"], "restricted");
    let cleared = run_as(&app, &high, execution).await;
    assert_eq!(cleared["variables"]["__source__"], SECRET_ANSWER);

    // The page draws the step as restricted, without its name, in both languages.
    let page = world.user("laag-web@tfc.example").org("TFC").roles(&["liaison"]).clearance("stg-confidentieel");
    let client = page.create().await.login(&app).await;
    let (status, html) = client.get_html(&format!("/executions/{execution}")).await;
    assert_eq!(status, 200);
    assert!(html.contains("Stap boven uw machtiging") && !html.contains("intercepts") && !html.contains("Kestrel"));
    let coordinator = app.login("coordinator@tfc.example").await;
    let (_, html) = coordinator.get_html(&format!("/executions/{execution}")).await;
    assert!(html.contains("intercepts") && !html.contains("Stap boven uw machtiging"));

    // The document cannot be cut without breaking its signatures: it is refused, saying why.
    let r = app.api_get(&low, &format!("/api/v1/playbooks/{playbook}/document")).await;
    assert_eq!(r.status(), 409);
    let body: Value = r.json().await.expect("json");
    assert_eq!(body["errors"][0]["code"], "document_above_clearance", "{body}");
    assert!(!body.to_string().contains("intercepts"));
    assert_eq!(app.api_get(&high, &format!("/api/v1/playbooks/{playbook}/document")).await.status(), 200);
    // The draaiboek's page offers the export only to whoever will be given it, and says why not.
    let export = format!("/draaiboeken/{playbook}/export");
    let (_, html) = client.get_html(&format!("/draaiboeken/{playbook}")).await;
    assert!(html.contains("export-restricted") && !html.contains(&export), "no export link for the low clearance");
    let (_, html) = coordinator.get_html(&format!("/draaiboeken/{playbook}")).await;
    assert!(html.contains(&export) && !html.contains("export-restricted"));
}

/// Answer, skip, claim, comment, attach, vote: for someone not cleared the
/// restricted task answers exactly as a task the run does not have, and it
/// is never delegated to them.
async fn authority_a_restricted_task_is_unknown_to_whoever_is_not_cleared(b: verbinding_store::Backend) {
    let app = spawn_app(b).await;
    let world = World::new(&app);
    let low = confidential(&world, "laag@tfc.example", &["liaison"]).await;
    let low_coordinator = confidential(&world, "laag-coord@tfc.example", &["coordinator"]).await;
    let high = app.token("coordinator@tfc.example").await;
    let (execution, _, task) = running(&app).await;
    let made_up = "action--00000000-0000-4000-8000-000000000000#7";

    let notes = format!("/api/v1/executions/{execution}/notes");
    for token in [&low, &low_coordinator] {
        let real = complete(&app, token, execution, &task, json!({"__source__": "x"})).await;
        let absent = complete(&app, token, execution, made_up, json!({"__source__": "x"})).await;
        let (rs, ra) = (real.status(), absent.status());
        let real: Value = real.json().await.expect("json");
        let absent: Value = absent.json().await.expect("json");
        assert_eq!(rs, ra, "{real} / {absent}");
        let code =
            |v: &Value| v["errors"][0]["code"].as_str().or(v["findings"][0]["code"].as_str()).map(str::to_string);
        assert_eq!(code(&real), code(&absent));
        assert_eq!(code(&real).as_deref(), Some("task_unknown"), "{real}");
        for kind in ["claim", "comment"] {
            let body = json!({"task": task, "kind": kind, "text": "x"});
            let r = app.api_send(Method::POST, token, &notes, body).await;
            let v: Value = r.json().await.expect("json");
            assert_eq!(v["errors"][0]["code"], "task_unknown", "{kind}: {v}");
        }
    }
    let skip = json!({"command": "skip", "task": task, "justification": "x"});
    let r =
        app.api_send(Method::POST, &low_coordinator, &format!("/api/v1/executions/{execution}/commands"), skip).await;
    let v: Value = r.json().await.expect("json");
    assert_eq!(v["findings"][0]["code"], "task_unknown", "{v}");

    // The cleared coordinator cannot hand it to the uncleared liaison.
    let r = app
        .api_send(Method::POST, &high, &notes, json!({"task": task, "kind": "delegate", "to": "laag@tfc.example"}))
        .await;
    let (status, v) = (r.status(), r.json::<Value>().await.expect("json"));
    assert_eq!((status.as_u16(), v["errors"][0]["code"].as_str()), (409, Some("delegate_not_allowed")), "{v}");
    // A comment by the cleared is not read by the uncleared.
    let r = app
        .api_send(Method::POST, &high, &notes, json!({"task": task, "kind": "comment", "text": "Kestrel says yes"}))
        .await;
    assert!(r.status().is_success());
    let listed = run_as(&app, &low, execution).await["notes"].clone();
    assert!(!listed.to_string().contains("Kestrel"), "{listed}");
    let listed = run_as(&app, &high, execution).await["notes"].clone();
    assert!(listed.to_string().contains("Kestrel"), "{listed}");
    let (_, html) = app.login("coordinator@tfc.example").await.get_html(&format!("/executions/{execution}")).await;
    assert!(html.contains("Kestrel says yes"), "the page shows the note to the cleared");
}

/// Rows written before tasks carried their step's marking are marked from
/// the pinned draaiboek at start-up (until then they show as before).
async fn authority_task_rows_from_before_the_rule_are_marked_at_start_up(b: verbinding_store::Backend) {
    let app = spawn_app(b).await;
    let (execution, _, task) = running(&app).await;
    let db = app.state.db.raw();
    sqlx::query("UPDATE execution_tasks SET classification = NULL").execute(db).await.expect("unmark");
    assert_eq!(verbinding_app::executions::mark_task_rows(&app.state).await.expect("marked"), 1);
    let marked: Option<String> =
        sqlx::query_scalar("SELECT classification FROM execution_tasks WHERE execution_id = $1 AND task = $2")
            .bind(execution)
            .bind(&task)
            .fetch_one(db)
            .await
            .expect("row");
    assert_eq!(marked.as_deref(), Some("stg-geheim"));
    assert_eq!(verbinding_app::executions::mark_task_rows(&app.state).await.expect("again"), 0, "once only");
}

/// The views a reader was audited for, about one object.
pub(crate) async fn read_views(app: &TestApp, object: i64, email: &str) -> Vec<String> {
    let rows: Vec<String> = sqlx::query_scalar(
        "SELECT a.detail FROM audit_log a JOIN users u ON u.id = a.actor_user_id \
         WHERE a.action = 'object.read' AND a.object_id = $1 AND u.email = $2 ORDER BY a.seq",
    )
    .bind(object)
    .bind(email)
    .fetch_all(app.state.db.raw())
    .await
    .expect("audit");
    rows.iter().filter_map(|d| serde_json::from_str::<Value>(d).ok()?["view"].as_str().map(str::to_string)).collect()
}

/// Rule 9: reading a classified run, downloading one of its files and
/// taking a classified draaiboek's document each leave an audit row about
/// the object read (before they are handed out).
async fn authority_reads_of_runs_attachments_and_documents_are_audited(b: verbinding_store::Backend) {
    let app = spawn_app(b).await;
    let coordinator = app.token("coordinator@tfc.example").await;
    let email = "coordinator@tfc.example";
    let (execution, _, task) = running(&app).await;
    let run = run_as(&app, &coordinator, execution).await;
    let guard = run["execution"]["guard_object_id"].as_i64().expect("guard");
    assert!(read_views(&app, guard, email).await.contains(&"run".to_string()), "the run read is audited");

    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(b"verslag".to_vec())
            .file_name("verslag.txt")
            .mime_str("text/plain")
            .expect("mime"),
    );
    let r = reqwest::Client::new()
        .post(app.url(&format!("/api/v1/executions/{execution}/tasks/{}/attachments", task.replace('#', "%23"))))
        .bearer_auth(&coordinator)
        .multipart(form)
        .send()
        .await
        .expect("upload");
    assert_eq!(r.status(), 201, "{:?}", r.text().await);
    let attachment = r.json::<Value>().await.expect("json")["id"].as_i64().expect("id");
    let r = app.api_get(&coordinator, &format!("/api/v1/executions/{execution}/attachments/{attachment}")).await;
    assert_eq!(r.status(), 200);
    assert!(read_views(&app, guard, email).await.contains(&"attachment".to_string()), "the download is audited");

    let mut doc = marked_draaiboek();
    doc["id"] = format!("playbook--{}", u(77)).into();
    let body = json!({"document": doc, "classification": "dep-v", "tlp": "amber", "need_to_know": ["TFC"]});
    let r = app.api_send(Method::POST, &coordinator, "/api/v1/playbooks", body).await;
    assert!(r.status().is_success(), "{:?}", r.text().await);
    let playbook = r.json::<Value>().await.expect("json")["id"].as_i64().expect("id");
    assert_eq!(app.api_get(&coordinator, &format!("/api/v1/playbooks/{playbook}/document")).await.status(), 200);
    assert_eq!(read_views(&app, playbook, email).await, vec!["document".to_string()]);
}
