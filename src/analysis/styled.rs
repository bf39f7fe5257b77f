//! The house-style checks of a draft kept line by line, so that after an
//! edit only the lines it touched are checked again.
//!
//! Every rule reads one prose line at a time ([`prose::Line`]); what is
//! draft-wide — the script the draft is written in, a kind of number written
//! two ways — is decided from all lines' results at the end, which is cheap.
//! So each line keeps what it found with offsets from its own start, and a
//! new version reuses the result of every line whose text, extent and
//! prose-ness (a code fence above can change that) are those of an old line.

use super::change::Change;
use crate::style::numbers::Numbers;
use crate::style::prose::{self, Line};
use crate::style::punctuation;
use crate::style::script;
use crate::style::Problem;
use crate::text::script::Script;
use crate::text::Syntax;
use std::ops::Range;
use std::sync::{Arc, OnceLock};

/// What the rules found in one line, offsets from its start. Lines that
/// found nothing and have no character of one script only keep nothing but
/// their counts. Shared by the versions that reuse the line.
#[derive(Debug)]
struct Found {
    marks: Vec<Problem>,
    numbers: Numbers,
    /// Per script of the draft (`Script as usize`), when first asked: the
    /// line's runs of the other script and their conversions. Read then,
    /// not when checking the line, as few lines have any; kept, as
    /// converting them is the dearest part of gathering the problems.
    foreign: [OnceLock<Vec<Converted>>; 2],
}

/// A run of the foreign script (offsets from the line's start) and it
/// written in the draft's script.
type Converted = (Range<usize>, String);

impl PartialEq for Found {
    /// What was found; runs read or not are the same results.
    fn eq(&self, other: &Found) -> bool {
        (&self.marks, &self.numbers) == (&other.marks, &other.numbers)
    }
}

impl Eq for Found {}

impl Found {
    /// The runs foreign to `draft` in `line` (the line's text, written in
    /// `syntax`), converted.
    fn foreign(&self, draft: Script, line: &str, syntax: Syntax) -> &[Converted] {
        self.foreign[draft as usize].get_or_init(|| {
            script::runs_in(&Line::of(line, syntax), draft.other())
                .into_iter()
                .map(|r| {
                    let converted = script::convert(&line[r.clone()], draft);
                    (r, converted)
                })
                .collect()
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    range: Range<usize>,
    prose: bool,
    /// Characters of each script only (`Script as usize`): the draft's
    /// script, and whether the line has runs foreign to it.
    counts: [u32; 2],
    found: Option<Arc<Found>>,
}

/// The style results of one version, line by line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StyledLines {
    syntax: Syntax,
    entries: Vec<Entry>,
}

/// The entry of the prose line `raw` at `range`, read into `line` (a
/// buffer reused from line to line).
fn check_line<'a>(line: &mut Line<'a>, raw: &'a str, range: Range<usize>, syntax: Syntax) -> Entry {
    line.refill(raw, syntax);
    let line = &*line;
    let mut marks = Vec::new();
    punctuation::check_line(line, &mut marks);
    let mut numbers = Numbers::default();
    numbers.line(line);
    let counts = script::count(line).map(|n| n as u32);
    let found = (!marks.is_empty() || !numbers.is_empty() || counts != [0, 0]).then(|| {
        Arc::new(Found {
            marks,
            numbers,
            foreign: Default::default(),
        })
    });
    Entry {
        range,
        prose: true,
        counts,
        found,
    }
}

fn unchecked(range: Range<usize>) -> Entry {
    Entry {
        range,
        prose: false,
        counts: [0, 0],
        found: None,
    }
}

impl StyledLines {
    /// Checks every line of `text`.
    pub fn new(text: &str, syntax: Syntax) -> StyledLines {
        StyledLines::reusing(text, syntax, |_, _| None)
    }

    /// The lines of `text`, each checked or taken from `old` by `reuse`
    /// (given the line's range and prose-ness).
    fn reusing(
        text: &str,
        syntax: Syntax,
        mut reuse: impl FnMut(&Range<usize>, bool) -> Option<Entry>,
    ) -> StyledLines {
        let mut line = Line::default();
        let entries = prose::lines_of(text, syntax)
            .map(|(range, is_prose)| {
                if !is_prose {
                    return unchecked(range);
                }
                reuse(&range, is_prose)
                    .unwrap_or_else(|| check_line(&mut line, &text[range.clone()], range, syntax))
            })
            .collect();
        StyledLines { syntax, entries }
    }

