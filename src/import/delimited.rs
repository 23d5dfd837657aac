//! CSV (and tab-separated text) as Chinese office software saves it: UTF-8 with or without a
//! BOM, GBK/GB18030 (Excel's "CSV (逗号分隔)" on a Chinese system), or UTF-16 ("Unicode 文本").

use std::sync::OnceLock;

use super::table::{Cell, Row};
use super::warning::{ReadWarning, MAX_WARNINGS};
use super::{ImportError, MAX_COLUMNS};

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
        if let Some(text) = utf8(rest) {
            return (text, "UTF-8（带 BOM）", false);
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
    if let Some(text) = utf8(bytes) {
        return (text, "UTF-8", false);
    }
    // Not UTF-8: GB18030, a superset of GBK and GB2312, which Chinese Excel writes.
    let (text, had_errors) = decode_gb18030(bytes);
    (text, "GB18030（GBK）", had_errors)
}

/// `bytes` as text if they are UTF-8, checked and copied 64 KiB at a time. One call over a whole
/// file would run in the engine's baseline tier from start to end the first time (V8 compiles a
/// hot Wasm function again, optimised, for its next call, not the one running); a call per
/// piece runs optimised after the first few.
fn utf8(mut bytes: &[u8]) -> Option<String> {
    const PIECE: usize = 1 << 16;
    let mut text = String::with_capacity(bytes.len());
    while !bytes.is_empty() {
        let (piece, _) = bytes.split_at(bytes.len().min(PIECE));
        let valid = match std::str::from_utf8(piece) {
            Ok(t) => t,
            // A character cut at the end of the piece is read with the next one.
            Err(e) if e.error_len().is_none() && piece.len() < bytes.len() => {
                std::str::from_utf8(piece.split_at(e.valid_up_to()).0).ok()?
            }
            Err(_) => return None,
        };
        text.push_str(valid);
        bytes = bytes.get(valid.len()..)?;
        if valid.is_empty() {
            return None;
        }
    }
    Some(text)
}

