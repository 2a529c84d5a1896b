//! The capacity-building portfolio: projects with money per year and
//! maturity baselines, need-to-know on every project, an IATI export that
//! holds only what is public and validates against the official schema, and
//! an IATI import of the standard's annotated example that is published
//! again as it came in.

use crate::helpers::*;
use crate::on_both_backends;
use verbinding_app::{AppError, portfolio, portfolio_iati};
use verbinding_domain::marking::MarkingInput;
use verbinding_domain::portfolio::{BaselineInput, FlowInput, ProjectInput};
use verbinding_store::Backend;

on_both_backends!(
    the_demo_projects_serve_the_strategy_and_are_listed_through_the_api,
    a_project_keeps_its_money_as_history_and_sums_it_per_year,
    a_hidden_project_is_nowhere_and_the_iati_export_holds_only_what_is_public,
    the_iati_example_imports_and_is_published_again_as_it_came_in,
    an_iati_file_is_imported_through_the_api_with_a_report_per_activity,
);

const COORDINATOR: &str = "coordinator@tfc.example";

fn project(identifier: &str, title: &str, marking: MarkingInput) -> ProjectInput {
    ProjectInput {
        identifier: identifier.into(),
        title: title.into(),
        summary: "Training voor diplomaten in cybernormen.".into(),
        language: "nl".into(),
        status: "implementation".into(),
        start_date: "2025-01-01".into(),
        end_date: "2027-12-31".into(),
        lead_org: "TFC".into(),
        donor_name: "Ministerie van Buitenlandse Zaken".into(),
        donor_ref: "XM-DAC-7".into(),
        implementer_name: "Voorbeelduitvoerder".into(),
        currency: "EUR".into(),
        countries: "KE 60\nUG 40".into(),
        sectors: "22040 50\n15210 50".into(),
        budgets: "2025 250.000\n2026 300.000".into(),
        marking,
        ..Default::default()
    }
}

fn flow(kind: &str, date: &str, amount: &str, note: &str) -> FlowInput {
    FlowInput { kind: kind.into(), date: date.into(), amount: amount.into(), note: note.into() }
}

