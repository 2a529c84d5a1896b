//! The in-memory caches (authenticated caller, organisation tree, incident
//! list pages) never outlive a change: each test first fills the caches by
//! asking, then changes something and asks again at once.

use crate::helpers::*;
use crate::incidents::{FIREWALLS, story};
use crate::on_both_backends;
use reqwest::Method;
use serde_json::{Value, json};
use verbinding_store::Backend;

on_both_backends!(
    a_revoked_token_and_ended_sessions_are_refused_at_once,
    role_clearance_and_organisation_changes_apply_at_once,
    the_incident_list_and_its_count_follow_every_write_at_once,
    audited_reads_keep_the_cache_and_writes_clear_it,
    a_reused_page_carries_its_own_request_id_and_language,
);

/// Titles and total of the API list, twice (the second answer from the cache).
async fn listed(app: &TestApp, token: &str, query: &str) -> (Vec<String>, i64) {
    let mut answers = Vec::new();
    for _ in 0..2 {
        let r = app.api_get(token, &format!("/api/v1/incidents?limit=200&{query}")).await;
        assert_eq!(r.status(), 200);
        let v: Value = r.json().await.expect("json");
        let titles: Vec<String> = v["items"]
            .as_array()
            .expect("items")
            .iter()
            .map(|i| i["title"].as_str().unwrap_or("").to_string())
            .collect();
        answers.push((titles, v["total"].as_i64().expect("total")));
    }
    assert_eq!(answers[0], answers[1], "a cached answer equals a fresh one");
    answers.remove(0)
}

/// The count on the list page and whether `title` appears on it.
async fn page(c: &Client, query: &str, title: &str) -> (i64, bool) {
    let (status, html) = c.get_html(&format!("/incidents?{query}")).await;
    assert_eq!(status, 200);
    let count = html
        .split("id=\"incident-count\">")
        .nth(1)
        .and_then(|s| s.split('<').next())
        .and_then(|n| n.parse().ok())
        .expect("count");
    (count, html.contains(title))
}

/// Changes a user through the administration API.
async fn edit_user(app: &TestApp, admin: &str, email: &str, org: &str, roles: &[&str], clearance: &str) {
    let users: Value = app.api_get(admin, "/api/v1/users?limit=200").await.json().await.expect("json");
    let u = users["items"].as_array().expect("items").iter().find(|u| u["email"] == email).expect("user").clone();
    let r = app
        .api_send(
            Method::PUT,
            admin,
            &format!("/api/v1/users/{}", u["id"]),
            json!({"name": u["name"], "organisation": org, "roles": roles, "clearance": clearance,
                   "active": true, "version": u["version"]}),
        )
        .await;
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap_or_default());
}

async fn a_revoked_token_and_ended_sessions_are_refused_at_once(b: Backend) {
    let app = spawn_app_with(b, Default::default(), false).await;
    let story = story(&app).await;
    let token = story.coordinator.token(&app).await;
    let c = story.coordinator.login(&app).await;
    let other = story.coordinator.login(&app).await;
    for _ in 0..2 {
        assert_eq!(app.api_get(&token, "/api/v1/incidents").await.status(), 200);
        assert_eq!(c.get("/incidents").await.status(), 200);
        assert_eq!(other.get("/incidents").await.status(), 200);
    }

    // Revoked on the profile page: the very next API call is refused.
    let (_, html) = c.get_html("/profile").await;
    let id = html.split("/profile/tokens/").nth(1).and_then(|s| s.split('/').next()).expect("token row").to_string();
    assert_eq!(c.post_form(&format!("/profile/tokens/{id}/revoke"), &[]).await.status(), 303);
    assert_eq!(app.api_get(&token, "/api/v1/incidents").await.status(), 401);
    assert_eq!(app.api_get(&token, "/api/v1/me").await.status(), 401);

    // "Log out everywhere" from one session ends the other at once.
    assert_eq!(c.post_form("/profile/logout-everywhere", &[]).await.status(), 303);
    let r = other.get("/incidents").await;
    assert_eq!(r.status(), 303, "the other session was ended");

    // Logging out ends the session itself at once, also for a copy of its cookie.
    let mut fresh = app.client();
    let r = fresh.login(&story.coordinator.email, crate::fixtures::PASSWORD).await;
    let cookie = r
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("vb_session="))
        .and_then(|v| v.split(';').next())
        .expect("session cookie")
        .to_string();
    fresh.refresh_csrf("/profile").await;
    let copy = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client");
    let with_copy = || copy.get(app.url("/incidents")).header("cookie", cookie.clone()).send();
    assert_eq!(with_copy().await.expect("request").status(), 200);
    assert_eq!(with_copy().await.expect("request").status(), 200);
    assert_eq!(fresh.post_form("/logout", &[]).await.status(), 303);
    assert_eq!(with_copy().await.expect("request").status(), 303, "the logged-out session is refused");
}

