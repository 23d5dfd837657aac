//! The one decision: which rules apply to a proposal, each floor's outcome (exactly, in whole
//! fen), the overall status, and the floor a table row shows.
//!
//! Every answer the crate gives about a proposal is a rendering of one [`Judgement`]: the full
//! explained [`crate::check::Verdict`], a plan table's compact row and its kept floor. None of
//! them decides anything of its own.
//!
//! Architecture invariant: compliance is decided in whole numbers of fen, `labour × 10^s >= m ×
//! base` for a floor of `m / 10^s`, which is exactly `labour >= floor × base`; the ratio shown
//! is truncated, so it can never read as the floor when the floor is not met.

use rust_decimal::Decimal;

use crate::date::Date;
pub use crate::facts::{Facts, FundsRead};
use crate::money::{Money, POW10};
use crate::rules::{FloorParams, Fund, Jurisdiction, Rule, RuleBook};
use serde::Serialize;

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

/// Why a rule that names the proposal's kind is not judged on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// A floor of another province's (or of one the proposal does not name).
    OtherProvince,
    /// Not in force on the date.
    NotInForce,
    /// A prefecture's or county's floor in the proposal's province (or one it does not name),
    /// for a proposal that gives no county: it may apply and cannot be judged.
    RegionUnknown,
    /// A rule without figures: advice or a duty to keep in mind.
    Advice,
    /// A floor judged.
    Floor(FloorFen),
}

/// One rule considered for a proposal.
#[derive(Debug, Clone, Copy)]
pub struct Judged<'b> {
    /// Where the rule is in the book.
    pub index: usize,
    /// The rule.
    pub rule: &'b Rule,
    /// Its outcome.
    pub outcome: Outcome,
}

impl Judged<'_> {
    /// The floor's judgement, when it is a mandatory floor that was judged: what the overall
    /// status counts.
    fn counted(&self) -> Option<FloorFen> {
        match self.outcome {
            Outcome::Floor(fen) if self.rule.mandatory => Some(fen),
            _ => None,
        }
    }
}

/// Why a proposal that has a judged floor is nonetheless under review.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Doubt {
    /// An amount looks written in the other unit ([`Facts::unit_in_doubt`]).
    Unit,
    /// The failing floor shown has none of its base funds read ([`Facts::unread`]).
    BaseUnread,
    /// The floors judged pass, but a mandatory floor of a prefecture or county may apply and
    /// the proposal gives no county ([`Outcome::RegionUnknown`]).
    Region,
}

/// The decision on a proposal.
#[derive(Debug, Clone)]
pub struct Judgement<'b> {
    /// The overall status: `fail` if a counted floor fails, `review` if none applies (or the
    /// figures are in doubt), else `pass`.
    pub status: Status,
    /// Every rule that names the proposal's kind, in the book's order, except rules without
    /// figures of another province (which say nothing here).
    pub rules: Vec<Judged<'b>>,
    /// The floor a table shows, as a position in `rules`: the first failing mandatory floor,
    /// else the first passing one.
    pub shown: Option<usize>,
    /// How many mandatory floors were judged.
    pub counted: usize,
    /// How many of them fail.
    pub failed: usize,
    /// Why the status is `review` although a floor was judged.
    pub doubt: Option<Doubt>,
}

impl<'b> Judgement<'b> {
    /// The floor a table shows: its rule, where it is in the book, and its judgement.
    pub fn shown(&self) -> Option<(usize, &'b Rule, FloorFen)> {
        let judged = self.rules.get(self.shown?)?;
        let fen = judged.counted()?;
        Some((judged.index, judged.rule, fen))
    }
}

/// Judges `facts` by the rules of `book` in force on `as_of`: every rule that names the kind,
/// for the full verdict.
pub fn judge<'b>(book: &'b RuleBook, facts: &Facts<'_>, as_of: Date) -> Judgement<'b> {
    let mut rules = Vec::with_capacity(4);
    let mut tally = Tally::default();
    for &index in book.rules_for(facts.kind) {
        let Some(rule) = book.rules.get(index) else {
            continue;
        };
        if book.set_aside(index, as_of) {
            continue;
        }
        let Some(judged) = consider(index, rule, facts, as_of) else {
            continue;
        };
        tally.add(rules.len(), &judged);
        rules.push(judged);
    }
    let shown = tally.shown();
    let shown_rule = shown.and_then(|at| rules.get(at)).map(|j: &Judged| j.rule);
    let (status, doubt) = tally.decide(facts, shown_rule);
    Judgement {
        status,
        rules,
        shown,
        counted: tally.counted,
        failed: tally.failed,
        doubt,
    }
}

