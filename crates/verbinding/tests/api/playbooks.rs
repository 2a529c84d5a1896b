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
    .fetch_one(&app.state.db.pool)
    .await
    .expect("count");
    assert_eq!(created, 2, "each new draaiboek is one audit event; unchanged re-imports none");
}

async fn audit_actions(app: &TestApp) -> Vec<String> {
    sqlx::query_scalar("SELECT action FROM audit_log ORDER BY seq").fetch_all(&app.state.db.pool).await.expect("audit")
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
    let pool = &app.state.db.pool;
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
        .fetch_one(&app.state.db.pool)
        .await
        .expect("n");
    assert_eq!(stored, 1, "only the tolerated playbook was stored; nothing half-written");
}

async fn the_built_in_draaiboeken_are_stored_once_and_export_as_shipped(b: verbinding_store::Backend) {
    let app = spawn_app(b).await;
    let stored: Vec<(String, i64)> =
        sqlx::query_as("SELECT builtin, current_version FROM playbooks WHERE builtin IS NOT NULL ORDER BY builtin")
            .fetch_all(&app.state.db.pool)
            .await
            .expect("builtins");
    let mut slugs: Vec<&str> = verbinding_playbook::builtin::BUILTIN.iter().map(|(s, _)| *s).collect();
    slugs.sort();
    assert_eq!(stored.iter().map(|(s, _)| s.as_str()).collect::<Vec<_>>(), slugs);
    assert!(stored.iter().all(|(_, v)| *v == 1));
    // Starting again (seeding again) adds nothing.
    assert_eq!(verbinding_web::actions::playbooks::seed_builtin(&app.state).await.expect("seed"), 0);
    let (_, json) = verbinding_playbook::builtin::BUILTIN[0];
    let id = serde_json::from_str::<serde_json::Value>(json).expect("json")["id"].as_str().expect("id").to_string();
    let out = run(&["playbook", "export", &id, "--database", app.db_url.as_str()]);
    assert_eq!(canonical(&String::from_utf8_lossy(&out.stdout)), canonical(json));
}

on_both_backends!(
    the_built_in_draaiboeken_are_stored_once_and_export_as_shipped,
    strictly_valid_examples_round_trip,
    versions_need_a_later_modified_and_cannot_be_changed,
    strict_refuses_what_lenient_tolerates_and_broken_playbooks_are_refused,
);
