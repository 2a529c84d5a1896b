//! Reading an IATI 2.x `iati-activities` file into [`Activities`].

mod tree;

use std::collections::BTreeSet;

use crate::model::{
    Activities, Activity, ActivityDate, Baseline, Budget, Description, Indicator, IndicatorReference, Narrative,
    Organisation, ParticipatingOrg, Period, PeriodValue, RecipientCountry, ResultEntry, Sector, Text, Transaction,
    Value,
};
use tree::{Element, is_xml_space};

/// What [`read`] made of a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Read {
    pub activities: Activities,
    /// Paths of the elements and attributes in the file that the model does
    /// not keep, deduplicated and sorted, so that an import can say what it
    /// left out. Paths start below the root (`iati-activity/location`,
    /// `iati-activity/result/indicator/baseline/dimension`); an attribute is
    /// its element's path and `@name` (`iati-activity/@humanitarian`, a root
    /// attribute just `@linked-data-default`); text where the model keeps
    /// none is `…/text()`. Below an element that is not kept nothing more is
    /// listed.
    pub not_kept: Vec<String>,
}

/// Why a file could not be read: a message for a person and, where it is
/// known, the line of the file it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    pub message: String,
    pub line: Option<usize>,
}

impl ReadError {
    fn at(message: impl Into<String>, line: Option<usize>) -> Self {
        ReadError { message: message.into(), line }
    }
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "line {line}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for ReadError {}

/// Reads an `iati-activities` file of IATI version 2.x.
///
/// Refused, with a [`ReadError`]: XML that is not well-formed (with the line
/// of the fault), a root other than `iati-activities` (an organisation file
/// is named as such), a `version` missing or not 2.x, and an activity
/// without an `iati-identifier` or with an empty one. Anything else the
/// schema would reject is read as far as the model goes and left to
/// [`check`](crate::check()): a missing title is an empty title.
///
/// Texts keep their narratives' `xml:lang` as written (`None` when a
/// narrative has none; the activity's own `xml:lang` is kept on
/// [`Activity::lang`]). Narrative text is kept exactly, whitespace included;
/// identifiers, codes, dates and decimal values are trimmed of surrounding
/// whitespace, which the schema's types ignore too. Where the model keeps one
/// of something (a title, a status), a second one in the file is listed in
/// [`Read::not_kept`].
pub fn read(xml: &str) -> Result<Read, ReadError> {
    let root = tree::parse(xml)?;
    if root.name != "iati-activities" {
        let what = match root.name.as_str() {
            "iati-organisations" => {
                "this is an IATI organisation file (root <iati-organisations>), not an activity file".to_owned()
            }
            other => format!("this is not an IATI activity file: its root element is <{other}>"),
        };
        return Err(ReadError::at(format!("{what}; expected <iati-activities>"), Some(root.line)));
    }
    match root.attr("version").map(str::trim) {
        Some(v) if v.starts_with("2.") => {}
        Some(v) => {
            return Err(ReadError::at(
                format!("IATI version {v} is not supported: only 2.x activity files are read"),
                Some(root.line),
            ));
        }
        None => {
            return Err(ReadError::at(
                "<iati-activities> has no version attribute: only 2.x activity files are read",
                Some(root.line),
            ));
        }
    }
    let mut m = Mapper::default();
    m.attrs(&root, "", &["version", "generated-datetime"]);
    m.no_text(&root, "");
    let mut activities =
        Activities { generated: root.attr("generated-datetime").map(trimmed).unwrap_or_default(), activities: vec![] };
    for (index, child) in root.children.iter().enumerate() {
        if child.name == "iati-activity" {
            activities.activities.push(m.activity(child, index)?);
        } else {
            m.skip("", child);
        }
    }
    Ok(Read { activities, not_kept: m.not_kept.into_iter().collect() })
}

fn trimmed(s: &str) -> String {
    s.trim_matches(is_xml_space).to_owned()
}

fn join(path: &str, name: &str) -> String {
    if path.is_empty() { name.to_owned() } else { format!("{path}/{name}") }
}

/// Maps elements to the model and collects what it does not keep.
#[derive(Default)]
struct Mapper {
    not_kept: BTreeSet<String>,
}

impl Mapper {
    /// Records a child element (at `parent`) that the model does not keep.
    fn skip(&mut self, parent: &str, child: &Element) {
        self.not_kept.insert(join(parent, &child.name));
    }

