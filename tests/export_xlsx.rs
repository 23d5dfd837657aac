//! The reviewer's record as an XLSX workbook: written from the export table, read back with
//! calamine (and with LibreOffice where `soffice` is installed), every cell equal to the same
//! table's CSV cell; the result columns equal the CSV export's; formulas defused; status by
//! fill colour; a frozen header.

#![cfg(all(not(target_arch = "wasm32"), feature = "xlsx-export"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::io::Read;
use std::path::Path;

use calamine::{Data, Reader, Xlsx};
use workrelief::date::Date;
use workrelief::import::{check_plan, export, ImportOptions, PlanFile};
use workrelief::rules::DEFAULT_RULES_JSON;
use workrelief::workbook::{self, ExportCell, ExportTable};
use workrelief::RuleBook;

fn book() -> RuleBook {
    RuleBook::from_json(DEFAULT_RULES_JSON).unwrap()
}

fn options() -> ImportOptions {
    ImportOptions {
        as_of: Some(Date::new(2025, 6, 30).unwrap()),
        ..ImportOptions::default()
    }
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/plans")
            .join(name),
    )
    .unwrap()
}

/// A plan with a hostile name, a fen-short row, a stated share and amounts near the bound.
fn hostile_csv() -> Vec<u8> {
    let mut csv =
        String::from("项目名称,项目类型,所在省份,中央资金（元）,劳务报酬（元）,劳务报酬占比\n");
    csv.push_str(
        "=HYPERLINK(\"http://x\"),以工代赈中央预算内投资项目,甘肃省,1000000,299999.99,30%\n",
    );
    csv.push_str("-2+3,以工代赈中央预算内投资项目,甘肃省,9999999999999.99,1,32%\n");
    csv.push_str("@SUM(A1),以工代赈中央预算内投资项目,甘肃省,0.03,0.01,\n");
    csv.push_str("四舍五入的陷阱,以工代赈中央预算内投资项目,甘肃省,1000000,299960,30.00%\n");
    csv.push_str("输入有误,以工代赈中央预算内投资项目,甘肃省,一百万,1,\n");
    csv.push_str("合计,,,1000000,1,\n");
    csv.into_bytes()
}

fn table_of(bytes: &[u8], name: &str) -> ExportTable {
    let book = book();
    let mut plan = PlanFile::open(bytes, name, &options(), Date::new(2026, 1, 1).unwrap()).unwrap();
    plan.step(&book, usize::MAX, false);
    export::export_table(&book, Ok(&plan))
}

/// The workbook's cells as calamine reads them, amounts as the CSV writes them.
fn read_back(bytes: &[u8]) -> Vec<Vec<String>> {
    let mut xlsx: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    assert_eq!(xlsx.sheet_names(), ["审核结果"]);
    let range = xlsx.worksheet_range("审核结果").unwrap();
    assert_eq!(range.start(), Some((0, 0)));
    range
        .rows()
        .map(|row| {
            row.iter()
                .map(|c| match c {
                    Data::Empty => String::new(),
                    Data::String(s) => s.clone(),
                    // Amounts: the double must be the nearest to a whole number of fen.
                    Data::Float(f) => {
                        let text = format!("{f:.2}");
                        assert_eq!(text.parse::<f64>().unwrap(), *f, "{f} is not whole fen");
                        text
                    }
                    other => panic!("unexpected cell {other:?}"),
                })
                .collect()
        })
        .collect()
}

fn csv_cells(table: &ExportTable) -> Vec<Vec<String>> {
    let mut rows = vec![table.header.clone()];
    rows.extend(
        table
            .rows
            .iter()
            .map(|r| r.cells.iter().map(ExportCell::shown).collect()),
    );
    rows
}

/// Reads a CSV as the csv crate does (the CSV export round-trips through it).
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let text = text.strip_prefix('\u{feff}').unwrap();
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

