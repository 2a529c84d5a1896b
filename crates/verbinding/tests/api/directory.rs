use crate::helpers::*;
use crate::on_both_backends;
use verbinding_store::Backend;

on_both_backends!(
    organisations_and_members_are_listed,
    language_follows_choice_then_accept_language,
    admin_creates_a_user_and_bad_input_names_the_field,
    stale_user_edit_is_a_conflict_not_an_overwrite,
    api_lists_are_cursor_paginated,
    api_errors_are_problem_json_in_the_callers_language,
    only_admins_reach_user_administration,
    organisations_are_added_validated_and_audited,
);

async fn organisations_and_members_are_listed(b: Backend) {
    let app = spawn_app(b).await;
    let c = app.login("liaison@ncsc.example").await;
    let (status, html) = c.get_html("/organisations").await;
    assert_eq!(status, 200);
    for code in [
        "BZ", "TFC", "JenV", "NCTV", "NCSC", "DEF", "MIVD", "BZK", "AIVD", "EZK", "PV-EU", "PV-NAVO", "AMB-WAS", "EU",
        "NATO",
    ] {
        assert!(html.contains(&format!("/organisations/{code}\"")), "{code} missing");
    }
    let (status, html) = c.get_html("/organisations/BZ").await;
    assert_eq!(status, 200);
    assert!(html.contains("/organisations/TFC") && html.contains("Bea Beheer"));
    assert_eq!(c.get("/organisations/NOPE").await.status(), 404);
}

async fn language_follows_choice_then_accept_language(b: Backend) {
    let app = spawn_app(b).await;
    let anon = reqwest::Client::new();
    let html = anon
        .get(app.url("/login"))
        .header("accept-language", "en-GB,en;q=0.9")
        .send()
        .await
        .expect("r")
        .text()
        .await
        .expect("t");
    assert!(html.contains("<html lang=\"en\">") && html.contains("Log in"));
    let html = anon
        .get(app.url("/login"))
        .header("accept-language", "nl-NL")
        .send()
        .await
        .expect("r")
        .text()
        .await
        .expect("t");
    assert!(html.contains("<html lang=\"nl\">") && html.contains("Inloggen"));

    let c = app.login("coordinator@tfc.example").await;
    let r = c.post_form("/language", &[("lang", "en"), ("next", "/organisations")]).await;
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()["location"], "/organisations");
    let html =
        c.http.get(app.url("/")).header("accept-language", "nl").send().await.expect("r").text().await.expect("t");
    assert!(html.contains("<html lang=\"en\">"), "the user's choice beats Accept-Language");
    // The choice is stored with the user: a new login elsewhere keeps it.
    let other = app.login("coordinator@tfc.example").await;
    let html =
        other.http.get(app.url("/")).header("accept-language", "nl").send().await.expect("r").text().await.expect("t");
    assert!(html.contains("Dashboard") && html.contains("<html lang=\"en\">"));
}

