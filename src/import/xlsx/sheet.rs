//! The shared strings and the cells of a worksheet.

use super::super::table::{Cell, Row};
use super::super::warning::{ReadWarning, MAX_WARNINGS};
use super::super::ImportError;
use super::styles::{serial_date, Kind};
use super::xml::{decode_x_escapes, find_byte, unescape_into, Event, Reader, XmlError};
use super::Budget;

/// Excel's grid: rows 1 to 1,048,576, columns A to XFD.
const MAX_SHEET_ROWS: u32 = 1_048_576;
const MAX_SHEET_COLUMNS: u32 = 16_384;

/// The most cell slots a sheet may fill, gaps before a row's last cell included (32 columns
/// of a million rows).
pub(super) const MAX_CELLS: usize = 1 << 25;

/// Past this many slots, at most 16 per cell with a value: a value in column XFD of every
/// row is refused after a few hundred rows instead of taking gigabytes, while a legitimate
/// sheet (whose rows are mostly full) and a few far-off cells in a small one are read.
const SPARSE_FROM: usize = 1 << 22;

/// The most shared strings a workbook may have (`<si/>` is 5 bytes, an empty string 24).
const MAX_SHARED_STRINGS: usize = 1 << 24;

/// Why a sheet cannot be read.
#[derive(Debug)]
pub(super) enum SheetError {
    /// Broken XML.
    Xml(XmlError),
    /// Well-formed but not a sheet this reader can read.
    Bad(String),
    /// Past the workbook's memory budget.
    Over(ImportError),
}

impl From<ImportError> for SheetError {
    fn from(e: ImportError) -> SheetError {
        SheetError::Over(e)
    }
}

impl From<XmlError> for SheetError {
    fn from(e: XmlError) -> SheetError {
        SheetError::Xml(e)
    }
}

impl std::fmt::Display for SheetError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SheetError::Xml(e) => e.fmt(f),
            SheetError::Bad(m) => f.write_str(m),
            SheetError::Over(e) => e.fmt(f),
        }
    }
}

fn bad(message: impl Into<String>) -> SheetError {
    SheetError::Bad(message.into())
}

/// Reads a string item (`<si>` of the shared strings, `<is>` of an inline string) up to the
/// end tag `closing`: the text of its `<t>` elements, plain or in rich-text runs `<r>`,
/// phonetic guides (`<rPh>`) left out. A `<t>` without `xml:space="preserve"` loses its
/// leading and trailing ASCII white space (as calamine reads it); Excel's `_xHHHH_` escapes
/// are decoded.
fn read_string(r: &mut Reader<'_>, closing: &str) -> Result<String, XmlError> {
    if let Some(raw) = plain_content(r, b"<t>", &[b"</t></", closing.as_bytes(), b">"]) {
        // What the loop below makes of the same markup.
        return plain_string(raw).map_err(|e| r.within(e, raw));
    }
    let mut out = String::new();
    let mut phonetic = false;
    loop {
        match r.next()? {
            Event::Start(t) if t.name == "rPh" => phonetic = true,
            Event::End("rPh") => phonetic = false,
            Event::End(n) if n == closing => return Ok(out),
            Event::Start(t) if t.name == "t" && !phonetic => {
                let preserve = t.attr("xml:space")? == Some("preserve");
                let mut value = String::new();
                loop {
                    match r.next()? {
                        Event::Text(text) => r.unescape_into(text, true, &mut value)?,
                        Event::CData(text) => unescape_cdata(text, &mut value),
                        Event::End("t") => break,
                        Event::Eof => return Err(r.error("元素 <t> 没有结束")),
                        _ => {}
                    }
                }
                if !preserve {
                    let trimmed = trim_space(&value);
                    if trimmed.len() != value.len() {
                        value = trimmed.to_owned();
                    }
                }
                out.push_str(&decode_x_escapes(value));
            }
            Event::Eof => return Err(r.error("字符串没有结束")),
            _ => {}
        }
    }
}

/// `text` without the ASCII white space a `<t>` without `xml:space="preserve"` loses at
/// either end.
fn trim_space(text: &str) -> &str {
    kernels::trim_xml_space(text)
}

