//! Lines of delimited text, eight bytes at a time (Wasm has 64-bit integers).

/// Each byte of the word that is zero gets its high bit set, and no other bit is set (exact:
/// no carry crosses a byte).
#[inline(always)]
fn zero_bytes(word: u64) -> u64 {
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    !(((word & LOW7) + LOW7) | word | LOW7)
}

/// How many times `byte` is in `bytes`.
pub fn count_byte(bytes: &[u8], byte: u8) -> usize {
    let pattern = 0x0101_0101_0101_0101 * u64::from(byte);
    let mut n = 0;
    let mut tail = bytes;
    while let Some((word, next)) = tail.split_first_chunk::<8>() {
        n += zero_bytes(u64::from_le_bytes(*word) ^ pattern).count_ones() as usize;
        tail = next;
    }
    for &b in tail {
        n += usize::from(b == byte);
    }
    n
}

/// Splits the line that starts `rest` (at byte `start` of the text) at `delimiter`, adding
/// each field's range of the text to `fields` (while it holds fewer than `max_fields`), up to
/// the line's end or its first quote: returns the index in `rest` of the line end (`\n` or
/// `\r`), the quote or the end of `rest`. A line is a dozen short fields, so nearly every word
/// has a delimiter in it.
pub fn split_line(
    rest: &[u8],
    start: usize,
    delimiter: u8,
    fields: &mut Vec<(usize, usize)>,
    max_fields: usize,
) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let (delimiters, newlines, returns, quotes) = (
        ONES * u64::from(delimiter),
        ONES * u64::from(b'\n'),
        ONES * u64::from(b'\r'),
        ONES * u64::from(b'"'),
    );
    let mut found_fields = Batch {
        buf: [(0, 0); Batch::LEN],
        len: 0,
        out: fields,
        max: max_fields,
    };
    let mut from = start;
    let mut at = 0;
    let mut tail = rest;
    while let Some((word, next)) = tail.split_first_chunk::<8>() {
        let w = u64::from_le_bytes(*word);
        let stops = zero_bytes(w ^ newlines) | zero_bytes(w ^ returns) | zero_bytes(w ^ quotes);
        // The delimiters before the first stop (its lowest bit, less one, masks them).
        let mut found = zero_bytes(w ^ delimiters);
        if stops != 0 {
            found &= (stops & stops.wrapping_neg()) - 1;
        }
        while found != 0 {
            let i = start + at + found.trailing_zeros() as usize / 8;
            found_fields.push((from, i));
            from = i + 1;
            found &= found - 1;
        }
        if stops != 0 {
            let end = at + stops.trailing_zeros() as usize / 8;
            found_fields.push((from, start + end));
            found_fields.flush();
            return end;
        }
        at += 8;
        tail = next;
    }
    for &b in tail {
        if b == delimiter {
            found_fields.push((from, start + at));
            from = start + at + 1;
        } else if b == b'\n' || b == b'\r' || b == b'"' {
            break;
        }
        at += 1;
    }
    found_fields.push((from, start + at));
    found_fields.flush();
    at
}

/// Field ranges gathered on the stack and added to the list a batch at a time: at the size
/// optimisation each `Vec::push` is a call, and a line has a dozen fields.
struct Batch<'f> {
    buf: [(usize, usize); Batch::LEN],
    len: usize,
    out: &'f mut Vec<(usize, usize)>,
    max: usize,
}

impl Batch<'_> {
    const LEN: usize = 16;

    #[inline(always)]
    fn push(&mut self, field: (usize, usize)) {
        if self.len == Batch::LEN {
            self.flush();
        }
        if let Some(slot) = self.buf.get_mut(self.len) {
            *slot = field;
            self.len += 1;
        }
    }

    /// Adds the fields gathered to the list, up to `max` in all: a line may hold millions of
    /// delimiters, and a field's range takes 16 bytes.
    fn flush(&mut self) {
        let room = self.max.saturating_sub(self.out.len()).min(self.len);
        self.out
            .extend_from_slice(self.buf.get(..room).unwrap_or_default());
        self.len = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `split_line` a byte at a time.
    fn split_bytewise(
        rest: &[u8],
        start: usize,
        delimiter: u8,
        max: usize,
    ) -> (usize, Vec<(usize, usize)>) {
        let (mut fields, mut from) = (Vec::new(), start);
        let end = rest
            .iter()
            .position(|&b| matches!(b, b'\n' | b'\r' | b'"'))
            .unwrap_or(rest.len());
        for (i, &b) in rest[..end].iter().enumerate() {
            if b == delimiter {
                fields.push((from, start + i));
                from = start + i + 1;
            }
        }
        fields.push((from, start + end));
        fields.truncate(max);
        (end, fields)
    }

    /// Lines of every placement of delimiters, stops and multi-byte characters across word
    /// seams.
    fn lines() -> Vec<Vec<u8>> {
        let pieces: [&[u8]; 9] = [
            b",",
            b"\t",
            b"a",
            b"\xE8\xAE\xA1",
            b"\n",
            b"\r",
            b"\"",
            b"\xFF",
            b"0123456",
        ];
        let mut seed = 0x2545_F491_4F6C_DD1Du64;
        (0..20_000)
            .map(|case| {
                let mut line = Vec::new();
                let len = case % 120; // up to about 30 fields: more than a batch
                while line.len() < len {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    // Stops are rarer than the rest, so that long runs come before them.
                    let pick = (seed % 40) as usize;
                    line.extend_from_slice(pieces[if pick < 9 { pick } else { pick % 4 }]);
                }
                line
            })
            .collect()
    }

    #[test]
    fn lines_split_a_word_at_a_time_as_a_byte_at_a_time() {
        for (case, line) in lines().iter().enumerate() {
            for delimiter in [b',', b'\t'] {
                for max in [usize::MAX, 3] {
                    let start = case % 7;
                    let mut fields = Vec::new();
                    let end = split_line(line, start, delimiter, &mut fields, max);
                    assert_eq!(
                        (end, fields),
                        split_bytewise(line, start, delimiter, max),
                        "{line:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn count_byte_is_filter_count() {
        for line in lines() {
            for byte in [b',', b'\n', b'\xE8', 0] {
                for from in 0..line.len().min(9) {
                    let tail = &line[from..];
                    assert_eq!(
                        count_byte(tail, byte),
                        tail.iter().filter(|&&b| b == byte).count()
                    );
                }
            }
        }
    }
}
