//! Importing a draaiboek on the draaiboeken page: a CACAO file or pasted
//! JSON, strict or lenient, with a marking; refusals list every finding in
//! the user's language and store nothing; success goes to the draaiboek,
//! which shows what lenient validation tolerated.

use crate::helpers::*;
use crate::on_both_backends;

on_both_backends!(playbooks_import_page_refuses_with_findings_and_imports_leniently);

fn manual_playbook() -> Vec<u8> {
    std::fs::read(corpus("cacao/examples/soarca/examples__manual-playbook.json")).expect("corpus playbook")
}

async fn imported_count(app: &TestApp) -> i64 {
    let mut c = app.state.db.read().await.expect("conn");
    sqlx::query_scalar("SELECT COUNT(*) FROM playbooks WHERE builtin IS NULL").fetch_one(&mut *c).await.expect("n")
}

/// The import form as a browser sends it: the token first, then the fields, then the file.
fn form(csrf: &str, fields: &[(&str, &str)], file: Option<Vec<u8>>) -> reqwest::multipart::Form {
    let mut f = reqwest::multipart::Form::new().text("csrf", csrf.to_string());
    for (k, v) in fields {
        f = f.text(k.to_string(), v.to_string());
    }
    // A browser sends an empty file part when no file was chosen.
    let name = if file.is_some() { "manual-playbook.json" } else { "" };
    f.part("file", reqwest::multipart::Part::bytes(file.unwrap_or_default()).file_name(name))
}

async fn playbooks_import_page_refuses_with_findings_and_imports_leniently(b: verbinding_store::Backend) {
    let app = spawn_app(b).await;
    let liaison = app.login("liaison@ncsc.example").await;
    let (_, html) = liaison.get_html("/draaiboeken").await;
    assert!(!html.contains("/draaiboeken/import"), "no way to the import form for those who may not import");
    let (status, _) = liaison.get_html("/draaiboeken/import").await;
    assert_eq!(status, 403, "nor the form itself");
    let mut web = app.login("coordinator@tfc.example").await;
    web.refresh_csrf("/draaiboeken/import").await;
    let csrf = web.csrf.clone().expect("csrf");
    // The list leads to the form on its own page.
    let (_, html) = web.get_html("/draaiboeken").await;
    assert!(html.replace("&#x2f;", "/").contains("href=\"/draaiboeken/import\""));
    assert!(!html.contains("action=\"/draaiboeken/import\""), "the list carries no form");
    let (_, html) = web.get_html("/draaiboeken/import").await;
    assert!(html.contains("action=\"/draaiboeken/import\""));
    let url = format!("{}/draaiboeken/import", web.base);
    let marking = [("classification", "ongerubriceerd"), ("tlp", "green"), ("open_to_all", "on")];

    // Strict: refused, every finding listed with step, property, code and the Dutch message.
    let r = web
        .http
        .post(&url)
        .multipart(form(&csrf, &[("mode", "strict"), marking[0], marking[1], marking[2]], Some(manual_playbook())))
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), 422);
    let html = r.text().await.expect("html");
    assert!(html.contains("schema_unevaluated"), "the code is listed");
    assert!(html.contains("agent_definitions"), "the property is listed");
    assert!(html.contains("href=\"#findings\""), "the error summary links the findings");
    assert_eq!(imported_count(&app).await, 0, "nothing stored");

    // Pasted JSON that is not JSON, in English (the browser's language).
    let r = web
        .http
        .post(&url)
        .header("accept-language", "en")
        .multipart(form(&csrf, &[("document", "{ nope"), ("mode", "strict"), marking[0], marking[1], marking[2]], None))
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), 422);
    let html = r.text().await.expect("html");
    assert!(html.contains("json_invalid"));
    assert!(html.contains("{ nope"), "the pasted text is kept");
    // Neither a file nor JSON; both; an unknown mode; a marking above one's clearance: each named.
    for (fields, file, anchor) in [
        (vec![("mode", "strict")], None, "#document"),
        (vec![("document", "{}"), ("mode", "strict")], Some(manual_playbook()), "#document"),
        (vec![("document", "{}"), ("mode", "maybe")], None, "#mode-strict"),
        (
            vec![("document", "{}"), ("mode", "strict"), ("classification", "stg-zeer-geheim"), ("tlp", "red")],
            None,
            "#classification",
        ),
    ] {
        let r = web.http.post(&url).multipart(form(&csrf, &fields, file)).send().await.expect("post");
        assert_eq!(r.status(), 422, "{fields:?}");
        let html = r.text().await.expect("html");
        assert!(html.contains(&format!("href=\"{anchor}\"")), "{fields:?} names {anchor}");
    }
    // A forged form is refused before anything is read.
    let r = web.http.post(&url).multipart(form("forged", &[("mode", "lenient")], Some(manual_playbook()))).send().await;
    assert_eq!(r.expect("post").status(), 403);
    let r = liaison.http.post(&url).multipart(form("x", &[], None)).send().await.expect("post");
    assert_eq!(r.status(), 403);
    assert_eq!(imported_count(&app).await, 0, "nothing stored by any refusal");

    // Lenient: imported; the draaiboek's page confirms it and lists what was tolerated.
    let r = web
        .http
        .post(&url)
        .multipart(form(&csrf, &[("mode", "lenient"), marking[0], marking[1], marking[2]], Some(manual_playbook())))
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), 303);
    let location = r.headers()["location"].to_str().expect("location").to_string();
    assert!(location.starts_with("/draaiboeken/") && location.ends_with("?notice=created"), "{location}");
    let (status, html) = web.get_html(&location).await;
    assert_eq!(status, 200);
    assert!(html.contains("Het draaiboek is geïmporteerd."));
    assert!(html.contains("Bij soepele controle getolereerd"));
    assert!(html.contains("schema_unevaluated"));
    assert_eq!(imported_count(&app).await, 1);
    // The same file again: nothing changes, and the page says so.
    let r = web
        .http
        .post(&url)
        .multipart(form(&csrf, &[("mode", "lenient"), marking[0], marking[1], marking[2]], Some(manual_playbook())))
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), 303);
    assert!(r.headers()["location"].to_str().expect("location").ends_with("?notice=unchanged"));
    assert_eq!(imported_count(&app).await, 1);
}
