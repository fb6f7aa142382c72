//! A cloud's table of resource types, indexed once: a row by Terraform type, and for each row
//! the attributes a reader keeps (the row's own, what every resource keeps, and the
//! identifiers) and those through which others name its resources. Each cloud's `lookup`
//! builds one from its rows.

use std::collections::HashMap;

/// The rows of one cloud's table, by Terraform type, with their attribute lists.
pub struct Index {
    by_tf: HashMap<&'static str, u16>,
    kept: Vec<&'static [&'static str]>,
    identifiers: Vec<&'static [&'static str]>,
}

impl Index {
    /// From each row's Terraform type, the attributes it reads and its own identifiers, in
    /// table order; `common` is what every resource keeps (tags, region, zone), `identifying`
    /// the identifiers every type shares (`id`, `arn`, `name`, …), listed first.
    pub fn new<R: IntoIterator<Item = &'static str>>(
        rows: impl IntoIterator<Item = (&'static str, R, &'static [&'static str])>,
        common: &[&'static str],
        identifying: &'static [&'static str],
    ) -> Index {
        let mut index = Index {
            by_tf: HashMap::new(),
            kept: Vec::new(),
            identifiers: Vec::new(),
        };
        for (i, (tf, reads, own)) in rows.into_iter().enumerate() {
            let row = u16::try_from(i).expect("a table holds fewer than 65,536 rows");
            index.by_tf.insert(tf, row);
            let ids: Vec<&'static str> = identifying.iter().chain(own).copied().collect();
            let mut all: Vec<&'static str> = common.to_vec();
            for a in reads.into_iter().chain(ids.iter().copied()) {
                if !all.contains(&a) {
                    all.push(a);
                }
            }
            all.sort_unstable();
            // Leaked once per row, for the program's life: readers hold them as `'static`.
            index.kept.push(Vec::leak(all));
            index.identifiers.push(Vec::leak(ids));
        }
        index
    }

    /// The row of a Terraform type.
    pub fn row(&self, tf: &str) -> Option<u16> {
        self.by_tf.get(tf).copied()
    }

    /// What a reader keeps of a row's resources, sorted.
    pub fn kept(&self, row: u16) -> &'static [&'static str] {
        self.kept[usize::from(row)]
    }

    /// The attributes through which others name a row's resources.
    pub fn identifiers(&self, row: u16) -> &'static [&'static str] {
        self.identifiers[usize::from(row)]
    }
}
