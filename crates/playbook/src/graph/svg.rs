//! The SVG text: shapes, words, icons, edges and the legend. Everything the
//! playbook or the labels bring in goes through [`escape`].

use super::layout::num;
use super::text::{self, escape};
use super::{
    BACKGROUND, EDGE, HEX_INSET, ICON, LABEL_SIZE, Labels, MARGIN, NAME_LINE, NAME_SIZE, Node, OVERDUE, Prepared,
    SMALL_LINE, SMALL_SIZE, Shape, StepStatus, TEXT, TITLE_SIZE, status_colours,
};

/// Appends formatted text to a `String`. Formatting into a `String` cannot
/// fail, so unlike `write!` there is no result to drop.
macro_rules! put {
    ($out:expr, $($arg:tt)*) => {
        $out.push_str(&format!($($arg)*))
    };
}

const FONT: &str = "Arial, Helvetica, &apos;Liberation Sans&apos;, &apos;DejaVu Sans&apos;, sans-serif";
const LEGEND_ROW: f64 = 28.0;
const SWATCH_W: f64 = 30.0;
const SWATCH_H: f64 = 18.0;

/// An id prefix unique to the playbook, so two graphs on one page do not clash.
fn prefix(playbook_id: &str) -> String {
    let clean: String =
        playbook_id.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_').take(80).collect();
    if clean.is_empty() { "pb-graph".into() } else { format!("pb-graph-{clean}") }
}

/// A status icon in a 12 px square with its top left corner at (x, y).
fn icon(status: StepStatus, x: f64, y: f64, colour: &str) -> String {
    let p = |dx: f64, dy: f64| format!("{},{}", num(x + dx), num(y + dy));
    let stroke = format!("fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\" stroke-linecap=\"round\"");
    match status {
        StepStatus::NotReached => format!(
            "<circle cx=\"{}\" cy=\"{}\" r=\"4.5\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"1.5\"/>",
            num(x + 6.0),
            num(y + 6.0)
        ),
        StepStatus::Active => {
            format!("<polygon points=\"{} {} {}\" fill=\"{colour}\"/>", p(2.0, 1.0), p(11.5, 6.0), p(2.0, 11.0))
        }
        StepStatus::Waiting => format!(
            "<circle cx=\"{}\" cy=\"{}\" r=\"5.25\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"1.5\"/>\
             <path d=\"M{} V{} H{}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"1.5\" stroke-linecap=\"round\"/>",
            num(x + 6.0),
            num(y + 6.0),
            p(6.0, 2.8),
            num(y + 6.2),
            num(x + 8.8)
        ),
        StepStatus::Done => format!("<path d=\"M{} L{} L{}\" {stroke}/>", p(1.5, 6.5), p(4.5, 9.5), p(10.5, 2.5)),
        StepStatus::Failed => {
            format!("<path d=\"M{} L{} M{} L{}\" {stroke}/>", p(2.0, 2.0), p(10.0, 10.0), p(10.0, 2.0), p(2.0, 10.0))
        }
        StepStatus::Skipped => format!(
            "<polygon points=\"{} {} {}\" fill=\"{colour}\"/><polygon points=\"{} {} {}\" fill=\"{colour}\"/>",
            p(0.5, 2.0),
            p(6.0, 6.0),
            p(0.5, 10.0),
            p(6.0, 2.0),
            p(11.5, 6.0),
            p(6.0, 10.0)
        ),
        StepStatus::Cancelled => format!(
            "<circle cx=\"{}\" cy=\"{}\" r=\"5\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"1.5\"/>\
             <path d=\"M{} L{}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"1.5\"/>",
            num(x + 6.0),
            num(y + 6.0),
            p(2.5, 9.5),
            p(9.5, 2.5)
        ),
        // A padlock: a body and its shackle.
        StepStatus::Restricted => format!(
            "<rect x=\"{}\" y=\"{}\" width=\"9\" height=\"6\" fill=\"{colour}\"/>\
             <path d=\"M{} V{} A2.75 2.75 0 0 1 {} V{}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"1.5\"/>",
            num(x + 1.5),
            num(y + 5.5),
            p(3.25, 5.5),
            num(y + 3.5),
            p(8.75, 3.5),
            num(y + 5.5)
        ),
    }
}

