//! Draaiboeken stored: import (strict and lenient) through the command line,
//! versions, the round trip of export, and versions that cannot be changed.

use crate::helpers::*;
use crate::on_both_backends;
use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_verbinding"))
        .args(args)
        .env_remove("VERBINDING_DATABASE_URL")
        .env("VERBINDING_CACAO_SCHEMAS", corpus("cacao/schemas/oasis-cacao-json-schemas/schemas"))
        .output()
        .expect("run")
}

fn text(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

fn example(name: &str) -> String {
    corpus(&format!("cacao/examples/{name}")).to_str().expect("path").to_string()
}

fn canonical(text: &str) -> String {
    verbinding_playbook::jcs::canonical(&serde_json::from_str(text).expect("json"))
}

async fn strictly_valid_examples_round_trip(b: verbinding_store::Backend) {
    let app = spawn_app(b).await;
    let db = app.db_url.as_str();
    // The strictly valid playbooks of the corpus (per its reference verdicts) import and export unchanged.
    for (file, id) in [
        ("oasis-tcs-cacao/Examples__CACAO-2.0__basic-example-1.json", "playbook--fe85f68d-1960-4596-96a2-228113e143cf"),
        ("oasis-tcs-cacao/Examples__CACAO-2.0__spec-3.1-example.json", ""),
    ] {
        let path = example(file);
        let out = run(&["playbook", "import", &path, "--database", db]);
        assert!(out.status.success(), "{file}: {}", text(&out));
        assert!(text(&out).contains("imported as a new draaiboek: version 1"), "{}", text(&out));
        let original = std::fs::read_to_string(&path).expect("read");
        let doc: serde_json::Value = serde_json::from_str(&original).expect("json");
        let cacao_id = doc["id"].as_str().expect("id");
        if !id.is_empty() {
            assert_eq!(cacao_id, id);
        }
        let out = run(&["playbook", "export", cacao_id, "--database", db]);
        assert!(out.status.success(), "{}", text(&out));
        let exported = String::from_utf8_lossy(&out.stdout).to_string();
        assert_eq!(canonical(&exported), canonical(&original), "{file} round-trips");
        // The same file again stores nothing new.
        let again = run(&["playbook", "import", &path, "--database", db]);
        assert!(text(&again).contains("unchanged"), "{}", text(&again));
    }
    let created: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log a JOIN playbooks p ON p.object_id = a.object_id WHERE a.action = 'object.created' AND p.builtin IS NULL",
    )
    .fetch_one(app.state.db.raw())
    .await
    .expect("count");
    assert_eq!(created, 2, "each new draaiboek is one audit event; unchanged re-imports none");
}

async fn audit_actions(app: &TestApp) -> Vec<String> {
    sqlx::query_scalar("SELECT action FROM audit_log ORDER BY seq").fetch_all(app.state.db.raw()).await.expect("audit")
}

