//! Checking a proposal against the rule book: an exact, explained verdict.
//!
//! Architecture invariant: every comparison is made on exact decimals (`labour >= floor *
//! base`), never on a rounded ratio; the ratio shown is truncated, so it can never read as
//! the floor when the floor is not met.

use std::sync::Arc;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::date::Date;
use crate::money::{Money, POW10};
use crate::proposal::{Funds, Proposal};
use crate::raw::Raw;
use crate::rules::{FloorParams, Fund, Jurisdiction, Rule, RuleBook, RuleKind};
use crate::text;

// A verdict is written in the shared vocabulary: its problems and its citations.
use crate::options::read_options;
pub use crate::problem::Problem;
use crate::rules::cite;
pub use crate::rules::CitationRef;

pub mod wire;

/// The summary of a verdict that no numeric rule decides.
pub(crate) const REVIEW_SUMMARY: &str = "需人工审核：没有适用的强制性比例规则，请由审核人员判断。";

/// The overall result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Every applicable mandatory rule holds.
    Pass,
    /// An applicable mandatory rule does not hold.
    Fail,
    /// No numeric rule applies: a person must judge.
    Review,
    /// The input has errors.
    Invalid,
}

impl Status {
    /// The name in JSON: `pass`, `fail`, `review`, `invalid`.
    pub fn key(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Fail => "fail",
            Status::Review => "review",
            Status::Invalid => "invalid",
        }
    }

    /// The Chinese word for the status.
    pub fn label(self) -> &'static str {
        match self {
            Status::Pass => "符合",
            Status::Fail => "不符合",
            Status::Review => "需人工审核",
            Status::Invalid => "输入有误",
        }
    }
}

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
    let (parsed, errors, warnings) = Proposal::from_raw(book, proposal, "");
    let mut errors: Vec<Problem> = errors.iter().map(Problem::from).collect();
    let mut warnings: Vec<Problem> = warnings.iter().map(Problem::from).collect();
    let as_of = read_options(options, &mut errors, &mut warnings);
    match (parsed, errors.is_empty()) {
        (Some(p), true) => {
            let date = as_of.or(p.date).unwrap_or(today);
            let mut verdict = verdict_for(book, p, date);
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
        _ => invalid(book, errors, warnings),
    }
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

/// Checks a valid proposal against the rules in force on `as_of`.
pub fn check_proposal(book: &RuleBook, proposal: &Proposal, as_of: Date) -> Verdict {
    verdict_for(book, proposal.clone(), as_of)
}

fn verdict_for(book: &RuleBook, owned: Proposal, as_of: Date) -> Verdict {
    let proposal = &owned;
    let mut findings = Vec::with_capacity(4);
    for (i, rule) in book
        .rules
        .iter()
        .enumerate()
        .filter(|(_, r)| r.applies_to.contains(&proposal.kind))
    {
        if let Some(f) = judge(book, i, rule, proposal, as_of) {
            findings.push(f);
        }
    }
    let applicable_floors: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.mandatory && matches!(f.status, FindingStatus::Pass | FindingStatus::Fail))
        .collect();
    let failed = applicable_floors
        .iter()
        .filter(|f| f.status == FindingStatus::Fail)
        .count();
    let status = if failed > 0 {
        Status::Fail
    } else if applicable_floors.is_empty() {
        Status::Review
    } else {
        Status::Pass
    };
    let summary = match status {
        Status::Pass => format!(
            "符合：{} 项强制性比例要求均已满足。",
            applicable_floors.len()
        ),
        Status::Fail => format!(
            "不符合：{} 项强制性比例要求中有 {failed} 项未满足。",
            applicable_floors.len()
        ),
        _ => REVIEW_SUMMARY.to_owned(),
    };
    Verdict {
        status,
        summary,
        as_of: Some(as_of),
        rule_book_version: book.version.clone(),
        proposal: Some(owned),
        findings,
        errors: Vec::new(),
        warnings: Vec::new(),
    }
}

