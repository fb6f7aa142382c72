//! The rule catalog: every rule drplan can report, declared once (SPEC §5).
//!
//! Each [`Rule`] carries its stable ID (`DR102`), its long name
//! (`backup-not-copied-out-of-region`), its default severity and category, and its
//! documentation: a one-sentence summary of when it fires, why it matters (the resilience
//! principle behind it), how to fix it (the drplan input fields to change and the AWS feature
//! that implements the change), and a minimal failing and passing example in the input format
//! of SPEC §2. `drplan rules`, `drplan explain`, the generated docs/rules/ pages and the JSON
//! findings all read from [`RULES`]; check code refers to a rule by its named constant
//! (`catalog::DR102`) so an ID is never spelled twice.
//!
//! Examples are JSON: one component object, or a short list of components when the rule is
//! about more than one (edges, cells, cycles). An edge to an id the example does not show
//! points at an ordinary component; `regions.secondary` is assumed to be set.

use super::{Category, Rule, Severity};

/// Every rule, sorted by ID.
pub static RULES: &[Rule] = &ALL;

/// The declarations. A `static`, not a `const`: one copy in the binary, so the `&'static Rule`
/// that [`RULES`], [`find`] and the named constants below hand out are the same pointer.
static ALL: [Rule; 24] = [
    // ------------------------------------------------------------------ DR0xx: graph
    Rule {
        id: "DR001",
        name: "critical-dependency-cycle",
        severity: Severity::High,
        category: Category::Graph,
        summary: "Fires on every member of a cycle of critical dependencies (A -> B -> ... -> A), naming the cycle in order: such a loop cannot be cold-started.",
        why: r#"Each component in the loop needs the next one up before it can serve, so after a full
outage, a region failover or a restore from backup nothing in the loop can start first: someone
has to break the loop by hand, under pressure, while the RTO clock runs. drplan treats the cycle
as one unit whose RTO is the **sum** of its members' own RTOs, which is usually far beyond the
target. A cycle also couples failures both ways: a brownout in any member takes every member
down. Recovery must be able to start from the bottom of the dependency graph and work up."#,
        fix: r#"Break the loop so the graph has a bottom that can start on its own:

- Make one edge of the loop non-critical: call it asynchronously through a queue
  (`{"id": "orders", "mode": "async"}`; Amazon SQS, EventBridge), or keep it synchronous but
  declare `"critical": false` with a `"fallback"` (cached or default values) so the caller can
  start degraded.
- Move what both sides need from each other (configuration, identity, a lookup table) into its
  own component that depends on neither.
- Make startup statically stable: bake the last-known-good configuration into the image or read
  it from S3 / AWS AppConfig instead of calling the other service at boot.

Then run `drplan plan` and check that the region runbook has a start order."#,
        failing_example: r#"[
  {
    "id": "orders",
    "kind": "compute",
    "depends_on": ["inventory"]
  },
  {
    "id": "inventory",
    "kind": "compute",
    "depends_on": ["orders"]
  }
]"#,
        passing_example: r#"[
  {
    "id": "orders",
    "kind": "compute",
    "depends_on": ["inventory"]
  },
  {
    "id": "inventory",
    "kind": "compute",
    "depends_on": [
      { "id": "orders", "mode": "async", "critical": false }
    ]
  }
]"#,
    },
    // ------------------------------------------------------------------ DR1xx: data
    Rule {
        id: "DR101",
        name: "stateful-without-backup",
        severity: Severity::Critical,
        category: Category::Data,
        summary: "Fires on a stateful component (not external or global) that has no backups and no copy of its data anywhere: one instance and no `replication`.",
        why: r#"This is the only copy of the data. A lost instance, a lost zone, a bad migration or an
accidental `DROP TABLE` destroys it for good: the data loss is everything ever written and there
is no RTO, because there is nothing to recover from. drplan marks the component unrecoverable
for every disruption, and the whole app with it when an entry point reaches it. Backups are the
floor of every strategy in the AWS DR whitepaper; even pilot light and multi-site active/active
keep them, because only a point-in-time copy survives corruption."#,
        fix: r#"- Add backups with an interval within the software RPO:

  ```json
  "backup": { "frequency": "24h", "retention": "35d", "pitr": true,
              "location": "s3://acme-backups/sessions-db/" }
  ```

  On AWS: assign the resource to an AWS Backup plan, or enable RDS / Aurora automated backups,
  DynamoDB point-in-time recovery, or S3 Versioning plus AWS Backup for S3. `"pitr": true`
  models continuous backup (RPO about 5 minutes).
- Add a second instance in another zone for hardware and AZ loss
  (`"deployment": {"instances": 2, "zones": 2}`; RDS Multi-AZ). Replicas do not replace
  backups (see DR104).
- If the data really is disposable (a rebuildable cache, scratch space), say so with
  `"stateful": false`."#,
        failing_example: r#"{
  "id": "sessions-db",
  "kind": "database",
  "service": "aws:rds:postgres",
  "deployment": { "instances": 1, "zones": 1 }
}"#,
        passing_example: r#"{
  "id": "sessions-db",
  "kind": "database",
  "service": "aws:rds:postgres",
  "deployment": { "instances": 1, "zones": 1 },
  "backup": { "frequency": "24h", "retention": "35d", "pitr": true }
}"#,
    },
    Rule {
        id: "DR102",
        name: "backup-not-copied-out-of-region",
        severity: Severity::High,
        category: Category::Data,
        summary: "Fires on a stateful component with backups but without `backup.cross_region_copy` when its effective policy has a region target.",
        why: r#"Backups kept only in the primary region are lost, or unreachable, together with the region:
the region disruption is unrecoverable for this component even though backups exist, and a
`backup-restore` strategy cannot work without recovery points in `regions.secondary`. A copy in
another region, ideally in a separate backup account, also protects the recovery points from a
regional service event, a compromised account or a wrong lifecycle rule. In the AWS DR
whitepaper backup & restore starts with cross-region copies; their interval plus the copy lag
bound the region RPO."#,
        fix: r#"- Copy every recovery point to the secondary region and say where the copies are
  (needs `"regions": {"secondary": "us-west-2"}` at the top level):

  ```json
  "backup": { "frequency": "24h", "retention": "35d", "cross_region_copy": true,
              "location": "s3://acme-backups/orders-db/",
              "copy_location": "s3://acme-backups-usw2/orders-db/" }
  ```

- On AWS: add a copy action (destination vault in the secondary region) to the AWS Backup plan
  rule, or use RDS cross-Region automated backup replication, or S3 Cross-Region Replication
  for a bucket of dumps. For the strongest isolation copy into a vault in a separate backup
  account of your AWS Organization.
- Alert on failed copies (AWS Backup `NumberOfCopyJobsFailed` metric, or EventBridge
  `Copy Job State Change` events), and let `drplan verify` check the freshness of
  `copy_location` against the region RPO.
- Declare at least `"region_strategy": "backup-restore"` (DR204)."#,
        failing_example: r#"{
  "id": "orders-db",
  "kind": "database",
  "data_gb": 400,
  "deployment": { "instances": 2, "zones": 2, "region_strategy": "backup-restore" },
  "backup": {
    "frequency": "24h",
    "retention": "35d",
    "pitr": true,
    "location": "s3://acme-backups/orders-db/"
  },
  "policy": { "tier": "critical" }
}"#,
        passing_example: r#"{
  "id": "orders-db",
  "kind": "database",
  "data_gb": 400,
  "deployment": { "instances": 2, "zones": 2, "region_strategy": "backup-restore" },
  "backup": {
    "frequency": "24h",
    "retention": "35d",
    "pitr": true,
    "cross_region_copy": true,
    "location": "s3://acme-backups/orders-db/",
    "copy_location": "s3://acme-backups-usw2/orders-db/"
  },
  "policy": { "tier": "critical" }
}"#,
    },
    Rule {
        id: "DR103",
        name: "backup-interval-exceeds-rpo",
        severity: Severity::High,
        category: Category::Data,
        summary: "Fires on a component whose backup interval (5m with `backup.pitr`, else `backup.frequency`) is longer than the software or the region RPO target of its effective policy.",
        why: r#"The backup interval is the floor of the RPO for a software disruption: corruption and bad
deploys replicate to every replica and standby, so the newest clean recovery point is all you
can restore, and up to one interval of writes is lost. A daily snapshot can never meet a 1h RPO,
whatever else is configured. When the region is recovered from backup copies, the copy lag adds
to the interval (drplan assumes 15m), so the region RPO is worse still."#,
        fix: r#"- Shorten `backup.frequency` to at most the smaller of the software and region RPO targets,
  or turn on continuous backup with `"pitr": true` (RDS / Aurora automated backups, DynamoDB
  point-in-time recovery, AWS Backup continuous backup for RDS, Aurora and S3: RPO about 5
  minutes).
- AWS Backup schedules run at most hourly; below 1h you need continuous backup.
- PITR logs stay in the primary region. To meet a tight region RPO, replicate instead of copying
  more often: `"replication": {"mode": "async"}` (Aurora Global Database, DynamoDB global
  tables, S3 Cross-Region Replication).
- If the target is stricter than the business needs, relax it in `policy`, deliberately."#,
        failing_example: r#"{
  "id": "orders-db",
  "kind": "database",
  "backup": { "frequency": "24h", "retention": "35d" },
  "policy": { "tier": "critical" }
}"#,
        passing_example: r#"{
  "id": "orders-db",
  "kind": "database",
  "backup": { "frequency": "1h", "retention": "35d", "pitr": true },
  "policy": { "tier": "critical" }
}"#,
    },
    Rule {
        id: "DR104",
        name: "replication-without-backup",
        severity: Severity::High,
        category: Category::Data,
        summary: "Fires on a stateful component without backups whose data is replicated (`deployment.instances` >= 2 or a `replication` block): the replicas are its only copies, and corruption replicates.",
        why: r#"Replication protects against losing a machine, a zone or a region; it does not protect
against losing data. A bad migration, an application bug, a `DELETE` without `WHERE` or
ransomware encryption is copied to every replica within milliseconds (sync) or seconds (async),
so the software disruption is unrecoverable however many replicas there are. Only a
point-in-time copy taken before the damage lets you go back. That is why the AWS DR whitepaper
pairs every strategy, up to multi-site active/active, with backups."#,
        fix: r#"- Add backups, keeping the replicas for hardware, AZ and region disruptions:
  `"backup": {"frequency": "1h", "retention": "35d", "pitr": true}`. On AWS: RDS / Aurora
  automated backups with point-in-time restore, DynamoDB PITR, or an AWS Backup plan
  (continuous backup for RDS, Aurora and S3).
- For S3, enable Versioning (and Object Lock, DR106) so an overwrite or a delete keeps the old
  version; replication alone copies overwrites, and deletes too when delete marker replication
  is on."#,
        failing_example: r#"{
  "id": "orders-db",
  "kind": "database",
  "deployment": { "instances": 2, "zones": 2, "region_strategy": "warm-standby" },
  "replication": { "mode": "async", "lag": "1s" }
}"#,
        passing_example: r#"{
  "id": "orders-db",
  "kind": "database",
  "deployment": { "instances": 2, "zones": 2, "region_strategy": "warm-standby" },
  "replication": { "mode": "async", "lag": "1s" },
  "backup": { "frequency": "1h", "retention": "35d", "pitr": true }
}"#,
    },
    Rule {
        id: "DR105",
        name: "short-backup-retention",
        severity: Severity::Medium,
        category: Category::Data,
        summary: "Fires on a component whose `backup.retention` is shorter than 7 days.",
        why: r#"Corruption is often found late: a silent bug, a bad batch job or ransomware that sat dormant
is noticed days or weeks after it started. With 3 days of retention the last clean recovery
point may already have expired when you go looking for it, and the real RPO becomes
"everything". Retention must cover the time to detect the slowest plausible failure plus the
time to investigate; 7 days is a floor, and 35 days (the RDS automated-backup maximum) or longer,
with monthly points kept for months, is common for production data."#,
        fix: r#"- Keep recovery points at least as long as your worst time-to-detect for silent corruption:
  `"backup": {"retention": "35d"}`.
- On AWS: raise the lifecycle (`DeleteAfterDays`) of the AWS Backup plan rule or the RDS
  `BackupRetentionPeriod` (1 to 35 days); add a second, monthly rule with long retention and a
  transition to cold storage to keep the cost down.
- Enforce it: AWS Backup Vault Lock `MinRetentionDays` stops anyone shortening it later, and the
  AWS Backup Audit Manager control for minimum frequency and retention reports drift."#,
        failing_example: r#"{
  "id": "orders-db",
  "kind": "database",
  "backup": { "frequency": "24h", "retention": "3d" }
}"#,
        passing_example: r#"{
  "id": "orders-db",
  "kind": "database",
  "backup": { "frequency": "24h", "retention": "35d" }
}"#,
    },
    Rule {
        id: "DR106",
        name: "backups-not-immutable",
        severity: Severity::Medium,
        category: Category::Data,
        summary: "Fires on a component with backups that are not `backup.immutable` (no vault lock or object lock).",
        why: r#"Ransomware operators and malicious or careless insiders go for the backups first: the same
credentials that can encrypt the database can delete its recovery points, shorten their
retention or delete the vault, and then no RPO is achievable at all. An immutable (WORM) copy
cannot be deleted or changed before its retention ends, in compliance mode not even by the
account's root user. Immutability plus a copy in a separate account is the standard defence for
recovering from a security event."#,
        fix: r#"- AWS Backup: apply Vault Lock to the vault (`PutBackupVaultLockConfiguration` with
  `MinRetentionDays`; in compliance mode the lock becomes unchangeable after its
  `ChangeableForDays` grace period), or back up to a logically air-gapped vault.
