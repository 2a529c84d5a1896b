//! Consultation rounds: a coordinator opens one on a proposal; each invited
//! organisation answers; the result follows the round's decision rule
//! (`verbinding_domain::consultation`).

use crate::AppError;
use crate::marked::IncidentChange;
use crate::{App, Caller};
use verbinding_domain::audit::AuditAction;
use verbinding_domain::consultation::{self as rules, Admission, Answer, Outcome, RoundInput};
use verbinding_domain::error::Validator;
use verbinding_domain::response::MeasureStatus;
use verbinding_domain::role::Permission;
use verbinding_store::consultations::{self as store, NewAnswer, NewRound, Round, RoundAnswer};
use verbinding_store::directory;
use verbinding_store::incidents::{self, IncidentEvent};
use verbinding_store::{objects, response};

/// The round as typed in the form or sent to the API.
pub fn round_input(
    subject: String,
    proposal: String,
    rule: String,
    organisations: Vec<String>,
    deadline: String,
) -> RoundInput {
    RoundInput {
        subject: subject.trim().to_string(),
        proposal,
        rule: rule.trim().to_string(),
        organisations: organisations.into_iter().map(|o| o.trim().to_string()).filter(|o| !o.is_empty()).collect(),
        deadline_ms: crate::clock::parse_moment(&deadline),
        deadline_text: deadline,
    }
}

/// The recorded answers as the rules read them.
fn given(answers: &[RoundAnswer]) -> Vec<Answer<'_>> {
    answers.iter().map(|a| Answer { org: a.org.as_str(), answer: a.answer, at_ms: a.answered_at }).collect()
}

/// A round with its invitations, answers and result as of now.
#[derive(Debug, Clone, serde::Serialize)]
pub struct RoundView {
    #[serde(flatten)]
    pub round: Round,
    pub invited: Vec<String>,
    pub answers: Vec<RoundAnswer>,
    pub measures: Vec<i64>,
    pub closes_at: i64,
    pub closed: bool,
    pub outcome: Outcome,
}

/// The rounds of an incident the caller may see (checked here).
pub async fn view(app: &App, caller: &Caller, incident_id: i64) -> Result<Vec<RoundView>, AppError> {
    let mut conn = app.db.read().await?;
    let incident = incidents::get_visible(&mut conn, &caller.reader()?, incident_id).await?;
    let list = rounds(&mut conn, incident_id, app.now_ms()).await?;
    drop(conn);
    crate::marked::record_reads(app, caller, &[(incident_id, &incident.classification)], Some("consultations")).await?;
    Ok(list)
}

/// The rounds of an incident still open, or closed before every invited
/// organisation answered: a decision signed meanwhile needs a reason.
pub(crate) async fn unsettled_rounds(
    conn: &mut sqlx::AnyConnection,
    incident_id: i64,
    now_ms: i64,
) -> Result<Vec<i64>, AppError> {
    Ok(rounds(conn, incident_id, now_ms)
        .await?
        .into_iter()
        .filter(|r| !r.closed || r.invited.iter().any(|org| !r.answers.iter().any(|a| &a.org == org)))
        .map(|r| r.round.id)
        .collect())
}

async fn rounds(conn: &mut sqlx::AnyConnection, incident_id: i64, now_ms: i64) -> Result<Vec<RoundView>, AppError> {
    let list = store::for_incident(conn, incident_id).await?;
    let invitees = store::invitees(conn, incident_id).await?;
    let answers = store::answers(conn, incident_id).await?;
    list.into_iter()
        .map(|round| {
            let invited: Vec<String> =
                invitees.iter().filter(|(r, _)| *r == round.id).map(|(_, code)| code.clone()).collect();
            let mine: Vec<RoundAnswer> = answers.iter().filter(|a| a.round_id == round.id).cloned().collect();
            let refs: Vec<&str> = invited.iter().map(String::as_str).collect();
            let given = given(&mine);
            let closes_at = rules::closes_at(&refs, &given, round.deadline_ms);
            let closed = rules::is_closed(&refs, &given, round.deadline_ms, now_ms);
            let outcome = rules::outcome(round.decision_rule, &refs, &given, round.deadline_ms, now_ms);
            let measures = verbinding_store::decode("measures of consultation round", round.id, &round.measures)?;
            Ok(RoundView { round, invited, answers: mine, measures, closes_at, closed, outcome })
        })
        .collect()
}

