//! Checking a workshop's roster (就业帮扶车间 / 乡村就业工厂): whether the province's numeric
//! recognition criteria hold, which employees count, and the per-person reward the employer
//! may claim, each with the policy sentence it rests on.
//!
//! Architecture invariant: identity numbers leave this module masked only; an invalid number
//! is an error on its row and the person is not counted; a person listed twice counts once.

use std::collections::HashMap;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::date::Date;
use crate::field::Fields;
use crate::idcard::{mask, mask_ids, ResidentId};
use crate::money::Money;
use crate::options::read_options;
use crate::problem::Problem;
use crate::raw::{index, join, Raw};
use crate::region::Province;
use crate::rules::benefit::{Benefit, BenefitKind, Group, Payee};
use crate::rules::RuleBook;
use crate::rules::{cite, CitationRef};

/// The most employees one roster may list.
pub const MAX_EMPLOYEES: usize = 200_000;

/// The outcome of the recognition criteria.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum RecognitionStatus {
    /// The numeric criteria hold.
    Recognized,
    /// They do not.
    NotRecognized,
    /// The province's texts give no numeric criteria; the authority decides.
    NoRule,
    /// The criteria are not in force at the date.
    Expired,
}

/// The outcome of a per-person reward.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum RewardStatus {
    /// The employer may claim the amount.
    Eligible,
    /// The amount holds only if the workshop is recognised by the authority.
    Conditional,
    /// Not claimable (not recognised, or nobody qualifies).
    Ineligible,
    /// The rule is not in force at the date.
    Expired,
    /// The province has no per-person reward in the rule book.
    NoRule,
}

/// Recognition of the workshop.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Recognition {
    /// The outcome.
    pub status: RecognitionStatus,
    /// The rule applied.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    /// Persons who meet the criteria (each counted once).
    pub qualifying: u32,
    /// Persons the criteria require.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub required: Option<u32>,
    /// Chinese explanation.
    pub message: String,
    /// The policy sentence.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub citation: Option<CitationRef>,
    /// How the rule's period was read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub validity_note: Option<String>,
}

/// The per-person reward.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Reward {
    /// The outcome.
    pub status: RewardStatus,
    /// The rule applied.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    /// Its title.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The amount the employer may claim, yuan (0.00 unless eligible or conditional).
    pub amount: Money,
    /// Persons who count.
    pub persons: u32,
    /// The amount per person, yuan.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub per_person: Option<Money>,
    /// Chinese explanation.
    pub message: String,
    /// The policy sentence.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub citation: Option<CitationRef>,
    /// How the rule was read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A one-time award whose criteria a reviewer judges.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Award {
    /// The rule.
    pub rule: String,
    /// Its title.
    pub title: String,
    /// The amount, yuan.
    pub amount: Money,
    /// `advice` (a reviewer judges) or `expired`.
    pub status: String,
    /// What to look at, or why it is not in force.
    pub message: String,
    /// The policy sentence.
    pub citation: CitationRef,
}

/// One employee as checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct EmployeeResult {
    /// Row in the file, or position in the list from 1.
    pub row: u32,
    /// The identity number, masked (`2201**********1239`).
    pub id: String,
    /// 姓名, when given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The group, when it could be read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<Group>,
    /// Meets the recognition criteria.
    pub qualifying: bool,
    /// Counts for the per-person reward.
    pub eligible: bool,
    /// Why, in Chinese.
    pub reasons: Vec<String>,
}

/// The result of checking a roster.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct WorkshopReport {
    /// The date the rules were selected at.
    pub as_of: Date,
    /// The rule book version.
    pub rule_book_version: String,
    /// 车间名称, when given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The province, when it could be read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub province: Option<Province>,
    /// Recognition.
    pub recognition: Recognition,
    /// The per-person reward.
    pub reward: Reward,
    /// One-time awards a reviewer judges.
    pub awards: Vec<Award>,
    /// Every employee listed, in order.
    pub employees: Vec<EmployeeResult>,
    /// Problems: with the roster (no province) or with rows (the row is not counted).
    pub errors: Vec<Problem>,
    /// Remarks (duplicates, unknown fields).
    pub warnings: Vec<Problem>,
}

