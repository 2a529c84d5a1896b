//! The authorization matrix: every route of the router (taken from the route
//! table the router is built from) against every role × clearance ×
//! organisation, and, for object routes, every classification × need-to-know
//! marking. The expected answer comes from the pure domain rule; the actual
//! answer from the running server. A route without a recipe here fails the
//! test, so every new route must say how it is exercised.

use crate::helpers::*;
use crate::on_both_backends;
use futures_util::stream::{self, StreamExt};
use sha2::{Digest, Sha256};
use std::collections::BTreeSet;
use verbinding_domain::access::{Marking, Principal, may_see};
use verbinding_domain::assessment::{AssessmentInput, Content};
use verbinding_domain::classification::NATIONAL;
use verbinding_domain::directory::NewUser;
use verbinding_domain::dossier::DossierInput;
use verbinding_domain::incident::IncidentInput;
use verbinding_domain::marking::MarkingInput;
use verbinding_domain::role::{Permission, Role};
use verbinding_store::{Backend, assessments, auth, directory, dossiers, incidents};
use verbinding_web::routes::{Access, RouteSpec, Surface};

on_both_backends!(every_route_answers_as_the_rule_says);

struct Actor {
    principal: Option<Principal>,
    session: String,
    csrf: String,
    token: String,
    label: String,
}

struct Object {
    id: i64,
    /// `dossier`, `incident` or `assessment`: object routes are sent to objects of their kind.
    kind: &'static str,
    marking: Marking,
    /// For assessments: only members of this organisation (or its units) may revise.
    author_org: Option<i64>,
}

/// The kind of object an object route addresses.
fn route_kind(path: &str) -> &'static str {
    if path.contains("/strategy/reviews/{id}") {
        "review"
    } else if path.contains("/strategy/scenarios/{id}") {
        "scenario"
    } else if path.contains("/portfolio/projects/{id}") || path.contains("/capacity-building/projects/{id}") {
        "project"
    } else if path.contains("/strategy/indicators/{id}") {
        "indicator"
    } else if path.contains("/strategy/objectives/{id}") {
        "objective"
    } else if path.contains("/strategy/targets/{id}") {
        "target"
    } else if path.contains("/strategy/measurements/{id}") {
        "measurement"
    } else if path.contains("/strategy/evidence/{id}") {
        "evidence"
    } else if path.contains("/strategy/{id}") || path.contains("/strategies/{id}") {
        "strategy"
    } else if path.contains("/draaiboeken/{id}") || path.contains("/playbooks/{id}") {
        "playbook"
    } else if path.contains("/executions/{id}") {
        "execution"
    } else if path.contains("/assessments/{id}") {
        "assessment"
    } else if path.contains("/incidents") {
        "incident"
    } else {
        "dossier"
    }
}

/// The anonymous caller's pre-session cookie; its forms carry the token bound to it.
const ANON_PRESESSION: &str = "anon-presession";

/// A threat actor the demo data holds (APT28, UUID from the MISP galaxy).
const DEMO_ACTOR: &str = "5b4ee3ea-eee3-4c8e-8323-85ae32658754";

