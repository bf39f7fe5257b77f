//! House style of official Chinese prose (GB/T 15834 punctuation, GB/T 15835
//! numbers, one script per draft): the problems and their fixes, as byte
//! ranges and edits. Pure core: the checks that report them as findings are
//! in [`crate::analysis::style`].

pub mod candidates;
pub mod numbers;
pub mod prose;
pub mod punctuation;
pub mod script;

pub use crate::outline::Edit;
use std::ops::Range;

/// One house-style problem: where, what (in Chinese) and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub range: Range<usize>,
    pub message: String,
    pub fix: Option<Fix>,
    /// Other places the problem is about (a number written another way).
    pub related: Vec<Range<usize>>,
}

/// The edit that fixes a [`Problem`], with what the editor shows for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub title: String,
    pub edits: Vec<Edit>,
}

impl Problem {
    /// The problem `by` bytes further on.
    pub fn shifted(&self, by: usize) -> Problem {
        let shift = |r: &Range<usize>| r.start + by..r.end + by;
        Problem {
            range: shift(&self.range),
            message: self.message.clone(),
            fix: self.fix.as_ref().map(|fix| Fix {
                title: fix.title.clone(),
                edits: fix
                    .edits
                    .iter()
                    .map(|e| Edit {
                        range: shift(&e.range),
                        text: e.text.clone(),
                    })
                    .collect(),
            }),
            related: self.related.iter().map(shift).collect(),
        }
    }

    /// A problem fixed by writing `replacement` over its range.
    pub fn replace(range: Range<usize>, message: String, replacement: &str) -> Problem {
        let fix = Fix {
            // `concat`, not `format!`: thousands of problems in a long draft.
            title: ["改为“", replacement, "”"].concat(),
            edits: vec![Edit {
                range: range.clone(),
                text: replacement.to_string(),
            }],
        };
        Problem {
            range,
            message,
            fix: Some(fix),
            related: Vec::new(),
        }
    }
}

/// The edits of all `fixes`, in text order, leaving out any that overlaps
/// one before it (so that a client can apply them all at once).
pub fn merge_fixes<'a>(fixes: impl IntoIterator<Item = &'a Fix>) -> Vec<Edit> {
    let mut edits: Vec<Edit> = fixes
        .into_iter()
        .flat_map(|f| f.edits.iter().cloned())
        .collect();
    edits.sort_by_key(|e| (e.range.start, e.range.end));
    let mut end = 0;
    edits.retain(|e| {
        let keep = e.range.start >= end;
        if keep {
            end = e.range.end.max(end);
        }
        keep
    });
    edits
}

/// `text` with `edits` (sorted, disjoint) applied.
pub fn apply(text: &str, edits: &[Edit]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for e in edits {
        out.push_str(&text[at..e.range.start]);
        out.push_str(&e.text);
        at = e.range.end;
    }
    out.push_str(&text[at..]);
    out
}

/// The house-style rules, each a diagnostic code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    Punctuation,
    NumberStyle,
    Script,
}

impl Rule {
    pub const ALL: [Rule; 3] = [Rule::Punctuation, Rule::NumberStyle, Rule::Script];

    pub fn code(self) -> &'static str {
        match self {
            Rule::Punctuation => "punctuation",
            Rule::NumberStyle => "number-style",
            Rule::Script => "script",
        }
    }

    pub fn from_code(code: &str) -> Option<Rule> {
        Rule::ALL.into_iter().find(|r| r.code() == code)
    }

    /// Every problem of this rule in `text`, in text order.
    pub fn check(self, text: &str, syntax: crate::text::Syntax) -> Vec<Problem> {
        match self {
            Rule::Punctuation => punctuation::check(text, syntax),
            Rule::NumberStyle => numbers::check(text, syntax),
            Rule::Script => script::check(text, syntax),
        }
    }

    /// Its place in [`Rule::ALL`] and in what [`check_all`] returns.
    pub fn index(self) -> usize {
        self as usize
    }
}

/// The problems of every rule, in the order of [`Rule::ALL`], from one pass
/// over the lines of `text`.
pub fn check_all(text: &str, syntax: crate::text::Syntax) -> [Vec<Problem>; 3] {
    check_all_within(text, syntax, usize::MAX).0
}

