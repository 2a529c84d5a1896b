//! The capacity-building portfolio (issue 15, P11): projects are marked
//! objects read through the visibility predicate in the query itself; their
//! money flows and baselines belong to them and are seen with them.

use crate::sql::{Arg, Sql};
use crate::{Result, StoreError, objects};
use sqlx::{Any, AnyConnection, FromRow, Transaction};
use verbinding_domain::access::VisibilityFilter;
use verbinding_domain::portfolio::{Share, ValidBaseline, ValidFlow, ValidProject, YearBudget};

#[derive(Debug, Clone, serde::Serialize)]
pub struct Project {
    pub id: i64,
    pub identifier: String,
    pub title: String,
    pub summary: String,
    pub language: String,
    pub status: String,
    pub start_date: String,
    pub end_date: String,
    pub classification: String,
    pub tlp: String,
    #[serde(serialize_with = "crate::as_bool")]
    pub open_to_all: i64,
    pub lead_org_id: i64,
    pub lead_org_code: String,
    #[serde(skip)]
    pub owner_org_id: Option<i64>,
    pub owner_org_code: Option<String>,
    pub donor_name: String,
    pub donor_ref: String,
    pub implementer_name: String,
    pub implementer_ref: String,
    pub currency: String,
    pub countries: Vec<Share>,
    pub sectors: Vec<Share>,
    pub budgets: Vec<YearBudget>,
    /// Whether the project came in as another publisher's IATI activity.
    pub imported: bool,
    /// The IATI activity as imported (JSON), published again unchanged.
    #[serde(skip)]
    pub mirror: Option<String>,
    pub version: i64,
    pub created_at: i64,
    pub updated_at: i64,
    pub need_to_know: Vec<String>,
    pub need_to_know_users: Vec<String>,
}

#[derive(FromRow)]
struct ProjectRow {
    id: i64,
    identifier: String,
    title: String,
    summary: String,
    language: String,
    status: String,
    start_date: String,
    end_date: String,
    classification: String,
    tlp: String,
    open_to_all: i64,
    lead_org_id: i64,
    lead_org_code: String,
    owner_org_id: Option<i64>,
    owner_org_code: Option<String>,
    donor_name: String,
    donor_ref: String,
    implementer_name: String,
    implementer_ref: String,
    currency: String,
    countries: String,
    sectors: String,
    budgets: String,
    mirror: Option<String>,
    version: i64,
    created_at: i64,
    updated_at: i64,
}

impl ProjectRow {
    fn into_project(self) -> Result<Project> {
        Ok(Project {
            countries: crate::decode("project countries", self.id, &self.countries)?,
            sectors: crate::decode("project sectors", self.id, &self.sectors)?,
            budgets: crate::decode("project budgets", self.id, &self.budgets)?,
            imported: self.mirror.is_some(),
            id: self.id,
            identifier: self.identifier,
            title: self.title,
            summary: self.summary,
            language: self.language,
            status: self.status,
            start_date: self.start_date,
            end_date: self.end_date,
            classification: self.classification,
            tlp: self.tlp,
            open_to_all: self.open_to_all,
            lead_org_id: self.lead_org_id,
            lead_org_code: self.lead_org_code,
            owner_org_id: self.owner_org_id,
            owner_org_code: self.owner_org_code,
            donor_name: self.donor_name,
            donor_ref: self.donor_ref,
            implementer_name: self.implementer_name,
            implementer_ref: self.implementer_ref,
            currency: self.currency,
            mirror: self.mirror,
            version: self.version,
            created_at: self.created_at,
            updated_at: self.updated_at,
            need_to_know: Vec::new(),
            need_to_know_users: Vec::new(),
        })
    }
}

const PROJECT_SELECT: &str = "SELECT o.id, p.identifier, p.title, p.summary, p.language, p.status, p.start_date, \
    p.end_date, o.classification, o.tlp, o.open_to_all, p.lead_org_id, lo.code AS lead_org_code, o.owner_org_id, \
    ow.code AS owner_org_code, p.donor_name, p.donor_ref, p.implementer_name, p.implementer_ref, p.currency, \
    p.countries, p.sectors, p.budgets, p.mirror, p.version, o.created_at, p.updated_at \
    FROM projects p JOIN objects o ON o.id = p.object_id JOIN organisations lo ON lo.id = p.lead_org_id \
    LEFT JOIN organisations ow ON ow.id = o.owner_org_id";

fn encode<T: serde::Serialize>(value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(|e| StoreError::Corrupt { what: "project list", id: 0, cause: e.to_string() })
}

