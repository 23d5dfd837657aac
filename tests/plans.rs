//! The plan importer on the sample plans in `tests/fixtures/plans/` (made by `make_plans.py`,
//! described in its README): the same 11 projects as XLSX, .xls, GBK CSV, UTF-8 CSV with BOM, CSV in
//! yuan and JSON give identical verdicts; row numbers, encodings, bad cells, hostile names,
//! exactness on float cells, files that are not plans, and the command line; with the example
//! overlays of `examples/rules/` loaded, a proposal and its plan row are judged alike by every path.

#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::{json, Value};
use workrelief::check::Status;
use workrelief::date::Date;
use workrelief::import::{
    check_plan, export, plan, xlsx, Format, ImportOptions, PlanFile, PlanReport, RowReport, Summary,
};
use workrelief::money::Unit;
use workrelief::rules::DEFAULT_RULES_JSON;
use workrelief::RuleBook;

const HOSTILE: &str = "<img src=x onerror=alert(1)>";

/// The six formats of the same plan.
const PLANS: [&str; 6] = [
    "plan.xlsx",
    "plan.xls",
    "plan-gbk.csv",
    "plan-utf8-bom.csv",
    "plan-yuan.csv",
    "plan.json",
];

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/plans")
        .join(name)
}

fn bytes(name: &str) -> Vec<u8> {
    fs::read(fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn book() -> RuleBook {
    RuleBook::from_json(DEFAULT_RULES_JSON).unwrap()
}

/// A date after every row's own date; rows carry their date, so it is never used.
fn today() -> Date {
    Date::new(2026, 11, 23).unwrap()
}

fn report_with(name: &str, options: &ImportOptions) -> PlanReport {
    check_plan(&book(), &bytes(name), name, options, today(), true)
}

fn report(name: &str) -> PlanReport {
    report_with(name, &ImportOptions::default())
}

fn has_chinese(text: &str) -> bool {
    text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// Per project: status, floor rule, truncated ratio, shortfall in yuan.
type Expected = (
    Status,
    Option<&'static str>,
    Option<&'static str>,
    Option<&'static str>,
);

const EXPECTED: [Expected; 11] = [
    (
        Status::Pass,
        Some("work_relief.central_budget"),
        Some("0.3200"),
        Some("0.00"),
    ),
    (
        Status::Fail,
        Some("work_relief.central_linkage"),
        Some("0.1999"),
        Some("100.00"),
    ),
    (
        Status::Pass,
        Some("work_relief.rural_infrastructure"),
        Some("0.1250"),
        Some("0.00"),
    ),
    (
        Status::Fail,
        Some("work_relief.central_linkage"),
        Some("0.1999"),
        Some("0.01"),
    ),
    (Status::Review, None, None, None),
    (
        Status::Pass,
        Some("work_relief.provincial_linkage"),
        Some("0.2000"),
        Some("0.00"),
    ),
    (
        Status::Fail,
        Some("work_relief.rural_infrastructure"),
        Some("0.0954"),
        Some("25000.00"),
    ),
    (Status::Review, None, None, None),
    (Status::Invalid, None, None, None),
    (
        Status::Pass,
        Some("work_relief.central_budget"),
        Some("0.3000"),
        Some("0.00"),
    ),
    (
        Status::Pass,
        Some("work_relief.central_budget"),
        Some("0.3000"),
        Some("0.00"),
    ),
];

const NAMES: [&str; 11] = [
    "会宁县土高山乡村组道路硬化工程",
    "定西市安定区香泉镇小型水利设施修缮",
    "渭源县田间道路与灌溉渠系配套建设",
    "临洮县农村供水管网改造",
    "黔西市乡村旅游步道建设",
    "通渭县梯田整修及生产便道",
    "岷县中药材产业路建设",
    "成都至天府新区水源配套重点工程",
    "永靖县村组道路硬化",
    HOSTILE,
    "康乐县河道治理与护岸工程",
];

fn summary() -> Summary {
    Summary {
        pass: 5,
        fail: 3,
        review: 2,
        invalid: 1,
        total: 11,
    }
}

/// A row's verdict as JSON, without what depends on the file's layout (the row and column of
/// each problem).
fn verdict_json(row: &RowReport) -> Value {
    let mut v = serde_json::to_value(row.verdict.as_ref().expect("verdicts were asked for"))
        .expect("a verdict serialises");
    for list in ["errors", "warnings"] {
        for p in v[list].as_array_mut().into_iter().flatten() {
            let p = p.as_object_mut().unwrap();
            p.remove("row");
            p.remove("column");
            // A number error's examples are in its column's unit, which differs between the
            // files (万元 in some, 元 in others): compared as the 元 form.
            if let Some(Value::String(m)) = p.get_mut("message") {
                *m = m.replace("如 160 或 160.5（单位为万元）", "如 1600000 或 160万");
            }
        }
    }
    v
}

#[test]
fn every_format_gives_the_expected_rows() {
    for name in PLANS {
        let r = report(name);
        assert!(r.errors.is_empty(), "{name}: {:?}", r.errors);
        assert!(r.warnings.is_empty(), "{name}: {:?}", r.warnings);
        assert!(r.unmapped.is_empty(), "{name}: {:?}", r.unmapped);
        assert_eq!(r.summary, summary(), "{name}");
        assert_eq!(r.rows.len(), 11, "{name}");
        for (i, (row, want)) in r.rows.iter().zip(EXPECTED).enumerate() {
            let got = (
                row.status,
                row.rule.as_deref(),
                row.ratio.as_deref(),
                row.shortfall.map(|m| m.to_string()),
            );
            assert_eq!(
                got,
                (want.0, want.1, want.2, want.3.map(str::to_owned)),
                "{name}, project {}",
                i + 1
            );
            assert_eq!(row.name.as_deref(), Some(NAMES[i]), "{name}");
            // No project raises a remark (e.g. labour above all funds: a unit mix-up).
            let verdict = row.verdict.as_ref().unwrap();
            assert!(verdict.warnings.is_empty(), "{name} {i}: {verdict:?}");
        }
    }
}

#[test]
fn every_format_gives_identical_verdicts() {
    let reports: Vec<PlanReport> = PLANS.iter().map(|n| report(n)).collect();
    let first = &reports[0];
    for (name, r) in PLANS.iter().zip(&reports).skip(1) {
        for (i, (a, b)) in first.rows.iter().zip(&r.rows).enumerate() {
            assert_eq!(
                (a.status, &a.rule, &a.ratio, &a.floor, a.shortfall, &a.name),
                (b.status, &b.rule, &b.ratio, &b.floor, b.shortfall, &b.name),
                "{name}, project {}",
                i + 1
            );
            assert_eq!(
                verdict_json(a),
                verdict_json(b),
                "{name}, project {}: verdicts differ",
                i + 1
            );
        }
    }
    // The verdicts are judged at each row's own date.
    let dates: Vec<String> = first
        .rows
        .iter()
        .filter_map(|r| r.verdict.as_ref()?.as_of.map(|d| d.to_string()))
        .collect();
    assert_eq!(dates.len(), 10, "every valid row has its date");
    assert_eq!(dates[1], "2025-07-15");
    assert_eq!(dates[4], "2025-05-20");
}

/// File, format, encoding, sheet, header row, project row numbers, 合计 row.
type Facts = (
    &'static str,
    Format,
    Option<&'static str>,
    Option<&'static str>,
    Option<u32>,
    Vec<u32>,
    Option<u32>,
);

#[test]
fn file_facts_and_row_numbers() {
    let table_rows: Vec<u32> = vec![3, 4, 5, 6, 7, 9, 10, 11, 12, 13, 14];
    let cases: [Facts; 5] = [
        (
            "plan.xlsx",
            Format::Xlsx,
            None,
            Some("项目计划"),
            Some(2),
            table_rows.clone(),
            Some(15),
        ),
        (
            "plan-gbk.csv",
            Format::Csv,
            Some("GB18030（GBK）"),
            None,
            Some(2),
            table_rows.clone(),
            Some(15),
        ),
        (
            "plan-utf8-bom.csv",
            Format::Csv,
            Some("UTF-8（带 BOM）"),
            None,
            Some(2),
            table_rows,
            Some(15),
        ),
        (
            "plan-yuan.csv",
            Format::Csv,
            Some("UTF-8"),
            None,
            Some(1),
            vec![2, 3, 4, 5, 6, 8, 9, 10, 11, 12, 13],
            Some(14),
        ),
        (
            "plan.json",
            Format::Json,
            Some("UTF-8"),
            None,
            None,
            (1..=11).collect(),
            None,
        ),
    ];
    for (name, format, encoding, sheet, header, rows, total_row) in cases {
        let r = report(name);
        assert_eq!(r.format, Some(format), "{name}");
        assert_eq!(r.encoding.as_deref(), encoding, "{name}");
        assert_eq!(r.sheet.as_deref(), sheet, "{name}");
        assert_eq!(r.header_row, header, "{name}");
        let got: Vec<u32> = r.rows.iter().map(|r| r.row).collect();
        assert_eq!(got, rows, "{name}");
        // The 合计 row is reported as skipped; the blank row is not listed.
        let skipped: Vec<u32> = r.skipped.iter().map(|s| s.row).collect();
        assert_eq!(skipped, total_row.into_iter().collect::<Vec<_>>(), "{name}");
        for s in &r.skipped {
            assert!(s.reason.contains("合计"), "{name}: {}", s.reason);
        }
        if format != Format::Json {
            let fields: Vec<&str> = r.columns.iter().map(|c| c.field.path()).collect();
            assert_eq!(
                fields,
                [
                    "index",
                    "name",
                    "province",
                    "kind",
                    "funds.central",
                    "funds.provincial",
                    "funds.municipal",
                    "funds.county",
                    "funds.other",
                    "labourRemuneration",
                    "date"
                ],
                "{name}"
            );
            let unit = if name == "plan-yuan.csv" {
                "元"
            } else {
                "万元"
            };
            for c in r
                .columns
                .iter()
                .filter(|c| c.field.path().starts_with("funds."))
            {
                assert_eq!(c.unit.as_deref(), Some(unit), "{name} {}", c.header);
            }
        }
    }
}

#[test]
fn a_bad_cell_makes_only_its_row_invalid() {
    for name in PLANS {
        let r = report(name);
        let bad = &r.rows[8];
        assert_eq!(bad.status, Status::Invalid, "{name}");
        assert_eq!(bad.errors.len(), 1, "{name}: {:?}", bad.errors);
        let e = &bad.errors[0];
        assert_eq!(e.code, "money.chinese_numeral", "{name}");
        assert_eq!(e.field, "funds.central", "{name}");
        assert!(e.message.contains("五百"), "{name}: {}", e.message);
        assert_eq!(e.row, Some(bad.row), "{name}");
        let column = e.column.as_deref().unwrap();
        let shown = bad.error.as_deref().unwrap();
        if name == "plan.json" {
            // A JSON row's field is named by its label, as the form names it; `field` keeps the path.
            assert_eq!(column, "中央资金");
        } else {
            assert!(column.contains("中央资金"), "{name}: {column}");
            assert!(column.starts_with('E'), "{name}: {column}");
            assert!(shown.contains("中央资金"), "{name}: {shown}");
            // The examples are in the column's unit: a 万元 column is not told to write 1600000.
            if column.contains("万元") {
                assert!(e.message.contains("单位为万元"), "{name}: {}", e.message);
            } else {
                assert!(e.message.contains("1600000"), "{name}: {}", e.message);
            }
        }
        assert!(shown.contains("五百"), "{name}: {shown}");
        // The rows after it are still checked.
        assert_eq!(r.rows[9].status, Status::Pass, "{name}");
        assert_eq!(r.rows[10].status, Status::Pass, "{name}");
        let invalid = r.rows.iter().filter(|r| r.status == Status::Invalid);
        assert_eq!(invalid.count(), 1, "{name}");
    }
    let r = report("plan.xlsx");
    assert_eq!(
        r.rows[8].error.as_deref(),
        Some(
            "E（中央资金（万元））：“五百”使用了中文数字，请改用阿拉伯数字填写金额，如 160 或 160.5（单位为万元）"
        )
    );
    assert_eq!(r.rows[8].row, 12);
}

#[test]
fn a_hostile_name_is_plain_data() {
    for name in PLANS {
        let r = report(name);
        let row = &r.rows[9];
        assert_eq!(row.name.as_deref(), Some(HOSTILE), "{name}");
        let proposal = row.verdict.as_ref().unwrap().proposal.as_ref().unwrap();
        assert_eq!(proposal.name.as_deref(), Some(HOSTILE), "{name}");
        assert_eq!(row.status, Status::Pass, "{name}");
    }
    let csv = export::to_csv(&[report("plan.xlsx")]);
    assert!(csv.contains(&format!(",{HOSTILE},")), "{csv}");
}

#[test]
fn float_cells_are_read_exactly() {
    // In XLSX the amounts are binary doubles; each is read as the decimal the sheet shows.
    let r = report("plan.xlsx");
    let proposal = |row: usize| {
        r.rows[row]
            .verdict
            .as_ref()
            .and_then(|v| v.proposal.clone())
            .unwrap()
    };
    let labour = |row: usize| proposal(row).labour_remuneration.to_string();
    assert_eq!(labour(1), "599900.00"); // 59.99万
    assert_eq!(labour(3), "399999.99"); // 39.999999万
    assert_eq!(
        proposal(10).funds.central.map(|m| m.to_string()).as_deref(),
        Some("1409900.00") // 140.99万
    );
    assert_eq!(labour(10), "422970.00"); // 42.297万
    assert_eq!(labour(6), "525000.00"); // 52.5万

    for name in PLANS {
        let r = report(name);
        // Project 4: 39.999999万 against a floor of 20% of 200万 is short by exactly one fen.
        let v = r.rows[3].verdict.as_ref().unwrap();
        let floor = &v.findings[0];
        assert_eq!(floor.rule, "work_relief.central_linkage");
        assert_eq!(floor.labour.unwrap().to_string(), "399999.99", "{name}");
        assert_eq!(floor.threshold.unwrap().to_string(), "400000.00", "{name}");
        assert_eq!(floor.shortfall.unwrap().to_string(), "0.01", "{name}");
        // Project 2: short by 100.00.
        assert_eq!(r.rows[1].shortfall.unwrap().to_string(), "100.00", "{name}");
        // Project 11: 42.297万 is exactly 30% of 140.99万 and passes.
        let v = r.rows[10].verdict.as_ref().unwrap();
        let p = v.proposal.as_ref().unwrap();
        assert_eq!(p.funds.central.unwrap().to_string(), "1409900.00", "{name}");
        assert_eq!(p.labour_remuneration.to_string(), "422970.00", "{name}");
        let floor = &v.findings[0];
        assert_eq!(floor.threshold_exact.as_deref(), Some("422970"), "{name}");
        assert_eq!(floor.shortfall.unwrap().to_string(), "0.00", "{name}");
        assert_eq!(v.status, Status::Pass, "{name}");
    }
    // The fixture is worth having: a check on binary doubles would get project 11 wrong.
    let (central, labour) = (std::hint::black_box(140.99_f64), 42.297_f64);
    assert!(labour < 0.3 * central);
    assert!(labour / central < 0.3);
}

#[test]
fn sheets_by_name() {
    let named = |sheet: &str| ImportOptions {
        sheet: Some(sheet.to_owned()),
        ..ImportOptions::default()
    };
    let r = report_with("plan.xlsx", &named("项目计划"));
    assert_eq!(r.summary, summary());

    let r = report_with("plan.xlsx", &named("说明"));
    assert_eq!(r.errors.len(), 1, "{:?}", r.errors);
    assert_eq!(r.errors[0].code, "import.not_a_plan");
    assert!(r.errors[0].message.contains("劳务报酬"));
    assert!(r.rows.is_empty());

    let r = report_with("plan.xlsx", &named("汇总表"));
    assert_eq!(r.errors.len(), 1, "{:?}", r.errors);
    assert_eq!(r.errors[0].code, "import.no_such_sheet");
    let m = &r.errors[0].message;
    assert!(
        m.contains("汇总表") && m.contains("项目计划") && m.contains("说明"),
        "{m}"
    );
}

#[test]
fn files_that_are_not_plans() {
    for (name, code) in [
        ("empty.csv", "import.empty"),
        ("not-a-plan.csv", "import.not_a_plan"),
        // A plain ZIP archive named .xlsx: told what it is, before the XLSX reader.
        ("not-xlsx.xlsx", "import.not_a_table"),
        ("bomb.xlsx", "import.zip_bomb"),
        ("old.xls", "import.bad_xls"),
        ("encrypted.xls", "import.encrypted"),
        ("encrypted.xlsx", "import.encrypted"),
    ] {
        let data = bytes(name);
        let Err(err) = PlanFile::open(&data, name, &ImportOptions::default(), today()) else {
            panic!("{name} opened as a plan");
        };
        assert_eq!(err.code(), code, "{name}");
        let r = report(name);
        assert_eq!(r.errors.len(), 1, "{name}: {:?}", r.errors);
        assert_eq!(r.errors[0].code, code, "{name}");
        assert_eq!(r.errors[0].message, err.to_string(), "{name}");
        assert!(has_chinese(&r.errors[0].message), "{name}");
        assert!(
            r.rows.is_empty() && r.summary == Summary::default(),
            "{name}"
        );
    }
    // The bomb is small but claims, and holds, far more than the bound.
    let bomb = bytes("bomb.xlsx");
    assert!(bomb.len() < 512 * 1024);
    let declared = u32::from_le_bytes(bomb[22..26].try_into().unwrap());
    assert!(u64::from(declared) > xlsx::MAX_UNCOMPRESSED);
}

#[test]
fn too_large_states_the_limit() {
    let data = bytes("plan-gbk.csv");
    let options = ImportOptions {
        max_bytes: 100,
        ..ImportOptions::default()
    };
    let r = check_plan(&book(), &data, "plan-gbk.csv", &options, today(), false);
    assert_eq!(r.errors.len(), 1);
    assert_eq!(r.errors[0].code, "import.too_large");
    let m = &r.errors[0].message;
    assert!(m.contains("100 字节"), "{m}");
    assert!(m.contains(&data.len().to_string()), "{m}");
}

#[test]
fn a_currency_sign_keeps_the_columns_unit() {
    // Excel writes a currency-formatted cell to CSV as ￥500.00: still 万元 in a 万元 column.
    let csv = "项目名称,项目类型,中央资金（万元）,劳务报酬（万元）\n甲,中央预算内,￥500.00,150\n乙,中央预算内,500,\"¥149.99\"\n";
    let r = check_plan(
        &book(),
        csv.as_bytes(),
        "yen.csv",
        &ImportOptions::default(),
        today(),
        true,
    );
    let amounts: Vec<(String, String)> = r
        .rows
        .iter()
        .map(|row| {
            let p = row.verdict.as_ref().unwrap().proposal.clone().unwrap();
            (
                p.funds.central.unwrap().to_string(),
                p.labour_remuneration.to_string(),
            )
        })
        .collect();
    assert_eq!(
        amounts,
        [
            ("5000000.00".to_owned(), "1500000.00".to_owned()),
            ("5000000.00".to_owned(), "1499900.00".to_owned())
        ]
    );
    let statuses: Vec<Status> = r.rows.iter().map(|r| r.status).collect();
    assert_eq!(statuses, [Status::Pass, Status::Fail]);
}

// ---- The command line ----

fn cli(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_workrelief"))
        .args(args)
        .output()
        .expect("the CLI runs")
}

fn path_str(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn temp_file(name: &str, contents: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("plans-cli");
    fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    fs::write(&path, contents).unwrap();
    path
}

const HEADER: &str =
    "项目名称,所在省份,项目类型,中央资金（万元）,省级资金（万元）,劳务报酬（万元）,核算日期\n";

#[test]
fn cli_json_output() {
    let out = cli(&["check", path_str(&fixture("plan.xlsx")), "--format", "json"]);
    // A row with an error makes the run invalid.
    assert_eq!(out.status.code(), Some(2));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let r = &v[0];
    assert_eq!(
        r["summary"],
        json!({ "pass": 5, "fail": 3, "review": 2, "invalid": 1, "total": 11 })
    );
    assert_eq!(r["format"], "xlsx");
    assert_eq!(r["sheet"], "项目计划");
    assert_eq!(r["headerRow"], 2);
    assert_eq!(r["rows"][3]["shortfall"], "0.01");
    assert_eq!(r["rows"][9]["name"], HOSTILE);
    assert_eq!(r["rows"][0]["verdict"]["status"], "pass");
    assert_eq!(r["skipped"][0]["row"], 15);
}

#[test]
fn cli_exit_codes() {
    let pass = temp_file(
        "pass.csv",
        &format!("{HEADER}甲,甘肃省,以工代赈中央预算内投资项目,500,,150,2025-06-30\n"),
    );
    let fail = temp_file(
        "fail.csv",
        &format!("{HEADER}甲,甘肃省,以工代赈中央预算内投资项目,500,,150,2025-06-30\n乙,甘肃省,中央财政衔接资金以工代赈任务,200,,39.999999,2025-06-30\n"),
    );
    let review = temp_file(
        "review.csv",
        &format!("{HEADER}丙,贵州省,省级财政衔接资金以工代赈任务,,300,70,2025-06-30\n"),
    );
    let code = |args: &[&str]| cli(args).status.code();
    assert_eq!(code(&["check", path_str(&pass)]), Some(0));
    assert_eq!(code(&["check", path_str(&fail)]), Some(1));
    assert_eq!(code(&["check", path_str(&review)]), Some(0));
    assert_eq!(code(&["check", path_str(&review), "--strict"]), Some(1));
    assert_eq!(
        code(&["check", path_str(&fixture("not-a-plan.csv"))]),
        Some(2)
    );
    assert_eq!(
        code(&["check", path_str(&fixture("plan-gbk.csv"))]),
        Some(2)
    );
    assert_eq!(
        code(&["check", path_str(&fixture("plan.xlsx")), "--sheet", "说明"]),
        Some(2)
    );
    assert_eq!(
        code(&["check", path_str(&pass), "--format", "yaml"]),
        Some(2)
    );
    assert_eq!(
        code(&["check", path_str(&pass), "--as-of", "2025-06-31"]),
        Some(2)
    );
}

#[test]
fn cli_help_and_csv() {
    let out = cli(&["--help"]);
    assert_eq!(out.status.code(), Some(0));
    let help = String::from_utf8(out.stdout).unwrap();
    assert!(
        help.contains("--as-of") && help.contains("--format"),
        "{help}"
    );

    let out = cli(&[
        "check",
        path_str(&fixture("plan-gbk.csv")),
        "--format",
        "csv",
    ]);
    assert!(out.stdout.starts_with(b"\xEF\xBB\xBF"));
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].contains("行号"));
    assert_eq!(lines.len(), 12, "header and 11 rows: {text}");
    assert!(lines[4].contains("临洮县农村供水管网改造") && lines[4].contains("0.01"));
}

/// The compact rows a reviewer's table gets first (no verdicts) are the full rows without
/// their verdicts, and the typed fast path reads every row it takes as the loose reader does:
/// on the fixtures, on the fuzz corpus, and on generated plans mixing kinds, provinces, dates,
/// units, zero bases, exact floors, fen-short amounts, worker counts and bad cells.
#[test]
fn compact_rows_equal_full_rows_without_verdicts() {
    let mut files: Vec<(String, Vec<u8>)> =
        PLANS.iter().map(|n| ((*n).to_owned(), bytes(n))).collect();
    files.push(("generated.csv".to_owned(), generated_plan(3000, false)));
    files.push((
        "generated-workers.csv".to_owned(),
        generated_plan(2000, true),
    ));
    for name in [
        "county/county.xlsx",
        "county/county-gbk.csv",
        "county/county-nofunds.xlsx",
        "county/county-nofunds-gbk.csv",
        "county/township.xlsx",
        "county/township-gbk.csv",
    ] {
        files.push((name.to_owned(), bytes(name)));
    }
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus");
    for (target, ext) in [("csv", "csv"), ("xlsx", "xlsx")] {
        let mut entries: Vec<PathBuf> = fs::read_dir(corpus.join(target))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for path in entries {
            let name = format!("{}.{ext}", path.file_name().unwrap().to_string_lossy());
            files.push((name, fs::read(&path).unwrap()));
        }
    }
    let book = book();
    let (mut compared, mut plain) = (0, 0);
    for (name, data) in files {
        for as_of in [None, Some(Date::new(2025, 6, 30).unwrap())] {
            for unit in [Unit::Yuan, Unit::Wan] {
                let options = ImportOptions {
                    as_of,
                    unit,
                    ..ImportOptions::default()
                };
                let Ok(mut file) = PlanFile::open(&data, &name, &options, today()) else {
                    continue;
                };
                file.step(&book, usize::MAX, false);
                let compact = file.report(&book, true).rows;
                plain += plan::plain_rows(&file);
                let loose = plan::loose_rows(&book, &data, &name, &options, today()).unwrap();
                let mut full = check_plan(&book, &data, &name, &options, today(), true).rows;
                for row in &mut full {
                    row.verdict = None;
                }
                assert_eq!(compact.len(), full.len(), "{name}");
                for ((c, l), f) in compact.iter().zip(&loose).zip(&full) {
                    assert_eq!(c, l, "{name} row {}: fast path and loose reader", c.row);
                    assert_eq!(c, f, "{name} row {}: compact and full", c.row);
                    compared += 1;
                }
            }
        }
    }
    assert!(compared > 15_000, "{compared}");
    assert!(plain > 2_000, "{plain} of {compared} by the fast path");
}

/// A deterministic plan of `rows` rows; `odd` adds worker counts, a unit column and cells
/// the fast path leaves to the loose reader (separators, units, full-width digits, ...).
fn generated_plan(rows: usize, odd: bool) -> Vec<u8> {
    let kinds = [
        "中央预算内",
        "中央财政衔接资金以工代赈任务",
        "省级衔接",
        "农业农村基础设施",
        "重点工程",
        "未知类型",
        " central_budget ",
        "",
    ];
    let provinces = [
        "甘肃",
        "贵州",
        "62",
        "",
        "福建省",
        "火星",
        " 甘 肃 ",
        "620000",
    ];
    let dates = [
        "2025-06-30",
        "2024-01-01",
        "",
        "2026-02-30",
        "2025/4/18",
        "2025年6月30日",
        " 2025-06-30 ",
        "yesterday",
    ];
    let mut csv = String::from(
        "项目名称,所在省份,项目类型,中央资金（万元）,省级资金（万元）,县级资金,其他资金,劳务报酬（万元）,核算日期",
    );
    csv.push_str(if odd {
        ",务工人数,脱贫人口务工人数,金额单位,劳务报酬占比\n"
    } else {
        "\n"
    });
    let mut seed: u64 = 42 + u64::from(odd);
    let mut next = |m: u64| {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        (seed >> 33) % m
    };
    for i in 0..rows {
        let central = match next(12) {
            0 if odd => format!("{},{:03}.5", next(20), next(1000)),
            1 if odd => format!("{}万", next(2000)),
            2 if odd => "１２３".to_owned(),
            3 => String::new(),
            4 => "9999999999.999999".to_owned(),
            5 => format!("{}.{:07}", next(10), next(10_000_000)),
            _ => format!("{}.{:02}", next(2000), next(100)),
        };
        let provincial = match next(4) {
            0 => String::new(),
            1 if odd => "-5".to_owned(),
            _ => format!("{}", next(300)),
        };
        let labour = match next(7) {
            0 => "0".to_owned(),
            1 => "五十".to_owned(),
            2 => format!("{}.", next(100)),
            _ => format!("{}.{:06}", next(600), next(1_000_000)),
        };
        let name = match next(9) {
            0 => String::new(),
            1 => "合计".to_owned(),
            2 => "x".repeat(210),
            _ => format!("项目{i}"),
        };
        csv.push_str(&format!(
            "{name},{},{},{central},{provincial},{},{},{labour},{}",
            provinces[next(8) as usize],
            kinds[next(8) as usize],
            next(200_000),
            next(50),
            dates[next(8) as usize],
        ));
        if odd {
            let total = next(60);
            let poor = match next(6) {
                0 => "三".to_owned(),
                1 => String::new(),
                _ => next(70).to_string(),
            };
            let unit = ["", "", "", "万元", "元", "美元"][next(6) as usize];
            let share = match next(6) {
                0 => String::new(),
                1 => "三成".to_owned(),
                2 => format!("0.{}", next(10)),
                3 => format!("{}%", next(60)),
                _ => format!("{}.{:02}%", next(60), next(100)),
            };
            csv.push_str(&format!(",{total},{poor},{unit},{share}"));
        }
        csv.push('\n');
    }
    csv.into_bytes()
}

#[test]
fn rows_are_neither_lost_nor_misnumbered_in_silence() {
    let rows = |r: &PlanReport| r.rows.iter().map(|r| r.row).collect::<Vec<u32>>();
    let yuan = report("plan-yuan.csv");

    // A quote opened on row 4 and never closed: a warning naming row 4, column L, and every
    // project after it still read.
    let r = report("unclosed-quote.csv");
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert_eq!(rows(&r), rows(&yuan));
    assert_eq!(r.summary, yuan.summary);
    assert_eq!(r.warnings.len(), 1, "{:?}", r.warnings);
    let w = &r.warnings[0];
    assert_eq!(w.code, "import.unclosed_quote");
    assert_eq!((w.row, w.column.as_deref()), (Some(4), Some("L")));
    assert!(
        w.message.starts_with("第 4 行 L 列的引号没有闭合"),
        "{}",
        w.message
    );
    assert!(has_chinese(&w.message));

    // A name with a line break in its cell is one row: the rows after it keep the numbers
    // Excel and WPS show.
    let r = report("multiline.csv");
    assert_eq!(rows(&r), rows(&yuan));
    assert_eq!(r.skipped.iter().map(|s| s.row).collect::<Vec<_>>(), [14]);
    assert_eq!(
        r.rows[1].name.as_deref(),
        Some("定西市安定区香泉镇\n小型水利设施修缮")
    );
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);

    // One blank cell at A1048576 neither refuses the file nor adds rows.
    let r = report("stray-cell.xlsx");
    let xlsx = report("plan.xlsx");
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert_eq!(rows(&r), rows(&xlsx));
    assert_eq!(r.summary, xlsx.summary);
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);

    // The command line shows the warning, and every project.
    let out = cli(&["check", path_str(&fixture("unclosed-quote.csv"))]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("警告 [import.unclosed_quote] 第 4 行 L 列的引号没有闭合"),
        "{text}"
    );
    assert!(text.contains("共 11 个项目"), "{text}");

    // A cell given twice in a workbook is a warning naming it.
    let plan = bytes("plan.xlsx");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&plan[..])).unwrap();
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let name = entry.name().unwrap().into_owned();
        let mut body = String::new();
        std::io::Read::read_to_string(&mut entry, &mut body).unwrap();
        if name == "xl/worksheets/sheet1.xml" {
            let at = body.find("<c r=\"A3\"").unwrap();
            body.insert_str(at, "<c r=\"A3\"><v>1</v></c>");
        }
        writer
            .start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        std::io::Write::write_all(&mut writer, body.as_bytes()).unwrap();
    }
    let twice = writer.finish().unwrap().into_inner();
    let r = check_plan(
        &book(),
        &twice,
        "twice.xlsx",
        &ImportOptions::default(),
        today(),
        false,
    );
    assert_eq!(rows(&r), rows(&xlsx));
    assert_eq!(r.warnings.len(), 1, "{:?}", r.warnings);
    let w = &r.warnings[0];
    assert_eq!(
        (w.code.as_str(), w.row, w.column.as_deref()),
        ("import.duplicate_cell", Some(3), Some("A"))
    );
}

