//! Incident dossiers: create, read, edit, move through the lifecycle, and
//! add timeline entries. Each change is one transaction with its audit event.

use crate::marked::{self, Change, MarkedKind};
use crate::{App, AppError, Caller};
use verbinding_domain::access::VisibilityFilter;
use verbinding_domain::audit::AuditAction;
use verbinding_domain::incident::{
    IncidentInput, ListOrder, Phase, Sector, Severity, ValidIncident, transition_allowed,
};
use verbinding_domain::role::Permission;
use verbinding_store::incidents::{self, Incident};
use verbinding_store::objects::Edit;

/// Incidents as a marked kind.
pub struct Incidents;

impl MarkedKind for Incidents {
    const KIND: &'static str = "incident";
    const GUARDS_RUNS: bool = true;
    type Input = IncidentInput;
    type Valid = ValidIncident;
    type Row = Incident;
    marked::marked_columns!(IncidentInput, ValidIncident, Incident);
    fn insert(
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        valid: &ValidIncident,
        by: i64,
        now: i64,
    ) -> impl Future<Output = verbinding_store::Result<i64>> + Send {
        incidents::create(tx, valid, by, now)
    }
    fn update(
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        edit: &Edit,
        valid: &ValidIncident,
    ) -> impl Future<Output = verbinding_store::Result<()>> + Send {
        incidents::update(tx, edit, valid)
    }
    fn get_visible(
        conn: &mut sqlx::AnyConnection,
        filter: &VisibilityFilter,
        id: i64,
    ) -> impl Future<Output = verbinding_store::Result<Incident>> + Send {
        incidents::get_visible(conn, filter, id)
    }
}

/// Creates an incident ([`marked::create`]): its author must be cleared for
/// it and covered by its need-to-know list.
pub async fn create(app: &App, caller: &Caller, input: &IncidentInput) -> Result<i64, AppError> {
    marked::create::<Incidents>(app, caller, input).await
}

/// Reads one incident, audited above Ongerubriceerd ([`marked::read`]).
pub async fn read(app: &App, caller: &Caller, id: i64) -> Result<Incident, AppError> {
    marked::read::<Incidents>(app, caller, id).await
}

/// Loads through the visibility rule without recording a read ([`marked::load`]).
pub async fn load(app: &App, caller: &Caller, id: i64) -> Result<Incident, AppError> {
    marked::load::<Incidents>(app, caller, id).await
}

/// Whether the caller decides this one's marking (its owner, or a
/// coordinator of its lead organisation).
pub fn decides_marking(caller: &Caller, row: &Incident) -> Result<bool, AppError> {
    marked::decides_marking::<Incidents>(caller, row)
}

/// Applies an edit made on `version` ([`marked::update`]).
pub async fn update(app: &App, caller: &Caller, id: i64, version: i64, input: &IncidentInput) -> Result<(), AppError> {
    marked::update::<Incidents>(app, caller, id, version, input).await
}

/// Moves the incident to the next or previous phase; `to` is the phase as
/// typed (one that is not a phase is not a transition allowed either).
pub async fn set_status(app: &App, caller: &Caller, id: i64, version: i64, to: &str) -> Result<(), AppError> {
    let mut c = Change::begin(app, caller, Permission::WriteObjects).await?;
    let current = incidents::get_visible(&mut c.tx, &c.filter, id).await?;
    let Some(to) = Phase::parse(to).filter(|to| transition_allowed(current.status, *to)) else {
        return Err(AppError::invalid("status", "transition_not_allowed"));
    };
    let (by, now) = (c.user_id()?, c.now_ms());
    let from = incidents::set_status(&mut c.tx, id, version, to, by, now).await?;
    c.audit(AuditAction::ObjectUpdated, id, serde_json::json!({"status": {"from": from, "to": to}})).await?;
    c.commit().await
}

pub const NOTE_MAX: usize = 2_000;

/// Adds a manual entry to the timeline (what happened, when).
pub async fn add_note(app: &App, caller: &Caller, id: i64, text: &str) -> Result<(), AppError> {
    // Visibility first: someone who may not see the incident learns nothing,
    // not even whether their input would have been valid.
    let mut c = Change::begin(app, caller, Permission::WriteObjects).await?;
    incidents::get_visible(&mut c.tx, &c.filter, id).await?;
    let text = text.trim();
    if text.is_empty() {
        return Err(AppError::invalid("note", "required"));
    }
    if text.chars().count() > NOTE_MAX {
        return Err(AppError::invalid("note", "too_long"));
    }
    let event = incidents::NewEvent {
        kind: "note",
        detail: serde_json::json!({"text": text}),
        by: Some(c.user_id()?),
        object_id: None,
    };
    let now = c.now_ms();
    incidents::add_event(&mut c.tx, id, event, now).await?;
    c.audit(AuditAction::ObjectUpdated, id, serde_json::json!({"timeline": "note"})).await?;
    c.commit().await
}

/// The list filters as typed (in a query string or a form); empty fields do not filter.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct ListFilters {
    pub status: Option<String>,
    /// Threat-actor UUID.
    pub actor: Option<String>,
    pub sector: Option<String>,
    pub severity: Option<String>,
    /// Discovery (or first activity) on or after this date.
    pub from: Option<String>,
    /// Discovery (or first activity) on or before this date.
    pub to: Option<String>,
    /// Lead organisation code.
    pub lead: Option<String>,
    /// `newest` (default), `oldest`, `severity`, `discovery`.
    pub sort: Option<String>,
}

