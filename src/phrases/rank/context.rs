//! The context before the cursor: what completion matches in the corpus.

use super::super::{fold, segment};
use crate::corpus::clean::strip_markdown_prefix;
use crate::text::word_run_start;

/// The folded text before the cursor that completion matches, and where a
/// match of it may start.
#[derive(Debug)]
pub struct Context {
    /// The current line (indentation and Markdown marks dropped) after the
    /// end of the previous line and a `\n`, folded, at most
    /// [`super::Params::max_context`] characters.
    pub text: String,
    /// How many of its last characters belong to the run of word characters
    /// being typed.
    pub run_chars: usize,
    /// For each match length m (in characters, index m), whether a match of
    /// the last m characters starts at a word boundary of the draft: a match
    /// that starts inside a word the writer finished (全心全|意) would
    /// continue another word (意|识), so it is no evidence.
    starts: Vec<bool>,
}

impl Context {
    pub fn of(before: &str, max_chars: usize) -> Context {
        let line_start = before.rfind(['\n', '\r']).map_or(0, |i| i + 1);
        let clean = |s: &str| -> String {
            strip_markdown_prefix(s)
                .trim_start_matches(|c: char| c.is_whitespace() || c == '\u{3000}')
                .to_string()
        };
        let current = clean(&before[line_start..]);
        let run_start = word_run_start(before, before.len());
        let run_chars = before[run_start.max(line_start)..].chars().count();
        let mut text = String::new();
        let current_chars = current.chars().count();
        // The context starts at a line start when it is not cut short.
        let mut whole = current_chars <= max_chars;
        if current_chars < max_chars && line_start > 0 {
            let prev_all = before[..line_start].trim_end_matches(['\n', '\r']);
            let prev_start = prev_all.rfind(['\n', '\r']).map_or(0, |i| i + 1);
            let prev = clean(&prev_all[prev_start..]);
            let prev = prev.trim_end();
            let keep = max_chars - current_chars - 1;
            let prev_chars = prev.chars().count();
            whole = prev_chars <= keep;
            text.extend(prev.chars().skip(prev_chars.saturating_sub(keep)));
            text.push('\n');
        }
        text.extend(
            current
                .chars()
                .skip(current_chars.saturating_sub(max_chars)),
        );
        let text = fold::fold(&text);
        let starts = word_starts(&text, whole);
        Context {
            text,
            run_chars: run_chars.min(current_chars),
            starts,
        }
    }

    /// Whether a match of the last `m` characters starts where a word of
    /// the draft starts.
    pub fn starts_word(&self, m: usize) -> bool {
        self.starts.get(m).copied().unwrap_or(false)
    }

    /// Characters since the last clause break (or line start).
    pub fn clause_chars(&self) -> usize {
        self.text
            .chars()
            .rev()
            .take_while(|&c| c != '\n' && !crate::text::is_clause_break(c))
            .count()
    }

    /// Length in characters.
    pub fn chars(&self) -> usize {
        self.starts.len() - 1
    }

    /// Whether the context ends where a new clause begins: after `，、：；。`
    /// or at a line start.
    pub fn at_clause_start(&self) -> bool {
        self.text
            .chars()
            .next_back()
            .is_none_or(|c| c == '\n' || crate::text::is_clause_break(c))
    }
}

/// For every m from 0 to the number of chars of `text`: does the suffix of
/// m chars start at a word boundary? Lines are segmented on their own; the
/// first char counts as a boundary only when `whole` (not a cut word).
fn word_starts(text: &str, whole: bool) -> Vec<bool> {
    let char_starts: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    let mut boundary = vec![false; text.len() + 1];
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let body = line.strip_suffix('\n').unwrap_or(line);
        boundary[line_start] = line_start > 0 || whole;
        for end in segment::word_ends(body) {
            boundary[line_start + end] = true;
        }
        line_start += line.len();
        boundary[line_start.min(text.len())] = true;
    }
    let n = char_starts.len();
    (0..=n)
        .map(|m| m == 0 || boundary[char_starts[n - m]])
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_match_starts_only_where_a_draft_word_starts() {
        let ctx = Context::of("要坚持全心全意", 20);
        assert_eq!(ctx.text, "要坚持全心全意");
        assert!(ctx.starts_word(4), "全心全意");
        assert!(!ctx.starts_word(1), "意 is the end of 全心全意");
        assert!(!ctx.starts_word(2));
        assert!(ctx.starts_word(7), "the whole line");
    }

    #[test]
    fn previous_line_joins_with_a_break() {
        let ctx = Context::of("同志们：\n", 20);
        assert_eq!(ctx.text, "同志们：\n");
        assert!(ctx.starts_word(1), "the line break");
        assert!(ctx.at_clause_start());
    }
}