- Dumps in S3: enable S3 Object Lock in compliance mode on the backup bucket (versioning is
  required), with a default retention at least the backup retention.
- Copy the recovery points into a vault in a separate backup account with a restrictive vault
  access policy.
- Then declare it: `"backup": {"immutable": true}`."#,
        failing_example: r#"{
  "id": "orders-db",
  "kind": "database",
  "backup": {
    "frequency": "24h",
    "retention": "35d",
    "location": "s3://acme-backups/orders-db/"
  }
}"#,
        passing_example: r#"{
  "id": "orders-db",
  "kind": "database",
  "backup": {
    "frequency": "24h",
    "retention": "35d",
    "immutable": true,
    "location": "s3://acme-backups/orders-db/"
  }
}"#,
    },
    Rule {
        id: "DR107",
        name: "restore-never-tested",
        severity: Severity::Medium,
        category: Category::Data,
        summary: "Fires on a component with backups but no `backup.last_restore_test`, or one more than 90 days before `--now` (today when not given).",
        why: r#"A backup is a hypothesis until a restore proves it. Restores fail for mundane reasons: the
job backed up the wrong volume, the snapshot's KMS key was deleted or is not shared with the
recovery account, the dump is truncated, the restore takes five times longer than assumed, or
nobody remembers the steps. Untested, both the RPO (is there a usable recovery point?) and the
RTO (the restore term drplan computes from `data_gb` and `restore_mb_per_sec`) are guesses.
Testing regularly catches the drift in size, schema and permissions."#,
        fix: r#"- Restore the newest recovery point into an isolated environment, validate the data (row
  counts, checksums, an application smoke test), time it, then record the date and the measured
  speed: `"backup": {"last_restore_test": "2026-11-01", "restore_mb_per_sec": 150}`.
