use crate::helpers::*;
use crate::on_both_backends;
use std::process::Command;
use verbinding_store::Backend;

on_both_backends!(
    every_change_and_login_is_in_the_chain,
    verify_detects_edit_delete_and_reorder,
    audit_rows_follow_the_objects_current_visibility,
    the_audit_trail_is_filtered_by_days_organisation_and_object,
);

pub fn verify(db_url: &str) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_verbinding"))
        .args(["audit", "verify", "--database", db_url])
        .output()
        .expect("run");
    (out.status.success(), format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)))
}

async fn every_change_and_login_is_in_the_chain(b: Backend) {
    let app = spawn_app(b).await;
    let mut c = app.client();
    c.login("coordinator@tfc.example", "wrong password!").await;
    let c = app.login("coordinator@tfc.example").await;
    c.post_form("/language", &[("lang", "en")]).await;
    let actions: Vec<(String, String, String)> =
        sqlx::query_as("SELECT action, actor_label, request_id FROM audit_log ORDER BY seq")
            .fetch_all(app.state.db.raw())
            .await
            .expect("rows");
    let names: Vec<&str> = actions.iter().map(|a| a.0.as_str()).collect();
    assert!(names.contains(&"user.created") && names.contains(&"object.created") && names.contains(&"demo.loaded"));
    let tail: Vec<&str> = names.iter().rev().take(3).rev().copied().collect();
    assert_eq!(tail, vec!["login.failed", "login.succeeded", "language.changed"]);
    assert!(actions.iter().rev().take(3).all(|a| a.1 == "coordinator@tfc.example" && !a.2.is_empty()));
    let (ok, out) = verify(&app.db_url);
    assert!(ok, "{out}");
    assert!(out.contains(&format!("{} entries", actions.len())), "{out}");
}

async fn verify_detects_edit_delete_and_reorder(b: Backend) {
    for tamper in ["edit", "delete", "reorder", "truncate"] {
        let app = spawn_app(b).await;
        let pool = app.state.db.raw();
        let sql: &[&str] = match tamper {
            "edit" => &["UPDATE audit_log SET actor_label = 'mallory@example.org' WHERE seq = 5"],
            "delete" => &["DELETE FROM audit_log WHERE seq = 5"],
            // Swap the content of two rows, keeping their sequence numbers.
            "reorder" => &[
                "UPDATE audit_log SET seq = -5 WHERE seq = 5",
                "UPDATE audit_log SET seq = 5 WHERE seq = 6",
                "UPDATE audit_log SET seq = 6 WHERE seq = -5",
            ],
            _ => &["DELETE FROM audit_log WHERE seq = (SELECT MAX(seq) FROM audit_log)"],
        };
        for s in sql {
            sqlx::query(s).execute(pool).await.expect("tamper");
        }
        let (ok, out) = verify(&app.db_url);
        assert!(!ok, "{tamper} went unnoticed: {out}");
        // The first entry that no longer verifies: the edited or moved row,
        // or the row after a deleted one.
        let first_bad = match tamper {
            "delete" => Some(6),
            "truncate" => None,
            _ => Some(5),
        };
        if let Some(n) = first_bad {
            assert!(out.contains(&format!("broken at entry {n}")), "{tamper}: {out}");
        }
    }
}

