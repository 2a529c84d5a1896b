//! The application-level authorization matrix: every service of the app
//! crate, called directly (not over HTTP), must check its own permission
//! before it reads or writes anything. For each service the table below says
//! what it needs (the permission its route has, any account, or the operator
//! at the command line) and which marked object it works on; the test checks
//! that every demo role lacking the permission gets `Forbidden`, that a
//! caller with the permission but without clearance or need-to-know for the
//! object gets `NotFound`, that the system and (outside the operator's own
//! services) the command line are refused, and that an allowed caller is not
//! refused. The inputs are chosen so nothing of consequence changes.
//!
//! Completeness: the test reads the app crate's source and collects every
//! `pub async fn` taking a `&Caller`; a service without an entry here fails
//! the test, like a route without a recipe fails `authorization_matrix.rs`.

use crate::helpers::*;
use crate::on_both_backends;
use std::collections::BTreeSet;
use verbinding_app::{App, AppError, Caller};
use verbinding_domain::assessment::{AssessmentInput, Content};
use verbinding_domain::directory::UserInput;
use verbinding_domain::dossier::DossierInput;
use verbinding_domain::incident::IncidentInput;
use verbinding_domain::marking::{MarkingInput, ValidMarking};
use verbinding_domain::role::Permission::{self, *};
use verbinding_playbook::schema::Mode;
use verbinding_store::Backend;

on_both_backends!(every_service_checks_its_own_permission, only_the_owner_and_the_leads_coordinators_re_mark);

/// What a service needs of its caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Need {
    /// A user one of whose roles grants the permission (the route's).
    Perm(Permission),
    /// Any user acting (the account's own services).
    Account,
    /// Only the operator at the command line.
    Operator,
}

/// The marked object a service works on: a caller who may not see it gets `NotFound`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum On {
    Nothing,
    Dossier,
    Incident,
    Assessment,
    Playbook,
    Execution,
    Strategy,
    Objective,
    Indicator,
    Target,
    Measurement,
    Project,
    Review,
    Scenario,
}

struct Entry {
    name: &'static str,
    need: Need,
    on: On,
    /// The operator at the command line may call it (and is the allowed caller).
    cli: bool,
    /// The allowed caller (a demo email), when not the default for `need`.
    by: Option<&'static str>,
    /// An invisible object is refused exactly like an absent id (a named
    /// field, not a 404), because the id arrives as a field of the input.
    absent_as_field: bool,
}

fn e(name: &'static str, need: Need, on: On) -> Entry {
    Entry { name, need, on, cli: false, by: None, absent_as_field: false }
}

impl Entry {
    fn cli(self) -> Entry {
        Entry { cli: true, ..self }
    }
    fn by(self, email: &'static str) -> Entry {
        Entry { by: Some(email), ..self }
    }
    fn absent_as_field(self) -> Entry {
        Entry { absent_as_field: true, ..self }
    }
}

