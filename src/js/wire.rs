//! Output: the verdict in the compact form `boundary.js` `buildVerdict` turns into the same JS
//! object serde would give: a list of `u32` and the UTF-16 text of the strings JavaScript does
//! not have yet. No JavaScript here; the bindings pass both lists across as views of memory.
//!
//! Strings of the rule book (rule titles, citations, advice, notes, kind and province names)
//! are sent the first time only: after that a string is one `u32`, an index into a cache that
//! JavaScript keeps for this encoder. Each field is written in serde's order, with serde's
//! `skip_serializing_if` read as "absent".
//!
//! The verdict's shape on the wire is written once, in [`shape`] (field names, and how each
//! crosses): `buildVerdict` and its helpers in `boundary.js` are generated from it (the test
//! `boundary_js_is_generated_from_the_shape`), and the tests read the encoder's output back
//! through it and compare with serde's JSON of the same verdict. The encoder below follows it by
//! hand. Why not serde_json and `JSON.parse` (one copy of the shape, serde's): 3.2× slower per
//! `checkProposal` call (bench/README.md, "The verdict's crossing").
//!
//! Every string is sent with its ID numbers masked (`idcard::mask_ids`); amounts and dates,
//! written here directly, cannot hold one.
//!
//! A string is one word `x`: `0` absent; `x & 3 == 1` the cached string `x >> 2`;
//! `x & 3 == 2` a fresh string of `x >> 2` UTF-16 units of the text; `x & 3 == 3` the same,
//! followed by the id JavaScript caches it under.

use std::collections::HashMap;
use std::fmt;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Arc;

use crate::check::{CitationRef, Finding, FindingStatus, Problem, Status, Verdict};
use crate::date::Date;
use crate::idcard::mask_ids;
use crate::money::Money;
use crate::proposal::{Funds, Proposal, Workers};
use crate::region::PROVINCES;
use crate::rules::{Fund, RuleBook, RuleKind};
use crate::text;

/// Writes verdicts for one rule book; the cache it fills on the JS side belongs to it alone.
#[derive(Debug)]
pub(crate) struct Encoder {
    ops: Vec<u32>,
    text: Vec<u16>,
    ids: Ids,
    sent: Vec<bool>,
    scratch: String,
    /// The words of each citation shared from the rule book, once every one of its strings
    /// is cached in JavaScript (they are then the same every time): a citation is eight
    /// strings, some of them long, to look up otherwise.
    citations: Vec<(Arc<CitationRef>, Vec<u32>)>,
}

/// How many citations' words are kept (a rule book has a few dozen rules).
const CITATIONS_KEPT: usize = 256;

impl Encoder {
    /// An encoder whose cacheable strings are those of `book` and the fixed words of a verdict.
    pub(crate) fn new(book: &RuleBook) -> Encoder {
        let mut e = Encoder {
            ops: Vec::with_capacity(256),
            text: Vec::with_capacity(1024),
            ids: Ids::default(),
            sent: Vec::new(),
            scratch: String::new(),
            citations: Vec::new(),
        };
        e.register(&book.version);
        for d in &book.documents {
            e.register(&d.id);
            e.register(&d.title);
            e.register(&d.issuer);
            if let Some(n) = &d.doc_number {
                e.register(n);
            }
            if let Some(date) = d.date {
                e.register(&date.to_string());
            }
            e.register(&d.file);
        }
        for k in &book.project_kinds {
            e.register(&k.id);
            e.register(&k.name);
        }
        for r in &book.rules {
            e.register(&r.id);
            e.register(&r.title);
            for s in [&r.advice, &r.validity.note, &r.note].into_iter().flatten() {
                e.register(s);
            }
            if let Some(p) = &r.params {
                e.register(&p.floor.to_string());
            }
            e.register(&r.citation.document);
            e.register(&r.citation.clause);
            e.register(&r.citation.quote);
        }
        for p in PROVINCES {
            e.register(p.code);
            e.register(p.name);
        }
        for f in Fund::ALL {
            e.register(f.key());
        }
        for k in [RuleKind::LabourShareFloor, RuleKind::Advice, RuleKind::Duty] {
            e.register(k.key());
        }
        for s in [Status::Pass, Status::Fail, Status::Review, Status::Invalid] {
            e.register(s.key());
        }
        for s in [FindingStatus::Advice, FindingStatus::NotApplicable] {
            e.register(s.key());
        }
        e.register(crate::check::REVIEW_SUMMARY);
        e
    }

