//! XLSX plans: any bytes as `plan.xlsx`, mutated both as raw bytes and, through
//! `workrelief_fuzz::mutate_zip`, entry by entry inside the archive.
#![no_main]

use libfuzzer_sys::{fuzz_mutator, fuzz_target};

fuzz_target!(|data: &[u8]| workrelief_fuzz::run(data, "plan.xlsx"));

fuzz_mutator!(|data: &mut [u8], size: usize, max_size: usize, seed: u32| {
    workrelief_fuzz::mutate_zip(data, size, max_size, seed)
});
