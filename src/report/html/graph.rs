//! The dependency graph as SVG: one node per component up to [`GRAPH_LIMIT`], else one node
//! per group (`groups`), coloured by state, the critical paths marked; the geometry comes
//! from `layout`, labels fit their boxes (`fit`).

use serde::Serialize;

use super::{eta, layout, state};
use crate::estimate::Eta;
use crate::model::{CompIdx, Disruption};
use crate::plan::runbook::Inputs;

/// Above this many components the graph shows one node per cell (or per kind).
pub const GRAPH_LIMIT: usize = 200;
/// Cells boxed in the full graph; with more, cells are named in the tooltips only.
const MAX_BANDS: usize = 8;

#[derive(Serialize)]
pub(super) struct GraphView {
    pub(super) width: f64,
    pub(super) height: f64,
    /// `None`: one node per component; else what a node stands for (`cell`, `owner`,
    /// `source`, `kind`).
    pub(super) grouped_by: Option<&'static str>,
    pub(super) nodes: Vec<NodeView>,
    pub(super) edges: Vec<EdgeView>,
    pub(super) bands: Vec<BandView>,
    pub(super) hidden_edges: usize,
    pub(super) node_w: f64,
    pub(super) node_h: f64,
    /// Grouped: each group with its members, for the table under the graph.
    pub(super) groups: Vec<GroupRow>,
    /// Grouped: each disruption's critical path, component by component.
    pub(super) paths: Vec<PathRow>,
}

#[derive(Serialize)]
pub(super) struct NodeView {
    pub(super) x: f64,
    pub(super) y: f64,
    pub(super) label: String,
    pub(super) sub: String,
    pub(super) title: String,
    /// Link target (`#c-…` for a component with a card, `#g-…` for a group).
    pub(super) href: Option<String>,
    pub(super) entry: bool,
    /// State per disruption (software, hardware, az, region).
    pub(super) state: [&'static str; 4],
    /// Text per disruption: when it is back, or how many of the group are down.
    pub(super) when: [String; 4],
    /// Groups: per disruption, the slowest recovery among its members.
    pub(super) worst: [String; 4],
    /// Disruptions whose critical path goes through it, space-separated.
    pub(super) cp: String,
    /// Group nodes: a stacked bar per disruption of how many members are in each state.
    pub(super) bars: Vec<Vec<BarSegment>>,
}

#[derive(Serialize)]
pub(super) struct BarSegment {
    pub(super) x: f64,
    pub(super) w: f64,
    pub(super) state: &'static str,
}

#[derive(Serialize)]
pub(super) struct EdgeView {
    pub(super) path: String,
    pub(super) critical: bool,
    pub(super) asynchronous: bool,
    pub(super) cp: String,
    pub(super) title: String,
    pub(super) width: f64,
    /// Grouped: how many dependencies it stands for, written at its middle.
    pub(super) count: Option<EdgeLabel>,
}

#[derive(Serialize)]
pub(super) struct EdgeLabel {
    pub(super) x: f64,
    pub(super) y: f64,
    pub(super) text: String,
}

#[derive(Serialize)]
pub(super) struct BandView {
    x: f64,
    y: f64,
    w: f64,
    h: f64,
    label: String,
}

pub(super) const STATES: [&str; 5] = ["unrecoverable", "blocked", "breached", "met", "unassessed"];

pub(super) fn state_rank(s: &str) -> usize {
    STATES.iter().position(|x| *x == s).unwrap_or(STATES.len())
}

/// A coordinate to one decimal: enough for a screen, and short markup.
pub(super) fn r1(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

pub(super) fn edge_path(from: (f64, f64), to: (f64, f64), w: f64, h: f64) -> String {
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
    pub(super) edges: std::collections::HashSet<(CompIdx, CompIdx, usize)>,
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

pub(super) fn cp_text(flags: [bool; 4]) -> String {
    Disruption::ALL
        .into_iter()
        .filter(|d| flags[d.index()])
        .map(|d| d.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

pub(super) fn full_graph(inputs: Inputs) -> GraphView {
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
            let when = Disruption::ALL.map(|d| {
                sub_line(
                    &match a.core.components[c][d].ready {
                        Eta::Unrecoverable => "✕ cannot recover".to_string(),
                        e => format!("{} · {e}", comp.kind),
                    },
                    11.5,
                )
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
                label: label(&comp.id, a.core.graph.is_entry[c]),
                sub: String::new(),
                title,
                href: Some(format!("#c-{}", comp.id)),
                entry: a.core.graph.is_entry[c],
                state,
                when,
                cp: cp_text(p.nodes[c]),
                worst: Default::default(),
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
                count: None,
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
        groups: Vec::new(),
        paths: Vec::new(),
    }
}

/// A node's label as it fits its box (13 px monospace, 9 px of padding each side; an entry
/// point's mark takes two glyphs).
pub(super) fn label(text: &str, entry: bool) -> String {
    let room = layout::NODE_W
        - 18.0
        - if entry {
            super::fit::mono("▸ ", 13.0)
        } else {
            0.0
        };
    super::fit::fit(text, room, |t| super::fit::mono(t, 13.0))
}

/// A node's second line as it fits its box (`px` sans, 9 px in from the left, 5 px clear of
/// the right edge).
pub(super) fn sub_line(text: &str, px: f64) -> String {
    super::fit::fit(text, layout::NODE_W - 14.0, |t| super::fit::sans(t, px))
}

/// One group in the table under the graph.
#[derive(Serialize)]
pub(super) struct GroupRow {
    pub(super) id: String,
    pub(super) name: String,
    pub(super) count: usize,
    pub(super) entries: usize,
    /// Per disruption: its worst state, the counts in words, the worst recovery time.
    pub(super) disruptions: Vec<GroupDisruption>,
    pub(super) members: Vec<Member>,
    pub(super) more: usize,
}

#[derive(Serialize)]
pub(super) struct GroupDisruption {
    pub(super) state: &'static str,
    pub(super) counts: String,
    pub(super) worst: String,
}

#[derive(Serialize)]
pub(super) struct Member {
    pub(super) id: String,
    pub(super) href: Option<String>,
    pub(super) state: [&'static str; 4],
    pub(super) ready: [String; 4],
}

/// A disruption's critical path, component by component, with the group of each.
#[derive(Serialize)]
pub(super) struct PathRow {
    pub(super) key: &'static str,
    pub(super) label: &'static str,
    pub(super) steps: Vec<Step>,
}

#[derive(Serialize)]
pub(super) struct Step {
    pub(super) id: String,
    pub(super) group: String,
    pub(super) group_id: String,
    pub(super) ready: String,
}
