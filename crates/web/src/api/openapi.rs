//! The OpenAPI 3.1 document, generated from the route table so it cannot
//! drift from the routes (a test compares both).

use crate::routes::{Access, RouteSpec, Surface, route_table};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};

fn path_params(path: &str) -> Vec<Value> {
    path.split('/')
        .filter_map(|seg| seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
        .map(|name| {
            let schema = if matches!(name, "id" | "attachment") {
                json!({"type": "integer", "format": "int64"})
            } else {
                json!({"type": "string"})
            };
            json!({"name": name, "in": "path", "required": true, "schema": schema})
        })
        .collect()
}

fn operation(spec: &RouteSpec) -> Value {
    let method = spec.method.as_str().to_lowercase();
    let is_list = spec.method == axum::http::Method::GET
        && !spec.path.ends_with('}')
        && !spec.path.ends_with(".json")
        && !spec.path.ends_with("/me");
    let mut params = path_params(spec.path);
    if is_list {
        params.push(json!({"name": "cursor", "in": "query", "required": false, "schema": {"type": "string"}}));
        params.push(json!({"name": "limit", "in": "query", "required": false, "schema": {"type": "integer", "minimum": 1, "maximum": 200}}));
    }
    let success = match method.as_str() {
        "post" => "201",
        _ => "200",
    };
    let body_schema = if is_list { json!({"$ref": "#/components/schemas/List"}) } else { json!({"type": "object"}) };
    let mut responses = Map::new();
    let download = spec.path.contains("/attachments/{");
    let content = if download {
        json!({"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}})
    } else {
        json!({"application/json": {"schema": body_schema}})
    };
    responses.insert(success.into(), json!({"description": "Success", "content": content}));
    let problem = json!({"$ref": "#/components/responses/Problem"});
    for code in ["400", "401", "403", "404", "409", "422"] {
        responses.insert(code.into(), problem.clone());
    }
    let op_id =
        format!("{}{}", method, spec.path.trim_start_matches("/api/v1").replace(['/', '{', '}', '.', '-'], "_"));
    let mut op = json!({
        "operationId": op_id,
        "summary": spec.summary,
        "parameters": params,
        "responses": responses,
    });
    match spec.access {
        Access::Public => op["security"] = json!([]),
        Access::Authenticated => {}
        Access::Permission(p) => op["x-permission"] = json!(p.id()),
    }
    if spec.upload {
        op["requestBody"] = json!({"required": true, "content": {"multipart/form-data": {"schema": {
            "type": "object", "required": ["file"],
            "properties": {"file": {"type": "string", "format": "binary", "description": "At most 10 MiB"}}}}}});
    } else if matches!(method.as_str(), "post" | "put") {
        op["requestBody"] = json!({"required": true, "content": {"application/json": {"schema": {"type": "object"}}}});
    }
    op
}

/// The document as JSON.
pub fn build() -> Value {
    let mut paths = Map::new();
    for spec in route_table().iter().filter(|s| s.surface == Surface::Api) {
        let key = spec.path.trim_start_matches("/api/v1").to_string();
        let entry = paths.entry(key).or_insert_with(|| json!({}));
        entry[spec.method.as_str().to_lowercase()] = operation(spec);
    }
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Verbinding API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "JSON API of Verbinding. Authenticate with a personal token: `Authorization: Bearer <token>`. \
                            Every list and object is filtered by the caller's clearance and need-to-know; an object the caller \
                            may not see answers 404 exactly like one that does not exist.",
        },
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearer": []}],
        "paths": paths,
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "List": {
                    "type": "object",
                    "required": ["items", "next_cursor"],
                    "properties": {
                        "items": {"type": "array", "items": {"type": "object"}},
                        "next_cursor": {"type": ["string", "null"]},
                    },
                },
                "Problem": {
                    "type": "object",
                    "required": ["type", "title", "status", "code", "request_id"],
                    "properties": {
                        "type": {"type": "string"},
                        "title": {"type": "string"},
                        "status": {"type": "integer"},
                        "code": {"type": "string"},
                        "request_id": {"type": "string"},
                        "errors": {"type": "array", "items": {"type": "object", "properties": {
                            "field": {"type": "string"}, "code": {"type": "string"}, "message": {"type": "string"}}}},
                    },
                },
            },
            "responses": {
                "Problem": {"description": "Problem details (RFC 9457)", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}},
            },
        },
    })
}

pub async fn document() -> Response {
    ([(axum::http::header::CONTENT_TYPE, "application/json")], build().to_string()).into_response()
}
