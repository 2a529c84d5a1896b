//! Charts for the strategy pages, drawn on the server as SVG: they need no
//! script, print, and read the same for everyone. Series differ by dash pattern
//! and marker shape as well as colour, and every marker carries its value in a
//! `<title>`. The markup goes into templates unescaped, so every text the
//! caller passes in is escaped here.

/// One position on the x axis (index into `x_labels`) and its value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    pub x: usize,
    pub y: f64,
}

/// The words a chart shows, already in the user's language.
pub struct LineTexts<'a> {
    /// The indicator's name; the chart's accessible name.
    pub title: &'a str,
    /// One sentence for screen readers, who do not see the lines.
    pub description: &'a str,
    pub baseline: &'a str,
    pub target: &'a str,
    pub actual: &'a str,
    pub pending: &'a str,
    /// Written at each break line, so a method change is not read as an effect.
    pub series_break: &'a str,
}

pub struct LineChart<'a> {
    /// The id the caller gives the <svg> (unique on the page); <title> gets `{id}-title`, <desc> `{id}-desc`,
    /// and the <svg> has role="img" aria-labelledby="{id}-title {id}-desc".
    pub id: &'a str,
    /// Labels of the x positions in order (periods, e.g. "2023", "2024 K1"), already formatted.
    pub x_labels: &'a [String],
    pub baseline: Option<Point>,
    /// Approved targets in x order: drawn as a dashed target path from the baseline through each target.
    pub targets: &'a [Point],
    /// Approved measurements in x order: a solid line with filled round markers.
    pub actuals: &'a [Point],
    /// Submitted, not yet approved: hollow square markers, no line.
    pub pending: &'a [Point],
    /// x positions where a series break happened (a methodology change): a vertical dotted line
    /// just before that position, labelled with `texts.series_break`; the actual line is NOT joined across a break
    /// (an evaluator must not read a method change as an effect).
    pub breaks: &'a [usize],
    /// For an ordinal indicator: the names of the scale levels 0..n-1 (the y axis shows the names and runs 0..n-1);
    /// None for a numeric axis (nice rounded ticks covering all values, baseline and targets; starts at 0 when all
    /// values are >= 0).
    pub scale: Option<&'a [String]>,
    /// Unit shown after the y tick values ("%", "landen"); empty for none.
    pub unit: &'a str,
    /// Formats a number for the user's language (the caller passes a formatter with a decimal comma in Dutch).
    pub format: &'a dyn Fn(f64) -> String,
    pub texts: LineTexts<'a>,
}

/// One bar of a progress overview (an objective's indicators).
pub struct Bar<'a> {
    pub label: &'a str,
    /// Share of the way from baseline to target, 0.0..=1.0; None when there is no number to show
    /// (no measurement yet, or a qualitative indicator) — then no bar is drawn, only `note`.
    pub share: Option<f64>,
    pub off_track: bool,
    /// Text after the bar, already formatted ("62 %", "2 van 4 stappen", "kwalitatief: 3 van 5", "nog geen meting").
    pub note: &'a str,
    /// Optional link (href) for the label, e.g. "/strategy/indicators/7".
    pub href: Option<&'a str>,
}

/// The words of a progress overview; `off_track` is written next to a lagging bar so colour is not the only cue.
pub struct BarTexts<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub description: &'a str,
    pub off_track: &'a str,
}

const WIDTH: f64 = 640.0;
/// A generous average advance of a 12px sans-serif glyph: estimates that err wide keep texts apart.
const CHAR_W: f64 = 7.0;
const INK: &str = "#1a1a1a";
const BAR: &str = "#1f4e99";

/// How a series looks, in the plot and in the legend alike: the dash pattern and the marker shape tell the
/// series apart in black and white, the colour only helps.
struct Style {
    class: &'static str,
    stroke: &'static str,
    fill: &'static str,
    /// The attributes of its line; None for markers only.
    line: Option<&'static str>,
    shape: Shape,
}