// ---- Reviewers' real tables (tests/fixtures/plans/county/, made by make_county.py) ----

/// The county table in the layouts its generator writes: XLSX, Excel 97-2003 and GBK CSV.
const COUNTY: [&str; 3] = [
    "county/county.xlsx",
    "county/county.xls",
    "county/county-gbk.csv",
];

/// The row as a reviewer's table shows it, without its row number.
fn shown(row: &RowReport) -> impl PartialEq + std::fmt::Debug + '_ {
    (
        row.status,
        &row.rule,
        &row.ratio,
        &row.floor,
        row.shortfall,
        &row.name,
    )
}

#[test]
fn a_county_table_judges_as_the_template() {
    let template = report("plan.xlsx");
    for name in COUNTY {
        let r = report(name);
        assert!(r.errors.is_empty(), "{name}: {:?}", r.errors);
        assert!(r.warnings.is_empty(), "{name}: {:?}", r.warnings);
        // A header over rows 3 and 4 under the unit line of row 2 (not the 填报单位 beside it).
        assert_eq!(r.header_rows, [3, 4], "{name}");
        assert_eq!(r.header_row, Some(4), "{name}");
        let line = r.unit_line.as_ref().unwrap();
        assert_eq!((line.row, line.unit.as_str()), (2, "万元"), "{name}");
        assert_eq!(line.text, "单位：万元", "{name}");
        let fields: Vec<(&str, &str, Option<&str>)> = r
            .columns
            .iter()
            .map(|c| (c.column.as_str(), c.field.path(), c.unit.as_deref()))
            .collect();
        assert_eq!(
            fields,
            [
                ("A", "index", None),
                ("B", "name", None),
                ("C", "kind", None),
                ("D", "province", None),
                ("E", "funds.central", Some("万元")),
                ("F", "funds.provincial", Some("万元")),
                ("G", "funds.municipal", Some("万元")),
                ("H", "funds.county", Some("万元")),
                ("I", "funds.other", Some("万元")),
                ("K", "labourRemuneration", None),
                ("L", "date", None),
            ],
            "{name}"
        );
        assert_eq!(r.columns[4].header, "资金构成（万元）/中央资金", "{name}");
        let unmapped: Vec<&str> = r.unmapped.iter().map(|u| u.header.as_str()).collect();
        assert_eq!(unmapped, ["总投资", "备注"], "{name}");
        // The 合计 row (with its count `11个`) before the projects and the 填表人 line after.
        let skipped: Vec<u32> = r.skipped.iter().map(|s| s.row).collect();
        assert_eq!(skipped, [5, 18], "{name}: {:?}", r.skipped);
        assert!(r.skipped[0].reason.contains("合计"), "{name}");
        assert!(r.skipped[1].reason.contains("填表人"), "{name}");
        let rows: Vec<u32> = r.rows.iter().map(|r| r.row).collect();
        assert_eq!(rows, (6..=16).collect::<Vec<_>>(), "{name}");
        assert_eq!(r.summary, summary(), "{name}");
        for (i, (a, b)) in template.rows.iter().zip(&r.rows).enumerate() {
            assert_eq!(shown(a), shown(b), "{name}, project {}", i + 1);
            assert_eq!(
                verdict_json(a),
                verdict_json(b),
                "{name}, project {}",
                i + 1
            );
        }
    }
    // The workbook opens with its instructions: the plan is read from the second sheet.
    let r = report("county/county.xlsx");
    assert_eq!(r.sheet.as_deref(), Some("项目计划表"));
    assert_eq!(r.other_sheets, ["填表说明"]);
    let v = serde_json::to_value(&r).unwrap();
    assert_eq!(v["headerRows"], json!([3, 4]));
    assert_eq!(v["unitLine"]["unit"], "万元");
    assert_eq!(v["otherSheets"], json!(["填表说明"]));
    // Asked for by name, the instructions sheet is still not a plan.
    let options = ImportOptions {
        sheet: Some("填表说明".to_owned()),
        ..ImportOptions::default()
    };
    let r = report_with("county/county.xlsx", &options);
    assert_eq!(r.errors[0].code, "import.not_a_plan");
}

