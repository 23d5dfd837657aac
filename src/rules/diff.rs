//! What changed between two rule books: documents, rules (and their versions), benefits and
//! project kinds added, removed or changed, with every changed field before and after. For
//! policy staff (`workrelief rules diff`, the page's preview): Chinese text, or JSON.

use std::fmt;

use serde::Serialize;
use serde_json::{Map, Value};

use crate::rules::view::{all_versions, VersionView};
use crate::rules::{Fund, Rule, RuleBook};

/// The differences between two books.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BookDiff {
    /// The old book's version.
    pub old_version: String,
    /// The new book's version.
    pub new_version: String,
    /// Policy documents.
    pub documents: Vec<ItemDiff>,
    /// Project kinds.
    pub project_kinds: Vec<ItemDiff>,
    /// Rules, with their versions.
    pub rules: Vec<ItemDiff>,
    /// Workshop benefits.
    pub benefits: Vec<ItemDiff>,
}

/// Whether an item was added, removed or changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    /// Only in the new book.
    Added,
    /// Only in the old book.
    Removed,
    /// In both, different.
    Changed,
}

impl Change {
    fn name(self) -> &'static str {
        match self {
            Change::Added => "新增",
            Change::Removed => "删除",
            Change::Changed => "修改",
        }
    }
}

/// One document, kind, rule or benefit that differs.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ItemDiff {
    /// Its id.
    pub id: String,
    /// Its title (the new one when it has both).
    pub title: String,
    /// What happened to it.
    pub change: Change,
    /// For a changed item: the fields that differ (outside its versions).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldDiff>,
    /// For a rule: the versions added, removed or changed (also for an added or removed rule,
    /// so that its floors and periods are shown).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub versions: Vec<VersionDiff>,
}

/// One field before and after (`null` where absent).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldDiff {
    /// The field's JSON name (`floor`, `base`, `validity`, `citation`, ...).
    pub field: String,
    /// Its value in the old book.
    pub before: Value,
    /// Its value in the new book.
    pub after: Value,
    /// The change as policy staff read it, in Chinese (`比例下限：30% → 40%`).
    pub text: String,
}

impl FieldDiff {
    fn new(field: String, before: Value, after: Value) -> FieldDiff {
        let text = match (&before, &after) {
            (Value::Null, a) => format!("{}：{}", label(&field), show(&field, a)),
            (b, Value::Null) => format!("{}：{}（删除）", label(&field), show(&field, b)),
            (b, a) => format!(
                "{}：{} → {}",
                label(&field),
                show(&field, b),
                show(&field, a)
            ),
        };
        FieldDiff {
            field,
            before,
            after,
            text,
        }
    }
}

/// A version of a rule that differs; versions are matched by their `from` date.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VersionDiff {
    /// The version's `from` (`null`: from the beginning).
    pub from: Value,
    /// What happened to it.
    pub change: Change,
    /// Its fields before and after (for an added version: `before` is `null`; removed: `after`).
    pub fields: Vec<FieldDiff>,
}

impl BookDiff {
    /// Whether the books are the same in every compared field.
    pub fn is_empty(&self) -> bool {
        self.documents.is_empty()
            && self.project_kinds.is_empty()
            && self.rules.is_empty()
            && self.benefits.is_empty()
    }
}

/// Compares two books.
pub fn diff(old: &RuleBook, new: &RuleBook) -> BookDiff {
    BookDiff {
        old_version: old.version.clone(),
        new_version: new.version.clone(),
        documents: items(&old.documents, &new.documents, |d| &d.id, |d| &d.title),
        project_kinds: items(
            &old.project_kinds,
            &new.project_kinds,
            |k| &k.id,
            |k| &k.name,
        ),
        rules: rules(&old.rules, &new.rules),
        benefits: items(&old.benefits, &new.benefits, |b| &b.id, |b| &b.title),
    }
}

fn to_map<T: Serialize>(item: &T) -> Map<String, Value> {
    match serde_json::to_value(item) {
        Ok(Value::Object(map)) => map,
        _ => Map::new(),
    }
}

/// The fields of two serialised items that differ, in the new item's order.
fn field_diffs(
    old: &Map<String, Value>,
    new: &Map<String, Value>,
    skip: &[&str],
) -> Vec<FieldDiff> {
    let mut keys: Vec<&String> = new.keys().collect();
    keys.extend(old.keys().filter(|k| !new.contains_key(*k)));
    keys.into_iter()
        .filter(|k| !skip.contains(&k.as_str()))
        .filter_map(|k| {
            let before = old.get(k).cloned().unwrap_or(Value::Null);
            let after = new.get(k).cloned().unwrap_or(Value::Null);
            (before != after).then(|| FieldDiff::new(k.clone(), before, after))
        })
        .collect()
}

