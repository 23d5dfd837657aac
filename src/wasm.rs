//! The JavaScript API: the one module that touches wasm-bindgen, js-sys and
//! serde-wasm-bindgen. Each export converts its inputs, calls the core, converts the result.
//!
//! Inputs are read whole by `src/js/boundary.js`, in JavaScript and inside try/catch, before
//! anything else happens (see ARCHITECTURE.md, "no argument kills the module"): arguments are
//! `JsValue`s, never `&str` or `&[u8]`, bad ones are problems with codes, and no JavaScript
//! exception unwinds through the module.
//!
//! With the `worker` feature (the review and roster workers' module, `pkg/workrelief_plans.js`)
//! only the plan, roster and rule-book exports are built: the page's own module answers
//! `checkProposal`, `checkWorkshop` and `estimateSubsidies`, so the workers' download leaves
//! that code out.

use std::cell::Cell;
use std::rc::Rc;

use serde::Serialize;
use tsify::Ts;
use wasm_bindgen::prelude::*;

#[cfg(not(feature = "worker"))]
use crate::check::{self, Verdict};
use crate::date::Date;
use crate::idcard::{mask_ids, Masked};
#[cfg(not(feature = "worker"))]
use crate::options::CheckOptionsInput;
use crate::problem::Problem;
#[cfg(not(feature = "worker"))]
use crate::proposal::ProposalInput;
use crate::raw::Raw;
use crate::rules::{RuleBook, RuleBookError};

thread_local! {
    /// The rule book in use; `None` until first needed, then the compiled-in one unless
    /// replaced. A `Cell` (taken and put back), never a `RefCell`: no borrow can be left open
    /// for a call made from JavaScript in between to trip over.
    static BOOK: Cell<Option<Rc<RuleBook>>> = const { Cell::new(None) };
}

fn current_book() -> Result<Rc<RuleBook>, JsValue> {
    BOOK.with(|cell| {
        let book = match cell.take() {
            Some(book) => book,
            None => Rc::new(RuleBook::builtin().map_err(|e| rule_book_error(&e))?),
        };
        cell.set(Some(Rc::clone(&book)));
        Ok(book)
    })
}

/// Every object result: serde-wasm-bindgen's value with ID numbers masked in every string
/// (`idcard::Masked`).
fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    let serializer = serde_wasm_bindgen::Serializer::new().serialize_maps_as_objects(true);
    Masked(value)
        .serialize(&serializer)
        // Our own types always serialize; should one not, the caller gets a coded Chinese
        // error, never serde's words.
        .map_err(|_| coded_error("output.unwritable", "无法生成结果对象"))
}

#[wasm_bindgen(module = "/src/js/boundary.js")]
extern "C" {
    /// Reads a value into JS-owned numbers and text; their count, or a negative [`Unreadable`]
    /// reason (`src/js/boundary.js`). Never throws (`catch` only in case it did).
    #[wasm_bindgen(catch)]
    fn snapshot(value: &JsValue) -> Result<f64, JsValue>;

    /// Copies the last snapshot's numbers into `nums` and returns its text, or the path of
    /// the value it could not read.
    #[wasm_bindgen(catch, js_name = takeSnapshot)]
    fn take_snapshot(nums: &mut [f64]) -> Result<String, JsValue>;
}

/// Why `src/js/boundary.js` could not read a value (its negative results, `from_code`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unreadable {
    Cycle,
    TooDeep,
    Threw,
    Function,
    Symbol,
    TooLarge,
    BadDate,
    Unsupported,
    MapKey,
    WrongType,
}

/// `THREW` in `src/js/boundary.js`: also what an import that threw all the same stands for.
const THREW: i32 = -3;

impl Unreadable {
    fn from_code(code: f64) -> Unreadable {
        match code as i32 {
            -1 => Unreadable::Cycle,
            -2 => Unreadable::TooDeep,
            -4 => Unreadable::Function,
            -5 => Unreadable::Symbol,
            -6 => Unreadable::TooLarge,
            -7 => Unreadable::BadDate,
            -8 => Unreadable::Unsupported,
            -9 => Unreadable::MapKey,
            -10 => Unreadable::WrongType,
            _ => Unreadable::Threw,
        }
    }

    fn reason(self) -> &'static str {
        match self {
            Unreadable::Cycle => "对象引用了自身（循环引用）",
            Unreadable::TooDeep => "嵌套超过 64 层",
            Unreadable::Threw => "读取时出错（取值函数或 Proxy 抛出了异常）",
            Unreadable::Function => "值是函数",
            Unreadable::Symbol => "值是 Symbol",
            Unreadable::TooLarge => "输入过大（超过 100 万个值或 3355 万个字符）",
            Unreadable::BadDate => "日期对象无效",
            Unreadable::Unsupported => "是 Set、类型化数组等无法读取的对象，请改用普通对象或数组",
            Unreadable::MapKey => "Map 的键不是文本",
            Unreadable::WrongType => "类型不对",
        }
    }

    /// The `input.unreadable` problem at `field`.
    fn problem(self, field: String) -> Problem {
        let place = if field.is_empty() {
            "输入".to_owned()
        } else {
            format!("字段“{field}”")
        };
        let message = format!("无法读取{place}：{}", self.reason());
        Problem::new("input.unreadable", field, message)
    }
}

/// `path` (as `src/js/boundary.js` writes it: `a.b[2].c`) under the argument's `field`.
fn under(field: &str, path: &str) -> String {
    if path.starts_with('[') {
        format!("{field}{path}")
    } else {
        crate::raw::join(field, path)
    }
}