#[test]
fn without_fund_columns_no_row_is_judged() {
    for name in [
        "county/county-nofunds.xlsx",
        "county/county-nofunds.xls",
        "county/county-nofunds-gbk.csv",
    ] {
        let r = report(name);
        assert!(r.errors.is_empty(), "{name}: {:?}", r.errors);
        assert_eq!(r.rows.len(), 11, "{name}");
        for row in &r.rows {
            assert_eq!(row.status, Status::Review, "{name} row {}", row.row);
            let v = row.verdict.as_ref().unwrap();
            assert_eq!(v.status, Status::Review, "{name} row {}", row.row);
            for w in &v.warnings {
                assert_eq!(
                    (w.code.as_str(), w.row),
                    ("import.base_missing", Some(row.row))
                );
            }
        }
        // Every row with a floor says why it is not judged.
        let noted: Vec<u32> = r
            .rows
            .iter()
            .filter(|r| r.note.is_some())
            .map(|r| r.row)
            .collect();
        // Not project 5 (row 10, Guizhou: no floor applies) nor 8 (row 13, a key project).
        assert_eq!(noted, [6, 7, 8, 9, 11, 12, 14, 15, 16], "{name}");
        assert!(r.rows[0].note.as_ref().unwrap().contains("中央资金"));
        // The export says why too.
        let csv = export::to_csv(std::slice::from_ref(&r));
        assert!(csv.contains("文件中没有中央资金列"), "{csv}");
        // The file says which columns are missing, once per rule, from the first row.
        let missing: Vec<(&str, Option<u32>)> = r
            .warnings
            .iter()
            .map(|w| (w.field.as_str(), w.row))
            .collect();
        assert_eq!(
            missing,
            [
                ("funds.central", Some(6)),
                ("funds.central", Some(7)),
                ("funds.central", Some(8)),
                ("funds.provincial", Some(11)),
            ],
            "{name}: {:?}",
            r.warnings
        );
        for w in &r.warnings {
            assert_eq!(w.code, "import.base_missing");
            assert!(
                w.message.contains("没有找到中央资金") || w.message.contains("没有找到省级资金")
            );
            assert!(w.message.contains("需人工审核"), "{}", w.message);
        }
        assert_eq!(
            r.summary,
            Summary {
                review: 11,
                total: 11,
                ..Summary::default()
            }
        );
    }
}

