//! Times reading and checking a plan file natively: the csv crate alone, then `PlanFile`
//! (compact rows, typed fast path), then every row through the loose reader, then full
//! verdicts: `cargo run --release --example profile_plan -- FILE`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
use std::time::Instant;
use workrelief::{
    date::Date,
    import::{self, plan, ImportOptions, PlanFile},
    RuleBook,
};

fn main() {
    let path = std::env::args().nth(1).expect("FILE");
    let bytes = std::fs::read(&path).unwrap();
    let book = RuleBook::builtin().unwrap();
    let today = Date::new(2026, 11, 23).unwrap();
    let options = ImportOptions::default();
    let t = Instant::now();
    let records = import::delimited::count_records(&bytes);
    println!(
        "parse only: {:.0} ms ({records} records)",
        t.elapsed().as_secs_f64() * 1e3
    );
    let t = Instant::now();
    let mut file = PlanFile::open(&bytes, &path, &options, today).unwrap();
    let opened = t.elapsed().as_secs_f64();
    file.step(&book, usize::MAX, false);
    let s = t.elapsed().as_secs_f64();
    println!(
        "PlanFile: {:.0} ms (open {:.0} ms), {} rows, {} by the fast path, {:.0} rows/s",
        s * 1e3,
        opened * 1e3,
        file.checked(),
        plan::plain_rows(&file),
        file.checked() as f64 / s
    );
    if std::env::args().nth(2).as_deref() == Some("fast") {
        // Again, for a profiler to sample.
        for _ in 0..5 {
            let mut file = PlanFile::open(&bytes, &path, &options, today).unwrap();
            file.step(&book, usize::MAX, false);
        }
        return;
    }
    if std::env::args().nth(2).as_deref() == Some("loose") {
        for _ in 0..3 {
            plan::loose_rows(&book, &bytes, &path, &options, today).unwrap();
        }
        return;
    }
    let t = Instant::now();
    let loose = plan::loose_rows(&book, &bytes, &path, &options, today).unwrap();
    let s = t.elapsed().as_secs_f64();
    println!(
        "loose reader: {:.0} ms, {:.0} rows/s",
        s * 1e3,
        loose.len() as f64 / s
    );
    let t = Instant::now();
    let full = import::check_plan(&book, &bytes, &path, &options, today, true);
    let s = t.elapsed().as_secs_f64();
    println!(
        "full verdicts: {:.0} ms, {:.0} rows/s",
        s * 1e3,
        full.rows.len() as f64 / s
    );
}
