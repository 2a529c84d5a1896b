//! Reviews of a strategy (issue 15, P10): the marked-object steps for a
//! review, the inputs frozen when it is recorded, its decisions (each
//! linked to what it changed) and actions, and the reviews that are due.
//!
//! A review is derived from its strategy and never more open than it. What
//! it saw is frozen with it; so that nobody who may read the review learns
//! through it of a part they may not see, the frozen inputs hold only the
//! parts, indicators and projects at least as open as the review itself,
//! and say how many were left out.

use crate::indicators::{self, IndicatorState};
use crate::marked::{self, MarkedKind};
use crate::{App, AppError, Caller};
use verbinding_domain::access::{Marking, VisibilityFilter};
use verbinding_domain::audit::AuditAction;
use verbinding_domain::marking::ValidMarking;
use verbinding_domain::role::Permission;
use verbinding_domain::strategy::progress::Progress;
use verbinding_domain::strategy::review::{
    ActionInput, ChangedKind, DecisionNoteInput, ReviewInput, ValidReview, reviews_due,
};
use verbinding_domain::strategy::{Frequency, Period};
use verbinding_store::objects::Edit;
use verbinding_store::reviews::{self as store, Action, DecisionNote, Review};
use verbinding_store::strategy::Strategy;

/// Reviews as a marked kind; whoever shapes the strategy records them.
pub struct Reviews;

impl MarkedKind for Reviews {
    const KIND: &'static str = "review";
    const PERMISSION: Permission = Permission::ManageStrategy;
    type Input = ReviewInput;
    type Valid = ValidReview;
    type Row = Review;
    /// Reviews are recorded whole by [`create_review`], which checks the day
    /// against the clock; no service edits one, so the shared edit step
    /// (which has no clock) never reaches this.
    fn validate(input: &ReviewInput, ceiling: &str) -> Result<ValidReview, verbinding_domain::DomainError> {
        input.validate(ceiling, "")
    }
    marked::marked_row!(ValidReview, Review);
    /// Reviews are recorded on their strategy by [`create_review`], never
    /// through the shared create step.
    async fn insert(
        _tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        _valid: &ValidReview,
        _by: i64,
        _now: i64,
    ) -> verbinding_store::Result<i64> {
        Err(verbinding_store::StoreError::Refused { field: "strategy", code: "strategy_unknown" })
    }
    fn update(
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        edit: &Edit,
        valid: &ValidReview,
    ) -> impl Future<Output = verbinding_store::Result<()>> + Send {
        store::update_review(tx, edit, valid)
    }
    fn get_visible(
        conn: &mut sqlx::AnyConnection,
        filter: &VisibilityFilter,
        id: i64,
    ) -> impl Future<Output = verbinding_store::Result<Review>> + Send {
        store::get_review_visible(conn, filter, id)
    }
    /// A review re-marked stays no more open than its strategy.
    async fn after_update(tx: &mut sqlx::Transaction<'static, sqlx::Any>, id: i64) -> Result<(), AppError> {
        let strategy = store::strategy_of(tx, id).await?;
        within_strategy(tx, id, strategy).await
    }
}

async fn within_strategy(conn: &mut sqlx::AnyConnection, id: i64, strategy: i64) -> Result<(), AppError> {
    if marked::no_more_open_than(conn, id, &[strategy]).await? {
        Ok(())
    } else {
        Err(AppError::invalid("need_to_know", "review_wider_than_strategy"))
    }
}

/// One indicator as the review saw it.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct SeenIndicator {
    pub id: i64,
    pub objective_id: i64,
    pub objective_title: String,
    pub name: String,
    pub latest_period: Option<String>,
    pub latest_value: Option<f64>,
    pub progress: Progress,
    pub off_track: bool,
}

/// One link's assumption as the review saw it.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct SeenAssumption {
    pub objective_id: i64,
    pub objective_title: String,
    pub assumption: String,
    /// `holds`, `under-pressure` or `broken`; none when never judged.
    pub status: Option<String>,
    pub note: String,
}

/// A capacity-building project serving the strategy, as the review saw it.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct SeenProject {
    pub id: i64,
    pub title: String,
    pub currency: String,
    pub budget: i64,
    pub committed: i64,
    pub disbursed: i64,
}

/// The inputs of a review, frozen when it was recorded. Every part reads
/// as empty when absent, so a record older than a part still reads.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Snapshot {
    pub taken_at: i64,
    pub indicators: Vec<SeenIndicator>,
    pub assumptions: Vec<SeenAssumption>,
    pub projects: Vec<SeenProject>,
    /// Signposts of the strategy's future scenarios that crossed their
    /// threshold since the last review (the review items it took up).
    pub signposts: Vec<verbinding_store::foresight::ReviewItem>,
    /// How many parts and projects the writer saw that are more restricted
    /// than the review, and so are not in it.
    pub left_out: usize,
}

