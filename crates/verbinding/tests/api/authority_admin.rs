//! Issue 11, rule 8: administrators are bounded. An organisation's
//! administrator sees and manages the accounts of their own organisation and
//! its units only, gives no clearance above their own or the ceiling, never
//! changes their own authority, and moves nobody outside their scope — on
//! the API, the pages and the services alike. The administrator-scope
//! dimension of the matrices: `authorization_matrix.rs` (a TFC user against
//! TFC and NCSC administrators) and the app-level table below.

use crate::fixtures::{Person, World};
use crate::helpers::*;
use crate::on_both_backends;
use reqwest::Method;
use serde_json::{Value, json};
use verbinding_app::users::{self, UserEdit};
use verbinding_app::{AppConfig, AppError};
use verbinding_domain::directory::{OrganisationInput, UserInput};
use verbinding_store::Backend;

on_both_backends!(
    an_administrator_manages_only_their_own_organisation_and_its_units,
    an_administrator_grants_no_clearance_above_their_own_or_the_ceiling_nor_raises_themselves,
    the_scope_binds_the_services_for_every_caller,
    the_instance_organisation_administers_every_account,
);

struct Story {
    ncsc_admin: Person,
    ncsc: Person,
    tfc: Person,
}

async fn story(app: &TestApp) -> Story {
    let world = World::new(app);
    world.government().await;
    let user = |email: &str, org: &str, roles: &[&str], clearance: &str| {
        world.user(email).org(org).roles(roles).clearance(clearance).create()
    };
    Story {
        ncsc_admin: user("beheer@ncsc.example", "NCSC", &["admin"], "stg-geheim").await,
        ncsc: user("liaison@ncsc.example", "NCSC", &["liaison"], "stg-confidentieel").await,
        tfc: user("medewerker@tfc.example", "TFC", &["liaison"], "dep-v").await,
    }
}

fn body(name: &str, org: &str, roles: &[&str], clearance: &str, version: i64) -> Value {
    json!({"name": name, "organisation": org, "roles": roles, "clearance": clearance, "version": version})
}

async fn fields(r: reqwest::Response) -> Vec<(String, String)> {
    let p: Value = r.json().await.expect("problem");
    p["errors"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|e| (e["field"].as_str().unwrap_or("").into(), e["code"].as_str().unwrap_or("").into()))
                .collect()
        })
        .unwrap_or_default()
}

