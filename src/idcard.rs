//! Resident identity numbers (居民身份证号码, GB 11643-1999): 18 characters, six of address
//! code, eight of date of birth, three of sequence and an ISO 7064 MOD 11-2 check character
//! (`X` for 10). Numbers are validated and then only ever shown masked.
//!
//! Architecture invariant: no output of this crate carries an unmasked number. Errors about a
//! number name the field, never the number itself.

use std::fmt;

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

/// Masks, as [`mask`] does, every run of 15 or more digits (half- or full-width, with a final
/// `X`) in a text that may echo input, such as a name or a message quoting a cell: an ID
/// number typed into the wrong column must not come out whole either.
pub fn mask_numbers(text: &str) -> String {
    fn flush(run: &mut String, digits: &mut usize, out: &mut String) {
        if *digits >= 15 {
            out.push_str(&mask(run));
        } else {
            out.push_str(run);
        }
        run.clear();
        *digits = 0;
    }
    let is_digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
    let mut out = String::with_capacity(text.len());
    let mut run = String::new();
    let mut digits = 0;
    for c in text.chars() {
        if is_digit(c) {
            run.push(c);
            digits += 1;
        } else if digits >= 15 && matches!(c, 'X' | 'x' | 'Ｘ' | 'ｘ') {
            run.push(c);
            flush(&mut run, &mut digits, &mut out);
        } else {
            flush(&mut run, &mut digits, &mut out);
            out.push(c);
        }
    }
    flush(&mut run, &mut digits, &mut out);
    out
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
            mask_numbers("“22010119900307101X”与220101199003071028；第 12 行"),
            "“2201**********101X”与2201**********1028；第 12 行"
        );
        assert_eq!(
            mask_numbers("２２０１０１１９９００３０７１０６０"),
            "２２０１**********１０６０"
        );
        assert_eq!(mask_numbers("12345678901234"), "12345678901234");
        assert_eq!(mask_numbers("123456789012345"), "1234*******2345");
    }
}
