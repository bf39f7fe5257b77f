//! A suffix array over the folded corpus text: every occurrence of a
//! context in O(|context| · log n), grouped by what follows it.
//!
//! The array is built over characters, not bytes, with libsais (linear-time
//! induced sorting): each char is replaced by its rank among the distinct
//! chars of the text, which keeps code-point order and therefore the byte
//! order of UTF-8. Sorting a third as many suffixes (Han chars take three
//! bytes) over 16-bit symbols is several times faster than a byte-level or
//! comparison sort, and its time does not grow with the long repeated
//! passages templates copy from each other.
//!
//! **The order.** Suffixes are ordered by their text up to and including
//! the first [`END`] (which ends every document), and suffixes equal that
//! far by position: each `END` is sorted as a symbol of its own, ranked by
//! its place in the text. What lies past a document's end therefore never
//! decides the order of its suffixes, so the order of a document's
//! suffixes does not change when other documents come or go: [`merge`]
//! uses that to re-index without sorting the unchanged documents again,
//! and gets exactly the array a whole sort would. (No lookup spans an
//! `END`: contexts and phrases never hold one.)

mod merge;

pub use merge::Copied;

use libsais::suffix_array::AlphabetSize;
use libsais::SuffixArrayConstruction;
use std::ops::Range;

/// The suffixes of a text in sorted order.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct SuffixArray {
    /// Char indices of the text, sorted by the suffix starting there.
    by_suffix: Vec<u32>,
    /// Byte offset of every [`STRIDE`]-th char of the text. The array is
    /// kept in char indices and mapped to bytes on use: mapping it all up
    /// front reads such a table at random and took as long as the sort.
    stride_starts: Vec<u32>,
}

/// Chars per recorded byte offset: a char index maps to bytes by its
/// stride's offset and a step over at most `STRIDE - 1` chars, in the text
/// that the lookup reads next anyway. A table of every char's offset would
/// take as much memory as the array itself.
const STRIDE: usize = 8;

/// The longest text [`SuffixArray::build`] takes: libsais indexes with `i32`.
pub const MAX_TEXT_BYTES: usize = i32::MAX as usize;

/// Ends a document in the text (see the module's docs on the order).
pub const END: char = '\u{3}';

impl SuffixArray {
    /// Sorts every suffix of `text` that starts a char.
    ///
    /// # Panics
    /// If `text` is [`MAX_TEXT_BYTES`] or longer.
    pub fn build(text: &str) -> Self {
        assert!(
            text.len() < MAX_TEXT_BYTES,
            "suffix array text of {} bytes",
            text.len()
        );
        let (alphabet, stride_starts, chars) = Alphabet::of(text);
        let symbols = Symbols::new(&alphabet);
        let by_suffix = if symbols.count <= 1 << 16 {
            let mut ranks: Vec<u16> = Vec::with_capacity(chars);
            ranks.extend(symbols.of(text).map(|s| s as u16));
            SuffixArrayConstruction::for_text(&ranks[..])
                .in_owned_buffer32()
                .single_threaded()
                .run()
                .map(|sa| sa.into_vec())
        } else {
            let mut ranks: Vec<i32> = Vec::with_capacity(chars);
            ranks.extend(symbols.of(text).map(|s| s as i32));
            let construction = SuffixArrayConstruction::for_text_mut(&mut ranks[..])
                .in_owned_buffer32()
                .single_threaded();
            // SAFETY: every symbol is in 0..symbols.count, so none is
            // negative or at least the alphabet size.
            let construction =
                unsafe { construction.with_alphabet_size(AlphabetSize::new(symbols.count as i32)) };
            construction.run().map(|sa| sa.into_vec())
        }
        .expect("libsais sorts any text under MAX_TEXT_BYTES");
        SuffixArray {
            // Char indices are never negative.
            by_suffix: by_suffix.into_iter().map(|c| c as u32).collect(),
            stride_starts,
        }
    }

    /// The sorted char indices and the stride table, to be saved.
    pub fn parts(&self) -> (&[u32], &[u32]) {
        (&self.by_suffix, &self.stride_starts)
    }

