//! The tamper-evident audit trail: typed events chained by SHA-256.
//!
//! Each entry's hash covers a canonical serialisation of the entry (fixed
//! field order, JSON, no whitespace) including its sequence number and the
//! previous entry's hash. Editing a row changes its hash; deleting or
//! reordering rows breaks the `prev_hash` link or the sequence; truncating the
//! tail is caught by comparing with the recorded chain head.

use serde::Serialize;
use sha2::{Digest, Sha256};

/// The hash that precedes the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// What happened. Stored by identifier; never renumbered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum AuditAction {
    LoginSucceeded,
    LoginFailed,
    LoginThrottled,
    Logout,
    LogoutEverywhere,
    PasswordChanged,
    TokenCreated,
    TokenRevoked,
    UserCreated,
    UserUpdated,
    UserDeactivated,
    UserReactivated,
    LanguageChanged,
    TimeZoneChanged,
    ObjectCreated,
    ObjectUpdated,
    ObjectRead,
    DemoLoaded,
    CatalogueImported,
    DecisionSigned,
    CatalogueChanged,
    PlaybookApproved,
    ExecutionStarted,
    ExecutionChanged,
    ExecutionAttachmentAdded,
    OrganisationCreated,
    /// Whether an agency answers consultations for its ministry changed.
    OrganisationDelegation,
}

impl AuditAction {
    pub const ALL: [AuditAction; 27] = [
        AuditAction::LoginSucceeded,
        AuditAction::LoginFailed,
        AuditAction::LoginThrottled,
        AuditAction::Logout,
        AuditAction::LogoutEverywhere,
        AuditAction::PasswordChanged,
        AuditAction::TokenCreated,
        AuditAction::TokenRevoked,
        AuditAction::UserCreated,
        AuditAction::UserUpdated,
        AuditAction::UserDeactivated,
        AuditAction::UserReactivated,
        AuditAction::LanguageChanged,
        AuditAction::TimeZoneChanged,
        AuditAction::ObjectCreated,
        AuditAction::ObjectUpdated,
        AuditAction::ObjectRead,
        AuditAction::DemoLoaded,
        AuditAction::CatalogueImported,
        AuditAction::DecisionSigned,
        AuditAction::CatalogueChanged,
        AuditAction::PlaybookApproved,
        AuditAction::ExecutionStarted,
        AuditAction::ExecutionChanged,
        AuditAction::ExecutionAttachmentAdded,
        AuditAction::OrganisationCreated,
        AuditAction::OrganisationDelegation,
    ];

    pub fn id(self) -> &'static str {
        match self {
            AuditAction::LoginSucceeded => "login.succeeded",
            AuditAction::LoginFailed => "login.failed",
            AuditAction::LoginThrottled => "login.throttled",
            AuditAction::Logout => "logout",
            AuditAction::LogoutEverywhere => "logout.everywhere",
            AuditAction::PasswordChanged => "password.changed",
            AuditAction::TokenCreated => "token.created",
            AuditAction::TokenRevoked => "token.revoked",
            AuditAction::UserCreated => "user.created",
            AuditAction::UserUpdated => "user.updated",
            AuditAction::UserDeactivated => "user.deactivated",
            AuditAction::UserReactivated => "user.reactivated",
            AuditAction::LanguageChanged => "language.changed",
            AuditAction::TimeZoneChanged => "time_zone.changed",
            AuditAction::ObjectCreated => "object.created",
            AuditAction::ObjectUpdated => "object.updated",
            AuditAction::ObjectRead => "object.read",
            AuditAction::DemoLoaded => "demo.loaded",
            AuditAction::CatalogueImported => "catalogue.imported",
            AuditAction::DecisionSigned => "decision.signed",
            AuditAction::CatalogueChanged => "catalogue.changed",
            AuditAction::PlaybookApproved => "playbook.approved",
            AuditAction::ExecutionStarted => "execution.started",
            AuditAction::ExecutionChanged => "execution.changed",
            AuditAction::ExecutionAttachmentAdded => "execution.attachment_added",
            AuditAction::OrganisationCreated => "organisation.created",
            AuditAction::OrganisationDelegation => "organisation.delegation",
        }
    }

    pub fn parse(id: &str) -> Option<AuditAction> {
        AuditAction::ALL.into_iter().find(|a| a.id() == id)
    }
}

/// Everything an entry records, except its position in the chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditEvent {
    pub at_ms: i64,
    pub actor_user_id: Option<i64>,
    /// Email of the actor, the attempted login name, or `system`.
    pub actor_label: String,
    pub actor_org_id: Option<i64>,
    pub action: String,
    /// The object the event is about (a row of the `objects` table), if any.
    pub object_id: Option<i64>,
    /// The user the event is about (user administration), if any.
    pub subject_user_id: Option<i64>,
    pub request_id: String,
    pub source: String,
    /// Small, non-secret detail as JSON text (never passwords or tokens).
    pub detail: String,
}

/// One stored entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditEntry {
    pub seq: i64,
    pub event: AuditEvent,
    pub prev_hash: String,
    pub hash: String,
}

