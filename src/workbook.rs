//! The reviewer's record as a table (a header and rendered rows, each with its status), and,
//! with the `xlsx-export` feature, that table as an XLSX workbook (rust_xlsxwriter).
//!
//! The plans module renders a checked plan into an [`ExportTable`] (`import::export`); the
//! table crosses to the export module as JSON, which writes the workbook. The table holds text
//! already defused against formula injection, and amounts as whole fen.

use serde::{Deserialize, Serialize};

use crate::check::Status;

/// A rendered table: what the CSV and the workbook both show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportTable {
    /// The sheet's name.
    pub sheet: String,
    /// The header cells.
    pub header: Vec<String>,
    /// The rows.
    pub rows: Vec<ExportRow>,
    /// The column holding each row's status (coloured in the workbook).
    pub status_column: Option<usize>,
}

/// One row of an [`ExportTable`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportRow {
    /// The row's status (its colour), when it is a project row.
    pub status: Option<Status>,
    /// The cells.
    pub cells: Vec<ExportCell>,
}

/// One cell of an [`ExportTable`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ExportCell {
    /// Text, already defused ([`defuse`]).
    Text(String),
    /// An amount in yuan, as whole fen.
    Fen(i64),
}

impl ExportCell {
    /// Text, with ID numbers masked (`idcard::mask_ids`) and defused against formula
    /// injection.
    pub fn text(value: &str) -> ExportCell {
        ExportCell::Text(defuse(&crate::idcard::mask_ids(value)))
    }

    /// The cell as the CSV writes it: amounts with two decimals (`1234.50`).
    pub fn shown(&self) -> String {
        match self {
            ExportCell::Text(t) => t.clone(),
            ExportCell::Fen(fen) => {
                let sign = if *fen < 0 { "-" } else { "" };
                let abs = fen.unsigned_abs();
                format!("{sign}{}.{:02}", abs / 100, abs % 100)
            }
        }
    }
}

/// A cell that a spreadsheet would read as a formula (`=`, `+`, `-`, `@`, a tab or a carriage
/// return first) gets a leading `'`: a project name is data, never a formula.
pub fn defuse(value: &str) -> String {
    match value.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{value}"),
        _ => value.to_owned(),
    }
}

/// Display width of a text in a grid: CJK and full-width characters take two columns.
pub fn width(s: &str) -> usize {
    s.chars()
        .map(|c| match c as u32 {
            0x1100..=0x115F
            | 0x2E80..=0xA4CF
            | 0xAC00..=0xD7A3
            | 0xF900..=0xFAFF
            | 0xFE30..=0xFE4F
            | 0xFF00..=0xFF60
            | 0xFFE0..=0xFFE6 => 2,
            _ => 1,
        })
        .sum()
}

/// Why a workbook could not be written.
#[cfg(feature = "xlsx-export")]
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ExportError {
    /// The table is not a table (a bad handover between the modules).
    #[error("导出的表格数据无法读取")]
    BadTable,
    /// The workbook writer failed (too many rows for a sheet, ...).
    #[error("无法生成 XLSX 工作簿（表格过大或内容无法写入）")]
    Write,
}

#[cfg(feature = "xlsx-export")]
impl ExportError {
    /// The stable machine code of this error.
    pub fn code(&self) -> &'static str {
        match self {
            ExportError::BadTable => "export.bad_table",
            ExportError::Write => "export.write",
        }
    }
}

