//! A plan's stated labour share (`劳务报酬占比`, `占中央资金比例`): read as it is written and
//! compared with the share the row's own amounts give.
//!
//! The rule (ARCHITECTURE.md, "Choices where the policy texts are silent"): a stated share is
//! a rounded figure, precise to its last written digit. It agrees with the amounts when
//! `|labour − stated × base| ≤ half a unit of that digit × base`, decided exactly on decimals.
//! Beyond that it is contradicted (`plan.stated_share_mismatch`). Within it, a stated share at
//! or above the floor over amounts that fall short of it is the rounding trap: the row fails on
//! its exact amounts and says so (`plan.stated_share_rounded`). The verdict never reads the
//! stated share.

use rust_decimal::Decimal;

use crate::problem::Problem;
use crate::text;

use super::fast::CellRef;
use super::table::number_text;

/// A stated share as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stated {
    /// The share as a fraction: `30.00%` is 0.3000.
    pub value: Decimal,
    /// Half a unit of its last written digit, as a fraction: `30.00%` has 0.00005.
    pub half: Decimal,
    /// The share as the table shows it, for messages.
    pub shown: String,
}

/// Reads a stated-share cell: `30%`, `30.00%`, `0.3` (a fraction: at most 1 without `%`),
/// `30` (a percent: above 1, or in a column whose header has `%`), or a spreadsheet number.
/// `None` for a blank cell; `Err` with the cell's text when it is no share.
pub fn read(cell: CellRef<'_>, percent_header: bool) -> Option<Result<Stated, String>> {
    match cell {
        CellRef::Blank => None,
        CellRef::Text(t) => Some(read_text(t, percent_header).ok_or_else(|| t.trim().to_owned())),
        CellRef::Number(f) => Some(read_number(f, percent_header).ok_or_else(|| number_text(f))),
        CellRef::Date(d) => Some(Err(d.to_string())),
        CellRef::Other => Some(Err(String::new())),
    }
}

/// Digits with at most one decimal point, as a decimal.
fn plain_decimal(text: &str) -> Option<Decimal> {
    let mut dots = 0;
    for b in text.bytes() {
        match b {
            b'0'..=b'9' => {}
            b'.' => dots += 1,
            _ => return None,
        }
    }
    if dots > 1 || text.starts_with('.') || text.ends_with('.') || text.len() > 20 {
        return None;
    }
    text.parse().ok()
}

/// `digits` percent, precise to its written decimals.
fn percent(digits: Decimal, shown: String) -> Option<Stated> {
    Some(Stated {
        value: digits.checked_div(Decimal::ONE_HUNDRED)?,
        // Half a unit of the last digit, in percent, as a fraction.
        half: Decimal::new(5, digits.scale().checked_add(3)?),
        shown,
    })
}

fn read_text(text: &str, percent_header: bool) -> Option<Stated> {
    let folded: String = text::fold(text)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if let Some(digits) = folded.strip_suffix('%') {
        return percent(plain_decimal(digits)?, folded.clone());
    }
    let value = plain_decimal(&folded)?;
    if percent_header || value > Decimal::ONE {
        return percent(value, format!("{folded}%"));
    }
    // A fraction, precise to its own written digits: `0.3` is 30% ± 5%.
    let hundred = value.checked_mul(Decimal::ONE_HUNDRED)?;
    Some(Stated {
        value,
        half: Decimal::new(5, value.scale().checked_add(1)?),
        shown: format!("{folded}（即 {}%）", hundred.normalize()),
    })
}

/// A spreadsheet number: a fraction (at most 1) is a percentage cell, precise to the digits
/// its percent has (`0.3` shows as 30%, ± 0.5%; `0.29996` as 29.996%).
fn read_number(value: f64, percent_header: bool) -> Option<Stated> {
    if !value.is_finite() || value < 0.0 {
        return None;
    }
    let d = plain_decimal(&number_text(value))?;
    if percent_header || d > Decimal::ONE {
        return percent(d, format!("{}%", d));
    }
    let mut digits = d.checked_mul(Decimal::ONE_HUNDRED)?;
    digits.rescale(d.scale().saturating_sub(2));
    percent(digits, format!("{digits}%"))
}

