//! Benefit rules: recognition of employment-assistance workshops (就业帮扶车间 / 乡村就业工厂),
//! the rewards employers earn per person they employ, one-time awards a reviewer grants, and
//! the subsidies a worker may claim. Like the ratio rules they are data in `rules.json`
//! (`benefits`), each with its validity and a verbatim citation.

use serde::Serialize;

use super::figures::{self, Measure, Num};
use super::{Citation, Document, Jurisdiction, Reader, RuleBookErrorKind, Validity};
use crate::loose::{self, Entries};
use crate::money::{Money, Unit};
use crate::raw::{index, join, Raw};
use crate::region::Province;
use crate::text;

/// The group a person belongs to, as the policy texts name them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum Group {
    /// 脱贫人口.
    PovertyAlleviated,
    /// 防止返贫监测对象 (监测帮扶对象).
    Monitored,
    /// 易地搬迁人口.
    Relocated,
    /// 农村低收入人口.
    LowIncome,
    /// Anyone else.
    Other,
}

impl Group {
    /// Every group.
    pub const ALL: [Group; 5] = [
        Group::PovertyAlleviated,
        Group::Monitored,
        Group::Relocated,
        Group::LowIncome,
        Group::Other,
    ];

    /// The name used in JSON.
    pub fn key(self) -> &'static str {
        match self {
            Group::PovertyAlleviated => "poverty_alleviated",
            Group::Monitored => "monitored",
            Group::Relocated => "relocated",
            Group::LowIncome => "low_income",
            Group::Other => "other",
        }
    }

    /// The Chinese name.
    pub fn name(self) -> &'static str {
        match self {
            Group::PovertyAlleviated => "脱贫人口",
            Group::Monitored => "防止返贫监测对象",
            Group::Relocated => "易地搬迁人口",
            Group::LowIncome => "农村低收入人口",
            Group::Other => "其他人员",
        }
    }

    /// Reads a group from its key or a Chinese name people write.
    pub fn parse(input: &str) -> Option<Group> {
        let t = text::fold_compact(input);
        let t = t.as_str();
        Group::ALL.into_iter().find(|g| g.key() == t).or(match t {
            "脱贫人口" | "脱贫户" | "脱贫劳动力" | "脱贫人员" | "建档立卡脱贫人口" => {
                Some(Group::PovertyAlleviated)
            }
            "监测对象"
            | "防止返贫监测对象"
            | "监测帮扶对象"
            | "防返贫监测对象"
            | "边缘易致贫人口"
            | "脱贫不稳定人口"
            | "突发严重困难户" => Some(Group::Monitored),
            "易地搬迁人口" | "搬迁人口" | "易地扶贫搬迁人口" | "易地搬迁劳动力" | "搬迁劳动力" => {
                Some(Group::Relocated)
            }
            "农村低收入人口" | "低收入人口" | "农村低保对象" | "农村特困人员" => {
                Some(Group::LowIncome)
            }
            "其他" | "其他人员" | "一般人员" | "普通人员" => Some(Group::Other),
            _ => None,
        })
    }
}

/// Where a worker works, relative to the registered residence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum Work {
    /// 省外就业.
    OutOfProvince,
    /// 户籍所在县以外省内就业.
    InProvinceOutOfCounty,
    /// 本县（就地就近）就业.
    Local,
}

impl Work {
    /// The name used in JSON.
    pub fn key(self) -> &'static str {
        match self {
            Work::OutOfProvince => "out_of_province",
            Work::InProvinceOutOfCounty => "in_province_out_of_county",
            Work::Local => "local",
        }
    }

    /// The Chinese name.
    pub fn name(self) -> &'static str {
        match self {
            Work::OutOfProvince => "省外就业",
            Work::InProvinceOutOfCounty => "户籍所在县以外省内就业",
            Work::Local => "本县就业",
        }
    }

    /// Reads a kind of work from its key or Chinese name.
    pub fn parse(input: &str) -> Option<Work> {
        let t = text::fold_compact(input);
        [
            Work::OutOfProvince,
            Work::InProvinceOutOfCounty,
            Work::Local,
        ]
        .into_iter()
        .find(|w| w.key() == t)
        .or(match t.as_str() {
            "省外" | "省外就业" | "跨省" | "跨省务工" | "跨省就业" => {
                Some(Work::OutOfProvince)
            }
            "省内县外" | "省内" | "县外省内" | "户籍所在县以外省内就业" | "省内县外就业" => {
                Some(Work::InProvinceOutOfCounty)
            }
            "本县" | "本地" | "就地就近" | "县内" | "本县就业" => Some(Work::Local),
            _ => None,
        })
    }
}

