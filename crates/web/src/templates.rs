//! Templates are compiled into the binary and auto-escaped (`.html`), so no
//! page is ever assembled by string formatting.

use crate::i18n::{Lang, t};
use minijinja::{Environment, State, Value};
use verbinding_domain::classification;

pub struct Templates {
    env: Environment<'static>,
}

/// Every template, by name. A test renders each one.
pub const TEMPLATES: &[(&str, &str)] = &[
    ("layout.html", include_str!("../templates/layout.html")),
    ("macros.html", include_str!("../templates/macros.html")),
    ("error.html", include_str!("../templates/error.html")),
    ("login.html", include_str!("../templates/login.html")),
    ("dashboard.html", include_str!("../templates/dashboard.html")),
    ("organisations.html", include_str!("../templates/organisations.html")),
    ("organisation.html", include_str!("../templates/organisation.html")),
    ("users.html", include_str!("../templates/users.html")),
    ("user_form.html", include_str!("../templates/user_form.html")),
    ("profile.html", include_str!("../templates/profile.html")),
    ("audit.html", include_str!("../templates/audit.html")),
    ("dossiers.html", include_str!("../templates/dossiers.html")),
    ("dossier.html", include_str!("../templates/dossier.html")),
    ("dossier_form.html", include_str!("../templates/dossier_form.html")),
    ("marking_fields.html", include_str!("../templates/marking_fields.html")),
    ("incidents.html", include_str!("../templates/incidents.html")),
    ("incident.html", include_str!("../templates/incident.html")),
    ("incident_form.html", include_str!("../templates/incident_form.html")),
    ("threat_actors.html", include_str!("../templates/threat_actors.html")),
    ("threat_actor.html", include_str!("../templates/threat_actor.html")),
    ("assessment.html", include_str!("../templates/assessment.html")),
    ("assessment_form.html", include_str!("../templates/assessment_form.html")),
    ("response.html", include_str!("../templates/response.html")),
    ("response_options.html", include_str!("../templates/response_options.html")),
    ("renewals.html", include_str!("../templates/renewals.html")),
    ("consultation.html", include_str!("../templates/consultation.html")),
    ("decisions.html", include_str!("../templates/decisions.html")),
    ("playbooks.html", include_str!("../templates/playbooks.html")),
    ("playbook.html", include_str!("../templates/playbook.html")),
    ("executions.html", include_str!("../templates/executions.html")),
    ("execution.html", include_str!("../templates/execution.html")),
    ("execution_task.html", include_str!("../templates/execution_task.html")),
    ("inbox.html", include_str!("../templates/inbox.html")),
    ("executions_overview.html", include_str!("../templates/executions_overview.html")),
];

fn lang_of(state: &State) -> Lang {
    state.lookup("lang").and_then(|v| v.as_str().and_then(Lang::parse)).unwrap_or(Lang::Nl)
}

impl Templates {
    pub fn load() -> Templates {
        let mut env = Environment::new();
        env.set_undefined_behavior(minijinja::UndefinedBehavior::SemiStrict);
        for (name, source) in TEMPLATES {
            if let Err(e) = env.add_template(name, source) {
                // Templates are compiled in and covered by tests; a broken one
                // is a build defect, reported loudly at start.
                tracing::error!(template = name, error = %e, "template does not compile");
            }
        }
        env.add_function("t", |state: &State, key: &str| t(lang_of(state), key));
        env.add_function("classification_name", |state: &State, id: &str| {
            classification::label(id)
                .map(|l| if lang_of(state) == Lang::Nl { l.name_nl } else { l.name_en }.to_string())
                .unwrap_or_else(|| id.to_string())
        });
        env.add_filter("datetime", |ms: Value| ms.as_i64().map(verbinding_app::clock::format_ms).unwrap_or_default());
        env.add_filter("markdown", |s: String| minijinja::Value::from_safe_string(crate::markdown::to_html(&s)));
        env.add_filter("isotime", |ms: Value| ms.as_i64().map(verbinding_app::clock::rfc3339).unwrap_or_default());
        Templates { env }
    }

    pub fn render(&self, name: &str, ctx: Value) -> Result<String, minijinja::Error> {
        self.env.get_template(name)?.render(ctx)
    }
}
