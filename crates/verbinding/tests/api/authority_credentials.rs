//! Issue 11, rule 10: credentials. Personal API tokens end when the password
//! changes and at "log out everywhere", and expire (default 90 days, shown);
//! a deactivated account is never given a delegated task; an edit that does
//! not mention `active` never reactivates an account.

use crate::fixtures::World;
use crate::helpers::*;
use crate::on_both_backends;
use reqwest::Method;
use serde_json::{Value, json};
use verbinding_store::Backend;

on_both_backends!(
    tokens_end_when_the_password_changes_and_at_logout_everywhere,
    tokens_expire_after_the_chosen_days_default_ninety,
    a_deactivated_account_is_never_given_a_delegated_task,
    an_edit_that_does_not_mention_active_never_reactivates,
);

const DAY_MS: i64 = 24 * 3600 * 1000;

async fn tokens_end_when_the_password_changes_and_at_logout_everywhere(b: Backend) {
    let app = spawn_app_with(b, Default::default(), false).await;
    let world = World::new(&app);
    world.government().await;
    let anna = world.user("anna@tfc.example").org("TFC").create().await;
    let token = anna.token(&app).await;
    assert_eq!(app.api_get(&token, "/api/v1/me").await.status(), 200);
    let c = anna.login(&app).await;
    let (_, html) = c.get_html("/profile").await;
    assert!(
        html.contains("Alle tokens vervallen zodra u uw wachtwoord wijzigt of overal uitlogt."),
        "said on the page"
    );

    let new_password = "another long passphrase";
    let r = c
        .post_form(
            "/profile/password",
            &[("current_password", DEMO_PASSWORD), ("new_password", new_password), ("confirm_password", new_password)],
        )
        .await;
    assert_eq!(r.status(), 303);
    assert_eq!(app.api_get(&token, "/api/v1/me").await.status(), 401, "the password change ends the token");

    let r = reqwest::Client::new()
        .post(app.url("/api/v1/tokens"))
        .json(&json!({"email": "anna@tfc.example", "password": new_password}))
        .send()
        .await
        .expect("token");
    assert_eq!(r.status(), 201);
    let second = r.json::<Value>().await.expect("json")["token"].as_str().expect("token").to_string();
    assert_eq!(app.api_get(&second, "/api/v1/me").await.status(), 200);
    let r = c.post_form("/profile/logout-everywhere", &[]).await;
    assert_eq!(r.status(), 303);
    assert_eq!(app.api_get(&second, "/api/v1/me").await.status(), 401, "log out everywhere ends the token");
}

async fn tokens_expire_after_the_chosen_days_default_ninety(b: Backend) {
    let app = spawn_app_with(b, Default::default(), false).await;
    let world = World::new(&app);
    world.government().await;
    world.user("anna@tfc.example").org("TFC").create().await;
    let issue = |body: Value| {
        let app = &app;
        async move { reqwest::Client::new().post(app.url("/api/v1/tokens")).json(&body).send().await.expect("token") }
    };
    let creds = |extra: Value| {
        let mut v = json!({"email": "anna@tfc.example", "password": DEMO_PASSWORD});
        v.as_object_mut().expect("object").extend(extra.as_object().expect("object").clone());
        v
    };
    let r = issue(creds(json!({}))).await;
    assert_eq!(r.status(), 201);
    let default: Value = r.json().await.expect("json");
    assert_eq!(default["expires_at"], START_MS + 90 * DAY_MS, "90 days by default");
    let r = issue(creds(json!({"expires_in_days": 1, "name": "kort"}))).await;
    let short: Value = r.json().await.expect("json");
    assert_eq!(short["expires_at"], START_MS + DAY_MS);
    let short = short["token"].as_str().expect("token").to_string();
    for days in [0, 366] {
        let r = issue(creds(json!({"expires_in_days": days}))).await;
        assert_eq!(r.status(), 422, "{days} days");
        let p: Value = r.json().await.expect("json");
        assert_eq!(p["errors"][0]["field"], "expires_in_days");
    }

    // Shown on the profile page.
    let c = app.login("anna@tfc.example").await;
    let (_, html) = c.get_html("/profile").await;
    assert!(html.contains("Verloopt"), "the expiry column");

    // Works until its time, also from the cache, then never again.
    assert_eq!(app.api_get(&short, "/api/v1/me").await.status(), 200);
    app.clock.advance_ms(DAY_MS - 1);
    assert_eq!(app.api_get(&short, "/api/v1/me").await.status(), 200);
    app.clock.advance_ms(1);
    assert_eq!(app.api_get(&short, "/api/v1/me").await.status(), 401, "expired");
    let default = default["token"].as_str().expect("token");
    assert_eq!(app.api_get(default, "/api/v1/me").await.status(), 200);
    let (_, html) = c.get_html("/profile").await;
    assert!(!html.contains(">kort<"), "an expired token is no longer listed");
}

