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

use crate::check::{Problem, Status, Verdict};
use crate::date::Date;
use crate::facts::Field;
use crate::judge::{judge_row, Doubt, FloorFen};
use crate::money::{Money, Unit};
use crate::raw::Raw;
use crate::rules::{Rule, RuleBook};
use crate::text;

use super::delimited::{self, Records, TextRecord};
use super::fast::{self, CellRef, Cells, Layout, Memo};
use super::header::{self, Column, UnitLine, Unmapped, HEADER_SEARCH_ROWS};
use super::table::Row;
use super::warning::ReadWarning;
use super::{
    check_loose_row, open, Format, ImportError, ImportOptions, PlanReport, RowReport, RowSource,
    Shown, Skipped, StatedCell, Summary, MAX_ROWS,
};

const SUMMARY_ROWS: &[&str] = &["合计", "总计", "小计", "合计:", "总合计", "累计"];

/// The warning code for a rule whose base funds have no column in the file.
pub const BASE_MISSING: &str = "import.base_missing";

/// The warning code for a rule some of whose base funds have no column: rows that meet the
/// floor on the funds the file has are told that the missing ones count as zero.
pub const BASE_PARTIAL: &str = "import.base_partial";

/// The warning code for a workbook with more than one sheet that has a plan's header.
pub const OTHER_PLAN_SHEETS: &str = "import.other_plan_sheets";

/// How plainly a sheet holds a plan: the fields its header names first, then how many rows
/// follow the header (an instructions sheet with a sample header and one example row loses to
/// the plan with the same header).
fn sheet_score(rows: &[Row]) -> usize {
    header::find_plan_header(rows).map_or(0, |h| {
        let below = rows.len().saturating_sub(h.last + 1).min(999_999);
        h.score.saturating_mul(1_000_000).saturating_add(below)
    })
}

/// The warning code for a column headed `单位` that holds the names of organisations.
pub const UNIT_COLUMN_NAMES: &str = "import.unit_column_names";

/// Words that make a short label a summary row: `合计`, `土高山乡小计`, `合计（18个）`.
const SUMMARY_WORDS: &[&str] = &["合计", "小计", "总计", "累计"];

/// How the lines under (or above) a table start that are notes or signatures, not projects.
const NOTE_STARTS: &[&str] = &[
    "填表人",
    "填报人",
    "制表人",
    "审核人",
    "复核人",
    "负责人",
    "单位负责人",
    "分管领导",
    "经办人",
    "联系人",
    "联系电话",
    "填表日期",
    "填报日期",
    "制表日期",
    "填表说明",
    "填报说明",
    "注:",
    "注1",
    "注：",
    "说明:",
    "备注:",
];

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

/// One checked project row, in 32 bytes (24 in Wasm): a million of them, the most a file may
/// have, take 32 MB, reserved at once from the count of the file's lines, rows or items, so
/// that the list never grows by doubling (ARCHITECTURE.md, "Memory"). The rest of a row is in
/// [`PlanFile`]'s other lists: its name in `names`, its floor in `floors`, its report in
/// `reports`.
#[derive(Debug, Clone, Copy)]
struct Checked {
    /// Where to read it again: a CSV byte offset, an index into the rows or JSON items.
    at: usize,
    /// Row number in the file.
    row: u32,
    /// Where its name ends in [`PlanFile::names`]: it starts where the previous row's ends
    /// (the same place: no name kept).
    name_end: u32,
    status: Status,
    detail: Detail,
}

/// How a row was read, and where the rest of it is kept.
#[derive(Debug, Clone, Copy)]
enum Detail {
    /// By the fast path: the floor it shows is `floors[i]` ([`NONE`]: it has none).
    Plain(u32),
    /// By the loose reader: its row as reported (with errors, and the verdict if kept) is
    /// `reports[i]`.
    Loose(u32),
    /// By the loose reader, past [`PlanFile`]'s budget for kept reports: only its name and
    /// the floor it shows (`floors[i]`, what the table sorts it by; [`NONE`]: none) are kept,
    /// and the row is read again when it is shown.
    Reread(u32),
}

/// The index of no floor.
const NONE: u32 = u32::MAX;

/// The most a row of the table takes, for budgets counted before it is read
/// ([`super::xlsx`]): its [`Checked`], and its floor three times over (the list of floors
/// grows by doubling, and while it grows the old list and the new one are both held).
pub(super) const TABLE_BYTES_A_ROW: usize =
    std::mem::size_of::<Checked>() + 3 * std::mem::size_of::<PlainFloor>();

/// How many rows that are not projects are listed one by one (a plan has a few dozen;
/// a file of a million `合计` lines would make a list of 70 MB): the rest are counted.
pub const MAX_SKIPPED: usize = 1000;

/// The warning code for rows not projects past [`MAX_SKIPPED`], counted but not listed.
pub const SKIPPED_UNLISTED: &str = "import.skipped_unlisted";

/// How much memory the rows read by the loose reader may keep as whole reports (an estimate,
/// [`report_size`]) before further ones are read again when shown: the file's size, and at
/// least 8 MiB. A row with three errors takes about a kilobyte; a line of a CSV two bytes.
fn loose_budget(file_size: usize) -> usize {
    file_size.max(8 << 20)
}

