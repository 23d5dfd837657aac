//! A small pull scanner for the XML parts of an XLSX package (UTF-8 text held in memory).
//!
//! It knows what SpreadsheetML needs and no more: start and end tags (an empty-element tag
//! `<c/>` comes out as a start followed by an end, so callers see one shape), attributes,
//! text, CDATA; declarations, processing instructions, comments and a DOCTYPE are skipped.
//! Names are matched on their local part (`x:c` is `c`), as SpreadsheetML writers differ in
//! the prefixes they use. Nothing is nested or validated beyond what the reader needs: like
//! the XML readers spreadsheet libraries use, end tags are not checked against start tags.
//! Text stays borrowed and escaped until [`unescape_into`] decodes it.

use std::fmt;

/// Where and why a part is not well-formed enough to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct XmlError {
    /// What is wrong.
    pub what: &'static str,
    /// Byte offset in the part, from 0 (a byte order mark included).
    pub at: usize,
}

impl fmt::Display for XmlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Bytes are counted from 1, as a hex editor's status line does.
        write!(f, "XML 格式错误（第 {} 字节）：{}", self.at + 1, self.what)
    }
}

/// A start tag: its local name and its attributes, still unparsed.
#[derive(Debug, Clone, Copy)]
pub(super) struct Tag<'a> {
    /// The local name (`c` for `<x:c>`).
    pub name: &'a str,
    attrs: &'a str,
    at: usize,
}

impl<'a> Tag<'a> {
    /// The attributes as `(qualified name, raw value)` pairs.
    pub fn attrs(&self) -> Attrs<'a> {
        Attrs {
            rest: self.attrs,
            at: self.at,
        }
    }

    /// The raw (still escaped) value of the attribute with this qualified name.
    pub fn attr(&self, name: &str) -> Result<Option<&'a str>, XmlError> {
        for a in self.attrs() {
            let (k, v) = a?;
            if k == name {
                return Ok(Some(v));
            }
        }
        Ok(None)
    }

    /// The raw values of the attributes with these qualified names, read until each has been
    /// seen (so, as in calamine, a malformed attribute after them is not looked at).
    pub fn attrs_of<const N: usize>(
        &self,
        names: [&str; N],
    ) -> Result<[Option<&'a str>; N], XmlError> {
        let mut values = [None; N];
        let mut found = 0;
        for a in self.attrs() {
            let (k, v) = a?;
            if let Some(i) = names.iter().position(|n| *n == k) {
                if let Some(slot) = values.get_mut(i) {
                    *slot = Some(v);
                }
                found += 1;
                if found == N {
                    break;
                }
            }
        }
        Ok(values)
    }
}