/// Reads a JS value loosely: entirely in JavaScript first (getters, Proxies and all, inside
/// try/catch: `snapshot`), then copied into a [`Raw`]. What cannot be read (a cycle, nesting
/// deeper than 64 levels, a getter that throws, a function, ...) is an `input.unreadable`
/// problem at its path under `field`, and the value reads as null.
fn read_raw(value: &JsValue, field: &str, errors: &mut Vec<Problem>) -> Raw {
    let count = snapshot(value).unwrap_or(f64::from(THREW));
    // The count is at most a few million (`MAX_VALUES` in boundary.js).
    let mut nums = vec![0.0; if count > 0.0 { count as usize } else { 0 }];
    let text = take_snapshot(&mut nums).unwrap_or_default();
    if count >= 0.0 {
        if let Some(raw) = crate::js::tokens::raw_from_tokens(&nums, &text) {
            return raw;
        }
        errors.push(Unreadable::Threw.problem(field.to_owned()));
    } else {
        errors.push(Unreadable::from_code(count).problem(under(field, &text)));
    }
    Raw::Null
}

/// The type of a JS value in Chinese (Latin names with a space before them, as they follow a
/// Chinese word), by `typeof`, which runs no getter and no Proxy trap.
fn js_type_zh(value: &JsValue) -> &'static str {
    if value.is_null() {
        return "空值";
    }
    match value.js_typeof().as_string().as_deref() {
        Some("undefined") => "未定义",
        Some("string") => "文本",
        Some("number") => "数字",
        Some("boolean") => "布尔值",
        Some("bigint") => " BigInt",
        Some("symbol") => " Symbol",
        Some("function") => "函数",
        _ => "对象",
    }
}

/// The `input.wrong_type` problem of an argument that is not what the function takes.
fn wrong_type(field: &str, label: &str, expected: &str, value: &JsValue) -> Problem {
    Problem::new(
        "input.wrong_type",
        field,
        format!("{label}应为{expected}，实际为{}", js_type_zh(value)),
    )
}

/// An `Error` with a Chinese message and a stable `code`: what the functions and methods whose
/// contract is to throw (`setRules`, `PlanChecker`'s methods) throw for a bad argument.
fn coded_error(code: &str, message: &str) -> JsValue {
    let error = js_sys::Error::new(&mask_ids(message));
    let _ = js_sys::Reflect::set(&error, &"code".into(), &code.into());
    error.into()
}

/// [`coded_error`] for a [`Problem`].
fn problem_error(problem: &Problem) -> JsValue {
    coded_error(&problem.code, &problem.message)
}

fn today() -> Date {
    // A clock outside 1900..=2999 is wrong; the earliest date makes every rule "not yet in
    // force", so the verdict asks for review instead of judging by the wrong rules.
    Date::china_today(js_sys::Date::now()).unwrap_or(Date::MIN)
}

/// The `Error` thrown for an invalid rule book; its texts quote the book (input), so ID
/// numbers are masked in each.
fn rule_book_error(errors: &[RuleBookError]) -> JsValue {
    let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
    let err = coded_error(
        "rules.invalid",
        &format!(
            "规则库无效，共 {} 处问题：\n{}",
            errors.len(),
            lines.join("\n")
        ),
    );
    let problems = js_sys::Array::new();
    for e in errors {
        let p = js_sys::Object::new();
        let path = mask_ids(&e.path);
        let message = e.kind.to_string();
        let _ = js_sys::Reflect::set(&p, &"code".into(), &e.code().into());
        let _ = js_sys::Reflect::set(&p, &"path".into(), &path.as_ref().into());
        let _ = js_sys::Reflect::set(&p, &"message".into(), &mask_ids(&message).as_ref().into());
        problems.push(&p);
    }
    let _ = js_sys::Reflect::set(&err, &"problems".into(), &problems);
    err
}

#[cfg(not(feature = "worker"))]
#[wasm_bindgen(module = "/src/js/boundary.js")]
extern "C" {
    /// Builds the verdict object from [`crate::js::wire`]'s compact form.
    #[wasm_bindgen(js_name = buildVerdict)]
    fn build_verdict(ops: &[u32], text: &[u16], cache: &JsValue) -> JsValue;
}

#[cfg(not(feature = "worker"))]
/// What checkProposal keeps between calls: the verdict encoder with the JS array that caches
/// the rule book's strings (both for `book` only).
struct Wire {
    book: Rc<RuleBook>,
    encoder: crate::js::wire::Encoder,
    cache: JsValue,
}

#[cfg(not(feature = "worker"))]
thread_local! {
    /// Taken for a call and put back after it (a `Cell`: a call made meanwhile makes its own).
    static WIRE: Cell<Option<Wire>> = const { Cell::new(None) };
}

#[cfg(not(feature = "worker"))]
/// Checks a 以工代赈 proposal. Bad input gives `status: "invalid"` with every problem
/// listed; it is never thrown.
#[wasm_bindgen(js_name = checkProposal)]
pub fn check_proposal(
    proposal: Ts<ProposalInput>,
    options: Option<Ts<CheckOptionsInput>>,
) -> Result<Ts<Verdict>, JsValue> {
    // Both are read whole, getters and all, before anything else: a call made from a getter
    // has finished before this one touches the rule book or the encoder.
    let mut errors = Vec::new();
    let raw = read_raw(&proposal.js_value(), "", &mut errors);
    let opts = options.map_or(Raw::Null, |o| {
        read_raw(&o.js_value(), "options", &mut errors)
    });
    let book = current_book()?;
    let mut wire = WIRE
        .with(Cell::take)
        .filter(|w| Rc::ptr_eq(&w.book, &book))
        .unwrap_or_else(|| Wire {
            encoder: crate::js::wire::Encoder::new(&book),
            book: Rc::clone(&book),
            cache: js_sys::Array::new().into(),
        });
    let verdict = if errors.is_empty() {
        check::check_raw(&book, &raw, &opts, today())
    } else {
        check::invalid(&book, errors, Vec::new())
    };
    let (ops, text) = wire.encoder.encode(&verdict);
    let js = build_verdict(ops, text, &wire.cache);
    WIRE.with(|w| w.set(Some(wire)));
    Ok(Ts::new_unchecked(js))
}

