//! Templates are compiled into the binary and auto-escaped (`.html`), so no
//! page is ever assembled by string formatting.

use crate::i18n::{Lang, t};
use minijinja::{Environment, State, Value};
use verbinding_domain::classification;

pub struct Templates {
    env: Environment<'static>,
}

/// Every template, by name: the name is its path under `templates/`. The
/// shell (layout, macros, error page, marking fields, dashboard) sits at the
/// top; each context's pages are in `templates/x/`, as its code is in
/// `pages/x.rs`.
pub const TEMPLATES: &[(&str, &str)] = &[
    ("layout.html", include_str!("../templates/layout.html")),
    ("macros.html", include_str!("../templates/macros.html")),
    ("error.html", include_str!("../templates/error.html")),
    ("error_body.html", include_str!("../templates/error_body.html")),
    ("error_page.html", include_str!("../templates/error_page.html")),
    ("marking_fields.html", include_str!("../templates/marking_fields.html")),
    ("lead_org_field.html", include_str!("../templates/lead_org_field.html")),
    ("dashboard.html", include_str!("../templates/dashboard.html")),
    ("auth/login.html", include_str!("../templates/auth/login.html")),
    ("auth/profile.html", include_str!("../templates/auth/profile.html")),
    ("directory/organisations.html", include_str!("../templates/directory/organisations.html")),
    ("directory/organisation.html", include_str!("../templates/directory/organisation.html")),
    ("users/users.html", include_str!("../templates/users/users.html")),
    ("users/user_form.html", include_str!("../templates/users/user_form.html")),
    ("audit/audit.html", include_str!("../templates/audit/audit.html")),
    ("dossiers/dossiers.html", include_str!("../templates/dossiers/dossiers.html")),
    ("dossiers/dossier.html", include_str!("../templates/dossiers/dossier.html")),
    ("dossiers/dossier_form.html", include_str!("../templates/dossiers/dossier_form.html")),
    ("incidents/incidents.html", include_str!("../templates/incidents/incidents.html")),
    ("incidents/incident.html", include_str!("../templates/incidents/incident.html")),
    ("incidents/incident_form.html", include_str!("../templates/incidents/incident_form.html")),
    ("assessments/assessment.html", include_str!("../templates/assessments/assessment.html")),
    ("assessments/assessment_form.html", include_str!("../templates/assessments/assessment_form.html")),
    ("response/response.html", include_str!("../templates/response/response.html")),
    ("response/response_options.html", include_str!("../templates/response/response_options.html")),
    ("response/renewals.html", include_str!("../templates/response/renewals.html")),
    ("consultations/consultation.html", include_str!("../templates/consultations/consultation.html")),
    ("decisions/decisions.html", include_str!("../templates/decisions/decisions.html")),
    ("decisions/sign.html", include_str!("../templates/decisions/sign.html")),
    ("catalogue/threat_actors.html", include_str!("../templates/catalogue/threat_actors.html")),
    ("catalogue/threat_actor.html", include_str!("../templates/catalogue/threat_actor.html")),
    ("playbooks/playbooks.html", include_str!("../templates/playbooks/playbooks.html")),
    ("playbooks/playbook.html", include_str!("../templates/playbooks/playbook.html")),
    ("executions/executions.html", include_str!("../templates/executions/executions.html")),
    ("executions/execution.html", include_str!("../templates/executions/execution.html")),
    ("print_layout.html", include_str!("../templates/print_layout.html")),
    ("incidents/assessment_items.html", include_str!("../templates/incidents/assessment_items.html")),
    ("incidents/facts.html", include_str!("../templates/incidents/facts.html")),
    ("incidents/timeline.html", include_str!("../templates/incidents/timeline.html")),
    ("incidents/incident_print.html", include_str!("../templates/incidents/incident_print.html")),
    ("decisions/decision_facts.html", include_str!("../templates/decisions/decision_facts.html")),
    ("decisions/decision_print.html", include_str!("../templates/decisions/decision_print.html")),
    ("playbooks/import.html", include_str!("../templates/playbooks/import.html")),
    ("executions/drawing.html", include_str!("../templates/executions/drawing.html")),
    ("executions/history_what.html", include_str!("../templates/executions/history_what.html")),
    ("executions/inbox.html", include_str!("../templates/executions/inbox.html")),
    ("executions/executions_overview.html", include_str!("../templates/executions/executions_overview.html")),
    ("tasks/task.html", include_str!("../templates/tasks/task.html")),
    ("strategy/strategies.html", include_str!("../templates/strategy/strategies.html")),
    ("strategy/strategy_form.html", include_str!("../templates/strategy/strategy_form.html")),
    ("strategy/strategy.html", include_str!("../templates/strategy/strategy.html")),
    ("strategy/objective_form.html", include_str!("../templates/strategy/objective_form.html")),
    ("strategy/objective.html", include_str!("../templates/strategy/objective.html")),
    ("strategy/indicator.html", include_str!("../templates/strategy/indicator.html")),
    ("strategy/indicator_form.html", include_str!("../templates/strategy/indicator_form.html")),
    ("strategy/reviews.html", include_str!("../templates/strategy/reviews.html")),
    ("strategy/review.html", include_str!("../templates/strategy/review.html")),
    ("strategy/scenarios.html", include_str!("../templates/strategy/scenarios.html")),
    ("serves.html", include_str!("../templates/serves.html")),
    ("strategy/scenario.html", include_str!("../templates/strategy/scenario.html")),
    ("strategy/scenario_form.html", include_str!("../templates/strategy/scenario_form.html")),
    ("strategy/scenario_fields.html", include_str!("../templates/strategy/scenario_fields.html")),
    ("portfolio/portfolio.html", include_str!("../templates/portfolio/portfolio.html")),
    ("portfolio/year_table.html", include_str!("../templates/portfolio/year_table.html")),
    ("portfolio/project.html", include_str!("../templates/portfolio/project.html")),
    ("portfolio/project_form.html", include_str!("../templates/portfolio/project_form.html")),
    ("portfolio/import.html", include_str!("../templates/portfolio/import.html")),
];

