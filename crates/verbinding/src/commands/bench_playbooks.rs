//! `verbinding bench --playbooks`: durable step transitions per second. A
//! generated sequential draaiboek of `--steps` human steps runs in
//! `--executions` executions at once, each driven by its own client through
//! the same path an answer from the API takes
//! (`actions::executions::command`); in the same run, on the same database,
//! the raw rate of single-row durable commits (one INSERT per transaction).
//! Then the delay between a deadline passing and its escalation being stored,
//! with the real scheduler loop. On SQLite and, when a server is given,
//! PostgreSQL.

use super::bench_large::{admin_sql, with_database};
use super::progress_bar;
use serde_json::{Value, json};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use verbinding_app::executions;
use verbinding_app::{App, AppConfig, Caller, Origin, SystemClock};
use verbinding_playbook::engine::{Command, Outcome};
use verbinding_playbook::extension::EXTENSION_ID;
use verbinding_store::Db;
use verbinding_web::errors::sentence;

const TARGET_RATIO: f64 = 1.0;
const TARGET_ESCALATION_MS: f64 = 1000.0;
/// Seconds of measurement for each raw commit rate.
const RAW_SECONDS: u64 = 5;
/// Concurrent writers for the concurrent raw commit rate: more than either
/// pool has connections, so the pool (not the client) is the limit, as it is
/// for the transitions.
const RAW_WRITERS: usize = 64;
/// Executions started at the same time (the start is not what is measured).
const STARTERS: usize = 16;

/// Who answers the steps of each organisation: a member of it.
const ANSWERERS: &[(&str, &str)] = &[
    ("TFC", "coordinator@tfc.example"),
    ("NCSC", "liaison@ncsc.example"),
    ("AIVD", "liaison@aivd.example"),
    ("MIVD", "liaison@mivd.example"),
];

/// Latencies in milliseconds, sorted; the percentile by nearest rank.
fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

/// The figures of one backend.
struct Report {
    backend: &'static str,
    executions: usize,
    steps: usize,
    transitions: usize,
    seconds: f64,
    latency_ms: Vec<f64>,
    batches: (u64, u64),
    raw_single: f64,
    raw_concurrent: f64,
    escalation_ms: Vec<f64>,
    escalations_expected: usize,
}

impl Report {
    fn rate(&self) -> f64 {
        self.transitions as f64 / self.seconds
    }
    fn escalation_max(&self) -> f64 {
        self.escalation_ms.last().copied().unwrap_or(f64::NAN)
    }
    fn escalation_met(&self) -> bool {
        self.escalation_ms.len() == self.escalations_expected && self.escalation_max() <= TARGET_ESCALATION_MS
    }
}

pub async fn bench_playbooks(postgres: Option<&str>, executions: usize, steps: usize) -> Result<(), String> {
    if executions == 0 || steps == 0 {
        return Err("--executions and --steps must be at least 1".into());
    }
    let pid = std::process::id();
    let dir = std::env::temp_dir().join(format!("verbinding-bench-playbooks-{pid}"));
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let url = format!("sqlite://{}/bench.db", dir.display());
    eprintln!("SQLite: {url}");
    let sqlite = run_backend("SQLite", &url, executions, steps).await;
    super::bench::remove_scratch(&dir);
    let mut reports = vec![sqlite?];
    print_report(&reports[0]);

    match postgres {
        None => println!(
            "\nPostgreSQL: skipped (no --postgres URL given; pass e.g. --postgres postgres://user@host/postgres)."
        ),
        Some(admin) => {
            let name = format!("verbinding_bench_playbooks_{pid}");
            let url = with_database(admin, &name)?;
            admin_sql(admin, &format!("CREATE DATABASE {name}")).await?;
            eprintln!("PostgreSQL: database {name}");
            let result = run_backend("PostgreSQL", &url, executions, steps).await;
            let dropped = admin_sql(admin, &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).await;
            reports.push(result?);
            dropped?;
            if let Some(r) = reports.last() {
                print_report(r);
            }
        }
    }
    print_summary(&reports);
    Ok(())
}

