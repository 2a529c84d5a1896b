//! The routes of `consultations`: the consultation rounds of an incident.

use super::{Routes, object, perm, spec};
use crate::{api, pages};
use axum::http::Method;
use axum::routing::{get, post};
use verbinding_domain::role::Permission::{Coordinate, ReadObjects, WriteObjects};

pub(super) fn pages() -> Routes {
    vec![
        (
            object(spec(
                Method::GET,
                "/incidents/{id}/consultation",
                perm(ReadObjects),
                "Consultation rounds of an incident",
            )),
            get(pages::consultations::show),
        ),
        (
            object(spec(Method::POST, "/incidents/{id}/consultation", perm(Coordinate), "Open a consultation round")),
            post(pages::consultations::open),
        ),
        (
            object(spec(
                Method::POST,
                "/incidents/{id}/consultation/answer",
                perm(WriteObjects),
                "Answer a consultation round for one's organisation",
            )),
            post(pages::consultations::answer),
        ),
    ]
}

pub(super) fn api() -> Routes {
    vec![
        (
            object(spec(
                Method::GET,
                "/api/v1/incidents/{id}/consultations",
                perm(ReadObjects),
                "Consultation rounds with answers and result",
            )),
            get(api::consultations::rounds),
        ),
        (
            object(spec(
                Method::POST,
                "/api/v1/incidents/{id}/consultations",
                perm(Coordinate),
                "Open a consultation round",
            )),
            post(api::consultations::open_round),
        ),
        (
            object(spec(
                Method::POST,
                "/api/v1/incidents/{id}/consultations/answers",
                perm(WriteObjects),
                "Answer a consultation round for one's organisation",
            )),
            post(api::consultations::answer),
        ),
    ]
}
