//! `verbinding bench --strategy`: the strategy page as its users meet it. A
//! generated strategy of 303 parts (3 goals, 30 objectives, 270 outputs)
//! with 1,500 quarterly indicators and ten years of approved measurements
//! (60,000) is read by many people at once — each connection logged in as
//! a different demo user, reading the page of the whole chain, a part's
//! page or an indicator's page — while 2 % of the requests are writes
//! through the API: new measurements submitted, and waiting ones approved
//! by a second coordinator (four eyes), one of each in turn. An approval
//! changes the progress the chain shows; a submission does not. Latency per request type and the ratio to
//! `/healthz` in the same run, and the server's memory; on SQLite and, when
//! a server is given, PostgreSQL. Measured twice: at capacity (every
//! connection sends again as soon as it is answered, so latency is mostly
//! queueing on two cores shared with the clients) and at an offered rate
//! (requests due at fixed times, latency counted from when each was due),
//! which is what people clicking meet; the target is judged there, and
//! the same is run at higher rates to show where latency climbs.

use super::bench::{Conn, rss_mb};
use super::bench_large::{admin_sql, with_database};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::net::TcpStream;
use verbinding_app::{App, AppConfig, SystemClock};
use verbinding_domain::marking::MarkingInput;
use verbinding_domain::strategy::{
    IndicatorInput, IndicatorRules, MeasurementInput, ObjectiveInput, Period, StrategyInput, TargetInput, ValueShape,
};
use verbinding_store::Db;
use verbinding_store::strategy::Placement;

const TARGET_P99_MS: f64 = 50.0;
const CONNECTIONS: usize = 32;
/// The offered load: far above what the whole Dutch cyber-policy community
/// makes (a few hundred people, a page every few seconds at the busiest).
const OFFERED_PER_SECOND: f64 = 400.0;
/// Higher offered rates, to show where the latency starts to climb.
const HIGHER_PER_SECOND: [f64; 2] = [800.0, 1200.0];
const WARM_UP: Duration = Duration::from_secs(2);
/// One request in fifty is a write.
const WRITE_EVERY: u64 = 50;
/// The readers: one demo user per connection, round robin (all see the open strategy).
const READERS: &[&str] = &[
    "coordinator@tfc.example",
    "liaison@ncsc.example",
    "liaison@aivd.example",
    "liaison@mivd.example",
    "post@pv-eu.example",
    "besluit@bz.example",
    "directeur@tfc.example",
    "evaluator@bz.example",
];

/// What the generated strategy holds.
struct Dataset {
    strategy: i64,
    parts: Vec<i64>,
    indicators: Vec<i64>,
    measurements: usize,
    seconds: f64,
}

fn open() -> MarkingInput {
    MarkingInput {
        classification: "ongerubriceerd".into(),
        tlp: "clear".into(),
        open_to_all: true,
        ..Default::default()
    }
}

fn part(title: String, level: &str) -> ObjectiveInput {
    ObjectiveInput {
        title,
        summary: "Gegenereerd voor de benchmark.".into(),
        level: level.into(),
        horizon: "medium".into(),
        lead_org: "TFC".into(),
        contributors: vec!["NCSC".into(), "AIVD".into()],
        assumption: "Aanname".into(),
        risk: "Risico".into(),
        marking: open(),
    }
}

async fn add_part(
    tx: &mut verbinding_store::WriteTx,
    by: i64,
    now: i64,
    at: Placement,
    input: ObjectiveInput,
) -> Result<i64, String> {
    let valid = input.validate("stg-geheim").map_err(|e| e.to_string())?;
    verbinding_store::strategy::create_objective(tx, at, &valid, by, now).await.map_err(|e| e.to_string())
}

