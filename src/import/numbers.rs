//! The numbers a provider's mapping reads (each type's `numbers`), checked before it reads
//! them. Every number in a file is untrusted: a retention of 1e308 days, a negative volume
//! size or `"NaN"` seconds is an error naming the resource and the attribute (exit 2), never a
//! panic converting it or an architecture the validator rejects. A value past a limit the
//! cloud documents, but otherwise sensible (a retention of 40 days where RDS keeps at most
//! 35), is read as that limit, with a note in the summary.

use crate::import::resource::Value;

use super::error::Error;
use super::resource::Resource;

/// What a number counts, and so its range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Days of retention: at most 100 years.
    Days,
    /// Seconds of a timeout or a window: at most 100 years.
    Seconds,
    /// GiB of storage: any finite size.
    Gib,
    /// Instances, nodes, tasks: a whole count that fits 32 bits.
    Count,
}

/// A number a type's facts read: its path (Terraform's names; a resource translated from
/// another format has been translated to them), the name that format writes, what it counts,
/// and the limit the cloud documents, if any (a value past it is read as it, with a note).
#[derive(Debug, Clone, Copy)]
pub struct Number {
    pub path: &'static str,
    /// The name a translated source (CloudFormation) writes it with.
    pub cfn: &'static str,
    pub unit: Unit,
    pub cap: Option<(f64, &'static str)>,
}

pub const fn number(path: &'static str, cfn: &'static str, unit: Unit) -> Number {
    Number {
        path,
        cfn,
        unit,
        cap: None,
    }
}

pub const fn capped(
    path: &'static str,
    cfn: &'static str,
    unit: Unit,
    cap: f64,
    why: &'static str,
) -> Number {
    Number {
        path,
        cfn,
        unit,
        cap: Some((cap, why)),
    }
}

/// What a unit's numbers may be, in words.
fn words(unit: Unit) -> &'static str {
    match unit {
        Unit::Days => "a number of days from 0 to 36500 (100 years)",
        Unit::Seconds => "a number of seconds of at most 100 years",
        Unit::Gib => "a size in GiB, 0 or more",
        Unit::Count => "a count from 0 to 4294967295",
    }
}

/// The largest value drplan can model at all.
fn max(unit: Unit) -> f64 {
    match unit {
        Unit::Days => crate::duration::MAX.as_secs_f64() / 86_400.0,
        Unit::Seconds => crate::duration::MAX.as_secs_f64(),
        Unit::Gib => f64::MAX,
        Unit::Count => f64::from(u32::MAX),
    }
}

/// Checks every number the mapping reads; clamps those past a documented limit. The notes
/// say what was clamped; the error names the first value out of range.
pub fn check(
    resources: &mut [Resource],
    numbers: impl Fn(&Resource) -> Option<&'static [Number]>,
) -> Result<Vec<String>, Error> {
    let mut notes = Vec::new();
    for r in resources.iter_mut() {
        let Some(read) = numbers(r) else { continue };
        for a in read {
            let path: Vec<&str> = a.path.split('.').collect();
            let mut problem = None;
            let mut clamped = None;
            let Some((first, rest)) = path.split_first() else {
                continue;
            };
            let Some(top) = r.values.get_mut(first) else {
                continue;
            };
            visit(top, rest, &mut |v| {
                let Some(n) = read_number(v) else { return };
                if let Some(why) = out_of_range(n, a.unit) {
                    problem.get_or_insert((n, why));
                } else if let Some((cap, why)) = a.cap
                    && n > cap
                {
                    *v = Value::from(cap);
                    clamped.get_or_insert((n, cap, why));
                }
            });
            let named = || {
                let name = if r.more.source_type.is_some() {
                    a.cfn
                } else {
                    a.path
                };
                format!("{}: {name}", crate::words::Shown(&r.origin.address))
            };
            if let Some((n, why)) = problem {
                return Err(Error::at(
                    &r.origin.file,
                    r.origin.line.map(|l| l as usize),
                    format!("{} = {} {why}: write {}", named(), Shown(n), words(a.unit)),
                ));
            }
            if let Some((n, cap, why)) = clamped {
                notes.push(format!(
                    "{} = {} is read as {}: {why}",
                    named(),
                    Shown(n),
                    Shown(cap)
                ));
            }
        }
    }
    Ok(notes)
}

