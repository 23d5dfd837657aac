//! The XLSX reader (`src/import/xlsx.rs`) against calamine, the library it replaced: every
//! workbook under `tests/fixtures/` (plans, rosters and the feature workbooks of
//! `tests/fixtures/xlsx/`, made by `make_xlsx.py`), the page's templates and the fuzz corpus
//! and seeds are read with both, each sheet by name and the default sheet, and must give the
//! same rows, cell for cell (text, numbers bit for bit, dates, booleans, errors), or both an
//! error. The places where the new reader knowingly differs are listed in [`Lenient`] and
//! [`Bound`] and each is checked to be the reason. Then the features one by one, on the
//! fixtures, with the values they must have.

#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::fs;
use std::io::Cursor;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;

use calamine::{Data, Reader, Xlsx, XlsxError};
use workrelief::date::Date;
use workrelief::import::table::{Cell, Row};
use workrelief::import::{xlsx, ImportError, MAX_ROWS};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The cells of a row up to its last non-empty one (calamine pads every row to the width of
/// the sheet; the new reader stops at the row's last value; `Row::cell` reads both alike).
fn trimmed(row: &Row) -> Vec<Cell> {
    let mut cells = row.cells.clone();
    while matches!(cells.last(), Some(Cell::Empty)) {
        cells.pop();
    }
    cells
}

/// Cells equal, numbers bit for bit (NaN included).
fn same_cell(a: &Cell, b: &Cell) -> bool {
    match (a, b) {
        (Cell::Number(x), Cell::Number(y)) => x.to_bits() == y.to_bits(),
        _ => a == b,
    }
}

fn same_rows(a: &[Row], b: &[Row]) -> Result<(), String> {
    if a.len() != b.len() {
        return Err(format!("{} rows, calamine {}", a.len(), b.len()));
    }
    for (x, y) in a.iter().zip(b) {
        let (cx, cy) = (trimmed(x), trimmed(y));
        if x.number != y.number
            || cx.len() != cy.len()
            || !cx.iter().zip(&cy).all(|(p, q)| same_cell(p, q))
        {
            return Err(format!(
                "row {}: {:?}\n  calamine row {}: {:?}",
                x.number, cx, y.number, cy
            ));
        }
    }
    Ok(())
}

/// The reader as it was, on calamine (what `src/import/xlsx.rs` did after its archive check).
fn calamine_read(bytes: &[u8], sheet: Option<&str>) -> Result<(Vec<Row>, String), XlsxError> {
    let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(bytes))?;
    let names = workbook.sheet_names();
    let candidates: Vec<String> = match sheet {
        Some(wanted) => names.iter().filter(|n| *n == wanted).cloned().collect(),
        None => names,
    };
    for name in &candidates {
        let range = workbook.worksheet_range(name)?;
        let (row0, col0) = range.start().unwrap_or((0, 0));
        let mut rows: Vec<Row> = range
            .rows()
            .enumerate()
            .map(|(i, cells)| {
                let mut out = vec![Cell::Empty; col0 as usize];
                out.extend(cells.iter().map(calamine_cell));
                Row {
                    number: row0 + i as u32 + 1,
                    cells: out,
                }
            })
            .collect();
        // The one place the new reader differs on purpose: blank rows at the end (a stray
        // space far below the table) are no data and are left out.
        while rows.last().is_some_and(Row::is_blank) {
            rows.pop();
        }
        if rows.is_empty() && sheet.is_none() {
            continue;
        }
        return Ok((rows, name.clone()));
    }
    Ok((Vec::new(), candidates.first().cloned().unwrap_or_default()))
}

fn calamine_cell(data: &Data) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        Data::Float(f) => Cell::Number(*f),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            Date::new(y, m, d).map_or(Cell::Number(dt.as_f64()), Cell::Date)
        }
        Data::DateTime(dt) => Cell::Number(dt.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Error(format!("{e}")),
    }
}

/// Where calamine refuses a workbook that the new reader reads, on purpose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lenient {
    /// calamine needs `_rels/.rels`; without it the workbook is `xl/workbook.xml`.
    NoPackageRels,
    /// calamine knows seven error codes; `#SPILL!`, `#CALC!`, `#GETTING_DATA` and any other
    /// come through as error cells.
    ErrorCode,
    /// calamine refuses a sheet whose `state` is not visible/hidden/veryHidden, or whose
    /// relationship type is not a worksheet, chartsheet or dialog sheet; neither matters to
    /// which cells a sheet has.
    SheetAttribute,
    /// calamine parses the fonts, fills, borders, `<dimension>`, defined names and other
    /// elements the cells do not depend on, and fails on mistakes in them.
    UnusedPart,
    /// calamine resolves `..` in a relationship target not at all.
    DotDotTarget,
    /// calamine reads `_rels/.rels` as a whole XML document and fails on a root element that
    /// is not `<Relationships>`; the new reader reads only its `<Relationship>` elements (a
    /// fuzzed package named it `<Relatio-ships>`).
    PackageRelsRoot,
}

/// A bound of the new reader that calamine does not have (calamine pads every row to the
/// sheet's width and would allocate `rows × columns` cells).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Bound {
    /// A cell beyond XFD1048576, which Excel cannot write.
    OutsideGrid,
    /// More than 2^25 cell slots, or more than 2^22 and 16 for each value.
    TooManyCells,
    /// An archive that decompresses past the bound, in parts calamine does not read.
    Decompressed,
    /// An entry that does not decompress (a corrupt deflate stream), in a part calamine does
    /// not read: the archive is damaged, and Excel offers to repair it rather than open it.
    CorruptEntry,
}

fn bound_of(e: &ImportError) -> Option<Bound> {
    let text = e.to_string();
    if text.contains("超出了 Excel 的范围") {
        Some(Bound::OutsideGrid)
    } else if text.contains("工作表过大") {
        Some(Bound::TooManyCells)
    } else {
        None
    }
}

