//! Numbers and dates in their plainest written forms, read without the general parsers.

/// Powers of ten that fit a `u64`.
const POW10: [u64; 20] = [
    1,
    10,
    100,
    1000,
    10_000,
    100_000,
    1_000_000,
    10_000_000,
    100_000_000,
    1_000_000_000,
    10_000_000_000,
    100_000_000_000,
    1_000_000_000_000,
    10_000_000_000_000,
    100_000_000_000_000,
    1_000_000_000_000_000,
    10_000_000_000_000_000,
    100_000_000_000_000_000,
    1_000_000_000_000_000_000,
    10_000_000_000_000_000_000,
];

/// `digits[.digits]` read straight into a whole number of its `decimals`-th place (`"12.5"`
/// with 2 decimals is 1250): at most `max_int_digits` digits before the point, leading zeros
/// not counted, and at most `decimals` after it, trailing zeros not counted. `None` for
/// anything else (no digit before the point, a sign, a separator, a unit, too many digits),
/// which the general parser then reads and explains.
pub fn plain_scaled(s: &[u8], decimals: usize, max_int_digits: usize) -> Option<u64> {
    // One pass over the whole part and one back over the decimals (a plan has five amounts a
    // row).
    let mut i = 0;
    let mut int: u64 = 0;
    let mut int_len = 0;
    while let Some(&b) = s.get(i).filter(|b| b.is_ascii_digit()) {
        if int_len > 0 || b != b'0' {
            int_len += 1;
            if int_len > max_int_digits {
                return None;
            }
            int = int.checked_mul(10)?.checked_add(u64::from(b - b'0'))?;
        }
        i += 1;
    }
    if i == 0 {
        return None;
    }
    let mut frac: u64 = 0;
    let mut frac_len = 0;
    if let Some(rest) = s.get(i..).filter(|r| !r.is_empty()) {
        let (&dot, digits) = rest.split_first()?;
        if dot != b'.' {
            return None;
        }
        // Trailing zeros are digits that add nothing.
        let (significant, _) =
            digits.split_at(digits.iter().rposition(|&b| b != b'0').map_or(0, |i| i + 1));
        if significant.len() > decimals {
            return None;
        }
        for &b in significant {
            if !b.is_ascii_digit() {
                return None;
            }
            frac = frac * 10 + u64::from(b - b'0');
        }
        frac_len = significant.len();
    }
    int.checked_mul(*POW10.get(decimals)?)?
        .checked_add(frac * POW10.get(decimals - frac_len)?)
}

/// A double as a whole number of `1/per` (`per` at most 2^53) when it is exactly (as doubles
/// go) such a decimal, at most `max`, found without writing it out: `n / per` is correctly
/// rounded, so it equals `value` exactly when the decimal `n / per` reads back as `value`; no
/// other decimal of so few places does when doubles below `max / per` are closer together than
/// `1/per`, so it is the shortest that does, the text a general reader would write and read.
/// `None` for anything else (negative, too many places, too large, not finite).
pub fn exact_scaled(value: f64, per: u64, max: u64) -> Option<u64> {
    let per = per as f64;
    let n = (value * per + 0.5).floor();
    (value.is_sign_positive() && n <= max as f64 && n / per == value).then_some(n as u64)
}