#[test]
fn the_workbook_reads_back_cell_for_cell() {
    for (name, bytes) in [
        ("plan.xlsx", fixture("plan.xlsx")),
        ("plan-gbk.csv", fixture("plan-gbk.csv")),
        ("plan.json", fixture("plan.json")),
        ("hostile.csv", hostile_csv()),
    ] {
        let table = table_of(&bytes, name);
        let xlsx = workbook::to_xlsx(&table).unwrap();
        assert!(xlsx.starts_with(b"PK\x03\x04"), "{name}");
        let cells = read_back(&xlsx);
        let csv = parse_csv(&export::table_csv(&table));
        assert_eq!(csv, csv_cells(&table), "{name}: the table's CSV");
        assert_eq!(cells.len(), csv.len(), "{name}");
        for (r, (got, want)) in cells.iter().zip(&csv).enumerate() {
            // calamine's range ends at the last written column; the CSV has every column.
            let mut got = got.clone();
            got.resize(want.len(), String::new());
            assert_eq!(&got, want, "{name} row {r}");
        }
        // Deterministic: the same table gives the same bytes (the browser test relies on it).
        assert_eq!(workbook::to_xlsx(&table).unwrap(), xlsx, "{name}");
    }
}

#[test]
fn the_result_columns_equal_the_csv_export() {
    let book = book();
    for (name, bytes) in [
        ("plan.xlsx", fixture("plan.xlsx")),
        ("hostile.csv", hostile_csv()),
    ] {
        let table = table_of(&bytes, name);
        let report = check_plan(
            &book,
            &bytes,
            name,
            &options(),
            Date::new(2026, 1, 1).unwrap(),
            false,
        );
        let csv = parse_csv(&export::to_csv(std::slice::from_ref(&report)));
        let at = |header: &[String], name: &str| header.iter().position(|h| h == name).unwrap();
        let (th, ch) = (&table.header, &csv[0]);
        for (t, c) in [
            ("行号", "行号"),
            ("审核结论", "结果"),
            ("比例", "实际比例"),
            ("比例下限", "比例下限"),
            ("差额（元）", "差额（元）"),
            ("问题与提示", "问题"),
        ] {
            let (ti, ci) = (at(th, t), at(ch, c));
            for (row, line) in table.rows.iter().zip(&csv[1..]) {
                assert_eq!(row.cells[ti].shown(), line[ci], "{name}: {t}");
            }
        }
        assert_eq!(table.rows.len(), csv.len() - 1, "{name}");
    }
}

#[test]
fn formulas_are_defused_and_amounts_exact() {
    let table = table_of(&hostile_csv(), "hostile.csv");
    let cells = read_back(&workbook::to_xlsx(&table).unwrap());
    let header = &cells[0];
    assert_eq!(
        header[..7],
        [
            "行号",
            "项目名称",
            "项目类型",
            "所在省份",
            "中央资金（元）",
            "劳务报酬（元）",
            "劳务报酬占比"
        ]
    );
    assert_eq!(
        header[7..],
        [
            "审核结论",
            "比例",
            "比例下限",
            "下限金额（元）",
            "差额（元）",
            "依据",
            "问题与提示"
        ]
    );
    assert_eq!(cells[1][1], "'=HYPERLINK(\"http://x\")");
    assert_eq!(cells[2][1], "'-2+3");
    assert_eq!(cells[3][1], "'@SUM(A1)");
    // 30% of 1,000,000.00 is 300,000.00: 0.01 short.
    assert_eq!(
        cells[1][7..12],
        ["不符合", "29.99%", "30%", "300000.00", "0.01"]
    );
    assert!(
        cells[1][12].contains("《") && cells[1][12].contains("》"),
        "{}",
        cells[1][12]
    );
    // The largest base: its threshold is exact to the fen.
    // 30% of 9,999,999,999,999.99 is 2,999,999,999,999.997, rounded up to the fen.
    assert_eq!(cells[2][10], "3000000000000.00");
    assert!(cells[2][13].contains("与金额不符"), "{}", cells[2][13]);
    // 0.03 × 30% = 0.009, rounded up to 0.01: met exactly.
    assert_eq!(cells[3][7..12], ["符合", "33.33%", "30%", "0.01", "0.00"]);
    assert!(cells[4][13].contains("四舍五入"), "{}", cells[4][13]);
    assert_eq!(cells[5][7], "输入有误");
    assert!(cells[5][13].contains("中央资金"), "{}", cells[5][13]);
    // The 合计 row is no project.
    assert_eq!(cells.len(), 6);
}

