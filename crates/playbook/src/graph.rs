//! The graph of a draaiboek: a server-side SVG of the workflow with each
//! step's status on it, and the same content as text for screen readers.
//! Pure: words come in already translated ([`Labels`]), the status per step
//! comes from the engine ([`StepOverlay`]); nothing is read or written.
//!
//! The drawing is layered top to bottom (the algorithm is described in
//! `graph/layout.rs`). Shapes follow the step type (start and end: pills, the end with
//! a double border; action: rectangle; playbook-action: rectangle with side
//! bars; if, while and switch: hexagon; parallel: a box between two bars), the
//! status is shown by colour *and* an icon with its word, an overdue step gets
//! a red "overdue" badge. Every text is XML-escaped: step names come from
//! imported playbooks. The SVG carries no script, no style element or
//! attribute (the pages' CSP forbids inline style; presentation attributes
//! are used) and no external reference; it has `width`, `height` and a
//! `viewBox`, so the page scales it with `max-width: 100%; height: auto`
//! (class `draaiboek-graph`).

mod layout;
mod svg;
mod text;

pub use text::escape;

use crate::extension::EXTENSION_ID;
use crate::model::{Playbook, Step};
use serde_json::Value;
use std::collections::BTreeMap;

/// Where a step stands in a run of the draaiboek.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum StepStatus {
    #[default]
    NotReached,
    Active,
    Waiting,
    Done,
    Failed,
    Skipped,
    Cancelled,
    /// Above the reader's clearance: only that the step exists is shown.
    Restricted,
}

impl StepStatus {
    pub const ALL: [StepStatus; 8] = [
        StepStatus::NotReached,
        StepStatus::Active,
        StepStatus::Waiting,
        StepStatus::Done,
        StepStatus::Failed,
        StepStatus::Skipped,
        StepStatus::Cancelled,
        StepStatus::Restricted,
    ];
}

/// What the drawing shows of a step in a run. A step without an overlay is
/// [`StepStatus::NotReached`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StepOverlay {
    pub status: StepStatus,
    /// Display name of whoever the step is assigned to.
    pub assignee: Option<String>,
    /// The deadline, already formatted for the viewer.
    pub deadline: Option<String>,
    pub overdue: bool,
}

/// The word for each status, in the viewer's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusWords {
    pub not_reached: String,
    pub active: String,
    pub waiting: String,
    pub done: String,
    pub failed: String,
    pub skipped: String,
    pub cancelled: String,
    pub restricted: String,
}

impl StatusWords {
    pub fn get(&self, status: StepStatus) -> &str {
        match status {
            StepStatus::NotReached => &self.not_reached,
            StepStatus::Active => &self.active,
            StepStatus::Waiting => &self.waiting,
            StepStatus::Done => &self.done,
            StepStatus::Failed => &self.failed,
            StepStatus::Skipped => &self.skipped,
            StepStatus::Cancelled => &self.cancelled,
            StepStatus::Restricted => &self.restricted,
        }
    }
}

/// The word for each CACAO step type, in the viewer's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeWords {
    pub start: String,
    pub end: String,
    pub action: String,
    pub playbook_action: String,
    pub parallel: String,
    pub if_condition: String,
    pub while_condition: String,
    pub switch_condition: String,
}

impl TypeWords {
    /// The word for a CACAO step type (an unknown type as written).
    pub fn get<'a>(&'a self, kind: &'a str) -> &'a str {
        match kind {
            "start" => &self.start,
            "end" => &self.end,
            "action" => &self.action,
            "playbook-action" => &self.playbook_action,
            "parallel" => &self.parallel,
            "if-condition" => &self.if_condition,
            "while-condition" => &self.while_condition,
            "switch-condition" => &self.switch_condition,
            other => other,
        }
    }
}

/// Gives a step's display name by its id.
pub type StepName<'a> = Box<dyn Fn(&str) -> Option<String> + 'a>;

