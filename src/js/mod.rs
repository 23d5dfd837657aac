//! The crossing of the JS boundary, in one place: Rust's half here, JavaScript's in
//! `boundary.js` (`src/wasm.rs` imports it; wasm-bindgen copies it into the package as a
//! snippet). Compiled for the bindings (`src/wasm.rs`, wasm32 only) and for the crate's own
//! tests, never part of the core's API: the core takes [`Raw`](crate::raw::Raw) values and
//! returns serialisable ones, and knows nothing of how they cross.
//!
//! - In: [`tokens`], a JS value read whole by `boundary.js` `snapshot` (numbers and one string)
//!   read back into a `Raw`.
//! - Out: [`wire`], `checkProposal`'s verdict as `u32` words and the UTF-16 text of the strings
//!   JavaScript does not have yet, with the rule book's strings cached on the JS side; rebuilt by
//!   `boundary.js` `buildVerdict`. Every other export's result crosses through
//!   serde-wasm-bindgen (`src/wasm.rs` `to_js`).

pub(crate) mod tokens;
#[cfg(any(test, not(feature = "worker")))]
pub(crate) mod wire;
