//! Reviewers' plan files: XLSX, CSV (UTF-8 with or without BOM, GBK/GB18030, UTF-16) and JSON,
//! read row by row into proposals and checked. A bad cell makes its row invalid with the column
//! named; every other row is still checked; a file that is not a plan gets one clear error.
//!
//! Architecture invariant: like the rest of the core, this takes bytes and returns values. No
//! input, however malformed, panics: sizes, row counts and decompression are bounded.

pub mod delimited;
pub mod export;
pub mod fast;
pub mod header;
mod magic;
pub mod ole;
pub mod plan;
pub mod preview;
pub mod roster;
pub mod share;
pub mod table;
pub mod warning;
#[cfg(feature = "xls")]
pub mod xls;
pub mod xlsx;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::check::{Problem, Status, Verdict};
use crate::facts::{Field, Value};
use crate::judge::{judge, Doubt, Facts, FloorFen};

use crate::date::Date;
use crate::money::{Money, Unit};
use crate::proposal::{Given, Group, Source};
use crate::raw::Raw;
use crate::rules::{Rule, RuleBook};
pub use plan::{PlanFile, SortKey, StatusFilter};

use header::{Column, Unmapped};
use table::{number_text, Cell, Row};

/// The largest file accepted by default, in bytes (50 MB).
pub const DEFAULT_MAX_BYTES: usize = 50 * 1024 * 1024;

/// The most rows a file may have.
pub const MAX_ROWS: usize = 1_000_000;

/// The heap a file may take while it is read and checked, its own bytes included: 64 MiB and
/// a multiple of its size, by format (4 for CSV, 16 for JSON, 24 for workbooks). The CSV
/// reader holds its text and bounded state, so stays within it by construction; the JSON and
/// workbook readers count what they allocate and refuse a file past it
/// ([`ImportError::OverBudget`]) before they allocate it. ARCHITECTURE.md, "Memory".
pub fn heap_budget(format: Format, file_size: usize) -> usize {
    (64usize << 20).saturating_add(per_byte(format).saturating_mul(file_size))
}

/// The multiple of a file's size in its [`heap_budget`].
fn per_byte(format: Format) -> usize {
    match format {
        Format::Csv => 4,
        Format::Json => 16,
        Format::Xlsx | Format::Xls => 24,
    }
}

/// The most columns a row is read with: Excel's (A to XFD). A CSV line may hold millions of
/// delimiters; the fields past this column are not read (with a warning when there are any).
pub const MAX_COLUMNS: usize = 16_384;

/// The kind of file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// An Excel workbook.
    Xlsx,
    /// An Excel 97-2003 workbook (BIFF8; builds with the `xls` feature).
    Xls,
    /// Comma- or tab-separated text.
    Csv,
    /// A JSON proposal or array of proposals.
    Json,
}

/// How to read a plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportOptions {
    /// Judge with the rules in force on this date instead of each row's date (or today).
    pub as_of: Option<Date>,
    /// The sheet to read (XLSX); default: the sheet whose header names the most plan columns.
    pub sheet: Option<String>,
    /// The unit of amount columns whose header names none.
    pub unit: Unit,
    /// The largest file accepted, in bytes.
    pub max_bytes: usize,
    /// Whether `checkPlans` puts every row's full verdict in the report (default); without,
    /// rows are compact (status, ratio, floor, shortfall, errors), much faster for big files.
    pub verdicts: bool,
}

impl Default for ImportOptions {
    fn default() -> ImportOptions {
        ImportOptions {
            as_of: None,
            sheet: None,
            unit: Unit::Yuan,
            max_bytes: DEFAULT_MAX_BYTES,
            verdicts: true,
        }
    }
}

impl ImportOptions {
    /// Reads options from loose input `{ asOf?, sheet?, unit?, maxBytes? }`; problems are
    /// returned with the field they concern (`options.asOf`, ...).
    pub fn from_raw(raw: &Raw) -> (ImportOptions, Vec<Problem>) {
        let mut options = ImportOptions::default();
        let mut problems = Vec::new();
        let Raw::Map(entries) = raw else {
            if !matches!(raw, Raw::Null) {
                problems.push(Problem::new("input.wrong_type", "options", "选项应为对象"));
            }
            return (options, problems);
        };
        for (key, value) in entries {
            let field = format!("options.{key}");
            let text = match value {
                Raw::Str(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
                _ => None,
            };
            match (key.as_str(), value) {
                (_, Raw::Null) => {}
                ("asOf", _) => match text.as_deref().map(Date::parse) {
                    Some(Ok(d)) => options.as_of = Some(d),
                    Some(Err(e)) => problems.push(Problem::new(e.code(), field, e.to_string())),
                    None => problems.push(Problem::new(
                        "input.wrong_type",
                        field,
                        "核算日期应为年-月-日格式的文本，如 2025-06-30",
                    )),
                },
                ("sheet", _) => options.sheet = text,
                ("unit", _) => match text.as_deref().and_then(Unit::parse) {
                    Some(u) => options.unit = u,
                    None => problems.push(Problem::new(
                        "input.unknown_unit",
                        field,
                        "金额单位应为 元 或 万元",
                    )),
                },
                ("maxBytes", Raw::UInt(n)) => {
                    options.max_bytes = usize::try_from(*n).unwrap_or(usize::MAX)
                }
                ("verdicts", Raw::Bool(b)) => options.verdicts = *b,
                ("verdicts", _) => problems.push(Problem::new(
                    "input.wrong_type",
                    field,
                    "verdicts 应为 true 或 false",
                )),
                ("maxBytes", _) => problems.push(Problem::new(
                    "input.wrong_type",
                    field,
                    "maxBytes 应为正整数",
                )),
                _ => problems.push(Problem::new(
                    "input.unknown_field",
                    field,
                    format!("未识别的选项{}，已忽略", crate::text::quote(key)),
                )),
            }
        }
        (options, problems)
    }
}

/// Options a caller may pass as a JSON / JS object (for the TypeScript declaration; read
/// loosely by [`ImportOptions::from_raw`]).
#[derive(Debug, Clone, Default, Serialize, serde::Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct PlanOptionsInput {
    /// Judge with the rules in force on this date (`YYYY-MM-DD`) instead of each row's date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub as_of: Option<String>,
    /// The XLSX sheet to read; default: the sheet whose header names the most plan columns.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub sheet: Option<String>,
    /// The unit of amount columns whose header names none: `元` (default) or `万元`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub unit: Option<String>,
    /// The largest file accepted, in bytes (default 50 MB).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub max_bytes: Option<u32>,
    /// `false` leaves out each row's full verdict (compact rows: much faster for big files).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub verdicts: Option<bool>,
}

