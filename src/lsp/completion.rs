//! `textDocument/completion` from the phrase index.
//!
//! Every item is shaped so that every client shows it (issue #5): a
//! `textEdit` on the cursor's line ending at the cursor, starting where the
//! run of word characters before the cursor starts; `newText` = `filterText`
//! = that run + the continuation; plain text; the list is incomplete, so
//! clients ask again as the writer types.

use super::config::Settings;
use super::documents::TextDocument;
use super::position::{self, Encoding};
use super::session::ClientSupport;
use super::skeletons;
use crate::index::Index;
use crate::locale::Lang;
use crate::phrases::{Drafts, Origin, Params, Suggestion};
use crate::text::word_run_start;
use tower_lsp::lsp_types::{
    CompletionItem, CompletionItemKind, CompletionItemLabelDetails, CompletionList,
    CompletionTextEdit, Documentation, InsertTextFormat, MarkupContent, MarkupKind, Position,
    Range, TextEdit,
};

/// Completion characters that start a next-clause prediction.
pub const TRIGGER_CHARACTERS: &[&str] = &["，", "、", "：", "；", "。"];

/// The suggestions at `position`, most keystrokes saved first, with the
/// range they replace: the run of word characters before the cursor.
pub struct Offer {
    /// The typed run of word characters that every item repeats.
    pub run: String,
    pub range: Range,
    pub suggestions: Vec<Suggestion>,
}

/// Suggestions for `position`: at most `max_items` items, offered when the
/// list is at least `min_confidence` likely to hold the writer's
/// continuation (with one item: when it is); `drafts`: the writer's other open
/// documents (see [`super::documents::DocumentStore::others`]) and the
/// draft's own indexed copy (see [`super::documents::own_draft`]).
pub fn offer(
    doc: &TextDocument,
    enc: Encoding,
    position: Position,
    index: &Index,
    drafts: Drafts<'_>,
    max_items: usize,
    min_confidence: f64,
) -> Offer {
    let params = Params {
        min_confidence,
        ..Params::default()
    };
    // Completion reads only the draft near the cursor: copy just that.
    let (before, after) = params.draft_span();
    let at = position::to_byte(doc.content(), position, enc);
    let (start, text) = position::text_around(doc.content(), at, before, after);
    let cursor = at - start;
    let run_start = run_start(&text, cursor);
    let suggestions = index
        .phrases
        .complete_with(&text, cursor, drafts, max_items, &params);
    Offer {
        run: text[run_start..cursor].to_string(),
        range: position::range_from_bytes(doc.content(), start + run_start..at, enc),
        suggestions,
    }
}

/// Most characters of the typed run that an item repeats: a clause runs
/// to some 30 characters between two marks, but a line with none (a pasted
/// list of names, a table copied as text) would make every item repeat all
/// of it (64 KB, the window's whole reach, in each `newText` and
/// `filterText`).
const MAX_RUN_CHARS: usize = 64;

/// Where the run of word characters before `cursor` starts, at most
/// [`MAX_RUN_CHARS`] back.
fn run_start(text: &str, cursor: usize) -> usize {
    let start = word_run_start(text, cursor);
    text[start..cursor]
        .char_indices()
        .rev()
        .nth(MAX_RUN_CHARS - 1)
        .map_or(start, |(i, _)| start + i)
}

pub fn complete(
    doc: &TextDocument,
    enc: Encoding,
    position: Position,
    index: Option<&Index>,
    drafts: Drafts<'_>,
    settings: &Settings,
    client: &ClientSupport,
) -> CompletionList {
    let lang = client.lang;
    // Always incomplete, so that clients ask again as the writer types: an
    // empty list now says nothing about the next keystroke.
    let mut list = CompletionList {
        is_incomplete: true,
        items: Vec::new(),
    };
    let Some(index) = index else { return list };
    let completion = &settings.completion;
    let offer = offer(
        doc,
        enc,
        position,
        index,
        drafts,
        completion.max_items,
        completion.min_confidence,
    );
    list.items = offer
        .suggestions
        .iter()
        .enumerate()
        .map(|(rank, s)| item(rank, s, &offer.run, offer.range, lang))
        .collect();
    // At the start of a draft, the skeletons that start with what was typed.
    list.items
        .extend(skeletons::items(doc, enc, position, index, client.snippets));
    list
}

fn item(rank: usize, s: &Suggestion, run: &str, range: Range, lang: Lang) -> CompletionItem {
    let new_text = format!("{run}{}", s.continuation);
    let description = s.describe(lang);
    let documentation = s.example.as_ref().map(|e| {
        Documentation::MarkupContent(MarkupContent {
            kind: MarkupKind::Markdown,
            value: format!(
                "> {}\n\n{}",
                crate::text::escape_markdown(&e.sentence),
                crate::text::escape_markdown(&e.location(lang))
            ),
        })
    });
    CompletionItem {
        label: s.phrase.clone(),
        label_details: Some(CompletionItemLabelDetails {
            detail: None,
            description: Some(description.short),
        }),
        kind: Some(match s.origin {
            Origin::Corpus => CompletionItemKind::VALUE,
            Origin::Draft | Origin::Drafts => CompletionItemKind::REFERENCE,
        }),
        detail: Some(description.long),
        documentation,
        sort_text: Some(format!("{rank:04}")),
        filter_text: Some(new_text.clone()),
        insert_text_format: Some(InsertTextFormat::PLAIN_TEXT),
        text_edit: Some(CompletionTextEdit::Edit(TextEdit { range, new_text })),
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_run_an_item_repeats_is_the_typed_word_but_never_a_whole_page() {
        let s = "同志们，要坚持全心全意";
        assert_eq!(&s[run_start(s, s.len())..], "要坚持全心全意");
        let s = format!("，{}", "字".repeat(200));
        let run = &s[run_start(&s, s.len())..];
        assert_eq!(run.chars().count(), MAX_RUN_CHARS);
        let s = "字".repeat(MAX_RUN_CHARS);
        assert_eq!(run_start(&s, s.len()), 0);
    }
}
