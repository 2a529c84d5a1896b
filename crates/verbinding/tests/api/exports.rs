//! CSV downloads of the audit trail, the incident list and a timeline: the
//! rows the page would list, with its filters, and nothing a reader may not
//! see.

use crate::helpers::*;
use crate::on_both_backends;
use serde_json::Value;
use verbinding_store::Backend;

on_both_backends!(the_lists_download_as_csv_with_their_filters_and_only_what_the_reader_sees);

/// The records of a CSV text (no quoted line breaks in these files' first columns).
fn records(text: &str) -> Vec<Vec<String>> {
    text.split("\r\n").filter(|l| !l.is_empty()).map(|l| l.split(',').map(str::to_string).collect()).collect()
}

async fn the_lists_download_as_csv_with_their_filters_and_only_what_the_reader_sees(b: Backend) {
    let app = spawn_app(b).await;
    let coordinator = app.login("coordinator@tfc.example").await;
    let r = coordinator.get("/incidents/export.csv?sort=oldest").await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "text/csv; charset=utf-8");
    assert!(r.headers()["content-disposition"].to_str().expect("header").starts_with("attachment"));
    let csv = r.text().await.expect("csv");
    let rows = records(&csv);
    assert_eq!(rows[0][..3], ["id", "title", "status"]);
    // The same incidents the API lists for the same reader.
    let token = app.token("coordinator@tfc.example").await;
    let api: Value = app.api_get(&token, "/api/v1/incidents?limit=200").await.json().await.expect("json");
    let mut listed: Vec<i64> =
        api["items"].as_array().expect("items").iter().filter_map(|i| i["id"].as_i64()).collect();
    let mut exported: Vec<i64> = rows[1..].iter().filter_map(|r| r[0].parse().ok()).collect();
    listed.sort_unstable();
    exported.sort_unstable();
    assert_eq!(exported, listed);
    // A reader who sees fewer incidents downloads fewer.
    let liaison = app.login("liaison@ncsc.example").await;
    let fewer = records(&liaison.get("/incidents/export.csv").await.text().await.expect("csv")).len();
    let liaison_token = app.token("liaison@ncsc.example").await;
    let theirs: Value = app.api_get(&liaison_token, "/api/v1/incidents?limit=200").await.json().await.expect("json");
    assert_eq!(fewer - 1, theirs["items"].as_array().expect("items").len());
    // A filter that does not read is refused, named.
    assert_eq!(coordinator.get("/incidents/export.csv?severity=huge").await.status(), 422);

    // An incident's timeline, with its events in the reader's language.
    let incident = exported[0];
    let r = coordinator.get(&format!("/incidents/{incident}/timeline.csv")).await;
    assert_eq!(r.status(), 200);
    let text = r.text().await.expect("csv");
    assert!(text.starts_with("at_utc,at,event,event_label,actor,detail\r\n"));
    assert!(text.lines().count() > 1, "the incident's events");
    // One the reader may not see is absent, like one that does not exist.
    let hidden = listed.iter().find(|i| !theirs["items"].as_array().expect("items").iter().any(|t| t["id"] == **i));
    if let Some(hidden) = hidden {
        assert_eq!(liaison.get(&format!("/incidents/{hidden}/timeline.csv")).await.status(), 404);
    }
    assert_eq!(liaison.get("/incidents/999999/timeline.csv").await.status(), 404);

    // The audit trail: only for who may read it, with the page's filters.
    assert_eq!(coordinator.get("/audit/export.csv").await.status(), 403);
    let admin = app.login("beheer@bz.example").await;
    let r = admin.get("/audit/export.csv?action=login.succeeded").await;
    assert_eq!(r.status(), 200);
    let rows = records(&r.text().await.expect("csv"));
    assert_eq!(rows[0][..5], ["seq", "at_utc", "at", "actor", "action"]);
    assert!(rows.len() > 3, "the logins of this test");
    assert!(rows[1..].iter().all(|r| r[4] == "login.succeeded"), "only the filtered action");
    assert_eq!(admin.get("/audit/export.csv?from=gisteren").await.status(), 422);
}
