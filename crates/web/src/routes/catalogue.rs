//! The routes of `catalogue`: the reference catalogue of threat actors
//! (imported from the MISP galaxy; stored in `store::threat_actors`).

use super::{Routes, perm, spec};
use crate::{api, pages};
use axum::http::Method;
use axum::routing::get;
use verbinding_domain::role::Permission::ReadObjects;

pub(super) fn pages() -> Routes {
    vec![
        (
            spec(Method::GET, "/threat-actors", perm(ReadObjects), "Threat-actor catalogue"),
            get(pages::catalogue::actors),
        ),
        (spec(Method::GET, "/threat-actors/{uuid}", perm(ReadObjects), "Threat actor"), get(pages::catalogue::actor)),
    ]
}

pub(super) fn api() -> Routes {
    vec![
        (
            spec(Method::GET, "/api/v1/threat-actors", perm(ReadObjects), "Search the threat-actor catalogue"),
            get(api::catalogue::actors),
        ),
        (
            spec(Method::GET, "/api/v1/threat-actors/{uuid}", perm(ReadObjects), "One threat actor"),
            get(api::catalogue::actor),
        ),
    ]
}
