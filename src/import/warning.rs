//! Remarks about how a file was read: things the reader did not lose but that the reviewer
//! should see, each with a stable code and the row and column as the spreadsheet shows them.

use crate::problem::Problem;

use super::table::column_letter;

/// The most warnings of one kind a file gives: about duplicate rows and cells of a sheet, or
/// quotes of a CSV that never close (a hostile file could repeat one a million times).
pub const MAX_WARNINGS: usize = 100;

/// Something read that a reviewer should know about; the file is still read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ReadWarning {
    /// A CSV field opens a quote that never closes; the rest of its line was read as text and
    /// the lines after it as rows of their own.
    #[error("第 {row} 行 {} 列的引号没有闭合：该单元格只读到本行末尾，其后的行仍逐行读取，请核对该行", column_letter(*column))]
    UnclosedQuote {
        /// The row the quote opened on, from 1.
        row: u32,
        /// The column, from 0.
        column: usize,
    },
    /// A CSV record has more fields than a spreadsheet has columns ([`super::MAX_COLUMNS`]):
    /// those past the last are not read.
    #[error(
        "第 {row} 行的列数超过了 Excel 的上限（{} 列，到 XFD 列），其后的内容已忽略，请核对该行",
        super::MAX_COLUMNS
    )]
    TooManyColumns {
        /// The first such row, from 1.
        row: u32,
    },
    /// An XLSX package holds several entries of the same name.
    #[error("压缩包中有 {count} 个同名条目{}，已读取最后一个；Excel 显示的内容可能不同，请另存后重新上传", crate::text::quote(name))]
    DuplicateEntry {
        /// The entry's name.
        name: String,
        /// How many there are.
        count: usize,
    },
    /// A sheet lists the same row more than once.
    #[error("工作表中第 {row} 行出现了不止一次，已合并读取；Excel 显示的内容可能不同，请核对该行")]
    DuplicateRow {
        /// The row, from 1.
        row: u32,
    },
    /// A sheet gives the same cell more than once.
    #[error("工作表中单元格 {}{row} 出现了不止一次，已读取最后一个值；Excel 显示的内容可能不同，请核对该单元格", column_letter(*column))]
    DuplicateCell {
        /// The row, from 1.
        row: u32,
        /// The column, from 0.
        column: usize,
    },
}

impl ReadWarning {
    /// The stable machine code of this warning.
    pub fn code(&self) -> &'static str {
        match self {
            ReadWarning::UnclosedQuote { .. } => "import.unclosed_quote",
            ReadWarning::DuplicateEntry { .. } => "import.duplicate_entry",
            ReadWarning::DuplicateRow { .. } => "import.duplicate_row",
            ReadWarning::DuplicateCell { .. } => "import.duplicate_cell",
            ReadWarning::TooManyColumns { .. } => "import.too_many_columns",
        }
    }

    /// The warning as a report's problem, with its row and column.
    pub fn to_problem(&self) -> Problem {
        let mut p = Problem::new(self.code(), "", self.to_string());
        match self {
            ReadWarning::UnclosedQuote { row, column }
            | ReadWarning::DuplicateCell { row, column } => {
                p.row = Some(*row);
                p.column = Some(column_letter(*column));
            }
            ReadWarning::DuplicateRow { row } | ReadWarning::TooManyColumns { row } => {
                p.row = Some(*row)
            }
            ReadWarning::DuplicateEntry { .. } => {}
        }
        p
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_messages_name_the_place() {
        let all = [
            ReadWarning::UnclosedQuote { row: 7, column: 2 },
            ReadWarning::DuplicateEntry {
                name: "xl/worksheets/sheet1.xml".into(),
                count: 2,
            },
            ReadWarning::DuplicateRow { row: 5 },
            ReadWarning::DuplicateCell { row: 5, column: 27 },
            ReadWarning::TooManyColumns { row: 9 },
        ];
        let mut codes: Vec<&str> = all.iter().map(ReadWarning::code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), all.len());
        assert!(all[0].to_string().starts_with("第 7 行 C 列的引号没有闭合"));
        assert!(all[3].to_string().contains("单元格 AB5 "));
        assert_eq!(all[3].to_problem().column.as_deref(), Some("AB"));
        assert_eq!(all[2].to_problem().row, Some(5));
    }
}