/// The raw text in the common shapes of an element's content (`<v>text</v>`, `<t>text</t>`
/// and its end tags): `open`, text without markup, then `close`; consumed, with the one
/// element left open before `open` closed by `close`. `None`, and nothing consumed, for any
/// other shape: the events read it.
fn plain_content<'a>(r: &mut Reader<'a>, open: &[u8], close: &[&[u8]]) -> Option<&'a str> {
    let body = r.ahead()?.strip_prefix(open)?;
    let len = find_byte(body, b'<')?;
    let mut end = body.get(len..)?;
    for piece in close {
        end = end.strip_prefix(*piece)?;
    }
    let markup_len = body.len() - end.len() + open.len();
    let markup = r.consume(markup_len, 0, 1)?;
    markup.get(open.len()..open.len() + len)
}

/// The value of `<t>raw</t>` (no attributes), as [`read_string`] reads it.
fn plain_string(raw: &str) -> Result<String, XmlError> {
    if memchr::memchr2(b'&', b'\r', raw.as_bytes()).is_some() {
        let mut value = String::new();
        unescape_into(raw, true, &mut value)?;
        let trimmed = trim_space(&value);
        if trimmed.len() != value.len() {
            value = trimmed.to_owned();
        }
        return Ok(decode_x_escapes(value));
    }
    // One allocation of the exact size.
    Ok(decode_x_escapes(trim_space(raw).to_owned()))
}

/// CDATA is literal text; only its line ends are normalised.
fn unescape_cdata(text: &str, out: &mut String) {
    let mut rest = text;
    while let Some(i) = rest.find('\r') {
        out.push_str(rest.get(..i).unwrap_or(""));
        out.push('\n');
        let after = rest.get(i + 1..).unwrap_or("");
        rest = after.strip_prefix('\n').unwrap_or(after);
    }
    out.push_str(rest);
}

/// Takes from the budget what a vector's growth took (its capacity before and after, in items
/// of `item` bytes).
fn grown(budget: &Budget, before: usize, after: usize, item: usize) -> Result<(), ImportError> {
    budget.take(after.saturating_sub(before).saturating_mul(item), || {
        "工作表的单元格过多（含行内空白）".to_owned()
    })
}

/// The shared strings table (`xl/sharedStrings.xml`), in order, taken from the budget.
pub(super) fn read_shared_strings(xml: &str, budget: &Budget) -> Result<Vec<String>, SheetError> {
    let mut r = Reader::new(xml);
    let mut strings = Vec::new();
    loop {
        match r.next()? {
            Event::Start(t) if t.name == "sst" => {
                // Not needed, but read as calamine reads it (an error before it is one).
                t.attr("uniqueCount")?;
                break;
            }
            Event::Eof => return Err(r.error("没有 <sst> 元素").into()),
            _ => {}
        }
    }
    loop {
        match r.next()? {
            Event::Start(t) if t.name == "si" => {
                if strings.len() >= MAX_SHARED_STRINGS {
                    return Err(r.error("共享字符串过多").into());
                }
                let text = read_string(&mut r, "si")?;
                let before = strings.capacity();
                budget.take(text.len(), || "共享字符串表过大".to_owned())?;
                strings.push(text);
                grown(
                    budget,
                    before,
                    strings.capacity(),
                    std::mem::size_of::<String>(),
                )?;
            }
            Event::End("sst") => return Ok(strings),
            Event::Eof => return Err(r.error("元素 <sst> 没有结束").into()),
            _ => {}
        }
    }
}

/// What the workbook tells about every sheet's cells.
pub(super) struct Context<'a> {
    /// The shared strings.
    pub strings: &'a [String],
    /// The kind of number each cell format shows.
    pub formats: &'a [Kind],
    /// The workbook counts dates from 1904-01-01.
    pub date1904: bool,
    /// What the cells may take.
    pub budget: &'a Budget,
}