async fn the_demo_projects_serve_the_strategy_and_are_listed_through_the_api(b: Backend) {
    let app = spawn_app(b).await;
    let token = app.token("evaluator@bz.example").await;
    let list: serde_json::Value =
        app.api_get(&token, "/api/v1/capacity-building/projects").await.json().await.expect("json");
    let items = list["items"].as_array().expect("items");
    let example = items.iter().find(|p| p["identifier"] == "XM-DAC-7-VOORBEELD-CCB-1").expect("the demo project");
    assert!(example["title"].as_str().expect("title").starts_with("Voorbeeld"), "an example says it is one");
    let y2025 = example["years"].as_array().expect("years").iter().find(|y| y["year"] == 2025).expect("2025");
    assert_eq!(
        (y2025["budget_cents"].as_i64(), y2025["disbursed_cents"].as_i64()),
        (Some(30_000_000), Some(29_000_000))
    );
    let id = example["id"].as_i64().expect("id");
    let detail: serde_json::Value =
        app.api_get(&token, &format!("/api/v1/capacity-building/projects/{id}")).await.json().await.expect("json");
    assert_eq!(detail["baselines"].as_array().map(Vec::len), Some(2));
    let objective = detail["objectives"][0]["id"].as_i64().expect("the line of effort it serves");
    // The objective's page names the projects serving it.
    let page = app.login("evaluator@bz.example").await;
    let (status, html) = page.get_html(&format!("/strategy/objectives/{objective}")).await;
    assert_eq!(status, 200);
    assert!(html.contains(&format!(r#"href="/portfolio/projects/{id}""#)));
    // The API's IATI file is the public portfolio, valid against the schema.
    let r = app.api_get(&token, "/api/v1/capacity-building/iati").await;
    assert_eq!(r.status(), 200);
    assert!(r.headers()["content-type"].to_str().expect("type").starts_with("application/xml"));
    let xml = r.text().await.expect("xml");
    assert!(xml.contains("XM-DAC-7-VOORBEELD-CCB-2"));
    assert_valid_iati(&xml);
    assert_eq!(app.api_get(&token, "/api/v1/capacity-building/projects/999999").await.status(), 404);
}

async fn a_project_keeps_its_money_as_history_and_sums_it_per_year(b: Backend) {
    let app = spawn_app(b).await;
    let a = &app.state.app;
    let c = caller_for(a, COORDINATOR).await;
    let id = portfolio::create_project(a, &c, &project("XM-DAC-7-T-1", "Cybernormen Oost-Afrika", public_marking()))
        .await
        .expect("project");
    portfolio::record_flow(a, &c, id, &flow("commitment", "2025-02-01", "500.000", "")).await.expect("commitment");
    portfolio::record_flow(a, &c, id, &flow("disbursement", "2025-06-15", "120.000,50", "")).await.expect("paid");
    portfolio::record_flow(a, &c, id, &flow("disbursement", "2025-07-01", "-20.000", "dubbel geboekt"))
        .await
        .expect("correction");
    // A correction needs its note; a zero amount is nothing; nothing is written.
    let refused = portfolio::record_flow(a, &c, id, &flow("disbursement", "2025-08-01", "-5", "")).await;
    assert_eq!(field_codes(refused.expect_err("no note")), vec![("note".to_string(), "required".to_string())]);
    let page = portfolio::project_page(a, &c, id).await.expect("page");
    assert_eq!(page.flows.len(), 3, "the refused flow was not written");
    let y2025 = page.years.iter().find(|y| y.year == 2025).expect("2025");
    assert_eq!((y2025.budget, y2025.committed, y2025.disbursed), (25_000_000, 50_000_000, 10_000_050));
    assert_eq!(page.years.iter().map(|y| y.year).collect::<Vec<_>>(), vec![2025, 2026]);
    // A recorded flow is history: the database refuses to change it.
    let mut tx = app.state.db.write().await.expect("tx");
    let changed =
        sqlx::query("UPDATE project_flows SET cents = 1 WHERE project_id = $1").bind(id).execute(&mut **tx).await;
    assert!(changed.is_err(), "a recorded flow cannot be changed");
    drop(tx);
    // A baseline names a project country and a year before the start.
    let baseline = BaselineInput {
        country: "GH".into(),
        dimension: "policy-strategy".into(),
        stage: "2".into(),
        year: "2026".into(),
        source: "CMM-review 2024".into(),
    };
    let e = portfolio::record_baseline(a, &c, id, &baseline).await.expect_err("wrong country and year");
    assert_eq!(
        field_codes(e),
        vec![
            ("country".to_string(), "country_not_in_project".to_string()),
            ("year".to_string(), "baseline_after_start".to_string())
        ]
    );
    let ok = BaselineInput { country: "KE".into(), year: "2024".into(), ..baseline };
    portfolio::record_baseline(a, &c, id, &ok).await.expect("baseline");
    // The page answers in both languages, with the amounts formatted for each.
    let nl = app.login(COORDINATOR).await;
    let (status, html) = nl.get_html(&format!("/portfolio/projects/{id}")).await;
    assert_eq!(status, 200);
    assert!(html.contains("€ 250.000"), "the 2025 budget in Dutch");
    assert!(html.contains("€ 100.000,5"), "the 2025 disbursements net of the correction, in Dutch");
    assert!(html.contains("<svg"), "the chart of money per year");
    // Bad input on the form is shown with the field named, and nothing is created.
    let before = portfolio::portfolio(a, &c).await.expect("list").entries.len();
    let r = nl.post_form("/portfolio", &[("identifier", "XM DAC"), ("title", ""), ("countries", "KE 60")]).await;
    assert_eq!(r.status(), 422);
    let html = r.text().await.expect("html");
    assert!(html.contains(r#"id="countries-error""#) && html.contains(r#"id="identifier-error""#));
    assert_eq!(portfolio::portfolio(a, &c).await.expect("list").entries.len(), before);
}

async fn a_hidden_project_is_nowhere_and_the_iati_export_holds_only_what_is_public(b: Backend) {
    let app = spawn_app(b).await;
    let a = &app.state.app;
    let c = caller_for(a, COORDINATOR).await;
    let public = portfolio::create_project(a, &c, &project("XM-DAC-7-T-PUB", "Openbaar project", public_marking()))
        .await
        .expect("public");
    portfolio::record_flow(a, &c, public, &flow("disbursement", "2025-03-01", "1.000", "")).await.expect("paid");
    let secret = tfc_only_marking();
    let hidden = portfolio::create_project(a, &c, &project("XM-DAC-7-T-GEHEIM", "Geheim partnerproject", secret))
        .await
        .expect("hidden");
    // The evaluator of BZ is not on the need-to-know list.
    let evaluator = caller_for(a, "evaluator@bz.example").await;
    let seen = portfolio::portfolio(a, &evaluator).await.expect("list");
    assert!(seen.entries.iter().any(|e| e.project.id == public));
    assert!(!seen.entries.iter().any(|e| e.project.id == hidden), "not in the list");
    let r = portfolio::project_page(a, &evaluator, hidden).await;
    assert!(matches!(r, Err(AppError::NotFound)), "hidden answers as absent");
    let page = app.login("evaluator@bz.example").await;
    assert_eq!(page.get(&format!("/portfolio/projects/{hidden}")).await.status(), 404);
    let (_, html) = page.get_html("/portfolio").await;
    assert!(!html.contains("Geheim partnerproject"));
    // The coordinator sees both; the export holds only the public one and says one was withheld.
    let export = portfolio_iati::iati_export(a, &c).await.expect("export");
    // The demo's two example projects and this one are public; the secret one is withheld.
    assert_eq!((export.published, export.withheld), (3, 1));
    assert!(export.xml.contains("XM-DAC-7-T-PUB") && !export.xml.contains("GEHEIM"));
    assert_valid_iati(&export.xml);
    let download = app.login(COORDINATOR).await.get("/portfolio/iati").await;
    assert_eq!(download.status(), 200);
    assert_eq!(download.headers()["x-withheld-projects"], "1");
    assert!(download.text().await.expect("xml").contains("<iati-activities"));
}

/// Validates with the official IATI 2.03 schema, through xmllint.
fn assert_valid_iati(xml: &str) {
    let dir = TempDir::new();
    let file = dir.0.join("export.xml");
    std::fs::write(&file, xml).expect("write");
    let schema = corpus("strategy/iati-schemas-2.03/iati-activities-schema.xsd");
    let out = std::process::Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(&schema)
        .arg(&file)
        .output()
        .expect("xmllint (Debian's libxml2-utils) must be installed");
    assert!(out.status.success(), "the export is not valid IATI 2.03: {}", String::from_utf8_lossy(&out.stderr));
}

async fn the_iati_example_imports_and_is_published_again_as_it_came_in(b: Backend) {
    let app = spawn_app(b).await;
    let a = &app.state.app;
    let c = caller_for(a, COORDINATOR).await;
    let example = std::fs::read_to_string(corpus("strategy/iati-samples/activity-standard-example-annotated-2.03.xml"))
        .expect("the annotated example");
    let report = portfolio_iati::iati_import(a, &c, &example, "TFC", &public_marking()).await.expect("import");
    assert_eq!(report.created.len(), 1, "{report:?}");
    assert_eq!(report.created[0].1, "AA-AAA-123456789-ABC123");
    assert!(report.not_kept.iter().any(|n| n.contains("location")), "what was left out is said");
    assert!(report.warnings.iter().any(|w| w.2 == "country_percentages_sum"), "the countries share only half");
    // The listed fields come from the activity.
    let id = report.created[0].0;
    let page = portfolio::project_page(a, &c, id).await.expect("page");
    assert_eq!(page.project.title, "Activity title");
    assert_eq!(page.project.start_date, "2012-04-28", "the actual start, not the planned one");
    assert!(page.project.imported);
    // It is another publisher's record: not edited here, and a second import leaves it.
    let stored = portfolio::input_of(&page.project);
    let retitled = ProjectInput { title: "Anders".into(), marking: public_marking(), ..stored.clone() };
    let edit = portfolio::update_project(a, &c, id, 1, &retitled).await;
    assert_eq!(
        field_codes(edit.expect_err("fixed")),
        vec![("identifier".to_string(), "imported_project_fixed".to_string())]
    );
    // What is ours changes: its marking and the objectives it serves.
    let sid = verbinding_app::strategy::list_strategies(a, &c).await.expect("list")[0].id;
    let goal = verbinding_app::strategy::tree(a, &c, sid).await.expect("tree").1[0].objective.id;
    let ours = ProjectInput { objectives: vec![goal.to_string()], marking: tfc_only_marking(), ..stored };
    portfolio::update_project(a, &c, id, 1, &ours).await.expect("marking and objectives");
    let page = portfolio::project_page(a, &c, id).await.expect("page");
    assert_eq!((page.project.classification.as_str(), page.objectives.len()), ("dep-v", 1));
    let evaluator = caller_for(a, "evaluator@bz.example").await;
    assert!(matches!(portfolio::project_page(a, &evaluator, id).await, Err(AppError::NotFound)), "now TFC only");
    let open = ProjectInput { marking: public_marking(), ..portfolio::input_of(&page.project) };
    portfolio::update_project(a, &c, id, 2, &open).await.expect("open again");
    let again = portfolio_iati::iati_import(a, &c, &example, "TFC", &public_marking()).await.expect("again");
    assert_eq!((again.created.len(), again.present.len()), (0, 1));
    // Published again: valid, and everything the portfolio keeps reads back the same.
    let export = portfolio_iati::iati_export(a, &c).await.expect("export");
    assert_valid_iati(&export.xml);
    let original = verbinding_iati::read(&example).expect("example").activities.activities;
    let published = verbinding_iati::read(&export.xml).expect("export").activities.activities;
    let republished = published.iter().find(|x| x.identifier == "AA-AAA-123456789-ABC123").expect("in the export");
    assert_eq!(republished, &original[0], "re-exported equivalently");
    // A file that is not IATI is refused with the field named, nothing written.
    let before = portfolio::portfolio(a, &c).await.expect("list").entries.len();
    let e = portfolio_iati::iati_import(a, &c, "<iati-organisations/>", "TFC", &public_marking())
        .await
        .expect_err("refused");
    assert_eq!(field_codes(e), vec![("file".to_string(), "iati_unreadable".to_string())]);
    assert_eq!(portfolio::portfolio(a, &c).await.expect("list").entries.len(), before);
}

async fn an_iati_file_is_imported_through_the_api_with_a_report_per_activity(b: Backend) {
    let app = spawn_app(b).await;
    let example = std::fs::read_to_string(corpus("strategy/iati-samples/activity-standard-example-annotated-2.03.xml"))
        .expect("the annotated example");
    let coordinator = app.token(COORDINATOR).await;
    let body = |xml: &str| {
        serde_json::json!({"xml": xml, "lead_organisation": "TFC", "classification": "ongerubriceerd",
                           "tlp": "clear", "open_to_all": true})
    };
    let send = |token: String, body: serde_json::Value| {
        let app = &app;
        async move { app.api_send(reqwest::Method::POST, &token, "/api/v1/capacity-building/iati", body).await }
    };
    let liaison = app.token("liaison@ncsc.example").await;
    assert_eq!(send(liaison, body(&example)).await.status(), 403, "only who keeps the portfolio imports");
    let r = send(coordinator.clone(), body(&example)).await;
    assert_eq!(r.status(), 200);
    let report: serde_json::Value = r.json().await.expect("json");
    assert_eq!(report["created"][0]["identifier"], "AA-AAA-123456789-ABC123");
    assert!(report["warnings"].as_array().expect("warnings").iter().any(|w| w["code"] == "country_percentages_sum"));
    let id = report["created"][0]["id"].as_i64().expect("id");
    let project: serde_json::Value = app
        .api_get(&coordinator, &format!("/api/v1/capacity-building/projects/{id}"))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(project["project"]["title"], "Activity title");
    let again: serde_json::Value = send(coordinator.clone(), body(&example)).await.json().await.expect("json");
    assert_eq!(again["created"].as_array().map(Vec::len), Some(0));
    assert_eq!(again["present"][0], "AA-AAA-123456789-ABC123");
    // Its edit page changes only what is ours; the record is shown as text.
    let mut web = app.login(COORDINATOR).await;
    let edit = format!("/portfolio/projects/{id}/edit");
    web.refresh_csrf(&edit).await;
    let (status, html) = web.get_html(&edit).await;
    assert_eq!(status, 200);
    assert!(html.contains(r#"<dl class="facts" id="record">"#) && !html.contains(r#"id="title" name="title""#));
    let version = project["project"]["version"].as_i64().expect("version").to_string();
    let form = [
        ("lead_org", "TFC"),
        ("classification", "dep-v"),
        ("tlp", "amber"),
        ("need_to_know", "TFC"),
        ("version", version.as_str()),
    ];
    let r = web.post_form(&format!("/portfolio/projects/{id}"), &form).await;
    assert_eq!(r.status(), 303, "{}", r.text().await.unwrap_or_default());
    let evaluator = app.token("evaluator@bz.example").await;
    let r = app.api_get(&evaluator, &format!("/api/v1/capacity-building/projects/{id}")).await;
    assert_eq!(r.status(), 404, "re-marked for TFC only");
    // Not IATI: the body's field is named.
    let r = send(coordinator.clone(), body("<iati-organisations/>")).await;
    assert_eq!(r.status(), 422);
    let p: serde_json::Value = r.json().await.expect("json");
    assert_eq!(
        (p["errors"][0]["field"].as_str(), p["errors"][0]["code"].as_str()),
        (Some("xml"), Some("iati_unreadable"))
    );
}

/// The sector codes the product ships are the corpus's cyber-relevant list.
#[test]
fn the_shipped_sector_list_is_the_corpus_list() {
    let csv = std::fs::read_to_string(corpus("strategy/iati_dac_sectors_cyber_relevant.csv")).expect("the corpus list");
    let codes: Vec<&str> = csv.lines().skip(1).filter_map(|l| l.split(',').next()).filter(|c| !c.is_empty()).collect();
    let shipped: Vec<&str> = verbinding_domain::portfolio::DAC_SECTORS.iter().map(|(c, _)| *c).collect();
    assert_eq!(codes, shipped);
}
