//! The outline of a draft: its numbered sections (篇一, 第一部分, 一、, （一）,
//! 1、, （1）, ①) and Markdown headings, nested as a careful reader would
//! nest them, and the checks of their numbering.
//!
//! Pure core: plain `&str` in, byte offsets out.
//!
//! - [`numeral`]: Chinese numerals, digits and ① ⑴ ⒈, both ways;
//! - [`marker`]: recognises the heading of one line, its rank and number;
//! - [`tree`]: nests the headings into sections;
//! - [`numbering`]: skipped, repeated, late-starting and out-of-order
//!   numbers and mixed bracket widths, with renumbering edits.

pub mod marker;
pub mod numbering;
pub mod numeral;
pub mod tree;

use marker::{Marker, Rank};
use std::fmt::Write as _;
use std::ops::Range;

pub use numbering::{Edit, Fix, Issue, IssueKind};

/// The heading of a section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// The section marker, absolute byte offsets; `None` for a Markdown
    /// heading without a number.
    pub marker: Option<Marker>,
    /// The level of a Markdown `#` heading.
    pub markdown_level: Option<u8>,
    /// 0-based line of the heading.
    pub line: usize,
    /// The heading up to its first sentence end, number included, a wrapped
    /// continuation joined.
    pub name: String,
    /// The heading's text on the line(s), from its number to its name's end.
    pub selection: Range<usize>,
}

impl Heading {
    /// The marker's rank; `None` for a Markdown heading without a number.
    pub fn rank(&self) -> Option<Rank> {
        self.marker.as_ref().map(|m| m.rank)
    }

    /// An inline enumeration (一是, 首先 …): a leaf that never contains
    /// other sections.
    pub fn is_enumeration(&self) -> bool {
        self.rank() == Some(Rank::Enumeration)
    }
}

/// A section: its heading and everything up to the next heading of the same
/// or a higher rank.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub heading: Heading,
    /// From the start of the heading's line to the end of the section's last
    /// non-blank text.
    pub range: Range<usize>,
    /// 0-based line where `range` ends.
    pub end_line: usize,
    /// Length of the section in characters, spaces (ASCII, no-break and
    /// ideographic) and line breaks not counted.
    pub chars: usize,
    pub children: Vec<Section>,
}

/// The sections of a text, top level first.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Outline {
    pub sections: Vec<Section>,
}

impl Outline {
    /// Every section with its depth (0 for the top level), in text order.
    pub fn walk(&self) -> Vec<(usize, &Section)> {
        fn go<'a>(sections: &'a [Section], depth: usize, out: &mut Vec<(usize, &'a Section)>) {
            for s in sections {
                out.push((depth, s));
                go(&s.children, depth + 1, out);
            }
        }
        let mut out = Vec::new();
        go(&self.sections, 0, &mut out);
        out
    }

    /// How many levels of the outline, from the top, hold at most `budget`
    /// sections together (`usize::MAX` when the whole outline does), and how
    /// many sections those levels hold: what a list of at most `budget`
    /// sections can show whole, level by level.
    pub fn levels_within(&self, budget: usize) -> (usize, usize) {
        let mut per_level: Vec<usize> = Vec::new();
        for (depth, _) in self.walk() {
            if per_level.len() <= depth {
                per_level.resize(depth + 1, 0);
            }
            per_level[depth] += 1;
        }
        let mut total = 0;
        for (depth, &n) in per_level.iter().enumerate() {
            if total + n > budget {
                return (depth, total);
            }
            total += n;
        }
        (usize::MAX, total)
    }
}

/// The outline of `text`.
pub fn outline(text: &str) -> Outline {
    outline_of_lines(text, &crate::text::lines(text))
}

/// The outline of `text`, whose [`crate::text::lines`] are `lines` (an
/// analysis has them already: for a long draft of short lines, finding
/// them again took as much memory as a quarter of the text).
pub fn outline_of_lines(text: &str, lines: &[std::ops::Range<usize>]) -> Outline {
    Outline {
        sections: tree::build(text, lines),
    }
}

/// The numbering problems of an outline built from `text`.
pub fn check_numbering(text: &str, outline: &Outline) -> Vec<Issue> {
    numbering::check(text, outline)
}

/// The outline as indented text, one section per line:
/// `名称  [行 start-end, N字]`, two spaces of indentation per level.
pub fn render(outline: &Outline) -> String {
    render_with(outline, |_, _| None)
}

/// [`render`], with what `note` says about a section (given its depth)
/// after its line.
pub fn render_with(outline: &Outline, note: impl Fn(usize, &Section) -> Option<String>) -> String {
    let mut out = String::new();
    for (depth, s) in outline.walk() {
        let kind = s.heading.rank().map_or("heading", Rank::label);
        let _ = write!(
            out,
            "{:indent$}{}  [{kind}, L{}-{}, {}字]",
            "",
            s.heading.name,
            s.heading.line + 1,
            s.end_line + 1,
            s.chars,
            indent = depth * 2
        );
        if let Some(note) = note(depth, s) {
            let _ = write!(out, "  {note}");
        }
        out.push('\n');
    }
    out
}

/// Numbering problems as text, one per line: `line:col kind message`
/// (1-based line and column in characters), each followed by its fix.
pub fn render_issues(text: &str, issues: &[Issue]) -> String {
    let mut out = String::new();
    for issue in issues {
        let (line, col) = crate::text::line_col(text, issue.range.start);
        let _ = writeln!(
            out,
            "{}:{} {} {}",
            line + 1,
            col + 1,
            issue.kind.label(),
            issue.message
        );
        if let Some(fix) = &issue.fix {
            let _ = writeln!(out, "  fix: {}", fix.title);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_within_a_budget_are_whole_levels() {
        // Two top-level sections, each with three subsections, one of
        // which has two items: levels of 2, 6 and 2 sections.
        let text = "一、甲\n（一）子\n1. 项\n2. 项\n（二）子\n（三）子\n二、乙\n（一）子\n（二）子\n（三）子\n";
        let outline = outline(text);
        assert_eq!(outline.walk().len(), 10);
        assert_eq!(outline.levels_within(10), (usize::MAX, 10));
        assert_eq!(outline.levels_within(9), (2, 8));
        assert_eq!(outline.levels_within(8), (2, 8));
        assert_eq!(outline.levels_within(7), (1, 2));
        assert_eq!(outline.levels_within(1), (0, 0));
    }
}
