//! The JavaScript API: the one module that touches wasm-bindgen, js-sys and
//! serde-wasm-bindgen. Each export converts its inputs, calls the core, converts the result.
//!
//! With the `worker` feature (the review and roster workers' module, `pkg/workrelief_plans.js`)
//! only the plan, roster and rule-book exports are built: the page's own module answers
//! `checkProposal`, `checkWorkshop` and `estimateSubsidies`, so the workers' download leaves
//! that code out.

use std::cell::RefCell;
use std::rc::Rc;

use serde::Serialize;
use tsify::Ts;
use wasm_bindgen::prelude::*;

use crate::check::Problem;
#[cfg(not(feature = "worker"))]
use crate::check::{self, CheckOptionsInput, Verdict};
use crate::date::Date;
#[cfg(not(feature = "worker"))]
use crate::proposal::ProposalInput;
use crate::raw::Raw;
use crate::rules::{RuleBook, RuleBookError};

thread_local! {
    /// The rule book in use; `None` until first needed, then the compiled-in one unless replaced.
    static BOOK: RefCell<Option<Rc<RuleBook>>> = const { RefCell::new(None) };
}

fn current_book() -> Result<Rc<RuleBook>, JsValue> {
    BOOK.with(|cell| {
        if let Some(book) = cell.borrow().as_ref() {
            return Ok(Rc::clone(book));
        }
        let book = Rc::new(RuleBook::builtin().map_err(|e| rule_book_error(&e))?);
        *cell.borrow_mut() = Some(Rc::clone(&book));
        Ok(book)
    })
}

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    let serializer = serde_wasm_bindgen::Serializer::new().serialize_maps_as_objects(true);
    value
        .serialize(&serializer)
        .map_err(|e| JsValue::from(js_sys::Error::new(&e.to_string())))
}

/// Reads any JS value loosely; values serde cannot read (functions, symbols) become an error.
fn read_raw(value: JsValue, field: &str, errors: &mut Vec<Problem>) -> Raw {
    serde_wasm_bindgen::from_value::<Raw>(value).unwrap_or_else(|e| {
        errors.push(Problem::new(
            "input.unreadable",
            field,
            format!("无法读取输入（含有函数、Symbol 等无法识别的值）：{e}"),
        ));
        Raw::Null
    })
}

fn today() -> Date {
    // A clock outside 1900..=2999 is wrong; the earliest date makes every rule "not yet in
    // force", so the verdict asks for review instead of judging by the wrong rules.
    Date::china_today(js_sys::Date::now()).unwrap_or(Date::MIN)
}

fn rule_book_error(errors: &[RuleBookError]) -> JsValue {
    let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
    let err = js_sys::Error::new(&format!(
        "规则库无效，共 {} 处问题：\n{}",
        errors.len(),
        lines.join("\n")
    ));
    let problems = js_sys::Array::new();
    for e in errors {
        let p = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&p, &"code".into(), &e.code().into());
        let _ = js_sys::Reflect::set(&p, &"path".into(), &e.path.as_str().into());
        let _ = js_sys::Reflect::set(&p, &"message".into(), &e.kind.to_string().into());
        problems.push(&p);
    }
    let _ = js_sys::Reflect::set(&err, &"problems".into(), &problems);
    err.into()
}

#[cfg(not(feature = "worker"))]
#[wasm_bindgen(module = "/src/js/boundary.js")]
extern "C" {
    /// Flattens plain data into `nums` and returns the text of its strings; `undefined` for
    /// anything else, `null` for nesting deeper than 64 levels (see `src/js/boundary.js`).
    #[wasm_bindgen(js_name = readInput)]
    fn read_input_tokens(value: &JsValue, nums: &mut [f64]) -> JsValue;

    /// Builds the verdict object from [`check::wire`]'s compact form.
    #[wasm_bindgen(js_name = buildVerdict)]
    fn build_verdict(ops: &[u32], text: &[u16], cache: &JsValue) -> JsValue;
}

#[cfg(not(feature = "worker"))]
/// What checkProposal keeps between calls: the scratch space for inputs, and the verdict
/// encoder with the JS array that caches the rule book's strings (both for `book` only).
struct Wire {
    nums: Vec<f64>,
    book: Rc<RuleBook>,
    encoder: check::wire::Encoder,
    cache: JsValue,
}

#[cfg(not(feature = "worker"))]
thread_local! {
    static WIRE: RefCell<Option<Wire>> = const { RefCell::new(None) };
}

#[cfg(not(feature = "worker"))]
/// How many numbers an input may flatten into before it is read by serde-wasm-bindgen instead.
const MAX_TOKENS: usize = 1024;

