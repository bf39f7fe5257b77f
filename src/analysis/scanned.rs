//! The placeholder scan of a draft kept line by line, so that after an edit
//! only the lines it touched are scanned again and the rest are shifted.
//!
//! The scanner is line-local ([`scan::lines`]): a line's placeholders depend
//! on its text and on what the line before handed on ([`Carry`], an open
//! code fence). So rescanning starts one line before the edit and stops at
//! the first line past it that starts where an old line started (shifted),
//! with the same carry: from there on, the old results hold.

use super::change::Change;
use crate::placeholder::scan::{self, Carry, Hit, Scanner};
use crate::text::Syntax;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScannedLines {
    syntax: Syntax,
    /// Byte offset where each of the scanner's lines starts.
    starts: Vec<usize>,
    /// What the line before handed on to each line.
    carries: Vec<Carry>,
    /// Every placeholder, in text order.
    hits: Vec<Hit>,
}

/// Lines scanned from one point on.
#[derive(Default)]
struct Rescan {
    starts: Vec<usize>,
    carries: Vec<Carry>,
    hits: Vec<Hit>,
}

impl ScannedLines {
    /// Scans all of `text`, written in `syntax`.
    pub fn new(text: &str, syntax: Syntax) -> ScannedLines {
        let (mut rescan, _) = rescan(text, syntax, 0, Carry::default(), |_, _| false);
        // Kept while the draft is open: not with the room their growth left.
        rescan.starts.shrink_to_fit();
        rescan.carries.shrink_to_fit();
        rescan.hits.shrink_to_fit();
        ScannedLines {
            syntax,
            starts: rescan.starts,
            carries: rescan.carries,
            hits: rescan.hits,
        }
    }

    /// Every placeholder the scanner found, in text order.
    pub fn hits(&self) -> &[Hit] {
        &self.hits
    }

    /// Brings the scan up to date with `text`, which is the scanned text
    /// after `change`.
    pub fn edit(&mut self, text: &str, change: &Change) {
        let (a, b) = (change.range.start, change.range.end);
        let inserted_end = a + change.new_len;
        // The line holding the edit, and the one before: an edit at a line's
        // start can change how the line before ends.
        let first = self.starts.partition_point(|&s| s <= a).saturating_sub(2);
        let start = self.starts.get(first).copied().unwrap_or(0);
        let carry = self.carries.get(first).copied().unwrap_or_default();
        let shift = |old: usize| old + change.new_len - (b - a);
        let unshift = |new: usize| new + (b - a) - change.new_len;
        let mut next_old = self.starts.partition_point(|&s| s < b);
        let (rescan, resume) = rescan(text, self.syntax, start, carry, |at, carry| {
            if at < inserted_end {
                return false;
            }
            let old = unshift(at);
            while self.starts.get(next_old).is_some_and(|&s| s < old) {
                next_old += 1;
            }
            self.starts.get(next_old) == Some(&old) && self.carries[next_old] == carry
        });
        // Old lines `first..resume` give way to the rescanned ones; later
        // lines and their placeholders only move.
        let resume = if resume { next_old } else { self.starts.len() };
        let old_end = self.starts.get(resume).copied().unwrap_or(usize::MAX);
        let hits_from = self.hits.partition_point(|h| h.range.start < start);
        let hits_to = self.hits.partition_point(|h| h.range.start < old_end);
        for s in &mut self.starts[resume..] {
            *s = shift(*s);
        }
        for h in &mut self.hits[hits_to..] {
            h.range = shift(h.range.start)..shift(h.range.end);
        }
        self.starts.splice(first..resume, rescan.starts);
        self.carries.splice(first..resume, rescan.carries);
        self.hits.splice(hits_from..hits_to, rescan.hits);
    }
}

/// Scans the lines of `text` from byte `start` (a line start, after a line
/// that handed on `carry`) until `done` says, before a line, that the old
/// results hold from there, or to the end. Returns what it scanned and
/// whether `done` stopped it.
fn rescan(
    text: &str,
    syntax: Syntax,
    start: usize,
    mut carry: Carry,
    mut done: impl FnMut(usize, Carry) -> bool,
) -> (Rescan, bool) {
    let mut out = Rescan::default();
    let mut scanner = Scanner::new(syntax);
    let mut at = start;
    for raw in scan::lines(&text[start..]) {
        if done(at, carry) {
            return (out, true);
        }
        out.starts.push(at);
        out.carries.push(carry);
        carry = scanner.line(raw, at, carry, &mut out.hits);
        at += raw.len();
    }
    (out, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Applies `insert` at `range` of `text` to both the text and its scan,
    /// and checks the scan against a fresh one.
    fn check_edit(
        text: &mut String,
        scanned: &mut ScannedLines,
        range: std::ops::Range<usize>,
        insert: &str,
    ) {
        text.replace_range(range.clone(), insert);
        let change = Change {
            range,
            new_len: insert.len(),
        };
        scanned.edit(text, &change);
        assert_eq!(
            *scanned,
            ScannedLines::new(text, scanned.syntax),
            "after {change:?} in {text:?}"
        );
    }

    #[test]
    fn an_edit_rescans_its_lines_and_shifts_the_rest() {
        let mut text = "20xx年\n某某同志\n```\nXX\n```\n第x届\n".to_string();
        let mut scanned = ScannedLines::new(&text, Syntax::Markdown);
        assert_eq!(scanned.hits().len(), 3, "{scanned:?}");
        check_edit(&mut text, &mut scanned, 0..0, "讲话");
        check_edit(&mut text, &mut scanned, 3..3, "\n××市");
        // Closing the fence early exposes the XX inside it.
        let fence = text.find("```\nXX").unwrap();
        check_edit(&mut text, &mut scanned, fence..fence + 3, "");
        let all = 0..text.len();
        check_edit(&mut text, &mut scanned, all, "");
        check_edit(&mut text, &mut scanned, 0..0, "```\n20xx\n");
        // A CR before the LF an edit inserts.
        check_edit(&mut text, &mut scanned, 4..4, "\r");
    }

    #[test]
    fn plain_text_has_no_fences() {
        let mut text = "```\nXX市\n```\n".to_string();
        let mut scanned = ScannedLines::new(&text, Syntax::PlainText);
        assert_eq!(scanned.hits().len(), 1, "{scanned:?}");
        check_edit(&mut text, &mut scanned, 0..0, "××县\n");
        assert_eq!(scanned.hits().len(), 2, "{scanned:?}");
    }
}
