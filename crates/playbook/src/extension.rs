//! Our one CACAO extension: what a government draaiboek needs beyond the
//! standard — deadlines, reminders and escalation, approval and join
//! policies, the expected answer and a classification per step. A partner
//! without the extension still reads valid CACAO with manual steps.

use crate::Finding;
use serde_json::Value;
use std::collections::BTreeMap;

/// The id under which playbooks declare and steps carry the extension.
pub const EXTENSION_ID: &str = "extension-definition--5f0b3c2e-8a4d-4e1f-9b6c-2d7a1e9c4b38";

/// Our extension's published JSON Schema (2020-12); the extension
/// definition in a playbook points to it by its `$id`.
pub const EXTENSION_SCHEMA: &str =
    include_str!("../schemas/extension-definition--5f0b3c2e-8a4d-4e1f-9b6c-2d7a1e9c4b38.json");

#[allow(
    clippy::expect_used,
    reason = "the schema is compiled into the binary and a unit test compiles it: a failure is a build defect"
)]
static EXTENSION_VALIDATOR: std::sync::LazyLock<jsonschema::Validator> = std::sync::LazyLock::new(|| {
    let schema: Value = serde_json::from_str(EXTENSION_SCHEMA).expect("the extension schema is JSON");
    jsonschema::draft202012::new(&schema).expect("the extension schema compiles")
});

/// Checks every object a playbook carries under our extension id (on the
/// playbook, its steps and its agents and targets) against the published schema.
pub fn schema_findings(doc: &Value) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut check = |step: Option<&str>, place: String, v: &Value| {
        for e in EXTENSION_VALIDATOR.iter_errors(v) {
            let inner = e.instance_path.to_string().trim_start_matches('/').replace('/', ".");
            let property = if inner.is_empty() { place.clone() } else { format!("{place}.{inner}") };
            let detail = e.to_string();
            out.push(match step {
                Some(s) => Finding::at(s, &property, "extension_invalid", detail),
                None => Finding::playbook(&property, "extension_invalid", detail),
            });
        }
    };
    if let Some(v) = doc.get("playbook_extensions").and_then(|e| e.get(EXTENSION_ID)) {
        check(None, format!("playbook_extensions.{EXTENSION_ID}"), v);
    }
    for (id, step) in doc.get("workflow").and_then(Value::as_object).into_iter().flatten() {
        if let Some(v) = step.get("step_extensions").and_then(|e| e.get(EXTENSION_ID)) {
            check(Some(id), "step_extensions".into(), v);
        }
    }
    for dictionary in ["agent_definitions", "target_definitions"] {
        for (id, agent) in doc.get(dictionary).and_then(Value::as_object).into_iter().flatten() {
            if let Some(v) = agent.get("agent_target_extensions").and_then(|e| e.get(EXTENSION_ID)) {
                check(None, format!("{dictionary}.{id}.agent_target_extensions"), v);
            }
        }
    }
    out
}

