//! Writes a synthetic input to standard output, for measuring drplan against other tools on
//! the same file: `cargo run --release --example synth -- architecture 100000 > arch.json`,
//! `cargo run --release --example synth -- terraform-state 100000 > state.json`.

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
        _ => {
            eprintln!("usage: synth (architecture | terraform-state) N");
            std::process::exit(2);
        }
    };
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(text.as_bytes()) {
        eprintln!("synth: {e}");
        std::process::exit(1);
    }
}
