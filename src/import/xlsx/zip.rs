//! The ZIP archive an XLSX workbook is packed in, read from the file in memory: the end record
//! (Zip64's too), the central directory, and each entry's data, stored or deflated
//! (miniz_oxide), unpacked a piece at a time and checked against the entry's CRC-32 and its
//! declared size.
//!
//! Only what reading a workbook takes, which keeps the browser's module small (the `zip` crate
//! this replaces weighed about 44 KB of Wasm code): no extra fields but Zip64's, no
//! timestamps, no path checks (entries are looked up by name, never written to disk), no
//! encryption, no archives split across disks. Otherwise it reads an archive as that crate does
//! (the tests below compare the two entry for entry on every fixture, the fuzz corpus and an
//! archive damaged at each byte; tests/xlsx_reader.rs compares cells with calamine, which
//! reads with it): data before the archive is skipped, an end record in a comment or before
//! trailing bytes is found, entry names are UTF-8 when they are valid UTF-8 and CP437
//! otherwise. The one difference: extra fields it does not read cannot make it refuse an entry.

use miniz_oxide::inflate::core::{decompress, DecompressorOxide};
use miniz_oxide::inflate::TINFLStatus;

/// Why an archive, or one of its entries, cannot be opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Fault {
    /// No directory that holds together: not a zip, or a damaged one.
    Broken,
    /// The file ends inside a record the directory points to.
    Truncated,
    /// An entry compressed some other way than stored or deflate.
    Method,
    /// An encrypted entry.
    Encrypted,
}

impl Fault {
    /// The fault in words for the user.
    pub(super) fn words(self) -> &'static str {
        match self {
            Fault::Broken => "压缩包的结构已损坏",
            Fault::Truncated => "压缩包不完整",
            Fault::Method => "使用了不支持的压缩方式",
            Fault::Encrypted => "压缩包设置了密码",
        }
    }
}

/// An entry's data that does not unpack: a deflate stream that is invalid or cut short, more
/// data than the entry declares, or a checksum that does not match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Damaged;

/// An entry of the central directory.
pub(super) struct Entry {
    /// Its name as written.
    pub(super) name: String,
    /// The size of its data in the archive.
    pub(super) compressed: u64,
    /// What it declares its data unpacks to.
    pub(super) size: u64,
    crc: u32,
    flags: u16,
    method: u16,
    /// Where its local header is in the file.
    header: u64,
}

/// An archive's directory, over the file's bytes.
pub(super) struct Archive<'a> {
    bytes: &'a [u8],
    /// The entries, in the directory's order.
    pub(super) entries: Vec<Entry>,
    crc: Crc32,
}

/// The fixed part of the end of central directory record.
const END_LEN: usize = 22;
/// The fixed part of a central directory header.
const CENTRAL_LEN: usize = 46;
/// The fixed part of a local header.
const LOCAL_LEN: usize = 30;
/// The Zip64 end of central directory locator, which comes just before the end record.
const LOCATOR_LEN: usize = 20;
/// The fixed part of the Zip64 end of central directory record.
const END64_LEN: usize = 56;

const END_SIG: &[u8] = b"PK\x05\x06";
const CENTRAL_SIG: &[u8] = b"PK\x01\x02";
const LOCAL_SIG: &[u8] = b"PK\x03\x04";
const LOCATOR_SIG: &[u8] = b"PK\x06\x07";
const END64_SIG: &[u8] = b"PK\x06\x06";

/// A 32-bit field whose value is in the entry's Zip64 extra field.
const SAT32: u64 = 0xFFFF_FFFF;

/// The little-endian number of `n` bytes at `at` in `record` (0 past its end: records are
/// taken whole before their fields are read).
fn le(record: &[u8], at: usize, n: usize) -> u64 {
    record
        .get(at..at.saturating_add(n))
        .map_or(0, |b| b.iter().rev().fold(0, |v, &x| v << 8 | u64::from(x)))
}

/// The `len` bytes at `at` in the file, if it has them.
fn record(bytes: &[u8], at: u64, len: u64) -> Option<&[u8]> {
    let at = usize::try_from(at).ok()?;
    let len = usize::try_from(len).ok()?;
    bytes.get(at..at.checked_add(len)?)
}

/// The characters CP437 gives bytes 0x80 to 0xFF (below, ASCII).
const CP437_HIGH: &str = "ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐\
                          └┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u{A0}";

/// An entry's name: UTF-8 when it is valid UTF-8 (whatever its flag says, as other readers
/// do), else CP437, the zip format's first encoding.
fn name_of(raw: &[u8]) -> String {
    match std::str::from_utf8(raw) {
        Ok(name) => name.to_owned(),
        Err(_) => raw
            .iter()
            .map(|&b| match b.checked_sub(0x80) {
                Some(high) => CP437_HIGH.chars().nth(usize::from(high)).unwrap_or('?'),
                None => char::from(b),
            })
            .collect(),
    }
}

