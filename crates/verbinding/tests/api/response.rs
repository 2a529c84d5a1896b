use crate::fixtures::{Person, World};
use crate::helpers::*;
use crate::on_both_backends;
use serde_json::{Value, json};
use verbinding_store::Backend;

on_both_backends!(
    the_plan_warns_when_a_measure_outruns_the_evidence,
    measures_follow_their_lifecycle_and_restrictive_ones_come_up_for_renewal,
    lapsed_and_unknown_options_are_refused,
    administrators_extend_the_catalogue_and_lapse_options,
    a_public_attribution_is_recorded_only_after_its_decision,
);

/// Nobody records a public attribution as approved or executed before a
/// decision to attribute publicly is signed; a liaison records no such step at all.
async fn a_public_attribution_is_recorded_only_after_its_decision(b: Backend) {
    let app = spawn_app_with(b, Default::default(), false).await;
    let story = story(&app).await;
    let incident = story.incident;
    let coordinator = story.coordinator.token(&app).await;
    let r = propose(
        &app,
        &coordinator,
        incident,
        json!({"option": "nl-public-attribution", "rationale": "Publiek benoemen"}),
    )
    .await;
    assert_eq!(r.status(), 201);
    let line: Value = r.json().await.expect("json");
    let path = format!("/api/v1/incidents/{incident}/response-plan/status");
    let mv = |status: &str, version: i64| json!({"item": line["id"], "status": status, "version": version});
    let liaison = story.ncsc.token(&app).await;
    assert_eq!(app.api_send(reqwest::Method::POST, &liaison, &path, mv("in-consultation", 1)).await.status(), 200);
    for to in ["approved", "executed"] {
        assert_eq!(app.api_send(reqwest::Method::POST, &liaison, &path, mv(to, 2)).await.status(), 403, "{to}");
    }
    let r = app.api_send(reqwest::Method::POST, &coordinator, &path, mv("approved", 2)).await;
    assert_eq!(r.status(), 409);
    let p: Value = r.json().await.expect("json");
    assert_eq!(p["errors"][0]["code"], "public_attribution_not_decided");
    let plan: Value = app
        .api_get(&coordinator, &format!("/api/v1/incidents/{incident}/response-plan"))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(plan["items"][0]["status"], "in-consultation", "nothing changed");
}

async fn administrators_extend_the_catalogue_and_lapse_options(b: Backend) {
    let app = spawn_app(b).await;
    let admin = app.token("beheer@bz.example").await;
    let coordinator = app.token("coordinator@tfc.example").await;
    let option = json!({"id": "nl-cyber-envoy-statement", "category": "national", "name_nl": "Verklaring van de cyberambassadeur",
        "name_en": "Statement by the cyber ambassador", "legal_basis": "Diplomatieke praktijk", "lead": "TFC",
        "approvals": "Directeur", "public": true, "reversible": true, "escalation": 4});
    let add = |body: Value, token: String| {
        let app = &app;
        async move { app.api_send(reqwest::Method::POST, &token, "/api/v1/response-options", body).await }
    };
    assert_eq!(add(option.clone(), coordinator.clone()).await.status(), 403, "only administrators");
    let r = add(option.clone(), admin.clone()).await;
    assert_eq!(r.status(), 201);
    let created: Value = r.json().await.expect("json");
    assert_eq!((created["escalation"].as_i64(), created["lapsed"].as_bool()), (Some(4), Some(false)));
    let again = add(option.clone(), admin.clone()).await;
    assert_eq!(again.status(), 409);
    assert_eq!(again.json::<Value>().await.expect("json")["errors"][0]["code"], "duplicate");
    let mut bad = option.clone();
    bad["id"] = json!("Nieuw!");
    bad["lead"] = json!("XYZ");
    bad["escalation"] = json!(12);
    let r = add(bad, admin.clone()).await;
    let p: Value = r.json().await.expect("json");
    let fields: Vec<&str> =
        p["errors"].as_array().expect("errors").iter().filter_map(|e| e["field"].as_str()).collect();
    assert_eq!(fields, vec!["id", "escalation"], "validation first; the unknown lead is checked after");

    // The custom option is checked like a shipped one and can be chosen.
    let incident = fresh_incident(&app, &coordinator).await;
    let r = propose(
        &app,
        &coordinator,
        incident,
        json!({"option": "nl-cyber-envoy-statement", "rationale": "Eerst publiek signaal"}),
    )
    .await;
    assert_eq!(r.status(), 201);
    assert_eq!(codes(&r.json().await.expect("json")), vec!["rank_exceeds_evidence"]);

    // Lapsed: no longer offered, refused for new plans, kept in existing ones.
    let lapse = |lapsed: bool| {
        let (app, admin) = (&app, admin.clone());
        async move {
            app.api_send(
                reqwest::Method::POST,
                &admin,
                "/api/v1/response-options/nl-cyber-envoy-statement/lapsed",
                json!({"lapsed": lapsed}),
            )
            .await
        }
    };
    assert_eq!(lapse(true).await.status(), 200);
    let r =
        propose(&app, &coordinator, incident, json!({"option": "nl-cyber-envoy-statement", "rationale": "x"})).await;
    assert_eq!(r.json::<Value>().await.expect("json")["errors"][0]["code"], "option_lapsed");
    let plan: Value = app
        .api_get(&coordinator, &format!("/api/v1/incidents/{incident}/response-plan"))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(plan["items"].as_array().expect("items").len(), 1);
    let c = app.login("beheer@bz.example").await;
    let (_, html) = c.get_html("/response-options").await;
    assert!(html.contains("Verklaring van de cyberambassadeur (vervallen)") && html.contains("Herstellen"), "{html}");
    assert_eq!(lapse(false).await.status(), 200);
    // A restart re-seeds the shipped catalogue and keeps the administrator's option.
    let reopened = verbinding_store::Db::open(&app.db_url).await.expect("reopen");
    let kept: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM response_options WHERE id = 'nl-cyber-envoy-statement'")
        .fetch_one(reopened.raw())
        .await
        .expect("n");
    assert_eq!(kept, 1);
    let audited: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'catalogue.changed'")
        .fetch_one(app.state.db.raw())
        .await
        .expect("n");
    assert_eq!(audited, 3, "added, lapsed, restored");
}