/// A running national draaiboek for an incident of TFC, NCSC and BZ; its first (TFC) task.
pub async fn running(app: &TestApp, coordinator: &str) -> (i64, String) {
    let r = app
        .api_send(
            Method::POST,
            coordinator,
            "/api/v1/incidents",
            json!({"title": "Verstoring", "severity": "significant", "lead_organisation": "TFC",
                   "classification": "dep-v", "tlp": "amber", "need_to_know": ["TFC", "NCSC", "BZ"]}),
        )
        .await;
    assert_eq!(r.status(), 201);
    let incident = r.json::<Value>().await.expect("json")["id"].as_i64().expect("id");
    let list: Value = app.api_get(coordinator, "/api/v1/playbooks").await.json().await.expect("json");
    let items = list["items"].as_array().expect("items");
    let playbook = items.iter().find(|p| p["builtin"] == "national-response").expect("listed")["id"].clone();
    let r = app
        .api_send(
            Method::POST,
            coordinator,
            &format!("/api/v1/incidents/{incident}/executions"),
            json!({"playbook": playbook}),
        )
        .await;
    assert_eq!(r.status(), 201);
    let v: Value = r.json().await.expect("json");
    (v["execution"]["id"].as_i64().expect("id"), v["view"]["waiting"][0]["task"].as_str().expect("task").to_string())
}

async fn user_id(app: &TestApp, admin: &str, email: &str) -> Value {
    let users: Value = app.api_get(admin, "/api/v1/users?limit=200").await.json().await.expect("json");
    users["items"].as_array().expect("items").iter().find(|u| u["email"] == email).expect("user").clone()
}

async fn a_deactivated_account_is_never_given_a_delegated_task(b: Backend) {
    let app = spawn_app(b).await;
    let coordinator = app.token("coordinator@tfc.example").await;
    let admin = app.token("beheer@bz.example").await;
    let (execution, task) = running(&app, &coordinator).await;
    let u = user_id(&app, &admin, "directeur@tfc.example").await;
    let r = app
        .api_send(
            Method::PUT,
            &admin,
            &format!("/api/v1/users/{}", u["id"]),
            json!({"name": u["name"], "organisation": "TFC", "roles": ["coordinator", "decision-maker"],
                   "clearance": "stg-geheim", "active": false, "version": u["version"]}),
        )
        .await;
    assert_eq!(r.status(), 200);
    let r = app
        .api_send(
            Method::POST,
            &coordinator,
            &format!("/api/v1/executions/{execution}/notes"),
            json!({"task": task, "kind": "delegate", "to": "directeur@tfc.example"}),
        )
        .await;
    assert_eq!(r.status(), 409);
    let p: Value = r.json().await.expect("json");
    assert_eq!(
        (p["errors"][0]["field"].as_str(), p["errors"][0]["code"].as_str()),
        (Some("to"), Some("delegate_not_allowed"))
    );
}

async fn an_edit_that_does_not_mention_active_never_reactivates(b: Backend) {
    let app = spawn_app(b).await;
    let admin = app.token("beheer@bz.example").await;
    let u = user_id(&app, &admin, "evaluator@bz.example").await;
    let path = format!("/api/v1/users/{}", u["id"]);
    let edit = |version: &Value, active: Option<bool>| {
        let mut v = json!({"name": u["name"], "organisation": "BZ", "roles": ["evaluator"], "clearance": "dep-v",
                           "version": version});
        if let Some(a) = active {
            v["active"] = a.into();
        }
        v
    };
    let r = app.api_send(Method::PUT, &admin, &path, edit(&u["version"], Some(false))).await;
    let now: Value = r.json().await.expect("json");
    assert_eq!(now["active"], false);
    let r = app.api_send(Method::PUT, &admin, &path, edit(&now["version"], None)).await;
    assert_eq!(r.status(), 200);
    let now: Value = r.json().await.expect("json");
    assert_eq!(now["active"], false, "the API edit without `active` keeps the account deactivated");

    // The page: a form that does not mention `active` does not reactivate either.
    let c = app.login("beheer@bz.example").await;
    let version = now["version"].to_string();
    let r = c
        .post_form(
            &format!("/users/{}", u["id"]),
            &[("name", "Greet"), ("org", "BZ"), ("roles", "evaluator"), ("clearance", "dep-v"), ("version", &version)],
        )
        .await;
    assert_eq!(r.status(), 303);
    let now: Value = app.api_get(&admin, &path).await.json().await.expect("json");
    assert_eq!((now["name"].as_str(), now["active"].as_bool()), (Some("Greet"), Some(false)));
    // With the marker (the form as the page renders it) the checkbox decides.
    let version = now["version"].to_string();
    let form = [
        ("name", "Greet"),
        ("org", "BZ"),
        ("roles", "evaluator"),
        ("clearance", "dep-v"),
        ("active_shown", "1"),
        ("active", "on"),
        ("version", version.as_str()),
    ];
    assert_eq!(c.post_form(&format!("/users/{}", u["id"]), &form).await.status(), 303);
    let now: Value = app.api_get(&admin, &path).await.json().await.expect("json");
    assert_eq!(now["active"], true);
}