/// Creates a project; `mirror` is the imported IATI activity, if any.
pub async fn create_project(
    tx: &mut Transaction<'_, Any>,
    p: &ValidProject,
    mirror: Option<&str>,
    by: i64,
    now: i64,
) -> Result<i64> {
    let lead = objects::resolve_org(tx, &p.lead_org, "lead_org").await?;
    let id = objects::create(tx, "project", &p.marking, by, now).await?;
    sqlx::query(
        "INSERT INTO projects (object_id, identifier, title, summary, language, status, start_date, end_date, \
         lead_org_id, donor_name, donor_ref, implementer_name, implementer_ref, currency, countries, sectors, budgets, \
         mirror, version, updated_at, updated_by) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, 1, $19, $20)",
    )
    .bind(id)
    .bind(&p.identifier)
    .bind(&p.title)
    .bind(&p.summary)
    .bind(&p.language)
    .bind(p.status.id())
    .bind(&p.start_date)
    .bind(&p.end_date)
    .bind(lead)
    .bind(&p.donor_name)
    .bind(&p.donor_ref)
    .bind(&p.implementer_name)
    .bind(&p.implementer_ref)
    .bind(&p.currency)
    .bind(encode(&p.countries)?)
    .bind(encode(&p.sectors)?)
    .bind(encode(&p.budgets)?)
    .bind(mirror)
    .bind(now)
    .bind(by)
    .execute(&mut **tx)
    .await?;
    Ok(id)
}

pub async fn update_project(tx: &mut Transaction<'_, Any>, edit: &objects::Edit, p: &ValidProject) -> Result<()> {
    let lead = objects::resolve_org(tx, &p.lead_org, "lead_org").await?;
    let query = sqlx::query(
        "UPDATE projects SET identifier = $1, title = $2, summary = $3, language = $4, status = $5, start_date = $6, \
         end_date = $7, lead_org_id = $8, donor_name = $9, donor_ref = $10, implementer_name = $11, \
         implementer_ref = $12, currency = $13, countries = $14, sectors = $15, budgets = $16, \
         version = version + 1, updated_at = $17, updated_by = $18 WHERE object_id = $19 AND version = $20",
    )
    .bind(&p.identifier)
    .bind(&p.title)
    .bind(&p.summary)
    .bind(&p.language)
    .bind(p.status.id())
    .bind(&p.start_date)
    .bind(&p.end_date)
    .bind(lead)
    .bind(&p.donor_name)
    .bind(&p.donor_ref)
    .bind(&p.implementer_name)
    .bind(&p.implementer_ref)
    .bind(&p.currency)
    .bind(encode(&p.countries)?)
    .bind(encode(&p.sectors)?)
    .bind(encode(&p.budgets)?);
    objects::update_versioned(tx, query, edit).await?;
    objects::remark(tx, edit.id, &p.marking).await
}

/// One project if the viewer may see it; otherwise `NotFound`.
pub async fn get_project_visible(conn: &mut AnyConnection, filter: &VisibilityFilter, id: i64) -> Result<Project> {
    let mut sql = Sql::new(PROJECT_SELECT);
    sql.push(" WHERE o.id = ").bind_int(id).push(" AND ");
    sql.visible("o", filter);
    let row: ProjectRow = sql.query_as().fetch_optional(&mut *conn).await?.ok_or(StoreError::NotFound)?;
    let mut p = row.into_project()?;
    (p.need_to_know, p.need_to_know_users) = objects::need_to_know(conn, p.id).await?;
    Ok(p)
}

/// The visible projects, the latest start first.
pub async fn list_projects_visible(conn: &mut AnyConnection, filter: &VisibilityFilter) -> Result<Vec<Project>> {
    let mut sql = Sql::new(PROJECT_SELECT);
    sql.push(" WHERE ");
    sql.visible("o", filter);
    sql.push(" ORDER BY p.start_date DESC, o.id DESC");
    let rows: Vec<ProjectRow> = sql.query_as().fetch_all(conn).await?;
    rows.into_iter().map(ProjectRow::into_project).collect()
}

/// Whether a project the viewer may see has this IATI identifier. A hidden
/// project with the same identifier is not the viewer's to know of.
pub async fn visible_identifier(conn: &mut AnyConnection, filter: &VisibilityFilter, identifier: &str) -> Result<bool> {
    let mut sql = Sql::new("SELECT o.id FROM projects p JOIN objects o ON o.id = p.object_id WHERE p.identifier = ");
    sql.bind_text(identifier).push(" AND ");
    sql.visible("o", filter);
    Ok(sql.query_as::<(i64,)>().fetch_optional(conn).await?.is_some())
}

/// The id of the project with this identifier, whoever may see it: only for
/// loading the demo idempotently.
pub async fn project_id_by_identifier(conn: &mut AnyConnection, identifier: &str) -> Result<Option<i64>> {
    Ok(sqlx::query_scalar("SELECT object_id FROM projects WHERE identifier = $1")
        .bind(identifier)
        .fetch_optional(conn)
        .await?)
}

