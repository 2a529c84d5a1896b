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
    app.state.db.pool.close().await;
    assert_eq!(reqwest::get(app.url("/readyz")).await.expect("get").status(), 503);
}
