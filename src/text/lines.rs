//! Lines as LSP counts them: broken at `\n`, `\r\n` and `\r`, nowhere else
//! (U+2028 and NEL stay inside a line).

use std::ops::Range;

/// The lines of a text: `(start, content end)` byte offsets, line breaks
/// excluded. An empty text, or one ending in a line break, ends with an
/// empty line.
pub fn lines(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut lines = Vec::with_capacity(bytes.len() / 64 + 1);
    let mut start = 0;
    for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
        if i < start {
            continue; // the \n of a \r\n
        }
        lines.push(start..i);
        start = if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
            i + 2
        } else {
            i + 1
        };
    }
    lines.push(start..bytes.len());
    lines
}

/// 0-based line and 0-based column in characters of byte offset `byte`, for
/// one lookup; [`LineIndex`] answers many.
pub fn line_col(text: &str, byte: usize) -> (usize, usize) {
    let before = &text[..byte];
    let line_start = before.rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let line = lines(before).len() - 1;
    (line, before[line_start..].chars().count())
}

/// Where each line of a text starts, to find the line of an offset in
/// logarithmic time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineIndex {
    lines: Vec<Range<usize>>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        LineIndex { lines: lines(text) }
    }

    /// 0-based line holding byte offset `byte` (a line break belongs to the
    /// line it ends).
    pub fn line_of(&self, byte: usize) -> usize {
        self.lines
            .partition_point(|l| l.start <= byte)
            .saturating_sub(1)
    }

    /// 0-based line and 0-based column in characters of byte offset `byte`
    /// of `text`, the text this index was built from.
    pub fn line_col(&self, text: &str, byte: usize) -> (usize, usize) {
        let line = self.line_of(byte);
        let start = self.lines[line].start;
        (line, text[start..byte].chars().count())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_lsp_line_break_counts_and_only_those() {
        let text = "a\r\nb\rc\nd\u{2028}e\n";
        assert_eq!(lines(text), vec![0..1, 3..4, 5..6, 7..12, 13..13]);
        let index = LineIndex::new(text);
        assert_eq!(index.line_of(text.len()), 4);
        for byte in 0..=text.len() {
            // Between the CR and the LF of a CRLF is no position.
            if text.is_char_boundary(byte) && byte != 2 {
                assert_eq!(index.line_col(text, byte), line_col(text, byte), "{byte}");
            }
        }
        assert_eq!(index.line_col(text, 11), (3, 2));
        assert_eq!(LineIndex::new("").line_col("", 0), (0, 0));
    }
}