/// A plan row's decision: what a table keeps of a [`Judgement`] (the status, the floor shown
/// and the doubt), decided by the same steps without keeping every rule.
#[derive(Debug, Clone, Copy)]
pub struct RowJudgement<'b> {
    /// As [`Judgement::status`].
    pub status: Status,
    /// As [`Judgement::shown`]: the rule's place in the book, the rule, its judgement.
    pub shown: Option<(usize, &'b Rule, FloorFen)>,
    /// As [`Judgement::doubt`].
    pub doubt: Option<Doubt>,
}

/// [`judge`] for a table row: the same decision, without a list of every rule considered
/// (a plan of 100,000 rows judges 100,000 times).
pub fn judge_row<'b>(book: &'b RuleBook, facts: &Facts<'_>, as_of: Date) -> RowJudgement<'b> {
    let mut tally = Tally::default();
    // Only mandatory floors are counted (`Judged::counted`): a row needs no other rule.
    for &index in book.floors_for(facts.kind) {
        let Some(rule) = book.rules.get(index) else {
            continue;
        };
        if book.set_aside(index, as_of) {
            continue;
        }
        if let Some(judged) = consider(index, rule, facts, as_of) {
            tally.add(judged, &judged);
        }
    }
    let shown = tally
        .shown()
        .and_then(|j| Some((j.index, j.rule, j.counted()?)));
    let (status, doubt) = tally.decide(facts, shown.map(|(_, rule, _)| rule));
    RowJudgement {
        status,
        shown,
        doubt,
    }
}

/// How one rule that names the proposal's kind stands: `None` when it says nothing here
/// (advice of another province).
fn consider<'b>(
    index: usize,
    rule: &'b Rule,
    facts: &Facts<'_>,
    as_of: Date,
) -> Option<Judged<'b>> {
    let outcome = match (rule.jurisdiction, &rule.params) {
        (Jurisdiction::Province(p), params) if facts.province_code() != Some(p.code) => {
            // Advice of another province says nothing here; its floor is shown as not
            // applicable, so that a reviewer knows the book has no such rule here.
            params.as_ref()?;
            Outcome::OtherProvince
        }
        // A prefecture's or county's rule: elsewhere as another province's; where the
        // proposal gives no county, in force but not judged; in its county, as any rule.
        (j @ Jurisdiction::Local(p, _), params)
            if facts.province_code().is_some_and(|c| c != p.code)
                || facts.county.is_some_and(|c| !j.covers_county(c)) =>
        {
            params.as_ref()?;
            Outcome::OtherProvince
        }
        (Jurisdiction::Local(..), params)
            if facts.county.is_none() && rule.validity.contains(as_of) =>
        {
            params.as_ref()?;
            Outcome::RegionUnknown
        }
        _ if !rule.validity.contains(as_of) => Outcome::NotInForce,
        (_, Some(params)) => Outcome::Floor(FloorFen::judge(params, &facts.funds, facts.labour)),
        (_, None) => Outcome::Advice,
    };
    Some(Judged {
        index,
        rule,
        outcome,
    })
}

/// The mandatory floors judged so far, each known by a tag of the caller's (a position in a
/// list, or the judged rule itself): what the status and the floor shown are made of.
struct Tally<T> {
    first_pass: Option<T>,
    first_fail: Option<T>,
    counted: usize,
    failed: usize,
    /// Mandatory floors that may apply where the proposal gives no county.
    unknown_region: usize,
}

impl<T> Default for Tally<T> {
    fn default() -> Self {
        Tally {
            first_pass: None,
            first_fail: None,
            counted: 0,
            failed: 0,
            unknown_region: 0,
        }
    }
}

impl<T: Copy> Tally<T> {
    fn add(&mut self, tag: T, judged: &Judged<'_>) {
        if judged.rule.mandatory && judged.outcome == Outcome::RegionUnknown {
            self.unknown_region += 1;
        }
        let Some(fen) = judged.counted() else {
            return;
        };
        self.counted += 1;
        if fen.ok {
            self.first_pass.get_or_insert(tag);
        } else {
            self.failed += 1;
            self.first_fail.get_or_insert(tag);
        }
    }

    /// The floor shown: the first failing mandatory floor, else the first passing one.
    fn shown(&self) -> Option<T> {
        self.first_fail.or(self.first_pass)
    }

