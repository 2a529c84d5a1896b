//! The response plan of an incident: chosen options with rationale, the
//! proportionality check, and each measure's lifecycle.

use crate::AppError;
use crate::marked::IncidentChange;
use crate::{App, Caller};
use verbinding_domain::access::VisibilityFilter;
use verbinding_domain::assessment::AssessmentKind;
use verbinding_domain::audit::AuditAction;
use verbinding_domain::directory::valid_date;
use verbinding_domain::error::Validator;
use verbinding_domain::response::{self, Category, Evidence, MeasureStatus, Precondition, Warning};
use verbinding_domain::role::Permission;
use verbinding_store::response::{self as store, OptionRow, PlanItem};
use verbinding_store::{StoreError, assessments, incidents};

pub const RATIONALE_MAX: usize = 5_000;

/// A plan item with its catalogue entry and the warnings the check gives.
#[derive(Debug, Clone, serde::Serialize)]
pub struct PlanLine {
    #[serde(flatten)]
    pub item: PlanItem,
    pub option: Option<OptionRow>,
    pub warnings: Vec<Warning>,
}

/// The evidence as far as the viewer may read it: warnings never reveal
/// assessments the viewer cannot see.
async fn evidence(
    conn: &mut sqlx::AnyConnection,
    filter: &VisibilityFilter,
    incident_id: i64,
) -> Result<Evidence, AppError> {
    let (readable, _) = assessments::for_incident(conn, filter, incident_id).await?;
    // Confidence is ordered lowest first.
    let best =
        readable.iter().filter(|a| a.kind == AssessmentKind::Intelligence).filter_map(|a| a.content.confidence).max();
    let public_attribution_decided = super::decisions::public_attribution_decided(conn, incident_id).await?;
    Ok(Evidence { best_confidence: best, public_attribution_decided })
}

fn to_domain(o: &OptionRow) -> response::ResponseOption {
    // Custom options are checked with the same rules through their flags.
    response::option(&o.id).copied().unwrap_or(response::ResponseOption {
        id: "custom",
        category: if o.category == Category::Restrictive { Category::Restrictive } else { Category::National },
        name_nl: "",
        name_en: "",
        legal_basis: "",
        lead: "",
        approvals: "",
        public: o.public == 1,
        reversible: o.reversible == 1,
        escalation: u8::try_from(o.escalation).unwrap_or(10),
        public_attribution: o.public_attribution == 1,
        renewable: o.renewable == 1,
    })
}

/// The plan with warnings, and the options that can still be chosen.
pub async fn view(
    app: &App,
    caller: &Caller,
    incident_id: i64,
) -> Result<(Vec<PlanLine>, Vec<OptionRow>, Evidence), AppError> {
    let f = caller.reader()?;
    let mut conn = app.db.read().await?;
    let incident = incidents::get_visible(&mut conn, &f, incident_id).await?;
    let e = evidence(&mut conn, &f, incident_id).await?;
    let options = store::options(&mut conn).await?;
    let items = store::plan(&mut conn, incident_id).await?;
    drop(conn);
    crate::marked::record_reads(app, caller, &[(incident_id, &incident.classification)], Some("response-plan")).await?;
    let lines = items
        .into_iter()
        .map(|item| {
            let option = options.iter().find(|o| o.id == item.option_id).cloned();
            let warnings = option.as_ref().map(|o| response::check(&to_domain(o), &e)).unwrap_or_default();
            PlanLine { item, option, warnings }
        })
        .collect();
    Ok((lines, options.into_iter().filter(|o| o.lapsed == 0).collect(), e))
}

pub struct NewMeasure<'a> {
    pub option: &'a str,
    pub rationale: &'a str,
    pub renewal_date: &'a str,
}

