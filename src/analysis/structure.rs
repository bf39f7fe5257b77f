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
fn problem_of<'a>(analysis: &'a Analysis, finding: &Finding) -> Option<&'a Problem> {
    let problems = analysis.structure();
    let at = problems.partition_point(|p| p.range.start < finding.range.start);
    problems[at..]
        .iter()
        .take_while(|p| p.range.start == finding.range.start)
        .find(|p| p.range == finding.range && p.message == finding.message)
}

impl Check for Structure {
    fn find(&self, analysis: &Analysis, check: usize, out: &mut Vec<Finding>) {
        out.extend(analysis.structure().iter().map(|p| Finding {
            range: p.range.clone(),
            code: structure::CODE,
            severity: Severity::Information,
            message: p.message.clone(),
            check,
        }));
    }

    /// The sections or items an announcement counted; for a gap, the item
    /// before.
    fn related(&self, analysis: &Analysis, finding: &Finding) -> Vec<Range<usize>> {
        problem_of(analysis, finding)
            .map(|p| p.counted.iter().map(|c| c.range.clone()).collect())
            .unwrap_or_default()
    }

    fn fixes(&self, analysis: &Analysis, finding: &Finding) -> Vec<Action> {
        problem_of(analysis, finding)
            .and_then(|p| p.fix.clone())
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
