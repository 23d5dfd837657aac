//! A 以工代赈 proposal: read field by field from loose input, every problem kept with its
//! field path, so that one bad amount never hides another.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use crate::date::read_date;
use crate::date::{Date, DateError};
pub use crate::facts::Workers;
use crate::facts::{Facts, Field, FUNDS, WORKERS};
use crate::loose::{self, Report, ReportMoney};
use crate::money::{Money, MoneyError, Unit};
use crate::problem::Problem;
use crate::raw::{join, Raw};
use crate::region::Province;
use crate::rules::{Fund, RuleBook};
use crate::text;

/// The longest project name accepted, in characters.
pub const MAX_NAME_CHARS: usize = 200;

/// A proposal as a caller writes it (for the TypeScript declaration and documentation; the
/// checker reads input loosely, see [`read`]).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct ProposalInput {
    /// 项目名称.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub name: Option<String>,
    /// 所在省份: a name (`甘肃省`, `甘肃`) or a GB/T 2260 code (`62`, `620000`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional, type = "string | number"))]
    pub province: Option<String>,
    /// 区县代码: the county's 6-digit GB/T 2260 code (`620102`), for local rules.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional, type = "string | number"))]
    pub county: Option<String>,
    /// 项目类型: an id such as `central_budget`, or its Chinese name or a short form.
    pub kind: String,
    /// The unit of amounts given without one: `元` (default) or `万元`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub unit: Option<String>,
    /// Funds by source.
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub funds: FundsInput,
    /// 劳务报酬.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "number | string"))]
    pub labour_remuneration: String,
    /// Workers on the project.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub workers: Option<WorkersInput>,
    /// 核算日期, `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub date: Option<String>,
}

/// Funds by source, each a JSON number (yuan, or the proposal's unit) or a string such as
/// `1,600,000.00`, `160万元`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct FundsInput {
    /// 中央资金.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional, type = "number | string"))]
    pub central: Option<String>,
    /// 省级资金.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional, type = "number | string"))]
    pub provincial: Option<String>,
    /// 市级资金.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional, type = "number | string"))]
    pub municipal: Option<String>,
    /// 县级资金.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional, type = "number | string"))]
    pub county: Option<String>,
    /// 其他资金 (self-raised and other non-fiscal money).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional, type = "number | string"))]
    pub other: Option<String>,
}

/// Workers on the project.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct WorkersInput {
    /// Number of local workers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional, type = "number | string"))]
    pub total: Option<u32>,
    /// Of whom poverty-alleviated people (脱贫人口, monitored households included).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional, type = "number | string"))]
    pub poverty_alleviated: Option<u32>,
}

/// The verdict's echo of a proposal whose every field has been read and checked: a
/// rendering of its [`Facts`] ([`Proposal::of`]), in words and yuan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Proposal {
    /// 项目名称, trimmed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// 所在省份 code, e.g. `62`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub province: Option<String>,
    /// 所在省份 full name, e.g. `甘肃省`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub province_name: Option<String>,
    /// The project kind's id.
    pub kind: String,
    /// The project kind's Chinese name.
    pub kind_name: String,
    /// Funds by source, in yuan.
    pub funds: Funds,
    /// 劳务报酬, in yuan.
    pub labour_remuneration: Money,
    /// Workers, where given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub workers: Option<Workers>,
    /// 核算日期, where given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
    /// 区县代码, where given: a county's 6-digit code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub county: Option<String>,
}

/// Funds by source, in yuan; a missing source is `None`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Funds {
    /// 中央资金.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub central: Option<Money>,
    /// 省级资金.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provincial: Option<Money>,
    /// 市级资金.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub municipal: Option<Money>,
    /// 县级资金.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub county: Option<Money>,
    /// 其他资金.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub other: Option<Money>,
}

