//! A plan file read and checked a slice of rows at a time.
//!
//! A CSV is parsed as it is checked: its records are never held as cells, only the decoded
//! text (so that a row's full verdict can be produced later by reading its record again from
//! its byte offset). An XLSX sheet is read into rows first; JSON into items. Each project row
//! takes the typed fast path ([`super::fast`]) when its cells are plain, and the loose reader
//! otherwise; either way the row is kept compact (status, the floor's ratio and shortfall, the
//! errors), and the words of a verdict are produced only when asked for.

use std::borrow::Cow;

use rust_decimal::Decimal;

use crate::check::{check_floors_of, floor_rules, FloorFacts, FloorFen, Problem, Status, Verdict};
use crate::date::Date;
use crate::money::Money;
use crate::raw::Raw;
use crate::rules::{Rule, RuleBook};
use crate::text;

use super::delimited::{self, Records, TextRecord};
use super::fast::{self, CellRef, Cells, Layout, Memo};
use super::header::{self, Column, Unmapped, HEADER_SEARCH_ROWS};
use super::table::Row;
use super::{
    check_loose_row, open, row_raw, Format, ImportError, ImportOptions, PlanReport, RowReport,
    Skipped, Summary, MAX_ROWS,
};

const SUMMARY_ROWS: &[&str] = &["合计", "总计", "小计", "合计:", "总合计", "累计"];

/// Where the rows come from.
enum Source {
    /// CSV records read as they are checked; `buffered` holds those read while looking for
    /// the header (byte offset, row).
    Csv {
        records: Records,
        buffered: std::vec::IntoIter<(usize, Row)>,
    },
    /// An XLSX sheet's rows; `next` is the next to check.
    Rows { rows: Vec<Row>, next: usize },
    /// JSON proposals.
    Json { items: Vec<Raw>, next: usize },
}

/// One checked project row.
#[derive(Debug, Clone)]
struct Checked {
    /// Row number in the file.
    row: u32,
    /// Where to read it again: a CSV byte offset, an index into the rows or JSON items.
    at: usize,
    status: Status,
    detail: Detail,
}

#[derive(Debug, Clone)]
enum Detail {
    /// Read by the fast path: the name and the floor shown.
    Plain {
        /// Where the name is in [`PlanFile::names`].
        name: Option<(u32, u32)>,
        floor: Option<PlainFloor>,
    },
    /// Read by the loose reader: its row as reported (with errors, and the verdict if kept).
    Loose(Box<RowReport>),
}

/// The floor a plain row shows: the rule's index in the book, and the base and labour in
/// whole fen, from which its ratio and shortfall are worked out when they are shown or
/// sorted by ([`FloorFen::of`] on the rule's parameters: the same outcome as the check's).
#[derive(Debug, Clone, Copy)]
struct PlainFloor {
    rule: u32,
    base: Option<i64>,
    labour: i64,
}

impl PlainFloor {
    /// The rule and its judgement, again.
    fn judge(self, book: &RuleBook) -> Option<(&Rule, FloorFen)> {
        let rule = book.rules.get(self.rule as usize)?;
        let params = rule.params.as_ref()?;
        Some((rule, FloorFen::of(params, self.base, self.labour)))
    }
}

/// A plan file being checked.
pub struct PlanFile {
    /// The file's name.
    pub file_name: String,
    /// What kind of file it is.
    pub format: Format,
    /// The text encoding (CSV and JSON).
    pub encoding: Option<String>,
    /// The sheet read (XLSX).
    pub sheet: Option<String>,
    /// The header row's number.
    pub header_row: Option<u32>,
    /// Recognised columns.
    pub columns: Vec<Column>,
    /// Columns that are ignored.
    pub unmapped: Vec<Unmapped>,
    /// Rows that are not projects.
    pub skipped: Vec<Skipped>,
    /// Remarks about the file.
    pub warnings: Vec<Problem>,
    /// Problems met while reading on (too many rows).
    pub errors: Vec<Problem>,
    /// Counts by status of the rows checked so far.
    pub summary: Summary,
    source: Source,
    layout: Option<Layout>,
    memo: Memo,
    rows: Vec<Checked>,
    /// The names of the rows read by the fast path, one after another.
    names: String,
    options: ImportOptions,
    today: Date,
    done: bool,
}

