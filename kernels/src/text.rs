//! Comparing, searching and writing short texts.

/// Whether two texts are equal, compared eight bytes at a time: `==` on slices calls the
/// byte-at-a-time `memcmp` of the Wasm target, at any optimisation level (`checkProposal`'s
/// string cache compares with it; `a == b` measured 3-5% fewer calls a second, within the
/// noise of a shared machine but on the same side each time).
pub fn same(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let (mut a, mut b) = (a, b);
    while let (Some((x, a_rest)), Some((y, b_rest))) =
        (a.split_first_chunk::<8>(), b.split_first_chunk::<8>())
    {
        if u64::from_le_bytes(*x) != u64::from_le_bytes(*y) {
            return false;
        }
        (a, b) = (a_rest, b_rest);
    }
    for (x, y) in a.iter().zip(b) {
        if x != y {
            return false;
        }
    }
    true
}

/// `n` in decimal, padded with zeros to `width` digits (at most 20), written into `buf`: the
/// same text as `format!("{n:0width$}")`, without `core::fmt`'s machinery, which a verdict's
/// amounts and dates go through often enough to show in a profile.
pub fn digits(n: u64, width: usize, buf: &mut [u8; 20]) -> &str {
    let mut n = n;
    let mut start = buf.len();
    while n > 0 || start == buf.len() {
        start -= 1;
        if let Some(b) = buf.get_mut(start) {
            // n % 10 < 10: the cast keeps the digit.
            *b = b'0' + (n % 10) as u8;
        }
        n /= 10;
    }
    let from = start.min(buf.len().saturating_sub(width));
    for b in buf.get_mut(from..start).unwrap_or_default() {
        *b = b'0';
    }
    let digits = buf.get(from..).unwrap_or_default();
    std::str::from_utf8(digits).unwrap_or_default()
}

/// Whether `haystack` has the three bytes `needle` in a row (a CJK character in UTF-8, such as
/// 计: `[0xE8, 0xAE, 0xA1]`). Written plainly: at this crate's opt-level 3 the closure is
/// inlined (at the size optimisation it was a call per byte, and this was a hand-written loop).
pub fn contains3(haystack: &[u8], needle: [u8; 3]) -> bool {
    haystack.windows(3).any(|w| w == needle)
}

/// `str::trim`, skipping its search for the common text that starts and ends with a visible
/// ASCII character or a CJK ideograph (whose UTF-8 lead bytes, E4 to E9, no white space has).
/// Inlined into its callers (a plan's every cell), which are built at the size optimisation:
/// written with patterns only, as a closure or a range method there is a call per cell.
#[inline(always)]
pub fn trim(t: &str) -> &str {
    let b = t.as_bytes();
    let plain = match b {
        [] => return t,
        [only] => matches!(only, 0x21..=0x7E),
        [first, .., last] => {
            matches!(first, 0x21..=0x7E | 0xE4..=0xE9)
                && (matches!(last, 0x21..=0x7E)
                    || matches!(b.get(b.len().wrapping_sub(3)), Some(0xE4..=0xE9)))
        }
    };
    if plain {
        t
    } else {
        str::trim(t)
    }
}

/// The six bits a UTF-8 continuation byte carries.
#[inline(always)]
fn cont(b: u8) -> u32 {
    u32::from(b & 0x3F)
}