    fn register(&mut self, s: &str) {
        if self.ids.insert(s).is_some() {
            self.sent.push(false);
        }
    }

    /// Writes `verdict`; the result is valid until the next call.
    pub(crate) fn encode(&mut self, verdict: &Verdict) -> (&[u32], &[u16]) {
        self.ops.clear();
        self.text.clear();
        self.verdict(verdict);
        (&self.ops, &self.text)
    }

    fn word(&mut self, w: u32) {
        self.ops.push(w);
    }

    fn flag(&mut self, b: bool) {
        self.ops.push(u32::from(b));
    }

    fn num(&mut self, n: Option<u32>) {
        self.flag(n.is_some());
        self.word(n.unwrap_or(0));
    }

    /// A string JavaScript has not got: its length, then its text, with ID numbers masked
    /// (`idcard::mask_ids`: names and messages echo input).
    fn fresh(&mut self, s: &str) {
        let start = self.text.len();
        kernels::push_utf16(&mut self.text, &mask_ids(s));
        self.fresh_word(start);
    }

    fn fresh_word(&mut self, start: usize) {
        let units = self.text.len() - start;
        self.ops.push(((units as u32) << 2) | 2);
    }

    /// An amount's text, fresh.
    fn money(&mut self, m: Money) {
        let start = self.text.len();
        let _ = m.write_plain(&mut Utf16(&mut self.text));
        self.fresh_word(start);
    }

    /// A date's text, fresh.
    fn date(&mut self, d: Date) {
        let start = self.text.len();
        let _ = d.write_iso(&mut Utf16(&mut self.text));
        self.fresh_word(start);
    }

    /// A string that is often one of the rule book's: the cached copy when it is.
    fn cached(&mut self, s: &str) {
        let Some(id) = self.ids.get(s) else {
            return self.fresh(s);
        };
        match self.sent.get_mut(id as usize) {
            Some(true) => self.ops.push((id << 2) | 1),
            Some(sent) => {
                *sent = true;
                let start = self.text.len();
                // Masked as it is first sent: a book given to setRules is input too.
                kernels::push_utf16(&mut self.text, &mask_ids(s));
                let units = self.text.len() - start;
                self.ops.push(((units as u32) << 2) | 3);
                self.ops.push(id);
            }
            None => self.fresh(s),
        }
    }

    fn opt_cached(&mut self, s: Option<&str>) {
        match s {
            Some(s) => self.cached(s),
            None => self.word(0),
        }
    }

    fn opt_fresh(&mut self, s: Option<&str>) {
        match s {
            Some(s) => self.fresh(s),
            None => self.word(0),
        }
    }

    fn opt_money(&mut self, m: Option<Money>) {
        match m {
            Some(m) => self.money(m),
            None => self.word(0),
        }
    }

    fn opt_date(&mut self, d: Option<Date>) {
        match d {
            Some(d) => self.date(d),
            None => self.word(0),
        }
    }

    fn verdict(&mut self, v: &Verdict) {
        self.cached(v.status.key());
        self.cached(&v.summary);
        self.opt_date(v.as_of);
        self.cached(&v.rule_book_version);
        self.flag(v.proposal.is_some());
        if let Some(p) = &v.proposal {
            self.proposal(p);
        }
        self.word(v.findings.len() as u32);
        for f in &v.findings {
            self.finding(f);
        }
        for list in [&v.errors, &v.warnings] {
            self.word(list.len() as u32);
            for p in list {
                self.problem(p);
            }
        }
    }