/// Decodes and parses delimited bytes with csv's parser (csv-core, which the csv crate reads
/// with) and nothing else, returning the number of records: the floor a checker of the same
/// file can be compared with. The fields go to buffers of a fixed size, emptied when they
/// fill, so that its memory is the decoded text's: the csv crate would hold a record's every
/// field (8 bytes each; 50 MB of commas would take 400 MB).
pub fn count_records(bytes: &[u8]) -> usize {
    use csv_core::ReadRecordResult;
    let (text, _, _) = decode(bytes);
    let mut reader = csv_core::ReaderBuilder::new()
        .delimiter(delimiter(&text))
        .build();
    let (mut out, mut ends) = ([0u8; 4096], [0usize; 64]);
    let mut input = text.as_bytes();
    let mut n = 0;
    loop {
        let (result, read, _, _) = reader.read_record(input, &mut out, &mut ends);
        input = input.get(read..).unwrap_or_default();
        match result {
            ReadRecordResult::Record => n += 1,
            ReadRecordResult::End => return n,
            ReadRecordResult::InputEmpty
            | ReadRecordResult::OutputFull
            | ReadRecordResult::OutputEndsFull => {}
        }
    }
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

/// Delimited text read one record at a time, each numbered by the row a spreadsheet shows it
/// on (a record with line breaks in its quotes is one row; an empty line is an empty row). It owns
/// the text, so that a record can be read again later from its byte offset.
///
/// A line without a quote character is split at the delimiter where it stands (most lines of
/// an Excel export): its fields are slices of the text, with no copy and no second UTF-8
/// check. A line with a quote is read by csv's parser (csv-core, the csv crate's, one for the
/// file and reset for each such line, where the csv crate would build a reader each time),
/// which handles quoted delimiters, line breaks and doubled quotes; both read a record alike
/// (tested against the csv crate alone).
pub struct Records {
    text: String,
    delimiter: u8,
    /// The next byte to read and its line number.
    pos: usize,
    line: u32,
    /// The last record: field ranges in `text` (a plain line), or read by csv (quoted).
    fields: Vec<(usize, usize)>,
    quoted: Option<QuotedRecord>,
    /// csv's parser, for lines with quotes (boxed: its tables take 5 KB).
    parser: Box<csv_core::Reader>,
    /// The records that are not blank, read so far.
    read: usize,
    max_rows: usize,
    warnings: Vec<ReadWarning>,
    /// How many quotes that never close have been remarked on (up to [`MAX_WARNINGS`]).
    unclosed: usize,
    /// A record had more columns than [`MAX_COLUMNS`] (said once).
    wide: bool,
}

impl Records {
    /// Starts reading `text`; more than `max_rows` records that are not blank is an error.
    pub fn new(text: String, max_rows: usize) -> Records {
        let delimiter = delimiter(&text);
        Records {
            // As csv does, a byte-order mark at the start is not data.
            pos: if text.starts_with('\u{FEFF}') { 3 } else { 0 },
            text,
            delimiter,
            line: 1,
            fields: Vec::new(),
            quoted: None,
            parser: Box::new(parser(delimiter)),
            read: 0,
            max_rows,
            warnings: Vec::new(),
            unclosed: 0,
            wide: false,
        }
    }

    /// Reads the next record: its row number and byte offset, its fields in [`Records::record`].
    ///
    /// # Errors
    /// [`ImportError::TooManyRows`] past `max_rows`.
    pub fn next_record(&mut self) -> Result<Option<(u32, usize)>, ImportError> {
        let bytes = self.text.as_bytes();
        // Line ends (LF, CRLF or a lone CR, as csv reads them) and the empty lines csv skips.
        loop {
            match bytes.get(self.pos) {
                None => return Ok(None),
                Some(b'\r') if bytes.get(self.pos + 1) == Some(&b'\n') => self.pos += 2,
                Some(b'\r' | b'\n') => self.pos += 1,
                Some(_) => break,
            }
            self.line = self.line.saturating_add(1);
        }
        let first_line = self.line;
        let start = self.pos;
        let mut quoted = self.quoted.take();
        let Some((end, unclosed)) = parse_record(
            &self.text,
            start,
            (self.delimiter, &mut self.parser),
            &mut self.fields,
            &mut quoted,
        )?
        else {
            return Ok(None);
        };
        // Blank records (`,,,,`) do not count toward the limit.
        let blank = match &quoted {
            None => bytes
                .get(start..end)
                .unwrap_or_default()
                .iter()
                .all(|&b| b == self.delimiter || b == b' ' || b == b'\t'),
            Some(record) => {
                (0..record.len()).all(|i| record.get(i).is_none_or(|f| f.trim_ascii().is_empty()))
            }
        };
        if !blank {
            if self.read >= self.max_rows {
                return Err(ImportError::TooManyRows {
                    limit: self.max_rows,
                });
            }
            self.read += 1;
        }
        if let Some(column) = unclosed.filter(|_| self.unclosed < MAX_WARNINGS) {
            self.unclosed += 1;
            self.warnings.push(ReadWarning::UnclosedQuote {
                row: first_line,
                column,
            });
        }
        // A record read up to its last column: whether anything was left past it.
        let width = quoted.as_ref().map_or(self.fields.len(), |r| r.len());
        if width >= MAX_COLUMNS && !self.wide {
            let record = bytes.get(start..end).unwrap_or_default();
            if scan_record(record, self.delimiter).1.is_some() {
                self.wide = true;
                self.warnings
                    .push(ReadWarning::TooManyColumns { row: first_line });
            }
        }
        self.quoted = quoted;
        self.pos = end;
        // A record is one row, however many line breaks its quoted cells hold (as Excel
        // and WPS show it).
        Ok(Some((first_line, start)))
    }

    /// What the reader has met so far that the reviewer should know (unclosed quotes).
    pub fn warnings(&self) -> &[ReadWarning] {
        &self.warnings
    }

    /// The warnings met since the last call.
    pub fn take_warnings(&mut self) -> Vec<ReadWarning> {
        std::mem::take(&mut self.warnings)
    }

    /// The fields of the record last read, as text.
    pub fn record(&self) -> TextRecord<'_> {
        TextRecord::new(&self.text, &self.fields, self.quoted.as_ref())
    }

    /// How far through the text reading has come, in bytes, and the text's length.
    pub fn progress(&self) -> (usize, usize) {
        (self.pos, self.text.len())
    }

    /// How many lines the text has after what has been read: at least as many as the records
    /// left (a line ends at LF, CRLF or a lone CR; a text of lone CRs is counted by them).
    pub fn lines_left(&self) -> usize {
        let rest = self.text.as_bytes().get(self.pos..).unwrap_or_default();
        let feeds = kernels::count_byte(rest, b'\n');
        let lines = if feeds > 0 {
            feeds
        } else {
            kernels::count_byte(rest, b'\r')
        };
        lines + 1
    }

    /// Reads the record that starts at byte `offset` again, as a row numbered `line`.
    pub fn row_at(&self, offset: usize, line: u32) -> Option<Row> {
        let (mut fields, mut quoted) = (Vec::new(), None);
        let mut parser = parser(self.delimiter);
        let csv = (self.delimiter, &mut parser);
        parse_record(&self.text, offset, csv, &mut fields, &mut quoted).ok()??;
        Some(TextRecord::new(&self.text, &fields, quoted.as_ref()).to_row(line))
    }
}

