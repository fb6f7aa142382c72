//! What an import found besides components, as `drplan import` prints it.

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;

use crate::words::{Escaped, plural_s};

/// What the import found besides components.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Summary {
    /// Components by kind.
    pub components: BTreeMap<String, usize>,
    /// Resources folded into components or read for what they say of them, by type.
    pub informing: BTreeMap<String, usize>,
    /// Resources drplan knows and leaves out, by type.
    pub not_modelled: BTreeMap<String, usize>,
    /// Resources of component types that only carry alerts (a topic only alarms publish
    /// to): plumbing, not components, by type.
    pub plumbing: BTreeMap<String, usize>,
    /// Resource types drplan does not know, with how many there were.
    pub unknown: BTreeMap<String, usize>,
    /// Parameters that had no value, by file.
    pub parameters_without_value: Vec<String>,
    /// References to things the sources do not hold (other stacks' exports, data sources).
    pub outside: Vec<String>,
    /// Components (or members) whose existence depends on a condition drplan could not decide.
    pub conditional: Vec<String>,
    /// Numbers past a limit the cloud documents, read as that limit (resource, attribute, why).
    pub clamped: Vec<String>,
    pub primary_region: Option<String>,
    pub secondary_region: Option<String>,
    /// Each cloud's own pair, when the sources hold more than one cloud's components (the
    /// architecture keeps one of them).
    pub clouds: Vec<Cloud>,
}

/// One cloud's components and the two regions its strategies are read against.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Cloud {
    pub cloud: String,
    pub components: usize,
    pub primary_region: Option<String>,
    pub secondary_region: Option<String>,
}

/// `cloud_subnet ×6, cloud_role ×2`, most first.
fn counts(f: &mut fmt::Formatter<'_>, map: &BTreeMap<String, usize>) -> fmt::Result {
    let mut items: Vec<(&String, &usize)> = map.iter().collect();
    items.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    for (k, (name, n)) in items.into_iter().enumerate() {
        if k > 0 {
            f.write_str(", ")?;
        }
        write!(f, "{} ×{n}", Escaped(name))?;
    }
    Ok(())
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let total: usize = self.components.values().sum();
        write!(f, "{total} component{}", plural_s(total))?;
        if total > 0 {
            f.write_str(" (")?;
            for (k, (kind, n)) in self.components.iter().enumerate() {
                if k > 0 {
                    f.write_str(", ")?;
                }
                write!(f, "{kind} {n}")?;
            }
            f.write_str(")")?;
        }
        writeln!(f)?;
        match (&self.primary_region, &self.secondary_region) {
            (Some(p), Some(s)) => writeln!(
                f,
                "  regions: primary {}, secondary {}",
                Escaped(p),
                Escaped(s)
            )?,
            (Some(p), None) => writeln!(
                f,
                "  region: {} (no resources in a second region)",
                Escaped(p)
            )?,
            _ => writeln!(
                f,
                "  region: unknown (no provider region, ARN or --region says): set regions.primary"
            )?,
        }
        if !self.clouds.is_empty() {
            writeln!(
                f,
                "  each cloud's own regions (its components' region strategies are read against them):"
            )?;
        }
        for c in &self.clouds {
            write!(
                f,
                "    {}: {} component{}, primary {}",
                Escaped(&c.cloud),
                c.components,
                plural_s(c.components),
                Escaped(c.primary_region.as_deref().unwrap_or("unknown"))
            )?;
            match &c.secondary_region {
                Some(s) => writeln!(f, ", secondary {}", Escaped(s))?,
                None => writeln!(f, ", no second region")?,
            }
        }
        let sections = [
            ("inform components", &self.informing),
            (
                "alerting plumbing (only alarms and service events use it; not components)",
                &self.plumbing,
            ),
            ("not modelled (no bearing on recovery)", &self.not_modelled),
            (
                "unknown types (not modelled; tell us if they matter)",
                &self.unknown,
            ),
        ];
        for (title, map) in sections {
            if !map.is_empty() {
                write!(f, "  {title}: ")?;
                counts(f, map)?;
                writeln!(f)?;
            }
        }
        let lists = [
            (
                "parameters without a value (service defaults assumed)",
                &self.parameters_without_value,
            ),
            ("references that leave the sources", &self.outside),
            (
                "exist only under a condition drplan could not decide",
                &self.conditional,
            ),
            ("read at the limit the cloud documents", &self.clamped),
        ];
        for (title, list) in lists {
            if !list.is_empty() {
                writeln!(f, "  {title}:")?;
                for item in list {
                    writeln!(f, "    {}", Escaped(item))?;
                }
            }
        }
        Ok(())
    }
}