async fn role_clearance_and_organisation_changes_apply_at_once(b: Backend) {
    // BZ's administrators administer the instance: the edits below cross ministries.
    let config = verbinding_app::AppConfig { instance_admin_org: Some("BZ".into()), ..Default::default() };
    let app = spawn_app_with(b, (config, Default::default()), false).await;
    let story = story(&app).await;
    let admin = story.admin.token(&app).await;
    let ncsc = story.ncsc.token(&app).await;
    let c = story.ncsc.login(&app).await;
    let (before, total) = listed(&app, &ncsc, "").await;
    assert_eq!(total, 4, "{before:?}");
    assert_eq!(page(&c, "", FIREWALLS).await, (4, false));
    let (_, html) = c.get_html("/incidents").await;
    assert!(html.contains("href=\"/incidents/new\""), "a liaison may file incidents");

    // A lower clearance hides the Stg. Confidentieel incidents from the next answer.
    edit_user(&app, &admin, &story.ncsc.email, "NCSC", &["liaison"], "ongerubriceerd").await;
    let (after, lowered) = listed(&app, &ncsc, "").await;
    assert!(lowered < total, "{after:?}");
    assert_eq!(page(&c, "", FIREWALLS).await.0, lowered);

    // A role without write permission refuses the next write and hides the link.
    edit_user(&app, &admin, &story.ncsc.email, "NCSC", &["evaluator"], "stg-confidentieel").await;
    let r = app
        .api_send(
            Method::POST,
            &ncsc,
            "/api/v1/incidents",
            json!({"title": "Na de rolwijziging", "severity": "limited", "lead_organisation": "NCSC",
                   "classification": "dep-v", "tlp": "amber", "need_to_know": ["NCSC"]}),
        )
        .await;
    assert_eq!(r.status(), 403);
    let (_, html) = c.get_html("/incidents").await;
    assert!(!html.contains("href=\"/incidents/new\""), "the page follows the new role at once");
    assert_eq!(listed(&app, &ncsc, "").await.1, total, "the clearance is back, so are the incidents");

    // Another organisation: what the new one may see, at once.
    edit_user(&app, &admin, &story.ncsc.email, "MIVD", &["evaluator"], "stg-confidentieel").await;
    let mivd = story.mivd.token(&app).await;
    edit_user(&app, &admin, &story.mivd.email, "MIVD", &["liaison"], "stg-confidentieel").await;
    assert_eq!(listed(&app, &ncsc, "").await, listed(&app, &mivd, "").await, "same organisation and clearance");
    let (titles, _) = listed(&app, &ncsc, "").await;
    assert!(titles.iter().any(|t| t.contains(FIREWALLS)), "{titles:?}");
    assert!(page(&c, "", FIREWALLS).await.1);
}

async fn the_incident_list_and_its_count_follow_every_write_at_once(b: Backend) {
    let app = spawn_app_with(b, Default::default(), false).await;
    let story = story(&app).await;
    let coordinator = story.coordinator.token(&app).await;
    let ncsc = story.ncsc.token(&app).await;
    let mivd = story.mivd.token(&app).await;
    let ncsc_page = story.ncsc.login(&app).await;
    let (_, ncsc_total) = listed(&app, &ncsc, "").await;
    let (_, mivd_total) = listed(&app, &mivd, "").await;
    let (ncsc_reported, _) = page(&ncsc_page, "status=reported", "Kabelbreuk").await;
    let title = "Kabelbreuk Noordzee";

    // Filed for TFC and MIVD: MIVD's list and count change, NCSC's do not.
    let r = app
        .api_send(
            Method::POST,
            &coordinator,
            "/api/v1/incidents",
            json!({"title": title, "severity": "significant", "lead_organisation": "TFC",
                   "classification": "dep-v", "tlp": "amber", "need_to_know": ["TFC", "MIVD"]}),
        )
        .await;
    assert_eq!(r.status(), 201);
    let created: Value = r.json().await.expect("json");
    let id = created["id"].as_i64().expect("id");
    let (titles, total) = listed(&app, &mivd, "").await;
    assert_eq!(total, mivd_total + 1);
    assert_eq!(titles[0], title, "newest first");
    let (titles, total) = listed(&app, &ncsc, "").await;
    assert_eq!(total, ncsc_total, "never counted for someone outside need-to-know");
    assert!(!titles.iter().any(|t| t == title));
    assert_eq!(page(&ncsc_page, "status=reported", title).await, (ncsc_reported, false));

    // NCSC added to need-to-know: its list, count and page show it at once.
    let edit = |version: i64, need_to_know: Value| {
        json!({"title": title, "severity": "significant", "lead_organisation": "TFC", "classification": "dep-v",
               "tlp": "amber", "need_to_know": need_to_know, "version": version})
    };
    let r = app
        .api_send(
            Method::PUT,
            &coordinator,
            &format!("/api/v1/incidents/{id}"),
            edit(1, json!(["TFC", "MIVD", "NCSC"])),
        )
        .await;
    assert_eq!(r.status(), 200);
    let (titles, total) = listed(&app, &ncsc, "").await;
    assert_eq!((total, titles[0].as_str()), (ncsc_total + 1, title));
    assert_eq!(page(&ncsc_page, "status=reported", title).await, (ncsc_reported + 1, true));

    // The status moves: the filtered lists follow.
    let r = app
        .api_send(
            Method::POST,
            &coordinator,
            &format!("/api/v1/incidents/{id}/status"),
            json!({"status": "assessing", "version": 2}),
        )
        .await;
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap_or_default());
    assert!(listed(&app, &ncsc, "status=assessing").await.0.iter().any(|t| t == title));
    assert_eq!(page(&ncsc_page, "status=reported", title).await, (ncsc_reported, false));
    assert!(page(&ncsc_page, "status=assessing", title).await.1);

    // NCSC taken off again: gone from its list and count at once, not from MIVD's.
    let r = app
        .api_send(Method::PUT, &coordinator, &format!("/api/v1/incidents/{id}"), edit(3, json!(["TFC", "MIVD"])))
        .await;
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap_or_default());
    let (titles, total) = listed(&app, &ncsc, "").await;
    assert_eq!(total, ncsc_total);
    assert!(!titles.iter().any(|t| t == title));
    assert!(!page(&ncsc_page, "status=assessing", title).await.1);
    assert_eq!(app.api_get(&ncsc, &format!("/api/v1/incidents/{id}")).await.status(), 404);
    assert_eq!(listed(&app, &mivd, "").await.1, mivd_total + 1);
}