/// csv's parser as the csv crate sets it up (no header, any number of fields, `"` quotes
/// doubled inside them, a line ending at LF, CR or CRLF).
fn parser(delimiter: u8) -> csv_core::Reader {
    csv_core::ReaderBuilder::new().delimiter(delimiter).build()
}

/// A record read by csv's parser: its fields' bytes one after another and where each ends.
#[derive(Debug, Default)]
pub struct QuotedRecord {
    bytes: Vec<u8>,
    ends: Vec<usize>,
}

impl QuotedRecord {
    /// The number of fields.
    fn len(&self) -> usize {
        self.ends.len()
    }

    /// Where field `i` is in `bytes`.
    fn range(&self, i: usize) -> Option<std::ops::Range<usize>> {
        let end = *self.ends.get(i)?;
        let start = match i.checked_sub(1) {
            Some(before) => *self.ends.get(before)?,
            None => 0,
        };
        Some(start..end)
    }

    /// Field `i`'s bytes.
    fn get(&self, i: usize) -> Option<&[u8]> {
        self.bytes.get(self.range(i)?)
    }

    /// Every field's bytes, one after another.
    fn as_slice(&self) -> &[u8] {
        let end = self.ends.last().copied().unwrap_or(0);
        self.bytes.get(..end).unwrap_or_default()
    }
}