impl Funds {
    /// The amount from one source.
    pub fn get(&self, fund: Fund) -> Option<Money> {
        match fund {
            Fund::Central => self.central,
            Fund::Provincial => self.provincial,
            Fund::Municipal => self.municipal,
            Fund::County => self.county,
            Fund::Other => self.other,
        }
    }

    fn slot(&mut self, fund: Fund) -> &mut Option<Money> {
        match fund {
            Fund::Central => &mut self.central,
            Fund::Provincial => &mut self.provincial,
            Fund::Municipal => &mut self.municipal,
            Fund::County => &mut self.county,
            Fund::Other => &mut self.other,
        }
    }

    /// The sum over `funds` (missing sources count as zero); `None` on overflow. Added in whole
    /// fen: every check of a plan row sums the base of its floors.
    pub fn sum(&self, funds: &[Fund]) -> Option<Money> {
        let fen = funds.iter().try_fold(0i128, |sum, f| {
            sum.checked_add(self.get(*f).map_or(0, Money::fen))
        })?;
        Money::try_from_fen(fen)
    }
}

/// A problem with one field of the input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {kind}")]
pub struct InputError {
    /// The field path, e.g. `funds.central`.
    pub field: String,
    /// What is wrong.
    pub kind: InputErrorKind,
}

/// What is wrong with a field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum InputErrorKind {
    /// An amount that cannot be read.
    #[error("{0}")]
    Money(MoneyError),
    /// A date that cannot be read.
    #[error("{0}")]
    Date(DateError),
    /// A required field is missing or blank.
    #[error("{0}为必填项")]
    Required(&'static str),
    /// A field of the wrong type.
    #[error("{label}应为{expected}，实际为{found}")]
    WrongType {
        /// The field's Chinese label.
        label: &'static str,
        /// What was expected.
        expected: &'static str,
        /// What was found.
        found: &'static str,
    },
    /// A project kind that is not in the rule book.
    #[error("无法识别的项目类型{}，应为以工代赈中央预算内投资项目、中央财政衔接资金以工代赈任务、省级财政衔接资金以工代赈任务、农业农村基础设施建设领域推广以工代赈方式的项目或政府投资重点工程项目", text::quote(.0))]
    UnknownKind(String),
    /// A county code that is not a county's 6-digit GB/T 2260 code.
    #[error("无法识别的区县代码{}，请填写区县的 6 位行政区划代码（如 620102）", text::quote(.0))]
    BadCounty(String),
    /// A county in another province than the one given.
    #[error("区县代码{}不在所填省份{}内，请核对", text::quote(.0), .1)]
    CountyNotInProvince(String, &'static str),
    /// A province that is not a provincial-level division.
    #[error("无法识别的省份{}，请填写省份名称（如 甘肃省）或两位行政区划代码（如 62）", text::quote(.0))]
    UnknownProvince(String),
    /// A unit other than 元 and 万元.
    #[error("无法识别的金额单位{}，应为 元 或 万元", text::quote(.0))]
    UnknownUnit(String),
    /// A count of people that is not a whole number of zero or more.
    #[error("{}不是有效的人数，请填写 0 或正整数", text::quote(.0))]
    NotACount(String),
    /// More poverty-alleviated workers than workers.
    #[error("脱贫人口务工人数不能多于务工总人数")]
    WorkersExceedTotal,
    /// A text that is too long.
    #[error("内容过长，最多 {0} 个字")]
    TooLong(usize),
}

impl InputErrorKind {
    /// The stable machine code of this error.
    pub fn code(&self) -> &'static str {
        use InputErrorKind as K;
        match self {
            K::Money(m) => m.code(),
            K::Date(d) => d.code(),
            K::Required(_) => "input.required",
            K::WrongType { .. } => "input.wrong_type",
            K::UnknownKind(_) => "input.unknown_kind",
            K::UnknownProvince(_) => "input.unknown_province",
            K::BadCounty(_) => "input.bad_county",
            K::CountyNotInProvince(..) => "input.county_not_in_province",
            K::UnknownUnit(_) => "input.unknown_unit",
            K::NotACount(_) => "input.not_a_count",
            K::WorkersExceedTotal => "input.workers_exceed_total",
            K::TooLong(_) => "input.too_long",
        }
    }
}