/// labour / base in percent, truncated to 4 decimals, and whether that is exact.
fn exact_percent(base_fen: i64, labour_fen: i64) -> Option<String> {
    let base = i128::from(base_fen);
    let scaled = i128::from(labour_fen).checked_mul(1_000_000)?;
    let units = scaled.checked_div(base)?;
    let exact = scaled.checked_rem(base)? == 0;
    let shown = Decimal::try_from_i128_with_scale(units, 4)
        .ok()?
        .normalize();
    Some(if exact {
        format!("{shown}%")
    } else {
        format!("{shown}%（四位小数后截断，不进位）")
    })
}

/// The floor as a percent: `0.30` is `30%`.
fn floor_shown(floor: Decimal) -> String {
    format!("{}%", (floor * Decimal::ONE_HUNDRED).normalize())
}

/// What a row's amounts say about its stated share, as a remark for the row (`None` when they
/// agree, or when there is no base to divide by). `ok` is the floor's exact judgement.
pub fn compare(
    stated: &Stated,
    floor: Decimal,
    base_fen: Option<i64>,
    labour_fen: i64,
    ok: bool,
) -> Option<(&'static str, String)> {
    let base_fen = base_fen.filter(|b| *b > 0)?;
    let base = Decimal::new(base_fen, 2);
    let labour = Decimal::new(labour_fen, 2);
    let diff = labour.checked_sub(stated.value.checked_mul(base)?)?.abs();
    let tolerance = stated.half.checked_mul(base)?;
    let mismatch = diff > tolerance;
    // Most stated shares agree: the words are made only for a remark.
    if !mismatch && (ok || stated.value < floor) {
        return None;
    }
    let exact = exact_percent(base_fen, labour_fen)?;
    let amounts = format!(
        "劳务报酬 {} 元 ÷ 计算基数 {} 元",
        text::group_thousands(&labour.to_string()),
        text::group_thousands(&base.to_string())
    );
    if mismatch {
        let half = (stated.half * Decimal::ONE_HUNDRED).normalize();
        return Some((
            "plan.stated_share_mismatch",
            format!(
                "表中填报的劳务报酬占比 {} 与金额不符：按金额计算为 {exact}（{amounts}），\
                 相差超出填报数字的精度（±{half}%）。结论按金额判定，请核对金额或占比",
                stated.shown
            ),
        ));
    }
    Some((
        "plan.stated_share_rounded",
        format!(
            "表中填报的劳务报酬占比 {} 是四舍五入后的数字：按金额精确计算为 {exact}（{amounts}），\
             低于下限 {}。结论按精确金额判定为不符合",
            stated.shown,
            floor_shown(floor)
        ),
    ))
}

/// A row's remark about its stated share: contradicted, rounded over a shortfall, or
/// unreadable. `column` is the column as the file names it, e.g. `F（劳务报酬占比）`.
pub fn problem(
    reading: &Result<Stated, String>,
    floor: Option<(Decimal, Option<i64>, i64, bool)>,
    row: u32,
    column: &str,
) -> Option<Problem> {
    let (code, message) = match reading {
        Err(text) => (
            "plan.stated_share_unreadable",
            format!(
                "第 {row} 行 {column}{}不是可识别的比例（如 30%、30.00%、0.3），未与金额核对",
                crate::text::quote(text)
            ),
        ),
        Ok(stated) => {
            let (floor, base, labour, ok) = floor?;
            let (code, message) = compare(stated, floor, base, labour, ok)?;
            (code, format!("第 {row} 行：{message}"))
        }
    };
    Some(Problem {
        code: code.to_owned(),
        field: crate::facts::Field::StatedShare.path().to_owned(),
        message,
        row: Some(row),
        column: Some(column.to_owned()),
    })
}

#[cfg(test)]
// Amounts in fen, grouped as yuan_fen.
#[allow(clippy::inconsistent_digit_grouping, clippy::panic)]
mod tests {
    use super::*;

    fn text(t: &str) -> Stated {
        match read(CellRef::Text(t), false) {
            Some(Ok(s)) => s,
            other => panic!("{t}: {other:?}"),
        }
    }

    fn dec(s: &str) -> Decimal {
        s.parse().unwrap_or_default()
    }

