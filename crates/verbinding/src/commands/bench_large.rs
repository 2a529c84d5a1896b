//! `verbinding bench --large`: the incident list on a large dataset (see
//! [`super::bench_data`]) under 64 concurrent keep-alive connections, on
//! SQLite and, when a server is given, PostgreSQL. Latency is recorded per
//! request; throughput is compared with `GET /healthz` on the same server.

use super::bench::{Conn, Server, wait_for_listen};
use super::bench_data::{self, Generated};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use tokio::net::TcpStream;

const CONNECTIONS: usize = 64;
const WARM_UP: Duration = Duration::from_secs(2);
const FILTER: &str = "status=assessing";
const TARGET_P99_MS: f64 = 25.0;
const TARGET_RATIO: f64 = 0.25;

/// Latency and throughput of one endpoint.
struct Stats {
    requests: usize,
    p50_ms: f64,
    p99_ms: f64,
    rate: f64,
}

/// The figures of one backend.
struct Report {
    backend: &'static str,
    generated: Generated,
    db_bytes: Option<u64>,
    visible: i64,
    page: usize,
    rows: Vec<(String, Stats)>,
}

pub async fn bench_large(postgres: Option<&str>, scale: f64, seconds: u64) -> Result<(), String> {
    if !(scale.is_finite() && scale > 0.0) {
        return Err(format!("--scale must be a positive number (got {scale})"));
    }
    let seconds = Duration::from_secs(seconds.max(1));
    let pid = std::process::id();
    let dir = std::env::temp_dir().join(format!("verbinding-bench-large-{pid}"));
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let db = dir.join("bench.db");
    eprintln!("SQLite: generating the dataset in {} …", db.display());
    let sqlite = run_backend("SQLite", &format!("sqlite://{}", db.display()), scale, seconds, Some(&db)).await;
    super::bench::remove_scratch(&dir);
    let mut reports = vec![sqlite?];
    print_report(&reports[0], seconds);

    match postgres {
        None => println!(
            "\nPostgreSQL: skipped (no --postgres URL given; pass e.g. --postgres postgres://user@host/postgres)."
        ),
        Some(admin) => {
            let name = format!("verbinding_bench_{pid}");
            let url = with_database(admin, &name)?;
            admin_sql(admin, &format!("CREATE DATABASE {name}")).await?;
            eprintln!("PostgreSQL: generating the dataset in database {name} …");
            let result = run_backend("PostgreSQL", &url, scale, seconds, None).await;
            let dropped = admin_sql(admin, &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).await;
            reports.push(result?);
            dropped?;
            if let Some(r) = reports.last() {
                print_report(r, seconds);
            }
        }
    }
    print_summary(&reports);
    Ok(())
}

/// Runs one statement on the administrative connection (database create and drop).
pub(super) async fn admin_sql(url: &str, sql: &str) -> Result<(), String> {
    use sqlx::Connection;
    sqlx::any::install_default_drivers();
    let target = verbinding_store::redact_url(url);
    let mut conn = sqlx::AnyConnection::connect(url)
        .await
        .map_err(|e| format!("cannot connect to PostgreSQL at {target}: {e}"))?;
    sqlx::raw_sql(sql).execute(&mut conn).await.map_err(|e| format!("{sql} failed on {target}: {e}"))?;
    // The statement ran; a failed goodbye changes nothing.
    conn.close().await.ok();
    Ok(())
}

/// The URL with its database name replaced by `name`.
pub(super) fn with_database(url: &str, name: &str) -> Result<String, String> {
    if !url.starts_with("postgres://") && !url.starts_with("postgresql://") {
        return Err(format!("--postgres must be a postgres:// URL (got \"{}\")", verbinding_store::redact_url(url)));
    }
    let after_scheme = url.find("://").map_or(0, |i| i + 3);
    let (base, query) = match url.find('?') {
        Some(q) => (&url[..q], &url[q..]),
        None => (url, ""),
    };
    let host_end = base[after_scheme..].find('/').map_or(base.len(), |i| after_scheme + i);
    Ok(format!("{}/{name}{query}", &base[..host_end]))
}

