//! Which imported components are entry points: those users reach (a type's role, which its
//! provider states as a `Reach`), not those nothing in the sources happens to reference. A
//! component users reach is an entry point unless another one routes users to it (a DNS name
//! in front of a CDN in front of a load balancer is one way in); compute and internal load
//! balancers are entry points only when nothing reaches them (left to the graph, which decides
//! so for a file written by hand); stores, queues and paths are never, once something is. When
//! nothing is an entry point by role, every component is left to the graph.

use super::draft::Draft;
use super::draft::Reach;
use crate::input::field::Field;

/// Sets each draft's `entry`, with why.
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
    let users = |k: usize| drafts[k].reach == Reach::Users;
    let front = |k: usize| callers[k].iter().find(|&&j| users(j)).copied();
    let is_entry = |k: usize| match drafts[k].reach {
        Reach::Users => front(k).is_none(),
        Reach::IfUnreached => callers[k].is_empty(),
        Reach::Never => false,
    };
    if !(0..n).any(is_entry) {
        return;
    }
    let decided: Vec<(Option<bool>, Option<String>)> = (0..n)
        .map(|k| {
            let d = &drafts[k];
            let address = &resources[d.root].origin.address;
            let said = d.rare.reach_said.clone();
            match d.reach {
                Reach::Users => match front(k) {
                    None => (
                        Some(true),
                        Some(said.unwrap_or_else(|| format!("users reach {address} directly"))),
                    ),
                    Some(j) => (
                        None,
                        Some(format!(
                            "users reach it through {}, the entry point in front of it",
                            resources[drafts[j].root].origin.address
                        )),
                    ),
                },
                Reach::IfUnreached => (None, said),
                Reach::Never => (
                    Some(false),
                    Some(said.unwrap_or_else(|| {
                        format!(
                            "users reach {address} only through what uses it (kind {})",
                            d.kind
                        )
                    })),
                ),
            }
        })
        .collect();
    for (d, (entry, why)) in drafts.iter_mut().zip(decided) {
        d.entry = entry;
        if let Some(why) = why {
            d.note(Field::Entry, why);
        }
    }
}
