//! JSON plans: any bytes as `plan.json`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| workrelief_fuzz::run(data, "plan.json"));