async fn an_administrator_manages_only_their_own_organisation_and_its_units(b: Backend) {
    let app = spawn_app_with(b, Default::default(), false).await;
    let s = story(&app).await;
    let token = s.ncsc_admin.token(&app).await;

    // The directory lists everyone, but the administrative detail
    // (clearance, active, version) only of the accounts the administrator manages.
    let list: Value = app.api_get(&token, "/api/v1/users?limit=200").await.json().await.expect("json");
    let detailed: Vec<&str> = list["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter(|u| u["clearance"].is_string())
        .filter_map(|u| u["email"].as_str())
        .collect();
    assert_eq!(detailed, vec!["beheer@ncsc.example", "liaison@ncsc.example"]);
    let tfc_path = format!("/api/v1/users/{}", s.tfc.id);
    let tfc: Value = app.api_get(&token, &tfc_path).await.json().await.expect("json");
    assert!(tfc["clearance"].is_null() && tfc["version"].is_null(), "{tfc}");

    // The case of the issue: making a TFC member coordinator and decision maker.
    let promote = body("Promoted", "TFC", &["coordinator", "decision-maker"], "stg-zeer-geheim", 1);
    let r = app.api_send(Method::PUT, &token, &tfc_path, promote).await;
    assert_eq!(r.status(), 404, "an account outside the scope is not the administrator's to learn about");

    // Nobody is created in, or moved into, an organisation outside the scope.
    let new = json!({"email": "nieuw@tfc.example", "name": "Nieuw", "organisation": "TFC", "roles": ["coordinator"],
                     "clearance": "dep-v", "password": "a long enough passphrase"});
    let r = app.api_send(Method::POST, &token, "/api/v1/users", new).await;
    assert_eq!(r.status(), 422);
    assert_eq!(fields(r).await, vec![("org".into(), "org_outside_scope".into())]);
    let ncsc_path = format!("/api/v1/users/{}", s.ncsc.id);
    let r = app.api_send(Method::PUT, &token, &ncsc_path, body("Moved", "TFC", &["liaison"], "dep-v", 1)).await;
    assert_eq!(r.status(), 422);
    assert_eq!(fields(r).await, vec![("org".into(), "org_outside_scope".into())]);

    // Within the scope the operational roles are granted.
    let r = app.api_send(Method::PUT, &token, &ncsc_path, body("Lia", "NCSC", &["coordinator"], "stg-geheim", 1)).await;
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap_or_default());

    // The pages: the edit form of a TFC account is "not found", the new-user
    // form offers only organisations in the scope, a posted edit is refused.
    let c = s.ncsc_admin.login(&app).await;
    assert_eq!(c.get(&format!("/users/{}/edit", s.tfc.id)).await.status(), 404);
    let (status, html) = c.get_html("/users/new").await;
    assert_eq!(status, 200);
    assert!(html.contains("value=\"NCSC\"") && !html.contains("value=\"TFC\""), "only NCSC is offered");
    let r = c
        .post_form(
            &format!("/users/{}", s.tfc.id),
            &[("name", "X"), ("org", "TFC"), ("roles", "coordinator"), ("clearance", "dep-v"), ("version", "1")],
        )
        .await;
    assert_eq!(r.status(), 404);
    let (_, users_page) = c.get_html("/users").await;
    assert!(!users_page.contains("medewerker@tfc.example"));

    // The organisations below: a unit of NCSC yes, one under BZ no.
    let unit = |code: &str, parent: &str| OrganisationInput {
        code: code.into(),
        name_nl: code.into(),
        name_en: code.into(),
        kind: "unit".into(),
        parent: parent.into(),
        city: String::new(),
    };
    let a = &app.state;
    let r = verbinding_app::directory::add_organisation(a, &s.ncsc_admin.caller, &unit("DJZ", "BZ")).await;
    assert!(matches!(&r, Err(AppError::Invalid(f)) if f[0].code == "org_outside_scope"), "{r:?}");
    let r = verbinding_app::directory::add_organisation(a, &s.ncsc_admin.caller, &unit("TOP", "")).await;
    assert!(matches!(&r, Err(AppError::Invalid(f)) if f[0].code == "org_outside_scope"), "{r:?}");
    verbinding_app::directory::add_organisation(a, &s.ncsc_admin.caller, &unit("NCSC-OPS", "NCSC"))
        .await
        .expect("a unit of NCSC");
}

async fn an_administrator_grants_no_clearance_above_their_own_or_the_ceiling_nor_raises_themselves(b: Backend) {
    let app = spawn_app_with(b, Default::default(), false).await;
    let s = story(&app).await;
    let world = World::new(&app);
    let token = s.ncsc_admin.token(&app).await;
    let ncsc_path = format!("/api/v1/users/{}", s.ncsc.id);
    let r =
        app.api_send(Method::PUT, &token, &ncsc_path, body("Lia", "NCSC", &["liaison"], "stg-zeer-geheim", 1)).await;
    assert_eq!(r.status(), 422);
    assert_eq!(
        fields(r).await,
        vec![("clearance".into(), "clearance_above_own".into()), ("clearance".into(), "above_ceiling".into())]
    );

    // Cleared above the ceiling oneself: the ceiling still bounds.
    let high =
        world.user("hoog@ncsc.example").org("NCSC").roles(&["admin"]).clearance("stg-zeer-geheim").create().await;
    let high_token = high.token(&app).await;
    let r = app
        .api_send(Method::PUT, &high_token, &ncsc_path, body("Lia", "NCSC", &["liaison"], "stg-zeer-geheim", 1))
        .await;
    assert_eq!(r.status(), 422);
    assert_eq!(fields(r).await, vec![("clearance".into(), "above_ceiling".into())]);

    // One's own roles, clearance and organisation stay as they are.
    let own = format!("/api/v1/users/{}", s.ncsc_admin.id);
    let r = app
        .api_send(
            Method::PUT,
            &token,
            &own,
            body("Beheer", "NCSC", &["admin", "coordinator", "decision-maker"], "stg-geheim", 1),
        )
        .await;
    assert_eq!(r.status(), 422);
    assert_eq!(fields(r).await, vec![("roles".into(), "own_authority".into())]);
    let r = app.api_send(Method::PUT, &token, &own, body("Bea Beheer", "NCSC", &["admin"], "stg-geheim", 1)).await;
    assert_eq!(r.status(), 200, "a name of one's own can change");
}

