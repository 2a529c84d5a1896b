//! Issue 14, "safety first": signing a decision is safe. An attribution
//! decision is signed with the signer's password once more; signing while
//! the incident's consultation is open or unanswered needs a reason, sealed
//! with the signature and on the timeline; a decision maker may send a
//! proposal back or reject it, with a reason; the proposer is never offered
//! a way to sign, and the page shows what is signed before it is.

use crate::consultations::{in_hours, open_round};
use crate::decisions::{first_error, incident_with_evidence, propose};
use crate::helpers::*;
use crate::on_both_backends;
use reqwest::Method;
use serde_json::{Value, json};
use verbinding_store::Backend;

on_both_backends!(
    an_attribution_decision_is_signed_only_with_the_signers_password,
    signing_over_an_unsettled_consultation_needs_a_reason_sealed_with_it,
    a_decision_maker_sends_a_proposal_back_or_rejects_it_with_a_reason,
    the_review_page_shows_what_is_signed_and_the_proposer_gets_no_way_to_sign,
);

const DIRECTOR: &str = "directeur@tfc.example";
const MINISTER: &str = "besluit@bz.example";

async fn sign_with(app: &TestApp, token: &str, incident: i64, body: Value) -> (u16, Value) {
    let r = app.api_send(Method::POST, token, &format!("/api/v1/incidents/{incident}/decisions/sign"), body).await;
    (r.status().as_u16(), r.json().await.unwrap_or(Value::Null))
}

async fn decision(app: &TestApp, token: &str, incident: i64, id: i64) -> Value {
    let list: Value =
        app.api_get(token, &format!("/api/v1/incidents/{incident}/decisions")).await.json().await.expect("json");
    list["items"].as_array().expect("items").iter().find(|d| d["id"] == id).expect("the decision").clone()
}

/// A proposed public attribution by the director; its id.
async fn proposed_attribution(app: &TestApp, director: &str, incident: i64, assessment: i64) -> i64 {
    let body = json!({"kind": "attribution", "outcome": "attribute-publicly", "state": "RU", "basis": [assessment],
                      "rationale": "Hoge zekerheid"});
    let r = propose(app, director, incident, body).await;
    assert_eq!(r.status(), 201);
    r.json::<Value>().await.expect("json")["id"].as_i64().expect("id")
}

async fn an_attribution_decision_is_signed_only_with_the_signers_password(b: Backend) {
    let app = spawn_app(b).await;
    let director = app.token(DIRECTOR).await;
    let minister = app.token(MINISTER).await;
    let (incident, assessment) = incident_with_evidence(&app, &director).await;
    let id = proposed_attribution(&app, &director, incident, assessment).await;

    let (status, p) = sign_with(&app, &minister, incident, json!({"decision": id, "version": 1})).await;
    assert_eq!((status, first_error(&p)), (422, ("password".into(), "required".into())), "{p}");
    let wrong = json!({"decision": id, "version": 1, "password": "not the password"});
    let (status, p) = sign_with(&app, &minister, incident, wrong).await;
    assert_eq!((status, first_error(&p)), (422, ("password".into(), "password_wrong".into())), "{p}");
    assert!(decision(&app, &minister, incident, id).await["signed_at"].is_null(), "nothing was signed");

    let right = json!({"decision": id, "version": 1, "password": DEMO_PASSWORD});
    let (status, d) = sign_with(&app, &minister, incident, right).await;
    assert_eq!(status, 200, "{d}");
    assert_eq!((d["signed_by"].as_str(), d["seal_intact"].as_bool()), (Some(MINISTER), Some(true)));

    // A response decision needs no password: re-authentication is for attribution.
    let line: Value = app
        .api_get(&director, &format!("/api/v1/incidents/{incident}/response-plan"))
        .await
        .json()
        .await
        .expect("json");
    let measure = line["items"][0]["id"].as_i64().expect("measure");
    let body = json!({"kind": "response", "outcome": "approve-measures", "measures": [measure], "rationale": "Ja"});
    let r = propose(&app, &director, incident, body).await;
    let response = r.json::<Value>().await.expect("json")["id"].as_i64().expect("id");
    let (status, d) = sign_with(&app, &minister, incident, json!({"decision": response, "version": 1})).await;
    assert_eq!(status, 200, "{d}");
}

