//! Excel 97-2003 workbooks (.xls, BIFF8, as Excel and WPS save them), read with calamine into
//! the same rows the XLSX reader gives: cells as the spreadsheet shows them, rows numbered as
//! Excel shows them, from the first row with a value to the last, each from column A.
//!
//! BIFF stores numbers as binary doubles, as XLSX does (an RK value with the ×100 flag is the
//! nearest double to the decimal it encodes, as the quotient of two exact doubles), so a number
//! cell gives the same text, and the same fen, as the same cell in XLSX; a date-formatted number
//! is a date by the same rule (`xlsx::serial_date`).

use std::io::Cursor;

use calamine::{Data, Range, Reader, Xls, XlsError, XlsOptions};

use super::table::{Cell, Row};
use super::xlsx::{candidates, Score, Sheet, SheetChoice};
use super::ImportError;

/// What went wrong, in words for the user (calamine's own are English).
fn unreadable(e: &XlsError) -> ImportError {
    let what = match e {
        XlsError::Password => return ImportError::Encrypted,
        XlsError::Cfb(_) | XlsError::Io(_) => "文件的 OLE 结构已损坏或不完整",
        XlsError::NoVba | XlsError::Vba(_) => "宏代码部分无法读取",
        XlsError::WorksheetNotFound(_) => "工作簿中缺少工作表",
        _ => DAMAGED,
    };
    ImportError::BadXls(what.to_owned())
}

/// One calamine cell as the XLSX reader gives the same cell.
fn cell(data: &Data, date1904: bool) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Float(f) => Cell::Number(*f),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(d) if d.is_datetime() => {
            let value = d.as_f64();
            super::xlsx::serial_date(value, date1904).map_or(Cell::Number(value), Cell::Date)
        }
        Data::DateTime(d) => Cell::Number(d.as_f64()),
        Data::Error(e) => Cell::Error(e.to_string()),
    }
}

/// The rows of a sheet's range: blank rows before the first and after the last with a value
/// dropped, each row as long as its last non-empty cell.
fn rows(range: &Range<Data>, date1904: bool) -> Vec<Row> {
    let Some((top, left)) = range.start() else {
        return Vec::new();
    };
    let left = left as usize;
    let mut out: Vec<Row> = Vec::with_capacity(range.height());
    for (i, source) in range.rows().enumerate() {
        let mut cells = vec![Cell::Empty; left];
        cells.extend(source.iter().map(|d| cell(d, date1904)));
        while matches!(cells.last(), Some(Cell::Empty)) {
            cells.pop();
        }
        if cells.is_empty() && out.is_empty() {
            continue;
        }
        out.push(Row {
            number: top.saturating_add(1).saturating_add(i as u32),
            cells,
        });
    }
    while out.last().is_some_and(|r| r.cells.is_empty()) {
        out.pop();
    }
    out
}

/// Reads one sheet of an .xls workbook: the sheet named `sheet`, or else the first that has
/// data. Returns the rows and the sheet's name.
///
/// # Errors
/// [`ImportError::Encrypted`], [`ImportError::BadXls`], [`ImportError::NoSuchSheet`],
/// [`ImportError::TooManyRows`].
pub fn read(
    bytes: &[u8],
    sheet: Option<&str>,
    max_rows: usize,
) -> Result<(Vec<Row>, String), ImportError> {
    read_scored(bytes, sheet, max_rows, None).map(|s| (s.rows, s.name))
}

/// Reads the sheet named `sheet`, or else the sheet whose rows `score` rates highest (the
/// first of equals; the first with data when none rates above zero), as
/// [`super::xlsx::read_best`] does for XLSX.
///
/// # Errors
/// As [`read`].
pub fn read_best(
    bytes: &[u8],
    sheet: Option<&str>,
    max_rows: usize,
    score: &Score<'_>,
) -> Result<Sheet, ImportError> {
    read_scored(bytes, sheet, max_rows, Some(score))
}

fn read_scored(
    bytes: &[u8],
    sheet: Option<&str>,
    max_rows: usize,
    score: Option<&Score<'_>>,
) -> Result<Sheet, ImportError> {
    // calamine indexes its records without checking their lengths everywhere, and some damaged
    // files make it panic. Where panics unwind (native builds, tests) that is a damaged file
    // like any other; in Wasm (panic = "abort") the module traps, and the review worker, which
    // loads this module for .xls files only, reports the same error (www/review-worker.js).
    // AssertUnwindSafe: `score` only reads the rows it is given, and after a panic nothing read
    // so far is used again.
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        read_workbook(bytes, sheet, max_rows, score)
    }))
    .unwrap_or_else(|_| Err(ImportError::BadXls(DAMAGED.to_owned())))
}

