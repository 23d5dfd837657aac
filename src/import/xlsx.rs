//! XLSX workbooks, read with a small reader of our own: a ZIP reader for the package
//! (`xlsx/zip.rs`, over miniz_oxide's inflater) and a hand-written scanner for its XML parts
//! (`xlsx/xml.rs`), so that the browser's module carries no general XML library, no general
//! ZIP library and no text-encoding tables (every part of an XLSX package is UTF-8).
//!
//! Every entry of the archive is decompressed once, through a bound: a zip that decompresses
//! to more than the bound is refused, and no entry is unpacked past it, whether the reader
//! needs the entry or not. Then `_rels/.rels` names the workbook part
//! (`xl/workbook.xml`), the workbook lists the sheets in order with the relationships
//! (`xl/_rels/workbook.xml.rels`) that locate their parts, `xl/sharedStrings.xml` holds the
//! strings cells refer to and `xl/styles.xml` the number formats that make a number a date.
//! A sheet's cells become rows from the first with a value to the last, each row as long as
//! its last non-empty cell (`xlsx/sheet.rs`).

mod sheet;
mod styles;
mod xml;
mod zip;

use super::table::Row;
use super::warning::ReadWarning;
use super::ImportError;

use xml::{Event, Reader};

#[cfg(feature = "xls")]
pub(crate) use styles::serial_date;

/// The most an archive may decompress to, in bytes (all entries together).
pub const MAX_UNCOMPRESSED: u64 = 400 * 1024 * 1024;

/// The highest compression ratio accepted for a large entry (legitimate sheets compress
/// 5-30×; zip bombs thousands of times).
const MAX_RATIO: u64 = 200;

/// An XLSX package, whose entries are decompressed once each, when needed, within the
/// bounds; [`Package::settle`] checks the ones never needed before a result is returned.
///
/// The outcome is the same as if every entry had been decompressed through a counter first,
/// in the archive's order, before anything was read (as this reader used to): whenever any
/// entry fails or a bound is crossed, [`verify`] runs exactly that check, so the error
/// reported is the one it finds first.
struct Package<'a> {
    archive: zip::Archive<'a>,
    /// What reading may still take of the heap.
    budget: &'a Budget,
    /// Each entry's name, lower case with `/` separators (for lookups that ignore case, as
    /// Excel does), and its index; sorted.
    names: Vec<(String, usize)>,
    /// Whether each entry has been decompressed in full, within the bounds.
    checked: Vec<bool>,
    /// What the checked entries decompress to, together.
    total: u64,
    /// The archive check has failed (its error has been returned).
    failed: bool,
    /// Entries of the same name, which a reviewer should know of.
    warnings: Vec<ReadWarning>,
}

/// The most an entry compressed to `compressed` bytes may decompress to: past 16 MB, at most
/// [`MAX_RATIO`] times as much.
fn ratio_bound(compressed: u64) -> u64 {
    let compressed = compressed.max(1);
    (16 * 1024 * 1024u64).max(compressed.saturating_mul(MAX_RATIO + 1) - 1)
}

/// What reading a workbook may still take of the heap ([`super::heap_budget`]), counted as the
/// parts are unpacked and the cells stored, and never given back: a sum of every allocation
/// that grows with the file, which is more than the most held at once.
pub(super) struct Budget {
    left: std::cell::Cell<usize>,
    limit: usize,
}

impl Budget {
    /// The budget of a workbook of `file_size` bytes, less the file itself and 16 MiB for
    /// checking its rows (the reports kept whole, 8 MiB at least of them, and the names; the
    /// table of checked rows is taken with the sheet's rows, a row at a time).
    pub(super) fn of(file_size: usize) -> Budget {
        let limit = super::heap_budget(super::Format::Xlsx, file_size);
        let left = limit.saturating_sub(file_size).saturating_sub(16 << 20);
        Budget {
            left: std::cell::Cell::new(left),
            limit,
        }
    }

    /// Takes `bytes` of the budget for `what` (words for the user, made only on refusal).
    pub(super) fn take(
        &self,
        bytes: usize,
        what: impl FnOnce() -> String,
    ) -> Result<(), ImportError> {
        match self.left.get().checked_sub(bytes) {
            Some(left) => {
                self.left.set(left);
                Ok(())
            }
            None => Err(ImportError::OverBudget {
                what: what(),
                limit: self.limit,
                format: super::Format::Xlsx,
            }),
        }
    }

