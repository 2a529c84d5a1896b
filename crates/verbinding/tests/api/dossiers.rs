use crate::fixtures::{Person, World};
use crate::helpers::*;
use crate::on_both_backends;
use serde_json::{Value, json};
use verbinding_store::Backend;

on_both_backends!(
    need_to_know_hides_dossiers_everywhere,
    invisible_and_absent_dossiers_answer_the_same,
    content_above_ceiling_or_clearance_is_refused_and_nothing_is_written,
    concurrent_edits_never_overwrite_each_other,
    classified_reads_are_audited_and_unclassified_are_not,
    dossier_form_shows_errors_then_creates,
    named_users_on_the_list_see_the_dossier_others_do_not,
    reads_do_not_wait_for_a_writer_and_classified_reads_are_audited_after_it,
);

/// A detail read runs beside a long write transaction (it never takes
/// SQLite's write lock); a classified read records its audit row once the
/// writer is free, before the dossier is handed out.
async fn reads_do_not_wait_for_a_writer_and_classified_reads_are_audited_after_it(b: Backend) {
    use verbinding_domain::dossier::DossierInput;
    use verbinding_domain::marking::MarkingInput;
    let app = spawn_app_with(b, Default::default(), false).await;
    let a = &app.state.app;
    let coordinator = story(&app).await.coordinator.caller;
    let dossier = |classification: &str| DossierInput {
        title: format!("Leesproef {classification}"),
        summary: String::new(),
        lead_org: "TFC".into(),
        marking: MarkingInput {
            classification: classification.into(),
            tlp: "amber".into(),
            orgs: vec!["TFC".into()],
            ..Default::default()
        },
    };
    let open = verbinding_app::dossiers::create(a, &coordinator, &dossier("ongerubriceerd")).await.expect("create");
    let secret = verbinding_app::dossiers::create(a, &coordinator, &dossier("dep-v")).await.expect("create");
    let audited_reads = || async {
        let n: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'object.read' AND object_id = $1")
                .bind(secret)
                .fetch_one(app.state.db.raw())
                .await
                .expect("count");
        n
    };
    let writer = app.state.db.write().await.expect("a long write transaction");
    let read = verbinding_app::dossiers::read(a, &coordinator, open);
    let d = tokio::time::timeout(std::time::Duration::from_secs(5), read)
        .await
        .expect("an unclassified read does not wait for the writer")
        .expect("read");
    assert_eq!(d.title, "Leesproef ongerubriceerd");
    let pending = tokio::spawn({
        let (a, c) = (a.clone(), coordinator.clone());
        async move { verbinding_app::dossiers::read(&a, &c, secret).await.map(|d| d.title) }
    });
    if b == Backend::Sqlite {
        // PostgreSQL has no database-wide write lock: there the read does
        // not wait at all.
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        assert!(!pending.is_finished(), "a classified read waits until its audit row can be written");
    }
    drop(writer);
    assert_eq!(pending.await.expect("task").expect("read"), "Leesproef dep-v");
    assert_eq!(audited_reads().await, 1, "the classified read is in the audit trail");
}

async fn named_users_on_the_list_see_the_dossier_others_do_not(b: Backend) {
    let app = spawn_app_with(b, Default::default(), false).await;
    let story = story(&app).await;
    let coordinator = story.coordinator.token(&app).await;
    let body = |users: Vec<&str>| json!({"title": "Persoonlijk", "classification": "dep-v", "tlp": "red", "need_to_know": [], "need_to_know_users": users, "lead_organisation": "TFC"});
    let r = app
        .api_send(reqwest::Method::POST, &coordinator, "/api/v1/dossiers", body(vec!["nobody@nowhere.example"]))
        .await;
    assert_eq!(r.status(), 409);
    let p: Value = r.json().await.expect("json");
    assert_eq!(p["errors"][0]["field"], "need_to_know_users");
    let r = app
        .api_send(
            reqwest::Method::POST,
            &coordinator,
            "/api/v1/dossiers",
            body(vec!["Liaison@NCSC.example", "coordinator@tfc.example"]),
        )
        .await;
    assert_eq!(r.status(), 201);
    let d: Value = r.json().await.expect("json");
    assert_eq!(d["need_to_know_users"], json!(["coordinator@tfc.example", "liaison@ncsc.example"]));
    let path = format!("/api/v1/dossiers/{}", d["id"]);
    let ncsc = story.ncsc.token(&app).await;
    assert_eq!(app.api_get(&ncsc, &path).await.status(), 200);
    let mivd = story.mivd.token(&app).await;
    assert_eq!(app.api_get(&mivd, &path).await.status(), 404, "a colleague agency is not on the list");
}

