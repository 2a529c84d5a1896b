//! The evaluator export: an evaluator downloads the demo strategy's whole
//! result framework — on the page and through the API — as one ZIP of
//! `framework.json`, CSV files and a codebook; what they may not see is in
//! no file, a value its source does not allow passing on is there without
//! its value, and a strategy they may not see answers as an absent one.

use crate::helpers::*;
use crate::on_both_backends;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::io::Read;
use verbinding_app::strategy::Under;
use verbinding_app::{indicators, strategy};
use verbinding_domain::marking::MarkingInput;
use verbinding_domain::strategy::{IndicatorInput, ObjectiveInput, StrategyInput, TargetInput};
use verbinding_store::Backend;

on_both_backends!(
    the_evaluator_downloads_the_whole_framework_with_its_codebook,
    a_hidden_part_is_in_no_file_for_the_evaluator_and_in_every_one_for_its_coordinator,
    a_strategy_the_caller_may_not_see_answers_as_an_absent_one,
);

const CSV_FILES: [&str; 9] = [
    "objectives.csv",
    "indicators.csv",
    "targets.csv",
    "measurements.csv",
    "series_breaks.csv",
    "judgements.csv",
    "reviews.csv",
    "review_decisions.csv",
    "review_actions.csv",
];

/// The archive's files by name, each of them under the export's folder.
fn unzip(bytes: &[u8], strategy_id: i64) -> BTreeMap<String, String> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).expect("a ZIP archive");
    let folder = format!("verbinding-evaluation-{strategy_id}/");
    let mut files = BTreeMap::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).expect("entry");
        let name = entry.name().expect("a file name").to_string();
        let inside = name.strip_prefix(&folder).unwrap_or_else(|| panic!("{name} is not under {folder}")).to_string();
        let mut text = String::new();
        entry.read_to_string(&mut text).expect("UTF-8 text");
        files.insert(inside, text);
    }
    files
}

/// RFC 4180, read independently of the writer: quoted fields may hold
/// commas, doubled quotes and line breaks; records end in CRLF.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let (mut rows, mut row, mut field) = (Vec::new(), Vec::new(), String::new());
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {
                assert_eq!(chars.next(), Some('\n'), "a record ends in CRLF");
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, '\n') => panic!("a bare line feed outside quotes"),
            (false, c) => field.push(c),
        }
    }
    assert!(field.is_empty() && row.is_empty(), "the last record ends in CRLF too");
    rows
}

/// A CSV file as maps column → value, after checking its header against
/// the columns its section of the codebook lists.
fn table(files: &BTreeMap<String, String>, file: &str) -> Vec<BTreeMap<String, String>> {
    let rows = parse_csv(&files[file]);
    let header = rows[0].clone();
    assert_eq!(header, codebook_columns(&files["codebook.md"], file), "{file}: the header is the codebook's");
    rows[1..]
        .iter()
        .map(|r| {
            assert_eq!(r.len(), header.len(), "{file}: every row has every column");
            header.iter().cloned().zip(r.iter().cloned()).collect()
        })
        .collect()
}

/// The columns the codebook lists for a file: the first cell, in
/// backticks, of each row of the table in the file's section.
fn codebook_columns(codebook: &str, file: &str) -> Vec<String> {
    let heading = format!("## `{file}`");
    let section = codebook.split_once(&heading).unwrap_or_else(|| panic!("the codebook has no {heading}")).1;
    let section = section.split("\n## ").next().unwrap_or_default();
    section
        .lines()
        .filter_map(|l| l.strip_prefix("| `"))
        .filter_map(|l| l.split_once('`').map(|(name, _)| name.to_string()))
        .collect()
}

fn ids(rows: &[BTreeMap<String, String>], column: &str) -> Vec<i64> {
    rows.iter().map(|r| r[column].parse().expect("an id")).collect()
}

async fn first_strategy(app: &TestApp, token: &str) -> i64 {
    let list: Value = app.api_get(token, "/api/v1/strategies").await.json().await.expect("json");
    list["items"][0]["id"].as_i64().expect("the demo strategy")
}

async fn tree_of(app: &TestApp, token: &str, id: i64) -> Value {
    app.api_get(token, &format!("/api/v1/strategies/{id}")).await.json().await.expect("json")
}

