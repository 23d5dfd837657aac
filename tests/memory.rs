//! Memory budgets (`import::heap_budget`, ARCHITECTURE.md "Memory"): hostile files made here
//! (10 MB of commas, zip bombs, a workbook at compression ratio 181, millions of empty cells,
//! a million two-byte rows, a million rows that are not projects, JSON of tiny values) are
//! refused or read within the bound, and the heap taken is measured by a counting allocator:
//! the most bytes live at once while a file is opened and checked, less what was live before
//! (the file's own bytes). `bench/run` measures the same files at full size (50 MB of commas)
//! in the Wasm build.
//!
//! One global allocator counts every thread's allocations, so the tests of this binary take a
//! lock and run one at a time.

#![cfg(not(target_arch = "wasm32"))]
// The allocator must implement an unsafe trait; the library and the CLI forbid unsafe code.
#![allow(
    unsafe_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard};

use flate2::{Compress, Compression, FlushCompress};
use workrelief::date::Date;
use workrelief::import::plan::{MAX_SKIPPED, SKIPPED_UNLISTED};
use workrelief::import::{
    heap_budget, Format, ImportOptions, PlanFile, PlanReport, RowReport, MAX_COLUMNS, MAX_ROWS,
};
use workrelief::rules::DEFAULT_RULES_JSON;
use workrelief::RuleBook;

/// The system allocator, counting the bytes live and the most live at once.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(bytes: usize) {
    let now = LIVE.fetch_add(bytes, Ordering::Relaxed) + bytes;
    PEAK.fetch_max(now, Ordering::Relaxed);
}

// SAFETY: every call is passed to `System` as it came; only counters are added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            // As a move would take it: both blocks live for a moment.
            grew(new_size);
            LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

fn lock() -> MutexGuard<'static, ()> {
    ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner())
}

/// The most bytes live at once while `f` runs, above those live when it started.
fn peak_of<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let base = LIVE.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    let out = f();
    (out, PEAK.load(Ordering::Relaxed).saturating_sub(base))
}

const MB: usize = 1 << 20;

fn book() -> RuleBook {
    RuleBook::from_json(DEFAULT_RULES_JSON).unwrap()
}

fn today() -> Date {
    Date::new(2026, 1, 1).unwrap()
}

/// What the page's worker does with a file (`PlanChecker`): open it, check every row, and the
/// report without rows; with the heap it took (the file's bytes not counted: they are live
/// before).
fn check(name: &str, bytes: &[u8]) -> (Result<PlanReport, (String, String)>, usize) {
    let book = book();
    peak_of(
        || match PlanFile::open(bytes, name, &ImportOptions::default(), today()) {
            Ok(mut plan) => {
                plan.step(&book, usize::MAX, false);
                Ok(plan.report(&book, false))
            }
            Err(e) => Err((e.code().to_owned(), e.to_string())),
        },
    )
}

/// Asserts that a file took no more than its budget, less its own bytes.
fn within(name: &str, format: Format, size: usize, peak: usize) {
    let bound = heap_budget(format, size) - size;
    eprintln!(
        "{name}: {size} bytes, heap {:.1} MB of {:.1} MB",
        peak as f64 / MB as f64,
        bound as f64 / MB as f64
    );
    assert!(peak <= bound, "{name}: {peak} bytes > {bound}");
}

const HEADER: &str = "项目名称,项目类型,所在省份,中央资金（万元）,劳务报酬（万元）,核算日期";

/// A plan of `rows` rows in the shape of the benchmark's (mixed passes and fails).
fn plan_csv(rows: usize) -> String {
    let mut text = format!("{HEADER}\r\n");
    for i in 0..rows {
        let central = 100 + i % 900;
        let labour = central * (20 + i % 20) / 100;
        text.push_str(&format!(
            "会宁县村组道路硬化{i}号,中央预算内,甘肃,{central},{labour},2025-06-30\r\n"
        ));
    }
    text
}

