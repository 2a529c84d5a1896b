//! The routes of `portfolio`: the capacity-building projects, their money
//! and baselines, and the IATI download and import. Whoever shapes the
//! strategy keeps the portfolio; every reader may see what is theirs to see.

use super::{Routes, object, perm, spec, upload};
use crate::pages;
use axum::http::Method;
use axum::routing::{get, post};
use verbinding_domain::role::Permission::{ManageStrategy, ReadObjects};

pub(super) fn pages() -> Routes {
    use pages::portfolio as p;
    vec![
        (spec(Method::GET, "/portfolio", perm(ReadObjects), "The capacity-building portfolio"), get(p::list)),
        (spec(Method::GET, "/portfolio/new", perm(ManageStrategy), "New project form"), get(p::new_form)),
        (spec(Method::POST, "/portfolio", perm(ManageStrategy), "Create a project"), post(p::create)),
        (
            spec(Method::GET, "/portfolio/iati", perm(ReadObjects), "The public projects as an IATI 2.03 file"),
            get(p::iati),
        ),
        (spec(Method::GET, "/portfolio/import", perm(ManageStrategy), "IATI import form"), get(p::import_form)),
        (
            upload(spec(Method::POST, "/portfolio/import", perm(ManageStrategy), "Import an IATI 2.03 activity file")),
            post(p::import),
        ),
        (object(spec(Method::GET, "/portfolio/projects/{id}", perm(ReadObjects), "A project")), get(p::show)),
        (
            object(spec(Method::GET, "/portfolio/projects/{id}/edit", perm(ManageStrategy), "Edit a project form")),
            get(p::edit_form),
        ),
        (
            object(spec(Method::POST, "/portfolio/projects/{id}", perm(ManageStrategy), "Update a project")),
            post(p::update),
        ),
        (
            object(spec(
                Method::POST,
                "/portfolio/projects/{id}/flows",
                perm(ManageStrategy),
                "Record a commitment or disbursement",
            )),
            post(p::record_flow),
        ),
        (
            object(spec(
                Method::POST,
                "/portfolio/projects/{id}/baselines",
                perm(ManageStrategy),
                "Record a recipient's maturity baseline",
            )),
            post(p::record_baseline),
        ),
    ]
}

pub(super) fn api() -> Routes {
    use crate::api::portfolio as a;
    vec![
        (
            spec(Method::GET, "/api/v1/capacity-building/projects", perm(ReadObjects), "List visible projects"),
            get(a::list),
        ),
        (
            object(spec(
                Method::GET,
                "/api/v1/capacity-building/projects/{id}",
                perm(ReadObjects),
                "A project with its money, baselines and the objectives it serves",
            )),
            get(a::show),
        ),
        (
            spec(
                Method::GET,
                "/api/v1/capacity-building/iati",
                perm(ReadObjects),
                "The public projects as an IATI 2.03 activity file",
            ),
            get(a::iati),
        ),
        (
            // A publisher's file may be several megabytes: the upload limit.
            upload(spec(
                Method::POST,
                "/api/v1/capacity-building/iati",
                perm(ManageStrategy),
                "Import the activities of an IATI 2.03 file as projects under one marking and lead organisation",
            )),
            post(a::import),
        ),
    ]
}
