//! The inline marker that silences every check on one line.
//!
//! `jianggao-ignore` anywhere in a line silences the findings on that line;
//! `jianggao-ignore-next-line` those on the line after it. The code action
//! 忽略此处 appends [`MARKER_COMMENT`], an HTML comment: invisible once a
//! Markdown draft is rendered, and in a plain-text draft plainly a note for
//! the writer (deleted with the other notes before printing).

use std::ops::Range;

pub const MARKER: &str = "jianggao-ignore";
pub const NEXT_LINE: &str = "jianggao-ignore-next-line";
/// What 忽略此处 appends to the line.
pub const MARKER_COMMENT: &str = "<!-- jianggao-ignore -->";

/// The lines (byte ranges, as `lines` gives them) whose findings the
/// markers in `text` silence, in order.
pub fn silenced_lines(text: &str, lines: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut silenced: Vec<Range<usize>> = Vec::new();
    let mut at = 0;
    for found in memchr::memmem::find_iter(text.as_bytes(), MARKER) {
        // The line holding this occurrence (lines are in order).
        while at < lines.len() && lines[at].end < found {
            at += 1;
        }
        let Some(line) = lines.get(at) else { break };
        let next = text[found..].starts_with(NEXT_LINE);
        for target in [Some(line), next.then(|| lines.get(at + 1)).flatten()]
            .into_iter()
            .flatten()
        {
            if silenced.last() != Some(target) {
                silenced.push(target.clone());
            }
        }
    }
    silenced.sort_by_key(|r| r.start);
    silenced.dedup();
    silenced
}

/// Where and what to insert to silence the line `line`: the marker at its
/// end, after a space.
pub fn marker_insertion(text: &str, line: &Range<usize>) -> (usize, String) {
    let before = text[..line.end].chars().next_back();
    let space = if before.is_none_or(|c| c == ' ' || c == '\t') || line.is_empty() {
        ""
    } else {
        " "
    };
    (line.end, format!("{space}{MARKER_COMMENT}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::lines;

    #[test]
    fn a_marker_silences_its_line_or_the_next() {
        let text = "甲\n乙 <!-- jianggao-ignore -->\n<!-- jianggao-ignore-next-line -->\n丙\n丁\n";
        let l = lines(text);
        assert_eq!(
            silenced_lines(text, &l),
            [l[1].clone(), l[2].clone(), l[3].clone()]
        );
        assert!(silenced_lines("没有标记\n", &lines("没有标记\n")).is_empty());
    }

    #[test]
    fn the_marker_goes_at_the_end_of_the_line() {
        let text = "某某同志\n下一行";
        let (at, insert) = marker_insertion(text, &lines(text)[0]);
        assert_eq!(at, "某某同志".len());
        assert_eq!(insert, " <!-- jianggao-ignore -->");
    }
}
