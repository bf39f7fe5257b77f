//! What no check reports: the `[ignore]` words of the office's rules
//! (anything overlapping an occurrence) and the lines an inline
//! `jianggao-ignore` marker silences. Applied to the findings of every
//! check, so a check added later is covered without knowing of it.

use super::finding::{Action, Edit, QUICKFIX};
use super::{Analysis, Finding};
use crate::rules::marker;
use aho_corasick::{AhoCorasick, MatchKind};
use std::ops::Range;

#[derive(Debug, Clone, Default)]
pub struct Ignore {
    words: Option<AhoCorasick>,
}

impl Ignore {
    pub fn new(words: &[String]) -> Ignore {
        let words: Vec<&str> = words
            .iter()
            .map(String::as_str)
            .filter(|w| !w.is_empty())
            .collect();
        // Leftmost-longest, not overlapping: a search with a prefilter, a
        // tenth of the time on a 1 MB draft. (Of two ignored words that
        // overlap in the text, the longer one is found.)
        let words = (!words.is_empty()).then(|| {
            AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .build(&words)
                .ok()
        });
        Ignore {
            words: words.flatten(),
        }
    }

    /// Drops from `found` (in text order) what is ignored in `analysis`.
    pub fn filter(&self, analysis: &Analysis, found: &mut Vec<Finding>) {
        let text = analysis.text();
        let mut spans: Vec<Range<usize>> = Vec::new();
        if let Some(words) = &self.words {
            spans.extend(words.find_iter(text).map(|m| m.range()));
        }
        if memchr::memmem::find(text.as_bytes(), marker::MARKER.as_bytes()).is_some() {
            // A whole line, its end included (a finding may sit at the end).
            let silenced = marker::silenced_lines(text, analysis.lines());
            spans.extend(silenced.into_iter().map(|l| l.start..l.end + 1));
        }
        if spans.is_empty() {
            return;
        }
        let spans = union(spans);
        found.retain(|f| !overlaps_any(&spans, &f.range));
    }
}

/// 忽略此处: for each line holding some of `findings` (in text order), the
/// action that appends the inline marker to it.
pub fn ignore_here(analysis: &Analysis, findings: &[Finding]) -> Vec<Action> {
    let lines = analysis.lines();
    let mut actions: Vec<(usize, Action)> = Vec::new();
    for finding in findings {
        let at = lines.partition_point(|l| l.end < finding.range.start);
        let Some(line) = lines.get(at) else { continue };
        if let Some((_, action)) = actions.iter_mut().find(|(l, _)| *l == at) {
            action.findings.push(finding.clone());
            continue;
        }
        let (offset, text) = marker::marker_insertion(analysis.text(), line);
        actions.push((
            at,
            Action {
                title: "忽略此处（本行不再提示）".into(),
                kind: QUICKFIX,
                edits: vec![Edit {
                    range: offset..offset,
                    text,
                }],
                findings: vec![finding.clone()],
                preferred: false,
            },
        ));
    }
    actions.into_iter().map(|(_, a)| a).collect()
}

/// Sorted, disjoint spans covering the same text.
fn union(mut spans: Vec<Range<usize>>) -> Vec<Range<usize>> {
    spans.sort_by_key(|s| s.start);
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(spans.len());
    for s in spans {
        match merged.last_mut() {
            Some(last) if s.start <= last.end => last.end = last.end.max(s.end),
            _ => merged.push(s),
        }
    }
    merged
}

/// Whether `range` (an empty one counts as its first byte) overlaps one of
/// the sorted, disjoint `spans`.
fn overlaps_any(spans: &[Range<usize>], range: &Range<usize>) -> bool {
    let end = range.end.max(range.start + 1);
    let i = spans.partition_point(|s| s.end <= range.start);
    spans.get(i).is_some_and(|s| s.start < end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlap_with_sorted_spans() {
        let spans = union(vec![5..8, 0..2, 7..10]);
        assert_eq!(spans, [0..2, 5..10]);
        assert!(overlaps_any(&spans, &(1..3)));
        assert!(!overlaps_any(&spans, &(2..5)));
        assert!(overlaps_any(&spans, &(9..9)));
        assert!(!overlaps_any(&spans, &(10..12)));
    }
}
