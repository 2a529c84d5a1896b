//! Draaiboeken executed, durably: a coordinator starts the national
//! draaiboek for an incident; tasks land in the inboxes of the organisations
//! the playbook's agents stand for; answers move it on; a missed deadline
//! makes a step overdue and escalates (fired by the scheduler with a moved
//! clock, not failed); a server started again on the same database goes on
//! exactly where it was; nobody outside the incident's need-to-know learns
//! of the execution or its tasks.

use crate::helpers::*;
use crate::on_both_backends;
use serde_json::{Value, json};
use verbinding_playbook::extension::EXTENSION_ID;

async fn incident_for(app: &TestApp, token: &str, orgs: &[&str]) -> i64 {
    let r = app
        .api_send(
            reqwest::Method::POST,
            token,
            "/api/v1/incidents",
            json!({"title": "Verstoring ministeriële netwerken", "severity": "significant", "lead_organisation": "TFC",
                   "classification": "dep-v", "tlp": "amber", "need_to_know": orgs}),
        )
        .await;
    assert_eq!(r.status(), 201);
    r.json::<Value>().await.expect("json")["id"].as_i64().expect("id")
}

async fn national_draaiboek(app: &TestApp, token: &str) -> (i64, Value) {
    let list: Value = app.api_get(token, "/api/v1/playbooks").await.json().await.expect("json");
    let item =
        list["items"].as_array().expect("items").iter().find(|p| p["builtin"] == "national-response").expect("listed");
    let id = item["id"].as_i64().expect("id");
    let doc: Value = app.api_get(token, &format!("/api/v1/playbooks/{id}/document")).await.json().await.expect("doc");
    (id, doc)
}

/// A valid answer for a step: the first choice of each field, else a value of the variable's type.
fn answer_for(doc: &Value, step: &str) -> Value {
    let mut out = serde_json::Map::new();
    let ext = &doc["workflow"][step]["step_extensions"][EXTENSION_ID];
    for (var, field) in ext["answer"].as_object().into_iter().flatten() {
        let kind = doc["playbook_variables"][var]["type"].as_str().unwrap_or("string");
        let value = match field["choices"].as_array().and_then(|c| c.first()) {
            Some(c) => c.clone(),
            None => Value::String(match kind {
                "bool" => "true".into(),
                "integer" | "long" => "1".into(),
                _ => "Besproken in het kernteam.".into(),
            }),
        };
        out.insert(var.clone(), value);
    }
    Value::Object(out)
}

async fn waiting(app: &TestApp, token: &str, execution: i64) -> Vec<Value> {
    let v: Value = app.api_get(token, &format!("/api/v1/executions/{execution}")).await.json().await.expect("json");
    v["view"]["waiting"].as_array().cloned().unwrap_or_default()
}

async fn complete(app: &TestApp, token: &str, execution: i64, doc: &Value, task: &Value) -> reqwest::Response {
    let step = task["step"].as_str().expect("step");
    app.api_send(
        reqwest::Method::POST,
        token,
        &format!("/api/v1/executions/{execution}/commands"),
        json!({"command": "complete", "task": task["task"], "outcome": "success", "answer": answer_for(doc, step)}),
    )
    .await
}

