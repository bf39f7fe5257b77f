//! Just enough Markdown to leave its syntax alone: code fences and spans,
//! thematic breaks (***, ___), list bullets, task-list boxes and emphasis
//! (*重点*, **重点**, __重点__), following CommonMark's rules for delimiter
//! runs — with a check of shape on top: asterisks that pair up only by
//! accident (第*届*次, `**年以来，***工会在*****的`) are redactions, not
//! emphasis. Plain-text drafts have no Markdown: there only a pair that
//! wraps a whole phrase (`**重点工作**：`) is read as emphasis.
//!
//! Everything works on one line at a time, as `(byte offset, char)` pairs.

use super::traps::{is_punct, is_space};
use crate::text::{is_clause_break, is_han, Syntax};
use std::ops::Range;

/// An opening or closing code fence: its character and length.
pub fn fence(line: &str) -> Option<(char, u32)> {
    let trimmed = line.trim_start_matches(' ');
    if line.len() - trimmed.len() > 3 {
        return None;
    }
    let c = trimmed.chars().next().filter(|c| matches!(c, '`' | '~'))?;
    let n = trimmed.chars().take_while(|&d| d == c).count();
    // A u32: kept for every line of a draft (the scan's carry), in 8 bytes.
    (n >= 3).then_some((c, u32::try_from(n).unwrap_or(u32::MAX)))
}

/// Whether `closing` closes a block opened by `opening`.
pub fn closes(opening: (char, u32), closing: (char, u32)) -> bool {
    opening.0 == closing.0 && closing.1 >= opening.1
}

/// A thematic break: three or more of the same `*`, `-` or `_`, alone on the
/// line (spaces allowed between them).
pub fn is_thematic_break(line: &str) -> bool {
    let mut mark = None;
    let mut count = 0;
    for c in line.chars() {
        match c {
            ' ' | '\t' => {}
            '*' | '-' | '_' if mark.is_none_or(|m| m == c) => {
                mark = Some(c);
                count += 1;
            }
            _ => return false,
        }
    }
    count >= 3
}

/// Index (into `chars`) of the list bullet that starts the line, if any:
/// `*`, `-` or `+` followed by a space.
pub fn bullet(chars: &[(usize, char)]) -> Option<usize> {
    let i = chars.iter().position(|&(_, c)| !is_space(c))?;
    let is_bullet = matches!(chars[i].1, '*' | '-' | '+')
        && chars
            .get(i + 1)
            .is_some_and(|&(_, c)| c == ' ' || c == '\t');
    is_bullet.then_some(i)
}

/// Char range of a task-list box `[ ]`, `[x]` after a bullet.
pub fn task_box(chars: &[(usize, char)]) -> Option<Range<usize>> {
    let b = bullet(chars)?;
    let i = b + 2;
    let inner = chars.get(i + 1)?.1;
    let is_box =
        chars.get(i)?.1 == '[' && matches!(inner, ' ' | 'x' | 'X') && chars.get(i + 2)?.1 == ']';
    is_box.then_some(i..i + 3)
}

/// Char ranges of inline code spans (backticks included).
pub fn code_spans(chars: &[(usize, char)]) -> Vec<Range<usize>> {
    let mut spans = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].1 != '`' {
            i += 1;
            continue;
        }
        let n = run_len(chars, i, '`');
        let mut j = i + n;
        let mut closed = None;
        while j < chars.len() {
            if chars[j].1 == '`' {
                let m = run_len(chars, j, '`');
                if m == n {
                    closed = Some(j + m);
                    break;
                }
                j += m;
            } else {
                j += 1;
            }
        }
        match closed {
            Some(end) => {
                spans.push(i..end);
                i = end;
            }
            None => i += n,
        }
    }
    spans
}

fn run_len(chars: &[(usize, char)], i: usize, c: char) -> usize {
    chars[i..].iter().take_while(|&&(_, d)| d == c).count()
}

/// A run of `*` or `_` and what emphasis made of it.
#[derive(Debug, Clone)]
struct Run {
    ch: char,
    start: usize,
    end: usize,
    open: bool,
    close: bool,
    /// Chars used as a closer, from the start of the run.
    used_front: usize,
    /// Chars used as an opener, from the end of the run.
    used_back: usize,
}

impl Run {
    fn remaining(&self) -> usize {
        (self.end - self.start).saturating_sub(self.used_front + self.used_back)
    }
}

/// How far back a closer looks for its opener; bounds the work on lines full
/// of asterisks.
const MAX_LOOKBACK: usize = 64;