impl InputError {
    /// The stable machine code of this error.
    pub fn code(&self) -> &'static str {
        self.kind.code()
    }
}

impl From<&InputError> for Problem {
    fn from(e: &InputError) -> Problem {
        Problem::new(e.code(), e.field.clone(), e.kind.to_string())
    }
}

impl From<&InputWarning> for Problem {
    fn from(w: &InputWarning) -> Problem {
        Problem::new(w.code, w.field.clone(), w.message.clone())
    }
}

/// Something in the input that does not stop the check but deserves a look.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputWarning {
    /// The field path.
    pub field: String,
    /// Stable machine code.
    pub code: &'static str,
    /// Chinese message.
    pub message: String,
}

/// The stable code of the warning on an amount that looks written in the other unit.
pub const UNIT_SUSPECT: &str = "amount.unit_suspect";

/// From this many fen up (10,000,000,000 yuan: 1,000,000 万元, a value of seven integer
/// digits in 万元) an amount read in 万元 is taken for yuan typed under 万元. 100亿元 is far above
/// any single 以工代赈 project; the warning never changes the verdict.
const WAN_SUSPECT_FROM_FEN: i128 = 1_000_000_000_000;

/// Whether an amount read in 万元 (in fen) looks like yuan typed under 万元
/// ([`WAN_SUSPECT_FROM_FEN`]): the plan reader's fast path leaves such rows to the loose reader,
/// which warns.
pub(crate) fn wan_amount_suspect(fen: i128) -> bool {
    fen >= WAN_SUSPECT_FROM_FEN
}

/// Below this many fen (100,000 yuan, 10万元) of funds in all, amounts read in 元 are taken
/// for 万元 typed under 元. A plausibility heuristic, not a policy figure: none of the policy
/// texts in `../shared/policy/` sets a least project size, so it lives here and not in
/// `rules.json`. Village works under 以工代赈 run to hundreds of thousands of yuan and more; a
/// real project below 10万元 only gets a warning to look at, never a different verdict.
const YUAN_PLAUSIBLE_FROM_FEN: i128 = 10_000_000;

/// An amount in fen as people say it: `500 亿元`, `160 万元`, `500 元` (at most two decimals of
/// the unit, cut, not rounded: a hint, not a figure to rely on).
fn spoken_size(fen: i128) -> String {
    let (scale, unit) = if fen >= 10_000_000_000 {
        (10, "亿元")
    } else if fen >= 1_000_000 {
        (6, "万元")
    } else {
        (2, "元")
    };
    let value = rust_decimal::Decimal::from_i128_with_scale(fen, scale)
        .round_dp_with_strategy(2, rust_decimal::RoundingStrategy::ToZero)
        .normalize();
    format!("{value} {unit}")
}

/// Whether a raw amount names its unit (`160万`, `1600000元`): then the unit radio does not
/// apply to it and it cannot be in the wrong one.
fn names_unit(given: Option<&Given<'_>>) -> bool {
    match given.map(Given::loose) {
        Some(Some(Raw::Str(s))) => {
            let t = text::fold(s);
            t.ends_with('元') || t.ends_with('万')
        }
        Some(None) => given.is_some_and(Given::in_column_unit),
        _ => false,
    }
}

