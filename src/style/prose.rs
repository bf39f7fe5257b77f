//! The prose of a draft, line by line: what the house-style checks may look
//! at. Markdown code (fences and spans), URLs and e-mail addresses and the
//! section marker that opens a line (1. 1、 (一) — the outline's business)
//! are masked out; everything else is prose.
//!
//! The Markdown and token knowledge is the placeholder scanner's
//! ([`crate::placeholder::markdown`], [`crate::placeholder::traps`]).

use super::candidates::{self, Candidates};
use crate::outline::marker;
use crate::placeholder::markdown::{closes, code_spans, fence};
use crate::placeholder::traps::{is_token_char, is_url_or_email};
use crate::text::{line_ranges, Syntax};
use std::ops::Range;

/// One line of prose: its characters with their byte offsets in the whole
/// text, and which of them the checks must leave alone.
#[derive(Debug, Default, Clone)]
pub struct Line<'a> {
    /// The line's text (line break excluded).
    pub text: &'a str,
    /// Byte offset of the line in the whole text.
    pub base: usize,
    /// `(byte offset in the whole text, char)`.
    pub chars: Vec<(usize, char)>,
    /// `masked[i]`: `chars[i]` is [`CODE`] (code, part of a URL or an
    /// e-mail address), the line's [`MARKER`], or prose (0).
    pub masked: Vec<u8>,
    /// What the rules look for that the line holds ([`candidates`]).
    pub candidates: Candidates,
}

/// Code, a URL or an e-mail address: nothing about it is prose.
pub const CODE: u8 = 2;
/// The section marker opening the line (1. 一、 首先): not checked, but
/// Chinese context for what follows it.
pub const MARKER: u8 = 1;

impl Line<'_> {
    pub fn char_at(&self, i: usize) -> Option<char> {
        self.chars.get(i).map(|&(_, c)| c)
    }

    /// Whether `chars[i]` is prose (in range and not masked).
    pub fn is_prose(&self, i: usize) -> bool {
        i < self.chars.len() && self.masked[i] == 0
    }

    /// Whether `chars[i]` may be read as context: prose or the marker.
    pub fn is_context(&self, i: usize) -> bool {
        i < self.chars.len() && self.masked[i] != CODE
    }

    /// Byte offset (in the whole text) where `chars[i]` starts; the line's
    /// end for `i` past the last char.
    pub fn offset(&self, i: usize) -> usize {
        self.chars
            .get(i)
            .map_or(self.base + self.text.len(), |&(o, _)| o)
    }

    /// Byte range (in the whole text) of the chars `range`.
    pub fn bytes(&self, range: Range<usize>) -> Range<usize> {
        self.offset(range.start)..self.offset(range.end)
    }
}

/// Every line of `text` (its byte range, line break excluded) and whether
/// it is prose to check: not empty and, in Markdown, not inside a fenced
/// code block, not a fence, not an indented code block.
pub fn lines_of(text: &str, syntax: Syntax) -> impl Iterator<Item = (Range<usize>, bool)> + '_ {
    let mut open_fence: Option<(char, u32)> = None;
    line_ranges(text).map(move |range| {
        let raw = &text[range.clone()];
        if syntax == Syntax::Markdown {
            if let Some(opening) = open_fence {
                if fence(raw).is_some_and(|f| closes(opening, f)) {
                    open_fence = None;
                }
                return (range, false);
            }
            if let Some(f) = fence(raw) {
                open_fence = Some(f);
                return (range, false);
            }
            // An indented code block: four spaces or a tab.
            if raw.starts_with("    ") || raw.starts_with('\t') {
                return (range, false);
            }
        }
        let prose = !raw.is_empty();
        (range, prose)
    })
}

/// Calls `each` with every line of `text` that is prose ([`lines_of`]),
/// masked as the module says.
pub fn for_each_line<'a>(text: &'a str, syntax: Syntax, mut each: impl FnMut(&Line<'a>)) {
    let mut line = Line::default();
    for (range, prose) in lines_of(text, syntax) {
        if prose {
            fill(&mut line, &text[range.clone()], range.start, syntax);
            each(&line);
        }
    }
}