pub async fn add(app: &App, caller: &Caller, incident_id: i64, m: &NewMeasure<'_>) -> Result<i64, AppError> {
    let IncidentChange { user, mut tx, .. } =
        crate::marked::on_incident(app, caller, Permission::WriteObjects, incident_id).await?;
    let mut v = Validator::new();
    let option = match store::option(&mut tx, m.option.trim()).await {
        Ok(o) => Some(o),
        Err(StoreError::Refused { .. }) => None,
        Err(e) => return Err(e.into()),
    };
    v.check(option.is_some(), "option", "option_unknown");
    v.check(option.as_ref().is_none_or(|o| o.lapsed == 0), "option", "option_lapsed");
    let rationale = m.rationale.trim();
    v.check(!rationale.is_empty(), "rationale", "required");
    v.check(rationale.chars().count() <= RATIONALE_MAX, "rationale", "too_long");
    let typed_renewal = verbinding_domain::directory::typed_date(m.renewal_date);
    let renewal = typed_renewal.as_str();
    let renewable = option.as_ref().is_some_and(|o| o.renewable == 1);
    v.check(!renewable || !renewal.is_empty(), "renewal_date", "required");
    v.check(renewal.is_empty() || valid_date(renewal), "renewal_date", "date_invalid");
    v.finish()?;
    let option_id = option.map(|o| o.id).unwrap_or_default();
    let renewal = (!renewal.is_empty()).then_some(renewal);
    let id = store::add(&mut tx, incident_id, &option_id, rationale, renewal, user.id, app.now_ms()).await?;
    crate::marked::commit_on_incident(
        tx,
        app,
        caller,
        AuditAction::ObjectUpdated,
        incident_id,
        serde_json::json!({"measure": option_id, "status": MeasureStatus::Proposed}),
    )
    .await?;
    Ok(id)
}

/// Moves a measure along its lifecycle; `to` is the status as typed.
#[allow(clippy::too_many_arguments)]
pub async fn set_status(
    app: &App,
    caller: &Caller,
    incident_id: i64,
    item_id: i64,
    version: i64,
    to: &str,
) -> Result<(), AppError> {
    let IncidentChange { user, mut tx, .. } =
        crate::marked::on_incident(app, caller, Permission::WriteObjects, incident_id).await?;
    let Some(to) = MeasureStatus::parse(to) else {
        return Err(AppError::invalid("status", "status_unknown"));
    };
    // The step's own authority, and what the record must hold first.
    caller.require(response::step_permission(to))?;
    let item = store::plan(&mut tx, incident_id).await?.into_iter().find(|i| i.id == item_id);
    if let Some(item) = item {
        // First what the measure's own status allows, then what the record must hold.
        if !response::measure_transition_allowed(item.status, to) {
            return Err(AppError::invalid("status", "measure_transition_not_allowed"));
        }
        let option = to_domain(&store::option(&mut tx, &item.option_id).await?);
        let held = match response::step_precondition(&option, to) {
            Precondition::None => true,
            Precondition::PublicAttributionDecided => {
                super::decisions::public_attribution_decided(&mut tx, incident_id).await?
            }
            Precondition::MeasureApprovedByDecision => {
                super::decisions::measure_approved(&mut tx, incident_id, item_id).await?
            }
        };
        if !held {
            let code = match response::step_precondition(&option, to) {
                Precondition::PublicAttributionDecided => "public_attribution_not_decided",
                _ => "measure_not_decided",
            };
            return Err(AppError::invalid("status", code));
        }
    }
    let from = store::set_status(&mut tx, incident_id, item_id, version, to, user.id, app.now_ms()).await?;
    crate::marked::commit_on_incident(
        tx,
        app,
        caller,
        AuditAction::ObjectUpdated,
        incident_id,
        serde_json::json!({"measure_item": item_id, "from": from, "to": to}),
    )
    .await?;
    Ok(())
}

/// Restrictive measures due for renewal within `days` from today.
pub async fn renewals(app: &App, caller: &Caller, days: i64) -> Result<Vec<store::Renewal>, AppError> {
    let f = caller.reader()?;
    let until = crate::clock::date_after(app.now_ms(), days);
    let mut conn = app.db.read().await?;
    let due = store::due_for_renewal(&mut conn, &f, &until).await?;
    drop(conn);
    let shown: Vec<i64> = due.iter().map(|r| r.incident_id).collect();
    crate::marked::record_shown(app, caller, &shown, "renewals").await?;
    Ok(due)
}
