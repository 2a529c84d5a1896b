//! Foresight (issue 15): future scenarios of a strategy as marked objects
//! (never more open than the strategy), the stance of each part of the
//! chain per scenario, and signposts on the strategy's indicators. The
//! scheduler ([`tick`], time passed in through the app's clock) records a
//! signpost's crossing once and raises a review item with the signpost, the
//! value and the scenario; the next review takes the open items into what
//! it saw ([`crate::reviews`]).
//!
//! A signpost shows its indicator's value to whoever sees the scenario, so
//! a scenario with signposts is never more open than the parts whose
//! indicators it watches.

use crate::marked::{self, MarkedKind};
use crate::{App, AppError, Caller};
use verbinding_domain::access::VisibilityFilter;
use verbinding_domain::audit::AuditAction;
use verbinding_domain::role::Permission;
use verbinding_domain::strategy::foresight::{Crossing, ScenarioInput, SignpostInput, Stance, ValidScenario, crossed};
use verbinding_store::foresight::{self as store, ReviewItem, Scenario, Signpost};
use verbinding_store::objects::Edit;
use verbinding_store::strategy::{Objective, Strategy};

/// Scenarios as a marked kind; whoever shapes the strategy keeps them.
pub struct Scenarios;

impl MarkedKind for Scenarios {
    const KIND: &'static str = "scenario";
    const PERMISSION: Permission = Permission::ManageStrategy;
    type Input = ScenarioInput;
    type Valid = ValidScenario;
    type Row = Scenario;
    marked::marked_columns!(ScenarioInput, ValidScenario, Scenario);
    /// Scenarios are added to their strategy by [`create_scenario`].
    async fn insert(
        _tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        _valid: &ValidScenario,
        _by: i64,
        _now: i64,
    ) -> verbinding_store::Result<i64> {
        Err(verbinding_store::StoreError::Refused { field: "strategy", code: "strategy_unknown" })
    }
    fn update(
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        edit: &Edit,
        valid: &ValidScenario,
    ) -> impl Future<Output = verbinding_store::Result<()>> + Send {
        store::update_scenario(tx, edit, valid)
    }
    fn get_visible(
        conn: &mut sqlx::AnyConnection,
        filter: &VisibilityFilter,
        id: i64,
    ) -> impl Future<Output = verbinding_store::Result<Scenario>> + Send {
        store::get_scenario_visible(conn, filter, id)
    }
    /// Re-marked, a scenario stays within its strategy and the parts its
    /// signposts watch.
    async fn after_update(tx: &mut sqlx::Transaction<'static, sqlx::Any>, id: i64) -> Result<(), AppError> {
        let strategy = store::strategy_of(tx, id).await?;
        within(tx, id, &[strategy], "scenario_wider_than_strategy").await?;
        let watched = store::watched_objectives(tx, id).await?;
        within(tx, id, &watched, "signpost_wider_than_indicator").await
    }
}

async fn within(conn: &mut sqlx::AnyConnection, id: i64, sources: &[i64], code: &'static str) -> Result<(), AppError> {
    if marked::no_more_open_than(conn, id, sources).await? {
        Ok(())
    } else {
        Err(AppError::invalid("need_to_know", code))
    }
}

/// Adds a scenario to a strategy the caller may see; returns its id.
pub async fn create_scenario(
    app: &App,
    caller: &Caller,
    strategy_id: i64,
    input: &ScenarioInput,
) -> Result<i64, AppError> {
    let mut c = marked::Change::begin(app, caller, Permission::ManageStrategy).await?;
    verbinding_store::strategy::get_strategy_visible(&mut c.tx, &c.filter, strategy_id).await?;
    let valid = input.validate(&app.config.ceiling)?;
    c.within_own_clearance(&valid.marking)?;
    let (by, now) = (c.user_id()?, c.now_ms());
    let id = store::create_scenario(&mut c.tx, strategy_id, &valid, by, now).await?;
    within(&mut c.tx, id, &[strategy_id], "scenario_wider_than_strategy").await?;
    c.finish(id, AuditAction::ObjectCreated, serde_json::json!({"kind": "scenario", "strategy": strategy_id})).await?;
    Ok(id)
}

/// Reads one scenario ([`marked::read`]).
pub async fn read_scenario(app: &App, caller: &Caller, id: i64) -> Result<Scenario, AppError> {
    marked::read::<Scenarios>(app, caller, id).await
}

/// Loads a scenario for its edit form ([`marked::load`]).
pub async fn load_scenario(app: &App, caller: &Caller, id: i64) -> Result<Scenario, AppError> {
    marked::load::<Scenarios>(app, caller, id).await
}

