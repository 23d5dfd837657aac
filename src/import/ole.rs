//! OLE compound files (signature `D0 CF 11 E0 A1 B1 1A E1`): Excel 97-2003 workbooks (.xls)
//! and encrypted Office documents, which Office saves as an OLE container holding an
//! `EncryptedPackage` stream whatever the extension. This tells them apart without reading the
//! workbook (every build has it; the .xls reader itself is the `xls` feature's).
//!
//! Directory entries are 128 bytes and their sectors start at multiples of the sector size
//! (512 or 4096 bytes, after the 512-byte header), so every entry starts at an offset of
//! `512 + 128 k`: looking there for an entry's name, length and type finds the streams without
//! following the allocation tables. Bounded by the file's length; never panics.

/// The first eight bytes of every OLE compound file.
pub const SIGNATURE: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// What an OLE compound file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ole {
    /// An encrypted document: an Office Open XML package behind a password
    /// (`EncryptedPackage`), or a BIFF workbook whose globals start with a `FilePass` record.
    Encrypted,
    /// An Excel workbook (a `Workbook` stream, or `Book` as Excel 5/95 named it).
    Workbook,
    /// Anything else: a Word or PowerPoint document, a damaged container.
    Other,
}

/// A directory entry: its type (1 storage, 2 stream, 5 root), first sector and size.
struct Entry {
    kind: u8,
    start: u32,
    size: u32,
}

fn u16_at(bytes: &[u8], at: usize) -> Option<u16> {
    let b = bytes.get(at..at.checked_add(2)?)?;
    Some(u16::from_le_bytes([*b.first()?, *b.get(1)?]))
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    let b = bytes.get(at..at.checked_add(4)?)?;
    Some(u32::from_le_bytes([
        *b.first()?,
        *b.get(1)?,
        *b.get(2)?,
        *b.get(3)?,
    ]))
}

/// The directory entries named `name` (case ignored, as the format compares names).
fn entries<'a>(bytes: &'a [u8], name: &'a str) -> impl Iterator<Item = Entry> + 'a {
    let wanted: Vec<u16> = name.encode_utf16().collect();
    let length = (wanted.len() + 1) * 2;
    (512..bytes.len()).step_by(128).filter_map(move |at| {
        let entry = bytes.get(at..at.checked_add(128)?)?;
        if usize::from(u16_at(entry, 64)?) != length {
            return None;
        }
        let same = wanted.iter().enumerate().all(|(i, &c)| {
            u16_at(entry, i * 2).is_some_and(|u| {
                char::from_u32(u32::from(u))
                    .zip(char::from_u32(u32::from(c)))
                    .is_some_and(|(a, b)| a.eq_ignore_ascii_case(&b))
            })
        });
        if !same {
            return None;
        }
        Some(Entry {
            kind: *entry.get(66)?,
            start: u32_at(entry, 116)?,
            size: u32_at(entry, 120)?,
        })
    })
}

/// Tells what an OLE compound file holds (`bytes` starts with [`SIGNATURE`]).
pub fn inspect(bytes: &[u8]) -> Ole {
    if entries(bytes, "EncryptedPackage").any(|e| e.kind == 2) {
        return Ole::Encrypted;
    }
    let shift = u16_at(bytes, 30).unwrap_or(9);
    let sector = if shift == 12 { 4096 } else { 512 };
    let root = entries(bytes, "Root Entry").find(|e| e.kind == 5);
    let mut found = false;
    for book in entries(bytes, "Workbook")
        .chain(entries(bytes, "Book"))
        .filter(|e| e.kind == 2)
    {
        // The stream's first bytes: in its first sector, or in the mini stream (streams under
        // 4096 bytes), whose first sector is the root entry's.
        let start = if book.size >= 4096 {
            (book.start as usize).checked_add(1).map(|s| s * sector)
        } else {
            root.as_ref().and_then(|r| {
                let at = (book.start as usize).checked_mul(64)?;
                (at + 64 <= sector).then(|| (r.start as usize + 1) * sector + at)
            })
        };
        if start.is_some_and(|at| file_pass(bytes, at)) {
            return Ole::Encrypted;
        }
        found = true;
    }
    if found {
        Ole::Workbook
    } else {
        Ole::Other
    }
}

