fn main() {
    let path = std::env::args().nth(1).unwrap_or_default();
    let bytes = std::fs::read(&path).unwrap_or_default();
    let arch = drplan::input::load(&bytes, "x", &Default::default()).expect("valid");
    let options = drplan::assess::Options {
        assumptions: Default::default(),
        now: jiff::civil::date(2026, 11, 26),
        measured: vec![],
    };
    let t = std::time::Instant::now();
    let a = drplan::assess::assess(&arch, &options);
    eprintln!("assess {:?}", t.elapsed());
    for _ in 0..3 {
        let t = std::time::Instant::now();
        let av = drplan::availability::composite(&arch, &a.graph, &options.assumptions);
        let t1 = t.elapsed();
        let t = std::time::Instant::now();
        let ops = drplan::ops::recommend(&arch, &a.graph, &a.blast, &options);
        let t2 = t.elapsed();
        let est = av.entries.iter().filter(|e| e.estimated).count();
        eprintln!(
            "availability {t1:?} ({} entries, {est} estimated), ops {t2:?} {}",
            av.entries.len(),
            ops.order.len()
        );
    }
}
