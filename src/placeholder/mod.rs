//! Unfilled placeholders in a draft: 20xx年, XX同志, 第x六次, ××市, 某某, ____,
//! □, \*公司, empty “” and 【】 — and nothing else (X光, Excel, 30×40米,
//! *重点*, URLs … are left alone).
//!
//! Pure core: plain `&str` in, byte ranges out.
//! - [`scan`](scan::scan) finds the placeholders (with [`markdown`] and
//!   [`traps`] to tell them from what only looks like one);
//! - [`check`] applies the user's [`Options`] (kinds off, severities, extra
//!   patterns, ignored words) and words the messages;
//! - [`fix`] computes the quick fixes.

pub mod fix;
pub mod kind;
pub mod markdown;
pub mod options;
pub mod scan;
pub mod traps;

pub use fix::{current_year, fill_years, fixes, Fix};
pub use kind::{Kind, Severity};
pub use options::{Config, Options, PatternConfig};

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

/// Every placeholder of `text` that `options` asks for, in order.
pub fn check(text: &str, options: &Options) -> Vec<Placeholder> {
    let ignored = ignored_ranges(text, &options.ignore_words);
    let is_ignored = |r: &Range<usize>| overlaps_any(&ignored, r, |i| i);
    let mut found: Vec<Placeholder> = scan::scan(text)
        .into_iter()
        .filter(|hit| options.is_enabled(hit.kind) && !is_ignored(&hit.range))
        .map(|hit| Placeholder {
            message: hit.kind.message(&text[hit.range.clone()]),
            severity: options.severity(hit.kind),
            range: hit.range,
            kind: hit.kind,
        })
        .collect();
    let builtin = found.len();
    for extra in options.extra.iter().filter(|e| options.is_enabled(e.kind)) {
        for m in extra.regex.find_iter(text) {
            let range = m.range();
            let builtin_here = overlaps_any(&found[..builtin], &range, |p| &p.range);
            if range.is_empty() || is_ignored(&range) || builtin_here {
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

/// Byte ranges of every occurrence of the ignored words, sorted and merged
/// where they overlap.
fn ignored_ranges(text: &str, words: &[String]) -> Vec<Range<usize>> {
    let mut ranges: Vec<Range<usize>> = words
        .iter()
        .filter(|w| !w.is_empty())
        .flat_map(|w| text.match_indices(w.as_str()).map(|(i, m)| i..i + m.len()))
        .collect();
    ranges.sort_by_key(|r| r.start);
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for r in ranges {
        match merged.last_mut() {
            Some(last) if r.start < last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    merged
}

/// Whether `range` shares a byte with one of `sorted` (ordered, not
/// overlapping one another): a binary search, so that checking every
/// finding stays linear-logarithmic however many there are.
fn overlaps_any<T>(sorted: &[T], range: &Range<usize>, of: impl Fn(&T) -> &Range<usize>) -> bool {
    let i = sorted.partition_point(|t| of(t).end <= range.start);
    sorted.get(i).is_some_and(|t| of(t).start < range.end)
}