/// Whether the container's directory has a stream named `name` (`WordDocument` for a Word
/// 97-2003 document, `PowerPoint Document` for a presentation).
pub fn has_stream(bytes: &[u8], name: &str) -> bool {
    entries(bytes, name).any(|e| e.kind == 2)
}

/// True when the BIFF stream at `at` starts with a BOF record followed by a `FilePass` record
/// (0x002F): the workbook is encrypted (RC4, or the older XOR obfuscation: both need the
/// password to open).
fn file_pass(bytes: &[u8], at: usize) -> bool {
    let (Some(0x0809), Some(len)) = (u16_at(bytes, at), u16_at(bytes, at + 2)) else {
        return false;
    };
    let next = at + 4 + usize::from(len);
    u16_at(bytes, next) == Some(0x002F) && u16_at(bytes, next + 2).is_some_and(|l| l >= 2)
}

/// The most sectors a chain is followed for (a loop in a damaged table ends here).
fn sectors_in(bytes: &[u8], size: usize) -> usize {
    bytes.len() / size.max(1) + 1
}

/// The sector `id`'s bytes.
fn sector(bytes: &[u8], id: u32, size: usize) -> Option<&[u8]> {
    let at = (id as usize).checked_add(1)?.checked_mul(size)?;
    bytes.get(at..at.checked_add(size)?)
}

/// A chain of sectors through `table`, from `start`, as one byte string.
fn chain(table: &[u32], start: u32, size: usize, of: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let mut id = start;
    let mut steps = 0;
    // 0xFFFFFFFE: end of chain.
    while id != 0xFFFF_FFFE {
        steps += 1;
        if steps > sectors_in(of, size) + 1 {
            return None;
        }
        let at = (id as usize).checked_mul(size)?;
        out.extend_from_slice(of.get(at..at.checked_add(size)?)?);
        id = *table.get(id as usize)?;
    }
    Some(out)
}

