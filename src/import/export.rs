//! Exporting checked plans: CSV that Excel opens (UTF-8 with a BOM), and a plain-text table.

use crate::check::Status;
use crate::text;

use super::PlanReport;

/// The CSV header: one line per project row.
pub const CSV_HEADER: [&str; 10] = [
    "文件",
    "行号",
    "项目名称",
    "结果",
    "实际比例",
    "比例下限",
    "差额（元）",
    "规则",
    "问题",
    "规则库版本",
];

fn csv_field(value: &str) -> String {
    // Excel would run a formula written by a hostile name (=, +, -, @): prefix a quote.
    let value = match value.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{value}"),
        _ => value.to_owned(),
    };
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
/// be read gets one line with its error.
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
            let line = [
                report.file_name.as_str(),
                row.as_str(),
                r.name.as_deref().unwrap_or_default(),
                r.status.label(),
                ratio.as_str(),
                floor.as_str(),
                shortfall.as_str(),
                r.rule.as_deref().unwrap_or_default(),
                r.error.as_deref().or(r.note.as_deref()).unwrap_or_default(),
                report.rule_book_version.as_str(),
            ];
            out.push_str(&line.map(csv_field).join(","));
            out.push_str("\r\n");
        }
    }
    out
}

/// Display width in a terminal: CJK and full-width characters take two columns.
fn width(s: &str) -> usize {
    s.chars()
        .map(|c| match c as u32 {
            0x1100..=0x115F
            | 0x2E80..=0xA4CF
            | 0xAC00..=0xD7A3
            | 0xF900..=0xFAFF
            | 0xFE30..=0xFE4F
            | 0xFF00..=0xFF60
            | 0xFFE0..=0xFFE6 => 2,
            _ => 1,
        })
        .sum()
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

/// The reports as an aligned plain-text table with a summary line per file.
pub fn to_table(reports: &[PlanReport]) -> String {
    let mut out = String::new();
    for report in reports {
        out.push_str(&format!("{}\n", report.file_name));
        for e in &report.errors {
            out.push_str(&format!("  错误 [{}] {}\n", e.code, e.message));
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
                        clip(&detail, 60),
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
            for s in &report.skipped {
                out.push_str(&format!("  （第 {} 行已跳过：{}）\n", s.row, s.reason));
            }
        }
        let s = report.summary;
        out.push_str(&format!(
            "  共 {} 个项目：符合 {}，不符合 {}，需人工审核 {}，输入有误 {}（规则库 {}）\n\n",
            s.total, s.pass, s.fail, s.review, s.invalid, report.rule_book_version
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