impl<'a> Line<'a> {
    /// The prose line `raw` on its own: offsets from its start.
    pub fn of(raw: &'a str, syntax: Syntax) -> Line<'a> {
        let mut line = Line::default();
        line.refill(raw, syntax);
        line
    }

    /// This line made the prose line `raw` ([`Line::of`]), its buffers
    /// reused: a draft is read a line at a time, and allocating two
    /// vectors for each of its lines cost more than some rules.
    pub fn refill(&mut self, raw: &'a str, syntax: Syntax) {
        fill(self, raw, 0, syntax);
    }
}

fn fill<'a>(line: &mut Line<'a>, raw: &'a str, base: usize, syntax: Syntax) {
    line.text = raw;
    line.base = base;
    line.chars.clear();
    let mut candidates = candidates::Scanner::default();
    for (o, c) in raw.char_indices() {
        candidates.push(c);
        line.chars.push((o, c));
    }
    line.candidates = candidates.finish();
    line.masked.clear();
    line.masked.resize(line.chars.len(), 0);
    let chars = &line.chars;
    let masked = &mut line.masked;
    if syntax == Syntax::Markdown && raw.contains('`') {
        for span in code_spans(chars) {
            masked[span].fill(CODE);
        }
    }
    // URLs and e-mail addresses: runs of token characters.
    if memchr::memchr3(b':', b'@', b'.', raw.as_bytes()).is_some() {
        let mut i = 0;
        while i < chars.len() {
            if !is_token_char(chars[i].1) {
                i += 1;
                continue;
            }
            let start = i;
            while i < chars.len() && is_token_char(chars[i].1) {
                i += 1;
            }
            let end_byte = chars.get(i).map_or(raw.len(), |&(o, _)| o);
            if is_url_or_email(&raw[chars[start].0..end_byte]) {
                // Punctuation right after the address is the sentence's.
                let mut end = i;
                while end > start
                    && matches!(chars[end - 1].1, ',' | '.' | ';' | ':' | '!' | '?' | ')')
                {
                    end -= 1;
                }
                masked[start..end].fill(CODE);
            }
        }
    }
    // The section marker that opens the line, and its Markdown prefix; a
    // half-width `,` or `:` ending it (首先, 第一篇:) separates, it is prose.
    if let Some(heading) = marker::parse(raw) {
        let end = heading
            .marker
            .as_ref()
            .map_or(heading.text_start, |m| m.span.end);
        let mut n = chars.partition_point(|&(o, _)| o < end);
        if n > 0 && matches!(chars[n - 1].1, ',' | ':') && heading.marker.is_some() {
            n -= 1;
        }
        for m in &mut masked[..n] {
            if *m == 0 {
                *m = MARKER;
            }
        }
    }
    if base != 0 {
        for (o, _) in line.chars.iter_mut() {
            *o += base;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prose(text: &str, syntax: Syntax) -> Vec<String> {
        let mut out = Vec::new();
        for_each_line(text, syntax, |line| {
            let s: String = line
                .chars
                .iter()
                .zip(&line.masked)
                .map(|(&(_, c), &m)| if m != 0 { '#' } else { c })
                .collect();
            out.push(s);
        });
        out
    }

    #[test]
    fn code_urls_and_markers_are_masked() {
        let text = "1.加强`a,b`学习\n```\n代码,\n```\n见https://a.cn,好\n（一）工作";
        assert_eq!(
            prose(text, Syntax::Markdown),
            ["##加强#####学习", "见############,好", "###工作"]
        );
        // Plain text has no code.
        assert_eq!(prose("`a,b`", Syntax::PlainText), ["`a,b`"]);
    }

    #[test]
    fn offsets_are_in_the_whole_text() {
        let text = "一\n二三";
        let mut offsets = Vec::new();
        for_each_line(text, Syntax::PlainText, |l| {
            offsets.extend(l.chars.iter().map(|&(o, _)| o))
        });
        assert_eq!(offsets, [0, 4, 7]);
    }
}
