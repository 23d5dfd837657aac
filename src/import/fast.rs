//! The fast reader of plain plan rows: a row whose cells are all plain (digits for amounts, a
//! known kind, province, county and date) is read straight into the same [`Facts`] the
//! proposal reader makes, without its problem lists and words: about six times faster natively
//! (100,000 rows of `bench/`'s plan: 56 against 332 ms), which is why both exist. Anything
//! unusual (a unit in a cell, thousands separators, an unknown kind, a bad date or county, a
//! county of another province, a count of workers that is not a plain number, ...) returns
//! `None`, and the row goes through the proposal reader, which explains the problem. Names are
//! looked up by the proposal reader's own functions ([`Province::find`],
//! [`RuleBook::project_kind`], [`crate::rules::county_code`], [`Date::parse`]); amounts by
//! `Money::plain_fen`, the plain case of [`Money::parse`] (a test below holds them equal).
//! `tests/plans.rs` checks on every fixture, on generated rows and on the fuzz
//! corpus that both readers give the same compact row.
//!
//! Kinds, provinces, counties and dates repeat from row to row, so each distinct text is looked
//! up once (the lookups fold full-width forms and spaces, which costs more than the check
//! itself).

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;

pub use kernels::trim;

use crate::date::Date;
use crate::facts::{Facts, Field, FundsRead, Workers};
use crate::money::{Money, Unit};
use crate::region::Province;
use crate::rules::RuleBook;

use super::header::Column;
use super::table::{number_text, Cell, Row};

/// A cell as the fast path sees it.
#[derive(Debug, Clone, Copy)]
pub enum CellRef<'a> {
    /// Empty or only white space.
    Blank,
    /// Text.
    Text(&'a str),
    /// A spreadsheet number.
    Number(f64),
    /// A spreadsheet date.
    Date(Date),
    /// Anything else (booleans, error values): left to the loose reader.
    Other,
}

/// A row's cells by index.
pub trait Cells {
    /// The cell in column `i` (blank past the end).
    fn cell(&self, i: usize) -> CellRef<'_>;
}

#[inline(always)]
fn text_ref(t: &str) -> CellRef<'_> {
    if trim(t).is_empty() {
        CellRef::Blank
    } else {
        CellRef::Text(t)
    }
}

impl Cells for super::delimited::TextRecord<'_> {
    #[inline(always)]
    fn cell(&self, i: usize) -> CellRef<'_> {
        match self.get(i) {
            Some(t) => text_ref(t),
            // A field that is not text (never, for decoded text) goes to the loose reader.
            None if i < self.len() => CellRef::Other,
            None => CellRef::Blank,
        }
    }
}

impl Cells for Row {
    fn cell(&self, i: usize) -> CellRef<'_> {
        match self.cell(i) {
            Cell::Empty => CellRef::Blank,
            Cell::Text(t) => text_ref(t),
            Cell::Number(f) => CellRef::Number(*f),
            Cell::Date(d) => CellRef::Date(*d),
            Cell::Bool(_) | Cell::Error(_) => CellRef::Other,
        }
    }
}

/// Where each field's column is, and the unit of each amount column.
#[derive(Debug, Clone, Default)]
pub struct Layout {
    name: Option<usize>,
    province: Option<usize>,
    county: Option<usize>,
    kind: Option<usize>,
    unit: Option<usize>,
    date: Option<usize>,
    funds: [Option<(usize, Unit)>; 5],
    labour: Option<(usize, Unit)>,
    workers: [Option<usize>; 2],
}