const SECRET_TITLE: &str = "Attributie statelijke actor — lopende casus";

/// The people of these stories and four dossiers: two open to all
/// (Ongerubriceerd), one for BZ and JenV (Dep. V), and a Stg. Geheim one for
/// TFC, AIVD and MIVD — all filed by the TFC coordinator.
struct Story {
    coordinator: Person,
    ncsc: Person,
    aivd: Person,
    mivd: Person,
    admin: Person,
    open: i64,
    secret: i64,
}

async fn story(app: &TestApp) -> Story {
    let world = World::new(app);
    world.government().await;
    world.organisation("DE").kind("partner-state").create().await;
    let user = |email: &str, org: &str, roles: &[&str], clearance: &str| {
        world.user(email).org(org).roles(roles).clearance(clearance).create()
    };
    let coordinator = user("coordinator@tfc.example", "TFC", &["coordinator"], "stg-geheim").await;
    let ncsc = user("liaison@ncsc.example", "NCSC", &["liaison"], "stg-confidentieel").await;
    let aivd = user("liaison@aivd.example", "AIVD", &["liaison"], "stg-zeer-geheim").await;
    let mivd = user("liaison@mivd.example", "MIVD", &["liaison"], "stg-geheim").await;
    let admin = user("beheer@bz.example", "BZ", &["admin"], "stg-geheim").await;
    let dossier = || world.dossier(&coordinator);
    let open = dossier().title("Herziening toolbox").marking("ongerubriceerd", "green").open_to_all().create().await;
    dossier().title("Capaciteitsopbouw").marking("ongerubriceerd", "clear").open_to_all().create().await;
    dossier().title("Ransomware").marking("dep-v", "amber").orgs(&["BZ", "JenV"]).create().await;
    let secret =
        dossier().title(SECRET_TITLE).marking("stg-geheim", "red").orgs(&["TFC", "AIVD", "MIVD"]).create().await;
    Story { coordinator, ncsc, aivd, mivd, admin, open, secret }
}

async fn need_to_know_hides_dossiers_everywhere(b: Backend) {
    let app = spawn_app_with(b, Default::default(), false).await;
    let story = story(&app).await;
    let secret = story.secret;
    let ncsc = story.ncsc.token(&app).await;
    let list: Value = app.api_get(&ncsc, "/api/v1/dossiers?limit=200").await.json().await.expect("json");
    let titles: Vec<&str> =
        list["items"].as_array().expect("items").iter().map(|d| d["title"].as_str().unwrap_or("")).collect();
    assert!(!titles.contains(&SECRET_TITLE));
    // NCSC (JenV unit, Stg. Confidentieel) sees the two open dossiers and the JenV one.
    assert_eq!(list["total"], 3, "{titles:?}");
    assert_eq!(titles.len(), 3);

    let c = story.ncsc.login(&app).await;
    let (_, html) = c.get_html("/dossiers").await;
    assert!(!html.contains(SECRET_TITLE) && html.contains("id=\"dossier-count\">3<"));
    let (_, html) = c.get_html("/").await;
    assert!(!html.contains(SECRET_TITLE) && html.contains("id=\"visible-count\">3<"));

    // The AIVD liaison is on the list and cleared: sees it in list, count and detail.
    let aivd = story.aivd.token(&app).await;
    let r = app.api_get(&aivd, &format!("/api/v1/dossiers/{secret}")).await;
    assert_eq!(r.status(), 200);
    // The BZ admin is cleared but BZ is not on the list (TFC, a unit of BZ, is):
    // a unit on the list does not cover its parent.
    let admin = story.admin.token(&app).await;
    assert_eq!(app.api_get(&admin, &format!("/api/v1/dossiers/{secret}")).await.status(), 404);
    // …and its audit rows stay hidden from that admin.
    let audit: Value = app.api_get(&admin, "/api/v1/audit?limit=200").await.json().await.expect("json");
    assert!(audit["items"].as_array().expect("items").iter().all(|e| e["event"]["object_id"] != json!(secret)));
}

