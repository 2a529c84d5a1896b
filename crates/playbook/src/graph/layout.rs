//! Layered drawing (Sugiyama style), top to bottom, without anything about
//! playbooks: nodes with a size, edges between them.
//!
//! 1. Cycles: a depth-first search from the roots (in the order given) marks
//!    the edges that close a cycle (a while-loop's way back); they are laid out
//!    reversed and drawn pointing back up.
//! 2. Layers: longest path from the roots over the remaining edges plus the
//!    *blocks*' ordering constraints: the step after an if, switch, while or
//!    parallel (`on_completion`) comes below everything its branches lead to.
//! 3. Edges over more than one layer get a dummy per layer in between, so they
//!    take part in ordering and keep clear of the nodes.
//! 4. Order within a layer: depth-first order (a block's way onwards between
//!    its branches), then barycentre sweeps down and up with adjacent swaps,
//!    keeping the order with the fewest crossings.
//! 5. x: a tidy tree drawing (Reingold–Tilford) over each item's middle
//!    neighbour above, so subtrees never overlap, and a parent stands over its
//!    middle child: the main line of a draaiboek runs straight down.
//! 6. Edges: a vertical line through each dummy's layer, a cubic curve between
//!    layers; ports are spread over the flat bottom and top of a node, the
//!    straightest edge in the middle. Labels sit on the first curve, at the
//!    first of a few spots free of other labels and nodes.

use std::collections::BTreeSet;

/// Minimum horizontal gaps between neighbours in a layer.
const GAP_NODES: f64 = 32.0;
const GAP_NODE_DUMMY: f64 = 20.0;
const GAP_DUMMIES: f64 = 16.0;
/// Vertical gap between layers (room for a curve and an edge label).
pub const LAYER_GAP: f64 = 64.0;
/// How far a self-loop reaches out to the right of its node.
pub const SELF_LOOP: f64 = 36.0;

#[derive(Debug, Clone)]
pub struct NodeSize {
    pub w: f64,
    pub h: f64,
    /// Width of the flat part of the top and bottom sides, where ports go.
    pub flat: f64,
}

#[derive(Debug, Clone)]
pub struct EdgeIn {
    pub from: usize,
    pub to: usize,
    /// Size of the label box, if the edge has a label.
    pub label: Option<(f64, f64)>,
}

/// A branching step: the step after it (`then`) goes below all its branches reach.
#[derive(Debug, Clone)]
pub struct Block {
    pub step: usize,
    pub branches: Vec<usize>,
    pub then: usize,
}