/// Everything the drawing says in words, already in the viewer's language.
pub struct Labels<'a> {
    /// The graph's title (shown on top, and its accessible name).
    pub title: String,
    /// The accessible description (e.g. that the list below gives the same as text).
    pub description: String,
    pub statuses: StatusWords,
    pub types: TypeWords,
    pub deadline: String,
    pub assigned_to: String,
    pub overdue: String,
    /// Branch labels: if/while `on_true` and `on_false` (and a while's way out).
    pub yes: String,
    pub no: String,
    /// `on_success` and `on_failure`.
    pub success: String,
    pub failure: String,
    /// A switch's `default` case (other cases show their value as written).
    pub default_case: String,
    /// A parallel branch, followed by its number (`branch 1`).
    pub branch: String,
    /// `on_completion` of an if, switch or parallel step: where it goes on after its branches.
    pub afterwards: String,
    /// A parallel branch's end joining the way onwards (`joins`).
    pub joins: String,
    /// The step's display name in the viewer's language; `None` falls back to the type's word.
    pub step_name: StepName<'a>,
}

impl<'a> Labels<'a> {
    /// English words and the steps' English names, titled with the playbook's name.
    pub fn english(playbook: &'a Playbook) -> Labels<'a> {
        Labels {
            title: playbook.name.clone(),
            description: "Flow chart of the playbook with the status of each step; the list after it gives the same \
                          as text."
                .into(),
            statuses: StatusWords {
                not_reached: "not reached".into(),
                active: "active".into(),
                waiting: "waiting".into(),
                done: "done".into(),
                failed: "failed".into(),
                skipped: "skipped".into(),
                cancelled: "cancelled".into(),
                restricted: "restricted".into(),
            },
            types: TypeWords {
                start: "start".into(),
                end: "end".into(),
                action: "action".into(),
                playbook_action: "playbook".into(),
                parallel: "parallel".into(),
                if_condition: "if".into(),
                while_condition: "while".into(),
                switch_condition: "switch".into(),
            },
            deadline: "deadline".into(),
            assigned_to: "assigned to".into(),
            overdue: "overdue".into(),
            yes: "yes".into(),
            no: "no".into(),
            success: "success".into(),
            failure: "failure".into(),
            default_case: "other".into(),
            branch: "branch".into(),
            afterwards: "afterwards".into(),
            joins: "joins the other branches in".into(),
            step_name: Box::new(move |id| step_name(playbook, id, "en")),
        }
    }
}

/// A step's name in `language`: our extension's `translations.<language>.name`,
/// else the step's own `name` (the playbook's language, English for ours).
pub fn step_name(playbook: &Playbook, id: &str, language: &str) -> Option<String> {
    let step = playbook.document.get("workflow")?.get(id)?;
    let translated = step
        .get("step_extensions")
        .and_then(|e| e.get(EXTENSION_ID))
        .and_then(|e| e.get("translations"))
        .and_then(|t| t.get(language))
        .and_then(|t| t.get("name"))
        .and_then(Value::as_str);
    translated
        .or_else(|| step.get("name").and_then(Value::as_str))
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// A step this one leads to, for the text alternative.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextLink {
    pub step: String,
    pub name: String,
    /// The branch: yes, no, a case value, failure, …; `None` for plain sequence.
    pub label: Option<String>,
}

/// One step as text, in reading order (the drawing's layers top to bottom, left to right).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextStep {
    pub step: String,
    pub name: String,
    /// The CACAO type (`if-condition`) and its word for the viewer.
    pub step_type: String,
    pub type_label: String,
    pub status: StepStatus,
    pub status_label: String,
    pub assignee: Option<String>,
    pub deadline: Option<String>,
    pub overdue: bool,
    pub leads_to: Vec<TextLink>,
    /// An end of a parallel branch: the step where the branches join and go on.
    pub joins: Option<TextLink>,
}

/// The drawing and its text alternative.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Graph {
    pub svg: String,
    pub text_alternative: Vec<TextStep>,
}

