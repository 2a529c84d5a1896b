//! Response bodies of the directory, dossiers, incidents, the audit trail
//! and the catalogues: the API's own types, converted from what the
//! services return, so a new storage column never leaks into the JSON.

use schemars::JsonSchema;
use serde::Serialize;
use verbinding_domain::incident::{Effect, Phase, Sector, Severity};
use verbinding_domain::partners::Relation;
use verbinding_domain::response::{Category, MeasureStatus};
use verbinding_store::audit::TrailEntry;
use verbinding_store::{dossiers, incidents, partners, response, threat_actors};

/// A personal API token, shown once.
#[derive(Serialize, JsonSchema)]
pub struct Token {
    pub token: String,
    /// When the token stops working (milliseconds since the epoch, like every
    /// time of the API); it also ends when the password changes and at "log
    /// out everywhere".
    pub expires_at: i64,
}

/// The calling user, with what they may do and their language.
#[derive(Serialize, JsonSchema)]
pub struct Me {
    #[serde(flatten)]
    pub user: crate::api::directory::UserView,
    /// Identifiers of the permissions the caller's roles grant.
    pub permissions: Vec<&'static str>,
    /// `nl` or `en`.
    pub language: &'static str,
}

#[derive(Serialize, JsonSchema)]
pub struct Dossier {
    pub id: i64,
    pub title: String,
    pub summary: String,
    pub classification: String,
    pub tlp: String,
    pub open_to_all: bool,
    pub lead_org_id: i64,
    pub lead_org_code: String,
    /// The organisation that created it (its owner). It and the coordinators of
    /// the lead organisation decide the marking; null for what the instance ships.
    pub owner_organisation: Option<String>,
    pub version: i64,
    pub created_at: i64,
    pub updated_at: i64,
    /// Organisation codes on the need-to-know list.
    pub need_to_know: Vec<String>,
    /// Emails of users named on the need-to-know list.
    pub need_to_know_users: Vec<String>,
}

impl From<dossiers::Dossier> for Dossier {
    fn from(d: dossiers::Dossier) -> Self {
        Dossier {
            id: d.id,
            title: d.title,
            summary: d.summary,
            classification: d.classification,
            tlp: d.tlp,
            open_to_all: d.open_to_all == 1,
            lead_org_id: d.lead_org_id,
            lead_org_code: d.lead_org_code,
            owner_organisation: d.owner_org_code,
            version: d.version,
            created_at: d.created_at,
            updated_at: d.updated_at,
            need_to_know: d.need_to_know,
            need_to_know_users: d.need_to_know_users,
        }
    }
}

#[derive(Serialize, JsonSchema)]
pub struct ThreatActor {
    /// The MISP galaxy UUID.
    pub uuid: String,
    pub name: String,
    pub synonyms: Vec<String>,
    pub state_sponsor: Option<String>,
    pub country: Option<String>,
    pub description: String,
}

impl From<threat_actors::ThreatActor> for ThreatActor {
    fn from(a: threat_actors::ThreatActor) -> Self {
        ThreatActor {
            uuid: a.uuid,
            name: a.name,
            synonyms: a.synonyms,
            state_sponsor: a.state_sponsor,
            country: a.country,
            description: a.description,
        }
    }
}

#[derive(Serialize, JsonSchema)]
pub struct Incident {
    pub id: i64,
    pub title: String,
    pub summary: String,
    pub status: Phase,
    pub severity: Severity,
    pub first_activity: Option<String>,
    pub discovery: Option<String>,
    pub disclosure: Option<String>,
    pub victims: Vec<String>,
    pub countries: Vec<String>,
    pub sectors: Vec<Sector>,
    pub effects: Vec<Effect>,
    pub classification: String,
    pub tlp: String,
    pub open_to_all: bool,
    pub lead_org_code: String,
    /// The organisation that created it (its owner). It and the coordinators of
    /// the lead organisation decide the marking; null for what the instance ships.
    pub owner_organisation: Option<String>,
    pub version: i64,
    pub created_at: i64,
    pub updated_at: i64,
    pub need_to_know: Vec<String>,
    pub need_to_know_users: Vec<String>,
    pub actors: Vec<ThreatActor>,
}

impl From<incidents::Incident> for Incident {
    fn from(i: incidents::Incident) -> Self {
        Incident {
            id: i.id,
            title: i.title,
            summary: i.summary,
            status: i.status,
            severity: i.severity,
            first_activity: i.first_activity,
            discovery: i.discovery,
            disclosure: i.disclosure,
            victims: i.victims,
            countries: i.countries,
            sectors: i.sectors,
            effects: i.effects,
            classification: i.classification,
            tlp: i.tlp,
            open_to_all: i.open_to_all == 1,
            lead_org_code: i.lead_org_code,
            owner_organisation: i.owner_org_code,
            version: i.version,
            created_at: i.created_at,
            updated_at: i.updated_at,
            need_to_know: i.need_to_know,
            need_to_know_users: i.need_to_know_users,
            actors: i.actors.into_iter().map(ThreatActor::from).collect(),
        }
    }
}

