//! Resident identity numbers (居民身份证号码, GB 11643-1999): 18 characters, six of address
//! code, eight of date of birth, three of sequence and an ISO 7064 MOD 11-2 check character
//! (`X` for 10). Numbers are validated and then only ever shown masked.
//!
//! Architecture invariant: no output of this crate carries an unmasked number. Errors about a
//! number name the field, never the number itself.

use std::borrow::Cow;
use std::fmt;

use serde::ser::{self, Serialize, Serializer};

use crate::date::Date;
use crate::region::Province;
use crate::text;

/// ISO 7064 MOD 11-2 weights of the first 17 digits.
const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/// The check character for each remainder of the weighted sum modulo 11.
const CHECK: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

/// A valid resident identity number.
#[derive(Clone, PartialEq, Eq)]
pub struct ResidentId {
    digits: String,
    birth: Date,
    province: &'static Province,
}

impl fmt::Debug for ResidentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Even debug output is masked.
        write!(f, "ResidentId({})", self.masked())
    }
}

/// Why a text is not a valid resident identity number.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum IdError {
    /// Empty.
    #[error("身份证号为必填项")]
    Missing,
    /// The old 15-digit form.
    #[error("这是 15 位旧身份证号，请填写 18 位身份证号")]
    OldForm,
    /// Not 18 characters.
    #[error("身份证号应为 18 位（实际 {0} 位）")]
    Length(usize),
    /// A character other than digits and a final X.
    #[error("身份证号只能由数字组成，最后一位可以是 X")]
    Characters,
    /// The first two digits are not a province.
    #[error("身份证号前两位“{0}”不是有效的省级行政区划代码")]
    Province(String),
    /// The date of birth does not exist or is in the future.
    #[error("身份证号中的出生日期无效")]
    Birth,
    /// The check character is wrong.
    #[error("身份证号校验位不正确，请核对是否有输错的数字")]
    Checksum,
}

impl IdError {
    /// The stable machine code of this error.
    pub fn code(&self) -> &'static str {
        match self {
            IdError::Missing => "id.missing",
            IdError::OldForm => "id.old_form",
            IdError::Length(_) => "id.length",
            IdError::Characters => "id.characters",
            IdError::Province(_) => "id.province",
            IdError::Birth => "id.birth",
            IdError::Checksum => "id.checksum",
        }
    }
}

impl ResidentId {
    /// Validates a number as written: spaces and full-width forms are tolerated, `x` is read
    /// as `X`. `today` bounds the date of birth.
    ///
    /// # Errors
    /// An [`IdError`] saying what is wrong (never repeating the number).
    pub fn parse(input: &str, today: Date) -> Result<ResidentId, IdError> {
        let digits: String = text::fold(input)
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .map(|c| c.to_ascii_uppercase())
            .collect();
        if digits.is_empty() {
            return Err(IdError::Missing);
        }
        let count = digits.chars().count();
        if count == 15 && digits.chars().all(|c| c.is_ascii_digit()) {
            return Err(IdError::OldForm);
        }
        if count != 18 {
            return Err(IdError::Length(count));
        }
        let bytes = digits.as_bytes();
        let body_ok = bytes.iter().take(17).all(u8::is_ascii_digit);
        let last_ok = bytes
            .get(17)
            .is_some_and(|b| b.is_ascii_digit() || *b == b'X');
        if !body_ok || !last_ok {
            return Err(IdError::Characters);
        }
        let code = digits.get(..2).unwrap_or_default();
        let province = Province::by_code(code).ok_or_else(|| IdError::Province(code.to_owned()))?;
        let num = |range: std::ops::Range<usize>| digits.get(range).and_then(|s| s.parse().ok());
        let birth = match (num(6..10), num(10..12), num(12..14)) {
            (Some(y), Some(m), Some(d)) => {
                let (y, m, d): (u32, u32, u32) = (y, m, d);
                Date::new(
                    u16::try_from(y).unwrap_or(0),
                    u8::try_from(m).unwrap_or(0),
                    u8::try_from(d).unwrap_or(0),
                )
            }
            _ => None,
        }
        .filter(|b| *b <= today)
        .ok_or(IdError::Birth)?;
        let sum: u32 = bytes
            .iter()
            .zip(WEIGHTS)
            .map(|(b, w)| u32::from(b - b'0') * w)
            .sum();
        let expected = CHECK.get((sum % 11) as usize).copied();
        if expected != bytes.get(17).map(|b| char::from(*b)) {
            return Err(IdError::Checksum);
        }
        Ok(ResidentId {
            digits,
            birth,
            province,
        })
    }

