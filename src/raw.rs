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
    /// Returns serde_json's error (with line and column) when the text is not JSON.
    pub fn from_json(text: &str) -> Result<Raw, serde_json::Error> {
        serde_json::from_str(text)
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
    fn get_treats_null_as_missing() {
        let raw = Raw::from_json(r#"{"a": null, "b": 1}"#).unwrap_or(Raw::Null);
        assert_eq!(raw.get("a"), None);
        assert_eq!(raw.get("b"), Some(&Raw::UInt(1)));
        assert_eq!(raw.get("c"), None);
    }
}
