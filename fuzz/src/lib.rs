//! Support for the fuzz targets: the invariants every import keeps, the rule book, and a
//! zip-aware mutator so that the XLSX target reaches the XML inside workbooks (an entry whose
//! bytes are mutated in place fails its CRC and never gets past the archive check).

pub mod invariants;

use std::io::{Cursor, Read, Write};
use std::sync::OnceLock;

use workrelief::RuleBook;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

/// The compiled-in rule book, parsed once.
pub fn book() -> &'static RuleBook {
    static BOOK: OnceLock<RuleBook> = OnceLock::new();
    BOOK.get_or_init(|| RuleBook::builtin().expect("the compiled-in rule book is valid"))
}

/// Runs one input through [`invariants::check_file`].
pub fn run(data: &[u8], file_name: &str) {
    invariants::check_file(book(), data, file_name);
}

/// The most an entry may decompress to when the mutator unpacks it.
const MAX_ENTRY: u64 = 1 << 20;

/// Mutates a zip archive structurally: unpacks it, lets libFuzzer mutate one entry's contents
/// (or its name, or drops/duplicates an entry) and packs it again with correct CRCs. Inputs
/// that are not archives, and one mutation in four, get libFuzzer's plain byte mutations.
pub fn mutate_zip(data: &mut [u8], size: usize, max_size: usize, seed: u32) -> usize {
    let plain = |data: &mut [u8]| libfuzzer_sys::fuzzer_mutate(data, size, max_size);
    if seed.is_multiple_of(4) {
        return plain(data);
    }
    let Some(mut entries) = data.get(..size).and_then(unpack) else {
        return plain(data);
    };
    if entries.is_empty() {
        return plain(data);
    }
    let pick = (seed as usize / 4) % entries.len();
    match (seed / 64) % 16 {
        0 => {
            entries.remove(pick);
        }
        1 => {
            // A copy of the entry under another part's name (a second sheet, styles ...).
            const PARTS: [&str; 6] = [
                "xl/worksheets/sheet2.xml",
                "xl/sharedStrings.xml",
                "xl/styles.xml",
                "xl/workbook.xml",
                "xl/_rels/workbook.xml.rels",
                "[Content_Types].xml",
            ];
            let mut copy = entries[pick].clone();
            copy.name = PARTS[(seed as usize / 1024) % PARTS.len()].to_owned();
            entries.retain(|e| e.name != copy.name);
            entries.push(copy);
        }
        2 => {
            let name = entries[pick].name.clone().into_bytes();
            entries[pick].name = String::from_utf8_lossy(&mutate_bytes(name, 64)).into_owned();
        }
        _ => {
            let contents = std::mem::take(&mut entries[pick].contents);
            entries[pick].contents = mutate_bytes(contents, max_size);
        }
    }
    match pack(&entries) {
        Some(out) if out.len() <= max_size && out.len() <= data.len() => {
            data[..out.len()].copy_from_slice(&out);
            out.len()
        }
        _ => plain(data),
    }
}

#[derive(Clone)]
struct Entry {
    name: String,
    contents: Vec<u8>,
    method: CompressionMethod,
}

fn unpack(bytes: &[u8]) -> Option<Vec<Entry>> {
    let mut archive = ZipArchive::new(Cursor::new(bytes)).ok()?;
    let mut entries = Vec::with_capacity(archive.len());
    for i in 0..archive.len() {
        let entry = archive.by_index(i).ok()?;
        let name = entry.name().ok()?.to_string();
        let method = entry.compression();
        let mut contents = Vec::new();
        entry.take(MAX_ENTRY + 1).read_to_end(&mut contents).ok()?;
        if contents.len() as u64 > MAX_ENTRY {
            return None;
        }
        entries.push(Entry {
            name,
            contents,
            method,
        });
    }
    Some(entries)
}

fn pack(entries: &[Entry]) -> Option<Vec<u8>> {
    let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
    for e in entries {
        let method = match e.method {
            CompressionMethod::Stored => CompressionMethod::Stored,
            _ => CompressionMethod::Deflated,
        };
        let options = SimpleFileOptions::default().compression_method(method);
        // A duplicate name is refused by the writer: the archive is then left as it was.
        writer.start_file(e.name.as_str(), options).ok()?;
        writer.write_all(&e.contents).ok()?;
    }
    Some(writer.finish().ok()?.into_inner())
}

fn mutate_bytes(mut bytes: Vec<u8>, max: usize) -> Vec<u8> {
    let len = bytes.len();
    let cap = max.max(len + 1).min(len * 2 + 64);
    bytes.resize(cap, 0);
    let n = libfuzzer_sys::fuzzer_mutate(&mut bytes, len, cap);
    bytes.truncate(n);
    bytes
}
