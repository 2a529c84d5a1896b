//! The closed consultation and the signed decisions of each demo incident,
//! after what is public: who attributed the operation to which state, and
//! that the measures taken were decided.

use crate::AppError;
use sqlx::{Any, Transaction};
use verbinding_domain::consultation::{AnswerKind, DecisionRule, Subject};
use verbinding_domain::decision::{DecisionKind, DecisionOutcome};
use verbinding_store::consultations::{self, NewAnswer, NewRound};
use verbinding_store::decisions::{self, NewDecision};

/// The decision maker who signs the demo decisions.
pub const SIGNER: &str = "besluit@bz.example";

/// A Dutch attribution: (attributed state, actor UUID, public attribution).
type Attribution = (&'static str, Option<&'static str>, bool);

/// (title, the Dutch attribution if there was one). NotPetya and Exchange
/// have none: the Netherlands took note of the UK statement on NotPetya and
/// joined the EU declaration of 19 July 2021 on Exchange, which says "from the
/// territory of China"; the first Dutch public attribution of espionage to
/// China was COATHANGER (6 February 2024, ncsc.nl advisory). Their EU measures
/// were still agreed, so a response decision approves them.
const ATTRIBUTIONS: &[(&str, Option<Attribution>)] = &[
    ("GRU-operatie tegen de OPCW in Den Haag", Some(("RU", Some("5b4ee3ea-eee3-4c8e-8323-85ae32658754"), true))),
    ("NotPetya", None),
    ("Misbruik van Microsoft Exchange", None),
    ("Viasat KA-SAT", Some(("RU", None, true))),
    ("COATHANGER", Some(("CN", None, true))),
];

/// Adds a closed round in which every organisation on the incident's
/// need-to-know list agreed, a signed attribution decision and a signed
/// response decision approving the plan.
pub async fn load(
    tx: &mut Transaction<'_, Any>,
    incident_id: i64,
    title: &str,
    coordinator: i64,
    now_ms: i64,
) -> Result<(), AppError> {
    let Some((_, attribution)) = ATTRIBUTIONS.iter().find(|a| title.starts_with(a.0)) else {
        return Ok(());
    };
    let signer: i64 =
        sqlx::query_scalar("SELECT id FROM users WHERE email = $1").bind(SIGNER).fetch_one(&mut **tx).await?;
    // Those on the need-to-know list are consulted; on an incident open to
    // all, the organisations that assessed it.
    let mut orgs: Vec<(i64, String)> = sqlx::query_as(
        "SELECT org.id, org.code FROM object_access a JOIN organisations org ON org.id = a.org_id \
         WHERE a.object_id = $1 ORDER BY org.code",
    )
    .bind(incident_id)
    .fetch_all(&mut **tx)
    .await?;
    if orgs.is_empty() {
        orgs = sqlx::query_as(
            "SELECT DISTINCT org.id, org.code FROM assessments a JOIN organisations org ON org.id = a.author_org_id \
             WHERE a.incident_id = $1 ORDER BY org.code",
        )
        .bind(incident_id)
        .fetch_all(&mut **tx)
        .await?;
    }
    let measures: Vec<i64> = sqlx::query_scalar("SELECT id FROM response_items WHERE incident_id = $1 ORDER BY id")
        .bind(incident_id)
        .fetch_all(&mut **tx)
        .await?;
    let basis: Vec<i64> = sqlx::query_scalar(
        "SELECT object_id FROM assessments WHERE incident_id = $1 AND kind <> 'legal' ORDER BY object_id",
    )
    .bind(incident_id)
    .fetch_all(&mut **tx)
    .await?;
    let (ids, codes): (Vec<i64>, Vec<String>) = orgs.into_iter().unzip();
    let round = consultations::open(
        tx,
        incident_id,
        &NewRound {
            subject: Subject::AttributionAndResponse,
            proposal: "Toeschrijving aan de verantwoordelijke staat en het responspakket zoals in het plan.",
            rule: DecisionRule::Consensus,
            deadline_ms: now_ms + 86_400_000,
            org_ids: &ids,
            org_codes: &codes,
            measures: &measures,
        },
        coordinator,
        now_ms,
    )
    .await?;
    for (org_id, code) in ids.iter().zip(&codes) {
        let answer = NewAnswer {
            round_id: round,
            org_id: *org_id,
            org_code: code,
            answer: AnswerKind::Agree,
            note: "",
            late: false,
        };
        consultations::answer(tx, incident_id, &answer, coordinator, now_ms).await?;
    }
    let mut signed = Vec::new();
    if let Some((state, actor_uuid, public)) = attribution {
        let actor_id: Option<i64> = match actor_uuid {
            Some(uuid) => {
                sqlx::query_scalar("SELECT id FROM threat_actors WHERE uuid = $1")
                    .bind(*uuid)
                    .fetch_optional(&mut **tx)
                    .await?
            }
            None => None,
        };
        signed.push(NewDecision {
            kind: DecisionKind::Attribution,
            outcome: if *public { DecisionOutcome::AttributePublicly } else { DecisionOutcome::AttributePrivately },
            state: Some(state),
            actor_id,
            basis: &basis,
            measures: &[],
            round_id: Some(round),
            rationale: "Zoals publiek gemaakt: de beoordelingen laten geen redelijke twijfel over de verantwoordelijke staat.",
            amends: None,
        });
    }
    // The response decision lists every measure of the plan, as
    // `step_precondition` requires before a measure is approved or executed.
    signed.push(NewDecision {
        kind: DecisionKind::Response,
        outcome: DecisionOutcome::ApproveMeasures,
        state: None,
        actor_id: None,
        basis: &[],
        measures: &measures,
        round_id: Some(round),
        rationale: "Het responspakket uit het plan, zoals uitgevoerd.",
        amends: None,
    });
    for d in signed {
        let id = decisions::propose(tx, incident_id, &d, coordinator, now_ms).await?;
        let all = decisions::for_incident(tx, incident_id).await?;
        let proposed = all.iter().find(|x| x.id == id).ok_or(AppError::NotFound)?;
        decisions::sign(tx, proposed, proposed.version, signer, None, now_ms).await?;
    }
    Ok(())
}
