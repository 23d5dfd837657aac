//! What a proposal says, typed: [`Field`], the table of its fields (each one's path, as
//! errors, JSON items and the page name it, its key in its JSON object, its Chinese label and
//! the kind of value it holds), and [`Facts`], what the proposal reader (`proposal.rs`) and a
//! plan row's fast reader (`import/fast.rs`) read from loose input or a table row: amounts in
//! whole fen, the kind, province and county looked up, every field read once. The judge
//! (`judge.rs`) decides on facts; the verdict's echo of the input
//! ([`crate::proposal::Proposal`]) is a rendering of them.
//!
//! Readers, the plan's header map, errors and exports name a field by [`Field`], so that each
//! path is written once, here.

use std::borrow::Cow;

use serde::Serialize;

use crate::date::Date;
use crate::region::Province;
use crate::rules::{Fund, ProjectKind};

/// A field of a proposal (or of a plan row, which has two more: its ordinal and its stated
/// share).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    /// 序号: a plan row's ordinal, never read.
    Index,
    /// 项目名称.
    Name,
    /// 所在省份.
    Province,
    /// 区县代码: the county's 6-digit GB/T 2260 code.
    County,
    /// 项目类型.
    Kind,
    /// A source of funds: `funds.central` ...
    Fund(Fund),
    /// 劳务报酬.
    Labour,
    /// 劳务报酬占比: a share a plan states itself, checked against its amounts.
    StatedShare,
    /// 核算日期.
    Date,
    /// 金额单位.
    Unit,
    /// 务工人数.
    WorkersTotal,
    /// 其中脱贫人口务工人数.
    WorkersPovertyAlleviated,
}

/// What kind of value a field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Value {
    /// Text (a name, a province, a kind).
    Text,
    /// Money, in the unit of its column or of the proposal.
    Amount,
    /// A whole number of people.
    Count,
    /// A date.
    Date,
    /// A share (`30%`).
    Share,
    /// A unit of amounts (`元`, `万元`).
    Unit,
    /// An ordinal, ignored.
    Ordinal,
}

impl Field {
    /// Every field, in the order a plan's header map tries them.
    pub const ALL: [Field; 16] = [
        Field::Index,
        Field::Name,
        Field::Province,
        Field::County,
        Field::Kind,
        Field::Fund(Fund::Central),
        Field::Fund(Fund::Provincial),
        Field::Fund(Fund::Municipal),
        Field::Fund(Fund::County),
        Field::Fund(Fund::Other),
        Field::Labour,
        Field::StatedShare,
        Field::Date,
        Field::Unit,
        Field::WorkersTotal,
        Field::WorkersPovertyAlleviated,
    ];

