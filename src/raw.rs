//! A loose, self-describing input value, so that every field of untrusted input can be
//! checked on its own and every problem reported with its path, instead of stopping at
//! the first type mismatch the way a derived `Deserialize` would.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

/// A value as it arrived from JSON or JavaScript, before any interpretation.
///
/// Numbers keep their kind: integers stay exact, floats are kept as the binary double the
/// caller sent (JavaScript has no other number), including NaN and infinities, so that they
/// can be rejected with a clear message rather than silently turned into `null`.
#[derive(Debug, Clone, PartialEq)]
pub enum Raw {
    /// `null` or `undefined`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A negative integer.
    Int(i64),
    /// A non-negative integer.
    UInt(u64),
    /// Any other number, as a binary double.
    Float(f64),
    /// A string.
    Str(String),
    /// An array.
    List(Vec<Raw>),
    /// An object, with its keys in the order they came (duplicates kept, so they can be reported).
    Map(Vec<(String, Raw)>),
}

impl Raw {
    /// Parses JSON text into a loose value.
    ///
    /// # Errors
    /// A [`JsonError`]: where (line and column as an editor counts them) and why, in Chinese.
    pub fn from_json(text: &str) -> Result<Raw, JsonError> {
        serde_json::from_str(text).map_err(|e| JsonError::new(&e, text))
    }

    /// Looks a key up in an object; `None` for a missing key, a `null` value or a non-object.
    pub fn get(&self, key: &str) -> Option<&Raw> {
        match self {
            Raw::Map(entries) => entries
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v)
                .filter(|v| !matches!(v, Raw::Null)),
            _ => None,
        }
    }

    /// The name of this value's type, in Chinese, for error messages.
    pub fn type_name_zh(&self) -> &'static str {
        match self {
            Raw::Null => "空值",
            Raw::Bool(_) => "布尔值",
            Raw::Int(_) | Raw::UInt(_) | Raw::Float(_) => "数字",
            Raw::Str(_) => "文本",
            Raw::List(_) => "数组",
            Raw::Map(_) => "对象",
        }
    }

    /// True for `null`/`undefined` and for strings that hold only white space.
    pub fn is_blank(&self) -> bool {
        match self {
            Raw::Null => true,
            Raw::Str(s) => s.trim().is_empty(),
            _ => false,
        }
    }
}

/// Why a text is not JSON: the line and column (from 1, the column in characters, as an
/// editor counts them) and the reason, in Chinese. serde_json's own words never reach a user.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("第 {line} 行第 {column} 列：{reason}")]
pub struct JsonError {
    /// Line, from 1.
    pub line: usize,
    /// Column, from 1, in characters.
    pub column: usize,
    /// What is wrong there.
    pub reason: &'static str,
    /// Whether the text ends before the JSON does (serde_json's `Category::Eof`): a file cut
    /// off while it was saved or sent.
    pub eof: bool,
}

/// serde_json's messages (stable across its 1.x versions) and what they say in Chinese.
const JSON_REASONS: [(&str, &str); 21] = [
    ("EOF while parsing a list", "数组没有结束，缺少 ]"),
    ("EOF while parsing an object", "对象没有结束，缺少 }"),
    ("EOF while parsing a string", "字符串没有结束，缺少后引号"),
    ("EOF while parsing a value", "内容不完整，此处缺少一个值"),
    ("expected `:`", "此处应为冒号 :"),
    ("expected `,` or `]`", "此处应为逗号 , 或 ]"),
    ("expected `,` or `}`", "此处应为逗号 , 或 }"),
    ("expected ident", "无法识别的内容"),
    ("expected value", "此处应为一个值"),
    ("expected `\"`", "此处应为双引号"),
    ("invalid escape", "无效的转义字符"),
    ("invalid number", "无效的数字"),
    ("number out of range", "数字超出可表示的范围"),
    ("invalid unicode code point", "无效的字符编码"),
    ("control character", "字符串中含有未转义的控制字符"),
    ("key must be a string", "对象的键必须是字符串"),
    ("lone leading surrogate", "转义的代理字符不成对"),
    ("trailing comma", "多余的逗号"),
    ("trailing characters", "JSON 结束后还有多余的内容"),
    ("unexpected end of hex escape", "转义字符不完整"),
    ("recursion limit exceeded", "嵌套层数过多（最多 128 层）"),
];

impl JsonError {
    #[cold]
    #[inline(never)]
    fn new(e: &serde_json::Error, text: &str) -> JsonError {
        let message = e.to_string();
        let reason = JSON_REASONS
            .iter()
            .find(|(en, _)| message.starts_with(en))
            .map_or("格式不正确", |(_, zh)| zh);
        JsonError {
            line: e.line().max(1),
            column: char_column(text, e.line(), e.column()),
            reason,
            eof: e.is_eof(),
        }
    }
}

/// serde_json's column (bytes up to and including the first byte of the character it points
/// at) as characters: a line of Chinese text has three bytes to a character.
fn char_column(text: &str, line: usize, column: usize) -> usize {
    let bytes = text.as_bytes();
    let (mut at_line, mut start) = (1, 0);
    for (i, &b) in bytes.iter().enumerate() {
        if at_line >= line {
            break;
        }
        if b == b'\n' {
            at_line += 1;
            start = i + 1;
        }
    }
    let end = start.saturating_add(column).min(bytes.len());
    // A character is counted by its first byte (UTF-8 continuation bytes are 10xxxxxx).
    let chars = bytes
        .get(start..end)
        .unwrap_or_default()
        .iter()
        .filter(|&&b| b & 0xC0 != 0x80)
        .count();
    chars.max(1)
}