/// The table as an XLSX workbook: a frozen header, each row's status cell filled with its
/// colour (and its words), columns as wide as their text (Chinese counted double, at most 60),
/// amounts as numbers shown with two decimals, printed A4 landscape one page wide. Every other
/// cell is text, as the CSV has it; ID numbers are masked in every text and the sheet's name.
///
/// Amounts are numbers so that a reviewer can add them up. They are exact as Excel shows them:
/// an amount has at most 15 significant digits (9,999,999,999,999.99 yuan at most), the double
/// nearest to it (`fen / 100`, correctly rounded) reads back as the same 15 digits, and Excel
/// shows 15.
///
/// # Errors
/// [`ExportError::Write`] when the writer refuses the table (more rows than a sheet holds).
#[cfg(feature = "xlsx-export")]
pub fn to_xlsx(table: &ExportTable) -> Result<Vec<u8>, ExportError> {
    use crate::idcard::mask_ids;
    use rust_xlsxwriter::{Color, DocProperties, ExcelDateTime, Format, FormatBorder, Workbook};
    fn w<E>(_: E) -> ExportError {
        ExportError::Write
    }
    let mut book = Workbook::new();
    // A fixed creation time: the same table gives the same bytes (tests compare them).
    let created = ExcelDateTime::from_ymd(2025, 1, 1).map_err(w)?;
    book.set_properties(&DocProperties::new().set_creation_datetime(&created));
    let sheet = book.add_worksheet();
    // The table comes as JSON from another module: its texts are masked again here (in a
    // sheet's name with `＊`, as Excel refuses `*` there).
    sheet
        .set_name(mask_ids(&table.sheet).replace('*', "＊"))
        .map_err(w)?;
    let font = |f: Format| f.set_font_name("等线").set_font_size(11);
    let head = font(Format::new())
        .set_bold()
        .set_background_color(Color::RGB(0xDDE4EE))
        .set_border_bottom(FormatBorder::Thin);
    let plain = font(Format::new());
    let money = font(Format::new()).set_num_format("#,##0.00");
    let fill = |status: Status| {
        let (bg, fg) = match status {
            Status::Pass => (0xE3F4E1, 0x1E6B2A),
            Status::Fail => (0xFBE1E0, 0xA3201A),
            Status::Review => (0xFFF2CC, 0x7A5A00),
            Status::Invalid => (0xE9E9E9, 0x444444),
        };
        font(Format::new())
            .set_bold()
            .set_background_color(Color::RGB(bg))
            .set_font_color(Color::RGB(fg))
    };
    let mut widths: Vec<usize> = table.header.iter().map(|h| width(h)).collect();
    for (c, h) in table.header.iter().enumerate() {
        let c = u16::try_from(c).map_err(w)?;
        sheet
            .write_string_with_format(0, c, mask_ids(h), &head)
            .map_err(w)?;
    }
    for (r, row) in table.rows.iter().enumerate() {
        let r = u32::try_from(r + 1).map_err(w)?;
        for (c, cell) in row.cells.iter().enumerate() {
            let shown = mask_ids(&cell.shown()).into_owned();
            if let Some(slot) = widths.get_mut(c) {
                *slot = (*slot).max(width(&shown));
            } else {
                widths.push(width(&shown));
            }
            let status = row.status.filter(|_| table.status_column == Some(c));
            let c = u16::try_from(c).map_err(w)?;
            match (cell, status) {
                (ExportCell::Fen(fen), _) => {
                    // Exact: fen is far below 2^53, and the division is correctly rounded.
                    sheet
                        .write_number_with_format(r, c, *fen as f64 / 100.0, &money)
                        .map_err(w)?;
                }
                (ExportCell::Text(_), Some(s)) => {
                    sheet
                        .write_string_with_format(r, c, &shown, &fill(s))
                        .map_err(w)?;
                }
                (ExportCell::Text(t), None) if t.is_empty() => {}
                (ExportCell::Text(_), None) => {
                    sheet
                        .write_string_with_format(r, c, &shown, &plain)
                        .map_err(w)?;
                }
            }
        }
    }
    for (c, chars) in widths.iter().enumerate() {
        let c = u16::try_from(c).map_err(w)?;
        // Excel's width unit is about one Latin character; two for a Chinese one, plus a margin.
        let fit = (*chars).clamp(4, 60) as f64 + 2.0;
        sheet.set_column_width(c, fit).map_err(w)?;
    }
    sheet.set_freeze_panes(1, 0).map_err(w)?;
    // Printed: A4 landscape, one page wide, the header on every page.
    sheet
        .set_landscape()
        .set_paper_size(9)
        .set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(0, 0).map_err(w)?;
    book.save_to_buffer().map_err(w)
}

/// [`to_xlsx`] on the JSON form of a table (what the plans module hands the export module).
///
/// # Errors
/// [`ExportError::BadTable`] when the JSON is not a table; else as [`to_xlsx`].
#[cfg(feature = "xlsx-export")]
pub fn xlsx_from_json(json: &str) -> Result<Vec<u8>, ExportError> {
    let table: ExportTable = serde_json::from_str(json).map_err(|_| ExportError::BadTable)?;
    to_xlsx(&table)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_shown_and_defused() {
        assert_eq!(ExportCell::Fen(1).shown(), "0.01");
        assert_eq!(ExportCell::Fen(123_456).shown(), "1234.56");
        assert_eq!(ExportCell::Fen(-5).shown(), "-0.05");
        assert_eq!(ExportCell::text("=1+1").shown(), "'=1+1");
        assert_eq!(ExportCell::text("-5").shown(), "'-5");
        assert_eq!(ExportCell::text("项目").shown(), "项目");
        assert_eq!(width("项目a"), 5);
    }
}