/// Why a number cannot be the unit's, if it cannot.
fn out_of_range(n: f64, unit: Unit) -> Option<&'static str> {
    if n.is_nan() {
        Some("is not a number")
    } else if n < 0.0 {
        Some("is negative")
    } else if n > max(unit) {
        Some("is out of range")
    } else if unit == Unit::Count && n.fract() != 0.0 {
        Some("is not a whole number")
    } else {
        None
    }
}

/// A number as the mapping reads it (`Resource::num`): a JSON number or a numeric string.
fn read_number(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// Calls `f` on every value at `path`, entering every element of a list along the way.
fn visit(v: &mut Value, path: &[&str], f: &mut dyn FnMut(&mut Value)) {
    match v {
        Value::Array(items) => items.iter_mut().for_each(|i| visit(i, path, f)),
        Value::Object(map) => match path.split_first() {
            Some((key, rest)) => {
                if let Some(inner) = map.get_mut(key) {
                    visit(inner, rest, f);
                }
            }
            None => f(v),
        },
        _ if path.is_empty() => f(v),
        _ => {}
    }
}

/// A number as an error shows it: `1e308` rather than 309 digits.
struct Shown(f64);

impl std::fmt::Display for Shown {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.0.is_finite() && self.0.abs() >= 1e15 {
            write!(f, "{:e}", self.0)
        } else {
            write!(f, "{}", self.0)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RETENTION: Number = capped(
        "backup_retention_period",
        "BackupRetentionPeriod",
        Unit::Days,
        35.0,
        "the service keeps automated backups at most 35 days",
    );
    const READ: &[Number] = &[
        RETENTION,
        number("allocated_storage", "AllocatedStorage", Unit::Gib),
        number("rule.lifecycle.delete_after", "", Unit::Days),
    ];

    fn db(values: serde_json::Value) -> Vec<Resource> {
        vec![Resource::fixture("cloud_database", values)]
    }

    fn checked(r: &mut [Resource]) -> Result<Vec<String>, Error> {
        check(r, |_| Some(READ))
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
            let e = checked(&mut r).expect_err("out of range");
            assert!(
                e.message.contains("backup_retention_period") && e.message.contains(why),
                "{value}: {}",
                e.message
            );
        }
        let mut r = db(serde_json::json!({ "allocated_storage": -5 }));
        assert!(
            checked(&mut r)
                .expect_err("negative")
                .message
                .contains("allocated_storage = -5 is negative")
        );
        let mut r = db(serde_json::json!({"rule": [
            {"lifecycle": [{"delete_after": 7}]},
            {"lifecycle": [{"delete_after": 1e300}]}
        ]}));
        let e = checked(&mut r).expect_err("the second rule");
        assert!(e.message.contains("rule.lifecycle.delete_after = 1e300"));
    }

    #[test]
    fn values_past_a_documented_limit_are_clamped_with_a_note() {
        let mut r = db(serde_json::json!({ "backup_retention_period": "40" }));
        let notes = checked(&mut r).expect("in range");
        assert_eq!(r[0].num("backup_retention_period"), Some(35.0));
        assert_eq!(notes.len(), 1);
        assert!(notes[0].contains("backup_retention_period = 40 is read as 35"));
        let mut r = db(serde_json::json!({ "backup_retention_period": 7 }));
        assert_eq!(checked(&mut r).expect("in range"), Vec::<String>::new());
        assert_eq!(r[0].num("backup_retention_period"), Some(7.0));
    }
}
