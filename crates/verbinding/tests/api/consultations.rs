//! Consultation rounds: who may answer, when a round closes, late answers,
//! the decision rule, and that bad input writes nothing.

use crate::helpers::*;
use crate::on_both_backends;
use crate::response::fresh_incident;
use serde_json::{Value, json};
use verbinding_store::Backend;

on_both_backends!(
    a_round_closes_when_everyone_has_answered_and_one_objection_blocks,
    after_the_deadline_silence_is_consent_and_late_answers_do_not_count,
    bad_rounds_and_answers_are_refused_and_write_nothing,
    outsiders_learn_nothing_of_a_round,
    an_agency_answers_for_its_ministry_when_the_ministry_delegates_it,
);

const HOUR: i64 = 3_600_000;

pub(crate) async fn open_round(app: &TestApp, token: &str, incident: i64, body: Value) -> reqwest::Response {
    app.api_send(reqwest::Method::POST, token, &format!("/api/v1/incidents/{incident}/consultations"), body).await
}

async fn answer(app: &TestApp, token: &str, incident: i64, body: Value) -> reqwest::Response {
    app.api_send(reqwest::Method::POST, token, &format!("/api/v1/incidents/{incident}/consultations/answers"), body)
        .await
}

pub(crate) fn in_hours(h: i64) -> String {
    time_text(START_MS + h * HOUR)
}

/// `YYYY-MM-DDTHH:MM` UTC, as the form sends it.
fn time_text(ms: i64) -> String {
    let t = time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000).expect("time");
    format!("{:04}-{:02}-{:02}T{:02}:{:02}", t.year(), u8::from(t.month()), t.day(), t.hour(), t.minute())
}

fn problem_fields(p: &Value) -> Vec<(String, String)> {
    p["errors"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|e| (e["field"].as_str().unwrap_or("").to_string(), e["code"].as_str().unwrap_or("").to_string()))
                .collect()
        })
        .unwrap_or_default()
}

async fn a_round_closes_when_everyone_has_answered_and_one_objection_blocks(b: Backend) {
    let app = spawn_app(b).await;
    let coordinator = app.token("coordinator@tfc.example").await;
    let incident = fresh_incident(&app, &coordinator).await;
    let r = open_round(
        &app,
        &coordinator,
        incident,
        json!({"subject": "attribution", "proposal": "Publiek toeschrijven aan staat X", "rule": "consensus",
               "organisations": ["MIVD", "NCSC"], "deadline": in_hours(4)}),
    )
    .await;
    assert_eq!(r.status(), 201);
    let round: Value = r.json().await.expect("json");
    assert_eq!(round["outcome"]["result"], "open");
    let id = round["id"].as_i64().expect("id");

    let ncsc = app.token("liaison@ncsc.example").await;
    app.clock.advance_ms(HOUR);
    let a = answer(&app, &ncsc, incident, json!({"round": id, "answer": "agree"})).await;
    assert_eq!(a.status(), 201);
    assert_eq!(a.json::<Value>().await.expect("json")["late"], false);

    let mivd = app.token("liaison@mivd.example").await;
    let r = answer(&app, &mivd, incident, json!({"round": id, "answer": "object", "explanation": " "})).await;
    assert_eq!(r.status(), 422, "an objection needs its reason");
    assert_eq!(
        problem_fields(&r.json().await.expect("json")),
        vec![("explanation".to_string(), "explanation_required".to_string())]
    );
    app.clock.advance_ms(HOUR);
    let r = answer(
        &app,
        &mivd,
        incident,
        json!({"round": id, "answer": "object", "explanation": "Bronnen nog niet vrijgegeven"}),
    )
    .await;
    assert_eq!(r.status(), 201);

    // Everyone has answered: the round is closed with the objection.
    let rounds: Value = app
        .api_get(&coordinator, &format!("/api/v1/incidents/{incident}/consultations"))
        .await
        .json()
        .await
        .expect("json");
    let r0 = &rounds["items"][0];
    assert_eq!(r0["closed"], true);
    assert_eq!(r0["closes_at"], START_MS + 2 * HOUR);
    assert_eq!(r0["outcome"]["result"], "not-adopted");
    assert_eq!(r0["outcome"]["objecting"], json!(["MIVD"]));

    // A closed round takes no new answer from an organisation that answered.
    let r = answer(&app, &ncsc, incident, json!({"round": id, "answer": "object", "explanation": "toch niet"})).await;
    assert_eq!(r.status(), 409);
    let p: Value = r.json().await.expect("json");
    assert_eq!(problem_fields(&p), vec![("round".to_string(), "round_closed".to_string())]);
    assert!(p["errors"][0]["message"].as_str().unwrap_or("").contains("gesloten"), "{p}");

    // The page shows the result with the rule; the timeline shows the steps.
    let c = app.login("coordinator@tfc.example").await;
    let (status, html) = c.get_html(&format!("/incidents/{incident}/consultation")).await;
    assert_eq!(status, 200);
    assert!(html.contains("Niet aangenomen") && html.contains("Consensus zonder bezwaar"), "{html}");
    assert!(html.contains("Bronnen nog niet vrijgegeven"));
    let timeline: Value =
        app.api_get(&coordinator, &format!("/api/v1/incidents/{incident}/timeline")).await.json().await.expect("json");
    let kinds: Vec<&str> =
        timeline["items"].as_array().expect("items").iter().filter_map(|e| e["kind"].as_str()).collect();
    assert_eq!(
        kinds.iter().filter(|k| k.starts_with("consultation")).copied().collect::<Vec<_>>(),
        vec!["consultation-opened", "consultation-answer", "consultation-answer", "consultation-closed"]
    );
}