async fn admin_creates_a_user_and_bad_input_names_the_field(b: Backend) {
    let app = spawn_app(b).await;
    let mut admin = app.login("beheer@bz.example").await;
    admin.refresh_csrf("/users/new").await;
    let count = |app: &TestApp| {
        let pool = app.state.db.raw().clone();
        async move { sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM users").fetch_one(&pool).await.expect("count") }
    };
    let before = count(&app).await;
    let r = admin
        .post_form(
            "/users",
            &[
                ("email", "not-an-email"),
                ("name", "Iris"),
                ("org", "ATLANTIS"),
                ("clearance", "stg-geheim"),
                ("password", "short"),
            ],
        )
        .await;
    assert_eq!(r.status(), 422);
    let html = r.text().await.expect("body");
    for (field, text) in [
        ("email", "Vul een geldig e-mailadres in."),
        ("org", "Onbekende organisatie."),
        ("roles", "Dit veld is verplicht."),
        ("password", "minstens 12 tekens"),
    ] {
        assert!(html.contains(&format!("id=\"{field}-error\"")), "no error tied to {field}");
        assert!(html.contains(text), "missing message {text}");
    }
    assert!(html.contains("value=\"Iris\""), "what the user typed is kept");
    assert_eq!(count(&app).await, before, "nothing is written");

    let r = admin
        .post_form(
            "/users",
            &[
                ("email", "iris@ezk.example"),
                ("name", "Iris de Boer"),
                ("org", "DJZ"),
                ("roles", "liaison"),
                ("roles", "evaluator"),
                ("clearance", "dep-v"),
                ("posting_end", "2028-06-30"),
                ("password", "a long enough passphrase"),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    assert_eq!(count(&app).await, before + 1);
    let mut iris = app.client();
    assert_eq!(iris.login("iris@ezk.example", "a long enough passphrase").await.status(), 303);

    let r = admin
        .post_form(
            "/users",
            &[
                ("email", "IRIS@ezk.example"),
                ("name", "Dup"),
                ("org", "DJZ"),
                ("roles", "liaison"),
                ("clearance", "dep-v"),
                ("password", "a long enough passphrase"),
            ],
        )
        .await;
    assert_eq!(r.status(), 422);
    assert!(r.text().await.expect("body").contains("Deze waarde is al in gebruik."));
}

async fn stale_user_edit_is_a_conflict_not_an_overwrite(b: Backend) {
    let app = spawn_app(b).await;
    let token = app.token("beheer@bz.example").await;
    let users: serde_json::Value = app.api_get(&token, "/api/v1/users?limit=200").await.json().await.expect("json");
    let u = users["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|u| u["email"] == "evaluator@bz.example")
        .expect("user")
        .clone();
    let edit = |name: &str| serde_json::json!({"name": name, "organisation": "BZ", "roles": ["evaluator"], "clearance": "dep-v", "active": true, "version": u["version"]});
    let path = format!("/api/v1/users/{}", u["id"]);
    let first = app.api_send(reqwest::Method::PUT, &token, &path, edit("Greet Bos-Janssen")).await;
    assert_eq!(first.status(), 200);
    let second = app.api_send(reqwest::Method::PUT, &token, &path, edit("Greet B.")).await;
    assert_eq!(second.status(), 409);
    let problem: serde_json::Value = second.json().await.expect("json");
    assert_eq!(problem["code"], "conflict");
    let now: serde_json::Value = app.api_get(&token, &path).await.json().await.expect("json");
    assert_eq!(now["name"], "Greet Bos-Janssen", "the first edit survives");
}

async fn api_lists_are_cursor_paginated(b: Backend) {
    let app = spawn_app(b).await;
    let token = app.token("coordinator@tfc.example").await;
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(c) => format!("/api/v1/organisations?limit=4&cursor={c}"),
            None => "/api/v1/organisations?limit=4".to_string(),
        };
        let page: serde_json::Value = app.api_get(&token, &path).await.json().await.expect("json");
        for item in page["items"].as_array().expect("items") {
            seen.push(item["code"].as_str().expect("code").to_string());
        }
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_string()),
            None => break,
        }
    }
    let mut unique = seen.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), seen.len(), "no organisation twice");
    assert_eq!(seen.len(), 19, "every demo organisation once: {seen:?}");
    let r = app.api_get(&token, "/api/v1/users?cursor=abc").await;
    assert_eq!(r.status(), 422);
    let p: serde_json::Value = r.json().await.expect("json");
    assert_eq!(p["errors"][0]["field"], "cursor");
}

async fn api_errors_are_problem_json_in_the_callers_language(b: Backend) {
    let app = spawn_app(b).await;
    let token = app.token("beheer@bz.example").await;
    let r = reqwest::Client::new()
        .post(app.url("/api/v1/users"))
        .bearer_auth(&token)
        .header("accept-language", "en")
        .json(&serde_json::json!({"email": "x", "name": "", "organisation": "BZ", "roles": ["wizard"], "clearance": "geheim", "password": "correct horse battery"}))
        .send()
        .await
        .expect("req");
    assert_eq!(r.status(), 422);
    assert_eq!(r.headers()["content-type"], "application/problem+json");
    let p: serde_json::Value = r.json().await.expect("json");
    assert_eq!(p["code"], "invalid_input");
    let fields: Vec<&str> =
        p["errors"].as_array().expect("errors").iter().map(|e| e["field"].as_str().unwrap_or("")).collect();
    assert_eq!(fields, vec!["email", "name", "roles", "clearance"]);
    assert_eq!(p["errors"][2]["message"], "Unknown role.");
    assert!(p["request_id"].as_str().is_some_and(|s| !s.is_empty()));
    let r = reqwest::Client::new()
        .post(app.url("/api/v1/users"))
        .bearer_auth(&token)
        .body("{not json")
        .header("content-type", "application/json")
        .send()
        .await
        .expect("req");
    assert_eq!(r.status(), 400);
    assert_eq!(r.headers()["content-type"], "application/problem+json");
}