/// One field's value as its source gives it: a loose value (JSON, JavaScript, or a table cell
/// that is text), or an amount cell of a table read straight into money in its column's unit.
#[derive(Debug)]
#[cfg_attr(not(feature = "plans"), allow(dead_code))] // the cells come from import's rows
pub(crate) enum Given<'a> {
    /// A loose value of the input.
    Raw(&'a Raw),
    /// A table cell as a loose value (text, a date, a truth value).
    Cell(Raw),
    /// A number cell of an amount column: in the column's unit, or (`None`) in the proposal's.
    Number(f64, Option<Unit>),
    /// A text cell of an amount column that is a plain number (`1,600,000.00`, `¥500`): in the
    /// column's unit, or (`None`) in the proposal's.
    Plain(&'a str, Option<Unit>),
    /// A date cell of a date column (a spreadsheet date, or an Excel serial number), read as
    /// the date it is: not written out as text to be parsed again.
    Date(Date),
    /// The unit a table row's amounts are in when no column gives one (the reviewer's option).
    Unit(Unit),
}

impl Given<'_> {
    /// The loose value, when it is one.
    pub(crate) fn loose(&self) -> Option<&Raw> {
        match self {
            Given::Raw(r) => Some(r),
            Given::Cell(r) => Some(r),
            Given::Number(..) | Given::Plain(..) | Given::Date(_) | Given::Unit(_) => None,
        }
    }

    fn is_blank(&self) -> bool {
        self.loose().is_some_and(Raw::is_blank)
    }

    /// An amount cell read in its column's unit, which it then names.
    fn in_column_unit(&self) -> bool {
        matches!(self, Given::Number(_, Some(_)) | Given::Plain(_, Some(_)))
    }
}

/// What a source holds at a group's key (`funds`, `workers`).
pub(crate) enum Group {
    /// Nothing.
    Absent,
    /// An object (for a table row: one of the group's columns is filled).
    Object,
    /// A value of another type, named in Chinese.
    Other(&'static str),
}

/// Where a proposal's fields are read from: loose input ([`Raw`]) or a table row. The proposal
/// reader asks it for each field, so both are read by the same rules.
pub(crate) trait Source {
    /// The Chinese name of the input's type when it is not an object.
    fn not_object(&self) -> Option<&'static str>;
    /// The keys under `group` (`""` for the top) that are not `allowed`, as given.
    fn unknown(&self, group: &str, allowed: &[&str]) -> Vec<String>;
    /// What the source holds at a group's key.
    fn group(&self, group: &str) -> Group;
    /// A field's value, when it is given.
    fn get(&self, field: Field) -> Option<Given<'_>>;
}

impl Source for Raw {
    fn not_object(&self) -> Option<&'static str> {
        (!matches!(self, Raw::Map(_))).then(|| self.type_name_zh())
    }

    fn unknown(&self, group: &str, allowed: &[&str]) -> Vec<String> {
        let under = if group.is_empty() {
            Some(self)
        } else {
            self.get(group)
        };
        match under {
            Some(Raw::Map(entries)) => entries
                .iter()
                .filter(|(k, _)| !allowed.contains(&k.as_str()))
                .map(|(k, _)| k.clone())
                .collect(),
            _ => Vec::new(),
        }
    }

    fn group(&self, group: &str) -> Group {
        match self.get(group) {
            None => Group::Absent,
            Some(Raw::Map(_)) => Group::Object,
            Some(other) => Group::Other(other.type_name_zh()),
        }
    }

    fn get(&self, field: Field) -> Option<Given<'_>> {
        let under = match field.group() {
            None => self,
            Some(group) => self.get(group)?,
        };
        under.get(field.key()).map(Given::Raw)
    }
}

const TOP_KEYS: &[&str] = &[
    Field::Name.path(),
    Field::Province.path(),
    Field::County.path(),
    Field::Kind.path(),
    Field::Unit.path(),
    FUNDS,
    Field::Labour.path(),
    WORKERS,
    Field::Date.path(),
];

/// Reads a proposal from loose input. Returns its facts when every field is valid, and in any
/// case every problem found (errors) and every remark (warnings).
pub fn read<'b>(
    book: &'b RuleBook,
    raw: &Raw,
    field_prefix: &str,
) -> (Option<Facts<'b>>, Vec<InputError>, Vec<InputWarning>) {
    read_from(book, raw, field_prefix)
}