/// A demo user as the services see one (as if through a token).
async fn caller(db: &Db, email: &str) -> Result<Caller, String> {
    let mut conn = db.read().await.map_err(|e| e.to_string())?;
    let (user, _) = verbinding_store::directory::login_lookup(&mut conn, email)
        .await
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("the demo user {email} is missing"))?;
    let principal = verbinding_store::directory::principal(&mut conn, &user).await.map_err(|e| e.to_string())?;
    Ok(Caller::user(user, principal, Origin::Token, "bench", "bench"))
}

async fn run_backend(backend: &'static str, url: &str, executions: usize, steps: usize) -> Result<Report, String> {
    let db = Db::open(url).await.map_err(|e| e.to_string())?;
    let schemas = Arc::new(super::playbook::cacao_schemas(None)?);
    let state = App::new(db.clone(), AppConfig::default(), Arc::new(SystemClock))
        .map_err(|e| e.to_string())?
        .with_cacao_schemas(schemas);
    eprintln!("{backend}: loading the demo data …");
    verbinding_app::demo::load(&state).await.map_err(|e| format!("cannot load the demo data: {e}"))?;
    let mut callers = HashMap::new();
    for (org, email) in ANSWERERS {
        callers.insert(org.to_string(), caller(&db, email).await?);
    }
    let coordinator = callers["TFC"].clone();
    let incident = incident(&state, &coordinator).await?;

    // The transitions: every execution driven by its own client.
    let (doc, keys) = sequential_playbook(steps);
    let playbook = import(&state, &coordinator, &doc).await?;
    let starting = Instant::now();
    let ids = start_all(&state, &coordinator, incident, playbook, executions, backend).await?;
    // The escalation runs' deadlines fall after all of them have started
    // (starting takes about as long as it did here), so what is measured is
    // the scheduler, not the starts competing with it.
    let deadline_s = (starting.elapsed().as_secs_f64() * 1.5).ceil() as u64 + 3;
    let (seconds, latency_ms, batches) = drive(&state, &callers, &ids, &keys, backend).await?;

    // Raw commits on the same pool, right after, on the same database.
    eprintln!("{backend}: raw single-row commits, 1 writer then {RAW_WRITERS} writers, {RAW_SECONDS} s each …");
    let raw_single = raw_commits(&db, 1).await?;
    let raw_concurrent = raw_commits(&db, RAW_WRITERS).await?;

    // Escalation delay with the real scheduler loop.
    let escalation = import(&state, &coordinator, &escalation_playbook(deadline_s)).await?;
    let scheduler = executions::spawn_scheduler(state.clone());
    let escalation_ms = escalations(&state, &coordinator, incident, escalation, executions, backend).await;
    scheduler.abort();
    let escalation_ms = escalation_ms?;
    db.close().await;
    Ok(Report {
        backend,
        executions,
        steps,
        transitions: executions * steps,
        seconds,
        latency_ms,
        batches,
        raw_single,
        raw_concurrent,
        escalation_ms,
        escalations_expected: executions,
    })
}

/// The incident the executions run for, open to the answering organisations.
async fn incident(state: &App, c: &Caller) -> Result<i64, String> {
    let input = verbinding_domain::incident::IncidentInput {
        title: "Benchmark: draaiboeken in bulk".into(),
        severity: "significant".into(),
        lead_org: "TFC".into(),
        marking: verbinding_domain::marking::MarkingInput {
            classification: "dep-v".into(),
            tlp: "amber".into(),
            open_to_all: false,
            orgs: ANSWERERS.iter().map(|(o, _)| o.to_string()).collect(),
            users: vec![],
        },
        ..Default::default()
    };
    verbinding_app::incidents::create(state, c, &input).await.map_err(|e| sentence(&e))
}

