//! Money per year for the capacity-building portfolio as a grouped bar chart (budget, committed,
//! disbursed side by side), drawn on the server as SVG like [`crate::chart`]: it needs no script,
//! prints, and every bar carries its value in a `<title>`. The series differ by fill pattern as well
//! as colour, so the chart reads in black and white. The markup goes into templates unescaped, so
//! every text the caller passes in is escaped here.

pub struct YearBars<'a> {
    /// The id of the <svg> (unique on the page); <title> gets `{id}-title`, <desc> `{id}-desc`, and the
    /// fill patterns `{id}-hatch` and `{id}-dots`, so two charts on one page do not share them.
    pub id: &'a str,
    /// Years in order, already formatted (e.g. "2025").
    pub years: &'a [String],
    /// One series per kind, each with one value per year (same length as `years`), in the currency's
    /// units (euros, not cents). A value that is missing or not a number gets no bar. At most three
    /// series are drawn: beyond that the patterns would no longer tell them apart.
    pub series: &'a [Series<'a>],
    /// Formats an amount for the user's language and currency (e.g. "€ 250.000" in Dutch); used for
    /// ticks and bar titles.
    pub format: &'a dyn Fn(f64) -> String,
    pub title: &'a str,
    /// One sentence for screen readers.
    pub description: &'a str,
}

pub struct Series<'a> {
    pub label: &'a str,
    pub values: &'a [f64],
}

const WIDTH: f64 = 640.0;
/// A generous average advance of a 12px sans-serif glyph, as in `chart.rs`: estimates that err wide
/// keep texts apart.
const CHAR_W: f64 = 7.0;
const INK: &str = "#1a1a1a";
const TOP: f64 = 16.0;
const BOTTOM: f64 = 220.0;
const RIGHT: f64 = WIDTH - 16.0;
/// Wider bars say nothing more and make a chart of two years look like a poster.
const MAX_BAR_W: f64 = 48.0;

/// How a series looks, in the plot and in the legend alike. Each colour has well over 3:1 contrast
/// against white (WCAG 2.1 1.4.11), and the outline keeps the bar's edge at that contrast even where
/// the pattern is light; the pattern (solid, diagonal hatch, dots) tells the series apart without colour.
struct Look {
    colour: &'static str,
    stroke_width: &'static str,
    /// The id suffix and inner markup of its <pattern>; None for a solid fill.
    pattern: Option<(&'static str, &'static str)>,
}

const LOOKS: [Look; 3] = [
    Look { colour: "#1f4e99", stroke_width: "1", pattern: None },
    Look {
        colour: "#8a4b00",
        stroke_width: "1.5",
        pattern: Some((
            "hatch",
            r##"width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#8a4b00"/><line x1="0" y1="0" x2="0" y2="6" stroke="#fff" stroke-width="2"/>"##,
        )),
    },
    Look {
        colour: "#6b2a86",
        stroke_width: "2",
        pattern: Some((
            "dots",
            r##"width="5" height="5" patternUnits="userSpaceOnUse"><rect width="5" height="5" fill="#fff"/><circle cx="2.5" cy="2.5" r="1.4" fill="#6b2a86"/>"##,
        )),
    },
];

macro_rules! put {
    ($out:expr, $($arg:tt)*) => { $out.push_str(&format!($($arg)*)) };
}

/// The text with XML's special characters replaced, safe in element content and in quoted attributes
/// (`chart.rs` keeps its own private).
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

