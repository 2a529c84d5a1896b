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
        (spec(Method::GET, "/login", Public, "Login form"), get(pages::auth::form)),
        (spec(Method::POST, "/login", Public, "Log in"), post(pages::auth::submit)),
        (spec(Method::POST, "/logout", Authenticated, "Log out"), post(pages::auth::logout)),
        (spec(Method::POST, "/language", Public, "Choose the language"), post(pages::auth::language)),
        (spec(Method::GET, "/profile", Authenticated, "Profile"), get(pages::auth::profile)),
        (spec(Method::POST, "/profile/password", Authenticated, "Change password"), post(pages::auth::change_password)),
        (
            spec(Method::POST, "/profile/time-zone", Authenticated, "Set one's time zone"),
            post(pages::auth::set_time_zone),
        ),
        (spec(Method::POST, "/profile/tokens", Authenticated, "Create an API token"), post(pages::auth::create_token)),
        (
            spec(Method::POST, "/profile/tokens/{id}/revoke", Authenticated, "Revoke an API token"),
            post(pages::auth::revoke_token),
        ),
        (
            spec(Method::POST, "/profile/logout-everywhere", Authenticated, "End all sessions"),
            post(pages::auth::logout_everywhere),
        ),
    ]
}

pub(super) fn api() -> Routes {
    vec![(
        spec(Method::POST, "/api/v1/tokens", Public, "Exchange email and password for an API token"),
        post(api::auth::create_token),
    )]
}
