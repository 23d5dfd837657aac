//! The workbook writer's JS API (`xlsxFromTable`): the reviewer's record as an XLSX workbook.
//! Alone it is `pkg/workrelief_export.js` (feature `xlsx-module`), which the review worker loads
//! only when a reviewer asks for a workbook, handing it `PlanChecker.exportTable()`; `pkg-node/`
//! has it beside everything else.

use wasm_bindgen::prelude::*;

use crate::workbook;

/// The workbook of a table in `PlanChecker.exportTable()`'s JSON form; throws an `Error` with
/// a Chinese message and a `code` when the table cannot be read or written.
#[wasm_bindgen(js_name = xlsxFromTable)]
pub fn xlsx_from_table(table: &str) -> Result<Vec<u8>, JsValue> {
    workbook::xlsx_from_json(table).map_err(|e| {
        let error = js_sys::Error::new(&e.to_string());
        let _ = js_sys::Reflect::set(&error, &"code".into(), &e.code().into());
        error.into()
    })
}
