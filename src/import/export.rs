//! Exporting checked plans: CSV that Excel opens (UTF-8 with a BOM), and a plain-text table.
//! Every text cell leaves with its resident ID numbers masked (`idcard::mask_ids`), cell by
//! cell, so that amounts beside them are never touched.

use crate::check::Status;
use crate::facts::Field;
use crate::text;

use super::{PlanFile, PlanReport, RowReport};
use crate::idcard::mask_ids;
use crate::problem::Problem;
use crate::rules::RuleBook;
use crate::workbook::{defuse, width, ExportCell, ExportRow, ExportTable};

/// The columns the reviewer's record adds after the plan's own.
pub const RESULT_HEADER: [&str; 7] = [
    "审核结论",
    "比例",
    "比例下限",
    "下限金额（元）",
    "差额（元）",
    "依据",
    "问题与提示",
];

/// The checked plan as the reviewer's record (what the XLSX export writes): 行号, the plan's
/// own columns as the file shows them (JSON: 项目名称), then [`RESULT_HEADER`]. Each row
/// carries its status; a file that could not be read is one row with its errors.
///
/// The plan's own cells are written as the file has them, but for resident ID numbers, which
/// leave the core masked only (`idcard::mask_ids`), and every cell a row has is kept: a
/// row wider than the header gets untitled columns.
pub fn export_table(book: &RuleBook, plan: Result<&PlanFile, &PlanReport>) -> ExportTable {
    let mut own: Vec<String> = match plan {
        Ok(p) if !p.header_cells.is_empty() => p.header_cells.clone(),
        _ => vec![Field::Name.label().to_owned()],
    };
    if let Ok(p) = plan {
        let widest = (0..p.checked())
            .filter_map(|i| p.cells(i).map(|c| c.len()))
            .max()
            .unwrap_or(0);
        if !p.header_cells.is_empty() && widest > own.len() {
            own.resize(widest, String::new());
        }
    }
    let mut header = vec!["行号".to_owned()];
    header.extend(own.iter().map(|h| defuse(&mask_ids(h))));
    let status_column = header.len();
    header.extend(RESULT_HEADER.map(str::to_owned));
    let mut rows = Vec::new();
    match plan {
        Err(report) => {
            let mut cells = vec![ExportCell::text(""); header.len()];
            if let Some(slot) = cells.get_mut(status_column) {
                *slot = ExportCell::text("文件无法读取");
            }
            let messages: Vec<&str> = report.errors.iter().map(|e| e.message.as_str()).collect();
            if let Some(last) = cells.last_mut() {
                *last = ExportCell::text(&messages.join("；"));
            }
            rows.push(ExportRow {
                status: None,
                cells,
            });
        }
        Ok(plan) => {
            for i in 0..plan.checked() {
                let Some(r) = plan.row(book, i) else { continue };
                let mut cells = vec![ExportCell::text(&r.row.to_string())];
                match plan.cells(i) {
                    Some(mut own_cells) => {
                        own_cells.resize(own.len(), String::new());
                        cells.extend(own_cells.iter().map(|c| ExportCell::text(c)));
                    }
                    None => cells.push(ExportCell::text(r.name.as_deref().unwrap_or_default())),
                }
                cells.extend(result_cells(book, &r));
                rows.push(ExportRow {
                    status: Some(r.status),
                    cells,
                });
            }
        }
    }
    ExportTable {
        sheet: "审核结果".to_owned(),
        header,
        rows,
        status_column: Some(status_column),
    }
}

/// A row's [`RESULT_HEADER`] cells.
fn result_cells(book: &RuleBook, r: &RowReport) -> [ExportCell; 7] {
    let fen = |m: Option<crate::Money>| match m.and_then(|m| i64::try_from(m.fen()).ok()) {
        Some(f) => ExportCell::Fen(f),
        None => ExportCell::text(""),
    };
    let basis = r
        .rule
        .as_deref()
        .and_then(|id| book.rules.iter().find(|rule| rule.id == id))
        .map(|rule| {
            let doc = book.document(&rule.citation.document);
            let title = doc.map_or(rule.citation.document.as_str(), |d| d.title.as_str());
            format!("《{title}》{}", rule.citation.clause)
        })
        .unwrap_or_default();
    [
        ExportCell::text(r.status.label()),
        ExportCell::text(&r.ratio.as_deref().map(percent).unwrap_or_default()),
        ExportCell::text(&r.floor.as_deref().map(floor_percent).unwrap_or_default()),
        fen(r.threshold),
        fen(r.shortfall),
        ExportCell::text(&basis),
        ExportCell::text(&problems(r)),
    ]
}

