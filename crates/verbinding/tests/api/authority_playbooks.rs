//! Issue 11, the draaiboek and run rules: built-ins belong to the instance
//! and nothing a user stored stops the start (rule 1); only approved
//! versions run and a new version keeps the marking (rule 7); a run is never
//! more open than the draaiboeken it runs and a draaiboek cannot call one its
//! importer may not see (rule 3); audit rows of a run name no hidden
//! draaiboek (rule 9); size limits on import and capped run answers (rule 11).
//! Each test fails on the code before these rules.

use crate::fixtures::World;
use crate::helpers::*;
use crate::on_both_backends;
use reqwest::Method;
use serde_json::{Value, json};
use verbinding_playbook::extension::EXTENSION_ID;

on_both_backends!(
    authority_import_under_a_builtin_id_is_refused_on_api_and_cli,
    authority_serve_starts_when_a_stored_version_conflicts_with_a_builtin,
    authority_only_an_approved_version_runs_and_a_new_version_keeps_the_marking,
    authority_a_run_is_never_more_open_than_its_draaiboeken,
    authority_an_incident_is_not_widened_beyond_the_draaiboeken_run_on_it,
    authority_execution_audit_rows_name_no_hidden_draaiboek,
    authority_a_draaiboek_too_large_is_refused_naming_the_limit,
);

fn u(n: u32) -> String {
    format!("{n:08x}-2222-4222-8222-222222222222")
}

/// A small valid draaiboek `playbook--u(n)`: start, optionally a
/// playbook-action calling `calls`, one task for TFC, end.
fn draaiboek(n: u32, modified: &str, calls: Option<&str>) -> Value {
    let ext = EXTENSION_ID;
    let action = format!("action--{}", u(n * 10 + 4));
    let first = match calls {
        Some(_) => format!("playbook-action--{}", u(n * 10 + 6)),
        None => action.clone(),
    };
    let mut workflow = json!({
        format!("start--{}", u(n * 10 + 3)): {"type": "start", "on_completion": first},
        action.clone(): {"type": "action", "name": "Draft the statement", "agent": format!("organization--{}", u(9)),
            "commands": [{"type": "manual", "command": "Draft the statement"}],
            "on_completion": format!("end--{}", u(n * 10 + 5))},
        format!("end--{}", u(n * 10 + 5)): {"type": "end"}
    });
    if let Some(callee) = calls {
        workflow[format!("playbook-action--{}", u(n * 10 + 6))] = json!({"type": "playbook-action", "name": "Run the sub-draaiboek", "playbook_id": callee,
                   "on_completion": action});
    }
    json!({
        "type": "playbook", "spec_version": "cacao-2.0", "id": format!("playbook--{}", u(n)),
        "name": format!("Draaiboek {n}"), "created_by": format!("identity--{}", u(2)),
        "created": "2026-01-01T00:00:00Z", "modified": modified,
        "extension_definitions": {ext: {"type": "extension-definition", "name": "Verbinding",
            "description": "Verbinding draaiboek extension", "created_by": format!("identity--{}", u(2)),
            "schema": "https://verbinding.example/schemas/extension-definition--5f0b3c2e-8a4d-4e1f-9b6c-2d7a1e9c4b38.json",
            "version": "1.0.0"}},
        "workflow_start": format!("start--{}", u(n * 10 + 3)),
        "workflow": workflow,
        "agent_definitions": {
            format!("organization--{}", u(9)): {"type": "organization", "name": "Taskforce",
                "agent_target_extensions": {ext: {"organisation": "TFC"}}}
        }
    })
}

const TFC_ONLY: &str = "tfc-only";

/// Imports through the API; `marking` TFC_ONLY is Dep. V., TFC alone.
async fn import(app: &TestApp, token: &str, doc: &Value, marking: Option<&str>) -> reqwest::Response {
    let mut body = json!({"document": doc});
    if marking == Some(TFC_ONLY) {
        body["classification"] = "dep-v".into();
        body["tlp"] = "amber".into();
        body["need_to_know"] = json!(["TFC"]);
    }
    app.api_send(Method::POST, token, "/api/v1/playbooks", body).await
}

