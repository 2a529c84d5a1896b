//! Files as evidence of a measurement: sent with the submission (both land
//! or neither), added by the submitter while it waits, never after the
//! review, and seen exactly by who may see the indicator.

use crate::helpers::*;
use crate::on_both_backends;
use crate::strategy::{numeric_indicator, open_part};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use verbinding_app::strategy::Under;
use verbinding_app::{indicators, strategy};
use verbinding_domain::strategy::{IndicatorInput, ObjectiveInput};
use verbinding_store::Backend;

on_both_backends!(
    evidence_files_land_with_their_measurement_and_are_seen_only_with_its_indicator,
    evidence_is_added_by_the_submitter_while_it_waits_and_never_after_review,
);

async fn counts(app: &TestApp) -> (i64, i64) {
    let mut c = app.state.db.read().await.expect("conn");
    let m: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM measurements").fetch_one(&mut *c).await.expect("m");
    let f: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM measurement_files").fetch_one(&mut *c).await.expect("f");
    (m, f)
}

/// An open part of the demo strategy with an indicator Justice and Security
/// reports on (so the NCSC liaison may): the part's and indicator's ids.
async fn justice_indicator(app: &TestApp) -> (i64, i64) {
    let a = &app.state.app;
    let coordinator = caller_for(a, "coordinator@tfc.example").await;
    let sid = strategy::list_strategies(a, &coordinator).await.expect("list")[0].id;
    // A goal at the top of the chain (an impact).
    let goal = ObjectiveInput { level: "impact".into(), ..open_part("Bewijs bij metingen") };
    let part = strategy::create_objective(a, &coordinator, Under::Strategy(sid), &goal).await.expect("part");
    let input = IndicatorInput { responsible_org: "JenV".into(), ..numeric_indicator("Aangiftes cybercrime") };
    (part, indicators::create(a, &coordinator, part, &input).await.expect("indicator"))
}

/// The submission form as a browser sends it: the token first, then the
/// fields, then the file part (empty when none was chosen).
fn form(csrf: &str, fields: &[(&str, &str)], file: Option<(&str, &[u8])>) -> reqwest::multipart::Form {
    let mut f = reqwest::multipart::Form::new().text("csrf", csrf.to_string());
    for (k, v) in fields {
        f = f.text(k.to_string(), v.to_string());
    }
    let (name, bytes) = file.unwrap_or(("", b""));
    f.part("file", reqwest::multipart::Part::bytes(bytes.to_vec()).file_name(name.to_string()))
}

