//! Builds the tree of sections from the headings of a text: nesting by rank
//! (GB/T 9704-2012), not by order of appearance, so a skipped level or a
//! draft that opens one level down still nests the way a reader would.

use super::marker::{self, LineHeading, Marker, Rank};
use super::{Heading, Section};
use crate::text::{clip, is_sentence_end};
use std::ops::Range;

/// Longest symbol name, in characters; longer first sentences are cut with …
pub const MAX_NAME_CHARS: usize = 100;

fn is_blank(s: &str) -> bool {
    s.trim().is_empty()
}

/// The characters that count towards a section's length: all but ASCII
/// whitespace, the no-break space U+00A0 and the ideographic space U+3000.
/// Counted on bytes in one branch-free pass: a char is a byte that is not a
/// UTF-8 continuation byte, and a wide space is known by its last byte (A0
/// after C2, 80 after E3 80). The counters are bytes, summed up every 255
/// bytes, so that the loop vectorises 16 bytes at a time (this count over
/// every line was most of the outline's time). A line holds no \n or \r.
fn count_chars(s: &str) -> usize {
    let b = s.as_bytes();
    let counted = |x: u8| u8::from((x as i8) >= -0x40) - u8::from(matches!(x, b' ' | b'\t' | 0x0c));
    let head = &b[..b.len().min(2)];
    let mut kept: usize = head.iter().map(|&x| usize::from(counted(x))).sum();
    let mut wide = usize::from(head == [0xC2, 0xA0]);
    if b.len() > 2 {
        let (at, one_before, two_before) = (&b[2..], &b[1..b.len() - 1], &b[..b.len() - 2]);
        let blocks = at
            .chunks(255)
            .zip(one_before.chunks(255))
            .zip(two_before.chunks(255));
        for ((at, one_before), two_before) in blocks {
            let (mut k, mut w) = (0u8, 0u8);
            for ((&x, &p1), &p2) in at.iter().zip(one_before).zip(two_before) {
                k += counted(x);
                w += u8::from((x == 0xA0) & (p1 == 0xC2))
                    | u8::from((x == 0x80) & (p1 == 0x80) & (p2 == 0xE3));
            }
            kept += usize::from(k);
            wide += usize::from(w);
        }
    }
    kept - wide
}

/// Whether a heading that runs to the end of its line without a sentence
/// end visibly continues: it ends on a comma or an opening mark, or leaves a
/// quote or bracket open.
fn unfinished(name: &str) -> bool {
    let open = |a: char, b: char| name.matches(a).count() > name.matches(b).count();
    name.ends_with([
        '，', '、', '：', '“', '‘', '《', '（', '(', '「', '『', '—', ',', ':',
    ]) || open('“', '”')
        || open('《', '》')
        || open('（', '）')
        || open('「', '」')
}

/// The first sentence of `s`: up to (not including) its first sentence end.
fn first_sentence(s: &str) -> (&str, bool) {
    match s.find(is_sentence_end) {
        Some(i) => (&s[..i], true),
        None => (s, false),
    }
}

fn trim_heading_end(s: &str) -> &str {
    s.trim_end_matches(|c: char| c.is_whitespace() || c == '*' || c == '#')
}

struct Node {
    heading: Heading,
    start: usize,
    end: usize,
    children: Vec<usize>,
}

/// Whether a section headed by `outer` contains the heading `inner`.
fn encloses(outer: &Heading, inner: &Heading) -> bool {
    let (outer_rank, inner_rank) = (outer.rank(), inner.rank());
    match (outer_rank, inner_rank) {
        (Some(a), Some(b)) => a < b,
        (None, None) => outer.markdown_level < inner.markdown_level,
        // A numbered heading inside a Markdown section: by their Markdown
        // levels when it is itself a Markdown heading, else always.
        (None, Some(_)) => match inner.markdown_level {
            Some(l) => outer.markdown_level < Some(l),
            None => true,
        },
        // A Markdown heading without a number inside a numbered section only
        // when the numbered heading is a Markdown heading of a higher level.
        (Some(_), None) => outer
            .markdown_level
            .is_some_and(|l| Some(l) < inner.markdown_level),
    }
}

