//! Mixed script: traditional characters in a simplified draft, or simplified
//! ones in a traditional draft, one problem per run, fixed by converting the
//! run. The tables are fast2s's and their inverse
//! ([`crate::text::script::form`]); a simplified character whose traditional
//! form is ambiguous (发 ← 發 髮; 后, 里, 台 that are also traditional) is
//! left alone.

use super::prose::{for_each_line, Line};
use super::{Fix, Problem};
use crate::outline::Edit;
use crate::text::script::{form, to_simplified, Form, Script};
use crate::text::{is_han, Syntax};
use std::ops::Range;

/// Whether `c` may sit inside a run of characters of one script without
/// ending it: Han characters both scripts write.
fn neutral(c: char, form: Form) -> bool {
    is_han(c) && matches!(form, Form::Shared | Form::Ambiguous)
}

/// `run` written in `draft`'s script.
pub fn convert(run: &str, draft: Script) -> String {
    match draft {
        Script::Simplified => to_simplified(run),
        Script::Traditional => run
            .chars()
            .map(|c| match form(c) {
                Form::Simplified(t) => t,
                _ => c,
            })
            .collect(),
    }
}

/// Every run of characters of the other script, in text order.
pub fn check(text: &str, syntax: Syntax) -> Vec<Problem> {
    let mut runs = Runs::default();
    for_each_line(text, syntax, |line| runs.line(line));
    runs.finish(text)
}

/// One run being read: its start and end (char indices in the line).
#[derive(Debug, Default, Clone, Copy)]
struct Open {
    start: usize,
    end: usize,
}

/// The runs of traditional-only and of simplified-only characters of a
/// draft, gathered line by line in one pass: which are foreign is known
/// only at the end, when the draft's script is.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Runs {
    traditional: Vec<Range<usize>>,
    simplified: Vec<Range<usize>>,
    traditional_chars: usize,
    simplified_chars: usize,
}

impl Runs {
    pub fn line(&mut self, line: &Line) {
        let mut open: [Option<Open>; 2] = [None, None];
        let close = |open: &mut Option<Open>, into: &mut Vec<Range<usize>>| {
            if let Some(run) = open.take() {
                into.push(line.bytes(run.start..run.end));
            }
        };
        for (i, &(_, c)) in line.chars.iter().enumerate() {
            if c.is_ascii() || !line.is_prose(i) {
                close(&mut open[0], &mut self.traditional);
                close(&mut open[1], &mut self.simplified);
                continue;
            }
            let f = form(c);
            let (own, other) = match f {
                Form::Traditional => (0, 1),
                Form::Simplified(_) => (1, 0),
                _ if neutral(c, f) => continue,
                _ => {
                    close(&mut open[0], &mut self.traditional);
                    close(&mut open[1], &mut self.simplified);
                    continue;
                }
            };
            if own == 0 {
                self.traditional_chars += 1;
                close(&mut open[other], &mut self.simplified);
            } else {
                self.simplified_chars += 1;
                close(&mut open[other], &mut self.traditional);
            }
            let run = open[own].get_or_insert(Open { start: i, end: i });
            run.end = i + 1;
        }
        close(&mut open[0], &mut self.traditional);
        close(&mut open[1], &mut self.simplified);
    }

    /// Whether no run was found (whatever the characters counted).
    pub fn has_no_runs(&self) -> bool {
        self.traditional.is_empty() && self.simplified.is_empty()
    }

    /// The traditional-only and simplified-only characters counted, taken
    /// out (so a line's runs can be kept apart from its counts).
    pub fn take_counts(&mut self) -> [usize; 2] {
        [
            std::mem::take(&mut self.traditional_chars),
            std::mem::take(&mut self.simplified_chars),
        ]
    }

    /// The draft's script, by which script's own characters it has more of.
    fn script(&self) -> Script {
        script_by_counts([self.traditional_chars, self.simplified_chars])
    }

    /// The runs of the script other than `draft`.
    pub fn foreign(&self, draft: Script) -> &[Range<usize>] {
        match draft {
            Script::Simplified => &self.traditional,
            Script::Traditional => &self.simplified,
        }
    }

    /// A problem for every run of the script the draft is not written in.
    pub fn finish(self, text: &str) -> Vec<Problem> {
        let draft = self.script();
        self.foreign(draft)
            .iter()
            .map(|range| {
                let run = &text[range.clone()];
                run_problem(range.clone(), run, convert(run, draft), draft)
            })
            .collect()
    }
}

/// The script of a draft with `counts` traditional-only and simplified-only
/// characters: the one it has more of.
pub fn script_by_counts(counts: [usize; 2]) -> Script {
    if counts[0] > counts[1] {
        Script::Traditional
    } else {
        Script::Simplified
    }
}

/// The problem of foreign `run` at `range`, `converted` into `draft`'s script.
pub fn run_problem(range: Range<usize>, run: &str, converted: String, draft: Script) -> Problem {
    let (name, other) = match draft {
        Script::Simplified => ("简体", "繁体"),
        Script::Traditional => ("繁体", "简体"),
    };
    Problem {
        range: range.clone(),
        message: format!("{name}稿中夹有{other}字“{run}”"),
        fix: Some(Fix {
            title: format!("改为{name}“{converted}”"),
            edits: vec![Edit {
                range,
                text: converted,
            }],
        }),
        related: Vec::new(),
    }
}

/// The draft's script, by which script's own characters its prose has more of.
pub fn draft_script(text: &str, syntax: Syntax) -> Script {
    let mut runs = Runs::default();
    for_each_line(text, syntax, |line| runs.line(line));
    runs.script()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_traditional_run_in_a_simplified_draft() {
        let text = "在市总工会全委会上的讲话。我們要團結，发展经济。";
        let found = check(text, Syntax::PlainText);
        let runs: Vec<&str> = found.iter().map(|p| &text[p.range.clone()]).collect();
        assert_eq!(runs, ["們要團結"]);
        assert_eq!(found[0].fix.as_ref().unwrap().edits[0].text, "们要团结");
    }

    #[test]
    fn a_simplified_run_in_a_traditional_draft() {
        let text = "在市總工會全委會上的講話。我们要團結，發展經濟。";
        let found = check(text, Syntax::PlainText);
        let runs: Vec<&str> = found.iter().map(|p| &text[p.range.clone()]).collect();
        assert_eq!(runs, ["们"]);
        assert_eq!(found[0].fix.as_ref().unwrap().edits[0].text, "們");
    }
}