/// Where a step is drawn (px in the SVG's coordinates; x, y the top left corner).
#[derive(Debug, Clone, PartialEq)]
pub struct NodeBox {
    pub step: String,
    pub layer: usize,
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

/// How a reference between two steps is drawn.
#[derive(Debug, Clone, PartialEq)]
pub struct EdgeRoute {
    pub from: String,
    pub to: String,
    /// The referring property (`on_true`, `cases.submit`, `next_steps[0]`, …).
    pub property: String,
    pub label: Option<String>,
    /// The edge closes a cycle (a loop back) and is drawn pointing up.
    pub back: bool,
    /// The route from source to target (the curves run between these points).
    pub points: Vec<(f64, f64)>,
}

/// The geometry of the drawing.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    pub nodes: Vec<NodeBox>,
    /// Every reference between existing steps, once. References to steps that
    /// do not exist (the lint's `dangling_reference`) are not drawn.
    pub edges: Vec<EdgeRoute>,
    pub width: f64,
    pub height: f64,
}

/// The shape a step type is drawn with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    Start,
    End,
    Action,
    PlaybookAction,
    Condition,
    Parallel,
}

impl Shape {
    fn of(kind: &str) -> Shape {
        match kind {
            "start" => Shape::Start,
            "end" => Shape::End,
            "playbook-action" => Shape::PlaybookAction,
            "if-condition" | "while-condition" | "switch-condition" => Shape::Condition,
            "parallel" => Shape::Parallel,
            _ => Shape::Action,
        }
    }

    /// Horizontal room between the outline and the text, per side.
    fn pad_x(self) -> f64 {
        match self {
            Shape::Start | Shape::End => 20.0,
            Shape::Condition => HEX_INSET + 8.0,
            Shape::PlaybookAction => 18.0,
            Shape::Action | Shape::Parallel => 12.0,
        }
    }

    fn pad_y(self) -> f64 {
        match self {
            Shape::Parallel => 14.0,
            Shape::End => 11.0,
            _ => 9.0,
        }
    }

    fn min_width(self) -> f64 {
        match self {
            Shape::Start | Shape::End => 110.0,
            _ => 160.0,
        }
    }
}

const HEX_INSET: f64 = 18.0;
/// Widest text line in a node.
const MAX_TEXT: f64 = 170.0;
const NAME_SIZE: f64 = 14.0;
const NAME_LINE: f64 = 18.0;
const SMALL_SIZE: f64 = 12.0;
const SMALL_LINE: f64 = 17.0;
const ICON: f64 = 12.0;
const BADGE_LINE: f64 = 22.0;
const LABEL_SIZE: f64 = 12.0;
const TITLE_SIZE: f64 = 18.0;
const MARGIN: f64 = 24.0;

/// A step with everything the drawing needs.
#[derive(Debug, Clone)]
struct Node {
    id: String,
    kind: String,
    shape: Shape,
    name: String,
    lines: Vec<String>,
    overlay: StepOverlay,
    status_word: String,
    /// Whether there is a run to show (a non-empty overlay): else no status marks.
    run: bool,
    /// The whole assignee, wrapped (never cut: who must act is the point).
    assignee_lines: Vec<String>,
    deadline_line: Option<String>,
    w: f64,
    h: f64,
}

#[derive(Debug, Clone)]
struct Edge {
    from: usize,
    to: usize,
    property: String,
    label: Option<String>,
}

/// The order in which a step's references are laid out, left to right: the
/// branches, with the way onwards (`on_completion`) in their middle, so that
/// it runs straight down between them to the step after the block.
fn references_in_order(step: &Step) -> Vec<(String, String)> {
    let one = |p: &str, t: &Option<String>| t.as_ref().map(|t| (p.to_string(), t.clone()));
    let mut out: Vec<(String, String)> = Vec::new();
    out.extend(one("on_true", &step.on_true));
    out.extend(one("on_false", &step.on_false));
    let mut cases: Vec<(&String, &String)> = step.cases.iter().filter(|(k, _)| k.as_str() != "default").collect();
    cases.extend(step.cases.iter().filter(|(k, _)| k.as_str() == "default"));
    for (case, t) in cases {
        out.push((format!("cases.{case}"), t.clone()));
    }
    for (i, t) in step.next_steps.iter().enumerate() {
        out.push((format!("next_steps[{i}]"), t.clone()));
    }
    out.extend(one("on_success", &step.on_success));
    out.extend(one("on_failure", &step.on_failure));
    if let Some(then) = one("on_completion", &step.on_completion) {
        out.insert(out.len().div_ceil(2), then);
    }
    out
}