/// What a reader is shown of a review's frozen inputs: only the parts,
/// projects and scenarios they may see now. A part re-marked more closely
/// after the review is hidden from who may no longer see it.
pub(crate) async fn shown_to(
    conn: &mut sqlx::AnyConnection,
    f: &VisibilityFilter,
    mut snap: Snapshot,
) -> Result<Snapshot, AppError> {
    let mut ids: Vec<i64> = snap.indicators.iter().map(|i| i.objective_id).collect();
    ids.extend(snap.assumptions.iter().map(|a| a.objective_id));
    ids.extend(snap.projects.iter().map(|p| p.id));
    ids.extend(snap.signposts.iter().map(|s| s.scenario_id));
    ids.sort_unstable();
    ids.dedup();
    let mut visible = std::collections::HashSet::new();
    for id in ids {
        if verbinding_store::objects::is_visible(conn, f, id).await? {
            visible.insert(id);
        }
    }
    snap.indicators.retain(|i| visible.contains(&i.objective_id));
    snap.assumptions.retain(|a| visible.contains(&a.objective_id));
    snap.projects.retain(|p| visible.contains(&p.id));
    snap.signposts.retain(|s| visible.contains(&s.scenario_id));
    Ok(snap)
}

/// The review's marking as the coverage rule reads it.
async fn as_marking(conn: &mut sqlx::AnyConnection, m: &ValidMarking) -> Result<Marking, AppError> {
    Ok(Marking {
        classification: m.classification.clone(),
        open_to_all: m.open_to_all,
        orgs: verbinding_store::objects::resolve_orgs(conn, &m.orgs, "need_to_know").await?,
        users: verbinding_store::objects::resolve_users(conn, &m.users, "need_to_know_users").await?,
    })
}

/// Freezes what the writer sees of the strategy that every reader of the
/// review may see too.
async fn freeze(
    conn: &mut sqlx::AnyConnection,
    f: &VisibilityFilter,
    strategy_id: i64,
    review: &Marking,
    now: i64,
) -> Result<Snapshot, AppError> {
    let mut snap = Snapshot { taken_at: now, ..Default::default() };
    let nodes = verbinding_store::strategy::objectives_visible(conn, f, strategy_id).await?;
    let mut states = indicators::states_of_strategy(conn, f, strategy_id, None).await?;
    for n in &nodes {
        if !crate::executions::all_cover(conn, &[n.id], review).await? {
            snap.left_out += 1;
            continue;
        }
        if n.parent_id.is_some() {
            snap.assumptions.push(SeenAssumption {
                objective_id: n.id,
                objective_title: n.title.clone(),
                assumption: n.assumption.clone(),
                status: n.judgement.as_ref().map(|j| j.status.id().to_string()),
                note: n.judgement.as_ref().map(|j| j.note.clone()).unwrap_or_default(),
            });
        }
        for s in states.remove(&n.id).unwrap_or_default() {
            snap.indicators.push(seen(n, &s));
        }
    }
    let ids: Vec<i64> = nodes.iter().map(|n| n.id).collect();
    let mut projects = Vec::new();
    for o in &ids {
        for p in verbinding_store::portfolio::projects_serving(conn, f, *o).await? {
            if !projects.iter().any(|q: &verbinding_store::portfolio::Project| q.id == p.id) {
                projects.push(p);
            }
        }
    }
    let flows = verbinding_store::portfolio::flows(conn, &projects.iter().map(|p| p.id).collect::<Vec<_>>()).await?;
    for p in projects {
        if !crate::executions::all_cover(conn, &[p.id], review).await? {
            snap.left_out += 1;
            continue;
        }
        let of = |kind: &str| flows.iter().filter(|f| f.project_id == p.id && f.kind == kind).map(|f| f.cents).sum();
        snap.projects.push(SeenProject {
            id: p.id,
            budget: p.budgets.iter().map(|b| b.cents).sum(),
            committed: of("commitment"),
            disbursed: of("disbursement"),
            title: p.title,
            currency: p.currency,
        });
    }
    Ok(snap)
}

fn seen(n: &verbinding_store::strategy::Objective, s: &IndicatorState) -> SeenIndicator {
    SeenIndicator {
        id: s.indicator.id,
        objective_id: n.id,
        objective_title: n.title.clone(),
        name: s.indicator.name.clone(),
        latest_period: s.latest.as_ref().map(|(p, _)| p.clone()),
        latest_value: s.latest.as_ref().map(|(_, v)| *v),
        progress: s.state.progress,
        off_track: s.state.off_track,
    }
}