/// Every service with what it needs; the permissions are those of the
/// routes in `crates/web/src/routes.rs` and `routes/draaiboeken.rs`.
fn table() -> Vec<Entry> {
    use Need::{Account, Operator, Perm};
    let (r, w, c, d) = (Perm(ReadObjects), Perm(WriteObjects), Perm(Coordinate), Perm(Decide));
    vec![
        e("dossiers::create", w, On::Nothing),
        e("dossiers::list", r, On::Nothing),
        e("directory::users", Perm(ViewDirectory), On::Nothing),
        e("directory::user", Perm(ViewDirectory), On::Nothing),
        e("directory::organisation", Perm(ViewDirectory), On::Nothing),
        e("directory::add_organisation", Perm(ManageUsers), On::Nothing).cli(),
        e("directory::set_answers_for_parent", Perm(ManageUsers), On::Nothing).cli(),
        e("catalogue::options", r, On::Nothing),
        e("catalogue::option", r, On::Nothing),
        e("incidents::partners", r, On::Incident),
        e("incidents::phase_counts", r, On::Nothing),
        e("incidents::partner_options", r, On::Nothing),
        e("assessments::of_incident", r, On::Incident),
        e("assessments::versions", r, On::Assessment),
        e("catalogue::actors", r, On::Nothing),
        e("catalogue::actor", r, On::Nothing),
        e("catalogue::actor_by_name", r, On::Nothing),
        e("incidents::list", r, On::Nothing),
        e("marked::record_shown", r, On::Nothing),
        e("consultations::awaiting_answer", r, On::Nothing),
        e("decisions::awaiting_signature", r, On::Nothing),
        e("audit::trail", Perm(ViewAudit), On::Nothing),
        e("users::list", Perm(ManageUsers), On::Nothing),
        e("users::get", Perm(ManageUsers), On::Nothing),
        e("dossiers::read", r, On::Dossier),
        e("dossiers::load", r, On::Dossier),
        e("dossiers::update", w, On::Dossier),
        e("incidents::create", w, On::Nothing),
        e("incidents::read", r, On::Incident),
        e("incidents::load", r, On::Incident),
        e("incidents::update", w, On::Incident),
        e("incidents::set_status", w, On::Incident),
        e("incidents::add_note", w, On::Incident),
        e("incidents::add_partner", w, On::Incident),
        e("assessments::create", w, On::Incident),
        e("assessments::read", r, On::Assessment),
        e("assessments::load", r, On::Assessment),
        // Only the author organisation revises: the TFC coordinator wrote them.
        e("assessments::update", w, On::Assessment).by(COORDINATOR),
        e("consultations::view", r, On::Incident),
        e("consultations::timeline", r, On::Incident),
        e("consultations::open", c, On::Incident),
        e("consultations::answer", w, On::Incident),
        e("decisions::view", r, On::Incident),
        e("decisions::propose", c, On::Incident),
        e("decisions::sign", d, On::Incident),
        e("decisions::signing", d, On::Incident),
        e("decisions::close", d, On::Incident),
        e("response::view", r, On::Incident),
        e("response::add", w, On::Incident),
        e("response::set_status", w, On::Incident),
        e("response::renewals", r, On::Nothing),
        e("catalogue::import_threat_actors", Perm(ManageCatalogue), On::Nothing).cli(),
        e("catalogue::add_option", Perm(ManageCatalogue), On::Nothing).cli(),
        e("catalogue::set_option_lapsed", Perm(ManageCatalogue), On::Nothing).cli(),
        e("playbooks::import_as_operator", Operator, On::Nothing).cli(),
        e("playbooks::export", r, On::Playbook),
        e("playbooks::readable_document", r, On::Playbook),
        e("playbooks::export_as_operator", Operator, On::Nothing).cli(),
        e("playbooks::list", r, On::Nothing),
        e("playbooks::visible", r, On::Playbook),
        e("playbooks::detail", r, On::Playbook),
        e("playbooks::approve", d, On::Playbook),
        e("playbooks::import_by_user", c, On::Nothing),
        e("playbooks::sign_as_operator", Operator, On::Nothing).cli(),
        e("executions::start", c, On::Incident),
        // The draaiboek is a field of the start: an invisible one is `playbook_unknown`.
        e("executions::start_standalone", c, On::Playbook).absent_as_field(),
        e("executions::votable", r, On::Execution),
        e("executions::command", r, On::Execution),
        e("executions::stored_state", Operator, On::Nothing).cli(),
        e("executions::view", r, On::Execution),
        e("executions::for_incident", r, On::Incident),
        e("executions::inbox", r, On::Nothing),
        e("executions::inbox_incidents", r, On::Nothing),
        e("executions::open_task_count", r, On::Nothing),
        e("executions::may_act", r, On::Execution),
        e("executions::running", r, On::Nothing),
        e("tasks::known_task", r, On::Execution),
        e("tasks::note", w, On::Execution),
        e("tasks::visible", r, On::Execution),
        e("tasks::notes", r, On::Execution),
        e("tasks::delegate_pool", r, On::Execution),
        e("tasks::owners", r, On::Execution),
        e("tasks::attach", w, On::Execution),
        e("tasks::attachments", r, On::Execution),
        e("tasks::attachment", r, On::Execution),
        e("users::create", Perm(ManageUsers), On::Nothing).cli(),
        e("users::update", Perm(ManageUsers), On::Nothing),
        e("auth::end_session", Account, On::Nothing),
        e("auth::end_all_sessions", Account, On::Nothing),
        e("auth::set_language", Account, On::Nothing),
        e("auth::set_time_zone", Account, On::Nothing),
        e("auth::change_password", Account, On::Nothing),
        e("auth::issue_token", Account, On::Nothing),
        // Not the liaison's: `end_all_sessions` (run by the liaison above) revokes their tokens.
        e("auth::revoke_token", Account, On::Nothing).by(TOKEN_HOLDER),
        e("auth::tokens", Account, On::Nothing),
        e("strategy::create_strategy", Perm(ManageStrategy), On::Nothing),
        e("strategy::read_strategy", r, On::Strategy),
        e("strategy::update_strategy", Perm(ManageStrategy), On::Strategy),
        e("strategy::load_strategy", r, On::Strategy),
        e("strategy::list_strategies", r, On::Nothing),
        e("strategy::create_objective", Perm(ManageStrategy), On::Strategy),
        e("strategy::read_objective", r, On::Objective),
        e("strategy::load_objective", r, On::Objective),
        e("strategy::update_objective", Perm(ManageStrategy), On::Objective),
        e("strategy::judge_assumption", Perm(ManageStrategy), On::Objective),
        e("strategy::tree", r, On::Strategy),
        e("strategy::outline", r, On::Strategy),
        e("strategy::objective_page", r, On::Objective),
        e("strategy::link_work", Perm(ManageStrategy), On::Objective),
        e("strategy::unlink_work", Perm(ManageStrategy), On::Objective),
        e("strategy::serving_work", r, On::Objective),
        e("strategy::served_by", r, On::Dossier),
        e("indicators::create", Perm(ManageStrategy), On::Objective),
        e("indicators::read", r, On::Indicator),
        e("indicators::propose_target", Perm(ManageStrategy), On::Indicator),
        e("indicators::decide_target", d, On::Target),
        e("indicators::add_series_break", Perm(ManageStrategy), On::Indicator),
        e("indicators::submit_measurement", Perm(ReportMeasurements), On::Indicator).by(COORDINATOR),
        e("indicators::review_measurement", Perm(ManageStrategy), On::Measurement),
        e("indicators::read_measurement", r, On::Measurement),
        e("indicators::attach_evidence", Perm(ReportMeasurements), On::Measurement).by(COORDINATOR),
        e("indicators::evidence_file", r, On::Measurement),
        e("indicators::read_target", r, On::Target),
        e("portfolio::create_project", Perm(ManageStrategy), On::Nothing),
        e("portfolio::read_project", r, On::Project),
        e("portfolio::load_project", r, On::Project),
        e("portfolio::update_project", Perm(ManageStrategy), On::Project),
        e("portfolio::record_flow", Perm(ManageStrategy), On::Project),
        e("portfolio::record_baseline", Perm(ManageStrategy), On::Project),
        e("portfolio::project_page", r, On::Project),
        e("portfolio::portfolio", r, On::Nothing),
        e("portfolio::projects_serving", r, On::Objective),
        e("portfolio_iati::iati_export", r, On::Nothing),
        e("portfolio_iati::iati_import", Perm(ManageStrategy), On::Nothing),
        e("reviews::create_review", Perm(ManageStrategy), On::Strategy),
        e("reviews::read_review", r, On::Review),
        e("reviews::review_page", r, On::Review),
        e("reviews::reviews_of", r, On::Strategy),
        e("reviews::add_decision", Perm(ManageStrategy), On::Review),
        e("reviews::add_action", Perm(ManageStrategy), On::Review),
        e("reviews::complete_action", Perm(ManageStrategy), On::Review),
        e("reviews::due", Perm(ManageStrategy), On::Nothing),
        e("foresight::create_scenario", Perm(ManageStrategy), On::Strategy),
        e("foresight::read_scenario", r, On::Scenario),
        e("foresight::load_scenario", r, On::Scenario),
        e("foresight::update_scenario", Perm(ManageStrategy), On::Scenario),
        e("foresight::scenarios_of", r, On::Strategy),
        e("foresight::set_stance", Perm(ManageStrategy), On::Scenario),
        e("foresight::add_signpost", Perm(ManageStrategy), On::Scenario),
        e("foresight::scenario_page", r, On::Scenario),
        e("foresight::open_items", Perm(ManageStrategy), On::Nothing),
        e("evaluation::evaluator_export", r, On::Strategy),
    ]
}

