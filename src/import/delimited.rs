//! CSV (and tab-separated text) as Chinese office software saves it: UTF-8 with or without a
//! BOM, GBK/GB18030 (Excel's "CSV (逗号分隔)" on a Chinese system), or UTF-16 ("Unicode 文本").

use std::sync::OnceLock;

use super::table::{Cell, Row};
use super::ImportError;

/// Decodes GB18030 (GBK) bytes into text, and says whether any byte could not be decoded.
pub type Gb18030Decoder = fn(&[u8]) -> Option<(String, bool)>;

static GB18030_DECODER: OnceLock<Gb18030Decoder> = OnceLock::new();

/// Registers the GB18030 decoder used when the `gbk` feature (encoding_rs) is off: the Wasm
/// layer registers the browser's `TextDecoder('gb18030')`. The first registration wins.
pub fn set_gb18030_decoder(decoder: Gb18030Decoder) {
    let _ = GB18030_DECODER.set(decoder);
}

#[cfg(feature = "gbk")]
fn decode_gb18030(bytes: &[u8]) -> (String, bool) {
    let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
    (text.into_owned(), had_errors)
}

#[cfg(not(feature = "gbk"))]
fn decode_gb18030(bytes: &[u8]) -> (String, bool) {
    match GB18030_DECODER.get().and_then(|decode| decode(bytes)) {
        Some(decoded) => decoded,
        // No decoder at all: keep what is ASCII, mark the rest as undecodable.
        None => (String::from_utf8_lossy(bytes).into_owned(), true),
    }
}

fn decode_utf16(bytes: &[u8], little_endian: bool) -> (String, bool) {
    let units = bytes.chunks(2).map(|pair| match pair {
        [a, b] if little_endian => u16::from_le_bytes([*a, *b]),
        [a, b] => u16::from_be_bytes([*a, *b]),
        _ => 0xFFFD,
    });
    let mut had_errors = bytes.len() % 2 == 1;
    let text = char::decode_utf16(units)
        .map(|c| {
            c.unwrap_or_else(|_| {
                had_errors = true;
                char::REPLACEMENT_CHARACTER
            })
        })
        .collect();
    (text, had_errors)
}

/// The text of a file and the encoding it was read in (a Chinese label for reports).
pub fn decode(bytes: &[u8]) -> (String, &'static str, bool) {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        if let Ok(text) = std::str::from_utf8(rest) {
            return (text.to_owned(), "UTF-8（带 BOM）", false);
        }
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        let (text, had_errors) = decode_utf16(rest, true);
        return (text, "UTF-16", had_errors);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        let (text, had_errors) = decode_utf16(rest, false);
        return (text, "UTF-16", had_errors);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return (text.to_owned(), "UTF-8", false);
    }
    // Not UTF-8: GB18030, a superset of GBK and GB2312, which Chinese Excel writes.
    let (text, had_errors) = decode_gb18030(bytes);
    (text, "GB18030（GBK）", had_errors)
}

/// Decodes and parses delimited bytes with the csv crate and nothing else, returning the
/// number of records: the floor a checker of the same file can be compared with.
pub fn count_records(bytes: &[u8]) -> usize {
    let (text, _, _) = decode(bytes);
    let mut reader = csv_reader(delimiter(&text), text.as_bytes());
    let mut record = csv::ByteRecord::new();
    let mut n = 0;
    while let Ok(true) = reader.read_byte_record(&mut record) {
        n += 1;
    }
    n
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

/// Delimited text read one record at a time, each numbered by the line it starts on. It owns
/// the text, so that a record can be read again later from its byte offset.
pub struct Records {
    reader: csv::Reader<std::io::Cursor<Vec<u8>>>,
    record: csv::ByteRecord,
    delimiter: u8,
    /// Line counting: csv reports a record's start before the previous line ending, so lines
    /// are counted here, incrementally, up to the first byte of each record.
    counted_to: usize,
    line: u32,
    read: usize,
    max_rows: usize,
}

impl Records {
    /// Starts reading `text`; more than `max_rows` records is an error.
    pub fn new(text: String, max_rows: usize) -> Records {
        let delimiter = delimiter(&text);
        Records {
            reader: csv_reader(delimiter, std::io::Cursor::new(text.into_bytes())),
            record: csv::ByteRecord::new(),
            delimiter,
            counted_to: 0,
            line: 1,
            read: 0,
            max_rows,
        }
    }

    /// Reads the next record: its line number and byte offset, its fields in [`Records::record`].
    ///
    /// # Errors
    /// [`ImportError::TooManyRows`] past `max_rows`; [`ImportError::BadCsv`] if the reader fails.
    pub fn next_record(&mut self) -> Result<Option<(u32, usize)>, ImportError> {
        match self.reader.read_byte_record(&mut self.record) {
            Ok(false) => Ok(None),
            Ok(true) => {
                if self.read >= self.max_rows {
                    return Err(ImportError::TooManyRows {
                        limit: self.max_rows,
                    });
                }
                self.read += 1;
                let bytes = self.reader.get_ref().get_ref();
                let mut start = self.record.position().map_or(self.counted_to, |p| {
                    usize::try_from(p.byte()).unwrap_or(usize::MAX)
                });
                while matches!(bytes.get(start), Some(b'\r' | b'\n')) {
                    start += 1;
                }
                // A line ends at LF, CRLF or a lone CR (old Mac Excel), as csv itself reads.
                let from = self.counted_to;
                let newlines =
                    memchr::memchr2_iter(b'\n', b'\r', bytes.get(from..start).unwrap_or_default())
                        .filter(|&i| {
                            bytes.get(from + i) == Some(&b'\n')
                                || bytes.get(from + i + 1) != Some(&b'\n')
                        })
                        .count();
                self.line = self
                    .line
                    .saturating_add(u32::try_from(newlines).unwrap_or(u32::MAX));
                self.counted_to = start.max(self.counted_to);
                Ok(Some((self.line, start)))
            }
            Err(e) => Err(ImportError::BadCsv(e.to_string())),
        }
    }

    /// The fields of the record last read, as text. The text is UTF-8 and csv splits it only
    /// at ASCII bytes, so every record is UTF-8; it is checked once for the whole record.
    pub fn record(&self) -> TextRecord<'_> {
        let text = std::str::from_utf8(self.record.as_slice());
        TextRecord {
            text: text.ok(),
            record: &self.record,
        }
    }

    /// How far through the text reading has come, in bytes, and the text's length.
    pub fn progress(&self) -> (usize, usize) {
        (self.counted_to, self.reader.get_ref().get_ref().len())
    }

    /// Reads the record that starts at byte `offset` again, as a row numbered `line`.
    pub fn row_at(&self, offset: usize, line: u32) -> Option<Row> {
        let rest = self.reader.get_ref().get_ref().get(offset..)?;
        let mut reader = csv_reader(self.delimiter, rest);
        let mut record = csv::ByteRecord::new();
        matches!(reader.read_byte_record(&mut record), Ok(true)).then(|| {
            TextRecord {
                text: std::str::from_utf8(record.as_slice()).ok(),
                record: &record,
            }
            .to_row(line)
        })
    }
}

