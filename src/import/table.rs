//! A sheet of cells as read from a file, before any meaning is given to its columns.

use crate::date::Date;
pub use crate::money::number_text;

/// One cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Nothing.
    Empty,
    /// Text, as written.
    Text(String),
    /// A spreadsheet number (a binary double, as XLSX stores it).
    Number(f64),
    /// A spreadsheet date cell.
    Date(Date),
    /// A spreadsheet boolean.
    Bool(bool),
    /// A spreadsheet error value such as `#DIV/0!`.
    Error(String),
}

impl Cell {
    /// True for empty cells and cells holding only white space.
    pub fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as text, the way a spreadsheet shows a number in the General format.
    pub fn display(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(t) => t.clone(),
            Cell::Number(f) => number_text(*f),
            Cell::Date(d) => d.to_string(),
            Cell::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
            Cell::Error(e) => e.clone(),
        }
    }
}

/// A row of cells with the row number the reviewer sees in the file (from 1).
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Row number in the file: the CSV line, the spreadsheet row.
    pub number: u32,
    /// The cells, from the first column.
    pub cells: Vec<Cell>,
}

impl Row {
    /// True when every cell is blank.
    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(Cell::is_blank)
    }

    /// The cell in column `i`, or an empty one.
    pub fn cell(&self, i: usize) -> &Cell {
        self.cells.get(i).unwrap_or(&Cell::Empty)
    }
}

/// The spreadsheet column name of a zero-based index: 0 is `A`, 26 is `AA`.
pub fn column_letter(mut index: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (index % 26) as u8);
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_displayed() {
        assert_eq!(number_text(149.99), "149.99");
        assert_eq!(number_text(0.1 + 0.2), "0.3");
        assert_eq!(number_text(39.999999), "39.999999");
        assert_eq!(number_text(1_500_000.0), "1500000");
        assert_eq!(number_text(44.997), "44.997");
        assert_eq!(number_text(1.0 / 3.0), "0.333333333333333");
        assert_eq!(number_text(1e21), "1000000000000000000000");
    }

    #[test]
    fn column_letters() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(10), "K");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(701), "ZZ");
        assert_eq!(column_letter(702), "AAA");
    }
}
