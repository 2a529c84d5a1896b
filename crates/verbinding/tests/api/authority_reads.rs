//! Issue 11, rule 9, for the views that show many objects at once: every
//! list, panel and inbox records a read of each classified object it shows
//! before it is handed out — also when the answer comes from a cache — and
//! nothing for an unclassified one.

use crate::authority_steps::{marked_draaiboek, read_views, running, u};
use crate::helpers::*;
use crate::on_both_backends;
use reqwest::Method;
use serde_json::{Value, json};

on_both_backends!(
    authority_every_list_audits_the_classified_objects_it_shows,
    authority_the_inbox_comes_in_bounded_pages,
    the_menu_counts_my_open_tasks_and_the_dashboard_lists_them,
);

const EMAIL: &str = "coordinator@tfc.example";

async fn created(r: reqwest::Response) -> i64 {
    assert!(r.status().is_success(), "{:?}", r.text().await);
    r.json::<Value>().await.expect("json")["id"].as_i64().expect("id")
}

async fn authority_every_list_audits_the_classified_objects_it_shows(b: verbinding_store::Backend) {
    let app = spawn_app(b).await;
    let token = app.token(EMAIL).await;
    let (execution, _, _) = running(&app).await;
    let run: Value = app.api_get(&token, &format!("/api/v1/executions/{execution}")).await.json().await.expect("json");
    // A run on an incident is guarded by (marked as) the incident itself.
    let guard = run["execution"]["guard_object_id"].as_i64().expect("guard");
    let incident = run["execution"]["incident_id"].as_i64().expect("incident");
    let open = created(
        app.api_send(
            Method::POST,
            &token,
            "/api/v1/incidents",
            json!({"title": "Open verstoring", "severity": "significant", "lead_organisation": "TFC",
                   "classification": "ongerubriceerd", "tlp": "clear", "open_to_all": true}),
        )
        .await,
    )
    .await;
    let dossier = created(
        app.api_send(
            Method::POST,
            &token,
            "/api/v1/dossiers",
            json!({"title": "Normen in de OEWG", "classification": "dep-v", "tlp": "amber",
                   "need_to_know": ["TFC"], "lead_organisation": "TFC"}),
        )
        .await,
    )
    .await;
    let mut doc = marked_draaiboek();
    doc["id"] = format!("playbook--{}", u(78)).into();
    let playbook = created(
        app.api_send(
            Method::POST,
            &token,
            "/api/v1/playbooks",
            json!({"document": doc, "classification": "dep-v", "tlp": "amber", "need_to_know": ["TFC"]}),
        )
        .await,
    )
    .await;

    // The API's incident list twice: the second answer comes from the cache
    // and is audited all the same; then the list page.
    for _ in 0..2 {
        let r = app.api_get(&token, "/api/v1/incidents?limit=100").await;
        assert_eq!(r.status(), 200);
        let listed: Value = r.json().await.expect("json");
        assert!(listed["items"].as_array().expect("items").iter().any(|i| i["id"] == incident));
    }
    let client = app.login(EMAIL).await;
    assert_eq!(client.get_html("/incidents").await.0, 200);
    assert_eq!(client.get_html("/incidents").await.0, 200);
    let listed = |views: Vec<String>| views.into_iter().filter(|v| v == "incidents").count();
    assert_eq!(listed(read_views(&app, incident, EMAIL).await), 4, "every list answer, cached or not");
    assert!(read_views(&app, open, EMAIL).await.is_empty(), "an unclassified incident's listing is not audited");

    assert_eq!(app.api_get(&token, "/api/v1/dossiers").await.status(), 200);
    assert_eq!(client.get_html("/dossiers").await.0, 200);
    assert_eq!(read_views(&app, dossier, EMAIL).await, ["dossiers"; 2]);

    assert_eq!(app.api_get(&token, "/api/v1/playbooks").await.status(), 200);
    assert_eq!(read_views(&app, playbook, EMAIL).await, ["draaiboeken"]);

    assert_eq!(app.api_get(&token, &format!("/api/v1/incidents/{incident}/executions")).await.status(), 200);
    assert_eq!(app.api_get(&token, "/api/v1/inbox").await.status(), 200);
    assert_eq!(client.get_html("/executions").await.0, 200);
    let views = read_views(&app, guard, EMAIL).await;
    for view in ["runs", "inbox"] {
        assert!(views.contains(&view.to_string()), "{view} is audited: {views:?}");
    }
    assert_eq!(views.iter().filter(|v| *v == "runs").count(), 2, "the incident's runs and the running list");
}