    /// The status (`fail` if a counted floor fails, `review` if none was counted, else
    /// `pass`) and, for a judged proposal, why it is nonetheless under review.
    fn decide(&self, facts: &Facts<'_>, shown: Option<&Rule>) -> (Status, Option<Doubt>) {
        let status = if self.failed > 0 {
            Status::Fail
        } else if self.counted == 0 {
            return (Status::Review, None);
        } else {
            Status::Pass
        };
        let unread = |f: &Fund| facts.unread.get(f.index()).copied().unwrap_or(true);
        let doubt = if facts.unit_in_doubt {
            Some(Doubt::Unit)
        } else if status == Status::Fail
            && shown
                .and_then(|rule| rule.params.as_ref())
                .is_some_and(|p| p.base.iter().all(unread))
        {
            // Its base was never found, so it is not judged: a missing base cannot pass.
            Some(Doubt::BaseUnread)
        } else if status == Status::Pass && self.unknown_region > 0 {
            // A local floor may apply that nothing here judged: a pass would be a guess.
            Some(Doubt::Region)
        } else {
            None
        };
        (
            if doubt.is_some() {
                Status::Review
            } else {
                status
            },
            doubt,
        )
    }
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
    pub fn judge(params: &FloorParams, funds: &FundsRead, labour: i64) -> FloorFen {
        let mut base = Some(0i64);
        for f in &params.base {
            // A fund not given is zero.
            base = match (base, funds.get(f.index())) {
                (Some(sum), Some(Some(fen))) => sum.checked_add(*fen),
                (Some(sum), Some(None)) => Some(sum),
                _ => None,
            };
        }
        FloorFen::of(params, base, labour)
    }

    /// Judges `params` on a base and labour already summed (as [`FloorFen::base_fen`] and
    /// [`FloorFen::labour_fen`] give them back, for a row kept in a few bytes): the same
    /// outcome as the judgement they came from.
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

#[cfg(test)]
mod tests {
    use rust_decimal::RoundingStrategy;

    use super::*;
    use crate::region::Province;
    use crate::rules::ProjectKind;

    /// The kind of that id in the built-in book, or (for an id it does not have) a kind of
    /// no book's.
    fn kind_of(id: &str) -> &'static ProjectKind {
        static BOOK: std::sync::OnceLock<RuleBook> = std::sync::OnceLock::new();
        let book = BOOK.get_or_init(|| RuleBook::builtin().unwrap());
        match book.project_kinds.iter().find(|k| k.id == id) {
            Some(kind) => kind,
            None => Box::leak(Box::new(ProjectKind {
                id: id.to_owned(),
                name: id.to_owned(),
                aliases: Vec::new(),
            })),
        }
    }

