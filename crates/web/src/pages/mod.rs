//! Server-rendered pages. Each module is one part of the product; they share
//! the rendering helper below so every page gets the same shell, language,
//! anti-forgery token and request id.

mod agent_names;
pub mod assessments;
pub mod assets;
pub mod audit;
pub mod auth;
pub mod catalogue;
pub mod consultations;
pub mod dashboard;
pub mod decisions;
pub mod directory;
pub mod dossiers;
pub mod evaluation;
pub mod executions;
pub mod exports;
pub mod foresight;
pub mod incidents;
pub mod indicators;
pub mod playbooks;
pub mod portfolio;
pub mod response;
pub mod reviews;
mod run_history;
pub mod strategy;
pub mod tasks;
pub mod uploads;
pub mod users;

use crate::AppState;
use crate::errors::{AppError, WebError};
use crate::i18n::Lang;
use crate::middleware::RequestCtx;
use crate::session::{CSRF_COOKIE, Viewer, cookie, random_token, set_cookie};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use minijinja::{Value, context};
use verbinding_domain::FieldError;
use verbinding_domain::role::Permission;

/// Where the language switch returns to: this page, unless it was reached by
/// a form post (a POST target is not a page to return to).
fn return_path(ctx: &RequestCtx) -> &str {
    if ctx.path.starts_with('/') { &ctx.path } else { "/" }
}

/// The `?notice=` a page shows after a form succeeded (post/redirect/get).
#[derive(serde::Deserialize, Default)]
pub struct Notice {
    pub notice: Option<String>,
}

/// Renders a page for a logged-in viewer.
pub fn render(
    state: &AppState,
    viewer: &Viewer,
    ctx: &RequestCtx,
    template: &str,
    page: Value,
) -> Result<Response, WebError> {
    Ok(Html(render_html(state, viewer, ctx, template, page)?).into_response())
}

/// The HTML of a page for a logged-in viewer.
pub(crate) fn render_html(
    state: &AppState,
    viewer: &Viewer,
    ctx: &RequestCtx,
    template: &str,
    page: Value,
) -> Result<String, WebError> {
    let p = &viewer.principal;
    let base = context! {
        lang => viewer.lang.code(),
        tz => viewer.zone.name(),
        request_id => ctx.request_id,
        self_path => return_path(ctx),
        csrf => viewer.csrf,
        open_tasks => viewer.open_tasks,
        user => context! {
            id => viewer.user.id,
            name => viewer.user.name,
            email => viewer.user.email,
        },
        can => context! {
            directory => p.has(Permission::ViewDirectory),
            read => p.has(Permission::ReadObjects),
            write => p.has(Permission::WriteObjects),
            users => p.has(Permission::ManageUsers),
            audit => p.has(Permission::ViewAudit),
            coordinate => p.has(Permission::Coordinate),
            decide => p.has(Permission::Decide),
            catalogue => p.has(Permission::ManageCatalogue),
            strategy => p.has(Permission::ManageStrategy),
        },
    };
    Ok(state.templates.render(template, context! { ..page, ..base })?)
}

/// A page rendered once for reuse (see `cache`): everything but the request
/// id, which differs per response, is fixed by what the cache keys on. The
/// page is rendered with a marker in the request id's place and split there.
pub struct Reusable {
    parts: Vec<String>,
    status: StatusCode,
}

/// A per-process random marker: page content cannot contain it by chance or
/// by design, since it never leaves the process.
fn request_id_marker() -> &'static str {
    static MARKER: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    MARKER.get_or_init(|| format!("request-id-{}", random_token()))
}

impl Reusable {
    /// The answer for one request. Request ids are generated UUIDs, which
    /// need no escaping.
    pub fn response(&self, request_id: &str) -> Response {
        let mut html = String::with_capacity(self.size() + self.parts.len() * request_id.len());
        for (i, part) in self.parts.iter().enumerate() {
            if i > 0 {
                html.push_str(request_id);
            }
            html.push_str(part);
        }
        (self.status, Html(html)).into_response()
    }

    /// The size in bytes, for the cache's bound.
    pub fn size(&self) -> usize {
        self.parts.iter().map(String::len).sum()
    }
}

/// Renders a page for a logged-in viewer for reuse by later requests.
pub fn render_reusable(
    state: &AppState,
    viewer: &Viewer,
    ctx: &RequestCtx,
    template: &str,
    page: Value,
    status: StatusCode,
) -> Result<Reusable, WebError> {
    let marker = request_id_marker();
    let with_marker = RequestCtx { request_id: marker.to_string(), ..ctx.clone() };
    let html = render_html(state, viewer, &with_marker, template, page)?;
    Ok(Reusable { parts: html.split(marker).map(str::to_string).collect(), status })
}

