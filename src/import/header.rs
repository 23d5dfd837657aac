//! Finding the header row of a plan and giving each column a meaning, by the Chinese names
//! offices write (项目名称, 中央资金（万元）, 劳务报酬总额 ...), with the unit they carry.

use serde::Serialize;

use crate::facts::{Field, FUNDS, WORKERS};
use crate::money::Unit;
use crate::rules::Fund;
use crate::text;
use crate::workshop::EmployeeField;
use ColumnField::{Employee, Plan};

use super::table::{column_letter, Row};

/// How many rows from the top are searched for the header (title rows sit above it).
pub const HEADER_SEARCH_ROWS: usize = 30;

/// Proposal fields and the header names that map to them (compared after folding full-width
/// forms, removing spaces, `*` marks and the unit in brackets).
const NAMES: &[(ColumnField, &[&str])] = &[
    (Plan(Field::Index), &["序号", "编号", "项目序号"]),
    (
        Plan(Field::Name),
        &["项目名称", "名称", "项目", "工程名称", "项目名"],
    ),
    (
        Plan(Field::Province),
        &[
            "所在省份",
            "省份",
            "所在省",
            "省",
            "省份名称",
            "省(区、市)",
            "省（区、市）",
        ],
    ),
    (
        Plan(Field::County),
        &[
            "区县代码",
            "区县编码",
            "县区代码",
            "行政区划代码",
            "区县行政区划代码",
        ],
    ),
    (
        Plan(Field::Kind),
        &["项目类型", "类型", "项目类别", "类别", "项目种类"],
    ),
    (
        Plan(Field::Fund(Fund::Central)),
        &[
            "中央资金",
            "中央预算内投资",
            "中央预算内资金",
            "中央财政资金",
            "中央投资",
            "中央财政衔接资金",
            "中央衔接资金",
        ],
    ),
    (
        Plan(Field::Fund(Fund::Provincial)),
        &[
            "省级资金",
            "省级财政资金",
            "省级投资",
            "省级财政衔接资金",
            "省级衔接资金",
            "省级配套资金",
        ],
    ),
    (
        Plan(Field::Fund(Fund::Municipal)),
        &[
            "市级资金",
            "市级财政资金",
            "市级投资",
            "市级配套资金",
            "市级配套",
        ],
    ),
    (
        Plan(Field::Fund(Fund::County)),
        &[
            "县级资金",
            "县级财政资金",
            "县级投资",
            "县级配套资金",
            "县级配套",
        ],
    ),
    (
        Plan(Field::Fund(Fund::Other)),
        &[
            "其他资金",
            "自筹资金",
            "其他",
            "自筹",
            "社会资金",
            "群众自筹",
            "其他及自筹资金",
        ],
    ),
    (
        Plan(Field::Labour),
        &[
            "劳务报酬",
            "劳务报酬总额",
            "劳务报酬金额",
            "发放劳务报酬",
            "劳务报酬发放额",
            "计划发放劳务报酬",
            "劳务报酬发放金额",
        ],
    ),
    // A share the table states itself, checked against its amounts (src/import/share.rs);
    // other `占…比例` headers are matched by their shape in `field_of`.
    (
        Plan(Field::StatedShare),
        &[
            "劳务报酬占比",
            "劳务报酬比例",
            "劳务报酬占比(%)",
            "劳务报酬占比%",
            "占比",
            "占比(%)",
        ],
    ),
    (
        Plan(Field::Date),
        &["核算日期", "日期", "申报日期", "计划日期"],
    ),
    (Plan(Field::Unit), &["金额单位", "单位"]),
    (
        Plan(Field::WorkersTotal),
        &[
            "务工人数",
            "务工总人数",
            "带动务工人数",
            "吸纳务工人数",
            "带动当地群众务工人数",
        ],
    ),
    (
        Plan(Field::WorkersPovertyAlleviated),
        &[
            "脱贫人口务工人数",
            "其中脱贫人口",
            "其中脱贫人口务工人数",
            "脱贫人口",
            "脱贫劳动力",
            "其中:脱贫人口",
        ],
    ),
];

