//! The API's contract: the types of its response bodies (converted from
//! what the services return, never store rows) and, per API route of the
//! route table, which request body, query and response body it takes, from
//! which the OpenAPI document derives every schema (`api::openapi`).

pub mod deliberation;
pub mod objects;
pub mod portfolio;
pub mod runs;
pub mod strategy;

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Adds a type's schema to the generator's components and refers to it.
pub type SchemaFn = fn(&mut SchemaGenerator) -> Schema;

fn schema<T: JsonSchema>(g: &mut SchemaGenerator) -> Schema {
    g.subschema_for::<T>()
}

/// The body of an edit (`PUT`): the body `T` with the `version` that was read required.
fn edit<T: JsonSchema>(g: &mut SchemaGenerator) -> Schema {
    let mut s = T::json_schema(g);
    let mut required = s.get("required").and_then(|r| r.as_array()).cloned().unwrap_or_default();
    required.push("version".into());
    s.insert("required".into(), required.into());
    s
}

/// Schemas of request fields that serde sees as plain text: what the
/// validation accepts, so a generated request inside the schema is one the
/// server takes (and one outside it, one the server refuses).
pub mod fields {
    use schemars::{Schema, SchemaGenerator, json_schema};

    /// Text that must not be blank (the server trims it), at most `max` characters.
    fn text(max: usize) -> Schema {
        json_schema!({"type": "string", "pattern": "\\S", "maxLength": max})
    }

    /// An organisation code as the directory makes them (`directory::valid_org_code`).
    const ORG_CODE: &str = "^[A-Za-z0-9][A-Za-z0-9-]{0,19}$";

    pub fn org_code(_: &mut SchemaGenerator) -> Schema {
        json_schema!({"type": "string", "pattern": ORG_CODE})
    }

    /// Organisation codes; a blank entry is ignored (as a form's empty choice is).
    pub fn org_codes(_: &mut SchemaGenerator) -> Schema {
        json_schema!({"type": "array", "items": {"type": "string", "anyOf": [{"maxLength": 0}, {"pattern": ORG_CODE}]}})
    }

    /// User email addresses; a blank entry is ignored.
    pub fn emails(_: &mut SchemaGenerator) -> Schema {
        json_schema!({"type": "array", "items": {"type": "string", "anyOf": [{"maxLength": 0}, {"format": "email"}]}})
    }

    pub fn title(_: &mut SchemaGenerator) -> Schema {
        text(200)
    }

    pub fn required_text(_: &mut SchemaGenerator) -> Schema {
        text(5_000)
    }

    /// A calendar date `YYYY-MM-DD` of the years 1900 to 2999 (`directory::valid_date`).
    const DATE: &str = "^(19[0-9]{2}|2[0-9]{3})-[0-9]{2}-[0-9]{2}$";

    /// A calendar date, or empty.
    pub fn optional_date(_: &mut SchemaGenerator) -> Schema {
        json_schema!({"type": "string", "anyOf": [{"maxLength": 0}, {"format": "date", "pattern": DATE}]})
    }

    pub fn date(_: &mut SchemaGenerator) -> Schema {
        json_schema!({"type": "string", "format": "date", "pattern": DATE})
    }

    /// A moment: RFC 3339, or `YYYY-MM-DDTHH:MM` in UTC (`clock::parse_moment`).
    pub fn moment(_: &mut SchemaGenerator) -> Schema {
        json_schema!({"type": "string", "anyOf": [
            {"format": "date-time", "pattern": "^(19[0-9]{2}|2[0-9]{3})-"},
            {"pattern": "^(19[0-9]{2}|2[0-9]{3})-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])[T ]([01][0-9]|2[0-3]):[0-5][0-9]$"},
        ]})
    }

    /// A classification label within this instance's ceiling; the document
    /// fills in the labels (`openapi::build`).
    pub fn classification(_: &mut SchemaGenerator) -> Schema {
        json_schema!({"type": "string", "x-verbinding-vocabulary": "classification"})
    }

    /// One of `ids`, or empty (a query filter that is not set). Written
    /// out rather than referred to: a query parameter stands on its own.
    pub fn filter(ids: &[&str]) -> Schema {
        let mut all = vec![""];
        all.extend_from_slice(ids);
        json_schema!({"type": "string", "enum": all})
    }

    pub fn status_filter(_: &mut SchemaGenerator) -> Schema {
        filter(&verbinding_domain::incident::Phase::ids())
    }

    pub fn severity_filter(_: &mut SchemaGenerator) -> Schema {
        filter(&verbinding_domain::incident::Severity::ids())
    }

