//! The open documents, kept as ropes and updated by incremental edits; each
//! version with its [`Analysis`], made once, when first needed, from the
//! previous version's placeholder scan where there is one.
//!
//! A document of [`FLAT_FROM`] bytes or more is held flat instead: its text
//! lives only in its analysis, which every version then has from the start,
//! and an edit splices that text in place when no one else holds it. A rope
//! beside the analysis's copy held every byte twice: a 100 MB draft peaked
//! at 3.8 times its size.
//!
//! The store's lock is a `std::sync::Mutex` held only for the few
//! instructions of a lookup or an edit, never across an `.await`.

use super::position::{self, Content, Encoding};
use super::sync::lock;
use crate::analysis::{Analysis, Change, Seed};
use crate::phrases::{OwnDraft, PhraseIndex};
use crate::text::Syntax;
use ropey::Rope;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock, Weak};
use tower_lsp::lsp_types::{TextDocumentContentChangeEvent, Url};

/// Documents this long (in bytes) are held flat, without a rope: they are
/// analysed on threads of their own ([`super::offload`]), and their
/// analysis's text is the only copy.
pub const FLAT_FROM: usize = 8 << 20;

/// House-style problems an analysis keeps per rule ([`Analysis::keeping`]):
/// the first of the document's findings are published (2000 at most), and
/// a 100 MB draft with a problem every few characters held 920,000 of them,
/// six times its size.
pub const PROBLEMS_KEPT: usize = 10_000;

/// Where a version's text is kept.
#[derive(Debug, Clone)]
enum Body {
    Rope(Rope),
    /// In the analysis (always made).
    Flat(Arc<Analysis>),
}

/// An open document at one version. Cloning is cheap: ropes share their
/// nodes, and every clone of one version shares its analysis.
#[derive(Debug, Clone)]
pub struct TextDocument {
    body: Body,
    pub version: i32,
    /// Markdown or plain text, from the language id the client opened it with.
    syntax: Syntax,
    analysis: Arc<OnceLock<Arc<Analysis>>>,
    /// What the analysis starts from, until it is made.
    seed: Seed,
}

impl TextDocument {
    fn new(text: String, syntax: Syntax, version: i32, flat_from: usize) -> TextDocument {
        // The text is at hand: the analysis takes it instead of a copy.
        let analysis = Arc::new(Analysis::new(text, syntax).keeping(PROBLEMS_KEPT));
        let body = if analysis.text().len() >= flat_from {
            Body::Flat(analysis.clone())
        } else {
            Body::Rope(Rope::from_str(analysis.text()))
        };
        TextDocument {
            body,
            version,
            syntax,
            analysis: Arc::new(OnceLock::from(analysis)),
            seed: Seed::default(),
        }
    }

    /// The text as position conversions read it.
    pub fn content(&self) -> Content<'_> {
        match &self.body {
            Body::Rope(rope) => Content::Rope(rope),
            Body::Flat(analysis) => Content::Flat {
                text: analysis.text(),
                lines: analysis.lines(),
            },
        }
    }

    pub fn text(&self) -> String {
        match &self.body {
            Body::Rope(rope) => {
                let mut text = String::with_capacity(rope.len_bytes());
                for chunk in rope.chunks() {
                    text.push_str(chunk);
                }
                text
            }
            Body::Flat(analysis) => analysis.text().to_string(),
        }
    }

    /// Stands for this version's text: every version with other text has
    /// another analysis slot. Weak, so that it keeps no text alive, but
    /// keeps the slot's address from being reused by another version.
    fn text_id(&self) -> Weak<OnceLock<Arc<Analysis>>> {
        Arc::downgrade(&self.analysis)
    }

    /// Whether this version's text is the one `id` stands for.
    fn has_text(&self, id: &Weak<OnceLock<Arc<Analysis>>>) -> bool {
        std::ptr::eq(id.as_ptr(), Arc::as_ptr(&self.analysis))
    }

    /// Length of the text in bytes.
    pub fn len_bytes(&self) -> usize {
        self.content().len_bytes()
    }

    /// Whether the text is held flat (see [`FLAT_FROM`]).
    pub fn is_flat(&self) -> bool {
        matches!(self.body, Body::Flat(_))
    }

    /// The analysis of this version, made now if no one has made it yet
    /// (other callers wait for it rather than make it again).
    pub fn analysis(&self) -> Arc<Analysis> {
        self.analysis
            .get_or_init(|| {
                let text = self.text();
                let analysis = Analysis::seeded(text, self.syntax, self.seed.clone());
                Arc::new(analysis.keeping(PROBLEMS_KEPT))
            })
            .clone()
    }

    /// The next version of a rope: the rope edited by `change`, the
    /// analysis still to make (or the same one, when nothing changed).
    fn edited(&self, version: i32, change: Option<Change>, rope: Rope) -> TextDocument {
        let Some(change) = change else {
            return TextDocument {
                version,
                ..self.clone()
            };
        };
        let seed = match self.analysis.get() {
            Some(analysis) => analysis.seed(change),
            None => self.seed.clone().then(&change),
        };
        TextDocument {
            body: Body::Rope(rope),
            version,
            syntax: self.syntax,
            analysis: Arc::default(),
            seed,
        }
    }

    /// A new version number for the same flat text and analysis.
    fn flat_of(
        analysis: Arc<Analysis>,
        slot: Arc<OnceLock<Arc<Analysis>>>,
        syntax: Syntax,
        version: i32,
    ) -> TextDocument {
        TextDocument {
            body: Body::Flat(analysis),
            version,
            syntax,
            analysis: slot,
            seed: Seed::default(),
        }
    }

    /// The next version of a flat document, from its new text.
    fn flat(text: String, syntax: Syntax, version: i32, seed: Seed) -> TextDocument {
        let analysis = Arc::new(Analysis::seeded(text, syntax, seed).keeping(PROBLEMS_KEPT));
        TextDocument {
            body: Body::Flat(analysis.clone()),
            version,
            syntax,
            analysis: Arc::new(OnceLock::from(analysis)),
            seed: Seed::default(),
        }
    }
}

