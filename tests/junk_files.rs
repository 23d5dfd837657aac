//! Files that are not plans, as people upload them by mistake: a photo of the plan, a PDF, a
//! Word or PowerPoint file, an archive, a program, broken JSON, JSON of something else. Each
//! gets one file-level error that says in Chinese what the file is, with no English word from a
//! library; a real plan with one bad row still reports that row, its field named in Chinese.
//! The fixtures are made here, byte by byte, with the real signatures.

#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::io::{Cursor, Write};

use workrelief::check::Status;
use workrelief::date::Date;
use workrelief::import::roster::check_roster_file;
use workrelief::import::{check_plan, ImportOptions, PlanReport};
use workrelief::raw::Raw;
use workrelief::rules::{RuleBook, DEFAULT_RULES_JSON};

fn book() -> RuleBook {
    RuleBook::from_json(DEFAULT_RULES_JSON).unwrap()
}

fn today() -> Date {
    Date::new(2025, 6, 30).unwrap()
}

fn plan(bytes: &[u8], name: &str) -> PlanReport {
    check_plan(
        &book(),
        bytes,
        name,
        &ImportOptions::default(),
        today(),
        true,
    )
}

/// ASCII words of three letters or more a message may hold: the formats a user is asked for
/// and the names of the files told apart. Anything else is a library's text leaking through.
const ALLOWED: &[&str] = &[
    "XLSX",
    "XLS",
    "CSV",
    "JSON",
    "PNG",
    "JPEG",
    "GIF",
    "WebP",
    "BMP",
    "TIFF",
    "HEIC",
    "PDF",
    "Word",
    "PowerPoint",
    "OFD",
    "ZIP",
    "RAR",
    "gzip",
];

fn english_words(message: &str) -> Vec<String> {
    message
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| w.len() >= 3 && !ALLOWED.contains(w))
        .map(str::to_owned)
        .collect()
}

/// The report's one error: its code and message, checked to be Chinese with no English word.
fn only_error(r: &PlanReport) -> (String, String) {
    assert_eq!(r.errors.len(), 1, "{:?}", r.errors);
    assert!(r.rows.is_empty(), "{:?}", r.rows);
    let e = &r.errors[0];
    assert!(
        e.message
            .chars()
            .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
        "{}",
        e.message
    );
    assert_eq!(
        english_words(&e.message),
        Vec::<String>::new(),
        "{}",
        e.message
    );
    (e.code.clone(), e.message.clone())
}

