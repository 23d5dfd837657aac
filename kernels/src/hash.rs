//! Hashers for maps whose keys are short texts of one file or strings of one verdict, where
//! std's SipHash (built against flooding, which bounded maps of a file's own texts need not
//! fear) costs more than the lookup it serves.

use std::hash::Hasher;

/// The Fx hash (rustc's): a multiply and a rotate a word, fast for short keys. The keys are
/// cell texts of one file, and the maps are bounded, so flooding is no concern.
#[derive(Debug, Default, Clone, Copy)]
pub struct Fx(u64);

impl Hasher for Fx {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in chunks.by_ref() {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        for &b in chunks.remainder() {
            self.add(u64::from(b));
        }
    }
    fn write_u8(&mut self, b: u8) {
        self.add(u64::from(b));
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

impl Fx {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

/// The hasher of a map whose keys are hashes already.
#[derive(Debug, Default, Clone, Copy)]
pub struct Prehashed(u64);

impl Hasher for Prehashed {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// Hashes a string by its length and its first and last eight bytes: a lookup costs the same
/// for a 300-byte citation as for a 4-byte code, and the table's own equality check settles
/// the rare strings that agree on all three.
#[derive(Debug, Default, Clone, Copy)]
pub struct Sample(u64);

impl Hasher for Sample {
    fn write(&mut self, bytes: &[u8]) {
        let word = |b: &[u8]| match b.get(..8).and_then(|b| <[u8; 8]>::try_from(b).ok()) {
            Some(w) => u64::from_le_bytes(w),
            None => {
                let mut w = [0u8; 8];
                for (d, s) in w.iter_mut().zip(b) {
                    *d = *s;
                }
                u64::from_le_bytes(w)
            }
        };
        let n = bytes.len();
        let head = word(bytes);
        let tail = word(bytes.get(n.saturating_sub(8)..).unwrap_or_default());
        let h = (self.0.rotate_left(5) ^ n as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)
            ^ head.wrapping_mul(0xC2B2_AE3D_27D4_EB4F)
            ^ tail.rotate_left(31).wrapping_mul(0x1656_67B1_9E37_79F9);
        self.0 = h ^ (h >> 29);
    }

    fn write_u8(&mut self, i: u8) {
        self.0 = (self.0.rotate_left(5) ^ u64::from(i)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hash<H: Hasher + Default>(bytes: &[u8]) -> u64 {
        let mut h = H::default();
        h.write(bytes);
        h.finish()
    }

    /// Texts a plan repeats (provinces, kinds, dates) hash apart, and a text always hashes
    /// the same.
    #[test]
    fn fx_tells_cell_texts_apart() {
        let texts = [
            "甘肃省",
            "甘肃",
            "贵州省",
            "四川省",
            "central_budget",
            "中央预算内投资",
            "以工代赈中央预算内投资项目",
            "2025-06-30",
            "2025-06-31",
            "2025-07-30",
            "a",
            "b",
            "",
            "12345678",
            "123456789",
        ];
        let hashes: Vec<u64> = texts.iter().map(|t| hash::<Fx>(t.as_bytes())).collect();
        for (i, h) in hashes.iter().enumerate() {
            assert_eq!(*h, hash::<Fx>(texts[i].as_bytes()), "{}", texts[i]);
            assert!(!hashes[..i].contains(h), "{} collides", texts[i]);
        }
    }

    /// A key that is a hash already is its own hash.
    #[test]
    fn prehashed_passes_the_hash() {
        for n in [0, 1, 0xDEAD_BEEF, u64::MAX] {
            let mut h = Prehashed::default();
            h.write_u64(n);
            assert_eq!(h.finish(), n);
        }
    }

    /// The sample is the length and the first and last eight bytes: texts that differ there
    /// hash apart, texts that agree there hash alike (the table's own comparison tells them
    /// apart).
    #[test]
    fn sample_hashes_length_head_and_tail() {
        let long = "《国家发展改革委关于印发〈以工代赈管理办法〉的通知》第十九条";
        let middle = long.replacen("以工代赈", "以工代账", 1);
        assert_eq!(
            hash::<Sample>(long.as_bytes()),
            hash::<Sample>(middle.as_bytes())
        );
        for other in [&long[3..], &long[..long.len() - 3], "短"] {
            assert_ne!(
                hash::<Sample>(long.as_bytes()),
                hash::<Sample>(other.as_bytes())
            );
        }
        assert_ne!(hash::<Sample>(b"ab"), hash::<Sample>(b"ba"));
        assert_ne!(hash::<Sample>(b"a"), hash::<Sample>(b"a\0"));
    }
}
