//! The masking invariant under generated input. Valid resident ID numbers (made with
//! `idcard::with_check`, 18 and 15 digits, written plain, in groups with spaces, hyphens or
//! ideographic spaces, with zero-width spaces, in full-width digits) go into every input field
//! of proposals, workshop rosters, subsidy profiles, plan files (CSV, XLSX, JSON: names, every
//! column's cells, amounts, headers, titles, notes, sheet and file names) and roster files, and
//! into the options. Every output is then searched for each number with separators stripped:
//! the JSON a JS caller gets (`idcard::Masked`, what `src/wasm.rs` `to_js` uses; `checkProposal`'s
//! own wire is held to the same JSON by `src/js/wire.rs`'s tests), reports, rows, verdicts, CSV, the export table and its workbook, the
//! CLI's three formats. Legitimate numbers (amounts, ratios, row numbers, a 15-digit fen
//! amount) must come out as they went in, and the outputs before masking must hold the numbers
//! (so that the test can fail).

// Native only: it runs the CLI and takes workbooks apart with the zip crate (a native
// dev-dependency).
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::collections::BTreeSet;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{json, Value};
use workrelief::check::check_raw;
use workrelief::date::Date;
use workrelief::idcard::{with_check, Masked};
use workrelief::import::{check_plan, export, roster::check_roster_file, ImportOptions, PlanFile};
use workrelief::raw::Raw;
use workrelief::region::PROVINCES;
use workrelief::{subsidy, workbook, workshop, RuleBook};

/// A small seeded generator (xorshift64*): the same numbers on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// Generates ID numbers and remembers each (as its canonical characters) to look for.
struct Ids {
    rng: Rng,
    all: BTreeSet<String>,
}

impl Ids {
    fn new(seed: u64) -> Ids {
        Ids {
            rng: Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1),
            all: BTreeSet::new(),
        }
    }

    /// A new valid number: 18 characters (now and then ending in `X`) or the old 15 digits.
    fn canonical(&mut self) -> String {
        let r = &mut self.rng;
        let province = PROVINCES[r.below(PROVINCES.len() as u64) as usize].code;
        let place = format!("{province}{:04}", 100 + r.below(9000));
        let (year, month, day) = (1940 + r.below(66), 1 + r.below(12), 1 + r.below(28));
        let id = if r.below(5) == 0 {
            format!(
                "{place}{:02}{month:02}{day:02}{:03}",
                year % 100,
                r.below(1000)
            )
        } else {
            let want_x = r.below(4) == 0;
            let mut id = String::new();
            for _ in 0..200 {
                let body = format!("{place}{year}{month:02}{day:02}{:03}", r.below(1000));
                id = with_check(&body).unwrap();
                if !want_x || id.ends_with('X') {
                    break;
                }
            }
            id
        };
        self.all.insert(id.clone());
        id
    }

    /// A new number as someone might write it.
    fn any(&mut self) -> String {
        let id = self.canonical();
        let form = self.rng.below(9);
        written(&id, form)
    }
}

/// `id` written in form `form` (0 to 8).
fn written(id: &str, form: u64) -> String {
    let groups = |sep: &str| -> String {
        let cuts: &[usize] = if id.len() == 18 { &[6, 14] } else { &[6, 12] };
        let mut out = String::new();
        for (i, c) in id.chars().enumerate() {
            if cuts.contains(&i) {
                out.push_str(sep);
            }
            out.push(c);
        }
        out
    };
    match form {
        1 => groups(" "),
        2 => groups("-"),
        3 => groups("\u{3000}"),
        4 => groups("\u{200B}"),
        5 => id
            .chars()
            .map(|c| match c {
                '0'..='9' => char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap(),
                'X' => 'Ｘ',
                c => c,
            })
            .collect(),
        6 => id.to_lowercase(),
        7 => {
            // Groups of four, as on a card.
            let chars: Vec<char> = id.chars().collect();
            chars
                .chunks(4)
                .map(|c| c.iter().collect::<String>())
                .collect::<Vec<_>>()
                .join(" ")
        }
        8 => groups(" - "),
        _ => id.to_owned(),
    }
}