#[cfg(all(feature = "bench-crossing", not(feature = "worker")))]
/// Bench only (feature `bench-crossing`, which no shipped build turns on): `checkProposal`
/// with the verdict as serde_json text, for `JSON.parse` in JavaScript.
#[wasm_bindgen(js_name = checkProposalJson)]
pub fn check_proposal_json(proposal: JsValue, options: JsValue) -> Result<String, JsValue> {
    let mut errors = Vec::new();
    let raw = read_raw(&proposal, "", &mut errors);
    let opts = read_raw(&options, "options", &mut errors);
    let book = current_book()?;
    let verdict = if errors.is_empty() {
        check::check_raw(&book, &raw, &opts, today())
    } else {
        check::invalid(&book, errors, Vec::new())
    };
    serde_json::to_string(&Masked(&verdict))
        .map_err(|_| coded_error("output.unwritable", "无法生成结果对象"))
}

#[cfg(all(feature = "bench-crossing", not(feature = "worker")))]
/// Bench only: as `checkProposalJson` without masking ID numbers (the cost of masking).
#[wasm_bindgen(js_name = checkProposalJsonUnmasked)]
pub fn check_proposal_json_unmasked(
    proposal: JsValue,
    options: JsValue,
) -> Result<String, JsValue> {
    let mut errors = Vec::new();
    let raw = read_raw(&proposal, "", &mut errors);
    let opts = read_raw(&options, "options", &mut errors);
    let book = current_book()?;
    let verdict = check::check_raw(&book, &raw, &opts, today());
    serde_json::to_string(&verdict)
        .map_err(|_| coded_error("output.unwritable", "无法生成结果对象"))
}

#[cfg(all(feature = "bench-crossing", not(feature = "worker")))]
/// Bench only: the verdict alone, not sent (the cost of reading and judging).
#[wasm_bindgen(js_name = checkProposalNothing)]
pub fn check_proposal_nothing(proposal: JsValue, options: JsValue) -> Result<u32, JsValue> {
    let mut errors = Vec::new();
    let raw = read_raw(&proposal, "", &mut errors);
    let opts = read_raw(&options, "options", &mut errors);
    let book = current_book()?;
    let verdict = check::check_raw(&book, &raw, &opts, today());
    Ok(verdict.findings.len() as u32)
}

#[cfg(all(feature = "bench-crossing", not(feature = "worker")))]
/// Bench only: both ways as JSON text (`JSON.stringify` in, `JSON.parse` out).
#[wasm_bindgen(js_name = checkProposalJsonText)]
pub fn check_proposal_json_text(proposal: String, options: String) -> Result<String, JsValue> {
    let raw = Raw::from_json(&proposal).unwrap_or(Raw::Null);
    let opts = Raw::from_json(&options).unwrap_or(Raw::Null);
    let book = current_book()?;
    let verdict = check::check_raw(&book, &raw, &opts, today());
    serde_json::to_string(&Masked(&verdict))
        .map_err(|_| coded_error("output.unwritable", "无法生成结果对象"))
}

/// The rule book in use, in the same shape as `rules.json`.
#[wasm_bindgen(js_name = ruleBook)]
pub fn rule_book() -> Result<Ts<RuleBook>, JsValue> {
    to_js(current_book()?.as_ref()).map(Ts::new_unchecked)
}

/// The version of the rule book in use. The first call reads the compiled-in book if none is
/// set, which the page's workers do as they start, while the page reads the file.
#[wasm_bindgen(js_name = rulesVersion)]
pub fn rules_version() -> Result<String, JsValue> {
    Ok(mask_ids(&current_book()?.version).into_owned())
}

/// A proposal's field as a form shows it.
#[cfg(not(feature = "worker"))]
#[derive(Serialize)]
struct FieldName {
    path: &'static str,
    label: &'static str,
}

#[cfg(not(feature = "worker"))]
/// The proposal's fields (`{ path, label }`: `funds.central`, `中央资金`), for a form's labels,
/// so that a page names each field as the core does.
#[wasm_bindgen(js_name = proposalFields, unchecked_return_type = "{ path: string, label: string }[]")]
pub fn proposal_fields() -> Result<JsValue, JsValue> {
    to_js(&crate::facts::Field::ALL.map(|f| FieldName {
        path: f.path(),
        label: f.label(),
    }))
}

/// The project kinds of the rule book in use (`{ id, name, aliases }`), for a form's choices:
/// a small part of what `ruleBook()` copies.
#[wasm_bindgen(js_name = projectKinds, unchecked_return_type = "ProjectKind[]")]
pub fn project_kinds() -> Result<JsValue, JsValue> {
    to_js(&current_book()?.project_kinds)
}

/// Replaces the rule book with `json` (the text of a `rules.json`; an overlay, with
/// `"extends": "builtin"` in it or `{ extends: 'builtin' }` as `options`, goes on the
/// compiled-in book). When the new book is invalid this throws an `Error` with `code` `rules.invalid` whose `problems` lists each
/// `{ code, path, message }`, and the old book stays in use; `json` that is not a string throws
/// one with `code` `input.wrong_type`.
#[wasm_bindgen(js_name = setRules)]
pub fn set_rules(
    #[wasm_bindgen(unchecked_param_type = "string")] json: JsValue,
    options: Option<JsValue>,
) -> Result<(), JsValue> {
    let Some(text) = json.as_string() else {
        let problem = wrong_type("", "规则库", " JSON 文本", &json);
        let err = problem_error(&problem);
        let p = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&p, &"code".into(), &problem.code.as_str().into());
        let _ = js_sys::Reflect::set(&p, &"path".into(), &"".into());
        let _ = js_sys::Reflect::set(&p, &"message".into(), &problem.message.as_str().into());
        let _ = js_sys::Reflect::set(&err, &"problems".into(), &js_sys::Array::of1(&p));
        return Err(err);
    };
    let extends = match options {
        Some(o) if o.is_object() => {
            js_sys::Reflect::get(&o, &"extends".into()).unwrap_or(JsValue::UNDEFINED)
        }
        _ => JsValue::UNDEFINED,
    };
    let book = if extends.is_undefined() {
        RuleBook::from_json(&text)
    } else {
        RuleBook::extending(&extends.as_string().unwrap_or_default(), &text)
    };
    let book = book.map_err(|e| rule_book_error(&e))?;
    BOOK.with(|cell| cell.set(Some(Rc::new(book))));
    Ok(())
}

