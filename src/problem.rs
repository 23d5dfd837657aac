//! A problem or remark about the input, as every reader reports it and the page shows it: a
//! stable code, the field, a Chinese message and, for files, the row and column.

use serde::Serialize;

/// A problem or remark about the input, as the page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Problem {
    /// Stable machine code, e.g. `money.negative`.
    pub code: String,
    /// The field path, e.g. `funds.central`.
    pub field: String,
    /// Chinese message.
    pub message: String,
    /// The row in the file (plan files only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub row: Option<u32>,
    /// The column in the file, e.g. `E（中央资金（万元））` (plan files only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
}

impl Problem {
    /// A problem with a field, not tied to a file position.
    pub fn new(
        code: impl Into<String>,
        field: impl Into<String>,
        message: impl Into<String>,
    ) -> Problem {
        Problem {
            code: code.into(),
            field: field.into(),
            message: message.into(),
            row: None,
            column: None,
        }
    }
}
