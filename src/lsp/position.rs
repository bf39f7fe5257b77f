//! Every conversion between LSP positions and offsets in a document lives
//! here, so that the negotiated `positionEncoding` is honoured everywhere.
//!
//! The core works with byte offsets into a `&str`; ropey works with char
//! indices; LSP positions count code units of the negotiated encoding within
//! a line. Positions past the end of a line clamp to the line's end (as the
//! LSP specification says), positions past the last line clamp to the end of
//! the document, and a position inside a character (half a surrogate pair,
//! the middle of a UTF-8 sequence) rounds down to that character's start.
//!
//! A document is read as a [`Content`]: its rope, or — for a long document
//! held flat (see `documents`) — its text and lines.

use ropey::{Rope, RopeSlice};
use std::cell::Cell;
use std::ops::Range;
use tower_lsp::lsp_types::{Position, PositionEncodingKind};

/// A document's text as the conversions read it.
#[derive(Debug, Clone, Copy)]
pub enum Content<'a> {
    Rope(&'a Rope),
    /// The text and its lines as [`crate::text::lines`] finds them.
    Flat {
        text: &'a str,
        lines: &'a [Range<usize>],
    },
}

impl Content<'_> {
    pub fn len_bytes(&self) -> usize {
        match self {
            Content::Rope(rope) => rope.len_bytes(),
            Content::Flat { text, .. } => text.len(),
        }
    }
}

/// The unit in which a position's `character` counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    Utf8,
    #[default]
    Utf16,
    Utf32,
}

impl Encoding {
    /// Picks the encoding from what the client offers: UTF-8 or UTF-32 when
    /// offered (they are cheaper to convert), in the client's order of
    /// preference; UTF-16, which every client must support, otherwise.
    pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Self {
        offered
            .unwrap_or_default()
            .iter()
            .find_map(|kind| match kind.as_str() {
                "utf-8" => Some(Encoding::Utf8),
                "utf-32" => Some(Encoding::Utf32),
                _ => None,
            })
            .unwrap_or(Encoding::Utf16)
    }

    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
            Encoding::Utf32 => PositionEncodingKind::UTF32,
        }
    }

    /// Length of `text` in this encoding's code units.
    pub fn len(self, text: &str) -> usize {
        match self {
            Encoding::Utf8 => text.len(),
            Encoding::Utf16 => text.encode_utf16().count(),
            Encoding::Utf32 => text.chars().count(),
        }
    }
}

/// Many positions of one document version (the diagnostics of a draft:
/// thousands), found from the version's lines — a binary search for the
/// line, then counting from the last answer when it is on the same line just
/// before, or from the line's start when that is near — rather than by
/// five walks down the rope's tree for each, which took a quarter of the time
/// from a keystroke to its diagnostics on a 1 MB draft. Far into a long
/// line it asks the rope, so no answer costs more than counting [`NEAR`]
/// bytes.
pub struct Positions<'a> {
    content: Content<'a>,
    /// The content's text, and its lines as [`crate::text::lines`] finds
    /// them (the same line breaks as ropey's `cr_lines`).
    text: &'a str,
    lines: &'a [Range<usize>],
    enc: Encoding,
    /// The last answer: byte offset, line, column.
    last: Cell<(usize, usize, usize)>,
}

/// How far from a known column (in bytes) counting is cheaper than the rope.
const NEAR: usize = 4096;

impl<'a> Positions<'a> {
    /// `text` and `lines` must be the content's (an analysis of its version).
    pub fn new(
        content: Content<'a>,
        text: &'a str,
        lines: &'a [Range<usize>],
        enc: Encoding,
    ) -> Self {
        debug_assert_eq!(text.len(), content.len_bytes());
        Positions {
            content,
            text,
            lines,
            enc,
            last: Cell::new((0, 0, 0)),
        }
    }

