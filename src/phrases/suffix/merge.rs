//! The array of a text most of which was copied whole from an indexed one:
//! the suffixes of the copied documents keep their order (see the parent
//! module on the order), so they are taken from the old array, moved to
//! their new places; only the suffixes of the other documents are sorted,
//! and each is then placed among the copied ones by binary search.
//!
//! Measured on 100 MB (36 million chars, 2 cores): a whole sort takes
//! 1.5 s, about 43 ns a char; moving the kept suffixes 0.12 s, placing a new
//! one about 1.3 µs (a galloping search, random reads of the text). The two
//! cost the same when the new documents hold about 3% of the text:
//! [`MAX_FRESH_SHARE`].

use super::{char_starts, SuffixArray, END, STRIDE};
use std::cmp::Ordering;

/// The merge is tried only when the new documents hold at most this share
/// of the text (1/32, about 3%); a whole sort is cheaper beyond.
const MAX_FRESH_SHARE: usize = 32;

/// `len` bytes of the new text at `start`, the same as those at `from` in
/// the old one: whole documents, each ended by [`END`].
#[derive(Debug, Clone, Copy)]
pub struct Copied {
    pub start: usize,
    pub from: usize,
    pub len: usize,
}

/// A stretch of chars copied from the old text.
#[derive(Clone, Copy)]
struct Moved {
    /// Char range in the old text.
    old_start: u32,
    old_end: u32,
    /// Char index in the new text.
    start: u32,
}

/// Old chars per entry of the table that finds a char's [`Moved`].
const BLOCK_SHIFT: u32 = 12;

impl SuffixArray {
    /// The array of `text`, equal to [`SuffixArray::build`]'s, from `old`,
    /// the array of `old_text`, when `copied` (in order, none overlapping)
    /// holds all but a small share of `text` and every document ends with
    /// [`END`]; `None` otherwise, for the caller to sort the whole text.
    /// The search runs on `threads` threads.
    pub fn merged(
        text: &str,
        old_text: &str,
        old: &SuffixArray,
        copied: &[Copied],
        threads: usize,
    ) -> Option<Self> {
        let fresh = fresh_stretches(text, copied)?;
        let fresh_bytes: usize = fresh.iter().map(|r| r.len()).sum();
        if fresh_bytes * MAX_FRESH_SHARE > text.len() || !copied_in_order(old_text, copied) {
            return None;
        }
        let stride_starts = strides(text);
        let mut new = SuffixArray {
            by_suffix: Vec::new(),
            stride_starts,
        };
        let moved: Vec<Moved> = copied
            .iter()
            .map(|c| Moved {
                old_start: old.char_index(old_text.as_bytes(), c.from) as u32,
                old_end: old.char_index(old_text.as_bytes(), c.from + c.len) as u32,
                start: new.char_index(text.as_bytes(), c.start) as u32,
            })
            .collect();
        let kept = move_suffixes(&old.by_suffix, &moved);
        // The new documents sorted on their own: they end with END, so
        // their suffixes compare there as they do in the whole text.
        let fresh_text: String = fresh.iter().map(|r| &text[r.clone()]).collect();
        let fresh_sa = SuffixArray::build(&fresh_text);
        let fresh_starts: Vec<(u32, u32)> = {
            let mut sub = 0;
            fresh
                .iter()
                .map(|r| {
                    let at = (sub, new.char_index(text.as_bytes(), r.start) as u32);
                    sub += text[r.clone()].chars().count() as u32;
                    at
                })
                .collect()
        };
        let added: Vec<u32> = fresh_sa
            .by_suffix
            .iter()
            .map(|&c| {
                let k = fresh_starts.partition_point(|&(sub, _)| sub <= c) - 1;
                c - fresh_starts[k].0 + fresh_starts[k].1
            })
            .collect();
        let places = new.places(text.as_bytes(), &kept, &added, threads);
        let mut by_suffix = Vec::with_capacity(kept.len() + added.len());
        let mut from = 0;
        for (&c, &at) in added.iter().zip(&places) {
            by_suffix.extend_from_slice(&kept[from..at]);
            by_suffix.push(c);
            from = at;
        }
        by_suffix.extend_from_slice(&kept[from..]);
        new.by_suffix = by_suffix;
        Some(new)
    }

