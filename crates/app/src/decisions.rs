//! Attribution and response decisions: proposed by a coordinator, signed by
//! a decision maker who is not the proposer, sealed and immutable once
//! signed, amended only by a new decision (`verbinding_domain::decision`).

use crate::AppError;
use crate::marked::IncidentChange;
use crate::{App, Caller};
use verbinding_domain::assessment::AssessmentKind;
use verbinding_domain::audit::AuditAction;
use verbinding_domain::decision::{self as rules, DecisionInput, DecisionOutcome, DecisionRef};
use verbinding_domain::error::Validator;
use verbinding_domain::response::MeasureStatus;
use verbinding_domain::role::Permission;
use verbinding_store::decisions::{self as store, Decision, NewDecision};
use verbinding_store::{StoreError, assessments, consultations, incidents, response, threat_actors};

/// An assessment a decision rests on, as far as the viewer may know it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct BasisRef {
    pub id: i64,
    pub kind: AssessmentKind,
    pub author_org_code: String,
    /// The viewer may read it (else only its existence is shown).
    pub readable: bool,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct DecisionView {
    #[serde(flatten)]
    pub decision: Decision,
    pub basis: Vec<BasisRef>,
    pub measures: Vec<i64>,
    pub in_force: bool,
    pub amended_by: Option<i64>,
    /// For signed decisions: the stored seal matches the stored content.
    pub seal_intact: Option<bool>,
}

fn refs(list: &[Decision]) -> Vec<DecisionRef> {
    list.iter()
        .map(|d| DecisionRef {
            id: d.id,
            kind: d.kind,
            outcome: d.outcome,
            signed: d.signed_at.is_some(),
            amends: d.amends,
        })
        .collect()
}

/// Whether a signed public attribution is in force on the incident (for the
/// proportionality check). Decisions share the incident's visibility, so
/// whoever may see the plan may know this.
pub async fn public_attribution_decided(conn: &mut sqlx::AnyConnection, incident_id: i64) -> Result<bool, AppError> {
    let list = store::for_incident(conn, incident_id).await?;
    Ok(rules::public_attribution_decided(&refs(&list)))
}

/// A signed decision in force approves this measure (plan item) of the incident.
pub async fn measure_approved(
    conn: &mut sqlx::AnyConnection,
    incident_id: i64,
    item_id: i64,
) -> Result<bool, AppError> {
    let list = store::for_incident(conn, incident_id).await?;
    let r = refs(&list);
    let in_force: Vec<i64> = rules::in_force(&r)
        .filter(|d| d.outcome == verbinding_domain::decision::DecisionOutcome::ApproveMeasures)
        .map(|d| d.id)
        .collect();
    for d in list.iter().filter(|d| in_force.contains(&d.id)) {
        if d.measure_ids()?.contains(&item_id) {
            return Ok(true);
        }
    }
    Ok(false)
}

pub async fn view(app: &App, caller: &Caller, incident_id: i64) -> Result<Vec<DecisionView>, AppError> {
    let f = caller.reader()?;
    let mut conn = app.db.read().await?;
    let incident = incidents::get_visible(&mut conn, &f, incident_id).await?;
    let list = store::for_incident(&mut conn, incident_id).await?;
    // Basis assessments follow the assessment rule: readable ones are shown,
    // restricted ones only if the viewer may know they exist, others not at all.
    let (readable, restricted) = assessments::for_incident(&mut conn, &f, incident_id).await?;
    let r = refs(&list);
    let force: Vec<i64> = rules::in_force(&r).map(|d| d.id).collect();
    drop(conn);
    crate::marked::record_reads(app, caller, &[(incident_id, &incident.classification)], Some("decisions")).await?;
    list.iter()
        .map(|d| {
            let basis = d
                .basis_ids()?
                .into_iter()
                .filter_map(|id| {
                    if let Some(a) = readable.iter().find(|a| a.id == id) {
                        return Some(BasisRef {
                            id,
                            kind: a.kind,
                            author_org_code: a.author_org_code.clone(),
                            readable: true,
                        });
                    }
                    restricted.iter().find(|a| a.id == id).map(|a| BasisRef {
                        id,
                        kind: a.kind,
                        author_org_code: a.author_org_code.clone(),
                        readable: false,
                    })
                })
                .collect();
            let amended_by = list.iter().find(|n| n.amends == Some(d.id) && n.signed_at.is_some()).map(|n| n.id);
            let seal_intact = d.seal.as_ref().map(|s| d.recomputed_seal().as_ref() == Some(s));
            Ok(DecisionView {
                decision: d.clone(),
                basis,
                measures: d.measure_ids()?,
                in_force: force.contains(&d.id),
                amended_by,
                seal_intact,
            })
        })
        .collect()
}