/// Employee fields (workshop rosters) and the header names that map to them.
const ROSTER_NAMES: &[(ColumnField, &[&str])] = &[
    (Employee(EmployeeField::Index), &["序号", "编号"]),
    (
        Employee(EmployeeField::Id),
        &[
            "身份证号",
            "身份证号码",
            "公民身份号码",
            "身份证",
            "证件号码",
            "居民身份证号码",
        ],
    ),
    (Employee(EmployeeField::Name), &["姓名", "名字", "人员姓名"]),
    (
        Employee(EmployeeField::Group),
        &["人员类别", "类别", "人员类型", "身份类别", "人员属性"],
    ),
    (
        Employee(EmployeeField::ContractMonths),
        &[
            "合同期限",
            "合同期限(月)",
            "劳动合同期限",
            "协议期限",
            "合同月数",
        ],
    ),
    (
        Employee(EmployeeField::MonthsEmployed),
        &[
            "务工月数",
            "就业月数",
            "务工时长",
            "本年务工月数",
            "实际务工月数",
        ],
    ),
    (
        Employee(EmployeeField::AnnualIncome),
        &["年收入", "年务工收入", "务工年收入", "年工资收入"],
    ),
    (
        Employee(EmployeeField::SubsidyClaimed),
        &[
            "已享受一次性吸纳补贴",
            "已享受吸纳补贴",
            "是否已享受一次性吸纳补贴",
            "已享受一次性吸纳就业补贴",
            "是否已享受",
        ],
    ),
    (
        Employee(EmployeeField::HukouProvince),
        &["户籍省份", "户籍所在省", "户籍"],
    ),
];

/// What a column fills: a field of a proposal (a plan's column) or of an employee (a workshop
/// roster's). In JSON, its path (`funds.central`, `annualIncome`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ColumnField {
    /// A plan's column.
    Plan(Field),
    /// A roster's column.
    Employee(EmployeeField),
}

impl ColumnField {
    /// The field's path: `funds.central`, `annualIncome`.
    pub const fn path(self) -> &'static str {
        match self {
            Plan(field) => field.path(),
            Employee(field) => field.key(),
        }
    }

    /// The proposal's field, for a plan's column.
    pub fn plan(self) -> Option<Field> {
        match self {
            Plan(field) => Some(field),
            Employee(_) => None,
        }
    }

    /// Whether the column holds money (and may carry a unit).
    pub fn is_amount(self) -> bool {
        self.plan().is_some_and(Field::is_amount)
    }

    /// Whether the column is a row's ordinal (序号), which no field is read from.
    pub fn is_index(self) -> bool {
        matches!(self, Plan(Field::Index) | Employee(EmployeeField::Index))
    }
}

impl PartialEq<Field> for ColumnField {
    fn eq(&self, field: &Field) -> bool {
        *self == Plan(*field)
    }
}

impl Serialize for ColumnField {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.path())
    }
}

/// What a kind of table's header names, and which field must be there.
#[derive(Debug, Clone, Copy)]
pub struct Schema {
    names: &'static [(ColumnField, &'static [&'static str])],
    key_field: ColumnField,
}

/// A project plan.
pub const PLAN: Schema = Schema {
    names: NAMES,
    key_field: Plan(Field::Labour),
};

/// A workshop roster.
pub const ROSTER: Schema = Schema {
    names: ROSTER_NAMES,
    key_field: Employee(EmployeeField::Id),
};

/// A column whose header was recognised.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Column {
    /// The header as written in the file.
    pub header: String,
    /// The field it fills, e.g. `funds.central` (in JSON, its path).
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string"))]
    pub field: ColumnField,
    /// That field's name in Chinese (the first name offices write for it, `中央资金`), for
    /// showing which column fills what.
    pub label: &'static str,
    /// The spreadsheet column, e.g. `E`.
    pub column: String,
    /// The unit the header gives (`元` or `万元`), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Zero-based index.
    #[serde(skip)]
    pub index: usize,
    /// The unit, parsed.
    #[serde(skip)]
    pub unit_value: Option<Unit>,
    /// A column headed just `单位`, which may hold units or the names of organisations.
    #[serde(skip)]
    pub ambiguous: bool,
}

/// A column whose header is not recognised (its cells are ignored and reported).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Unmapped {
    /// The header as written.
    pub header: String,
    /// The spreadsheet column.
    pub column: String,
    /// Why it is not used.
    pub reason: String,
}

/// Splits a header into its name and the unit it names: `中央资金（万元）` is
/// (`中央资金`, 万元); `劳务报酬/元` is (`劳务报酬`, 元); `项目名称*` is (`项目名称`, none).
pub fn split_header(header: &str) -> (String, Option<Unit>) {
    split_header_in(header, PLAN)
}