/// An employee as read.
struct Person {
    row: u32,
    id: Option<ResidentId>,
    shown_id: String,
    name: Option<String>,
    group: Option<Group>,
    contract_months: Option<Decimal>,
    months_employed: Option<Decimal>,
    annual_income: Option<Money>,
    subsidy_claimed: bool,
    hukou: Option<&'static Province>,
    valid: bool,
    duplicate_of: Option<u32>,
}

/// A field of an employee on a workshop's roster: its key in the employee's JSON object (and
/// in a problem's path, `employees[3].annualIncome`), written once, here; a roster file's
/// header map names its columns by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EmployeeField {
    /// 序号: a roster row's ordinal, never read.
    Index,
    /// 身份证号.
    Id,
    /// 姓名.
    Name,
    /// 人员类别.
    Group,
    /// 合同期限（月）.
    ContractMonths,
    /// 务工月数.
    MonthsEmployed,
    /// 年收入.
    AnnualIncome,
    /// 已享受一次性吸纳补贴.
    SubsidyClaimed,
    /// 户籍省份.
    HukouProvince,
    /// The file row the employee was read from (set by the roster reader).
    Row,
}

impl EmployeeField {
    /// The fields an employee's JSON object may have, in the order they are read.
    pub const READ: [EmployeeField; 9] = [
        EmployeeField::Id,
        EmployeeField::Name,
        EmployeeField::Group,
        EmployeeField::ContractMonths,
        EmployeeField::MonthsEmployed,
        EmployeeField::AnnualIncome,
        EmployeeField::SubsidyClaimed,
        EmployeeField::HukouProvince,
        EmployeeField::Row,
    ];

    /// The key in the employee's JSON object: `id`, `annualIncome`.
    pub const fn key(self) -> &'static str {
        match self {
            EmployeeField::Index => "index",
            EmployeeField::Id => "id",
            EmployeeField::Name => "name",
            EmployeeField::Group => "group",
            EmployeeField::ContractMonths => "contractMonths",
            EmployeeField::MonthsEmployed => "monthsEmployed",
            EmployeeField::AnnualIncome => "annualIncome",
            EmployeeField::SubsidyClaimed => "subsidyClaimed",
            EmployeeField::HukouProvince => "hukouProvince",
            EmployeeField::Row => "row",
        }
    }
}

