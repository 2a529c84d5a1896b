//! Issue 11's property test: for random object graphs — incidents with
//! assessments, dossiers, draaiboeken calling sub-draaiboeken with marked
//! steps, runs of them on the incidents — with random markings, and random
//! readers (organisation, role, clearance), nothing any reader receives
//! from any route mentions an object the pure access rule
//! (`access::may_see`, `classification::cleared_for`) denies them.
//!
//! Every object carries a unique token in its title, summary or name;
//! every answer (API and page, success or refusal) is searched for the
//! tokens of what the reader may not see. The generator is seeded
//! (`VERBINDING_GRAPH_SEED` replays a failure; the seed is printed), and
//! the test also checks the other side — what a reader may see is listed —
//! so it cannot pass by showing nothing.

use crate::fixtures::{Person, World};
use crate::helpers::*;
use crate::on_both_backends;
use reqwest::Method;
use serde_json::{Value, json};
use verbinding_domain::access::{Marking, Principal, may_see};
use verbinding_domain::classification::cleared_for;
use verbinding_playbook::extension::EXTENSION_ID;

on_both_backends!(authority_random_object_graphs_reveal_nothing_the_access_rule_denies);

const GRAPHS: usize = 4;
const READERS: usize = 10;
const ORGS: [&str; 5] = ["TFC", "NCSC", "MIVD", "AIVD", "BZ"];
const LEVELS: [&str; 4] = ["ongerubriceerd", "dep-v", "stg-confidentieel", "stg-geheim"];
const ROLES: [&str; 5] = ["coordinator", "liaison", "post-officer", "decision-maker", "evaluator"];

/// SplitMix64: small, seeded, good enough to pick test inputs.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

/// A random marking its author (of `own` organisation) can still see:
/// open to all, or a need-to-know list that includes their organisation.
#[derive(Clone, Debug)]
struct Drawn {
    classification: &'static str,
    open_to_all: bool,
    orgs: Vec<&'static str>,
}

fn draw(rng: &mut Rng, own: &'static str) -> Drawn {
    let classification = *rng.pick(&LEVELS);
    if rng.chance(25) {
        return Drawn { classification, open_to_all: true, orgs: Vec::new() };
    }
    let mut orgs = vec![own];
    for o in ORGS {
        if o != own && rng.chance(30) {
            orgs.push(o);
        }
    }
    Drawn { classification, open_to_all: false, orgs }
}

/// One marked object, by the token that names it, and who may see its token.
struct Object {
    token: String,
    /// Markings all of which the reader must pass (an assessment also its incident's).
    markings: Vec<Marking>,
    /// A step's classification, for step tokens.
    step: Option<&'static str>,
    /// A path whose answer lists the object to whoever may see it.
    listed_in: Option<&'static str>,
}

fn uuid(n: u64) -> String {
    format!("{:08x}-4444-4444-8444-{:012x}", n >> 16, n & 0xffff_ffff_ffff)
}

/// A draaiboek named `name`: start → a step for `org` named `step`, marked
/// `step_class` (calling `calls` first, when given) → end.
fn draaiboek(id: &str, name: &str, step: &str, step_class: &str, org: &str, calls: Option<&str>, n: u64) -> Value {
    let ext = EXTENSION_ID;
    let agent = format!("organization--{}", uuid(n + 1));
    let (start, action, call, end) = (
        format!("start--{}", uuid(n + 2)),
        format!("action--{}", uuid(n + 3)),
        format!("playbook-action--{}", uuid(n + 4)),
        format!("end--{}", uuid(n + 5)),
    );
    let mut workflow = json!({
        start.clone(): {"type": "start", "on_completion": if calls.is_some() { call.clone() } else { action.clone() }},
        action.clone(): {"type": "action", "name": step, "agent": agent,
            "description": format!("Beschrijving {step}"),
            "commands": [{"type": "manual", "command": format!("Doe {step}")}],
            "step_extensions": {ext: {"classification": step_class}},
            "on_completion": end},
        end: {"type": "end"}
    });
    if let Some(callee) = calls {
        workflow[&call] = json!({"type": "playbook-action", "playbook_id": callee, "on_completion": action});
    }
    json!({
        "type": "playbook", "spec_version": "cacao-2.0", "id": id, "name": name,
        "created_by": format!("identity--{}", uuid(n + 6)),
        "created": "2026-01-01T00:00:00Z", "modified": "2026-01-01T00:00:00Z",
        "extension_definitions": {ext: {"type": "extension-definition", "name": "Verbinding",
            "description": "Verbinding draaiboek extension", "created_by": format!("identity--{}", uuid(n + 6)),
            "schema": "https://verbinding.example/schemas/extension-definition--5f0b3c2e-8a4d-4e1f-9b6c-2d7a1e9c4b38.json",
            "version": "1.0.0"}},
        "workflow_start": start,
        "workflow": workflow,
        "agent_definitions": {
            agent: {"type": "organization", "name": org, "agent_target_extensions": {ext: {"organisation": org}}}
        }
    })
}

