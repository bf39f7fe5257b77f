//! Speech skeletons as completion items, at the start of an empty draft or
//! one that holds only a skeleton's first characters (同志, 各位代表): snippets with tab stops for clients that take them
//! (`completionItem.snippetSupport`), plain text for the others.

use super::documents::TextDocument;
use super::position::{self, Encoding};
use crate::index::Index;
use crate::skeleton::{self, Skeleton};
use tower_lsp::lsp_types::{
    CompletionItem, CompletionItemKind, CompletionTextEdit, Documentation, InsertTextFormat,
    Position, Range, TextEdit,
};

/// Longest draft (in bytes) that can still be nearly empty: a few
/// characters and some blank lines.
const MAX_DRAFT_BYTES: usize = 256;

/// The skeleton items for `position` in `doc`: none unless the draft is
/// nearly empty and the cursor after what it holds.
pub fn items(
    doc: &TextDocument,
    enc: Encoding,
    at: Position,
    index: &Index,
    snippets: bool,
) -> Vec<CompletionItem> {
    if doc.len_bytes() > MAX_DRAFT_BYTES {
        return Vec::new();
    }
    let text = doc.text();
    let cursor = position::to_byte(doc.content(), at, enc);
    // What was typed is replaced: the edit runs from the line start to the
    // cursor (one line, as LSP wants).
    let range = position::range_from_bytes(doc.content(), 0..cursor, enc);
    skeleton::offered(&index.skeletons, &text, cursor)
        .into_iter()
        .enumerate()
        .map(|(i, s)| item(i, s, range, snippets))
        .collect()
}

fn item(rank: usize, s: &Skeleton, range: Range, snippets: bool) -> CompletionItem {
    let (new_text, format, kind) = if snippets {
        (
            s.snippet(),
            InsertTextFormat::SNIPPET,
            CompletionItemKind::SNIPPET,
        )
    } else {
        (
            s.plain(),
            InsertTextFormat::PLAIN_TEXT,
            CompletionItemKind::TEXT,
        )
    };
    CompletionItem {
        label: s.label.clone(),
        kind: Some(kind),
        detail: Some(s.detail.clone()),
        documentation: Some(Documentation::String(s.plain())),
        // After the phrases (their sortText is a rank of digits): a phrase
        // continues what was typed, a skeleton replaces it.
        sort_text: Some(format!("~{rank:02}")),
        // It starts with what was typed, so the client keeps it.
        filter_text: Some(s.plain()),
        insert_text_format: Some(format),
        text_edit: Some(CompletionTextEdit::Edit(TextEdit { range, new_text })),
        ..Default::default()
    }
}