/// A record's fields as text.
pub struct TextRecord<'r> {
    /// All the fields' bytes as text (`None` if they were not UTF-8, which cannot happen for a
    /// decoded text but is not assumed).
    text: Option<&'r str>,
    record: &'r csv::ByteRecord,
}

impl<'r> TextRecord<'r> {
    /// The number of fields.
    pub fn len(&self) -> usize {
        self.record.len()
    }

    /// True when the record has no fields.
    pub fn is_empty(&self) -> bool {
        self.record.is_empty()
    }

    /// Field `i`, when there is one and it is text.
    pub fn get(&self, i: usize) -> Option<&'r str> {
        self.text?.get(self.record.range(i)?)
    }

    /// The fields in order (a field that is not text reads as empty).
    pub fn iter(&self) -> impl Iterator<Item = &'r str> + '_ {
        (0..self.len()).map(|i| self.get(i).unwrap_or_default())
    }

    /// The record as a row of cells (an empty field is an empty cell; bytes that are not
    /// UTF-8 are replaced).
    pub fn to_row(&self, line: u32) -> Row {
        let cells = (0..self.len())
            .map(|i| match (self.get(i), self.record.get(i)) {
                (Some(""), _) | (None, None) => Cell::Empty,
                (Some(f), _) => Cell::Text(f.to_owned()),
                (None, Some(bytes)) => Cell::Text(String::from_utf8_lossy(bytes).into_owned()),
            })
            .collect();
        Row {
            number: line,
            cells,
        }
    }
}

fn csv_reader<R: std::io::Read>(delimiter: u8, source: R) -> csv::Reader<R> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(source)
}

/// Reads delimited text into rows numbered by the line each record starts on.
///
/// # Errors
/// [`ImportError::TooManyRows`] past `max_rows`; [`ImportError::BadCsv`] if the reader fails.
pub fn read(text: &str, max_rows: usize) -> Result<Vec<Row>, ImportError> {
    let mut records = Records::new(text.to_owned(), max_rows);
    let mut rows = Vec::new();
    while let Some((line, _)) = records.next_record()? {
        rows.push(records.record().to_row(line));
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg(feature = "gbk")]
    fn decodes_gbk_utf8_and_bom() {
        let (gbk, _, _) = encoding_rs::GB18030.encode("项目名称,劳务报酬\r\n");
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
    fn lone_carriage_returns_end_lines() {
        let rows = read("name,labour\r\"a\rb\",5\r\rc,6\rd,7\r\ne,8", 100).unwrap_or_default();
        let numbers: Vec<u32> = rows.iter().map(|r| r.number).collect();
        assert_eq!(numbers, [1, 2, 5, 6, 7]);
    }

    #[test]
    fn utf16_with_either_byte_order() {
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("劳务报酬,5".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain("劳务报酬,5".encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(decode(&le), ("劳务报酬,5".to_owned(), "UTF-16", false));
        assert_eq!(decode(&be), ("劳务报酬,5".to_owned(), "UTF-16", false));
        let (_, _, odd) = decode(&le[..le.len() - 1]);
        assert!(odd, "a truncated code unit is reported");
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