/// Reads the record that starts at byte `start` of `text` (not at a line end): a line without
/// quotes into `fields` (and `quoted` emptied), a line with quotes by csv's parser into
/// `quoted`. Gives where the record ends (before its line end), and the field (from 0) of a
/// quote that never closes, if one does: the record then ends with the line that quote opened
/// on.
fn parse_record(
    text: &str,
    start: usize,
    (delimiter, parser): (u8, &mut csv_core::Reader),
    fields: &mut Vec<(usize, usize)>,
    quoted: &mut Option<QuotedRecord>,
) -> Result<Option<(usize, Option<usize>)>, ImportError> {
    let rest = text.as_bytes().get(start..).unwrap_or_default();
    fields.clear();
    let end = kernels::split_line(rest, start, delimiter, fields, MAX_COLUMNS);
    if rest.get(end) != Some(&b'"') {
        *quoted = None;
        return Ok(Some((start + end, None)));
    }
    fields.clear();
    // csv drops a byte-order mark at the start of its input; one that starts a record in the
    // middle of the text is data, so it is kept behind a mark for csv to drop.
    let marked = start > 0 && rest.starts_with(BOM);
    let mut record = quoted.take().unwrap_or_default();
    let Some(used) = csv_record((delimiter, parser), marked, rest, &mut record) else {
        return Ok(None);
    };
    let mut used = used.min(rest.len()).max(1);
    // A quote that never closes swallows every line after it: csv reads it to the end of
    // the text, or to the next quote, which it takes for the closing one (followed by text
    // that is not a delimiter). Such a record is read again up to the end of the line the
    // quote opened on, and the lines after it as records of their own.
    let mut unclosed = None;
    let inside = rest.get(..used).unwrap_or_default();
    if used == rest.len() || memchr::memchr2(b'\n', b'\r', inside).is_some() {
        if let Some((quote, field)) = unclosed_quote(inside, delimiter) {
            unclosed = Some(field);
            let line_end = rest
                .get(quote..)
                .and_then(|after| memchr::memchr2(b'\n', b'\r', after))
                .map(|i| quote + i);
            if let Some(cut) = line_end {
                let line = rest.get(..cut).unwrap_or_default();
                if csv_record((delimiter, parser), marked, line, &mut record).is_none() {
                    return Ok(None);
                }
                used = cut;
            }
        }
    }
    if unclosed.is_none() {
        // csv reads the record's line end too; the caller skips it with the empty lines.
        if rest.get(used - 1) == Some(&b'\n') {
            used -= 1;
        }
        if used > 1 && rest.get(used - 1) == Some(&b'\r') {
            used -= 1;
        }
    }
    *quoted = Some(record);
    Ok(Some((start + used, unclosed)))
}

/// A byte-order mark.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The most of the text csv's parser is given at once: a record's bytes and a field's end
/// (8 bytes) are kept for each field, so a record of this size takes at most a few megabytes.
const CSV_WINDOW: usize = 1 << 18;

/// Reads the record at the start of `bytes` with csv's parser into `record` (after a
/// byte-order mark for it to drop, when `marked`): how many bytes of `bytes` it took, its line
/// end included or not (`None`: no record). A record longer than [`CSV_WINDOW`] is found by
/// [`scan_record`] first, and read only up to its last column ([`MAX_COLUMNS`]): what is past
/// it is skipped.
fn csv_record(
    (delimiter, parser): (u8, &mut csv_core::Reader),
    marked: bool,
    bytes: &[u8],
    record: &mut QuotedRecord,
) -> Option<usize> {
    let window = bytes.get(..CSV_WINDOW).unwrap_or(bytes);
    let used = read_quoted(parser, marked, window, record);
    if window.len() == bytes.len() || used.is_some_and(|n| n < window.len()) {
        return used;
    }
    let (end, cut) = scan_record(bytes, delimiter);
    read_quoted(
        parser,
        marked,
        bytes.get(..cut.unwrap_or(end)).unwrap_or_default(),
        record,
    );
    Some(end)
}

