//! Tests build their own world: organisations, users and marked objects made
//! through the application services, on a server started without the demo
//! (`spawn_app_with(b, Default::default(), false)`). A test says what it
//! needs and finds its records by the ids the builders return, never by a
//! demo title or a lookup in SQL. The demo stays for the demo and the
//! browser stories.
//!
//! ```ignore
//! let app = spawn_app_with(b, Default::default(), false).await;
//! let world = World::new(&app);
//! world.organisation("BZ").create().await;
//! world.organisation("TFC").kind("unit").parent("BZ").create().await;
//! let anna = world.user("anna@tfc.example").org("TFC").roles(&["coordinator"]).create().await;
//! let id = world.incident(&anna).marking("dep-v", "amber").orgs(&["TFC"]).create().await;
//! let token = anna.token(&app).await;
//! ```

#![allow(dead_code, reason = "a fixture API: each test uses the builder methods it needs, not every one")]

use crate::helpers::*;
use verbinding_app::{App, Caller};
use verbinding_domain::assessment::{AssessmentInput, Content};
use verbinding_domain::directory::{OrganisationInput, UserInput};
use verbinding_domain::dossier::DossierInput;
use verbinding_domain::incident::{IncidentInput, Phase};
use verbinding_domain::marking::MarkingInput;
use verbinding_domain::misp::ThreatActorRecord;

/// The password of every user a world makes, so `TestApp::token` and
/// `TestApp::login` work for them as for the demo users.
pub const PASSWORD: &str = DEMO_PASSWORD;

/// A test's own world on a server without demo data.
pub struct World<'a> {
    pub app: &'a TestApp,
    /// The operator at the command line, who builds the directory.
    operator: Caller,
}

/// A user the world made: their ids, and the caller the services see.
#[derive(Clone)]
pub struct Person {
    pub id: i64,
    pub email: String,
    /// The code of their organisation.
    pub org: String,
    /// As if through a token.
    pub caller: Caller,
}

impl Person {
    /// A personal API token, through the login API.
    pub async fn token(&self, app: &TestApp) -> String {
        app.token(&self.email).await
    }

    /// A browser session, through the login form.
    pub async fn login(&self, app: &TestApp) -> Client {
        app.login(&self.email).await
    }
}

impl<'a> World<'a> {
    pub fn new(app: &'a TestApp) -> World<'a> {
        World { app, operator: Caller::command_line() }
    }

    fn services(&self) -> &App {
        &self.app.state
    }

    /// A small government: BZ with its unit TFC, JenV with NCSC, DEF with
    /// MIVD, BZK with AIVD, and EZK — the organisations most tests name.
    pub async fn government(&self) {
        for (code, kind, parent) in [
            ("BZ", "ministry", None),
            ("TFC", "unit", Some("BZ")),
            ("JenV", "ministry", None),
            ("NCSC", "agency", Some("JenV")),
            ("DEF", "ministry", None),
            ("MIVD", "agency", Some("DEF")),
            ("BZK", "ministry", None),
            ("AIVD", "agency", Some("BZK")),
            ("EZK", "ministry", None),
        ] {
            let o = self.organisation(code).kind(kind);
            match parent {
                Some(p) => o.parent(p).create().await,
                None => o.create().await,
            };
        }
    }

    pub fn organisation(&self, code: &str) -> OrganisationBuilder<'_> {
        OrganisationBuilder {
            world: self,
            input: OrganisationInput {
                code: code.into(),
                name_nl: format!("Organisatie {code}"),
                name_en: format!("Organisation {code}"),
                kind: "ministry".into(),
                ..Default::default()
            },
        }
    }