/// Asserts that a file read by the CSV reader took its decoded text and a bounded amount
/// more (the rows read while looking for the header: at most 30 of 16,384 cells, 16 MiB): its
/// heap grows with its size at a third of the budget's rate (4 bytes a byte), so that the
/// bound at 50 MB follows from this one at 10.
fn about_its_text(name: &str, size: usize, peak: usize) {
    within(name, Format::Csv, size, peak);
    assert!(peak <= size + size / 4 + 16 * MB, "{name}: {peak} bytes");
}

#[test]
fn commas_as_one_line_and_as_lines() {
    let _one = lock();
    // 10 MB (the issue's 50 MB took 1.9 GB of Wasm heap, 38 bytes a comma; the benchmark
    // reads 50 MB in the Wasm build).
    let line = vec![b','; 10 * MB];
    let (out, peak) = check("commas.csv", &line);
    assert_eq!(out.unwrap_err().0, "import.not_a_plan");
    about_its_text("10 MB of commas, one line", line.len(), peak);
    // The benchmark's parse-only floor (`parseCsvOnly`) too.
    let (records, peak) = peak_of(|| workrelief::import::delimited::count_records(&line));
    assert_eq!(records, 1);
    about_its_text("10 MB of commas, parse only", line.len(), peak);
    drop(line);

    let mut lines = Vec::with_capacity(10 * MB);
    while lines.len() + 5001 <= 10 * MB {
        lines.extend_from_slice(&[b','; 4999]);
        lines.extend_from_slice(b"\r\n");
    }
    let (out, peak) = check("commas-lines.csv", &lines);
    assert_eq!(out.unwrap_err().0, "import.not_a_plan");
    about_its_text("10 MB of commas, 2,000 lines", lines.len(), peak);
    drop(lines);

    // Lines whose quote never closes: a warning each (from a million such lines, a hundred
    // megabytes of them); the first hundred are given.
    let mut text = plan_csv(3);
    text.push_str(&"\"x\n".repeat(2000));
    let (out, _) = check("quotes.csv", text.as_bytes());
    let report = out.unwrap();
    assert_eq!(report.summary.total, 2003);
    let unclosed: Vec<_> = report
        .warnings
        .iter()
        .filter(|w| w.code == "import.unclosed_quote")
        .collect();
    assert_eq!(unclosed.len(), 100);
    assert_eq!(unclosed[0].row, Some(5));

    // A plan whose 36th row has text past Excel's last column: read up to it, with a
    // warning naming the row; the rows after it are read as before. (Below the 30 rows the
    // header is looked for in: matching 16,384 cells with the header names a few times over
    // takes seconds in a debug build.)
    let mut text = plan_csv(40);
    let wide = format!(
        "很宽的一行,中央预算内,甘肃,100,30,2025-06-30{}",
        ",x".repeat(2 * MAX_COLUMNS)
    );
    text = text.replacen("会宁县村组道路硬化35号", &wide[..], 1);
    let (out, peak) = check("wide.csv", text.as_bytes());
    let report = out.unwrap();
    assert_eq!(report.summary.total, 40);
    let warning = report
        .warnings
        .iter()
        .find(|w| w.code == "import.too_many_columns")
        .expect("a warning");
    assert_eq!(warning.row, Some(37));
    assert!(warning.message.contains("16384"), "{}", warning.message);
    within("a row of 32,768 columns", Format::Csv, text.len(), peak);
    // The same line quoted (read by csv): the same.
    let quoted = text.replacen("很宽的一行", "\"很宽的一行\"", 1);
    let (out, _) = check("wide-quoted.csv", quoted.as_bytes());
    let report = out.unwrap();
    assert_eq!(report.summary.total, 40);
    assert!(report
        .warnings
        .iter()
        .any(|w| w.code == "import.too_many_columns" && w.row == Some(37)));
}

/// A row as it would be on row 0, to compare rows that differ only in where they are.
fn moved_to_0(mut row: RowReport) -> RowReport {
    row.row = 0;
    for p in row.errors.iter_mut().chain(row.warnings.iter_mut()) {
        p.row = None;
    }
    row
}

