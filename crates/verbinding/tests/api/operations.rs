//! Operations: the OpenAPI document, health and metrics endpoints, error pages, demo data.

use crate::helpers::*;
use verbinding_store::Backend;
use verbinding_web::routes::Surface;

/// The served document lists exactly the API routes of the router.
#[tokio::test]
async fn openapi_document_matches_the_routes() {
    let app = spawn_app_with(Backend::Sqlite, Default::default(), false).await;
    let doc: serde_json::Value =
        reqwest::get(app.url("/api/v1/openapi.json")).await.expect("get").json().await.expect("json");
    assert_eq!(doc["openapi"], "3.1.0");
    let mut from_doc: Vec<String> = Vec::new();
    for (path, ops) in doc["paths"].as_object().expect("paths") {
        for method in ops.as_object().expect("ops").keys() {
            from_doc.push(format!("{} /api/v1{}", method.to_uppercase(), path));
        }
    }
    let mut from_routes: Vec<String> = verbinding_web::route_table()
        .iter()
        .filter(|r| r.surface == Surface::Api)
        .map(|r| format!("{} {}", r.method, r.path))
        .collect();
    from_doc.sort();
    from_routes.sort();
    assert_eq!(from_doc, from_routes);
    for required in ["GET /api/v1/me", "GET /api/v1/organisations", "GET /api/v1/users", "POST /api/v1/tokens"] {
        assert!(from_routes.iter().any(|r| r == required), "{required}");
    }
}

#[tokio::test]
async fn operations_endpoints_answer() {
    let app = spawn_app_with(Backend::Sqlite, Default::default(), false).await;
    for (path, needle) in [("/healthz", "ok"), ("/readyz", "ready")] {
        let r = reqwest::get(app.url(path)).await.expect("get");
        assert_eq!(r.status(), 200);
        assert!(r.headers().contains_key("x-request-id"));
        assert!(r.text().await.expect("t").contains(needle));
    }
    reqwest::get(app.url("/login")).await.expect("get");
    let metrics = reqwest::get(app.url("/metrics")).await.expect("get").text().await.expect("t");
    assert!(
        metrics.contains("verbinding_http_requests_total{method=\"GET\",route=\"/login\",status=\"200\"} 1"),
        "{metrics}"
    );
    app.state.db.close().await;
    assert_eq!(reqwest::get(app.url("/readyz")).await.expect("get").status(), 503);
}

/// A failure inside the server is an opaque 500 page that shows the request id.
#[tokio::test]
async fn internal_errors_show_an_opaque_page_with_the_request_id() {
    let app = spawn_app(Backend::Sqlite).await;
    let c = app.login("coordinator@tfc.example").await;
    app.state.db.close().await;
    // A page that reads the database (the organisation tree is served from
    // memory and would still answer).
    let r = c.get("/dossiers").await;
    assert_eq!(r.status(), 500);
    let id = r.headers()["x-request-id"].to_str().expect("id").to_string();
    let html = r.text().await.expect("body");
    assert!(html.contains("Er ging iets mis") && html.contains(&id), "{html}");
    assert!(!html.contains("database") && !html.contains("sqlx"), "no internals leak: {html}");
    let token_err = reqwest::Client::new().get(app.url("/api/v1/me")).bearer_auth("vbt_x").send().await.expect("r");
    assert_eq!(token_err.status(), 500);
    let p: serde_json::Value = token_err.json().await.expect("json");
    assert_eq!(p["code"], "internal");
}

/// Loading the demo set twice adds nothing the second time.
#[tokio::test]
async fn demo_data_loads_idempotently() {
    let app = spawn_app(Backend::Sqlite).await;
    let counts = || async {
        let pool = app.state.db.raw();
        let mut out = Vec::new();
        for table in [
            "organisations",
            "users",
            "objects",
            "object_access",
            "consultation_rounds",
            "decisions",
            "indicators",
            "measurements",
        ] {
            out.push(
                sqlx::query_scalar::<_, i64>(&format!("SELECT COUNT(*) FROM {table}"))
                    .fetch_one(pool)
                    .await
                    .expect("n"),
            );
        }
        out
    };
    let before = counts().await;
    assert_eq!(verbinding_app::demo::load(&app.state).await.expect("again"), 0);
    assert_eq!(counts().await, before);
    let users = verbinding_app::demo::USERS.len() as i64;
    // Five incidents, each with a closed round and a signed response decision,
    // three also with a signed Dutch attribution (not NotPetya, not Exchange); the
    // objects include the five built-in draaiboeken, and the International
    // Cyber Strategy with its 23 parts and 10 example indicators, and two
    // example capacity-building projects.
    let builtin = verbinding_playbook::builtin::BUILTIN.len() as i64;
    assert!(
        before[0] >= 19
            && before[1] == users
            && before[2] == 18 + builtin + 1 + 23 + 2
            && before[4] == 5
            && before[5] == 8
            && before[6] == 10
            && before[7] > 20,
        "{before:?}"
    );
}