    /// What is left.
    pub(super) fn left(&self) -> usize {
        self.left.get()
    }
}

/// Megabytes, for the user (at least 1).
pub(super) fn megabytes(bytes: u64) -> u64 {
    (bytes >> 20).max(1)
}

/// The archive check this reader used to make before reading anything: every entry
/// decompressed through a counter, in order, until the first failure.
fn verify(archive: &zip::Archive<'_>) -> Result<(), ImportError> {
    let mut total: u64 = 0;
    for (i, entry) in archive.entries.iter().enumerate() {
        let mut data = archive.unpack(i).map_err(|f| entry_error(i, f))?;
        let compressed = entry.compressed.max(1);
        let mut size: u64 = 0;
        while let Some(piece) = data.next().map_err(|_| corrupt(&entry.name))? {
            size += piece.len() as u64;
            total += piece.len() as u64;
            if total > MAX_UNCOMPRESSED
                || (size > 16 * 1024 * 1024 && size / compressed > MAX_RATIO)
            {
                return Err(ImportError::ZipBomb {
                    limit: MAX_UNCOMPRESSED,
                });
            }
        }
    }
    Ok(())
}

/// The names of an archive's entries, lower case with `/` separators (as [`Package`] compares
/// them), or `None` when its directory cannot be read: for telling other Office documents from
/// workbooks before reading ([`super::magic`]).
pub(super) fn entry_names(bytes: &[u8]) -> Option<Vec<String>> {
    let archive = zip::Archive::open(bytes).ok()?;
    Some(
        (archive.entries.iter())
            .map(|e| e.name.replace('\\', "/").to_ascii_lowercase())
            .collect(),
    )
}

/// The error for entry `i` that cannot be opened.
fn entry_error(i: usize, fault: zip::Fault) -> ImportError {
    ImportError::NotXlsx(format!(
        "压缩包中的第 {} 个条目无法读取：{}",
        i + 1,
        fault.words()
    ))
}

/// The error for an entry whose data does not unpack (a checksum that does not match, data
/// that is no deflate stream).
fn corrupt(name: &str) -> ImportError {
    ImportError::BadXlsx(format!(
        "解压失败：{name} 的数据已损坏（校验不符或压缩数据无效）"
    ))
}

