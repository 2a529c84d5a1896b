//! The large dataset of `verbinding bench --large`: the demo data first (so
//! the demo logins work), then thousands of incidents, assessments, timeline
//! events and audit entries bulk-inserted straight into the product's own
//! schema, with a realistic spread of classifications and need-to-know.
//!
//! Rows go in as multi-row INSERTs of at most [`BATCH`] rows inside a few
//! large transactions; a fixed-seed generator makes every run alike.

use super::progress_bar;
use sqlx::{Any, Transaction};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};
use verbinding_app::{App, AppConfig, SystemClock};
use verbinding_domain::assessment::AssessmentKind;
use verbinding_domain::audit::{AuditAction, AuditEvent, chain_hash};
use verbinding_domain::incident::{Effect, Phase, Sector, Severity};
use verbinding_store::{Db, WriteTx};

/// Rows per INSERT statement: 500 rows of the widest table (13 columns) stay
/// far below the bind-parameter limits of SQLite (32,766) and PostgreSQL (65,535).
const BATCH: usize = 500;

/// Row counts at scale 1.0.
const INCIDENTS: f64 = 10_000.0;
const ASSESSMENTS: f64 = 50_000.0;
const EVENTS: f64 = 100_000.0;
const AUDIT: f64 = 1_000_000.0;

/// The generated history spans five years up to now.
const SPAN_MS: i64 = 5 * 365 * 24 * 3600 * 1000;
const DAY_MS: i64 = 24 * 3600 * 1000;

/// What was generated, for the report.
#[derive(Debug, Default)]
pub struct Generated {
    pub incidents: usize,
    pub assessments: usize,
    pub events: usize,
    pub audit: usize,
    pub object_access: usize,
    pub elapsed: Duration,
}

/// SplitMix64: small, fast and reproducible; quality is ample for test data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next() % ((hi - lo).max(0) as u64 + 1)) as i64
    }

    fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn weighted<'a, T>(&mut self, items: &'a [(T, u32)]) -> &'a T {
        let total: u32 = items.iter().map(|(_, w)| w).sum();
        let mut roll = self.below(total as usize) as u32;
        for (item, w) in items {
            if roll < *w {
                return item;
            }
            roll -= w;
        }
        &items[items.len() - 1].0
    }

    /// `k` distinct items (fewer when the list is shorter).
    fn distinct<T: Clone + PartialEq>(&mut self, items: &[T], k: usize) -> Vec<T> {
        let mut out: Vec<T> = Vec::with_capacity(k);
        while out.len() < k.min(items.len()) {
            let c = self.pick(items).clone();
            if !out.contains(&c) {
                out.push(c);
            }
        }
        out
    }
}

/// One value of a generated row. Typed NULLs: PostgreSQL refuses a bigint
/// NULL for a text column.
enum V {
    I(i64),
    T(String),
    NullInt,
    NullText,
}

fn opt_int(v: Option<i64>) -> V {
    v.map_or(V::NullInt, V::I)
}

fn opt_text(v: Option<String>) -> V {
    v.map_or(V::NullText, V::T)
}

/// A buffer of rows for one table, written as multi-row INSERTs.
struct Table {
    name: &'static str,
    /// Column names, comma separated.
    columns: &'static str,
    width: usize,
    values: Vec<V>,
    written: usize,
}

impl Table {
    fn new(name: &'static str, columns: &'static str) -> Self {
        Table { name, columns, width: columns.split(',').count(), values: Vec::new(), written: 0 }
    }

    fn row(&mut self, row: impl IntoIterator<Item = V>) {
        let before = self.values.len();
        self.values.extend(row);
        debug_assert_eq!(self.values.len() - before, self.width);
    }

    fn pending(&self) -> usize {
        self.values.len() / self.width
    }

