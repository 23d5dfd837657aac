//! Overlays: a portal's own rule book on top of the one in use. An overlay is a rule book
//! with `"extends": "builtin"` that holds only what it adds: documents, project kinds,
//! benefits and rules with new ids, and new dated versions of rules the book has already
//! (an entry with only `id` and `versions`). It is merged into the book's own JSON, and the
//! merged book is read and checked as a whole by the one loader, so an overlay is held to
//! every rule a compiled-in book is; each problem is then reported at its path in the
//! overlay's own JSON.

use super::{RuleBook, RuleBookError, RuleBookErrorKind, BOOK_KEYS};
use crate::loose::{self, Entries};
use crate::raw::{index, join, Raw};

/// The lists an overlay may add to, in the order they are merged.
const LISTS: [&str; 4] = ["documents", "projectKinds", "rules", "benefits"];

/// For each item an overlay brought: its path in the merged book and in the overlay.
pub(super) type PathMap = Vec<(String, String)>;

/// `base` (a valid book's JSON) with `overlay` merged in, and where its items went.
pub(super) fn merge(base: &Raw, overlay: &Raw) -> Result<(Raw, PathMap), Vec<RuleBookError>> {
    let mut errors = Vec::new();
    let mut err = |path: String, kind| errors.push(RuleBookError { path, kind });
    let Raw::Map(top) = overlay else {
        err(
            String::new(),
            RuleBookErrorKind::WrongType {
                expected: "对象",
                found: "其他类型",
            },
        );
        return Err(errors);
    };
    for (key, _) in top {
        if key != "extends" && !BOOK_KEYS.contains(&key.as_str()) {
            err(key.clone(), RuleBookErrorKind::UnknownKey);
        }
    }
    let version = match loose::get(top, "version") {
        Some(Raw::Str(v)) if !v.trim().is_empty() => Some(v.trim().to_owned()),
        _ => {
            err("version".to_owned(), RuleBookErrorKind::Missing);
            None
        }
    };
    let Raw::Map(mut merged) = base.clone() else {
        return Err(errors);
    };
    let mut map = Vec::new();
    for list in LISTS {
        let items = match loose::get(top, list) {
            None => continue,
            Some(Raw::List(items)) => items,
            Some(_) => {
                err(
                    list.to_owned(),
                    RuleBookErrorKind::WrongType {
                        expected: "数组",
                        found: "其他类型",
                    },
                );
                continue;
            }
        };
        let Some(target) = list_mut(&mut merged, list) else {
            continue;
        };
        for (i, item) in items.iter().enumerate() {
            let from = index(list, i);
            if list == "rules" {
                if let Some((at, versions)) = new_versions(target, item) {
                    let before = add_versions(target, at, versions);
                    for j in 0..versions.len() {
                        map.push((
                            index(&join(&index(list, at), "versions"), before + j),
                            index(&join(&from, "versions"), j),
                        ));
                    }
                    continue;
                }
            }
            map.push((index(list, target.len()), from));
            target.push(item.clone());
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    if let (Some(v), Some((_, Raw::Str(base_version)))) =
        (version, merged.iter_mut().find(|(k, _)| k == "version"))
    {
        *base_version = format!("{base_version}+{v}");
    }
    Ok((Raw::Map(merged), map))
}

/// The list `key` of a book's top object (a valid book has each as a list), made when absent.
fn list_mut<'a>(top: &'a mut Vec<(String, Raw)>, key: &str) -> Option<&'a mut Vec<Raw>> {
    if !top
        .iter()
        .any(|(k, v)| k == key && matches!(v, Raw::List(_)))
    {
        top.retain(|(k, _)| k != key);
        top.push((key.to_owned(), Raw::List(Vec::new())));
    }
    top.iter_mut().find_map(|(k, v)| match v {
        Raw::List(list) if k == key => Some(list),
        _ => None,
    })
}

