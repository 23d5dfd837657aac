//! Citizens' estimates: the subsidies a worker may claim under the province's texts, each
//! eligible, ineligible (with the reason) or expired (with the period), and the total of the
//! eligible ones. Amounts paid to whoever organised the work are listed apart.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::date::Date;
use crate::field::Fields;
use crate::money::Money;
use crate::options::read_options;
use crate::problem::Problem;
use crate::raw::Raw;
use crate::region::Province;
use crate::rules::benefit::{Benefit, BenefitKind, Flag, Group, Payee, Per, Work};
use crate::rules::RuleBook;
use crate::rules::{cite, CitationRef};

/// The most training days counted.
const MAX_TRAINING_DAYS: u32 = 366;

/// Whether an item can be claimed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum ItemStatus {
    /// The profile meets every condition.
    Eligible,
    /// A condition does not hold (the reason says which).
    Ineligible,
    /// The policy is not in force at the date.
    Expired,
}

/// One subsidy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Item {
    /// The rule id.
    pub id: String,
    /// Its Chinese name.
    pub name: String,
    /// The amount, yuan (per day × days for a daily allowance).
    pub amount: Money,
    /// The amount is a ceiling (最高不超过).
    pub up_to: bool,
    /// The outcome.
    pub status: ItemStatus,
    /// Whether the profile meets the item's conditions, the date aside: false for an
    /// ineligible item, and for an expired one that would not apply to this person anyway
    /// (a page lists such an item under neither the amounts nor the expired policies).
    pub applicable: bool,
    /// The policy's last day in force, for an item that has expired.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ended: Option<Date>,
    /// Why, in Chinese.
    pub reason: String,
    /// Who is paid.
    pub payee: Payee,
    /// The policy sentence.
    pub citation: CitationRef,
    /// How the rule was read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// An estimate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Estimate {
    /// The date the rules were selected at.
    pub as_of: Date,
    /// The rule book version.
    pub rule_book_version: String,
    /// The province, when it could be read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub province: Option<Province>,
    /// Subsidies paid to the worker.
    pub items: Vec<Item>,
    /// Subsidies paid to others because of this worker (e.g. the organiser's tracking-service
    /// subsidy); never in `total`.
    pub related: Vec<Item>,
    /// The sum of the eligible items, yuan (a ceiling where an item is).
    pub total: Money,
    /// Whether `total` includes a ceiling rather than a fixed sum.
    pub total_up_to: bool,
    /// A Chinese sentence on the whole; when nothing can be claimed, it says what to do
    /// instead.
    pub message: String,
    /// The province's personal-subsidy policies at the date, as soon as the province and the
    /// date are read (also while other answers are missing or wrong): what a page says before
    /// the form.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policies: Option<Policies>,
    /// Problems with the profile (no estimate is made).
    pub errors: Vec<Problem>,
    /// Remarks.
    pub warnings: Vec<Problem>,
}

/// A province's personal-subsidy policies at the date of an estimate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Policies {
    /// How many the rule book holds for the province (paid to the worker or to others).
    pub count: u32,
    /// How many of them are in force at the date.
    pub in_force: u32,
    /// When none is in force and every one has ended: the last day any was in force.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ended: Option<Date>,
    /// When none is in force: a Chinese notice saying so and what to do instead.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notice: Option<String>,
}

/// Where to ask when the rule book has nothing to offer: the worker's local human-resources
/// and social-security office, or the national 12333 hotline.
const ASK_INSTEAD: &str =
    "请向户籍所在地或就业地的人社部门咨询现行政策，或拨打 12333 人社服务热线。";

/// The personal-subsidy policies of `province` at `as_of`.
fn policies(book: &RuleBook, province: &Province, as_of: Date) -> Option<Policies> {
    let mut count = 0u32;
    let mut in_force = 0u32;
    let mut ended: Option<Date> = None;
    let mut all_ended = true;
    for b in book
        .benefits
        .iter()
        .filter(|b| b.kind == BenefitKind::PersonalSubsidy && b.applies_in(province))
    {
        count += 1;
        if b.validity.contains(as_of) {
            in_force += 1;
        }
        match b.validity.to.filter(|t| *t < as_of) {
            Some(t) => ended = Some(ended.map_or(t, |e| e.max(t))),
            None => all_ended = false,
        }
    }
    if count == 0 {
        return None;
    }
    let ended = ended.filter(|_| all_ended);
    let notice = (in_force == 0).then(|| match ended {
        Some(day) => format!(
            "{}收录的 {count} 项补贴政策已于 {day} 到期，按 {as_of} 测算均不再执行，没有可申领的补贴。{ASK_INSTEAD}",
            province.name
        ),
        None => format!(
            "{}收录的 {count} 项补贴政策在 {as_of} 均不在执行期内，没有可申领的补贴。{ASK_INSTEAD}",
            province.name
        ),
    });
    Some(Policies {
        count,
        in_force,
        ended,
        notice,
    })
}

