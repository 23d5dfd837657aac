//! Money: exact amounts in yuan, to the fen, parsed from what people and spreadsheets write.
//!
//! Every amount is a [`rust_decimal::Decimal`] with scale 2. Nothing here goes through a
//! binary float except a JavaScript/JSON number, which is read back through its shortest
//! round-trip decimal form (the digits the sender wrote), and only below a bound where
//! that form is exact.

use std::fmt;
use std::str::FromStr;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Serialize, Serializer};

use crate::text;

/// The largest amount accepted, in yuan: 9,999,999,999,999.99 (just under ten trillion).
///
/// Below it every amount has at most 15 significant digits, so a JavaScript number that
/// carries it is read back exactly; above it a binary double cannot hold every fen.
pub const MAX_YUAN: Decimal = Decimal::from_parts(2_764_472_319, 232_830, 0, false, 2);

/// The unit an amount is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Unit {
    /// 元.
    #[default]
    Yuan,
    /// 万元: ten thousand yuan; such values may carry up to 6 decimals.
    Wan,
}

impl Unit {
    /// Reads a unit name: `元`, `万元`, `万`, `yuan`, `wan` (full-width and brackets tolerated).
    pub fn parse(text: &str) -> Option<Unit> {
        let t = text::fold_compact(text);
        let t = t.trim_matches(|c| matches!(c, '(' | ')' | '[' | ']' | '【' | '】'));
        match t.to_ascii_lowercase().as_str() {
            "元" | "yuan" | "rmb" | "cny" => Some(Unit::Yuan),
            "万元" | "万" | "wan" | "wanyuan" => Some(Unit::Wan),
            _ => None,
        }
    }

    /// The Chinese name of the unit.
    pub fn name(self) -> &'static str {
        match self {
            Unit::Yuan => "元",
            Unit::Wan => "万元",
        }
    }

    /// How many decimals a value in this unit may carry and still be a whole number of fen.
    fn max_decimals(self) -> u32 {
        match self {
            Unit::Yuan => 2,
            Unit::Wan => 6,
        }
    }
}

/// An exact, non-negative amount of money in yuan, a whole number of fen; in JSON a string
/// with two decimals, e.g. `"1500000.00"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify), tsify(type = "string"))]
pub struct Money(Decimal);

/// Why a text or number is not an amount of money.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum MoneyError {
    /// Nothing was written.
    #[error("金额为空")]
    Empty,
    /// The amount is below zero.
    #[error("金额不能为负数（“{0}”）")]
    Negative(String),
    /// The text is written with Chinese numerals, which are not read.
    #[error("“{0}”使用了中文数字，请改用阿拉伯数字填写金额，如 1600000 或 160万")]
    ChineseNumeral(String),
    /// The text uses scientific notation, which spreadsheets produce when they lose digits.
    #[error("“{0}”是科学计数法，可能已丢失位数，请填写完整金额")]
    Scientific(String),
    /// Thousands separators are not in groups of three digits.
    #[error("“{0}”的千位分隔符位置不正确")]
    BadGrouping(String),
    /// The text is not a number.
    #[error("“{0}”不是有效的金额，请填写数字，如 1600000、1,600,000.00、160万元")]
    NotANumber(String),
    /// The amount is not a whole number of fen.
    #[error("“{0}”的精度超过了分（0.01 元）；以元为单位最多两位小数，以万元为单位最多六位小数")]
    TooPrecise(String),
    /// The amount is too large to be held exactly.
    #[error("金额“{0}”过大，超过可精确处理的上限 9,999,999,999,999.99 元")]
    TooLarge(String),
    /// A number that is NaN or infinite.
    #[error("金额不是有限数字（NaN 或无穷大）")]
    NotFinite,
}