impl Layout {
    /// The layout of a header's columns; `None` when a column fills a field the fast path
    /// does not know (every row then takes the loose reader).
    pub fn new(columns: &[Column], default_unit: Unit) -> Option<Layout> {
        let mut layout = Layout::default();
        for c in columns {
            let unit = c.unit_value.unwrap_or(default_unit);
            let at = Some(c.index);
            match c.field.plan()? {
                // The stated share is compared with the amounts after the check.
                Field::Index | Field::StatedShare => {}
                Field::Name => layout.name = at,
                Field::Province => layout.province = at,
                Field::County => layout.county = at,
                Field::Kind => layout.kind = at,
                Field::Unit => layout.unit = at,
                Field::Date => layout.date = at,
                Field::Labour => layout.labour = Some((c.index, unit)),
                Field::WorkersTotal => layout.workers[0] = at,
                Field::WorkersPovertyAlleviated => layout.workers[1] = at,
                Field::Fund(fund) => *layout.funds.get_mut(fund.index())? = Some((c.index, unit)),
            }
        }
        Some(layout)
    }
}

/// Lookups of repeated texts, each done once. Bounded: past 4,096 distinct texts
/// of a field, further ones are looked up every time.
#[derive(Debug, Default)]
pub struct Memo {
    kinds: Cache<Option<usize>>,
    provinces: Cache<Option<&'static Province>>,
    counties: Cache<Option<(&'static Province, u32)>>,
    dates: Cache<Option<Date>>,
}

impl Memo {
    const LIMIT: usize = 4096;
}

type Map = HashMap<Box<str>, u32, BuildHasherDefault<kernels::Fx>>;

/// The first few distinct texts of a field, looked through in order starting with the last
/// one found (a plan has a handful of kinds and provinces, and rows of one province or date
/// follow each other); the texts after them in a map. The map holds positions in `values`, so
/// that one map type serves every field (smaller Wasm).
#[derive(Debug)]
struct Cache<V> {
    few: Vec<(Box<str>, V)>,
    last: usize,
    map: Map,
    values: Vec<V>,
}

impl<V> Cache<V> {
    /// How many texts are looked through before the map: comparing a short text with a few
    /// others costs less than hashing it.
    const FEW: usize = 8;
}

impl<V> Default for Cache<V> {
    fn default() -> Self {
        Cache {
            few: Vec::new(),
            last: 0,
            map: Map::default(),
            values: Vec::new(),
        }
    }
}

fn remember<V: Copy>(cache: &mut Cache<V>, key: &str, look_up: impl FnOnce() -> V) -> V {
    if let Some((k, v)) = cache.few.get(cache.last) {
        if crate::text::same(k.as_bytes(), key.as_bytes()) {
            return *v;
        }
    }
    for (i, (k, v)) in cache.few.iter().enumerate() {
        if crate::text::same(k.as_bytes(), key.as_bytes()) {
            cache.last = i;
            return *v;
        }
    }
    let known = cache
        .map
        .get(key)
        .and_then(|&i| cache.values.get(i as usize));
    if let Some(v) = known {
        return *v;
    }
    let v = look_up();
    if cache.few.len() < Cache::<V>::FEW {
        cache.last = cache.few.len();
        cache.few.push((key.into(), v));
    } else if let Ok(i) = u32::try_from(cache.values.len()) {
        if cache.values.len() < Memo::LIMIT {
            cache.map.insert(key.into(), i);
            cache.values.push(v);
        }
    }
    v
}

/// Reads a plain row's facts; `None` sends it to the loose reader. The name is borrowed from
/// its cell; the row has no unread funds and no unit in doubt (the caller says which funds its
/// file has no column for).
pub fn read<'r, C: Cells>(
    layout: &Layout,
    memo: &mut Memo,
    book: &'r RuleBook,
    cells: &'r C,
) -> Option<Facts<'r>> {
    // A function rather than a closure: one call less per cell at the size optimisation.
    #[inline(always)]
    fn at<C: Cells>(cells: &C, i: Option<usize>) -> CellRef<'_> {
        match i {
            Some(i) => cells.cell(i),
            None => CellRef::Blank,
        }
    }
    if !matches!(at(cells, layout.unit), CellRef::Blank) {
        return None;
    }
    let name = match at(cells, layout.name) {
        CellRef::Blank => None,
        CellRef::Text(t) => {
            let t = trim(t);
            // Long names are judged (and refused) by the loose reader.
            (t.len() <= crate::proposal::MAX_NAME_CHARS).then_some(t)?;
            Some(t)
        }
        _ => return None,
    };
    let province = match at(cells, layout.province) {
        CellRef::Blank => None,
        CellRef::Text(t) => Some(remember(&mut memo.provinces, t, || {
            Province::find(trim(t))
        })?),
        _ => return None,
    };
    // A code typed as a number is read as its text, as the loose reader reads it.
    let number;
    let code = match at(cells, layout.county) {
        CellRef::Blank => None,
        CellRef::Text(t) => Some(t),
        CellRef::Number(f) => {
            number = number_text(f);
            Some(number.as_str())
        }
        _ => return None,
    };
    let local = match code {
        None => None,
        Some(t) => Some(remember(&mut memo.counties, t, || {
            crate::rules::county_code(t)
        })?),
    };
    // A county of another province than the one named is the loose reader's error to explain;
    // a county gives its province where the row names none.
    let province = match (province, local) {
        (Some(named), Some((of_county, _))) if named.code != of_county.code => return None,
        (named, local) => named.or(local.map(|(p, _)| p)),
    };
    let kind = match at(cells, layout.kind) {
        CellRef::Text(t) => remember(&mut memo.kinds, t, || {
            let wanted = book.project_kind(trim(t))?;
            book.project_kinds.iter().position(|k| k.id == wanted.id)
        })?,
        _ => return None,
    };
    let date = match at(cells, layout.date) {
        CellRef::Blank => None,
        CellRef::Text(t) => Some(remember(&mut memo.dates, t, || Date::parse(trim(t)).ok())?),
        CellRef::Date(d) => Some(d),
        _ => return None,
    };
    // Fixed columns spelt out rather than zipped: iterator adapters are calls at the size
    // optimisation.
    let [total, poor] = layout.workers;
    let (total, poor) = (count_at(cells, total)?, count_at(cells, poor)?);
    if let (Some(total), Some(poor)) = (total, poor) {
        if poor > total {
            return None;
        }
    }
    // As the proposal reader reads them: no worker column filled is no workers.
    let workers = (total.is_some() || poor.is_some()).then_some(Workers {
        total,
        poverty_alleviated: poor,
    });
    let [central, provincial, municipal, county, other] = layout.funds;
    let funds: FundsRead = [
        amount_at(cells, central)?,
        amount_at(cells, provincial)?,
        amount_at(cells, municipal)?,
        amount_at(cells, county)?,
        amount_at(cells, other)?,
    ];
    let (i, unit) = layout.labour?;
    let labour = plausible_amount(cells.cell(i), unit)?;
    Some(Facts {
        name: name.map(Cow::Borrowed),
        kind: book.project_kinds.get(kind)?,
        province,
        county: local.map(|(_, code)| code),
        funds,
        labour,
        workers,
        date,
        unread: [false; 5],
        unit_in_doubt: false,
    })
}

