//! The common shapes of a worksheet's XML, read without the general XML reader.

/// `text` without the XML white space (space, tab, CR, LF) at either end, which a `<t>`
/// without `xml:space="preserve"` loses. Written plainly: at this crate's opt-level 3 the
/// search inlines (at the size optimisation it was a call per byte, and this was two
/// hand-written loops).
pub fn trim_xml_space(text: &str) -> &str {
    text.trim_matches([' ', '\t', '\r', '\n'])
}

/// A cell's start tag as [`cell_tag`] found it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CellTag {
    /// The tag's length in bytes, up to and with its `>`.
    pub len: usize,
    /// Whether it is an empty-element tag, `<c .../>`.
    pub empty: bool,
    /// Where the values of `r`, `s` and `t` are in the tag, as byte ranges.
    pub attrs: [Option<(usize, usize)>; 3],
}

/// A cell's start tag at the start of `ahead` in its common shape, `<c r="A1" s="1" t="s">`
/// or `<c .../>`: no prefix, attributes `name="value"` with names of letters, digits and
/// `:_.-`. As a general reader reads attributes, a repeated `r`, `s` or `t` counts again and
/// the last one read wins, and none is read once three have been. `None` for any other shape
/// (other quotes, entities are left in the values for the caller).
pub fn cell_tag(ahead: &[u8]) -> Option<CellTag> {
    if ahead.get(..2)? != b"<c" {
        return None;
    }
    let mut attrs = [None; 3];
    let mut found = 0;
    let mut i = 2;
    let mut spaced = false;
    let (end, empty) = loop {
        match *ahead.get(i)? {
            b'>' => break (i, false),
            b'/' if ahead.get(i + 1) == Some(&b'>') => break (i + 1, true),
            b' ' | b'\t' | b'\r' | b'\n' => {
                spaced = true;
                i += 1;
            }
            // `<cx`: another element.
            _ if i == 2 && !spaced => return None,
            _ => {
                let mut name_len = 0;
                while let Some(
                    b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b':' | b'_' | b'.' | b'-',
                ) = ahead.get(i + name_len)
                {
                    name_len += 1;
                }
                let value = i + name_len + 2;
                if name_len == 0 || ahead.get(i + name_len..value)? != b"=\"" {
                    return None;
                }
                let mut value_end = value;
                while *ahead.get(value_end)? != b'"' {
                    value_end += 1;
                }
                let slot = match ahead.get(i..i + name_len)? {
                    b"r" => Some(0),
                    b"s" => Some(1),
                    b"t" => Some(2),
                    _ => None,
                };
                if let Some(slot) = slot.filter(|_| found < 3) {
                    if let Some(range) = attrs.get_mut(slot) {
                        *range = Some((value, value_end));
                    }
                    found += 1;
                }
                i = value_end + 1;
                spaced = false;
            }
        }
    };
    Some(CellTag {
        len: end + 1,
        empty,
        attrs,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trim_xml_space_is_trim_matches() {
        for t in [
            "",
            " ",
            "\t\r\n",
            "a",
            " a",
            "a ",
            " 甘肃 ",
            "\u{3000}a\u{3000}",
            "a b",
            "\n\nx\t",
        ] {
            assert_eq!(
                trim_xml_space(t),
                t.trim_matches([' ', '\t', '\r', '\n']),
                "{t:?}"
            );
        }
    }

    #[test]
    fn cell_tags_of_every_attribute_order() {
        let names = ["r", "s", "t", "x", "ab:c", "r2"];
        let spaces = [" ", "  ", "\n\t", "\r\n "];
        let mut seed = 0x2545_F491_4F6C_DD1Du64;
        for case in 0..20_000usize {
            let mut tag = String::from("<c");
            let mut want = [None; 3];
            let mut found = 0;
            for k in 0..case % 6 {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                let name = names[(seed % 6) as usize];
                tag.push_str(spaces[(seed >> 8) as usize % 4]);
                tag.push_str(name);
                tag.push_str("=\"");
                let from = tag.len();
                tag.push_str(&"A1".repeat(k % 3));
                let slot = ["r", "s", "t"].iter().position(|n| *n == name);
                if let Some(slot) = slot.filter(|_| found < 3) {
                    want[slot] = Some((from, tag.len()));
                    found += 1;
                }
                tag.push('"');
            }
            let empty = case % 2 == 0;
            tag.push_str(if empty { "/>" } else { ">" });
            let len = tag.len();
            tag.push_str("<v>1</v></c>");
            assert_eq!(
                cell_tag(tag.as_bytes()),
                Some(CellTag {
                    len,
                    empty,
                    attrs: want
                }),
                "{tag}"
            );
        }
        // Other shapes are the general reader's.
        for other in [
            "<cx>",
            "<c r='A1'>",
            "<c r=\"A1\"",
            "<c r=\"A1>",
            "<c =\"A1\">",
            "<c r = \"A1\">",
            "<c/ >",
            "<x:c r=\"A1\">",
            "<c",
            "",
        ] {
            assert_eq!(cell_tag(other.as_bytes()), None, "{other}");
        }
    }
}
