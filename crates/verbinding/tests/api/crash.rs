//! The crash test: the real binary serves draaiboek executions while several
//! clients fire answers at it, and is killed (SIGKILL) a few milliseconds
//! into each burst, with transitions in flight. A server started again on the
//! same database must find every execution intact: the state parses; its
//! history starts no step twice (outside a loop) and opens and closes every
//! task once; every answer a client got a 200 for is in it (acknowledged
//! means durable); the inbox rows agree with the state; every transition has
//! exactly one audit event and the hash chain verifies; and every execution
//! can be driven on to its end. The assertions hold for any kill moment, so
//! the random delays cannot make the test flaky.

use crate::helpers::*;
use crate::on_both_backends;
use serde_json::{Value, json};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::{BufRead, BufReader};
use std::process::{Child, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use verbinding_playbook::engine::{self, Effect, Execution, StepKind};
use verbinding_playbook::extension::EXTENSION_ID;

const EXECUTIONS: usize = 6;
/// Clients per execution, racing on the same open tasks.
const CLIENTS_PER_EXECUTION: usize = 2;
/// Per round, the window (ms after the burst starts) the kill falls in: the
/// first ones while the first answers are still on their way in, the later
/// ones with groups committing and answers going out.
const KILL_WINDOWS: &[(u64, u64)] = &[(5, 50), (5, 50), (50, 150), (100, 300), (200, 500)];
const COORDINATOR: &str = "coordinator@tfc.example";
const NCSC: &str = "liaison@ncsc.example";

/// The real binary on a database; killed (SIGKILL) when dropped.
struct Server {
    child: Child,
    base: String,
}

impl Server {
    async fn start(db_url: &str) -> Server {
        let url = db_url.to_string();
        tokio::task::spawn_blocking(move || {
            let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_verbinding"))
                .args(["serve", "--demo", "--listen", "127.0.0.1:0", "--database", &url])
                .env_remove("VERBINDING_DATABASE_URL")
                .env_remove("VERBINDING_CONFIG")
                .env("VERBINDING_LOG", "error")
                .stdout(Stdio::piped())
                .stderr(Stdio::inherit())
                .spawn()
                .expect("start the server");
            let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
            let base = loop {
                let line = lines.next().expect("the server exited before listening").expect("stdout");
                if let Some(rest) = line.split("http://").nth(1) {
                    break format!("http://{}", rest.split_whitespace().next().expect("address"));
                }
            };
            // Keep draining stdout so the child never blocks on a full pipe.
            std::thread::spawn(move || for _ in lines {});
            Server { child, base }
        })
        .await
        .expect("server start")
    }

    /// SIGKILL: no shutdown, no flush, whatever is in flight is cut off.
    async fn kill(mut self) {
        tokio::task::spawn_blocking(move || {
            self.child.kill().expect("kill");
            self.child.wait().expect("reap");
        })
        .await
        .expect("kill");
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn client() -> reqwest::Client {
    reqwest::Client::builder().timeout(Duration::from_secs(60)).build().expect("client")
}

async fn token(s: &Server, email: &str) -> String {
    let r = client()
        .post(s.url("/api/v1/tokens"))
        .json(&json!({"email": email, "password": DEMO_PASSWORD}))
        .send()
        .await
        .expect("token");
    assert_eq!(r.status(), 201);
    r.json::<Value>().await.expect("json")["token"].as_str().expect("token").to_string()
}

async fn get(s: &Server, token: &str, path: &str) -> Value {
    let r = client().get(s.url(path)).bearer_auth(token).send().await.expect("get");
    assert_eq!(r.status(), 200, "{path}");
    r.json().await.expect("json")
}

async fn post(s: &Server, token: &str, path: &str, body: Value) -> reqwest::Response {
    client().post(s.url(path)).bearer_auth(token).json(&body).send().await.expect("post")
}

/// The built-in draaiboeken by CACAO id: the answers' fields and the agents.
fn documents() -> HashMap<String, Value> {
    verbinding_playbook::builtin::all()
        .expect("built-ins")
        .into_iter()
        .map(|(_, p)| (p.id.clone(), p.document.clone()))
        .collect()
}

/// What the clients need to answer: tokens, documents, and which executions
/// already had one more round of the sanctions review (one loop iteration).
struct Answers {
    coordinator: String,
    ncsc: String,
    docs: HashMap<String, Value>,
    reviewed: Mutex<HashSet<i64>>,
}

/// One command a client sent, and what came of it.
#[derive(Debug, Clone)]
struct Sent {
    execution: i64,
    task: String,
    /// The approver for a vote; none for an answer.
    approver: Option<String>,
    by: &'static str,
}

#[derive(Debug, Default)]
struct Burst {
    acknowledged: Vec<Sent>,
    refused: usize,
    /// Sent but cut off by the kill: committed or not, nobody was told.
    in_flight: usize,
}

impl Answers {
    /// The command for one waiting task (the first or the last in the list):
    /// a vote for the first approver still awaited, else an answer, with the
    /// token of whoever it is for (the NCSC liaison for NCSC tasks).
    fn command(&self, execution: i64, waiting: &[Value], last: bool) -> Option<(Sent, Value, &str)> {
        let t = if last { waiting.last()? } else { waiting.first()? };
        let task = t["task"].as_str()?.to_string();
        let agent = t["waiting_for"].as_array().and_then(|a| a.first()).and_then(Value::as_str).unwrap_or("");
        if t["approval"] == true {
            let body = json!({"command": "approve", "task": task, "approver": agent, "approve": true});
            let sent = Sent { execution, task, approver: Some(agent.to_string()), by: COORDINATOR };
            return Some((sent, body, &self.coordinator));
        }
        let doc = &self.docs[t["playbook"].as_str()?];
        let org = &doc["agent_definitions"][agent]["agent_target_extensions"][EXTENSION_ID]["organisation"];
        let (by, token) = if org == "NCSC" { (NCSC, &self.ncsc) } else { (COORDINATOR, &self.coordinator) };
        let answer = self.answer(execution, doc, t["step"].as_str()?);
        let body = json!({"command": "complete", "task": task, "outcome": "success", "answer": answer});
        Some((Sent { execution, task, approver: None, by }, body, token))
    }

    /// A valid answer: the first choice of each field, else a value of the
    /// variable's type; the EU route with sanctions, and their periodic review
    /// once more before the listing ends (a loop).
    fn answer(&self, execution: i64, doc: &Value, step: &str) -> Value {
        let mut out = serde_json::Map::new();
        let ext = &doc["workflow"][step]["step_extensions"][EXTENSION_ID];
        for (var, field) in ext["answer"].as_object().into_iter().flatten() {
            let kind = doc["playbook_variables"][var]["type"].as_str().unwrap_or("string");
            let value = match (var.as_str(), field["choices"].as_array().and_then(|c| c.first())) {
                ("__toolbox_measures__", _) => json!("restrictive-measures"),
                ("__listing_active__", _) => {
                    let again = self.reviewed.lock().expect("lock").insert(execution);
                    json!(if again { "yes" } else { "no" })
                }
                (_, Some(c)) => c.clone(),
                (_, None) => json!(match kind {
                    "bool" => "true",
                    "integer" | "long" => "1",
                    _ => "Besproken in het kernteam.",
                }),
            };
            out.insert(var.clone(), value);
        }
        Value::Object(out)
    }
}

/// One client: answers the execution's open tasks one after the other, from
/// the view each answer returns, until the server is gone or nothing is open.
async fn client_loop(
    base: String,
    answers: Arc<Answers>,
    execution: i64,
    mut waiting: Vec<Value>,
    last: bool,
    out: Arc<Mutex<Burst>>,
) {
    let http = client();
    let path = format!("{base}/api/v1/executions/{execution}");
    while let Some((sent, body, token)) = answers.command(execution, &waiting, last) {
        let r = match http.post(format!("{path}/commands")).bearer_auth(token).json(&body).send().await {
            Ok(r) => r,
            Err(_) => {
                out.lock().expect("lock").in_flight += 1;
                return;
            }
        };
        let status = r.status().as_u16();
        match status {
            // The answer is committed before the status line is written.
            200 => out.lock().expect("lock").acknowledged.push(sent),
            // The other client was first (task closed, vote counted).
            409 | 422 => out.lock().expect("lock").refused += 1,
            other => panic!("unexpected {other} for {body}: {:?}", r.text().await),
        }
        let view = if status == 200 {
            r.json::<Value>().await.ok()
        } else {
            match http.get(&path).bearer_auth(&answers.coordinator).send().await {
                Ok(r) => r.json::<Value>().await.ok(),
                Err(_) => None,
            }
        };
        let Some(view) = view else { return };
        if view["view"]["status"] != "running" {
            return;
        }
        waiting = view["view"]["waiting"].as_array().cloned().unwrap_or_default();
    }
}

/// A small deterministic generator for the kill moments (seeded per run and
/// printed, so a failing round can be replayed).
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

async fn every_execution_resumes_after_a_kill(b: verbinding_store::Backend) {
    let (db_url, _dir) = fresh_database(b).await;
    let mut server = Server::start(&db_url).await;
    let coordinator = token(&server, COORDINATOR).await;
    let ncsc = token(&server, NCSC).await;
    let answers = Arc::new(Answers { coordinator, ncsc, docs: documents(), reviewed: Mutex::default() });
    let tok = answers.coordinator.clone();
    let r = post(
        &server,
        &tok,
        "/api/v1/incidents",
        json!({"title": "Verstoring ministeriële netwerken", "severity": "significant", "lead_organisation": "TFC",
               "classification": "dep-v", "tlp": "amber", "need_to_know": ["TFC", "NCSC", "BZ"]}),
    )
    .await;
    assert_eq!(r.status(), 201);
    let incident = r.json::<Value>().await.expect("json")["id"].as_i64().expect("id");
    let list = get(&server, &tok, "/api/v1/playbooks").await;
    let national = list["items"].as_array().expect("items").iter().find(|p| p["builtin"] == "national-response");
    let playbook = national.expect("national draaiboek")["id"].as_i64().expect("id");
    let mut ids = Vec::new();
    for _ in 0..EXECUTIONS {
        let path = format!("/api/v1/incidents/{incident}/executions");
        let r = post(&server, &tok, &path, json!({"playbook": playbook})).await;
        assert_eq!(r.status(), 201);
        ids.push(r.json::<Value>().await.expect("json")["execution"]["id"].as_i64().expect("id"));
    }

    let seed = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(1, |d| d.as_nanos() as u64);
    let mut rng = XorShift(seed | 1);
    let mut acknowledged = Vec::new();
    for (round, (from, to)) in KILL_WINDOWS.iter().enumerate() {
        let round = round + 1;
        // Everyone's open tasks first, then the burst: only answers in it.
        let mut open = Vec::new();
        let mut revisions = 0;
        for &id in &ids {
            let v = get(&server, &tok, &format!("/api/v1/executions/{id}")).await;
            revisions += v["execution"]["revision"].as_i64().expect("revision");
            open.push(v["view"]["waiting"].clone());
        }
        let burst = Arc::new(Mutex::new(Burst::default()));
        let mut clients = Vec::new();
        for (i, &id) in ids.iter().enumerate() {
            for c in 0..CLIENTS_PER_EXECUTION {
                let waiting = open[i].as_array().cloned().unwrap_or_default();
                let (base, answers, burst) = (server.base.clone(), answers.clone(), burst.clone());
                clients.push(tokio::spawn(client_loop(base, answers, id, waiting, c % 2 == 1, burst)));
            }
        }
        let delay = from + rng.next() % (to - from + 1);
        tokio::time::sleep(Duration::from_millis(delay)).await;
        server.kill().await;
        for c in clients {
            c.await.expect("client");
        }
        let burst = std::mem::take(&mut *burst.lock().expect("lock"));
        let acked = burst.acknowledged.len() as i64;
        acknowledged.extend(burst.acknowledged);
        server = Server::start(&db_url).await;
        let committed = check(&db_url, &ids, &acknowledged, false).await - revisions;
        println!(
            "{b:?} round {round} (seed {seed}): killed {delay} ms into the burst; {} answers acknowledged, {} in \
             flight at the kill, {} refused (the other client was first); {committed} transitions committed, so \
             {} committed but never acknowledged",
            acked,
            burst.in_flight,
            burst.refused,
            committed - acked
        );
        assert!(committed >= acked, "every acknowledged answer is a committed transition");
    }

    // Every execution goes on to its end on the restarted server.
    for &id in &ids {
        drive_to_end(&server, &answers, id).await;
    }
    check(&db_url, &ids, &acknowledged, true).await;
    server.kill().await;
}

on_both_backends!(every_execution_resumes_after_a_kill);

/// Answers every open task (votes included) until the execution completes.
async fn drive_to_end(server: &Server, answers: &Answers, id: i64) {
    for _ in 0..500 {
        let v = get(server, &answers.coordinator, &format!("/api/v1/executions/{id}")).await;
        if v["view"]["status"] == "completed" {
            return;
        }
        assert_eq!(v["view"]["status"], "running", "execution {id}: {}", v["view"]);
        let waiting = v["view"]["waiting"].as_array().cloned().unwrap_or_default();
        let (sent, body, token) = answers.command(id, &waiting, false).expect("a running execution waits for someone");
        let r = post(server, token, &format!("/api/v1/executions/{id}/commands"), body.clone()).await;
        assert_eq!(r.status(), 200, "{body}: {:?}", sent);
    }
    panic!("execution {id} did not complete within 500 answers");
}

/// Everything that must hold after a kill, read from the database directly;
/// returns the sum of the executions' revisions (transitions so far).
async fn check(db_url: &str, ids: &[i64], acknowledged: &[Sent], finished: bool) -> i64 {
    let mut revisions = 0;
    let db = verbinding_store::Db::connect(db_url).await.expect("connect");
    let audit = audit_by_execution(&db).await;
    // Read as the server reads it: the snapshot with the journal since.
    let reader =
        verbinding_app::App::new(db.clone(), Default::default(), Arc::new(verbinding_app::SystemClock)).expect("app");
    for &id in ids {
        let (ex, stored) =
            verbinding_app::executions::stored_state(&reader, &verbinding_app::Caller::command_line(), id)
                .await
                .expect("the stored state and its journal replay");
        let (status, revision, next_due) = (stored.status, stored.revision, stored.next_due);
        assert!(
            revision - stored.state_revision <= 16,
            "execution {id}: a snapshot at most 16 transitions back ({} → {revision})",
            stored.state_revision
        );
        revisions += revision;
        let status_of = serde_json::to_value(ex.status).expect("status");
        assert_eq!(status_of, json!(status), "execution {id}: status column and state agree");
        assert_eq!(next_due, engine::next_due(&ex), "execution {id}: the scheduler's next_due is the state's");
        if finished {
            assert_eq!(status, "completed", "execution {id}");
        }
        history_is_consistent(id, &ex);

        // Acknowledged means durable: every answer and vote a client was told of is in the history.
        for s in acknowledged.iter().filter(|s| s.execution == id) {
            let found = ex.history.iter().any(|r| match (&r.event, &s.approver) {
                (Effect::Answered { task, by, .. }, None) => *task == s.task && by == s.by,
                (Effect::Voted { task, approver, .. }, Some(a)) => *task == s.task && approver == a,
                _ => false,
            });
            assert!(found, "execution {id}: the acknowledged {s:?} is not in the history");
        }

        // The inbox rows are the state's tasks, open exactly when open there.
        let rows: Vec<(String, i64)> =
            sqlx::query_as("SELECT task, open FROM execution_tasks WHERE execution_id = $1 ORDER BY task")
                .bind(id)
                .fetch_all(db.raw())
                .await
                .expect("rows");
        let rows: BTreeMap<String, bool> = rows.into_iter().map(|(t, o)| (t, o == 1)).collect();
        let tasks: BTreeMap<String, bool> =
            ex.instances.iter().filter_map(|i| i.task.as_ref().map(|t| (t.key.clone(), t.closed.is_none()))).collect();
        assert_eq!(rows, tasks, "execution {id}: task rows and state disagree");

        // One audit event per transition (the revision counts them), and
        // together their effects are exactly the history.
        let (started_effects, changed) = audit.get(&id).cloned().unwrap_or_default();
        assert_eq!(changed.len() as i64, revision - 1, "execution {id}: audit events and revision disagree");
        let audited: i64 = started_effects + changed.iter().map(|e| e.len() as i64).sum::<i64>();
        assert_eq!(audited, ex.history.len() as i64, "execution {id}: audited effects and history disagree");
        let kinds: Vec<String> = ex.history.iter().skip(started_effects as usize).map(|r| kind(&r.event)).collect();
        assert_eq!(kinds, changed.concat(), "execution {id}: the audit trail tells the history in order");
    }
    db.close().await;
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_verbinding"))
        .args(["audit", "verify", "--database", db_url])
        .env_remove("VERBINDING_DATABASE_URL")
        .env_remove("VERBINDING_CONFIG")
        .output()
        .expect("audit verify");
    assert!(out.status.success(), "the audit chain verifies: {}", String::from_utf8_lossy(&out.stderr));
    revisions
}

fn kind(e: &Effect) -> String {
    serde_json::to_value(e).expect("effect")["type"].as_str().expect("type").to_string()
}

/// Per execution: the effects counted at its start, and the effect kinds of
/// each of its transitions in order (claims and comments left out).
async fn audit_by_execution(db: &verbinding_store::Db) -> HashMap<i64, (i64, Vec<Vec<String>>)> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT action, detail FROM audit_log WHERE action IN ('execution.started', 'execution.changed') ORDER BY seq",
    )
    .fetch_all(db.raw())
    .await
    .expect("audit");
    let mut out: HashMap<i64, (i64, Vec<Vec<String>>)> = HashMap::new();
    for (action, detail) in rows {
        let d: Value = serde_json::from_str(&detail).expect("detail");
        let Some(id) = d["execution"].as_i64() else { continue };
        let entry = out.entry(id).or_default();
        if action == "execution.started" {
            entry.0 = d["effects"].as_i64().expect("effects");
        } else if d.get("note").is_none() {
            let effects = d["effects"].as_array().expect("effects");
            entry.1.push(effects.iter().map(|e| e.as_str().expect("kind").to_string()).collect());
        }
    }
    out
}

/// Whether the instance runs inside a while loop: the instance that opened
/// its branch (or, for a root branch of a sub-draaiboek, the step that called
/// it), or one above that, is a while step.
fn in_loop(ex: &Execution, n: u32) -> bool {
    let mut inst = &ex.instances[n as usize];
    for _ in 0..=ex.instances.len() {
        let opener = ex.branches[inst.branch as usize].opener.or(ex.frames[inst.frame as usize].caller);
        let Some(o) = opener else { return false };
        inst = &ex.instances[o as usize];
        if inst.kind == StepKind::While {
            return true;
        }
    }
    false
}

/// The history of one execution: every instance started once, finished at
/// most once and only after it started; every task opened once and closed at
/// most once after that; answers and votes at most once; a step starts again
/// (a new instance) only inside a loop; the open tasks are the state's.
fn history_is_consistent(id: i64, ex: &Execution) {
    let mut started = HashSet::new();
    let mut finished = HashSet::new();
    let mut opened = HashSet::new();
    let mut closed = HashSet::new();
    let mut answered = HashSet::new();
    let mut voted = HashSet::new();
    let mut runs: HashMap<(u32, String), Vec<u32>> = HashMap::new();
    for r in &ex.history {
        match &r.event {
            Effect::StepStarted { instance, frame, step, .. } => {
                assert!(started.insert(*instance), "execution {id}: instance {instance} started twice");
                assert_eq!(&ex.instances[*instance as usize].step, step, "execution {id}: instance {instance}");
                runs.entry((*frame, step.clone())).or_default().push(*instance);
            }
            Effect::StepFinished { instance, .. } => {
                assert!(started.contains(instance), "execution {id}: instance {instance} finished before it started");
                assert!(finished.insert(*instance), "execution {id}: instance {instance} finished twice");
            }
            Effect::TaskOpened { task, .. } => {
                assert!(opened.insert(task.clone()), "execution {id}: {task} opened twice")
            }
            Effect::TaskClosed { task, .. } => {
                assert!(opened.contains(task), "execution {id}: {task} closed before it opened");
                assert!(closed.insert(task.clone()), "execution {id}: {task} closed twice");
            }
            Effect::Answered { task, .. } => {
                assert!(answered.insert(task.clone()), "execution {id}: {task} answered twice")
            }
            Effect::Voted { task, approver, .. } => {
                assert!(
                    voted.insert((task.clone(), approver.clone())),
                    "execution {id}: {task} voted twice by {approver}"
                )
            }
            _ => {}
        }
    }
    for ((_, step), instances) in &runs {
        if instances.len() > 1 {
            for n in instances {
                assert!(in_loop(ex, *n), "execution {id}: {step} ran {} times outside a loop", instances.len());
            }
        }
    }
    let open_in_history: HashSet<&String> = opened.difference(&closed).collect();
    let open_in_state: HashSet<&String> = ex.open_tasks().map(|(_, t)| &t.key).collect();
    assert_eq!(open_in_history, open_in_state, "execution {id}: open tasks of history and state");
}
