//! The API's contract as a client meets it: every refusal is problem+json
//! with the documented status (also when the router or an extractor refuses,
//! before any handler runs), a page size out of range is named, and the
//! OpenAPI document describes every body from the Rust types.

use crate::helpers::*;
use crate::on_both_backends;
use serde_json::{Value, json};
use verbinding_store::Backend;

on_both_backends!(
    refusals_before_any_handler_are_problem_json,
    a_page_size_out_of_range_is_named_in_the_callers_language,
    a_stored_value_outside_its_vocabulary_is_an_error_not_an_empty_value,
);

const COORDINATOR: &str = "coordinator@tfc.example";

async fn problem(r: reqwest::Response) -> (u16, Value) {
    let status = r.status().as_u16();
    let content_type = r.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    assert_eq!(content_type, "application/problem+json", "status {status}");
    (status, r.json().await.expect("problem json"))
}

async fn refusals_before_any_handler_are_problem_json(b: Backend) {
    let app = spawn_app(b).await;
    let token = app.token(COORDINATOR).await;
    let http = reqwest::Client::new();

    // An id beyond i64: axum's path rejection, answered as problem+json.
    let (status, p) = problem(app.api_get(&token, "/api/v1/incidents/99999999999999999999").await).await;
    assert_eq!((status, p["code"].as_str()), (400, Some("bad_request")));
    assert!(p["request_id"].as_str().is_some_and(|id| !id.is_empty()));

    // A body that is not JSON.
    let r = http
        .post(app.url("/api/v1/dossiers"))
        .bearer_auth(&token)
        .header("content-type", "application/json")
        .body("{\"title\": ")
        .send()
        .await
        .expect("send");
    let (status, p) = problem(r).await;
    assert_eq!((status, p["code"].as_str()), (400, Some("bad_request")));

    // JSON of the wrong shape: a number where text belongs.
    let r = app.api_send(reqwest::Method::POST, &token, "/api/v1/dossiers", json!({"title": 5})).await;
    assert_eq!(problem(r).await.0, 400);

    // Not sent as JSON at all.
    let r = http
        .post(app.url("/api/v1/dossiers"))
        .bearer_auth(&token)
        .header("content-type", "text/plain")
        .body("{}")
        .send()
        .await
        .expect("send");
    let (status, p) = problem(r).await;
    assert_eq!((status, p["code"].as_str()), (415, Some("unsupported_media_type")));

    // Beyond the body limit (2 MiB for JSON).
    let big = format!("{{\"title\": \"{}\"}}", "x".repeat(3 * 1024 * 1024));
    // A client of its own: the server stops reading there and closes the
    // connection, which must not be the pooled one the next requests reuse.
    let r = reqwest::Client::new()
        .post(app.url("/api/v1/dossiers"))
        .bearer_auth(&token)
        .header("content-type", "application/json")
        .body(big)
        .send()
        .await
        .expect("send");
    let (status, p) = problem(r).await;
    assert_eq!((status, p["code"].as_str()), (413, Some("payload_too_large")));

    // A query the list does not know, and a limit that is not a number.
    let (status, _) = problem(app.api_get(&token, "/api/v1/dossiers?colour=red").await).await;
    assert_eq!(status, 400);
    let (status, _) = problem(app.api_get(&token, "/api/v1/incidents?limit=many").await).await;
    assert_eq!(status, 400);

    // A method the route does not take: 405 with the methods it does.
    let r = http.delete(app.url("/api/v1/dossiers")).bearer_auth(&token).send().await.expect("send");
    let allow = r.headers().get("allow").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    let (status, p) = problem(r).await;
    assert_eq!((status, p["code"].as_str()), (405, Some("method_not_allowed")));
    assert!(allow.contains("GET") && allow.contains("POST"), "{allow}");

    // An id sent as 5.0 is the integer JSON Schema says it is.
    let incidents: Value = app.api_get(&token, "/api/v1/incidents?limit=1").await.json().await.expect("json");
    let incident = incidents["items"][0]["id"].as_i64().expect("an incident");
    let r = app
        .api_send(
            reqwest::Method::POST,
            &token,
            &format!("/api/v1/incidents/{incident}/decisions/sign"),
            json!({"decision": 1.0, "version": 1.0}),
        )
        .await;
    assert_ne!(r.status().as_u16(), 400, "an integral number is read as an integer");
}

