//! Authority over markings (issue 11): the owner and the lead's coordinators
//! decide who may see an object; what derives from an object is never more
//! open than it; each version of an assessment keeps its own marking.

use crate::fixtures::{Person, World};
use crate::helpers::*;
use crate::on_both_backends;
use serde_json::{Value, json};
use verbinding_store::Backend;

on_both_backends!(
    only_the_owner_and_the_leads_coordinators_change_an_incidents_marking,
    the_dossier_form_shows_the_marking_as_text_to_an_editor_who_does_not_decide_it,
    an_assessment_is_never_more_open_than_its_incident,
    each_assessment_version_keeps_its_own_need_to_know,
    every_view_of_a_classified_incident_is_audited,
);

struct People {
    /// TFC: owner of what they file, and lead.
    tfc_coordinator: Person,
    tfc_liaison: Person,
    ncsc_liaison: Person,
    ncsc_coordinator: Person,
    /// At BZ, the ministry TFC is a unit of.
    bz_post_officer: Person,
}

async fn people(world: &World<'_>) -> People {
    world.government().await;
    let user = |email: &str, org: &str, roles: &[&str]| {
        world.user(email).org(org).roles(roles).clearance("stg-geheim").create()
    };
    People {
        tfc_coordinator: user("coordinator@tfc.example", "TFC", &["coordinator"]).await,
        tfc_liaison: user("liaison@tfc.example", "TFC", &["liaison"]).await,
        ncsc_liaison: user("liaison@ncsc.example", "NCSC", &["liaison"]).await,
        ncsc_coordinator: user("coordinator@ncsc.example", "NCSC", &["coordinator"]).await,
        bz_post_officer: user("post@bz.example", "BZ", &["post-officer"]).await,
    }
}

/// The edit body of an incident as read, with `change` applied.
fn incident_edit(read: &Value, change: Value) -> Value {
    let mut body = json!({
        "title": read["title"], "summary": read["summary"], "severity": read["severity"],
        "classification": read["classification"], "tlp": read["tlp"], "open_to_all": read["open_to_all"],
        "need_to_know": read["need_to_know"], "need_to_know_users": read["need_to_know_users"],
        "lead_organisation": read["lead_org_code"], "version": read["version"],
    });
    for (k, v) in change.as_object().expect("object") {
        body[k] = v.clone();
    }
    body
}

/// Reads the incident, applies `change` as `token`, and answers the status and body.
async fn edit(app: &TestApp, token: &str, id: i64, change: Value) -> (u16, Value) {
    let path = format!("/api/v1/incidents/{id}");
    let read: Value = app.api_get(token, &path).await.json().await.expect("json");
    let r = app.api_send(reqwest::Method::PUT, token, &path, incident_edit(&read, change)).await;
    (r.status().as_u16(), r.json().await.unwrap_or(Value::Null))
}

fn fields(problem: &Value) -> Vec<(String, String)> {
    problem["errors"]
        .as_array()
        .map(|e| {
            e.iter()
                .map(|x| (x["field"].as_str().unwrap_or("").into(), x["code"].as_str().unwrap_or("").into()))
                .collect()
        })
        .unwrap_or_default()
}

