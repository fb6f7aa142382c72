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
        for k in 0..n {
            if drafts[k].has_note(&Field::Entry) {
                let at = address(drafts[k].root);
                drafts[k].note_again(Field::Entry, None, at, &mut again);
            }
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
            drafts[k].note_again(Field::Entry, why, at, &mut again);
        }
    }
}