/// Why a file cannot be read as a plan at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ImportError {
    /// The file is empty.
    #[error("文件是空的")]
    Empty,
    /// The file is larger than the limit.
    #[error("文件大小 {size} 字节，超过了上限 {limit} 字节（{}）", mb(*limit))]
    TooLarge {
        /// The file's size.
        size: usize,
        /// The limit.
        limit: usize,
    },
    /// No header row with known column names.
    #[error("没有找到表头：请确认文件含有“劳务报酬”列及项目名称、项目类型、资金等列（可识别的列名：{0}）")]
    NotAPlan(String),
    /// No header row with the roster's column names.
    #[error("没有找到人员名单的表头：请确认文件含有“身份证号”列（可识别的列名：{0}）")]
    NotARoster(String),
    /// A file that is no table at all (an image, a PDF, a Word document, an archive, a
    /// program), told by its first bytes (`import::magic`).
    #[error("这是{what}，不是表格文件。请上传 XLSX、XLS、CSV 或 JSON 格式的{expected}。")]
    NotATable {
        /// What the file is (`一张 PNG 图片`).
        what: &'static str,
        /// What was asked for (`项目计划表`, `人员名单`).
        expected: &'static str,
    },
    /// JSON whose items name none of a plan's fields (`{"hello":"world"}`, `[]`, `[1,2]`).
    #[error(
        "这个 JSON 文件里没有项目计划字段（如 项目类型、中央资金、劳务报酬），不是项目计划表。"
    )]
    JsonNotAPlan,
    /// JSON that holds no list of people with a roster's fields.
    #[error("这个 JSON 文件里没有人员名单字段（如 身份证号、人员类别、务工月数），不是人员名单。")]
    JsonNotARoster,
    /// A zip archive that is not an XLSX workbook.
    #[error("{0}")]
    NotXlsx(String),
    /// An Excel 97-2003 file, in a build without the .xls reader (the review page's workers
    /// then load the module that has it, so users do not see this).
    #[error("Excel 97-2003（.xls）文件需由 .xls 读取模块读取，当前模块不含此功能")]
    Xls,
    /// An encrypted workbook: an OLE container holding an encrypted package (.xlsx with a
    /// password) or a BIFF workbook with a `FilePass` record (.xls with a password).
    #[error("文件设置了打开密码，请取消密码后再上传")]
    Encrypted,
    /// An Excel 97-2003 workbook that cannot be read.
    #[error("XLS 文件无法读取：{0}")]
    BadXls(String),
    /// An archive that decompresses to more than the bound.
    #[error("压缩内容超过上限 {}，可能是恶意构造的压缩文件，已拒绝解压", mb(*limit as usize))]
    ZipBomb {
        /// The bound, in bytes.
        limit: u64,
    },
    /// A workbook that cannot be read.
    #[error("XLSX 文件无法读取：{0}")]
    BadXlsx(String),
    /// Reading the file would take more memory than its [`heap_budget`]: a workbook part
    /// that unpacks to far more than the file, a sheet whose cells spread far, JSON of very
    /// many small values. Refused before the memory is taken.
    #[error("{what}，读取需要的内存超过了这个文件的上限 {} 兆字节（文件大小的 {} 倍加 64 兆字节），已拒绝读取。压缩率这样高或内容这样零碎的文件通常是恶意构造的；如确为正常的表格，请删除多余的空行、空列和远处的单元格后另存，或拆分文件", limit >> 20, per_byte(*format))]
    OverBudget {
        /// What would take the memory, in words for the user.
        what: String,
        /// The file's budget, in bytes.
        limit: usize,
        /// The file's format.
        format: Format,
    },
    /// The sheet asked for is not in the workbook.
    #[error(
        "工作簿中没有名为{}的工作表（现有：{available}）",
        crate::text::quote(sheet)
    )]
    NoSuchSheet {
        /// The sheet asked for.
        sheet: String,
        /// The sheets there are, each quoted ([`crate::text::quote`]), joined with `、`.
        available: String,
    },
    /// The file is not JSON: it ends early (`eof`: cut off while saved or sent) or holds
    /// something JSON does not allow.
    #[error("{}", if *eof {
        format!("JSON 文件在第 {line} 行第 {column} 列处意外结束，文件可能不完整（{message}）")
    } else {
        format!("JSON 格式错误（第 {line} 行第 {column} 列）：{message}")
    })]
    BadJson {
        /// Line, from 1.
        line: usize,
        /// Column, from 1, in characters.
        column: usize,
        /// What is wrong there, in Chinese ([`crate::raw::JsonError`]).
        message: String,
        /// Whether the text ends before the JSON does.
        eof: bool,
    },
    /// JSON that is neither a proposal nor an array of proposals.
    #[error("JSON 应为一个项目对象或项目数组")]
    NotProposals,
    /// The CSV reader failed.
    #[error("CSV 文件第 {row} 行无法读取")]
    BadCsv {
        /// The row (line) where the record starts, from 1.
        row: u32,
    },
    /// More rows than the limit.
    #[error("行数超过上限 {limit} 行，请拆分文件")]
    TooManyRows {
        /// The limit.
        limit: usize,
    },
}

