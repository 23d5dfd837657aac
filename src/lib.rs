//! workrelief: exact, explained compliance checks for 以工代赈 (work-relief) proposals.
//!
//! The core reads a rule book ([`RuleBook`], normally the compiled-in `rules.json`) and turns
//! a proposal into a [`Verdict`]: pass, fail, review or invalid, with one
//! finding per rule giving the base, the floor, the truncated ratio, the shortfall in yuan and
//! the policy sentence it rests on.
//!
//! Architecture invariant: the core does no I/O and knows nothing of JavaScript. It takes
//! text and loose values ([`raw::Raw`]) and returns values; the `wasm` module (built only
//! for `wasm32`) is the one module that talks to wasm-bindgen, js-sys and serde-wasm-bindgen,
//! and how values cross the JS boundary is in `src/js/` (crate-private).
//!
//! ```
//! use workrelief::{check::{check_raw, Status}, date::Date, raw::Raw, RuleBook};
//! let book = RuleBook::builtin().unwrap();
//! let proposal = Raw::from_json(r#"{"kind": "以工代赈中央预算内投资项目",
//!     "funds": {"central": 5000000}, "labourRemuneration": "1,500,000.00"}"#).unwrap();
//! let verdict = check_raw(&book, &proposal, &Raw::Null, Date::new(2025, 6, 30).unwrap());
//! assert_eq!(verdict.status, Status::Pass);
//! ```

#![forbid(unsafe_code)]
#![cfg_attr(
    test,
    allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)
)]

#[cfg(not(target_arch = "wasm32"))]
pub mod cases;
pub mod check;
pub mod date;
pub mod facts;
pub mod field;
pub mod horizon;
pub mod idcard;
#[cfg(feature = "plans")]
pub mod import;
pub mod judge;
pub mod loose;
pub mod money;
pub mod options;
pub mod problem;
pub mod proposal;
pub mod raw;
pub mod region;
pub mod rules;
pub mod subsidy;
pub mod text;
pub mod workbook;
pub mod workshop;

// The JS crossing (`src/js/`): crate-private, for the bindings and the tests only.
#[cfg(any(test, all(target_arch = "wasm32", not(feature = "xlsx-module"))))]
mod js;
#[cfg(all(target_arch = "wasm32", not(feature = "xlsx-module")))]
pub mod wasm;
#[cfg(all(target_arch = "wasm32", feature = "xlsx-export"))]
pub mod wasm_export;

pub use check::{check_facts, check_raw, Verdict};
pub use money::Money;
pub use rules::RuleBook;
