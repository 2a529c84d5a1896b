use crate::fixtures::{Person, World};
use crate::helpers::*;
use crate::on_both_backends;
use serde_json::{Value, json};
use std::process::Command;
use verbinding_store::Backend;

on_both_backends!(
    incident_lists_filters_and_counts_respect_need_to_know,
    bad_incident_input_names_the_field_and_writes_nothing,
    incidents_move_one_phase_at_a_time_and_the_timeline_shows_it,
    the_threat_actor_galaxy_imports_without_duplicates,
    partners_are_recorded_on_the_incident_and_its_timeline,
    the_timeline_shows_how_long_each_phase_took,
    the_summary_is_markdown_rendered_safely,
    a_stored_list_that_does_not_decode_is_an_error_not_an_empty_list,
);

/// A JSON column altered behind the application's back must not read as
/// "no victims": the answer is a server error (logged with the row), and the
/// incident's other readers see the same.
async fn a_stored_list_that_does_not_decode_is_an_error_not_an_empty_list(b: Backend) {
    let app = spawn_app(b).await;
    let token = app.token("coordinator@tfc.example").await;
    let r = app
        .api_send(
            reqwest::Method::POST,
            &token,
            "/api/v1/incidents",
            json!({"title": "Beschadigde rij", "severity": "limited", "lead_organisation": "TFC",
                   "victims": ["Ministerie"], "classification": "dep-v", "tlp": "amber", "need_to_know": ["TFC"]}),
        )
        .await;
    assert_eq!(r.status(), 201);
    let id = r.json::<Value>().await.expect("json")["id"].as_i64().expect("id");
    let before: Value = app.api_get(&token, &format!("/api/v1/incidents/{id}")).await.json().await.expect("json");
    assert_eq!(before["victims"], json!(["Ministerie"]));
    sqlx::query("UPDATE incidents SET victims = '[\"Minis' WHERE object_id = $1")
        .bind(id)
        .execute(app.state.db.raw())
        .await
        .expect("corrupt the row");
    let r = app.api_get(&token, &format!("/api/v1/incidents/{id}")).await;
    assert_eq!(r.status(), 500, "not an incident without victims");
    let problem: Value = r.json().await.expect("problem+json");
    assert_eq!(problem["code"], "internal");
    assert!(!problem.to_string().contains("Minis"), "the stored value is never shown: {problem}");
    let list = app.api_get(&token, "/api/v1/incidents").await;
    assert_eq!(list.status(), 500, "the list does not hide the row either");
}

async fn the_summary_is_markdown_rendered_safely(b: Backend) {
    let app = spawn_app(b).await;
    let token = app.token("coordinator@tfc.example").await;
    let summary =
        "Eerste **bevindingen**:\n\n- wifi\n- laptop\n\n<script>alert(1)</script>\n\nZie [bron](javascript:alert(2))";
    let r = app
        .api_send(
            reqwest::Method::POST,
            &token,
            "/api/v1/incidents",
            json!({"title": "Opmaak", "summary": summary, "severity": "limited", "lead_organisation": "TFC",
                   "classification": "dep-v", "tlp": "amber", "need_to_know": ["TFC"]}),
        )
        .await;
    let id = r.json::<Value>().await.expect("json")["id"].as_i64().expect("id");
    let c = app.login("coordinator@tfc.example").await;
    let (_, html) = c.get_html(&format!("/incidents/{id}")).await;
    assert!(html.contains("<strong>bevindingen</strong>") && html.contains("<li>wifi</li>"), "{html}");
    assert!(!html.contains("<script>alert") && html.contains("&lt;script&gt;"), "raw HTML is shown as text");
    assert!(!html.contains("href=\"javascript:") && html.contains(">bron</a>"), "script links are defused");
    let api: Value = app.api_get(&token, &format!("/api/v1/incidents/{id}")).await.json().await.expect("json");
    assert_eq!(api["summary"], summary, "the API keeps the source");
}

