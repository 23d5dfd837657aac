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

// ---- `workrelief rules …`: the tools for the people who keep the rule book ----

fn manifest(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

fn text(out: &Output) -> (String, String, Option<i32>) {
    (
        String::from_utf8(out.stdout.clone()).unwrap(),
        String::from_utf8(out.stderr.clone()).unwrap(),
        out.status.code(),
    )
}

fn builtin_json() -> Value {
    serde_json::from_str(&std::fs::read_to_string(manifest("rules.json")).unwrap()).unwrap()
}

#[test]
fn rules_check_passes_the_builtin_book_against_its_policy_texts() {
    let book = manifest("rules.json");
    let texts = manifest("../shared/policy");
    let (stdout, stderr, code) = text(&cli(&[
        "rules",
        "check",
        book.to_str().unwrap(),
        "--texts",
        texts.to_str().unwrap(),
    ]));
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    assert!(
        stdout.contains("规则库没有问题，引文均已在原文中找到"),
        "{stdout}"
    );
}

#[test]
fn rules_check_lists_every_problem_at_its_path_and_exits_2() {
    let mut book = builtin_json();
    book["rules"][0]["params"]["floor"] = Value::from(0.3);
    book["rules"][1]["citation"]["quote"] = Value::from("文中没有的一句话");
    let path = temp_file("broken-book.json", &book.to_string());
    let texts = manifest("../shared/policy");
    let (stdout, _, code) = text(&cli(&[
        "rules",
        "check",
        path.to_str().unwrap(),
        "--texts",
        texts.to_str().unwrap(),
    ]));
    assert_eq!(code, Some(2), "{stdout}");
    assert!(
        stdout.contains("rules[0].params.floor  [rules.wrong_type]"),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "rules[1].citation.quote  [rules.quote_not_in_text] 引文“文中没有的一句话”未在原文"
        ),
        "{stdout}"
    );
    // Without the texts the quote is not looked for; the type error is still reported.
    let (stdout, _, code) = text(&cli(&["rules", "check", path.to_str().unwrap()]));
    assert_eq!(code, Some(2));
    assert!(!stdout.contains("quote_not_in_text"), "{stdout}");
    // A file that is not there is a Chinese message and exit 2, not a panic.
    let (stdout, stderr, code) = text(&cli(&["rules", "check", "no-such-book.json"]));
    assert_eq!(code, Some(2));
    assert!(stdout.contains("找不到这个文件"), "{stdout}{stderr}");
}

#[test]
fn rules_check_compares_a_source_files_sha256() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli-texts");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("notice.txt"), "第一条 劳务报酬\n比例不低于 42%。").unwrap();
    let mut book = builtin_json();
    book["documents"][0]["source"] = serde_json::json!({
        "file": "notice.txt",
        "sha256": "0000000000000000000000000000000000000000000000000000000000000000"
    });
    let path = temp_file("source-book.json", &book.to_string());
    let (stdout, _, code) = text(&cli(&[
        "rules",
        "check",
        path.to_str().unwrap(),
        "--texts",
        dir.to_str().unwrap(),
    ]));
    assert_eq!(code, Some(2), "{stdout}");
    assert!(
        stdout.contains("documents[0].source.sha256  [rules.source_sha256_mismatch]"),
        "{stdout}"
    );
    // A source file that is not in the folder.
    book["documents"][1]["source"] = serde_json::json!({ "file": "missing.txt", "sha256": "00" });
    let path = temp_file("source-book-2.json", &book.to_string());
    let (stdout2, _, code) = text(&cli(&[
        "rules",
        "check",
        path.to_str().unwrap(),
        "--texts",
        dir.to_str().unwrap(),
    ]));
    assert_eq!(code, Some(2));
    assert!(
        stdout2.contains("documents[1].source.file  [rules.source_unreadable] 无法读取")
            && stdout2.contains("找不到这个文件"),
        "{stdout2}"
    );
    // The quotes citing that document are looked for in the file the source names.
    assert!(
        stdout.contains("rules[0].citation.quote  [rules.quote_not_in_text]"),
        "{stdout}"
    );
}

fn modified_book() -> PathBuf {
    let mut book = builtin_json();
    book["version"] = Value::from("test-2");
    book["rules"][0]["validity"]["to"] = Value::from("2026-12-31");
    book["rules"][0]["mandatory"] = Value::from(false);
    let removed = book["rules"].as_array_mut().unwrap().pop().unwrap();
    let mut added = book["rules"][1].clone();
    added["id"] = Value::from("example.added");
    added["title"] = Value::from("新增的示例规则");
    book["rules"].as_array_mut().unwrap().push(added);
    temp_file(
        &format!("modified-{}.json", removed["id"].as_str().unwrap()),
        &book.to_string(),
    )
}