async fn the_national_draaiboek_runs_durably_across_ministries(b: verbinding_store::Backend) {
    let app = spawn_app(b).await;
    let coordinator = app.token("coordinator@tfc.example").await;
    let ncsc = app.token("liaison@ncsc.example").await;
    let aivd = app.token("liaison@aivd.example").await;
    let incident = incident_for(&app, &coordinator, &["TFC", "NCSC", "BZ"]).await;
    let (playbook, doc) = national_draaiboek(&app, &coordinator).await;

    // Only coordinators start; a missing playbook is named.
    let r = app
        .api_send(
            reqwest::Method::POST,
            &ncsc,
            &format!("/api/v1/incidents/{incident}/executions"),
            json!({"playbook": playbook}),
        )
        .await;
    assert_eq!(r.status(), 403);
    let r = app
        .api_send(reqwest::Method::POST, &coordinator, &format!("/api/v1/incidents/{incident}/executions"), json!({}))
        .await;
    assert_eq!(r.status(), 422);
    let r = app
        .api_send(
            reqwest::Method::POST,
            &coordinator,
            &format!("/api/v1/incidents/{incident}/executions"),
            json!({"playbook": playbook}),
        )
        .await;
    let st = r.status();
    let started: Value = r.json().await.expect("json");
    assert_eq!(st, 201, "{started}");
    let execution = started["execution"]["id"].as_i64().expect("id");
    assert_eq!(started["execution"]["status"], "running");

    // The first task is the taskforce's; the NCSC liaison may not answer it.
    let first = waiting(&app, &coordinator, execution).await;
    assert_eq!(first.len(), 1, "{first:?}");
    let r = complete(&app, &ncsc, execution, &doc, &first[0]).await;
    assert_eq!(r.status(), 403, "another organisation's task");
    // A wrong answer is refused naming the field, and changes nothing.
    let r = app
        .api_send(
            reqwest::Method::POST,
            &coordinator,
            &format!("/api/v1/executions/{execution}/commands"),
            json!({"command": "complete", "task": "action--nonexistent#9", "outcome": "success", "answer": {}}),
        )
        .await;
    // A task the run does not have is about the run's state, not the request's shape.
    assert_eq!(r.status(), 409);
    let body: Value = r.json().await.expect("json");
    assert_eq!(body["code"], "does_not_fit");
    assert_eq!(body["findings"][0]["code"], "task_unknown");
    assert_eq!(complete(&app, &coordinator, execution, &doc, &first[0]).await.status(), 200);

    // The assessments run in parallel: the NCSC liaison finds the technical one in the inbox.
    let inbox: Value = app.api_get(&ncsc, "/api/v1/inbox").await.json().await.expect("json");
    let mine: Vec<&Value> =
        inbox["items"].as_array().expect("items").iter().filter(|t| t["execution_id"] == execution).collect();
    assert_eq!(mine.len(), 1, "exactly the NCSC task: {inbox}");
    assert_eq!(mine[0]["org_code"], "NCSC");
    let ncsc_task = mine[0]["task"].as_str().expect("task").to_string();
    let parallel = waiting(&app, &coordinator, execution).await;
    assert!(parallel.len() >= 3, "assessments in parallel: {parallel:?}");

    // Outside the need-to-know (AIVD is not on the list): no execution, no task, no trace.
    assert_eq!(app.api_get(&aivd, &format!("/api/v1/executions/{execution}")).await.status(), 404);
    let r = app
        .api_send(
            reqwest::Method::POST,
            &aivd,
            &format!("/api/v1/executions/{execution}/commands"),
            json!({"command": "pause"}),
        )
        .await;
    assert_eq!(r.status(), 404);
    let r = app.api_get(&aivd, "/api/v1/inbox").await;
    assert_eq!(r.status(), 200);
    let inbox: Value = r.json().await.expect("json");
    assert!(inbox["items"].as_array().expect("items").iter().all(|t| t["execution_id"] != execution), "{inbox}");

    // A deadline passes: the scheduler (with the clock moved) makes the step overdue and escalates; nothing fails.
    let ncsc_step = parallel.iter().find(|t| t["task"] == ncsc_task.as_str()).expect("ncsc task waiting");
    let deadline = ncsc_step["deadline"].as_i64().expect("the assessment has a deadline");
    let now = app.state.now_ms() / 1000;
    app.clock.advance_ms((deadline - now + 1) * 1000);
    let moved = verbinding_app::executions::tick(&app.state).await.expect("tick");
    assert!(moved >= 1);
    assert_eq!(verbinding_app::executions::tick(&app.state).await.expect("tick again"), 0, "a timer fires once");
    let after = waiting(&app, &coordinator, execution).await;
    let overdue = after.iter().find(|t| t["task"] == ncsc_task.as_str()).expect("still waiting");
    assert_eq!(overdue["overdue"], true);
    let shown: Value =
        app.api_get(&coordinator, &format!("/api/v1/executions/{execution}")).await.json().await.expect("json");
    assert_eq!(shown["execution"]["status"], "running", "overdue is not failed");

    // Escalation (after the escalation delay) reaches the agent named: the taskforce's inbox shows it.
    app.clock.advance_ms(8 * 24 * 3600 * 1000);
    verbinding_app::executions::tick(&app.state).await.expect("tick");
    let escalated: Value = app.api_get(&coordinator, "/api/v1/inbox").await.json().await.expect("json");
    assert!(
        escalated["items"]
            .as_array()
            .expect("items")
            .iter()
            .any(|t| t["task"] == ncsc_task.as_str() && t["escalated_org_code"] == "TFC"),
        "{escalated}"
    );

    // "Kill" the server: a new one on the same database goes on exactly where it was.
    let (before, _) =
        verbinding_app::executions::stored_state(&app.state, &verbinding_app::Caller::command_line(), execution)
            .await
            .expect("state");
    let again = verbinding_store::Db::open(&app.db_url).await.expect("reopen");
    let restarted = verbinding_app::App::new(again, Default::default(), app.clock.clone())
        .expect("app")
        .with_cacao_schemas(cacao_schemas());
    assert_eq!(
        verbinding_app::executions::tick(&restarted).await.expect("tick"),
        0,
        "nothing fires twice after a restart"
    );
    let (after_restart, _) =
        verbinding_app::executions::stored_state(&restarted, &verbinding_app::Caller::command_line(), execution)
            .await
            .expect("state");
    assert_eq!(after_restart, before);
    // The transitions since the last snapshot are journal rows, which
    // nobody can change or remove, not even through SQL.
    let journal: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM execution_journal WHERE execution_id = $1")
        .bind(execution)
        .fetch_one(app.state.db.raw())
        .await
        .expect("journal");
    assert!(journal > 0, "transitions are journaled");
    for tamper in [
        "UPDATE execution_journal SET command = '{}' WHERE execution_id = $1",
        "DELETE FROM execution_journal WHERE execution_id = $1",
    ] {
        let r = sqlx::query(tamper).bind(execution).execute(app.state.db.raw()).await;
        assert!(r.is_err(), "{tamper} is refused");
    }
    assert_eq!(
        complete(&app, &ncsc, execution, &doc, overdue).await.status(),
        200,
        "the overdue task can still be answered"
    );
    let r = complete(&app, &ncsc, execution, &doc, overdue).await;
    assert_eq!(r.status(), 409, "answering twice is refused");
    assert_eq!(r.json::<Value>().await.expect("json")["findings"][0]["code"], "task_closed");

    // Every transition is audited about the incident.
    let audited: Vec<String> = sqlx::query_scalar(
        "SELECT action FROM audit_log WHERE object_id = $1 AND action LIKE 'execution.%' ORDER BY seq",
    )
    .bind(incident)
    .fetch_all(app.state.db.raw())
    .await
    .expect("audit");
    assert_eq!(audited.first().map(String::as_str), Some("execution.started"));
    assert!(audited.iter().filter(|a| a.as_str() == "execution.changed").count() >= 4, "{audited:?}");

    // The operator cancels with a reason; the open tasks leave every inbox.
    let liaison_cancel = app
        .api_send(
            reqwest::Method::POST,
            &ncsc,
            &format!("/api/v1/executions/{execution}/commands"),
            json!({"command": "cancel", "reason": "x"}),
        )
        .await;
    assert_eq!(liaison_cancel.status(), 403);
    let r = app
        .api_send(
            reqwest::Method::POST,
            &coordinator,
            &format!("/api/v1/executions/{execution}/commands"),
            json!({"command": "cancel", "reason": "Oefening beëindigd"}),
        )
        .await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.json::<Value>().await.expect("json")["execution"]["status"], "cancelled");
    let inbox: Value = app.api_get(&coordinator, "/api/v1/inbox").await.json().await.expect("json");
    assert!(inbox["items"].as_array().expect("items").iter().all(|t| t["execution_id"] != execution));
    // A cancelled run takes no more commands: a conflict with its state, named in the caller's language.
    let r = app
        .api_send(
            reqwest::Method::POST,
            &coordinator,
            &format!("/api/v1/executions/{execution}/commands"),
            json!({"command": "pause"}),
        )
        .await;
    assert_eq!(r.status(), 409);
    let body: Value = r.json().await.expect("json");
    assert_eq!(body["code"], "does_not_fit");
    assert_eq!(body["findings"][0]["code"], "execution_not_running", "{body}");
}

