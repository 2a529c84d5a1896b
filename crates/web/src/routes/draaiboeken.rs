//! The routes of draaiboeken and their runs (P9): pages and API. Part of
//! the route table in `routes.rs`.

use super::{RouteSpec, object, perm, spec, upload};
use crate::{AppState, api, pages};
use axum::http::Method;
use axum::routing::{MethodRouter, get, post};
use verbinding_domain::role::Permission::{Coordinate, Decide, ReadObjects, WriteObjects};

pub(super) fn pages() -> Vec<(RouteSpec, MethodRouter<AppState>)> {
    vec![
        // Draaiboeken
        (
            spec(Method::GET, "/draaiboeken", perm(ReadObjects), "Draaiboeken (CACAO playbooks)"),
            get(pages::playbooks::list),
        ),
        (
            upload(spec(
                Method::POST,
                "/draaiboeken/import",
                perm(Coordinate),
                "Import a CACAO 2.0 playbook from a file or pasted JSON (strict or lenient)",
            )),
            post(pages::playbook_import::import),
        ),
        (
            object(spec(Method::GET, "/draaiboeken/{id}", perm(ReadObjects), "One draaiboek and its versions")),
            get(pages::playbooks::show),
        ),
        (
            object(spec(
                Method::GET,
                "/draaiboeken/{id}/export",
                perm(ReadObjects),
                "Download a version as CACAO JSON",
            )),
            get(pages::playbooks::export),
        ),
        (
            object(spec(
                Method::POST,
                "/draaiboeken/{id}/approve",
                perm(Decide),
                "Approve the current version (not one's own import)",
            )),
            post(pages::playbooks::approve),
        ),
        (
            object(spec(
                Method::POST,
                "/draaiboeken/{id}/executions",
                perm(Coordinate),
                "Start the draaiboek on its own (an exercise), with its own marking",
            )),
            post(pages::playbooks::start_standalone),
        ),
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
        (
            object(spec(
                Method::POST,
                "/executions/{id}/notes",
                perm(WriteObjects),
                "Claim, delegate or comment on a task one may act on",
            )),
            post(pages::execution_tasks::note),
        ),
        (
            upload(object(spec(
                Method::POST,
                "/executions/{id}/attachments",
                perm(WriteObjects),
                "Attach a file (at most 10 MiB) to a task one may act on",
            ))),
            post(pages::execution_tasks::attach),
        ),
        (
            object(spec(
                Method::GET,
                "/executions/{id}/attachments/{attachment}",
                perm(ReadObjects),
                "Download an attachment of a task",
            )),
            get(pages::execution_tasks::download),
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

pub(super) fn api() -> Vec<(RouteSpec, MethodRouter<AppState>)> {
    vec![
        (
            spec(Method::GET, "/api/v1/playbooks", perm(ReadObjects), "Draaiboeken one may see"),
            get(api::playbooks::list),
        ),
        (
            spec(
                Method::POST,
                "/api/v1/playbooks",
                perm(Coordinate),
                "Import a CACAO 2.0 playbook (strict or lenient): a new draaiboek or version",
            ),
            post(api::playbooks::import),
        ),
        (
            object(spec(Method::GET, "/api/v1/playbooks/{id}", perm(ReadObjects), "One draaiboek and its versions")),
            get(api::playbooks::show),
        ),
        (
            object(spec(
                Method::GET,
                "/api/v1/playbooks/{id}/document",
                perm(ReadObjects),
                "The CACAO JSON of a version (?version=N), as imported",
            )),
            get(api::playbooks::document),
        ),
        (
            object(spec(
                Method::POST,
                "/api/v1/playbooks/{id}/approve",
                perm(Decide),
                "Approve the current version (not one's own import)",
            )),
            post(api::playbooks::approve),
        ),
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
            object(spec(
                Method::POST,
                "/api/v1/executions/{id}/notes",
                perm(WriteObjects),
                "Claim, delegate (to an email) or comment on a task one may act on",
            )),
            post(api::executions::note),
        ),
        (
            upload(object(spec(
                Method::POST,
                "/api/v1/executions/{id}/tasks/{task}/attachments",
                perm(WriteObjects),
                "Attach a file (multipart/form-data, part `file`, at most 10 MiB) to a task one may act on",
            ))),
            post(api::execution_tasks::upload),
        ),
        (
            object(spec(
                Method::GET,
                "/api/v1/executions/{id}/attachments",
                perm(ReadObjects),
                "Attachments of the execution's tasks",
            )),
            get(api::execution_tasks::list),
        ),
        (
            object(spec(
                Method::GET,
                "/api/v1/executions/{id}/attachments/{attachment}",
                perm(ReadObjects),
                "Download an attachment (always application/octet-stream, as an attachment)",
            )),
            get(api::execution_tasks::download),
        ),
        (
            spec(Method::GET, "/api/v1/inbox", perm(ReadObjects), "Open tasks for me and my organisation"),
            get(api::executions::inbox),
        ),
    ]
}