/// `YYYY-MM-DD` exactly (ten ASCII bytes) as numbers, whether or not the day exists; `None`
/// for any other text.
pub fn iso_date(s: &[u8]) -> Option<(u16, u8, u8)> {
    let [y0, y1, y2, y3, b'-', m0, m1, b'-', d0, d1] = *s else {
        return None;
    };
    let mut n = [0u16; 3];
    for (part, digits) in n
        .iter_mut()
        .zip([&[y0, y1, y2, y3][..], &[m0, m1], &[d0, d1]])
    {
        for &d in digits {
            if !d.is_ascii_digit() {
                return None;
            }
            *part = *part * 10 + u16::from(d - b'0');
        }
    }
    let [y, m, d] = n;
    // Two digits: below 100.
    Some((y, m as u8, d as u8))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `plain_scaled` the plain way: split at the point, strip zeros, parse.
    fn scaled_plainly(s: &str, decimals: usize, max_int_digits: usize) -> Option<u64> {
        let (int, frac) = s.split_once('.').unwrap_or((s, ""));
        let all_digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
        if int.is_empty() || !all_digits(int) || !all_digits(frac) {
            return None;
        }
        let frac = frac.trim_end_matches('0');
        if int.trim_start_matches('0').len() > max_int_digits || frac.len() > decimals {
            return None;
        }
        let padded = format!("{frac:0<decimals$}");
        let int: u64 = int.parse().ok()?;
        let frac: u64 = if decimals == 0 {
            0
        } else {
            padded.parse().ok()?
        };
        int.checked_mul(10u64.pow(decimals as u32))?
            .checked_add(frac)
    }

    #[test]
    fn plain_scaled_is_split_and_parse() {
        // Every string of up to 7 characters over "0", "1", "9", ".", "," read both ways.
        let alphabet = ['0', '1', '9', '.', ','];
        let mut texts = vec![String::new()];
        let mut last = texts.clone();
        for _ in 0..7 {
            last = last
                .iter()
                .flat_map(|t| alphabet.iter().map(move |c| format!("{t}{c}")))
                .collect();
            texts.extend(last.iter().cloned());
        }
        texts.extend(
            [
                "9999999999999.99",
                "10000000000000",
                "999999999.999999",
                "1000000000",
                "00000000000000001.10",
            ]
            .map(String::from),
        );
        let mut some = 0;
        for t in &texts {
            for (decimals, max_int) in [(2, 13), (6, 9), (0, 3)] {
                let got = plain_scaled(t.as_bytes(), decimals, max_int);
                some += usize::from(got.is_some());
                assert_eq!(
                    got,
                    scaled_plainly(t, decimals, max_int),
                    "{t} {decimals} {max_int}"
                );
            }
        }
        assert!(some > 10_000);
    }

    #[test]
    fn exact_scaled_is_the_shortest_text() {
        let mut seed = 0x9E37_79B9_7F4A_7C15u64;
        let mut values = vec![
            0.0,
            -0.0,
            0.1 + 0.2,
            1.005,
            0.015,
            1e-7,
            9_999_999_999_999.99,
            1e13,
            f64::NAN,
            f64::INFINITY,
        ];
        for i in 0..100_000i32 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            values.push((seed % 10_000_000_000_000) as f64 / 10f64.powi(i % 9));
        }
        for v in values {
            for (per, places, max) in [
                (100u64, 2usize, 999_999_999_999_999u64),
                (1_000_000, 6, 999_999_999_999_999),
            ] {
                // The shortest text that reads back as `v`, in whole `1/per` if it has so few places.
                let shown = format!("{v}");
                let plainly = scaled_plainly(&shown, places, 19).filter(|n| *n <= max);
                assert_eq!(exact_scaled(v, per, max), plainly, "{v:?} {per}");
            }
        }
    }

    #[test]
    fn iso_date_reads_ten_bytes() {
        assert_eq!(iso_date(b"2025-06-30"), Some((2025, 6, 30)));
        assert_eq!(iso_date(b"0000-99-99"), Some((0, 99, 99)));
        for bad in [
            "2025-6-30",
            "2025/06/30",
            "2025-06-3x",
            "+025-06-30",
            "2025-06-300",
            "",
            "２０２５-06-30",
        ] {
            assert_eq!(iso_date(bad.as_bytes()), None, "{bad}");
        }
        for y in [0u16, 1, 999, 2025, 9999] {
            for m in 0..=99u8 {
                let d = ((u16::from(m) * 7) % 100) as u8;
                let t = format!("{y:04}-{m:02}-{d:02}");
                assert_eq!(iso_date(t.as_bytes()), Some((y, m, d)), "{t}");
            }
        }
    }
}
