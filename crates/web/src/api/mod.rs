//! The JSON API under `/api/v1`: bearer tokens, cursor-paginated lists
//! (`{"items": [...], "next_cursor": ...}`), RFC 9457 problem details.

pub mod assessments;
pub mod audit;
pub mod auth;
mod body_fields;
pub mod catalogue;
pub mod consultations;
pub mod contract;
pub mod decisions;
pub mod directory;
pub mod dossiers;
pub mod executions;
pub mod incidents;
pub mod openapi;
pub mod playbooks;
pub mod portfolio;
pub mod response;
pub mod strategy;
pub mod tasks;
pub mod users;

use crate::errors::WebError;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// The marking fields every object body carries.
/// (Where a marking is required, see `contract::fields::marking`.)
#[derive(Deserialize, Default, schemars::JsonSchema)]
#[serde(default)]
pub struct MarkingBody {
    #[schemars(schema_with = "crate::api::contract::fields::classification")]
    pub classification: String,
    #[schemars(with = "verbinding_domain::tlp::Tlp")]
    pub tlp: String,
    pub open_to_all: bool,
    /// Organisation codes.
    #[schemars(schema_with = "crate::api::contract::fields::org_codes")]
    pub need_to_know: Vec<String>,
    /// User emails.
    #[schemars(schema_with = "crate::api::contract::fields::emails")]
    pub need_to_know_users: Vec<String>,
}

impl MarkingBody {
    pub fn input(&self) -> verbinding_domain::marking::MarkingInput {
        verbinding_domain::marking::MarkingInput {
            classification: self.classification.clone(),
            tlp: self.tlp.clone(),
            open_to_all: self.open_to_all,
            orgs: self.need_to_know.clone(),
            users: self.need_to_know_users.clone(),
        }
    }
}

/// A JSON body; a refused one is problem+json with the status axum gives:
/// 415 without a JSON content type, 413 beyond the body limit, 400 for
/// anything that is not JSON or not of the body's shape. A field the body
/// does not have (a misspelt one would otherwise be dropped unseen), or text
/// with a NUL character, is invalid input naming the field (422).
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + schemars::JsonSchema + 'static> FromRequest<S> for ApiJson<T> {
    type Rejection = WebError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        use axum::extract::rejection::JsonRejection;
        match axum::Json::<serde_json::Value>::from_request(req, state).await {
            Ok(axum::Json(mut v)) => {
                integral_numbers(&mut v);
                if let Some(field) = body_fields::unknown::<T>(&v) {
                    // The unknown name is echoed without the characters no field may hold.
                    return Err(WebError::character_in(field, "field_unknown"));
                }
                if let Some((field, code)) = refused_in_text(&v, "") {
                    return Err(WebError::character_in(field, code));
                }
                let v = serde_json::from_value(v).map_err(|_| WebError::Rejected(StatusCode::BAD_REQUEST))?;
                Ok(ApiJson(v))
            }
            Err(JsonRejection::MissingJsonContentType(_)) => {
                Err(WebError::Rejected(StatusCode::UNSUPPORTED_MEDIA_TYPE))
            }
            Err(JsonRejection::BytesRejection(r)) if r.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                Err(WebError::Rejected(StatusCode::PAYLOAD_TOO_LARGE))
            }
            Err(_) => Err(WebError::Rejected(StatusCode::BAD_REQUEST)),
        }
    }
}

/// The field of the first text in a JSON body that holds a character no
/// field accepts (a key or a value: `crate::errors::refused_character`), as
/// a path such as `measures[1]`, with the code.
fn refused_in_text(v: &serde_json::Value, at: &str) -> Option<(String, &'static str)> {
    use crate::errors::refused_character;
    match v {
        serde_json::Value::String(s) => refused_character(s).map(|code| (at.to_string(), code)),
        serde_json::Value::Array(a) => {
            a.iter().enumerate().find_map(|(i, x)| refused_in_text(x, &format!("{at}[{i}]")))
        }
        serde_json::Value::Object(o) => o.iter().find_map(|(k, x)| {
            let path = if at.is_empty() { k.clone() } else { format!("{at}.{k}") };
            match refused_character(k) {
                Some(code) => Some((path, code)),
                None => refused_in_text(x, &path),
            }
        }),
        _ => None,
    }
}

