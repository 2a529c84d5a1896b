//! The routes of `executions` (runs of a draaiboek): starting one, the
//! run's graph and commands, the inbox and the overview of running ones.

use super::{Routes, object, perm, spec};
use crate::{api, pages};
use axum::http::Method;
use axum::routing::{get, post};
use verbinding_domain::role::Permission::{Coordinate, ReadObjects};

pub(super) fn pages() -> Routes {
    vec![
        (
            object(spec(
                Method::GET,
                "/incidents/{id}/executions",
                perm(ReadObjects),
                "Draaiboeken run for an incident",
            )),
            get(pages::executions::incident_tab),
        ),
        (
            object(spec(
                Method::POST,
                "/incidents/{id}/executions",
                perm(Coordinate),
                "Start a draaiboek for an incident",
            )),
            post(pages::executions::start),
        ),
        (
            object(spec(
                Method::GET,
                "/executions/{id}",
                perm(ReadObjects),
                "One run: the graph with each step's status, who we are waiting for, one's tasks",
            )),
            get(pages::executions::show),
        ),
        (
            object(spec(
                Method::POST,
                "/executions/{id}/commands",
                perm(ReadObjects),
                "Answer a task; pause, resume or cancel the run",
            )),
            post(pages::executions::command),
        ),
        (spec(Method::GET, "/inbox", perm(ReadObjects), "My open tasks"), get(pages::executions::inbox)),
        (
            spec(
                Method::GET,
                "/executions",
                perm(ReadObjects),
                "Running draaiboeken with open and overdue task counts",
            ),
            get(pages::executions::overview),
        ),
    ]
}

pub(super) fn api() -> Routes {
    vec![
        (
            object(spec(
                Method::POST,
                "/api/v1/incidents/{id}/executions",
                perm(Coordinate),
                "Start a draaiboek for the incident (bound to its need-to-know)",
            )),
            post(api::executions::start),
        ),
        (
            spec(
                Method::POST,
                "/api/v1/executions",
                perm(Coordinate),
                "Start a draaiboek on its own (an exercise), with its own marking",
            ),
            post(api::executions::start_standalone),
        ),
        (
            object(spec(
                Method::GET,
                "/api/v1/incidents/{id}/executions",
                perm(ReadObjects),
                "Executions of an incident",
            )),
            get(api::executions::for_incident),
        ),
        (
            object(spec(
                Method::GET,
                "/api/v1/executions/{id}",
                perm(ReadObjects),
                "One execution: step statuses, who we are waiting for, tasks",
            )),
            get(api::executions::show),
        ),
        (
            object(spec(
                Method::POST,
                "/api/v1/executions/{id}/commands",
                perm(ReadObjects),
                "Complete, approve, skip a task; pause, resume, cancel; add a step",
            )),
            post(api::executions::command),
        ),
        (
            spec(Method::GET, "/api/v1/inbox", perm(ReadObjects), "Open tasks for me and my organisation"),
            get(api::executions::inbox),
        ),
    ]
}