    /// Checks saved stride offsets against `text`: the `k`-th must be the
    /// start of char `k × STRIDE` exactly, and there must be as many as the
    /// text's chars call for, so that no lookup through them falls outside
    /// it. Returns the number of chars of the text.
    pub fn check_strides(text: &str, stride_starts: &[u32]) -> Option<usize> {
        // One pass, 64 bytes at a time: a bit per char start, counted.
        let mut k = 0;
        let mut before = 0;
        for (block_index, block) in text.as_bytes().chunks(64).enumerate() {
            let starts = char_starts(block);
            let base = block_index * 64;
            while let Some(&s) = stride_starts.get(k) {
                let Some(offset) = (s as usize).checked_sub(base) else {
                    return None; // out of order
                };
                if offset >= block.len() {
                    break;
                }
                let below = (starts & ((1u64 << offset) - 1)).count_ones() as usize;
                if starts >> offset & 1 == 0 || before + below != k * STRIDE {
                    return None;
                }
                k += 1;
            }
            before += starts.count_ones() as usize;
        }
        (k == stride_starts.len() && before.div_ceil(STRIDE) == k).then_some(before)
    }

    /// The array of a text of `chars` chars from saved
    /// [`SuffixArray::parts`] whose strides [`SuffixArray::check_strides`]
    /// passed, or `None` when an index names no char of the text. (The
    /// order of the suffixes is not checked: the file they come from is
    /// checksummed.)
    pub fn from_parts(chars: usize, by_suffix: Vec<u32>, stride_starts: Vec<u32>) -> Option<Self> {
        let fits = by_suffix.len() == chars
            && stride_starts.len() == chars.div_ceil(STRIDE)
            && by_suffix.iter().max().is_none_or(|&c| (c as usize) < chars);
        fits.then_some(SuffixArray {
            by_suffix,
            stride_starts,
        })
    }

    /// The byte offset of char `c` of `text`.
    fn char_start(&self, text: &[u8], c: u32) -> usize {
        let c = c as usize;
        let mut at = self.stride_starts[c / STRIDE] as usize;
        for _ in 0..c % STRIDE {
            at += utf8_len(text[at]);
        }
        at
    }

    /// Byte offset of the `k`-th suffix in sorted order; `text` is the text
    /// the array was built from (as for every method here).
    pub fn offset(&self, text: &str, k: usize) -> usize {
        self.char_start(text.as_bytes(), self.by_suffix[k])
    }

    /// Byte offsets of the suffixes in `range` of the sorted order.
    pub fn offsets<'a>(
        &'a self,
        text: &'a str,
        range: Range<usize>,
    ) -> impl Iterator<Item = usize> + 'a {
        range.map(|k| self.offset(text, k))
    }

    /// The first occurrence in the text among the suffixes in `range`.
    pub fn first_offset(&self, text: &str, range: Range<usize>) -> Option<usize> {
        let first = self.by_suffix[range].iter().min()?;
        Some(self.char_start(text.as_bytes(), *first))
    }

    /// The range of the sorted order whose suffixes start with `pattern`.
    pub fn find(&self, text: &str, pattern: &[u8]) -> Range<usize> {
        let bytes = text.as_bytes();
        let prefix = |c: &u32| {
            let p = self.char_start(bytes, *c);
            &bytes[p..(p + pattern.len()).min(bytes.len())]
        };
        let lo = self.by_suffix.partition_point(|c| prefix(c) < pattern);
        let hi = lo + self.by_suffix[lo..].partition_point(|c| prefix(c) <= pattern);
        lo..hi
    }
}

/// A bit for every byte of `block` (at most 64) that starts a char, that
/// is, is not a continuation byte (`0b10xx_xxxx`).
fn char_starts(block: &[u8]) -> u64 {
    #[cfg(target_arch = "x86_64")]
    if let Ok(block) = <&[u8; 64]>::try_from(block) {
        use std::arch::x86_64::{
            _mm_cmpgt_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_set1_epi8,
        };
        let mut starts = 0u64;
        for (i, part) in block.chunks_exact(16).enumerate() {
            // SAFETY: SSE2 is part of x86_64; `part` holds the 16 bytes
            // the unaligned load reads.
            let bits = unsafe {
                let bytes = _mm_loadu_si128(part.as_ptr().cast());
                // As signed bytes, continuation bytes are -128..=-65.
                _mm_movemask_epi8(_mm_cmpgt_epi8(bytes, _mm_set1_epi8(-65)))
            };
            starts |= (bits as u16 as u64) << (16 * i);
        }
        return starts;
    }
    block.iter().enumerate().fold(0, |bits, (j, &byte)| {
        bits | (((byte as i8) >= -0x40) as u64) << j
    })
}