#[derive(serde::Deserialize)]
struct ExpectedRow {
    row: u32,
    name: String,
    status: String,
    ratio: String,
    shortfall: String,
}

#[test]
fn a_township_table_with_subtotals_and_a_three_row_header() {
    let expected: Vec<ExpectedRow> =
        serde_json::from_slice(&bytes("county/township.expected.json")).unwrap();
    assert_eq!(expected.len(), 18);
    for name in [
        "county/township.xlsx",
        "county/township.xls",
        "county/township-gbk.csv",
    ] {
        let r = report(name);
        assert!(r.errors.is_empty(), "{name}: {:?}", r.errors);
        assert_eq!(r.header_rows, [3, 4, 5], "{name}");
        let line = r.unit_line.as_ref().unwrap();
        assert_eq!((line.row, line.unit.as_str()), (2, "元"), "{name}");
        let fields: Vec<(&str, &str)> = r
            .columns
            .iter()
            .map(|c| (c.column.as_str(), c.field.path()))
            .collect();
        assert_eq!(
            fields,
            [
                ("A", "index"),
                ("C", "name"),
                ("D", "kind"),
                ("E", "province"),
                ("F", "funds.central"),
                ("G", "funds.provincial"),
                ("H", "funds.municipal"),
                ("I", "funds.county"),
                ("J", "funds.other"),
                ("K", "labourRemuneration"),
                ("L", "statedShare"),
                ("M", "unit"),
                ("N", "date"),
            ],
            "{name}"
        );
        assert_eq!(r.columns[5].header, "资金来源/地方资金/省级", "{name}");
        assert_eq!(r.columns[9].header, "劳务报酬/金额", "{name}");
        assert_eq!(r.columns[10].header, "劳务报酬/劳务报酬占比（%）", "{name}");
        let unmapped: Vec<(&str, &str)> = r
            .unmapped
            .iter()
            .map(|u| (u.column.as_str(), u.header.as_str()))
            .collect();
        assert_eq!(unmapped, [("B", "乡镇")], "{name}");
        // The stated share is compared with the amounts: project 7 (row 14) states 30.00% over
        // 29.99% (a contradiction); rows 9, 18 and 23 fall 0.01 yuan short under a stated share
        // that rounds to the floor (the classic trap, said so). Verdicts stay on the amounts.
        let warned: Vec<(u32, &str)> = r
            .rows
            .iter()
            .flat_map(|row| row.warnings.iter().map(move |w| (row.row, w.code.as_str())))
            .collect();
        assert_eq!(
            warned,
            [
                (9, "plan.stated_share_rounded"),
                (14, "plan.stated_share_mismatch"),
                (18, "plan.stated_share_rounded"),
                (23, "plan.stated_share_rounded"),
            ],
            "{name}"
        );
        let row14 = r.rows.iter().find(|row| row.row == 14).unwrap();
        assert_eq!(row14.status, Status::Fail, "{name}");
        let message = &row14.warnings[0].message;
        assert!(
            message.contains("30.00%") && message.contains("29.99"),
            "{name}: {message}"
        );
        // The 单位 column holds the implementing organisation: ignored, with one remark.
        assert_eq!(r.warnings.len(), 1, "{name}: {:?}", r.warnings);
        let w = &r.warnings[0];
        assert_eq!(w.code, "import.unit_column_names");
        assert_eq!(w.row, Some(7));
        assert!(w.message.contains("会宁县交通运输局"), "{}", w.message);
        assert!(w.column.as_deref().unwrap().starts_with('M'));
        // 合计 first (`18个`), a 小计 after each township, 填表人 and 注 lines at the end.
        let skipped: Vec<u32> = r.skipped.iter().map(|s| s.row).collect();
        assert_eq!(skipped, [6, 13, 20, 27, 28, 29], "{name}: {:?}", r.skipped);
        assert_eq!(r.rows.len(), 18, "{name}");
        for (row, want) in r.rows.iter().zip(&expected) {
            let got = (
                row.row,
                row.name.as_deref().unwrap(),
                row.status.key(),
                row.ratio.as_deref().unwrap(),
                row.shortfall.unwrap().to_string(),
            );
            assert_eq!(
                got,
                (
                    want.row,
                    want.name.as_str(),
                    want.status.as_str(),
                    want.ratio.as_str(),
                    want.shortfall.clone()
                ),
                "{name}"
            );
        }
        // Stated 30.00% over 29.99%: the amounts decide.
        let contradicted = &r.rows[6];
        assert_eq!(contradicted.status, Status::Fail, "{name}");
        assert_eq!(contradicted.ratio.as_deref(), Some("0.2999"), "{name}");
        assert_eq!(
            contradicted.shortfall.unwrap().to_string(),
            "100.00",
            "{name}"
        );
    }
}