/// Whether the caller decides this scenario's marking.
pub fn decides_scenario_marking(caller: &Caller, row: &Scenario) -> Result<bool, AppError> {
    marked::decides_marking::<Scenarios>(caller, row)
}

/// Applies an edit of a scenario made on `version`.
pub async fn update_scenario(
    app: &App,
    caller: &Caller,
    id: i64,
    version: i64,
    input: &ScenarioInput,
) -> Result<(), AppError> {
    marked::update::<Scenarios>(app, caller, id, version, input).await
}

/// The scenarios of a strategy the caller may see.
pub async fn scenarios_of(app: &App, caller: &Caller, strategy_id: i64) -> Result<Vec<Scenario>, AppError> {
    let f = caller.reader()?;
    let mut conn = app.db.read().await?;
    verbinding_store::strategy::get_strategy_visible(&mut conn, &f, strategy_id).await?;
    let list = store::scenarios_visible(&mut conn, &f, strategy_id).await?;
    drop(conn);
    let shown: Vec<(i64, &str)> = list.iter().map(|s| (s.id, s.classification.as_str())).collect();
    marked::record_reads(app, caller, &shown, Some("scenarios")).await?;
    Ok(list)
}

/// A part of the same strategy the caller may see, else the field's error.
async fn part_of(
    conn: &mut sqlx::AnyConnection,
    f: &VisibilityFilter,
    scenario: &Scenario,
    objective: i64,
) -> Result<Objective, AppError> {
    match verbinding_store::strategy::get_objective_visible(conn, f, objective).await {
        Ok(o) if o.strategy_id == scenario.strategy_id => Ok(o),
        Ok(_) | Err(verbinding_store::StoreError::NotFound) => Err(AppError::invalid("objective", "objective_unknown")),
        Err(e) => Err(e.into()),
    }
}

/// Sets how a part of the chain stands in a scenario.
pub async fn set_stance(app: &App, caller: &Caller, id: i64, objective: i64, stance: &str) -> Result<(), AppError> {
    let mut c = marked::Change::begin(app, caller, Permission::ManageStrategy).await?;
    let scenario = store::get_scenario_visible(&mut c.tx, &c.filter, id).await?;
    let stance = Stance::parse(stance).ok_or_else(|| AppError::invalid("stance", "stance_unknown"))?;
    part_of(&mut c.tx, &c.filter, &scenario, objective).await?;
    let (by, now) = (c.user_id()?, c.now_ms());
    store::set_stance(&mut c.tx, id, objective, stance, by, now).await?;
    c.audit(
        AuditAction::ObjectUpdated,
        id,
        serde_json::json!({"change": "scenario.stance", "objective": objective, "stance": stance.id()}),
    )
    .await?;
    c.commit().await
}

/// Adds a signpost on an indicator of the strategy the caller may see; the
/// scenario must be no more open than the part the indicator measures.
pub async fn add_signpost(app: &App, caller: &Caller, id: i64, input: &SignpostInput) -> Result<(), AppError> {
    let mut c = marked::Change::begin(app, caller, Permission::ManageStrategy).await?;
    let scenario = store::get_scenario_visible(&mut c.tx, &c.filter, id).await?;
    let valid = input.validate()?;
    let indicator = match verbinding_store::indicators::get_visible(&mut c.tx, &c.filter, valid.indicator).await {
        Ok(i) => i,
        Err(verbinding_store::StoreError::NotFound) => return Err(AppError::invalid("indicator", "indicator_unknown")),
        Err(e) => return Err(e.into()),
    };
    part_of(&mut c.tx, &c.filter, &scenario, indicator.objective_id)
        .await
        .map_err(|_| AppError::invalid("indicator", "indicator_unknown"))?;
    within(&mut c.tx, id, &[indicator.objective_id], "signpost_wider_than_indicator").await?;
    let (by, now) = (c.user_id()?, c.now_ms());
    store::add_signpost(&mut c.tx, id, &valid, by, now).await?;
    c.audit(
        AuditAction::ObjectUpdated,
        id,
        serde_json::json!({"change": "signpost.added", "name": valid.name, "indicator": valid.indicator,
            "threshold": valid.threshold, "crossing": valid.crossing.id()}),
    )
    .await?;
    c.commit().await
}

/// A stance with its part, as the caller may see it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ShownStance {
    pub objective: Objective,
    pub stance: Option<String>,
}