const SATELLITE: &str = "Storing satellietmodems";

/// The TFC coordinator, the NCSC liaison and an incident for BZ, DEF and
/// JenV (not EZK), filed by TFC.
struct Story {
    coordinator: Person,
    ncsc: Person,
    /// A decision maker at BZ.
    decider: Person,
    incident: i64,
}

async fn story(app: &TestApp) -> Story {
    let world = World::new(app);
    world.government().await;
    let coordinator =
        world.user("coordinator@tfc.example").org("TFC").roles(&["coordinator"]).clearance("stg-geheim").create().await;
    let ncsc = world.user("liaison@ncsc.example").org("NCSC").create().await;
    let decider =
        world.user("besluit@bz.example").org("BZ").roles(&["decision-maker"]).clearance("stg-geheim").create().await;
    let incident = world
        .incident(&coordinator)
        .title(SATELLITE)
        .severity("severe")
        .orgs(&["BZ", "DEF", "JenV"])
        .status("monitoring")
        .create()
        .await;
    Story { coordinator, ncsc, decider, incident }
}

async fn propose(app: &TestApp, token: &str, incident: i64, body: Value) -> reqwest::Response {
    app.api_send(reqwest::Method::POST, token, &format!("/api/v1/incidents/{incident}/response-plan"), body).await
}

fn codes(line: &Value) -> Vec<String> {
    line["warnings"]
        .as_array()
        .expect("warnings")
        .iter()
        .map(|w| w["code"].as_str().unwrap_or("").to_string())
        .collect()
}

/// A new incident without assessments or decisions, visible to TFC, DEF
/// (with MIVD), JenV (with NCSC) and the demo decision maker by name.
pub async fn fresh_incident(app: &TestApp, coordinator: &str) -> i64 {
    let r = app
        .api_send(
            reqwest::Method::POST,
            coordinator,
            "/api/v1/incidents",
            json!({"title": "Storing satellietverbindingen", "severity": "significant", "lead_organisation": "TFC",
                   "classification": "dep-v", "tlp": "amber", "need_to_know": ["TFC", "DEF", "JenV"],
                   "need_to_know_users": ["besluit@bz.example"]}),
        )
        .await;
    assert_eq!(r.status(), 201);
    r.json::<Value>().await.expect("json")["id"].as_i64().expect("id")
}