fn read_person(raw: &Raw, i: usize, today: Date, out: &mut Fields) -> Person {
    let position = u32::try_from(i + 1).unwrap_or(u32::MAX);
    let row = match raw.get(EmployeeField::Row.key()) {
        Some(Raw::UInt(n)) => u32::try_from(*n).unwrap_or(position),
        _ => position,
    };
    let path = index("employees", i);
    let mut f = Fields {
        row: Some(row),
        ..Fields::default()
    };
    if !matches!(raw, Raw::Map(_)) {
        f.error(
            "input.wrong_type",
            &path,
            format!("人员应为对象，实际为{}", raw.type_name_zh()),
        );
    }
    f.unknown_keys(raw, &path, &EmployeeField::READ.map(EmployeeField::key));
    let at = |field: EmployeeField| (raw.get(field.key()), join(&path, field.key()));
    let (id_raw, id_field) = at(EmployeeField::Id);
    let (id, shown_id) = match id_raw {
        Some(Raw::Str(s)) if !s.trim().is_empty() => match ResidentId::parse(s, today) {
            Ok(id) => {
                let shown = id.masked();
                (Some(id), shown)
            }
            Err(e) => {
                f.error(e.code(), &id_field, e.to_string());
                (None, mask(s))
            }
        },
        Some(Raw::UInt(_) | Raw::Float(_) | Raw::Int(_)) => {
            // A number cannot hold 18 digits exactly in JavaScript; never echo it.
            f.error(
                "id.not_text",
                &id_field,
                "身份证号应作为文本填写（数字形式会丢失末几位）",
            );
            (None, "******************".to_owned())
        }
        // An empty or blank text, or null, is a missing number (not a wrong type).
        None | Some(Raw::Null | Raw::Str(_)) => {
            f.error("id.missing", &id_field, "身份证号为必填项");
            (None, String::new())
        }
        Some(other) => {
            f.error(
                "input.wrong_type",
                &id_field,
                format!("身份证号应为文本，实际为{}", other.type_name_zh()),
            );
            (None, String::new())
        }
    };
    let (name_raw, name_field) = at(EmployeeField::Name);
    let name = f.text(name_raw, &name_field, "姓名");
    let (group_raw, group_field) = at(EmployeeField::Group);
    let group = f.group(group_raw, &group_field);
    let (raw_months, field) = at(EmployeeField::ContractMonths);
    let contract_months = f.months(raw_months, &field, "合同期限（月）", true);
    let (raw_months, field) = at(EmployeeField::MonthsEmployed);
    let months_employed = f.months(raw_months, &field, "务工月数", true);
    let (income_raw, income_field) = at(EmployeeField::AnnualIncome);
    let annual_income = f.money(income_raw, &income_field, "年收入", true);
    let (claimed_raw, claimed_field) = at(EmployeeField::SubsidyClaimed);
    let subsidy_claimed = f
        .yes_no(claimed_raw, &claimed_field, "已享受一次性吸纳补贴")
        .unwrap_or(false);
    let (hukou_raw, hukou_field) = at(EmployeeField::HukouProvince);
    let hukou = f.province(hukou_raw, &hukou_field, "户籍省份", false);
    let valid = f.errors.is_empty();
    out.errors.append(&mut f.errors);
    out.warnings.append(&mut f.warnings);
    Person {
        row,
        id,
        shown_id,
        name,
        group,
        contract_months,
        months_employed,
        annual_income,
        subsidy_claimed,
        hukou,
        valid,
        duplicate_of: None,
    }
}

fn in_force(b: &Benefit, as_of: Date) -> bool {
    b.validity.contains(as_of)
}

fn period(b: &Benefit) -> String {
    match (b.validity.from, b.validity.to) {
        (Some(f), Some(t)) => format!("{f} 至 {t}"),
        (Some(f), None) => format!("{f} 起"),
        (None, Some(t)) => format!("至 {t}"),
        (None, None) => "未载明".to_owned(),
    }
}

fn expired_message(b: &Benefit, as_of: Date) -> String {
    let when = if b.validity.to.is_some_and(|t| as_of > t) {
        "已过期"
    } else {
        "尚未生效"
    };
    let mut m = format!(
        "“{}”的有效期为 {}，在 {as_of} {when}，不再计算。",
        b.title,
        period(b)
    );
    if let Some(note) = &b.validity.note {
        m.push_str(note);
    }
    m
}

/// Why a person's group is not among `groups`, if it is not.
fn group_reason(p: &Person, groups: &[Group]) -> Option<String> {
    let g = p.group?;
    (!groups.contains(&g)).then(|| format!("人员类别为{}，不属于{}", g.name(), groups_text(groups)))
}

/// The recognition rule's criteria other than the group (contract length, income) that a
/// person does not meet.
fn unmet_criteria(p: &Person, rule: &Benefit) -> Vec<String> {
    let mut reasons = Vec::new();
    let prm = &rule.params;
    if let (Some(min), Some(m)) = (prm.min_contract_months, p.contract_months) {
        if m < Decimal::from(min) {
            reasons.push(format!("合同期限 {m} 个月，不足 {min} 个月"));
        }
    }
    if let (Some(min), Some(inc)) = (prm.min_annual_income, p.annual_income) {
        if inc < min {
            reasons.push(format!(
                "年收入 {} 元，低于 {} 元",
                inc.grouped(),
                min.grouped()
            ));
        }
    }
    reasons
}