/// The outline of a shape in the box (x, y, w, h).
fn outline(shape: Shape, x: f64, y: f64, w: f64, h: f64, paint: &str) -> String {
    let rect = |rx: f64| {
        format!(
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"{}\" {paint}/>",
            num(x),
            num(y),
            num(w),
            num(h),
            num(rx)
        )
    };
    match shape {
        Shape::Start => rect((h / 2.0).min(24.0)),
        Shape::End => {
            let inner = format!(
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"{}\" fill=\"none\" {}/>",
                num(x + 4.0),
                num(y + 4.0),
                num(w - 8.0),
                num(h - 8.0),
                num((h / 2.0).min(24.0) - 4.0),
                paint.split(' ').filter(|a| !a.starts_with("fill=")).collect::<Vec<_>>().join(" ")
            );
            rect((h / 2.0).min(24.0)) + &inner
        }
        Shape::Action => rect(4.0),
        Shape::PlaybookAction => {
            let stroke_only = paint.split(' ').filter(|a| !a.starts_with("fill=")).collect::<Vec<_>>().join(" ");
            format!(
                "{}<path d=\"M{},{} V{} M{},{} V{}\" fill=\"none\" {stroke_only}/>",
                rect(4.0),
                num(x + 9.0),
                num(y),
                num(y + h),
                num(x + w - 9.0),
                num(y),
                num(y + h)
            )
        }
        Shape::Condition => {
            let i = HEX_INSET;
            format!(
                "<polygon points=\"{},{} {},{} {},{} {},{} {},{} {},{}\" {paint}/>",
                num(x + i),
                num(y),
                num(x + w - i),
                num(y),
                num(x + w),
                num(y + h / 2.0),
                num(x + w - i),
                num(y + h),
                num(x + i),
                num(y + h),
                num(x),
                num(y + h / 2.0)
            )
        }
        Shape::Parallel => rect(2.0),
    }
}

fn paint(status: StepStatus) -> String {
    let c = status_colours(status);
    let width = match status {
        StepStatus::Active => "3",
        StepStatus::Failed => "2.5",
        _ => "1.5",
    };
    let dash = match status {
        StepStatus::Skipped => " stroke-dasharray=\"6 4\"",
        StepStatus::Cancelled => " stroke-dasharray=\"2 3\"",
        StepStatus::Restricted => " stroke-dasharray=\"1 2\"",
        _ => "",
    };
    format!("fill=\"{}\" stroke=\"{}\" stroke-width=\"{width}\"{dash}", c.fill, c.stroke)
}

/// How a line of text is set.
#[derive(Debug, Clone, Copy)]
struct Style {
    size: f64,
    bold: bool,
    fill: &'static str,
    anchor: &'static str,
}

const NAME: Style = Style { size: NAME_SIZE, bold: false, fill: TEXT, anchor: "middle" };
const SMALL: Style = Style { size: SMALL_SIZE, bold: false, fill: TEXT, anchor: "middle" };
const KEY: Style = Style { size: SMALL_SIZE, bold: false, fill: TEXT, anchor: "start" };

fn text_at(out: &mut String, x: f64, baseline: f64, style: Style, words: &str) {
    put!(
        out,
        "<text x=\"{}\" y=\"{}\" font-size=\"{}\" text-anchor=\"{}\" fill=\"{}\"{}>{}</text>",
        num(x),
        num(baseline),
        num(style.size),
        style.anchor,
        style.fill,
        if style.bold { " font-weight=\"bold\"" } else { "" },
        escape(words)
    );
}

/// Baseline that centres text of `size` in a line box starting at `top`.
fn baseline(top: f64, line: f64, size: f64) -> f64 {
    top + line / 2.0 + size * 0.36
}

fn node_title(n: &Node, labels: &Labels) -> String {
    let mut t = format!("{} ({})", n.name, labels.types.get(&n.kind));
    if n.run {
        put!(t, ": {}", n.status_word);
    }
    if let Some(a) = &n.overlay.assignee {
        put!(t, "; {}: {a}", labels.assigned_to);
    }
    if let Some(d) = &n.overlay.deadline {
        put!(t, "; {}: {d}", labels.deadline);
    }
    if n.overlay.overdue {
        put!(t, "; {}", labels.overdue);
    }
    t
}