impl<'a> Package<'a> {
    /// Opens the archive and checks that it is an XLSX workbook.
    fn open(bytes: &'a [u8], budget: &'a Budget) -> Result<Package<'a>, ImportError> {
        let archive = zip::Archive::open(bytes).map_err(|fault| {
            ImportError::NotXlsx(format!(
                "不是有效的 XLSX 文件：{}（找不到或读不了压缩包的目录），文件可能已损坏或不完整",
                fault.words()
            ))
        })?;
        // Other tools write `xl\worksheets\sheet1.xml`; Excel reads it as a `/`.
        let mut names: Vec<(String, usize)> = (archive.entries.iter().enumerate())
            .map(|(i, e)| (e.name.replace('\\', "/").to_ascii_lowercase(), i))
            .collect();
        names.sort_by(|a, b| a.0.cmp(&b.0));
        // A workbook is named by the package relationships, or is where Excel puts it.
        let has = |wanted: &str| last_with(&names, wanted, |(n, _)| n).is_some();
        if !has("xl/workbook.xml") && !has("_rels/.rels") {
            // A broken archive is reported as such first.
            verify(&archive)?;
            return Err(ImportError::NotXlsx(
                "压缩包中没有工作簿（xl/workbook.xml），不是 XLSX 文件".to_owned(),
            ));
        }
        let mut warnings = Vec::new();
        for same in names.chunk_by(|a, b| a.0 == b.0).filter(|s| s.len() > 1) {
            if let Some((name, _)) = same.first() {
                warnings.push(ReadWarning::DuplicateEntry {
                    name: name.clone(),
                    count: same.len(),
                });
            }
        }
        Ok(Package {
            checked: vec![false; archive.entries.len()],
            archive,
            budget,
            names,
            total: 0,
            failed: false,
            warnings,
        })
    }

    /// The error the archive check reports, once something has gone wrong while
    /// decompressing (`error`: what went wrong here, in case the check finds nothing).
    fn fail(&mut self, error: ImportError) -> ImportError {
        self.failed = true;
        verify(&self.archive).err().unwrap_or(error)
    }

    /// Decompresses entry `i` within the bounds, into `out` (or nowhere), and counts it
    /// unless it has been counted before. Into memory, the entry's size is known first: the
    /// central directory's and the local header's must agree, be plausible for its compressed
    /// size and fit the budget, which it is taken from before anything is allocated; then no
    /// more than that size is unpacked.
    fn inflate(&mut self, i: usize, out: Option<&mut Vec<u8>>) -> Result<(), ImportError> {
        let counted = self.checked.get(i).copied().unwrap_or(true);
        let remaining = if counted {
            MAX_UNCOMPRESSED
        } else {
            MAX_UNCOMPRESSED.saturating_sub(self.total)
        };
        let outcome = unpack(&self.archive, i, self.budget, remaining, out);
        match outcome {
            Ok(size) => {
                if !counted {
                    self.total += size;
                    if let Some(c) = self.checked.get_mut(i) {
                        *c = true;
                    }
                }
                Ok(())
            }
            Err(e @ ImportError::OverBudget { .. }) => Err(e),
            Err(e) => Err(self.fail(e)),
        }
    }

    /// Checks the entries not decompressed yet, then returns `result` unless the archive
    /// check fails (its error comes first, as when every entry was checked before reading).
    fn settle<T>(&mut self, result: Result<T, ImportError>) -> Result<T, ImportError> {
        // A file refused for its budget is not unpacked any further.
        if self.failed || matches!(result, Err(ImportError::OverBudget { .. })) {
            return result;
        }
        for i in 0..self.checked.len() {
            if self.checked.get(i) == Some(&false) {
                self.inflate(i, None)?;
            }
        }
        result
    }

    /// The index of the entry at `path` (case ignored).
    fn find(&self, path: &str) -> Option<usize> {
        last_with(&self.names, &path.to_ascii_lowercase(), |(n, _)| n).map(|(_, i)| *i)
    }

    /// The text of the part at `path` (case ignored), or `None` when there is no such part.
    fn part(&mut self, path: &str) -> Result<Option<String>, ImportError> {
        match self.find(path) {
            Some(i) => self.read(i, path).map(Some),
            None => Ok(None),
        }
    }

    /// The text of entry `i`, the part at `path`.
    fn read(&mut self, i: usize, path: &str) -> Result<String, ImportError> {
        let mut data = Vec::new();
        self.inflate(i, Some(&mut data))?;
        String::from_utf8(data)
            .map_err(|_| ImportError::BadXlsx(format!("{path}：不是 UTF-8 编码的 XML")))
    }

    /// Like [`Package::part`], for a part that must be there.
    fn required(&mut self, path: &str) -> Result<String, ImportError> {
        self.part(path)?
            .ok_or_else(|| ImportError::BadXlsx(format!("压缩包中缺少 {path}")))
    }
}

/// Decompresses entry `i` of `archive` into `out` (or nowhere), no further than `remaining`
/// bytes (what the whole archive may still unpack to) and the ratio bound; the bytes it
/// unpacks to.
fn unpack(
    archive: &zip::Archive<'_>,
    i: usize,
    budget: &Budget,
    remaining: u64,
    out: Option<&mut Vec<u8>>,
) -> Result<u64, ImportError> {
    let mut data = archive.unpack(i).map_err(|f| entry_error(i, f))?;
    let Some(entry) = archive.entries.get(i) else {
        return Ok(0);
    };
    let limit = remaining.min(ratio_bound(entry.compressed));
    let bomb = || ImportError::ZipBomb {
        limit: MAX_UNCOMPRESSED,
    };
    let name = &entry.name;
    match out {
        Some(out) => {
            let declared = entry.size;
            let local = archive.local_sizes(i);
            if local.is_some_and(|l| l != (entry.compressed, declared)) {
                return Err(ImportError::BadXlsx(format!(
                    "{name} 在压缩包目录和条目头中记录的大小不一致，文件已损坏或被改动"
                )));
            }
            if declared > limit {
                return Err(bomb());
            }
            let room = usize::try_from(declared).unwrap_or(usize::MAX);
            budget.take(room, || {
                format!("压缩包中的 {name} 解压后有 {} 兆字节", megabytes(declared))
            })?;
            // The heap grown once for the part and what is made of it (as much again),
            // within the budget; then room for the part, fallibly (a failed allocation
            // would abort the module). No more than the declared size is ever unpacked.
            super::reserve_heap(room.saturating_add(room.min(budget.left())));
            let _ = out.try_reserve_exact(room);
            while let Some(piece) = data.next().map_err(|_| corrupt(name))? {
                out.extend_from_slice(piece);
            }
            Ok(out.len() as u64)
        }
        None => {
            let mut size: u64 = 0;
            while let Some(piece) = data.next().map_err(|_| corrupt(name))? {
                size += piece.len() as u64;
                if size > limit {
                    return Err(bomb());
                }
            }
            Ok(size)
        }
    }
}

