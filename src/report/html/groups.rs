//! The graph of an estate too big to draw one component at a time: one box per group, grouped
//! the way teams think: by the first the architecture declares of `cell`, `owner` and the
//! module or stack its components were imported from, then by kind. A box says its name, how
//! many components it holds and in what state, and its worst recovery time; arrows carry how
//! many dependencies they stand for; the critical path runs through the groups and is listed
//! component by component; a table under the graph opens each group.

use std::collections::BTreeMap;

use super::graph::{
    BarSegment, EdgeLabel, EdgeView, GraphView, GroupDisruption, GroupRow, Member, NodeView,
    PathRow, STATES, Step, cp_text, edge_path, label, paths, r1, state_rank, sub_line,
};
use super::{layout, state};
use crate::estimate::Eta;
use crate::model::{Architecture, CompIdx, Disruption, Origin};
use crate::plan::runbook::Inputs;

/// Above this many groups, the next way of grouping is tried.
const GROUP_LIMIT: usize = 160;
/// Edges drawn between groups (critical paths, then the heaviest): more would be a hairball.
/// All of them order the layout.
const GROUP_EDGE_LIMIT: usize = 60;
/// Members listed per group in the table; the rest are counted.
const MEMBERS_SHOWN: usize = 25;

/// How the groups are made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum By {
    Cell,
    Owner,
    Source,
    Kind,
}

impl By {
    fn as_str(self) -> &'static str {
        match self {
            By::Cell => "cell",
            By::Owner => "owner",
            By::Source => "source",
            By::Kind => "kind",
        }
    }
}

/// The module (Terraform) or the file (a stack, a root module) a resource was imported from.
fn source_of(o: &Origin) -> String {
    let mut module = String::new();
    let mut rest = o.address.as_str();
    while let Some(after) = rest.strip_prefix("module.") {
        let end = after.find('.').unwrap_or(after.len());
        // `name["key"]` may hold dots: keep to the closing bracket.
        let end = match after.find('[') {
            Some(b) if b < end => after[b..].find(']').map_or(end, |c| b + c + 1),
            _ => end,
        };
        if !module.is_empty() {
            module.push('.');
        }
        module.push_str("module.");
        module.push_str(&after[..end]);
        rest = after[end..].strip_prefix('.').unwrap_or("");
    }
    if module.is_empty() {
        o.file.rsplit('/').next().unwrap_or(&o.file).to_string()
    } else {
        module
    }
}

/// Each component's group name, and how they were grouped.
fn grouping(inputs: Inputs) -> (By, Vec<String>) {
    let (arch, a) = (inputs.arch, inputs.assessment);
    let kind_key = |c: CompIdx| {
        let comp = &arch.components[c];
        if a.core.graph.is_entry[c] {
            format!("{} · entry points", comp.kind)
        } else {
            comp.kind.as_str().to_string()
        }
    };
    let attribute = |by: By, c: CompIdx| -> Option<String> {
        let comp = &arch.components[c];
        match by {
            By::Cell => comp.cell.clone(),
            By::Owner => comp.owner.clone(),
            By::Source => comp.imported_from.first().map(source_of),
            By::Kind => None,
        }
    };
    let n = arch.components.len();
    for by in [By::Cell, By::Owner, By::Source] {
        let values: Vec<Option<String>> = (0..n).map(|c| attribute(by, c)).collect();
        let mut distinct: Vec<&str> = values.iter().flatten().map(String::as_str).collect();
        distinct.sort_unstable();
        distinct.dedup();
        if distinct.is_empty() || distinct.len() > GROUP_LIMIT {
            continue;
        }
        let keys = (0..n)
            .map(|c| match &values[c] {
                Some(v) => v.clone(),
                None => format!("{} (no {})", kind_key(c), by.as_str()),
            })
            .collect();
        return (by, keys);
    }
    (By::Kind, (0..n).map(kind_key).collect())
}

/// Members first in trouble (by state), then by how much depends on them, then by id.
fn member_order(inputs: Inputs, members: &mut [CompIdx]) {
    let (arch, a) = (inputs.arch, inputs.assessment);
    members.sort_by_cached_key(|&c| {
        let worst = Disruption::ALL
            .iter()
            .map(|&d| state_rank(state(inputs, c, d)))
            .min()
            .unwrap_or(STATES.len());
        (
            worst,
            std::cmp::Reverse(a.blast.radius[c].components),
            arch.components[c].id.clone(),
        )
    });
}

fn worst_eta(inputs: Inputs, members: &[CompIdx], d: Disruption) -> Eta {
    (members.iter())
        .map(|&c| inputs.assessment.core.components[c][d].ready)
        .max()
        .unwrap_or(Eta::ZERO)
}