/// A worker's profile as read.
struct Profile {
    group: Option<Group>,
    work: Option<Work>,
    organized: bool,
    first_time: bool,
    new_cross_province: bool,
    months_employed: Option<Decimal>,
    training_days: Option<u32>,
}

impl Profile {
    fn flag(&self, f: Flag) -> bool {
        match f {
            Flag::Organized => self.organized,
            Flag::FirstTime => self.first_time,
            Flag::NewCrossProvince => self.new_cross_province,
        }
    }
}

/// Why the profile does not meet a rule (empty: it does).
fn unmet(p: &Profile, b: &Benefit) -> Vec<String> {
    let prm = &b.params;
    let mut why = Vec::new();
    if let Some(g) = p.group {
        if !prm.groups.is_empty() && !prm.groups.contains(&g) {
            let names: Vec<&str> = prm.groups.iter().map(|g| g.name()).collect();
            why.push(format!("限{}（您填写的是{}）", names.join("、"), g.name()));
        }
    }
    if let Some(w) = p.work {
        if !prm.work.is_empty() && !prm.work.contains(&w) {
            let names: Vec<&str> = prm.work.iter().map(|w| w.name()).collect();
            why.push(format!("限{}（您填写的是{}）", names.join("、"), w.name()));
        }
    }
    for f in &prm.requires {
        if !p.flag(*f) {
            why.push(format!("须{}", f.name()));
        }
    }
    if let Some(min) = prm.min_months_employed {
        match p.months_employed {
            Some(m) if m >= Decimal::from(min) => {}
            Some(m) => why.push(format!(
                "须稳定就业 {min} 个月及以上（您填写的是 {m} 个月）"
            )),
            None => why.push(format!("须稳定就业 {min} 个月及以上（未填写务工月数）")),
        }
    }
    if prm.per == Some(Per::Day) && p.training_days.unwrap_or(0) == 0 {
        why.push("按培训天数计算（未填写培训天数）".to_owned());
    }
    why
}

/// A field of a citizen's profile for the subsidy estimate: its key in the profile's JSON
/// object (and a problem's path), written once, here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProfileField {
    /// 户籍省份.
    Province,
    /// 人员类别.
    Group,
    /// 就业方式.
    Work,
    /// 是否通过有组织劳务输出.
    Organized,
    /// 是否首次外出就业.
    FirstTime,
    /// 是否新跨省务工.
    NewCrossProvince,
    /// 务工月数.
    MonthsEmployed,
    /// 培训天数.
    TrainingDays,
}

impl ProfileField {
    /// Every field, in the order they are read.
    pub const ALL: [ProfileField; 8] = [
        ProfileField::Province,
        ProfileField::Group,
        ProfileField::Work,
        ProfileField::Organized,
        ProfileField::FirstTime,
        ProfileField::NewCrossProvince,
        ProfileField::MonthsEmployed,
        ProfileField::TrainingDays,
    ];

    /// The key in the profile's JSON object: `monthsEmployed`.
    pub const fn key(self) -> &'static str {
        match self {
            ProfileField::Province => "province",
            ProfileField::Group => "group",
            ProfileField::Work => "work",
            ProfileField::Organized => "organized",
            ProfileField::FirstTime => "firstTime",
            ProfileField::NewCrossProvince => "newCrossProvince",
            ProfileField::MonthsEmployed => "monthsEmployed",
            ProfileField::TrainingDays => "trainingDays",
        }
    }
}

