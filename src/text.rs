//! Text normalisation shared by every parser: files exported from Chinese office software
//! mix full-width and half-width forms, and people type either.

/// Folds full-width ASCII forms (`０-９`, `，`, `．`, `（`, ...) to their half-width forms,
/// the ideographic space to a plain space, and `￥` to `¥`; trims surrounding white space.
pub fn fold(text: &str) -> String {
    text.chars()
        .map(fold_char)
        .collect::<String>()
        .trim()
        .to_owned()
}

/// Like [`fold`], and also removes every white-space character inside the text, so that
/// `甘 肃 省` and `甘肃省` compare equal.
pub fn fold_compact(text: &str) -> String {
    compact_chars(text).collect()
}

/// The characters of [`fold_compact`], without collecting them.
pub fn compact_chars(text: &str) -> impl Iterator<Item = char> + '_ {
    text.chars().map(fold_char).filter(|c| !c.is_whitespace())
}

fn fold_char(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        '\u{FFE5}' => '¥',
        _ => c,
    }
}

/// Formats a count of fen as yuan with thousands separators: `150000000` is `1,500,000.00`.
pub fn group_thousands(digits: &str) -> String {
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let (sign, int) = int.strip_prefix('-').map_or(("", int), |rest| ("-", rest));
    let mut out = String::with_capacity(int.len() + int.len() / 3 + frac.len() + 2);
    out.push_str(sign);
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    if !frac.is_empty() {
        out.push('.');
        out.push_str(frac);
    }
    out
}

/// Writes `n` in decimal, padded with zeros to `width` digits (at most 20). The same text as
/// `write!(out, "{n:0width$}")`, without `core::fmt`'s machinery, which a verdict's amounts and
/// dates go through often enough to show in a profile of a size-optimised build.
pub fn write_digits(out: &mut impl std::fmt::Write, mut n: u64, width: usize) -> std::fmt::Result {
    let mut buf = [b'0'; 20];
    let mut start = buf.len();
    while n > 0 || start == buf.len() {
        start -= 1;
        if let Some(b) = buf.get_mut(start) {
            // n % 10 < 10: the cast keeps the digit.
            *b = b'0' + (n % 10) as u8;
        }
        n /= 10;
    }
    let start = start.min(buf.len().saturating_sub(width));
    let digits = buf.get(start..).unwrap_or_default();
    out.write_str(std::str::from_utf8(digits).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn write_digits_is_format() {
        let mut values = vec![0, 1, 9, 10, 99, 100, 999, 1000, 2025, 123_456_789, u64::MAX];
        values.extend((0..64).map(|i| 1u64 << i));
        values.extend((0..20).map(|i| 10u64.pow(i) - 1));
        for n in values {
            for width in [0, 1, 2, 4, 19, 20] {
                let mut out = String::new();
                write_digits(&mut out, n, width).unwrap();
                assert_eq!(out, format!("{n:0width$}"), "{n} {width}");
            }
        }
    }

    #[test]
    fn folds_full_width() {
        assert_eq!(
            fold("  １，６００，０００．５０元\u{3000}"),
            "1,600,000.50元"
        );
        assert_eq!(fold_compact("甘 肃\u{3000}省"), "甘肃省");
        assert_eq!(fold("（万元）"), "(万元)");
    }

    #[test]
    fn groups_thousands() {
        assert_eq!(group_thousands("1500000.00"), "1,500,000.00");
        assert_eq!(group_thousands("999.5"), "999.5");
        assert_eq!(group_thousands("1000"), "1,000");
        assert_eq!(group_thousands("-1234567"), "-1,234,567");
        assert_eq!(group_thousands("0.01"), "0.01");
    }
}