/// The parts of a [`PlanFile`] a row's check reads, borrowed apart from its source.
struct RowContext<'a> {
    book: &'a RuleBook,
    /// Each project kind's mandatory floors (with their indexes in the book), looked up when
    /// first needed.
    floors: Vec<Option<Vec<(u32, &'a Rule)>>>,
    format: Format,
    columns: &'a [Column],
    /// The index of the name column.
    name_col: Option<usize>,
    layout: Option<&'a Layout>,
    memo: &'a mut Memo,
    options: &'a ImportOptions,
    today: Date,
    with_verdicts: bool,
}

/// A row of cells from either source, for the checks that look at the whole row.
trait RowCells: Cells {
    /// True when every cell is blank.
    fn all_blank(&self) -> bool;
    /// The first cell that is not blank, as shown.
    fn first_shown(&self) -> Option<Cow<'_, str>>;
    /// The row as owned cells, for the loose reader.
    fn to_row(&self, line: u32) -> Row;
}

impl RowCells for TextRecord<'_> {
    fn all_blank(&self) -> bool {
        self.iter().all(|f| f.trim().is_empty())
    }
    fn first_shown(&self) -> Option<Cow<'_, str>> {
        self.iter()
            .find(|f| !f.trim().is_empty())
            .map(Cow::Borrowed)
    }
    fn to_row(&self, line: u32) -> Row {
        TextRecord::to_row(self, line)
    }
}

impl RowCells for Row {
    fn all_blank(&self) -> bool {
        self.is_blank()
    }
    fn first_shown(&self) -> Option<Cow<'_, str>> {
        self.cells
            .iter()
            .find(|c| !c.is_blank())
            .map(|c| Cow::Owned(c.display()))
    }
    fn to_row(&self, _line: u32) -> Row {
        self.clone()
    }
}

impl PlanFile {
    /// Opens a file: finds its header (CSV, XLSX) or its items (JSON). Rows are checked by
    /// [`PlanFile::step`], judged as of `options.as_of`, else each row's date, else `today`.
    ///
    /// # Errors
    /// An [`ImportError`] when the file cannot be read as a plan at all.
    pub fn open(
        bytes: &[u8],
        file_name: &str,
        options: &ImportOptions,
        today: Date,
    ) -> Result<PlanFile, ImportError> {
        let format = open(bytes, file_name, options)?;
        let mut plan = PlanFile {
            file_name: file_name.to_owned(),
            format,
            encoding: None,
            sheet: None,
            header_row: None,
            columns: Vec::new(),
            unmapped: Vec::new(),
            skipped: Vec::new(),
            warnings: Vec::new(),
            errors: Vec::new(),
            summary: Summary::default(),
            source: Source::Json {
                items: Vec::new(),
                next: 0,
            },
            layout: None,
            memo: Memo::default(),
            rows: Vec::new(),
            names: String::new(),
            options: options.clone(),
            today,
            done: false,
        };
        match format {
            Format::Json => {
                let (text, encoding, _) = delimited::decode(bytes);
                plan.encoding = Some(encoding.to_owned());
                plan.source = Source::Json {
                    items: json_items(&text)?,
                    next: 0,
                };
            }
            Format::Xlsx | Format::Xls => {
                let (rows, sheet) = super::read_sheet(bytes, format, options)?;
                let at = plan.find_header(&rows)?;
                // Room for every row at once, when there is that much memory.
                let _ = plan.rows.try_reserve(rows.len().saturating_sub(at + 1));
                plan.sheet = Some(sheet);
                plan.source = Source::Rows { rows, next: at + 1 };
            }
            Format::Csv => {
                let (text, encoding, undecodable) = delimited::decode(bytes);
                if undecodable {
                    plan.warnings.push(Problem::new(
                        "import.bad_encoding",
                        "",
                        format!(
                            "文件中有无法按 {encoding} 解码的字节，已替换为 �，请核对相关单元格"
                        ),
                    ));
                }
                plan.encoding = Some(encoding.to_owned());
                let mut records = Records::new(text, MAX_ROWS);
                let (mut rows, mut offsets) = (Vec::new(), Vec::new());
                while rows.len() < HEADER_SEARCH_ROWS {
                    let Some((line, offset)) = records.next_record()? else {
                        break;
                    };
                    rows.push(records.record().to_row(line));
                    offsets.push(offset);
                }
                let at = plan.find_header(&rows)?;
                // Room for as many rows as the first ones suggest, to grow the list once.
                let (read, len) = records.progress();
                if let Some(per_row) = read.checked_div(rows.len()).filter(|&n| n > 0) {
                    // Fallibly: the guess may be large, and a failed allocation would abort the
                    // module.
                    let _ = plan.rows.try_reserve((len / per_row).min(MAX_ROWS));
                }
                let buffered: Vec<_> = offsets.into_iter().zip(rows).skip(at + 1).collect();
                plan.source = Source::Csv {
                    records,
                    buffered: buffered.into_iter(),
                };
            }
        }
        plan.layout = Layout::new(&plan.columns, options.unit);
        Ok(plan)
    }