/// The text with every separator a number may be written with dropped, visible forms
/// (`<U+200B>`) and JSON escapes (`\u200b`) included, and full-width forms folded.
fn normalised(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let hex =
            |s: &str, n: usize| s.len() >= n && s.as_bytes()[..n].iter().all(u8::is_ascii_hexdigit);
        if let Some(tail) = rest.strip_prefix("<U+") {
            let n = tail.bytes().take_while(u8::is_ascii_hexdigit).count();
            if (4..=6).contains(&n) && tail.as_bytes().get(n) == Some(&b'>') {
                rest = &tail[n + 1..];
                continue;
            }
        }
        if let Some(tail) = rest.strip_prefix("\\u") {
            if hex(tail, 4) {
                rest = &tail[4..];
                continue;
            }
        }
        rest = &rest[c.len_utf8()..];
        let c = match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap(),
            'x' | 'ｘ' | 'Ｘ' => 'X',
            c => c,
        };
        let separator = c.is_whitespace()
            || "-‐‑‒–—―−－⏎".contains(c)
            || matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}');
        if !separator {
            out.push(c);
        }
    }
    out
}

/// Every number of `ids` that `output` holds whole (or, for 18 characters, all but the check
/// character), separators stripped.
fn found(ids: &BTreeSet<String>, output: &str) -> Vec<String> {
    let text = normalised(output);
    // A number can only stand inside a run of digits and `X`: search those alone.
    let runs: Vec<&str> = text
        .split(|c: char| !c.is_ascii_digit() && c != 'X')
        .filter(|run| run.len() >= 15)
        .collect();
    if runs.is_empty() {
        return Vec::new();
    }
    ids.iter()
        .filter(|id| {
            let key = &id[..id.len().min(17)];
            runs.iter().any(|run| run.contains(key))
        })
        .cloned()
        .collect()
}

/// The outputs of a round, searched once every number is known.
#[derive(Default)]
struct Search {
    /// Outputs as a caller gets them, with what made each.
    masked: Vec<(String, String)>,
    /// The same outputs before masking (the core's values as they are).
    unmasked: Vec<String>,
}

impl Search {
    fn masked(&mut self, what: &str, output: &str) {
        self.masked.push((what.to_owned(), output.to_owned()));
    }

    fn json<T: serde::Serialize>(&mut self, what: &str, value: &T) {
        self.masked(what, &serde_json::to_string(&Masked(value)).unwrap());
        self.masked(what, &serde_json::to_string_pretty(&Masked(value)).unwrap());
        self.unmasked.push(serde_json::to_string(value).unwrap());
    }

    /// Each number of `ids` that a masked output holds, and how many the outputs before
    /// masking hold.
    fn finish(&self, ids: &BTreeSet<String>) -> (Vec<String>, usize) {
        let mut leaks = Vec::new();
        for (what, output) in &self.masked {
            for id in found(ids, output) {
                let text = normalised(output);
                let at = text.find(&id[..17.min(id.len())]).unwrap_or(0);
                let from = (0..=at.saturating_sub(30))
                    .rev()
                    .find(|i| text.is_char_boundary(*i))
                    .unwrap_or(0);
                let near: String = text[from..].chars().take(80).collect();
                leaks.push(format!("{what}: {id} in …{near}…"));
            }
        }
        let unmasked = self.unmasked.iter().map(|o| found(ids, o).len()).sum();
        (leaks, unmasked)
    }
}

fn book() -> RuleBook {
    RuleBook::builtin().unwrap()
}

fn today() -> Date {
    Date::new(2025, 9, 1).unwrap()
}

fn raw(v: &Value) -> Raw {
    Raw::from_json(&v.to_string()).unwrap()
}

/// Sets `path` (`a.b`) in a JSON object.
fn set(v: &mut Value, path: &str, to: Value) {
    let mut at = v;
    let mut keys = path.split('.').peekable();
    while let Some(k) = keys.next() {
        if keys.peek().is_none() {
            at[k] = to;
            return;
        }
        if at.get(k).is_none() {
            at[k] = json!({});
        }
        at = at.get_mut(k).unwrap();
    }
}

/// Copies of `base`, one for each field of `fields` holding an ID number (as text, with
/// `元` or `万元`, and in a key), plus one with an unknown key named by a number.
fn variants(base: &Value, fields: &[&str], ids: &mut Ids) -> Vec<Value> {
    let mut out = Vec::new();
    for field in fields {
        for suffix in ["", "元", "万元"] {
            let mut v = base.clone();
            set(&mut v, field, json!(format!("{}{suffix}", ids.any())));
            out.push(v);
        }
    }
    let mut v = base.clone();
    v[ids.any()] = json!(ids.any());
    out.push(v);
    out
}