/// A `<text>` of at most `max` characters; a cut text keeps its whole in a `<title>`.
fn text(out: &mut String, (x, y): (f64, f64), attrs: &str, full: &str, max: usize) {
    let mut shown: String = full.chars().take(max.max(1)).collect();
    let mut title = String::new();
    if shown.len() < full.len() {
        shown = shown.chars().take(max.saturating_sub(1)).collect();
        shown.push('…');
        title = format!("<title>{}</title>", escape(full));
    }
    put!(out, r#"<text x="{}" y="{}" {attrs}>{title}{}</text>"#, num(x), num(y), escape(&shown));
}

/// Rounded tick values covering lo..=hi (5 or so steps of 1, 2, 2.5 or 5 times a power of ten). The
/// step is a whole number of euros, as a formatter without cents would show it (a 2.5 step only from
/// 25 up), so every tick is an exact integer; being multiples of the step, the ticks hold 0 whenever
/// lo <= 0 <= hi.
fn nice_ticks(lo: f64, hi: f64) -> Vec<f64> {
    let raw = (hi - lo) / 5.0;
    if !raw.is_finite() || raw <= 0.0 {
        return vec![lo, hi];
    }
    let mag = 10f64.powf(raw.log10().floor()).max(1.0);
    let fits = |s: &f64| raw / mag <= *s && (mag >= 10.0 || s.fract() == 0.0);
    let step = mag * [1.0, 2.0, 2.5, 5.0, 10.0].into_iter().find(fits).unwrap_or(10.0);
    let (a, b) = ((lo / step).floor(), (hi / step).ceil());
    (0..=((b - a).round() as usize).min(20)).map(|k| (a + k as f64) * step).collect()
}

/// The grouped bar chart; an empty string when there are no years (the caller then says so in words,
/// which reads better than an empty frame).
pub fn year_bars(c: &YearBars) -> String {
    let n = c.years.len();
    if n == 0 {
        return String::new();
    }
    let series = &c.series[..c.series.len().min(LOOKS.len())];
    let value = |s: &Series, i: usize| s.values.get(i).copied().filter(|v| v.is_finite());
    let values: Vec<f64> = series.iter().flat_map(|s| (0..n).filter_map(move |i| value(s, i))).collect();
    // The axis always holds 0, so bars grow from a true zero and a correction below it shows as one.
    let lo = values.iter().copied().fold(0.0_f64, f64::min);
    let hi = values.iter().copied().fold(0.0_f64, f64::max);
    let ticks = nice_ticks(lo, if hi > lo { hi } else { lo + 1.0 });
    let (lo, hi) = (ticks.first().map_or(lo, |t| t.min(lo)), ticks.last().map_or(hi, |t| t.max(hi)));
    let labels: Vec<String> = ticks.iter().map(|t| (c.format)(*t)).collect();
    let widest = labels.iter().map(|l| l.chars().count()).max().unwrap_or(0) as f64;
    let left = (widest * CHAR_W + 14.0).clamp(40.0, 200.0);
    let band = (RIGHT - left) / n as f64;
    let yf = |v: f64| BOTTOM - (v - lo) / (hi - lo) * (BOTTOM - TOP);
    let zero = yf(0.0);

    // The legend is laid out first: its rows decide the height.
    let mut legend = Vec::new();
    let (mut x, mut y) = (8.0, BOTTOM + 44.0);
    for s in series {
        let w = 30.0 + s.label.chars().count().min(36) as f64 * CHAR_W + 18.0;
        if x + w > WIDTH - 8.0 && x > 8.0 {
            (x, y) = (8.0, y + 22.0);
        }
        legend.push((x, y));
        x += w;
    }
    let height = if series.is_empty() { BOTTOM + 30.0 } else { y + 18.0 };

    let (mut out, id, h) = (String::new(), escape(c.id), num(height));
    put!(
        out,
        r##"<svg xmlns="http://www.w3.org/2000/svg" id="{id}" class="chart chart-year-bars" viewBox="0 0 640 {h}" width="100%" preserveAspectRatio="xMinYMin meet" role="img" aria-labelledby="{id}-title {id}-desc" font-family="system-ui, sans-serif" font-size="12" fill="{INK}"><title id="{id}-title">{}</title><desc id="{id}-desc">{}</desc><rect width="640" height="{h}" fill="#fff"/>"##,
        escape(c.title),
        escape(c.description),
    );
    let paint = |look: &Look| match look.pattern {
        Some((suffix, _)) => format!(r#"fill="url(#{id}-{suffix})" stroke="{}""#, look.colour),
        None => format!(r#"fill="{c}" stroke="{c}""#, c = look.colour),
    };
    let patterns: Vec<_> = LOOKS.iter().take(series.len()).filter_map(|l| l.pattern).collect();
    if !patterns.is_empty() {
        out.push_str("<defs>");
        for (suffix, body) in patterns {
            put!(out, r#"<pattern id="{id}-{suffix}" {body}</pattern>"#);
        }
        out.push_str("</defs>");
    }

    out.push_str(r##"<g class="chart-grid" stroke="#d9d9d9">"##);
    for t in &ticks {
        put!(out, r#"<line x1="{}" y1="{y}" x2="{}" y2="{y}"/>"#, num(left), num(RIGHT), y = num(yf(*t)));
    }
    let (l, t, b, r) = (num(left), num(TOP), num(BOTTOM), num(RIGHT));
    put!(out, r#"</g><g class="chart-axis" stroke="{INK}"><line x1="{l}" y1="{t}" x2="{l}" y2="{b}"/>"#);
    put!(out, r#"<line x1="{l}" y1="{b}" x2="{r}" y2="{b}"/>"#);
    for (t, label) in ticks.iter().zip(&labels) {
        let attrs = r#"dy="0.35em" text-anchor="end" stroke="none""#;
        text(&mut out, (left - 6.0, yf(*t)), attrs, label, ((left - 14.0) / CHAR_W) as usize);
    }
    // Every year when they fit, else every second, third…
    let widest_year = c.years.iter().map(|y| y.chars().count()).max().unwrap_or(0) as f64;
    let every = ((widest_year * CHAR_W + 8.0) / band).ceil().max(1.0) as usize;
    let centre = |i: usize| left + (i as f64 + 0.5) * band;
    for (i, year) in c.years.iter().enumerate().filter(|(i, _)| i % every == 0) {
        let max = ((band * every as f64 / CHAR_W) as usize).max(3);
        text(&mut out, (centre(i), BOTTOM + 18.0), r#"text-anchor="middle" stroke="none""#, year, max);
    }
    out.push_str("</g>");

    // The bars of one year stand side by side in 3/4 of its band; the rest separates the years.
    let bar_w = (band * 0.75 / series.len().max(1) as f64).min(MAX_BAR_W);
    let gap = (bar_w * 0.15).min(3.0);
    out.push_str(r#"<g class="chart-bars">"#);
    for (k, (s, look)) in series.iter().zip(&LOOKS).enumerate() {
        put!(out, r#"<g class="chart-series" {} stroke-width="{}">"#, paint(look), look.stroke_width);
        for (i, v) in (0..n).filter_map(|i| value(s, i).map(|v| (i, v))) {
            let x = centre(i) - bar_w * series.len() as f64 / 2.0 + k as f64 * bar_w + gap / 2.0;
            // At least a hairline, so a zero reads differently from a missing value.
            let h = (yf(v) - zero).abs().max(1.0);
            let y = if v < 0.0 { zero } else { zero - h };
            let (x, y, w, h) = (num(x), num(y), num(bar_w - gap), num(h));
            let title = escape(&format!("{}, {}: {}", s.label, c.years[i], (c.format)(v)));
            put!(
                out,
                r#"<rect class="chart-bar" x="{x}" y="{y}" width="{w}" height="{h}"><title>{title}</title></rect>"#
            );
        }
        out.push_str("</g>");
    }
    out.push_str("</g>");
    if lo < 0.0 {
        // Over the bars, so a correction visibly hangs below it.
        let z = num(zero);
        put!(out, r#"<line class="chart-zero" x1="{l}" y1="{z}" x2="{r}" y2="{z}" stroke="{INK}" stroke-width="2"/>"#);
    }

    if !series.is_empty() {
        out.push_str(r#"<g class="chart-legend">"#);
        for ((s, look), (x, y)) in series.iter().zip(&LOOKS).zip(legend) {
            put!(out, r#"<g class="chart-legend-item" {} stroke-width="{}">"#, paint(look), look.stroke_width);
            put!(out, r#"<rect x="{}" y="{}" width="22" height="14"/>"#, num(x), num(y - 7.0));
            text(&mut out, (x + 30.0, y), &format!(r#"dy="0.35em" fill="{INK}" stroke="none""#), s.label, 36);
            out.push_str("</g>");
        }
        out.push_str("</g>");
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn euros(v: f64) -> String {
        format!("€ {v}")
    }

    /// Panics unless `svg` is one well-formed element: tags balanced and nested, attributes quoted and
    /// unique, and every `&` an entity (the web crate has no XML parser, and needs none for this).
    fn well_formed(svg: &str) {
        let entities = ["amp;", "lt;", "gt;", "quot;", "#39;"];
        let entity = |s: &str| {
            let bare = s.match_indices('&').any(|(at, _)| !entities.iter().any(|e| s[at + 1..].starts_with(e)));
            assert!(!bare, "bare & in {s}");
        };
        let (mut stack, mut rest) = (Vec::new(), svg);
        assert!(svg.starts_with("<svg "), "{svg}");
        while let Some(start) = rest.find('<') {
            assert!(!stack.is_empty() || (start == 0 && rest.len() == svg.len()), "content after the root: {rest}");
            entity(&rest[..start]);
            let mut quoted = false;
            let end = rest[start..].char_indices().find(|&(i, ch)| {
                quoted ^= ch == '"';
                assert!(ch != '<' || i == 0, "< inside a tag: {rest}");
                ch == '>' && !quoted
            });
            let end = start + end.unwrap_or_else(|| panic!("unclosed tag: {rest}")).0;
            let tag = &rest[start + 1..end];
            rest = &rest[end + 1..];
            if let Some(name) = tag.strip_prefix('/') {
                assert_eq!(stack.pop(), Some(name), "at </{name}>");
                continue;
            }
            let name = tag.split(|ch: char| ch.is_whitespace() || ch == '/').next().unwrap_or_default();
            assert!(!name.is_empty(), "<{tag}>");
            let (mut attrs, mut seen) = (tag[name.len()..].trim_end_matches('/'), Vec::new());
            while let Some(eq) = attrs.find('=') {
                let key = attrs[..eq].trim();
                assert!(!key.is_empty() && !seen.contains(&key), "attribute {key:?} in <{tag}>");
                seen.push(key);
                let value = attrs[eq + 1..].strip_prefix('"').unwrap_or_else(|| panic!("unquoted in <{tag}>"));
                let close = value.find('"').unwrap();
                entity(&value[..close]);
                attrs = &value[close + 1..];
            }
            assert!(attrs.trim().is_empty(), "stray {attrs:?} in <{tag}>");
            if !tag.ends_with('/') {
                stack.push(name);
            }
        }
        assert!(stack.is_empty() && rest.is_empty(), "unclosed {stack:?}, then {rest:?}");
    }

    /// The chart of `series` over the years from 2023 on, checked to be well-formed.
    fn render(id: &str, series: &[Series]) -> String {
        let n = series.iter().map(|s| s.values.len()).max().unwrap_or(0);
        let years: Vec<String> = (0..n).map(|i| format!("{}", 2023 + i)).collect();
        let c = YearBars {
            id,
            years: &years,
            series,
            format: &euros,
            title: "Capaciteitsopbouw per jaar",
            description: "Budget, verplichtingen en betalingen van 2023 tot 2025.",
        };
        let svg = year_bars(&c);
        well_formed(&svg);
        svg
    }

    const fn s<'a>(label: &'a str, values: &'a [f64]) -> Series<'a> {
        Series { label, values }
    }

    /// The values of the y axis's tick labels, lowest first.
    fn ticks(svg: &str) -> Vec<f64> {
        let parts = svg.split(r#"text-anchor="end" stroke="none">€ "#).skip(1);
        parts.map(|p| p.split('<').next().unwrap().parse().unwrap()).collect()
    }

    /// The (y, height) of every bar in the order drawn.
    fn bars(svg: &str) -> Vec<(f64, f64)> {
        let attr = |tag: &str, name: &str| -> f64 {
            tag.split(&format!(r#" {name}=""#)).nth(1).unwrap().split('"').next().unwrap().parse().unwrap()
        };
        svg.split(r#"<rect class="chart-bar""#).skip(1).map(|t| (attr(t, "y"), attr(t, "height"))).collect()
    }

    #[test]
    fn the_checker_refuses_what_is_not_well_formed() {
        for bad in ["<svg ><g></svg>", r#"<svg a="1" a="2"/>"#, "<svg >&</svg>", "<svg ></svg><svg />", "<svg a=1/>"] {
            assert!(std::panic::catch_unwind(|| well_formed(bad)).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_svg_is_an_image_named_by_its_title_and_description() {
        let svg = render("yb-1", &[s("Budget", &[100.0, 200.0])]);
        assert!(svg.contains(r#"role="img" aria-labelledby="yb-1-title yb-1-desc""#), "{svg}");
        assert!(svg.contains(r#"<title id="yb-1-title">Capaciteitsopbouw per jaar</title>"#));
        assert!(svg.contains(r#"<desc id="yb-1-desc">Budget, verplichtingen en betalingen van 2023 tot 2025.</desc>"#));
        assert!(svg.contains(r#"viewBox="0 0 640 "#) && svg.contains(r#"width="100%""#));
        assert!(svg.contains(">2023</text>") && svg.contains(">2024</text>"));
    }

    #[test]
    fn every_value_present_has_one_bar_titled_with_its_amount() {
        let series = [
            s("Budget", &[100.0, 200.0, 300.0]),
            s("Verplicht", &[50.0, f64::NAN, 250.0]),
            s("Betaald", &[0.0, 80.0]),
            s("Vierde reeks", &[1.0, 1.0, 1.0]),
        ];
        let svg = render("yb-2", &series);
        assert_eq!(svg.matches(r#"<rect class="chart-bar""#).count(), 7, "{svg}");
        let tags = svg.split(r#"<rect class="chart-bar""#).skip(1);
        assert!(tags.map(|t| &t[t.find('>').unwrap()..]).all(|t| t.starts_with("><title>")), "{svg}");
        let titles = ["Budget, 2023: € 100", "Verplicht, 2025: € 250", "Betaald, 2023: € 0", "Betaald, 2024: € 80"];
        assert!(titles.iter().all(|t| svg.contains(&format!("<title>{t}</title></rect>"))), "{svg}");
        assert!(!svg.contains("Vierde") && !svg.contains("NaN"), "{svg}");
        assert!(bars(&svg).iter().all(|(_, h)| *h >= 1.0), "a zero is still a hairline");
    }

    #[test]
    fn every_text_the_caller_passes_is_escaped() {
        let years = [r#"<b>"&'"#.to_string()];
        let series = [s("Budget & <i>\"x\"</i>", &[5.0])];
        let c = YearBars {
            id: r#"x"><script>"#,
            years: &years,
            series: &series,
            format: &|v| format!("<€> & \"{v}\""),
            title: "<script>alert(1)</script>",
            description: "A & B",
        };
        let svg = year_bars(&c);
        well_formed(&svg);
        assert!(!svg.contains("<script>") && !svg.contains("<b>") && !svg.contains("<i>"), "{svg}");
        assert!(svg.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && svg.contains("A &amp; B"));
        assert!(svg.contains("<title>Budget &amp; &lt;i&gt;&quot;x&quot;&lt;/i&gt;, &lt;b&gt;&quot;&amp;&#39;: &lt;€&gt; &amp; &quot;5&quot;</title>"));
    }

    #[test]
    fn pattern_ids_carry_the_chart_id() {
        let series = [s("Budget", &[1.0]), s("Verplicht", &[1.0]), s("Betaald", &[1.0])];
        let (one, two) = (render("yb-a", &series), render("yb-b", &series));
        for (svg, id) in [(&one, "yb-a"), (&two, "yb-b")] {
            for suffix in ["hatch", "dots"] {
                assert!(svg.contains(&format!(r#"<pattern id="{id}-{suffix}""#)), "{svg}");
                // Twice: the bars and the legend swatch.
                assert_eq!(svg.matches(&format!(r#"fill="url(#{id}-{suffix})""#)).count(), 2, "{svg}");
            }
        }
        assert_eq!(one.matches("<pattern id=").count(), 2, "only the chart's own: {one}");
        // Solid, hatched, dotted: three distinct fills.
        assert!(one.contains(r##"fill="#1f4e99" stroke="#1f4e99""##), "{one}");
        assert!(!render("yb-c", &series[..1]).contains("<defs>"), "a solid fill needs no pattern");
    }

    #[test]
    fn ticks_start_at_zero_and_cover_the_maximum() {
        let svg = render("yb-3", &[s("Budget", &[120_000.0, 930_000.0]), s("Verplicht", &[40_000.0, 610_000.0])]);
        let ticks = ticks(&svg);
        assert_eq!(ticks.first(), Some(&0.0), "{svg}");
        assert!(*ticks.last().unwrap() >= 930_000.0 && ticks.len() >= 3 && ticks.len() <= 12, "{ticks:?}");
        assert!(!svg.contains("chart-zero"), "no zero line when nothing is negative");
    }

    #[test]
    fn a_negative_value_extends_the_axis_below_zero() {
        let svg = render("yb-4", &[s("Betaald", &[400.0, -120.0])]);
        let ticks = ticks(&svg);
        assert!(ticks[0] <= -120.0 && ticks.contains(&0.0) && *ticks.last().unwrap() >= 400.0, "{ticks:?}");
        let zero = svg.split(r#"class="chart-zero" x1="#).nth(1).unwrap();
        let zero_y: f64 = zero.split(r#"y1=""#).nth(1).unwrap().split('"').next().unwrap().parse().unwrap();
        let [(up_y, up_h), (down_y, down_h)] = bars(&svg)[..] else { panic!("{svg}") };
        // The positive bar ends on the zero line from above, the correction hangs from it.
        assert!((up_y + up_h - zero_y).abs() < 0.2 && (down_y - zero_y).abs() < 0.2, "{svg}");
        assert!((up_h / down_h - 400.0 / 120.0).abs() < 0.02, "{up_h} {down_h}");
    }

    #[test]
    fn bar_heights_are_proportional_to_the_values() {
        let svg = render("yb-5", &[s("Budget", &[100.0, 400.0, 250.0])]);
        let heights: Vec<f64> = bars(&svg).into_iter().map(|(_, h)| h).collect();
        assert!((heights[1] / heights[0] - 4.0).abs() < 0.01 && (heights[2] / heights[0] - 2.5).abs() < 0.01);
        let bottoms: Vec<f64> = bars(&svg).into_iter().map(|(y, h)| y + h).collect();
        assert!(bottoms.windows(2).all(|w| (w[0] - w[1]).abs() < 0.2), "one baseline: {bottoms:?}");
    }

    #[test]
    fn no_years_give_nothing_and_odd_input_does_not_panic() {
        let (years, budget) = (["2025".to_string()], [s("Budget", &[1.0])]);
        let c = YearBars { id: "e", years: &[], series: &budget, format: &euros, title: "T", description: "D" };
        assert_eq!(year_bars(&c), "");
        assert!(render("yb-7", &[s("Budget", &[0.0, 0.0])]).contains("€ 0<"));
        render("yb-8", &[s("Budget", &[-5.0, -7.0])]);
        render("yb-9", &[s("Budget", &[f64::INFINITY, f64::NAN])]);
        let none = year_bars(&YearBars { years: &years, series: &[], ..c });
        well_formed(&none);
        assert!(!none.contains("chart-legend") && !none.contains(r#"<rect class="chart-bar""#), "{none}");
    }
}