/// Reads the first record of `bytes` with csv's parser as the csv crate reads one (its
/// fields into `record`, which grows as they need): how many bytes it took.
fn read_quoted(
    parser: &mut csv_core::Reader,
    marked: bool,
    bytes: &[u8],
    record: &mut QuotedRecord,
) -> Option<usize> {
    use csv_core::ReadRecordResult;
    // The parser drops a byte-order mark at the start of its input, so a record that starts
    // with one (data, in the middle of the text) is given after another for it to drop.
    let mark = if marked { BOM } else { b"" };
    let input: std::borrow::Cow<'_, [u8]> = match marked {
        true => [mark, bytes].concat().into(),
        false => bytes.into(),
    };
    parser.reset();
    let (mut rest, mut used, mut out, mut ends) = (&*input, 0, 0, 0);
    if record.bytes.is_empty() {
        record.bytes.resize(256, 0);
    }
    record.ends.resize(record.ends.len().max(16), 0);
    loop {
        let (result, read, wrote, ended) = parser.read_record(
            rest,
            record.bytes.get_mut(out..).unwrap_or_default(),
            record.ends.get_mut(ends..).unwrap_or_default(),
        );
        rest = rest.get(read..).unwrap_or_default();
        (used, out, ends) = (used + read, out + wrote, ends + ended);
        match result {
            // An empty input is the end of the text for the parser.
            ReadRecordResult::InputEmpty => {}
            ReadRecordResult::OutputFull => record.bytes.resize(2 * record.bytes.len(), 0),
            ReadRecordResult::OutputEndsFull => record.ends.resize(2 * record.ends.len(), 0),
            ReadRecordResult::Record => {
                record.ends.truncate(ends);
                return Some(used.saturating_sub(mark.len()));
            }
            ReadRecordResult::End => return None,
        }
    }
}

/// Where the record at the start of `bytes` ends as csv reads quotes (at its line end, or at
/// the end of `bytes`), and the delimiter after its last column, if it has more than
/// [`MAX_COLUMNS`].
fn scan_record(bytes: &[u8], delimiter: u8) -> (usize, Option<usize>) {
    let (mut field, mut at_start, mut open) = (1usize, true, false);
    let mut cut = None;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if open {
            if b == b'"' {
                if bytes.get(i + 1) == Some(&b'"') {
                    i += 1;
                } else {
                    open = false;
                }
            }
        } else if b == delimiter {
            if field == MAX_COLUMNS && cut.is_none() {
                cut = Some(i);
            }
            field += 1;
            at_start = true;
        } else if b == b'\n' || b == b'\r' {
            return (i, cut);
        } else {
            open = at_start && b == b'"';
            at_start = false;
        }
        i += 1;
    }
    (bytes.len(), cut)
}

/// The quote of the record at the start of `bytes` that never closes, as the csv crate reads
/// quotes: its index and its field's. A quote closed by another that is followed by text
/// rather than a delimiter or a line end, with a line break between them, never closed
/// either: the second quote opened a field of a later line. Read a byte at a time, only for
/// records with line breaks or at the end of the text.
fn unclosed_quote(bytes: &[u8], delimiter: u8) -> Option<(usize, usize)> {
    let (mut field, mut at_start) = (0usize, true);
    // The open quote, its field, and whether a line break followed it.
    let mut open: Option<(usize, usize, bool)> = None;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if let Some((quote, quote_field, broken)) = open.as_mut() {
            match b {
                b'"' => match bytes.get(i + 1) {
                    Some(b'"') => i += 1,
                    None | Some(b'\n' | b'\r') => open = None,
                    Some(&next) if next == delimiter => open = None,
                    Some(_) if *broken => return Some((*quote, *quote_field)),
                    Some(_) => open = None,
                },
                b'\n' | b'\r' => *broken = true,
                _ => {}
            }
        } else if at_start && b == b'"' {
            open = Some((i, field, false));
            at_start = false;
        } else if b == delimiter {
            field += 1;
            at_start = true;
        } else if b == b'\n' || b == b'\r' {
            field = 0;
            at_start = true;
        } else {
            at_start = false;
        }
        i += 1;
    }
    open.map(|(quote, field, _)| (quote, field))
}

/// A record's fields as text.
pub enum TextRecord<'r> {
    /// A line without quotes: its fields are ranges of the text.
    Plain {
        /// The whole text.
        text: &'r str,
        /// Each field's byte range.
        fields: &'r [(usize, usize)],
    },
    /// A record read by csv's parser.
    Quoted {
        /// All the fields' bytes as text (`None` if they were not UTF-8, which cannot happen
        /// for a decoded text but is not assumed).
        text: Option<&'r str>,
        /// The record.
        record: &'r QuotedRecord,
    },
}