impl MoneyError {
    /// The stable machine code of this error.
    pub fn code(&self) -> &'static str {
        match self {
            MoneyError::Empty => "money.empty",
            MoneyError::Negative(_) => "money.negative",
            MoneyError::ChineseNumeral(_) => "money.chinese_numeral",
            MoneyError::Scientific(_) => "money.scientific",
            MoneyError::BadGrouping(_) => "money.bad_grouping",
            MoneyError::NotANumber(_) => "money.not_a_number",
            MoneyError::TooPrecise(_) => "money.too_precise",
            MoneyError::TooLarge(_) => "money.too_large",
            MoneyError::NotFinite => "money.not_finite",
        }
    }
}

const CHINESE_NUMERALS: &str = "零〇一二两三四五六七八九十百千亿壹贰叁肆伍陆柒捌玖拾佰仟萬億";

impl Money {
    /// Zero yuan (`0.00`).
    pub const ZERO: Money = Money(Decimal::from_parts(0, 0, 0, false, 2));

    /// Parses an amount as people and spreadsheets write it: `1600000`, `1,600,000.00`,
    /// `1600000元`, `160万元`, `160万`, `¥1,600,000`, full-width digits and punctuation,
    /// surrounding spaces. A unit written in the text wins over `default_unit`.
    ///
    /// ```
    /// use workrelief::money::{Money, Unit};
    /// assert_eq!(Money::parse("１６０万元", Unit::Yuan).unwrap().to_string(), "1600000.00");
    /// assert_eq!(Money::parse("149.99", Unit::Wan).unwrap().to_string(), "1499900.00");
    /// ```
    ///
    /// # Errors
    /// A [`MoneyError`] for empty text, negatives, Chinese numerals, scientific notation,
    /// misplaced thousands separators, anything else that is not a number, more precision
    /// than a fen, and amounts above [`MAX_YUAN`].
    pub fn parse(input: &str, default_unit: Unit) -> Result<Money, MoneyError> {
        let folded = text::fold(input);
        let shown = folded.as_str();
        let mut s = shown;
        if s.is_empty() {
            return Err(MoneyError::Empty);
        }
        s = s.strip_prefix('¥').unwrap_or(s).trim_start();
        let mut unit = default_unit;
        for (suffix, u) in [("万元", Unit::Wan), ("元", Unit::Yuan), ("万", Unit::Wan)] {
            if let Some(rest) = s.strip_suffix(suffix) {
                s = rest.trim_end();
                unit = u;
                break;
            }
        }
        let s = s.strip_prefix('+').unwrap_or(s);
        if let Some(rest) = s.strip_prefix('-') {
            return match parse_digits(rest.trim_start(), unit, shown) {
                Ok(m) if m.is_zero() => Ok(Money::ZERO),
                Ok(_) => Err(MoneyError::Negative(shown.to_owned())),
                Err(e) => Err(e),
            };
        }
        parse_digits(s, unit, shown)
    }

    /// Reads a JSON or JavaScript number in `unit`, through the shortest decimal text that
    /// round-trips to the same double (what the sender typed, for up to 15 significant digits).
    ///
    /// # Errors
    /// [`MoneyError::NotFinite`] for NaN and infinities, otherwise as [`Money::parse`].
    pub fn from_f64(value: f64, unit: Unit) -> Result<Money, MoneyError> {
        if !value.is_finite() {
            return Err(MoneyError::NotFinite);
        }
        if value < 0.0 {
            return Err(MoneyError::Negative(value.to_string()));
        }
        // Rust prints the shortest representation that round-trips, never in exponent form.
        let shown = format!("{}", value.abs());
        parse_digits(&shown, unit, &shown)
    }

    /// Reads an exact integer in `unit`.
    ///
    /// # Errors
    /// [`MoneyError::TooLarge`] above [`MAX_YUAN`].
    pub fn from_u64(value: u64, unit: Unit) -> Result<Money, MoneyError> {
        let shown = value.to_string();
        parse_digits(&shown, unit, &shown)
    }

