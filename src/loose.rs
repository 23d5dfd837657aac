//! Reading loose input ([`Raw`]: a JSON value or a JS object) field by field, for proposals
//! (whose reader also takes table cells read straight into money, dates and units, and hands
//! every loose value here), workshop rosters and subsidy profiles ([`crate::field::Fields`]) and
//! rule books. What a loose value means (absent, blank, a text, an
//! amount, an object and its unknown keys) is decided here, once. How a problem is worded is
//! each reader's own vocabulary: it implements [`Report`] (and [`ReportMoney`] if it reads
//! amounts), so that a roster's `input.wrong_type` and a rule book's `rules.wrong_type` keep
//! their codes and messages.
//!
//! ```
//! use workrelief::loose::{self, Report};
//! use workrelief::raw::Raw;
//!
//! #[derive(Default)]
//! struct Seen(Vec<String>);
//! impl Report for Seen {
//!     fn wrong_type(&mut self, field: &str, label: &'static str, expected: &'static str, found: &Raw) {
//!         self.0.push(format!("{field}: {label}应为{expected}，实际为{}", found.type_name_zh()));
//!     }
//!     fn unknown_key(&mut self, field: &str, _key: &str) {
//!         self.0.push(format!("{field}: unknown"));
//!     }
//! }
//!
//! let raw = Raw::from_json(r#"{"name": " 车间 ", "size": true, "colour": 1}"#).unwrap();
//! let mut seen = Seen::default();
//! let entries = loose::object(&mut seen, &raw, "", "车间", &["name", "size"]).unwrap();
//! assert_eq!(loose::text(&mut seen, loose::get(entries, "name"), "name", "名称").as_deref(), Some("车间"));
//! assert_eq!(loose::text(&mut seen, raw.get("size"), "size", "规模"), None);
//! assert_eq!(seen.0, ["colour: unknown", "size: 规模应为文本，实际为布尔值"]);
//! ```

use crate::money::{Money, MoneyError, Unit};
use crate::raw::{join, Raw};

/// An object's entries, in the order they came (a key given twice is kept twice).
pub type Entries = [(String, Raw)];

/// How a reader words what the loose functions find. `field` is always the path the reader
/// was given for the value, joined with the key for an object's keys; a reader that reads
/// under a prefix adds it in its own methods.
pub trait Report {
    /// Whether a key given twice is a problem ([`Report::duplicate_key`]); it is for rule
    /// books, while elsewhere the first value of a key counts, as in [`get`].
    const DUPLICATE_KEYS: bool = false;

    /// A value of the wrong type: `label` is the field's Chinese name (empty where the
    /// vocabulary has none), `expected` what it should be, in Chinese.
    fn wrong_type(&mut self, field: &str, label: &'static str, expected: &'static str, found: &Raw);

    /// A key that nothing reads.
    fn unknown_key(&mut self, field: &str, key: &str);

    /// A key given a second time (only called when [`Report::DUPLICATE_KEYS`]).
    fn duplicate_key(&mut self, field: &str) {
        let _ = field;
    }
}

/// A [`Report`] for readers of amounts ([`money`]).
pub trait ReportMoney: Report {
    /// An amount that cannot be read.
    fn bad_money(&mut self, field: &str, label: &'static str, error: MoneyError);
}

/// The first value of `key`, with `null` (and `undefined`) as absent.
pub fn get<'a>(entries: &'a Entries, key: &str) -> Option<&'a Raw> {
    entries
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v)
        .filter(|v| !matches!(v, Raw::Null))
}

/// Reports the keys of `raw` (when it is an object) that are not in `allowed`, and, for a
/// reader that asks, the keys given twice; each at `parent.key`, in the order they came.
pub fn unknown_keys<R: Report>(r: &mut R, raw: &Raw, parent: &str, allowed: &[&str]) {
    let Raw::Map(entries) = raw else { return };
    for (i, (k, _)) in entries.iter().enumerate() {
        // Objects have a handful of keys: a scan of the earlier ones is cheaper than a set.
        let duplicate = R::DUPLICATE_KEYS
            && entries
                .get(..i)
                .is_some_and(|earlier| earlier.iter().any(|(e, _)| e == k));
        let unknown = !allowed.contains(&k.as_str());
        if duplicate || unknown {
            let field = join(parent, k);
            if duplicate {
                r.duplicate_key(&field);
            }
            if unknown {
                r.unknown_key(&field, k);
            }
        }
    }
}

/// The words of `input.unknown_field`, the warning of the readers of user input (proposals,
/// rosters, profiles) on a key nothing reads.
pub fn unknown_field_message(key: &str) -> String {
    format!("未识别的字段{}，已忽略", crate::text::quote(key))
}

/// An object's entries, its unknown keys reported ([`unknown_keys`]); anything else is
/// reported as a wrong type and gives `None`.
pub fn object<'a>(
    r: &mut impl Report,
    raw: &'a Raw,
    field: &str,
    label: &'static str,
    allowed: &[&str],
) -> Option<&'a Entries> {
    let Raw::Map(entries) = raw else {
        r.wrong_type(field, label, "对象", raw);
        return None;
    };
    unknown_keys(r, raw, field, allowed);
    Some(entries)
}

