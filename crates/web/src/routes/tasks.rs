//! The routes of `tasks` (a run's tasks): claim, delegate, comment, and the
//! attachments of a task.

use super::{Routes, object, perm, spec, upload};
use crate::{api, pages};
use axum::http::Method;
use axum::routing::{get, post};
use verbinding_domain::role::Permission::{ReadObjects, WriteObjects};

pub(super) fn pages() -> Routes {
    vec![
        (
            object(spec(
                Method::POST,
                "/executions/{id}/notes",
                perm(WriteObjects),
                "Claim, delegate or comment on a task one may act on",
            )),
            post(pages::tasks::note),
        ),
        (
            upload(object(spec(
                Method::POST,
                "/executions/{id}/attachments",
                perm(WriteObjects),
                "Attach a file (at most 10 MiB) to a task one may act on",
            ))),
            post(pages::tasks::attach),
        ),
        (
            object(spec(
                Method::GET,
                "/executions/{id}/attachments/{attachment}",
                perm(ReadObjects),
                "Download an attachment of a task",
            )),
            get(pages::tasks::download),
        ),
    ]
}

pub(super) fn api() -> Routes {
    vec![
        (
            object(spec(
                Method::POST,
                "/api/v1/executions/{id}/notes",
                perm(WriteObjects),
                "Claim, delegate (to an email) or comment on a task one may act on",
            )),
            post(api::tasks::note),
        ),
        (
            upload(object(spec(
                Method::POST,
                "/api/v1/executions/{id}/tasks/{task}/attachments",
                perm(WriteObjects),
                "Attach a file (multipart/form-data, part `file`, at most 10 MiB) to a task one may act on",
            ))),
            post(api::tasks::upload),
        ),
        (
            object(spec(
                Method::GET,
                "/api/v1/executions/{id}/attachments",
                perm(ReadObjects),
                "Attachments of the execution's tasks",
            )),
            get(api::tasks::list),
        ),
        (
            object(spec(
                Method::GET,
                "/api/v1/executions/{id}/attachments/{attachment}",
                perm(ReadObjects),
                "Download an attachment (always application/octet-stream, as an attachment)",
            )),
            get(api::tasks::download),
        ),
    ]
}