    /// Writes every buffered row, at most [`BATCH`] per statement.
    async fn flush(&mut self, tx: &mut Transaction<'static, Any>) -> Result<(), String> {
        let width = self.width;
        let mut values = std::mem::take(&mut self.values).into_iter().peekable();
        while values.peek().is_some() {
            let chunk: Vec<V> = values.by_ref().take(BATCH * width).collect();
            let rows = chunk.len() / width;
            let mut sql = format!("INSERT INTO {} ({}) VALUES ", self.name, self.columns);
            for r in 0..rows {
                sql.push_str(if r == 0 { "(" } else { ", (" });
                for c in 0..width {
                    if c > 0 {
                        sql.push_str(", ");
                    }
                    sql.push_str(&format!("${}", r * width + c + 1));
                }
                sql.push(')');
            }
            let mut q = sqlx::query(&sql);
            for v in chunk {
                q = match v {
                    V::I(i) => q.bind(i),
                    V::T(s) => q.bind(s),
                    V::NullInt => q.bind(None::<i64>),
                    V::NullText => q.bind(None::<String>),
                };
            }
            q.execute(&mut **tx).await.map_err(|e| format!("cannot insert into {}: {e}", self.name))?;
            self.written += rows;
        }
        Ok(())
    }
}

/// Demo directory entries the generator refers to.
struct Directory {
    /// (id, email, org id)
    users: Vec<(i64, String, i64)>,
    /// Organisation ids by code.
    orgs: HashMap<String, i64>,
    actors: Vec<i64>,
    /// Content JSON of a demo assessment of each kind.
    content: HashMap<String, String>,
}

impl Directory {
    fn org(&self, code: &str) -> Result<i64, String> {
        self.orgs.get(code).copied().ok_or_else(|| format!("the demo organisation {code} is missing"))
    }
}

/// Need-to-know candidates, weighted: the national security chain far more
/// often than posts and partners.
const NEED_TO_KNOW: &[(&str, u32)] = &[
    ("BZ", 10),
    ("TFC", 8),
    ("NCSC", 9),
    ("AIVD", 8),
    ("MIVD", 8),
    ("DEF", 6),
    ("JenV", 6),
    ("NCTV", 5),
    ("DJZ", 4),
    ("DCC", 4),
    ("BZK", 3),
    ("EZK", 3),
    ("PV-EU", 2),
    ("PV-NAVO", 2),
    ("AMB-WAS", 1),
    ("AMB-BER", 1),
];

/// Classifications up to the default ceiling (Stg. Geheim), national labels
/// far more common than EU and NATO ones.
const CLASSIFICATIONS: &[(&str, u32)] = &[
    ("ongerubriceerd", 30),
    ("dep-v", 30),
    ("stg-confidentieel", 14),
    ("stg-geheim", 8),
    ("eu-restricted", 4),
    ("eu-confidential", 3),
    ("eu-secret", 1),
    ("nato-unclassified", 2),
    ("nato-restricted", 4),
    ("nato-confidential", 3),
    ("nato-secret", 1),
];

const TLPS: &[(&str, u32)] = &[("clear", 15), ("green", 30), ("amber", 35), ("amber+strict", 15), ("red", 5)];

/// Phase weights of the incident lifecycle: about a fifth is being assessed.
const STATUS_WEIGHTS: &[(usize, u32)] = &[(0, 10), (1, 20), (2, 10), (3, 10), (4, 20), (5, 30)];

const LEADS: &[(&str, u32)] = &[("TFC", 6), ("BZ", 2), ("NCSC", 3), ("DEF", 1), ("NCTV", 1)];

const COUNTRIES: &[&str] = &["DE", "BE", "FR", "UA", "US", "GB", "PL", "DK", "EE", "LT", "LV", "FI", "NO", "IT"];

const VICTIMS: &[&str] = &[
    "Gemeente Zuidstad",
    "Waterschap De Lage Landen",
    "Academisch Ziekenhuis Oost",
    "Havenbedrijf Noordkust",
    "Ministerie van Infrastructuur",
    "Netbeheerder Randstad",
    "Universiteit Middenland",
    "Drinkwaterbedrijf West",
    "Telecomaanbieder NL",
    "Luchthaven Zuid",
];