/// The cells read so far: rows in the order met (ascending but for rare files), each as long
/// as its last non-empty cell.
#[derive(Default)]
pub(super) struct Grid {
    rows: Vec<(u32, Vec<Cell>)>,
    /// Whether `rows` is in strictly ascending order.
    unordered: bool,
    /// The first and last row with a value.
    bounds: Option<(u32, u32)>,
    /// Cells allocated, empty ones included.
    slots: usize,
    /// Cells put.
    filled: usize,
    /// The `<row>` element the last cell put was in (counted from 1; 0 before any).
    element: u32,
    /// Rows and cells given more than once.
    warnings: Vec<ReadWarning>,
}

impl Grid {
    /// Notes a row or cell given more than once.
    fn warn(&mut self, warning: ReadWarning) {
        if self.warnings.len() < MAX_WARNINGS && self.warnings.last() != Some(&warning) {
            self.warnings.push(warning);
        }
    }

    /// Puts a non-empty cell at `(row, col)` (from 0) of the `<row>` element counted
    /// `element`; a later cell at the same place wins, with a warning, and so does a row
    /// given again by another element.
    fn put(
        &mut self,
        row: u32,
        col: u32,
        cell: Cell,
        element: u32,
        budget: &Budget,
    ) -> Result<(), SheetError> {
        if row >= MAX_SHEET_ROWS || col >= MAX_SHEET_COLUMNS {
            return Err(bad(format!(
                "单元格位置（第 {} 行第 {} 列）超出了 Excel 的范围",
                u64::from(row) + 1,
                u64::from(col) + 1
            )));
        }
        self.bounds = Some(match self.bounds {
            Some((first, last)) => (first.min(row), last.max(row)),
            None => (row, row),
        });
        let again =
            matches!(self.rows.last(), Some((last, _)) if *last == row) && element != self.element;
        if again {
            self.warn(ReadWarning::DuplicateRow { row: row + 1 });
        }
        self.element = element;
        let cells = match self.rows.last_mut() {
            Some((last, cells)) if *last == row => cells,
            previous => {
                // A row before the last one again: merged by `into_rows`. Rows are mostly as
                // long as the one before.
                let width = previous.map_or(0, |(last, cells)| {
                    self.unordered |= *last > row;
                    cells.len()
                });
                let before = self.rows.capacity();
                grown(budget, 0, width, std::mem::size_of::<Cell>())?;
                self.rows.push((row, Vec::with_capacity(width)));
                grown(
                    budget,
                    before,
                    self.rows.capacity(),
                    std::mem::size_of::<(u32, Vec<Cell>)>(),
                )?;
                match self.rows.last_mut() {
                    Some((_, cells)) => cells,
                    None => return Ok(()),
                }
            }
        };
        let col = col as usize;
        self.filled += 1;
        if col >= cells.len() {
            self.slots += col + 1 - cells.len();
            if self.slots > MAX_CELLS {
                return Err(bad(format!(
                    "工作表过大：单元格超过 {MAX_CELLS} 个（含行内空白）"
                )));
            }
            if self.slots > SPARSE_FROM && self.slots > 16 * self.filled {
                return Err(bad(format!(
                    "工作表过大：{} 个单元格中只有 {} 个有值，请删除远处的单元格",
                    self.slots, self.filled
                )));
            }
            let before = cells.capacity();
            cells.resize(col + 1, Cell::Empty);
            grown(
                budget,
                before,
                cells.capacity(),
                std::mem::size_of::<Cell>(),
            )?;
        }
        if let Cell::Text(text) = &cell {
            budget.take(text.len(), || "工作表中的文字过多".to_owned())?;
        }
        if let Some(slot) = cells.get_mut(col) {
            let replaced = !matches!(slot, Cell::Empty);
            *slot = cell;
            if replaced {
                self.warn(ReadWarning::DuplicateCell {
                    row: row + 1,
                    column: col,
                });
            }
        }
        Ok(())
    }