/// How a route is exercised: the concrete path, the body, and what an allowed
/// caller gets back (the request is chosen so it changes nothing).
struct Recipe {
    path: String,
    form: Vec<(&'static str, String)>,
    json: Option<serde_json::Value>,
    ok: &'static [u16],
    /// The request ends the caller's session: run it last, on a fresh session.
    ends_session: bool,
    /// Only the author organisation of the object may do this (else 403).
    author_only: bool,
    /// Addresses the named user (a TFC member): only administrators whose
    /// organisation is on the user's chain manage them (else 404).
    managed_user: bool,
    /// Only members of the object's responsible organisation, or those who
    /// manage the strategy, may do this (else 403): reporting a measurement.
    reporter_only: bool,
    /// Only this user may do this (else 403): adding evidence to one's own
    /// waiting measurement.
    only_user: Option<i64>,
}

fn recipe(spec: &RouteSpec, object_id: i64, some_user: i64) -> Recipe {
    let m = spec.method.as_str();
    let r = |path: &str, ok: &'static [u16]| Recipe {
        path: path.to_string(),
        form: vec![],
        json: None,
        ok,
        ends_session: false,
        author_only: false,
        managed_user: false,
        reporter_only: false,
        only_user: None,
    };
    let with_id = spec.path.replace("{id}", &object_id.to_string()).replace("{code}", "BZ");
    match (m, spec.path) {
        ("GET", "/healthz" | "/readyz" | "/metrics" | "/static/app.css" | "/static/app.js") => r(spec.path, &[200]),
        ("GET", "/login") => r("/login", &[200, 303]),
        ("POST", "/login") => Recipe {
            form: vec![("email", "x@y.example".into()), ("password", "nope".into())],
            ..r("/login", &[401, 429])
        },
        ("POST", "/logout") => Recipe { ends_session: true, ..r("/logout", &[303]) },
        ("POST", "/language") => Recipe { form: vec![("lang", "nl".into())], ..r("/language", &[303]) },
        (
            "GET",
            "/"
            | "/organisations"
            | "/organisations/{code}"
            | "/users"
            | "/users/new"
            | "/profile"
            | "/audit"
            | "/audit/export.csv"
            | "/incidents/export.csv"
            | "/dossiers"
            | "/dossiers/new",
        ) => r(&with_id, &[200]),
        ("POST", "/users") => Recipe { form: vec![("email", "bad".into())], ..r("/users", &[422]) },
        // BZ has no ministry above it: refused on the field, after the permission.
        ("POST", "/organisations/{code}/answers-for-parent") => {
            Recipe { form: vec![("answers_for_parent", "true".into())], ..r(&with_id, &[422]) }
        }
        ("GET", "/users/{id}/edit") => Recipe { managed_user: true, ..r(&format!("/users/{some_user}/edit"), &[200]) },
        ("POST", "/users/{id}") => {
            Recipe { form: vec![("name", "".into())], managed_user: true, ..r(&format!("/users/{some_user}"), &[422]) }
        }
        ("POST", "/profile/password") => {
            Recipe { form: vec![("current_password", "wrong".into())], ..r(spec.path, &[422]) }
        }
        ("POST", "/profile/time-zone") => {
            Recipe { form: vec![("time_zone", "Mars/Olympus".into())], ..r(spec.path, &[422]) }
        }
        ("POST", "/profile/tokens") => Recipe { form: vec![("token_name", "".into())], ..r(spec.path, &[422]) },
        ("POST", "/profile/tokens/{id}/revoke") => r("/profile/tokens/999999/revoke", &[404]),
        ("POST", "/profile/logout-everywhere") => Recipe { ends_session: true, ..r(spec.path, &[303]) },
        ("POST", "/dossiers") => Recipe { form: vec![("title", "".into())], ..r("/dossiers", &[422]) },
        ("GET", "/dossiers/{id}" | "/dossiers/{id}/edit") => r(&with_id, &[200]),
        ("POST", "/dossiers/{id}") => {
            Recipe { form: vec![("title", "".into()), ("version", "1".into())], ..r(&with_id, &[422]) }
        }
        ("GET", "/api/v1/openapi.json") => r(spec.path, &[200]),
        ("POST", "/api/v1/tokens") => Recipe {
            json: Some(serde_json::json!({"email": "x@y.example", "password": "no"})),
            ..r(spec.path, &[401, 429])
        },
        (
            "GET",
            "/api/v1/me"
            | "/api/v1/organisations"
            | "/api/v1/organisations/{code}"
            | "/api/v1/users"
            | "/api/v1/dossiers"
            | "/api/v1/audit",
        ) => r(&with_id, &[200]),
        ("POST", "/api/v1/users" | "/api/v1/dossiers") => {
            Recipe { json: Some(serde_json::json!({})), ..r(spec.path, &[422]) }
        }
        ("GET", "/api/v1/users/{id}") => r(&format!("/api/v1/users/{some_user}"), &[200]),
        ("PUT", "/api/v1/users/{id}") => Recipe {
            json: Some(serde_json::json!({"version": 1})),
            managed_user: true,
            ..r(&format!("/api/v1/users/{some_user}"), &[422])
        },
        ("GET", "/incidents" | "/incidents/new" | "/threat-actors") => r(spec.path, &[200]),
        ("GET", "/threat-actors/{uuid}") => r(&format!("/threat-actors/{DEMO_ACTOR}"), &[200]),
        ("POST", "/incidents") => Recipe { form: vec![("title", "".into())], ..r("/incidents", &[422]) },
        (
            "GET",
            "/incidents/{id}"
            | "/incidents/{id}/edit"
            | "/incidents/{id}/print"
            | "/incidents/{id}/assessments"
            | "/incidents/{id}/partners"
            | "/incidents/{id}/timeline",
        ) => r(&with_id, &[200]),
        ("POST", "/incidents/{id}") => {
            Recipe { form: vec![("title", "".into()), ("version", "1".into())], ..r(&with_id, &[422]) }
        }
        ("POST", "/incidents/{id}/status") => {
            Recipe { form: vec![("status", "closed".into()), ("version", "1".into())], ..r(&with_id, &[422]) }
        }
        ("POST", "/incidents/{id}/notes") => Recipe { form: vec![("note", " ".into())], ..r(&with_id, &[422]) },
        (
            "GET",
            "/api/v1/incidents"
            | "/api/v1/threat-actors"
            | "/api/v1/incidents/{id}"
            | "/api/v1/incidents/{id}/timeline",
        ) => r(&with_id, &[200]),
        ("GET", "/api/v1/threat-actors/{uuid}") => r(&format!("/api/v1/threat-actors/{DEMO_ACTOR}"), &[200]),
        ("POST", "/api/v1/incidents") => Recipe { json: Some(serde_json::json!({})), ..r(spec.path, &[422]) },
        ("PUT", "/api/v1/incidents/{id}") => {
            Recipe { json: Some(serde_json::json!({"version": 1})), ..r(&with_id, &[422]) }
        }
        ("POST", "/api/v1/incidents/{id}/status") => {
            Recipe { json: Some(serde_json::json!({"version": 1, "status": "closed"})), ..r(&with_id, &[409]) }
        }
        ("POST", "/api/v1/incidents/{id}/timeline") => {
            Recipe { json: Some(serde_json::json!({"text": ""})), ..r(&with_id, &[422]) }
        }
        ("GET", "/incidents/{id}/assessments/new" | "/assessments/{id}" | "/api/v1/incidents/{id}/assessments") => {
            r(&with_id, &[200])
        }
        ("GET", "/api/v1/assessments/{id}" | "/api/v1/assessments/{id}/versions") => r(&with_id, &[200]),
        ("POST", "/incidents/{id}/assessments") => {
            Recipe { form: vec![("kind", "technical".into())], ..r(&with_id, &[422]) }
        }
        ("POST", "/api/v1/incidents/{id}/assessments") => {
            Recipe { json: Some(serde_json::json!({"kind": "legal"})), ..r(&with_id, &[422]) }
        }
        ("GET", "/assessments/{id}/edit") => Recipe { author_only: true, ..r(&with_id, &[200]) },
        ("POST", "/assessments/{id}") => Recipe {
            form: vec![("summary", "".into()), ("version", "1".into())],
            author_only: true,
            ..r(&with_id, &[422])
        },
        ("PUT", "/api/v1/assessments/{id}") => {
            Recipe { json: Some(serde_json::json!({"version": 1})), author_only: true, ..r(&with_id, &[422]) }
        }
        ("GET", "/incidents/{id}/response" | "/api/v1/incidents/{id}/response-plan") => r(&with_id, &[200]),
        ("GET", "/response-options" | "/renewals" | "/api/v1/response-options" | "/api/v1/renewals") => {
            r(spec.path, &[200])
        }
        ("POST", "/incidents/{id}/response") => Recipe { form: vec![("option", "".into())], ..r(&with_id, &[422]) },
        ("POST", "/incidents/{id}/response/status") => Recipe {
            form: vec![("item", "1".into()), ("version", "1".into()), ("status", "nonsense".into())],
            ..r(&with_id, &[422])
        },
        ("POST", "/api/v1/incidents/{id}/response-plan") => {
            Recipe { json: Some(serde_json::json!({})), ..r(&with_id, &[422]) }
        }
        ("POST", "/api/v1/incidents/{id}/response-plan/status") => Recipe {
            json: Some(serde_json::json!({"item": 1, "version": 1, "status": "nonsense"})),
            ..r(&with_id, &[422])
        },
        ("GET", "/incidents/{id}/timeline.csv") => r(&with_id, &[200]),
        (
            "GET",
            "/incidents/{id}/consultation"
            | "/incidents/{id}/decisions"
            | "/api/v1/incidents/{id}/consultations"
            | "/api/v1/incidents/{id}/decisions",
        ) => r(&with_id, &[200]),
        ("POST", "/incidents/{id}/consultation" | "/incidents/{id}/decisions") => {
            Recipe { form: vec![("subject", "".into()), ("kind", "".into())], ..r(&with_id, &[422]) }
        }
        ("POST", "/incidents/{id}/consultation/answer") => {
            Recipe { form: vec![("round", "1".into()), ("answer", "nonsense".into())], ..r(&with_id, &[422]) }
        }
        ("POST", "/incidents/{id}/decisions/sign") => {
            Recipe { form: vec![("decision", "0".into()), ("version", "1".into())], ..r(&with_id, &[422]) }
        }
        ("POST", "/incidents/{id}/decisions/close") => Recipe {
            form: vec![
                ("decision", "0".into()),
                ("version", "1".into()),
                ("closing", "returned".into()),
                ("reason", "x".into()),
            ],
            ..r(&with_id, &[422])
        },
        ("GET", "/incidents/{id}/decisions/{decision}/sign" | "/incidents/{id}/decisions/{decision}/print") => {
            r(&with_id.replace("{decision}", "0"), &[404])
        }
        ("POST", "/api/v1/incidents/{id}/consultations" | "/api/v1/incidents/{id}/decisions") => {
            Recipe { json: Some(serde_json::json!({})), ..r(&with_id, &[422]) }
        }
        ("POST", "/api/v1/incidents/{id}/consultations/answers") => {
            Recipe { json: Some(serde_json::json!({"round": 1, "answer": "nonsense"})), ..r(&with_id, &[422]) }
        }
        ("POST", "/api/v1/incidents/{id}/decisions/sign") => {
            Recipe { json: Some(serde_json::json!({"decision": 0, "version": 1})), ..r(&with_id, &[409]) }
        }
        ("POST", "/api/v1/incidents/{id}/decisions/close") => Recipe {
            json: Some(serde_json::json!({"decision": 0, "version": 1, "closing": "returned", "reason": "x"})),
            ..r(&with_id, &[409])
        },
        ("POST", "/response-options") => Recipe { form: vec![("id", "".into())], ..r(spec.path, &[422]) },
        ("POST", "/response-options/{option}/lapsed") => {
            Recipe { form: vec![("lapsed", "maybe".into())], ..r("/response-options/nl-demarche/lapsed", &[422]) }
        }
        ("POST", "/api/v1/response-options") => Recipe { json: Some(serde_json::json!({})), ..r(spec.path, &[422]) },
        ("POST", "/api/v1/response-options/{option}/lapsed") => {
            Recipe { json: Some(serde_json::json!({})), ..r("/api/v1/response-options/nl-demarche/lapsed", &[422]) }
        }
        ("POST", "/incidents/{id}/partners") => Recipe { form: vec![("partner", "".into())], ..r(&with_id, &[422]) },
        ("GET", "/api/v1/incidents/{id}/partners") => r(&with_id, &[200]),
        ("POST", "/api/v1/incidents/{id}/partners") => {
            Recipe { json: Some(serde_json::json!({})), ..r(&with_id, &[422]) }
        }
        ("GET", "/draaiboeken" | "/draaiboeken/import" | "/api/v1/playbooks") => r(spec.path, &[200]),
        // A form without a document: refused with the field named, nothing stored.
        ("POST", "/draaiboeken/import") => Recipe { form: vec![("document", "".into())], ..r(spec.path, &[422]) },
        ("GET", "/draaiboeken/{id}" | "/draaiboeken/{id}/export" | "/api/v1/playbooks/{id}") => r(&with_id, &[200]),
        ("GET", "/api/v1/playbooks/{id}/document") => r(&with_id, &[200]),
        ("POST", "/draaiboeken/{id}/approve") => Recipe { form: vec![("version", "x".into())], ..r(&with_id, &[422]) },
        // A marking without a classification: refused with the field named, nothing started.
        ("POST", "/draaiboeken/{id}/executions") => {
            Recipe { form: vec![("classification", "".into())], ..r(&with_id, &[422]) }
        }
        ("POST", "/api/v1/executions") => {
            Recipe { json: Some(serde_json::json!({"classification": ""})), ..r(spec.path, &[422]) }
        }
        ("POST", "/api/v1/playbooks/{id}/approve") => {
            Recipe { json: Some(serde_json::json!({})), ..r(&with_id, &[422]) }
        }
        ("POST", "/api/v1/playbooks") => {
            Recipe { json: Some(serde_json::json!({"document": {}})), ..r(spec.path, &[422]) }
        }
        ("POST", "/api/v1/incidents/{id}/executions") => {
            Recipe { json: Some(serde_json::json!({})), ..r(&with_id, &[422]) }
        }
        ("GET", "/api/v1/incidents/{id}/executions" | "/api/v1/executions/{id}") => r(&with_id, &[200]),
        ("POST", "/api/v1/executions/{id}/commands") => {
            Recipe { json: Some(serde_json::json!({"command": "nonsense"})), ..r(&with_id, &[422]) }
        }
        ("GET", "/api/v1/inbox" | "/inbox" | "/executions") => r(spec.path, &[200]),
        ("POST", "/api/v1/executions/{id}/notes") => Recipe {
            json: Some(serde_json::json!({"task": "action--none#0", "kind": "comment"})),
            ..r(&with_id, &[409])
        },
        ("GET", "/incidents/{id}/executions" | "/executions/{id}") => r(&with_id, &[200]),
        ("POST", "/executions/{id}/notes") => {
            Recipe { form: vec![("task", "action--none#0".into()), ("kind", "comment".into())], ..r(&with_id, &[422]) }
        }
        // A form without a file (the matrix sends url-encoded forms): refused, nothing stored.
        ("POST", "/executions/{id}/attachments") => {
            Recipe { form: vec![("task", "action--none#0".into())], ..r(&with_id, &[422]) }
        }
        ("POST", "/api/v1/executions/{id}/tasks/{task}/attachments") => Recipe {
            json: Some(serde_json::json!({})),
            ..r(&format!("/api/v1/executions/{object_id}/tasks/action--none%230/attachments"), &[409])
        },
        ("GET", "/api/v1/executions/{id}/attachments") => r(&with_id, &[200]),
        // Each matrix execution has one attachment whose id is the execution's.
        ("GET", "/executions/{id}/attachments/{attachment}" | "/api/v1/executions/{id}/attachments/{attachment}") => {
            r(&with_id.replace("{attachment}", &object_id.to_string()), &[200])
        }
        ("POST", "/incidents/{id}/executions") => {
            Recipe { form: vec![("playbook", "x".into())], ..r(&with_id, &[422]) }
        }
        ("POST", "/executions/{id}/commands") => {
            Recipe { form: vec![("command", "cancel".into()), ("reason", "".into())], ..r(&with_id, &[422]) }
        }
        ("GET", "/strategy" | "/strategy/new" | "/api/v1/strategies") => r(spec.path, &[200]),
        ("POST", "/strategy") => Recipe { form: vec![("title", "".into())], ..r(spec.path, &[422]) },
        (
            "GET",
            "/strategy/{id}"
            | "/strategy/{id}/edit"
            | "/strategy/{id}/objectives/new"
            | "/strategy/objectives/{id}"
            | "/strategy/objectives/{id}/edit"
            | "/strategy/objectives/{id}/indicators/new"
            | "/strategy/indicators/{id}"
            | "/api/v1/strategies/{id}"
            | "/api/v1/strategy/indicators/{id}",
        ) => r(&with_id, &[200]),
        ("POST", "/strategy/{id}/objectives" | "/strategy/objectives/{id}/indicators") => {
            Recipe { form: vec![("title", "".into())], ..r(&with_id, &[422]) }
        }
        ("POST", "/strategy/{id}") => {
            Recipe { form: vec![("title", "".into()), ("version", "1".into())], ..r(&with_id, &[422]) }
        }
        ("POST", "/strategy/objectives/{id}") => {
            Recipe { form: vec![("title", "".into()), ("version", "1".into())], ..r(&with_id, &[422]) }
        }
        ("POST", "/strategy/objectives/{id}/work" | "/strategy/objectives/{id}/work/remove") => {
            Recipe { form: vec![("work", "x".into())], ..r(&with_id, &[422]) }
        }
        ("POST", "/strategy/objectives/{id}/judgements") => {
            Recipe { form: vec![("assumption_status", "".into())], ..r(&with_id, &[422]) }
        }
        ("POST", "/strategy/indicators/{id}/targets" | "/strategy/indicators/{id}/breaks") => {
            Recipe { form: vec![("period", "".into())], ..r(&with_id, &[422]) }
        }
        ("POST", "/strategy/indicators/{id}/measurements") => {
            Recipe { form: vec![("period", "".into())], reporter_only: true, ..r(&with_id, &[422]) }
        }
        // Without a file (the matrix sends url-encoded forms and JSON): the
        // submitter is told the file is missing, nothing is stored.
        ("POST", "/strategy/measurements/{id}/evidence") => {
            Recipe { only_user: Some(some_user), ..r(&with_id, &[422]) }
        }
        ("POST", "/api/v1/strategy/measurements/{id}/evidence") => {
            Recipe { json: Some(serde_json::json!({})), only_user: Some(some_user), ..r(&with_id, &[422]) }
        }
        ("GET", "/strategy/evidence/{id}" | "/api/v1/strategy/evidence/{id}") => r(&with_id, &[200]),
        ("POST", "/strategy/targets/{id}/decision" | "/strategy/measurements/{id}/review") => {
            Recipe { form: vec![("verdict", "return".into()), ("reason", "".into())], ..r(&with_id, &[422]) }
        }
        ("POST", "/api/v1/strategy/indicators/{id}/measurements") => Recipe {
            json: Some(serde_json::json!({"period": "x", "value": 1, "evidence": ""})),
            reporter_only: true,
            ..r(&with_id, &[422])
        },
        ("POST", "/api/v1/strategy/targets/{id}/decision" | "/api/v1/strategy/measurements/{id}/review") => {
            Recipe { json: Some(serde_json::json!({"approve": false})), ..r(&with_id, &[422]) }
        }
        (
            "GET",
            "/portfolio"
            | "/portfolio/new"
            | "/portfolio/import"
            | "/portfolio/iati"
            | "/api/v1/capacity-building/projects"
            | "/api/v1/capacity-building/iati",
        ) => r(spec.path, &[200]),
        ("GET", "/api/v1/capacity-building/projects/{id}") => r(&with_id, &[200]),
        ("GET", "/strategy/{id}/reviews" | "/strategy/reviews/{id}") => r(&with_id, &[200]),
        ("GET", "/strategy/{id}/scenarios" | "/strategy/scenarios/{id}" | "/strategy/scenarios/{id}/edit") => {
            r(&with_id, &[200])
        }
        ("POST", "/strategy/scenarios/{id}") => {
            Recipe { form: vec![("title", "".into()), ("version", "1".into())], ..r(&with_id, &[422]) }
        }
        ("POST", "/strategy/{id}/scenarios") => Recipe { form: vec![("title", "".into())], ..r(&with_id, &[422]) },
        ("POST", "/strategy/scenarios/{id}/stances") => {
            Recipe { form: vec![("objective", "x".into())], ..r(&with_id, &[422]) }
        }
        ("POST", "/strategy/scenarios/{id}/signposts") => {
            Recipe { form: vec![("signpost_name", "".into())], ..r(&with_id, &[422]) }
        }
        ("POST", "/strategy/{id}/reviews") => Recipe { form: vec![("cadence", "".into())], ..r(&with_id, &[422]) },
        ("POST", "/strategy/reviews/{id}/decisions") => {
            Recipe { form: vec![("decision_text", "".into())], ..r(&with_id, &[422]) }
        }
        ("POST", "/strategy/reviews/{id}/actions") => {
            Recipe { form: vec![("action_text", "".into())], ..r(&with_id, &[422]) }
        }
        ("POST", "/strategy/reviews/{id}/actions/done") => {
            Recipe { form: vec![("action", "999999".into())], ..r(&with_id, &[409]) }
        }
        ("GET", "/strategy/{id}/evaluation" | "/api/v1/strategies/{id}/evaluation") => r(&with_id, &[200]),
        ("POST", "/portfolio") => Recipe { form: vec![("title", "".into())], ..r(spec.path, &[422]) },
        ("POST", "/portfolio/import") => Recipe { form: vec![("lead_org", "".into())], ..r(spec.path, &[422]) },
        ("POST", "/api/v1/capacity-building/iati") => {
            Recipe { json: Some(serde_json::json!({"xml": ""})), ..r(spec.path, &[422]) }
        }
        ("GET", "/portfolio/projects/{id}" | "/portfolio/projects/{id}/edit") => r(&with_id, &[200]),
        ("POST", "/portfolio/projects/{id}") => {
            Recipe { form: vec![("title", "".into()), ("version", "1".into())], ..r(&with_id, &[422]) }
        }
        ("POST", "/portfolio/projects/{id}/flows" | "/portfolio/projects/{id}/baselines") => {
            Recipe { form: vec![("kind", "".into())], ..r(&with_id, &[422]) }
        }
        ("GET", "/api/v1/dossiers/{id}") => r(&with_id, &[200]),
        ("PUT", "/api/v1/dossiers/{id}") => {
            Recipe { json: Some(serde_json::json!({"version": 1})), ..r(&with_id, &[422]) }
        }
        _ => panic!("route {} {} has no entry in the authorization matrix: add a recipe", spec.method, spec.path),
    }
}

