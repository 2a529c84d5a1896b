use crate::helpers::*;
use crate::on_both_backends;
use serde_json::{Value, json};
use verbinding_store::Backend;

on_both_backends!(
    a_restricted_assessment_shows_only_as_far_as_its_metadata_allows,
    assessments_are_versioned_and_only_the_author_organisation_revises,
    a_downgrade_never_reveals_earlier_more_secret_versions,
);

async fn exchange(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT object_id FROM incidents WHERE title LIKE 'Misbruik van Microsoft Exchange%'")
        .fetch_one(app.state.db.raw())
        .await
        .expect("incident")
}

fn intelligence(meta: &str, classification: &str, ntk: &[&str]) -> Value {
    json!({"kind": "intelligence", "summary": "MSS-gelieerde actoren", "confidence": "moderate", "likelihood": "very-likely",
           "source_reliability": "b", "information_credibility": "2", "state_responsibility": "state-coordinated",
           "attributed_state": "CN", "meta_classification": meta, "classification": classification, "tlp": "red",
           "need_to_know": ntk})
}

async fn create(app: &TestApp, token: &str, incident: i64, body: Value) -> Value {
    let r =
        app.api_send(reqwest::Method::POST, token, &format!("/api/v1/incidents/{incident}/assessments"), body).await;
    assert_eq!(r.status(), 201);
    r.json().await.expect("json")
}

async fn listing(app: &TestApp, token: &str, incident: i64) -> (usize, usize) {
    let v: Value =
        app.api_get(token, &format!("/api/v1/incidents/{incident}/assessments")).await.json().await.expect("json");
    (v["items"].as_array().expect("items").len(), v["restricted"].as_array().expect("restricted").len())
}

async fn a_restricted_assessment_shows_only_as_far_as_its_metadata_allows(b: Backend) {
    let app = spawn_app(b).await;
    let incident = exchange(&app).await;
    let aivd = app.token("liaison@aivd.example").await;
    let known = create(&app, &aivd, incident, intelligence("dep-v", "stg-geheim", &["AIVD", "TFC"])).await;
    assert_eq!(known["author_org_code"], "AIVD");
    let secret = create(&app, &aivd, incident, intelligence("stg-geheim", "stg-geheim", &["AIVD", "TFC"])).await;

    let coordinator = app.token("coordinator@tfc.example").await;
    // The demo already holds NCSC's technical assessment of this incident.
    assert_eq!(listing(&app, &coordinator, incident).await, (3, 0), "TFC is on every list");
    let ncsc = app.token("liaison@ncsc.example").await;
    assert_eq!(listing(&app, &ncsc, incident).await, (1, 1), "NCSC may know one exists, not read it");
    for a in [&known, &secret] {
        assert_eq!(app.api_get(&ncsc, &format!("/api/v1/assessments/{}", a["id"])).await.status(), 404);
    }
    // The timeline tells the same story: one assessment event for NCSC, two for TFC.
    let count_events = |token: String| {
        let app = &app;
        async move {
            let v: Value = app
                .api_get(&token, &format!("/api/v1/incidents/{incident}/timeline"))
                .await
                .json()
                .await
                .expect("json");
            v["items"].as_array().expect("items").iter().filter(|e| e["kind"] == "assessment").count()
        }
    };
    assert_eq!(count_events(ncsc.clone()).await, 2);
    assert_eq!(count_events(coordinator.clone()).await, 3);
    let c = app.login("liaison@ncsc.example").await;
    let (_, html) = c.get_html(&format!("/incidents/{incident}")).await;
    assert!(html.contains("bestaat, maar u heeft geen toegang") && !html.contains("MSS-gelieerde"), "{html}");
    // A metadata classification above the content is refused.
    let r = app
        .api_send(
            reqwest::Method::POST,
            &aivd,
            &format!("/api/v1/incidents/{incident}/assessments"),
            intelligence("stg-geheim", "dep-v", &["AIVD"]),
        )
        .await;
    assert_eq!(r.status(), 422);
    let p: Value = r.json().await.expect("json");
    assert_eq!(p["errors"][0]["field"], "meta_classification");
}

async fn assessments_are_versioned_and_only_the_author_organisation_revises(b: Backend) {
    let app = spawn_app(b).await;
    let incident = exchange(&app).await;
    let ncsc = app.token("liaison@ncsc.example").await;
    let technical = json!({"kind": "technical", "summary": "Webshells op Exchange-servers", "confidence": "high",
                           "indicators": "China Chopper", "meta_classification": "dep-v", "classification": "dep-v",
                           "tlp": "amber", "need_to_know": ["JenV", "BZ"]});
    let a = create(&app, &ncsc, incident, technical.clone()).await;
    let path = format!("/api/v1/assessments/{}", a["id"]);
    let mut revised = technical.clone();
    revised["summary"] = json!("Webshells en datadiefstal");
    revised["version"] = json!(1);
    let coordinator = app.token("coordinator@tfc.example").await;
    assert_eq!(
        app.api_send(reqwest::Method::PUT, &coordinator, &path, revised.clone()).await.status(),
        403,
        "TFC is not the author"
    );
    assert_eq!(app.api_send(reqwest::Method::PUT, &ncsc, &path, revised.clone()).await.status(), 200);
    assert_eq!(app.api_send(reqwest::Method::PUT, &ncsc, &path, revised.clone()).await.status(), 409, "stale version");
    let versions: Value = app.api_get(&coordinator, &format!("{path}/versions")).await.json().await.expect("json");
    let summaries: Vec<&str> =
        versions["items"].as_array().expect("items").iter().map(|v| v["summary"].as_str().unwrap_or("")).collect();
    assert_eq!(summaries, vec!["Webshells en datadiefstal", "Webshells op Exchange-servers"]);
    let c = app.login("coordinator@tfc.example").await;
    let (status, html) = c.get_html(&format!("/assessments/{}", a["id"])).await;
    assert_eq!(status, 200);
    assert!(html.contains("Versiegeschiedenis") && html.contains("Webshells op Exchange-servers"));
    assert_eq!(c.get(&format!("/assessments/{}/edit", a["id"])).await.status(), 403);
}

async fn a_downgrade_never_reveals_earlier_more_secret_versions(b: Backend) {
    let app = spawn_app(b).await;
    let incident = exchange(&app).await;
    let aivd = app.token("liaison@aivd.example").await;
    let a = create(&app, &aivd, incident, intelligence("dep-v", "stg-geheim", &["AIVD", "JenV"])).await;
    let mut downgraded = intelligence("dep-v", "dep-v", &["AIVD", "JenV"]);
    downgraded["summary"] = json!("Openbare samenvatting");
    downgraded["version"] = json!(1);
    let path = format!("/api/v1/assessments/{}", a["id"]);
    assert_eq!(app.api_send(reqwest::Method::PUT, &aivd, &path, downgraded).await.status(), 200);
    let ncsc = app.token("liaison@ncsc.example").await;
    let now: Value = app.api_get(&ncsc, &path).await.json().await.expect("json");
    assert_eq!(now["summary"], "Openbare samenvatting");
    let versions: Value = app.api_get(&ncsc, &format!("{path}/versions")).await.json().await.expect("json");
    let shown: Vec<i64> =
        versions["items"].as_array().expect("items").iter().filter_map(|v| v["version"].as_i64()).collect();
    assert_eq!(shown, vec![2], "the Stg. Geheim first version stays hidden from a Stg. Confidentieel reader");
}