/// Rule 11 for the inbox: it comes in pages of at most 200 tasks, with how
/// many there are in all; the pages together are the whole inbox, once each.
async fn authority_the_inbox_comes_in_bounded_pages(b: verbinding_store::Backend) {
    let app = spawn_app(b).await;
    let token = app.token(EMAIL).await;
    let (_, playbook, _) = running(&app).await;
    // Two more runs of the same draaiboek: three open tasks for TFC.
    for title in ["Tweede verstoring", "Derde verstoring"] {
        let incident = created(
            app.api_send(
                Method::POST,
                &token,
                "/api/v1/incidents",
                json!({"title": title, "severity": "significant", "lead_organisation": "TFC",
                       "classification": "dep-v", "tlp": "amber", "need_to_know": ["TFC"]}),
            )
            .await,
        )
        .await;
        let path = format!("/api/v1/incidents/{incident}/executions");
        let r = app.api_send(Method::POST, &token, &path, json!({"playbook": playbook})).await;
        assert_eq!(r.status(), 201, "{:?}", r.text().await);
    }
    let page = |query: &'static str| {
        let app = &app;
        let token = &token;
        async move {
            let r = app.api_get(token, &format!("/api/v1/inbox{query}")).await;
            assert_eq!(r.status(), 200);
            r.json::<Value>().await.expect("json")
        }
    };
    let whole = page("?limit=200").await;
    let total = whole["total"].as_i64().expect("total");
    assert_eq!(total, 3, "three runs wait for TFC: {whole}");
    let key = |t: &Value| format!("{}/{}", t["execution_id"], t["task"]);
    let mut seen = Vec::new();
    let mut cursor = String::new();
    loop {
        let v: Value = app.api_get(&token, &format!("/api/v1/inbox?limit=1{cursor}")).await.json().await.expect("json");
        assert_eq!(v["total"], total);
        let items = v["items"].as_array().expect("items");
        assert_eq!(items.len(), 1);
        seen.push(key(&items[0]));
        match v["next_cursor"].as_str() {
            Some(next) => cursor = format!("&cursor={next}"),
            None => break,
        }
    }
    let all: Vec<String> = whole["items"].as_array().expect("items").iter().map(key).collect();
    assert_eq!(seen, all, "page by page is the same inbox, in the same order");
    let r = app.api_get(&token, "/api/v1/inbox?limit=201").await;
    assert_eq!(r.status(), 422, "a page above the limit is refused");
    assert_eq!(r.json::<Value>().await.expect("json")["errors"][0]["field"], "limit");
}

/// Issue 14: the menu says how many tasks wait ("Mijn taken (1 open)") and
/// the dashboard lists them with their deadlines; someone without the task
/// sees neither.
async fn the_menu_counts_my_open_tasks_and_the_dashboard_lists_them(b: verbinding_store::Backend) {
    let app = spawn_app(b).await;
    let before = app.login(EMAIL).await;
    let (_, html) = before.get_html("/dossiers").await;
    let count_before = open_tasks(&html);
    running(&app).await;
    let client = app.login(EMAIL).await;
    let (_, html) = client.get_html("/dossiers").await;
    assert_eq!(open_tasks(&html), count_before + 1, "the new task is counted on every page");
    let (_, dashboard) = client.get_html("/").await;
    assert!(dashboard.contains("Weigh the intercepts of source Kestrel"), "the dashboard lists the task");
    // NCSC's liaison has no task of TFC's: not counted, not listed.
    let (_, other) = app.login("liaison@ncsc.example").await.get_html("/").await;
    assert!(!other.contains("Kestrel"));
}

/// The open-task count in the menu (0 when it shows none).
fn open_tasks(html: &str) -> i64 {
    html.split("id=\"open-tasks\">(")
        .nth(1)
        .and_then(|s| s.split('<').next())
        .map_or(0, |n| n.parse().expect("a number"))
}