async fn the_plan_warns_when_a_measure_outruns_the_evidence(b: Backend) {
    let app = spawn_app(b).await;
    let coordinator = app.token("coordinator@tfc.example").await;
    let incident = fresh_incident(&app, &coordinator).await;
    let r = propose(
        &app,
        &coordinator,
        incident,
        json!({"option": "nl-public-attribution", "rationale": "Samen met de EU"}),
    )
    .await;
    assert_eq!(r.status(), 201);
    let line: Value = r.json().await.expect("json");
    assert_eq!(
        codes(&line),
        vec!["rank_exceeds_evidence", "public_attribution_without_decision"],
        "no intelligence yet and no attribution decision"
    );
    // An intelligence assessment with high confidence lifts the first warning
    // for whoever may read it.
    let mivd = app.token("liaison@mivd.example").await;
    let a = app
        .api_send(
            reqwest::Method::POST,
            &mivd,
            &format!("/api/v1/incidents/{incident}/assessments"),
            json!({"kind": "intelligence", "summary": "GRU", "confidence": "high", "likelihood": "almost-certain",
                   "meta_classification": "dep-v", "classification": "stg-geheim", "tlp": "red", "need_to_know": ["DEF", "TFC"]}),
        )
        .await;
    assert_eq!(a.status(), 201);
    let plan: Value = app
        .api_get(&coordinator, &format!("/api/v1/incidents/{incident}/response-plan"))
        .await
        .json()
        .await
        .expect("json");
    let ours = |plan: &Value| {
        plan["items"]
            .as_array()
            .expect("items")
            .iter()
            .find(|l| l["option_id"] == "nl-public-attribution")
            .expect("line")
            .clone()
    };
    assert_eq!(codes(&ours(&plan)), vec!["public_attribution_without_decision"]);
    assert_eq!(plan["supported_escalation"], 10);
    // The NCSC liaison cannot read that assessment: the warning stays, and
    // nothing about the hidden assessment leaks.
    let ncsc = app.token("liaison@ncsc.example").await;
    let plan: Value =
        app.api_get(&ncsc, &format!("/api/v1/incidents/{incident}/response-plan")).await.json().await.expect("json");
    assert_eq!(plan["supported_escalation"], 3);
    let c = app.login("coordinator@tfc.example").await;
    let (status, html) = c.get_html(&format!("/incidents/{incident}/response")).await;
    assert_eq!(status, 200);
    assert!(html.contains("openbare attributie zonder attributiebesluit"), "{html}");
}