/// [`split_header`] for any kind of table.
pub fn split_header_in(header: &str, schema: Schema) -> (String, Option<Unit>) {
    let t: String = text::fold_compact(header)
        .chars()
        .filter(|c| !matches!(c, '*' | '★' | '\u{200b}' | '\u{feff}'))
        .collect();
    // A unit in brackets anywhere: 中央资金(万元), 劳务报酬【元】.
    for (open, close) in [('(', ')'), ('[', ']'), ('【', '】')] {
        if let (Some(a), Some(b)) = (t.find(open), t.rfind(close)) {
            if a < b {
                let inner = t.get(a + open.len_utf8()..b).unwrap_or_default();
                if let Some(unit) = Unit::parse(inner) {
                    let name = format!(
                        "{}{}",
                        t.get(..a).unwrap_or_default(),
                        t.get(b + close.len_utf8()..).unwrap_or_default()
                    );
                    return (name, Some(unit));
                }
            }
        }
    }
    // A unit after a separator or glued to a known name: 劳务报酬/万元, 中央资金万元.
    for (suffix, unit) in [("万元", Unit::Wan), ("元", Unit::Yuan)] {
        if let Some(stem) = t.strip_suffix(suffix) {
            let stem = stem.trim_end_matches(['/', '_', '-', ':', '：']);
            if field_of(stem, schema).is_some() {
                return (stem.to_owned(), Some(unit));
            }
        }
    }
    (t, None)
}

/// The Chinese name of a field (the first name offices write for it): `中央资金` for
/// `funds.central`, for messages.
fn field_name(field: ColumnField, schema: Schema) -> &'static str {
    schema
        .names
        .iter()
        .find(|(f, _)| *f == field)
        .and_then(|(_, names)| names.first())
        .copied()
        .unwrap_or("同一字段")
}

/// The Chinese label of a field path, for naming a JSON item's field in a message: the first
/// name offices write for it (`中央资金` for `funds.central`, `项目类型` for `kind`), `资金` and
/// `务工人数` for the objects that group them; `None` for a key the schema does not have.
pub fn label(field: &str, schema: Schema) -> Option<&'static str> {
    match field {
        FUNDS => Some("资金"),
        WORKERS => Some("务工人数"),
        _ => {
            let (_, names) = schema.names.iter().find(|(f, _)| f.path() == field)?;
            names.first().copied()
        }
    }
}

/// Whether a key of a JSON item names one of the schema's fields, by its key (`kind`, `funds`
/// for `funds.central`) or by a header name (`项目类型`, `中央资金（万元）`). Keys any JSON
/// object may have (`name`, `date`, `unit`, `index`) do not count: `{"name":"x"}` is no plan.
pub fn names_field(key: &str, schema: Schema) -> bool {
    let by_key = schema.names.iter().map(|(f, _)| *f).find(|f| {
        let path = f.path();
        path == key || path.split_once('.').is_some_and(|(top, _)| top == key)
    });
    let field = by_key.or_else(|| field_of(&split_header_in(key, schema).0, schema));
    field.is_some_and(|f| {
        !matches!(
            f,
            Plan(Field::Index | Field::Name | Field::Date | Field::Unit)
        )
    })
}

fn field_of(name: &str, schema: Schema) -> Option<ColumnField> {
    schema
        .names
        .iter()
        .find(|(_, names)| {
            names
                .iter()
                .any(|n| text::compact_chars(n).eq(name.chars()))
        })
        .map(|(field, _)| *field)
        .or_else(|| {
            (schema.key_field == PLAN.key_field && is_share_header(name))
                .then_some(Plan(Field::StatedShare))
        })
}

/// A stated share's header by its shape: `占中央资金比例`, `劳务报酬占总投资比例(%)`.
fn is_share_header(name: &str) -> bool {
    let name = name.trim_end_matches("(%)").trim_end_matches('%');
    let rest = name.strip_prefix("劳务报酬").unwrap_or(name);
    rest.starts_with('占') && (rest.ends_with("比例") || rest.ends_with("占比"))
}

/// The recognised columns of a header row, and the others.
pub fn map_header(row: &Row) -> (Vec<Column>, Vec<Unmapped>) {
    map_header_in(row, PLAN)
}