#[cfg(not(feature = "worker"))]
/// Reads a JS value loosely, as [`read_raw`] does, but through `src/js/boundary.js` for plain
/// data (the usual case): one string and a list of numbers instead of a call per property.
fn read_fast(value: JsValue, field: &str, nums: &mut [f64], errors: &mut Vec<Problem>) -> Raw {
    let text = read_input_tokens(&value, nums);
    if text.is_null() {
        errors.push(Problem::new(
            "input.unreadable",
            field,
            "无法读取输入（嵌套超过 64 层，可能含有循环引用）",
        ));
        return Raw::Null;
    }
    match text.as_string().and_then(|t| Raw::from_tokens(nums, &t)) {
        Some(raw) => raw,
        None => read_raw(value, field, errors),
    }
}

#[cfg(not(feature = "worker"))]
/// Checks a 以工代赈 proposal. Bad input gives `status: "invalid"` with every problem
/// listed; it is never thrown.
#[wasm_bindgen(js_name = checkProposal)]
pub fn check_proposal(
    proposal: Ts<ProposalInput>,
    options: Option<Ts<CheckOptionsInput>>,
) -> Result<Ts<Verdict>, JsValue> {
    let book = current_book()?;
    let mut wire = WIRE
        .with(|w| w.borrow_mut().take())
        .filter(|w| Rc::ptr_eq(&w.book, &book))
        .unwrap_or_else(|| Wire {
            nums: vec![0.0; MAX_TOKENS],
            encoder: check::wire::Encoder::new(&book),
            book: Rc::clone(&book),
            cache: js_sys::Array::new().into(),
        });
    let mut errors = Vec::new();
    let raw = read_fast(proposal.js_value(), "", &mut wire.nums, &mut errors);
    let opts = options.map_or(Raw::Null, |o| {
        read_fast(o.js_value(), "options", &mut wire.nums, &mut errors)
    });
    let verdict = if errors.is_empty() {
        check::check_raw(&book, &raw, &opts, today())
    } else {
        check::invalid(&book, errors, Vec::new())
    };
    let (ops, text) = wire.encoder.encode(&verdict);
    let js = build_verdict(ops, text, &wire.cache);
    WIRE.with(|w| *w.borrow_mut() = Some(wire));
    Ok(Ts::new_unchecked(js))
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
    Ok(current_book()?.version.clone())
}

/// The project kinds of the rule book in use (`{ id, name, aliases }`), for a form's choices:
/// a small part of what `ruleBook()` copies.
#[wasm_bindgen(js_name = projectKinds, unchecked_return_type = "ProjectKind[]")]
pub fn project_kinds() -> Result<JsValue, JsValue> {
    to_js(&current_book()?.project_kinds)
}

/// Replaces the rule book with `json` (the text of a `rules.json`). When the new book is
/// invalid this throws an `Error` whose `problems` lists each `{ code, path, message }`, and
/// the old book stays in use.
#[wasm_bindgen(js_name = setRules)]
pub fn set_rules(json: &str) -> Result<(), JsValue> {
    let book = RuleBook::from_json(json).map_err(|e| rule_book_error(&e))?;
    BOOK.with(|cell| *cell.borrow_mut() = Some(Rc::new(book)));
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
    BOOK.with(|cell| *cell.borrow_mut() = None);
}

#[cfg(not(feature = "worker"))]
/// Checks a workshop's roster: recognition, the per-person reward, each employee (ID
/// numbers masked). Bad rows are errors on their row; nothing is thrown for bad input.
#[wasm_bindgen(js_name = checkWorkshop)]
pub fn check_workshop(
    roster: Ts<crate::workshop::RosterInput>,
    options: Option<Ts<CheckOptionsInput>>,
) -> Result<Ts<crate::workshop::WorkshopReport>, JsValue> {
    let book = current_book()?;
    let mut errors = Vec::new();
    let raw = read_raw(roster.js_value(), "", &mut errors);
    let opts = options.map_or(Raw::Null, |o| {
        read_raw(o.js_value(), "options", &mut errors)
    });
    let mut report = crate::workshop::check_workshop(&book, &raw, &opts, today());
    report.errors.extend(errors);
    to_js(&report).map(Ts::new_unchecked)
}

#[cfg(not(feature = "worker"))]
/// Estimates the subsidies a worker may claim; `total` sums only the eligible items.
#[wasm_bindgen(js_name = estimateSubsidies)]
pub fn estimate_subsidies(
    profile: Ts<crate::subsidy::ProfileInput>,
    options: Option<Ts<CheckOptionsInput>>,
) -> Result<Ts<crate::subsidy::Estimate>, JsValue> {
    let book = current_book()?;
    let mut errors = Vec::new();
    let raw = read_raw(profile.js_value(), "", &mut errors);
    let opts = options.map_or(Raw::Null, |o| {
        read_raw(o.js_value(), "options", &mut errors)
    });
    let mut estimate = crate::subsidy::estimate(&book, &raw, &opts, today());
    estimate.errors.extend(errors);
    to_js(&estimate).map(Ts::new_unchecked)
}

