//! Strategies and their result chains (issue 15): the marked-object steps
//! of [`crate::marked`] for strategies and their nodes, the rule that a
//! node is never more open than what it hangs under, judgements on the
//! links' assumptions, and the tree with every indicator's progress.
//! Indicators, targets and measurements are in [`crate::indicators`].

use crate::indicators::{self, IndicatorState};
use crate::marked::{self, MarkedKind};
use crate::{App, AppError, Caller};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use verbinding_domain::access::VisibilityFilter;
use verbinding_domain::audit::AuditAction;
use verbinding_domain::role::Permission;
use verbinding_domain::strategy::progress::Rollup;
use verbinding_domain::strategy::{
    JudgementInput, ObjectiveInput, StrategyInput, ValidObjective, ValidStrategy, check_parent,
};
use verbinding_store::objects::Edit;
use verbinding_store::strategy::{self as store, Judgement, Objective, Placement, Strategy};

/// Strategies as a marked kind; coordinators shape them.
pub struct Strategies;

impl MarkedKind for Strategies {
    const KIND: &'static str = "strategy";
    const PERMISSION: Permission = Permission::ManageStrategy;
    type Input = StrategyInput;
    type Valid = ValidStrategy;
    type Row = Strategy;
    marked::marked_columns!(StrategyInput, ValidStrategy, Strategy);
    fn insert(
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        valid: &ValidStrategy,
        by: i64,
        now: i64,
    ) -> impl Future<Output = verbinding_store::Result<i64>> + Send {
        store::create_strategy(tx, valid, by, now)
    }
    fn update(
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        edit: &Edit,
        valid: &ValidStrategy,
    ) -> impl Future<Output = verbinding_store::Result<()>> + Send {
        store::update_strategy(tx, edit, valid)
    }
    fn get_visible(
        conn: &mut sqlx::AnyConnection,
        filter: &VisibilityFilter,
        id: i64,
    ) -> impl Future<Output = verbinding_store::Result<Strategy>> + Send {
        store::get_strategy_visible(conn, filter, id)
    }
    /// A strategy narrowed must stay at least as open as each of its goals.
    async fn after_update(tx: &mut sqlx::Transaction<'static, sqlx::Any>, id: i64) -> Result<(), AppError> {
        let goals = store::goal_ids(tx, id).await?;
        children_still_within(tx, id, &goals).await
    }
}

/// The nodes of a result chain as a marked kind.
pub struct Objectives;

impl MarkedKind for Objectives {
    const KIND: &'static str = "objective";
    const PERMISSION: Permission = Permission::ManageStrategy;
    type Input = ObjectiveInput;
    type Valid = ValidObjective;
    type Row = Objective;
    marked::marked_columns!(ObjectiveInput, ValidObjective, Objective);
    /// Nodes are created under their parent by [`create_objective`], never
    /// through the shared create step.
    async fn insert(
        _tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        _valid: &ValidObjective,
        _by: i64,
        _now: i64,
    ) -> verbinding_store::Result<i64> {
        Err(verbinding_store::StoreError::Refused { field: "parent", code: "objective_unknown" })
    }
    fn update(
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        edit: &Edit,
        valid: &ValidObjective,
    ) -> impl Future<Output = verbinding_store::Result<()>> + Send {
        store::update_objective(tx, edit, valid)
    }
    fn get_visible(
        conn: &mut sqlx::AnyConnection,
        filter: &VisibilityFilter,
        id: i64,
    ) -> impl Future<Output = verbinding_store::Result<Objective>> + Send {
        store::get_objective_visible(conn, filter, id)
    }
    /// An edited node stays no more open than what it hangs under, and
    /// its children no more open than it.
    async fn after_update(tx: &mut sqlx::Transaction<'static, sqlx::Any>, id: i64) -> Result<(), AppError> {
        let (strategy, parent) = store::placement(tx, id).await?;
        within_source(tx, id, parent.unwrap_or(strategy)).await?;
        let children = store::child_ids(tx, id).await?;
        children_still_within(tx, id, &children).await?;
        // A scenario's signposts show this part's values: narrowed, the part
        // must stay at least as open as the scenarios watching it.
        for scenario in verbinding_store::foresight::scenarios_watching(tx, id).await? {
            if !marked::no_more_open_than(tx, scenario, &[id]).await? {
                return Err(AppError::invalid("need_to_know", "objective_narrower_than_signposts"));
            }
        }
        Ok(())
    }
}