/// Functions taking a `&Caller` that are no service of their own, by design.
const EXEMPT: &[(&str, &str)] = &[
    // A login attempt is anonymous: it proves who someone is, so no permission can apply.
    ("auth::check_credentials", "takes the anonymous attempt, not a caller"),
    // Steps inside the services (the services above check before they use them).
    ("audit::record", "appends the caller's event in the service's own transaction"),
    ("marked::audit_about", "appends the caller's event in the service's own transaction"),
    ("marked::begin", "Change::begin / Read::begin: the services' own first step (require + reader)"),
    ("marked::create", "the generic step behind dossiers::create and incidents::create, tried through them"),
    ("marked::read", "the generic step behind dossiers::read and incidents::read, tried through them"),
    ("marked::load", "the generic step behind dossiers::load and incidents::load, tried through them"),
    ("marked::update", "the generic step behind dossiers::update and incidents::update, tried through them"),
    ("marked::commit_on_incident", "the last step of changes on an incident: audit + commit"),
    ("marked::on_incident", "the first step of changes on an incident: require + account + reader + visible incident"),
    // The demo loader runs as the operator at start-up (`serve --demo`).
    ("demo::incidents::load", "loads demo incidents for the operator's demo caller"),
];

const COORDINATOR: &str = "coordinator@tfc.example";
const DECIDER: &str = "besluit@bz.example";
const ADMIN: &str = "beheer@bz.example";
const LIAISON: &str = "liaison@ncsc.example";
/// Holds the token `auth::revoke_token` revokes.
const TOKEN_HOLDER: &str = "evaluator@bz.example";
/// Made by the fixture: coordinator and decision maker at NCSC, cleared only
/// for Stg. Confidentieel: every permission of the object services, but not
/// the hidden objects' clearance or need-to-know.
const OUTSIDER: &str = "buiten@ncsc.example";

/// The objects a call works on.
#[derive(Clone)]
struct Ids {
    dossier: i64,
    incident: i64,
    assessment: i64,
    playbook: i64,
    execution: i64,
    attachment: i64,
    cacao_id: String,
    user: i64,
    token: i64,
    strategy: i64,
    /// A goal of the strategy, and a part below it (whose link is judged).
    goal: i64,
    part: i64,
    indicator: i64,
    target: i64,
    measurement: i64,
    /// The measurement's evidence file.
    evidence: i64,
    project: i64,
    review: i64,
    scenario: i64,
}

fn ok<T>(r: Result<T, AppError>) -> Result<(), AppError> {
    r.map(|_| ())
}

fn import_answer<T>(r: Result<T, verbinding_app::playbooks::ImportError>) -> Result<(), AppError> {
    use verbinding_app::playbooks::ImportError;
    r.map(|_| ()).map_err(|e| match e {
        ImportError::App(e) => e,
        ImportError::Findings(f) => AppError::Findings(f),
    })
}

fn unknown_playbook() -> Result<i64, AppError> {
    Err(AppError::invalid("playbook", "playbook_unknown"))
}