    /// Finds the header among `rows` and maps its columns; the index of the header row.
    fn find_header(&mut self, rows: &[Row]) -> Result<usize, ImportError> {
        let not_a_plan = || ImportError::NotAPlan(header::expected_headers());
        let at = header::find_header(rows).ok_or_else(not_a_plan)?;
        let row = rows.get(at).ok_or_else(not_a_plan)?;
        (self.columns, self.unmapped) = header::map_header(row);
        self.header_row = Some(row.number);
        Ok(at)
    }

    /// Checks up to `max_rows` more rows of the file (blank and summary rows count); true
    /// when the whole file is checked. With `with_verdicts` each row keeps its full verdict
    /// (every row then takes the loose reader).
    pub fn step(&mut self, book: &RuleBook, max_rows: usize, with_verdicts: bool) -> bool {
        let mut ctx = RowContext {
            book,
            floors: vec![None; book.project_kinds.len()],
            format: self.format,
            columns: &self.columns,
            name_col: self
                .columns
                .iter()
                .find(|c| c.field == "name")
                .map(|c| c.index),
            layout: self.layout.as_ref(),
            memo: &mut self.memo,
            options: &self.options,
            today: self.today,
            with_verdicts,
        };
        let mut out = Output {
            rows: &mut self.rows,
            names: &mut self.names,
            skipped: &mut self.skipped,
            summary: &mut self.summary,
        };
        let mut n = 0;
        while n < max_rows && !self.done {
            n += 1;
            match &mut self.source {
                Source::Csv { records, buffered } => {
                    if let Some((offset, row)) = buffered.next() {
                        take(&mut ctx, &mut out, row.number, offset, &row);
                        continue;
                    }
                    match records.next_record() {
                        Ok(Some((line, offset))) => {
                            take(&mut ctx, &mut out, line, offset, &records.record());
                        }
                        Ok(None) => self.done = true,
                        Err(e) => {
                            self.errors.push(read_on_error(&e, out.rows.len()));
                            self.done = true;
                        }
                    }
                }
                Source::Rows { rows, next } => match rows.get(*next) {
                    Some(row) => {
                        take(&mut ctx, &mut out, row.number, *next, row);
                        *next += 1;
                    }
                    None => self.done = true,
                },
                Source::Json { items, next } => match items.get(*next) {
                    Some(raw) => {
                        let number = u32::try_from(*next + 1).unwrap_or(u32::MAX);
                        let report = check_loose_row(
                            ctx.book,
                            ctx.format,
                            ctx.columns,
                            raw,
                            number,
                            ctx.options,
                            ctx.today,
                            ctx.with_verdicts,
                        );
                        out.push_loose(number, *next, report);
                        *next += 1;
                    }
                    None => self.done = true,
                },
            }
        }
        self.done
    }

    /// True when every row is checked.
    pub fn is_done(&self) -> bool {
        self.done
    }

    /// How many project rows have been checked.
    pub fn checked(&self) -> usize {
        self.rows.len()
    }

    /// How far checking has come, from 0 to 1 (bytes of a CSV, rows of a sheet, JSON items).
    pub fn progress(&self) -> f64 {
        if self.done {
            return 1.0;
        }
        let (at, of) = match &self.source {
            Source::Csv { records, buffered } => {
                let (read, len) = records.progress();
                // Rows read while looking for the header are still to check.
                let next = buffered.as_slice().first().map_or(read, |(at, _)| *at);
                (next, len)
            }
            Source::Rows { rows, next } => (*next, rows.len()),
            Source::Json { items, next } => (*next, items.len()),
        };
        if of == 0 {
            1.0
        } else {
            at as f64 / of as f64
        }
    }