fn groups_text(groups: &[Group]) -> String {
    let names: Vec<&str> = groups.iter().map(|g| g.name()).collect();
    names.join("、")
}

/// Checks a roster given as loose input.
///
/// ```
/// use workrelief::{date::Date, idcard::with_check, raw::Raw, workshop, RuleBook};
/// let book = RuleBook::builtin().unwrap();
/// let person = |seq: &str| serde_json::json!({
///     "id": with_check(&format!("22010119900307{seq}")).unwrap(),
///     "group": "脱贫人口", "contractMonths": 3, "monthsEmployed": 3, "annualIncome": 4000 });
/// let roster = serde_json::json!({ "province": "吉林", "employees": [person("123"), person("124"), person("125")] });
/// let raw = Raw::from_json(&roster.to_string()).unwrap();
/// let options = Raw::from_json(r#"{"asOf": "2025-06-30"}"#).unwrap();
/// let report = workshop::check_workshop(&book, &raw, &options, Date::new(2026, 11, 23).unwrap());
/// assert_eq!(report.recognition.qualifying, 3);
/// assert_eq!(report.reward.amount.to_string(), "3000.00");
/// ```
pub fn check_workshop(book: &RuleBook, roster: &Raw, options: &Raw, today: Date) -> WorkshopReport {
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    let as_of = read_options(options, &mut errors, &mut warnings).unwrap_or(today);
    let mut f = Fields::default();
    if !matches!(roster, Raw::Map(_)) {
        f.error(
            "input.wrong_type",
            "",
            format!("花名册应为对象，实际为{}", roster.type_name_zh()),
        );
    }
    f.unknown_keys(roster, "", &["name", "province", "recognized", "employees"]);
    let name = f.text(roster.get("name"), "name", "车间名称");
    let province = f.province(roster.get("province"), "province", "所在省份", true);
    let recognized = f.yes_no(roster.get("recognized"), "recognized", "是否已认定");
    let items: &[Raw] = match roster.get("employees") {
        Some(Raw::List(items)) => items,
        None => {
            f.error("input.required", "employees", "人员名单为必填项");
            &[]
        }
        Some(other) => {
            f.error(
                "input.wrong_type",
                "employees",
                format!("人员名单应为数组，实际为{}", other.type_name_zh()),
            );
            &[]
        }
    };
    if items.len() > MAX_EMPLOYEES {
        f.error(
            "roster.too_many",
            "employees",
            format!("人员超过上限 {MAX_EMPLOYEES} 人，请拆分名单"),
        );
    }
    let mut people: Vec<Person> = items
        .iter()
        .take(MAX_EMPLOYEES)
        .enumerate()
        .map(|(i, raw)| read_person(raw, i, today, &mut f))
        .collect();

    // A person listed twice counts once.
    let mut first: HashMap<String, u32> = HashMap::new();
    for (i, p) in people.iter_mut().enumerate() {
        let Some(id) = &p.id else { continue };
        match first.get(id.as_key()) {
            Some(row) => {
                p.duplicate_of = Some(*row);
                let mut w = Problem::new(
                    "roster.duplicate",
                    join(&index("employees", i), EmployeeField::Id.key()),
                    format!("与第 {row} 行为同一人（{}），只计一次", p.shown_id),
                );
                w.row = Some(p.row);
                f.warnings.push(w);
            }
            None => {
                first.insert(id.as_key().to_owned(), p.row);
            }
        }
    }
    errors.append(&mut f.errors);
    warnings.append(&mut f.warnings);
    if let Some(p) = province {
        warnings.extend(crate::horizon::for_benefits(
            book,
            Some(p.code),
            as_of,
            |b| b.kind != BenefitKind::PersonalSubsidy,
        ));
    }

    let doc = |b: &Benefit| cite(&b.citation, book.document(&b.citation.document));
    let applies = |b: &&Benefit, kind: BenefitKind| {
        b.kind == kind && province.is_some_and(|p| b.applies_in(p))
    };
    let recognition_rule = book
        .benefits
        .iter()
        .find(|b| applies(b, BenefitKind::WorkshopRecognition));
    let reward_rule = book
        .benefits
        .iter()
        .find(|b| applies(b, BenefitKind::PerPersonAward) && b.payee == Payee::Employer);

    let counted = |p: &Person| p.valid && p.duplicate_of.is_none();
    let mut employees: Vec<EmployeeResult> = Vec::with_capacity(people.len());
    let mut qualifying = 0u32;
    let mut persons = 0u32;
    for p in &people {
        let mut reasons = Vec::new();
        if !p.valid {
            reasons.push("该行有错误，未计入".to_owned());
        } else if let Some(row) = p.duplicate_of {
            reasons.push(format!("与第 {row} 行重复，只计一次"));
        }
        // The criteria are read once and serve both recognition and the reward.
        let criteria = recognition_rule
            .filter(|_| counted(p))
            .map(|rule| (rule, unmet_criteria(p, rule)));
        let q = match &criteria {
            Some((rule, unmet)) => {
                let why: Vec<String> = group_reason(p, &rule.params.groups)
                    .into_iter()
                    .chain(unmet.iter().cloned())
                    .collect();
                let ok = why.is_empty();
                if !ok {
                    reasons.extend(why.into_iter().map(|w| format!("不计入认定人数：{w}")));
                }
                ok
            }
            _ => false,
        };
        if q {
            qualifying += 1;
        }
        let e = match reward_rule {
            Some(rule) if counted(p) => {
                let unmet = criteria.as_ref().map(|(_, u)| u.as_slice());
                let why = reward_reasons(p, rule, unmet);
                let ok = why.is_empty();
                if ok {
                    reasons.push(format!("计入{}", rule.title));
                } else {
                    reasons.extend(why.into_iter().map(|w| format!("不计入奖补：{w}")));
                }
                ok
            }
            None if counted(p) => {
                reasons.push("本省没有按人计算的奖补规则".to_owned());
                false
            }
            _ => false,
        };
        if e {
            persons += 1;
        }
        employees.push(EmployeeResult {
            row: p.row,
            id: p.shown_id.clone(),
            name: p.name.as_deref().map(|n| mask_ids(n).into_owned()),
            group: p.group,
            qualifying: q,
            eligible: e,
            reasons,
        });
    }
    people.clear();

    let province_name = province.map_or("所填省份", |p| p.name);
    let recognition = match recognition_rule {
        None => Recognition {
            status: RecognitionStatus::NoRule,
            rule: None,
            qualifying: 0,
            required: None,
            message: format!(
                "{province_name}的政策文件（本规则库收录范围内）没有量化的就业帮扶车间认定标准，是否认定以当地主管部门为准。{}",
                covered(book, BenefitKind::WorkshopRecognition)
            ),
            citation: None,
            validity_note: None,
        },
        Some(rule) => {
            let required = rule.params.min_persons.unwrap_or(0);
            let (status, message) = if !in_force(rule, as_of) {
                (RecognitionStatus::Expired, expired_message(rule, as_of))
            } else if qualifying >= required {
                (
                    RecognitionStatus::Recognized,
                    format!(
                        "符合认定标准的{}共 {qualifying} 人，达到“{required}人以上（含{required}人）”的要求，可认定为就业帮扶车间（以主管部门认定为准）。",
                        groups_text(&rule.params.groups)
                    ),
                )
            } else {
                (
                    RecognitionStatus::NotRecognized,
                    format!(
                        "符合认定标准的{}共 {qualifying} 人，还差 {} 人才达到“{required}人以上（含{required}人）”的要求。",
                        groups_text(&rule.params.groups),
                        required - qualifying
                    ),
                )
            };
            Recognition {
                status,
                rule: Some(rule.id.clone()),
                qualifying,
                required: Some(required),
                message,
                citation: Some(doc(rule)),
                validity_note: rule.validity.note.clone(),
            }
        }
    };

    let reward = match reward_rule {
        None => Reward {
            status: RewardStatus::NoRule,
            rule: None,
            title: None,
            amount: Money::ZERO,
            persons: 0,
            per_person: None,
            message: format!(
                "{province_name}没有收录按人计算的就业帮扶车间奖补标准。{}",
                covered(book, BenefitKind::PerPersonAward)
            ),
            citation: None,
            note: None,
        },
        Some(rule) => {
            let per = rule.params.amount.unwrap_or(Money::ZERO);
            let total = per
                .yuan()
                .checked_mul(Decimal::from(persons))
                .and_then(|d| Money::from_decimal(d).ok())
                .unwrap_or(Money::ZERO);
            let (status, message) =
                reward_status(rule, as_of, &recognition, recognized, persons, per, total);
            let amount = match status {
                RewardStatus::Eligible | RewardStatus::Conditional => total,
                _ => Money::ZERO,
            };
            Reward {
                status,
                rule: Some(rule.id.clone()),
                title: Some(rule.title.clone()),
                amount,
                persons,
                per_person: Some(per),
                message,
                citation: Some(doc(rule)),
                note: rule.note.clone(),
            }
        }
    };

    let awards = book
        .benefits
        .iter()
        .filter(|b| applies(b, BenefitKind::OneTimeAward) && b.payee == Payee::Employer)
        .map(|b| {
            let (status, message) = if in_force(b, as_of) {
                ("advice", b.advice.clone().unwrap_or_default())
            } else {
                ("expired", expired_message(b, as_of))
            };
            Award {
                rule: b.id.clone(),
                title: b.title.clone(),
                amount: b.params.amount.unwrap_or(Money::ZERO),
                status: status.to_owned(),
                message,
                citation: doc(b),
            }
        })
        .collect();

    // Names and messages echo what was typed; an ID number typed where a name or another
    // field belongs (a row shifted by a column) is masked there too.
    for p in errors.iter_mut().chain(warnings.iter_mut()) {
        p.message = mask_ids(&p.message).into_owned();
        p.field = mask_ids(&p.field).into_owned();
    }
    WorkshopReport {
        as_of,
        rule_book_version: book.version.clone(),
        name: name.as_deref().map(|n| mask_ids(n).into_owned()),
        province: province.copied(),
        recognition,
        reward,
        awards,
        employees,
        errors,
        warnings,
    }
}