/// Estimates the subsidies for a profile given as loose input
/// `{ province, group, work, organized?, firstTime?, newCrossProvince?, monthsEmployed?,
/// trainingDays? }`; options `{ asOf? }` (default: `today`).
///
/// ```
/// use workrelief::{date::Date, raw::Raw, subsidy, RuleBook};
/// let book = RuleBook::builtin().unwrap();
/// let profile = Raw::from_json(r#"{"province": "贵州", "group": "脱贫人口",
///     "work": "out_of_province", "organized": true, "firstTime": true}"#).unwrap();
/// let options = Raw::from_json(r#"{"asOf": "2025-06-30"}"#).unwrap();
/// let e = subsidy::estimate(&book, &profile, &options, Date::new(2026, 11, 23).unwrap());
/// assert_eq!(e.total.to_string(), "1000.00");
/// ```
pub fn estimate(book: &RuleBook, profile: &Raw, options: &Raw, today: Date) -> Estimate {
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    let as_of = read_options(options, &mut errors, &mut warnings).unwrap_or(today);
    let mut f = Fields::default();
    if !matches!(profile, Raw::Map(_)) {
        f.error(
            "input.wrong_type",
            "",
            format!("个人情况应为对象，实际为{}", profile.type_name_zh()),
        );
    }
    f.unknown_keys(profile, "", &ProfileField::ALL.map(ProfileField::key));
    let at = |field: ProfileField| (profile.get(field.key()), field.key());
    let (raw, key) = at(ProfileField::Province);
    let province = f.province(raw, key, "户籍省份", true);
    let (raw, key) = at(ProfileField::Group);
    let group = f.group(raw, key);
    let (raw, key) = at(ProfileField::Work);
    let work = f.work(raw, key);
    let mut flag = |field: ProfileField, label: &'static str| {
        let (raw, key) = at(field);
        f.yes_no(raw, key, label).unwrap_or(false)
    };
    let organized = flag(ProfileField::Organized, "是否通过有组织劳务输出");
    let first_time = flag(ProfileField::FirstTime, "是否首次外出就业");
    let new_cross_province = flag(ProfileField::NewCrossProvince, "是否新跨省务工");
    let (raw, key) = at(ProfileField::MonthsEmployed);
    let months_employed = f.months(raw, key, "务工月数", false);
    let (raw, days_key) = at(ProfileField::TrainingDays);
    let training_days = f.months(raw, days_key, "培训天数", false).and_then(|d| {
        let whole = d.trunc() == d && d <= Decimal::from(MAX_TRAINING_DAYS);
        if !whole {
            f.error(
                "input.not_a_duration",
                days_key,
                format!("培训天数应为 0 到 {MAX_TRAINING_DAYS} 之间的整数"),
            );
        }
        // `30.0` is 30 days: the mantissa only once the scale is gone.
        whole
            .then(|| u32::try_from(d.normalize().mantissa()).ok())
            .flatten()
    });
    errors.append(&mut f.errors);
    warnings.append(&mut f.warnings);

    let mut out = Estimate {
        as_of,
        rule_book_version: book.version.clone(),
        province: province.copied(),
        items: Vec::new(),
        related: Vec::new(),
        total: Money::ZERO,
        total_up_to: false,
        message: String::new(),
        policies: None,
        errors,
        warnings,
    };
    // The date is today when `options.asOf` could not be read: no notice for a date not asked.
    if !out.errors.iter().any(|e| e.field.starts_with("options")) {
        out.policies = province.and_then(|p| policies(book, p, as_of));
    }
    if !out.errors.is_empty() {
        out.message = "填写的信息有误，请按提示修改后再测算。".to_owned();
        return out;
    }
    let Some(province) = province else {
        return out;
    };
    out.warnings.extend(crate::horizon::for_benefits(
        book,
        Some(province.code),
        as_of,
        |b| b.kind == BenefitKind::PersonalSubsidy,
    ));
    let p = Profile {
        group,
        work,
        organized,
        first_time,
        new_cross_province,
        months_employed,
        training_days,
    };
    for b in book
        .benefits
        .iter()
        .filter(|b| b.kind == BenefitKind::PersonalSubsidy && b.applies_in(province))
    {
        let per = b.params.amount.unwrap_or(Money::ZERO);
        let amount = match b.params.per {
            Some(Per::Day) => per
                .yuan()
                .checked_mul(Decimal::from(p.training_days.unwrap_or(0)))
                .and_then(|d| Money::from_decimal(d).ok())
                .unwrap_or(Money::ZERO),
            _ => per,
        };
        let why = unmet(&p, b);
        let ended = b.validity.to.filter(|t| as_of > *t);
        let (status, reason) = if !b.validity.contains(as_of) {
            let period = match (b.validity.from, ended) {
                (_, Some(t)) => format!("政策执行期限截至 {t}，在 {as_of} 已过期"),
                (Some(f), _) => format!("政策自 {f} 起实施，在 {as_of} 尚未生效"),
                _ => format!("政策在 {as_of} 不在有效期内"),
            };
            let anyway = if why.is_empty() {
                String::new()
            } else {
                format!("；按您填写的情况本也不符合：{}", why.join("；"))
            };
            (
                ItemStatus::Expired,
                format!("{period}，不计入合计{anyway}。"),
            )
        } else if why.is_empty() {
            let how = match b.params.per {
                Some(Per::Day) => format!(
                    "每天 {} 元 × {} 天",
                    per.grouped(),
                    p.training_days.unwrap_or(0)
                ),
                _ if b.params.up_to => format!("最高 {} 元，具体标准由当地制定", per.grouped()),
                _ => format!("{} 元", per.grouped()),
            };
            (ItemStatus::Eligible, format!("符合条件：{how}。"))
        } else {
            (
                ItemStatus::Ineligible,
                format!("不符合：{}。", why.join("；")),
            )
        };
        let item = Item {
            id: b.id.clone(),
            name: b.title.clone(),
            amount,
            up_to: b.params.up_to,
            status,
            applicable: why.is_empty(),
            ended: ended.filter(|_| status == ItemStatus::Expired),
            reason,
            payee: b.payee,
            citation: cite(&b.citation, book.document(&b.citation.document)),
            note: b.note.clone(),
        };
        if b.payee == Payee::Worker {
            if item.status == ItemStatus::Eligible {
                out.total = out.total.checked_add(item.amount).unwrap_or(out.total);
                out.total_up_to |= item.up_to;
            }
            out.items.push(item);
        } else {
            out.related.push(item);
        }
    }
    out.message = if out.items.is_empty() {
        let covered = book.benefit_provinces(BenefitKind::PersonalSubsidy);
        format!(
            "本规则库未收录{}面向个人的补贴金额标准（已收录：{}），请向当地人社部门咨询。",
            province.name,
            covered.join("、")
        )
    } else if let Some(notice) = out.policies.as_ref().and_then(|p| p.notice.clone()) {
        notice
    } else {
        let count = |status: ItemStatus| {
            out.items
                .iter()
                .filter(|i| i.status == status && (i.applicable || status != ItemStatus::Expired))
                .count()
        };
        let (eligible, expired) = (count(ItemStatus::Eligible), count(ItemStatus::Expired));
        let mut m = if eligible == 0 {
            format!("按您填写的情况，{}暂无可申领的补贴", province.name)
        } else {
            format!(
                "{}：可申领 {eligible} 项，合计{} {} 元",
                province.name,
                if out.total_up_to { "最高" } else { "" },
                out.total.grouped()
            )
        };
        if expired > 0 {
            m.push_str(&format!("；另有 {expired} 项政策在 {as_of} 已过期，不计入"));
        }
        m.push('。');
        if eligible == 0 {
            m.push_str(ASK_INSTEAD);
        }
        m
    };
    out
}

/// A worker's profile as a caller writes it (for the TypeScript declaration; read loosely
/// by [`estimate`]).
#[derive(Debug, Clone, Default, Serialize, serde::Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct ProfileInput {
    /// 户籍省份: a name or a GB/T 2260 code.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string | number"))]
    pub province: String,
    /// 人员类别 (`poverty_alleviated` … or the Chinese name).
    pub group: String,
    /// `out_of_province`, `in_province_out_of_county` or `local` (or the Chinese name).
    pub work: String,
    /// Went through organised labour export.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub organized: Option<bool>,
    /// The first time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub first_time: Option<bool>,
    /// Newly working in another province.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub new_cross_province: Option<bool>,
    /// Months in stable employment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional, type = "number | string"))]
    pub months_employed: Option<String>,
    /// Days of vocational training.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional, type = "number | string"))]
    pub training_days: Option<String>,
}
