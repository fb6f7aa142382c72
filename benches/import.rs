//! `drplan import` of synthetic Terraform states of 10k and 100k resources in nested modules, of
//! a lean state of 100k (a few attributes a resource, nearly all components) and of a bare one
//! (queues with no attributes):
//! `cargo bench --bench import`. The whole job (detect the format, read the resources, make
//! the components, compose and check the architecture, write it as JSON) and the reading of
//! the state alone.

#[path = "counted.rs"]
mod counted;
#[path = "tfstate.rs"]
mod tfstate;

use counted::Counted;

use drplan::import::{self, File};
use drplan::input::LoadOptions;
use drplan::input::compose::{Source, SourceKind};

#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    // SAFETY: mi_option_set only stores an integer in mimalloc's option table (option 15 is
    // the purge delay; the binary sets it to 0 too).
    unsafe { libmimalloc_sys::mi_option_set(15, 0) }
    divan::main();
}

/// The file's text, `terraform show -json` output as Terraform writes it: read by the same
/// scan as the stream the command opens.
fn file(text: String) -> File {
    assert!(import::streams(text.as_bytes()));
    File {
        source: Source {
            kind: SourceKind::Terraform,
            path: "state.json".into(),
            region: None,
            parameters: Default::default(),
            name: None,
            at: 0,
        },
        display: "state.json".into(),
        body: import::Body::Text(text),
    }
}

/// What `drplan import state.json -o arch.json` does, without the file system: the size of
/// the architecture it writes (each component made and checked, then made again as it is
/// written, as the command does).
fn import_whole(file: File) -> usize {
    let made = import::import(vec![file], &import::Options::default())
        .expect("imports")
        .components;
    let architecture =
        (made.streamed(br#"{"name": "synthetic"}"#, "arch.json")).expect("a valid architecture");
    (architecture.problems(&LoadOptions::default())).expect("a valid architecture");
    let mut written = Counted(0);
    architecture.write(&mut written).expect("writes");
    written.0
}

/// The whole import of a file's text, its bytes counted.
fn whole(bencher: divan::Bencher, text: String) {
    bencher
        .counter(divan::counter::BytesCount::new(text.len()))
        .with_inputs(|| file(text.clone()))
        .bench_values(import_whole);
}

/// The whole import of the shop deployed again and again.
#[divan::bench(args = [10_000, 100_000], sample_count = 3, sample_size = 1)]
fn import_state(bencher: divan::Bencher, n: usize) {
    whole(bencher, tfstate::terraform_state(n));
}

/// The same on the barest state: queues with no attributes, about a hundred bytes each.
#[divan::bench(args = [100_000], sample_count = 3, sample_size = 1)]
fn import_bare_state(bencher: divan::Bencher, n: usize) {
    whole(bencher, tfstate::bare_terraform_state(n));
}

/// The same queues as a plan: each also in the resource changes, which are skipped as scanned.
#[divan::bench(args = [100_000], sample_count = 3, sample_size = 1)]
fn import_bare_plan(bencher: divan::Bencher, n: usize) {
    whole(bencher, tfstate::bare_terraform_plan(n));
}

/// The same on a lean state: a few attributes a resource, nearly every resource a component.
#[divan::bench(args = [100_000], sample_count = 3, sample_size = 1)]
fn import_lean_state(bencher: divan::Bencher, n: usize) {
    whole(bencher, tfstate::lean_terraform_state(n));
}

/// Reading the state into resources: the part that sees every byte of the file.
#[divan::bench(args = [100_000], sample_count = 3, sample_size = 1)]
fn read_state(bencher: divan::Bencher, n: usize) {
    let text = tfstate::terraform_state(n);
    bencher
        .counter(divan::counter::BytesCount::new(text.len()))
        .bench_local(|| import::read_terraform(&text, "state.json").expect("reads"));
}
