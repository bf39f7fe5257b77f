//! The house-style checks ([`crate::style`]): `punctuation`, `number-style`
//! and `script`, with their quick fixes and document-wide actions.

use super::checks::Check;
use super::finding::{Action, Finding, QUICKFIX};
use super::Analysis;
use crate::placeholder::Severity;
use crate::style::{merge_fixes, Problem, Rule};
use std::sync::Arc;

/// Kind of the action that fixes every punctuation problem at once.
pub const FIX_ALL: &str = "source.fixAll.jianggao";
/// Kind of the action that writes the whole draft in its own script.
pub const CONVERT_SCRIPT: &str = "source.convertScript.jianggao";

/// One house-style rule at a severity.
#[derive(Debug)]
pub struct Style {
    pub rule: Rule,
    pub severity: Severity,
}

/// The checks of `rules`.
pub fn checks(rules: &[(Rule, Severity)]) -> Vec<Arc<dyn Check>> {
    rules
        .iter()
        .map(|&(rule, severity)| Arc::new(Style { rule, severity }) as Arc<dyn Check>)
        .collect()
}

impl Style {
    fn problem_of<'a>(&self, analysis: &'a Analysis, finding: &Finding) -> Option<&'a Problem> {
        let problems = analysis.style(self.rule);
        let at = problems.partition_point(|p| p.range.start < finding.range.start);
        problems[at..]
            .iter()
            .take_while(|p| p.range.start == finding.range.start)
            .find(|p| p.range == finding.range && p.message == finding.message)
    }
}

/// `message`, with the lines of the other places it is about (it has some).
fn with_places(analysis: &Analysis, problem: &Problem) -> String {
    let lines = analysis.lines();
    let numbers: Vec<String> = problem
        .related
        .iter()
        .take(20)
        .map(|r| (lines.partition_point(|l| l.end < r.start) + 1).to_string())
        .collect();
    let more = if problem.related.len() > 20 {
        "等"
    } else {
        ""
    };
    format!(
        "{}（另见第{}行{more}）",
        problem.message,
        numbers.join("、")
    )
}

impl Check for Style {
    /// The house-style pass: the dearest part of a fresh analysis.
    fn prepare(&self, analysis: &Analysis) {
        analysis.style(self.rule);
    }

    fn find(&self, analysis: &Analysis, check: usize, out: &mut Vec<Finding>) {
        out.extend(analysis.style(self.rule).iter().map(|p| Finding {
            range: p.range.clone(),
            code: self.rule.code(),
            severity: self.severity,
            message: p.message.clone(),
            check,
        }));
    }

    fn left_out(&self, analysis: &Analysis) -> usize {
        analysis.style_left_out(self.rule)
    }

    fn fixes(&self, analysis: &Analysis, finding: &Finding) -> Vec<Action> {
        let Some(fix) = self
            .problem_of(analysis, finding)
            .and_then(|p| p.fix.as_ref())
        else {
            return Vec::new();
        };
        vec![Action {
            title: fix.title.clone(),
            kind: QUICKFIX,
            edits: fix.edits.clone(),
            findings: vec![finding.clone()],
            preferred: true,
        }]
    }

    fn related(&self, analysis: &Analysis, finding: &Finding) -> Vec<std::ops::Range<usize>> {
        self.problem_of(analysis, finding)
            .map(|p| p.related.clone())
            .unwrap_or_default()
    }

    fn source_kinds(&self) -> &'static [&'static str] {
        match self.rule {
            Rule::Punctuation => &[FIX_ALL],
            Rule::Script => &[CONVERT_SCRIPT],
            Rule::NumberStyle => &[],
        }
    }

    fn source_actions(&self, analysis: &Analysis, findings: &[&Finding]) -> Vec<Action> {
        let problems: Vec<&Problem> = findings
            .iter()
            .filter_map(|f| self.problem_of(analysis, f))
            .filter(|p| p.fix.is_some())
            .collect();
        if problems.is_empty() {
            return Vec::new();
        }
        let edits = merge_fixes(problems.iter().filter_map(|p| p.fix.as_ref()));
        let (kind, title) = match self.rule {
            Rule::Punctuation => (FIX_ALL, format!("修正全部{}处标点", problems.len())),
            Rule::Script => {
                let name =
                    match crate::style::script::draft_script(analysis.text(), analysis.syntax()) {
                        crate::text::script::Script::Simplified => "简体",
                        crate::text::script::Script::Traditional => "繁体",
                    };
                (
                    CONVERT_SCRIPT,
                    format!("全文统一为{name}（{}处）", problems.len()),
                )
            }
            Rule::NumberStyle => return Vec::new(),
        };
        vec![Action {
            title,
            kind,
            edits,
            findings: findings.iter().map(|&f| f.clone()).collect(),
            preferred: false,
        }]
    }
}

/// The problems of every rule in the analysed draft, as their findings
/// report them: none that overlaps a placeholder (the placeholder check
/// speaks for it: 二〇××年, 约 万名), messages naming the lines of related
/// places.
/// Only the first `keep` of each rule are kept (a long draft's are found
/// so), and how many more there were is counted.
pub(super) fn problems(analysis: &Analysis, keep: usize) -> ([Vec<Problem>; 3], [usize; 3]) {
    let text = analysis.text();
    let (mut all, mut left) = if text.len() <= super::STYLED_LINES_MAX {
        (analysis.styled().problems(text), [0; 3])
    } else {
        crate::style::check_all_within(text, analysis.syntax(), keep)
    };
    for (problems, left) in all.iter_mut().zip(&mut left) {
        if problems.len() > keep {
            *left += problems.len() - keep;
            problems.truncate(keep);
        }
    }
    // Asked for after the style pass, which can then run beside the scan.
    let hits = analysis.placeholder_hits();
    for problems in &mut all {
        problems.retain(|p| {
            let at = hits.partition_point(|h| h.range.end <= p.range.start);
            hits.get(at)
                .is_none_or(|h| h.range.start >= p.range.end.max(p.range.start + 1))
        });
        // Most problems have no related places: their message stays.
        for p in problems.iter_mut().filter(|p| !p.related.is_empty()) {
            p.message = with_places(analysis, p);
        }
    }
    (all, left)
}
