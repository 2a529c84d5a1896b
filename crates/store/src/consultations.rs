//! Consultation rounds on an incident and the organisations' answers. Rounds
//! belong to their incident and share its visibility (the caller checks the
//! incident first). Answers are a record: the schema refuses updates and
//! deletes.

use crate::incidents::{NewEvent, add_event};
use crate::{Result, StoreError};
use sqlx::{Any, AnyConnection, FromRow, Transaction};
use verbinding_domain::consultation::{AnswerKind, DecisionRule, Subject};

#[derive(Debug, Clone, FromRow, serde::Serialize)]
pub struct Round {
    pub id: i64,
    pub incident_id: i64,
    /// A stored identifier outside the vocabulary does not decode (a storage error).
    #[sqlx(try_from = "String")]
    pub subject: Subject,
    pub proposal: String,
    #[sqlx(try_from = "String")]
    pub decision_rule: DecisionRule,
    pub deadline_ms: i64,
    /// JSON array of response-plan item ids put to the round.
    #[serde(skip)]
    pub measures: String,
    pub opened_by: Option<String>,
    pub opened_at: i64,
}

#[derive(Debug, Clone, FromRow, serde::Serialize)]
pub struct RoundAnswer {
    pub id: i64,
    pub round_id: i64,
    pub org: String,
    #[sqlx(try_from = "String")]
    pub answer: AnswerKind,
    #[serde(rename = "explanation")]
    pub note: String,
    #[serde(serialize_with = "crate::as_bool")]
    pub late: i64,
    pub answered_by: Option<String>,
    pub answered_at: i64,
}

/// A round as it is opened; organisations and measures already resolved.
pub struct NewRound<'a> {
    pub subject: Subject,
    pub proposal: &'a str,
    pub rule: DecisionRule,
    pub deadline_ms: i64,
    pub org_ids: &'a [i64],
    pub org_codes: &'a [String],
    pub measures: &'a [i64],
}

const ROUND_COLUMNS: &str = "r.id, r.incident_id, r.subject, r.proposal, r.decision_rule, r.deadline_ms, r.measures, \
                             u.email AS opened_by, r.opened_at";

pub async fn for_incident(conn: &mut AnyConnection, incident_id: i64) -> Result<Vec<Round>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {ROUND_COLUMNS} FROM consultation_rounds r LEFT JOIN users u ON u.id = r.opened_by \
         WHERE r.incident_id = $1 ORDER BY r.id"
    ))
    .bind(incident_id)
    .fetch_all(conn)
    .await?)
}

/// One round of the incident; a round of another incident is unknown here.
pub async fn round(conn: &mut AnyConnection, incident_id: i64, round_id: i64) -> Result<Round> {
    sqlx::query_as(&format!(
        "SELECT {ROUND_COLUMNS} FROM consultation_rounds r LEFT JOIN users u ON u.id = r.opened_by \
         WHERE r.incident_id = $1 AND r.id = $2"
    ))
    .bind(incident_id)
    .bind(round_id)
    .fetch_optional(conn)
    .await?
    .ok_or(StoreError::Refused { field: "round", code: "round_unknown" })
}

/// (round id, organisation code) for every invitation on the incident.
pub async fn invitees(conn: &mut AnyConnection, incident_id: i64) -> Result<Vec<(i64, String)>> {
    Ok(sqlx::query_as(
        "SELECT i.round_id, o.code FROM consultation_invitees i JOIN consultation_rounds r ON r.id = i.round_id \
         JOIN organisations o ON o.id = i.org_id WHERE r.incident_id = $1 ORDER BY i.round_id, o.code",
    )
    .bind(incident_id)
    .fetch_all(conn)
    .await?)
}

pub async fn answers(conn: &mut AnyConnection, incident_id: i64) -> Result<Vec<RoundAnswer>> {
    Ok(sqlx::query_as(
        "SELECT a.id, a.round_id, o.code AS org, a.answer, a.note, a.late, u.email AS answered_by, a.answered_at \
         FROM consultation_answers a JOIN consultation_rounds r ON r.id = a.round_id \
         JOIN organisations o ON o.id = a.org_id LEFT JOIN users u ON u.id = a.answered_by \
         WHERE r.incident_id = $1 ORDER BY a.answered_at, a.id",
    )
    .bind(incident_id)
    .fetch_all(conn)
    .await?)
}