/// One rule's finding; `None` when the rule belongs to another province and is mere advice.
fn judge(
    book: &RuleBook,
    index: usize,
    rule: &Rule,
    proposal: &Proposal,
    as_of: Date,
) -> Option<Finding> {
    let mut finding = Finding {
        rule: rule.id.clone(),
        title: rule.title.clone(),
        kind: rule.kind,
        mandatory: rule.mandatory,
        status: FindingStatus::Advice,
        base: None,
        base_funds: Vec::new(),
        labour: None,
        floor: None,
        threshold: None,
        threshold_exact: None,
        ratio: None,
        shortfall: None,
        message: String::new(),
        citation: book.rule_citation(index).unwrap_or_else(|| {
            Arc::new(cite(&rule.citation, book.document(&rule.citation.document)))
        }),
        validity_note: rule.validity.note.clone(),
        note: rule.note.clone(),
    };
    let is_floor = rule.kind == RuleKind::LabourShareFloor;

    if let Jurisdiction::Province(p) = rule.jurisdiction {
        let here = proposal.province.as_deref();
        if here != Some(p.code) {
            if !is_floor {
                return None;
            }
            finding.status = FindingStatus::NotApplicable;
            finding.message = match &proposal.province_name {
                Some(name) => format!(
                    "本规则为{}的规定，不适用于{name}的项目；规则库中没有{name}的同类规则，需人工审核。",
                    p.name
                ),
                None => format!(
                    "本规则为{}的规定；未填写所在省份，无法确定是否适用，需人工审核。",
                    p.name
                ),
            };
            return Some(finding);
        }
    }

    if !rule.validity.contains(as_of) {
        finding.status = FindingStatus::NotApplicable;
        finding.message = match (rule.validity.from, rule.validity.to) {
            (Some(from), _) if as_of < from => {
                format!("本规则自 {from} 起施行，核算日期 {as_of} 早于施行日期，不适用。")
            }
            (_, Some(to)) => {
                format!("本规则已于 {to} 到期，核算日期 {as_of} 时已不再有效，不适用。")
            }
            _ => format!("本规则在核算日期 {as_of} 不在有效期内，不适用。"),
        };
        return Some(finding);
    }

    match (&rule.params, &rule.advice) {
        (Some(params), _) => judge_floor(&mut finding, params, proposal),
        (None, advice) => finding.message = advice.clone().unwrap_or_default(),
    }
    Some(finding)
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

/// The numbers of one floor rule for one proposal, without words: what both the full finding
/// and a reviewer's compact table row are made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FloorOutcome {
    /// Whether the floor holds (exactly: `labour >= floor × base`).
    pub ok: bool,
    /// The base, when the funds could be summed.
    pub base: Option<Money>,
    /// `floor × base`, exactly (a zero or missing base has none).
    pub exact: Option<Decimal>,
    /// `exact` rounded up to the fen.
    pub threshold: Option<Money>,
    /// labour / base, truncated to 4 decimals.
    pub ratio: Option<Decimal>,
    /// The least whole-fen amount that would make the floor hold.
    pub shortfall: Option<Money>,
}

/// Judges a floor on exact decimals. A base that is zero, missing or too large cannot pass.
pub fn floor_outcome(params: &FloorParams, funds: &Funds, labour: Money) -> FloorOutcome {
    FloorFen::judge(params, &funds_fen(funds), money_fen(labour)).outcome()
}

/// Each fund in whole fen (a missing fund is zero), in [`Fund::ALL`]'s order: what floors are
/// judged on. A plan row's fast path reads its cells straight into it.
pub type FundsFen = [i64; 5];

/// `funds` in whole fen.
pub fn funds_fen(funds: &Funds) -> FundsFen {
    Fund::ALL.map(|f| funds.get(f).map_or(0, money_fen))
}

/// An amount in whole fen; one past any `i64` (which no amount read from a form or a file
/// comes near) saturates, and a floor's base that holds it is then too large to judge.
fn money_fen(money: Money) -> i64 {
    i64::try_from(money.fen()).unwrap_or(i64::MAX)
}

