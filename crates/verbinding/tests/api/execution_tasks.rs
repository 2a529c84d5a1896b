//! Claims, delegations, comments and attachments on the tasks of a draaiboek
//! run, on the run page and through the API: only people who may act on a
//! task add to it, only people who may see the incident read it or are
//! offered as delegates, and nobody else learns that any of it exists.

use crate::helpers::*;
use crate::on_both_backends;
use serde_json::{Value, json};

on_both_backends!(
    task_notes_claim_delegate_and_comment_on_the_run_page_and_the_api,
    attachment_upload_list_download_and_need_to_know,
    attachment_refusals_store_nothing,
    attachment_upload_on_the_run_page,
);

/// A running national draaiboek for an incident of TFC, NCSC and BZ; its first (TFC) task.
async fn running(app: &TestApp, coordinator: &str) -> (i64, String) {
    let r = app
        .api_send(
            reqwest::Method::POST,
            coordinator,
            "/api/v1/incidents",
            json!({"title": "Verstoring ministeriële netwerken", "severity": "significant", "lead_organisation": "TFC",
                   "classification": "dep-v", "tlp": "amber", "need_to_know": ["TFC", "NCSC", "BZ"]}),
        )
        .await;
    assert_eq!(r.status(), 201);
    let incident = r.json::<Value>().await.expect("json")["id"].as_i64().expect("id");
    let list: Value = app.api_get(coordinator, "/api/v1/playbooks").await.json().await.expect("json");
    let playbook =
        list["items"].as_array().expect("items").iter().find(|p| p["builtin"] == "national-response").expect("listed")
            ["id"]
            .as_i64()
            .expect("id");
    let r = app
        .api_send(
            reqwest::Method::POST,
            coordinator,
            &format!("/api/v1/incidents/{incident}/executions"),
            json!({"playbook": playbook}),
        )
        .await;
    assert_eq!(r.status(), 201);
    let v: Value = r.json().await.expect("json");
    let execution = v["execution"]["id"].as_i64().expect("id");
    let task = v["view"]["waiting"][0]["task"].as_str().expect("task").to_string();
    (execution, task)
}

fn part(bytes: Vec<u8>, name: &str, mime: &str) -> reqwest::multipart::Form {
    reqwest::multipart::Form::new()
        .part("file", reqwest::multipart::Part::bytes(bytes).file_name(name.to_string()).mime_str(mime).expect("mime"))
}

async fn upload(
    app: &TestApp,
    token: &str,
    execution: i64,
    task: &str,
    form: reqwest::multipart::Form,
) -> reqwest::Response {
    let task = task.replace('#', "%23");
    reqwest::Client::new()
        .post(app.url(&format!("/api/v1/executions/{execution}/tasks/{task}/attachments")))
        .bearer_auth(token)
        .multipart(form)
        .send()
        .await
        .expect("upload")
}

async fn stored_count(app: &TestApp) -> i64 {
    let mut c = app.state.db.read().await.expect("conn");
    sqlx::query_scalar("SELECT COUNT(*) FROM execution_task_attachments").fetch_one(&mut *c).await.expect("count")
}