/// Reads a proposal from a [`Source`]: loose input or a table row, by the same rules.
pub(crate) fn read_from<'b>(
    book: &'b RuleBook,
    raw: &(impl Source + ?Sized),
    field_prefix: &str,
) -> (Option<Facts<'b>>, Vec<InputError>, Vec<InputWarning>) {
    let mut r = ProposalReader {
        prefix: field_prefix,
        errors: Vec::new(),
        warnings: Vec::new(),
    };
    let facts = r.proposal(book, raw);
    (facts, r.errors, r.warnings)
}

impl Proposal {
    /// The verdict's echo of what was read: the facts in words and yuan.
    pub fn of(facts: &Facts<'_>) -> Proposal {
        let mut funds = Funds::default();
        for (fund, fen) in Fund::ALL.into_iter().zip(facts.funds) {
            *funds.slot(fund) = fen.map(Money::of_whole_fen);
        }
        Proposal {
            name: facts.name.as_deref().map(str::to_owned),
            province: facts.province.map(|p| p.code.to_owned()),
            province_name: facts.province.map(|p| p.name.to_owned()),
            kind: facts.kind.id.clone(),
            kind_name: facts.kind.name.clone(),
            funds,
            labour_remuneration: Money::of_whole_fen(facts.labour),
            workers: facts.workers,
            date: facts.date,
            county: facts.county.map(|code| format!("{code:06}")),
        }
    }
}

impl ProposalReader<'_> {
    /// Warns ([`UNIT_SUSPECT`]) on amounts that look written in the other unit: in 万元, each
    /// amount of seven or more integer digits; in 元, funds that add up to less than a project
    /// could cost (the largest fund is named). Amounts that name their unit are left alone.
    fn unit_suspect(
        &mut self,
        raw: &(impl Source + ?Sized),
        unit: Unit,
        funds: &Funds,
        labour: Option<Money>,
    ) {
        let fund_raw = |fund: Fund| raw.get(Field::Fund(fund));
        match unit {
            Unit::Wan => {
                let amounts = Fund::ALL
                    .into_iter()
                    .map(|fund| (funds.get(fund), fund_raw(fund), Field::Fund(fund)))
                    .chain([(labour, raw.get(Field::Labour), Field::Labour)])
                    .map(|(value, given, field)| (value, given, field.path(), field.label()));
                let mut found = Vec::new();
                for (value, given, field, label) in amounts {
                    let Some(value) = value else { continue };
                    if !wan_amount_suspect(value.fen()) || names_unit(given.as_ref()) {
                        continue;
                    }
                    let typed =
                        rust_decimal::Decimal::from_i128_with_scale(value.fen(), 6).normalize();
                    found.push((
                        field,
                        format!(
                            "{label}填写的 {typed} 按万元计为 {}，若是元则为 {}，是否应选“元”？",
                            spoken_size(value.fen()),
                            spoken_size(value.fen() / 10_000)
                        ),
                    ));
                }
                for (field, message) in found {
                    self.warn_unit(field, message);
                }
            }
            Unit::Yuan => {
                let given: Vec<(Fund, &str, Money)> = Fund::ALL
                    .into_iter()
                    .filter_map(|f| funds.get(f).map(|m| (f, Field::Fund(f).path(), m)))
                    .collect();
                if given
                    .iter()
                    .any(|(f, _, _)| names_unit(fund_raw(*f).as_ref()))
                {
                    return;
                }
                let total: i128 = given.iter().map(|(_, _, m)| m.fen()).sum();
                let largest = given.iter().max_by_key(|(_, _, m)| m.fen());
                let Some(&(_, field, _)) = largest.filter(|_| total > 0) else {
                    return;
                };
                if total >= YUAN_PLAUSIBLE_FROM_FEN {
                    return;
                }
                let message = format!(
                    "资金合计按元计为 {}，不足 {}，不像一个以工代赈项目的规模；若填写的是万元则为 {}，是否应选“万元”？",
                    spoken_size(total),
                    spoken_size(YUAN_PLAUSIBLE_FROM_FEN),
                    spoken_size(total * 10_000)
                );
                self.warn_unit(field, message);
            }
        }
    }

    fn warn_unit(&mut self, field: &str, message: String) {
        self.warnings.push(InputWarning {
            field: self.path(field),
            code: UNIT_SUSPECT,
            message,
        });
    }
}