    /// The status of each checked row, in file order.
    pub fn statuses(&self) -> impl Iterator<Item = Status> + '_ {
        self.rows.iter().map(|c| c.status)
    }

    /// Checked row `i` (0-based, in file order) as the table shows it, without its verdict.
    pub fn row(&self, book: &RuleBook, i: usize) -> Option<RowReport> {
        let checked = self.rows.get(i)?;
        Some(match &checked.detail {
            Detail::Loose(report) => RowReport {
                verdict: None,
                ..(**report).clone()
            },
            Detail::Plain { name, floor } => {
                plain_report(book, checked.row, checked.status, self.name(*name), *floor)
            }
        })
    }

    /// The rows (0-based indexes in file order) whose status passes `filter`, ordered by
    /// `sort`; ties stay in file order, and rows without the figure go last either way.
    pub fn order(
        &self,
        book: &RuleBook,
        filter: StatusFilter,
        sort: SortKey,
        descending: bool,
    ) -> Vec<u32> {
        let mut indexes: Vec<u32> = if filter == StatusFilter::All {
            // Every row, which the table asks for first: a plain count (the iterator below is
            // a call or two per row at the size optimisation).
            let mut all = vec![0u32; self.rows.len()];
            for (i, slot) in all.iter_mut().enumerate() {
                *slot = u32::try_from(i).unwrap_or(u32::MAX);
            }
            all
        } else {
            self.rows
                .iter()
                .enumerate()
                .filter(|(_, c)| filter.keeps(c.status))
                .filter_map(|(i, _)| u32::try_from(i).ok())
                .collect()
        };
        let key_of = |i: u32| -> Option<Decimal> {
            let checked = self.rows.get(i as usize)?;
            match (&checked.detail, sort) {
                (Detail::Plain { floor, .. }, SortKey::Ratio) => {
                    floor.and_then(|f| f.judge(book)?.1.ratio())
                }
                (Detail::Plain { floor, .. }, SortKey::Shortfall) => floor
                    .and_then(|f| f.judge(book)?.1.shortfall())
                    .map(Money::yuan),
                (Detail::Plain { floor, .. }, SortKey::Floor) => floor
                    .and_then(|f| book.rules.get(f.rule as usize))
                    .and_then(|r| r.params.as_ref())
                    .map(|p| p.floor),
                (Detail::Loose(r), SortKey::Ratio) => r.ratio.as_deref()?.parse().ok(),
                (Detail::Loose(r), SortKey::Floor) => r.floor.as_deref()?.parse().ok(),
                (Detail::Loose(r), SortKey::Shortfall) => r.shortfall.map(Money::yuan),
                _ => None,
            }
        };
        match sort {
            SortKey::Row => {
                if descending {
                    indexes.reverse();
                }
            }
            SortKey::Status => {
                let severity = |i: u32| self.rows.get(i as usize).map_or(4, |c| severity(c.status));
                // Ties in file order (unstable sorts are smaller in Wasm; the index settles ties).
                indexes.sort_unstable_by(|&a, &b| {
                    let o = severity(a).cmp(&severity(b));
                    if descending { o.reverse() } else { o }.then(a.cmp(&b))
                });
            }
            SortKey::Ratio | SortKey::Floor | SortKey::Shortfall => {
                let mut keyed: Vec<(Option<Decimal>, u32)> =
                    indexes.iter().map(|&i| (key_of(i), i)).collect();
                keyed.sort_unstable_by(|(x, a), (y, b)| {
                    match (x, y) {
                        (Some(x), Some(y)) if descending => y.cmp(x),
                        (Some(x), Some(y)) => x.cmp(y),
                        (Some(_), None) => std::cmp::Ordering::Less,
                        (None, Some(_)) => std::cmp::Ordering::Greater,
                        (None, None) => std::cmp::Ordering::Equal,
                    }
                    .then(a.cmp(b))
                });
                indexes = keyed.into_iter().map(|(_, i)| i).collect();
            }
        }
        indexes
    }

    fn name(&self, at: Option<(u32, u32)>) -> Option<&str> {
        let (start, len) = at?;
        self.names
            .get(start as usize..(start as usize).checked_add(len as usize)?)
    }

    /// The name of each checked row, in file order.
    pub fn names(&self) -> Vec<Option<&str>> {
        self.rows
            .iter()
            .map(|c| match &c.detail {
                Detail::Plain { name, .. } => self.name(*name),
                Detail::Loose(r) => r.name.as_deref(),
            })
            .collect()
    }

    /// The full verdict of checked row `i`, produced now by reading the row again.
    pub fn verdict(&self, book: &RuleBook, i: usize) -> Option<Verdict> {
        let checked = self.rows.get(i)?;
        if let Detail::Loose(report) = &checked.detail {
            if let Some(v) = &report.verdict {
                return Some(v.clone());
            }
        }
        let report = match &self.source {
            Source::Json { items, .. } => check_loose_row(
                book,
                self.format,
                &self.columns,
                items.get(checked.at)?,
                checked.row,
                &self.options,
                self.today,
                true,
            ),
            Source::Csv { records, .. } => {
                let row = records.row_at(checked.at, checked.row)?;
                self.loose_row(book, &row)
            }
            Source::Rows { rows, .. } => self.loose_row(book, rows.get(checked.at)?),
        };
        report.verdict
    }

    fn loose_row(&self, book: &RuleBook, row: &Row) -> RowReport {
        let raw = row_raw(&self.columns, row, self.options.unit);
        check_loose_row(
            book,
            self.format,
            &self.columns,
            &raw,
            row.number,
            &self.options,
            self.today,
            true,
        )
    }

    /// The report so far: the file's facts, the counts, and (with `rows`) every checked row.
    pub fn report(&self, book: &RuleBook, rows: bool) -> PlanReport {
        let mut report = self.shell(book);
        if rows {
            report.rows = (0..self.rows.len())
                .filter_map(|i| self.row(book, i))
                .collect();
        }
        report
    }

    /// The whole report, rows with their verdicts where kept (consumes the file).
    pub fn into_report(mut self, book: &RuleBook) -> PlanReport {
        let mut report = self.shell(book);
        report.rows = std::mem::take(&mut self.rows)
            .into_iter()
            .map(|checked| match checked.detail {
                Detail::Loose(r) => *r,
                Detail::Plain { name, floor } => {
                    plain_report(book, checked.row, checked.status, self.name(name), floor)
                }
            })
            .collect();
        report
    }

    fn shell(&self, book: &RuleBook) -> PlanReport {
        PlanReport {
            file_name: self.file_name.clone(),
            format: Some(self.format),
            encoding: self.encoding.clone(),
            sheet: self.sheet.clone(),
            header_row: self.header_row,
            rule_book_version: book.version.clone(),
            summary: self.summary,
            columns: self.columns.clone(),
            unmapped: self.unmapped.clone(),
            skipped: self.skipped.clone(),
            rows: Vec::new(),
            errors: self.errors.clone(),
            warnings: self.warnings.clone(),
        }
    }
}