    /// The number with all but the first 4 and last 4 characters hidden:
    /// `2201**********1239`.
    pub fn masked(&self) -> String {
        mask(&self.digits)
    }

    /// The province of registration the address code names (at the time of issue).
    pub fn province(&self) -> &'static Province {
        self.province
    }

    /// The date of birth.
    pub fn birth(&self) -> Date {
        self.birth
    }

    /// The full number, for comparing two entries (never for display).
    pub fn as_key(&self) -> &str {
        &self.digits
    }
}

/// Masks any text that may be an identity number: the first 4 and last 4 characters stay,
/// every other character becomes `*`; texts of 8 characters or fewer are hidden entirely.
pub fn mask(input: &str) -> String {
    let chars: Vec<char> = input.chars().filter(|c| !c.is_whitespace()).collect();
    let n = chars.len();
    if n <= 8 {
        return "*".repeat(n);
    }
    chars
        .iter()
        .enumerate()
        .map(|(i, c)| if i < 4 || i >= n - 4 { *c } else { '*' })
        .collect()
}

/// Masks every resident ID number in a text that may echo input (a name, a cell, a file or
/// sheet name, a header, a message quoting any of them): each becomes its first 4 and last 4
/// characters with `*` between (`2201**********4567`), the separators inside it dropped.
/// Text without such a number is returned as it is, without copying.
///
/// What counts as an ID number in free text:
/// - 15 digits (the old form), or 17 digits and a last digit or `X`/`x`, or 16 to 17
///   characters of the new form (a number with a digit left out or its check character
///   missing); half- or full-width digits;
/// - written in one piece or in groups: between two digits, any run of white space (U+3000
///   too), hyphens and dashes (`-‐‑‒–—―−－`), zero-width characters (U+200B to U+200D, U+2060,
///   U+FEFF) or their visible form (`<U+200B>`);
/// - whole groups only: digits joined to further digits (a longer number) are not an ID, but
///   one run of 19 digits or more is masked whole (two numbers run together, a bank card: no
///   amount, count or ratio has that many digits before its point);
/// - not part of a decimal number: not right after `digit.`, not followed by `.digit` (a ratio
///   `0.333333333333333333`, an amount `9999999999999.99`);
/// - with a plausible date of birth, so that amounts (at most 15 digits of fen) stay as
///   written: `yyyymmdd` at positions 7 to 14 (year 1800 to 2099, month 01 to 12, day 01 to
///   31), for 15 characters `yymmdd` at positions 7 to 12. The check character is not
///   required: a mistyped number is still a person's.
///
/// ```
/// use workrelief::idcard::mask_ids;
/// assert_eq!(mask_ids("身份证号 220102 19851111 4567"), "身份证号 2201**********4567");
/// assert_eq!(mask_ids("比例 0.333333333333333333"), "比例 0.333333333333333333");
/// assert_eq!(mask_ids("999999999999999"), "999999999999999");
/// ```
pub fn mask_ids(text: &str) -> Cow<'_, str> {
    let b = text.as_bytes();
    if digit_count(b) < 15 {
        return Cow::Borrowed(text);
    }
    let mut out = String::new();
    // `text` up to `at` is in `out`; `fraction` is where the digits after a decimal point
    // (`digit.`) start.
    let (mut at, mut i, mut fraction) = (0, 0, usize::MAX);
    while i < b.len() {
        let (kind, n) = class(b, i);
        if kind != Class::Digit {
            i += n;
            continue;
        }
        if let Some((end, chars)) = number_at(b, i).filter(|_| i != fraction) {
            out.push_str(text.get(at..i).unwrap_or_default());
            // The number's digits and check character, all but the first and last 4 hidden.
            let (mut j, mut k) = (i, 0);
            while j < end {
                let (kind, n) = class(b, j);
                if kind == Class::Digit || kind == Class::X {
                    let shown = k < 4 || k + 4 >= chars;
                    out.push_str(if shown {
                        text.get(j..j + n).unwrap_or_default()
                    } else {
                        "*"
                    });
                    k += 1;
                }
                j += n;
            }
            (at, i) = (end, end);
            continue;
        }
        // Past this run of digits; a point right after it makes the next digits a fraction.
        while let (Class::Digit, n) = class(b, i) {
            i += n;
        }
        if let (Class::Point, n) = class(b, i) {
            fraction = i + n;
        }
    }
    if at == 0 {
        return Cow::Borrowed(text);
    }
    out.push_str(text.get(at..).unwrap_or_default());
    Cow::Owned(out)
}