/// One node per group; edges between groups carry how many component edges they stand for.
pub(super) fn grouped_graph(inputs: Inputs) -> GraphView {
    let (arch, a) = (inputs.arch, inputs.assessment);
    let n = arch.components.len();
    let (by, keys) = grouping(inputs);
    let mut names: Vec<&str> = keys.iter().map(String::as_str).collect();
    names.sort_unstable();
    names.dedup();
    let group: Vec<usize> = (keys.iter())
        .map(|k| names.binary_search(&k.as_str()).unwrap_or(0))
        .collect();
    let g = names.len();
    let mut members: Vec<Vec<CompIdx>> = vec![Vec::new(); g];
    let mut states = vec![[[0usize; 5]; 4]; g];
    let mut entries = vec![0usize; g];
    let mut cp = vec![[false; 4]; g];
    let p = paths(inputs);
    for c in 0..n {
        let k = group[c];
        members[k].push(c);
        entries[k] += usize::from(a.core.graph.is_entry[c]);
        for d in Disruption::ALL {
            states[k][d.index()][state_rank(state(inputs, c, d))] += 1;
            cp[k][d.index()] |= p.nodes[c][d.index()];
        }
    }
    let list = group_edges(arch, &group, &p);
    let edges: Vec<(usize, usize)> = list.iter().map(|(k, _)| *k).collect();
    let hidden = list.len().saturating_sub(GROUP_EDGE_LIMIT);
    let drawn = &list[..list.len().min(GROUP_EDGE_LIMIT)];
    let node_h = layout::NODE_H + 28.0;
    let l = layout::layout(&layout::Input {
        n: g,
        edges: &edges,
        band: &vec![0; g],
        bands: 1,
        node_h,
    });
    let worst: Vec<[Eta; 4]> = (0..g)
        .map(|k| Disruption::ALL.map(|d| worst_eta(inputs, &members[k], d)))
        .collect();
    let nodes = (0..g)
        .map(|k| {
            group_node(
                k,
                names[k],
                &states[k],
                members[k].len(),
                entries[k],
                worst[k],
                cp[k],
                l.pos[k],
            )
        })
        .collect();
    let max_count = drawn.iter().map(|(_, v)| v.0).max().unwrap_or(1) as f64;
    let edges = drawn
        .iter()
        .map(|&((u, v), (m, critical, on))| {
            let (from, to) = (l.pos[u], l.pos[v]);
            EdgeView {
                path: edge_path(from, to, layout::NODE_W, node_h),
                critical,
                asynchronous: false,
                cp: cp_text(on),
                title: format!(
                    "{} → {}: {m} dependenc{}",
                    names[u],
                    names[v],
                    if m == 1 { "y" } else { "ies" }
                ),
                width: r1(1.0 + 3.0 * (m as f64).ln_1p() / max_count.ln_1p()),
                count: (m > 1).then(|| EdgeLabel {
                    x: r1((from.0 + to.0) / 2.0 + layout::NODE_W / 2.0),
                    y: r1((from.1 + node_h + to.1) / 2.0),
                    text: m.to_string(),
                }),
            }
        })
        .collect();
    let groups = (0..g)
        .map(|k| {
            group_row(
                inputs,
                k,
                names[k],
                &mut members[k],
                &states[k],
                entries[k],
                worst[k],
            )
        })
        .collect();
    let critical_paths = Disruption::ALL
        .into_iter()
        .map(|d| PathRow {
            key: d.as_str(),
            label: crate::report::format::LABELS[d.index()],
            steps: (a.core.app[d].critical_path.iter())
                .map(|&c| Step {
                    id: arch.components[c].id.clone(),
                    group: names[group[c]].to_string(),
                    group_id: format!("g-{}", group[c]),
                    ready: match a.core.components[c][d].ready {
                        Eta::Unrecoverable => "cannot recover".to_string(),
                        e => format!("back at {e}"),
                    },
                })
                .collect(),
        })
        .collect();
    GraphView {
        width: l.width.ceil(),
        height: l.height.ceil(),
        grouped_by: Some(by.as_str()),
        nodes,
        edges,
        bands: Vec::new(),
        hidden_edges: hidden,
        node_w: layout::NODE_W,
        node_h,
        groups,
        paths: critical_paths,
    }
}

/// An edge between two groups: (from, to), and (how many component edges, any critical, on
/// the critical path of each disruption).
type GroupEdge = ((usize, usize), (usize, bool, [bool; 4]));

