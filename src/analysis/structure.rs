//! The promised-structure check (`structure`, Information): announcements
//! of a count of points against what follows, and gaps and repeats in
//! inline enumerations; the logic is [`crate::structure`]'s.

use super::checks::Check;
use super::finding::{Action, Finding, Related, Severity, QUICKFIX};
use super::Analysis;
use crate::structure::{self, Problem};

#[derive(Debug)]
pub struct Structure;

fn finding(problem: Problem, check: usize) -> Finding {
    Finding {
        range: problem.range,
        code: structure::CODE,
        severity: Severity::Information,
        message: problem.message,
        check,
        related: problem
            .counted
            .into_iter()
            .map(|c| Related {
                range: c.range,
                message: c.label,
            })
            .collect(),
    }
}

impl Check for Structure {
    fn find(&self, analysis: &Analysis, check: usize, out: &mut Vec<Finding>) {
        let problems = structure::check(analysis.text(), analysis.outline());
        out.extend(problems.into_iter().map(|p| finding(p, check)));
    }

    fn fixes(&self, analysis: &Analysis, finding: &Finding) -> Vec<Action> {
        structure::check(analysis.text(), analysis.outline())
            .into_iter()
            .filter(|p| p.range == finding.range && p.message == finding.message)
            .filter_map(|p| p.fix)
            .map(|(title, edits)| Action {
                title,
                kind: QUICKFIX,
                edits,
                findings: vec![finding.clone()],
                preferred: true,
            })
            .collect()
    }
}
