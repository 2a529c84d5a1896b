//! The graph of a draaiboek: every built-in and the OASIS examples draw; every
//! step and reference appears once, in the SVG and in the text alternative;
//! the drawing is deterministic, escaped, accessible, readable (font size,
//! contrast) and its boxes do not overlap; a loop back does not break the layers.
#![allow(clippy::expect_used, clippy::unwrap_used, reason = "test code: a failed expectation is the test failing")]
#![allow(
    clippy::let_underscore_must_use,
    clippy::clone_on_ref_ptr,
    reason = "test code: clean-up that may fail (a temp dir, a killed child) and shared fixtures"
)]

use regex::Regex;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use verbinding_playbook::graph::{self, Graph, Labels, StepOverlay, StepStatus};
use verbinding_playbook::{Playbook, builtin};

fn corpus(relative: &str) -> std::path::PathBuf {
    let candidates = [
        std::env::var("VERBINDING_CORPUS").ok().map(std::path::PathBuf::from),
        Some(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus")),
        Some(std::path::PathBuf::from("/work/shared/corpus")),
    ];
    candidates.into_iter().flatten().map(|base| base.join(relative)).find(|p| p.exists()).unwrap_or_else(|| {
        panic!("corpus file {relative} not found: set VERBINDING_CORPUS to the shared corpus folder")
    })
}

/// The OASIS examples that parse as playbooks, with their file names.
fn oasis_examples() -> Vec<(String, Playbook)> {
    let dir = corpus("cacao/examples/oasis-tcs-cacao");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("read the examples")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for f in files {
        let Ok(doc) = serde_json::from_str::<Value>(&std::fs::read_to_string(&f).expect("read")) else { continue };
        if let Ok(p) = Playbook::parse(doc) {
            out.push((f.file_name().expect("name").to_string_lossy().into_owned(), p));
        }
    }
    assert!(out.len() >= 4, "the OASIS examples with a workflow: {}", out.len());
    out
}

fn every_playbook() -> Vec<(String, Playbook)> {
    let mut all: Vec<(String, Playbook)> =
        builtin::all().expect("built-ins").into_iter().map(|(s, p)| (s.to_string(), p)).collect();
    all.extend(oasis_examples());
    all
}

/// Every status, some assignees, deadlines and overdue steps.
fn sample_overlay(p: &Playbook) -> BTreeMap<String, StepOverlay> {
    p.steps
        .keys()
        .enumerate()
        .map(|(i, id)| {
            (
                id.clone(),
                StepOverlay {
                    status: StepStatus::ALL[i % StepStatus::ALL.len()],
                    assignee: (i % 3 == 0)
                        .then(|| "Ministerie van Buitenlandse Zaken, directie Veiligheidsbeleid".into()),
                    deadline: (i % 4 == 1).then(|| "ma 3 nov 17:00".into()),
                    overdue: i % 5 == 2,
                },
            )
        })
        .collect()
}

fn references(p: &Playbook) -> usize {
    p.steps.values().flat_map(|s| s.references()).filter(|(_, t)| p.steps.contains_key(*t)).count()
}

fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

/// The element names in order of opening, checking that every element closes
/// in order and that no `<` or `&` stands outside a tag or an entity.
fn elements(svg: &str) -> Vec<String> {
    let entity = Regex::new(r"^&(amp|lt|gt|quot|apos);").expect("re");
    let mut stack: Vec<String> = Vec::new();
    let mut opened = Vec::new();
    let mut rest = svg;
    while let Some(i) = rest.find(['<', '&']) {
        if rest[i..].starts_with('&') {
            assert!(entity.is_match(&rest[i..]), "bare & at {}", &rest[i..(i + 20).min(rest.len())]);
            rest = &rest[i + 1..];
            continue;
        }
        let end = rest[i..].find('>').expect("tag closes") + i;
        let tag = &rest[i + 1..end];
        assert!(!tag.contains('<'), "< inside a tag: {tag}");
        if let Some(close) = tag.strip_prefix('/') {
            assert_eq!(stack.pop().as_deref(), Some(close), "closing {close}");
        } else {
            let name = tag.split([' ', '/']).next().expect("name").to_string();
            opened.push(name.clone());
            if !tag.ends_with('/') {
                stack.push(name);
            }
        }
        rest = &rest[end + 1..];
    }
    assert!(stack.is_empty(), "unclosed {stack:?}");
    opened
}

fn check_complete(name: &str, p: &Playbook, g: &Graph) {
    let names = elements(&g.svg);
    let allowed = ["svg", "title", "desc", "defs", "marker", "path", "rect", "g", "text", "polygon", "circle"];
    assert!(names.iter().all(|n| allowed.contains(&n.as_str())), "{name}: only drawing elements: {names:?}");
    assert_eq!(count(&g.svg, "<g class=\"step\""), p.steps.len(), "{name}: steps drawn");
    for id in p.steps.keys() {
        let escaped = graph::escape(id);
        assert_eq!(count(&g.svg, &format!("data-step=\"{escaped}\"")), 1, "{name}: {id} drawn once");
        assert_eq!(g.text_alternative.iter().filter(|t| &t.step == id).count(), 1, "{name}: {id} listed once");
    }
    assert_eq!(g.text_alternative.len(), p.steps.len(), "{name}");
    assert_eq!(count(&g.svg, "<g class=\"edge\">"), references(p), "{name}: one edge per reference");
    for t in &g.text_alternative {
        let step = &p.steps[&t.step];
        let refs: Vec<&str> =
            step.references().into_iter().map(|(_, t)| t).filter(|t| p.steps.contains_key(*t)).collect();
        let mut got: Vec<&str> = t.leads_to.iter().map(|l| l.step.as_str()).collect();
        let mut want = refs.clone();
        got.sort();
        want.sort();
        assert_eq!(got, want, "{name}: {} leads to", t.step);
    }
}

#[test]
fn every_built_in_and_oasis_example_draws_each_step_and_reference_once() {
    for (name, p) in every_playbook() {
        let labels = Labels::english(&p);
        for overlay in [BTreeMap::new(), sample_overlay(&p)] {
            let g = graph::render(&p, &overlay, &labels);
            check_complete(&name, &p, &g);
            let layout = graph::layout(&p, &overlay, &labels);
            assert_eq!(layout.nodes.len(), p.steps.len(), "{name}");
            assert_eq!(layout.edges.len(), references(&p), "{name}");
        }
    }
}

#[test]
fn the_same_input_gives_the_same_bytes() {
    for (slug, json) in builtin::BUILTIN {
        let a = Playbook::parse(serde_json::from_str(json).expect("json")).expect("parse");
        let b = Playbook::parse(serde_json::from_str(json).expect("json")).expect("parse");
        let (la, lb) = (Labels::english(&a), Labels::english(&b));
        let (ga, gb) = (graph::render(&a, &sample_overlay(&a), &la), graph::render(&b, &sample_overlay(&b), &lb));
        assert_eq!(ga, gb, "{slug}");
        assert_eq!(graph::render(&a, &BTreeMap::new(), &la), graph::render(&a, &BTreeMap::new(), &la), "{slug}");
    }
}

fn tiny(steps: Value) -> Playbook {
    Playbook::parse(json!({
        "type": "playbook", "spec_version": "cacao-2.0", "id": "playbook--00000000-0000-4000-8000-000000000001",
        "name": "Test <playbook> & \"friends\"", "workflow_start": "start--1", "workflow": steps
    }))
    .expect("parse")
}

#[test]
fn names_from_an_imported_playbook_are_escaped_everywhere() {
    let p = tiny(json!({
        "start--1": {"type": "start", "on_completion": "action--1"},
        "action--1": {"type": "action", "name": "<script>alert(1)</script>", "on_completion": "if-condition--1"},
        "if-condition--1": {"type": "if-condition", "name": "Tom & Jerry's \"choice\"", "condition": "x",
                            "on_true": "end--1", "on_false": "end--1"},
        "end--1": {"type": "end", "name": "</svg><svg onload=alert(1)>"}
    }));
    let overlay = BTreeMap::from([(
        "action--1".to_string(),
        StepOverlay {
            status: StepStatus::Active,
            assignee: Some("<img src=x onerror=alert(1)>".into()),
            deadline: Some("\"now\" & 'then'".into()),
            overdue: true,
        },
    )]);
    let g = graph::render(&p, &overlay, &Labels::english(&p));
    assert!(!g.svg.contains("<script"), "no script element");
    assert!(g.svg.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(g.svg.contains("Tom &amp; Jerry&apos;s &quot;choice&quot;"));
    assert!(g.svg.contains("&lt;/svg&gt;&lt;svg onload=alert(1)&gt;"));
    assert!(!g.svg.contains("<img") && g.svg.contains("&lt;img src=x onerror=alert(1)&gt;"));
    assert!(g.svg.contains("&quot;now&quot; &amp; &apos;then&apos;"));
    assert!(g.svg.contains("Test &lt;playbook&gt; &amp; &quot;friends&quot;"), "the title");
    assert_eq!(count(&g.svg, "<svg"), 1);
    assert_eq!(count(&g.svg, "</svg>"), 1);
    // The text alternative keeps the words as they are: the page escapes them.
    assert!(g.text_alternative.iter().any(|t| t.name == "<script>alert(1)</script>"));
    check_complete("escaping", &p, &g);
}

#[test]
fn statuses_assignees_deadlines_and_overdue_show_in_the_drawing_and_the_text() {
    let p = builtin::parse("national-response").expect("built-in");
    let labels = Labels::english(&p);
    let overlay = sample_overlay(&p);
    let g = graph::render(&p, &overlay, &labels);
    let layout = graph::layout(&p, &overlay, &labels);
    for t in &g.text_alternative {
        let o = &overlay[&t.step];
        assert_eq!(t.status, o.status);
        assert_eq!(t.status_label, labels.statuses.get(o.status));
        assert_eq!((&t.assignee, &t.deadline, t.overdue), (&o.assignee, &o.deadline, o.overdue));
        // The step's group in the SVG: its title names status, assignee, deadline
        // and overdue, and the status word and the badge are drawn.
        let start = g.svg.find(&format!("data-step=\"{}\"", t.step)).expect("drawn");
        let group = &g.svg[start..start + g.svg[start..].find("</g>").expect("group ends")];
        let title = &group[group.find("<title>").expect("title")..group.find("</title>").expect("title")];
        assert!(title.contains(&graph::escape(&t.name)), "{title}");
        assert!(title.contains(labels.statuses.get(o.status)), "{title}");
        assert!(group.contains(&format!(">{}</text>", labels.statuses.get(o.status))), "status word drawn");
        if let Some(a) = &o.assignee {
            assert!(title.contains(&format!("assigned to: {a}")), "{title}");
            assert!(group.contains(">assigned to: "), "assignee drawn");
        }
        if let Some(d) = &o.deadline {
            assert!(title.contains(&format!("deadline: {d}")) && group.contains(&format!(">deadline: {d}</text>")));
        }
        assert_eq!(group.contains(">! overdue</text>"), o.overdue, "{}: overdue badge", t.step);
        assert_eq!(title.ends_with("; overdue"), o.overdue, "{title}");
        // Overdue steps are taller by the badge's line; none overlaps another.
        assert!(layout.nodes.iter().any(|n| n.step == t.step));
    }
    for status in StepStatus::ALL {
        assert!(g.text_alternative.iter().any(|t| t.status == status), "{status:?} shown");
    }
    // Without an overlay there is no run: every step is "not reached" in the
    // text, and the drawing shows the draaiboek itself, without status marks.
    let plain = graph::render(&p, &BTreeMap::new(), &labels);
    assert!(plain.text_alternative.iter().all(|t| t.status == StepStatus::NotReached && !t.overdue));
    assert!(!plain.svg.contains("! overdue"));
    for word in ["not reached", "active", "done"] {
        assert!(!plain.svg.contains(&format!(">{word}</text>")), "{word}");
    }
    assert!(plain.svg.contains("<title>Start (start)</title>"));
    // One step in the overlay is enough for a run: the others are "not reached".
    let one = BTreeMap::from([(
        "start--22e6e33b-c896-417b-bce8-316c3fc931ad".to_string(),
        StepOverlay { status: StepStatus::Done, ..StepOverlay::default() },
    )]);
    let run = graph::render(&p, &one, &labels);
    assert_eq!(count(&run.svg, ">not reached</text>"), p.steps.len(), "every other step, and the legend");
    assert!(run.svg.contains("<title>Start (start): done</title>"));
}

fn overlap(a: &graph::NodeBox, b: &graph::NodeBox) -> bool {
    a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height
}

#[test]
fn no_two_step_boxes_overlap_and_all_lie_inside_the_drawing() {
    for (name, p) in every_playbook() {
        let labels = Labels::english(&p);
        for overlay in [BTreeMap::new(), sample_overlay(&p)] {
            let l = graph::layout(&p, &overlay, &labels);
            for (i, a) in l.nodes.iter().enumerate() {
                assert!(a.x >= 0.0 && a.y >= 0.0, "{name}: {} inside", a.step);
                assert!(a.x + a.width <= l.width && a.y + a.height <= l.height, "{name}: {} inside", a.step);
                for b in &l.nodes[i + 1..] {
                    assert!(!overlap(a, b), "{name}: {} and {} overlap", a.step, b.step);
                }
            }
            // Edges start and end on the boxes of their steps.
            for e in &l.edges {
                let from = l.nodes.iter().find(|n| n.step == e.from).expect("from");
                let to = l.nodes.iter().find(|n| n.step == e.to).expect("to");
                let (first, last) = (e.points[0], e.points[e.points.len() - 1]);
                let on = |n: &graph::NodeBox, (x, y): (f64, f64)| {
                    x >= n.x - 0.01 && x <= n.x + n.width + 0.01 && y >= n.y - 0.01 && y <= n.y + n.height + 0.01
                };
                assert!(on(from, first) && on(to, last), "{name}: {} → {}", e.from, e.to);
            }
        }
    }
}

#[test]
fn steps_come_after_the_steps_that_lead_to_them_and_blocks_close_below_their_branches() {
    for (name, p) in every_playbook() {
        let labels = Labels::english(&p);
        let l = graph::layout(&p, &BTreeMap::new(), &labels);
        let layer: BTreeMap<&str, usize> = l.nodes.iter().map(|n| (n.step.as_str(), n.layer)).collect();
        let node: BTreeMap<&str, &graph::NodeBox> = l.nodes.iter().map(|n| (n.step.as_str(), n)).collect();
        for e in l.edges.iter().filter(|e| !e.back) {
            assert!(layer[e.to.as_str()] > layer[e.from.as_str()], "{name}: {} → {}", e.from, e.to);
            assert!(node[e.to.as_str()].y > node[e.from.as_str()].y + node[e.from.as_str()].height);
        }
        assert!(l.edges.iter().all(|e| !e.back), "{name}: no loops back in the built-ins and examples");
        // The step after an if, switch or parallel sits below all of its branches' steps.
        for s in
            p.steps.values().filter(|s| matches!(s.kind.as_str(), "if-condition" | "switch-condition" | "parallel"))
        {
            let Some(then) = &s.on_completion else { continue };
            let branches: Vec<&String> =
                s.on_true.iter().chain(&s.on_false).chain(s.cases.values()).chain(&s.next_steps).collect();
            for b in branches {
                assert!(layer[then.as_str()] > layer[b.as_str()], "{name}: {then} below {b}");
            }
        }
        // Reading order follows the layers.
        let g = graph::render(&p, &BTreeMap::new(), &labels);
        let order: Vec<usize> = g.text_alternative.iter().map(|t| layer[t.step.as_str()]).collect();
        assert!(order.windows(2).all(|w| w[0] <= w[1]), "{name}: reading order");
        assert_eq!(g.text_alternative.first().map(|t| Some(&t.step)), Some(p.workflow_start.as_ref()), "{name}");
    }
}

#[test]
fn a_while_loop_back_edge_does_not_break_the_layers() {
    let p = tiny(json!({
        "start--1": {"type": "start", "on_completion": "while-condition--1"},
        "while-condition--1": {"type": "while-condition", "name": "More to review?", "condition": "x",
                               "on_true": "action--1", "on_completion": "end--1"},
        "action--1": {"type": "action", "name": "Review", "on_completion": "action--2"},
        "action--2": {"type": "action", "name": "Record", "on_completion": "while-condition--1"},
        "end--1": {"type": "end", "name": "Done"}
    }));
    let labels = Labels::english(&p);
    let l = graph::layout(&p, &BTreeMap::new(), &labels);
    let layer: BTreeMap<&str, usize> = l.nodes.iter().map(|n| (n.step.as_str(), n.layer)).collect();
    assert_eq!(
        (layer["start--1"], layer["while-condition--1"], layer["action--1"], layer["action--2"], layer["end--1"]),
        (0, 1, 2, 3, 4),
        "the loop's way out comes after its body"
    );
    let back: Vec<(&str, &str)> = l.edges.iter().filter(|e| e.back).map(|e| (e.from.as_str(), e.to.as_str())).collect();
    assert_eq!(back, vec![("action--2", "while-condition--1")]);
    // Drawn pointing up: the route starts at the lower step and ends at the loop's head.
    let e = l.edges.iter().find(|e| e.back).expect("back edge");
    assert!(e.points[0].1 > e.points[e.points.len() - 1].1);
    let g = graph::render(&p, &BTreeMap::new(), &labels);
    check_complete("while", &p, &g);
    let w = g.text_alternative.iter().find(|t| t.step == "while-condition--1").expect("while");
    let labels_of: Vec<(&str, Option<&str>)> =
        w.leads_to.iter().map(|l| (l.name.as_str(), l.label.as_deref())).collect();
    assert_eq!(labels_of, vec![("Review", Some("yes")), ("Done", Some("no"))]);

    // A cycle without a condition (SOARCA's infinite playbook) and a step that refers to itself draw too.
    let text =
        std::fs::read_to_string(corpus("cacao/examples/soarca/test__playbooks__infinite_playbook.json")).expect("read");
    let soarca = Playbook::parse(serde_json::from_str(&text).expect("json")).expect("parse");
    check_complete("infinite", &soarca, &graph::render(&soarca, &BTreeMap::new(), &Labels::english(&soarca)));
    let selfish = tiny(json!({
        "start--1": {"type": "start", "on_completion": "action--1"},
        "action--1": {"type": "action", "name": "Again", "on_completion": "action--1", "on_failure": "end--1"},
        "end--1": {"type": "end"}
    }));
    let g = graph::render(&selfish, &BTreeMap::new(), &Labels::english(&selfish));
    check_complete("self", &selfish, &g);
    // An end step without a name is called by its type.
    assert!(g.text_alternative.iter().any(|t| t.step == "end--1" && t.name == "end"));
}

#[test]
fn references_to_missing_steps_are_left_out() {
    let p = tiny(json!({
        "start--1": {"type": "start", "on_completion": "action--1"},
        "action--1": {"type": "action", "name": "A", "on_success": "end--1", "on_failure": "action--404"},
        "end--1": {"type": "end", "name": "E"}
    }));
    let g = graph::render(&p, &BTreeMap::new(), &Labels::english(&p));
    assert_eq!(count(&g.svg, "<g class=\"edge\">"), 2);
    check_complete("dangling", &p, &g);
}

#[test]
fn branches_are_labelled_with_the_words_given() {
    let p = builtin::parse("national-response").expect("built-in");
    let mut labels = Labels::english(&p);
    labels.yes = "ja".into();
    labels.no = "nee".into();
    labels.branch = "tak".into();
    labels.afterwards = "daarna".into();
    labels.default_case = "overig".into();
    let g = graph::render(&p, &BTreeMap::new(), &labels);
    let of = |id: &str| -> Vec<Option<String>> {
        g.text_alternative
            .iter()
            .find(|t| t.step == id)
            .expect("step")
            .leads_to
            .iter()
            .map(|l| l.label.clone())
            .collect()
    };
    let s = |x: &str| Some(x.to_string());
    assert_eq!(
        of("switch-condition--521ac0ea-d5f7-419c-b847-98311a63d245"),
        vec![s("attribute-privately"), s("attribute-publicly"), s("daarna"), s("do-not-attribute"), s("overig")]
    );
    assert_eq!(of("if-condition--42d7a996-db42-4701-b384-65d5f7102447"), vec![s("ja"), s("daarna"), s("nee")]);
    assert_eq!(
        of("parallel--5a7bb26c-8303-44c6-8972-d3ab8958e675"),
        vec![s("tak 1"), s("tak 2"), s("daarna"), s("tak 3")]
    );
    assert_eq!(of("action--b7643c4a-52d6-4a01-9807-9edd2f5de8f2"), vec![None]);
    for word in ["ja", "nee", "tak 1", "daarna", "overig", "attribute-publicly"] {
        assert!(g.svg.contains(&format!(">{word}</text>")), "{word} drawn");
    }
    let eu = builtin::parse("eu-common-response").expect("built-in");
    let g = graph::render(&eu, &BTreeMap::new(), &Labels::english(&eu));
    let council = g.text_alternative.iter().find(|t| t.name == "Agreement in the Council (unanimity)").expect("step");
    let got: Vec<Option<&str>> = council.leads_to.iter().map(|l| l.label.as_deref()).collect();
    assert_eq!(got, vec![Some("success"), Some("failure")]);
}

#[test]
fn dutch_names_come_from_the_extension() {
    let p = builtin::parse("national-response").expect("built-in");
    assert_eq!(graph::step_name(&p, "start--22e6e33b-c896-417b-bce8-316c3fc931ad", "en").as_deref(), Some("Start"));
    let nl = graph::step_name(&p, "action--b7643c4a-52d6-4a01-9807-9edd2f5de8f2", "nl").expect("Dutch name");
    assert_ne!(nl, "Open the incident dossier and convene the core team");
    let mut labels = Labels::english(&p);
    labels.step_name = Box::new(|id| graph::step_name(&p, id, "nl"));
    let g = graph::render(&p, &BTreeMap::new(), &labels);
    let t = g.text_alternative.iter().find(|t| t.step == "action--b7643c4a-52d6-4a01-9807-9edd2f5de8f2").expect("step");
    assert_eq!(t.name, nl);
    assert!(g.svg.contains(&graph::escape(&nl)));
}

#[test]
fn the_svg_is_self_contained_accessible_and_scales() {
    let re_size = Regex::new(r#"^<svg [^>]*width="(\d+)" height="(\d+)" viewBox="0 0 (\d+) (\d+)""#).expect("re");
    let re_font = Regex::new(r#"font-size="([\d.]+)""#).expect("re");
    let re_ids = Regex::new(r#"aria-labelledby="([^" ]+) ([^" ]+)""#).expect("re");
    for (name, p) in every_playbook() {
        let g = graph::render(&p, &sample_overlay(&p), &Labels::english(&p));
        let svg = &g.svg;
        let size = re_size.captures(svg).unwrap_or_else(|| panic!("{name}: width, height and viewBox"));
        assert_eq!((&size[1], &size[2]), (&size[3], &size[4]), "{name}");
        assert!(svg.contains(" role=\"img\""), "{name}");
        let ids = re_ids.captures(svg).expect("aria-labelledby");
        assert!(svg.contains(&format!("<title id=\"{}\">", &ids[1])), "{name}: title");
        assert!(svg.contains(&format!("<desc id=\"{}\">", &ids[2])), "{name}: desc");
        assert!(svg.ends_with("</svg>"));
        for forbidden in
            ["<script", "<style", "style=", "href", "<image", "<foreignObject", "<use", "@import", "url(http"]
        {
            assert!(!svg.contains(forbidden), "{name}: {forbidden}");
        }
        assert_eq!(count(svg, "http"), 1, "{name}: only the SVG namespace");
        for c in re_font.captures_iter(svg) {
            assert!(c[1].parse::<f64>().expect("size") >= 12.0, "{name}: font-size {}", &c[1]);
        }
        // Each step's group has its own title.
        assert_eq!(count(svg, "<g class=\"step\""), count(svg, "<g class=\"step\" data-step=\""), "{name}");
        let groups = svg.split("<g class=\"step\"").skip(1);
        assert!(groups.into_iter().all(|g| g.split_once('>').is_some_and(|(_, rest)| rest.starts_with("<title>"))));
    }
}

#[test]
fn long_names_wrap_onto_three_lines_at_most_and_end_in_an_ellipsis() {
    let long = "Coordinate the interdepartmental consultation on the attribution of the state cyber operation \
                with all ministries, the intelligence services and the legal advisers before the deadline";
    let p = tiny(json!({
        "start--1": {"type": "start", "on_completion": "action--1"},
        "action--1": {"type": "action", "name": long, "on_completion": "end--1"},
        "end--1": {"type": "end", "name": "Supercalifragilisticexpialidociouslylongunbrokenwordthatneverends"}
    }));
    let g = graph::render(&p, &BTreeMap::new(), &Labels::english(&p));
    let start = g.svg.find("data-step=\"action--1\"").expect("drawn");
    let group = &g.svg[start..start + g.svg[start..].find("</g>").expect("end")];
    let name_lines = count(group, "font-size=\"14\"");
    assert_eq!(name_lines, 3, "{group}");
    assert!(group.contains("…</text>"));
    // The full name stays in the step's title and the text alternative.
    assert!(group.contains(&format!("<title>{long}")));
    assert_eq!(g.text_alternative.iter().find(|t| t.step == "action--1").map(|t| t.name.as_str()), Some(long));
    let l = graph::layout(&p, &BTreeMap::new(), &Labels::english(&p));
    assert!(l.nodes.iter().all(|n| n.width <= 260.0), "boxes stay narrow: {:?}", l.nodes);
}

fn luminance(hex: &str) -> f64 {
    let c = |i: usize| {
        let v = u8::from_str_radix(&hex[i..i + 2], 16).expect("hex") as f64 / 255.0;
        if v <= 0.03928 { v / 12.92 } else { ((v + 0.055) / 1.055).powf(2.4) }
    };
    0.2126 * c(1) + 0.7152 * c(3) + 0.0722 * c(5)
}

fn contrast(a: &str, b: &str) -> f64 {
    let (x, y) = (luminance(a), luminance(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

#[test]
fn colours_have_enough_contrast() {
    for status in StepStatus::ALL {
        let c = graph::status_colours(status);
        assert!(contrast(c.stroke, graph::BACKGROUND) >= 3.0, "{status:?} outline");
        assert!(contrast(c.text, c.fill) >= 4.5, "{status:?} word on its fill");
        assert!(contrast(graph::TEXT, c.fill) >= 4.5, "{status:?} names on the fill");
    }
    assert!(contrast(graph::EDGE, graph::BACKGROUND) >= 4.5, "edges and their labels");
    assert!(contrast(graph::BACKGROUND, graph::OVERDUE) >= 4.5, "overdue badge");
    assert!(contrast(graph::TEXT, graph::BACKGROUND) >= 4.5);
}

/// With `VERBINDING_GRAPH_OUT=DIR`, writes each built-in's SVG (with a sample
/// overlay and without) to DIR for looking at; otherwise does nothing.
#[test]
fn write_the_built_ins_for_viewing() {
    let Ok(dir) = std::env::var("VERBINDING_GRAPH_OUT") else { return };
    for (slug, p) in builtin::all().expect("built-ins") {
        let labels = Labels::english(&p);
        let g = graph::render(&p, &sample_overlay(&p), &labels);
        std::fs::write(format!("{dir}/graph-{slug}.svg"), &g.svg).expect("write");
        let plain = graph::render(&p, &BTreeMap::new(), &labels);
        std::fs::write(format!("{dir}/graph-{slug}-plain.svg"), &plain.svg).expect("write");
    }
    for seed in [3, 17, 134] {
        let p = random_playbook(seed);
        let g = graph::render(&p, &sample_overlay(&p), &Labels::english(&p));
        std::fs::write(format!("{dir}/graph-random-{seed}.svg"), &g.svg).expect("write");
    }
}

/// A small deterministic generator (no dependency).
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n
    }
}

/// Playbooks with joins, loops, self-references, missing steps and every step type.
fn random_playbook(seed: u64) -> Playbook {
    let mut rng = Rng(seed);
    let kinds = [
        "action",
        "action",
        "action",
        "if-condition",
        "switch-condition",
        "parallel",
        "while-condition",
        "end",
        "playbook-action",
    ];
    let n = 4 + rng.below(36);
    let ids: Vec<String> = (0..n)
        .map(|i| if i == 0 { "start--0".into() } else { format!("{}--{i}", kinds[rng.below(kinds.len())]) })
        .collect();
    // Mostly forward (a tree with joins), sometimes anywhere (cycles) or nowhere.
    let forward = |rng: &mut Rng, i: usize| ids[(i + 1 + rng.below(4)).min(n - 1)].clone();
    let anywhere =
        |rng: &mut Rng| if rng.below(10) == 0 { "action--missing".to_string() } else { ids[rng.below(n)].clone() };
    let mut workflow = serde_json::Map::new();
    for (i, id) in ids.iter().enumerate() {
        let kind = id.split("--").next().expect("kind");
        let mut step = json!({"type": kind, "name": format!("Step {i} of kind {kind}")});
        match kind {
            "end" => {}
            "if-condition" => {
                step["on_true"] = json!(forward(&mut rng, i));
                step["on_false"] = json!(anywhere(&mut rng));
                step["on_completion"] = json!(forward(&mut rng, i));
            }
            "while-condition" => {
                step["on_true"] = json!(forward(&mut rng, i));
                step["on_completion"] = json!(anywhere(&mut rng));
            }
            "switch-condition" => {
                step["cases"] =
                    json!({"a": forward(&mut rng, i), "b": anywhere(&mut rng), "default": forward(&mut rng, i)});
                step["on_completion"] = json!(forward(&mut rng, i));
            }
            "parallel" => {
                step["next_steps"] = json!([forward(&mut rng, i), anywhere(&mut rng), forward(&mut rng, i)]);
                step["on_completion"] = json!(forward(&mut rng, i));
            }
            _ if rng.below(3) == 0 => {
                step["on_success"] = json!(forward(&mut rng, i));
                step["on_failure"] = json!(anywhere(&mut rng));
            }
            _ => {
                let to = if rng.below(2) == 0 { forward(&mut rng, i) } else { anywhere(&mut rng) };
                step["on_completion"] = json!(to);
            }
        }
        workflow.insert(id.clone(), step);
    }
    Playbook::parse(json!({"type": "playbook", "id": format!("playbook--{seed}"), "name": "random",
                           "workflow_start": "start--0", "workflow": workflow}))
    .expect("parse")
}

#[test]
fn arbitrary_graphs_with_joins_and_cycles_draw_completely_without_overlap() {
    for seed in 0..120 {
        let p = random_playbook(seed);
        let labels = Labels::english(&p);
        let overlay = sample_overlay(&p);
        let g = graph::render(&p, &overlay, &labels);
        check_complete(&format!("seed {seed}"), &p, &g);
        assert_eq!(g, graph::render(&p, &overlay, &labels), "seed {seed}: deterministic");
        let l = graph::layout(&p, &overlay, &labels);
        for (i, a) in l.nodes.iter().enumerate() {
            for b in &l.nodes[i + 1..] {
                assert!(!overlap(a, b), "seed {seed}: {} and {} overlap", a.step, b.step);
            }
        }
        let layer: BTreeMap<&str, usize> = l.nodes.iter().map(|n| (n.step.as_str(), n.layer)).collect();
        for e in l.edges.iter().filter(|e| e.from != e.to) {
            let (a, b) = (layer[e.from.as_str()], layer[e.to.as_str()]);
            assert!(if e.back { b < a } else { a < b }, "seed {seed}: {} → {} (back {})", e.from, e.to, e.back);
        }
    }
}

#[test]
fn an_empty_workflow_draws_an_empty_graph() {
    let p = tiny(json!({}));
    let g = graph::render(&p, &BTreeMap::new(), &Labels::english(&p));
    assert!(g.text_alternative.is_empty());
    assert_eq!(count(&g.svg, "<g class=\"step\""), 0);
    elements(&g.svg);
}

#[test]
fn the_whole_assignee_shows_and_parallel_branches_join_where_the_block_goes_on() {
    let p = builtin::parse("national-response").expect("built-in");
    let overlay = sample_overlay(&p);
    let g = graph::render(&p, &overlay, &Labels::english(&p));
    // Who must act is never cut short: every word of a long assignee is drawn.
    for word in ["Buitenlandse", "Zaken,", "Veiligheidsbeleid"] {
        assert!(g.svg.contains(word), "{word} is drawn");
    }
    assert!(!g.svg.contains("Ministerie va…"), "not truncated");
    // The three assessment branches each end, and join in the consolidation.
    let consolidate = p
        .steps
        .keys()
        .find(|id| {
            graph::step_name(&p, id, "en").as_deref() == Some("Consolidate the assessments and response options")
        })
        .expect("consolidation step");
    let mut joining: Vec<&str> = g
        .text_alternative
        .iter()
        .filter(|t| t.joins.as_ref().is_some_and(|j| &j.step == consolidate))
        .map(|t| t.name.as_str())
        .collect();
    joining.sort_unstable();
    assert_eq!(
        joining,
        ["Intelligence assessment delivered", "Legal assessment delivered", "Technical assessment delivered"]
    );
    let joins_drawn = count(&g.svg, "<g class=\"edge join\">");
    let all_joins = g.text_alternative.iter().filter(|t| t.joins.is_some()).count();
    assert_eq!(joins_drawn, all_joins, "each join is drawn once");
    // A join is drawn, not a reference: the references stay one edge each.
    assert_eq!(count(&g.svg, "<g class=\"edge\">"), references(&p));
}