async fn invisible_and_absent_dossiers_answer_the_same(b: Backend) {
    let app = spawn_app_with(b, Default::default(), false).await;
    let story = story(&app).await;
    let secret = story.secret;
    let ncsc = story.ncsc.token(&app).await;
    let hidden = app.api_get(&ncsc, &format!("/api/v1/dossiers/{secret}")).await;
    let absent = app.api_get(&ncsc, "/api/v1/dossiers/999999").await;
    assert_eq!(hidden.status(), 404);
    assert_eq!(absent.status(), 404);
    let strip = |mut v: Value| {
        v["request_id"] = Value::Null;
        v
    };
    assert_eq!(strip(hidden.json().await.expect("json")), strip(absent.json().await.expect("json")));
    // Editing a hidden dossier is also "not found", even with invalid input.
    let r =
        app.api_send(reqwest::Method::PUT, &ncsc, &format!("/api/v1/dossiers/{secret}"), json!({"title": ""})).await;
    assert_eq!(r.status(), 404);
    let c = story.ncsc.login(&app).await;
    let (s1, h1) = c.get_html(&format!("/dossiers/{secret}")).await;
    let (s2, h2) = c.get_html("/dossiers/999999").await;
    assert_eq!((s1, s2), (404, 404));
    // The same page but for the request id and the address the reader asked
    // for (the language switch returns there): both theirs, nothing of the dossier.
    let body = |h: &str| {
        h.lines()
            .filter(|l| !l.contains("request-id") && !l.contains("Verzoek-id") && !l.contains("name=\"next\""))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(body(&h1), body(&h2));
    assert!(h1.contains("nav aria-label"), "a signed-in reader keeps the menus on the error page");
}

async fn content_above_ceiling_or_clearance_is_refused_and_nothing_is_written(b: Backend) {
    let app = spawn_app_with(b, Default::default(), false).await;
    let story = story(&app).await;
    let count = || async {
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM objects").fetch_one(app.state.db.raw()).await.expect("n")
    };
    let before = count().await;
    let aivd = story.aivd.token(&app).await;
    let body = |classification: &str, orgs: Vec<&str>| json!({"title": "Test", "classification": classification, "tlp": "red", "need_to_know": orgs, "lead_organisation": "AIVD"});
    let r = app.api_send(reqwest::Method::POST, &aivd, "/api/v1/dossiers", body("stg-zeer-geheim", vec!["AIVD"])).await;
    assert_eq!(r.status(), 422);
    let p: Value = r.json().await.expect("json");
    assert_eq!(p["errors"][0]["field"], "classification");
    assert_eq!(p["errors"][0]["code"], "above_ceiling");
    let ncsc = story.ncsc.token(&app).await;
    let r = app.api_send(reqwest::Method::POST, &ncsc, "/api/v1/dossiers", body("stg-geheim", vec!["NCSC"])).await;
    assert_eq!(r.status(), 422, "nobody classifies above their own clearance");
    let r = app.api_send(reqwest::Method::POST, &ncsc, "/api/v1/dossiers", body("dep-v", vec!["NOPE"])).await;
    assert_eq!(r.status(), 409);
    let p: Value = r.json().await.expect("json");
    assert_eq!(p["errors"][0]["field"], "need_to_know");
    let r = app.api_send(reqwest::Method::POST, &ncsc, "/api/v1/dossiers", body("dep-v", vec!["AIVD"])).await;
    assert_eq!(r.status(), 422, "a list that excludes the author would hide the dossier from them");
    assert_eq!(count().await, before, "nothing half-written");
}

async fn concurrent_edits_never_overwrite_each_other(b: Backend) {
    let app = spawn_app_with(b, Default::default(), false).await;
    let token = story(&app).await.coordinator.token(&app).await;
    let created = app
        .api_send(
            reqwest::Method::POST,
            &token,
            "/api/v1/dossiers",
            json!({"title": "Gezamenlijke verklaring", "summary": "v1", "classification": "dep-v", "tlp": "amber", "need_to_know": ["BZ"], "lead_organisation": "TFC"}),
        )
        .await;
    assert_eq!(created.status(), 201);
    let d: Value = created.json().await.expect("json");
    let path = format!("/api/v1/dossiers/{}", d["id"]);
    let edit = |summary: &str| json!({"title": "Gezamenlijke verklaring", "summary": summary, "classification": "dep-v", "tlp": "amber", "need_to_know": ["BZ"], "lead_organisation": "TFC", "version": 1});
    let (a, b2) = tokio::join!(
        app.api_send(reqwest::Method::PUT, &token, &path, edit("from A")),
        app.api_send(reqwest::Method::PUT, &token, &path, edit("from B"))
    );
    let mut statuses = vec![a.status().as_u16(), b2.status().as_u16()];
    statuses.sort();
    assert_eq!(statuses, vec![200, 409]);
    let now: Value = app.api_get(&token, &path).await.json().await.expect("json");
    assert_eq!(now["version"], 2);
    assert!(now["summary"] == "from A" || now["summary"] == "from B");
}

async fn classified_reads_are_audited_and_unclassified_are_not(b: Backend) {
    let app = spawn_app_with(b, Default::default(), false).await;
    let story = story(&app).await;
    let (secret, open) = (story.secret, story.open);
    let token = story.coordinator.token(&app).await;
    let reads = || async {
        sqlx::query_as::<_, (i64, String)>("SELECT object_id, actor_label FROM audit_log WHERE action = 'object.read'")
            .fetch_all(app.state.db.raw())
            .await
            .expect("rows")
    };
    assert!(reads().await.is_empty());
    assert_eq!(app.api_get(&token, &format!("/api/v1/dossiers/{open}")).await.status(), 200);
    assert!(reads().await.is_empty(), "Ongerubriceerd reads are not audited");
    assert_eq!(app.api_get(&token, &format!("/api/v1/dossiers/{secret}")).await.status(), 200);
    assert_eq!(reads().await, vec![(secret, "coordinator@tfc.example".to_string())]);
}

async fn dossier_form_shows_errors_then_creates(b: Backend) {
    let app = spawn_app_with(b, Default::default(), false).await;
    let mut c = story(&app).await.coordinator.login(&app).await;
    c.refresh_csrf("/dossiers/new").await;
    let r = c
        .post_form("/dossiers", &[("title", " "), ("classification", "dep-v"), ("tlp", "amber"), ("lead_org", "TFC")])
        .await;
    assert_eq!(r.status(), 422);
    let html = r.text().await.expect("html");
    assert!(
        html.contains("aria-describedby=\"title-error\"") && html.contains("aria-describedby=\"need_to_know-error\"")
    );
    let r = c
        .post_form(
            "/dossiers",
            &[
                ("title", "Cyberdialoog met Duitsland"),
                ("summary", "Eerste regel\nTweede <b>regel</b>"),
                ("classification", "dep-v"),
                ("tlp", "amber"),
                ("lead_org", "TFC"),
                ("need_to_know", "BZ"),
                ("need_to_know", "DE"),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    let location = r.headers()["location"].to_str().expect("loc").to_string();
    let (status, html) = c.get_html(&location).await;
    assert_eq!(status, 200);
    assert!(html.contains("Cyberdialoog met Duitsland") && html.contains("BZ, DE"));
    assert!(html.contains("Tweede &lt;b&gt;regel&lt;") && !html.contains("<b>regel"), "user text is escaped");
}
