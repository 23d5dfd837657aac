//! Files that are not tables, told by their first bytes before any reader sees them: a photo
//! of a plan, a PDF, a Word or PowerPoint file, an archive, a program. Each is named in words
//! a user knows ([`ImportError::NotATable`](super::ImportError::NotATable)) instead of the
//! error a table reader would give (no header found, an XML part missing).
//!
//! Architecture invariant: this is the one place that knows file signatures other than the
//! table formats'; plan and roster files both come through [`super::open`]. Only signatures
//! that no CSV or JSON text starts with are matched (a BMP's and an executable's are checked
//! further, since `BM` and `MZ` could begin a line of text).

use super::{ole, xlsx};

/// What a file that is not a table is, as "这是…" completes it (`一张 PNG 图片`), or `None` for
/// anything a table reader should read (including damaged workbooks, which their reader
/// reports).
pub(super) fn not_a_table(bytes: &[u8]) -> Option<&'static str> {
    let at = |i: usize, sig: &[u8]| bytes.get(i..).is_some_and(|b| b.starts_with(sig));
    let found = if at(0, b"\x89PNG\r\n\x1a\n") {
        "一张 PNG 图片"
    } else if at(0, b"\xFF\xD8\xFF") {
        "一张 JPEG 图片"
    } else if at(0, b"GIF87a") || at(0, b"GIF89a") {
        "一张 GIF 图片"
    } else if at(0, b"RIFF") && at(8, b"WEBP") {
        "一张 WebP 图片"
    } else if at(0, b"BM")
        && u32_at(bytes, 2) == Some(bytes.len() as u32)
        && u32_at(bytes, 6) == Some(0)
    {
        // The header's file size matches and its reserved word is zero.
        "一张 BMP 图片"
    } else if at(0, b"II*\0") || at(0, b"MM\0*") {
        "一张 TIFF 图片"
    } else if at(4, b"ftypheic") || at(4, b"ftypheix") || at(4, b"ftypmif1") {
        "一张 HEIC 图片（手机照片）"
    } else if at(4, b"ftyp") {
        "一段视频"
    } else if at(0, b"%PDF-") {
        "一个 PDF 文件"
    } else if at(0, b"Rar!\x1a\x07") {
        "一个 RAR 压缩包"
    } else if at(0, b"7z\xBC\xAF\x27\x1C") {
        "一个 7z 压缩包"
    } else if at(0, b"\x1f\x8b") {
        "一个 gzip 压缩文件"
    } else if at(0, b"\x7fELF") || is_windows_program(bytes) {
        "一个可执行程序"
    } else if at(0, b"PK\x03\x04") || at(0, b"PK\x05\x06") {
        return zip_kind(bytes);
    } else if at(0, &ole::SIGNATURE) {
        return ole_kind(bytes);
    } else {
        return None;
    };
    Some(found)
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    let b = bytes.get(at..at.checked_add(4)?)?;
    b.try_into().ok().map(u32::from_le_bytes)
}

/// `MZ` followed by a PE header where the DOS header points to it.
fn is_windows_program(bytes: &[u8]) -> bool {
    bytes.starts_with(b"MZ")
        && u32_at(bytes, 0x3C)
            .is_some_and(|at| (bytes.get(at as usize..)).is_some_and(|b| b.starts_with(b"PE\0\0")))
}

/// A ZIP archive that holds no workbook: an Office document of another kind, an OFD file, or
/// a plain archive. An archive that holds one, or cannot be read, is the XLSX reader's.
fn zip_kind(bytes: &[u8]) -> Option<&'static str> {
    let names = xlsx::entry_names(bytes)?;
    let any = |prefix: &str| names.iter().any(|n| n.starts_with(prefix));
    if any("xl/") {
        None
    } else if any("word/") {
        Some("一个 Word 文档")
    } else if any("ppt/") {
        Some("一个 PowerPoint 演示文稿")
    } else if any("ofd.xml") {
        Some("一个 OFD 版式文件")
    } else if any("_rels/.rels") || any("[content_types].xml") {
        // An Office package with its workbook elsewhere: the XLSX reader follows its
        // relationships.
        None
    } else {
        Some("一个 ZIP 压缩包")
    }
}

/// An OLE container (Office 97-2003) that holds a Word or PowerPoint document rather than a
/// workbook; anything else is the .xls reader's (or [`ole::inspect`]'s) to tell.
fn ole_kind(bytes: &[u8]) -> Option<&'static str> {
    if ole::inspect(bytes) != ole::Ole::Other {
        None
    } else if ole::has_stream(bytes, "WordDocument") {
        Some("一个 Word 97-2003 文档")
    } else if ole::has_stream(bytes, "PowerPoint Document") {
        Some("一个 PowerPoint 97-2003 演示文稿")
    } else {
        None
    }
}