async fn versions_need_a_later_modified_and_cannot_be_changed(b: verbinding_store::Backend) {
    let app = spawn_app(b).await;
    let db = app.db_url.as_str();
    let dir = TempDir::new();
    let original =
        std::fs::read_to_string(example("oasis-tcs-cacao/Examples__CACAO-2.0__basic-example-1.json")).expect("read");
    let mut doc: serde_json::Value = serde_json::from_str(&original).expect("json");
    let cacao_id = doc["id"].as_str().expect("id").to_string();
    let first = dir.0.join("v1.json");
    std::fs::write(&first, &original).expect("write");
    assert!(run(&["playbook", "import", first.to_str().expect("p"), "--database", db]).status.success());

    // Changed without a new `modified`: refused, naming the property.
    doc["description"] = serde_json::Value::String("Tightened after the exercise.".into());
    let second = dir.0.join("v2.json");
    std::fs::write(&second, serde_json::to_string_pretty(&doc).expect("json")).expect("write");
    let out = run(&["playbook", "import", second.to_str().expect("p"), "--database", db]);
    assert!(!out.status.success());
    assert!(text(&out).contains("modified (modified_not_newer)"), "{}", text(&out));

    // With a later `modified`: version 2; version 1 still exports as it was.
    doc["modified"] = serde_json::Value::String("2030-01-01T00:00:00.000Z".into());
    std::fs::write(&second, serde_json::to_string_pretty(&doc).expect("json")).expect("write");
    let out = run(&["playbook", "import", second.to_str().expect("p"), "--database", db]);
    assert!(text(&out).contains("imported as a new version: version 2"), "{}", text(&out));
    let v1 = run(&["playbook", "export", &cacao_id, "--version", "1", "--database", db]);
    assert_eq!(canonical(&String::from_utf8_lossy(&v1.stdout)), canonical(&original));
    let v2 = run(&["playbook", "export", &cacao_id, "--database", db]);
    assert!(String::from_utf8_lossy(&v2.stdout).contains("Tightened after the exercise."));
    let none = run(&["playbook", "export", &cacao_id, "--version", "7", "--database", db]);
    assert!(!none.status.success() && text(&none).contains("there is no version 7"), "{}", text(&none));

    // The database itself refuses to rewrite or delete a version.
    let pool = app.state.db.raw();
    let tamper = sqlx::query("UPDATE playbook_versions SET document = '{}' WHERE version = 1").execute(pool).await;
    assert!(tamper.is_err(), "a stored version cannot be rewritten");
    let delete = sqlx::query("DELETE FROM playbook_versions").execute(pool).await;
    assert!(delete.is_err(), "a stored version cannot be deleted");
    assert_eq!(audit_actions(&app).await.iter().filter(|a| a.as_str() == "object.updated").count(), 1);
}

async fn strict_refuses_what_lenient_tolerates_and_broken_playbooks_are_refused(b: verbinding_store::Backend) {
    let app = spawn_app(b).await;
    let db = app.db_url.as_str();
    let manual = example("soarca/examples__manual-playbook.json");
    let out = run(&["playbook", "import", &manual, "--database", db]);
    assert!(!out.status.success());
    assert!(
        text(&out).contains("agent_definitions.soarca--00040001-1000-1000-a000-000100010001 (schema_unevaluated)"),
        "{}",
        text(&out)
    );
    let out = run(&["playbook", "import", &manual, "--lenient", "--database", db]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("tolerated: agent_definitions.soarca--00040001"), "{}", text(&out));

    for (file, needle) in [
        (
            "soarca/test__playbooks__missing_step_playbook.json",
            "action--2190f685-1857-44ac-ad0e-0ded6c6ef3ce: on_completion (dangling_reference)",
        ),
        ("soarca/test__playbooks__infinite_playbook.json", "(unguarded_loop)"),
        ("soarca/test__playbooks__parallels_playbook.json", "workflow_start (start_not_start_step)"),
    ] {
        let out = run(&["playbook", "import", &example(file), "--lenient", "--database", db]);
        assert!(!out.status.success(), "{file}");
        assert!(text(&out).contains(needle), "{file}: {}", text(&out));
    }
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM playbooks WHERE builtin IS NULL")
        .fetch_one(app.state.db.raw())
        .await
        .expect("n");
    assert_eq!(stored, 1, "only the tolerated playbook was stored; nothing half-written");
}

async fn the_built_in_draaiboeken_are_stored_once_and_export_as_shipped(b: verbinding_store::Backend) {
    let app = spawn_app(b).await;
    let stored: Vec<(String, i64)> =
        sqlx::query_as("SELECT builtin, current_version FROM playbooks WHERE builtin IS NOT NULL ORDER BY builtin")
            .fetch_all(app.state.db.raw())
            .await
            .expect("builtins");
    let mut slugs: Vec<&str> = verbinding_playbook::builtin::BUILTIN.iter().map(|(s, _)| *s).collect();
    slugs.sort();
    assert_eq!(stored.iter().map(|(s, _)| s.as_str()).collect::<Vec<_>>(), slugs);
    assert!(stored.iter().all(|(_, v)| *v == 1));
    // Starting again (seeding again) adds nothing.
    assert_eq!(verbinding_app::playbooks::seed_builtin(&app.state).await.expect("seed"), 0);
    let (_, json) = verbinding_playbook::builtin::BUILTIN[0];
    let id = serde_json::from_str::<serde_json::Value>(json).expect("json")["id"].as_str().expect("id").to_string();
    let out = run(&["playbook", "export", &id, "--database", app.db_url.as_str()]);
    assert_eq!(canonical(&String::from_utf8_lossy(&out.stdout)), canonical(json));
}