/// The literal (non-emphasis) parts of every `*` and `_` delimiter run of a
/// line, as char ranges, in order. Escaped `\*`, bullets and code spans are
/// not delimiter runs and are not returned.
pub fn literal_delimiters(
    chars: &[(usize, char)],
    code: &[Range<usize>],
    syntax: Syntax,
) -> Vec<(char, Range<usize>)> {
    let skip_bullet = bullet(chars).filter(|&b| chars[b].1 == '*');
    let mut runs: Vec<Run> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i].1;
        if let Some(span) = code.iter().find(|s| s.start == i) {
            i = span.end;
            continue;
        }
        if !matches!(c, '*' | '_') || Some(i) == skip_bullet || escaped(chars, i) {
            i += 1;
            continue;
        }
        let n = run_len(chars, i, c);
        let before = i.checked_sub(1).map(|k| chars[k].1);
        let after = chars.get(i + n).map(|&(_, d)| d);
        let (left, right) = flanking(before, after);
        let (open, close) = if c == '*' {
            (left, right)
        } else {
            (
                left && (!right || before.is_some_and(is_punct)),
                right && (!left || after.is_some_and(is_punct)),
            )
        };
        runs.push(Run {
            ch: c,
            start: i,
            end: i + n,
            open,
            close,
            used_front: 0,
            used_back: 0,
        });
        i += n;
    }
    match_emphasis(chars, &mut runs, syntax);
    runs.into_iter()
        .filter(|r| r.remaining() > 0)
        .map(|r| (r.ch, r.start + r.used_front..r.end - r.used_back))
        .collect()
}

/// Whether the char at `i` is escaped by a backslash.
pub fn escaped(chars: &[(usize, char)], i: usize) -> bool {
    let backslashes = chars[..i]
        .iter()
        .rev()
        .take_while(|&&(_, c)| c == '\\')
        .count();
    backslashes % 2 == 1
}

fn flanking(before: Option<char>, after: Option<char>) -> (bool, bool) {
    let ws = |c: Option<char>| c.is_none_or(char::is_whitespace);
    let punct = |c: Option<char>| c.is_some_and(is_punct);
    let left = !ws(after) && (!punct(after) || ws(before) || punct(before));
    let right = !ws(before) && (!punct(before) || ws(after) || punct(after));
    (left, right)
}

/// Whether `inner` can be emphasised text: it holds a letter, digit or Han
/// character, does not begin with closing punctuation and does not end with
/// opening punctuation. So `**“重点”**` is emphasis, but in “____”和“____” the
/// underscores stay two blanks.
fn holds_text(inner: &[(usize, char)]) -> bool {
    let closing = |c: char| "”’》）】〕」』〉)]}，。、；：！？,.;:!?".contains(c);
    let opening = |c: char| "“‘《（【〔「『〈([{".contains(c);
    inner.iter().any(|&(_, c)| c.is_alphanumeric() || is_han(c))
        && !inner.first().is_some_and(|&(_, c)| closing(c))
        && !inner.last().is_some_and(|&(_, c)| opening(c))
}

/// Whether a delimiter may stand beside emphasised text on its outer side:
/// the line's edge, a space or punctuation.
fn is_phrase_boundary(c: Option<char>) -> bool {
    c.is_none_or(|c| c.is_whitespace() || is_punct(c))
}

/// What follows a redaction far more often than the end of an emphasised
/// phrase: 第*届, *同志, 分*公司, *厂, *矿, *县 … (both scripts).
const SLOT_FOLLOWERS: &[&str] = &[
    "届", "屆", "同志", "公司", "厂", "廠", "矿", "礦", "县", "縣", "镇", "鎮",
];

/// Whether the run between Han characters at `start..end` stands where a
/// name or number was hidden: after 第, inside a date (年*月*日), or before a
/// word like 届, 同志, 公司 that follows a name or a number.
fn is_slot_shaped(chars: &[(usize, char)], start: usize, end: usize) -> bool {
    let before = start.checked_sub(1).map(|i| chars[i].1);
    let after: String = chars[end..].iter().take(2).map(|&(_, c)| c).collect();
    let in_date = matches!(
        (before, after.chars().next()),
        (Some('年'), Some('月')) | (Some('月'), Some('日' | '号'))
    );
    before == Some('第') || in_date || SLOT_FOLLOWERS.iter().any(|w| after.starts_with(w))
}

/// Whether the runs `opener` and `closer`, which CommonMark would pair,
/// look like emphasis rather than redactions that pair by accident. Real
/// emphasis opens and closes with runs of the same length, at most three
/// (two between Han characters); it wraps more than one character unless it
/// stands at phrase boundaries (第*届*次 is two redactions); a run between
/// Han characters is not shaped like a slot (分*公司和分*厂, 第*届第*次);
/// single asterisks in running text do not wrap a clause break
/// (加快*产业发展，推进*经济). In plain text, emphasis can only be a pair at
/// phrase boundaries.
fn looks_like_emphasis(
    chars: &[(usize, char)],
    opener: &Run,
    closer: &Run,
    syntax: Syntax,
) -> bool {
    let len = opener.end - opener.start;
    let char_at = |i: Option<usize>| i.and_then(|i| chars.get(i)).map(|&(_, c)| c);
    let between_han = |r: &Run| {
        char_at(r.start.checked_sub(1)).is_some_and(is_han)
            && char_at(Some(r.end)).is_some_and(is_han)
    };
    let at_boundaries = is_phrase_boundary(char_at(opener.start.checked_sub(1)))
        && is_phrase_boundary(char_at(Some(closer.end)));
    let inner = &chars[opener.end..closer.start];
    let inner_chars = inner.iter().filter(|&&(_, c)| c != opener.ch).count();
    let slot = |r: &Run| between_han(r) && is_slot_shaped(chars, r.start, r.end);
    if len != closer.end - closer.start
        || len > 3
        || len == 3 && (between_han(opener) || between_han(closer))
        || slot(opener)
        || slot(closer)
    {
        return false;
    }
    if at_boundaries {
        return true;
    }
    syntax == Syntax::Markdown
        && inner_chars > 1
        && !(len == 1 && inner.iter().any(|&(_, c)| is_clause_break(c)))
}