fn draw_node(out: &mut String, n: &Node, cx: f64, top: f64, labels: &Labels) {
    let colours = status_colours(n.overlay.status);
    let x = cx - n.w / 2.0;
    put!(out, "<g class=\"step\" data-step=\"{}\"><title>{}</title>", escape(&n.id), escape(&node_title(n, labels)));
    out.push_str(&outline(n.shape, x, top, n.w, n.h, &paint(n.overlay.status)));
    if n.shape == Shape::Parallel {
        for y in [top, top + n.h - 6.0] {
            put!(
                out,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"6\" fill=\"{}\"/>",
                num(x),
                num(y),
                num(n.w),
                colours.stroke
            );
        }
    }
    let mut y = top + n.shape.pad_y();
    for line in &n.lines {
        text_at(out, cx, baseline(y, NAME_LINE, NAME_SIZE), NAME, line);
        y += NAME_LINE;
    }
    if n.lines.is_empty() {
        y += NAME_LINE;
    }
    if n.run {
        y += 2.0;
        let sw = super::status_width(&n.status_word);
        let left = cx - sw / 2.0;
        out.push_str(&icon(n.overlay.status, left, y + (SMALL_LINE - ICON) / 2.0, colours.text));
        let style = Style { bold: true, fill: colours.text, ..KEY };
        text_at(out, left + ICON + 5.0, baseline(y, SMALL_LINE, SMALL_SIZE), style, &n.status_word);
        y += SMALL_LINE;
    }
    for line in n.assignee_lines.iter().chain(&n.deadline_line) {
        text_at(out, cx, baseline(y, SMALL_LINE, SMALL_SIZE), SMALL, line);
        y += SMALL_LINE;
    }
    if n.overlay.overdue {
        let word = format!("! {}", labels.overdue);
        let bw = super::badge_width(&labels.overdue).min(n.w - 8.0);
        put!(
            out,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"18\" rx=\"4\" fill=\"{OVERDUE}\"/>",
            num(cx - bw / 2.0),
            num(y + 2.0),
            num(bw)
        );
        let word = text::truncate(&word, SMALL_SIZE, true, bw - 8.0);
        text_at(out, cx, baseline(y + 2.0, 18.0, SMALL_SIZE), Style { bold: true, fill: BACKGROUND, ..SMALL }, &word);
    }
    out.push_str("</g>");
}

/// The key to the statuses and shapes, flowed into rows.
pub struct Legend {
    /// (status or shape, word, width of the item).
    statuses: Vec<(StepStatus, String, f64)>,
    shapes: Vec<(Shape, String, f64)>,
    /// The widest item: the legend needs at least this much room.
    pub width: f64,
}

impl Legend {
    /// The statuses only when there is a run to show.
    pub fn new(labels: &Labels, run: bool) -> Legend {
        let item_w = |word: &str| SWATCH_W + 6.0 + text::width(word, SMALL_SIZE, false) + 20.0;
        let statuses: Vec<(StepStatus, String, f64)> = StepStatus::ALL
            .iter()
            .filter(|_| run)
            .map(|&s| {
                let word = labels.statuses.get(s).to_string();
                let w = item_w(&word);
                (s, word, w)
            })
            .collect();
        let t = &labels.types;
        let conditions = format!("{} / {} / {}", t.if_condition, t.while_condition, t.switch_condition);
        let shapes: Vec<(Shape, String, f64)> = [
            (Shape::Start, t.start.clone()),
            (Shape::End, t.end.clone()),
            (Shape::Action, t.action.clone()),
            (Shape::PlaybookAction, t.playbook_action.clone()),
            (Shape::Condition, conditions),
            (Shape::Parallel, t.parallel.clone()),
        ]
        .into_iter()
        .map(|(s, word)| {
            let w = item_w(&word);
            (s, word, w)
        })
        .collect();
        // Room for the seven statuses on one row (two if the words are long).
        let all: f64 = statuses.iter().map(|s| s.2).sum();
        let widest = statuses.iter().map(|s| s.2).chain(shapes.iter().map(|s| s.2)).fold(0.0, f64::max);
        Legend { statuses, shapes, width: widest.max((all / 2.0).min(560.0)) }
    }

    fn rows(&self, width: f64) -> (Vec<Vec<usize>>, Vec<Vec<usize>>) {
        let flow = |widths: Vec<f64>| {
            let mut rows: Vec<Vec<usize>> = vec![Vec::new()];
            let mut used = 0.0;
            for (i, w) in widths.into_iter().enumerate() {
                if used + w > width && !rows.last().is_none_or(Vec::is_empty) {
                    rows.push(Vec::new());
                    used = 0.0;
                }
                used += w;
                if let Some(r) = rows.last_mut() {
                    r.push(i);
                }
            }
            rows
        };
        (flow(self.statuses.iter().map(|s| s.2).collect()), flow(self.shapes.iter().map(|s| s.2).collect()))
    }

