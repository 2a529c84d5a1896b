//! The routes of `response`: an incident's response plan, the catalogue of
//! response options and the measures due for renewal.

use super::{Routes, object, perm, spec};
use crate::{api, pages};
use axum::http::Method;
use axum::routing::{get, post};
use verbinding_domain::role::Permission::{ManageCatalogue, ReadObjects, WriteObjects};

pub(super) fn pages() -> Routes {
    vec![
        (
            object(spec(Method::GET, "/incidents/{id}/response", perm(ReadObjects), "Response plan of an incident")),
            get(pages::response::show),
        ),
        (
            object(spec(Method::POST, "/incidents/{id}/response", perm(WriteObjects), "Propose a measure")),
            post(pages::response::add),
        ),
        (
            object(spec(
                Method::POST,
                "/incidents/{id}/response/status",
                perm(WriteObjects),
                "Move a measure along its lifecycle",
            )),
            post(pages::response::set_status),
        ),
        (
            spec(Method::GET, "/response-options", perm(ReadObjects), "Catalogue of response options"),
            get(pages::response::catalogue),
        ),
        (
            spec(Method::POST, "/response-options", perm(ManageCatalogue), "Add an option to the catalogue"),
            post(pages::response::add_option),
        ),
        (
            spec(
                Method::POST,
                "/response-options/{option}/lapsed",
                perm(ManageCatalogue),
                "Lapse or restore a catalogue option",
            ),
            post(pages::response::set_lapsed),
        ),
        (
            spec(Method::GET, "/renewals", perm(ReadObjects), "Restrictive measures due for renewal"),
            get(pages::response::renewals),
        ),
    ]
}

pub(super) fn api() -> Routes {
    vec![
        (
            object(spec(
                Method::GET,
                "/api/v1/incidents/{id}/response-plan",
                perm(ReadObjects),
                "Response plan with proportionality warnings",
            )),
            get(api::response::plan),
        ),
        (
            object(spec(Method::POST, "/api/v1/incidents/{id}/response-plan", perm(WriteObjects), "Propose a measure")),
            post(api::response::add),
        ),
        (
            object(spec(
                Method::POST,
                "/api/v1/incidents/{id}/response-plan/status",
                perm(WriteObjects),
                "Move a measure along its lifecycle (with version)",
            )),
            post(api::response::set_status),
        ),
        (
            spec(Method::GET, "/api/v1/response-options", perm(ReadObjects), "Catalogue of response options"),
            get(api::response::options),
        ),
        (
            spec(Method::POST, "/api/v1/response-options", perm(ManageCatalogue), "Add an option to the catalogue"),
            post(api::response::add_option),
        ),
        (
            spec(
                Method::POST,
                "/api/v1/response-options/{option}/lapsed",
                perm(ManageCatalogue),
                "Lapse or restore a catalogue option",
            ),
            post(api::response::set_lapsed),
        ),
        (
            spec(
                Method::GET,
                "/api/v1/renewals",
                perm(ReadObjects),
                "Restrictive measures due for renewal within 90 days",
            ),
            get(api::response::renewals),
        ),
    ]
}
