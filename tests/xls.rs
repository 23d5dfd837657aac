//! The .xls reader (`src/import/xls.rs`, calamine) and the OLE sniffer (`src/import/ole.rs`) on
//! the fixtures `tests/fixtures/plans/make_xls.sh` makes: `plan.xls` is `plan.xlsx` saved by
//! LibreOffice as Excel 97-2003 and gives the same report in every respect but the format;
//! password-protected workbooks, .xls and .xlsx alike, are told they are; damaged files give
//! an error, never a panic.

#![cfg(all(not(target_arch = "wasm32"), feature = "xls"))]
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

use std::fs;
use std::path::Path;

use workrelief::date::Date;
use workrelief::import::{check_plan, roster, Format, ImportOptions, PlanReport};
use workrelief::rules::DEFAULT_RULES_JSON;
use workrelief::RuleBook;

fn bytes(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/plans")
        .join(name);
    fs::read(&path).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn report_of(data: &[u8], name: &str, options: &ImportOptions) -> PlanReport {
    let book = RuleBook::from_json(DEFAULT_RULES_JSON).unwrap();
    check_plan(
        &book,
        data,
        name,
        options,
        Date::new(2026, 11, 23).unwrap(),
        true,
    )
}

fn report(name: &str) -> PlanReport {
    report_of(&bytes(name), name, &ImportOptions::default())
}

#[test]
fn an_xls_plan_reads_as_its_xlsx() {
    let xls = report("plan.xls");
    let xlsx = report("plan.xlsx");
    assert_eq!(xls.format, Some(Format::Xls));
    assert_eq!(xlsx.format, Some(Format::Xlsx));
    assert!(xls.errors.is_empty(), "{:?}", xls.errors);
    assert_eq!(xls.rows.len(), 11);
    // Everything else is the same: sheet, header row, columns, skipped rows, every row with its
    // number, its verdict and the columns its problems name.
    let same = |r: &PlanReport| {
        let mut v = serde_json::to_value(r).unwrap();
        let o = v.as_object_mut().unwrap();
        o.remove("format");
        o.remove("fileName");
        v
    };
    assert_eq!(same(&xls), same(&xlsx));
    assert_eq!(xls.sheet.as_deref(), Some("项目计划"));
    assert_eq!(xls.header_row, Some(2));
    assert_eq!(xls.rows[8].row, 12);
    assert_eq!(
        xls.rows[8].error.as_deref(),
        Some(
            "E（中央资金（万元））：“五百”使用了中文数字，请改用阿拉伯数字填写金额，如 160 或 160.5（单位为万元）"
        )
    );
}

#[test]
fn xls_sheets_by_name() {
    let named = |sheet: &str| ImportOptions {
        sheet: Some(sheet.to_owned()),
        ..ImportOptions::default()
    };
    let data = bytes("plan.xls");
    let r = report_of(&data, "plan.xls", &named("说明"));
    assert_eq!(r.errors[0].code, "import.not_a_plan");
    let r = report_of(&data, "plan.xls", &named("汇总表"));
    assert_eq!(r.errors[0].code, "import.no_such_sheet");
    assert!(
        r.errors[0].message.contains("“项目计划”、“说明”"),
        "{:?}",
        r.errors
    );
    let r = report_of(&data, "plan.xls", &named("项目计划"));
    assert_eq!(r.summary.total, 11);
}

#[test]
fn encrypted_workbooks_are_told_so() {
    for name in ["encrypted.xls", "encrypted.xlsx"] {
        let data = bytes(name);
        assert!(
            data.starts_with(&workrelief::import::ole::SIGNATURE),
            "{name}"
        );
        // Whatever the name says.
        for file_name in [name, "计划.xlsx", "计划.xls", "计划"] {
            let r = report_of(&data, file_name, &ImportOptions::default());
            assert_eq!(r.errors.len(), 1, "{name}: {:?}", r.errors);
            assert_eq!(r.errors[0].code, "import.encrypted", "{name}");
            assert_eq!(
                r.errors[0].message, "文件设置了打开密码，请取消密码后再上传",
                "{name}"
            );
            assert!(r.rows.is_empty());
        }
        let e = roster::read_roster(&data, name, &ImportOptions::default()).err();
        assert_eq!(e.map(|e| e.code()), Some("import.encrypted"), "{name}");
    }
    // The workbook stream, read through the container's tables, starts with BOF.
    let stream = workrelief::import::ole::workbook_stream(&bytes("plan.xls")).unwrap();
    assert_eq!(stream[..2], [0x09, 0x08]);
    assert!(stream.len() > 4096);
    // The unencrypted workbook is not mistaken for one.
    assert_eq!(
        workrelief::import::ole::inspect(&bytes("plan.xls")),
        workrelief::import::ole::Ole::Workbook
    );
}

#[test]
fn damaged_xls_files_give_an_error_never_a_panic() {
    let data = bytes("plan.xls");
    let mut seen = std::collections::BTreeSet::new();
    // Cut short anywhere, and with bytes overwritten throughout.
    let mut damaged: Vec<Vec<u8>> = (8..data.len())
        .step_by(97)
        .map(|n| data[..n].to_vec())
        .collect();
    for at in (512..data.len()).step_by(61) {
        let mut d = data.clone();
        for b in d.iter_mut().skip(at).take(7) {
            *b ^= 0xA5;
        }
        damaged.push(d);
    }
    // And bytes overwritten at random (a fixed seed) inside the streams.
    let mut seed: u64 = 7;
    let mut next = move || {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        (seed >> 33) as usize
    };
    for _ in 0..1500 {
        let mut d = data.clone();
        let at = 512 + next() % (data.len() - 1024);
        for _ in 0..4 {
            let i = at + next() % 16;
            d[i] = next() as u8;
        }
        damaged.push(d);
    }
    for d in &damaged {
        let r = report_of(d, "plan.xls", &ImportOptions::default());
        for e in &r.errors {
            assert!(
                e.message
                    .chars()
                    .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{e:?}"
            );
            assert!(
                !e.message.chars().any(|c| c.is_ascii_alphabetic())
                    || e.message.contains("XLS")
                    || e.message.contains("BIFF")
                    || e.message.contains("OLE"),
                "English reached the user: {e:?}"
            );
            seen.insert(e.code.clone());
        }
    }
    assert!(seen.contains("import.bad_xls"), "{seen:?}");
    // A file calamine panics on (the Wasm module traps on it: tests/browser/review.test.mjs).
    let r = report("damaged.xls");
    assert_eq!(r.errors.len(), 1);
    assert_eq!(r.errors[0].code, "import.bad_xls");
    assert_eq!(
        r.errors[0].message,
        "XLS 文件无法读取：工作簿内容已损坏或不完整"
    );
}

#[test]
fn an_xls_roster_reads_as_its_xlsx() {
    use workrelief::import::roster::check_roster_file;
    use workrelief::raw::Raw;
    let roster = |name: &str| {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/rosters")
            .join(name);
        let data = fs::read(&path).unwrap();
        let options = ImportOptions {
            as_of: Date::parse("2025-06-30").ok(),
            ..ImportOptions::default()
        };
        let meta = Raw::from_json(r#"{"province": "吉林省", "name": "测试车间"}"#).unwrap();
        let book = RuleBook::from_json(DEFAULT_RULES_JSON).unwrap();
        let report = check_roster_file(
            &book,
            &data,
            name,
            &meta,
            &options,
            Date::new(2026, 11, 23).unwrap(),
        );
        let mut v = serde_json::to_value(&report).unwrap();
        let o = v.as_object_mut().unwrap();
        let format = o.remove("format");
        o.remove("fileName");
        (v, format)
    };
    let (xls, format) = roster("roster.xls");
    assert_eq!(format, Some(serde_json::json!("xls")));
    let (xlsx, _) = roster("roster.xlsx");
    assert_eq!(xls, xlsx);
    // Ten employees, and the row whose ID number is a number cell, named as in the XLSX.
    assert_eq!(xls["workshop"]["employees"].as_array().unwrap().len(), 10);
    assert_eq!(xls["headerRow"], 2);
}

#[test]
fn county_and_township_xls_read_as_their_xlsx() {
    // The county and township plans LibreOffice saved both ways (tests/fixtures/plans/county/,
    // from the header work of the same issue): every .xls with an .xlsx beside it gives the same
    // cells, row numbers and report.
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/plans/county");
    let entries = fs::read_dir(&dir).unwrap();
    let mut compared = 0;
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().and_then(|e| e.to_str()) != Some("xls") {
            continue;
        }
        let twin = path.with_extension("xlsx");
        let (Ok(xls), Ok(xlsx)) = (fs::read(&path), fs::read(&twin)) else {
            continue;
        };
        let name = path.display().to_string();
        for sheet in [None, Some("不存在的表")] {
            let a = workrelief::import::xls::read(&xls, sheet, 1_000_000);
            let b = workrelief::import::xlsx::read(&xlsx, sheet, 1_000_000);
            match (a, b) {
                (Ok(a), Ok(b)) => assert_eq!(a, b, "{name}"),
                (Err(a), Err(b)) => assert_eq!(a, b, "{name}"),
                (a, b) => panic!("{name}: {a:?} against {b:?}"),
            }
        }
        let options = ImportOptions {
            as_of: Date::parse("2025-06-30").ok(),
            ..ImportOptions::default()
        };
        let strip = |r: PlanReport| {
            let mut v = serde_json::to_value(r).unwrap();
            let o = v.as_object_mut().unwrap();
            o.remove("format");
            o.remove("fileName");
            v
        };
        assert_eq!(
            strip(report_of(&xls, "a.xls", &options)),
            strip(report_of(&xlsx, "a.xlsx", &options)),
            "{name}"
        );
        compared += 1;
    }
    assert_eq!(compared, 3, "county, county-nofunds and township");
}