/// What the scanner found next.
#[derive(Debug, Clone, Copy)]
pub(super) enum Event<'a> {
    /// A start tag (also for `<x/>`, which is followed by its [`Event::End`]).
    Start(Tag<'a>),
    /// An end tag's local name.
    End(&'a str),
    /// Character data, still escaped.
    Text(&'a str),
    /// The content of a CDATA section.
    CData(&'a str),
    /// The end of the part.
    Eof,
}

/// The pull scanner.
pub(super) struct Reader<'a> {
    src: &'a str,
    pos: usize,
    pending_end: Option<&'a str>,
    /// Elements open: an end tag with none open is an error, as in other XML readers.
    depth: u32,
}

/// The local part of a qualified name (`id` of `r:id`).
pub(super) fn local(name: &str) -> &str {
    // Names are short: a plain loop beats a call to memrchr.
    name.bytes()
        .rposition(|b| b == b':')
        .and_then(|i| name.get(i + 1..))
        .unwrap_or(name)
}

/// XML white space.
#[inline]
pub(super) const fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

impl<'a> Reader<'a> {
    /// A scanner over a part's text (a byte order mark is skipped, and counted in positions).
    pub fn new(src: &'a str) -> Reader<'a> {
        Reader {
            src,
            pos: if src.starts_with('\u{feff}') { 3 } else { 0 },
            pending_end: None,
            depth: 0,
        }
    }

    fn err(&self, what: &'static str) -> XmlError {
        XmlError { what, at: self.pos }
    }

    /// Moves past `end`, searched for from `from` bytes into the rest, and returns what lay
    /// between `from` and `end`.
    fn take_until(
        &mut self,
        from: usize,
        end: &[u8],
        what: &'static str,
    ) -> Result<&'a str, XmlError> {
        let start = self.pos.saturating_add(from);
        let inner = self.src.as_bytes().get(start..).unwrap_or_default();
        let found = match end {
            [b] => find_byte(inner, *b),
            _ => inner.windows(end.len()).position(|w| w == end),
        };
        match found {
            Some(i) => {
                self.pos = start + i + end.len();
                Ok(self.src.get(start..start + i).unwrap_or(""))
            }
            None => Err(self.err(what)),
        }
    }

    /// The rest of the part, from the current position, as bytes.
    #[inline]
    fn tail(&self) -> &'a [u8] {
        self.src.as_bytes().get(self.pos..).unwrap_or_default()
    }

    /// The markup ahead, for a caller that recognises a common shape itself and then
    /// consumes it with [`Reader::consume`]; `None` while an end tag is pending.
    #[inline]
    pub fn ahead(&self) -> Option<&'a [u8]> {
        match self.pending_end {
            Some(_) => None,
            None => Some(self.tail()),
        }
    }

    /// Consumes the next `len` bytes (markup the caller has recognised, in which `opened`
    /// elements start and `closed` end, with none ending that it did not see start but one
    /// already open) and returns their text; `None`, and nothing consumed, when they do not
    /// end on a character boundary.
    #[inline]
    pub fn consume(&mut self, len: usize, opened: u32, closed: u32) -> Option<&'a str> {
        let text = self.src.get(self.pos..self.pos.checked_add(len)?)?;
        self.pos += len;
        self.depth = self.depth.saturating_add(opened).saturating_sub(closed);
        Some(text)
    }

    /// The next event.
    pub fn next(&mut self) -> Result<Event<'a>, XmlError> {
        if let Some(name) = self.pending_end.take() {
            self.depth = self.depth.saturating_sub(1);
            return Ok(Event::End(name));
        }
        loop {
            let rest = self.tail();
            let Some(&first) = rest.first() else {
                return Ok(Event::Eof);
            };
            if first != b'<' {
                let len = find_byte(rest, b'<').unwrap_or(rest.len());
                let text = self.src.get(self.pos..self.pos + len).unwrap_or("");
                self.pos += len;
                return Ok(Event::Text(text));
            }
            match rest.get(1) {
                Some(b'/') => {
                    let name = self.take_until(2, b">", "结束标签没有结束")?;
                    self.depth = self
                        .depth
                        .checked_sub(1)
                        .ok_or_else(|| self.err("多余的结束标签"))?;
                    return Ok(Event::End(local(
                        name.trim_end_matches(|c| is_space(c as u8)),
                    )));
                }
                Some(b'?') => {
                    self.take_until(2, b"?>", "处理指令没有结束")?;
                }
                Some(b'!') if rest.starts_with(b"<!--") => {
                    self.take_until(4, b"-->", "注释没有结束")?;
                }
                Some(b'!') if rest.starts_with(b"<![CDATA[") => {
                    return Ok(Event::CData(self.take_until(
                        9,
                        b"]]>",
                        "CDATA 没有结束",
                    )?));
                }
                Some(b'!') if rest.starts_with(b"<!DOCTYPE") => self.skip_doctype(rest)?,
                _ => return self.start_tag(rest),
            }
        }
    }

    fn skip_doctype(&mut self, rest: &[u8]) -> Result<(), XmlError> {
        let mut depth = 0u32;
        let mut quote = 0u8;
        for (i, &b) in rest.iter().enumerate() {
            match b {
                _ if quote != 0 && b == quote => quote = 0,
                _ if quote != 0 => {}
                b'"' | b'\'' => quote = b,
                b'[' => depth += 1,
                b']' => depth = depth.saturating_sub(1),
                b'>' if depth == 0 => {
                    self.pos += i + 1;
                    return Ok(());
                }
                _ => {}
            }
        }
        Err(self.err("DOCTYPE 没有结束"))
    }

    fn start_tag(&mut self, rest: &[u8]) -> Result<Event<'a>, XmlError> {
        // The tag ends at the first `>` outside a quoted attribute value.
        let mut quote = 0u8;
        let mut end = None;
        for (i, &b) in rest.iter().enumerate().skip(1) {
            if quote != 0 {
                if b == quote {
                    quote = 0;
                }
            } else if b == b'"' || b == b'\'' {
                quote = b;
            } else if b == b'>' {
                end = Some(i);
                break;
            }
        }
        let Some(end) = end else {
            return Err(self.err("标签没有结束"));
        };
        let inner = rest.get(1..end).unwrap_or_default();
        let (inner, empty) = match inner.split_last() {
            Some((b'/', before)) => (before, true),
            _ => (inner, false),
        };
        let name_len = inner
            .iter()
            .position(|&b| is_space(b))
            .unwrap_or(inner.len());
        if inner.first() == Some(&b'!') {
            return Err(self.err("无法识别的标记"));
        }
        let at = self.pos + 1;
        let name = self.src.get(at..at + name_len).unwrap_or("");
        let tag = Tag {
            name: local(name),
            attrs: self.src.get(at + name_len..at + inner.len()).unwrap_or(""),
            at: at + name_len,
        };
        self.pos += end + 1;
        self.depth = self.depth.saturating_add(1);
        if empty {
            self.pending_end = Some(tag.name);
        }
        Ok(Event::Start(tag))
    }

    /// Skips to the end tag that closes an element `name` just opened (nested elements of
    /// the same name are counted).
    pub fn skip_to_end(&mut self, name: &str) -> Result<(), XmlError> {
        let mut depth = 0u32;
        loop {
            match self.next()? {
                Event::Start(t) if t.name == name => depth += 1,
                Event::End(n) if n == name => {
                    if depth == 0 {
                        return Ok(());
                    }
                    depth -= 1;
                }
                Event::Eof => return Err(self.err("元素没有结束")),
                _ => {}
            }
        }
    }

    /// An error at the current position (an element cut off by the end of the part ...).
    pub fn error(&self, what: &'static str) -> XmlError {
        self.err(what)
    }

    /// [`unescape_into`] for text or an attribute value of this part: an error is placed at
    /// its byte in the part, not in the text.
    pub fn unescape_into(&self, raw: &str, eol: bool, out: &mut String) -> Result<(), XmlError> {
        unescape_into(raw, eol, out).map_err(|e| self.within(e, raw))
    }

    /// [`unescape`] for text or an attribute value of this part (see [`Reader::unescape_into`]).
    pub fn unescape(&self, raw: &str, eol: bool) -> Result<String, XmlError> {
        unescape(raw, eol).map_err(|e| self.within(e, raw))
    }

    /// An error at `e.at` in `raw`, a slice of this part, placed at its byte in the part.
    pub fn within(&self, e: XmlError, raw: &str) -> XmlError {
        // Events borrow their text from the part, so its address gives its offset.
        let offset = (raw.as_ptr() as usize)
            .checked_sub(self.src.as_ptr() as usize)
            .filter(|o| *o <= self.src.len())
            .unwrap_or(0);
        XmlError {
            what: e.what,
            at: offset + e.at,
        }
    }
}