    pub fn sector_filter(_: &mut SchemaGenerator) -> Schema {
        filter(&verbinding_domain::incident::Sector::ids())
    }

    pub fn sort(_: &mut SchemaGenerator) -> Schema {
        filter(&verbinding_domain::incident::ListOrder::ids())
    }

    pub fn date_filter(g: &mut SchemaGenerator) -> Schema {
        optional_date(g)
    }

    pub fn countries(_: &mut SchemaGenerator) -> Schema {
        let codes: Vec<&str> = verbinding_domain::incident::ISO_3166.split(' ').collect();
        json_schema!({"type": "array", "items": {"type": "string", "enum": codes}})
    }

    /// A catalogue entry's MISP UUID.
    pub fn uuids(_: &mut SchemaGenerator) -> Schema {
        json_schema!({"type": "array", "items": {"type": "string", "format": "uuid"}})
    }

    /// A marking that must be given: a classification and a TLP label, and
    /// open to all or someone on the need-to-know list (which must leave the
    /// caller able to see the object).
    pub fn marking(g: &mut SchemaGenerator) -> Schema {
        let mut s = <crate::api::MarkingBody as schemars::JsonSchema>::json_schema(g);
        s.insert("required".into(), serde_json::json!(["classification", "tlp"]));
        s.insert(
            "anyOf".into(),
            serde_json::json!([
                {"required": ["open_to_all"], "properties": {"open_to_all": {"const": true}}},
                // Blank entries are ignored: at least one that is not blank.
                {"required": ["need_to_know"], "properties": {"need_to_know": {"contains": {"minLength": 1}}}},
                {"required": ["need_to_know_users"], "properties": {"need_to_know_users": {"contains": {"minLength": 1}}}},
            ]),
        );
        s
    }

    /// Long text that must not be blank.
    pub fn long_text(_: &mut SchemaGenerator) -> Schema {
        text(20_000)
    }

    /// A year (`2025`) or a quarter (`2025-Q3`; `K` for kwartaal is read as well).
    pub fn period(_: &mut SchemaGenerator) -> Schema {
        json_schema!({"type": "string", "pattern": "^(20[0-9]{2}|2100)([- ][QqKk][1-4])?$"})
    }

    /// A year and a month, `YYYY-MM`.
    pub fn year_month(_: &mut SchemaGenerator) -> Schema {
        json_schema!({"type": "string", "pattern": "^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])$"})
    }

    /// A 64-bit id.
    pub fn id(_: &mut SchemaGenerator) -> Schema {
        json_schema!({"type": "integer", "format": "int64"})
    }

    /// The `version` that was read: required to edit.
    pub fn version(_: &mut SchemaGenerator) -> Schema {
        json_schema!({"type": "integer", "format": "int64", "minimum": 1})
    }

    /// How a proposal is closed unsigned.
    pub fn closing(_: &mut SchemaGenerator) -> Schema {
        json_schema!({"type": "string", "enum": ["returned", "rejected"]})
    }
}

/// What a request carries.
#[derive(Debug, Clone, Copy)]
pub enum RequestBody {
    None,
    Json(SchemaFn),
    /// `multipart/form-data` with a part `file`.
    Upload,
}

/// What a successful answer carries.
#[derive(Debug, Clone, Copy)]
pub enum ResponseBody {
    Json(SchemaFn),
    /// Bytes, as `application/octet-stream`.
    Binary,
    /// An XML document (an IATI activity file), as `application/xml`.
    Xml,
    /// A ZIP archive (the evaluator export), as `application/zip`.
    Zip,
}

/// The contract of one API route.
#[derive(Debug, Clone, Copy)]
pub struct Contract {
    /// The statuses of success (an import answers 200 when nothing changed).
    pub success: &'static [u16],
    pub request: RequestBody,
    /// The query parameters, as the properties of one object.
    pub query: Option<SchemaFn>,
    pub response: ResponseBody,
}

/// A list: `{"items": […], "next_cursor": "…" | null}`.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "{T}List")]
pub struct List<T> {
    pub items: Vec<T>,
    /// Pass as `?cursor=` for the next page; null on the last one.
    pub next_cursor: Option<String>,
}

impl<T> List<T> {
    /// A list that is never paged.
    pub fn all<S: Into<T>>(items: Vec<S>) -> List<T> {
        List { items: items.into_iter().map(Into::into).collect(), next_cursor: None }
    }
}

