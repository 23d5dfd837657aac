//! `workrelief rules …`: tools for the policy staff who keep the rule book (check, diff, show,
//! test). Output in Chinese; exit codes in [`HELP`].

use std::path::Path;
use std::process::ExitCode;

use serde_json::Value;
use sha2::{Digest, Sha256};
use workrelief::cases::{run_cases, run_file_with, with_overlays, CaseFileError};
use workrelief::date::Date;
use workrelief::rules::diff::diff;
use workrelief::rules::in_force::in_force;
use workrelief::rules::view::RegionQuery;
use workrelief::rules::{RuleBookError, DEFAULT_RULES_JSON};
use workrelief::RuleBook;

/// Writes a line to standard output; a closed pipe (`| head`) is not an error worth a panic.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout().lock(), $($arg)*);
    }};
}

/// [`say!`] without the line end.
macro_rules! say_raw {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stdout().lock(), $($arg)*);
    }};
}

/// The help of `workrelief rules`.
pub const HELP: &str = "\
workrelief rules — 规则库维护工具（供政策人员检查、比较、查看和测试规则库）

用法:
  workrelief rules check FILE... [--texts DIR]
  workrelief rules diff OLD NEW [--format text|json]
  workrelief rules show [--as-of YYYY-MM-DD] [--region CODE] [--rules FILE]... [--format text|json]
  workrelief rules test BOOK CASES...

子命令:
  check   检查规则库或叠加规则库文件，列出每处问题及其 JSON 路径；
          --texts DIR：按文件的 source.file 读取 DIR 中的原文，核对 SHA-256，并核对每条引文都出现在原文中
  diff    比较两份规则库：新增、删除、修改的文件、规则（及其版本）、激励政策和项目类型，列出修改前后的比例下限、有效期和依据
  show    列出某日期、某地区有效的规则和激励政策及其依据，以及未生效或已失效的规则；
          --region：national（全国）、两位省级代码或六位区划代码；不填则列出全部地区
          --rules：在内置规则库之外使用的规则库（完整规则库代替内置规则库；叠加规则库叠加在其上），可多次给出
  test    用候选规则库运行案例文件（格式见 tests/cases/proposals/README.md），逐例列出通过或不通过及差异
          BOOK 写 builtin 表示内置规则库；叠加规则库叠加在内置规则库上；带 patch 的案例文件只用于完整规则库；
          案例文件的 rules 列出的叠加规则库（路径相对于案例文件所在的文件夹）依次叠加在 BOOK 上

退出码:
  0  成功（check：没有问题；test：全部通过）
  1  test：有案例不通过
  2  check：有问题；或文件无法读取、规则库无效、参数错误
";

/// The size a rule book, a text or a case file may have.
const MAX_BYTES: u64 = 64 * 1024 * 1024;

fn read_text(path: &Path) -> Result<String, String> {
    let shown = path.display();
    let meta = std::fs::metadata(path).map_err(|e| io_message(&shown.to_string(), &e))?;
    if !meta.is_file() {
        return Err(format!("无法读取 {shown}：不是普通文件"));
    }
    if meta.len() > MAX_BYTES {
        return Err(format!("无法读取 {shown}：文件过大（超过 64 MB）"));
    }
    let bytes = std::fs::read(path).map_err(|e| io_message(&shown.to_string(), &e))?;
    String::from_utf8(bytes).map_err(|_| format!("无法读取 {shown}：不是 UTF-8 编码的文本"))
}

fn io_message(path: &str, e: &std::io::Error) -> String {
    let why = match e.kind() {
        std::io::ErrorKind::NotFound => "找不到这个文件",
        std::io::ErrorKind::PermissionDenied => "没有读取这个文件的权限",
        _ => "读取时出错",
    };
    format!("无法读取 {path}：{why}")
}

use super::{book_on, extends_builtin as is_overlay};

/// Loads a rule-book file on its own (an overlay goes on the compiled-in book).
fn load(json: &str) -> Result<RuleBook, Vec<RuleBookError>> {
    RuleBook::from_json(json)
}

fn print_errors(errors: &[RuleBookError]) {
    for e in errors {
        let path = if e.path.is_empty() {
            "（整个文件）"
        } else {
            &e.path
        };
        say!("  {path}  [{}] {}", e.code(), e.kind);
    }
}