    /// Records the attributes of `el` (at `path`) other than `kept`. Namespace
    /// declarations are markup, not content, and are not listed.
    fn attrs(&mut self, el: &Element, path: &str, kept: &[&str]) {
        for (key, _) in &el.attrs {
            if !kept.contains(&key.as_str()) && key != "xmlns" && !key.starts_with("xmlns:") {
                self.not_kept.insert(join(path, &format!("@{key}")));
            }
        }
    }

    /// Records text in an element whose text the model does not keep.
    fn no_text(&mut self, el: &Element, path: &str) {
        if !el.text.chars().all(is_xml_space) {
            self.not_kept.insert(join(path, "text()"));
        }
    }

    /// An element that has only attributes for the model: the rest of it is
    /// recorded.
    fn leaf(&mut self, el: &Element, path: &str, kept: &[&str]) {
        self.attrs(el, path, kept);
        self.no_text(el, path);
        for child in &el.children {
            self.skip(path, child);
        }
    }

    /// The first of a repeated element the model keeps once; later ones are
    /// recorded as not kept.
    fn once(&mut self, seen: &mut bool, parent: &str, el: &Element) -> bool {
        if *seen {
            self.skip(parent, el);
            return false;
        }
        *seen = true;
        true
    }

    /// The narratives of a text element; `extra` names attributes its caller
    /// keeps.
    fn text(&mut self, el: &Element, path: &str, extra: &[&str]) -> Text {
        self.attrs(el, path, extra);
        self.no_text(el, path);
        let mut text = Vec::new();
        for child in &el.children {
            if child.name == "narrative" {
                text.push(self.narrative(child, &join(path, "narrative")));
            } else {
                self.skip(path, child);
            }
        }
        text
    }

    fn narrative(&mut self, el: &Element, path: &str) -> Narrative {
        self.attrs(el, path, &["xml:lang"]);
        for child in &el.children {
            self.skip(path, child);
        }
        Narrative { lang: el.attr("xml:lang").map(str::to_owned), text: el.text.clone() }
    }

    fn organisation(&mut self, el: &Element, path: &str, extra: &[&str]) -> Organisation {
        let mut kept = vec!["ref", "type"];
        kept.extend_from_slice(extra);
        Organisation {
            reference: el.attr("ref").map(trimmed),
            kind: el.attr("type").map(trimmed),
            name: self.text(el, path, &kept),
        }
    }

    fn activity(&mut self, el: &Element, index: usize) -> Result<Activity, ReadError> {
        let p = "iati-activity";
        self.attrs(el, p, &["xml:lang", "default-currency", "last-updated-datetime"]);
        self.no_text(el, p);
        let mut a = Activity {
            lang: el.attr("xml:lang").map(str::to_owned),
            default_currency: el.attr("default-currency").map(trimmed),
            last_updated: el.attr("last-updated-datetime").map(trimmed),
            ..Activity::default()
        };
        let (mut identifier, mut reporting, mut title, mut status) = (None, false, false, false);
        for child in &el.children {
            let path = join(p, &child.name);
            match child.name.as_str() {
                "iati-identifier" => {
                    if identifier.is_none() {
                        self.attrs(child, &path, &[]);
                        for grandchild in &child.children {
                            self.skip(&path, grandchild);
                        }
                        identifier = Some(trimmed(&child.text));
                    } else {
                        self.skip(p, child);
                    }
                }
                "reporting-org" => {
                    if self.once(&mut reporting, p, child) {
                        a.reporting_org = self.organisation(child, &path, &[]);
                    }
                }
                "title" => {
                    if self.once(&mut title, p, child) {
                        a.title = self.text(child, &path, &[]);
                    }
                }
                "description" => a.descriptions.push(Description {
                    kind: child.attr("type").map(trimmed).unwrap_or_default(),
                    text: self.text(child, &path, &["type"]),
                }),
                "participating-org" => a.participating_orgs.push(ParticipatingOrg {
                    role: child.attr("role").map(trimmed).unwrap_or_default(),
                    organisation: self.organisation(child, &path, &["role"]),
                }),
                "activity-status" => {
                    if self.once(&mut status, p, child) {
                        self.leaf(child, &path, &["code"]);
                        a.status = child.attr("code").map(trimmed).unwrap_or_default();
                    }
                }
                "activity-date" => {
                    self.leaf(child, &path, &["type", "iso-date"]);
                    a.dates.push(ActivityDate {
                        kind: child.attr("type").map(trimmed).unwrap_or_default(),
                        iso_date: child.attr("iso-date").map(trimmed).unwrap_or_default(),
                    });
                }
                "recipient-country" => {
                    self.leaf(child, &path, &["code", "percentage"]);
                    a.recipient_countries.push(RecipientCountry {
                        code: child.attr("code").map(trimmed).unwrap_or_default(),
                        percentage: child.attr("percentage").map(trimmed),
                    });
                }
                "sector" => {
                    self.leaf(child, &path, &["vocabulary", "code", "percentage"]);
                    a.sectors.push(Sector {
                        vocabulary: child.attr("vocabulary").map(trimmed),
                        code: child.attr("code").map(trimmed).unwrap_or_default(),
                        percentage: child.attr("percentage").map(trimmed),
                    });
                }
                "budget" => a.budgets.push(self.budget(child, &path)),
                "transaction" => a.transactions.push(self.transaction(child, &path)),
                "result" => a.results.push(self.result(child, &path)),
                _ => self.skip(p, child),
            }
        }
        match identifier {
            Some(id) if !id.is_empty() => a.identifier = id,
            Some(_) => {
                return Err(ReadError::at(
                    format!("activity {} has an empty <iati-identifier>", index + 1),
                    Some(el.line),
                ));
            }
            None => {
                return Err(ReadError::at(format!("activity {} has no <iati-identifier>", index + 1), Some(el.line)));
            }
        }
        Ok(a)
    }