- Automate it with AWS Backup restore testing: a restore testing plan on a schedule, with a
  validation Lambda triggered through EventBridge that reports the result.
- Feed measurements back: `drplan verify --deep` measures the download throughput, and an
  `observability.drills` entry records a measured RTO (DR404)."#,
        failing_example: r#"{
  "id": "orders-db",
  "kind": "database",
  "data_gb": 400,
  "backup": { "frequency": "24h", "retention": "35d", "immutable": true }
}"#,
        passing_example: r#"{
  "id": "orders-db",
  "kind": "database",
  "data_gb": 400,
  "backup": {
    "frequency": "24h",
    "retention": "35d",
    "immutable": true,
    "restore_mb_per_sec": 150,
    "last_restore_test": "2026-11-01"
  }
}"#,
    },
    // ------------------------------------------------------------------ DR2xx: redundancy
    Rule {
        id: "DR201",
        name: "single-instance",
        severity: Severity::High,
        category: Category::Redundancy,
        summary: "Fires on a component (not external or global) with `deployment.instances` = 1; high when an entry point reaches it through critical edges, low otherwise.",
        why: r#"One running copy is a single point of failure: an instance retirement, a host failure or a
kernel panic is an outage until a replacement is provisioned (detection + provision, plus a
restore for stateful components: tens of minutes to hours), where two or more instances fail
over in seconds to minutes. Every critical dependency is needed (AND, not OR), so a single
instance that an entry point reaches through critical edges takes that entry point down; the
blast radius says which. Off every critical path the same weakness only degrades a feature,
hence low."#,
        fix: r#"- Run at least two instances, spread across zones:
  `"deployment": {"instances": 3, "zones": 3}` (an EC2 Auto Scaling group or an ECS / EKS
  service with a minimum of 2 or more across subnets in different AZs, behind a load balancer).
- Databases and caches: RDS Multi-AZ, Aurora with a replica in another AZ, ElastiCache with
  replicas and Multi-AZ automatic failover.
- Keep `managed_failover` true (the default) so failing over needs no human.
- If the component is optional, make the edges to it non-critical with a fallback instead
  (DR304)."#,
        failing_example: r#"{
  "id": "api",
  "kind": "compute",
  "deployment": { "instances": 1, "zones": 1 }
}"#,
        passing_example: r#"{
  "id": "api",
  "kind": "compute",
  "deployment": { "instances": 3, "zones": 3 }
}"#,
    },
    Rule {
        id: "DR202",
        name: "single-zone",
        severity: Severity::High,
        category: Category::Redundancy,
        summary: "Fires on a component (not external or global) with `deployment.zones` = 1 or `scope: zonal`; high when an entry point reaches it through critical edges, low otherwise.",
        why: r#"Availability zones fail independently, but everything placed in one zone fails together: a
power event, a network partition or a zonal control-plane problem takes out every instance at
once, so several instances in one zone survive host loss but not zone loss. A `zonal` resource,
such as an EBS volume, is pinned to its zone whatever the instance count. Spreading over two or
more zones (three where quorum matters) turns an AZ disruption into a failover of seconds to
minutes instead of a rebuild and restore elsewhere. As for DR201, it is high when an entry point
needs it through critical edges."#,
        fix: r#"- Spread the copies: `"deployment": {"instances": 2, "zones": 2}` (or 3 and 3). Auto Scaling
  groups and ECS / EKS: subnets in several AZs; RDS: Multi-AZ; ElastiCache: Multi-AZ with
  replicas in other zones.
- Replace zonal storage with a regional service (EFS instead of an EBS volume, S3, DynamoDB) and
  set `"scope": "regional"`, or back the volume up and accept the restore time.
- Size for the loss of one zone (static stability): with N zones, N-1 must carry peak load
  without waiting for scaling."#,
        failing_example: r#"{
  "id": "orders-db",
  "kind": "database",
  "deployment": { "instances": 2, "zones": 1 },
  "backup": { "frequency": "1h", "retention": "35d", "pitr": true }
}"#,
        passing_example: r#"{
  "id": "orders-db",
  "kind": "database",
  "deployment": { "instances": 2, "zones": 2 },
  "backup": { "frequency": "1h", "retention": "35d", "pitr": true }
}"#,
    },
    Rule {
        id: "DR203",
        name: "hidden-regional-dependency",
        severity: Severity::High,
        category: Category::Redundancy,
        summary: "Fires on a component with `region_strategy` pilot-light, warm-standby or active-active that reaches, through critical edges, a component that is unrecoverable in a region disruption.",
        why: r#"A standby is only as good as the least prepared thing it cannot run without. A warm-standby
API that needs a database with no region strategy, or a config service that exists only in the
primary region, sits idle in the secondary during a region disruption: the region RTO is not
the minutes paid for but unrecoverable, and the standby's cost buys nothing. Such dependencies
hide in shared services (authentication, configuration, feature flags, secrets) and in
endpoints hard-coded to the primary region. Region recovery has to be designed for the whole
critical path, not component by component."#,
        fix: r#"- Give every component on the critical path a region strategy at least as strong, with its
  data in the secondary: `"deployment": {"region_strategy": "warm-standby"}` plus
  `"replication": {"mode": "async"}` for stores (Aurora Global Database, DynamoDB global tables,
  S3 Cross-Region Replication, ElastiCache Global Datastore).
- Or make the edge non-critical with a fallback the secondary can serve
  (`"critical": false, "fallback": "..."`).
- Resolve endpoints per region: no primary-region URLs, ARNs or KMS keys baked into the
  standby (use multi-Region KMS keys and Secrets Manager secret replication).
- Prove it with a region failover drill (AWS Fault Injection Service, Amazon Application
  Recovery Controller)."#,
        failing_example: r#"[
  {
    "id": "api",
    "kind": "compute",
    "deployment": { "instances": 2, "zones": 2, "region_strategy": "warm-standby" },
    "depends_on": ["ledger-db"]
  },
  {
    "id": "ledger-db",
    "kind": "database",
    "deployment": { "instances": 2, "zones": 2, "region_strategy": "none" },
    "backup": { "frequency": "1h", "retention": "35d", "pitr": true }
  }
]"#,
        passing_example: r#"[
  {
    "id": "api",
    "kind": "compute",
    "deployment": { "instances": 2, "zones": 2, "region_strategy": "warm-standby" },
    "depends_on": ["ledger-db"]
  },
  {
    "id": "ledger-db",
    "kind": "database",
    "deployment": { "instances": 2, "zones": 2, "region_strategy": "warm-standby" },
    "replication": { "mode": "async" },
    "backup": { "frequency": "1h", "retention": "35d", "pitr": true }
  }
]"#,
    },
    Rule {
        id: "DR204",
        name: "no-region-strategy-with-region-target",
        severity: Severity::High,
        category: Category::Redundancy,
        summary: "Fires on a component in the primary region (not external or global) whose `region_strategy` is `none` while its effective policy has a region target.",
        why: r#"With no strategy a component cannot come back until the primary region does: drplan marks
its region disruption unrecoverable, which breaches any region target outright. Region events
are rare but long (hours to days), and waiting for the provider is not a plan. The four
strategies of the AWS DR whitepaper trade cost for recovery: backup & restore (RTO/RPO in
hours), pilot light (tens of minutes), warm standby (minutes), multi-site active/active (near
zero). Pick the cheapest one that meets the target; `drplan assess` prices each."#,
        fix: r#"- Set `"deployment": {"region_strategy": "backup-restore"}` (or `pilot-light`,
  `warm-standby`, `active-active`) and `"regions": {"secondary": "us-west-2"}` at the top level.