/// The attributes of a tag.
pub(super) struct Attrs<'a> {
    rest: &'a str,
    at: usize,
}

impl<'a> Iterator for Attrs<'a> {
    type Item = Result<(&'a str, &'a str), XmlError>;

    /// The next `name="value"` (or `'value'`). As in calamine, the name is everything up to
    /// the `=` (a name with a space in it then matches nothing); a name without `=` or a
    /// value without quotes is an error.
    fn next(&mut self) -> Option<Self::Item> {
        let bytes = self.rest.as_bytes();
        let start = bytes.iter().position(|&b| !is_space(b))?;
        let at = self.at + start;
        let tail = bytes.get(start..).unwrap_or_default();
        // The name, the `=`, spaces, the opening quote.
        let parsed = find_byte(tail, b'=').and_then(|eq| {
            let value_at = eq + 1 + tail.get(eq + 1..)?.iter().position(|&b| !is_space(b))?;
            match tail.get(value_at) {
                Some(&q @ (b'"' | b'\'')) => Some((eq, start + value_at + 1, q)),
                _ => None,
            }
        });
        let Some((eq, body, quote)) = parsed else {
            self.rest = "";
            return Some(Err(XmlError {
                what: "属性格式错误",
                at,
            }));
        };
        let name = self.rest.get(start..start + eq).unwrap_or("");
        let body_bytes = bytes.get(body..).unwrap_or_default();
        let (value, next) = match find_byte(body_bytes, quote) {
            Some(i) => (self.rest.get(body..body + i), body + i + 1),
            None => (self.rest.get(body..), bytes.len()),
        };
        self.at += next;
        self.rest = self.rest.get(next..).unwrap_or("");
        Some(Ok((
            name.trim_end_matches(|c| is_space(c as u8)),
            value.unwrap_or(""),
        )))
    }
}