/// Which rows a table shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusFilter {
    /// Every row.
    All,
    /// Every row that does not pass.
    NotPass,
    /// Rows of one status.
    Only(Status),
}

impl StatusFilter {
    /// Reads `all`, `notpass`, `pass`, `fail`, `review` or `invalid`.
    pub fn parse(text: &str) -> Option<StatusFilter> {
        Some(match text {
            "all" => StatusFilter::All,
            "notpass" => StatusFilter::NotPass,
            "pass" => StatusFilter::Only(Status::Pass),
            "fail" => StatusFilter::Only(Status::Fail),
            "review" => StatusFilter::Only(Status::Review),
            "invalid" => StatusFilter::Only(Status::Invalid),
            _ => return None,
        })
    }

    fn keeps(self, status: Status) -> bool {
        match self {
            StatusFilter::All => true,
            StatusFilter::NotPass => status != Status::Pass,
            StatusFilter::Only(s) => s == status,
        }
    }
}

/// What a table is sorted by (names are sorted by the page, which has a Chinese collator).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    /// File order.
    Row,
    /// The most urgent first: fail, invalid, review, pass.
    Status,
    /// The floor's ratio.
    Ratio,
    /// The floor.
    Floor,
    /// The shortfall in yuan.
    Shortfall,
}