on_both_backends!(
    an_approved_version_is_signed_and_the_export_verifies,
    import_approve_and_read_through_api_and_pages,
    the_built_in_draaiboeken_are_stored_once_and_export_as_shipped,
    strictly_valid_examples_round_trip,
    versions_need_a_later_modified_and_cannot_be_changed,
    strict_refuses_what_lenient_tolerates_and_broken_playbooks_are_refused,
    import_works_on_a_machine_without_the_corpus,
);

/// The binary carries the official schemas: run from a folder with no
/// corpus anywhere near and no schema setting, import still validates
/// strictly (a valid playbook is stored, an invalid one is refused).
async fn import_works_on_a_machine_without_the_corpus(b: verbinding_store::Backend) {
    let app = spawn_app(b).await;
    let dir = TempDir::new();
    let nested = dir.0.join("a/b");
    std::fs::create_dir_all(&nested).expect("dir");
    let valid = nested.join("valid.json");
    std::fs::copy(example("oasis-tcs-cacao/Examples__CACAO-2.0__basic-example-1.json"), &valid).expect("copy");
    let invalid = nested.join("invalid.json");
    std::fs::copy(example("soarca/examples__fin-playbook.json"), &invalid).expect("copy");
    let import = |file: &std::path::Path| {
        Command::new(env!("CARGO_BIN_EXE_verbinding"))
            .args(["playbook", "import", file.to_str().expect("path"), "--database", &app.db_url])
            .current_dir(&nested)
            .env_remove("VERBINDING_DATABASE_URL")
            .env_remove("VERBINDING_CACAO_SCHEMAS")
            .output()
            .expect("run")
    };
    let out = import(&valid);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("imported as a new draaiboek: version 1"), "{}", text(&out));
    let out = import(&invalid);
    assert!(!out.status.success(), "strict validation refuses: {}", text(&out));
    assert!(text(&out).contains("was not imported"), "{}", text(&out));
}

