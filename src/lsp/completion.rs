//! `textDocument/completion` from the phrase index (issue #5 fills this in).

use super::config::Settings;
use super::documents::TextDocument;
use super::position::Encoding;
use crate::index::Index;
use tower_lsp::lsp_types::{CompletionList, Position};

/// Completion characters that start a next-clause prediction.
pub const TRIGGER_CHARACTERS: &[&str] = &["，", "、", "：", "；", "。"];

pub fn complete(
    _doc: &TextDocument,
    _enc: Encoding,
    _position: Position,
    _index: Option<&Index>,
    _settings: &Settings,
) -> CompletionList {
    // Incomplete, so that clients ask again once the index is ready.
    CompletionList {
        is_incomplete: true,
        items: Vec::new(),
    }
}