async fn measures_follow_their_lifecycle_and_restrictive_ones_come_up_for_renewal(b: Backend) {
    let app = spawn_app_with(b, Default::default(), false).await;
    let story = story(&app).await;
    let incident = story.incident;
    let coordinator = story.coordinator.token(&app).await;
    let r =
        propose(&app, &coordinator, incident, json!({"option": "eu-sanctions", "rationale": "Listing GRU-eenheid"}))
            .await;
    assert_eq!(r.status(), 422, "a restrictive measure needs a renewal date");
    let p: Value = r.json().await.expect("json");
    assert_eq!(p["errors"][0]["field"], "renewal_date");
    // START_MS is 2026-11-23; within 90 days means up to 2027-02-21.
    let r = propose(
        &app,
        &coordinator,
        incident,
        json!({"option": "eu-sanctions", "rationale": "Listing GRU-eenheid", "renewal_date": "2027-01-31"}),
    )
    .await;
    assert_eq!(r.status(), 201);
    let line: Value = r.json().await.expect("json");
    let path = format!("/api/v1/incidents/{incident}/response-plan/status");
    let mv = |status: &str, version: i64| json!({"item": line["id"], "status": status, "version": version});
    let r = app.api_send(reqwest::Method::POST, &coordinator, &path, mv("executed", 1)).await;
    assert_eq!(r.status(), 409, "no skipping");
    let p: Value = r.json().await.expect("json");
    assert_eq!(p["errors"][0]["code"], "measure_transition_not_allowed");
    assert!(p["errors"][0]["message"].as_str().unwrap_or("").contains("maatregel"), "about the measure: {p}");
    // The page offers only the steps the status allows and the role may record.
    let mut page = story.coordinator.login(&app).await;
    page.refresh_csrf(&format!("/incidents/{incident}/response")).await;
    let (_, html) = page.get_html(&format!("/incidents/{incident}/response")).await;
    let select = html
        .split(&format!("id=\"status-{}\"", line["id"]))
        .nth(1)
        .expect("the control")
        .split("</select>")
        .next()
        .expect("end");
    let offered: Vec<&str> = select.split("value=\"").skip(1).filter_map(|o| o.split('"').next()).collect();
    assert_eq!(offered, ["in-consultation", "lapsed"], "{select}");
    assert_eq!(app.api_send(reqwest::Method::POST, &coordinator, &path, mv("in-consultation", 1)).await.status(), 200);
    // Sanctions are approved by a signed decision, not by a status change: the coordinator cannot.
    let r = app.api_send(reqwest::Method::POST, &coordinator, &path, mv("approved", 2)).await;
    assert_eq!(r.status(), 409);
    let p: Value = r.json().await.expect("json");
    assert_eq!(
        (p["errors"][0]["field"].as_str(), p["errors"][0]["code"].as_str()),
        (Some("status"), Some("measure_not_decided"))
    );
    // A liaison records no step past consultation at all.
    let liaison = story.ncsc.token(&app).await;
    assert_eq!(app.api_send(reqwest::Method::POST, &liaison, &path, mv("approved", 2)).await.status(), 403);
    // The decision maker signs the coordinator's proposal to approve it: the measure is approved.
    let d = app
        .api_send(
            reqwest::Method::POST,
            &coordinator,
            &format!("/api/v1/incidents/{incident}/decisions"),
            json!({"kind": "response", "outcome": "approve-measures", "measures": [line["id"]], "rationale": "Listing voorgesteld aan de Raad"}),
        )
        .await;
    assert_eq!(d.status(), 201);
    let decision = d.json::<Value>().await.expect("json")["id"].as_i64().expect("id");
    let decider = story.decider.token(&app).await;
    let r = app
        .api_send(
            reqwest::Method::POST,
            &decider,
            &format!("/api/v1/incidents/{incident}/decisions/sign"),
            json!({"decision": decision, "version": 1}),
        )
        .await;
    assert_eq!(r.status(), 200);
    let plan: Value = app
        .api_get(&coordinator, &format!("/api/v1/incidents/{incident}/response-plan"))
        .await
        .json()
        .await
        .expect("json");
    let item = plan["items"].as_array().expect("items").iter().find(|i| i["id"] == line["id"]).expect("item").clone();
    assert_eq!(item["status"], "approved");
    assert_eq!(
        app.api_send(reqwest::Method::POST, &coordinator, &path, mv("executed", 2)).await.status(),
        409,
        "stale"
    );
    let renewals: Value = app.api_get(&coordinator, "/api/v1/renewals").await.json().await.expect("json");
    assert_eq!(renewals["items"].as_array().expect("items").len(), 0, "approved is not yet in force");
    assert_eq!(app.api_send(reqwest::Method::POST, &coordinator, &path, mv("executed", 3)).await.status(), 200);
    let renewals: Value = app.api_get(&coordinator, "/api/v1/renewals").await.json().await.expect("json");
    assert_eq!(renewals["items"][0]["incident_title"], SATELLITE);
    // The renewal list follows need-to-know: EZK is not on the incident's list.
    let c = story.ncsc.login(&app).await;
    let (_, html) = c.get_html("/renewals").await;
    assert!(html.contains(SATELLITE), "NCSC (JenV) is on the list");
    let sanctions = verbinding_domain::response::option("eu-sanctions").expect("shipped");
    assert!(html.contains(sanctions.name_nl), "the measure by its name");
    assert!(!html.contains("<td>eu-sanctions</td>"), "not by its key");
    let timeline: Value =
        app.api_get(&coordinator, &format!("/api/v1/incidents/{incident}/timeline")).await.json().await.expect("json");
    let kinds: Vec<&str> =
        timeline["items"].as_array().expect("items").iter().map(|e| e["kind"].as_str().unwrap_or("")).collect();
    let ours = timeline["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter(|e| e["kind"] == "measure-status" && e["detail"].as_str().is_some_and(|d| d.contains("eu-sanctions")))
        .count();
    assert_eq!(ours, 3, "{kinds:?}");
}

async fn lapsed_and_unknown_options_are_refused(b: Backend) {
    let app = spawn_app_with(b, Default::default(), false).await;
    let story = story(&app).await;
    let incident = story.incident;
    verbinding_app::catalogue::set_option_lapsed(
        &app.state,
        &verbinding_app::Caller::command_line(),
        "nl-demarche",
        "true",
    )
    .await
    .expect("lapse");
    let coordinator = story.coordinator.token(&app).await;
    let count = || async {
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM response_items")
            .fetch_one(app.state.db.raw())
            .await
            .expect("n")
    };
    let before = count().await;
    for (option, code) in [("nl-demarche", "option_lapsed"), ("nl-carrier-pigeon", "option_unknown")] {
        let r = propose(&app, &coordinator, incident, json!({"option": option, "rationale": "x"})).await;
        assert_eq!(r.status(), 409);
        let p: Value = r.json().await.expect("json");
        assert_eq!((p["errors"][0]["field"].as_str(), p["errors"][0]["code"].as_str()), (Some("option"), Some(code)));
    }
    assert_eq!(count().await, before, "nothing half-written");
    let options: Value = app.api_get(&coordinator, "/api/v1/response-options").await.json().await.expect("json");
    let categories: std::collections::BTreeSet<&str> =
        options["items"].as_array().expect("items").iter().filter_map(|o| o["category"].as_str()).collect();
    assert_eq!(categories.len(), 6, "the five toolbox categories and the national measures: {categories:?}");
}