- Stateful components need their data in the secondary: `backup.cross_region_copy` for
  backup-restore (AWS Backup copy jobs), `replication` for pilot light and stronger (Aurora
  Global Database, DynamoDB global tables, S3 Cross-Region Replication).
- Stateless components need infrastructure as code that deploys in the secondary
  (CloudFormation StackSets, CDK, Terraform) and a traffic switch (Route 53 failover records
  with health checks, Application Recovery Controller routing controls, Global Accelerator).
- If the component need not survive a region loss, give it its own `policy` without a region
  target, so the gap is a decision and not an oversight."#,
        failing_example: r#"{
  "id": "api",
  "kind": "compute",
  "deployment": { "instances": 3, "zones": 3, "region_strategy": "none" },
  "policy": { "tier": "critical" }
}"#,
        passing_example: r#"{
  "id": "api",
  "kind": "compute",
  "deployment": { "instances": 3, "zones": 3, "region_strategy": "pilot-light" },
  "policy": { "tier": "critical" }
}"#,
    },
    // ------------------------------------------------------------------ DR3xx: patterns
    Rule {
        id: "DR301",
        name: "sync-dependency-without-timeout-or-circuit-breaker",
        severity: Severity::Medium,
        category: Category::Patterns,
        summary: "Fires on the caller of a sync edge without a `timeout`, or of a sync edge to an `external` component without `circuit_breaker`; medium when the callee is external, low otherwise.",
        why: r#"A synchronous call without a timeout waits as long as the slowest failure: when the callee
hangs instead of failing fast, the caller's threads, connections and memory fill with stuck
requests and the caller fails too, spreading the outage up the graph. A timeout bounds the
wait; a circuit breaker stops calling a dependency that keeps failing, answers at once with an
error or a fallback, and probes until the callee recovers, so a recovering service is not
flattened by the backlog. Third-party APIs fail on their schedule, not yours, and you cannot fix
them: hence medium for external callees."#,
        fix: r#"- Set a timeout on every sync edge, below the caller's own deadline and near the callee's
  p99.9 latency: `{"id": "payments", "timeout": "2s"}`. Configure it in the client (AWS SDK
  connect and read timeouts, the HTTP client, the database driver's statement timeout).
- Wrap calls to external services in a circuit breaker (resilience4j, Polly, Envoy outlier
  detection) and declare `"circuit_breaker": true`.
- Decide what the caller does while the circuit is open: a `fallback` and `"critical": false`
  where the feature can degrade (DR304).
- Prove it with latency injection on the edge (AWS Fault Injection Service)."#,
        failing_example: r#"[
  {
    "id": "checkout",
    "kind": "compute",
    "depends_on": [
      { "id": "payments", "mode": "sync" }
    ]
  },
  {
    "id": "payments",
    "kind": "external",
    "name": "Payment provider API"
  }
]"#,
        passing_example: r#"[
  {
    "id": "checkout",
    "kind": "compute",
    "depends_on": [
      { "id": "payments", "mode": "sync", "timeout": "2s", "circuit_breaker": true }
    ]
  },
  {
    "id": "payments",
    "kind": "external",
    "name": "Payment provider API"
  }
]"#,
    },
    Rule {
        id: "DR302",
        name: "retry-without-backoff-or-jitter",
        severity: Severity::Medium,
        category: Category::Patterns,
        summary: "Fires on the caller of an edge that declares `retry` with a backoff other than `exponential` or without `jitter`.",
        why: r#"When a dependency fails, every caller retries. Immediate or fixed-interval retries multiply
the load exactly when the service is weakest (three attempts triple it), and callers that failed
together retry together, in synchronized waves that knock the service over again each time it
comes back: a retry storm turns a short blip into a long outage. Exponential backoff spreads the
attempts out over time; jitter (a random delay, e.g. full jitter) de-synchronizes the clients.
See the Amazon Builders' Library article "Timeouts, retries, and backoff with jitter"."#,
        fix: r#"- Implement and declare exponential backoff with jitter:
  `"retry": {"max_attempts": 3, "backoff": "exponential", "jitter": true}`. The AWS SDKs do this
  by default (the standard and adaptive retry modes use exponential backoff with jitter);
  hand-written retry loops and message consumers are where it goes missing.
- Cap the attempts (2 or 3 on interactive paths) and retry at one layer only, or the attempts
  multiply down the stack.
- Add a retry budget or a circuit breaker (DR301) so retries stop when most calls fail; for
  queue consumers use a redrive policy with a dead-letter queue instead of tight loops."#,
        failing_example: r#"{
  "id": "worker",
  "kind": "compute",
  "depends_on": [
    {
      "id": "inventory",
      "timeout": "1s",
      "retry": { "max_attempts": 5, "backoff": "constant", "jitter": false }
    }
  ]
}"#,
        passing_example: r#"{
  "id": "worker",
  "kind": "compute",
  "depends_on": [
    {
      "id": "inventory",
      "timeout": "1s",
      "retry": { "max_attempts": 3, "backoff": "exponential", "jitter": true }
    }
  ]
}"#,
    },
    Rule {
        id: "DR303",
        name: "shared-component-crosses-cells",
        severity: Severity::Medium,
        category: Category::Patterns,
        summary: "Fires on a component that components of two or more different cells depend on, directly or transitively, through critical edges: its blast radius is not contained by the cells.",
        why: r#"A cellular architecture splits a workload into independent copies (cells), each serving a
slice of the customers, so a bad deploy, a poison request or an overload hits one cell's
customers, not all of them. A component that several cells need through critical edges
re-couples them: when it fails, or one noisy cell overloads it, every cell fails together and
the blast radius is the whole application again. Shared pieces should be per cell, or
non-critical, or a deliberately thin and highly available layer (the cell router)."#,
        fix: r#"- Give each cell its own copy, partitioned by customer or tenant, with cell-local edges:
  `"cell": "a"` on `accounts-db-a`, `"cell": "b"` on `accounts-db-b`.
- If it must stay shared, make the edges non-critical with a cache or fallback
  (`"critical": false, "fallback": "..."`).
- Protect it from any one cell: per-cell quotas or throttling, and deploy changes to it one cell
  (or one zone) at a time, more carefully than anything else.
- Keep the routing layer that maps customers to cells as simple as possible; it is the one
  shared component by design."#,
        failing_example: r#"[
  {
    "id": "api-a",
    "kind": "compute",
    "cell": "a",
    "depends_on": ["accounts-db"]
  },
  {
    "id": "api-b",
    "kind": "compute",
    "cell": "b",
    "depends_on": ["accounts-db"]
  },
  {
    "id": "accounts-db",
    "kind": "database"
  }
]"#,
        passing_example: r#"[
  {
    "id": "api-a",
    "kind": "compute",
    "cell": "a",
    "depends_on": ["accounts-db-a"]
  },
  {
    "id": "api-b",
    "kind": "compute",
    "cell": "b",
    "depends_on": ["accounts-db-b"]
  },
  {
    "id": "accounts-db-a",
    "kind": "database",
    "cell": "a"
  },
  {
    "id": "accounts-db-b",
    "kind": "database",
    "cell": "b"
  }
]"#,
    },
    Rule {
        id: "DR304",
        name: "critical-edge-could-degrade",
        severity: Severity::Low,
        category: Category::Patterns,
        summary: "Fires on the caller of a critical edge to a `cache` or an `external` component, a dependency the caller could usually serve without, degraded.",
        why: r#"A cache is an optimisation, and a third-party recommendation, tax-estimate or
address-validation API is often an enhancement; yet a critical edge says the caller fails
whenever they do, which makes them as important as the primary database. Graceful degradation
serves a reduced experience instead: read through to the source of truth, show defaults or
stale values, queue the work for later. An outage of a non-essential dependency then costs a
feature, not the service, and no longer adds to the caller's RTO or multiplies into its
availability."#,
        fix: r#"- Decide what the caller does without the dependency, implement it, and declare the edge
  non-critical with its fallback:
  `{"id": "recommendations", "critical": false, "fallback": "static bestsellers",
  "timeout": "300ms", "circuit_breaker": true}`.
- For a cache: on a miss or an error go to the source of truth with a concurrency limit (or
  shed load) so a cold cache does not stampede the database; ElastiCache Multi-AZ with replicas
  if it must stay critical.
- If it really is essential (the payment provider for checkout), keep it critical and make the
  edge robust instead (timeout, circuit breaker, a second provider); the finding is low and can
  be accepted."#,
        failing_example: r#"[
  {
    "id": "storefront",
    "kind": "compute",
    "depends_on": [
      { "id": "recommendations", "timeout": "300ms", "circuit_breaker": true }
    ]
  },
  {
    "id": "recommendations",
    "kind": "external"
  }
]"#,
        passing_example: r#"[
  {
    "id": "storefront",
    "kind": "compute",
    "depends_on": [
      {
        "id": "recommendations",
        "critical": false,
        "fallback": "static bestsellers",
        "timeout": "300ms",
        "circuit_breaker": true
      }
    ]
  },
  {
    "id": "recommendations",
    "kind": "external"
  }
]"#,
    },
    Rule {
        id: "DR305",
        name: "entry-point-without-throttling-or-load-shedding",
        severity: Severity::Low,
        category: Category::Patterns,
        summary: "Fires on an entry point (other than kind `dns`) that enables neither `traffic.throttling` nor `traffic.load_shedding`.",
        why: r#"An entry point takes whatever arrives: a retry storm from clients, a marketing spike, a bot,
or the whole backlog at once when the service comes back after an outage. Without a limit it
accepts work it cannot finish, latency climbs for everyone until every request times out
(congestive collapse), and recovery stalls because the recovering service is overloaded the
moment it starts. Throttling caps what each client may send; load shedding rejects the excess
cheaply (a fast 429 or 503) so the requests that are accepted finish within their deadline."#,
        fix: r#"- Throttle at the edge: API Gateway stage and method throttling with usage plans per API key,
  AWS WAF rate-based rules, or a token bucket in the service; declare
  `"traffic": {"throttling": true}`.
- Shed load in the service: cap concurrent requests per instance, drop requests that waited
  longer than the client's timeout, prioritise critical traffic (checkout over browsing);
  declare `"traffic": {"load_shedding": true}`.
- Load test to find the knee of the latency curve and set the limits below it; keep load
  balancer health checks shallow so an overloaded host is not removed and its load piled on
  the rest."#,
        failing_example: r#"{
  "id": "web",
  "kind": "compute",
  "entry": true,
  "deployment": { "instances": 3, "zones": 3 }
}"#,
        passing_example: r#"{
  "id": "web",
  "kind": "compute",
  "entry": true,
  "deployment": { "instances": 3, "zones": 3 },
  "traffic": { "throttling": true, "load_shedding": true }
}"#,
    },
    Rule {
        id: "DR306",
        name: "in-place-deploy",
        severity: Severity::Low,
        category: Category::Patterns,
        summary: "Fires on a `compute` component whose `deploy.method` is `in-place` (the default when `deploy` is absent).",
        why: r#"Most outages start with a change. An in-place deploy mutates every running instance, so a bad
build reaches all traffic at once, and rolling back means deploying the old version over the
broken one (drplan assumes 10m after detection). Immutable deployments (blue/green: new
instances, switch the traffic, keep the old ones to switch back) and fractional ones (canary:
a few percent first, bake, then widen) limit the blast radius of a bad change and make rollback
a traffic switch (drplan assumes 2m). The software RTO of every stateless component depends on
it."#,
        fix: r#"- Deploy immutably and fractionally: `"deploy": {"method": "canary"}` or `"blue-green"`. On
  AWS: CodeDeploy blue/green for EC2 and ECS, canary or linear traffic shifting for Lambda
  aliases and ECS, the ECS deployment circuit breaker with automatic rollback, Argo Rollouts
  on EKS.
- Roll back automatically on alarms (CodeDeploy alarm-based rollback on the new version's error
  rate and latency).
- Bake before widening, and deploy one zone, one cell, one region at a time."#,
        failing_example: r#"{
  "id": "api",
  "kind": "compute",
  "deployment": { "instances": 3, "zones": 3 },
  "deploy": { "method": "in-place" }
}"#,
        passing_example: r#"{
  "id": "api",
  "kind": "compute",
  "deployment": { "instances": 3, "zones": 3 },
  "deploy": { "method": "canary" }
}"#,
    },
    // ------------------------------------------------------------------ DR4xx: operations
    Rule {
        id: "DR401",
        name: "missing-alarm",
        severity: Severity::Low,
        category: Category::Operations,
        summary: "Fires on a component whose `observability.alarms` lacks an alarm the operational recommendations call for: `health` on entry points, `replication-lag` on replicated stores, `backup-freshness` on backed-up stores, an error-rate alarm on sync dependencies.",
        why: r#"Detection is the first term of every RTO: drplan assumes 5 minutes from failure to a
decision, which only holds if an alarm fires. Without a health alarm an outage is reported by
customers; without a replication-lag alarm a standby silently falls hours behind and the region
RPO is fiction until the failover; without a backup-freshness alarm a backup job that stopped
weeks ago is discovered during the restore. Alarm coverage is 20 points of the resiliency
score, as in Resilience Hub."#,
        fix: r#"- Create the missing alarms, then list them:
  `"observability": {"alarms": ["health", "backup-freshness"]}`.
- `health`: a Route 53 health check, the load balancer's healthy host count, or a CloudWatch
  Synthetics canary on the entry point.
- `replication-lag`: Aurora `AuroraGlobalDBReplicationLag`, RDS `ReplicaLag`, DynamoDB
  `ReplicationLatency`, S3 Replication Time Control metrics; threshold RPO/2.
- `backup-freshness`: failed AWS Backup jobs through EventBridge, or the age of the newest
  recovery point (`drplan verify` on a schedule); threshold = RPO.
- Dependency error rate: the client-side error rate of calls on each sync edge.

Resilience Hub can also generate its recommended CloudWatch alarms as CloudFormation."#,
        failing_example: r#"{
  "id": "orders-db",
  "kind": "database",
  "backup": { "frequency": "1h", "retention": "35d", "pitr": true },
  "observability": { "alarms": ["health"] }
}"#,
        passing_example: r#"{
  "id": "orders-db",
  "kind": "database",
  "backup": { "frequency": "1h", "retention": "35d", "pitr": true },
  "observability": { "alarms": ["health", "backup-freshness"] }
}"#,
    },
    Rule {
        id: "DR402",
        name: "missing-runbook",
        severity: Severity::Low,
        category: Category::Operations,
        summary: "Fires on a stateful component or an entry point without `observability.runbook`.",
        why: r#"Recovery happens at 3 a.m., under stress, often by someone who did not build the system.
Without a written procedure (how to fail over, which recovery point to restore where, how to
re-point the application, verify the data, and fail back) the restore and provision terms of
the RTO grow by the time spent working it out, and steps get skipped. SOP coverage is 20 points
of the resiliency score."#,
        fix: r#"- Write the runbook, starting from `drplan plan` (the recovery steps per disruption, in
  order), store it where on-call can reach it during an outage (not only in the primary region),
  and link it: `"observability": {"runbook": "https://wiki.example.com/runbooks/orders-db"}`.