/// Adds `json`, an overlay (a rule book with `"extends": "builtin"` holding only what it adds:
/// documents, rules, new dated versions of rules), on top of the rule book in use; overlays
/// stack. (`setRules` with an overlay puts it on the compiled-in book instead.) Errors are
/// thrown as `setRules` throws them, each at its path in the overlay, and the book in use stays.
#[wasm_bindgen(js_name = addRules)]
pub fn add_rules(
    #[wasm_bindgen(unchecked_param_type = "string")] json: JsValue,
) -> Result<(), JsValue> {
    let Some(text) = json.as_string() else {
        return set_rules(json, None);
    };
    let book = current_book()?
        .with_overlay(&text)
        .map_err(|e| rule_book_error(&e))?;
    BOOK.with(|cell| cell.set(Some(Rc::new(book))));
    Ok(())
}

/// Every provincial-level division: `{ code, name, short }` by GB/T 2260 code.
#[wasm_bindgen(unchecked_return_type = "Province[]")]
pub fn provinces() -> Result<JsValue, JsValue> {
    to_js(&crate::region::PROVINCES)
}

/// Goes back to the rule book compiled into the module.
#[wasm_bindgen(js_name = resetRules)]
pub fn reset_rules() {
    BOOK.with(|cell| cell.set(None));
}

#[cfg(not(feature = "worker"))]
/// Reads a benefit check's two arguments. When either cannot be read, both read as null, so
/// that nothing is judged from input the caller did not send; the problems are then the
/// report's only errors.
fn read_benefit_input(subject: &JsValue, options: Option<JsValue>) -> (Raw, Raw, Vec<Problem>) {
    let mut errors = Vec::new();
    let raw = read_raw(subject, "", &mut errors);
    let opts = options.map_or(Raw::Null, |o| read_raw(&o, "options", &mut errors));
    if errors.is_empty() {
        (raw, opts, errors)
    } else {
        (Raw::Null, Raw::Null, errors)
    }
}

#[cfg(not(feature = "worker"))]
/// Checks a workshop's roster: recognition, the per-person reward, each employee (ID
/// numbers masked). Bad rows are errors on their row; nothing is thrown for bad input.
#[wasm_bindgen(js_name = checkWorkshop)]
pub fn check_workshop(
    roster: Ts<crate::workshop::RosterInput>,
    options: Option<Ts<CheckOptionsInput>>,
) -> Result<Ts<crate::workshop::WorkshopReport>, JsValue> {
    let (raw, opts, unreadable) =
        read_benefit_input(&roster.js_value(), options.map(|o| o.js_value()));
    let book = current_book()?;
    let mut report = crate::workshop::check_workshop(&book, &raw, &opts, today());
    if !unreadable.is_empty() {
        report.errors = unreadable;
    }
    to_js(&report).map(Ts::new_unchecked)
}

#[cfg(not(feature = "worker"))]
/// Estimates the subsidies a worker may claim; `total` sums only the eligible items. Bad input
/// is in `errors`; nothing is thrown for it.
#[wasm_bindgen(js_name = estimateSubsidies)]
pub fn estimate_subsidies(
    profile: Ts<crate::subsidy::ProfileInput>,
    options: Option<Ts<CheckOptionsInput>>,
) -> Result<Ts<crate::subsidy::Estimate>, JsValue> {
    let (raw, opts, unreadable) =
        read_benefit_input(&profile.js_value(), options.map(|o| o.js_value()));
    let book = current_book()?;
    let mut estimate = crate::subsidy::estimate(&book, &raw, &opts, today());
    if !unreadable.is_empty() {
        estimate.errors = unreadable;
    }
    to_js(&estimate).map(Ts::new_unchecked)
}

#[cfg(feature = "plans")]
mod plans {
    //! Plan files: the one-call `checkPlans` and the step-by-step `PlanChecker` a Web Worker
    //! drives to report progress.

    use std::cell::{Ref, RefCell};
    use std::rc::Rc;

    use tsify::Ts;
    use wasm_bindgen::prelude::*;

    use super::{
        coded_error, current_book, problem_error, read_raw, to_js, today, wrong_type, Unreadable,
    };
    use crate::check::{Problem, Status, Verdict};
    use crate::idcard::Masked;
    use crate::import::roster::RosterReport;
    use crate::import::{
        self, ImportOptions, PlanFile, PlanOptionsInput, PlanReport, RowReport, SortKey,
        StatusFilter,
    };
    use crate::rules::RuleBook;

    #[wasm_bindgen(module = "/src/js/boundary.js")]
    extern "C" {
        /// File bytes as a plain `Uint8Array`, or a negative [`Unreadable`] reason.
        #[wasm_bindgen(catch, js_name = bytesOf)]
        fn bytes_of(value: &JsValue) -> Result<JsValue, JsValue>;

        /// At most `max` row indexes as a `Uint32Array`, or a negative [`Unreadable`] reason.
        #[wasm_bindgen(catch, js_name = indexesOf)]
        fn indexes_of(value: &JsValue, max: u32) -> Result<JsValue, JsValue>;
    }