#[test]
fn the_xls_fixtures_are_old_excel_files() {
    // Made by LibreOffice from the XLSX beside them, for the .xls reader's tests.
    for name in [
        "county/county.xls",
        "county/county-nofunds.xls",
        "county/township.xls",
    ] {
        assert!(
            bytes(name).starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]),
            "{name}"
        );
    }
}

/// The report's remarks about the file, without `rules.past_horizon`: rows without a date are
/// checked on [`today`], past the horizon of the book's documents (tests/horizon.rs checks it).
fn file_remarks(r: &PlanReport) -> Vec<&workrelief::problem::Problem> {
    r.warnings
        .iter()
        .filter(|w| w.code != workrelief::horizon::PAST_HORIZON)
        .collect()
}

fn check_csv(csv: &str) -> PlanReport {
    check_plan(
        &book(),
        csv.as_bytes(),
        "t.csv",
        &ImportOptions::default(),
        today(),
        true,
    )
}

#[test]
fn a_unit_column_is_obeyed_when_it_holds_units() {
    // tests/fixtures/plans/unit-column.csv: 中央资金 100万 and 劳务报酬 30 in a 万元 row pass (as
    // checkProposal with unit 万元), 100 and 29.99 万元 fall 100.00 yuan short.
    let r = report("unit-column.csv");
    let got: Vec<(Status, Option<String>)> = r
        .rows
        .iter()
        .map(|r| (r.status, r.shortfall.map(|m| m.to_string())))
        .collect();
    assert_eq!(
        got,
        [
            (Status::Pass, Some("0.00".to_owned())),
            (Status::Fail, Some("100.00".to_owned())),
            (Status::Pass, Some("0.00".to_owned())),
        ]
    );
    // A header's own unit is kept whatever the row's unit says.
    let r = check_csv(
        "项目名称,项目类型,中央资金（元）,劳务报酬,金额单位\n甲,中央预算内,1000000,30,万元\n",
    );
    assert_eq!(r.rows[0].status, Status::Pass);
    // A 金额单位 that is no unit is the row's error.
    let r = check_csv("项目名称,项目类型,中央资金,劳务报酬,金额单位\n甲,中央预算内,100,30,美元\n");
    assert_eq!(r.rows[0].status, Status::Invalid);
    assert_eq!(r.rows[0].errors[0].code, "input.unknown_unit");
    // A 单位 column of organisations is ignored, with one remark.
    let r = check_csv(
        "项目名称,项目类型,单位,中央资金（万元）,劳务报酬（万元）\n甲,中央预算内,会宁县交通运输局,100,30\n乙,中央预算内,会宁县水务局,100,29\n",
    );
    let statuses: Vec<Status> = r.rows.iter().map(|r| r.status).collect();
    assert_eq!(statuses, [Status::Pass, Status::Fail]);
    let warnings = file_remarks(&r);
    assert_eq!(warnings.len(), 1, "{:?}", r.warnings);
    assert_eq!(warnings[0].code, "import.unit_column_names");
    assert_eq!(r.warnings[0].row, Some(2));
}