/// A span of time in seconds, written as an ISO 8601 duration limited to
/// weeks, days, hours, minutes and seconds (`P2D`, `PT4H`, `P1DT12H`, `P1W`).
/// Years and months are refused: their length depends on the calendar, and a
/// political deadline is set in days and hours.
pub fn parse_duration(text: &str) -> Result<i64, &'static str> {
    let rest = text.strip_prefix('P').ok_or("duration_invalid")?;
    if rest.is_empty() {
        return Err("duration_invalid");
    }
    let (date, time) = match rest.split_once('T') {
        Some((d, t)) if !t.is_empty() => (d, Some(t)),
        Some(_) => return Err("duration_invalid"),
        None => (rest, None),
    };
    let mut total: i64 = 0;
    let mut add = |part: &str, units: &[(char, i64)]| -> Result<(), &'static str> {
        let mut number = String::new();
        let mut last = 0usize;
        for c in part.chars() {
            if c.is_ascii_digit() {
                number.push(c);
                continue;
            }
            if c == 'Y' || (c == 'M' && units.iter().any(|u| u.0 == 'D')) {
                return Err("duration_calendar_units");
            }
            let pos = units.iter().position(|u| u.0 == c).ok_or("duration_invalid")?;
            if number.is_empty() || pos < last {
                return Err("duration_invalid");
            }
            let n: i64 = number.parse().map_err(|_| "duration_invalid")?;
            total = n.checked_mul(units[pos].1).and_then(|v| total.checked_add(v)).ok_or("duration_invalid")?;
            number.clear();
            last = pos + 1;
        }
        if number.is_empty() { Ok(()) } else { Err("duration_invalid") }
    };
    add(date, &[('W', 7 * 86_400), ('D', 86_400)])?;
    if let Some(t) = time {
        add(t, &[('H', 3_600), ('M', 60), ('S', 1)])?;
    }
    Ok(total)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Deadline {
    /// Seconds after the step becomes active.
    After(i64),
    /// An RFC 3339 moment, kept as written (the engine parses it with the clock).
    At(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Policy {
    All,
    Any,
    AtLeast(u32),
    /// Any approver can stop the step; otherwise all must approve.
    Veto,
    /// Parallel joins only: go on at the deadline with the branches that finished.
    AtDeadline,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StepExtension {
    pub deadline: Option<Deadline>,
    /// Seconds before the deadline at which to remind.
    pub reminders: Vec<i64>,
    /// Seconds after the deadline, and the agent to escalate to.
    pub escalation: Option<(i64, String)>,
    pub approval: Option<(Policy, Vec<String>)>,
    pub join: Option<Policy>,
    pub classification: Option<String>,
    /// The expected answer: one field per `out_args` variable (its type comes
    /// from the variable's declaration), in the order the playbook lists them.
    pub answer: Vec<AnswerField>,
    /// The assessment of the run's incident the answer becomes.
    pub assessment: Option<AssessmentMapping>,
    /// The step's name and description in other languages than the playbook's own.
    pub translations: BTreeMap<String, Translation>,
}

/// One field of a human step's answer.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AnswerField {
    /// The `out_args` variable the answer sets (`__decision__`).
    pub variable: String,
    /// When given, the answer must be one of these values.
    pub choices: Vec<String>,
    pub required: bool,
    /// The question as people read it, per language (`nl`, `en`).
    pub label: BTreeMap<String, String>,
    /// Per choice, how people read it, per language: a form shows these,
    /// never the raw value (`wrongful-act`), when the draaiboek gives them.
    pub choice_labels: BTreeMap<String, BTreeMap<String, String>>,
}

/// A human step whose answer becomes an assessment of the run's incident:
/// its kind (`technical`, `intelligence`, `legal`) and, per assessment field
/// (`summary`, `confidence`, …), the answer variable that fills it. Whether
/// the fields and choices fit the assessment's vocabularies is checked where
/// those are known (the application, at import).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AssessmentMapping {
    pub kind: String,
    /// (assessment field, answer variable), ordered by field.
    pub fields: BTreeMap<String, String>,
}

/// A name and description in one language.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Translation {
    pub name: Option<String>,
    pub description: Option<String>,
}

/// Reads `{"nl": {"name": …, "description": …}, …}`.
pub fn translations(v: Option<&Value>) -> BTreeMap<String, Translation> {
    v.and_then(Value::as_object)
        .map(|m| {
            m.iter()
                .map(|(lang, t)| {
                    let field = |k: &str| t.get(k).and_then(Value::as_str).map(str::to_string);
                    (lang.clone(), Translation { name: field("name"), description: field("description") })
                })
                .collect()
        })
        .unwrap_or_default()
}

/// How an agent of the playbook maps to the directory: an `organization` or
/// `group` agent names an organisation by its directory code; an `individual`
/// agent may also name a role held in that organisation (the people holding it
/// then act for the agent). Carried under `agent_target_extensions`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AgentMapping {
    pub organisation: Option<String>,
    pub role: Option<String>,
}

impl AgentMapping {
    pub fn parse(v: &Value) -> AgentMapping {
        let field = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
        AgentMapping { organisation: field("organisation"), role: field("role") }
    }
}

fn policy(v: &Value, step: &str, property: &str, allow_deadline: bool) -> Result<Policy, Finding> {
    let kind = v.get("policy").and_then(Value::as_str).unwrap_or("");
    let bad = |detail: &str| Finding::at(step, property, "policy_invalid", detail.to_string());
    Ok(match kind {
        "all" => Policy::All,
        "any" => Policy::Any,
        "veto" => Policy::Veto,
        "at-deadline" if allow_deadline => Policy::AtDeadline,
        "k-of-n" => {
            let k = v.get("k").and_then(Value::as_u64).filter(|k| *k >= 1).ok_or_else(|| bad("k-of-n needs k ≥ 1"))?;
            Policy::AtLeast(u32::try_from(k).map_err(|_| bad("k is too large"))?)
        }
        other => return Err(bad(&format!("unknown policy \"{other}\""))),
    })
}

fn duration_at(v: &Value, step: &str, property: &str) -> Result<i64, Finding> {
    let text = v.as_str().unwrap_or("");
    parse_duration(text)
        .map_err(|code| Finding::at(step, property, code, format!("\"{text}\" is not a duration like P2D or PT4H")))
}

