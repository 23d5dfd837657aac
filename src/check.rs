//! Checking a proposal against the rule book: an exact, explained verdict.
//!
//! The verdict is a rendering of the one [`crate::judge::Judgement`]: this module puts into
//! words what [`crate::judge::judge`] decided, and decides nothing itself.

use std::sync::Arc;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::date::Date;
pub use crate::judge::Status;
use crate::judge::{judge, Doubt, Facts, FloorFen, Judged, Judgement, Outcome};
use crate::money::Money;
use crate::proposal::Proposal;
use crate::raw::Raw;
use crate::rules::{FloorParams, Fund, Jurisdiction, RuleBook, RuleKind};
use crate::text;

// A verdict is written in the shared vocabulary: its problems and its citations.
use crate::options::read_options;
pub use crate::problem::Problem;
use crate::rules::cite;
pub use crate::rules::CitationRef;

/// The summary of a verdict that no numeric rule decides.
pub(crate) const REVIEW_SUMMARY: &str = "需人工审核：没有适用的强制性比例规则，请由审核人员判断。";

/// The result of one rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum FindingStatus {
    /// The rule holds.
    Pass,
    /// The rule does not hold.
    Fail,
    /// Advice or a duty to keep in mind; never fails the proposal.
    Advice,
    /// The rule does not apply here (not in force at the date, or another province).
    NotApplicable,
}

impl FindingStatus {
    /// The name in JSON: `pass`, `fail`, `advice`, `not_applicable`.
    pub fn key(self) -> &'static str {
        match self {
            FindingStatus::Pass => "pass",
            FindingStatus::Fail => "fail",
            FindingStatus::Advice => "advice",
            FindingStatus::NotApplicable => "not_applicable",
        }
    }
}

/// The result of one rule for one proposal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Finding {
    /// Rule id.
    pub rule: String,
    /// Rule title.
    pub title: String,
    /// What the rule asks.
    pub kind: RuleKind,
    /// Whether the rule is mandatory.
    pub mandatory: bool,
    /// The outcome.
    pub status: FindingStatus,
    /// Sum of the base funds, yuan.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base: Option<Money>,
    /// Which funds make up the base.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub base_funds: Vec<Fund>,
    /// Labour remuneration, yuan.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub labour: Option<Money>,
    /// The least share, e.g. `0.30`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub floor: Option<String>,
    /// The least labour remuneration that meets the floor, yuan (rounded up to the fen).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub threshold: Option<Money>,
    /// `floor × base` exactly, e.g. `370370.367`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub threshold_exact: Option<String>,
    /// labour / base, truncated to 4 decimals (never rounded up).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ratio: Option<String>,
    /// How much more labour remuneration would meet the floor, yuan (0.00 when met).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shortfall: Option<Money>,
    /// Chinese explanation.
    pub message: String,
    /// The policy sentence and its source (shared with the rule book: a verdict does not copy
    /// the long texts).
    #[serde(serialize_with = "ser_shared")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "CitationRef"))]
    pub citation: Arc<CitationRef>,
    /// How the rule's period in force was read, where the text leaves it open.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub validity_note: Option<String>,
    /// How the rule was read, for reviewers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Which dated version of the rule was judged, when it has several (its own citation names
    /// its own document).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<crate::rules::RuleVersion>,
}

fn ser_shared<T: Serialize, S: serde::Serializer>(value: &Arc<T>, s: S) -> Result<S::Ok, S::Error> {
    value.as_ref().serialize(s)
}

/// The verdict on a proposal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Verdict {
    /// The overall result.
    pub status: Status,
    /// One Chinese sentence for the overall result.
    pub summary: String,
    /// The date the rules were selected at.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub as_of: Option<Date>,
    /// The rule book version used.
    pub rule_book_version: String,
    /// The proposal as read (amounts in yuan), when it is valid.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub proposal: Option<Proposal>,
    /// One finding per rule considered.
    pub findings: Vec<Finding>,
    /// Problems that make the input invalid.
    pub errors: Vec<Problem>,
    /// Remarks that do not stop the check.
    pub warnings: Vec<Problem>,
}