    /// The char index of byte `at` of `text` (a char start or its end).
    fn char_index(&self, text: &[u8], at: usize) -> usize {
        let k = self
            .stride_starts
            .partition_point(|&s| s as usize <= at)
            .saturating_sub(1);
        let Some(&from) = self.stride_starts.get(k) else {
            return 0;
        };
        let between = &text[from as usize..at];
        k * STRIDE + between.iter().filter(|&&b| (b as i8) >= -0x40).count()
    }

    /// For each of `added` (sorted), how many of `kept` (sorted) come
    /// before it.
    fn places(&self, text: &[u8], kept: &[u32], added: &[u32], threads: usize) -> Vec<usize> {
        let per_thread = added.len().div_ceil(threads.max(1)).max(1);
        std::thread::scope(|s| {
            let parts: Vec<_> = added
                .chunks(per_thread)
                .map(|part| {
                    s.spawn(move || {
                        let mut lo = 0;
                        part.iter()
                            .map(|&c| {
                                let at = self.char_start(text, c);
                                let before = |k: &u32| {
                                    order(text, self.char_start(text, *k), at) == Ordering::Less
                                };
                                lo += gallop(&kept[lo..], before);
                                lo
                            })
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            parts
                .into_iter()
                .flat_map(|p| p.join().expect("the search does not panic"))
                .collect()
        })
    }
}

/// `sorted.partition_point(before)`, searched from the start outwards:
/// the place of the next new suffix is usually near the last one's, and
/// the entries read there are near each other in memory.
fn gallop(sorted: &[u32], before: impl Fn(&u32) -> bool) -> usize {
    let mut end = 1;
    while end < sorted.len() && before(&sorted[end - 1]) {
        end *= 2;
    }
    let start = end / 2;
    let end = end.min(sorted.len());
    start + sorted[start..end].partition_point(before)
}

/// The byte ranges of `text` that `copied` leaves out, if `copied` is in
/// order and every stretch, copied or not, ends with [`END`].
fn fresh_stretches(text: &str, copied: &[Copied]) -> Option<Vec<std::ops::Range<usize>>> {
    let ends_document = |end: usize| end > 0 && text.as_bytes().get(end - 1) == Some(&(END as u8));
    let mut fresh = Vec::new();
    let mut at = 0;
    for c in copied.iter().chain(std::iter::once(&Copied {
        start: text.len(),
        from: 0,
        len: 0,
    })) {
        if c.start < at {
            return None;
        }
        if c.start > at {
            if !ends_document(c.start) {
                return None;
            }
            fresh.push(at..c.start);
        }
        if c.len > 0 && !ends_document(c.start + c.len) {
            return None;
        }
        at = c.start + c.len;
    }
    Some(fresh)
}

/// Whether `copied` comes from `old_text` in order, so that the old order
/// of its suffixes is the new one. (`old` is `old_text`'s own array: the
/// index in service holds both.)
fn copied_in_order(old_text: &str, copied: &[Copied]) -> bool {
    let mut at = 0;
    copied.iter().all(|c| {
        let fits =
            c.from >= at && old_text.is_char_boundary(c.from) && old_text.len() >= c.from + c.len;
        at = c.from + c.len;
        fits
    })
}

/// The old array's suffixes that lie in `moved`, at their new places, in
/// the old order.
fn move_suffixes(by_suffix: &[u32], moved: &[Moved]) -> Vec<u32> {
    let Some(last) = moved.last() else {
        return Vec::new();
    };
    // For each block of old chars, the first stretch that ends after its
    // start.
    let blocks = (last.old_end >> BLOCK_SHIFT) as usize + 1;
    let mut first = Vec::with_capacity(blocks);
    let mut k = 0;
    for block in 0..blocks as u32 {
        while k < moved.len() && moved[k].old_end <= block << BLOCK_SHIFT {
            k += 1;
        }
        first.push(k as u32);
    }
    let kept_chars: usize = moved
        .iter()
        .map(|m| (m.old_end - m.old_start) as usize)
        .sum();
    let mut kept = Vec::with_capacity(kept_chars);
    for &c in by_suffix {
        let Some(&k) = first.get((c >> BLOCK_SHIFT) as usize) else {
            continue; // past the last copied char
        };
        let mut k = k as usize;
        while k < moved.len() && moved[k].old_end <= c {
            k += 1;
        }
        if let Some(m) = moved.get(k).filter(|m| m.old_start <= c) {
            kept.push(c - m.old_start + m.start);
        }
    }
    kept
}

/// The byte offset of every [`STRIDE`]-th char of `text`.
fn strides(text: &str) -> Vec<u32> {
    let mut starts = Vec::with_capacity(text.len() / STRIDE + 1);
    let mut chars = 0;
    for (block_index, block) in text.as_bytes().chunks(64).enumerate() {
        let mut bits = char_starts(block);
        while bits != 0 {
            if chars % STRIDE == 0 {
                starts.push((block_index * 64 + bits.trailing_zeros() as usize) as u32);
            }
            chars += 1;
            bits &= bits - 1;
        }
    }
    starts
}

/// The order of the suffixes at bytes `a` and `b` of `text`: by their text
/// up to and including the first [`END`], then by position. Every suffix
/// meets an `END` (the text ends with one).
pub(super) fn order(text: &[u8], a: usize, b: usize) -> Ordering {
    const CHUNK: usize = 16;
    let (x, y) = (&text[a..], &text[b..]);
    let mut i = 0;
    loop {
        let (p, q) = (&x[i.min(x.len())..], &y[i.min(y.len())..]);
        let n = CHUNK.min(p.len()).min(q.len());
        let same = p[..n]
            .iter()
            .zip(&q[..n])
            .position(|(u, v)| u != v)
            .unwrap_or(n);
        if memchr::memchr(END as u8, &p[..same]).is_some() {
            return a.cmp(&b);
        }
        if same < n {
            return p[same].cmp(&q[same]);
        }
        if n < CHUNK {
            // One of them ended (without an END: only in tests).
            return p.len().cmp(&q.len()).then(a.cmp(&b));
        }
        i += CHUNK;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Documents ended by END, some alike, some ending alike.
    fn documents() -> Vec<String> {
        let mut docs: Vec<String> = [
            "服务大局，围绕中心\n谢谢大家！\n",
            "围绕中心、服务大局\n谢谢大家！\n",
            "𠀀工会😀工会\n",
            "谢谢大家！\n",
            "a工会b工会\n围绕中心\n",
            "围绕中心、服务大局\n谢谢大家！\n",
            "",
        ]
        .iter()
        .map(|d| format!("{d}{END}"))
        .collect();
        docs.push(format!("{}{END}", "一二三".repeat(40)));
        docs
    }

    /// The text of `docs` and the byte range of each.
    fn joined(docs: &[&String]) -> (String, Vec<std::ops::Range<usize>>) {
        let mut text = String::new();
        let ranges = docs
            .iter()
            .map(|d| {
                text.push_str(d);
                text.len() - d.len()..text.len()
            })
            .collect();
        (text, ranges)
    }

    /// Each way of replacing, removing or adding one or two documents
    /// gives the array a whole sort gives.
    #[test]
    fn merging_gives_the_array_of_a_whole_sort() {
        let docs = documents();
        let old_docs: Vec<&String> = docs.iter().collect();
        let (old_text, old_ranges) = joined(&old_docs);
        let fresh = format!("服务职工、围绕中心\n谢谢大家！\n{END}");
        let mut tried = 0;
        for changed in 0..docs.len() {
            for replace in [None, Some(&fresh)] {
                for also in [None, Some((changed + 3) % docs.len())] {
                    // The new documents, each with the old one it copies.
                    let mut new_docs: Vec<(&String, Option<usize>)> = Vec::new();
                    for (i, d) in docs.iter().enumerate() {
                        if i == changed || Some(i) == also {
                            new_docs.extend(replace.map(|f| (f, None)));
                        } else {
                            new_docs.push((d, Some(i)));
                        }
                    }
                    let texts: Vec<&String> = new_docs.iter().map(|(d, _)| *d).collect();
                    let (text, ranges) = joined(&texts);
                    let copied: Vec<Copied> = new_docs
                        .iter()
                        .zip(&ranges)
                        .filter_map(|((_, from), r)| {
                            from.filter(|_| !r.is_empty()).map(|f| Copied {
                                start: r.start,
                                from: old_ranges[f].start,
                                len: r.len(),
                            })
                        })
                        .collect();
                    let expected = SuffixArray::build(&text);
                    for threads in [1, 3] {
                        let merged = merge_any_share(&text, &old_text, &copied, threads);
                        assert_eq!(
                            merged.as_ref(),
                            Some(&expected),
                            "document {changed} (and {also:?}) replaced by {replace:?}"
                        );
                    }
                    tried += 1;
                }
            }
        }
        assert_eq!(tried, docs.len() * 4);
    }

    /// [`SuffixArray::merged`] without the share that makes it worth it.
    fn merge_any_share(
        text: &str,
        old_text: &str,
        copied: &[Copied],
        threads: usize,
    ) -> Option<SuffixArray> {
        // Pad with a long copied document, so that the fresh share is small.
        let pad = format!("{}{END}", "工".repeat(text.len() * MAX_FRESH_SHARE));
        let (padded_old, padded) = (format!("{pad}{old_text}"), format!("{pad}{text}"));
        let old_padded = SuffixArray::build(&padded_old);
        let mut all = vec![Copied {
            start: 0,
            from: 0,
            len: pad.len(),
        }];
        all.extend(copied.iter().map(|c| Copied {
            start: c.start + pad.len(),
            from: c.from + pad.len(),
            len: c.len,
        }));
        let merged = SuffixArray::merged(&padded, &padded_old, &old_padded, &all, threads)?;
        // Back to the unpadded text: drop the pad's suffixes, shift the rest.
        let pad_chars = pad.chars().count() as u32;
        let by_suffix = merged
            .by_suffix
            .iter()
            .filter(|&&c| c >= pad_chars)
            .map(|&c| c - pad_chars)
            .collect();
        Some(SuffixArray {
            by_suffix,
            stride_starts: strides(text),
        })
    }

    #[test]
    fn a_merge_is_declined_when_it_would_not_pay_or_cannot_be_right() {
        let docs = documents();
        let old_docs: Vec<&String> = docs.iter().collect();
        let (text, ranges) = joined(&old_docs);
        let old = SuffixArray::build(&text);
        let all: Vec<Copied> = ranges
            .iter()
            .filter(|r| !r.is_empty())
            .map(|r| Copied {
                start: r.start,
                from: r.start,
                len: r.len(),
            })
            .collect();
        // Everything copied: the same array.
        assert_eq!(SuffixArray::merged(&text, &text, &old, &all, 2), Some(old));
        let old = SuffixArray::build(&text);
        // A large share new.
        assert_eq!(SuffixArray::merged(&text, &text, &old, &all[1..], 2), None);
        // Out of order.
        let mut swapped = all.clone();
        swapped.swap(0, 1);
        assert_eq!(SuffixArray::merged(&text, &text, &old, &swapped, 2), None);
        // A stretch that does not end a document.
        let mut cut = all.clone();
        cut[0].len -= 1;
        assert_eq!(SuffixArray::merged(&text, &text, &old, &cut, 2), None);
    }

    #[test]
    fn strides_match_a_whole_build() {
        for text in [
            "",
            "a",
            "工会𠀀b😀一二三四五六七八九十",
            &"服务大局，a".repeat(50),
        ] {
            assert_eq!(
                strides(text),
                SuffixArray::build(text).stride_starts,
                "{text}"
            );
        }
    }
}