/// Checks the list filters and types them, so a typo is named instead of
/// silently matching nothing.
pub fn parse_query(q: &ListFilters) -> Result<incidents::IncidentQuery, AppError> {
    use verbinding_domain::directory::valid_date;
    let mut v = verbinding_domain::error::Validator::new();
    let set = |s: &Option<String>| s.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
    /// A filter that is set must be in its vocabulary.
    fn one_of<T>(
        v: &mut verbinding_domain::error::Validator,
        typed: Option<String>,
        field: &'static str,
        code: &'static str,
        parse: fn(&str) -> Option<T>,
    ) -> Option<T> {
        let parsed = typed.map(|s| parse(&s));
        v.check(!matches!(parsed, Some(None)), field, code);
        parsed.flatten()
    }
    let status = one_of(&mut v, set(&q.status), "status", "status_unknown", Phase::parse);
    let severity = one_of(&mut v, set(&q.severity), "severity", "severity_unknown", Severity::parse);
    let sector = one_of(&mut v, set(&q.sector), "sector", "sector_unknown", Sector::parse);
    if let Some(s) = set(&q.from) {
        v.check(valid_date(&s), "from", "date_invalid");
    }
    if let Some(s) = set(&q.to) {
        v.check(valid_date(&s), "to", "date_invalid");
    }
    if let (Some(f), Some(t)) = (set(&q.from), set(&q.to)) {
        v.check(f <= t, "to", "date_before_from");
    }
    let sort = one_of(&mut v, set(&q.sort), "sort", "sort_unknown", ListOrder::parse);
    v.finish()?;
    Ok(incidents::IncidentQuery {
        status,
        actor: set(&q.actor),
        sector,
        severity,
        from: set(&q.from),
        to: set(&q.to),
        lead: set(&q.lead),
        sort,
    })
}

/// Records a partner's part in the response (informed, joined a statement,
/// declined). Only partner states and international organisations qualify.
pub async fn add_partner(
    app: &App,
    caller: &Caller,
    id: i64,
    input: &verbinding_domain::partners::PartnerInput,
) -> Result<(), AppError> {
    let mut c = Change::begin(app, caller, Permission::WriteObjects).await?;
    incidents::get_visible(&mut c.tx, &c.filter, id).await?;
    let valid = input.validate()?;
    let (by, now) = (c.user_id()?, c.now_ms());
    verbinding_store::partners::add(&mut c.tx, id, &valid, by, now).await?;
    let detail = serde_json::json!({"partner": valid.partner, "relation": valid.relation});
    c.audit(AuditAction::ObjectUpdated, id, detail).await?;
    c.commit().await
}

/// One page of the incidents the caller may see that match the filters
/// (typed by [`parse_query`]: a typo is named, never silently matches
/// nothing), with how many match in all.
pub async fn list(
    app: &App,
    caller: &Caller,
    q: &incidents::IncidentQuery,
    offset: i64,
    limit: i64,
) -> Result<(Vec<Incident>, i64), AppError> {
    let f = caller.reader()?;
    let mut conn = app.db.read().await?;
    let items = incidents::list_visible(&mut conn, &f, q, offset, limit).await?;
    let total = incidents::count_visible(&mut conn, &f, q).await?;
    drop(conn);
    let shown: Vec<_> = items.iter().map(|i| (i.id, i.classification.as_str())).collect();
    marked::record_reads(app, caller, &shown, Some("incidents")).await?;
    Ok((items, total))
}

/// How many incidents the caller may see are in each phase (the
/// dashboard's overview): counts only, naming no incident.
pub async fn phase_counts(
    app: &App,
    caller: &Caller,
) -> Result<Vec<(verbinding_domain::incident::Phase, i64)>, AppError> {
    let f = caller.reader()?;
    let mut conn = app.db.read().await?;
    let mut out = Vec::new();
    for phase in verbinding_domain::incident::Phase::ALL {
        let q = incidents::IncidentQuery { status: Some(phase), ..Default::default() };
        out.push((phase, incidents::count_visible(&mut conn, &f, &q).await?));
    }
    Ok(out)
}

/// The partners recorded on an incident the caller may see.
pub async fn partners(
    app: &App,
    caller: &Caller,
    id: i64,
) -> Result<Vec<verbinding_store::partners::Partner>, AppError> {
    let f = caller.reader()?;
    let mut conn = app.db.read().await?;
    let incident = incidents::get_visible(&mut conn, &f, id).await?;
    let list = verbinding_store::partners::for_incident(&mut conn, id).await?;
    drop(conn);
    marked::record_reads(app, caller, &[(id, &incident.classification)], Some("partners")).await?;
    Ok(list)
}

/// The partner states and international organisations one may record
/// (code, Dutch and English name): public reference data.
pub async fn partner_options(app: &App, caller: &Caller) -> Result<Vec<(String, String, String)>, AppError> {
    caller.reader()?;
    let mut conn = app.db.read().await?;
    Ok(verbinding_store::partners::candidates(&mut conn).await?)
}