fn lang_of(state: &State) -> Lang {
    state.lookup("lang").and_then(|v| v.as_str().and_then(Lang::parse)).unwrap_or(Lang::Nl)
}

fn zone_of(state: &State) -> chrono_tz::Tz {
    crate::when::zone(state.lookup("tz").as_ref().and_then(|v| v.as_str()))
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
        // In the viewer's language and time zone (`tz` in the page's context;
        // a page for someone not logged in reads the ministry's).
        env.add_filter("datetime", |state: &State, ms: Value| {
            ms.as_i64().map(|ms| crate::when::moment(ms, lang_of(state), zone_of(state))).unwrap_or_default()
        });
        env.add_filter("day", |state: &State, ms: Value| {
            ms.as_i64().map(|ms| crate::when::day(ms, lang_of(state), zone_of(state))).unwrap_or_default()
        });
        // A day written `YYYY-MM-DD` (a posting's end, a project's start) in words.
        env.add_filter("isoday", |state: &State, text: String| crate::when::iso_day(&text, lang_of(state)));
        env.add_filter("markdown", |s: String| minijinja::Value::from_safe_string(crate::markdown::to_html(&s)));
        env.add_filter("isotime", |ms: Value| ms.as_i64().map(verbinding_app::clock::rfc3339).unwrap_or_default());
        Templates { env }
    }

    pub fn render(&self, name: &str, ctx: Value) -> Result<String, minijinja::Error> {
        self.env.get_template(name)?.render(ctx)
    }
}

#[cfg(test)]
mod tests {
    use super::TEMPLATES;

    /// Every template compiles, and every template it extends, includes or
    /// imports from is registered under that name (minijinja resolves those
    /// names only when a page is rendered).
    #[test]
    fn templates_compile_and_name_registered_templates() {
        let mut env = minijinja::Environment::new();
        for (name, source) in TEMPLATES {
            env.add_template(name, source).unwrap_or_else(|e| panic!("{name}: {e}"));
        }
        for (name, source) in TEMPLATES {
            for tag in ["extends", "include", "from", "import"] {
                for rest in source.split(&format!("{{% {tag} \"")).skip(1) {
                    let used = rest.split('"').next().unwrap_or_default();
                    assert!(TEMPLATES.iter().any(|(n, _)| *n == used), "{name} names {used}, which is not registered");
                }
            }
        }
    }
}
