//! The table looked up: a row by Terraform type, what a reader keeps of a row's resources, the
//! attributes that identify them, what a resource's type is.

use std::sync::LazyLock;

use super::not_modelled::not_modelled;
use super::row::{COMMON, IDENTIFIERS, Is, Type};
use super::types::TYPES;
use crate::import::resource::Resource;
use crate::import::table::Table;

/// The table, indexed by Terraform type, with the attribute list a reader keeps for each row,
/// built once.
pub static TABLE: LazyLock<Table<Type>> =
    LazyLock::new(|| Table::new(TYPES, COMMON, IDENTIFIERS, not_modelled));

/// The row of a resource's type, when Google Cloud's table reads it.
pub fn row(r: &Resource) -> Option<&'static Type> {
    TABLE.row(r)
}

/// What a resource's type is to the logic across types.
pub fn is(r: &Resource) -> Is {
    row(r).map_or(Is::Other, |t| t.is)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::provider::Role;

    fn role(ty: &str) -> Role {
        TABLE.role(ty)
    }
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
        let i = TABLE
            .row_index("google_compute_disk_resource_policy_attachment")
            .expect("a row");
        // The attachment's name is its policy's: a reference, not its own identifier.
        assert!(!TABLE.identifiers(i).contains(&"name"));
        assert!(TABLE.kept(i).contains(&"name"));
        let sql = TABLE
            .row_index("google_sql_database_instance")
            .expect("a row");
        assert!(TABLE.identifiers(sql).contains(&"connection_name"));
        assert!(TABLE.kept(sql).windows(2).all(|w| w[0] < w[1]));
    }
}
