//! What the checks report about a draft, and the actions that fix it: byte
//! ranges and Chinese messages, for the LSP layer and the CLI to present.

pub use crate::outline::Edit;
pub use crate::placeholder::Severity;
use std::ops::Range;

/// One problem a check found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Byte range in the draft's text.
    pub range: Range<usize>,
    /// Stable code: the placeholder kinds (`year`, `name` …), `numbering`.
    pub code: &'static str,
    pub severity: Severity,
    /// What is wrong, in Chinese.
    pub message: String,
    /// The check that found it: its position in [`super::Checks`].
    pub check: usize,
}

impl Finding {
    /// Whether the finding overlaps or touches `range` (a cursor right after
    /// a placeholder still gets its fixes).
    pub fn touches(&self, range: &Range<usize>) -> bool {
        self.range.start <= range.end && range.start <= self.range.end
    }
}

/// Kind of the actions that fix one finding.
pub const QUICKFIX: &str = "quickfix";

/// An edit of the draft offered to the writer: a quick fix, or a source
/// action over the whole document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Action {
    /// What the editor shows, in Chinese.
    pub title: String,
    /// LSP code action kind: [`QUICKFIX`], or `source.…`.
    pub kind: &'static str,
    pub edits: Vec<Edit>,
    /// The findings it resolves.
    pub findings: Vec<Finding>,
    /// The fix to apply when the writer asks for "the" fix.
    pub preferred: bool,
}

/// Whether a client that asked only for `only` kinds (LSP `context.only`;
/// `None`: every kind) wants actions of `kind`. A requested kind covers
/// itself and its sub-kinds: `source` covers `source.fillYears.jianggao`,
/// but `q` does not cover `quickfix`. The empty kind covers every kind.
pub fn kind_wanted<S: AsRef<str>>(only: Option<&[S]>, kind: &str) -> bool {
    only.is_none_or(|only| {
        only.iter().any(|k| {
            let k = k.as_ref();
            k.is_empty()
                || kind
                    .strip_prefix(k)
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with('.'))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kind_covers_its_sub_kinds_by_dotted_prefix() {
        let wanted = |only: &[&str], kind: &str| kind_wanted(Some(only), kind);
        assert!(kind_wanted::<&str>(None, QUICKFIX));
        assert!(wanted(&["quickfix"], QUICKFIX));
        assert!(!wanted(&["q"], QUICKFIX));
        assert!(!wanted(&["quick"], QUICKFIX));
        assert!(!wanted(&["quickfix.more"], QUICKFIX));
        assert!(wanted(&["source"], "source.fillYears.jianggao"));
        assert!(wanted(&["source.fillYears"], "source.fillYears.jianggao"));
        assert!(!wanted(&["source.fill"], "source.fillYears.jianggao"));
        assert!(!wanted(&["refactor", "source"], QUICKFIX));
        assert!(wanted(&[""], QUICKFIX));
        assert!(!wanted(&[], QUICKFIX));
    }
}