async fn generate(app: &App) -> Result<Dataset, String> {
    let started = Instant::now();
    let e = |e: verbinding_store::StoreError| e.to_string();
    let d = |e: verbinding_domain::DomainError| e.to_string();
    let by = {
        let mut conn = app.db.read().await.map_err(e)?;
        verbinding_store::directory::login_lookup(&mut conn, "coordinator@tfc.example")
            .await
            .map_err(e)?
            .ok_or("the demo coordinator is missing")?
            .0
            .id
    };
    let now = app.now_ms();
    let mut tx = app.db.write().await.map_err(e)?;
    let s = StrategyInput {
        title: "Benchmarkstrategie".into(),
        start_year: "2016".into(),
        end_year: "2028".into(),
        lead_org: "BZ".into(),
        marking: open(),
        ..Default::default()
    };
    let strategy = verbinding_store::strategy::create_strategy(&mut tx, &s.validate("stg-geheim").map_err(d)?, by, now)
        .await
        .map_err(e)?;
    let (mut parts, mut carriers) = (Vec::new(), Vec::new());
    for g in 0..3 {
        let goal = add_part(
            &mut tx,
            by,
            now,
            Placement { strategy_id: strategy, parent_id: None },
            part(format!("Doel {g}"), "impact"),
        )
        .await?;
        parts.push(goal);
        for o in 0..10 {
            let at = Placement { strategy_id: strategy, parent_id: Some(goal) };
            let objective = add_part(&mut tx, by, now, at, part(format!("Doelstelling {g}.{o}"), "outcome")).await?;
            parts.push(objective);
            carriers.push(objective);
            for p in 0..9 {
                let at = Placement { strategy_id: strategy, parent_id: Some(objective) };
                let output = add_part(&mut tx, by, now, at, part(format!("Resultaat {g}.{o}.{p}"), "output")).await?;
                parts.push(output);
                carriers.push(output);
            }
        }
    }
    let base = Period::quarter(2016, 1);
    let quarters = Period::range(
        Period::quarter(2016, 2),
        Period::quarter(2026, 1),
        verbinding_domain::strategy::Frequency::Quarterly,
    );
    let mut indicators = Vec::new();
    let mut measurements = 0;
    for (k, node) in carriers.iter().enumerate() {
        for n in 0..5 {
            let input = IndicatorInput {
                name: format!("Indicator {k}.{n}"),
                definition: "Gegenereerd".into(),
                unit: "%".into(),
                verification: "Benchmark".into(),
                data_source: "Benchmark".into(),
                frequency: "quarterly".into(),
                responsible_org: "TFC".into(),
                direction: "higher".into(),
                measure_type: "percentage".into(),
                baseline_period: base.id(),
                baseline_value: "10".into(),
                baseline_evidence: "Benchmark".into(),
                example: true,
                ..Default::default()
            };
            let valid = input.validate().map_err(d)?;
            let id = verbinding_store::indicators::create(&mut tx, *node, &valid, by, now).await.map_err(e)?;
            let rules = IndicatorRules {
                shape: ValueShape { measure_type: valid.measure_type, scale: &[] },
                frequency: valid.frequency,
                direction: valid.direction,
                baseline_period: valid.baseline_period,
                baseline_value: valid.baseline_value,
            };
            for (period, value) in [("2020-Q4", "40"), ("2026-Q4", "80")] {
                let t = TargetInput { period: period.into(), value: value.into(), reason: String::new() };
                let t = t.validate(&rules, false).map_err(d)?;
                let target = verbinding_store::indicators::propose_target(&mut tx, id, &t, by, now).await.map_err(e)?;
                verbinding_store::indicators::decide_target(&mut tx, target, true, "", by, now).await.map_err(e)?;
            }
            for (q, period) in quarters.iter().enumerate() {
                let value = (10 + (q * (n + 1)) % 80).to_string();
                let m =
                    MeasurementInput { period: period.id(), value, evidence: "Benchmark".into(), ..Default::default() };
                let m = m.validate(&rules, Period::quarter_of(now)).map_err(d)?;
                let mid = verbinding_store::indicators::submit(&mut tx, id, &m, by, now).await.map_err(e)?;
                verbinding_store::indicators::review(&mut tx, mid, true, "", by, now).await.map_err(e)?;
                measurements += 1;
            }
            indicators.push(id);
        }
    }
    tx.commit().await.map_err(|e| e.to_string())?;
    Ok(Dataset { strategy, parts, indicators, measurements, seconds: started.elapsed().as_secs_f64() })
}