impl<'a> Archive<'a> {
    /// Reads the directory of the archive in `bytes`. The end record is looked for from the
    /// end back over the longest comment it may have; a candidate whose directory does not hold
    /// together (a signature in a comment, say) is passed over for an earlier one.
    ///
    /// # Errors
    /// The fault of the last candidate, [`Fault::Broken`] when there is none.
    pub(super) fn open(bytes: &'a [u8]) -> Result<Archive<'a>, Fault> {
        let mut fault = Fault::Broken;
        let Some(last) = bytes.len().checked_sub(END_LEN) else {
            return Err(fault);
        };
        let first = last.saturating_sub(0xFFFF);
        for at in (first..=last).rev() {
            if bytes.get(at) != Some(&b'P') || bytes.get(at..at + 4) != Some(END_SIG) {
                continue;
            }
            match directory(bytes, at) {
                Ok(entries) => {
                    return Ok(Archive {
                        bytes,
                        entries,
                        crc: Crc32::new(),
                    })
                }
                Err(f) => fault = f,
            }
        }
        Err(fault)
    }

    /// The sizes entry `i`'s local header gives (compressed, unpacked), when it gives them
    /// (not after the data, not in a Zip64 field).
    pub(super) fn local_sizes(&self, i: usize) -> Option<(u64, u64)> {
        let header = record(self.bytes, self.entries.get(i)?.header, LOCAL_LEN as u64)?;
        let (compressed, size) = (le(header, 18, 4), le(header, 22, 4));
        let unknown = le(header, 6, 2) & 8 != 0 || compressed == SAT32 || size == SAT32;
        (header.get(..4) == Some(LOCAL_SIG) && !unknown).then_some((compressed, size))
    }

    /// Opens entry `i`'s data: its local header must be there, the entry not encrypted, its
    /// data stored or deflated.
    ///
    /// # Errors
    /// The fault.
    pub(super) fn unpack(&self, i: usize) -> Result<Unpack<'_>, Fault> {
        let entry = self.entries.get(i).ok_or(Fault::Broken)?;
        let header = record(self.bytes, entry.header, LOCAL_LEN as u64).ok_or(Fault::Truncated)?;
        if header.get(..4) != Some(LOCAL_SIG) {
            return Err(Fault::Broken);
        }
        if entry.flags & 1 != 0 {
            return Err(Fault::Encrypted);
        }
        let inflater = match entry.method {
            0 => None,
            8 => Some(Box::new(Inflater {
                state: DecompressorOxide::new(),
                window: vec![0; WINDOW].into_boxed_slice(),
                at: 0,
            })),
            _ => return Err(Fault::Method),
        };
        let start = (LOCAL_LEN as u64 + le(header, 26, 2) + le(header, 28, 2))
            .checked_add(entry.header)
            .ok_or(Fault::Broken)?;
        let data = usize::try_from(start)
            .ok()
            .and_then(|s| self.bytes.get(s..))
            .unwrap_or_default();
        let len = usize::try_from(entry.compressed).unwrap_or(usize::MAX);
        Ok(Unpack {
            input: data.get(..len).unwrap_or(data),
            inflater,
            crc: &self.crc,
            sum: 0,
            expected: entry.crc,
            declared: entry.size,
            made: 0,
            done: false,
        })
    }
}

/// The entries of the directory whose end record is at `end`.
fn directory(bytes: &[u8], end: usize) -> Result<Vec<Entry>, Fault> {
    let record32 = bytes.get(end..end + END_LEN).ok_or(Fault::Broken)?;
    let field = |at| le(record32, at, 2);
    let (disk, dir_disk, here, count) = (field(4), field(6), field(8), field(10));
    let (mut size, mut offset) = (le(record32, 12, 4), le(record32, 16, 4));
    // The comment may not run past the file (it may stop short of its end).
    if end + END_LEN + field(20) as usize > bytes.len() {
        return Err(Fault::Broken);
    }
    let mut count = count;
    let mut dir_end = end as u64;
    let saturated =
        [disk, dir_disk, here, count].contains(&0xFFFF) || [size, offset].contains(&SAT32);
    let locator = end
        .checked_sub(LOCATOR_LEN)
        .and_then(|at| bytes.get(at..end))
        .filter(|l| l.get(..4) == Some(LOCATOR_SIG));
    match locator {
        Some(locator) if saturated => {
            // Zip64: the record the locator points to, ending where the locator starts.
            let at = le(locator, 8, 8);
            let record64 = record(bytes, at, END64_LEN as u64).ok_or(Fault::Broken)?;
            let ends = at.checked_add(12 + le(record64, 4, 8));
            if record64.get(..4) != Some(END64_SIG)
                || ends != Some((end - LOCATOR_LEN) as u64)
                || le(locator, 16, 4) > 1
                || le(record64, 16, 4) != 0
                || le(record64, 24, 8) != le(record64, 32, 8)
            {
                return Err(Fault::Broken);
            }
            (count, size, offset) = (
                le(record64, 32, 8),
                le(record64, 40, 8),
                le(record64, 48, 8),
            );
            dir_end = at;
        }
        _ if disk != 0 || dir_disk != 0 || here != count => return Err(Fault::Broken),
        _ => {}
    }
    if count == 0 {
        return if offset > dir_end {
            Err(Fault::Broken)
        } else {
            Ok(Vec::new())
        };
    }
    if offset >= dir_end {
        return Err(Fault::Broken);
    }
    // Where the directory is: just before the end record, as its size says, or where its
    // offset says; the difference is data before the archive, which every offset skips.
    let is_header = |at: u64| record(bytes, at, 4) == Some(CENTRAL_SIG);
    let start = match dir_end
        .checked_sub(size)
        .filter(|&s| s >= offset && is_header(s))
    {
        Some(start) => start,
        None => (offset..dir_end)
            .find(|&at| is_header(at))
            .ok_or(Fault::Broken)?,
    };
    let shift = start - offset;
    let room = (bytes.len() as u64).saturating_sub(start) / CENTRAL_LEN as u64;
    let mut entries = Vec::with_capacity(usize::try_from(count.min(room)).unwrap_or(0));
    let mut at = start;
    for _ in 0..count {
        let header = record(bytes, at, CENTRAL_LEN as u64).ok_or(Fault::Broken)?;
        if header.get(..4) != Some(CENTRAL_SIG) {
            return Err(Fault::Broken);
        }
        let (name_len, extra_len, comment_len) =
            (le(header, 28, 2), le(header, 30, 2), le(header, 32, 2));
        let name_at = at + CENTRAL_LEN as u64;
        let name = record(bytes, name_at, name_len).ok_or(Fault::Truncated)?;
        let extra = record(bytes, name_at + name_len, extra_len).ok_or(Fault::Truncated)?;
        let next = name_at + name_len + extra_len + comment_len;
        record(bytes, next, 0).ok_or(Fault::Truncated)?;
        let mut values = [le(header, 24, 4), le(header, 20, 4), le(header, 42, 4)];
        if values.contains(&SAT32) {
            zip64_values(extra, &mut values)?;
        }
        let [size, compressed, header_at] = values;
        entries.push(Entry {
            name: name_of(name),
            compressed,
            size,
            crc: le(header, 16, 4) as u32,
            flags: le(header, 8, 2) as u16,
            method: le(header, 10, 2) as u16,
            header: header_at.checked_add(shift).ok_or(Fault::Broken)?,
        });
        at = next;
    }
    Ok(entries)
}

