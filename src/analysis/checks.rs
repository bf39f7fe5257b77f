//! The checks run over a draft, as the settings configure them, and the
//! [`Check`] trait a new check implements to plug in.

use super::finding::{Action, Edit, Finding, QUICKFIX};
use super::ignore::Ignore;
use super::Analysis;
use crate::outline;
use crate::placeholder::{self, Kind, Options, Placeholder, Severity};
use std::fmt::Debug;
use std::sync::Arc;

/// One check of a draft. It reads what it needs from the [`Analysis`]
/// (the text, its lines, outline or placeholder scan, each computed once
/// per version and shared by every check) and reports [`Finding`]s; it
/// offers the actions that fix them.
pub trait Check: Debug + Send + Sync {
    /// Pushes what it finds in the draft to `out`. `check` is this check's
    /// position in [`Checks`], to put in each finding.
    fn find(&self, analysis: &Analysis, check: usize, out: &mut Vec<Finding>);

    /// How many findings it would report beyond those `find` gives (an
    /// analysis that keeps only so many, [`Analysis::keeping`]).
    fn left_out(&self, _analysis: &Analysis) -> usize {
        0
    }

    /// Computes ahead, on another thread, what [`Check::find`] will read
    /// (an analysis's lazily computed parts), for a long draft checked on
    /// two threads. Nothing by default.
    fn prepare(&self, _analysis: &Analysis) {}

    /// Quick fixes for one of its findings, the preferred one first.
    fn fixes(&self, _analysis: &Analysis, _finding: &Finding) -> Vec<Action> {
        Vec::new()
    }

    /// Other places one of its findings is about (LSP related information):
    /// the other numbers written the rarer way, say.
    fn related(&self, _analysis: &Analysis, _finding: &Finding) -> Vec<std::ops::Range<usize>> {
        Vec::new()
    }

    /// The `source.…` kinds of [`Check::source_actions`], so that a client
    /// that asks for none of them costs nothing.
    fn source_kinds(&self) -> &'static [&'static str] {
        &[]
    }

    /// Actions over the whole document, given every finding of this check.
    fn source_actions(&self, _analysis: &Analysis, _findings: &[&Finding]) -> Vec<Action> {
        Vec::new()
    }
}

/// The checks to run, made once when the settings arrive and shared (an
/// `Arc`) by every analysis made under them.
#[derive(Debug, Clone)]
pub struct Checks {
    checks: Vec<Arc<dyn Check>>,
    /// What no check reports (the office's `[ignore]` words, inline markers).
    ignore: Ignore,
}

impl Default for Checks {
    fn default() -> Self {
        Checks::new(Arc::default(), true)
            .with(Arc::new(super::Structure))
            .with(Arc::new(super::SpeakingTime::default()))
            .with_style(
                &crate::style::Config::default()
                    .rules(crate::locale::Lang::En)
                    .0,
            )
    }
}

impl Checks {
    /// Placeholders with `placeholders` options, and the numbering checks
    /// when `numbering` is on.
    pub fn new(placeholders: Arc<Options>, numbering: bool) -> Checks {
        let mut checks: Vec<Arc<dyn Check>> = vec![Arc::new(Placeholders(placeholders))];
        if numbering {
            checks.push(Arc::new(Numbering));
        }
        Checks::of(checks)
    }

    /// These checks and `check` after them.
    pub fn with(mut self, check: Arc<dyn Check>) -> Checks {
        self.checks.push(check);
        self
    }

    /// These checks and the house-style `rules` after them.
    pub fn with_style(mut self, rules: &[(crate::style::Rule, Severity)]) -> Checks {
        self.checks.extend(super::style::checks(rules));
        self
    }

    /// Exactly `checks`, in this order.
    pub fn of(checks: Vec<Arc<dyn Check>>) -> Checks {
        Checks {
            checks,
            ignore: Ignore::default(),
        }
    }

    /// These checks, none of which reports what `ignore` ignores.
    pub fn ignoring(mut self, ignore: Ignore) -> Checks {
        self.ignore = ignore;
        self
    }

