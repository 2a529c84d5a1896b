//! Writing [`Activities`] as an IATI 2.03 `iati-activities` file.

use crate::model::{
    Activities, Activity, Baseline, Budget, Indicator, Narrative, Organisation, Period, PeriodValue, ResultEntry,
    Transaction, Value,
};

/// The IATI version every written file declares.
pub const VERSION: &str = "2.03";

/// Writes `doc` as an IATI 2.03 `iati-activities` file: UTF-8, pretty-printed
/// with two-space indentation, elements in the schema's sequence order.
///
/// Optional elements and attributes whose model value is `None` or empty are
/// left out (`generated-datetime` too when [`Activities::generated`] is empty:
/// the caller stamps the time, the writer stays pure). Elements the schema
/// requires are written from the model as it is, never invented, so the file
/// is valid against the official schema only when the model is. A model that
/// [`check_activities`](crate::check_activities) finds no problem in is valid;
/// what the schema itself needs is:
///
/// - at least one activity;
/// - per activity a `reporting_org` with `reference`, `kind` and at least one
///   name narrative; a `title` with at least one narrative; at least one
///   description, each with at least one narrative; at least one participating
///   org (each with a role); a `status`; at least one date (type and
///   `YYYY-MM-DD` date);
/// - decimal text in percentages and monetary amounts, and a `value_date` on
///   every value; ISO dates wherever the model holds one; `last_updated` and
///   `generated` as `xsd:dateTime` when given;
/// - per result a title narrative and at least one indicator, per indicator a
///   title narrative and a measure, per baseline a positive integer year.
///
/// Empty comment, transaction-description and result/indicator-description
/// texts are left out, as the schema allows. Characters XML 1.0 cannot carry
/// (control characters other than tab, newline and carriage return) are
/// dropped; [`check`](crate::check()) reports those in narratives as
/// `character_invalid`.
pub fn write(doc: &Activities) -> String {
    let mut out = Out::default();
    out.buf.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let generated = Some(doc.generated.as_str()).filter(|g| !g.is_empty());
    out.open("iati-activities", &[("version", Some(VERSION)), ("generated-datetime", generated)]);
    for activity in &doc.activities {
        write_activity(&mut out, activity);
    }
    out.close("iati-activities");
    out.buf
}

fn write_activity(out: &mut Out, a: &Activity) {
    out.open(
        "iati-activity",
        &[
            ("xml:lang", a.lang.as_deref()),
            ("default-currency", a.default_currency.as_deref()),
            ("last-updated-datetime", a.last_updated.as_deref()),
        ],
    );
    out.leaf("iati-identifier", &[], &a.identifier);
    organisation(out, "reporting-org", &[], &a.reporting_org);
    text(out, "title", &[], &a.title);
    for d in &a.descriptions {
        text(out, "description", &[("type", non_empty(&d.kind))], &d.text);
    }
    for p in &a.participating_orgs {
        organisation(out, "participating-org", &[("role", Some(p.role.as_str()))], &p.organisation);
    }
    out.empty("activity-status", &[("code", Some(a.status.as_str()))]);
    for d in &a.dates {
        out.empty("activity-date", &[("type", Some(d.kind.as_str())), ("iso-date", Some(d.iso_date.as_str()))]);
    }
    for c in &a.recipient_countries {
        out.empty("recipient-country", &[("code", Some(c.code.as_str())), ("percentage", c.percentage.as_deref())]);
    }
    for s in &a.sectors {
        out.empty(
            "sector",
            &[
                ("vocabulary", s.vocabulary.as_deref()),
                ("code", Some(s.code.as_str())),
                ("percentage", s.percentage.as_deref()),
            ],
        );
    }
    for b in &a.budgets {
        budget(out, b);
    }
    for t in &a.transactions {
        transaction(out, t);
    }
    for r in &a.results {
        result(out, r);
    }
    out.close("iati-activity");
}

fn budget(out: &mut Out, b: &Budget) {
    out.open("budget", &[("type", non_empty(&b.kind)), ("status", non_empty(&b.status))]);
    out.empty("period-start", &[("iso-date", Some(b.period_start.as_str()))]);
    out.empty("period-end", &[("iso-date", Some(b.period_end.as_str()))]);
    value(out, &b.value);
    out.close("budget");
}

fn transaction(out: &mut Out, t: &Transaction) {
    out.open("transaction", &[]);
    out.empty("transaction-type", &[("code", Some(t.kind.as_str()))]);
    out.empty("transaction-date", &[("iso-date", Some(t.date.as_str()))]);
    value(out, &t.value);
    optional_text(out, "description", &t.description);
    if let Some(org) = &t.provider {
        organisation(out, "provider-org", &[], org);
    }
    if let Some(org) = &t.receiver {
        organisation(out, "receiver-org", &[], org);
    }
    out.close("transaction");
}

fn value(out: &mut Out, v: &Value) {
    out.leaf("value", &[("currency", v.currency.as_deref()), ("value-date", Some(v.value_date.as_str()))], &v.amount);
}

fn result(out: &mut Out, r: &ResultEntry) {
    out.open("result", &[("type", Some(r.kind.as_str())), ("aggregation-status", r.aggregation_status.map(boolean))]);
    text(out, "title", &[], &r.title);
    optional_text(out, "description", &r.description);
    for i in &r.indicators {
        indicator(out, i);
    }
    out.close("result");
}

