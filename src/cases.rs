//! Proposal case files (format: `tests/cases/proposals/README.md`): run against a rule book and
//! compared with their expectations. One implementation for the tests (`tests/cases.rs`) and for
//! policy staff's `workrelief rules test BOOK CASES...`. Native only: no Wasm module uses it.

use serde_json::Value;

use crate::check::check_raw;
use crate::date::Date;
use crate::raw::Raw;
use crate::rules::{RuleBook, RuleBookError};

/// The date a case file's cases are run on when they give none (neither `options.asOf` nor
/// `proposal.date`) and the file gives no `today`.
pub fn default_today() -> Option<Date> {
    Date::new(2026, 11, 23)
}

/// Why a case file could not be run.
#[derive(Debug, Clone, PartialEq)]
pub enum CaseFileError {
    /// The file is not in the case format; the message says where, in Chinese.
    Format(String),
    /// The book, with the file's `patch` applied, does not load.
    Book(Vec<RuleBookError>),
    /// An overlay the file's `rules` names does not go on the book.
    Overlay {
        /// The overlay's path as the case file gives it.
        file: String,
        /// Every problem, at its path in the overlay.
        errors: Vec<RuleBookError>,
    },
}

/// One case's outcome.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseOutcome {
    /// The case's `name`.
    pub name: String,
    /// The differences from its expectation (empty: it passed).
    pub diffs: Vec<String>,
}

/// Applies a case file's `patch` (`{ pointer, value }` changes; `null` removes the member) to
/// the rule-book JSON `book` and loads it.
pub fn patched_book(book: &str, patch: &Value) -> Result<RuleBook, CaseFileError> {
    let mut doc: Value = serde_json::from_str(book)
        .map_err(|e| CaseFileError::Format(format!("规则库不是有效的 JSON：{e}")))?;
    for change in patch.as_array().into_iter().flatten() {
        let pointer = change["pointer"].as_str().unwrap_or_default();
        let bad =
            || CaseFileError::Format(format!("修改项的 JSON 指针 {pointer:?} 在规则库中不存在"));
        let (parent, key) = pointer.rsplit_once('/').ok_or_else(bad)?;
        let obj = doc
            .pointer_mut(parent)
            .and_then(Value::as_object_mut)
            .ok_or_else(bad)?;
        match &change["value"] {
            Value::Null => {
                obj.remove(key);
            }
            v => {
                obj.insert(key.to_owned(), v.clone());
            }
        }
    }
    RuleBook::from_json(&doc.to_string()).map_err(CaseFileError::Book)
}

/// Compares `want` against `got`: objects by the keys `want` names (`null` means absent),
/// everything else by equality.
pub fn matches(want: &Value, got: &Value) -> bool {
    match (want, got) {
        (Value::Null, v) => v.is_null(),
        (Value::Object(w), Value::Object(g)) => w
            .iter()
            .all(|(k, wv)| matches(wv, g.get(k).unwrap_or(&Value::Null))),
        _ => want == got,
    }
}