#[derive(Debug, Clone, FromRow, serde::Serialize)]
pub struct Flow {
    pub id: i64,
    pub project_id: i64,
    pub kind: String,
    pub flow_date: String,
    pub cents: i64,
    pub note: String,
    pub recorded_by_name: String,
    pub recorded_at: i64,
}

pub async fn record_flow(tx: &mut Transaction<'_, Any>, project: i64, f: &ValidFlow, by: i64, now: i64) -> Result<()> {
    sqlx::query(
        "INSERT INTO project_flows (project_id, kind, flow_date, cents, note, recorded_by, recorded_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(project)
    .bind(f.kind.id())
    .bind(&f.date)
    .bind(f.cents)
    .bind(&f.note)
    .bind(by)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The flows of these projects, in date order (callers pass only projects
/// the viewer may see).
pub async fn flows(conn: &mut AnyConnection, projects: &[i64]) -> Result<Vec<Flow>> {
    if projects.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = Sql::new(
        "SELECT f.id, f.project_id, f.kind, f.flow_date, f.cents, f.note, u.name AS recorded_by_name, \
         f.recorded_at FROM project_flows f JOIN users u ON u.id = f.recorded_by WHERE f.project_id IN ",
    );
    sql.bind_list(projects.iter().map(|i| Arg::Int(*i)));
    sql.push(" ORDER BY f.flow_date, f.id");
    Ok(sql.query_as().fetch_all(conn).await?)
}

#[derive(Debug, Clone, FromRow, serde::Serialize)]
pub struct Baseline {
    pub id: i64,
    pub project_id: i64,
    pub country: String,
    pub dimension: String,
    pub stage: i64,
    pub year: i64,
    pub source: String,
    pub recorded_by_name: String,
    pub recorded_at: i64,
}

pub async fn record_baseline(
    tx: &mut Transaction<'_, Any>,
    project: i64,
    b: &ValidBaseline,
    by: i64,
    now: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO project_baselines (project_id, country, dimension, stage, year, source, recorded_by, recorded_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(project)
    .bind(&b.country)
    .bind(b.dimension.id())
    .bind(i64::from(b.stage))
    .bind(i64::from(b.year))
    .bind(&b.source)
    .bind(by)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn baselines(conn: &mut AnyConnection, projects: &[i64]) -> Result<Vec<Baseline>> {
    if projects.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = Sql::new(
        "SELECT b.id, b.project_id, b.country, b.dimension, b.stage, b.year, b.source, \
         u.name AS recorded_by_name, b.recorded_at FROM project_baselines b \
         JOIN users u ON u.id = b.recorded_by WHERE b.project_id IN ",
    );
    sql.bind_list(projects.iter().map(|i| Arg::Int(*i)));
    sql.push(" ORDER BY b.country, b.dimension, b.year, b.id");
    Ok(sql.query_as().fetch_all(conn).await?)
}

/// Sets the objectives a project serves (ids the caller was checked to see).
pub async fn set_objectives(tx: &mut Transaction<'_, Any>, project: i64, objectives: &[i64]) -> Result<()> {
    sqlx::query("DELETE FROM project_objectives WHERE project_id = $1").bind(project).execute(&mut **tx).await?;
    for o in objectives {
        sqlx::query("INSERT INTO project_objectives (project_id, objective_id) VALUES ($1, $2)")
            .bind(project)
            .bind(o)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// The objectives each of these projects serves, as `(project, objective)`
/// ids; whether the viewer may see each objective is the caller's filter.
pub async fn objective_links(conn: &mut AnyConnection, projects: &[i64]) -> Result<Vec<(i64, i64)>> {
    if projects.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = Sql::new("SELECT project_id, objective_id FROM project_objectives WHERE project_id IN ");
    sql.bind_list(projects.iter().map(|i| Arg::Int(*i)));
    sql.push(" ORDER BY project_id, objective_id");
    Ok(sql.query_as().fetch_all(conn).await?)
}

/// The projects serving an objective, as the viewer may see them.
pub async fn projects_serving(
    conn: &mut AnyConnection,
    filter: &VisibilityFilter,
    objective: i64,
) -> Result<Vec<Project>> {
    let mut sql = Sql::new(PROJECT_SELECT);
    sql.push(" JOIN project_objectives po ON po.project_id = p.object_id WHERE po.objective_id = ");
    sql.bind_int(objective).push(" AND ");
    sql.visible("o", filter);
    sql.push(" ORDER BY p.start_date DESC, o.id DESC");
    let rows: Vec<ProjectRow> = sql.query_as().fetch_all(conn).await?;
    rows.into_iter().map(ProjectRow::into_project).collect()
}