    /// The `iso-date` of a `period-start` or `period-end`.
    fn date_of(&mut self, el: &Element, path: &str) -> String {
        self.leaf(el, path, &["iso-date"]);
        el.attr("iso-date").map(trimmed).unwrap_or_default()
    }

    fn value(&mut self, el: &Element, path: &str) -> Value {
        self.attrs(el, path, &["currency", "value-date"]);
        for child in &el.children {
            self.skip(path, child);
        }
        Value {
            amount: trimmed(&el.text),
            currency: el.attr("currency").map(trimmed),
            value_date: el.attr("value-date").map(trimmed).unwrap_or_default(),
        }
    }

    fn budget(&mut self, el: &Element, p: &str) -> Budget {
        self.attrs(el, p, &["type", "status"]);
        self.no_text(el, p);
        let mut b = Budget {
            kind: el.attr("type").map(trimmed).unwrap_or_default(),
            status: el.attr("status").map(trimmed).unwrap_or_default(),
            ..Budget::default()
        };
        let (mut start, mut end, mut value) = (false, false, false);
        for child in &el.children {
            let path = join(p, &child.name);
            match child.name.as_str() {
                "period-start" if self.once(&mut start, p, child) => b.period_start = self.date_of(child, &path),
                "period-end" if self.once(&mut end, p, child) => b.period_end = self.date_of(child, &path),
                "value" if self.once(&mut value, p, child) => b.value = self.value(child, &path),
                "period-start" | "period-end" | "value" => {}
                _ => self.skip(p, child),
            }
        }
        b
    }

    fn transaction(&mut self, el: &Element, p: &str) -> Transaction {
        self.attrs(el, p, &[]);
        self.no_text(el, p);
        let mut t = Transaction::default();
        let mut seen = [false; 6];
        for child in &el.children {
            let path = join(p, &child.name);
            let slot = match child.name.as_str() {
                "transaction-type" => 0,
                "transaction-date" => 1,
                "value" => 2,
                "description" => 3,
                "provider-org" => 4,
                "receiver-org" => 5,
                _ => {
                    self.skip(p, child);
                    continue;
                }
            };
            if !self.once(&mut seen[slot], p, child) {
                continue;
            }
            match slot {
                0 => {
                    self.leaf(child, &path, &["code"]);
                    t.kind = child.attr("code").map(trimmed).unwrap_or_default();
                }
                1 => t.date = self.date_of(child, &path),
                2 => t.value = self.value(child, &path),
                3 => t.description = self.text(child, &path, &[]),
                4 => t.provider = Some(self.organisation(child, &path, &[])),
                _ => t.receiver = Some(self.organisation(child, &path, &[])),
            }
        }
        t
    }

