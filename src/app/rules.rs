//! `drplan rules` lists the rules; `drplan explain ID` prints one rule's page.

use super::{Exit, UsageError, io};
use crate::input::did_you_mean;
use crate::rules::{self, docs};

pub fn list() -> anyhow::Result<Exit> {
    let mut out = String::new();
    for r in rules::RULES {
        out.push_str(&format!(
            "{}  {:<8} {:<52} {}\n",
            r.id,
            r.severity.as_str(),
            r.name,
            r.summary
        ));
    }
    io::print(&out)?;
    Ok(Exit::Ok)
}

pub fn explain(rule: &str) -> anyhow::Result<Exit> {
    let r = rules::find(rule).ok_or_else(|| {
        let ids = rules::RULES.iter().map(|r| r.id);
        let hint = did_you_mean(&rule.to_ascii_uppercase(), ids)
            .map(|s| format!("; did you mean {s}?"))
            .unwrap_or_default();
        UsageError(format!(
            "no rule {rule:?}{hint} (`drplan rules` lists them)"
        ))
    })?;
    io::print(&docs::page(r))?;
    Ok(Exit::Ok)
}
