//! The route table: the one list every route of the server comes from. The
//! router, the access check, the OpenAPI document and the authorization
//! matrix test are all built from it, so a route cannot exist without an
//! access rule.

use crate::errors::{AppError, WebError};
use crate::session::{ApiCaller, Viewer};
use crate::{AppState, api, middleware, ops, pages};
use axum::Router;
use axum::extract::{Request, State};
use axum::http::Method;
use axum::middleware::{Next, from_fn, from_fn_with_state};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, get, post, put};
use verbinding_domain::role::Permission;

mod draaiboeken;

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
    pub contract: Option<api::contract::Contract>,
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
    let contract = api::contract::of(method.as_str(), path);
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

use Access::{Authenticated, Public};
use Permission::{
    Coordinate, Decide, ManageCatalogue, ManageUsers, ReadObjects, ViewAudit, ViewDirectory, WriteObjects,
};

fn perm(p: Permission) -> Access {
    Access::Permission(p)
}

/// Every route with its handler.
fn table() -> Vec<(RouteSpec, MethodRouter<AppState>)> {
    vec![
        // Operations
        (spec(Method::GET, "/healthz", Public, "Liveness"), get(ops::healthz)),
        (spec(Method::GET, "/readyz", Public, "Readiness: the database answers"), get(ops::readyz)),
        (spec(Method::GET, "/metrics", Public, "Prometheus metrics"), get(ops::metrics)),
        (spec(Method::GET, "/static/app.css", Public, "Style sheet"), get(pages::assets::css)),
        (spec(Method::GET, "/static/app.js", Public, "Progressive enhancement script"), get(pages::assets::js)),
        // Session
        (spec(Method::GET, "/login", Public, "Login form"), get(pages::login::form)),
        (spec(Method::POST, "/login", Public, "Log in"), post(pages::login::submit)),
        (spec(Method::POST, "/logout", Authenticated, "Log out"), post(pages::login::logout)),
        (spec(Method::POST, "/language", Public, "Choose the language"), post(pages::login::language)),
        // Pages
        (spec(Method::GET, "/", Authenticated, "Dashboard"), get(pages::dashboard::show)),
        (
            spec(Method::GET, "/organisations", perm(ViewDirectory), "Organisations"),
            get(pages::directory::organisations),
        ),
        (
            spec(Method::GET, "/organisations/{code}", perm(ViewDirectory), "Organisation with members"),
            get(pages::directory::organisation),
        ),
        (spec(Method::GET, "/users", perm(ManageUsers), "Users"), get(pages::users::list)),
        (spec(Method::GET, "/users/new", perm(ManageUsers), "New user form"), get(pages::users::new_form)),
        (spec(Method::POST, "/users", perm(ManageUsers), "Create a user"), post(pages::users::create)),
        (spec(Method::GET, "/users/{id}/edit", perm(ManageUsers), "Edit user form"), get(pages::users::edit_form)),
        (spec(Method::POST, "/users/{id}", perm(ManageUsers), "Update a user"), post(pages::users::update)),
        (spec(Method::GET, "/profile", Authenticated, "Profile"), get(pages::profile::show)),
        (
            spec(Method::POST, "/profile/password", Authenticated, "Change password"),
            post(pages::profile::change_password),
        ),
        (
            spec(Method::POST, "/profile/tokens", Authenticated, "Create an API token"),
            post(pages::profile::create_token),
        ),
        (
            spec(Method::POST, "/profile/tokens/{id}/revoke", Authenticated, "Revoke an API token"),
            post(pages::profile::revoke_token),
        ),
        (
            spec(Method::POST, "/profile/logout-everywhere", Authenticated, "End all sessions"),
            post(pages::profile::logout_everywhere),
        ),
        (spec(Method::GET, "/audit", perm(ViewAudit), "Audit trail"), get(pages::audit::list)),
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
        (spec(Method::GET, "/incidents", perm(ReadObjects), "Incidents"), get(pages::incidents::list)),
        (spec(Method::GET, "/incidents/new", perm(WriteObjects), "New incident form"), get(pages::incidents::new_form)),
        (spec(Method::POST, "/incidents", perm(WriteObjects), "Create an incident"), post(pages::incidents::create)),
        (object(spec(Method::GET, "/incidents/{id}", perm(ReadObjects), "Incident")), get(pages::incidents::show)),
        (
            object(spec(Method::GET, "/incidents/{id}/edit", perm(WriteObjects), "Edit incident form")),
            get(pages::incidents::edit_form),
        ),
        (
            object(spec(Method::POST, "/incidents/{id}", perm(WriteObjects), "Update an incident")),
            post(pages::incidents::update),
        ),
        (
            object(spec(
                Method::POST,
                "/incidents/{id}/status",
                perm(WriteObjects),
                "Move an incident to another phase",
            )),
            post(pages::incidents::set_status),
        ),
        (
            object(spec(Method::POST, "/incidents/{id}/notes", perm(WriteObjects), "Add a timeline entry")),
            post(pages::incidents::add_note),
        ),
        (
            object(spec(Method::GET, "/incidents/{id}/assessments/new", perm(WriteObjects), "New assessment form")),
            get(pages::assessments::new_form),
        ),
        (
            object(spec(Method::POST, "/incidents/{id}/assessments", perm(WriteObjects), "Add an assessment")),
            post(pages::assessments::create),
        ),
        (
            object(spec(Method::GET, "/assessments/{id}", perm(ReadObjects), "Assessment with its history")),
            get(pages::assessments::show),
        ),
        (
            object(spec(Method::GET, "/assessments/{id}/edit", perm(WriteObjects), "Edit assessment form")),
            get(pages::assessments::edit_form),
        ),
        (
            object(spec(Method::POST, "/assessments/{id}", perm(WriteObjects), "Revise an assessment")),
            post(pages::assessments::update),
        ),
        (
            object(spec(Method::GET, "/incidents/{id}/response", perm(ReadObjects), "Response plan of an incident")),
            get(pages::response::show),
        ),
        (
            object(spec(Method::POST, "/incidents/{id}/response", perm(WriteObjects), "Propose a measure")),
            post(pages::response::add),
        ),
        (
            object(spec(
                Method::POST,
                "/incidents/{id}/response/status",
                perm(WriteObjects),
                "Move a measure along its lifecycle",
            )),
            post(pages::response::set_status),
        ),
        (
            spec(Method::GET, "/response-options", perm(ReadObjects), "Catalogue of response options"),
            get(pages::response::catalogue),
        ),
        (
            spec(Method::POST, "/response-options", perm(ManageCatalogue), "Add an option to the catalogue"),
            post(pages::response::add_option),
        ),
        (
            spec(
                Method::POST,
                "/response-options/{option}/lapsed",
                perm(ManageCatalogue),
                "Lapse or restore a catalogue option",
            ),
            post(pages::response::set_lapsed),
        ),
        (
            spec(Method::GET, "/renewals", perm(ReadObjects), "Restrictive measures due for renewal"),
            get(pages::response::renewals),
        ),
        (
            object(spec(
                Method::POST,
                "/incidents/{id}/partners",
                perm(WriteObjects),
                "Record a partner's part in the response",
            )),
            post(pages::incidents::add_partner),
        ),
        (
            object(spec(
                Method::GET,
                "/incidents/{id}/consultation",
                perm(ReadObjects),
                "Consultation rounds of an incident",
            )),
            get(pages::consultations::show),
        ),
        (
            object(spec(Method::POST, "/incidents/{id}/consultation", perm(Coordinate), "Open a consultation round")),
            post(pages::consultations::open),
        ),
        (
            object(spec(
                Method::POST,
                "/incidents/{id}/consultation/answer",
                perm(WriteObjects),
                "Answer a consultation round for one's organisation",
            )),
            post(pages::consultations::answer),
        ),
        (
            object(spec(Method::GET, "/incidents/{id}/decisions", perm(ReadObjects), "Decisions on an incident")),
            get(pages::decisions::show),
        ),
        (
            object(spec(Method::POST, "/incidents/{id}/decisions", perm(Coordinate), "Propose a decision")),
            post(pages::decisions::propose),
        ),
        (
            object(spec(
                Method::POST,
                "/incidents/{id}/decisions/sign",
                perm(Decide),
                "Sign a decision someone else proposed",
            )),
            post(pages::decisions::sign),
        ),
        (
            spec(Method::GET, "/threat-actors", perm(ReadObjects), "Threat-actor catalogue"),
            get(pages::incidents::actors),
        ),
        (spec(Method::GET, "/threat-actors/{uuid}", perm(ReadObjects), "Threat actor"), get(pages::incidents::actor)),
    ]
    .into_iter()
    .chain(draaiboeken::pages())
    .chain(vec![
        // JSON API
        (spec(Method::GET, "/api/v1/openapi.json", Public, "This OpenAPI document"), get(api::openapi::document)),
        (
            spec(Method::POST, "/api/v1/tokens", Public, "Exchange email and password for an API token"),
            post(api::tokens::create),
        ),
        (spec(Method::GET, "/api/v1/me", Authenticated, "The calling user"), get(api::directory::me)),
        (
            spec(Method::GET, "/api/v1/organisations", perm(ViewDirectory), "List organisations"),
            get(api::directory::organisations),
        ),
        (
            spec(Method::GET, "/api/v1/organisations/{code}", perm(ViewDirectory), "One organisation"),
            get(api::directory::organisation),
        ),
        (spec(Method::GET, "/api/v1/users", perm(ViewDirectory), "List users"), get(api::directory::users)),
        (spec(Method::POST, "/api/v1/users", perm(ManageUsers), "Create a user"), post(api::directory::create_user)),
        (spec(Method::GET, "/api/v1/users/{id}", perm(ViewDirectory), "One user"), get(api::directory::user)),
        (
            spec(Method::PUT, "/api/v1/users/{id}", perm(ManageUsers), "Update a user (with version)"),
            put(api::directory::update_user),
        ),
        (spec(Method::GET, "/api/v1/dossiers", perm(ReadObjects), "List visible dossiers"), get(api::dossiers::list)),
        (spec(Method::POST, "/api/v1/dossiers", perm(WriteObjects), "Create a dossier"), post(api::dossiers::create)),
        (object(spec(Method::GET, "/api/v1/dossiers/{id}", perm(ReadObjects), "One dossier")), get(api::dossiers::get)),
        (
            object(spec(Method::PUT, "/api/v1/dossiers/{id}", perm(WriteObjects), "Update a dossier (with version)")),
            put(api::dossiers::update),
        ),
        (
            spec(Method::GET, "/api/v1/audit", perm(ViewAudit), "Audit entries visible to the caller"),
            get(api::audit::list),
        ),
        (
            spec(
                Method::GET,
                "/api/v1/incidents",
                perm(ReadObjects),
                "List visible incidents (filters: status, actor, sector, severity, from, to, lead, sort)",
            ),
            get(api::incidents::list),
        ),
        (
            spec(Method::POST, "/api/v1/incidents", perm(WriteObjects), "Create an incident"),
            post(api::incidents::create),
        ),
        (
            object(spec(Method::GET, "/api/v1/incidents/{id}", perm(ReadObjects), "One incident")),
            get(api::incidents::get),
        ),
        (
            object(spec(
                Method::PUT,
                "/api/v1/incidents/{id}",
                perm(WriteObjects),
                "Update an incident (with version)",
            )),
            put(api::incidents::update),
        ),
        (
            object(spec(
                Method::POST,
                "/api/v1/incidents/{id}/status",
                perm(WriteObjects),
                "Move an incident one phase (with version)",
            )),
            post(api::incidents::set_status),
        ),
        (
            object(spec(Method::GET, "/api/v1/incidents/{id}/timeline", perm(ReadObjects), "Timeline of an incident")),
            get(api::incidents::timeline),
        ),
        (
            object(spec(Method::POST, "/api/v1/incidents/{id}/timeline", perm(WriteObjects), "Add a timeline entry")),
            post(api::incidents::add_note),
        ),
        (
            object(spec(
                Method::GET,
                "/api/v1/incidents/{id}/assessments",
                perm(ReadObjects),
                "Assessments of an incident (readable, and restricted ones whose existence the caller may know)",
            )),
            get(api::assessments::for_incident),
        ),
        (
            object(spec(Method::POST, "/api/v1/incidents/{id}/assessments", perm(WriteObjects), "Add an assessment")),
            post(api::assessments::create),
        ),
        (
            object(spec(Method::GET, "/api/v1/assessments/{id}", perm(ReadObjects), "One assessment")),
            get(api::assessments::get),
        ),
        (
            object(spec(
                Method::PUT,
                "/api/v1/assessments/{id}",
                perm(WriteObjects),
                "Revise an assessment (author organisation, with version)",
            )),
            put(api::assessments::update),
        ),
        (
            object(spec(
                Method::GET,
                "/api/v1/assessments/{id}/versions",
                perm(ReadObjects),
                "Version history of an assessment",
            )),
            get(api::assessments::versions),
        ),
        (
            object(spec(
                Method::GET,
                "/api/v1/incidents/{id}/response-plan",
                perm(ReadObjects),
                "Response plan with proportionality warnings",
            )),
            get(api::response::plan),
        ),
        (
            object(spec(Method::POST, "/api/v1/incidents/{id}/response-plan", perm(WriteObjects), "Propose a measure")),
            post(api::response::add),
        ),
        (
            object(spec(
                Method::POST,
                "/api/v1/incidents/{id}/response-plan/status",
                perm(WriteObjects),
                "Move a measure along its lifecycle (with version)",
            )),
            post(api::response::set_status),
        ),
        (
            spec(Method::GET, "/api/v1/response-options", perm(ReadObjects), "Catalogue of response options"),
            get(api::response::options),
        ),
        (
            spec(Method::POST, "/api/v1/response-options", perm(ManageCatalogue), "Add an option to the catalogue"),
            post(api::response::add_option),
        ),
        (
            spec(
                Method::POST,
                "/api/v1/response-options/{option}/lapsed",
                perm(ManageCatalogue),
                "Lapse or restore a catalogue option",
            ),
            post(api::response::set_lapsed),
        ),
        (
            spec(
                Method::GET,
                "/api/v1/renewals",
                perm(ReadObjects),
                "Restrictive measures due for renewal within 90 days",
            ),
            get(api::response::renewals),
        ),
        (
            object(spec(
                Method::GET,
                "/api/v1/incidents/{id}/partners",
                perm(ReadObjects),
                "Partners informed, joining or declining",
            )),
            get(api::incidents::partners),
        ),
        (
            object(spec(
                Method::POST,
                "/api/v1/incidents/{id}/partners",
                perm(WriteObjects),
                "Record a partner's part in the response",
            )),
            post(api::incidents::add_partner),
        ),
        (
            object(spec(
                Method::GET,
                "/api/v1/incidents/{id}/consultations",
                perm(ReadObjects),
                "Consultation rounds with answers and result",
            )),
            get(api::decisions::rounds),
        ),
        (
            object(spec(
                Method::POST,
                "/api/v1/incidents/{id}/consultations",
                perm(Coordinate),
                "Open a consultation round",
            )),
            post(api::decisions::open_round),
        ),
        (
            object(spec(
                Method::POST,
                "/api/v1/incidents/{id}/consultations/answers",
                perm(WriteObjects),
                "Answer a consultation round for one's organisation",
            )),
            post(api::decisions::answer),
        ),
        (
            object(spec(
                Method::GET,
                "/api/v1/incidents/{id}/decisions",
                perm(ReadObjects),
                "Attribution and response decisions",
            )),
            get(api::decisions::decisions),
        ),
        (
            object(spec(Method::POST, "/api/v1/incidents/{id}/decisions", perm(Coordinate), "Propose a decision")),
            post(api::decisions::propose),
        ),
        (
            object(spec(
                Method::POST,
                "/api/v1/incidents/{id}/decisions/sign",
                perm(Decide),
                "Sign a decision someone else proposed (with version)",
            )),
            post(api::decisions::sign),
        ),
        (
            spec(Method::GET, "/api/v1/threat-actors", perm(ReadObjects), "Search the threat-actor catalogue"),
            get(api::incidents::actors),
        ),
        (
            spec(Method::GET, "/api/v1/threat-actors/{uuid}", perm(ReadObjects), "One threat actor"),
            get(api::incidents::actor),
        ),
    ])
    .chain(draaiboeken::api())
    .collect()
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
        .layer(from_fn_with_state(state.clone(), middleware::render_errors))
        .layer(from_fn(middleware::security_headers))
        .layer(from_fn_with_state(state.clone(), middleware::request_context))
        .with_state(state)
}