/// Latencies (ms) of one request type, sorted.
struct Row {
    label: &'static str,
    ms: Vec<f64>,
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    sorted[((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len()) - 1]
}

/// Logs a demo user in through the form; the session cookie header.
async fn session(addr: &str, email: &str) -> Result<String, String> {
    let mut c = Conn(TcpStream::connect(addr).await.map_err(|e| e.to_string())?);
    super::bench_large::form_login_as(&mut c, email).await
}

async fn token(addr: &str, email: &str) -> Result<String, String> {
    let mut c = Conn(TcpStream::connect(addr).await.map_err(|e| e.to_string())?);
    super::bench_large::token_of(&mut c, email).await
}

/// The signed-in clients of a run: a session per reader, a token for the
/// submitting coordinator and one for the approving director.
struct Clients {
    sessions: Vec<String>,
    writer: String,
    approver: String,
}

async fn sign_in(addr: &str) -> Result<Clients, String> {
    let mut sessions = Vec::new();
    for email in READERS {
        sessions.push(session(addr, email).await?);
    }
    let writer = token(addr, "coordinator@tfc.example").await?;
    let approver = token(addr, "directeur@tfc.example").await?;
    Ok(Clients { sessions, writer, approver })
}

/// One request of each kind alone: the cost without queueing.
async fn alone(addr: &str, data: &Dataset, clients: &Clients) -> Result<(), String> {
    let mut c = Conn(TcpStream::connect(addr).await.map_err(|e| e.to_string())?);
    for path in [
        format!("/strategy/{}", data.strategy),
        format!("/api/v1/strategies/{}", data.strategy),
        format!("/strategy/objectives/{}", data.parts[1]),
        format!("/strategy/indicators/{}", data.indicators[0]),
    ] {
        let headers = if path.starts_with("/api/") { clients.writer.clone() } else { clients.sessions[0].clone() };
        let sent = Instant::now();
        let (status, body) = c.request("GET", &path, &headers, "").await?;
        eprintln!(
            "  alone: GET {path} {status} in {:.1} ms ({} kB)",
            sent.elapsed().as_secs_f64() * 1000.0,
            body.len() / 1024
        );
    }
    Ok(())
}

/// How the requests come: each connection sends its next request as soon
/// as the last is answered (the server's capacity: latency there is mostly
/// queueing), or at a fixed total rate spread over the connections, as
/// many people clicking would (latency counts from when the request was
/// due, so a server falling behind is charged for the wait).
#[derive(Clone, Copy)]
enum Arrivals {
    Saturating,
    Offered { per_second: f64 },
}

/// Submitted measurements waiting for their approval, shared by the connections.
type Waiting = Arc<std::sync::Mutex<Vec<i64>>>;

/// Runs the mixed load for `seconds` after a warm-up; the rows by request type.
async fn mixed(
    addr: &str,
    data: &Dataset,
    clients: &Clients,
    waiting: &Waiting,
    arrivals: Arrivals,
    seconds: Duration,
) -> Result<Vec<Row>, String> {
    let begin = Instant::now();
    let (from, until) = (begin + WARM_UP, begin + WARM_UP + seconds);
    let parts = Arc::new(data.parts.clone());
    let indicators = Arc::new(data.indicators.clone());
    let pace = match arrivals {
        Arrivals::Saturating => None,
        Arrivals::Offered { per_second } => Some(Duration::from_secs_f64(CONNECTIONS as f64 / per_second)),
    };
    let mut tasks = Vec::new();
    for k in 0..CONNECTIONS {
        let (addr, cookie) = (addr.to_string(), clients.sessions[k % clients.sessions.len()].clone());
        let (writer, approver, waiting) = (clients.writer.clone(), clients.approver.clone(), Arc::clone(waiting));
        let (parts, indicators, strategy) = (Arc::clone(&parts), Arc::clone(&indicators), data.strategy);
        tasks.push(tokio::spawn(async move {
            let mut c = Conn(TcpStream::connect(&addr).await.map_err(|e| e.to_string())?);
            let mut rng = 0x9E37_79B9_7F4A_7C15u64 ^ (k as u64 + 1);
            let mut next = move || {
                rng ^= rng << 13;
                rng ^= rng >> 7;
                rng ^= rng << 17;
                rng
            };
            // Offered load: the connections' schedules are staggered over one interval.
            let first = pace.map(|p| begin + p.mul_f64(k as f64 / CONNECTIONS as f64));
            let mut rows: [Vec<f64>; 5] = Default::default();
            let mut n = 0u64;
            loop {
                let due = match (first, pace) {
                    (Some(first), Some(p)) => first + p * (n as u32),
                    _ => Instant::now(),
                };
                if due >= until {
                    break;
                }
                tokio::time::sleep_until(due.into()).await;
                n += 1;
                let pick = next();
                let write = n.is_multiple_of(WRITE_EVERY);
                // Every other write approves a waiting measurement, when one waits.
                let queued =
                    if write && pick % 2 == 0 { waiting.lock().unwrap_or_else(|p| p.into_inner()).pop() } else { None };
                let (slot, status) = if let Some(m) = queued {
                    let headers = format!("{approver}Content-Type: application/json\r\n");
                    let path = format!("/api/v1/strategy/measurements/{m}/review");
                    let (status, _) = c.request("POST", &path, &headers, r#"{"approve":true}"#).await?;
                    (4, if status == 200 { 201 } else { status })
                } else if write {
                    let i = indicators[(pick % indicators.len() as u64) as usize];
                    let quarter = 2 + pick % 3;
                    let body =
                        format!(r#"{{"period":"2026-Q{quarter}","value":{},"evidence":"Benchmark"}}"#, pick % 100);
                    let headers = format!("{writer}Content-Type: application/json\r\n");
                    let (status, answer) = c
                        .request("POST", &format!("/api/v1/strategy/indicators/{i}/measurements"), &headers, &body)
                        .await?;
                    if status == 201
                        && let Some(id) =
                            serde_json::from_str::<serde_json::Value>(&answer).ok().and_then(|v| v["id"].as_i64())
                    {
                        waiting.lock().unwrap_or_else(|p| p.into_inner()).push(id);
                    }
                    // A period with a measurement waiting already answers 409: a write all the same.
                    (3, if status == 409 { 201 } else { status })
                } else {
                    let (slot, path) = match pick % 4 {
                        0 | 1 => (0, format!("/strategy/{strategy}")),
                        2 => {
                            (1, format!("/strategy/objectives/{}", parts[((pick >> 8) % parts.len() as u64) as usize]))
                        }
                        _ => (
                            2,
                            format!(
                                "/strategy/indicators/{}",
                                indicators[((pick >> 8) % indicators.len() as u64) as usize]
                            ),
                        ),
                    };
                    let (status, _) = c.request("GET", &path, &cookie, "").await?;
                    (slot, if status == 200 { 201 } else { status })
                };
                if status != 201 {
                    return Err(format!("a request answered {status}"));
                }
                if due >= from {
                    rows[slot].push(due.elapsed().as_secs_f64() * 1000.0);
                }
            }
            Ok::<[Vec<f64>; 5], String>(rows)
        }));
    }
    let mut all: [Vec<f64>; 5] = Default::default();
    for t in tasks {
        let rows = t.await.map_err(|e| e.to_string())??;
        for (into, from) in all.iter_mut().zip(rows) {
            into.extend(from);
        }
    }
    let labels = [
        "GET /strategy/{id} (the whole chain)",
        "GET /strategy/objectives/{id}",
        "GET /strategy/indicators/{id}",
        "POST …/measurements (API)",
        "POST …/measurements/{id}/review (API)",
    ];
    Ok(labels
        .into_iter()
        .zip(all)
        .map(|(label, mut ms)| {
            ms.sort_by(f64::total_cmp);
            Row { label, ms }
        })
        .collect())
}

/// Prints one run's rows; the whole chain's p99.
fn print_rows(title: &str, rows: &[Row], seconds: Duration, health: f64) -> f64 {
    println!("  {title}");
    println!("  {:<40} {:>8} {:>9} {:>9} {:>10}", "request", "count", "p50 ms", "p99 ms", "req/s");
    let reads: f64 = rows.iter().take(3).map(|r| r.ms.len() as f64).sum::<f64>() / seconds.as_secs_f64();
    for r in rows {
        println!(
            "  {:<40} {:>8} {:>9.1} {:>9.1} {:>10.0}",
            r.label,
            r.ms.len(),
            percentile(&r.ms, 0.5),
            percentile(&r.ms, 0.99),
            r.ms.len() as f64 / seconds.as_secs_f64()
        );
    }
    println!("  reads {reads:.0} req/s = {:.3} of /healthz", reads / health);
    percentile(&rows[0].ms, 0.99)
}

async fn run_backend(backend: &'static str, url: &str, seconds: Duration) -> Result<(), String> {
    let db = Db::open(url).await.map_err(|e| e.to_string())?;
    let app = App::new(db, AppConfig::default(), Arc::new(SystemClock)).map_err(|e| e.to_string())?;
    eprintln!("{backend}: loading the demo users and generating the strategy …");
    verbinding_app::demo::load(&app).await.map_err(|e| format!("cannot load the demo data: {e}"))?;
    let data = generate(&app).await?;
    eprintln!(
        "{backend}: {} parts, {} indicators, {} measurements in {:.1} s; measuring twice for {} s at {CONNECTIONS} connections …",
        data.parts.len(),
        data.indicators.len(),
        data.measurements,
        data.seconds,
        seconds.as_secs()
    );
    let state = verbinding_web::AppState::new(app, Default::default());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.map_err(|e| e.to_string())?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?.to_string();
    let service = verbinding_web::app(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
    let server = tokio::spawn(async move { axum::serve(listener, service).await });
    let measured = async {
        let clients = sign_in(&addr).await?;
        alone(&addr, &data, &clients).await?;
        let waiting = Waiting::default();
        let saturated = mixed(&addr, &data, &clients, &waiting, Arrivals::Saturating, seconds).await?;
        let offered = Arrivals::Offered { per_second: OFFERED_PER_SECOND };
        let paced = mixed(&addr, &data, &clients, &waiting, offered, seconds).await?;
        // Where the latency starts to climb: the same at higher rates.
        let mut higher = Vec::new();
        for per_second in HIGHER_PER_SECOND {
            let rows = mixed(&addr, &data, &clients, &waiting, Arrivals::Offered { per_second }, seconds).await?;
            higher.push((per_second, rows));
        }
        // /healthz at the same concurrency, in the same run.
        let health =
            super::bench_large::measure_rate(&addr, "/healthz", "", CONNECTIONS, Duration::from_secs(3)).await?;
        Ok::<_, String>((saturated, paced, higher, health))
    }
    .await;
    let rss = rss_mb(std::process::id());
    server.abort();
    let (saturated, paced, higher, health) = measured?;
    println!(
        "\n{backend}: the strategy page with {} parts and {} indicators ({} measurements); GET /healthz at {CONNECTIONS} connections: {health:.0} req/s",
        data.parts.len(),
        data.indicators.len(),
        data.measurements
    );
    let at_capacity = print_rows(
        &format!("capacity — {CONNECTIONS} connections, each sending as soon as it is answered:"),
        &saturated,
        seconds,
        health,
    );
    let p99 = print_rows(
        &format!(
            "offered load — {OFFERED_PER_SECOND:.0} requests/s over {CONNECTIONS} connections, latency from when each was due:"
        ),
        &paced,
        seconds,
        health,
    );
    for (per_second, rows) in &higher {
        let p = |i: usize| percentile(&rows[i].ms, 0.99);
        println!(
            "  offered {per_second:.0}/s: p99 chain {:.1} ms, part {:.1}, indicator {:.1}, submit {:.1}, approve {:.1}",
            p(0),
            p(1),
            p(2),
            p(3),
            p(4)
        );
    }
    let total: usize =
        saturated.iter().chain(&paced).chain(higher.iter().flat_map(|(_, r)| r)).map(|r| r.ms.len()).sum();
    println!("  requests measured: {total}; memory (RSS of the process, server and clients): {rss:.0} MB");
    println!(
        "  target: the whole chain's page p99 ≤ {TARGET_P99_MS} ms at the offered load: {} ({p99:.1} ms; at capacity {at_capacity:.1} ms)",
        if p99 <= TARGET_P99_MS { "met" } else { "NOT met" }
    );
    Ok(())
}

pub async fn bench_strategy(postgres: Option<&str>, seconds: u64) -> Result<(), String> {
    let seconds = Duration::from_secs(seconds.max(1));
    let pid = std::process::id();
    let dir = std::env::temp_dir().join(format!("verbinding-bench-strategy-{pid}"));
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let result = run_backend("SQLite", &format!("sqlite://{}/bench.db", dir.display()), seconds).await;
    super::bench::remove_scratch(&dir);
    result?;
    match postgres {
        None => println!("\nPostgreSQL: skipped (no --postgres URL given)."),
        Some(admin) => {
            let name = format!("verbinding_bench_strategy_{pid}");
            let url = with_database(admin, &name)?;
            admin_sql(admin, &format!("CREATE DATABASE {name}")).await?;
            let result = run_backend("PostgreSQL", &url, seconds).await;
            let dropped = admin_sql(admin, &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).await;
            result?;
            dropped?;
        }
    }
    Ok(())
}