/// Checks a proposal given as loose input (a JSON value or JS object).
///
/// `today` is the date in China when the check runs; it is used when neither
/// `options.asOf` nor the proposal's `date` is given.
///
/// ```
/// use workrelief::{check, date::Date, raw::Raw, RuleBook};
/// let book = RuleBook::builtin().unwrap();
/// let proposal = Raw::from_json(r#"{"kind": "central_budget",
///     "funds": {"central": "500万"}, "labourRemuneration": 1499999.99}"#).unwrap();
/// let today = Date::new(2026, 11, 23).unwrap();
/// let verdict = check::check_raw(&book, &proposal, &Raw::Null, today);
/// assert_eq!(verdict.status, check::Status::Fail);
/// assert_eq!(verdict.findings[0].shortfall.unwrap().to_string(), "0.01");
/// ```
pub fn check_raw(book: &RuleBook, proposal: &Raw, options: &Raw, today: Date) -> Verdict {
    let (parsed, errors, warnings) = crate::proposal::read(book, proposal, "");
    let mut errors: Vec<Problem> = errors.iter().map(Problem::from).collect();
    let mut warnings: Vec<Problem> = warnings.iter().map(Problem::from).collect();
    let as_of = read_options(options, &mut errors, &mut warnings);
    match (parsed, errors.is_empty()) {
        (Some(facts), true) => {
            let date = as_of.or(facts.date).unwrap_or(today);
            let judgement = judge(book, &facts, date);
            explain(book, &judgement, &facts, date, warnings)
        }
        _ => invalid(book, errors, warnings),
    }
}

/// The verdict on a valid proposal read with `warnings`: [`render`], and a summary that
/// says first when an amount looks written in the other unit.
pub(crate) fn explain(
    book: &RuleBook,
    judgement: &Judgement<'_>,
    facts: &Facts<'_>,
    as_of: Date,
    warnings: Vec<Problem>,
) -> Verdict {
    let past = crate::horizon::for_kind(book, facts.kind, facts.province_code(), as_of);
    let mut verdict = render(book, judgement, facts, as_of);
    let mut warnings = warnings;
    warnings.extend(past);
    if warnings
        .iter()
        .any(|w| w.code == crate::proposal::UNIT_SUSPECT)
    {
        // Whatever the amounts give, it must not read as a plain verdict.
        verdict.summary = format!(
            "请先核对金额单位：有金额疑似单位有误（见提示）。按所填金额计算，{}",
            verdict.summary
        );
    }
    verdict.warnings = warnings;
    verdict
}

/// The verdict for input with errors.
pub fn invalid(book: &RuleBook, errors: Vec<Problem>, warnings: Vec<Problem>) -> Verdict {
    let n = errors.len();
    Verdict {
        status: Status::Invalid,
        summary: format!("输入有 {n} 处错误，请修改后再检查。"),
        as_of: None,
        rule_book_version: book.version.clone(),
        proposal: None,
        findings: Vec::new(),
        errors,
        warnings,
    }
}

/// Checks a proposal's facts against the rules in force on `as_of`.
pub fn check_facts(book: &RuleBook, facts: &Facts<'_>, as_of: Date) -> Verdict {
    let judgement = judge(book, facts, as_of);
    render(book, &judgement, facts, as_of)
}

/// The explained verdict: a rendering of `judgement`, the judgement of `facts` on `as_of`.
pub(crate) fn render(
    book: &RuleBook,
    judgement: &Judgement<'_>,
    facts: &Facts<'_>,
    as_of: Date,
) -> Verdict {
    let findings = judgement
        .rules
        .iter()
        .map(|judged| finding(book, judged, facts, as_of))
        .collect();
    // What the figures give; a judgement in doubt is under review, its summary still says
    // what they give.
    let (counted, failed) = (judgement.counted, judgement.failed);
    let unknown = judgement
        .rules
        .iter()
        .filter(|j| j.rule.mandatory && j.outcome == Outcome::RegionUnknown)
        .count();
    let summary = if judgement.doubt == Some(Doubt::Region) {
        format!(
            "需人工审核：已判断的 {counted} 项强制性比例要求均已满足，但另有 {unknown} 项地方规定因未填写区县代码无法判断。"
        )
    } else if failed > 0 {
        format!("不符合：{counted} 项强制性比例要求中有 {failed} 项未满足。")
    } else if counted > 0 {
        format!("符合：{counted} 项强制性比例要求均已满足。")
    } else {
        REVIEW_SUMMARY.to_owned()
    };
    Verdict {
        status: judgement.status,
        summary,
        as_of: Some(as_of),
        rule_book_version: book.version.clone(),
        proposal: Some(Proposal::of(facts)),
        findings,
        errors: Vec::new(),
        warnings: Vec::new(),
    }
}