async fn task_notes_claim_delegate_and_comment_on_the_run_page_and_the_api(b: verbinding_store::Backend) {
    let app = spawn_app(b).await;
    let coordinator = app.token("coordinator@tfc.example").await;
    let ncsc = app.token("liaison@ncsc.example").await;
    let aivd = app.token("liaison@aivd.example").await;
    let (execution, task) = running(&app, &coordinator).await;
    let notes = format!("/api/v1/executions/{execution}/notes");

    // The API: an unknown task is named for everyone, also for coordinators.
    let r = app
        .api_send(
            reqwest::Method::POST,
            &coordinator,
            &notes,
            json!({"task": "action--none#0", "kind": "comment", "text": "x"}),
        )
        .await;
    assert_eq!(r.status(), 409);
    assert_eq!(r.json::<Value>().await.expect("json")["errors"][0]["field"], "task");
    // Another organisation's task may not be claimed; outside the need-to-know the run does not exist.
    let r = app.api_send(reqwest::Method::POST, &ncsc, &notes, json!({"task": task, "kind": "claim"})).await;
    assert_eq!(r.status(), 403);
    let r = app.api_send(reqwest::Method::POST, &aivd, &notes, json!({"task": task, "kind": "claim"})).await;
    assert_eq!(r.status(), 404);
    let r = app.api_send(reqwest::Method::POST, &coordinator, &notes, json!({"task": task, "kind": "claim"})).await;
    assert_eq!(r.status(), 200);

    // The page: the delegate choice lists only people of the task's organisation who may see the incident.
    let web = app.login("coordinator@tfc.example").await;
    let path = format!("/executions/{execution}");
    let (status, html) = web.get_html(&path).await;
    assert_eq!(status, 200);
    assert!(html.contains("directeur@tfc.example"), "a colleague of TFC is offered");
    for hidden in ["liaison@aivd.example", "liaison@mivd.example", "liaison@ncsc.example", "coordinator@tfc.example\""]
    {
        assert!(!html.contains(&format!("value=\"{hidden}")), "{hidden} is not offered");
    }
    assert!(html.contains("Heeft de taak opgepakt"), "the claim is in the task's history");

    // A delegate outside the task's organisation, or outside the need-to-know, is refused with the field named.
    for to in ["liaison@ncsc.example", "liaison@aivd.example", ""] {
        let r = web.post_form(&format!("{path}/notes"), &[("task", &task), ("kind", "delegate"), ("to", to)]).await;
        assert_eq!(r.status(), 422, "delegate to {to:?}");
        let html = r.text().await.expect("html");
        assert!(html.contains("href=\"#delegate-1\""), "the error summary links the field");
        assert!(html.contains("Delegeren aan"), "and names it in Dutch");
    }
    let r = web.post_form(&format!("{path}/notes"), &[("task", &task), ("kind", "comment"), ("text", "  ")]).await;
    assert_eq!(r.status(), 422);
    assert!(r.text().await.expect("html").contains("href=\"#text-1\""));
    // Nothing was written by the refusals: one note (the claim) so far.
    let v: Value =
        app.api_get(&coordinator, &format!("/api/v1/executions/{execution}")).await.json().await.expect("json");
    assert_eq!(v["notes"].as_array().expect("notes").len(), 1, "{v}");

    let r = web
        .post_form(
            &format!("{path}/notes"),
            &[("task", &task), ("kind", "comment"), ("text", "Ambassadeur is gebeld.")],
        )
        .await;
    assert_eq!(r.status(), 303);
    let r = web
        .post_form(
            &format!("{path}/notes"),
            &[("task", &task), ("kind", "delegate"), ("to", "directeur@tfc.example"), ("text", "Graag vandaag")],
        )
        .await;
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()["location"], format!("{path}?notice=delegate").as_str());
    let (_, html) = web.get_html(&format!("{path}?notice=delegate")).await;
    assert!(html.contains("De taak is gedelegeerd."));
    assert!(html.contains("Ambassadeur is gebeld."));
    assert!(html.contains("Gedelegeerd aan"), "the delegation is shown");
    // In English too.
    let mut en = app.login("directeur@tfc.example").await;
    en.refresh_csrf(&path).await;
    let r = en.post_form("/language", &[("lang", "en")]).await;
    assert_eq!(r.status(), 303);
    let (_, html) = en.get_html(&path).await;
    assert!(html.contains("Delegated to"), "English history");
    assert!(html.contains("Claim, delegate, comment or attach"));
    // The delegate now may act on the task (it is in their inbox).
    let directeur = app.token("directeur@tfc.example").await;
    let inbox: Value = app.api_get(&directeur, "/api/v1/inbox").await.json().await.expect("json");
    assert!(inbox["items"].as_array().expect("items").iter().any(|t| t["task"] == task.as_str()));
}

