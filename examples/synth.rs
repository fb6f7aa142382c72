//! Writes a synthetic input to standard output, for measuring drplan against other tools on
//! the same file: `cargo run --release --example synth -- architecture 100000 > arch.json`,
//! `cargo run --release --example synth -- terraform-state 100000 > state.json` (the shop
//! deployed again and again: many attributes, many resources that are not components),
//! `cargo run --release --example synth -- lean-terraform-state 100000 > lean.json` (a few
//! attributes per resource, nearly all of them components), `cargo run --release --example
//! synth -- bare-terraform-state 1000000 > bare.json` (queues with no attributes, one line), and
//! `bare-terraform-plan N` (the same queues as a plan: planned values, changes, configuration).

#[path = "../benches/synth.rs"]
mod synth;
#[path = "../benches/tfstate.rs"]
mod tfstate;

use std::io::Write;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let n = args.get(1).and_then(|n| n.parse().ok());
    let text = match (args.first().map(String::as_str), n) {
        (Some("architecture"), Some(n)) => synth::architecture(n, 42),
        (Some("terraform-state"), Some(n)) => tfstate::terraform_state(n),
        (Some("lean-terraform-state"), Some(n)) => tfstate::lean_terraform_state(n),
        (Some("bare-terraform-state"), Some(n)) => tfstate::bare_terraform_state(n),
        (Some("bare-terraform-plan"), Some(n)) => tfstate::bare_terraform_plan(n),
        _ => {
            eprintln!(
                "usage: synth (architecture | terraform-state | lean-terraform-state | bare-terraform-state | bare-terraform-plan) N"
            );
            std::process::exit(2);
        }
    };
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(text.as_bytes()) {
        eprintln!("synth: {e}");
        std::process::exit(1);
    }
}