    #[cfg(not(feature = "gbk"))]
    #[wasm_bindgen]
    extern "C" {
        /// The platform's `TextDecoder` (browsers and Node with ICU know `gb18030`).
        type TextDecoder;
        #[wasm_bindgen(constructor, catch)]
        fn new(label: &str, options: &JsValue) -> Result<TextDecoder, JsValue>;
        #[wasm_bindgen(method, catch)]
        fn decode(this: &TextDecoder, bytes: &[u8]) -> Result<String, JsValue>;
    }

    /// GB18030 through the platform's decoder: strict first, so that undecodable bytes are
    /// reported; then lenient, replacing them with U+FFFD.
    #[cfg(not(feature = "gbk"))]
    fn platform_gb18030(bytes: &[u8]) -> Option<(String, bool)> {
        let fatal = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&fatal, &"fatal".into(), &JsValue::TRUE);
        if let Ok(text) = TextDecoder::new("gb18030", &fatal).and_then(|d| d.decode(bytes)) {
            return Some((text, false));
        }
        let text = TextDecoder::new("gb18030", &JsValue::UNDEFINED)
            .and_then(|d| d.decode(bytes))
            .ok()?;
        Some((text, true))
    }

    /// Makes GBK files readable in a build without encoding_rs.
    fn init_decoder() {
        #[cfg(not(feature = "gbk"))]
        crate::import::delimited::set_gb18030_decoder(platform_gb18030);
    }

    /// The most rows `PlanChecker.rows` returns in one call (a page of the review table is 100).
    const MAX_PAGE: u32 = 10_000;

    /// The arguments of a call that reads a file, read whole before anything else (options and
    /// roster fields first, getters and all; then the bytes, in which no getter runs).
    struct FileArgs {
        bytes: Vec<u8>,
        file_name: String,
        options: ImportOptions,
        /// What could not be read: the file is then not read at all.
        errors: Vec<Problem>,
        /// What `ImportOptions::from_raw` says about the options.
        warnings: Vec<Problem>,
    }

    fn read_file_args(
        bytes: &JsValue,
        file_name: &JsValue,
        options: Option<JsValue>,
        mut errors: Vec<Problem>,
    ) -> FileArgs {
        let raw = options.map_or(crate::raw::Raw::Null, |o| {
            read_raw(&o, "options", &mut errors)
        });
        let (options, warnings) = ImportOptions::from_raw(&raw);
        let file_name = file_name.as_string().unwrap_or_else(|| {
            errors.push(wrong_type("fileName", "文件名", "文本", file_name));
            String::new()
        });
        let bytes = match read_bytes(bytes) {
            Ok(bytes) if errors.is_empty() => bytes,
            Ok(_) => Vec::new(),
            Err(problem) => {
                errors.push(problem);
                Vec::new()
            }
        };
        init_decoder();
        FileArgs {
            bytes,
            file_name,
            options,
            errors,
            warnings,
        }
    }

    /// The bytes of a file argument: a `Uint8Array` (or any typed array or `DataView`), an
    /// `ArrayBuffer`, or an array of integers 0 to 255, copied into the module.
    fn read_bytes(value: &JsValue) -> Result<Vec<u8>, Problem> {
        let bytes = bytes_of(value).unwrap_or(JsValue::from(super::THREW));
        match bytes.as_f64() {
            None => Ok(js_sys::Uint8Array::from(bytes).to_vec()),
            Some(code) if Unreadable::from_code(code) == Unreadable::WrongType => Err(wrong_type(
                "bytes",
                "文件内容",
                " Uint8Array 或 ArrayBuffer",
                value,
            )),
            Some(code) => Err(Unreadable::from_code(code).problem("bytes".to_owned())),
        }
    }

    /// For benchmarks: decodes and parses CSV bytes with csv's parser only (no checking; the
    /// fields into fixed buffers, so within the file's budget) and returns the number of
    /// records, the floor `checkPlans` is compared with. Bytes of the
    /// wrong type throw an `Error` with `code` `input.wrong_type`.
    #[wasm_bindgen(js_name = parseCsvOnly)]
    pub fn parse_csv_only(
        #[wasm_bindgen(unchecked_param_type = "Uint8Array | ArrayBuffer | number[]")]
        bytes: JsValue,
    ) -> Result<usize, JsValue> {
        let bytes = read_bytes(&bytes).map_err(|p| problem_error(&p))?;
        init_decoder();
        Ok(import::delimited::count_records(&bytes))
    }

    /// Reads and checks a plan file (XLSX, CSV in UTF-8 or GBK, JSON) in one call, with the
    /// full verdict of every row. A file that is not a plan gives one error, arguments of the
    /// wrong type or that cannot be read give theirs; nothing is thrown for bad input.
    #[wasm_bindgen(js_name = checkPlans)]
    pub fn check_plans(
        #[wasm_bindgen(unchecked_param_type = "Uint8Array | ArrayBuffer | number[]")]
        bytes: JsValue,
        #[wasm_bindgen(js_name = fileName, unchecked_param_type = "string")] file_name: JsValue,
        options: Option<Ts<PlanOptionsInput>>,
    ) -> Result<Ts<PlanReport>, JsValue> {
        let args = read_file_args(
            &bytes,
            &file_name,
            options.map(|o| o.js_value()),
            Vec::new(),
        );
        let book = current_book()?;
        let report = if args.errors.is_empty() {
            let o = &args.options;
            let mut report =
                import::check_plan(&book, &args.bytes, &args.file_name, o, today(), o.verdicts);
            report.warnings.extend(args.warnings);
            report
        } else {
            import::refused_report(&book, &args.file_name, args.errors)
        };
        to_js(&report).map(Ts::new_unchecked)
    }

    #[cfg(feature = "tools")]
    #[wasm_bindgen(typescript_custom_section)]
    const RULES_VIEW_TS: &str = r#"