/// A floor judged in whole fen: whether it holds, and the numbers from which the ratio, the
/// shortfall and the rest of a [`FloorOutcome`] are made when they are asked for (a table of
/// many rows asks for two of them, for one rule of each row).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FloorFen {
    /// Whether the floor holds (exactly: `labour >= floor × base`).
    pub ok: bool,
    /// The base in fen, when the funds could be summed.
    base: Option<i64>,
    /// The floor is `m / 10^scale`.
    m: i128,
    scale: u32,
    labour: i64,
}

impl FloorFen {
    /// Judges `params` on the funds and labour (whole fen) of a proposal.
    #[inline]
    pub fn judge(params: &FloorParams, funds: &FundsFen, labour: i64) -> FloorFen {
        // A loop rather than a fold with a closure: one call less per floor at the size
        // optimisation.
        let mut base = Some(0i64);
        for f in &params.base {
            base = match (base, funds.get(f.index())) {
                (Some(sum), Some(fen)) => sum.checked_add(*fen),
                _ => None,
            };
        }
        FloorFen::of(params, base, labour)
    }

    /// Judges `params` on a base and labour already summed (as [`FloorFen::base_fen`] and
    /// [`FloorFen::labour_fen`] give them back): the same outcome as the judgement they came from.
    pub fn of(params: &FloorParams, base: Option<i64>, labour: i64) -> FloorFen {
        let base_fen = base.unwrap_or(0);
        // In whole numbers: the floor is m / 10^s, so floor × base = m × base / 10^(s + 2) yuan
        // exactly, and it holds when labour × 10^s >= m × base. A floor of at most 4 decimals
        // (m <= 10^4) and amounts in fen below 10^15 fit an i128 with room to spare, and an
        // i64 for any base below about 9 × 10^14 fen (the usual case, in native arithmetic).
        let (m, scale) = (params.floor.mantissa(), params.floor.scale());
        let small = i64::try_from(m)
            .ok()
            .zip(
                POW10
                    .get(scale as usize)
                    .and_then(|p| i64::try_from(*p).ok()),
            )
            .and_then(|(m, unit)| Some((labour.checked_mul(unit)?, m.checked_mul(base_fen)?)));
        let holds = match small {
            Some((scaled, product)) => scaled >= product,
            None => {
                let unit = 10i128.pow(scale);
                i128::from(labour).saturating_mul(unit) >= m.saturating_mul(i128::from(base_fen))
            }
        };
        FloorFen {
            // A floor on nothing would hold trivially; the policy plainly assumes the funds exist.
            ok: base_fen != 0 && holds,
            base: base.filter(|b| *b >= 0),
            m,
            scale,
            labour,
        }
    }

    /// The base in whole fen, when the funds could be summed.
    pub fn base_fen(&self) -> Option<i64> {
        self.base
    }

    /// The labour remuneration in whole fen.
    pub fn labour_fen(&self) -> i64 {
        self.labour
    }

    /// The base in fen when it is neither missing nor zero.
    fn nonzero_base(&self) -> Option<i128> {
        self.base.filter(|b| *b != 0).map(i128::from)
    }

    /// `floor × base` in units of 10^-(scale + 2) yuan.
    fn product(&self) -> i128 {
        self.m.saturating_mul(i128::from(self.base.unwrap_or(0)))
    }

    /// `floor × base` rounded up to the fen (the product is not negative).
    fn threshold_fen(&self) -> i128 {
        let unit = 10i128.pow(self.scale);
        (self.product() + unit - 1) / unit
    }

    /// labour / base, truncated to 4 decimals (from whole fen, in integers).
    pub fn ratio(&self) -> Option<Decimal> {
        let base = self.nonzero_base()?;
        let units = i128::from(self.labour).saturating_mul(10_000) / base;
        Decimal::try_from_i128_with_scale(units, 4).ok()
    }

    /// The least whole-fen amount that would make the floor hold.
    pub fn shortfall(&self) -> Option<Money> {
        self.nonzero_base()?;
        Some(if self.ok {
            Money::ZERO
        } else {
            fen_money(self.threshold_fen() - i128::from(self.labour))
        })
    }