impl StepExtension {
    /// Reads the extension object a step carries under [`EXTENSION_ID`].
    pub fn parse(step: &str, v: &Value) -> Result<StepExtension, Vec<Finding>> {
        let mut out = StepExtension::default();
        let mut problems = Vec::new();
        match (v.get("deadline_after"), v.get("deadline_at")) {
            (Some(_), Some(_)) => problems.push(Finding::at(
                step,
                "deadline_at",
                "deadline_twice",
                "give one of deadline_after and deadline_at",
            )),
            (Some(d), None) => match duration_at(d, step, "deadline_after") {
                Ok(s) => out.deadline = Some(Deadline::After(s)),
                Err(f) => problems.push(f),
            },
            (None, Some(at)) => out.deadline = at.as_str().map(|s| Deadline::At(s.to_string())),
            (None, None) => {}
        }
        for (i, r) in v.get("reminders_before").and_then(Value::as_array).into_iter().flatten().enumerate() {
            match duration_at(r, step, &format!("reminders_before[{i}]")) {
                Ok(s) => out.reminders.push(s),
                Err(f) => problems.push(f),
            }
        }
        if let Some(e) = v.get("escalation") {
            let to = e.get("to").and_then(Value::as_str).unwrap_or("").to_string();
            match e.get("after").map(|a| duration_at(a, step, "escalation.after")).unwrap_or(Ok(0)) {
                Ok(_) if to.is_empty() => problems.push(Finding::at(
                    step,
                    "escalation.to",
                    "escalation_without_agent",
                    "name the agent to escalate to",
                )),
                Ok(after) => out.escalation = Some((after, to)),
                Err(f) => problems.push(f),
            }
        }
        if let Some(a) = v.get("approval") {
            let approvers: Vec<String> = a
                .get("approvers")
                .and_then(Value::as_array)
                .map(|l| l.iter().filter_map(Value::as_str).map(str::to_string).collect())
                .unwrap_or_default();
            match policy(a, step, "approval.policy", false) {
                Ok(Policy::AtLeast(k)) if k as usize > approvers.len() => problems.push(Finding::at(
                    step,
                    "approval.k",
                    "policy_invalid",
                    "k is larger than the number of approvers",
                )),
                Ok(_) if approvers.is_empty() => problems.push(Finding::at(
                    step,
                    "approval.approvers",
                    "approvers_missing",
                    "name at least one approver",
                )),
                Ok(p) => out.approval = Some((p, approvers)),
                Err(f) => problems.push(f),
            }
        }
        if let Some(j) = v.get("join") {
            match policy(j, step, "join.policy", true) {
                Ok(p) => out.join = Some(p),
                Err(f) => problems.push(f),
            }
        }
        out.classification = v.get("classification").and_then(Value::as_str).map(str::to_string);
        out.translations = translations(v.get("translations"));
        for (variable, field) in v.get("answer").and_then(Value::as_object).into_iter().flatten() {
            let choices: Vec<String> = field
                .get("choices")
                .and_then(Value::as_array)
                .map(|l| l.iter().filter_map(Value::as_str).map(str::to_string).collect())
                .unwrap_or_default();
            if field.get("choices").is_some() && choices.is_empty() {
                problems.push(Finding::at(
                    step,
                    &format!("answer.{variable}.choices"),
                    "choices_empty",
                    "give at least one choice, or leave choices out",
                ));
            }
            let texts = |v: Option<&Value>| -> BTreeMap<String, String> {
                v.and_then(Value::as_object)
                    .map(|m| m.iter().filter_map(|(k, v)| v.as_str().map(|s| (k.clone(), s.to_string()))).collect())
                    .unwrap_or_default()
            };
            let choice_labels: BTreeMap<String, BTreeMap<String, String>> = field
                .get("choice_labels")
                .and_then(Value::as_object)
                .map(|m| m.iter().map(|(choice, t)| (choice.clone(), texts(Some(t)))).collect())
                .unwrap_or_default();
            for choice in choice_labels.keys().filter(|c| !choices.contains(c)) {
                problems.push(Finding::at(
                    step,
                    &format!("answer.{variable}.choice_labels.{choice}"),
                    "choice_label_unknown",
                    "label only the values listed in choices",
                ));
            }
            out.answer.push(AnswerField {
                variable: variable.clone(),
                choices,
                required: field.get("required").and_then(Value::as_bool).unwrap_or(true),
                label: texts(field.get("label")),
                choice_labels,
            });
        }
        if let Some(a) = v.get("assessment") {
            let fields = a
                .get("fields")
                .and_then(Value::as_object)
                .map(|m| m.iter().filter_map(|(f, var)| var.as_str().map(|var| (f.clone(), var.to_string()))).collect())
                .unwrap_or_default();
            let kind = a.get("kind").and_then(Value::as_str).unwrap_or_default().to_string();
            out.assessment = Some(AssessmentMapping { kind, fields });
        }
        if out.join == Some(Policy::AtDeadline) && out.deadline.is_none() {
            problems.push(Finding::at(step, "join.policy", "policy_invalid", "at-deadline needs a deadline"));
        }
        if problems.is_empty() { Ok(out) } else { Err(problems) }
    }