/// [`map_header`] for any kind of table.
pub fn map_header_in(row: &Row, schema: Schema) -> (Vec<Column>, Vec<Unmapped>) {
    let mut columns: Vec<Column> = Vec::new();
    let mut unmapped = Vec::new();
    for (i, cell) in row.cells.iter().enumerate() {
        let header = cell.display().trim().to_owned();
        if header.is_empty() {
            continue;
        }
        let (name, unit) = split_header_in(&header, schema);
        match field_of(&name, schema) {
            Some(field) if columns.iter().any(|c| c.field == field) => unmapped.push(Unmapped {
                header,
                column: column_letter(i),
                reason: format!(
                    "与前面的列重复（同为{}），已忽略",
                    field_name(field, schema)
                ),
            }),
            Some(field) => columns.push(Column {
                header,
                field,
                label: field_name(field, schema),
                column: column_letter(i),
                unit: unit.map(|u| u.name().to_owned()),
                index: i,
                unit_value: unit,
                ambiguous: field == Field::Unit && name == "单位",
            }),
            None => unmapped.push(Unmapped {
                header,
                column: column_letter(i),
                reason: "无法识别的列名，已忽略".to_owned(),
            }),
        }
    }
    (columns, unmapped)
}

/// Finds the header row among the first rows: the one naming the most known fields, which
/// must include the labour remuneration and at least one other field.
pub fn find_header(rows: &[Row]) -> Option<usize> {
    find_header_in(rows, PLAN)
}

/// [`find_header`] for any kind of table: the row must name the schema's key field.
pub fn find_header_in(rows: &[Row], schema: Schema) -> Option<usize> {
    let mut best: Option<(usize, usize)> = None;
    for (i, row) in rows.iter().enumerate().take(HEADER_SEARCH_ROWS) {
        let (columns, _) = map_header_in(row, schema);
        let has_labour = columns.iter().any(|c| c.field == schema.key_field);
        let score = columns.iter().filter(|c| !c.field.is_index()).count();
        if has_labour && score >= 2 && best.is_none_or(|(_, s)| score > s) {
            best = Some((i, score));
        }
    }
    best.map(|(i, _)| i)
}

/// How many rows a header may span (a title row of groups, a row of names, a row of sub-names).
pub const MAX_HEADER_ROWS: usize = 3;

/// A unit stated for the whole table on a line above its header (`单位：万元`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct UnitLine {
    /// Row number in the file.
    pub row: u32,
    /// The unit: `元` or `万元`.
    pub unit: String,
    /// The cell as written.
    pub text: String,
    /// The unit, parsed.
    #[serde(skip)]
    pub value: Unit,
}

/// A plan's header as found: the rows it spans, what its columns mean, and the unit line above
/// it, if any.
#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    /// Index of its first row among the rows searched.
    pub first: usize,
    /// Index of its last row (the data start below it).
    pub last: usize,
    /// The row numbers in the file of the rows it spans.
    pub rows: Vec<u32>,
    /// Recognised columns.
    pub columns: Vec<Column>,
    /// Ignored columns.
    pub unmapped: Vec<Unmapped>,
    /// The unit line above it.
    pub unit_line: Option<UnitLine>,
    /// How many fields (other than 序号) it names: how plainly this is a plan's header.
    pub score: usize,
}

/// Words that, under a group cell, name the group's own figure (`劳务报酬` over `金额`,
/// `务工人数` over `合计`).
const GENERIC: &[&str] = &[
    "金额", "合计", "小计", "总额", "总计", "数额", "资金", "人数", "总数", "数量", "计",
];