#[test]
fn unit_lines_and_group_units() {
    // 115.9265 under a unit line in 万元 is 1,159,265.00 yuan, not a fraction of a fen.
    let r = check_csv(
        "某县以工代赈项目表,,\n金额单位：万元,,\n项目名称,项目类型,资金构成（万元）,,劳务报酬\n,,中央资金,自筹资金,\n甲,中央预算内,386.4216,10,115.9265\n",
    );
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert_eq!(r.header_rows, [3, 4]);
    assert_eq!(r.unit_line.as_ref().unwrap().row, 2);
    let p = r.rows[0]
        .verdict
        .as_ref()
        .unwrap()
        .proposal
        .clone()
        .unwrap();
    assert_eq!(p.labour_remuneration.to_string(), "1159265.00");
    assert_eq!(p.funds.central.unwrap().to_string(), "3864216.00");
    assert_eq!(r.rows[0].status, Status::Pass);
    // A header's own unit is kept under a unit line that says otherwise.
    let r = check_csv(
        "（单位：万元）\n项目名称,项目类型,中央资金（元）,劳务报酬\n甲,中央预算内,1000000,30\n",
    );
    assert_eq!(r.header_rows, [2]);
    assert_eq!(r.rows[0].status, Status::Pass);
    // 其中： over the funds, and no unit line at all: the caller's unit.
    let r = check_csv(
        "项目名称,项目类型,总投资,其中：,,劳务报酬\n,,,中央,省级,\n甲,中央预算内,150,100,50,30\n",
    );
    let fields: Vec<&str> = r.columns.iter().map(|c| c.field.path()).collect();
    assert_eq!(
        fields,
        [
            "name",
            "kind",
            "funds.central",
            "funds.provincial",
            "labourRemuneration"
        ]
    );
    assert!(r.unit_line.is_none());
    assert_eq!(r.rows[0].status, Status::Pass);
}

#[test]
fn import_codes_are_unique() {
    let s = String::new;
    let mut codes = vec![
        workrelief::import::ImportError::Empty.code(),
        workrelief::import::ImportError::TooLarge { size: 0, limit: 0 }.code(),
        workrelief::import::ImportError::NotAPlan(s()).code(),
        workrelief::import::ImportError::NotARoster(s()).code(),
        workrelief::import::ImportError::NotXlsx(s()).code(),
        workrelief::import::ImportError::Xls.code(),
        workrelief::import::ImportError::ZipBomb { limit: 0 }.code(),
        workrelief::import::ImportError::BadXlsx(s()).code(),
        workrelief::import::ImportError::NoSuchSheet {
            sheet: s(),
            available: s(),
        }
        .code(),
        workrelief::import::ImportError::BadJson {
            line: 1,
            column: 1,
            message: s(),
            eof: false,
        }
        .code(),
        workrelief::import::ImportError::NotProposals.code(),
        workrelief::import::ImportError::NotATable {
            what: "",
            expected: "",
        }
        .code(),
        workrelief::import::ImportError::JsonNotAPlan.code(),
        workrelief::import::ImportError::JsonNotARoster.code(),
        workrelief::import::ImportError::BadCsv { row: 1 }.code(),
        workrelief::import::ImportError::TooManyRows { limit: 0 }.code(),
        "import.bad_encoding",
        plan::BASE_MISSING,
        plan::BASE_PARTIAL,
        plan::OTHER_PLAN_SHEETS,
        plan::UNIT_COLUMN_NAMES,
    ];
    let n = codes.len();
    codes.sort_unstable();
    codes.dedup();
    assert_eq!(codes.len(), n, "{codes:?}");
    assert!(codes.iter().all(|c| c.starts_with("import.")));
}

#[test]
fn section_rows_are_not_projects() {
    // A township's row numbered 一、 with its subtotal and no project type, then its projects.
    let r = check_csv(
        "序号,项目名称,项目类型,中央资金（万元）,劳务报酬（万元）\n一、,土高山乡,,600,180\n1,甲,中央预算内,500,150\n2,乙,中央预算内,100,30\n（二）,丁家沟镇,,100,29\n1,丙,中央预算内,100,29\n",
    );
    let skipped: Vec<u32> = r.skipped.iter().map(|s| s.row).collect();
    assert_eq!(skipped, [2, 5], "{:?}", r.skipped);
    assert!(r.skipped[0].reason.contains("一、"));
    let statuses: Vec<(u32, Status)> = r.rows.iter().map(|r| (r.row, r.status)).collect();
    assert_eq!(
        statuses,
        [(3, Status::Pass), (4, Status::Pass), (6, Status::Fail)]
    );
}

/// A name that merely contains a summary word is a project; a summary label is skipped.
#[test]
fn names_with_summary_words_are_projects() {
    let r = check_csv(
        "序号,项目名称,项目类型,中央资金,劳务报酬\n1,整合计划内村道硬化工程,中央预算内,100,10\n2,总计划外水渠,中央预算内,100,30\n,土高山乡小计,,200,40\n,合计（2个）,,200,40\n,小计:2个,,200,40\n",
    );
    let rows: Vec<(u32, Status)> = r.rows.iter().map(|r| (r.row, r.status)).collect();
    assert_eq!(rows, [(2, Status::Fail), (3, Status::Pass)]);
    let skipped: Vec<u32> = r.skipped.iter().map(|s| s.row).collect();
    assert_eq!(skipped, [4, 5, 6]);
}