/// The last item of `sorted` (stably sorted by `key`) whose key is `wanted`: with several,
/// the last in the file wins, as in a map filled in order.
fn last_with<'s, T>(sorted: &'s [T], wanted: &str, key: impl Fn(&T) -> &str) -> Option<&'s T> {
    let end = sorted.partition_point(|t| key(t) <= wanted);
    sorted.get(end.checked_sub(1)?).filter(|t| key(t) == wanted)
}

/// The error for a part that is not well-formed.
fn broken(path: &str, e: impl std::fmt::Display) -> ImportError {
    ImportError::BadXlsx(format!("{path}：{e}"))
}

/// A relationship of a `.rels` part.
struct Relationship {
    id: String,
    kind: String,
    target: String,
}

/// The relationships in a `.rels` part (`package`: the package's own, whose `Id`s are not
/// needed).
fn relationships(xml: &str, package: bool) -> Result<Vec<Relationship>, xml::XmlError> {
    let mut r = Reader::new(xml);
    let mut out = Vec::new();
    loop {
        match r.next()? {
            Event::Start(t) if t.name == "Relationship" => {
                let [kind, target, id] = if package {
                    let [kind, target] = t.attrs_of(["Type", "Target"])?;
                    [kind, target, Some("")]
                } else {
                    t.attrs_of(["Type", "Target", "Id"])?
                };
                if let Some(id) = id {
                    out.push(Relationship {
                        // Ids and types are compared as written (as calamine does); a
                        // target is a path, its references decoded when they are valid.
                        id: id.to_owned(),
                        kind: kind.unwrap_or_default().to_owned(),
                        target: target.map_or_else(String::new, |t| {
                            xml::unescape(t, false).unwrap_or_else(|_| t.to_owned())
                        }),
                    });
                }
            }
            Event::End("Relationships") => return Ok(out),
            Event::Eof => return Err(r.error("元素 <Relationships> 没有结束")),
            _ => {}
        }
    }
}