/// What the rule says the caller gets.
fn expected(spec: &RouteSpec, actor: &Actor, object: Option<&Object>, rc: &Recipe, managed: &[i64]) -> Vec<u16> {
    let ok = rc.ok;
    let Some(p) = &actor.principal else {
        return match (spec.access, spec.surface) {
            (Access::Public, _) => ok.to_vec(),
            (_, Surface::Api) => vec![401],
            _ => vec![303],
        };
    };
    if let Access::Permission(perm) = spec.access
        && !p.has(perm)
    {
        return vec![403];
    }
    if rc.managed_user && !p.org_chain.first().is_some_and(|o| managed.contains(o)) {
        return vec![404];
    }
    match object {
        Some(o) if !may_see(p, &o.marking) => vec![404],
        Some(Object { author_org: Some(org), .. }) if rc.author_only && !p.org_chain.contains(org) => vec![403],
        Some(Object { author_org: Some(org), .. })
            if rc.reporter_only && !p.has(Permission::ManageStrategy) && !p.org_chain.contains(org) =>
        {
            vec![403]
        }
        Some(_) if rc.only_user.is_some_and(|u| u != p.user_id) => vec![403],
        _ => ok.to_vec(),
    }
}

/// A strategy under the marking, a goal, an indicator on it (reported by
/// TFC), a proposed target and a submitted measurement: each with the id its
/// routes address, the kind, and whether TFC is the object's responsible
/// organisation. The need-to-know user is added by the caller, for the
/// marked ones (the strategy and the goal); the rest is seen with the goal.
async fn strategy_objects(
    tx: &mut verbinding_store::WriteTx,
    marking: &MarkingInput,
    by: i64,
    now: i64,
) -> Vec<(i64, &'static str, bool)> {
    use verbinding_domain::strategy::{
        IndicatorInput, MeasurementInput, ObjectiveInput, Period, StrategyInput, TargetInput,
    };
    use verbinding_store::{indicators, strategy};
    let s = StrategyInput {
        title: "Matrix".into(),
        start_year: "2023".into(),
        end_year: "2028".into(),
        lead_org: "TFC".into(),
        marking: marking.clone(),
        ..Default::default()
    };
    let strategy_id =
        strategy::create_strategy(tx, &s.validate("stg-geheim").expect("strategy"), by, now).await.expect("strategy");
    let goal = ObjectiveInput {
        title: "Matrix goal".into(),
        level: "impact".into(),
        horizon: "long".into(),
        lead_org: "TFC".into(),
        marking: marking.clone(),
        ..Default::default()
    };
    let at = strategy::Placement { strategy_id, parent_id: None };
    let goal =
        strategy::create_objective(tx, at, &goal.validate("stg-geheim").expect("goal"), by, now).await.expect("goal");
    let i = IndicatorInput {
        name: "Matrix".into(),
        definition: "d".into(),
        verification: "v".into(),
        data_source: "s".into(),
        frequency: "annual".into(),
        responsible_org: "TFC".into(),
        direction: "higher".into(),
        measure_type: "numeric".into(),
        baseline_period: "2023".into(),
        baseline_value: "1".into(),
        baseline_evidence: "e".into(),
        ..Default::default()
    };
    let valid = i.validate().expect("indicator");
    let indicator = indicators::create(tx, goal, &valid, by, now).await.expect("indicator");
    let rules = verbinding_domain::strategy::IndicatorRules {
        shape: verbinding_domain::strategy::ValueShape { measure_type: valid.measure_type, scale: &[] },
        frequency: valid.frequency,
        direction: valid.direction,
        baseline_period: valid.baseline_period,
        baseline_value: valid.baseline_value,
    };
    let t = TargetInput { period: "2028".into(), value: "5".into(), reason: String::new() };
    let target = indicators::propose_target(tx, indicator, &t.validate(&rules, false).expect("target"), by, now)
        .await
        .expect("target");
    let m = MeasurementInput { period: "2025".into(), value: "2".into(), evidence: "e".into(), ..Default::default() };
    let m = m.validate(&rules, Period::quarter(2026, 4)).expect("measurement");
    let measurement = indicators::submit(tx, indicator, &m, by, now).await.expect("measurement");
    let file = verbinding_store::evidence::NewFile {
        file_name: "e.txt",
        original_name: "e.txt",
        media_type: "text/plain",
        sha256: "x",
        uploaded_by: by,
        content: b"e",
    };
    let evidence = verbinding_store::evidence::add(tx, measurement, &file, now).await.expect("evidence");
    let project = verbinding_domain::portfolio::ProjectInput {
        identifier: "XM-DAC-7-MATRIX".into(),
        title: "Matrix".into(),
        language: "en".into(),
        status: "implementation".into(),
        start_date: "2025-01-01".into(),
        end_date: "2026-12-31".into(),
        lead_org: "TFC".into(),
        donor_name: "Donor".into(),
        donor_ref: "XM-DAC-7".into(),
        implementer_name: "Implementer".into(),
        currency: "EUR".into(),
        countries: "KE".into(),
        sectors: "22040".into(),
        marking: marking.clone(),
        ..Default::default()
    };
    let project = verbinding_store::portfolio::create_project(
        tx,
        &project.validate("stg-geheim").expect("project"),
        None,
        by,
        now,
    )
    .await
    .expect("project");
    let review = verbinding_domain::strategy::review::ReviewInput {
        cadence: "annual".into(),
        period: "2025".into(),
        held_on: "2026-01-20".into(),
        participants: "TFC".into(),
        lead_org: "TFC".into(),
        marking: marking.clone(),
        ..Default::default()
    };
    let review = verbinding_store::reviews::create_review(
        tx,
        strategy_id,
        &review.validate("stg-geheim", "2026-12-31").expect("review"),
        "{}",
        by,
        now,
    )
    .await
    .expect("review");
    let scenario = verbinding_domain::strategy::foresight::ScenarioInput {
        title: "Matrix".into(),
        theme: "ai".into(),
        narrative: "n".into(),
        lead_org: "TFC".into(),
        marking: marking.clone(),
    };
    let scenario = verbinding_store::foresight::create_scenario(
        tx,
        strategy_id,
        &scenario.validate("stg-geheim").expect("scenario"),
        by,
        now,
    )
    .await
    .expect("scenario");
    vec![
        (strategy_id, "strategy", false),
        (goal, "objective", false),
        (project, "project", false),
        (review, "review", false),
        (scenario, "scenario", false),
        (indicator, "indicator", true),
        (target, "target", false),
        (measurement, "measurement", false),
        (evidence, "evidence", false),
    ]
}

