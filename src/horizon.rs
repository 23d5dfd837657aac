//! The horizon of the rule book's documents: how far each text can be trusted (its stated end,
//! else the end of the transition period it places itself in), and the warning
//! `rules.past_horizon` that a check dated later carries, once for each document it relies on.

use crate::date::Date;
use crate::problem::Problem;
use crate::rules::{Citation, Jurisdiction, ProjectKind, RuleBook, Validity};

/// The code of the warning.
pub const PAST_HORIZON: &str = "rules.past_horizon";

/// The document a rule or benefit makes a check on `as_of` in `province` rely on: the one it
/// cites, when it applies in the region (national, or the province's own) and its period has
/// started by then, including a period that has since ended (that is what made the answer not
/// applicable, or an estimate ¥0); a province's rule applies only to that province, as the
/// judge reads it. With dated versions of a rule, pass the version in force (or last in force).
pub fn relied_on<'a>(
    jurisdiction: Jurisdiction,
    validity: &Validity,
    citation: &'a Citation,
    province: Option<&str>,
    as_of: Date,
) -> Option<&'a str> {
    let here = jurisdiction
        .province()
        .is_none_or(|p| province == Some(p.code));
    let started = validity.from.is_none_or(|f| f <= as_of);
    (here && started).then_some(citation.document.as_str())
}

/// The warnings of a check on `as_of` relying on the documents `ids` (repeats are warned once,
/// in the order first met): one for each document whose horizon is before `as_of`.
pub fn warnings<'a>(
    book: &RuleBook,
    ids: impl IntoIterator<Item = &'a str>,
    as_of: Date,
) -> Vec<Problem> {
    let mut seen: Vec<&str> = Vec::new();
    let mut out = Vec::new();
    for id in ids {
        if seen.contains(&id) {
            continue;
        }
        seen.push(id);
        let Some(doc) = book.document(id) else {
            continue;
        };
        let Some(to) = doc.horizon_date().filter(|to| *to < as_of) else {
            continue;
        };
        let number = doc
            .doc_number
            .as_deref()
            .map(|n| format!("（{n}）"))
            .unwrap_or_default();
        let why = match (&doc.validity.to, &doc.horizon) {
            (Some(_), _) => "（文件载明的执行期限）".to_owned(),
            (None, Some(h)) => h
                .note
                .as_deref()
                .map(|n| format!("（{n}）"))
                .unwrap_or_default(),
            (None, None) => String::new(),
        };
        out.push(Problem::new(
            PAST_HORIZON,
            "asOf",
            format!(
                "核查日期 {as_of} 已晚于《{}》{number}的适用期限 {to}{why}；可能已有新的文件，请核实是否仍然适用。",
                doc.title
            ),
        ));
    }
    out
}

/// The warnings of a check of a project of `kind` in `province` on `as_of`: the documents of
/// every rule for the kind that [`relied_on`] keeps. Rules whose document is not past its
/// horizon on `as_of` (every rule, most days) are passed over without a lookup.
pub fn for_kind(
    book: &RuleBook,
    kind: &ProjectKind,
    province: Option<&str>,
    as_of: Date,
) -> Vec<Problem> {
    let ids = book.rules_for(kind).iter().filter_map(|&i| {
        book.rule_horizon(i).filter(|to| *to < as_of)?;
        let r = book.rules.get(i).filter(|_| !book.set_aside(i, as_of))?;
        relied_on(r.jurisdiction, &r.validity, &r.citation, province, as_of)
    });
    warnings(book, ids, as_of)
}

/// The warnings of a plan checked on `as_of`, once for the whole report: its rows may be of
/// any kind and region, so every rule of the book that [`relied_on`] keeps counts.
pub fn for_plan(book: &RuleBook, as_of: Date) -> Vec<Problem> {
    let ids = book.rules.iter().enumerate().filter_map(|(i, r)| {
        if book.set_aside(i, as_of) {
            return None;
        }
        let anywhere = r.jurisdiction.province().map(|p| p.code);
        relied_on(r.jurisdiction, &r.validity, &r.citation, anywhere, as_of)
    });
    warnings(book, ids, as_of)
}

/// The warnings of benefits (estimates, workshop reports) in `province` on `as_of`: the
/// documents of the benefits `keep` selects that [`relied_on`] keeps.
pub fn for_benefits(
    book: &RuleBook,
    province: Option<&str>,
    as_of: Date,
    keep: impl Fn(&crate::rules::Benefit) -> bool,
) -> Vec<Problem> {
    let ids = book
        .benefits
        .iter()
        .filter(|b| keep(b))
        .filter_map(|b| relied_on(b.jurisdiction, &b.validity, &b.citation, province, as_of));
    warnings(book, ids, as_of)
}