/// Validates (official schemas, extension, lint), stores and approves a draaiboek; its id.
async fn import(state: &App, c: &Caller, doc: &Value) -> Result<i64, String> {
    use verbinding_playbook::schema::Mode;
    let marking = verbinding_domain::marking::MarkingInput {
        classification: "ongerubriceerd".into(),
        tlp: "clear".into(),
        open_to_all: true,
        orgs: vec![],
        users: vec![],
    };
    let text = doc.to_string();
    let outcome = verbinding_app::playbooks::import_by_user(state, c, &text, Mode::Strict, &marking)
        .await
        .map_err(|e| format!("the generated draaiboek is refused: {}", sentence(&e)))?;
    // Only an approved version runs: a decision maker other than the importer approves it.
    let decider = caller(&state.db, "besluit@bz.example").await?;
    verbinding_app::playbooks::approve(state, &decider, outcome.id, Ok(outcome.version))
        .await
        .map_err(|e| format!("the generated draaiboek is not approved: {}", sentence(&e)))?;
    Ok(outcome.id)
}

const EXT_DEF: &str = "Verbinding draaiboek extension";

fn uuid(kind: &str, n: usize) -> String {
    format!("{kind}--00000000-0000-4000-8000-{n:012}")
}

fn envelope(id: &str, name: &str, start: &str, workflow: serde_json::Map<String, Value>, agents: Value) -> Value {
    let identity = "identity--3d7e6a5c-2b1f-4c8e-9a0d-6f4b2e8c1a97";
    json!({
        "type": "playbook", "spec_version": "cacao-2.0", "id": id, "name": name,
        "description": "Generated by verbinding bench --playbooks.",
        "created_by": identity, "created": "2026-11-23T09:00:00.000Z", "modified": "2026-11-23T09:00:00.000Z",
        "workflow_start": start, "workflow": workflow, "agent_definitions": agents,
        "extension_definitions": {EXTENSION_ID: {
            "type": "extension-definition", "name": EXT_DEF, "created_by": identity,
            "schema": format!("https://verbinding.example/schemas/{EXTENSION_ID}.json"), "version": "1.0.0"}}
    })
}

fn org_agent(n: usize, code: &str) -> (String, Value) {
    (
        uuid("organization", n),
        json!({"type": "organization", "name": code,
               "agent_target_extensions": {EXTENSION_ID: {"organisation": code}}}),
    )
}

/// start → `steps` human steps one after the other (each for one of the
/// answering organisations in turn, with a deadline) → end; with the task
/// key of each action step in order (instance 0 is the start step, so the
/// k-th action step is instance k).
fn sequential_playbook(steps: usize) -> (Value, Vec<String>) {
    let agents: BTreeMap<String, Value> =
        ANSWERERS.iter().enumerate().map(|(i, (code, _))| org_agent(i + 1, code)).collect();
    let agent_ids: Vec<String> = agents.keys().cloned().collect();
    let mut workflow = serde_json::Map::new();
    let start = uuid("start", 0);
    let end = uuid("end", steps + 1);
    let actions: Vec<String> = (1..=steps).map(|k| uuid("action", k)).collect();
    workflow.insert(start.clone(), json!({"type": "start", "on_completion": actions[0]}));
    for (i, id) in actions.iter().enumerate() {
        let next = actions.get(i + 1).unwrap_or(&end);
        workflow.insert(
            id.clone(),
            json!({"type": "action", "name": format!("Step {}", i + 1),
                   "commands": [{"type": "manual", "command": format!("Carry out step {} and report.", i + 1)}],
                   "agent": agent_ids[i % agent_ids.len()], "on_completion": next,
                   "step_extensions": {EXTENSION_ID: {"deadline_after": "P1D", "reminders_before": ["PT4H"]}}}),
        );
    }
    workflow.insert(end, json!({"type": "end"}));
    let doc = envelope(
        "playbook--00000000-0000-4000-8000-0000000b0050",
        &format!("Benchmark: {steps} steps in sequence"),
        &start,
        workflow,
        json!(agents),
    );
    let keys = actions.iter().enumerate().map(|(i, a)| format!("{a}#{}", i + 1)).collect();
    (doc, keys)
}