async fn the_timeline_shows_how_long_each_phase_took(b: Backend) {
    let app = spawn_app(b).await;
    let token = app.token("coordinator@tfc.example").await;
    let r = app
        .api_send(
            reqwest::Method::POST,
            &token,
            "/api/v1/incidents",
            json!({"title": "Spionage bij een ministerie", "severity": "significant", "lead_organisation": "TFC",
                   "classification": "dep-v", "tlp": "amber", "need_to_know": ["BZ", "JenV"]}),
        )
        .await;
    let id = r.json::<Value>().await.expect("json")["id"].as_i64().expect("id");
    let hour = 3_600_000;
    app.clock.advance_ms(5 * hour);
    let ncsc = app.token("liaison@ncsc.example").await;
    let a = app
        .api_send(
            reqwest::Method::POST,
            &ncsc,
            &format!("/api/v1/incidents/{id}/assessments"),
            json!({"kind": "technical", "summary": "Phishing", "confidence": "high", "meta_classification": "dep-v",
                   "classification": "dep-v", "tlp": "amber", "need_to_know": ["JenV", "BZ"]}),
        )
        .await;
    assert_eq!(a.status(), 201);
    app.clock.advance_ms(20 * hour);
    let r = app
        .api_send(
            reqwest::Method::POST,
            &token,
            &format!("/api/v1/incidents/{id}/response-plan"),
            json!({"option": "nl-demarche", "rationale": "Eerst een demarche"}),
        )
        .await;
    let item = r.json::<Value>().await.expect("json")["id"].as_i64().expect("item");
    for (version, status) in [(1, "in-consultation"), (2, "approved"), (3, "executed")] {
        let path = format!("/api/v1/incidents/{id}/response-plan/status");
        let moved = app
            .api_send(reqwest::Method::POST, &token, &path, json!({"item": item, "status": status, "version": version}))
            .await;
        assert_eq!(moved.status(), 200);
    }
    let c = app.login("coordinator@tfc.example").await;
    let (_, html) = c.get_html(&format!("/incidents/{id}")).await;
    let durations = html.split("id=\"durations\"").nth(1).and_then(|s| s.split("</dl>").next()).expect("durations");
    assert!(durations.contains("5 uur") && durations.contains("25 uur"), "{durations}");
}

async fn partners_are_recorded_on_the_incident_and_its_timeline(b: Backend) {
    let app = spawn_app_with(b, Default::default(), false).await;
    let story = story(&app).await;
    World::new(&app).organisation("EU").kind("international-organisation").create().await;
    let satellite = story.satellite;
    let token = story.coordinator.token(&app).await;
    let path = format!("/api/v1/incidents/{satellite}/partners");
    let r = app
        .api_send(
            reqwest::Method::POST,
            &token,
            &path,
            json!({"partner": "AIVD", "relation": "informed", "date": "2022-05-10"}),
        )
        .await;
    assert_eq!(r.status(), 409, "an agency is not a partner state or international organisation");
    let p: Value = r.json().await.expect("json");
    assert_eq!(
        (p["errors"][0]["field"].as_str(), p["errors"][0]["code"].as_str()),
        (Some("partner"), Some("partner_unknown"))
    );
    let r = app
        .api_send(
            reqwest::Method::POST,
            &token,
            &path,
            json!({"partner": "EU", "relation": "joined-statement", "date": "2022-05-10", "note": "HV-verklaring"}),
        )
        .await;
    assert_eq!(r.status(), 201);
    let v: Value = app.api_get(&token, &path).await.json().await.expect("json");
    assert_eq!(v["items"][0]["partner"], "EU");
    assert_eq!(v["items"][0]["relation"], "joined-statement");
    let ncsc = story.ncsc.token(&app).await;
    let firewalls = story.firewalls;
    let hidden = app
        .api_send(
            reqwest::Method::POST,
            &ncsc,
            &format!("/api/v1/incidents/{firewalls}/partners"),
            json!({"partner": "EU"}),
        )
        .await;
    assert_eq!(hidden.status(), 404, "a hidden incident answers 404 before the input is judged");
    let c = story.coordinator.login(&app).await;
    let (_, html) = c.get_html(&format!("/incidents/{satellite}")).await;
    assert!(html.contains("Sloot zich aan bij de verklaring") && html.contains("HV-verklaring"), "{html}");
}

