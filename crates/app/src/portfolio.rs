//! The capacity-building portfolio (issue 15, P11): projects as marked
//! objects (the shared steps of [`crate::marked`]), their commitments and
//! disbursements as history, the recipients' maturity baselines, and the
//! objectives each project serves — a link the caller sees only where they
//! may see the objective. Publishing and importing IATI files is in
//! [`crate::portfolio_iati`].

use crate::marked::{self, MarkedKind};
use crate::{App, AppError, Caller};
use verbinding_domain::access::VisibilityFilter;
use verbinding_domain::audit::AuditAction;
use verbinding_domain::portfolio::{
    BaselineInput, FlowInput, FlowKind, ProjectInput, ValidDates, ValidProject, YearFlows, per_year,
};
use verbinding_domain::role::Permission;
use verbinding_store::objects::Edit;
use verbinding_store::portfolio::{self as store, Baseline, Flow, Project};
use verbinding_store::strategy::Objective;

/// Projects as a marked kind; whoever shapes the strategy keeps the
/// portfolio that serves it.
pub struct Projects;

impl MarkedKind for Projects {
    const KIND: &'static str = "project";
    const PERMISSION: Permission = Permission::ManageStrategy;
    type Input = ProjectInput;
    type Valid = ValidProject;
    type Row = Project;
    marked::marked_columns!(ProjectInput, ValidProject, Project);
    fn insert(
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        valid: &ValidProject,
        by: i64,
        now: i64,
    ) -> impl Future<Output = verbinding_store::Result<i64>> + Send {
        store::create_project(tx, valid, None, by, now)
    }
    fn update(
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        edit: &Edit,
        valid: &ValidProject,
    ) -> impl Future<Output = verbinding_store::Result<()>> + Send {
        store::update_project(tx, edit, valid)
    }
    fn get_visible(
        conn: &mut sqlx::AnyConnection,
        filter: &VisibilityFilter,
        id: i64,
    ) -> impl Future<Output = verbinding_store::Result<Project>> + Send {
        store::get_project_visible(conn, filter, id)
    }
    fn validate_edit(row: &Project, input: &ProjectInput, ceiling: &str) -> Result<ValidProject, AppError> {
        match row.mirror.as_deref() {
            Some(xml) => validate_imported(row, xml, input, ceiling),
            None => Ok(input.validate(ceiling)?),
        }
    }
    /// The objectives served: each must be one the writer may see (a hidden
    /// one is answered as unknown, the same as one that does not exist).
    async fn after_write(
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        filter: &VisibilityFilter,
        id: i64,
        valid: &ValidProject,
    ) -> Result<(), AppError> {
        link_objectives(tx, filter, id, &valid.objectives).await
    }
}

pub(crate) async fn link_objectives(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    filter: &VisibilityFilter,
    id: i64,
    objectives: &[i64],
) -> Result<(), AppError> {
    for o in objectives {
        match verbinding_store::strategy::get_objective_visible(tx, filter, *o).await {
            Ok(_) => {}
            Err(verbinding_store::StoreError::NotFound) => {
                return Err(AppError::invalid("objectives", "objective_unknown"));
            }
            Err(e) => return Err(e.into()),
        }
    }
    // An edit by someone who sees only some of the linked objectives keeps
    // the links they cannot see: they may not learn of them, nor undo them.
    let mut all = objectives.to_vec();
    for (_, linked) in store::objective_links(tx, &[id]).await? {
        if !verbinding_store::objects::is_visible(tx, filter, linked).await? {
            all.push(linked);
        }
    }
    all.sort_unstable();
    all.dedup();
    store::set_objectives(tx, id, &all).await?;
    Ok(())
}

/// Creates a project ([`marked::create`]).
pub async fn create_project(app: &App, caller: &Caller, input: &ProjectInput) -> Result<i64, AppError> {
    marked::create::<Projects>(app, caller, input).await
}

/// Reads one project, audited above Ongerubriceerd.
pub async fn read_project(app: &App, caller: &Caller, id: i64) -> Result<Project, AppError> {
    marked::read::<Projects>(app, caller, id).await
}

/// Loads a project for editing without recording a read again.
pub async fn load_project(app: &App, caller: &Caller, id: i64) -> Result<Project, AppError> {
    marked::load::<Projects>(app, caller, id).await
}

/// Whether the caller decides this project's marking.
pub fn decides_project_marking(caller: &Caller, row: &Project) -> Result<bool, AppError> {
    marked::decides_marking::<Projects>(caller, row)
}

/// Applies an edit of a project made on `version`. An imported project is
/// another publisher's record, kept as it came in: it is not edited here.
pub async fn update_project(
    app: &App,
    caller: &Caller,
    id: i64,
    version: i64,
    input: &ProjectInput,
) -> Result<(), AppError> {
    marked::update::<Projects>(app, caller, id, version, input).await
}

