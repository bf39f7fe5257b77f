//! Phrase completion mined from the corpus.
//!
//! The corpus is folded ([`fold`]), segmented into words with jieba
//! ([`segment`]) and indexed in a suffix array ([`suffix`]). A completion
//! request takes the text before the cursor, finds the longest contexts (the
//! last characters typed) that occur in the corpus, and collects what follows
//! them there, cut on word boundaries: those continuations are the standard
//! phrases of the templates as far as they recur after what was typed.
//! [`rank`] scores them by expected keystrokes saved. The open draft is a
//! second source: a phrase the writer already used comes back the same way.

mod build;
mod describe;
pub mod fold;
mod own;
mod persist;
mod provenance;
mod rank;
pub mod segment;
mod suffix;

use crate::corpus::FileRead;
use segment::Bitset;
use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;
use suffix::SuffixArray;

pub use describe::Description;
pub use own::{Drafts, OwnDraft};
pub use provenance::{Provenance, MIN_PROVENANCE_CHARS};
pub use rank::{Evidence, Params, DEFAULT_INLINE_MIN_CONFIDENCE, DEFAULT_MIN_CONFIDENCE, FEATURES};

/// Ends a document in the folded corpus text, so no context spans two.
const DOC_END: char = suffix::END;

/// One corpus line in the folded text.
#[derive(Debug)]
struct LineInfo {
    /// Byte offset of the line in the folded text.
    start: u32,
    doc: u32,
    /// 1-based line number in the source file.
    number: u32,
    /// Byte offset in [`PhraseIndex::originals`] of the line as the corpus
    /// wrote it (same chars as the folded line); it ends where the next
    /// line's starts.
    original: u32,
}

#[derive(Debug)]
struct DocInfo {
    source: String,
    /// One of the writer's drafts, not a template.
    draft: bool,
    /// The file of a user's template, for links to it.
    file: Option<std::path::PathBuf>,
    /// How that file was read: a re-index keeps the document while the
    /// file's stamp stays the same.
    read: Option<crate::corpus::FileRead>,
}

/// Standard phrases of the corpus, indexed for completion.
#[derive(Debug, Default)]
pub struct PhraseIndex {
    /// Folded corpus: lines joined by `\n`, each document ended by [`DOC_END`].
    text: String,
    /// Word boundaries (byte offsets of `text`).
    bounds: Bitset,
    sa: SuffixArray,
    lines: Vec<LineInfo>,
    /// The lines as the corpus wrote them, one after the other: one string
    /// rather than one per line, so that loading a cached index allocates
    /// once.
    originals: String,
    docs: Vec<DocInfo>,
}

/// Where a suggestion's example comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Example {
    /// The sentence around the phrase, as the corpus wrote it.
    pub sentence: String,
    /// The template file.
    pub source: String,
    /// 1-based line in that file.
    pub line: usize,
    /// The file of a user's template (absolute); `None` for the embedded corpus.
    pub file: Option<std::path::PathBuf>,
    /// Where the phrase is in `sentence` (bytes).
    pub phrase: Range<usize>,
}

/// Where a suggestion was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    Corpus,
    /// Only in the open draft.
    Draft,
    /// Only in the writer's other drafts: the workspace's files, the other
    /// open documents. No template has it.
    Drafts,
}

/// One ranked completion: the phrase and what it adds after the cursor.
#[derive(Debug, Clone, PartialEq)]
pub struct Suggestion {
    /// Text to insert at the cursor, in the writer's script and punctuation.
    pub continuation: String,
    /// The phrase as the writer will see it: the matched end of what they
    /// typed on this line plus the continuation.
    pub phrase: String,
    /// Byte length of the typed part of `phrase` (it ends at the cursor).
    pub typed_len: usize,
    /// How often the phrase occurs in the corpus.
    pub count: usize,
    /// In how many template documents it occurs.
    pub templates: usize,
    /// Expected keystrokes saved by this item beyond the items ranked
    /// above it (confidence × characters added).
    pub score: f64,
    /// Estimated probability that the writer accepts it.
    pub confidence: f64,
    /// What the confidence was estimated from.
    pub evidence: Evidence,
    pub origin: Origin,
    pub example: Option<Example>,
}

/// The folded bytes of line `i` of `text`: up to the next line, without
/// the `\n` that ends it and the [`DOC_END`] after the last line of a
/// document.
fn folded_line(text: &str, lines: &[LineInfo], i: usize) -> Range<usize> {
    let start = lines[i].start as usize;
    let mut end = lines.get(i + 1).map_or(text.len(), |l| l.start as usize);
    let line = &text[start..end];
    if let Some(rest) = line.strip_suffix(DOC_END).filter(|r| r.ends_with('\n')) {
        end = start + rest.len();
    }
    if text[start..end].ends_with('\n') {
        end -= 1;
    }
    start..end
}

impl PhraseIndex {
    /// Number of template documents indexed.
    pub fn documents(&self) -> usize {
        self.docs.len()
    }

    /// The user's files this index read, by absolute path: for each, the
    /// number of its document, how it was read and whether as a draft (what
    /// a re-index needs to keep the documents of files left unchanged).
    pub fn files_read(&self) -> HashMap<&Path, (u32, FileRead, bool)> {
        self.docs
            .iter()
            .enumerate()
            .filter_map(|(d, doc)| Some((doc.file.as_deref()?, (d as u32, doc.read?, doc.draft))))
            .collect()
    }