on_both_backends!(
    the_national_draaiboek_runs_durably_across_ministries,
    the_pages_start_show_and_answer,
    approvers_vote_for_their_own_organisation
);

/// The pages: start from the incident's tab, the graph and the waiting list,
/// a liaison answers from the form; a bad answer is named; the inbox lists it.
async fn the_pages_start_show_and_answer(b: verbinding_store::Backend) {
    let app = spawn_app(b).await;
    let coordinator_token = app.token("coordinator@tfc.example").await;
    let incident = incident_for(&app, &coordinator_token, &["TFC", "NCSC", "BZ"]).await;
    let (playbook, doc) = national_draaiboek(&app, &coordinator_token).await;
    let coordinator = app.login("coordinator@tfc.example").await;
    let tab = coordinator.get(&format!("/incidents/{incident}/executions")).await;
    assert_eq!(tab.status(), 200);
    assert!(tab.text().await.expect("html").contains("Start draaiboek"));
    let r = coordinator
        .post_form(&format!("/incidents/{incident}/executions"), &[("playbook", &playbook.to_string())])
        .await;
    assert_eq!(r.status(), 303);
    let location = r.headers()["location"].to_str().expect("location").to_string();
    let execution: i64 = location.trim_start_matches("/executions/").parse().expect("id");
    let html = coordinator.get(&location).await.text().await.expect("html");
    assert!(html.contains("<svg") && html.contains("role=\"img\""), "the graph is drawn");
    assert!(html.contains("Op wie wachten we?"));
    // The coordinator answers the first task from the page.
    let first = waiting(&app, &coordinator_token, execution).await;
    let step = first[0]["step"].as_str().expect("step");
    let mut form: Vec<(String, String)> = vec![
        ("command".into(), "complete".into()),
        ("task".into(), first[0]["task"].as_str().expect("task").into()),
        ("outcome".into(), "success".into()),
    ];
    for (k, v) in answer_for(&doc, step).as_object().expect("answer") {
        form.push((format!("answer.{k}"), v.as_str().expect("text").into()));
    }
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let r = coordinator.post_form(&format!("/executions/{execution}/commands"), &pairs).await;
    assert_eq!(r.status(), 303);
    // The same task again: refused with a message, nothing changes.
    let r = coordinator.post_form(&format!("/executions/{execution}/commands"), &pairs).await;
    assert_eq!(r.status(), 422);
    assert!(r.text().await.expect("html").contains("Deze taak is al afgerond."));
    // The NCSC liaison finds the technical assessment in the inbox page.
    let liaison = app.login("liaison@ncsc.example").await;
    let inbox = liaison.get("/inbox").await.text().await.expect("html");
    assert!(inbox.replace("&#x2f;", "/").contains(&format!("/executions/{execution}#task-")), "{inbox}");
    let page = liaison.get(&format!("/executions/{execution}")).await.text().await.expect("html");
    assert!(page.contains("name=\"command\" value=\"complete\""), "the liaison has a form for the NCSC task");
    let overview = coordinator.get("/executions").await;
    assert_eq!(overview.status(), 200);
    assert!(
        overview.text().await.expect("html").contains(&format!("/executions/{execution}")),
        "the run is in the overview"
    );
}

