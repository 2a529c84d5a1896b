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
                Method::GET,
                "/incidents/{id}/decisions/{decision}/print",
                perm(ReadObjects),
                "Print view of a decision",
            )),
            get(pages::decisions::print),
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
        (
            object(spec(
                Method::GET,
                "/incidents/{id}/decisions/{decision}/sign",
                perm(Decide),
                "Review a proposal before signing it",
            )),
            get(pages::decisions::review),
        ),
        (
            object(spec(
                Method::POST,
                "/incidents/{id}/decisions/close",
                perm(Decide),
                "Send a proposal back or reject it, with the reason",
            )),
            post(pages::decisions::close),
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
        (
            object(spec(
                Method::POST,
                "/api/v1/incidents/{id}/decisions/close",
                perm(Decide),
                "Send a proposal back or reject it, with the reason (with version)",
            )),
            post(api::decisions::close),
        ),
    ]
}
