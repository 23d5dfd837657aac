//! Times loading the compiled-in rule book (what the first verdict waits for).
#![allow(clippy::unwrap_used)]
use std::time::Instant;
fn main() {
    let t = Instant::now();
    let n = 200;
    for _ in 0..n {
        let _ = workrelief::RuleBook::builtin().unwrap();
    }
    println!(
        "{:.3} ms per load",
        t.elapsed().as_secs_f64() * 1e3 / f64::from(n)
    );
}