impl SortKey {
    /// Reads `row`, `status`, `ratio`, `floor` or `shortfall`.
    pub fn parse(text: &str) -> Option<SortKey> {
        Some(match text {
            "row" => SortKey::Row,
            "status" => SortKey::Status,
            "ratio" => SortKey::Ratio,
            "floor" => SortKey::Floor,
            "shortfall" => SortKey::Shortfall,
            _ => return None,
        })
    }
}

fn severity(status: Status) -> u8 {
    match status {
        Status::Fail => 0,
        Status::Invalid => 1,
        Status::Review => 2,
        Status::Pass => 3,
    }
}

/// The table's row of a row read by the fast path.
fn plain_report(
    book: &RuleBook,
    row: u32,
    status: Status,
    name: Option<&str>,
    floor: Option<PlainFloor>,
) -> RowReport {
    let floor = floor
        .and_then(|f| f.judge(book))
        .map(|(rule, fen)| (rule, fen.ratio(), fen.shortfall()));
    RowReport::compact(row, status, name.map(str::to_owned), floor)
}

/// Where checked rows go.
struct Output<'a> {
    rows: &'a mut Vec<Checked>,
    names: &'a mut String,
    skipped: &'a mut Vec<Skipped>,
    summary: &'a mut Summary,
}

impl Output<'_> {
    /// Keeps a name; where it is (`None` past 4 GB of names, which the size limit excludes).
    fn keep_name(&mut self, name: &str) -> Option<(u32, u32)> {
        let start = u32::try_from(self.names.len()).ok()?;
        let len = u32::try_from(name.len()).ok()?;
        start.checked_add(len)?;
        self.names.push_str(name);
        Some((start, len))
    }

    fn push(&mut self, checked: Checked) {
        self.summary.add(checked.status);
        self.rows.push(checked);
    }

    fn push_loose(&mut self, row: u32, at: usize, report: RowReport) {
        self.push(Checked {
            row,
            at,
            status: report.status,
            detail: Detail::Loose(Box::new(report)),
        });
    }
}

/// Checks one row of a table: skips it if it has no project data or is a summary row, else
/// reads it by the fast path if it can, by the loose reader if not.
fn take<C: RowCells>(
    ctx: &mut RowContext<'_>,
    out: &mut Output<'_>,
    line: u32,
    at: usize,
    cells: &C,
) {
    // A row named in plain text without 计 has project data and is no summary row: straight
    // to the fast path.
    let name_col = ctx.name_col;
    let named_plainly =
        matches!(name_col.map(|i| cells.cell(i)), Some(CellRef::Text(t)) if !has_ji(t));
    if !named_plainly && skip(ctx.columns, name_col, out, line, cells) {
        return;
    }
    if !ctx.with_verdicts {
        if let Some(plain) = ctx
            .layout
            .and_then(|l| fast::read(l, ctx.memo, ctx.book, cells))
        {
            if let Some(kind) = ctx.book.project_kinds.get(plain.kind) {
                let facts = FloorFacts {
                    kind: &kind.id,
                    province: plain.province.map(|p| p.code),
                    funds: plain.funds,
                    labour: plain.labour,
                };
                let date = ctx.options.as_of.or(plain.date).unwrap_or(ctx.today);
                let book = ctx.book;
                let floors = ctx.floors.get_mut(plain.kind).map(|f| {
                    &*f.get_or_insert_with(|| {
                        floor_rules(book, &kind.id)
                            .filter_map(|(at, r)| Some((u32::try_from(at).ok()?, r)))
                            .collect()
                    })
                });
                let rules = floors.map_or(&[][..], Vec::as_slice);
                let (status, floor) = check_floors_of(rules, &facts, date);
                let floor = floor.map(|(rule, fen)| PlainFloor {
                    rule,
                    base: fen.base_fen(),
                    labour: fen.labour_fen(),
                });
                let name = plain.name.and_then(|n| out.keep_name(n));
                out.push(Checked {
                    row: line,
                    at,
                    status,
                    detail: Detail::Plain { name, floor },
                });
                return;
            }
        }
    }
    let row = cells.to_row(line);
    let raw = row_raw(ctx.columns, &row, ctx.options.unit);
    let report = check_loose_row(
        ctx.book,
        ctx.format,
        ctx.columns,
        &raw,
        line,
        ctx.options,
        ctx.today,
        ctx.with_verdicts,
    );
    out.push_loose(line, at, report);
}