async fn a_page_size_out_of_range_is_named_in_the_callers_language(b: Backend) {
    let app = spawn_app(b).await;
    let token = app.token(COORDINATOR).await;
    for path in ["/api/v1/dossiers?limit=0", "/api/v1/incidents?limit=201", "/api/v1/threat-actors?limit=-1"] {
        let r = reqwest::Client::new()
            .get(app.url(path))
            .bearer_auth(&token)
            .header("accept-language", "en")
            .send()
            .await
            .expect("send");
        let (status, p) = problem(r).await;
        assert_eq!((status, p["code"].as_str()), (422, Some("invalid_input")), "{path}");
        assert_eq!(p["errors"][0]["field"], "limit", "{path}");
        assert_eq!(p["errors"][0]["code"], "limit_out_of_range");
        assert_eq!(p["errors"][0]["message"], "Choose a number from 1 to 200.");
    }
    let r = reqwest::Client::new()
        .get(app.url("/api/v1/users?limit=500"))
        .bearer_auth(&token)
        .header("accept-language", "nl")
        .send()
        .await
        .expect("send");
    let (_, p) = problem(r).await;
    assert_eq!(p["errors"][0]["message"], "Kies een aantal van 1 tot en met 200.");
    // The bounds themselves are pages.
    for path in ["/api/v1/dossiers?limit=1", "/api/v1/dossiers?limit=200"] {
        assert_eq!(app.api_get(&token, path).await.status(), 200, "{path}");
    }
}

/// A decision rule altered behind the application's back does not decode:
/// the rounds answer an opaque 500, never a round with an empty rule. So do
/// an incident's severity and the sectors in its list column.
async fn a_stored_value_outside_its_vocabulary_is_an_error_not_an_empty_value(b: Backend) {
    let app = spawn_app(b).await;
    let token = app.token(COORDINATOR).await;
    let incident: i64 = sqlx::query_scalar("SELECT MIN(incident_id) FROM consultation_rounds")
        .fetch_one(app.state.db.raw())
        .await
        .expect("a demo round");
    let path = format!("/api/v1/incidents/{incident}/consultations");
    let rounds: Value = app.api_get(&token, &path).await.json().await.expect("json");
    assert_eq!(rounds["items"][0]["decision_rule"], "consensus");
    sqlx::query("UPDATE consultation_rounds SET decision_rule = 'majority' WHERE incident_id = $1")
        .bind(incident)
        .execute(app.state.db.raw())
        .await
        .expect("alter the row");
    let (status, p) = problem(app.api_get(&token, &path).await).await;
    assert_eq!((status, p["code"].as_str()), (500, Some("internal")));
    let path = format!("/api/v1/incidents/{incident}");
    let shown: Value = app.api_get(&token, &path).await.json().await.expect("json");
    let (severity, sectors) = (shown["severity"].as_str().expect("severity"), shown["sectors"].to_string());
    for (column, altered, restored) in [
        ("severity", "'apocalyptic'", format!("'{severity}'")),
        ("sectors", "'[\"agriculture\"]'", format!("'{sectors}'")),
    ] {
        for value in [altered, restored.as_str()] {
            sqlx::query(&format!("UPDATE incidents SET {column} = {value} WHERE object_id = $1"))
                .bind(incident)
                .execute(app.state.db.raw())
                .await
                .expect("alter the row");
            if value == altered {
                let (status, p) = problem(app.api_get(&token, &path).await).await;
                assert_eq!((status, p["code"].as_str()), (500, Some("internal")), "{column}");
            }
        }
        assert_eq!(app.api_get(&token, &path).await.status(), 200, "{column} restored");
    }
}