async fn run_backend(
    backend: &'static str,
    url: &str,
    scale: f64,
    seconds: Duration,
    sqlite_file: Option<&std::path::Path>,
) -> Result<Report, String> {
    let generated = bench_data::generate(url, scale).await?;
    let db_bytes = match sqlite_file {
        Some(path) => Some(
            ["", "-wal"]
                .iter()
                .filter_map(|s| std::fs::metadata(format!("{}{s}", path.display())).ok())
                .map(|m| m.len())
                .sum(),
        ),
        None => postgres_size(url).await,
    };
    eprintln!("{backend}: dataset ready in {:.1} s; starting the server …", generated.elapsed.as_secs_f64());

    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let child = Command::new(&exe)
        .args(["serve", "--listen", "127.0.0.1:0", "--database", url])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| e.to_string())?;
    let mut server = Server(child);
    let addr = wait_for_listen(&mut server)?;
    ready(&addr).await?;

    let mut c = Conn(TcpStream::connect(&addr).await.map_err(|e| e.to_string())?);
    let api_auth = token(&mut c).await?;
    let cookie = form_login(&mut c).await?;

    let api_path = format!("/api/v1/incidents?{FILTER}");
    let html_path = format!("/incidents?{FILTER}");
    let (status, body) = c.request("GET", &api_path, &api_auth, "").await?;
    if status != 200 {
        return Err(format!("{api_path} answered {status}: {body}"));
    }
    let list: serde_json::Value = serde_json::from_str(&body).map_err(|e| format!("{api_path}: {e}"))?;
    let page = list["items"].as_array().map_or(0, Vec::len);
    let visible = list["total"].as_i64().unwrap_or(0);
    let (status, body) = c.request("GET", &html_path, &cookie, "").await?;
    if status != 200 || !body.contains("id=\"incident-count\"") {
        return Err(format!("{html_path} answered {status} without the incident list (was the login refused?)"));
    }
    drop(c);

    let mut rows = Vec::new();
    for (label, path, headers) in [
        ("GET /healthz".to_string(), "/healthz".to_string(), String::new()),
        (format!("GET {api_path}"), api_path.clone(), api_auth.clone()),
        (format!("GET {html_path} (HTML)"), html_path.clone(), cookie.clone()),
    ] {
        eprintln!("{backend}: measuring {label} for {} s …", seconds.as_secs());
        let stats = measure(&addr, &path, &headers, seconds).await?;
        rows.push((label, stats));
    }
    drop(server);
    Ok(Report { backend, generated, db_bytes, visible, page, rows })
}

async fn postgres_size(url: &str) -> Option<u64> {
    use sqlx::Connection;
    let mut conn = sqlx::AnyConnection::connect(url).await.ok()?;
    let size: i64 =
        sqlx::query_scalar("SELECT pg_database_size(current_database())").fetch_one(&mut conn).await.ok()?;
    // The statement ran; a failed goodbye changes nothing.
    conn.close().await.ok();
    u64::try_from(size).ok()
}

