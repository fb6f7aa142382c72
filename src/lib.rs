//! drplan: a disaster-recovery planner and RPO/RTO assessment tool.
//!
//! The modules read like the pipeline: `input` (architecture file → checked `model`) →
//! `graph` (petgraph, cycles, blast radius) → `estimate` (own RTO/RPO per component and
//! disruption, with the assumption table) → `assess` (readiness over the graph, compliance)
//! → `rules` (findings) → `report` (JSON, text). `verify` checks real backups beside it.

pub mod assess;
pub mod availability;
pub mod cli;
pub mod commands;
pub mod duration;
pub mod estimate;
pub mod graph;
pub mod input;
pub mod model;
pub mod ops;
pub mod plan;
pub mod report;
pub mod rules;
pub mod verify;