/// Closures are not stored: a round closes by its answers or by the clock,
/// so the timeline derives the closing entry from the round itself.
pub fn closure_events(rounds: &[RoundView]) -> Vec<IncidentEvent> {
    rounds
        .iter()
        .filter(|r| r.closed)
        .map(|r| IncidentEvent {
            at_ms: r.closes_at,
            kind: "consultation-closed".into(),
            detail: serde_json::json!({"round": r.round.id, "result": r.outcome.result}).to_string(),
            actor: None,
        })
        .collect()
}

/// The incident's timeline as the viewer may see it: stored events, the
/// closures of consultation rounds and what happened in its draaiboek runs,
/// in time order.
pub async fn timeline(app: &App, caller: &Caller, incident_id: i64) -> Result<Vec<IncidentEvent>, AppError> {
    let mut conn = app.db.read().await?;
    let f = caller.reader()?;
    let incident = incidents::get_visible(&mut conn, &f, incident_id).await?;
    let mut events = incidents::events(&mut conn, &f, incident_id).await?;
    events.extend(closure_events(&rounds(&mut conn, incident_id, app.now_ms()).await?));
    events.extend(crate::run_timeline::events(app, &mut conn, caller, incident_id).await?);
    // A stable sort keeps stored events in their recorded order at equal times.
    events.sort_by_key(|e| e.at_ms);
    drop(conn);
    crate::marked::record_reads(app, caller, &[(incident_id, &incident.classification)], Some("timeline")).await?;
    Ok(events)
}

/// What a coordinator submits to open a round.
pub struct OpenRound<'a> {
    pub input: RoundInput,
    pub measures: &'a [String],
}

pub async fn open(app: &App, caller: &Caller, incident_id: i64, o: &OpenRound<'_>) -> Result<i64, AppError> {
    let IncidentChange { user, now, mut tx, .. } =
        crate::marked::on_incident(app, caller, Permission::Coordinate, incident_id).await?;
    let mut v = Validator::new();
    let typed = o.input.check(&mut v, now);
    let orgs = directory::list_orgs(&mut tx).await?;
    let marking = objects::marking(&mut tx, incident_id).await?;
    let mut org_ids = Vec::new();
    let mut unknown = false;
    let mut outside = false;
    for code in &o.input.organisations {
        match orgs.iter().find(|org| org.code == *code) {
            Some(org) if !org_ids.contains(&org.id) => {
                // Every invited organisation must be able to see the incident,
                // or its liaison could not read what it is asked about.
                let chain = directory::org_chain(&orgs, org.id);
                outside |= !marking.open_to_all && !chain.iter().any(|c| marking.orgs.contains(c));
                org_ids.push(org.id);
            }
            Some(_) => {}
            None => unknown = true,
        }
    }
    v.check(!unknown, "organisations", "org_unknown");
    v.check(!outside, "organisations", "invitee_without_need_to_know");
    let plan = response::plan(&mut tx, incident_id).await?;
    let mut measures = Vec::new();
    for m in o.measures.iter().map(|m| m.trim()).filter(|m| !m.is_empty()) {
        match plan.iter().find(|p| p.id.to_string() == m) {
            Some(p) if p.status != MeasureStatus::Lapsed => measures.push(p.id),
            Some(_) => {
                v.check(false, "measures", "measure_lapsed");
            }
            None => {
                v.check(false, "measures", "measure_unknown");
            }
        }
    }
    v.finish()?;
    let (subject, rule) = typed.ok_or(AppError::BadRequest)?;
    let codes: Vec<String> =
        o.input.organisations.iter().filter(|c| orgs.iter().any(|g| g.code == **c)).cloned().collect();
    let new = NewRound {
        subject,
        proposal: o.input.proposal.trim(),
        rule,
        deadline_ms: o.input.deadline_ms.unwrap_or(now),
        org_ids: &org_ids,
        org_codes: &codes,
        measures: &measures,
    };
    let id = store::open(&mut tx, incident_id, &new, user.id, now).await?;
    response::advance(
        &mut tx,
        incident_id,
        &measures,
        &[MeasureStatus::Proposed],
        MeasureStatus::InConsultation,
        user.id,
        now,
    )
    .await?;
    crate::marked::commit_on_incident(
        tx,
        app,
        caller,
        AuditAction::ObjectUpdated,
        incident_id,
        serde_json::json!({"consultation_round": id, "organisations": codes, "deadline_ms": new.deadline_ms}),
    )
    .await?;
    Ok(id)
}

