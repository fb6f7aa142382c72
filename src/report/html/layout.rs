//! A layered layout of the dependency graph, written for drplan (a general layout crate took
//! 17 s for 200 nodes): longest-path layering over the strongly connected components
//! (dependents above their dependencies, entry points on top, leaves such as data stores at
//! the bottom), then barycentre ordering sweeps to reduce crossings, then placement in rows
//! with cells as vertical bands. Every pass is linear in nodes and edges, times a constant
//! number of sweeps.

use petgraph::graph::{DiGraph, NodeIndex};

/// Node box and spacing, in SVG user units (pixels at 100%).
pub const NODE_W: f64 = 140.0;
pub const NODE_H: f64 = 46.0;
const GAP_X: f64 = 16.0;
const GAP_Y: f64 = 64.0;
const BAND_PAD: f64 = 12.0;
const MARGIN: f64 = 16.0;
/// Columns one band may use before its row wraps.
const MAX_COLS: usize = 7;
const SWEEPS: usize = 8;

/// A graph to lay out: `edges` go from a dependent to its dependency; `band[v]` is the
/// node's band (0 for none).
pub struct Input<'a> {
    pub n: usize,
    pub edges: &'a [(usize, usize)],
    pub band: &'a [usize],
    pub bands: usize,
    pub node_h: f64,
}

/// Where everything goes.
pub struct Layout {
    /// Top-left corner of each node.
    pub pos: Vec<(f64, f64)>,
    #[cfg_attr(not(test), allow(dead_code))]
    pub layer: Vec<usize>,
    pub width: f64,
    pub height: f64,
    /// The rectangle of each band that holds nodes (`None`: empty band).
    pub bands: Vec<Option<(f64, f64, f64, f64)>>,
}

pub fn layout(input: &Input) -> Layout {
    let n = input.n;
    if n == 0 {
        return Layout {
            pos: Vec::new(),
            layer: Vec::new(),
            width: 2.0 * MARGIN,
            height: 2.0 * MARGIN,
            bands: vec![None; input.bands],
        };
    }
    let (succ, pred) = adjacency(n, input.edges);
    let layer = layering(n, input.edges, &succ, &pred);
    let layers = layer.iter().max().map_or(1, |m| m + 1);
    let mut rows: Vec<Vec<usize>> = vec![Vec::new(); layers];
    for v in 0..n {
        rows[layer[v]].push(v);
    }
    let mut placement = Placement::new(input, &layer, layers);
    // First positions: input order (callers pass nodes sorted by id), then sweeps.
    placement.place(&mut rows);
    for sweep in 0..SWEEPS {
        let down = sweep % 2 == 0;
        let x = placement.centres();
        let bary = |v: usize| -> Option<f64> {
            let nbrs = if down { &pred[v] } else { &succ[v] };
            if nbrs.is_empty() {
                None
            } else {
                Some(nbrs.iter().map(|&u| x[u]).sum::<f64>() / nbrs.len() as f64)
            }
        };
        let keys: Vec<f64> = (0..n).map(|v| bary(v).unwrap_or(x[v])).collect();
        placement.order_bands(&keys);
        for row in rows.iter_mut() {
            row.sort_by(|&a, &b| {
                placement.band_rank[input.band[a]]
                    .cmp(&placement.band_rank[input.band[b]])
                    .then(keys[a].total_cmp(&keys[b]))
                    .then(x[a].total_cmp(&x[b]))
                    .then(a.cmp(&b))
            });
        }
        placement.place(&mut rows);
    }
    placement.finish(layer)
}

/// Deduplicated successor and predecessor lists, without self-loops.
fn adjacency(n: usize, edges: &[(usize, usize)]) -> (Vec<Vec<usize>>, Vec<Vec<usize>>) {
    let mut succ = vec![Vec::new(); n];
    let mut pred = vec![Vec::new(); n];
    for &(a, b) in edges {
        if a != b {
            succ[a].push(b);
            pred[b].push(a);
        }
    }
    for l in succ.iter_mut().chain(pred.iter_mut()) {
        l.sort_unstable();
        l.dedup();
    }
    (succ, pred)
}

