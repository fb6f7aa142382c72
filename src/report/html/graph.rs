//! The dependency graph as SVG: one node per component up to [`GRAPH_LIMIT`], else one node
//! per cell (or kind), coloured by state, the critical paths marked; the geometry comes from
//! `layout`.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{eta, layout, state};
use crate::estimate::Eta;
use crate::model::{CompIdx, Disruption};
use crate::plan::runbook::Inputs;

/// Above this many components the graph shows one node per cell (or per kind).
pub const GRAPH_LIMIT: usize = 200;
/// Cells boxed in the full graph; with more, cells are named in the tooltips only.
const MAX_BANDS: usize = 8;
/// Above this many groups of cells, the collapsed graph groups by kind instead.
const GROUP_LIMIT: usize = 160;
/// Edges drawn between groups in the collapsed graph (critical paths, then the heaviest):
/// more would be a hairball. All of them order the layout.
const GROUP_EDGE_LIMIT: usize = 60;

#[derive(Serialize)]
pub(super) struct GraphView {
    width: f64,
    height: f64,
    /// `None`: one node per component; else what a node stands for (`cell`, `kind`).
    grouped_by: Option<&'static str>,
    nodes: Vec<NodeView>,
    edges: Vec<EdgeView>,
    bands: Vec<BandView>,
    hidden_edges: usize,
    node_w: f64,
    node_h: f64,
}

#[derive(Serialize)]
struct NodeView {
    x: f64,
    y: f64,
    label: String,
    sub: String,
    title: String,
    /// Link target (`#c-…`) when the component has a card.
    href: Option<String>,
    entry: bool,
    /// State per disruption (software, hardware, az, region).
    state: [&'static str; 4],
    /// Text per disruption: when it is back, or how many of the group are down.
    when: [String; 4],
    /// Disruptions whose critical path goes through it, space-separated.
    cp: String,
    /// Group nodes: a stacked bar per disruption of how many members are in each state.
    bars: Vec<Vec<BarSegment>>,
}

#[derive(Serialize)]
struct BarSegment {
    x: f64,
    w: f64,
    state: &'static str,
}

#[derive(Serialize)]
struct EdgeView {
    path: String,
    critical: bool,
    asynchronous: bool,
    cp: String,
    title: String,
    width: f64,
}

#[derive(Serialize)]
struct BandView {
    x: f64,
    y: f64,
    w: f64,
    h: f64,
    label: String,
}

const STATES: [&str; 5] = ["unrecoverable", "blocked", "breached", "met", "unassessed"];

fn state_rank(s: &str) -> usize {
    STATES.iter().position(|x| *x == s).unwrap_or(STATES.len())
}

/// A coordinate to one decimal: enough for a screen, and short markup.
fn r1(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max - 1).collect();
        t.push('…');
        t
    }
}

fn edge_path(from: (f64, f64), to: (f64, f64), w: f64, h: f64) -> String {
    let (x1, y1) = (from.0 + w / 2.0, from.1 + h);
    let (x2, y2) = (to.0 + w / 2.0, to.1);
    let dy = ((y2 - y1).abs() / 2.0).max(30.0);
    format!(
        "M{x1:.1},{y1:.1} C{x1:.1},{:.1} {x2:.1},{:.1} {x2:.1},{:.1}",
        y1 + dy,
        y2 - dy,
        y2 - 1.0
    )
}

/// Critical-path membership: for each disruption, which components and which edges.
pub(super) struct Paths {
    pub(super) nodes: Vec<[bool; 4]>,
    edges: std::collections::HashSet<(CompIdx, CompIdx, usize)>,
}

pub(super) fn paths(inputs: Inputs) -> Paths {
    let n = inputs.arch.components.len();
    let mut nodes = vec![[false; 4]; n];
    let mut edges = std::collections::HashSet::new();
    for d in Disruption::ALL {
        let p = &inputs.assessment.core.app[d].critical_path;
        for &c in p {
            nodes[c][d.index()] = true;
        }
        for w in p.windows(2) {
            edges.insert((w[0], w[1], d.index()));
        }
    }
    Paths { nodes, edges }
}