/// Where some of a rule's base funds have no column, a row that meets the floor on the funds
/// the file has keeps `pass` but says the missing funds counted as zero (row note, verdict
/// warning, one file warning); a fail stays a fail (the full base can only be larger). Both
/// ways of checking agree.
#[test]
fn a_pass_on_part_of_the_base_says_so() {
    let csv = "项目名称,项目类型,中央资金,劳务报酬\n甲,农业农村基础设施建设领域推广以工代赈方式的项目,100,10\n乙,农业农村基础设施建设领域推广以工代赈方式的项目,100,9.99\n";
    for with_verdicts in [true, false] {
        let r = check_plan(
            &book(),
            csv.as_bytes(),
            "t.csv",
            &ImportOptions::default(),
            today(),
            with_verdicts,
        );
        let rows: Vec<(Status, Option<&str>)> = r
            .rows
            .iter()
            .map(|r| (r.status, r.note.as_deref()))
            .collect();
        assert_eq!(rows[0].0, Status::Pass, "{with_verdicts}");
        let note = rows[0].1.unwrap();
        assert!(note.contains("省级资金、市级资金、县级资金"), "{note}");
        assert!(note.contains("按零计入"), "{note}");
        assert_eq!(rows[1], (Status::Fail, None), "{with_verdicts}");
        let codes: Vec<&str> = file_remarks(&r).iter().map(|w| w.code.as_str()).collect();
        assert_eq!(codes, [plan::BASE_PARTIAL], "{with_verdicts}");
        assert_eq!(r.warnings[0].row, Some(2));
        if with_verdicts {
            let v = r.rows[0].verdict.as_ref().unwrap();
            assert!(v.warnings.iter().any(|w| w.code == plan::BASE_PARTIAL));
        }
    }
}

// ---- Overlays: every way of checking judges alike ----

/// The compiled-in book with the example overlays of `examples/rules/` put on it in order.
fn overlaid(files: &[&str]) -> RuleBook {
    let mut book = book();
    for file in files {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("examples/rules")
            .join(file);
        book = book
            .with_overlay(&fs::read_to_string(path).unwrap())
            .unwrap();
    }
    book
}

const COUNTY_OVERLAY: &str = "example-county-2026.json";
const NATIONAL_OVERLAY: &str = "example-national-2026.json";
const EXAMPLE_COUNTY_RULE: &str = "work_relief.central_linkage.example_county";

