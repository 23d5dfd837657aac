//! CSV plans: any bytes as `plan.csv` (the importer sniffs zip and JSON content too).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| workrelief_fuzz::run(data, "plan.csv"));