const OPERATIONS: &[&str] = &[
    "Spearphishingcampagne",
    "Supply-chainaanval",
    "DDoS-golf",
    "Wiper-aanval",
    "Inbraak via VPN-kwetsbaarheid",
    "Desinformatiecampagne",
    "Ransomware met statelijke dekking",
    "Spionage via cloudaccounts",
];

fn incident_status(rng: &mut Rng) -> usize {
    *rng.weighted(STATUS_WEIGHTS)
}

fn date(ms: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(ms / 1000).map(|t| t.date().to_string()).unwrap_or_default()
}

fn json_list(items: &[&str]) -> String {
    serde_json::to_string(items).unwrap_or_else(|_| "[]".into())
}

/// The generator's state, shared by its phases.
struct Gen {
    db: Db,
    d: Directory,
    rng: Rng,
    /// The generated history runs from `start` to `now`.
    start: i64,
    now: i64,
    next_id: i64,
    out: Generated,
}

impl Gen {
    /// An `objects` row and its need-to-know: about 40% of incidents and 30%
    /// of assessments open to all, the rest restricted to one to four
    /// organisations, a few to a single named user. Returns the marking.
    fn marked(
        &mut self,
        objects: &mut Table,
        access: &mut Table,
        id: i64,
        kind: &str,
        creator: i64,
        at_ms: i64,
    ) -> Result<(&'static str, &'static str), String> {
        let rng = &mut self.rng;
        let classification = *rng.weighted(CLASSIFICATIONS);
        let tlp = *rng.weighted(TLPS);
        let open = rng.chance(if kind == "incident" { 0.4 } else { 0.3 });
        objects.row([
            V::I(id),
            V::T(kind.into()),
            V::T(classification.into()),
            V::T(tlp.into()),
            V::I(i64::from(open)),
            V::I(creator),
            V::I(at_ms),
        ]);
        if open {
            return Ok((classification, tlp));
        }
        if rng.chance(0.05) {
            let (user, _, _) = rng.pick(&self.d.users);
            access.row([V::I(id), V::NullInt, V::I(*user)]);
            return Ok((classification, tlp));
        }
        let n = 1 + rng.below(4);
        let mut codes: Vec<&str> = Vec::with_capacity(n);
        while codes.len() < n {
            let c = *rng.weighted(NEED_TO_KNOW);
            if !codes.contains(&c) {
                codes.push(c);
            }
        }
        for code in codes {
            access.row([V::I(id), V::I(self.d.org(code)?), V::NullInt]);
        }
        Ok((classification, tlp))
    }
}

/// What later phases need to know of each incident.
struct IncidentInfo {
    id: i64,
    created_at: i64,
    status: usize,
    creator: i64,
}

/// What the timeline needs to know of each assessment.
struct AssessmentInfo {
    id: i64,
    incident: usize,
    kind: &'static str,
    creator: i64,
    created_at: i64,
    revised_at: Option<i64>,
}