const PROPOSAL_FIELDS: &[&str] = &[
    "name",
    "province",
    "kind",
    "unit",
    "funds.central",
    "funds.provincial",
    "funds.municipal",
    "funds.county",
    "funds.other",
    "labourRemuneration",
    "workers.total",
    "workers.povertyAlleviated",
    "date",
];

fn proposals(ids: &mut Ids, search: &mut Search, book: &RuleBook) {
    let base = json!({
        "name": "某村道路硬化", "province": "甘肃省", "kind": "以工代赈中央预算内投资项目",
        "funds": {"central": 5000000, "other": "1,000,000.00"},
        "labourRemuneration": "1,500,000.00", "date": "2025-06-30",
    });
    let mut inputs: Vec<(Value, Value)> = variants(&base, PROPOSAL_FIELDS, ids)
        .into_iter()
        .map(|p| (p, Value::Null))
        .collect();
    for key in ["asOf", "unit"] {
        inputs.push((base.clone(), json!({ key: ids.any() })));
    }
    inputs.push((base.clone(), json!({ ids.any(): 1 })));
    let mut name = base.clone();
    name["name"] = json!(format!("{}与{}", ids.any(), ids.any()));
    inputs.push((name, Value::Null));
    inputs.push((json!(ids.any()), Value::Null));
    for (p, o) in &inputs {
        let verdict = check_raw(book, &raw(p), &raw(o), today());
        search.json("checkProposal", &verdict);
    }
}

fn workshops(ids: &mut Ids, search: &mut Search, book: &RuleBook) {
    let person = |id: String| {
        json!({"id": id, "name": "测试", "group": "脱贫人口", "contractMonths": 12,
               "monthsEmployed": 12, "annualIncome": 20000, "subsidyClaimed": "否"})
    };
    let base = json!({
        "name": "某车间", "province": "吉林省", "recognized": true,
        "employees": [person(ids.any()), person(ids.any()), person(ids.any())],
    });
    let fields = [
        "name",
        "province",
        "recognized",
        "employees.0.name",
        "employees.0.group",
        "employees.0.contractMonths",
        "employees.0.monthsEmployed",
        "employees.0.annualIncome",
        "employees.0.subsidyClaimed",
        "employees.0.hukouProvince",
        "employees.1.id",
    ];
    let mut inputs: Vec<(Value, Value)> = Vec::new();
    for field in fields {
        for suffix in ["", "元"] {
            let mut v = base.clone();
            let at = field.split('.').collect::<Vec<_>>();
            let value = json!(format!("{}{suffix}", ids.any()));
            match at.as_slice() {
                ["employees", i, key] => v["employees"][i.parse::<usize>().unwrap()][*key] = value,
                _ => v[field] = value,
            }
            inputs.push((v, Value::Null));
        }
    }
    let mut shifted = base.clone();
    shifted["employees"][2][ids.any()] = json!(ids.any());
    inputs.push((shifted, json!({"asOf": ids.any()})));
    inputs.push((json!([person(ids.any()), person(ids.any())]), Value::Null));
    for (r, o) in &inputs {
        let report = workshop::check_workshop(book, &raw(r), &raw(o), today());
        search.json("checkWorkshop", &report);
        search.masked("checkWorkshop (Debug)", &format!("{report:?}"));
    }
}

fn subsidies(ids: &mut Ids, search: &mut Search, book: &RuleBook) {
    let base = json!({"province": "贵州省", "group": "脱贫人口", "work": "跨省务工",
                      "organized": true, "firstTime": true, "newCrossProvince": true,
                      "monthsEmployed": 6, "trainingDays": 5});
    let fields = [
        "province",
        "group",
        "work",
        "organized",
        "firstTime",
        "newCrossProvince",
        "monthsEmployed",
        "trainingDays",
    ];
    let mut inputs: Vec<(Value, Value)> = variants(&base, &fields, ids)
        .into_iter()
        .map(|p| (p, Value::Null))
        .collect();
    inputs.push((base.clone(), json!({"asOf": ids.any()})));
    for (p, o) in &inputs {
        let estimate = subsidy::estimate(book, &raw(p), &raw(o), today());
        search.json("estimateSubsidies", &estimate);
    }
}