    fn proposal(&mut self, p: &Proposal) {
        self.opt_fresh(p.name.as_deref());
        self.opt_cached(p.province.as_deref());
        self.opt_cached(p.province_name.as_deref());
        self.cached(&p.kind);
        self.cached(&p.kind_name);
        self.funds(&p.funds);
        self.money(p.labour_remuneration);
        self.flag(p.workers.is_some());
        if let Some(w) = p.workers {
            self.workers(w);
        }
        self.opt_date(p.date);
        self.opt_fresh(p.county.as_deref());
    }

    fn funds(&mut self, f: &Funds) {
        for fund in Fund::ALL {
            self.opt_money(f.get(fund));
        }
    }

    fn workers(&mut self, w: Workers) {
        self.num(w.total);
        self.num(w.poverty_alleviated);
    }

    fn finding(&mut self, f: &Finding) {
        self.cached(&f.rule);
        self.cached(&f.title);
        self.cached(f.kind.key());
        self.flag(f.mandatory);
        self.cached(f.status.key());
        self.opt_money(f.base);
        self.word(f.base_funds.len() as u32);
        for fund in &f.base_funds {
            self.cached(fund.key());
        }
        self.opt_money(f.labour);
        self.opt_cached(f.floor.as_deref());
        self.opt_money(f.threshold);
        self.opt_fresh(f.threshold_exact.as_deref());
        self.opt_fresh(f.ratio.as_deref());
        self.opt_money(f.shortfall);
        self.cached(&f.message);
        self.citation(&f.citation);
        self.opt_cached(f.validity_note.as_deref());
        self.opt_cached(f.note.as_deref());
        self.flag(f.version.is_some());
        if let Some(v) = f.version {
            self.num(Some(u32::from(v.index)));
            self.num(Some(u32::from(v.count)));
        }
    }

    fn citation(&mut self, shared: &Arc<CitationRef>) {
        if let Some((_, words)) = self.citations.iter().find(|(c, _)| Arc::ptr_eq(c, shared)) {
            self.ops.extend_from_slice(words);
            return;
        }
        let (ops, text) = (self.ops.len(), self.text.len());
        self.citation_words(shared);
        // Nothing written to the text: every string was a cached one (or absent).
        if self.text.len() == text && self.citations.len() < CITATIONS_KEPT {
            let words = self.ops.get(ops..).unwrap_or_default().to_vec();
            self.citations.push((Arc::clone(shared), words));
        }
    }

    fn citation_words(&mut self, c: &CitationRef) {
        self.cached(&c.document);
        self.cached(&c.title);
        self.cached(&c.issuer);
        self.opt_cached(c.doc_number.as_deref());
        match c.date {
            Some(d) => {
                let mut s = std::mem::take(&mut self.scratch);
                s.clear();
                let _ = d.write_iso(&mut s);
                self.cached(&s);
                self.scratch = s;
            }
            None => self.word(0),
        }
        self.cached(&c.file);
        self.cached(&c.clause);
        self.cached(&c.quote);
    }

    fn problem(&mut self, p: &Problem) {
        self.cached(&p.code);
        self.fresh(&p.field);
        self.fresh(&p.message);
        self.num(p.row);
        self.opt_fresh(p.column.as_deref());
    }
}

/// `fmt::Write` straight into UTF-16.
struct Utf16<'a>(&'a mut Vec<u16>);

impl fmt::Write for Utf16<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        kernels::push_utf16(self.0, s);
        Ok(())
    }
}

/// The cacheable strings, each found by the hash of a sample of it and then compared eight
/// bytes at a time (a map keyed by the strings would compare them with the Wasm target's
/// byte-at-a-time `memcmp`, and citations and notes are hundreds of bytes).
#[derive(Debug, Default)]
struct Ids {
    /// Each string, at its id.
    strings: Vec<Box<str>>,
    /// Ids by the hash of their string (more than one only where hashes collide).
    by_hash: HashMap<u64, Vec<u32>, BuildHasherDefault<kernels::Prehashed>>,
}

impl Ids {
    fn hash(s: &str) -> u64 {
        let mut h = kernels::Sample::default();
        h.write(s.as_bytes());
        h.finish()
    }