/// The node `id` must be no more open than `source` (its parent, or the
/// strategy for a goal): a derived object never is.
async fn within_source(conn: &mut sqlx::AnyConnection, id: i64, source: i64) -> Result<(), AppError> {
    if marked::no_more_open_than(conn, id, &[source]).await? {
        Ok(())
    } else {
        Err(AppError::invalid("need_to_know", "objective_wider_than_parent"))
    }
}

async fn children_still_within(conn: &mut sqlx::AnyConnection, id: i64, children: &[i64]) -> Result<(), AppError> {
    for child in children {
        if !marked::no_more_open_than(conn, *child, &[id]).await? {
            return Err(AppError::invalid("need_to_know", "objective_narrower_than_children"));
        }
    }
    Ok(())
}

/// Creates a strategy ([`marked::create`]).
pub async fn create_strategy(app: &App, caller: &Caller, input: &StrategyInput) -> Result<i64, AppError> {
    marked::create::<Strategies>(app, caller, input).await
}

/// Reads one strategy, audited above Ongerubriceerd.
pub async fn read_strategy(app: &App, caller: &Caller, id: i64) -> Result<Strategy, AppError> {
    marked::read::<Strategies>(app, caller, id).await
}

/// Loads a strategy for editing without recording a read again.
pub async fn load_strategy(app: &App, caller: &Caller, id: i64) -> Result<Strategy, AppError> {
    marked::load::<Strategies>(app, caller, id).await
}

/// Whether the caller decides this strategy's marking.
pub fn decides_strategy_marking(caller: &Caller, row: &Strategy) -> Result<bool, AppError> {
    marked::decides_marking::<Strategies>(caller, row)
}

/// Applies an edit of a strategy made on `version`.
pub async fn update_strategy(
    app: &App,
    caller: &Caller,
    id: i64,
    version: i64,
    input: &StrategyInput,
) -> Result<(), AppError> {
    marked::update::<Strategies>(app, caller, id, version, input).await
}

/// The strategies the caller may see, the latest period first.
pub async fn list_strategies(app: &App, caller: &Caller) -> Result<Vec<Strategy>, AppError> {
    let f = caller.reader()?;
    let mut conn = app.db.read().await?;
    let list = store::list_strategies_visible(&mut conn, &f).await?;
    drop(conn);
    let shown: Vec<_> = list.iter().map(|s| (s.id, s.classification.as_str())).collect();
    marked::record_reads(app, caller, &shown, Some("strategies")).await?;
    Ok(list)
}

/// Where a new node goes: under a strategy's top (a goal) or under a node.
#[derive(Debug, Clone, Copy)]
pub enum Under {
    Strategy(i64),
    Objective(i64),
}

/// Adds a node to a result chain: the strategy (and parent) must be
/// visible to the caller, the level must fit the parent, and the node is
/// never more open than what it hangs under. Returns the new node's id.
pub async fn create_objective(
    app: &App,
    caller: &Caller,
    under: Under,
    input: &ObjectiveInput,
) -> Result<i64, AppError> {
    // The permission and the reader first (`Change::begin`), before any input is judged.
    let mut c = marked::Change::begin(app, caller, Permission::ManageStrategy).await?;
    let (placement, parent_level, source) = match under {
        Under::Strategy(id) => {
            store::get_strategy_visible(&mut c.tx, &c.filter, id).await?;
            (Placement { strategy_id: id, parent_id: None }, None, id)
        }
        Under::Objective(id) => {
            let parent = store::get_objective_visible(&mut c.tx, &c.filter, id).await?;
            let level = verbinding_store::vocabulary("objective level", parent.id, &parent.level)?;
            (Placement { strategy_id: parent.strategy_id, parent_id: Some(id) }, Some(level), id)
        }
    };
    let valid = input.validate(&app.config.ceiling)?;
    check_parent(parent_level, valid.level)?;
    c.within_own_clearance(&valid.marking)?;
    let (by, now) = (c.user_id()?, c.now_ms());
    let id = store::create_objective(&mut c.tx, placement, &valid, by, now).await?;
    within_source(&mut c.tx, id, source).await?;
    c.finish(
        id,
        AuditAction::ObjectCreated,
        serde_json::json!({"kind": "objective", "strategy": placement.strategy_id}),
    )
    .await?;
    Ok(id)
}

/// Reads one node ([`marked::read`]).
pub async fn read_objective(app: &App, caller: &Caller, id: i64) -> Result<Objective, AppError> {
    marked::read::<Objectives>(app, caller, id).await
}

/// Loads a node for editing without recording a read again.
pub async fn load_objective(app: &App, caller: &Caller, id: i64) -> Result<Objective, AppError> {
    marked::load::<Objectives>(app, caller, id).await
}