/// What went wrong applying a change; the document is left as it was.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ChangeError {
    #[error("document {0} is not open")]
    NotOpen(Url),
}

#[derive(Debug)]
pub struct DocumentStore {
    documents: Mutex<HashMap<Url, TextDocument>>,
    /// Documents this long are held flat: [`FLAT_FROM`], except in tests.
    flat_from: std::sync::atomic::AtomicUsize,
    /// What [`DocumentStore::others`] made last: while the writer types in
    /// one document the others do not change, and a completion request
    /// need not copy them again.
    others_made: Mutex<Option<OthersMade>>,
}

/// The text of the other open documents, and the versions it was made of.
#[derive(Debug)]
struct OthersMade {
    of: Vec<(Url, Weak<OnceLock<Arc<Analysis>>>)>,
    budget: usize,
    text: Arc<str>,
}

impl Default for DocumentStore {
    fn default() -> Self {
        DocumentStore {
            documents: Mutex::default(),
            flat_from: FLAT_FROM.into(),
            others_made: Mutex::default(),
        }
    }
}

impl DocumentStore {
    /// Holds documents of `bytes` or more flat from now on (tests use it to
    /// try the flat path on short texts).
    pub fn hold_flat_from(&self, bytes: usize) {
        self.flat_from
            .store(bytes, std::sync::atomic::Ordering::Relaxed);
    }