    /// The id of `s`, if it has one.
    fn get(&self, s: &str) -> Option<u32> {
        self.find(Ids::hash(s), s)
    }

    /// The id of `s`, whose hash is `hash`, if it has one.
    fn find(&self, hash: u64, s: &str) -> Option<u32> {
        // A loop, not `find` with a closure: a call per step at the size optimisation.
        for &id in self.by_hash.get(&hash)? {
            if let Some(t) = self.strings.get(id as usize) {
                if text::same(t.as_bytes(), s.as_bytes()) {
                    return Some(id);
                }
            }
        }
        None
    }

    /// Gives `s` the next id; `None` if it has one already (or no id is left).
    fn insert(&mut self, s: &str) -> Option<u32> {
        let hash = Ids::hash(s);
        if self.find(hash, s).is_some() {
            return None;
        }
        let id = u32::try_from(self.strings.len())
            .ok()
            .filter(|&id| id < u32::MAX)?;
        self.strings.push(s.into());
        self.by_hash.entry(hash).or_default().push(id);
        Some(id)
    }
}

/// The verdict's shape on the wire, written once: the tests read the encoder's output through
/// it, and the decoder in `boundary.js` is generated from it.
#[cfg(test)]
mod shape {
    use std::fmt::Write;

    /// An object's fields in serde's order, and the name of its JS reader.
    pub struct Shape {
        pub name: &'static str,
        pub fields: &'static [Field],
    }

    /// One field: its serde name, and how it crosses.
    pub struct Field {
        pub name: &'static str,
        pub how: How,
    }