/// Everything a scenario's page shows.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ScenarioPage {
    pub scenario: Scenario,
    pub strategy: Strategy,
    /// Every part of the strategy the caller may see, with its stance (if set).
    pub stances: Vec<ShownStance>,
    pub signposts: Vec<Signpost>,
    pub items: Vec<ReviewItem>,
    /// The indicators a signpost may watch: (id, name) of the parts shown.
    pub indicators: Vec<(i64, String)>,
}

pub async fn scenario_page(app: &App, caller: &Caller, id: i64) -> Result<ScenarioPage, AppError> {
    let scenario = read_scenario(app, caller, id).await?;
    let f = caller.reader()?;
    let mut conn = app.db.read().await?;
    let strategy = verbinding_store::strategy::get_strategy_visible(&mut conn, &f, scenario.strategy_id).await?;
    let set = store::stances(&mut conn, id).await?;
    let parts = verbinding_store::strategy::objectives_visible(&mut conn, &f, scenario.strategy_id).await?;
    let stances = parts
        .into_iter()
        .map(|o| ShownStance { stance: set.iter().find(|(p, _)| *p == o.id).map(|(_, s)| s.clone()), objective: o })
        .collect::<Vec<_>>();
    let signposts = store::signposts(&mut conn, id).await?;
    let indicators = verbinding_store::indicators::list_visible(&mut conn, &f, scenario.strategy_id, None)
        .await?
        .into_iter()
        .filter(|i| stances.iter().any(|s| s.objective.id == i.objective_id))
        .map(|i| (i.id, i.name))
        .collect();
    let items = store::review_items_visible(&mut conn, &f, Some(scenario.strategy_id), false)
        .await?
        .into_iter()
        .filter(|i| i.scenario_id == id)
        .collect();
    drop(conn);
    let mut shown: Vec<(i64, &str)> = vec![(strategy.id, strategy.classification.as_str())];
    shown.extend(stances.iter().map(|s| (s.objective.id, s.objective.classification.as_str())));
    marked::record_reads(app, caller, &shown, Some("scenario")).await?;
    Ok(ScenarioPage { scenario, strategy, stances, signposts, items, indicators })
}

/// The open review items on scenarios the caller may see (for the
/// dashboard of those who record reviews).
pub async fn open_items(app: &App, caller: &Caller) -> Result<Vec<ReviewItem>, AppError> {
    caller.require(Permission::ManageStrategy)?;
    let f = caller.reader()?;
    let mut conn = app.db.read().await?;
    Ok(store::review_items_visible(&mut conn, &f, None, true).await?)
}

/// The scheduler's step: every armed signpost whose indicator's latest
/// approved value is across its threshold is recorded as crossed, once,
/// with a review item; every crossed one whose value is back on the safe
/// side re-arms, so a next crossing raises a new item. Returns how many
/// crossed. The time is the app's clock.
pub async fn tick(app: &App) -> Result<usize, AppError> {
    let system = Caller::system("scheduler");
    let mut conn = app.db.read().await?;
    let due = store::due(&mut conn, 500).await?;
    drop(conn);
    let mut raised = 0;
    for w in due {
        let (Some(value), Some(period)) = (w.latest_value, w.latest_period.clone()) else { continue };
        let Some(crossing) = Crossing::parse(&w.crossing) else { continue };
        let across = crossed(crossing, w.threshold, value);
        let now = app.now_ms();
        let mut tx = app.db.write().await?;
        let change = match (w.crossed == 1, across) {
            (false, true) if store::record_crossing(&mut tx, &w, value, &period, now).await? => {
                raised += 1;
                "signpost.crossed"
            }
            (true, false) if store::record_rearming(&mut tx, &w, value, &period, now).await? => "signpost.rearmed",
            _ => continue,
        };
        let detail = serde_json::json!({"change": change, "signpost": w.id, "value": value, "period": period});
        marked::audit_about(&mut tx, app, &system, AuditAction::ObjectUpdated, w.scenario_id, detail).await?;
        tx.commit().await?;
    }
    Ok(raised)
}

/// The open review items of a strategy at least as open as a review with
/// `marking`, for its frozen inputs: the items and their ids.
pub(crate) async fn items_for_review(
    conn: &mut sqlx::AnyConnection,
    f: &VisibilityFilter,
    strategy_id: i64,
    review: &verbinding_domain::access::Marking,
) -> Result<(Vec<ReviewItem>, usize), AppError> {
    let mut taken = Vec::new();
    let mut left_out = 0;
    for item in store::review_items_visible(conn, f, Some(strategy_id), true).await? {
        if crate::executions::all_cover(conn, &[item.scenario_id], review).await? {
            taken.push(item);
        } else {
            left_out += 1;
        }
    }
    Ok((taken, left_out))
}