/// The plan's columns; each gets a row whose cell is an ID number.
const PLAN_HEADER: [&str; 11] = [
    "序号",
    "项目名称",
    "所在省份",
    "项目类型",
    "中央资金（元）",
    "省级资金（万元）",
    "其他资金",
    "劳务报酬（元）",
    "劳务报酬占比",
    "核算日期",
    "建设单位",
];

/// A plan's rows as text: a title with a number, the header (and a column headed by a
/// number), a passing row, a failing one, one at the largest amount (whose threshold is 15
/// digits of fen), one row per column holding a number (as it is, with `元`, with `万元`), a
/// name with two numbers, a summary and a signature line with numbers.
fn plan_table(ids: &mut Ids) -> Vec<Vec<String>> {
    let s = |v: &[&str]| v.iter().map(|c| (*c).to_owned()).collect::<Vec<_>>();
    let mut rows = vec![vec![format!("2025年以工代赈计划（填报人 {}）", ids.any())]];
    let mut header = s(&PLAN_HEADER);
    header.push(ids.any());
    rows.push(header);
    let normal = |n: &str, name: &str, central: &str, labour: &str| {
        s(&[
            n,
            name,
            "甘肃省",
            "以工代赈中央预算内投资项目",
            central,
            "",
            "",
            labour,
            "",
            "2025-06-30",
            "某公司",
            "",
        ])
    };
    rows.push(normal("1", "正常通过的项目", "5000000", "1500000"));
    rows.push(normal("2", "差一分的项目", "5000000", "1499999.99"));
    rows.push(normal("3", "最大金额的项目", "9999999999999.99", "0"));
    let mut n = 4;
    for column in 1..=PLAN_HEADER.len() {
        for suffix in ["", "元", "万元"] {
            let mut row = normal(&n.to_string(), "某项目", "5000000", "1500000");
            row[column] = format!("{}{suffix}", ids.any());
            rows.push(row);
            n += 1;
        }
    }
    let mut two = normal(&n.to_string(), "", "5000000", "1500000");
    two[1] = format!("项目{}、{}", ids.any(), ids.any());
    rows.push(two);
    rows.push(s(&["", &format!("合计{}", ids.any())]));
    rows.push(s(&[&format!("填表人：{}", ids.any())]));
    rows.push(s(&[&format!("注：{}", ids.any())]));
    rows
}

fn csv_text(rows: &[Vec<String>]) -> String {
    let quote = |c: &String| {
        if c.contains([',', '"', '\n']) {
            format!("\"{}\"", c.replace('"', "\"\""))
        } else {
            c.clone()
        }
    };
    rows.iter()
        .map(|r| r.iter().map(quote).collect::<Vec<_>>().join(","))
        .collect::<Vec<_>>()
        .join("\r\n")
}

/// A workbook with the plan on a sheet named by a number, an instructions sheet before it
/// and another sheet with a plan's header (so that the file names it), both named by numbers
/// too. A 15-digit number is written as a number cell.
fn xlsx_bytes(rows: &[Vec<String>], ids: &mut Ids) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet_name = |ids: &mut Ids| {
        let id = ids.canonical();
        let name = written(&id, 1);
        format!("表{}", name.chars().take(28).collect::<String>())
    };
    let first = book.add_worksheet();
    first.set_name(sheet_name(ids)).unwrap();
    first
        .write_string(0, 0, format!("填表说明 {}", ids.any()))
        .unwrap();
    let plan = book.add_worksheet();
    plan.set_name(sheet_name(ids)).unwrap();
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            plan.write_string(r as u32, c as u16, cell).unwrap();
        }
    }
    let old = loop {
        let id = ids.canonical();
        if id.len() == 15 {
            break id;
        }
    };
    let last = rows.len() as u32;
    plan.write_string(last, 0, "99").unwrap();
    plan.write_string(last, 1, "数字格式的身份证号").unwrap();
    plan.write_number(last, 4, old.parse::<f64>().unwrap())
        .unwrap();
    plan.write_number(last, 7, 1500000.0).unwrap();
    let other = book.add_worksheet();
    other.set_name(sheet_name(ids)).unwrap();
    for (c, h) in rows[1].iter().enumerate() {
        other.write_string(0, c as u16, h).unwrap();
    }
    book.save_to_buffer().unwrap()
}