    #[test]
    fn reads_shares_with_their_precision() {
        let s = text("30.00%");
        assert_eq!((s.value, s.half), (dec("0.3"), dec("0.00005")));
        let s = text("30%");
        assert_eq!((s.value, s.half), (dec("0.3"), dec("0.005")));
        let s = text("０.３");
        assert_eq!((s.value, s.half), (dec("0.3"), dec("0.05")));
        assert_eq!(s.shown, "0.3（即 30%）");
        let s = text("29.5");
        assert_eq!((s.value, s.half), (dec("0.295"), dec("0.0005")));
        let s = read(CellRef::Number(0.3), false).and_then(Result::ok);
        assert_eq!(
            s.map(|s| (s.value, s.half)),
            Some((dec("0.3"), dec("0.005")))
        );
        let s = read(CellRef::Number(0.29996), false).and_then(Result::ok);
        assert_eq!(
            s.map(|s| (s.value, s.half, s.shown)),
            Some((dec("0.29996"), dec("0.000005"), "29.996%".to_owned()))
        );
        let s = read(CellRef::Text("0.3"), true).and_then(Result::ok);
        assert_eq!(s.map(|s| s.value), Some(dec("0.003")));
        for bad in ["三成", "30%%", "-30%", "1.2.3", ".5", "30%以上"] {
            assert_eq!(read(CellRef::Text(bad), false), Some(Err(bad.to_owned())));
        }
        assert_eq!(read(CellRef::Blank, false), None);
    }

    #[test]
    fn the_rounding_trap_is_named_not_called_a_contradiction() {
        // 29.996% exactly: 30.00% at two decimals, but below a 30% floor.
        let stated = text("30.00%");
        let (code, message) =
            compare(&stated, dec("0.30"), Some(100_000_00), 29_996_00, false).unwrap_or_default();
        assert_eq!(code, "plan.stated_share_rounded");
        assert!(message.contains("29.996%"), "{message}");
        assert!(message.contains("四舍五入"), "{message}");
        // The same amounts stated as 32%: a contradiction.
        let (code, message) = compare(
            &text("32%"),
            dec("0.30"),
            Some(100_000_00),
            29_996_00,
            false,
        )
        .unwrap_or_default();
        assert_eq!(code, "plan.stated_share_mismatch");
        assert!(
            message.contains("32%") && message.contains("29.996%"),
            "{message}"
        );
        // 30.01% stated over 29.996%: beyond two decimals' half unit.
        let found = compare(
            &text("30.01%"),
            dec("0.30"),
            Some(100_000_00),
            29_996_00,
            false,
        );
        assert_eq!(found.map(|(c, _)| c), Some("plan.stated_share_mismatch"));
        // 0.3 is precise to 0.05 only.
        assert_eq!(
            compare(
                &text("0.3"),
                dec("0.30"),
                Some(100_000_00),
                26_000_00,
                false
            )
            .map(|(c, _)| c),
            Some("plan.stated_share_rounded")
        );
        assert_eq!(
            compare(
                &text("0.3"),
                dec("0.30"),
                Some(100_000_00),
                24_000_00,
                false
            )
            .map(|(c, _)| c),
            Some("plan.stated_share_mismatch")
        );
        // Agreeing figures, a passing row, no base: nothing to say.
        assert_eq!(
            compare(&text("30%"), dec("0.30"), Some(100), 30, true),
            None
        );
        assert_eq!(
            compare(&text("29.99%"), dec("0.30"), Some(10_000), 2_999, false),
            None
        );
        assert_eq!(compare(&text("30%"), dec("0.30"), Some(0), 30, false), None);
        assert_eq!(compare(&text("30%"), dec("0.30"), None, 30, false), None);
    }

    #[test]
    fn the_edge_of_the_precision_agrees() {
        // 29.995% stated as 30.00%: exactly half a unit off, which rounds to it.
        assert_eq!(
            compare(
                &text("30.00%"),
                dec("0.30"),
                Some(100_000_00),
                29_995_00,
                false
            )
            .map(|(c, _)| c),
            Some("plan.stated_share_rounded")
        );
        assert_eq!(
            compare(
                &text("30.00%"),
                dec("0.30"),
                Some(100_000_00),
                29_994_99,
                false
            )
            .map(|(c, _)| c),
            Some("plan.stated_share_mismatch")
        );
    }
}