fn mb(bytes: usize) -> String {
    format!("{} MB", bytes / (1024 * 1024))
}

impl ImportError {
    /// The stable machine code of this error.
    pub fn code(&self) -> &'static str {
        match self {
            ImportError::Empty => "import.empty",
            ImportError::TooLarge { .. } => "import.too_large",
            ImportError::NotAPlan(_) => "import.not_a_plan",
            ImportError::NotARoster(_) => "import.not_a_roster",
            ImportError::NotATable { .. } => "import.not_a_table",
            ImportError::JsonNotAPlan => "import.json_not_a_plan",
            ImportError::JsonNotARoster => "import.json_not_a_roster",
            ImportError::NotXlsx(_) => "import.not_xlsx",
            ImportError::Xls => "import.xls",
            ImportError::Encrypted => "import.encrypted",
            ImportError::BadXls(_) => "import.bad_xls",
            ImportError::ZipBomb { .. } => "import.zip_bomb",
            ImportError::BadXlsx(_) => "import.bad_xlsx",
            ImportError::OverBudget { .. } => "import.over_budget",
            ImportError::NoSuchSheet { .. } => "import.no_such_sheet",
            ImportError::BadJson { .. } => "import.bad_json",
            ImportError::NotProposals => "import.not_proposals",
            ImportError::BadCsv { .. } => "import.bad_csv",
            ImportError::TooManyRows { .. } => "import.too_many_rows",
        }
    }
}

/// A row that is in the file but is not a project.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Skipped {
    /// Row number in the file.
    pub row: u32,
    /// Why it was skipped.
    pub reason: String,
}

/// One checked row, compact enough for a table of a hundred thousand.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct RowReport {
    /// Row number in the file.
    pub row: u32,
    /// 项目名称, when given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The verdict's status.
    pub status: Status,
    /// The floor rule the ratio and shortfall belong to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    /// Its ratio, truncated to 4 decimals.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ratio: Option<String>,
    /// Its floor.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub floor: Option<String>,
    /// Its shortfall, yuan.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shortfall: Option<Money>,
    /// `floor × base` rounded up to the fen: the least labour that meets the floor (for the
    /// exports; not in the JS form).
    #[serde(skip)]
    pub threshold: Option<Money>,
    /// The first error with its column, for the table (invalid rows).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Every error of the row, with row and column.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<Problem>,
    /// Remarks on the row the table shows: a stated share (`劳务报酬占比`) its amounts
    /// contradict, or that is rounded over a shortfall, or cannot be read.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<Problem>,
    /// Why a row that has a floor is not judged (`review`): its base funds have no column in
    /// the file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The full verdict (omitted when verdicts are produced on demand).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verdict: Option<Verdict>,
}

impl RowReport {
    /// A valid row as the table shows it: its status and the floor shown (the rule, the ratio
    /// and the shortfall), without the words of a verdict.
    pub fn compact(
        row: u32,
        status: Status,
        name: Option<String>,
        floor: Option<(&Rule, FloorFen)>,
    ) -> RowReport {
        let outcome = floor.map(|(_, fen)| fen.outcome());
        RowReport {
            row,
            name,
            status,
            rule: floor.map(|(r, _)| r.id.clone()),
            ratio: outcome
                .and_then(|o| o.ratio)
                .map(|r: Decimal| r.to_string()),
            floor: floor
                .and_then(|(r, _)| r.params.as_ref())
                .map(|p| p.floor.to_string()),
            shortfall: outcome.and_then(|o| o.shortfall),
            threshold: outcome.and_then(|o| o.threshold),
            error: None,
            errors: Vec::new(),
            warnings: Vec::new(),
            note: None,
            verdict: None,
        }
    }
}

/// Counts by status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Summary {
    /// Rows that pass.
    pub pass: usize,
    /// Rows that fail.
    pub fail: usize,
    /// Rows a person must judge.
    pub review: usize,
    /// Rows with input errors.
    pub invalid: usize,
    /// All project rows.
    pub total: usize,
}

impl Summary {
    /// Counts one more row.
    pub fn add(&mut self, status: Status) {
        self.total += 1;
        match status {
            Status::Pass => self.pass += 1,
            Status::Fail => self.fail += 1,
            Status::Review => self.review += 1,
            Status::Invalid => self.invalid += 1,
        }
    }
}