async fn only_the_owner_and_the_leads_coordinators_change_an_incidents_marking(b: Backend) {
    let app = spawn_app_with(b, Default::default(), false).await;
    let world = World::new(&app);
    let p = people(&world).await;
    let id = world.incident(&p.tfc_coordinator).marking("dep-v", "amber").orgs(&["TFC", "NCSC"]).create().await;
    let ncsc = p.ncsc_liaison.token(&app).await;
    let path = format!("/api/v1/incidents/{id}");
    let shown: Value = app.api_get(&ncsc, &path).await.json().await.expect("json");
    assert_eq!(shown["owner_organisation"], "TFC", "the owner is shown on the object");

    // A liaison who may see and edit the incident may not re-mark it: not
    // downgrade and open it, not take the lead off the list, not take the lead.
    let (status, problem) =
        edit(&app, &ncsc, id, json!({"classification": "ongerubriceerd", "open_to_all": true, "need_to_know": []}))
            .await;
    assert_eq!(status, 409, "{problem}");
    assert_eq!(problem["code"], "does_not_fit");
    assert_eq!(
        fields(&problem),
        [
            ("classification", "marking_reserved"),
            ("open_to_all", "marking_reserved"),
            ("need_to_know", "marking_reserved")
        ]
        .map(|(f, c)| (f.to_string(), c.to_string()))
    );
    let (status, problem) = edit(&app, &ncsc, id, json!({"need_to_know": ["NCSC"]})).await;
    assert_eq!((status, fields(&problem)[0].0.as_str()), (409, "need_to_know"));
    let (status, problem) = edit(&app, &ncsc, id, json!({"need_to_know": ["NCSC", "TFC", "EZK"]})).await;
    assert_eq!((status, fields(&problem)[0].0.as_str()), (409, "need_to_know"), "widening is re-marking too");
    let (status, problem) = edit(&app, &ncsc, id, json!({"lead_organisation": "NCSC"})).await;
    assert_eq!((status, fields(&problem)[0].0.as_str()), (409, "lead_organisation"));
    let (status, problem) = edit(&app, &ncsc, id, json!({"tlp": "red"})).await;
    assert_eq!((status, fields(&problem)[0].0.as_str()), (409, "tlp"));
    // A coordinator of another organisation is no different.
    let ncsc_coordinator = p.ncsc_coordinator.token(&app).await;
    let (status, _) = edit(&app, &ncsc_coordinator, id, json!({"classification": "ongerubriceerd"})).await;
    assert_eq!(status, 409);
    // Nothing of it was written.
    let now: Value = app.api_get(&ncsc, &path).await.json().await.expect("json");
    assert_eq!((now["classification"].as_str(), now["version"].as_i64()), (Some("dep-v"), Some(1)));
    assert_eq!(now["need_to_know"], json!(["NCSC", "TFC"]));

    // The content is theirs to edit; the same marking written back (in another order) is no change.
    let (status, body) =
        edit(&app, &ncsc, id, json!({"summary": "Aangevuld door NCSC", "need_to_know": ["NCSC", "TFC"]})).await;
    assert_eq!(status, 200, "{body}");
    // A member of the owner organisation decides the marking, whatever their role.
    let tfc = p.tfc_liaison.token(&app).await;
    let (status, body) = edit(&app, &tfc, id, json!({"need_to_know": ["TFC", "NCSC", "EZK"]})).await;
    assert_eq!(status, 200, "{body}");
    // The owner hands the lead to NCSC; from then on NCSC's coordinator decides too, its liaison still not.
    let owner = p.tfc_coordinator.token(&app).await;
    let (status, body) = edit(&app, &owner, id, json!({"lead_organisation": "NCSC"})).await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = edit(&app, &ncsc_coordinator, id, json!({"tlp": "amber+strict"})).await;
    assert_eq!(status, 200, "{body}");
    let (status, _) = edit(&app, &ncsc, id, json!({"tlp": "red"})).await;
    assert_eq!(status, 409);
    // The owner stays the organisation that filed it.
    let now: Value = app.api_get(&ncsc, &path).await.json().await.expect("json");
    assert_eq!((now["owner_organisation"].as_str(), now["lead_org_code"].as_str()), (Some("TFC"), Some("NCSC")));
}

