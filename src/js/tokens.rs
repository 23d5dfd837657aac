//! Input: a JS value read whole by `boundary.js` `snapshot` (getters, Proxies and all, inside
//! try/catch) crosses as numbers and one string, and is read back here into a [`Raw`]. Strings
//! are counted in UTF-16 units, as JavaScript counts them; a surrogate pair that JavaScript
//! split between two strings is U+FFFD in each, as serde-wasm-bindgen (and `TextEncoder`) would
//! write it.

use crate::raw::Raw;

/// Tags of the flattened form (`NULL`, `FALSE`, ... in `boundary.js`).
mod tag {
    pub const NULL: f64 = 0.0;
    pub const FALSE: f64 = 1.0;
    pub const TRUE: f64 = 2.0;
    pub const FLOAT: f64 = 3.0;
    pub const STRING: f64 = 4.0;
    pub const LIST: f64 = 5.0;
    pub const MAP: f64 = 6.0;
    pub const INT: f64 = 7.0;
    pub const BIGINT: f64 = 8.0;
}

/// Reads back a value that JavaScript flattened into numbers and one text (`boundary.js`
/// `snapshot`): a tag per value, followed by a number, a length in UTF-16 units (strings, keys,
/// the digits of a BigInt) or a count (lists, maps). Values come out as serde-wasm-bindgen
/// read them: safe integers as integers, other numbers as floats, `undefined` as null,
/// unpaired surrogates as U+FFFD, a BigInt within 64 bits as an exact integer.
///
/// Returns `None` for tokens that do not describe one whole value.
pub(crate) fn raw_from_tokens(nums: &[f64], text: &str) -> Option<Raw> {
    let mut r = TokenReader {
        nums,
        at: 0,
        chars: text.chars(),
        pending: false,
    };
    r.value(0)
}

struct TokenReader<'a> {
    nums: &'a [f64],
    at: usize,
    chars: std::str::Chars<'a>,
    /// The second half of a surrogate pair that JavaScript split between two strings.
    pending: bool,
}

impl TokenReader<'_> {
    fn next(&mut self) -> Option<f64> {
        let v = self.nums.get(self.at).copied();
        self.at += 1;
        v
    }

    fn count(&mut self) -> Option<usize> {
        let v = self.next()?;
        (v >= 0.0 && v.fract() == 0.0 && v <= 1e9).then_some(v as usize)
    }

    /// `units` UTF-16 code units of the text. A pair split by the end of a string was two
    /// unpaired surrogates in JavaScript: U+FFFD in each string, as the encoder would write.
    fn text(&mut self) -> Option<String> {
        let mut units = self.count()?;
        let mut out = String::with_capacity(units);
        if self.pending && units > 0 {
            self.pending = false;
            out.push(char::REPLACEMENT_CHARACTER);
            units -= 1;
        }
        // ASCII first, a byte at a time (one unit each); then char by char.
        let rest = self.chars.as_str();
        let ascii = rest.bytes().take(units).take_while(u8::is_ascii).count();
        out.push_str(rest.get(..ascii)?);
        self.chars = rest.get(ascii..)?.chars();
        units -= ascii;
        while units > 0 {
            let c = self.chars.next()?;
            let n = c.len_utf16();
            if n > units {
                out.push(char::REPLACEMENT_CHARACTER);
                self.pending = true;
                break;
            }
            out.push(c);
            units -= n;
        }
        Some(out)
    }

    fn value(&mut self, depth: usize) -> Option<Raw> {
        if depth > 64 {
            return None;
        }
        let t = self.next()?;
        Some(if t == tag::NULL {
            Raw::Null
        } else if t == tag::FALSE {
            Raw::Bool(false)
        } else if t == tag::TRUE {
            Raw::Bool(true)
        } else if t == tag::FLOAT {
            Raw::Float(self.next()?)
        } else if t == tag::INT {
            // A safe integer (|v| < 2^53), as serde-wasm-bindgen passes it: `v as i64`.
            let v = self.next()? as i64;
            if v >= 0 {
                Raw::UInt(v.unsigned_abs())
            } else {
                Raw::Int(v)
            }
        } else if t == tag::STRING {
            Raw::Str(self.text()?)
        } else if t == tag::BIGINT {
            let digits = self.text()?;
            match digits.parse::<u64>() {
                Ok(u) => Raw::UInt(u),
                Err(_) => Raw::Int(digits.parse().ok()?),
            }
        } else if t == tag::LIST {
            let n = self.count()?;
            let mut items = Vec::with_capacity(n.min(1024));
            for _ in 0..n {
                items.push(self.value(depth + 1)?);
            }
            Raw::List(items)
        } else if t == tag::MAP {
            let n = self.count()?;
            let mut entries = Vec::with_capacity(n.min(64));
            for _ in 0..n {
                let k = self.text()?;
                entries.push((k, self.value(depth + 1)?));
            }
            Raw::Map(entries)
        } else {
            return None;
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_read_back() {
        use tag::*;
        // {"kind": "中央", "n": [1, -2, 0.5, null, true], "s": "😀"}
        let nums = [
            MAP, 3.0, 4.0, STRING, 2.0, 1.0, LIST, 5.0, INT, 1.0, INT, -2.0, FLOAT, 0.5, NULL,
            TRUE, 1.0, STRING, 2.0,
        ];
        let raw = raw_from_tokens(&nums, "kind中央ns😀");
        assert_eq!(
            raw,
            Some(Raw::Map(vec![
                ("kind".into(), Raw::Str("中央".into())),
                (
                    "n".into(),
                    Raw::List(vec![
                        Raw::UInt(1),
                        Raw::Int(-2),
                        Raw::Float(0.5),
                        Raw::Null,
                        Raw::Bool(true)
                    ])
                ),
                ("s".into(), Raw::Str("😀".into())),
            ]))
        );
        // A surrogate pair split between two strings: each half is unpaired.
        let nums = [LIST, 2.0, STRING, 1.0, STRING, 1.0];
        let raw = raw_from_tokens(&nums, "😀");
        assert_eq!(
            raw,
            Some(Raw::List(vec![
                Raw::Str("\u{FFFD}".into()),
                Raw::Str("\u{FFFD}".into())
            ]))
        );
        // Too few tokens, or too little text.
        assert_eq!(raw_from_tokens(&[MAP, 1.0, 1.0], "k"), None);
        assert_eq!(raw_from_tokens(&[STRING, 3.0], "ab"), None);
        assert_eq!(raw_from_tokens(&[9.0], ""), None);
    }

    #[test]
    fn tokens_read_bigints_exactly_and_refuse_deep_nesting() {
        use tag::*;
        // [18446744073709551615n, -9223372036854775808n, 9007199254740993n]
        let nums = [LIST, 3.0, BIGINT, 20.0, BIGINT, 20.0, BIGINT, 16.0];
        let text = "18446744073709551615-92233720368547758089007199254740993";
        assert_eq!(
            raw_from_tokens(&nums, text),
            Some(Raw::List(vec![
                Raw::UInt(u64::MAX),
                Raw::Int(i64::MIN),
                Raw::UInt(9_007_199_254_740_993)
            ]))
        );
        // Digits that are no 64-bit integer are not a value.
        assert_eq!(raw_from_tokens(&[BIGINT, 3.0], "1.5"), None);
        // 64 nested lists hold a value; 65 do not.
        let nested = |levels: usize| {
            let mut nums: Vec<f64> = [LIST, 1.0].repeat(levels);
            nums.push(NULL);
            nums
        };
        assert!(raw_from_tokens(&nested(64), "").is_some());
        assert_eq!(raw_from_tokens(&nested(65), ""), None);
    }
}
