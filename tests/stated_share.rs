//! Plans that state their own labour share (`劳务报酬占比`, `占中央资金比例`): the same small
//! plan as CSV and as XLSX (written here with rust_xlsxwriter), each row's stated share
//! compared with its amounts. The verdict stays on the amounts; a contradicted share is a
//! warning on the row, in its report, its verdict and the CSV export.

#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use workrelief::check::Status;
use workrelief::date::Date;
use workrelief::import::{check_plan, export, ImportOptions, PlanFile, PlanReport, RowReport};
use workrelief::rules::DEFAULT_RULES_JSON;
use workrelief::RuleBook;

fn book() -> RuleBook {
    RuleBook::from_json(DEFAULT_RULES_JSON).unwrap()
}

fn today() -> Date {
    Date::new(2025, 6, 30).unwrap()
}

const KIND: &str = "以工代赈中央预算内投资项目";

/// (name, central funds in yuan, labour in yuan, stated share as written).
const ROWS: [(&str, &str, &str, &str); 6] = [
    // 29.996% exactly: 30.00% at two decimals, but below the 30% floor.
    ("四舍五入的陷阱", "1000000", "299960", "30.00%"),
    // 29.99% stated as 32%: a contradiction.
    ("填报不符", "1000000", "299900", "32%"),
    // 0.3 is 30%, precise to its one written digit: agrees with 31%.
    ("小数填报", "1000000", "310000", "0.3"),
    // Agrees to the digit.
    ("如实填报", "1000000", "300000", "30.00%"),
    ("无法识别", "1000000", "300000", "三成"),
    ("未填占比", "1000000", "300000", ""),
];

fn csv_plan(share_header: &str) -> Vec<u8> {
    let mut csv =
        format!("项目名称,项目类型,所在省份,中央资金（元）,劳务报酬（元）,{share_header}\n");
    for (name, central, labour, share) in ROWS {
        csv.push_str(&format!(
            "{name},{KIND},甘肃省,{central},{labour},{share}\n"
        ));
    }
    csv.into_bytes()
}

/// The same plan as a workbook: amounts and shares as numbers where the CSV has digits
/// (a `30.00%` cell is the number 0.3 shown with two decimals), text elsewhere.
fn xlsx_plan() -> Vec<u8> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let percent = Format::new().set_num_format("0.00%");
    let headers = [
        "项目名称",
        "项目类型",
        "所在省份",
        "中央资金（元）",
        "劳务报酬（元）",
        "劳务报酬占中央资金比例",
    ];
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for (r, (name, central, labour, share)) in ROWS.iter().enumerate() {
        let r = r as u32 + 1;
        sheet.write_string(r, 0, *name).unwrap();
        sheet.write_string(r, 1, KIND).unwrap();
        sheet.write_string(r, 2, "甘肃省").unwrap();
        sheet
            .write_number(r, 3, central.parse::<f64>().unwrap())
            .unwrap();
        sheet
            .write_number(r, 4, labour.parse::<f64>().unwrap())
            .unwrap();
        match *share {
            "30.00%" => {
                sheet.write_number_with_format(r, 5, 0.3, &percent).unwrap();
            }
            "32%" => {
                sheet
                    .write_number_with_format(r, 5, 0.32, &percent)
                    .unwrap();
            }
            "" => {}
            other => {
                sheet.write_string(r, 5, other).unwrap();
            }
        }
    }
    book.save_to_buffer().unwrap()
}

fn check(bytes: &[u8], name: &str, verdicts: bool) -> PlanReport {
    check_plan(
        &book(),
        bytes,
        name,
        &ImportOptions::default(),
        today(),
        verdicts,
    )
}

fn codes(row: &RowReport) -> Vec<&str> {
    row.warnings.iter().map(|w| w.code.as_str()).collect()
}

