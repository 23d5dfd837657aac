//! Times the XLSX reader natively: `cargo run --release --example profile_xlsx -- FILE [RUNS]`.
//!
//! Besides `xlsx::read` itself it times two baselines over the same file with the `zip` crate
//! (a test dependency, the reader's own ZIP reader replaced it): opening the archive, and
//! inflating every entry once (the least any reader has to do). What is left is the reader's
//! own work (XML scanning, shared strings, cells, rows); `perf record -g` on this example
//! breaks it down further.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
use std::time::Instant;

use workrelief::import::xlsx;

/// The fastest of `runs` timings of `f`, in milliseconds, and its last result.
fn best<T>(runs: usize, mut f: impl FnMut() -> T) -> (f64, T) {
    let mut best = f64::INFINITY;
    let mut last = None;
    for _ in 0..runs {
        let t = Instant::now();
        let out = f();
        best = best.min(t.elapsed().as_secs_f64() * 1e3);
        last = Some(out);
    }
    (best, last.unwrap())
}

fn main() {
    let path = std::env::args().nth(1).expect("FILE");
    let runs: usize = std::env::args()
        .nth(2)
        .map_or(5, |n| n.parse().expect("RUNS"));
    let bytes = std::fs::read(&path).unwrap();
    println!("{path}: {} bytes, best of {runs}", bytes.len());

    baselines(&bytes, runs);
    let (ms, (rows, sheet)) = best(runs, || xlsx::read(&bytes, None, 1_000_000).unwrap());
    let cells: usize = rows.iter().map(|r| r.cells.len()).sum();
    println!(
        "  xlsx::read:           {ms:7.1} ms ({} rows, {cells} cells, sheet {sheet}; {:.0} rows/s)",
        rows.len(),
        rows.len() as f64 / ms * 1e3
    );
}

/// The `zip` crate's times for the same archive.
#[cfg(not(target_arch = "wasm32"))]
fn baselines(bytes: &[u8], runs: usize) {
    use std::io::{Cursor, Read};
    let (ms, entries) = best(runs, || {
        zip::ZipArchive::new(Cursor::new(bytes)).unwrap().len()
    });
    println!("  zip directory:        {ms:7.1} ms ({entries} entries)");

    let (ms, total) = best(runs, || {
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        let mut total = 0;
        for i in 0..archive.len() {
            let mut data = Vec::new();
            archive.by_index(i).unwrap().read_to_end(&mut data).unwrap();
            total += data.len();
        }
        total
    });
    println!("  inflate every entry:  {ms:7.1} ms ({total} bytes)");
}

/// (The `zip` crate is a native test dependency.)
#[cfg(target_arch = "wasm32")]
fn baselines(_: &[u8], _: usize) {}