/// The result of checking a plan file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct PlanReport {
    /// The file's name.
    pub file_name: String,
    /// What kind of file it is, when it could be told.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub format: Option<Format>,
    /// The text encoding (CSV, JSON).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encoding: Option<String>,
    /// The sheet read (XLSX).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// The workbook's other sheets, not read (XLSX).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub other_sheets: Vec<String>,
    /// The header row's number (its last row, when it spans several).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub header_row: Option<u32>,
    /// Every row the header spans (one, or two or three under merged group cells).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub header_rows: Vec<u32>,
    /// The unit line above the header (`单位：万元`), which applies to every amount column
    /// whose header names no unit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit_line: Option<header::UnitLine>,
    /// The rule book version used.
    pub rule_book_version: String,
    /// Counts by status.
    pub summary: Summary,
    /// Recognised columns.
    pub columns: Vec<Column>,
    /// Ignored columns.
    pub unmapped: Vec<Unmapped>,
    /// Rows that are not projects (blank rows are not listed).
    pub skipped: Vec<Skipped>,
    /// One entry per project row.
    pub rows: Vec<RowReport>,
    /// Problems with the file as a whole (a file that is not a plan has exactly one).
    pub errors: Vec<Problem>,
    /// Remarks about the file.
    pub warnings: Vec<Problem>,
}

/// Tells the format from the first bytes, then the file name.
fn sniff(bytes: &[u8], file_name: &str) -> Result<Format, ImportError> {
    let lower = file_name.to_ascii_lowercase();
    if let Some(what) = magic::not_a_table(bytes) {
        return Err(ImportError::NotATable {
            what,
            expected: "项目计划表",
        });
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return Ok(Format::Xlsx);
    }
    if bytes.starts_with(&ole::SIGNATURE) {
        return match ole::inspect(bytes) {
            ole::Ole::Encrypted => Err(ImportError::Encrypted),
            ole::Ole::Workbook if cfg!(feature = "xls") => Ok(Format::Xls),
            ole::Ole::Workbook => Err(ImportError::Xls),
            ole::Ole::Other => Err(ImportError::BadXls(
                "文件中没有 Excel 工作簿，可能是 Word 等其他 Office 文件或已损坏".to_owned(),
            )),
        };
    }
    let start = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let first = start.iter().find(|b| !b.is_ascii_whitespace());
    if matches!(first, Some(b'[' | b'{')) || lower.ends_with(".json") {
        return Ok(Format::Json);
    }
    if lower.ends_with(".xlsx") {
        return Err(ImportError::NotXlsx(
            "文件扩展名为 .xlsx，但内容不是 XLSX 工作簿".to_owned(),
        ));
    }
    Ok(Format::Csv)
}

/// Applies the limits every file goes through (size, emptiness) and tells its format.
fn open(bytes: &[u8], file_name: &str, options: &ImportOptions) -> Result<Format, ImportError> {
    if bytes.len() > options.max_bytes {
        return Err(ImportError::TooLarge {
            size: bytes.len(),
            limit: options.max_bytes,
        });
    }
    let trimmed = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if trimmed.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ImportError::Empty);
    }
    sniff(bytes, file_name)
}

/// A table file's rows before any meaning is given to them.
struct Table {
    rows: Vec<Row>,
    /// The text encoding (CSV).
    encoding: Option<String>,
    /// The sheet read (XLSX).
    sheet: Option<String>,
}

/// Reads one sheet of a workbook (XLSX, or .xls in builds with the `xls` feature): the rows and
/// the sheet's name.
fn read_sheet(
    bytes: &[u8],
    format: Format,
    options: &ImportOptions,
) -> Result<(Vec<Row>, String), ImportError> {
    match format {
        #[cfg(feature = "xls")]
        Format::Xls => xls::read(bytes, options.sheet.as_deref(), MAX_ROWS),
        #[cfg(not(feature = "xls"))]
        Format::Xls => Err(ImportError::Xls),
        _ => xlsx::read(bytes, options.sheet.as_deref(), MAX_ROWS),
    }
}

/// Reads the sheet of a workbook (XLSX, or .xls in builds with the `xls` feature) that holds a
/// plan: the one named in the options, or else the one `score` rates highest (see
/// [`xlsx::read_best`]), with the warnings about how it was read.
fn read_best_sheet(
    bytes: &[u8],
    format: Format,
    options: &ImportOptions,
    score: &xlsx::Score<'_>,
) -> Result<xlsx::Sheet, ImportError> {
    match format {
        #[cfg(feature = "xls")]
        Format::Xls => xls::read_best(bytes, options.sheet.as_deref(), MAX_ROWS, score),
        #[cfg(not(feature = "xls"))]
        Format::Xls => {
            let _ = score;
            Err(ImportError::Xls)
        }
        _ => xlsx::read_best(bytes, options.sheet.as_deref(), MAX_ROWS, score),
    }
}

/// Reads an XLSX, .xls or CSV file into rows.
fn read_table(bytes: &[u8], format: Format, options: &ImportOptions) -> Result<Table, ImportError> {
    if matches!(format, Format::Xlsx | Format::Xls) {
        let (rows, sheet) = read_sheet(bytes, format, options)?;
        return Ok(Table {
            rows,
            encoding: None,
            sheet: Some(sheet),
        });
    }
    let (text, encoding, _) = delimited::decode(bytes);
    Ok(Table {
        rows: delimited::read(&text, MAX_ROWS)?,
        encoding: Some(encoding.to_owned()),
        sheet: None,
    })
}