/// Calls one service with harmless input (invalid where it would change
/// something); `None` for a name this dispatcher does not know.
async fn call(name: &str, a: &App, c: &Caller, ids: &Ids) -> Option<Result<(), AppError>> {
    use verbinding_app::*;
    let no_task = "no-such-task";
    Some(match name {
        "dossiers::create" => ok(dossiers::create(a, c, &DossierInput::default()).await),
        "dossiers::list" => ok(dossiers::list(a, c, None, 5).await),
        "directory::users" => ok(verbinding_app::directory::users(a, c, None, 5).await),
        "directory::user" => ok(verbinding_app::directory::user(a, c, ids.user).await),
        "directory::organisation" => ok(verbinding_app::directory::organisation(a, c, "TFC").await),
        "directory::set_answers_for_parent" => {
            ok(verbinding_app::directory::set_answers_for_parent(a, c, "BZ", true).await)
        }
        "directory::add_organisation" => {
            ok(verbinding_app::directory::add_organisation(a, c, &Default::default()).await)
        }
        "catalogue::options" => ok(catalogue::options(a, c).await),
        "catalogue::option" => ok(catalogue::option(a, c, verbinding_domain::response::CATALOGUE[0].id).await),
        "incidents::partners" => ok(incidents::partners(a, c, ids.incident).await),
        "incidents::phase_counts" => ok(incidents::phase_counts(a, c).await),
        "incidents::partner_options" => ok(incidents::partner_options(a, c).await),
        "assessments::of_incident" => ok(assessments::of_incident(a, c, ids.incident).await),
        "assessments::versions" => ok(assessments::versions(a, c, ids.assessment).await),
        "catalogue::actors" => ok(catalogue::actors(a, c, "APT", 0, 5).await),
        "catalogue::actor" => ok(catalogue::actor(a, c, "5b4ee3ea-eee3-4c8e-8323-85ae32658754").await),
        "catalogue::actor_by_name" => ok(catalogue::actor_by_name(a, c, "APT28").await),
        "incidents::list" => ok(incidents::list(a, c, &Default::default(), 0, 5).await),
        "marked::record_shown" => ok(verbinding_app::marked::record_shown(a, c, &[ids.incident], "incidents").await),
        "consultations::awaiting_answer" => ok(consultations::awaiting_answer(a, c).await),
        "decisions::awaiting_signature" => ok(decisions::awaiting_signature(a, c).await),
        "audit::trail" => {
            let q = verbinding_store::audit::AuditQuery {
                action: None,
                actor: None,
                object_id: None,
                before: None,
                limit: 5,
                ..Default::default()
            };
            ok(verbinding_app::audit::trail(a, c, &q).await)
        }
        "users::list" => ok(users::list(a, c, None, 5).await),
        "users::get" => ok(users::get(a, c, ids.user).await),
        "dossiers::read" => ok(dossiers::read(a, c, ids.dossier).await),
        "dossiers::load" => ok(dossiers::load(a, c, ids.dossier).await),
        "dossiers::update" => ok(dossiers::update(a, c, ids.dossier, 1, &DossierInput::default()).await),
        "incidents::create" => ok(incidents::create(a, c, &IncidentInput::default()).await),
        "incidents::read" => ok(incidents::read(a, c, ids.incident).await),
        "incidents::load" => ok(incidents::load(a, c, ids.incident).await),
        "incidents::update" => ok(incidents::update(a, c, ids.incident, 1, &IncidentInput::default()).await),
        "incidents::set_status" => ok(incidents::set_status(a, c, ids.incident, 1, "no-such-status").await),
        "incidents::add_note" => ok(incidents::add_note(a, c, ids.incident, "").await),
        "incidents::add_partner" => ok(incidents::add_partner(a, c, ids.incident, &Default::default()).await),
        "assessments::create" => ok(assessments::create(a, c, ids.incident, &AssessmentInput::default()).await),
        "assessments::read" => ok(assessments::read(a, c, ids.assessment).await),
        "assessments::load" => ok(assessments::load(a, c, ids.assessment).await),
        "assessments::update" => ok(assessments::update(a, c, ids.assessment, 1, &AssessmentInput::default()).await),
        "consultations::view" => ok(consultations::view(a, c, ids.incident).await),
        "consultations::timeline" => ok(consultations::timeline(a, c, ids.incident).await),
        "consultations::open" => {
            let input = consultations::round_input(String::new(), String::new(), String::new(), vec![], String::new());
            ok(consultations::open(a, c, ids.incident, &consultations::OpenRound { input, measures: &[] }).await)
        }
        "consultations::answer" => {
            let round = Err(AppError::invalid("round", "round_unknown"));
            ok(consultations::answer(a, c, ids.incident, round, "no-such-answer", "").await)
        }
        "decisions::view" => ok(decisions::view(a, c, ids.incident).await),
        "decisions::propose" => ok(decisions::propose(a, c, ids.incident, &Default::default()).await),
        "decisions::sign" => {
            let decision = Err(AppError::invalid("decision", "decision_unknown"));
            ok(decisions::sign(a, c, ids.incident, decision, Ok(1), &Default::default()).await)
        }
        "decisions::signing" => ok(decisions::signing(a, c, ids.incident, 0).await),
        "decisions::close" => {
            let decision = Err(AppError::invalid("decision", "decision_unknown"));
            ok(decisions::close(a, c, ids.incident, decision, Ok(1), "returned", "x").await)
        }
        "response::view" => ok(response::view(a, c, ids.incident).await),
        "response::add" => {
            let m = response::NewMeasure { option: "", rationale: "", renewal_date: "" };
            ok(response::add(a, c, ids.incident, &m).await)
        }
        "response::set_status" => ok(response::set_status(a, c, ids.incident, 0, 1, "no-such-status").await),
        "response::renewals" => ok(response::renewals(a, c, 30).await),
        "catalogue::import_threat_actors" => ok(catalogue::import_threat_actors(a, c, &[], |_, _| {}).await),
        "catalogue::add_option" => ok(catalogue::add_option(a, c, &Default::default()).await),
        "catalogue::set_option_lapsed" => ok(catalogue::set_option_lapsed(a, c, "no-such-option", "maybe").await),
        "playbooks::import_as_operator" => {
            let marking = ValidMarking::open_unclassified();
            import_answer(
                playbooks::import_as_operator(a, c, &cacao_schemas(), "not json", Mode::Lenient, &marking).await,
            )
        }
        "playbooks::export" => ok(playbooks::export(a, c, ids.playbook, None).await),
        "playbooks::readable_document" => ok(playbooks::readable_document(a, c, ids.playbook, None).await),
        "playbooks::export_as_operator" => ok(playbooks::export_as_operator(a, c, &ids.cacao_id, None).await),
        "playbooks::list" => ok(playbooks::list(a, c, "en").await),
        "playbooks::visible" => ok(playbooks::visible(a, c, ids.playbook).await),
        "playbooks::detail" => ok(playbooks::detail(a, c, ids.playbook, "en").await),
        "playbooks::approve" => {
            ok(playbooks::approve(a, c, ids.playbook, Err(AppError::invalid("version", "required"))).await)
        }
        "playbooks::import_by_user" => {
            ok(playbooks::import_by_user(a, c, "not json", Mode::Lenient, &open_marking()).await)
        }
        "playbooks::sign_as_operator" => {
            // The built-in draaiboek is not approved: nothing is signed.
            ok(playbooks::sign_as_operator(a, c, &ids.cacao_id, None, "", "matrix").await)
        }
        "executions::start" => ok(executions::start(a, c, ids.incident, unknown_playbook()).await),
        // Starts an exercise run for an allowed caller: harmless in a test database.
        "executions::start_standalone" => {
            ok(executions::start_standalone(a, c, Ok(ids.playbook), &open_marking()).await)
        }
        "executions::votable" => ok(executions::votable(a, c, ids.execution, &[]).await),
        // A tick is the scheduler's: refused as a bad request after every check.
        "executions::command" => {
            ok(executions::command(a, c, ids.execution, verbinding_playbook::engine::Command::Tick).await)
        }
        "executions::stored_state" => ok(executions::stored_state(a, c, ids.execution).await),
        "executions::view" => ok(executions::view(a, c, ids.execution).await),
        "executions::for_incident" => ok(executions::for_incident(a, c, ids.incident).await),
        "executions::inbox" => ok(executions::inbox(a, c, &Default::default(), 0, 50).await),
        "executions::inbox_incidents" => ok(executions::inbox_incidents(a, c).await),
        "executions::open_task_count" => ok(executions::open_task_count(a, c).await),
        "executions::may_act" => ok(executions::may_act(a, c, ids.execution, no_task).await),
        "executions::running" => ok(executions::running(a, c).await),
        "tasks::known_task" => ok(tasks::known_task(a, c, ids.execution, no_task).await),
        "tasks::note" => {
            let n = tasks::NoteInput { task: no_task, kind: "claim", to: None, text: "" };
            ok(tasks::note(a, c, ids.execution, &n).await)
        }
        "tasks::visible" => ok(tasks::visible(a, c, ids.execution).await),
        "tasks::notes" => ok(tasks::notes(a, c, ids.execution).await),
        "tasks::delegate_pool" => ok(tasks::delegate_pool(a, c, ids.execution).await),
        "tasks::owners" => ok(tasks::owners(a, c, ids.execution, &[]).await),
        "tasks::attach" => ok(tasks::attach(a, c, ids.execution, no_task, Ok(upload())).await),
        "tasks::attachments" => ok(tasks::attachments(a, c, ids.execution).await),
        "tasks::attachment" => ok(tasks::attachment(a, c, ids.execution, ids.attachment).await),
        "users::create" => ok(users::create(a, c, &UserInput::default(), "BZ", "").await),
        "users::update" => {
            let input = UserInput::default();
            let edit = users::UserEdit { id: ids.user, version: 1, input: &input, org_code: "BZ", active: None };
            ok(users::update(a, c, &edit).await)
        }
        "auth::end_session" => ok(auth::end_session(a, c, "no-such-session").await),
        "auth::end_all_sessions" => ok(auth::end_all_sessions(a, c).await),
        "auth::set_language" => ok(auth::set_language(a, c, "nl").await),
        "auth::set_time_zone" => ok(auth::set_time_zone(a, c, "Europe/Amsterdam").await),
        "auth::change_password" => ok(auth::change_password(a, c, "", "not the password", "", "").await),
        "auth::issue_token" => ok(auth::issue_token(a, c, "", None).await),
        "auth::revoke_token" => ok(auth::revoke_token(a, c, ids.token).await),
        "auth::tokens" => ok(auth::tokens(a, c).await),
        "strategy::create_strategy" => ok(strategy::create_strategy(a, c, &Default::default()).await),
        "strategy::read_strategy" => ok(strategy::read_strategy(a, c, ids.strategy).await),
        "strategy::update_strategy" => ok(strategy::update_strategy(a, c, ids.strategy, 1, &Default::default()).await),
        "strategy::list_strategies" => ok(strategy::list_strategies(a, c).await),
        "strategy::load_strategy" => ok(strategy::load_strategy(a, c, ids.strategy).await),
        "strategy::create_objective" => {
            ok(strategy::create_objective(a, c, strategy::Under::Strategy(ids.strategy), &Default::default()).await)
        }
        "strategy::read_objective" => ok(strategy::read_objective(a, c, ids.goal).await),
        "strategy::load_objective" => ok(strategy::load_objective(a, c, ids.goal).await),
        "strategy::update_objective" => ok(strategy::update_objective(a, c, ids.goal, 1, &Default::default()).await),
        "strategy::judge_assumption" => ok(strategy::judge_assumption(a, c, ids.part, &Default::default()).await),
        "strategy::tree" => ok(strategy::tree(a, c, ids.strategy).await),
        "strategy::outline" => ok(strategy::outline(a, c, ids.strategy).await),
        "strategy::objective_page" => ok(strategy::objective_page(a, c, ids.goal).await),
        "strategy::link_work" => ok(strategy::link_work(a, c, ids.goal, 999_999_999).await),
        "strategy::unlink_work" => ok(strategy::unlink_work(a, c, ids.goal, 999_999_999).await),
        "strategy::serving_work" => ok(strategy::serving_work(a, c, ids.goal).await),
        "strategy::served_by" => ok(strategy::served_by(a, c, ids.dossier).await),
        "indicators::create" => ok(indicators::create(a, c, ids.goal, &Default::default()).await),
        "indicators::read" => ok(indicators::read(a, c, ids.indicator).await),
        "indicators::propose_target" => ok(indicators::propose_target(a, c, ids.indicator, &Default::default()).await),
        "indicators::decide_target" => ok(indicators::decide_target(a, c, ids.target, false, "").await),
        "indicators::add_series_break" => ok(indicators::add_series_break(a, c, ids.indicator, "", "").await),
        "indicators::submit_measurement" => {
            ok(indicators::submit_measurement(a, c, ids.indicator, &Default::default(), None).await)
        }
        "indicators::review_measurement" => ok(indicators::review_measurement(a, c, ids.measurement, false, "").await),
        "indicators::read_measurement" => ok(indicators::read_measurement(a, c, ids.measurement).await),
        "indicators::attach_evidence" => {
            ok(indicators::attach_evidence(a, c, ids.measurement, Err(AppError::invalid("file", "required"))).await)
        }
        "indicators::evidence_file" => ok(indicators::evidence_file(a, c, ids.evidence).await),
        "portfolio::create_project" => ok(portfolio::create_project(a, c, &Default::default()).await),
        "portfolio::read_project" => ok(portfolio::read_project(a, c, ids.project).await),
        "portfolio::load_project" => ok(portfolio::load_project(a, c, ids.project).await),
        "portfolio::update_project" => ok(portfolio::update_project(a, c, ids.project, 1, &Default::default()).await),
        "portfolio::record_flow" => ok(portfolio::record_flow(a, c, ids.project, &Default::default()).await),
        "portfolio::record_baseline" => ok(portfolio::record_baseline(a, c, ids.project, &Default::default()).await),
        "portfolio::project_page" => ok(portfolio::project_page(a, c, ids.project).await),
        "portfolio::portfolio" => ok(portfolio::portfolio(a, c).await),
        "portfolio::projects_serving" => ok(portfolio::projects_serving(a, c, ids.goal).await),
        "portfolio_iati::iati_export" => ok(portfolio_iati::iati_export(a, c).await),
        "reviews::create_review" => ok(reviews::create_review(a, c, ids.strategy, &Default::default()).await),
        "reviews::read_review" => ok(reviews::read_review(a, c, ids.review).await),
        "reviews::review_page" => ok(reviews::review_page(a, c, ids.review).await),
        "reviews::reviews_of" => ok(reviews::reviews_of(a, c, ids.strategy).await),
        "reviews::add_decision" => ok(reviews::add_decision(a, c, ids.review, &Default::default()).await),
        "reviews::add_action" => ok(reviews::add_action(a, c, ids.review, &Default::default()).await),
        "reviews::complete_action" => ok(reviews::complete_action(a, c, ids.review, 999_999).await),
        "reviews::due" => ok(reviews::due(a, c).await),
        "foresight::create_scenario" => ok(foresight::create_scenario(a, c, ids.strategy, &Default::default()).await),
        "foresight::read_scenario" => ok(foresight::read_scenario(a, c, ids.scenario).await),
        "foresight::load_scenario" => ok(foresight::load_scenario(a, c, ids.scenario).await),
        "foresight::update_scenario" => {
            ok(foresight::update_scenario(a, c, ids.scenario, 1, &Default::default()).await)
        }
        "foresight::scenarios_of" => ok(foresight::scenarios_of(a, c, ids.strategy).await),
        "foresight::set_stance" => ok(foresight::set_stance(a, c, ids.scenario, ids.goal, "").await),
        "foresight::add_signpost" => ok(foresight::add_signpost(a, c, ids.scenario, &Default::default()).await),
        "foresight::scenario_page" => ok(foresight::scenario_page(a, c, ids.scenario).await),
        "foresight::open_items" => ok(foresight::open_items(a, c).await),
        "portfolio_iati::iati_import" => {
            ok(portfolio_iati::iati_import(a, c, "not xml", "TFC", &Default::default()).await)
        }
        "evaluation::evaluator_export" => ok(evaluation::evaluator_export(a, c, ids.strategy).await),
        "indicators::read_target" => ok(indicators::read_target(a, c, ids.target).await),
        _ => return None,
    })
}