pub const OPCW: &str = "Operatie tegen de OPCW";
pub const EXCHANGE: &str = "Misbruik van Exchange-servers";
pub const SATELLITE: &str = "Storing satellietmodems";
pub const FIREWALLS: &str = "Malware op firewalls bij Defensie";

/// Five incidents filed by the TFC coordinator, and who reads them:
/// - OPCW (severe, 2018, APT28) and NotPetya (critical, 2017, Sandworm):
///   open to all, Ongerubriceerd, closed;
/// - Exchange (severe, 2021, HAFNIUM, APT31, APT40): Dep. V for BZ, JenV, BZK,
///   DEF and EZK; satellite modems (severe, 2022, Sandworm, energy): Dep. V
///   for BZ, DEF and JenV; both monitored;
/// - firewalls at Defence (significant, 2023, led by DEF): Stg. Confidentieel
///   for DEF, TFC and AIVD, newest of all.
///
/// The NCSC liaison (JenV, Stg. Confidentieel) sees four, the MIVD liaison
/// (DEF, Stg. Geheim) all five.
pub struct Story {
    pub coordinator: Person,
    pub ncsc: Person,
    pub mivd: Person,
    pub admin: Person,
    pub satellite: i64,
    pub firewalls: i64,
}

pub async fn story(app: &TestApp) -> Story {
    let world = World::new(app);
    world.government().await;
    let user = |email: &str, org: &str, roles: &[&str], clearance: &str| {
        world.user(email).org(org).roles(roles).clearance(clearance).create()
    };
    let coordinator = user("coordinator@tfc.example", "TFC", &["coordinator"], "stg-geheim").await;
    let ncsc = user("liaison@ncsc.example", "NCSC", &["liaison"], "stg-confidentieel").await;
    let mivd = user("liaison@mivd.example", "MIVD", &["liaison"], "stg-geheim").await;
    let admin = user("beheer@bz.example", "BZ", &["admin"], "stg-geheim").await;
    let (apt28, sandworm) = ("5b4ee3ea-eee3-4c8e-8323-85ae32658754", "f512de42-f76b-40d2-9923-59e7dbdfec35");
    let (hafnium, apt31, apt40) = (
        "4f05d6c1-3fc1-4567-91cd-dd4637cc38b5",
        "6bf7e6b6-5917-45a6-9567-f0baba79768c",
        "5b4b6980-3bc7-11e8-84d6-879aaac37dd9",
    );
    for (uuid, name) in
        [(apt28, "APT28"), (sandworm, "Sandworm"), (hafnium, "HAFNIUM"), (apt31, "APT31"), (apt40, "APT40")]
    {
        world.threat_actor(uuid, name, &[]).await;
    }
    let incident = |title: &str, severity: &str| world.incident(&coordinator).title(title).severity(severity);
    incident(OPCW, "severe")
        .dates("2018-04-10", "2018-04-13", "2018-10-04")
        .sectors(&["public-administration"])
        .actors(&[apt28])
        .marking("ongerubriceerd", "clear")
        .open_to_all()
        .status("closed")
        .create()
        .await;
    incident("NotPetya", "critical")
        .dates("2017-06-27", "2017-06-27", "2017-06-27")
        .sectors(&["transport", "health", "public-administration"])
        .actors(&[sandworm])
        .marking("ongerubriceerd", "clear")
        .open_to_all()
        .status("closed")
        .create()
        .await;
    incident(EXCHANGE, "severe")
        .dates("2021-01-06", "2021-03-02", "2021-03-02")
        .sectors(&["public-administration", "digital-infrastructure", "health"])
        .actors(&[hafnium, apt31, apt40])
        .marking("dep-v", "green")
        .orgs(&["BZ", "JenV", "BZK", "DEF", "EZK"])
        .status("monitoring")
        .create()
        .await;
    let satellite = incident(SATELLITE, "severe")
        .dates("2022-02-24", "2022-02-24", "2022-03-30")
        .sectors(&["digital-infrastructure", "energy"])
        .actors(&[sandworm])
        .marking("dep-v", "amber")
        .orgs(&["BZ", "DEF", "JenV"])
        .status("monitoring")
        .create()
        .await;
    let firewalls = incident(FIREWALLS, "significant")
        .dates("2023-01-01", "2023-02-01", "2024-02-06")
        .sectors(&["public-administration"])
        .lead("DEF")
        .marking("stg-confidentieel", "amber+strict")
        .orgs(&["DEF", "TFC", "AIVD"])
        .status("monitoring")
        .create()
        .await;
    Story { coordinator, ncsc, mivd, admin, satellite, firewalls }
}