/// The edges between groups, critical-path edges first, then the heaviest; ties by groups.
fn group_edges(arch: &Architecture, group: &[usize], p: &super::graph::Paths) -> Vec<GroupEdge> {
    let mut between: BTreeMap<(usize, usize), (usize, bool, [bool; 4])> = BTreeMap::new();
    for (c, comp) in arch.components.iter().enumerate() {
        for e in &comp.depends_on {
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
    list.sort_by(|a, b| {
        let on = |x: &[bool; 4]| x.iter().any(|&f| f);
        on(&b.1.2)
            .cmp(&on(&a.1.2))
            .then(b.1.0.cmp(&a.1.0))
            .then(a.0.cmp(&b.0))
    });
    list
}

/// The words for a group's members in one disruption.
fn counts(s: &[usize; 5], total: usize) -> String {
    let down = s[0] + s[1];
    if down > 0 {
        format!("{down}/{total} cannot recover")
    } else if s[2] > 0 {
        format!("{}/{total} breached", s[2])
    } else if s[3] == total {
        format!("all {total} met")
    } else {
        format!("{}/{total} met", s[3])
    }
}

fn worst_state(s: &[usize; 5]) -> &'static str {
    STATES[s.iter().position(|&x| x > 0).unwrap_or(4)]
}

#[allow(clippy::too_many_arguments)]
fn group_node(
    k: usize,
    name: &str,
    states: &[[usize; 5]; 4],
    count: usize,
    entries: usize,
    worst: [Eta; 4],
    cp: [bool; 4],
    pos: (f64, f64),
) -> NodeView {
    let state = Disruption::ALL.map(|d| worst_state(&states[d.index()]));
    let when = Disruption::ALL.map(|d| sub_line(&counts(&states[d.index()], count), 10.0));
    let slowest = Disruption::ALL.map(|d| {
        sub_line(
            &match worst[d.index()] {
                Eta::Unrecoverable => "slowest: cannot recover".to_string(),
                e => format!("slowest back at {e}"),
            },
            10.0,
        )
    });
    let bars = Disruption::ALL
        .into_iter()
        .map(|d| {
            let s = &states[d.index()];
            let mut x = 8.0;
            let total = count.max(1) as f64;
            (STATES.iter().zip(s.iter()))
                .filter(|(_, m)| **m > 0)
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
    let mut title = format!("{name}: {count} component{}", crate::words::plural_s(count));
    if entries > 0 {
        title.push_str(&format!(
            ", {entries} entry point{}",
            crate::words::plural_s(entries)
        ));
    }
    for d in Disruption::ALL {
        let s = &states[d.index()];
        title.push_str(&format!(
            "\n{d}: {} met, {} breached, {} cannot recover, {} unassessed; worst {}",
            s[3],
            s[2],
            s[0] + s[1],
            s[4],
            worst[d.index()]
        ));
    }
    NodeView {
        x: r1(pos.0),
        y: r1(pos.1),
        label: label(name, false),
        sub: String::new(),
        title,
        href: Some(format!("#g-{k}")),
        entry: false,
        state,
        when,
        cp: cp_text(cp),
        worst: slowest,
        bars,
    }
}

fn group_row(
    inputs: Inputs,
    k: usize,
    name: &str,
    members: &mut [CompIdx],
    states: &[[usize; 5]; 4],
    entries: usize,
    worst: [Eta; 4],
) -> GroupRow {
    let (arch, a) = (inputs.arch, inputs.assessment);
    let count = members.len();
    member_order(inputs, members);
    let shown = &members[..count.min(MEMBERS_SHOWN)];
    GroupRow {
        id: format!("g-{k}"),
        name: name.to_string(),
        count,
        entries,
        disruptions: Disruption::ALL
            .into_iter()
            .map(|d| GroupDisruption {
                state: worst_state(&states[d.index()]),
                counts: counts(&states[d.index()], count),
                worst: worst[d.index()].to_string(),
            })
            .collect(),
        members: shown
            .iter()
            .map(|&c| Member {
                id: arch.components[c].id.clone(),
                href: None,
                state: Disruption::ALL.map(|d| state(inputs, c, d)),
                ready: Disruption::ALL.map(|d| a.core.components[c][d].ready.to_string()),
            })
            .collect(),
        more: count.saturating_sub(MEMBERS_SHOWN),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_are_the_module_or_the_file() {
        let o = |file: &str, address: &str| Origin {
            file: file.into(),
            address: address.into(),
            region: None,
            line: None,
        };
        assert_eq!(
            source_of(&o(
                "plan.json",
                "module.region[\"r0\"].module.shop[\"s.7\"].aws_lb.web"
            )),
            "module.region[\"r0\"].module.shop[\"s.7\"]"
        );
        assert_eq!(source_of(&o("infra/plan.json", "aws_lb.web")), "plan.json");
        assert_eq!(source_of(&o("stacks/app.yaml", "WebASG")), "app.yaml");
    }
}