/// A list that also counts every visible match.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "{T}CountedList")]
pub struct CountedList<T> {
    pub items: Vec<T>,
    pub next_cursor: Option<String>,
    /// How many visible objects match, on all pages.
    pub total: i64,
}

/// A command to an execution; who gives it is the caller.
#[derive(Deserialize, JsonSchema)]
#[serde(tag = "command", rename_all = "snake_case")]
pub enum CommandBody {
    /// The assignee reports the task, with the answer (variable → value) for the step's out_args.
    Complete {
        task: String,
        outcome: CompleteOutcome,
        #[serde(default)]
        answer: BTreeMap<String, String>,
    },
    /// An approver approves (`true`) or rejects the reported task.
    Approve {
        task: String,
        approver: String,
        approve: bool,
    },
    Pause,
    Resume,
    Cancel {
        /// Why the run is cancelled (recorded in its history).
        #[schemars(extend("pattern" = "\\S"))]
        reason: String,
    },
    Skip {
        task: String,
        /// Why the step is skipped (recorded in its history).
        #[schemars(extend("pattern" = "\\S"))]
        justification: String,
    },
    AddStep(NewStepBody),
}

#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CompleteOutcome {
    Success,
    Failure,
}

/// A human step added to a running execution.
#[derive(Deserialize, JsonSchema)]
pub struct NewStepBody {
    /// Run after this task's step; none: a stand-alone task, open at once.
    pub after_task: Option<String>,
    pub name: String,
    pub description: Option<String>,
    pub agent: String,
    /// Unix seconds.
    pub deadline: Option<i64>,
    /// Seconds before the deadline.
    #[serde(default)]
    pub reminders_before: Vec<i64>,
    pub escalation: Option<verbinding_playbook::engine::Escalation>,
}

impl CommandBody {
    /// The engine's command, given by `by`.
    pub fn command(self, by: String) -> verbinding_playbook::engine::Command {
        use verbinding_playbook::engine::{Command, NewStep, Outcome};
        match self {
            CommandBody::Complete { task, outcome, answer } => {
                let outcome = match outcome {
                    CompleteOutcome::Success => Outcome::Success,
                    CompleteOutcome::Failure => Outcome::Failure,
                };
                Command::Complete { task, outcome, answer, by }
            }
            CommandBody::Approve { task, approver, approve } => Command::Approve { task, approver, approve, by },
            CommandBody::Pause => Command::Pause { by },
            CommandBody::Resume => Command::Resume { by },
            CommandBody::Cancel { reason } => Command::Cancel { reason, by },
            CommandBody::Skip { task, justification } => Command::Skip { task, justification, by },
            CommandBody::AddStep(s) => Command::AddStep(NewStep {
                after_task: s.after_task,
                name: s.name,
                description: s.description,
                agent: s.agent,
                deadline: s.deadline,
                reminders_before: s.reminders_before,
                escalation: s.escalation,
                by,
            }),
        }
    }
}

/// The CACAO 2.0 playbook as imported (its own schemas are OASIS's).
pub struct CacaoDocument;

impl JsonSchema for CacaoDocument {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "CacaoDocument".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        schemars::json_schema!({
            "type": "object",
            "description": "A CACAO 2.0 playbook (https://docs.oasis-open.org/cacao/security-playbooks/v2.0/)",
        })
    }
}

/// The OpenAPI document itself.
pub struct OpenApiDocument;

impl JsonSchema for OpenApiDocument {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "OpenApiDocument".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        schemars::json_schema!({
            "type": "object",
            "required": ["openapi", "info", "paths"],
            "properties": {"openapi": {"type": "string"}, "info": {"type": "object"}, "paths": {"type": "object"}},
        })
    }
}

const OK: &[u16] = &[200];
const CREATED: &[u16] = &[201];

fn get(response: SchemaFn) -> Contract {
    Contract { success: OK, request: RequestBody::None, query: None, response: ResponseBody::Json(response) }
}

fn list(query: SchemaFn, response: SchemaFn) -> Contract {
    Contract { query: Some(query), ..get(response) }
}

fn send(success: &'static [u16], request: SchemaFn, response: SchemaFn) -> Contract {
    Contract { success, request: RequestBody::Json(request), query: None, response: ResponseBody::Json(response) }
}