async fn imported(app: &TestApp, token: &str, doc: &Value, marking: Option<&str>) -> i64 {
    let r = import(app, token, doc, marking).await;
    assert!(r.status().is_success(), "{:?}", r.text().await);
    r.json::<Value>().await.expect("json")["id"].as_i64().expect("id")
}

async fn approve(app: &TestApp, token: &str, id: i64, version: i64) -> reqwest::Response {
    app.api_send(Method::POST, token, &format!("/api/v1/playbooks/{id}/approve"), json!({"version": version})).await
}

async fn incident(app: &TestApp, token: &str, orgs: &[&str]) -> i64 {
    let r = app
        .api_send(
            Method::POST,
            token,
            "/api/v1/incidents",
            json!({"title": "Verstoring", "severity": "significant", "lead_organisation": "TFC",
                   "classification": "dep-v", "tlp": "amber", "need_to_know": orgs}),
        )
        .await;
    assert_eq!(r.status(), 201);
    r.json::<Value>().await.expect("json")["id"].as_i64().expect("id")
}

async fn start(app: &TestApp, token: &str, incident: i64, playbook: i64) -> reqwest::Response {
    app.api_send(
        Method::POST,
        token,
        &format!("/api/v1/incidents/{incident}/executions"),
        json!({"playbook": playbook}),
    )
    .await
}

/// The status and first field-error or finding code of a refusal.
async fn refusal(r: reqwest::Response) -> (u16, String, Value) {
    let status = r.status().as_u16();
    let v: Value = r.json().await.expect("json");
    let code = v["errors"][0]["code"].as_str().or(v["findings"][0]["code"].as_str()).unwrap_or("").to_string();
    (status, code, v)
}

async fn national(app: &TestApp, token: &str) -> (i64, Value) {
    let list: Value = app.api_get(token, "/api/v1/playbooks").await.json().await.expect("json");
    let id = list["items"].as_array().expect("items").iter().find(|p| p["builtin"] == "national-response").expect("it")
        ["id"]
        .as_i64()
        .expect("id");
    let doc: Value = app.api_get(token, &format!("/api/v1/playbooks/{id}/document")).await.json().await.expect("doc");
    (id, doc)
}

async fn scalar(app: &TestApp, sql: &str) -> i64 {
    let mut c = app.state.db.read().await.expect("conn");
    sqlx::query_scalar(sql).fetch_one(&mut *c).await.expect(sql)
}

/// Rule 1: a built-in is the instance's. An import under its CACAO id with a
/// later `modified` (accepted before, after which `serve` refused to start)
/// is refused on the API and on the command line, and nothing is stored.
async fn authority_import_under_a_builtin_id_is_refused_on_api_and_cli(b: verbinding_store::Backend) {
    let app = spawn_app(b).await;
    let coordinator = app.token("coordinator@tfc.example").await;
    let (_, mut doc) = national(&app, &coordinator).await;
    doc["modified"] = "2099-01-01T00:00:00.000Z".into();
    doc["name"] = "Our own national response".into();
    let versions = "SELECT COUNT(*) FROM playbook_versions";
    let before = scalar(&app, versions).await;
    let (status, code, body) = refusal(import(&app, &coordinator, &doc, None).await).await;
    assert_eq!((status, code.as_str()), (409, "playbook_builtin"), "{body}");
    assert_eq!(body["errors"][0]["field"], "document");

    let dir = TempDir::new();
    let file = dir.0.join("national.json");
    std::fs::write(&file, doc.to_string()).expect("write");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_verbinding"))
        .args(["playbook", "import", file.to_str().expect("path"), "--database", &app.db_url])
        .env_remove("VERBINDING_DATABASE_URL")
        .output()
        .expect("run");
    let said = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(!out.status.success(), "the command line refuses it too: {said}");
    assert!(said.contains("playbook_builtin") || said.contains("built-in"), "{said}");
    assert_eq!(scalar(&app, versions).await, before, "nothing was stored");
}