async fn attachment_upload_list_download_and_need_to_know(b: verbinding_store::Backend) {
    let app = spawn_app(b).await;
    let coordinator = app.token("coordinator@tfc.example").await;
    let ncsc = app.token("liaison@ncsc.example").await;
    let mivd = app.token("liaison@mivd.example").await;
    let besluit = app.token("besluit@bz.example").await;
    let (execution, task) = running(&app, &coordinator).await;
    let bytes: Vec<u8> = (0..70_000u32).map(|i| (i % 251) as u8).chain([0xff, 0xfe, 0x00]).collect();

    let r = upload(&app, &coordinator, execution, &task, part(bytes.clone(), "../rapport juni <b>.html", "text/html"))
        .await;
    assert_eq!(r.status(), 201);
    let created: Value = r.json().await.expect("json");
    assert_eq!(created["file_name"], "rapport_juni__b_.html");
    assert_eq!(created["original_name"], "../rapport juni <b>.html");
    assert_eq!(created["media_type"], "text/html");
    assert_eq!(created["size"], bytes.len() as i64);
    assert_eq!(created["uploaded_by"], "coordinator@tfc.example");
    use sha2::Digest;
    assert_eq!(created["sha256"], hex::encode(sha2::Sha256::digest(&bytes)));
    let id = created["id"].as_i64().expect("id");

    // Everyone who may see the incident lists and downloads, also without write permission.
    for token in [&coordinator, &ncsc, &besluit] {
        let list: Value = app
            .api_get(token, &format!("/api/v1/executions/{execution}/attachments"))
            .await
            .json()
            .await
            .expect("json");
        assert_eq!(list["items"].as_array().expect("items").len(), 1);
        assert_eq!(list["items"][0]["task"], task.as_str());
        let r = app.api_get(token, &format!("/api/v1/executions/{execution}/attachments/{id}")).await;
        assert_eq!(r.status(), 200);
        assert_eq!(r.headers()["content-type"], "application/octet-stream");
        assert_eq!(r.headers()["x-content-type-options"], "nosniff");
        let disposition = r.headers()["content-disposition"].to_str().expect("header").to_string();
        assert!(disposition.starts_with("attachment; filename=\"rapport_juni__b_.html\""), "{disposition}");
        assert_eq!(r.bytes().await.expect("bytes").to_vec(), bytes, "the bytes come back identical");
    }
    // The page download answers the same way.
    let web = app.login("liaison@ncsc.example").await;
    let r = web.get(&format!("/executions/{execution}/attachments/{id}")).await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "application/octet-stream");
    assert_eq!(r.bytes().await.expect("bytes").to_vec(), bytes);
    let (_, html) = web.get_html(&format!("/executions/{execution}")).await;
    assert!(html.contains("rapport juni &lt;b&gt;.html"), "shown by its original name, escaped");
    assert!(html.contains("68,4 KiB"), "with its size, a decimal comma in Dutch");

    // Outside the need-to-know: 404 exactly like an execution or attachment that does not exist.
    let absent = app.api_get(&coordinator, &format!("/api/v1/executions/{execution}/attachments/999999")).await;
    assert_eq!(absent.status(), 404);
    let absent: Value = absent.json().await.expect("json");
    for path in [
        format!("/api/v1/executions/{execution}/attachments"),
        format!("/api/v1/executions/{execution}/attachments/{id}"),
    ] {
        let r = app.api_get(&mivd, &path).await;
        assert_eq!(r.status(), 404, "{path}");
        assert_eq!(r.json::<Value>().await.expect("json")["code"], absent["code"]);
    }
    let r = upload(&app, &mivd, execution, &task, part(b"x".to_vec(), "a.txt", "text/plain")).await;
    assert_eq!(r.status(), 404);
    // Who may see but not act on the task: the NCSC liaison (a TFC task), a decision maker (no write permission).
    let r = upload(&app, &ncsc, execution, &task, part(b"x".to_vec(), "a.txt", "text/plain")).await;
    assert_eq!(r.status(), 403);
    let r = upload(&app, &besluit, execution, &task, part(b"x".to_vec(), "a.txt", "text/plain")).await;
    assert_eq!(r.status(), 403);
    assert_eq!(stored_count(&app).await, 1);

    // Audited about the incident.
    let admin = app.token("beheer@bz.example").await;
    let audit: Value = app.api_get(&admin, "/api/v1/audit?limit=200").await.json().await.expect("json");
    let added: Vec<&Value> = audit["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter(|e| e["event"]["action"] == "execution.attachment_added")
        .collect();
    assert_eq!(added.len(), 1, "one attachment event");

    // Immutable: the database refuses changes and deletions.
    let mut c = app.state.db.read().await.expect("conn");
    assert!(sqlx::query("UPDATE execution_task_attachments SET size = 1").execute(&mut *c).await.is_err());
    assert!(sqlx::query("DELETE FROM execution_task_attachments").execute(&mut *c).await.is_err());
}