/// Why calamine failed where we did not, if it is one of the known leniencies.
fn lenient(e: &XlsxError, bytes: &[u8]) -> Option<Lenient> {
    let text = e.to_string();
    match e {
        XlsxError::FileNotFound(f) if f == "_rels/.rels" => Some(Lenient::NoPackageRels),
        XlsxError::RelationshipNotFound | XlsxError::XmlEof("Relationships")
            if !has_office_document(bytes) =>
        {
            Some(Lenient::NoPackageRels)
        }
        XlsxError::XmlEof("Relationships") if !package_rels_root_ok(bytes) => {
            Some(Lenient::PackageRelsRoot)
        }
        XlsxError::CellError(_) => Some(Lenient::ErrorCode),
        XlsxError::Unrecognized { typ, .. } if typ.starts_with("sheet:") => {
            Some(Lenient::SheetAttribute)
        }
        XlsxError::DimensionCount(_) | XlsxError::UnexpectedNode("dimension") => {
            Some(Lenient::UnusedPart)
        }
        // The parts of styles.xml calamine parses and the cells do not need.
        XlsxError::XmlEof(
            "fonts" | "font" | "fills" | "fill" | "borders" | "border" | "xf" | "color"
            | "gradientFill" | "patternFill",
        ) => Some(Lenient::UnusedPart),
        XlsxError::WorksheetNotFound(_) if text.contains("..") => Some(Lenient::DotDotTarget),
        _ => None,
    }
}

/// Whether `_rels/.rels` opens its root element as `<Relationships` (followed by white space
/// or `>`).
fn package_rels_root_ok(bytes: &[u8]) -> bool {
    let Some(text) = package_rels(bytes) else {
        return false;
    };
    text.split("<Relationships")
        .skip(1)
        .any(|rest| rest.starts_with([' ', '\t', '\r', '\n', '>']))
}

/// The text of `_rels/.rels`, if the package has one that can be read.
fn package_rels(bytes: &[u8]) -> Option<String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let mut rels = zip.by_name("_rels/.rels").ok()?;
    let mut text = Vec::new();
    std::io::Read::read_to_end(&mut rels, &mut text).ok()?;
    Some(String::from_utf8_lossy(&text).into_owned())
}

/// Whether `_rels/.rels` has a `<Relationship>` of type officeDocument, which calamine
/// needs (the new reader reads `xl/workbook.xml` without).
fn has_office_document(bytes: &[u8]) -> bool {
    let Some(text) = package_rels(bytes) else {
        return false;
    };
    text.split("<Relationship").skip(1).any(|tag| {
        tag.starts_with([' ', '\t', '\r', '\n'])
            && tag
                .split('>')
                .next()
                .is_some_and(|t| t.contains("/relationships/officeDocument\""))
    })
}

/// The outcome of comparing one read.
#[derive(Debug, PartialEq, Eq)]
enum Outcome {
    Same,
    BothFail,
    /// Refused by the archive check, and by calamine too (zip bomb, not a zip, no workbook).
    Precheck,
    Lenient(Lenient),
    Bound(Bound),
}

fn compare(bytes: &[u8], sheet: Option<&str>) -> Result<Outcome, String> {
    let ours = catch_unwind(|| xlsx::read(bytes, sheet, MAX_ROWS))
        .map_err(|e| format!("OUR READER PANICS: {:?}", e.downcast_ref::<String>()))?;
    // The archive check decompresses every entry (calamine reads only some): a refusal there
    // agrees with calamine only when calamine refuses the workbook too.
    let precheck = match &ours {
        Err(ImportError::ZipBomb { .. }) => Some(Some(Bound::Decompressed)),
        Err(ImportError::NotXlsx(_)) => Some(None),
        Err(e @ ImportError::BadXlsx(_))
            if e.to_string().starts_with("XLSX 文件无法读取：解压失败") =>
        {
            Some(Some(Bound::CorruptEntry))
        }
        _ => None,
    };
    let theirs = catch_unwind(AssertUnwindSafe(|| calamine_read(bytes, sheet)));
    if let Some(bound) = precheck {
        return match (&theirs, bound) {
            (Ok(Ok(_)), Some(bound)) => Ok(Outcome::Bound(bound)),
            (Ok(Ok(_)), None) => Err(format!(
                "we refuse ({}), calamine reads it",
                ours.err().map(|e| e.to_string()).unwrap_or_default()
            )),
            _ => Ok(Outcome::Precheck),
        };
    }
    match (ours, theirs) {
        (Ok((rows, name)), Ok(Ok((their_rows, their_name)))) => {
            if name != their_name {
                return Err(format!("sheet “{name}”, calamine “{their_name}”"));
            }
            same_rows(&rows, &their_rows)?;
            Ok(Outcome::Same)
        }
        (Err(_), Ok(Err(_)) | Err(_)) => Ok(Outcome::BothFail),
        (Ok(_), Ok(Err(e))) => lenient(&e, bytes)
            .map(Outcome::Lenient)
            .ok_or_else(|| format!("calamine fails ({e:?}), we read it")),
        (Ok(_), Err(_)) => Err("calamine panics, we read it".to_owned()),
        (Err(e), Ok(Ok(_))) => bound_of(&e)
            .map(Outcome::Bound)
            .ok_or_else(|| format!("we fail ({e}), calamine reads it")),
    }
}

/// Every workbook the comparison runs on.
fn workbooks() -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut add = |dir: PathBuf, any_name: bool| {
        let Ok(entries) = fs::read_dir(&dir) else {
            return;
        };
        let mut paths: Vec<PathBuf> = entries.map(|e| e.unwrap().path()).collect();
        paths.sort();
        for p in paths {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            if p.is_file()
                && !name.starts_with('.')
                && (name.ends_with(".xlsx")
                    || name.ends_with(".xlsm")
                    || any_name && !name.ends_with(".md"))
            {
                out.push(p);
            }
        }
    };
    let root = root();
    for dir in [
        "tests/fixtures/plans",
        "tests/fixtures/rosters",
        "tests/fixtures/xlsx",
        "tests/fixtures/calamine",
        "www/templates",
    ] {
        add(root.join(dir), false);
    }
    for dir in [
        "fuzz/seeds/xlsx",
        "fuzz/corpus/xlsx",
        "fuzz/regressions/xlsx",
    ] {
        add(root.join(dir), true);
    }
    out
}

