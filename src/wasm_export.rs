//! The workbook writer's JS API (`xlsxFromTable`): the reviewer's record as an XLSX workbook.
//! Alone it is `pkg/workrelief_export.js` (feature `xlsx-module`), which the review worker loads
//! only when a reviewer asks for a workbook, handing it `PlanChecker.exportTable()`; `pkg-node/`
//! has it beside everything else.

use wasm_bindgen::prelude::*;

use crate::workbook;

/// An `Error` with a Chinese message and a stable `code`.
fn coded_error(code: &str, message: &str) -> JsValue {
    let error = js_sys::Error::new(message);
    let _ = js_sys::Reflect::set(&error, &"code".into(), &code.into());
    error.into()
}

/// The workbook of a table in `PlanChecker.exportTable()`'s JSON form; throws an `Error` with
/// a Chinese message and a `code` when the table cannot be read or written (`input.wrong_type`
/// when it is not a string).
#[wasm_bindgen(js_name = xlsxFromTable)]
pub fn xlsx_from_table(
    #[wasm_bindgen(unchecked_param_type = "string")] table: JsValue,
) -> Result<Vec<u8>, JsValue> {
    // `as_string` looks at `typeof` only: no getter or Proxy trap of the argument runs.
    let Some(table) = table.as_string() else {
        return Err(coded_error(
            "input.wrong_type",
            "导出表应为 exportTable() 给出的 JSON 文本",
        ));
    };
    workbook::xlsx_from_json(&table).map_err(|e| coded_error(e.code(), &e.to_string()))
}
