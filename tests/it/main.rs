//! drplan's integration tests, in one binary (as ripgrep's are): one module per area, the
//! helpers they share in `util`.

#[path = "../../benches/synth.rs"]
mod synth;
#[path = "../../benches/tfstate.rs"]
mod tfstate;

mod util;

mod ci;
mod cli;
mod cloudformation_eval;
mod cloudformation_input;
mod emit;
mod estate;
mod fuzz;
mod import;
mod import_azure;
mod import_gcp;
mod model;
mod operations;
mod plan;
mod props;
mod report;
mod rules;
mod scale;
mod snapshots;
mod untrusted;
mod verify;