async fn after_the_deadline_silence_is_consent_and_late_answers_do_not_count(b: Backend) {
    let app = spawn_app(b).await;
    let coordinator = app.token("coordinator@tfc.example").await;
    let incident = fresh_incident(&app, &coordinator).await;
    let mut ids = Vec::new();
    for rule in ["consensus", "unanimity"] {
        let r = open_round(
            &app,
            &coordinator,
            incident,
            json!({"subject": "response", "proposal": "Demarche", "rule": rule,
                   "organisations": ["MIVD", "NCSC"], "deadline": in_hours(2)}),
        )
        .await;
        assert_eq!(r.status(), 201);
        ids.push(r.json::<Value>().await.expect("json")["id"].as_i64().expect("id"));
    }
    let ncsc = app.token("liaison@ncsc.example").await;
    for id in &ids {
        assert_eq!(answer(&app, &ncsc, incident, json!({"round": id, "answer": "agree"})).await.status(), 201);
    }
    app.clock.advance_ms(3 * HOUR);
    let mivd = app.token("liaison@mivd.example").await;
    let late =
        answer(&app, &mivd, incident, json!({"round": ids[0], "answer": "object", "explanation": "te laat"})).await;
    assert_eq!(late.status(), 201, "a late answer is still recorded");
    assert_eq!(late.json::<Value>().await.expect("json")["late"], true);
    let rounds: Value = app
        .api_get(&coordinator, &format!("/api/v1/incidents/{incident}/consultations"))
        .await
        .json()
        .await
        .expect("json");
    let (consensus, unanimity) = (&rounds["items"][0], &rounds["items"][1]);
    assert_eq!(consensus["outcome"]["result"], "adopted", "silence is consent; the late objection does not count");
    assert_eq!(consensus["outcome"]["late"], json!(["MIVD"]));
    assert_eq!(consensus["closes_at"], START_MS + 2 * HOUR, "closed at the deadline");
    assert_eq!(unanimity["outcome"]["result"], "not-adopted", "unanimity needs every answer");
    assert_eq!(unanimity["outcome"]["silent"], json!(["MIVD"]));
    let c = app.login("coordinator@tfc.example").await;
    let (_, html) = c.get_html(&format!("/incidents/{incident}/consultation")).await;
    assert!(html.contains("te laat, telt niet mee"), "late answers are marked");
}

