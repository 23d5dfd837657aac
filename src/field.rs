//! Reading loose fields of citizen and employer input (workshop rosters, subsidy profiles)
//! with every problem kept as a [`Problem`] that names its field and, for rosters from a
//! file, its row.

use rust_decimal::Decimal;

use crate::loose::{self, Report, ReportMoney};
use crate::money::{Money, MoneyError, Unit};
use crate::problem::Problem;
use crate::raw::Raw;
use crate::region::Province;
use crate::rules::benefit::{Group, Work};
use crate::text;

/// Collects problems while fields are read.
#[derive(Debug, Default)]
pub struct Fields {
    /// Problems that stop the item from being counted.
    pub errors: Vec<Problem>,
    /// Remarks.
    pub warnings: Vec<Problem>,
    /// The file row the fields come from, if any.
    pub row: Option<u32>,
}

/// The largest number of months accepted (100 years).
const MAX_MONTHS: u32 = 1200;

impl Fields {
    /// Records an error at `field`.
    pub fn error(&mut self, code: &str, field: &str, message: impl Into<String>) {
        let mut p = Problem::new(code, field, message);
        p.row = self.row;
        self.errors.push(p);
    }

    /// Records a warning at `field`.
    pub fn warn(&mut self, code: &str, field: &str, message: impl Into<String>) {
        let mut p = Problem::new(code, field, message);
        p.row = self.row;
        self.warnings.push(p);
    }

    /// Warns about keys of `raw` that are not in `allowed`.
    pub fn unknown_keys(&mut self, raw: &Raw, parent: &str, allowed: &[&str]) {
        loose::unknown_keys(self, raw, parent, allowed);
    }

    fn required(&mut self, field: &str, label: &str) {
        self.error("input.required", field, format!("{label}为必填项"));
    }

    /// A trimmed text; numbers are accepted as their digits.
    pub fn text(&mut self, raw: Option<&Raw>, field: &str, label: &'static str) -> Option<String> {
        loose::text(self, raw, field, label)
    }

