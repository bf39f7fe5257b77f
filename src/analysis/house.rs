//! The office's own rules as a check: old wordings (`substitution`, with a
//! quick fix to the preferred wording) and forbidden words (`forbidden`).

use super::checks::Check;
use super::finding::{Action, Edit, Finding, Severity, QUICKFIX};
use super::Analysis;
use crate::rules::{HouseRules, Rule, RuleHit};
use std::sync::Arc;

pub const SUBSTITUTION: &str = "substitution";
pub const FORBIDDEN: &str = "forbidden";

/// The compiled lists with the severity of each rule (`None`: off).
#[derive(Debug)]
pub struct House {
    pub rules: Arc<HouseRules>,
    pub substitution: Option<Severity>,
    pub forbidden: Option<Severity>,
}

impl House {
    fn finding(&self, text: &str, hit: RuleHit, check: usize) -> Option<Finding> {
        let old = &text[hit.range.clone()];
        let (code, severity, message) = match &hit.rule {
            Rule::Substitution { preferred } => (
                SUBSTITUTION,
                self.substitution?,
                format!("规范提法：“{old}”应为“{preferred}”"),
            ),
            Rule::Forbidden { reason } if reason.is_empty() => {
                (FORBIDDEN, self.forbidden?, format!("禁用词“{old}”"))
            }
            Rule::Forbidden { reason } => (
                FORBIDDEN,
                self.forbidden?,
                format!("禁用词“{old}”：{reason}"),
            ),
        };
        Some(Finding {
            range: hit.range,
            code,
            severity,
            message,
            check,
        })
    }
}

impl Check for House {
    fn find(&self, analysis: &Analysis, check: usize, out: &mut Vec<Finding>) {
        let text = analysis.text();
        let mut hits = Vec::new();
        if self.substitution.is_some() {
            hits.extend(self.rules.substitutions(text));
        }
        if self.forbidden.is_some() {
            hits.extend(self.rules.forbidden(text));
        }
        out.extend(
            hits.into_iter()
                .filter_map(|hit| self.finding(text, hit, check)),
        );
    }

    fn fixes(&self, analysis: &Analysis, finding: &Finding) -> Vec<Action> {
        if finding.code != SUBSTITUTION {
            return Vec::new();
        }
        // The preferred wording, found again in the finding's line.
        let lines = analysis.lines();
        let at = lines.partition_point(|l| l.end < finding.range.start);
        let Some(line) = lines.get(at) else {
            return Vec::new();
        };
        let text = analysis.text();
        let shifted = finding.range.start - line.start..finding.range.end - line.start;
        self.rules
            .substitutions(&text[line.clone()])
            .into_iter()
            .filter(|hit| hit.range == shifted)
            .filter_map(|hit| match hit.rule {
                Rule::Substitution { preferred } => Some(Action {
                    title: format!("改为“{preferred}”"),
                    kind: QUICKFIX,
                    edits: vec![Edit {
                        range: finding.range.clone(),
                        text: preferred,
                    }],
                    findings: vec![finding.clone()],
                    preferred: true,
                }),
                Rule::Forbidden { .. } => None,
            })
            .take(1)
            .collect()
    }
}