async fn bad_rounds_and_answers_are_refused_and_write_nothing(b: Backend) {
    let app = spawn_app(b).await;
    let coordinator = app.token("coordinator@tfc.example").await;
    let incident = fresh_incident(&app, &coordinator).await;
    let count = |table: &'static str| {
        let pool = app.state.db.raw().clone();
        async move {
            sqlx::query_scalar::<_, i64>(&format!("SELECT COUNT(*) FROM {table}")).fetch_one(&pool).await.expect("n")
        }
    };
    let (rounds, events) = (count("consultation_rounds").await, count("incident_events").await);
    let base = json!({"subject": "attribution", "proposal": "p", "rule": "consensus", "organisations": ["MIVD"], "deadline": in_hours(5)});
    let cases = [
        (json!({"deadline": "morgen"}), ("deadline", "datetime_invalid")),
        (json!({"deadline": in_hours(-1)}), ("deadline", "deadline_past")),
        (json!({"organisations": ["EZK"]}), ("organisations", "invitee_without_need_to_know")),
        (json!({"organisations": ["XYZ"]}), ("organisations", "org_unknown")),
        (json!({"rule": "majority"}), ("rule", "rule_unknown")),
        (json!({"measures": [999999]}), ("measures", "measure_unknown")),
    ];
    for (change, (field, code)) in cases {
        let mut body = base.clone();
        for (k, v) in change.as_object().expect("object") {
            body[k] = v.clone();
        }
        let r = open_round(&app, &coordinator, incident, body.clone()).await;
        assert_eq!(r.status(), refusal_status(code), "{body}");
        let fields = problem_fields(&r.json().await.expect("json"));
        assert!(fields.contains(&(field.to_string(), code.to_string())), "{body}: {fields:?}");
    }
    // A liaison may answer but not open a round.
    let ncsc = app.token("liaison@ncsc.example").await;
    assert_eq!(open_round(&app, &ncsc, incident, base.clone()).await.status(), 403);
    assert_eq!(
        (count("consultation_rounds").await, count("incident_events").await),
        (rounds, events),
        "nothing half-written"
    );

    let r = open_round(&app, &coordinator, incident, base).await;
    let id = r.json::<Value>().await.expect("json")["id"].as_i64().expect("id");
    let answers = count("consultation_answers").await;
    for (token, body, want) in [
        (&ncsc, json!({"round": id, "answer": "agree"}), ("round", "not_invited")),
        (&ncsc, json!({"round": 424242, "answer": "agree"}), ("round", "round_unknown")),
        (&ncsc, json!({"round": id, "answer": "maybe"}), ("answer", "answer_unknown")),
    ] {
        let r = answer(&app, token, incident, body).await;
        assert_eq!(r.status(), refusal_status(want.1));
        assert_eq!(problem_fields(&r.json().await.expect("json")), vec![(want.0.to_string(), want.1.to_string())]);
    }
    assert_eq!(count("consultation_answers").await, answers);
    // English callers read English.
    let r = reqwest::Client::new()
        .post(app.url(&format!("/api/v1/incidents/{incident}/consultations/answers")))
        .bearer_auth(&ncsc)
        .header("accept-language", "en")
        .json(&json!({"round": id, "answer": "agree"}))
        .send()
        .await
        .expect("request");
    let p: Value = r.json().await.expect("json");
    assert_eq!(p["errors"][0]["message"], "Your organisation was not consulted in this round.");
    // Answers are a record, even to someone with the database.
    let mivd = app.token("liaison@mivd.example").await;
    assert_eq!(answer(&app, &mivd, incident, json!({"round": id, "answer": "agree"})).await.status(), 201);
    let tamper = sqlx::query("UPDATE consultation_answers SET answer = 'object'").execute(app.state.db.raw()).await;
    assert!(tamper.is_err(), "the schema refuses to change an answer");
}

async fn outsiders_learn_nothing_of_a_round(b: Backend) {
    let app = spawn_app(b).await;
    let coordinator = app.token("coordinator@tfc.example").await;
    let incident = fresh_incident(&app, &coordinator).await;
    let r = open_round(
        &app,
        &coordinator,
        incident,
        json!({"subject": "attribution", "proposal": "Geheim voorstel", "rule": "unanimity",
               "organisations": ["MIVD"], "deadline": in_hours(5)}),
    )
    .await;
    let id = r.json::<Value>().await.expect("json")["id"].as_i64().expect("id");
    // The EZK evaluator and the PV-EU post officer are not on the list.
    let post = app.token("post@pv-eu.example").await;
    let absent = app.api_get(&post, "/api/v1/incidents/99999999/consultations").await;
    let hidden = app.api_get(&post, &format!("/api/v1/incidents/{incident}/consultations")).await;
    assert_eq!((hidden.status().as_u16(), absent.status().as_u16()), (404, 404));
    let strip = |v: Value| json!({"code": v["code"], "title": v["title"], "status": v["status"]});
    assert_eq!(strip(hidden.json().await.expect("json")), strip(absent.json().await.expect("json")));
    let r = answer(&app, &post, incident, json!({"round": id, "answer": "agree"})).await;
    assert_eq!(r.status(), 404, "not even 'not invited'");
    let c = app.login("post@pv-eu.example").await;
    let (status, html) = c.get_html(&format!("/incidents/{incident}/consultation")).await;
    assert_eq!(status, 404);
    assert!(!html.contains("Geheim voorstel"));
    let (_, dashboard) = c.get_html("/").await;
    assert!(!dashboard.contains("Storing satellietverbindingen"), "nor on the dashboard");
    // The organisation asked finds the round on its dashboard until it answers.
    let mivd = app.login("liaison@mivd.example").await;
    let (_, dashboard) = mivd.get_html("/").await;
    assert!(dashboard.contains(&format!("consultation#round-{id}")) && dashboard.contains("Wacht op u"), "{dashboard}");
    let token = app.token("liaison@mivd.example").await;
    assert_eq!(answer(&app, &token, incident, json!({"round": id, "answer": "abstain"})).await.status(), 201);
    let (_, dashboard) = mivd.get_html("/").await;
    assert!(!dashboard.contains(&format!("consultation#round-{id}")));
}

