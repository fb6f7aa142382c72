//! AWS Backup: the plans, their rules and the selections that choose what they protect. A
//! selected component gets the rule's schedule as its backup frequency, its lifecycle as the
//! retention, continuous backup as point-in-time recovery, a copy to a vault in another region
//! as `cross_region_copy`, and a locked (or logically air-gapped) vault as `immutable`.

use std::collections::HashMap;
use std::time::Duration;

use crate::import::resource::Value;

use super::lookup::{is, row};
use super::region::arn_region;
use super::row::Is;
use crate::import::draft::{Again, Draft, owners};
use crate::import::resource::{Resource, block};
use crate::input::field::Field;

const HOUR: u64 = 3_600;
const DAY: u64 = 24 * HOUR;

/// What one schedule gives the components it selects: an AWS Backup plan rule, or a Data
/// Lifecycle Manager schedule (`snapshots.rs`).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Rule {
    pub interval: Duration,
    /// The schedule as written, and what drplan made of it when that needs saying.
    pub schedule: String,
    pub retention: Option<Duration>,
    pub continuous: bool,
    pub copy_region: Option<String>,
    pub locked: Option<String>,
    pub name: String,
    /// How the retention was read, when not from an AWS Backup lifecycle.
    pub retained: Option<String>,
    /// How the copy is made, when not to an AWS Backup vault.
    pub copied: Option<String>,
}

/// A schedule's worst and shortest intervals (a cron over the twelve months after `now`, or a
/// rate), with the words that say how it was read; an expression AWS would refuse is read as
/// daily, the default of AWS Backup and of Data Lifecycle Manager's console.
pub(super) fn interval(expression: &str, now: jiff::Timestamp) -> (Duration, Duration, String) {
    match super::cron::worst(expression, now) {
        Ok(w) if w.stops => (
            w.interval,
            w.shortest,
            format!("{expression}, which stops firing in the twelve months after --now"),
        ),
        Ok(w) => (w.interval, w.shortest, expression.to_string()),
        Err(e) => (
            Duration::from_secs(DAY),
            Duration::from_secs(DAY),
            format!("{expression} {e}: read as daily"),
        ),
    }
}

/// Applies every plan to the components its selections choose.
pub fn apply(drafts: &mut [Option<Draft>], resources: &[Resource], now: jiff::Timestamp) {
    let index = Index::new(drafts, resources);
    // Each draft's notes and backups are shared again as soon as a plan is given to it.
    let mut again = Again::default();
    for (s, selection) in resources.iter().enumerate() {
        if is(selection) != Is::BackupSelection {
            continue;
        }
        let Some(p) = index.plan_of(selection, resources) else {
            continue;
        };
        let plan = &resources[p];
        let mut rules = rules(plan, resources, &index, now);
        // The most frequent rule (the longest kept on a tie) sets the recovery points the
        // RPO counts on, with its own retention, copy and vault; a weekly rule kept a year
        // does not make daily points last a year.
        rules.sort_by(|a, b| {
            a.interval
                .cmp(&b.interval)
                .then(b.retention.cmp(&a.retention))
        });
        let Some(best) = rules.first() else { continue };
        let continuous = rules.iter().find(|r| r.continuous);
        for k in choose(selection, s, resources, drafts, &index) {
            let Some(d) = &mut drafts[k] else { continue };
            give(d, best, continuous, &rules[1..], plan, selection);
            d.share_again(resources, &mut again);
        }
    }
}

/// What the selections are looked up in, built once: plans by id, the protected resources by
/// tag, vaults by name, vault locks by vault.
struct Index<'a> {
    plans: HashMap<&'a str, usize>,
    tagged: HashMap<(&'a str, &'a str), Vec<usize>>,
    owner: Vec<Option<usize>>,
    vaults: HashMap<&'a str, usize>,
    locks: HashMap<usize, usize>,
}