fn sha(s: &str) -> String {
    hex::encode(Sha256::digest(s.as_bytes()))
}

async fn org_id(app: &TestApp, code: &str) -> i64 {
    let mut c = app.state.db.read().await.expect("conn");
    directory::org_by_code(&mut c, code).await.expect("org").id
}

async fn every_route_answers_as_the_rule_says(b: Backend) {
    let app = spawn_app(b).await;
    let now = START_MS;
    let hash = verbinding_app::password::hash("matrix password 1").expect("hash");
    let chains = [
        ("TFC", vec![org_id(&app, "TFC").await, org_id(&app, "BZ").await]),
        ("NCSC", vec![org_id(&app, "NCSC").await, org_id(&app, "JenV").await]),
    ];

    // Principals: every role × clearance × organisation, plus an anonymous caller.
    let mut actors = vec![Actor {
        principal: None,
        session: String::new(),
        csrf: verbinding_web::presession_token(&app.state, ANON_PRESESSION),
        token: String::new(),
        label: "anonymous".into(),
    }];
    let mut tx = app.state.db.write().await.expect("tx");
    for role in Role::ALL {
        for level in NATIONAL.iter() {
            for (code, chain) in &chains {
                let email = format!("{}.{}.{}@matrix.example", role.id(), level.id, code.to_lowercase());
                let new = NewUser {
                    email: email.clone(),
                    name: email.clone(),
                    roles: vec![role],
                    clearance: level.id.into(),
                    posting_end: None,
                };
                let id = directory::create_user(&mut tx, &new, chain[0], &hash, now).await.expect("user");
                let (session, csrf, token) =
                    (format!("s-{id}-{}", uuid()), format!("c-{id}"), format!("t-{id}-{}", uuid()));
                auth::create_session(&mut tx, &sha(&session), id, &csrf, now).await.expect("session");
                auth::create_token(&mut tx, id, "matrix", &sha(&token), now, None).await.expect("token");
                let principal =
                    Principal { user_id: id, org_chain: chain.clone(), roles: vec![role], clearance: level.id.into() };
                actors.push(Actor { principal: Some(principal), session, csrf, token, label: email });
            }
        }
    }
    // Objects: every classification the instance may hold × need-to-know shapes.
    let named_user = actors[1].principal.as_ref().map(|p| p.user_id).expect("user");
    let tfc = chains[0].1[0];
    // Assessments hang under one incident everybody may see.
    let host = IncidentInput {
        title: "Matrix host".into(),
        severity: "limited".into(),
        lead_org: "TFC".into(),
        marking: MarkingInput {
            classification: "ongerubriceerd".into(),
            tlp: "clear".into(),
            open_to_all: true,
            ..Default::default()
        },
        ..Default::default()
    };
    let host_incident =
        incidents::create(&mut tx, &host.validate("stg-geheim").expect("host"), named_user, now).await.expect("host");
    let mut objects = Vec::new();
    // Executions of the built-in national draaiboek run on the matrix incidents.
    let library =
        verbinding_playbook::engine::Library::new(verbinding_playbook::builtin::BUILTIN.iter().map(|(_, json)| {
            verbinding_playbook::Playbook::parse(serde_json::from_str(json).expect("json")).expect("builtin")
        }));
    let (national, national_version): (i64, i64) =
        sqlx::query_as("SELECT object_id, current_version FROM playbooks WHERE builtin = 'national-response'")
            .fetch_one(&mut **tx)
            .await
            .expect("national draaiboek");
    let national_cacao: String = sqlx::query_scalar("SELECT cacao_id FROM playbooks WHERE object_id = $1")
        .bind(national)
        .fetch_one(&mut **tx)
        .await
        .expect("id");
    for classification in
        ["ongerubriceerd", "dep-v", "stg-confidentieel", "stg-geheim", "eu-secret", "nato-confidential"]
    {
        for (open, orgs, user) in [
            (true, vec![], None),
            (false, vec!["BZ"], None),
            (false, vec!["NCSC"], None),
            (false, vec!["EZK"], Some(named_user)),
        ] {
            let input = DossierInput {
                title: format!("{classification} {orgs:?} {user:?}"),
                lead_org: "TFC".into(),
                marking: MarkingInput {
                    classification: classification.into(),
                    tlp: "amber".into(),
                    open_to_all: open,
                    orgs: orgs.iter().map(|o| o.to_string()).collect(),
                    users: vec![],
                },
                ..Default::default()
            };
            let valid = input.validate("stg-geheim").expect("valid");
            let dossier = dossiers::create(&mut tx, &valid, named_user, now).await.expect("dossier");
            let incident_input = IncidentInput {
                title: input.title.clone(),
                severity: "significant".into(),
                lead_org: "TFC".into(),
                marking: input.marking.clone(),
                ..Default::default()
            };
            let valid = incident_input.validate("stg-geheim").expect("valid incident");
            let incident = incidents::create(&mut tx, &valid, named_user, now).await.expect("incident");
            for id in [dossier, incident] {
                if let Some(u) = user {
                    sqlx::query("INSERT INTO object_access (object_id, user_id) VALUES ($1, $2)")
                        .bind(id)
                        .bind(u)
                        .execute(&mut **tx)
                        .await
                        .expect("ntk");
                }
            }
            let mut org_ids = Vec::new();
            for o in &orgs {
                let oid: i64 = sqlx::query_scalar("SELECT id FROM organisations WHERE code = $1")
                    .bind(*o)
                    .fetch_one(&mut **tx)
                    .await
                    .expect("org");
                org_ids.push(oid);
            }
            let marking = Marking {
                classification: classification.into(),
                open_to_all: open,
                orgs: org_ids,
                users: user.into_iter().collect(),
            };
            let assessment_input = AssessmentInput {
                kind: "technical".into(),
                content: Content { summary: "matrix".into(), confidence: "low".into(), ..Content::default() },
                meta_classification: "ongerubriceerd".into(),
                marking: input.marking.clone(),
            };
            let valid = assessment_input.validate("stg-geheim").expect("valid assessment");
            let assessment =
                assessments::create(&mut tx, host_incident, &valid, tfc, named_user, now).await.expect("assessment");
            if let Some(u) = user {
                sqlx::query("INSERT INTO object_access (object_id, user_id) VALUES ($1, $2)")
                    .bind(assessment)
                    .bind(u)
                    .execute(&mut **tx)
                    .await
                    .expect("ntk");
            }
            let cacao_id = format!("playbook--{}", uuid());
            let document = serde_json::json!({"type": "playbook", "id": cacao_id, "name": input.title}).to_string();
            let version = verbinding_store::playbooks::NewVersion {
                name: &input.title,
                modified: "2026-01-01T00:00:00Z",
                document: &document,
                sha256: "matrix",
                mode: "strict",
                tolerated: "[]",
            };
            let valid_marking = input.marking.check("stg-geheim", &mut verbinding_domain::error::Validator::new());
            let playbook = verbinding_store::playbooks::create(
                &mut tx,
                &cacao_id,
                None,
                &valid_marking.expect("marking"),
                &version,
                Some(named_user),
                now,
            )
            .await
            .expect("playbook");
            if let Some(u) = user {
                sqlx::query("INSERT INTO object_access (object_id, user_id) VALUES ($1, $2)")
                    .bind(playbook)
                    .bind(u)
                    .execute(&mut **tx)
                    .await
                    .expect("ntk");
            }
            objects.push(Object { id: playbook, kind: "playbook", marking: marking.clone(), author_org: None });
            let (run, _) =
                verbinding_playbook::engine::start(&library, &national_cacao, now / 1000, &Default::default())
                    .expect("start");
            let execution = verbinding_store::executions::create(
                &mut tx,
                &verbinding_store::executions::NewExecution {
                    guard_object_id: incident,
                    incident_id: Some(incident),
                    playbook_id: national,
                    playbook_version: national_version,
                    status: "running",
                    state: &serde_json::to_string(&run).expect("state"),
                    next_due: verbinding_playbook::engine::next_due(&run),
                    started_by: Some(named_user),
                },
                now,
            )
            .await
            .expect("execution");
            let first_task = run.instances.iter().find_map(|i| i.task.as_ref().map(|t| t.key.clone())).expect("a task");
            sqlx::query(
                "INSERT INTO execution_tasks (execution_id, task, step, name, open, opened_at) VALUES ($1, $2, 's', 'n', 1, $3)",
            )
            .bind(execution)
            .bind(&first_task)
            .bind(now)
            .execute(&mut **tx)
            .await
            .expect("task row");
            sqlx::query(
                "INSERT INTO execution_task_attachments (id, execution_id, task, file_name, original_name, media_type, \
                 size, sha256, uploaded_by, uploaded_at, content) VALUES ($1, $1, $2, 'a.txt', 'a.txt', 'text/plain', 1, \
                 'x', $3, $4, $5)",
            )
            .bind(execution)
            .bind(&first_task)
            .bind(named_user)
            .bind(now)
            .bind(b"a".to_vec())
            .execute(&mut **tx)
            .await
            .expect("attachment");
            objects.push(Object { id: execution, kind: "execution", marking: marking.clone(), author_org: None });
            for (id, kind, author_org) in strategy_objects(&mut tx, &input.marking, named_user, now).await {
                if let Some(u) = user
                    && matches!(kind, "strategy" | "objective" | "project" | "review" | "scenario")
                {
                    sqlx::query("INSERT INTO object_access (object_id, user_id) VALUES ($1, $2)")
                        .bind(id)
                        .bind(u)
                        .execute(&mut **tx)
                        .await
                        .expect("ntk");
                }
                let author_org = author_org.then_some(tfc);
                objects.push(Object { id, kind, marking: marking.clone(), author_org });
            }
            objects.push(Object { id: dossier, kind: "dossier", marking: marking.clone(), author_org: None });
            objects.push(Object { id: incident, kind: "incident", marking: marking.clone(), author_org: None });
            objects.push(Object { id: assessment, kind: "assessment", marking, author_org: Some(tfc) });
        }
    }
    tx.commit().await.expect("commit");

    let table = verbinding_web::route_table();
    // Resolve every recipe before sending anything: a route without one fails here.
    for spec in &table {
        recipe(spec, 1, 1);
    }
    let http = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client");
    let mut cases = Vec::new();
    for (ai, actor) in actors.iter().enumerate() {
        for spec in &table {
            // A caller whose role lacks the route's permission is refused
            // before any object is looked at: a visible and an invisible
            // object suffice to show the answer does not depend on them.
            let refused_by_role = match (spec.access, &actor.principal) {
                (Access::Permission(p), Some(principal)) => !principal.has(p),
                _ => false,
            };
            let objs: Vec<Option<&Object>> = if spec.object {
                let of_kind = objects.iter().filter(|o| o.kind == route_kind(spec.path));
                if refused_by_role { of_kind.take(3).map(Some).collect() } else { of_kind.map(Some).collect() }
            } else {
                vec![None]
            };
            for o in objs {
                cases.push((ai, spec, o));
            }
        }
    }
    // Requests that end sessions go last.
    cases.sort_by_key(|(_, spec, _)| recipe(spec, 1, 1).ends_session);
    let (normal, ending): (Vec<_>, Vec<_>) =
        cases.into_iter().partition(|(_, spec, _)| !recipe(spec, 1, 1).ends_session);
    let mut failures = Vec::new();
    let mut checked = 0usize;
    // Session-ending requests run one at a time, so that one ending the
    // session does not turn a parallel request of the same caller into a
    // stale-session answer.
    for (batch, parallel) in [(normal, 8), (ending, 1)] {
        let results: Vec<Option<String>> = stream::iter(batch)
            .map(|(ai, spec, object)| {
                let actor = &actors[ai];
                let http = http.clone();
                let app = &app;
                let managed = &chains[0].1;
                async move {
                    let rc = recipe(spec, object.map(|o| o.id).unwrap_or(0), named_user);
                    let want = expected(spec, actor, object, &rc, managed);
                    let url = app.url(&rc.path);
                    let mut req = http.request(spec.method.clone(), &url);
                    if spec.surface == Surface::Api {
                        if !actor.token.is_empty() {
                            req = req.bearer_auth(&actor.token);
                        }
                        if let Some(j) = &rc.json {
                            req = req.json(j);
                        }
                    } else {
                        let cookie = if actor.session.is_empty() {
                            format!("vb_csrf={ANON_PRESESSION}")
                        } else {
                            format!("vb_session={}", actor.session)
                        };
                        req = req.header("cookie", cookie);
                        if spec.method != reqwest::Method::GET {
                            let mut form: Vec<(&str, String)> = vec![("csrf", actor.csrf.clone())];
                            form.extend(rc.form.iter().cloned());
                            req = req.form(&form);
                        }
                    }
                    let status = req.send().await.map(|r| r.status().as_u16()).unwrap_or(0);
                    (!want.contains(&status)).then(|| {
                        format!(
                            "{} {} as {} on object {:?}: got {status}, expected {want:?}",
                            spec.method,
                            rc.path,
                            actor.label,
                            object.map(|o| o.id)
                        )
                    })
                }
            })
            .buffer_unordered(parallel)
            .collect()
            .await;
        checked += results.len();
        failures.extend(results.into_iter().flatten());
    }
    assert!(
        failures.is_empty(),
        "{} of {checked} cases differ from the rule:\n{}",
        failures.len(),
        failures.iter().take(40).cloned().collect::<Vec<_>>().join("\n")
    );
    assert!(checked > 5000, "the matrix ran {checked} cases");
    println!("authorization matrix: {checked} cases on {b:?}, all as the rule says");

    // Lists and counts show exactly the visible objects (fresh tokens: the
    // session-ending requests above also revoked nothing for the API).
    for actor in actors.iter().skip(1) {
        let p = actor.principal.as_ref().expect("p");
        for (kind, path) in [
            ("dossier", "/api/v1/dossiers?limit=200"),
            ("incident", "/api/v1/incidents?limit=200"),
            ("playbook", "/api/v1/playbooks"),
        ] {
            let want: BTreeSet<i64> =
                objects.iter().filter(|o| o.kind == kind && may_see(p, &o.marking)).map(|o| o.id).collect();
            let r = app.api_get(&actor.token, path).await;
            if !p.has(verbinding_domain::role::Permission::ReadObjects) {
                assert_eq!(r.status(), 403);
                continue;
            }
            let v: serde_json::Value = r.json().await.expect("json");
            let demo_and_matrix: BTreeSet<i64> =
                v["items"].as_array().expect("items").iter().filter_map(|d| d["id"].as_i64()).collect();
            let got: BTreeSet<i64> = demo_and_matrix
                .into_iter()
                .filter(|id| objects.iter().any(|o| o.id == *id && o.kind == kind))
                .collect();
            assert_eq!(got, want, "{kind} list for {}", actor.label);
        }
    }
}