- Automate the steps you can as AWS Systems Manager Automation documents (the form
  Resilience Hub recommends SOPs in) and start them from AWS Systems Manager Incident Manager
  response plans.
- Exercise it in a game day (DR403): a runbook nobody has run is a draft."#,
        failing_example: r#"{
  "id": "orders-db",
  "kind": "database",
  "backup": { "frequency": "1h", "retention": "35d", "pitr": true }
}"#,
        passing_example: r#"{
  "id": "orders-db",
  "kind": "database",
  "backup": { "frequency": "1h", "retention": "35d", "pitr": true },
  "observability": { "runbook": "https://wiki.example.com/runbooks/orders-db" }
}"#,
    },
    Rule {
        id: "DR403",
        name: "never-tested-in-game-day",
        severity: Severity::Low,
        category: Category::Operations,
        summary: "Fires on a component with neither `observability.last_tested` nor an `observability.drills` entry within the 90 days before `--now` (today when not given).",
        why: r#"Estimates are models; a game day is the measurement. Injecting the failure on purpose (kill
an instance, cut off a zone, fail over the region, add latency to a dependency) finds the
missing IAM permission, the hard-coded endpoint, the alarm that does not fire and the runbook
step that no longer exists while people are ready for it, not during a real incident. Systems
drift, so a test from last year says little about today. Test coverage is 20 points of the
resiliency score, which counts only tests within 30 days."#,
        fix: r#"- Run a game day or chaos experiment for the disruptions in your policy: AWS Fault Injection
  Service (instance termination, the AZ power interruption and cross-Region connectivity
  scenarios, network latency), the experiments Resilience Hub recommends, or an Application
  Recovery Controller zonal shift.