async fn the_dossier_form_shows_the_marking_as_text_to_an_editor_who_does_not_decide_it(b: Backend) {
    let app = spawn_app_with(b, Default::default(), false).await;
    let world = World::new(&app);
    let p = people(&world).await;
    let id =
        world.dossier(&p.tfc_coordinator).title("Sanctieregime").marking("dep-v", "amber").orgs(&["BZ"]).create().await;
    // The post officer at BZ sees it (BZ is on the list) and may edit the text, not the marking.
    let post = p.bz_post_officer.login(&app).await;
    let (status, form) = post.get_html(&format!("/dossiers/{id}/edit")).await;
    assert_eq!(status, 200);
    assert!(!form.contains("<select id=\"classification\""), "no classification choice");
    assert!(form.contains("Eigenaar: TFC"), "names who decides");
    let mut post = post;
    post.refresh_csrf(&format!("/dossiers/{id}/edit")).await;
    let send = |classification: &'static str, summary: &'static str| {
        vec![
            ("title", "Sanctieregime"),
            ("summary", summary),
            ("lead_org", "TFC"),
            ("classification", classification),
            ("tlp", "amber"),
            ("need_to_know", "BZ"),
            ("need_to_know_users", ""),
        ]
    };
    // A forged downgrade is refused with the message on the form, and nothing changes.
    let mut form = send("ongerubriceerd", "Poging");
    form.push(("version", "1"));
    let r = post.post_form(&format!("/dossiers/{id}"), &form).await;
    assert_eq!(r.status(), 422);
    assert!(r.text().await.expect("html").contains("Alleen de eigenaar"));
    let mut form = send("dep-v", "Bijgewerkt door de post");
    form.push(("version", "1"));
    let r = post.post_form(&format!("/dossiers/{id}"), &form).await;
    assert_eq!(r.status(), 303, "the content is saved with the marking unchanged");
    let token = p.bz_post_officer.token(&app).await;
    let d: Value = app.api_get(&token, &format!("/api/v1/dossiers/{id}")).await.json().await.expect("json");
    assert_eq!((d["classification"].as_str(), d["summary"].as_str()), (Some("dep-v"), Some("Bijgewerkt door de post")));
    // The owner's form offers the choice.
    let owner = p.tfc_coordinator.login(&app).await;
    let (_, form) = owner.get_html(&format!("/dossiers/{id}/edit")).await;
    assert!(form.contains("<select id=\"classification\""));
}

async fn an_assessment_is_never_more_open_than_its_incident(b: Backend) {
    let app = spawn_app_with(b, Default::default(), false).await;
    let world = World::new(&app);
    let p = people(&world).await;
    let incident = world.incident(&p.tfc_coordinator).marking("dep-v", "amber").orgs(&["TFC"]).create().await;
    // An open assessment of a TFC-only incident.
    let assessment =
        world.assessment(&p.tfc_coordinator, incident).marking("ongerubriceerd", "clear").open_to_all().create().await;
    let ncsc = p.ncsc_liaison.token(&app).await;
    for path in [format!("/api/v1/assessments/{assessment}"), format!("/api/v1/assessments/{assessment}/versions")] {
        let hidden = app.api_get(&ncsc, &path).await;
        let absent = app.api_get(&ncsc, &path.replace(&assessment.to_string(), "999999")).await;
        assert_eq!(
            (hidden.status(), absent.status()),
            (reqwest::StatusCode::NOT_FOUND, reqwest::StatusCode::NOT_FOUND)
        );
        let strip = |mut v: Value| {
            v["request_id"] = Value::Null;
            v
        };
        assert_eq!(strip(hidden.json().await.expect("json")), strip(absent.json().await.expect("json")), "{path}");
    }
    let page = p.ncsc_liaison.login(&app).await;
    assert_eq!(page.get_html(&format!("/assessments/{assessment}")).await.0, 404);
    // Who may read the incident reads it.
    let tfc = p.tfc_liaison.token(&app).await;
    assert_eq!(app.api_get(&tfc, &format!("/api/v1/assessments/{assessment}")).await.status(), 200);
    // Nor does the audit trail show the assessment's rows (which name the
    // incident) to an auditor outside the incident; TFC's auditor sees them.
    let world = World::new(&app);
    let auditor = |email: &'static str, org: &'static str| {
        world.user(email).org(org).roles(&["admin"]).clearance("stg-geheim").create()
    };
    let rows = |token: String| {
        let app = &app;
        async move {
            let path = format!("/api/v1/audit?object_id={assessment}&limit=100");
            let v: Value = app.api_get(&token, &path).await.json().await.expect("json");
            v["items"].as_array().expect("items").len()
        }
    };
    let ncsc_auditor = auditor("audit@ncsc.example", "NCSC").await.token(&app).await;
    let tfc_auditor = auditor("audit@tfc.example", "TFC").await.token(&app).await;
    assert_eq!(rows(ncsc_auditor).await, 0, "no row about an assessment of an incident the auditor may not see");
    assert!(rows(tfc_auditor).await > 0, "its creation is on the record");
}