/// A yes/no fact about a worker that a subsidy requires.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub enum Flag {
    /// Went through organised labour export (有组织劳务输出).
    Organized,
    /// For the first time (首次).
    FirstTime,
    /// Newly working in another province (新跨省务工).
    NewCrossProvince,
}

impl Flag {
    /// The name used in JSON.
    pub fn key(self) -> &'static str {
        match self {
            Flag::Organized => "organized",
            Flag::FirstTime => "firstTime",
            Flag::NewCrossProvince => "newCrossProvince",
        }
    }

    /// The condition in Chinese.
    pub fn name(self) -> &'static str {
        match self {
            Flag::Organized => "通过有组织劳务输出方式就业",
            Flag::FirstTime => "首次外出就业",
            Flag::NewCrossProvince => "新跨省务工",
        }
    }
}

/// What a benefit rule is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum BenefitKind {
    /// Numeric criteria for recognising a workshop.
    WorkshopRecognition,
    /// An amount per qualifying person an employer employs.
    PerPersonAward,
    /// A one-time award whose criteria a reviewer judges (advice, never computed).
    OneTimeAward,
    /// An amount a worker (or whoever organised the work) may claim.
    PersonalSubsidy,
}

/// Who receives the money.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum Payee {
    /// The worker.
    Worker,
    /// The employer or workshop.
    Employer,
    /// Whoever organised the work (人力资源服务机构、劳务公司 …).
    Organizer,
    /// An organisation that builds a base, brand or incubator.
    Organisation,
}

/// How an amount is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum Per {
    /// Once per person.
    Person,
    /// Once.
    Once,
    /// Per day (of training).
    Day,
}

/// The parameters of a benefit rule; which apply depends on its kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct BenefitParams {
    /// The amount, yuan.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<Money>,
    /// How the amount is counted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub per: Option<Per>,
    /// The amount is a ceiling (最高不超过), not a fixed sum.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub up_to: bool,
    /// The groups that qualify (empty: everyone).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<Group>,
    /// The kinds of work that qualify (empty: any).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub work: Vec<Work>,
    /// Facts that must hold.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub requires: Vec<Flag>,
    /// Least number of qualifying persons (recognition).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_persons: Option<u32>,
    /// Least contract length, months (inclusive).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_contract_months: Option<u32>,
    /// Least annual income, yuan (inclusive).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_annual_income: Option<Money>,
    /// Least months employed (inclusive).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_months_employed: Option<u32>,
    /// The province where the person must be registered (户籍).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hukou_province: Option<String>,
    /// Only a recognised workshop earns it.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub requires_recognition: bool,
    /// Only persons who meet the recognition rule's criteria count.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub recognition_criteria: bool,
    /// The employer cannot claim it twice for the same person.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub once_per_person: bool,
    /// The most years it may be granted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_years: Option<u32>,
    /// Who receives it, in Chinese (e.g. 就业帮扶车间).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recipient: Option<String>,
}

/// A benefit rule.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Benefit {
    /// Stable id, e.g. `workshop.jilin.recognition`.
    pub id: String,
    /// Short Chinese title, e.g. 一次性交通补助.
    pub title: String,
    /// Where it applies.
    pub jurisdiction: Jurisdiction,
    /// What it is.
    pub kind: BenefitKind,
    /// Who receives the money.
    pub payee: Payee,
    /// Its numbers and conditions.
    pub params: BenefitParams,
    /// For criteria a person must judge: what to look at, in Chinese.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub advice: Option<String>,
    /// The period in force.
    pub validity: Validity,
    /// The policy sentence it rests on.
    pub citation: Citation,
    /// How it was read, for reviewers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl super::RuleBook {
    /// The provinces that have benefit rules of `kind`, in book order, each once.
    pub fn benefit_provinces(&self, kind: BenefitKind) -> Vec<&'static str> {
        let mut names: Vec<&'static str> = Vec::new();
        for b in self.benefits.iter().filter(|b| b.kind == kind) {
            if let Jurisdiction::Province(p) = b.jurisdiction {
                if !names.contains(&p.name) {
                    names.push(p.name);
                }
            }
        }
        names
    }
}

impl Benefit {
    /// Whether the rule applies in `province`.
    pub fn applies_in(&self, province: &Province) -> bool {
        match self.jurisdiction {
            Jurisdiction::National => true,
            Jurisdiction::Province(p) => p.code == province.code,
            // Estimates and workshop checks are asked by province: a county's benefit is not
            // counted for the whole province.
            Jurisdiction::Local(..) => false,
        }
    }
}