    /// A user (default: a liaison cleared for Stg. Confidentieel; name the organisation).
    pub fn user(&self, email: &str) -> UserBuilder<'_> {
        UserBuilder {
            world: self,
            org: String::new(),
            input: UserInput {
                email: email.into(),
                name: format!("Test {email}"),
                roles: vec!["liaison".into()],
                clearance: "stg-confidentieel".into(),
                posting_end: String::new(),
            },
        }
    }

    /// A threat actor in the catalogue (the operator's import).
    pub async fn threat_actor(&self, uuid: &str, name: &str, synonyms: &[&str]) {
        let record = ThreatActorRecord {
            uuid: uuid.into(),
            name: name.into(),
            synonyms: synonyms.iter().map(|s| s.to_string()).collect(),
            state_sponsor: None,
            country: None,
            description: String::new(),
        };
        verbinding_app::catalogue::import_threat_actors(self.services(), &self.operator, &[record], |_, _| {})
            .await
            .expect("threat actor");
    }

    /// A dossier filed by `by` (default: Dep. V, TLP:AMBER, for their organisation, which leads it).
    pub fn dossier(&self, by: &Person) -> DossierBuilder<'_> {
        DossierBuilder {
            world: self,
            by: by.caller.clone(),
            input: DossierInput {
                title: "Testdossier".into(),
                summary: String::new(),
                lead_org: by.org.clone(),
                marking: default_marking(by),
            },
        }
    }

    /// An incident filed by `by` (default: limited, reported, Dep. V, TLP:AMBER, for their organisation).
    pub fn incident(&self, by: &Person) -> IncidentBuilder<'_> {
        IncidentBuilder {
            world: self,
            by: by.caller.clone(),
            status: "reported",
            input: IncidentInput {
                title: "Testincident".into(),
                severity: "limited".into(),
                lead_org: by.org.clone(),
                marking: default_marking(by),
                ..Default::default()
            },
        }
    }

    /// An assessment of `incident` by `by`'s organisation (default: technical,
    /// moderate confidence, metadata Ongerubriceerd, content Dep. V for their organisation).
    pub fn assessment(&self, by: &Person, incident: i64) -> AssessmentBuilder<'_> {
        AssessmentBuilder {
            world: self,
            by: by.caller.clone(),
            incident,
            input: AssessmentInput {
                kind: "technical".into(),
                content: Content {
                    summary: "Technische analyse".into(),
                    confidence: "moderate".into(),
                    ..Content::default()
                },
                meta_classification: "ongerubriceerd".into(),
                marking: default_marking(by),
            },
        }
    }
}

fn default_marking(by: &Person) -> MarkingInput {
    MarkingInput {
        classification: "dep-v".into(),
        tlp: "amber".into(),
        open_to_all: false,
        orgs: vec![by.org.clone()],
        users: vec![],
    }
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

pub struct OrganisationBuilder<'w> {
    world: &'w World<'w>,
    input: OrganisationInput,
}

impl OrganisationBuilder<'_> {
    pub fn kind(mut self, kind: &str) -> Self {
        self.input.kind = kind.into();
        self
    }
    pub fn parent(mut self, code: &str) -> Self {
        self.input.parent = code.into();
        self
    }
    pub fn names(mut self, nl: &str, en: &str) -> Self {
        (self.input.name_nl, self.input.name_en) = (nl.into(), en.into());
        self
    }
    /// Through `directory::add_organisation`; returns the id.
    pub async fn create(self) -> i64 {
        let code = self.input.code.clone();
        verbinding_app::directory::add_organisation(self.world.services(), &self.world.operator, &self.input)
            .await
            .unwrap_or_else(|e| panic!("organisation {code}: {e}"))
    }
}

pub struct UserBuilder<'w> {
    world: &'w World<'w>,
    org: String,
    input: UserInput,
}

impl UserBuilder<'_> {
    pub fn org(mut self, code: &str) -> Self {
        self.org = code.into();
        self
    }
    pub fn roles(mut self, roles: &[&str]) -> Self {
        self.input.roles = strings(roles);
        self
    }
    pub fn clearance(mut self, clearance: &str) -> Self {
        self.input.clearance = clearance.into();
        self
    }
    /// Through `users::create` as the operator, with [`PASSWORD`].
    pub async fn create(self) -> Person {
        let a = self.world.services();
        let email = self.input.email.clone();
        let id = verbinding_app::users::create(a, &self.world.operator, &self.input, &self.org, PASSWORD)
            .await
            .unwrap_or_else(|e| panic!("user {email}: {e}"));
        Person { id, email: email.clone(), org: self.org, caller: caller_for(a, &email).await }
    }
}

/// The marking of a builder: `marking(classification, tlp)`, `orgs`,
/// `users` (the need-to-know lists) and `open_to_all`.
macro_rules! marking_methods {
    ($builder:ident, $marking:ident) => {
        impl $builder<'_> {
            pub fn marking(mut self, classification: &str, tlp: &str) -> Self {
                self.input.$marking.classification = classification.into();
                self.input.$marking.tlp = tlp.into();
                self
            }
            /// The organisations on the need-to-know list (instead of the author's own).
            pub fn orgs(mut self, codes: &[&str]) -> Self {
                self.input.$marking.orgs = strings(codes);
                self
            }
            /// Users named on the need-to-know list.
            pub fn users(mut self, emails: &[&str]) -> Self {
                self.input.$marking.users = strings(emails);
                self
            }
            /// Open to everyone cleared for it (no need-to-know list).
            pub fn open_to_all(mut self) -> Self {
                self.input.$marking.open_to_all = true;
                self.input.$marking.orgs.clear();
                self
            }
        }
    };
}

