//! Response pages: the plan of an incident (with the proportionality
//! check), the option catalogue, and measures due for renewal.

use super::{FormPairs, field_errors, form_errors, render, see_other};
use crate::AppState;
use crate::errors::WebError;
use crate::middleware::RequestCtx;
use crate::session::Viewer;
use axum::extract::{Extension, Path, State};
use axum::response::Response;
use minijinja::{Value, context};
use verbinding_app::incidents as incident_act;
use verbinding_app::response as act;
use verbinding_domain::FieldError;
use verbinding_domain::response::Category;

/// Renewal dates this many days ahead are "due".
pub const RENEWAL_HORIZON_DAYS: i64 = 90;

async fn plan_page(
    state: &AppState,
    viewer: &Viewer,
    ctx: &RequestCtx,
    incident_id: i64,
    values: Value,
    errors: &[FieldError],
) -> Result<Response, WebError> {
    let incident = incident_act::load(state, viewer, incident_id).await?;
    let (lines, options, evidence) = act::view(state, viewer, incident_id).await?;
    // Each measure offers only the steps its status allows and the viewer's role may record.
    let lines: Vec<Value> = lines
        .iter()
        .map(|l| {
            let next: Vec<&str> = verbinding_domain::response::next_statuses(l.item.status)
                .into_iter()
                .filter(|to| viewer.principal.has(verbinding_domain::response::step_permission(*to)))
                .map(|to| to.id())
                .collect();
            context! { next, ..Value::from_serialize(l) }
        })
        .collect();
    let r = render(
        state,
        viewer,
        ctx,
        "response/response.html",
        context! {
            i => Value::from_serialize(&incident),
            lines,
            options => Value::from_serialize(&options),
            best_confidence => evidence.best_confidence,
            supported => verbinding_domain::response::supported_rank(&evidence),
            values,
            errors => field_errors(errors),
            error_list => super::error_list(errors),
        },
    )?;
    Ok(super::with_form_status(r, errors))
}

pub async fn show(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let values = context! { option => "", rationale => "", renewal_date => "" };
    plan_page(&state, &viewer, &ctx, id, values, &[]).await
}

pub async fn add(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
    Path(id): Path<i64>,
    f: FormPairs,
) -> Result<Response, WebError> {
    incident_act::load(&state, &viewer, id).await?;
    let (option, rationale, renewal_date) = (f.get("option"), f.get("rationale"), f.get("renewal_date"));
    let m = act::NewMeasure { option: &option, rationale: &rationale, renewal_date: &renewal_date };
    match act::add(&state, &viewer, id, &m).await {
        Ok(_) => Ok(see_other(&format!("/incidents/{id}/response#plan"))),
        Err(e) => {
            let errors = form_errors(e)?;
            let values = context! { option, rationale, renewal_date };
            plan_page(&state, &viewer, &ctx, id, values, &errors).await
        }
    }
}

pub async fn set_status(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
    Path(id): Path<i64>,
    f: FormPairs,
) -> Result<Response, WebError> {
    incident_act::load(&state, &viewer, id).await?;
    let result = match (f.int("item"), f.int("version")) {
        (Ok(item), Ok(version)) => act::set_status(&state, &viewer, id, item, version, f.get("status").trim()).await,
        (Err(e), _) | (_, Err(e)) => Err(e),
    };
    match result {
        Ok(()) => Ok(see_other(&format!("/incidents/{id}/response#plan"))),
        Err(e) => {
            let errors = form_errors(e)?;
            let values = context! { option => "", rationale => "", renewal_date => "" };
            plan_page(&state, &viewer, &ctx, id, values, &errors).await
        }
    }
}

async fn catalogue_page(
    state: &AppState,
    viewer: &Viewer,
    ctx: &RequestCtx,
    values: Value,
    errors: &[FieldError],
    notice: Option<&'static str>,
) -> Result<Response, WebError> {
    let options = verbinding_app::catalogue::options(state, viewer).await?;
    let orgs = crate::cache::orgs(state).await?;
    let r = render(
        state,
        viewer,
        ctx,
        "response/response_options.html",
        context! {
            options => Value::from_serialize(&options),
            orgs => Value::from_serialize(&orgs),
            categories => Category::ids(),
            values,
            notice,
            errors => field_errors(errors),
            error_list => super::error_list(errors),
        },
    )?;
    Ok(super::with_form_status(r, errors))
}

