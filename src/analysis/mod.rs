//! One version of a draft and everything the features read about it,
//! computed once, when first asked for.
//!
//! Pure core: plain `&str` in, byte ranges out. An [`Analysis`] holds the
//! text of one document version; its line index, outline, numbering issues
//! and placeholder scan are computed lazily, at most once, and shared by
//! every reader (diagnostics, symbols, folding, code actions, the CLI). The
//! [`Checks`] the settings ask for turn them into [`Finding`]s and
//! [`Action`]s; an analysis keeps the findings of the last checks it was
//! asked about.
//!
//! The placeholder scan is line-local, so the analysis of a new version
//! starts from the previous version's scan ([`Seed`]) and rescans only the
//! lines an edit touched ([`scanned`]).

pub mod change;
pub mod checks;
pub mod finding;
pub mod house;
pub mod ignore;
pub mod items;
pub mod scanned;
pub mod speaking;
pub mod structure;
pub mod style;
pub mod styled;

pub use change::Change;
pub use checks::{Check, Checks, Numbering, Placeholders, FILL_YEARS};
pub use finding::{kind_wanted, Action, Edit, Finding, Severity, QUICKFIX};
pub use house::House;
pub use ignore::{ignore_here, Ignore};
pub use speaking::SpeakingTime;
pub use structure::Structure;
pub use style::{CONVERT_SCRIPT, FIX_ALL};

use crate::outline::{self, Issue, Outline};
use crate::placeholder::scan::Hit;
use crate::speech::Speech;
use crate::style::{Problem, Rule};
use crate::text::{lines, Syntax};
use items::Items;
use scanned::ScannedLines;
use std::ops::Range;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};
use styled::StyledLines;

/// Drafts up to this size keep their house-style results line by line
/// ([`StyledLines`]), so that a keystroke checks one line again. A longer
/// draft is checked whole at each version (it is analysed off the request
/// loop): kept line by line, every problem would be held twice, and a
/// 100 MB draft full of them peaked at 6.1× its size after an edit
/// instead of 4.0×.
pub const STYLED_LINES_MAX: usize = 16 << 20;

/// Drafts of these sizes are checked on two threads (see
/// [`Analysis::findings_unless`]): a 1 MB draft's fresh analysis took 17.7 ms
/// on one, 15.6 ms on two. Not longer ones: their analysis takes seconds,
/// and on two cores a second thread for it made completion on another
/// draft meanwhile wait (p99 2.5 → 6.1 ms beside a 100 MB draft).
const TWO_THREADS: std::ops::Range<usize> = (256 << 10)..STYLED_LINES_MAX;

/// What the analysis of the next version can start from: the placeholder
/// scan and the house-style results of an earlier version, each with the
/// change since. Holds no text.
#[derive(Debug, Clone, Default)]
pub struct Seed {
    scan: Option<(Arc<ScannedLines>, Change)>,
    styled: Option<(Arc<StyledLines>, Change)>,
    items: Option<(Arc<Items>, Change)>,
}

impl Seed {
    /// The seed after a further `change`.
    pub fn then(self, change: &Change) -> Seed {
        Seed {
            scan: self.scan.map(|(scan, since)| (scan, since.then(change))),
            styled: self
                .styled
                .map(|(styled, since)| (styled, since.then(change))),
            items: self.items.map(|(items, since)| (items, since.then(change))),
        }
    }
}

/// One version of a draft under analysis.
#[derive(Debug)]
pub struct Analysis {
    text: String,
    /// Markdown or plain text (from the editor's language id, the file's
    /// extension).
    syntax: Syntax,
    lines: OnceLock<Vec<Range<usize>>>,
    outline: OnceLock<Outline>,
    numbering: OnceLock<Vec<Issue>>,
    scan: OnceLock<Arc<ScannedLines>>,
    /// The house-style results line by line, and the problems per [`Rule`]
    /// (in the order of `Rule::ALL`) gathered from them.
    styled: OnceLock<Arc<StyledLines>>,
    style: OnceLock<Style>,
    /// Problems kept per house-style rule (see [`Analysis::keeping`]).
    keep: usize,
    /// The inline enumeration items, from the seed's where it has them.
    items: OnceLock<Arc<Items>>,
    /// Broken promises of structure and gaps in enumerations, found once:
    /// each of them is looked up again for its related places and fixes.
    structure: OnceLock<Vec<crate::structure::Problem>>,
    speech: OnceLock<Speech>,
    /// Where the scan starts from, until it is computed.
    seed: Mutex<Seed>,
    /// The findings of the checks last asked about.
    findings: Mutex<Option<FindingsOf>>,
}

