//! `verbinding bench`: starts this binary as a server with demo data on a
//! fresh SQLite file and prints start-up time, memory and request rates.
//! Run it from the release build: `cargo run --release -- bench`.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

pub(super) struct Server(pub(super) Child);

/// Removes a benchmark's scratch folder; one left behind is said, not fatal.
pub(super) fn remove_scratch(dir: &std::path::Path) {
    if let Err(e) = std::fs::remove_dir_all(dir) {
        eprintln!("cannot remove the scratch folder {}: {e}", dir.display());
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        // A server that already exited cannot be killed: that is fine.
        self.0.kill().ok();
        self.0.wait().ok();
    }
}

pub(super) fn rss_mb(pid: u32) -> f64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmRSS:")).and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map(|kb| kb / 1024.0)
        .unwrap_or(f64::NAN)
}

/// One keep-alive HTTP/1.1 connection; enough client for a benchmark.
pub(super) struct Conn(pub(super) TcpStream);

/// A response: status, header block and body.
pub(super) struct Reply {
    pub status: u16,
    pub head: String,
    pub body: String,
}

impl Reply {
    /// The value of the cookie `name` set by this response, if any.
    pub fn cookie(&self, name: &str) -> Option<String> {
        self.head.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            if !k.trim().eq_ignore_ascii_case("set-cookie") {
                return None;
            }
            let (n, value) = v.trim().split(';').next()?.split_once('=')?;
            (n == name).then(|| value.to_string())
        })
    }
}

impl Conn {
    pub(super) async fn request(
        &mut self,
        method: &str,
        path: &str,
        headers: &str,
        body: &str,
    ) -> Result<(u16, String), String> {
        let r = self.send(method, path, headers, body).await?;
        Ok((r.status, r.body))
    }

    /// Sends one request and reads the whole response (Content-Length bodies only).
    pub(super) async fn send(&mut self, method: &str, path: &str, headers: &str, body: &str) -> Result<Reply, String> {
        let req =
            format!("{method} {path} HTTP/1.1\r\nHost: bench\r\n{headers}Content-Length: {}\r\n\r\n{body}", body.len());
        self.0.write_all(req.as_bytes()).await.map_err(|e| e.to_string())?;
        let mut buf = Vec::new();
        let mut chunk = [0u8; 8192];
        loop {
            let n = self.0.read(&mut chunk).await.map_err(|e| e.to_string())?;
            if n == 0 {
                return Err("connection closed".into());
            }
            buf.extend_from_slice(&chunk[..n]);
            if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                let head = String::from_utf8_lossy(&buf[..end]).to_string();
                if head.to_ascii_lowercase().contains("transfer-encoding: chunked") {
                    return Err(format!("{path} answered with a chunked body, which this client does not read"));
                }
                let len: usize = head
                    .lines()
                    .find_map(|l| {
                        l.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().parse().unwrap_or(0))
                    })
                    .unwrap_or(0);
                while buf.len() < end + 4 + len {
                    let n = self.0.read(&mut chunk).await.map_err(|e| e.to_string())?;
                    if n == 0 {
                        break;
                    }
                    buf.extend_from_slice(&chunk[..n]);
                }
                let status = head.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
                let body = String::from_utf8_lossy(&buf[end + 4..(end + 4 + len).min(buf.len())]).to_string();
                return Ok(Reply { status, head, body });
            }
        }
    }
}

async fn rate(addr: &str, path: &str, auth: &str, total: usize, connections: usize) -> Result<f64, String> {
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..connections {
        let (addr, path, auth) = (addr.to_string(), path.to_string(), auth.to_string());
        tasks.push(tokio::spawn(async move {
            let mut c = Conn(TcpStream::connect(&addr).await.map_err(|e| e.to_string())?);
            for _ in 0..total / connections {
                let (status, _) = c.request("GET", &path, &auth, "").await?;
                if status != 200 {
                    return Err(format!("{path} answered {status}"));
                }
            }
            Ok::<(), String>(())
        }));
    }
    for t in tasks {
        t.await.map_err(|e| e.to_string())??;
    }
    Ok(total as f64 / started.elapsed().as_secs_f64())
}

