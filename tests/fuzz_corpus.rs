//! The fuzz corpora as a regression test: every file in `fuzz/seeds/<target>/`,
//! `fuzz/corpus/<target>/` and `fuzz/regressions/<target>/` is imported under the target's file
//! name (`plan.csv`, `plan.xlsx`, `plan.json`) and must keep the invariants the fuzzers assert
//! (`fuzz/src/invariants.rs`, shared with them). Fuzzing itself: `scripts/fuzz`.

#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

#[path = "../fuzz/src/invariants.rs"]
mod invariants;

use std::fs;
use std::path::Path;
use std::time::Instant;

use workrelief::RuleBook;

const TARGETS: [(&str, &str); 3] = [
    ("csv", "plan.csv"),
    ("xlsx", "plan.xlsx"),
    ("json", "plan.json"),
];

#[test]
fn fuzz_corpora_keep_the_invariants() {
    let fuzz = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let book = RuleBook::builtin().unwrap();
    let started = Instant::now();
    let mut failures = Vec::new();
    let mut slowest = Vec::new();
    for (target, file_name) in TARGETS {
        let mut count = 0;
        for dir in ["seeds", "corpus", "regressions"] {
            let Ok(entries) = fs::read_dir(fuzz.join(dir).join(target)) else {
                continue;
            };
            let mut paths: Vec<_> = entries.map(|e| e.unwrap().path()).collect();
            paths.sort();
            for path in paths.iter().filter(|p| p.is_file()) {
                let name = path.file_name().unwrap().to_string_lossy();
                if name.starts_with('.') || name.ends_with(".md") {
                    continue;
                }
                let data = fs::read(path).unwrap();
                let one = Instant::now();
                let outcome = std::panic::catch_unwind(|| {
                    invariants::check_file(&book, &data, file_name);
                });
                slowest.push((one.elapsed(), path.display().to_string()));
                if let Err(e) = outcome {
                    let message = e
                        .downcast_ref::<String>()
                        .cloned()
                        .or_else(|| e.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                        .unwrap_or_default();
                    failures.push(format!("{}: {message}", path.display()));
                }
                count += 1;
            }
        }
        assert!(count >= 5, "fuzz/*/{target}: only {count} inputs");
        eprintln!("{target}: {count} inputs, {:?} so far", started.elapsed());
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    slowest.sort();
    eprintln!("fuzz corpora checked in {:?}; slowest:", started.elapsed());
    for (time, path) in slowest.iter().rev().take(5) {
        eprintln!("  {time:?} {path}");
    }
}

#[test]
fn seeds_are_read_as_plans() {
    // The hand-made seeds are real plans: most must give rows, so the fuzzers start deep.
    let fuzz = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds");
    let book = RuleBook::builtin().unwrap();
    for (target, file_name) in TARGETS {
        let dir = fuzz.join(target);
        let mut with_rows = 0;
        let mut total = 0;
        for entry in fs::read_dir(&dir).unwrap() {
            let data = fs::read(entry.unwrap().path()).unwrap();
            let report = invariants::check_file(&book, &data, file_name);
            total += 1;
            if !report.rows.is_empty() {
                with_rows += 1;
            }
        }
        assert!(
            with_rows * 3 >= total * 2,
            "{}: only {with_rows} of {total} seeds give rows",
            dir.display()
        );
    }
}