/// A small draaiboek with one step that two organisations must approve.
fn approval_draaiboek() -> Value {
    let ext = EXTENSION_ID;
    let u = |n: u32| format!("{n:08x}-1111-4111-8111-111111111111");
    json!({
        "type": "playbook", "spec_version": "cacao-2.0", "id": format!("playbook--{}", u(1)),
        "name": "Joint statement", "created_by": format!("identity--{}", u(2)),
        "created": "2026-01-01T00:00:00Z", "modified": "2026-01-01T00:00:00Z",
        "extension_definitions": {ext: {"type": "extension-definition", "name": "Verbinding",
            "description": "Verbinding draaiboek extension", "created_by": format!("identity--{}", u(2)),
            "schema": "https://verbinding.example/schemas/extension-definition--5f0b3c2e-8a4d-4e1f-9b6c-2d7a1e9c4b38.json",
            "version": "1.0.0"}},
        "workflow_start": format!("start--{}", u(3)),
        "workflow": {
            format!("start--{}", u(3)): {"type": "start", "on_completion": format!("action--{}", u(4))},
            format!("action--{}", u(4)): {"type": "action", "name": "Draft the joint statement",
                "agent": format!("organization--{}", u(6)),
                "commands": [{"type": "manual", "command": "Draft the statement and circulate it"}],
                "on_completion": format!("end--{}", u(5)),
                "step_extensions": {ext: {"approval": {"policy": "all",
                    "approvers": [format!("organization--{}", u(7)), format!("organization--{}", u(8))]}}}},
            format!("end--{}", u(5)): {"type": "end"}
        },
        "agent_definitions": {
            format!("organization--{}", u(6)): {"type": "organization", "name": "Taskforce",
                "agent_target_extensions": {ext: {"organisation": "TFC"}}},
            format!("organization--{}", u(7)): {"type": "organization", "name": "NCSC",
                "agent_target_extensions": {ext: {"organisation": "NCSC"}}},
            format!("organization--{}", u(8)): {"type": "organization", "name": "Buitenlandse Zaken",
                "agent_target_extensions": {ext: {"organisation": "BZ"}}}
        }
    })
}

