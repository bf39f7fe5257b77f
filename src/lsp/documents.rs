//! The open documents, kept as ropes and updated by incremental edits; each
//! version with its [`Analysis`], made once, when first needed, from the
//! previous version's placeholder scan where there is one.
//!
//! The store's lock is a `std::sync::Mutex` held only for the few
//! instructions of a lookup or an edit, never across an `.await`.

use super::position::{self, Encoding};
use super::sync::lock;
use crate::analysis::{Analysis, Change, Seed};
use crate::phrases::{OwnDraft, PhraseIndex};
use crate::text::Syntax;
use ropey::Rope;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};
use tower_lsp::lsp_types::{TextDocumentContentChangeEvent, Url};

/// An open document at one version. Cloning is cheap: ropes share their
/// nodes, and every clone of one version shares its analysis.
#[derive(Debug, Clone)]
pub struct TextDocument {
    pub rope: Rope,
    pub version: i32,
    /// Markdown or plain text, from the language id the client opened it with.
    syntax: Syntax,
    analysis: Arc<OnceLock<Arc<Analysis>>>,
    /// What the analysis starts from, until it is made.
    seed: Seed,
}

impl TextDocument {
    fn new(text: String, syntax: Syntax, version: i32) -> TextDocument {
        let rope = Rope::from_str(&text);
        TextDocument {
            rope,
            version,
            syntax,
            // The text is at hand: the analysis takes it instead of a copy.
            analysis: Arc::new(OnceLock::from(Arc::new(Analysis::new(text, syntax)))),
            seed: Seed::default(),
        }
    }

    pub fn text(&self) -> String {
        let mut text = String::with_capacity(self.rope.len_bytes());
        for chunk in self.rope.chunks() {
            text.push_str(chunk);
        }
        text
    }

    /// Length of the text in bytes.
    pub fn len_bytes(&self) -> usize {
        self.rope.len_bytes()
    }

    /// The analysis of this version, made now if no one has made it yet
    /// (other callers wait for it rather than make it again).
    pub fn analysis(&self) -> Arc<Analysis> {
        self.analysis
            .get_or_init(|| {
                let text = self.text();
                Arc::new(Analysis::seeded(text, self.syntax, self.seed.clone()))
            })
            .clone()
    }

    /// The next version: the rope edited by `change`, the analysis still to
    /// make (or the same one, when nothing changed).
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
            rope,
            version,
            syntax: self.syntax,
            analysis: Arc::default(),
            seed,
        }
    }
}

/// What went wrong applying a change; the document is left as it was.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ChangeError {
    #[error("document {0} is not open")]
    NotOpen(Url),
}

#[derive(Debug, Default)]
pub struct DocumentStore {
    documents: Mutex<HashMap<Url, TextDocument>>,
}

impl DocumentStore {
    /// Opens a document; `language_id` says whether it is Markdown or plain text.
    pub fn open(&self, uri: Url, language_id: &str, version: i32, text: String) {
        let doc = TextDocument::new(text, Syntax::from_language_id(language_id), version);
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
            .get_mut(uri)
            .ok_or_else(|| ChangeError::NotOpen(uri.clone()))?;
        let mut rope = doc.rope.clone();
        let mut folded: Option<Change> = None;
        for change in changes {
            let applied = apply(&mut rope, change, enc);
            folded = Some(match folded {
                Some(before) => before.then(&applied),
                None => applied,
            });
        }
        *doc = doc.edited(version, folded, rope);
        Ok(doc.clone())
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
    pub fn others(&self, uri: &Url, budget: usize) -> String {
        let mut snapshots: Vec<(Url, Rope)> = lock(&self.documents)
            .iter()
            .filter(|(u, _)| *u != uri)
            .map(|(u, doc)| (u.clone(), doc.rope.clone()))
            .collect();
        // Always the same order, whatever the map's.
        snapshots.sort_by(|a, b| a.0.cmp(&b.0));
        let mut out = String::new();
        for (_, rope) in snapshots {
            for line in rope.lines() {
                if out.len() + line.len_bytes() + 1 > budget {
                    return out;
                }
                out.extend(line.chunks());
                if !out.ends_with(['\n', '\r']) {
                    out.push('\n');
                }
            }
        }
        out
    }
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
            store.others(&uri("a"), 1 << 20),
            "第一行\r\n第二行\n第三行\n"
        );
        assert_eq!(store.others(&uri("a"), 12), "第一行\r\n");
        assert_eq!(store.others(&uri("b"), 1 << 20), "本稿\n第三行\n");
    }
}