/// Rule 1: a database where a user-stored version sits on top of a built-in
/// (as the old import let happen; written here in SQL) still starts: `serve`
/// warns, keeps the stored version and answers /readyz.
async fn authority_serve_starts_when_a_stored_version_conflicts_with_a_builtin(b: verbinding_store::Backend) {
    let (db_url, _dir) = fresh_database(b).await;
    {
        let db = verbinding_store::Db::open(&db_url).await.expect("open");
        let app = verbinding_app::App::new(
            db.clone(),
            Default::default(),
            std::sync::Arc::new(verbinding_app::clock::ManualClock::new(1_800_000_000_000)),
        )
        .expect("app");
        verbinding_app::playbooks::seed_builtin(&app).await.expect("built-ins");
        let id: i64 = sqlx::query_scalar("SELECT object_id FROM playbooks WHERE builtin = 'national-response'")
            .fetch_one(db.raw())
            .await
            .expect("national");
        sqlx::query(
            "INSERT INTO playbook_versions (playbook_id, version, name, modified, document, sha256, mode, tolerated, \
             created_by, created_at) VALUES ($1, 2, 'A user''s version', '2099-01-01T00:00:00.000Z', '{}', 'abc', \
             'strict', '[]', NULL, 0)",
        )
        .bind(id)
        .execute(db.raw())
        .await
        .expect("user version");
        sqlx::query("UPDATE playbooks SET current_version = 2 WHERE object_id = $1")
            .bind(id)
            .execute(db.raw())
            .await
            .expect("current");
        db.close().await;
    }
    let url = db_url.clone();
    let (base, mut child, stderr) = tokio::task::spawn_blocking(move || {
        use std::io::{BufRead, BufReader};
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_verbinding"))
            .args(["serve", "--listen", "127.0.0.1:0", "--database", &url])
            .env_remove("VERBINDING_DATABASE_URL")
            .env_remove("VERBINDING_CONFIG")
            .env("VERBINDING_LOG", "warn")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("start the server");
        let stderr = child.stderr.take().expect("stderr");
        let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
        let base = loop {
            let Some(Ok(line)) = lines.next() else { break None };
            if let Some(rest) = line.split("http://").nth(1) {
                break Some(format!("http://{}", rest.split_whitespace().next().expect("address")));
            }
        };
        std::thread::spawn(move || for _ in lines {});
        (base, child, stderr)
    })
    .await
    .expect("spawn");
    let Some(base) = base else {
        let _ = child.wait();
        let mut said = String::new();
        std::io::Read::read_to_string(&mut { stderr }, &mut said).ok();
        panic!("serve did not start: {said}");
    };
    let ready = reqwest::get(format!("{base}/readyz")).await.expect("readyz");
    assert_eq!(ready.status(), 200);
    child.kill().expect("kill");
    child.wait().expect("reap");
    let mut said = String::new();
    std::io::Read::read_to_string(&mut { stderr }, &mut said).expect("stderr");
    assert!(said.contains("WARN") && said.contains("national-response"), "the conflict is logged: {said}");
}