    /// How a field crosses.
    pub enum How {
        /// A string, always there.
        Str,
        /// A string or `0` (absent).
        OptStr,
        /// A flag, then a number (absent when the flag is `0`).
        OptNum,
        /// `1` or `0`.
        Bool,
        /// A count, then that many strings; absent when there are none.
        Strs,
        /// An object, always there.
        Obj(&'static Shape),
        /// A flag, then an object (absent when the flag is `0`).
        OptObj(&'static Shape),
        /// A count, then that many objects.
        List(&'static Shape),
    }

    impl How {
        /// Whether the field is in every object.
        pub fn always(&self) -> bool {
            matches!(self, How::Str | How::Bool | How::Obj(_) | How::List(_))
        }
    }

    const fn f(name: &'static str, how: How) -> Field {
        Field { name, how }
    }

    use How::*;

    pub static FUNDS: Shape = Shape {
        name: "funds",
        fields: &[
            f("central", OptStr),
            f("provincial", OptStr),
            f("municipal", OptStr),
            f("county", OptStr),
            f("other", OptStr),
        ],
    };
    pub static WORKERS: Shape = Shape {
        name: "workers",
        fields: &[f("total", OptNum), f("povertyAlleviated", OptNum)],
    };
    pub static PROPOSAL: Shape = Shape {
        name: "proposal",
        fields: &[
            f("name", OptStr),
            f("province", OptStr),
            f("provinceName", OptStr),
            f("kind", Str),
            f("kindName", Str),
            f("funds", Obj(&FUNDS)),
            f("labourRemuneration", Str),
            f("workers", OptObj(&WORKERS)),
            f("date", OptStr),
            f("county", OptStr),
        ],
    };
    pub static CITATION: Shape = Shape {
        name: "citation",
        fields: &[
            f("document", Str),
            f("title", Str),
            f("issuer", Str),
            f("docNumber", OptStr),
            f("date", OptStr),
            f("file", Str),
            f("clause", Str),
            f("quote", Str),
        ],
    };
    pub static FINDING: Shape = Shape {
        name: "finding",
        fields: &[
            f("rule", Str),
            f("title", Str),
            f("kind", Str),
            f("mandatory", Bool),
            f("status", Str),
            f("base", OptStr),
            f("baseFunds", Strs),
            f("labour", OptStr),
            f("floor", OptStr),
            f("threshold", OptStr),
            f("thresholdExact", OptStr),
            f("ratio", OptStr),
            f("shortfall", OptStr),
            f("message", Str),
            f("citation", Obj(&CITATION)),
            f("validityNote", OptStr),
            f("note", OptStr),
            f("version", OptObj(&VERSION)),
        ],
    };
    pub static VERSION: Shape = Shape {
        name: "version",
        fields: &[f("index", OptNum), f("count", OptNum)],
    };
    pub static PROBLEM: Shape = Shape {
        name: "problem",
        fields: &[
            f("code", Str),
            f("field", Str),
            f("message", Str),
            f("row", OptNum),
            f("column", OptStr),
        ],
    };
    pub static VERDICT: Shape = Shape {
        name: "verdict",
        fields: &[
            f("status", Str),
            f("summary", Str),
            f("asOf", OptStr),
            f("ruleBookVersion", Str),
            f("proposal", OptObj(&PROPOSAL)),
            f("findings", List(&FINDING)),
            f("errors", List(&PROBLEM)),
            f("warnings", List(&PROBLEM)),
        ],
    };

    /// Where the generated part of `boundary.js` begins and ends.
    pub const BEGIN: &str = "// BEGIN generated from src/js/wire.rs `shape`";
    pub const END: &str = "// END generated\n";

    /// The readers of `boundary.js`: one function per shape, inner shapes first.
    pub fn javascript() -> String {
        let mut out = format!(
            "{BEGIN}: do not edit\n// (`UPDATE_JS=1 cargo test --lib js::wire` rewrites it).\n"
        );
        let mut done = Vec::new();
        function(&VERDICT, &mut done, &mut out);
        out.push_str(END);
        out
    }

    fn function(shape: &'static Shape, done: &mut Vec<&'static str>, out: &mut String) {
        if done.contains(&shape.name) {
            return;
        }
        done.push(shape.name);
        for field in shape.fields {
            if let Obj(inner) | OptObj(inner) | List(inner) = &field.how {
                function(inner, done, out);
            }
        }
        // The leading fields that are always there make the object literal (one hidden class).
        let lead = shape
            .fields
            .iter()
            .take_while(|f| matches!(f.how, Str | Bool))
            .count();
        let literal: Vec<String> = shape.fields[..lead]
            .iter()
            .map(|f| format!("{}: {}", f.name, read(&f.how)))
            .collect();
        let _ = writeln!(out, "\nfunction {}() {{", shape.name);
        if literal.is_empty() {
            out.push_str("  const o = {};\n");
        } else {
            let _ = writeln!(out, "  const o = {{ {} }};", literal.join(", "));
        }
        let rest = &shape.fields[lead..];
        if rest.iter().any(|f| matches!(f.how, OptStr | OptNum)) {
            out.push_str("  let x;\n");
        }
        for field in rest {
            let name = field.name;
            let _ = match &field.how {
                OptStr | OptNum => writeln!(
                    out,
                    "  if ((x = {}) !== undefined) o.{name} = x;",
                    read(&field.how)
                ),
                Strs => writeln!(
                    out,
                    "  if (ops[at] !== 0) o.{name} = list(str);\n  else at++;"
                ),
                OptObj(inner) => writeln!(out, "  if (ops[at++]) o.{name} = {}();", inner.name),
                how => writeln!(out, "  o.{name} = {};", read(how)),
            };
        }
        out.push_str("  return o;\n}\n");
    }

    /// The expression that reads one value.
    fn read(how: &How) -> String {
        match how {
            Str | OptStr => "str()".into(),
            OptNum => "num()".into(),
            Bool => "ops[at++] === 1".into(),
            Strs => "list(str)".into(),
            Obj(inner) | OptObj(inner) => format!("{}()", inner.name),
            List(inner) => format!("list({})", inner.name),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::shape::{How, Shape, VERDICT};
    use super::*;
    use crate::check::check_raw;
    use crate::raw::Raw;

    #[test]
    fn ids_tell_strings_apart_when_their_samples_agree() {
        // Same length, same first and last eight bytes: the same hash, different strings.
        let strings: Vec<String> = (0..50)
            .map(|i| format!("劳务报酬占比{i:03}不低于中央资金"))
            .chain(["", "a", "central", "中央预算内"].map(str::to_owned))
            .collect();
        let mut ids = Ids::default();
        for (i, s) in strings.iter().enumerate() {
            assert_eq!(ids.insert(s), Some(i as u32), "{s}");
            assert_eq!(ids.insert(s), None, "{s} again");
        }
        for (i, s) in strings.iter().enumerate() {
            assert_eq!(ids.get(s), Some(i as u32), "{s}");
        }
        assert_eq!(ids.get("劳务报酬占比999不低于中央资金"), None);
        assert!(
            ids.by_hash.len() < strings.len(),
            "the test strings share a hash"
        );
    }

    /// Reads the compact form back into the JSON serde writes, through [`shape`], as the
    /// generated `buildVerdict` does.
    struct Reader<'a> {
        ops: &'a [u32],
        at: usize,
        text: &'a [u16],
        text_at: usize,
        cache: &'a mut HashMap<u32, String>,
    }

    impl Reader<'_> {
        fn w(&mut self) -> u32 {
            self.at += 1;
            self.ops[self.at - 1]
        }
        fn s(&mut self) -> Option<serde_json::Value> {
            let x = self.w();
            let take = |r: &mut Self, n: usize| {
                let s = String::from_utf16(&r.text[r.text_at..r.text_at + n]).unwrap();
                r.text_at += n;
                s
            };
            Some(serde_json::Value::String(match x & 3 {
                0 => return None,
                1 => self.cache[&(x >> 2)].clone(),
                2 => take(self, (x >> 2) as usize),
                _ => {
                    let s = take(self, (x >> 2) as usize);
                    let id = self.w();
                    self.cache.insert(id, s.clone());
                    s
                }
            }))
        }
        fn obj(&mut self, shape: &Shape) -> serde_json::Value {
            let mut o = serde_json::Map::new();
            for field in shape.fields {
                let v = match field.how {
                    How::Str | How::OptStr => self.s(),
                    How::OptNum => {
                        let (present, v) = (self.w(), self.w());
                        (present == 1).then(|| v.into())
                    }
                    How::Bool => Some((self.w() == 1).into()),
                    How::Strs => match self.w() {
                        0 => None,
                        n => Some((0..n).map(|_| self.s().unwrap()).collect()),
                    },
                    How::Obj(inner) => Some(self.obj(inner)),
                    How::OptObj(inner) => (self.w() == 1).then(|| self.obj(inner)),
                    How::List(inner) => {
                        let n = self.w();
                        Some((0..n).map(|_| self.obj(inner)).collect())
                    }
                };
                assert!(
                    v.is_some() || !field.how.always(),
                    "{} is always sent",
                    field.name
                );
                if let Some(v) = v {
                    o.insert(field.name.to_owned(), v);
                }
            }
            o.into()
        }
    }

    #[test]
    fn boundary_js_is_generated_from_the_shape() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/js/boundary.js");
        let file = std::fs::read_to_string(&path).unwrap();
        let (start, end) = (
            file.find(shape::BEGIN).unwrap(),
            file.find(shape::END).unwrap(),
        );
        let want = format!(
            "{}{}{}",
            &file[..start],
            shape::javascript(),
            &file[end + shape::END.len()..]
        );
        if want != file && std::env::var_os("UPDATE_JS").is_some() {
            std::fs::write(&path, &want).unwrap();
            return;
        }
        assert!(
            want == file,
            "src/js/boundary.js is out of date: run `UPDATE_JS=1 cargo test --lib js::wire`"
        );
    }

    #[test]
    fn reads_back_as_serde_writes_it_and_sends_book_strings_once() {
        let book = RuleBook::builtin().unwrap();
        let today = Date::new(2026, 11, 23).unwrap();
        let mut enc = Encoder::new(&book);
        let mut cache = HashMap::new();
        let inputs = [
            r#"{"name":"某村道路","province":"甘肃省","kind":"central_budget","funds":{"central":5000000,"other":"1,000"},"labourRemuneration":1499999.99,"workers":{"total":40,"povertyAlleviated":12},"date":"2025-06-30"}"#,
            r#"{"kind":"rural_infrastructure","funds":{"central":"200万","county":3},"labourRemuneration":"20万","zzz":1}"#,
            r#"{"kind":"provincial_linkage","province":"贵州","funds":{"provincial":100},"labourRemuneration":20,"date":"2025-06-30"}"#,
            r#"{"kind":"central_budget","funds":{"central":0},"labourRemuneration":0,"date":"2031-01-01"}"#,
            r#"{"kind":"key_project","labourRemuneration":1,"date":"1990-01-01"}"#,
            r#"{"kind":"nope","funds":{"central":-1},"labourRemuneration":"x","workers":{"total":"a"}}"#,
            r#"{"kind":"central_budget","funds":{"central":5000000},"labourRemuneration":1499999.99}"#,
            // ID numbers in a name, a field's name and a value quoted in an error.
            r#"{"name":"张三 220102198511114567","kind":"central_budget","funds":{"central":"220102 19851111 4567"},"labourRemuneration":1,"220102-19851111-4567":1}"#,
        ];
        for round in 0..2 {
            for input in inputs {
                let raw = Raw::from_json(input).unwrap();
                let mut verdict = check_raw(&book, &raw, &Raw::Null, today);
                if let Some(w) = verdict.warnings.first_mut() {
                    w.row = Some(7);
                    w.column = Some("E（中央资金）".into());
                }
                let want = serde_json::to_value(crate::idcard::Masked(&verdict)).unwrap();
                let (ops, text) = enc.encode(&verdict);
                let text_len = text.len();
                let mut r = Reader {
                    ops,
                    at: 0,
                    text,
                    text_at: 0,
                    cache: &mut cache,
                };
                let got = r.obj(&VERDICT);
                if input.contains("19851111") {
                    // The verdict quotes the numbers; the wire masks them.
                    let plain = serde_json::to_string(&verdict).unwrap();
                    assert!(plain.matches("19851111").count() >= 2, "{plain}");
                }
                assert!(!got.to_string().contains("19851111"), "{got}");
                assert_eq!(got, want, "{input}");
                assert_eq!((r.at, r.text_at), (ops.len(), text_len), "{input}");
                if round == 1 && verdict.status != Status::Invalid {
                    // Every citation is in the cache by now.
                    let quote = &verdict.findings[0].citation.quote;
                    let quote16: Vec<u16> = quote.encode_utf16().collect();
                    assert!(
                        !text.windows(quote16.len()).any(|w| w == quote16),
                        "{input}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_book_given_by_the_caller_crosses_masked() {
        // setRules takes any book: its strings reach the cache, and are masked as first sent.
        let id = "220102198511114567";
        let mut json: serde_json::Value =
            serde_json::from_str(include_str!("../../rules.json")).unwrap();
        json["version"] = format!("v{id}").into();
        json["rules"][0]["title"] = format!("标题{id}").into();
        json["rules"][0]["note"] = format!("说明 {id}").into();
        json["documents"][0]["title"] = id.into();
        let book = RuleBook::from_json(&json.to_string()).unwrap();
        let mut enc = Encoder::new(&book);
        let mut cache = HashMap::new();
        let raw = Raw::from_json(
            r#"{"kind":"central_budget","funds":{"central":100},"labourRemuneration":30}"#,
        )
        .unwrap();
        for _ in 0..2 {
            let verdict = check_raw(&book, &raw, &Raw::Null, Date::new(2026, 11, 23).unwrap());
            let plain = serde_json::to_string(&verdict).unwrap();
            assert!(plain.matches(id).count() >= 3, "{plain}");
            let want = serde_json::to_value(crate::idcard::Masked(&verdict)).unwrap();
            let (ops, text) = enc.encode(&verdict);
            let mut r = Reader {
                ops,
                at: 0,
                text,
                text_at: 0,
                cache: &mut cache,
            };
            let got = r.obj(&VERDICT);
            assert_eq!(got, want);
            assert!(!got.to_string().contains("19851111"), "{got}");
        }
    }
}