const BASELINE: Style = Style {
    class: "chart-baseline",
    stroke: "#4d4d4d",
    fill: "#4d4d4d",
    line: Some(r#"stroke-width="1.5" stroke-dasharray="8 3 2 3""#),
    shape: Shape::Diamond,
};
const TARGET: Style = Style {
    class: "chart-target",
    stroke: "#8a4b00",
    fill: "#fff",
    line: Some(r#"stroke-width="2" stroke-dasharray="6 4""#),
    shape: Shape::Triangle,
};
const ACTUAL: Style =
    Style { class: "chart-actual", stroke: BAR, fill: BAR, line: Some(r#"stroke-width="2.5""#), shape: Shape::Circle };
const PENDING: Style =
    Style { class: "chart-pending", stroke: "#6b2a86", fill: "#fff", line: None, shape: Shape::Square };

#[derive(Clone, Copy)]
enum Shape {
    Diamond,
    Triangle,
    Circle,
    Square,
}

macro_rules! put {
    ($out:expr, $($arg:tt)*) => { $out.push_str(&format!($($arg)*)) };
}

/// The text with XML's special characters replaced, safe in element content and in quoted attributes.
fn escape(text: &str) -> String {
    let text = text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    text.replace('"', "&quot;").replace('\'', "&#39;")
}

/// A coordinate with at most one decimal and never "-0", so the output is stable across platforms.
fn num(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    let r = if r == 0.0 || !r.is_finite() { 0.0 } else { r };
    if r.fract() == 0.0 { format!("{r:.0}") } else { format!("{r:.1}") }
}

/// At most `max` characters, the cut marked with "…"; true when cut.
fn truncate(text: &str, max: usize) -> (String, bool) {
    if text.chars().count() <= max {
        return (text.to_string(), false);
    }
    let mut cut: String = text.chars().take(max.saturating_sub(1)).collect();
    cut.push('…');
    (cut, true)
}

/// A `<text>` of at most `max` characters; a cut text keeps its whole in a `<title>` (tooltip and screen reader).
fn text(out: &mut String, x: f64, y: f64, attrs: &str, full: &str, max: usize) {
    let (shown, cut) = truncate(full, max);
    let title = if cut { format!("<title>{}</title>", escape(full)) } else { String::new() };
    put!(out, r#"<text x="{}" y="{}" {attrs}>{title}{}</text>"#, num(x), num(y), escape(&shown));
}

fn open_svg(out: &mut String, id: &str, height: f64, role: &str, title: &str, desc: &str) {
    let (id, h) = (escape(id), num(height));
    put!(
        out,
        r##"<svg xmlns="http://www.w3.org/2000/svg" id="{id}" class="chart" viewBox="0 0 640 {h}" width="100%" preserveAspectRatio="xMinYMin meet" role="{role}" aria-labelledby="{id}-title {id}-desc" font-family="system-ui, sans-serif" font-size="12" fill="{INK}"><title id="{id}-title">{}</title><desc id="{id}-desc">{}</desc><rect width="640" height="{h}" fill="#fff"/>"##,
        escape(title),
        escape(desc),
    );
}

fn marker(out: &mut String, shape: Shape, (x, y): (f64, f64), title: Option<&str>) {
    let (x0, y0, l, r, t, b) = (num(x), num(y), num(x - 6.0), num(x + 6.0), num(y - 6.0), num(y + 6.0));
    let (tag, attrs) = match shape {
        Shape::Circle => ("circle", format!(r#"cx="{x0}" cy="{y0}" r="4.5""#)),
        Shape::Square => {
            ("rect", format!(r#"x="{}" y="{}" width="9" height="9" stroke-width="2""#, num(x - 4.5), num(y - 4.5)))
        }
        Shape::Diamond => ("path", format!(r#"d="M{x0} {t} L{r} {y0} L{x0} {b} L{l} {y0} Z""#)),
        Shape::Triangle => {
            ("path", format!(r#"d="M{x0} {t} L{r} {} L{l} {} Z" stroke-width="2""#, num(y + 5.0), num(y + 5.0)))
        }
    };
    match title {
        Some(title) => put!(out, "<{tag} {attrs}><title>{}</title></{tag}>", escape(title)),
        None => put!(out, "<{tag} {attrs}/>"),
    }
}

fn polyline(out: &mut String, points: &[(f64, f64)], attrs: &str) {
    let pts: Vec<String> = points.iter().map(|(x, y)| format!("{},{}", num(*x), num(*y))).collect();
    put!(out, r#"<polyline points="{}" fill="none" {attrs}/>"#, pts.join(" "));
}

/// One series: its lines (those of two points or more) under its markers, each marker titled.
fn series(out: &mut String, style: &Style, lines: &[Vec<(f64, f64)>], marks: &[((f64, f64), String)]) {
    put!(out, r#"<g class="{}" stroke="{}" fill="{}">"#, style.class, style.stroke, style.fill);
    for line in lines.iter().filter(|l| l.len() > 1) {
        polyline(out, line, style.line.unwrap_or_default());
    }
    for (at, title) in marks {
        marker(out, style.shape, *at, Some(title));
    }
    out.push_str("</g>");
}

/// Rounded tick values covering lo..=hi (5 or so steps of 1, 2, 2.5 or 5 times a power of ten).
fn nice_ticks(lo: f64, hi: f64) -> Vec<f64> {
    let raw = (hi - lo) / 5.0;
    if !raw.is_finite() || raw <= 0.0 {
        return vec![lo, hi];
    }
    let mag = 10f64.powf(raw.log10().floor());
    let step = mag * [1.0, 2.0, 2.5, 5.0, 10.0].into_iter().find(|s| raw / mag <= *s).unwrap_or(10.0);
    let (a, b) = ((lo / step).floor() * step, (hi / step).ceil() * step);
    let count = ((b - a) / step).round() as usize;
    // Rounded to the step's decimals, so 0.1 + 0.2 shows as 0.3.
    let scale = 10f64.powi((1.0 - step.log10().floor()).clamp(0.0, 12.0) as i32);
    (0..=count.min(20)).map(|k| ((a + k as f64 * step) * scale).round() / scale).collect()
}

/// The line chart of one indicator.
pub fn line_chart(c: &LineChart) -> String {
    let (mut out, n, scale) = (String::new(), c.x_labels.len(), c.scale);
    open_svg(&mut out, c.id, if n == 0 { 40.0 } else { 300.0 }, "img", c.texts.title, c.texts.description);
    if n == 0 {
        out.push_str("</svg>");
        return out;
    }
    // Points off the axis or not numbers are dropped; ordinal values land on the scale.
    let keep = |p: &Point| match scale {
        _ if p.x >= n || !p.y.is_finite() => None,
        Some([]) => None,
        Some(levels) => Some(Point { x: p.x, y: p.y.clamp(0.0, (levels.len() - 1) as f64) }),
        None => Some(*p),
    };
    let sorted = |ps: &[Point]| {
        let mut v: Vec<Point> = ps.iter().filter_map(keep).collect();
        v.sort_by_key(|p| p.x);
        v
    };
    let baseline = c.baseline.as_ref().and_then(keep);
    let (targets, actuals, pending) = (sorted(c.targets), sorted(c.actuals), sorted(c.pending));
    let suffix = if c.unit.is_empty() { String::new() } else { format!(" {}", c.unit) };
    let value_text = |v: f64| match scale {
        Some(levels) => levels.get(v.round() as usize).cloned().unwrap_or_default(),
        None => format!("{}{suffix}", (c.format)(v)),
    };

    let (lo, hi, ticks): (f64, f64, Vec<(f64, String)>) = match scale {
        Some(levels) => {
            let hi = (levels.len().max(2) - 1) as f64;
            (0.0, hi, levels.iter().enumerate().map(|(i, name)| (i as f64, name.clone())).collect())
        }
        None => {
            let values: Vec<f64> =
                baseline.iter().chain(&targets).chain(&actuals).chain(&pending).map(|p| p.y).collect();
            let (mut lo, mut hi) = match values.is_empty() {
                true => (0.0, 1.0),
                false => (
                    values.iter().copied().fold(f64::INFINITY, f64::min),
                    values.iter().copied().fold(f64::NEG_INFINITY, f64::max),
                ),
            };
            if lo >= 0.0 {
                lo = 0.0;
            }
            if hi <= lo {
                hi = lo + 1.0;
            }
            let ticks = nice_ticks(lo, hi);
            let (lo, hi) = (ticks.first().map_or(lo, |t| t.min(lo)), ticks.last().map_or(hi, |t| t.max(hi)));
            (lo, hi, ticks.into_iter().map(|t| (t, value_text(t))).collect())
        }
    };
    let widest = ticks.iter().map(|(_, l)| l.chars().count()).max().unwrap_or(0) as f64;
    let left = (widest * CHAR_W + 14.0).clamp(40.0, 200.0);
    let (right, top, bottom) = (WIDTH - 16.0, 34.0, 220.0);
    let band = (right - left) / n as f64;
    let xf = |i: usize| left + (i as f64 + 0.5) * band;
    let yf = |v: f64| bottom - (v - lo) / (hi - lo) * (bottom - top);
    let xy = |p: &Point| (xf(p.x), yf(p.y));

    out.push_str(r##"<g class="chart-grid" stroke="#d9d9d9">"##);
    for (v, _) in &ticks {
        put!(out, r#"<line x1="{}" y1="{y}" x2="{}" y2="{y}"/>"#, num(left), num(right), y = num(yf(*v)));
    }
    let (l, t, b, r) = (num(left), num(top), num(bottom), num(right));
    put!(out, r#"</g><g class="chart-axis" stroke="{INK}"><line x1="{l}" y1="{t}" x2="{l}" y2="{b}"/>"#);
    put!(out, r#"<line x1="{l}" y1="{b}" x2="{r}" y2="{b}"/>"#);
    for (v, label) in &ticks {
        let attrs = r#"dy="0.35em" text-anchor="end" stroke="none""#;
        text(&mut out, left - 6.0, yf(*v), attrs, label, ((left - 14.0) / CHAR_W) as usize);
    }
    // Every label when they fit, else every second, third…
    let widest_x = c.x_labels.iter().map(|l| l.chars().count()).max().unwrap_or(0) as f64;
    let every = ((widest_x * CHAR_W + 8.0) / band).ceil().max(1.0) as usize;
    for (i, label) in c.x_labels.iter().enumerate().filter(|(i, _)| i % every == 0) {
        let max = ((band * every as f64 / CHAR_W) as usize).max(3);
        text(&mut out, xf(i), 238.0, r#"text-anchor="middle" stroke="none""#, label, max);
    }
    out.push_str("</g>");

    let mut breaks: Vec<usize> = c.breaks.iter().copied().filter(|b| *b > 0 && *b < n).collect();
    breaks.sort_unstable();
    breaks.dedup();
    if !breaks.is_empty() {
        put!(out, r#"<g class="chart-break" stroke="{INK}" stroke-dasharray="2 3">"#);
        let width = c.texts.series_break.chars().count() as f64 * CHAR_W;
        // Labels of breaks close together go on a second row.
        let mut row_end = [f64::NEG_INFINITY; 2];
        for b in &breaks {
            let x = left + *b as f64 * band;
            put!(out, r#"<line x1="{x}" y1="{}" x2="{x}" y2="{}"/>"#, num(top - 4.0), num(bottom), x = num(x));
            let flip = x + 3.0 + width > WIDTH - 4.0;
            let start = if flip { x - 3.0 - width } else { x + 3.0 };
            let row = usize::from(start < row_end[0] && start >= row_end[1]);
            row_end[row] = start + width + 6.0;
            let attrs = format!(r#"text-anchor="{}" stroke="none""#, if flip { "end" } else { "start" });
            text(
                &mut out,
                if flip { x - 3.0 } else { x + 3.0 },
                14.0 + 14.0 * row as f64,
                &attrs,
                c.texts.series_break,
                40,
            );
        }
        out.push_str("</g>");
    }

    let marks = |name: &str, ps: &[Point]| -> Vec<((f64, f64), String)> {
        ps.iter().map(|p| (xy(p), format!("{name}, {}: {}", c.x_labels[p.x], value_text(p.y)))).collect()
    };
    if let Some(b) = &baseline {
        let (x, y) = xy(b);
        series(&mut out, &BASELINE, &[vec![(x, y), (right, y)]], &marks(c.texts.baseline, &[*b]));
    }
    if !targets.is_empty() {
        let path = baseline.iter().chain(&targets).map(xy).collect();
        series(&mut out, &TARGET, &[path], &marks(c.texts.target, &targets));
    }
    if !actuals.is_empty() {
        // A new segment starts where a break lies between two measurements: the line is not joined across it.
        let mut segments: Vec<Vec<(f64, f64)>> = Vec::new();
        for (i, a) in actuals.iter().enumerate() {
            if i == 0 || breaks.iter().any(|b| actuals[i - 1].x < *b && *b <= a.x) {
                segments.push(Vec::new());
            }
            segments.last_mut().into_iter().for_each(|s| s.push(xy(a)));
        }
        series(&mut out, &ACTUAL, &segments, &marks(c.texts.actual, &actuals));
    }
    if !pending.is_empty() {
        series(&mut out, &PENDING, &[], &marks(c.texts.pending, &pending));
    }

    // The legend: the series present only, flowing onto a second row.
    let legend = [
        (baseline.is_some(), &BASELINE, c.texts.baseline),
        (!targets.is_empty(), &TARGET, c.texts.target),
        (!actuals.is_empty(), &ACTUAL, c.texts.actual),
        (!pending.is_empty(), &PENDING, c.texts.pending),
    ];
    if legend.iter().any(|(present, _, _)| *present) {
        out.push_str(r#"<g class="chart-legend">"#);
        let (mut x, mut y) = (8.0, 262.0);
        for (_, style, name) in legend.into_iter().filter(|(present, _, _)| *present) {
            let w = 52.0 + name.chars().count().min(36) as f64 * CHAR_W;
            if x + w > WIDTH - 8.0 && x > 8.0 {
                (x, y) = (8.0, y + 22.0);
            }
            let fill = if matches!(style.shape, Shape::Circle | Shape::Diamond) { style.stroke } else { "#fff" };
            put!(out, r#"<g class="chart-legend-item {}" stroke="{}" fill="{fill}">"#, style.class, style.stroke);
            if let Some(line) = style.line {
                polyline(&mut out, &[(x, y), (x + 28.0, y)], line);
            }
            marker(&mut out, style.shape, (x + 14.0, y), None);
            text(&mut out, x + 34.0, y, &format!(r#"dy="0.35em" fill="{INK}" stroke="none""#), name, 36);
            out.push_str("</g>");
            x += w;
        }
        out.push_str("</g>");
    }
    out.push_str("</svg>");
    out
}

/// Only links within the site or to the web: a `javascript:` href would run in the page.
fn safe_href(href: &str) -> bool {
    let h = href.trim().to_ascii_lowercase();
    (h.starts_with('/') && !h.starts_with("//")) || ["#", "https://", "http://"].iter().any(|p| h.starts_with(p))
}

/// Horizontal bars, one per indicator.
///
/// The <svg> is a named group rather than an image: an image's children are hidden from assistive
/// technology, while these rows carry words and links (axe-core's nested-interactive rule refuses links inside
/// role="img").
pub fn progress_bars(bars: &[Bar], texts: &BarTexts) -> String {
    const ROW: f64 = 28.0;
    const TRACK_W: f64 = 220.0;
    let mut out = String::new();
    open_svg(&mut out, texts.id, ROW * bars.len() as f64 + 16.0, "group", texts.title, texts.description);
    let hatch = format!("{}-hatch", escape(texts.id));
    if bars.iter().any(|b| b.off_track) {
        put!(
            out,
            r##"<defs><pattern id="{hatch}" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#b3261e"/><line x1="0" y1="0" x2="0" y2="6" stroke="#fff" stroke-width="2"/></pattern></defs>"##
        );
    }
    for (i, bar) in bars.iter().enumerate() {
        let cy = 8.0 + i as f64 * ROW + ROW / 2.0;
        out.push_str(r#"<g class="bar-row">"#);
        match bar.href.filter(|h| safe_href(h)) {
            Some(href) => {
                put!(out, r#"<a href="{}">"#, escape(href));
                let attrs = r##"class="bar-label" dy="0.35em" fill="#0b4f9c" text-decoration="underline""##;
                text(&mut out, 8.0, cy, attrs, bar.label, 23);
                out.push_str("</a>");
            }
            None => text(&mut out, 8.0, cy, r#"class="bar-label" dy="0.35em""#, bar.label, 23),
        }
        if let Some(share) = bar.share.filter(|s| !s.is_nan()) {
            let (y, w) = (num(cy - 8.0), share.clamp(0.0, 1.0) * TRACK_W);
            put!(
                out,
                r##"<rect class="bar-track" x="180" y="{y}" width="{TRACK_W}" height="16" fill="#f2f2f2" stroke="#767676"/>"##
            );
            let (class, paint) = match bar.off_track {
                true => ("bar bar-off-track", format!(r#"fill="url(#{hatch})" stroke="{INK}" stroke-width="2""#)),
                false => ("bar", format!(r#"fill="{BAR}""#)),
            };
            if w > 0.0 {
                put!(out, r#"<rect class="{class}" x="180" y="{y}" width="{}" height="16" {paint}/>"#, num(w));
            }
        }
        let (note, attrs) = match bar.off_track {
            true => {
                (format!("{} · {}", bar.note, texts.off_track), r#"class="bar-note" dy="0.35em" font-weight="bold""#)
            }
            false => (bar.note.to_string(), r#"class="bar-note" dy="0.35em""#),
        };
        text(&mut out, 408.0, cy, attrs, &note, 32);
        out.push_str("</g>");
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const fn p(x: usize, y: f64) -> Point {
        Point { x, y }
    }

    fn fmt(v: f64) -> String {
        format!("{v}")
    }

    /// A chart over `n` years, 2020 onwards, as `edit` leaves it (series data must be 'static: `const { &[…] }`).
    fn render(n: usize, edit: impl FnOnce(&mut LineChart)) -> String {
        let x_labels: Vec<String> = (0..n).map(|i| format!("{}", 2020 + i)).collect();
        let texts = LineTexts {
            title: "Landen met een cyberstrategie",
            description: "Van 12 in 2020 naar 30 in 2025.",
            baseline: "Nulmeting",
            target: "Streefwaarde",
            actual: "Gemeten (goedgekeurd)",
            pending: "Ingediend, nog niet goedgekeurd",
            series_break: "Methodebreuk",
        };
        let (targets, actuals, pending, breaks) = (&[], &[], &[], &[]);
        let (baseline, scale, unit, format) = (None, None, "", &fmt);
        let mut c = LineChart {
            id: "ind-7",
            x_labels: &x_labels,
            baseline,
            targets,
            actuals,
            pending,
            breaks,
            scale,
            unit,
            format,
            texts,
        };
        edit(&mut c);
        let svg = line_chart(&c);
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"), "{svg}");
        for (open, close) in [("<g", "</g>"), ("<text", "</text>"), ("<title", "</title>"), ("<a ", "</a>")] {
            assert_eq!(svg.matches(open).count(), svg.matches(close).count(), "{open} in {svg}");
        }
        svg
    }

    /// The markup of the first `<g class="{class}" …>` up to its end (series groups hold no groups).
    fn group<'s>(svg: &'s str, class: &str) -> &'s str {
        let start = svg.find(&format!(r#"<g class="{class}""#)).unwrap_or_else(|| panic!("no {class} in {svg}"));
        &svg[start..start + svg[start..].find("</g>").unwrap()]
    }

    #[test]
    fn escape_replaces_markup_ampersands_and_quotes() {
        let escaped = escape(r#"<script>alert('x' & "y")</script>"#);
        assert_eq!(escaped, "&lt;script&gt;alert(&#39;x&#39; &amp; &quot;y&quot;)&lt;/script&gt;");
    }

    #[test]
    fn every_text_the_caller_passes_is_escaped() {
        let svg = render(1, |c| {
            (c.id, c.texts.title, c.texts.actual) = (r#"x"><script>"#, "<script>alert(1)</script>", "\"Q\" & A");
            c.actuals = const { &[p(0, 1.0)] };
        });
        assert!(!svg.contains("<script>") && !svg.contains(r#"id="x">"#), "{svg}");
        assert!(svg.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && svg.contains("&quot;Q&quot; &amp; A"));
    }

    #[test]
    fn svg_is_an_image_named_by_its_title_and_description() {
        let svg = render(3, |_| {});
        assert!(svg.contains(r#"role="img" aria-labelledby="ind-7-title ind-7-desc""#));
        assert!(svg.contains(r#"<title id="ind-7-title">Landen met een cyberstrategie</title>"#));
        assert!(svg.contains(r#"<desc id="ind-7-desc">Van 12 in 2020 naar 30 in 2025.</desc>"#));
        assert!(svg.contains(r#"viewBox="0 0 640 300""#) && svg.contains(r#"class="chart""#));
    }

    #[test]
    fn actual_line_is_not_joined_across_a_series_break() {
        let actuals = const { &[p(0, 10.0), p(1, 12.0), p(2, 13.0), p(3, 30.0), p(4, 32.0)] };
        let svg = render(5, |c| (c.actuals, c.breaks) = (actuals, &[3]));
        let line = group(&svg, "chart-actual");
        assert_eq!((line.matches("<polyline").count(), line.matches("<circle").count()), (2, 5), "{line}");
        assert!(group(&svg, "chart-break").contains(">Methodebreuk</text>"));
        assert_eq!(group(&render(5, |c| c.actuals = actuals), "chart-actual").matches("<polyline").count(), 1);
    }

    #[test]
    fn pending_point_is_hollow_and_not_on_the_actual_line() {
        let svg = render(3, |c| (c.actuals, c.pending) = (const { &[p(0, 1.0), p(1, 2.0)] }, const { &[p(2, 5.0)] }));
        let pending = group(&svg, "chart-pending");
        assert!(pending.contains(r##"fill="#fff""##) && pending.contains("<rect") && !pending.contains("<polyline"));
        assert!(pending.contains("<title>Ingediend, nog niet goedgekeurd, 2022: 5</title>"));
        let line = group(&svg, "chart-actual");
        let points = line.split("points=\"").nth(1).and_then(|s| s.split('"').next()).unwrap();
        assert_eq!(points.split(' ').count(), 2, "{line}");
    }

    #[test]
    fn ordinal_axis_shows_the_scale_names_and_clamps_values_onto_it() {
        let names = ["Geen", "Beleid in voorbereiding", "Vastgesteld"];
        let scale: &'static [String] = Vec::leak(names.map(String::from).to_vec());
        let svg = render(2, |c| (c.scale, c.actuals) = (Some(scale), const { &[p(0, -3.0), p(1, 9.0)] }));
        assert!(names.iter().all(|name| svg.contains(&format!(">{name}</text>"))), "{svg}");
        assert!(svg.contains("<title>Gemeten (goedgekeurd), 2020: Geen</title>"));
        assert!(svg.contains("<title>Gemeten (goedgekeurd), 2021: Vastgesteld</title>"));
    }

    #[test]
    fn numeric_axis_starts_at_zero_and_the_target_path_leaves_from_the_baseline() {
        let svg = render(3, |c| {
            (c.unit, c.baseline) = ("%", Some(p(0, 40.0)));
            (c.actuals, c.targets) = (const { &[p(0, 40.0), p(1, 47.0)] }, const { &[p(2, 80.0)] });
        });
        assert!(svg.contains(">0 %</text>") && svg.contains(">80 %</text>"), "{svg}");
        let target = group(&svg, "chart-target");
        let first = |g: &str| g.split("points=\"").nth(1).and_then(|s| s.split(' ').next()).map(String::from);
        assert_eq!(first(target), first(group(&svg, "chart-baseline")));
        assert!(
            target.contains(r#"stroke-dasharray="6 4""#) && target.contains("<title>Streefwaarde, 2022: 80 %</title>")
        );
        assert_eq!(target.matches("<polyline").count(), 1);
    }

    #[test]
    fn legend_lists_only_the_series_present() {
        let legend = render(2, |c| c.actuals = const { &[p(0, 1.0), p(1, 2.0)] });
        let legend = group(&legend, "chart-legend");
        assert!(legend.contains("Gemeten (goedgekeurd)"));
        assert!(["Nulmeting", "Streefwaarde", "Ingediend"].iter().all(|absent| !legend.contains(absent)), "{legend}");
        let empty = render(2, |_| {});
        assert!(!empty.contains("chart-legend") && empty.contains("chart-axis"), "{empty}");
    }

    #[test]
    fn nan_infinite_and_off_axis_points_are_skipped() {
        let svg = render(3, |c| {
            c.actuals = const { &[p(0, f64::NAN), p(1, 4.0), p(2, f64::INFINITY), p(7, 1.0)] };
            c.baseline = Some(p(0, f64::NEG_INFINITY));
        });
        assert_eq!(group(&svg, "chart-actual").matches("<circle").count(), 1);
        assert!(!svg.contains("NaN") && !svg.contains("inf") && !svg.contains("chart-baseline"), "{svg}");
    }

    #[test]
    fn equal_values_a_single_label_and_no_labels_do_not_panic() {
        let one = render(1, |c| {
            (c.actuals, c.targets, c.breaks) = (const { &[p(0, 5.0)] }, const { &[p(0, 5.0)] }, &[0, 1, 9])
        });
        assert!(!one.contains("NaN") && !one.contains("chart-break"), "{one}");
        render(1, |c| c.actuals = const { &[p(0, -2.0), p(0, -2.0)] });
        render(2, |c| c.actuals = const { &[p(0, 0.0), p(1, 0.0)] });
        render(2, |c| (c.actuals, c.scale) = (const { &[p(0, 1.0)] }, Some(&[][..])));
        let empty = render(0, |c| c.actuals = const { &[p(0, 1.0)] });
        assert!(
            empty.contains(r#"viewBox="0 0 640 40""#) && empty.contains("ind-7-title") && !empty.contains("circle")
        );
    }

    #[test]
    fn output_is_deterministic_with_short_coordinates() {
        let thirds = |c: &mut LineChart| c.actuals = const { &[p(0, 1.0 / 3.0), p(3, 2.0 / 3.0), p(6, 0.123456)] };
        assert_eq!(render(7, thirds), render(7, thirds));
        assert_eq!([num(1.25), num(-0.04), num(3.0), num(f64::NAN)], ["1.3", "0", "3", "0"]);
        assert_eq!(nice_ticks(0.0, 0.7), [0.0, 0.2, 0.4, 0.6, 0.8]);
    }

    const BAR_TEXTS: BarTexts =
        BarTexts { id: "obj-3", title: "Voortgang", description: "Twee.", off_track: "Loopt achter" };

    fn bars(bars: &[Bar]) -> String {
        let svg = progress_bars(bars, &BAR_TEXTS);
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"), "{svg}");
        assert_eq!(svg.matches("<g").count(), svg.matches("</g>").count(), "{svg}");
        assert_eq!(svg.matches("<a ").count(), svg.matches("</a>").count(), "{svg}");
        svg
    }

    fn bar<'a>(label: &'a str, share: Option<f64>, note: &'a str) -> Bar<'a> {
        Bar { label, share, off_track: false, note, href: None }
    }

    #[test]
    fn bar_shares_are_clamped_to_the_track() {
        let svg = bars(&[bar("A", Some(1.7), "170 %"), bar("B", Some(-0.5), "-50 %")]);
        assert!(svg.contains(r#"class="bar" x="180" y="14" width="220""#), "{svg}");
        assert_eq!(svg.matches(r#"class="bar""#).count(), 1);
        assert!(
            svg.contains(r#"viewBox="0 0 640 72""#)
                && svg.contains(r#"role="group" aria-labelledby="obj-3-title obj-3-desc""#)
        );
    }

    #[test]
    fn a_bar_without_a_share_shows_only_its_note() {
        let svg = bars(&[bar("Kwalitatief", None, "nog geen meting"), bar("NaN", Some(f64::NAN), "?")]);
        assert!(svg.contains(">nog geen meting</text>") && !svg.contains("<rect class"), "{svg}");
    }

    #[test]
    fn an_off_track_bar_says_so_in_words_and_pattern() {
        let svg = bars(&[Bar { off_track: true, ..bar("C", Some(0.3), "30 %") }]);
        assert!(svg.contains(r#"class="bar bar-off-track""#) && svg.contains(r#"fill="url(#obj-3-hatch)""#));
        assert!(svg.contains(r#"<pattern id="obj-3-hatch""#) && svg.contains(">30 % · Loopt achter</text>"));
    }

    #[test]
    fn long_labels_are_cut_and_links_escaped() {
        let long = "Aantal landen dat de VN-normen voor verantwoord statelijk gedrag onderschrijft";
        let svg = bars(&[
            Bar { href: Some("/strategy/indicators/7?a=1&b=\"2\""), ..bar(long, Some(0.5), "50 %") },
            Bar { href: Some("javascript:alert(1)"), ..bar("X", None, "-") },
        ]);
        assert!(svg.contains(r#"<a href="/strategy/indicators/7?a=1&amp;b=&quot;2&quot;">"#), "{svg}");
        assert!(svg.contains(&format!("<title>{long}</title>Aantal landen dat de V…</text>")), "{svg}");
        assert!(!svg.contains("javascript") && svg.matches("<a ").count() == 1);
        bars(&[]);
    }
}