/// Runs `workrelief rules ARGS`.
pub fn run(args: &[String]) -> ExitCode {
    let result = match args.first().map(String::as_str) {
        None | Some("-h" | "--help" | "help") => {
            say_raw!("{HELP}");
            return ExitCode::SUCCESS;
        }
        Some("check") => check(args.get(1..).unwrap_or_default()),
        Some("diff") => diff_cmd(args.get(1..).unwrap_or_default()),
        Some("show") => show(args.get(1..).unwrap_or_default()),
        Some("test") => test(args.get(1..).unwrap_or_default()),
        Some(other) => Err(format!(
            "未知的 rules 子命令“{other}”，应为 check、diff、show 或 test"
        )),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            let lines: Vec<String> = message.lines().map(crate::safe).collect();
            eprintln!(
                "workrelief: {}\n（workrelief rules --help 查看用法）",
                lines.join("\n")
            );
            ExitCode::from(2)
        }
    }
}

/// Positional arguments, and options as (flag, value).
type Split = (Vec<String>, Vec<(String, String)>);

/// Splits `--flag value` / `--flag=value` options (those in `flags`) from the positional
/// arguments.
fn split(args: &[String], flags: &[&str]) -> Result<Split, String> {
    let mut positional = Vec::new();
    let mut options = Vec::new();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v.to_owned())),
            _ => (arg.as_str(), None),
        };
        if flags.contains(&flag) {
            let value = inline
                .or_else(|| it.next().cloned())
                .ok_or_else(|| format!("{flag} 需要一个值"))?;
            options.push((flag.to_owned(), value));
        } else if flag.starts_with('-') && flag.len() > 1 {
            return Err(format!("未知参数“{flag}”"));
        } else {
            positional.push(arg.clone());
        }
    }
    Ok((positional, options))
}

fn format_of(options: &[(String, String)]) -> Result<bool, String> {
    match options.iter().rev().find(|(f, _)| f == "--format") {
        None => Ok(false),
        Some((_, v)) if v == "text" => Ok(false),
        Some((_, v)) if v == "json" => Ok(true),
        Some((_, v)) => Err(format!("--format 应为 text 或 json，而不是“{v}”")),
    }
}

// ---- check ----

/// Every citation of a raw book, with its JSON path: rules (old form and versions), benefits,
/// and documents' horizon quotes.
fn citations(book: &Value) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    let mut push = |path: String, citation: &Value| {
        if let (Some(doc), Some(quote)) =
            (citation["document"].as_str(), citation["quote"].as_str())
        {
            out.push((format!("{path}.quote"), doc.to_owned(), quote.to_owned()));
        }
    };
    for list in ["rules", "benefits"] {
        for (i, item) in book[list].as_array().into_iter().flatten().enumerate() {
            push(format!("{list}[{i}].citation"), &item["citation"]);
            for (j, v) in item["versions"]
                .as_array()
                .into_iter()
                .flatten()
                .enumerate()
            {
                push(
                    format!("{list}[{i}].versions[{j}].citation"),
                    &v["citation"],
                );
            }
        }
    }
    for (i, doc) in book["documents"]
        .as_array()
        .into_iter()
        .flatten()
        .enumerate()
    {
        if let (Some(id), Some(quote)) = (
            doc["id"].as_str(),
            doc.pointer("/horizon/quote").and_then(Value::as_str),
        ) {
            out.push((
                format!("documents[{i}].horizon.quote"),
                id.to_owned(),
                quote.to_owned(),
            ));
        }
    }
    out
}

/// `--texts DIR`: each document's source text read from DIR (`source.file`, or the compiled-in
/// form's `file`), its SHA-256 compared with `source.sha256`, and every quote citing it searched
/// for. Returns (path, code, message).
fn check_texts(book: &Value, dir: &Path) -> Vec<(String, &'static str, String)> {
    let mut problems = Vec::new();
    let quotes = citations(book);
    for (i, doc) in book["documents"]
        .as_array()
        .into_iter()
        .flatten()
        .enumerate()
    {
        let id = doc["id"].as_str().unwrap_or_default();
        let (file, sha, field) = match (
            doc.pointer("/source/file").and_then(Value::as_str),
            doc["file"].as_str(),
        ) {
            (Some(f), _) => (
                f,
                doc.pointer("/source/sha256").and_then(Value::as_str),
                format!("documents[{i}].source.file"),
            ),
            (None, Some(f)) => (f, None, format!("documents[{i}].file")),
            (None, None) => continue,
        };
        let path = dir.join(file);
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) => {
                problems.push((
                    field,
                    "rules.source_unreadable",
                    io_message(&path.display().to_string(), &e),
                ));
                continue;
            }
        };
        if let Some(want) = sha {
            let got: String = Sha256::digest(&bytes)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            if got != want {
                problems.push((
                    format!("documents[{i}].source.sha256"),
                    "rules.source_sha256_mismatch",
                    format!("原文文件 {file} 的 SHA-256 为 {got}，与规则库中记载的 {want} 不符：文件可能已被修改或不是同一份文件"),
                ));
            }
        }
        let Ok(text) = String::from_utf8(bytes) else {
            problems.push((
                field,
                "rules.source_unreadable",
                format!("原文文件 {file} 不是 UTF-8 编码的文本"),
            ));
            continue;
        };
        for (path, _, quote) in quotes.iter().filter(|(_, d, _)| d == id) {
            if !workrelief::rules::quoted_in(&text, quote) {
                problems.push((
                    path.clone(),
                    "rules.quote_not_in_text",
                    format!(
                        "引文“{quote}”未在原文 {file} 中找到（已忽略空白）；引文须与原文逐字一致"
                    ),
                ));
            }
        }
    }
    problems
}