pub async fn open(
    tx: &mut Transaction<'_, Any>,
    incident_id: i64,
    r: &NewRound<'_>,
    by: i64,
    now_ms: i64,
) -> Result<i64> {
    let measures = serde_json::to_string(r.measures).unwrap_or_else(|_| "[]".into());
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO consultation_rounds (incident_id, subject, proposal, decision_rule, deadline_ms, measures, opened_by, opened_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(incident_id)
    .bind(r.subject.id())
    .bind(r.proposal)
    .bind(r.rule.id())
    .bind(r.deadline_ms)
    .bind(measures)
    .bind(by)
    .bind(now_ms)
    .fetch_one(&mut **tx)
    .await?;
    for org in r.org_ids {
        sqlx::query("INSERT INTO consultation_invitees (round_id, org_id) VALUES ($1, $2)")
            .bind(id)
            .bind(org)
            .execute(&mut **tx)
            .await?;
    }
    let detail = serde_json::json!({"round": id, "subject": r.subject, "organisations": r.org_codes, "rule": r.rule});
    add_event(tx, incident_id, NewEvent { kind: "consultation-opened", detail, by: Some(by), object_id: None }, now_ms)
        .await?;
    Ok(id)
}

pub struct NewAnswer<'a> {
    pub round_id: i64,
    pub org_id: i64,
    pub org_code: &'a str,
    pub answer: AnswerKind,
    pub note: &'a str,
    pub late: bool,
}

pub async fn answer(
    tx: &mut Transaction<'_, Any>,
    incident_id: i64,
    a: &NewAnswer<'_>,
    by: i64,
    now_ms: i64,
) -> Result<i64> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO consultation_answers (round_id, org_id, answer, note, late, answered_by, answered_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(a.round_id)
    .bind(a.org_id)
    .bind(a.answer.id())
    .bind(a.note)
    .bind(i64::from(a.late))
    .bind(by)
    .bind(now_ms)
    .fetch_one(&mut **tx)
    .await?;
    let detail = serde_json::json!({"round": a.round_id, "org": a.org_code, "answer": a.answer, "late": a.late});
    add_event(tx, incident_id, NewEvent { kind: "consultation-answer", detail, by: Some(by), object_id: None }, now_ms)
        .await?;
    Ok(id)
}

/// An open round that still waits for one organisation's answer.
#[derive(Debug, Clone, FromRow, serde::Serialize)]
pub struct Awaiting {
    pub round_id: i64,
    /// Its number on its incident (the incident's first round is 1).
    pub number: i64,
    pub incident_id: i64,
    pub incident_title: String,
    #[sqlx(try_from = "String")]
    pub subject: Subject,
    pub deadline_ms: i64,
}

/// Rounds on incidents visible through `filter` that asked `org_id`, are
/// before their deadline and have no answer from it yet.
pub async fn awaiting_answer(
    conn: &mut AnyConnection,
    filter: &verbinding_domain::access::VisibilityFilter,
    org_ids: &[i64],
    now_ms: i64,
) -> Result<Vec<Awaiting>> {
    let mut sql = crate::sql::Sql::new(
        "SELECT r.id AS round_id, (SELECT COUNT(*) FROM consultation_rounds q WHERE q.incident_id = r.incident_id \
         AND q.id <= r.id) AS number, r.incident_id, i.title AS incident_title, r.subject, r.deadline_ms \
         FROM consultation_rounds r JOIN consultation_invitees ci ON ci.round_id = r.id \
         JOIN incidents i ON i.object_id = r.incident_id JOIN objects o ON o.id = i.object_id WHERE ci.org_id IN ",
    );
    sql.bind_list(org_ids.iter().map(|o| crate::sql::Arg::Int(*o))).push(" AND r.deadline_ms > ").bind_int(now_ms);
    sql.push(
        " AND NOT EXISTS (SELECT 1 FROM consultation_answers a WHERE a.round_id = r.id AND a.org_id = ci.org_id) AND ",
    );
    sql.visible("o", filter);
    sql.push(" ORDER BY r.deadline_ms, r.id");
    Ok(sql.query_as().fetch_all(conn).await?)
}
