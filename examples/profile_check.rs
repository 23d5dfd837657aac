//! Runs `checkProposal`'s core in a loop for profiling (`perf record`); prints µs per call.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
use std::time::Instant;
use workrelief::{check::check_raw, date::Date, raw::Raw, RuleBook};

fn main() {
    let book = RuleBook::builtin().unwrap();
    let today = Date::new(2026, 11, 23).unwrap();
    let inputs: Vec<Raw> = (0..1000)
        .map(|i| {
            Raw::from_json(&format!(
                r#"{{"kind":"central_budget","province":"62","funds":{{"central":5000000}},"labourRemuneration":{},"date":"2025-06-30"}}"#,
                1_400_000 + i * 97
            ))
            .unwrap()
        })
        .collect();
    let n = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(200_000usize);
    let only_check = std::env::args().nth(2).is_some_and(|a| a == "check");
    let t = Instant::now();
    let mut fails = 0;
    for i in 0..n {
        let v = check_raw(&book, &inputs[i % inputs.len()], &Raw::Null, today);
        fails += usize::from(v.status == workrelief::check::Status::Fail);
    }
    let per = t.elapsed().as_secs_f64() * 1e6 / n as f64;
    println!("{per:.2} µs per check ({fails} fail)");
    if only_check {
        return;
    }
    let v = check_raw(&book, &inputs[0], &Raw::Null, today);
    let t = Instant::now();
    let mut bytes = 0;
    for _ in 0..n {
        bytes += serde_json::to_string(&v).map_or(0, |s| s.len());
    }
    let per = t.elapsed().as_secs_f64() * 1e6 / n as f64;
    println!(
        "{per:.2} µs per serde_json::to_string ({} bytes)",
        bytes / n
    );
    let t = Instant::now();
    for i in 0..n {
        let _ = workrelief::proposal::read(&book, &inputs[i % inputs.len()], "");
    }
    let per = t.elapsed().as_secs_f64() * 1e6 / n as f64;
    println!("{per:.2} µs per proposal::read");
}