impl<'a> Index<'a> {
    fn new(drafts: &[Option<Draft>], resources: &'a [Resource]) -> Self {
        let mut index = Index {
            plans: HashMap::new(),
            tagged: HashMap::new(),
            owner: owners(drafts.iter().map(Option::as_ref), resources.len()),
            vaults: HashMap::new(),
            locks: HashMap::new(),
        };
        for (i, r) in resources.iter().enumerate() {
            match is(r) {
                Is::BackupPlan => {
                    if let Some(id) = r.str("id") {
                        index.plans.insert(id, i);
                    }
                }
                Is::BackupVault => {
                    if let Some(name) = r.str("name") {
                        index.vaults.insert(name, i);
                    }
                }
                _ if protected(r) => {
                    for (k, v) in r.tags.iter() {
                        index.tagged.entry((k, v)).or_default().push(i);
                    }
                }
                _ => {}
            }
        }
        for (i, l) in resources.iter().enumerate() {
            if is(l) != Is::VaultLock {
                continue;
            }
            let named = l
                .str("backup_vault_name")
                .and_then(|n| index.vaults.get(n).copied());
            let linked = l
                .links
                .iter()
                .map(|k| k.to)
                .find(|&v| is(&resources[v]) == Is::BackupVault);
            if let Some(v) = linked.or(named) {
                index.locks.insert(v, i);
            }
        }
        index
    }

    /// The plan a selection belongs to (by reference, or by the plan's id).
    fn plan_of(&self, selection: &Resource, resources: &[Resource]) -> Option<usize> {
        (selection.links_at("plan_id"))
            .find(|&t| is(&resources[t]) == Is::BackupPlan)
            .or_else(|| self.plans.get(selection.str("plan_id")?).copied())
    }
}

fn rules(
    plan: &Resource,
    resources: &[Resource],
    index: &Index,
    now: jiff::Timestamp,
) -> Vec<Rule> {
    let region = plan.region();
    let vaults: Vec<usize> = (plan.links_at("rule"))
        .filter(|&v| is(&resources[v]).vault())
        .collect();
    plan.list("rule")
        .iter()
        .map(|rule| {
            let text = |k: &str| rule.get(k).and_then(Value::as_str);
            let (interval, schedule) = match text("schedule") {
                Some(s) => {
                    let (worst, _, said) = interval(s, now);
                    (worst, said)
                }
                None => (
                    Duration::from_secs(DAY),
                    "no schedule: AWS Backup's default cron(0 5 ? * * *)".to_string(),
                ),
            };
            let retention = block(rule.get("lifecycle"))
                .and_then(|l| number(l.get("delete_after")?))
                .and_then(|d| crate::duration::from_days(d).ok());
            let continuous = rule
                .get("enable_continuous_backup")
                .is_some_and(|v| v.as_bool() == Some(true) || v.as_str() == Some("true"));
            let copies: Vec<&Value> = match rule.get("copy_action") {
                Some(Value::Array(items)) => items.iter().collect(),
                Some(v @ Value::Object(_)) => vec![v],
                _ => Vec::new(),
            };
            let copy_region = copies
                .iter()
                .filter_map(|c| c.get("destination_vault_arn")?.as_str())
                .filter_map(arn_region)
                .chain(vaults.iter().filter_map(|&v| resources[v].region()))
                .find(|r| Some(*r) != region)
                .map(str::to_string);
            let target = text("target_vault_name");
            let named = target.and_then(|t| index.vaults.get(t).copied());
            let locked = (vaults.iter().copied())
                .chain(named)
                .find_map(|v| lock_of(v, resources, index));
            Rule {
                interval,
                schedule,
                retention,
                continuous,
                copy_region,
                locked,
                name: text("rule_name").unwrap_or("a rule").to_string(),
                retained: None,
                copied: None,
            }
        })
        .collect()
}

fn number(v: &Value) -> Option<f64> {
    v.as_f64().or_else(|| v.as_str()?.parse().ok())
}

/// Why a vault's recovery points cannot be deleted, when they cannot.
fn lock_of(v: usize, resources: &[Resource], index: &Index) -> Option<String> {
    let vault = &resources[v];
    let a = &vault.origin.address;
    if is(vault) == Is::AirGappedVault {
        return Some(format!("{a} is a logically air-gapped vault"));
    }
    if vault.get("lock_configuration").is_some() {
        return Some(format!("{a} has a vault lock"));
    }
    let lock = index.locks.get(&v)?;
    Some(format!("{} locks {a}", resources[*lock].origin.address))
}