/// What a damaged workbook is told.
pub const DAMAGED: &str = "工作簿内容已损坏或不完整";

/// The last column of an Excel 97-2003 sheet (IV), from 0.
const LAST_COLUMN: u16 = 255;

/// What calamine and this reader take for a cell of a sheet's grid: the room calamine reserves
/// for every cell its DIMENSIONS record names (a position and a value), and, for every cell
/// from a sheet's first cell to its last, calamine's dense grid of values (and of formulas)
/// and this reader's row of cells.
const RESERVED_CELL: usize = 40;
const GRID_CELL: usize =
    std::mem::size_of::<Data>() + std::mem::size_of::<String>() + std::mem::size_of::<Cell>();

/// Refuses a workbook with a cell past column IV, which no Excel 97-2003 file has, or whose
/// sheets would take more than its heap budget: calamine lays each sheet out as a dense grid
/// from its first cell to its last (and reserves room for the cells its DIMENSIONS name), so
/// two far-apart cells of a small file, or a damaged column number, would make it ask for
/// gigabytes (the module would stop). Walks the BIFF records of the workbook stream; a stream
/// that cannot be read is left to calamine.
fn check_columns(bytes: &[u8]) -> Result<(), ImportError> {
    let Some(stream) = super::ole::workbook_stream(bytes) else {
        return Ok(());
    };
    let u16_at = |s: &[u8], at: usize| {
        s.get(at..at + 2)
            .and_then(|b| b.try_into().ok())
            .map(u16::from_le_bytes)
    };
    let left = super::heap_budget(super::Format::Xls, bytes.len()).saturating_sub(bytes.len());
    // What the sheets read so far take, and the current sheet's extent (first and last row
    // and column) and reserved cells.
    let mut taken = 0usize;
    let mut extent: Option<(u16, u16, u16, u16)> = None;
    let mut reserved = 0usize;
    let mut at = 0;
    while let (Some(kind), Some(len)) = (u16_at(&stream, at), u16_at(&stream, at + 2)) {
        let data = stream
            .get(at + 4..at + 4 + usize::from(len))
            .unwrap_or_default();
        let last = match kind {
            // NUMBER, RK, LABELSST, LABEL, BOOLERR, FORMULA, RSTRING, BLANK: row, column.
            0x0203 | 0x027E | 0x00FD | 0x0204 | 0x0205 | 0x0006 | 0x00D6 | 0x0201 => {
                u16_at(data, 2)
            }
            // MULRK, MULBLANK: row, first column, ..., last column.
            0x00BD | 0x00BE => data.len().checked_sub(2).and_then(|end| u16_at(data, end)),
            _ => None,
        };
        if let (Some(row), Some(first), Some(last)) = (u16_at(data, 0), u16_at(data, 2), last) {
            extent = Some(extent.map_or((row, row, first, last), |(r0, r1, c0, c1)| {
                (r0.min(row), r1.max(row), c0.min(first), c1.max(last))
            }));
        }
        // BOF starts the next sheet, EOF ends one: what the sheet takes is counted.
        if kind == 0x0809 || kind == 0x000A {
            let cells = extent.take().map_or(0, |(r0, r1, c0, c1)| {
                (usize::from(r1 - r0) + 1) * (usize::from(c1.saturating_sub(c0)) + 1)
            });
            taken = taken
                .saturating_add(cells.saturating_mul(GRID_CELL))
                .saturating_add(std::mem::take(&mut reserved).saturating_mul(RESERVED_CELL));
            if taken > left {
                return Err(ImportError::OverBudget {
                    what: format!(
                        "工作表的单元格从第一个到最后一个跨越 {cells} 个位置，需要约 {} 兆字节内存",
                        taken >> 20
                    ),
                    limit: left + bytes.len(),
                    format: super::Format::Xls,
                });
            }
        }
        // DIMENSIONS: the sheet's first row, last row + 1, first column, last column + 1
        // (BIFF8: rows in 32 bits), from which calamine reserves room for every cell.
        if kind == 0x0200 {
            let u32_at = |at: usize| {
                data.get(at..at + 4)
                    .and_then(|b| b.try_into().ok())
                    .map(u32::from_le_bytes)
            };
            let (rows, columns) = match data.len() {
                10 => (
                    u16_at(data, 0)
                        .map(u32::from)
                        .zip(u16_at(data, 2).map(u32::from)),
                    u16_at(data, 6),
                ),
                14 | 16 => (u32_at(0).zip(u32_at(4)), u16_at(data, 10)),
                _ => (None, None),
            };
            if let (Some((first, end)), Some(columns)) = (rows, columns) {
                let first_column = u16_at(data, data.len().saturating_sub(6)).unwrap_or(0);
                reserved = (end.saturating_sub(first) as usize)
                    .saturating_mul(usize::from(columns.saturating_sub(first_column)));
            }
            let outside = rows
                .is_some_and(|(first, end)| end > 65_536 || (end >= 1 && first >= end))
                || columns.is_some_and(|end| end > LAST_COLUMN + 1);
            if outside {
                return Err(ImportError::BadXls(
                    "工作表的范围超出了 Excel 97-2003 的上限（65536 行、IV 列），文件已损坏"
                        .to_owned(),
                ));
            }
        }
        if last.is_some_and(|c| c > LAST_COLUMN) {
            return Err(ImportError::BadXls(
                "单元格位置超出了 Excel 97-2003 工作表的范围（IV 列），文件已损坏".to_owned(),
            ));
        }
        at += 4 + usize::from(len);
    }
    Ok(())
}