/// The stored marking of an object, as the access rule reads it.
async fn marking_of(app: &TestApp, id: i64) -> Marking {
    let mut conn = app.state.db.read().await.expect("conn");
    verbinding_store::objects::marking(&mut conn, id).await.expect("marking")
}

fn body_of(d: &Drawn) -> Value {
    json!({"classification": d.classification, "tlp": "amber", "open_to_all": d.open_to_all, "need_to_know": d.orgs})
}

struct Authors {
    coordinator: Person,
    coordinator_token: String,
    approver_token: String,
}

/// Three seeds by default, each on a server of its own; one given seed replays it.
async fn authority_random_object_graphs_reveal_nothing_the_access_rule_denies(b: verbinding_store::Backend) {
    let seeds = match std::env::var("VERBINDING_GRAPH_SEED").ok().and_then(|s| s.parse().ok()) {
        Some(seed) => vec![seed],
        None => vec![0x5eed_2026_u64, 11, 42],
    };
    for seed in seeds {
        graphs_from(b, seed).await;
    }
}

async fn graphs_from(b: verbinding_store::Backend, seed: u64) {
    println!("object graphs from seed {seed} (VERBINDING_GRAPH_SEED replays it)");
    let mut rng = Rng(seed);
    let app = spawn_app_with(b, Default::default(), false).await;
    let world = World::new(&app);
    world.government().await;
    let codes: std::collections::HashMap<i64, String> = {
        let mut conn = app.state.db.read().await.expect("conn");
        verbinding_store::directory::list_orgs(&mut conn)
            .await
            .expect("orgs")
            .into_iter()
            .map(|o| (o.id, o.code))
            .collect()
    };

    // Per organisation, a coordinator who files and imports and a decision
    // maker who approves (four eyes), both cleared for Stg. Geheim.
    let mut authors = std::collections::HashMap::new();
    for org in ORGS {
        let low = org.to_lowercase();
        let coordinator = world
            .user(&format!("coordinator@{low}.example"))
            .org(org)
            .roles(&["coordinator"])
            .clearance("stg-geheim")
            .create()
            .await;
        let approver =
            world.user(&format!("besluit@{low}.example")).org(org).roles(&["decision-maker"]).clearance("stg-geheim");
        let approver_token = approver.create().await.token(&app).await;
        let coordinator_token = coordinator.token(&app).await;
        authors.insert(org, Authors { coordinator, coordinator_token, approver_token });
    }

    let mut objects: Vec<Object> = Vec::new();
    let mut incidents = Vec::new();
    let mut assessments = Vec::new();
    let mut playbooks = Vec::new();
    let mut runs = Vec::new();
    for g in 0..GRAPHS {
        let org = *rng.pick(&ORGS);
        let a = &authors[org];
        let tok = |kind: &str| format!("Tok{g}{kind}{:06x}", seed as u32 & 0xffffff);

        let d = draw(&mut rng, org);
        let mut builder =
            world.incident(&a.coordinator).title(&tok("Inc")).lead(org).marking(d.classification, "amber");
        builder = if d.open_to_all { builder.open_to_all() } else { builder.orgs(&d.orgs) };
        let incident = builder.create().await;
        let incident_marking = marking_of(&app, incident).await;
        incidents.push(incident);
        objects.push(Object {
            token: tok("Inc"),
            markings: vec![incident_marking.clone()],
            step: None,
            listed_in: Some("/api/v1/incidents?limit=200"),
        });

        for k in 0..rng.below(3) {
            let d = draw(&mut rng, org);
            let token = tok(&format!("Asm{k}"));
            let mut builder =
                world.assessment(&a.coordinator, incident).summary(&token).marking(d.classification, "amber");
            builder = if d.open_to_all { builder.open_to_all() } else { builder.orgs(&d.orgs) };
            let id = builder.create().await;
            assessments.push(id);
            let m = marking_of(&app, id).await;
            objects.push(Object { token, markings: vec![m, incident_marking.clone()], step: None, listed_in: None });
        }

        let d = draw(&mut rng, org);
        let mut builder = world.dossier(&a.coordinator).title(&tok("Dos")).lead(org).marking(d.classification, "amber");
        builder = if d.open_to_all { builder.open_to_all() } else { builder.orgs(&d.orgs) };
        let dossier = builder.create().await;
        let m = marking_of(&app, dossier).await;
        objects.push(Object { token: tok("Dos"), markings: vec![m], step: None, listed_in: Some("/api/v1/dossiers") });

        // A sub-draaiboek and a draaiboek calling it, each with a marked step;
        // half the time marked as the incident, so that the run may start.
        let sub_id = format!("playbook--{}", uuid(1_000 * g as u64 + 100));
        let main_id = format!("playbook--{}", uuid(1_000 * g as u64 + 200));
        let mut pinned = Vec::new();
        for (id, name, calls, n) in [
            (&sub_id, tok("Sub"), None, 1_000 * g as u64 + 300),
            (&main_id, tok("Main"), Some(sub_id.as_str()), 1_000 * g as u64 + 400),
        ] {
            let step_class = *rng.pick(&LEVELS);
            let step = format!("{name}Step");
            let doc = draaiboek(id, &name, &step, step_class, org, calls, n);
            let marking = if rng.chance(50) {
                body_of(&drawn_from(&incident_marking, &codes))
            } else {
                body_of(&draw(&mut rng, org))
            };
            let mut body = json!({"document": doc});
            for (k, v) in marking.as_object().expect("object") {
                body[k] = v.clone();
            }
            let r = app.api_send(Method::POST, &a.coordinator_token, "/api/v1/playbooks", body).await;
            assert!(r.status().is_success(), "import {name}: {:?}", r.text().await);
            let pb = r.json::<Value>().await.expect("json")["id"].as_i64().expect("id");
            let approve = format!("/api/v1/playbooks/{pb}/approve");
            let r = app.api_send(Method::POST, &a.approver_token, &approve, json!({"version": 1})).await;
            assert_eq!(r.status(), 200, "approve {name}: {:?}", r.text().await);
            playbooks.push(pb);
            let m = marking_of(&app, pb).await;
            objects.push(Object {
                token: name.clone(),
                markings: vec![m.clone()],
                step: None,
                listed_in: Some("/api/v1/playbooks"),
            });
            objects.push(Object { token: step, markings: vec![m], step: Some(step_class), listed_in: None });
            pinned.push(pb);
        }
        let start = format!("/api/v1/incidents/{incident}/executions");
        let r = app.api_send(Method::POST, &a.coordinator_token, &start, json!({"playbook": pinned[1]})).await;
        match r.status().as_u16() {
            201 => runs.push(r.json::<Value>().await.expect("json")["execution"]["id"].as_i64().expect("id")),
            409 => {} // refused: narrower than the incident (rule 3)
            s => panic!("start: {s} {:?}", r.text().await),
        }
    }
    assert!(!runs.is_empty(), "seed {seed}: at least one run started");

    // Random readers, each through a token and a session.
    let mut readers = Vec::new();
    for n in 0..READERS {
        let org = *rng.pick(&["TFC", "NCSC", "MIVD", "AIVD", "BZ", "EZK"]);
        let role = *rng.pick(&ROLES);
        let clearance = *rng.pick(&LEVELS);
        let person = world
            .user(&format!("reader{n}@{}.example", org.to_lowercase()))
            .org(org)
            .roles(&[role])
            .clearance(clearance);
        let person = person.create().await;
        let token = person.token(&app).await;
        let client = person.login(&app).await;
        readers.push((person, token, client));
    }

    let mut paths: Vec<String> = [
        "/api/v1/incidents?limit=200",
        "/api/v1/dossiers",
        "/api/v1/playbooks",
        "/api/v1/inbox",
        "/api/v1/audit?limit=500",
    ]
    .map(String::from)
    .to_vec();
    let mut pages: Vec<String> =
        ["/", "/incidents", "/dossiers", "/draaiboeken", "/executions", "/inbox", "/audit"].map(String::from).to_vec();
    for i in &incidents {
        for v in ["", "/timeline", "/assessments", "/executions", "/decisions", "/consultations", "/response-plan"] {
            paths.push(format!("/api/v1/incidents/{i}{v}"));
        }
        pages.push(format!("/incidents/{i}"));
        pages.push(format!("/incidents/{i}/decisions"));
    }
    for a in &assessments {
        paths.push(format!("/api/v1/assessments/{a}"));
        paths.push(format!("/api/v1/assessments/{a}/versions"));
        pages.push(format!("/assessments/{a}"));
    }
    for p in &playbooks {
        paths.push(format!("/api/v1/playbooks/{p}"));
        paths.push(format!("/api/v1/playbooks/{p}/document"));
        pages.push(format!("/draaiboeken/{p}"));
    }
    for r in &runs {
        paths.push(format!("/api/v1/executions/{r}"));
        pages.push(format!("/executions/{r}"));
    }

    let mut leaks = Vec::new();
    let mut shown = 0;
    for (person, token, client) in &readers {
        let p: &Principal = &person.caller.principal;
        let denied: Vec<&Object> = objects
            .iter()
            .filter(|o| {
                !(o.markings.iter().all(|m| may_see(p, m)) && o.step.is_none_or(|c| cleared_for(&p.clearance, c)))
            })
            .collect();
        let mut answers = Vec::new();
        for path in &paths {
            let r = app.api_get(token, path).await;
            answers.push((path.clone(), r.status().as_u16(), r.text().await.unwrap_or_default()));
        }
        for path in &pages {
            let (status, html) = client.get_html(path).await;
            answers.push((path.clone(), status, html));
        }
        for (path, status, body) in &answers {
            for o in &denied {
                if body.contains(&o.token) {
                    leaks.push(format!("{} ({:?}) got {} from {path} ({status})", person.email, p.clearance, o.token));
                }
            }
        }
        // The other side: whatever the reader may see is listed where its kind is listed.
        for o in objects.iter().filter(|o| o.listed_in.is_some() && !denied.iter().any(|d| d.token == o.token)) {
            let list = o.listed_in.expect("listed");
            if let Some((_, 200, body)) = answers.iter().find(|(path, _, _)| path == list) {
                assert!(body.contains(&o.token), "{} may see {} but {list} does not list it", person.email, o.token);
                shown += 1;
            }
        }
    }
    assert!(leaks.is_empty(), "seed {seed}: {} leaks:\n{}", leaks.len(), leaks.join("\n"));
    assert!(shown > 0, "seed {seed}: no reader saw anything; the test would prove nothing");
    println!(
        "{} objects in {GRAPHS} graphs ({} runs), {READERS} readers, {} answers each, {shown} listings checked: nothing denied was shown",
        objects.len(),
        runs.len(),
        paths.len() + pages.len()
    );
}

/// A marking as an import body would give it, by organisation code.
fn drawn_from(m: &Marking, codes: &std::collections::HashMap<i64, String>) -> Drawn {
    let classification = LEVELS.iter().find(|l| **l == m.classification).copied().expect("a drawn level");
    let orgs = m
        .orgs
        .iter()
        .map(|id| *ORGS.iter().find(|c| Some(**c) == codes.get(id).map(String::as_str)).expect("a drawn organisation"))
        .collect();
    Drawn { classification, open_to_all: m.open_to_all, orgs }
}