/// One rule's finding: its judgement in words.
fn finding(book: &RuleBook, judged: &Judged<'_>, facts: &Facts<'_>, as_of: Date) -> Finding {
    let rule = judged.rule;
    let mut finding = Finding {
        rule: rule.id.clone(),
        title: rule.title.clone(),
        kind: rule.kind,
        mandatory: rule.mandatory,
        status: FindingStatus::NotApplicable,
        base: None,
        base_funds: Vec::new(),
        labour: None,
        floor: None,
        threshold: None,
        threshold_exact: None,
        ratio: None,
        shortfall: None,
        message: String::new(),
        citation: book.rule_citation(judged.index).unwrap_or_else(|| {
            Arc::new(cite(&rule.citation, book.document(&rule.citation.document)))
        }),
        validity_note: rule.validity.note.clone(),
        version: rule.version,
        note: rule.note.clone(),
    };
    finding.message = match (judged.outcome, rule.jurisdiction, &rule.params) {
        (Outcome::OtherProvince, Jurisdiction::Province(p), _) => match facts.province.map(|given| given.name) {
            Some(name) => format!(
                "本规则为{}的规定，不适用于{name}的项目；规则库中没有{name}的同类规则，需人工审核。",
                p.name
            ),
            None => format!(
                "本规则为{}的规定；未填写所在省份，无法确定是否适用，需人工审核。",
                p.name
            ),
        },
        (Outcome::OtherProvince, Jurisdiction::Local(..), _) => format!(
            "本规则为{}的规定，本项目不在该地区，不适用。",
            rule.region_label()
        ),
        (Outcome::RegionUnknown, ..) => format!(
            "本规则为{}的规定；申报未填写区县代码，无法确定是否适用，未按本规则判断，需人工审核。",
            rule.region_label()
        ),
        (Outcome::NotInForce, ..) => match (rule.validity.from, rule.validity.to) {
            (Some(from), _) if as_of < from => {
                format!("本规则自 {from} 起施行，核算日期 {as_of} 早于施行日期，不适用。")
            }
            (_, Some(to)) => {
                format!("本规则已于 {to} 到期，核算日期 {as_of} 时已不再有效，不适用。")
            }
            _ => format!("本规则在核算日期 {as_of} 不在有效期内，不适用。"),
        },
        (Outcome::Floor(fen), _, Some(params)) => {
            floor_finding(&mut finding, params, fen, Money::of_whole_fen(facts.labour));
            return finding;
        }
        _ => {
            finding.status = FindingStatus::Advice;
            rule.advice.clone().unwrap_or_default()
        }
    };
    finding
}

/// The base funds' names joined for a sentence: `中央资金`, `中央资金、省级资金、市级资金、县级资金合计`.
fn base_label(base: &[Fund]) -> String {
    let names: Vec<&str> = base.iter().map(|f| f.name()).collect();
    if names.len() == 1 {
        names.concat()
    } else {
        format!("{}合计", names.join("、"))
    }
}

/// A share as a percentage with two decimals from a 4-decimal ratio: `0.2999` is `29.99%`.
fn percent(ratio4: Decimal) -> String {
    let mut p = ratio4 * Decimal::ONE_HUNDRED;
    p.rescale(2);
    let mut out = decimal_text(p);
    out.push('%');
    out
}

/// The floor as people write it: `0.30` is `30%`, `0.125` is `12.5%`.
fn floor_percent(floor: Decimal) -> String {
    let mut out = decimal_text((floor * Decimal::ONE_HUNDRED).normalize());
    out.push('%');
    out
}

