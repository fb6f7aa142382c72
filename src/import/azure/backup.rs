//! Azure Backup: the Recovery Services vaults, their VM backup policies and the virtual
//! machines they protect. A protected VM gets its policy's schedule as its backup frequency,
//! its daily (else weekly) retention, a copy to the paired region when the vault is
//! geo-redundant with cross-region restore, and `immutable` when the vault's immutability is
//! locked; soft delete is said in the notes. Resource locks (`azurerm_management_lock`) give
//! deletion protection.

use std::collections::HashMap;
use std::time::Duration;

use super::lookup::is;
use super::region::paired;
use super::row::Is;
use crate::import::draft::{Again, Draft};
use crate::import::resource::Resource;
use crate::input::field::Field;
use crate::model::Kind;

const HOUR: u64 = 3_600;
const DAY: u64 = 24 * HOUR;

/// Gives every protected VM its policy and vault, and every component the resource locks on
/// it. Each draft's notes and backups are shared again as soon as they are written.
pub fn apply(drafts: &mut [Option<Draft>], resources: &[Resource]) {
    let locks = Locks::of(resources);
    let mut again = Again::default();
    for d in drafts.iter_mut().flatten() {
        let protected: Vec<usize> = (d.members.iter().copied())
            .filter(|&m| is(&resources[m]) == Is::ProtectedVm)
            .collect();
        if let Some(&p) = protected.first() {
            protect(d, &resources[p], resources);
        }
        locks.apply(d, resources);
        d.share_again(resources, &mut again);
    }
}

/// What a protected VM's policy and vault give it.
fn protect(d: &mut Draft, protected: &Resource, resources: &[Resource]) {
    let by = &protected.origin.address;
    d.stateful = Some(true);
    d.note(
        Field::Stateful,
        format!("{by}: Azure Backup protects it: its disks hold data worth keeping"),
    );
    let policy = protected
        .links_at("backup_policy_id")
        .map(|p| &resources[p])
        .find(|p| is(p) == Is::VmBackupPolicy);
    let vault = (protected.links_at("recovery_vault_name"))
        .chain(
            policy
                .into_iter()
                .flat_map(|p| p.links_at("recovery_vault_name")),
        )
        .map(|v| &resources[v])
        .find(|v| is(v) == Is::Vault);
    let Some(policy) = policy else {
        d.note(
            Field::BackupFrequency,
            format!("{by}: its backup policy is not in the sources: daily, Azure Backup's default, assumed"),
        );
        d.backup.frequency = Some(Duration::from_secs(DAY));
        return;
    };
    let p = &policy.origin.address;
    let (every, said) = match policy.str("backup.frequency") {
        Some(f) if f.eq_ignore_ascii_case("hourly") => {
            let h = policy.num("backup.hour_interval").unwrap_or(4.0).max(1.0);
            (
                h as u64 * HOUR,
                format!("{p}: backup Hourly, every {h} hours"),
            )
        }
        Some(f) if f.eq_ignore_ascii_case("weekly") => (7 * DAY, format!("{p}: backup Weekly")),
        Some(f) => (DAY, format!("{p}: backup {f}")),
        None => (DAY, format!("{p} does not say its frequency: daily")),
    };
    d.backup.frequency = Some(Duration::from_secs(every));
    d.note(Field::BackupFrequency, said);
    let kept = policy
        .num("retention_daily.count")
        .map(|n| (n, format!("{p}: retention_daily {n} days")))
        .or_else(|| {
            let w = policy.num("retention_weekly.count")?;
            Some((w * 7.0, format!("{p}: retention_weekly {w} weeks")))
        });
    if let Some((n, why)) = kept {
        d.backup.retention = crate::duration::from_days(n.max(0.0)).ok();
        d.note(Field::BackupRetention, why);
    }
    let Some(vault) = vault else {
        d.note(
            Field::BackupCrossRegionCopy,
            format!("{by}: its Recovery Services vault is not in the sources: where its copies are is not known"),
        );
        return;
    };
    vault_facts(d, vault);
}

/// The vault's storage mode, cross-region restore, immutability and soft delete.
fn vault_facts(d: &mut Draft, vault: &Resource) {
    let v = &vault.origin.address;
    let mode = vault.str("storage_mode_type").unwrap_or("GeoRedundant");
    let crr = vault.bool("cross_region_restore_enabled") == Some(true);
    let geo = mode.eq_ignore_ascii_case("GeoRedundant");
    let pair = vault.region().and_then(paired);
    match (geo, crr, pair) {
        (true, true, Some(p)) => {
            d.backup.copy_region = Some(p.to_string());
            d.note(
                Field::BackupCrossRegionCopy,
                format!("{v}: storage_mode_type {mode} with cross_region_restore_enabled: the recovery points are replicated to {p}, the vault's paired region, and restorable there at any time"),
            );
        }
        (true, false, _) => d.note(
            Field::BackupCrossRegionCopy,
            format!("{v}: storage_mode_type {mode} without cross_region_restore_enabled: the copies in the paired region can be restored only once Microsoft declares the region lost; not counted"),
        ),
        (true, true, None) => d.note(
            Field::BackupCrossRegionCopy,
            format!("{v}: geo-redundant with cross-region restore, but its region's pair is not known"),
        ),
        (false, _, _) => d.note(
            Field::BackupCrossRegionCopy,
            format!("{v}: storage_mode_type {mode}: the recovery points stay in the region"),
        ),
    }
    let soft = match vault.bool("soft_delete_enabled") {
        Some(false) => "soft delete is off: a deleted backup is gone at once".to_string(),
        _ => "soft delete keeps deleted backups 14 days".to_string(),
    };
    match vault.str("immutability") {
        Some(i) if i.eq_ignore_ascii_case("locked") => {
            d.backup.immutable = true;
            d.note(
                Field::BackupImmutable,
                format!("{v}: immutability Locked: no one can shorten or delete the recovery points; {soft}"),
            );
        }
        i => d.note(
            Field::BackupImmutable,
            format!(
                "{v}: immutability {} (not locked); {soft}",
                i.unwrap_or("not set")
            ),
        ),
    }
}