async fn audited_reads_keep_the_cache_and_writes_clear_it(b: Backend) {
    let app = spawn_app_with(b, Default::default(), false).await;
    let story = story(&app).await;
    let token = story.coordinator.token(&app).await;
    let (titles, _) = listed(&app, &token, "").await;
    assert!(!titles.is_empty());
    let v: Value = app.api_get(&token, "/api/v1/incidents?limit=1").await.json().await.expect("json");
    let id = v["items"][0]["id"].as_i64().expect("id");
    let reads = || async {
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM audit_log WHERE action = 'object.read' AND object_id = $1")
            .bind(id)
            .fetch_one(app.state.db.raw())
            .await
            .expect("count")
    };
    let listed_reads = reads().await;
    let generation = app.state.db.generation();
    // Reading a classified incident appends `object.read` but changes no data.
    assert_eq!(app.api_get(&token, &format!("/api/v1/incidents/{id}")).await.status(), 200);
    assert_eq!(reads().await, listed_reads + 1);
    assert_eq!(app.state.db.generation(), generation, "an audited read keeps cached answers");
    // A write that is rolled back changes nothing either; a committed one does.
    let i: Value = app.api_get(&token, &format!("/api/v1/incidents/{id}")).await.json().await.expect("json");
    let stale = json!({"title": i["title"], "severity": i["severity"], "lead_organisation": i["lead_org_code"],
                       "classification": i["classification"], "tlp": i["tlp"], "open_to_all": i["open_to_all"],
                       "need_to_know": i["need_to_know"], "version": 999});
    let r = app.api_send(Method::PUT, &token, &format!("/api/v1/incidents/{id}"), stale).await;
    assert_eq!(r.status(), 409, "{}", r.text().await.unwrap_or_default());
    assert_eq!(app.state.db.generation(), generation);
    let r = app
        .api_send(Method::POST, &token, &format!("/api/v1/incidents/{id}/timeline"), json!({"text": "Een notitie"}))
        .await;
    assert!(r.status().is_success(), "{}", r.status());
    assert!(app.state.db.generation() > generation);
}

async fn a_reused_page_carries_its_own_request_id_and_language(b: Backend) {
    let app = spawn_app_with(b, Default::default(), false).await;
    let story = story(&app).await;
    let c = story.ncsc.login(&app).await;
    let mut ids = Vec::new();
    for lang in ["nl", "nl", "en", "en"] {
        let r =
            c.http.get(app.url("/incidents?status=closed")).header("accept-language", lang).send().await.expect("get");
        assert_eq!(r.status(), 200);
        let id = r.headers()["x-request-id"].to_str().expect("id").to_string();
        let html = r.text().await.expect("html");
        assert!(html.contains(&format!("<code>{id}</code>")), "the footer shows this response's request id");
        assert!(html.contains(&format!("<html lang=\"{lang}\"")), "{lang}: {html}");
        assert!(!html.contains("request-id-"), "no marker is left in the page");
        ids.push(id);
    }
    ids.dedup();
    assert_eq!(ids.len(), 4, "every response has its own request id");
}