/// Appends `s` as UTF-16, decoded from its UTF-8 in one loop over a buffer made big enough
/// beforehand (never more units than bytes). Written when it was built at the size
/// optimisation, where `encode_utf16` and `Vec::push` were a call per character (verdicts are
/// mostly Chinese text); not measured again at this crate's opt-level 3.
pub fn push_utf16(out: &mut Vec<u16>, s: &str) {
    let start = out.len();
    out.resize(start + s.len(), 0);
    let Some(buf) = out.get_mut(start..) else {
        return;
    };
    let mut written = 0;
    let mut bytes = s.as_bytes();
    // `s` is UTF-8, so each lead byte has its continuation bytes.
    loop {
        let (unit, rest): (u32, &[u8]) = match bytes {
            [] => break,
            [a, rest @ ..] if *a < 0x80 => (u32::from(*a), rest),
            [a, b, rest @ ..] if *a < 0xE0 => ((u32::from(*a & 0x1F) << 6) | cont(*b), rest),
            [a, b, c, rest @ ..] if *a < 0xF0 => (
                (u32::from(*a & 0x0F) << 12) | (cont(*b) << 6) | cont(*c),
                rest,
            ),
            [a, b, c, d, rest @ ..] => {
                let code =
                    (u32::from(*a & 0x07) << 18) | (cont(*b) << 12) | (cont(*c) << 6) | cont(*d);
                let v = code - 0x1_0000;
                if let Some(high) = buf.get_mut(written) {
                    *high = 0xD800 | (v >> 10) as u16;
                    written += 1;
                }
                (0xDC00 | (v & 0x3FF), rest)
            }
            // Not UTF-8 (never, for a `str`): stop rather than guess.
            _ => break,
        };
        if let Some(slot) = buf.get_mut(written) {
            // Every unit here is below 0x10000.
            *slot = unit as u16;
            written += 1;
        }
        bytes = rest;
    }
    out.truncate(start + written);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_is_eq() {
        let texts = [
            "",
            "a",
            "甘肃",
            "甘肃省",
            "贵州",
            "中央预算内",
            "中央预算外",
            "2025-06-30",
        ];
        for a in texts {
            for b in texts {
                assert_eq!(same(a.as_bytes(), b.as_bytes()), a == b, "{a} {b}");
            }
            // One byte changed anywhere.
            for i in 0..a.len() {
                let mut c = a.as_bytes().to_vec();
                c[i] ^= 1;
                assert!(!same(a.as_bytes(), &c), "{a} at {i}");
            }
        }
    }

    #[test]
    fn digits_is_format() {
        let mut values = vec![0, 1, 9, 10, 99, 100, 999, 1000, 2025, 123_456_789, u64::MAX];
        values.extend((0..64).map(|i| 1u64 << i));
        values.extend((0..20).map(|i| 10u64.pow(i) - 1));
        // One buffer for all: what a longer number left in it must not show.
        let mut buf = [b'7'; 20];
        for n in values {
            for width in [0, 1, 2, 4, 19, 20] {
                assert_eq!(
                    digits(n, width, &mut buf),
                    format!("{n:0width$}"),
                    "{n} {width}"
                );
            }
        }
    }

    #[test]
    fn contains3_is_contains() {
        for t in [
            "",
            "计",
            "合计",
            "合计:",
            "小计 ",
            "计划",
            "设计院",
            "讠",
            "记",
            "计\u{1F600}",
            "a计b",
            "甘肃",
            "è®¡",
            "\u{8BA1}",
            "\u{8BA2}",
            "ab",
        ] {
            assert_eq!(
                contains3(t.as_bytes(), [0xE8, 0xAE, 0xA1]),
                t.contains('计'),
                "{t:?}"
            );
        }
    }

    #[test]
    fn trim_is_str_trim() {
        for t in [
            "",
            " ",
            "甘肃",
            " 甘肃",
            "甘肃 ",
            "\u{3000}甘肃\u{3000}",
            "a",
            " a ",
            "\ta\n",
            "é ",
            "甘肃\u{2003}",
            "\u{1680}x",
            "x\u{a0}",
            "12.5",
            "😀",
            " 😀 ",
            "ab c",
            "a ",
            "ab",
            "a\u{3000}",
            "\u{3000}",
            "甘 ",
            " 甘",
            "~",
            "\u{7f}a\u{7f}",
        ] {
            assert_eq!(trim(t), t.trim(), "{t:?}");
        }
    }

    #[test]
    fn push_utf16_is_encode_utf16() {
        let texts = [
            "",
            "a",
            "1500000.00",
            "劳务报酬占比",
            "é€\u{7FF}\u{800}\u{FFFF}",
            "\u{10000}😀\u{10FFFF}",
            "mixed 以工代赈 😀 text é",
        ];
        for t in texts {
            let mut out = vec![7u16];
            push_utf16(&mut out, t);
            let want: Vec<u16> = std::iter::once(7).chain(t.encode_utf16()).collect();
            assert_eq!(out, want, "{t:?}");
        }
    }
}