/// Whether the caller decides this node's marking.
pub fn decides_objective_marking(caller: &Caller, row: &Objective) -> Result<bool, AppError> {
    marked::decides_marking::<Objectives>(caller, row)
}

/// Applies an edit of a node made on `version` (its place and level stay).
pub async fn update_objective(
    app: &App,
    caller: &Caller,
    id: i64,
    version: i64,
    input: &ObjectiveInput,
) -> Result<(), AppError> {
    marked::update::<Objectives>(app, caller, id, version, input).await
}

/// Records a judgement on the assumption under a node's link to its
/// parent (a goal has no link above it).
pub async fn judge_assumption(app: &App, caller: &Caller, id: i64, input: &JudgementInput) -> Result<(), AppError> {
    let mut c = marked::Change::begin(app, caller, Permission::ManageStrategy).await?;
    let node = store::get_objective_visible(&mut c.tx, &c.filter, id).await?;
    let (status, note) = input.validate()?;
    if node.parent_id.is_none() {
        return Err(AppError::invalid("assumption_status", "goal_has_no_link"));
    }
    let (by, now) = (c.user_id()?, c.now_ms());
    store::judge(&mut c.tx, id, status, &note, by, now).await?;
    c.audit(
        AuditAction::ObjectUpdated,
        id,
        serde_json::json!({"change": "assumption.judged", "status": status.id(), "note": note}),
    )
    .await?;
    c.commit().await
}

/// A strategy's whole chain as stored, unfiltered: every node and every
/// indicator's progress. Computed once per change and shared by every
/// viewer — with 300 parts and 1,500 indicators it costs tens of
/// milliseconds, and after each approval every reader of the chain would
/// pay it again — and never handed out: [`tree`] keeps the nodes the
/// caller's visibility filter returns, read afresh for each request.
pub(crate) struct SharedChain {
    objectives: Vec<Objective>,
    states: indicators::StrategyStates,
    /// Each node's own indicators rolled up, and how many.
    rollups: HashMap<i64, (Rollup, usize)>,
}

/// The shared chains, each with the generation of strategy results it was
/// computed at and when.
#[derive(Default)]
pub(crate) struct SharedChains(tokio::sync::Mutex<HashMap<i64, KeptChain>>);

/// A shared chain with the generation it was computed at, and when.
type KeptChain = (u64, std::time::Instant, Arc<SharedChain>);

/// How long a shared chain is used whatever the generation says: a
/// command-line import writing the same database is not counted by this
/// process's generation (as the web caches' `MAX_AGE`).
const SHARED_MAX_AGE: std::time::Duration = std::time::Duration::from_secs(5);
/// Strategies whose chains are kept at once (a ministry has a handful).
const SHARED_STRATEGIES: usize = 16;

/// The strategy's shared chain, computed when a write changed it. One
/// computation at a time: who waits for it finds it done. Hold no
/// connection while calling this: the computation takes one, and waiters
/// holding theirs could drain the pool.
async fn shared_chain(app: &App, strategy_id: i64) -> Result<Arc<SharedChain>, AppError> {
    // Before reading: a write committed meanwhile makes the chain stale.
    let generation = app.db.generation_of(verbinding_store::Scope::StrategyResults);
    let mut kept = app.shared_chains.0.lock().await;
    if let Some((g, born, chain)) = kept.get(&strategy_id)
        && *g == generation
        && born.elapsed() < SHARED_MAX_AGE
    {
        return Ok(Arc::clone(chain));
    }
    let mut conn = app.db.read().await?;
    let objectives = store::objectives_of_strategy(&mut conn, strategy_id).await?;
    let states = indicators::all_states(&mut conn, strategy_id).await?;
    drop(conn);
    let rollups = states
        .iter()
        .map(|(node, own)| {
            let mut rollup = Rollup::default();
            own.iter().for_each(|s| rollup.add(&s.state));
            (*node, (rollup, own.len()))
        })
        .collect();
    let chain = Arc::new(SharedChain { objectives, states, rollups });
    if kept.len() >= SHARED_STRATEGIES {
        kept.clear();
    }
    kept.insert(strategy_id, (generation, std::time::Instant::now(), Arc::clone(&chain)));
    Ok(chain)
}

/// One node of the tree as shown: its place, its own indicators' states
/// counted, and whether anything below it is off track.
#[derive(Debug, Clone, serde::Serialize)]
pub struct TreeNode {
    pub objective: Objective,
    pub depth: usize,
    pub rollup: Rollup,
    pub off_track_below: bool,
    /// How many indicators of its own it has (listed in `indicators` by [`tree`]).
    pub indicator_count: usize,
    pub indicators: Vec<IndicatorState>,
}

