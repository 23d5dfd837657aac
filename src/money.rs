//! Money: exact amounts in yuan, to the fen, parsed from what people and spreadsheets write.
//!
//! Every amount is a [`rust_decimal::Decimal`] with scale 2. Nothing here goes through a
//! binary float except a JavaScript/JSON number, which is read back through its shortest
//! round-trip decimal form (the digits the sender wrote), and only below a bound where
//! that form is exact.

use std::fmt::{self, Write as _};
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

    /// Examples of amounts written in this unit, for error messages: a 万元 column or field
    /// must not be told to write `1600000`.
    fn examples(self) -> &'static str {
        match self {
            Unit::Yuan => "如 1600000、1,600,000.00、160万元",
            Unit::Wan => "如 160、160.5（单位为万元），或写明单位如 1600000元",
        }
    }

    /// The short form of [`Unit::examples`].
    fn short_examples(self) -> &'static str {
        match self {
            Unit::Yuan => "如 1600000 或 160万",
            Unit::Wan => "如 160 或 160.5（单位为万元）",
        }
    }

    /// How many fen one of this unit is (10 to the power of its [`Unit::max_decimals`]).
    fn fen_per(self) -> u64 {
        match self {
            Unit::Yuan => 100,
            Unit::Wan => 1_000_000,
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

/// Why a text or number is not an amount of money. A quoted value is the text as written
/// (invisible characters shown, see [`text::quote`]); a number followed by its unit is quoted
/// without the unit: a plan cell's unit often comes from its column's header, not from the
/// cell, and the message must not show the cell saying what it did not.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum MoneyError {
    /// Nothing was written.
    #[error("金额为空")]
    Empty,
    /// The amount is below zero.
    #[error("金额不能为负数（{}）", text::quote(.0))]
    Negative(String),
    /// The text is written with Chinese numerals, which are not read. The unit is the one
    /// the amount was read in, so that the example is written in it.
    #[error("{}使用了中文数字，请改用阿拉伯数字填写金额，{}", text::quote(.0), .1.short_examples())]
    ChineseNumeral(String, Unit),
    /// The text uses scientific notation, which spreadsheets produce when they lose digits.
    #[error("{}是科学计数法，可能已丢失位数，请填写完整金额", text::quote(.0))]
    Scientific(String),
    /// Thousands separators are not in groups of three digits.
    #[error("{}的千位分隔符位置不正确", text::quote(.0))]
    BadGrouping(String),
    /// The text is not a number (in the unit it was read in, for the examples).
    #[error("{}不是有效的金额，请填写数字，{}", text::quote(.0), .1.examples())]
    NotANumber(String, Unit),
    /// The amount is not a whole number of fen.
    #[error("{}的精度超过了分（0.01 元）；以元为单位最多两位小数，以万元为单位最多六位小数", text::quote(.0))]
    TooPrecise(String),
    /// The amount is too large to be held exactly.
    #[error("金额{}过大，换算成元后超过可精确处理的上限 9,999,999,999,999.99 元", text::quote(.0))]
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
            MoneyError::ChineseNumeral(..) => "money.chinese_numeral",
            MoneyError::Scientific(_) => "money.scientific",
            MoneyError::BadGrouping(_) => "money.bad_grouping",
            MoneyError::NotANumber(..) => "money.not_a_number",
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
        parse_with(input, default_unit, false)
    }

    /// Reads `input` in `unit` as [`Money::parse`] reads it followed by the unit's own suffix
    /// (`元`, `万`): a plan cell in its column's unit, which its problem's column names, so a
    /// number is quoted without a unit. Nothing is written out to be read again.
    ///
    /// # Errors
    /// As [`Money::parse`].
    pub(crate) fn parse_in(input: &str, unit: Unit) -> Result<Money, MoneyError> {
        parse_with(input, unit, true)
    }

    /// A spreadsheet number in `unit`, as its shown text ([`number_text`]) reads in it: in whole
    /// fen when it is exactly a decimal the unit keeps ([`exact_fen`]), else through the text.
    ///
    /// # Errors
    /// As [`Money::parse`].
    pub(crate) fn from_cell_number(value: f64, unit: Unit) -> Result<Money, MoneyError> {
        match exact_fen(value, unit) {
            Some(fen) if value.is_sign_positive() => Ok(Money::from_fen(fen)),
            _ => Money::parse_in(&number_text(value), unit),
        }
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
        if let Some(fen) = exact_fen(value, unit) {
            return Ok(Money::from_fen(fen));
        }
        // Rust prints the shortest representation that round-trips, never in exponent form.
        let mut buf = StackText::new();
        if write!(buf, "{}", value.abs()).is_ok() {
            return parse_digits(buf.as_str(), unit, buf.as_str());
        }
        let shown = value.abs().to_string();
        parse_digits(&shown, unit, &shown)
    }

    /// Reads an exact integer in `unit`.
    ///
    /// # Errors
    /// [`MoneyError::TooLarge`] above [`MAX_YUAN`].
    pub fn from_u64(value: u64, unit: Unit) -> Result<Money, MoneyError> {
        if let Some(fen) = value.checked_mul(unit.fen_per()).filter(|f| *f <= MAX_FEN) {
            return Ok(Money::from_fen(fen));
        }
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
        // What the text path below gives for a whole number of fen within the bound.
        let v = value.abs();
        if v.scale() <= 2 && v <= MAX_YUAN {
            let mut v = v;
            v.rescale(2);
            return Ok(Money(v));
        }
        let shown = v.normalize().to_string();
        parse_digits(&shown, Unit::Yuan, &shown)
    }

    /// An amount from a whole number of fen at most [`MAX_YUAN`]'s.
    #[inline(always)]
    fn from_fen(fen: u64) -> Money {
        Money(Decimal::from_i128_with_scale(i128::from(fen), 2))
    }

    /// The amount in yuan, with scale 2.
    pub fn yuan(self) -> Decimal {
        self.0
    }

    /// The amount as a whole number of fen.
    #[inline(always)]
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

    /// Writes the amount as [`Display`](fmt::Display) does, without a formatter (a verdict
    /// writes many amounts).
    pub fn write_plain(self, out: &mut impl fmt::Write) -> fmt::Result {
        // The scale is always 2 and the amount never negative: whole yuan, then two digits.
        let fen = self.fen().unsigned_abs();
        match u64::try_from(fen) {
            Ok(fen) => {
                text::write_digits(out, fen / 100, 1)?;
                out.write_char('.')?;
                text::write_digits(out, fen % 100, 2)
            }
            Err(_) => write!(out, "{}.{:02}", fen / 100, fen % 100),
        }
    }

    /// The amount with thousands separators, e.g. `1,500,000.00`.
    pub fn grouped(self) -> String {
        let mut out = String::with_capacity(24);
        self.write_grouped(&mut out);
        out
    }

    /// Appends the amount with thousands separators to `out`.
    pub fn write_grouped(self, out: &mut String) {
        let fen = self.fen().unsigned_abs();
        let mut buf = StackText::new();
        // Digits without `core::fmt` for any amount below the bound (a verdict writes several).
        let _ = match u64::try_from(fen / 100) {
            Ok(yuan) => text::write_digits(&mut buf, yuan, 1),
            Err(_) => write!(buf, "{}", fen / 100),
        };
        let int = buf.as_str().as_bytes();
        let mut grouped = [0u8; 96];
        let mut len = 0;
        for (i, &digit) in int.iter().enumerate() {
            if i > 0 && (int.len() - i) % 3 == 0 {
                if let Some(slot) = grouped.get_mut(len) {
                    *slot = b',';
                    len += 1;
                }
            }
            if let Some(slot) = grouped.get_mut(len) {
                *slot = digit;
                len += 1;
            }
        }
        let grouped = grouped.get(..len).unwrap_or_default();
        out.push_str(std::str::from_utf8(grouped).unwrap_or_default());
        out.push('.');
        // Below 100, so it fits.
        let _ = text::write_digits(out, (fen % 100) as u64, 2);
    }
}