/// Resource locks: a `CanNotDelete` or `ReadOnly` lock on a component's resource or on its
/// resource group is deletion protection; a database with none is said to have none.
struct Locks<'a> {
    locks: Vec<&'a Resource>,
    scoped: Scoped,
}

impl<'a> Locks<'a> {
    fn of(resources: &'a [Resource]) -> Locks<'a> {
        let locks: Vec<&Resource> = (resources.iter())
            .filter(|r| is(r) == Is::Lock)
            .filter(|l| {
                l.str("lock_level").is_some_and(|lv| {
                    lv.eq_ignore_ascii_case("CanNotDelete") || lv.eq_ignore_ascii_case("ReadOnly")
                })
            })
            .collect();
        let scoped = Scoped::of(&locks);
        Locks { locks, scoped }
    }

    /// A draft's deletion protection, by the first lock that scopes it.
    fn apply(&self, d: &mut Draft, resources: &[Resource]) {
        let (locks, scoped) = (&self.locks, &self.scoped);
        if super::lookup::row(&resources[d.root]).is_none() {
            return;
        }
        let root = &resources[d.root];
        // Its resource group, or its parent's (an SQL database is in its server's).
        let parents = (super::lookup::row(root)
            .map_or(&[][..], |t| t.parent)
            .iter())
        .flat_map(|a| root.links_at(a))
        .map(|p| &resources[p]);
        let owners: Vec<&Resource> = std::iter::once(root).chain(parents).collect();
        let group = owners
            .iter()
            .find_map(|r| r.links_at("resource_group_name").next());
        // By reference (a plan), or by value (a state: the scope is an id).
        let group_name = owners.iter().find_map(|r| r.str("resource_group_name"));
        let lock = scoped
            .first(&d.members, group, group_name, resources)
            .map(|i| locks[i]);
        match lock {
            Some(l) => {
                d.deletion_protection = Some(true);
                d.note(
                    Field::DeletionProtection,
                    format!(
                        "{}: lock_level {} on it or its resource group",
                        l.origin.address,
                        l.str("lock_level").unwrap_or_default()
                    ),
                );
            }
            None if d.kind == Kind::Database => {
                d.deletion_protection = Some(false);
                d.note(
                    Field::DeletionProtection,
                    format!(
                        "no azurerm_management_lock (CanNotDelete) in the sources scopes {} or its resource group",
                        root.origin.address
                    ),
                );
            }
            None => {}
        }
    }
}

/// The locks (by their place in a list) by what they scope, each list in that order: the
/// resource a lock's `scope` references (a plan); its scope as a lower-case id (a state); and
/// each resource group name its scope ends with. Found once for every component, not a walk of
/// the locks a component.
struct Scoped {
    by_link: HashMap<usize, Vec<usize>>,
    by_id: HashMap<String, Vec<usize>>,
    by_group: HashMap<String, Vec<usize>>,
}

impl Scoped {
    fn of(locks: &[&Resource]) -> Self {
        const GROUPS: &str = "/resourcegroups/";
        let mut scoped = Scoped {
            by_link: HashMap::new(),
            by_id: HashMap::new(),
            by_group: HashMap::new(),
        };
        for (i, l) in locks.iter().enumerate() {
            for s in l.links_at("scope") {
                scoped.by_link.entry(s).or_default().push(i);
            }
            let Some(scope) = l.str("scope") else {
                continue;
            };
            let scope = scope.trim_end_matches('/').to_ascii_lowercase();
            // Every place the marker starts, overlapping ones too (`/resourcegroups/` ends
            // with the `/` it starts with).
            let mut from = 0;
            while let Some(at) = scope[from..].find(GROUPS) {
                let name = &scope[from + at + GROUPS.len()..];
                scoped.by_group.entry(name.to_string()).or_default().push(i);
                from += at + 1;
            }
            scoped.by_id.entry(scope).or_default().push(i);
        }
        scoped
    }

    /// The first lock that scopes one of a component's `members` (by reference, or by their
    /// ids), or its resource `group` (by reference, or by its name).
    fn first(
        &self,
        members: &[usize],
        group: Option<usize>,
        group_name: Option<&str>,
        resources: &[Resource],
    ) -> Option<usize> {
        let linked = (members.iter().chain(&group)).filter_map(|m| self.by_link.get(m));
        let ids = (members.iter())
            .filter(|_| !self.by_id.is_empty())
            .filter_map(|&m| resources[m].str("id"));
        let named = ids.filter_map(|id| self.by_id.get(&id.to_ascii_lowercase()));
        let grouped = group_name.and_then(|g| self.by_group.get(&g.to_ascii_lowercase()));
        (linked.chain(named).chain(grouped))
            .filter_map(|list| list.first())
            .min()
            .copied()
    }
}