/// [`check_all`], keeping of each rule only its first `keep` problems (in
/// text order), and how many more each rule found: what a long draft with
/// a problem every few characters holds (a 100 MB one held 920,000 of
/// them, six times its size).
pub fn check_all_within(
    text: &str,
    syntax: crate::text::Syntax,
    keep: usize,
) -> ([Vec<Problem>; 3], [usize; 3]) {
    let mut marks = Vec::new();
    let mut left = [0; 3];
    let mut numbers = numbers::Numbers::default();
    let mut runs = script::Runs::default();
    prose::for_each_line(text, syntax, |line| {
        punctuation::check_line(line, &mut marks);
        if marks.len() > keep {
            left[0] += marks.len() - keep;
            marks.truncate(keep);
        }
        numbers.line(line);
        runs.line(line);
    });
    let mut numbers = numbers.finish();
    if numbers.len() > keep {
        left[1] = numbers.len() - keep;
        numbers.truncate(keep);
    }
    let (runs, runs_left) = runs.finish_within(text, syntax, keep);
    left[2] = runs_left;
    ([marks, numbers, runs], left)
}

/// House-style settings as written by the user (`jianggao.style`), shaped
/// like the placeholder settings.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Config {
    /// Run the house-style checks at all.
    pub enable: bool,
    /// Severity per rule code: `error`, `warning`, `information`, `hint`.
    pub severity: std::collections::BTreeMap<String, String>,
    /// Rule codes not to report.
    pub disabled: Vec<String>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            enable: true,
            severity: Default::default(),
            disabled: Vec::new(),
        }
    }
}

use crate::locale::Lang;
use crate::placeholder::kind::unknown_severity;
use crate::placeholder::Severity;

impl Config {
    /// The rules to run, each with its severity (Warning unless set), and a
    /// warning (in `lang`) for every unknown code or severity.
    pub fn rules(&self, lang: Lang) -> (Vec<(Rule, Severity)>, Vec<String>) {
        let mut problems = Vec::new();
        for code in self.disabled.iter().chain(self.severity.keys()) {
            if Rule::from_code(code).is_none() {
                problems.push(match lang {
                    Lang::Zh => format!(
                        "jianggao.style：没有“{code}”这项检查（可用：punctuation、number-style、script），已忽略"
                    ),
                    Lang::En => format!(
                        "jianggao.style: unknown check `{code}` (known: punctuation, number-style, script)"
                    ),
                });
            }
        }
        if !self.enable {
            return (Vec::new(), problems);
        }
        let mut rules = Vec::new();
        for rule in Rule::ALL {
            if self.disabled.iter().any(|d| d == rule.code()) {
                continue;
            }
            let severity = match self.severity.get(rule.code()) {
                None => Severity::Warning,
                Some(name) => Severity::parse(name).unwrap_or_else(|| {
                    problems.push(unknown_severity(
                        &format!("jianggao.style.severity.{}", rule.code()),
                        name,
                        lang,
                    ));
                    Severity::Warning
                }),
            };
            rules.push((rule, severity));
        }
        (rules, problems)
    }
}

#[cfg(test)]
mod within_tests {
    use super::*;
    use crate::text::Syntax;

    /// Keeping `keep` problems per rule keeps the first ones of
    /// [`check_all`] and counts the others, for every rule.
    #[test]
    fn within_keeps_the_first_and_counts_the_rest() {
        let line = "甲,乙,丙。二○二六年，2026年。們国，们國。\n";
        let text = line.repeat(40);
        let all = check_all(&text, Syntax::Markdown);
        assert!(all.iter().all(|problems| problems.len() > 5), "{all:?}");
        for keep in [0, 1, 5, 1_000] {
            let (kept, left) = check_all_within(&text, Syntax::Markdown, keep);
            for rule in 0..3 {
                let n = all[rule].len().min(keep);
                assert_eq!(kept[rule], all[rule][..n], "rule {rule}, keep {keep}");
                assert_eq!(left[rule], all[rule].len() - n, "rule {rule}, keep {keep}");
            }
        }
    }
}
