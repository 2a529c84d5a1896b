//! Loads the International Cyber Strategy 2023–2028 ([`super::strategy_data`])
//! as demo data: its goals and lines of effort as public text, with example
//! indicators whose targets a decision maker approved and whose measurements
//! the responsible organisation submitted and a coordinator reviewed — each
//! at a moment after its period, never all in the same minute. The last
//! measurement of the Justice and Security indicator waits for review, so
//! the approval can be tried. Filed by the system through the store, as the
//! other demo objects are; idempotent by the strategy's title.

use super::strategy_data::{DemoIndicator, DemoNode, NODES, STRATEGY};
use super::strategy_indicators::INDICATORS;
use crate::{App, AppError, Caller, audit};
use std::collections::HashMap;
use verbinding_domain::audit::AuditAction;
use verbinding_domain::marking::MarkingInput;
use verbinding_domain::strategy::{
    ExternalInput, IndicatorInput, JudgementInput, MeasurementInput, ObjectiveInput, Period, StrategyInput, TargetInput,
};
use verbinding_store::directory::User;
use verbinding_store::strategy::Placement;
use verbinding_store::{directory, indicators, strategy};

const DAY_MS: i64 = 86_400_000;

/// The people the demo's strategy work is done by.
struct Hands {
    coordinator: User,
    second_coordinator: User,
    decision_maker: User,
    ncsc_liaison: User,
}

async fn user(app: &App, email: &str) -> Result<Option<User>, AppError> {
    let mut conn = app.db.read().await?;
    Ok(directory::login_lookup(&mut conn, email).await?.map(|(u, _)| u))
}

fn marking(classification: &str, orgs: &[&str]) -> MarkingInput {
    let open = classification == "ongerubriceerd";
    MarkingInput {
        classification: classification.into(),
        tlp: if open { "clear" } else { "amber" }.into(),
        open_to_all: open,
        orgs: if open { vec![] } else { orgs.iter().map(|o| o.to_string()).collect() },
        users: vec![],
    }
}

fn shown_value(i: &DemoIndicator, value: f64) -> String {
    if i.scale.is_empty() { value.to_string() } else { (value as usize + 1).to_string() }
}

/// Loads the strategy unless it is there; returns how many objects were added.
pub(super) async fn load(app: &App, demo: &Caller) -> Result<usize, AppError> {
    if strategy::strategy_id_by_title(&mut *app.db.read().await?, STRATEGY.title).await?.is_some() {
        return Ok(0);
    }
    let (Some(coordinator), Some(second_coordinator), Some(decision_maker), Some(ncsc_liaison)) = (
        user(app, "coordinator@tfc.example").await?,
        user(app, "directeur@tfc.example").await?,
        user(app, "besluit@bz.example").await?,
        user(app, "liaison@ncsc.example").await?,
    ) else {
        return Ok(0);
    };
    let hands = Hands { coordinator, second_coordinator, decision_maker, ncsc_liaison };
    let ceiling = &app.config.ceiling;
    // Filed on the day the strategy went to parliament (9 June 2023).
    let filed = 1_686_268_800_000;
    let mut tx = app.db.write().await?;
    let input = StrategyInput {
        title: STRATEGY.title.into(),
        summary: format!("{}\n\n*Bron:* {}", STRATEGY.summary, STRATEGY.source),
        start_year: STRATEGY.start_year.to_string(),
        end_year: STRATEGY.end_year.to_string(),
        lead_org: "BZ".into(),
        marking: marking("ongerubriceerd", &[]),
    };
    let strategy_id =
        strategy::create_strategy(&mut tx, &input.validate(ceiling)?, hands.coordinator.id, filed).await?;
    let mut added = 1;
    let mut events = vec![(strategy_id, serde_json::json!({"kind": "strategy"}))];
    let mut ids: HashMap<&str, i64> = HashMap::new();
    for n in NODES {
        let id = add_node(&mut tx, app, n, strategy_id, &ids, &hands, filed).await?;
        ids.insert(n.key, id);
        events.push((id, serde_json::json!({"kind": "objective", "strategy": strategy_id})));
        added += 1;
    }
    for i in INDICATORS {
        let Some(&node) = ids.get(i.node) else {
            return Err(AppError::internal(format!("demo indicator on an unknown node {}", i.node)));
        };
        add_indicator(&mut tx, app, i, node, &hands, filed).await?;
    }
    for (id, detail) in events {
        let e = audit::about_object(audit::event(app, demo, AuditAction::ObjectCreated), id);
        verbinding_store::audit::append(&mut tx, &audit::with_detail(e, detail)).await?;
    }
    tx.commit().await?;
    Ok(added)
}

