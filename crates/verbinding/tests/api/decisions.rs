//! Decisions: four eyes, sealed and immutable once signed, amendment by a
//! new decision, and what a signed decision changes elsewhere (the
//! proportionality check, approved measures, the time to attribution).

use crate::helpers::*;
use crate::on_both_backends;
use crate::response::fresh_incident;
use serde_json::{Value, json};
use verbinding_store::Backend;

on_both_backends!(
    the_proposer_cannot_sign_and_a_signed_decision_never_changes,
    an_amendment_replaces_the_decision_in_force,
    a_response_decision_approves_its_measures,
    bad_proposals_name_their_field,
);

pub(crate) async fn propose(app: &TestApp, token: &str, incident: i64, body: Value) -> reqwest::Response {
    app.api_send(reqwest::Method::POST, token, &format!("/api/v1/incidents/{incident}/decisions"), body).await
}

pub(crate) async fn sign(app: &TestApp, token: &str, incident: i64, decision: i64, version: i64) -> reqwest::Response {
    app.api_send(
        reqwest::Method::POST,
        token,
        &format!("/api/v1/incidents/{incident}/decisions/sign"),
        // Attribution decisions are signed with the password once more.
        json!({"decision": decision, "version": version, "password": DEMO_PASSWORD}),
    )
    .await
}

pub(crate) fn first_error(p: &Value) -> (String, String) {
    (
        p["errors"][0]["field"].as_str().unwrap_or("").to_string(),
        p["errors"][0]["code"].as_str().unwrap_or("").to_string(),
    )
}

/// An incident with a high-confidence intelligence assessment by MIVD and a
/// proposed public attribution in its plan; returns (incident, assessment).
pub(crate) async fn incident_with_evidence(app: &TestApp, coordinator: &str) -> (i64, i64) {
    let incident = fresh_incident(app, coordinator).await;
    let mivd = app.token("liaison@mivd.example").await;
    let a = app
        .api_send(
            reqwest::Method::POST,
            &mivd,
            &format!("/api/v1/incidents/{incident}/assessments"),
            json!({"kind": "intelligence", "summary": "GRU", "confidence": "high", "likelihood": "almost-certain",
                   "attributed_state": "RU", "meta_classification": "dep-v", "classification": "dep-v", "tlp": "amber",
                   "need_to_know": ["DEF", "TFC"]}),
        )
        .await;
    assert_eq!(a.status(), 201);
    let assessment = a.json::<Value>().await.expect("json")["id"].as_i64().expect("id");
    let r = app
        .api_send(
            reqwest::Method::POST,
            coordinator,
            &format!("/api/v1/incidents/{incident}/response-plan"),
            json!({"option": "nl-public-attribution", "rationale": "Publiek maken"}),
        )
        .await;
    assert_eq!(r.status(), 201);
    (incident, assessment)
}

async fn plan_warnings(app: &TestApp, token: &str, incident: i64) -> Vec<String> {
    let plan: Value =
        app.api_get(token, &format!("/api/v1/incidents/{incident}/response-plan")).await.json().await.expect("json");
    plan["items"][0]["warnings"]
        .as_array()
        .expect("warnings")
        .iter()
        .filter_map(|w| w["code"].as_str().map(String::from))
        .collect()
}

