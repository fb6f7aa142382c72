//! The command line (README, "Commands"), as close to the flags as possible; `app` turns it into
//! library calls.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "drplan",
    version,
    about = "Disaster-recovery planner: RTO/RPO assessment, DR strategy pricing and backup verification"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Sources must resolve inside this directory (default: the architecture file's)
    #[arg(long, global = true, value_name = "DIR")]
    pub root: Option<PathBuf>,
    /// Let sources resolve outside the root (absolute paths, `..`, symlinks that point out)
    #[arg(long, global = true)]
    pub allow_outside: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Assess an architecture: RTO/RPO per disruption against the policy, findings, plans
    Assess(AssessArgs),
    /// Write an architecture from Terraform (`terraform show -json`; aws, azurerm and google
    /// providers) or a CloudFormation template
    Import(ImportArgs),
    /// Compare two assessments (architecture files or saved JSON results): what got better or worse
    Diff(DiffArgs),
    /// Write the architecture as drplan evaluates it: sources imported, declared components laid over
    Resolve {
        /// Architecture file (`-` for standard input)
        arch: PathBuf,
        /// Write it here (default: standard output)
        #[arg(short = 'o', long = "output")]
        output: Option<PathBuf>,
    },
    /// Verify the backups the architecture declares: S3 locations, and the recovery evidence of
    /// its resources in AWS Backup, RDS, DynamoDB and EBS, and the AWS FIS experiments that ran
    /// (read-only)
    Verify(VerifyArgs),
    /// Policy tools (Resilience Hub interchange)
    Policy {
        #[command(subcommand)]
        command: PolicyCommand,
    },
    /// The recovery runbook: recovery order with times, per disruption
    Plan(PlanArgs),
    /// Write the operational recommendations as deployable artifacts: CloudWatch alarms and
    /// FIS experiments (CloudFormation or Terraform), runbooks, a manifest
    Ops(OpsArgs),
    /// List the rules
    Rules,
    /// Explain one rule, e.g. `drplan explain DR102`
    Explain {
        /// Rule id (DR102) or name (backup-not-copied-out-of-region)
        rule: String,
    },
    /// Print the JSON Schema of the architecture file, for editors
    Schema,
    /// Write a commented example architecture to start from
    Init {
        /// Where to write it (`-` for standard output)
        #[arg(default_value = "drplan.json")]
        path: PathBuf,
        /// Overwrite an existing file
        #[arg(long)]
        force: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum PolicyCommand {
    /// Print the architecture's policy as a Resilience Hub CreateResiliencyPolicy body
    Export {
        /// Architecture file (`-` for standard input)
        arch: PathBuf,
    },
}

/// A source of recovery evidence (`drplan verify --source`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EvidenceSource {
    /// AWS Backup recovery points and restore jobs
    AwsBackup,
    /// RDS and Aurora instances, clusters, snapshots, automated backups
    Rds,
    /// DynamoDB point-in-time recovery and backups
    Dynamodb,
    /// EBS snapshots
    Ebs,
    /// AWS FIS experiments run from templates tagged drplan:component (tests, not backups)
    Fis,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
    Markdown,
    Html,
    /// SARIF 2.1.0, for GitHub code scanning and GitLab
    Sarif,
}

/// What `drplan diff` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    Text,
    Markdown,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// Exit 1 when a disruption's target is breached
    Breach,
    Critical,
    High,
    Medium,
    Low,
}

impl FailOn {
    /// The severity at or above which a finding fails the run (`breach`: none).
    pub fn severity(self) -> Option<crate::rules::Severity> {
        use crate::rules::Severity;
        match self {
            FailOn::Breach => None,
            FailOn::Critical => Some(Severity::Critical),
            FailOn::High => Some(Severity::High),
            FailOn::Medium => Some(Severity::Medium),
            FailOn::Low => Some(Severity::Low),
        }
    }
}