fn upload() -> verbinding_app::tasks::Upload {
    verbinding_app::tasks::Upload {
        file_name: "matrix.txt".into(),
        media_type: "text/plain".into(),
        bytes: b"matrix".to_vec(),
    }
}

fn open_marking() -> MarkingInput {
    MarkingInput {
        classification: "ongerubriceerd".into(),
        tlp: "green".into(),
        open_to_all: true,
        ..Default::default()
    }
}

/// Need-to-know for TFC only (the outsider at NCSC is cleared for it).
fn tfc_only() -> MarkingInput {
    MarkingInput { classification: "dep-v".into(), tlp: "amber".into(), orgs: vec!["TFC".into()], ..Default::default() }
}

/// Open to all, but above the outsider's clearance.
fn secret() -> MarkingInput {
    MarkingInput { classification: "stg-geheim".into(), tlp: "amber".into(), open_to_all: true, ..Default::default() }
}

/// The services the app crate defines: every `pub async fn` with a `&Caller`
/// parameter, as `module::name` (the file's path below `src`).
fn services_in_source() -> BTreeSet<String> {
    fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("app source") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|x| x == "rs") {
                out.push(path);
            }
        }
    }
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../app/src");
    let mut files = Vec::new();
    walk(&src, &mut files);
    let mut found = BTreeSet::new();
    for file in files {
        let rel = file.strip_prefix(&src).expect("below src").with_extension("");
        let mut parts: Vec<String> = rel.iter().map(|p| p.to_string_lossy().into_owned()).collect();
        if parts.last().is_some_and(|p| p == "mod" || p == "lib") {
            parts.pop();
        }
        let module = parts.join("::");
        let text = std::fs::read_to_string(&file).expect("read source");
        for (at, _) in text.match_indices("pub async fn ") {
            let rest = &text[at + "pub async fn ".len()..];
            let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            let Some(open) = rest.find('(') else { continue };
            let mut depth = 0;
            let mut close = open;
            for (i, ch) in rest[open..].char_indices() {
                match ch {
                    '(' => depth += 1,
                    ')' => {
                        depth -= 1;
                        if depth == 0 {
                            close = open + i;
                            break;
                        }
                    }
                    _ => {}
                }
            }
            let params = &rest[open + 1..close];
            let takes_caller = params.split(',').any(|p| {
                p.split_once(':').is_some_and(|(_, ty)| {
                    let ty: String = ty.chars().filter(|c| !c.is_whitespace()).collect();
                    ty == "&Caller" || ty == "&crate::Caller" || (ty.starts_with("&'") && ty.ends_with("Caller"))
                })
            });
            if takes_caller {
                found.insert(if module.is_empty() { name } else { format!("{module}::{name}") });
            }
        }
    }
    found
}