/// Votes are cast for an approver agent only by members of the organisation it stands for.
async fn approvers_vote_for_their_own_organisation(b: verbinding_store::Backend) {
    let app = spawn_app(b).await;
    let coordinator = app.token("coordinator@tfc.example").await;
    let ncsc = app.token("liaison@ncsc.example").await;
    let decider = app.token("besluit@bz.example").await;
    let incident = incident_for(&app, &coordinator, &["TFC", "NCSC", "BZ"]).await;
    let r = app
        .api_send(reqwest::Method::POST, &coordinator, "/api/v1/playbooks", json!({"document": approval_draaiboek()}))
        .await;
    assert_eq!(r.status(), 201, "{:?}", r.text().await);
    let playbook = r.json::<Value>().await.expect("json")["id"].as_i64().expect("id");
    // Only an approved version runs (issue 11, rule 7): someone else approves it.
    let r = app
        .api_send(
            reqwest::Method::POST,
            &decider,
            &format!("/api/v1/playbooks/{playbook}/approve"),
            json!({"version": 1}),
        )
        .await;
    assert!(r.status().is_success(), "{:?}", r.text().await);
    let r = app
        .api_send(
            reqwest::Method::POST,
            &coordinator,
            &format!("/api/v1/incidents/{incident}/executions"),
            json!({"playbook": playbook}),
        )
        .await;
    assert_eq!(r.status(), 201);
    let execution = r.json::<Value>().await.expect("json")["execution"]["id"].as_i64().expect("id");
    let task = waiting(&app, &coordinator, execution).await[0]["task"].as_str().expect("task").to_string();
    let commands = format!("/api/v1/executions/{execution}/commands");
    let r = app
        .api_send(
            reqwest::Method::POST,
            &coordinator,
            &commands,
            json!({"command": "complete", "task": task, "outcome": "success", "answer": {}}),
        )
        .await;
    assert_eq!(r.status(), 200);
    let approver = |n: u32| format!("organization--{n:08x}-1111-4111-8111-111111111111");
    let vote = |token: String, agent: String| {
        let app = &app;
        let commands = commands.clone();
        let task = task.clone();
        async move {
            app.api_send(
                reqwest::Method::POST,
                &token,
                &commands,
                json!({"command": "approve", "task": task, "approver": agent, "approve": true}),
            )
            .await
            .status()
        }
    };
    assert_eq!(vote(ncsc.clone(), approver(8)).await, 403, "NCSC cannot vote for Foreign Affairs");
    assert_eq!(vote(ncsc.clone(), approver(7)).await, 200);
    let open: Value =
        app.api_get(&coordinator, &format!("/api/v1/executions/{execution}")).await.json().await.expect("json");
    assert_eq!(open["execution"]["status"], "running", "one approval of two");
    assert_eq!(vote(decider.clone(), approver(8)).await, 200);
    let done: Value =
        app.api_get(&coordinator, &format!("/api/v1/executions/{execution}")).await.json().await.expect("json");
    assert_eq!(done["execution"]["status"], "completed");
}

on_both_backends!(answers_arriving_together_commit_together_and_stay_separate);