fn enum_list<T>(
    reader: &mut Reader,
    entries: &Entries,
    path: &str,
    key: &str,
    parse: impl Fn(&str) -> Option<T>,
    expected: &'static str,
) -> Vec<T> {
    let Some(raw) = loose::get(entries, key) else {
        return Vec::new();
    };
    let p = join(path, key);
    let Raw::List(items) = raw else {
        reader.wrong_type(&p, "数组", raw);
        return Vec::new();
    };
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        match item {
            Raw::Str(s) => match parse(s) {
                Some(v) => out.push(v),
                None => reader.err(index(&p, i), RuleBookErrorKind::UnknownValue(expected)),
            },
            other => reader.wrong_type(&index(&p, i), "文本", other),
        }
    }
    out
}

impl Reader {
    fn count(&mut self, entries: &Entries, path: &str, key: &str) -> Option<u32> {
        match loose::get(entries, key)? {
            Raw::UInt(n) => match u32::try_from(*n) {
                Ok(n) => Some(n),
                Err(_) => {
                    self.wrong_type(&join(path, key), "不太大的非负整数", &Raw::UInt(*n));
                    None
                }
            },
            other => {
                self.wrong_type(&join(path, key), "非负整数", other);
                None
            }
        }
    }

    fn flag(&mut self, entries: &Entries, path: &str, key: &str) -> bool {
        match loose::get(entries, key) {
            None => false,
            Some(Raw::Bool(b)) => *b,
            Some(other) => {
                self.wrong_type(&join(path, key), "布尔值", other);
                false
            }
        }
    }

    fn amount(&mut self, entries: &Entries, path: &str, key: &str) -> Option<Money> {
        let p = join(path, key);
        match loose::get(entries, key)? {
            // Amounts are strings so that no binary float ever holds them.
            Raw::Str(s) => match Money::parse(s, Unit::Yuan) {
                Ok(m) => Some(m),
                Err(_) => {
                    self.err(p, RuleBookErrorKind::BadDecimal(s.clone()));
                    None
                }
            },
            other => {
                self.wrong_type(&p, "金额字符串（如 \"1000\"）", other);
                None
            }
        }
    }

    fn params(&mut self, raw: &Raw, path: &str) -> Option<BenefitParams> {
        let p = self.object(
            raw,
            path,
            &[
                "amount",
                "per",
                "upTo",
                "groups",
                "work",
                "requires",
                "minPersons",
                "minContractMonths",
                "minAnnualIncome",
                "minMonthsEmployed",
                "hukouProvince",
                "requiresRecognition",
                "recognitionCriteria",
                "oncePerPerson",
                "maxYears",
                "recipient",
            ],
        )?;
        let per = match self.opt_str(p, path, "per").as_deref() {
            None => None,
            Some("person") => Some(Per::Person),
            Some("once") => Some(Per::Once),
            Some("day") => Some(Per::Day),
            Some(_) => {
                self.err(
                    join(path, "per"),
                    RuleBookErrorKind::UnknownValue("person、once 或 day"),
                );
                None
            }
        };
        let hukou_province = self.opt_str(p, path, "hukouProvince");
        if let Some(code) = &hukou_province {
            if Province::by_code(code).is_none() {
                self.err(
                    join(path, "hukouProvince"),
                    RuleBookErrorKind::UnknownJurisdiction(code.clone()),
                );
            }
        }
        Some(BenefitParams {
            amount: self.amount(p, path, "amount"),
            per,
            up_to: self.flag(p, path, "upTo"),
            groups: enum_list(self, p, path, "groups", Group::parse, "人员类别"),
            work: enum_list(self, p, path, "work", Work::parse, "就业地点类型"),
            requires: enum_list(
                self,
                p,
                path,
                "requires",
                |s| {
                    [Flag::Organized, Flag::FirstTime, Flag::NewCrossProvince]
                        .into_iter()
                        .find(|f| f.key() == s)
                },
                "organized、firstTime 或 newCrossProvince",
            ),
            min_persons: self.count(p, path, "minPersons"),
            min_contract_months: self.count(p, path, "minContractMonths"),
            min_annual_income: self.amount(p, path, "minAnnualIncome"),
            min_months_employed: self.count(p, path, "minMonthsEmployed"),
            hukou_province,
            requires_recognition: self.flag(p, path, "requiresRecognition"),
            recognition_criteria: self.flag(p, path, "recognitionCriteria"),
            once_per_person: self.flag(p, path, "oncePerPerson"),
            max_years: self.count(p, path, "maxYears"),
            recipient: self.opt_str(p, path, "recipient"),
        })
    }