/// Replaces the saturated ones of an entry's `values` (unpacked size, compressed size, local
/// header offset) with those of its Zip64 extra field, which holds them in that order.
fn zip64_values(extra: &[u8], values: &mut [u64; 3]) -> Result<(), Fault> {
    let mut at = 0;
    while let Some(head) = extra.get(at..at + 4) {
        let len = le(head, 2, 2) as usize;
        let body = extra.get(at + 4..).unwrap_or_default();
        if le(head, 0, 2) == 1 {
            let body = body.get(..len).ok_or(Fault::Broken)?;
            let mut read = 0;
            for value in values.iter_mut().filter(|v| **v == SAT32) {
                if read + 8 > body.len() {
                    return Err(Fault::Broken);
                }
                *value = le(body, read, 8);
                read += 8;
            }
            return Ok(());
        }
        at += 4 + len;
    }
    Ok(())
}

/// The inflater's output window: a power of two, at least deflate's 32 KiB of history.
const WINDOW: usize = 64 * 1024;

/// A deflate stream being unpacked into a window that wraps around.
struct Inflater {
    state: DecompressorOxide,
    window: Box<[u8]>,
    /// Where the next output goes in the window.
    at: usize,
}

/// An entry's data being unpacked, a piece at a time.
pub(super) struct Unpack<'a> {
    /// The compressed data not consumed yet (less than the entry's compressed size when the
    /// file ends first: stored data is then found short by its checksum).
    input: &'a [u8],
    /// `None` for stored data.
    inflater: Option<Box<Inflater>>,
    crc: &'a Crc32,
    /// The CRC-32 of what has been unpacked.
    sum: u32,
    expected: u32,
    declared: u64,
    /// What has been unpacked.
    made: u64,
    done: bool,
}

impl Unpack<'_> {
    /// The next piece of the entry's data, or `None` at its end. No more than the entry's
    /// declared size is ever given; the checksum is checked before its last piece.
    ///
    /// # Errors
    /// [`Damaged`].
    pub(super) fn next(&mut self) -> Result<Option<&[u8]>, Damaged> {
        if self.done {
            return Ok(None);
        }
        let (piece, end) = match &mut self.inflater {
            None => {
                let (piece, rest) = self.input.split_at(self.input.len().min(WINDOW));
                self.input = rest;
                (piece, rest.is_empty())
            }
            Some(inflater) => {
                let Inflater { state, window, at } = &mut **inflater;
                let (status, used, made) = decompress(state, self.input, window, *at, 0);
                self.input = self.input.get(used..).unwrap_or_default();
                let piece = window.get(*at..*at + made).unwrap_or_default();
                *at = (*at + made) & (WINDOW - 1);
                match status {
                    TINFLStatus::HasMoreOutput => (piece, false),
                    TINFLStatus::Done => (piece, true),
                    // Invalid, or cut short: the entry's data (or the file) ends first.
                    _ => return Err(Damaged),
                }
            }
        };
        self.made += piece.len() as u64;
        if self.made > self.declared {
            return Err(Damaged);
        }
        self.sum = self.crc.update(self.sum, piece);
        if end {
            self.done = true;
            if self.sum != self.expected {
                return Err(Damaged);
            }
        }
        Ok((!piece.is_empty() || !end).then_some(piece))
    }
}

/// CRC-32 (the zip format's, polynomial 0xEDB88320), sixteen bytes a step: the tables are
/// made when an archive is opened (16 KiB), rather than carried in the module. (In Wasm, 44 MB
/// of XML take about 16 ms, as long as crc32fast's same method compiled for speed; eight bytes
/// a step took 22 ms.)
struct Crc32 {
    tables: Box<[[u32; 256]; 16]>,
}

impl Crc32 {
    fn new() -> Crc32 {
        let mut tables = Box::new([[0u32; 256]; 16]);
        let [first, rest @ ..] = &mut *tables;
        for (byte, slot) in (0u32..).zip(first.iter_mut()) {
            *slot = (0..8).fold(byte, |c, _| {
                (c >> 1) ^ (0xEDB8_8320 & (c & 1).wrapping_neg())
            });
        }
        let first = *first;
        let mut previous = first;
        for table in rest {
            for (slot, &p) in table.iter_mut().zip(&previous) {
                *slot = (p >> 8) ^ step(&first, p);
            }
            previous = *table;
        }
        Crc32 { tables }
    }