/// The unit a row's 金额单位 column gives, when it holds one.
fn row_unit(columns: &[Column], row: &Row) -> Option<Unit> {
    let column = columns.iter().find(|c| c.field == Field::Unit)?;
    match row.cell(column.index) {
        Cell::Text(t) => Unit::parse(t),
        _ => None,
    }
}

/// A spreadsheet row as the proposal reader's [`Source`]: each field's first filled column,
/// each amount cell read straight into money in its column's unit (the header's, else the
/// row's 金额单位 cell's, else the unit line's or the caller's), by the rules loose input is
/// read by. A column headed just `单位` that holds no unit (the names of organisations) is left
/// out.
pub(crate) struct RowSource<'r> {
    /// The row's filled fields in column order, an amount with the unit its cell is read in
    /// (`None`: the row's own, see `row_in`).
    cells: Vec<(Field, &'r Cell, Option<Unit>)>,
    /// The row's unit when every amount column of the row is in 万元 and no cell gives one:
    /// its plain numbers are read in it as typed (so that one of seven digits is warned as
    /// yuan typed under 万元, as in the self-check), and a cell that is no plain number (`五百`,
    /// `12abc`) is told 万元 examples.
    row_in: Option<Unit>,
}

impl<'r> RowSource<'r> {
    pub(crate) fn new(columns: &[Column], row: &'r Row, default_unit: Unit) -> RowSource<'r> {
        let given = row_unit(columns, row);
        let default_unit = given.unwrap_or(default_unit);
        let mut units = columns
            .iter()
            .filter(|c| c.field.is_amount() && !c.ambiguous)
            .map(|c| c.unit_value.unwrap_or(default_unit));
        let row_in = match (given, units.next()) {
            (None, Some(Unit::Wan)) if units.all(|u| u == Unit::Wan) => Some(Unit::Wan),
            _ => None,
        };
        let mut cells = Vec::new();
        for column in columns {
            let cell = row.cell(column.index);
            let Some(field) = column.field.plan() else {
                continue;
            };
            if cell.is_blank() || matches!(field.value(), Value::Ordinal | Value::Share) {
                continue;
            }
            if column.ambiguous && given.is_none() {
                continue;
            }
            let unit = column.unit_value.unwrap_or(default_unit);
            cells.push((field, cell, (row_in != Some(unit)).then_some(unit)));
        }
        RowSource { cells, row_in }
    }
}

impl Source for RowSource<'_> {
    fn not_object(&self) -> Option<&'static str> {
        None
    }

    fn unknown(&self, _group: &str, _allowed: &[&str]) -> Vec<String> {
        Vec::new()
    }

    fn group(&self, group: &str) -> Group {
        if self.cells.iter().any(|(f, _, _)| f.group() == Some(group)) {
            Group::Object
        } else {
            Group::Absent
        }
    }

    fn get(&self, field: Field) -> Option<Given<'_>> {
        let Some(&(_, cell, unit)) = self.cells.iter().find(|(f, _, _)| *f == field) else {
            return match (field, self.row_in) {
                (Field::Unit, Some(unit)) => Some(Given::Unit(unit)),
                _ => None,
            };
        };
        Some(match field.value() {
            Value::Amount => amount_given(cell, unit),
            Value::Date => date_given(cell),
            // A number cell of a count column is the number it holds, not its text.
            Value::Count => match cell {
                Cell::Number(f) => Given::Cell(Raw::Float(*f)),
                other => Given::Cell(text_raw(other)),
            },
            _ => Given::Cell(text_raw(cell)),
        })
    }
}

/// The file position of a field's problem: `E（中央资金（万元））` for tables, the field's
/// label for JSON (`中央资金` for `funds.central`: the path stays in the problem's `field`).
fn column_of(format: Format, columns: &[Column], field: &str) -> Option<String> {
    if format == Format::Json {
        // The field's Chinese label; a key the plan does not have is quoted in its message.
        return header::label(field, header::PLAN).map(str::to_owned);
    }
    columns
        .iter()
        .find(|c| c.field.path() == field)
        .map(|c| format!("{}（{}）", c.column, c.header))
}

/// Gives a row's problem its row and the column as the file names it.
fn locate(p: &mut Problem, format: Format, columns: &[Column], row: u32) {
    p.row = Some(row);
    p.column = column_of(format, columns, &p.field);
}

/// The floor a row shows: where its rule is in the book, the rule, and its judgement.
pub(crate) type Shown<'b> = (usize, &'b Rule, FloorFen);

