//! The figures a policy sentence states: percentages, amounts in 元, numbers of people,
//! months and years, as Chinese policy texts write them (`30%`, `达 20% 以上`, `３０％`,
//! `百分之三十`, `3000元/人`, `3万元`, `3人以上`, `1名`, `6个月`, `三个月`, `3年`). The loader
//! uses them to refuse a rule whose number its own quote does not state.
//!
//! `三成` is not read: `成` follows numerals in too many words (`一成不变`, `十成`) to be taken
//! for a share, and none of the policy texts writes a floor that way.
//!
//! Numbers are exact integers with a count of decimal places ([`Num`]), not `Decimal`: the
//! loader runs in the page's module, where every kilobyte is paid for on each load.

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

impl Measure {
    /// The unit a message writes after a value.
    pub(super) fn unit(self) -> &'static str {
        match self {
            Measure::Percent => "%",
            Measure::Yuan => "元",
            Measure::Persons => "人",
            Measure::Months => "个月",
            Measure::Years => "年",
        }
    }
}

/// An exact non-negative number: `digits / 10^places`, without trailing zeros after the point
/// (so that equal numbers are equal values: `30`, `30.0` and `30.00` are one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Num {
    digits: u64,
    places: u32,
}

/// The most digits a number in a sentence is read with: no policy states a larger figure, and
/// below it nothing can overflow.
const MAX_DIGITS: usize = 15;

impl Num {
    /// `digits / 10^places`.
    pub(super) fn new(mut digits: u64, mut places: u32) -> Num {
        while places > 0 && digits % 10 == 0 {
            digits /= 10;
            places -= 1;
        }
        Num { digits, places }
    }

    /// This number times `10^k`; `None` when it does not fit.
    pub(super) fn shifted(self, k: u32) -> Option<Num> {
        let Num {
            mut digits,
            mut places,
        } = self;
        for _ in 0..k {
            if places > 0 {
                places -= 1;
            } else if digits <= u64::MAX / 10 {
                digits *= 10;
            } else {
                return None;
            }
        }
        Some(Num::new(digits, places))
    }

    /// The number in decimal: `12.5`, `1000`.
    pub(super) fn show(self) -> String {
        let mut text = self.digits.to_string();
        let places = self.places as usize;
        if places > 0 {
            while text.len() <= places {
                text.insert(0, '0');
            }
            text.insert(text.len() - places, '.');
        }
        text
    }
}