#[test]
fn a_million_two_byte_rows_fit_the_bound() {
    let _one = lock();
    // The most rows a file may have (the header and 999,999 more), of the fewest bytes a
    // checked row can take: a name and a line end. Each is invalid (no amount, no kind), and
    // its report would take about a kilobyte: past the budget for kept reports only its name
    // and place are kept (the table takes 32 bytes a row, reserved once from the count of
    // lines), and it is read again when shown.
    let rows = MAX_ROWS - 1;
    let mut text = String::from("项目名称,劳务报酬,项目类型\n");
    for _ in 0..rows {
        text.push_str("x\n");
    }
    let book = book();
    let ((plan, report), peak) = peak_of(|| {
        let mut plan = PlanFile::open(
            text.as_bytes(),
            "short-rows.csv",
            &ImportOptions::default(),
            today(),
        )
        .unwrap();
        plan.step(&book, usize::MAX, false);
        let report = plan.report(&book, false);
        (plan, report)
    });
    assert_eq!(report.summary.invalid, rows);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    within("999,999 rows of 2 bytes", Format::Csv, text.len(), peak);
    // Rows read again show what rows kept whole show.
    let first = plan.row(&book, 0).unwrap();
    assert_eq!(first.row, 2);
    assert_eq!(first.name.as_deref(), Some("x"));
    assert!(!first.errors.is_empty());
    for i in [rows / 2, rows - 1] {
        let row = plan.row(&book, i).unwrap();
        assert_eq!(row.row, u32::try_from(i).unwrap() + 2);
        assert_eq!(moved_to_0(row), moved_to_0(first.clone()), "row {i}");
    }
    assert_eq!(plan.names()[rows - 1], Some("x"));
}

#[test]
fn a_million_rows_not_projects_are_counted_past_a_thousand() {
    let _one = lock();
    // A number in 序号 and nothing else: each row is listed as no project, up to a thousand.
    let rows = MAX_ROWS - 1;
    let mut text = String::from("序号,项目名称,劳务报酬,项目类型\n");
    for _ in 0..rows {
        text.push_str("1\n");
    }
    let (out, peak) = check("index-rows.csv", text.as_bytes());
    let report = out.unwrap();
    assert_eq!(report.summary.total, 0);
    assert_eq!(report.skipped.len(), MAX_SKIPPED);
    assert_eq!(report.skipped.last().unwrap().row, 1001);
    let unlisted = report
        .warnings
        .iter()
        .find(|w| w.code == SKIPPED_UNLISTED)
        .expect("a warning");
    assert_eq!(unlisted.row, Some(1002));
    assert!(
        unlisted
            .message
            .contains(&format!("另有 {} 行", rows - MAX_SKIPPED)),
        "{}",
        unlisted.message
    );
    within("999,999 rows not projects", Format::Csv, text.len(), peak);
}

#[test]
fn plans_within_their_budgets() {
    let _one = lock();
    let text = plan_csv(20_000);
    let (out, peak) = check("plan.csv", text.as_bytes());
    assert_eq!(out.unwrap().summary.total, 20_000);
    within("20,000-row CSV", Format::Csv, text.len(), peak);

    let json = format!(
        "[{}]",
        (0..5000)
            .map(|i| format!(
                r#"{{"name":"项目{i}","kind":"中央预算内","province":"甘肃","funds":{{"central":"{}万"}},"labourRemuneration":"30万","date":"2025-06-30"}}"#,
                100 + i
            ))
            .collect::<Vec<_>>()
            .join(",")
    );
    let (out, peak) = check("plan.json", json.as_bytes());
    assert_eq!(out.unwrap().summary.total, 5000);
    within("5,000 JSON proposals", Format::Json, json.len(), peak);

    let (rows, empty) = (10_000, 0);
    let xlsx = workbook(&sheet_rows(rows, empty), 1);
    let (out, peak) = check("plan.xlsx", &xlsx);
    assert_eq!(out.unwrap().summary.total, rows);
    within("10,000-row XLSX", Format::Xlsx, xlsx.len(), peak);
}