    pub(super) fn benefit(
        &mut self,
        raw: &Raw,
        path: &str,
        documents: &[Document],
    ) -> Option<Benefit> {
        let r = self.object(
            raw,
            path,
            &[
                "id",
                "title",
                "jurisdiction",
                "kind",
                "payee",
                "params",
                "advice",
                "validity",
                "citation",
                "note",
            ],
        )?;
        let id = self.req_id(r, path);
        let title = self.req_str(r, path, "title");
        let jurisdiction = self.jurisdiction(r, path);
        let kind = match self.req_str(r, path, "kind").as_deref() {
            Some("workshop_recognition") => Some(BenefitKind::WorkshopRecognition),
            Some("per_person_award") => Some(BenefitKind::PerPersonAward),
            Some("one_time_award") => Some(BenefitKind::OneTimeAward),
            Some("personal_subsidy") => Some(BenefitKind::PersonalSubsidy),
            Some(other) => {
                self.err(
                    join(path, "kind"),
                    RuleBookErrorKind::UnknownRuleKind(other.to_owned()),
                );
                None
            }
            None => None,
        };
        let payee = match self.req_str(r, path, "payee").as_deref() {
            Some("worker") => Some(Payee::Worker),
            Some("employer") => Some(Payee::Employer),
            Some("organizer") => Some(Payee::Organizer),
            Some("organisation") => Some(Payee::Organisation),
            Some(_) => {
                self.err(
                    join(path, "payee"),
                    RuleBookErrorKind::UnknownValue("worker、employer、organizer 或 organisation"),
                );
                None
            }
            None => None,
        };
        let params = match loose::get(r, "params") {
            Some(raw) => self.params(raw, &join(path, "params")),
            None => {
                self.err(join(path, "params"), RuleBookErrorKind::Missing);
                None
            }
        };
        let advice = self.opt_str(r, path, "advice");
        if let (Some(kind), Some(params)) = (kind, &params) {
            self.consistent(kind, params, advice.is_some(), path);
        }
        let validity = self.validity(r, path);
        let citation = self.citation(r, path, documents);
        if let (Some(params), Some(citation)) = (&params, &citation) {
            self.figures_in_quote(params, &citation.quote, &join(path, "params"));
        }
        let note = self.opt_str(r, path, "note");
        Some(Benefit {
            id: id?,
            title: title?,
            jurisdiction: jurisdiction?,
            kind: kind?,
            payee: payee?,
            params: params?,
            advice,
            validity,
            citation: citation?,
            note,
        })
    }

    /// Every amount, count and period of a benefit must be stated in its own quote (`1000元`,
    /// `3万元`, `3人`, `6个月`, `3年`).
    fn figures_in_quote(&mut self, p: &BenefitParams, quote: &str, path: &str) {
        // Amounts are whole fen: yuan with 2 places.
        let yuan = |m: Option<Money>| Some(Num::new(u64::try_from(m?.fen()).ok()?, 2));
        let count = |n: Option<u32>| n.map(|n| Num::new(u64::from(n), 0));
        let wanted = [
            ("amount", "金额", Measure::Yuan, yuan(p.amount)),
            (
                "minAnnualIncome",
                "年收入下限",
                Measure::Yuan,
                yuan(p.min_annual_income),
            ),
            (
                "minPersons",
                "人数下限",
                Measure::Persons,
                count(p.min_persons),
            ),
            (
                "minContractMonths",
                "合同期限下限",
                Measure::Months,
                count(p.min_contract_months),
            ),
            (
                "minMonthsEmployed",
                "就业月数下限",
                Measure::Months,
                count(p.min_months_employed),
            ),
            (
                "maxYears",
                "最多享受年数",
                Measure::Years,
                count(p.max_years),
            ),
        ];
        for (key, what, measure, value) in wanted {
            let Some(value) = value else {
                continue;
            };
            if let Err(quoted) = figures::stated(quote, measure, value) {
                let unit = measure.unit();
                self.err(
                    join(path, key),
                    RuleBookErrorKind::FigureNotInQuote {
                        what,
                        value: format!("{}{unit}", value.show()),
                        quoted,
                    },
                );
            }
        }
    }

    /// Each kind needs its own parameters.
    fn consistent(&mut self, kind: BenefitKind, p: &BenefitParams, has_advice: bool, path: &str) {
        let params = join(path, "params");
        let mut need = |ok: bool, key: &str| {
            if !ok {
                self.err(join(&params, key), RuleBookErrorKind::Missing);
            }
        };
        match kind {
            BenefitKind::WorkshopRecognition => {
                need(p.min_persons.is_some(), "minPersons");
                need(!p.groups.is_empty(), "groups");
            }
            BenefitKind::PerPersonAward | BenefitKind::PersonalSubsidy => {
                need(p.amount.is_some(), "amount");
                need(!p.groups.is_empty(), "groups");
            }
            BenefitKind::OneTimeAward => {
                need(p.amount.is_some(), "amount");
                if !has_advice {
                    self.err(join(path, "advice"), RuleBookErrorKind::Missing);
                }
            }
        }
    }
}