/// JSON Schema counts `5.0` as an integer, so a client may send an id or a
/// version that way; serde reads it only as `5`.
fn integral_numbers(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Number(n) if !n.is_i64() && !n.is_u64() => {
            if let Some(f) = n.as_f64().filter(|f| f.fract() == 0.0 && f.abs() < 9.2e18) {
                *v = serde_json::Value::from(f as i64);
            }
        }
        serde_json::Value::Array(a) => a.iter_mut().for_each(integral_numbers),
        serde_json::Value::Object(o) => o.values_mut().for_each(integral_numbers),
        _ => {}
    }
}

/// The error naming a field as the body names it where the domain's name
/// differs (the domain's `lead_org` is the body's `lead_organisation`).
pub fn as_body_field(e: crate::errors::AppError, domain: &str, body: &'static str) -> crate::errors::AppError {
    match e {
        crate::errors::AppError::Invalid(mut fields) => {
            fields.iter_mut().filter(|f| f.field == domain).for_each(|f| f.field = body);
            crate::errors::AppError::Invalid(fields)
        }
        other => other,
    }
}

/// The page size of a list: 1 to 200, 50 when not given; anything else is
/// invalid input naming `limit` (422, as for the cursor), never silently clamped.
pub fn limit(limit: Option<i64>) -> Result<i64, WebError> {
    match limit {
        None => Ok(50),
        Some(n) if (1..=200).contains(&n) => Ok(n),
        Some(_) => Err(WebError::invalid("limit", "limit_out_of_range")),
    }
}

pub fn json<T: Serialize>(status: StatusCode, body: &T) -> Response {
    (status, axum::Json(body)).into_response()
}

/// An already serialised JSON body (a cached answer), sent as `json` sends one.
pub fn json_body(status: StatusCode, body: axum::body::Bytes) -> Response {
    (status, [(axum::http::header::CONTENT_TYPE, "application/json")], body).into_response()
}

#[derive(Serialize, schemars::JsonSchema)]
pub struct ListPage<T: Serialize> {
    pub items: Vec<T>,
    pub next_cursor: Option<String>,
}

#[derive(Deserialize, Default, schemars::JsonSchema)]
/// An unknown parameter is refused (400), never silently ignored.
#[serde(deny_unknown_fields)]
pub struct PageParams {
    /// The last id of the previous page.
    #[schemars(regex(pattern = r"^[0-9]{0,18}$"))]
    pub cursor: Option<String>,
    #[schemars(range(min = 1, max = 200))]
    pub limit: Option<i64>,
}

impl PageParams {
    pub fn limit(&self) -> Result<i64, WebError> {
        limit(self.limit)
    }

    /// The cursor is the last id of the previous page; anything else is a
    /// client error naming the parameter.
    pub fn cursor(&self) -> Result<Option<i64>, WebError> {
        match self.cursor.as_deref() {
            None | Some("") => Ok(None),
            Some(c) => c.parse().map(Some).map_err(|_| bad_cursor()),
        }
    }
}

/// A cursor that is not one this server handed out.
pub fn bad_cursor() -> WebError {
    WebError::invalid("cursor", "invalid_input")
}

/// Builds a page, with a next cursor only when the page is full.
pub fn page<T: Serialize>(items: Vec<T>, limit: i64, last_id: impl Fn(&T) -> i64) -> ListPage<T> {
    let next_cursor = if items.len() as i64 == limit { items.last().map(|i| last_id(i).to_string()) } else { None };
    ListPage { items, next_cursor }
}

/// The cursor of lists sorted on other keys than the id (incidents, threat
/// actors) is the offset of the next page.
pub fn offset(cursor: &Option<String>) -> Result<i64, WebError> {
    match cursor.as_deref() {
        None | Some("") => Ok(0),
        Some(c) => c.parse::<i64>().ok().filter(|n| *n >= 0).ok_or_else(bad_cursor),
    }
}