/// The count in column `i`: `Some(None)` when there is no such column or the cell is blank,
/// `None` when the cell is not a plain count.
#[inline(always)]
fn count_at<C: Cells>(cells: &C, i: Option<usize>) -> Option<Option<u32>> {
    match i.map(|i| cells.cell(i)) {
        None | Some(CellRef::Blank) => Some(None),
        Some(cell) => count(cell).map(Some),
    }
}

/// The amount in whole fen in a fund's column: `Some(None)` when there is no such column or
/// the cell is blank, `None` when the cell is not a plain amount.
#[inline(always)]
fn amount_at<C: Cells>(cells: &C, column: Option<(usize, Unit)>) -> Option<Option<i64>> {
    let Some((i, unit)) = column else {
        return Some(None);
    };
    match cells.cell(i) {
        CellRef::Blank => Some(None),
        cell => plausible_amount(cell, unit).map(Some),
    }
}

/// A spreadsheet number in whole fen when it is exactly a decimal with no more decimals than
/// the unit allows ([`crate::money::exact_fen`]), found without writing it out, which is most
/// of the time an XLSX row takes; `None` sends the number the long way ([`number_text`]).
#[inline(always)]
fn number_fen(f: f64, unit: Unit) -> Option<i64> {
    crate::money::exact_fen(f, unit).and_then(|fen| i64::try_from(fen).ok())
}

