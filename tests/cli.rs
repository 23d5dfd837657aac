//! The command line's output (`src/bin/workrelief.rs`, `import::export::to_table`): what a
//! file holds never drives the terminal. Control characters in names and messages are shown
//! (`<U+001B>`) in the table and the CSV and escaped in the JSON, a name over several lines
//! stays on one (`⏎`), the file's warnings and each row's errors and warnings follow the table
//! with their code, row and column, ID numbers are masked in every format and CSV cells that
//! a spreadsheet would run as formulas are defused.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn cli(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_workrelief"))
        .args(args)
        .output()
        .expect("the CLI runs")
}

fn temp_file(name: &str, contents: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli-output");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, contents).unwrap();
    path
}

fn run(path: &Path, format: &str) -> String {
    let out = cli(&["check", "--format", format, path.to_str().unwrap()]);
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Names that would act on a terminal or hide what they say, each with how the table shows
/// it.
const HOSTILE: &[(&str, &str)] = &[
    // An OSC sequence that sets the window title, and one that writes the clipboard.
    ("\u{1b}]0;已通过\u{7}道路", "<U+001B>]0;已通过<U+0007>道路"),
    (
        "\u{1b}]52;c;ZWNobyBoaQ==\u{1b}\\水渠",
        "<U+001B>]52;c;ZWNobyBoaQ==<U+001B>\\水渠",
    ),
    // CSI as a C1 control, DEL, a bidi override that reverses what follows, a zero-width space.
    ("桥梁\u{9b}2J\u{7f}", "桥梁<U+009B>2J<U+007F>"),
    (
        "\u{202e}程工化硬路道\u{202c}",
        "<U+202E>程工化硬路道<U+202C>",
    ),
    ("村\u{200b}道", "村<U+200B>道"),
    // Line breaks as a spreadsheet cell holds them.
    (
        "定西市\r\n小型水利\n设施修缮\r二期",
        "定西市⏎小型水利⏎设施修缮⏎二期",
    ),
    ("灌溉\t渠", "灌溉 渠"),
];

fn hostile_plan() -> String {
    let mut csv = String::from("项目名称,项目类型,所在省份,中央资金（元）,劳务报酬（元）\n");
    for (name, _) in HOSTILE {
        csv.push_str(&format!(
            "\"{name}\",以工代赈中央预算内投资项目,甘肃省,1000000,300000\n"
        ));
    }
    csv
}

/// No byte of a control character other than the table's own line breaks reaches the
/// terminal, nor an invisible format character.
fn assert_inert(text: &str, what: &str) {
    for (i, c) in text.char_indices() {
        let control = (c.is_control() && c != '\n' && c != '\r')
            || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
        let bom = i == 0 && c == '\u{feff}';
        assert!(!control || bom, "{what}: {c:?} at {i}");
    }
}

#[test]
fn the_table_shows_control_characters_and_keeps_each_name_on_its_line() {
    let path = temp_file("hostile.csv", &hostile_plan());
    let table = run(&path, "table");
    assert_inert(&table, "table");
    let rows: Vec<&str> = table
        .lines()
        .filter(|l| l.starts_with("  ") && l[2..].starts_with(|c: char| c.is_ascii_digit()))
        .collect();
    assert_eq!(rows.len(), HOSTILE.len(), "one line per project:\n{table}");
    for ((_, shown), line) in HOSTILE.iter().zip(&rows) {
        assert!(line.ends_with(shown), "{line:?} should end with {shown:?}");
    }
    // The file's name is shown the same way.
    let name = temp_file("计划\u{1b}[31m.csv", &hostile_plan());
    let table = run(&name, "table");
    let shown = name.to_str().unwrap().replace('\u{1b}', "<U+001B>");
    assert!(table.starts_with(&format!("{shown}\n")), "{table}");
    assert_inert(&table, "table");
}

#[test]
fn csv_and_json_carry_names_without_driving_the_terminal() {
    let path = temp_file("hostile-formats.csv", &hostile_plan());
    let csv = run(&path, "csv");
    assert_inert(&csv.replace("\r\n", "\n").replace(['\n', '\t'], ""), "csv");
    assert!(csv.contains("<U+001B>]0;已通过<U+0007>道路"), "{csv}");
    // Line breaks inside a quoted cell are data: they stay, quoted.
    assert!(
        csv.contains("\"定西市\r\n小型水利\n设施修缮\r二期\""),
        "{csv}"
    );

    let json = run(&path, "json");
    assert_inert(&json, "json");
    assert!(
        json.contains(r"\u001b]0;") && json.contains(r"\u009b2J\u007f"),
        "{json}"
    );
    assert!(json.contains(r"\u202e程工化硬路道\u202c"), "{json}");
    // The escapes read back as the names the file holds.
    let value: Value = serde_json::from_str(&json).unwrap();
    let names: Vec<&str> = value[0]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    let want: Vec<&str> = HOSTILE.iter().map(|(n, _)| *n).collect();
    assert_eq!(names, want);
}

#[test]
fn warnings_and_errors_follow_the_table_with_their_row_and_column() {
    let plan = "\
项目名称,项目类型,所在省份,中央资金（元）,劳务报酬（元）,劳务报酬占比
多问题,以工代赈中央预算内投资项目,甘肃省,五百,-3,30%
超出资金,以工代赈中央预算内投资项目,甘肃省,100,500,500%
\"未闭合,以工代赈中央预算内投资项目,甘肃省,100,30,30%
";
    let path = temp_file("warnings.csv", plan);
    let table = run(&path, "table");
    let lines: Vec<&str> = table.lines().collect();
    let header = lines.iter().position(|l| l.contains("行号")).unwrap();
    let after = |needle: &str| {
        let at = lines
            .iter()
            .position(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("{needle} in\n{table}"));
        assert!(at > header, "{needle} after the table:\n{table}");
        lines[at]
    };
    // Every error of an invalid row (the table shows the first, shortened).
    assert!(after("[money.chinese_numeral]").contains("第 2 行，D（中央资金（元））：“五百”"));
    assert!(after("[money.negative]").contains("第 2 行，E（劳务报酬（元））："));
    // A row's warning from its verdict.
    assert!(after("提示 [input.labour_exceeds_funds]").contains("第 3 行"));
    // The file's warning, with its row and column.
    assert!(after("警告 [import.unclosed_quote]").contains("第 4 行 A 列"));
    let summary = lines
        .iter()
        .position(|l| l.contains("共 3 个项目"))
        .unwrap();
    assert!(lines[..summary]
        .iter()
        .rposition(|l| l.contains("警告"))
        .is_some_and(|w| w > header));
}

#[test]
fn every_format_masks_id_numbers_and_the_csv_defuses_formulas() {
    let plan = "\
项目名称,项目类型,所在省份,中央资金（元）,劳务报酬（元）
张三 220102 19851111 4567 家门口道路,以工代赈中央预算内投资项目,甘肃省,1000000,300000
=HYPERLINK(\"http://x\"),以工代赈中央预算内投资项目,甘肃省,220102198511114567,300000
";
    let path = temp_file("计划220102198511114567.csv", plan);
    for format in ["table", "json", "csv"] {
        let out = run(&path, format);
        let digits: String = out.chars().filter(|c| !c.is_whitespace()).collect();
        assert!(!digits.contains("19851111"), "{format}:\n{out}");
        assert!(out.contains("2201**********4567"), "{format}:\n{out}");
        if format == "csv" {
            assert!(out.contains("\"'=HYPERLINK(\"\"http://x\"\")\""), "{out}");
        }
    }
    // Messages on standard error too.
    let out = cli(&[
        "check",
        "--as-of",
        "220102198511114567",
        path.to_str().unwrap(),
    ]);
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("2201**********4567") && !err.contains("19851111"),
        "{err}"
    );
}
