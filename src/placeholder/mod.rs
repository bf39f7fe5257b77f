//! Unfilled placeholders in a draft: 20xx年, 201年, XX同志, 第x六次, ××市,
//! 某某, ____, 在_县, 约 万名, □, \*公司, 第*届*次, empty “” and 【】 — and
//! nothing else (X光, Excel, 30×40米, *重点*, URLs … are left alone).
//!
//! Pure core: plain `&str` in, byte ranges out.
//! - [`scan`](scan::scan) finds the placeholders (with [`markdown`],
//!   [`traps`] and [`gap`] to tell them from what only looks like one);
//! - [`check_as`] (and [`check`], for Markdown) applies the user's
//!   [`Options`] (kinds off, severities, extra patterns, ignored words) and
//!   words the messages;
//! - [`fix`] computes the quick fixes.

pub mod fix;
pub mod gap;
pub mod kind;
pub mod markdown;
pub mod options;
pub mod scan;
pub mod traps;

pub use fix::{current_year, fill_years, fixes, Fix};
pub use kind::{Kind, Severity};
pub use options::{Config, Options, PatternConfig};

pub use crate::text::Syntax;
use std::ops::Range;

/// An unfilled placeholder, as reported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placeholder {
    /// Byte range in the checked text.
    pub range: Range<usize>,
    pub kind: Kind,
    pub severity: Severity,
    /// What to fill in, in Chinese: 未填写的年份“20xx”.
    pub message: String,
}

/// Every placeholder of the Markdown draft `text` that `options` asks for,
/// in order.
pub fn check(text: &str, options: &Options) -> Vec<Placeholder> {
    check_as(text, Syntax::Markdown, options)
}

/// Every placeholder of `text`, written in `syntax`, that `options` asks
/// for, in order.
pub fn check_as(text: &str, syntax: Syntax, options: &Options) -> Vec<Placeholder> {
    check_hits(text, &scan::scan(text, syntax), options)
}

/// [`check_as`] of `text` whose [`scan::scan`] is `hits` (kept up to date
/// line by line as the text is edited, see `analysis`).
pub fn check_hits(text: &str, hits: &[scan::Hit], options: &Options) -> Vec<Placeholder> {
    let ignored = Ranges::new(ignored_ranges(text, &options.ignore_words));
    let is_ignored = |r: &Range<usize>| ignored.overlaps(r);
    let mut found: Vec<Placeholder> = hits
        .iter()
        .filter(|hit| options.is_enabled(hit.kind) && !is_ignored(&hit.range))
        .map(|hit| Placeholder {
            message: hit.kind.message(&text[hit.range.clone()]),
            severity: options.severity(hit.kind),
            range: hit.range.clone(),
            kind: hit.kind,
        })
        .collect();
    let builtin = found.len();
    let builtin_ranges = Ranges::new(found.iter().map(|p| p.range.clone()).collect());
    for extra in options.extra.iter().filter(|e| options.is_enabled(e.kind)) {
        for m in extra.regex.find_iter(text) {
            let range = m.range();
            if range.is_empty() || is_ignored(&range) || builtin_ranges.overlaps(&range) {
                continue;
            }
            let message = match &extra.message {
                Some(m) => m.clone(),
                None => extra.kind.message(m.as_str()),
            };
            found.push(Placeholder {
                range,
                kind: extra.kind,
                severity: options.severity(extra.kind),
                message,
            });
        }
    }
    if found.len() > builtin {
        found.sort_by_key(|p| (p.range.start, p.range.end));
    }
    found
}

/// Ranges that others are tested against for overlap, in logarithmic time:
/// a pattern like `\p{Han}` has a match per character of the draft.
struct Ranges {
    /// Sorted by start.
    sorted: Vec<Range<usize>>,
    /// `max_end[i]`: the largest end among `sorted[..=i]`.
    max_end: Vec<usize>,
}

impl Ranges {
    fn new(mut sorted: Vec<Range<usize>>) -> Ranges {
        sorted.sort_unstable_by_key(|r| r.start);
        let max_end = sorted
            .iter()
            .scan(0, |max, r| {
                *max = r.end.max(*max);
                Some(*max)
            })
            .collect();
        Ranges { sorted, max_end }
    }

    /// Whether any range shares a byte with `r`.
    fn overlaps(&self, r: &Range<usize>) -> bool {
        let starting_before_end = self.sorted.partition_point(|s| s.start < r.end);
        starting_before_end > 0 && self.max_end[starting_before_end - 1] > r.start
    }
}

/// Byte ranges of every occurrence of the ignored words.
fn ignored_ranges(text: &str, words: &[String]) -> Vec<Range<usize>> {
    words
        .iter()
        .filter(|w| !w.is_empty())
        .flat_map(|w| text.match_indices(w.as_str()).map(|(i, m)| i..i + m.len()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_overlap_as_a_scan_over_all_of_them_says() {
        // Overlapping, nested, empty and unsorted ranges.
        let ranges = vec![10..20, 0..3, 12..14, 30..30, 25..40, 2..5, 50..51];
        let index = Ranges::new(ranges.clone());
        for start in 0..55 {
            for end in start..56 {
                let r = start..end;
                let expected = ranges.iter().any(|i| i.start < r.end && r.start < i.end);
                assert_eq!(index.overlaps(&r), expected, "{r:?}");
            }
        }
        assert!(!Ranges::new(Vec::new()).overlaps(&(0..10)));
    }
}
