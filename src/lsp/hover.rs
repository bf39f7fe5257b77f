//! `textDocument/hover`: a placeholder and what to fill in, a heading's
//! length and speaking time, or where a stretch of the draft comes from in
//! the templates — explained by the core (`explain`), here put in the
//! client's format with `file://` links to the user's templates.

use super::config::Settings;
use super::documents::TextDocument;
use super::position::{self, Encoding};
use crate::explain::{self, render::Format};
use crate::index::Index;
use crate::phrases::OwnDraft;
use std::path::Path;
use tower_lsp::lsp_types::{Hover, HoverContents, MarkupContent, MarkupKind, Position, Url};

/// Where the hover is asked for, and how the client shows it.
#[derive(Debug, Clone, Copy)]
pub struct Asked {
    pub position: Position,
    pub enc: Encoding,
    /// Markdown when the client says it renders it, else plain text.
    pub markdown: bool,
}

/// `file:///…/模板.txt#L12`: opens a user's template at a line (VS Code and
/// others read `#L` as the line).
fn link(file: &Path, line: usize) -> Option<String> {
    let mut uri = Url::from_file_path(file).ok()?;
    uri.set_fragment(Some(&format!("L{line}")));
    Some(uri.to_string())
}

/// The hover at `asked.position`, if there is anything to say.
pub fn hover(
    doc: &TextDocument,
    asked: Asked,
    index: Option<(&Index, OwnDraft)>,
    settings: &Settings,
) -> Option<Hover> {
    let analysis = doc.analysis();
    let at = position::to_byte(doc.content(), asked.position, asked.enc);
    let phrases = index.map(|(i, own)| (&i.phrases, own));
    let rate = settings.speech.chars_per_minute;
    let found = explain::explain(&analysis, &settings.checks, phrases, at, rate)?;
    let (format, kind) = if asked.markdown {
        (Format::Markdown, MarkupKind::Markdown)
    } else {
        (Format::PlainText, MarkupKind::PlainText)
    };
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind,
            value: found.render(format, &link),
        }),
        range: Some(position::range_from_bytes(
            doc.content(),
            found.range,
            asked.enc,
        )),
    })
}