fn items<T: Serialize>(
    old: &[T],
    new: &[T],
    id: impl Fn(&T) -> &String,
    title: impl Fn(&T) -> &String,
) -> Vec<ItemDiff> {
    let mut out = Vec::new();
    for n in new {
        let item = |change, fields| ItemDiff {
            id: id(n).clone(),
            title: title(n).clone(),
            change,
            fields,
            versions: Vec::new(),
        };
        match old.iter().find(|o| id(o) == id(n)) {
            None => out.push(item(Change::Added, Vec::new())),
            Some(o) => {
                let fields = field_diffs(&to_map(o), &to_map(n), &["id"]);
                if !fields.is_empty() {
                    out.push(item(Change::Changed, fields));
                }
            }
        }
    }
    for o in old.iter().filter(|o| !new.iter().any(|n| id(n) == id(o))) {
        out.push(ItemDiff {
            id: id(o).clone(),
            title: title(o).clone(),
            change: Change::Removed,
            fields: Vec::new(),
            versions: Vec::new(),
        });
    }
    out
}

/// A version's comparable fields: floor, base, period, advice, citation.
fn version_map(v: &VersionView<'_>) -> Map<String, Value> {
    let mut map = Map::new();
    if let Some(params) = v.params {
        map.insert("floor".into(), Value::from(params.floor.to_string()));
        map.insert(
            "base".into(),
            serde_json::to_value(&params.base).unwrap_or(Value::Null),
        );
    }
    if let Some(advice) = v.advice {
        map.insert("advice".into(), Value::from(advice));
    }
    map.insert(
        "validity".into(),
        serde_json::to_value(v.validity).unwrap_or(Value::Null),
    );
    map.insert(
        "citation".into(),
        serde_json::to_value(v.citation).unwrap_or(Value::Null),
    );
    map
}

fn version_key(v: &VersionView<'_>) -> Value {
    v.validity
        .from
        .map_or(Value::Null, |d| Value::from(d.to_string()))
}

/// The fields a rule's versions hold: compared version by version, not as rule fields.
const VERSION_FIELDS: &[&str] = &[
    "id", "params", "advice", "validity", "citation", "versions", "version",
];

/// One entry per rule: the first of its versions.
fn firsts(rules: &[Rule]) -> impl Iterator<Item = &Rule> {
    rules
        .iter()
        .filter(|r| r.version.is_none_or(|v| v.index == 1))
}

fn rules(old: &[Rule], new: &[Rule]) -> Vec<ItemDiff> {
    let mut out = Vec::new();
    let whole = |v: &VersionView<'_>, change| {
        let map = version_map(v);
        VersionDiff {
            from: version_key(v),
            change,
            fields: map
                .into_iter()
                .map(|(field, value)| {
                    let (before, after) = if change == Change::Added {
                        (Value::Null, value)
                    } else {
                        (value, Value::Null)
                    };
                    FieldDiff::new(field, before, after)
                })
                .collect(),
        }
    };
    for n in firsts(new) {
        let nv = all_versions(new, &n.id);
        match firsts(old).find(|o| o.id == n.id) {
            // A new rule: where and to what it applies, then its versions.
            None => out.push(ItemDiff {
                id: n.id.clone(),
                title: n.title.clone(),
                change: Change::Added,
                fields: field_diffs(&Map::new(), &to_map(n), VERSION_FIELDS),
                versions: nv.iter().map(|v| whole(v, Change::Added)).collect(),
            }),
            Some(o) => {
                let ov = all_versions(old, &o.id);
                let fields = field_diffs(&to_map(o), &to_map(n), VERSION_FIELDS);
                let mut vdiffs = Vec::new();
                for v in &nv {
                    match ov.iter().find(|w| version_key(w) == version_key(v)) {
                        None => vdiffs.push(whole(v, Change::Added)),
                        Some(w) => {
                            let f = field_diffs(&version_map(w), &version_map(v), &[]);
                            if !f.is_empty() {
                                vdiffs.push(VersionDiff {
                                    from: version_key(v),
                                    change: Change::Changed,
                                    fields: f,
                                });
                            }
                        }
                    }
                }
                for w in ov
                    .iter()
                    .filter(|w| !nv.iter().any(|v| version_key(v) == version_key(w)))
                {
                    vdiffs.push(whole(w, Change::Removed));
                }
                if !fields.is_empty() || !vdiffs.is_empty() {
                    out.push(ItemDiff {
                        id: n.id.clone(),
                        title: n.title.clone(),
                        change: Change::Changed,
                        fields,
                        versions: vdiffs,
                    });
                }
            }
        }
    }
    for o in firsts(old).filter(|o| !new.iter().any(|n| n.id == o.id)) {
        out.push(ItemDiff {
            id: o.id.clone(),
            title: o.title.clone(),
            change: Change::Removed,
            fields: Vec::new(),
            versions: all_versions(old, &o.id)
                .iter()
                .map(|v| whole(v, Change::Removed))
                .collect(),
        });
    }
    out
}

