//! The options a caller may pass with a check (today only the date to judge at), read from
//! loose input like every other field.

use serde::{Deserialize, Serialize};

use crate::date::{read_date, Date};
use crate::problem::Problem;
use crate::raw::Raw;

/// Options a caller may pass as a JSON / JS object.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct CheckOptionsInput {
    /// Judge with the rules in force on this date (`YYYY-MM-DD`); default: the proposal's
    /// `date`, else today in China.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub as_of: Option<String>,
}

/// Reads the options object: the date to judge at, if one is given. Problems go to `errors`
/// (a wrong type, a bad date) and `warnings` (unknown options).
pub(crate) fn read_options(
    options: &Raw,
    errors: &mut Vec<Problem>,
    warnings: &mut Vec<Problem>,
) -> Option<Date> {
    match options {
        Raw::Null => return None,
        Raw::Map(entries) => {
            for (k, _) in entries {
                if k != "asOf" {
                    warnings.push(Problem::new(
                        "input.unknown_field",
                        format!("options.{k}"),
                        format!("未识别的选项{}，已忽略", crate::text::quote(k)),
                    ));
                }
            }
        }
        other => {
            errors.push(Problem::new(
                "input.wrong_type",
                "options",
                format!("选项应为对象，实际为{}", other.type_name_zh()),
            ));
            return None;
        }
    }
    match options.get("asOf") {
        None => None,
        Some(Raw::Str(s)) if s.trim().is_empty() => None,
        Some(Raw::Str(s)) => match read_date(s) {
            Ok(d) => Some(d),
            Err(e) => {
                errors.push(Problem::new(e.code(), "options.asOf", e.to_string()));
                None
            }
        },
        Some(other) => {
            errors.push(Problem::new(
                "input.wrong_type",
                "options.asOf",
                format!(
                    "核算日期应为年-月-日格式的文本（如 2025-06-30），实际为{}",
                    other.type_name_zh()
                ),
            ));
            None
        }
    }
}
