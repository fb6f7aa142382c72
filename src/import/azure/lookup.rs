//! The table looked up: a row by Terraform type, what a reader keeps of a row's resources,
//! what a resource's type is.

use std::sync::LazyLock;

use super::not_modelled::NOT_MODELLED;
use super::row::{COMMON, IDENTIFIERS, Is, Type};
use super::types::TYPES;
use crate::import::provider::Role;
use crate::import::resource::Resource;
use crate::import::table::Index;

/// The rows by Terraform type, and the attribute lists of each (a child keeps the attribute
/// naming its parent), built once.
static INDEX: LazyLock<Index> = LazyLock::new(|| {
    Index::new(
        TYPES
            .iter()
            .map(|t| (t.tf, t.reads.iter().chain(t.parent).copied(), t.identifiers)),
        COMMON,
        IDENTIFIERS,
    )
});

/// The row of a Terraform type.
pub fn row_index(tf: &str) -> Option<u16> {
    INDEX.row(tf)
}

/// The row of a resource's type, when Azure reads it.
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

/// The role of a type, read or not.
pub fn role(ty: &str) -> Role {
    if let Some(i) = row_index(ty) {
        return TYPES[usize::from(i)].role;
    }
    if NOT_MODELLED.iter().any(|p| ty.starts_with(p)) {
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
