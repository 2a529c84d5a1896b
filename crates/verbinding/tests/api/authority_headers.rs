//! Issue 11, rule 12: redirects and headers. The login `next` is followed
//! only to a path of this site after URL parsing; every API error is
//! problem+json; a download's `filename*` is cleaned like its `filename`;
//! control characters are refused naming the field; the login form's token
//! is bound to the pre-session; HSTS with secure cookies.

use crate::authority_credentials::running;
use crate::helpers::*;
use crate::on_both_backends;
use reqwest::Method;
use serde_json::{Value, json};
use verbinding_store::Backend;
use verbinding_web::WebConfig;

on_both_backends!(
    the_login_next_leads_only_to_a_path_of_this_site,
    the_login_form_token_is_bound_to_the_pre_session,
    every_api_error_is_problem_json,
    a_download_filename_star_is_cleaned_like_filename,
    control_characters_are_refused_naming_the_field,
    hsts_is_sent_with_secure_cookies,
);

async fn login_to(app: &TestApp, next: &str) -> reqwest::Response {
    let mut c = app.client();
    c.refresh_csrf("/login").await;
    let csrf = c.csrf.clone().expect("csrf");
    let form =
        [("csrf", csrf.as_str()), ("email", "coordinator@tfc.example"), ("password", DEMO_PASSWORD), ("next", next)];
    c.post_form_raw("/login", &form).await
}

async fn the_login_next_leads_only_to_a_path_of_this_site(b: Backend) {
    let app = spawn_app(b).await;
    for evil in [
        "/\t/evil.example",
        "/\n/evil.example",
        "/\\evil.example",
        "//evil.example",
        "https://evil.example",
        "\\\\evil.example",
    ] {
        let r = login_to(&app, evil).await;
        assert_eq!(r.status(), 303, "{evil:?}");
        assert_eq!(r.headers()["location"], "/", "{evil:?}");
    }
    let r = login_to(&app, "/incidents?status=reported").await;
    assert_eq!(r.headers()["location"], "/incidents?status=reported");
    // Malformed: encoded, never a 500; the form carries only what it will follow.
    let r = login_to(&app, "/%zz\"<x>").await;
    assert_eq!((r.status().as_u16(), r.headers()["location"].to_str().ok()), (303, Some("/%zz%22%3Cx%3E")));
    for q in ["next=%2F%09%2Fevil.example", "next=%ZZ", "next=%C0%AF", "next=/%09/evil.example"] {
        let r = app.client().get(&format!("/login?{q}")).await;
        assert_eq!(r.status(), 200, "{q}");
        assert!(
            !r.text().await.expect("body").contains("id=\"login-next\""),
            "{q}: nothing to follow but the start page"
        );
    }
    let (_, html) = app.client().get_html("/login?next=/dossiers").await;
    assert!(html.contains("id=\"login-next\" value=\"&#x2f;dossiers\""), "the path to follow, escaped");
}

async fn the_login_form_token_is_bound_to_the_pre_session(b: Backend) {
    let app = spawn_app(b).await;
    // A bare double submit: a planted cookie and the same value in the form.
    let planted = "a".repeat(64);
    let r = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
        .post(app.url("/login"))
        .header("cookie", format!("vb_csrf={planted}"))
        .form(&[("csrf", planted.as_str()), ("email", "coordinator@tfc.example"), ("password", DEMO_PASSWORD)])
        .send()
        .await
        .expect("request");
    assert_eq!(r.status(), 403, "a token the server did not make for this pre-session is refused");
    // The token the page gives for that pre-session works.
    let r = reqwest::Client::new().get(app.url("/login")).header("cookie", format!("vb_csrf={planted}")).send().await;
    let html = r.expect("page").text().await.expect("body");
    let token = csrf_in(&html).expect("token");
    assert_ne!(token, planted);
    let r = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
        .post(app.url("/login"))
        .header("cookie", format!("vb_csrf={planted}"))
        .form(&[("csrf", token.as_str()), ("email", "coordinator@tfc.example"), ("password", DEMO_PASSWORD)])
        .send()
        .await
        .expect("request");
    assert_eq!(r.status(), 303);
}

async fn every_api_error_is_problem_json(b: Backend) {
    let app = spawn_app(b).await;
    let token = app.token("coordinator@tfc.example").await;
    let cases = [
        (Method::GET, "/api/v1/incidents/not-a-number", 400),
        (Method::GET, "/api/v1/incidents?limit=many", 400),
        (Method::GET, "/api/v1/users/99999999999999999999999", 400),
        (Method::DELETE, "/api/v1/me", 405),
        (Method::GET, "/api/v1/no-such-route", 404),
    ];
    for (method, path, status) in cases {
        let r =
            reqwest::Client::new().request(method.clone(), app.url(path)).bearer_auth(&token).send().await.expect("r");
        assert_eq!(r.status().as_u16(), status, "{method} {path}");
        assert_eq!(r.headers()["content-type"], "application/problem+json", "{method} {path}");
        let p: Value = r.json().await.expect("problem");
        assert!(p["code"].is_string() && p["request_id"].is_string(), "{method} {path}: {p}");
    }
}