#[test]
fn json_of_tiny_values_is_refused_before_it_is_read() {
    let _one = lock();
    let mut json = String::from("[");
    while json.len() < 8 * MB {
        json.push_str("1,");
    }
    json.push_str("1]");
    let (out, peak) = check("ones.json", json.as_bytes());
    let (code, message) = out.unwrap_err();
    assert_eq!(code, "import.over_budget");
    assert!(
        message.contains("JSON") && message.contains("上限"),
        "{message}"
    );
    within("8 MB of [1,1,1…]", Format::Json, json.len(), peak);
    assert!(peak < 2 * json.len(), "{peak}");
}

// ---------------------------------------------------------------------------------------
// Workbooks and zips made here.

/// A deflate stream, not final, flushed to a byte boundary: streams like it can be joined
/// (each refers only to its own bytes) and ended with [`END`].
fn deflate_piece(data: &[u8]) -> Vec<u8> {
    let mut c = Compress::new(Compression::new(6), false);
    let mut out = Vec::with_capacity(data.len() / 2 + 1024);
    c.compress_vec(data, &mut out, FlushCompress::Sync).unwrap();
    out
}

/// A final empty fixed-Huffman block.
const END: [u8; 2] = [0x03, 0x00];

/// One entry of a zip made by [`zip`]: its name, its deflate data, the CRC-32 and size of
/// what it unpacks to, and the sizes its headers declare (central directory, local header).
struct Entry {
    name: String,
    deflated: Vec<u8>,
    crc: u32,
    declared: (u64, u64),
}

/// The CRC-32 of `data` repeated `times` times, without reading it again each time.
fn crc_repeated(data: &[u8], times: usize) -> flate2::Crc {
    let mut one = flate2::Crc::new();
    one.update(data);
    let mut all = flate2::Crc::new();
    for _ in 0..times {
        all.combine(&one);
    }
    all
}

fn entry(name: &str, body: &[u8]) -> Entry {
    let mut deflated = deflate_piece(body);
    deflated.extend_from_slice(&END);
    let mut crc = flate2::Crc::new();
    crc.update(body);
    Entry {
        name: name.to_owned(),
        deflated,
        crc: crc.sum(),
        declared: (body.len() as u64, body.len() as u64),
    }
}

fn zip(entries: &[Entry]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    let le16 = |v: &mut Vec<u8>, x: u16| v.extend_from_slice(&x.to_le_bytes());
    let le32 = |v: &mut Vec<u8>, x: u32| v.extend_from_slice(&x.to_le_bytes());
    for e in entries {
        let offset = out.len() as u32;
        le32(&mut out, 0x0403_4B50);
        for x in [20u16, 0, 8, 0, 0x21] {
            le16(&mut out, x);
        }
        le32(&mut out, e.crc);
        le32(&mut out, e.deflated.len() as u32);
        le32(&mut out, e.declared.1 as u32);
        le16(&mut out, e.name.len() as u16);
        le16(&mut out, 0);
        out.extend_from_slice(e.name.as_bytes());
        out.extend_from_slice(&e.deflated);
        le32(&mut central, 0x0201_4B50);
        for x in [20u16, 20, 0, 8, 0, 0x21] {
            le16(&mut central, x);
        }
        le32(&mut central, e.crc);
        le32(&mut central, e.deflated.len() as u32);
        le32(&mut central, e.declared.0 as u32);
        le16(&mut central, e.name.len() as u16);
        for x in [0u16, 0, 0, 0] {
            le16(&mut central, x);
        }
        le32(&mut central, 0);
        le32(&mut central, offset);
        central.extend_from_slice(e.name.as_bytes());
    }
    let at = out.len() as u32;
    out.extend_from_slice(&central);
    le32(&mut out, 0x0605_4B50);
    for x in [0u16, 0, entries.len() as u16, entries.len() as u16] {
        le16(&mut out, x);
    }
    le32(&mut out, central.len() as u32);
    le32(&mut out, at);
    le16(&mut out, 0);
    out
}