/// Whether an overlay's rule entry adds versions to a rule of the book: it has only `id` and
/// `versions`, and the id is a rule's. Then: where that rule is, and the versions.
fn new_versions<'a>(rules: &[Raw], item: &'a Raw) -> Option<(usize, &'a [Raw])> {
    let Raw::Map(entries) = item else {
        return None;
    };
    if entries.len() != 2 || entries.iter().any(|(k, _)| k != "id" && k != "versions") {
        return None;
    }
    let Some(Raw::Str(id)) = loose::get(entries, "id") else {
        return None;
    };
    let Some(Raw::List(versions)) = loose::get(entries, "versions") else {
        return None;
    };
    let at = rules.iter().position(|r| match r {
        Raw::Map(e) => matches!(loose::get(e, "id"), Some(Raw::Str(s)) if s == id),
        _ => false,
    })?;
    Some((at, versions))
}

/// Appends `versions` to the rule at `at`, first writing a rule without `versions` in that
/// form (its own period, figures and citation become its first version). Returns how many
/// versions the rule had.
fn add_versions(rules: &mut [Raw], at: usize, versions: &[Raw]) -> usize {
    let Some(Raw::Map(rule)) = rules.get_mut(at) else {
        return 0;
    };
    if loose::get(rule, "versions").is_none() {
        let mut first = Vec::new();
        rule.retain(|(k, v)| {
            let moved = matches!(k.as_str(), "validity" | "params" | "advice" | "citation");
            if moved {
                first.push((k.clone(), v.clone()));
            }
            !moved
        });
        rule.push(("versions".to_owned(), Raw::List(vec![Raw::Map(first)])));
    }
    match rule.iter_mut().find(|(k, _)| k == "versions") {
        Some((_, Raw::List(list))) => {
            let before = list.len();
            list.extend(versions.iter().cloned());
            before
        }
        _ => 0,
    }
}

/// An error of the merged book at its path in the overlay: the longest merged path the
/// overlay's items map from. An error outside them (the book under it) keeps its path.
pub(super) fn remap(mut error: RuleBookError, map: &[(String, String)]) -> RuleBookError {
    let found = map
        .iter()
        .filter(|(merged, _)| {
            error
                .path
                .strip_prefix(merged.as_str())
                .is_some_and(|rest| {
                    rest.is_empty() || rest.starts_with('.') || rest.starts_with('[')
                })
        })
        .max_by_key(|(merged, _)| merged.len());
    if let Some((merged, overlay)) = found {
        let rest = error.path.get(merged.len()..).unwrap_or_default();
        error.path = format!("{overlay}{rest}");
    }
    error
}

impl RuleBook {
    /// This book with `json`, an overlay, on top: see the module's documentation. Overlays
    /// may be stacked; the merged book's version is `<this version>+<overlay version>`.
    ///
    /// # Errors
    /// Every problem found, each at its path in the overlay's JSON; `self` is unchanged.
    pub fn with_overlay(&self, json: &str) -> Result<RuleBook, Vec<RuleBookError>> {
        let raw = super::parse(json)?;
        if let Raw::Map(top) = &raw {
            check_extends(top)?;
        }
        self.overlay_raw(&raw)
    }

    /// `json`, an overlay, on the book `extends` names: only `builtin`, the compiled-in book
    /// (for an overlay whose file does not say `extends` itself).
    ///
    /// # Errors
    /// As [`RuleBook::with_overlay`]; another name is refused at path `extends`.
    pub fn extending(extends: &str, json: &str) -> Result<RuleBook, Vec<RuleBookError>> {
        if extends != "builtin" {
            return Err(not_builtin());
        }
        RuleBook::builtin()?.with_overlay(json)
    }

    pub(super) fn overlay_raw(&self, overlay: &Raw) -> Result<RuleBook, Vec<RuleBookError>> {
        let (merged, map) = merge(&self.source.0, overlay)?;
        RuleBook::from_raw(merged)
            .map_err(|errors| errors.into_iter().map(|e| remap(e, &map)).collect())
    }
}

/// `extends`, where given, names the compiled-in book.
pub(super) fn check_extends(top: &Entries) -> Result<(), Vec<RuleBookError>> {
    match loose::get(top, "extends") {
        None => Ok(()),
        Some(Raw::Str(s)) if s == "builtin" => Ok(()),
        Some(_) => Err(not_builtin()),
    }
}

/// An `extends` that names another book than the compiled-in one.
fn not_builtin() -> Vec<RuleBookError> {
    vec![RuleBookError {
        path: "extends".to_owned(),
        kind: RuleBookErrorKind::UnknownValue("内置规则库（叠加规则库只能加在内置规则库之上）"),
    }]
}