/// An imported project's edit: another publisher's record stays as it came
/// in (sent otherwise, `imported_project_fixed`); only what is ours — the
/// lead, the marking and the objectives it serves — changes.
fn validate_imported(row: &Project, xml: &str, input: &ProjectInput, ceiling: &str) -> Result<ValidProject, AppError> {
    if !same_record(&input_of(row), input) {
        return Err(AppError::invalid("identifier", "imported_project_fixed"));
    }
    let (lead_org, objectives, marking) = input.validate_ours(ceiling)?;
    let activity = crate::portfolio_iati::mirrored(row.id, xml)?;
    Ok(ValidProject { objectives, ..crate::portfolio_iati::listed(&activity, &lead_org, marking) })
}

/// Whether two inputs hold the same IATI record (everything but the lead,
/// the marking and the objectives served).
fn same_record(a: &ProjectInput, b: &ProjectInput) -> bool {
    let record = |p: &ProjectInput| {
        [
            p.identifier.clone(),
            p.title.clone(),
            p.summary.clone(),
            p.language.clone(),
            p.status.clone(),
            p.start_date.clone(),
            p.end_date.clone(),
            p.donor_name.clone(),
            p.donor_ref.clone(),
            p.implementer_name.clone(),
            p.implementer_ref.clone(),
            p.currency.clone(),
            p.countries.clone(),
            p.sectors.clone(),
            p.budgets.clone(),
        ]
    };
    record(a) == record(b)
}