/// The length of the UTF-8 sequence that `lead` starts.
fn utf8_len(lead: u8) -> usize {
    match lead {
        0x00..=0x7f => 1,
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        _ => 4,
    }
}

/// The distinct chars of a text, each ranked by code point.
struct Alphabet {
    /// One bit per code point present.
    present: Vec<u64>,
    /// Number of code points present below each 64-bit block.
    below: Vec<u32>,
    /// How many times [`END`] occurs.
    ends: u32,
}

impl Alphabet {
    /// The alphabet of `text`, the byte offset of every [`STRIDE`]-th char
    /// and the number of chars: one pass over the text for all three.
    fn of(text: &str) -> (Self, Vec<u32>, usize) {
        let mut present = vec![0u64; (char::MAX as usize >> 6) + 1];
        let mut stride_starts = Vec::with_capacity(text.len() / STRIDE + 1);
        let mut chars = 0;
        let mut ends = 0;
        for (i, c) in text.char_indices() {
            if chars % STRIDE == 0 {
                stride_starts.push(i as u32);
            }
            chars += 1;
            ends += (c == END) as u32;
            present[c as usize >> 6] |= 1 << (c as u32 & 63);
        }
        let mut below = Vec::with_capacity(present.len() + 1);
        let mut count = 0;
        for block in &present {
            below.push(count);
            count += block.count_ones();
        }
        below.push(count);
        let alphabet = Alphabet {
            present,
            below,
            ends,
        };
        (alphabet, stride_starts, chars)
    }

    /// Number of distinct chars.
    fn len(&self) -> usize {
        *self
            .below
            .last()
            .expect("one count per block and the total") as usize
    }

    /// How many distinct chars of the text are smaller than `c`.
    fn rank(&self, c: char) -> u32 {
        let (block, bit) = (c as usize >> 6, c as u32 & 63);
        self.below[block] + (self.present[block] & ((1u64 << bit) - 1)).count_ones()
    }
}

/// The symbols libsais sorts: the chars' ranks, except that the `k`-th
/// [`END`] of the text is a symbol of its own, `k` above the first, and the
/// chars above `END` move up to make room.
struct Symbols<'a> {
    alphabet: &'a Alphabet,
    /// `END`'s rank among the distinct chars.
    end: u32,
    /// Distinct symbols: the distinct chars and the extra `END`s.
    count: usize,
}

impl<'a> Symbols<'a> {
    fn new(alphabet: &'a Alphabet) -> Self {
        Symbols {
            alphabet,
            end: alphabet.rank(END),
            count: alphabet.len() + alphabet.ends.saturating_sub(1) as usize,
        }
    }

