//! What every plan import must keep, whatever bytes it is given. Shared by the fuzz targets
//! (`fuzz/fuzz_targets/*.rs`) and the native regression test `tests/fuzz_corpus.rs`, which
//! includes this file with `#[path]`, so it uses nothing but `workrelief` and `serde_json`.

use workrelief::check::Status;
use workrelief::date::Date;
use workrelief::import::{check_plan, Format, ImportOptions, PlanReport};
use workrelief::RuleBook;

/// The day the checks are run at (fixed, so that a failure reproduces).
pub fn today() -> Date {
    Date::new(2025, 6, 30).unwrap_or(Date::MIN)
}

/// Reads and checks `data` as the file `file_name` with the default options, keeping the full
/// verdicts, and asserts every invariant on the report. Panics (the fuzzer's crash) on the
/// first broken one; the importer itself must never panic.
pub fn check_file(book: &RuleBook, data: &[u8], file_name: &str) -> PlanReport {
    let options = ImportOptions::default();
    let report = check_plan(book, data, file_name, &options, today(), true);
    assert_report(&report, file_name);
    report
}

/// The invariants of one report.
pub fn assert_report(report: &PlanReport, file_name: &str) {
    assert_eq!(report.file_name, file_name, "file name not kept");
    assert!(!report.rule_book_version.is_empty(), "no rule book version");

    // A file that cannot be read: exactly one error, and nothing else.
    if !report.errors.is_empty() {
        assert_eq!(
            report.errors.len(),
            1,
            "a failed file has one error: {:?}",
            report.errors
        );
        assert!(
            report.rows.is_empty(),
            "a file error with rows: {:?}",
            report.errors
        );
        assert_eq!(
            report.summary.total, 0,
            "a file error with a non-zero summary"
        );
        assert!(report.format.is_none(), "a file error with a format");
        for e in &report.errors {
            assert!(e.code.starts_with("import."), "file error code {}", e.code);
            assert!(!e.message.is_empty(), "file error without a message");
        }
    }

    // Summary counts add up, to the total and to the rows.
    let s = report.summary;
    assert_eq!(
        s.pass + s.fail + s.review + s.invalid,
        s.total,
        "summary parts do not add up: {s:?}"
    );
    assert_eq!(
        s.total,
        report.rows.len(),
        "summary total is not the row count: {s:?}"
    );
    let count = |status: Status| report.rows.iter().filter(|r| r.status == status).count();
    assert_eq!(s.pass, count(Status::Pass), "pass count");
    assert_eq!(s.fail, count(Status::Fail), "fail count");
    assert_eq!(s.review, count(Status::Review), "review count");
    assert_eq!(s.invalid, count(Status::Invalid), "invalid count");

    // What kind of file it was, and what that implies.
    match report.format {
        Some(Format::Xlsx | Format::Xls) => {
            assert!(report.sheet.is_some(), "a workbook report without a sheet")
        }
        Some(Format::Csv) => {
            assert!(
                report.encoding.is_some(),
                "a CSV report without an encoding"
            );
            assert!(
                report.header_row.is_some(),
                "a CSV report without a header row"
            );
        }
        Some(Format::Json) => assert!(report.header_row.is_none(), "JSON with a header row"),
        None => assert!(!report.errors.is_empty(), "no format and no error"),
    }
    if report.format.is_some_and(|f| f != Format::Json) {
        assert!(report.header_row.is_some(), "a table without a header row");
        // The header's rows follow each other and end at the header row.
        let rows = &report.header_rows;
        assert!((1..=3).contains(&rows.len()), "header rows {rows:?}");
        assert!(
            rows.windows(2).all(|w| w[1] == w[0] + 1),
            "header rows {rows:?}"
        );
        assert_eq!(
            rows.last().copied(),
            report.header_row,
            "header rows {rows:?}"
        );
        if let Some(line) = &report.unit_line {
            assert!(
                line.row <= report.header_row.unwrap_or(0),
                "unit line below the header"
            );
        }
    }

    // Row numbers: from 1, increasing, below the header.
    let header = report.header_row.unwrap_or(0);
    let mut last = 0u32;
    for r in &report.rows {
        assert!(r.row >= 1, "row number 0");
        assert!(
            r.row > last,
            "row numbers not increasing: {} after {last}",
            r.row
        );
        assert!(
            r.row > header,
            "row {} not below the header row {header}",
            r.row
        );
        last = r.row;
    }
    let mut last = 0u32;
    for k in &report.skipped {
        assert!(k.row >= 1, "skipped row number 0");
        assert!(k.row > last, "skipped row numbers not increasing");
        assert!(
            k.row > header,
            "skipped row {} not below the header {header}",
            k.row
        );
        assert!(
            !report.rows.iter().any(|r| r.row == k.row),
            "row {} both skipped and checked",
            k.row
        );
        last = k.row;
    }
    for c in &report.columns {
        assert!(
            !c.column.is_empty() && !c.label.is_empty(),
            "column without a letter or label"
        );
    }

    // Each row: its errors carry its number, an invalid row says why, a valid one has no error.
    for r in &report.rows {
        assert_eq!(
            r.status == Status::Invalid,
            !r.errors.is_empty(),
            "row {}: status {:?} with errors {:?}",
            r.row,
            r.status,
            r.errors
        );
        assert_eq!(
            r.error.is_some(),
            !r.errors.is_empty(),
            "row {}: error summary",
            r.row
        );
        for e in &r.errors {
            assert_eq!(
                e.row,
                Some(r.row),
                "row {}: an error with row {:?}",
                r.row,
                e.row
            );
            assert!(
                !e.code.is_empty() && !e.message.is_empty(),
                "row {}: empty error",
                r.row
            );
        }
        let verdict = r.verdict.as_ref();
        assert!(
            verdict.is_some(),
            "row {}: no verdict though asked for",
            r.row
        );
        if let Some(v) = verdict {
            assert_eq!(v.status, r.status, "row {}: verdict status", r.row);
            assert_eq!(v.errors, r.errors, "row {}: verdict errors", r.row);
            for w in &v.warnings {
                assert_eq!(
                    w.row,
                    Some(r.row),
                    "row {}: a warning with row {:?}",
                    r.row,
                    w.row
                );
            }
        }
        if let Some(shortfall) = r.shortfall {
            assert!(
                r.rule.is_some(),
                "row {}: a shortfall without a rule",
                r.row
            );
            assert!(
                !shortfall.to_string().starts_with('-'),
                "row {}: negative shortfall {shortfall}",
                r.row
            );
        }
    }

    // The report crosses into JavaScript as JSON-like data: it must serialise.
    let json = serde_json::to_string(report);
    assert!(json.is_ok(), "report does not serialise: {json:?}");
}