fn check(args: &[String]) -> Result<ExitCode, String> {
    let (files, options) = split(args, &["--texts"])?;
    if files.is_empty() {
        return Err("请指定至少一个规则库文件".to_owned());
    }
    let texts = options
        .iter()
        .rev()
        .find(|(f, _)| f == "--texts")
        .map(|(_, d)| Path::new(d.as_str()).to_owned());
    if let Some(dir) = &texts {
        if !dir.is_dir() {
            return Err(format!("--texts：{} 不是文件夹", dir.display()));
        }
    }
    let mut clean = true;
    for file in &files {
        let json = match read_text(Path::new(file)) {
            Ok(j) => j,
            Err(message) => {
                say!("{file}：{message}");
                clean = false;
                continue;
            }
        };
        let mut errors = match load(&json) {
            Ok(_) => Vec::new(),
            Err(errors) => errors
                .into_iter()
                .map(|e| (e.path.clone(), e.code(), e.kind.to_string()))
                .collect::<Vec<_>>(),
        };
        if let (Some(dir), Ok(raw)) = (&texts, serde_json::from_str::<Value>(&json)) {
            errors.extend(check_texts(&raw, dir));
        }
        if errors.is_empty() {
            let what = if is_overlay(&json) {
                "叠加规则库"
            } else {
                "规则库"
            };
            let checked = if texts.is_some() {
                "，引文均已在原文中找到"
            } else {
                ""
            };
            say!("{file}：{what}没有问题{checked}");
        } else {
            clean = false;
            say!("{file}：共 {} 处问题", errors.len());
            for (path, code, message) in errors {
                let path = if path.is_empty() {
                    "（整个文件）".to_owned()
                } else {
                    path
                };
                say!("  {path}  [{code}] {}", crate::safe(&message));
            }
        }
    }
    Ok(ExitCode::from(if clean { 0 } else { 2 }))
}

// ---- diff ----

fn load_file(file: &str) -> Result<RuleBook, String> {
    let json = read_text(Path::new(file))?;
    load(&json).map_err(|errors| {
        let lines: Vec<String> = errors
            .iter()
            .map(|e| format!("  [{}] {e}", e.code()))
            .collect();
        format!(
            "规则库 {file} 无效，共 {} 处问题：\n{}",
            errors.len(),
            lines.join("\n")
        )
    })
}

fn diff_cmd(args: &[String]) -> Result<ExitCode, String> {
    let (files, options) = split(args, &["--format"])?;
    let json = format_of(&options)?;
    let [old, new] = files.as_slice() else {
        return Err("rules diff 需要两个规则库文件：OLD NEW".to_owned());
    };
    let (old, new) = (load_file(old)?, load_file(new)?);
    let d = diff(&old, &new);
    if json {
        say!("{}", serde_json::to_string_pretty(&d).unwrap_or_default());
    } else {
        say_raw!("{d}");
    }
    Ok(ExitCode::SUCCESS)
}

// ---- show ----

