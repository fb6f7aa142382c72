//! drplan: a disaster-recovery planner and RPO/RTO assessment tool.
//!
//! The modules read like the pipeline: `import` (Terraform and CloudFormation → components) →
//! `input` (architecture file → checked `model`) →
//! `graph` (petgraph, cycles, blast radius) → `estimate` (own RTO/RPO per component and
//! disruption, with the assumption table) → `assess` (readiness over the graph, compliance)
//! → `rules` (findings) → `plan` (costs, candidates, the exact optimizer, recommendations,
//! the frontier, the runbook) → `report` (JSON, text, Markdown, HTML, SARIF); `diff` compares
//! two results. `verify` checks real backups in S3 beside it; `ops` and `availability` feed
//! the score, and `emit` writes the operational recommendations as templates.
//!
//! The library is what the `drplan` binary calls; it can be used directly:
//!
//! ```
//! use drplan::assess::{self, Status};
//! use drplan::options::Options;
//! use drplan::input::{self, LoadOptions};
//! use drplan::model::Disruption;
//!
//! let text = r#"{
//!   "name": "shop",
//!   "regions": { "primary": "us-east-1", "secondary": "us-west-2" },
//!   "policy": { "targets": { "region": { "rto": "4h", "rpo": "1h" } } },
//!   "components": [
//!     { "id": "web", "kind": "compute", "deployment": { "instances": 2, "zones": 2, "region_strategy": "pilot-light" },
//!       "depends_on": ["db"] },
//!     { "id": "db", "kind": "database", "data_gb": 100,
//!       "deployment": { "instances": 2, "zones": 2, "region_strategy": "warm-standby" },
//!       "replication": { "mode": "async" }, "backup": { "frequency": "24h" } }
//!   ]
//! }"#;
//! let arch = input::load(text.as_bytes(), "shop.json", &LoadOptions::default()).expect("valid");
//! let options = Options::at(jiff::civil::date(2026, 11, 26));
//! let assessment = assess::assess(&arch, &options);
//! let region = &assessment.core.app[Disruption::Region];
//! // web: 5m detection + 15m pilot-light scale-up + 1m DNS switch; db (warm standby) is faster.
//! assert_eq!(region.rto.secs(), Some(21 * 60));
//! assert_eq!(region.rpo.secs(), Some(1)); // async replication lag of a database
//! assert_eq!(region.status, Status::Met);
//! ```

pub mod analysis;
pub mod app;
pub mod assess;
pub mod availability;
pub mod cli;
pub mod diff;
pub mod duration;
pub mod emit;
pub mod estimate;
pub mod graph;
pub mod import;
pub mod input;
pub mod lists;
pub mod mechanisms;
pub mod model;
pub mod ops;
pub mod options;
pub mod plan;
pub mod report;
pub mod rules;
pub mod timings;
pub mod verify;
mod words;