/// Whether a text has 计 (E8 AE A1 in UTF-8), which every summary label has: a byte search.
fn has_ji(text: &str) -> bool {
    // A plain loop and a pattern: names are short, and at the size optimisation an iterator
    // with a closure (or a slice comparison) is a call per step.
    for w in text.as_bytes().windows(3) {
        if let [0xE8, 0xAE, 0xA1] = w {
            return true;
        }
    }
    false
}

/// Skips a row that has no project data or is a summary row (listing it unless it is blank);
/// true when skipped.
fn skip<C: RowCells>(
    columns: &[Column],
    name_col: Option<usize>,
    out: &mut Output<'_>,
    line: u32,
    cells: &C,
) -> bool {
    let data_blank = columns
        .iter()
        .filter(|c| c.field != "index")
        .all(|c| matches!(cells.cell(c.index), CellRef::Blank));
    if data_blank {
        if !cells.all_blank() {
            out.skipped.push(Skipped {
                row: line,
                reason: "没有项目数据（各列均为空）".to_owned(),
            });
        }
        return true;
    }
    let named = name_col.and_then(|i| match cells.cell(i) {
        CellRef::Blank => None,
        CellRef::Text(t) => Some(Cow::Borrowed(t)),
        _ => {
            let row = cells.to_row(line);
            Some(Cow::Owned(row.cell(i).display()))
        }
    });
    if let Some(label) = named.or_else(|| cells.first_shown()) {
        // Every summary label has 计; most names do not, and are not folded.
        if has_ji(&label) {
            let folded = text::fold_compact(&label);
            if SUMMARY_ROWS.contains(&folded.as_str()) {
                out.skipped.push(Skipped {
                    row: line,
                    reason: format!("“{folded}”行是汇总行，不是项目"),
                });
                return true;
            }
        }
    }
    false
}

/// The file error for a CSV that stops being readable part of the way through: the rows
/// before it are kept and checked.
fn read_on_error(e: &ImportError, rows: usize) -> Problem {
    Problem::new(
        e.code(),
        "",
        format!("{e}（已核查此前的 {rows} 个项目行，其后的行未核查）"),
    )
}

/// The proposals of a JSON plan: an array, `{ proposals: [...] }`, or one proposal.
fn json_items(text: &str) -> Result<Vec<Raw>, ImportError> {
    let raw = Raw::from_json(text).map_err(|e| ImportError::BadJson {
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    })?;
    match raw {
        Raw::List(items) => Ok(items),
        map @ Raw::Map(_) => match map.get("proposals") {
            Some(Raw::List(items)) => Ok(items.clone()),
            Some(_) => Err(ImportError::NotProposals),
            None => Ok(vec![map]),
        },
        _ => Err(ImportError::NotProposals),
    }
}

/// Reads a whole file with every row through the loose reader: what the fast path must
/// equal (for tests).
#[doc(hidden)]
pub fn loose_rows(
    book: &RuleBook,
    bytes: &[u8],
    file_name: &str,
    options: &ImportOptions,
    today: Date,
) -> Result<Vec<RowReport>, ImportError> {
    let mut plan = PlanFile::open(bytes, file_name, options, today)?;
    plan.layout = None;
    plan.step(book, usize::MAX, false);
    Ok((0..plan.rows.len())
        .filter_map(|i| plan.row(book, i))
        .collect())
}

/// How many rows of a file took the fast path (for tests and benchmarks).
#[doc(hidden)]
pub fn plain_rows(plan: &PlanFile) -> usize {
    plan.rows
        .iter()
        .filter(|c| matches!(c.detail, Detail::Plain { .. }))
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn has_ji_is_contains_ji() {
        for t in [
            "",
            "计",
            "合计",
            "合计:",
            "小计 ",
            "计划",
            "设计院",
            "讠",
            "记",
            "计\u{1F600}",
            "a计b",
            "甘肃",
            "è®¡",
            "\u{8BA1}",
            "\u{8BA2}",
        ] {
            assert_eq!(has_ji(t), t.contains('计'), "{t:?}");
        }
        for s in SUMMARY_ROWS {
            assert!(has_ji(s), "{s}");
        }
    }
}