/// Records a review of a strategy the caller may see, with its inputs
/// frozen; returns the review's id.
pub async fn create_review(app: &App, caller: &Caller, strategy_id: i64, input: &ReviewInput) -> Result<i64, AppError> {
    let mut c = marked::Change::begin(app, caller, Permission::ManageStrategy).await?;
    verbinding_store::strategy::get_strategy_visible(&mut c.tx, &c.filter, strategy_id).await?;
    let zone = caller.user.as_ref().and_then(|u| u.time_zone.as_deref());
    let today = crate::clock::day_in_zone(c.now_ms(), zone);
    let valid = input.validate(&app.config.ceiling, &today)?;
    c.within_own_clearance(&valid.marking)?;
    let (by, now) = (c.user_id()?, c.now_ms());
    let marking = as_marking(&mut c.tx, &valid.marking).await?;
    let mut snapshot = freeze(&mut c.tx, &c.filter, strategy_id, &marking, now).await?;
    let (items, left_out) = crate::foresight::items_for_review(&mut c.tx, &c.filter, strategy_id, &marking).await?;
    snapshot.left_out += left_out;
    let taken: Vec<i64> = items.iter().map(|i| i.id).collect();
    snapshot.signposts = items;
    let text = serde_json::to_string(&snapshot).map_err(|e| AppError::caused("review snapshot", e))?;
    let id = store::create_review(&mut c.tx, strategy_id, &valid, &text, by, now).await?;
    verbinding_store::foresight::take_into_review(&mut c.tx, &taken, id).await?;
    within_strategy(&mut c.tx, id, strategy_id).await?;
    c.finish(id, AuditAction::ObjectCreated, serde_json::json!({"kind": "review", "strategy": strategy_id})).await?;
    Ok(id)
}

/// Reads one review ([`marked::read`]).
pub async fn read_review(app: &App, caller: &Caller, id: i64) -> Result<Review, AppError> {
    marked::read::<Reviews>(app, caller, id).await
}

/// A decision with what it changed, if the caller may see that.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ShownDecision {
    pub decision: DecisionNote,
    /// Where the changed object is (its page), when the reader may see it.
    pub href: Option<String>,
    pub label: Option<String>,
}

/// Everything a review's page shows.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ReviewPage {
    pub review: Review,
    pub strategy: Strategy,
    pub snapshot: Snapshot,
    pub decisions: Vec<ShownDecision>,
    pub actions: Vec<Action>,
}