#[derive(Debug, Clone, Default)]
pub struct Input {
    pub nodes: Vec<NodeSize>,
    /// Out-edges of a node in the order they should appear left to right.
    pub edges: Vec<EdgeIn>,
    pub roots: Vec<usize>,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EdgeOut {
    /// The route in drawing direction (from the edge's source to its target).
    pub points: Vec<(f64, f64)>,
    /// SVG path data.
    pub d: String,
    /// The edge closes a cycle and points back up.
    pub back: bool,
    /// Centre of the label box.
    pub label_at: Option<(f64, f64)>,
}

#[derive(Debug, Clone, Default)]
pub struct Output {
    pub layer: Vec<usize>,
    /// Centre x and top y of each node.
    pub x: Vec<f64>,
    pub y: Vec<f64>,
    pub edges: Vec<EdgeOut>,
    pub width: f64,
    pub height: f64,
    /// Nodes in reading order: layer by layer, left to right.
    pub reading_order: Vec<usize>,
}

/// One thing in a layer: a node, or a dummy on an edge passing through.
#[derive(Debug, Clone)]
struct Item {
    layer: usize,
    node: Option<usize>,
    w: f64,
    /// Neighbours in the layer above and below, in edge order.
    up: Vec<usize>,
    down: Vec<usize>,
}

pub fn num(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r == 0.0 {
        return "0".into();
    }
    if r.fract() == 0.0 { format!("{r:.0}") } else { format!("{r:.1}") }
}

/// Marks the edges that close a cycle, searching depth first from the roots
/// and then from every node not yet seen.
fn back_edges(n: usize, edges: &[EdgeIn], out: &[Vec<usize>], roots: &[usize]) -> Vec<bool> {
    let mut back = vec![false; edges.len()];
    let mut state = vec![0u8; n]; // 0 new, 1 on the stack, 2 done
    let starts: Vec<usize> = roots.iter().copied().chain(0..n).collect();
    for s in starts {
        if state[s] != 0 {
            continue;
        }
        let mut stack: Vec<(usize, usize)> = vec![(s, 0)];
        state[s] = 1;
        while let Some(&mut (v, ref mut i)) = stack.last_mut() {
            if let Some(&e) = out[v].get(*i) {
                *i += 1;
                let t = edges[e].to;
                match state[t] {
                    0 => {
                        state[t] = 1;
                        stack.push((t, 0));
                    }
                    1 => back[e] = true,
                    _ => {}
                }
            } else {
                state[v] = 2;
                stack.pop();
            }
        }
    }
    back
}

fn reach(from: usize, succ: &[Vec<usize>], stop: &[usize]) -> BTreeSet<usize> {
    let mut seen = BTreeSet::new();
    let mut todo = vec![from];
    while let Some(v) = todo.pop() {
        if stop.contains(&v) || !seen.insert(v) {
            continue;
        }
        todo.extend(succ[v].iter().copied());
    }
    seen
}

/// Longest path layering over the acyclic edges and the blocks' constraints.
fn layers(n: usize, dag: &[(usize, usize)], blocks: &[Block], roots: &[usize]) -> Vec<usize> {
    let mut succ: Vec<Vec<usize>> = vec![Vec::new(); n];
    for &(a, b) in dag {
        succ[a].push(b);
    }
    for block in blocks {
        let reach_then = reach(block.then, &succ, &[]);
        let mut region = BTreeSet::new();
        for &b in &block.branches {
            region.extend(reach(b, &succ, &[block.step, block.then]));
        }
        for r in region {
            if !reach_then.contains(&r) && !succ[r].contains(&block.then) {
                succ[r].push(block.then);
            }
        }
    }
    let mut indegree = vec![0usize; n];
    for s in &succ {
        for &b in s {
            indegree[b] += 1;
        }
    }
    let mut layer = vec![0usize; n];
    // Kahn's algorithm; roots first, then by index, for a fixed order.
    let mut ready: Vec<usize> = roots.iter().copied().filter(|&r| indegree[r] == 0).collect();
    ready.extend((0..n).filter(|v| indegree[*v] == 0 && !roots.contains(v)));
    ready.reverse();
    let mut done = 0;
    while let Some(v) = ready.pop() {
        done += 1;
        for &b in &succ[v] {
            layer[b] = layer[b].max(layer[v] + 1);
            indegree[b] -= 1;
            if indegree[b] == 0 {
                ready.push(b);
            }
        }
    }
    debug_assert_eq!(done, n, "the layering graph is acyclic");
    layer
}

/// Crossings between layer `l` and the next: inversions of the lower ends
/// when the edges are sorted by their upper ends (Fenwick tree count).
fn crossings(order: &[Vec<usize>], pos: &[usize], items: &[Item], l: usize) -> usize {
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for &i in &order[l] {
        for &j in &items[i].down {
            pairs.push((pos[i], pos[j]));
        }
    }
    pairs.sort_unstable();
    let size = order.get(l + 1).map_or(0, Vec::len) + 1;
    let mut tree = vec![0usize; size + 1];
    let mut count = 0;
    for (seen, &(_, lower)) in pairs.iter().enumerate() {
        // Edges seen so far whose lower end is at or left of this one.
        let mut at_or_left = 0;
        let mut k = lower + 1;
        while k > 0 {
            at_or_left += tree[k];
            k &= k - 1;
        }
        count += seen - at_or_left;
        let mut k = lower + 1;
        while k <= size {
            tree[k] += 1;
            k += k & k.wrapping_neg();
        }
    }
    count
}

fn total_crossings(order: &[Vec<usize>], pos: &[usize], items: &[Item]) -> usize {
    (0..order.len().saturating_sub(1)).map(|l| crossings(order, pos, items, l)).sum()
}

fn positions(order: &[Vec<usize>], n_items: usize) -> Vec<usize> {
    let mut pos = vec![0; n_items];
    for layer in order {
        for (p, &i) in layer.iter().enumerate() {
            pos[i] = p;
        }
    }
    pos
}

/// Barycentre sweeps and adjacent swaps; returns the order with the fewest crossings.
fn order_layers(mut order: Vec<Vec<usize>>, items: &[Item]) -> Vec<Vec<usize>> {
    let mut pos = positions(&order, items.len());
    let mut best = order.clone();
    let mut best_count = total_crossings(&order, &pos, items);
    for sweep in 0..16 {
        let down = sweep % 2 == 0;
        let layer_ids: Vec<usize> =
            if down { (1..order.len()).collect() } else { (0..order.len().saturating_sub(1)).rev().collect() };
        for l in layer_ids {
            let mut keyed: Vec<(f64, usize)> = order[l]
                .iter()
                .map(|&i| {
                    let nb = if down { &items[i].up } else { &items[i].down };
                    let key = if nb.is_empty() {
                        pos[i] as f64
                    } else {
                        nb.iter().map(|&j| pos[j] as f64).sum::<f64>() / nb.len() as f64
                    };
                    (key, i)
                })
                .collect();
            keyed.sort_by(|a, b| a.0.total_cmp(&b.0));
            order[l] = keyed.into_iter().map(|(_, i)| i).collect();
            for (p, &i) in order[l].iter().enumerate() {
                pos[i] = p;
            }
        }
        transpose(&mut order, &mut pos, items);
        let count = total_crossings(&order, &pos, items);
        if count < best_count {
            best_count = count;
            best = order.clone();
        }
        if best_count == 0 {
            break;
        }
    }
    best
}

/// Crossings between the edges of `a` and of `b` (with `a` left of `b`) to
/// their neighbours in one adjacent layer.
fn pair_crossings(a: &[usize], b: &[usize], pos: &[usize]) -> usize {
    a.iter().map(|&x| b.iter().filter(|&&y| pos[y] < pos[x]).count()).sum()
}

/// Swaps neighbours in a layer while that lowers the crossings around them.
fn transpose(order: &mut [Vec<usize>], pos: &mut [usize], items: &[Item]) {
    for _ in 0..8 {
        let mut improved = false;
        for layer in order.iter_mut() {
            for p in 0..layer.len().saturating_sub(1) {
                let (a, b) = (layer[p], layer[p + 1]);
                let now = pair_crossings(&items[a].up, &items[b].up, pos)
                    + pair_crossings(&items[a].down, &items[b].down, pos);
                let swapped = pair_crossings(&items[b].up, &items[a].up, pos)
                    + pair_crossings(&items[b].down, &items[a].down, pos);
                if swapped < now {
                    layer.swap(p, p + 1);
                    pos[a] = p + 1;
                    pos[b] = p;
                    improved = true;
                }
            }
        }
        if !improved {
            break;
        }
    }
}

fn gap(a: bool, b: bool) -> f64 {
    match (a, b) {
        (false, false) => GAP_NODES,
        (true, true) => GAP_DUMMIES,
        _ => GAP_NODE_DUMMY,
    }
}

/// The outline of a subtree in one layer, relative to the subtree's root:
/// left and right edge, and whether the item on that edge is a dummy.
#[derive(Debug, Clone, Copy)]
struct Span {
    left: f64,
    right: f64,
    left_dummy: bool,
    right_dummy: bool,
}

/// x by a tidy tree drawing (Reingold–Tilford) of the layered graph: each
/// item's tree parent is its middle neighbour above; children keep the order
/// of the crossing minimisation and sit as close as their subtrees' outlines
/// allow; a parent stands over its middle child. A block's way onwards is its
/// middle child, so the main line of a draaiboek runs straight down with the
/// branches on either side. Edges that are not tree edges (joins) are drawn
/// between wherever their ends are.
fn tidy(order: &[Vec<usize>], items: &[Item]) -> Vec<f64> {
    let pos = positions(order, items.len());
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); items.len()];
    let mut roots: Vec<usize> = Vec::new();
    for layer in order {
        for &i in layer {
            let mut up = items[i].up.clone();
            up.sort_by_key(|&j| pos[j]);
            match up.get(up.len().saturating_sub(1) / 2) {
                Some(&p) => children[p].push(i),
                None => roots.push(i),
            }
        }
    }
    for c in children.iter_mut() {
        c.sort_by_key(|&j| pos[j]);
    }
    let own = |i: usize| Span {
        left: -items[i].w / 2.0,
        right: items[i].w / 2.0,
        left_dummy: items[i].node.is_none(),
        right_dummy: items[i].node.is_none(),
    };
    // Places subtrees (with their outlines) side by side; returns their offsets.
    let pack = |outlines: Vec<&Vec<Span>>| -> (Vec<f64>, Vec<Span>) {
        let mut merged: Vec<Span> = Vec::new();
        let mut offsets = Vec::with_capacity(outlines.len());
        for outline in outlines {
            let mut shift: f64 = 0.0;
            if !merged.is_empty() {
                shift = f64::NEG_INFINITY;
                for (m, s) in merged.iter().zip(outline) {
                    shift = shift.max(m.right + gap(m.right_dummy, s.left_dummy) - s.left);
                }
                if shift == f64::NEG_INFINITY {
                    shift = 0.0;
                }
            }
            for (d, s) in outline.iter().enumerate() {
                let moved = Span { left: s.left + shift, right: s.right + shift, ..*s };
                match merged.get_mut(d) {
                    Some(m) => {
                        m.right = moved.right;
                        m.right_dummy = moved.right_dummy;
                    }
                    None => merged.push(moved),
                }
            }
            offsets.push(shift);
        }
        (offsets, merged)
    };
    // Bottom up: outlines and each child's offset from its parent.
    let mut outline: Vec<Vec<Span>> = vec![Vec::new(); items.len()];
    let mut rel = vec![0.0; items.len()];
    for layer in order.iter().rev() {
        for &i in layer {
            let kids = &children[i];
            let mut mine = vec![own(i)];
            if !kids.is_empty() {
                let (offsets, merged) = pack(kids.iter().map(|&c| &outline[c]).collect());
                let centre = offsets[kids.len() / 2];
                for (&c, o) in kids.iter().zip(&offsets) {
                    rel[c] = o - centre;
                }
                mine.extend(merged.into_iter().map(|s| Span { left: s.left - centre, right: s.right - centre, ..s }));
            }
            outline[i] = mine;
        }
    }
    // The roots side by side (all in the first layer), then top down.
    roots.sort_by_key(|&r| (items[r].layer, pos[r]));
    let (offsets, _) = pack(roots.iter().map(|&r| &outline[r]).collect());
    let mut x = vec![0.0; items.len()];
    for (&r, o) in roots.iter().zip(&offsets) {
        x[r] = *o;
    }
    for layer in order {
        for &i in layer {
            for &c in &children[i] {
                x[c] = x[i] + rel[c];
            }
        }
    }
    x
}

