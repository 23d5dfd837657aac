//! The figures a policy sentence states: percentages, amounts in 元, numbers of people,
//! months and years, as Chinese policy texts write them (`30%`, `达 20% 以上`, `３０％`,
//! `百分之三十`, `3000元/人`, `3万元`, `3人以上`, `1名`, `6个月`, `三个月`, `3年`). The loader
//! uses them to refuse a rule whose number its own quote does not state.
//!
//! `三成` is not read: `成` follows numerals in too many words (`一成不变`, `十成`) to be taken
//! for a share, and none of the policy texts writes a floor that way.

use rust_decimal::Decimal;

use crate::text;

/// What a figure counts, from the unit written after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Measure {
    /// `30%`, `百分之三十`: the value is the percentage (30).
    Percent,
    /// `1000元`, `3万元`: the value is in yuan.
    Yuan,
    /// `3人`, `1名`.
    Persons,
    /// `6个月`.
    Months,
    /// `3年`.
    Years,
}

/// A figure stated in a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Figure {
    /// What it counts.
    pub measure: Measure,
    /// Its value, in the measure's own unit.
    pub value: Decimal,
    /// How the sentence writes it (folded, without white space): `30%`, `3万元`.
    pub written: String,
}

const DIGITS: &str = "零〇一二两三四五六七八九";

/// The value of a Chinese numeral digit.
fn chinese_digit(c: char) -> Option<u64> {
    match c {
        '两' => Some(2),
        '〇' => Some(0),
        _ => DIGITS
            .chars()
            .filter(|d| *d != '两' && *d != '〇')
            .position(|d| d == c)
            .and_then(|i| u64::try_from(i).ok()),
    }
}

fn is_chinese_numeral(c: char) -> bool {
    chinese_digit(c).is_some() || matches!(c, '十' | '百' | '千' | '万')
}

/// The value of a run of Chinese numerals: `三十` 30, `一百二十` 120, `五万` 50,000, `二〇二五`
/// 2025 (digits without multipliers are read one after another).
fn chinese_value(run: &[char]) -> Option<u64> {
    if run.iter().all(|c| chinese_digit(*c).is_some()) {
        return run.iter().try_fold(0u64, |acc, c| {
            acc.checked_mul(10)?.checked_add(chinese_digit(*c)?)
        });
    }
    let (mut total, mut section, mut digit) = (0u64, 0u64, None::<u64>);
    for &c in run {
        if let Some(d) = chinese_digit(c) {
            digit = Some(d);
            continue;
        }
        let times = match c {
            '十' => 10,
            '百' => 100,
            '千' => 1000,
            _ => {
                // 万 closes a section.
                section = section.checked_add(digit.take().unwrap_or(0))?;
                total = total.checked_add(section.max(1).checked_mul(10_000)?)?;
                section = 0;
                continue;
            }
        };
        section = section.checked_add(digit.take().unwrap_or(1).checked_mul(times)?)?;
    }
    total.checked_add(section)?.checked_add(digit.unwrap_or(0))
}

/// The unit written at the start of `rest`, with its length in characters and the factor that
/// turns the number before it into the measure's unit.
fn unit_at(rest: &[char]) -> Option<(Measure, usize, u64)> {
    let starts = |s: &str| {
        let mut n = 0;
        for (i, c) in s.chars().enumerate() {
            if rest.get(i) != Some(&c) {
                return None;
            }
            n += 1;
        }
        Some(n)
    };
    [
        ("%", Measure::Percent, 1),
        ("万元", Measure::Yuan, 10_000),
        ("元", Measure::Yuan, 1),
        ("人", Measure::Persons, 1),
        ("名", Measure::Persons, 1),
        ("个月", Measure::Months, 1),
        ("年", Measure::Years, 1),
    ]
    .into_iter()
    .find_map(|(s, m, f)| starts(s).map(|n| (m, n, f)))
}

/// Every figure `sentence` states, in order.
pub(super) fn figures(sentence: &str) -> Vec<Figure> {
    // Full width folded (`３０％` is `30%`), white space dropped (`达 20% 以上`).
    let chars: Vec<char> = text::compact_chars(sentence).collect();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        let rest = chars.get(i..).unwrap_or_default();
        // 百分之 and a number, in either script.
        if rest.starts_with(&['百', '分', '之']) {
            let (value, len) = number_at(chars.get(i + 3..).unwrap_or_default());
            if let Some(value) = value {
                out.push(Figure {
                    measure: Measure::Percent,
                    value,
                    written: chars
                        .get(i..i + 3 + len)
                        .unwrap_or_default()
                        .iter()
                        .collect(),
                });
                i += 3 + len;
                continue;
            }
        }
        if c.is_ascii_digit() || is_chinese_numeral(c) {
            let (value, len) = number_at(rest);
            let after = chars.get(i + len..).unwrap_or_default();
            if let (Some(value), Some((measure, unit_len, factor))) = (value, unit_at(after)) {
                out.push(Figure {
                    measure,
                    value: value * Decimal::from(factor),
                    written: rest
                        .get(..len + unit_len)
                        .unwrap_or_default()
                        .iter()
                        .collect(),
                });
                i += len + unit_len;
                continue;
            }
            i += len.max(1);
            continue;
        }
        i += 1;
    }
    out
}