fn indicator_ids(tree: &Value) -> Vec<i64> {
    tree["nodes"]
        .as_array()
        .expect("nodes")
        .iter()
        .flat_map(|n| n["indicators"].as_array().cloned().unwrap_or_default())
        .filter_map(|i| i["id"].as_i64())
        .collect()
}

/// The export through the API, unpacked.
async fn export_api(app: &TestApp, token: &str, id: i64) -> BTreeMap<String, String> {
    let r = app.api_get(token, &format!("/api/v1/strategies/{id}/evaluation")).await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "application/zip");
    unzip(&r.bytes().await.expect("bytes"), id)
}

fn open_marking() -> MarkingInput {
    MarkingInput {
        classification: "ongerubriceerd".into(),
        tlp: "clear".into(),
        open_to_all: true,
        ..Default::default()
    }
}

fn part(title: &str, summary: &str, marking: MarkingInput) -> ObjectiveInput {
    ObjectiveInput {
        title: title.into(),
        summary: summary.into(),
        level: "outcome".into(),
        horizon: "short".into(),
        lead_org: "TFC".into(),
        marking,
        ..Default::default()
    }
}

fn visits(name: &str) -> IndicatorInput {
    IndicatorInput {
        name: name.into(),
        definition: "Aantal bezoeken".into(),
        unit: "bezoeken".into(),
        verification: "Reisverslagen".into(),
        data_source: "TFC".into(),
        frequency: "annual".into(),
        responsible_org: "TFC".into(),
        direction: "higher".into(),
        measure_type: "numeric".into(),
        baseline_period: "2023".into(),
        baseline_value: "2".into(),
        baseline_evidence: "Telling 2023".into(),
        ..Default::default()
    }
}