/// The part a relationship target names: absolute (`/xl/worksheets/sheet1.xml`) or
/// relative to the folder of the part it is from (`worksheets/sheet1.xml`, `../x.xml`).
fn resolve(folder: &str, target: &str) -> String {
    let target = target.replace('\\', "/");
    let joined = match target.strip_prefix('/') {
        Some(absolute) => absolute.to_owned(),
        None => format!("{folder}{target}"),
    };
    let mut parts: Vec<&str> = Vec::new();
    for part in joined.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// The folder of a part's path, with its trailing `/` (`xl/` for `xl/workbook.xml`).
fn folder_of(path: &str) -> &str {
    path.rfind('/').and_then(|i| path.get(..=i)).unwrap_or("")
}

/// What the workbook part says.
struct Workbook {
    /// Each sheet's name and part, in the workbook's order.
    sheets: Vec<(String, String)>,
    /// The 1904 date system.
    date1904: bool,
    /// The shared strings part.
    shared_strings: String,
    /// The styles part.
    styles: String,
}

fn read_workbook(package: &mut Package<'_>) -> Result<Workbook, ImportError> {
    // The package relationships name the workbook part; Excel's is xl/workbook.xml.
    let mut path = "xl/workbook.xml".to_owned();
    if let Some(rels) = package.part("_rels/.rels")? {
        let rels = relationships(&rels, true).map_err(|e| broken("_rels/.rels", e))?;
        // With several, the last (as calamine reads them).
        if let Some(doc) = rels
            .iter()
            .rfind(|r| r.kind.ends_with("/relationships/officeDocument"))
        {
            path = resolve("", &doc.target);
        }
    }
    if package.find(&path).is_none() {
        return Err(ImportError::NotXlsx(format!(
            "压缩包中没有工作簿（{path}），不是 XLSX 文件"
        )));
    }
    let folder = folder_of(&path).to_owned();
    let file = path.get(folder.len()..).unwrap_or("");
    let rels_path = format!("{folder}_rels/{file}.rels");
    let rels = package.required(&rels_path)?;
    let mut rels = relationships(&rels, false).map_err(|e| broken(&rels_path, e))?;
    rels.sort_by(|a, b| a.id.cmp(&b.id));
    let xml = package.required(&path)?;
    let mut r = Reader::new(&xml);
    let mut sheets = Vec::new();
    let mut date1904 = false;
    let e = |e: xml::XmlError| broken(&path, e);
    let mut root = true;
    loop {
        let event = r.next().map_err(e)?;
        if let (Event::Start(t), true) = (&event, root) {
            root = false;
            // The package of a Word or PowerPoint file names its document the same way.
            if xml::local(t.name) != "workbook" {
                return Err(ImportError::NotXlsx(format!(
                    "压缩包中的主文档（{path}）不是工作簿，不是 XLSX 文件"
                )));
            }
        }
        match event {
            Event::Start(t) if t.name == "sheet" => {
                let (mut name, mut id) = ("", "");
                for a in t.attrs() {
                    match a.map_err(e)? {
                        ("name", v) => name = v,
                        (k, v) if xml::local(k) == "id" => id = v,
                        _ => {}
                    }
                }
                let name = r.unescape(name, false).map_err(e)?;

                let rel = last_with(&rels, id, |r| &r.id).ok_or_else(|| {
                    ImportError::BadXlsx(format!(
                        "工作表{}在 {rels_path} 中没有对应的关系",
                        crate::text::quote(&name)
                    ))
                })?;
                sheets.push((name, resolve(&folder, &rel.target)));
            }
            Event::Start(t) if t.name == "workbookPr" => {
                if let Some(v) = t.attr("date1904").map_err(e)? {
                    date1904 = v == "1" || v == "true";
                }
            }
            Event::End("workbook") => break,
            Event::Eof => return Err(e(r.error("元素 <workbook> 没有结束"))),
            _ => {}
        }
    }
    // The shared strings and styles where the relationships say, if there; else where Excel
    // puts them (which is where calamine looked).
    let part_of = |suffix: &str, default: &str| {
        rels.iter()
            .filter(|r| r.kind.ends_with(suffix))
            .map(|r| resolve(&folder, &r.target))
            .find(|path| package.find(path).is_some())
            .unwrap_or_else(|| format!("{folder}{default}"))
    };
    Ok(Workbook {
        sheets,
        date1904,
        shared_strings: part_of("/relationships/sharedStrings", "sharedStrings.xml"),
        styles: part_of("/relationships/styles", "styles.xml"),
    })
}

/// A sheet as read: its rows, its name, and what the reader met that a reviewer should know
/// (entries, rows or cells given more than once).
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    /// The rows from the first with a value to the last that is not blank.
    pub rows: Vec<Row>,
    /// The sheet's name.
    pub name: String,
    /// The names of the workbook's other sheets, in order.
    pub others: Vec<String>,
    /// The other sheets that `score` rated above zero too (with no sheet named): they may hold
    /// a plan as well, and the reviewer is told so.
    pub rivals: Vec<String>,
    /// Remarks about the file.
    pub warnings: Vec<ReadWarning>,
}

/// Reads one sheet of a workbook: the sheet named `sheet`, or else the first that has data.
/// Returns the rows and the sheet's name.
///
/// # Errors
/// As [`read_sheet`].
pub fn read(
    bytes: &[u8],
    sheet: Option<&str>,
    max_rows: usize,
) -> Result<(Vec<Row>, String), ImportError> {
    read_sheet(bytes, sheet, max_rows).map(|s| (s.rows, s.name))
}

