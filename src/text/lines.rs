//! Lines as LSP counts them — broken at `\n`, `\r\n` and `\r`, nowhere else
//! (U+2028 and NEL stay inside a line) — and the line and column of byte
//! offsets, for reports to people (`FILE:LINE:COL`).
//!
//! Columns count characters. Line starts are found once per text, and a
//! [`Locator`] asked about offsets in increasing order counts each character
//! about once: reporting every finding of a text is linear in its length,
//! however many there are.

use std::ops::Range;

/// The lines of a text: `(start, content end)` byte offsets, line breaks
/// excluded. An empty text, or one ending in a line break, ends with an
/// empty line.
pub fn lines(text: &str) -> Vec<Range<usize>> {
    let mut lines: Vec<Range<usize>> = line_ranges(text).collect();
    // Collected from an iterator that cannot tell its length: not with the
    // room its growth left (a 100 MB draft of short lines held 45 MB more).
    lines.shrink_to_fit();
    lines
}

/// The lines of [`lines`], one at a time: for a pass over a long text that
/// does not keep them.
pub fn line_ranges(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let bytes = text.as_bytes();
    let mut breaks = memchr::memchr2_iter(b'\n', b'\r', bytes);
    let mut start = Some(0);
    std::iter::from_fn(move || {
        let from = start?;
        for i in breaks.by_ref() {
            if i < from {
                continue; // the \n of a \r\n
            }
            start = Some(if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                i + 2
            } else {
                i + 1
            });
            return Some(from..i);
        }
        start = None;
        Some(from..bytes.len())
    })
}

/// 0-based line and 0-based column in characters of byte offset `byte`, for
/// one lookup (a [`Locator`] answers many).
pub fn line_col(text: &str, byte: usize) -> (usize, usize) {
    let at = Locator::new(text).locate(byte);
    (at.line - 1, at.column - 1)
}

/// A 1-based line and 1-based column in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

/// Finds the line and column of byte offsets into one text.
#[derive(Debug, Clone)]
pub struct Locator<'a> {
    text: &'a str,
    /// Byte offset of the start of every line.
    starts: Vec<usize>,
    /// The last answer, to count on from: (offset, its line index, its column).
    last: (usize, usize, usize),
}

impl<'a> Locator<'a> {
    pub fn new(text: &'a str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            let crlf = bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n');
            if !crlf {
                starts.push(i + 1);
            }
        }
        Locator {
            text,
            starts,
            last: (0, 0, 0),
        }
    }

    /// Where byte offset `at` is (clamped to the text, rounded down to a
    /// character boundary).
    pub fn locate(&mut self, at: usize) -> LineCol {
        let mut at = at.min(self.text.len());
        while !self.text.is_char_boundary(at) {
            at -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= at) - 1;
        let (from, column) = match self.last {
            (offset, last_line, column) if last_line == line && offset <= at => (offset, column),
            _ => (self.starts[line], 0),
        };
        let column = column + self.text[from..at].chars().count();
        self.last = (at, line, column);
        LineCol {
            line: line + 1,
            column: column + 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str, offsets: &[usize]) -> Vec<(usize, usize)> {
        let mut locator = Locator::new(text);
        offsets
            .iter()
            .map(|&o| {
                let p = locator.locate(o);
                (p.line, p.column)
            })
            .collect()
    }

    #[test]
    fn every_line_break_counts_once() {
        let text = "ab\ncd\r\nef\rgh";
        let offsets = [0, 1, 3, 7, 10, 11, 12];
        let expected = [(1, 1), (1, 2), (2, 1), (3, 1), (4, 1), (4, 2), (4, 3)];
        assert_eq!(at(text, &offsets), expected);
    }

    #[test]
    fn columns_count_characters_in_any_order() {
        let text = "一二三\n𠀀😀20xx";
        let forward = at(text, &[3, 6, 10, 18]);
        assert_eq!(forward, [(1, 2), (1, 3), (2, 1), (2, 3)]);
        let backward = at(text, &[18, 10, 6, 3]);
        assert_eq!(backward, [(2, 3), (2, 1), (1, 3), (1, 2)]);
    }

    #[test]
    fn lines_break_where_lsp_says_and_locate_agrees() {
        let text = "a\r\nb\rc\nd\u{2028}e\n";
        assert_eq!(lines(text), vec![0..1, 3..4, 5..6, 7..12, 13..13]);
        for (i, line) in lines(text).iter().enumerate() {
            assert_eq!(line_col(text, line.start), (i, 0));
        }
        assert_eq!(line_col(text, 11), (3, 2));
        for text in ["", "\n", "\r\n", "\r", "a", "a\r", "\r\r\n\n", "讲\r\n稿\n"] {
            let expected = match text {
                "" | "a" => 1,
                "\r\r\n\n" => 4,
                "讲\r\n稿\n" => 3,
                _ => 2,
            };
            assert_eq!(lines(text).len(), expected, "{text:?}");
            assert_eq!(
                line_ranges(text).last().unwrap().end,
                text.len(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn offsets_inside_a_character_or_past_the_end_round_down() {
        assert_eq!(at("一二", &[4, 100]), [(1, 2), (1, 3)]);
    }
}
