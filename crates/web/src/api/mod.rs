//! The JSON API under `/api/v1`: bearer tokens, cursor-paginated lists
//! (`{"items": [...], "next_cursor": ...}`), RFC 9457 problem details.

pub mod assessments;
pub mod audit;
pub mod auth;
pub mod catalogue;
pub mod consultations;
pub mod decisions;
pub mod directory;
pub mod dossiers;
pub mod executions;
pub mod incidents;
pub mod openapi;
pub mod playbooks;
pub mod response;
pub mod tasks;
pub mod users;

use crate::errors::{AppError, WebError};
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// The marking fields every object body carries.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct MarkingBody {
    pub classification: String,
    pub tlp: String,
    pub open_to_all: bool,
    /// Organisation codes.
    pub need_to_know: Vec<String>,
    /// User emails.
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

/// A JSON body; malformed JSON is a problem+json 400, not a plain-text error.
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = WebError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let axum::Json(v) = axum::Json::<T>::from_request(req, state).await.map_err(|_| AppError::BadRequest)?;
        Ok(ApiJson(v))
    }
}

pub fn json<T: Serialize>(status: StatusCode, body: &T) -> Response {
    (status, axum::Json(body)).into_response()
}

/// An already serialised JSON body (a cached answer), sent as `json` sends one.
pub fn json_body(status: StatusCode, body: axum::body::Bytes) -> Response {
    (status, [(axum::http::header::CONTENT_TYPE, "application/json")], body).into_response()
}

#[derive(Serialize)]
pub struct ListPage<T: Serialize> {
    pub items: Vec<T>,
    pub next_cursor: Option<String>,
}

#[derive(Deserialize, Default)]
pub struct PageParams {
    pub cursor: Option<String>,
    pub limit: Option<i64>,
}

impl PageParams {
    pub fn limit(&self) -> i64 {
        self.limit.unwrap_or(50).clamp(1, 200)
    }

    /// The cursor is the last id of the previous page; anything else is a
    /// client error naming the parameter.
    pub fn cursor(&self) -> Result<Option<i64>, AppError> {
        match self.cursor.as_deref() {
            None | Some("") => Ok(None),
            Some(c) => c.parse().map(Some).map_err(|_| AppError::invalid("cursor", "invalid_input")),
        }
    }
}

/// Builds a page, with a next cursor only when the page is full.
pub fn page<T: Serialize>(items: Vec<T>, limit: i64, last_id: impl Fn(&T) -> i64) -> ListPage<T> {
    let next_cursor = if items.len() as i64 == limit { items.last().map(|i| last_id(i).to_string()) } else { None };
    ListPage { items, next_cursor }
}

/// The cursor of lists sorted on other keys than the id (incidents, threat
/// actors) is the offset of the next page.
pub fn offset(cursor: &Option<String>) -> Result<i64, AppError> {
    match cursor.as_deref() {
        None | Some("") => Ok(0),
        Some(c) => {
            c.parse::<i64>().ok().filter(|n| *n >= 0).ok_or_else(|| AppError::invalid("cursor", "invalid_input"))
        }
    }
}
