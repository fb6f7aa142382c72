//! Which imported components are entry points: those users reach (a type's role, which its
//! provider states as a `Reach`), not those nothing in the sources happens to reference. A
//! component users reach is an entry point unless another one routes users to it (a DNS name
//! in front of a CDN in front of a load balancer is one way in); compute and internal load
//! balancers are entry points only when nothing reaches them (left to the graph, which decides
//! so for a file written by hand); stores, queues and paths are never, once something is. When
//! nothing is an entry point by role, every component is left to the graph.

use super::draft::{Again, Draft, Reach};
use crate::input::field::Field;

/// Sets each draft's `entry`, with why: what its resources said when they decided (its
/// `entry` note, kept), else what the edges show.
pub fn apply(drafts: &mut [Draft], resources: &[super::resource::Resource]) {
    let n = drafts.len();
    // Who reaches each draft, through any edge.
    let edges = || {
        (drafts.iter().enumerate()).flat_map(|(j, d)| {
            (d.edges.iter())
                .filter(move |(to, _)| **to != j)
                .map(move |(&to, _)| (to, j))
        })
    };
    let callers = crate::lists::Lists::of(n, edges);
    let reach: Vec<Reach> = drafts.iter().map(|d| d.reach).collect();
    let front = |k: usize| {
        (callers[k].iter())
            .find(|&&j| reach[j] == Reach::Users)
            .copied()
    };
    let is_entry = |k: usize| match reach[k] {
        Reach::Users => front(k).is_none(),
        Reach::IfUnreached => callers[k].is_empty(),
        Reach::Never => false,
    };
    let mut again = Again::default();
    let address = |root: usize| &*resources[root].origin.address;
    if !(0..n).any(is_entry) {
        // Every component is left to the graph: what its resources said is not the reason.
        for d in drafts.iter_mut().filter(|d| d.has_note(&Field::Entry)) {
            d.note_again(Field::Entry, None, resources, &mut again);
        }
        return;
    }
    for k in 0..n {
        let d = &drafts[k];
        let at = address(d.root);
        let said = d.has_note(&Field::Entry);
        let (entry, why) = match reach[k] {
            Reach::Users => match front(k) {
                None => (
                    Some(true),
                    (!said).then(|| format!("users reach {at} directly")),
                ),
                Some(j) => (
                    None,
                    Some(format!(
                        "users reach it through {}, the entry point in front of it",
                        address(drafts[j].root)
                    )),
                ),
            },
            Reach::IfUnreached => (None, None),
            Reach::Never => (
                Some(false),
                (!said).then(|| {
                    format!(
                        "users reach {at} only through what uses it (kind {})",
                        d.kind
                    )
                }),
            ),
        };
        drafts[k].entry = entry;
        if why.is_some() {
            drafts[k].note_again(Field::Entry, why, resources, &mut again);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::draft::Edge;
    use crate::import::resource::Resource;
    use crate::model::{Kind, Mode};

    fn notes(d: &Draft, resources: &[Resource]) -> Option<String> {
        let address = &resources[d.root].origin.address;
        d.why.written(address).get(&Field::Entry).cloned()
    }

    /// What the resources said stands where the edges agree; behind another entry point it is
    /// replaced; when nothing is an entry point by role, it is dropped with the rest.
    #[test]
    fn what_resources_said_stands_unless_the_edges_decide() {
        let resources: Vec<Resource> = ["cdn", "lb", "nat"]
            .iter()
            .map(|a| Resource::fixture(a, serde_json::json!({})))
            .collect();
        let mut drafts: Vec<Draft> = (0..3)
            .map(|i| Draft::new(i, Kind::Network, "aws:test", None))
            .collect();
        drafts[0].reached(Reach::Users, "cdn is public".into());
        drafts[1].reached(Reach::Users, "lb is internet-facing".into());
        drafts[2].reached(Reach::Never, "nat is a path out".into());
        let edge = Edge {
            mode: Mode::Sync,
            why: String::new(),
            timeout: None,
            critical: true,
        };
        drafts[0].edges.add(1, edge);
        apply(&mut drafts, &resources);
        let said: Vec<_> = drafts
            .iter()
            .map(|d| (d.entry, notes(d, &resources)))
            .collect();
        assert_eq!(
            said,
            [
                (Some(true), Some("cdn is public".to_string())),
                (
                    None,
                    Some("users reach it through cdn, the entry point in front of it".into())
                ),
                (Some(false), Some("nat is a path out".into())),
            ]
        );
        let mut paths = vec![Draft::new(2, Kind::Network, "aws:test", None)];
        paths[0].reached(Reach::Never, "nat is a path out".into());
        apply(&mut paths, &resources);
        assert_eq!((paths[0].entry, notes(&paths[0], &resources)), (None, None));
    }
}