    /// `sum` (the CRC-32 of what came before) updated with `data`.
    fn update(&self, sum: u32, mut data: &[u8]) -> u32 {
        let [t0, t1, t2, t3, t4, t5, t6, t7, t8, t9, t10, t11, t12, t13, t14, t15] = &*self.tables;
        let mut c = !sum;
        while let Some((block, rest)) = data.split_first_chunk::<16>() {
            let &[b0, b1, b2, b3, b4, b5, b6, b7, b8, b9, b10, b11, b12, b13, b14, b15] = block;
            let [l0, l1, l2, l3] = (c ^ u32::from_le_bytes([b0, b1, b2, b3])).to_le_bytes();
            c = at(t15, l0)
                ^ at(t14, l1)
                ^ at(t13, l2)
                ^ at(t12, l3)
                ^ at(t11, b4)
                ^ at(t10, b5)
                ^ at(t9, b6)
                ^ at(t8, b7)
                ^ at(t7, b8)
                ^ at(t6, b9)
                ^ at(t5, b10)
                ^ at(t4, b11)
                ^ at(t3, b12)
                ^ at(t2, b13)
                ^ at(t1, b14)
                ^ at(t0, b15);
            data = rest;
        }
        for &b in data {
            c = (c >> 8) ^ step(t0, c ^ u32::from(b));
        }
        !c
    }
}

/// The entry of a 256-entry table for the low byte of `c`.
#[inline(always)]
fn step(table: &[u32; 256], c: u32) -> u32 {
    at(table, c as u8)
}

/// A byte's entry in a 256-entry table (always there: no bounds check is made).
#[inline(always)]
fn at(table: &[u32; 256], byte: u8) -> u32 {
    table.get(usize::from(byte)).copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32_of_known_texts() {
        let crc = Crc32::new();
        assert_eq!(crc.update(0, b""), 0);
        assert_eq!(crc.update(0, b"123456789"), 0xCBF4_3926);
        let text = b"The quick brown fox jumps over the lazy dog";
        assert_eq!(crc.update(0, text), 0x414F_A339);
        // In pieces of every length, as it is unpacked.
        for cut in 0..text.len() {
            let (a, b) = text.split_at(cut);
            assert_eq!(crc.update(crc.update(0, a), b), 0x414F_A339, "{cut}");
        }
    }

    #[test]
    fn cp437_names() {
        assert_eq!(CP437_HIGH.chars().count(), 128);
        assert_eq!(name_of(b"xl/\x80\xE1\xFF.xml"), "xl/Çß\u{A0}.xml");
        assert_eq!(name_of("工作表.xml".as_bytes()), "工作表.xml");
    }
}