/// The position of the first `byte` in `bytes`. Spans in XML parts are short (a tag, a
/// number), so a plain loop beats setting up a wide search.
#[inline]
pub(super) fn find_byte(bytes: &[u8], byte: u8) -> Option<usize> {
    bytes.iter().position(|&b| b == byte)
}

/// Appends `raw` to `out` with its entity and character references decoded, and with line
/// ends normalised (`\r\n` and `\r` to `\n`) when `eol` (text content, not attributes).
pub(super) fn unescape_into(raw: &str, eol: bool, out: &mut String) -> Result<(), XmlError> {
    let special = |b: u8| b == b'&' || (eol && b == b'\r');
    let mut rest = raw;
    while let Some(i) = rest.bytes().position(special) {
        out.push_str(rest.get(..i).unwrap_or(""));
        let tail = rest.get(i..).unwrap_or("");
        if let Some(after) = tail.strip_prefix('\r') {
            out.push('\n');
            rest = after.strip_prefix('\n').unwrap_or(after);
            continue;
        }
        let bad = XmlError {
            what: "实体或字符引用无法识别",
            at: raw.len() - tail.len(),
        };
        let Some(semi) = tail.find(';') else {
            return Err(bad);
        };
        let entity = tail.get(1..semi).unwrap_or("");
        let c = match entity {
            "lt" => '<',
            "gt" => '>',
            "amp" => '&',
            "apos" => '\'',
            "quot" => '"',
            _ => {
                let code = if let Some(hex) = entity.strip_prefix("#x") {
                    parse_code(hex, 16)
                } else if let Some(dec) = entity.strip_prefix('#') {
                    parse_code(dec, 10)
                } else {
                    None
                };
                match code.and_then(char::from_u32) {
                    Some(c) if c != '\0' => c,
                    _ => return Err(bad),
                }
            }
        };
        out.push(c);
        rest = tail.get(semi + 1..).unwrap_or("");
    }
    out.push_str(rest);
    Ok(())
}

fn parse_code(digits: &str, radix: u32) -> Option<u32> {
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    u32::from_str_radix(digits, radix).ok()
}

/// `raw` decoded (see [`unescape_into`]).
pub(super) fn unescape(raw: &str, eol: bool) -> Result<String, XmlError> {
    let mut out = String::with_capacity(raw.len());
    unescape_into(raw, eol, &mut out)?;
    Ok(out)
}