- Record it: `"observability": {"last_tested": "2026-11-01"}`, and what was measured as a drill:
  `"drills": [{"date": "2026-11-01", "disruption": "az", "rto": "4m", "rpo": "0s"}]`
  (DR404 compares it with the estimate).
- Make it routine (at least quarterly) and write down what you learned."#,
        failing_example: r#"{
  "id": "api",
  "kind": "compute",
  "deployment": { "instances": 3, "zones": 3 },
  "observability": { "runbook": "https://wiki.example.com/runbooks/api" }
}"#,
        passing_example: r#"{
  "id": "api",
  "kind": "compute",
  "deployment": { "instances": 3, "zones": 3 },
  "observability": {
    "runbook": "https://wiki.example.com/runbooks/api",
    "last_tested": "2026-11-01",
    "drills": [
      { "date": "2026-11-01", "disruption": "az", "rto": "4m", "rpo": "0s" }
    ]
  }
}"#,
    },
    Rule {
        id: "DR404",
        name: "estimate-more-optimistic-than-drill",
        severity: Severity::Medium,
        category: Category::Operations,
        summary: "Fires on a component with a drill in `observability.drills` that measured a larger RTO or RPO than drplan's estimate for the same disruption.",
        why: r#"When reality is slower than the model, the model is wrong, and everything built on it (the
policy verdict, the recovery timeline, the cheapest plan that meets the target) is too
optimistic. The gap points at a step the model does not know: a manual promotion, DNS TTLs,
cold caches, a slower restore, a dependency that had to come back first. drplan shows the most
recent drill's figures in place of the estimate, marked measured, but the assumptions behind the
estimate are still wrong for the other disruptions and for every what-if plan."#,
        fix: r#"- Find the step the model missed in the drill's timeline and declare it, so the estimate
  matches: `"deployment": {"managed_failover": false}` when someone promoted the replica by
  hand, `"recovery": {"detection": "10m", "startup": "5m"}`, a measured
  `backup.restore_mb_per_sec`.
- Or remove the slowness and drill again: automatic failover (RDS Multi-AZ, Aurora), Route 53
  health checks and low DNS TTLs, Application Recovery Controller routing controls, pre-warmed
  capacity.