/// The outline of `text`.
pub fn build(text: &str, lines: &[Range<usize>]) -> Vec<Section> {
    // cum[i]: characters in the lines before line i.
    let mut cum = Vec::with_capacity(lines.len() + 1);
    cum.push(0usize);
    let mut headings: Vec<(usize, Heading)> = Vec::new();
    let mut skip_until = 0;
    // The number the last item (1. 2. …) leads to, until a higher rank starts
    // a new list.
    let mut next_item = None;
    for (i, line) in lines.iter().enumerate() {
        let s = &text[line.clone()];
        cum.push(cum[i] + count_chars(s));
        if i < skip_until {
            continue;
        }
        let Some(found) = marker::parse_expecting(s, next_item) else {
            continue;
        };
        match &found.marker {
            Some(m) if m.rank == Rank::Item => {
                next_item = m.number.checked_add(1);
            }
            Some(m) if m.rank > Rank::Item => {}
            _ => next_item = None,
        }
        let (heading, last_line) = heading(text, lines, i, found);
        skip_until = last_line + 1;
        headings.push((i, heading));
    }
    nest(text, lines, &cum, headings)
}

/// Builds the heading found on line `i`, joining a wrapped continuation.
/// Returns it and the last line it takes.
fn heading(text: &str, lines: &[Range<usize>], i: usize, found: LineHeading) -> (Heading, usize) {
    let line = &lines[i];
    let shift = |m: Marker| Marker {
        number_span: m.number_span.start + line.start..m.number_span.end + line.start,
        span: m.span.start + line.start..m.span.end + line.start,
        ..m
    };
    let start = line.start + found.text_start;
    let (first, ended) = first_sentence(&text[start..line.end]);
    let first = if ended {
        first.trim_end()
    } else {
        trim_heading_end(first)
    };
    let mut name = first.to_string();
    let mut selection = start..start + first.len();
    let mut last_line = i;
    // A number alone on its line ("七、") takes its title from the next one.
    let bare = found.marker.as_ref().is_some_and(|m| {
        m.span.start == found.text_start
            && text[line.start + m.span.end..line.end].trim().is_empty()
    });
    if !ended && found.markdown_level.is_none() {
        if let Some(j) = continuation(text, lines, i, &name, bare) {
            let cont = &text[lines[j].clone()];
            let part_start = lines[j].start + cont.len() - cont.trim_start().len();
            let (part, part_ended) = first_sentence(&text[part_start..lines[j].end]);
            let part = if part_ended {
                part.trim_end()
            } else {
                trim_heading_end(part)
            };
            name.push_str(part);
            selection.end = part_start + part.len();
            last_line = j;
        }
    }
    if name.trim().is_empty() {
        // "# 。": no first sentence; the heading is what the line says.
        let content = &text[line.clone()];
        let at = line.start + content.len() - content.trim_start().len();
        name = content.trim().to_string();
        selection = at..at + name.len();
    }
    let heading = Heading {
        marker: found.marker.map(shift),
        markdown_level: found.markdown_level,
        line: i,
        name: clip(&name, MAX_NAME_CHARS),
        selection,
    };
    (heading, last_line)
}