/// Longest path from the top over the condensation (members of a cycle share a layer);
/// leaves that something depends on go to the bottom layer.
fn layering(
    n: usize,
    edges: &[(usize, usize)],
    succ: &[Vec<usize>],
    pred: &[Vec<usize>],
) -> Vec<usize> {
    let mut g: DiGraph<(), (), u32> = DiGraph::with_capacity(n, edges.len());
    for _ in 0..n {
        g.add_node(());
    }
    for &(a, b) in edges {
        if a != b {
            g.add_edge(NodeIndex::new(a), NodeIndex::new(b), ());
        }
    }
    // Tarjan lists the components dependencies first: walk them backwards, dependents first.
    let sccs = petgraph::algo::tarjan_scc(&g);
    let mut comp = vec![0usize; n];
    for (k, s) in sccs.iter().enumerate() {
        for v in s {
            comp[v.index()] = k;
        }
    }
    let mut layer = vec![0usize; n];
    for (k, s) in sccs.iter().enumerate().rev() {
        let l = s
            .iter()
            .flat_map(|v| pred[v.index()].iter())
            .filter(|&&u| comp[u] != k)
            .map(|&u| layer[u] + 1)
            .max()
            .unwrap_or(0);
        for v in s {
            layer[v.index()] = l;
        }
    }
    let bottom = layer.iter().copied().max().unwrap_or(0);
    for v in 0..n {
        if succ[v].is_empty() && !pred[v].is_empty() {
            layer[v] = bottom;
        }
    }
    layer
}

/// Rows of nodes in bands, and the coordinates they give.
struct Placement<'a> {
    input: &'a Input<'a>,
    /// Columns of each band.
    cols: Vec<usize>,
    band_rank: Vec<usize>,
    band_x: Vec<f64>,
    row_y: Vec<f64>,
    pos: Vec<(f64, f64)>,
    width: f64,
    height: f64,
}

fn pitch_x() -> f64 {
    NODE_W + GAP_X
}

impl<'a> Placement<'a> {
    fn new(input: &'a Input<'a>, layer: &[usize], layers: usize) -> Self {
        let mut count = vec![vec![0usize; input.bands]; layers];
        for v in 0..input.n {
            count[layer[v]][input.band[v]] += 1;
        }
        let cols = (0..input.bands)
            .map(|b| count.iter().map(|c| c[b]).max().unwrap_or(0).min(MAX_COLS))
            .collect();
        Placement {
            input,
            cols,
            band_rank: (0..input.bands).collect(),
            band_x: vec![0.0; input.bands],
            row_y: Vec::new(),
            pos: vec![(0.0, 0.0); input.n],
            width: 0.0,
            height: 0.0,
        }
    }

    fn centres(&self) -> Vec<f64> {
        self.pos.iter().map(|p| p.0 + NODE_W / 2.0).collect()
    }

    /// Orders the bands by the mean key of their members.
    fn order_bands(&mut self, keys: &[f64]) {
        let bands = self.input.bands;
        let mut sum = vec![0.0; bands];
        let mut count = vec![0usize; bands];
        for v in 0..self.input.n {
            sum[self.input.band[v]] += keys[v];
            count[self.input.band[v]] += 1;
        }
        let mut order: Vec<usize> = (0..bands).collect();
        order.sort_by(|&a, &b| {
            let mean = |k: usize| {
                if count[k] == 0 {
                    f64::MAX
                } else {
                    sum[k] / count[k] as f64
                }
            };
            mean(a).total_cmp(&mean(b)).then(a.cmp(&b))
        });
        for (r, &b) in order.iter().enumerate() {
            self.band_rank[b] = r;
        }
    }