/// What `Decimal`'s `Display` writes, from the mantissa and scale (which is much quicker).
pub(crate) fn decimal_text(d: Decimal) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(24);
    let m = d.mantissa();
    if m < 0 {
        out.push('-');
    }
    let m = m.unsigned_abs();
    let scale = d.scale();
    let unit = 10u128.pow(scale);
    let (int, frac) = (m / unit, m % unit);
    // Digits without `core::fmt` for the usual sizes (a verdict writes several ratios).
    match (u64::try_from(int), u64::try_from(frac)) {
        (Ok(int), Ok(frac)) if scale <= 20 => {
            let _ = text::write_digits(&mut out, int, 1);
            if scale > 0 {
                out.push('.');
                let _ = text::write_digits(&mut out, frac, scale as usize);
            }
        }
        _ => {
            let _ = write!(out, "{int}");
            if scale > 0 {
                let _ = write!(out, ".{:0width$}", frac, width = scale as usize);
            }
        }
    }
    out
}

/// A floor's finding: its judgement `fen` in numbers and words.
fn floor_finding(finding: &mut Finding, params: &FloorParams, fen: FloorFen, labour: Money) {
    let base_name = base_label(&params.base);
    finding.base_funds = params.base.clone();
    finding.labour = Some(labour);
    finding.floor = Some(decimal_text(params.floor));
    let floor_text = floor_percent(params.floor);
    let pass_or_fail = |ok: bool| {
        if ok {
            FindingStatus::Pass
        } else if finding.mandatory {
            FindingStatus::Fail
        } else {
            FindingStatus::Advice
        }
    };
    let outcome = fen.outcome();
    finding.base = outcome.base;
    let Some(base) = outcome.base else {
        finding.status = pass_or_fail(fen.ok);
        finding.message = format!("{base_name}过大，无法核算。");
        return;
    };
    let (Some(exact), Some(threshold_money), Some(ratio), Some(shortfall)) = (
        outcome.exact,
        outcome.threshold,
        outcome.ratio,
        outcome.shortfall,
    ) else {
        finding.status = pass_or_fail(fen.ok);
        finding.message = format!(
            "{base_name}为零或未填写，无法核算劳务报酬占比；本规则要求劳务报酬不低于{base_name}的 {floor_text}，不能判定为达标。请填写{base_name}。"
        );
        return;
    };
    let ok = fen.ok;
    let threshold = threshold_money.yuan();

    finding.threshold = Some(threshold_money);
    let exact_text = decimal_text(exact.normalize());
    finding.ratio = Some(decimal_text(ratio));
    finding.shortfall = Some(shortfall);
    finding.status = pass_or_fail(ok);

    let minimum = if exact == threshold {
        format!("至少 {} 元", threshold_money.grouped())
    } else {
        format!(
            "下限 {} 元，按分向上取整即至少 {} 元",
            text::group_thousands(&exact_text),
            threshold_money.grouped()
        )
    };
    finding.threshold_exact = Some(exact_text);
    finding.message = if ok {
        format!(
            "劳务报酬 {} 元，占{base_name} {} 元的 {}，不低于 {floor_text} 的要求（{minimum}）。",
            labour.grouped(),
            base.grouped(),
            percent(ratio),
        )
    } else {
        format!(
            "劳务报酬 {} 元，占{base_name} {} 元的 {}，低于 {floor_text} 的要求（{minimum}），还需增加劳务报酬 {} 元。",
            labour.grouped(),
            base.grouped(),
            percent(ratio),
            shortfall.grouped(),
        )
    };
}

#[cfg(test)]
mod floor_tests {
    use super::*;

    #[test]
    fn decimal_text_is_display() {
        let mut seed = 0x2545_F491_4F6C_DD1Du64;
        let mut values = vec![
            Decimal::ZERO,
            Decimal::MAX,
            Decimal::MIN,
            Decimal::new(-5, 28),
        ];
        for i in 0..20_000u32 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let m = i64::try_from(seed >> (seed % 50)).unwrap_or(0);
            let m = if i % 3 == 0 { -m } else { m };
            values.push(Decimal::new(m, i % 29));
            values.push(Decimal::from_i128_with_scale(
                i128::from(seed) << 30,
                i % 29,
            ));
        }
        for d in values {
            assert_eq!(decimal_text(d), d.to_string(), "{d:?}");
        }
    }
}