pub async fn propose(app: &App, caller: &Caller, incident_id: i64, input: &DecisionInput) -> Result<i64, AppError> {
    let input = &input.normalized();
    let IncidentChange { user, filter: f, now, mut tx } =
        crate::marked::on_incident(app, caller, Permission::Coordinate, incident_id).await?;
    let mut v = Validator::new();
    let typed = input.check(&mut v);
    // The proposer can cite only assessments they may read; anything else is
    // "unknown", exactly like an id that does not exist.
    let (readable, _) = assessments::for_incident(&mut tx, &f, incident_id).await?;
    v.check(input.basis.iter().all(|id| readable.iter().any(|a| a.id == *id)), "basis", "assessment_unknown");
    let plan = response::plan(&mut tx, incident_id).await?;
    let known = input.measures.iter().all(|id| plan.iter().any(|p| p.id == *id));
    v.check(known, "measures", "measure_unknown");
    v.check(
        !known || input.measures.iter().all(|id| plan.iter().any(|p| p.id == *id && p.status != MeasureStatus::Lapsed)),
        "measures",
        "measure_lapsed",
    );
    if let Some(round) = input.round {
        let exists = match consultations::round(&mut tx, incident_id, round).await {
            Ok(_) => true,
            Err(StoreError::Refused { .. }) => false,
            Err(e) => return Err(e.into()),
        };
        v.check(exists, "round", "round_unknown");
    }
    let actor = input.actor.as_str();
    let actor_id = if actor.is_empty() {
        None
    } else {
        match threat_actors::resolve(&mut tx, &[actor.to_string()], "actor").await {
            Ok(ids) => ids.first().copied(),
            Err(StoreError::Refused { .. }) => {
                v.check(false, "actor", "actor_unknown");
                None
            }
            Err(e) => return Err(e.into()),
        }
    };
    let existing = store::for_incident(&mut tx, incident_id).await?;
    if let (Some(target), Some((kind, _))) = (input.amends, typed) {
        let r = refs(&existing);
        if let Err(code) = rules::check_amendment(&r, r.iter().find(|d| d.id == target), kind) {
            v.check(false, "amends", code);
        }
    }
    v.finish()?;
    let (kind, outcome) = typed.ok_or(AppError::BadRequest)?;
    let state_code = input.state.as_str();
    let new = NewDecision {
        kind,
        outcome,
        state: (!state_code.is_empty()).then_some(state_code),
        actor_id,
        basis: &input.basis,
        measures: &input.measures,
        round_id: input.round,
        rationale: input.rationale.trim(),
        amends: input.amends,
    };
    let id = store::propose(&mut tx, incident_id, &new, user.id, now).await?;
    crate::marked::commit_on_incident(
        tx,
        app,
        caller,
        AuditAction::ObjectUpdated,
        incident_id,
        serde_json::json!({"decision": id, "kind": kind, "outcome": outcome, "proposed": true}),
    )
    .await?;
    Ok(id)
}

/// What a decision maker confirms when signing.
#[derive(Debug, Default, Clone)]
pub struct Confirmation {
    /// Their password once more: an attribution decision is signed only by
    /// the person at the keyboard (re-authentication).
    pub password: String,
    /// Why they sign while a consultation round of the incident is still
    /// open or some invited organisation did not answer; recorded with the
    /// signature (sealed with it) and on the timeline.
    pub override_reason: String,
}