async fn audit_rows_follow_the_objects_current_visibility(b: Backend) {
    let app = spawn_app(b).await;
    let coordinator = app.token("coordinator@tfc.example").await;
    let created = app
        .api_send(
            reqwest::Method::POST,
            &coordinator,
            "/api/v1/dossiers",
            serde_json::json!({"title": "Eerst breed", "classification": "dep-v", "tlp": "green", "need_to_know": ["BZ"], "lead_organisation": "TFC"}),
        )
        .await;
    let d: serde_json::Value = created.json().await.expect("json");
    let id = d["id"].as_i64().expect("id");
    let admin = app.token("beheer@bz.example").await;
    let about = |token: String| {
        let app = &app;
        async move {
            let v: serde_json::Value =
                app.api_get(&token, &format!("/api/v1/audit?object_id={id}")).await.json().await.expect("json");
            v["items"].as_array().map(|a| a.len()).unwrap_or(0)
        }
    };
    assert!(about(admin.clone()).await > 0, "BZ admin sees the history of a BZ dossier");
    let r = app
        .api_send(
            reqwest::Method::PUT,
            &coordinator,
            &format!("/api/v1/dossiers/{id}"),
            serde_json::json!({"title": "Nu beperkt", "classification": "dep-v", "tlp": "red", "need_to_know": ["TFC"], "lead_organisation": "TFC", "version": 1}),
        )
        .await;
    assert_eq!(r.status(), 200);
    assert_eq!(about(admin).await, 0, "restricting the dossier hides its history too");
}

/// Row numbers (`seq`) the audit page lists.
fn seqs(html: &str) -> Vec<i64> {
    html.split("<tbody>")
        .nth(1)
        .unwrap_or("")
        .split("<tr><td>")
        .skip(1)
        .filter_map(|r| r.split('<').next().and_then(|n| n.parse().ok()))
        .collect()
}

async fn the_audit_trail_is_filtered_by_days_organisation_and_object(b: Backend) {
    let app = spawn_app(b).await;
    let admin = app.login("beheer@bz.example").await;
    let (status, html) = admin.get_html("/audit").await;
    assert_eq!(status, 200);
    assert!(!seqs(&html).is_empty());
    // Every row of the last days, and none of a day long before the demo.
    let (_, html) = admin.get_html("/audit?from=01-01-2000&to=31-12-2000").await;
    assert!(seqs(&html).is_empty(), "nothing in 2000 (a day as typed: 01-01-2000)");
    // By organisation: only rows whose actor belonged to it (an NCSC liaison logs in).
    app.login("liaison@ncsc.example").await;
    let (_, html) = admin.get_html("/audit?org=NCSC").await;
    let shown = seqs(&html);
    assert!(!shown.is_empty(), "the liaison's login is listed");
    let ncsc: Vec<i64> = sqlx::query_scalar(
        "SELECT l.seq FROM audit_log l JOIN organisations o ON o.id = l.actor_org_id WHERE o.code = 'NCSC' ORDER BY l.seq DESC",
    )
    .fetch_all(app.state.db.raw())
    .await
    .expect("rows");
    assert_eq!(shown, ncsc.into_iter().take(50).collect::<Vec<_>>(), "exactly NCSC's rows, newest first");
    // By object: only its rows.
    let object: i64 =
        sqlx::query_scalar("SELECT object_id FROM audit_log WHERE object_id IS NOT NULL ORDER BY seq LIMIT 1")
            .fetch_one(app.state.db.raw())
            .await
            .expect("an object");
    let (_, html) = admin.get_html(&format!("/audit?object={object}")).await;
    let rows: Vec<i64> = sqlx::query_scalar("SELECT seq FROM audit_log WHERE object_id = $1")
        .bind(object)
        .fetch_all(app.state.db.raw())
        .await
        .expect("rows");
    let shown = seqs(&html);
    assert!(!shown.is_empty() && shown.iter().all(|s| rows.contains(s)));
    // Filters that do not read are named, in Dutch, and show nothing.
    let (status, html) = admin.get_html("/audit?from=gisteren&object=abc&org=XYZ").await;
    assert_eq!(status, 422);
    for (field, message) in [("from", "datum"), ("object", "is geen getal"), ("org", "Onbekende organisatie")] {
        assert!(html.contains(&format!(r##"href="#{field}""##)), "{field} is named");
        assert!(html.to_lowercase().contains(&message.to_lowercase()), "{message}");
    }
    let (status, _) = admin.get_html("/audit?from=2026-12-02&to=2026-12-01").await;
    assert_eq!(status, 422, "a range that ends before it starts");
}
