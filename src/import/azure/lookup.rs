//! The table looked up: a row by Terraform type, what a reader keeps of a row's resources,
//! what a resource's type is.

use std::sync::LazyLock;

use super::not_modelled::NOT_MODELLED;
use super::row::{COMMON, IDENTIFIERS, Is, Type};
use super::types::TYPES;
use crate::import::resource::Resource;
use crate::import::table::Table;

/// The table, indexed by Terraform type, with the attribute list a reader keeps for each row
/// (a child keeps the attribute naming its parent), built once.
pub static TABLE: LazyLock<Table<Type>> =
    LazyLock::new(|| Table::new(TYPES, COMMON, IDENTIFIERS, not_modelled));

/// The row of a resource's type, when Azure reads it.
pub fn row(r: &Resource) -> Option<&'static Type> {
    TABLE.row(r)
}

/// What a resource's type is to the logic across types.
pub fn is(r: &Resource) -> Is {
    row(r).map_or(Is::Other, |t| t.is)
}

/// Whether a type the table has no row for is counted as having no bearing on recovery.
fn not_modelled(ty: &str) -> bool {
    NOT_MODELLED.iter().any(|p| ty.starts_with(p))
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
            assert!(t.tf.starts_with("azurerm_"), "{}", t.tf);
            // A row wins over a not-modelled prefix (Application Insights' availability tests
            // are read; the rest of Application Insights is not).
            assert!(
                !NOT_MODELLED.contains(&t.tf) && role(t.tf) == t.role,
                "{} is read and counted as not modelled",
                t.tf
            );
            if t.role == Role::Member {
                assert!(!t.parent.is_empty(), "{} names its component", t.tf);
            }
        }
        assert_eq!(
            role("azurerm_mssql_database"),
            Role::Component(Kind::Database, "azure:sql")
        );
        assert_eq!(role("azurerm_kubernetes_cluster_node_pool"), Role::Member);
        assert_eq!(role("azurerm_recovery_services_vault"), Role::Informs);
        assert_eq!(role("azurerm_resource_group"), Role::NotModelled);
        assert_eq!(role("azurerm_quantum_workspace"), Role::Unknown);
    }
}