/// Finds a plan's header among the first rows: one to [`MAX_HEADER_ROWS`] rows, where the
/// texts of merged group cells (written in their first column, the others blank, as both
/// spreadsheets and their CSV exports have them) pass to the columns under them. The header
/// naming the most fields wins; of equal ones, one whose lower rows continue the header above
/// them (see `continues`: `劳务报酬` over `金额 | 占比` names no more fields, but its
/// second row is no project), then the one of fewer rows, then the first.
pub fn find_plan_header(rows: &[Row]) -> Option<Header> {
    let mut best: Option<(Header, bool)> = None;
    let top = rows.len().min(HEADER_SEARCH_ROWS);
    for first in 0..top {
        if rows.get(first).is_none_or(Row::is_blank) {
            continue;
        }
        let mut above: Vec<Column> = Vec::new();
        let mut chain = true;
        for depth in 1..=MAX_HEADER_ROWS {
            let Some(span) = rows.get(first..first + depth) else {
                break;
            };
            let Some(last) = span.last().filter(|r| !r.is_blank()) else {
                break;
            };
            if depth > 1 {
                chain &= continues(&above, last);
            }
            let continued = depth > 1 && chain;
            let (columns, unmapped) = map_header_rows(span, PLAN);
            let has_labour = columns.iter().any(|c| c.field == PLAN.key_field);
            let score = columns.iter().filter(|c| !c.field.is_index()).count();
            let better = best.as_ref().is_none_or(|(b, b_continued)| {
                (score, continued, b.rows.len()) > (b.score, *b_continued, depth)
            });
            if has_labour && score >= 2 && better {
                best = Some((
                    Header {
                        first,
                        last: first + depth - 1,
                        rows: span.iter().map(|r| r.number).collect(),
                        columns: columns.clone(),
                        unmapped,
                        unit_line: None,
                        score,
                    },
                    continued,
                ));
            }
            above = columns;
        }
    }
    let (mut header, _) = best?;
    // A header cell that states the unit (`单位：万元` at the right end of the header) is no
    // column: it is the unit line.
    let stated = header.columns.iter().position(|c| {
        c.field == Field::Unit && !c.header.contains('/') && unit_in_line(&c.header).is_some()
    });
    if let Some(at) = stated {
        let c = header.columns.remove(at);
        let row = rows
            .get(header.first..=header.last)
            .unwrap_or_default()
            .iter()
            .find(|r| r.cell(c.index).display().trim() == c.header);
        header.unit_line = row.and_then(|r| {
            Some(UnitLine {
                row: r.number,
                value: unit_in_line(&c.header)?,
                unit: unit_in_line(&c.header)?.name().to_owned(),
                text: c.header.clone(),
            })
        });
    }
    let above = rows
        .get(..header.first)
        .unwrap_or_default()
        .iter()
        .rev()
        .find_map(|row| {
            row.cells.iter().find_map(|c| match c {
                super::table::Cell::Text(t) => unit_in_line(t).map(|value| UnitLine {
                    row: row.number,
                    unit: value.name().to_owned(),
                    text: t.trim().to_owned(),
                    value,
                }),
                _ => None,
            })
        });
    header.unit_line = above.or(header.unit_line);
    Some(header)
}

/// Whether `row` continues a header whose rows above it map `above`: they name at least two
/// fields, and `row` holds no number and is blank under the name, kind and province (which a
/// project row fills and a header's lower row leaves to the merged cells above).
fn continues(above: &[Column], row: &Row) -> bool {
    let named = above.iter().filter(|c| !c.field.is_index()).count() >= 2;
    let numbers = row.cells.iter().any(|c| match c {
        super::table::Cell::Text(t) => {
            let t = t.trim();
            !t.is_empty()
                && t.chars()
                    .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
        }
        super::table::Cell::Empty => false,
        _ => true,
    });
    let blank_under_names = above
        .iter()
        .filter(|c| {
            [Field::Name, Field::Kind, Field::Province]
                .iter()
                .any(|f| c.field == *f)
        })
        .all(|c| row.cell(c.index).is_blank());
    named && !numbers && blank_under_names
}

/// The unit a line above a header states for the table: `单位：万元`, `金额单位：万元`,
/// `（单位：元）`, `单位:万元、人`, `金额单位为万元`; not `填报单位：会宁县发改局`.
pub fn unit_in_line(text: &str) -> Option<Unit> {
    let t = text::fold_compact(text);
    let mut rest = t.as_str();
    while let Some(at) = rest.find("单位") {
        let after = rest.get(at + "单位".len()..).unwrap_or_default();
        let value = after.trim_start_matches([':', '为', '是', '=']);
        for (name, unit) in [("万元", Unit::Wan), ("元", Unit::Yuan)] {
            if let Some(tail) = value.strip_prefix(name) {
                let ends = tail
                    .chars()
                    .next()
                    .is_none_or(|c| !(c.is_alphanumeric() && c != '人' && c != '个'));
                if ends {
                    return Some(unit);
                }
            }
        }
        rest = after;
    }
    None
}