/// Opens and migrates the database at `url`, loads the demo data as
/// `serve --demo` does, then adds the large dataset scaled by `scale`.
pub async fn generate(url: &str, scale: f64) -> Result<Generated, String> {
    let started = Instant::now();
    let db = Db::open(url).await.map_err(|e| e.to_string())?;
    let state = App::new(db.clone(), AppConfig::default(), Arc::new(SystemClock)).map_err(|e| e.to_string())?;
    eprintln!("loading the demo data …");
    verbinding_app::demo::load(&state).await.map_err(|e| format!("cannot load the demo data: {e}"))?;
    let d = directory(&db).await?;
    let count = |n: f64| ((n * scale).round() as usize).max(1);
    let (n_inc, n_ass, n_ev, n_audit) = (count(INCIDENTS), count(ASSESSMENTS), count(EVENTS), count(AUDIT));
    let now = state.now_ms();
    let start = now - SPAN_MS;
    let next_id: i64 = sqlx::query_scalar::<_, i64>("SELECT COALESCE(MAX(id), 0) FROM objects")
        .fetch_one(&mut *db.read().await.map_err(|e| e.to_string())?)
        .await
        .map_err(|e| e.to_string())?
        + 1;
    let mut g = Gen { db: db.clone(), d, rng: Rng(0x5EED_2026), start, now, next_id, out: Generated::default() };
    let incidents = g.incidents(n_inc).await?;
    let assessments = g.assessments(&incidents, n_ass).await?;
    g.events(&incidents, &assessments, n_ev).await?;
    g.audit(&incidents, &assessments, n_audit).await?;
    derived_columns(&db, next_id).await?;
    let mut out = g.out;

    eprintln!("finishing (statistics, checkpoint) …");
    // Ids were given explicitly (the sequence moves past them); statistics
    // only on PostgreSQL, where autovacuum would gather them shortly after a
    // bulk load anyway. SQLite gets no ANALYZE: the product never runs it, so
    // the planner works without statistics, as on a real installation.
    db.finish_bulk_load().await.map_err(|e| e.to_string())?;
    db.close().await;
    out.elapsed = started.elapsed();
    Ok(out)
}

async fn directory(db: &Db) -> Result<Directory, String> {
    let users: Vec<(i64, String, i64)> = sqlx::query_as("SELECT id, email, org_id FROM users ORDER BY id")
        .fetch_all(&mut *db.read().await.map_err(|e| e.to_string())?)
        .await
        .map_err(|e| e.to_string())?;
    let orgs: Vec<(String, i64)> = sqlx::query_as("SELECT code, id FROM organisations")
        .fetch_all(&mut *db.read().await.map_err(|e| e.to_string())?)
        .await
        .map_err(|e| e.to_string())?;
    let actors: Vec<i64> = sqlx::query_scalar("SELECT id FROM threat_actors ORDER BY id")
        .fetch_all(&mut *db.read().await.map_err(|e| e.to_string())?)
        .await
        .map_err(|e| e.to_string())?;
    let contents: Vec<(String, String)> = sqlx::query_as("SELECT kind, content FROM assessments ORDER BY object_id")
        .fetch_all(&mut *db.read().await.map_err(|e| e.to_string())?)
        .await
        .map_err(|e| e.to_string())?;
    let mut content = HashMap::new();
    for (kind, json) in contents {
        content.entry(kind).or_insert(json);
    }
    if users.is_empty() || actors.is_empty() || AssessmentKind::ALL.iter().any(|k| !content.contains_key(k.id())) {
        return Err("the demo data did not load completely (users, threat actors or assessments are missing)".into());
    }
    Ok(Directory { users, orgs: orgs.into_iter().collect(), actors, content })
}

/// What the services derive when they write, set in bulk for the generated
/// objects (ids from `first`): each object's owner is its creator's
/// organisation, and each assessment version keeps the need-to-know of the
/// assessment (the generator does not re-mark between versions).
async fn derived_columns(db: &Db, first: i64) -> Result<(), String> {
    let mut tx = begin(db).await?;
    for statement in [
        "UPDATE objects SET owner_org_id = (SELECT u.org_id FROM users u WHERE u.id = objects.created_by) \
         WHERE id >= $1 AND created_by IS NOT NULL",
        "UPDATE assessment_versions SET open_to_all = \
         (SELECT o.open_to_all FROM objects o WHERE o.id = assessment_versions.assessment_id) WHERE assessment_id >= $1",
        "INSERT INTO assessment_version_access (assessment_id, version, org_id, user_id) \
         SELECT v.assessment_id, v.version, a.org_id, a.user_id \
         FROM assessment_versions v JOIN object_access a ON a.object_id = v.assessment_id WHERE v.assessment_id >= $1",
    ] {
        sqlx::query(statement).bind(first).execute(&mut **tx).await.map_err(|e| e.to_string())?;
    }
    tx.commit().await.map_err(|e| e.to_string())
}

