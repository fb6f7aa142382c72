//! The numbers AWS rows read, checked before they are read (`crate::import::numbers`), each
//! row's own list.

use super::lookup::row;
use crate::import::error::Error;
use crate::import::resource::Resource;

/// Checks every number the AWS mapping reads; clamps those past a limit AWS documents.
pub fn check(resources: &mut [Resource]) -> Result<Vec<String>, Error> {
    crate::import::numbers::check(resources, |r| row(r).map(|t| t.numbers))
}

#[cfg(test)]
mod tests {
    use super::*;

    use super::super::row::Is;
    use super::super::types::TYPES;
    use crate::import::registry::test_resource;

    /// A resource of the first type that is what `is` says.
    fn of(is: Is, values: serde_json::Value) -> Vec<Resource> {
        let ty = (TYPES.iter().find(|t| t.is == is).map(|t| t.tf)).expect("a type");
        vec![test_resource(ty, values)]
    }

    fn db(values: serde_json::Value) -> Vec<Resource> {
        of(Is::DbInstance, values)
    }

    #[test]
    fn impossible_numbers_are_errors_naming_the_attribute() {
        for (value, why) in [
            (serde_json::json!(40_000), "out of range"),
            (serde_json::json!(-1), "negative"),
            (serde_json::json!("NaN"), "not a number"),
            (serde_json::json!("inf"), "out of range"),
            (serde_json::json!(1e308), "out of range"),
        ] {
            let mut r = db(serde_json::json!({ "backup_retention_period": value }));
            let e = check(&mut r).expect_err("out of range");
            assert!(
                e.message.contains("backup_retention_period") && e.message.contains(why),
                "{value}: {}",
                e.message
            );
        }
        let mut r = db(serde_json::json!({ "allocated_storage": -5 }));
        assert!(
            check(&mut r)
                .expect_err("negative")
                .message
                .contains("allocated_storage = -5 is negative")
        );
        let mut r = of(
            Is::BackupPlan,
            serde_json::json!({"rule": [
                {"lifecycle": [{"delete_after": 7}]},
                {"lifecycle": [{"delete_after": 1e300}]}
            ]}),
        );
        let e = check(&mut r).expect_err("the second rule");
        assert!(e.message.contains("rule.lifecycle.delete_after = 1e300"));
    }

    #[test]
    fn values_past_a_documented_limit_are_clamped_with_a_note() {
        let mut r = db(serde_json::json!({ "backup_retention_period": "40" }));
        let notes = check(&mut r).expect("in range");
        assert_eq!(r[0].num("backup_retention_period"), Some(35.0));
        assert_eq!(notes.len(), 1);
        assert!(notes[0].contains("backup_retention_period = 40 is read as 35"));
        let mut r = db(serde_json::json!({ "backup_retention_period": 7 }));
        assert_eq!(check(&mut r).expect("in range"), Vec::<String>::new());
        assert_eq!(r[0].num("backup_retention_period"), Some(7.0));
    }
}