/// How many half- and full-width digits a text has (a bound that lets most texts pass
/// unscanned).
fn digit_count(mut bytes: &[u8]) -> usize {
    let mut n = 0;
    loop {
        bytes = match bytes {
            [] => return n,
            [b'0'..=b'9', rest @ ..] | [0xEF, 0xBC, 0x90..=0x99, rest @ ..] => {
                n += 1;
                rest
            }
            [_, rest @ ..] => rest,
        };
    }
}

/// What a character is to the search for numbers.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    /// `0`-`9`, `０`-`９`.
    Digit,
    /// `X`, `x`, `Ｘ`, `ｘ`.
    X,
    /// White space, a hyphen or dash, a zero-width character, or the visible form of one
    /// (`<U+200B>`).
    Separator,
    /// `.`, `．`.
    Point,
    /// Anything else, and the end of the text.
    Other,
}

/// The class of the character at byte `i` of `b` (a `str`'s bytes, `i` at a character
/// boundary) and its length in bytes; past the end, `Other`.
fn class(b: &[u8], i: usize) -> (Class, usize) {
    let rest = b.get(i..).unwrap_or_default();
    let lead = rest.first().copied().unwrap_or(0);
    let n = 1 + usize::from(lead >= 0xC0) + usize::from(lead >= 0xE0) + usize::from(lead >= 0xF0);
    let c = rest
        .get(..n)
        .and_then(|c| std::str::from_utf8(c).ok())
        .and_then(|c| c.chars().next())
        .unwrap_or('\0');
    let kind = match c {
        '0'..='9' | '０'..='９' => Class::Digit,
        'X' | 'x' | 'Ｘ' | 'ｘ' => Class::X,
        '.' | '．' => Class::Point,
        '-' | '‐'..='―' | '−' | '－' | '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' => {
            Class::Separator
        }
        '<' => {
            let hex = rest.get(3..).unwrap_or_default();
            let digits = hex.iter().take_while(|c| c.is_ascii_hexdigit()).count();
            if rest.starts_with(b"<U+")
                && (4..=6).contains(&digits)
                && hex.get(digits) == Some(&b'>')
            {
                return (Class::Separator, digits + 4);
            }
            Class::Other
        }
        c if c.is_whitespace() => Class::Separator,
        _ => Class::Other,
    };
    (kind, n)
}

/// The number that starts at `start` (the first digit of a run that is not a decimal
/// fraction), if there is one: its end and its count of characters. See [`mask_ids`].
fn number_at(b: &[u8], start: usize) -> Option<(usize, usize)> {
    let mut digits = [0u8; 18];
    let (mut total, mut i, mut best) = (0, start, None);
    loop {
        // A run of digits; the last byte of a digit, half- or full-width, holds its value.
        let first = i == start;
        while let (Class::Digit, n) = class(b, i) {
            if let Some(d) = digits.get_mut(total) {
                *d = b.get(i + n - 1).map_or(0, |v| v & 0x0F);
            }
            total += 1;
            i += n;
        }
        let (next, n) = class(b, i);
        let x = next == Class::X;
        let decimal = next == Class::Point && class(b, i + n).0 == Class::Digit;
        let chars = total + usize::from(x);
        let id = (15..=18).contains(&chars) && (chars > 15 || !x) && born(&digits, chars);
        // One run of 19 digits or more is no amount, count or ratio either.
        let long = first && total >= 19;
        if !decimal && (id || long) {
            best = Some((if x { i + n } else { i }, chars));
        }
        if x || total >= 18 {
            return best;
        }
        // Separators, then the next run of the group, if any.
        let mut j = i;
        while let (Class::Separator, n) = class(b, j) {
            j += n;
        }
        if j == i || class(b, j).0 != Class::Digit {
            return best;
        }
        i = j;
    }
}

