//! The promised-structure check (`structure`, Information): announcements
//! of a count of points against what follows, and gaps and repeats in
//! inline enumerations; the logic is [`crate::structure`]'s.

use super::checks::Check;
use super::finding::{Action, Finding, Severity, QUICKFIX};
use super::Analysis;
use crate::structure::{self, Problem};
use std::ops::Range;

#[derive(Debug)]
pub struct Structure;

/// The problem `finding` reports, found again.
fn problem_of(analysis: &Analysis, finding: &Finding) -> Option<Problem> {
    structure::check(analysis.text(), analysis.outline())
        .into_iter()
        .find(|p| p.range == finding.range && p.message == finding.message)
}

impl Check for Structure {
    fn find(&self, analysis: &Analysis, check: usize, out: &mut Vec<Finding>) {
        let problems = structure::check(analysis.text(), analysis.outline());
        out.extend(problems.into_iter().map(|p| Finding {
            range: p.range,
            code: structure::CODE,
            severity: Severity::Information,
            message: p.message,
            check,
        }));
    }

    /// The sections or items an announcement counted; for a gap, the item
    /// before.
    fn related(&self, analysis: &Analysis, finding: &Finding) -> Vec<Range<usize>> {
        problem_of(analysis, finding)
            .map(|p| p.counted.into_iter().map(|c| c.range).collect())
            .unwrap_or_default()
    }

    fn fixes(&self, analysis: &Analysis, finding: &Finding) -> Vec<Action> {
        problem_of(analysis, finding)
            .and_then(|p| p.fix)
            .map(|(title, edits)| Action {
                title,
                kind: QUICKFIX,
                edits,
                findings: vec![finding.clone()],
                preferred: true,
            })
            .into_iter()
            .collect()
    }
}