/// A reason typed in a form is at most this long.
pub const REASON_MAX: usize = 2_000;

/// What a decision maker sees before signing: the proposal, whether they
/// may sign it, and what they must confirm.
#[derive(Debug, serde::Serialize)]
pub struct Signing {
    pub decision: DecisionView,
    /// Not the proposer, not signed, not closed.
    pub may_sign: bool,
    /// An attribution decision asks for the password again.
    pub needs_password: bool,
    /// Rounds of the incident still open or not answered by everyone.
    pub unsettled_rounds: Vec<i64>,
}

/// The proposal as a decision maker reviews it before signing (Decide).
pub async fn signing(app: &App, caller: &Caller, incident_id: i64, decision_id: i64) -> Result<Signing, AppError> {
    caller.require(Permission::Decide)?;
    let user = caller.account()?;
    let decisions = view(app, caller, incident_id).await?;
    let decision = decisions
        .into_iter()
        .find(|d| d.decision.id == decision_id)
        .ok_or(AppError::invalid("decision", "decision_unknown"))?;
    let mut conn = app.db.read().await?;
    let unsettled_rounds = crate::consultations::unsettled_rounds(&mut conn, incident_id, app.now_ms()).await?;
    let d = &decision.decision;
    let may_sign = open_proposal(std::slice::from_ref(d), decision_id, user.id).is_ok();
    let needs_password = d.kind == verbinding_domain::decision::DecisionKind::Attribution;
    Ok(Signing { decision, may_sign, needs_password, unsettled_rounds })
}

/// Signs a proposed decision. Refused for the proposer (four eyes), for a
/// decision already signed or closed, and for an amendment whose target was
/// amended by another decision in the meantime. An attribution decision
/// needs the signer's password once more; signing while a consultation
/// round is open or unanswered needs a reason, which is sealed with it.
pub async fn sign(
    app: &App,
    caller: &Caller,
    incident_id: i64,
    decision_id: Result<i64, AppError>,
    version: Result<i64, AppError>,
    confirm: &Confirmation,
) -> Result<String, AppError> {
    caller.require(Permission::Decide)?;
    let user = caller.account()?;
    let f = caller.reader()?;
    // The password is checked before the write transaction: hashing takes
    // a tenth of a second, which the writer must not wait for.
    let mut conn = app.db.read().await?;
    incidents::get_visible(&mut conn, &f, incident_id).await?;
    let (decision_id, version) = (decision_id?, version?);
    let kind = store::for_incident(&mut conn, incident_id).await?.iter().find(|d| d.id == decision_id).map(|d| d.kind);
    let mut v = Validator::new();
    if kind == Some(verbinding_domain::decision::DecisionKind::Attribution) {
        if confirm.password.is_empty() {
            v.check(false, "password", "required");
        } else {
            let stored = verbinding_store::directory::password_hash(&mut conn, user.id).await?;
            let typed = confirm.password.clone();
            let ok = tokio::task::spawn_blocking(move || crate::password::verify(&typed, &stored))
                .await
                .map_err(|e| AppError::caused("password hashing", e))?;
            v.check(ok, "password", "password_wrong");
        }
    }
    drop(conn);
    let IncidentChange { user, now, mut tx, .. } =
        crate::marked::on_incident(app, caller, Permission::Decide, incident_id).await?;
    let all = store::for_incident(&mut tx, incident_id).await?;
    let d = open_proposal(&all, decision_id, user.id)?;
    if let Some(target) = d.amends {
        let r = refs(&all);
        if let Err(code) = rules::check_amendment(&r, r.iter().find(|x| x.id == target), d.kind) {
            return Err(AppError::invalid("amends", code));
        }
    }
    let unsettled = crate::consultations::unsettled_rounds(&mut tx, incident_id, now).await?;
    let reason = confirm.override_reason.trim();
    if !unsettled.is_empty() {
        v.check(!reason.is_empty(), "override_reason", "consultation_unsettled");
        v.check(reason.chars().count() <= REASON_MAX, "override_reason", "too_long");
    }
    v.finish()?;
    let sign_override = (!unsettled.is_empty()).then_some(reason);
    let seal = store::sign(&mut tx, d, version, user.id, sign_override, now).await?;
    if d.outcome == DecisionOutcome::ApproveMeasures {
        let measures = d.measure_ids()?;
        let from = [MeasureStatus::Proposed, MeasureStatus::InConsultation];
        response::advance(&mut tx, incident_id, &measures, &from, MeasureStatus::Approved, user.id, now).await?;
    }
    let mut detail = serde_json::json!({"decision": d.id, "kind": d.kind, "outcome": d.outcome, "seal": seal});
    if sign_override.is_some() {
        // That it was signed over open rounds, and which; the reason is on the decision.
        detail["override_rounds"] = serde_json::json!(unsettled);
    }
    crate::marked::commit_on_incident(tx, app, caller, AuditAction::DecisionSigned, incident_id, detail).await?;
    Ok(seal)
}

