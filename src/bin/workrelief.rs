//! `workrelief`: the command line for reviewers who script. It checks plan files (XLSX, XLS, CSV,
//! JSON) with the same core as the page.
//!
//! Exit codes: 0 no project fails (rows that need a person's review do not count, unless
//! `--strict`), 1 some project fails, 2 invalid input (a file that cannot be read, a row
//! with errors, or a bad command line).

#![forbid(unsafe_code)]

// Native only: it reads policy texts and hashes them (`sha2` is not in the Wasm build).
#[cfg(not(target_arch = "wasm32"))]
#[path = "workrelief/rules_cmd.rs"]
mod rules_cmd;

use std::io::Write;
use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

use workrelief::check::Status;
use workrelief::date::Date;
use workrelief::idcard::Masked;
use workrelief::import::{
    check_plan, export, failed_report, ImportError, ImportOptions, PlanFile, PlanReport,
};
use workrelief::money::Unit;
use workrelief::problem::Problem;
use workrelief::text::quote;
use workrelief::RuleBook;

const HELP: &str = "\
workrelief check — 以工代赈项目计划批量检查（与网页使用同一核心，文件不离开本机）

用法:
  workrelief check FILE... [--as-of YYYY-MM-DD] [--format table|json|csv]
                           [--sheet 工作表名] [--unit 元|万元] [--rules rules.json] [--strict]
  workrelief rules check|diff|show|test ...（规则库维护工具，详见 workrelief rules --help）
  workrelief --help | --version

参数:
  FILE            计划文件：XLSX、XLS、CSV（UTF-8 / GBK）或 JSON，可多个
  --as-of DATE    按该日期有效的政策检查（默认：各行的核算日期，否则今天）
  --format F      输出格式：table（默认，表格）、json（完整结论）、csv（UTF-8 带 BOM，Excel 可直接打开）
  --sheet NAME    XLSX、XLS 中要读取的工作表（默认：表头列名最全的项目表）
  --unit U        表头和表上方均未注明单位的金额列的单位（默认 元）
  --rules FILE    使用另一份规则库：完整规则库（rules.json 格式）代替内置规则库；
                  叠加规则库（含 extends 字段）加在其上；可多次给出，按顺序叠加
  --strict        需人工审核的项目也按不通过处理（退出码 1）

退出码:
  0  没有不符合的项目      1  有项目不符合      2  输入无效（文件无法读取、某行有错误或参数错误）
";

struct Args {
    files: Vec<String>,
    format: String,
    options: ImportOptions,
    rules: Vec<String>,
    strict: bool,
}

fn parse_args(args: &[String]) -> Result<Option<Args>, String> {
    let mut it = args.iter();
    match it.next().map(String::as_str) {
        None | Some("-h" | "--help" | "help") => return Ok(None),
        Some("-V" | "--version") => {
            println!("workrelief {}", env!("CARGO_PKG_VERSION"));
            return Err(String::new());
        }
        Some("check") => {}
        Some(other) => {
            return Err(format!(
                "未知命令{}，请使用 workrelief check FILE... 或 workrelief rules ...",
                quote(other)
            ))
        }
    }
    let mut parsed = Args {
        files: Vec::new(),
        format: "table".to_owned(),
        options: ImportOptions::default(),
        rules: Vec::new(),
        strict: false,
    };
    while let Some(arg) = it.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v.to_owned())),
            _ => (arg.as_str(), None),
        };
        let mut value = |name: &str| {
            inline
                .clone()
                .or_else(|| it.next().cloned())
                .ok_or_else(|| format!("{name} 需要一个值"))
        };
        match flag {
            "-h" | "--help" => return Ok(None),
            "--as-of" => {
                let v = value("--as-of")?;
                parsed.options.as_of = Some(Date::parse(&v).map_err(|e| format!("--as-of：{e}"))?);
            }
            "--format" => {
                let v = value("--format")?;
                if !["table", "json", "csv"].contains(&v.as_str()) {
                    return Err(format!(
                        "--format 应为 table、json 或 csv，而不是{}",
                        quote(&v)
                    ));
                }
                parsed.format = v;
            }
            "--sheet" => parsed.options.sheet = Some(value("--sheet")?),
            "--unit" => {
                let v = value("--unit")?;
                parsed.options.unit = Unit::parse(&v)
                    .ok_or_else(|| format!("--unit 应为 元 或 万元，而不是{}", quote(&v)))?;
            }
            "--rules" => parsed.rules.push(value("--rules")?),
            "--strict" => parsed.strict = true,
            f if f.starts_with('-') && f.len() > 1 => return Err(format!("未知参数{}", quote(f))),
            _ => parsed.files.push(arg.clone()),
        }
    }
    if parsed.files.is_empty() {
        return Err("请指定至少一个计划文件".to_owned());
    }
    Ok(Some(parsed))
}

