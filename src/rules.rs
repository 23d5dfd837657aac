//! The rule book: policy documents, project kinds and rules, read from `rules.json` and
//! validated once when loaded, with every problem reported at its JSON path.

use std::collections::HashSet;
use std::fmt;
use std::sync::Arc;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::date::{Date, DateError};
use crate::loose::{self, Entries, Report};
use crate::raw::{index, join, Raw};
use crate::region::Province;
use crate::text;

pub mod benefit;
pub mod diff;
mod figures;
pub mod in_force;
mod overlay;
pub mod view;

pub use benefit::Benefit;

/// The rule book compiled into the module; a portal may replace it at run time.
pub const DEFAULT_RULES_JSON: &str = include_str!("../rules.json");

/// A validated rule book.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct RuleBook {
    /// The book's version, shown on every report.
    pub version: String,
    /// A title for people.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// When this version was published.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published: Option<Date>,
    /// The policy texts the rules cite.
    pub documents: Vec<Document>,
    /// The kinds of project a proposal may be, with the names people write for them.
    pub project_kinds: Vec<ProjectKind>,
    /// The rules.
    pub rules: Vec<Rule>,
    /// Workshop recognition, rewards and subsidies.
    pub benefits: Vec<Benefit>,
    /// Every name of every project kind, folded and lower-cased, with the kind's index:
    /// built once at load so that reading a kind does not fold every alias again.
    #[serde(skip)]
    #[cfg_attr(target_arch = "wasm32", tsify(skip))]
    kind_names: Vec<(String, usize)>,
    /// Each rule's full citation, built once at load and shared by every finding.
    #[serde(skip)]
    #[cfg_attr(target_arch = "wasm32", tsify(skip))]
    rule_citations: Vec<Arc<CitationRef>>,
    /// Each rule's document's horizon ([`Document::horizon_date`]), found once at load: a
    /// check asks it of every rule it relies on.
    #[serde(skip)]
    #[cfg_attr(target_arch = "wasm32", tsify(skip))]
    rule_horizons: Vec<Option<Date>>,
    /// For each project kind (in `project_kinds`' order), where in `rules` the rules that name
    /// it are: built once at load so that judging a row does not look through every rule.
    #[serde(skip)]
    #[cfg_attr(target_arch = "wasm32", tsify(skip))]
    kind_rules: Vec<Vec<usize>>,
    /// Of those, each kind's mandatory floors: all a plan row's judgement counts.
    #[serde(skip)]
    #[cfg_attr(target_arch = "wasm32", tsify(skip))]
    kind_floors: Vec<Vec<usize>>,
    /// The JSON it was read from, for an overlay to be merged into.
    #[serde(skip)]
    #[cfg_attr(target_arch = "wasm32", tsify(skip))]
    source: SourceJson,
}

/// The JSON a book was read from. Two books that say the same are equal however their JSON
/// was written (white space, key order), so it takes no part in comparing them.
#[derive(Debug, Clone)]
struct SourceJson(Raw);

impl PartialEq for SourceJson {
    fn eq(&self, _: &SourceJson) -> bool {
        true
    }
}

/// A policy text (`PolicyDocument` in TypeScript, which has a DOM `Document`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(
    target_arch = "wasm32",
    derive(tsify::Tsify),
    serde(rename = "PolicyDocument")
)]
#[serde(rename_all = "camelCase")]
pub struct Document {
    /// Stable id that citations use.
    pub id: String,
    /// The file name of the text in the policy folder.
    pub file: String,
    /// The title of the text.
    pub title: String,
    /// Who issued it.
    pub issuer: String,
    /// Its 文号, where it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub doc_number: Option<String>,
    /// The date it was issued.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
    /// The period it is in force, where the text gives one.
    pub validity: Validity,
    /// Where it was issued: national, or a province.
    pub jurisdiction: Jurisdiction,
    /// How far a text without a stated end can be trusted: the end of the transition period
    /// it places itself in (see [`Document::horizon_date`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub horizon: Option<Horizon>,
    /// The text itself (an overlay's document: in full, or at least every quoted sentence),
    /// against which its quotes were checked when the book loaded.
    #[serde(skip)]
    #[cfg_attr(target_arch = "wasm32", tsify(skip))]
    pub text: Option<String>,
    /// The source file of an overlay's document and its SHA-256, for `workrelief rules check
    /// --texts DIR` to compare and search.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<SourceFile>,
    /// The name of its prefecture or county, for a local text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region_name: Option<String>,
}

/// A policy text's source file, by name and SHA-256.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct SourceFile {
    /// The file name.
    pub file: String,
    /// 64 lowercase hexadecimal digits.
    pub sha256: String,
}

/// The end of the period a text places itself in, where it states no end of its own: the
/// 2021-2025 transition period (过渡期、衔接期), with the sentence that says so.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Horizon {
    /// The last day the text can be relied on.
    pub to: Date,
    /// The text's sentence that places it in the period, verbatim.
    pub quote: String,
    /// How the date was read from the quote, shown to users.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Document {
    /// How far the text can be trusted: its stated end (`validity.to`), else its horizon.
    pub fn horizon_date(&self) -> Option<Date> {
        self.validity.to.or(self.horizon.as_ref().map(|h| h.to))
    }
}

/// A period in force; an open end is unbounded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Validity {
    /// First day in force.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<Date>,
    /// Last day in force.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<Date>,
    /// How the period was read from the text, shown to users.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Validity {
    /// Whether `date` is inside the period.
    pub fn contains(&self, date: Date) -> bool {
        self.from.is_none_or(|f| f <= date) && self.to.is_none_or(|t| date <= t)
    }
}

/// Where a rule applies: `"national"` or a two-digit province code in JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify), tsify(type = "string"))]
pub enum Jurisdiction {
    /// Everywhere.
    National,
    /// One province.
    Province(&'static Province),
    /// A prefecture (a 6-digit GB/T 2260 code ending in `00`) or a county (any other 6-digit
    /// code that is not a province's `XX0000`), in its province.
    Local(&'static Province, u32),
}

impl Rule {
    /// Where it applies, for people: `全国`, `甘肃省`, or a local rule's `示例县（629901）`.
    pub fn region_label(&self) -> String {
        match self.jurisdiction {
            Jurisdiction::Local(_, code) => match &self.region_name {
                Some(name) => format!("{name}（{code:06}）"),
                None => format!("行政区划代码 {code:06} 所指地区"),
            },
            j => j.name().to_owned(),
        }
    }
}

impl Jurisdiction {
    /// Chinese name: `全国`, the province's full name, or for a prefecture or county its
    /// province's (the rule or document gives the local name, `regionName`).
    pub fn name(self) -> &'static str {
        match self {
            Jurisdiction::National => "全国",
            Jurisdiction::Province(p) | Jurisdiction::Local(p, _) => p.name,
        }
    }

    /// The province it lies in, unless national.
    pub fn province(self) -> Option<&'static Province> {
        match self {
            Jurisdiction::National => None,
            Jurisdiction::Province(p) | Jurisdiction::Local(p, _) => Some(p),
        }
    }

