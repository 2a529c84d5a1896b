//! The routes of `directory`: organisations with their members, the calling
//! user and the users list as anyone with `ViewDirectory` reads them.

use super::Access::Authenticated;
use super::{Routes, perm, spec};
use crate::{api, pages};
use axum::http::Method;
use axum::routing::{get, post};
use verbinding_domain::role::Permission::{ManageUsers, ViewDirectory};

pub(super) fn pages() -> Routes {
    vec![
        (
            spec(Method::GET, "/organisations", perm(ViewDirectory), "Organisations"),
            get(pages::directory::organisations),
        ),
        (
            spec(Method::GET, "/organisations/{code}", perm(ViewDirectory), "Organisation with members"),
            get(pages::directory::organisation),
        ),
        (
            spec(
                Method::POST,
                "/organisations/{code}/answers-for-parent",
                perm(ManageUsers),
                "Let an agency answer consultations for its ministry, or stop that",
            ),
            post(pages::directory::set_answers_for_parent),
        ),
    ]
}

pub(super) fn api() -> Routes {
    vec![
        (spec(Method::GET, "/api/v1/me", Authenticated, "The calling user"), get(api::directory::me)),
        (
            spec(Method::GET, "/api/v1/organisations", perm(ViewDirectory), "List organisations"),
            get(api::directory::organisations),
        ),
        (
            spec(Method::GET, "/api/v1/organisations/{code}", perm(ViewDirectory), "One organisation"),
            get(api::directory::organisation),
        ),
        (spec(Method::GET, "/api/v1/users", perm(ViewDirectory), "List users"), get(api::directory::users)),
        (spec(Method::GET, "/api/v1/users/{id}", perm(ViewDirectory), "One user"), get(api::directory::user)),
    ]
}