#[cfg(feature = "plans")]
mod plans {
    //! Plan files: the one-call `checkPlans` and the step-by-step `PlanChecker` a Web Worker
    //! drives to report progress.

    use std::rc::Rc;

    use tsify::Ts;
    use wasm_bindgen::prelude::*;

    use super::{current_book, read_raw, to_js, today};
    use crate::check::{Problem, Status, Verdict};
    use crate::import::roster::RosterReport;
    use crate::import::{
        self, ImportOptions, PlanFile, PlanOptionsInput, PlanReport, RowReport, SortKey,
        StatusFilter,
    };
    use crate::rules::RuleBook;

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

    fn read_options(raw: Option<Ts<PlanOptionsInput>>) -> (ImportOptions, Vec<Problem>) {
        init_decoder();
        let mut problems = Vec::new();
        let raw = raw.map_or(crate::raw::Raw::Null, |o| {
            read_raw(o.js_value(), "options", &mut problems)
        });
        let (opts, mut more) = ImportOptions::from_raw(&raw);
        problems.append(&mut more);
        (opts, problems)
    }

    /// For benchmarks: decodes and parses CSV bytes with csv's parser only (no checking; the
    /// fields into fixed buffers, so within the file's budget) and returns the number of
    /// records, the floor `checkPlans` is compared with.
    #[wasm_bindgen(js_name = parseCsvOnly)]
    pub fn parse_csv_only(bytes: &[u8]) -> usize {
        init_decoder();
        import::delimited::count_records(bytes)
    }