/// Archives made here field by field (deflated with flate2, a test dependency), and the `zip`
/// crate, which this reader replaced, as the reference.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod archives {
    use super::*;
    use std::io::{Read, Write};

    /// How an entry of a test archive is written.
    #[derive(Clone)]
    struct Spec {
        name: Vec<u8>,
        body: Vec<u8>,
        method: u16,
        flags: u16,
        /// The CRC-32 and sizes after the data (flag bit 3), zeros in the local header.
        descriptor: bool,
        /// Sizes and offset in Zip64 extra fields, 0xFFFFFFFF in the headers.
        zip64: bool,
        /// Other extra fields, in both headers.
        extra: Vec<u8>,
        /// What the headers say instead of the truth.
        crc: Option<u32>,
        size: Option<u64>,
        local_size: Option<u64>,
    }

    fn spec(name: &str, body: &[u8], method: u16) -> Spec {
        Spec {
            name: name.as_bytes().to_vec(),
            body: body.to_vec(),
            method,
            flags: 0,
            descriptor: false,
            zip64: false,
            extra: Vec::new(),
            crc: None,
            size: None,
            local_size: None,
        }
    }

    fn deflate(data: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::new(6));
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    fn crc32(data: &[u8]) -> u32 {
        let mut crc = flate2::Crc::new();
        crc.update(data);
        crc.sum()
    }

    fn put(out: &mut Vec<u8>, value: u64, n: usize) {
        out.extend_from_slice(&value.to_le_bytes()[..n]);
    }

    /// An archive of these entries after `prefix` (offsets counted from the archive's start,
    /// as a self-extracting stub has it), with Zip64 end records or not, and `comment`.
    fn build(specs: &[Spec], prefix: &[u8], zip64_end: bool, comment: &[u8]) -> Vec<u8> {
        let mut out = prefix.to_vec();
        let mut dir = Vec::new();
        for s in specs {
            let data = if s.method == 8 {
                deflate(&s.body)
            } else {
                s.body.clone()
            };
            let crc = s.crc.unwrap_or_else(|| crc32(&s.body));
            let size = s.size.unwrap_or(s.body.len() as u64);
            let compressed = data.len() as u64;
            let offset = (out.len() - prefix.len()) as u64;
            let small = |v: u64| if s.zip64 { SAT32 } else { v };
            let flags = s.flags | if s.descriptor { 8 } else { 0 };
            let mut extra = s.extra.clone();
            if s.zip64 {
                put(&mut extra, 1, 2);
                put(&mut extra, 16, 2);
                put(&mut extra, s.local_size.unwrap_or(size), 8);
                put(&mut extra, compressed, 8);
            }
            put(&mut out, 0x0403_4B50, 4);
            for v in [45, u64::from(flags), u64::from(s.method), 0, 0] {
                put(&mut out, v, 2);
            }
            if s.descriptor {
                put(&mut out, 0, 4);
                put(&mut out, 0, 8);
            } else {
                put(&mut out, u64::from(crc), 4);
                put(&mut out, small(compressed), 4);
                put(&mut out, small(s.local_size.unwrap_or(size)), 4);
            }
            put(&mut out, s.name.len() as u64, 2);
            put(&mut out, extra.len() as u64, 2);
            out.extend_from_slice(&s.name);
            out.extend_from_slice(&extra);
            out.extend_from_slice(&data);
            if s.descriptor {
                put(&mut out, 0x0807_4B50, 4);
                put(&mut out, u64::from(crc), 4);
                put(&mut out, compressed, 4);
                put(&mut out, size, 4);
            }
            let mut extra = s.extra.clone();
            if s.zip64 {
                put(&mut extra, 1, 2);
                put(&mut extra, 24, 2);
                for v in [size, compressed, offset] {
                    put(&mut extra, v, 8);
                }
            }
            put(&mut dir, 0x0201_4B50, 4);
            for v in [45, 45, u64::from(flags), u64::from(s.method), 0, 0] {
                put(&mut dir, v, 2);
            }
            put(&mut dir, u64::from(crc), 4);
            put(&mut dir, small(compressed), 4);
            put(&mut dir, small(size), 4);
            for v in [s.name.len() as u64, extra.len() as u64, 0, 0, 0] {
                put(&mut dir, v, 2);
            }
            put(&mut dir, 0, 4);
            put(&mut dir, small(offset), 4);
            dir.extend_from_slice(&s.name);
            dir.extend_from_slice(&extra);
        }
        let at = (out.len() - prefix.len()) as u64;
        out.extend_from_slice(&dir);
        let count = specs.len() as u64;
        let dir_len = dir.len() as u64;
        if zip64_end {
            let end64 = (out.len() - prefix.len()) as u64;
            put(&mut out, 0x0606_4B50, 4);
            put(&mut out, 44, 8);
            put(&mut out, 45, 2);
            put(&mut out, 45, 2);
            put(&mut out, 0, 8);
            for v in [count, count, dir_len, at] {
                put(&mut out, v, 8);
            }
            put(&mut out, 0x0706_4B50, 4);
            put(&mut out, 0, 4);
            put(&mut out, end64, 8);
            put(&mut out, 1, 4);
        }
        put(&mut out, 0x0605_4B50, 4);
        put(&mut out, 0, 4);
        let (count, dir_len, at) = if zip64_end {
            (0xFFFF, SAT32, SAT32)
        } else {
            (count, dir_len, at)
        };
        put(&mut out, count, 2);
        put(&mut out, count, 2);
        put(&mut out, dir_len, 4);
        put(&mut out, at, 4);
        put(&mut out, comment.len() as u64, 2);
        out.extend_from_slice(comment);
        out
    }

    /// Every entry of an archive: its name and its data, or why it cannot be read.
    type Read_ = Vec<(String, Result<Vec<u8>, String>)>;

    fn ours(bytes: &[u8]) -> Result<Read_, Fault> {
        let archive = Archive::open(bytes)?;
        Ok((0..archive.entries.len())
            .map(|i| {
                let data = match archive.unpack(i) {
                    Err(f) => Err(format!("{f:?}")),
                    Ok(mut unpack) => {
                        let mut data = Vec::new();
                        loop {
                            match unpack.next() {
                                Ok(Some(piece)) => {
                                    assert!(!piece.is_empty() && piece.len() <= WINDOW);
                                    data.extend_from_slice(piece);
                                }
                                Ok(None) => break Ok(data),
                                Err(Damaged) => break Err("Damaged".to_owned()),
                            }
                        }
                    }
                };
                (archive.entries[i].name.clone(), data)
            })
            .collect())
    }

    /// The same as the `zip` crate reads it.
    fn theirs(bytes: &[u8]) -> Result<Read_, String> {
        let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| e.to_string())?;
        Ok((0..z.len())
            .map(|i| {
                let name = z.name_for_index(i).unwrap().unwrap().into_owned();
                let data = match z.by_index(i) {
                    Err(e) => Err(e.to_string()),
                    Ok(mut f) => {
                        let mut data = Vec::new();
                        f.read_to_end(&mut data)
                            .map(|_| data)
                            .map_err(|e| e.to_string())
                    }
                };
                (name, data)
            })
            .collect())
    }

    /// Whether both read the archive alike: the same entries, each with the same data or
    /// unreadable to both.
    fn agree(a: &Result<Read_, Fault>, b: &Result<Read_, String>) -> bool {
        match (a, b) {
            (Err(_), Err(_)) => true,
            (Ok(a), Ok(b)) => {
                a.len() == b.len()
                    && a.iter().zip(b).all(|((n, x), (m, y))| {
                        n == m
                            && match (x, y) {
                                (Ok(x), Ok(y)) => x == y,
                                (Err(_), Err(_)) => true,
                                _ => false,
                            }
                    })
            }
            _ => false,
        }
    }

    fn data(read: &Read_, i: usize) -> &[u8] {
        read[i].1.as_deref().unwrap()
    }

    /// A text long enough for several pieces, compressible but not trivially.
    fn long_text() -> Vec<u8> {
        (0..60_000u32)
            .flat_map(|i| format!("<c r=\"A{i}\"><v>{}</v></c>", i * 7919 % 1000).into_bytes())
            .collect()
    }

    #[test]
    fn stored_deflated_and_described_entries() {
        let long = long_text();
        assert!(long.len() > 5 * WINDOW);
        let mut described = spec("xl/worksheets/sheet1.xml", &long, 8);
        described.descriptor = true;
        let mut stored_described = spec("b.xml", b"<b/>", 0);
        stored_described.descriptor = true;
        let specs = [
            spec("[Content_Types].xml", b"<Types/>", 0),
            spec("xl/workbook.xml", b"<workbook/>", 8),
            spec("xl/sharedStrings.xml", &long, 0),
            described,
            stored_described,
            spec("empty-stored", b"", 0),
            spec("empty-deflated", b"", 8),
        ];
        let bytes = build(&specs, b"", false, b"");
        let read = ours(&bytes).unwrap();
        for (i, s) in specs.iter().enumerate() {
            assert_eq!(read[i].0.as_bytes(), &s.name[..]);
            assert_eq!(data(&read, i), &s.body[..], "{}", read[i].0);
        }
        assert!(agree(&Ok(read), &theirs(&bytes)));
        // The sizes in the local headers, where they are.
        let archive = Archive::open(&bytes).unwrap();
        let e = &archive.entries[1];
        assert_eq!(archive.local_sizes(1), Some((e.compressed, e.size)));
        assert_eq!(archive.local_sizes(3), None);
        assert_eq!(archive.local_sizes(4), None);
    }

    #[test]
    fn zip64_records_and_fields() {
        let long = long_text();
        let mut big = spec("xl/worksheets/sheet1.xml", &long, 8);
        big.zip64 = true;
        let mut small = spec("xl/workbook.xml", b"<workbook/>", 0);
        small.zip64 = true;
        // Other extra fields before Zip64's are stepped over.
        small.extra = vec![0x55, 0x54, 5, 0, 1, 0, 0, 0, 0];
        let specs = [spec("_rels/.rels", b"<Relationships/>", 8), big, small];
        for zip64_end in [false, true] {
            let bytes = build(&specs, b"", zip64_end, b"");
            let read = ours(&bytes).unwrap();
            assert_eq!(data(&read, 1), &long[..]);
            assert_eq!(data(&read, 2), b"<workbook/>");
            assert!(agree(&Ok(read), &theirs(&bytes)), "{zip64_end}");
            let archive = Archive::open(&bytes).unwrap();
            assert_eq!(archive.entries[1].size, long.len() as u64);
            assert_eq!(archive.local_sizes(1), None);
        }
        // A Zip64 field too short for the values it stands for.
        let mut bytes = build(&specs[1..2], b"", false, b"");
        let at = bytes
            .windows(4)
            .rposition(|w| w == b"\x01\x00\x18\x00")
            .unwrap();
        bytes[at + 2] = 8;
        assert_eq!(Archive::open(&bytes).err(), Some(Fault::Broken));
    }

    #[test]
    fn end_record_after_comments_and_stray_signatures() {
        let specs = [spec("xl/workbook.xml", b"<workbook/>", 8)];
        let long_comment = vec![b'x'; 0xFFFF];
        let fake = b"PK\x05\x06 is a signature in a comment, not the end record";
        for comment in [&b"written by a test"[..], &long_comment, fake] {
            let bytes = build(&specs, b"", false, comment);
            let read = ours(&bytes).unwrap();
            assert_eq!(data(&read, 0), b"<workbook/>");
            assert!(agree(&Ok(read), &theirs(&bytes)));
        }
        // Bytes after the comment (a download padded by a server) are stepped over; a comment
        // said to run past the end of the file is not.
        let mut bytes = build(&specs, b"", false, b"abc");
        bytes.extend_from_slice(b"padding");
        assert!(ours(&bytes).is_ok());
        let mut bytes = build(&specs, b"", false, b"abc");
        bytes.truncate(bytes.len() - 1);
        assert_eq!(ours(&bytes).err(), Some(Fault::Broken));
        assert!(theirs(&bytes).is_err());
        // An empty archive opens, with no entries.
        assert!(ours(&build(&[], b"", false, b"")).unwrap().is_empty());
    }

    #[test]
    fn data_before_the_archive() {
        let specs = [
            spec("xl/workbook.xml", b"<workbook/>", 8),
            spec("xl/styles.xml", b"<styleSheet/>", 0),
        ];
        let bytes = build(&specs, &[0x4D; 1000], false, b"");
        let read = ours(&bytes).unwrap();
        assert_eq!(data(&read, 1), b"<styleSheet/>");
        assert!(agree(&Ok(read), &theirs(&bytes)));
    }

    #[test]
    fn damaged_entries() {
        let long = long_text();
        let mut bad_crc = spec("bad-crc", &long, 8);
        bad_crc.crc = Some(1);
        let mut bad_stored_crc = spec("bad-stored-crc", b"<x/>", 0);
        bad_stored_crc.crc = Some(1);
        // Declared smaller than it unpacks to: no more than declared is ever given.
        let mut short = spec("short", &long, 8);
        short.size = Some(100_000);
        short.local_size = Some(100_000);
        let mut short_stored = spec("short-stored", &long, 0);
        short_stored.size = Some(10);
        short_stored.local_size = Some(10);
        // Declared larger: the checksum says whether it was all there (it was).
        let mut long_declared = spec("long", b"<x/>", 8);
        long_declared.size = Some(1000);
        let specs = [bad_crc, bad_stored_crc, short, short_stored, long_declared];
        let bytes = build(&specs, b"", false, b"");
        let read = ours(&bytes).unwrap();
        let outcome: Vec<bool> = read.iter().map(|(_, d)| d.is_ok()).collect();
        assert_eq!(outcome, [false, false, false, false, true]);
        assert!(agree(&Ok(read), &theirs(&bytes)));
        let archive = Archive::open(&bytes).unwrap();
        for (i, limit) in [(2, 100_000), (3, 10)] {
            let mut unpack = archive.unpack(i).unwrap();
            let mut made = 0;
            while let Ok(Some(piece)) = unpack.next() {
                made += piece.len();
            }
            assert!(made <= limit, "{made}");
        }
        // Data that is no deflate stream: written stored, then marked deflated.
        let garbage = spec("garbage", &[0xFF; 64], 0);
        let mut bytes = build(&[garbage], b"", false, b"");
        let dir = bytes.windows(4).rposition(|w| w == b"PK\x01\x02").unwrap();
        bytes[8] = 8;
        bytes[dir + 10] = 8;
        let read = ours(&bytes).unwrap();
        assert_eq!(read[0].1, Err("Damaged".to_owned()));
        assert!(agree(&Ok(read), &theirs(&bytes)));
    }

    #[test]
    fn entries_that_cannot_be_opened() {
        let mut encrypted = spec("encrypted", b"<x/>", 8);
        encrypted.flags = 1;
        let mut aes = spec("aes", b"<x/>", 0);
        (aes.flags, aes.method) = (1, 99);
        let mut bzip2 = spec("bzip2", b"<x/>", 0);
        bzip2.method = 12;
        let mut deflate64 = spec("deflate64", b"<x/>", 0);
        deflate64.method = 9;
        let specs = [encrypted, aes, bzip2, deflate64, spec("fine", b"<x/>", 8)];
        let mut bytes = build(&specs, b"", false, b"");
        let archive = Archive::open(&bytes).unwrap();
        let faults: Vec<_> = (0..5).map(|i| archive.unpack(i).err()).collect();
        use Fault::*;
        assert_eq!(
            faults,
            [
                Some(Encrypted),
                Some(Encrypted),
                Some(Method),
                Some(Method),
                None
            ]
        );
        // A local header that is not one, and one past the end of the file.
        let dir = bytes.windows(4).rposition(|w| w == b"PK\x01\x02").unwrap();
        let local = u32::from_le_bytes(bytes[dir + 42..dir + 46].try_into().unwrap()) as usize;
        bytes[local] = b'X';
        assert_eq!(Archive::open(&bytes).unwrap().unpack(4).err(), Some(Broken));
        let len = bytes.len() as u32;
        bytes[dir + 42..dir + 46].copy_from_slice(&len.to_le_bytes());
        assert_eq!(
            Archive::open(&bytes).unwrap().unpack(4).err(),
            Some(Truncated)
        );
    }

    #[test]
    fn truncated_and_damaged_archives_read_as_the_zip_crate_reads_them() {
        let mut described = spec(
            "xl/worksheets/sheet1.xml",
            b"<worksheet><sheetData/></worksheet>",
            8,
        );
        described.descriptor = true;
        let mut timestamped = spec("xl/workbook.xml", b"<workbook/>", 0);
        timestamped.extra = vec![0x55, 0x54, 5, 0, 1, 0, 0, 0, 0];
        let specs = [
            spec("_rels/.rels", b"<Relationships/>", 8),
            described,
            timestamped,
        ];
        let bytes = build(&specs, b"", false, b"comment");
        // Cut anywhere: never opened (the end record goes first).
        for len in 0..bytes.len() {
            assert!(Archive::open(&bytes[..len]).is_err(), "{len}");
        }
        // Every byte changed three ways: never stricter than the zip crate, and the same data
        // wherever both read an entry. (The zip crate refuses malformed extra fields, which this
        // reader does not read.)
        let mut lenient = 0;
        for at in 0..bytes.len() {
            for change in [0x00, 0xFF, bytes[at] ^ 0x01] {
                let mut damaged = bytes.clone();
                damaged[at] = change;
                let (a, b) = (ours(&damaged), theirs(&damaged));
                if agree(&a, &b) {
                    continue;
                }
                let stricter = match (&a, &b) {
                    (Err(_), _) => true,
                    (Ok(_), Err(_)) => false,
                    (Ok(a), Ok(b)) => {
                        a.len() != b.len()
                            || a.iter().zip(b).any(|((n, x), (m, y))| {
                                n != m
                                    || x.is_err() && y.is_ok()
                                    || matches!((x, y), (Ok(x), Ok(y)) if x != y)
                            })
                    }
                };
                assert!(!stricter, "byte {at} = {change:#x}: {a:?} / {b:?}");
                lenient += 1;
            }
        }
        eprintln!(
            "read where the zip crate refuses: {lenient} of {}",
            3 * bytes.len()
        );
    }

    #[test]
    fn the_fixtures_and_fuzz_corpus_read_as_the_zip_crate_reads_them() {
        let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let mut files = 0;
        for dir in [
            "tests/fixtures/plans",
            "tests/fixtures/rosters",
            "tests/fixtures/xlsx",
            "tests/fixtures/calamine",
            "www/templates",
            "fuzz/seeds/xlsx",
            "fuzz/corpus/xlsx",
            "fuzz/regressions/xlsx",
        ] {
            let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
                continue;
            };
            for path in entries.map(|e| e.unwrap().path()) {
                // A running fuzzer replaces files in its corpus.
                let Ok(bytes) = std::fs::read(&path) else {
                    continue;
                };
                let (a, b) = (ours(&bytes), theirs(&bytes));
                assert!(agree(&a, &b), "{}: {a:?}\n{b:?}", path.display());
                files += 1;
            }
        }
        assert!(files > 100, "{files}");
    }

    #[test]
    fn what_rust_xlsxwriter_writes() {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        for row in 0..2000u32 {
            sheet.write(row, 0, format!("项目{row}")).unwrap();
            sheet.write(row, 1, f64::from(row) * 1.5).unwrap();
        }
        let bytes = book.save_to_buffer().unwrap();
        let read = ours(&bytes).unwrap();
        assert!(read.iter().any(|(n, _)| n == "xl/worksheets/sheet1.xml"));
        assert!(read.iter().all(|(_, d)| d.is_ok()));
        assert!(agree(&Ok(read), &theirs(&bytes)));
    }

    #[test]
    fn names_in_utf8_and_cp437() {
        let mut flagged = spec("xl/工作表.xml", b"<a/>", 0);
        flagged.flags = 0x800;
        let mut cp437 = spec("", b"<b/>", 0);
        cp437.name = b"xl/\x80\x81.xml".to_vec();
        let specs = [flagged, spec("xl/表.xml", b"<c/>", 0), cp437];
        let bytes = build(&specs, b"", false, b"");
        let read = ours(&bytes).unwrap();
        let names: Vec<&str> = read.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["xl/工作表.xml", "xl/表.xml", "xl/Çü.xml"]);
        assert!(agree(&Ok(read), &theirs(&bytes)));
    }

    const RELS: &[u8] = br#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
    const BOOK: &[u8] = br#"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
    const BOOK_RELS: &[u8] = br#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#;

    fn sheet(value: u32) -> Spec {
        let xml = format!(
            r#"<worksheet><sheetData><row r="1"><c r="A1"><v>{value}</v></c></row></sheetData></worksheet>"#
        );
        spec("xl/worksheets/sheet1.xml", xml.as_bytes(), 8)
    }

    /// A one-sheet workbook whose sheet is `sheet`, then `more`.
    fn workbook(sheet: Spec, more: &[Spec]) -> Vec<u8> {
        let mut specs = vec![
            spec("_rels/.rels", RELS, 8),
            spec("xl/workbook.xml", BOOK, 8),
            spec("xl/_rels/workbook.xml.rels", BOOK_RELS, 0),
            sheet,
        ];
        specs.extend_from_slice(more);
        build(&specs, b"", false, b"")
    }

    fn read(bytes: &[u8]) -> Result<crate::import::xlsx::Sheet, (String, String)> {
        crate::import::xlsx::read_sheet(bytes, None, 100)
            .map_err(|e| (e.code().to_owned(), e.to_string()))
    }

    #[test]
    fn what_the_xlsx_reader_says() {
        use crate::import::table::Cell;
        let value = |bytes: &[u8]| read(bytes).unwrap().rows[0].cells.clone();
        assert_eq!(value(&workbook(sheet(7), &[])), [Cell::Number(7.0)]);
        let mut described = sheet(8);
        described.descriptor = true;
        assert_eq!(value(&workbook(described, &[])), [Cell::Number(8.0)]);

        let refused = |sheet: Spec, more: &[Spec]| read(&workbook(sheet, more)).unwrap_err();
        let mut encrypted = sheet(1);
        encrypted.flags = 1;
        assert_eq!(
            refused(encrypted, &[]),
            (
                "import.not_xlsx".into(),
                "压缩包中的第 4 个条目无法读取：压缩包设置了密码".into()
            )
        );
        let mut bzip2 = sheet(1);
        bzip2.method = 12;
        assert_eq!(
            refused(bzip2, &[]),
            (
                "import.not_xlsx".into(),
                "压缩包中的第 4 个条目无法读取：使用了不支持的压缩方式".into()
            )
        );
        let mut bad_crc = sheet(1);
        bad_crc.crc = Some(0);
        let damaged = (
            "import.bad_xlsx".to_owned(),
            "XLSX 文件无法读取：解压失败：xl/worksheets/sheet1.xml 的数据已损坏（校验不符或压缩数据无效）".to_owned(),
        );
        assert_eq!(refused(bad_crc.clone(), &[]), damaged);
        // A damaged entry the workbook does not need is found all the same, and so is an
        // encrypted one.
        let mut unused = bad_crc.clone();
        unused.name = b"xl/media/image1.png".to_vec();
        let (code, message) = refused(sheet(1), &[unused]);
        assert_eq!(code, "import.bad_xlsx");
        assert!(
            message.contains("xl/media/image1.png 的数据已损坏"),
            "{message}"
        );
        let mut unused = sheet(1);
        (unused.name, unused.flags) = (b"docProps/app.xml".to_vec(), 1);
        assert_eq!(refused(sheet(1), &[unused]).0, "import.not_xlsx");
        // The local header says another size.
        let mut disagrees = sheet(1);
        disagrees.local_size = Some(5);
        let (code, message) = refused(disagrees, &[]);
        assert_eq!(code, "import.bad_xlsx");
        assert!(
            message.contains("xl/worksheets/sheet1.xml 在压缩包目录和条目头中记录的大小不一致"),
            "{message}"
        );
        // Not a zip at all: a workbook cut short.
        let bytes = workbook(sheet(1), &[]);
        let (code, message) = read(&bytes[..bytes.len() - 30]).unwrap_err();
        assert_eq!(code, "import.not_xlsx");
        assert!(
            message.contains("压缩包的结构已损坏（找不到或读不了压缩包的目录）"),
            "{message}"
        );
        // Two entries of the same name: the last is read, and the reviewer is told.
        let read = read(&workbook(sheet(1), &[sheet(2)])).unwrap();
        assert_eq!(read.rows[0].cells, [Cell::Number(2.0)]);
        assert_eq!(
            read.warnings,
            [crate::import::warning::ReadWarning::DuplicateEntry {
                name: "xl/worksheets/sheet1.xml".into(),
                count: 2
            }]
        );
    }
}
