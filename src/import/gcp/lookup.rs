//! The table looked up: a row by Terraform type, what a reader keeps of a row's resources, the
//! attributes that identify them, what a resource's type is.

use std::sync::LazyLock;

use super::not_modelled::not_modelled;
use super::row::{COMMON, IDENTIFIERS, Is, Type};
use super::types::TYPES;
use crate::import::provider::Role;
use crate::import::resource::Resource;
use crate::import::table::Index;

/// The rows by Terraform type, and the attribute lists of each, built once.
static INDEX: LazyLock<Index> = LazyLock::new(|| {
    Index::new(
        TYPES
            .iter()
            .map(|t| (t.tf, t.reads.iter().copied(), t.identifiers)),
        COMMON,
        IDENTIFIERS,
    )
});

/// The row of a Terraform type.
pub fn row_index(tf: &str) -> Option<u16> {
    INDEX.row(tf)
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
    INDEX.kept(row)
}

/// The attributes through which others name a row's resources.
pub fn identifiers(row: u16) -> &'static [&'static str] {
    INDEX.identifiers(row)
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
