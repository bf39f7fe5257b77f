//! Word segmentation with jieba-rs: one shared instance for the process.
//!
//! Phrases are cut on word boundaries: a suggestion never ends inside a
//! word. Boundaries are kept as a bit per byte of folded text.
//!
//! jieba runs without its HMM for unknown words: the HMM only joins runs of
//! single characters, which gives a continuation fewer places to end, and
//! it made no difference to the KSR benchmark (13.7% / 21.8% either way)
//! while taking a third of the index build.

use jieba_rs::Jieba;
use std::sync::OnceLock;

/// jieba's dictionary pruned to its more frequent words: it loads four times
/// faster than the full one (see `jieba_dict.README.md`).
const DICTIONARY: &str = include_str!("jieba_dict.txt");

/// The process's segmenter, built on first use (the dictionary takes a
/// moment to load, so the index build starts it early on another thread).
pub fn jieba() -> &'static Jieba {
    static JIEBA: OnceLock<Jieba> = OnceLock::new();
    JIEBA.get_or_init(load_jieba)
}

/// A new segmenter with the embedded dictionary (what [`jieba`] loads once).
pub fn load_jieba() -> Jieba {
    Jieba::with_dict(&mut DICTIONARY.as_bytes()).expect("the embedded dictionary is well formed")
}

/// Marks in `bits` (one per byte of `text`, offset by `base`) every byte
/// offset where a word starts or ends.
pub fn mark_boundaries(text: &str, base: usize, bits: &mut Bitset) {
    for token in jieba().cut(text, false) {
        bits.set(base + token.byte_start);
        bits.set(base + token.byte_end);
    }
}

/// Byte offsets (in `text`) where words end, `text.len()` included.
pub fn word_ends(text: &str) -> Vec<usize> {
    jieba()
        .cut(text, false)
        .iter()
        .map(|t| t.byte_end)
        .collect()
}

/// A fixed-size set of bits.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Bitset {
    words: Vec<u64>,
}

impl Bitset {
    pub fn new(len: usize) -> Self {
        Bitset {
            words: vec![0; len / 64 + 1],
        }
    }

    /// The bits, 64 to a word, to be saved.
    pub fn words(&self) -> &[u64] {
        &self.words
    }

    /// A set of `len` bits from saved [`Bitset::words`], or `None` when
    /// there are not as many words as [`Bitset::new`] makes.
    pub fn from_words(len: usize, words: Vec<u64>) -> Option<Self> {
        (words.len() == len / 64 + 1).then_some(Bitset { words })
    }

    pub fn set(&mut self, i: usize) {
        if let Some(w) = self.words.get_mut(i / 64) {
            *w |= 1 << (i % 64);
        }
    }

    pub fn get(&self, i: usize) -> bool {
        self.words
            .get(i / 64)
            .is_some_and(|w| w & (1 << (i % 64)) != 0)
    }

    /// Adds the `len` bits of `other` from bit `from` on to this set from
    /// bit `to` on (bits past either end are left out).
    pub fn copy_from(&mut self, other: &Bitset, from: usize, to: usize, len: usize) {
        let mut done = 0;
        while done < len {
            let at = to + done;
            // Up to the end of the word written.
            let n = (len - done).min(64 - at % 64);
            let bits = other.bits(from + done, n);
            match self.words.get_mut(at / 64) {
                Some(word) => *word |= bits << (at % 64),
                None => return,
            }
            done += n;
        }
    }

    /// The `n` bits (1 to 64) from bit `at` on, the first lowest.
    fn bits(&self, at: usize, n: usize) -> u64 {
        let (word, shift) = (at / 64, at % 64);
        let low = self.words.get(word).map_or(0, |w| w >> shift);
        let high = match shift {
            0 => 0,
            _ => self.words.get(word + 1).map_or(0, |w| w << (64 - shift)),
        };
        let bits = low | high;
        if n >= 64 {
            bits
        } else {
            bits & ((1 << n) - 1)
        }
    }

    /// Adds every bit of `other` (a set of the same size).
    pub fn union_with(&mut self, other: &Bitset) {
        for (w, o) in self.words.iter_mut().zip(&other.words) {
            *w |= o;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copied_bits_land_where_asked_whatever_the_alignment() {
        let mut source = Bitset::new(300);
        let set: Vec<usize> = (0..300).filter(|i| i % 7 == 0 || i % 11 == 3).collect();
        for &i in &set {
            source.set(i);
        }
        for (from, to, len) in [
            (0, 0, 300),
            (5, 70, 200),
            (63, 1, 130),
            (64, 128, 64),
            (17, 250, 60),
        ] {
            let mut copy = Bitset::new(300);
            copy.copy_from(&source, from, to, len);
            for i in 0..300 {
                let expected = i >= to && i < to + len && source.get(i - to + from);
                assert_eq!(copy.get(i), expected, "bit {i} of {from}->{to} ({len})");
            }
        }
    }

    #[test]
    fn boundaries_fall_between_words() {
        let text = "全心全意依靠工人阶级";
        let mut bits = Bitset::new(text.len() + 1);
        mark_boundaries(text, 0, &mut bits);
        assert!(bits.get(0) && bits.get(text.len()));
        // 全心全意 | 依靠 | 工人阶级 (or 工人 | 阶级): never inside 依靠.
        let yi = text.find('依').unwrap();
        assert!(bits.get(yi));
        assert!(!bits.get(yi + '依'.len_utf8()));
    }
}