pub async fn bench(requests: usize) -> Result<(), String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let dir = std::env::temp_dir().join(format!("verbinding-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let db = dir.join("bench.db");
    // Prepare the database and demo data first, so start-up is measured on
    // an existing database, as in daily use.
    let prep = Command::new(&exe)
        .args(["serve", "--demo", "--listen", "127.0.0.1:0", "--database", &format!("sqlite://{}", db.display())])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| e.to_string())?;
    let mut prep = Server(prep);
    wait_for_listen(&mut prep)?;
    drop(prep);

    let started = Instant::now();
    let child = Command::new(&exe)
        .args(["serve", "--listen", "127.0.0.1:0", "--database", &format!("sqlite://{}", db.display())])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| e.to_string())?;
    let mut server = Server(child);
    let addr = wait_for_listen(&mut server)?;
    loop {
        if let Ok(s) = TcpStream::connect(&addr).await {
            let mut c = Conn(s);
            if matches!(c.request("GET", "/readyz", "", "").await, Ok((200, _))) {
                break;
            }
        }
        if started.elapsed() > Duration::from_secs(30) {
            return Err("the server did not become ready within 30 s".into());
        }
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    let ready = started.elapsed();
    let pid = server.0.id();
    tokio::time::sleep(Duration::from_millis(300)).await;
    let idle = rss_mb(pid);

    let mut c = Conn(TcpStream::connect(&addr).await.map_err(|e| e.to_string())?);
    let body = format!(r#"{{"email":"coordinator@tfc.example","password":"{}"}}"#, verbinding_app::demo::DEMO_PASSWORD);
    let (status, text) = c.request("POST", "/api/v1/tokens", "Content-Type: application/json\r\n", &body).await?;
    if status != 201 {
        return Err(format!("could not get a token: {status} {text}"));
    }
    let token = serde_json::from_str::<serde_json::Value>(&text)
        .ok()
        .and_then(|v| v["token"].as_str().map(String::from))
        .unwrap_or_default();
    let auth = format!("Authorization: Bearer {token}\r\n");

    let me_rate = rate(&addr, "/api/v1/me", &auth, requests, 4).await?;
    let after = rss_mb(pid);
    let health_rate = rate(&addr, "/healthz", "", requests, 4).await?;
    remove_scratch(&dir);

    println!("Verbinding benchmark (release binary, SQLite, demo data, 4 keep-alive connections)");
    println!("  start to ready:                 {:>8.1} ms   (target <= 500 ms)", ready.as_secs_f64() * 1000.0);
    println!("  idle RSS:                       {idle:>8.1} MB   (target <= 50 MB)");
    println!("  RSS after {requests} API requests: {after:>8.1} MB");
    println!("  GET /api/v1/me:                 {me_rate:>8.0} req/s");
    println!("  GET /healthz:                   {health_rate:>8.0} req/s");
    println!("  ratio me/healthz:               {:>8.2}", me_rate / health_rate);
    Ok(())
}

pub(super) fn wait_for_listen(server: &mut Server) -> Result<String, String> {
    let out = server.0.stdout.take().ok_or("no stdout")?;
    let mut lines = BufReader::new(out).lines();
    for line in lines.by_ref() {
        let line = line.map_err(|e| e.to_string())?;
        if let Some(rest) = line.split("http://").nth(1) {
            let addr = rest.split_whitespace().next().unwrap_or_default().to_string();
            // Keep draining stdout so the child never blocks on a full pipe.
            std::thread::spawn(move || for _ in lines {});
            return Ok(addr);
        }
    }
    Err("the server exited before listening".into())
}