#[test]
fn rules_diff_shows_rules_and_versions_added_removed_and_changed() {
    let old = manifest("rules.json");
    let new = modified_book();
    let (stdout, stderr, code) = text(&cli(&[
        "rules",
        "diff",
        old.to_str().unwrap(),
        new.to_str().unwrap(),
    ]));
    assert_eq!(code, Some(0), "{stderr}");
    let removed = builtin_json()["rules"].as_array().unwrap().last().unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(stdout.contains("→ test-2"), "{stdout}");
    assert!(
        stdout.contains("[修改] work_relief.central_budget"),
        "{stdout}"
    );
    assert!(stdout.contains("是否强制：是 → 否"), "{stdout}");
    assert!(
        stdout.contains("有效期：2025-04-18 至 （不限） → 2025-04-18 至 2026-12-31"),
        "{stdout}"
    );
    assert!(
        stdout.contains("[新增] example.added《新增的示例规则》"),
        "{stdout}"
    );
    assert!(stdout.contains("比例下限：20%"), "{stdout}");
    assert!(stdout.contains(&format!("[删除] {removed}")), "{stdout}");

    let (stdout, _, code) = text(&cli(&[
        "rules",
        "diff",
        old.to_str().unwrap(),
        new.to_str().unwrap(),
        "--format",
        "json",
    ]));
    assert_eq!(code, Some(0));
    let json: Value = serde_json::from_str(&stdout).unwrap();
    let changed = &json["rules"][0];
    assert_eq!(changed["id"], "work_relief.central_budget");
    assert_eq!(changed["fields"][0]["field"], "mandatory");
    assert_eq!(
        changed["versions"][0]["fields"][0]["after"]["to"],
        "2026-12-31"
    );

    // The same book twice: nothing changed.
    let (stdout, _, code) = text(&cli(&[
        "rules",
        "diff",
        old.to_str().unwrap(),
        old.to_str().unwrap(),
    ]));
    assert_eq!(code, Some(0));
    assert!(stdout.contains("均相同"), "{stdout}");
    // A broken book is refused in Chinese with exit 2.
    let broken = temp_file("diff-broken.json", "{ \"version\": ");
    let (_, stderr, code) = text(&cli(&[
        "rules",
        "diff",
        old.to_str().unwrap(),
        broken.to_str().unwrap(),
    ]));
    assert_eq!(code, Some(2));
    assert!(stderr.contains("无效"), "{stderr}");
}

#[test]
fn rules_show_lists_what_is_in_force_for_a_date_and_region() {
    let (stdout, _, code) = text(&cli(&[
        "rules",
        "show",
        "--as-of",
        "2025-06-01",
        "--region",
        "620102",
    ]));
    assert_eq!(code, Some(0));
    assert!(
        stdout.contains("work_relief.provincial_linkage"),
        "{stdout}"
    );
    assert!(
        stdout.contains("劳务报酬比例下限：30%（基数：中央资金）"),
        "{stdout}"
    );
    assert!(
        stdout.contains("原文：“以工代赈中央预算内投资项目劳务报酬占中央资金比例达30%以上”"),
        "{stdout}"
    );
    // Gansu's provincial rule is not Guizhou's; Guizhou's subsidies ended with 2025.
    let (stdout, _, code) = text(&cli(&[
        "rules",
        "show",
        "--as-of",
        "2026-06-01",
        "--region",
        "52",
    ]));
    assert_eq!(code, Some(0));
    assert!(
        !stdout.contains("work_relief.provincial_linkage"),
        "{stdout}"
    );
    assert!(stdout.contains("已于 2025-12-31 失效"), "{stdout}");
    let (stdout, _, _) = text(&cli(&[
        "rules",
        "show",
        "--as-of",
        "2025-06-01",
        "--region",
        "52",
        "--format",
        "json",
    ]));
    let json: Value = serde_json::from_str(&stdout).unwrap();
    assert!(json["inForce"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["kind"] == "benefit"));
    // A region that does not exist, and a bad date: Chinese, exit 2.
    let (_, stderr, code) = text(&cli(&["rules", "show", "--region", "99"]));
    assert_eq!(code, Some(2));
    assert!(stderr.contains("--region 应为"), "{stderr}");
    let (_, stderr, code) = text(&cli(&["rules", "show", "--as-of", "2025-02-30"]));
    assert_eq!(code, Some(2));
    assert!(stderr.contains("不存在"), "{stderr}");
}

#[test]
fn rules_test_runs_case_files_against_a_candidate_book() {
    let book = manifest("rules.json");
    let cases = manifest("tests/cases/proposals/central_budget.json");
    let (stdout, _, code) = text(&cli(&[
        "rules",
        "test",
        book.to_str().unwrap(),
        cases.to_str().unwrap(),
    ]));
    assert_eq!(code, Some(0), "{stdout}");
    assert!(
        stdout.contains("例不通过") && stdout.contains("  通过"),
        "{stdout}"
    );
    // A candidate book with a 40% floor fails the cases written for 30%.
    let mut candidate = builtin_json();
    candidate["rules"][0]["params"]["floor"] = Value::from("0.40");
    candidate["rules"][0]["citation"]["quote"] =
        Value::from("以工代赈中央预算内投资项目劳务报酬占中央资金比例达40%以上");
    let path = temp_file("candidate-40.json", &candidate.to_string());
    let (stdout, _, code) = text(&cli(&[
        "rules",
        "test",
        path.to_str().unwrap(),
        cases.to_str().unwrap(),
    ]));
    assert_eq!(code, Some(1), "{stdout}");
    assert!(stdout.contains("不通过  "), "{stdout}");
    assert!(stdout.contains("status"), "{stdout}");
    // A case file that is not there: exit 2.
    let (_, _, code) = text(&cli(&[
        "rules",
        "test",
        book.to_str().unwrap(),
        "no-such-cases.json",
    ]));
    assert_eq!(code, Some(2));
}