async fn the_proposer_cannot_sign_and_a_signed_decision_never_changes(b: Backend) {
    let app = spawn_app(b).await;
    let director = app.token("directeur@tfc.example").await;
    let (incident, assessment) = incident_with_evidence(&app, &director).await;
    assert_eq!(plan_warnings(&app, &director, incident).await, vec!["public_attribution_without_decision"]);
    app.clock.advance_ms(5 * 3_600_000);
    let r = propose(
        &app,
        &director,
        incident,
        json!({"kind": "attribution", "outcome": "attribute-publicly", "state": "ru", "basis": [assessment],
               "rationale": "Hoge zekerheid"}),
    )
    .await;
    assert_eq!(r.status(), 201);
    let d: Value = r.json().await.expect("json");
    let id = d["id"].as_i64().expect("id");
    assert_eq!(
        (d["state"].as_str(), d["signed_at"].is_null(), d["in_force"].as_bool()),
        (Some("RU"), true, Some(false))
    );

    // The decision maker finds it on the dashboard; the proposer does not.
    let (_, waiting) = app.login("besluit@bz.example").await.get_html("/").await;
    assert!(waiting.contains(&format!("decisions#decision-{id}")), "{waiting}");
    let (_, own) = app.login("directeur@tfc.example").await.get_html("/").await;
    assert!(!own.contains(&format!("decisions#decision-{id}")));
    // Four eyes: the director holds the decide role but proposed this one.
    let r = sign(&app, &director, incident, id, 1).await;
    assert_eq!(r.status(), 409);
    let p: Value = r.json().await.expect("json");
    assert_eq!(first_error(&p), ("decision".to_string(), "four_eyes".to_string()));
    assert!(p["errors"][0]["message"].as_str().unwrap_or("").contains("vier ogen"), "{p}");
    // A coordinator without the decide role is refused by the route.
    let coordinator = app.token("coordinator@tfc.example").await;
    assert_eq!(sign(&app, &coordinator, incident, id, 1).await.status(), 403);

    let minister = app.token("besluit@bz.example").await;
    assert_eq!(sign(&app, &minister, incident, id, 0).await.status(), 409, "stale version");
    let r = sign(&app, &minister, incident, id, 1).await;
    assert_eq!(r.status(), 200);
    let signed: Value = r.json().await.expect("json");
    assert_eq!(signed["signed_by"], "besluit@bz.example");
    assert_eq!(signed["seal"].as_str().map(str::len), Some(64));
    assert_eq!((signed["seal_intact"].as_bool(), signed["in_force"].as_bool()), (Some(true), Some(true)));
    let r = sign(&app, &minister, incident, id, 2).await;
    assert_eq!(first_error(&r.json().await.expect("json")), ("decision".to_string(), "already_signed".to_string()));

    // The signed public attribution lifts the proportionality warning.
    assert!(plan_warnings(&app, &director, incident).await.is_empty());

    // Immutable, even to someone with the database.
    let tamper = sqlx::query("UPDATE decisions SET rationale = 'anders' WHERE id = $1")
        .bind(id)
        .execute(app.state.db.raw())
        .await;
    assert!(tamper.is_err(), "the schema refuses to change a signed decision");
    assert!(sqlx::query("DELETE FROM decisions").execute(app.state.db.raw()).await.is_err());

    // The timeline shows the time to the attribution decision.
    let c = app.login("coordinator@tfc.example").await;
    let (_, html) = c.get_html(&format!("/incidents/{incident}")).await;
    assert!(html.contains("Tijd tot attributiebesluit</dt><dd>5 uur"), "{html}");
    let signed_rows: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'decision.signed' AND object_id = $1")
            .bind(incident)
            .fetch_one(app.state.db.raw())
            .await
            .expect("n");
    assert_eq!(signed_rows, 1, "signing is in the audit trail, about the incident");
}

async fn an_amendment_replaces_the_decision_in_force(b: Backend) {
    let app = spawn_app(b).await;
    let director = app.token("directeur@tfc.example").await;
    let minister = app.token("besluit@bz.example").await;
    let (incident, assessment) = incident_with_evidence(&app, &director).await;
    let first = propose(
        &app,
        &director,
        incident,
        json!({"kind": "attribution", "outcome": "attribute-publicly", "state": "RU", "basis": [assessment], "rationale": "r"}),
    )
    .await
    .json::<Value>()
    .await
    .expect("json")["id"]
        .as_i64()
        .expect("id");
    let r = propose(
        &app,
        &director,
        incident,
        json!({"kind": "attribution", "outcome": "do-not-attribute", "rationale": "r", "amends": first}),
    )
    .await;
    assert_eq!(first_error(&r.json().await.expect("json")), ("amends".to_string(), "amends_unsigned".to_string()));
    assert_eq!(sign(&app, &minister, incident, first, 1).await.status(), 200);
    let r = propose(
        &app,
        &director,
        incident,
        json!({"kind": "response", "outcome": "no-measures", "rationale": "r", "amends": first}),
    )
    .await;
    assert_eq!(first_error(&r.json().await.expect("json")), ("amends".to_string(), "amends_other_kind".to_string()));
    let second = propose(
        &app,
        &director,
        incident,
        json!({"kind": "attribution", "outcome": "do-not-attribute", "rationale": "Nieuwe informatie", "amends": first}),
    )
    .await
    .json::<Value>()
    .await
    .expect("json")["id"]
        .as_i64()
        .expect("id");
    assert_eq!(sign(&app, &minister, incident, second, 1).await.status(), 200);
    let list: Value =
        app.api_get(&director, &format!("/api/v1/incidents/{incident}/decisions")).await.json().await.expect("json");
    let items = list["items"].as_array().expect("items");
    assert_eq!((items[0]["in_force"].as_bool(), items[0]["amended_by"].as_i64()), (Some(false), Some(second)));
    assert_eq!(items[0]["outcome"], "attribute-publicly", "the amended decision itself is unchanged");
    assert_eq!(items[1]["in_force"], true);
    // No public attribution is in force any more: the warning is back.
    assert_eq!(plan_warnings(&app, &director, incident).await, vec!["public_attribution_without_decision"]);
    let r = propose(
        &app,
        &director,
        incident,
        json!({"kind": "attribution", "outcome": "do-not-attribute", "rationale": "r", "amends": first}),
    )
    .await;
    assert_eq!(first_error(&r.json().await.expect("json")), ("amends".to_string(), "already_amended".to_string()));
}