    /// Every number of the outcome.
    pub fn outcome(&self) -> FloorOutcome {
        let nonzero = self.nonzero_base().is_some();
        FloorOutcome {
            ok: self.ok,
            base: self.base.and_then(|b| Money::try_from_fen(b.into())),
            exact: nonzero
                .then(|| Decimal::try_from_i128_with_scale(self.product(), self.scale + 2).ok())
                .flatten(),
            threshold: nonzero.then(|| fen_money(self.threshold_fen())),
            ratio: self.ratio(),
            shortfall: self.shortfall(),
        }
    }
}

/// Whole fen as money; zero when out of range (never, for the numbers a floor makes).
fn fen_money(fen: i128) -> Money {
    i64::try_from(fen)
        .ok()
        .and_then(Money::checked_from_fen)
        .unwrap_or(Money::ZERO)
}

/// What the floors of a proposal depend on, borrowed: the plan reader's typed fast path builds
/// it straight from a row's cells, without a [`Proposal`].
#[derive(Debug, Clone, Copy)]
pub struct FloorFacts<'a> {
    /// The project kind's id.
    pub kind: &'a str,
    /// The province code, when given.
    pub province: Option<&'a str>,
    /// Funds by source, in whole fen.
    pub funds: FundsFen,
    /// 劳务报酬, in whole fen.
    pub labour: i64,
}

