//! The routes of `audit`: the audit trail, filtered by the caller's clearance
//! and need-to-know.

use super::{Routes, perm, spec};
use crate::{api, pages};
use axum::http::Method;
use axum::routing::get;
use verbinding_domain::role::Permission::ViewAudit;

pub(super) fn pages() -> Routes {
    vec![
        (spec(Method::GET, "/audit", perm(ViewAudit), "Audit trail"), get(pages::audit::list)),
        (
            spec(Method::GET, "/audit/export.csv", perm(ViewAudit), "The audit trail as CSV, with the page's filters"),
            get(pages::exports::audit),
        ),
    ]
}

pub(super) fn api() -> Routes {
    vec![(
        spec(Method::GET, "/api/v1/audit", perm(ViewAudit), "Audit entries visible to the caller"),
        get(api::audit::list),
    )]
}