/// Where a changed object is shown, with its name — or nothing when the
/// reader may not see it (then the decision says only that it changed
/// something).
pub(crate) async fn changed_object(
    conn: &mut sqlx::AnyConnection,
    f: &VisibilityFilter,
    kind: ChangedKind,
    id: i64,
) -> Result<Option<(String, String)>, AppError> {
    let found = match kind {
        ChangedKind::Objective => verbinding_store::strategy::get_objective_visible(conn, f, id)
            .await
            .map(|o| (format!("/strategy/objectives/{}", o.id), o.title)),
        ChangedKind::Project => verbinding_store::portfolio::get_project_visible(conn, f, id)
            .await
            .map(|p| (format!("/portfolio/projects/{}", p.id), p.title)),
        ChangedKind::Target => match verbinding_store::indicators::target(conn, id).await {
            Ok(t) => verbinding_store::indicators::get_visible(conn, f, t.indicator_id)
                .await
                .map(|i| (format!("/strategy/indicators/{}#targets", i.id), format!("{} ({})", i.name, t.period))),
            Err(e) => Err(e),
        },
    };
    match found {
        Ok(x) => Ok(Some(x)),
        Err(verbinding_store::StoreError::NotFound) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

pub async fn review_page(app: &App, caller: &Caller, id: i64) -> Result<ReviewPage, AppError> {
    let review = read_review(app, caller, id).await?;
    let f = caller.reader()?;
    let mut conn = app.db.read().await?;
    let strategy = verbinding_store::strategy::get_strategy_visible(&mut conn, &f, review.strategy_id).await?;
    let snapshot: Snapshot = verbinding_store::decode("review snapshot", id, &review.snapshot)?;
    let snapshot = shown_to(&mut conn, &f, snapshot).await?;
    let mut decisions = Vec::new();
    for d in store::decisions(&mut conn, id).await? {
        let changed = match (d.changed_kind.as_deref().and_then(ChangedKind::parse), d.changed_id) {
            (Some(kind), Some(object)) => changed_object(&mut conn, &f, kind, object).await?,
            _ => None,
        };
        let (href, label) = changed.unzip();
        decisions.push(ShownDecision { decision: d, href, label });
    }
    let actions = store::actions(&mut conn, id).await?;
    drop(conn);
    marked::record_reads(app, caller, &[(strategy.id, strategy.classification.as_str())], Some("review")).await?;
    Ok(ReviewPage { review, strategy, snapshot, decisions, actions })
}

/// The reviews of a strategy the caller may see, the latest first.
pub async fn reviews_of(app: &App, caller: &Caller, strategy_id: i64) -> Result<Vec<Review>, AppError> {
    let f = caller.reader()?;
    let mut conn = app.db.read().await?;
    verbinding_store::strategy::get_strategy_visible(&mut conn, &f, strategy_id).await?;
    let list = store::reviews_visible(&mut conn, &f, strategy_id).await?;
    drop(conn);
    let shown: Vec<(i64, &str)> = list.iter().map(|r| (r.id, r.classification.as_str())).collect();
    marked::record_reads(app, caller, &shown, Some("reviews")).await?;
    Ok(list)
}

/// The review a change is about, read through the caller's visibility
/// inside the change (else `NotFound`, before any input is judged).
async fn on_review<'a>(app: &'a App, caller: &'a Caller, id: i64) -> Result<(marked::Change<'a>, Review), AppError> {
    let mut c = marked::Change::begin(app, caller, Permission::ManageStrategy).await?;
    let review = store::get_review_visible(&mut c.tx, &c.filter, id).await?;
    Ok((c, review))
}

/// Records a decision of a review; what it changed must be an object the
/// writer may see.
pub async fn add_decision(app: &App, caller: &Caller, id: i64, input: &DecisionNoteInput) -> Result<(), AppError> {
    let (mut c, _) = on_review(app, caller, id).await?;
    let valid = input.validate()?;
    if let Some((kind, object)) = valid.changed
        && changed_object(&mut c.tx, &c.filter, kind, object).await?.is_none()
    {
        return Err(AppError::invalid("changed_id", "changed_unknown"));
    }
    let (by, now) = (c.user_id()?, c.now_ms());
    store::add_decision(&mut c.tx, id, &valid, by, now).await?;
    let changed = valid.changed.map(|(k, o)| serde_json::json!({"kind": k.id(), "id": o}));
    c.audit(AuditAction::ObjectUpdated, id, serde_json::json!({"change": "review.decision", "changed": changed}))
        .await?;
    c.commit().await
}

/// Records an action agreed in a review.
pub async fn add_action(app: &App, caller: &Caller, id: i64, input: &ActionInput) -> Result<(), AppError> {
    let (mut c, review) = on_review(app, caller, id).await?;
    let valid = input.validate(&review.held_on)?;
    let (by, now) = (c.user_id()?, c.now_ms());
    store::add_action(&mut c.tx, id, &valid, by, now).await?;
    c.audit(
        AuditAction::ObjectUpdated,
        id,
        serde_json::json!({"change": "review.action", "owner": valid.owner_org, "due": valid.due}),
    )
    .await?;
    c.commit().await
}

/// Marks an open action of a review done.
pub async fn complete_action(app: &App, caller: &Caller, id: i64, action: i64) -> Result<(), AppError> {
    let (mut c, _) = on_review(app, caller, id).await?;
    let (by, now) = (c.user_id()?, c.now_ms());
    store::complete_action(&mut c.tx, id, action, by, now).await?;
    c.audit(AuditAction::ObjectUpdated, id, serde_json::json!({"change": "review.action_done", "action": action}))
        .await?;
    c.commit().await
}

/// A review that is due: a strategy the caller may see, the cadence and the
/// period that is over without a review.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Due {
    pub strategy_id: i64,
    pub strategy_title: String,
    pub cadence: Frequency,
    pub period: String,
}

/// The reviews due on the caller's strategies (for the dashboard of those
/// who record them).
pub async fn due(app: &App, caller: &Caller) -> Result<Vec<Due>, AppError> {
    caller.require(Permission::ManageStrategy)?;
    let f = caller.reader()?;
    let today = Period::quarter_of(app.now_ms());
    let mut conn = app.db.read().await?;
    let mut out = Vec::new();
    for s in verbinding_store::strategy::list_strategies_visible(&mut conn, &f).await? {
        let held: Vec<(Frequency, Period)> = store::reviews_visible(&mut conn, &f, s.id)
            .await?
            .iter()
            .filter_map(|r| Frequency::parse(&r.cadence).zip(Period::parse(&r.period)))
            .collect();
        for (cadence, period) in reviews_due(s.start_year as i32, s.end_year as i32, today, &held) {
            out.push(Due { strategy_id: s.id, strategy_title: s.title.clone(), cadence, period: period.id() });
        }
    }
    Ok(out)
}