/// A coordinator imports through the API; the problems of a broken playbook
/// come back naming step and property in the caller's language; a decision
/// maker approves (the importer cannot); pages show it in Dutch and English.
async fn import_approve_and_read_through_api_and_pages(b: verbinding_store::Backend) {
    let app = spawn_app(b).await;
    let coordinator = app.token("coordinator@tfc.example").await;
    let text =
        std::fs::read_to_string(example("oasis-tcs-cacao/Examples__CACAO-2.0__spec-3.1-example.json")).expect("read");
    let doc: serde_json::Value = serde_json::from_str(&text).expect("json");

    // A broken playbook: every finding, with the step, the property and a Dutch message.
    let broken: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(example("soarca/test__playbooks__missing_step_playbook.json")).expect("read"),
    )
    .expect("json");
    let r = reqwest::Client::new()
        .post(app.url("/api/v1/playbooks"))
        .bearer_auth(&coordinator)
        .header("accept-language", "nl")
        .json(&serde_json::json!({"document": broken}))
        .send()
        .await
        .expect("send");
    assert_eq!(r.status(), 422);
    let problem: serde_json::Value = r.json().await.expect("json");
    assert_eq!(problem["code"], "playbook_invalid");
    let dangling = problem["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["code"] == "dangling_reference" && f["step"] == "action--2190f685-1857-44ac-ad0e-0ded6c6ef3ce")
        .expect("the dangling reference is reported");
    assert_eq!(dangling["property"], "on_completion");
    assert_eq!(dangling["message"], "Verwijst naar een stap die niet bestaat.");

    // A liaison may read but not import.
    let liaison = app.token("liaison@ncsc.example").await;
    let r =
        app.api_send(reqwest::Method::POST, &liaison, "/api/v1/playbooks", serde_json::json!({"document": doc})).await;
    assert_eq!(r.status(), 403);

    let r = app
        .api_send(reqwest::Method::POST, &coordinator, "/api/v1/playbooks", serde_json::json!({"document": doc}))
        .await;
    assert_eq!(r.status(), 201);
    let created: serde_json::Value = r.json().await.expect("json");
    let id = created["id"].as_i64().expect("id");
    assert_eq!((created["imported"].as_str(), created["version"].as_i64()), (Some("created"), Some(1)));
    let again = app
        .api_send(reqwest::Method::POST, &coordinator, "/api/v1/playbooks", serde_json::json!({"document": doc}))
        .await;
    assert_eq!(again.status(), 200, "the same content is no new version");

    // The document comes back as imported.
    let r = app.api_get(&liaison, &format!("/api/v1/playbooks/{id}/document")).await;
    assert_eq!(r.status(), 200);
    assert_eq!(canonical(&r.text().await.expect("text")), canonical(&text));

    // Four eyes: the importer (a director who may also decide) cannot approve; another decision maker can, once.
    let director = app.token("directeur@tfc.example").await;
    let by_director = app
        .api_send(reqwest::Method::POST, &director, "/api/v1/playbooks", serde_json::json!({"document": {
            "type": "playbook", "spec_version": "cacao-2.0", "id": "playbook--0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9",
            "name": "Director's draaiboek", "created_by": "identity--0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9",
            "created": "2026-01-01T00:00:00Z", "modified": "2026-01-01T00:00:00Z",
            "workflow_start": "start--0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9",
            "workflow": {
                "start--0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9": {"type": "start", "on_completion": "end--0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9"},
                "end--0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9": {"type": "end"}
            }}}))
        .await;
    assert_eq!(by_director.status(), 201, "{:?}", by_director.text().await);
    let own: serde_json::Value = by_director.json().await.expect("json");
    let own_id = own["id"].as_i64().expect("id");
    let r = app
        .api_send(
            reqwest::Method::POST,
            &director,
            &format!("/api/v1/playbooks/{own_id}/approve"),
            serde_json::json!({"version": 1}),
        )
        .await;
    assert_eq!(r.status(), 409);
    assert_eq!(r.json::<serde_json::Value>().await.expect("json")["errors"][0]["code"], "own_import");
    let decider = app.token("besluit@bz.example").await;
    let r = app
        .api_send(
            reqwest::Method::POST,
            &decider,
            &format!("/api/v1/playbooks/{own_id}/approve"),
            serde_json::json!({"version": 1}),
        )
        .await;
    assert_eq!(r.status(), 200);
    let shown: serde_json::Value = r.json().await.expect("json");
    assert_eq!(shown["versions"][0]["approved_by"], "besluit@bz.example");
    let twice = app
        .api_send(
            reqwest::Method::POST,
            &decider,
            &format!("/api/v1/playbooks/{own_id}/approve"),
            serde_json::json!({"version": 1}),
        )
        .await;
    assert_eq!(twice.status(), 409);

    // Pages: the list shows the built-ins in Dutch (their translation) and English.
    let c = app.login("liaison@ncsc.example").await;
    let page = c.get("/draaiboeken").await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.expect("html");
    let (_, national) = verbinding_playbook::builtin::BUILTIN[0];
    let national: serde_json::Value = serde_json::from_str(national).expect("json");
    let dutch =
        national["playbook_extensions"][verbinding_playbook::extension::EXTENSION_ID]["translations"]["nl"]["name"]
            .as_str()
            .expect("dutch name");
    assert!(html.contains(&askama_escape(dutch)), "Dutch name on the list");
    c.post_form("/language", &[("lang", "en")]).await;
    let html = c.get("/draaiboeken").await.text().await.expect("html");
    assert!(html.contains(&askama_escape(national["name"].as_str().expect("name"))), "English name on the list");
    let detail = c.get(&format!("/draaiboeken/{own_id}")).await;
    assert_eq!(detail.status(), 200);
    let html = detail.text().await.expect("html");
    assert!(html.contains("besluit@bz.example"), "the approver is shown: {html}");
    assert!(html.contains(&askama_escape("Director's draaiboek")), "the name is shown: {html}");
    let export = c.get(&format!("/draaiboeken/{id}/export?version=1")).await;
    assert_eq!(export.status(), 200);
    assert!(export.headers()["content-disposition"].to_str().expect("header").contains("-v1.json"));
}