/// Whether the digits of a possible number of `n` characters hold a plausible date of birth:
/// `yymmdd` at positions 7 to 12 of 15, else `yyyymmdd` at positions 7 to 14.
fn born(d: &[u8; 18], n: usize) -> bool {
    let num = |from: usize, len: usize| {
        d.iter()
            .skip(from)
            .take(len)
            .fold(0u32, |n, v| n * 10 + u32::from(*v))
    };
    let (year, at) = if n == 15 { (1900, 8) } else { (num(6, 4), 10) };
    (1800..=2099).contains(&year)
        && (1..=12).contains(&num(at, 2))
        && (1..=31).contains(&num(at + 2, 2))
}

/// A value whose serialisation masks every ID number ([`mask_ids`]) in its strings and map
/// keys, for any serde serializer: `serde_json::to_string(&Masked(&report))`. Numbers, bools
/// and the names of fields and variants (fixed in the code) pass unchanged, and so do single
/// characters, which cannot hold a number.
#[derive(Debug, Clone, Copy)]
pub struct Masked<'a, T: ?Sized>(pub &'a T);

impl<T: Serialize + ?Sized> Serialize for Masked<'_, T> {
    #[inline(always)]
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(MaskingSerializer(serializer))
    }
}

/// The serializer behind [`Masked`]: it forwards everything to the serializer it wraps, with
/// strings masked and nested values wrapped again. The forwarding functions are
/// `#[inline(always)]`: at the size optimisation each would otherwise stay a call per type
/// serialised (1.3 KB gzip more in the plans module); the masking itself is one function.
#[derive(Debug)]
pub struct MaskingSerializer<S>(pub S);

impl<S: Serializer> Serializer for MaskingSerializer<S> {
    type Ok = S::Ok;
    type Error = S::Error;
    type SerializeSeq = MaskingSerializer<S::SerializeSeq>;
    type SerializeTuple = MaskingSerializer<S::SerializeTuple>;
    type SerializeTupleStruct = MaskingSerializer<S::SerializeTupleStruct>;
    type SerializeTupleVariant = MaskingSerializer<S::SerializeTupleVariant>;
    type SerializeMap = MaskingSerializer<S::SerializeMap>;
    type SerializeStruct = MaskingSerializer<S::SerializeStruct>;
    type SerializeStructVariant = MaskingSerializer<S::SerializeStructVariant>;