- Keep the drills in the file: the newest one per disruption is what the report shows as
  measured."#,
        failing_example: r#"{
  "id": "orders-db",
  "kind": "database",
  "deployment": { "instances": 2, "zones": 2 },
  "backup": { "frequency": "1h", "retention": "35d", "pitr": true },
  "observability": {
    "drills": [
      { "date": "2026-10-15", "disruption": "az", "rto": "14m", "rpo": "0s" }
    ]
  }
}"#,
        passing_example: r#"{
  "id": "orders-db",
  "kind": "database",
  "deployment": { "instances": 2, "zones": 2, "managed_failover": false },
  "backup": { "frequency": "1h", "retention": "35d", "pitr": true },
  "observability": {
    "drills": [
      { "date": "2026-10-15", "disruption": "az", "rto": "14m", "rpo": "0s" }
    ]
  }
}"#,
    },
    Rule {
        id: "DR405",
        name: "availability-below-slo",
        severity: Severity::High,
        category: Category::Operations,
        summary: "Fires on an entry point whose composite availability (its own times that of everything it reaches through critical edges) is below `policy.availability_slo`.",
        why: r#"Critical dependencies are in series: the entry point is up only when all of them are, so
their availabilities multiply. Five components at 99.9% each give about 99.5%, some 44 hours of
downtime a year, although each part looks fine on its own. An SLO the architecture cannot reach
on paper will not be reached in production. The report ranks the components that cost the
most availability."#,
        fix: r#"- Strengthen the weakest links first (the report ranks them): more instances and zones (one
  instance 99.5% -> several zones 99.95%), or `"region_strategy": "active-active"` (99.99%).
- Take dependencies off the critical path: asynchronous through a queue, or `"critical": false`
  with a fallback; a non-critical dependency does not multiply in.
- Declare `availability` from evidence (the provider's SLA, your own measured history), not
  hope.
- Or agree a reachable SLO with the business: `"policy": {"availability_slo": 99.9}`."#,
        failing_example: r#"{
  "id": "web",
  "kind": "compute",
  "entry": true,
  "deployment": { "instances": 1, "zones": 1 },
  "policy": { "availability_slo": 99.9 }
}"#,
        passing_example: r#"{
  "id": "web",
  "kind": "compute",
  "entry": true,
  "deployment": { "instances": 3, "zones": 3 },
  "policy": { "availability_slo": 99.9 }
}"#,
    },
    // ------------------------------------------------------------------ DR5xx: consistency
    Rule {
        id: "DR501",
        name: "inconsistent-rpo-across-dependent-stores",
        severity: Severity::Medium,
        category: Category::Consistency,
        summary: "Fires when an entry point reaches two stateful components whose software RPOs differ by more than 4x and by more than 15m: a restore leaves them out of step.",
        why: r#"Data that refers across stores (orders and payments, a database row and the S3 object it
points to, a search index and its table) must be restored to the same point to stay
consistent. If one store comes back at five minutes ago and the other at last night's snapshot,
the restore leaves orphans and dangling references (payments for orders that no longer exist,
objects nobody points to), and reconciling them by hand adds hours to the real RTO. Stores a
transaction touches together need the same recovery point, ideally point-in-time restore to one
timestamp."#,
        fix: r#"- Align the protection: give the weaker store the same interval (`"backup": {"pitr": true}`)
  so both can be restored to one timestamp.
- Restore to a common point in time: AWS Backup restores RDS / Aurora, DynamoDB and S3
  (continuous backup) to a chosen timestamp; write the cross-store restore order and timestamp
  choice into the runbook.
- Design for it: idempotent reconciliation jobs that find and repair broken references after a
  restore (from an event log or a transactional outbox)."#,
        failing_example: r#"[
  {
    "id": "api",
    "kind": "compute",
    "depends_on": ["orders-db", "payments-db"]
  },
  {
    "id": "orders-db",
    "kind": "database",
    "backup": { "frequency": "24h", "retention": "35d", "pitr": true }
  },
  {
    "id": "payments-db",
    "kind": "database",
    "backup": { "frequency": "24h", "retention": "35d" }
  }
]"#,
        passing_example: r#"[
  {
    "id": "api",
    "kind": "compute",
    "depends_on": ["orders-db", "payments-db"]
  },
  {
    "id": "orders-db",
    "kind": "database",
    "backup": { "frequency": "24h", "retention": "35d", "pitr": true }
  },
  {
    "id": "payments-db",
    "kind": "database",
    "backup": { "frequency": "24h", "retention": "35d", "pitr": true }
  }
]"#,
    },
];

// Named accessors, so check code writes `catalog::DR102`; a test checks each index.
pub const DR001: &Rule = &ALL[0];
pub const DR101: &Rule = &ALL[1];
pub const DR102: &Rule = &ALL[2];
pub const DR103: &Rule = &ALL[3];
pub const DR104: &Rule = &ALL[4];
pub const DR105: &Rule = &ALL[5];
pub const DR106: &Rule = &ALL[6];
pub const DR107: &Rule = &ALL[7];
pub const DR201: &Rule = &ALL[8];
pub const DR202: &Rule = &ALL[9];
pub const DR203: &Rule = &ALL[10];
pub const DR204: &Rule = &ALL[11];
pub const DR301: &Rule = &ALL[12];
pub const DR302: &Rule = &ALL[13];
pub const DR303: &Rule = &ALL[14];
pub const DR304: &Rule = &ALL[15];
pub const DR305: &Rule = &ALL[16];
pub const DR306: &Rule = &ALL[17];
pub const DR401: &Rule = &ALL[18];
pub const DR402: &Rule = &ALL[19];
pub const DR403: &Rule = &ALL[20];
pub const DR404: &Rule = &ALL[21];
pub const DR405: &Rule = &ALL[22];
pub const DR501: &Rule = &ALL[23];