    /// Whether a project in `county` (a 6-digit code) lies in it.
    pub fn covers_county(self, county: u32) -> bool {
        match self {
            Jurisdiction::National => true,
            Jurisdiction::Province(p) => code_province(county) == Some(p.code),
            Jurisdiction::Local(_, code) if code % 100 == 0 => county / 100 == code / 100,
            Jurisdiction::Local(_, code) => county == code,
        }
    }
}

/// The province code (`62`) of a 6-digit code.
fn code_province(code: u32) -> Option<&'static str> {
    Province::by_code(&format!("{:02}", code / 10_000)).map(|p| p.code)
}

/// Reads a proposal's 区县代码 (white space around it allowed): a county's 6-digit GB/T 2260
/// code (not a prefecture's, which ends in `00`), its province and the code.
pub fn county_code(text: &str) -> Option<(&'static Province, u32)> {
    local_code(text.trim()).filter(|(_, code)| code % 100 != 0)
}

/// Reads a 6-digit GB/T 2260 code of a prefecture or county: its province and the code.
pub fn local_code(text: &str) -> Option<(&'static Province, u32)> {
    let digits = text.len() == 6 && text.bytes().all(|b| b.is_ascii_digit());
    let code: u32 = text.parse().ok().filter(|_| digits)?;
    let province = Province::by_code(text.get(..2)?)?;
    (code % 10_000 != 0).then_some((province, code))
}

impl Serialize for Jurisdiction {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Jurisdiction::National => s.serialize_str("national"),
            Jurisdiction::Province(p) => s.serialize_str(p.code),
            Jurisdiction::Local(_, code) => s.collect_str(&format_args!("{code:06}")),
        }
    }
}

/// A kind of project, e.g. `central_budget`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct ProjectKind {
    /// Stable id.
    pub id: String,
    /// Full Chinese name.
    pub name: String,
    /// Other names people write for it.
    pub aliases: Vec<String>,
}

/// A source of project funds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub enum Fund {
    /// 中央资金.
    Central,
    /// 省级资金.
    Provincial,
    /// 市级资金.
    Municipal,
    /// 县级资金.
    County,
    /// 其他资金 (self-raised and other non-fiscal money).
    Other,
}

impl Fund {
    /// Every fund, in form order.
    pub const ALL: [Fund; 5] = [
        Fund::Central,
        Fund::Provincial,
        Fund::Municipal,
        Fund::County,
        Fund::Other,
    ];

    /// Where the fund is in [`Fund::ALL`].
    pub fn index(self) -> usize {
        match self {
            Fund::Central => 0,
            Fund::Provincial => 1,
            Fund::Municipal => 2,
            Fund::County => 3,
            Fund::Other => 4,
        }
    }

    /// The key used in JSON: `central`, `provincial`, ...
    pub fn key(self) -> &'static str {
        match self {
            Fund::Central => "central",
            Fund::Provincial => "provincial",
            Fund::Municipal => "municipal",
            Fund::County => "county",
            Fund::Other => "other",
        }
    }

    /// The Chinese name: `中央资金`, ...
    pub const fn name(self) -> &'static str {
        match self {
            Fund::Central => "中央资金",
            Fund::Provincial => "省级资金",
            Fund::Municipal => "市级资金",
            Fund::County => "县级资金",
            Fund::Other => "其他资金",
        }
    }

    fn from_key(key: &str) -> Option<Fund> {
        Fund::ALL.into_iter().find(|f| f.key() == key)
    }
}

/// What a rule asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum RuleKind {
    /// Labour remuneration must be at least `params.floor` of the sum of the `params.base` funds.
    LabourShareFloor,
    /// Advice to the project owner; never fails a proposal.
    Advice,
    /// A duty the owner or contractor must carry out, shown as a checklist item.
    Duty,
}

impl RuleKind {
    /// The name used in JSON.
    pub fn key(self) -> &'static str {
        match self {
            RuleKind::LabourShareFloor => "labour_share_floor",
            RuleKind::Advice => "advice",
            RuleKind::Duty => "duty",
        }
    }
}

/// The parameters of a labour-share floor.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct FloorParams {
    /// The least share, a decimal in (0, 1] with at most 4 decimals.
    #[serde(serialize_with = "ser_decimal")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string"))]
    pub floor: Decimal,
    /// The funds whose sum is the base.
    pub base: Vec<Fund>,
}

fn ser_decimal<S: serde::Serializer>(d: &Decimal, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(d)
}

/// A rule.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Rule {
    /// Stable id, e.g. `work_relief.central_budget`.
    pub id: String,
    /// Short Chinese title.
    pub title: String,
    /// Where it applies.
    pub jurisdiction: Jurisdiction,
    /// What it asks.
    pub kind: RuleKind,
    /// The floor and its base (labour-share floors only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub params: Option<FloorParams>,
    /// The advice or duty, in Chinese (advice and duties only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub advice: Option<String>,
    /// The project kinds it applies to.
    pub applies_to: Vec<String>,
    /// Whether failing it fails the proposal (advice otherwise).
    pub mandatory: bool,
    /// The period in force.
    pub validity: Validity,
    /// The policy sentence it rests on.
    pub citation: Citation,
    /// A remark for reviewers on how the rule was read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The name of its prefecture or county (`示例县`), for a local rule.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region_name: Option<String>,
    /// Which of the rule's dated versions this is, when the rule has several: each version is
    /// an entry of [`RuleBook::rules`] with the rule's id, and its `validity` ends the day
    /// before the next version starts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<RuleVersion>,
}

/// The keys of a rule book's top object (an overlay may also have `extends`).
const BOOK_KEYS: [&str; 8] = [
    "$schema",
    "version",
    "title",
    "published",
    "documents",
    "projectKinds",
    "rules",
    "benefits",
];

/// The JSON of a rule book or overlay.
fn parse(json: &str) -> Result<Raw, Vec<RuleBookError>> {
    Raw::from_json(json).map_err(|e| {
        vec![RuleBookError {
            path: String::new(),
            kind: RuleBookErrorKind::Syntax {
                line: e.line,
                column: e.column,
                message: e.reason.to_owned(),
            },
        }]
    })
}

/// Whether `quote` occurs in `text`, white space ignored on both sides (a quote copied from a
/// text laid out on a page may break lines where the text does not). The one test of an
/// overlay's quotes: the loader's against a document's `text`, `workrelief rules check
/// --texts` against its source file.
pub fn quoted_in(text: &str, quote: &str) -> bool {
    let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    squeeze(text).contains(&squeeze(quote))
}