    /// The path, e.g. `funds.central`, `labourRemuneration`.
    pub const fn path(self) -> &'static str {
        match self {
            Field::Index => "index",
            Field::Name => "name",
            Field::Province => "province",
            Field::County => "county",
            Field::Kind => "kind",
            Field::Fund(Fund::Central) => "funds.central",
            Field::Fund(Fund::Provincial) => "funds.provincial",
            Field::Fund(Fund::Municipal) => "funds.municipal",
            Field::Fund(Fund::County) => "funds.county",
            Field::Fund(Fund::Other) => "funds.other",
            Field::Labour => "labourRemuneration",
            Field::StatedShare => "statedShare",
            Field::Date => "date",
            Field::Unit => "unit",
            Field::WorkersTotal => "workers.total",
            Field::WorkersPovertyAlleviated => "workers.povertyAlleviated",
        }
    }

    /// The object the field sits in, when it is not at the top: `funds`, `workers`.
    pub const fn group(self) -> Option<&'static str> {
        match self {
            Field::Fund(_) => Some(FUNDS),
            Field::WorkersTotal | Field::WorkersPovertyAlleviated => Some(WORKERS),
            _ => None,
        }
    }

    /// The key in its object: the path after its group (`central`, `total`, `kind`).
    pub fn key(self) -> &'static str {
        let path = self.path();
        match self.group() {
            Some(group) => path.get(group.len() + 1..).unwrap_or(path),
            None => path,
        }
    }

    /// The Chinese label: `中央资金`, `劳务报酬`.
    pub const fn label(self) -> &'static str {
        match self {
            Field::Index => "序号",
            Field::Name => "项目名称",
            Field::Province => "所在省份",
            Field::County => "区县代码",
            Field::Kind => "项目类型",
            Field::Fund(fund) => fund.name(),
            Field::Labour => "劳务报酬",
            Field::StatedShare => "劳务报酬占比",
            Field::Date => "核算日期",
            Field::Unit => "金额单位",
            Field::WorkersTotal => "务工人数",
            Field::WorkersPovertyAlleviated => "脱贫人口务工人数",
        }
    }

    /// The kind of value it holds.
    pub const fn value(self) -> Value {
        match self {
            Field::Index => Value::Ordinal,
            Field::Name | Field::Province | Field::County | Field::Kind => Value::Text,
            Field::Fund(_) | Field::Labour => Value::Amount,
            Field::StatedShare => Value::Share,
            Field::Date => Value::Date,
            Field::Unit => Value::Unit,
            Field::WorkersTotal | Field::WorkersPovertyAlleviated => Value::Count,
        }
    }

    /// Whether it holds money.
    pub fn is_amount(self) -> bool {
        self.value() == Value::Amount
    }
}

/// Each fund in whole fen, in [`Fund::ALL`]'s order; `None` where the proposal gives none.
pub type FundsRead = [Option<i64>; 5];

/// What a proposal says, read and typed: what the judge decides on, and what the verdict
/// echoes back. Made by one of two readers: the proposal reader (loose input or a table row,
/// every problem explained) or the fast reader of a plain plan row; a table row's facts also
/// say which funds its file has no column for and whether its unit is in doubt.
#[derive(Debug, Clone)]
pub struct Facts<'a> {
    /// 项目名称, trimmed (borrowed from a table's cell when it can be).
    pub name: Option<Cow<'a, str>>,
    /// 项目类型, from the rule book.
    pub kind: &'a ProjectKind,
    /// 所在省份, when given (or given by the county).
    pub province: Option<&'static Province>,
    /// 区县代码: the county's 6-digit GB/T 2260 code, when given.
    pub county: Option<u32>,
    /// Funds by source, in whole fen.
    pub funds: FundsRead,
    /// 劳务报酬, in whole fen.
    pub labour: i64,
    /// Workers, where given.
    pub workers: Option<Workers>,
    /// 核算日期, where given.
    pub date: Option<Date>,
    /// Funds the source has no place for (a plan file without their column), in
    /// [`Fund::ALL`]'s order: a floor all of whose base is unread is not judged.
    pub unread: [bool; 5],
    /// Whether an amount looks written in the other unit (a plan row): the row is then not
    /// counted as pass or fail on figures that may be 10,000 times off.
    pub unit_in_doubt: bool,
}

impl Facts<'_> {
    /// The province's two-digit code, when known.
    pub fn province_code(&self) -> Option<&'static str> {
        self.province.map(|p| p.code)
    }
}

/// Workers on the project.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Workers {
    /// Number of local workers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total: Option<u32>,
    /// Of whom poverty-alleviated people.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub poverty_alleviated: Option<u32>,
}

/// The object that holds the funds.
pub const FUNDS: &str = "funds";

/// The object that holds the worker counts.
pub const WORKERS: &str = "workers";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_distinct_and_keyed_in_their_group() {
        for (i, f) in Field::ALL.iter().enumerate() {
            assert!(Field::ALL[..i].iter().all(|g| g.path() != f.path()));
            match f.group() {
                Some(group) => assert_eq!(f.path(), format!("{group}.{}", f.key())),
                None => assert_eq!(f.path(), f.key()),
            }
        }
        for fund in Fund::ALL {
            assert_eq!(Field::Fund(fund).key(), fund.key());
            assert!(Field::Fund(fund).is_amount());
        }
    }
}
