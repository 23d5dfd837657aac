//! The byte-level kernels of workrelief, behind one small API: the few loops that profiles of
//! the size-optimised Wasm build showed on the hot paths (a plan's rows, a verdict's texts),
//! written for speed, each beside the test that holds it equal to the plain way of doing the
//! same thing. Everything else in workrelief is written plainly and calls these.
//!
//! The kernels know nothing of workrelief's types: bytes and numbers in, positions and numbers
//! out. Functions that take an `impl Trait` or are generic would be compiled in the caller's
//! crate (at the caller's optimisation level), so there are none.
//!
//! - text: [`same`], [`digits`], [`contains3`], [`trim`], [`push_utf16`]
//! - numbers: [`plain_scaled`] (`digits[.digits]` as a whole number of the last place),
//!   [`exact_scaled`] (a double that is exactly such a decimal), [`iso_date`]
//! - CSV: [`count_byte`], [`split_line`]
//! - XML: [`trim_xml_space`], [`cell_tag`]
//! - hashers: [`Fx`] (short cell texts), [`Prehashed`] (keys that are hashes), [`Sample`]
//!   (long strings, by their length, head and tail)

#![forbid(unsafe_code)]
#![cfg_attr(
    test,
    allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)
)]

mod csv;
mod hash;
mod number;
mod text;
mod xml;

pub use csv::{count_byte, split_line};
pub use hash::{Fx, Prehashed, Sample};
pub use number::{exact_scaled, iso_date, plain_scaled};
pub use text::{contains3, digits, push_utf16, same, trim};
pub use xml::{cell_tag, trim_xml_space, CellTag};