/// The text of each header row over each column, top to bottom: its own cell, or the group
/// cell to its left that it sits under (a blank cell with a sub-name below it, right of a
/// group cell that has sub-names below it too, with only such cells between them). One pass a
/// row, so that a row of many cells costs no more than its length.
fn header_paths(span: &[Row], width: usize) -> Vec<Vec<String>> {
    let blank = |level: usize, col: usize| span.get(level).is_none_or(|r| r.cell(col).is_blank());
    let has_below = |level: usize, col: usize| (level + 1..span.len()).any(|l| !blank(l, col));
    let mut paths: Vec<Vec<String>> = vec![Vec::new(); width];
    for (level, row) in span.iter().enumerate() {
        // The open group cell's text.
        let mut group: Option<String> = None;
        for (j, path) in paths.iter_mut().enumerate() {
            let text = if !blank(level, j) {
                let own = row.cell(j).display().trim().to_owned();
                group = has_below(level, j).then(|| own.clone());
                Some(own)
            } else if has_below(level, j) {
                group.clone()
            } else {
                group = None;
                None
            };
            if let Some(text) = text {
                if path.last() != Some(&text) {
                    path.push(text);
                }
            }
        }
    }
    paths
}

/// The field of a column from its header texts, top to bottom, and the unit they name (the
/// lowest that names one).
fn field_of_path(path: &[String], schema: Schema) -> (Option<ColumnField>, Option<Unit>) {
    let parts: Vec<(String, Option<Unit>)> =
        path.iter().map(|p| split_header_in(p, schema)).collect();
    let unit = parts.iter().rev().find_map(|(_, u)| *u);
    (field_of_parts(&parts, schema), unit)
}

fn field_of_parts(parts: &[(String, Option<Unit>)], schema: Schema) -> Option<ColumnField> {
    let (own, parents) = parts.split_last()?;
    let own = own.0.as_str();
    let bare = own
        .strip_prefix("其中:")
        .or_else(|| own.strip_prefix("其中"))
        .unwrap_or(own);
    if let Some(field) = field_of(own, schema).or_else(|| field_of(bare, schema)) {
        return Some(field);
    }
    let (parent, _) = parents.last()?;
    if let Some(field) = field_of(&format!("{parent}{bare}"), schema) {
        return Some(field);
    }
    // Under a group (`资金构成`, `其中：`), `中央` and `省级` name funds.
    if !bare.ends_with("资金") {
        if let Some(field) = field_of(&format!("{bare}资金"), schema) {
            return Some(field);
        }
    }
    if GENERIC.contains(&bare) {
        return field_of_parts(parents, schema);
    }
    None
}

/// [`map_header_in`] over a header of one or more rows.
pub fn map_header_rows(span: &[Row], schema: Schema) -> (Vec<Column>, Vec<Unmapped>) {
    if let [row] = span {
        return map_header_in(row, schema);
    }
    let width = span.iter().map(|r| r.cells.len()).max().unwrap_or(0);
    let mut columns: Vec<Column> = Vec::new();
    let mut unmapped = Vec::new();
    for (j, path) in header_paths(span, width).into_iter().enumerate() {
        if path.is_empty() {
            continue;
        }
        let header = path.join("/");
        let (field, unit) = field_of_path(&path, schema);
        match field {
            Some(field) if columns.iter().any(|c| c.field == field) => unmapped.push(Unmapped {
                header,
                column: column_letter(j),
                reason: format!(
                    "与前面的列重复（同为{}），已忽略",
                    field_name(field, schema)
                ),
            }),
            Some(field) => {
                let own = path.last().map(|p| split_header_in(p, schema).0);
                columns.push(Column {
                    header,
                    field,
                    label: field_name(field, schema),
                    column: column_letter(j),
                    unit: unit.map(|u| u.name().to_owned()),
                    index: j,
                    unit_value: unit,
                    ambiguous: field == Field::Unit && own.as_deref() == Some("单位"),
                })
            }
            None => unmapped.push(Unmapped {
                header,
                column: column_letter(j),
                reason: "无法识别的列名，已忽略".to_owned(),
            }),
        }
    }
    (columns, unmapped)
}