fn read_workbook(
    bytes: &[u8],
    sheet: Option<&str>,
    max_rows: usize,
    score: Option<&Score<'_>>,
) -> Result<Sheet, ImportError> {
    check_columns(bytes)?;
    let mut book = Xls::new_with_options(Cursor::new(bytes), XlsOptions::default())
        .map_err(|e| unreadable(&e))?;
    let date1904 = book.has_1904_epoch();
    let names = book.sheet_names();
    let listed: Vec<&str> = names.iter().map(String::as_str).collect();
    let candidates: Vec<&String> = candidates(&listed, sheet)?
        .into_iter()
        .filter_map(|i| names.get(i))
        .collect();
    let mut choice = SheetChoice::new(names.clone(), score, sheet.is_some());
    for name in &candidates {
        let range = match book.worksheet_range(name) {
            Ok(range) => range,
            // A chart sheet or a sheet calamine cannot read: the next one, unless asked for.
            Err(_) if sheet.is_none() => continue,
            Err(e) => return Err(unreadable(&e)),
        };
        if range.height() > max_rows {
            return Err(ImportError::TooManyRows { limit: max_rows });
        }
        let rows = rows(&range, date1904);
        if rows.is_empty() && sheet.is_none() {
            continue;
        }
        if let Some(chosen) = choice.offer(name, rows, Vec::new()) {
            return Ok(chosen);
        }
    }
    let first = candidates.first().map_or("", |n| n.as_str());
    Ok(choice.finish(first))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_as_the_xlsx_reader_gives_them() {
        assert_eq!(cell(&Data::Float(149.99), false), Cell::Number(149.99));
        assert_eq!(cell(&Data::Int(7), false), Cell::Number(7.0));
        assert_eq!(cell(&Data::Empty, false), Cell::Empty);
        assert_eq!(
            cell(&Data::String("项目".into()), false),
            Cell::Text("项目".into())
        );
        assert_eq!(cell(&Data::Bool(true), false), Cell::Bool(true));
        assert_eq!(
            cell(&Data::Error(calamine::CellErrorType::Div0), false),
            Cell::Error("#DIV/0!".into())
        );
    }

    #[test]
    fn rows_numbered_as_excel_shows_them() {
        let mut range: Range<Data> = Range::new((2, 1), (5, 2));
        range.set_value((2, 1), Data::String("a".into()));
        range.set_value((4, 2), Data::Float(1.5));
        let rows = rows(&range, false);
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0].number, 3);
        assert_eq!(rows[0].cells, vec![Cell::Empty, Cell::Text("a".into())]);
        assert!(rows[1].cells.is_empty());
        assert_eq!(rows[2].number, 5);
        assert_eq!(
            rows[2].cells,
            vec![Cell::Empty, Cell::Empty, Cell::Number(1.5)]
        );
    }

    #[test]
    fn not_a_workbook() {
        let mut bytes = super::super::ole::SIGNATURE.to_vec();
        bytes.resize(2048, 0);
        let e = read(&bytes, None, 10).err();
        assert!(matches!(e, Some(ImportError::BadXls(_))), "{e:?}");
    }
}
