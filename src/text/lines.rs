//! Line and column of byte offsets, for reports to people (`FILE:LINE:COL`).
//!
//! Lines break at `\n`, `\r\n` and `\r`; columns count characters. Line
//! starts are found once per text, and a [`Locator`] asked about offsets in
//! increasing order counts each character about once: reporting every
//! finding of a text is linear in its length, however many there are.

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
    fn offsets_inside_a_character_or_past_the_end_round_down() {
        assert_eq!(at("一二", &[4, 100]), [(1, 2), (1, 3)]);
    }
}