fn sheet_names(bytes: &[u8]) -> Vec<String> {
    catch_unwind(AssertUnwindSafe(|| {
        Xlsx::new(Cursor::new(bytes)).map(|w: Xlsx<_>| w.sheet_names())
    }))
    .ok()
    .and_then(Result::ok)
    .unwrap_or_default()
}

#[test]
fn same_cells_as_calamine() {
    // calamine's debug build panics on some hostile inputs (arithmetic overflow); those count
    // as failures to read (the messages are captured with the test's output).
    let mut failures = Vec::new();
    let mut tally: Vec<(String, usize)> = Vec::new();
    let paths = workbooks();
    for path in &paths {
        // A running fuzzer replaces files in its corpus.
        let Ok(bytes) = fs::read(path) else {
            continue;
        };
        let label = path
            .strip_prefix(root())
            .unwrap_or(path)
            .display()
            .to_string();
        let mut sheets: Vec<Option<String>> = vec![None];
        sheets.extend(sheet_names(&bytes).into_iter().map(Some));
        for sheet in &sheets {
            match compare(&bytes, sheet.as_deref()) {
                Ok(outcome) => {
                    let key = format!("{outcome:?}");
                    match tally.iter_mut().find(|(k, _)| *k == key) {
                        Some((_, n)) => *n += 1,
                        None => tally.push((key, 1)),
                    }
                }
                Err(e) => failures.push(format!("{label} (sheet {sheet:?}): {e}")),
            }
        }
    }
    eprintln!("{} workbooks: {tally:?}", paths.len());
    assert!(paths.len() > 100, "only {} workbooks", paths.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

// ---------------------------------------------------------------------------------------
// The features, one by one, on the fixtures of tests/fixtures/xlsx/ (see make_xlsx.py).

fn fixture(name: &str) -> Vec<u8> {
    fs::read(root().join("tests/fixtures/xlsx").join(name)).unwrap()
}

fn read(bytes: &[u8], sheet: Option<&str>) -> (Vec<Row>, String) {
    xlsx::read(bytes, sheet, MAX_ROWS).unwrap()
}

fn text(s: &str) -> Cell {
    Cell::Text(s.to_owned())
}

fn date(y: u16, m: u8, d: u8) -> Cell {
    Cell::Date(Date::new(y, m, d).unwrap())
}

/// The cell at a spreadsheet position such as `B3` (rows are numbered as the sheet shows).
fn at<'a>(rows: &'a [Row], reference: &str) -> &'a Cell {
    let letters = reference
        .bytes()
        .take_while(u8::is_ascii_alphabetic)
        .count();
    let col = reference[..letters]
        .bytes()
        .fold(0usize, |c, b| c * 26 + usize::from(b - b'A') + 1)
        - 1;
    let row: u32 = reference[letters..].parse().unwrap();
    rows.iter()
        .find(|r| r.number == row)
        .map_or(&Cell::Empty, |r| r.cell(col))
}

