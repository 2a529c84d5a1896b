//! Attribution and response decisions on an incident. Decisions belong to
//! their incident and share its visibility (the caller checks the incident
//! first). Signing is one conditional update; the schema refuses any change
//! to a signed decision and any deletion.

use crate::incidents::{NewEvent, add_event};
use crate::{Result, StoreError};
use sqlx::{Any, AnyConnection, FromRow, Transaction};
use verbinding_domain::decision::{DecisionKind, DecisionOutcome, Sealed, seal};

#[derive(Debug, Clone, FromRow, serde::Serialize)]
pub struct Decision {
    pub id: i64,
    pub incident_id: i64,
    /// A stored identifier outside the vocabulary does not decode (a storage error).
    #[sqlx(try_from = "String")]
    pub kind: DecisionKind,
    #[sqlx(try_from = "String")]
    pub outcome: DecisionOutcome,
    pub state: Option<String>,
    pub actor_uuid: Option<String>,
    pub actor_name: Option<String>,
    /// JSON array of assessment ids; callers show only those the viewer may know of.
    #[serde(skip)]
    pub basis: String,
    #[serde(skip)]
    pub measures: String,
    pub round_id: Option<i64>,
    pub rationale: String,
    pub amends: Option<i64>,
    #[serde(skip)]
    pub proposed_by_id: i64,
    pub proposed_by: String,
    pub proposed_at: i64,
    #[serde(skip)]
    pub signed_by_id: Option<i64>,
    pub signed_by: Option<String>,
    pub signed_at: Option<i64>,
    pub seal: Option<String>,
    pub version: i64,
    /// Why it was signed while the consultation was open or unanswered.
    pub sign_override: Option<String>,
    /// `returned` (sent back to the proposer) or `rejected`, with why, by whom, when.
    pub closed_as: Option<String>,
    pub closed_reason: Option<String>,
    pub closed_by: Option<String>,
    pub closed_at: Option<i64>,
}

impl Decision {
    pub fn basis_ids(&self) -> Result<Vec<i64>> {
        crate::decode("basis of decision", self.id, &self.basis)
    }

    pub fn measure_ids(&self) -> Result<Vec<i64>> {
        crate::decode("measures of decision", self.id, &self.measures)
    }

    /// The seal this decision's stored content yields now; equal to `seal`
    /// unless the row was altered behind the application's back.
    pub fn recomputed_seal(&self) -> Option<String> {
        let (signed_by, signed_at) = (self.signed_by_id?, self.signed_at?);
        // Content that no longer decodes cannot yield the seal: the
        // decision then shows as tampered with, which it is.
        let (basis, measures) = (self.basis_ids().ok()?, self.measure_ids().ok()?);
        Some(seal(&Sealed {
            id: self.id,
            incident_id: self.incident_id,
            kind: self.kind,
            outcome: self.outcome,
            state: self.state.as_deref(),
            actor: self.actor_uuid.as_deref(),
            basis: &basis,
            measures: &measures,
            round: self.round_id,
            rationale: &self.rationale,
            amends: self.amends,
            proposed_by: self.proposed_by_id,
            proposed_at: self.proposed_at,
            signed_by,
            signed_at,
            sign_override: self.sign_override.as_deref(),
        }))
    }
}

const SELECT: &str = "SELECT d.id, d.incident_id, d.kind, d.outcome, d.state_code AS state, t.uuid AS actor_uuid, \
     t.name AS actor_name, d.basis, d.measures, d.round_id, d.rationale, d.amends, d.proposed_by AS proposed_by_id, \
     p.email AS proposed_by, d.proposed_at, d.signed_by AS signed_by_id, s.email AS signed_by, d.signed_at, d.seal, d.version, \
     d.sign_override, d.closed_as, d.closed_reason, c.email AS closed_by, d.closed_at \
     FROM decisions d JOIN users p ON p.id = d.proposed_by LEFT JOIN users s ON s.id = d.signed_by \
     LEFT JOIN users c ON c.id = d.closed_by \
     LEFT JOIN threat_actors t ON t.id = d.actor_id";

pub async fn for_incident(conn: &mut AnyConnection, incident_id: i64) -> Result<Vec<Decision>> {
    Ok(sqlx::query_as(&format!("{SELECT} WHERE d.incident_id = $1 ORDER BY d.id"))
        .bind(incident_id)
        .fetch_all(conn)
        .await?)
}

/// A proposal with its references resolved to ids.
pub struct NewDecision<'a> {
    pub kind: DecisionKind,
    pub outcome: DecisionOutcome,
    pub state: Option<&'a str>,
    pub actor_id: Option<i64>,
    pub basis: &'a [i64],
    pub measures: &'a [i64],
    pub round_id: Option<i64>,
    pub rationale: &'a str,
    pub amends: Option<i64>,
}