#[derive(Debug, Args)]
pub struct AssessArgs {
    /// Architecture file (`-` for standard input)
    pub arch: PathBuf,
    /// Write the result here; the format follows the extension (.html, .json, .md, .txt, .sarif)
    #[arg(short = 'o', long = "output")]
    pub output: Option<PathBuf>,
    /// Output format (default: from the -o extension, else text)
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Exit 1 on a breached target (default) or also on findings at or above a severity
    #[arg(long, value_enum, default_value = "breach")]
    pub fail_on: FailOn,
    /// A Resilience Hub policy document (CreateResiliencyPolicy body) replacing the file's policy
    #[arg(long)]
    pub policy: Option<PathBuf>,
    /// Evidence from `drplan verify -o verify.json`: measured backup age and restore throughput
    #[arg(long)]
    pub evidence: Option<PathBuf>,
    /// Price table overrides (JSON)
    #[arg(long)]
    pub pricing: Option<PathBuf>,
    /// Assumption table overrides (JSON), e.g. {"detection": "10m"}
    #[arg(long)]
    pub assumptions: Option<PathBuf>,
    /// The date (or RFC 3339 time) to evaluate date-based rules at; default today (UTC)
    #[arg(long)]
    pub now: Option<String>,
    /// A saved result (JSON or SARIF): its findings are known and do not count for --fail-on
    #[arg(long)]
    pub baseline: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// Before: an architecture file or a saved result (`assess --format json`)
    pub before: PathBuf,
    /// After: an architecture file or a saved result
    pub after: PathBuf,
    /// Output format (default: from the -o extension, else text)
    #[arg(long, value_enum)]
    pub format: Option<DiffFormat>,
    /// Exit 1 when a disruption got worse or a new finding is at or above this severity
    #[arg(long, value_enum, default_value = "high")]
    pub fail_on: FailOn,
    /// The date (or RFC 3339 time) architecture files are assessed at; default today (UTC)
    #[arg(long)]
    pub now: Option<String>,
    /// Write the diff here (default: standard output)
    #[arg(short = 'o', long = "output")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// A `terraform show -json` file (plan or state, of the aws, azurerm and google providers,
    /// alone or mixed; read as a stream, never held whole, when `format_version` comes first as
    /// Terraform writes it) or a CloudFormation template (JSON
    /// or YAML); `-` reads standard input
    pub file: PathBuf,
    /// The region of resources the file does not place (a CloudFormation stack's region)
    #[arg(long)]
    pub region: Option<String>,
    /// A CloudFormation parameter value, over the template's default (repeatable)
    #[arg(long = "parameter", value_name = "KEY=VALUE")]
    pub parameters: Vec<String>,
    /// The architecture's name (default: the file's name)
    #[arg(long)]
    pub name: Option<String>,
    /// The policy tier: mission-critical, critical, core-services, important, non-critical
    #[arg(long)]
    pub tier: Option<String>,
    /// The date (or RFC 3339 time) backup schedules are read from: a cron's worst interval is
    /// over the twelve months after it; default today (UTC)
    #[arg(long)]
    pub now: Option<String>,
    /// Write the architecture here (default: standard output)
    #[arg(short = 'o', long = "output")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct PlanArgs {
    /// Architecture file (`-` for standard input)
    pub arch: PathBuf,
    /// Output format
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// Only this disruption (default: all four)
    #[arg(long)]
    pub disruption: Option<String>,
    #[arg(long)]
    pub policy: Option<PathBuf>,
    #[arg(long)]
    pub assumptions: Option<PathBuf>,
    #[arg(long)]
    pub now: Option<String>,
}

/// The template language `drplan ops` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EmitFormat {
    Cloudformation,
    Terraform,
}

#[derive(Debug, Args)]
pub struct OpsArgs {
    /// Architecture file (`-` for standard input)
    pub arch: PathBuf,
    /// The template language
    #[arg(long, value_enum)]
    pub emit: EmitFormat,
    /// The directory to write (created; must be empty unless --force)
    #[arg(short = 'o', long = "output", value_name = "DIR")]
    pub output: PathBuf,
    /// Every recommended item, implemented or not
    #[arg(long)]
    pub all: bool,
    /// Replace the directory's contents
    #[arg(long)]
    pub force: bool,
    #[arg(long)]
    pub policy: Option<PathBuf>,
    #[arg(long)]
    pub assumptions: Option<PathBuf>,
    /// The date (or RFC 3339 time) date-based rules use; default today (UTC)
    #[arg(long)]
    pub now: Option<String>,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// Architecture file (`-` for standard input)
    pub arch: PathBuf,
    /// Endpoint of every AWS service verify calls (an emulator, a VPC endpoint); for S3 it
    /// uses path-style addressing. `AWS_ENDPOINT_URL_<SERVICE>` still wins for its service
    #[arg(long)]
    pub endpoint_url: Option<String>,
    /// Endpoint of the backup store alone (MinIO, Ceph, Garage), over --endpoint-url
    #[arg(long)]
    pub s3_endpoint_url: Option<String>,
    /// Read recovery evidence from these sources only (default: all); repeat or separate
    /// with commas
    #[arg(long = "source", value_delimiter = ',', value_enum)]
    pub sources: Vec<EvidenceSource>,
    /// AWS profile
    #[arg(long)]
    pub profile: Option<String>,
    /// AWS region
    #[arg(long)]
    pub region: Option<String>,
    /// Download the newest recovery point, recompute its SHA-256 and measure throughput
    #[arg(long)]
    pub deep: bool,
    /// Fix the clock (RFC 3339 time or date) for reproducible runs
    #[arg(long)]
    pub now: Option<String>,
    /// Write the result as JSON here
    #[arg(short = 'o', long = "output")]
    pub output: Option<PathBuf>,
    /// Maximum concurrent requests
    #[arg(long, default_value_t = 16)]
    pub concurrency: usize,
}