/// The rule with this ID (`DR102`, `dr102`) or long name (`backup-not-copied-out-of-region`),
/// ignoring ASCII case and surrounding whitespace.
pub fn find(id: &str) -> Option<&'static Rule> {
    let id = id.trim();
    RULES
        .iter()
        .find(|r| r.id.eq_ignore_ascii_case(id) || r.name.eq_ignore_ascii_case(id))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    /// SPEC §5, copied: the IDs, names and default severities are a contract.
    const SPEC_TABLE: &[(&str, &str, Severity)] = &[
        ("DR001", "critical-dependency-cycle", Severity::High),
        ("DR101", "stateful-without-backup", Severity::Critical),
        ("DR102", "backup-not-copied-out-of-region", Severity::High),
        ("DR103", "backup-interval-exceeds-rpo", Severity::High),
        ("DR104", "replication-without-backup", Severity::High),
        ("DR105", "short-backup-retention", Severity::Medium),
        ("DR106", "backups-not-immutable", Severity::Medium),
        ("DR107", "restore-never-tested", Severity::Medium),
        ("DR201", "single-instance", Severity::High),
        ("DR202", "single-zone", Severity::High),
        ("DR203", "hidden-regional-dependency", Severity::High),
        (
            "DR204",
            "no-region-strategy-with-region-target",
            Severity::High,
        ),
        (
            "DR301",
            "sync-dependency-without-timeout-or-circuit-breaker",
            Severity::Medium,
        ),
        ("DR302", "retry-without-backoff-or-jitter", Severity::Medium),
        ("DR303", "shared-component-crosses-cells", Severity::Medium),
        ("DR304", "critical-edge-could-degrade", Severity::Low),
        (
            "DR305",
            "entry-point-without-throttling-or-load-shedding",
            Severity::Low,
        ),
        ("DR306", "in-place-deploy", Severity::Low),
        ("DR401", "missing-alarm", Severity::Low),
        ("DR402", "missing-runbook", Severity::Low),
        ("DR403", "never-tested-in-game-day", Severity::Low),
        (
            "DR404",
            "estimate-more-optimistic-than-drill",
            Severity::Medium,
        ),
        ("DR405", "availability-below-slo", Severity::High),
        (
            "DR501",
            "inconsistent-rpo-across-dependent-stores",
            Severity::Medium,
        ),
    ];

    #[test]
    fn named_constants_point_at_their_rule() {
        let named: [(&Rule, &str); 24] = [
            (DR001, "DR001"),
            (DR101, "DR101"),
            (DR102, "DR102"),
            (DR103, "DR103"),
            (DR104, "DR104"),
            (DR105, "DR105"),
            (DR106, "DR106"),
            (DR107, "DR107"),
            (DR201, "DR201"),
            (DR202, "DR202"),
            (DR203, "DR203"),
            (DR204, "DR204"),
            (DR301, "DR301"),
            (DR302, "DR302"),
            (DR303, "DR303"),
            (DR304, "DR304"),
            (DR305, "DR305"),
            (DR306, "DR306"),
            (DR401, "DR401"),
            (DR402, "DR402"),
            (DR403, "DR403"),
            (DR404, "DR404"),
            (DR405, "DR405"),
            (DR501, "DR501"),
        ];
        assert_eq!(
            named.len(),
            RULES.len(),
            "every rule needs a named constant"
        );
        for (i, (rule, id)) in named.into_iter().enumerate() {
            assert_eq!(rule.id, id);
            assert!(std::ptr::eq(rule, &RULES[i]), "{id} must be RULES[{i}]");
        }
    }

    #[test]
    fn catalog_matches_the_spec_table() {
        let actual: Vec<(&str, &str, Severity)> =
            RULES.iter().map(|r| (r.id, r.name, r.severity)).collect();
        assert_eq!(actual, SPEC_TABLE.to_vec());
    }

    #[test]
    fn ids_are_unique_well_formed_and_sorted() {
        for r in RULES {
            let digits =
                r.id.strip_prefix("DR")
                    .unwrap_or_else(|| panic!("{} does not start with DR", r.id));
            assert!(
                digits.len() == 3 && digits.bytes().all(|b| b.is_ascii_digit()),
                "{} is not DRnnn",
                r.id
            );
        }
        for pair in RULES.windows(2) {
            assert!(
                pair[0].id < pair[1].id,
                "{} must come before {} (sorted, unique)",
                pair[0].id,
                pair[1].id
            );
        }
    }

    #[test]
    fn names_are_unique_kebab_case() {
        let mut seen = BTreeSet::new();
        for r in RULES {
            assert!(seen.insert(r.name), "duplicate name {}", r.name);
            assert!(!r.name.is_empty(), "{} has no name", r.id);
            assert!(
                r.name
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "{}: {:?} is not kebab-case",
                r.id,
                r.name
            );
            assert!(
                !r.name.starts_with('-') && !r.name.ends_with('-') && !r.name.contains("--"),
                "{}: {:?} is not kebab-case",
                r.id,
                r.name
            );
        }
    }

    #[test]
    fn category_follows_the_id_range() {
        for r in RULES {
            let expected = match &r.id[..3] {
                "DR0" => Category::Graph,
                "DR1" => Category::Data,
                "DR2" => Category::Redundancy,
                "DR3" => Category::Patterns,
                "DR4" => Category::Operations,
                "DR5" => Category::Consistency,
                other => panic!("{}: no category for range {other}", r.id),
            };
            assert_eq!(r.category, expected, "{}", r.id);
        }
    }

    #[test]
    fn every_rule_is_documented() {
        for r in RULES {
            assert!(
                r.summary.starts_with("Fires "),
                "{}: the summary says when it fires",
                r.id
            );
            assert!(
                r.summary.ends_with('.') && !r.summary.contains('\n'),
                "{}: the summary is one sentence",
                r.id
            );
            assert!(!r.why.trim().is_empty(), "{}: why is empty", r.id);
            assert!(!r.fix.trim().is_empty(), "{}: fix is empty", r.id);
            assert_ne!(
                r.failing_example, r.passing_example,
                "{}: the examples are the same",
                r.id
            );
        }
    }

    #[test]
    fn find_accepts_id_or_name_in_any_case() {
        assert_eq!(find("DR102").map(|r| r.id), Some("DR102"));
        assert_eq!(find("dr102").map(|r| r.id), Some("DR102"));
        assert_eq!(find(" Dr102 ").map(|r| r.id), Some("DR102"));
        assert_eq!(
            find("backup-not-copied-out-of-region").map(|r| r.id),
            Some("DR102")
        );
        assert_eq!(
            find("Backup-Not-Copied-Out-Of-Region").map(|r| r.id),
            Some("DR102")
        );
        assert!(find("DR999").is_none());
        assert!(find("").is_none());
        for r in RULES {
            assert!(std::ptr::eq(find(r.id).expect("test fixture is valid"), r));
            assert!(std::ptr::eq(
                find(r.name).expect("test fixture is valid"),
                r
            ));
        }
        assert!(
            std::ptr::eq(find("DR102").expect("test fixture is valid"), DR102),
            "the named constants point into RULES"
        );
    }

    /// Wraps an example (one component, or a list of them) into a whole architecture: edges to
    /// ids the example does not show get a plain compute component, and `regions.secondary` is
    /// set so region strategies and copies validate.
    fn architecture_for(rule: &str, which: &str, example: &str) -> String {
        let value: serde_json::Value = serde_json::from_str(example)
            .unwrap_or_else(|e| panic!("{rule} {which}_example is not JSON: {e}\n{example}"));
        let mut components = match value {
            serde_json::Value::Array(items) => items,
            other => vec![other],
        };
        let declared: BTreeSet<String> = components
            .iter()
            .filter_map(|c| c.get("id").and_then(|v| v.as_str()).map(str::to_string))
            .collect();
        let mut missing = BTreeSet::new();
        for c in &components {
            for edge in c
                .get("depends_on")
                .and_then(|d| d.as_array())
                .into_iter()
                .flatten()
            {
                let target = edge
                    .as_str()
                    .or_else(|| edge.get("id").and_then(|v| v.as_str()));
                if let Some(t) = target
                    && !declared.contains(t)
                {
                    missing.insert(t.to_string());
                }
            }
        }
        components.extend(
            missing
                .into_iter()
                .map(|id| serde_json::json!({ "id": id, "kind": "compute" })),
        );
        serde_json::json!({
            "name": "example",
            "regions": { "primary": "us-east-1", "secondary": "us-west-2" },
            "components": components,
        })
        .to_string()
    }

    #[test]
    fn examples_are_valid_input() {
        for r in RULES {
            for (which, example) in [
                ("failing", r.failing_example),
                ("passing", r.passing_example),
            ] {
                assert!(
                    !example.starts_with(char::is_whitespace),
                    "{} {which}_example starts with whitespace",
                    r.id
                );
                let text = architecture_for(r.id, which, example);
                let options = crate::input::LoadOptions::default();
                if let Err(e) = crate::input::load(text.as_bytes(), "example.json", &options) {
                    panic!(
                        "{} {which}_example is not valid input: {e}\n{example}",
                        r.id
                    );
                }
            }
        }
    }
}