    /// The position of byte offset `byte`, like [`from_byte`].
    pub fn at(&self, byte: usize) -> Position {
        let byte = floor_char(self.text, byte.min(self.text.len()));
        let line = self.lines.partition_point(|l| l.start <= byte).max(1) - 1;
        let start = self.lines.get(line).map_or(0, |l| l.start);
        let (from, column) = match self.last.get() {
            (b, l, c) if l == line && b <= byte && byte - b <= NEAR => (b, c),
            _ if byte - start <= NEAR => (start, 0),
            _ => return from_byte(self.content, byte, self.enc),
        };
        let column = column + self.enc.len(&self.text[from..byte]);
        self.last.set((byte, line, column));
        Position::new(line as u32, column as u32)
    }

    /// The LSP range of a byte range, like [`range_from_bytes`].
    pub fn range(&self, bytes: Range<usize>) -> tower_lsp::lsp_types::Range {
        tower_lsp::lsp_types::Range::new(self.at(bytes.start), self.at(bytes.end))
    }
}

/// Number of chars in the line break that ends `line` (0, 1 or 2).
fn line_break_chars(line: RopeSlice) -> usize {
    let n = line.len_chars();
    match (
        n.checked_sub(2).map(|i| line.char(i)),
        n.checked_sub(1).map(|i| line.char(i)),
    ) {
        (Some('\r'), Some('\n')) => 2,
        (_, Some('\n' | '\r')) => 1,
        _ => 0,
    }
}

/// The char index of `pos` in `rope`, clamped as described in the module docs.
pub fn to_char(rope: &Rope, pos: Position, enc: Encoding) -> usize {
    let line_idx = pos.line as usize;
    if line_idx >= rope.len_lines() {
        return rope.len_chars();
    }
    let line_start = rope.line_to_char(line_idx);
    let line = rope.line(line_idx);
    let content_chars = line.len_chars() - line_break_chars(line);
    let content_end = line_start + content_chars;
    let units = pos.character as usize;
    match enc {
        Encoding::Utf32 => line_start + units.min(content_chars),
        Encoding::Utf16 => {
            let start_cu = rope.char_to_utf16_cu(line_start);
            let end_cu = rope.char_to_utf16_cu(content_end);
            rope.utf16_cu_to_char((start_cu + units).min(end_cu))
        }
        Encoding::Utf8 => {
            let start_byte = rope.char_to_byte(line_start);
            let end_byte = rope.char_to_byte(content_end);
            rope.byte_to_char((start_byte + units).min(end_byte))
        }
    }
}

/// The byte offset of `pos` in the document's text, clamped like [`to_char`].
pub fn to_byte(content: Content, pos: Position, enc: Encoding) -> usize {
    match content {
        Content::Rope(rope) => rope.char_to_byte(to_char(rope, pos, enc)),
        Content::Flat { text, lines } => flat_to_byte(text, lines, pos, enc),
    }
}

/// [`to_byte`] in a flat text: counting from the start of the line.
fn flat_to_byte(text: &str, lines: &[Range<usize>], pos: Position, enc: Encoding) -> usize {
    let Some(line) = lines.get(pos.line as usize) else {
        return text.len();
    };
    let units = pos.character as usize;
    let mut counted = 0;
    for (i, c) in text[line.clone()].char_indices() {
        counted += match enc {
            Encoding::Utf8 => c.len_utf8(),
            Encoding::Utf16 => c.len_utf16(),
            Encoding::Utf32 => 1,
        };
        if counted > units {
            return line.start + i;
        }
    }
    line.end
}

/// The position of char index `char_idx` (clamped to the document's end).
pub fn from_char(rope: &Rope, char_idx: usize, enc: Encoding) -> Position {
    let char_idx = char_idx.min(rope.len_chars());
    let line_idx = rope.char_to_line(char_idx);
    let line_start = rope.line_to_char(line_idx);
    let character = match enc {
        Encoding::Utf32 => char_idx - line_start,
        Encoding::Utf16 => rope.char_to_utf16_cu(char_idx) - rope.char_to_utf16_cu(line_start),
        Encoding::Utf8 => rope.char_to_byte(char_idx) - rope.char_to_byte(line_start),
    };
    Position::new(line_idx as u32, character as u32)
}