/// The app-level dimension: the same refusals from the services, whatever
/// the transport; the operator at the command line is not bounded.
async fn the_scope_binds_the_services_for_every_caller(b: Backend) {
    let app = spawn_app_with(b, Default::default(), false).await;
    let s = story(&app).await;
    let a = &app.state;
    let admin = &s.ncsc_admin.caller;
    let input = |roles: &[&str], clearance: &str| UserInput {
        email: String::new(),
        name: "Matrix".into(),
        roles: roles.iter().map(|r| r.to_string()).collect(),
        clearance: clearance.into(),
        posting_end: String::new(),
    };
    let promote = input(&["coordinator", "decision-maker"], "stg-geheim");
    let edit = UserEdit { id: s.tfc.id, version: 1, input: &promote, org_code: "TFC", active: None };
    assert!(matches!(users::update(a, admin, &edit).await, Err(AppError::NotFound)));
    assert!(matches!(users::get(a, admin, s.tfc.id).await, Err(AppError::NotFound)));
    let listed = users::list(a, admin, None, 100).await.expect("list");
    assert!(listed.iter().all(|u| u.id != s.tfc.id));
    let new = UserInput { email: "n@tfc.example".into(), ..input(&["liaison"], "dep-v") };
    let r = users::create(a, admin, &new, "TFC", "a long enough passphrase").await;
    assert!(matches!(&r, Err(AppError::Invalid(f)) if f.iter().any(|f| f.code == "org_outside_scope")), "{r:?}");
    // The operator creates anywhere (the first administrator of an organisation).
    let op = verbinding_app::Caller::command_line();
    let admin_input = UserInput { email: "beheer@tfc.example".into(), ..input(&["admin"], "stg-zeer-geheim") };
    users::create(a, &op, &admin_input, "TFC", "a long enough passphrase").await.expect("the operator");
}

async fn the_instance_organisation_administers_every_account(b: Backend) {
    let config = AppConfig { instance_admin_org: Some("BZ".into()), ..Default::default() };
    let app = spawn_app_with(b, (config, Default::default()), false).await;
    let s = story(&app).await;
    let world = World::new(&app);
    let bz_admin = world.user("beheer@bz.example").org("BZ").roles(&["admin"]).clearance("stg-geheim").create().await;
    let token = bz_admin.token(&app).await;
    let r = app
        .api_send(
            Method::PUT,
            &token,
            &format!("/api/v1/users/{}", s.ncsc.id),
            body("Lia", "TFC", &["liaison"], "dep-v", 1),
        )
        .await;
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap_or_default());
    // The NCSC administrator stays bounded, and now no longer sees the moved account.
    let ncsc_token = s.ncsc_admin.token(&app).await;
    let moved: Value =
        app.api_get(&ncsc_token, &format!("/api/v1/users/{}", s.ncsc.id)).await.json().await.expect("json");
    assert!(moved["clearance"].is_null(), "{moved}");
}