    pub fn height(&self, width: f64) -> f64 {
        let (a, b) = self.rows(width);
        (a.iter().chain(&b).filter(|r| !r.is_empty()).count()) as f64 * LEGEND_ROW
    }

    fn draw(&self, out: &mut String, x0: f64, y0: f64, width: f64) {
        let (status_rows, shape_rows) = self.rows(width);
        out.push_str("<g class=\"legend\">");
        let mut y = y0;
        for row in status_rows.into_iter().filter(|r| !r.is_empty()) {
            let mut x = x0;
            for i in row {
                let (status, word, w) = &self.statuses[i];
                out.push_str(&outline(Shape::Action, x, y, SWATCH_W, SWATCH_H, &paint(*status)));
                out.push_str(&icon(
                    *status,
                    x + (SWATCH_W - ICON) / 2.0,
                    y + (SWATCH_H - ICON) / 2.0,
                    status_colours(*status).text,
                ));
                text_at(out, x + SWATCH_W + 6.0, baseline(y, SWATCH_H, SMALL_SIZE), KEY, word);
                x += w;
            }
            y += LEGEND_ROW;
        }
        for row in shape_rows {
            let mut x = x0;
            for i in row {
                let (shape, word, w) = &self.shapes[i];
                let paint = format!("fill=\"{BACKGROUND}\" stroke=\"{TEXT}\" stroke-width=\"1.5\"");
                if *shape == Shape::Condition {
                    out.push_str(&outline_small_hexagon(x, y, SWATCH_W, SWATCH_H, &paint));
                } else if *shape == Shape::End {
                    put!(
                        out,
                        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"9\" {paint}/>\
                         <rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"6\" fill=\"none\" stroke=\"{TEXT}\" stroke-width=\"1.5\"/>",
                        num(x),
                        num(y),
                        num(SWATCH_W),
                        num(SWATCH_H),
                        num(x + 3.0),
                        num(y + 3.0),
                        num(SWATCH_W - 6.0),
                        num(SWATCH_H - 6.0)
                    );
                } else if *shape == Shape::PlaybookAction {
                    put!(
                        out,
                        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"3\" {paint}/>\
                         <path d=\"M{},{} V{} M{},{} V{}\" stroke=\"{TEXT}\" stroke-width=\"1.5\"/>",
                        num(x),
                        num(y),
                        num(SWATCH_W),
                        num(SWATCH_H),
                        num(x + 5.0),
                        num(y),
                        num(y + SWATCH_H),
                        num(x + SWATCH_W - 5.0),
                        num(y),
                        num(y + SWATCH_H)
                    );
                } else {
                    out.push_str(&outline(*shape, x, y, SWATCH_W, SWATCH_H, &paint));
                    if *shape == Shape::Parallel {
                        for by in [y, y + SWATCH_H - 4.0] {
                            put!(
                                out,
                                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"4\" fill=\"{TEXT}\"/>",
                                num(x),
                                num(by),
                                num(SWATCH_W)
                            );
                        }
                    }
                }
                text_at(out, x + SWATCH_W + 6.0, baseline(y, SWATCH_H, SMALL_SIZE), KEY, word);
                x += w;
            }
            y += LEGEND_ROW;
        }
        out.push_str("</g>");
    }
}

fn outline_small_hexagon(x: f64, y: f64, w: f64, h: f64, paint: &str) -> String {
    let i = 6.0;
    format!(
        "<polygon points=\"{},{} {},{} {},{} {},{} {},{} {},{}\" {paint}/>",
        num(x + i),
        num(y),
        num(x + w - i),
        num(y),
        num(x + w),
        num(y + h / 2.0),
        num(x + w - i),
        num(y + h),
        num(x + i),
        num(y + h),
        num(x),
        num(y + h / 2.0)
    )
}

/// An edge is drawn heavier when the run went along it.
fn travelled(p: &Prepared, e: &super::Edge) -> bool {
    let (from, to) = (p.nodes[e.from].overlay.status, p.nodes[e.to].overlay.status);
    from == StepStatus::Done && !matches!(to, StepStatus::NotReached | StepStatus::Skipped | StepStatus::Cancelled)
}