#[test]
fn every_service_of_the_app_crate_is_in_the_table() {
    let in_source = services_in_source();
    let listed: BTreeSet<String> = table().iter().map(|e| e.name.to_string()).collect();
    let exempt: BTreeSet<String> = EXEMPT.iter().map(|(n, _)| n.to_string()).collect();
    let missing: Vec<&String> = in_source.iter().filter(|s| !listed.contains(*s) && !exempt.contains(*s)).collect();
    assert!(missing.is_empty(), "services without an entry in the service matrix: {missing:?}");
    let stale: Vec<&String> = listed.union(&exempt).filter(|s| !in_source.contains(*s)).collect();
    assert!(stale.is_empty(), "entries for services the app crate no longer has: {stale:?}");
    assert_eq!(listed.len(), table().len(), "a service is listed twice");
}

struct Fixture {
    open: Ids,
    /// The same kinds of objects, hidden from the outsider by need-to-know
    /// and by classification.
    hidden: [Ids; 2],
}

/// Creates, through the services, one object of every kind per marking.
async fn fixture(a: &App) -> Fixture {
    // The operator: the BZ administrator manages BZ and its units only.
    verbinding_app::users::create(
        a,
        &Caller::command_line(),
        &UserInput {
            email: OUTSIDER.into(),
            name: "Bo Buiten".into(),
            roles: vec!["coordinator".into(), "decision-maker".into()],
            clearance: "stg-confidentieel".into(),
            posting_end: String::new(),
        },
        "NCSC",
        DEMO_PASSWORD,
    )
    .await
    .expect("outsider");
    let coordinator = caller_for(a, COORDINATOR).await;
    // The user the user services work on: one the administrator manages.
    let managed = caller_for(a, "evaluator@bz.example").await.user_id().expect("user");
    let list = verbinding_app::playbooks::list(a, &coordinator, "en").await.expect("draaiboeken");
    let builtin = list.iter().find(|(s, _)| s.builtin.is_some()).expect("a built-in draaiboek").0.clone();
    let holder = caller_for(a, TOKEN_HOLDER).await;
    verbinding_app::auth::issue_token(a, &holder, "matrix", None).await.expect("token");
    let token = verbinding_app::auth::tokens(a, &holder).await.expect("tokens")[0].id;
    let mut made = Vec::new();
    for (n, marking) in [open_marking(), tfc_only(), secret()].into_iter().enumerate() {
        let title = format!("Service matrix {n}");
        let dossier = verbinding_app::dossiers::create(
            a,
            &coordinator,
            &DossierInput {
                title: title.clone(),
                lead_org: "TFC".into(),
                marking: marking.clone(),
                ..Default::default()
            },
        )
        .await
        .expect("dossier");
        let incident = verbinding_app::incidents::create(
            a,
            &coordinator,
            &IncidentInput {
                title,
                severity: "limited".into(),
                lead_org: "TFC".into(),
                marking: marking.clone(),
                ..Default::default()
            },
        )
        .await
        .expect("incident");
        let assessment = verbinding_app::assessments::create(
            a,
            &coordinator,
            incident,
            &AssessmentInput {
                kind: "technical".into(),
                content: Content { summary: "matrix".into(), confidence: "low".into(), ..Content::default() },
                meta_classification: "ongerubriceerd".into(),
                marking: marking.clone(),
            },
        )
        .await
        .expect("assessment");
        let playbook = if n == 0 {
            builtin.id
        } else {
            // A copy of a built-in draaiboek under an id of its own, imported under the marking.
            let (_, json) = verbinding_playbook::builtin::BUILTIN[0];
            let mut doc: serde_json::Value = serde_json::from_str(json).expect("built-in JSON");
            doc["id"] = format!("playbook--5e7a1c3d-0b2f-4d6e-9a8b-00000000000{n}").into();
            let text = serde_json::to_string(&doc).expect("JSON");
            verbinding_app::playbooks::import_by_user(a, &coordinator, &text, Mode::Lenient, &marking)
                .await
                .expect("hidden draaiboek")
                .id
        };
        let execution =
            verbinding_app::executions::start(a, &coordinator, incident, Ok(builtin.id)).await.expect("execution");
        let chain = strategy_chain(a, &coordinator, n, &marking).await;
        let project = verbinding_app::portfolio::create_project(
            a,
            &coordinator,
            &verbinding_domain::portfolio::ProjectInput {
                identifier: format!("XM-DAC-7-MATRIX-{n}"),
                title: format!("Service matrix {n}"),
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
            },
        )
        .await
        .expect("project");
        let review = verbinding_app::reviews::create_review(
            a,
            &coordinator,
            chain[0],
            &verbinding_domain::strategy::review::ReviewInput {
                cadence: "annual".into(),
                period: "2025".into(),
                held_on: "2026-01-20".into(),
                participants: "TFC".into(),
                lead_org: "TFC".into(),
                marking: marking.clone(),
                ..Default::default()
            },
        )
        .await
        .expect("review");
        let scenario = verbinding_app::foresight::create_scenario(
            a,
            &coordinator,
            chain[0],
            &verbinding_domain::strategy::foresight::ScenarioInput {
                title: format!("Service matrix {n}"),
                theme: "ai".into(),
                narrative: "n".into(),
                lead_org: "TFC".into(),
                marking: marking.clone(),
            },
        )
        .await
        .expect("scenario");
        made.push(Ids {
            dossier,
            incident,
            assessment,
            playbook,
            execution,
            attachment: 0,
            cacao_id: builtin.cacao_id.clone(),
            user: managed,
            token,
            strategy: chain[0],
            goal: chain[1],
            part: chain[2],
            indicator: chain[3],
            target: chain[4],
            measurement: chain[5],
            evidence: chain[6],
            project,
            review,
            scenario,
        });
    }
    // An attachment on the first task of the open run (just started, so open), for the download.
    let open = &mut made[0];
    let view = verbinding_app::executions::view(a, &coordinator, open.execution).await.expect("run");
    let task = view.tasks.first().expect("a task").task.clone();
    open.attachment =
        verbinding_app::tasks::attach(a, &coordinator, open.execution, &task, Ok(upload())).await.expect("attachment");
    let attachment = open.attachment;
    let mut made = made.into_iter().map(|ids| Ids { attachment, ..ids });
    let open = made.next().expect("open");
    Fixture { open, hidden: [made.next().expect("need-to-know"), made.next().expect("clearance")] }
}