async fn evidence_files_land_with_their_measurement_and_are_seen_only_with_its_indicator(b: Backend) {
    let app = spawn_app(b).await;
    let (part, indicator) = justice_indicator(&app).await;
    let mut liaison = app.login("liaison@ncsc.example").await;
    let page = format!("/strategy/indicators/{indicator}");
    liaison.refresh_csrf(&page).await;
    let csrf = liaison.csrf.clone().expect("csrf");
    let (_, html) = liaison.get_html(&page).await;
    assert!(html.contains(r#"enctype="multipart/form-data" novalidate id="measurement-form""#));
    assert!(html.contains(r#"<input type="file" id="measurement-file" name="file""#), "a labelled file control");
    let url = app.url(&format!("/strategy/indicators/{indicator}/measurements"));
    let report = b"Jaarrapport aangiftes 2025: 4 meldingen.";
    let before = counts(&app).await;

    // A value that does not read: refused with the field named, the file not kept either.
    let bad = [("period", "2025"), ("value", "vier"), ("evidence", "Jaarrapport")];
    let r =
        liaison.http.post(&url).multipart(form(&csrf, &bad, Some(("rapport.pdf", report)))).send().await.expect("post");
    assert_eq!(r.status(), 422);
    assert!(r.text().await.expect("html").contains(r##"href="#measurement-value""##), "the error names the value");
    assert_eq!(counts(&app).await, before, "nothing written");

    // Sent with its file: both land.
    let good = [("period", "2025"), ("value", "4"), ("evidence", "Jaarrapport, bijgevoegd")];
    let r = liaison
        .http
        .post(&url)
        .multipart(form(&csrf, &good, Some(("rapport 2025.pdf", report))))
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), 303);
    assert_eq!(counts(&app).await, (before.0 + 1, before.1 + 1));
    let (_, html) = liaison.get_html(&page).await;
    let marker = "href=\"/strategy/evidence/";
    let file: i64 = html[html.find(marker).expect("a link to the file") + marker.len()..]
        .split('"')
        .next()
        .and_then(|s| s.parse().ok())
        .expect("file id");
    assert!(html.contains("rapport 2025.pdf</a>"), "the name as it was sent");
    let r = liaison.get(&format!("/strategy/evidence/{file}")).await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "application/octet-stream", "never rendered");
    assert!(r.headers()["content-disposition"].to_str().expect("header").contains("rapport_2025.pdf"));
    assert_eq!(r.bytes().await.expect("bytes").as_ref(), report);
    // Without a file the form still submits (the file is optional).
    let next = [("period", "2024"), ("value", "3"), ("evidence", "https://example.org/telling-2024")];
    let r = liaison.http.post(&url).multipart(form(&csrf, &next, None)).send().await.expect("post");
    assert_eq!(r.status(), 303);
    assert_eq!(counts(&app).await, (before.0 + 2, before.1 + 1));

    // The API lists the file with its digest, and hands out the same bytes.
    let token = app.token("liaison@ncsc.example").await;
    let detail: Value =
        app.api_get(&token, &format!("/api/v1/strategy/indicators/{indicator}")).await.json().await.expect("json");
    let with_file = detail["measurements"].as_array().expect("list").iter().find(|m| m["period"] == "2025").cloned();
    let files = with_file.expect("the 2025 measurement")["files"].clone();
    assert_eq!(files[0]["file_name"], "rapport 2025.pdf");
    assert_eq!(files[0]["sha256"], hex::encode(Sha256::digest(report)));
    let r = app.api_get(&token, &format!("/api/v1/strategy/evidence/{file}")).await;
    assert_eq!(r.bytes().await.expect("bytes").as_ref(), report);

    // Once the part is closed to the liaison's organisation, its file is nowhere for them.
    let coordinator = caller_for(&app.state.app, "coordinator@tfc.example").await;
    remark_objective(&app.state.app, &coordinator, part, tfc_only_marking()).await.expect("remark");
    assert_eq!(liaison.get(&format!("/strategy/evidence/{file}")).await.status(), 404);
    assert_eq!(app.api_get(&token, &format!("/api/v1/strategy/evidence/{file}")).await.status(), 404);
    assert_eq!(app.api_get(&token, "/api/v1/strategy/evidence/999999").await.status(), 404, "as an absent one");
    // Its download by who may see it is audited (the part is classified now).
    let tfc = app.token("coordinator@tfc.example").await;
    assert_eq!(app.api_get(&tfc, &format!("/api/v1/strategy/evidence/{file}")).await.status(), 200);
    let reads: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'object.read' AND object_id = $1")
            .bind(part)
            .fetch_one(app.state.db.raw())
            .await
            .expect("reads");
    assert!(reads >= 1, "the classified download is in the audit trail");
}

async fn upload(app: &TestApp, token: &str, measurement: i64, name: &str, bytes: &[u8]) -> reqwest::Response {
    let part = reqwest::multipart::Part::bytes(bytes.to_vec()).file_name(name.to_string());
    reqwest::Client::new()
        .post(app.url(&format!("/api/v1/strategy/measurements/{measurement}/evidence")))
        .bearer_auth(token)
        .multipart(reqwest::multipart::Form::new().part("file", part))
        .send()
        .await
        .expect("upload")
}

async fn evidence_is_added_by_the_submitter_while_it_waits_and_never_after_review(b: Backend) {
    let app = spawn_app(b).await;
    let (_, indicator) = justice_indicator(&app).await;
    let liaison = app.token("liaison@ncsc.example").await;
    let coordinator = app.token("coordinator@tfc.example").await;
    let r = app
        .api_send(
            reqwest::Method::POST,
            &liaison,
            &format!("/api/v1/strategy/indicators/{indicator}/measurements"),
            json!({"period": "2025", "value": 4, "evidence": "Jaarrapport"}),
        )
        .await;
    assert_eq!(r.status(), 201);
    let m = r.json::<Value>().await.expect("json")["id"].as_i64().expect("id");
    assert_eq!(upload(&app, &coordinator, m, "andere.txt", b"x").await.status(), 403, "only its submitter");
    let r = upload(&app, &liaison, m, "bijlage.csv", b"jaar;aantal\n2025;4\n").await;
    assert_eq!(r.status(), 201);
    let v: Value = r.json().await.expect("json");
    assert_eq!(v["files"][0]["file_name"], "bijlage.csv");
    assert_eq!(v["files"][0]["size"], 19);
    let big = vec![b'x'; verbinding_app::tasks::MAX_ATTACHMENT + 1];
    let r = upload(&app, &liaison, m, "te-groot.bin", &big).await;
    assert_eq!(r.status(), 422, "the request itself is wrong");
    assert_eq!(r.json::<Value>().await.expect("json")["errors"][0]["code"], "file_too_large");
    let review = format!("/api/v1/strategy/measurements/{m}/review");
    let r = app.api_send(reqwest::Method::POST, &coordinator, &review, json!({"approve": true})).await;
    assert_eq!(r.status(), 200);
    // The reviewer approved what was there: nothing is added afterwards.
    let r = upload(&app, &liaison, m, "later.txt", b"later").await;
    assert_eq!(r.status(), 409, "the measurement's state does not allow it");
    let p: Value = r.json().await.expect("json");
    assert_eq!(
        (p["errors"][0]["field"].as_str(), p["errors"][0]["code"].as_str()),
        (Some("measurement"), Some("already_reviewed"))
    );
    assert_eq!(counts(&app).await.1, 1, "one file kept");
    let rows: Vec<String> =
        sqlx::query_scalar("SELECT detail FROM audit_log WHERE action = 'object.updated' ORDER BY seq")
            .fetch_all(app.state.db.raw())
            .await
            .expect("audit");
    assert!(rows.iter().any(|d| d.contains("measurement.evidence_added") && d.contains("bijlage.csv")), "audited");
}