fn empty_option() -> Value {
    context! { id => "", category => "", name_nl => "", name_en => "", legal_basis => "", lead => "", approvals => "", escalation => "" }
}

#[derive(serde::Deserialize, Default)]
pub struct CatalogueNotice {
    notice: Option<String>,
}

pub async fn catalogue(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
    axum::extract::Query(q): axum::extract::Query<CatalogueNotice>,
) -> Result<Response, WebError> {
    let notice = match q.notice.as_deref() {
        Some("added") => Some("response.option_added"),
        Some("lapsed") => Some("common.saved"),
        _ => None,
    };
    catalogue_page(&state, &viewer, &ctx, empty_option(), &[], notice).await
}

/// The option as typed in the form or sent to the API.
pub fn option_input(f: &FormPairs) -> verbinding_domain::response::OptionInput {
    verbinding_domain::response::OptionInput {
        id: f.get("id"),
        category: f.get("category"),
        name_nl: f.get("name_nl"),
        name_en: f.get("name_en"),
        legal_basis: f.get("legal_basis"),
        lead: f.get("lead"),
        approvals: f.get("approvals"),
        public: f.checked("public"),
        reversible: f.checked("reversible"),
        escalation: f.get("escalation").trim().parse().ok(),
        public_attribution: f.checked("public_attribution"),
        renewable: f.checked("renewable"),
    }
}

pub async fn add_option(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
    f: FormPairs,
) -> Result<Response, WebError> {
    match verbinding_app::catalogue::add_option(&state, &viewer, &option_input(&f)).await {
        Ok(()) => Ok(see_other(&format!("/response-options?notice=added#option-{}", f.get("id").trim()))),
        Err(e) => {
            let errors = form_errors(e)?;
            let values = context! {
                id => f.get("id"), category => f.get("category"), name_nl => f.get("name_nl"), name_en => f.get("name_en"),
                legal_basis => f.get("legal_basis"), lead => f.get("lead"), approvals => f.get("approvals"),
                escalation => f.get("escalation"), public => f.checked("public"), reversible => f.checked("reversible"),
                public_attribution => f.checked("public_attribution"), renewable => f.checked("renewable"),
            };
            catalogue_page(&state, &viewer, &ctx, values, &errors, None).await
        }
    }
}

pub async fn set_lapsed(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
    Path(option): Path<String>,
    f: FormPairs,
) -> Result<Response, WebError> {
    match verbinding_app::catalogue::set_option_lapsed(&state, &viewer, &option, &f.get("lapsed")).await {
        Ok(()) => Ok(see_other(&format!("/response-options?notice=lapsed#option-{option}"))),
        Err(e) => {
            let errors = form_errors(e)?;
            catalogue_page(&state, &viewer, &ctx, empty_option(), &errors, None).await
        }
    }
}

pub async fn renewals(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    viewer: Viewer,
) -> Result<Response, WebError> {
    let items: Vec<Value> = act::renewals(&state, &viewer, RENEWAL_HORIZON_DAYS)
        .await?
        .iter()
        .map(|r| context! { name => option_name(&r.option_id, viewer.lang), ..Value::from_serialize(r) })
        .collect();
    render(&state, &viewer, &ctx, "response/renewals.html", context! { items, days => RENEWAL_HORIZON_DAYS })
}

/// A catalogue option by its name in the reader's language (a custom
/// option, which the catalogue does not hold, by its key).
pub(super) fn option_name(id: &str, lang: crate::i18n::Lang) -> String {
    verbinding_domain::response::option(id)
        .map(|o| if lang == crate::i18n::Lang::Nl { o.name_nl } else { o.name_en })
        .unwrap_or(id)
        .to_string()
}
