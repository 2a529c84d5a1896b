//! A draaiboek started on its own (an exercise): the run carries its own
//! marking, which decides who sees the run and gets its tasks; markings out of
//! the starter's reach are refused and nothing is started.

use crate::helpers::*;
use crate::on_both_backends;
use serde_json::{Value, json};

on_both_backends!(a_run_on_its_own_follows_its_own_marking);

async fn national(app: &TestApp, token: &str) -> i64 {
    let list: Value = app.api_get(token, "/api/v1/playbooks").await.json().await.expect("json");
    list["items"].as_array().expect("items").iter().find(|p| p["builtin"] == "national-response").expect("listed")["id"]
        .as_i64()
        .expect("id")
}

async fn runs(app: &TestApp) -> i64 {
    let mut c = app.state.db.read().await.expect("conn");
    sqlx::query_scalar("SELECT COUNT(*) FROM executions").fetch_one(&mut *c).await.expect("count")
}

async fn a_run_on_its_own_follows_its_own_marking(b: verbinding_store::Backend) {
    let app = spawn_app(b).await;
    let coordinator = app.token("coordinator@tfc.example").await;
    let ncsc = app.token("liaison@ncsc.example").await;
    let aivd = app.token("liaison@aivd.example").await;
    let playbook = national(&app, &coordinator).await;
    let before = runs(&app).await;

    // Refused, each with the field named, and nothing started.
    let refusals = [
        (json!({"classification": "dep-v", "tlp": "amber", "need_to_know": ["TFC"]}), "playbook"),
        (
            json!({"playbook": playbook, "classification": "", "tlp": "amber", "need_to_know": ["TFC"]}),
            "classification",
        ),
        (
            json!({"playbook": playbook, "classification": "stg-zeer-geheim", "tlp": "amber", "need_to_know": ["TFC"]}),
            "classification",
        ),
        (
            json!({"playbook": playbook, "classification": "dep-v", "tlp": "amber", "need_to_know": ["NCSC"]}),
            "need_to_know",
        ),
        (json!({"playbook": 999_999, "classification": "dep-v", "tlp": "amber", "need_to_know": ["TFC"]}), "playbook"),
    ];
    for (body, field) in refusals {
        let r = app.api_send(reqwest::Method::POST, &coordinator, "/api/v1/executions", body.clone()).await;
        assert_eq!(r.status(), if body.get("playbook").is_some_and(|p| p == 999_999) { 409 } else { 422 }, "{body}");
        let v: Value = r.json().await.expect("json");
        let fields: Vec<&str> =
            v["errors"].as_array().expect("errors").iter().filter_map(|e| e["field"].as_str()).collect();
        assert!(fields.contains(&field), "{body}: {v}");
    }
    let r = app
        .api_send(
            reqwest::Method::POST,
            &ncsc,
            "/api/v1/executions",
            json!({"playbook": playbook, "classification": "dep-v", "tlp": "amber", "need_to_know": ["NCSC"]}),
        )
        .await;
    assert_eq!(r.status(), 403, "only coordinators start runs");
    assert_eq!(runs(&app).await, before, "nothing was started");

    // An exercise for TFC and NCSC only.
    let r = app
        .api_send(
            reqwest::Method::POST,
            &coordinator,
            "/api/v1/executions",
            json!({"playbook": playbook, "classification": "dep-v", "tlp": "amber", "need_to_know": ["TFC", "NCSC"]}),
        )
        .await;
    assert_eq!(r.status(), 201);
    let v: Value = r.json().await.expect("json");
    let id = v["execution"]["id"].as_i64().expect("id");
    assert!(v["execution"]["incident_id"].is_null(), "not bound to an incident");
    let first = v["view"]["waiting"][0]["task"].as_str().expect("a first task").to_string();

    // Drive it into the parallel assessments, which include one for AIVD/MIVD.
    let mut open = vec![first];
    for _ in 0..6 {
        let Some(task) = open.pop() else { break };
        let r = app
            .api_send(
                reqwest::Method::POST,
                &coordinator,
                &format!("/api/v1/executions/{id}/commands"),
                json!({"command": "complete", "task": task, "outcome": "success", "answer": {}}),
            )
            .await;
        if r.status() != 200 {
            break;
        }
        let v: Value = app.api_get(&coordinator, &format!("/api/v1/executions/{id}")).await.json().await.expect("json");
        open = v["view"]["waiting"]
            .as_array()
            .expect("waiting")
            .iter()
            .filter(|w| w["approval"] != true)
            .filter_map(|w| w["task"].as_str().map(str::to_string))
            .collect();
        if open.len() > 1 {
            break;
        }
    }
    let aivd_tasks: Value = {
        let mut c = app.state.db.read().await.expect("conn");
        let n: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM execution_tasks t JOIN organisations o ON o.id = t.org_id \
             WHERE t.execution_id = $1 AND o.code IN ('AIVD', 'MIVD')",
        )
        .bind(id)
        .fetch_one(&mut *c)
        .await
        .expect("count");
        json!(n)
    };
    assert!(aivd_tasks.as_i64() > Some(0), "the run reached a step for AIVD/MIVD");

    // Insiders see it; AIVD, not on its list, learns nothing of it: not the
    // run, not its task in their inbox, not in the overview.
    assert_eq!(app.api_get(&ncsc, &format!("/api/v1/executions/{id}")).await.status(), 200);
    assert_eq!(app.api_get(&aivd, &format!("/api/v1/executions/{id}")).await.status(), 404);
    let inbox: Value = app.api_get(&aivd, "/api/v1/inbox").await.json().await.expect("json");
    assert!(
        inbox["items"].as_array().expect("items").iter().all(|t| t["execution_id"] != id),
        "no task of an invisible run in the inbox: {inbox}"
    );
    let r = app
        .api_send(
            reqwest::Method::POST,
            &aivd,
            &format!("/api/v1/executions/{id}/commands"),
            json!({"command": "pause"}),
        )
        .await;
    assert_eq!(r.status(), 404);

    // The page: a coordinator sees the form on the draaiboek; an empty
    // classification is named in Dutch and nothing is started.
    let session = app.login("coordinator@tfc.example").await;
    let page = session.get(&format!("/draaiboeken/{playbook}")).await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.expect("html");
    assert!(html.contains(&format!("action=\"/draaiboeken/{playbook}/executions\"")), "the start form is offered");
    let count = runs(&app).await;
    let r = session
        .post_form(&format!("/draaiboeken/{playbook}/executions"), &[("classification", ""), ("tlp", "amber")])
        .await;
    assert_eq!(r.status(), 422);
    assert_eq!(runs(&app).await, count);
    let r = session
        .post_form(
            &format!("/draaiboeken/{playbook}/executions"),
            &[("classification", "dep-v"), ("tlp", "amber"), ("need_to_know", "TFC")],
        )
        .await;
    assert_eq!(r.status(), 303);
    let run = r.headers()["location"].to_str().expect("location").to_string();
    assert!(run.starts_with("/executions/"));
    assert_eq!(runs(&app).await, count + 1);

    // A coordinator skips the first task on the run page: the justification is required.
    let run_id: i64 = run.trim_start_matches("/executions/").parse().expect("id");
    let v: Value = app.api_get(&coordinator, &format!("/api/v1/executions/{run_id}")).await.json().await.expect("json");
    let task = v["view"]["waiting"][0]["task"].as_str().expect("a task").to_string();
    let (_, html) = session.get_html(&run).await;
    assert!(html.contains("name=\"justification\""), "the skip form is offered");
    let commands = format!("{run}/commands");
    let r = session.post_form(&commands, &[("command", "skip"), ("task", task.as_str()), ("justification", " ")]).await;
    assert_eq!(r.status(), 422);
    assert!(r.text().await.expect("html").contains("Verantwoording"), "the field is named");
    let r = session
        .post_form(&commands, &[("command", "skip"), ("task", task.as_str()), ("justification", "Geoefend op papier")])
        .await;
    assert_eq!(r.status(), 303);
    let v: Value = app.api_get(&coordinator, &format!("/api/v1/executions/{run_id}")).await.json().await.expect("json");
    let skipped = v["view"]["frames"][0]["steps"]
        .as_object()
        .expect("steps")
        .values()
        .any(|s| s["task"] == task.as_str() && s["status"] == "skipped");
    assert!(skipped, "the step shows as skipped: {}", v["view"]);
}
