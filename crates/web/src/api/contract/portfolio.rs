//! Response bodies of the capacity-building portfolio: projects with their
//! countries, sectors, budget per year, flows, baselines and the objectives
//! they serve (those the caller may see). Money is in cents of the
//! project's currency: an integer, never a rounded float.

use schemars::JsonSchema;
use serde::Serialize;
use verbinding_app::portfolio::{PortfolioEntry, ProjectPage};
use verbinding_domain::portfolio::{CmmDimension, FlowKind, ProjectStatus, YearFlows};
use verbinding_store::portfolio::Project;

#[derive(Serialize, JsonSchema)]
pub struct ShareView {
    /// ISO 3166-1 alpha-2 country code or OECD-DAC sector code.
    pub code: String,
    /// Share in percent; null when the project gives none.
    pub percentage: Option<f64>,
}

#[derive(Serialize, JsonSchema)]
pub struct YearView {
    pub year: i32,
    pub budget_cents: i64,
    pub committed_cents: i64,
    pub disbursed_cents: i64,
}

impl From<&YearFlows> for YearView {
    fn from(y: &YearFlows) -> Self {
        YearView { year: y.year, budget_cents: y.budget, committed_cents: y.committed, disbursed_cents: y.disbursed }
    }
}

#[derive(Serialize, JsonSchema)]
pub struct ProjectItem {
    pub id: i64,
    /// The IATI activity identifier.
    pub identifier: String,
    pub title: String,
    pub summary: String,
    /// Language of the title and summary: `nl` or `en`.
    pub language: String,
    #[schemars(with = "ProjectStatus")]
    pub status: String,
    #[schemars(with = "String", extend("format" = "date"))]
    pub start_date: String,
    #[schemars(with = "String", extend("format" = "date"))]
    pub end_date: String,
    pub classification: String,
    pub tlp: String,
    pub lead_org_code: String,
    pub donor_name: String,
    pub donor_ref: String,
    pub implementer_name: String,
    pub implementer_ref: String,
    /// ISO 4217.
    pub currency: String,
    pub countries: Vec<ShareView>,
    pub sectors: Vec<ShareView>,
    /// Another publisher's IATI activity, kept as it came in.
    pub imported: bool,
    pub version: i64,
    /// Budget, commitments and disbursements per year.
    pub years: Vec<YearView>,
}

impl ProjectItem {
    fn of(p: Project, years: &[YearFlows]) -> Self {
        let shares = |list: Vec<verbinding_domain::portfolio::Share>| {
            list.into_iter().map(|s| ShareView { code: s.code, percentage: s.percentage }).collect()
        };
        ProjectItem {
            id: p.id,
            identifier: p.identifier,
            title: p.title,
            summary: p.summary,
            language: p.language,
            status: p.status,
            start_date: p.start_date,
            end_date: p.end_date,
            classification: p.classification,
            tlp: p.tlp,
            lead_org_code: p.lead_org_code,
            donor_name: p.donor_name,
            donor_ref: p.donor_ref,
            implementer_name: p.implementer_name,
            implementer_ref: p.implementer_ref,
            currency: p.currency,
            countries: shares(p.countries),
            sectors: shares(p.sectors),
            imported: p.imported,
            version: p.version,
            years: years.iter().map(YearView::from).collect(),
        }
    }
}

impl From<PortfolioEntry> for ProjectItem {
    fn from(e: PortfolioEntry) -> Self {
        ProjectItem::of(e.project, &e.years)
    }
}

#[derive(Serialize, JsonSchema)]
pub struct FlowView {
    #[schemars(with = "FlowKind")]
    pub kind: String,
    #[schemars(with = "String", extend("format" = "date"))]
    pub date: String,
    /// Negative for a correction of an earlier entry.
    pub cents: i64,
    pub note: String,
    pub recorded_by: String,
}

#[derive(Serialize, JsonSchema)]
pub struct BaselineView {
    pub country: String,
    #[schemars(with = "CmmDimension")]
    pub dimension: String,
    /// 1–5 on the CMM's stages (start-up, formative, established, strategic, dynamic).
    pub stage: i64,
    pub year: i64,
    pub source: String,
}

#[derive(Serialize, JsonSchema)]
pub struct ServedObjective {
    pub id: i64,
    pub title: String,
    pub level: String,
}

#[derive(Serialize, JsonSchema)]
pub struct ProjectDetail {
    pub project: ProjectItem,
    pub flows: Vec<FlowView>,
    pub baselines: Vec<BaselineView>,
    /// The objectives served that the caller may see.
    pub objectives: Vec<ServedObjective>,
}

impl From<ProjectPage> for ProjectDetail {
    fn from(p: ProjectPage) -> Self {
        ProjectDetail {
            project: ProjectItem::of(p.project, &p.years),
            flows: p
                .flows
                .into_iter()
                .map(|f| FlowView {
                    kind: f.kind,
                    date: f.flow_date,
                    cents: f.cents,
                    note: f.note,
                    recorded_by: f.recorded_by_name,
                })
                .collect(),
            baselines: p
                .baselines
                .into_iter()
                .map(|b| BaselineView {
                    country: b.country,
                    dimension: b.dimension,
                    stage: b.stage,
                    year: b.year,
                    source: b.source,
                })
                .collect(),
            objectives: p
                .objectives
                .into_iter()
                .map(|o| ServedObjective { id: o.id, title: o.title, level: o.level })
                .collect(),
        }
    }
}

/// A project an import created.
#[derive(Serialize, JsonSchema)]
pub struct ImportedProject {
    pub id: i64,
    /// The IATI activity identifier.
    pub identifier: String,
}

/// A field of a refused activity, or of a warning.
#[derive(Serialize, JsonSchema)]
pub struct ImportFinding {
    /// Where in the activity, as a path (`participating-org[1]/@ref`).
    pub field: String,
    pub code: String,
}

#[derive(Serialize, JsonSchema)]
pub struct RefusedActivity {
    /// Its IATI identifier, as the file gives it.
    pub activity: String,
    pub errors: Vec<ImportFinding>,
}

#[derive(Serialize, JsonSchema)]
pub struct ImportWarning {
    pub activity: String,
    pub field: String,
    pub code: String,
}

/// What an IATI import did: each activity stands alone.
#[derive(Serialize, JsonSchema)]
pub struct ImportReportView {
    pub created: Vec<ImportedProject>,
    /// Identifiers the portfolio already holds: left as they are.
    pub present: Vec<String>,
    pub refused: Vec<RefusedActivity>,
    /// Unusual but publishable: imported, and named here.
    pub warnings: Vec<ImportWarning>,
    /// Parts of the file the portfolio does not keep (they are published
    /// again unchanged with the activity).
    pub not_kept: Vec<String>,
}

impl From<verbinding_app::portfolio_iati::ImportReport> for ImportReportView {
    fn from(r: verbinding_app::portfolio_iati::ImportReport) -> Self {
        ImportReportView {
            created: r.created.into_iter().map(|(id, identifier)| ImportedProject { id, identifier }).collect(),
            present: r.present,
            refused: r
                .refused
                .into_iter()
                .map(|(activity, errors)| RefusedActivity {
                    activity,
                    errors: errors.into_iter().map(|(field, code)| ImportFinding { field, code }).collect(),
                })
                .collect(),
            warnings: r
                .warnings
                .into_iter()
                .map(|(activity, field, code)| ImportWarning { activity, field, code })
                .collect(),
            not_kept: r.not_kept,
        }
    }
}