async fn each_assessment_version_keeps_its_own_need_to_know(b: Backend) {
    let app = spawn_app_with(b, Default::default(), false).await;
    let world = World::new(&app);
    let p = people(&world).await;
    let incident = world.incident(&p.tfc_coordinator).marking("dep-v", "amber").orgs(&["TFC", "NCSC"]).create().await;
    let tfc = p.tfc_coordinator.token(&app).await;
    let technical = |summary: &str, ntk: &[&str], version: Option<i64>| {
        let mut v = json!({"kind": "technical", "summary": summary, "confidence": "moderate",
                           "meta_classification": "dep-v", "classification": "dep-v", "tlp": "amber", "need_to_know": ntk});
        if let Some(n) = version {
            v["version"] = json!(n);
        }
        v
    };
    let r = app
        .api_send(
            reqwest::Method::POST,
            &tfc,
            &format!("/api/v1/incidents/{incident}/assessments"),
            technical("Alleen voor TFC: bron genoemd", &["TFC"], None),
        )
        .await;
    assert_eq!(r.status(), 201);
    let id = r.json::<Value>().await.expect("json")["id"].as_i64().expect("id");
    let r = app
        .api_send(
            reqwest::Method::PUT,
            &tfc,
            &format!("/api/v1/assessments/{id}"),
            technical("Gedeeld met NCSC: bron weggelaten", &["TFC", "NCSC"], Some(1)),
        )
        .await;
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap_or_default());
    let versions = |token: String| {
        let app = &app;
        async move {
            let v: Value =
                app.api_get(&token, &format!("/api/v1/assessments/{id}/versions")).await.json().await.expect("json");
            v["items"].as_array().expect("items").iter().map(|x| x["version"].as_i64().expect("n")).collect::<Vec<_>>()
        }
    };
    assert_eq!(versions(tfc.clone()).await, [2, 1]);
    let ncsc = p.ncsc_liaison.token(&app).await;
    assert_eq!(versions(ncsc.clone()).await, [2], "version 1 was not on NCSC's list");
    let page = p.ncsc_liaison.login(&app).await;
    let (_, html) = page.get_html(&format!("/assessments/{id}")).await;
    assert!(
        html.contains("Gedeeld met NCSC") && !html.contains("bron genoemd"),
        "the page shows only what the version allows"
    );
}

/// Reads of a classified incident are audited wherever they happen: its
/// timeline, decisions, consultations, response plan, partners, and each
/// classified assessment shown in its list or history; an unclassified
/// incident's views write nothing.
async fn every_view_of_a_classified_incident_is_audited(b: Backend) {
    let app = spawn_app_with(b, Default::default(), false).await;
    let world = World::new(&app);
    let p = people(&world).await;
    let secret = world.incident(&p.tfc_coordinator).marking("dep-v", "amber").orgs(&["TFC"]).create().await;
    let open = world.incident(&p.tfc_coordinator).marking("ongerubriceerd", "green").open_to_all().create().await;
    let assessment = world
        .assessment(&p.tfc_coordinator, secret)
        .marking("stg-confidentieel", "amber")
        .orgs(&["TFC"])
        .create()
        .await;
    let token = p.tfc_liaison.token(&app).await;
    let views = |id: i64| {
        ["timeline", "decisions", "consultations", "response-plan", "partners", "assessments"]
            .map(|v| format!("/api/v1/incidents/{id}/{v}"))
    };
    let reads = |object: i64| {
        let app = &app;
        async move {
            let rows: Vec<String> = sqlx::query_scalar(
                "SELECT detail FROM audit_log WHERE action = 'object.read' AND object_id = $1 ORDER BY seq",
            )
            .bind(object)
            .fetch_all(app.state.db.raw())
            .await
            .expect("audit");
            rows.iter()
                .map(|d| {
                    serde_json::from_str::<Value>(d)
                        .ok()
                        .and_then(|v| v["view"].as_str().map(str::to_string))
                        .unwrap_or_default()
                })
                .collect::<Vec<_>>()
        }
    };
    for path in views(secret).into_iter().chain(views(open)) {
        assert_eq!(app.api_get(&token, &path).await.status(), 200, "{path}");
    }
    assert_eq!(app.api_get(&token, &format!("/api/v1/assessments/{assessment}/versions")).await.status(), 200);
    assert_eq!(reads(secret).await, ["timeline", "decisions", "consultations", "response-plan", "partners"]);
    assert_eq!(reads(assessment).await, ["incident-assessments", "versions"]);
    assert!(reads(open).await.is_empty(), "unclassified views are not audited");
}