    /// Reads and checks a plan file (XLSX, CSV in UTF-8 or GBK, JSON) in one call, with the
    /// full verdict of every row. A file that is not a plan gives one error, never a throw.
    #[wasm_bindgen(js_name = checkPlans)]
    pub fn check_plans(
        bytes: &[u8],
        file_name: &str,
        options: Option<Ts<PlanOptionsInput>>,
    ) -> Result<Ts<PlanReport>, JsValue> {
        let book = current_book()?;
        let (opts, problems) = read_options(options);
        let mut report = import::check_plan(&book, bytes, file_name, &opts, today(), opts.verdicts);
        report.warnings.extend(problems);
        to_js(&report).map(Ts::new_unchecked)
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
    /// `checkWorkshop`; ID numbers are masked in everything returned.
    #[wasm_bindgen(js_name = checkRosterFile)]
    pub fn check_roster_file(
        bytes: &[u8],
        file_name: &str,
        roster: Ts<RosterMetaInput>,
        options: Option<Ts<PlanOptionsInput>>,
    ) -> Result<Ts<RosterReport>, JsValue> {
        let book = current_book()?;
        let mut problems = Vec::new();
        let meta = read_raw(roster.js_value(), "", &mut problems);
        let (opts, mut more) = read_options(options);
        problems.append(&mut more);
        let mut report =
            import::roster::check_roster_file(&book, bytes, file_name, &meta, &opts, today());
        if let Some(w) = report.workshop.as_mut() {
            w.warnings.extend(problems);
        } else {
            report.errors.extend(problems);
        }
        to_js(&report).map(Ts::new_unchecked)
    }

    /// Checks a plan a slice at a time so that a worker can report progress. Rows are kept
    /// compact in the module: the page takes the counts, the statuses (one byte a row), the
    /// order of a filtered and sorted view, and a page of rows at a time; a row's full verdict
    /// is produced on demand.
    #[wasm_bindgen]
    pub struct PlanChecker {
        book: Rc<RuleBook>,
        /// The file, or the report of a file that could not be read as a plan.
        plan: Result<PlanFile, PlanReport>,
        warnings: Vec<Problem>,
    }

    impl PlanChecker {
        fn shell(&self, rows: bool) -> PlanReport {
            let mut report = match &self.plan {
                Ok(plan) => plan.report(&self.book, rows),
                Err(failed) => failed.clone(),
            };
            report.warnings.extend(self.warnings.iter().cloned());
            report
        }
    }

    #[wasm_bindgen]
    impl PlanChecker {
        /// Reads the file's header (or JSON items). A file that is not a plan gives a checker
        /// with no rows whose report holds the one error.
        #[wasm_bindgen(constructor)]
        pub fn new(
            bytes: &[u8],
            file_name: &str,
            options: Option<Ts<PlanOptionsInput>>,
        ) -> Result<PlanChecker, JsValue> {
            let book = current_book()?;
            let (opts, warnings) = read_options(options);
            let plan = PlanFile::open(bytes, file_name, &opts, today())
                .map_err(|e| import::failed_report(&book, file_name, &e));
            Ok(PlanChecker {
                book,
                plan,
                warnings,
            })
        }

        /// How many project rows have been checked (all of them once `step` returns true).
        pub fn checked(&self) -> usize {
            self.plan.as_ref().ok().map_or(0, PlanFile::checked)
        }

        /// How far checking has come, from 0 to 1.
        pub fn progress(&self) -> f64 {
            self.plan.as_ref().ok().map_or(1.0, PlanFile::progress)
        }

        /// Checks up to `max_rows` more rows; true when every row is checked.
        pub fn step(&mut self, max_rows: usize) -> bool {
            match self.plan.as_mut().ok() {
                Some(plan) => plan.step(&self.book, max_rows, false),
                None => true,
            }
        }

        /// The report so far without its rows: the file's facts, the counts, the errors.
        pub fn summary(&self) -> Result<Ts<PlanReport>, JsValue> {
            to_js(&self.shell(false)).map(Ts::new_unchecked)
        }

        /// The report so far with every checked row (compact, without verdicts): for small
        /// files; a big one is better read a page at a time with `rows`.
        pub fn report(&self) -> Result<Ts<PlanReport>, JsValue> {
            to_js(&self.shell(true)).map(Ts::new_unchecked)
        }

        /// Each checked row's status in file order: 0 pass, 1 fail, 2 review, 3 invalid.
        pub fn statuses(&self) -> Vec<u8> {
            self.plan.as_ref().ok().map_or_else(Vec::new, |p| {
                p.statuses()
                    .map(|s| match s {
                        Status::Pass => 0,
                        Status::Fail => 1,
                        Status::Review => 2,
                        Status::Invalid => 3,
                    })
                    .collect()
            })
        }

        /// The rows (indexes in file order) of a view: `status` is `all`, `notpass`, `pass`,
        /// `fail`, `review` or `invalid`; `sort` is `row`, `status`, `ratio`, `floor` or
        /// `shortfall` (exact decimals; rows without the figure last). Unknown values throw.
        pub fn order(
            &self,
            status: &str,
            sort: &str,
            descending: bool,
        ) -> Result<Vec<u32>, JsValue> {
            let filter = StatusFilter::parse(status)
                .ok_or_else(|| js_sys::Error::new(&format!("未知的状态筛选“{status}”")))?;
            let key = SortKey::parse(sort)
                .ok_or_else(|| js_sys::Error::new(&format!("未知的排序列“{sort}”")))?;
            Ok(self
                .plan
                .as_ref()
                .ok()
                .map_or_else(Vec::new, |p| p.order(&self.book, filter, key, descending)))
        }

        /// The checked rows at `indexes` (file order, 0-based), compact, for one page.
        #[wasm_bindgen(unchecked_return_type = "RowReport[]")]
        pub fn rows(&self, indexes: &[u32]) -> Result<JsValue, JsValue> {
            let rows: Vec<RowReport> = self.plan.as_ref().ok().map_or_else(Vec::new, |p| {
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
            let names = self
                .plan
                .as_ref()
                .ok()
                .map_or_else(Vec::new, PlanFile::names);
            to_js(&names)
        }

        /// The full verdict of project row `index` (0-based, in file order).
        pub fn verdict(&self, index: usize) -> Result<Option<Ts<Verdict>>, JsValue> {
            match self
                .plan
                .as_ref()
                .ok()
                .and_then(|p| p.verdict(&self.book, index))
            {
                Some(v) => to_js(&v).map(|js| Some(Ts::new_unchecked(js))),
                None => Ok(None),
            }
        }

        /// The rows checked so far as CSV (UTF-8 with BOM, for Excel).
        pub fn csv(&self) -> String {
            import::export::to_csv(std::slice::from_ref(&self.shell(true)))
        }

        /// The reviewer's record as a table, in JSON: 行号, the plan's own columns, then
        /// 审核结论, 比例, 比例下限, 下限金额, 差额, 依据 and 问题与提示 (formulas defused, amounts
        /// in fen), for the export module's `xlsxFromTable` (pkg/workrelief_export.js).
        #[wasm_bindgen(js_name = exportTable)]
        pub fn export_table(&self) -> String {
            let table = import::export::export_table(&self.book, self.plan.as_ref());
            serde_json::to_string(&table).unwrap_or_default()
        }

        /// The report so far as JSON text.
        pub fn json(&self) -> String {
            serde_json::to_string_pretty(&self.shell(true)).unwrap_or_default()
        }
    }
}
