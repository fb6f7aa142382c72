//! A cloud's table of resource types, indexed once: a row by Terraform type, and for each row
//! the attributes a reader keeps (the row's own, what every resource keeps, and the
//! identifiers) and those through which others name its resources; what a type is (its
//! role, read or not) and what a reader keeps of it. Each cloud's `lookup` builds one from
//! its rows.

use std::collections::HashMap;

use super::provider::{Role, Wanted};
use super::resource::Handle;
use super::resource::Resource;

/// What the neutral lookups need of a cloud's row.
pub trait Row: Sync + 'static {
    /// Its Terraform type.
    fn tf(&self) -> &'static str;
    fn role(&self) -> Role;
    /// The attributes the mapping reads of it, besides what every resource keeps.
    fn reads(&self) -> impl Iterator<Item = &'static str>;
    /// The attributes that identify only resources of this type.
    fn identifiers(&self) -> &'static [&'static str];
}

/// The rows of one cloud's table, by Terraform type, with their attribute lists.
pub struct Table<T: 'static> {
    rows: &'static [T],
    by_tf: HashMap<&'static str, u16>,
    kept: Vec<&'static [&'static str]>,
    identifiers: Vec<&'static [&'static str]>,
    /// Whether a type the table has no row for is known to have no bearing on recovery.
    not_modelled: fn(&str) -> bool,
}

impl<T: Row> Table<T> {
    /// From the rows in table order; `common` is what every resource keeps (tags, region,
    /// zone), `identifying` the identifiers every type shares (`id`, `arn`, `name`, …),
    /// listed first.
    pub fn new(
        rows: &'static [T],
        common: &[&'static str],
        identifying: &'static [&'static str],
        not_modelled: fn(&str) -> bool,
    ) -> Table<T> {
        let mut table = Table {
            rows,
            by_tf: HashMap::new(),
            kept: Vec::new(),
            identifiers: Vec::new(),
            not_modelled,
        };
        for (i, t) in rows.iter().enumerate() {
            let row = u16::try_from(i).expect("a table holds fewer than 65,536 rows");
            table.by_tf.insert(t.tf(), row);
            let ids: Vec<&'static str> =
                identifying.iter().chain(t.identifiers()).copied().collect();
            let mut all: Vec<&'static str> = common.to_vec();
            for a in t.reads().chain(ids.iter().copied()) {
                if !all.contains(&a) {
                    all.push(a);
                }
            }
            all.sort_unstable();
            // Leaked once per row, for the program's life: readers hold them as `'static`.
            table.kept.push(Vec::leak(all));
            table.identifiers.push(Vec::leak(ids));
        }
        table
    }

    /// The row of a Terraform type.
    pub fn row_index(&self, tf: &str) -> Option<u16> {
        self.by_tf.get(tf).copied()
    }

    /// The row of a resource's type, when this table reads it.
    pub fn row(&self, r: &Resource) -> Option<&'static T> {
        let t = self.rows.get(usize::from(r.handle?.row))?;
        (t.tf() == r.ty).then_some(t)
    }

    /// What a reader keeps of a row's resources, sorted.
    pub fn kept(&self, row: u16) -> &'static [&'static str] {
        self.kept[usize::from(row)]
    }

    /// The attributes through which others name a row's resources.
    pub fn identifiers(&self, row: u16) -> &'static [&'static str] {
        self.identifiers[usize::from(row)]
    }

    /// What a type is, read or not.
    pub fn role(&self, ty: &str) -> Role {
        match self.row_index(ty) {
            Some(i) => self.rows[usize::from(i)].role(),
            None if (self.not_modelled)(ty) => Role::NotModelled,
            None => Role::Unknown,
        }
    }

    /// What a reader keeps of a type the table reads (a component, a member, what informs
    /// one), as provider number `provider`'s.
    pub fn wants(&self, ty: &str, provider: u8) -> Option<Wanted> {
        let row = self.row_index(ty)?;
        matches!(
            self.rows[usize::from(row)].role(),
            Role::Component(..) | Role::Member | Role::Informs
        )
        .then(|| Wanted {
            handle: Handle { provider, row },
            ty: self.rows[usize::from(row)].tf(),
            attributes: self.kept(row),
        })
    }
}
