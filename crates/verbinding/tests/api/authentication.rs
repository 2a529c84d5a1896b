use crate::helpers::*;
use crate::on_both_backends;
use verbinding_store::Backend;

on_both_backends!(
    login_rotates_the_session_and_logout_ends_it,
    unknown_user_and_wrong_password_look_the_same,
    repeated_failures_are_throttled_per_account,
    idle_and_absolute_timeouts_end_sessions,
    logout_everywhere_ends_other_sessions,
    forms_without_the_anti_forgery_token_are_refused,
    api_tokens_are_issued_used_and_revoked,
    deactivated_users_cannot_log_in,
);

fn session_cookie(r: &reqwest::Response) -> Option<String> {
    r.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("vb_session="))
        .map(|c| c.to_string())
}

async fn login_rotates_the_session_and_logout_ends_it(b: Backend) {
    let app = spawn_app(b).await;
    let mut c = app.client();
    let first = c.login("coordinator@tfc.example", DEMO_PASSWORD).await;
    let first_cookie = session_cookie(&first).expect("session cookie");
    assert!(first_cookie.contains("HttpOnly") && first_cookie.contains("SameSite=Lax"));
    // Logging in again while holding a session replaces it.
    c.refresh_csrf("/profile").await;
    let csrf = c.csrf.clone().expect("csrf");
    let second = c
        .post_form_raw(
            "/login",
            &[("csrf", csrf.as_str()), ("email", "coordinator@tfc.example"), ("password", DEMO_PASSWORD)],
        )
        .await;
    let second_cookie = session_cookie(&second).expect("new session cookie");
    assert_ne!(first_cookie, second_cookie, "the session id changes at every login");

    // The first session no longer works.
    let stale = app.client();
    let raw = first_cookie.split(';').next().unwrap_or_default().to_string();
    let r = stale.http.get(app.url("/")).header("cookie", raw).send().await.expect("req");
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()["location"], "/login?expired=1");

    c.refresh_csrf("/").await;
    let (status, html) = c.get_html("/").await;
    assert_eq!(status, 200);
    assert!(html.contains("Anna de Vries"));
    let r = c.post_form("/logout", &[]).await;
    assert_eq!(r.status(), 303);
    assert_eq!(c.get("/").await.status(), 303, "after logout the dashboard asks for a login");
}