#[test]
fn openpyxl_workbook_every_kind_of_cell() {
    let bytes = fixture("features.xlsx");
    // The first sheet, 空表, is empty: the first with data is read.
    let (rows, sheet) = read(&bytes, None);
    assert_eq!(sheet, "数据");
    let numbers: Vec<u32> = rows.iter().map(|r| r.number).collect();
    assert_eq!(
        numbers,
        (1..=20).collect::<Vec<_>>(),
        "blank rows kept, numbered"
    );
    for (reference, cell) in [
        // Rich text runs, white space kept, markup characters, a line break, beyond the BMP.
        ("A1", text("劳务报酬（万元）")),
        ("A2", text("  两端空格  ")),
        ("A3", text("<a & b> \"q\" 'x'")),
        ("A4", text("第一行\n第二行")),
        ("A6", text("😀 表情")),
        ("B1", Cell::Number(1_500_000.0)),
        ("B3", Cell::Number(39.999999)),
        ("B4", Cell::Number(-12.5)),
        ("B5", Cell::Number(1e21)),
        ("B6", Cell::Number(42.297)),
        ("B7", Cell::Number(1234.5)), // "¥"#,##0.00: a number format
        ("B8", Cell::Number(0.3)),    // 0.00%
        ("C1", Cell::Bool(true)),
        ("C2", Cell::Bool(false)),
        ("C3", Cell::Error("#N/A".into())),
        ("C4", Cell::Error("#DIV/0!".into())),
        ("D1", date(2025, 6, 30)), // yyyy-mm-dd
        ("D2", date(2025, 6, 30)), // yyyy"年"m"月"d"日"
        ("D3", date(2025, 7, 1)),  // yyyy/m/d
        ("D4", date(2024, 2, 29)), // built-in 14
        ("D5", date(2025, 6, 30)), // 12:00 that day
        ("D6", date(2025, 7, 1)),  // 23:59:59.9999 rounds to the next midnight
        ("D7", date(1900, 1, 1)),
        ("D8", date(1900, 2, 28)),
        ("D9", date(1900, 3, 1)), // serial 61: after the fictitious 1900-02-29
        ("D10", Cell::Number(1.5)), // [h]:mm:ss, an elapsed time
        ("D11", Cell::Number(0.5)), // a time of day alone
        ("D12", date(2999, 12, 31)),
        ("D13", Cell::Number(401_769.0)), // 3000-01-01: past what a Date holds
        ("E1", date(2025, 6, 30)),        // a number in a date format
        ("E2", Cell::Number(45838.0)),    // the same number in General
        ("H20", text("稀疏")),
        ("Z3", Cell::Number(7.0)),
        ("A5", Cell::Empty),
        ("G10", Cell::Empty),
    ] {
        assert!(
            same_cell(at(&rows, reference), &cell),
            "{reference}: {:?}, want {cell:?}",
            at(&rows, reference)
        );
    }
    // Rows end at their last value.
    assert_eq!(rows[2].cells.len(), 26);
    assert!(rows[13].cells.is_empty());

    // A sheet by name, spaces and full-width forms folded as in the rest of the importer.
    let (rows, sheet) = read(&bytes, Some(" 第二张 "));
    assert_eq!(sheet, "第二张");
    assert_eq!(rows[1].cells, [Cell::Number(1.0), text("第二张表的数据")]);
    // An empty sheet asked for by name: no rows, its name.
    assert_eq!(read(&bytes, Some("空表")), (Vec::new(), "空表".to_owned()));
    match xlsx::read(&bytes, Some("汇总"), MAX_ROWS) {
        Err(ImportError::NoSuchSheet { sheet, available }) => {
            assert_eq!(sheet, "汇总");
            assert_eq!(available, "“空表”、“数据”、“第二张”");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn archives_other_zip_writers_make() {
    // features.xlsx repackaged by Python's zipfile: Zip64 local headers and a comment; data
    // descriptors (make_zips.py).
    let want = fixture("features.xlsx");
    for name in ["zip64.xlsx", "streamed.xlsx"] {
        let bytes = fixture(name);
        assert_ne!(bytes, want);
        for sheet in [None, Some("第二张")] {
            assert_eq!(read(&bytes, sheet), read(&want, sheet), "{name} {sheet:?}");
        }
    }
}

#[test]
fn inline_strings_and_1904_dates() {
    let (rows, sheet) = read(&fixture("inline.xlsx"), None);
    assert_eq!(sheet, "行内字符串");
    assert_eq!(
        rows[1].cells,
        [text("  保留空格  "), Cell::Number(160.5), date(2025, 6, 30)]
    );
    assert!(rows[2].cells.is_empty());
    assert_eq!(
        rows[3].cells,
        [text("<&>"), Cell::Empty, Cell::Empty, Cell::Bool(true)]
    );

    let (rows, _) = read(&fixture("date1904.xlsx"), None);
    assert_eq!(rows[0].cells, [date(2025, 6, 30), Cell::Number(44376.0)]);
    assert_eq!(rows[1].cells, [date(1904, 1, 1)]);
    assert_eq!(rows[2].cells, [date(1904, 1, 2)]);
}

#[test]
fn what_excel_writes() {
    let bytes = fixture("excel-like.xlsx");
    let (rows, sheet) = read(&bytes, None);
    assert_eq!(sheet, "计划");
    for (reference, cell) in [
        // Shared strings: plain, rich text with a phonetic run left out, escapes and
        // references (`_x000D_` a carriage return, `_x005F_` a literal `_`), `xml:space`,
        // the empty string, markup, CDATA.
        ("A1", text("项目名称")),
        ("B1", text("劳务 报酬 ")),
        ("A3", text("第一行\r\n第二行_x000D_中文😀")),
        ("A4", text("  前后空格  ")),
        ("A5", text("")),
        ("A2", text("<img src=x onerror=alert(1)>")),
        ("A6", text("<b>粗</b> & 1")),
        // Cached formula results: a number, a string (`str`), a boolean, an error, shared.
        ("B3", Cell::Number(3_000_000.0)),
        ("B4", text("<img> x\r")),
        ("B5", Cell::Bool(true)),
        ("B6", Cell::Error("#DIV/0!".into())),
        ("B7", Cell::Number(1_500_001.0)),
        ("B8", Cell::Number(1_500_002.0)),
        // Built-in 31, 57, 58, 14, 27, custom yyyy"年"m"月"d"日", m/d/yy h:mm, a long date;
        // a number format with `_` and `\`; [h]:mm.
        ("C2", date(2025, 6, 30)),
        ("C3", date(2025, 6, 30)),
        ("C4", date(2025, 6, 30)),
        ("C5", date(2025, 6, 30)),
        ("C6", date(2025, 6, 30)),
        ("C7", date(2025, 6, 30)),
        ("C8", date(2025, 6, 30)),
        ("D8", date(2025, 6, 30)),
        ("B2", Cell::Number(1_500_000.0)),
        ("D7", Cell::Number(1.5)),
        // Rows and cells without `r`; an ISO date cell stays text; an untyped value that
        // is no number is text.
        ("A9", text("无引用")),
        ("B9", Cell::Number(9.0)),
        ("C9", text("2025-06-30T00:00:00")),
        ("C11", Cell::Number(11.0)),
        ("D11", Cell::Number(12.0)),
        ("E11", text(" 13 ")),
        ("F11", Cell::Empty),
        ("D1", Cell::Empty), // styled but empty
    ] {
        assert!(
            same_cell(at(&rows, reference), &cell),
            "{reference}: {:?}, want {cell:?}",
            at(&rows, reference)
        );
    }
    assert!(rows
        .iter()
        .find(|r| r.number == 10)
        .unwrap()
        .cells
        .is_empty());
    // An absolute target and `x:` prefixes; a hidden sheet, its name's `&amp;` decoded.
    let (rows, _) = read(&bytes, Some("前缀"));
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].number, 2);
    assert_eq!(
        rows[0].cells,
        [Cell::Empty, text("项目名称"), Cell::Number(2.0)]
    );
    let (rows, sheet) = read(&bytes, Some("隐藏&表"));
    assert_eq!(
        (sheet.as_str(), &rows[0].cells[..]),
        ("隐藏&表", &[text("隐藏")][..])
    );
}

#[test]
fn error_codes_calamine_does_not_know() {
    let bytes = fixture("lenient.xlsx");
    assert_eq!(
        compare(&bytes, None).unwrap(),
        Outcome::Lenient(Lenient::ErrorCode)
    );
    let (rows, _) = read(&bytes, None);
    assert_eq!(rows[0].cells, [Cell::Error("#SPILL!".into())]);
}

// ---------------------------------------------------------------------------------------
// Workbooks made here, part by part.

const MAIN: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// A zip of these parts, stored.
fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
    use std::io::Write;
    use zip::write::SimpleFileOptions;
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, body) in parts {
        let options =
            SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        writer.start_file(*name, options).unwrap();
        writer.write_all(body).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

/// A one-sheet workbook ("S") with this `<sheetData>` content, cell format 1 of numFmt
/// `date_format` and 2 of `[h]:mm:ss`.
fn workbook(sheet_data: &str, date_format: u32, date1904: bool) -> Vec<u8> {
    workbook_with(sheet_data, date_format, date1904, &[])
}

/// [`workbook`] with more parts.
fn workbook_with(
    sheet_data: &str,
    date_format: u32,
    date1904: bool,
    extra: &[(&str, &[u8])],
) -> Vec<u8> {
    let rels = format!(
        r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
    );
    let book = format!(
        r#"<workbook xmlns="{MAIN}" xmlns:r="{REL}"><workbookPr date1904="{}"/><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
        u8::from(date1904)
    );
    let book_rels = format!(
        r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#
    );
    let styles = format!(
        r#"<styleSheet xmlns="{MAIN}"><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="{date_format}"/><xf numFmtId="46"/></cellXfs></styleSheet>"#
    );
    let sheet =
        format!(r#"<worksheet xmlns="{MAIN}"><sheetData>{sheet_data}</sheetData></worksheet>"#);
    let mut parts: Vec<(&str, &[u8])> = vec![
        ("_rels/.rels", rels.as_bytes()),
        ("xl/workbook.xml", book.as_bytes()),
        ("xl/_rels/workbook.xml.rels", book_rels.as_bytes()),
        ("xl/styles.xml", styles.as_bytes()),
        ("xl/worksheets/sheet1.xml", sheet.as_bytes()),
    ];
    parts.extend_from_slice(extra);
    zip_of(&parts)
}

#[test]
fn serial_dates_as_calamine_reads_them() {
    let mut values: Vec<String> = (0..=1500).map(|d| d.to_string()).collect();
    values.extend((1500..2_958_470).step_by(997).map(|d| d.to_string()));
    for day in [
        1, 59, 60, 61, 365, 366, 367, 1461, 45838, 401_768, 2_958_465,
    ] {
        for frac in [
            "0.5",
            "0.99999999",
            "0.9999999",
            "0.999994",
            "0.9999942",
            "0.0000001",
        ] {
            values.push(format!("{day}.{}", &frac[2..]));
        }
    }
    values.extend(
        [
            "-1",
            "-0.5",
            "-0",
            "0.0000001",
            "1e308",
            "-1e308",
            "NaN",
            "inf",
            "-inf",
            "1.5e3",
        ]
        .map(String::from),
    );
    let cells: String = values
        .iter()
        .enumerate()
        .map(|(i, v)| {
            format!(r#"<row r="{0}"><c r="A{0}" s="1"><v>{v}</v></c><c r="B{0}" s="2"><v>{v}</v></c></row>"#, i + 1)
        })
        .collect();
    for date1904 in [false, true] {
        for format in [14, 22, 31, 57, 20] {
            let bytes = workbook(&cells, format, date1904);
            assert_eq!(
                compare(&bytes, None),
                Ok(Outcome::Same),
                "format {format}, 1904 {date1904}"
            );
        }
    }
}

#[test]
fn number_syntax_as_calamine_reads_it() {
    let values = [
        "1",
        "+1",
        "-0",
        ".5",
        "5.",
        "1e5",
        "1E+05",
        "1e-5",
        "1e",
        "e5",
        "inf",
        "-Infinity",
        "nan",
        "NaN",
        " 1",
        "1 ",
        "1,000",
        "0x1A",
        "1_000",
        "١",
        "1.7976931348623157e309",
        "4.9e-325",
        "00012",
        "1.2.3",
        "--1",
        "0.1e+0",
        "١٢",
        "12abc",
        "",
    ];
    // Untyped: text when not a number.
    let cells: String = values
        .iter()
        .enumerate()
        .map(|(i, v)| format!(r#"<row r="{0}"><c r="A{0}"><v>{v}</v></c></row>"#, i + 1))
        .collect();
    assert_eq!(
        compare(&workbook(&cells, 14, false), None),
        Ok(Outcome::Same)
    );
    // Typed `n`: an error when not a number, one workbook each.
    for v in values {
        let cell = format!(r#"<row r="1"><c r="A1" t="n"><v>{v}</v></c></row>"#);
        let outcome = compare(&workbook(&cell, 14, false), None);
        assert!(
            matches!(outcome, Ok(Outcome::Same | Outcome::BothFail)),
            "{v:?}: {outcome:?}"
        );
    }
}

#[test]
fn bounds() {
    // More rows than asked for.
    let cells: String = (1..=20)
        .map(|i| format!(r#"<row r="{i}"><c r="A{i}"><v>{i}</v></c></row>"#))
        .collect();
    let bytes = workbook(&cells, 14, false);
    assert_eq!(xlsx::read(&bytes, None, 20).unwrap().0.len(), 20);
    assert!(matches!(
        xlsx::read(&bytes, None, 19),
        Err(ImportError::TooManyRows { limit: 19 })
    ));
    // Only rows with a value count: two cells far apart are two rows, with the blank rows
    // between them as the spreadsheet shows them.
    let bytes = workbook(
        r#"<row r="5"><c r="A5"><v>1</v></c></row><row r="1048576"><c r="XFD1048576"><v>1</v></c></row>"#,
        14,
        false,
    );
    let (rows, _) = xlsx::read(&bytes, None, 2).unwrap();
    assert_eq!(rows.len(), 1_048_572);
    assert_eq!(rows.last().unwrap().number, 1_048_576);
    assert!(matches!(
        xlsx::read(&bytes, None, 1),
        Err(ImportError::TooManyRows { limit: 1 })
    ));
    // Blank cells (a space, an empty string) at the end are no rows at all.
    let bytes = workbook(
        r#"<row r="5"><c r="A5"><v>1</v></c></row><row r="1048576"><c r="A1048576" t="inlineStr"><is><t xml:space="preserve"> </t></is></c><c r="B1048576" t="str"><v></v></c></row>"#,
        14,
        false,
    );
    let (rows, _) = xlsx::read(&bytes, None, 1).unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].number, 5);
    // Beyond Excel's grid.
    for reference in ["XFE1", "A1048577"] {
        let bytes = workbook(
            &format!(r#"<row><c r="{reference}"><v>1</v></c></row>"#),
            14,
            false,
        );
        let e = xlsx::read(&bytes, None, MAX_ROWS).unwrap_err();
        assert_eq!(bound_of(&e), Some(Bound::OutsideGrid), "{e}");
    }
    // A value in column XFD of every row would be 16,384 cells a row: past the budget of a
    // small file long before the cap of 2^25 cells.
    let cells: String = (1..=2100)
        .map(|i| format!(r#"<row r="{i}"><c r="XFD{i}"><v>1</v></c></row>"#))
        .collect();
    let e = xlsx::read(&workbook(&cells, 14, false), None, MAX_ROWS).unwrap_err();
    assert_eq!(e.code(), "import.over_budget", "{e}");
    assert!(e.to_string().starts_with("工作表的单元格过多"), "{e}");
    // The last column itself is fine.
    let (rows, _) = xlsx::read(
        &workbook(r#"<row r="1"><c r="XFD1"><v>1</v></c></row>"#, 14, false),
        None,
        MAX_ROWS,
    )
    .unwrap();
    assert_eq!(rows[0].cells.len(), 16_384);
}

#[test]
fn packages_excel_would_open() {
    // No _rels/.rels: the workbook is xl/workbook.xml (calamine refuses it).
    let book = format!(
        r#"<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>"#
    );
    let book_rels = format!(
        r#"<Relationships xmlns="x"><Relationship Id="rId1" Type="{REL}/worksheet" Target="/XL/Worksheets/Sheet1.xml"/></Relationships>"#
    );
    let sheet = "\u{feff}<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n<worksheet><sheetData><row><c t=\"inlineStr\"><is><t>有</t></is></c></row></sheetData></worksheet>";
    let bytes = zip_of(&[
        ("xl/workbook.xml", book.as_bytes()),
        ("xl/_rels/workbook.xml.rels", book_rels.as_bytes()),
        ("xl/worksheets/sheet1.xml", sheet.as_bytes()),
    ]);
    // Part names are matched ignoring case, as Excel does; a byte order mark is skipped.
    let (rows, _) = read(&bytes, None);
    assert_eq!(rows[0].cells, [text("有")]);
    assert_eq!(
        compare(&bytes, None),
        Ok(Outcome::Lenient(Lenient::NoPackageRels))
    );

    // A part that is not UTF-8, a sheet part missing, a relationship missing, broken XML:
    // each a clear error, never a panic.
    let latin1 = b"<worksheet><sheetData><row><c t=\"inlineStr\"><is><t>\xe9</t></is></c></row></sheetData></worksheet>";
    let cases: [(&[u8], &str); 4] = [
        (latin1, "UTF-8"),
        (b"", "不是工作表"),
        (b"<worksheet><sheetData><row><c><v>1</v>", "没有结束"),
        (
            b"<worksheet><sheetData><c r=\"1A\"><v>1</v></c></sheetData></worksheet>",
            "单元格引用“1A”无效",
        ),
    ];
    for (sheet, message) in cases {
        let bytes = zip_of(&[
            ("xl/workbook.xml", book.as_bytes()),
            ("xl/_rels/workbook.xml.rels", book_rels.as_bytes()),
            ("xl/worksheets/sheet1.xml", sheet),
        ]);
        match xlsx::read(&bytes, None, MAX_ROWS) {
            Err(e @ ImportError::BadXlsx(_)) => assert!(e.to_string().contains(message), "{e}"),
            other => panic!("{message}: {other:?}"),
        }
    }
    let bytes = zip_of(&[
        ("xl/workbook.xml", book.as_bytes()),
        ("xl/_rels/workbook.xml.rels", book_rels.as_bytes()),
    ]);
    let e = xlsx::read(&bytes, None, MAX_ROWS).unwrap_err();
    assert_eq!(
        e.to_string(),
        "XLSX 文件无法读取：工作表“S”无法读取：压缩包中缺少 XL/Worksheets/Sheet1.xml"
    );
    let bytes = zip_of(&[("xl/workbook.xml", book.as_bytes())]);
    let e = xlsx::read(&bytes, None, MAX_ROWS).unwrap_err();
    assert_eq!(
        e.to_string(),
        "XLSX 文件无法读取：压缩包中缺少 xl/_rels/workbook.xml.rels"
    );
}

#[test]
fn rows_out_of_order() {
    // Rows and cells in any order, the same place twice (the later wins), as calamine reads
    // them; and quickly even when every row comes before the last.
    let cells = r#"<row r="3"><c r="B3"><v>1</v></c></row><row r="1"><c r="C1"><v>2</v></c></row>
        <row r="3"><c r="A3"><v>3</v></c><c r="B3"><v>4</v></c></row><c r="D2"><v>5</v></c>
        <row r="1"><c r="A1"><v>6</v></c></row>"#;
    let bytes = workbook(cells, 14, false);
    assert_eq!(compare(&bytes, None), Ok(Outcome::Same));
    let (rows, _) = read(&bytes, None);
    assert_eq!(
        rows[0].cells,
        [Cell::Number(6.0), Cell::Empty, Cell::Number(2.0)]
    );
    assert_eq!(rows[2].cells, [Cell::Number(3.0), Cell::Number(4.0)]);

    let cells: String = (1..=200_000)
        .rev()
        .map(|i| format!(r#"<row r="{i}"><c r="A{i}"><v>{i}</v></c></row>"#))
        .collect();
    let bytes = workbook(&cells, 14, false);
    let started = std::time::Instant::now();
    let (rows, _) = read(&bytes, None);
    assert_eq!(rows.len(), 200_000);
    assert_eq!(rows[199_999].cells, [Cell::Number(200_000.0)]);
    // Inserting each row in place would move 2 × 10^10 cells: minutes, not seconds.
    assert!(started.elapsed().as_secs() < 30, "{:?}", started.elapsed());
}

#[test]
fn shared_text_is_bounded() {
    // One long shared string in every cell would be copied into each.
    let long = "长".repeat(400_000);
    let sst = format!(r#"<sst xmlns="{MAIN}"><si><t>{long}</t></si></sst>"#);
    let cells: String = (1..=300)
        .map(|i| format!(r#"<row r="{i}"><c r="A{i}" t="s"><v>0</v></c></row>"#))
        .collect();
    let bytes = workbook_with(
        &cells,
        14,
        false,
        &[("xl/sharedStrings.xml", sst.as_bytes())],
    );
    // Refused for its budget (a file of a few kilobytes may take 64 MiB), before the cap of
    // 256 MB of shared text that holds for big files.
    let e = xlsx::read(&bytes, None, MAX_ROWS).unwrap_err();
    assert_eq!(e.code(), "import.over_budget", "{e}");
    assert!(e.to_string().contains("工作表中的文字过多"), "{e}");
}

#[test]
fn long_lists_are_read_in_linear_time() {
    // 100,000 sheets sharing one empty part, each with its relationship, then a sheet with
    // data; 100,000 custom formats and cell formats. Looking each up in a list would take
    // 10^10 steps.
    let n = 100_000;
    let sheets: String = (0..=n)
        .map(|i| format!(r#"<sheet name="S{i}" sheetId="{i}" r:id="rId{i}"/>"#))
        .collect();
    let book =
        format!(r#"<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>{sheets}</sheets></workbook>"#);
    let rels: String = (0..=n)
        .map(|i| {
            let target = if i == n {
                "worksheets/data.xml"
            } else {
                "worksheets/empty.xml"
            };
            format!(r#"<Relationship Id="rId{i}" Type="{REL}/worksheet" Target="{target}"/>"#)
        })
        .collect();
    let rels = format!(r#"<Relationships xmlns="x">{rels}</Relationships>"#);
    let formats: String = (0..n)
        .map(|i| format!(r#"<numFmt numFmtId="{}" formatCode="0.0"/>"#, 200 + i))
        .collect();
    let xfs: String = (0..n)
        .map(|i| format!(r#"<xf numFmtId="{}"/>"#, 200 + i))
        .collect();
    let styles = format!(
        r#"<styleSheet xmlns="{MAIN}"><numFmts>{formats}<numFmt numFmtId="99999" formatCode="yyyy-mm-dd"/></numFmts><cellXfs>{xfs}<xf numFmtId="99999"/></cellXfs></styleSheet>"#
    );
    let data = format!(
        r#"<worksheet><sheetData><row r="1"><c r="A1" s="{n}"><v>45838</v></c><c r="B1" s="5"><v>1</v></c></row></sheetData></worksheet>"#
    );
    let bytes = zip_of(&[
        ("xl/workbook.xml", book.as_bytes()),
        ("xl/_rels/workbook.xml.rels", rels.as_bytes()),
        ("xl/styles.xml", styles.as_bytes()),
        (
            "xl/worksheets/empty.xml",
            b"<worksheet><sheetData/></worksheet>",
        ),
        ("xl/worksheets/data.xml", data.as_bytes()),
    ]);
    let started = std::time::Instant::now();
    let (rows, sheet) = read(&bytes, None);
    assert_eq!(sheet, format!("S{n}"));
    assert_eq!(rows[0].cells, [date(2025, 6, 30), Cell::Number(1.0)]);
    assert!(started.elapsed().as_secs() < 30, "{:?}", started.elapsed());
}

/// The workbooks of calamine's own test corpus (`tests/fixtures/calamine/`, copied from
/// github.com/tafia/calamine at 263762c8, MIT licence beside them) that calamine does not open
/// as a whole, and why: each must still be refused by calamine, and every other one opened by
/// us.
/// The third field is the error a plan file gets.
const CALAMINE_REFUSES: &[(&str, &str, &str)] = &[
    (
        "issue252.xlsx",
        "a package without xl/workbook.xml (charts and a sheet only): not a workbook",
        "import.bad_xlsx",
    ),
    (
        "pass_protected.xlsx",
        "encrypted with a password (an OLE2 container, not a zip): nobody can read it unopened",
        "import.encrypted",
    ),
];

/// Where calamine opens a workbook of its own corpus, we open it too: the same cells for each
/// sheet calamine reads, and as a plan file a verdict or `import.not_a_plan`, never a refusal.
#[test]
fn calamine_corpus_is_opened() {
    let dir = root().join("tests/fixtures/calamine");
    let mut paths: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "xlsx" || e == "xlsm"))
        .collect();
    paths.sort();
    assert!(paths.len() >= 60, "{}", paths.len());
    let book = workrelief::RuleBook::from_json(workrelief::rules::DEFAULT_RULES_JSON).unwrap();
    let today = Date::new(2026, 1, 1).unwrap();
    let mut failures = Vec::new();
    let mut refused = Vec::new();
    for path in &paths {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let bytes = fs::read(path).unwrap();
        let opened = catch_unwind(AssertUnwindSafe(|| calamine_read(&bytes, None)));
        let report = workrelief::import::check_plan(
            &book,
            &bytes,
            &name,
            &workrelief::import::ImportOptions::default(),
            today,
            false,
        );
        let codes: Vec<&str> = report.errors.iter().map(|e| e.code.as_str()).collect();
        if !matches!(opened, Ok(Ok(_))) {
            // We refuse it too, with a clear error: the one listed.
            let ours = xlsx::read(&bytes, None, MAX_ROWS);
            assert!(ours.is_err(), "{name}: calamine refuses, we read it");
            let listed = CALAMINE_REFUSES.iter().find(|(n, _, _)| *n == name);
            assert_eq!(codes, [listed.map_or("(not listed)", |l| l.2)], "{name}");
            refused.push(name);
            continue;
        }
        for sheet in std::iter::once(None).chain(sheet_names(&bytes).into_iter().map(Some)) {
            match compare(&bytes, sheet.as_deref()) {
                Ok(Outcome::Same | Outcome::BothFail) => {}
                other => failures.push(format!("{name} (sheet {sheet:?}): {other:?}")),
            }
        }
        if !(codes.is_empty() || codes == ["import.not_a_plan"]) {
            failures.push(format!("{name}: {:?}", report.errors));
        }
    }
    let expected: Vec<&str> = CALAMINE_REFUSES.iter().map(|(n, _, _)| *n).collect();
    assert_eq!(refused, expected, "calamine refuses a different set");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn workbooks_from_other_tools() {
    let strings =
        format!(r#"<sst xmlns="{MAIN}" count="1" uniqueCount="1"><si><t>项目名称</t></si></sst>"#);
    let sheet = format!(
        r#"<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><v>5</v></c></row></sheetData></worksheet>"#
    );
    let book = format!(
        r#"<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets><sheet name="数据" sheetId="1" r:id="rId1"/></sheets></workbook>"#
    );
    let package_rels = |target: &str| {
        format!(
            r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{REL}/officeDocument" Target="{target}"/></Relationships>"#
        )
    };
    let book_rels = |sheet: &str, strings: &str| {
        format!(
            r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{REL}/worksheet" Target="{sheet}"/><Relationship Id="rId2" Type="{REL}/sharedStrings" Target="{strings}"/></Relationships>"#
        )
    };
    let want = [text("项目名称"), Cell::Number(5.0)];

    // Entry names with backslashes, no docProps, no [Content_Types].xml, no styles.
    let rels = package_rels("xl/workbook.xml");
    let wb_rels = book_rels("worksheets/sheet1.xml", "sharedStrings.xml");
    let bytes = zip_of(&[
        ("_rels\\.rels", rels.as_bytes()),
        ("xl\\workbook.xml", book.as_bytes()),
        ("xl\\_rels\\workbook.xml.rels", wb_rels.as_bytes()),
        ("xl\\worksheets\\sheet1.xml", sheet.as_bytes()),
        ("xl\\sharedStrings.xml", strings.as_bytes()),
    ]);
    let (rows, name) = read(&bytes, None);
    assert_eq!(
        (rows[0].cells.as_slice(), name.as_str()),
        (&want[..], "数据")
    );
    assert_eq!(compare(&bytes, None), Ok(Outcome::Same));

    // Parts where the relationships say, nowhere near Excel's paths.
    let rels = package_rels("/book/main.xml");
    let wb_rels = book_rels("/data/grid.xml", "text/strings.xml");
    let bytes = zip_of(&[
        ("_rels/.rels", rels.as_bytes()),
        ("book/main.xml", book.as_bytes()),
        ("book/_rels/main.xml.rels", wb_rels.as_bytes()),
        ("data/grid.xml", sheet.as_bytes()),
        ("book/text/strings.xml", strings.as_bytes()),
    ]);
    // (calamine looks for the shared strings only at xl/sharedStrings.xml, and fails here.)
    let (rows, _) = read(&bytes, None);
    assert_eq!(rows[0].cells, want);

    // A Word document names its main part the same way: not a workbook. So is a package whose
    // main part is missing.
    let rels = package_rels("word/document.xml");
    let bytes = zip_of(&[
        ("_rels/.rels", rels.as_bytes()),
        (
            "word/document.xml",
            b"<w:document xmlns:w=\"x\"><w:body/></w:document>",
        ),
        ("word/_rels/document.xml.rels", b"<Relationships/>"),
    ]);
    let e = xlsx::read(&bytes, None, MAX_ROWS).unwrap_err();
    assert_eq!(e.code(), "import.not_xlsx", "{e}");
    assert!(e.to_string().contains("word/document.xml"), "{e}");
    let bytes = zip_of(&[("_rels/.rels", rels.as_bytes())]);
    let e = xlsx::read(&bytes, None, MAX_ROWS).unwrap_err();
    assert_eq!(e.code(), "import.not_xlsx", "{e}");
}

#[test]
fn what_is_given_twice_is_a_warning() {
    use workrelief::import::warning::ReadWarning;
    let cells = r#"<row r="1"><c r="A1"><v>1</v></c><c r="A1"><v>2</v></c></row>
        <row r="2"><c r="A2"><v>3</v></c></row><row r="2"><c r="B2"><v>4</v></c></row>
        <row r="4"><c r="C4"><v>5</v></c></row><row r="1"><c r="B1"><v>6</v></c></row>"#;
    let sheet = xlsx::read_sheet(&workbook(cells, 14, false), None, MAX_ROWS).unwrap();
    assert_eq!(
        sheet.rows[0].cells,
        [Cell::Number(2.0), Cell::Number(6.0)],
        "the last value wins, as calamine reads it"
    );
    assert_eq!(
        sheet.warnings,
        [
            ReadWarning::DuplicateCell { row: 1, column: 0 },
            ReadWarning::DuplicateRow { row: 2 },
            ReadWarning::DuplicateRow { row: 1 },
        ]
    );
    let messages: Vec<String> = sheet.warnings.iter().map(|w| w.to_string()).collect();
    assert!(
        messages[0].contains("单元格 A1 出现了不止一次"),
        "{}",
        messages[0]
    );
    assert!(
        messages[1].contains("第 2 行出现了不止一次"),
        "{}",
        messages[1]
    );

    // A row given again out of order, with the same cell.
    let cells = r#"<row r="3"><c r="B3"><v>1</v></c></row><row r="1"><c r="A1"><v>2</v></c></row>
        <row r="3"><c r="B3"><v>3</v></c></row>"#;
    let sheet = xlsx::read_sheet(&workbook(cells, 14, false), None, MAX_ROWS).unwrap();
    assert_eq!(sheet.rows[2].cells, [Cell::Empty, Cell::Number(3.0)]);
    assert_eq!(
        sheet.warnings,
        [
            ReadWarning::DuplicateRow { row: 3 },
            ReadWarning::DuplicateCell { row: 3, column: 1 },
        ]
    );

    // Two entries of the same name (as Excel reads names, case aside): the last one is read.
    let other = format!(
        r#"<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1"><v>9</v></c></row></sheetData></worksheet>"#
    );
    let bytes = workbook_with(
        r#"<row r="1"><c r="A1"><v>1</v></c></row>"#,
        14,
        false,
        &[("XL/Worksheets/Sheet1.xml", other.as_bytes())],
    );
    let sheet = xlsx::read_sheet(&bytes, None, MAX_ROWS).unwrap();
    assert_eq!(sheet.rows[0].cells, [Cell::Number(9.0)]);
    assert_eq!(
        sheet.warnings,
        [ReadWarning::DuplicateEntry {
            name: "xl/worksheets/sheet1.xml".into(),
            count: 2
        }]
    );
    // A sheet read cleanly has no warnings.
    let sheet = xlsx::read_sheet(&fixture("../plans/plan.xlsx"), None, MAX_ROWS).unwrap();
    assert!(sheet.warnings.is_empty(), "{:?}", sheet.warnings);
}