/// Reads one sheet of a workbook: the sheet named `sheet`, or else the first that has data,
/// with the warnings about how it was read. Blank rows at the end are left out, and only rows
/// with a value count toward `max_rows`.
///
/// # Errors
/// [`ImportError::NotXlsx`], [`ImportError::ZipBomb`], [`ImportError::BadXlsx`],
/// [`ImportError::NoSuchSheet`], [`ImportError::TooManyRows`].
pub fn read_sheet(
    bytes: &[u8],
    sheet: Option<&str>,
    max_rows: usize,
) -> Result<Sheet, ImportError> {
    read_scored(bytes, sheet, max_rows, None)
}

/// How plainly a sheet's rows hold what is looked for (0: not at all).
pub type Score<'a> = dyn Fn(&[Row]) -> usize + 'a;

/// The sheets a reader looks at, as indexes into `names`: the one named `sheet` (compared
/// after folding), else all of them.
///
/// # Errors
/// [`ImportError::NoSuchSheet`], listing the workbook's sheets.
pub(crate) fn candidates(names: &[&str], sheet: Option<&str>) -> Result<Vec<usize>, ImportError> {
    let Some(wanted) = sheet else {
        return Ok((0..names.len()).collect());
    };
    let wanted = crate::text::fold_compact(wanted);
    match names
        .iter()
        .position(|n| crate::text::fold_compact(n) == wanted)
    {
        Some(found) => Ok(vec![found]),
        None => Err(ImportError::NoSuchSheet {
            sheet: wanted,
            available: names
                .iter()
                .map(|n| crate::text::quote(n))
                .collect::<Vec<_>>()
                .join("、"),
        }),
    }
}

/// Which sheet a workbook reader returns (the XLSX and the .xls reader alike): with a score
/// and no sheet named, the best rated of the sheets with data (the first of equals), the others
/// rated above zero being its rivals; else the first sheet with data offered.
pub(crate) struct SheetChoice<'s> {
    all: Vec<String>,
    score: Option<&'s Score<'s>>,
    best: Option<(usize, Sheet)>,
    rated: Vec<String>,
}

impl<'s> SheetChoice<'s> {
    /// `all`: the workbook's sheet names; `named`: whether one was asked for by name (it is
    /// then taken as it is).
    pub(crate) fn new(all: Vec<String>, score: Option<&'s Score<'s>>, named: bool) -> Self {
        SheetChoice {
            all,
            score: score.filter(|_| !named),
            best: None,
            rated: Vec::new(),
        }
    }

    /// Offers a sheet with data; the sheet itself when it is the choice already (no score).
    pub(crate) fn offer(
        &mut self,
        name: &str,
        rows: Vec<Row>,
        warnings: Vec<ReadWarning>,
    ) -> Option<Sheet> {
        let sheet = Sheet {
            rows,
            name: name.to_owned(),
            others: Vec::new(),
            rivals: Vec::new(),
            warnings,
        };
        let Some(score) = self.score else {
            return Some(self.complete(sheet));
        };
        let rated = score(&sheet.rows);
        if rated > 0 {
            self.rated.push(sheet.name.clone());
        }
        if self.best.as_ref().is_none_or(|(s, _)| rated > *s) {
            self.best = Some((rated, sheet));
        }
        None
    }

    /// The choice once every sheet has been offered; a sheet named `first` without rows when
    /// none had data.
    pub(crate) fn finish(mut self, first: &str) -> Sheet {
        let sheet = match self.best.take() {
            Some((_, sheet)) => sheet,
            None => Sheet {
                rows: Vec::new(),
                name: first.to_owned(),
                others: Vec::new(),
                rivals: Vec::new(),
                warnings: Vec::new(),
            },
        };
        self.complete(sheet)
    }

    fn complete(&self, mut sheet: Sheet) -> Sheet {
        sheet.others = self
            .all
            .iter()
            .filter(|n| **n != sheet.name)
            .cloned()
            .collect();
        sheet.rivals = self
            .rated
            .iter()
            .filter(|n| **n != sheet.name)
            .cloned()
            .collect();
        sheet
    }
}

/// Reads the sheet named `sheet`, or else the sheet whose rows `score` rates highest (the
/// first of equals; the first with data when none rates above zero): a workbook that opens
/// with a sheet of instructions is read from the sheet that holds the plan. With the warnings
/// about how it was read, as [`read_sheet`].
///
/// # Errors
/// As [`read_sheet`].
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
    let budget = Budget::of(bytes.len());
    let mut package = Package::open(bytes, &budget)?;
    let result = read_package(&mut package, sheet, max_rows, score);
    let mut read = package.settle(result)?;
    let mut warnings = std::mem::take(&mut package.warnings);
    warnings.append(&mut read.warnings);
    read.warnings = warnings;
    Ok(read)
}