/// Rule 7: only an approved version starts a run (incident or exercise); a
/// new version keeps the draaiboek's marking (an import choosing another
/// was silently given the stored one) and runs only once someone else
/// approved it.
async fn authority_only_an_approved_version_runs_and_a_new_version_keeps_the_marking(b: verbinding_store::Backend) {
    let app = spawn_app(b).await;
    let coordinator = app.token("coordinator@tfc.example").await;
    let decider = app.token("besluit@bz.example").await;
    let incident = incident(&app, &coordinator, &["TFC", "BZ"]).await;
    let id = imported(&app, &coordinator, &draaiboek(1, "2026-01-01T00:00:00Z", None), None).await;
    let runs = "SELECT COUNT(*) FROM executions";
    let (status, code, body) = refusal(start(&app, &coordinator, incident, id).await).await;
    assert_eq!((status, code.as_str()), (409, "playbook_approval_missing"), "{body}");
    let exercise = json!({"playbook": id, "classification": "dep-v", "tlp": "amber", "need_to_know": ["TFC"]});
    let r = app.api_send(Method::POST, &coordinator, "/api/v1/executions", exercise.clone()).await;
    let (status, code, _) = refusal(r).await;
    assert_eq!((status, code.as_str()), (409, "playbook_approval_missing"), "an exercise needs approval too");
    assert_eq!(scalar(&app, runs).await, 0);

    assert_eq!(approve(&app, &decider, id, 1).await.status(), 200);
    let r = start(&app, &coordinator, incident, id).await;
    assert_eq!(r.status(), 201);
    assert_eq!(r.json::<Value>().await.expect("json")["execution"]["playbook_version"], 1);

    // A new version under another marking is refused, naming what differs; nothing is stored.
    let v2 = draaiboek(1, "2026-02-01T00:00:00Z", None);
    let (status, code, body) = refusal(import(&app, &coordinator, &v2, Some(TFC_ONLY)).await).await;
    assert_eq!((status, code.as_str()), (409, "playbook_marking_differs"), "{body}");
    let fields: Vec<&str> =
        body["errors"].as_array().expect("errors").iter().filter_map(|e| e["field"].as_str()).collect();
    assert!(fields.contains(&"classification") && fields.contains(&"need_to_know"), "{body}");
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM playbook_versions WHERE name = 'Draaiboek 1'").await, 1);

    // Under the same marking it is stored, but runs keep the approved version until it is approved.
    let r = import(&app, &coordinator, &v2, None).await;
    assert_eq!(r.status(), 201, "{:?}", r.text().await);
    let r = start(&app, &coordinator, incident, id).await;
    assert_eq!(r.json::<Value>().await.expect("json")["execution"]["playbook_version"], 1, "v2 is not approved");
    assert_eq!(approve(&app, &decider, id, 2).await.status(), 200);
    let r = start(&app, &coordinator, incident, id).await;
    assert_eq!(r.json::<Value>().await.expect("json")["execution"]["playbook_version"], 2);
}

/// Rule 3: a run is never more open than a draaiboek it runs. A draaiboek
/// for TFC alone is refused for an incident NCSC may see (before, NCSC read
/// its steps in the run); a visible draaiboek cannot call it either — its
/// import by someone who may not see it is refused with the very answer an
/// unknown draaiboek gets, its approval likewise, and a run of it is refused.
async fn authority_a_run_is_never_more_open_than_its_draaiboeken(b: verbinding_store::Backend) {
    let app = spawn_app(b).await;
    let coordinator = app.token("coordinator@tfc.example").await;
    let director = app.token("directeur@tfc.example").await;
    let decider = app.token("besluit@bz.example").await;
    let ncsc = app.token("liaison@ncsc.example").await;
    let world = World::new(&app);
    let ncsc_coordinator =
        world.user("coordinator@ncsc.example").org("NCSC").roles(&["coordinator"]).clearance("stg-geheim");
    let ncsc_coordinator = ncsc_coordinator.create().await.token(&app).await;
    let hidden = imported(&app, &coordinator, &draaiboek(1, "2026-01-01T00:00:00Z", None), Some(TFC_ONLY)).await;
    assert_eq!(approve(&app, &director, hidden, 1).await.status(), 200);
    let shared = incident(&app, &coordinator, &["TFC", "NCSC"]).await;
    let (status, code, body) = refusal(start(&app, &coordinator, shared, hidden).await).await;
    assert_eq!((status, code.as_str()), (409, "playbook_narrower_than_run"), "{body}");
    assert!(!app.api_get(&ncsc, "/api/v1/inbox").await.text().await.expect("inbox").contains("Draft"));
    // Within the draaiboek's marking it runs.
    let tfc = incident(&app, &coordinator, &["TFC"]).await;
    assert_eq!(start(&app, &coordinator, tfc, hidden).await.status(), 201);

    // Calling it: someone who may not see it gets the answer for an unknown draaiboek.
    let hidden_id = format!("playbook--{}", u(1));
    let unknown_id = format!("playbook--{}", u(77));
    let calls_hidden =
        refusal(import(&app, &ncsc_coordinator, &draaiboek(2, "2026-01-01T00:00:00Z", Some(&hidden_id)), None).await)
            .await;
    let calls_unknown =
        refusal(import(&app, &ncsc_coordinator, &draaiboek(2, "2026-01-01T00:00:00Z", Some(&unknown_id)), None).await)
            .await;
    assert_eq!((calls_hidden.0, calls_hidden.1.as_str()), (409, "sub_playbook_unknown"), "{}", calls_hidden.2);
    let strip = |mut v: Value| {
        v["findings"][0]["detail"] = Value::Null;
        v["request_id"] = Value::Null;
        v.to_string().replace(&hidden_id, "").replace(&unknown_id, "")
    };
    assert_eq!(strip(calls_hidden.2), strip(calls_unknown.2), "hidden and unknown answer alike");

    // TFC may see it and import a caller, open to all; BZ's decision maker may not see what it calls.
    let caller = imported(&app, &coordinator, &draaiboek(3, "2026-01-01T00:00:00Z", Some(&hidden_id)), None).await;
    let (status, code, body) = refusal(approve(&app, &decider, caller, 1).await).await;
    assert_eq!((status, code.as_str()), (409, "sub_playbook_unknown"), "{body}");
    assert_eq!(approve(&app, &director, caller, 1).await.status(), 200);
    // Its run would be more open than the draaiboek it calls.
    let (status, code, body) = refusal(start(&app, &coordinator, shared, caller).await).await;
    assert_eq!((status, code.as_str()), (409, "playbook_narrower_than_run"), "{body}");
    assert_eq!(start(&app, &coordinator, tfc, caller).await.status(), 201);
}