fn cp_text(flags: [bool; 4]) -> String {
    Disruption::ALL
        .into_iter()
        .filter(|d| flags[d.index()])
        .map(|d| d.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

pub(super) fn graph_view(inputs: Inputs) -> GraphView {
    if inputs.arch.components.len() > GRAPH_LIMIT {
        grouped_graph(inputs)
    } else {
        full_graph(inputs)
    }
}

fn full_graph(inputs: Inputs) -> GraphView {
    let (arch, a) = (inputs.arch, inputs.assessment);
    let by_id = &a.core.graph.by_id;
    let n = by_id.len();
    // Node v is the v-th component in id order.
    let node_of: Vec<usize> = {
        let mut m = vec![0; n];
        for (v, &c) in by_id.iter().enumerate() {
            m[c] = v;
        }
        m
    };
    let mut cells: Vec<&str> = arch
        .components
        .iter()
        .filter_map(|c| c.cell.as_deref())
        .collect();
    cells.sort_unstable();
    cells.dedup();
    // Cells are boxed when there are a few of them; many small cells would only spread the
    // graph wide (each node's tooltip names its cell).
    if cells.len() > MAX_BANDS {
        cells.clear();
    }
    let band: Vec<usize> = by_id
        .iter()
        .map(|&c| {
            arch.components[c]
                .cell
                .as_deref()
                .map_or(0, |cell| cells.binary_search(&cell).map_or(0, |i| i + 1))
        })
        .collect();
    let mut edges: Vec<(usize, usize)> = Vec::new();
    let mut edge_info = Vec::new();
    for &c in by_id {
        for e in &arch.components[c].depends_on {
            edges.push((node_of[c], node_of[e.to]));
            edge_info.push((c, e));
        }
    }
    let l = layout::layout(&layout::Input {
        n,
        edges: &edges,
        band: &band,
        bands: cells.len() + 1,
        node_h: layout::NODE_H,
    });
    let p = paths(inputs);
    let nodes = by_id
        .iter()
        .enumerate()
        .map(|(v, &c)| {
            let comp = &arch.components[c];
            let state = Disruption::ALL.map(|d| state(inputs, c, d));
            let when = Disruption::ALL.map(|d| match a.core.components[c][d].ready {
                Eta::Unrecoverable => "✕ cannot recover".to_string(),
                e => format!("{} · {e}", comp.kind),
            });
            let mut title = format!("{} ({})", comp.id, comp.kind);
            if let Some(name) = &comp.name {
                title.push_str(&format!(" — {name}"));
            }
            if let Some(cell) = &comp.cell {
                title.push_str(&format!(", cell {cell}"));
            }
            for d in Disruption::ALL {
                title.push_str(&format!(
                    "\n{}: {} ({})",
                    d,
                    state[d.index()],
                    eta(a.core.components[c][d].ready)
                ));
            }
            NodeView {
                x: r1(l.pos[v].0),
                y: r1(l.pos[v].1),
                label: truncate(&comp.id, 18),
                sub: String::new(),
                title,
                href: Some(format!("#c-{}", comp.id)),
                entry: a.core.graph.is_entry[c],
                state,
                when,
                cp: cp_text(p.nodes[c]),
                bars: Vec::new(),
            }
        })
        .collect();
    let edges = edges
        .iter()
        .zip(&edge_info)
        .map(|(&(u, v), &(c, e))| {
            let cp = Disruption::ALL.map(|d| p.edges.contains(&(c, e.to, d.index())));
            EdgeView {
                path: edge_path(l.pos[u], l.pos[v], layout::NODE_W, layout::NODE_H),
                critical: e.critical,
                asynchronous: e.mode == crate::model::Mode::Async,
                cp: cp_text(cp),
                title: format!(
                    "{} → {} ({}, {})",
                    arch.components[c].id,
                    arch.components[e.to].id,
                    e.mode,
                    if e.critical {
                        "critical"
                    } else {
                        "non-critical"
                    }
                ),
                width: 1.4,
            }
        })
        .collect();
    let bands = l
        .bands
        .iter()
        .enumerate()
        .skip(1)
        .filter_map(|(b, r)| {
            r.map(|(x, y, w, h)| BandView {
                x: r1(x),
                y: r1(y),
                w: r1(w),
                h: r1(h),
                label: format!("cell {}", cells[b - 1]),
            })
        })
        .collect();
    GraphView {
        width: l.width.ceil(),
        height: l.height.ceil(),
        grouped_by: None,
        nodes,
        edges,
        bands,
        hidden_edges: 0,
        node_w: layout::NODE_W,
        node_h: layout::NODE_H,
    }
}

/// An edge between two groups: (from, to), and (how many component edges, any critical, on
/// the critical path of each disruption).
type GroupEdge = ((usize, usize), (usize, bool, [bool; 4]));

/// One node per cell (components without a cell: per kind), or per kind when there are
/// too many cells; edges between groups carry how many component edges they stand for.
fn grouped_graph(inputs: Inputs) -> GraphView {
    let (arch, a) = (inputs.arch, inputs.assessment);
    let n = arch.components.len();
    let kind_key = |c: CompIdx| {
        let comp = &arch.components[c];
        if a.core.graph.is_entry[c] {
            format!("{} · entry points", comp.kind)
        } else {
            comp.kind.as_str().to_string()
        }
    };
    let cell_count = {
        let mut cells: Vec<&str> = arch
            .components
            .iter()
            .filter_map(|c| c.cell.as_deref())
            .collect();
        cells.sort_unstable();
        cells.dedup();
        cells.len()
    };
    let by_cell = cell_count > 0 && cell_count <= GROUP_LIMIT;
    let key = |c: CompIdx| -> String {
        match arch.components[c].cell.as_deref() {
            Some(cell) if by_cell => format!("cell {cell}"),
            _ if by_cell => format!("{} (no cell)", kind_key(c)),
            _ => kind_key(c),
        }
    };
    let keys: Vec<String> = (0..n).map(key).collect();
    let mut names: Vec<&str> = keys.iter().map(String::as_str).collect();
    names.sort_unstable();
    names.dedup();
    let group: Vec<usize> = keys
        .iter()
        .map(|k| names.binary_search(&k.as_str()).unwrap_or(0))
        .collect();
    let g = names.len();

    let mut count = vec![0usize; g];
    let mut states = vec![[[0usize; 5]; 4]; g];
    let mut entries = vec![0usize; g];
    let mut cp = vec![[false; 4]; g];
    let p = paths(inputs);
    for c in 0..n {
        let k = group[c];
        count[k] += 1;
        entries[k] += usize::from(a.core.graph.is_entry[c]);
        for d in Disruption::ALL {
            states[k][d.index()][state_rank(state(inputs, c, d))] += 1;
            cp[k][d.index()] |= p.nodes[c][d.index()];
        }
    }
    // Edges between groups, weighted by how many component edges they stand for.
    let mut between: BTreeMap<(usize, usize), (usize, bool, [bool; 4])> = BTreeMap::new();
    for c in 0..n {
        for e in &arch.components[c].depends_on {
            let (u, v) = (group[c], group[e.to]);
            if u == v {
                continue;
            }
            let entry = between.entry((u, v)).or_insert((0, false, [false; 4]));
            entry.0 += 1;
            entry.1 |= e.critical;
            for d in Disruption::ALL {
                entry.2[d.index()] |= p.edges.contains(&(c, e.to, d.index()));
            }
        }
    }
    let mut list: Vec<GroupEdge> = between.into_iter().collect();
    // Heaviest first, critical-path edges always; ties by names.
    list.sort_by(|a, b| {
        let on = |x: &[bool; 4]| x.iter().any(|&f| f);
        on(&b.1.2)
            .cmp(&on(&a.1.2))
            .then(b.1.0.cmp(&a.1.0))
            .then(a.0.cmp(&b.0))
    });
    let edges: Vec<(usize, usize)> = list.iter().map(|(k, _)| *k).collect();
    let hidden = list.len().saturating_sub(GROUP_EDGE_LIMIT);
    list.truncate(GROUP_EDGE_LIMIT);
    let band = vec![0; g];
    let node_h = layout::NODE_H + 14.0;
    let l = layout::layout(&layout::Input {
        n: g,
        edges: &edges,
        band: &band,
        bands: 1,
        node_h,
    });
    let max_count = list.iter().map(|(_, v)| v.0).max().unwrap_or(1) as f64;
    let nodes = (0..g)
        .map(|k| {
            let state = Disruption::ALL.map(|d| {
                let s = &states[k][d.index()];
                STATES[s.iter().position(|&x| x > 0).unwrap_or(4)]
            });
            let when = Disruption::ALL.map(|d| {
                let s = &states[k][d.index()];
                let down = s[0] + s[1];
                let total = count[k];
                if down > 0 {
                    format!("{down}/{total} cannot recover")
                } else if s[2] > 0 {
                    format!("{}/{total} breached", s[2])
                } else if s[3] == total {
                    format!("all {total} met")
                } else {
                    format!("{}/{total} met", s[3])
                }
            });
            let bars = Disruption::ALL
                .into_iter()
                .map(|d| {
                    let s = &states[k][d.index()];
                    let mut x = 8.0;
                    let total = count[k].max(1) as f64;
                    STATES
                        .iter()
                        .zip(s.iter())
                        .filter(|(_, n)| **n > 0)
                        .map(|(st, &m)| {
                            let w = (layout::NODE_W - 16.0) * m as f64 / total;
                            let seg = BarSegment {
                                x: r1(x),
                                w: r1(w),
                                state: st,
                            };
                            x += w;
                            seg
                        })
                        .collect()
                })
                .collect();
            let mut title = format!("{}: {} components", names[k], count[k]);
            if entries[k] > 0 {
                title.push_str(&format!(", {} entry points", entries[k]));
            }
            for d in Disruption::ALL {
                let s = &states[k][d.index()];
                title.push_str(&format!(
                    "\n{d}: {} met, {} breached, {} cannot recover, {} unassessed",
                    s[3],
                    s[2],
                    s[0] + s[1],
                    s[4]
                ));
            }
            NodeView {
                x: r1(l.pos[k].0),
                y: r1(l.pos[k].1),
                label: truncate(names[k], 20),
                sub: String::new(),
                title,
                href: None,
                entry: false,
                state,
                when,
                cp: cp_text(cp[k]),
                bars,
            }
        })
        .collect();
    let edges = list
        .iter()
        .map(|&((u, v), (m, critical, on))| EdgeView {
            path: edge_path(l.pos[u], l.pos[v], layout::NODE_W, node_h),
            critical,
            asynchronous: false,
            cp: cp_text(on),
            title: format!("{} → {}: {m} dependencies", names[u], names[v]),
            width: r1(1.0 + 3.0 * (m as f64).ln_1p() / max_count.ln_1p()),
        })
        .collect();
    GraphView {
        width: l.width.ceil(),
        height: l.height.ceil(),
        grouped_by: Some(if by_cell { "cell" } else { "kind" }),
        nodes,
        edges,
        bands: Vec::new(),
        hidden_edges: hidden,
        node_w: layout::NODE_W,
        node_h,
    }
}