/// A strategy under the marking with a goal, a part below it, an indicator
/// on the goal, a proposed target and a submitted measurement with a file
/// as evidence: their ids.
async fn strategy_chain(a: &App, coordinator: &Caller, n: usize, marking: &MarkingInput) -> [i64; 7] {
    use verbinding_app::{indicators, strategy};
    use verbinding_domain::strategy::{IndicatorInput, MeasurementInput, ObjectiveInput, StrategyInput, TargetInput};
    let input = StrategyInput {
        title: format!("Service matrix {n}"),
        start_year: "2023".into(),
        end_year: "2028".into(),
        lead_org: "TFC".into(),
        marking: marking.clone(),
        ..Default::default()
    };
    let s = strategy::create_strategy(a, coordinator, &input).await.expect("strategy");
    let node = |level: &str| ObjectiveInput {
        title: format!("Service matrix {level} {n}"),
        level: level.into(),
        horizon: "long".into(),
        lead_org: "TFC".into(),
        marking: marking.clone(),
        ..Default::default()
    };
    let goal =
        strategy::create_objective(a, coordinator, strategy::Under::Strategy(s), &node("impact")).await.expect("goal");
    let part = strategy::create_objective(a, coordinator, strategy::Under::Objective(goal), &node("outcome"))
        .await
        .expect("part");
    let indicator = IndicatorInput {
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
    let i = indicators::create(a, coordinator, goal, &indicator).await.expect("indicator");
    let target = TargetInput { period: "2028".into(), value: "5".into(), reason: String::new() };
    let t = indicators::propose_target(a, coordinator, i, &target).await.expect("target");
    let m = MeasurementInput { period: "2025".into(), value: "2".into(), evidence: "e".into(), ..Default::default() };
    let m = indicators::submit_measurement(a, coordinator, i, &m, Some(upload())).await.expect("measurement");
    let file = indicators::read_measurement(a, coordinator, m).await.expect("read").files[0].id;
    [s, goal, part, i, t, m, file]
}

fn refused(r: &Result<(), AppError>) -> bool {
    matches!(r, Err(AppError::Forbidden | AppError::NotFound))
}

fn answer(r: &Result<(), AppError>) -> String {
    match r {
        Ok(()) => "ok".into(),
        Err(e) => e.to_string(),
    }
}

async fn every_service_checks_its_own_permission(backend: Backend) {
    let app = spawn_app(backend).await;
    let a: &App = &app.state;
    let fx = fixture(a).await;
    let mut users = Vec::new();
    for (email, ..) in verbinding_app::demo::USERS {
        users.push(caller_for(a, email).await);
    }
    let outsider = caller_for(a, OUTSIDER).await;
    let mut absent = fx.open.clone();
    absent.playbook = 999_999_999;
    let mut failures = Vec::new();
    let mut checks = 0;
    for entry in table() {
        let name = entry.name;
        let run = |c: &Caller, ids: &Ids| {
            let (c, ids) = (c.clone(), ids.clone());
            async move { call(name, a, &c, &ids).await.unwrap_or_else(|| panic!("no call written for {name}")) }
        };
        // 1. Every demo user whose roles lack the permission: Forbidden.
        for u in &users {
            let lacks = match entry.need {
                Need::Perm(p) => !u.may(p),
                Need::Account => false,
                Need::Operator => true,
            };
            if lacks {
                checks += 1;
                let r = run(u, &fx.open).await;
                if !matches!(r, Err(AppError::Forbidden)) {
                    failures.push(format!("{name}: {} lacks {:?} but got {}", u.label, entry.need, answer(&r)));
                }
            }
        }
        // 2. The permission without clearance or need-to-know: NotFound.
        if entry.on != On::Nothing {
            for hidden in &fx.hidden {
                checks += 1;
                let r = run(&outsider, hidden).await;
                let fine = if entry.absent_as_field {
                    let like_absent = run(&outsider, &absent).await;
                    matches!(r, Err(AppError::Invalid(_))) && answer(&r) == answer(&like_absent)
                } else {
                    matches!(r, Err(AppError::NotFound))
                };
                if !fine {
                    failures.push(format!("{name}: {:?} hidden from the outsider answered {}", entry.on, answer(&r)));
                }
            }
        }
        // 3. The system never; the command line only for the operator's services.
        checks += 1;
        let r = run(&Caller::system("test"), &fx.open).await;
        if !refused(&r) {
            failures.push(format!("{name}: the system caller got {}", answer(&r)));
        }
        if !entry.cli {
            checks += 1;
            let r = run(&Caller::command_line(), &fx.open).await;
            if !refused(&r) {
                failures.push(format!("{name}: the command line got {}", answer(&r)));
            }
        }
        // 4. An allowed caller is not refused.
        let allowed = if entry.cli {
            Caller::command_line()
        } else {
            let email = entry.by.unwrap_or(match entry.need {
                Need::Perm(Coordinate) => COORDINATOR,
                Need::Perm(Decide) => DECIDER,
                Need::Perm(ManageStrategy) => COORDINATOR,
                Need::Perm(ManageUsers | ManageCatalogue | ViewAudit) => ADMIN,
                _ => LIAISON,
            });
            users.iter().find(|u| u.label == email).cloned().unwrap_or_else(|| panic!("demo user {email}"))
        };
        checks += 1;
        let r = run(&allowed, &fx.open).await;
        if refused(&r) || matches!(r, Err(AppError::Internal(_))) {
            failures.push(format!("{name}: the allowed {} got {}", allowed.label, answer(&r)));
        }
    }
    assert!(failures.is_empty(), "{} of {checks} checks failed:\n{}", failures.len(), failures.join("\n"));
    assert!(checks > 300, "only {checks} checks ran");
}

/// The marking dimension: every demo user who may edit the open dossier and
/// incident (filed by TFC's coordinator, led by TFC) tries to change their
/// TLP through the services. Exactly those the pure rule names — members of
/// the owner, coordinators of the lead — succeed; everyone else gets
/// `marking_reserved` on `tlp`, and nothing changes.
async fn only_the_owner_and_the_leads_coordinators_re_mark(backend: Backend) {
    use verbinding_domain::authority::{Originator, decides_marking};
    let app = spawn_app(backend).await;
    let a: &App = &app.state;
    let fx = fixture(a).await;
    let tfc = caller_for(a, COORDINATOR).await.principal.org_chain[0];
    let originator = Originator { owner_org: Some(tfc), lead_org: Some(tfc) };
    let mut failures = Vec::new();
    let mut allowed = 0;
    for (email, ..) in verbinding_app::demo::USERS {
        let u = caller_for(a, email).await;
        if !u.may(WriteObjects) {
            continue;
        }
        let expected = decides_marking(&u.principal, &originator);
        allowed += usize::from(expected);
        let d = verbinding_app::dossiers::load(a, &u, fx.open.dossier).await.expect("open dossier");
        let tlp = if d.tlp == "green" { "amber" } else { "green" };
        let input = DossierInput {
            title: d.title.clone(),
            summary: d.summary.clone(),
            lead_org: d.lead_org_code.clone(),
            marking: MarkingInput {
                classification: d.classification.clone(),
                tlp: tlp.into(),
                open_to_all: true,
                ..Default::default()
            },
        };
        let dossier = verbinding_app::dossiers::update(a, &u, d.id, d.version, &input).await;
        let i = verbinding_app::incidents::load(a, &u, fx.open.incident).await.expect("open incident");
        let input = IncidentInput {
            title: i.title.clone(),
            severity: i.severity.id().into(),
            lead_org: i.lead_org_code.clone(),
            marking: MarkingInput {
                classification: i.classification.clone(),
                tlp: tlp.into(),
                open_to_all: true,
                ..Default::default()
            },
            ..Default::default()
        };
        let incident = verbinding_app::incidents::update(a, &u, i.id, i.version, &input).await;
        for (kind, r) in [("dossier", &dossier), ("incident", &incident)] {
            let reserved = matches!(r, Err(AppError::Invalid(f)) if f.iter().any(|e| e.field == "tlp" && e.code == "marking_reserved"));
            if (r.is_ok(), reserved) != (expected, !expected) {
                failures.push(format!("{kind}: {email} (decides: {expected}) got {}", answer(r)));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(allowed >= 1, "someone decides");
}
