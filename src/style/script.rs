//! Mixed script: traditional characters in a simplified draft, or simplified
//! ones in a traditional draft, one problem per run, fixed by converting the
//! run. The tables are fast2s's and their inverse
//! ([`crate::text::script::form`]); a simplified character whose traditional
//! form is ambiguous (发 ← 發 髮; 后, 里, 台 that are also traditional) is
//! left alone.

use super::prose::{for_each_line, lines_of, Line};
use super::{Fix, Problem};
use crate::outline::Edit;
use crate::text::script::{form, run_kinds, to_simplified, Form, RunKind, Script};
use crate::text::Syntax;
use std::ops::Range;

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
    runs.finish(text, syntax)
}

/// The characters of `line`'s prose written in one script only, per
/// script (`Script as usize`). Every character of a draft passes here, so it only counts, by a
/// byte-per-character table ([`run_kinds`]) and without a branch on what
/// it finds; the runs are read later, and only in the lines that have
/// characters of the script the draft is not written in (few).
pub fn count(line: &Line) -> [usize; 2] {
    let kinds = run_kinds();
    // Per kind (`RunKind as usize`), prose and masked apart.
    let mut counts = [[0usize; 4]; 2];
    for (&(_, c), &masked) in line.chars.iter().zip(&line.masked) {
        counts[usize::from(masked != 0)][kinds.of(c) as usize] += 1;
    }
    let prose = counts[0];
    let mut per_script = [0; 2];
    per_script[Script::Traditional as usize] = prose[RunKind::Traditional as usize];
    per_script[Script::Simplified as usize] = prose[RunKind::Simplified as usize];
    per_script
}

/// The runs of `line` (byte ranges in the whole text) written in
/// `script` only: characters of that script, with the Han characters both
/// scripts write between them; anything else ends a run.
pub fn runs_in(line: &Line, script: Script) -> Vec<Range<usize>> {
    let kinds = run_kinds();
    let own = match script {
        Script::Traditional => RunKind::Traditional,
        Script::Simplified => RunKind::Simplified,
    };
    let mut runs = Vec::new();
    let mut open: Option<Open> = None;
    for (i, (&(_, c), &masked)) in line.chars.iter().zip(&line.masked).enumerate() {
        match kinds.of(c) {
            kind if kind == own && masked == 0 => {
                open.get_or_insert(Open { start: i, end: i }).end = i + 1;
            }
            RunKind::Neutral if masked == 0 => {}
            _ => {
                if let Some(run) = open.take() {
                    runs.push(line.bytes(run.start..run.end));
                }
            }
        }
    }
    if let Some(run) = open {
        runs.push(line.bytes(run.start..run.end));
    }
    runs
}

/// One run being read: its start and end (char indices in the line).
#[derive(Debug, Default, Clone, Copy)]
struct Open {
    start: usize,
    end: usize,
}

/// The script rule over a draft read line by line in one pass: which
/// script is foreign is known only at the end, when the draft's is, so it
/// counts, and notes which prose lines have characters of either script
/// only. [`Runs::line`] is given every prose line of the draft, in order
/// (as [`for_each_line`] gives them).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Runs {
    /// Per prose line: bit `Script as usize` set when it has characters of
    /// that script only. A byte a line: the byte ranges of the lines took
    /// 45 MB for a 100 MB draft of short lines.
    lines: Vec<u8>,
    /// Characters of each script only (`Script as usize`).
    counts: [usize; 2],
}

impl Runs {
    pub fn line(&mut self, line: &Line) {
        let mut has = 0u8;
        for (script, n) in count(line).into_iter().enumerate() {
            if n > 0 {
                self.counts[script] += n;
                has |= 1 << script;
            }
        }
        self.lines.push(has);
    }

    /// A problem for every run of the script the draft is not written in
    /// (the prose lines of `text`, written in `syntax`, read again for them).
    pub fn finish(self, text: &str, syntax: Syntax) -> Vec<Problem> {
        self.finish_within(text, syntax, usize::MAX).0
    }

    /// [`Runs::finish`], with problems for the first `keep` runs only, and
    /// the number of the others.
    pub fn finish_within(self, text: &str, syntax: Syntax, keep: usize) -> (Vec<Problem>, usize) {
        let draft = script_by_counts(self.counts);
        let foreign = draft.other();
        let mut out = Vec::new();
        let mut left = 0;
        if !self.lines.iter().any(|has| has & (1 << foreign as u8) != 0) {
            return (out, left);
        }
        let mut line = Line::default();
        let prose = lines_of(text, syntax).filter(|(_, prose)| *prose);
        for ((range, _), has) in prose.zip(&self.lines) {
            if has & (1 << foreign as u8) == 0 {
                continue;
            }
            line.refill(&text[range.clone()], syntax);
            for run in runs_in(&line, foreign) {
                if out.len() == keep {
                    left += 1;
                    continue;
                }
                let range = run.start + range.start..run.end + range.start;
                let run = &text[range.clone()];
                out.push(run_problem(range.clone(), run, convert(run, draft), draft));
            }
        }
        (out, left)
    }
}

/// The script of a draft with `counts` characters of each script only
/// (`Script as usize`): the one it has more of.
pub fn script_by_counts(counts: [usize; 2]) -> Script {
    if counts[Script::Traditional as usize] > counts[Script::Simplified as usize] {
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
    // `concat`, not `format!`: a draft may have thousands of runs.
    Problem {
        range: range.clone(),
        message: [name, "稿中夹有", other, "字“", run, "”"].concat(),
        fix: Some(Fix {
            title: ["改为", name, "“", &converted, "”"].concat(),
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
    let mut counts = [0, 0];
    for_each_line(text, syntax, |line| {
        let [a, b] = count(line);
        counts[0] += a;
        counts[1] += b;
    });
    script_by_counts(counts)
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
