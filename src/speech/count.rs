//! The characters a speaker says, line by line.
//!
//! Spoken are letters, digits and Han characters (`char::is_alphanumeric`).
//! Silent are punctuation, spaces and Markdown marks, and whole stretches the
//! speaker never reads out: the numbers of section headings (一、 （二） 3. 第一部分,
//! but not 一是 or 首先, which are said), front matter, HTML comments (the
//! `<!-- jianggao: … -->` line among them), URLs and, in Markdown, link
//! targets and HTML tags.

use crate::outline::marker::Rank;
use crate::outline::Outline;
use crate::text::Syntax;
use std::ops::Range;

/// The spoken characters of each of `lines` of `text`.
pub fn spoken_per_line(
    text: &str,
    syntax: Syntax,
    lines: &[Range<usize>],
    outline: &Outline,
) -> Vec<usize> {
    let numbers = heading_numbers(outline);
    let mut next_number = 0;
    let front = front_matter_end(text, lines);
    let mut in_comment = false;
    lines
        .iter()
        .enumerate()
        .map(|(i, line)| {
            let first = next_number;
            while numbers.get(next_number).is_some_and(|n| n.start < line.end) {
                next_number += 1;
            }
            if front.is_some_and(|last| i <= last) {
                return 0;
            }
            let silent = &numbers[first..next_number];
            count_line(text, line.clone(), silent, syntax, &mut in_comment)
        })
        .collect()
}

/// The byte ranges of the numbers of the outline's headings (not of its
/// enumerations, which are said), in text order.
fn heading_numbers(outline: &Outline) -> Vec<Range<usize>> {
    let mut numbers: Vec<Range<usize>> = outline
        .walk()
        .into_iter()
        .filter_map(|(_, s)| s.heading.marker.as_ref())
        .filter(|m| m.rank != Rank::Enumeration)
        .map(|m| m.span.clone())
        .collect();
    numbers.sort_by_key(|r| r.start);
    numbers
}

/// The last line of a front matter block (`---` on the first line, up to the
/// next `---` or `...`), if the text opens with one.
pub fn front_matter_end(text: &str, lines: &[Range<usize>]) -> Option<usize> {
    let first = lines.first()?;
    if text[first.clone()].trim_start_matches('\u{feff}').trim() != "---" {
        return None;
    }
    lines
        .iter()
        .enumerate()
        .skip(1)
        .find(|(_, l)| matches!(text[(*l).clone()].trim(), "---" | "..."))
        .map(|(i, _)| i)
}

fn is_url_start(s: &str) -> bool {
    let head = s.as_bytes().get(..8).unwrap_or(s.as_bytes());
    let lower = head.to_ascii_lowercase();
    lower.starts_with(b"http://") || lower.starts_with(b"https://") || lower.starts_with(b"www.")
}

/// Where an HTML tag that starts at `s` ends (`<br>`, `</span>`), if it is one.
fn html_tag_len(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let opens = b.first() == Some(&b'<')
        && b.get(1)
            .is_some_and(|c| c.is_ascii_alphabetic() || *c == b'/');
    if !opens {
        return None;
    }
    let end = s.find('>')?;
    s[1..end].is_ascii().then_some(end + 1)
}

fn count_line(
    text: &str,
    line: Range<usize>,
    silent: &[Range<usize>],
    syntax: Syntax,
    in_comment: &mut bool,
) -> usize {
    let markdown = syntax == Syntax::Markdown;
    let mut spoken = 0;
    let mut at = line.start;
    while at < line.end {
        let rest = &text[at..line.end];
        if *in_comment {
            match rest.find("-->") {
                Some(end) => {
                    at += end + 3;
                    *in_comment = false;
                    continue;
                }
                None => break,
            }
        }
        if rest.starts_with("<!--") {
            *in_comment = true;
            at += 4;
            continue;
        }
        if let Some(number) = silent.iter().find(|r| r.start <= at && at < r.end) {
            at = number.end.min(line.end);
            continue;
        }
        if markdown && rest.starts_with("](") {
            at += rest.find(')').map_or(rest.len(), |end| end + 1);
            continue;
        }
        if let Some(len) = html_tag_len(rest).filter(|_| markdown) {
            at += len;
            continue;
        }
        if is_url_start(rest) {
            let len = rest
                .find(|c: char| !c.is_ascii() || c.is_ascii_whitespace())
                .unwrap_or(rest.len());
            at += len;
            continue;
        }
        let c = rest.chars().next().expect("inside the line");
        spoken += usize::from(c.is_alphanumeric());
        at += c.len_utf8();
    }
    spoken
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::lines;

    fn counts(text: &str, syntax: Syntax) -> Vec<usize> {
        spoken_per_line(text, syntax, &lines(text), &crate::outline::outline(text))
    }

    #[test]
    fn silent_stretches() {
        let text = "---\ntargetMinutes: 15\n---\n<!-- 注释\n仍是注释 -->讲话\n见[通知](https://example.com/a)和 www.example.com 网站<br>\n";
        assert_eq!(counts(text, Syntax::Markdown), [0, 0, 0, 0, 2, 6, 0]);
        // Plain text has no links or tags: the words in them are said.
        let plain = "见[通知](ab)<br>\n";
        assert_eq!(counts(plain, Syntax::PlainText), [1 + 2 + 2 + 2, 0]);
    }

    #[test]
    fn heading_numbers_are_silent_enumerations_are_said() {
        let text = "一、总结\n（二）部署\n一是抓落实。\n## 3. 保障\n";
        assert_eq!(counts(text, Syntax::Markdown), [2, 2, 5, 2, 0]);
    }
}