/// HTML escaping as the templates do it, for comparing names with pages.
fn askama_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&#x27;")
}

/// The test key of the CACAO signature worked example (corpus; a test vector only).
fn example_private_key() -> String {
    let md =
        std::fs::read_to_string(corpus("cacao/examples/oasis-tcs-cacao/Examples__CACAO-2.0__signature-example-rsa.md"))
            .expect("read");
    let start = md.find("-----BEGIN PRIVATE KEY-----").expect("key");
    let end = md.find("-----END PRIVATE KEY-----").expect("end") + "-----END PRIVATE KEY-----".len();
    md[start..end].to_string()
}

async fn an_approved_version_is_signed_and_the_export_verifies(b: verbinding_store::Backend) {
    let app = spawn_app(b).await;
    let db = app.db_url.as_str();
    let dir = TempDir::new();
    let key = dir.0.join("key.pem");
    std::fs::write(&key, example_private_key()).expect("write");
    let key = key.to_str().expect("path");
    // A copy of a built-in under an id of its own: shipped versions are approved
    // already (issue 11), an imported one waits for a decision maker.
    let (_, json) = verbinding_playbook::builtin::BUILTIN[3];
    let mut doc = serde_json::from_str::<serde_json::Value>(json).expect("json");
    doc["id"] = "playbook--5e7a1c3d-0b2f-4d6e-9a8b-5191ed000003".into();
    let id = doc["id"].as_str().expect("id").to_string();
    let coordinator = app.token("coordinator@tfc.example").await;
    let r = app
        .api_send(reqwest::Method::POST, &coordinator, "/api/v1/playbooks", serde_json::json!({"document": doc}))
        .await;
    assert_eq!(r.status(), 201, "{:?}", r.text().await);
    let sign = || {
        run(&["playbook", "sign", &id, "--key", key, "--signee", "Ministerie van Buitenlandse Zaken", "--database", db])
    };
    let out = sign();
    assert!(!out.status.success() && text(&out).contains("Only an approved version is signed"), "{}", text(&out));

    let decider = app.token("besluit@bz.example").await;
    let list: serde_json::Value = app.api_get(&decider, "/api/v1/playbooks").await.json().await.expect("json");
    let object =
        list["items"].as_array().expect("items").iter().find(|p| p["cacao_id"] == id.as_str()).expect("listed")["id"]
            .as_i64()
            .expect("id");
    let r = app
        .api_send(
            reqwest::Method::POST,
            &decider,
            &format!("/api/v1/playbooks/{object}/approve"),
            serde_json::json!({"version": 1}),
        )
        .await;
    assert_eq!(r.status(), 200);
    let out = sign();
    assert!(out.status.success() && text(&out).contains("verified"), "{}", text(&out));

    let exported = dir.0.join("signed.json");
    let out = run(&["playbook", "export", &id, "--out", exported.to_str().expect("p"), "--database", db]);
    assert!(out.status.success(), "{}", text(&out));
    let out = run(&["playbook", "verify", exported.to_str().expect("p")]);
    assert!(out.status.success() && text(&out).contains("Ministerie van Buitenlandse Zaken"), "{}", text(&out));
    // One changed word and the signature no longer holds.
    let tampered = std::fs::read_to_string(&exported).expect("read").replacen("\"name\": \"", "\"name\": \"X", 1);
    std::fs::write(&exported, tampered).expect("write");
    let out = run(&["playbook", "verify", exported.to_str().expect("p")]);
    assert!(!out.status.success() && text(&out).contains("signature_mismatch"), "{}", text(&out));
    // The page shows the signature as valid.
    let c = app.login("besluit@bz.example").await;
    let html = c.get(&format!("/draaiboeken/{object}")).await.text().await.expect("html");
    assert!(html.contains("Ministerie van Buitenlandse Zaken (geldig)"), "{html}");
}