fn show(args: &[String]) -> Result<ExitCode, String> {
    let (rest, options) = split(args, &["--as-of", "--region", "--rules", "--format"])?;
    if let Some(extra) = rest.first() {
        return Err(format!("rules show 不接受参数“{extra}”"));
    }
    let json = format_of(&options)?;
    let mut as_of = crate::today();
    let mut region = None;
    let mut book: Option<RuleBook> = None;
    for (flag, value) in &options {
        match flag.as_str() {
            "--as-of" => as_of = Date::parse(value).map_err(|e| format!("--as-of：{e}"))?,
            "--region" => {
                region = Some(RegionQuery::parse(value).ok_or_else(|| {
                    format!("--region 应为 national、两位省级代码或六位区划代码，而不是“{value}”")
                })?);
            }
            "--rules" => {
                let text = read_text(Path::new(value))?;
                let base = match book.take() {
                    Some(b) => b,
                    None => RuleBook::builtin().map_err(|_| "内置规则库无效".to_owned())?,
                };
                book = Some(book_on(&base, &text).map_err(|errors| {
                    let lines: Vec<String> = errors
                        .iter()
                        .map(|e| format!("  [{}] {e}", e.code()))
                        .collect();
                    format!(
                        "规则库 {value} 无效，共 {} 处问题：\n{}",
                        errors.len(),
                        lines.join("\n")
                    )
                })?);
            }
            _ => {}
        }
    }
    let book = match book {
        Some(b) => b,
        None => RuleBook::builtin().map_err(|_| "内置规则库无效".to_owned())?,
    };
    let view = in_force(&book, as_of, region.as_ref());
    if json {
        say!(
            "{}",
            serde_json::to_string_pretty(&view).unwrap_or_default()
        );
    } else {
        say_raw!("{view}");
    }
    Ok(ExitCode::SUCCESS)
}

// ---- test ----

fn test(args: &[String]) -> Result<ExitCode, String> {
    let (files, _) = split(args, &[])?;
    let Some((book_file, cases)) = files.split_first() else {
        return Err("rules test 需要一个规则库文件和至少一个案例文件：BOOK CASES...".to_owned());
    };
    if cases.is_empty() {
        return Err("rules test 需要至少一个案例文件".to_owned());
    }
    let book_json = if book_file == "builtin" {
        DEFAULT_RULES_JSON.to_owned()
    } else {
        read_text(Path::new(book_file))?
    };
    let overlay = is_overlay(&book_json);
    let book = load(&book_json).map_err(|errors| {
        let lines: Vec<String> = errors
            .iter()
            .map(|e| format!("  [{}] {e}", e.code()))
            .collect();
        format!(
            "规则库 {book_file} 无效，共 {} 处问题：\n{}",
            errors.len(),
            lines.join("\n")
        )
    })?;
    let (mut passed, mut failed) = (0usize, 0usize);
    let mut broken = false;
    for file in cases {
        let raw: Value = match read_text(Path::new(file)).and_then(|t| {
            serde_json::from_str(&t).map_err(|e| format!("{file} 不是有效的 JSON：{e}"))
        }) {
            Ok(v) => v,
            Err(message) => {
                say!("{}", crate::safe(&message));
                broken = true;
                continue;
            }
        };
        // The overlays a case file's `rules` names are read beside the case file.
        let dir = Path::new(file).parent().unwrap_or(Path::new(""));
        let read = |name: &str| read_text(&dir.join(name));
        let outcome = if raw.get("patch").is_none_or(Value::is_null) {
            with_overlays(book.clone(), &raw, read).and_then(|book| run_cases(&book, &raw))
        } else if overlay {
            Err(CaseFileError::Format(
                "带 patch 的案例文件只能用于完整规则库，不能用于叠加规则库".to_owned(),
            ))
        } else {
            run_file_with(&book_json, &raw, read)
        };
        match outcome {
            Ok(outcomes) => {
                say!("{file}：");
                for case in outcomes {
                    if case.diffs.is_empty() {
                        passed += 1;
                        say!("  通过    {}", case.name);
                    } else {
                        failed += 1;
                        say!("  不通过  {}", case.name);
                        for d in &case.diffs {
                            say!("          {}", crate::safe(d));
                        }
                    }
                }
            }
            Err(CaseFileError::Format(message)) => {
                say!("{file}：无法运行：{}", crate::safe(&message));
                broken = true;
            }
            Err(CaseFileError::Book(errors)) => {
                say!("{file}：打上 patch 后规则库无效：");
                print_errors(&errors);
                broken = true;
            }
            Err(CaseFileError::Overlay {
                file: overlay_file,
                errors,
            }) => {
                say!(
                    "{file}：rules 中的叠加规则库 {} 无法加在规则库上：",
                    crate::safe(&overlay_file)
                );
                print_errors(&errors);
                broken = true;
            }
        }
    }
    say!(
        "共 {} 例：{passed} 例通过，{failed} 例不通过",
        passed + failed
    );
    Ok(ExitCode::from(if broken {
        2
    } else if failed > 0 {
        1
    } else {
        0
    }))
}