#[derive(Serialize)]
struct Canonical<'a> {
    seq: i64,
    prev_hash: &'a str,
    at_ms: i64,
    actor_user_id: Option<i64>,
    actor_label: &'a str,
    actor_org_id: Option<i64>,
    action: &'a str,
    object_id: Option<i64>,
    subject_user_id: Option<i64>,
    request_id: &'a str,
    source: &'a str,
    detail: &'a str,
}

/// The hash of an entry at `seq` following `prev_hash`.
pub fn chain_hash(seq: i64, prev_hash: &str, e: &AuditEvent) -> String {
    let canonical = Canonical {
        seq,
        prev_hash,
        at_ms: e.at_ms,
        actor_user_id: e.actor_user_id,
        actor_label: &e.actor_label,
        actor_org_id: e.actor_org_id,
        action: &e.action,
        object_id: e.object_id,
        subject_user_id: e.subject_user_id,
        request_id: &e.request_id,
        source: &e.source,
        detail: &e.detail,
    };
    // Serialising a struct of plain fields cannot fail; the fallback keeps the
    // function total without a panic path.
    let bytes = serde_json::to_vec(&canonical).unwrap_or_default();
    hex::encode(Sha256::digest(bytes))
}

/// Why verification stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainBreak {
    /// Sequence number of the first entry that does not verify (or the
    /// recorded head when the tail was removed).
    pub seq: i64,
    pub reason: &'static str,
}

/// Incremental verifier, so a long trail can be streamed from storage.
#[derive(Debug)]
pub struct ChainVerifier {
    expected_seq: i64,
    prev_hash: String,
}

impl Default for ChainVerifier {
    fn default() -> Self {
        Self { expected_seq: 1, prev_hash: GENESIS.to_string() }
    }
}

impl ChainVerifier {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, entry: &AuditEntry) -> Result<(), ChainBreak> {
        if entry.seq != self.expected_seq {
            return Err(ChainBreak { seq: entry.seq, reason: "sequence gap or reordering" });
        }
        if entry.prev_hash != self.prev_hash {
            return Err(ChainBreak { seq: entry.seq, reason: "previous-hash link broken" });
        }
        if chain_hash(entry.seq, &entry.prev_hash, &entry.event) != entry.hash {
            return Err(ChainBreak { seq: entry.seq, reason: "content does not match its hash" });
        }
        self.prev_hash = entry.hash.clone();
        self.expected_seq += 1;
        Ok(())
    }

    /// Compares the end of the walk with the recorded head (last seq and hash).
    pub fn finish(self, head_seq: i64, head_hash: &str) -> Result<i64, ChainBreak> {
        let count = self.expected_seq - 1;
        if count != head_seq || self.prev_hash != head_hash {
            return Err(ChainBreak { seq: head_seq.max(count), reason: "entries missing at the end of the trail" });
        }
        Ok(count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(action: &str) -> AuditEvent {
        AuditEvent {
            at_ms: 1_700_000_000_000,
            actor_user_id: Some(1),
            actor_label: "a@example.org".into(),
            actor_org_id: Some(2),
            action: action.into(),
            object_id: None,
            subject_user_id: None,
            request_id: "r".into(),
            source: "127.0.0.1".into(),
            detail: "{}".into(),
        }
    }

    fn chain(n: i64) -> Vec<AuditEntry> {
        let mut prev = GENESIS.to_string();
        (1..=n)
            .map(|seq| {
                let e = event(&format!("a{seq}"));
                let hash = chain_hash(seq, &prev, &e);
                let entry = AuditEntry { seq, event: e, prev_hash: prev.clone(), hash: hash.clone() };
                prev = hash;
                entry
            })
            .collect()
    }

    fn verify(entries: &[AuditEntry], head: (i64, &str)) -> Result<i64, ChainBreak> {
        let mut v = ChainVerifier::new();
        for e in entries {
            v.push(e)?;
        }
        v.finish(head.0, head.1)
    }

    #[test]
    fn intact_chain_verifies() {
        let c = chain(5);
        assert_eq!(verify(&c, (5, &c[4].hash)), Ok(5));
        assert_eq!(verify(&[], (0, GENESIS)), Ok(0));
    }

    #[test]
    fn edit_delete_reorder_and_truncation_are_detected() {
        let c = chain(5);
        let head = (5, c[4].hash.as_str());
        let mut edited = c.clone();
        edited[2].event.actor_label = "mallory@example.org".into();
        assert_eq!(verify(&edited, head).map_err(|b| b.seq), Err(3));

        let mut deleted = c.clone();
        deleted.remove(1);
        assert_eq!(verify(&deleted, head).map_err(|b| b.seq), Err(3));

        let mut reordered = c.clone();
        reordered.swap(1, 2);
        assert_eq!(verify(&reordered, head).map_err(|b| b.seq), Err(3));

        assert!(verify(&c[..4], head).is_err(), "a removed tail is caught by the head");
    }

    #[test]
    fn action_ids_round_trip() {
        for a in AuditAction::ALL {
            assert_eq!(AuditAction::parse(a.id()), Some(a));
        }
    }
}
