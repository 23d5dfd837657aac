//! What is in force on a date in a region: every rule and benefit that applies there, with the
//! version judged, its period, floor and citation, and what applies there but is not in force
//! on that date, and why. For policy staff (`workrelief rules show`, the page's 规则库 view).

use std::fmt;

use serde::Serialize;

use crate::date::Date;
use crate::rules::view::{all_versions, applies_in, versions, RegionQuery};
use crate::rules::{Citation, Jurisdiction, RuleBook, Validity};

/// What is and is not in force.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InForce {
    /// The book's version.
    pub book: String,
    /// The date asked about.
    pub as_of: Date,
    /// The region asked about, in Chinese.
    pub region: String,
    /// Rules and benefits in force.
    pub in_force: Vec<Entry>,
    /// Rules and benefits of the region that are not in force on the date.
    pub not_in_force: Vec<NotInForce>,
}

/// A rule or benefit in force.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Entry {
    /// `rule` or `benefit`.
    pub kind: &'static str,
    /// Its id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Where it applies, in Chinese.
    pub jurisdiction: String,
    /// Which version is in force (1-based) and how many there are.
    pub version: usize,
    /// How many versions the rule has.
    pub versions: usize,
    /// The period in which this version is the one judged.
    pub validity: Validity,
    /// The floor as a decimal share (labour-share floors only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub floor: Option<String>,
    /// The funds the floor is a share of, in Chinese.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub base: Vec<&'static str>,
    /// Whether failing it fails a proposal (rules only).
    pub mandatory: bool,
    /// The project kinds it applies to (rules only).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub applies_to: Vec<String>,
    /// Its citation, with the document's title and 文号.
    pub citation: CitationView,
}

/// A citation as shown: the document's title and 文号 with the clause and quote.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CitationView {
    /// The document's id.
    pub document: String,
    /// Its title.
    pub title: String,
    /// Its 文号.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub doc_number: Option<String>,
    /// The clause.
    pub clause: String,
    /// The quoted sentence.
    pub quote: String,
}

/// A rule or benefit of the region that is not in force on the date.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NotInForce {
    /// `rule` or `benefit`.
    pub kind: &'static str,
    /// Its id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// `not_yet` (its first version starts later) or `ended`.
    pub reason: &'static str,
    /// Why, in Chinese (自 X 起施行 / 已于 X 失效).
    pub message: String,
}

fn cite(book: &RuleBook, c: &Citation) -> CitationView {
    let doc = book.document(&c.document);
    CitationView {
        document: c.document.clone(),
        title: doc.map_or_else(|| c.document.clone(), |d| d.title.clone()),
        doc_number: doc.and_then(|d| d.doc_number.clone()),
        clause: c.clause.clone(),
        quote: c.quote.clone(),
    }
}

fn not_in_force(
    kind: &'static str,
    id: &str,
    title: &str,
    first: &Validity,
    last: &Validity,
    as_of: Date,
) -> Option<NotInForce> {
    let (reason, message) = match (first.from, last.to) {
        (Some(from), _) if as_of < from => ("not_yet", format!("自 {from} 起施行")),
        (_, Some(to)) if to < as_of => ("ended", format!("已于 {to} 失效")),
        _ => return None,
    };
    Some(NotInForce {
        kind,
        id: id.to_owned(),
        title: title.to_owned(),
        reason,
        message,
    })
}

/// What `book` has in force on `as_of` in `region`.
/// `region: None` lists every region's rules.
pub fn in_force(book: &RuleBook, as_of: Date, region: Option<&RegionQuery>) -> InForce {
    let mut out = InForce {
        book: book.version.clone(),
        as_of,
        region: region.map_or_else(|| "全部地区".to_owned(), RegionQuery::name),
        in_force: Vec::new(),
        not_in_force: Vec::new(),
    };
    for rule in book
        .rules
        .iter()
        .filter(|r| region.is_none_or(|q| applies_in(r.jurisdiction, q)))
    {
        // Each version is its own entry, its period already ended where the next begins.
        for v in versions(rule) {
            if v.validity.contains(as_of) {
                out.in_force.push(Entry {
                    kind: "rule",
                    id: rule.id.clone(),
                    title: rule.title.clone(),
                    jurisdiction: rule.region_label(),
                    version: v.index,
                    versions: v.count,
                    validity: v.validity.clone(),
                    floor: v.params.map(|p| p.floor.to_string()),
                    base: v
                        .params
                        .map_or_else(Vec::new, |p| p.base.iter().map(|f| f.name()).collect()),
                    mandatory: rule.mandatory,
                    applies_to: rule.applies_to.clone(),
                    citation: cite(book, v.citation),
                });
            } else if v.index == 1 {
                // Once per rule, at its first version: not in force only when none of its
                // versions is, from the first one's start to the last one's end (a version
                // superseded by a later one has not "ended").
                let all = all_versions(&book.rules, &rule.id);
                if !all.iter().any(|w| w.validity.contains(as_of)) {
                    if let (Some(first), Some(last)) = (all.first(), all.last()) {
                        out.not_in_force.extend(not_in_force(
                            "rule",
                            &rule.id,
                            &rule.title,
                            first.validity,
                            last.validity,
                            as_of,
                        ));
                    }
                }
            }
        }
    }
    for b in book
        .benefits
        .iter()
        .filter(|b| region.is_none_or(|q| applies_in(b.jurisdiction, q)))
    {
        if b.validity.contains(as_of) {
            out.in_force.push(Entry {
                kind: "benefit",
                id: b.id.clone(),
                title: b.title.clone(),
                jurisdiction: jurisdiction(b.jurisdiction),
                version: 1,
                versions: 1,
                validity: b.validity.clone(),
                floor: None,
                base: Vec::new(),
                mandatory: false,
                applies_to: Vec::new(),
                citation: cite(book, &b.citation),
            });
        } else {
            out.not_in_force.extend(not_in_force(
                "benefit",
                &b.id,
                &b.title,
                &b.validity,
                &b.validity,
                as_of,
            ));
        }
    }
    out
}