/// One version as read, before it becomes a [`Rule`] entry.
struct VersionRead {
    kind: RuleKind,
    params: Option<FloorParams>,
    advice: Option<String>,
    validity: Validity,
    citation: Citation,
    title: Option<String>,
    note: Option<String>,
}

/// One of a rule's dated versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct RuleVersion {
    /// 1-based, in the order of their dates.
    pub index: u16,
    /// How many versions the rule has.
    pub count: u16,
}

/// Where a rule comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Citation {
    /// The id of the document.
    pub document: String,
    /// The clause, as the document numbers it.
    pub clause: String,
    /// The sentence, quoted verbatim.
    pub quote: String,
}

/// The policy sentence a finding rests on, with its source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct CitationRef {
    /// Document id.
    pub document: String,
    /// Document title.
    pub title: String,
    /// Who issued it.
    pub issuer: String,
    /// 文号, where it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub doc_number: Option<String>,
    /// Date issued, where known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
    /// The policy file name.
    pub file: String,
    /// Clause.
    pub clause: String,
    /// The sentence, verbatim.
    pub quote: String,
}

/// The full reference of a citation, with its document's title, issuer and date.
pub(crate) fn cite(citation: &Citation, doc: Option<&Document>) -> CitationRef {
    CitationRef {
        document: citation.document.clone(),
        title: doc.map(|d| d.title.clone()).unwrap_or_default(),
        issuer: doc.map(|d| d.issuer.clone()).unwrap_or_default(),
        doc_number: doc.and_then(|d| d.doc_number.clone()),
        date: doc.and_then(|d| d.date),
        file: doc.map(|d| d.file.clone()).unwrap_or_default(),
        clause: citation.clause.clone(),
        quote: citation.quote.clone(),
    }
}

/// One problem in a rule book, at its JSON path.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}: {kind}")]
pub struct RuleBookError {
    /// JSON path, e.g. `rules[2].params.floor` (empty for the whole file).
    pub path: String,
    /// What is wrong.
    pub kind: RuleBookErrorKind,
}

/// What is wrong in a rule book.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RuleBookErrorKind {
    /// The text is not JSON.
    #[error("不是有效的 JSON（第 {line} 行第 {column} 列）：{message}")]
    Syntax {
        /// Line, from 1.
        line: usize,
        /// Column, from 1, in characters.
        column: usize,
        /// What is wrong there, in Chinese ([`crate::raw::JsonError`]).
        message: String,
    },
    /// A value has the wrong type.
    #[error("应为{expected}，实际为{found}")]
    WrongType {
        /// What was expected, in Chinese.
        expected: &'static str,
        /// What was found, in Chinese.
        found: &'static str,
    },
    /// A required field is missing.
    #[error("缺少必填字段")]
    Missing,
    /// A field that the format does not have (a typo, most often).
    #[error("未知字段")]
    UnknownKey,
    /// A key appears twice in one object.
    #[error("字段重复")]
    DuplicateKey,
    /// An id is used twice.
    #[error("编号{}重复", text::quote(.0))]
    DuplicateId(String),
    /// An id has characters other than lower-case letters, digits, `_`, `-` and `.`.
    #[error("编号{}只能包含小写字母、数字、下划线、连字符和点", text::quote(.0))]
    BadId(String),
    /// A text is empty.
    #[error("不能为空")]
    Empty,
    /// A decimal string is not a number.
    #[error("{}不是有效的小数", text::quote(.0))]
    BadDecimal(String),
    /// A floor is not in (0, 1].
    #[error("比例{}应大于 0 且不超过 1", text::quote(.0))]
    FloorOutOfRange(String),
    /// A floor has more than 4 decimals (ratios are shown with 4).
    #[error("比例{}最多四位小数", text::quote(.0))]
    TooManyDecimals(String),
    /// A date is not valid.
    #[error("{0}")]
    BadDate(DateError),
    /// A period ends before it starts.
    #[error("有效期的结束日期早于开始日期")]
    DateOrder,
    /// A citation names a document that is not in the book.
    #[error("引用的文件{}不在 documents 中", text::quote(.0))]
    UnknownDocument(String),
    /// A rule names a project kind that is not in the book.
    #[error("项目类型{}不在 projectKinds 中", text::quote(.0))]
    UnknownProjectKind(String),
    /// A jurisdiction is neither `national` nor a province code.
    #[error("{}不是有效的适用范围，应为 national 或两位省级行政区划代码", text::quote(.0))]
    UnknownJurisdiction(String),
    /// An unknown rule kind.
    #[error("未知的规则种类{}", text::quote(.0))]
    UnknownRuleKind(String),
    /// An unknown fund name.
    #[error("未知的资金来源{}，应为 central、provincial、municipal、county 或 other", text::quote(.0))]
    UnknownFund(String),
    /// Two project kinds share a name or alias.
    #[error("项目类型名称{}被多个类型使用", text::quote(.0))]
    DuplicateAlias(String),
    /// A floor rule that is not mandatory, or advice that is.
    #[error("{0}")]
    Inconsistent(&'static str),
    /// A value outside its closed set.
    #[error("无法识别的取值，应为{0}")]
    UnknownValue(&'static str),
    /// A quote that its document's own text (given with the document) does not contain.
    #[error("引文未在文件{}所附的原文中找到（按原文逐字核对，忽略空白）", text::quote(.0))]
    QuoteNotInText(String),
    /// A floor whose percentage its citation's quote does not state (`0.20` under a quote
    /// that says `达30%以上`).
    #[error("{}", not_in_quote("比例下限", floor, quoted))]
    FloorNotInQuote {
        /// The floor as a percentage, e.g. `20%`.
        floor: String,
        /// The percentages the quote states, as it writes them (`30%`), joined with `、`;
        /// empty when it states none.
        quoted: String,
    },
    /// A benefit's amount, count or period that its citation's quote does not state.
    #[error("{}", not_in_quote(what, value, quoted))]
    FigureNotInQuote {
        /// What the figure is, in Chinese (`金额`, `人数`, ...).
        what: &'static str,
        /// The figure with its unit, e.g. `1000元`.
        value: String,
        /// The figures of the same kind the quote states, joined with `、`; empty when none.
        quoted: String,
    },
}

/// The message of a figure missing from its quote, naming both numbers.
fn not_in_quote(what: &str, value: &str, quoted: &str) -> String {
    if quoted.is_empty() {
        format!("{what} {value} 与引文不符：引文中没有写出这一数字")
    } else {
        format!("{what} {value} 与引文不符：引文写的是 {quoted}")
    }
}

impl RuleBookErrorKind {
    /// The stable machine code of this error.
    pub fn code(&self) -> &'static str {
        use RuleBookErrorKind as K;
        match self {
            K::Syntax { .. } => "rules.syntax",
            K::WrongType { .. } => "rules.wrong_type",
            K::Missing => "rules.missing",
            K::UnknownKey => "rules.unknown_key",
            K::DuplicateKey => "rules.duplicate_key",
            K::DuplicateId(_) => "rules.duplicate_id",
            K::BadId(_) => "rules.bad_id",
            K::Empty => "rules.empty",
            K::BadDecimal(_) => "rules.bad_decimal",
            K::FloorOutOfRange(_) => "rules.floor_out_of_range",
            K::TooManyDecimals(_) => "rules.too_many_decimals",
            K::BadDate(_) => "rules.bad_date",
            K::DateOrder => "rules.date_order",
            K::UnknownDocument(_) => "rules.unknown_document",
            K::UnknownProjectKind(_) => "rules.unknown_project_kind",
            K::UnknownJurisdiction(_) => "rules.unknown_jurisdiction",
            K::UnknownRuleKind(_) => "rules.unknown_rule_kind",
            K::UnknownFund(_) => "rules.unknown_fund",
            K::DuplicateAlias(_) => "rules.duplicate_alias",
            K::Inconsistent(_) => "rules.inconsistent",
            K::UnknownValue(_) => "rules.unknown_value",
            K::QuoteNotInText(_) => "rules.quote_not_in_text",
            K::FloorNotInQuote { .. } => "rules.floor_not_in_quote",
            K::FigureNotInQuote { .. } => "rules.figure_not_in_quote",
        }
    }
}