/// A text, trimmed: absent and blank give `None`; a whole number of zero or more is taken as
/// its digits (a spreadsheet's ID or code); anything else is a wrong type.
pub fn text(
    r: &mut impl Report,
    raw: Option<&Raw>,
    field: &str,
    label: &'static str,
) -> Option<String> {
    match raw {
        None => None,
        Some(v) if v.is_blank() => None,
        Some(Raw::Str(s)) => Some(s.trim().to_owned()),
        Some(Raw::UInt(u)) => Some(u.to_string()),
        Some(other) => {
            r.wrong_type(field, label, "文本", other);
            None
        }
    }
}

/// An amount: a number, or a text such as `1,600,000.00` or `160万元`, in `unit` when it names
/// none. Absent and blank give `None`; a negative number, a bad text or a wrong type is
/// reported and gives `None`.
pub fn money(
    r: &mut impl ReportMoney,
    raw: Option<&Raw>,
    field: &str,
    label: &'static str,
    unit: Unit,
) -> Option<Money> {
    let result = match raw {
        None => return None,
        Some(v) if v.is_blank() => return None,
        Some(Raw::Str(s)) => Money::parse(s, unit),
        Some(Raw::UInt(u)) => Money::from_u64(*u, unit),
        Some(Raw::Int(i)) => Err(MoneyError::Negative(i.to_string())),
        Some(Raw::Float(f)) => Money::from_f64(*f, unit),
        Some(other) => {
            r.wrong_type(field, label, "数字或文本", other);
            return None;
        }
    };
    result.map_err(|e| r.bad_money(field, label, e)).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Writes down every call, to see what each function reports and in which order.
    #[derive(Default)]
    struct Seen<const DUP: bool>(Vec<String>);

    impl<const DUP: bool> Report for Seen<DUP> {
        const DUPLICATE_KEYS: bool = DUP;
        fn wrong_type(
            &mut self,
            field: &str,
            label: &'static str,
            expected: &'static str,
            found: &Raw,
        ) {
            self.0.push(format!(
                "wrong_type {field} {label} {expected} {}",
                found.type_name_zh()
            ));
        }
        fn unknown_key(&mut self, field: &str, key: &str) {
            self.0.push(format!("unknown {field} {key}"));
        }
        fn duplicate_key(&mut self, field: &str) {
            self.0.push(format!("duplicate {field}"));
        }
    }

    impl<const DUP: bool> ReportMoney for Seen<DUP> {
        fn bad_money(&mut self, field: &str, label: &'static str, error: MoneyError) {
            self.0
                .push(format!("money {field} {label} {}", error.code()));
        }
    }

    fn raw(json: &str) -> Raw {
        Raw::from_json(json).unwrap()
    }

    #[test]
    fn keys_in_order_duplicates_only_when_asked() {
        let v = raw(r#"{"a": 1, "x": 2, "a": 3, "x": 4}"#);
        let mut plain = Seen::<false>::default();
        unknown_keys(&mut plain, &v, "p", &["a"]);
        assert_eq!(plain.0, ["unknown p.x x", "unknown p.x x"]);
        let mut strict = Seen::<true>::default();
        unknown_keys(&mut strict, &v, "", &["a"]);
        assert_eq!(
            strict.0,
            ["unknown x x", "duplicate a", "duplicate x", "unknown x x"]
        );
        // Not an object: nothing to say about keys; `object` says it is the wrong type.
        let mut seen = Seen::<false>::default();
        unknown_keys(&mut seen, &raw("[1]"), "p", &[]);
        assert!(seen.0.is_empty());
        assert!(object(&mut seen, &raw("[1]"), "p", "项目", &[]).is_none());
        assert_eq!(seen.0, ["wrong_type p 项目 对象 数组"]);
    }

    #[test]
    fn get_takes_the_first_and_null_as_absent() {
        let v = raw(r#"{"a": null, "b": 1, "b": 2}"#);
        let Raw::Map(e) = &v else { unreachable!() };
        assert_eq!(get(e, "a"), None);
        assert_eq!(get(e, "b"), Some(&Raw::UInt(1)));
        assert_eq!(get(e, "c"), None);
    }

    #[test]
    fn text_and_money_read_loosely() {
        let mut seen = Seen::<false>::default();
        let t = |seen: &mut Seen<false>, json: &str| text(seen, Some(&raw(json)), "f", "名称");
        assert_eq!(t(&mut seen, r#"" a ""#).as_deref(), Some("a"));
        assert_eq!(t(&mut seen, "62").as_deref(), Some("62"));
        assert_eq!(t(&mut seen, r#""  ""#), None);
        assert_eq!(t(&mut seen, "null"), None);
        assert_eq!(text(&mut seen, None, "f", "名称"), None);
        assert!(seen.0.is_empty());
        assert_eq!(t(&mut seen, "-1"), None);
        assert_eq!(seen.0, ["wrong_type f 名称 文本 数字"]);

        let mut seen = Seen::<false>::default();
        let m = |seen: &mut Seen<false>, json: &str| {
            money(seen, Some(&raw(json)), "f", "资金", Unit::Wan).map(|m| m.fen())
        };
        assert_eq!(m(&mut seen, "160"), Some(160_000_000));
        assert_eq!(m(&mut seen, r#""1,600,000.00元""#), Some(160_000_000));
        assert_eq!(m(&mut seen, "0.5"), Some(500_000));
        assert_eq!(m(&mut seen, r#""""#), None);
        assert!(seen.0.is_empty());
        assert_eq!(m(&mut seen, "-3"), None);
        assert_eq!(m(&mut seen, "[]"), None);
        assert_eq!(
            seen.0,
            [
                "money f 资金 money.negative",
                "wrong_type f 资金 数字或文本 数组"
            ]
        );
    }
}