const MAIN: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// The parts of a one-sheet workbook but its sheet.
fn frame() -> Vec<Entry> {
    let rels = format!(
        r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
    );
    let book = format!(
        r#"<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets><sheet name="计划" sheetId="1" r:id="rId1"/></sheets></workbook>"#
    );
    let book_rels = format!(
        r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#
    );
    vec![
        entry("_rels/.rels", rels.as_bytes()),
        entry("xl/workbook.xml", book.as_bytes()),
        entry("xl/_rels/workbook.xml.rels", book_rels.as_bytes()),
    ]
}

/// The header row and `rows` plan rows as sheet XML (inline strings), each row followed by
/// `empty` empty cells.
fn sheet_rows(rows: usize, empty: usize) -> Vec<u8> {
    padded_rows(rows, empty, 0)
}

/// [`sheet_rows`], with `spaces` spaces (white space between elements) after each row.
fn padded_rows(rows: usize, empty: usize, spaces: usize) -> Vec<u8> {
    let text = |t: &str| format!(r#"<c t="inlineStr"><is><t>{t}</t></is></c>"#);
    let mut xml = String::from("<row>");
    for h in HEADER.split(',') {
        xml.push_str(&text(h));
    }
    xml.push_str("</row>");
    let blanks = "<c/>".repeat(empty) + &" ".repeat(spaces);
    for i in 0..rows {
        let central = 100 + (i * 7919) % 900;
        let labour = central * (20 + i % 20) / 100;
        xml.push_str(&format!(
            "<row>{}{}{}<c><v>{central}</v></c><c><v>{labour}</v></c>{}{blanks}</row>",
            text(&format!("项目{i}")),
            text("中央预算内"),
            text("甘肃"),
            text("2025-06-30"),
        ));
    }
    xml.into_bytes()
}

/// A one-sheet workbook whose sheet is `pieces` copies of `rows` (sheet XML of rows, without
/// the header for the copies after the first).
fn workbook(rows: &[u8], pieces: usize) -> Vec<u8> {
    let open = format!(r#"<worksheet xmlns="{MAIN}"><sheetData>"#);
    let close = b"</sheetData></worksheet>";
    let first = [open.as_bytes(), rows].concat();
    let later = rows
        .get(rows.windows(6).position(|w| w == b"</row>").unwrap() + 6..)
        .unwrap();
    let mut deflated = deflate_piece(&first);
    let again = deflate_piece(later);
    let tail = deflate_piece(close);
    let mut crc = flate2::Crc::new();
    crc.update(&first);
    for _ in 1..pieces {
        deflated.extend_from_slice(&again);
    }
    crc.combine(&crc_repeated(later, pieces - 1));
    deflated.extend_from_slice(&tail);
    deflated.extend_from_slice(&END);
    crc.update(close);
    let size = (first.len() + later.len() * (pieces - 1) + close.len()) as u64;
    let mut parts = frame();
    parts.push(Entry {
        name: "xl/worksheets/sheet1.xml".to_owned(),
        deflated,
        crc: crc.sum(),
        declared: (size, size),
    });
    zip(&parts)
}

/// The size of what a workbook's sheet unpacks to over its compressed size.
fn ratio(xlsx: &[u8]) -> f64 {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).unwrap();
    let sheet = archive.by_name("xl/worksheets/sheet1.xml").unwrap();
    sheet.size() as f64 / sheet.compressed_size() as f64
}

#[test]
fn zip_bombs_are_refused_before_the_heap_grows() {
    let _one = lock();
    // 256 MiB of zeros in 256 KiB of deflate: declaring its true size, or 1 KiB.
    let piece = deflate_piece(&vec![0u8; 4 * MB]);
    let mut deflated = Vec::new();
    for _ in 0..64 {
        deflated.extend_from_slice(&piece);
    }
    deflated.extend_from_slice(&END);
    let crc = crc_repeated(&[0u8; 1 << 16], 4096);
    for (declared, what) in [
        ((256 << 20, 256 << 20), "its true size"),
        ((1024, 1024), "1 KiB"),
        (
            (1024, 256 << 20),
            "1 KiB in the directory, its size in the local header",
        ),
    ] {
        let mut parts = frame();
        parts.push(Entry {
            name: "xl/worksheets/sheet1.xml".to_owned(),
            deflated: deflated.clone(),
            crc: crc.sum(),
            declared,
        });
        let bomb = zip(&parts);
        assert!(bomb.len() < 2 * MB);
        let (out, peak) = check("bomb.xlsx", &bomb);
        let (code, message) = out.unwrap_err();
        assert!(
            ["import.zip_bomb", "import.bad_xlsx"].contains(&code.as_str()),
            "{what}: {code} {message}"
        );
        assert!(
            !message.is_ascii() && !message.contains("Invalid"),
            "{message}"
        );
        eprintln!(
            "bomb declaring {what}: {code}, heap {:.2} MB",
            peak as f64 / MB as f64
        );
        assert!(peak < 4 * MB, "{what}: the heap grew by {peak} bytes");
    }
}

#[test]
fn a_workbook_at_ratio_181_is_refused_with_its_limit() {
    let _one = lock();
    // Plan rows padded with white space to a compression ratio of about 181.
    let rows = padded_rows(2000, 0, 2700);
    let big = workbook(&rows, 30);
    let r = ratio(&big);
    assert!((150.0..200.0).contains(&r), "ratio {r}");
    let (out, peak) = check("ratio181.xlsx", &big);
    let (code, message) = out.unwrap_err();
    assert_eq!(code, "import.over_budget", "{message}");
    assert!(
        message.contains("xl/worksheets/sheet1.xml")
            && message.contains("文件大小的 24 倍加 64 兆字节"),
        "{message}"
    );
    eprintln!("ratio {r:.0}, {} bytes: {message}", big.len());
    assert!(peak < 4 * MB, "the heap grew by {peak} bytes");

    // The same rows at the same ratio, fewer of them: read, every row.
    let small = workbook(&rows, 3);
    let (out, peak) = check("ratio181-small.xlsx", &small);
    assert_eq!(out.unwrap().summary.total, 6000);
    within(
        "ratio-181 workbook of 6,000 rows",
        Format::Xlsx,
        small.len(),
        peak,
    );
}

#[test]
fn millions_of_empty_cells_take_no_memory() {
    let _one = lock();
    // 3,500,000 empty cells (14 MB of XML: past 16 MiB, a ratio of 200 is a bomb).
    let xlsx = workbook(&sheet_rows(100, 7000), 5);
    let (out, peak) = check("empty-cells.xlsx", &xlsx);
    assert_eq!(out.unwrap().summary.total, 100 * 5);
    within("3,500,000 empty cells", Format::Xlsx, xlsx.len(), peak);
}

#[test]
fn the_cli_reads_no_more_than_its_limit() {
    let _one = lock();
    let dir = std::env::temp_dir().join(format!("workrelief-memory-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // A sparse file of 3 GiB: refused by its size, before it is read.
    let huge = dir.join("huge.csv");
    std::fs::File::create(&huge)
        .unwrap()
        .set_len(3 << 30)
        .unwrap();
    let plan = dir.join("plan.csv");
    std::fs::File::create(&plan)
        .unwrap()
        .write_all(plan_csv(3).as_bytes())
        .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_workrelief"))
        .args(["check", "--format", "json"])
        .arg(&huge)
        .arg(&dir)
        .arg(dir.join("missing.csv"))
        .arg(&plan)
        .output()
        .unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    let reports: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let error = |i: usize| {
        let e = &reports[i]["errors"][0];
        (
            e["code"].as_str().unwrap_or("").to_owned(),
            e["message"].as_str().unwrap_or("").to_owned(),
        )
    };
    assert_eq!(error(0).0, "import.too_large");
    assert!(error(0).1.contains("3221225472"), "{}", error(0).1);
    assert_eq!(
        error(1),
        (
            "import.unreadable".to_owned(),
            "无法读取文件：是一个文件夹，不是文件".to_owned()
        )
    );
    assert_eq!(
        error(2),
        (
            "import.unreadable".to_owned(),
            "无法读取文件：找不到这个文件".to_owned()
        )
    );
    assert_eq!(reports[3]["summary"]["total"], 3);
    assert_eq!(out.status.code(), Some(2));
}