    fn facts(
        kind: &str,
        province: Option<&'static str>,
        central: i64,
        provincial: i64,
        labour: i64,
    ) -> Facts<'static> {
        Facts {
            name: None,
            kind: kind_of(kind),
            province: province.map(|code| Province::find(code).unwrap()),
            county: None,
            funds: [Some(central), Some(provincial), None, None, None],
            labour,
            workers: None,
            date: None,
            unread: [false; 5],
            unit_in_doubt: false,
        }
    }

    fn day(y: u16, m: u8, d: u8) -> Date {
        Date::new(y, m, d).unwrap()
    }

    /// A table row's judgement is the full judgement's status, floor shown and doubt, for
    /// every kind, province, date, unit doubt and unread base.
    #[test]
    fn a_row_judgement_is_the_judgement() {
        let book = RuleBook::builtin().unwrap();
        let kinds: Vec<&str> = book.project_kinds.iter().map(|k| k.id.as_str()).collect();
        for kind in kinds.iter().copied().chain(["no_such_kind"]) {
            for province in [None, Some("62"), Some("52"), Some("11")] {
                for at in [day(2019, 1, 1), day(2025, 6, 30), day(2031, 1, 1)] {
                    for (central, provincial, labour) in [
                        (1_000, 1_000, 0),
                        (1_000, 0, 300),
                        (1_000, 1_000, 500),
                        (0, 0, 5),
                    ] {
                        for (unread, doubt) in
                            [([false; 5], false), ([true; 5], false), ([false; 5], true)]
                        {
                            let mut f = facts(kind, province, central, provincial, labour);
                            f.unread = unread;
                            f.unit_in_doubt = doubt;
                            let full = judge(&book, &f, at);
                            let row = judge_row(&book, &f, at);
                            let shown =
                                |s: Option<(usize, &Rule, FloorFen)>| s.map(|(i, _, fen)| (i, fen));
                            assert_eq!(
                                (full.status, shown(full.shown()), full.doubt),
                                (row.status, shown(row.shown), row.doubt),
                                "{kind} {province:?} {at} {central} {provincial} {labour}"
                            );
                        }
                    }
                }
            }
        }
    }

    /// A floor written with trailing zeros past 4 decimals is the same floor, kept with at
    /// most 4 decimals, so the whole-fen comparison stays exact: 20% against 30% fails.
    #[test]
    fn a_floor_with_trailing_zeros_is_the_same_floor() {
        let json = crate::rules::DEFAULT_RULES_JSON.replacen(
            "\"floor\": \"0.30\"",
            "\"floor\": \"0.3000000000000000000000000000\"",
            1,
        );
        assert_ne!(json, crate::rules::DEFAULT_RULES_JSON);
        let book = RuleBook::from_json(&json).unwrap();
        let f = facts("central_budget", None, 100_000_000_000, 0, 20_000_000_000);
        let judgement = judge(&book, &f, day(2025, 6, 30));
        assert_eq!(judgement.status, Status::Fail);
        let (_, _, fen) = judgement.shown().unwrap();
        assert_eq!(fen.shortfall(), Money::try_from_fen(10_000_000_000));
    }

    /// The central budget floor (30% of central funds) passes at the floor and fails a fen
    /// below it; the row shows it either way.
    #[test]
    fn a_floor_decides_the_status_and_is_shown() {
        let book = RuleBook::builtin().unwrap();
        let at = day(2025, 6, 30);
        let pass = judge(
            &book,
            &facts("central_budget", None, 500_000_000, 0, 150_000_000),
            at,
        );
        assert_eq!(pass.status, Status::Pass);
        assert_eq!((pass.counted, pass.failed, pass.doubt), (1, 0, None));
        let (_, rule, fen) = pass.shown().unwrap();
        assert_eq!(rule.id, "work_relief.central_budget");
        assert!(fen.ok);
        let fail = judge(
            &book,
            &facts("central_budget", None, 500_000_000, 0, 149_999_999),
            at,
        );
        assert_eq!(fail.status, Status::Fail);
        assert_eq!(
            fail.shown().unwrap().2.shortfall(),
            Money::checked_from_fen(1)
        );
    }

    /// Before the rules' period in force no floor counts: review, nothing shown.
    #[test]
    fn a_rule_not_in_force_does_not_count() {
        let book = RuleBook::builtin().unwrap();
        let j = judge(
            &book,
            &facts("central_budget", None, 100, 0, 30),
            day(2020, 1, 1),
        );
        assert_eq!(j.status, Status::Review);
        assert!(j.shown().is_none());
        assert!(j.rules.iter().any(|r| r.outcome == Outcome::NotInForce));
    }

    /// Gansu's provincial floor applies in Gansu only; elsewhere it is listed as another
    /// province's, and the proposal is under review.
    #[test]
    fn a_provincial_floor_applies_in_its_province_only() {
        let book = RuleBook::builtin().unwrap();
        let at = day(2025, 6, 30);
        let gansu = judge(
            &book,
            &facts("provincial_linkage", Some("62"), 0, 1_000, 200),
            at,
        );
        assert_eq!(gansu.status, Status::Pass);
        let elsewhere = judge(
            &book,
            &facts("provincial_linkage", Some("52"), 0, 1_000, 200),
            at,
        );
        assert_eq!(elsewhere.status, Status::Review);
        assert!(elsewhere
            .rules
            .iter()
            .any(|r| r.outcome == Outcome::OtherProvince));
    }

    /// A failing floor whose base was never read, or amounts in doubt, are under review; a
    /// passing one on read funds is not.
    #[test]
    fn doubt_moves_a_judged_row_to_review() {
        let book = RuleBook::builtin().unwrap();
        let at = day(2025, 6, 30);
        let mut f = facts("central_budget", None, 0, 0, 100);
        f.unread[Fund::Central.index()] = true;
        let j = judge(&book, &f, at);
        assert_eq!(
            (j.status, j.doubt),
            (Status::Review, Some(Doubt::BaseUnread))
        );
        assert_eq!(j.failed, 1);
        let mut f = facts("central_budget", None, 1_000, 0, 300);
        f.unit_in_doubt = true;
        let j = judge(&book, &f, at);
        assert_eq!((j.status, j.doubt), (Status::Review, Some(Doubt::Unit)));
        f.unit_in_doubt = false;
        f.unread[Fund::Provincial.index()] = true;
        assert_eq!(judge(&book, &f, at).status, Status::Pass);
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
            let funds = [
                Some(base.whole_fen()),
                Some(provincial.whole_fen()),
                None,
                None,
                None,
            ];
            let got = FloorFen::judge(&params, &funds, labour.whole_fen()).outcome();
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