    /// Makes an amount from a decimal number of yuan.
    ///
    /// # Errors
    /// As [`Money::parse`] for negatives, fractions of a fen and amounts above [`MAX_YUAN`].
    pub fn from_decimal(value: Decimal) -> Result<Money, MoneyError> {
        if value.is_sign_negative() && !value.is_zero() {
            return Err(MoneyError::Negative(value.to_string()));
        }
        // A value with at most two decimals within the bound is already a whole number of fen
        // (what the floors compute: thresholds rounded to the fen and their differences).
        if value.scale() <= 2 {
            let mut fen = value.abs();
            fen.rescale(2);
            if fen <= MAX_YUAN {
                return Ok(Money(fen));
            }
        }
        let shown = value.abs().normalize().to_string();
        parse_digits(&shown, Unit::Yuan, &shown)
    }

    /// The amount in yuan, with scale 2.
    pub fn yuan(self) -> Decimal {
        self.0
    }

    /// The amount as a whole number of fen.
    pub fn fen(self) -> i128 {
        // Scale is always 2, so the mantissa is the number of fen.
        self.0.mantissa()
    }

    /// True for zero yuan.
    pub fn is_zero(self) -> bool {
        self.0.is_zero()
    }

    /// Adds two amounts; `None` on overflow (which cannot happen below [`MAX_YUAN`] for
    /// any realistic number of terms, but is never assumed).
    pub fn checked_add(self, other: Money) -> Option<Money> {
        self.0.checked_add(other.0).map(Money)
    }

    /// The amount with thousands separators, e.g. `1,500,000.00`.
    pub fn grouped(self) -> String {
        text::group_thousands(&self.to_string())
    }
}

/// Parses `digits[.digits]` with optional thousands separators (no sign, no unit).
fn parse_digits(s: &str, unit: Unit, shown: &str) -> Result<Money, MoneyError> {
    let owned = || shown.to_owned();
    if s.is_empty() {
        return Err(if shown.is_empty() {
            MoneyError::Empty
        } else {
            MoneyError::NotANumber(owned())
        });
    }
    if s.chars().any(|c| CHINESE_NUMERALS.contains(c)) {
        return Err(MoneyError::ChineseNumeral(owned()));
    }
    let (int_part, frac_part) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s, None),
    };
    let is_digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    let looks_scientific = |t: &str| {
        let lower = t.to_ascii_lowercase();
        lower.split_once('e').is_some_and(|(m, e)| {
            !m.is_empty()
                && m.bytes().all(|b| b.is_ascii_digit() || b == b'.')
                && is_digits(e.trim_start_matches(['+', '-']))
        })
    };
    if looks_scientific(s) {
        return Err(MoneyError::Scientific(owned()));
    }
    let int_digits: String = if int_part.contains(',') {
        let mut groups = int_part.split(',');
        let first = groups.next().unwrap_or_default();
        let ok_first = is_digits(first) && first.len() <= 3;
        let rest: Vec<&str> = groups.collect();
        if !ok_first || rest.iter().any(|g| g.len() != 3 || !is_digits(g)) {
            return Err(
                if int_part.bytes().all(|b| b.is_ascii_digit() || b == b',') {
                    MoneyError::BadGrouping(owned())
                } else {
                    MoneyError::NotANumber(owned())
                },
            );
        }
        int_part.replace(',', "")
    } else if int_part.is_empty() && frac_part.is_some() {
        // ".5" is read as 0.5.
        "0".to_owned()
    } else {
        int_part.to_owned()
    };
    if !is_digits(&int_digits) {
        return Err(MoneyError::NotANumber(owned()));
    }
    let frac = match frac_part {
        Some(f) if is_digits(f) => f.trim_end_matches('0'),
        Some("") if !int_part.is_empty() => "",
        Some(_) => return Err(MoneyError::NotANumber(owned())),
        None => "",
    };
    if frac.len() > unit.max_decimals() as usize {
        return Err(MoneyError::TooPrecise(owned()));
    }
    let int_digits = int_digits.trim_start_matches('0');
    // 13 integer digits of yuan, or 9 of wan, is the most that can be under the bound.
    let max_int_digits = match unit {
        Unit::Yuan => 13,
        Unit::Wan => 9,
    };
    if int_digits.len() > max_int_digits {
        return Err(MoneyError::TooLarge(owned()));
    }
    let int_digits = if int_digits.is_empty() {
        "0"
    } else {
        int_digits
    };
    let text = if frac.is_empty() {
        int_digits.to_owned()
    } else {
        format!("{int_digits}.{frac}")
    };
    let mut value = Decimal::from_str_exact(&text).map_err(|_| MoneyError::NotANumber(owned()))?;
    if unit == Unit::Wan {
        value = value
            .checked_mul(Decimal::from(10_000))
            .ok_or_else(|| MoneyError::TooLarge(owned()))?;
    }
    if value > MAX_YUAN {
        return Err(MoneyError::TooLarge(owned()));
    }
    let mut value = value.round_dp_with_strategy(2, RoundingStrategy::ToZero);
    value.rescale(2);
    Ok(Money(value))
}