struct ProposalReader<'p> {
    prefix: &'p str,
    errors: Vec<InputError>,
    warnings: Vec<InputWarning>,
}

/// How the proposal reader words what the loose functions find (`loose.rs`): its problems
/// are on the field's path under the reader's prefix, with the proposal's codes.
impl Report for ProposalReader<'_> {
    fn wrong_type(
        &mut self,
        field: &str,
        label: &'static str,
        expected: &'static str,
        found: &Raw,
    ) {
        self.err(
            field,
            InputErrorKind::WrongType {
                label,
                expected,
                found: found.type_name_zh(),
            },
        );
    }

    fn unknown_key(&mut self, field: &str, key: &str) {
        let field = self.path(field);
        self.warnings.push(InputWarning {
            message: loose::unknown_field_message(key),
            field,
            code: "input.unknown_field",
        });
    }
}

impl ReportMoney for ProposalReader<'_> {
    fn bad_money(&mut self, field: &str, _label: &'static str, error: MoneyError) {
        self.err(field, InputErrorKind::Money(error));
    }
}

impl ProposalReader<'_> {
    fn path(&self, field: &str) -> String {
        join(self.prefix, field)
    }

    fn err(&mut self, field: &str, kind: InputErrorKind) {
        self.errors.push(InputError {
            field: self.path(field),
            kind,
        });
    }

    fn warn_unknown(&mut self, raw: &(impl Source + ?Sized), parent: &str, allowed: &[&str]) {
        for k in raw.unknown(parent, allowed) {
            self.unknown_key(&join(parent, &k), &k);
        }
    }

    /// A text field: a loose value read as every loose reader reads text (`loose::text`).
    fn text(&mut self, raw: Option<&Given>, field: &str, label: &'static str) -> Option<String> {
        loose::text(self, raw.and_then(Given::loose), field, label)
    }

    fn money(
        &mut self,
        raw: Option<&Given>,
        field: &str,
        label: &'static str,
        unit: Unit,
    ) -> Option<Money> {
        let raw = match raw {
            None => return None,
            Some(r) if r.is_blank() => return None,
            Some(Given::Number(f, column_unit)) => {
                return Money::from_cell_number(*f, column_unit.unwrap_or(unit))
                    .map_err(|e| self.bad_money(field, label, e))
                    .ok();
            }
            Some(Given::Plain(t, column_unit)) => {
                let read = match column_unit {
                    Some(u) => Money::parse_in(t, *u),
                    None => Money::parse(t, unit),
                };
                return read.map_err(|e| self.bad_money(field, label, e)).ok();
            }
            Some(g) => g.loose(),
        };
        // A loose value (JSON, JavaScript, a text cell) is read as every loose reader reads
        // an amount.
        loose::money(self, raw, field, label, unit)
    }

    fn count(&mut self, raw: Option<&Given>, field: &str) -> Option<u32> {
        let shown = match raw.and_then(Given::loose) {
            None => return None,
            Some(r) if r.is_blank() => return None,
            Some(Raw::UInt(u)) => {
                return self.count_value(u32::try_from(*u).ok(), &u.to_string(), field)
            }
            Some(Raw::Float(f)) if f.fract() == 0.0 && *f >= 0.0 && *f <= f64::from(u32::MAX) => {
                return Some(*f as u32);
            }
            Some(Raw::Str(s)) => text::fold(s),
            Some(Raw::Int(i)) => i.to_string(),
            Some(Raw::Float(f)) => f.to_string(),
            Some(other) => other.type_name_zh().to_owned(),
        };
        let digits = shown.strip_suffix('人').unwrap_or(&shown).trim();
        let parsed = (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
            .then(|| digits.parse::<u32>().ok())
            .flatten();
        self.count_value(parsed, &shown, field)
    }

    fn count_value(&mut self, value: Option<u32>, shown: &str, field: &str) -> Option<u32> {
        if value.is_none() {
            self.err(field, InputErrorKind::NotACount(shown.to_owned()));
        }
        value
    }

    fn proposal<'b>(
        &mut self,
        book: &'b RuleBook,
        raw: &(impl Source + ?Sized),
    ) -> Option<Facts<'b>> {
        if let Some(found) = raw.not_object() {
            self.err(
                "",
                InputErrorKind::WrongType {
                    label: "项目",
                    expected: "对象",
                    found,
                },
            );
            return None;
        }
        self.warn_unknown(raw, "", TOP_KEYS);

        let name = self.text(
            raw.get(Field::Name).as_ref(),
            Field::Name.path(),
            Field::Name.label(),
        );
        let name = match name {
            Some(n) if n.chars().count() > MAX_NAME_CHARS => {
                self.err(Field::Name.path(), InputErrorKind::TooLong(MAX_NAME_CHARS));
                None
            }
            other => other,
        };

        let province = match self.text(
            raw.get(Field::Province).as_ref(),
            Field::Province.path(),
            Field::Province.label(),
        ) {
            None => None,
            Some(p) => match Province::find(&p) {
                Some(found) => Some(found),
                None => {
                    self.err(Field::Province.path(), InputErrorKind::UnknownProvince(p));
                    None
                }
            },
        };

        let county = match self.text(
            raw.get(Field::County).as_ref(),
            Field::County.path(),
            Field::County.label(),
        ) {
            None => None,
            Some(c) => match crate::rules::county_code(&c) {
                Some((p, code)) if province.is_some_and(|given| given.code != p.code) => {
                    let name = province.map_or("", |given| given.name);
                    self.err(
                        Field::County.path(),
                        InputErrorKind::CountyNotInProvince(format!("{code:06}"), name),
                    );
                    None
                }
                Some(found) => Some(found),
                None => {
                    self.err(Field::County.path(), InputErrorKind::BadCounty(c));
                    None
                }
            },
        };
        // A county gives its province where the proposal names none.
        let province = province.or(county.map(|(p, _)| p));

        let kind = match self.text(
            raw.get(Field::Kind).as_ref(),
            Field::Kind.path(),
            Field::Kind.label(),
        ) {
            None => {
                if raw.get(Field::Kind).as_ref().is_none_or(Given::is_blank) {
                    self.err(
                        Field::Kind.path(),
                        InputErrorKind::Required(Field::Kind.label()),
                    );
                }
                None
            }
            Some(k) => match book.project_kind(&k) {
                Some(found) => Some(found),
                None => {
                    self.err(Field::Kind.path(), InputErrorKind::UnknownKind(k));
                    None
                }
            },
        };

        let given_unit = raw.get(Field::Unit);
        let unit = match given_unit.as_ref() {
            Some(Given::Unit(u)) => Some(*u),
            other => match self.text(other, Field::Unit.path(), Field::Unit.label()) {
                None => Some(Unit::Yuan),
                Some(u) => match Unit::parse(&u) {
                    Some(unit) => Some(unit),
                    None => {
                        self.err(Field::Unit.path(), InputErrorKind::UnknownUnit(u));
                        None
                    }
                },
            },
        };
        // With an unreadable unit, amounts are still read (as yuan) so their own problems show.
        let amount_unit = unit.unwrap_or_default();

        let mut funds = Funds::default();
        let mut funds_ok = true;
        match raw.group(FUNDS) {
            Group::Absent => {}
            Group::Object => {
                self.warn_unknown(raw, FUNDS, &Fund::ALL.map(Fund::key));
                for fund in Fund::ALL {
                    let field = Field::Fund(fund);
                    let given = raw.get(field);
                    let value =
                        self.money(given.as_ref(), field.path(), field.label(), amount_unit);
                    if given.is_some_and(|g| !g.is_blank()) && value.is_none() {
                        funds_ok = false;
                    }
                    *funds.slot(fund) = value;
                }
            }
            Group::Other(found) => {
                funds_ok = false;
                self.err(
                    FUNDS,
                    InputErrorKind::WrongType {
                        label: "资金",
                        expected: "对象",
                        found,
                    },
                );
            }
        }

        let labour_raw = raw.get(Field::Labour);
        let labour = if labour_raw.as_ref().is_none_or(Given::is_blank) {
            self.err(
                Field::Labour.path(),
                InputErrorKind::Required(Field::Labour.label()),
            );
            None
        } else {
            self.money(
                labour_raw.as_ref(),
                Field::Labour.path(),
                Field::Labour.label(),
                amount_unit,
            )
        };

        let workers = match raw.group(WORKERS) {
            Group::Absent => Some(None),
            Group::Object => {
                let (total_field, poor_field) =
                    (Field::WorkersTotal, Field::WorkersPovertyAlleviated);
                self.warn_unknown(raw, WORKERS, &[total_field.key(), poor_field.key()]);
                let (total_given, poor_given) = (raw.get(total_field), raw.get(poor_field));
                let total = self.count(total_given.as_ref(), total_field.path());
                let poor = self.count(poor_given.as_ref(), poor_field.path());
                let total_bad = total_given.is_some_and(|t| !t.is_blank()) && total.is_none();
                let poor_bad = poor_given.is_some_and(|t| !t.is_blank()) && poor.is_none();
                if let (Some(t), Some(p)) = (total, poor) {
                    if p > t {
                        self.err(poor_field.path(), InputErrorKind::WorkersExceedTotal);
                    }
                }
                (!total_bad && !poor_bad).then_some(Some(Workers {
                    total,
                    poverty_alleviated: poor,
                }))
            }
            Group::Other(found) => {
                self.err(
                    WORKERS,
                    InputErrorKind::WrongType {
                        label: "务工人数",
                        expected: "对象",
                        found,
                    },
                );
                None
            }
        };

        let given_date = raw.get(Field::Date);
        let date = match given_date.as_ref() {
            Some(Given::Date(d)) => Some(Some(*d)),
            other => match self.text(other, Field::Date.path(), Field::Date.label()) {
                None => Some(None),
                Some(d) => match read_date(&d) {
                    Ok(date) => Some(Some(date)),
                    Err(e) => {
                        self.err(Field::Date.path(), InputErrorKind::Date(e));
                        None
                    }
                },
            },
        };

        if let (Some(l), true) = (labour, funds_ok) {
            let all = funds.sum(&Fund::ALL).unwrap_or(Money::ZERO);
            if !all.is_zero() && l > all {
                self.warnings.push(InputWarning {
                    field: self.path(Field::Labour.path()),
                    code: "input.labour_exceeds_funds",
                    message: format!(
                        "劳务报酬 {} 元超过了所填资金合计 {} 元，请核对金额和单位（元/万元）",
                        l.grouped(),
                        all.grouped()
                    ),
                });
            }
        }

        if let (Some(unit), true) = (unit, funds_ok) {
            self.unit_suspect(raw, unit, &funds, labour);
        }

        if !self.errors.is_empty() || !funds_ok {
            return None;
        }
        let kind = kind?;
        unit?;
        Some(Facts {
            name: name.map(Cow::Owned),
            kind,
            province,
            county: county.map(|(_, code)| code),
            funds: Fund::ALL.map(|f| funds.get(f).map(Money::whole_fen)),
            labour: labour?.whole_fen(),
            workers: workers?,
            date: date?,
            unread: [false; 5],
            unit_in_doubt: false,
        })
    }
}