/// Checks one row read loosely (a table row through [`RowSource`], or a JSON item), whose
/// source has no place for the `unread` funds. Without `with_verdict` a valid row is rendered
/// compactly: the same status and figures without the words of a verdict. Either way, the
/// floor the row shows (which a table that does not keep the report sorts the row by) and why
/// its judgement is in doubt come back with it.
#[allow(clippy::too_many_arguments)]
fn check_loose_row<'b>(
    book: &'b RuleBook,
    format: Format,
    columns: &[Column],
    raw: &(impl Source + ?Sized),
    row: u32,
    options: &ImportOptions,
    today: Date,
    with_verdict: bool,
    stated: Option<&StatedCell>,
    unread: [bool; 5],
) -> (RowReport, Option<Shown<'b>>, Option<Doubt>, Option<Date>) {
    let (parsed, errors, warnings) = crate::proposal::read_from(book, raw, "");
    let warnings: Vec<Problem> = warnings.iter().map(Problem::from).collect();
    let located = |mut p: Problem| {
        locate(&mut p, format, columns, row);
        p
    };
    // An amount that looks typed in the other unit is a remark the table shows on the row.
    let unit_suspect = |warnings: &[Problem]| -> Vec<Problem> {
        warnings
            .iter()
            .filter(|w| w.code == crate::proposal::UNIT_SUSPECT)
            .cloned()
            .map(located)
            .collect()
    };
    let Some(facts) = parsed.filter(|_| errors.is_empty()) else {
        // What `check_raw` gives input with errors (the only option, a valid `asOf`, adds no
        // problem of its own).
        let mut verdict = crate::check::invalid(
            book,
            errors.iter().map(Problem::from).map(located).collect(),
            warnings.into_iter().map(located).collect(),
        );
        let problem = stated.and_then(|s| s.problem(row, None));
        verdict.warnings.extend(problem.clone());
        let unit_suspect = unit_suspect(&verdict.warnings);
        let name = match raw.get(Field::Name).as_ref().and_then(Given::loose) {
            Some(Raw::Str(s)) => Some(s.trim().to_owned()),
            _ => None,
        };
        let mut report = RowReport::compact(row, Status::Invalid, name, None);
        report.error = verdict.errors.first().map(|e| match &e.column {
            Some(c) => format!("{c}：{}", e.message),
            None => e.message.clone(),
        });
        report.errors = verdict.errors.clone();
        report.verdict = with_verdict.then_some(verdict);
        report.warnings.extend(problem);
        report.warnings.extend(unit_suspect);
        return (report, None, None, None);
    };
    let date = options.as_of.or(facts.date).unwrap_or(today);
    let facts = Facts {
        unread,
        unit_in_doubt: warnings
            .iter()
            .any(|w| w.code == crate::proposal::UNIT_SUSPECT),
        ..facts
    };
    let judgement = judge(book, &facts, date);
    let shown = judgement.shown();
    let floor = shown.map(|(_, rule, fen)| (rule, fen));
    let problem = stated.and_then(|s| s.problem(row, floor));
    let mut report = RowReport::compact(
        row,
        judgement.status,
        facts.name.as_deref().map(str::to_owned),
        floor,
    );
    let unit_suspect = if with_verdict {
        let mut verdict = crate::check::explain(book, &judgement, &facts, date, warnings);
        for w in &mut verdict.warnings {
            locate(w, format, columns, row);
        }
        let unit_suspect = unit_suspect(&verdict.warnings);
        verdict.warnings.extend(problem.clone());
        report.verdict = Some(verdict);
        unit_suspect
    } else {
        unit_suspect(&warnings)
    };
    report.warnings.extend(problem);
    report.warnings.extend(unit_suspect);
    (report, shown, judgement.doubt, Some(date))
}

/// A row's stated-share cell, read, with its column as the file names it.
#[derive(Debug, Clone)]
pub(crate) struct StatedCell {
    reading: Result<share::Stated, String>,
    column: String,
    /// The base its header names (`占总投资比例`: 总投资), if any.
    named_base: Option<String>,
}

/// The base a stated-share header names: `劳务报酬占总投资比例（%）` → `总投资`,
/// `占中央资金比例` → `中央资金`; `劳务报酬占比` names none.
fn named_base(header: &str) -> Option<String> {
    let last = header.rsplit('/').next().unwrap_or(header);
    let after = last.split_once('占')?.1;
    // 占比 names no base.
    if after.starts_with('比') {
        return None;
    }
    let end = ["比例", "占比", "比重", "(", "（", "%", "％"]
        .iter()
        .filter_map(|m| after.find(m))
        .min()
        .unwrap_or(after.len());
    let base = after.get(..end)?.trim_end_matches('的');
    (!base.is_empty()).then(|| base.to_owned())
}

/// Whether a base named in a header is the base of the rule's floor (`中央资金` or `中央` for
/// a floor on central funds; the funds' names joined for a floor on several).
fn is_rule_base(named: &str, rule: &Rule) -> bool {
    let Some(params) = rule.params.as_ref() else {
        return false;
    };
    let names: Vec<&str> = params.base.iter().map(|f| f.name()).collect();
    let short = |n: &str| n.trim_end_matches("资金").to_owned();
    names.join("、") == named
        || names.join("") == named
        || (names.len() == 1
            && names
                .iter()
                .any(|n| *n == named || short(n) == short(named)))
}

impl StatedCell {
    /// Reads the stated-share column of a row, when the plan has one and the cell is not blank.
    pub(crate) fn of<C: fast::Cells>(column: Option<&Column>, cells: &C) -> Option<StatedCell> {
        let column = column?;
        let reading = share::read(
            cells.cell(column.index),
            column.header.contains(['%', '％']),
        )?;
        Some(StatedCell {
            reading,
            column: format!("{}（{}）", column.column, column.header),
            named_base: named_base(&column.header),
        })
    }

