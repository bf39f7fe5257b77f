//! `textDocument/documentSymbol`, `textDocument/foldingRange` and the
//! numbering checks (issue #3 fills these in).

use super::config::Settings;
use super::documents::TextDocument;
use super::position::Encoding;
use tower_lsp::lsp_types::{
    CodeActionOrCommand, CodeActionParams, Diagnostic, DocumentSymbol, FoldingRange,
};

pub fn document_symbols(_doc: &TextDocument, _enc: Encoding) -> Vec<DocumentSymbol> {
    Vec::new()
}

pub fn folding_ranges(_doc: &TextDocument, _enc: Encoding) -> Vec<FoldingRange> {
    Vec::new()
}

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
