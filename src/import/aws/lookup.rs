//! The table looked up: a row by Terraform or CloudFormation type, what a reader keeps of a
//! row's resources, what a resource's type is.

use std::collections::HashMap;
use std::sync::LazyLock;

use super::not_modelled::{NOT_MODELLED, UTILITY};
use super::row::{COMMON, Cfn, IDENTIFIERS, Is, Type};
use super::types::TYPES;
use crate::import::resource::Resource;
use crate::import::table::Table;

/// The table, indexed by Terraform type, with the attribute list a reader keeps for each row
/// (the row's own, [`COMMON`] and the identifiers), built once.
pub static TABLE: LazyLock<Table<Type>> =
    LazyLock::new(|| Table::new(&TYPES, COMMON, IDENTIFIERS, not_modelled));

/// The rows by CloudFormation type, a conditional translation first.
static BY_CFN: LazyLock<HashMap<&'static str, Vec<(u16, &'static Cfn)>>> = LazyLock::new(|| {
    let mut by_cfn: HashMap<&'static str, Vec<(u16, &'static Cfn)>> = HashMap::new();
    for (i, t) in TYPES.iter().enumerate() {
        let i = u16::try_from(i).expect("a table holds fewer than 65,536 rows");
        for c in t.cfn {
            let entry = by_cfn.entry(c.ty).or_default();
            if c.when.is_some() {
                entry.insert(0, (i, c));
            } else {
                entry.push((i, c));
            }
        }
    }
    by_cfn
});

/// The row of a Terraform type.
pub fn row_index(tf: &str) -> Option<u16> {
    TABLE.row_index(tf)
}

/// The row and the translation of a CloudFormation type, given whether the resource has the
/// property a conditional translation asks for.
pub fn by_cfn(ty: &str, has: impl Fn(&str) -> bool) -> Option<(u16, &'static Cfn)> {
    BY_CFN
        .get(ty)?
        .iter()
        .find(|(_, c)| c.when.is_none_or(&has))
        .copied()
}

/// The row of a resource's type, when AWS reads it.
pub fn row(r: &Resource) -> Option<&'static Type> {
    TABLE.row(r)
}

/// What a resource's type is to the logic across types.
pub fn is(r: &Resource) -> Is {
    row(r).map_or(Is::Other, |t| t.is)
}

/// Whether a type the table has no row for is counted as having no bearing on recovery.
fn not_modelled(ty: &str) -> bool {
    NOT_MODELLED
        .iter()
        .chain(UTILITY)
        .any(|p| ty.starts_with(p))
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
        for t in TYPES.iter() {
            assert!(seen.insert(t.tf), "{} twice", t.tf);
        }
        assert_eq!(
            role("aws_db_instance"),
            Role::Component(Kind::Database, "aws:rds")
        );
        assert_eq!(role("aws_rds_cluster_instance"), Role::Member);
        assert_eq!(role("aws_subnet"), Role::Informs);
        assert_eq!(role("aws_iam_user"), Role::NotModelled);
        assert_eq!(role("aws_s3_bucket_policy"), Role::NotModelled);
        // The bucket's settings that matter are members, before the prefix says otherwise.
        assert_eq!(role("aws_s3_bucket_versioning"), Role::Member);
        assert_eq!(role("aws_backup_plan"), Role::Informs);
        assert_eq!(role("aws_quantum_thing"), Role::Unknown);
        assert_eq!(role("AWS::EC2::SecurityGroup"), Role::NotModelled);
        assert_eq!(role("Custom::Seeder"), Role::Unknown);
    }

    #[test]
    fn an_rds_instance_in_a_cluster_is_the_clusters_member() {
        let (plain, _) = by_cfn("AWS::RDS::DBInstance", |_| false).expect("a row");
        let (member, _) =
            by_cfn("AWS::RDS::DBInstance", |p| p == "DBClusterIdentifier").expect("a row");
        assert_eq!(TYPES[usize::from(plain)].is, Is::DbInstance);
        assert_eq!(TYPES[usize::from(member)].is, Is::ClusterInstance);
    }
}
