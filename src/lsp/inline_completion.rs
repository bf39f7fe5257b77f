//! `textDocument/inlineCompletion` (LSP 3.18): the one best continuation,
//! shown as ghost text, only when it is likely enough to be accepted
//! (`completion.inline.minConfidence`, higher than the menu's threshold).
//!
//! lsp-types 0.94 (tower-lsp 0.20) predates the request, so its types are
//! here and it is served as a custom method; the capability is added to the
//! `initialize` answer by [`super::capabilities`].

use super::completion;
use super::config::Settings;
use super::documents::TextDocument;
use super::position::Encoding;
use crate::index::Index;
use crate::phrases::Drafts;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use tower_lsp::lsp_types::{Position, Range, TextDocumentIdentifier};

/// The method's name.
pub const METHOD: &str = "textDocument/inlineCompletion";

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InlineCompletionParams {
    pub text_document: TextDocumentIdentifier,
    pub position: Position,
    /// How it was triggered (automatically or on request); both are
    /// answered the same way.
    #[serde(default)]
    pub context: Option<Value>,
}

#[derive(Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct InlineCompletionItem {
    /// The run of word characters before the cursor and the continuation:
    /// it replaces `range`, so the client shows the continuation as ghost
    /// text after what was typed.
    pub insert_text: String,
    pub filter_text: String,
    pub range: Range,
}

#[derive(Debug, Serialize, PartialEq, Default)]
pub struct InlineCompletionList {
    pub items: Vec<InlineCompletionItem>,
}

/// The ghost text at `position`: at most one item.
pub fn inline_completion(
    doc: &TextDocument,
    enc: Encoding,
    position: Position,
    index: &Index,
    drafts: Drafts<'_>,
    settings: &Settings,
) -> InlineCompletionList {
    let inline = &settings.completion.inline;
    let offer = completion::offer(doc, enc, position, index, drafts, 1, inline.min_confidence);
    let items = offer
        .suggestions
        .into_iter()
        .map(|s| {
            let text = format!("{}{}", offer.run, s.continuation);
            InlineCompletionItem {
                insert_text: text.clone(),
                filter_text: text,
                range: offer.range,
            }
        })
        .collect();
    InlineCompletionList { items }
}