    /// Leaves out the rows at the end whose cells are all blank (a stray space or empty
    /// string far below the table): they are no data, and must not count as rows.
    pub fn drop_blank_tail(&mut self) {
        if self.unordered {
            // Stable: of two pieces of the same row, the later one is still later.
            self.rows.sort_by_key(|(row, _)| *row);
            self.unordered = false;
        }
        while let Some((row, cells)) = self.rows.last() {
            if !cells.iter().all(Cell::is_blank) {
                break;
            }
            // A blank piece of a row with values in another piece is kept.
            let row = *row;
            let keep = self
                .rows
                .iter()
                .rev()
                .take_while(|(r, _)| *r == row)
                .any(|(_, c)| !c.iter().all(Cell::is_blank));
            if keep {
                break;
            }
            self.rows.pop();
        }
        self.bounds = match (self.bounds, self.rows.last()) {
            (Some((first, _)), Some((last, _))) => Some((first, *last)),
            _ => None,
        };
    }

    /// The number of rows with a cell that is not blank.
    pub fn rows_with_values(&self) -> usize {
        let mut count = 0;
        let mut last_counted = None;
        for (row, cells) in &self.rows {
            if last_counted != Some(*row) && !cells.iter().all(Cell::is_blank) {
                count += 1;
                last_counted = Some(*row);
            }
        }
        count
    }

    /// True when no cell has a value.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The number of rows from the first with a value to the last.
    pub fn height(&self) -> usize {
        self.bounds
            .map_or(0, |(first, last)| (last - first) as usize + 1)
    }

    /// The rows from the first with a value to the last, blank ones in between included,
    /// numbered as the spreadsheet shows them.
    #[cfg(test)]
    pub fn into_rows(self) -> Vec<Row> {
        self.into_rows_and_warnings().0
    }

    /// [`Grid::into_rows`], and the rows and cells that were given more than once.
    pub fn into_rows_and_warnings(mut self) -> (Vec<Row>, Vec<ReadWarning>) {
        if self.unordered {
            // Stable: of two pieces of the same row, the later one is still later.
            self.rows.sort_by_key(|(row, _)| *row);
        }
        let mut out: Vec<Row> = Vec::with_capacity(self.height());
        let mut next = self.bounds.map_or(0, |(first, _)| first);
        for (row, cells) in std::mem::take(&mut self.rows) {
            if let Some(previous) = out.last_mut().filter(|r| r.number == row + 1) {
                // The same row again: its cells win where they have values.
                let mut warnings = vec![ReadWarning::DuplicateRow { row: row + 1 }];
                for (col, cell) in cells.into_iter().enumerate() {
                    if matches!(cell, Cell::Empty) {
                        continue;
                    }
                    if previous.cells.len() <= col {
                        previous.cells.resize(col + 1, Cell::Empty);
                    }
                    if let Some(slot) = previous.cells.get_mut(col) {
                        if !matches!(slot, Cell::Empty) {
                            warnings.push(ReadWarning::DuplicateCell {
                                row: row + 1,
                                column: col,
                            });
                        }
                        *slot = cell;
                    }
                }
                for w in warnings {
                    self.warn(w);
                }
                continue;
            }
            while next < row {
                next += 1;
                out.push(Row {
                    number: next,
                    cells: Vec::new(),
                });
            }
            next = row + 1;
            out.push(Row {
                number: next,
                cells,
            });
        }
        (out, self.warnings)
    }
}

/// Parses `A1`-style references as Excel writes them in `r` attributes: letters then digits
/// (either may be missing; the row must not be), to a 0-based `(row, column)`, the column
/// `None` when there are no letters.
fn parse_reference(text: &str) -> Result<(u32, Option<u32>), SheetError> {
    let wrong = || bad(format!("单元格引用{}无效", crate::text::quote(text)));
    // One pass: letters (the column), then digits (the row), nothing else; no closures in
    // the loop (they are not inlined in the size-optimised build).
    let mut col: Option<u32> = Some(0);
    let mut row: Option<u32> = None;
    for b in text.bytes() {
        match (b, row) {
            (b'A'..=b'Z' | b'a'..=b'z', None) => {
                let v = u32::from(b.to_ascii_uppercase() - b'A') + 1;
                col = col.and_then(|c| c.checked_mul(26)?.checked_add(v));
            }
            (b'0'..=b'9', _) => {
                let digit = u32::from(b - b'0');
                match row
                    .unwrap_or(0)
                    .checked_mul(10)
                    .and_then(|r| r.checked_add(digit))
                {
                    Some(r) => row = Some(r),
                    None => return Err(wrong()),
                }
            }
            _ => return Err(wrong()),
        }
    }
    match (col, row.and_then(|r| r.checked_sub(1))) {
        (Some(col), Some(row)) => Ok((row, col.checked_sub(1))),
        _ => Err(wrong()),
    }
}

