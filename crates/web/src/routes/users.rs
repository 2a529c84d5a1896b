//! The routes of `users`: user administration (`ManageUsers`); reading users
//! is `directory`.

use super::{Routes, perm, spec};
use crate::{api, pages};
use axum::http::Method;
use axum::routing::{get, post, put};
use verbinding_domain::role::Permission::ManageUsers;

pub(super) fn pages() -> Routes {
    vec![
        (spec(Method::GET, "/users", perm(ManageUsers), "Users"), get(pages::users::list)),
        (spec(Method::GET, "/users/new", perm(ManageUsers), "New user form"), get(pages::users::new_form)),
        (spec(Method::POST, "/users", perm(ManageUsers), "Create a user"), post(pages::users::create)),
        (spec(Method::GET, "/users/{id}/edit", perm(ManageUsers), "Edit user form"), get(pages::users::edit_form)),
        (spec(Method::POST, "/users/{id}", perm(ManageUsers), "Update a user"), post(pages::users::update)),
    ]
}

pub(super) fn api() -> Routes {
    vec![
        (spec(Method::POST, "/api/v1/users", perm(ManageUsers), "Create a user"), post(api::users::create)),
        (
            spec(Method::PUT, "/api/v1/users/{id}", perm(ManageUsers), "Update a user (with version)"),
            put(api::users::update),
        ),
    ]
}