async fn begin(db: &Db) -> Result<WriteTx, String> {
    db.write().await.map_err(|e| e.to_string())
}

impl Gen {
    async fn incidents(&mut self, n: usize) -> Result<Vec<IncidentInfo>, String> {
        let mut objects = Table::new("objects", "id, kind, classification, tlp, open_to_all, created_by, created_at");
        let mut access = Table::new("object_access", "object_id, org_id, user_id");
        let mut incidents = Table::new(
            "incidents",
            "object_id, title, summary, status, severity, first_activity, discovery, disclosure, victims, countries, \
             sectors, effects, lead_org_id, version, updated_at, updated_by",
        );
        let mut actors = Table::new("incident_actors", "incident_id, actor_id");
        let mut info = Vec::with_capacity(n);
        let mut tx = begin(&self.db).await?;
        for k in 0..n {
            let id = self.next_id;
            self.next_id += 1;
            // Ids grow with time, so "newest first" is also "highest id first".
            let created_at = self.start + (SPAN_MS as f64 * k as f64 / n as f64) as i64 + self.rng.range(0, 3_600_000);
            let creator = self.rng.pick(&self.d.users).0;
            self.marked(&mut objects, &mut access, id, "incident", creator, created_at)?;
            let status = incident_status(&mut self.rng);
            let severity = self.rng.pick(&Severity::ALL).id();
            let operation = *self.rng.pick(OPERATIONS);
            let k_victims = 1 + self.rng.below(2);
            let victims = self.rng.distinct(VICTIMS, k_victims);
            let k_countries = self.rng.below(3);
            let mut countries = vec!["NL"];
            countries.extend(self.rng.distinct(COUNTRIES, k_countries));
            countries.sort_unstable();
            let k_sectors = 1 + self.rng.below(3);
            let mut sectors = self.rng.distinct(&Sector::ids(), k_sectors);
            sectors.sort_unstable();
            let k_effects = 1 + self.rng.below(2);
            let mut effects = self.rng.distinct(&Effect::ids(), k_effects);
            effects.sort_unstable();
            let discovery = created_at - self.rng.range(0, 14) * DAY_MS;
            let first_activity = (!self.rng.chance(0.1)).then(|| date(discovery - self.rng.range(0, 90) * DAY_MS));
            let disclosure = (status >= 3 && self.rng.chance(0.5))
                .then(|| date((discovery + self.rng.range(1, 120) * DAY_MS).min(self.now)));
            let title = format!("{operation} tegen {} (#{})", victims[0], k + 1);
            let summary = format!(
                "{operation} gericht op {} in de sector {}. Eerste signalen kwamen van partners; het incident is \
                 gemeld bij de Taskforce Cyber en wordt gevolgd in het interdepartementale overleg.\nLopende \
                 analyse van de betrokken infrastructuur en van mogelijke statelijke betrokkenheid.",
                victims.join(", "),
                sectors.join(", ")
            );
            let updated_at = (created_at + self.rng.range(0, 60) * DAY_MS).min(self.now);
            let lead = *self.rng.weighted(LEADS);
            incidents.row([
                V::I(id),
                V::T(title),
                V::T(summary),
                V::T(Phase::ALL[status].id().into()),
                V::T(severity.into()),
                opt_text(first_activity),
                V::T(date(discovery)),
                opt_text(disclosure),
                V::T(json_list(&victims)),
                V::T(json_list(&countries)),
                V::T(json_list(&sectors)),
                V::T(json_list(&effects)),
                V::I(self.d.org(lead)?),
                V::I(1 + status as i64),
                V::I(updated_at),
                V::I(creator),
            ]);
            let k_actors = self.rng.below(3);
            for actor in self.rng.distinct(&self.d.actors, k_actors) {
                actors.row([V::I(id), V::I(actor)]);
            }
            info.push(IncidentInfo { id, created_at, status, creator });
            if objects.pending() >= BATCH || k + 1 == n {
                self.out.object_access += access.pending();
                // Parents before children: foreign keys are checked per statement.
                objects.flush(&mut tx).await?;
                access.flush(&mut tx).await?;
                incidents.flush(&mut tx).await?;
                actors.flush(&mut tx).await?;
                progress_bar("incidents          ", incidents.written, n);
            }
        }
        tx.commit().await.map_err(|e| e.to_string())?;
        eprintln!();
        self.out.incidents = n;
        Ok(info)
    }