impl RuleBookError {
    /// The stable machine code of this error.
    pub fn code(&self) -> &'static str {
        self.kind.code()
    }
}

impl RuleBook {
    /// Parses and validates a rule book.
    ///
    /// ```
    /// let book = workrelief::RuleBook::from_json(workrelief::rules::DEFAULT_RULES_JSON).unwrap();
    /// assert!(book.rule("work_relief.central_budget").is_some());
    /// ```
    ///
    /// # Errors
    /// Every problem found, each with its JSON path; the book is used only when there are none.
    pub fn from_json(json: &str) -> Result<RuleBook, Vec<RuleBookError>> {
        let raw = parse(json)?;
        // A book that extends the compiled-in one is an overlay on it.
        if let Raw::Map(top) = &raw {
            if loose::get(top, "extends").is_some() {
                overlay::check_extends(top)?;
                return RuleBook::builtin()?.overlay_raw(&raw);
            }
        }
        RuleBook::from_raw(raw)
    }

    fn from_raw(raw: Raw) -> Result<RuleBook, Vec<RuleBookError>> {
        let mut r = Reader::default();
        let book = r.book(&raw);
        match book {
            Some(mut book) if r.errors.is_empty() => {
                book.source = SourceJson(raw);
                Ok(book)
            }
            _ => Err(r.errors),
        }
    }

    /// The rule book compiled into the module.
    ///
    /// # Errors
    /// Only if the compiled-in `rules.json` is invalid, which a test rules out.
    pub fn builtin() -> Result<RuleBook, Vec<RuleBookError>> {
        RuleBook::from_json(DEFAULT_RULES_JSON)
    }

    /// Finds a rule by id.
    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }

    /// Finds a document by id.
    pub fn document(&self, id: &str) -> Option<&Document> {
        self.documents.iter().find(|d| d.id == id)
    }

    /// Finds a project kind by id, Chinese name or alias (full-width and spaces tolerated).
    pub fn project_kind(&self, input: &str) -> Option<&ProjectKind> {
        // Ids and Chinese names are already folded: no case, no white space, no full width.
        let folded = input.chars().all(|c| {
            (c.is_ascii() && !c.is_ascii_uppercase() && !c.is_whitespace())
                || ('\u{4E00}'..='\u{9FFF}').contains(&c)
        });
        let owned;
        let wanted = if folded {
            input
        } else {
            owned = text::fold_compact(input).to_ascii_lowercase();
            owned.as_str()
        };
        self.kind_names
            .iter()
            .find(|(name, _)| name == wanted)
            .and_then(|(_, i)| self.project_kinds.get(*i))
    }

    /// The horizon of the document the rule at `index` cites, if it has one.
    pub fn rule_horizon(&self, index: usize) -> Option<Date> {
        self.rule_horizons.get(index).copied().flatten()
    }

    /// The full citation of the rule at `index` in [`RuleBook::rules`].
    pub fn rule_citation(&self, index: usize) -> Option<Arc<CitationRef>> {
        self.rule_citations.get(index).cloned()
    }

    /// Where in [`RuleBook::rules`] the rules that name the project kind `kind` are, in the
    /// book's order: looked up when the book was loaded. A kind of this book is found by its
    /// place (a plan judges every row, and its kinds come from this book); another book's kind
    /// by its id. Every rule names known kinds (the loader checks), so a kind this book does
    /// not have has none.
    pub fn rules_for(&self, kind: &ProjectKind) -> &[usize] {
        self.kind_at(kind)
            .and_then(|i| self.kind_rules.get(i))
            .map_or(&[], Vec::as_slice)
    }

    /// Of [`RuleBook::rules_for`], the mandatory floors (the rules with figures a proposal
    /// must meet): what a plan row's status and floor are made of.
    pub fn floors_for(&self, kind: &ProjectKind) -> &[usize] {
        self.kind_at(kind)
            .and_then(|i| self.kind_floors.get(i))
            .map_or(&[], Vec::as_slice)
    }

    /// Where `kind` is among [`RuleBook::project_kinds`]: by its place when it is this book's,
    /// else by its id.
    fn kind_at(&self, kind: &ProjectKind) -> Option<usize> {
        self.project_kinds
            .iter()
            .position(|k| std::ptr::eq(k, kind))
            .or_else(|| self.project_kinds.iter().position(|k| k.id == kind.id))
    }

    /// Whether the rule entry at `index` is a version of a rule that another of its versions
    /// speaks for on `as_of`: the one in force then; else, before the first version, the first;
    /// else the last that had started (the one that ended). A judge looks at one version of a
    /// rule on a date.
    pub fn set_aside(&self, index: usize, as_of: Date) -> bool {
        let Some(v) = self.rules.get(index).and_then(|r| r.version) else {
            return false;
        };
        let first = (index + 1).saturating_sub(usize::from(v.index));
        let Some(versions) = self.rules.get(first..first + usize::from(v.count)) else {
            return false;
        };
        let chosen = versions
            .iter()
            .position(|r| r.validity.contains(as_of))
            .or_else(|| {
                versions
                    .iter()
                    .rposition(|r| r.validity.from.is_none_or(|f| f <= as_of))
            })
            .unwrap_or(0);
        chosen + 1 != usize::from(v.index)
    }

    /// Builds what lookups use: folded kind names, full citations, each kind's rules.
    fn index(&mut self) {
        self.kind_rules = self
            .project_kinds
            .iter()
            .map(|k| {
                let names = |r: &Rule| r.applies_to.contains(&k.id);
                (0..self.rules.len())
                    .filter(|&i| self.rules.get(i).is_some_and(names))
                    .collect()
            })
            .collect();
        self.kind_floors = self
            .kind_rules
            .iter()
            .map(|positions| {
                let floor = |r: &Rule| r.mandatory && r.params.is_some();
                positions
                    .iter()
                    .copied()
                    .filter(|&i| self.rules.get(i).is_some_and(floor))
                    .collect()
            })
            .collect();
        self.rule_citations = self
            .rules
            .iter()
            .map(|r| Arc::new(cite(&r.citation, self.document(&r.citation.document))))
            .collect();
        self.rule_horizons = self
            .rules
            .iter()
            .map(|r| self.document(&r.citation.document)?.horizon_date())
            .collect();
        self.index_kind_names();
    }

    fn index_kind_names(&mut self) {
        self.kind_names = self
            .project_kinds
            .iter()
            .enumerate()
            .flat_map(|(i, k)| {
                std::iter::once(&k.id)
                    .chain(std::iter::once(&k.name))
                    .chain(k.aliases.iter())
                    .map(move |n| (text::fold_compact(n).to_ascii_lowercase(), i))
            })
            .collect();
    }
}