/// Decodes the `_xHHHH_` escapes Excel writes for characters XML cannot hold (`_x000D_` is a
/// carriage return; `_x005F_` escapes a literal `_`); the four hex digits are a UTF-16 unit,
/// so a character outside the BMP is a surrogate pair of escapes. A lone surrogate becomes
/// U+FFFD.
pub(super) fn decode_x_escapes(text: String) -> String {
    // A byte loop: most text has no `_` at all, and a substring search costs more to set up.
    let bytes = text.as_bytes();
    if !memchr::memchr_iter(b'_', bytes).any(|i| bytes.get(i + 1) == Some(&b'x')) {
        return text;
    }
    let unit_at = |i: usize| -> Option<u32> {
        let b = text.as_bytes().get(i..i + 7)?;
        if !(b.starts_with(b"_x") && b.ends_with(b"_")) {
            return None;
        }
        let hex = text.get(i + 2..i + 6)?;
        parse_code(hex, 16)
    };
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut from = 0;
    while let Some(i) = text
        .get(from..)
        .and_then(|r| r.find("_x"))
        .map(|i| i + from)
    {
        let Some(unit) = unit_at(i) else {
            from = i + 1;
            continue;
        };
        out.push_str(text.get(copied..i).unwrap_or(""));
        let mut next = i + 7;
        let c = match unit {
            0xD800..=0xDBFF => match unit_at(next) {
                Some(low @ 0xDC00..=0xDFFF) => {
                    next += 7;
                    char::from_u32(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))
                }
                _ => None,
            },
            _ => char::from_u32(unit),
        };
        out.push(c.unwrap_or('\u{fffd}'));
        copied = next;
        from = next;
    }
    out.push_str(text.get(copied..).unwrap_or(""));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn events(xml: &str) -> Vec<String> {
        let mut r = Reader::new(xml);
        let mut out = Vec::new();
        loop {
            match r.next() {
                Ok(Event::Start(t)) => {
                    let attrs: Vec<String> = t
                        .attrs()
                        .map(|a| {
                            a.map(|(k, v)| format!("{k}={v}"))
                                .unwrap_or_else(|e| e.to_string())
                        })
                        .collect();
                    out.push(format!("<{} {}>", t.name, attrs.join(",")));
                }
                Ok(Event::End(n)) => out.push(format!("</{n}>")),
                Ok(Event::Text(t)) => out.push(format!("t:{t}")),
                Ok(Event::CData(t)) => out.push(format!("cdata:{t}")),
                Ok(Event::Eof) => break,
                Err(e) => {
                    out.push(e.to_string());
                    break;
                }
            }
        }
        out
    }

    #[test]
    fn reference_errors_name_their_byte_in_the_part() {
        let xml = "\u{feff}<a b=\"&bad;\">x&amp;&#0;</a>";
        let mut r = Reader::new(xml);
        let Ok(Event::Start(tag)) = r.next() else {
            unreachable!("a start tag")
        };
        let value = tag.attr("b").ok().flatten().unwrap_or_default();
        let e = r.unescape(value, false).err();
        assert_eq!(e.as_ref().map(|e| e.at), xml.find("&bad"));
        assert_eq!(
            e.map(|e| e.to_string()),
            xml.find("&bad")
                .map(|at| format!("XML 格式错误（第 {} 字节）：实体或字符引用无法识别", at + 1))
        );
        let Ok(Event::Text(text)) = r.next() else {
            unreachable!("text")
        };
        let mut out = String::new();
        let e = r.unescape_into(text, true, &mut out).err();
        assert_eq!(e.map(|e| e.at), xml.find("&#0;"));
        // Scanner errors count the byte order mark too (an end tag too many: after it).
        let mut r = Reader::new("\u{feff}<a></b></c>");
        let e = std::iter::from_fn(|| Some(r.next())).find_map(Result::err);
        assert_eq!(e.map(|e| e.at), Some(14));
    }

    #[test]
    fn scans_tags_text_and_skips_the_rest() {
        let xml = "\u{feff}<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"b>\">]><!-- c -->\
                   <x:a k = 'v>1' m=\"2\"><b/>t&amp;<![CDATA[<z>]]></x:a >";
        assert_eq!(
            events(xml),
            [
                "<a k=v>1,m=2>",
                "<b >",
                "</b>",
                "t:t&amp;",
                "cdata:<z>",
                "</a>"
            ]
        );
    }

    #[test]
    fn reports_broken_markup() {
        assert!(events("<a").last().unwrap().contains("标签没有结束"));
        assert!(events("<!-- x").last().unwrap().contains("注释"));
        assert!(events("<a b>").last().unwrap().contains("属性"));
        assert!(events("<a b=1>").last().unwrap().contains("属性"));
        // As in calamine: a name is all before `=`.
        assert_eq!(events("<a b c = 'd'>"), ["<a b c=d>"]);
        assert!(events("<a b='1>").last().unwrap().contains("标签没有结束"));
        assert!(events("<a></a></a>")
            .last()
            .unwrap()
            .contains("多余的结束标签"));
        assert!(events("<!FOO>").last().unwrap().contains("无法识别"));
        // A start tag without a name is read (as the XML readers spreadsheet libraries use do).
        assert_eq!(events("< c='r'><>"), ["< c=r>", "< >"]);
    }

    #[test]
    fn decodes_references_and_line_ends() {
        let d = |s: &str| unescape(s, true);
        assert_eq!(
            d("a&lt;&gt;&amp;&apos;&quot;&#20013;&#x6587;").unwrap(),
            "a<>&'\"中文"
        );
        assert_eq!(d("1\r\n2\r3&#13;").unwrap(), "1\n2\n3\r");
        assert_eq!(unescape("1\r\n", false).unwrap(), "1\r\n");
        for bad in [
            "&",
            "&x;",
            "&#;",
            "&#0;",
            "&#xD800;",
            "&#x110000;",
            "&#12a;",
        ] {
            assert!(d(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn decodes_excel_escapes() {
        let d = |s: &str| decode_x_escapes(s.to_owned());
        assert_eq!(d("a_x000D_b"), "a\rb");
        assert_eq!(d("_x005F_x000D_"), "_x000D_");
        assert_eq!(d("_xD83D__xDE00_"), "😀");
        assert_eq!(d("_xD83D_x"), "\u{fffd}x");
        assert_eq!(d("_xDE00_"), "\u{fffd}");
        assert_eq!(d("_x12_ _xZZZZ_ _x4e2D_"), "_x12_ _xZZZZ_ 中");
    }
}