fn edge_label(step: &Step, property: &str, labels: &Labels) -> Option<String> {
    let branching = matches!(step.kind.as_str(), "if-condition" | "switch-condition" | "parallel");
    Some(match property {
        "on_true" => labels.yes.clone(),
        "on_false" => labels.no.clone(),
        "on_success" => labels.success.clone(),
        "on_failure" => labels.failure.clone(),
        "on_completion" if step.kind == "while-condition" => labels.no.clone(),
        "on_completion" if branching => labels.afterwards.clone(),
        "on_completion" => return None,
        "cases.default" => labels.default_case.clone(),
        p if p.starts_with("cases.") => p["cases.".len()..].to_string(),
        p if p.starts_with("next_steps[") => {
            let n: usize = p["next_steps[".len()..p.len() - 1].parse().unwrap_or(0);
            format!("{} {}", labels.branch, n + 1)
        }
        _ => return None,
    })
}

/// Wraps and measures a step's text and so its box.
fn node(step: &Step, overlay: StepOverlay, run: bool, labels: &Labels) -> Node {
    let shape = Shape::of(&step.kind);
    let type_word = labels.types.get(&step.kind).to_string();
    let name = (labels.step_name)(&step.id).unwrap_or_else(|| type_word.clone());
    let lines = text::wrap(&name, NAME_SIZE, false, MAX_TEXT, 3);
    let status_word = labels.statuses.get(overlay.status).to_string();
    let assignee_lines = overlay
        .assignee
        .as_ref()
        .map(|a| text::wrap(&format!("{}: {a}", labels.assigned_to), SMALL_SIZE, false, MAX_TEXT, 4))
        .unwrap_or_default();
    let deadline_line = overlay
        .deadline
        .as_ref()
        .map(|d| text::truncate(&format!("{}: {d}", labels.deadline), SMALL_SIZE, false, MAX_TEXT));
    let overdue_w = if overlay.overdue { badge_width(&labels.overdue) } else { 0.0 };
    let widest = lines
        .iter()
        .map(|l| text::width(l, NAME_SIZE, false))
        .chain([if run { status_width(&status_word) } else { 0.0 }, overdue_w.min(MAX_TEXT)])
        .chain(assignee_lines.iter().chain(&deadline_line).map(|l| text::width(l, SMALL_SIZE, false)))
        .fold(0.0, f64::max);
    let w = (widest + 2.0 * shape.pad_x()).max(shape.min_width()).ceil();
    let mut h = 2.0 * shape.pad_y() + lines.len().max(1) as f64 * NAME_LINE;
    if run {
        h += 2.0 + SMALL_LINE;
    }
    h += (assignee_lines.len() + usize::from(deadline_line.is_some())) as f64 * SMALL_LINE;
    if overlay.overdue {
        h += BADGE_LINE;
    }
    Node {
        id: step.id.clone(),
        kind: step.kind.clone(),
        shape,
        name,
        lines,
        overlay,
        status_word,
        run,
        assignee_lines,
        deadline_line,
        w,
        h: h.ceil(),
    }
}

fn status_width(word: &str) -> f64 {
    ICON + 5.0 + text::width(word, SMALL_SIZE, true)
}

fn badge_width(word: &str) -> f64 {
    text::width(&format!("! {word}"), SMALL_SIZE, true) + 12.0
}

/// Everything computed once for both the SVG and the public layout.
struct Prepared {
    nodes: Vec<Node>,
    edges: Vec<Edge>,
    /// From the end of each parallel branch to the step the parallel goes
    /// on to: drawn (dashed) where the branches join, not laid out.
    joins: Vec<Edge>,
    out: layout::Output,
    /// Offset of the graph inside the SVG.
    dx: f64,
    dy: f64,
    width: f64,
    height: f64,
    legend: svg::Legend,
    title: String,
}