/// A whole number of people written as plain digits.
fn count(cell: CellRef<'_>) -> Option<u32> {
    match cell {
        CellRef::Text(t) => {
            let t = trim(t);
            (t.bytes().all(|b| b.is_ascii_digit()) && t.len() <= 9).then_some(())?;
            t.parse().ok()
        }
        CellRef::Number(f) if f.fract() == 0.0 && (0.0..=1e9).contains(&f) => Some(f as u32),
        _ => None,
    }
}

/// [`amount`], except that one in 万元 that looks like yuan typed under 万元 is left to the
/// loose reader, which warns ([`crate::proposal::UNIT_SUSPECT`]).
#[inline(always)]
fn plausible_amount(cell: CellRef<'_>, unit: Unit) -> Option<i64> {
    amount(cell, unit)
        .filter(|&f| unit == Unit::Yuan || !crate::proposal::wan_amount_suspect(i128::from(f)))
}

/// An amount written as plain digits (`1001.8123`) in its column's unit, in whole fen
/// ([`Money::plain_fen`]).
#[inline(always)]
fn amount(cell: CellRef<'_>, unit: Unit) -> Option<i64> {
    match cell {
        CellRef::Text(t) => Money::plain_fen(trim(t), unit),
        CellRef::Number(f) if f.is_finite() && f >= 0.0 => {
            number_fen(f, unit).or_else(|| Money::plain_fen(&number_text(f), unit))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_their_text_reads() {
        for f in crate::money::sample_doubles() {
            for unit in [Unit::Yuan, Unit::Wan] {
                let slow = Money::plain_fen(&number_text(f), unit);
                if let Some(fen) = number_fen(f, unit) {
                    assert_eq!(Some(fen), slow, "{f:?} in {unit:?}");
                }
                assert_eq!(amount(CellRef::Number(f), unit), slow, "{f:?} in {unit:?}");
            }
        }
    }

    #[test]
    fn remembered_values_are_the_looked_up_ones() {
        // Few texts, then many: every answer is the text's own, each text is looked up once
        // until the cache is full, and texts past it are looked up every time.
        let mut cache = Cache::<usize>::default();
        let mut lookups = 0;
        let keys: Vec<String> = (0..Memo::LIMIT + 100).map(|i| format!("{i:04}")).collect();
        for round in 0..3 {
            for (i, key) in keys.iter().enumerate().rev().chain(keys.iter().enumerate()) {
                let got = remember(&mut cache, key, || {
                    lookups += 1;
                    key.parse::<usize>().unwrap()
                });
                assert_eq!(got, i, "{key} in round {round}");
            }
        }
        let kept = Cache::<usize>::FEW + Memo::LIMIT;
        let over = keys.len() - kept;
        assert_eq!(lookups, kept + over * 6);
    }

    #[test]
    fn plain_amounts_read_as_money_parse_reads_them() {
        let texts = [
            "0",
            "00",
            "1",
            "149.99",
            "149.9",
            "1001.8123",
            "0.000001",
            "0.0000001",
            "12.",
            ".5",
            "1.234",
            "1,000",
            "1e5",
            "-1",
            "+1",
            "9999999999999.99",
            "10000000000000",
            "999999999.999999",
            "1000000000",
            "007.50",
            "1.",
            "",
            "１２",
            "12 ",
        ];
        for text in texts {
            for unit in [Unit::Yuan, Unit::Wan] {
                if let Some(fen) = Money::plain_fen(text, unit) {
                    let parsed = Money::parse(text, unit).map(Money::fen);
                    assert_eq!(Ok(i128::from(fen)), parsed, "{text} in {unit:?}");
                }
            }
        }
        assert_eq!(
            Money::plain_fen("1001.8123", Unit::Wan),
            Some(1_001_812_300)
        );
        assert_eq!(Money::plain_fen("1.234", Unit::Yuan), None);
        assert_eq!(Money::plain_fen("10000000000000", Unit::Yuan), None);
    }
}
