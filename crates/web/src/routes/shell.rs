//! The routes of no one context: operations (liveness, readiness, metrics),
//! the static assets, the dashboard (which gathers every context's open
//! items) and the OpenAPI document.

use super::Access::{Authenticated, Public};
use super::{Routes, spec};
use crate::{api, ops, pages};
use axum::http::Method;
use axum::routing::get;

pub(super) fn pages() -> Routes {
    vec![
        (spec(Method::GET, "/healthz", Public, "Liveness"), get(ops::healthz)),
        (spec(Method::GET, "/readyz", Public, "Readiness: the database answers"), get(ops::readyz)),
        (spec(Method::GET, "/metrics", Public, "Prometheus metrics"), get(ops::metrics)),
        (spec(Method::GET, "/static/app.css", Public, "Style sheet"), get(pages::assets::css)),
        (spec(Method::GET, "/static/app.js", Public, "Progressive enhancement script"), get(pages::assets::js)),
        (spec(Method::GET, "/", Authenticated, "Dashboard"), get(pages::dashboard::show)),
    ]
}

pub(super) fn api() -> Routes {
    vec![(spec(Method::GET, "/api/v1/openapi.json", Public, "This OpenAPI document"), get(api::openapi::document))]
}
