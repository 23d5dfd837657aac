//! XLSX workbooks, read with calamine after the archive has been checked: a zip that
//! decompresses to more than a bound is refused before anything is unpacked for real.

use std::io::{Cursor, Read};

use calamine::{Data, Reader, Xlsx};

use crate::date::Date;

use super::table::{Cell, Row};
use super::ImportError;

/// The most an archive may decompress to, in bytes (all entries together).
pub const MAX_UNCOMPRESSED: u64 = 400 * 1024 * 1024;

/// The highest compression ratio accepted for a large entry (legitimate sheets compress
/// 5-30×; zip bombs thousands of times).
const MAX_RATIO: u64 = 200;

/// Checks that the archive is an XLSX workbook and is not a decompression bomb, by reading
/// every entry through a counter that stops at the bound (declared sizes can lie).
fn check_archive(bytes: &[u8]) -> Result<(), ImportError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| ImportError::NotXlsx(format!("不是有效的 ZIP/XLSX 文件：{e}")))?;
    let mut has_workbook = false;
    let mut total: u64 = 0;
    let mut buf = vec![0u8; 64 * 1024];
    for i in 0..archive.len() {
        let mut entry = archive
            .by_index(i)
            .map_err(|e| ImportError::NotXlsx(format!("压缩包条目无法读取：{e}")))?;
        has_workbook |= entry.name().is_ok_and(|n| n == "xl/workbook.xml");
        let compressed = entry.compressed_size().max(1);
        let mut size: u64 = 0;
        loop {
            let n = entry
                .read(&mut buf)
                .map_err(|e| ImportError::BadXlsx(format!("解压失败：{e}")))?;
            if n == 0 {
                break;
            }
            size += n as u64;
            total += n as u64;
            if total > MAX_UNCOMPRESSED {
                return Err(ImportError::ZipBomb {
                    limit: MAX_UNCOMPRESSED,
                });
            }
            if size > 16 * 1024 * 1024 && size / compressed > MAX_RATIO {
                return Err(ImportError::ZipBomb {
                    limit: MAX_UNCOMPRESSED,
                });
            }
        }
    }
    if has_workbook {
        Ok(())
    } else {
        Err(ImportError::NotXlsx(
            "压缩包中没有工作簿（xl/workbook.xml），不是 XLSX 文件".to_owned(),
        ))
    }
}

/// Reads one sheet of a workbook: the sheet named `sheet`, or else the first that has data.
/// Returns the rows and the sheet's name.
///
/// # Errors
/// [`ImportError::NotXlsx`], [`ImportError::ZipBomb`], [`ImportError::BadXlsx`],
/// [`ImportError::NoSuchSheet`], [`ImportError::TooManyRows`].
pub fn read(
    bytes: &[u8],
    sheet: Option<&str>,
    max_rows: usize,
) -> Result<(Vec<Row>, String), ImportError> {
    check_archive(bytes)?;
    let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(bytes))
        .map_err(|e: calamine::XlsxError| ImportError::BadXlsx(e.to_string()))?;
    let names = workbook.sheet_names();
    let candidates: Vec<String> = match sheet {
        Some(wanted) => {
            let wanted = crate::text::fold_compact(wanted);
            let found = names
                .iter()
                .find(|n| crate::text::fold_compact(n) == wanted);
            match found {
                Some(n) => vec![n.clone()],
                None => {
                    return Err(ImportError::NoSuchSheet {
                        sheet: wanted,
                        available: names.join("、"),
                    })
                }
            }
        }
        None => names,
    };
    for name in &candidates {
        let range = workbook
            .worksheet_range(name)
            .map_err(|e: calamine::XlsxError| {
                ImportError::BadXlsx(format!("工作表“{name}”无法读取：{e}"))
            })?;
        if range.is_empty() && sheet.is_none() {
            continue;
        }
        if range.height() > max_rows {
            return Err(ImportError::TooManyRows { limit: max_rows });
        }
        let (row0, col0) = range.start().unwrap_or((0, 0));
        let rows = range
            .rows()
            .enumerate()
            .map(|(i, cells)| {
                let mut out: Vec<Cell> = vec![Cell::Empty; col0 as usize];
                out.extend(cells.iter().map(cell));
                Row {
                    number: row0
                        .saturating_add(u32::try_from(i).unwrap_or(u32::MAX))
                        .saturating_add(1),
                    cells: out,
                }
            })
            .collect();
        return Ok((rows, name.clone()));
    }
    Ok((Vec::new(), candidates.first().cloned().unwrap_or_default()))
}

fn cell(data: &Data) -> Cell {
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