fn prepare(playbook: &Playbook, overlay: &BTreeMap<String, StepOverlay>, labels: &Labels) -> Prepared {
    let run = !overlay.is_empty();
    let ids: Vec<&String> = playbook.steps.keys().collect();
    let index: BTreeMap<&str, usize> = ids.iter().enumerate().map(|(i, id)| (id.as_str(), i)).collect();
    let nodes: Vec<Node> = playbook
        .steps
        .values()
        .map(|s| node(s, overlay.get(&s.id).cloned().unwrap_or_default(), run, labels))
        .collect();
    let mut edges = Vec::new();
    let mut joins = Vec::new();
    let mut blocks = Vec::new();
    for (i, step) in playbook.steps.values().enumerate() {
        for (property, target) in references_in_order(step) {
            if let Some(&to) = index.get(target.as_str()) {
                let label = edge_label(step, &property, labels);
                edges.push(Edge { from: i, to, property, label });
            }
        }
        if matches!(step.kind.as_str(), "if-condition" | "while-condition" | "switch-condition" | "parallel")
            && let Some(&then) = step.on_completion.as_deref().and_then(|c| index.get(c))
        {
            let branches: Vec<usize> = [&step.on_true, &step.on_false]
                .into_iter()
                .flatten()
                .chain(step.cases.values())
                .chain(&step.next_steps)
                .filter_map(|t| index.get(t.as_str()).copied())
                .filter(|&t| t != i)
                .collect();
            if step.kind == "parallel" {
                for end in branch_ends(playbook, &index, &branches, i, then) {
                    joins.push(Edge { from: end, to: then, property: "join".into(), label: None });
                }
            }
            blocks.push(layout::Block { step: i, branches, then });
        }
    }
    let mut roots: Vec<usize> = [&playbook.workflow_start, &playbook.workflow_exception]
        .into_iter()
        .flatten()
        .filter_map(|s| index.get(s.as_str()).copied())
        .collect();
    let mut has_incoming = vec![false; nodes.len()];
    for e in &edges {
        if e.from != e.to {
            has_incoming[e.to] = true;
        }
    }
    let orphans: Vec<usize> = (0..nodes.len()).filter(|&v| !has_incoming[v] && !roots.contains(&v)).collect();
    roots.extend(orphans);
    let input = layout::Input {
        nodes: nodes
            .iter()
            .map(|n| {
                let flat = match n.shape {
                    Shape::Condition => n.w - 2.0 * HEX_INSET,
                    Shape::Start | Shape::End => n.w - n.h.min(48.0),
                    _ => n.w - 16.0,
                };
                layout::NodeSize { w: n.w, h: n.h, flat: flat.max(0.0) }
            })
            .collect(),
        edges: edges
            .iter()
            .map(|e| layout::EdgeIn {
                from: e.from,
                to: e.to,
                label: e.label.as_ref().map(|l| (text::width(l, LABEL_SIZE, false) + 10.0, LABEL_SIZE + 6.0)),
            })
            .collect(),
        roots,
        blocks,
    };
    let out = layout::layout(&input);
    let legend = svg::Legend::new(labels, run);
    let title = labels.title.clone();
    let title_w = text::width(&title, TITLE_SIZE, true).min(900.0);
    let content_w = out.width.max(legend.width).max(title_w);
    let dx = MARGIN + (content_w - out.width) / 2.0;
    let dy = MARGIN + TITLE_SIZE + 22.0;
    let width = (content_w + 2.0 * MARGIN).ceil();
    let legend_h = legend.height(content_w);
    let height = (dy + out.height + 40.0 + legend_h + MARGIN).ceil();
    Prepared { nodes, edges, joins, out, dx, dy, width, height, legend, title }
}

/// The `end` steps the branches of a parallel step reach before its way
/// onwards: where each branch finishes and the parallel waits to join it.
fn branch_ends(
    playbook: &Playbook,
    index: &BTreeMap<&str, usize>,
    branches: &[usize],
    parallel: usize,
    then: usize,
) -> Vec<usize> {
    let steps: Vec<&Step> = playbook.steps.values().collect();
    let mut seen = vec![false; steps.len()];
    let mut todo: Vec<usize> = branches.to_vec();
    let mut out = Vec::new();
    while let Some(i) = todo.pop() {
        if i == parallel || i == then || std::mem::replace(&mut seen[i], true) {
            continue;
        }
        if steps[i].kind == "end" {
            out.push(i);
        }
        todo.extend(references_in_order(steps[i]).iter().filter_map(|(_, t)| index.get(t.as_str()).copied()));
    }
    out.sort_unstable();
    out
}