/// Rule 3 after the start: a run takes its incident's marking, so the owner
/// cannot widen the incident beyond a draaiboek that runs (or ran) on it —
/// neither open it to another organisation nor lower its classification —
/// while a change that stays within the draaiboek goes through.
async fn authority_an_incident_is_not_widened_beyond_the_draaiboeken_run_on_it(b: verbinding_store::Backend) {
    let app = spawn_app(b).await;
    let coordinator = app.token("coordinator@tfc.example").await;
    let director = app.token("directeur@tfc.example").await;
    let ncsc = app.token("liaison@ncsc.example").await;
    let hidden = imported(&app, &coordinator, &draaiboek(1, "2026-01-01T00:00:00Z", None), Some(TFC_ONLY)).await;
    assert_eq!(approve(&app, &director, hidden, 1).await.status(), 200);
    let tfc = incident(&app, &coordinator, &["TFC"]).await;
    assert_eq!(start(&app, &coordinator, tfc, hidden).await.status(), 201);
    let path = format!("/api/v1/incidents/{tfc}");
    let edit = |change: Value| {
        let (app, coordinator, path) = (&app, &coordinator, &path);
        async move {
            let read: Value = app.api_get(coordinator, path).await.json().await.expect("json");
            let mut body = json!({
                "title": read["title"], "severity": read["severity"], "classification": read["classification"],
                "tlp": read["tlp"], "need_to_know": read["need_to_know"], "lead_organisation": "TFC",
                "version": read["version"],
            });
            for (k, v) in change.as_object().expect("object") {
                body[k] = v.clone();
            }
            refusal(app.api_send(Method::PUT, coordinator, path, body).await).await
        }
    };
    for change in [json!({"need_to_know": ["TFC", "NCSC"]}), json!({"classification": "ongerubriceerd"})] {
        let (status, code, body) = edit(change.clone()).await;
        assert_eq!((status, code.as_str()), (409, "runs_narrower_than_incident"), "{change}: {body}");
        assert_eq!(body["errors"][0]["field"], "need_to_know");
    }
    assert_eq!(app.api_get(&ncsc, &path).await.status(), 404, "nothing was written");
    let (status, _, body) = edit(json!({"title": "Verstoring, herzien", "classification": "stg-confidentieel"})).await;
    assert_eq!(status, 200, "narrowing and content stay possible: {body}");
}