/// `--rules` may be given more than once: each overlay goes on the book so far. The example
/// overlay's 40% version (from 2026-01-01) fails a 35% central-budget project that the
/// compiled-in 30% passes; a broken overlay stops the check with its path, in Chinese.
#[test]
fn check_takes_overlays_in_order_and_refuses_a_broken_one() {
    let plan = temp_file(
        "overlay-plan.csv",
        "项目名称,项目类型,中央资金（元）,劳务报酬（元）,核算日期\n示例项目,中央预算内投资项目,5000000,1750000,2026-06-01\n",
    );
    let plan = plan.to_str().unwrap();
    let example = manifest("examples/rules/example-national-2026.json");
    let example = example.to_str().unwrap();
    let (out, _, code) = text(&cli(&["check", plan, "--format", "json"]));
    assert_eq!(code, Some(0), "{out}");
    let (out, _, code) = text(&cli(&[
        "check", plan, "--format", "json", "--rules", example,
    ]));
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("2026.11-2+示例-2026.1"), "{out}");
    let second = temp_file(
        "second-overlay.json",
        r#"{"extends": "builtin", "version": "第二层", "rules": []}"#,
    );
    let (out, _, code) = text(&cli(&[
        "check",
        plan,
        "--format",
        "json",
        "--rules",
        example,
        "--rules",
        second.to_str().unwrap(),
    ]));
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("2026.11-2+示例-2026.1+第二层"), "{out}");
    let broken = temp_file(
        "broken-overlay.json",
        &std::fs::read_to_string(example)
            .unwrap()
            .replace("不低于40%\"", "不低于45%\""),
    );
    let (out, err, code) = text(&cli(&["check", plan, "--rules", broken.to_str().unwrap()]));
    assert_eq!(code, Some(2), "{out}");
    assert!(err.contains("rules[0].versions[0].citation.quote"), "{err}");
    assert!(err.contains("原文"), "{err}");
}

/// A case file that names its overlays in `rules` (relative to its own folder) runs them on
/// the book given: on the compiled-in book its cases pass; on the same overlay again the
/// overlay's ids clash, and the file cannot run (exit 2) with the overlay's paths.
#[test]
fn rules_test_puts_a_case_files_overlays_on_the_book() {
    let cases = manifest("tests/cases/proposals/overlay-example-county.json");
    let cases = cases.to_str().unwrap();
    let (out, _, code) = text(&cli(&["rules", "test", "builtin", cases]));
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("共 5 例：5 例通过"), "{out}");
    let overlay = manifest("examples/rules/example-county-2026.json");
    let (out, _, code) = text(&cli(&["rules", "test", overlay.to_str().unwrap(), cases]));
    assert_eq!(code, Some(2), "{out}");
    assert!(out.contains("rules 中的叠加规则库"), "{out}");
    assert!(
        out.contains("documents[0].id  [rules.duplicate_id]"),
        "{out}"
    );
    let missing = temp_file(
        "cases-missing-overlay.json",
        r#"{"rules": ["no-such-overlay.json"], "cases": []}"#,
    );
    let (out, _, code) = text(&cli(&[
        "rules",
        "test",
        "builtin",
        missing.to_str().unwrap(),
    ]));
    assert_eq!(code, Some(2), "{out}");
    assert!(out.contains("找不到这个文件"), "{out}");
}

/// The guide's example: its case file passes against the example county overlay and not
/// against the compiled-in book alone (which has no 42% floor).
#[test]
fn the_guides_example_cases_pass_on_the_example_overlay() {
    let overlay = manifest("examples/rules/example-county-2026.json");
    let cases = manifest("examples/rules/example-county-2026.cases.json");
    let (out, _, code) = text(&cli(&[
        "rules",
        "test",
        overlay.to_str().unwrap(),
        cases.to_str().unwrap(),
    ]));
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("共 5 例：5 例通过"), "{out}");
    let (out, _, code) = text(&cli(&["rules", "test", "builtin", cases.to_str().unwrap()]));
    assert_eq!(code, Some(1), "{out}");
    let (out, _, code) = text(&cli(&[
        "rules",
        "check",
        overlay.to_str().unwrap(),
        "--texts",
        manifest("examples/rules").to_str().unwrap(),
    ]));
    assert_eq!(code, Some(0), "{out}");
}