/// The books the overlay tests judge with: the 示例县 overlay (a county floor of 42% from
/// 2026-01-01), and it on top of the 示例 national one (a 40% version of the central-budget
/// floor from the same day).
fn overlay_books() -> [(&'static str, RuleBook); 2] {
    [
        ("county", overlaid(&[COUNTY_OVERLAY])),
        (
            "national+county",
            overlaid(&[NATIONAL_OVERLAY, COUNTY_OVERLAY]),
        ),
    ]
}

/// The overlays' dates: the day before they start, their first day, and later in 2026.
const OVERLAY_DATES: [&str; 3] = ["2025-12-31", "2026-01-01", "2026-06-01"];

/// A table row's judgement (`judge_row`, the fast path's) is the full judgement's (`judge`,
/// every verdict's) status, floor shown and doubt with overlays loaded too: for every kind,
/// with the 示例县 (629901), another county of 甘肃 (620102), a county of 贵州 and none, on
/// both sides of the overlays' first day, at and around each floor.
#[test]
fn a_row_judgement_is_the_judgement_with_overlays() {
    use workrelief::judge::{judge, judge_row, Doubt, Facts};
    let (mut county_shown, mut region_doubt, mut compared) = (0, 0, 0);
    for (name, book) in overlay_books() {
        for kind in &book.project_kinds {
            for (province, county) in [
                (None, None),
                (Some("62"), None),
                (Some("62"), Some(629_901)),
                (Some("62"), Some(620_102)),
                (Some("52"), None),
                (Some("52"), Some(520_102)),
            ] {
                for at in OVERLAY_DATES {
                    let at = Date::parse(at).unwrap();
                    // 375万 of central funds (100万 provincial): 42%, 40%, 30% and 20% of the
                    // central funds, each and a fen below; then none.
                    // Amounts in fen.
                    for labour in [
                        157_500_000,
                        157_499_999,
                        150_000_000,
                        149_999_999,
                        112_500_000,
                        75_000_000,
                        74_999_999,
                        0,
                    ] {
                        for (unread, unit_in_doubt) in
                            [([false; 5], false), ([true; 5], false), ([false; 5], true)]
                        {
                            let facts = Facts {
                                name: None,
                                kind,
                                province: province.and_then(workrelief::region::Province::find),
                                county,
                                funds: [Some(375_000_000), Some(100_000_000), None, None, None],
                                labour,
                                workers: None,
                                date: None,
                                unread,
                                unit_in_doubt,
                            };
                            let full = judge(&book, &facts, at);
                            let row = judge_row(&book, &facts, at);
                            let shown = |s: Option<(usize, &workrelief::rules::Rule, _)>| {
                                s.map(|(i, _, fen)| (i, fen))
                            };
                            assert_eq!(
                                (full.status, shown(full.shown()), full.doubt),
                                (row.status, shown(row.shown), row.doubt),
                                "{name}: {} {province:?} {county:?} {at} {labour}",
                                kind.id
                            );
                            county_shown += usize::from(
                                full.shown()
                                    .is_some_and(|(_, r, _)| r.id == EXAMPLE_COUNTY_RULE),
                            );
                            region_doubt += usize::from(full.doubt == Some(Doubt::Region));
                            compared += 1;
                        }
                    }
                }
            }
        }
    }
    // The county floor was shown (judged, failing or alone) and left undecided (no county).
    assert!(
        county_shown > 0 && region_doubt > 0,
        "{county_shown} {region_doubt}"
    );
    assert!(compared > 4_000, "{compared}");
}

/// Plan rows of the kinds the overlays touch, in every place and on every date the overlays
/// tell apart, as CSV (`with_county`: with a 区县代码 column), and the same rows as proposals.
fn overlay_rows(with_county: bool) -> (String, Vec<Value>) {
    let places: &[(&str, &str)] = if with_county {
        &[
            ("", ""),
            ("甘肃省", ""),
            ("甘肃省", "629901"),
            ("", "629901"),
            ("甘肃省", "620102"),
            ("贵州省", ""),
            ("贵州省", "520102"),
            // A county outside the province given: invalid either way.
            ("贵州省", "629901"),
            // Spaces around the code are read through; a prefecture's code, a code of seven
            // digits or with a letter is no county.
            ("甘肃省", " 629901 "),
            ("甘肃省", "620100"),
            ("", "6299010"),
            ("", "62990X"),
        ]
    } else {
        &[("", ""), ("甘肃省", ""), ("贵州省", "")]
    };
    let mut csv = String::from("项目名称,项目类型,省份,");
    if with_county {
        csv.push_str("区县代码,");
    }
    csv.push_str("日期,中央资金（万元）,省级资金（万元）,劳务报酬（万元）\n");
    let mut proposals = Vec::new();
    for kind in ["central_linkage", "central_budget", "provincial_linkage"] {
        for (province, county) in places {
            for date in OVERLAY_DATES {
                for labour in ["157.5", "157.49", "150", "149.99", "112.5", "75", "74.99"] {
                    let name = format!("项目{}", proposals.len() + 1);
                    csv.push_str(&format!("{name},{kind},{province},"));
                    if with_county {
                        csv.push_str(&format!("{county},"));
                    }
                    csv.push_str(&format!("{date},375,100,{labour}\n"));
                    let mut p = json!({
                        "name": name,
                        "kind": kind,
                        "date": date,
                        "funds": { "central": "375万", "provincial": "100万" },
                        "labourRemuneration": format!("{labour}万"),
                    });
                    if !province.is_empty() {
                        p["province"] = Value::from(*province);
                    }
                    if !county.is_empty() {
                        p["county"] = Value::from(*county);
                    }
                    proposals.push(p);
                }
            }
        }
    }
    (csv, proposals)
}

/// A verdict as JSON without the row and column of its problems (a proposal has none).
fn unplaced(verdict: &workrelief::Verdict) -> Value {
    let mut v = serde_json::to_value(verdict).unwrap();
    for list in ["errors", "warnings"] {
        for p in v[list].as_array_mut().into_iter().flatten() {
            let p = p.as_object_mut().unwrap();
            p.remove("row");
            p.remove("column");
        }
    }
    v
}

/// With overlays loaded, a proposal checked on its own and the same project as a plan row
/// get the same verdict (status, every finding with its floor, version and citation,
/// warnings); the row's compact form is the same with verdicts or without, and by the fast
/// path (with a county column or without) as by the loose reader.
#[test]
fn a_proposal_and_its_plan_row_agree_with_overlays() {
    use workrelief::raw::Raw;
    let options = ImportOptions::default();
    let (mut rows_compared, mut plain, mut county_failed) = (0, 0, 0);
    let mut plain_with_county = 0;
    for (name, book) in overlay_books() {
        for with_county in [true, false] {
            let (csv, proposals) = overlay_rows(with_county);
            let data = csv.as_bytes();
            let full = check_plan(&book, data, "t.csv", &options, today(), true);
            assert!(full.errors.is_empty(), "{:?}", full.errors);
            assert_eq!(full.rows.len(), proposals.len(), "{name}");
            for (row, proposal) in full.rows.iter().zip(&proposals) {
                let raw = Raw::from_json(&proposal.to_string()).unwrap();
                let alone = workrelief::check_raw(&book, &raw, &Raw::Null, today());
                let in_plan = row.verdict.as_ref().unwrap();
                assert_eq!(
                    unplaced(in_plan),
                    unplaced(&alone),
                    "{name}, row {}: {proposal}",
                    row.row
                );
                // The row shows the verdict's floor: its first failing mandatory floor, else
                // its first passing one.
                let floors = || {
                    alone
                        .findings
                        .iter()
                        .filter(|f| f.mandatory && f.floor.is_some())
                };
                let shown = floors()
                    .find(|f| f.status == workrelief::check::FindingStatus::Fail)
                    .or_else(|| {
                        floors().find(|f| f.status == workrelief::check::FindingStatus::Pass)
                    });
                assert_eq!(
                    (row.status, row.rule.as_deref(), row.floor.as_deref()),
                    (
                        alone.status,
                        shown.map(|f| f.rule.as_str()),
                        shown.and_then(|f| f.floor.as_deref())
                    ),
                    "{name}, row {}: {proposal}",
                    row.row
                );
                county_failed += usize::from(alone.findings.iter().any(|f| {
                    f.rule == EXAMPLE_COUNTY_RULE
                        && f.status == workrelief::check::FindingStatus::Fail
                }));
                rows_compared += 1;
            }
            // Without verdicts: the fast path where it can (a county column too), else the
            // loose reader; both give the full rows' compact form.
            let mut file = PlanFile::open(data, "t.csv", &options, today()).unwrap();
            file.step(&book, usize::MAX, false);
            let compact = file.report(&book, true).rows;
            plain += plan::plain_rows(&file);
            if with_county {
                plain_with_county += plan::plain_rows(&file);
            }
            let loose = plan::loose_rows(&book, data, "t.csv", &options, today()).unwrap();
            assert_eq!(compact.len(), full.rows.len(), "{name}");
            for ((c, l), f) in compact.iter().zip(&loose).zip(&full.rows) {
                let mut f = f.clone();
                f.verdict = None;
                assert_eq!(c, l, "{name} row {}: fast path and loose reader", c.row);
                assert_eq!(c, &f, "{name} row {}: compact and full", c.row);
            }
        }
    }
    assert!(plain > 100, "{plain} rows by the fast path");
    assert!(
        plain_with_county > 50,
        "{plain_with_county} rows with a county by the fast path"
    );
    assert!(county_failed > 0, "the county floor failed somewhere");
    assert!(rows_compared > 1_000, "{rows_compared}");
}

/// Resident ID numbers in a plan's cells leave the core masked only: in the remark on a 单位
/// column of names, the reason a signature row is skipped, and the XLSX export's cells.
#[test]
fn id_numbers_in_plan_cells_come_out_masked() {
    let id = "220101199003071239";
    let csv = format!(
        "项目名称,项目类型,单位,负责人身份证号,中央资金（万元）,劳务报酬（万元）\n甲,中央预算内,{id}局,{id},100,30\n填表人：{id},,,,,\n"
    );
    let r = check_csv(&csv);
    let texts: Vec<String> = r
        .warnings
        .iter()
        .map(|w| w.message.clone())
        .chain(r.skipped.iter().map(|s| s.reason.clone()))
        .collect();
    assert!(texts.len() >= 2, "{texts:?}");
    for t in &texts {
        assert!(!t.contains("1990030"), "{t}");
    }
    assert!(
        texts.iter().any(|t| t.contains("2201**********1239")),
        "{texts:?}"
    );
    let book = book();
    let mut plan =
        PlanFile::open(csv.as_bytes(), "t.csv", &ImportOptions::default(), today()).unwrap();
    plan.step(&book, usize::MAX, false);
    let table = export::export_table(&book, Ok(&plan));
    let shown: Vec<String> = table
        .rows
        .iter()
        .flat_map(|r| r.cells.iter().map(|c| c.shown()))
        .collect();
    assert!(shown.iter().all(|c| !c.contains("1990030")), "{shown:?}");
    assert!(shown.iter().any(|c| c == "2201**********1239"), "{shown:?}");
}

/// A workbook whose instructions sheet carries a sample header and an example row is read from
/// the plan sheet (more rows under the same header), and the reviewer is told the other sheet
/// looks like a plan too (the .xls reader chooses the same way, through `xls::read_best`).
#[test]
fn an_example_sheet_does_not_hide_the_plan() {
    use rust_xlsxwriter::Workbook;
    let header = ["项目名称", "项目类型", "中央资金", "劳务报酬"];
    let mut book_x = Workbook::new();
    let example = book_x.add_worksheet().set_name("填表说明").unwrap();
    for (c, h) in header.iter().enumerate() {
        example.write_string(0, c as u16, *h).unwrap();
    }
    example.write_string(1, 0, "示例：XX村道路").unwrap();
    example.write_string(1, 1, "中央预算内").unwrap();
    example.write_number(1, 2, 100.0).unwrap();
    example.write_number(1, 3, 30.0).unwrap();
    let sheet = book_x.add_worksheet().set_name("项目计划表").unwrap();
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for (r, (name, labour)) in [("甲村道路", 10.0), ("乙村水渠", 5.0)].iter().enumerate() {
        let r = r as u32 + 1;
        sheet.write_string(r, 0, *name).unwrap();
        sheet.write_string(r, 1, "中央预算内").unwrap();
        sheet.write_number(r, 2, 100.0).unwrap();
        sheet.write_number(r, 3, *labour).unwrap();
    }
    let bytes = book_x.save_to_buffer().unwrap();
    for with_verdicts in [true, false] {
        let r = check_plan(
            &book(),
            &bytes,
            "plan.xlsx",
            &ImportOptions::default(),
            today(),
            with_verdicts,
        );
        assert_eq!(r.sheet.as_deref(), Some("项目计划表"));
        assert_eq!(r.summary.fail, 2);
        assert_eq!(r.summary.total, 2);
        let w: Vec<&str> = file_remarks(&r).iter().map(|w| w.code.as_str()).collect();
        assert_eq!(w, [plan::OTHER_PLAN_SHEETS]);
        assert!(
            r.warnings[0].message.contains("“填表说明”"),
            "{}",
            r.warnings[0].message
        );
    }
}

/// A stated share of another base than the floor's (占总投资比例) is not compared with the
/// floor's base: no false contradiction; one of the floor's own base is.
#[test]
fn a_stated_share_of_another_base_is_not_called_contradicted() {
    let r = check_csv(
        "项目名称,项目类型,中央资金,自筹资金,劳务报酬,劳务报酬占总投资比例（%）\n甲,中央预算内,100,100,40,20\n",
    );
    assert_eq!(r.rows[0].status, Status::Pass);
    assert!(r.rows[0].warnings.is_empty(), "{:?}", r.rows[0].warnings);
    let r = check_csv(
        "项目名称,项目类型,中央资金,自筹资金,劳务报酬,占中央资金比例（%）\n甲,中央预算内,100,100,40,40\n乙,中央预算内,100,100,40,20\n",
    );
    let warned: Vec<(u32, Vec<&str>)> = r
        .rows
        .iter()
        .map(|row| {
            (
                row.row,
                row.warnings.iter().map(|w| w.code.as_str()).collect(),
            )
        })
        .collect();
    assert_eq!(
        warned,
        [(2, vec![]), (3, vec!["plan.stated_share_mismatch"])]
    );
}