/// The names a plan's header is expected to use, for the "not a plan" message.
pub fn expected_headers() -> String {
    "项目名称、所在省份、项目类型、中央资金、省级资金、市级资金、县级资金、其他资金、劳务报酬、核算日期".to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::table::Cell;

    #[test]
    fn splits_units_from_headers() {
        assert_eq!(
            split_header("中央资金（万元）"),
            ("中央资金".into(), Some(Unit::Wan))
        );
        assert_eq!(
            split_header("中央资金(元)"),
            ("中央资金".into(), Some(Unit::Yuan))
        );
        assert_eq!(
            split_header("劳务报酬/万元"),
            ("劳务报酬".into(), Some(Unit::Wan))
        );
        assert_eq!(
            split_header("劳务报酬总额万元"),
            ("劳务报酬总额".into(), Some(Unit::Wan))
        );
        assert_eq!(split_header("* 项目名称"), ("项目名称".into(), None));
        assert_eq!(split_header("项目名称\n"), ("项目名称".into(), None));
        assert_eq!(split_header("省（区、市）"), ("省(区、市)".into(), None));
    }

    #[test]
    fn finds_the_header_below_title_rows() {
        let text = |s: &str| Cell::Text(s.to_owned());
        let rows = vec![
            Row {
                number: 1,
                cells: vec![text("2025年以工代赈项目计划表")],
            },
            Row {
                number: 2,
                cells: vec![],
            },
            Row {
                number: 3,
                cells: vec![
                    text("序号"),
                    text("项目名称"),
                    text("中央资金（万元）"),
                    text("劳务报酬（万元）"),
                    text("备注"),
                ],
            },
        ];
        assert_eq!(find_header(&rows), Some(2));
        let (columns, unmapped) = map_header(&rows[2]);
        let fields: Vec<&str> = columns.iter().map(|c| c.field.path()).collect();
        assert_eq!(
            fields,
            ["index", "name", "funds.central", "labourRemuneration"]
        );
        assert_eq!(columns[2].column, "C");
        assert_eq!(columns[2].unit.as_deref(), Some("万元"));
        assert_eq!(unmapped.len(), 1);
        assert_eq!(unmapped[0].header, "备注");
    }

    #[test]
    fn unit_lines() {
        for (text, unit) in [
            ("单位：万元", Some(Unit::Wan)),
            ("金额单位：万元", Some(Unit::Wan)),
            ("（单位：元）", Some(Unit::Yuan)),
            ("单位:万元、人", Some(Unit::Wan)),
            ("金额单位为万元", Some(Unit::Wan)),
            ("单位 ： 元", Some(Unit::Yuan)),
            ("填报单位：会宁县发改局  单位：万元", Some(Unit::Wan)),
            ("填报单位：会宁县发改局", None),
            ("单位：元宝山区", None),
            ("项目计划表", None),
            ("单位：个", None),
        ] {
            assert_eq!(unit_in_line(text), unit, "{text}");
        }
    }

    #[test]
    fn headers_over_rows() {
        let text = |s: &str| Cell::Text(s.to_owned());
        let row = |number: u32, cells: &[&str]| Row {
            number,
            cells: cells.iter().map(|c| text(c)).collect(),
        };
        let rows = vec![
            row(1, &["单位：万元"]),
            row(
                2,
                &[
                    "序号",
                    "项目名称",
                    "项目类型",
                    "资金构成（万元）",
                    "",
                    "",
                    "劳务报酬",
                    "带动务工人数",
                    "",
                ],
            ),
            row(
                3,
                &[
                    "",
                    "",
                    "",
                    "中央资金",
                    "省级",
                    "合计",
                    "",
                    "合计",
                    "其中：脱贫人口",
                ],
            ),
            row(
                4,
                &["1", "甲", "中央预算内", "100", "", "100", "30", "5", "2"],
            ),
        ];
        let h = find_plan_header(&rows).unwrap();
        assert_eq!((h.first, h.last, h.rows.clone()), (1, 2, vec![2, 3]));
        assert_eq!(h.unit_line.as_ref().map(|l| l.value), Some(Unit::Wan));
        let fields: Vec<(&str, &str)> = h
            .columns
            .iter()
            .map(|c| (c.column.as_str(), c.field.path()))
            .collect();
        assert_eq!(
            fields,
            [
                ("A", "index"),
                ("B", "name"),
                ("C", "kind"),
                ("D", "funds.central"),
                ("E", "funds.provincial"),
                ("G", "labourRemuneration"),
                ("H", "workers.total"),
                ("I", "workers.povertyAlleviated"),
            ]
        );
        assert_eq!(h.columns[3].unit_value, Some(Unit::Wan));
        assert_eq!(h.columns[5].unit_value, None);
        // The funds' 合计 is not a fund.
        assert_eq!(h.unmapped.len(), 1);
        assert_eq!(h.unmapped[0].header, "资金构成（万元）/合计");
        // A data row is never taken for a header row.
        assert_eq!(find_plan_header(&rows[1..2]).map(|h| h.rows), Some(vec![2]));
    }

    #[test]
    fn a_lower_header_row_that_names_nothing_new() {
        let text = |s: &str| Cell::Text(s.to_owned());
        let row = |number: u32, cells: &[&str]| Row {
            number,
            cells: cells.iter().map(|c| text(c)).collect(),
        };
        let rows = vec![
            row(1, &["项目名称", "项目类型", "中央资金", "劳务报酬", ""]),
            row(2, &["", "", "", "金额", "占比"]),
            row(3, &["甲", "中央预算内", "100", "30", "30%"]),
        ];
        let h = find_plan_header(&rows).unwrap();
        assert_eq!(h.rows, [1, 2]);
        assert_eq!(h.columns[3].header, "劳务报酬/金额");
        // 占比 under 劳务报酬 is the share the table states (compared with the amounts).
        let stated = h
            .columns
            .iter()
            .find(|c| c.field == Field::StatedShare)
            .unwrap();
        assert_eq!(stated.header, "劳务报酬/占比");
        assert!(h.unmapped.is_empty(), "{:?}", h.unmapped);
        // Without its second row, the first is the header.
        let h = find_plan_header(&[rows[0].clone(), rows[2].clone()]).unwrap();
        assert_eq!(h.rows, [1]);
    }

    #[test]
    fn a_unit_stated_in_the_header_row() {
        let text = |s: &str| Cell::Text(s.to_owned());
        let rows = vec![Row {
            number: 1,
            cells: ["项目名称", "项目类型", "中央资金", "劳务报酬", "单位：万元"]
                .iter()
                .map(|c| text(c))
                .collect(),
        }];
        let h = find_plan_header(&rows).unwrap();
        let fields: Vec<&str> = h.columns.iter().map(|c| c.field.path()).collect();
        assert_eq!(
            fields,
            ["name", "kind", "funds.central", "labourRemuneration"]
        );
        let line = h.unit_line.unwrap();
        assert_eq!((line.row, line.value), (1, Unit::Wan));
    }

    #[test]
    fn no_header_without_labour() {
        let rows = vec![Row {
            number: 1,
            cells: vec![Cell::Text("项目名称".into()), Cell::Text("中央资金".into())],
        }];
        assert_eq!(find_header(&rows), None);
    }

    /// A column's field is typed in the core and its path in JSON: a plan's column and a
    /// roster's, each mapped by its own table.
    #[test]
    fn a_column_field_is_its_path_in_json() {
        let row = |cells: &[&str]| Row {
            number: 1,
            cells: cells.iter().map(|c| Cell::Text((*c).to_owned())).collect(),
        };
        let (plan, _) = map_header(&row(&["序号", "中央资金（万元）", "劳务报酬总额"]));
        let fields: Vec<ColumnField> = plan.iter().map(|c| c.field).collect();
        assert_eq!(
            fields,
            [
                Plan(Field::Index),
                Plan(Field::Fund(Fund::Central)),
                Plan(Field::Labour)
            ]
        );
        let json = serde_json::to_value(&plan[1]).unwrap();
        assert_eq!(json["field"], "funds.central");
        assert_eq!(json["label"], "中央资金");

        let (roster, _) = map_header_in(&row(&["编号", "公民身份号码", "年务工收入"]), ROSTER);
        let fields: Vec<ColumnField> = roster.iter().map(|c| c.field).collect();
        assert_eq!(
            fields,
            [
                Employee(EmployeeField::Index),
                Employee(EmployeeField::Id),
                Employee(EmployeeField::AnnualIncome)
            ]
        );
        assert!(roster[0].field.is_index() && !roster[1].field.is_index());
        let json = serde_json::to_value(&roster[2]).unwrap();
        assert_eq!(json["field"], "annualIncome");
        // A roster's column is no proposal field, and its header names no plan field.
        assert_eq!(roster[2].field.plan(), None);
        assert!(!map_header(&row(&["公民身份号码"]))
            .0
            .iter()
            .any(|c| c.field.plan().is_some()));
    }
}