async fn signing_over_an_unsettled_consultation_needs_a_reason_sealed_with_it(b: Backend) {
    let app = spawn_app(b).await;
    let director = app.token(DIRECTOR).await;
    let minister = app.token(MINISTER).await;
    let (incident, assessment) = incident_with_evidence(&app, &director).await;
    let round = open_round(
        &app,
        &director,
        incident,
        json!({"subject": "attribution", "proposal": "Publiek toeschrijven", "rule": "consensus",
               "organisations": ["MIVD", "NCSC"], "deadline": in_hours(4)}),
    )
    .await;
    assert_eq!(round.status(), 201, "{:?}", round.text().await);
    let id = proposed_attribution(&app, &director, incident, assessment).await;

    let body = json!({"decision": id, "version": 1, "password": DEMO_PASSWORD});
    let (status, p) = sign_with(&app, &minister, incident, body.clone()).await;
    assert_eq!((status, first_error(&p)), (409, ("override_reason".into(), "consultation_unsettled".into())), "{p}");
    assert!(p["errors"][0]["message"].as_str().unwrap_or("").contains("consultatie"), "in Dutch: {p}");

    let reason = "De NAVO-top begint morgen; NCSC bevestigde mondeling.";
    let mut with_reason = body;
    with_reason["override_reason"] = reason.into();
    let (status, d) = sign_with(&app, &minister, incident, with_reason).await;
    assert_eq!(status, 200, "{d}");
    assert_eq!(d["sign_override"], reason);
    assert_eq!(d["seal_intact"], true, "the reason is sealed with the signature");
    let timeline: Value =
        app.api_get(&director, &format!("/api/v1/incidents/{incident}/timeline")).await.json().await.expect("json");
    let signed = timeline["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|e| e["kind"] == "decision-signed")
        .expect("the signature is on the timeline")
        .clone();
    let detail: Value = serde_json::from_str(signed["detail"].as_str().expect("detail")).expect("json");
    assert_eq!(detail["override"], reason, "{signed}");
}

async fn a_decision_maker_sends_a_proposal_back_or_rejects_it_with_a_reason(b: Backend) {
    let app = spawn_app(b).await;
    let director = app.token(DIRECTOR).await;
    let minister = app.token(MINISTER).await;
    let (incident, assessment) = incident_with_evidence(&app, &director).await;
    let id = proposed_attribution(&app, &director, incident, assessment).await;
    let close = |token: String, body: Value| {
        let app = &app;
        async move {
            let path = format!("/api/v1/incidents/{incident}/decisions/close");
            let r = app.api_send(Method::POST, &token, &path, body).await;
            (r.status().as_u16(), r.json::<Value>().await.unwrap_or(Value::Null))
        }
    };

    let (status, p) = close(minister.clone(), json!({"decision": id, "version": 1, "closing": "returned"})).await;
    assert_eq!((status, first_error(&p)), (422, ("reason".into(), "required".into())), "{p}");
    let body = json!({"decision": id, "version": 1, "closing": "returned", "reason": "Eerst het AIVD-oordeel"});
    let (status, p) = close(director.clone(), body.clone()).await;
    assert_eq!((status, first_error(&p)), (409, ("decision".into(), "four_eyes".into())), "the proposer: {p}");

    let (status, d) = close(minister.clone(), body).await;
    assert_eq!(status, 200, "{d}");
    assert_eq!(
        (d["closed_as"].as_str(), d["closed_reason"].as_str()),
        (Some("returned"), Some("Eerst het AIVD-oordeel"))
    );
    assert_eq!(d["closed_by"], MINISTER);
    let sign = json!({"decision": id, "version": 2, "password": DEMO_PASSWORD});
    let (status, p) = sign_with(&app, &minister, incident, sign).await;
    assert_eq!((status, first_error(&p)), (409, ("decision".into(), "decision_closed".into())), "{p}");
    let (_, dashboard) = app.login(MINISTER).await.get_html("/").await;
    assert!(!dashboard.contains(&format!("decisions#decision-{id}")), "no longer waits for a signature");

    let other = proposed_attribution(&app, &director, incident, assessment).await;
    let body = json!({"decision": other, "version": 1, "closing": "rejected", "reason": "Geen publieke attributie"});
    let (status, d) = close(minister.clone(), body).await;
    assert_eq!((status, d["closed_as"].as_str()), (200, Some("rejected")), "{d}");
    let timeline: Value =
        app.api_get(&director, &format!("/api/v1/incidents/{incident}/timeline")).await.json().await.expect("json");
    let closed: Vec<&Value> =
        timeline["items"].as_array().expect("items").iter().filter(|e| e["kind"] == "decision-closed").collect();
    assert_eq!(closed.len(), 2, "both on the timeline");
}

async fn the_review_page_shows_what_is_signed_and_the_proposer_gets_no_way_to_sign(b: Backend) {
    let app = spawn_app(b).await;
    let director = app.token(DIRECTOR).await;
    let (incident, assessment) = incident_with_evidence(&app, &director).await;
    let id = proposed_attribution(&app, &director, incident, assessment).await;
    let review = format!("/incidents/{incident}/decisions/{id}/sign");

    // The proposer, though a decision maker, is offered no signature.
    let proposer = app.login(DIRECTOR).await;
    let (_, list) = proposer.get_html(&format!("/incidents/{incident}/decisions")).await;
    assert!(!list.contains(&review) && list.contains("een andere beslisser tekent het"), "{list}");
    let (status, page) = proposer.get_html(&review).await;
    assert_eq!(status, 200);
    assert!(!page.contains("Ja, ik teken") && !page.contains("name=\"password\""));

    let mut minister = app.login(MINISTER).await;
    minister.refresh_csrf(&review).await;
    let (_, list) = minister.get_html(&format!("/incidents/{incident}/decisions")).await;
    assert!(list.contains(&review), "the decision maker is led to the review");
    assert!(!list.contains("action=\"/incidents/{incident}/decisions/sign\""), "no one-click signature on the list");
    let (status, page) = minister.get_html(&review).await;
    assert_eq!(status, 200);
    for shown in ["Wat u tekent", "Publiek attribueren", "Hoge zekerheid", "name=\"password\"", "Ja, ik teken besluit"]
    {
        assert!(page.contains(shown), "the review shows {shown}");
    }
    // Signing from the page without the password is sent back to the review, naming the field.
    let r = minister
        .post_form(&format!("/incidents/{incident}/decisions/sign"), &[("decision", &id.to_string()), ("version", "1")])
        .await;
    assert_eq!(r.status(), 422);
    let html = r.text().await.expect("html");
    assert!(html.contains("Wat u tekent") && html.contains("id=\"password-error\""), "{html}");
    assert_eq!(minister.get_html(&format!("/incidents/{incident}/decisions/999999/sign")).await.0, 404);
}