/// The line a heading on line `i` wraps onto, if it visibly does: the next
/// line, or the one after a single blank line, when it is plain text and the
/// heading is unfinished, or a long comma-separated heading is completed by
/// a short sentence.
fn continuation(
    text: &str,
    lines: &[Range<usize>],
    i: usize,
    name: &str,
    bare: bool,
) -> Option<usize> {
    let next = (i + 1..lines.len().min(i + 3)).find(|&j| !is_blank(&text[lines[j].clone()]))?;
    if next > i + 2 {
        return None;
    }
    let cont = &text[lines[next].clone()];
    let trimmed = cont.trim();
    if marker::parse(cont).is_some() || trimmed.starts_with(['-', '*', '+', '>', '#', '|']) {
        return None;
    }
    let closes = trimmed.starts_with(['”', '’', '》', '）', ')', '」', '』', '，', '、']);
    let long_cut = name.chars().count() >= 40
        && name.contains(['，', ','])
        && trimmed.chars().count() <= 40
        && trimmed.ends_with(is_sentence_end);
    (bare || unfinished(name) || closes || long_cut).then_some(next)
}

/// Nests the headings and computes each section's range and length.
fn nest(
    text: &str,
    lines: &[Range<usize>],
    cum: &[usize],
    headings: Vec<(usize, Heading)>,
) -> Vec<Section> {
    let mut nodes: Vec<Node> = Vec::with_capacity(headings.len());
    let mut roots = Vec::new();
    let mut stack: Vec<usize> = Vec::new();
    for (line_idx, heading) in headings {
        let start = lines[line_idx].start;
        let leaf = heading.rank() == Some(Rank::Enumeration);
        if !leaf {
            while let Some(&top) = stack.last() {
                if encloses(&nodes[top].heading, &heading) {
                    break;
                }
                nodes[top].end = start;
                stack.pop();
            }
        }
        let id = nodes.len();
        let end = if leaf {
            heading.selection.end.max(lines[line_idx].end)
        } else {
            text.len()
        };
        nodes.push(Node {
            heading,
            start,
            end,
            children: Vec::new(),
        });
        match stack.last() {
            Some(&parent) => nodes[parent].children.push(id),
            None => roots.push(id),
        }
        if !leaf {
            stack.push(id);
        }
    }
    let line_starts: Vec<usize> = lines.iter().map(|l| l.start).collect();
    let line_of = |byte: usize| {
        line_starts
            .partition_point(|&s| s <= byte)
            .saturating_sub(1)
    };
    let mut slots: Vec<Option<Node>> = nodes.into_iter().map(Some).collect();
    fn assemble(
        id: usize,
        slots: &mut [Option<Node>],
        text: &str,
        cum: &[usize],
        line_of: &dyn Fn(usize) -> usize,
    ) -> Section {
        let node = slots[id].take().expect("each node is assembled once");
        let end = node.start + text[node.start..node.end].trim_end().len();
        let end = end.max(node.heading.selection.end);
        let end_line = line_of(end);
        let chars = cum[end_line + 1] - cum[node.heading.line];
        let children = node
            .children
            .iter()
            .map(|&c| assemble(c, slots, text, cum, line_of))
            .collect();
        Section {
            heading: node.heading,
            range: node.start..end,
            end_line,
            chars,
            children,
        }
    }
    roots
        .into_iter()
        .map(|r| assemble(r, &mut slots, text, cum, &line_of))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Lines of every length around the 255-byte blocks, made of the
    /// characters that count and those that do not (、 is E3 80 81, one byte
    /// from the ideographic space).
    #[test]
    fn count_chars_counts_what_a_walk_over_the_chars_counts() {
        let pieces = [
            "讲", "a", " ", "\t", "\u{a0}", "\u{3000}", "、", "。", "𠀀", "\u{c}", "é",
        ];
        let mut line = String::new();
        for i in 0..600 {
            line.push_str(pieces[(i * 7 + i / 3) % pieces.len()]);
            let walk = line
                .chars()
                .filter(|c| !matches!(c, ' ' | '\t' | '\u{c}' | '\u{a0}' | '\u{3000}'))
                .count();
            assert_eq!(count_chars(&line), walk, "{line:?}");
        }
        assert_eq!(count_chars(""), 0);
        assert_eq!(count_chars("\u{a0}"), 0);
        assert_eq!(count_chars("\u{3000}"), 0);
    }
}