/// Whether the answer was counted or recorded late.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Answered {
    pub id: i64,
    pub late: bool,
}

/// Records the answer of the caller's own organisation.
#[allow(clippy::too_many_arguments)]
pub async fn answer(
    app: &App,
    caller: &Caller,
    incident_id: i64,
    round_id: Result<i64, AppError>,
    answer: &str,
    note: &str,
) -> Result<Answered, AppError> {
    let IncidentChange { user, now, mut tx, .. } =
        crate::marked::on_incident(app, caller, Permission::WriteObjects, incident_id).await?;
    let mut v = Validator::new();
    let kind = rules::check_answer(&mut v, answer, note);
    v.finish()?;
    let answer = kind.ok_or(AppError::BadRequest)?;
    let round = store::round(&mut tx, incident_id, round_id?).await?;
    let all = rounds(&mut tx, incident_id, now).await?;
    let view = all.iter().find(|r| r.round.id == round.id).ok_or(AppError::invalid("round", "round_unknown"))?;
    let orgs = directory::list_orgs(&mut tx).await?;
    let invited: Vec<&str> = view.invited.iter().map(String::as_str).collect();
    // An organisation answers for itself; an agency whose ministry delegated
    // it answers a round addressed to the ministry (not invited itself).
    let own = directory::code_of(&orgs, user.org_id);
    let (answer_org, own) = match directory::answers_for(&orgs, user.org_id) {
        Some(parent) if !invited.contains(&own.as_str()) && invited.contains(&parent.code.as_str()) => {
            (parent.id, parent.code.clone())
        }
        _ => (user.org_id, own),
    };
    let given = given(&view.answers);
    let late = match rules::admit(&invited, &given, round.deadline_ms, now, &own) {
        Admission::InTime => false,
        Admission::Late => true,
        Admission::Closed => return Err(AppError::invalid("round", "round_closed")),
        Admission::NotInvited => return Err(AppError::invalid("round", "not_invited")),
    };
    let new = NewAnswer { round_id: round.id, org_id: answer_org, org_code: &own, answer, note: note.trim(), late };
    let id = store::answer(&mut tx, incident_id, &new, user.id, now).await?;
    crate::marked::commit_on_incident(
        tx,
        app,
        caller,
        AuditAction::ObjectUpdated,
        incident_id,
        serde_json::json!({"consultation_round": round.id, "answer": answer, "late": late, "for": own}),
    )
    .await?;
    Ok(Answered { id, late })
}

/// The open rounds the caller's organisation has not answered yet, on
/// incidents the caller may see (empty for someone who may not answer).
pub async fn awaiting_answer(app: &App, caller: &Caller) -> Result<Vec<store::Awaiting>, AppError> {
    let f = caller.reader()?;
    let (Some(user), true) = (caller.user.as_ref(), caller.may(Permission::WriteObjects)) else {
        return Ok(Vec::new());
    };
    let mut conn = app.db.read().await?;
    let orgs = directory::list_orgs(&mut conn).await?;
    // Its own rounds, and its ministry's where the ministry delegated answering to it.
    let mut answering = vec![user.org_id];
    answering.extend(directory::answers_for(&orgs, user.org_id).map(|p| p.id));
    let waiting = store::awaiting_answer(&mut conn, &f, &answering, app.now_ms()).await?;
    drop(conn);
    let shown: Vec<i64> = waiting.iter().map(|r| r.incident_id).collect();
    crate::marked::record_shown(app, caller, &shown, "awaiting-answer").await?;
    Ok(waiting)
}