    fn result(&mut self, el: &Element, p: &str) -> ResultEntry {
        self.attrs(el, p, &["type", "aggregation-status"]);
        self.no_text(el, p);
        let mut r = ResultEntry {
            kind: el.attr("type").map(trimmed).unwrap_or_default(),
            aggregation_status: self.boolean(el, p, "aggregation-status"),
            ..ResultEntry::default()
        };
        let (mut title, mut description) = (false, false);
        for child in &el.children {
            let path = join(p, &child.name);
            match child.name.as_str() {
                "title" if self.once(&mut title, p, child) => r.title = self.text(child, &path, &[]),
                "description" if self.once(&mut description, p, child) => {
                    r.description = self.text(child, &path, &[]);
                }
                "indicator" => r.indicators.push(self.indicator(child, &path)),
                "title" | "description" => {}
                _ => self.skip(p, child),
            }
        }
        r
    }

    /// An `xsd:boolean` attribute; a value that is not one is recorded as not
    /// kept rather than guessed at.
    fn boolean(&mut self, el: &Element, path: &str, name: &str) -> Option<bool> {
        match el.attr(name).map(|v| v.trim_matches(is_xml_space)) {
            None => None,
            Some("1" | "true") => Some(true),
            Some("0" | "false") => Some(false),
            Some(_) => {
                self.not_kept.insert(join(path, &format!("@{name}")));
                None
            }
        }
    }

    fn indicator(&mut self, el: &Element, p: &str) -> Indicator {
        self.attrs(el, p, &["measure", "ascending", "aggregation-status"]);
        self.no_text(el, p);
        let mut i = Indicator {
            measure: el.attr("measure").map(trimmed).unwrap_or_default(),
            ascending: self.boolean(el, p, "ascending"),
            aggregation_status: self.boolean(el, p, "aggregation-status"),
            ..Indicator::default()
        };
        let (mut title, mut description) = (false, false);
        for child in &el.children {
            let path = join(p, &child.name);
            match child.name.as_str() {
                "title" if self.once(&mut title, p, child) => i.title = self.text(child, &path, &[]),
                "description" if self.once(&mut description, p, child) => {
                    i.description = self.text(child, &path, &[]);
                }
                "reference" => {
                    self.leaf(child, &path, &["vocabulary", "code", "indicator-uri"]);
                    i.references.push(IndicatorReference {
                        vocabulary: child.attr("vocabulary").map(trimmed).unwrap_or_default(),
                        code: child.attr("code").map(trimmed).unwrap_or_default(),
                        indicator_uri: child.attr("indicator-uri").map(trimmed),
                    });
                }
                "baseline" => i.baselines.push(self.baseline(child, &path)),
                "period" => i.periods.push(self.period(child, &path)),
                "title" | "description" => {}
                _ => self.skip(p, child),
            }
        }
        i
    }

    /// The `comment` of a baseline, target or actual (the model keeps one).
    fn comment(&mut self, el: &Element, p: &str) -> Text {
        let mut seen = false;
        let mut comment = Vec::new();
        for child in &el.children {
            if child.name == "comment" && self.once(&mut seen, p, child) {
                comment = self.text(child, &join(p, "comment"), &[]);
            } else if child.name != "comment" {
                self.skip(p, child);
            }
        }
        comment
    }

    fn baseline(&mut self, el: &Element, p: &str) -> Baseline {
        self.attrs(el, p, &["year", "iso-date", "value"]);
        self.no_text(el, p);
        Baseline {
            year: el.attr("year").map(trimmed).unwrap_or_default(),
            iso_date: el.attr("iso-date").map(trimmed),
            value: el.attr("value").map(trimmed),
            comment: self.comment(el, p),
        }
    }

    fn period_value(&mut self, el: &Element, p: &str) -> PeriodValue {
        self.attrs(el, p, &["value"]);
        self.no_text(el, p);
        PeriodValue { value: el.attr("value").map(trimmed), comment: self.comment(el, p) }
    }

    fn period(&mut self, el: &Element, p: &str) -> Period {
        self.attrs(el, p, &[]);
        self.no_text(el, p);
        let mut period = Period::default();
        let (mut start, mut end) = (false, false);
        for child in &el.children {
            let path = join(p, &child.name);
            match child.name.as_str() {
                "period-start" if self.once(&mut start, p, child) => period.start = self.date_of(child, &path),
                "period-end" if self.once(&mut end, p, child) => period.end = self.date_of(child, &path),
                "target" => period.targets.push(self.period_value(child, &path)),
                "actual" => period.actuals.push(self.period_value(child, &path)),
                "period-start" | "period-end" => {}
                _ => self.skip(p, child),
            }
        }
        period
    }
}