/// The workbook stream (`Workbook`, or `Book`) of an OLE file, read through the allocation
/// tables; `None` when there is none or the container is damaged (then the reader decides).
pub fn workbook_stream(bytes: &[u8]) -> Option<Vec<u8>> {
    let size = match u16_at(bytes, 30)? {
        9 => 512,
        12 => 4096,
        _ => return None,
    };
    let u32s = |s: &[u8]| -> Vec<u32> {
        s.chunks_exact(4)
            .filter_map(|c| u32_at(c, 0))
            .collect::<Vec<u32>>()
    };
    // The FAT's sectors: 109 in the header, the rest in the DIFAT chain.
    let mut fat_sectors: Vec<u32> = u32s(bytes.get(76..512)?);
    let mut difat = u32_at(bytes, 68)?;
    let mut steps = 0;
    while difat < 0xFFFF_FFFA {
        steps += 1;
        if steps > sectors_in(bytes, size) {
            return None;
        }
        let s = sector(bytes, difat, size)?;
        let mut ids = u32s(s);
        difat = ids.pop()?;
        fat_sectors.extend(ids);
    }
    // The FAT, in sector order (a table of the whole file's sectors: as large as the file / 128).
    let mut fat: Vec<u32> = Vec::new();
    for id in fat_sectors.into_iter().filter(|&id| id < 0xFFFF_FFFA) {
        fat.extend(u32s(sector(bytes, id, size)?));
    }
    let body = bytes.get(size..)?;
    let directory = chain(&fat, u32_at(bytes, 48)?, size, body)?;
    let entry = |name: &str| {
        directory.chunks_exact(128).find(|e| {
            let wanted: Vec<u16> = name.encode_utf16().collect();
            usize::from(u16_at(e, 64).unwrap_or(0)) == (wanted.len() + 1) * 2
                && e.get(66) == Some(&2)
                && wanted.iter().enumerate().all(|(i, &c)| {
                    u16_at(e, i * 2).is_some_and(|u| {
                        char::from_u32(u32::from(u))
                            .zip(char::from_u32(u32::from(c)))
                            .is_some_and(|(a, b)| a.eq_ignore_ascii_case(&b))
                    })
                })
        })
    };
    let book = entry("Workbook").or_else(|| entry("Book"))?;
    let (start, length) = (u32_at(book, 116)?, u32_at(book, 120)? as usize);
    let cutoff = u32_at(bytes, 56).unwrap_or(4096) as usize;
    let mut stream = if length >= cutoff {
        chain(&fat, start, size, body)?
    } else {
        // In the mini stream: 64-byte sectors through the mini FAT, in the root entry's chain.
        let root = directory.get(..128)?;
        let mini = chain(&fat, u32_at(root, 116)?, size, body)?;
        let minifat = u32s(&chain(&fat, u32_at(bytes, 60)?, size, body)?);
        chain(&minifat, start, 64, &mini)?
    };
    stream.truncate(length);
    Some(stream)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A container of one 512-byte directory sector after the header, with `names` as stream
    /// entries (start sector 2, `size` bytes) and the root entry (start sector 3).
    fn container(names: &[&str], size: u32, stream: &[u8]) -> Vec<u8> {
        let mut bytes = SIGNATURE.to_vec();
        bytes.resize(512, 0);
        bytes[30] = 9;
        let mut dir = vec![0u8; 512];
        let mut put = |slot: usize, name: &str, kind: u8, start: u32, size: u32| {
            let e = &mut dir[slot * 128..slot * 128 + 128];
            for (i, c) in name.encode_utf16().enumerate() {
                e[i * 2..i * 2 + 2].copy_from_slice(&c.to_le_bytes());
            }
            let len = (name.encode_utf16().count() as u16 + 1) * 2;
            e[64..66].copy_from_slice(&len.to_le_bytes());
            e[66] = kind;
            e[116..120].copy_from_slice(&start.to_le_bytes());
            e[120..124].copy_from_slice(&size.to_le_bytes());
        };
        put(0, "Root Entry", 5, 3, 64);
        for (i, n) in names.iter().enumerate() {
            put(i + 1, n, 2, 1, size);
        }
        bytes.extend(dir);
        // Sector 1 (file offset 1024): the stream, when large.
        let mut data = stream.to_vec();
        data.resize(512, 0);
        bytes.extend(&data);
        bytes
    }

    const BOF: [u8; 20] = [
        0x09, 0x08, 16, 0, 0, 6, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    ];

    #[test]
    fn encrypted_package() {
        let c = container(&["EncryptionInfo", "EncryptedPackage"], 5000, &[]);
        assert_eq!(inspect(&c), Ole::Encrypted);
        let c = container(&["EncryptedPackag"], 5000, &[]);
        assert_eq!(inspect(&c), Ole::Other);
        // A small stream lives in the mini stream, which starts at the root entry's first
        // sector (3: file offset 2048); the stream's mini sector 1 is 64 bytes in.
        let mut small = container(&["Workbook"], 100, &[]);
        small.resize(2048 + 64, 0);
        small.extend(BOF);
        small.extend([0x2F, 0, 6, 0, 1, 0, 1, 0, 1, 0]);
        small.resize(2048 + 512, 0);
        assert_eq!(inspect(&small), Ole::Encrypted);
        small[2048 + 64 + 20] = 0x42;
        assert_eq!(inspect(&small), Ole::Workbook);
    }

    #[test]
    fn file_pass_record() {
        let mut stream = BOF.to_vec();
        stream.extend([0x2F, 0, 6, 0, 1, 0, 1, 0, 1, 0]);
        assert_eq!(
            inspect(&container(&["Workbook"], 5000, &stream)),
            Ole::Encrypted
        );
        // Another record after BOF (here CODEPAGE): not encrypted.
        let mut plain = BOF.to_vec();
        plain.extend([0x42, 0, 2, 0, 0xB0, 4]);
        assert_eq!(
            inspect(&container(&["Workbook"], 5000, &plain)),
            Ole::Workbook
        );
        assert_eq!(inspect(&container(&["Book"], 5000, &plain)), Ole::Workbook);
        assert_eq!(
            inspect(&container(&["WordDocument"], 5000, &plain)),
            Ole::Other
        );
        assert_eq!(inspect(&container(&["Workbook"], 5000, &[])), Ole::Workbook);
    }

    #[test]
    fn truncated_files_never_panic() {
        let mut stream = BOF.to_vec();
        stream.extend([0x2F, 0, 6, 0, 1, 0, 1, 0, 1, 0]);
        let c = container(&["Workbook", "EncryptedPackage"], 5000, &stream);
        for n in 0..c.len() {
            let _ = inspect(&c[..n]);
            let _ = workbook_stream(&c[..n]);
        }
        let mut odd = c.clone();
        odd[30] = 12;
        odd[1024 + 2] = 0xFF;
        let _ = inspect(&odd);
        let _ = workbook_stream(&odd);
    }
}