/** What is in force on a date in a region (`workrelief rules show`, as an object). */
export interface RulesInForce {
  book: string; asOf: string; region: string;
  inForce: { kind: 'rule' | 'benefit'; id: string; title: string; jurisdiction: string;
    version: number; versions: number; validity: { from?: string; to?: string }; floor?: string;
    base?: string[]; mandatory: boolean; appliesTo?: string[];
    citation: { document: string; title: string; docNumber?: string; clause: string; quote: string } }[];
  notInForce: { kind: 'rule' | 'benefit'; id: string; title: string; reason: 'not_yet' | 'ended'; message: string }[];
}
/** One field of a rule book's item before and after, with its Chinese line. */
export interface RulesFieldDiff { field: string; before: unknown; after: unknown; text: string }
/** A candidate rule book against the one in use (`workrelief rules diff`, and a sample plan). */
export interface RulesPreview {
  version?: string;
  problems: Problem[];
  diff?: { oldVersion: string; newVersion: string } & Record<'documents' | 'projectKinds' | 'rules' | 'benefits',
    { id: string; title: string; change: 'added' | 'removed' | 'changed'; fields?: RulesFieldDiff[];
      versions?: { from: string | null; change: 'added' | 'removed' | 'changed'; fields: RulesFieldDiff[] }[] }[]>;
  plan?: { fileName: string; errors: Problem[]; changed: number;
    rows: { row: number; name?: string; changed: boolean; before: RowReport; after: RowReport }[] };
}
"#;

    #[cfg(feature = "tools")]
    /// What the rule book in use has in force on `asOf` (a date as text) in `region` (全国, a
    /// province's name or code, a 6-digit code; empty: every region), for the page's 规则库
    /// view. A date or region that cannot be read throws an `Error` with its `code`.
    #[wasm_bindgen(js_name = rulesInForce, unchecked_return_type = "RulesInForce")]
    pub fn rules_in_force(
        #[wasm_bindgen(js_name = asOf, unchecked_param_type = "string")] as_of: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string | null | undefined")] region: JsValue,
    ) -> Result<JsValue, JsValue> {
        let Some(as_of) = as_of.as_string() else {
            return Err(problem_error(&wrong_type("asOf", "日期", "文本", &as_of)));
        };
        // No region (undefined or null) is every region; anything else must be text.
        let region = match region.as_string() {
            Some(text) => text,
            None if region.is_undefined() || region.is_null() => String::new(),
            None => {
                return Err(problem_error(&wrong_type(
                    "region", "地区", "文本", &region,
                )))
            }
        };
        let answer = import::preview::in_force_at(current_book()?.as_ref(), &as_of, &region)
            .map_err(|p| problem_error(&p))?;
        to_js(&answer)
    }

    #[cfg(feature = "tools")]
    /// Previews `candidate` (the text of a rule book, or of an overlay saying `"extends":
    /// "builtin"`) against the book in use: its problems, or what differs and, given a sample
    /// plan's `bytes` and `fileName`, each project's status under both books. The book in use
    /// does not change. Arguments that cannot be read throw an `Error` with their `code`.
    #[wasm_bindgen(js_name = previewRules, unchecked_return_type = "RulesPreview")]
    pub fn preview_rules(
        #[wasm_bindgen(unchecked_param_type = "string")] candidate: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Uint8Array | ArrayBuffer | number[] | null")]
        bytes: JsValue,
        #[wasm_bindgen(js_name = fileName, unchecked_param_type = "string | undefined")]
        file_name: JsValue,
        options: Option<Ts<PlanOptionsInput>>,
    ) -> Result<JsValue, JsValue> {
        let Some(candidate) = candidate.as_string() else {
            return Err(problem_error(&wrong_type(
                "",
                "规则库",
                " JSON 文本",
                &candidate,
            )));
        };
        let book = current_book()?;
        let args = (!bytes.is_null() && !bytes.is_undefined()).then(|| {
            read_file_args(
                &bytes,
                &file_name,
                options.map(|o| o.js_value()),
                Vec::new(),
            )
        });
        if let Some(p) = args.as_ref().and_then(|a| a.errors.first()) {
            return Err(problem_error(p));
        }
        let plan = args.as_ref().map(|a| import::preview::SamplePlan {
            bytes: &a.bytes,
            file_name: &a.file_name,
            options: &a.options,
        });
        to_js(&import::preview::preview(&book, &candidate, plan, today()))
    }

    /// What a roster file does not say: `{ province, recognized?, name? }`.
    #[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize, tsify::Tsify)]
    #[serde(rename_all = "camelCase")]
    pub struct RosterMetaInput {
        /// 所在省份: a name or a GB/T 2260 code.
        #[tsify(type = "string | number")]
        pub province: String,
        /// Already recognised by the authority.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[tsify(optional, type = "boolean | string")]
        pub recognized: Option<bool>,
        /// 车间名称.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[tsify(optional)]
        pub name: Option<String>,
    }

    /// Reads a workshop roster file (CSV in UTF-8 or GBK, XLSX, JSON) and checks it like
    /// `checkWorkshop`; ID numbers are masked in everything returned. Nothing is thrown for bad
    /// input.
    #[wasm_bindgen(js_name = checkRosterFile)]
    pub fn check_roster_file(
        #[wasm_bindgen(unchecked_param_type = "Uint8Array | ArrayBuffer | number[]")]
        bytes: JsValue,
        #[wasm_bindgen(js_name = fileName, unchecked_param_type = "string")] file_name: JsValue,
        roster: Ts<RosterMetaInput>,
        options: Option<Ts<PlanOptionsInput>>,
    ) -> Result<Ts<RosterReport>, JsValue> {
        let mut errors = Vec::new();
        let meta = read_raw(&roster.js_value(), "", &mut errors);
        let args = read_file_args(&bytes, &file_name, options.map(|o| o.js_value()), errors);
        let book = current_book()?;
        let report = if args.errors.is_empty() {
            let mut report = import::roster::check_roster_file(
                &book,
                &args.bytes,
                &args.file_name,
                &meta,
                &args.options,
                today(),
            );
            if let Some(w) = report.workshop.as_mut() {
                w.warnings.extend(args.warnings);
            } else {
                report.errors.extend(args.warnings);
            }
            report
        } else {
            RosterReport::refused(&args.file_name, args.errors)
        };
        to_js(&report).map(Ts::new_unchecked)
    }

    /// Checks a plan a slice at a time so that a worker can report progress. Rows are kept
    /// compact in the module: the page takes the counts, the statuses (one byte a row), the
    /// order of a filtered and sorted view, and a page of rows at a time; a row's full verdict
    /// is produced on demand.
    ///
    /// Every method takes `&self` (the plan sits in a `RefCell` of its own), so that a method
    /// called from a getter while another runs is answered instead of tripping
    /// wasm-bindgen's borrow check, which throws from inside the module.
    #[wasm_bindgen]
    pub struct PlanChecker {
        book: Rc<RuleBook>,
        /// The file, or the report of a file that could not be read as a plan.
        plan: RefCell<Result<PlanFile, PlanReport>>,
        warnings: Vec<Problem>,
    }

    /// The error of a method called while `step` runs (which no caller can do: no JavaScript
    /// runs during a step; kept so that it could never be a panic).
    fn busy() -> JsValue {
        coded_error("input.busy", "核查正在进行，请稍后再试")
    }

    impl PlanChecker {
        fn plan(&self) -> Result<Ref<'_, Result<PlanFile, PlanReport>>, JsValue> {
            self.plan.try_borrow().map_err(|_| busy())
        }

        fn shell(&self, rows: bool) -> Result<PlanReport, JsValue> {
            let mut report = match &*self.plan()? {
                Ok(plan) => plan.report(&self.book, rows),
                Err(failed) => failed.clone(),
            };
            report.warnings.extend(self.warnings.iter().cloned());
            Ok(report)
        }
    }

    /// A number argument of a method (`step`'s row count, `verdict`'s index).
    fn number_arg(value: &JsValue, label: &str) -> Result<f64, JsValue> {
        value
            .as_f64()
            .ok_or_else(|| problem_error(&wrong_type("", label, "数字", value)))
    }

    /// `n` as a whole `usize`, fractions dropped, NaN and negatives 0, clamped explicitly: the
    /// JavaScript build's float-to-int conversion (wasm2js) does not saturate beyond 2^32.
    fn clamp_usize(n: f64) -> usize {
        if n >= usize::MAX as f64 {
            usize::MAX
        } else if n > 0.0 {
            n as usize
        } else {
            0
        }
    }

    /// A string argument of a method.
    fn text_arg(value: &JsValue, label: &str) -> Result<String, JsValue> {
        value
            .as_string()
            .ok_or_else(|| problem_error(&wrong_type("", label, "文本", value)))
    }

    #[wasm_bindgen]
    impl PlanChecker {
        /// Reads the file's header (or JSON items). A file that is not a plan gives a checker
        /// with no rows whose report holds the one error; arguments of the wrong type or that
        /// cannot be read give theirs. Nothing is thrown for bad input.
        #[wasm_bindgen(constructor)]
        pub fn new(
            #[wasm_bindgen(unchecked_param_type = "Uint8Array | ArrayBuffer | number[]")]
            bytes: JsValue,
            #[wasm_bindgen(js_name = fileName, unchecked_param_type = "string")] file_name: JsValue,
            options: Option<Ts<PlanOptionsInput>>,
        ) -> Result<PlanChecker, JsValue> {
            let args = read_file_args(
                &bytes,
                &file_name,
                options.map(|o| o.js_value()),
                Vec::new(),
            );
            let book = current_book()?;
            let plan = if args.errors.is_empty() {
                PlanFile::open(&args.bytes, &args.file_name, &args.options, today())
                    .map_err(|e| import::failed_report(&book, &args.file_name, &e))
            } else {
                Err(import::refused_report(&book, &args.file_name, args.errors))
            };
            Ok(PlanChecker {
                book,
                plan: RefCell::new(plan),
                warnings: args.warnings,
            })
        }

        /// How many project rows have been checked (all of them once `step` returns true).
        pub fn checked(&self) -> Result<usize, JsValue> {
            Ok(self.plan()?.as_ref().ok().map_or(0, PlanFile::checked))
        }

        /// How far checking has come, from 0 to 1.
        pub fn progress(&self) -> Result<f64, JsValue> {
            Ok(self.plan()?.as_ref().ok().map_or(1.0, PlanFile::progress))
        }

        /// Checks up to `maxRows` more rows; true when every row is checked. A `maxRows` that is
        /// not a number throws an `Error` with `code` `input.wrong_type`.
        pub fn step(
            &self,
            #[wasm_bindgen(js_name = maxRows, unchecked_param_type = "number")] max_rows: JsValue,
        ) -> Result<bool, JsValue> {
            // Saturated: fractions dropped, NaN and negatives check nothing.
            let max_rows = clamp_usize(number_arg(&max_rows, "每次检查的行数")?);
            let mut plan = self.plan.try_borrow_mut().map_err(|_| busy())?;
            Ok(match plan.as_mut().ok() {
                Some(plan) => plan.step(&self.book, max_rows, false),
                None => true,
            })
        }

        /// The report so far without its rows: the file's facts, the counts, the errors.
        pub fn summary(&self) -> Result<Ts<PlanReport>, JsValue> {
            to_js(&self.shell(false)?).map(Ts::new_unchecked)
        }

        /// The report so far with every checked row (compact, without verdicts): for small
        /// files; a big one is better read a page at a time with `rows`.
        pub fn report(&self) -> Result<Ts<PlanReport>, JsValue> {
            to_js(&self.shell(true)?).map(Ts::new_unchecked)
        }

        /// Each checked row's status in file order: 0 pass, 1 fail, 2 review, 3 invalid.
        pub fn statuses(&self) -> Result<Vec<u8>, JsValue> {
            Ok(self.plan()?.as_ref().ok().map_or_else(Vec::new, |p| {
                p.statuses()
                    .map(|s| match s {
                        Status::Pass => 0,
                        Status::Fail => 1,
                        Status::Review => 2,
                        Status::Invalid => 3,
                    })
                    .collect()
            }))
        }

        /// The rows (indexes in file order) of a view: `status` is `all`, `notpass`, `pass`,
        /// `fail`, `review` or `invalid`; `sort` is `row`, `status`, `ratio`, `floor` or
        /// `shortfall` (exact decimals; rows without the figure last). Unknown values throw an
        /// `Error` with `code` `input.unknown_filter` or `input.unknown_sort`, values that are
        /// not strings one with `input.wrong_type`.
        pub fn order(
            &self,
            #[wasm_bindgen(unchecked_param_type = "string")] status: JsValue,
            #[wasm_bindgen(unchecked_param_type = "string")] sort: JsValue,
            #[wasm_bindgen(unchecked_param_type = "boolean")] descending: JsValue,
        ) -> Result<Vec<u32>, JsValue> {
            let status = text_arg(&status, "状态筛选")?;
            let sort = text_arg(&sort, "排序列")?;
            let filter = StatusFilter::parse(&status).ok_or_else(|| {
                coded_error(
                    "input.unknown_filter",
                    &format!("未知的状态筛选{}", crate::text::quote(&status)),
                )
            })?;
            let key = SortKey::parse(&sort).ok_or_else(|| {
                coded_error(
                    "input.unknown_sort",
                    &format!("未知的排序列{}", crate::text::quote(&sort)),
                )
            })?;
            let descending = descending.is_truthy();
            Ok(self
                .plan()?
                .as_ref()
                .ok()
                .map_or_else(Vec::new, |p| p.order(&self.book, filter, key, descending)))
        }

        /// The checked rows at `indexes` (file order, 0-based; an array or a typed array of at
        /// most 10,000), compact, for one page; indexes of no checked row are left out. More
        /// indexes throw an `Error` with `code` `input.too_many_rows`, anything else than a list
        /// of numbers one with `input.wrong_type`.
        #[wasm_bindgen(unchecked_return_type = "RowReport[]")]
        pub fn rows(
            &self,
            #[wasm_bindgen(unchecked_param_type = "Uint32Array | number[]")] indexes: JsValue,
        ) -> Result<JsValue, JsValue> {
            // Read before the plan is borrowed: a getter in the list may call this checker.
            let list = indexes_of(&indexes, MAX_PAGE).unwrap_or(JsValue::from(super::THREW));
            let indexes = match list.as_f64().map(Unreadable::from_code) {
                None => js_sys::Uint32Array::from(list).to_vec(),
                Some(Unreadable::TooLarge) => {
                    return Err(coded_error(
                        "input.too_many_rows",
                        &format!("一次最多读取 {MAX_PAGE} 行"),
                    ))
                }
                Some(Unreadable::WrongType) => {
                    return Err(problem_error(&wrong_type("", "行号列表", "数组", &indexes)))
                }
                Some(reason) => return Err(problem_error(&reason.problem(String::new()))),
            };
            let rows: Vec<RowReport> = self.plan()?.as_ref().ok().map_or_else(Vec::new, |p| {
                indexes
                    .iter()
                    .filter_map(|&i| p.row(&self.book, i as usize))
                    .collect()
            });
            to_js(&rows)
        }

        /// Each checked row's name (or `undefined`), in file order: for sorting by name with
        /// the page's collator.
        #[wasm_bindgen(unchecked_return_type = "(string | undefined)[]")]
        pub fn names(&self) -> Result<JsValue, JsValue> {
            let plan = self.plan()?;
            let names = plan.as_ref().ok().map_or_else(Vec::new, PlanFile::names);
            to_js(&names)
        }

        /// The full verdict of project row `index` (0-based, in file order); `undefined` for no
        /// such row. An `index` that is not a number throws an `Error` with `code`
        /// `input.wrong_type`.
        pub fn verdict(
            &self,
            #[wasm_bindgen(unchecked_param_type = "number")] index: JsValue,
        ) -> Result<Option<Ts<Verdict>>, JsValue> {
            let index = number_arg(&index, "行号")?;
            // A number that is no index (negative, a fraction, NaN) is no row.
            let index = (index >= 0.0 && index.fract() == 0.0 && index < usize::MAX as f64)
                .then_some(clamp_usize(index));
            let verdict = self
                .plan()?
                .as_ref()
                .ok()
                .zip(index)
                .and_then(|(p, i)| p.verdict(&self.book, i));
            match verdict {
                Some(v) => to_js(&v).map(|js| Some(Ts::new_unchecked(js))),
                None => Ok(None),
            }
        }

        /// The rows checked so far as CSV (UTF-8 with BOM, for Excel; ID numbers masked in
        /// each cell).
        pub fn csv(&self) -> Result<String, JsValue> {
            Ok(import::export::to_csv(std::slice::from_ref(
                &self.shell(true)?,
            )))
        }

        /// The reviewer's record as a table, in JSON: 行号, the plan's own columns, then
        /// 审核结论, 比例, 比例下限, 下限金额, 差额, 依据 and 问题与提示 (formulas defused, amounts
        /// in fen), for the export module's `xlsxFromTable` (pkg/workrelief_export.js).
        #[wasm_bindgen(js_name = exportTable)]
        pub fn export_table(&self) -> Result<String, JsValue> {
            let plan = self.plan()?;
            let table = import::export::export_table(&self.book, plan.as_ref());
            Ok(serde_json::to_string(&Masked(&table)).unwrap_or_default())
        }

        /// The report so far as JSON text (ID numbers masked).
        pub fn json(&self) -> Result<String, JsValue> {
            Ok(serde_json::to_string_pretty(&Masked(&self.shell(true)?)).unwrap_or_default())
        }
    }
}