async fn ready(addr: &str) -> Result<(), String> {
    let started = Instant::now();
    loop {
        if let Ok(s) = TcpStream::connect(addr).await {
            let mut c = Conn(s);
            if matches!(c.request("GET", "/readyz", "", "").await, Ok((200, _))) {
                return Ok(());
            }
        }
        if started.elapsed() > Duration::from_secs(60) {
            return Err("the server did not become ready within 60 s".into());
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

const EMAIL: &str = "coordinator@tfc.example";

/// An API token for the coordinator, as the `Authorization` header line.
async fn token(c: &mut Conn) -> Result<String, String> {
    token_of(c, EMAIL).await
}

/// An API token for a demo user, as the `Authorization` header line.
pub(super) async fn token_of(c: &mut Conn, email: &str) -> Result<String, String> {
    let body = format!(r#"{{"email":"{email}","password":"{}"}}"#, verbinding_app::demo::DEMO_PASSWORD);
    let (status, text) = c.request("POST", "/api/v1/tokens", "Content-Type: application/json\r\n", &body).await?;
    if status != 201 {
        return Err(format!("could not get a token: {status} {text}"));
    }
    let token = serde_json::from_str::<serde_json::Value>(&text)
        .ok()
        .and_then(|v| v["token"].as_str().map(String::from))
        .ok_or("the token answer carries no token")?;
    Ok(format!("Authorization: Bearer {token}\r\n"))
}

/// Logs in through the form, as a browser does: the login page sets the
/// pre-session anti-forgery cookie and carries the same token in a hidden
/// field; the answer to the form sets the session cookie.
async fn form_login(c: &mut Conn) -> Result<String, String> {
    form_login_as(c, EMAIL).await
}

/// [`form_login`] for any demo user.
pub(super) async fn form_login_as(c: &mut Conn, email: &str) -> Result<String, String> {
    let page = c.send("GET", "/login", "", "").await?;
    let csrf_cookie = page.cookie("vb_csrf").ok_or("the login page set no vb_csrf cookie")?;
    let field = page
        .body
        .split("name=\"csrf\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .ok_or("the login page has no csrf field")?
        .to_string();
    let form =
        format!("email={}&password={}&csrf={field}", email.replace('@', "%40"), verbinding_app::demo::DEMO_PASSWORD);
    let headers = format!("Cookie: vb_csrf={csrf_cookie}\r\nContent-Type: application/x-www-form-urlencoded\r\n");
    let answer = c.send("POST", "/login", &headers, &form).await?;
    let session = answer
        .cookie("vb_session")
        .filter(|_| answer.status == 303)
        .ok_or_else(|| format!("the form login failed: {}", answer.status))?;
    Ok(format!("Cookie: vb_session={session}\r\n"))
}

/// Requests per second on `path` with `connections` keep-alive connections
/// busy for `duration` (after none of a warm-up: for a reference rate).
pub(super) async fn measure_rate(
    addr: &str,
    path: &str,
    headers: &str,
    connections: usize,
    duration: Duration,
) -> Result<f64, String> {
    let until = Instant::now() + duration;
    let mut tasks = Vec::with_capacity(connections);
    for _ in 0..connections {
        let (addr, path, headers) = (addr.to_string(), path.to_string(), headers.to_string());
        tasks.push(tokio::spawn(async move {
            let mut c = Conn(TcpStream::connect(&addr).await.map_err(|e| e.to_string())?);
            let mut n = 0usize;
            while Instant::now() < until {
                let (status, _) = c.request("GET", &path, &headers, "").await?;
                if status != 200 {
                    return Err(format!("{path} answered {status}"));
                }
                n += 1;
            }
            Ok::<usize, String>(n)
        }));
    }
    let mut total = 0;
    for t in tasks {
        total += t.await.map_err(|e| e.to_string())??;
    }
    Ok(total as f64 / duration.as_secs_f64())
}

/// Keeps `CONNECTIONS` keep-alive connections busy on `path`; requests that
/// start after the warm-up and before the end are recorded.
async fn measure(addr: &str, path: &str, headers: &str, duration: Duration) -> Result<Stats, String> {
    let begin = Instant::now();
    let (from, until) = (begin + WARM_UP, begin + WARM_UP + duration);
    let mut tasks = Vec::with_capacity(CONNECTIONS);
    for _ in 0..CONNECTIONS {
        let (addr, path, headers) = (addr.to_string(), path.to_string(), headers.to_string());
        tasks.push(tokio::spawn(async move {
            let mut c = Conn(TcpStream::connect(&addr).await.map_err(|e| e.to_string())?);
            let mut micros: Vec<u32> = Vec::with_capacity(65_536);
            loop {
                let sent = Instant::now();
                if sent >= until {
                    break;
                }
                let (status, _) = c.request("GET", &path, &headers, "").await?;
                if status != 200 {
                    return Err(format!("{path} answered {status}"));
                }
                if sent >= from {
                    micros.push(u32::try_from(sent.elapsed().as_micros()).unwrap_or(u32::MAX));
                }
            }
            Ok::<Vec<u32>, String>(micros)
        }));
    }
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.map_err(|e| e.to_string())??);
    }
    all.sort_unstable();
    let pct = |p: f64| -> f64 {
        if all.is_empty() {
            return f64::NAN;
        }
        let rank = ((p * all.len() as f64).ceil() as usize).clamp(1, all.len());
        f64::from(all[rank - 1]) / 1000.0
    };
    Ok(Stats {
        requests: all.len(),
        p50_ms: pct(0.50),
        p99_ms: pct(0.99),
        rate: all.len() as f64 / duration.as_secs_f64(),
    })
}

fn mb(bytes: u64) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

fn yes_no(ok: bool) -> &'static str {
    if ok { "yes" } else { "NO" }
}

fn print_report(r: &Report, seconds: Duration) {
    let g = &r.generated;
    println!();
    println!(
        "{}: {} incidents, {} assessments, {} timeline events, {} audit entries, {} need-to-know rows \
         (plus the demo data)",
        r.backend, g.incidents, g.assessments, g.events, g.audit, g.object_access
    );
    let size = r.db_bytes.map_or("unknown".to_string(), |b| format!("{:.1} MB", mb(b)));
    println!("  generation: {:.1} s; database size: {size}", g.elapsed.as_secs_f64());
    println!("  {FILTER}: {} incidents visible to {EMAIL}, first page {} items", r.visible, r.page);
    println!(
        "  {CONNECTIONS} keep-alive connections, {} s per endpoint after a {} s warm-up",
        seconds.as_secs(),
        WARM_UP.as_secs()
    );
    let health = r.rows.first().map_or(f64::NAN, |(_, s)| s.rate);
    println!(
        "  {:<44} {:>9} {:>8} {:>8} {:>9} {:>6}  {:>10} {:>12}",
        "endpoint", "requests", "p50 ms", "p99 ms", "req/s", "ratio", "p99<=25ms", "ratio>=0.25"
    );
    for (i, (label, s)) in r.rows.iter().enumerate() {
        let ratio = s.rate / health;
        let (p99_ok, ratio_ok) = if i == 0 {
            (String::new(), String::new())
        } else {
            (yes_no(s.p99_ms <= TARGET_P99_MS).to_string(), yes_no(ratio >= TARGET_RATIO).to_string())
        };
        println!(
            "  {label:<44} {:>9} {:>8.2} {:>8.2} {:>9.0} {ratio:>6.3}  {p99_ok:>10} {ratio_ok:>12}",
            s.requests, s.p50_ms, s.p99_ms, s.rate
        );
    }
}

fn print_summary(reports: &[Report]) {
    let mut met = true;
    for r in reports {
        let health = r.rows.first().map_or(f64::NAN, |(_, s)| s.rate);
        for (_, s) in r.rows.iter().skip(1) {
            met &= s.p99_ms <= TARGET_P99_MS && s.rate / health >= TARGET_RATIO;
        }
    }
    println!();
    println!(
        "Targets for the incident list (API and HTML): p99 <= {TARGET_P99_MS} ms and throughput >= {TARGET_RATIO} \
         x GET /healthz: {}",
        if met { "met" } else { "NOT met" }
    );
}

#[cfg(test)]
mod tests {
    use super::with_database;

    #[test]
    fn the_database_name_is_replaced_and_the_rest_kept() {
        assert_eq!(
            with_database("postgres://u:p@h:5432/postgres?sslmode=disable", "x").as_deref(),
            Ok("postgres://u:p@h:5432/x?sslmode=disable")
        );
        assert_eq!(with_database("postgres://h", "x").as_deref(), Ok("postgres://h/x"));
        assert!(with_database("sqlite://a.db", "x").is_err());
    }
}
