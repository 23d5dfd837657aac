//! Workshop rosters from files: CSV (UTF-8 or GBK) or XLSX with the columns 身份证号, 姓名,
//! 人员类别, 合同期限（月）, 务工月数, 年收入（元）, 已享受一次性吸纳补贴 (户籍省份 optional), or
//! JSON (a roster object or an array of employees). Rows keep the number the employer sees.

use serde::Serialize;

use super::header::{self, Column, ColumnField, Unmapped, ROSTER};
use super::table::{number_text, Cell, Row};
use super::{delimited, open, read_table, Format, ImportError, ImportOptions, Skipped};
use crate::date::Date;
use crate::problem::Problem;
use crate::raw::Raw;
use crate::rules::RuleBook;
use crate::workshop::{check_workshop, EmployeeField, WorkshopReport};

/// A roster file read into employees.
#[derive(Debug, Clone, PartialEq)]
pub struct RosterFile {
    /// What kind of file it is.
    pub format: Format,
    /// The text encoding (CSV, JSON).
    pub encoding: Option<String>,
    /// The sheet read (XLSX).
    pub sheet: Option<String>,
    /// The header row's number.
    pub header_row: Option<u32>,
    /// Recognised columns.
    pub columns: Vec<Column>,
    /// Ignored columns.
    pub unmapped: Vec<Unmapped>,
    /// Rows that are not people.
    pub skipped: Vec<Skipped>,
    /// Employees as loose input, each with its `row`.
    pub employees: Vec<Raw>,
    /// Roster fields a JSON file gives (name, province, recognized).
    pub roster: Vec<(String, Raw)>,
}

/// The result of checking a roster file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct RosterReport {
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
    /// The header row's number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub header_row: Option<u32>,
    /// Recognised columns.
    pub columns: Vec<Column>,
    /// Ignored columns.
    pub unmapped: Vec<Unmapped>,
    /// Rows that are not people.
    pub skipped: Vec<Skipped>,
    /// The check, when the file could be read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub workshop: Option<WorkshopReport>,
    /// Problems with the file as a whole (a file that is not a roster has exactly one).
    pub errors: Vec<Problem>,
}

impl RosterReport {
    /// The report of a call that read no file, with the problems that stopped it.
    pub fn refused(file_name: &str, errors: Vec<Problem>) -> RosterReport {
        RosterReport {
            file_name: file_name.to_owned(),
            format: None,
            encoding: None,
            sheet: None,
            header_row: None,
            columns: Vec::new(),
            unmapped: Vec::new(),
            skipped: Vec::new(),
            workshop: None,
            errors,
        }
    }
}

fn cell_raw(cell: &Cell, field: ColumnField) -> Raw {
    match cell {
        // An ID typed as a number has lost its last digits in the spreadsheet; keep it a
        // number so that the checker reports it instead of using a wrong ID.
        Cell::Number(f) if field == ColumnField::Employee(EmployeeField::Id) => Raw::Float(*f),
        Cell::Number(f) => Raw::Str(number_text(*f)),
        Cell::Text(t) => Raw::Str(t.clone()),
        Cell::Bool(b) => Raw::Bool(*b),
        other => Raw::Str(other.display()),
    }
}

/// Reads a roster file.
///
/// # Errors
/// An [`ImportError`] when the file cannot be read as a roster at all.
pub fn read_roster(
    bytes: &[u8],
    file_name: &str,
    options: &ImportOptions,
) -> Result<RosterFile, ImportError> {
    let format = open(bytes, file_name, options).map_err(|e| match e {
        ImportError::NotATable { what, .. } => ImportError::NotATable {
            what,
            expected: "人员名单",
        },
        e => e,
    })?;
    if format == Format::Json {
        return read_json(bytes);
    }
    let table = read_table(bytes, format, options)?;
    from_rows(&table.rows, format, table.encoding, table.sheet)
}

fn not_a_roster() -> ImportError {
    ImportError::NotARoster(
        "身份证号、姓名、人员类别、合同期限（月）、务工月数、年收入（元）、已享受一次性吸纳补贴"
            .to_owned(),
    )
}

