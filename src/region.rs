//! Provincial-level divisions of China by their GB/T 2260 codes, and how people write them.

use crate::text;

/// A provincial-level division: its two-digit GB/T 2260 code, full name and short name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Province {
    /// Two-digit GB/T 2260 code, e.g. `62`.
    pub code: &'static str,
    /// Full name, e.g. `甘肃省`.
    pub name: &'static str,
    /// Common short name, e.g. `甘肃`.
    pub short: &'static str,
}

/// Every provincial-level division, by code.
pub const PROVINCES: &[Province] = &[
    p("11", "北京市", "北京"),
    p("12", "天津市", "天津"),
    p("13", "河北省", "河北"),
    p("14", "山西省", "山西"),
    p("15", "内蒙古自治区", "内蒙古"),
    p("21", "辽宁省", "辽宁"),
    p("22", "吉林省", "吉林"),
    p("23", "黑龙江省", "黑龙江"),
    p("31", "上海市", "上海"),
    p("32", "江苏省", "江苏"),
    p("33", "浙江省", "浙江"),
    p("34", "安徽省", "安徽"),
    p("35", "福建省", "福建"),
    p("36", "江西省", "江西"),
    p("37", "山东省", "山东"),
    p("41", "河南省", "河南"),
    p("42", "湖北省", "湖北"),
    p("43", "湖南省", "湖南"),
    p("44", "广东省", "广东"),
    p("45", "广西壮族自治区", "广西"),
    p("46", "海南省", "海南"),
    p("50", "重庆市", "重庆"),
    p("51", "四川省", "四川"),
    p("52", "贵州省", "贵州"),
    p("53", "云南省", "云南"),
    p("54", "西藏自治区", "西藏"),
    p("61", "陕西省", "陕西"),
    p("62", "甘肃省", "甘肃"),
    p("63", "青海省", "青海"),
    p("64", "宁夏回族自治区", "宁夏"),
    p("65", "新疆维吾尔自治区", "新疆"),
    p("71", "台湾省", "台湾"),
    p("81", "香港特别行政区", "香港"),
    p("82", "澳门特别行政区", "澳门"),
];

const fn p(code: &'static str, name: &'static str, short: &'static str) -> Province {
    Province { code, name, short }
}

impl Province {
    /// Finds a province by code (`62`, `620000`, or any six-digit division code within it)
    /// or by name (`甘肃省`, `甘肃`); full-width characters and spaces are tolerated.
    pub fn find(input: &str) -> Option<&'static Province> {
        let t = text::fold_compact(input);
        if t.is_empty() {
            return None;
        }
        if t.bytes().all(|b| b.is_ascii_digit()) {
            let code = match t.len() {
                2 => t.as_str(),
                6 => t.get(..2)?,
                _ => return None,
            };
            return Province::by_code(code);
        }
        PROVINCES.iter().find(|p| p.name == t || p.short == t)
    }

    /// Finds a province by its two-digit code.
    pub fn by_code(code: &str) -> Option<&'static Province> {
        PROVINCES.iter().find(|p| p.code == code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_by_code_and_name() {
        for text in [
            "62",
            "620000",
            "620102",
            "甘肃",
            "甘肃省",
            " 甘 肃 省 ",
            "６２",
        ] {
            assert_eq!(Province::find(text).map(|p| p.code), Some("62"), "{text}");
        }
        assert_eq!(Province::find("内蒙古").map(|p| p.code), Some("15"));
        assert_eq!(Province::find("99"), None);
        assert_eq!(Province::find("甘"), None);
        assert_eq!(Province::find("6"), None);
    }

    #[test]
    fn codes_and_names_are_unique() {
        for (i, a) in PROVINCES.iter().enumerate() {
            for b in PROVINCES.iter().skip(i + 1) {
                assert_ne!(a.code, b.code);
                assert_ne!(a.name, b.name);
                assert_ne!(a.short, b.short);
            }
        }
    }
}
