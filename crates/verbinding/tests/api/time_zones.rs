//! Times in the reader's language and time zone: a diplomat at a post
//! abroad chooses the zone on the profile page; every page then writes
//! moments in it, and a moment typed in a form is read in it.

use crate::helpers::*;
use crate::on_both_backends;
use serde_json::Value;
use verbinding_store::Backend;

on_both_backends!(a_chosen_time_zone_writes_and_reads_every_moment_in_it);

async fn a_chosen_time_zone_writes_and_reads_every_moment_in_it(b: Backend) {
    let app = spawn_app(b).await;
    let mut web = app.login("coordinator@tfc.example").await;
    web.refresh_csrf("/profile").await;
    let (_, html) = web.get_html("/profile").await;
    // minijinja writes the slash as `&#x2f;` in HTML.
    assert!(html.contains(r#"<option value="Europe&#x2f;Amsterdam" selected>"#), "the ministry's zone by default");
    // A name that is no zone is refused, named, and nothing changes.
    let r = web.post_form("/profile/time-zone", &[("time_zone", "Mars/Olympus")]).await;
    assert_eq!(r.status(), 422);
    assert!(r.text().await.expect("html").contains("is geen tijdzone die we kennen"));
    let r = web.post_form("/profile/time-zone", &[("time_zone", "Asia/Tokyo")]).await;
    assert_eq!(r.status(), 303);
    let (_, html) = web.get_html("/profile").await;
    assert!(html.contains(r#"<option value="Asia&#x2f;Tokyo" selected>"#), "kept with the account");

    // A deadline typed on the page is read in Tokyo time (UTC+9) ...
    let token = app.token("coordinator@tfc.example").await;
    let list: Value = app.api_get(&token, "/api/v1/incidents?limit=1").await.json().await.expect("incidents");
    let incident = list["items"][0]["id"].as_i64().expect("an incident");
    let form = [
        ("subject", "attribution"),
        ("proposal", "Toeschrijven aan de GRU"),
        ("rule", "consensus"),
        ("organisations", "MIVD"),
        ("deadline", "2030-01-15T09:00"),
    ];
    let r = web.post_form(&format!("/incidents/{incident}/consultation"), &form).await;
    assert_eq!(r.status(), 303, "{}", r.text().await.unwrap_or_default());
    let deadline: i64 = sqlx::query_scalar("SELECT deadline_ms FROM consultation_rounds ORDER BY id DESC LIMIT 1")
        .fetch_one(app.state.db.raw())
        .await
        .expect("round");
    assert_eq!(deadline, 1_894_665_600_000, "2030-01-15 00:00 UTC");
    // ... and written back in it, in words, in Dutch.
    let (_, html) = web.get_html(&format!("/incidents/{incident}/consultation")).await;
    assert!(html.contains("15 januari 2030 09:00"), "the deadline as the diplomat typed it");
    assert!(!html.contains("2030-01-15 00:00 UTC"), "no UTC text");
    // Someone in Amsterdam reads the same moment as 01:00.
    let other = app.login("directeur@tfc.example").await;
    let (_, html) = other.get_html(&format!("/incidents/{incident}/consultation")).await;
    assert!(html.contains("15 januari 2030 01:00"));
    // The change is in the audit trail.
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'time_zone.changed'")
        .fetch_one(app.state.db.raw())
        .await
        .expect("audit");
    assert_eq!(n, 1);
}
