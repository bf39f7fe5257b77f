//! A suffix array over the folded corpus text: every occurrence of a
//! context in O(|context| · log n), grouped by what follows it.
//!
//! Suffixes are sorted on their first [`DEPTH`] bytes only; patterns are
//! never longer, so lookups are exact while long repeated passages (template
//! sites copy whole sections) do not make the sort quadratic.

use std::ops::Range;

/// Bytes of each suffix the array is sorted on; also the longest pattern.
pub const DEPTH: usize = 192;

/// Start bytes of every char of `text` except `skip`, sorted by suffix.
pub fn build(text: &str, skip: impl Fn(char) -> bool) -> Vec<u32> {
    let bytes = text.as_bytes();
    let mut sa: Vec<u32> = text
        .char_indices()
        .filter(|&(_, c)| !skip(c))
        .map(|(i, _)| i as u32)
        .collect();
    let key = |p: u32| {
        let p = p as usize;
        &bytes[p..(p + DEPTH).min(bytes.len())]
    };
    sa.sort_unstable_by(|&a, &b| key(a).cmp(key(b)));
    sa
}

/// The range of `sa` whose suffixes start with `pattern` (at most [`DEPTH`] bytes).
pub fn find(text: &str, sa: &[u32], pattern: &[u8]) -> Range<usize> {
    let bytes = text.as_bytes();
    let prefix = |p: u32| {
        let p = p as usize;
        &bytes[p..(p + pattern.len()).min(bytes.len())]
    };
    let lo = sa.partition_point(|&p| prefix(p) < pattern);
    let hi = lo + sa[lo..].partition_point(|&p| prefix(p) <= pattern);
    lo..hi
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_every_occurrence() {
        let text = "服务大局，围绕中心、服务大局\n服务职工";
        let sa = build(text, |c| c == '\n');
        let r = find(text, &sa, "服务".as_bytes());
        assert_eq!(r.len(), 3);
        assert_eq!(find(text, &sa, "服务大局".as_bytes()).len(), 2);
        assert!(find(text, &sa, "没有".as_bytes()).is_empty());
    }
}