async fn an_agency_answers_for_its_ministry_when_the_ministry_delegates_it(b: Backend) {
    let app = spawn_app(b).await;
    let coordinator = app.token("coordinator@tfc.example").await;
    let incident = fresh_incident(&app, &coordinator).await;
    let r = open_round(
        &app,
        &coordinator,
        incident,
        json!({"subject": "attribution", "proposal": "Publiek toeschrijven aan staat X", "rule": "consensus",
               "organisations": ["JenV", "DEF"], "deadline": in_hours(4)}),
    )
    .await;
    assert_eq!(r.status(), 201);
    let id = r.json::<Value>().await.expect("json")["id"].as_i64().expect("id");
    // JenV delegated answering to the NCSC (demo directory): its liaison sees the round waiting and answers for JenV.
    let ncsc = app.login("liaison@ncsc.example").await;
    let (_, dashboard) = ncsc.get_html("/").await;
    assert!(dashboard.contains(&format!("#round-{id}")), "the round waits on the NCSC liaison's dashboard");
    let (_, page) = ncsc.get_html(&format!("/incidents/{incident}/consultation")).await;
    assert!(page.contains("(JenV, beantwoord door NCSC)"), "the form says for whom the liaison answers");
    assert!(page.contains("ook te beantwoorden door NCSC"), "the page says who may answer for JenV");
    let token = app.token("liaison@ncsc.example").await;
    let r = answer(&app, &token, incident, json!({"round": id, "answer": "agree"})).await;
    assert_eq!(r.status(), 201, "{:?}", r.text().await);
    let rounds: Value =
        app.api_get(&coordinator, &format!("/api/v1/incidents/{incident}/consultations")).await.json().await.unwrap();
    let round = rounds["items"].as_array().unwrap().iter().find(|r| r["id"] == id).expect("round");
    assert_eq!(round["answers"][0]["org"], "JenV", "the answer counts for the ministry: {round}");

    // DEF did not delegate to the MIVD: its liaison may not answer for DEF.
    let mivd = app.token("liaison@mivd.example").await;
    let r = answer(&app, &mivd, incident, json!({"round": id, "answer": "agree"})).await;
    assert_eq!(r.status(), refusal_status("not_invited"));
    assert_eq!(problem_fields(&r.json().await.unwrap()), vec![("round".to_string(), "not_invited".to_string())]);

    // Only an administrator over the ministry changes the delegation: BZ's may not touch JenV's agency.
    let mut admin = app.login("beheer@bz.example").await;
    admin.refresh_csrf("/organisations/NCSC").await;
    let r = admin.post_form("/organisations/NCSC/answers-for-parent", &[("answers_for_parent", "false")]).await;
    assert_eq!(r.status(), 403);
    let r = admin.post_form("/organisations/TFC/answers-for-parent", &[("answers_for_parent", "true")]).await;
    assert_eq!(r.status(), 303);
    let (_, org) = admin.get_html("/organisations/TFC").await;
    assert!(org.contains("Beantwoordt consultatierondes die aan BZ zijn gericht"), "the organisation page says so");
    // Withdrawn by the operator: the NCSC answers for JenV no more.
    let operator = verbinding_app::Caller::command_line();
    verbinding_app::directory::set_answers_for_parent(&app.state, &operator, "NCSC", false).await.expect("withdrawn");
    let r = open_round(
        &app,
        &coordinator,
        incident,
        json!({"subject": "attribution", "proposal": "Tweede ronde", "rule": "consensus",
               "organisations": ["JenV"], "deadline": in_hours(4)}),
    )
    .await;
    let second = r.json::<Value>().await.expect("json")["id"].as_i64().expect("id");
    let r = answer(&app, &token, incident, json!({"round": second, "answer": "agree"})).await;
    assert_eq!(r.status(), refusal_status("not_invited"), "no longer delegated");
}