async fn a_response_decision_approves_its_measures(b: Backend) {
    let app = spawn_app(b).await;
    let coordinator = app.token("coordinator@tfc.example").await;
    let incident = fresh_incident(&app, &coordinator).await;
    let item = app
        .api_send(
            reqwest::Method::POST,
            &coordinator,
            &format!("/api/v1/incidents/{incident}/response-plan"),
            json!({"option": "nl-demarche", "rationale": "Eerst een demarche"}),
        )
        .await
        .json::<Value>()
        .await
        .expect("json")["id"]
        .as_i64()
        .expect("item");
    // Putting the measure to a round moves it into consultation.
    let deadline = START_MS + 3_600_000 * 24;
    let t = time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(deadline) * 1_000_000).expect("t");
    let r = app
        .api_send(
            reqwest::Method::POST,
            &coordinator,
            &format!("/api/v1/incidents/{incident}/consultations"),
            json!({"subject": "response", "proposal": "Demarche", "rule": "consensus", "organisations": ["MIVD"],
                   "deadline": t.format(&time::format_description::well_known::Rfc3339).expect("fmt"), "measures": [item]}),
        )
        .await;
    assert_eq!(r.status(), 201);
    let round = r.json::<Value>().await.expect("json")["id"].as_i64().expect("round");
    let status = |plan: Value| plan["items"][0]["status"].as_str().unwrap_or("").to_string();
    let plan_path = format!("/api/v1/incidents/{incident}/response-plan");
    assert_eq!(status(app.api_get(&coordinator, &plan_path).await.json().await.expect("json")), "in-consultation");
    // MIVD agrees: the round is settled, so the signature needs no reason.
    let mivd = app.token("liaison@mivd.example").await;
    let r = app
        .api_send(
            reqwest::Method::POST,
            &mivd,
            &format!("/api/v1/incidents/{incident}/consultations/answers"),
            json!({"round": round, "answer": "agree"}),
        )
        .await;
    assert_eq!(r.status(), 201, "{:?}", r.text().await);
    let d = propose(
        &app,
        &coordinator,
        incident,
        json!({"kind": "response", "outcome": "approve-measures", "measures": [item], "round": round, "rationale": "Akkoord"}),
    )
    .await;
    assert_eq!(d.status(), 201);
    let id = d.json::<Value>().await.expect("json")["id"].as_i64().expect("id");
    assert_eq!(sign(&app, &app.token("besluit@bz.example").await, incident, id, 1).await.status(), 200);
    assert_eq!(status(app.api_get(&coordinator, &plan_path).await.json().await.expect("json")), "approved");
}

async fn bad_proposals_name_their_field(b: Backend) {
    let app = spawn_app(b).await;
    let coordinator = app.token("coordinator@tfc.example").await;
    let incident = fresh_incident(&app, &coordinator).await;
    let before: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM decisions").fetch_one(app.state.db.raw()).await.expect("n");
    for (body, want) in [
        (
            json!({"kind": "attribution", "outcome": "attribute-publicly", "state": "RU", "rationale": "r"}),
            ("basis", "basis_required"),
        ),
        (
            json!({"kind": "attribution", "outcome": "attribute-publicly", "state": "ZZ", "basis": [1], "rationale": "r"}),
            ("state", "country_unknown"),
        ),
        (
            json!({"kind": "attribution", "outcome": "do-not-attribute", "basis": [424242], "rationale": "r"}),
            ("basis", "assessment_unknown"),
        ),
        (
            json!({"kind": "attribution", "outcome": "do-not-attribute", "actor": "no-such-actor", "rationale": "r"}),
            ("actor", "actor_unknown"),
        ),
        (json!({"kind": "response", "outcome": "approve-measures", "rationale": "r"}), ("measures", "required")),
        (
            json!({"kind": "response", "outcome": "no-measures", "round": 424242, "rationale": "r"}),
            ("round", "round_unknown"),
        ),
        (json!({"kind": "verdict", "outcome": "x", "rationale": "r"}), ("kind", "kind_unknown")),
    ] {
        let r = propose(&app, &coordinator, incident, body.clone()).await;
        assert_eq!(r.status(), refusal_status(want.1), "{body}");
        let p: Value = r.json().await.expect("json");
        let all: Vec<(String, String)> = p["errors"]
            .as_array()
            .expect("errors")
            .iter()
            .map(|e| (e["field"].as_str().unwrap_or("").into(), e["code"].as_str().unwrap_or("").into()))
            .collect();
        assert!(all.contains(&(want.0.to_string(), want.1.to_string())), "{body}: {all:?}");
    }
    let after: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM decisions").fetch_one(app.state.db.raw()).await.expect("n");
    assert_eq!(after, before, "nothing half-written");
    // A liaison may not propose; a decision maker may not propose either.
    let ncsc = app.token("liaison@ncsc.example").await;
    let body = json!({"kind": "response", "outcome": "no-measures", "rationale": "r"});
    assert_eq!(propose(&app, &ncsc, incident, body.clone()).await.status(), 403);
    assert_eq!(propose(&app, &app.token("besluit@bz.example").await, incident, body).await.status(), 403);
}