/// The Chinese label of a field.
fn label(field: &str) -> &str {
    match field {
        "floor" => "比例下限",
        "base" => "计算基数",
        "mandatory" => "是否强制",
        "appliesTo" => "适用项目类型",
        "jurisdiction" => "适用地区",
        "regionName" => "地区名称",
        "validity" => "有效期",
        "citation" => "依据",
        "title" => "名称",
        "advice" => "建议或要求",
        "kind" => "类别",
        "note" => "说明",
        "issuer" => "发文机关",
        "docNumber" => "文号",
        "date" => "发文日期",
        "file" => "文本文件",
        "name" => "名称",
        "aliases" => "别名",
        "params" => "参数",
        "payee" => "发放对象",
        other => other,
    }
}

/// A value as policy staff read it: a floor as a percentage, a period as 起止日期, a citation
/// as document, clause and quote.
fn show(field: &str, value: &Value) -> String {
    match (field, value) {
        (_, Value::Null) => "（无）".to_owned(),
        ("floor", Value::String(s)) => s
            .parse::<rust_decimal::Decimal>()
            .map(|d| format!("{}%", (d * rust_decimal::Decimal::ONE_HUNDRED).normalize()))
            .unwrap_or_else(|_| s.clone()),
        ("validity", Value::Object(m)) => {
            let day = |k: &str| m.get(k).and_then(Value::as_str).map(str::to_owned);
            format!(
                "{} 至 {}",
                day("from").unwrap_or_else(|| "（不限）".into()),
                day("to").unwrap_or_else(|| "（不限）".into())
            )
        }
        ("citation", Value::Object(m)) => {
            let s = |k: &str| m.get(k).and_then(Value::as_str).unwrap_or_default();
            format!("{} {}：“{}”", s("document"), s("clause"), s("quote"))
        }
        ("mandatory", Value::Bool(b)) => if *b { "是" } else { "否" }.to_owned(),
        ("kind", Value::String(k)) => match k.as_str() {
            "labour_share_floor" => "劳务报酬比例下限".to_owned(),
            "advice" => "建议".to_owned(),
            "duty" => "义务".to_owned(),
            other => other.to_owned(),
        },
        ("jurisdiction", Value::String(s)) if s == "national" => "全国".to_owned(),
        ("base", Value::Array(a)) => a
            .iter()
            .map(|v| {
                let key = v.as_str().unwrap_or_default();
                Fund::ALL
                    .iter()
                    .find(|f| f.key() == key)
                    .map_or(key, |f| f.name())
            })
            .collect::<Vec<_>>()
            .join("、"),
        (_, Value::String(s)) => s.clone(),
        (_, Value::Array(a)) => a
            .iter()
            .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
            .collect::<Vec<_>>()
            .join("、"),
        (_, other) => other.to_string(),
    }
}

fn write_fields(f: &mut fmt::Formatter<'_>, fields: &[FieldDiff], indent: &str) -> fmt::Result {
    fields
        .iter()
        .try_for_each(|d| writeln!(f, "{indent}{}", d.text))
}

impl fmt::Display for BookDiff {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "规则库比较：{} → {}", self.old_version, self.new_version)?;
        if self.is_empty() {
            return writeln!(f, "两份规则库的文件、项目类型、规则和激励政策均相同。");
        }
        for (name, list) in [
            ("政策文件", &self.documents),
            ("项目类型", &self.project_kinds),
            ("规则", &self.rules),
            ("激励政策", &self.benefits),
        ] {
            if list.is_empty() {
                continue;
            }
            writeln!(f, "\n{name}（{} 项有变化）", list.len())?;
            for item in list {
                writeln!(
                    f,
                    "  [{}] {}《{}》",
                    item.change.name(),
                    item.id,
                    item.title
                )?;
                write_fields(f, &item.fields, "      ")?;
                for v in &item.versions {
                    let from = v
                        .from
                        .as_str()
                        .map_or("最初".to_owned(), |d| format!("自 {d} 起"));
                    writeln!(f, "    [{}版本] {from}", v.change.name())?;
                    write_fields(f, &v.fields, "      ")?;
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_book_against_itself_is_empty_and_a_changed_floor_shows_before_and_after() {
        let Ok(old) = RuleBook::builtin() else {
            unreachable!("the compiled-in book loads")
        };
        assert!(diff(&old, &old).is_empty());
        let mut new = old.clone();
        let Some(params) = new.rules.first_mut().and_then(|r| r.params.as_mut()) else {
            unreachable!("the first rule is a floor")
        };
        params.floor = rust_decimal::Decimal::new(40, 2);
        let d = diff(&old, &new);
        assert_eq!(d.rules.len(), 1);
        let text = d.to_string();
        assert!(text.contains("比例下限：30% → 40%"), "{text}");
        assert!(d.documents.is_empty() && d.benefits.is_empty());
    }
}