/// One entry of an incident's timeline.
#[derive(Serialize, JsonSchema)]
pub struct TimelineEntry {
    pub at_ms: i64,
    pub kind: String,
    /// The entry's detail as JSON text.
    pub detail: String,
    /// Email of who made the entry (none for the system).
    pub actor: Option<String>,
}

impl From<incidents::IncidentEvent> for TimelineEntry {
    fn from(e: incidents::IncidentEvent) -> Self {
        TimelineEntry { at_ms: e.at_ms, kind: e.kind, detail: e.detail, actor: e.actor }
    }
}

#[derive(Serialize, JsonSchema)]
pub struct Partner {
    pub id: i64,
    pub partner: String,
    pub partner_name_nl: String,
    pub partner_name_en: String,
    pub relation: Relation,
    pub date: String,
    pub note: String,
    pub created_at: i64,
}

impl From<partners::Partner> for Partner {
    fn from(p: partners::Partner) -> Self {
        Partner {
            id: p.id,
            partner: p.partner,
            partner_name_nl: p.partner_name_nl,
            partner_name_en: p.partner_name_en,
            relation: p.relation,
            date: p.date,
            note: p.note,
            created_at: p.created_at,
        }
    }
}

/// One audit entry: the event and its place in the hash chain.
#[derive(Serialize, JsonSchema)]
pub struct AuditRecord {
    pub seq: i64,
    pub event: AuditEventBody,
    /// The kind of the object the event is about (`dossier`, `incident`, `objective`, …), if any.
    pub object_kind: Option<String>,
    pub prev_hash: String,
    pub hash: String,
}

#[derive(Serialize, JsonSchema)]
pub struct AuditEventBody {
    pub at_ms: i64,
    pub actor_user_id: Option<i64>,
    /// Email of the actor, the attempted login name, or `system`.
    pub actor_label: String,
    pub actor_org_id: Option<i64>,
    pub action: String,
    pub object_id: Option<i64>,
    pub subject_user_id: Option<i64>,
    pub request_id: String,
    pub source: String,
    /// Small, non-secret detail as JSON text.
    pub detail: String,
}

impl From<TrailEntry> for AuditRecord {
    fn from(t: TrailEntry) -> Self {
        let a = t.entry;
        let e = a.event;
        AuditRecord {
            seq: a.seq,
            object_kind: t.object_kind,
            event: AuditEventBody {
                at_ms: e.at_ms,
                actor_user_id: e.actor_user_id,
                actor_label: e.actor_label,
                actor_org_id: e.actor_org_id,
                action: e.action,
                object_id: e.object_id,
                subject_user_id: e.subject_user_id,
                request_id: e.request_id,
                source: e.source,
                detail: e.detail,
            },
            prev_hash: a.prev_hash,
            hash: a.hash,
        }
    }
}

/// An option of the response catalogue.
#[derive(Serialize, JsonSchema)]
pub struct ResponseOption {
    pub id: String,
    pub category: Category,
    pub name_nl: String,
    pub name_en: String,
    pub legal_basis: String,
    pub lead: String,
    pub approvals: String,
    pub public: bool,
    pub reversible: bool,
    pub escalation: i64,
    pub public_attribution: bool,
    pub renewable: bool,
    pub lapsed: bool,
}

impl From<response::OptionRow> for ResponseOption {
    fn from(o: response::OptionRow) -> Self {
        ResponseOption {
            id: o.id,
            category: o.category,
            name_nl: o.name_nl,
            name_en: o.name_en,
            legal_basis: o.legal_basis,
            lead: o.lead,
            approvals: o.approvals,
            public: o.public == 1,
            reversible: o.reversible == 1,
            escalation: o.escalation,
            public_attribution: o.public_attribution == 1,
            renewable: o.renewable == 1,
            lapsed: o.lapsed == 1,
        }
    }
}

/// A restrictive measure due for renewal.
#[derive(Serialize, JsonSchema)]
pub struct Renewal {
    pub item_id: i64,
    pub incident_id: i64,
    pub incident_title: String,
    pub option_id: String,
    pub status: MeasureStatus,
    pub renewal_date: String,
}

impl From<response::Renewal> for Renewal {
    fn from(r: response::Renewal) -> Self {
        Renewal {
            item_id: r.item_id,
            incident_id: r.incident_id,
            incident_title: r.incident_title,
            option_id: r.option_id,
            status: r.status,
            renewal_date: r.renewal_date,
        }
    }
}