fn pairs(list: &Value) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = list
        .as_array()
        .into_iter()
        .flatten()
        .map(|e| {
            (
                e["field"].as_str().unwrap_or_default().to_owned(),
                e["code"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    out.sort();
    out
}

/// Checks one verdict (serialised) against a case's `expect`; returns the differences.
pub fn check_case(expect: &Value, verdict: &Value) -> Vec<String> {
    let mut diffs = Vec::new();
    if verdict["status"] != expect["status"] {
        diffs.push(format!(
            "status {} != {}",
            verdict["status"], expect["status"]
        ));
    }
    let findings = verdict["findings"].as_array().cloned().unwrap_or_default();
    let finding = |id: &str| findings.iter().find(|f| f["rule"] == id).cloned();
    for (id, want) in expect["findings"].as_object().into_iter().flatten() {
        match finding(id) {
            None => diffs.push(format!("no finding {id}")),
            Some(f) if !matches(want, &f) => diffs.push(format!("finding {id}: {f} !~ {want}")),
            Some(_) => {}
        }
    }
    for id in expect["absent"].as_array().into_iter().flatten() {
        if finding(id.as_str().unwrap_or_default()).is_some() {
            diffs.push(format!("finding {id} should be absent"));
        }
    }
    for (id, text) in expect["messageContains"].as_object().into_iter().flatten() {
        let msg = finding(id).map(|f| {
            f.get("message")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned()
        });
        if !msg
            .as_deref()
            .is_some_and(|m| m.contains(text.as_str().unwrap_or_default()))
        {
            diffs.push(format!("message of {id} {msg:?} lacks {text}"));
        }
    }
    let want_errors = pairs(&expect["errors"]);
    let got_errors = pairs(&verdict["errors"]);
    if want_errors != got_errors {
        diffs.push(format!("errors {got_errors:?} != {want_errors:?}"));
    }
    for e in verdict["errors"].as_array().into_iter().flatten() {
        if e["message"].as_str().is_none_or(str::is_empty) {
            diffs.push(format!("error without a message: {e}"));
        }
    }
    let got_warnings = pairs(&verdict["warnings"]);
    for w in pairs(&expect["warnings"]) {
        if !got_warnings.contains(&w) {
            diffs.push(format!("warning {w:?} missing from {got_warnings:?}"));
        }
    }
    if !expect["proposal"].is_null() && !matches(&expect["proposal"], &verdict["proposal"]) {
        diffs.push(format!(
            "proposal {} !~ {}",
            verdict["proposal"], expect["proposal"]
        ));
    }
    diffs
}

/// The overlay files a case file's `rules` names, in order, as it writes them (paths relative
/// to the case file's folder); none when it has no `rules`.
pub fn overlay_files(file: &Value) -> Result<Vec<String>, CaseFileError> {
    let bad = || {
        CaseFileError::Format(
            "案例文件中的“rules”应为叠加规则库文件路径的数组（相对于案例文件所在的文件夹）".into(),
        )
    };
    match &file["rules"] {
        Value::Null => Ok(Vec::new()),
        Value::Array(list) => list
            .iter()
            .map(|p| match p.as_str() {
                Some(p) if !p.trim().is_empty() => Ok(p.to_owned()),
                _ => Err(bad()),
            })
            .collect(),
        _ => Err(bad()),
    }
}

/// `book` with the overlays a case file's `rules` names put on it in order; `read` gives an
/// overlay's text from its path as the file writes it (relative to the case file's folder),
/// or why it cannot, in Chinese.
pub fn with_overlays(
    mut book: RuleBook,
    file: &Value,
    mut read: impl FnMut(&str) -> Result<String, String>,
) -> Result<RuleBook, CaseFileError> {
    for name in overlay_files(file)? {
        let json = read(&name).map_err(CaseFileError::Format)?;
        book = book
            .with_overlay(&json)
            .map_err(|errors| CaseFileError::Overlay { file: name, errors })?;
    }
    Ok(book)
}

/// Runs every case of a case `file` against the rule-book JSON `book` (the file's `patch`
/// applied first). A file whose `rules` names overlays is refused: see [`run_file_with`].
pub fn run_file(book: &str, file: &Value) -> Result<Vec<CaseOutcome>, CaseFileError> {
    run_file_with(book, file, |name| {
        Err(format!(
            "“rules”中的叠加规则库 {name} 无法读取：未给出案例文件所在的文件夹"
        ))
    })
}

/// Runs every case of a case `file` against the rule-book JSON `book`: the file's `patch`
/// applied first, then the overlays its `rules` names put on it in order, each read by `read`
/// (see [`with_overlays`]).
pub fn run_file_with(
    book: &str,
    file: &Value,
    read: impl FnMut(&str) -> Result<String, String>,
) -> Result<Vec<CaseOutcome>, CaseFileError> {
    let book = with_overlays(patched_book(book, &file["patch"])?, file, read)?;
    run_cases(&book, file)
}

/// Runs every case of a case `file` against `book` as it is (the file's `patch` and `rules`
/// are not looked at: see [`run_file_with`]).
pub fn run_cases(book: &RuleBook, file: &Value) -> Result<Vec<CaseOutcome>, CaseFileError> {
    let today = match file["today"].as_str() {
        Some(t) => Date::parse(t).map_err(|e| CaseFileError::Format(format!("today：{e}")))?,
        None => default_today().ok_or_else(|| CaseFileError::Format("today".into()))?,
    };
    let cases = file["cases"]
        .as_array()
        .ok_or_else(|| CaseFileError::Format("缺少案例列表".into()))?;
    let mut out = Vec::with_capacity(cases.len());
    for (i, case) in cases.iter().enumerate() {
        let name = case["name"]
            .as_str()
            .map_or_else(|| format!("第 {} 例", i + 1), str::to_owned);
        let read = |key: &str| {
            serde_json::from_value::<Raw>(case[key].clone())
                .map_err(|e| CaseFileError::Format(format!("cases[{i}].{key}：{e}")))
        };
        let (proposal, options) = (read("proposal")?, read("options")?);
        let verdict = serde_json::to_value(check_raw(book, &proposal, &options, today))
            .map_err(|e| CaseFileError::Format(format!("cases[{i}]：{e}")))?;
        out.push(CaseOutcome {
            name,
            diffs: check_case(&case["expect"], &verdict),
        });
    }
    Ok(out)
}
