//! The draft being edited, as the index may hold it too.
//!
//! With `corpus.workspace` on, the writer's drafts on disk are indexed as
//! templates — the open draft's saved copy among them. That copy is the
//! draft itself, not evidence about it: hover would cite the draft as the
//! source of its own sentences and completion would count the writer's text
//! twice (the open text is searched as it stands). Requests name the open
//! draft's file so that its indexed copy is left out.

use super::PhraseIndex;
use std::ops::Range;
use std::path::Path;

/// The indexed copy of the open draft, if the index holds one.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OwnDraft(Option<u32>);

/// The writer's drafts beside the text at the cursor.
#[derive(Debug, Clone, Copy, Default)]
pub struct Drafts<'a> {
    /// The other open documents, one after another on lines of their own.
    pub others: &'a str,
    /// The indexed copy of the draft at the cursor, left out.
    pub own: OwnDraft,
}

/// Occurrences looked at to tell whether a match lies only in the open
/// draft's copy; a match seen more often than this is taken to lie elsewhere
/// too (a draft seldom repeats a stretch that often).
const OWN_SCAN: usize = 64;

impl OwnDraft {
    /// No draft left out (the command line, a draft outside the workspace).
    pub const NONE: OwnDraft = OwnDraft(None);

    pub fn is(self, doc: u32) -> bool {
        self.0 == Some(doc)
    }
}

impl PhraseIndex {
    /// The indexed copy of the workspace draft at `file` (one of `files`: the
    /// path as the editor names it and its canonical form).
    pub fn own_draft<'a>(&self, files: impl IntoIterator<Item = &'a Path>) -> OwnDraft {
        let files: Vec<&Path> = files.into_iter().collect();
        let found = self
            .docs
            .iter()
            .position(|doc| doc.draft && doc.file.as_deref().is_some_and(|f| files.contains(&f)));
        OwnDraft(found.map(|i| i as u32))
    }

    /// Whether suffix-array `range` holds an occurrence outside `own`.
    pub(super) fn occurs_outside(&self, range: Range<usize>, own: OwnDraft) -> bool {
        if range.is_empty() {
            return false;
        }
        if own.0.is_none() || range.len() > OWN_SCAN {
            return true;
        }
        self.sa
            .offsets(&self.text, range)
            .any(|p| !own.is(self.line_at(p).doc))
    }

    /// Whether folded byte `pos` lies in the open draft's indexed copy.
    pub(super) fn in_own(&self, pos: usize, own: OwnDraft) -> bool {
        own.0.is_some() && own.is(self.line_at(pos).doc)
    }
}
