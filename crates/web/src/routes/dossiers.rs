//! The routes of `dossiers`.

use super::{Routes, object, perm, spec};
use crate::{api, pages};
use axum::http::Method;
use axum::routing::{get, post, put};
use verbinding_domain::role::Permission::{ReadObjects, WriteObjects};

pub(super) fn pages() -> Routes {
    vec![
        (spec(Method::GET, "/dossiers", perm(ReadObjects), "Dossiers"), get(pages::dossiers::list)),
        (spec(Method::GET, "/dossiers/new", perm(WriteObjects), "New dossier form"), get(pages::dossiers::new_form)),
        (spec(Method::POST, "/dossiers", perm(WriteObjects), "Create a dossier"), post(pages::dossiers::create)),
        (object(spec(Method::GET, "/dossiers/{id}", perm(ReadObjects), "Dossier")), get(pages::dossiers::show)),
        (
            object(spec(Method::GET, "/dossiers/{id}/edit", perm(WriteObjects), "Edit dossier form")),
            get(pages::dossiers::edit_form),
        ),
        (
            object(spec(Method::POST, "/dossiers/{id}", perm(WriteObjects), "Update a dossier")),
            post(pages::dossiers::update),
        ),
    ]
}

pub(super) fn api() -> Routes {
    vec![
        (spec(Method::GET, "/api/v1/dossiers", perm(ReadObjects), "List visible dossiers"), get(api::dossiers::list)),
        (spec(Method::POST, "/api/v1/dossiers", perm(WriteObjects), "Create a dossier"), post(api::dossiers::create)),
        (object(spec(Method::GET, "/api/v1/dossiers/{id}", perm(ReadObjects), "One dossier")), get(api::dossiers::get)),
        (
            object(spec(Method::PUT, "/api/v1/dossiers/{id}", perm(WriteObjects), "Update a dossier (with version)")),
            put(api::dossiers::update),
        ),
    ]
}