    async fn assessments(&mut self, incidents: &[IncidentInfo], n: usize) -> Result<Vec<AssessmentInfo>, String> {
        let mut objects = Table::new("objects", "id, kind, classification, tlp, open_to_all, created_by, created_at");
        let mut access = Table::new("object_access", "object_id, org_id, user_id");
        let mut assessments = Table::new(
            "assessments",
            "object_id, incident_id, kind, author_org_id, meta_classification, content, version, created_by, \
             created_at, updated_at, updated_by",
        );
        let mut versions = Table::new(
            "assessment_versions",
            "assessment_id, version, content, classification, tlp, edited_by, edited_at",
        );
        let authors: [(&str, &[&str]); 3] =
            [("technical", &["NCSC", "MIVD", "AIVD"]), ("intelligence", &["AIVD", "MIVD"]), ("legal", &["DJZ"])];
        let mut info = Vec::with_capacity(n);
        let mut tx = begin(&self.db).await?;
        for k in 0..n {
            let id = self.next_id;
            self.next_id += 1;
            let incident = self.rng.below(incidents.len());
            let inc = &incidents[incident];
            let created_at =
                (inc.created_at + self.rng.range(0, 30) * DAY_MS + self.rng.range(0, DAY_MS)).min(self.now);
            let creator = self.rng.pick(&self.d.users).0;
            let (classification, tlp) =
                self.marked(&mut objects, &mut access, id, "assessment", creator, created_at)?;
            let kind = AssessmentKind::ALL[self.rng.below(AssessmentKind::ALL.len())].id();
            let author =
                authors.iter().find(|(k, _)| *k == kind).map(|(_, orgs)| *self.rng.pick(orgs)).unwrap_or("TFC");
            let content = self.d.content.get(kind).cloned().unwrap_or_else(|| "{}".into());
            let meta = if self.rng.chance(0.7) { "ongerubriceerd" } else { "dep-v" };
            let revised_at = self.rng.chance(0.1).then(|| (created_at + self.rng.range(1, 20) * DAY_MS).min(self.now));
            let version = if revised_at.is_some() { 2 } else { 1 };
            assessments.row([
                V::I(id),
                V::I(inc.id),
                V::T(kind.into()),
                V::I(self.d.org(author)?),
                V::T(meta.into()),
                V::T(content.clone()),
                V::I(version),
                V::I(creator),
                V::I(created_at),
                V::I(revised_at.unwrap_or(created_at)),
                V::I(creator),
            ]);
            // The version rows repeat the object's current marking: the generator
            // does not re-mark between versions.
            for (v, at) in std::iter::once((1, created_at)).chain(revised_at.map(|at| (2, at))) {
                versions.row([
                    V::I(id),
                    V::I(v),
                    V::T(content.clone()),
                    V::T(classification.into()),
                    V::T(tlp.into()),
                    V::I(creator),
                    V::I(at),
                ]);
            }
            info.push(AssessmentInfo { id, incident, kind, creator, created_at, revised_at });
            if objects.pending() >= BATCH || k + 1 == n {
                self.out.object_access += access.pending();
                objects.flush(&mut tx).await?;
                access.flush(&mut tx).await?;
                assessments.flush(&mut tx).await?;
                versions.flush(&mut tx).await?;
                progress_bar("assessments        ", assessments.written, n);
            }
        }
        tx.commit().await.map_err(|e| e.to_string())?;
        eprintln!();
        self.out.assessments = n;
        Ok(info)
    }

