//! The routes of `strategy`: strategies, their result chains, indicators,
//! targets and measurements. Coordinators shape the chain and review
//! measurements; decision makers decide targets; the responsible
//! organisation reports.

use super::{Routes, object, perm, spec, upload};
use crate::{api, pages};
use axum::http::Method;
use axum::routing::{get, post};
use verbinding_domain::role::Permission::{Decide, ManageStrategy, ReadObjects, ReportMeasurements};

pub(super) fn pages() -> Routes {
    use pages::{evaluation as e, foresight as f, indicators as i, reviews as r, strategy as s};
    vec![
        (
            object(spec(Method::GET, "/strategy/{id}/scenarios", perm(ReadObjects), "A strategy's future scenarios")),
            get(f::list),
        ),
        (
            object(spec(Method::POST, "/strategy/{id}/scenarios", perm(ManageStrategy), "Add a future scenario")),
            post(f::create),
        ),
        (object(spec(Method::GET, "/strategy/scenarios/{id}", perm(ReadObjects), "A future scenario")), get(f::show)),
        (
            object(spec(Method::GET, "/strategy/scenarios/{id}/edit", perm(ManageStrategy), "Edit a scenario form")),
            get(f::edit_form),
        ),
        (
            object(spec(Method::POST, "/strategy/scenarios/{id}", perm(ManageStrategy), "Update a scenario")),
            post(f::update),
        ),
        (
            object(spec(
                Method::POST,
                "/strategy/scenarios/{id}/stances",
                perm(ManageStrategy),
                "Set a part's stance in a scenario",
            )),
            post(f::set_stance),
        ),
        (
            object(spec(Method::POST, "/strategy/scenarios/{id}/signposts", perm(ManageStrategy), "Add a signpost")),
            post(f::add_signpost),
        ),
        (object(spec(Method::GET, "/strategy/{id}/reviews", perm(ReadObjects), "A strategy's reviews")), get(r::list)),
        (
            object(spec(Method::POST, "/strategy/{id}/reviews", perm(ManageStrategy), "Record a review")),
            post(r::create),
        ),
        (object(spec(Method::GET, "/strategy/reviews/{id}", perm(ReadObjects), "A review")), get(r::show)),
        (
            object(spec(Method::POST, "/strategy/reviews/{id}/decisions", perm(ManageStrategy), "Record a decision")),
            post(r::add_decision),
        ),
        (
            object(spec(Method::POST, "/strategy/reviews/{id}/actions", perm(ManageStrategy), "Record an action")),
            post(r::add_action),
        ),
        (
            object(spec(
                Method::POST,
                "/strategy/reviews/{id}/actions/done",
                perm(ManageStrategy),
                "Mark a review's action done",
            )),
            post(r::complete_action),
        ),
        (spec(Method::GET, "/strategy", perm(ReadObjects), "Strategies"), get(s::list)),
        (spec(Method::GET, "/strategy/new", perm(ManageStrategy), "New strategy form"), get(s::new_form)),
        (spec(Method::POST, "/strategy", perm(ManageStrategy), "Create a strategy"), post(s::create)),
        (object(spec(Method::GET, "/strategy/{id}", perm(ReadObjects), "A strategy's result chain")), get(s::show)),
        (
            object(spec(Method::GET, "/strategy/{id}/edit", perm(ManageStrategy), "Edit a strategy form")),
            get(s::edit_form),
        ),
        (object(spec(Method::POST, "/strategy/{id}", perm(ManageStrategy), "Update a strategy")), post(s::update)),
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
                "/strategy/objectives/{id}/work",
                perm(ManageStrategy),
                "Link a dossier, incident or draaiboek that serves a part",
            )),
            post(s::link_work),
        ),
        (
            object(spec(
                Method::POST,
                "/strategy/objectives/{id}/work/remove",
                perm(ManageStrategy),
                "Unlink work from a part",
            )),
            post(s::unlink_work),
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
            upload(object(spec(
                Method::POST,
                "/strategy/indicators/{id}/measurements",
                perm(ReportMeasurements),
                "Submit a measurement, with a file as evidence (at most 10 MiB) if one is chosen",
            ))),
            post(i::submit_measurement),
        ),
        (
            upload(object(spec(
                Method::POST,
                "/strategy/measurements/{id}/evidence",
                perm(ReportMeasurements),
                "Add a file as evidence to one's own measurement while it waits for review",
            ))),
            post(i::attach_evidence),
        ),
        (
            object(spec(Method::GET, "/strategy/evidence/{id}", perm(ReadObjects), "Download an evidence file")),
            get(i::evidence),
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
            upload(object(spec(
                Method::POST,
                "/api/v1/strategy/measurements/{id}/evidence",
                perm(ReportMeasurements),
                "Add a file as evidence (multipart/form-data, part `file`, at most 10 MiB) to one's own waiting measurement",
            ))),
            post(a::attach_evidence),
        ),
        (
            object(spec(Method::GET, "/api/v1/strategy/evidence/{id}", perm(ReadObjects), "Download an evidence file")),
            get(a::evidence),
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