/// The house-style problems per [`Rule`] (in the order of `Rule::ALL`), and
/// how many more each rule found than were kept.
type Style = ([Vec<Problem>; 3], [usize; 3]);

/// Findings and the checks that found them.
type FindingsOf = (Arc<Checks>, Arc<[Finding]>);

/// What one fact hands on to the next version: as computed here, with the
/// change since; else what this version's own seed held, not yet used.
fn carried<T>(
    computed: Option<&Arc<T>>,
    earlier: Option<(Arc<T>, Change)>,
    change: &Change,
) -> Option<(Arc<T>, Change)> {
    match computed {
        Some(fact) => Some((fact.clone(), change.clone())),
        None => earlier,
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Analysis {
    pub fn new(text: String, syntax: Syntax) -> Analysis {
        Analysis::seeded(text, syntax, Seed::default())
    }

    /// The analysis of `text`, a later version of a text whose analysis gave
    /// `seed` (see [`Analysis::seed`]).
    pub fn seeded(text: String, syntax: Syntax, seed: Seed) -> Analysis {
        Analysis {
            text,
            syntax,
            lines: OnceLock::new(),
            outline: OnceLock::new(),
            numbering: OnceLock::new(),
            scan: OnceLock::new(),
            styled: OnceLock::new(),
            style: OnceLock::new(),
            keep: usize::MAX,
            items: OnceLock::new(),
            structure: OnceLock::new(),
            speech: OnceLock::new(),
            seed: Mutex::new(seed),
            findings: Mutex::new(None),
        }
    }

    /// What the analysis of this text after `change` can start from.
    pub fn seed(&self, change: Change) -> Seed {
        let earlier = lock(&self.seed).clone().then(&change);
        Seed {
            scan: carried(self.scan.get(), earlier.scan, &change),
            styled: carried(self.styled.get(), earlier.styled, &change),
            items: carried(self.items.get(), earlier.items, &change),
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// The text, taken back (its facts are dropped): a long document's next
    /// version is spliced in place instead of copied.
    pub fn into_text(self) -> String {
        self.text
    }

    pub fn syntax(&self) -> Syntax {
        self.syntax
    }

    /// The byte ranges of its lines (LSP line breaks), line breaks excluded.
    pub fn lines(&self) -> &[Range<usize>] {
        self.lines.get_or_init(|| lines(&self.text))
    }

    pub fn outline(&self) -> &Outline {
        self.outline
            .get_or_init(|| outline::outline_of_lines(&self.text, self.lines()))
    }

    /// The numbering problems of the outline.
    pub fn numbering(&self) -> &[Issue] {
        self.numbering
            .get_or_init(|| outline::check_numbering(&self.text, self.outline()))
    }

    /// What the draft takes to say: spoken characters line by line, its
    /// title, the target and rate it sets itself.
    pub fn speech(&self) -> &Speech {
        self.speech
            .get_or_init(|| Speech::new(&self.text, self.syntax, self.lines(), self.outline()))
    }

    /// Every placeholder the scanner finds, before the settings filter them.
    pub fn placeholder_hits(&self) -> &[Hit] {
        self.scan
            .get_or_init(|| {
                let seed = lock(&self.seed).scan.take();
                Arc::new(match seed {
                    Some((scan, change)) => {
                        let mut scan = Arc::unwrap_or_clone(scan);
                        scan.edit(&self.text, &change);
                        scan
                    }
                    None => ScannedLines::new(&self.text, self.syntax),
                })
            })
            .hits()
    }

    /// The house-style results line by line, from the seed's where it has them.
    pub fn styled(&self) -> &StyledLines {
        self.styled.get_or_init(|| {
            let seed = lock(&self.seed).styled.take();
            Arc::new(match seed {
                Some((styled, change)) => styled.edit(&self.text, &change),
                None => StyledLines::new(&self.text, self.syntax),
            })
        })
    }

    /// This analysis, keeping of each house-style rule only its first
    /// `keep` problems: the server publishes a few thousand findings at
    /// most, and a long draft can hold hundreds of thousands.
    pub fn keeping(mut self, keep: usize) -> Analysis {
        self.keep = keep;
        self
    }

    /// The house-style problems of `rule`, placeholders left to their check.
    pub fn style(&self, rule: Rule) -> &[Problem] {
        &self.style_pass().0[rule.index()]
    }

    /// How many problems of `rule` were found beyond those kept.
    pub fn style_left_out(&self, rule: Rule) -> usize {
        self.style_pass().1[rule.index()]
    }

    fn style_pass(&self) -> &Style {
        self.style.get_or_init(|| style::problems(self, self.keep))
    }

    /// How many findings `checks` would report beyond those kept (see
    /// [`Analysis::keeping`]).
    pub fn left_out(&self, checks: &Checks) -> usize {
        checks.iter().map(|(_, check)| check.left_out(self)).sum()
    }

    /// The inline enumeration items (一是, 第一，, 首先 …), in text order.
    pub fn items(&self) -> &[crate::structure::enumeration::Item] {
        self.items
            .get_or_init(|| {
                let seed = lock(&self.seed).items.take();
                Arc::new(match seed {
                    Some((items, change)) => Arc::unwrap_or_clone(items).edit(&self.text, &change),
                    None => Items::new(&self.text),
                })
            })
            .all()
    }

    /// The promised-structure problems, in text order.
    pub fn structure(&self) -> &[crate::structure::Problem] {
        self.structure
            .get_or_init(|| crate::structure::check_items(&self.text, self.outline(), self.items()))
    }

    /// Everything `checks` find, in text order.
    pub fn findings(&self, checks: &Arc<Checks>) -> Arc<[Finding]> {
        self.findings_unless(checks, || false)
            .expect("never stopped")
    }

    /// [`Analysis::findings`], or `None` if `stop` says so before one of
    /// the checks runs (the work is no longer wanted).
    pub fn findings_unless(
        &self,
        checks: &Arc<Checks>,
        stop: impl Fn() -> bool + Sync,
    ) -> Option<Arc<[Finding]>> {
        if let Some((cached, findings)) = lock(&self.findings).as_ref() {
            if Arc::ptr_eq(cached, checks) {
                return Some(findings.clone());
            }
        }
        let mut found = Vec::new();
        let mut find_all = || {
            for (i, check) in checks.iter() {
                if stop() {
                    return false;
                }
                check.find(self, i, &mut found);
            }
            true
        };
        let finished = if !TWO_THREADS.contains(&self.text.len()) {
            find_all()
        } else {
            // A second thread prepares from the last check backwards what
            // the checks will read, while this one finds from the first:
            // each part is computed once, by whichever thread comes first.
            std::thread::scope(|scope| {
                scope.spawn(|| {
                    for (_, check) in checks.iter().collect::<Vec<_>>().into_iter().rev() {
                        if stop() {
                            return;
                        }
                        check.prepare(self);
                    }
                });
                find_all()
            })
        };
        if !finished {
            return None;
        }
        found.sort_by_key(|f| (f.range.start, f.range.end));
        checks.ignore().filter(self, &mut found);
        let found: Arc<[Finding]> = found.into();
        *lock(&self.findings) = Some((checks.clone(), found.clone()));
        Some(found)
    }

    /// The other places `finding` (found by `checks`) is about.
    pub fn related(&self, checks: &Checks, finding: &Finding) -> Vec<Range<usize>> {
        checks
            .get(finding.check)
            .map(|check| check.related(self, finding))
            .unwrap_or_default()
    }

    /// The findings that overlap or touch `range`.
    pub fn findings_in(&self, checks: &Arc<Checks>, range: &Range<usize>) -> Vec<Finding> {
        let findings = self.findings(checks);
        let before_end = findings.partition_point(|f| f.range.start <= range.end);
        findings[..before_end]
            .iter()
            .filter(|f| f.touches(range))
            .cloned()
            .collect()
    }

    /// The actions for `range` whose kind the client wants (`only`, as in
    /// [`kind_wanted`]): quick fixes of the findings there, then the source
    /// actions of every check.
    pub fn actions<S: AsRef<str>>(
        &self,
        checks: &Arc<Checks>,
        range: &Range<usize>,
        only: Option<&[S]>,
    ) -> Vec<Action> {
        let mut actions = Vec::new();
        if kind_wanted(only, QUICKFIX) {
            for finding in self.findings_in(checks, range) {
                if let Some(check) = checks.get(finding.check) {
                    actions.extend(check.fixes(self, &finding));
                }
            }
        }
        for (i, check) in checks.iter() {
            if !check.source_kinds().iter().any(|k| kind_wanted(only, k)) {
                continue;
            }
            let findings = self.findings(checks);
            let mine: Vec<&Finding> = findings.iter().filter(|f| f.check == i).collect();
            actions.extend(
                check
                    .source_actions(self, &mine)
                    .into_iter()
                    .filter(|a| kind_wanted(only, a.kind)),
            );
        }
        actions
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::placeholder::Options;

    fn checks() -> Arc<Checks> {
        Arc::new(Checks::new(Arc::new(Options::default()), true))
    }

    #[test]
    fn findings_of_every_check_in_text_order() {
        let text = "一、总结\n20xx年工作\n三、计划\n某某同志\n";
        let analysis = Analysis::new(text.into(), Syntax::Markdown);
        let checks = checks();
        let findings = analysis.findings(&checks);
        let codes: Vec<&str> = findings.iter().map(|f| f.code).collect();
        assert_eq!(codes, ["year", "numbering", "name"]);
        // Asked again under the same checks: the same findings, not recomputed.
        assert!(Arc::ptr_eq(&findings, &analysis.findings(&checks)));
        let year = text.find("20xx").unwrap();
        let there = analysis.findings_in(&checks, &(year..year));
        assert_eq!(there.len(), 1);
        assert_eq!(there[0].code, "year");
    }

    #[test]
    fn actions_follow_the_kind_filter() {
        let text = "20xx年\n一、总结\n三、计划\n";
        let analysis = Analysis::new(text.into(), Syntax::Markdown);
        let checks = checks();
        let everything = 0..text.len();
        let kinds = |only: Option<&[&str]>| -> Vec<&str> {
            analysis
                .actions(&checks, &everything, only)
                .iter()
                .map(|a| a.kind)
                .collect()
        };
        let all = kinds(None);
        assert!(
            all.contains(&QUICKFIX) && all.contains(&FILL_YEARS),
            "{all:?}"
        );
        assert!(kinds(Some(&["source"])).iter().all(|k| *k == FILL_YEARS));
        assert!(kinds(Some(&["q"])).is_empty());
        let fixes = kinds(Some(&["quickfix"]));
        // Three years for 20xx, one renumbering of 三、.
        assert_eq!(fixes, [QUICKFIX; 4]);
    }

    #[test]
    fn facts_for_checks_follow_the_text_and_its_syntax() {
        let analysis = Analysis::new("一、总结\r\n正文\r某某\n".into(), Syntax::PlainText);
        assert_eq!(analysis.syntax(), Syntax::PlainText);
        assert_eq!(analysis.lines(), [0..12, 14..20, 21..27, 28..28]);
        assert_eq!(analysis.outline().sections.len(), 1);
    }

    #[test]
    fn a_seeded_analysis_rescans_only_what_changed() {
        let old = Analysis::new("20xx年\n正文\n某某同志\n".into(), Syntax::Markdown);
        assert_eq!(old.placeholder_hits().len(), 2);
        let change = Change {
            range: 7..7,
            new_len: "××市".len(),
        };
        let new_text = "20xx年\n××市正文\n某某同志\n".to_string();
        let new = Analysis::seeded(new_text.clone(), Syntax::Markdown, old.seed(change));
        assert_eq!(
            new.placeholder_hits(),
            crate::placeholder::scan::scan(&new_text, Syntax::Markdown)
        );
        assert_eq!(new.placeholder_hits().len(), 3);
    }
}
