//! Times reading and checking a plan file natively, compact rows vs full verdicts:
//! `cargo run --release --example profile_plan -- FILE`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
use std::time::Instant;
use workrelief::{
    date::Date,
    import::{ImportOptions, ParsedPlan},
    RuleBook,
};

fn main() {
    let path = std::env::args().nth(1).expect("FILE");
    let bytes = std::fs::read(&path).unwrap();
    let book = RuleBook::builtin().unwrap();
    let today = Date::new(2026, 11, 23).unwrap();
    let options = ImportOptions::default();
    let t = Instant::now();
    let records = workrelief::import::delimited::count_records(&bytes);
    println!(
        "parse only: {:.0} ms ({records} records)",
        t.elapsed().as_secs_f64() * 1e3
    );
    let t = Instant::now();
    let plan = ParsedPlan::parse(&bytes, &path, &options).unwrap();
    println!("parse into rows: {:.0} ms", t.elapsed().as_secs_f64() * 1e3);
    for with_verdict in [false, true] {
        let t = Instant::now();
        let mut n = 0;
        for i in 0..plan.rows.len() {
            n += usize::from(
                plan.check_row(&book, i, &options, today, with_verdict)
                    .is_some(),
            );
        }
        let s = t.elapsed().as_secs_f64();
        println!(
            "check ({}): {:.0} ms, {:.0} rows/s",
            if with_verdict { "full" } else { "compact" },
            s * 1e3,
            n as f64 / s
        );
    }
}