/// The parts of the package the writer made, unzipped.
fn part(xlsx: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).unwrap();
    let mut text = String::new();
    zip.by_name(name)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

#[test]
fn frozen_header_fills_and_widths() {
    let table = table_of(&hostile_csv(), "hostile.csv");
    let xlsx = workbook::to_xlsx(&table).unwrap();
    let sheet = part(&xlsx, "xl/worksheets/sheet1.xml");
    assert!(
        sheet.contains(
            r#"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#
        ),
        "{sheet}"
    );
    // Widths: CJK text counted double.
    assert!(sheet.contains("<cols>"), "{sheet}");
    let styles = part(&xlsx, "xl/styles.xml");
    for fill in ["FFFBE1E0", "FFE3F4E1", "FFE9E9E9"] {
        assert!(styles.contains(fill), "fill {fill}: {styles}");
    }
    // A cell's text never becomes a formula.
    assert!(!sheet.contains("<f>"), "{sheet}");
}

#[test]
fn a_file_that_is_not_a_plan_is_one_row_with_its_error() {
    let book = book();
    let report = check_plan(
        &book,
        b"a,b\n1,2\n",
        "x.csv",
        &options(),
        Date::new(2026, 1, 1).unwrap(),
        false,
    );
    let table = export::export_table(&book, Err(&report));
    let cells = read_back(&workbook::to_xlsx(&table).unwrap());
    assert_eq!(cells.len(), 2);
    assert_eq!(cells[1][2], "文件无法读取");
    assert!(cells[1].last().unwrap().contains("没有找到表头"));
}

#[test]
fn a_bad_table_is_a_coded_error() {
    let e = workbook::xlsx_from_json("{").unwrap_err();
    assert_eq!(e.code(), "export.bad_table");
    assert!(!e.to_string().is_ascii());
}

/// LibreOffice, where installed, opens the workbook and reads back the same cells.
#[test]
fn libreoffice_reads_the_workbook_back() {
    let Ok(status) = std::process::Command::new("soffice")
        .arg("--version")
        .output()
    else {
        eprintln!("soffice not installed: the LibreOffice read-back is not run");
        return;
    };
    assert!(status.status.success());
    let dir = std::env::temp_dir().join(format!("workrelief-xlsx-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let table = table_of(&hostile_csv(), "hostile.csv");
    let path = dir.join("export.xlsx");
    std::fs::write(&path, workbook::to_xlsx(&table).unwrap()).unwrap();
    let out = std::process::Command::new("soffice")
        .args(["--headless", "--norestore"])
        .arg(format!(
            "-env:UserInstallation=file://{}",
            dir.join("profile").display()
        ))
        // UTF-8 (76), fields as stored, not as shown (token 9 false): amounts without grouping.
        .args([
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false",
        ])
        .arg("--outdir")
        .arg(&dir)
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(dir.join("export.csv")).unwrap();
    let got: Vec<Vec<String>> = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect();
    let want = csv_cells(&table);
    assert_eq!(got.len(), want.len());
    for (g, w) in got.iter().zip(&want) {
        let mut g = g.clone();
        g.resize(w.len(), String::new());
        // LibreOffice writes a stored number in its shortest form (0.01, 300000, 0).
        for (a, b) in g.iter_mut().zip(w) {
            if a != b
                && a.parse::<f64>().ok().is_some()
                && a.parse::<f64>().ok() == b.parse::<f64>().ok()
            {
                *a = b.clone();
            }
        }
        assert_eq!(&g, w);
    }
    let _ = std::fs::remove_dir_all(&dir);
}