/// Renders a page for someone not logged in, issuing the pre-session
/// cookie when there is none yet; its forms carry the token bound to it.
pub fn render_anonymous(
    state: &AppState,
    headers: &HeaderMap,
    lang: Lang,
    ctx: &RequestCtx,
    template: &str,
    page: Value,
) -> Result<Response, WebError> {
    let existing = cookie(headers, CSRF_COOKIE).filter(|c| c.len() == 64);
    let presession = existing.clone().unwrap_or_else(random_token);
    let base = context! {
        lang => lang.code(),
        request_id => ctx.request_id,
        self_path => return_path(ctx),
        csrf => crate::session::presession_token(state, &presession),
        user => Value::from(()),
    };
    let html = state.templates.render(template, context! { ..page, ..base })?;
    let mut response = Html(html).into_response();
    if existing.is_none()
        && let Ok(v) = HeaderValue::from_str(&set_cookie(CSRF_COOKIE, &presession, None, state.config.secure_cookies))
    {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
    Ok(response)
}

/// Field errors as a map field → list of message keys, for templates.
pub fn field_errors(errors: &[FieldError]) -> Value {
    let mut map = std::collections::BTreeMap::<&str, Vec<String>>::new();
    for e in errors {
        map.entry(e.field).or_default().push(format!("error.{}", e.code));
    }
    Value::from_serialize(&map)
}

/// Field errors as a list for the error summary at the top of a form.
pub fn error_list(errors: &[FieldError]) -> Value {
    Value::from_serialize(
        errors.iter().map(|e| context! { field => e.field, key => format!("error.{}", e.code) }).collect::<Vec<_>>(),
    )
}

/// Splits a validation failure from other errors: pages re-render their form
/// with the former and pass the latter on.
pub fn form_errors(e: AppError) -> Result<Vec<FieldError>, AppError> {
    match e {
        AppError::Invalid(f) => Ok(f),
        AppError::Conflict => Ok(vec![FieldError::new("version", "conflict")]),
        other => Err(other),
    }
}

/// A form page shown again with errors answers 409 for a stale edit and 422
/// for invalid input, so scripts and tests can tell them from success.
pub fn with_form_status(mut r: Response, errors: &[FieldError]) -> Response {
    if errors.iter().any(|e| e.code == "conflict") {
        *r.status_mut() = axum::http::StatusCode::CONFLICT;
    } else if !errors.is_empty() {
        *r.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
    }
    r
}

/// A redirect after a successful POST (303 so the browser GETs).
pub fn see_other(location: &str) -> Response {
    axum::response::Redirect::to(location).into_response()
}

/// Classification options for forms: (id, set) in order.
pub fn classification_options() -> Value {
    Value::from_serialize(
        verbinding_domain::classification::all_labels()
            .map(|l| context! { id => l.id, set => l.set })
            .collect::<Vec<_>>(),
    )
}

pub fn clearance_options() -> Value {
    Value::from_serialize(verbinding_domain::classification::NATIONAL.iter().map(|l| l.id).collect::<Vec<_>>())
}

pub fn role_options() -> Value {
    Value::from_serialize(verbinding_domain::role::Role::ALL.iter().map(|r| r.id()).collect::<Vec<_>>())
}

/// Shows a marked object's form: the context's own fields in `values` and
/// `own`, and what every marked form offers — organisations, classifications,
/// TLP, the errors — with 409/422 when it comes back refused.
pub async fn marked_form(
    state: &AppState,
    viewer: &Viewer,
    ctx: &RequestCtx,
    template: &str,
    values: Value,
    errors: &[FieldError],
    own: Value,
) -> Result<Response, WebError> {
    let orgs = crate::cache::orgs(state).await?;
    let r = render(
        state,
        viewer,
        ctx,
        template,
        context! {
            values,
            errors => field_errors(errors),
            error_list => error_list(errors),
            orgs => Value::from_serialize(&orgs),
            classifications => classification_options(),
            tlps => verbinding_domain::tlp::Tlp::ALL.iter().map(|t| t.id()).collect::<Vec<_>>(),
            ..own
        },
    )?;
    Ok(with_form_status(r, errors))
}

/// What an edit form needs to know about the object besides its values: its
/// id, and whether the editor decides its marking (originator control). One
/// who does not sees the marking and the lead as text, with the stored
/// values carried unchanged, and the owner who does decide.
/// Numbers per incident: its first consultation round (or decision) is 1,
/// whatever its id, which stays in the address. Keyed by the id as text, for
/// `round_no[r.id | string]` in a template.
pub fn numbering(ids: impl IntoIterator<Item = i64>) -> Value {
    let mut ids: Vec<i64> = ids.into_iter().collect();
    ids.sort_unstable();
    ids.dedup();
    let map: std::collections::BTreeMap<String, usize> =
        ids.into_iter().enumerate().map(|(i, id)| (id.to_string(), i + 1)).collect();
    Value::from_serialize(&map)
}

pub fn editing(id: i64, decides_marking: bool, owner: Option<String>) -> Value {
    context! { editing => id, marking_fixed => !decides_marking, owner }
}

/// The marking fields of a submitted form, to show them again.
pub fn marking_values(f: &FormPairs) -> Value {
    context! {
        classification => f.get("classification"), tlp => f.get("tlp"), open_to_all => f.checked("open_to_all"),
        need_to_know => f.all("need_to_know"), need_to_know_users => f.get("need_to_know_users"),
        version => f.get("version"),
    }
}

/// The marking a new object's form starts with: Departementaal Vertrouwelijk,
/// TLP amber, need-to-know the writer's own organisation. The writer chooses.
pub fn new_marking(own: &str) -> Value {
    context! {
        classification => "dep-v", tlp => "amber", open_to_all => false, need_to_know => vec![own.to_string()],
        need_to_know_users => "", version => 0,
    }
}

/// [`stored_marking`] of a stored row with the usual marking fields.
macro_rules! stored_marking_of {
    ($row:expr) => {
        super::stored_marking(
            &$row.classification,
            &$row.tlp,
            $row.open_to_all,
            &$row.need_to_know,
            &$row.need_to_know_users,
            $row.version,
        )
    };
}
pub(crate) use stored_marking_of;

/// The stored marking of an object (classification, TLP, open to all,
/// need-to-know organisations and users, version), for its edit form.
pub fn stored_marking(
    classification: &str,
    tlp: &str,
    open_to_all: i64,
    need_to_know: &[String],
    need_to_know_users: &[String],
    version: i64,
) -> Value {
    context! {
        classification, tlp, open_to_all => open_to_all == 1, need_to_know,
        need_to_know_users => need_to_know_users.join(", "), version,
    }
}

/// Named users are typed as emails separated by commas, spaces or lines.
fn split_emails(s: &str) -> Vec<String> {
    s.split(|c: char| c == ',' || c == ';' || c.is_whitespace()).filter(|e| !e.is_empty()).map(str::to_string).collect()
}

/// The marking fields every object form carries.
pub fn marking_from(f: &FormPairs) -> verbinding_domain::marking::MarkingInput {
    verbinding_domain::marking::MarkingInput {
        classification: f.get("classification"),
        tlp: f.get("tlp"),
        open_to_all: f.checked("open_to_all"),
        orgs: f.all("need_to_know"),
        users: split_emails(&f.get("need_to_know_users")),
    }
}

/// A submitted form as pairs, so repeated fields (checkbox groups) survive.
pub struct FormPairs(pub Vec<(String, String)>);

/// Refuses a form whose field name or value holds a NUL or another control
/// character but tab and line breaks (only a crafted request sends one;
/// PostgreSQL cannot store NUL), naming the field.
pub fn refuse_nul<'a>(fields: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<(), WebError> {
    use crate::errors::refused_character;
    match fields.into_iter().find_map(|(k, v)| refused_character(k).or_else(|| refused_character(v)).map(|c| (k, c))) {
        Some((k, code)) => Err(WebError::character_in(k, code)),
        None => Ok(()),
    }
}

impl FormPairs {
    pub fn get(&self, key: &str) -> String {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone()).unwrap_or_default()
    }

    pub fn all(&self, key: &str) -> Vec<String> {
        self.0.iter().filter(|(k, _)| k == key).map(|(_, v)| v.clone()).collect()
    }

    /// Whether the form sent the field at all (even empty).
    pub fn has(&self, key: &str) -> bool {
        self.0.iter().any(|(k, _)| k == key)
    }

    pub fn checked(&self, key: &str) -> bool {
        self.0.iter().any(|(k, v)| k == key && (v == "on" || v == "1" || v == "true"))
    }

    /// A whole number; the field is named when it is not one.
    pub fn int(&self, key: &'static str) -> Result<i64, AppError> {
        self.get(key).trim().parse().map_err(|_| AppError::invalid(key, "not_a_number"))
    }
}

impl<S: Send + Sync> axum::extract::FromRequest<S> for FormPairs {
    type Rejection = WebError;

    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Self, Self::Rejection> {
        let axum::Form(pairs) =
            axum::Form::<Vec<(String, String)>>::from_request(req, state).await.map_err(|_| AppError::BadRequest)?;
        refuse_nul(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))?;
        Ok(FormPairs(pairs))
    }
}