async fn unknown_user_and_wrong_password_look_the_same(b: Backend) {
    let app = spawn_app(b).await;
    let mut c1 = app.client();
    let mut c2 = app.client();
    let unknown = c1.login("nobody@nowhere.example", "whatever password").await;
    let wrong = c2.login("coordinator@tfc.example", "whatever password").await;
    assert_eq!(unknown.status(), 401);
    assert_eq!(wrong.status(), 401);
    let strip = |s: String| {
        s.lines()
            .filter(|l| !l.contains("csrf") && !l.contains("<code>") && !l.contains("value=\""))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(strip(unknown.text().await.expect("body")), strip(wrong.text().await.expect("body")));
    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT action, actor_label FROM audit_log WHERE action = 'login.failed' ORDER BY seq")
            .fetch_all(app.state.db.raw())
            .await
            .expect("audit");
    assert_eq!(rows.len(), 2, "both failures are audited: {rows:?}");
}

async fn repeated_failures_are_throttled_per_account(b: Backend) {
    let app = spawn_app(b).await;
    let mut c = app.client();
    for _ in 0..5 {
        assert_eq!(c.login("liaison@ncsc.example", "not the password").await.status(), 401);
    }
    let r = c.login("liaison@ncsc.example", DEMO_PASSWORD).await;
    assert_eq!(r.status(), 429, "the right password does not help while throttled");
    assert!(r.text().await.expect("body").contains("Te veel mislukte pogingen"));
    // Another account from another address is unaffected.
    assert_eq!(app.client().login("coordinator@tfc.example", DEMO_PASSWORD).await.status(), 303);
    app.clock.advance_ms(16 * 60 * 1000);
    assert_eq!(c.login("liaison@ncsc.example", DEMO_PASSWORD).await.status(), 303);
}

async fn idle_and_absolute_timeouts_end_sessions(b: Backend) {
    let app = spawn_app(b).await;
    let c = app.login("coordinator@tfc.example").await;
    app.clock.advance_ms(29 * 60 * 1000);
    assert_eq!(c.get("/").await.status(), 200, "activity within the idle timeout keeps the session");
    app.clock.advance_ms(31 * 60 * 1000);
    let r = c.get("/dossiers?before=9").await;
    assert_eq!(r.status(), 303);
    assert_eq!(
        r.headers()["location"],
        "/login?expired=1&next=%2Fdossiers%3Fbefore%3D9",
        "the login returns to the page that was asked for"
    );
    let (_, form) = app.client().get_html("/login?expired=1&next=%2Fdossiers%3Fbefore%3D9").await;
    assert!(form.contains("id=\"login-next\" value=\"&#x2f;dossiers?before=9\""), "the form carries it on");

    let c = app.login("coordinator@tfc.example").await;
    for _ in 0..25 {
        app.clock.advance_ms(29 * 60 * 1000);
        if c.get("/").await.status() != 200 {
            break;
        }
    }
    assert_eq!(c.get("/").await.status(), 303, "no session outlives the absolute timeout of 12 hours");
}

async fn logout_everywhere_ends_other_sessions(b: Backend) {
    let app = spawn_app(b).await;
    let laptop = app.login("post@pv-eu.example").await;
    let phone = app.login("post@pv-eu.example").await;
    let r = laptop.post_form("/profile/logout-everywhere", &[]).await;
    assert_eq!(r.status(), 303);
    assert_eq!(phone.get("/").await.status(), 303);
    assert_eq!(laptop.get("/").await.status(), 303);
}

async fn forms_without_the_anti_forgery_token_are_refused(b: Backend) {
    let app = spawn_app(b).await;
    let c = app.login("coordinator@tfc.example").await;
    let r = c.post_form_raw("/dossiers", &[("title", "Forged"), ("classification", "ongerubriceerd")]).await;
    assert_eq!(r.status(), 403);
    let html = r.text().await.expect("body");
    assert!(html.contains("Het formulier is verlopen"), "{html}");
    let r = c.post_form_raw("/logout", &[("csrf", "0000")]).await;
    assert_eq!(r.status(), 403);
    assert_eq!(c.get("/").await.status(), 200, "the forged logout did nothing");
    let r = c.get("/").await;
    for h in ["content-security-policy", "x-content-type-options", "referrer-policy", "x-request-id"] {
        assert!(r.headers().contains_key(h), "missing {h}");
    }
    let csp = r.headers()["content-security-policy"].to_str().expect("csp");
    assert!(csp.contains("frame-ancestors 'none'") && !csp.contains("unsafe-inline"));
}

async fn api_tokens_are_issued_used_and_revoked(b: Backend) {
    let app = spawn_app(b).await;
    let bad = reqwest::Client::new()
        .post(app.url("/api/v1/tokens"))
        .json(&serde_json::json!({"email": "coordinator@tfc.example", "password": "wrong"}))
        .send()
        .await
        .expect("req");
    assert_eq!(bad.status(), 401);
    assert_eq!(bad.headers()["content-type"], "application/problem+json");
    let problem: serde_json::Value = bad.json().await.expect("json");
    assert_eq!(problem["code"], "unauthenticated");

    let token = app.token("coordinator@tfc.example").await;
    let me: serde_json::Value = app.api_get(&token, "/api/v1/me").await.json().await.expect("json");
    assert_eq!(me["email"], "coordinator@tfc.example");
    assert_eq!(me["organisation"], "TFC");

    // The token shows on the profile page and can be revoked there.
    let c = app.login("coordinator@tfc.example").await;
    let (_, html) = c.get_html("/profile").await;
    let id = html.split("/profile/tokens/").nth(1).and_then(|s| s.split('/').next()).expect("token row").to_string();
    let r = c.post_form(&format!("/profile/tokens/{id}/revoke"), &[]).await;
    assert_eq!(r.status(), 303);
    assert_eq!(app.api_get(&token, "/api/v1/me").await.status(), 401);
    // Cookies do not authenticate the API.
    assert_eq!(c.get("/api/v1/me").await.status(), 401);
}

async fn deactivated_users_cannot_log_in(b: Backend) {
    let app = spawn_app(b).await;
    let post = app.login("post@pv-eu.example").await;
    let admin_token = app.token("beheer@bz.example").await;
    let users: serde_json::Value =
        app.api_get(&admin_token, "/api/v1/users?limit=200").await.json().await.expect("json");
    let u = users["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|u| u["email"] == "post@pv-eu.example")
        .expect("user")
        .clone();
    let r = app
        .api_send(
            reqwest::Method::PUT,
            &admin_token,
            &format!("/api/v1/users/{}", u["id"]),
            serde_json::json!({"name": u["name"], "organisation": "PV-EU", "roles": ["post-officer"], "clearance": "stg-geheim", "active": false, "version": u["version"]}),
        )
        .await;
    assert_eq!(r.status(), 200);
    assert_eq!(post.get("/").await.status(), 303, "deactivation ends existing sessions");
    assert_eq!(app.client().login("post@pv-eu.example", DEMO_PASSWORD).await.status(), 401);
}