    // Not inlined: a call in each string field of each type is smaller than the masking.
    #[inline(never)]
    fn serialize_str(self, v: &str) -> Result<S::Ok, S::Error> {
        self.0.serialize_str(&mask_ids(v))
    }
    #[inline(always)]
    fn serialize_bool(self, v: bool) -> Result<S::Ok, S::Error> {
        self.0.serialize_bool(v)
    }
    #[inline(always)]
    fn serialize_i8(self, v: i8) -> Result<S::Ok, S::Error> {
        self.0.serialize_i8(v)
    }
    #[inline(always)]
    fn serialize_i16(self, v: i16) -> Result<S::Ok, S::Error> {
        self.0.serialize_i16(v)
    }
    #[inline(always)]
    fn serialize_i32(self, v: i32) -> Result<S::Ok, S::Error> {
        self.0.serialize_i32(v)
    }
    #[inline(always)]
    fn serialize_i64(self, v: i64) -> Result<S::Ok, S::Error> {
        self.0.serialize_i64(v)
    }
    #[inline(always)]
    fn serialize_i128(self, v: i128) -> Result<S::Ok, S::Error> {
        self.0.serialize_i128(v)
    }
    #[inline(always)]
    fn serialize_u8(self, v: u8) -> Result<S::Ok, S::Error> {
        self.0.serialize_u8(v)
    }
    #[inline(always)]
    fn serialize_u16(self, v: u16) -> Result<S::Ok, S::Error> {
        self.0.serialize_u16(v)
    }
    #[inline(always)]
    fn serialize_u32(self, v: u32) -> Result<S::Ok, S::Error> {
        self.0.serialize_u32(v)
    }
    #[inline(always)]
    fn serialize_u64(self, v: u64) -> Result<S::Ok, S::Error> {
        self.0.serialize_u64(v)
    }
    #[inline(always)]
    fn serialize_u128(self, v: u128) -> Result<S::Ok, S::Error> {
        self.0.serialize_u128(v)
    }
    #[inline(always)]
    fn serialize_f32(self, v: f32) -> Result<S::Ok, S::Error> {
        self.0.serialize_f32(v)
    }
    #[inline(always)]
    fn serialize_f64(self, v: f64) -> Result<S::Ok, S::Error> {
        self.0.serialize_f64(v)
    }
    #[inline(always)]
    fn serialize_char(self, v: char) -> Result<S::Ok, S::Error> {
        self.0.serialize_char(v)
    }
    #[inline(always)]
    fn serialize_bytes(self, v: &[u8]) -> Result<S::Ok, S::Error> {
        self.0.serialize_bytes(v)
    }
    #[inline(always)]
    fn serialize_none(self) -> Result<S::Ok, S::Error> {
        self.0.serialize_none()
    }
    #[inline(always)]
    fn serialize_some<T: Serialize + ?Sized>(self, v: &T) -> Result<S::Ok, S::Error> {
        self.0.serialize_some(&Masked(v))
    }
    #[inline(always)]
    fn serialize_unit(self) -> Result<S::Ok, S::Error> {
        self.0.serialize_unit()
    }
    #[inline(always)]
    fn serialize_unit_struct(self, name: &'static str) -> Result<S::Ok, S::Error> {
        self.0.serialize_unit_struct(name)
    }
    #[inline(always)]
    fn serialize_unit_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
    ) -> Result<S::Ok, S::Error> {
        self.0.serialize_unit_variant(name, index, variant)
    }
    #[inline(always)]
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        v: &T,
    ) -> Result<S::Ok, S::Error> {
        self.0.serialize_newtype_struct(name, &Masked(v))
    }
    #[inline(always)]
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        v: &T,
    ) -> Result<S::Ok, S::Error> {
        self.0
            .serialize_newtype_variant(name, index, variant, &Masked(v))
    }
    #[inline(always)]
    fn serialize_seq(self, len: Option<usize>) -> Result<Self::SerializeSeq, S::Error> {
        self.0.serialize_seq(len).map(MaskingSerializer)
    }
    #[inline(always)]
    fn serialize_tuple(self, len: usize) -> Result<Self::SerializeTuple, S::Error> {
        self.0.serialize_tuple(len).map(MaskingSerializer)
    }
    #[inline(always)]
    fn serialize_tuple_struct(
        self,
        name: &'static str,
        len: usize,
    ) -> Result<Self::SerializeTupleStruct, S::Error> {
        self.0
            .serialize_tuple_struct(name, len)
            .map(MaskingSerializer)
    }
    #[inline(always)]
    fn serialize_tuple_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self::SerializeTupleVariant, S::Error> {
        self.0
            .serialize_tuple_variant(name, index, variant, len)
            .map(MaskingSerializer)
    }
    #[inline(always)]
    fn serialize_map(self, len: Option<usize>) -> Result<Self::SerializeMap, S::Error> {
        self.0.serialize_map(len).map(MaskingSerializer)
    }
    #[inline(always)]
    fn serialize_struct(
        self,
        name: &'static str,
        len: usize,
    ) -> Result<Self::SerializeStruct, S::Error> {
        self.0.serialize_struct(name, len).map(MaskingSerializer)
    }
    #[inline(always)]
    fn serialize_struct_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self::SerializeStructVariant, S::Error> {
        self.0
            .serialize_struct_variant(name, index, variant, len)
            .map(MaskingSerializer)
    }
    #[inline(always)]
    fn is_human_readable(&self) -> bool {
        self.0.is_human_readable()
    }
}

