//! The route table: the one list every route of the server comes from. The
//! router, the access check, the OpenAPI document and the authorization
//! matrix test are all built from it, so a route cannot exist without an
//! access rule. Each bounded context lists its routes in `routes/x.rs`; this
//! file holds what they share (the access rule, the spec and its helpers),
//! puts their parts together and builds the router.

use crate::errors::{AppError, WebError};
use crate::session::{ApiCaller, Viewer};
use crate::{AppState, middleware};
use axum::Router;
use axum::extract::{Request, State};
use axum::http::Method;
use axum::middleware::{Next, from_fn, from_fn_with_state};
use axum::response::{IntoResponse, Response};
use axum::routing::MethodRouter;
use verbinding_domain::role::Permission;

/// Who may call a route at all. Object routes additionally apply clearance
/// and need-to-know to the object itself (inside the query).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, logged in or not.
    Public,
    /// Any logged-in, active user.
    Authenticated,
    /// A logged-in user one of whose roles grants the permission.
    Permission(Permission),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Surface {
    Page,
    Api,
    Ops,
}

#[derive(Debug, Clone)]
pub struct RouteSpec {
    pub method: Method,
    /// In axum syntax, e.g. `/dossiers/{id}`.
    pub path: &'static str,
    pub surface: Surface,
    pub access: Access,
    /// The route addresses one marked object by `{id}`: invisible objects
    /// answer 404, exactly like absent ones.
    pub object: bool,
    pub summary: &'static str,
    /// The route takes a file upload (multipart/form-data): its body may be
    /// as large as `UPLOAD_BODY_LIMIT`, and a page route checks the form's
    /// anti-forgery token itself (the middleware does not buffer uploads).
    pub upload: bool,
    /// An API route's request, query and response bodies (`api::contract`),
    /// from which the OpenAPI document describes it.
    pub contract: Option<crate::api::contract::Contract>,
}

/// The body limit of upload routes: a 10 MiB file plus the form around it.
/// Beyond the file limit and within this one, the file is refused with the
/// field named.
pub const UPLOAD_BODY_LIMIT: usize = 10 * 1024 * 1024 + 512 * 1024;

fn spec(method: Method, path: &'static str, access: Access, summary: &'static str) -> RouteSpec {
    let surface = if path.starts_with("/api/") {
        Surface::Api
    } else if matches!(path, "/healthz" | "/readyz" | "/metrics") {
        Surface::Ops
    } else {
        Surface::Page
    };
    let contract = crate::api::contract::of(method.as_str(), path);
    RouteSpec { method, path, surface, access, object: false, summary, upload: false, contract }
}

fn object(mut s: RouteSpec) -> RouteSpec {
    s.object = true;
    s
}

fn upload(mut s: RouteSpec) -> RouteSpec {
    s.upload = true;
    s
}

/// Whether a matched route path takes uploads.
pub fn is_upload(path: &str) -> bool {
    static UPLOADS: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    UPLOADS.get_or_init(|| route_table().into_iter().filter(|s| s.upload).map(|s| s.path).collect()).contains(&path)
}

fn perm(p: Permission) -> Access {
    Access::Permission(p)
}

/// One context's part of the table: each route with its handler.
type Routes = Vec<(RouteSpec, MethodRouter<AppState>)>;

/// A context's pages and its API routes.
type Part = (fn() -> Routes, fn() -> Routes);

// One module per bounded context, named as the context is in every other
// tier (`app::x`, `store::x`, `pages::x`, `api::x`, `i18n::x`); `shell` holds
// the routes of no one context.
mod assessments;
mod audit;
mod auth;
mod catalogue;
mod consultations;
mod decisions;
mod directory;
mod dossiers;
mod executions;
mod incidents;
mod playbooks;
mod portfolio;
mod response;
mod shell;
mod strategy;
mod tasks;
mod users;

/// Every context's part, in the order the table lists them: each part's
/// pages, then each part's API routes. The order changes nothing but the
/// order of the authorization matrix's requests (axum matches by path, the
/// OpenAPI document sorts its paths).
const PARTS: [Part; 17] = [
    (shell::pages, shell::api),
    (auth::pages, auth::api),
    (directory::pages, directory::api),
    (users::pages, users::api),
    (audit::pages, audit::api),
    (dossiers::pages, dossiers::api),
    (incidents::pages, incidents::api),
    (assessments::pages, assessments::api),
    (response::pages, response::api),
    (consultations::pages, consultations::api),
    (decisions::pages, decisions::api),
    (catalogue::pages, catalogue::api),
    (playbooks::pages, playbooks::api),
    (executions::pages, executions::api),
    (tasks::pages, tasks::api),
    (strategy::pages, strategy::api),
    (portfolio::pages, portfolio::api),
];

/// Every route with its handler.
fn table() -> Routes {
    let pages = PARTS.iter().flat_map(|(pages, _)| pages());
    let api = PARTS.iter().flat_map(|(_, api)| api());
    pages.chain(api).collect()
}

/// The table without handlers, for the OpenAPI document and tests.
pub fn route_table() -> Vec<RouteSpec> {
    table().into_iter().map(|(s, _)| s).collect()
}

/// Checks the route's access rule before the handler runs, and leaves the
/// authenticated caller in the request for the handler's extractor.
async fn enforce(spec: RouteSpec, state: AppState, req: Request, next: Next) -> Response {
    let label = RouteLabel(spec.path);
    let mut response = match check(spec, state, req, next).await {
        Ok(r) => r,
        Err(e) => e.into_response(),
    };
    response.extensions_mut().insert(label);
    response
}

/// The matched route, passed outwards for metrics and logs.
#[derive(Debug, Clone, Copy)]
pub struct RouteLabel(pub &'static str);

async fn check(spec: RouteSpec, state: AppState, req: Request, next: Next) -> Result<Response, WebError> {
    let (mut parts, body) = req.into_parts();
    let principal = match (spec.access, spec.surface) {
        (Access::Public, _) => None,
        (_, Surface::Api) => {
            let caller =
                <ApiCaller as axum::extract::FromRequestParts<AppState>>::from_request_parts(&mut parts, &state)
                    .await?;
            let p = caller.principal.clone();
            parts.extensions.insert(caller);
            Some(p)
        }
        _ => Some(
            <Viewer as axum::extract::FromRequestParts<AppState>>::from_request_parts(&mut parts, &state)
                .await?
                .principal,
        ),
    };
    if let (Access::Permission(p), Some(principal)) = (spec.access, principal)
        && !principal.has(p)
    {
        return Err(AppError::Forbidden.into());
    }
    Ok(next.run(Request::from_parts(parts, body)).await)
}

pub fn router(state: AppState) -> Router {
    let mut router: Router<AppState> = Router::new();
    for (spec, handler) in table() {
        let path = spec.path;
        let handler =
            if spec.upload { handler.layer(axum::extract::DefaultBodyLimit::max(UPLOAD_BODY_LIMIT)) } else { handler };
        let guarded = handler
            .route_layer(from_fn_with_state(state.clone(), move |State(s): State<AppState>, req, next| {
                enforce(spec.clone(), s, req, next)
            }));
        router = router.route(path, guarded);
    }
    router
        .fallback(|| async { WebError::App(AppError::NotFound) })
        .layer(from_fn_with_state(state.clone(), middleware::csrf))
        .layer(from_fn(middleware::refused_characters_in_address))
        .layer(from_fn_with_state(state.clone(), middleware::render_errors))
        .layer(from_fn_with_state(state.clone(), middleware::security_headers))
        .layer(from_fn_with_state(state.clone(), middleware::request_context))
        .with_state(state)
}