    /// The timeline: a "reported" event and one per phase change for every
    /// incident, one per assessment written or revised, and notes to make up
    /// the requested number.
    async fn events(
        &mut self,
        incidents: &[IncidentInfo],
        assessments: &[AssessmentInfo],
        n: usize,
    ) -> Result<(), String> {
        let structural: usize = incidents.iter().map(|i| 1 + i.status).sum::<usize>()
            + assessments.iter().map(|a| 1 + usize::from(a.revised_at.is_some())).sum::<usize>();
        let notes = n.saturating_sub(structural);
        let total = structural + notes;
        let mut events = Table::new("incident_events", "incident_id, at_ms, kind, detail, actor_user_id, object_id");
        let mut tx = begin(&self.db).await?;
        for (k, i) in incidents.iter().enumerate() {
            events.row([
                V::I(i.id),
                V::I(i.created_at),
                V::T("reported".into()),
                V::T("{}".into()),
                V::I(i.creator),
                V::NullInt,
            ]);
            let mut at = i.created_at;
            for s in 1..=i.status {
                at = (at + self.rng.range(1, 20) * DAY_MS).min(self.now);
                let detail = serde_json::json!({"from": Phase::ALL[s - 1], "to": Phase::ALL[s]}).to_string();
                events.row([V::I(i.id), V::I(at), V::T("status".into()), V::T(detail), V::I(i.creator), V::NullInt]);
            }
            // Notes spread over the incidents in order.
            let share = notes * (k + 1) / incidents.len() - notes * k / incidents.len();
            for _ in 0..share {
                let at = (i.created_at + self.rng.range(0, 90) * DAY_MS).min(self.now);
                let text =
                    format!("Contact gehad met {}; nieuwe indicatoren gedeeld.", self.rng.weighted(NEED_TO_KNOW));
                let by = self.rng.pick(&self.d.users).0;
                events.row([
                    V::I(i.id),
                    V::I(at),
                    V::T("note".into()),
                    V::T(serde_json::json!({"text": text}).to_string()),
                    V::I(by),
                    V::NullInt,
                ]);
            }
            if events.pending() >= BATCH {
                events.flush(&mut tx).await?;
                progress_bar("incident_events    ", events.written, total);
            }
        }
        for a in assessments {
            let incident = incidents[a.incident].id;
            let detail = serde_json::json!({"kind": a.kind}).to_string();
            events.row([
                V::I(incident),
                V::I(a.created_at),
                V::T("assessment".into()),
                V::T(detail),
                V::I(a.creator),
                V::I(a.id),
            ]);
            if let Some(at) = a.revised_at {
                let detail = serde_json::json!({"kind": a.kind, "version": 2}).to_string();
                events.row([
                    V::I(incident),
                    V::I(at),
                    V::T("assessment-revised".into()),
                    V::T(detail),
                    V::I(a.creator),
                    V::I(a.id),
                ]);
            }
            if events.pending() >= BATCH {
                events.flush(&mut tx).await?;
                progress_bar("incident_events    ", events.written, total);
            }
        }
        events.flush(&mut tx).await?;
        progress_bar("incident_events    ", events.written, total);
        tx.commit().await.map_err(|e| e.to_string())?;
        eprintln!();
        self.out.events = events.written;
        Ok(())
    }

