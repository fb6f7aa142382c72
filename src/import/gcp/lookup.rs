//! The table looked up: a row by Terraform type, what a reader keeps of a row's resources, the
//! attributes that identify them, what a resource's type is.

use std::collections::HashMap;
use std::sync::LazyLock;

use super::not_modelled::not_modelled;
use super::row::{COMMON, IDENTIFIERS, Is, Type};
use super::types::TYPES;
use crate::import::provider::Role;
use crate::import::resource::Resource;

/// The rows by Terraform type, and the attribute lists of each, built once.
struct Index {
    by_tf: HashMap<&'static str, u16>,
    kept: Vec<&'static [&'static str]>,
    identifiers: Vec<&'static [&'static str]>,
}

static INDEX: LazyLock<Index> = LazyLock::new(|| {
    let mut by_tf = HashMap::new();
    let mut kept = Vec::with_capacity(TYPES.len());
    let mut identifiers = Vec::with_capacity(TYPES.len());
    for (i, t) in TYPES.iter().enumerate() {
        by_tf.insert(t.tf, i as u16);
        let ids: Vec<&'static str> = IDENTIFIERS.iter().chain(t.identifiers).copied().collect();
        let mut all: Vec<&'static str> = COMMON.to_vec();
        for a in t.reads.iter().chain(&ids) {
            if !all.contains(a) {
                all.push(a);
            }
        }
        all.sort_unstable();
        kept.push(Vec::leak(all) as &'static [&'static str]);
        identifiers.push(Vec::leak(ids) as &'static [&'static str]);
    }
    Index {
        by_tf,
        kept,
        identifiers,
    }
});

/// The row of a Terraform type.
pub fn row_index(tf: &str) -> Option<u16> {
    INDEX.by_tf.get(tf).copied()
}

/// The row of a resource's type, when Google Cloud's table reads it.
pub fn row(r: &Resource) -> Option<&'static Type> {
    let t = TYPES.get(usize::from(r.handle?.row))?;
    (t.tf == r.ty).then_some(t)
}

/// What a resource's type is to the logic across types.
pub fn is(r: &Resource) -> Is {
    row(r).map_or(Is::Other, |t| t.is)
}

/// What a reader keeps of a row's resources.
pub fn kept(row: u16) -> &'static [&'static str] {
    INDEX.kept[usize::from(row)]
}

/// The attributes through which others name a row's resources.
pub fn identifiers(row: u16) -> &'static [&'static str] {
    INDEX.identifiers[usize::from(row)]
}

/// The role of a `google_` type, read or not.
pub fn role(ty: &str) -> Role {
    if let Some(i) = row_index(ty) {
        return TYPES[usize::from(i)].role;
    }
    if not_modelled(ty) {
        Role::NotModelled
    } else {
        Role::Unknown
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Kind;

    #[test]
    fn every_type_has_one_row_and_one_role() {
        let mut seen = std::collections::BTreeSet::new();
        for t in TYPES {
            assert!(seen.insert(t.tf), "{} twice", t.tf);
            assert!(t.tf.starts_with("google_"), "{}", t.tf);
            if let Role::Component(_, service) = t.role {
                assert!(service.starts_with("gcp:"), "{}: {service}", t.tf);
            }
        }
        assert_eq!(
            role("google_sql_database_instance"),
            Role::Component(Kind::Database, "gcp:cloudsql")
        );
        assert_eq!(role("google_container_node_pool"), Role::Member);
        assert_eq!(role("google_compute_resource_policy"), Role::Informs);
        assert_eq!(role("google_sql_user"), Role::NotModelled);
        assert_eq!(role("google_quantum_computer"), Role::Unknown);
    }

    #[test]
    fn a_reader_keeps_what_a_row_reads_and_identifies_by() {
        let i = row_index("google_compute_disk_resource_policy_attachment").expect("a row");
        // The attachment's name is its policy's: a reference, not its own identifier.
        assert!(!identifiers(i).contains(&"name"));
        assert!(kept(i).contains(&"name"));
        let sql = row_index("google_sql_database_instance").expect("a row");
        assert!(identifiers(sql).contains(&"connection_name"));
        assert!(kept(sql).windows(2).all(|w| w[0] < w[1]));
    }
}