async fn attachment_refusals_store_nothing(b: verbinding_store::Backend) {
    let app = spawn_app(b).await;
    let coordinator = app.token("coordinator@tfc.example").await;
    let (execution, task) = running(&app, &coordinator).await;

    // Too big: one byte over 10 MiB; the field is named in the caller's language.
    let big = vec![7u8; 10 * 1024 * 1024 + 1];
    let task_path = task.replace('#', "%23");
    let r = reqwest::Client::new()
        .post(app.url(&format!("/api/v1/executions/{execution}/tasks/{task_path}/attachments")))
        .bearer_auth(&coordinator)
        .header("accept-language", "en")
        .multipart(part(big, "big.bin", "application/octet-stream"))
        .send()
        .await
        .expect("upload");
    assert_eq!(r.status(), 422);
    let v: Value = r.json().await.expect("json");
    assert_eq!(v["errors"][0]["field"], "file");
    assert_eq!(v["errors"][0]["code"], "file_too_large");
    // Exactly 10 MiB is accepted.
    let r = upload(&app, &coordinator, execution, &task, part(vec![1u8; 10 * 1024 * 1024], "max.bin", "x/y")).await;
    assert_eq!(r.status(), 201);
    assert_eq!(stored_count(&app).await, 1);
    // Far over the route's body limit: refused the same way (the server
    // stops reading there, so the client may also see the connection close
    // before it has sent everything); nothing is stored either way.
    let huge = vec![7u8; 12 * 1024 * 1024];
    let r = reqwest::Client::new()
        .post(app.url(&format!("/api/v1/executions/{execution}/tasks/{task_path}/attachments")))
        .bearer_auth(&coordinator)
        .multipart(part(huge, "huge.bin", "application/octet-stream"))
        .send()
        .await;
    if let Ok(r) = r {
        assert_eq!(r.status(), 422);
        assert_eq!(r.json::<Value>().await.expect("json")["errors"][0]["field"], "file");
    }

    // An unknown task, a missing file, a body that is no upload: named, nothing stored.
    let r = upload(&app, &coordinator, execution, "action--none#0", part(b"x".to_vec(), "a.txt", "text/plain")).await;
    assert_eq!(r.status(), 409);
    assert_eq!(r.json::<Value>().await.expect("json")["errors"][0]["field"], "task");
    let r = upload(&app, &coordinator, execution, &task, reqwest::multipart::Form::new().text("other", "x")).await;
    assert_eq!(r.status(), 422);
    assert_eq!(r.json::<Value>().await.expect("json")["errors"][0]["field"], "file");
    let r = app
        .api_send(
            reqwest::Method::POST,
            &coordinator,
            &format!("/api/v1/executions/{execution}/tasks/{task_path}/attachments"),
            json!({}),
        )
        .await;
    assert_eq!(r.status(), 422);
    assert_eq!(stored_count(&app).await, 1);
    // An execution that does not exist.
    let r = upload(&app, &coordinator, 999_999, &task, part(b"x".to_vec(), "a.txt", "text/plain")).await;
    assert_eq!(r.status(), 404);
    assert_eq!(stored_count(&app).await, 1);
}

async fn attachment_upload_on_the_run_page(b: verbinding_store::Backend) {
    let app = spawn_app(b).await;
    let coordinator = app.token("coordinator@tfc.example").await;
    let (execution, task) = running(&app, &coordinator).await;
    let mut web = app.login("coordinator@tfc.example").await;
    let path = format!("/executions/{execution}");
    web.refresh_csrf(&path).await;
    let csrf = web.csrf.clone().expect("csrf");
    let form = |token: &str, bytes: Vec<u8>| {
        reqwest::multipart::Form::new().text("csrf", token.to_string()).text("task", task.clone()).part(
            "file",
            reqwest::multipart::Part::bytes(bytes).file_name("nota.pdf").mime_str("application/pdf").expect("mime"),
        )
    };
    let url = format!("{}{path}/attachments", web.base);
    // Without the right token first, nothing is read or stored.
    let r = web.http.post(&url).multipart(form("forged", b"%PDF".to_vec())).send().await.expect("post");
    assert_eq!(r.status(), 403);
    assert_eq!(stored_count(&app).await, 0);
    // Too big: the page again, the field named in Dutch and linked from the error summary.
    let r = web.http.post(&url).multipart(form(&csrf, vec![0u8; 10 * 1024 * 1024 + 10])).send().await.expect("post");
    assert_eq!(r.status(), 422);
    let html = r.text().await.expect("html");
    assert!(html.contains("href=\"#file-1\""), "the summary links the field");
    assert!(html.contains("Het bestand is groter dan 10 MiB."));
    assert_eq!(stored_count(&app).await, 0);
    let r = web.http.post(&url).multipart(form(&csrf, b"%PDF-1.7 nota".to_vec())).send().await.expect("post");
    assert_eq!(r.status(), 303);
    let (_, html) = web.get_html(&format!("{path}?notice=attach")).await;
    assert!(html.contains("De bijlage is toegevoegd."));
    assert!(html.contains("nota.pdf"));
    assert!(html.contains("Bestand toegevoegd"), "the file in the task's history");
    assert_eq!(stored_count(&app).await, 1);
}