/// The position of byte offset `byte` (rounded down to a char boundary).
pub fn from_byte(content: Content, byte: usize, enc: Encoding) -> Position {
    match content {
        Content::Rope(rope) => from_char(rope, rope.byte_to_char(byte.min(rope.len_bytes())), enc),
        Content::Flat { text, lines } => {
            let byte = floor_char(text, byte.min(text.len()));
            let line = lines.partition_point(|l| l.start <= byte).max(1) - 1;
            let start = lines.get(line).map_or(0, |l| l.start);
            Position::new(line as u32, enc.len(&text[start..byte]) as u32)
        }
    }
}

/// The LSP range of a byte range of the document's text.
pub fn range_from_bytes(
    content: Content,
    bytes: Range<usize>,
    enc: Encoding,
) -> tower_lsp::lsp_types::Range {
    tower_lsp::lsp_types::Range::new(
        from_byte(content, bytes.start, enc),
        from_byte(content, bytes.end, enc),
    )
}

/// The byte range of an LSP range; a reversed range is put in order.
pub fn range_to_bytes(
    content: Content,
    range: tower_lsp::lsp_types::Range,
    enc: Encoding,
) -> Range<usize> {
    let (a, b) = (
        to_byte(content, range.start, enc),
        to_byte(content, range.end, enc),
    );
    a.min(b)..a.max(b)
}

/// The char range of an LSP range (put in order) and the byte range of the
/// same text: what an edit of the rope replaces.
pub fn edit_range(
    rope: &Rope,
    range: tower_lsp::lsp_types::Range,
    enc: Encoding,
) -> (Range<usize>, Range<usize>) {
    let (a, b) = (
        to_char(rope, range.start, enc),
        to_char(rope, range.end, enc),
    );
    let chars = a.min(b)..a.max(b);
    let bytes = rope.char_to_byte(chars.start)..rope.char_to_byte(chars.end);
    (chars, bytes)
}

/// The document's text from `before` bytes before byte `at` to `after`
/// bytes past it (widened to whole chars at the start), and the byte offset
/// where that text starts: what a feature reading only near the cursor
/// needs, without copying a long document.
pub fn text_around(content: Content, at: usize, before: usize, after: usize) -> (usize, String) {
    let len = content.len_bytes();
    let (from, to) = (
        at.min(len).saturating_sub(before),
        at.saturating_add(after).min(len),
    );
    match content {
        Content::Rope(rope) => {
            let (start, end) = (rope.byte_to_char(from), rope.byte_to_char(to));
            (rope.char_to_byte(start), rope.slice(start..end).to_string())
        }
        Content::Flat { text, .. } => {
            let (start, end) = (floor_char(text, from), floor_char(text, to));
            (start, text[start..end].to_string())
        }
    }
}