    pub fn ignore(&self) -> &Ignore {
        &self.ignore
    }

    pub fn iter(&self) -> impl Iterator<Item = (usize, &dyn Check)> {
        self.checks.iter().map(|c| c.as_ref()).enumerate()
    }

    pub fn get(&self, check: usize) -> Option<&dyn Check> {
        self.checks.get(check).map(|c| c.as_ref())
    }
}

/// Unfilled placeholders (`year`, `name` … `custom`), from the scan that
/// the analysis keeps up to date line by line.
#[derive(Debug)]
pub struct Placeholders(pub Arc<Options>);

/// Kind of the source action that fills every year placeholder at once.
pub const FILL_YEARS: &str = "source.fillYears.jianggao";

fn placeholder_of(finding: &Finding) -> Option<Placeholder> {
    Some(Placeholder {
        range: finding.range.clone(),
        kind: Kind::from_code(finding.code)?,
        severity: finding.severity,
        message: finding.message.clone(),
    })
}

fn edit(fix: placeholder::Fix) -> Edit {
    Edit {
        range: fix.range,
        text: fix.replacement,
    }
}

impl Check for Placeholders {
    fn find(&self, analysis: &Analysis, check: usize, out: &mut Vec<Finding>) {
        let text = analysis.text();
        let found = placeholder::check_hits(text, analysis.placeholder_hits(), &self.0);
        out.extend(found.into_iter().map(|p| Finding {
            range: p.range,
            code: p.kind.code(),
            severity: p.severity,
            message: p.message,
            check,
        }));
    }

    fn fixes(&self, analysis: &Analysis, finding: &Finding) -> Vec<Action> {
        let Some(p) = placeholder_of(finding) else {
            return Vec::new();
        };
        let year = placeholder::current_year();
        placeholder::fixes(analysis.text(), &p, year)
            .into_iter()
            .enumerate()
            .map(|(i, fix)| Action {
                title: fix.title.clone(),
                kind: QUICKFIX,
                edits: vec![edit(fix)],
                findings: vec![finding.clone()],
                preferred: i == 0,
            })
            .collect()
    }

    fn source_kinds(&self) -> &'static [&'static str] {
        &[FILL_YEARS]
    }

    fn source_actions(&self, analysis: &Analysis, findings: &[&Finding]) -> Vec<Action> {
        let years: Vec<&Finding> = findings
            .iter()
            .copied()
            .filter(|f| f.code == Kind::Year.code())
            .collect();
        let placeholders: Vec<Placeholder> =
            years.iter().filter_map(|f| placeholder_of(f)).collect();
        let year = placeholder::current_year();
        let fixes = placeholder::fill_years(analysis.text(), &placeholders, year);
        if fixes.is_empty() {
            return Vec::new();
        }
        vec![Action {
            title: format!("将全部{}处年份占位符填为{year}年", fixes.len()),
            kind: FILL_YEARS,
            edits: fixes.into_iter().map(edit).collect(),
            findings: years.into_iter().cloned().collect(),
            preferred: false,
        }]
    }
}

/// Skipped, repeated, late-starting and out-of-order section numbers and
/// mixed bracket widths (`numbering`, Information), with renumbering fixes.
#[derive(Debug)]
pub struct Numbering;

impl Check for Numbering {
    fn find(&self, analysis: &Analysis, check: usize, out: &mut Vec<Finding>) {
        out.extend(analysis.numbering().iter().map(|issue| Finding {
            range: issue.range.clone(),
            code: outline::numbering::CODE,
            severity: Severity::Information,
            message: issue.message.clone(),
            check,
        }));
    }

    fn fixes(&self, analysis: &Analysis, finding: &Finding) -> Vec<Action> {
        analysis
            .numbering()
            .iter()
            .filter(|issue| issue.range == finding.range && issue.message == finding.message)
            .filter_map(|issue| issue.fix.as_ref())
            .map(|fix| Action {
                title: fix.title.clone(),
                kind: QUICKFIX,
                edits: fix.edits.clone(),
                findings: vec![finding.clone()],
                preferred: true,
            })
            .collect()
    }
}