/// Reads the cells of a worksheet part. A part without `<sheetData>` (a chart sheet) has
/// none.
pub(super) fn read_cells(xml: &str, ctx: &Context<'_>) -> Result<Grid, SheetError> {
    let mut r = Reader::new(xml);
    let mut grid = Grid::default();
    let mut any_element = false;
    loop {
        match r.next()? {
            Event::Start(t) if t.name == "sheetData" => break,
            Event::Start(_) => any_element = true,
            Event::Eof if any_element => return Ok(grid),
            Event::Eof => return Err(r.error("不是工作表").into()),
            _ => {}
        }
    }
    // Where a cell without an `r` attribute is: after the previous one.
    let mut row: u32 = 0;
    let mut col: u32 = 0;
    // The `<row>` elements met.
    let mut element: u32 = 0;
    loop {
        let ([at, style, kind], empty) = match plain_cell_tag(&mut r) {
            Some(tag) => tag,
            None => match r.next()? {
                Event::Start(t) if t.name == "row" => {
                    element = element.wrapping_add(1);
                    if let Some(v) = t.attr("r")? {
                        row = parse_reference(v)?.0;
                    }
                    continue;
                }
                Event::End("row") => {
                    row = row.saturating_add(1);
                    col = 0;
                    continue;
                }
                Event::Start(t) if t.name == "c" => (t.attrs_of(["r", "s", "t"])?, false),
                Event::End("sheetData") => return Ok(grid),
                Event::Eof => return Err(r.error("元素 <sheetData> 没有结束").into()),
                _ => continue,
            },
        };
        let (cell_row, cell_col) = match at {
            Some(v) => match parse_reference(v)? {
                (r, Some(c)) => {
                    col = c;
                    (r, c)
                }
                (_, None) => return Err(bad(format!("单元格引用{}没有列", crate::text::quote(v)))),
            },
            None => (row, col),
        };
        let cell = if empty {
            Cell::Empty
        } else {
            read_cell(&mut r, style, kind, ctx)?
        };
        col = col.saturating_add(1);
        if !matches!(cell, Cell::Empty) {
            grid.put(cell_row, cell_col, cell, element, ctx.budget)?;
        }
    }
}