    /// The folded lines of every document, in order.
    pub fn folded_documents(&self) -> impl Iterator<Item = Vec<&str>> + '_ {
        let mut next = 0;
        (0..self.docs.len() as u32).map(move |doc| {
            let mut lines = Vec::new();
            while self.lines.get(next).is_some_and(|l| l.doc == doc) {
                lines.push(&self.text[folded_line(&self.text, &self.lines, next)]);
                next += 1;
            }
            lines
        })
    }

    /// Bytes of template text indexed (as the corpus wrote it).
    pub fn text_bytes(&self) -> usize {
        self.originals.len()
    }

    /// Suggestions continuing `before_cursor` (the document text up to the cursor).
    pub fn complete(&self, before_cursor: &str, max_items: usize) -> Vec<Suggestion> {
        self.complete_in(
            before_cursor,
            before_cursor.len(),
            max_items,
            &Params::default(),
        )
    }

    /// Suggestions for the cursor at byte `cursor` of `draft` (the whole open
    /// document: the rest of it counts as phrases already used).
    pub fn complete_in(
        &self,
        draft: &str,
        cursor: usize,
        max_items: usize,
        params: &Params,
    ) -> Vec<Suggestion> {
        self.complete_with(draft, cursor, Drafts::default(), max_items, params)
    }

    /// [`PhraseIndex::complete_in`], with the writer's other open documents
    /// searched for phrases already used as the draft is, and the draft's own
    /// indexed copy left out.
    pub fn complete_with(
        &self,
        draft: &str,
        cursor: usize,
        drafts: Drafts<'_>,
        max_items: usize,
        params: &Params,
    ) -> Vec<Suggestion> {
        rank::complete(self, draft, cursor, drafts, max_items, params)
    }

    /// Whether folded `phrase` occurs in the writer's drafts only (of its
    /// first 256 occurrences, none is in a template).
    fn only_in_drafts(&self, phrase: &str) -> bool {
        let range = self.sa.find(&self.text, phrase.as_bytes());
        !range.is_empty()
            && self
                .sa
                .offsets(&self.text, range.start..range.end.min(range.start + 256))
                .all(|p| self.docs[self.line_at(p).doc as usize].draft)
    }

    /// The number of the template document that folded byte `pos` is in.
    fn document_of(&self, pos: usize) -> usize {
        self.line_at(pos).doc as usize
    }

    fn line_at(&self, pos: usize) -> &LineInfo {
        let i = self.lines.partition_point(|l| l.start as usize <= pos);
        &self.lines[i.saturating_sub(1)]
    }

    /// The line that folded byte `pos` is in, as the corpus wrote it.
    fn original_at(&self, pos: usize) -> &str {
        let i = self
            .lines
            .partition_point(|l| l.start as usize <= pos)
            .saturating_sub(1);
        let start = self.lines[i].original as usize;
        let end = self
            .lines
            .get(i + 1)
            .map_or(self.originals.len(), |l| l.original as usize);
        &self.originals[start..end]
    }

    /// The original text of folded bytes `range` (within one line).
    fn surface(&self, range: Range<usize>) -> Option<String> {
        let line = self.line_at(range.start);
        let start = line.start as usize;
        let skip = self.text.get(start..range.start)?.chars().count();
        let take = self.text.get(range)?.chars().count();
        let original = self.original_at(start);
        Some(original.chars().skip(skip).take(take).collect())
    }

    /// The corpus sentence around folded byte `pos`, and where it is.
    fn example(&self, pos: usize, len: usize) -> Example {
        let line = self.line_at(pos);
        let start = line.start as usize;
        let chars: Vec<char> = self.original_at(pos).chars().collect();
        let at = self.text[start..pos].chars().count();
        let end_at = at + self.text[pos..pos + len].chars().count();
        let is_end = |c: char| crate::text::is_sentence_end(c) || c == '.';
        let from = chars[..at.min(chars.len())]
            .iter()
            .rposition(|&c| is_end(c))
            .map_or(0, |i| i + 1);
        let to = chars[end_at.min(chars.len())..]
            .iter()
            .position(|&c| is_end(c))
            .map_or(chars.len(), |i| end_at + i + 1);
        let (mut from, mut to) = (from, to.max(from));
        while from < to && chars[from].is_whitespace() {
            from += 1;
        }
        while to > from && chars[to - 1].is_whitespace() {
            to -= 1;
        }
        let bytes = |a: usize, b: usize| -> usize {
            chars[a.min(b)..b]
                .iter()
                .map(|c| c.len_utf8())
                .sum::<usize>()
        };
        let (at, end_at) = (at.clamp(from, to), end_at.clamp(from, to));
        let doc = &self.docs[line.doc as usize];
        Example {
            sentence: chars[from..to].iter().collect(),
            source: doc.source.clone(),
            line: line.number as usize,
            file: doc.file.clone(),
            phrase: bytes(from, at)..bytes(from, end_at),
        }
    }

    /// How often folded `phrase` occurs, and in how many documents.
    fn frequency(&self, phrase: &str) -> (usize, usize, Option<usize>) {
        let range = self.sa.find(&self.text, phrase.as_bytes());
        let mut docs: Vec<u32> = self
            .sa
            .offsets(&self.text, range.start..range.end.min(range.start + 256))
            .map(|p| self.line_at(p).doc)
            .collect();
        docs.sort_unstable();
        docs.dedup();
        let first = self.sa.first_offset(&self.text, range.clone());
        (range.len(), docs.len(), first)
    }
}