    /// The results for `text`, which is the text these results are of after
    /// `change`: lines wholly before or after the changed bytes are reused.
    pub fn edit(&self, text: &str, change: &Change) -> StyledLines {
        let (a, b) = (change.range.start, change.range.end);
        let inserted_end = a + change.new_len;
        let old = &self.entries;
        StyledLines::reusing(text, self.syntax, |range, is_prose| {
            // Where the line's bytes were in the old text, if unchanged.
            let old_start = if range.end <= a {
                range.start
            } else if range.start >= inserted_end {
                range.start - change.new_len + (b - a)
            } else {
                return None;
            };
            let len = range.end - range.start;
            let i = old.partition_point(|e| e.range.start < old_start);
            let entry = old.get(i)?;
            let same = entry.range.start == old_start
                && entry.range.end - entry.range.start == len
                && entry.prose == is_prose;
            same.then(|| Entry {
                range: range.clone(),
                ..entry.clone()
            })
        })
    }

    /// Every rule's problems, in the order of [`crate::style::Rule::ALL`],
    /// as [`crate::style::check_all`] finds them.
    pub fn problems(&self, text: &str) -> [Vec<Problem>; 3] {
        let mut counts = [0, 0];
        for entry in &self.entries {
            counts[0] += entry.counts[0] as usize;
            counts[1] += entry.counts[1] as usize;
        }
        let draft = script::script_by_counts(counts);
        let (mut marks, mut numbers, mut runs) = (Vec::new(), Numbers::default(), Vec::new());
        for entry in &self.entries {
            let Some(found) = entry.found.as_deref() else {
                continue;
            };
            let at = entry.range.start;
            marks.extend(found.marks.iter().map(|p| p.shifted(at)));
            numbers.absorb(&found.numbers, at);
            if entry.counts[draft.other() as usize] == 0 {
                continue;
            }
            let line = &text[entry.range.clone()];
            for (r, converted) in found.foreign(draft, line, self.syntax) {
                let range = r.start + at..r.end + at;
                let run = &text[range.clone()];
                runs.push(script::run_problem(range, run, converted.clone(), draft));
            }
        }
        [marks, numbers.finish(), runs]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Applies `insert` at `range` of `text` to both the text and its
    /// results, and checks them against the text checked afresh.
    fn check_edit(text: &mut String, styled: &mut StyledLines, range: Range<usize>, insert: &str) {
        text.replace_range(range.clone(), insert);
        let change = Change {
            range,
            new_len: insert.len(),
        };
        *styled = styled.edit(text, &change);
        let fresh = StyledLines::new(text, styled.syntax);
        assert_eq!(*styled, fresh, "after {change:?} in {text:?}");
        assert_eq!(
            styled.problems(text),
            crate::style::check_all(text, styled.syntax)
        );
    }

    #[test]
    fn an_edit_checks_its_lines_again_and_reuses_the_rest() {
        let mut text =
            "同志們:\n我们要团结,发展经济...\n```\n代码,\n```\n二○二六年和2026年\n".to_string();
        let mut styled = StyledLines::new(&text, Syntax::Markdown);
        assert_eq!(
            styled.problems(&text),
            crate::style::check_all(&text, Syntax::Markdown)
        );
        check_edit(&mut text, &mut styled, 0..0, "讲话");
        check_edit(&mut text, &mut styled, 3..3, "\n們");
        // Closing the fence early makes the line inside it prose.
        let fence = text.find("```\n代码").unwrap();
        check_edit(&mut text, &mut styled, fence..fence + 3, "");
        let end = text.len();
        check_edit(&mut text, &mut styled, end..end, "百分之五和5%\n");
        let all = 0..text.len();
        check_edit(&mut text, &mut styled, all, "");
        check_edit(&mut text, &mut styled, 0..0, "甲,乙\r\n丙,丁");
        // A line break taken out joins two lines.
        let crlf = text.find("\r\n").unwrap();
        check_edit(&mut text, &mut styled, crlf..crlf + 2, "");
    }
}