/// A cell's start tag in its common shape, `<c r="A1" s="1" t="s">` or `<c .../>` (no
/// prefix, attributes `name="value"` with names of letters, digits and `:_.-`), read without
/// the events and consumed: its `r`, `s` and `t` as [`super::xml::Tag::attrs_of`] reads
/// them, and whether it is an empty-element tag. `None`, and nothing consumed, for any other
/// shape: the events read it.
fn plain_cell_tag<'a>(r: &mut Reader<'a>) -> Option<([Option<&'a str>; 3], bool)> {
    let tag = kernels::cell_tag(r.ahead()?)?;
    let text = r.consume(tag.len, u32::from(!tag.empty), 0)?;
    // Spelt out rather than `attrs.map(..)`, which is three calls through a closure a cell at
    // the size optimisation.
    let [at, style, kind] = tag.attrs;
    Some((
        [slice(text, at), slice(text, style), slice(text, kind)],
        tag.empty,
    ))
}

/// `text[a..b]` for a range found in it.
#[inline(always)]
fn slice(text: &str, range: Option<(usize, usize)>) -> Option<&str> {
    let (a, b) = range?;
    text.get(a..b)
}

/// Reads the content of a `<c>` element up to its end tag: the value of its `<v>` (by the
/// cell type `t` and, for numbers, the date-ness of its format `s`) or `<is>` (an inline
/// string); `<f>` (the formula; its cached result is the `<v>`) is skipped.
fn read_cell(
    r: &mut Reader<'_>,
    style: Option<&str>,
    kind: Option<&str>,
    ctx: &Context<'_>,
) -> Result<Cell, SheetError> {
    // (Kinds compared as bytes: a short slice pattern, not a call to compare memory.)
    let plain = matches!(
        kind.map(str::as_bytes),
        None | Some(b"n" | b"s" | b"b" | b"e")
    );
    if plain {
        if let Some(text) = plain_content(r, b"<v>", &[b"</v></c>"]) {
            // As below: the text before any reference, undecoded (empty when there is none).
            let raw = text.get(..find_byte(text.as_bytes(), b'&').unwrap_or(text.len()));
            return plain_value(raw.unwrap_or(""), style, kind, ctx);
        }
    }
    if let Some(raw) = plain_content(r, b"<is><t>", &[b"</t></is></c>"]) {
        return Ok(Cell::Text(plain_string(raw)?));
    }
    let mut value = Cell::Empty;
    loop {
        match r.next()? {
            Event::Start(t) => {
                value = match t.name {
                    "is" => Cell::Text(read_string(r, "is")?),
                    "v" if matches!(kind, Some("inlineStr" | "is")) => {
                        r.skip_to_end("v")?;
                        Cell::Empty
                    }
                    "v" if plain => {
                        // Numbers, indices, booleans and error codes are plain ASCII: the
                        // text before any reference, undecoded.
                        match r.next()? {
                            Event::End("v") => Cell::Empty,
                            Event::Eof => return Err(r.error("元素 <v> 没有结束").into()),
                            event => {
                                let raw = match event {
                                    Event::Text(text) => text.split('&').next().unwrap_or(""),
                                    _ => "",
                                };
                                r.skip_to_end("v")?;
                                plain_value(raw, style, kind, ctx)?
                            }
                        }
                    }
                    "v" => {
                        let mut text = String::new();
                        loop {
                            match r.next()? {
                                Event::Text(t) => r.unescape_into(t, true, &mut text)?,
                                Event::End("v") => break,
                                Event::Eof => return Err(r.error("元素 <v> 没有结束").into()),
                                _ => {}
                            }
                        }
                        match kind {
                            // A formula's string result.
                            Some("str") => Cell::Text(decode_x_escapes(text)),
                            // An ISO 8601 date cell, kept as written.
                            Some("d") => Cell::Text(text),
                            Some(other) => {
                                return Err(bad(format!(
                                    "未知的单元格类型{}",
                                    crate::text::quote(other)
                                )))
                            }
                            None => Cell::Empty,
                        }
                    }
                    "f" => {
                        r.skip_to_end("f")?;
                        Cell::Empty
                    }
                    _ => return Err(bad("单元格中有无法识别的元素（应为 <v>、<f> 或 <is>）")),
                };
            }
            Event::End("c") => return Ok(value),
            Event::Eof => return Err(r.error("元素 <c> 没有结束").into()),
            _ => {}
        }
    }
}

/// A non-negative integer written with digits only (no sign, no spaces; leading zeros).
fn index(text: &str) -> Option<usize> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// The value of a `<v>` of type `n` (or none), `s`, `b` or `e`.
fn plain_value(
    raw: &str,
    style: Option<&str>,
    kind: Option<&str>,
    ctx: &Context<'_>,
) -> Result<Cell, SheetError> {
    match kind.map(str::as_bytes) {
        Some(b"s") => {
            if raw.is_empty() {
                return Ok(Cell::Empty);
            }
            // An index that is not a number is 0, as calamine reads it.
            let text = ctx
                .strings
                .get(index(raw).unwrap_or(0))
                .ok_or_else(|| bad("共享字符串的序号无效"))?;
            Ok(Cell::Text(text.clone()))
        }
        Some(b"b") => match raw.trim() {
            "" => Ok(Cell::Empty),
            "1" => Ok(Cell::Bool(true)),
            "0" => Ok(Cell::Bool(false)),
            v if v.eq_ignore_ascii_case("true") => Ok(Cell::Bool(true)),
            v if v.eq_ignore_ascii_case("false") => Ok(Cell::Bool(false)),
            _ => Err(bad("布尔单元格的值无效")),
        },
        Some(b"e") if raw.is_empty() => Ok(Cell::Empty),
        Some(b"e") => Ok(Cell::Error(raw.to_owned())),
        _ => {
            if raw.is_empty() {
                return Ok(Cell::Empty);
            }
            let Ok(value) = raw.parse::<f64>() else {
                return match kind {
                    // No type: text that is not a number stays text.
                    None => Ok(Cell::Text(raw.to_owned())),
                    _ => Err(bad("数值单元格的值不是数字")),
                };
            };
            // No `s`: the default format, never a date; an `s` that is not a number: the
            // first format; an `s` past the last format: a number.
            let format = match style {
                None => Kind::Number,
                Some(s) => ctx
                    .formats
                    .get(index(s).unwrap_or(0))
                    .copied()
                    .unwrap_or(Kind::Number),
            };
            Ok(match format {
                Kind::Date => {
                    serial_date(value, ctx.date1904).map_or(Cell::Number(value), Cell::Date)
                }
                Kind::Number | Kind::Duration => Cell::Number(value),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references() {
        assert_eq!(parse_reference("A1").unwrap(), (0, Some(0)));
        assert_eq!(
            parse_reference("xfd1048576").unwrap(),
            (1_048_575, Some(16_383))
        );
        assert_eq!(parse_reference("7").unwrap(), (6, None));
        for bad in [
            "",
            "A",
            "A0",
            "1A",
            "A-1",
            "$A$1",
            "A1 ",
            "AAAAAAAAAAAAAAAAAAAAAAAA1",
            "A99999999999",
        ] {
            assert!(parse_reference(bad).is_err(), "{bad}");
        }
    }

    fn cells(xml: &str) -> Result<Vec<Row>, SheetError> {
        let strings = ["s0".to_owned(), "s1".to_owned()];
        let formats = [Kind::Number, Kind::Date];
        let budget = Budget::of(0);
        let ctx = Context {
            strings: &strings,
            formats: &formats,
            date1904: false,
            budget: &budget,
        };
        read_cells(xml, &ctx).map(Grid::into_rows)
    }

    #[test]
    fn sparse_and_unordered_cells() {
        let rows = cells(
            "<worksheet><sheetData><row r=\"3\"><c r=\"C3\" t=\"s\"><v>1</v></c><c><v>2</v></c></row>\
             <row r=\"5\"><c r=\"B5\" s=\"1\"><v>45838</v></c></row>\
             <row r=\"2\"><c r=\"A2\" t=\"b\"><v>1</v></c></row></sheetData></worksheet>",
        )
        .unwrap();
        let numbers: Vec<u32> = rows.iter().map(|r| r.number).collect();
        assert_eq!(numbers, [2, 3, 4, 5]);
        assert_eq!(rows[0].cells, [Cell::Bool(true)]);
        assert_eq!(
            rows[1].cells,
            [
                Cell::Empty,
                Cell::Empty,
                Cell::Text("s1".into()),
                Cell::Number(2.0)
            ]
        );
        assert!(rows[2].cells.is_empty());
        assert_eq!(rows[3].cells[1].display(), "2025-06-30");
    }

    #[test]
    fn sheets_without_data() {
        assert!(cells("<chartsheet/>").unwrap().is_empty());
        assert!(cells("<worksheet><sheetData/></worksheet>")
            .unwrap()
            .is_empty());
        assert!(cells("").is_err());
        assert!(cells("<worksheet><sheetData><row>").is_err());
        assert!(
            cells("<worksheet><sheetData><c r=\"XFE1\"><v>1</v></c></sheetData></worksheet>")
                .is_err()
        );
        // An empty cell far away is no cell.
        assert!(
            cells("<worksheet><sheetData><c r=\"XFD1\"/></sheetData></worksheet>")
                .unwrap()
                .is_empty()
        );
    }
}