/// A strategy's result chain as the caller may see it, depth first, with
/// each node's indicators. A node whose parent the caller may not see is
/// not shown (nor anything below it): its place in the chain would tell of
/// the hidden parent.
pub async fn tree(app: &App, caller: &Caller, strategy_id: i64) -> Result<(Strategy, Vec<TreeNode>), AppError> {
    chain(app, caller, strategy_id, true).await
}

/// The chain as [`tree`] gives it, each node's indicators counted and
/// rolled up but not listed (`indicators` is empty): what the page of the
/// whole chain shows, without copying 1,500 indicators for it.
pub async fn outline(app: &App, caller: &Caller, strategy_id: i64) -> Result<(Strategy, Vec<TreeNode>), AppError> {
    chain(app, caller, strategy_id, false).await
}

async fn chain(
    app: &App,
    caller: &Caller,
    strategy_id: i64,
    with_indicators: bool,
) -> Result<(Strategy, Vec<TreeNode>), AppError> {
    let f = caller.reader()?;
    let mut conn = app.db.read().await?;
    let strategy = store::get_strategy_visible(&mut conn, &f, strategy_id).await?;
    drop(conn);
    let shared = shared_chain(app, strategy_id).await?;
    let mut conn = app.db.read().await?;
    let visible: HashSet<i64> = store::visible_objective_ids(&mut conn, &f, strategy_id).await?.into_iter().collect();
    let nodes: Vec<Objective> = shared.objectives.iter().filter(|n| visible.contains(&n.id)).cloned().collect();
    let mut states = if with_indicators {
        let ids: Vec<i64> = nodes.iter().map(|n| n.id).collect();
        indicators::states_of_nodes(&mut conn, &shared.states, strategy_id, &ids).await?
    } else {
        HashMap::new()
    };
    drop(conn);
    let mut children: HashMap<Option<i64>, Vec<Objective>> = HashMap::new();
    for n in nodes {
        children.entry(n.parent_id).or_default().push(n);
    }
    let mut out = Vec::new();
    let mut own = |id: i64| {
        let (rollup, count) = shared.rollups.get(&id).copied().unwrap_or_default();
        (rollup, count, states.remove(&id).unwrap_or_default())
    };
    walk(&mut children, &mut own, None, 0, &mut out);
    // Whether anything below a node is off track: from the leaves up.
    for i in (0..out.len()).rev() {
        let depth = out[i].depth;
        let below = out[i + 1..].iter().take_while(|n| n.depth > depth).any(|n| n.rollup.is_off_track());
        out[i].off_track_below = below;
    }
    let mut shown: Vec<(i64, &str)> = vec![(strategy.id, strategy.classification.as_str())];
    shown.extend(out.iter().map(|n| (n.objective.id, n.objective.classification.as_str())));
    marked::record_reads(app, caller, &shown, Some("strategy")).await?;
    Ok((strategy, out))
}

/// A node's own indicators: their rollup, how many, and (when listed) their states.
type Own = (Rollup, usize, Vec<IndicatorState>);

fn walk(
    children: &mut HashMap<Option<i64>, Vec<Objective>>,
    own: &mut dyn FnMut(i64) -> Own,
    parent: Option<i64>,
    depth: usize,
    out: &mut Vec<TreeNode>,
) {
    for n in children.remove(&parent).unwrap_or_default() {
        let id = n.id;
        let (rollup, indicator_count, indicators) = own(id);
        out.push(TreeNode { objective: n, depth, rollup, off_track_below: false, indicator_count, indicators });
        walk(children, own, Some(id), depth + 1, out);
    }
}

/// Everything a node's page shows: the node, where it hangs (its strategy
/// and the nodes above it), the nodes below it, the judgements on its
/// link, and its indicators with their progress — each as the caller may
/// see it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ObjectivePage {
    pub objective: Objective,
    pub strategy: Strategy,
    /// From the goal at the top down to the node's parent.
    pub ancestors: Vec<Objective>,
    pub children: Vec<Objective>,
    pub judgements: Vec<Judgement>,
    pub indicators: Vec<IndicatorState>,
}