impl fmt::Display for RuleBook {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "规则库 {}（{} 条规则）", self.version, self.rules.len())
    }
}

/// Walks a raw rule book, collecting every problem.
#[derive(Default)]
struct Reader {
    errors: Vec<RuleBookError>,
}

/// A rule book's words: `rules.*` codes at JSON paths; a key given twice is an error.
impl Report for Reader {
    const DUPLICATE_KEYS: bool = true;

    fn wrong_type(
        &mut self,
        field: &str,
        _label: &'static str,
        expected: &'static str,
        found: &Raw,
    ) {
        Reader::wrong_type(self, field, expected, found);
    }

    fn unknown_key(&mut self, field: &str, _key: &str) {
        self.err(field, RuleBookErrorKind::UnknownKey);
    }

    fn duplicate_key(&mut self, field: &str) {
        self.err(field, RuleBookErrorKind::DuplicateKey);
    }
}

impl Reader {
    fn err(&mut self, path: impl Into<String>, kind: RuleBookErrorKind) {
        self.errors.push(RuleBookError {
            path: path.into(),
            kind,
        });
    }

    fn wrong_type(&mut self, path: &str, expected: &'static str, found: &Raw) {
        self.err(
            path,
            RuleBookErrorKind::WrongType {
                expected,
                found: found.type_name_zh(),
            },
        );
    }

