//! The routes of `assessments`: per incident, per assessment, and its
//! version history.

use super::{Routes, object, perm, spec};
use crate::{api, pages};
use axum::http::Method;
use axum::routing::{get, post, put};
use verbinding_domain::role::Permission::{ReadObjects, WriteObjects};

pub(super) fn pages() -> Routes {
    vec![
        (
            object(spec(Method::GET, "/incidents/{id}/assessments/new", perm(WriteObjects), "New assessment form")),
            get(pages::assessments::new_form),
        ),
        (
            object(spec(Method::POST, "/incidents/{id}/assessments", perm(WriteObjects), "Add an assessment")),
            post(pages::assessments::create),
        ),
        (
            object(spec(Method::GET, "/assessments/{id}", perm(ReadObjects), "Assessment with its history")),
            get(pages::assessments::show),
        ),
        (
            object(spec(Method::GET, "/assessments/{id}/edit", perm(WriteObjects), "Edit assessment form")),
            get(pages::assessments::edit_form),
        ),
        (
            object(spec(Method::POST, "/assessments/{id}", perm(WriteObjects), "Revise an assessment")),
            post(pages::assessments::update),
        ),
    ]
}

pub(super) fn api() -> Routes {
    vec![
        (
            object(spec(
                Method::GET,
                "/api/v1/incidents/{id}/assessments",
                perm(ReadObjects),
                "Assessments of an incident (readable, and restricted ones whose existence the caller may know)",
            )),
            get(api::assessments::for_incident),
        ),
        (
            object(spec(Method::POST, "/api/v1/incidents/{id}/assessments", perm(WriteObjects), "Add an assessment")),
            post(api::assessments::create),
        ),
        (
            object(spec(Method::GET, "/api/v1/assessments/{id}", perm(ReadObjects), "One assessment")),
            get(api::assessments::get),
        ),
        (
            object(spec(
                Method::PUT,
                "/api/v1/assessments/{id}",
                perm(WriteObjects),
                "Revise an assessment (author organisation, with version)",
            )),
            put(api::assessments::update),
        ),
        (
            object(spec(
                Method::GET,
                "/api/v1/assessments/{id}/versions",
                perm(ReadObjects),
                "Version history of an assessment",
            )),
            get(api::assessments::versions),
        ),
    ]
}