/// The components a selection chooses: (its resources ∪ its tags) ∩ its conditions, less its
/// `not_resources`.
fn choose(
    selection: &Resource,
    s: usize,
    resources: &[Resource],
    drafts: &[Option<Draft>],
    index: &Index,
) -> Vec<usize> {
    let patterns: Vec<&str> = strings(selection.list("resources"));
    let excluded: Vec<&str> = strings(selection.list("not_resources"));
    let excluded_links: Vec<usize> = selection.links_at("not_resources").collect();
    let conditions = conditions(selection);
    // Candidates: what it names by reference (or by exact ARN, which `links` found), what
    // carries its tags, and, for a wildcard pattern, every protected resource.
    let mut candidates: Vec<usize> = selection.links_at("resources").collect();
    for t in selection.list("selection_tag") {
        if let (Some(k), Some(v)) = (
            t.get("key").and_then(Value::as_str),
            t.get("value").and_then(Value::as_str),
        ) {
            candidates.extend(index.tagged.get(&(k, v)).into_iter().flatten());
        }
    }
    if patterns.iter().any(|p| p.contains(['*', '?'])) {
        let wild = patterns.iter().filter(|p| p.contains(['*', '?']));
        let wild: Vec<&&str> = wild.collect();
        candidates.extend(
            (0..resources.len()).filter(|&m| wild.iter().any(|p| arn_matches(p, &resources[m]))),
        );
    }
    let mut chosen: Vec<usize> = candidates
        .into_iter()
        .filter(|&m| {
            let r = &resources[m];
            m != s
                && protected(r)
                && !excluded_links.contains(&m)
                && !excluded.iter().any(|p| arn_matches(p, r))
                && conditions.iter().all(|c| c.holds(r))
        })
        .filter_map(|m| index.owner[m])
        .filter(|&k| drafts[k].is_some())
        .collect();
    chosen.sort_unstable();
    chosen.dedup();
    chosen
}

fn strings(values: &[Value]) -> Vec<&str> {
    values.iter().filter_map(Value::as_str).collect()
}

/// A selection's tag condition.
struct Condition<'a> {
    key: &'a str,
    value: &'a str,
    like: bool,
    negated: bool,
}

impl Condition<'_> {
    fn holds(&self, r: &Resource) -> bool {
        let tag = self
            .key
            .strip_prefix("aws:ResourceTag/")
            .unwrap_or(self.key);
        let matched = match r.tags.get(tag) {
            Some(v) if self.like => glob(self.value, v),
            Some(v) => v == self.value,
            None => false,
        };
        matched != self.negated
    }
}

fn conditions(selection: &Resource) -> Vec<Condition<'_>> {
    let mut out = Vec::new();
    for block in selection.list("condition") {
        for (name, like, negated) in [
            ("string_equals", false, false),
            ("string_like", true, false),
            ("string_not_equals", false, true),
            ("string_not_like", true, true),
        ] {
            let items = match block.get(name) {
                Some(Value::Array(items)) => items.as_slice(),
                Some(v @ Value::Object(_)) => std::slice::from_ref(v),
                _ => &[],
            };
            for c in items {
                if let (Some(key), Some(value)) = (
                    c.get("key").and_then(Value::as_str),
                    c.get("value").and_then(Value::as_str),
                ) {
                    out.push(Condition {
                        key,
                        value,
                        like,
                        negated,
                    });
                }
            }
        }
    }
    out
}

/// Whether a selection's ARN (or ARN pattern) names a resource: by its ARN when the source
/// has it, else by service and type when the pattern names every resource of one
/// (`arn:aws:rds:*:*:db:*`).
fn arn_matches(pattern: &str, r: &Resource) -> bool {
    if pattern == "*" {
        return true;
    }
    if let Some(arn) = r.str("arn") {
        return glob(pattern, arn);
    }
    let parts: Vec<&str> = pattern.splitn(6, ':').collect();
    let [_, _, service, _, _, rest] = parts[..] else {
        return false;
    };
    let wildcard_name = rest.ends_with('*') && !rest.trim_end_matches('*').contains(['*', '?']);
    let prefix = rest.trim_end_matches('*');
    let Some(arn) = row(r).and_then(|t| t.backup) else {
        return false;
    };
    // The pattern names every resource of the type: its service, and a resource part that
    // is a prefix of the type's (`db:`) followed by a wildcard.
    wildcard_name
        && service == arn.service
        && (prefix.is_empty() || arn.resource.is_empty() || arn.resource.starts_with(prefix))
}

/// Whether AWS Backup protects a resource's type.
fn protected(r: &Resource) -> bool {
    row(r).is_some_and(|t| t.backup.is_some())
}