/// [`read_sheet`] of an opened package; with `score` (and no sheet named), every sheet is read
/// and the best kept.
fn read_package(
    package: &mut Package<'_>,
    sheet: Option<&str>,
    max_rows: usize,
    score: Option<&Score<'_>>,
) -> Result<Sheet, ImportError> {
    let book = read_workbook(package)?;
    let names: Vec<&str> = book.sheets.iter().map(|(n, _)| n.as_str()).collect();
    let candidates: Vec<&(String, String)> = candidates(&names, sheet)?
        .into_iter()
        .filter_map(|i| book.sheets.get(i))
        .collect();
    let strings = match package.part(&book.shared_strings)? {
        Some(xml) => match sheet::read_shared_strings(&xml, package.budget) {
            Ok(strings) => strings,
            Err(sheet::SheetError::Over(e)) => return Err(e),
            Err(e) => return Err(broken(&book.shared_strings, e)),
        },
        None => Vec::new(),
    };
    let formats = match package.part(&book.styles)? {
        Some(xml) => styles::read(&xml).map_err(|e| broken(&book.styles, e))?,
        None => Vec::new(),
    };
    let context = sheet::Context {
        strings: &strings,
        formats: &formats,
        date1904: book.date1904,
        budget: package.budget,
    };
    let all = book.sheets.iter().map(|(n, _)| n.clone()).collect();
    let mut choice = SheetChoice::new(all, score, sheet.is_some());
    // Parts already found empty (a workbook may list one part many times).
    let mut empty = vec![false; package.names.len()];
    for (name, path) in &candidates {
        let unreadable = |e: &dyn std::fmt::Display| {
            ImportError::BadXlsx(format!("工作表{}无法读取：{e}", crate::text::quote(name)))
        };
        let i = package
            .find(path)
            .ok_or_else(|| unreadable(&format!("压缩包中缺少 {path}")))?;
        if sheet.is_none() && empty.get(i) == Some(&true) {
            continue;
        }
        let xml = package.read(i, path)?;
        let mut grid = match sheet::read_cells(&xml, &context) {
            Ok(grid) => grid,
            Err(sheet::SheetError::Over(e)) => return Err(e),
            Err(e) => return Err(unreadable(&e)),
        };
        drop(xml);
        grid.drop_blank_tail();
        if grid.is_empty() && sheet.is_none() {
            if let Some(e) = empty.get_mut(i) {
                *e = true;
            }
            continue;
        }
        let filled = grid.rows_with_values();
        if filled > max_rows {
            return Err(ImportError::TooManyRows { limit: max_rows });
        }
        // Every row from the first with a value to the last, blank ones too, and the place of
        // each with a value in the table of checked rows.
        let table = grid
            .height()
            .saturating_mul(std::mem::size_of::<Row>())
            .saturating_add(filled.saturating_mul(super::plan::TABLE_BYTES_A_ROW));
        package.budget.take(table, || {
            format!("工作表“{name}”有 {} 行（含空行）", grid.height())
        })?;
        let (rows, warnings) = grid.into_rows_and_warnings();
        if let Some(chosen) = choice.offer(name, rows, warnings) {
            return Ok(chosen);
        }
    }
    let first = candidates.first().map_or("", |(n, _)| n.as_str());
    Ok(choice.finish(first))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_targets() {
        assert_eq!(
            resolve("xl/", "worksheets/sheet1.xml"),
            "xl/worksheets/sheet1.xml"
        );
        assert_eq!(
            resolve("xl/", "/xl/worksheets/sheet1.xml"),
            "xl/worksheets/sheet1.xml"
        );
        assert_eq!(
            resolve("xl/", "../xl/./worksheets//s.xml"),
            "xl/worksheets/s.xml"
        );
        assert_eq!(resolve("", "xl/workbook.xml"), "xl/workbook.xml");
        assert_eq!(resolve("xl/", "..\\..\\..\\a.xml"), "a.xml");
        assert_eq!(folder_of("xl/workbook.xml"), "xl/");
        assert_eq!(folder_of("workbook.xml"), "");
    }
}