async fn a_download_filename_star_is_cleaned_like_filename(b: Backend) {
    let app = spawn_app(b).await;
    let coordinator = app.token("coordinator@tfc.example").await;
    let (execution, task) = running(&app, &coordinator).await;
    let part = reqwest::multipart::Part::bytes(b"x".to_vec()).file_name("../../geheim/rapport \"juni\";.txt");
    let r = reqwest::Client::new()
        .post(app.url(&format!("/api/v1/executions/{execution}/tasks/{}/attachments", task.replace('#', "%23"))))
        .bearer_auth(&coordinator)
        .multipart(reqwest::multipart::Form::new().part("file", part.mime_str("text/plain").expect("mime")))
        .send()
        .await
        .expect("upload");
    assert_eq!(r.status(), 201);
    let id = r.json::<Value>().await.expect("json")["id"].as_i64().expect("id");
    let r = app.api_get(&coordinator, &format!("/api/v1/executions/{execution}/attachments/{id}")).await;
    let disposition = r.headers()["content-disposition"].to_str().expect("ascii").to_string();
    assert_eq!(disposition, "attachment; filename=\"rapport__juni__.txt\"; filename*=UTF-8''rapport__juni__.txt");
}

async fn control_characters_are_refused_naming_the_field(b: Backend) {
    let app = spawn_app(b).await;
    let token = app.token("coordinator@tfc.example").await;
    let dossier = |title: &str| {
        json!({"title": title, "summary": "Regel 1\n\tRegel 2\r\n", "lead_organisation": "TFC", "classification": "dep-v",
               "tlp": "amber", "need_to_know": ["TFC"]})
    };
    for bad in ["Bel\u{7}", "Escape \u{1b}[31m", "Del\u{7f}", "C1 \u{85}", "Nul\u{0}"] {
        let r = app.api_send(Method::POST, &token, "/api/v1/dossiers", dossier(bad)).await;
        assert_eq!(r.status(), 422, "{bad:?}");
        let p: Value = r.json().await.expect("json");
        assert_eq!(p["errors"][0]["field"], "title", "{bad:?}");
        let code = if bad.contains('\0') { "nul_character" } else { "control_character" };
        assert_eq!(p["errors"][0]["code"], code, "{bad:?}");
    }
    let r = app.api_send(Method::POST, &token, "/api/v1/dossiers", dossier("Tab\tis tekst")).await;
    assert_eq!(r.status(), 201, "tab and line breaks are text");
    // The pages refuse them the same way.
    let c = app.login("coordinator@tfc.example").await;
    let r = c
        .post_form(
            "/dossiers",
            &[
                ("title", "Bel\u{7}"),
                ("lead_org", "TFC"),
                ("classification", "dep-v"),
                ("tlp", "amber"),
                ("orgs", "TFC"),
            ],
        )
        .await;
    assert_eq!(r.status(), 422);
    // In the address too, as the handlers would decode it: a query value or a path.
    for (path, field, code) in [
        ("/api/v1/incidents?lead=%C2%84", "lead", "control_character"),
        ("/api/v1/threat-actors?q=a%00b", "q", "nul_character"),
        ("/api/v1/threat-actors?q=a+%1B", "q", "control_character"),
        ("/api/v1/incidents/1%00", "path", "nul_character"),
    ] {
        let r = app.api_get(&token, path).await;
        assert_eq!(r.status(), 422, "{path}");
        let p: Value = r.json().await.expect("json");
        assert_eq!(
            (p["errors"][0]["field"].as_str(), p["errors"][0]["code"].as_str()),
            (Some(field), Some(code)),
            "{path}"
        );
    }
    // An unknown body field is named without the characters no field may hold.
    let r = app.api_send(Method::POST, &token, "/api/v1/tokens", json!({"\u{9b}x": 1})).await;
    assert_eq!(r.status(), 422);
    let p: Value = r.json().await.expect("json");
    assert_eq!((p["errors"][0]["field"].as_str(), p["errors"][0]["code"].as_str()), (Some("x"), Some("field_unknown")));
}

async fn hsts_is_sent_with_secure_cookies(b: Backend) {
    let app = spawn_app(b).await;
    assert!(app.client().get("/login").await.headers().get("strict-transport-security").is_none());
    let secure = WebConfig { secure_cookies: true, ..Default::default() };
    let app = spawn_app_with(b, (Default::default(), secure), false).await;
    for path in ["/login", "/api/v1/me", "/healthz"] {
        let r = app.client().get(path).await;
        let hsts = r.headers().get("strict-transport-security").and_then(|v| v.to_str().ok());
        assert_eq!(hsts, Some("max-age=31536000; includeSubDomains"), "{path}");
    }
}