    /// The symbol of every char of `text` (the text of the alphabet).
    fn of<'t>(&'t self, text: &'t str) -> impl Iterator<Item = u32> + 't {
        let extra = self.alphabet.ends.saturating_sub(1);
        let mut ends = 0;
        text.chars().map(move |c| {
            let rank = self.alphabet.rank(c);
            if c == END {
                ends += 1;
                rank + ends - 1
            } else if rank > self.end {
                rank + extra
            } else {
                rank
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The array holds every char start once, and every suffix comes
    /// before the next one in the order of the module's docs.
    fn assert_sorted(text: &str, sa: &SuffixArray) {
        let offsets: Vec<usize> = sa.offsets(text, 0..sa.by_suffix.len()).collect();
        // Each char start once.
        let mut starts = offsets.clone();
        starts.sort_unstable();
        assert!(starts
            .iter()
            .copied()
            .eq(text.char_indices().map(|(i, _)| i)));
        for pair in offsets.windows(2) {
            let (a, b) = (&text[pair[0]..], &text[pair[1]..]);
            let order = merge::order(text.as_bytes(), pair[0], pair[1]);
            assert_eq!(order, std::cmp::Ordering::Less, "{a:?} sorts before {b:?}");
        }
    }

    #[test]
    fn finds_every_occurrence() {
        let text = "服务大局，围绕中心、服务大局\n服务职工";
        let sa = SuffixArray::build(text);
        let r = sa.find(text, "服务".as_bytes());
        assert_eq!(r.len(), 3);
        assert_eq!(sa.first_offset(text, r), Some(0));
        let r = sa.find(text, "服务大局".as_bytes());
        let mut found: Vec<usize> = sa.offsets(text, r).collect();
        found.sort();
        assert_eq!(found, [0, text.rfind("服务大局").unwrap()]);
        assert!(sa.find(text, "没有".as_bytes()).is_empty());
    }

    #[test]
    fn sorts_suffixes_in_byte_order() {
        let text = "a工会𠀀b工会\u{3}ab工人\u{3}😀工会a";
        let sa = SuffixArray::build(text);
        assert_sorted(text, &sa);
        assert_eq!(sa.find(text, "工会".as_bytes()).len(), 3);
        assert_eq!(sa.find(text, "😀工".as_bytes()).len(), 1);
    }

    #[test]
    fn sorts_texts_with_more_than_65536_distinct_chars() {
        // CJK Unified Ideographs and Extension B: 20,992 + 42,720 chars,
        // plus Hangul syllables to pass the 16-bit alphabet.
        let distinct = ('\u{4e00}'..='\u{9fff}')
            .chain('\u{20000}'..='\u{2a6df}')
            .chain('\u{ac00}'..='\u{d7a3}');
        let mut text: String = distinct.collect();
        text.push_str("一二一二三");
        assert!(Alphabet::of(&text).0.len() > 1 << 16);
        let sa = SuffixArray::build(&text);
        assert_sorted(&text, &sa);
        assert_eq!(sa.find(&text, "一二".as_bytes()).len(), 2);
    }

    #[test]
    fn sorts_texts_with_more_documents_than_16_bit_symbols() {
        // Each END is a symbol of its own: 70,000 of them pass 65,536.
        let text: String = (0..70_000)
            .map(|i| format!("{}{END}", ["工会", "工人", "会"][i % 3]))
            .collect();
        let (alphabet, _, _) = Alphabet::of(&text);
        assert!(Symbols::new(&alphabet).count > 1 << 16);
        let sa = SuffixArray::build(&text);
        assert_sorted(&text, &sa);
        assert_eq!(sa.find(&text, "工会".as_bytes()).len(), 23_334);
    }

    #[test]
    fn ranks_keep_code_point_order() {
        let (alphabet, strides, chars) = Alphabet::of("b𠀀a工a");
        assert_eq!((strides, chars), (vec![0], 5));
        assert_eq!(alphabet.len(), 4);
        let ranks: Vec<u32> = ['a', 'b', '工', '𠀀'].map(|c| alphabet.rank(c)).to_vec();
        assert_eq!(ranks, [0, 1, 2, 3]);
    }

    #[test]
    fn char_starts_are_found_the_same_way_in_every_block() {
        let text = "a工会𠀀b，工会😀".repeat(8);
        let bytes = &text.as_bytes()[..64];
        let expected = bytes
            .iter()
            .enumerate()
            .fold(0u64, |m, (j, &b)| m | ((b & 0xc0 != 0x80) as u64) << j);
        assert_eq!(char_starts(bytes), expected);
        assert_eq!(char_starts(&bytes[..63]), expected & (u64::MAX >> 1));
    }

    #[test]
    fn saved_strides_are_checked_against_the_text() {
        let text = "a工会𠀀b工会\u{3}ab工人\u{3}😀工会a".repeat(5);
        let sa = SuffixArray::build(&text);
        let (by_suffix, strides) = sa.parts();
        let chars = text.chars().count();
        assert_eq!(SuffixArray::check_strides(&text, strides), Some(chars));
        let back = SuffixArray::from_parts(chars, by_suffix.to_vec(), strides.to_vec());
        assert_eq!(back.as_ref(), Some(&sa));
        let mut moved = strides.to_vec();
        moved[2] += 1;
        assert_eq!(SuffixArray::check_strides(&text, &moved), None);
        moved[2] += 2; // on another char start, but not the right one
        assert_eq!(SuffixArray::check_strides(&text, &moved), None);
        assert_eq!(
            SuffixArray::check_strides(&text, &strides[..strides.len() - 1]),
            None
        );
        let mut more = strides.to_vec();
        more.push(text.len() as u32);
        assert_eq!(SuffixArray::check_strides(&text, &more), None);
        assert_eq!(SuffixArray::check_strides("", &[]), Some(0));
        let mut past = by_suffix.to_vec();
        past[0] = chars as u32;
        assert_eq!(SuffixArray::from_parts(chars, past, strides.to_vec()), None);
    }

    #[test]
    fn empty_text_has_no_suffixes() {
        let sa = SuffixArray::build("");
        assert!(sa.by_suffix.is_empty());
        assert!(sa.find("", b"a").is_empty());
    }
}