    /// An object whose keys are all in `allowed`; duplicates and unknown keys are reported.
    fn object<'a>(&mut self, raw: &'a Raw, path: &str, allowed: &[&str]) -> Option<&'a Entries> {
        loose::object(self, raw, path, "", allowed)
    }

    fn opt_str(&mut self, entries: &Entries, path: &str, key: &str) -> Option<String> {
        match loose::get(entries, key)? {
            Raw::Str(s) if s.trim().is_empty() => {
                self.err(join(path, key), RuleBookErrorKind::Empty);
                None
            }
            Raw::Str(s) => Some(s.clone()),
            other => {
                self.wrong_type(&join(path, key), "文本", other);
                None
            }
        }
    }

    fn req_str(&mut self, entries: &Entries, path: &str, key: &str) -> Option<String> {
        if loose::get(entries, key).is_none() {
            self.err(join(path, key), RuleBookErrorKind::Missing);
            return None;
        }
        self.opt_str(entries, path, key)
    }

    fn req_id(&mut self, entries: &Entries, path: &str) -> Option<String> {
        let id = self.req_str(entries, path, "id")?;
        let ok = id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"_-.".contains(&b));
        if !ok {
            self.err(join(path, "id"), RuleBookErrorKind::BadId(id.clone()));
        }
        Some(id)
    }

    fn opt_date(&mut self, entries: &Entries, path: &str, key: &str) -> Option<Date> {
        let s = self.opt_str(entries, path, key)?;
        Date::parse(&s)
            .map_err(|e| self.err(join(path, key), RuleBookErrorKind::BadDate(e)))
            .ok()
    }

    fn req_list<'a>(&mut self, entries: &'a Entries, path: &str, key: &str) -> Option<&'a [Raw]> {
        match loose::get(entries, key) {
            None => {
                self.err(join(path, key), RuleBookErrorKind::Missing);
                None
            }
            Some(Raw::List(items)) => Some(items),
            Some(other) => {
                self.wrong_type(&join(path, key), "数组", other);
                None
            }
        }
    }

    fn str_list(&mut self, entries: &Entries, path: &str, key: &str) -> Option<Vec<String>> {
        let items = self.req_list(entries, path, key)?;
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            match item {
                Raw::Str(s) if !s.trim().is_empty() => out.push(s.clone()),
                Raw::Str(_) => self.err(index(&join(path, key), i), RuleBookErrorKind::Empty),
                other => self.wrong_type(&index(&join(path, key), i), "文本", other),
            }
        }
        Some(out)
    }

    fn jurisdiction(&mut self, entries: &Entries, path: &str) -> Option<Jurisdiction> {
        let s = self.req_str(entries, path, "jurisdiction")?;
        if s == "national" {
            return Some(Jurisdiction::National);
        }
        let province_code = s.strip_suffix("0000").filter(|p| p.len() == 2);
        match Province::by_code(province_code.unwrap_or(&s)) {
            Some(p) => Some(Jurisdiction::Province(p)),
            None => {
                if let Some((p, code)) = local_code(&s) {
                    return Some(Jurisdiction::Local(p, code));
                }
                self.err(
                    join(path, "jurisdiction"),
                    RuleBookErrorKind::UnknownJurisdiction(s),
                );
                None
            }
        }
    }

    fn validity(&mut self, entries: &Entries, path: &str) -> Validity {
        let path = join(path, "validity");
        let Some(raw) = loose::get(entries, "validity") else {
            return Validity::default();
        };
        let Some(v) = self.object(raw, &path, &["from", "to", "note"]) else {
            return Validity::default();
        };
        let validity = Validity {
            from: self.opt_date(v, &path, "from"),
            to: self.opt_date(v, &path, "to"),
            note: self.opt_str(v, &path, "note"),
        };
        if let (Some(f), Some(t)) = (validity.from, validity.to) {
            if t < f {
                self.err(join(&path, "to"), RuleBookErrorKind::DateOrder);
            }
        }
        validity
    }

    fn book(&mut self, raw: &Raw) -> Option<RuleBook> {
        let top = self.object(raw, "", &BOOK_KEYS)?;
        let version = self.req_str(top, "", "version");
        let title = self.opt_str(top, "", "title");
        let published = self.opt_date(top, "", "published");

        let documents: Vec<Document> = self
            .req_list(top, "", "documents")
            .unwrap_or_default()
            .iter()
            .enumerate()
            .filter_map(|(i, d)| self.document(d, &index("documents", i)))
            .collect();
        self.unique_ids(documents.iter().map(|d| d.id.as_str()), "documents");

        let kinds: Vec<ProjectKind> = self
            .req_list(top, "", "projectKinds")
            .unwrap_or_default()
            .iter()
            .enumerate()
            .filter_map(|(i, k)| self.project_kind(k, &index("projectKinds", i)))
            .collect();
        self.unique_ids(kinds.iter().map(|k| k.id.as_str()), "projectKinds");
        self.unique_aliases(&kinds);

        let mut rules: Vec<Rule> = Vec::new();
        let list = self.req_list(top, "", "rules").unwrap_or_default();
        let mut seen = HashSet::new();
        for (i, r) in list.iter().enumerate() {
            rules.append(&mut self.rule(r, &index("rules", i), &documents, &kinds));
            // Each entry's id once (a rule's versions, read from one entry, share it), at its
            // own place in the file.
            if let Raw::Map(entries) = r {
                if let Some(Raw::Str(id)) = loose::get(entries, "id") {
                    if !seen.insert(id.as_str()) {
                        self.err(
                            join(&index("rules", i), "id"),
                            RuleBookErrorKind::DuplicateId(id.clone()),
                        );
                    }
                }
            }
        }

        let benefits: Vec<Benefit> = match loose::get(top, "benefits") {
            None => Vec::new(),
            Some(_) => self
                .req_list(top, "", "benefits")
                .unwrap_or_default()
                .iter()
                .enumerate()
                .filter_map(|(i, b)| self.benefit(b, &index("benefits", i), &documents))
                .collect(),
        };
        self.unique_ids(benefits.iter().map(|b| b.id.as_str()), "benefits");
        for (i, b) in benefits.iter().enumerate() {
            if rules.iter().any(|r| r.id == b.id) {
                self.err(
                    join(&index("benefits", i), "id"),
                    RuleBookErrorKind::DuplicateId(b.id.clone()),
                );
            }
        }

        let mut book = RuleBook {
            version: version?,
            title,
            published,
            documents,
            project_kinds: kinds,
            rules,
            benefits,
            kind_names: Vec::new(),
            rule_citations: Vec::new(),
            rule_horizons: Vec::new(),
            kind_rules: Vec::new(),
            kind_floors: Vec::new(),
            source: SourceJson(Raw::Null),
        };
        book.index();
        Some(book)
    }

    fn unique_ids<'a>(&mut self, ids: impl Iterator<Item = &'a str>, list: &str) {
        let mut seen = HashSet::new();
        for (i, id) in ids.enumerate() {
            if !seen.insert(id) {
                self.err(
                    join(&index(list, i), "id"),
                    RuleBookErrorKind::DuplicateId(id.to_owned()),
                );
            }
        }
    }

    fn unique_aliases(&mut self, kinds: &[ProjectKind]) {
        let mut seen = HashSet::new();
        for (i, k) in kinds.iter().enumerate() {
            let mut own = HashSet::new();
            for name in std::iter::once(&k.id)
                .chain(std::iter::once(&k.name))
                .chain(k.aliases.iter())
            {
                let folded = text::fold_compact(name).to_ascii_lowercase();
                if own.insert(folded.clone()) && !seen.insert(folded) {
                    self.err(
                        index("projectKinds", i),
                        RuleBookErrorKind::DuplicateAlias(name.clone()),
                    );
                }
            }
        }
    }

    fn document(&mut self, raw: &Raw, path: &str) -> Option<Document> {
        let d = self.object(
            raw,
            path,
            &[
                "id",
                "file",
                "title",
                "issuer",
                "docNumber",
                "date",
                "validity",
                "jurisdiction",
                "horizon",
                "text",
                "source",
                "regionName",
            ],
        )?;
        let region_name = self.opt_str(d, path, "regionName");
        let id = self.req_id(d, path);
        let text = self.opt_str(d, path, "text");
        let source = self.source(d, path);
        // A compiled-in text is a file of the policy folder; an overlay's brings its text or
        // names its source file.
        let file = match (loose::get(d, "file"), &source) {
            (None, Some(src)) => Some(src.file.clone()),
            (None, None) if text.is_some() => Some(String::new()),
            _ => self.req_str(d, path, "file"),
        };
        let title = self.req_str(d, path, "title");
        let issuer = self.req_str(d, path, "issuer");
        let doc_number = self.opt_str(d, path, "docNumber");
        let date = self.opt_date(d, path, "date");
        let validity = self.validity(d, path);
        let jurisdiction = self.jurisdiction(d, path);
        let horizon = self.horizon(d, path, &validity);
        if let (Some(text), Some(h)) = (&text, &horizon) {
            if !quoted_in(text, &h.quote) {
                let id = id.clone().unwrap_or_default();
                self.err(
                    join(&join(path, "horizon"), "quote"),
                    RuleBookErrorKind::QuoteNotInText(id),
                );
            }
        }
        Some(Document {
            id: id?,
            file: file?,
            title: title?,
            issuer: issuer?,
            doc_number,
            date,
            validity,
            jurisdiction: jurisdiction?,
            horizon,
            text,
            source,
            region_name,
        })
    }

    /// A document's `source { file, sha256 }`.
    fn source(&mut self, d: &Entries, path: &str) -> Option<SourceFile> {
        let raw = loose::get(d, "source")?;
        let path = join(path, "source");
        let s = self.object(raw, &path, &["file", "sha256"])?;
        let file = self.req_str(s, &path, "file");
        let sha256 = self.req_str(s, &path, "sha256");
        if let Some(h) = &sha256 {
            let hex = h.len() == 64 && h.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
            if !hex {
                self.err(
                    join(&path, "sha256"),
                    RuleBookErrorKind::UnknownValue(" 64 位小写十六进制数字（源文件的校验值）"),
                );
            }
        }
        Some(SourceFile {
            file: file?,
            sha256: sha256?,
        })
    }

    /// A document's `horizon { to, quote, note? }`, not before its period starts (a stated end,
    /// `validity.to`, is the horizon where both are given: [`Document::horizon_date`]).
    fn horizon(&mut self, d: &Entries, path: &str, validity: &Validity) -> Option<Horizon> {
        let raw = loose::get(d, "horizon")?;
        let path = join(path, "horizon");
        let h = self.object(raw, &path, &["to", "quote", "note"])?;
        if loose::get(h, "to").is_none() {
            self.err(join(&path, "to"), RuleBookErrorKind::Missing);
        }
        let to = self.opt_date(h, &path, "to");
        let quote = self.req_str(h, &path, "quote");
        let note = self.opt_str(h, &path, "note");
        if let (Some(from), Some(to)) = (validity.from, to) {
            if to < from {
                self.err(join(&path, "to"), RuleBookErrorKind::DateOrder);
            }
        }
        Some(Horizon {
            to: to?,
            quote: quote?,
            note,
        })
    }

    fn project_kind(&mut self, raw: &Raw, path: &str) -> Option<ProjectKind> {
        let k = self.object(raw, path, &["id", "name", "aliases"])?;
        let id = self.req_id(k, path);
        let name = self.req_str(k, path, "name");
        let aliases = if loose::get(k, "aliases").is_some() {
            self.str_list(k, path, "aliases").unwrap_or_default()
        } else {
            Vec::new()
        };
        Some(ProjectKind {
            id: id?,
            name: name?,
            aliases,
        })
    }

    /// A rule: one entry per dated version (one for a rule written without `versions`).
    fn rule(
        &mut self,
        raw: &Raw,
        path: &str,
        documents: &[Document],
        kinds: &[ProjectKind],
    ) -> Vec<Rule> {
        let Some(r) = self.object(
            raw,
            path,
            &[
                "id",
                "title",
                "jurisdiction",
                "kind",
                "appliesTo",
                "mandatory",
                "params",
                "advice",
                "validity",
                "citation",
                "note",
                "versions",
                "regionName",
            ],
        ) else {
            return Vec::new();
        };
        let region_name = self.opt_str(r, path, "regionName");
        let id = self.req_id(r, path);
        let title = self.req_str(r, path, "title");
        let jurisdiction = self.jurisdiction(r, path);
        let applies_to = self.str_list(r, path, "appliesTo");
        if let Some(list) = &applies_to {
            if list.is_empty() {
                self.err(join(path, "appliesTo"), RuleBookErrorKind::Empty);
            }
            for (i, k) in list.iter().enumerate() {
                if !kinds.iter().any(|pk| &pk.id == k) {
                    self.err(
                        index(&join(path, "appliesTo"), i),
                        RuleBookErrorKind::UnknownProjectKind(k.clone()),
                    );
                }
            }
        }
        let mandatory = match loose::get(r, "mandatory") {
            Some(Raw::Bool(b)) => Some(*b),
            Some(other) => {
                self.wrong_type(&join(path, "mandatory"), "布尔值", other);
                None
            }
            None => {
                self.err(join(path, "mandatory"), RuleBookErrorKind::Missing);
                None
            }
        };
        let kind = self.rule_kind(r, path, mandatory);
        let note = self.opt_str(r, path, "note");
        let versions = match loose::get(r, "versions") {
            None => vec![self.version(kind, r, path, documents)],
            Some(_) => {
                for key in ["params", "advice", "validity", "citation"] {
                    if loose::get(r, key).is_some() {
                        self.err(join(path, key), RuleBookErrorKind::UnknownKey);
                    }
                }
                let list = self.req_list(r, path, "versions").unwrap_or_default();
                if list.is_empty() {
                    self.err(join(path, "versions"), RuleBookErrorKind::Empty);
                }
                let mut versions = Vec::with_capacity(list.len());
                for (j, v) in list.iter().enumerate() {
                    let vpath = index(&join(path, "versions"), j);
                    let Some(ve) = self.object(
                        v,
                        &vpath,
                        &["validity", "params", "advice", "citation", "title", "note"],
                    ) else {
                        versions.push(None);
                        continue;
                    };
                    let mut version = self.version(kind, ve, &vpath, documents);
                    if let Some(v) = &mut version {
                        v.title = self.opt_str(ve, &vpath, "title");
                        v.note = self.opt_str(ve, &vpath, "note");
                    }
                    versions.push(version);
                }
                self.version_order(&versions, path);
                versions
            }
        };
        let (Some(id), Some(title), Some(jurisdiction), Some(applies_to), Some(mandatory)) =
            (id, title, jurisdiction, applies_to, mandatory)
        else {
            return Vec::new();
        };
        if versions.iter().any(Option::is_none) {
            return Vec::new();
        }
        let count = u16::try_from(versions.len()).unwrap_or(u16::MAX);
        let froms: Vec<Option<Date>> = versions.iter().flatten().map(|v| v.validity.from).collect();
        versions
            .into_iter()
            .flatten()
            .enumerate()
            .map(|(j, v)| {
                let mut validity = v.validity;
                // A later version supersedes this one from its own first day.
                if let Some(next) = froms
                    .get(j + 1)
                    .copied()
                    .flatten()
                    .and_then(Date::day_before)
                {
                    validity.to = Some(validity.to.map_or(next, |to| to.min(next)));
                }
                Rule {
                    id: id.clone(),
                    title: v.title.unwrap_or_else(|| title.clone()),
                    jurisdiction,
                    kind: v.kind,
                    params: v.params,
                    advice: v.advice,
                    applies_to: applies_to.clone(),
                    mandatory,
                    validity,
                    citation: v.citation,
                    note: v.note.or_else(|| note.clone()),
                    region_name: region_name.clone(),
                    version: (count > 1).then(|| RuleVersion {
                        index: u16::try_from(j + 1).unwrap_or(u16::MAX),
                        count,
                    }),
                }
            })
            .collect()
    }

    /// Versions follow each other by date: each after the first starts on a later day than the
    /// one before (the first may be open at its start).
    fn version_order(&mut self, versions: &[Option<VersionRead>], path: &str) {
        let mut last: Option<Date> = None;
        for (j, v) in versions.iter().enumerate() {
            let Some(v) = v else { continue };
            let from_path = join(
                &join(&index(&join(path, "versions"), j), "validity"),
                "from",
            );
            match v.validity.from {
                None if j > 0 => self.err(from_path, RuleBookErrorKind::Missing),
                Some(from) if last.is_some_and(|l| from <= l) => {
                    self.err(from_path, RuleBookErrorKind::DateOrder);
                }
                _ => {}
            }
            last = v.validity.from.or(last);
        }
    }

    /// What one version says: its values for the rule's kind, its period and its citation.
    fn version(
        &mut self,
        kind: Option<RuleKind>,
        r: &Entries,
        path: &str,
        documents: &[Document],
    ) -> Option<VersionRead> {
        // Every part is read (and its problems reported) even when another is wrong.
        let (values, params, advice) = match kind {
            Some(RuleKind::LabourShareFloor) => {
                self.forbid(r, path, &["advice"]);
                let p = join(path, "params");
                let params = match loose::get(r, "params") {
                    None => {
                        self.err(p, RuleBookErrorKind::Missing);
                        None
                    }
                    Some(raw) => self.object(raw, &p, &["floor", "base"]).and_then(|params| {
                        let floor = self.floor(params, &p);
                        let base = self.base(params, &p);
                        Some(FloorParams {
                            floor: floor?,
                            base: base?,
                        })
                    }),
                };
                (params.is_some(), params, None)
            }
            Some(RuleKind::Advice | RuleKind::Duty) => {
                self.forbid(r, path, &["params"]);
                let advice = self.req_str(r, path, "advice");
                (advice.is_some(), None, advice)
            }
            None => (false, None, None),
        };
        let validity = self.validity(r, path);
        let citation = self.citation(r, path, documents);
        if let (Some(params), Some(citation)) = (&params, &citation) {
            self.floor_in_quote(params.floor, &citation.quote, path);
        }
        if !values {
            return None;
        }
        Some(VersionRead {
            kind: kind?,
            params,
            advice,
            validity,
            citation: citation?,
            title: None,
            note: None,
        })
    }

    fn forbid(&mut self, r: &Entries, path: &str, keys: &[&str]) {
        for key in keys {
            if loose::get(r, key).is_some() {
                self.err(join(path, key), RuleBookErrorKind::UnknownKey);
            }
        }
    }

    /// The rule's kind, checked against its `mandatory`.
    fn rule_kind(&mut self, r: &Entries, path: &str, mandatory: Option<bool>) -> Option<RuleKind> {
        let kind = self.req_str(r, path, "kind")?;
        match kind.as_str() {
            "labour_share_floor" => Some(RuleKind::LabourShareFloor),
            "advice" | "duty" => {
                if mandatory == Some(true) {
                    self.err(
                        join(path, "mandatory"),
                        RuleBookErrorKind::Inconsistent(
                            "建议和义务类规则不能设为强制（mandatory 应为 false）",
                        ),
                    );
                }
                Some(if kind == "advice" {
                    RuleKind::Advice
                } else {
                    RuleKind::Duty
                })
            }
            _ => {
                self.err(join(path, "kind"), RuleBookErrorKind::UnknownRuleKind(kind));
                None
            }
        }
    }

    fn floor(&mut self, r: &Entries, path: &str) -> Option<Decimal> {
        let p = join(path, "floor");
        let s = match loose::get(r, "floor") {
            None => {
                self.err(p, RuleBookErrorKind::Missing);
                return None;
            }
            Some(Raw::Str(s)) => s.clone(),
            Some(other) => {
                // Decimal parameters are strings so that no binary float ever holds them.
                self.wrong_type(&p, "小数字符串（如 \"0.30\"）", other);
                return None;
            }
        };
        let Ok(d) = Decimal::from_str_exact(s.trim()) else {
            self.err(p, RuleBookErrorKind::BadDecimal(s));
            return None;
        };
        if d <= Decimal::ZERO || d > Decimal::ONE {
            self.err(p, RuleBookErrorKind::FloorOutOfRange(s));
            None
        } else if d.normalize().scale() > 4 {
            self.err(p, RuleBookErrorKind::TooManyDecimals(s));
            None
        } else if d.scale() > 4 {
            // `0.300000000000` is 30%: kept as `0.3`, so that every floor has at most 4
            // decimals, as the whole-fen judgement and the quote check assume.
            Some(d.normalize())
        } else {
            Some(d)
        }
    }

    /// A floor must be a percentage its own quote states: a book whose floor says 20% under a
    /// sentence that says 30% would pass projects the policy fails.
    fn floor_in_quote(&mut self, floor: Decimal, quote: &str, path: &str) {
        // A floor is in (0, 1] with at most 4 decimals: its percentage always fits.
        let Some(percent) = u64::try_from(floor.mantissa())
            .ok()
            .and_then(|m| figures::Num::new(m, floor.scale()).shifted(2))
        else {
            return;
        };
        if let Err(quoted) = figures::stated(quote, figures::Measure::Percent, percent) {
            self.err(
                format!("{path}.params.floor"),
                RuleBookErrorKind::FloorNotInQuote {
                    floor: format!("{}%", percent.show()),
                    quoted,
                },
            );
        }
    }

    fn base(&mut self, r: &Entries, path: &str) -> Option<Vec<Fund>> {
        let names = self.str_list(r, path, "base")?;
        if names.is_empty() {
            self.err(join(path, "base"), RuleBookErrorKind::Empty);
            return None;
        }
        let mut funds = Vec::with_capacity(names.len());
        for (i, n) in names.iter().enumerate() {
            match Fund::from_key(n) {
                Some(f) if funds.contains(&f) => self.err(
                    index(&join(path, "base"), i),
                    RuleBookErrorKind::DuplicateId(n.clone()),
                ),
                Some(f) => funds.push(f),
                None => self.err(
                    index(&join(path, "base"), i),
                    RuleBookErrorKind::UnknownFund(n.clone()),
                ),
            }
        }
        (funds.len() == names.len()).then_some(funds)
    }

    fn citation(&mut self, r: &Entries, path: &str, documents: &[Document]) -> Option<Citation> {
        let p = join(path, "citation");
        let Some(raw) = loose::get(r, "citation") else {
            self.err(p, RuleBookErrorKind::Missing);
            return None;
        };
        let c = self.object(raw, &p, &["document", "clause", "quote"])?;
        let document = self.req_str(c, &p, "document");
        if let Some(doc) = &document {
            if !documents.iter().any(|d| &d.id == doc) {
                self.err(
                    join(&p, "document"),
                    RuleBookErrorKind::UnknownDocument(doc.clone()),
                );
            }
        }
        let clause = self.req_str(c, &p, "clause");
        let quote = self.req_str(c, &p, "quote");
        if let (Some(doc), Some(quote)) = (&document, &quote) {
            let text = documents
                .iter()
                .find(|d| &d.id == doc)
                .and_then(|d| d.text.as_deref());
            if text.is_some_and(|t| !quoted_in(t, quote)) {
                self.err(
                    join(&p, "quote"),
                    RuleBookErrorKind::QuoteNotInText(doc.clone()),
                );
            }
        }
        Some(Citation {
            document: document?,
            clause: clause?,
            quote: quote?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_book_loads() {
        let book = RuleBook::builtin();
        assert!(book.is_ok(), "{:?}", book.err());
    }

    #[test]
    fn syntax_errors_have_a_position() {
        let errs = RuleBook::from_json("{\n  \"version\": ,\n}")
            .err()
            .unwrap_or_default();
        assert_eq!(errs.len(), 1);
        assert_eq!(errs.first().map(|e| e.code()), Some("rules.syntax"));
        assert!(matches!(
            errs.first().map(|e| &e.kind),
            Some(RuleBookErrorKind::Syntax { line: 2, .. })
        ));
    }
}