/// A stored project as it would be typed (the edit form starts from it);
/// the marking and the objectives are the form's own.
pub fn input_of(p: &Project) -> ProjectInput {
    let lines = |shares: &[verbinding_domain::portfolio::Share]| {
        shares
            .iter()
            .map(|s| match s.percentage {
                Some(pct) => format!("{} {pct}", s.code),
                None => s.code.clone(),
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    ProjectInput {
        identifier: p.identifier.clone(),
        title: p.title.clone(),
        summary: p.summary.clone(),
        language: p.language.clone(),
        status: p.status.clone(),
        start_date: p.start_date.clone(),
        end_date: p.end_date.clone(),
        lead_org: p.lead_org_code.clone(),
        donor_name: p.donor_name.clone(),
        donor_ref: p.donor_ref.clone(),
        implementer_name: p.implementer_name.clone(),
        implementer_ref: p.implementer_ref.clone(),
        currency: p.currency.clone(),
        countries: lines(&p.countries),
        sectors: lines(&p.sectors),
        // Cents as a plain decimal: read back by `parse_amount` exactly.
        budgets: p
            .budgets
            .iter()
            .map(|b| format!("{} {}.{:02}", b.year, b.cents / 100, b.cents % 100))
            .collect::<Vec<_>>()
            .join("\n"),
        objectives: Vec::new(),
        marking: Default::default(),
    }
}

/// Records a commitment or disbursement on a project (a correction is a
/// negative entry with a note).
pub async fn record_flow(app: &App, caller: &Caller, id: i64, input: &FlowInput) -> Result<(), AppError> {
    let mut c = marked::Change::begin(app, caller, Permission::ManageStrategy).await?;
    let project = store::get_project_visible(&mut c.tx, &c.filter, id).await?;
    let flow = input.validate()?;
    let (by, now) = (c.user_id()?, c.now_ms());
    store::record_flow(&mut c.tx, id, &flow, by, now).await?;
    c.audit(
        AuditAction::ObjectUpdated,
        id,
        serde_json::json!({"change": "flow.recorded", "kind": flow.kind.id(), "date": flow.date,
            "cents": flow.cents, "currency": project.currency, "note": flow.note}),
    )
    .await?;
    c.commit().await
}

/// Records a recipient's maturity baseline on a project, with its source.
pub async fn record_baseline(app: &App, caller: &Caller, id: i64, input: &BaselineInput) -> Result<(), AppError> {
    let mut c = marked::Change::begin(app, caller, Permission::ManageStrategy).await?;
    let project = store::get_project_visible(&mut c.tx, &c.filter, id).await?;
    let dates = ValidDates {
        start_year: project.start_date.get(0..4).and_then(|y| y.parse().ok()).unwrap_or_default(),
        countries: project.countries.iter().map(|c| c.code.clone()).collect(),
    };
    let baseline = input.validate(&dates)?;
    let (by, now) = (c.user_id()?, c.now_ms());
    store::record_baseline(&mut c.tx, id, &baseline, by, now).await?;
    c.audit(
        AuditAction::ObjectUpdated,
        id,
        serde_json::json!({"change": "baseline.recorded", "country": baseline.country,
            "dimension": baseline.dimension.id(), "stage": baseline.stage, "year": baseline.year}),
    )
    .await?;
    c.commit().await
}

/// Budget, commitments and disbursements per year: from the flows recorded
/// here, or for an imported project from its IATI record.
fn years_of(project: &Project, flows: &[Flow]) -> Vec<YearFlows> {
    let mirrored = crate::portfolio_iati::mirrored_flows(project);
    let own: Vec<(FlowKind, &str, i64)> = flows
        .iter()
        .filter(|f| f.project_id == project.id)
        .filter_map(|f| FlowKind::parse(&f.kind).map(|k| (k, f.flow_date.as_str(), f.cents)))
        .chain(mirrored.iter().map(|(k, d, c)| (*k, d.as_str(), *c)))
        .collect();
    per_year(&project.budgets, &own)
}

/// Everything a project's page shows, as the caller may see it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ProjectPage {
    pub project: Project,
    pub flows: Vec<Flow>,
    pub years: Vec<YearFlows>,
    pub baselines: Vec<Baseline>,
    /// The objectives served that the caller may see.
    pub objectives: Vec<Objective>,
}

/// A project's page; the project's read is audited, and so is each
/// classified objective it shows.
pub async fn project_page(app: &App, caller: &Caller, id: i64) -> Result<ProjectPage, AppError> {
    let project = read_project(app, caller, id).await?;
    let f = caller.reader()?;
    let mut conn = app.db.read().await?;
    let flows = store::flows(&mut conn, &[id]).await?;
    let baselines = store::baselines(&mut conn, &[id]).await?;
    let objectives = visible_objectives(&mut conn, &f, &[id]).await?.into_iter().map(|(_, o)| o).collect::<Vec<_>>();
    drop(conn);
    let shown: Vec<(i64, &str)> = objectives.iter().map(|o| (o.id, o.classification.as_str())).collect();
    marked::record_reads(app, caller, &shown, Some("project")).await?;
    let years = years_of(&project, &flows);
    Ok(ProjectPage { project, flows, years, baselines, objectives })
}

/// The objectives these projects serve that the viewer may see, as
/// `(project, objective)`.
pub(crate) async fn visible_objectives(
    conn: &mut sqlx::AnyConnection,
    filter: &VisibilityFilter,
    projects: &[i64],
) -> Result<Vec<(i64, Objective)>, AppError> {
    let mut out = Vec::new();
    for (project, objective) in store::objective_links(conn, projects).await? {
        match verbinding_store::strategy::get_objective_visible(conn, filter, objective).await {
            Ok(o) => out.push((project, o)),
            Err(verbinding_store::StoreError::NotFound) => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(out)
}

/// One project in the portfolio with its money per year.
#[derive(Debug, Clone, serde::Serialize)]
pub struct PortfolioEntry {
    pub project: Project,
    pub years: Vec<YearFlows>,
}

/// The portfolio as the caller may see it: the projects and, per currency,
/// the budget, commitments and disbursements per year summed over them.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Portfolio {
    pub entries: Vec<PortfolioEntry>,
    pub totals: Vec<(String, Vec<YearFlows>)>,
}

pub async fn portfolio(app: &App, caller: &Caller) -> Result<Portfolio, AppError> {
    let f = caller.reader()?;
    let mut conn = app.db.read().await?;
    let projects = store::list_projects_visible(&mut conn, &f).await?;
    let ids: Vec<i64> = projects.iter().map(|p| p.id).collect();
    let flows = store::flows(&mut conn, &ids).await?;
    drop(conn);
    let shown: Vec<(i64, &str)> = projects.iter().map(|p| (p.id, p.classification.as_str())).collect();
    marked::record_reads(app, caller, &shown, Some("portfolio")).await?;
    let entries: Vec<PortfolioEntry> =
        projects.into_iter().map(|p| PortfolioEntry { years: years_of(&p, &flows), project: p }).collect();
    Ok(Portfolio { totals: totals(&entries), entries })
}

fn totals(entries: &[PortfolioEntry]) -> Vec<(String, Vec<YearFlows>)> {
    let mut by_currency: std::collections::BTreeMap<&str, std::collections::BTreeMap<i32, YearFlows>> =
        std::collections::BTreeMap::new();
    for e in entries {
        let years = by_currency.entry(e.project.currency.as_str()).or_default();
        for y in &e.years {
            let t = years.entry(y.year).or_insert(YearFlows { year: y.year, ..Default::default() });
            t.budget += y.budget;
            t.committed += y.committed;
            t.disbursed += y.disbursed;
        }
    }
    by_currency.into_iter().map(|(c, years)| (c.to_string(), years.into_values().collect())).collect()
}

/// The projects serving an objective that the caller may see (the
/// objective's page shows them; the caller was checked to see it).
pub async fn projects_serving(app: &App, caller: &Caller, objective: i64) -> Result<Vec<Project>, AppError> {
    let f = caller.reader()?;
    let mut conn = app.db.read().await?;
    verbinding_store::strategy::get_objective_visible(&mut conn, &f, objective).await?;
    let list = store::projects_serving(&mut conn, &f, objective).await?;
    drop(conn);
    let shown: Vec<(i64, &str)> = list.iter().map(|p| (p.id, p.classification.as_str())).collect();
    marked::record_reads(app, caller, &shown, Some("objective")).await?;
    Ok(list)
}
