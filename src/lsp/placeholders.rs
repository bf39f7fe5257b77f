//! Placeholder diagnostics and their quick fixes (issue #4 fills these in).

use super::config::Settings;
use super::documents::TextDocument;
use super::position::Encoding;
use tower_lsp::lsp_types::{CodeActionOrCommand, CodeActionParams, Diagnostic};

pub fn diagnostics(
    _doc: &TextDocument,
    _text: &str,
    _enc: Encoding,
    _settings: &Settings,
) -> Vec<Diagnostic> {
    Vec::new()
}

pub fn code_actions(
    _doc: &TextDocument,
    _enc: Encoding,
    _params: &CodeActionParams,
    _settings: &Settings,
) -> Vec<CodeActionOrCommand> {
    Vec::new()
}