fn json_plan(ids: &mut Ids) -> String {
    let base = json!({"name": "某项目", "province": "甘肃省", "kind": "central_budget",
                      "funds": {"central": 5000000}, "labourRemuneration": 1500000,
                      "date": "2025-06-30"});
    let items = variants(&base, PROPOSAL_FIELDS, ids);
    json!({ "proposals": items }).to_string()
}

/// Every output of a plan file: the report, each row and verdict, the names, the CSV, the
/// export table (JSON, CSV and workbook), the CLI's table.
fn plan_outputs(
    search: &mut Search,
    book: &RuleBook,
    bytes: &[u8],
    name: &str,
    options: &ImportOptions,
) {
    let report = check_plan(book, bytes, name, options, today(), true);
    search.json("checkPlans", &report);
    search.masked("to_csv", &export::to_csv(std::slice::from_ref(&report)));
    search.masked("to_table", &export::to_table(std::slice::from_ref(&report)));
    let Ok(mut plan) = PlanFile::open(bytes, name, options, today()) else {
        return;
    };
    while !plan.step(book, 7, false) {}
    let shell = plan.report(book, true);
    search.json("PlanChecker.report", &shell);
    search.masked(
        "PlanChecker.csv",
        &export::to_csv(std::slice::from_ref(&shell)),
    );
    for i in 0..plan.checked() {
        search.json("PlanChecker.rows", &plan.row(book, i));
        search.json("PlanChecker.verdict", &plan.verdict(book, i));
    }
    search.json("PlanChecker.names", &plan.names());
    let table = export::export_table(book, Ok(&plan));
    search.json("exportTable", &table);
    search.masked("exportTable csv", &export::table_csv(&table));
    let xlsx = workbook::to_xlsx(&table).unwrap();
    search.masked("xlsxFromTable", &unzipped(&xlsx));
}