    /// Coordinates for rows in their current order: each band a column range, each layer as
    /// many rows as its widest band needs.
    fn place(&mut self, rows: &mut [Vec<usize>]) {
        let input = self.input;
        let mut order: Vec<usize> = (0..input.bands).collect();
        order.sort_by_key(|&b| self.band_rank[b]);
        let mut x = MARGIN;
        for &b in &order {
            if self.cols[b] == 0 {
                continue;
            }
            if b != 0 {
                x += BAND_PAD;
            }
            self.band_x[b] = x;
            x += self.cols[b] as f64 * pitch_x() - GAP_X;
            x += if b != 0 { BAND_PAD } else { 0.0 } + GAP_X;
        }
        self.width = x - GAP_X + MARGIN;
        let pitch_y = input.node_h + GAP_Y;
        let mut y = MARGIN + 18.0;
        self.row_y.clear();
        for row in rows.iter() {
            self.row_y.push(y);
            let mut lines = 1;
            let mut i = 0;
            while i < row.len() {
                let b = input.band[row[i]];
                let j = row[i..]
                    .iter()
                    .position(|&v| input.band[v] != b)
                    .map_or(row.len(), |p| i + p);
                let cols = self.cols[b].max(1);
                let members = &row[i..j];
                lines = lines.max(members.len().div_ceil(cols));
                for (k, chunk) in members.chunks(cols).enumerate() {
                    let offset = (cols - chunk.len()) as f64 * pitch_x() / 2.0;
                    for (c, &v) in chunk.iter().enumerate() {
                        self.pos[v] = (
                            self.band_x[b] + offset + c as f64 * pitch_x(),
                            y + k as f64 * (input.node_h + 26.0),
                        );
                    }
                }
                i = j;
            }
            y += (lines - 1) as f64 * (input.node_h + 26.0) + pitch_y;
        }
        self.height = y - GAP_Y + MARGIN + 12.0;
    }

    fn finish(self, layer: Vec<usize>) -> Layout {
        let input = self.input;
        let mut bands: Vec<Option<(f64, f64, f64, f64)>> = vec![None; input.bands];
        for v in 0..input.n {
            let b = input.band[v];
            let (x, y) = self.pos[v];
            let r = bands[b].get_or_insert((x, y, x + NODE_W, y + input.node_h));
            r.0 = r.0.min(x);
            r.1 = r.1.min(y);
            r.2 = r.2.max(x + NODE_W);
            r.3 = r.3.max(y + input.node_h);
        }
        let bands = bands
            .into_iter()
            .enumerate()
            .map(|(b, r)| {
                r.map(|(x0, y0, _, y1)| {
                    let w = self.cols[b] as f64 * pitch_x() - GAP_X;
                    let x0 = self.band_x[b].min(x0);
                    // Room for the label below the members.
                    (
                        x0 - BAND_PAD,
                        y0 - BAND_PAD,
                        w + 2.0 * BAND_PAD,
                        y1 - y0 + 2.0 * BAND_PAD + 14.0,
                    )
                })
            })
            .collect();
        Layout {
            pos: self.pos,
            layer,
            width: self.width,
            height: self.height,
            bands,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(n: usize, edges: &[(usize, usize)]) -> Layout {
        let band = vec![0; n];
        layout(&Input {
            n,
            edges,
            band: &band,
            bands: 1,
            node_h: NODE_H,
        })
    }

    #[test]
    fn dependents_above_dependencies_and_leaves_at_the_bottom() {
        // 0 -> 1 -> 2, 0 -> 3 (a leaf one layer down goes to the bottom)
        let l = run(4, &[(0, 1), (1, 2), (0, 3)]);
        assert_eq!(l.layer, vec![0, 1, 2, 2]);
        assert!(l.pos[0].1 < l.pos[1].1 && l.pos[1].1 < l.pos[2].1);
    }

    #[test]
    fn a_cycle_shares_a_layer_and_nothing_overlaps() {
        let l = run(5, &[(0, 1), (1, 2), (2, 1), (2, 3), (4, 3)]);
        assert_eq!(l.layer[1], l.layer[2]);
        for a in 0..5 {
            for b in a + 1..5 {
                let (pa, pb) = (l.pos[a], l.pos[b]);
                let apart = (pa.0 - pb.0).abs() >= NODE_W || (pa.1 - pb.1).abs() >= NODE_H;
                assert!(apart, "{a} and {b} overlap");
            }
        }
    }

    #[test]
    fn barycentre_untangles_a_crossing() {
        // Two chains drawn crossed at first: 0 -> 3, 1 -> 2.
        let l = run(4, &[(0, 3), (1, 2)]);
        assert_eq!(l.pos[0].0 < l.pos[1].0, l.pos[3].0 < l.pos[2].0);
    }
}