async fn only_admins_reach_user_administration(b: Backend) {
    let app = spawn_app(b).await;
    let c = app.login("coordinator@tfc.example").await;
    let (status, html) = c.get_html("/users").await;
    assert_eq!(status, 403);
    assert!(html.contains("Geen toegang") && html.contains("id=\"request-id\""));
    let anon = app.client();
    let r = anon.get("/users").await;
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()["location"], "/login?next=%2Fusers", "and back to the page after the login");
}

/// The directory is built through `directory::add_organisation`: the
/// operator and administrators may add, nobody else; every bad field is
/// named, a taken code and an unknown parent too; each addition is audited.
async fn organisations_are_added_validated_and_audited(b: Backend) {
    use verbinding_app::{AppError, Caller, directory::add_organisation};
    use verbinding_domain::directory::OrganisationInput;
    let app = spawn_app_with(b, Default::default(), false).await;
    let a = &app.state.app;
    let operator = Caller::command_line();
    let input = |code: &str, kind: &str, parent: &str| OrganisationInput {
        code: code.into(),
        name_nl: format!("Organisatie {code}"),
        name_en: format!("Organisation {code}"),
        kind: kind.into(),
        parent: parent.into(),
        city: "Den Haag".into(),
    };
    let fields = |r: Result<i64, AppError>| match r {
        Err(AppError::Invalid(errors)) => errors.iter().map(|e| (e.field, e.code)).collect::<Vec<_>>(),
        other => panic!("expected field errors, got {other:?}"),
    };
    let bz = add_organisation(a, &operator, &input("BZ", "ministry", "")).await.expect("BZ");
    let tfc = add_organisation(a, &operator, &input("TFC", "unit", "BZ")).await.expect("TFC");
    assert_eq!(
        fields(add_organisation(a, &operator, &input("TFC", "unit", "BZ")).await),
        vec![("code", "duplicate")],
        "a code is taken once"
    );
    assert_eq!(
        fields(add_organisation(a, &operator, &input("DJZ", "unit", "NOPE")).await),
        vec![("parent", "org_unknown")]
    );
    assert_eq!(
        fields(add_organisation(a, &operator, &OrganisationInput { kind: "club".into(), ..Default::default() }).await),
        vec![("code", "required"), ("name_nl", "required"), ("name_en", "required"), ("kind", "org_kind_unknown")]
    );
    let tree = verbinding_app::directory::tree(a).await.expect("tree");
    let codes: Vec<(&str, Option<i64>)> = tree.iter().map(|o| (o.code.as_str(), o.parent_id)).collect();
    assert_eq!(codes, vec![("BZ", None), ("TFC", Some(bz))], "nothing half-written");
    assert!(tree.iter().any(|o| o.id == tfc && o.kind == "unit" && o.city.as_deref() == Some("Den Haag")));

    // An administrator may add one too; a coordinator may not.
    let world = crate::fixtures::World::new(&app);
    let admin = world.user("beheer@bz.example").org("BZ").roles(&["admin"]).create().await;
    let coordinator = world.user("coordinator@tfc.example").org("TFC").roles(&["coordinator"]).create().await;
    assert!(matches!(
        add_organisation(a, &coordinator.caller, &input("DJZ", "unit", "BZ")).await,
        Err(AppError::Forbidden)
    ));
    add_organisation(a, &admin.caller, &input("DJZ", "unit", "BZ")).await.expect("DJZ");
    let audited: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT actor_label, source, detail FROM audit_log WHERE action = 'organisation.created' ORDER BY seq",
    )
    .fetch_all(app.state.db.raw())
    .await
    .expect("audit");
    let who: Vec<(&str, &str)> = audited.iter().map(|(l, s, _)| (l.as_str(), s.as_str())).collect();
    assert_eq!(who, vec![("cli", "cli"), ("cli", "cli"), ("beheer@bz.example", "test")]);
    assert!(audited[1].2.contains("\"code\":\"TFC\"") && audited[1].2.contains("\"parent\":\"BZ\""), "{audited:?}");
}