/// Rule 9: the audit rows of runs name no draaiboek the audit reader may not
/// see (`execution.started` carried a hidden draaiboek's CACAO id).
async fn authority_execution_audit_rows_name_no_hidden_draaiboek(b: verbinding_store::Backend) {
    let app = spawn_app(b).await;
    let coordinator = app.token("coordinator@tfc.example").await;
    let director = app.token("directeur@tfc.example").await;
    let admin = app.token("beheer@bz.example").await;
    let hidden = imported(&app, &coordinator, &draaiboek(1, "2026-01-01T00:00:00Z", None), Some(TFC_ONLY)).await;
    assert_eq!(approve(&app, &director, hidden, 1).await.status(), 200);
    let open = incident(&app, &coordinator, &["TFC", "BZ"]).await;
    // Refused now (rule 3); before, it started and its audit row named the draaiboek.
    assert_ne!(start(&app, &coordinator, open, hidden).await.status(), 201);
    let (national, _) = national(&app, &coordinator).await;
    assert_eq!(start(&app, &coordinator, open, national).await.status(), 201);
    let trail = app.api_get(&admin, "/api/v1/audit").await.text().await.expect("audit");
    assert!(trail.contains("execution.started"), "the admin sees the run's row: {trail}");
    assert!(!trail.contains(&format!("playbook--{}", u(1))), "no hidden draaiboek is named: {trail}");
    let mut c = app.state.db.read().await.expect("conn");
    let details: Vec<String> = sqlx::query_scalar("SELECT detail FROM audit_log WHERE action = 'execution.started'")
        .fetch_all(&mut *c)
        .await
        .expect("rows");
    assert!(details.iter().all(|d| !d.contains("playbook--")), "the row names the run only: {details:?}");
}

/// Rule 11: more than 500 steps, calls nested deeper than 5 levels or more
/// than 1 MiB are refused, naming the limit; a run's answer says what a
/// capped list left out.
async fn authority_a_draaiboek_too_large_is_refused_naming_the_limit(b: verbinding_store::Backend) {
    let app = spawn_app(b).await;
    let coordinator = app.token("coordinator@tfc.example").await;
    let mut big = draaiboek(1, "2026-01-01T00:00:00Z", None);
    // 501 steps: a chain of actions between start and the first action.
    let start_id = format!("start--{}", u(13));
    let mut next = big["workflow"][&start_id]["on_completion"].clone();
    for i in 0..498 {
        let id = format!("action--{:08x}-3333-4333-8333-333333333333", i);
        big["workflow"][&id] = json!({"type": "action", "name": format!("Step {i}"),
            "agent": format!("organization--{}", u(9)),
            "commands": [{"type": "manual", "command": "Do it"}], "on_completion": next});
        next = id.into();
    }
    big["workflow"][&start_id]["on_completion"] = next;
    let (status, code, body) = refusal(import(&app, &coordinator, &big, None).await).await;
    assert_eq!((status, code.as_str()), (422, "playbook_too_large"), "{body}");
    assert!(body.to_string().contains("at most 500"), "{body}");

    let mut huge = draaiboek(2, "2026-01-01T00:00:00Z", None);
    huge["description"] = "x".repeat(1 << 20).into();
    let (status, code, body) = refusal(import(&app, &coordinator, &huge, None).await).await;
    assert_eq!(
        (status, code.as_str()),
        (422, "playbook_too_large"),
        "{}",
        &body.to_string()[..300.min(body.to_string().len())]
    );

    // Six levels: 10 calls 11 calls … calls 16; importing from the bottom up.
    for n in (10..=16).rev() {
        let callee = (n < 16).then(|| format!("playbook--{}", u(n + 1)));
        let r = import(&app, &coordinator, &draaiboek(n, "2026-01-01T00:00:00Z", callee.as_deref()), None).await;
        if n > 10 {
            assert!(r.status().is_success(), "{n}: {:?}", r.text().await);
        } else {
            let (status, code, body) = refusal(r).await;
            assert_eq!((status, code.as_str()), (422, "playbook_too_large"), "{body}");
            assert!(body.to_string().contains("at most 5 levels"), "{body}");
        }
    }

    // A run's answer says what its capped lists left out.
    let (national, _) = national(&app, &coordinator).await;
    let incident = incident(&app, &coordinator, &["TFC"]).await;
    let r = start(&app, &coordinator, incident, national).await;
    let run = r.json::<Value>().await.expect("json");
    assert_eq!(
        run["omitted"],
        json!({"frames": 0, "steps": 0, "waiting": 0, "tasks": 0, "notes": 0, "history": 0}),
        "{run}"
    );
}