async fn list(app: &TestApp, token: &str, query: &str) -> (Vec<String>, i64) {
    let v: Value =
        app.api_get(token, &format!("/api/v1/incidents?limit=200&{query}")).await.json().await.expect("json");
    let titles =
        v["items"].as_array().expect("items").iter().map(|i| i["title"].as_str().unwrap_or("").to_string()).collect();
    (titles, v["total"].as_i64().expect("total"))
}

async fn incident_lists_filters_and_counts_respect_need_to_know(b: Backend) {
    let app = spawn_app_with(b, Default::default(), false).await;
    let story = story(&app).await;
    let ncsc = story.ncsc.token(&app).await;
    let (titles, total) = list(&app, &ncsc, "").await;
    assert_eq!(total, 4, "{titles:?}");
    assert!(!titles.iter().any(|t| t.contains(FIREWALLS)), "a Stg. Confidentieel DEF/TFC/AIVD incident stays hidden");
    let mivd = story.mivd.token(&app).await;
    assert_eq!(list(&app, &mivd, "").await.1, 5);
    // Filters narrow only within what the caller may see.
    let (titles, total) = list(&app, &ncsc, "actor=f512de42-f76b-40d2-9923-59e7dbdfec35").await;
    assert_eq!((total, titles.len()), (2, 2), "Sandworm: NotPetya and the satellite modems: {titles:?}");
    assert_eq!(list(&app, &ncsc, "sector=energy").await.0, vec![SATELLITE]);
    assert_eq!(list(&app, &ncsc, "status=closed").await.1, 2);
    assert_eq!(list(&app, &ncsc, "from=2021-01-01&to=2022-12-31&sort=discovery").await.0.len(), 2);
    assert_eq!(list(&app, &ncsc, "lead=DEF").await.1, 0, "the DEF-led incident is invisible, so the count is 0");
    assert_eq!(list(&app, &mivd, "lead=DEF").await.1, 1);
    let severity = list(&app, &mivd, "sort=severity").await.0;
    assert_eq!(severity[0], "NotPetya", "critical first: {severity:?}");
    // Newest first by default, oldest first on request.
    let newest = list(&app, &ncsc, "").await.0;
    assert_eq!(newest, [SATELLITE, EXCHANGE, "NotPetya", OPCW]);
    let oldest = list(&app, &ncsc, "sort=oldest").await.0;
    assert_eq!(oldest, newest.iter().rev().cloned().collect::<Vec<_>>());
    // Every row carries its own threat actors, by name (loaded for the page at once).
    let v: Value = app.api_get(&ncsc, "/api/v1/incidents?limit=2").await.json().await.expect("json");
    let actors = |i: &Value| -> Vec<String> {
        i["actors"].as_array().expect("actors").iter().filter_map(|a| a["name"].as_str().map(String::from)).collect()
    };
    assert_eq!(actors(&v["items"][0]), ["Sandworm"]);
    assert_eq!(actors(&v["items"][1]), ["APT31", "APT40", "HAFNIUM"]);

    // The page shows the same count and hides the same incident.
    let c = story.ncsc.login(&app).await;
    let (status, html) = c.get_html("/incidents?sector=public-administration").await;
    assert_eq!(status, 200);
    assert!(html.contains("id=\"incident-count\">3<") && !html.contains(FIREWALLS), "{html}");
    let firewalls = story.firewalls;
    assert_eq!(c.get(&format!("/incidents/{firewalls}")).await.status(), 404);
    assert_eq!(app.api_get(&ncsc, &format!("/api/v1/incidents/{firewalls}/timeline")).await.status(), 404);
}