async fn add_node(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    app: &App,
    n: &DemoNode,
    strategy_id: i64,
    ids: &HashMap<&str, i64>,
    hands: &Hands,
    filed: i64,
) -> Result<i64, AppError> {
    let parent = match n.parent {
        Some(key) => {
            Some(*ids.get(key).ok_or_else(|| AppError::internal(format!("demo node {} before its parent", n.key)))?)
        }
        None => None,
    };
    let mut need_to_know: Vec<&str> = vec!["TFC", n.lead];
    need_to_know.extend(n.contributors);
    let summary =
        if n.source.is_empty() { n.summary.to_string() } else { format!("{}\n\n*Bron:* {}", n.summary, n.source) };
    let input = ObjectiveInput {
        title: n.title.into(),
        summary,
        level: n.level.into(),
        horizon: n.horizon.into(),
        lead_org: n.lead.into(),
        contributors: n.contributors.iter().map(|c| c.to_string()).collect(),
        assumption: n.assumption.into(),
        risk: n.risk.into(),
        marking: marking(n.classification, &need_to_know),
    };
    let valid = input.validate(&app.config.ceiling)?;
    let at = Placement { strategy_id, parent_id: parent };
    let id = strategy::create_objective(tx, at, &valid, hands.coordinator.id, filed).await?;
    if parent.is_some() && !n.assumption_status.is_empty() {
        let note = match n.assumption_status {
            "holds" => "",
            _ => "Voorbeeld: beoordeling in de kwartaalreflectie van TFC.",
        };
        let (status, note) = JudgementInput { status: n.assumption_status.into(), note: note.into() }.validate()?;
        // Judged in the first annual review (early 2025).
        strategy::judge(tx, id, status, &note, hands.coordinator.id, 1_737_072_000_000).await?;
    }
    Ok(id)
}

async fn add_indicator(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    app: &App,
    i: &DemoIndicator,
    node: i64,
    hands: &Hands,
    filed: i64,
) -> Result<(), AppError> {
    let input = IndicatorInput {
        name: i.name.into(),
        definition: i.definition.into(),
        unit: i.unit.into(),
        verification: i.verification.into(),
        data_source: i.data_source.into(),
        frequency: i.frequency.into(),
        responsible_org: i.responsible.into(),
        direction: i.direction.into(),
        measure_type: i.measure_type.into(),
        scale: i.scale.iter().map(|s| s.to_string()).collect(),
        baseline_period: i.baseline_period.into(),
        baseline_value: shown_value(i, i.baseline_value),
        baseline_evidence: i.baseline_evidence.into(),
        example: true,
    };
    let valid = input.validate()?;
    // Defined once its baseline was known.
    let filed = filed.max(valid.baseline_period.end_ms());
    let id = indicators::create(tx, node, &valid, hands.coordinator.id, filed).await?;
    let rules = verbinding_domain::strategy::IndicatorRules {
        shape: verbinding_domain::strategy::ValueShape { measure_type: valid.measure_type, scale: &valid.scale },
        frequency: valid.frequency,
        direction: valid.direction,
        baseline_period: valid.baseline_period,
        baseline_value: valid.baseline_value,
    };
    for (period, value) in i.targets {
        let t = TargetInput { period: period.to_string(), value: shown_value(i, *value), reason: String::new() };
        let target =
            indicators::propose_target(tx, id, &t.validate(&rules, false)?, hands.coordinator.id, filed).await?;
        indicators::decide_target(tx, target, true, "", hands.decision_maker.id, filed + 14 * DAY_MS).await?;
    }
    if let Some((period, note)) = i.series_break {
        let (p, note) = verbinding_domain::strategy::series_break(period, note)?;
        indicators::add_series_break(tx, id, &p.id(), &note, hands.coordinator.id, p.end_ms()).await?;
    }
    // The NCSC liaison reports for its ministry's indicators; TFC's own are
    // reported by a coordinator and reviewed by the other.
    let (submitter, reviewer) = if i.responsible == "JenV" || i.responsible == "NCSC" {
        (&hands.ncsc_liaison, &hands.coordinator)
    } else {
        (&hands.coordinator, &hands.second_coordinator)
    };
    // A clock set earlier (a test's) sees fewer of the measurements.
    let now = app.now_ms();
    let current = Period::quarter_of(now);
    let measured: Vec<_> = i
        .measurements
        .iter()
        .filter(|(p, _, _)| Period::parse(p).is_some_and(|p| p.start_quarter() <= current.start_quarter()))
        .collect();
    let last = measured.len().saturating_sub(1);
    for (k, (period, value, evidence)) in measured.into_iter().enumerate() {
        let qualitative = i.measure_type == "qualitative";
        let m = MeasurementInput {
            period: period.to_string(),
            value: shown_value(i, *value),
            narrative: if qualitative { evidence.to_string() } else { String::new() },
            evidence: evidence.to_string(),
            external: i.external.as_ref().map(|e| ExternalInput {
                edition: e.edition.into(),
                retrieved: e.retrieved.into(),
                citation: e.citation.into(),
                no_redistribution: e.no_redistribution,
            }),
        };
        let valid = m.validate(&rules, current)?;
        let submitted = (valid.period.end_ms() + 10 * DAY_MS).min(now);
        let mid = indicators::submit(tx, id, &valid, submitter.id, submitted).await?;
        let waits = k == last && submitter.id == hands.ncsc_liaison.id;
        if !waits {
            indicators::review(tx, mid, true, "", reviewer.id, (submitted + 5 * DAY_MS).min(now)).await?;
        }
    }
    Ok(())
}