    /// A province by name or code; `required` reports a missing one.
    pub fn province(
        &mut self,
        raw: Option<&Raw>,
        field: &str,
        label: &'static str,
        required: bool,
    ) -> Option<&'static Province> {
        let Some(t) = self.text(raw, field, label) else {
            if required && raw.is_none_or(Raw::is_blank) {
                self.required(field, label);
            }
            return None;
        };
        let found = Province::find(&t);
        if found.is_none() {
            self.error(
                "input.unknown_province",
                field,
                format!(
                    "无法识别的省份{}，请填写省份名称（如 甘肃省）或两位行政区划代码（如 62）",
                    text::quote(&t)
                ),
            );
        }
        found
    }

    /// A group of people (脱贫人口 …).
    pub fn group(&mut self, raw: Option<&Raw>, field: &str) -> Option<Group> {
        let Some(t) = self.text(raw, field, "人员类别") else {
            if raw.is_none_or(Raw::is_blank) {
                self.required(field, "人员类别");
            }
            return None;
        };
        let found = Group::parse(&t);
        if found.is_none() {
            self.error(
                "input.unknown_group",
                field,
                format!(
                    "无法识别的人员类别{}，应为脱贫人口、监测对象、易地搬迁人口、农村低收入人口或其他",
                    text::quote(&t)
                ),
            );
        }
        found
    }

    /// Where a worker works.
    pub fn work(&mut self, raw: Option<&Raw>, field: &str) -> Option<Work> {
        let Some(t) = self.text(raw, field, "就业地点") else {
            if raw.is_none_or(Raw::is_blank) {
                self.required(field, "就业地点");
            }
            return None;
        };
        let found = Work::parse(&t);
        if found.is_none() {
            self.error(
                "input.unknown_work",
                field,
                format!(
                    "无法识别的就业地点{}，应为省外就业、户籍所在县以外省内就业或本县就业",
                    text::quote(&t)
                ),
            );
        }
        found
    }

    /// A yes/no answer: `true`/`false`, or 是/否, 已享受/未享受, Y/N, 1/0.
    pub fn yes_no(&mut self, raw: Option<&Raw>, field: &str, label: &'static str) -> Option<bool> {
        match raw {
            None => None,
            Some(r) if r.is_blank() => None,
            Some(Raw::Bool(b)) => Some(*b),
            Some(Raw::UInt(0)) => Some(false),
            Some(Raw::UInt(1)) => Some(true),
            Some(Raw::Str(s)) => {
                let t = text::fold_compact(s).to_ascii_lowercase();
                match t.as_str() {
                    "是" | "已享受" | "已享受过" | "享受" | "有" | "y" | "yes" | "true" | "1"
                    | "√" | "已领取" => Some(true),
                    "否" | "未享受" | "没有" | "无" | "n" | "no" | "false" | "0" | "×"
                    | "未领取" => Some(false),
                    _ => {
                        self.error(
                            "input.not_yes_no",
                            field,
                            format!("{label}应填写“是”或“否”，实际为{}", text::quote(s.trim())),
                        );
                        None
                    }
                }
            }
            Some(other) => {
                self.wrong_type(field, label, "是或否", other);
                None
            }
        }
    }

    /// A number of months or days, zero or more, whole or with decimals (`3`, `3.5`, `6个月`).
    pub fn months(
        &mut self,
        raw: Option<&Raw>,
        field: &str,
        label: &'static str,
        required: bool,
    ) -> Option<Decimal> {
        let shown = match raw {
            None => None,
            Some(r) if r.is_blank() => None,
            Some(Raw::UInt(u)) => Some(u.to_string()),
            Some(Raw::Float(f)) if f.is_finite() => Some(f.to_string()),
            Some(Raw::Int(i)) => Some(i.to_string()),
            Some(Raw::Str(s)) => Some(text::fold_compact(s)),
            Some(other) => {
                self.wrong_type(field, label, "数字", other);
                return None;
            }
        };
        let Some(shown) = shown else {
            if required {
                self.required(field, label);
            }
            return None;
        };
        let digits = shown
            .trim_end_matches("个月")
            .trim_end_matches('月')
            .trim_end_matches('天')
            .trim_end_matches('日');
        match digits.parse::<Decimal>() {
            Ok(d) if !d.is_sign_negative() && d <= Decimal::from(MAX_MONTHS) => Some(d),
            _ => {
                self.error(
                    "input.not_a_duration",
                    field,
                    format!(
                        "{}不是有效的{label}，请填写 0 到 {MAX_MONTHS} 之间的数字",
                        text::quote(&shown)
                    ),
                );
                None
            }
        }
    }

    /// An amount in yuan (`4000`, `0.4万`, `4,000元`).
    pub fn money(
        &mut self,
        raw: Option<&Raw>,
        field: &str,
        label: &'static str,
        required: bool,
    ) -> Option<Money> {
        let value = loose::money(self, raw, field, label, Unit::Yuan);
        if required && raw.is_none_or(Raw::is_blank) {
            self.required(field, label);
        }
        value
    }
}

/// The words of citizen and employer input: `input.*` codes, each problem at its row.
impl Report for Fields {
    fn wrong_type(
        &mut self,
        field: &str,
        label: &'static str,
        expected: &'static str,
        found: &Raw,
    ) {
        self.error(
            "input.wrong_type",
            field,
            format!("{label}应为{expected}，实际为{}", found.type_name_zh()),
        );
    }

    fn unknown_key(&mut self, field: &str, key: &str) {
        self.warn(
            "input.unknown_field",
            field,
            loose::unknown_field_message(key),
        );
    }
}

impl ReportMoney for Fields {
    fn bad_money(&mut self, field: &str, label: &'static str, error: MoneyError) {
        self.error(error.code(), field, format!("{label}：{error}"));
    }
}
