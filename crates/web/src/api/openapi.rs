//! The OpenAPI 3.1 document, generated from the route table so it cannot
//! drift from the routes (a test compares both). Every request, query and
//! response body is described by the JSON Schema of the Rust type the
//! handler reads or writes (`api::contract`, derived with schemars).

use super::contract::{Contract, RequestBody, ResponseBody, SchemaFn};
use crate::routes::{Access, RouteSpec, Surface, route_table};
use axum::response::{IntoResponse, Response};
use schemars::SchemaGenerator;
use schemars::generate::SchemaSettings;
use serde_json::{Map, Value, json};

/// Every error status a route may answer with problem+json: a path, query or
/// body the transport refuses (400, 405, 413, 415), authentication and
/// permission (401, 403), absence or invisibility (404), a stale version
/// (409), invalid input (422) and throttling (429).
const ERROR_STATUSES: [&str; 10] = ["400", "401", "403", "404", "405", "409", "413", "415", "422", "429"];

fn settings() -> SchemaSettings {
    SchemaSettings::draft2020_12().with(|s| {
        s.definitions_path = "/components/schemas".into();
        s.meta_schema = None;
    })
}

/// The schema of a path parameter: ids are 64-bit integers.
fn path_params(path: &str) -> Vec<Value> {
    path.split('/')
        .filter_map(|seg| seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
        .map(|name| {
            let schema = if matches!(name, "id" | "attachment") {
                json!({"type": "integer", "format": "int64"})
            } else {
                json!({"type": "string", "minLength": 1})
            };
            json!({"name": name, "in": "path", "required": true, "schema": schema})
        })
        .collect()
}

/// The query parameters: the properties of the query type, one by one. A
/// query value is never JSON null, so `null` is taken out of their types.
/// (The query type refuses unknown parameters, as `additionalProperties`
/// cannot say for parameters.)
fn query_params(query: SchemaFn) -> Vec<Value> {
    let mut g = settings().into_generator();
    let mut schema = query(&mut g).to_value();
    let defs = g.take_definitions(true);
    if let Some(name) = schema.get("$ref").and_then(Value::as_str).and_then(|r| r.rsplit('/').next()) {
        schema = defs.get(name).cloned().unwrap_or(schema);
    }
    let mut out = Vec::new();
    for (name, property) in schema["properties"].as_object().into_iter().flatten() {
        let mut property = property.clone();
        if let Some(types) = property.get_mut("type").and_then(Value::as_array_mut) {
            types.retain(|t| t != "null");
            if types.len() == 1 {
                property["type"] = types[0].clone();
            }
        }
        if property.get("default").is_some_and(Value::is_null) {
            property.as_object_mut().map(|p| p.remove("default"));
        }
        let description = property.as_object_mut().and_then(|p| p.remove("description"));
        // Every query parameter of this API may be left out.
        let mut param = json!({"name": name, "in": "query", "required": false, "schema": property});
        if let Some(d) = description {
            param["description"] = d;
        }
        out.push(param);
    }
    out
}

fn operation_id(spec: &RouteSpec) -> String {
    let method = spec.method.as_str().to_lowercase();
    format!("{}{}", method, spec.path.trim_start_matches("/api/v1").replace(['/', '{', '}', '.', '-'], "_"))
}

fn operation(
    spec: &RouteSpec,
    contract: &Contract,
    requests: &mut SchemaGenerator,
    responses: &mut SchemaGenerator,
) -> Value {
    let mut params = path_params(spec.path);
    if let Some(q) = contract.query {
        params.extend(query_params(q));
    }
    let content = match contract.response {
        ResponseBody::Binary => json!({"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}),
        ResponseBody::Xml => json!({"application/xml": {"schema": {"type": "string"}}}),
        ResponseBody::Zip => json!({"application/zip": {"schema": {"type": "string", "format": "binary"}}}),
        ResponseBody::Json(f) => json!({"application/json": {"schema": f(responses).to_value()}}),
    };
    let mut answers = Map::new();
    for status in contract.success {
        answers.insert(status.to_string(), json!({"description": "Success", "content": content.clone()}));
    }
    let problem = json!({"$ref": "#/components/responses/Problem"});
    for code in ERROR_STATUSES {
        answers.insert(code.into(), problem.clone());
    }
    let mut op = json!({
        "operationId": operation_id(spec),
        "summary": spec.summary,
        "parameters": params,
        "responses": answers,
    });
    match spec.access {
        Access::Public => op["security"] = json!([]),
        Access::Authenticated => {}
        Access::Permission(p) => op["x-permission"] = json!(p.id()),
    }
    match contract.request {
        RequestBody::None => {}
        RequestBody::Upload => {
            // One part, `file`: the API reads nothing else (and a part that is not text is refused).
            op["requestBody"] = json!({"required": true, "content": {"multipart/form-data": {"schema": {
                "type": "object", "required": ["file"], "additionalProperties": false,
                "properties": {"file": {"type": "string", "format": "binary", "description": "At most 10 MiB"}}}}}});
        }
        RequestBody::Json(f) => {
            op["requestBody"] =
                json!({"required": true, "content": {"application/json": {"schema": f(requests).to_value()}}});
        }
    }
    op
}

fn problem_schema() -> Value {
    json!({
        "type": "object",
        "required": ["type", "title", "status", "code", "request_id"],
        "properties": {
            "type": {"type": "string"},
            "title": {"type": "string"},
            "status": {"type": "integer"},
            "code": {"type": "string"},
            "request_id": {"type": "string"},
            "errors": {"type": "array", "items": {"type": "object", "required": ["field", "code", "message"],
                "properties": {"field": {"type": "string"}, "code": {"type": "string"}, "message": {"type": "string"}}}},
            "findings": {"type": "array", "items": {"type": "object", "required": ["property", "code", "message", "detail"],
                "properties": {"step": {"type": ["string", "null"]}, "property": {"type": "string"},
                               "code": {"type": "string"}, "message": {"type": "string"}, "detail": {"type": "string"}}}},
        },
    })
}

/// Fills in the vocabularies that depend on the instance: the classification
/// labels up to its `ceiling` (a label above it is refused). Also drops the
/// `default`s schemars derives from `#[serde(default)]`: an absent field is
/// read as empty, which validation refuses where the schema requires it, so
/// the empty value is no default a client could rely on.
fn instance_vocabularies(v: &mut Value, ceiling: &str) {
    match v {
        Value::Object(o) => {
            o.remove("default");
            if o.get("x-verbinding-vocabulary").and_then(Value::as_str) == Some("classification") {
                o.remove("x-verbinding-vocabulary");
                let labels: Vec<&str> = verbinding_domain::classification::all_labels()
                    .map(|l| l.id)
                    .filter(|id| !verbinding_domain::classification::above_ceiling(ceiling, id))
                    .collect();
                o.insert("enum".into(), json!(labels));
            }
            o.values_mut().for_each(|x| instance_vocabularies(x, ceiling));
        }
        Value::Array(a) => a.iter_mut().for_each(|x| instance_vocabularies(x, ceiling)),
        _ => {}
    }
}

/// No text the API reads or writes holds a NUL character (PostgreSQL could
/// not store it) or another control character but tab, line feed and
/// carriage return (`crate::errors::refused_character`; the server refuses
/// one, naming the field): every free text says so with a pattern, kept
/// beside a pattern it already has.
const NO_NUL: &str = "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]*$";

fn text_without_nul(v: &mut Value) {
    match v {
        Value::Object(o) => {
            let text = match o.get("type") {
                Some(Value::String(t)) => t == "string",
                Some(Value::Array(ts)) => ts.iter().any(|t| t == "string"),
                _ => false,
            };
            // Left alone: a closed list, a format, branches of their own, or
            // an anchored pattern (each admits no NUL already).
            let anchored =
                o.get("pattern").and_then(Value::as_str).is_some_and(|p| p.starts_with('^') && p.ends_with('$'));
            let constrained = ["enum", "const", "format", "anyOf", "oneOf"].iter().any(|k| o.contains_key(*k));
            if text && !constrained && !anchored {
                if o.contains_key("pattern") {
                    let all = o.entry("allOf").or_insert_with(|| json!([]));
                    if let Some(a) = all.as_array_mut() {
                        a.push(json!({"pattern": NO_NUL}));
                    }
                } else {
                    o.insert("pattern".into(), json!(NO_NUL));
                }
            }
            // A map's keys are text too.
            if o.get("additionalProperties").is_some_and(Value::is_object) {
                o.insert("propertyNames".into(), json!({"pattern": NO_NUL}));
            }
            o.values_mut().for_each(text_without_nul);
        }
        Value::Array(a) => a.iter_mut().for_each(text_without_nul),
        _ => {}
    }
}

/// A JSON request body refuses a field it does not have (`ApiJson`): its
/// schema, or each variant of a tagged union, says so. Only the body's own
/// level: a free JSON value within it (a CACAO document) stays open.
fn closed_request_bodies(doc: &mut Value) {
    fn close(schema: &mut Value) {
        let open = |o: &Value| o.get("properties").is_some() && o.get("additionalProperties").is_none();
        if schema.get("properties").is_some() {
            if open(schema) {
                schema["additionalProperties"] = json!(false);
            }
        } else if let Some(variants) = schema.get_mut("oneOf").and_then(Value::as_array_mut) {
            // A tagged union: each variant has its own fields.
            variants.iter_mut().filter(|v| open(v)).for_each(|v| v["additionalProperties"] = json!(false));
        }
    }
    let mut named = Vec::new();
    let operations = doc["paths"].as_object_mut().into_iter().flat_map(|p| p.values_mut());
    for op in operations.filter_map(Value::as_object_mut).flat_map(|o| o.values_mut()) {
        let Some(schema) = op.pointer_mut("/requestBody/content/application~1json/schema") else { continue };
        match schema.get("$ref").and_then(Value::as_str).and_then(|r| r.rsplit('/').next()) {
            Some(name) => named.push(name.to_string()),
            None => close(schema),
        }
    }
    for name in named {
        if let Some(schema) = doc["components"]["schemas"].get_mut(&name) {
            close(schema);
        }
    }
}

/// The document of an instance whose classification ceiling is `ceiling`.
/// An API route without a contract is left out, which the route-table test
/// rules out.
pub fn build(ceiling: &str) -> Value {
    let mut requests = settings().for_deserialize().into_generator();
    let mut responses = settings().for_serialize().into_generator();
    let mut paths = Map::new();
    for spec in route_table().iter().filter(|s| s.surface == Surface::Api) {
        let Some(contract) = spec.contract else { continue };
        let key = spec.path.trim_start_matches("/api/v1").to_string();
        let entry = paths.entry(key).or_insert_with(|| json!({}));
        entry[spec.method.as_str().to_lowercase()] = operation(spec, &contract, &mut requests, &mut responses);
    }
    let mut schemas = responses.take_definitions(true);
    // Request and response types are distinct; the vocabularies both use have one schema.
    schemas.extend(requests.take_definitions(true));
    schemas.insert("Problem".into(), problem_schema());
    let mut doc = json!({
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
            "schemas": schemas,
            "responses": {
                "Problem": {"description": "Problem details (RFC 9457)", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}},
            },
        },
    });
    instance_vocabularies(&mut doc, ceiling);
    text_without_nul(&mut doc);
    closed_request_bodies(&mut doc);
    doc
}

pub async fn document(axum::extract::State(state): axum::extract::State<crate::AppState>) -> Response {
    let doc = build(&state.app.config.ceiling);
    ([(axum::http::header::CONTENT_TYPE, "application/json")], doc.to_string()).into_response()
}