    /// The row's remark, given the floor shown and its judgement.
    fn problem(&self, row: u32, floor: Option<(&Rule, FloorFen)>) -> Option<Problem> {
        // A share of another base (总投资, 项目总资金 ...) cannot be compared with the floor's:
        // it is not checked (its column is listed as read; the verdict never uses it).
        if let (Some(named), Some((rule, _))) = (&self.named_base, floor) {
            if !is_rule_base(named, rule) {
                return None;
            }
        }
        let floor = floor.and_then(|(rule, fen)| {
            Some((
                rule.params.as_ref()?.floor,
                fen.base_fen(),
                fen.labour_fen(),
                fen.ok,
            ))
        });
        share::problem(&self.reading, floor, row, &self.column)
    }
}

/// A number with no unit of its own (a currency sign such as `￥500.00`, as Excel writes a
/// currency cell to CSV, names none), so the column's unit applies.
fn is_plain_number(text: &str) -> bool {
    let t = crate::text::fold(text);
    let t = t.strip_prefix('¥').map_or(t.as_str(), str::trim_start);
    !t.is_empty()
        && t.chars()
            .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
}

/// A cell of an amount column as the proposal reader is given it: a number, or text that is
/// a plain number, in `unit` (`None`: the row's), anything else as loose input.
fn amount_given(cell: &Cell, unit: Option<Unit>) -> Given<'_> {
    match cell {
        Cell::Number(f) if f.is_finite() && *f >= 0.0 => Given::Number(*f, unit),
        Cell::Number(f) => Given::Cell(Raw::Float(*f)),
        Cell::Text(t) if is_plain_number(t) => Given::Plain(t.trim(), unit),
        Cell::Text(t) => Given::Cell(Raw::Str(t.clone())),
        Cell::Bool(b) => Given::Cell(Raw::Bool(*b)),
        other => Given::Cell(Raw::Str(other.display())),
    }
}

fn date_given(cell: &Cell) -> Given<'static> {
    match cell {
        Cell::Date(d) => Given::Date(*d),
        // A date typed as a plain number: an Excel serial (1900 date system).
        Cell::Number(f) if f.fract() == 0.0 && (1.0..=2_958_465.0).contains(f) => {
            Date::from_days_since_epoch(*f as i64 - 25_569)
                .map_or_else(|| Given::Cell(Raw::Str(number_text(*f))), Given::Date)
        }
        other => Given::Cell(Raw::Str(other.display())),
    }
}

fn text_raw(cell: &Cell) -> Raw {
    match cell {
        Cell::Text(t) => Raw::Str(t.clone()),
        Cell::Bool(b) => Raw::Bool(*b),
        other => Raw::Str(other.display()),
    }
}

/// Reads a JSON file's text into loose values within its [`heap_budget`]. A value takes a
/// `Raw` (32 bytes; 56 with an object's key), up to twice over as the vectors holding them
/// grow, which from `[1,1,1,…]` is 32 bytes a byte of the file: the values are counted first,
/// a byte at a time, and a file of too many is refused before any is made.
///
/// # Errors
/// [`ImportError::OverBudget`], [`ImportError::BadJson`].
pub(crate) fn read_json(text: &str, file_size: usize) -> Result<Raw, ImportError> {
    let (mut keys, mut others, mut quoted, mut escaped) = (0usize, 1usize, false, false);
    for &b in text.as_bytes() {
        if quoted {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                quoted = false;
            }
        } else {
            match b {
                b'"' => quoted = true,
                b':' => keys += 1,
                b',' | b'[' | b'{' => others += 1,
                _ => {}
            }
        }
    }
    // A comma between an object's entries is counted as a key.
    let values = keys.saturating_mul(56) + others.saturating_sub(keys).saturating_mul(32);
    let limit = heap_budget(Format::Json, file_size);
    let need = values.saturating_mul(2).saturating_add(text.len());
    if need > limit.saturating_sub(file_size) {
        return Err(ImportError::OverBudget {
            what: format!("JSON 文件中有约 {} 个值", keys + others),
            limit,
            format: Format::Json,
        });
    }
    Raw::from_json(text).map_err(|e| ImportError::BadJson {
        line: e.line,
        column: e.column,
        message: e.reason.to_owned(),
        eof: e.eof,
    })
}

/// Makes room in the heap for `bytes` more, at once. On Wasm the allocator grows its memory a
/// 64 KiB page at a time as small allocations need it, and each `memory.grow` costs V8 about
/// 0.2 ms (it replaces the memory's `ArrayBuffer`): a sheet of 100,000 rows grew it a thousand
/// times. Growing once beforehand for what a file will take leaves the freed block on top of
/// the heap, where the small allocations that follow are carved from it. Elsewhere it is a
/// large allocation freed at once. When there is not that much memory nothing happens (an
/// allocation that fails would abort the module).
pub(crate) fn reserve_heap(bytes: usize) {
    let mut room = Vec::<u8>::new();
    let _ = room.try_reserve_exact(bytes);
}

/// Reads and checks a plan file in one call. A file that cannot be read gives a report with
/// one error and no rows.
pub fn check_plan(
    book: &RuleBook,
    bytes: &[u8],
    file_name: &str,
    options: &ImportOptions,
    today: Date,
    with_verdicts: bool,
) -> PlanReport {
    match PlanFile::open(bytes, file_name, options, today) {
        Ok(mut plan) => {
            plan.step(book, usize::MAX, with_verdicts);
            plan.into_report(book)
        }
        Err(e) => failed_report(book, file_name, &e),
    }
}

/// The report for a file that cannot be read as a plan.
pub fn failed_report(book: &RuleBook, file_name: &str, error: &ImportError) -> PlanReport {
    refused_report(
        book,
        file_name,
        vec![Problem::new(error.code(), "", error.to_string())],
    )
}