/// `i` rounded down to the start of the character it falls in.
fn floor_char(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every byte of texts with every kind of line break, characters
    /// outside the BMP and a line longer than [`NEAR`], visited forwards,
    /// backwards and by jumps: the same positions as the rope's, both from
    /// [`Positions`] and from the flat content; and every position, past
    /// line ends and inside characters included, the same offset.
    #[test]
    fn many_positions_agree_with_the_rope() {
        let long = "长".repeat(NEAR);
        let texts = [
            String::new(),
            "a\r\nb\rc\n".to_string(),
            format!("𠀀😀x\r\n{long}𠀀末\n\n尾"),
            format!("{long}\r{long}"),
            "a\u{2028}b\u{85}c\r\n\r\n".to_string(),
        ];
        for text in &texts {
            let (rope, lines) = (Rope::from_str(text), crate::text::lines(text));
            assert_eq!(lines.len(), rope.len_lines());
            let (by_rope, flat) = (
                Content::Rope(&rope),
                Content::Flat {
                    text,
                    lines: &lines,
                },
            );
            let n = text.len();
            let order: Vec<usize> = (0..=n)
                .chain((0..=n).rev())
                .chain((0..=n).map(|i| i * 7919 % (n + 1)))
                .collect();
            for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
                for content in [by_rope, flat] {
                    let at = Positions::new(content, text, &lines, enc);
                    for &byte in &order {
                        let want = from_byte(by_rope, byte, enc);
                        assert_eq!(at.at(byte), want, "{byte} {enc:?}");
                        assert_eq!(from_byte(flat, byte, enc), want, "{byte} {enc:?}");
                    }
                }
                for line in 0..lines.len() as u32 + 2 {
                    let near = NEAR as u32;
                    let columns = (0..24).chain(near - 4..near + 4);
                    for character in columns.chain([3 * near, 6 * near, u32::MAX]) {
                        let p = pos(line, character);
                        let want = to_byte(by_rope, p, enc);
                        assert_eq!(to_byte(flat, p, enc), want, "{p:?} {enc:?}");
                    }
                }
            }
        }
    }

    fn pos(line: u32, character: u32) -> Position {
        Position::new(line, character)
    }

    #[test]
    fn text_around_keeps_whole_chars() {
        // 𠀀 is 4 bytes: a window edge inside it takes it whole at the start.
        let text = "ab𠀀讲cd";
        let (rope, lines) = (Rope::from_str(text), crate::text::lines(text));
        let at = "ab𠀀".len();
        for content in [
            Content::Rope(&rope),
            Content::Flat {
                text,
                lines: &lines,
            },
        ] {
            assert_eq!(text_around(content, at, 1, 3), (2, "𠀀讲".to_string()));
            assert_eq!(text_around(content, at, 99, 99), (0, text.to_string()));
            assert_eq!(
                text_around(content, 99, 2, 2),
                (text.len() - 2, "cd".into())
            );
        }
    }

    #[test]
    fn non_bmp_characters_count_per_encoding() {
        // 𠀀 is 4 bytes, 2 UTF-16 units, 1 char; 讲 is 3 bytes, 1 unit, 1 char.
        let rope = Rope::from_str("𠀀讲😀x\r\nab");
        for (enc, x_col) in [
            (Encoding::Utf8, 11),
            (Encoding::Utf16, 5),
            (Encoding::Utf32, 3),
        ] {
            assert_eq!(to_char(&rope, pos(0, x_col), enc), 3, "{enc:?}");
            assert_eq!(from_char(&rope, 3, enc), pos(0, x_col), "{enc:?}");
        }
    }

    #[test]
    fn positions_clamp_and_round_down() {
        let rope = Rope::from_str("𠀀x\r\nab");
        // Past the end of the line: the line's end, before the CRLF.
        assert_eq!(to_char(&rope, pos(0, 99), Encoding::Utf16), 2);
        // Inside the surrogate pair / the UTF-8 sequence: the char's start.
        assert_eq!(to_char(&rope, pos(0, 1), Encoding::Utf16), 0);
        assert_eq!(to_char(&rope, pos(0, 3), Encoding::Utf8), 0);
        // Past the last line: the document's end.
        assert_eq!(to_char(&rope, pos(9, 0), Encoding::Utf32), rope.len_chars());
    }

    #[test]
    fn unicode_line_separators_stay_inside_a_line() {
        let rope = Rope::from_str("a\u{2028}b\u{85}c\nd");
        assert_eq!(rope.len_lines(), 2);
        assert_eq!(from_char(&rope, 4, Encoding::Utf32), pos(0, 4));
    }

    #[test]
    fn negotiation_prefers_utf8_or_utf32_in_client_order() {
        use PositionEncodingKind as K;
        assert_eq!(Encoding::negotiate(None), Encoding::Utf16);
        assert_eq!(Encoding::negotiate(Some(&[K::UTF16])), Encoding::Utf16);
        assert_eq!(
            Encoding::negotiate(Some(&[K::UTF16, K::UTF32, K::UTF8])),
            Encoding::Utf32
        );
        assert_eq!(
            Encoding::negotiate(Some(&[K::UTF8, K::UTF16])),
            Encoding::Utf8
        );
    }
}