fn assert_rows(report: &PlanReport, file: &str) {
    assert!(report.errors.is_empty(), "{file}: {:?}", report.errors);
    assert!(
        report
            .columns
            .iter()
            .any(|c| c.field.path() == "statedShare"),
        "{file}: {:?}",
        report.columns
    );
    assert!(report.unmapped.is_empty(), "{file}: {:?}", report.unmapped);
    let rows = &report.rows;
    assert_eq!(rows.len(), 6, "{file}");
    let statuses: Vec<Status> = rows.iter().map(|r| r.status).collect();
    // The verdicts stand on the amounts alone.
    assert_eq!(
        statuses,
        [
            Status::Fail,
            Status::Fail,
            Status::Pass,
            Status::Pass,
            Status::Pass,
            Status::Pass
        ],
        "{file}"
    );
    // The trap: no contradiction, but the rounding is named with the exact share.
    assert_eq!(codes(&rows[0]), ["plan.stated_share_rounded"], "{file}");
    let m = &rows[0].warnings[0].message;
    // A workbook's 0.3 is shown as 30% whatever its number format (which is not read).
    let stated = if file.ends_with(".xlsx") {
        "占比 30%"
    } else {
        "占比 30.00%"
    };
    assert!(
        m.contains("第 2 行") && m.contains(stated) && m.contains("29.996%"),
        "{file}: {m}"
    );
    assert!(
        m.contains("四舍五入") && m.contains("不符合"),
        "{file}: {m}"
    );
    // A contradiction names the row and both figures.
    assert_eq!(codes(&rows[1]), ["plan.stated_share_mismatch"], "{file}");
    let m = &rows[1].warnings[0].message;
    assert!(
        m.contains("第 3 行") && m.contains("32") && m.contains("29.99%"),
        "{file}: {m}"
    );
    assert_eq!(rows[1].warnings[0].row, Some(3));
    assert!(rows[1].warnings[0]
        .column
        .as_deref()
        .is_some_and(|c| c.starts_with('F')));
    // 0.3 read as 30%, precise to 0.05: agrees with 31%.
    assert!(
        rows[2].warnings.is_empty(),
        "{file}: {:?}",
        rows[2].warnings
    );
    assert!(
        rows[3].warnings.is_empty(),
        "{file}: {:?}",
        rows[3].warnings
    );
    assert_eq!(codes(&rows[4]), ["plan.stated_share_unreadable"], "{file}");
    assert!(rows[4].warnings[0].message.contains("三成"));
    assert!(rows[5].warnings.is_empty(), "{file}");
    for w in rows.iter().flat_map(|r| &r.warnings) {
        assert!(!w.message.is_ascii(), "{file}: {}", w.message);
    }
}

#[test]
fn stated_shares_in_csv_are_checked_against_the_amounts() {
    for header in ["劳务报酬占比", "占中央资金比例", "劳务报酬占比（%）"] {
        let bytes = csv_plan(header);
        let file = format!("{header}.csv");
        for verdicts in [true, false] {
            let report = check(&bytes, &file, verdicts);
            if header.contains('%') {
                // A `%` header makes a bare 0.3 a third of a percent: contradicted.
                assert_eq!(
                    codes(&report.rows[2]),
                    ["plan.stated_share_mismatch"],
                    "{file}"
                );
                continue;
            }
            assert_rows(&report, &file);
            if verdicts {
                // The verdict carries the same warning, and its status is on the amounts.
                let v = report.rows[1].verdict.as_ref().unwrap();
                assert_eq!(v.status, Status::Fail);
                assert!(v
                    .warnings
                    .iter()
                    .any(|w| w.code == "plan.stated_share_mismatch"));
            }
        }
    }
}

#[test]
fn stated_shares_in_xlsx_are_checked_against_the_amounts() {
    let bytes = xlsx_plan();
    for verdicts in [true, false] {
        assert_rows(&check(&bytes, "plan.xlsx", verdicts), "plan.xlsx");
    }
}

#[test]
fn the_compact_checker_keeps_the_warnings_and_verdicts_on_demand_carry_them() {
    let book = book();
    for (bytes, name) in [(csv_plan("劳务报酬占比"), "p.csv"), (xlsx_plan(), "p.xlsx")] {
        let mut plan = PlanFile::open(&bytes, name, &ImportOptions::default(), today()).unwrap();
        plan.step(&book, usize::MAX, false);
        let report = plan.report(&book, true);
        assert_rows(&report, name);
        let v = plan.verdict(&book, 0).unwrap();
        assert_eq!(v.status, Status::Fail);
        let w: Vec<&str> = v.warnings.iter().map(|w| w.code.as_str()).collect();
        assert_eq!(w, ["plan.stated_share_rounded"], "{name}");
        assert!(plan
            .verdict(&book, 3)
            .unwrap()
            .warnings
            .iter()
            .all(|w| !w.code.starts_with("plan.stated_share")));
        // The command line's table lists the remarks under the rows.
        let table = export::to_table(std::slice::from_ref(&report));
        assert!(
            table.contains("提示 [plan.stated_share_mismatch] 第 3 行"),
            "{table}"
        );
        // The CSV export's 问题 column carries the remark.
        let csv = export::to_csv(std::slice::from_ref(&report));
        let line = csv.lines().find(|l| l.contains("填报不符")).unwrap();
        assert!(
            line.contains("32") && line.contains("29.99%") && line.contains("与金额不符"),
            "{line}"
        );
    }
}