impl<S: ser::SerializeSeq> ser::SerializeSeq for MaskingSerializer<S> {
    type Ok = S::Ok;
    type Error = S::Error;
    #[inline(always)]
    fn serialize_element<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), S::Error> {
        self.0.serialize_element(&Masked(v))
    }
    #[inline(always)]
    fn end(self) -> Result<S::Ok, S::Error> {
        self.0.end()
    }
}

impl<S: ser::SerializeTuple> ser::SerializeTuple for MaskingSerializer<S> {
    type Ok = S::Ok;
    type Error = S::Error;
    #[inline(always)]
    fn serialize_element<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), S::Error> {
        self.0.serialize_element(&Masked(v))
    }
    #[inline(always)]
    fn end(self) -> Result<S::Ok, S::Error> {
        self.0.end()
    }
}

impl<S: ser::SerializeTupleStruct> ser::SerializeTupleStruct for MaskingSerializer<S> {
    type Ok = S::Ok;
    type Error = S::Error;
    #[inline(always)]
    fn serialize_field<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), S::Error> {
        self.0.serialize_field(&Masked(v))
    }
    #[inline(always)]
    fn end(self) -> Result<S::Ok, S::Error> {
        self.0.end()
    }
}

impl<S: ser::SerializeTupleVariant> ser::SerializeTupleVariant for MaskingSerializer<S> {
    type Ok = S::Ok;
    type Error = S::Error;
    #[inline(always)]
    fn serialize_field<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), S::Error> {
        self.0.serialize_field(&Masked(v))
    }
    #[inline(always)]
    fn end(self) -> Result<S::Ok, S::Error> {
        self.0.end()
    }
}

impl<S: ser::SerializeMap> ser::SerializeMap for MaskingSerializer<S> {
    type Ok = S::Ok;
    type Error = S::Error;
    #[inline(always)]
    fn serialize_key<T: Serialize + ?Sized>(&mut self, k: &T) -> Result<(), S::Error> {
        self.0.serialize_key(&Masked(k))
    }
    #[inline(always)]
    fn serialize_value<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), S::Error> {
        self.0.serialize_value(&Masked(v))
    }
    #[inline(always)]
    fn end(self) -> Result<S::Ok, S::Error> {
        self.0.end()
    }
}

impl<S: ser::SerializeStruct> ser::SerializeStruct for MaskingSerializer<S> {
    type Ok = S::Ok;
    type Error = S::Error;
    #[inline(always)]
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        v: &T,
    ) -> Result<(), S::Error> {
        self.0.serialize_field(key, &Masked(v))
    }
    #[inline(always)]
    fn skip_field(&mut self, key: &'static str) -> Result<(), S::Error> {
        self.0.skip_field(key)
    }
    #[inline(always)]
    fn end(self) -> Result<S::Ok, S::Error> {
        self.0.end()
    }
}

impl<S: ser::SerializeStructVariant> ser::SerializeStructVariant for MaskingSerializer<S> {
    type Ok = S::Ok;
    type Error = S::Error;
    #[inline(always)]
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        v: &T,
    ) -> Result<(), S::Error> {
        self.0.serialize_field(key, &Masked(v))
    }
    #[inline(always)]
    fn skip_field(&mut self, key: &'static str) -> Result<(), S::Error> {
        self.0.skip_field(key)
    }
    #[inline(always)]
    fn end(self) -> Result<S::Ok, S::Error> {
        self.0.end()
    }
}