/// About how much memory a row's report takes.
fn report_size(r: &RowReport) -> usize {
    let text = |s: &Option<String>| s.as_ref().map_or(0, String::len);
    let problems = |ps: &[Problem]| {
        ps.iter()
            .map(|p| {
                std::mem::size_of::<Problem>()
                    + p.code.len()
                    + p.field.len()
                    + p.message.len()
                    + text(&p.column)
            })
            .sum::<usize>()
    };
    std::mem::size_of::<RowReport>()
        + text(&r.name)
        + text(&r.rule)
        + text(&r.ratio)
        + text(&r.floor)
        + text(&r.error)
        + text(&r.note)
        + problems(&r.errors)
        + problems(&r.warnings)
}

/// The floor a row shows: the rule's index in the book, and the base and labour in whole
/// fen, from which its ratio and shortfall are worked out when they are shown or sorted by
/// ([`FloorFen::of`] on the rule's parameters: the same outcome as the check's).
#[derive(Debug, Clone, Copy)]
struct PlainFloor {
    /// The base ([`NO_BASE`]: its funds could not be summed).
    base: i64,
    labour: i64,
    rule: u32,
}

/// The base of a floor whose funds could not be summed (no sum of amounts reaches it).
const NO_BASE: i64 = i64::MIN;

impl PlainFloor {
    /// The floor a row shows, kept (`None` past 4 billion rules).
    fn new((at, _, fen): Shown<'_>) -> Option<PlainFloor> {
        Some(PlainFloor {
            base: fen.base_fen().unwrap_or(NO_BASE),
            labour: fen.labour_fen(),
            rule: u32::try_from(at).ok()?,
        })
    }

