//! The routes of `incidents`: the incident itself, its phase, its timeline
//! and the partners in its response.

use super::{Routes, object, perm, spec};
use crate::{api, pages};
use axum::http::Method;
use axum::routing::{get, post, put};
use verbinding_domain::role::Permission::{ReadObjects, WriteObjects};

pub(super) fn pages() -> Routes {
    vec![
        (spec(Method::GET, "/incidents", perm(ReadObjects), "Incidents"), get(pages::incidents::list)),
        (
            spec(
                Method::GET,
                "/incidents/export.csv",
                perm(ReadObjects),
                "The incident list as CSV, with the list's filters",
            ),
            get(pages::exports::incidents),
        ),
        (
            object(spec(
                Method::GET,
                "/incidents/{id}/timeline.csv",
                perm(ReadObjects),
                "An incident's timeline as CSV",
            )),
            get(pages::exports::timeline),
        ),
        (spec(Method::GET, "/incidents/new", perm(WriteObjects), "New incident form"), get(pages::incidents::new_form)),
        (spec(Method::POST, "/incidents", perm(WriteObjects), "Create an incident"), post(pages::incidents::create)),
        (object(spec(Method::GET, "/incidents/{id}", perm(ReadObjects), "Incident")), get(pages::incidents::show)),
        (
            object(spec(Method::GET, "/incidents/{id}/print", perm(ReadObjects), "Print view of an incident")),
            get(pages::incidents::print),
        ),
        (
            object(spec(Method::GET, "/incidents/{id}/assessments", perm(ReadObjects), "Assessments of an incident")),
            get(pages::incidents::assessments_tab),
        ),
        (
            object(spec(Method::GET, "/incidents/{id}/partners", perm(ReadObjects), "Partners of an incident")),
            get(pages::incidents::partners_tab),
        ),
        (
            object(spec(Method::GET, "/incidents/{id}/timeline", perm(ReadObjects), "Timeline of an incident")),
            get(pages::incidents::timeline_tab),
        ),
        (
            object(spec(Method::GET, "/incidents/{id}/edit", perm(WriteObjects), "Edit incident form")),
            get(pages::incidents::edit_form),
        ),
        (
            object(spec(Method::POST, "/incidents/{id}", perm(WriteObjects), "Update an incident")),
            post(pages::incidents::update),
        ),
        (
            object(spec(
                Method::POST,
                "/incidents/{id}/status",
                perm(WriteObjects),
                "Move an incident to another phase",
            )),
            post(pages::incidents::set_status),
        ),
        (
            object(spec(Method::POST, "/incidents/{id}/notes", perm(WriteObjects), "Add a timeline entry")),
            post(pages::incidents::add_note),
        ),
        (
            object(spec(
                Method::POST,
                "/incidents/{id}/partners",
                perm(WriteObjects),
                "Record a partner's part in the response",
            )),
            post(pages::incidents::add_partner),
        ),
    ]
}

pub(super) fn api() -> Routes {
    vec![
        (
            spec(
                Method::GET,
                "/api/v1/incidents",
                perm(ReadObjects),
                "List visible incidents (filters: status, actor, sector, severity, from, to, lead, sort)",
            ),
            get(api::incidents::list),
        ),
        (
            spec(Method::POST, "/api/v1/incidents", perm(WriteObjects), "Create an incident"),
            post(api::incidents::create),
        ),
        (
            object(spec(Method::GET, "/api/v1/incidents/{id}", perm(ReadObjects), "One incident")),
            get(api::incidents::get),
        ),
        (
            object(spec(
                Method::PUT,
                "/api/v1/incidents/{id}",
                perm(WriteObjects),
                "Update an incident (with version)",
            )),
            put(api::incidents::update),
        ),
        (
            object(spec(
                Method::POST,
                "/api/v1/incidents/{id}/status",
                perm(WriteObjects),
                "Move an incident one phase (with version)",
            )),
            post(api::incidents::set_status),
        ),
        (
            object(spec(Method::GET, "/api/v1/incidents/{id}/timeline", perm(ReadObjects), "Timeline of an incident")),
            get(api::incidents::timeline),
        ),
        (
            object(spec(Method::POST, "/api/v1/incidents/{id}/timeline", perm(WriteObjects), "Add a timeline entry")),
            post(api::incidents::add_note),
        ),
        (
            object(spec(
                Method::GET,
                "/api/v1/incidents/{id}/partners",
                perm(ReadObjects),
                "Partners informed, joining or declining",
            )),
            get(api::incidents::partners),
        ),
        (
            object(spec(
                Method::POST,
                "/api/v1/incidents/{id}/partners",
                perm(WriteObjects),
                "Record a partner's part in the response",
            )),
            post(api::incidents::add_partner),
        ),
    ]
}
