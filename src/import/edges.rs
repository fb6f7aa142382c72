//! Edges no provider's knowledge is needed for: `depends_on` between two components nothing
//! else connects is creation order, taken as a runtime dependency.

use super::draft::{Draft, Edge};
use super::resource::Resource;
use crate::model::{Kind, Mode};

/// `depends_on` between two components nothing else connects.
pub fn creation_order(drafts: &mut [Draft], resources: &[Resource], owner: &[Option<usize>]) {
    let mut add = Vec::new();
    for (k, d) in drafts.iter().enumerate() {
        for &m in &d.members {
            for &t in &resources[m].depends_on {
                let Some(j) = owner[t] else { continue };
                if j == k || d.edges.contains_key(&j) || drafts[j].edges.contains_key(&k) {
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