/// One step for the taskforce with a deadline `deadline_s` seconds after the
/// start and escalation to the coordinator as soon as it passes.
fn escalation_playbook(deadline_s: u64) -> Value {
    let (org, org_def) = org_agent(1, "TFC");
    let coordinator = uuid("individual", 2);
    let agents = json!({org.clone(): org_def, coordinator.clone(): {"type": "individual", "name": "Coordinator",
        "agent_target_extensions": {EXTENSION_ID: {"organisation": "TFC", "role": "coordinator"}}}});
    let mut workflow = serde_json::Map::new();
    let (start, action, end) = (uuid("start", 0), uuid("action", 1), uuid("end", 2));
    workflow.insert(start.clone(), json!({"type": "start", "on_completion": action}));
    workflow.insert(
        action.clone(),
        json!({"type": "action", "name": "Answer within seconds",
               "commands": [{"type": "manual", "command": "Answer."}], "agent": org, "on_completion": end,
               "step_extensions": {EXTENSION_ID: {"deadline_after": format!("PT{deadline_s}S"),
                                                   "escalation": {"after": "PT0S", "to": coordinator}}}}),
    );
    workflow.insert(end, json!({"type": "end"}));
    envelope("playbook--00000000-0000-4000-8000-0000000e5ca1", "Benchmark: escalation", &start, workflow, agents)
}

/// Starts `n` executions of `playbook`, `STARTERS` at a time.
async fn start_all(
    state: &App,
    c: &Caller,
    incident: i64,
    playbook: i64,
    n: usize,
    backend: &str,
) -> Result<Vec<i64>, String> {
    let done = Arc::new(AtomicUsize::new(0));
    let label = format!("{backend}: starting executions");
    let mut tasks = Vec::new();
    for w in 0..STARTERS {
        let (state, c, done) = (state.clone(), c.clone(), Arc::clone(&done));
        let label = label.clone();
        tasks.push(tokio::spawn(async move {
            let mut ids = Vec::new();
            for _ in (w..n).step_by(STARTERS) {
                let id = executions::start(&state, &c, incident, Ok(playbook)).await.map_err(|e| sentence(&e))?;
                ids.push(id);
                let d = done.fetch_add(1, Ordering::Relaxed) + 1;
                if d % 50 == 0 || d == n {
                    progress_bar(&label, d, n);
                }
            }
            Ok::<Vec<i64>, String>(ids)
        }));
    }
    let mut ids = Vec::with_capacity(n);
    for t in tasks {
        ids.extend(t.await.map_err(|e| e.to_string())??);
    }
    eprintln!();
    ids.sort_unstable();
    Ok(ids)
}