/// The report of a call whose arguments could not be read (`errors`): no file was read.
pub fn refused_report(book: &RuleBook, file_name: &str, errors: Vec<Problem>) -> PlanReport {
    PlanReport {
        file_name: file_name.to_owned(),
        format: None,
        encoding: None,
        sheet: None,
        other_sheets: Vec::new(),
        header_row: None,
        header_rows: Vec::new(),
        unit_line: None,
        rule_book_version: book.version.clone(),
        summary: Summary::default(),
        columns: Vec::new(),
        unmapped: Vec::new(),
        skipped: Vec::new(),
        rows: Vec::new(),
        errors,
        warnings: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn column(field: Field, index: usize, unit: Option<Unit>) -> Column {
        Column {
            header: field.label().to_owned(),
            field: header::ColumnField::Plan(field),
            label: field.label(),
            column: table::column_letter(index),
            unit: unit.map(|u| u.name().to_owned()),
            index,
            unit_value: unit,
            ambiguous: false,
        }
    }

    /// Each amount cell is read in its column's unit, as a number or as text, and a problem
    /// with it is told on its field with the number as the cell shows it.
    #[test]
    fn row_cells_are_read_in_their_columns_unit() {
        let book = RuleBook::builtin().expect("the built-in rule book");
        let columns = [
            column(Field::Kind, 0, None),
            column(Field::Fund(crate::rules::Fund::Central), 1, Some(Unit::Wan)),
            column(Field::Labour, 2, Some(Unit::Yuan)),
        ];
        let row = |central: Cell, labour: Cell| Row {
            number: 2,
            cells: vec![Cell::Text("central_budget".to_owned()), central, labour],
        };
        let read = |row: &Row| {
            crate::proposal::read_from(&book, &RowSource::new(&columns, row, Unit::Yuan), "")
        };

        let plain = row(Cell::Number(149.99), Cell::Text("¥300,000.50".to_owned()));
        let (p, errors, _) = read(&plain);
        assert!(errors.is_empty(), "{errors:?}");
        let p = p.expect("a valid row");
        assert_eq!(p.funds[0], Some(149_990_000));
        assert_eq!(p.labour, 30_000_050);

        let bad = row(Cell::Text("1.2345678".to_owned()), Cell::Number(0.001));
        let (p, errors, _) = read(&bad);
        assert!(p.is_none());
        let told: Vec<(&str, String)> = errors
            .iter()
            .map(|e| (e.field.as_str(), e.kind.to_string()))
            .collect();
        assert_eq!(told.len(), 2, "{told:?}");
        assert_eq!(told[0].0, "funds.central");
        assert!(
            told[0].1.starts_with("“1.2345678”的精度超过了分"),
            "{told:?}"
        );
        assert_eq!(told[1].0, "labourRemuneration");
        assert!(told[1].1.starts_with("“0.001”的精度超过了分"), "{told:?}");
    }

    /// A 区县代码 cell, as text or as the number a spreadsheet keeps a typed code as, is read
    /// alike by the fast reader and the proposal reader; a cell the fast reader does not take
    /// (a county of another province, a prefecture's code, a fraction) the proposal reader
    /// refuses too, and explains.
    #[test]
    fn a_county_cell_reads_alike_by_both_readers() {
        let book = RuleBook::builtin().unwrap();
        let columns = vec![
            column(Field::Kind, 0, None),
            column(Field::Province, 1, None),
            column(Field::County, 2, None),
            column(Field::Fund(crate::rules::Fund::Central), 3, Some(Unit::Wan)),
            column(Field::Labour, 4, Some(Unit::Wan)),
        ];
        let layout = fast::Layout::new(&columns, Unit::Yuan).expect("a fast layout");
        let mut memo = fast::Memo::default();
        let text = |t: &str| Cell::Text(t.to_owned());
        let mut by_fast = 0;
        for (province, county) in [
            ("", Cell::Number(629_901.0)),
            ("甘肃省", Cell::Number(620_102.0)),
            ("甘肃省", text(" 629901 ")),
            ("", Cell::Empty),
            ("贵州省", Cell::Number(629_901.0)),
            ("", Cell::Number(620_100.0)),
            ("", Cell::Number(629_901.5)),
        ] {
            let row = Row {
                number: 2,
                cells: vec![
                    text("central_budget"),
                    text(province),
                    county.clone(),
                    Cell::Number(375.0),
                    Cell::Number(150.0),
                ],
            };
            let fast = fast::read(&layout, &mut memo, &book, &row);
            let source = RowSource::new(&columns, &row, Unit::Yuan);
            let (loose, errors, _) = crate::proposal::read_from(&book, &source, "");
            let loose = loose.filter(|_| errors.is_empty());
            assert_eq!(
                fast.is_some(),
                loose.is_some(),
                "{province} {county:?}: {errors:?}"
            );
            if let (Some(f), Some(l)) = (fast, loose) {
                by_fast += 1;
                assert_eq!(
                    (f.county, f.province_code()),
                    (l.county, l.province_code()),
                    "{province} {county:?}"
                );
            } else {
                assert_eq!(errors.len(), 1, "{province} {county:?}: {errors:?}");
                assert_eq!(errors[0].field, "county");
            }
        }
        assert_eq!(by_fast, 4);
    }
}
