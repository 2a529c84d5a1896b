//! The routes of `decisions`: attribution and response decisions on an
//! incident (four eyes).

use super::{Routes, object, perm, spec};
use crate::{api, pages};
use axum::http::Method;
use axum::routing::{get, post};
use verbinding_domain::role::Permission::{Coordinate, Decide, ReadObjects};

pub(super) fn pages() -> Routes {
    vec![
        (
            object(spec(Method::GET, "/incidents/{id}/decisions", perm(ReadObjects), "Decisions on an incident")),
            get(pages::decisions::show),
        ),
        (
            object(spec(Method::POST, "/incidents/{id}/decisions", perm(Coordinate), "Propose a decision")),
            post(pages::decisions::propose),
        ),
        (
            object(spec(
                Method::POST,
                "/incidents/{id}/decisions/sign",
                perm(Decide),
                "Sign a decision someone else proposed",
            )),
            post(pages::decisions::sign),
        ),
    ]
}

pub(super) fn api() -> Routes {
    vec![
        (
            object(spec(
                Method::GET,
                "/api/v1/incidents/{id}/decisions",
                perm(ReadObjects),
                "Attribution and response decisions",
            )),
            get(api::decisions::decisions),
        ),
        (
            object(spec(Method::POST, "/api/v1/incidents/{id}/decisions", perm(Coordinate), "Propose a decision")),
            post(api::decisions::propose),
        ),
        (
            object(spec(
                Method::POST,
                "/api/v1/incidents/{id}/decisions/sign",
                perm(Decide),
                "Sign a decision someone else proposed (with version)",
            )),
            post(api::decisions::sign),
        ),
    ]
}