/// The geometry of the drawing [`render`] makes, for checks and for pages that
/// want to place things beside the steps.
pub fn layout(playbook: &Playbook, overlay: &BTreeMap<String, StepOverlay>, labels: &Labels) -> Layout {
    let p = prepare(playbook, overlay, labels);
    layout_of(&p)
}

fn layout_of(p: &Prepared) -> Layout {
    let nodes = p
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| NodeBox {
            step: n.id.clone(),
            layer: p.out.layer[i],
            x: p.dx + p.out.x[i] - n.w / 2.0,
            y: p.dy + p.out.y[i],
            width: n.w,
            height: n.h,
        })
        .collect();
    let edges = p
        .edges
        .iter()
        .zip(&p.out.edges)
        .map(|(e, r)| EdgeRoute {
            from: p.nodes[e.from].id.clone(),
            to: p.nodes[e.to].id.clone(),
            property: e.property.clone(),
            label: e.label.clone(),
            back: r.back,
            points: r.points.iter().map(|(x, y)| (x + p.dx, y + p.dy)).collect(),
        })
        .collect();
    Layout { nodes, edges, width: p.width, height: p.height }
}

/// Draws the playbook with the overlay's status per step; the same content as
/// text, in reading order, for screen readers.
pub fn render(playbook: &Playbook, overlay: &BTreeMap<String, StepOverlay>, labels: &Labels) -> Graph {
    let p = prepare(playbook, overlay, labels);
    let svg = svg::draw(&p, playbook, labels);
    let text_alternative = p
        .out
        .reading_order
        .iter()
        .map(|&i| {
            let n = &p.nodes[i];
            TextStep {
                step: n.id.clone(),
                name: n.name.clone(),
                step_type: n.kind.clone(),
                type_label: labels.types.get(&n.kind).to_string(),
                status: n.overlay.status,
                status_label: n.status_word.clone(),
                assignee: n.overlay.assignee.clone(),
                deadline: n.overlay.deadline.clone(),
                overdue: n.overlay.overdue,
                joins: p.joins.iter().find(|e| e.from == i).map(|e| TextLink {
                    step: p.nodes[e.to].id.clone(),
                    name: p.nodes[e.to].name.clone(),
                    label: None,
                }),
                leads_to: p
                    .edges
                    .iter()
                    .filter(|e| e.from == i)
                    .map(|e| TextLink {
                        step: p.nodes[e.to].id.clone(),
                        name: p.nodes[e.to].name.clone(),
                        label: e.label.clone(),
                    })
                    .collect(),
            }
        })
        .collect();
    Graph { svg, text_alternative }
}

/// Colours of a status: outline and icon, fill, and the status word's colour.
/// Against the white background the outline has at least 3:1 and the words
/// at least 4.5:1 on the fill (checked in the tests).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatusColours {
    pub stroke: &'static str,
    pub fill: &'static str,
    pub text: &'static str,
}

pub const BACKGROUND: &str = "#ffffff";
/// Step names and other text.
pub const TEXT: &str = "#1a1a1a";
/// Edges and their labels' text.
pub const EDGE: &str = "#4d4d4d";
/// The overdue badge (white text on it).
pub const OVERDUE: &str = "#b0001e";

pub fn status_colours(status: StepStatus) -> StatusColours {
    let (stroke, fill) = match status {
        StepStatus::NotReached => ("#5f5f5f", "#ffffff"),
        StepStatus::Active => ("#0b4f9c", "#e7f0fa"),
        StepStatus::Waiting => ("#8a4600", "#fdf1e1"),
        StepStatus::Done => ("#1c6b32", "#e6f4e9"),
        StepStatus::Failed => ("#b0001e", "#fcebed"),
        StepStatus::Skipped => ("#595959", "#eeeeee"),
        StepStatus::Cancelled => ("#6b3d99", "#f1ecf7"),
        StepStatus::Restricted => ("#3d3d3d", "#e3e3e3"),
    };
    StatusColours { stroke, fill, text: stroke }
}
