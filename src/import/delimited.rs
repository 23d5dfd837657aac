//! CSV (and tab-separated text) as Chinese office software saves it: UTF-8 with or without a
//! BOM, GBK/GB18030 (Excel's "CSV (逗号分隔)" on a Chinese system), or UTF-16 ("Unicode 文本").

use encoding_rs::{GB18030, UTF_16BE, UTF_16LE};

use super::table::{Cell, Row};
use super::ImportError;

/// The text of a file and the encoding it was read in (a Chinese label for reports).
pub fn decode(bytes: &[u8]) -> (String, &'static str, bool) {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        if let Ok(text) = std::str::from_utf8(rest) {
            return (text.to_owned(), "UTF-8（带 BOM）", false);
        }
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        let (text, had_errors) = UTF_16LE.decode_without_bom_handling(rest);
        return (text.into_owned(), "UTF-16", had_errors);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        let (text, had_errors) = UTF_16BE.decode_without_bom_handling(rest);
        return (text.into_owned(), "UTF-16", had_errors);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return (text.to_owned(), "UTF-8", false);
    }
    // Not UTF-8: GB18030, a superset of GBK and GB2312, which Chinese Excel writes.
    let (text, had_errors) = GB18030.decode_without_bom_handling(bytes);
    (text.into_owned(), "GB18030（GBK）", had_errors)
}

/// Picks the separator from the first lines: tab for "Unicode 文本" exports, else comma
/// (semicolon where a locale uses it).
fn delimiter(text: &str) -> u8 {
    let sample: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(10)
        .collect();
    let count = |c: char| sample.iter().map(|l| l.matches(c).count()).sum::<usize>();
    let (commas, tabs, semicolons) = (count(','), count('\t'), count(';'));
    if tabs > commas && tabs >= semicolons {
        b'\t'
    } else if semicolons > commas {
        b';'
    } else {
        b','
    }
}

/// Reads delimited text into rows numbered by the line each record starts on.
///
/// # Errors
/// [`ImportError::TooManyRows`] past `max_rows`; [`ImportError::BadCsv`] if the reader fails.
pub fn read(text: &str, max_rows: usize) -> Result<Vec<Row>, ImportError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter(text))
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    let bytes = text.as_bytes();
    // csv reports a record's start before the previous line ending; count lines ourselves,
    // incrementally, from the first byte of the record.
    let (mut counted_to, mut line) = (0usize, 1u32);
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                if rows.len() >= max_rows {
                    return Err(ImportError::TooManyRows { limit: max_rows });
                }
                let mut start = record.position().map_or(counted_to, |p| {
                    usize::try_from(p.byte()).unwrap_or(usize::MAX)
                });
                while matches!(bytes.get(start), Some(b'\r' | b'\n')) {
                    start += 1;
                }
                let newlines = bytes
                    .get(counted_to..start)
                    .map_or(0, |s| s.iter().filter(|&&b| b == b'\n').count());
                line = line.saturating_add(u32::try_from(newlines).unwrap_or(u32::MAX));
                counted_to = start.max(counted_to);
                let cells = record
                    .iter()
                    .map(|f| {
                        if f.is_empty() {
                            Cell::Empty
                        } else {
                            Cell::Text(f.to_owned())
                        }
                    })
                    .collect();
                rows.push(Row {
                    number: line,
                    cells,
                });
            }
            Err(e) => return Err(ImportError::BadCsv(e.to_string())),
        }
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_gbk_utf8_and_bom() {
        let (gbk, _, _) = GB18030.encode("项目名称,劳务报酬\r\n");
        let (text, label, errors) = decode(&gbk);
        assert_eq!(
            (text.as_str(), label, errors),
            ("项目名称,劳务报酬\r\n", "GB18030（GBK）", false)
        );
        let (text, label, _) = decode("\u{feff}a,b".as_bytes());
        assert_eq!((text.as_str(), label), ("a,b", "UTF-8（带 BOM）"));
        let (text, label, _) = decode("项目".as_bytes());
        assert_eq!((text.as_str(), label), ("项目", "UTF-8"));
    }

    #[test]
    fn rows_are_numbered_by_their_first_line() {
        let rows = read(
            "title,,\r\nname,labour\r\n\"multi\nline\",5\r\n\r\nlast,6\r\n",
            100,
        )
        .unwrap_or_default();
        let numbers: Vec<u32> = rows.iter().map(|r| r.number).collect();
        assert_eq!(numbers, [1, 2, 3, 6]);
        assert_eq!(rows[2].cells[0], Cell::Text("multi\nline".into()));
    }

    #[test]
    fn tabs_are_detected() {
        let rows = read("a\tb\tc\n1\t2\t3\n", 10).unwrap_or_default();
        assert_eq!(rows[1].cells.len(), 3);
    }

    #[test]
    fn row_limit() {
        assert!(matches!(
            read("a\nb\nc\n", 2),
            Err(ImportError::TooManyRows { limit: 2 })
        ));
    }
}
