//! Text normalisation shared by every parser: files exported from Chinese office software
//! mix full-width and half-width forms, and people type either.

/// Folds full-width ASCII forms (`０-９`, `，`, `．`, `（`, ...) to their half-width forms,
/// the ideographic space to a plain space, and `￥` to `¥`; trims surrounding white space.
pub fn fold(text: &str) -> String {
    if nothing_to_fold(text) {
        return text.to_owned();
    }
    text.chars()
        .map(fold_char)
        .collect::<String>()
        .trim()
        .to_owned()
}

/// Whether folding leaves `text` as it is: none of its bytes is ASCII white space or the lead
/// byte of a character that folding changes or that is white space (U+0085 and U+00A0: C2;
/// U+1680: E1; U+2000 to U+205F: E2; U+3000: E3; the full-width forms and `￥`: EF). Most
/// names, kinds and provinces pass, and are copied instead of decoded a character at a time.
fn nothing_to_fold(text: &str) -> bool {
    for &b in text.as_bytes() {
        if matches!(b, 0x09..=0x0D | b' ' | 0xC2 | 0xE1..=0xE3 | 0xEF) {
            return false;
        }
    }
    true
}

/// Like [`fold`], and also removes every white-space character inside the text, so that
/// `甘 肃 省` and `甘肃省` compare equal.
pub fn fold_compact(text: &str) -> String {
    if nothing_to_fold(text) {
        return text.to_owned();
    }
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

/// The most characters of a value [`quote`] shows.
pub const QUOTE_CHARS: usize = 40;

/// Whether `c` shows nothing, or moves or reorders text, where a message shows it: the
/// controls (C0, DEL, C1, tabs and line breaks included), the zero-width and joiner
/// characters, the line and paragraph separators, the bidirectional marks, embeddings and
/// isolates, the word joiner and invisible operators, the soft hyphen, the byte order mark
/// and the tag characters. An ordinary space is not among them.
pub fn is_invisible(c: char) -> bool {
    const RANGES: [(u32, u32); 18] = [
        (0x00, 0x1F),
        (0x7F, 0x9F),
        (0xAD, 0xAD),
        (0x34F, 0x34F),
        (0x61C, 0x61C),
        (0x115F, 0x1160),
        (0x17B4, 0x17B5),
        (0x180B, 0x180F),
        (0x200B, 0x200F),
        (0x2028, 0x202E),
        (0x2060, 0x206F),
        (0x3164, 0x3164),
        (0xFE00, 0xFE0F),
        (0xFEFF, 0xFEFF),
        (0xFFA0, 0xFFA0),
        (0xFFF0, 0xFFFB),
        (0x1D173, 0x1D17A),
        (0xE0000, 0xE0FFF),
    ];
    let c = u32::from(c);
    // Most text is visible ASCII or Chinese (U+3165 to U+FDFF): one comparison each.
    if (0x20..0x7F).contains(&c) || (0x3165..0xFE00).contains(&c) {
        return false;
    }
    RANGES.iter().any(|(from, to)| (*from..=*to).contains(&c))
}

/// Writes a character in its visible form, `<U+001B>`: how messages, the CLI's table and its
/// CSV show an [invisible](is_invisible) character.
pub fn write_visible(out: &mut String, c: char) {
    use std::fmt::Write;
    let _ = write!(out, "<U+{:04X}>", u32::from(c));
}

/// A value the user wrote, quoted for a message: `“…”`, with every invisible character
/// ([`is_invisible`]) shown as `<U+XXXX>` (a zero-width space in `甘肃\u{200B}` is
/// `“甘肃<U+200B>”`), and a value longer than [`QUOTE_CHARS`] characters cut with `…`. A cut
/// never ends inside a run of digits (so that it cannot leave part of an ID number that the
/// masking, which looks for whole numbers, would not recognise).
///
/// ```
/// assert_eq!(workrelief::text::quote("甘肃\u{200B}"), "“甘肃<U+200B>”");
/// ```
#[inline(never)]
pub fn quote(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 8);
    out.push('“');
    // Where the run of digits that ends `out` starts, if one does.
    let mut digits_from = None;
    for (n, c) in value.chars().enumerate() {
        let digit = c.is_ascii_digit() || c == 'X' || c == 'x';
        if n == QUOTE_CHARS {
            if let (true, Some(at)) = (digit, digits_from) {
                out.truncate(at);
            }
            out.push('…');
            break;
        }
        if !digit {
            digits_from = None;
        } else if digits_from.is_none() {
            digits_from = Some(out.len());
        }
        if is_invisible(c) {
            write_visible(&mut out, c);
        } else {
            out.push(c);
        }
    }
    out.push('”');
    out
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
/// `write!(out, "{n:0width$}")`, without `core::fmt`'s machinery ([`kernels::digits`]).
pub fn write_digits(out: &mut impl std::fmt::Write, n: u64, width: usize) -> std::fmt::Result {
    out.write_str(kernels::digits(n, width, &mut [0; 20]))
}

/// Whether two texts are equal, compared eight bytes at a time ([`kernels::same`]).
pub use kernels::same;

#[cfg(test)]
mod tests {
    use super::*;

    /// `fold` and `fold_compact` the long way, a character at a time.
    fn folded_slowly(text: &str) -> (String, String) {
        let folded: String = text.chars().map(fold_char).collect();
        (folded.trim().to_owned(), compact_chars(text).collect())
    }

    #[test]
    fn texts_with_nothing_to_fold_are_copied() {
        // Every white-space character, every character folding changes, their neighbours, and
        // plain texts; alone and inside others.
        let mut chars: Vec<char> = (0..=0x10FFFFu32)
            .filter_map(char::from_u32)
            .filter(|c| c.is_whitespace() || fold_char(*c) != *c)
            .collect();
        chars.extend([
            'a', '甘', 'é', '\u{FF00}', '\u{FF5F}', '\u{FFE4}', '\u{2FFF}', '😀',
        ]);
        let mut texts = vec![String::new(), "甘肃省".to_owned(), "中央预算内".to_owned()];
        for c in chars {
            texts.push(c.to_string());
            texts.push(format!("甘{c}肃"));
            texts.push(format!("{c}ab"));
        }
        for t in texts {
            assert_eq!((fold(&t), fold_compact(&t)), folded_slowly(&t), "{t:?}");
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
    fn quote_shows_invisible_characters_and_cuts_long_values() {
        assert_eq!(quote("甘肃省"), "“甘肃省”");
        assert_eq!(quote("甘肃\u{200B}省"), "“甘肃<U+200B>省”");
        assert_eq!(quote("a b"), "“a b”");
        assert_eq!(quote("\u{FEFF}1\t2\n"), "“<U+FEFF>1<U+0009>2<U+000A>”");
        assert_eq!(quote("\u{202E}abc\u{2066}"), "“<U+202E>abc<U+2066>”");
        assert_eq!(quote("\u{1b}]0;x\u{7}"), "“<U+001B>]0;x<U+0007>”");
        assert_eq!(quote("\u{E0041}"), "“<U+E0041>”");
        assert_eq!(quote(""), "“”");
        let long = "甲".repeat(50);
        assert_eq!(quote(&long), format!("“{}…”", "甲".repeat(QUOTE_CHARS)));
        let exact = "乙".repeat(QUOTE_CHARS);
        assert_eq!(quote(&exact), format!("“{exact}”"));
        // A cut inside a run of digits drops the run.
        let id = format!("{}110101199003077777", "丙".repeat(30));
        assert_eq!(quote(&id), format!("“{}…”", "丙".repeat(30)));
        // Every invisible character is shown, none that is visible.
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let q = quote(&c.to_string());
            assert_eq!(q.contains("<U+"), is_invisible(c), "{:X}", u32::from(c));
            if is_invisible(c) {
                assert_eq!(q, format!("“<U+{:04X}>”", u32::from(c)));
            }
        }
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