/// Every execution driven to its end by its own client, all at once; each
/// answer is one durable transition. Returns the wall time, each answer's
/// latency and the writer's (batches, transitions) over the run.
async fn drive(
    state: &App,
    callers: &HashMap<String, Caller>,
    ids: &[i64],
    keys: &[String],
    backend: &str,
) -> Result<(f64, Vec<f64>, (u64, u64)), String> {
    let total = ids.len() * keys.len();
    let done = Arc::new(AtomicUsize::new(0));
    let keys = Arc::new(keys.to_vec());
    // The k-th step is for the k-th organisation in turn (see the playbook).
    let order: Arc<Vec<Caller>> = Arc::new(ANSWERERS.iter().map(|(o, _)| callers[*o].clone()).collect());
    let before = executions::batch_stats(state);
    let started = Instant::now();
    let label = format!("{backend}: transitions");
    let monitor = {
        let done = Arc::clone(&done);
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(Duration::from_millis(250)).await;
                progress_bar(&label, done.load(Ordering::Relaxed), total);
            }
        })
    };
    let mut tasks = Vec::with_capacity(ids.len());
    for &id in ids {
        let (state, keys, order, done) = (state.clone(), Arc::clone(&keys), Arc::clone(&order), Arc::clone(&done));
        tasks.push(tokio::spawn(async move {
            let mut latency = Vec::with_capacity(keys.len());
            for (k, task) in keys.iter().enumerate() {
                let c = &order[k % order.len()];
                let command = Command::Complete {
                    task: task.clone(),
                    outcome: Outcome::Success,
                    answer: BTreeMap::new(),
                    by: c.label.clone(),
                };
                let sent = Instant::now();
                executions::command(&state, c, id, command)
                    .await
                    .map_err(|e| format!("execution {id}, {task}: {}", sentence(&e)))?;
                latency.push(sent.elapsed().as_secs_f64() * 1000.0);
                done.fetch_add(1, Ordering::Relaxed);
            }
            Ok::<Vec<f64>, String>(latency)
        }));
    }
    let mut latency = Vec::with_capacity(total);
    let mut failed = None;
    for t in tasks {
        match t.await.map_err(|e| e.to_string()).and_then(|r| r) {
            Ok(l) => latency.extend(l),
            Err(e) => failed = failed.or(Some(e)),
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    monitor.abort();
    progress_bar(&format!("{backend}: transitions"), done.load(Ordering::Relaxed), total);
    eprintln!();
    if let Some(e) = failed {
        return Err(e);
    }
    let after = executions::batch_stats(state);
    // Every execution must have ended: otherwise the figure means nothing.
    let completed: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM executions WHERE status = 'completed'")
        .fetch_one(&mut *state.db.read().await.map_err(|e| e.to_string())?)
        .await
        .map_err(|e| e.to_string())?;
    if completed as usize != ids.len() {
        return Err(format!("only {completed} of {} executions completed", ids.len()));
    }
    latency.sort_by(f64::total_cmp);
    Ok((seconds, latency, (after.0 - before.0, after.1 - before.1)))
}

/// Single-row INSERTs, one per write transaction (as the app begins them:
/// BEGIN IMMEDIATE on SQLite), from `writers` concurrent tasks for
/// `RAW_SECONDS`; commits per second.
async fn raw_commits(db: &Db, writers: usize) -> Result<f64, String> {
    let e = |e: sqlx::Error| e.to_string();
    let mut tx = db.write().await.map_err(|e| e.to_string())?;
    sqlx::query("CREATE TABLE IF NOT EXISTS bench_commits (writer BIGINT NOT NULL, n BIGINT NOT NULL)")
        .execute(&mut **tx)
        .await
        .map_err(e)?;
    tx.commit().await.map_err(e)?;
    let until = Instant::now() + Duration::from_secs(RAW_SECONDS);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for w in 0..writers {
        let db = db.clone();
        tasks.push(tokio::spawn(async move {
            let mut n: i64 = 0;
            while Instant::now() < until {
                let mut tx = db.write().await.map_err(|e| e.to_string())?;
                sqlx::query("INSERT INTO bench_commits (writer, n) VALUES ($1, $2)")
                    .bind(w as i64)
                    .bind(n)
                    .execute(&mut **tx)
                    .await
                    .map_err(|e| e.to_string())?;
                tx.commit().await.map_err(|e| e.to_string())?;
                n += 1;
            }
            Ok::<i64, String>(n)
        }));
    }
    let mut commits = 0;
    for t in tasks {
        commits += t.await.map_err(|e| e.to_string())??;
    }
    let rate = commits as f64 / started.elapsed().as_secs_f64();
    let mut tx = db.write().await.map_err(|e| e.to_string())?;
    sqlx::query("DROP TABLE bench_commits").execute(&mut **tx).await.map_err(e)?;
    tx.commit().await.map_err(e)?;
    Ok(rate)
}

/// Starts `n` executions of the escalation draaiboek while the scheduler
/// runs, then watches (every 10 ms, from another connection) for each task's
/// escalation to be stored. The delay is from the deadline (the second it
/// falls in begins) to the first poll that sees the escalation.
async fn escalations(
    state: &App,
    c: &Caller,
    incident: i64,
    playbook: i64,
    n: usize,
    backend: &str,
) -> Result<Vec<f64>, String> {
    let ids = start_all(state, c, incident, playbook, n, &format!("{backend}: escalation runs")).await?;
    let first = ids.first().copied().unwrap_or(0);
    let wall_ms = || {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis() as f64).unwrap_or(0.0)
    };
    let mut seen: HashMap<i64, f64> = HashMap::new();
    let give_up = Instant::now() + Duration::from_secs(60);
    eprintln!("{backend}: waiting for {n} escalations …");
    while seen.len() < n && Instant::now() < give_up {
        let rows: Vec<(i64, Option<i64>)> = sqlx::query_as(
            "SELECT execution_id, deadline FROM execution_tasks WHERE execution_id >= $1 AND escalated_org_id IS NOT NULL",
        )
        .bind(first)
        .fetch_all(&mut *state.db.read().await.map_err(|e| e.to_string())?)
        .await
        .map_err(|e| e.to_string())?;
        let now = wall_ms();
        for (id, deadline) in rows {
            seen.entry(id).or_insert(now - deadline.unwrap_or(0) as f64 * 1000.0);
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let mut delays: Vec<f64> = seen.into_values().collect();
    delays.sort_by(f64::total_cmp);
    Ok(delays)
}

fn yes_no(ok: bool) -> &'static str {
    if ok { "yes" } else { "NO" }
}

fn print_report(r: &Report) {
    println!();
    println!(
        "{}: {} executions of a {}-step sequential draaiboek, one client each ({} transitions)",
        r.backend, r.executions, r.steps, r.transitions
    );
    let (batches, jobs) = r.batches;
    println!(
        "  {:<44} {:>10.0} /s   (p50 {:.1} ms, p99 {:.1} ms per answer; {:.1} s; {} commits, {:.1} transitions each)",
        "durable transitions",
        r.rate(),
        percentile(&r.latency_ms, 0.50),
        percentile(&r.latency_ms, 0.99),
        r.seconds,
        batches,
        jobs as f64 / batches.max(1) as f64
    );
    for (label, raw) in [
        ("raw single-row commits, 1 writer".to_string(), r.raw_single),
        (format!("raw single-row commits, {RAW_WRITERS} writers"), r.raw_concurrent),
    ] {
        let ratio = r.rate() / raw;
        println!(
            "  {label:<44} {raw:>10.0} /s   ratio transitions / this: {ratio:.2} (target >= {TARGET_RATIO}: {})",
            yes_no(ratio >= TARGET_RATIO)
        );
    }
    let e = &r.escalation_ms;
    println!(
        "  {:<44} p50 {:.0} ms, max {:.0} ms over {}/{} escalations   (target max <= {TARGET_ESCALATION_MS} ms: {})",
        "deadline to escalation stored",
        percentile(e, 0.50),
        r.escalation_max(),
        e.len(),
        r.escalations_expected,
        yes_no(r.escalation_met())
    );
}

fn print_summary(reports: &[Report]) {
    println!();
    for r in reports {
        let (single, concurrent) = (r.rate() / r.raw_single, r.rate() / r.raw_concurrent);
        println!(
            "{}: transitions >= {TARGET_RATIO} x raw commits: {} against 1 writer ({single:.2}), {} against \
             {RAW_WRITERS} writers ({concurrent:.2}); escalation <= {TARGET_ESCALATION_MS} ms: {}",
            r.backend,
            met(single >= TARGET_RATIO),
            met(concurrent >= TARGET_RATIO),
            met(r.escalation_met())
        );
    }
}

fn met(ok: bool) -> &'static str {
    if ok { "met" } else { "NOT met" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_generated_draaiboeken_are_valid_cacao_with_our_extension() {
        for doc in [sequential_playbook(5).0, escalation_playbook(7)] {
            assert!(verbinding_playbook::extension::schema_findings(&doc).is_empty());
            let p = verbinding_playbook::Playbook::parse(doc).expect("parses");
            assert_eq!(verbinding_playbook::lint(&p), vec![]);
        }
    }

    #[test]
    fn percentiles_by_nearest_rank() {
        let v: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(percentile(&v, 0.5), 50.0);
        assert_eq!(percentile(&v, 0.99), 99.0);
        assert!(percentile(&[], 0.5).is_nan());
    }
}