impl<'r> TextRecord<'r> {
    /// What [`parse_record`] read: the record csv read if the line had quotes, else the
    /// fields' ranges in `text`.
    fn new(
        text: &'r str,
        fields: &'r [(usize, usize)],
        quoted: Option<&'r QuotedRecord>,
    ) -> TextRecord<'r> {
        match quoted {
            // csv splits the (UTF-8) text only at ASCII bytes, so every record is UTF-8; it is
            // checked once for the whole record.
            Some(record) => TextRecord::Quoted {
                text: std::str::from_utf8(record.as_slice()).ok(),
                record,
            },
            None => TextRecord::Plain { text, fields },
        }
    }

    /// The number of fields.
    pub fn len(&self) -> usize {
        match self {
            TextRecord::Plain { fields, .. } => fields.len(),
            TextRecord::Quoted { record, .. } => record.len(),
        }
    }

    /// True when the record has no fields.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Field `i`, when there is one and it is text.
    #[inline(always)]
    pub fn get(&self, i: usize) -> Option<&'r str> {
        match self {
            TextRecord::Plain { text, fields } => {
                let &(from, to) = fields.get(i)?;
                text.get(from..to)
            }
            TextRecord::Quoted { text, record } => text.as_ref()?.get(record.range(i)?),
        }
    }

    /// The fields in order (a field that is not text reads as empty).
    pub fn iter(&self) -> impl Iterator<Item = &'r str> + '_ {
        (0..self.len()).map(|i| self.get(i).unwrap_or_default())
    }

    /// The record as a row of cells (an empty field is an empty cell; bytes that are not
    /// UTF-8 are replaced).
    pub fn to_row(&self, line: u32) -> Row {
        let raw = |i: usize| match self {
            TextRecord::Quoted { record, .. } => record.get(i),
            TextRecord::Plain { .. } => None,
        };
        let cells = (0..self.len())
            .map(|i| match (self.get(i), raw(i)) {
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

/// Reads delimited text into rows numbered by the line each record starts on.
///
/// # Errors
/// [`ImportError::TooManyRows`] past `max_rows`.
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

    /// The csv crate as this reader read quoted lines before it ran csv's parser itself.
    fn csv_reader<R: std::io::Read>(delimiter: u8, source: R) -> csv::Reader<R> {
        csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(source)
    }

    #[test]
    fn count_records_counts_as_csv_reads() {
        let wide = format!("a{}\nb,c\n", ",".repeat(100_000));
        let long = format!("\"{}\",x\r\ny", "长".repeat(5000));
        for text in [
            "",
            "\n",
            "a",
            "a\n\n\nb\n",
            "\u{FEFF}a,b\r\nc,d\r\n",
            "a,\"b\nc\",d\ne\rf\r\n",
            "\"never closed\nx,y\nz",
            "a;b;c\n1;2;3\n",
            "a\tb\n1\t2",
            &wide,
            &long,
        ] {
            let mut reader = csv_reader(delimiter(text), text.as_bytes());
            let mut record = csv::ByteRecord::new();
            let mut want = 0;
            while let Ok(true) = reader.read_byte_record(&mut record) {
                want += 1;
            }
            assert_eq!(count_records(text.as_bytes()), want, "{text:.40?}");
        }
    }

    #[test]
    fn utf8_in_pieces_is_from_utf8() {
        // Characters of 1 to 4 bytes across the 64 KiB seams, and a bad byte at and near them.
        let pattern = "a,表\u{1F600}é";
        let mut text = String::new();
        while text.len() < 3 * (1 << 16) + 7 {
            text.push_str(pattern);
        }
        for len in [
            0,
            1,
            (1 << 16) - 1,
            1 << 16,
            (1 << 16) + 1,
            (1 << 16) + 2,
            text.len(),
        ] {
            let Some(cut) = (len..text.len()).find(|&i| text.is_char_boundary(i)) else {
                continue;
            };
            for shift in 0..4 {
                let Some(bytes) = text.as_bytes().get(shift..cut) else {
                    continue;
                };
                let want = std::str::from_utf8(bytes).ok().map(str::to_owned);
                assert_eq!(utf8(bytes), want, "{shift}..{cut}");
                for bad_at in [0, (1 << 16) - 1, 1 << 16, bytes.len().saturating_sub(1)] {
                    if bad_at < bytes.len() {
                        let mut bad = bytes.to_vec();
                        bad[bad_at] = 0xFF;
                        assert_eq!(utf8(&bad), None, "{shift}..{cut} bad at {bad_at}");
                    }
                }
            }
        }
    }

    /// The csv crate alone, as plans were read before the quote-free lines were split in
    /// place: records with the row each is on, a row for each record and each empty line (the
    /// reference `Records` must equal). A quote that never closes is left out: there `Records`
    /// reads on differently (`unclosed_quotes_end_with_their_line`).
    fn csv_alone(text: &str) -> Vec<(u32, Vec<String>)> {
        let delimiter = delimiter(text);
        let bytes = text.as_bytes();
        // The row of every byte: line ends outside quotes, as csv reads quotes.
        let mut rows = vec![1u32; bytes.len() + 1];
        let (mut row, mut at_start, mut open) = (1u32, true, false);
        let mut i = 0;
        while i < bytes.len() {
            rows[i] = row;
            let b = bytes[i];
            if open {
                if b == b'"' {
                    if bytes.get(i + 1) == Some(&b'"') {
                        rows[i + 1] = row;
                        i += 1;
                    } else {
                        open = false;
                    }
                }
            } else if at_start && b == b'"' {
                open = true;
                at_start = false;
            } else if b == delimiter {
                at_start = true;
            } else if b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
                row += 1;
                at_start = true;
            } else {
                at_start = b == b'\r';
            }
            i += 1;
        }
        rows[bytes.len()] = row;
        let mut reader = csv_reader(delimiter, bytes);
        let mut out = Vec::new();
        let mut record = csv::ByteRecord::new();
        let mut after = 0usize;
        while let Ok(true) = reader.read_byte_record(&mut record) {
            let mut start = record
                .position()
                .map_or(after, |p| usize::try_from(p.byte()).unwrap());
            while matches!(bytes.get(start), Some(b'\r' | b'\n')) {
                start += 1;
            }
            after = usize::try_from(reader.position().byte()).unwrap();
            let fields = record
                .iter()
                .map(|f| String::from_utf8_lossy(f).into_owned())
                .collect();
            out.push((rows[start.min(bytes.len())], fields));
        }
        out
    }

    fn records(text: &str) -> Vec<(u32, Vec<String>)> {
        let mut r = Records::new(text.to_owned(), usize::MAX);
        let mut out = Vec::new();
        while let Some((line, offset)) = r.next_record().unwrap() {
            let fields: Vec<String> = r.record().iter().map(str::to_owned).collect();
            // Read again from its offset, the same.
            let again = r.row_at(offset, line).unwrap();
            let cells: Vec<String> = again.cells.iter().map(Cell::display).collect();
            assert_eq!(cells, fields, "{text:?} at {offset}");
            out.push((line, fields));
        }
        out
    }

    #[test]
    fn records_are_read_as_csv_reads_them() {
        let mut texts: Vec<String> = [
            "",
            "a",
            "a,b,c",
            "a,b,\n",
            "\n\n\na,b\n\n",
            "a\r\nb\rc\nd",
            "a,\"b,c\",d\ne,f",
            "\"multi\nline\",x\r\ny,z",
            "\"a\"\"b\",c",
            "ab\"c,d\n",
            "\u{FEFF}a,b\n\u{FEFF}c,d",
            "x\n\u{FEFF}\"q\",r",
            " , \n\t;",
            "a;b;c\nd;e;f",
            "a\tb\tc\n",
            "\"unterminated,x\ny",
            "甘肃,中央预算内,\"1,000\",300\r\n贵州,省级,2,3\r\n",
            "\r",
            "\r\n",
            "\"\"",
            "\"",
            "a,\"\",b\n\r\n\"c\nd\"\r\n",
        ]
        .iter()
        .map(|t| (*t).to_owned())
        .collect();
        // Records past the parser's first buffers (256 bytes, 16 fields).
        texts.push(format!(
            "\"{}\",{}\n\"b\"",
            "长".repeat(300),
            "x,".repeat(100)
        ));
        let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/csv");
        for entry in std::fs::read_dir(corpus).unwrap() {
            let bytes = std::fs::read(entry.unwrap().path()).unwrap();
            texts.push(decode(&bytes).0);
        }
        for text in &texts {
            if unclosed_quote(text.as_bytes(), delimiter(text)).is_none() {
                assert_eq!(records(text), csv_alone(text), "{text:?}");
            }
        }
        assert!(texts.len() > 200);
    }

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
        assert_eq!(numbers, [1, 2, 3, 5]);
        assert_eq!(rows[2].cells[0], Cell::Text("multi\nline".into()));
    }

    #[test]
    fn lone_carriage_returns_end_lines() {
        let rows = read("name,labour\r\"a\rb\",5\r\rc,6\rd,7\r\ne,8", 100).unwrap_or_default();
        let numbers: Vec<u32> = rows.iter().map(|r| r.number).collect();
        assert_eq!(numbers, [1, 2, 4, 5, 6]);
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
    fn unclosed_quotes_end_with_their_line() {
        let text =
            "名称,状态\r\n甲,已完工\r\n乙,\"已开工\r\n丙,未开工\r\n\"多\n行\",x\r\n丁,\"a\"\"b";
        let mut r = Records::new(text.to_owned(), 100);
        let mut got = Vec::new();
        while let Some((row, offset)) = r.next_record().unwrap() {
            let fields: Vec<String> = r.record().iter().map(str::to_owned).collect();
            let again = r.row_at(offset, row).unwrap();
            assert_eq!(again.cells.len(), fields.len());
            got.push((row, fields));
        }
        let want: Vec<(u32, Vec<String>)> = [
            (1, vec!["名称", "状态"]),
            (2, vec!["甲", "已完工"]),
            (3, vec!["乙", "已开工"]),
            (4, vec!["丙", "未开工"]),
            (5, vec!["多\n行", "x"]),
            (6, vec!["丁", "a\"b"]),
        ]
        .into_iter()
        .map(|(n, f)| (n, f.into_iter().map(str::to_owned).collect()))
        .collect();
        assert_eq!(got, want);
        assert_eq!(
            r.warnings(),
            [
                ReadWarning::UnclosedQuote { row: 3, column: 1 },
                ReadWarning::UnclosedQuote { row: 6, column: 1 }
            ]
        );
        // A quote that does close, at the end of the text, is no warning.
        let mut r = Records::new("a,\"b\nc\"".to_owned(), 100);
        while r.next_record().unwrap().is_some() {}
        assert!(r.warnings().is_empty());
    }

    #[test]
    fn blank_records_do_not_count_toward_the_limit() {
        let rows = read("a\n,,,,,\n\n\" \",,\nb\n , ,\n", 2).unwrap();
        assert_eq!(rows.len(), 5);
        assert_eq!(rows[4].number, 6);
        assert!(matches!(
            read("a\n,,\nb\nc", 2),
            Err(ImportError::TooManyRows { limit: 2 })
        ));
    }

    #[test]
    fn row_limit() {
        assert!(matches!(
            read("a\nb\nc\n", 2),
            Err(ImportError::TooManyRows { limit: 2 })
        ));
    }
}
