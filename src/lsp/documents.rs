//! The open documents, kept as ropes and updated by incremental edits.
//!
//! The store's lock is a `std::sync::Mutex` held only for the few
//! instructions of a lookup or an edit, never across an `.await`.

use super::position::{self, Encoding};
use super::sync::lock;
use ropey::Rope;
use std::collections::HashMap;
use std::sync::Mutex;
use tower_lsp::lsp_types::{TextDocumentContentChangeEvent, Url};

/// An open document at one version. Cloning is cheap: ropes share their nodes.
#[derive(Debug, Clone)]
pub struct TextDocument {
    pub rope: Rope,
    pub version: i32,
    pub language_id: String,
}

impl TextDocument {
    pub fn text(&self) -> String {
        self.rope.to_string()
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
    pub fn open(&self, uri: Url, language_id: String, version: i32, text: &str) {
        let doc = TextDocument {
            rope: Rope::from_str(text),
            version,
            language_id,
        };
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
        for change in changes {
            apply(&mut doc.rope, change, enc);
        }
        doc.version = version;
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
}

fn apply(rope: &mut Rope, change: TextDocumentContentChangeEvent, enc: Encoding) {
    match change.range {
        None => *rope = Rope::from_str(&change.text),
        Some(range) => {
            let a = position::to_char(rope, range.start, enc);
            let b = position::to_char(rope, range.end, enc);
            let (start, end) = (a.min(b), a.max(b));
            rope.remove(start..end);
            rope.insert(start, &change.text);
        }
    }
}