fn indicator(out: &mut Out, i: &Indicator) {
    out.open(
        "indicator",
        &[
            ("measure", Some(i.measure.as_str())),
            ("ascending", i.ascending.map(boolean)),
            ("aggregation-status", i.aggregation_status.map(boolean)),
        ],
    );
    text(out, "title", &[], &i.title);
    optional_text(out, "description", &i.description);
    for r in &i.references {
        out.empty(
            "reference",
            &[
                ("vocabulary", Some(r.vocabulary.as_str())),
                ("code", Some(r.code.as_str())),
                ("indicator-uri", r.indicator_uri.as_deref()),
            ],
        );
    }
    for b in &i.baselines {
        baseline(out, b);
    }
    for p in &i.periods {
        period(out, p);
    }
    out.close("indicator");
}

fn baseline(out: &mut Out, b: &Baseline) {
    let attrs = [("year", Some(b.year.as_str())), ("iso-date", b.iso_date.as_deref()), ("value", b.value.as_deref())];
    if b.comment.is_empty() {
        out.empty("baseline", &attrs);
    } else {
        out.open("baseline", &attrs);
        text(out, "comment", &[], &b.comment);
        out.close("baseline");
    }
}

fn period(out: &mut Out, p: &Period) {
    out.open("period", &[]);
    out.empty("period-start", &[("iso-date", Some(p.start.as_str()))]);
    out.empty("period-end", &[("iso-date", Some(p.end.as_str()))]);
    for t in &p.targets {
        period_value(out, "target", t);
    }
    for a in &p.actuals {
        period_value(out, "actual", a);
    }
    out.close("period");
}

fn period_value(out: &mut Out, name: &str, v: &PeriodValue) {
    let attrs = [("value", v.value.as_deref())];
    if v.comment.is_empty() {
        out.empty(name, &attrs);
    } else {
        out.open(name, &attrs);
        text(out, "comment", &[], &v.comment);
        out.close(name);
    }
}

/// An organisation element: `ref` and `type` attributes (after `leading`) and
/// its name narratives.
fn organisation(out: &mut Out, name: &str, leading: &[Attr<'_>], org: &Organisation) {
    let mut attrs = leading.to_vec();
    attrs.push(("ref", org.reference.as_deref()));
    attrs.push(("type", org.kind.as_deref()));
    text(out, name, &attrs, &org.name);
}

/// An element holding narratives; written empty when there are none (the
/// schema decides whether that is valid, [`crate::check()`] reports it).
fn text(out: &mut Out, name: &str, attrs: &[Attr<'_>], narratives: &[Narrative]) {
    if narratives.is_empty() {
        out.empty(name, attrs);
        return;
    }
    out.open(name, attrs);
    for n in narratives {
        out.leaf("narrative", &[("xml:lang", n.lang.as_deref())], &n.text);
    }
    out.close(name);
}

/// A text element the schema lets out: written only when it has narratives,
/// because an empty one would be invalid.
fn optional_text(out: &mut Out, name: &str, narratives: &[Narrative]) {
    if !narratives.is_empty() {
        text(out, name, &[], narratives);
    }
}

fn non_empty(s: &str) -> Option<&str> {
    Some(s).filter(|s| !s.is_empty())
}

fn boolean(b: bool) -> &'static str {
    if b { "1" } else { "0" }
}

/// An attribute; `None` leaves it out.
type Attr<'a> = (&'a str, Option<&'a str>);

/// The text being written and the current nesting depth.
#[derive(Default)]
struct Out {
    buf: String,
    depth: usize,
}

impl Out {
    fn start_tag(&mut self, name: &str, attrs: &[Attr<'_>]) {
        for _ in 0..self.depth {
            self.buf.push_str("  ");
        }
        self.buf.push('<');
        self.buf.push_str(name);
        for (key, value) in attrs {
            if let Some(value) = value {
                self.buf.push(' ');
                self.buf.push_str(key);
                self.buf.push_str("=\"");
                escape_into(&mut self.buf, value, true);
                self.buf.push('"');
            }
        }
    }

    fn open(&mut self, name: &str, attrs: &[Attr<'_>]) {
        self.start_tag(name, attrs);
        self.buf.push_str(">\n");
        self.depth += 1;
    }

    fn close(&mut self, name: &str) {
        self.depth = self.depth.saturating_sub(1);
        for _ in 0..self.depth {
            self.buf.push_str("  ");
        }
        self.buf.push_str("</");
        self.buf.push_str(name);
        self.buf.push_str(">\n");
    }

    fn empty(&mut self, name: &str, attrs: &[Attr<'_>]) {
        self.start_tag(name, attrs);
        self.buf.push_str("/>\n");
    }

    /// An element with text content, on one line: no indentation is added
    /// inside it, since that would change the text.
    fn leaf(&mut self, name: &str, attrs: &[Attr<'_>], content: &str) {
        self.start_tag(name, attrs);
        self.buf.push('>');
        escape_into(&mut self.buf, content, false);
        self.buf.push_str("</");
        self.buf.push_str(name);
        self.buf.push_str(">\n");
    }
}

/// Escapes `s` for element content or (with `attribute`) a double-quoted
/// attribute value. Whitespace other than the space is written as character
/// references where a parser would otherwise change it: an attribute's tab and
/// newline become spaces, and a carriage return anywhere becomes a newline.
fn escape_into(out: &mut String, s: &str, attribute: bool) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            '\t' if attribute => out.push_str("&#9;"),
            '\n' if attribute => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c if is_xml_char(c) => out.push(c),
            // Not representable in XML 1.0, not even as a reference.
            _ => {}
        }
    }
}

/// Whether XML 1.0 can carry `c` (its production `Char`).
pub(crate) fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_text_and_attributes() {
        let mut s = String::new();
        escape_into(&mut s, "a<b & \"c\" 'd'\n\u{1}", false);
        assert_eq!(s, "a&lt;b &amp; \"c\" 'd'\n");
        let mut s = String::new();
        escape_into(&mut s, "a\"b\tc\nd\re", true);
        assert_eq!(s, "a&quot;b&#9;c&#10;d&#13;e");
    }
}