/// Joins a field path: `join("funds", "central")` is `funds.central`; an empty parent gives the key.
pub fn join(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_owned()
    } else {
        format!("{parent}.{key}")
    }
}

/// Appends an array index to a path: `index("rules", 3)` is `rules[3]`.
pub fn index(parent: &str, i: usize) -> String {
    format!("{parent}[{i}]")
}

impl<'de> Deserialize<'de> for Raw {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Raw, D::Error> {
        deserializer.deserialize_any(RawVisitor)
    }
}

struct RawVisitor;

impl<'de> Visitor<'de> for RawVisitor {
    type Value = Raw;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Raw, E> {
        Ok(Raw::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Raw, E> {
        Ok(if v >= 0 {
            Raw::UInt(v.unsigned_abs())
        } else {
            Raw::Int(v)
        })
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Raw, E> {
        Ok(Raw::UInt(v))
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Raw, E> {
        // Out-of-range integers (JavaScript BigInt) keep their sign and magnitude as a float;
        // they are far beyond any amount the checker accepts.
        Ok(match (i64::try_from(v), u64::try_from(v)) {
            (_, Ok(u)) => Raw::UInt(u),
            (Ok(i), _) => Raw::Int(i),
            _ => Raw::Float(v as f64),
        })
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Raw, E> {
        Ok(u64::try_from(v).map_or(Raw::Float(v as f64), Raw::UInt))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Raw, E> {
        Ok(Raw::Float(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Raw, E> {
        Ok(Raw::Str(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Raw, E> {
        Ok(Raw::Str(v))
    }

    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Raw, E> {
        Ok(Raw::Str(String::from_utf8_lossy(v).into_owned()))
    }

    fn visit_none<E: de::Error>(self) -> Result<Raw, E> {
        Ok(Raw::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Raw, D::Error> {
        Raw::deserialize(d)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Raw, E> {
        Ok(Raw::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Raw, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Raw::List(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Raw, A::Error> {
        let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(0).min(64));
        while let Some((k, v)) = map.next_entry::<RawKey, Raw>()? {
            entries.push((k.0, v));
        }
        Ok(Raw::Map(entries))
    }
}

/// An object key; JavaScript maps may have non-string keys, which are shown as text.
struct RawKey(String);

impl<'de> Deserialize<'de> for RawKey {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<RawKey, D::Error> {
        let raw = Raw::deserialize(deserializer)?;
        Ok(RawKey(match raw {
            Raw::Str(s) => s,
            Raw::UInt(u) => u.to_string(),
            Raw::Int(i) => i.to_string(),
            Raw::Float(f) => f.to_string(),
            Raw::Bool(b) => b.to_string(),
            other => other.type_name_zh().to_owned(),
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_integers_exact_and_duplicates() {
        let raw = Raw::from_json(r#"{"a": 9007199254740993, "a": -1, "b": 1.5}"#);
        assert_eq!(
            raw.ok(),
            Some(Raw::Map(vec![
                ("a".into(), Raw::UInt(9_007_199_254_740_993)),
                ("a".into(), Raw::Int(-1)),
                ("b".into(), Raw::Float(1.5)),
            ]))
        );
    }

    #[test]
    fn json_errors_are_chinese_with_the_column_in_characters() {
        for (text, line, column, reason) in [
            ("{\n  \"version\": ,\n}", 2, 14, "此处应为一个值"),
            ("{\"名称\": \"甲\" x}", 1, 12, "此处应为逗号 , 或 }"),
            ("[1, 2", 1, 5, "数组没有结束，缺少 ]"),
            ("{\"a\": tru}", 1, 10, "无法识别的内容"),
            ("[1,]", 1, 4, "多余的逗号"),
            ("{} x", 1, 4, "JSON 结束后还有多余的内容"),
            ("\"a\\q\"", 1, 4, "无效的转义字符"),
            ("", 1, 1, "内容不完整，此处缺少一个值"),
        ] {
            let e = Raw::from_json(text).unwrap_err();
            assert_eq!(
                (e.line, e.column, e.reason),
                (line, column, reason),
                "{text}"
            );
        }
        let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
        let e = Raw::from_json(&deep).unwrap_err();
        assert_eq!(e.reason, "嵌套层数过多（最多 128 层）");
        assert_eq!((e.line, e.column), (1, 128));
        // Every reason serde_json can give has its Chinese words.
        let samples = [
            "{\"a\" 1}",
            "\"\\ud800\"",
            "\"\\u12\"",
            "1e999",
            "{1: 2}",
            "\"\u{1}\"",
            "\"\\udc00\"",
            "{\"a\": 1",
            "\"abc",
            "[1 2]",
            "-",
            "{\"a\":1,}",
            "[\"\\uDBFF\\u0041\"]",
        ];
        for text in samples {
            let e = Raw::from_json(text).unwrap_err();
            assert_ne!(e.reason, "格式不正确", "{text}: {e}");
        }
    }

    #[test]
    fn get_treats_null_as_missing() {
        let raw = Raw::from_json(r#"{"a": null, "b": 1}"#).unwrap_or(Raw::Null);
        assert_eq!(raw.get("a"), None);
        assert_eq!(raw.get("b"), Some(&Raw::UInt(1)));
        assert_eq!(raw.get("c"), None);
    }
}