/// CommonMark's "process emphasis", on one line, with two extra rules: the
/// emphasised text must look like text ([`holds_text`]) and the pair like
/// emphasis ([`looks_like_emphasis`]).
fn match_emphasis(chars: &[(usize, char)], runs: &mut [Run], syntax: Syntax) {
    for c in 0..runs.len() {
        if !runs[c].close {
            continue;
        }
        while runs[c].remaining() > 0 {
            let closer = &runs[c];
            let opener = (c.saturating_sub(MAX_LOOKBACK)..c).rev().find(|&o| {
                let r = &runs[o];
                let (lo, lc) = (r.end - r.start, closer.end - closer.start);
                let odd =
                    (r.close || closer.open) && (lo + lc) % 3 == 0 && !(lo % 3 == 0 && lc % 3 == 0);
                r.ch == closer.ch
                    && r.open
                    && r.remaining() > 0
                    && !odd
                    && holds_text(&chars[r.end - r.used_back..closer.start + closer.used_front])
                    && looks_like_emphasis(chars, r, closer, syntax)
            });
            let Some(o) = opener else { break };
            let n = if runs[o].remaining() >= 2 && runs[c].remaining() >= 2 {
                2
            } else {
                1
            };
            runs[o].used_back += n;
            runs[c].used_front += n;
            for r in &mut runs[o + 1..c] {
                r.open = false;
                r.close = false;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<(usize, char)> {
        s.char_indices().collect()
    }

    fn literal_in(s: &str, syntax: Syntax) -> Vec<String> {
        let cs = chars(s);
        let code = code_spans(&cs);
        literal_delimiters(&cs, &code, syntax)
            .into_iter()
            .map(|(_, r)| cs[r].iter().map(|&(_, c)| c).collect())
            .collect()
    }

    fn literal(s: &str) -> Vec<String> {
        literal_in(s, Syntax::Markdown)
    }

    #[test]
    fn accidental_pairs_stay_literal() {
        assert_eq!(literal("局第*届*次"), ["*", "*"]);
        assert_eq!(
            literal("**年以来，***工会在*****的"),
            ["**", "***", "*****"]
        );
        assert_eq!(literal("分*公司和分*厂"), ["*", "*"]);
        assert_eq!(literal("加快*产业发展，推进*经济"), ["*", "*"]);
        assert!(literal("要**坚持**全心全意").is_empty());
    }

    #[test]
    fn plain_text_pairs_only_at_phrase_boundaries() {
        assert!(literal_in("**重点工作**：", Syntax::PlainText).is_empty());
        assert!(literal_in("一、**加强领导**", Syntax::PlainText).is_empty());
        assert_eq!(literal_in("这是*重点*内容", Syntax::PlainText), ["*", "*"]);
        assert!(literal_in("这是*重点*内容", Syntax::Markdown).is_empty());
    }

    #[test]
    fn emphasis_is_not_literal() {
        assert!(literal("这是*重点*内容").is_empty());
        assert!(literal("**重点**").is_empty());
        assert!(literal("__重点__").is_empty());
        assert!(literal("***很重要***").is_empty());
    }

    #[test]
    fn lone_and_intraword_delimiters_are_literal() {
        assert_eq!(literal("选举*、*、公正"), ["*", "*"]);
        assert_eq!(literal("党的__届x中全会"), ["__"]);
        assert_eq!(literal("“____”和“____”"), ["____", "____"]);
        assert_eq!(literal("* 列表项，*矿长"), ["*"]);
        assert_eq!(literal(r"\*公司"), Vec::<String>::new());
        assert_eq!(literal("`a*b` *矿长"), ["*"]);
    }

    #[test]
    fn thematic_breaks_and_fences() {
        assert!(
            is_thematic_break("***") && is_thematic_break(" _ _ _ ") && is_thematic_break("------")
        );
        assert!(
            !is_thematic_break("**") && !is_thematic_break("___年") && !is_thematic_break("*-*")
        );
        assert_eq!(fence("```rust"), Some(('`', 3)));
        assert_eq!(fence("    ```"), None);
    }
}