    fn flat_from(&self) -> usize {
        self.flat_from.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Opens a document; `language_id` says whether it is Markdown or plain text.
    pub fn open(&self, uri: Url, language_id: &str, version: i32, text: String) {
        let syntax = Syntax::from_language_id(language_id);
        let doc = TextDocument::new(text, syntax, version, self.flat_from());
        lock(&self.documents).insert(uri, doc);
    }

    /// Applies the changes of one `didChange` in order and returns the new
    /// document. Ranges are interpreted in `enc` and clamped to the document.
    pub fn change(
        &self,
        uri: &Url,
        version: i32,
        changes: Vec<TextDocumentContentChangeEvent>,
        enc: Encoding,
    ) -> Result<TextDocument, ChangeError> {
        let mut documents = lock(&self.documents);
        let doc = documents
            .remove(uri)
            .ok_or_else(|| ChangeError::NotOpen(uri.clone()))?;
        let next = match &doc.body {
            Body::Rope(rope) => {
                let mut rope = rope.clone();
                let mut folded: Option<Change> = None;
                for change in changes {
                    let applied = apply(&mut rope, change, enc);
                    folded = Some(match folded {
                        Some(before) => before.then(&applied),
                        None => applied,
                    });
                }
                let next = doc.edited(version, folded, rope);
                if next.len_bytes() >= self.flat_from() {
                    let seed = next.seed.clone();
                    TextDocument::flat(next.text(), next.syntax, version, seed)
                } else {
                    next
                }
            }
            Body::Flat(_) => edit_flat(doc, version, changes, enc),
        };
        documents.insert(uri.clone(), next.clone());
        Ok(next)
    }

    pub fn close(&self, uri: &Url) -> Option<TextDocument> {
        lock(&self.documents).remove(uri)
    }

    /// A snapshot of the document, to work on without holding the lock.
    pub fn get(&self, uri: &Url) -> Option<TextDocument> {
        lock(&self.documents).get(uri).cloned()
    }

    pub fn uris(&self) -> Vec<Url> {
        lock(&self.documents).keys().cloned().collect()
    }

    /// The files of the open documents.
    pub fn paths(&self) -> std::collections::HashSet<std::path::PathBuf> {
        let uris = self.uris();
        uris.iter().filter_map(|u| u.to_file_path().ok()).collect()
    }

    /// The text of every open document but `uri`, as the writer has it
    /// (unsaved edits included), one after another on lines of their own,
    /// at most `budget` bytes (whole lines). Completion reads it afresh at
    /// each request: an edit costs nothing until then, and no index is
    /// rebuilt for it.
    pub fn others(&self, uri: &Url, budget: usize) -> Arc<str> {
        let mut snapshots: Vec<(Url, TextDocument)> = lock(&self.documents)
            .iter()
            .filter(|(u, _)| *u != uri)
            .map(|(u, doc)| (u.clone(), doc.clone()))
            .collect();
        // Always the same order, whatever the map's.
        snapshots.sort_by(|a, b| a.0.cmp(&b.0));
        let unchanged = |made: &&OthersMade| {
            made.budget == budget
                && made.of.len() == snapshots.len()
                && made
                    .of
                    .iter()
                    .zip(&snapshots)
                    .all(|((u, id), (uri, doc))| u == uri && doc.has_text(id))
        };
        if let Some(made) = lock(&self.others_made).as_ref().filter(unchanged) {
            return made.text.clone();
        }
        let text: Arc<str> = joined_lines(&snapshots, budget).into();
        *lock(&self.others_made) = Some(OthersMade {
            of: snapshots
                .iter()
                .map(|(u, doc)| (u.clone(), doc.text_id()))
                .collect(),
            budget,
            text: text.clone(),
        });
        text
    }
}

/// The lines of `documents` one after the other, as many whole lines as
/// fit in `budget` bytes.
fn joined_lines(documents: &[(Url, TextDocument)], budget: usize) -> String {
    let mut out = String::new();
    for (_, doc) in documents {
        let fits = |out: &String, len: usize| out.len() + len < budget;
        match doc.content() {
            Content::Rope(rope) => {
                for line in rope.lines() {
                    if !fits(&out, line.len_bytes()) {
                        return out;
                    }
                    out.extend(line.chunks());
                    if !out.ends_with(['\n', '\r']) {
                        out.push('\n');
                    }
                }
            }
            Content::Flat { text, lines } => {
                for line in lines {
                    if !fits(&out, line.len()) {
                        return out;
                    }
                    out.push_str(&text[line.clone()]);
                    out.push('\n');
                }
            }
        }
    }
    out
}

/// Applies one change to `rope`; returns what it replaced, in bytes.
fn apply(rope: &mut Rope, change: TextDocumentContentChangeEvent, enc: Encoding) -> Change {
    let new_len = change.text.len();
    match change.range {
        None => {
            let replaced = 0..rope.len_bytes();
            *rope = Rope::from_str(&change.text);
            Change {
                range: replaced,
                new_len,
            }
        }
        Some(range) => {
            let (chars, bytes) = position::edit_range(rope, range, enc);
            rope.remove(chars.clone());
            rope.insert(chars.start, &change.text);
            Change {
                range: bytes,
                new_len,
            }
        }
    }
}

/// The next version of the flat document `doc` after `changes`. Its text is
/// spliced in place when no one else holds its analysis (the old version's
/// facts are dropped first), and copied otherwise (a request still reading
/// the old version).
fn edit_flat(
    doc: TextDocument,
    version: i32,
    changes: Vec<TextDocumentContentChangeEvent>,
    enc: Encoding,
) -> TextDocument {
    let TextDocument {
        body,
        syntax,
        analysis: slot,
        ..
    } = doc;
    let Body::Flat(analysis) = body else {
        unreachable!("edit_flat is given flat documents")
    };
    let mut changes = changes.into_iter();
    let Some(first) = changes.next() else {
        return TextDocument::flat_of(analysis, slot, syntax, version);
    };
    let content = Content::Flat {
        text: analysis.text(),
        lines: analysis.lines(),
    };
    let first_range = first
        .range
        .map(|r| position::range_to_bytes(content, r, enc));
    let replaced = first_range.unwrap_or(0..content.len_bytes());
    let mut seed = analysis.seed(Change {
        range: replaced.clone(),
        new_len: first.text.len(),
    });
    drop(slot);
    let mut text = match Arc::try_unwrap(analysis) {
        Ok(analysis) => analysis.into_text(),
        Err(shared) => shared.text().to_string(),
    };
    splice(&mut text, replaced, &first.text);
    for change in changes {
        let replaced = match change.range {
            Some(range) => {
                let lines = crate::text::lines(&text);
                let content = Content::Flat {
                    text: &text,
                    lines: &lines,
                };
                position::range_to_bytes(content, range, enc)
            }
            None => 0..text.len(),
        };
        seed = seed.then(&Change {
            range: replaced.clone(),
            new_len: change.text.len(),
        });
        splice(&mut text, replaced, &change.text);
    }
    TextDocument::flat(text, syntax, version, seed)
}

/// Replaces `range` of `text` by `new`, growing the text by a little room
/// when it must grow rather than doubling it (a long text's next keystroke
/// then fits without a copy).
fn splice(text: &mut String, range: std::ops::Range<usize>, new: &str) {
    let grows = new.len().saturating_sub(range.len());
    if text.len() + grows > text.capacity() {
        text.reserve_exact(grows + (64 << 10));
    }
    text.replace_range(range, new);
}

/// The indexed copy of the draft at `uri` (a workspace draft saved on disk),
/// found by the path the editor names and by its canonical form.
pub fn own_draft(phrases: &PhraseIndex, uri: &Url) -> OwnDraft {
    let Ok(path) = uri.to_file_path() else {
        return OwnDraft::NONE;
    };
    let canonical = std::fs::canonicalize(&path).ok();
    phrases.own_draft(std::iter::once(path.as_path()).chain(canonical.as_deref()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_other_documents_come_whole_lines_within_the_budget() {
        let store = DocumentStore::default();
        let uri = |name: &str| Url::parse(&format!("file:///tmp/{name}.md")).unwrap();
        store.open(uri("a"), "markdown", 1, "本稿\n".into());
        store.open(uri("b"), "markdown", 1, "第一行\r\n第二行".into());
        store.open(uri("c"), "markdown", 1, "第三行\n".into());
        assert_eq!(
            &*store.others(&uri("a"), 1 << 20),
            "第一行\r\n第二行\n第三行\n"
        );
        assert_eq!(&*store.others(&uri("a"), 12), "第一行\r\n");
        assert_eq!(&*store.others(&uri("b"), 1 << 20), "本稿\n第三行\n");
    }

    #[test]
    fn the_other_documents_are_made_again_only_when_one_of_them_changed() {
        let store = DocumentStore::default();
        let uri = |name: &str| Url::parse(&format!("file:///tmp/{name}.md")).unwrap();
        let edit = |name: &str, version: i32, text: &str| {
            let change = TextDocumentContentChangeEvent {
                range: None,
                range_length: None,
                text: text.into(),
            };
            store
                .change(&uri(name), version, vec![change], Encoding::Utf16)
                .unwrap();
        };
        store.open(uri("a"), "markdown", 1, "本稿\n".into());
        store.open(uri("b"), "markdown", 1, "旧的\n".into());
        let first = store.others(&uri("a"), 1 << 20);
        // Typing in the draft itself: the same text, not copied again.
        edit("a", 2, "本稿，接着写\n");
        let again = store.others(&uri("a"), 1 << 20);
        assert!(Arc::ptr_eq(&first, &again));
        // Another document edited, closed, opened again with other text
        // under the same version number: made again each time.
        edit("b", 2, "新的\n");
        assert_eq!(&*store.others(&uri("a"), 1 << 20), "新的\n");
        store.close(&uri("b"));
        assert_eq!(&*store.others(&uri("a"), 1 << 20), "");
        store.open(uri("b"), "markdown", 2, "又一个\n".into());
        assert_eq!(&*store.others(&uri("a"), 1 << 20), "又一个\n");
        // Asking with another budget, or for another document.
        assert_eq!(&*store.others(&uri("a"), 4), "");
        assert_eq!(&*store.others(&uri("b"), 1 << 20), "本稿，接着写\n");
    }
}