/// The proposal `decision_id` of the incident, still open to `decider`:
/// neither signed nor closed, and not their own (four eyes). Signing and
/// closing both start here.
fn open_proposal(all: &[Decision], decision_id: i64, decider: i64) -> Result<&Decision, AppError> {
    let d = all.iter().find(|d| d.id == decision_id).ok_or(AppError::invalid("decision", "decision_unknown"))?;
    if d.signed_at.is_some() {
        return Err(AppError::invalid("decision", "already_signed"));
    }
    if d.closed_as.is_some() {
        return Err(AppError::invalid("decision", "decision_closed"));
    }
    if !rules::may_sign(d.proposed_by_id, decider) {
        return Err(AppError::invalid("decision", "four_eyes"));
    }
    Ok(d)
}

/// A decision maker sends an unsigned proposal back to its proposer
/// (`returned`) or rejects it (`rejected`), with the reason. Not the
/// proposer (four eyes, as for signing); a closed proposal cannot be signed
/// or changed, and a new one is proposed instead.
pub async fn close(
    app: &App,
    caller: &Caller,
    incident_id: i64,
    decision_id: Result<i64, AppError>,
    version: Result<i64, AppError>,
    closing: &str,
    reason: &str,
) -> Result<(), AppError> {
    let IncidentChange { user, now, mut tx, .. } =
        crate::marked::on_incident(app, caller, Permission::Decide, incident_id).await?;
    let (decision_id, version) = (decision_id?, version?);
    let all = store::for_incident(&mut tx, incident_id).await?;
    let d = open_proposal(&all, decision_id, user.id)?;
    let mut v = Validator::new();
    let closing = match closing {
        "returned" => Some(store::Closing::Returned),
        "rejected" => Some(store::Closing::Rejected),
        _ => None,
    };
    v.check(closing.is_some(), "closing", "closing_unknown");
    let reason = reason.trim();
    v.check(!reason.is_empty(), "reason", "required");
    v.check(reason.chars().count() <= REASON_MAX, "reason", "too_long");
    v.finish()?;
    let closing = closing.ok_or(AppError::BadRequest)?;
    store::close(&mut tx, d, version, closing, reason, user.id, now).await?;
    let detail = serde_json::json!({"decision": d.id, "kind": d.kind, "outcome": d.outcome, "closed_as": closing.id()});
    crate::marked::commit_on_incident(tx, app, caller, AuditAction::ObjectUpdated, incident_id, detail).await
}

/// The proposals the caller may sign (someone else's, on incidents the
/// caller may see); empty for someone who may not decide.
pub async fn awaiting_signature(app: &App, caller: &Caller) -> Result<Vec<store::Unsigned>, AppError> {
    let f = caller.reader()?;
    let (Some(user), true) = (caller.user.as_ref(), caller.may(Permission::Decide)) else {
        return Ok(Vec::new());
    };
    let mut conn = app.db.read().await?;
    let waiting = store::awaiting_signature(&mut conn, &f, user.id).await?;
    drop(conn);
    let shown: Vec<i64> = waiting.iter().map(|d| d.incident_id).collect();
    crate::marked::record_shown(app, caller, &shown, "awaiting-signature").await?;
    Ok(waiting)
}