/// Which provinces the rule book has rules of `kind` for.
fn covered(book: &RuleBook, kind: BenefitKind) -> String {
    format!(
        "本规则库已收录的省份：{}。",
        book.benefit_provinces(kind).join("、")
    )
}

/// Why a person does not count for a reward (empty: counts).
/// `unmet_recognition`: the recognition criteria (other than the group) the person does not
/// meet, where the province has a recognition rule.
fn reward_reasons(p: &Person, rule: &Benefit, unmet_recognition: Option<&[String]>) -> Vec<String> {
    let prm = &rule.params;
    let mut why: Vec<String> = group_reason(p, &prm.groups).into_iter().collect();
    if prm.recognition_criteria {
        why.extend(unmet_recognition.unwrap_or_default().iter().cloned());
    }
    if let (Some(min), Some(m)) = (prm.min_months_employed, p.months_employed) {
        if m < Decimal::from(min) {
            why.push(format!("本年度务工 {m} 个月，不足 {min} 个月"));
        }
    }
    if let Some(code) = &prm.hukou_province {
        let hukou = p.hukou.or_else(|| p.id.as_ref().map(ResidentId::province));
        match hukou {
            Some(h) if h.code == code => {}
            Some(h) => {
                let want = Province::by_code(code).map_or(code.as_str(), |p| p.name);
                why.push(format!("户籍为{}，不是{want}籍", h.name));
            }
            None => why.push("无法确定户籍省份".to_owned()),
        }
    }
    if prm.once_per_person && p.subsidy_claimed {
        why.push("用人单位已就此人享受过一次性吸纳就业补贴，不得重复享受".to_owned());
    }
    why
}

