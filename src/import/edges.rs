//! Edges no provider's knowledge is needed for: `depends_on` between two components nothing
//! else connects is creation order, taken as a runtime dependency.

use super::draft::{Draft, Edge};
use super::resource::Resource;
use crate::model::{Kind, Mode};

/// `depends_on` between two components nothing else connects. A state lists every resource a
/// resource was created after, through the others: one the edges already lead to (a load
/// balancer to the database its instances call) adds nothing.
pub fn creation_order(drafts: &mut [Draft], resources: &[Resource], owner: &[Option<usize>]) {
    let mut add = Vec::new();
    for (k, d) in drafts.iter().enumerate() {
        let mut reached: Option<Vec<usize>> = None;
        for &m in &d.members {
            for &t in &resources[m].more.depends_on {
                let Some(j) = owner[t] else { continue };
                if j == k || d.edges.contains_key(&j) || drafts[j].edges.contains_key(&k) {
                    continue;
                }
                if reached
                    .get_or_insert_with(|| reachable(drafts, k))
                    .binary_search(&j)
                    .is_ok()
                {
                    continue;
                }
                add.push((
                    k,
                    j,
                    format!(
                        "only depends_on connects {} to {}: creation order, taken as a runtime dependency because nothing else connects them",
                        resources[m].origin.address, resources[t].origin.address
                    ),
                ));
            }
        }
    }
    for (k, j, why) in add {
        let mode = if drafts[j].kind == Kind::Queue {
            Mode::Async
        } else {
            Mode::Sync
        };
        drafts[k].edges.add(
            j,
            Edge {
                mode,
                why,
                timeout: None,
                critical: true,
            },
        );
    }
}

/// The drafts the edges lead to from draft `from`, through any number of others, sorted.
fn reachable(drafts: &[Draft], from: usize) -> Vec<usize> {
    // A set, not a vector of the drafts' size: most components reach a handful.
    let mut seen = std::collections::BTreeSet::new();
    let mut stack = vec![from];
    while let Some(k) = stack.pop() {
        for (&to, _) in drafts[k].edges.iter() {
            if seen.insert(to) {
                stack.push(to);
            }
        }
    }
    seen.into_iter().collect()
}