pub async fn propose(
    tx: &mut Transaction<'_, Any>,
    incident_id: i64,
    d: &NewDecision<'_>,
    by: i64,
    now_ms: i64,
) -> Result<i64> {
    let list = |ids: &[i64]| serde_json::to_string(ids).unwrap_or_else(|_| "[]".into());
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO decisions (incident_id, kind, outcome, state_code, actor_id, basis, measures, round_id, rationale, amends, \
         proposed_by, proposed_at, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 1) RETURNING id",
    )
    .bind(incident_id)
    .bind(d.kind.id())
    .bind(d.outcome.id())
    .bind(d.state)
    .bind(d.actor_id)
    .bind(list(d.basis))
    .bind(list(d.measures))
    .bind(d.round_id)
    .bind(d.rationale)
    .bind(d.amends)
    .bind(by)
    .bind(now_ms)
    .fetch_one(&mut **tx)
    .await?;
    let detail = serde_json::json!({"decision": id, "kind": d.kind, "outcome": d.outcome, "amends": d.amends});
    add_event(tx, incident_id, NewEvent { kind: "decision-proposed", detail, by: Some(by), object_id: None }, now_ms)
        .await?;
    Ok(id)
}

/// Signs `decision` (already checked by the caller against the rules) if it
/// is still unsigned and at `version`; computes and stores the seal.
pub async fn sign(
    tx: &mut Transaction<'_, Any>,
    decision: &Decision,
    version: i64,
    signer: i64,
    sign_override: Option<&str>,
    now_ms: i64,
) -> Result<String> {
    let signed = Decision {
        signed_by_id: Some(signer),
        signed_at: Some(now_ms),
        sign_override: sign_override.map(str::to_string),
        ..decision.clone()
    };
    let seal = signed.recomputed_seal().ok_or(StoreError::Conflict)?;
    let n = sqlx::query(
        "UPDATE decisions SET signed_by = $1, signed_at = $2, seal = $3, sign_override = $4, version = version + 1 \
         WHERE id = $5 AND version = $6 AND signed_at IS NULL AND closed_as IS NULL",
    )
    .bind(signer)
    .bind(now_ms)
    .bind(&seal)
    .bind(sign_override)
    .bind(decision.id)
    .bind(version)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if n == 0 {
        return Err(StoreError::Conflict);
    }
    let mut detail = serde_json::json!({
        "decision": decision.id, "kind": decision.kind, "outcome": decision.outcome, "amends": decision.amends,
    });
    if let Some(reason) = sign_override {
        detail["override"] = reason.into();
    }
    add_event(
        tx,
        decision.incident_id,
        NewEvent { kind: "decision-signed", detail, by: Some(signer), object_id: None },
        now_ms,
    )
    .await?;
    Ok(seal)
}

/// How a decision maker closes a proposal without signing it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Closing {
    /// Back to the proposer, to be proposed anew.
    Returned,
    Rejected,
}

impl Closing {
    pub fn id(self) -> &'static str {
        match self {
            Closing::Returned => "returned",
            Closing::Rejected => "rejected",
        }
    }
}

/// Closes an unsigned proposal (sent back or rejected) with the reason, made
/// on `version`; a stale version, a signed or an already closed one is a
/// conflict. Recorded on the incident's timeline.
pub async fn close(
    tx: &mut Transaction<'_, Any>,
    decision: &Decision,
    version: i64,
    closing: Closing,
    reason: &str,
    by: i64,
    now_ms: i64,
) -> Result<()> {
    let n = sqlx::query(
        "UPDATE decisions SET closed_as = $1, closed_reason = $2, closed_by = $3, closed_at = $4, version = version + 1 \
         WHERE id = $5 AND version = $6 AND signed_at IS NULL AND closed_as IS NULL",
    )
    .bind(closing.id())
    .bind(reason)
    .bind(by)
    .bind(now_ms)
    .bind(decision.id)
    .bind(version)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if n == 0 {
        return Err(StoreError::Conflict);
    }
    let detail = serde_json::json!({"decision": decision.id, "kind": decision.kind, "outcome": decision.outcome,
        "closed_as": closing.id(), "reason": reason});
    add_event(
        tx,
        decision.incident_id,
        NewEvent { kind: "decision-closed", detail, by: Some(by), object_id: None },
        now_ms,
    )
    .await
}

/// A proposed decision waiting for a signature.
#[derive(Debug, Clone, FromRow, serde::Serialize)]
pub struct Unsigned {
    pub decision_id: i64,
    /// Its number on its incident (the incident's first decision is 1).
    pub number: i64,
    pub incident_id: i64,
    pub incident_title: String,
    #[sqlx(try_from = "String")]
    pub kind: DecisionKind,
    #[sqlx(try_from = "String")]
    pub outcome: DecisionOutcome,
    pub proposed_at: i64,
}

/// Unsigned decisions on incidents visible through `filter` that `signer`
/// did not propose (so could sign).
pub async fn awaiting_signature(
    conn: &mut AnyConnection,
    filter: &verbinding_domain::access::VisibilityFilter,
    signer: i64,
) -> Result<Vec<Unsigned>> {
    let mut sql = crate::sql::Sql::new(
        "SELECT d.id AS decision_id, (SELECT COUNT(*) FROM decisions e WHERE e.incident_id = d.incident_id \
         AND e.id <= d.id) AS number, d.incident_id, i.title AS incident_title, d.kind, d.outcome, d.proposed_at \
         FROM decisions d JOIN incidents i ON i.object_id = d.incident_id JOIN objects o ON o.id = i.object_id \
         WHERE d.signed_at IS NULL AND d.closed_as IS NULL AND d.proposed_by <> ",
    );
    sql.bind_int(signer).push(" AND ");
    sql.visible("o", filter);
    sql.push(" ORDER BY d.proposed_at, d.id");
    Ok(sql.query_as().fetch_all(conn).await?)
}