fn reward_status(
    rule: &Benefit,
    as_of: Date,
    recognition: &Recognition,
    recognized: Option<bool>,
    persons: u32,
    per: Money,
    total: Money,
) -> (RewardStatus, String) {
    if !in_force(rule, as_of) {
        return (RewardStatus::Expired, expired_message(rule, as_of));
    }
    let sum = format!(
        "{persons} 人 × {} 元 = {} 元",
        per.grouped(),
        total.grouped()
    );
    if persons == 0 {
        return (
            RewardStatus::Ineligible,
            format!("没有符合“{}”条件的人员。", rule.title),
        );
    }
    if !rule.params.requires_recognition {
        return (
            RewardStatus::Eligible,
            format!("可申领{}：{sum}。", rule.title),
        );
    }
    match recognition.status {
        RecognitionStatus::Recognized => (
            RewardStatus::Eligible,
            format!("符合认定标准，可申领{}：{sum}。", rule.title),
        ),
        RecognitionStatus::NotRecognized => (
            RewardStatus::Ineligible,
            format!(
                "未达到认定标准，不能申领{}（若达到，可申领 {sum}）。",
                rule.title
            ),
        ),
        RecognitionStatus::Expired => (
            RewardStatus::Ineligible,
            format!("认定标准不在有效期内，不能据此申领{}。", rule.title),
        ),
        RecognitionStatus::NoRule => match recognized {
            Some(true) => (
                RewardStatus::Eligible,
                format!("已由主管部门认定，可申领{}：{sum}。", rule.title),
            ),
            Some(false) => (
                RewardStatus::Ineligible,
                format!(
                    "{}只给予经认定的车间；尚未认定，暂不能申领（认定后可申领 {sum}）。",
                    rule.title
                ),
            ),
            None => (
                RewardStatus::Conditional,
                format!("若已由主管部门认定，可申领{}：{sum}。", rule.title),
            ),
        },
    }
}