pub fn draw(p: &Prepared, playbook: &crate::Playbook, labels: &Labels) -> String {
    let id = prefix(&playbook.id);
    let mut out = String::new();
    put!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"draaiboek-graph\" role=\"img\" \
         aria-labelledby=\"{id}-title {id}-desc\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" \
         font-family=\"{FONT}\"><title id=\"{id}-title\">{title}</title><desc id=\"{id}-desc\">{desc}</desc>",
        w = num(p.width),
        h = num(p.height),
        title = escape(&labels.title),
        desc = escape(&labels.description),
    );
    out.push_str("<defs>");
    for (name, colour) in [("arrow", EDGE), ("arrow-run", TEXT)] {
        put!(
            out,
            "<marker id=\"{id}-{name}\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"10\" \
             markerHeight=\"10\" markerUnits=\"userSpaceOnUse\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" \
             fill=\"{colour}\"/></marker>"
        );
    }
    out.push_str("</defs>");
    put!(out, "<rect width=\"{}\" height=\"{}\" fill=\"{BACKGROUND}\"/>", num(p.width), num(p.height));
    let title = text::truncate(&p.title, TITLE_SIZE, true, p.width - 2.0 * MARGIN);
    text_at(&mut out, MARGIN, MARGIN + TITLE_SIZE * 0.8, Style { size: TITLE_SIZE, bold: true, ..KEY }, &title);

    put!(out, "<g class=\"edges\" transform=\"translate({},{})\">", num(p.dx), num(p.dy));
    for (e, route) in p.edges.iter().zip(&p.out.edges) {
        let run = travelled(p, e);
        let (from, to) = (&p.nodes[e.from], &p.nodes[e.to]);
        let mut title = format!("{} → {}", from.name, to.name);
        if let Some(l) = &e.label {
            put!(title, " ({l})");
        }
        put!(
            out,
            "<g class=\"edge\"><title>{}</title><path d=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"{}\" \
             marker-end=\"url(#{id}-{})\"/></g>",
            escape(&title),
            route.d,
            if run { TEXT } else { EDGE },
            if run { "2.5" } else { "1.5" },
            if run { "arrow-run" } else { "arrow" }
        );
    }
    for e in &p.joins {
        // From the bottom of the branch's end down to the top of the step
        // after the block, bending only near it.
        let (from, to) = (&p.nodes[e.from], &p.nodes[e.to]);
        let (fx, fy) = (p.out.x[e.from], p.out.y[e.from] + from.h);
        let (tx, ty) = (p.out.x[e.to], p.out.y[e.to]);
        let bend = (ty - fy).clamp(0.0, 48.0);
        let title = format!("{} → {} ({})", from.name, to.name, labels.joins);
        put!(
            out,
            "<g class=\"edge join\"><title>{}</title><path d=\"M{},{} L{},{} C{},{} {},{} {},{}\" fill=\"none\" \
             stroke=\"{EDGE}\" stroke-width=\"1.25\" stroke-dasharray=\"5 4\" marker-end=\"url(#{id}-arrow)\"/></g>",
            escape(&title),
            num(fx),
            num(fy),
            num(fx),
            num(ty - bend),
            num(fx),
            num(ty - bend / 3.0),
            num(tx),
            num(ty - bend / 2.0),
            num(tx),
            num(ty),
        );
    }
    for (e, route) in p.edges.iter().zip(&p.out.edges) {
        if let (Some(label), Some((lx, ly))) = (&e.label, route.label_at) {
            let w = text::width(label, LABEL_SIZE, false) + 10.0;
            let h = LABEL_SIZE + 6.0;
            put!(
                out,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"3\" fill=\"{BACKGROUND}\" stroke=\"{EDGE}\" \
                 stroke-width=\"0.75\"/>",
                num(lx - w / 2.0),
                num(ly - h / 2.0),
                num(w),
                num(h)
            );
            text_at(
                &mut out,
                lx,
                baseline(ly - h / 2.0, h, LABEL_SIZE),
                Style { size: LABEL_SIZE, fill: EDGE, ..SMALL },
                label,
            );
        }
    }
    out.push_str("</g>");

    put!(out, "<g class=\"steps\" transform=\"translate({},{})\">", num(p.dx), num(p.dy));
    for &i in &p.out.reading_order {
        draw_node(&mut out, &p.nodes[i], p.out.x[i], p.out.y[i], labels);
    }
    out.push_str("</g>");

    let content_w = p.width - 2.0 * MARGIN;
    p.legend.draw(&mut out, MARGIN, p.dy + p.out.height + 40.0, content_w);
    out.push_str("</svg>");
    out
}