/// Why a file was not read.
enum Unreadable {
    /// Too large: the importer's own error.
    Import(ImportError),
    /// Not a file that can be read, in words for the user (the system's are English).
    Io(&'static str),
}

/// Reads a file of at most `limit` bytes: its size is looked at before it is read, and it is
/// read through a bound (it may grow meanwhile), so a file of gigabytes is never in memory.
/// Folders, pipes and devices are refused (a pipe or a device may never end).
fn read_file(path: &str, limit: usize) -> Result<Vec<u8>, Unreadable> {
    use std::io::Read;
    let io = |e: std::io::Error| {
        Unreadable::Io(match e.kind() {
            std::io::ErrorKind::NotFound => "找不到这个文件",
            std::io::ErrorKind::PermissionDenied => "没有读取这个文件的权限",
            _ => "读取时出错",
        })
    };
    let too_large = |size: u64| {
        Unreadable::Import(ImportError::TooLarge {
            size: usize::try_from(size).unwrap_or(usize::MAX),
            limit,
        })
    };
    let meta = std::fs::metadata(path).map_err(io)?;
    if meta.is_dir() {
        return Err(Unreadable::Io("是一个文件夹，不是文件"));
    }
    if !meta.is_file() {
        return Err(Unreadable::Io("不是普通文件（可能是管道或设备），无法读取"));
    }
    let bound = u64::try_from(limit).unwrap_or(u64::MAX);
    if meta.len() > bound {
        return Err(too_large(meta.len()));
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .map_err(io)?
        .take(bound.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() > limit {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

fn today() -> Date {
    let millis = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0.0, |d| d.as_millis() as f64);
    Date::china_today(millis).unwrap_or(Date::MIN)
}

/// Checks one file for `format`. The JSON carries every row's verdict; the table lists each
/// row's warnings, which its verdict holds (an unknown field, labour above the funds): they
/// are read again one row at a time and added to the row's own, so that the verdicts of a big
/// file are never all kept.
fn check_file(
    book: &RuleBook,
    bytes: &[u8],
    path: &str,
    options: &ImportOptions,
    today: Date,
    format: &str,
) -> PlanReport {
    if format != "table" {
        return check_plan(book, bytes, path, options, today, format == "json");
    }
    let mut plan = match PlanFile::open(bytes, path, options, today) {
        Ok(plan) => plan,
        Err(e) => return failed_report(book, path, &e),
    };
    plan.step(book, usize::MAX, false);
    let warnings: Vec<Vec<Problem>> = (0..plan.checked())
        .map(|i| {
            plan.verdict(book, i)
                .map(|v| v.warnings)
                .unwrap_or_default()
        })
        .collect();
    let mut report = plan.into_report(book);
    for (row, more) in report.rows.iter_mut().zip(warnings) {
        for w in more {
            if !row
                .warnings
                .iter()
                .any(|s| s.code == w.code && s.message == w.message)
            {
                row.warnings.push(w);
            }
        }
    }
    report
}

/// The output format that [`visible`] escapes for.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Json,
    Csv,
}

/// CSV or JSON text (ID numbers masked already) with every invisible character that could act
/// on a terminal shown instead (`workrelief::text::is_invisible`). In JSON, where serde_json has escaped
/// C0 controls inside strings and every other such character can only stand inside a string,
/// it becomes a `\u` escape (the same text to a JSON reader); in CSV, where line breaks and
/// tabs inside quotes are data and the first character is the BOM, the rest become `<U+001B>`.
fn visible(text: &str, format: Format) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        let keep = match format {
            Format::Json => !workrelief::text::is_invisible(c) || c < '\x7F',
            Format::Csv => {
                !workrelief::text::is_invisible(c)
                    || matches!(c, '\r' | '\n' | '\t')
                    || (i == 0 && c == '\u{feff}')
            }
        };
        if keep {
            out.push(c);
        } else if format == Format::Json {
            out.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            workrelief::text::write_visible(&mut out, c);
        }
    }
    out
}

/// A message for standard error: ID numbers masked, on one line, control characters shown.
fn safe(text: &str) -> String {
    export::one_line(text)
}

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    #[cfg(not(target_arch = "wasm32"))]
    if argv.first().is_some_and(|a| a == "rules") {
        return rules_cmd::run(argv.get(1..).unwrap_or_default());
    }
    let args = match parse_args(&argv) {
        Ok(Some(a)) => a,
        Ok(None) => {
            print!("{HELP}");
            return ExitCode::SUCCESS;
        }
        Err(msg) if msg.is_empty() => return ExitCode::SUCCESS,
        Err(msg) => {
            eprintln!("workrelief: {}\n（workrelief --help 查看用法）", safe(&msg));
            return ExitCode::from(2);
        }
    };
    let mut book = RuleBook::builtin();
    for path in &args.rules {
        // A rule book is read as a plan file is: its size looked at first, within the same
        // limit, and the system's words never shown.
        let json = match read_file(path, args.options.max_bytes) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(json) => json,
                Err(_) => {
                    eprintln!(
                        "workrelief: {}",
                        safe(&format!("无法读取规则库 {path}：不是 UTF-8 编码的文本"))
                    );
                    return ExitCode::from(2);
                }
            },
            Err(e) => {
                let reason = match e {
                    Unreadable::Io(message) => message.to_owned(),
                    Unreadable::Import(e) => e.to_string(),
                };
                eprintln!(
                    "workrelief: {}",
                    safe(&format!("无法读取规则库 {path}：{reason}"))
                );
                return ExitCode::from(2);
            }
        };
        // An overlay goes on the book so far; a whole book replaces it.
        book = book.and_then(|b| book_on(&b, &json));
        if let Err(errors) = &book {
            eprintln!(
                "workrelief: 规则库 {} 无效，共 {} 处问题：",
                safe(path),
                errors.len()
            );
            for e in errors {
                eprintln!("  [{}] {}", e.code(), safe(&e.to_string()));
            }
            return ExitCode::from(2);
        }
    }
    let Ok(book) = book else {
        eprintln!("workrelief: 内置规则库无效");
        return ExitCode::from(2);
    };
    let today = today();
    let reports: Vec<PlanReport> = args
        .files
        .iter()
        .map(|path| match read_file(path, args.options.max_bytes) {
            Ok(bytes) => check_file(&book, &bytes, path, &args.options, today, &args.format),
            Err(Unreadable::Import(e)) => failed_report(&book, path, &e),
            Err(Unreadable::Io(message)) => {
                let mut report = failed_report(&book, path, &ImportError::Empty);
                if let Some(err) = report.errors.first_mut() {
                    err.code = "import.unreadable".to_owned();
                    err.message = format!("无法读取文件：{message}");
                }
                report
            }
        })
        .collect();
    // Every format masks ID numbers and shows control characters instead of sending them to
    // the terminal: the table cell by cell, the CSV and JSON after writing (see `visible`).
    let output = match args.format.as_str() {
        "json" => visible(
            &(serde_json::to_string_pretty(&Masked(&reports)).unwrap_or_default() + "\n"),
            Format::Json,
        ),
        "csv" => visible(&export::to_csv(&reports), Format::Csv),
        _ => export::to_table(&reports),
    };
    let mut stdout = std::io::stdout().lock();
    // A closed pipe (| head) is not an error worth a panic.
    let _ = stdout.write_all(output.as_bytes());
    let _ = stdout.flush();

    let invalid = reports
        .iter()
        .any(|r| !r.errors.is_empty() || r.summary.invalid > 0);
    let failed = reports
        .iter()
        .flat_map(|r| &r.rows)
        .any(|row| row.status == Status::Fail || (args.strict && row.status == Status::Review));
    ExitCode::from(if invalid {
        2
    } else if failed {
        1
    } else {
        0
    })
}

/// A rule-book file read on top of `base`: an overlay goes on it, a whole book replaces it.
fn book_on(base: &RuleBook, json: &str) -> Result<RuleBook, Vec<workrelief::rules::RuleBookError>> {
    if extends_builtin(json) {
        base.with_overlay(json)
    } else {
        RuleBook::from_json(json)
    }
}

/// Whether a rule-book file is an overlay on the compiled-in book (`"extends": "builtin"`).
fn extends_builtin(json: &str) -> bool {
    match workrelief::raw::Raw::from_json(json) {
        Ok(workrelief::raw::Raw::Map(top)) => top
            .iter()
            .any(|(k, v)| k == "extends" && *v == workrelief::raw::Raw::Str("builtin".to_owned())),
        _ => false,
    }
}