/// A roster as a caller writes it (for the TypeScript declaration; read loosely by
/// [`check_workshop`]).
#[derive(Debug, Clone, Default, Serialize, serde::Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct RosterInput {
    /// 车间名称.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub name: Option<String>,
    /// 所在省份: a name or a GB/T 2260 code.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string | number"))]
    pub province: String,
    /// Already recognised by the authority (used where the province has no numeric criteria).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional, type = "boolean | string"))]
    pub recognized: Option<bool>,
    /// The people employed.
    pub employees: Vec<EmployeeInput>,
}

/// One employee as a caller writes it.
#[derive(Debug, Clone, Default, Serialize, serde::Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct EmployeeInput {
    /// 身份证号 (18 characters, as text).
    pub id: String,
    /// 姓名.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub name: Option<String>,
    /// 人员类别: `poverty_alleviated`, `monitored`, `relocated`, `low_income`, `other`, or
    /// 脱贫人口, 监测对象, 易地搬迁人口, 农村低收入人口, 其他.
    pub group: String,
    /// 合同期限（月）.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "number | string"))]
    pub contract_months: String,
    /// 务工月数 (this year).
    #[cfg_attr(target_arch = "wasm32", tsify(type = "number | string"))]
    pub months_employed: String,
    /// 年收入（元）.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "number | string"))]
    pub annual_income: String,
    /// 已享受一次性吸纳补贴.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional, type = "boolean | string"))]
    pub subsidy_claimed: Option<bool>,
    /// 户籍省份 (default: from the ID number).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub hukou_province: Option<String>,
    /// The row in a file, if the roster came from one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub row: Option<u32>,
}