/// The value of a Chinese numeral digit.
fn chinese_digit(c: char) -> Option<u64> {
    Some(match c {
        '零' | '〇' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// The number that starts `text` and the text after it: Arabic digits (with thousands
/// separators and decimals) or Chinese numerals (`三十` 30, `一百二十` 120, `五万` 50,000,
/// `二〇二五` 2025: digits without multipliers are read one after another). `None` when no
/// number starts it; a value of `None` for one too long to read.
fn number(text: &str) -> Option<(Option<Num>, &str)> {
    let bytes = text.as_bytes();
    let (mut len, mut digits, mut places, mut count, mut point) = (0, 0u64, 0, 0, false);
    while let Some(&b) = bytes.get(len) {
        let digit_next = bytes.get(len + 1).is_some_and(u8::is_ascii_digit);
        if b.is_ascii_digit() {
            count += 1;
            if count <= MAX_DIGITS {
                digits = digits * 10 + u64::from(b - b'0');
                places += u32::from(point);
            }
        // A `.` or `,` belongs to the number only with a digit after it (else it ends a clause).
        } else if !(len > 0 && digit_next && (b == b',' || (b == b'.' && !point))) {
            break;
        }
        point |= b == b'.';
        len += 1;
    }
    if len > 0 {
        let value = (count <= MAX_DIGITS).then(|| Num::new(digits, places));
        return Some((value, text.get(len..).unwrap_or("")));
    }
    let (mut total, mut section, mut digit, mut count) = (0u64, 0u64, None::<u64>, 0);
    let mut multiplied = false;
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if let Some(d) = chinese_digit(c) {
            // Digits one after another (二〇二五) until a multiplier is met.
            digit = Some(if multiplied {
                d
            } else {
                digit.unwrap_or(0) * 10 + d
            });
        } else {
            let times = match c {
                '十' => 10,
                '百' => 100,
                '千' => 1000,
                '万' => 10_000,
                _ => break,
            };
            multiplied = true;
            if times == 10_000 {
                // 万 closes a section (五万: 5 × 10,000; 十五万: 15 × 10,000).
                total += (section + digit.take().unwrap_or(0)).max(1) * times;
                section = 0;
            } else {
                section += digit.take().unwrap_or(1) * times;
            }
        }
        count += 1;
        rest = rest.get(c.len_utf8()..).unwrap_or("");
        if count > MAX_DIGITS {
            return Some((None, rest));
        }
    }
    // 万 alone is a unit (万元), not ten thousand.
    if count == 0 || text.len() - rest.len() == '万'.len_utf8() && text.starts_with('万') {
        return (count > 0).then_some((None, rest));
    }
    Some((
        Some(Num::new(total + section + digit.unwrap_or(0), 0)),
        rest,
    ))
}

/// The unit that starts `text`: its measure, the text after it, and the power of ten that
/// turns the number before it into the measure's unit (万元: 4).
fn unit(text: &str) -> Option<(Measure, &str, u32)> {
    [
        ("%", Measure::Percent, 0),
        ("万元", Measure::Yuan, 4),
        ("元", Measure::Yuan, 0),
        ("人", Measure::Persons, 0),
        ("名", Measure::Persons, 0),
        ("个月", Measure::Months, 0),
        ("年", Measure::Years, 0),
    ]
    .into_iter()
    .find_map(|(u, m, shift)| text.strip_prefix(u).map(|rest| (m, rest, shift)))
}

/// Calls `found` with every figure `sentence` states, in order: its measure, its value in the
/// measure's unit, and how the sentence writes it (folded, without white space: `30%`,
/// `3万元`), until `found` returns `true`.
fn scan(sentence: &str, mut found: impl FnMut(Measure, Num, &str) -> bool) {
    // Full width folded (`３０％` is `30%`), white space dropped (`达 20% 以上`).
    let text = text::fold_compact(sentence);
    let mut rest = text.as_str();
    while let Some(c) = rest.chars().next() {
        let start = text.len() - rest.len();
        // 百分之 and a number, in either script.
        let percent = rest.strip_prefix("百分之");
        let Some((value, after)) = number(percent.unwrap_or(rest)) else {
            rest = rest.get(c.len_utf8()..).unwrap_or("");
            continue;
        };
        let unit = match percent {
            Some(_) => Some((Measure::Percent, after, 0)),
            None => unit(after),
        };
        rest = after;
        if let (Some(value), Some((measure, end, shift))) = (value, unit) {
            rest = end;
            let written = text.get(start..text.len() - end.len()).unwrap_or("");
            if let Some(value) = value.shifted(shift) {
                if found(measure, value, written) {
                    return;
                }
            }
        }
    }
}

/// Whether `sentence` states `value` as a `measure`. Never inlined: the loader calls it for
/// floors and for benefits, and one copy is enough (a book is loaded once).
///
/// # Errors
/// The figures of that measure it does state, as it writes them, joined with `、` (empty when
/// it states none).
#[inline(never)]
pub(super) fn stated(sentence: &str, measure: Measure, value: Num) -> Result<(), String> {
    let mut others: Vec<String> = Vec::new();
    let mut ok = false;
    scan(sentence, |m, v, written| {
        if m == measure {
            ok = v == value;
            if !others.iter().any(|o| o == written) {
                others.push(written.to_owned());
            }
        }
        ok
    });
    if ok {
        Ok(())
    } else {
        Err(others.join("、"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stated_figures(sentence: &str) -> Vec<(Measure, Num, String)> {
        let mut out = Vec::new();
        scan(sentence, |m, v, written| {
            out.push((m, v, written.to_owned()));
            false
        });
        out
    }

    /// A figure of `value` (a decimal text such as `12.5`).
    fn one(measure: Measure, value: &str, written: &str) -> (Measure, Num, String) {
        let (int, frac) = value.split_once('.').unwrap_or((value, ""));
        let digits = format!("{int}{frac}").parse().unwrap_or_default();
        let places = u32::try_from(frac.len()).unwrap_or_default();
        (measure, Num::new(digits, places), written.to_owned())
    }

    #[test]
    fn numbers_are_equal_whatever_their_trailing_zeros() {
        assert_eq!(Num::new(3000, 2), Num::new(30, 0));
        assert_eq!(Num::new(30, 2).shifted(2), Some(Num::new(30, 0)));
        assert_eq!(Num::new(125, 3).shifted(2), Some(Num::new(125, 1)));
        assert_eq!(Num::new(3, 0).shifted(4), Some(Num::new(30_000, 0)));
        assert_eq!(Num::new(u64::MAX, 0).shifted(1), None);
        for (n, text) in [
            (Num::new(125, 1), "12.5"),
            (Num::new(5, 3), "0.005"),
            (Num::new(1000, 0), "1000"),
            (Num::new(100_000, 2), "1000"),
            (Num::new(0, 0), "0"),
        ] {
            assert_eq!(n.show(), text);
        }
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
            ("30.00%", "30", "30.00%"),
        ] {
            assert_eq!(
                stated_figures(sentence),
                [one(P, value, written)],
                "{sentence}"
            );
        }
        // 三成 is not read (see the module's doc).
        assert_eq!(stated_figures("达三成以上"), []);
    }

    #[test]
    fn reads_amounts_counts_and_periods() {
        use Measure::{Months as M, Persons as N, Years as R, Yuan as Y};
        assert_eq!(
            stated_figures(
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
            stated_figures(
                "分别给予3万元和1万元一次性奖补，给予10万元一次性补助，每人500元、1,000元"
            ),
            [
                one(Y, "30000", "3万元"),
                one(Y, "10000", "1万元"),
                one(Y, "100000", "10万元"),
                one(Y, "500", "500元"),
                one(Y, "1000", "1,000元"),
            ]
        );
        assert_eq!(
            stated_figures("按3000元/人标准，稳定就业6个月以上，最多享受3年，每吸纳1名，1.5万元"),
            [
                one(Y, "3000", "3000元"),
                one(M, "6", "6个月"),
                one(R, "3", "3年"),
                one(N, "1", "1名"),
                one(Y, "15000", "1.5万元"),
            ]
        );
        assert_eq!(
            stated_figures("三个月、一百二十元、五万元、两年、二〇二五年"),
            [
                one(M, "3", "三个月"),
                one(Y, "120", "一百二十元"),
                one(Y, "50000", "五万元"),
                one(R, "2", "两年"),
                one(R, "2025", "二〇二五年"),
            ]
        );
        // Numerals in words, 万元 without a number, and a clause's full stop state nothing more;
        // a number too long to be a figure is none.
        assert_eq!(stated_figures("一次性交通补助，三类人员，每万元投资"), []);
        assert_eq!(stated_figures("补助500元."), [one(Y, "500", "500元")]);
        assert_eq!(stated_figures("1234567890123456元"), []);
        assert_eq!(stated_figures("十五万元"), [one(Y, "150000", "十五万元")]);
    }

    #[test]
    fn stated_lists_what_the_sentence_says_instead() {
        let quote = "达30%以上，达30%，力争40%";
        assert_eq!(stated(quote, Measure::Percent, Num::new(30, 0)), Ok(()));
        assert_eq!(
            stated(quote, Measure::Percent, Num::new(20, 0)),
            Err("30%、40%".to_owned())
        );
        assert_eq!(
            stated(quote, Measure::Yuan, Num::new(20, 0)),
            Err(String::new())
        );
    }
}