/// A node's page ([`ObjectivePage`]); the node's read is audited, and so is
/// each classified node and the strategy it shows.
pub async fn objective_page(app: &App, caller: &Caller, id: i64) -> Result<ObjectivePage, AppError> {
    let objective = read_objective(app, caller, id).await?;
    let f = caller.reader()?;
    let mut conn = app.db.read().await?;
    let strategy = store::get_strategy_visible(&mut conn, &f, objective.strategy_id).await?;
    let judgements = store::judgements(&mut conn, id).await?;
    let mut states = indicators::states_of_strategy(&mut conn, &f, objective.strategy_id, Some(id)).await?;
    // Up the chain one parent at a time: a parent the caller may not see
    // ends the chain shown (the node itself is visible; what it hangs under
    // is not theirs to know).
    let mut ancestors = Vec::new();
    let mut up = objective.parent_id;
    while let Some(p) = up {
        match store::get_objective_visible(&mut conn, &f, p).await {
            Ok(parent) => {
                up = parent.parent_id;
                ancestors.push(parent);
            }
            Err(verbinding_store::StoreError::NotFound) => break,
            Err(e) => return Err(e.into()),
        }
    }
    ancestors.reverse();
    let children = store::children_visible(&mut conn, &f, id).await?;
    drop(conn);
    let mut shown: Vec<(i64, &str)> = vec![(strategy.id, strategy.classification.as_str())];
    shown.extend(ancestors.iter().chain(&children).map(|n| (n.id, n.classification.as_str())));
    marked::record_reads(app, caller, &shown, Some("objective")).await?;
    let indicators = states.remove(&id).unwrap_or_default();
    Ok(ObjectivePage { objective, strategy, ancestors, children, judgements, indicators })
}

/// The kinds of work that serve a part: dossiers, incidents, draaiboeken.
const WORK_KINDS: &[&str] = &["dossier", "incident", "playbook"];

/// The part and the work a link is between, both visible to the caller
/// inside the change (else the field's error: a hidden object answers as
/// an absent one).
async fn link_ends(c: &mut marked::Change<'_>, objective: i64, object: i64) -> Result<(), AppError> {
    store::get_objective_visible(&mut c.tx, &c.filter, objective).await?;
    let visible = verbinding_store::objects::is_visible(&mut c.tx, &c.filter, object).await?;
    let kind = if visible { store::object_kind(&mut c.tx, object).await? } else { None };
    if kind.is_some_and(|k| WORK_KINDS.contains(&k.as_str())) {
        Ok(())
    } else {
        Err(AppError::invalid("work", "work_unknown"))
    }
}

/// Links a dossier, incident or draaiboek to a part it serves.
pub async fn link_work(app: &App, caller: &Caller, objective: i64, object: i64) -> Result<(), AppError> {
    let mut c = marked::Change::begin(app, caller, Permission::ManageStrategy).await?;
    link_ends(&mut c, objective, object).await?;
    let (by, now) = (c.user_id()?, c.now_ms());
    if store::link_serving(&mut c.tx, objective, object, by, now).await? {
        c.audit(AuditAction::ObjectUpdated, objective, serde_json::json!({"change": "work.linked", "object": object}))
            .await?;
    }
    c.commit().await
}

/// Removes the link between a part and a piece of work.
pub async fn unlink_work(app: &App, caller: &Caller, objective: i64, object: i64) -> Result<(), AppError> {
    let mut c = marked::Change::begin(app, caller, Permission::ManageStrategy).await?;
    link_ends(&mut c, objective, object).await?;
    if store::unlink_serving(&mut c.tx, objective, object).await? {
        c.audit(
            AuditAction::ObjectUpdated,
            objective,
            serde_json::json!({"change": "work.unlinked", "object": object}),
        )
        .await?;
    }
    c.commit().await
}

/// The work serving a part that the caller may see.
pub async fn serving_work(
    app: &App,
    caller: &Caller,
    objective: i64,
) -> Result<Vec<verbinding_store::strategy::ServingWork>, AppError> {
    let f = caller.reader()?;
    let mut conn = app.db.read().await?;
    store::get_objective_visible(&mut conn, &f, objective).await?;
    let list = store::serving_visible(&mut conn, &f, objective).await?;
    drop(conn);
    let shown: Vec<(i64, &str)> = list.iter().map(|w| (w.id, w.classification.as_str())).collect();
    marked::record_reads(app, caller, &shown, Some("objective")).await?;
    Ok(list)
}

/// The parts a dossier, incident or draaiboek the caller may see serves
/// (those the caller may see).
pub async fn served_by(app: &App, caller: &Caller, object: i64) -> Result<Vec<Objective>, AppError> {
    let f = caller.reader()?;
    let mut conn = app.db.read().await?;
    if !verbinding_store::objects::is_visible(&mut conn, &f, object).await? {
        return Err(AppError::NotFound);
    }
    let list = store::served_by_visible(&mut conn, &f, object).await?;
    drop(conn);
    let shown: Vec<(i64, &str)> = list.iter().map(|o| (o.id, o.classification.as_str())).collect();
    marked::record_reads(app, caller, &shown, Some("serves")).await?;
    Ok(list)
}