async fn bad_incident_input_names_the_field_and_writes_nothing(b: Backend) {
    let app = spawn_app(b).await;
    let token = app.token("coordinator@tfc.example").await;
    let count = || async {
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM incidents").fetch_one(app.state.db.raw()).await.expect("n")
    };
    let before = count().await;
    let r = app
        .api_send(
            reqwest::Method::POST,
            &token,
            "/api/v1/incidents",
            json!({"title": "Test", "severity": "significant", "sectors": ["agriculture"], "first_activity": "2024-05-01",
                   "discovery": "2024-04-01", "countries": ["NL", "XX"], "lead_organisation": "TFC",
                   "classification": "dep-v", "tlp": "amber", "need_to_know": ["BZ"]}),
        )
        .await;
    assert_eq!(r.status(), 422);
    let p: Value = r.json().await.expect("json");
    let fields: Vec<&str> =
        p["errors"].as_array().expect("errors").iter().map(|e| e["field"].as_str().unwrap_or("")).collect();
    assert_eq!(fields, vec!["discovery", "countries", "sectors"]);
    assert_eq!(p["errors"][0]["message"], "De ontdekking kan niet vóór de eerste activiteit liggen.");
    let r = app
        .api_send(
            reqwest::Method::POST,
            &token,
            "/api/v1/incidents",
            json!({"title": "Test", "severity": "significant", "actors": ["00000000-0000-0000-0000-000000000000"],
                   "lead_organisation": "TFC", "classification": "dep-v", "tlp": "amber", "need_to_know": ["BZ"]}),
        )
        .await;
    assert_eq!(r.status(), 409);
    let p: Value = r.json().await.expect("json");
    assert_eq!(p["errors"][0]["field"], "actors");
    assert_eq!(count().await, before, "nothing half-written");
    let r = app.api_get(&token, "/api/v1/incidents?sector=agriculture").await;
    assert_eq!(r.status(), 422, "an unknown filter value is named, not silently empty");

    // The form keeps what was typed and ties the error to the field.
    let mut c = app.login("coordinator@tfc.example").await;
    c.refresh_csrf("/incidents/new").await;
    let r = c
        .post_form(
            "/incidents",
            &[
                ("title", "Spionage bij EZK"),
                ("severity", "limited"),
                ("actors", "Fancy Bear\nNo Such Bear"),
                ("lead_org", "TFC"),
                ("classification", "dep-v"),
                ("tlp", "amber"),
                ("need_to_know", "BZ"),
            ],
        )
        .await;
    assert_eq!(r.status(), 422);
    let html = r.text().await.expect("html");
    assert!(html.contains("aria-describedby=\"actors-error\"") && html.contains("Spionage bij EZK"));
}

async fn incidents_move_one_phase_at_a_time_and_the_timeline_shows_it(b: Backend) {
    let app = spawn_app(b).await;
    let token = app.token("coordinator@tfc.example").await;
    let r = app
        .api_send(
            reqwest::Method::POST,
            &token,
            "/api/v1/incidents",
            json!({"title": "Ransomware bij een waterschap", "severity": "significant", "sectors": ["waste-water"],
                   "actors": ["5b4ee3ea-eee3-4c8e-8323-85ae32658754"], "lead_organisation": "TFC",
                   "classification": "dep-v", "tlp": "amber", "need_to_know": ["BZ", "JenV"]}),
        )
        .await;
    assert_eq!(r.status(), 201);
    let i: Value = r.json().await.expect("json");
    assert_eq!(i["status"], "reported");
    assert_eq!(i["actors"][0]["name"], "APT28");
    let path = format!("/api/v1/incidents/{}", i["id"]);
    let status = |s: &str, v: i64| json!({"status": s, "version": v});
    let skip = app.api_send(reqwest::Method::POST, &token, &format!("{path}/status"), status("deciding", 1)).await;
    assert_eq!(skip.status(), 409);
    let ok = app.api_send(reqwest::Method::POST, &token, &format!("{path}/status"), status("assessing", 1)).await;
    assert_eq!(ok.status(), 200);
    let stale = app.api_send(reqwest::Method::POST, &token, &format!("{path}/status"), status("deciding", 1)).await;
    assert_eq!(stale.status(), 409, "a move made on an old version is a conflict");
    let note = app
        .api_send(reqwest::Method::POST, &token, &format!("{path}/timeline"), json!({"text": "NCSC meldt herstel"}))
        .await;
    assert_eq!(note.status(), 201);
    let timeline: Value = app.api_get(&token, &format!("{path}/timeline")).await.json().await.expect("json");
    let kinds: Vec<&str> =
        timeline["items"].as_array().expect("items").iter().map(|e| e["kind"].as_str().unwrap_or("")).collect();
    assert_eq!(kinds, vec!["reported", "status", "note"]);
    let c = app.login("coordinator@tfc.example").await;
    let (_, html) = c.get_html(&format!("/incidents/{}", i["id"])).await;
    assert!(html.contains("Gemeld → Beoordeling") && html.contains("NCSC meldt herstel"), "{html}");
}