fn curve(d: &mut String, from: (f64, f64), to: (f64, f64)) {
    let ym = (from.1 + to.1) / 2.0;
    d.push_str(&format!(" C{},{} {},{} {},{}", num(from.0), num(ym), num(to.0), num(ym), num(to.0), num(to.1)));
}

/// Point on the curve drawn by [`curve`] at parameter `t` (control points at mid height).
fn on_curve(from: (f64, f64), to: (f64, f64), t: f64) -> (f64, f64) {
    let sx = 3.0 * t * t - 2.0 * t * t * t;
    let sy = 1.5 * t * (1.0 - t) + t * t * t;
    (from.0 + (to.0 - from.0) * sx, from.1 + (to.1 - from.1) * sy)
}

fn overlaps(a: (f64, f64, f64, f64), b: (f64, f64, f64, f64)) -> bool {
    a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3
}

/// Room a node's self-loops and their labels take on its right (kept on its
/// left too, so the node stays centred on its item).
fn self_loop_room(input: &Input, v: usize) -> f64 {
    let loops: Vec<&EdgeIn> = input.edges.iter().filter(|e| e.from == v && e.to == v).collect();
    if loops.is_empty() {
        return 0.0;
    }
    let label = loops.iter().filter_map(|e| e.label.map(|l| l.0)).fold(0.0, f64::max);
    SELF_LOOP * (1.0 + 0.5 * (loops.len() as f64 - 1.0)) + label + 4.0
}

