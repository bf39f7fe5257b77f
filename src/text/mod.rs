//! Character classes and small text helpers shared by every feature.
//!
//! Everything here works on `&str` and byte offsets.

pub mod input;
pub mod lines;
pub mod script;
pub mod syntax;

pub use lines::{line_col, line_ranges, lines};
pub use syntax::Syntax;

/// A CJK ideograph (the basic block, extensions A–G and the compatibility blocks).
pub fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF      // Extension A
        | 0x4E00..=0x9FFF    // Unified Ideographs
        | 0xF900..=0xFAFF    // Compatibility Ideographs
        | 0x20000..=0x2A6DF  // Extension B (𠀀 …)
        | 0x2A700..=0x2EBEF  // Extensions C–F
        | 0x2F800..=0x2FA1F  // Compatibility Supplement
        | 0x30000..=0x323AF  // Extensions G–H
        | 0x3007             // 〇
    )
}

/// At most `max` characters of `s`, with `…` in place of the rest: for names
/// and quotations that must stay short.
pub fn clip(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((end, _)) => format!("{}…", &s[..end]),
        None => s.to_string(),
    }
}

/// A character that belongs to a "word" for completion filtering: letters,
/// digits, Han characters, `_` and `-`. Everything else (whitespace and all
/// punctuation, ，。、 included) separates words.
///
/// This is the rule editors apply when they filter completion items (Helix,
/// blink.cmp), so the completion range must start where it says.
pub fn is_word_char(c: char) -> bool {
    // Han first: a range test, where `is_alphanumeric` looks a Han
    // character up in Unicode's tables (a few percent of a completion).
    is_han(c) || c.is_alphanumeric() || c == '_' || c == '-'
}

/// Horizontal space inside a line: ASCII space and tab, the no-break space
/// and the ideographic space.
pub fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{3000}' | '\u{a0}')
}

/// `s` with the characters Markdown would interpret escaped (for example
/// sentences quoted in completion documentation and hovers).
pub fn escape_markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '!' | '(' | ')'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// An ASCII or full-width decimal digit.
pub fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

/// Punctuation that ends a sentence in Chinese or Western text.
pub fn is_sentence_end(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '；' | '!' | '?' | ';' | '…')
}

/// Punctuation after which a new clause begins (sentence ends included).
pub fn is_clause_break(c: char) -> bool {
    is_sentence_end(c) || matches!(c, '，' | '、' | '：' | ',' | ':' | '．')
}

/// Byte offset where the run of word characters that ends at `end` begins.
pub fn word_run_start(text: &str, end: usize) -> usize {
    text[..end]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| is_word_char(c))
        .last()
        .map_or(end, |(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markdown() {
        assert_eq!(escape_markdown("a*b_c [x]"), "a\\*b\\_c \\[x\\]");
    }

    #[test]
    fn word_run_stops_at_punctuation_and_space() {
        let s = "同志们，要坚持全心全意";
        let start = word_run_start(s, s.len());
        assert_eq!(&s[start..], "要坚持全心全意");
        let s = "hello world_1-2";
        assert_eq!(&s[word_run_start(s, s.len())..], "world_1-2");
        assert_eq!(word_run_start("。", "。".len()), "。".len());
    }

    #[test]
    fn han_covers_extension_b() {
        assert!(is_han('𠀀'));
        assert!(is_han('讲'));
        assert!(!is_han('😀'));
        assert!(!is_han('，'));
    }
}