/// The contract of an API route, by method and path as in the route table.
pub fn of(method: &str, path: &str) -> Option<Contract> {
    use super::{
        assessments as a, auth as t, catalogue as c, consultations as cons, directory as dir, dossiers as d,
        executions as x, incidents as i, playbooks as p, response as r, tasks as tk, users as u,
    };
    use deliberation as del;
    use objects as o;
    type Page = super::PageParams;
    let path = path.strip_prefix("/api/v1")?;
    Some(match (method, path) {
        ("GET", "/openapi.json") => get(schema::<OpenApiDocument>),
        ("POST", "/tokens") => send(CREATED, schema::<t::TokenRequest>, schema::<o::Token>),
        ("GET", "/me") => get(schema::<o::Me>),
        ("GET", "/organisations") => list(schema::<Page>, schema::<List<dir::OrgView>>),
        ("GET", "/organisations/{code}") => get(schema::<dir::OrgView>),
        ("GET", "/users") => list(schema::<Page>, schema::<List<dir::UserView>>),
        ("POST", "/users") => send(CREATED, schema::<u::UserBody>, schema::<dir::UserView>),
        ("GET", "/users/{id}") => get(schema::<dir::UserView>),
        ("PUT", "/users/{id}") => send(OK, edit::<u::UserBody>, schema::<dir::UserView>),
        ("GET", "/dossiers") => list(schema::<Page>, schema::<CountedList<o::Dossier>>),
        ("POST", "/dossiers") => send(CREATED, schema::<d::DossierBody>, schema::<o::Dossier>),
        ("GET", "/dossiers/{id}") => get(schema::<o::Dossier>),
        ("PUT", "/dossiers/{id}") => send(OK, edit::<d::DossierBody>, schema::<o::Dossier>),
        ("GET", "/audit") => list(schema::<super::audit::AuditParams>, schema::<List<o::AuditRecord>>),
        ("GET", "/incidents") => list(schema::<i::ListParams>, schema::<CountedList<o::Incident>>),
        ("POST", "/incidents") => send(CREATED, schema::<i::IncidentBody>, schema::<o::Incident>),
        ("GET", "/incidents/{id}") => get(schema::<o::Incident>),
        ("PUT", "/incidents/{id}") => send(OK, edit::<i::IncidentBody>, schema::<o::Incident>),
        ("POST", "/incidents/{id}/status") => send(OK, schema::<i::StatusBody>, schema::<o::Incident>),
        ("GET", "/incidents/{id}/timeline") => get(schema::<List<o::TimelineEntry>>),
        ("POST", "/incidents/{id}/timeline") => send(CREATED, schema::<i::NoteBody>, schema::<List<o::TimelineEntry>>),
        ("GET", "/incidents/{id}/assessments") => get(schema::<del::AssessmentList>),
        ("POST", "/incidents/{id}/assessments") => {
            send(CREATED, schema::<a::AssessmentBody>, schema::<del::Assessment>)
        }
        ("GET", "/assessments/{id}") => get(schema::<del::Assessment>),
        // A revision names the kind it revises (fixed at creation), so the
        // schema's rules per kind hold for it as for a new one.
        ("PUT", "/assessments/{id}") => send(OK, edit::<super::assessments::AssessmentBody>, schema::<del::Assessment>),
        ("GET", "/assessments/{id}/versions") => get(schema::<List<del::AssessmentVersion>>),
        ("GET", "/incidents/{id}/response-plan") => get(schema::<del::Plan>),
        ("POST", "/incidents/{id}/response-plan") => {
            send(CREATED, schema::<r::MeasureBody>, schema::<del::PlanLineBody>)
        }
        ("POST", "/incidents/{id}/response-plan/status") => {
            send(OK, schema::<r::MeasureStatusBody>, schema::<del::PlanLineBody>)
        }
        ("GET", "/response-options") => get(schema::<List<o::ResponseOption>>),
        ("POST", "/response-options") => {
            send(CREATED, schema::<verbinding_domain::response::OptionInput>, schema::<o::ResponseOption>)
        }
        ("POST", "/response-options/{option}/lapsed") => send(OK, schema::<r::LapsedBody>, schema::<o::ResponseOption>),
        ("GET", "/renewals") => get(schema::<List<o::Renewal>>),
        ("GET", "/incidents/{id}/partners") => get(schema::<List<o::Partner>>),
        ("POST", "/incidents/{id}/partners") => send(CREATED, schema::<i::PartnerBody>, schema::<List<o::Partner>>),
        ("GET", "/incidents/{id}/consultations") => get(schema::<List<del::Round>>),
        ("POST", "/incidents/{id}/consultations") => send(CREATED, schema::<cons::RoundBody>, schema::<del::Round>),
        ("POST", "/incidents/{id}/consultations/answers") => {
            send(CREATED, schema::<cons::AnswerBody>, schema::<del::AnswerReceipt>)
        }
        ("GET", "/incidents/{id}/decisions") => get(schema::<List<del::Decision>>),
        ("POST", "/incidents/{id}/decisions") => {
            send(CREATED, schema::<verbinding_domain::decision::DecisionInput>, schema::<del::Decision>)
        }
        ("POST", "/incidents/{id}/decisions/close") => {
            send(OK, schema::<super::decisions::CloseBody>, schema::<del::Decision>)
        }
        ("POST", "/incidents/{id}/decisions/sign") => {
            send(OK, schema::<super::decisions::SignBody>, schema::<del::Decision>)
        }
        ("GET", "/threat-actors") => list(schema::<c::ActorParams>, schema::<List<o::ThreatActor>>),
        ("GET", "/threat-actors/{uuid}") => get(schema::<o::ThreatActor>),
        ("GET", "/playbooks") => get(schema::<List<runs::PlaybookItem>>),
        ("POST", "/playbooks") => send(&[200, 201], schema::<p::ImportBody>, schema::<runs::ImportResult>),
        ("GET", "/playbooks/{id}") => get(schema::<runs::Playbook>),
        ("GET", "/playbooks/{id}/document") => list(schema::<p::VersionQuery>, schema::<CacaoDocument>),
        ("POST", "/playbooks/{id}/approve") => send(OK, schema::<p::ApproveBody>, schema::<runs::Playbook>),
        ("POST", "/incidents/{id}/executions") => send(CREATED, schema::<x::StartBody>, schema::<runs::Execution>),
        ("POST", "/executions") => send(CREATED, schema::<x::StandaloneBody>, schema::<runs::Execution>),
        ("GET", "/incidents/{id}/executions") => get(schema::<List<runs::Run>>),
        ("GET", "/executions/{id}") => get(schema::<runs::Execution>),
        ("POST", "/executions/{id}/commands") => send(OK, schema::<CommandBody>, schema::<runs::Execution>),
        ("POST", "/executions/{id}/notes") => send(OK, schema::<tk::NoteBody>, schema::<runs::Execution>),
        ("POST", "/executions/{id}/tasks/{task}/attachments") => Contract {
            success: CREATED,
            request: RequestBody::Upload,
            query: None,
            response: ResponseBody::Json(schema::<runs::Attachment>),
        },
        ("GET", "/executions/{id}/attachments") => get(schema::<List<runs::Attachment>>),
        ("GET", "/executions/{id}/attachments/{attachment}") => {
            Contract { response: ResponseBody::Binary, ..get(schema::<OpenApiDocument>) }
        }
        ("GET", "/inbox") => list(schema::<x::InboxParams>, schema::<CountedList<runs::Task>>),
        ("GET", "/strategies") => get(schema::<List<strategy::StrategyItem>>),
        ("GET", "/strategies/{id}") => get(schema::<strategy::StrategyTree>),
        ("GET", "/strategies/{id}/evaluation") => {
            Contract { response: ResponseBody::Zip, ..get(schema::<OpenApiDocument>) }
        }
        ("GET", "/strategy/indicators/{id}") => get(schema::<strategy::IndicatorDetail>),
        ("POST", "/strategy/measurements/{id}/evidence") => Contract {
            success: CREATED,
            request: RequestBody::Upload,
            query: None,
            response: ResponseBody::Json(schema::<strategy::MeasurementView>),
        },
        ("GET", "/strategy/evidence/{id}") => {
            Contract { response: ResponseBody::Binary, ..get(schema::<OpenApiDocument>) }
        }
        ("POST", "/strategy/indicators/{id}/measurements") => {
            send(CREATED, schema::<super::strategy::MeasurementBody>, schema::<strategy::MeasurementView>)
        }
        ("POST", "/strategy/measurements/{id}/review") => {
            send(OK, schema::<super::strategy::VerdictBody>, schema::<strategy::MeasurementView>)
        }
        ("POST", "/strategy/targets/{id}/decision") => {
            send(OK, schema::<super::strategy::VerdictBody>, schema::<strategy::TargetView>)
        }
        ("GET", "/capacity-building/projects") => get(schema::<List<portfolio::ProjectItem>>),
        ("GET", "/capacity-building/projects/{id}") => get(schema::<portfolio::ProjectDetail>),
        ("GET", "/capacity-building/iati") => {
            Contract { response: ResponseBody::Xml, ..get(schema::<OpenApiDocument>) }
        }
        ("POST", "/capacity-building/iati") => {
            send(OK, schema::<super::portfolio::IatiImportBody>, schema::<portfolio::ImportReportView>)
        }
        _ => return None,
    })
}