pub struct DossierBuilder<'w> {
    world: &'w World<'w>,
    by: Caller,
    input: DossierInput,
}
marking_methods!(DossierBuilder, marking);

impl DossierBuilder<'_> {
    pub fn title(mut self, title: &str) -> Self {
        self.input.title = title.into();
        self
    }
    pub fn summary(mut self, summary: &str) -> Self {
        self.input.summary = summary.into();
        self
    }
    pub fn lead(mut self, code: &str) -> Self {
        self.input.lead_org = code.into();
        self
    }
    /// Through `dossiers::create`; returns the id.
    pub async fn create(self) -> i64 {
        verbinding_app::dossiers::create(self.world.services(), &self.by, &self.input)
            .await
            .unwrap_or_else(|e| panic!("dossier {}: {e}", self.input.title))
    }
}

pub struct IncidentBuilder<'w> {
    world: &'w World<'w>,
    by: Caller,
    status: &'static str,
    input: IncidentInput,
}
marking_methods!(IncidentBuilder, marking);

impl IncidentBuilder<'_> {
    pub fn title(mut self, title: &str) -> Self {
        self.input.title = title.into();
        self
    }
    pub fn severity(mut self, severity: &str) -> Self {
        self.input.severity = severity.into();
        self
    }
    pub fn lead(mut self, code: &str) -> Self {
        self.input.lead_org = code.into();
        self
    }
    pub fn sectors(mut self, sectors: &[&str]) -> Self {
        self.input.sectors = strings(sectors);
        self
    }
    /// Threat actors by catalogue UUID (make them with `World::threat_actor`).
    pub fn actors(mut self, uuids: &[&str]) -> Self {
        self.input.actors = strings(uuids);
        self
    }
    /// First activity, discovery and disclosure (`YYYY-MM-DD`).
    pub fn dates(mut self, first_activity: &str, discovery: &str, disclosure: &str) -> Self {
        self.input.first_activity = first_activity.into();
        self.input.discovery = discovery.into();
        self.input.disclosure = disclosure.into();
        self
    }
    /// The phase it is moved to after filing, one phase at a time.
    pub fn status(mut self, status: &'static str) -> Self {
        self.status = status;
        self
    }
    /// Through `incidents::create` (and `incidents::set_status`); returns the id.
    pub async fn create(self) -> i64 {
        let a = self.world.services();
        let title = &self.input.title;
        let id = verbinding_app::incidents::create(a, &self.by, &self.input)
            .await
            .unwrap_or_else(|e| panic!("incident {title}: {e}"));
        let target = Phase::parse(self.status).expect("a known status").position();
        for (version, to) in Phase::ALL.iter().enumerate().skip(1).take(target) {
            verbinding_app::incidents::set_status(a, &self.by, id, version as i64, to.id())
                .await
                .unwrap_or_else(|e| panic!("incident {title} to {to}: {e}"));
        }
        id
    }
}

pub struct AssessmentBuilder<'w> {
    world: &'w World<'w>,
    by: Caller,
    incident: i64,
    input: AssessmentInput,
}
marking_methods!(AssessmentBuilder, marking);

impl AssessmentBuilder<'_> {
    pub fn summary(mut self, summary: &str) -> Self {
        self.input.content.summary = summary.into();
        self
    }
    pub fn confidence(mut self, confidence: &str) -> Self {
        self.input.content.confidence = confidence.into();
        self
    }
    /// An intelligence assessment with this likelihood.
    pub fn intelligence(mut self, likelihood: &str) -> Self {
        self.input.kind = "intelligence".into();
        self.input.content.likelihood = likelihood.into();
        self
    }
    /// Who may know it exists (at most the content's classification).
    pub fn meta(mut self, meta_classification: &str) -> Self {
        self.input.meta_classification = meta_classification.into();
        self
    }
    /// Through `assessments::create`; returns the id.
    pub async fn create(self) -> i64 {
        verbinding_app::assessments::create(self.world.services(), &self.by, self.incident, &self.input)
            .await
            .unwrap_or_else(|e| panic!("assessment of incident {}: {e}", self.incident))
    }
}