/// Whether `sentence` states `value` as a `measure`.
///
/// # Errors
/// The figures of that measure it does state, as it writes them, joined with `、` (empty when
/// it states none).
pub(super) fn stated(sentence: &str, measure: Measure, value: Decimal) -> Result<(), String> {
    let mut written: Vec<String> = Vec::new();
    for f in figures(sentence)
        .into_iter()
        .filter(|f| f.measure == measure)
    {
        if f.value == value {
            return Ok(());
        }
        if !written.contains(&f.written) {
            written.push(f.written);
        }
    }
    Err(written.join("、"))
}

/// The number that starts `rest` (Arabic digits with thousands separators and decimals, or
/// Chinese numerals) and its length in characters; `None` when none does.
fn number_at(rest: &[char]) -> (Option<Decimal>, usize) {
    let arabic = rest
        .iter()
        .take_while(|c| c.is_ascii_digit() || matches!(c, '.' | ','))
        .count();
    if arabic > 0 {
        // A trailing `.` or `,` ends the sentence's clause, not the number.
        let mut len = arabic;
        while len > 0 && matches!(rest.get(len - 1), Some('.' | ',')) {
            len -= 1;
        }
        let digits: String = rest
            .get(..len)
            .unwrap_or_default()
            .iter()
            .filter(|c| **c != ',')
            .collect();
        return (Decimal::from_str_exact(&digits).ok(), len);
    }
    let len = rest.iter().take_while(|c| is_chinese_numeral(**c)).count();
    let run = rest.get(..len).unwrap_or_default();
    // 万 alone is a unit (万元), not ten thousand.
    if len == 0 || run == ['万'] {
        return (None, len);
    }
    (chinese_value(run).map(Decimal::from), len)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stated(sentence: &str) -> Vec<(Measure, String, String)> {
        figures(sentence)
            .into_iter()
            .map(|f| (f.measure, f.value.normalize().to_string(), f.written))
            .collect()
    }

    fn one(measure: Measure, value: &str, written: &str) -> (Measure, String, String) {
        (measure, value.to_owned(), written.to_owned())
    }

    #[test]
    fn reads_the_forms_of_a_percentage() {
        use Measure::Percent as P;
        for (sentence, value, written) in [
            ("劳务报酬占中央资金比例达30%以上", "30", "30%"),
            ("比例达 20% 以上", "20", "20%"),
            ("不低于投入该项目各级财政资金 10% 的比例", "10", "10%"),
            ("达３０％以上", "30", "30%"),
            ("达百分之三十以上", "30", "百分之三十"),
            ("百分之十五", "15", "百分之十五"),
            ("百分之12.5", "12.5", "百分之12.5"),
            ("12.5%", "12.5", "12.5%"),
        ] {
            assert_eq!(stated(sentence), [one(P, value, written)], "{sentence}");
        }
        // 三成 is not read (see the module's doc).
        assert_eq!(stated("达三成以上"), []);
    }

    #[test]
    fn reads_amounts_counts_and_periods() {
        use Measure::{Months as M, Persons as N, Years as R, Yuan as Y};
        assert_eq!(
            stated(
                "对吸纳脱贫人口3人以上（含3人）就业、签订3个月及以上劳动合同，年收入不低于4000元"
            ),
            [
                one(N, "3", "3人"),
                one(N, "3", "3人"),
                one(M, "3", "3个月"),
                one(Y, "4000", "4000元"),
            ]
        );
        assert_eq!(
            stated("分别给予3万元和1万元一次性奖补，给予10万元一次性补助，每人500元、1,000元"),
            [
                one(Y, "30000", "3万元"),
                one(Y, "10000", "1万元"),
                one(Y, "100000", "10万元"),
                one(Y, "500", "500元"),
                one(Y, "1000", "1,000元"),
            ]
        );
        assert_eq!(
            stated("按3000元/人标准，稳定就业6个月以上，最多享受3年，每吸纳1名"),
            [
                one(Y, "3000", "3000元"),
                one(M, "6", "6个月"),
                one(R, "3", "3年"),
                one(N, "1", "1名"),
            ]
        );
        assert_eq!(
            stated("三个月、一百二十元、五万元、两年、二〇二五年"),
            [
                one(M, "3", "三个月"),
                one(Y, "120", "一百二十元"),
                one(Y, "50000", "五万元"),
                one(R, "2", "两年"),
                one(R, "2025", "二〇二五年"),
            ]
        );
        // Numerals in words, and 万元 without a number, state nothing.
        assert_eq!(stated("一次性交通补助，三类人员，每万元投资"), []);
    }
}
