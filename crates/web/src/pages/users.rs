//! User administration pages (administrators only; the route table enforces it).

use super::{FormPairs, clearance_options, field_errors, form_errors, render, role_options, see_other};
use crate::AppState;
use crate::errors::WebError;
use crate::middleware::RequestCtx;
use crate::session::Viewer;
use axum::extract::{Extension, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use minijinja::{Value, context};
use serde::Deserialize;
use verbinding_domain::FieldError;
use verbinding_domain::directory::UserInput;
use verbinding_store::directory;

#[derive(Deserialize, Default)]
pub struct Page {
    after: Option<i64>,
    created: Option<String>,
    saved: Option<String>,
}

pub async fn list(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
    Query(p): Query<Page>,
) -> Result<Response, WebError> {
    let limit = 50;
    let users = verbinding_app::users::list(&state, &viewer, p.after, limit).await?;
    let orgs = crate::cache::orgs(&state).await?;
    let rows: Vec<Value> = users
        .iter()
        .map(|u| {
            let org = directory::code_of(&orgs, u.org_id);
            context! { user => Value::from_serialize(u), org, roles => u.roles.iter().map(|r| r.id()).collect::<Vec<_>>() }
        })
        .collect();
    let next = (users.len() as i64 == limit).then(|| users.last().map(|u| u.id)).flatten();
    let notice = if p.created.is_some() {
        Some("users.created")
    } else if p.saved.is_some() {
        Some("common.saved")
    } else {
        None
    };
    render(&state, &viewer, &ctx, "users/users.html", context! { rows, next, notice })
}

fn form_page(
    state: &AppState,
    viewer: &Viewer,
    ctx: &RequestCtx,
    orgs: &[directory::Organisation],
    values: Value,
    errors: &[FieldError],
    editing: Option<i64>,
) -> Result<Response, WebError> {
    let mut r = render(
        state,
        viewer,
        ctx,
        "users/user_form.html",
        context! {
            values,
            errors => field_errors(errors),
            error_list => super::error_list(errors),
            orgs => Value::from_serialize(verbinding_app::users::assignable(state, viewer, orgs)),
            roles => role_options(),
            clearances => clearance_options(),
            editing,
        },
    )?;
    if !errors.is_empty() {
        *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(r)
}

pub async fn new_form(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
) -> Result<Response, WebError> {
    let orgs = crate::cache::orgs(&state).await?;
    let values = context! { email => "", name => "", org => "", roles => Vec::<String>::new(), clearance => "ongerubriceerd", posting_end => "", active => true, version => 0 };
    form_page(&state, &viewer, &ctx, &orgs, values, &[], None)
}

fn input_from(f: &FormPairs) -> UserInput {
    UserInput {
        email: f.get("email"),
        name: f.get("name"),
        roles: f.all("roles"),
        clearance: f.get("clearance"),
        posting_end: f.get("posting_end"),
    }
}

fn values_from(f: &FormPairs) -> Value {
    context! {
        email => f.get("email"), name => f.get("name"), org => f.get("org"), roles => f.all("roles"),
        clearance => f.get("clearance"), posting_end => f.get("posting_end"), active => f.checked("active"),
        version => f.get("version"),
    }
}

pub async fn create(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
    f: FormPairs,
) -> Result<Response, WebError> {
    let input = input_from(&f);
    match verbinding_app::users::create(&state, &viewer, &input, &f.get("org"), &f.get("password")).await {
        Ok(_) => Ok(see_other("/users?created=1")),
        Err(e) => {
            let errors = form_errors(e)?;
            let orgs = crate::cache::orgs(&state).await?;
            form_page(&state, &viewer, &ctx, &orgs, values_from(&f), &errors, None)
        }
    }
}

pub async fn edit_form(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let user = verbinding_app::users::get(&state, &viewer, id).await?;
    let orgs = crate::cache::orgs(&state).await?;
    let org = directory::code_of(&orgs, user.org_id);
    let values = context! {
        email => user.email, name => user.name, org, roles => user.roles.iter().map(|r| r.id()).collect::<Vec<_>>(),
        clearance => user.clearance, posting_end => user.posting_end.unwrap_or_default(), active => user.active,
        version => user.version,
    };
    form_page(&state, &viewer, &ctx, &orgs, values, &[], Some(id))
}

pub async fn update(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
    Path(id): Path<i64>,
    f: FormPairs,
) -> Result<Response, WebError> {
    let result = match f.int("version") {
        Ok(version) => {
            let (input, org) = (input_from(&f), f.get("org"));
            let edit = verbinding_app::users::UserEdit {
                id,
                version,
                input: &input,
                org_code: &org,
                // An unchecked checkbox sends nothing, so the form marks that
                // it showed one (`active_shown`); a form with neither leaves
                // the account as it is and never reactivates it.
                active: (f.has("active_shown") || f.has("active")).then(|| f.checked("active")),
            };
            verbinding_app::users::update(&state, &viewer, &edit).await
        }
        Err(e) => Err(e),
    };
    match result {
        Ok(()) => Ok(see_other("/users?saved=1")),
        Err(e) => {
            let errors = form_errors(e)?;
            let orgs = crate::cache::orgs(&state).await?;
            let user = verbinding_app::users::get(&state, &viewer, id).await?;
            let mut values = values_from(&f);
            values = context! { email => user.email, ..values };
            let mut r = form_page(&state, &viewer, &ctx, &orgs, values, &errors, Some(id))?;
            if errors.iter().any(|e| e.code == "conflict") {
                *r.status_mut() = StatusCode::CONFLICT;
            }
            Ok(r.into_response())
        }
    }
}
