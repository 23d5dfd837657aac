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

#[cfg(test)]
mod tests {
    use super::*;

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