async fn the_evaluator_downloads_the_whole_framework_with_its_codebook(b: Backend) {
    let app = spawn_app(b).await;
    let a = &app.state.app;
    let coordinator = caller_for(a, "coordinator@tfc.example").await;
    let evaluator = app.token("evaluator@bz.example").await;
    let id = first_strategy(&app, &evaluator).await;
    let tree = tree_of(&app, &evaluator, id).await;
    // A part whose text needs quoting in CSV, and a target revision decided with four eyes.
    let goal = tree["nodes"][0]["id"].as_i64().expect("goal");
    let tricky_title = "Weerbaarheid, \"samen\" met partners";
    let tricky_summary = "Regel 1, met komma\nRegel 2 met \"aanhalingstekens\"";
    let tricky = strategy::create_objective(
        a,
        &coordinator,
        Under::Objective(goal),
        &part(tricky_title, tricky_summary, open_marking()),
    )
    .await
    .expect("part");
    // A numeric indicator that improves upwards: a raised target stays on the right side of its baseline.
    let indicator = tree["nodes"]
        .as_array()
        .expect("nodes")
        .iter()
        .flat_map(|n| n["indicators"].as_array().cloned().unwrap_or_default())
        .find(|i| i["responsible_org_code"] == "TFC" && i["measure_type"] == "numeric" && i["frequency"] == "annual")
        .and_then(|i| i["id"].as_i64())
        .expect("a numeric indicator of TFC");
    let detail: Value =
        app.api_get(&evaluator, &format!("/api/v1/strategy/indicators/{indicator}")).await.json().await.expect("json");
    let original = detail["targets"].as_array().expect("targets").last().cloned().expect("a demo target");
    let raised = original["value"].as_f64().expect("value") + 1.0;
    let revision = TargetInput {
        period: original["period"].as_str().expect("period").into(),
        value: raised.to_string(),
        reason: "Meer partners dan verwacht".into(),
    };
    let proposed = indicators::propose_target(a, &coordinator, indicator, &revision).await.expect("proposed");
    let decider = caller_for(a, "besluit@bz.example").await;
    indicators::decide_target(a, &decider, proposed, true, "Past bij de herziene inzet").await.expect("decided");

    // The page offers the download as a link, and answers the archive as an attachment.
    let page = app.login("evaluator@bz.example").await;
    let (_, html) = page.get_html(&format!("/strategy/{id}")).await;
    assert!(html.contains(&format!(r#"<a href="/strategy/{id}/evaluation" download"#)), "a download link");
    assert!(html.contains("Exporteer voor evaluatie (CSV en JSON)"));
    let r = page.get(&format!("/strategy/{id}/evaluation")).await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "application/zip");
    assert_eq!(
        r.headers()["content-disposition"],
        format!("attachment; filename=\"verbinding-evaluation-{id}.zip\"").as_str()
    );
    assert_eq!(r.headers()["cache-control"], "private, no-store");
    let from_page = unzip(&r.bytes().await.expect("bytes"), id);
    let files = export_api(&app, &evaluator, id).await;
    let mut names: Vec<&str> = CSV_FILES.to_vec();
    names.extend(["framework.json", "codebook.md"]);
    names.sort_unstable();
    assert_eq!(files.keys().map(String::as_str).collect::<Vec<_>>(), names);
    assert_eq!(from_page.keys().collect::<Vec<_>>(), files.keys().collect::<Vec<_>>(), "the page and the API agree");
    assert_eq!(from_page["objectives.csv"], files["objectives.csv"]);

    // Every file against what the API shows the same user.
    let tree = tree_of(&app, &evaluator, id).await;
    let nodes = tree["nodes"].as_array().expect("nodes");
    let objectives = table(&files, "objectives.csv");
    let node_ids: Vec<i64> = nodes.iter().filter_map(|n| n["id"].as_i64()).collect();
    assert_eq!(ids(&objectives, "objective_id"), node_ids, "every part, in the chain's order");
    let row = objectives.iter().find(|r| r["objective_id"] == tricky.to_string()).expect("the new part");
    assert_eq!(
        (row["title"].as_str(), row["summary"].as_str()),
        (tricky_title, tricky_summary),
        "quoted and read back"
    );
    let indicators_csv = table(&files, "indicators.csv");
    assert_eq!(ids(&indicators_csv, "indicator_id"), indicator_ids(&tree));
    let targets = table(&files, "targets.csv");
    let measurements = table(&files, "measurements.csv");
    let breaks = table(&files, "series_breaks.csv");
    let judgements = table(&files, "judgements.csv");
    assert!(!judgements.is_empty() && !breaks.is_empty(), "the demo has judgements and a series break");
    let (mut target_count, mut measurement_count, mut withheld) = (0, 0, 0);
    for i in indicator_ids(&tree) {
        let d: Value =
            app.api_get(&evaluator, &format!("/api/v1/strategy/indicators/{i}")).await.json().await.expect("json");
        let of = |rows: &[BTreeMap<String, String>], id_column: &str| -> Vec<i64> {
            ids(&rows.iter().filter(|r| r["indicator_id"] == i.to_string()).cloned().collect::<Vec<_>>(), id_column)
        };
        let api_targets: Vec<i64> =
            d["targets"].as_array().expect("targets").iter().filter_map(|t| t["id"].as_i64()).collect();
        assert_eq!(of(&targets, "target_id"), api_targets, "every target row of {i}");
        let api_measurements = d["measurements"].as_array().expect("measurements");
        assert_eq!(of(&measurements, "measurement_id").len(), api_measurements.len(), "every measurement of {i}");
        target_count += api_targets.len();
        measurement_count += api_measurements.len();
        for m in api_measurements.iter().filter(|m| m["status"] == "approved") {
            let row = measurements
                .iter()
                .find(|r| r["measurement_id"].parse::<i64>().ok() == m["id"].as_i64())
                .expect("an approved measurement");
            if m["external"]["no_redistribution"] == true {
                withheld += 1;
                assert_eq!((row["value"].as_str(), row["value_withheld"].as_str()), ("", "no_redistribution"));
                assert_eq!(row["external_citation"], m["external"]["citation"].as_str().expect("citation"));
            } else {
                assert_eq!(row["value"].parse::<f64>().expect("a number"), m["value"].as_f64().expect("value"), "{m}");
                assert_eq!(row["value_withheld"], "");
            }
        }
    }
    assert_eq!((targets.len(), measurements.len()), (target_count, measurement_count));
    assert!(withheld > 0, "the demo's index value that may not be passed on is there without its value");
    let revised = targets.iter().find(|r| r["target_id"] == proposed.to_string()).expect("the revision");
    assert_eq!(revised["reason"], "Meer partners dan verwacht");
    assert_eq!((revised["revision"].as_str(), revised["status"].as_str()), ("2", "approved"));
    assert_eq!(revised["decided_by"], "Frank Mulder");
    assert!(revised["decided_at"].ends_with('Z'), "a moment in UTC");

    // The JSON document nests the same records.
    let framework: Value = serde_json::from_str(&files["framework.json"]).expect("JSON");
    assert_eq!(framework["format"], "verbinding-evaluation/1");
    assert_eq!(framework["strategy"]["strategy_id"], id);
    assert_eq!(framework["reviews"], json!([]), "the demo holds no reviews");
    fn walk(parts: &Value, found: &mut Vec<(i64, usize, usize)>) {
        for p in parts.as_array().expect("parts") {
            let indicators = p["indicators"].as_array().expect("indicators");
            let measured = indicators.iter().map(|i| i["measurements"].as_array().expect("measurements").len()).sum();
            found.push((p["objective_id"].as_i64().expect("id"), indicators.len(), measured));
            walk(&p["objectives"], found);
        }
    }
    let mut found = Vec::new();
    walk(&framework["strategy"]["objectives"], &mut found);
    assert_eq!(found.iter().map(|f| f.0).collect::<Vec<_>>(), node_ids, "nested depth first as the chain");
    assert_eq!(found.iter().map(|f| f.1).sum::<usize>(), indicators_csv.len());
    assert_eq!(found.iter().map(|f| f.2).sum::<usize>(), measurements.len());
    assert_eq!(framework["withheld_values"], withheld);
    let codebook = &files["codebook.md"];
    for words in
        ["Voortgangsregel / Progress rule", "Wat ontbreekt / What is left out", "`reviews.csv`", "under-pressure"]
    {
        assert!(codebook.contains(words), "the codebook tells {words}");
    }

    // The export is in the audit trail, on the strategy.
    let events: Vec<String> = sqlx::query_scalar(
        "SELECT detail FROM audit_log WHERE action = 'object.read' AND object_id = $1 AND detail LIKE '%evaluation.exported%'",
    )
    .bind(id)
    .fetch_all(app.state.db.raw())
    .await
    .expect("audit");
    assert_eq!(events.len(), 2, "one event per export (page and API)");
    assert!(events[0].contains("evaluator-export"));
}

async fn a_hidden_part_is_in_no_file_for_the_evaluator_and_in_every_one_for_its_coordinator(b: Backend) {
    let app = spawn_app(b).await;
    let a = &app.state.app;
    let coordinator = caller_for(a, "coordinator@tfc.example").await;
    let evaluator = app.token("evaluator@bz.example").await;
    let id = first_strategy(&app, &evaluator).await;
    let goal = tree_of(&app, &evaluator, id).await["nodes"][0]["id"].as_i64().expect("goal");
    let secret = MarkingInput {
        classification: "dep-v".into(),
        tlp: "amber".into(),
        orgs: vec!["TFC".into()],
        ..Default::default()
    };
    let hidden = strategy::create_objective(
        a,
        &coordinator,
        Under::Objective(goal),
        &part("Geheime werklijn", "Met een partnerland.", secret),
    )
    .await
    .expect("create");
    let hidden_indicator =
        indicators::create(a, &coordinator, hidden, &visits("Geheime bezoeken")).await.expect("indicator");

    // An open review whose decision changed the hidden part.
    let review = verbinding_domain::strategy::review::ReviewInput {
        cadence: "annual".into(),
        period: "2025".into(),
        held_on: "2026-02-10".into(),
        participants: "TFC".into(),
        lead_org: "TFC".into(),
        marking: open_marking(),
        ..Default::default()
    };
    let rid = verbinding_app::reviews::create_review(a, &coordinator, id, &review).await.expect("review");
    let decision = verbinding_domain::strategy::review::DecisionNoteInput {
        text: "Werklijn bijsturen".into(),
        changed_kind: "objective".into(),
        changed_id: hidden.to_string(),
    };
    verbinding_app::reviews::add_decision(a, &coordinator, rid, &decision).await.expect("decision");

    let seen = export_api(&app, &evaluator, id).await;
    assert_eq!(ids(&table(&seen, "reviews.csv"), "review_id"), vec![rid], "the review is exported");
    let decisions = table(&seen, "review_decisions.csv");
    assert_eq!(
        (
            decisions[0]["changed_kind"].as_str(),
            decisions[0]["changed_id"].as_str(),
            decisions[0]["changed_hidden"].as_str()
        ),
        ("", "", "true"),
        "what the decision changed is not the evaluator's to know"
    );
    for (name, text) in &seen {
        assert!(
            !text.contains("Geheime werklijn") && !text.contains("Geheime bezoeken"),
            "{name} names the hidden part"
        );
    }
    assert!(!ids(&table(&seen, "objectives.csv"), "objective_id").contains(&hidden));
    assert!(!ids(&table(&seen, "indicators.csv"), "indicator_id").contains(&hidden_indicator));
    assert!(!ids(&table(&seen, "judgements.csv"), "objective_id").contains(&hidden));

    let full = export_api(&app, &app.token("coordinator@tfc.example").await, id).await;
    let objectives = table(&full, "objectives.csv");
    let row = objectives.iter().find(|r| r["objective_id"] == hidden.to_string()).expect("the coordinator's part");
    assert_eq!(
        (row["classification"].as_str(), row["tlp"].as_str(), row["parent_id"].as_str()),
        ("dep-v", "amber", goal.to_string().as_str())
    );
    assert!(ids(&table(&full, "indicators.csv"), "indicator_id").contains(&hidden_indicator));
    let decisions = table(&full, "review_decisions.csv");
    assert_eq!(decisions[0]["changed_id"], hidden.to_string(), "the coordinator sees what it changed");
    let framework: Value = serde_json::from_str(&full["framework.json"]).expect("JSON");
    assert_eq!(framework["classification"], "dep-v", "the archive is handled as its most classified part");
    assert!(full["codebook.md"].contains("`dep-v`"));
    // The coordinator's export recorded the read of the classified part.
    let mut reads = 0;
    for _ in 0..50 {
        reads = sqlx::query_scalar::<_, i64>(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'object.read' AND object_id = $1 AND detail LIKE '%evaluator-export%'",
        )
        .bind(hidden)
        .fetch_one(app.state.db.raw())
        .await
        .expect("count");
        if reads > 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert_eq!(reads, 1, "the classified part's read is audited once, for the coordinator only");
}

async fn a_strategy_the_caller_may_not_see_answers_as_an_absent_one(b: Backend) {
    let app = spawn_app(b).await;
    let a = &app.state.app;
    let coordinator = caller_for(a, "coordinator@tfc.example").await;
    let input = StrategyInput {
        title: "Geheime strategie".into(),
        summary: String::new(),
        start_year: "2024".into(),
        end_year: "2028".into(),
        lead_org: "TFC".into(),
        marking: MarkingInput {
            classification: "dep-v".into(),
            tlp: "amber".into(),
            orgs: vec!["TFC".into()],
            ..Default::default()
        },
    };
    let secret = strategy::create_strategy(a, &coordinator, &input).await.expect("strategy");
    let evaluator = app.token("evaluator@bz.example").await;
    let page = app.login("evaluator@bz.example").await;
    for id in [secret, 999_999] {
        let r = app.api_get(&evaluator, &format!("/api/v1/strategies/{id}/evaluation")).await;
        assert_eq!(r.status(), 404, "hidden and absent answer the same: {id}");
        assert_eq!(r.headers()["content-type"], "application/problem+json");
        assert_eq!(page.get(&format!("/strategy/{id}/evaluation")).await.status(), 404, "{id}");
    }
    let r = app
        .api_get(&app.token("coordinator@tfc.example").await, &format!("/api/v1/strategies/{secret}/evaluation"))
        .await;
    assert_eq!(r.status(), 200, "its coordinator exports it");
    let files = unzip(&r.bytes().await.expect("bytes"), secret);
    assert_eq!(table(&files, "objectives.csv").len(), 0, "a strategy without parts: headers only");
}