/// The powers of ten that fit a `u64`, 10^0 to 10^19.
// Evaluated when compiling: an index out of range would not compile.
#[allow(clippy::indexing_slicing)]
pub(crate) const POW10: [u64; 20] = {
    let mut p = [1u64; 20];
    let mut i = 1;
    while i < p.len() {
        p[i] = p[i - 1] * 10;
        i += 1;
    }
    p
};

/// The fen of [`MAX_YUAN`].
pub(crate) const MAX_FEN: u64 = 999_999_999_999_999;

/// A short text on the stack: numbers formatted without an allocation.
struct StackText {
    buf: [u8; 64],
    len: usize,
}

impl StackText {
    fn new() -> StackText {
        StackText {
            buf: [0; 64],
            len: 0,
        }
    }

    fn as_str(&self) -> &str {
        self.buf
            .get(..self.len)
            .and_then(|b| std::str::from_utf8(b).ok())
            .unwrap_or_default()
    }
}

impl fmt::Write for StackText {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let end = self.len + s.len();
        let dest = self.buf.get_mut(self.len..end).ok_or(fmt::Error)?;
        dest.copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

/// The decimal text of a spreadsheet number, as the spreadsheet shows it.
///
/// XLSX stores numbers as binary doubles, so a cell showing 149.99 holds the double nearest
/// to it; its shortest round-trip text is `149.99` again. A value that is the result of float
/// arithmetic (`0.1 + 0.2`, stored as 0.30000000000000004) is shown by a spreadsheet with
/// 15 significant digits, `0.3`; we read it the same way. Anything else keeps every digit, so
/// that a real fraction of a fen is still reported.
pub fn number_text(value: f64) -> String {
    if !value.is_finite() {
        return value.to_string();
    }
    let shortest = format!("{value}");
    let decimals = shortest.split_once('.').map_or(0, |(_, f)| f.len());
    if decimals <= 6 {
        return shortest;
    }
    // 15 significant digits, as spreadsheets display.
    let fifteen = format!("{value:.14e}");
    match rust_decimal::Decimal::from_scientific(&fifteen) {
        Ok(d) => {
            let text = d.normalize().to_string();
            let fewer = text.split_once('.').map_or(0, |(_, f)| f.len());
            if fewer < decimals {
                text
            } else {
                shortest
            }
        }
        Err(_) => shortest,
    }
}

/// [`Money::parse`]; with `unit_named`, as if `input` ended in `default_unit`'s suffix.
fn parse_with(input: &str, default_unit: Unit, unit_named: bool) -> Result<Money, MoneyError> {
    let folded = text::fold(input);
    let shown = folded.as_str();
    let mut s = shown;
    if s.is_empty() && !unit_named {
        return Err(MoneyError::Empty);
    }
    s = s.strip_prefix('¥').unwrap_or(s).trim_start();
    let mut unit = default_unit;
    let mut shown = shown;
    let mut suffixed = unit_named;
    if unit_named {
        s = s.trim_end();
    } else {
        for (suffix, u) in [("万元", Unit::Wan), ("元", Unit::Yuan), ("万", Unit::Wan)] {
            if let Some(rest) = s.strip_suffix(suffix) {
                s = rest.trim_end();
                unit = u;
                suffixed = true;
                break;
            }
        }
    }
    // A number is quoted without its unit: the unit of a plan cell is its column's, which the
    // problem's column names, not the cell's text.
    if suffixed
        && s.bytes()
            .all(|b| b.is_ascii_digit() || b == b',' || b == b'.')
    {
        shown = s;
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

/// A double in whole fen when it is exactly (as doubles go) a decimal with no more decimals
/// than `unit` keeps, within the bound, found without writing it out: `fen / per` is correctly
/// rounded, so it equals `value` exactly when the decimal `fen / per` reads back as `value`; no
/// other decimal of so few places does (doubles below the bound are closer together than a
/// fen), so it is the shortest that does, the text [`Money::from_f64`] would write and read.
/// `None` sends the number the long way, which explains what is wrong with it.
pub(crate) fn exact_fen(value: f64, unit: Unit) -> Option<u64> {
    kernels::exact_scaled(value, unit.fen_per(), MAX_FEN)
}

/// `digits[.digits]` within the unit's decimals and the bound, read straight into fen; `None`
/// for anything else, which [`parse_digits`] then reads (and reports) the long way. Leading
/// zeros of the whole part and trailing zeros of the decimals do not count against the unit's
/// limits.
fn plain_fen(s: &str, unit: Unit) -> Option<u64> {
    // 万元 carry 6 decimals of wan, which is 2 of yuan: the value in fen is the count of
    // hundredths of yuan or of millionths of wan.
    let (decimals, max_int) = match unit {
        Unit::Yuan => (2, 13),
        Unit::Wan => (6, 9),
    };
    kernels::plain_scaled(s.as_bytes(), decimals, max_int).filter(|fen| *fen <= MAX_FEN)
}

/// Parses `digits[.digits]` with optional thousands separators (no sign, no unit).
fn parse_digits(s: &str, unit: Unit, shown: &str) -> Result<Money, MoneyError> {
    match plain_fen(s, unit) {
        Some(fen) => Ok(Money::from_fen(fen)),
        None => parse_digits_slow(s, unit, shown),
    }
}

/// [`parse_digits`] for every form and every error.
fn parse_digits_slow(s: &str, unit: Unit, shown: &str) -> Result<Money, MoneyError> {
    let owned = || shown.to_owned();
    if s.is_empty() {
        return Err(if shown.is_empty() {
            MoneyError::Empty
        } else {
            MoneyError::NotANumber(owned(), unit)
        });
    }
    if s.chars().any(|c| CHINESE_NUMERALS.contains(c)) {
        return Err(MoneyError::ChineseNumeral(owned(), unit));
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
                    MoneyError::NotANumber(owned(), unit)
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
        return Err(MoneyError::NotANumber(owned(), unit));
    }
    let frac = match frac_part {
        Some(f) if is_digits(f) => f.trim_end_matches('0'),
        Some("") if !int_part.is_empty() => "",
        Some(_) => return Err(MoneyError::NotANumber(owned(), unit)),
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
    let mut value =
        Decimal::from_str_exact(&text).map_err(|_| MoneyError::NotANumber(owned(), unit))?;
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
        self.write_plain(f)
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
    /// Whole fen as money, with no bound but the decimal's own (a sum of several amounts may
    /// pass [`MAX_YUAN`]); `None` for a negative or unrepresentable number.
    pub(crate) fn try_from_fen(fen: i128) -> Option<Money> {
        if fen < 0 {
            return None;
        }
        Decimal::try_from_i128_with_scale(fen, 2).ok().map(Money)
    }

    /// An amount in whole fen as an `i64`, as facts hold it; one past any `i64` (which no
    /// amount read from a form or a file comes near, [`MAX_YUAN`] is far below) saturates, and
    /// a floor's base that holds it is then too large to judge.
    pub fn whole_fen(self) -> i64 {
        i64::try_from(self.fen()).unwrap_or(i64::MAX)
    }

    /// Facts' whole fen (never negative: every reader reads money) as money again.
    pub(crate) fn of_whole_fen(fen: i64) -> Money {
        Money::from_fen(u64::try_from(fen).unwrap_or(0))
    }

    /// An amount from a whole number of fen, when it is neither negative nor above
    /// [`MAX_YUAN`].
    pub(crate) fn checked_from_fen(fen: i64) -> Option<Money> {
        u64::try_from(fen)
            .ok()
            .filter(|f| *f <= MAX_FEN)
            .map(Money::from_fen)
    }

    /// `digits[.digits]` in `unit` with no more decimals than a fen allows and within
    /// [`MAX_YUAN`], in whole fen; anything else is `None` (for [`Money::parse`] to explain).
    #[cfg(feature = "plans")]
    #[inline(always)]
    pub(crate) fn plain_fen(text: &str, unit: Unit) -> Option<i64> {
        plain_fen(text, unit).and_then(|fen| i64::try_from(fen).ok())
    }
}

/// Doubles to test readers of numbers on: decimals of 0 to 8 places at every magnitude up to
/// the bound and past it, float arithmetic's near misses, and the edges.
#[cfg(test)]
pub(crate) fn sample_doubles() -> Vec<f64> {
    let mut values = vec![
        0.0,
        -0.0,
        0.1 + 0.2,
        1.005,
        0.015,
        1e-7,
        9_999_999_999_999.99,
        10_000_000_000_000.0,
        999_999_999.999_999,
        1e13,
        1e15,
        f64::MIN_POSITIVE,
        4_503_599_627_370_496.5,
    ];
    let mut seed = 0x9E37_79B9_7F4A_7C15u64;
    for i in 0..200_000i32 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let digits = (seed % 10_000_000_000_000_000) as f64;
        let places = i % 9;
        let shift = ((seed >> 56) % 12) as i32;
        values.push(digits / 10f64.powi(places) / 10f64.powi(shift));
        values.push(((seed % 1_000_000) as f64) / 10f64.powi(places));
        values.push((seed % 1_000_000) as f64 * 0.01);
    }
    values
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A cell read in its column's unit reads as its text would with the unit's suffix (what
    /// the plan reader wrote out and read again before), every error and its quoted text alike.
    #[test]
    fn cells_in_a_unit_read_as_their_text_with_its_suffix() {
        let texts = [
            "1600000",
            "1,600,000.00",
            "¥500",
            "¥ 1,000",
            "１６０",
            "149.99",
            "1.234",
            "1.2345678",
            "12,34",
            "0",
            "00.10",
            "99999999999999",
            "1..2",
            ".5",
            "5.",
            ",",
            "",
        ];
        for unit in [Unit::Yuan, Unit::Wan] {
            let suffix = match unit {
                Unit::Yuan => "元",
                Unit::Wan => "万",
            };
            for t in texts {
                let by_text = Money::parse(&format!("{t}{suffix}"), Unit::Yuan);
                assert_eq!(Money::parse_in(t, unit), by_text, "{t:?} in {unit:?}");
            }
            for f in sample_doubles().into_iter().chain([-0.0, 0.0]) {
                if !f.is_finite() || f.is_sign_negative() && f != 0.0 {
                    continue;
                }
                let by_text = Money::parse(&format!("{}{suffix}", number_text(f)), Unit::Yuan);
                assert_eq!(
                    Money::from_cell_number(f, unit),
                    by_text,
                    "{f:?} in {unit:?}"
                );
            }
        }
    }

    #[test]
    fn max_yuan_is_what_it_says() {
        assert_eq!(MAX_YUAN.to_string(), "9999999999999.99");
    }

    #[test]
    fn grouped_is_the_formatted_text_with_separators() {
        let mut seed = 0x9E37_79B9_7F4A_7C15u64;
        let mut fens: Vec<u64> = vec![0, 1, 99, 100, 99_999, 100_000, 123_456_789, MAX_FEN];
        for _ in 0..20_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            fens.push(seed % (MAX_FEN + 1) / 10u64.pow((seed >> 60) as u32));
        }
        for fen in fens {
            let m = Money::from_fen(fen);
            let yuan = format!("{}", fen / 100);
            let mut want = String::new();
            for (i, ch) in yuan.chars().enumerate() {
                if i > 0 && (yuan.len() - i) % 3 == 0 {
                    want.push(',');
                }
                want.push(ch);
            }
            want.push_str(&format!(".{:02}", fen % 100));
            assert_eq!(m.grouped(), want, "{fen}");
        }
    }

    #[test]
    fn exact_doubles_read_as_their_text_reads() {
        for v in sample_doubles() {
            for unit in [Unit::Yuan, Unit::Wan] {
                let shown = format!("{}", v.abs());
                let slow = parse_digits(&shown, unit, &shown).map(Money::fen);
                if let Some(fen) = exact_fen(v, unit) {
                    assert_eq!(Ok(i128::from(fen)), slow, "{v:?} in {unit:?}");
                }
                if v >= 0.0 {
                    assert_eq!(Money::from_f64(v, unit).map(Money::fen), slow, "{v:?}");
                }
            }
        }
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
    fn shortcuts_agree_with_the_long_way() {
        // Every string of up to 8 characters over "0", "1", "9", "." read both ways.
        let alphabet = ['0', '1', '9', '.'];
        let mut texts = vec![String::new()];
        for _ in 0..8 {
            let next: Vec<String> = texts
                .iter()
                .flat_map(|t| alphabet.iter().map(move |c| format!("{t}{c}")))
                .collect();
            texts.extend(next);
            texts.dedup();
        }
        texts.extend(
            [
                "9999999999999.99",
                "10000000000000",
                "999999999.999999",
                "1000000000",
            ]
            .map(String::from),
        );
        let mut fast = 0;
        for t in &texts {
            for unit in [Unit::Yuan, Unit::Wan] {
                let slow = parse_digits_slow(t, unit, t);
                if let Some(fen) = plain_fen(t, unit) {
                    fast += 1;
                    assert_eq!(Ok(Money::from_fen(fen)), slow, "{t} {unit:?}");
                    assert_eq!(
                        Money::from_fen(fen).to_string(),
                        slow.map(|m| m.0.to_string()).unwrap_or_default()
                    );
                } else {
                    assert!(
                        slow.is_err() || t.starts_with('.'),
                        "{t} {unit:?}: {slow:?}"
                    );
                }
            }
        }
        assert!(fast > 10_000);
        // Decimals: whole fen within the bound, and everything else.
        for text in [
            "0",
            "0.1",
            "0.01",
            "0.001",
            "-0.00",
            "5",
            "1500000.00",
            "9999999999999.99",
            "9999999999999.991",
            "10000000000000",
            "-3",
            "1.230",
        ] {
            let d = Decimal::from_str_exact(text).unwrap();
            let slow = if d.is_sign_negative() && !d.is_zero() {
                Err(MoneyError::Negative(d.to_string()))
            } else {
                let shown = d.abs().normalize().to_string();
                parse_digits_slow(&shown, Unit::Yuan, &shown)
            };
            assert_eq!(Money::from_decimal(d), slow, "{text}");
        }
        for value in [
            0,
            1,
            99,
            9_999_999_999_999,
            10_000_000_000_000,
            999_999_999,
            1_000_000_000,
            u64::MAX,
        ] {
            for unit in [Unit::Yuan, Unit::Wan] {
                let shown = value.to_string();
                assert_eq!(
                    Money::from_u64(value, unit),
                    parse_digits_slow(&shown, unit, &shown),
                    "{value}"
                );
            }
        }
    }

    #[test]
    fn fen_is_the_mantissa() {
        let m = Money::parse("1,234,567.89", Unit::Yuan).unwrap_or_default();
        assert_eq!(m.fen(), 123_456_789);
        assert_eq!(Money::parse("5", Unit::Yuan).unwrap_or_default().fen(), 500);
    }
}
