//! Writes a synthetic architecture to stdout, for scale checks:
//! `cargo run --release --example synth -- 100000 > /tmp/arch-100k.json`

#[path = "../benches/synth.rs"]
mod synth;

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1000);
    print!("{}", synth::architecture(n, 42));
}
