//! The routes of `playbooks` (draaiboeken, CACAO 2.0): list, import, one
//! draaiboek with its versions, export, approval, and starting one on its
//! own from its page.

use super::{Routes, object, perm, spec, upload};
use crate::{api, pages};
use axum::http::Method;
use axum::routing::{get, post};
use verbinding_domain::role::Permission::{Coordinate, Decide, ReadObjects};

pub(super) fn pages() -> Routes {
    vec![
        (
            spec(Method::GET, "/draaiboeken", perm(ReadObjects), "Draaiboeken (CACAO playbooks)"),
            get(pages::playbooks::list),
        ),
        (
            spec(Method::GET, "/draaiboeken/import", perm(Coordinate), "The form to import a CACAO 2.0 playbook"),
            get(pages::playbooks::import_form),
        ),
        (
            upload(spec(
                Method::POST,
                "/draaiboeken/import",
                perm(Coordinate),
                "Import a CACAO 2.0 playbook from a file or pasted JSON (strict or lenient)",
            )),
            post(pages::playbooks::import),
        ),
        (
            object(spec(Method::GET, "/draaiboeken/{id}", perm(ReadObjects), "One draaiboek and its versions")),
            get(pages::playbooks::show),
        ),
        (
            object(spec(
                Method::GET,
                "/draaiboeken/{id}/export",
                perm(ReadObjects),
                "Download a version as CACAO JSON",
            )),
            get(pages::playbooks::export),
        ),
        (
            object(spec(
                Method::POST,
                "/draaiboeken/{id}/approve",
                perm(Decide),
                "Approve the current version (not one's own import)",
            )),
            post(pages::playbooks::approve),
        ),
        (
            object(spec(
                Method::POST,
                "/draaiboeken/{id}/executions",
                perm(Coordinate),
                "Start the draaiboek on its own (an exercise), with its own marking",
            )),
            post(pages::playbooks::start_standalone),
        ),
    ]
}

pub(super) fn api() -> Routes {
    vec![
        (
            spec(Method::GET, "/api/v1/playbooks", perm(ReadObjects), "Draaiboeken one may see"),
            get(api::playbooks::list),
        ),
        (
            spec(
                Method::POST,
                "/api/v1/playbooks",
                perm(Coordinate),
                "Import a CACAO 2.0 playbook (strict or lenient): a new draaiboek or version",
            ),
            post(api::playbooks::import),
        ),
        (
            object(spec(Method::GET, "/api/v1/playbooks/{id}", perm(ReadObjects), "One draaiboek and its versions")),
            get(api::playbooks::show),
        ),
        (
            object(spec(
                Method::GET,
                "/api/v1/playbooks/{id}/document",
                perm(ReadObjects),
                "The CACAO JSON of a version (?version=N), as imported",
            )),
            get(api::playbooks::document),
        ),
        (
            object(spec(
                Method::POST,
                "/api/v1/playbooks/{id}/approve",
                perm(Decide),
                "Approve the current version (not one's own import)",
            )),
            post(api::playbooks::approve),
        ),
    ]
}