/// `*` and `?` wildcards, as AWS Backup and IAM use them.
fn glob(pattern: &str, text: &str) -> bool {
    let (p, t): (Vec<char>, Vec<char>) = (pattern.chars().collect(), text.chars().collect());
    let (mut i, mut j) = (0, 0);
    let (mut star, mut mark) = (None, 0);
    while j < t.len() {
        if i < p.len() && (p[i] == '?' || p[i] == t[j]) {
            i += 1;
            j += 1;
        } else if i < p.len() && p[i] == '*' {
            star = Some(i);
            mark = j;
            i += 1;
        } else if let Some(s) = star {
            i = s + 1;
            mark += 1;
            j = mark;
        } else {
            return false;
        }
    }
    p[i..].iter().all(|&c| c == '*')
}

/// The rule's backups, where they are better than what the component has.
fn give(
    d: &mut Draft,
    rule: &Rule,
    continuous: Option<&Rule>,
    others: &[Rule],
    plan: &Resource,
    selection: &Resource,
) {
    let from = format!(
        "AWS Backup plan {} ({}), selection {}",
        plan.origin.address, rule.name, selection.origin.address
    );
    offer(d, rule, others, &from);
    if let Some(c) = continuous
        && !d.backup.pitr
    {
        d.backup.pitr = true;
        d.note(
            Field::BackupPitr,
            format!(
                "AWS Backup plan {} ({}): enable_continuous_backup = true",
                plan.origin.address, c.name
            ),
        );
    }
}

/// A schedule's recovery points, where they are better than what the component has: more
/// frequent (or as frequent and kept longer), copied to another region, locked. `from` says
/// whose schedule it is; `others` are the same source's less frequent schedules.
pub(super) fn offer(d: &mut Draft, rule: &Rule, others: &[Rule], from: &str) {
    if d.backup.frequency.is_none_or(|f| rule.interval < f) {
        d.backup.frequency = Some(rule.interval);
        d.backup.retention = rule.retention;
        let mut why = format!(
            "{from}: {} → every {}",
            rule.schedule,
            crate::duration::Human(rule.interval)
        );
        for o in others {
            why.push_str(&format!(
                "; rule {} every {}{} is less frequent",
                o.name,
                crate::duration::Human(o.interval),
                o.retention
                    .map(|r| format!(", kept {}", crate::duration::Human(r)))
                    .unwrap_or_default()
            ));
        }
        d.note(Field::BackupFrequency, why);
        d.note(Field::BackupRetention, kept(from, rule));
    } else if d.backup.frequency == Some(rule.interval)
        && let Some(r) = rule.retention
        && d.backup.retention.is_some_and(|k| r > k)
    {
        // As often as the component's own backups, and kept longer.
        d.backup.retention = Some(r);
        d.note(Field::BackupRetention, kept(from, rule));
    }
    if let Some(region) = &rule.copy_region
        && d.backup.copy_region.is_none()
    {
        d.backup.copy_region = Some(region.clone());
        d.note(
            Field::BackupCrossRegionCopy,
            match &rule.copied {
                Some(how) => format!("{from}: {how}"),
                None => format!("{from}: copies recovery points to a vault in {region}"),
            },
        );
    }
    if let Some(lock) = &rule.locked
        && !d.backup.immutable
    {
        d.backup.immutable = true;
        d.note(Field::BackupImmutable, format!("{from}: {lock}"));
    }
    d.why.remove(&Field::Backup);
}

fn kept(from: &str, rule: &Rule) -> String {
    if let Some(how) = &rule.retained {
        return format!("{from}: {how}");
    }
    match rule.retention {
        Some(r) => format!(
            "{from}: lifecycle deletes its recovery points after {}",
            crate::duration::Human(r)
        ),
        None => format!("{from}: no lifecycle: recovery points are kept until deleted"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards() {
        assert!(glob(
            "arn:aws:rds:*:*:db:*",
            "arn:aws:rds:us-east-1:1:db:orders"
        ));
        assert!(!glob(
            "arn:aws:rds:*:*:cluster:*",
            "arn:aws:rds:us-east-1:1:db:orders"
        ));
        assert!(glob("prod-?", "prod-1") && !glob("prod-?", "prod-12"));
    }

    #[test]
    fn patterns_match_resources_without_arns_by_service() {
        let ty = (super::super::types::TYPES.iter())
            .find(|t| t.is == Is::DbInstance)
            .map(|t| t.tf)
            .expect("a database instance type");
        let db = crate::import::registry::test_resource(ty, serde_json::json!({}));
        assert!(arn_matches("arn:aws:rds:*:*:db:*", &db));
        assert!(!arn_matches("arn:aws:rds:*:*:cluster:*", &db));
        assert!(!arn_matches("arn:aws:rds:us-east-1:1:db:orders", &db));
        assert!(arn_matches("*", &db));
    }
}