impl fmt::Display for Money {
    /// Yuan with exactly two decimals and no separators, e.g. `1500000.00`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl FromStr for Money {
    type Err = MoneyError;

    fn from_str(s: &str) -> Result<Money, MoneyError> {
        Money::parse(s, Unit::Yuan)
    }
}

impl Serialize for Money {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl Money {
    /// An amount from a whole number of fen, when it is neither negative nor above
    /// [`MAX_YUAN`]: the plan reader's fast path, which has already read the digits.
    pub(crate) fn from_fen(fen: i64) -> Option<Money> {
        // MAX_YUAN in fen.
        const MAX_FEN: i64 = 999_999_999_999_999;
        (0..=MAX_FEN)
            .contains(&fen)
            .then(|| Money(Decimal::new(fen, 2)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn max_yuan_is_what_it_says() {
        assert_eq!(MAX_YUAN.to_string(), "9999999999999.99");
    }

    #[test]
    fn floats_read_back_as_typed() {
        let m = Money::from_f64(1_499_999.99, Unit::Yuan);
        assert_eq!(m.map(|m| m.to_string()), Ok("1499999.99".to_owned()));
        let m = Money::from_f64(149.99, Unit::Wan);
        assert_eq!(m.map(|m| m.to_string()), Ok("1499900.00".to_owned()));
        let m = Money::from_f64(0.1 + 0.2, Unit::Yuan);
        assert_eq!(m.map_err(|e| e.code()), Err("money.too_precise"));
    }

    #[test]
    fn from_decimal_reads_every_scale_alike() {
        for text in [
            "0",
            "-0.00",
            "1.5",
            "1.50",
            "1.505",
            "9999999999999.99",
            "10000000000000",
            "0.001",
            "-1",
        ] {
            let d: Decimal = text.parse().unwrap();
            let slow = Money::parse(&d.abs().normalize().to_string(), Unit::Yuan);
            match Money::from_decimal(d) {
                Ok(m) => {
                    assert_eq!(Ok(m), slow, "{text}");
                    assert_eq!(m.yuan().scale(), 2, "{text}");
                }
                Err(e) => assert!(d.is_sign_negative() || slow.is_err(), "{text}: {e}"),
            }
        }
    }

    #[test]
    fn from_fen_stops_at_max_yuan() {
        assert_eq!(
            Money::from_fen(999_999_999_999_999).map(Money::yuan),
            Some(MAX_YUAN)
        );
        assert_eq!(Money::from_fen(1_000_000_000_000_000), None);
        assert_eq!(Money::from_fen(-1), None);
        assert_eq!(Money::from_fen(0), Some(Money::ZERO));
    }

    #[test]
    fn fen_is_the_mantissa() {
        let m = Money::parse("1,234,567.89", Unit::Yuan).unwrap_or_default();
        assert_eq!(m.fen(), 123_456_789);
        assert_eq!(Money::parse("5", Unit::Yuan).unwrap_or_default().fen(), 500);
    }
}