fn from_rows(
    rows: &[Row],
    format: Format,
    encoding: Option<String>,
    sheet: Option<String>,
) -> Result<RosterFile, ImportError> {
    let at = header::find_header_in(rows, ROSTER).ok_or_else(not_a_roster)?;
    let head = rows.get(at).ok_or_else(not_a_roster)?;
    let (columns, unmapped) = header::map_header_in(head, ROSTER);
    let mut out = RosterFile {
        format,
        encoding,
        sheet,
        header_row: Some(head.number),
        columns,
        unmapped,
        skipped: Vec::new(),
        employees: Vec::with_capacity(rows.len().saturating_sub(at + 1)),
        roster: Vec::new(),
    };
    for row in rows.iter().skip(at + 1) {
        let blank = out
            .columns
            .iter()
            .filter(|c| !c.field.is_index())
            .all(|c| row.cell(c.index).is_blank());
        if blank {
            if !row.is_blank() {
                out.skipped.push(Skipped {
                    row: row.number,
                    reason: "没有人员数据（各列均为空）".to_owned(),
                });
            }
            continue;
        }
        let mut fields = vec![(
            EmployeeField::Row.key().to_owned(),
            Raw::UInt(u64::from(row.number)),
        )];
        for c in &out.columns {
            let cell = row.cell(c.index);
            if !c.field.is_index() && !cell.is_blank() {
                fields.push((c.field.path().to_owned(), cell_raw(cell, c.field)));
            }
        }
        out.employees.push(Raw::Map(fields));
    }
    Ok(out)
}

fn read_json(bytes: &[u8]) -> Result<RosterFile, ImportError> {
    let (text, encoding, _) = delimited::decode(bytes);
    let raw = super::read_json(&text, bytes.len())?;
    let (employees, roster) = match raw {
        Raw::List(items) => (items, Vec::new()),
        Raw::Map(entries) => {
            let mut employees = None;
            let mut roster = Vec::new();
            for (k, v) in entries {
                match (k.as_str(), v) {
                    ("employees", Raw::List(items)) => employees = Some(items),
                    ("name" | "province" | "recognized", v) => roster.push((k, v)),
                    _ => {}
                }
            }
            (employees.ok_or(ImportError::JsonNotARoster)?, roster)
        }
        _ => return Err(ImportError::JsonNotARoster),
    };
    let names_field = |item: &Raw| match item {
        Raw::Map(entries) => (entries.iter()).any(|(k, _)| header::names_field(k, ROSTER)),
        _ => false,
    };
    if !employees.is_empty() && !employees.iter().any(names_field) {
        return Err(ImportError::JsonNotARoster);
    }
    Ok(RosterFile {
        format: Format::Json,
        encoding: Some(encoding.to_owned()),
        sheet: None,
        header_row: None,
        columns: Vec::new(),
        unmapped: Vec::new(),
        skipped: Vec::new(),
        employees,
        roster,
    })
}

/// Reads a roster file and checks it. `roster` gives what the file does not (`province`,
/// `recognized`, `name`); `as_of` selects the rules (default `today`).
pub fn check_roster_file(
    book: &RuleBook,
    bytes: &[u8],
    file_name: &str,
    roster: &Raw,
    options: &ImportOptions,
    today: Date,
) -> RosterReport {
    let mut report = RosterReport::refused(file_name, Vec::new());
    let file = match read_roster(bytes, file_name, options) {
        Ok(f) => f,
        Err(e) => {
            report
                .errors
                .push(Problem::new(e.code(), "", e.to_string()));
            return report;
        }
    };
    // The caller's fields win over the file's.
    let mut fields: Vec<(String, Raw)> = match roster {
        Raw::Map(entries) => entries
            .iter()
            .filter(|(k, v)| k != "employees" && !v.is_blank())
            .cloned()
            .collect(),
        _ => Vec::new(),
    };
    for (k, v) in file.roster {
        if !fields.iter().any(|(f, _)| *f == k) {
            fields.push((k, v));
        }
    }
    fields.push(("employees".to_owned(), Raw::List(file.employees)));
    let opts = options.as_of.map_or(Raw::Null, |d| {
        Raw::Map(vec![("asOf".to_owned(), Raw::Str(d.to_string()))])
    });
    let mut workshop = check_workshop(book, &Raw::Map(fields), &opts, today);
    // Name the column of each row problem, as for plans.
    for p in workshop
        .errors
        .iter_mut()
        .chain(workshop.warnings.iter_mut())
    {
        let key = p.field.rsplit('.').next().unwrap_or_default();
        p.column = file
            .columns
            .iter()
            .find(|c| c.field.path() == key)
            .map(|c| format!("{}（{}）", c.column, c.header));
    }
    report.format = Some(file.format);
    report.encoding = file.encoding;
    report.sheet = file.sheet;
    report.header_row = file.header_row;
    report.columns = file.columns;
    report.unmapped = file.unmapped;
    report.skipped = file.skipped;
    report.workshop = Some(workshop);
    report
}
