//! Two example projects in the capacity-building portfolio, serving the
//! strategy's line of effort on capacity building with partner countries
//! (`g3.o3.p1` in [`super::strategy_data`]). They are examples, not real
//! projects: their titles say so, their identifiers carry `VOORBEELD`, and
//! their amounts, dates and baselines are made up for the demo. The donor
//! identifier `XM-DAC-7` is the Netherlands' (Ministry of Foreign Affairs)
//! in the IATI organisation registry. Idempotent by identifier.

use crate::{App, AppError};
use verbinding_domain::marking::MarkingInput;
use verbinding_domain::portfolio::{BaselineInput, FlowInput, ProjectInput, ValidDates};
use verbinding_store::{directory, portfolio, strategy};

struct DemoProject {
    identifier: &'static str,
    title: &'static str,
    summary: &'static str,
    start: &'static str,
    end: &'static str,
    implementer: &'static str,
    countries: &'static str,
    sectors: &'static str,
    budgets: &'static str,
    /// (kind, date, amount, note)
    flows: &'static [(&'static str, &'static str, &'static str, &'static str)],
    /// (country, dimension, stage, year)
    baselines: &'static [(&'static str, &'static str, &'static str, &'static str)],
}

const PROJECTS: &[DemoProject] = &[
    DemoProject {
        identifier: "XM-DAC-7-VOORBEELD-CCB-1",
        title: "Voorbeeld: nationale cyberstrategie en CMM-nulmeting met een partnerland in de Westelijke Balkan",
        summary: "Fictief voorbeeld voor de demo, geen bestaand project: een partnerland stelt met steun een \
nationale cyberstrategie op; een CMM-beoordeling dient als nulmeting en wordt na afloop herhaald. Bedragen en \
data zijn verzonnen.",
        start: "2025-01-01",
        end: "2027-12-31",
        implementer: "Voorbeelduitvoerder (fictief)",
        countries: "MK",
        sectors: "15110 60\n22040 40",
        budgets: "2025 300.000\n2026 350.000\n2027 250.000",
        flows: &[
            ("commitment", "2025-01-15", "900.000", ""),
            ("disbursement", "2025-03-01", "150.000", ""),
            ("disbursement", "2025-09-01", "140.000", ""),
            ("disbursement", "2026-03-01", "175.000", ""),
        ],
        baselines: &[("MK", "policy-strategy", "2", "2024"), ("MK", "legal-regulatory", "2", "2024")],
    },
    DemoProject {
        identifier: "XM-DAC-7-VOORBEELD-CCB-2",
        title: "Voorbeeld: trainingen cyberdiplomatie en VN-normen voor diplomaten uit zuidelijk Afrika",
        summary: "Fictief voorbeeld voor de demo, geen bestaand project: trainingen over het VN-kader voor \
verantwoord statelijk gedrag in cyberspace voor diplomaten van partnerlanden. Bedragen en data zijn verzonnen.",
        start: "2025-04-01",
        end: "2026-12-31",
        implementer: "Voorbeeldinstituut (fictief)",
        countries: "ZA 50\nBW 50",
        sectors: "43081 100",
        budgets: "2025 120.000\n2026 120.000",
        flows: &[("commitment", "2025-04-10", "240.000", ""), ("disbursement", "2025-10-01", "110.000", "")],
        baselines: &[],
    },
];

const LINE_OF_EFFORT: &str = "Capaciteitsopbouwprojecten met partnerlanden in de Westelijke Balkan, zuidelijk Afrika, Azië en \
Oceanië";

/// Loads the example projects that are not there; returns how many were added.
pub(super) async fn load(app: &App) -> Result<usize, AppError> {
    let mut conn = app.db.read().await?;
    let Some((coordinator, _)) = directory::login_lookup(&mut conn, "coordinator@tfc.example").await? else {
        return Ok(0);
    };
    let objective = match strategy::strategy_id_by_title(&mut conn, super::strategy_data::STRATEGY.title).await? {
        Some(s) => strategy::objective_id_by_title(&mut conn, s, LINE_OF_EFFORT).await?,
        None => None,
    };
    drop(conn);
    let mut added = 0;
    let now = app.now_ms();
    for p in PROJECTS {
        if portfolio::project_id_by_identifier(&mut *app.db.read().await?, p.identifier).await?.is_some() {
            continue;
        }
        let input = ProjectInput {
            identifier: p.identifier.into(),
            title: p.title.into(),
            summary: p.summary.into(),
            language: "nl".into(),
            status: "implementation".into(),
            start_date: p.start.into(),
            end_date: p.end.into(),
            lead_org: "TFC".into(),
            donor_name: "Ministerie van Buitenlandse Zaken".into(),
            donor_ref: "XM-DAC-7".into(),
            implementer_name: p.implementer.into(),
            implementer_ref: String::new(),
            currency: "EUR".into(),
            countries: p.countries.into(),
            sectors: p.sectors.into(),
            budgets: p.budgets.into(),
            objectives: objective.map(|o| o.to_string()).into_iter().collect(),
            marking: MarkingInput {
                classification: "ongerubriceerd".into(),
                tlp: "clear".into(),
                open_to_all: true,
                ..Default::default()
            },
        };
        let valid = input.validate(&app.config.ceiling)?;
        let mut tx = app.db.write().await?;
        let id = portfolio::create_project(&mut tx, &valid, None, coordinator.id, now).await?;
        portfolio::set_objectives(&mut tx, id, &valid.objectives).await?;
        for (kind, date, amount, note) in p.flows {
            let flow = FlowInput {
                kind: kind.to_string(),
                date: date.to_string(),
                amount: amount.to_string(),
                note: note.to_string(),
            };
            portfolio::record_flow(&mut tx, id, &flow.validate()?, coordinator.id, now).await?;
        }
        let dates = ValidDates {
            start_year: p.start[..4].parse().unwrap_or_default(),
            countries: valid.countries.iter().map(|c| c.code.clone()).collect(),
        };
        for (country, dimension, stage, year) in p.baselines {
            let b = BaselineInput {
                country: country.to_string(),
                dimension: dimension.to_string(),
                stage: stage.to_string(),
                year: year.to_string(),
                source: "Voorbeeld voor de demo: geen uitkomst van een echte CMM-beoordeling.".into(),
            };
            portfolio::record_baseline(&mut tx, id, &b.validate(&dates)?, coordinator.id, now).await?;
        }
        tx.commit().await?;
        added += 1;
    }
    Ok(added)
}