/// A table as CSV (UTF-8 with BOM, CRLF): the same cells as the workbook, amounts with two
/// decimals, ID numbers masked.
pub fn table_csv(table: &ExportTable) -> String {
    let mut out = String::from("\u{feff}");
    let quote = |v: &str| {
        let v = mask_ids(v);
        if v.contains([',', '"', '\n', '\r']) {
            format!("\"{}\"", v.replace('"', "\"\""))
        } else {
            v.into_owned()
        }
    };
    let header: Vec<String> = table.header.iter().map(|h| quote(h)).collect();
    out.push_str(&header.join(","));
    out.push_str("\r\n");
    for row in &table.rows {
        let cells: Vec<String> = row.cells.iter().map(|c| quote(&c.shown())).collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out
}

/// The CSV header: one line per project row.
pub const CSV_HEADER: [&str; 10] = [
    "文件",
    "行号",
    Field::Name.label(),
    "结果",
    "实际比例",
    "比例下限",
    "差额（元）",
    "规则",
    "问题",
    "规则库版本",
];

fn csv_field(value: &str) -> String {
    // ID numbers leave masked; Excel would run a formula written by a hostile name (=, +, -,
    // @): prefix a quote.
    let value = defuse(&mask_ids(value));
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

/// A percent with two decimals from a 4-decimal ratio string: `0.2999` is `29.99%`.
pub fn percent(ratio: &str) -> String {
    let Ok(d) = ratio.parse::<rust_decimal::Decimal>() else {
        return String::new();
    };
    let mut p = d * rust_decimal::Decimal::ONE_HUNDRED;
    p.rescale(2);
    format!("{p}%")
}

/// The floor as written: `0.30` is `30%`.
pub fn floor_percent(floor: &str) -> String {
    floor
        .parse::<rust_decimal::Decimal>()
        .map(|d| format!("{}%", (d * rust_decimal::Decimal::ONE_HUNDRED).normalize()))
        .unwrap_or_default()
}

/// The reports as CSV (UTF-8 with BOM, CRLF), one line per project row; a file that could not
/// be read gets one line with its error. Each cell has its ID numbers masked and is defused
/// against formulas.
pub fn to_csv(reports: &[PlanReport]) -> String {
    let mut out = String::from("\u{feff}");
    out.push_str(&CSV_HEADER.join(","));
    out.push_str("\r\n");
    for report in reports {
        for e in &report.errors {
            let line = [
                report.file_name.as_str(),
                "",
                "",
                "文件无法读取",
                "",
                "",
                "",
                "",
                e.message.as_str(),
                report.rule_book_version.as_str(),
            ];
            out.push_str(&line.map(csv_field).join(","));
            out.push_str("\r\n");
        }
        for r in &report.rows {
            let row = r.row.to_string();
            let ratio = r.ratio.as_deref().map(percent).unwrap_or_default();
            let floor = r.floor.as_deref().map(floor_percent).unwrap_or_default();
            let shortfall = r.shortfall.map(|s| s.to_string()).unwrap_or_default();
            let problems = problems(r);
            let line = [
                report.file_name.as_str(),
                row.as_str(),
                r.name.as_deref().unwrap_or_default(),
                r.status.label(),
                ratio.as_str(),
                floor.as_str(),
                shortfall.as_str(),
                r.rule.as_deref().unwrap_or_default(),
                problems.as_str(),
                report.rule_book_version.as_str(),
            ];
            out.push_str(&line.map(csv_field).join(","));
            out.push_str("\r\n");
        }
    }
    out
}

/// A row's 问题 cell: its first error, then its remarks (a stated share its amounts
/// contradict), separated by `；`.
pub fn problems(row: &super::RowReport) -> String {
    let mut out = row.error.clone().unwrap_or_default();
    let notes = row.note.iter().map(String::as_str);
    for message in notes.chain(row.warnings.iter().map(|w| w.message.as_str())) {
        if !out.is_empty() {
            out.push('；');
        }
        out.push_str(message);
    }
    out
}

fn pad(s: &str, w: usize) -> String {
    let mut out = s.to_owned();
    out.extend(std::iter::repeat_n(' ', w.saturating_sub(width(s))));
    out
}

/// Truncates to a display width, marking the cut with `…`.
fn clip(s: &str, w: usize) -> String {
    if width(s) <= w {
        return s.to_owned();
    }
    let mut out = String::new();
    for c in s.chars() {
        if width(&out) + width(&c.to_string()) + 1 > w {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

/// A text for one line of a terminal, with ID numbers masked: line breaks (CR LF, CR, LF, NEL,
/// U+2028, U+2029) shown as `⏎`, a tab as a space, every other [invisible](text::is_invisible)
/// character as `<U+001B>`, so that a name can neither drive the terminal nor break the table.
pub fn one_line(text: &str) -> String {
    let text = mask_ids(text);
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}' => {
                if c == '\r' && chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('⏎');
            }
            '\t' => out.push(' '),
            c if text::is_invisible(c) => text::write_visible(&mut out, c),
            c => out.push(c),
        }
    }
    out
}

/// Where a problem is, as the table says it before the message (`第 4 行，E（中央资金）：`),
/// unless the message begins with its row already.
fn position(p: &Problem, row: Option<u32>) -> String {
    let Some(row) = p.row.or(row) else {
        return String::new();
    };
    let at = format!("第 {row} 行");
    if p.message.starts_with(&at) {
        return String::new();
    }
    match p.column.as_deref() {
        Some(column) if !column.is_empty() => format!("{at}，{column}："),
        _ => format!("{at}："),
    }
}

/// One line of the table's notes: `  警告 [code] 第 4 行，L：…`.
fn note(out: &mut String, label: &str, p: &Problem, row: Option<u32>) {
    out.push_str(&format!(
        "  {label} [{}] {}\n",
        one_line(&p.code),
        one_line(&(position(p, row) + &p.message))
    ));
}

/// The reports as an aligned plain-text table for a terminal, each file in turn: its name, its
/// errors, the table, then its notes: each invalid row's errors (the table shows the first,
/// shortened), each row's remarks and warnings (`提示`), the rows skipped, the file's warnings
/// (`警告`), and a summary line. Every cell and message is shown on one line with ID numbers
/// masked and control characters visible ([`one_line`]).
pub fn to_table(reports: &[PlanReport]) -> String {
    let mut out = String::new();
    for report in reports {
        out.push_str(&format!("{}\n", one_line(&report.file_name)));
        for e in &report.errors {
            note(&mut out, "错误", e, None);
        }
        if report.errors.is_empty() {
            let header = [
                "行号",
                "结果",
                "实际比例",
                "下限",
                "差额（元）",
                "项目名称 / 问题",
            ];
            let rows: Vec<[String; 6]> = report
                .rows
                .iter()
                .map(|r| {
                    let detail = match (&r.error, &r.name) {
                        (Some(e), _) if r.status == Status::Invalid => e.clone(),
                        (_, Some(n)) => n.clone(),
                        _ => String::new(),
                    };
                    [
                        r.row.to_string(),
                        r.status.label().to_owned(),
                        r.ratio.as_deref().map(percent).unwrap_or_default(),
                        r.floor.as_deref().map(floor_percent).unwrap_or_default(),
                        r.shortfall
                            .map(|s| text::group_thousands(&s.to_string()))
                            .unwrap_or_default(),
                        clip(&one_line(&detail), 60),
                    ]
                })
                .collect();
            let mut widths = header.map(width);
            for r in &rows {
                for (w, cell) in widths.iter_mut().zip(r) {
                    *w = (*w).max(width(cell));
                }
            }
            let line = |cells: [&str; 6]| {
                let mut s = String::from(" ");
                for (cell, w) in cells.iter().zip(widths) {
                    s.push(' ');
                    s.push_str(&pad(cell, w));
                }
                s.trim_end().to_owned() + "\n"
            };
            out.push_str(&line(header));
            for r in &rows {
                out.push_str(&line([&r[0], &r[1], &r[2], &r[3], &r[4], &r[5]]));
            }
            for r in &report.rows {
                if r.status == Status::Invalid {
                    for e in &r.errors {
                        note(&mut out, "错误", e, Some(r.row));
                    }
                }
                let mut shown: Vec<&Problem> = Vec::new();
                let verdict = r.verdict.iter().flat_map(|v| &v.warnings);
                for w in r.warnings.iter().chain(verdict) {
                    if !shown
                        .iter()
                        .any(|s| s.code == w.code && s.message == w.message)
                    {
                        note(&mut out, "提示", w, Some(r.row));
                        shown.push(w);
                    }
                }
            }
            for s in &report.skipped {
                out.push_str(&format!(
                    "  （第 {} 行已跳过：{}）\n",
                    s.row,
                    one_line(&s.reason)
                ));
            }
        }
        for w in &report.warnings {
            note(&mut out, "警告", w, None);
        }
        let s = report.summary;
        out.push_str(&format!(
            "  共 {} 个项目：符合 {}，不符合 {}，需人工审核 {}，输入有误 {}（规则库 {}）\n\n",
            s.total,
            s.pass,
            s.fail,
            s.review,
            s.invalid,
            one_line(&report.rule_book_version)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_and_formulas_defused() {
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("=1+1"), "'=1+1");
        assert_eq!(
            csv_field("<img src=x onerror=alert(1)>"),
            "<img src=x onerror=alert(1)>"
        );
    }

    #[test]
    fn percents() {
        assert_eq!(percent("0.2999"), "29.99%");
        assert_eq!(percent("0.3000"), "30.00%");
        assert_eq!(floor_percent("0.30"), "30%");
        assert_eq!(floor_percent("0.125"), "12.5%");
    }

    #[test]
    fn widths() {
        assert_eq!(width("abc"), 3);
        assert_eq!(width("项目"), 4);
        assert_eq!(clip("一二三四五六", 7), "一二三…");
    }
}