fn zip_of(parts: &[(&str, &str)]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, body) in parts {
        writer
            .start_file(*name, zip::write::SimpleFileOptions::default())
            .unwrap();
        writer.write_all(body.as_bytes()).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

/// An OLE container (Office 97-2003) whose directory holds a root entry and one stream.
fn ole_with(stream: &str) -> Vec<u8> {
    let mut bytes = vec![0u8; 512 + 512];
    bytes[..8].copy_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    bytes[30..32].copy_from_slice(&9u16.to_le_bytes());
    let mut entry = |i: usize, name: &str, kind: u8| {
        let at = 512 + 128 * i;
        let units: Vec<u16> = name.encode_utf16().collect();
        for (j, u) in units.iter().enumerate() {
            bytes[at + 2 * j..at + 2 * j + 2].copy_from_slice(&u.to_le_bytes());
        }
        let length = ((units.len() + 1) * 2) as u16;
        bytes[at + 64..at + 66].copy_from_slice(&length.to_le_bytes());
        bytes[at + 66] = kind;
    };
    entry(0, "Root Entry", 5);
    entry(1, stream, 2);
    bytes
}

fn bmp() -> Vec<u8> {
    let mut b = vec![0u8; 58];
    b[..2].copy_from_slice(b"BM");
    b[2..6].copy_from_slice(&58u32.to_le_bytes());
    b[10..14].copy_from_slice(&54u32.to_le_bytes());
    b
}

fn exe() -> Vec<u8> {
    let mut b = vec![0u8; 0x80];
    b[..2].copy_from_slice(b"MZ");
    b[0x3C..0x40].copy_from_slice(&0x40u32.to_le_bytes());
    b[0x40..0x44].copy_from_slice(b"PE\0\0");
    b
}

/// Each junk file, the name it is uploaded under and the words the message must hold.
fn junk() -> Vec<(&'static str, Vec<u8>, &'static str)> {
    let docx = zip_of(&[
        ("[Content_Types].xml", "<Types/>"),
        ("_rels/.rels", "<Relationships/>"),
        ("word/document.xml", "<w:document/>"),
    ]);
    let pptx = zip_of(&[
        ("[Content_Types].xml", "<Types/>"),
        ("_rels/.rels", "<Relationships/>"),
        ("ppt/presentation.xml", "<p:presentation/>"),
    ]);
    vec![
        (
            "计划.png",
            b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0".to_vec(),
            "一张 PNG 图片",
        ),
        (
            "计划.jpg",
            b"\xFF\xD8\xFF\xE0\0\x10JFIF\0\x01\x01\0\0\x01\0\x01\0\0".to_vec(),
            "一张 JPEG 图片",
        ),
        (
            "计划.gif",
            b"GIF89a\x01\0\x01\0\x80\0\0".to_vec(),
            "一张 GIF 图片",
        ),
        (
            "计划.webp",
            b"RIFF\x1a\0\0\0WEBPVP8 \x0e\0\0\0".to_vec(),
            "一张 WebP 图片",
        ),
        ("计划.bmp", bmp(), "一张 BMP 图片"),
        ("计划.tif", b"II*\0\x08\0\0\0".to_vec(), "一张 TIFF 图片"),
        (
            "IMG_0001.HEIC",
            b"\0\0\0\x18ftypheic\0\0\0\0mif1heic".to_vec(),
            "一张 HEIC 图片（手机照片）",
        ),
        (
            "计划.pdf",
            b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<<>>\nendobj\n".to_vec(),
            "一个 PDF 文件",
        ),
        ("计划.docx", docx, "一个 Word 文档"),
        ("计划.pptx", pptx, "一个 PowerPoint 演示文稿"),
        (
            "计划.zip",
            zip_of(&[("计划.xlsx", "not really"), ("说明.txt", "hello")]),
            "一个 ZIP 压缩包",
        ),
        (
            "计划.rar",
            b"Rar!\x1a\x07\x01\0\x33\x92\xb5\xe5\x0a\x01\x05\x06\0\x05\x01\x01\x80\x80\0".to_vec(),
            "一个 RAR 压缩包",
        ),
        (
            "计划.7z",
            b"7z\xBC\xAF\x27\x1C\0\x04\0\0\0\0\0\0\0\0".to_vec(),
            "一个 7z 压缩包",
        ),
        (
            "计划.csv.gz",
            b"\x1f\x8b\x08\0\0\0\0\0\0\x03\x03\0\0\0\0\0\0\0\0\0".to_vec(),
            "一个 gzip 压缩文件",
        ),
        (
            "计划.doc",
            ole_with("WordDocument"),
            "一个 Word 97-2003 文档",
        ),
        (
            "计划.ppt",
            ole_with("PowerPoint Document"),
            "一个 PowerPoint 97-2003 演示文稿",
        ),
        ("setup.exe", exe(), "一个可执行程序"),
        (
            "tool",
            b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0".to_vec(),
            "一个可执行程序",
        ),
    ]
}

#[test]
fn a_file_that_is_no_table_is_told_what_it_is() {
    for (name, bytes, what) in junk() {
        let (code, message) = only_error(&plan(&bytes, name));
        assert_eq!(code, "import.not_a_table", "{name}: {message}");
        assert_eq!(
            message,
            format!("这是{what}，不是表格文件。请上传 XLSX、XLS、CSV 或 JSON 格式的项目计划表。"),
            "{name}"
        );
    }
}

#[test]
fn the_extension_does_not_decide() {
    // A PNG renamed to .xlsx is still a PNG; a Word file renamed to .xlsx a Word file.
    let (_, png, _) = junk().into_iter().next().unwrap();
    let (code, message) = only_error(&plan(&png, "计划.xlsx"));
    assert_eq!(code, "import.not_a_table");
    assert!(message.starts_with("这是一张 PNG 图片"), "{message}");
    let docx = junk().into_iter().find(|j| j.0 == "计划.docx").unwrap().1;
    let (_, message) = only_error(&plan(&docx, "计划.xlsx"));
    assert!(message.starts_with("这是一个 Word 文档"), "{message}");
}

#[test]
fn text_that_starts_like_a_signature_is_still_read_as_a_table() {
    // `BM` and `MZ` begin lines of text: only a BMP's and a program's whole header counts.
    for first in ["BMW", "MZ"] {
        let csv = format!(
            "项目名称,所在省份,项目类型,中央资金,劳务报酬,核算日期\n{first}项目,甘肃,中央预算内,1000000,300000,2025-06-30\n"
        );
        let r = plan(csv.as_bytes(), "plan.csv");
        assert!(r.errors.is_empty(), "{:?}", r.errors);
        assert_eq!(r.rows.len(), 1);
        assert_eq!(r.rows[0].status, Status::Pass);
    }
}

#[test]
fn a_workbook_is_not_taken_for_an_archive() {
    // A ZIP with xl/ goes to the XLSX reader, which says what is wrong inside.
    let bytes = zip_of(&[("xl/workbook.xml", "<workbook")]);
    let r = plan(&bytes, "plan.xlsx");
    assert_eq!(r.errors.len(), 1);
    assert_ne!(r.errors[0].code, "import.not_a_table", "{:?}", r.errors);
    // And an .xls (an OLE container with a Workbook stream) to the .xls reader.
    let r = plan(&ole_with("Workbook"), "plan.xls");
    assert_ne!(r.errors[0].code, "import.not_a_table", "{:?}", r.errors);
}

#[test]
fn a_roster_upload_is_told_the_same_and_asked_for_a_roster() {
    let roster = |bytes: &[u8], name: &str| {
        check_roster_file(
            &book(),
            bytes,
            name,
            &Raw::Null,
            &ImportOptions::default(),
            today(),
        )
    };
    let (_, pdf, _) = junk().into_iter().find(|j| j.0 == "计划.pdf").unwrap();
    let r = roster(&pdf, "名单.pdf");
    assert_eq!(r.errors.len(), 1);
    assert_eq!(r.errors[0].code, "import.not_a_table");
    assert_eq!(
        r.errors[0].message,
        "这是一个 PDF 文件，不是表格文件。请上传 XLSX、XLS、CSV 或 JSON 格式的人员名单。"
    );
    for json in [r#"{"hello":"world"}"#, "[1,2]", r#"[{"a":1}]"#, "5"] {
        let r = roster(json.as_bytes(), "名单.json");
        assert_eq!(r.errors.len(), 1, "{json}");
        assert_eq!(r.errors[0].code, "import.json_not_a_roster", "{json}");
        assert_eq!(english_words(&r.errors[0].message), Vec::<String>::new());
    }
}

/// Broken JSON: the message says where (line and column in characters) and what, in Chinese.
#[test]
fn broken_json_is_explained_in_chinese_with_its_position() {
    let cases = [
        // Cut off: serde_json's "EOF while parsing a value at line 1 column 31".
        (
            r#"{"name":"a","funds":{"central":"#,
            "import.bad_json",
            "JSON 文件在第 1 行第 31 列处意外结束，文件可能不完整（内容不完整，此处缺少一个值）",
        ),
        (
            "[{\"name\":\"甲\",\n \"kind\":\"中央预算内\"",
            "import.bad_json",
            "JSON 文件在第 2 行第 15 列处意外结束，文件可能不完整（对象没有结束，缺少 }）",
        ),
        // "expected `:` at line 1 column 12", the column counted in characters.
        (
            r#"{"项目名称" "甲"}"#,
            "import.bad_json",
            "JSON 格式错误（第 1 行第 9 列）：此处应为冒号 :",
        ),
        (
            "[{\"kind\": \"中央预算内\",}]",
            "import.bad_json",
            "JSON 格式错误（第 1 行第 19 列）：多余的逗号",
        ),
        (
            "{\"kind\": tru}",
            "import.bad_json",
            "JSON 格式错误（第 1 行第 13 列）：无法识别的内容",
        ),
    ];
    for (text, code, expected) in cases {
        let (c, message) = only_error(&plan(text.as_bytes(), "plan.json"));
        assert_eq!(c, code, "{text}");
        assert_eq!(message, expected, "{text}");
        for word in [
            "EOF", "expected", "line", "column", "invalid", "parsing", "value",
        ] {
            assert!(!message.contains(word), "{message}");
        }
    }
}

#[test]
fn json_without_plan_fields_is_not_a_plan() {
    for text in [
        r#"{"hello":"world"}"#,
        "[]",
        "[1,2]",
        r#"{"projects":[{"a":1}]}"#,
        r#"{"proposals":[]}"#,
        r#"{"name":"my-package","version":"1.0.0","date":"2025-06-30"}"#,
    ] {
        let (code, message) = only_error(&plan(text.as_bytes(), "plan.json"));
        assert_eq!(code, "import.json_not_a_plan", "{text}");
        assert_eq!(
            message,
            "这个 JSON 文件里没有项目计划字段（如 项目类型、中央资金、劳务报酬），不是项目计划表。"
        );
    }
}

#[test]
fn a_plan_with_one_bad_row_reports_that_row_with_chinese_field_names() {
    let text = r#"[
        {"name":"甲","province":"甘肃","kind":"中央预算内","funds":{"central":"500万"},"labourRemuneration":"150万","date":"2025-06-30"},
        {"name":"乙","province":"甘肃","kind":"中央预算内","funds":{"central":"x"},"labourRemuneration":"1","date":"2025-06-30"},
        {"name":"丙"},
        5
    ]"#;
    let r = plan(text.as_bytes(), "plan.json");
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    let statuses: Vec<Status> = r.rows.iter().map(|x| x.status).collect();
    assert_eq!(
        statuses,
        [
            Status::Pass,
            Status::Invalid,
            Status::Invalid,
            Status::Invalid
        ]
    );
    let bad = &r.rows[1];
    assert_eq!(bad.errors[0].field, "funds.central");
    assert_eq!(bad.errors[0].column.as_deref(), Some("中央资金"));
    assert!(
        bad.error.as_deref().unwrap().starts_with("中央资金："),
        "{:?}",
        bad.error
    );
    // A row with no plan field in a plan is still a row: 项目类型 and 劳务报酬 are missing.
    let third = &r.rows[2];
    let named: Vec<(&str, Option<&str>)> = third
        .errors
        .iter()
        .map(|e| (e.field.as_str(), e.column.as_deref()))
        .collect();
    assert_eq!(
        named,
        [
            ("kind", Some("项目类型")),
            ("labourRemuneration", Some("劳务报酬"))
        ]
    );
    assert_eq!(third.error.as_deref(), Some("项目类型：项目类型为必填项"));
    for row in &r.rows {
        for e in row.errors.iter().chain(&row.warnings) {
            let shown = format!("{}：{}", e.column.as_deref().unwrap_or(""), e.message);
            assert_eq!(english_words(&shown), Vec::<String>::new(), "{shown}");
        }
    }
    // One object with a plan field is one project, however bad.
    let r = plan(r#"{"kind":"不存在的类型"}"#.as_bytes(), "plan.json");
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert_eq!(r.rows.len(), 1);
    assert_eq!(r.rows[0].status, Status::Invalid);
    assert_eq!(r.rows[0].errors[0].column.as_deref(), Some("项目类型"));
}