    /// The rule and its judgement, again.
    fn judge(self, book: &RuleBook) -> Option<(&Rule, FloorFen)> {
        let rule = book.rules.get(self.rule as usize)?;
        let params = rule.params.as_ref()?;
        let base = (self.base != NO_BASE).then_some(self.base);
        Some((rule, FloorFen::of(params, base, self.labour)))
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
    /// The workbook's other sheets (XLSX).
    pub other_sheets: Vec<String>,
    /// The header row's number (its last row).
    pub header_row: Option<u32>,
    /// The rows the header spans.
    pub header_rows: Vec<u32>,
    /// The unit line above the header.
    pub unit_line: Option<UnitLine>,
    /// Recognised columns.
    pub columns: Vec<Column>,
    /// Columns that are ignored.
    pub unmapped: Vec<Unmapped>,
    /// The header row's cells as shown (CSV, XLSX).
    pub header_cells: Vec<String>,
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
    /// The names of the rows not kept whole, one after another.
    names: String,
    /// The floors the rows show.
    floors: Vec<PlainFloor>,
    /// The reports of the rows kept whole: boxed, as a report (about 600 bytes, more with a
    /// verdict) is large to move when the list grows, and `checkPlans` keeps every row's.
    #[allow(clippy::vec_box)]
    reports: Vec<Box<RowReport>>,
    /// Rows not projects past [`MAX_SKIPPED`]: how many, and the first.
    unlisted: (usize, u32),
    options: ImportOptions,
    today: Date,
    done: bool,
    /// Which funds have a column, in [`Fund::ALL`]'s order.
    mapped: [bool; 5],
    /// What has been remarked on once already.
    noted: Noted,
    /// What the kept reports of loose rows may still take ([`loose_budget`]).
    loose_left: usize,
}

/// File remarks made once, at the first row that calls for them.
#[derive(Debug, Default)]
struct Noted {
    /// The rules whose base funds have no column.
    rules: Vec<u32>,
    /// The rules some of whose base funds have no column.
    partial: Vec<u32>,
    /// The `单位` column holds names, not units.
    unit_names: bool,
    /// The latest date a row was judged at: the report's date for `rules.past_horizon`.
    latest: Option<Date>,
}

/// The parts of a [`PlanFile`] a row's check reads, borrowed apart from its source.
struct RowContext<'a> {
    book: &'a RuleBook,
    format: Format,
    columns: &'a [Column],
    /// The index of the name column.
    name_col: Option<usize>,
    /// The stated-share column.
    stated_col: Option<&'a Column>,
    layout: Option<&'a Layout>,
    memo: &'a mut Memo,
    options: &'a ImportOptions,
    today: Date,
    with_verdicts: bool,
    /// Which funds have a column.
    mapped: [bool; 5],
    /// Which have none (for each row's facts).
    unread: [bool; 5],
    /// The unit of amount columns whose header names none (the unit line's, else the caller's).
    unit: Unit,
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
            other_sheets: Vec::new(),
            header_row: None,
            header_rows: Vec::new(),
            unit_line: None,
            columns: Vec::new(),
            unmapped: Vec::new(),
            header_cells: Vec::new(),
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
            floors: Vec::new(),
            reports: Vec::new(),
            unlisted: (0, 0),
            options: options.clone(),
            today,
            done: false,
            mapped: [false; 5],
            noted: Noted::default(),
            loose_left: loose_budget(bytes.len()),
        };
        match format {
            Format::Json => {
                let (text, encoding, _) = delimited::decode(bytes);
                plan.encoding = Some(encoding.to_owned());
                let items = json_items(&text, bytes.len())?;
                // Room for every row at once (fallibly: a failed allocation would abort the
                // module).
                let _ = plan.rows.try_reserve_exact(items.len());
                plan.source = Source::Json { items, next: 0 };
            }
            Format::Xlsx | Format::Xls => {
                let chosen = super::read_best_sheet(bytes, format, options, &sheet_score)?;
                plan.warnings
                    .extend(chosen.warnings.iter().map(ReadWarning::to_problem));
                if !chosen.rivals.is_empty() {
                    plan.warnings.push(Problem::new(
                        OTHER_PLAN_SHEETS,
                        "sheet",
                        format!(
                            "工作表{}也像项目表，本次读取的是{}；如需检查其他工作表，请指定工作表名称",
                            chosen
                                .rivals
                                .iter()
                                .map(|n| text::quote(n))
                                .collect::<Vec<_>>()
                                .join("、"),
                            text::quote(&chosen.name)
                        ),
                    ));
                }
                let rows = chosen.rows;
                let at = plan.find_header(&rows)?;
                // Room for every row with a value at once, when there is that much memory.
                let mut filled = 0;
                for row in rows.get(at + 1..).unwrap_or_default() {
                    filled += usize::from(!row.is_blank());
                }
                let _ = plan.rows.try_reserve_exact(filled.min(MAX_ROWS));
                plan.sheet = Some(chosen.name);
                plan.other_sheets = chosen.others;
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
                plan.warnings
                    .extend(records.take_warnings().iter().map(ReadWarning::to_problem));
                let at = plan.find_header(&rows)?;
                // Room for a row a line (a record is one line or more), fallibly.
                let lines = records.lines_left() + rows.len().saturating_sub(at + 1);
                let _ = plan.rows.try_reserve_exact(lines.min(MAX_ROWS));
                let buffered: Vec<_> = offsets.into_iter().zip(rows).skip(at + 1).collect();
                plan.source = Source::Csv {
                    records,
                    buffered: buffered.into_iter(),
                };
            }
        }
        plan.layout = Layout::new(&plan.columns, plan.unit());
        for c in &plan.columns {
            if let Some(Field::Fund(fund)) = c.field.plan() {
                if let Some(m) = plan.mapped.get_mut(fund.index()) {
                    *m = true;
                }
            }
        }
        Ok(plan)
    }

    /// The unit of amount columns whose header names none: the unit line's, else the caller's.
    fn unit(&self) -> Unit {
        self.unit_line
            .as_ref()
            .map_or(self.options.unit, |l| l.value)
    }

    /// Finds the header among `rows` and maps its columns; the index of its last row.
    fn find_header(&mut self, rows: &[Row]) -> Result<usize, ImportError> {
        let not_a_plan = || ImportError::NotAPlan(header::expected_headers());
        let found = header::find_plan_header(rows).ok_or_else(not_a_plan)?;
        self.header_cells = header_cells(rows.get(found.first..=found.last).unwrap_or_default());
        self.columns = found.columns;
        self.unmapped = found.unmapped;
        self.header_row = found.rows.last().copied();
        self.header_rows = found.rows;
        self.unit_line = found.unit_line;
        Ok(found.last)
    }

    /// Checks up to `max_rows` more rows of the file (blank and summary rows count); true
    /// when the whole file is checked. With `with_verdicts` each row keeps its full verdict
    /// (every row then takes the loose reader).
    pub fn step(&mut self, book: &RuleBook, max_rows: usize, with_verdicts: bool) -> bool {
        let was_done = self.done;
        let mut ctx = RowContext {
            book,
            format: self.format,
            columns: &self.columns,
            name_col: self
                .columns
                .iter()
                .find(|c| c.field == Field::Name)
                .map(|c| c.index),
            stated_col: self.columns.iter().find(|c| c.field == Field::StatedShare),
            layout: self.layout.as_ref(),
            memo: &mut self.memo,
            options: &self.options,
            today: self.today,
            with_verdicts,
            mapped: self.mapped,
            unread: unread(&self.mapped),
            unit: self
                .unit_line
                .as_ref()
                .map_or(self.options.unit, |l| l.value),
        };
        let mut out = Output {
            loose_left: &mut self.loose_left,
            rows: &mut self.rows,
            names: &mut self.names,
            floors: &mut self.floors,
            reports: &mut self.reports,
            unlisted: &mut self.unlisted,
            skipped: &mut self.skipped,
            summary: &mut self.summary,
            warnings: &mut self.warnings,
            noted: &mut self.noted,
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
                        let (report, floor, _, date) = check_loose_row(
                            ctx.book,
                            ctx.format,
                            ctx.columns,
                            raw,
                            number,
                            ctx.options,
                            ctx.today,
                            ctx.with_verdicts,
                            None,
                            [false; 5],
                        );
                        out.noted.latest = out.noted.latest.max(date);
                        out.push_loose(number, *next, report, floor.and_then(PlainFloor::new));
                        *next += 1;
                    }
                    None => self.done = true,
                },
            }
        }
        if let Source::Csv { records, .. } = &mut self.source {
            self.warnings
                .extend(records.take_warnings().iter().map(ReadWarning::to_problem));
        }
        // Rows not projects past those listed, said once the file is read.
        let (count, first) = self.unlisted;
        if count > 0 && self.done && !was_done {
            let mut p = Problem::new(
                SKIPPED_UNLISTED,
                "",
                format!("不是项目的行超过 {MAX_SKIPPED} 行，只列出了前 {MAX_SKIPPED} 行；第 {first} 行起另有 {count} 行也不是项目，已跳过，未逐行列出"),
            );
            p.row = Some(first);
            self.warnings.push(p);
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
        Some(match checked.detail {
            Detail::Loose(r) => RowReport {
                verdict: None,
                ..(**self.reports.get(r as usize)?).clone()
            },
            Detail::Plain(floor) => plain_report(
                book,
                &self.mapped,
                checked.row,
                checked.status,
                self.name(i),
                self.floor(floor),
            ),
            Detail::Reread(_) => self.reread(book, checked, false)?,
        })
    }

    /// The floor kept at `i` of [`PlanFile::floors`].
    fn floor(&self, i: u32) -> Option<PlainFloor> {
        self.floors.get(i as usize).copied()
    }

    /// The report of a checked row read again by the loose reader, as it was when checked
    /// (with its verdict, if `with_verdict`).
    fn reread(&self, book: &RuleBook, checked: &Checked, with_verdict: bool) -> Option<RowReport> {
        Some(match &self.source {
            Source::Json { items, .. } => {
                check_loose_row(
                    book,
                    self.format,
                    &self.columns,
                    items.get(checked.at)?,
                    checked.row,
                    &self.options,
                    self.today,
                    with_verdict,
                    None,
                    [false; 5],
                )
                .0
            }
            Source::Csv { records, .. } => {
                let row = records.row_at(checked.at, checked.row)?;
                self.loose_row(book, &row, with_verdict)
            }
            Source::Rows { rows, .. } => self.loose_row(book, rows.get(checked.at)?, with_verdict),
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
            match checked.detail {
                Detail::Plain(f) | Detail::Reread(f) => {
                    let floor = self.floor(f)?;
                    match sort {
                        SortKey::Ratio => floor.judge(book)?.1.ratio(),
                        SortKey::Shortfall => floor.judge(book)?.1.shortfall().map(Money::yuan),
                        SortKey::Floor => book
                            .rules
                            .get(floor.rule as usize)?
                            .params
                            .as_ref()
                            .map(|p| p.floor),
                        _ => None,
                    }
                }
                Detail::Loose(r) => {
                    let r = self.reports.get(r as usize)?;
                    match sort {
                        SortKey::Ratio => r.ratio.as_deref()?.parse().ok(),
                        SortKey::Floor => r.floor.as_deref()?.parse().ok(),
                        SortKey::Shortfall => r.shortfall.map(Money::yuan),
                        _ => None,
                    }
                }
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

    /// The name kept for checked row `i` (none for rows kept whole: their report has it).
    fn name(&self, i: usize) -> Option<&str> {
        let end = self.rows.get(i)?.name_end as usize;
        let start = match i.checked_sub(1) {
            Some(before) => self.rows.get(before)?.name_end as usize,
            None => 0,
        };
        self.names.get(start..end).filter(|n| !n.is_empty())
    }

    /// The name of each checked row, in file order.
    pub fn names(&self) -> Vec<Option<&str>> {
        (0..self.rows.len())
            .map(|i| match self.rows.get(i).map(|c| c.detail) {
                Some(Detail::Loose(r)) => self.reports.get(r as usize)?.name.as_deref(),
                _ => self.name(i),
            })
            .collect()
    }

    /// The cells of checked row `i` as the file shows them, read again (CSV, XLSX; `None` for
    /// JSON).
    pub fn cells(&self, i: usize) -> Option<Vec<String>> {
        let checked = self.rows.get(i)?;
        let row = match &self.source {
            Source::Json { .. } => return None,
            Source::Csv { records, .. } => records.row_at(checked.at, checked.row)?,
            Source::Rows { rows, .. } => rows.get(checked.at)?.clone(),
        };
        Some(row.cells.iter().map(|c| c.display()).collect())
    }

    /// The full verdict of checked row `i`, produced now by reading the row again.
    pub fn verdict(&self, book: &RuleBook, i: usize) -> Option<Verdict> {
        let checked = self.rows.get(i)?;
        if let Detail::Loose(r) = checked.detail {
            if let Some(v) = self
                .reports
                .get(r as usize)
                .and_then(|r| r.verdict.as_ref())
            {
                return Some(v.clone());
            }
        }
        self.reread(book, checked, true)?.verdict
    }

    fn loose_row(&self, book: &RuleBook, row: &Row, with_verdict: bool) -> RowReport {
        let raw = RowSource::new(&self.columns, row, self.unit());
        let (mut report, shown, doubt, _) = check_loose_row(
            book,
            self.format,
            &self.columns,
            &raw,
            row.number,
            &self.options,
            self.today,
            with_verdict,
            StatedCell::of(self.stated_column(), row).as_ref(),
            unread(&self.mapped),
        );
        unjudged(shown, doubt, &mut report);
        partly_based(book, &self.mapped, &mut report);
        report
    }

    /// The column of the share the table states itself, if it has one.
    fn stated_column(&self) -> Option<&Column> {
        self.columns.iter().find(|c| c.field == Field::StatedShare)
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
        // Each report belongs to one row, and they were kept in the rows' order.
        let mut reports = std::mem::take(&mut self.reports).into_iter();
        report.rows = (0..self.rows.len())
            .filter_map(|i| {
                let checked = self.rows.get(i)?;
                match checked.detail {
                    Detail::Loose(_) => reports.next().map(|r| *r),
                    Detail::Plain(floor) => Some(plain_report(
                        book,
                        &self.mapped,
                        checked.row,
                        checked.status,
                        self.name(i),
                        self.floor(floor),
                    )),
                    Detail::Reread(_) => self.reread(book, checked, false),
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
            other_sheets: self.other_sheets.clone(),
            header_row: self.header_row,
            header_rows: self.header_rows.clone(),
            unit_line: self.unit_line.clone(),
            rule_book_version: book.version.clone(),
            summary: self.summary,
            columns: self.columns.clone(),
            unmapped: self.unmapped.clone(),
            skipped: self.skipped.clone(),
            rows: Vec::new(),
            errors: self.errors.clone(),
            warnings: self.report_warnings(book),
        }
    }

    /// The file's remarks, then `rules.past_horizon` for the documents the plan relies on:
    /// once for the report, not per row, at the plan's date (`options.as_of`, else the latest
    /// date a row was judged at, else today).
    fn report_warnings(&self, book: &RuleBook) -> Vec<Problem> {
        let mut warnings = self.warnings.clone();
        if self.summary.total > 0 {
            let date = self
                .options
                .as_of
                .or(self.noted.latest)
                .unwrap_or(self.today);
            warnings.extend(crate::horizon::for_plan(book, date));
        }
        warnings
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
    mapped: &[bool; 5],
    row: u32,
    status: Status,
    name: Option<&str>,
    floor: Option<PlainFloor>,
) -> RowReport {
    let floor = floor.and_then(|f| f.judge(book));
    let mut report = RowReport::compact(row, status, name.map(str::to_owned), floor);
    // A row whose failing floor is under review has no column for its base (see `unjudged`);
    // one whose floors pass is under review for a local floor it gives no county for, and has
    // no note (as the loose reader); one that passes on part of its base says which funds
    // counted as zero.
    if status == Status::Review {
        report.note = floor
            .filter(|(_, fen)| !fen.ok)
            .map(|(rule, _)| unjudged_note(rule));
    } else if status == Status::Pass {
        report.note = floor.and_then(|(rule, _)| partial_note(rule, mapped));
    }
    report
}

/// The names of a rule's base funds that have no column, when some (not all) have none.
fn missing_part(rule: &Rule, mapped: &[bool; 5]) -> Option<String> {
    let p = rule.params.as_ref()?;
    let missing: Vec<&str> = p
        .base
        .iter()
        .filter(|f| !mapped.get(f.index()).copied().unwrap_or(false))
        .map(|f| f.name())
        .collect();
    (!missing.is_empty() && missing.len() < p.base.len()).then(|| missing.join("、"))
}

/// The note of a row that meets its floor on part of its base (see [`missing_part`]).
fn partial_note(rule: &Rule, mapped: &[bool; 5]) -> Option<String> {
    let missing = missing_part(rule, mapped)?;
    Some(format!(
        "文件中没有{missing}列，按零计入“{}”的基数；如有这些资金，“符合”可能不成立，请核对",
        rule.title
    ))
}

/// The funds a rule's base is made of, for a sentence: `中央资金`, `中央资金、省级资金`.
fn base_names(rule: &Rule) -> String {
    rule.params
        .as_ref()
        .map(|p| {
            p.base
                .iter()
                .map(|f| f.name())
                .collect::<Vec<_>>()
                .join("、")
        })
        .unwrap_or_default()
}

/// The note of a row whose floor's base has no column.
fn unjudged_note(rule: &Rule) -> String {
    format!(
        "文件中没有{}列，无法核算“{}”要求的劳务报酬占比，需人工审核",
        base_names(rule),
        rule.title
    )
}

/// A row that fails a floor whose base funds have no column in the file was not judged
/// ([`Doubt::BaseUnread`]): it is under review, never `fail` (a missing base cannot pass), and
/// its note (and verdict, if kept) says why. The rule's index in the book when so.
fn unjudged(shown: Option<Shown<'_>>, doubt: Option<Doubt>, report: &mut RowReport) -> Option<u32> {
    let (at, rule, _) = shown.filter(|_| doubt == Some(Doubt::BaseUnread))?;
    let note = unjudged_note(rule);
    if let Some(v) = report.verdict.as_mut() {
        v.summary = format!("需人工审核：{note}。");
        let mut p = Problem::new(BASE_MISSING, base_field(rule), note.clone());
        p.row = Some(report.row);
        v.warnings.push(p);
    }
    report.note = Some(note);
    u32::try_from(at).ok()
}

/// A row that meets a floor on part of its base (some of the rule's base funds have no column
/// in the file) keeps its verdict, which holds if those funds are zero, with a note and a
/// warning in its verdict saying so. The rule's index in the book when so.
fn partly_based(book: &RuleBook, mapped: &[bool; 5], report: &mut RowReport) -> Option<u32> {
    if report.status != Status::Pass {
        return None;
    }
    let id = report.rule.as_deref()?;
    let at = book.rules.iter().position(|r| r.id == id)?;
    let rule = book.rules.get(at)?;
    let note = partial_note(rule, mapped)?;
    if let Some(v) = report.verdict.as_mut() {
        let mut p = Problem::new(BASE_PARTIAL, base_field(rule), note.clone());
        p.row = Some(report.row);
        v.warnings.push(p);
    }
    report.note = Some(note);
    u32::try_from(at).ok()
}

/// The field path of a rule's first base fund: `funds.central`.
fn base_field(rule: &Rule) -> String {
    rule.params
        .as_ref()
        .and_then(|p| p.base.first())
        .map_or_else(String::new, |f| Field::Fund(*f).path().to_owned())
}

/// The plan's own column titles as the file shows them, one a column: the texts of the header's
/// rows in that column joined with `/` (`资金构成（万元）/中央资金`), a merged group cell's text
/// (written in its first column only) passing to the blank columns after it that have a text
/// of their own below (`省级资金` under the same group).
fn header_cells(rows: &[Row]) -> Vec<String> {
    let width = rows.iter().map(|r| r.cells.len()).max().unwrap_or(0);
    let mut groups: Vec<String> = vec![String::new(); rows.len()];
    let mut out = Vec::with_capacity(width);
    for c in 0..width {
        let texts: Vec<String> = rows
            .iter()
            .map(|r| {
                r.cells
                    .get(c)
                    .map(|cell| cell.display())
                    .unwrap_or_default()
            })
            .map(|t| t.trim().to_owned())
            .collect();
        let below = |i: usize| texts.iter().skip(i + 1).any(|t| !t.is_empty());
        let mut parts = Vec::new();
        for (i, text) in texts.iter().enumerate() {
            let group = groups.get_mut(i);
            if !text.is_empty() {
                if let Some(g) = group {
                    *g = if below(i) {
                        text.clone()
                    } else {
                        String::new()
                    };
                }
                parts.push(text.clone());
            } else if below(i) {
                if let Some(g) = group.filter(|g| !g.is_empty()) {
                    parts.push(g.clone());
                }
            } else if let Some(g) = group {
                g.clear();
            }
        }
        out.push(parts.join("/"));
    }
    out
}

/// Where checked rows go.
struct Output<'a> {
    loose_left: &'a mut usize,
    rows: &'a mut Vec<Checked>,
    names: &'a mut String,
    floors: &'a mut Vec<PlainFloor>,
    #[allow(clippy::vec_box)]
    reports: &'a mut Vec<Box<RowReport>>,
    unlisted: &'a mut (usize, u32),
    skipped: &'a mut Vec<Skipped>,
    summary: &'a mut Summary,
    warnings: &'a mut Vec<Problem>,
    noted: &'a mut Noted,
}

impl Output<'_> {
    /// Keeps a row's name after the names before it: where the names end (a name past 4 GB of
    /// names, which the size limit excludes, is not kept).
    fn keep_name(&mut self, name: Option<&str>) -> u32 {
        if let Some(name) = name {
            if u32::try_from(self.names.len() + name.len()).is_ok() {
                self.names.push_str(name);
            }
        }
        u32::try_from(self.names.len()).unwrap_or(NONE)
    }

    /// Keeps a row's floor: its index, or [`NONE`].
    fn keep_floor(&mut self, floor: Option<PlainFloor>) -> u32 {
        match (floor, u32::try_from(self.floors.len())) {
            (Some(floor), Ok(i)) if i != NONE => {
                self.floors.push(floor);
                i
            }
            _ => NONE,
        }
    }

    /// Adds a checked row.
    fn push(&mut self, row: u32, at: usize, status: Status, name_end: u32, detail: Detail) {
        self.summary.add(status);
        self.rows.push(Checked {
            at,
            row,
            name_end,
            status,
            detail,
        });
    }

    /// Lists a row that is not a project, up to [`MAX_SKIPPED`] rows; counts those after.
    fn skip(&mut self, row: u32, reason: String) {
        if self.skipped.len() < MAX_SKIPPED {
            self.skipped.push(Skipped { row, reason });
        } else {
            if self.unlisted.0 == 0 {
                self.unlisted.1 = row;
            }
            self.unlisted.0 += 1;
        }
    }

    /// Remarks once on the file that a rule's base funds have no column (at `row`, the first
    /// row it leaves unjudged).
    fn note_missing_base(&mut self, book: &RuleBook, rule: u32, row: u32) {
        if self.noted.rules.contains(&rule) {
            return;
        }
        self.noted.rules.push(rule);
        let Some(rule) = book.rules.get(rule as usize) else {
            return;
        };
        let names = base_names(rule);
        let mut p = Problem::new(
            BASE_MISSING,
            base_field(rule),
            format!(
                "没有找到{names}列：“{}”的劳务报酬占比以{names}为基数，文件中没有这一列，无法核算。这类项目（第 {row} 行起）均标为“需人工审核”，不判定符合或不符合；请确认表头中有“{names}”列（可写作“{names}（万元）”）",
                rule.title
            ),
        );
        p.row = Some(row);
        self.warnings.push(p);
    }

    fn note_partial_base(&mut self, book: &RuleBook, mapped: &[bool; 5], rule: u32, row: u32) {
        if self.noted.partial.contains(&rule) {
            return;
        }
        let Some(rule_ref) = book.rules.get(rule as usize) else {
            return;
        };
        let Some(missing) = missing_part(rule_ref, mapped) else {
            return;
        };
        self.noted.partial.push(rule);
        let mut p = Problem::new(
            BASE_PARTIAL,
            base_field(rule_ref),
            format!(
                "没有找到{missing}列，按零计入“{}”的基数；第 {row} 行起判定“符合”的项目如有这些资金，结论可能不成立，请核对",
                rule_ref.title
            ),
        );
        p.row = Some(row);
        self.warnings.push(p);
    }

    /// Keeps a row read by the loose reader (which showed `floor`): whole, within the budget
    /// (or with its verdict, which is the caller's output), else what is needed to show it
    /// again and to sort it.
    fn push_loose(&mut self, row: u32, at: usize, report: RowReport, floor: Option<PlainFloor>) {
        let (size, status) = (report_size(&report), report.status);
        let kept = u32::try_from(self.reports.len()).ok();
        match kept {
            Some(i) if report.verdict.is_some() || size <= *self.loose_left => {
                *self.loose_left = self.loose_left.saturating_sub(size);
                self.reports.push(Box::new(report));
                let name_end = self.keep_name(None);
                self.push(row, at, status, name_end, Detail::Loose(i));
            }
            _ => {
                let name_end = self.keep_name(report.name.as_deref());
                let floor = self.keep_floor(floor);
                self.push(row, at, status, name_end, Detail::Reread(floor));
            }
        }
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
    // A row named in plain text without 计 (and not a note), whose first cell is no summary
    // label either, has project data and is no summary row: straight to the fast path.
    let name_col = ctx.name_col;
    let named_plainly = matches!(name_col.map(|i| cells.cell(i)), Some(CellRef::Text(t)) if !has_ji(t) && !is_note(t))
        && !matches!(cells.cell(0), CellRef::Text(t) if has_ji(t) || is_note(t) || is_ordinal(t));
    if !named_plainly && skip(ctx.columns, name_col, out, line, cells) {
        return;
    }
    if !ctx.with_verdicts && take_plain(ctx, out, line, at, cells) {
        return;
    }
    let row = cells.to_row(line);
    if !out.noted.unit_names {
        note_unit_names(ctx.columns, &row, out);
    }
    let raw = RowSource::new(ctx.columns, &row, ctx.unit);
    let (mut report, floor, doubt, date) = check_loose_row(
        ctx.book,
        ctx.format,
        ctx.columns,
        &raw,
        line,
        ctx.options,
        ctx.today,
        ctx.with_verdicts,
        StatedCell::of(ctx.stated_col, &row).as_ref(),
        ctx.unread,
    );
    out.noted.latest = out.noted.latest.max(date);
    if let Some(rule) = unjudged(floor, doubt, &mut report) {
        out.note_missing_base(ctx.book, rule, line);
    }
    if let Some(rule) = partly_based(ctx.book, &ctx.mapped, &mut report) {
        out.note_partial_base(ctx.book, &ctx.mapped, rule, line);
    }
    out.push_loose(line, at, report, floor.and_then(PlainFloor::new));
}

/// Checks a plain row by the fast reader ([`fast::read`]); `false`, with nothing done, sends
/// the row to the loose reader.
fn take_plain<C: RowCells>(
    ctx: &mut RowContext<'_>,
    out: &mut Output<'_>,
    line: u32,
    at: usize,
    cells: &C,
) -> bool {
    let Some(layout) = ctx.layout else {
        return false;
    };
    let Some(mut facts) = fast::read(layout, ctx.memo, ctx.book, cells) else {
        return false;
    };
    facts.unread = ctx.unread;
    let date = ctx.options.as_of.or(facts.date).unwrap_or(ctx.today);
    out.noted.latest = out.noted.latest.max(Some(date));
    let book = ctx.book;
    let judgement = judge_row(book, &facts, date);
    let status = judgement.status;
    let shown = judgement.shown;
    let at_rule = shown.and_then(|(at, _, _)| u32::try_from(at).ok());
    if let Some(rule) = at_rule {
        if judgement.doubt == Some(Doubt::BaseUnread) {
            out.note_missing_base(book, rule, line);
        } else if status == Status::Pass {
            out.note_partial_base(book, &ctx.mapped, rule, line);
        }
    }
    let floor = shown.and_then(PlainFloor::new);
    // A row whose stated share draws a remark keeps it as a loose row (rare).
    let stated = StatedCell::of(ctx.stated_col, cells)
        .and_then(|s| s.problem(line, shown.map(|(_, rule, fen)| (rule, fen))));
    if let Some(problem) = stated {
        let mut report = plain_report(
            book,
            &ctx.mapped,
            line,
            status,
            facts.name.as_deref(),
            floor,
        );
        report.warnings.push(problem);
        out.push_loose(line, at, report, floor);
        return true;
    }
    let name_end = out.keep_name(facts.name.as_deref());
    let floor = out.keep_floor(floor);
    out.push(line, at, status, name_end, Detail::Plain(floor));
    true
}

/// The funds without a column in a file whose columns are `mapped`.
fn unread(mapped: &[bool; 5]) -> [bool; 5] {
    mapped.map(|m| !m)
}

/// Remarks once that a column headed `单位` holds the names of organisations, not units (it
/// is then ignored).
fn note_unit_names(columns: &[Column], row: &Row, out: &mut Output<'_>) {
    let Some(column) = columns
        .iter()
        .find(|c| c.field == Field::Unit && c.ambiguous)
    else {
        return;
    };
    let cell = row.cell(column.index);
    if cell.is_blank() || matches!(cell, super::table::Cell::Text(t) if Unit::parse(t).is_some()) {
        return;
    }
    out.noted.unit_names = true;
    let value = cell.display();
    let mut p = Problem::new(
        UNIT_COLUMN_NAMES,
        Field::Unit.path(),
        format!(
            "{}列填写的是{}等单位名称，不是金额单位（元或万元），已忽略该列；金额按表头或表上方注明的单位读取",
            text::quote(&column.header),
            text::quote(&crate::idcard::mask_ids(value.trim()))
        ),
    );
    p.row = Some(row.number);
    p.column = Some(format!("{}（{}）", column.column, column.header));
    out.warnings.push(p);
}

/// Whether a text is a section number in Chinese numerals: `一、`, `（二）`, `十一.`.
fn is_ordinal(text: &str) -> bool {
    let t = super::fast::trim(text);
    let t = t
        .strip_prefix(['(', '（'])
        .unwrap_or(t)
        .trim_end_matches(['、', ')', '）', '.', '．']);
    !t.is_empty() && t.chars().all(|c| "一二三四五六七八九十".contains(c))
}

/// Whether a text starts as the notes and signatures under a table do (`填表人：`, `注：`).
fn is_note(text: &str) -> bool {
    let t = super::fast::trim(text);
    NOTE_STARTS.iter().any(|n| t.starts_with(n))
}

/// Why a row is not a project, when its label says so: a summary (`合计`, `土高山乡小计`,
/// `合计（18个）`) or a note or signature line.
fn not_a_project(label: &str) -> Option<String> {
    // Masked before it is quoted: a signature line may carry an ID number.
    let folded = crate::idcard::mask_ids(&text::fold_compact(label)).into_owned();
    if SUMMARY_ROWS.contains(&folded.as_str())
        || (folded.chars().count() <= 30 && is_summary_label(&folded))
    {
        return Some(format!("{}行是汇总行，不是项目", text::quote(&folded)));
    }
    if is_note(label) || NOTE_STARTS.iter().any(|n| folded.starts_with(n)) {
        return Some(format!(
            "{}是表格的说明或签字行，不是项目",
            text::quote(&folded)
        ));
    }
    None
}

/// Whether a (folded) label names a summary: it ends with a summary word (`土高山乡小计`,
/// `其中:小计`), or starts with one followed by nothing, a count or a bracket (`合计`,
/// `合计(18个)`, `小计:6个`). A project whose name merely contains the word
/// (`整合计划内村道硬化工程`, `总计划外水渠`) is not one.
fn is_summary_label(folded: &str) -> bool {
    let bare = folded.trim_end_matches([':', '：']);
    let bare = match bare.find(['(', '（']) {
        Some(at) if bare.ends_with([')', '）']) => bare.get(..at).unwrap_or(bare),
        _ => bare,
    };
    SUMMARY_WORDS.iter().any(|w| {
        bare.ends_with(w)
            || folded.strip_prefix(w).is_some_and(|rest| {
                rest.is_empty()
                    || rest.starts_with([':', '：', '(', '（'])
                    || rest.starts_with(|c: char| c.is_ascii_digit())
            })
    })
}

/// Whether a text has 计 (E8 AE A1 in UTF-8), which every summary label has: a byte search.
fn has_ji(text: &str) -> bool {
    kernels::contains3(text.as_bytes(), [0xE8, 0xAE, 0xA1])
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
        .filter(|c| !c.field.is_index())
        .all(|c| matches!(cells.cell(c.index), CellRef::Blank));
    if data_blank {
        if !cells.all_blank() {
            out.skip(line, "没有项目数据（各列均为空）".to_owned());
        }
        return true;
    }
    // A section row (`一、` in the first column, no project type): a township's subtotal.
    let kind_blank = columns
        .iter()
        .filter(|c| c.field == Field::Kind)
        .all(|c| matches!(cells.cell(c.index), CellRef::Blank));
    if let CellRef::Text(t) = cells.cell(0) {
        if kind_blank && is_ordinal(t) {
            out.skip(
                line,
                format!(
                    "{}行是分组行（没有项目类型），不是项目",
                    text::quote(&text::fold_compact(t))
                ),
            );
            return true;
        }
    }
    let named = name_col.and_then(|i| match cells.cell(i) {
        CellRef::Blank => None,
        CellRef::Text(t) => Some(Cow::Borrowed(t)),
        _ => {
            let row = cells.to_row(line);
            Some(Cow::Owned(row.cell(i).display()))
        }
    });
    // The name, then the first cell (a 合计 label in the 序号 column, a count such as `18个`
    // in the name's).
    for label in [named, cells.first_shown()].into_iter().flatten() {
        // Every summary label has 计 and every note starts as one; most names do neither, and
        // are not folded.
        if has_ji(&label) || is_note(&label) {
            if let Some(reason) = not_a_project(&label) {
                out.skip(line, reason);
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
fn json_items(text: &str, file_size: usize) -> Result<Vec<Raw>, ImportError> {
    let items = match super::read_json(text, file_size)? {
        Raw::List(items) => items,
        Raw::Map(mut entries) => {
            // The first `proposals` key that is not null (as `Raw::get` finds it), moved out.
            let at = entries
                .iter()
                .position(|(k, _)| k == "proposals")
                .filter(|&i| !matches!(entries.get(i), Some((_, Raw::Null))));
            match at.map(|i| entries.swap_remove(i).1) {
                Some(Raw::List(items)) => items,
                Some(_) => return Err(ImportError::NotProposals),
                None => vec![Raw::Map(entries)],
            }
        }
        _ => return Err(ImportError::NotProposals),
    };
    if items.len() > MAX_ROWS {
        return Err(ImportError::TooManyRows { limit: MAX_ROWS });
    }
    // A plan has at least one item naming a plan field; then every item is a row, however
    // bad. Without any (`{"hello":"world"}`, `[]`, `[1,2]`) the file is no plan at all.
    let names_field = |item: &Raw| match item {
        Raw::Map(entries) => (entries.iter()).any(|(k, _)| header::names_field(k, header::PLAN)),
        _ => false,
    };
    if !items.iter().any(names_field) {
        return Err(ImportError::JsonNotAPlan);
    }
    Ok(items)
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
        .filter(|c| matches!(c.detail, Detail::Plain(_)))
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