/// Makes a valid number from its first 17 digits by appending the check character (for
/// tests and generated examples).
pub fn with_check(first17: &str) -> Option<String> {
    let bytes = first17.as_bytes();
    if bytes.len() != 17 || !bytes.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let sum: u32 = bytes
        .iter()
        .zip(WEIGHTS)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    let check = CHECK.get((sum % 11) as usize)?;
    Some(format!("{first17}{check}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> Date {
        Date::new(2026, 11, 23).unwrap()
    }

    #[test]
    fn the_standard_example_is_valid() {
        // GB 11643-1999 appendix example.
        let id = ResidentId::parse("11010519491231002X", today()).unwrap();
        assert_eq!(id.province().code, "11");
        assert_eq!(id.birth(), Date::new(1949, 12, 31).unwrap());
        assert_eq!(id.masked(), "1101**********002X");
        assert_eq!(format!("{id:?}"), "ResidentId(1101**********002X)");
        // Lower-case x, spaces and full-width digits are read.
        assert!(ResidentId::parse(" 110105 19491231 002x ", today()).is_ok());
        assert!(ResidentId::parse("１１０１０５１９４９１２３１００２Ｘ", today()).is_ok());
    }

    #[test]
    fn check_digit_and_other_errors() {
        let good = with_check("22010119900307123").unwrap();
        assert!(ResidentId::parse(&good, today()).is_ok());
        let last = good.chars().last().unwrap();
        let wrong = if last == '0' { '1' } else { '0' };
        let bad = format!("{}{wrong}", &good[..17]);
        assert_eq!(
            ResidentId::parse(&bad, today()).unwrap_err(),
            IdError::Checksum
        );
        assert_eq!(
            ResidentId::parse("", today()).unwrap_err(),
            IdError::Missing
        );
        assert_eq!(
            ResidentId::parse("220101900307123", today()).unwrap_err(),
            IdError::OldForm
        );
        assert_eq!(
            ResidentId::parse("2201011990", today()).unwrap_err(),
            IdError::Length(10)
        );
        assert_eq!(
            ResidentId::parse("2201011990030712X3", today()).unwrap_err(),
            IdError::Characters
        );
        let no_province = with_check("99010119900307123").unwrap();
        assert_eq!(
            ResidentId::parse(&no_province, today()).unwrap_err(),
            IdError::Province("99".into())
        );
        let feb30 = with_check("22010119900230123").unwrap();
        assert_eq!(
            ResidentId::parse(&feb30, today()).unwrap_err(),
            IdError::Birth
        );
        let future = with_check("22010120991231123").unwrap();
        assert_eq!(
            ResidentId::parse(&future, today()).unwrap_err(),
            IdError::Birth
        );
    }

    #[test]
    fn masking_never_shows_the_middle() {
        assert_eq!(mask("220101199003071239"), "2201**********1239");
        assert_eq!(mask("12345"), "*****");
        assert_eq!(mask("123456789"), "1234*6789");
        assert_eq!(
            mask_ids("“22010119900307101X”与220101199003071028；第 12 行"),
            "“2201**********101X”与2201**********1028；第 12 行"
        );
        assert_eq!(
            mask_ids("２２０１０１１９９００３０７１０６０"),
            "２２０１**********１０６０"
        );
        assert_eq!(mask_ids("12345678901234"), "12345678901234");
        // The old form: 15 digits with yymmdd at positions 7 to 12.
        assert_eq!(mask_ids("220101900307123"), "2201*******7123");
    }

    /// `(text, masked)`: what the text search finds and what it leaves.
    const MASKED: &[(&str, &str)] = &[
        // Groups, separated by white space, hyphens, dashes, zero-width characters or their
        // visible form.
        ("220102 19851111 4567", "2201**********4567"),
        ("220102-19851111-4567", "2201**********4567"),
        ("220102\u{3000}19851111\u{3000}456x", "2201**********456x"),
        ("2201 0219 8511 1145 67", "2201**********4567"),
        ("220102 — 19851111 — 4567", "2201**********4567"),
        ("220102\u{200B}19851111\u{FEFF}4567", "2201**********4567"),
        ("220102<U+200B>19851111<U+2060>4567", "2201**********4567"),
        (
            "２２０１０２ １９８５１１１１ ４５６Ｘ",
            "２２０１**********４５６Ｘ",
        ),
        ("220102 851111 456", "2201*******1456"),
        // In text, beside other numbers and after a label.
        (
            "金额“220102198511114567元”过大",
            "金额“2201**********4567元”过大",
        ),
        (
            "电话 13812345678 220102198511114567",
            "电话 13812345678 2201**********4567",
        ),
        (
            "名单_220102198511114567.xlsx",
            "名单_2201**********4567.xlsx",
        ),
        (
            "身份证号:220102198511114567,姓名",
            "身份证号:2201**********4567,姓名",
        ),
        ("a220102198511114567b", "a2201**********4567b"),
        (
            "220102198511114567 与 220102198511114567",
            "2201**********4567 与 2201**********4567",
        ),
        // A mistyped check character is still a person's number; a check character ends the
        // number, whatever follows.
        ("220102198511114560", "2201**********4560"),
        ("22010219851111456X7", "2201**********456X7"),
        // The price of catching old numbers: 15 digits whose 7th to 12th read as a date are
        // masked whatever they were (no amount leaves as 15 digits without a point: yuan
        // have two decimals, fen leave as JSON numbers, which are never masked).
        ("123456850101123", "1234*******1123"),
        // A number with a character missing, one run of 19 digits or more.
        ("22010219851111456", "2201*********1456"),
        ("22010219851111456元", "2201*********1456元"),
        ("220102 19851111 45", "2201********1145"),
        ("2201021985111145671", "2201***********5671"),
        (
            "220102198511114567220102198511114567",
            "2201****************************4567",
        ),
        // Not an ID: too short, a decimal, no date of birth, a letter inside, dates.
        ("22010219851111", "22010219851111"),
        ("12345678901234567", "12345678901234567"),
        (
            "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15",
            "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15",
        ),
        ("0.3333333333333333333333", "0.3333333333333333333333"),
        ("0.333333333333333333", "0.333333333333333333"),
        ("0.220102198511114567", "0.220102198511114567"),
        ("220102198511114567.5", "220102198511114567.5"),
        ("9999999999999.99", "9999999999999.99"),
        ("999999999999999", "999999999999999"),
        ("100000000000000", "100000000000000"),
        ("220102199913324567", "220102199913324567"),
        ("220102170011114567", "220102170011114567"),
        ("2201021985111X4567", "2201021985111X4567"),
        ("2025-06-30—2025-12-31", "2025-06-30—2025-12-31"),
        (
            "第 12 行，E 列：1,500,000.00 元",
            "第 12 行，E 列：1,500,000.00 元",
        ),
    ];

    #[test]
    fn mask_ids_finds_numbers_in_any_writing_and_leaves_amounts() {
        for (text, want) in MASKED {
            assert_eq!(mask_ids(text), *want, "{text:?}");
            // Masking twice changes nothing more.
            assert_eq!(mask_ids(want), *want, "{want:?}");
        }
        assert!(matches!(mask_ids("第 12 行"), Cow::Borrowed(_)));
        assert!(matches!(mask_ids("0.333333333333333333"), Cow::Borrowed(_)));
    }

    #[test]
    fn masked_serialises_every_string_and_key_masked() {
        use std::collections::BTreeMap;
        #[derive(serde::Serialize)]
        enum Kind {
            Named { note: String },
            Tuple(String, u64),
        }
        #[derive(serde::Serialize)]
        struct Report {
            name: Option<String>,
            fen: u64,
            ratio: &'static str,
            cells: Vec<String>,
            keys: BTreeMap<String, String>,
            kinds: Vec<Kind>,
            pair: (String, char),
        }
        let id = "220102198511114567";
        let report = Report {
            name: Some(format!("项目{id}")),
            fen: 999_999_999_999_999,
            ratio: "0.333333333333333333",
            cells: vec![id.into(), "220102 19851111 4567".into()],
            keys: BTreeMap::from([(id.to_owned(), id.to_owned())]),
            kinds: vec![Kind::Named { note: id.into() }, Kind::Tuple(id.into(), 7)],
            pair: (id.into(), 'x'),
        };
        let json = serde_json::to_string(&Masked(&report)).unwrap();
        assert!(!json.contains("19851111"), "{json}");
        assert_eq!(json.matches("2201**********4567").count(), 8, "{json}");
        assert!(json.contains("999999999999999") && json.contains("0.333333333333333333"));
        assert!(
            json.contains(r#""kinds":[{"Named":{"note":"2201"#),
            "{json}"
        );
    }
}
