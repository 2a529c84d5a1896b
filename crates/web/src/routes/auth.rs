//! The routes of `auth`: login, logout, the language choice, the profile
//! (password, personal tokens, ending sessions) and the API's exchange of
//! email and password for a token.

use super::Access::{Authenticated, Public};
use super::{Routes, spec};
use crate::{api, pages};
use axum::http::Method;
use axum::routing::{get, post};

pub(super) fn pages() -> Routes {
    vec![
        (spec(Method::GET, "/login", Public, "Login form"), get(pages::login::form)),
        (spec(Method::POST, "/login", Public, "Log in"), post(pages::login::submit)),
        (spec(Method::POST, "/logout", Authenticated, "Log out"), post(pages::login::logout)),
        (spec(Method::POST, "/language", Public, "Choose the language"), post(pages::login::language)),
        (spec(Method::GET, "/profile", Authenticated, "Profile"), get(pages::profile::show)),
        (
            spec(Method::POST, "/profile/password", Authenticated, "Change password"),
            post(pages::profile::change_password),
        ),
        (
            spec(Method::POST, "/profile/tokens", Authenticated, "Create an API token"),
            post(pages::profile::create_token),
        ),
        (
            spec(Method::POST, "/profile/tokens/{id}/revoke", Authenticated, "Revoke an API token"),
            post(pages::profile::revoke_token),
        ),
        (
            spec(Method::POST, "/profile/logout-everywhere", Authenticated, "End all sessions"),
            post(pages::profile::logout_everywhere),
        ),
    ]
}

pub(super) fn api() -> Routes {
    vec![(
        spec(Method::POST, "/api/v1/tokens", Public, "Exchange email and password for an API token"),
        post(api::auth::create_token),
    )]
}
