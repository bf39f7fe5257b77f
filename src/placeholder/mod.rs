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
    check_hits(text, &scan::scan(text), options)
}

/// [`check`] of `text` whose [`scan::scan`] is `hits` (kept up to date
/// line by line as the text is edited, see `analysis`).
pub fn check_hits(text: &str, hits: &[scan::Hit], options: &Options) -> Vec<Placeholder> {
    let ignored = ignored_ranges(text, &options.ignore_words);
    let is_ignored = |r: &Range<usize>| ignored.iter().any(|i| i.start < r.end && r.start < i.end);
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
    for extra in options.extra.iter().filter(|e| options.is_enabled(e.kind)) {
        for m in extra.regex.find_iter(text) {
            let range = m.range();
            let overlaps = |p: &Placeholder| p.range.start < range.end && range.start < p.range.end;
            if range.is_empty() || is_ignored(&range) || found[..builtin].iter().any(overlaps) {
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

/// Byte ranges of every occurrence of the ignored words.
fn ignored_ranges(text: &str, words: &[String]) -> Vec<Range<usize>> {
    words
        .iter()
        .flat_map(|w| text.match_indices(w.as_str()).map(|(i, m)| i..i + m.len()))
        .collect()
}
