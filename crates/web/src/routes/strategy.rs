//! The routes of `strategy`: strategies, their result chains, indicators,
//! targets and measurements. Coordinators shape the chain and review
//! measurements; decision makers decide targets; the responsible
//! organisation reports.

use super::{Routes, object, perm, spec};
use crate::{api, pages};
use axum::http::Method;
use axum::routing::{get, post};
use verbinding_domain::role::Permission::{Decide, ManageStrategy, ReadObjects, ReportMeasurements};

pub(super) fn pages() -> Routes {
    use pages::{evaluation as e, indicators as i, strategy as s};
    vec![
        (spec(Method::GET, "/strategy", perm(ReadObjects), "Strategies"), get(s::list)),
        (spec(Method::GET, "/strategy/new", perm(ManageStrategy), "New strategy form"), get(s::new_form)),
        (spec(Method::POST, "/strategy", perm(ManageStrategy), "Create a strategy"), post(s::create)),
        (object(spec(Method::GET, "/strategy/{id}", perm(ReadObjects), "A strategy's result chain")), get(s::show)),
        (
            object(spec(Method::GET, "/strategy/{id}/objectives/new", perm(ManageStrategy), "New part of the chain")),
            get(s::new_objective_form),
        ),
        (
            object(spec(Method::POST, "/strategy/{id}/objectives", perm(ManageStrategy), "Add a part to the chain")),
            post(s::create_objective),
        ),
        (
            object(spec(Method::GET, "/strategy/objectives/{id}", perm(ReadObjects), "A part of the result chain")),
            get(s::objective),
        ),
        (
            object(spec(Method::GET, "/strategy/objectives/{id}/edit", perm(ManageStrategy), "Edit a part form")),
            get(s::edit_objective_form),
        ),
        (
            object(spec(Method::POST, "/strategy/objectives/{id}", perm(ManageStrategy), "Update a part")),
            post(s::update_objective),
        ),
        (
            object(spec(
                Method::POST,
                "/strategy/objectives/{id}/judgements",
                perm(ManageStrategy),
                "Judge a link's assumption",
            )),
            post(s::judge),
        ),
        (
            object(spec(
                Method::GET,
                "/strategy/objectives/{id}/indicators/new",
                perm(ManageStrategy),
                "New indicator form",
            )),
            get(i::new_form),
        ),
        (
            object(spec(
                Method::POST,
                "/strategy/objectives/{id}/indicators",
                perm(ManageStrategy),
                "Add an indicator",
            )),
            post(i::create),
        ),
        (object(spec(Method::GET, "/strategy/indicators/{id}", perm(ReadObjects), "An indicator")), get(i::show)),
        (
            object(spec(Method::POST, "/strategy/indicators/{id}/targets", perm(ManageStrategy), "Propose a target")),
            post(i::propose_target),
        ),
        (
            object(spec(
                Method::POST,
                "/strategy/indicators/{id}/breaks",
                perm(ManageStrategy),
                "Record a series break",
            )),
            post(i::add_break),
        ),
        (
            object(spec(
                Method::POST,
                "/strategy/indicators/{id}/measurements",
                perm(ReportMeasurements),
                "Submit a measurement",
            )),
            post(i::submit_measurement),
        ),
        (
            object(spec(Method::POST, "/strategy/targets/{id}/decision", perm(Decide), "Decide a proposed target")),
            post(i::decide_target),
        ),
        (
            object(spec(
                Method::POST,
                "/strategy/measurements/{id}/review",
                perm(ManageStrategy),
                "Approve or return a measurement",
            )),
            post(i::review_measurement),
        ),
        (
            object(spec(
                Method::GET,
                "/strategy/{id}/evaluation",
                perm(ReadObjects),
                "Export for evaluation (ZIP of CSV, JSON and a codebook)",
            )),
            get(e::download),
        ),
    ]
}

pub(super) fn api() -> Routes {
    use api::strategy as a;
    vec![
        (spec(Method::GET, "/api/v1/strategies", perm(ReadObjects), "List visible strategies"), get(a::list)),
        (
            object(spec(Method::GET, "/api/v1/strategies/{id}", perm(ReadObjects), "A strategy with its result chain")),
            get(a::tree),
        ),
        (
            object(spec(Method::GET, "/api/v1/strategy/indicators/{id}", perm(ReadObjects), "An indicator")),
            get(a::indicator),
        ),
        (
            object(spec(
                Method::POST,
                "/api/v1/strategy/indicators/{id}/measurements",
                perm(ReportMeasurements),
                "Submit a measurement",
            )),
            post(a::submit),
        ),
        (
            object(spec(
                Method::POST,
                "/api/v1/strategy/measurements/{id}/review",
                perm(ManageStrategy),
                "Approve or return a measurement (four eyes)",
            )),
            post(a::review),
        ),
        (
            object(spec(
                Method::POST,
                "/api/v1/strategy/targets/{id}/decision",
                perm(Decide),
                "Approve or reject a proposed target (four eyes)",
            )),
            post(a::decide),
        ),
        (
            object(spec(
                Method::GET,
                "/api/v1/strategies/{id}/evaluation",
                perm(ReadObjects),
                "The evaluator export: a ZIP of CSV files, framework.json and codebook.md",
            )),
            get(a::evaluation),
        ),
    ]
}