/// The numbers a plan's outputs must show as they are: amounts, ratios, percentages, row
/// numbers, and the largest amount's threshold as 15 digits of fen.
fn legitimate_numbers_pass(book: &RuleBook, file: &[u8], ids: &mut Ids) {
    let name = format!("计划{}.csv", ids.any());
    let report = check_plan(book, file, &name, &ImportOptions::default(), today(), true);
    let json = serde_json::to_string(&Masked(&report)).unwrap();
    for want in [
        r#""row":4"#,
        r#""ratio":"0.2999""#,
        r#""shortfall":"0.01""#,
        r#""labour":"1499999.99""#,
        r#""threshold":"1500000.00""#,
        r#""base":"9999999999999.99""#,
        r#""shortfall":"3000000000000.00""#,
        r#""thresholdExact":"2999999999999.997""#,
    ] {
        assert!(json.contains(want), "{want} in {json}");
    }
    let csv = export::to_csv(std::slice::from_ref(&report));
    assert!(
        csv.contains(",4,差一分的项目,不符合,29.99%,30%,0.01,"),
        "{csv}"
    );
    assert!(
        csv.contains(",5,最大金额的项目,不符合,0.00%,30%,3000000000000.00,"),
        "{csv}"
    );
    let table = export::to_table(std::slice::from_ref(&report));
    assert!(table.contains("3,000,000,000,000.00"), "{table}");
    let mut plan = PlanFile::open(file, &name, &ImportOptions::default(), today()).unwrap();
    plan.step(book, usize::MAX, false);
    let export = export::export_table(book, Ok(&plan));
    let json = serde_json::to_string(&Masked(&export)).unwrap();
    assert!(json.contains(r#"{"fen":300000000000000}"#), "{json}");
    assert!(json.contains(r#""9999999999999.99""#), "{json}");
    assert!(json.contains(r#"[{"text":"5"},{"text":"3"},"#), "{json}");
}

/// The text of every entry of a zip archive.
fn unzipped(bytes: &[u8]) -> String {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut all = String::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        entry.read_to_string(&mut all).unwrap();
    }
    all
}

fn roster_outputs(search: &mut Search, book: &RuleBook, ids: &mut Ids) {
    let header = [
        "身份证号",
        "姓名",
        "人员类别",
        "合同期限（月）",
        "务工月数",
        "年收入（元）",
        "已享受一次性吸纳补贴",
        "户籍省份",
    ];
    let mut rows: Vec<Vec<String>> = vec![vec![format!("花名册 {}", ids.any())]];
    let mut head: Vec<String> = header.iter().map(|h| (*h).to_owned()).collect();
    head.push(ids.any());
    rows.push(head);
    let person = |id: String| -> Vec<String> {
        [
            id.as_str(),
            "测试",
            "脱贫人口",
            "12",
            "12",
            "20000",
            "否",
            "吉林省",
            "",
        ]
        .iter()
        .map(|c| (*c).to_owned())
        .collect()
    };
    for column in 0..=header.len() {
        let mut row = person(ids.any());
        row[column] = format!("{}{}", ids.any(), if column == 5 { "元" } else { "" });
        rows.push(row);
    }
    rows.push(vec![format!("填表人：{}", ids.any())]);
    let meta = json!({"province": "吉林省", "name": ids.any()});
    let options = ImportOptions::default();
    let csv = csv_text(&rows);
    let name = format!("花名册{}.csv", ids.any());
    let report = check_roster_file(book, csv.as_bytes(), &name, &raw(&meta), &options, today());
    search.json("checkRosterFile csv", &report);
    let mut xlsx = rust_xlsxwriter::Workbook::new();
    let sheet = xlsx.add_worksheet();
    sheet
        .set_name(format!("名单{}", written(&ids.canonical(), 1)))
        .unwrap();
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            sheet.write_string(r as u32, c as u16, cell).unwrap();
        }
    }
    let bytes = xlsx.save_to_buffer().unwrap();
    let name = format!("{}.xlsx", ids.any());
    let report = check_roster_file(book, &bytes, &name, &raw(&meta), &options, today());
    search.json("checkRosterFile xlsx", &report);
    let employees: Vec<Value> = (0..3)
        .map(|_| json!({"id": ids.any(), "name": ids.any(), "group": ids.any()}))
        .collect();
    let body = json!({"name": ids.any(), "employees": employees}).to_string();
    let report = check_roster_file(
        book,
        body.as_bytes(),
        "r.json",
        &raw(&meta),
        &options,
        today(),
    );
    search.json("checkRosterFile json", &report);
    let sheet = ImportOptions {
        sheet: Some(ids.any()),
        ..ImportOptions::default()
    };
    let report = check_roster_file(book, &bytes, "r.xlsx", &raw(&meta), &sheet, today());
    search.json("checkRosterFile sheet", &report);
}

/// A rule book given by the caller is input too: numbers in its version, a rule's title and
/// note, a project kind's alias come out masked from a verdict (and the verdict wire, which
/// caches the book's strings), `ruleBook()`, and the errors of a book that is refused. Returns
/// the path of a refused book for the CLI's `--rules`.
fn rule_books(ids: &mut Ids, search: &mut Search, dir: &Path) -> PathBuf {
    let mut json: Value = serde_json::from_str(include_str!("../rules.json")).unwrap();
    json["version"] = json!(ids.any());
    json["rules"][0]["note"] = json!(format!("说明{}", ids.any()));
    json["rules"][0]["title"] = json!(ids.any());
    json["projectKinds"][0]["aliases"][0] = json!(ids.any());
    let book = RuleBook::from_json(&json.to_string()).unwrap();
    search.json("ruleBook", &book);
    let proposal =
        json!({"kind": "central_budget", "funds": {"central": 100}, "labourRemuneration": 30});
    let verdict = check_raw(&book, &raw(&proposal), &Raw::Null, today());
    search.json("checkProposal (own book)", &verdict);
    let mut bad = json.clone();
    bad["rules"][0]["kind"] = json!(ids.any());
    bad["rules"][1]["params"]["floor"] = json!(ids.any());
    bad[ids.any()] = json!(1);
    let errors = RuleBook::from_json(&bad.to_string()).unwrap_err();
    for e in &errors {
        search.masked(
            "setRules error",
            &workrelief::idcard::mask_ids(&e.to_string()),
        );
        search.unmasked.push(e.to_string());
    }
    let path = dir.join("rules.json");
    std::fs::write(&path, bad.to_string()).unwrap();
    path
}

/// The files of one round, written for the CLI.
struct Files {
    dir: PathBuf,
    paths: Vec<PathBuf>,
    /// A rule book the loader refuses, with numbers in its errors.
    rules: PathBuf,
}

fn plans(ids: &mut Ids, search: &mut Search, book: &RuleBook, round: u64) -> Files {
    let rows = plan_table(ids);
    let csv = csv_text(&rows);
    let xlsx = xlsx_bytes(&rows, ids);
    let json = json_plan(ids);
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("idmask-{round}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    legitimate_numbers_pass(book, csv.as_bytes(), ids);
    let mut paths = Vec::new();
    for (ext, bytes) in [
        ("csv", csv.as_bytes()),
        ("xlsx", &xlsx[..]),
        ("json", json.as_bytes()),
    ] {
        let name = format!("计划_{}.{ext}", ids.any());
        plan_outputs(search, book, bytes, &name, &ImportOptions::default());
        // Options naming a sheet, or with a unit, read from loose input holding numbers.
        for key in ["sheet", "asOf", "unit"] {
            let (options, problems) = ImportOptions::from_raw(&raw(&json!({ key: ids.any() })));
            search.json("options", &problems);
            plan_outputs(search, book, bytes, &name, &options);
        }
        // File names on disk: no `/`, so no zero-width or ideographic forms that a shell
        // would find awkward either way; the name holds a number in groups.
        let path = dir.join(format!(
            "计划 {}.{ext}",
            written(&ids.canonical(), round % 3)
        ));
        std::fs::write(&path, bytes).unwrap();
        paths.push(path);
    }
    // A file that is not a plan, and one that cannot be read, named by numbers.
    let not_a_plan = format!("{}.csv", ids.any());
    plan_outputs(
        search,
        book,
        b"a,b\n1,2\n",
        &not_a_plan,
        &ImportOptions::default(),
    );
    let path = dir.join(format!("{}.csv", ids.canonical()));
    std::fs::write(&path, format!("姓名,{}\n", ids.any())).unwrap();
    paths.push(path);
    let rules = rule_books(ids, search, &dir);
    Files { dir, paths, rules }
}

fn cli(search: &mut Search, files: &Files, ids: &mut Ids) {
    let run = |args: &[String]| {
        Command::new(env!("CARGO_BIN_EXE_workrelief"))
            .args(args)
            .output()
            .expect("the CLI runs")
    };
    let paths: Vec<String> = files
        .paths
        .iter()
        .map(|p| p.to_str().unwrap().to_owned())
        .collect();
    let mut calls: Vec<Vec<String>> = Vec::new();
    for format in ["table", "json", "csv"] {
        let mut args = vec!["check".to_owned(), "--format".into(), format.into()];
        args.extend(paths.iter().cloned());
        calls.push(args.clone());
        args.extend(["--sheet".into(), ids.any()]);
        calls.push(args);
    }
    for flag in ["--as-of", "--unit", "--format", "--rules"] {
        calls.push(vec![
            "check".into(),
            flag.into(),
            ids.any(),
            paths[0].clone(),
        ]);
    }
    calls.push(vec![
        "check".into(),
        "--rules".into(),
        files.rules.to_str().unwrap().to_owned(),
        paths[0].clone(),
    ]);
    calls.push(vec!["check".into(), format!("--{}", ids.any())]);
    calls.push(vec![ids.any()]);
    let missing = files.dir.join(format!("{}.csv", ids.canonical()));
    calls.push(vec!["check".into(), missing.to_str().unwrap().to_owned()]);
    for args in calls {
        let out = run(&args);
        let what = format!(
            "CLI {}",
            args.iter().take(3).cloned().collect::<Vec<_>>().join(" ")
        );
        search.masked(&what, &String::from_utf8_lossy(&out.stdout));
        search.masked(&what, &String::from_utf8_lossy(&out.stderr));
    }
}

#[test]
fn no_output_shows_an_id_number_whole() {
    let book = book();
    for round in 0..4u64 {
        let mut ids = Ids::new(round + 1);
        let mut search = Search::default();
        proposals(&mut ids, &mut search, &book);
        workshops(&mut ids, &mut search, &book);
        subsidies(&mut ids, &mut search, &book);
        roster_outputs(&mut search, &book, &mut ids);
        let files = plans(&mut ids, &mut search, &book, round);
        cli(&mut search, &files, &mut ids);
        let (leaks, unmasked) = search.finish(&ids.all);
        assert!(
            leaks.is_empty(),
            "round {round}: {} leaks:\n{}",
            leaks.len(),
            leaks.join("\n")
        );
        assert!(
            search.masked.len() > 1000,
            "{} outputs",
            search.masked.len()
        );
        assert!(
            unmasked > 300,
            "round {round}: only {unmasked} numbers before masking: the inputs do not reach the outputs"
        );
    }
}