pub fn layout(input: &Input) -> Output {
    let n = input.nodes.len();
    if n == 0 {
        return Output::default();
    }
    let mut out_edges: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (e, edge) in input.edges.iter().enumerate() {
        if edge.from != edge.to {
            out_edges[edge.from].push(e);
        }
    }
    let back = back_edges(n, &input.edges, &out_edges, &input.roots);
    // The acyclic edges in layout direction (a back edge reversed).
    let dag: Vec<(usize, usize)> = input
        .edges
        .iter()
        .zip(&back)
        .filter(|(e, _)| e.from != e.to)
        .map(|(e, &b)| if b { (e.to, e.from) } else { (e.from, e.to) })
        .collect();
    let layer = layers(n, &dag, &input.blocks, &input.roots);
    let n_layers = layer.iter().max().map_or(0, |m| m + 1);

    // Items: the nodes, then a dummy per layer crossed by a long edge.
    let mut items: Vec<Item> = (0..n)
        .map(|v| {
            let w = input.nodes[v].w + 2.0 * self_loop_room(input, v);
            Item { layer: layer[v], node: Some(v), w, up: Vec::new(), down: Vec::new() }
        })
        .collect();
    // Per edge, its chain of items from the upper to the lower end (empty for self-loops).
    let mut chains: Vec<Vec<usize>> = Vec::with_capacity(input.edges.len());
    for (e, edge) in input.edges.iter().enumerate() {
        if edge.from == edge.to {
            chains.push(Vec::new());
            continue;
        }
        let (a, b) = if back[e] { (edge.to, edge.from) } else { (edge.from, edge.to) };
        let mut chain = vec![a];
        for l in layer[a] + 1..layer[b] {
            items.push(Item { layer: l, node: None, w: 0.0, up: Vec::new(), down: Vec::new() });
            chain.push(items.len() - 1);
        }
        chain.push(b);
        for pair in chain.windows(2) {
            items[pair[0]].down.push(pair[1]);
            items[pair[1]].up.push(pair[0]);
        }
        chains.push(chain);
    }

    // Initial order: depth first from the roots, following edges in their order.
    let mut order: Vec<Vec<usize>> = vec![Vec::new(); n_layers];
    let mut seen = vec![false; items.len()];
    let starts: Vec<usize> = input.roots.iter().copied().chain(0..items.len()).collect();
    for s in starts {
        if seen[s] {
            continue;
        }
        let mut stack = vec![s];
        while let Some(i) = stack.pop() {
            if seen[i] {
                continue;
            }
            seen[i] = true;
            order[items[i].layer].push(i);
            stack.extend(items[i].down.iter().rev().copied().filter(|&j| !seen[j]));
        }
    }
    let order = order_layers(order, &items);
    let mut x = tidy(&order, &items);

    // Shift so the drawing starts at 0.
    let left = (0..items.len()).map(|i| x[i] - items[i].w / 2.0).fold(f64::INFINITY, f64::min);
    for v in x.iter_mut() {
        *v -= left;
    }
    let width = (0..items.len()).map(|i| x[i] + items[i].w / 2.0).fold(0.0, f64::max);

    // y: each layer as tall as its tallest node, nodes centred in it.
    let mut layer_top = vec![0.0; n_layers];
    let mut layer_h = vec![0.0f64; n_layers];
    for v in 0..n {
        layer_h[layer[v]] = layer_h[layer[v]].max(input.nodes[v].h);
    }
    let mut top = 0.0;
    for l in 0..n_layers {
        layer_top[l] = top;
        top += layer_h[l] + LAYER_GAP;
    }
    let height = top - LAYER_GAP;
    let node_y: Vec<f64> = (0..n).map(|v| layer_top[layer[v]] + (layer_h[layer[v]] - input.nodes[v].h) / 2.0).collect();

    // Ports: spread the edges over the flat bottom and top of each node, in the
    // order of where they go.
    let mut out_port = vec![0.0; input.edges.len()];
    let mut in_port = vec![0.0; input.edges.len()];
    for v in 0..n {
        // The edge that runs most nearly straight keeps the middle, so a
        // straight line stays straight; the others fan out beside it.
        let spread = |list: &mut Vec<(f64, usize)>, ports: &mut Vec<f64>| {
            list.sort_by(|a, b| a.0.total_cmp(&b.0));
            let Some(mid) =
                (0..list.len()).min_by(|&a, &b| (list[a].0 - x[v]).abs().total_cmp(&(list[b].0 - x[v]).abs()))
            else {
                return;
            };
            let side = mid.max(list.len() - 1 - mid).max(1) as f64;
            let step = (input.nodes[v].flat / 2.0 / side).min(24.0);
            for (p, &(_, e)) in list.iter().enumerate() {
                ports[e] = x[v] + (p as f64 - mid as f64) * step;
            }
        };
        let mut below: Vec<(f64, usize)> = Vec::new();
        let mut above: Vec<(f64, usize)> = Vec::new();
        for (e, chain) in chains.iter().enumerate() {
            if chain.len() < 2 {
                continue;
            }
            if chain[0] == v {
                below.push((x[chain[1]], e));
            }
            if chain[chain.len() - 1] == v {
                above.push((x[chain[chain.len() - 2]], e));
            }
        }
        spread(&mut below, &mut out_port);
        spread(&mut above, &mut in_port);
    }

    let mut placed_labels: Vec<(f64, f64, f64, f64)> = Vec::new();
    let node_boxes: Vec<(f64, f64, f64, f64)> = (0..n)
        .map(|v| {
            let s = &input.nodes[v];
            (x[v] - s.w / 2.0, node_y[v], x[v] + s.w / 2.0, node_y[v] + s.h)
        })
        .collect();
    let mut edges_out = Vec::with_capacity(input.edges.len());
    for (e, edge) in input.edges.iter().enumerate() {
        let chain = &chains[e];
        if chain.is_empty() {
            // Self-loop: out of the right side and back in lower down; a
            // second one around the first; labels beside them, one under the other.
            let v = edge.from;
            let s = &input.nodes[v];
            let loops: Vec<usize> =
                (0..input.edges.len()).filter(|&f| chains[f].is_empty() && input.edges[f].from == v).collect();
            let k = loops.iter().position(|&f| f == e).unwrap_or(0) as f64;
            let reach = SELF_LOOP * (1.0 + 0.5 * k);
            let right = x[v] + s.w / 2.0;
            let (y1, y2) = (node_y[v] + s.h * 0.3, node_y[v] + s.h * 0.7);
            let d = format!(
                "M{},{} C{},{} {},{} {},{}",
                num(right),
                num(y1),
                num(right + reach * 1.3),
                num(y1 - 6.0),
                num(right + reach * 1.3),
                num(y2 + 6.0),
                num(right),
                num(y2)
            );
            let outer = SELF_LOOP * (1.0 + 0.5 * (loops.len() as f64 - 1.0));
            let label_at = edge.label.map(|(w, h)| {
                let offset = (k - (loops.len() as f64 - 1.0) / 2.0) * (h + 2.0);
                (right + outer + 2.0 + w / 2.0, (y1 + y2) / 2.0 + offset)
            });
            if let Some((lx, ly)) = label_at
                && let Some((w, h)) = edge.label
            {
                placed_labels.push((lx - w / 2.0, ly - h / 2.0, lx + w / 2.0, ly + h / 2.0));
            }
            edges_out.push(EdgeOut { points: vec![(right, y1), (right, y2)], d, back: false, label_at });
            continue;
        }
        let (a, b) = (chain[0], chain[chain.len() - 1]);
        let mut points = vec![(out_port[e], node_y[a] + input.nodes[a].h)];
        for &dummy in &chain[1..chain.len() - 1] {
            let l = items[dummy].layer;
            points.push((x[dummy], layer_top[l]));
            points.push((x[dummy], layer_top[l] + layer_h[l]));
        }
        points.push((in_port[e], node_y[b]));
        // Label: on the first curve, at the first spot free of other labels and nodes.
        let mut label_at = None;
        if let Some((w, h)) = edge.label {
            let (p, q) = (points[0], points[1]);
            let mut first = None;
            for t in [0.6, 0.4, 0.78, 0.25, 0.5, 0.7] {
                let (lx, ly) = on_curve(p, q, t);
                let bx = (lx - w / 2.0, ly - h / 2.0, lx + w / 2.0, ly + h / 2.0);
                first.get_or_insert(bx);
                if !placed_labels.iter().chain(&node_boxes).any(|o| overlaps(*o, bx)) {
                    first = Some(bx);
                    break;
                }
            }
            if let Some(bx) = first {
                placed_labels.push(bx);
                label_at = Some(((bx.0 + bx.2) / 2.0, (bx.1 + bx.3) / 2.0));
            }
        }
        if back[e] {
            points.reverse();
        }
        let mut d = format!("M{},{}", num(points[0].0), num(points[0].1));
        for (k, pair) in points.windows(2).enumerate() {
            if k % 2 == 0 {
                curve(&mut d, pair[0], pair[1]);
            } else {
                d.push_str(&format!(" L{},{}", num(pair[1].0), num(pair[1].1)));
            }
        }
        edges_out.push(EdgeOut { points, d, back: back[e], label_at });
    }

    let reading_order = order.iter().flatten().filter_map(|&i| items[i].node).collect();
    Output { layer, x: x[..n].to_vec(), y: node_y, edges: edges_out, width, height: height.max(0.0), reading_order }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cycle_is_broken_at_the_edge_back_to_the_start_of_the_loop() {
        let node = || NodeSize { w: 100.0, h: 40.0, flat: 80.0 };
        let e = |from, to| EdgeIn { from, to, label: None };
        let input = Input {
            nodes: vec![node(), node(), node(), node()],
            edges: vec![e(0, 1), e(1, 2), e(2, 1), e(1, 3)],
            roots: vec![0],
            blocks: vec![],
        };
        let out = layout(&input);
        assert_eq!(out.layer, vec![0, 1, 2, 2]);
        assert!(out.edges[2].back && !out.edges[1].back);
        assert_eq!(out.reading_order.len(), 4);
    }
}