    /// The agents this extension names (escalation target, approvers), for the lint.
    pub fn agents(&self) -> Vec<&str> {
        let mut out: Vec<&str> = self.escalation.iter().map(|(_, to)| to.as_str()).collect();
        if let Some((_, approvers)) = &self.approval {
            out.extend(approvers.iter().map(String::as_str));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn durations_in_weeks_days_hours_minutes_and_seconds() {
        assert_eq!(parse_duration("P2D"), Ok(172_800));
        assert_eq!(parse_duration("PT4H"), Ok(14_400));
        assert_eq!(parse_duration("P1DT12H30M"), Ok(131_400));
        assert_eq!(parse_duration("P1W"), Ok(604_800));
        assert_eq!(parse_duration("PT90S"), Ok(90));
        for bad in ["", "P", "PT", "2D", "P2", "PT4", "P2H", "PT2D", "PT4M3H", "P-1D", "PxD"] {
            assert_eq!(parse_duration(bad), Err("duration_invalid"), "{bad}");
        }
        assert_eq!(parse_duration("P1M"), Err("duration_calendar_units"));
        assert_eq!(parse_duration("P1Y"), Err("duration_calendar_units"));
    }

    #[test]
    fn a_step_extension_with_everything() {
        let v = json!({
            "deadline_after": "P2D", "reminders_before": ["P1D", "PT4H"],
            "escalation": {"after": "PT0S", "to": "organization--tfc"},
            "approval": {"policy": "k-of-n", "k": 2, "approvers": ["individual--a", "individual--b", "individual--c"]},
            "join": {"policy": "at-deadline"}, "classification": "dep-v"});
        let e = StepExtension::parse("action--1", &v).expect("valid");
        assert_eq!(e.deadline, Some(Deadline::After(172_800)));
        assert_eq!(e.reminders, vec![86_400, 14_400]);
        assert_eq!(e.approval.as_ref().map(|a| a.0.clone()), Some(Policy::AtLeast(2)));
        assert_eq!(e.join, Some(Policy::AtDeadline));
        assert_eq!(e.agents(), vec!["organization--tfc", "individual--a", "individual--b", "individual--c"]);
    }

    #[test]
    fn the_published_schema_refuses_unknown_keys_and_bad_values_naming_where() {
        let doc = json!({
            "playbook_extensions": {EXTENSION_ID: {"translations": {"nl": {"name": "Nationale respons"}}}},
            "workflow": {"action--1": {"step_extensions": {EXTENSION_ID: {
                "deadline_after": "two days", "approval": {"policy": "k-of-n", "approvers": ["individual--x"]},
                "colour": "red"}}}},
            "agent_definitions": {"organization--1": {"agent_target_extensions": {EXTENSION_ID: {"organisation": ""}}}}
        });
        let found: Vec<(Option<String>, String)> =
            schema_findings(&doc).into_iter().map(|f| (f.step, f.property)).collect();
        assert!(found.contains(&(Some("action--1".into()), "step_extensions.deadline_after".into())), "{found:?}");
        assert!(found.contains(&(Some("action--1".into()), "step_extensions".into())), "unknown key: {found:?}");
        assert!(found.iter().any(|f| f.1.starts_with("step_extensions.approval")), "k missing: {found:?}");
        assert!(
            found.contains(&(None, "agent_definitions.organization--1.agent_target_extensions.organisation".into()))
        );
        assert!(!found.iter().any(|f| f.1.starts_with("playbook_extensions")), "valid translations: {found:?}");
    }

    #[test]
    fn bad_extensions_name_step_and_property() {
        let v = json!({"deadline_after": "P1M", "approval": {"policy": "k-of-n", "k": 3, "approvers": ["individual--a"]},
                       "escalation": {"after": "PT1H"}, "join": {"policy": "at-deadline"}});
        let problems = StepExtension::parse("action--7", &v).expect_err("invalid");
        let got: Vec<(&str, &str)> = problems.iter().map(|f| (f.property.as_str(), f.code)).collect();
        assert_eq!(
            got,
            vec![
                ("deadline_after", "duration_calendar_units"),
                ("escalation.to", "escalation_without_agent"),
                ("approval.k", "policy_invalid"),
                ("join.policy", "policy_invalid"),
            ]
        );
        assert!(problems.iter().all(|f| f.step.as_deref() == Some("action--7")));
    }
}