/// Every request and response body of the document is a schema of a Rust
/// type (a component), not a bare object; errors are documented.
#[tokio::test]
async fn every_body_of_the_openapi_document_has_its_schema() {
    let doc = verbinding_web::api::openapi::build("stg-geheim");
    let schemas = doc["components"]["schemas"].as_object().expect("schemas");
    let resolves = |schema: &Value| match schema["$ref"].as_str() {
        Some(r) => schemas.contains_key(r.trim_start_matches("#/components/schemas/")),
        None => schema["type"] == "object" && schema["properties"].is_object(),
    };
    for (path, ops) in doc["paths"].as_object().expect("paths") {
        for (method, op) in ops.as_object().expect("ops") {
            let at = format!("{method} {path}");
            if let Some(body) = op["requestBody"]["content"]["application/json"]["schema"].as_object() {
                assert!(resolves(&Value::Object(body.clone())), "request of {at}");
            } else if method == "post" || method == "put" {
                assert!(op["requestBody"]["content"]["multipart/form-data"].is_object(), "request of {at}");
            }
            let answers = op["responses"].as_object().expect("responses");
            let success = answers.iter().find(|(s, _)| s.starts_with('2')).expect("a success").1;
            if let Some(schema) = success["content"]["application/json"]["schema"].as_object() {
                assert!(resolves(&Value::Object(schema.clone())), "response of {at}");
            }
            for status in ["400", "401", "404", "413", "415", "422", "429"] {
                assert!(answers.contains_key(status), "{status} of {at}");
            }
        }
    }
    // The vocabularies are the enums' identifiers; classifications stop at the ceiling.
    assert_eq!(schemas["DecisionKind"]["enum"], json!(["attribution", "response"]));
    let phases = json!(["reported", "assessing", "deciding", "responding", "monitoring", "closed"]);
    assert_eq!(schemas["Phase"]["enum"], phases);
    assert_eq!(schemas["Severity"]["enum"], json!(["minimal", "limited", "significant", "severe", "critical"]));
    assert_eq!(schemas["Relation"]["enum"], json!(["informed", "joined-statement", "declined"]));
    let measure = json!(["proposed", "in-consultation", "approved", "executed", "under-review", "lapsed"]);
    assert_eq!(schemas["MeasureStatus"]["enum"], measure);
    assert_eq!(schemas["Category"]["enum"].as_array().map(Vec::len), Some(6));
    assert_eq!(schemas["Effect"]["enum"].as_array().map(Vec::len), Some(6));
    assert_eq!(schemas["Sector"]["enum"].as_array().map(Vec::len), Some(18));
    for (schema, field, vocabulary) in [
        ("Incident", "status", "Phase"),
        ("Incident", "severity", "Severity"),
        ("IncidentBody", "severity", "Severity"),
        ("StatusBody", "status", "Phase"),
        ("Partner", "relation", "Relation"),
        ("PartnerBody", "relation", "Relation"),
        ("MeasureStatusBody", "status", "MeasureStatus"),
        ("PlanLineBody", "status", "MeasureStatus"),
        ("Renewal", "status", "MeasureStatus"),
        ("ResponseOption", "category", "Category"),
        ("OptionInput", "category", "Category"),
    ] {
        let reference = format!("#/components/schemas/{vocabulary}");
        assert_eq!(schemas[schema]["properties"][field]["$ref"], json!(reference), "{schema}.{field}");
    }
    for (schema, field, vocabulary) in
        [("Incident", "sectors", "Sector"), ("Incident", "effects", "Effect"), ("IncidentBody", "sectors", "Sector")]
    {
        let reference = format!("#/components/schemas/{vocabulary}");
        assert_eq!(schemas[schema]["properties"][field]["items"]["$ref"], json!(reference), "{schema}.{field}");
    }
    let labels = &schemas["IncidentBody"]["properties"]["classification"]["enum"];
    assert!(
        labels.as_array().is_some_and(|l| l.contains(&json!("stg-geheim")) && !l.contains(&json!("stg-zeer-geheim")))
    );
}