async fn the_threat_actor_galaxy_imports_without_duplicates(b: Backend) {
    let app = spawn_app(b).await;
    let file = corpus("misp/galaxies/clusters/threat-actor.json");
    let galaxy: Value = serde_json::from_str(&std::fs::read_to_string(&file).expect("read")).expect("json");
    let expected = galaxy["values"].as_array().expect("values").len() as i64;
    for round in 0..2 {
        let out = Command::new(env!("CARGO_BIN_EXE_verbinding"))
            .args(["import", "misp-galaxy", file.to_str().expect("path"), "--database", &app.db_url])
            .output()
            .expect("run");
        let text = String::from_utf8_lossy(&out.stdout).to_string();
        assert!(out.status.success(), "{text}{}", String::from_utf8_lossy(&out.stderr));
        assert!(String::from_utf8_lossy(&out.stderr).contains(&format!("{expected}/{expected}")), "progress is shown");
        if round == 1 {
            assert!(text.contains(&format!("0 new, 0 updated, {expected} unchanged")), "{text}");
        }
    }
    let n: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM threat_actors").fetch_one(app.state.db.raw()).await.expect("n");
    assert_eq!(n, expected, "the demo's actors were updated by UUID, not duplicated");
    let token = app.token("liaison@ncsc.example").await;
    let v: Value = app.api_get(&token, "/api/v1/threat-actors?q=fancy%20bear").await.json().await.expect("json");
    assert!(v["items"].as_array().expect("items").iter().any(|a| a["name"] == "APT28"), "{v}");
    let wrong = Command::new(env!("CARGO_BIN_EXE_verbinding"))
        .args([
            "import",
            "misp-galaxy",
            corpus("misp/galaxies/clusters/sector.json").to_str().expect("p"),
            "--database",
            &app.db_url,
        ])
        .output()
        .expect("run");
    assert!(!wrong.status.success());
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("not the threat-actor galaxy"));
}

/// The vocabularies are the MISP taxonomies' own identifiers.
#[test]
fn vocabularies_match_the_misp_taxonomies() {
    let read =
        |p: &str| -> Value { serde_json::from_str(&std::fs::read_to_string(corpus(p)).expect("read")).expect("json") };
    let nis2 = read("misp/taxonomies/nis2.json");
    let sectors: Vec<String> = nis2["values"]
        .as_array()
        .expect("values")
        .iter()
        .find(|v| v["predicate"] == "impact-sectors-impacted")
        .expect("predicate")["entry"]
        .as_array()
        .expect("entries")
        .iter()
        .map(|e| e["value"].as_str().unwrap_or("").to_string())
        .collect();
    assert_eq!(sectors, verbinding_domain::incident::Sector::ids());
    let tlp = read("misp/taxonomies/tlp.json");
    let predicates: Vec<&str> =
        tlp["predicates"].as_array().expect("p").iter().filter_map(|p| p["value"].as_str()).collect();
    for t in verbinding_domain::tlp::Tlp::ALL {
        assert!(predicates.contains(&t.id()), "{} is a TLP taxonomy value", t.id());
    }
}