impl<'a> FloorFacts<'a> {
    /// The facts of a read proposal.
    pub fn of(proposal: &'a Proposal) -> FloorFacts<'a> {
        FloorFacts {
            kind: &proposal.kind,
            province: proposal.province.as_deref(),
            funds: funds_fen(&proposal.funds),
            labour: money_fen(proposal.labour_remuneration),
        }
    }
}

/// The overall status and the floor a table shows (the first failing mandatory floor, else the
/// first passing one), computed as [`check_proposal`] does but without building findings.
pub fn check_compact<'b>(
    book: &'b RuleBook,
    proposal: &Proposal,
    as_of: Date,
) -> (Status, Option<(&'b Rule, FloorFen)>) {
    check_floors(book, &FloorFacts::of(proposal), as_of)
}

/// [`check_compact`] on borrowed facts.
pub fn check_floors<'b>(
    book: &'b RuleBook,
    facts: &FloorFacts<'_>,
    as_of: Date,
) -> (Status, Option<(&'b Rule, FloorFen)>) {
    let floors: Vec<_> = floor_rules(book, facts.kind).map(|(_, r)| (r, r)).collect();
    check_floors_of(&floors, facts, as_of)
}

/// The mandatory floors that apply to a project kind, in rule-book order, each with its index
/// in the book.
pub fn floor_rules<'b: 'k, 'k>(
    book: &'b RuleBook,
    kind: &'k str,
) -> impl Iterator<Item = (usize, &'b Rule)> + 'k {
    book.rules
        .iter()
        .enumerate()
        .filter(move |(_, r)| is_floor_of(r, kind))
}

fn is_floor_of(rule: &Rule, kind: &str) -> bool {
    rule.mandatory
        && rule.kind == RuleKind::LabourShareFloor
        && rule.applies_to.iter().any(|k| k == kind)
}

/// [`check_floors`] among `rules`, the kind's [`floor_rules`] (a caller checking many rows of
/// one kind looks them up once), each with a tag of the caller's (the rule itself, or where it
/// is in the book) that comes back with the floor shown.
pub fn check_floors_of<T: Copy>(
    rules: &[(T, &Rule)],
    facts: &FloorFacts<'_>,
    as_of: Date,
) -> (Status, Option<(T, FloorFen)>) {
    let mut first_pass = None;
    let mut first_fail = None;
    let mut applicable = 0usize;
    for &(tag, rule) in rules {
        if let Jurisdiction::Province(p) = rule.jurisdiction {
            if facts.province != Some(p.code) {
                continue;
            }
        }
        if !rule.validity.contains(as_of) {
            continue;
        }
        let Some(params) = &rule.params else { continue };
        applicable += 1;
        let outcome = FloorFen::judge(params, &facts.funds, facts.labour);
        if outcome.ok {
            first_pass.get_or_insert((tag, outcome));
        } else {
            first_fail.get_or_insert((tag, outcome));
        }
    }
    let status = if first_fail.is_some() {
        Status::Fail
    } else if applicable == 0 {
        Status::Review
    } else {
        Status::Pass
    };
    (status, first_fail.or(first_pass))
}

fn judge_floor(finding: &mut Finding, params: &FloorParams, proposal: &Proposal) {
    let labour = proposal.labour_remuneration;
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
    let outcome = floor_outcome(params, &proposal.funds, labour);
    finding.base = outcome.base;
    let Some(base) = outcome.base else {
        finding.status = pass_or_fail(false);
        finding.message = format!("{base_name}过大，无法核算。");
        return;
    };
    let (Some(exact), Some(threshold_money), Some(ratio), Some(shortfall)) = (
        outcome.exact,
        outcome.threshold,
        outcome.ratio,
        outcome.shortfall,
    ) else {
        finding.status = pass_or_fail(false);
        finding.message = format!(
            "{base_name}为零或未填写，无法核算劳务报酬占比；本规则要求劳务报酬不低于{base_name}的 {floor_text}，不能判定为达标。请填写{base_name}。"
        );
        return;
    };
    let ok = outcome.ok;
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
    use rust_decimal::RoundingStrategy;

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

    /// The floor judged in whole numbers equals the same judged on decimals, to the scale.
    #[test]
    fn whole_number_floors_equal_decimal_floors() {
        let mut seed: u64 = 7;
        let mut next = |m: u64| {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (seed >> 17) % m
        };
        let floors = [
            "0.3", "0.2", "0.1", "0.25", "0.3333", "1", "0.0001", "0.15", "0.30", "0.300000",
        ];
        for i in 0..20_000 {
            let floor: Decimal = floors[i % floors.len()].parse().unwrap();
            let params = FloorParams {
                floor,
                base: vec![Fund::Central, Fund::Provincial],
            };
            let magnitude = 10u64.pow(1 + (i % 15) as u32);
            let base = Money::checked_from_fen((next(magnitude) + 1) as i64).unwrap();
            let provincial = Money::checked_from_fen(next(1000) as i64).unwrap();
            let exact_base = base.checked_add(provincial).unwrap();
            let labour_fen = match i % 4 {
                0 => next(magnitude) as i128,
                // At, just below and just above the floor.
                k => {
                    let at = (floor * exact_base.yuan() * Decimal::from(100))
                        .round_dp_with_strategy(0, RoundingStrategy::ToPositiveInfinity)
                        .mantissa();
                    at + i128::from(k as i32 - 2)
                }
            };
            let Some(labour) = i64::try_from(labour_fen.max(0))
                .ok()
                .and_then(Money::checked_from_fen)
            else {
                continue;
            };
            let funds = Funds {
                central: Some(base),
                provincial: Some(provincial),
                ..Funds::default()
            };
            let got = floor_outcome(&params, &funds, labour);
            // The decimal reference.
            let exact = floor * exact_base.yuan();
            let threshold = exact.round_dp_with_strategy(2, RoundingStrategy::ToPositiveInfinity);
            let ok = labour.yuan() >= exact;
            assert_eq!(got.ok, ok, "{floor} × {exact_base} vs {labour}");
            assert_eq!(got.exact.map(|d| d.to_string()), Some(exact.to_string()));
            assert_eq!(
                got.threshold,
                Some(Money::from_decimal(threshold).unwrap_or(Money::ZERO))
            );
            let shortfall = if ok {
                Money::ZERO
            } else {
                Money::from_decimal(threshold - labour.yuan()).unwrap_or(Money::ZERO)
            };
            assert_eq!(
                got.shortfall,
                Some(shortfall),
                "{floor} × {exact_base} vs {labour}"
            );
        }
    }
}