fn jurisdiction(j: Jurisdiction) -> String {
    j.name().to_owned()
}

fn period(v: &Validity) -> String {
    let day = |d: Option<Date>| d.map_or_else(|| "（不限）".to_owned(), |d| d.to_string());
    format!("{} 至 {}", day(v.from), day(v.to))
}

impl fmt::Display for InForce {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "规则库 {}：{} 在 {} 有效的规则和激励政策（{} 项）",
            self.book,
            self.as_of,
            self.region,
            self.in_force.len()
        )?;
        for e in &self.in_force {
            let what = if e.kind == "rule" {
                "规则"
            } else {
                "激励政策"
            };
            writeln!(
                f,
                "\n● {what} {}《{}》（{}）",
                e.id, e.title, e.jurisdiction
            )?;
            if e.versions > 1 {
                writeln!(f, "  版本：第 {} 版，共 {} 版", e.version, e.versions)?;
            }
            writeln!(f, "  有效期：{}", period(&e.validity))?;
            if let Some(floor) = &e.floor {
                let pct = floor
                    .parse::<rust_decimal::Decimal>()
                    .map(|d| {
                        (d * rust_decimal::Decimal::ONE_HUNDRED)
                            .normalize()
                            .to_string()
                    })
                    .unwrap_or_else(|_| floor.clone());
                writeln!(
                    f,
                    "  劳务报酬比例下限：{pct}%（基数：{}）",
                    e.base.join("、")
                )?;
            }
            if e.kind == "rule" {
                writeln!(
                    f,
                    "  {}；适用项目类型：{}",
                    if e.mandatory {
                        "强制"
                    } else {
                        "非强制（建议）"
                    },
                    e.applies_to.join("、")
                )?;
            }
            let c = &e.citation;
            let number = c
                .doc_number
                .as_deref()
                .map(|n| format!("（{n}）"))
                .unwrap_or_default();
            writeln!(f, "  依据：《{}》{number}{}", c.title, c.clause)?;
            writeln!(f, "  原文：“{}”", c.quote)?;
        }
        if !self.not_in_force.is_empty() {
            writeln!(
                f,
                "\n该日期未生效或已失效（{} 项）：",
                self.not_in_force.len()
            )?;
            for n in &self.not_in_force {
                writeln!(f, "  ○ {}《{}》：{}", n.id, n.title, n.message)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_province_sees_national_rules_and_its_own_and_ended_ones_with_why() {
        let Ok(book) = RuleBook::builtin() else {
            unreachable!("the compiled-in book loads")
        };
        let (Some(day), Some(guizhou), Some(gansu)) = (
            Date::new(2026, 6, 1),
            RegionQuery::parse("52"),
            RegionQuery::parse("62"),
        ) else {
            unreachable!("valid inputs")
        };
        let g = in_force(&book, day, Some(&guizhou));
        assert!(g
            .in_force
            .iter()
            .any(|e| e.id == "work_relief.central_budget"));
        assert!(!g
            .in_force
            .iter()
            .any(|e| e.id == "work_relief.provincial_linkage"));
        assert!(g
            .not_in_force
            .iter()
            .any(|n| n.reason == "ended" && n.message == "已于 2025-12-31 失效"));
        let s = in_force(&book, day, Some(&gansu));
        assert!(s
            .in_force
            .iter()
            .any(|e| e.id == "work_relief.provincial_linkage"));
        // A rule whose later version is in force is not listed as ended by its earlier one.
        let Ok(national) = book.with_overlay(include_str!(
            "../../examples/rules/example-national-2026.json"
        )) else {
            unreachable!("the example national overlay loads")
        };
        let n = in_force(&national, day, None);
        assert!(n
            .in_force
            .iter()
            .any(|e| e.id == "work_relief.central_budget" && e.version == 2));
        assert!(!n
            .not_in_force
            .iter()
            .any(|e| e.id == "work_relief.central_budget"));
        let early = Date::new(2025, 1, 1).map(|d| in_force(&book, d, None));
        assert!(early.is_some_and(|e| e
            .not_in_force
            .iter()
            .any(|n| n.reason == "not_yet" && n.message.starts_with("自 2025-04-18"))));
    }
}