    /// Audit entries after the demo's own, in time order. They are chained with
    /// the real [`chain_hash`] and the head is moved to the last one, so the
    /// server starts and `verbinding audit verify` passes. The benchmark does not
    /// need a verifying chain; it is cheap, and keeps the database usable as is.
    async fn audit(
        &mut self,
        incidents: &[IncidentInfo],
        assessments: &[AssessmentInfo],
        n: usize,
    ) -> Result<(), String> {
        let (mut seq, mut prev): (i64, String) = sqlx::query_as("SELECT seq, hash FROM audit_head WHERE id = 1")
            .fetch_one(&mut *self.db.read().await.map_err(|e| e.to_string())?)
            .await
            .map_err(|e| e.to_string())?;
        let first_seq = seq;
        let mut log = Table::new(
            "audit_log",
            "seq, at_ms, actor_user_id, actor_label, actor_org_id, action, object_id, subject_user_id, request_id, \
             source, detail, prev_hash, hash",
        );
        let actions: &[(AuditAction, u32)] = &[
            (AuditAction::ObjectRead, 50),
            (AuditAction::LoginSucceeded, 15),
            (AuditAction::LoginFailed, 3),
            (AuditAction::Logout, 7),
            (AuditAction::ObjectUpdated, 12),
            (AuditAction::ObjectCreated, 6),
            (AuditAction::TokenCreated, 4),
            (AuditAction::LanguageChanged, 3),
        ];
        // Commit every 100,000 entries: big transactions, bounded WAL.
        const COMMIT_EVERY: usize = 100_000;
        for chunk in (0..n).step_by(COMMIT_EVERY) {
            let mut tx = begin(&self.db).await?;
            for k in chunk..n.min(chunk + COMMIT_EVERY) {
                let action = *self.rng.weighted(actions);
                let (user, email, org) = self.rng.pick(&self.d.users).clone();
                let object = match action {
                    AuditAction::ObjectRead | AuditAction::ObjectUpdated | AuditAction::ObjectCreated => {
                        if self.rng.chance(0.3) && !assessments.is_empty() {
                            Some(self.rng.pick(assessments).id)
                        } else {
                            Some(self.rng.pick(incidents).id)
                        }
                    }
                    _ => None,
                };
                let failed = action == AuditAction::LoginFailed;
                let detail = match action {
                    AuditAction::ObjectCreated | AuditAction::ObjectRead => {
                        let kind = if object.is_some_and(|o| o > incidents.last().map_or(0, |i| i.id)) {
                            "assessment"
                        } else {
                            "incident"
                        };
                        serde_json::json!({"kind": kind}).to_string()
                    }
                    AuditAction::LanguageChanged => r#"{"lang":"en"}"#.to_string(),
                    _ => "{}".to_string(),
                };
                let event = AuditEvent {
                    at_ms: self.start + ((self.now - self.start) as f64 * k as f64 / n as f64) as i64,
                    actor_user_id: (!failed).then_some(user),
                    actor_label: email,
                    actor_org_id: (!failed).then_some(org),
                    action: action.id().to_string(),
                    object_id: object,
                    subject_user_id: None,
                    request_id: format!("bench-{k:07}"),
                    source: format!("10.20.{}.{}", self.rng.below(256), 1 + self.rng.below(254)),
                    detail,
                };
                seq += 1;
                let hash = chain_hash(seq, &prev, &event);
                log.row([
                    V::I(seq),
                    V::I(event.at_ms),
                    opt_int(event.actor_user_id),
                    V::T(event.actor_label),
                    opt_int(event.actor_org_id),
                    V::T(event.action),
                    opt_int(event.object_id),
                    V::NullInt,
                    V::T(event.request_id),
                    V::T(event.source),
                    V::T(event.detail),
                    V::T(std::mem::replace(&mut prev, hash.clone())),
                    V::T(hash),
                ]);
                if log.pending() >= BATCH {
                    log.flush(&mut tx).await?;
                    progress_bar("audit_log          ", log.written, n);
                }
            }
            log.flush(&mut tx).await?;
            progress_bar("audit_log          ", log.written, n);
            sqlx::query("UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1")
                .bind(seq)
                .bind(&prev)
                .execute(&mut **tx)
                .await
                .map_err(|e| e.to_string())?;
            tx.commit().await.map_err(|e| e.to_string())?;
        }
        eprintln!();
        self.out.audit = (seq - first_seq) as usize;
        Ok(())
    }
}