/// Answers that arrive together share a commit, yet each is its own
/// transition: a refused one (an unknown task, a task answered a moment
/// before) changes nothing for the others, and every transition keeps its
/// own audit event.
async fn answers_arriving_together_commit_together_and_stay_separate(b: verbinding_store::Backend) {
    let app = spawn_app(b).await;
    let coordinator = app.token("coordinator@tfc.example").await;
    let incident = incident_for(&app, &coordinator, &["TFC", "NCSC", "BZ"]).await;
    let (playbook, doc) = national_draaiboek(&app, &coordinator).await;
    let mut runs = Vec::new();
    for _ in 0..4 {
        let path = format!("/api/v1/incidents/{incident}/executions");
        let r = app.api_send(reqwest::Method::POST, &coordinator, &path, json!({"playbook": playbook})).await;
        let id = r.json::<Value>().await.expect("json")["execution"]["id"].as_i64().expect("id");
        let first = waiting(&app, &coordinator, id).await;
        assert_eq!(complete(&app, &coordinator, id, &doc, &first[0]).await.status(), 200);
        runs.push((id, waiting(&app, &coordinator, id).await));
    }
    // Per execution: its three parallel assessments, one of them twice, and a task that does not exist.
    let mut sends = Vec::new();
    for (id, open) in &runs {
        assert_eq!(open.len(), 3, "{open:?}");
        for t in open.iter().chain(std::iter::once(&open[0])) {
            sends.push((*id, t.clone()));
        }
        sends.push((*id, json!({"task": "action--nonexistent#9", "step": open[0]["step"]})));
    }
    let (before, _) = verbinding_app::executions::batch_stats(&app.state);
    let answers =
        futures_util::future::join_all(sends.iter().map(|(id, t)| complete(&app, &coordinator, *id, &doc, t))).await;
    let mut codes = std::collections::BTreeMap::new();
    for (r, (_, t)) in answers.into_iter().zip(&sends) {
        let status = r.status().as_u16();
        let code = if status == 200 {
            "ok".to_string()
        } else {
            r.json::<Value>().await.expect("json")["findings"][0]["code"].as_str().unwrap_or("").to_string()
        };
        *codes.entry((t["task"].as_str().unwrap_or("").contains("nonexistent"), code)).or_insert(0) += 1;
    }
    let want = std::collections::BTreeMap::from([
        ((false, "ok".to_string()), 12),
        ((false, "task_closed".to_string()), 4),
        ((true, "task_unknown".to_string()), 4),
    ]);
    assert_eq!(codes, want);
    let (after, _) = verbinding_app::executions::batch_stats(&app.state);
    assert!(after - before <= 12, "at most one commit per transition");

    for (id, open) in &runs {
        let (ex, stored) =
            verbinding_app::executions::stored_state(&app.state, &verbinding_app::Caller::command_line(), *id)
                .await
                .expect("state");
        let revision = stored.revision;
        for t in open {
            let answered = ex.history.iter().filter(|r| {
                matches!(&r.event, verbinding_playbook::engine::Effect::Answered { task, .. } if task == t["task"].as_str().unwrap_or(""))
            });
            assert_eq!(answered.count(), 1, "{} answered once", t["task"]);
        }
        let details: Vec<String> =
            sqlx::query_scalar("SELECT detail FROM audit_log WHERE action = 'execution.changed'")
                .fetch_all(app.state.db.raw())
                .await
                .expect("audit");
        let audited = details
            .iter()
            .map(|d| serde_json::from_str::<Value>(d).expect("detail"))
            .filter(|d| d["execution"] == *id && d.get("command").is_some())
            .count() as i64;
        assert_eq!(audited, revision - 1, "one audit event per transition of execution {id}");
        let open_rows: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM execution_tasks WHERE execution_id = $1 AND open = 1")
                .bind(id)
                .fetch_one(app.state.db.raw())
                .await
                .expect("rows");
        assert_eq!(open_rows as usize, ex.open_tasks().count(), "task rows follow the state");
    }

    // A group that fails in the database (here: a state that no longer
    // parses) rolls back whole and is retried one by one: only the broken
    // execution's command fails.
    let broken = runs[0].0;
    let mut votes = Vec::new();
    for (id, _) in &runs {
        let open = waiting(&app, &coordinator, *id).await;
        let approval =
            open.iter().find(|t| t["approval"] == true).expect("the intelligence assessment awaits approval");
        let body = json!({"command": "approve", "task": approval["task"], "approver": approval["waiting_for"][0],
                          "approve": true});
        votes.push((*id, body));
    }
    for broken_sql in [
        "UPDATE execution_snapshots SET state = '{' WHERE execution_id = $1",
        "UPDATE executions SET revision = revision + 1 WHERE id = $1",
    ] {
        sqlx::query(broken_sql).bind(broken).execute(app.state.db.raw()).await.expect("break a state");
    }
    // In-process, as the API handler calls it once it has checked the caller.
    let mut conn = app.state.db.read().await.expect("conn");
    let (user, _) = verbinding_store::directory::login_lookup(&mut conn, "coordinator@tfc.example")
        .await
        .expect("lookup")
        .expect("user");
    let principal = verbinding_store::directory::principal(&mut conn, &user).await.expect("principal");
    drop(conn);
    let caller = verbinding_app::Caller::user(user.clone(), principal, verbinding_app::Origin::Token, "t", "test");
    let answers = futures_util::future::join_all(votes.iter().map(|(id, body)| {
        let mut body = body.clone();
        body["by"] = json!(user.email);
        let command = serde_json::from_value(body).expect("command");
        verbinding_app::executions::command(&app.state, &caller, *id, command)
    }))
    .await;
    for (r, (id, _)) in answers.into_iter().zip(&votes) {
        assert_eq!(r.is_ok(), *id != broken, "execution {id}: {r:?}");
    }
}
