//! `textDocument/inlayHint`: the speaking time of each top-level section
//! after its heading (约 4 分钟 · 880 字), and of the whole draft after its
//! title, from the speech of the document's analysis.

use super::config::Settings;
use super::documents::TextDocument;
use super::position::{self, Encoding};
use crate::speech::{self, wording};
use tower_lsp::lsp_types::{InlayHint, InlayHintLabel, InlayHintTooltip, Range};

fn hint(doc: &TextDocument, enc: Encoding, at: usize, label: String, tooltip: &str) -> InlayHint {
    InlayHint {
        position: position::from_byte(doc.content(), at, enc),
        label: InlayHintLabel::String(label),
        kind: None,
        text_edits: None,
        tooltip: Some(InlayHintTooltip::String(tooltip.to_string())),
        padding_left: Some(true),
        padding_right: None,
        data: None,
    }
}

/// The hints that fall in `range`, in text order.
pub fn inlay_hints(
    doc: &TextDocument,
    enc: Encoding,
    range: Range,
    settings: &Settings,
) -> Vec<InlayHint> {
    let analysis = doc.analysis();
    let speech = analysis.speech();
    let rate = speech.rate(settings.speech.chars_per_minute);
    let tooltip = wording::basis(rate);
    let wanted = position::range_to_bytes(doc.content(), range, enc);
    let mut hints: Vec<(usize, String)> = Vec::new();
    // Not for a draft of one line: 全文约 0 分钟 · 1 字 after the first
    // character typed says nothing.
    if let Some(title) = speech.title.as_ref().filter(|_| speech.has_body()) {
        let target = speech.target(settings.speech.check().target_minutes);
        hints.push((title.end, wording::whole(speech.total(), rate, target)));
    }
    for section in speech::timed_sections(analysis.outline()) {
        let at = section.heading.selection.end;
        hints.push((at, wording::about(speech.section(section), rate)));
    }
    hints.sort_by_key(|(at, _)| *at);
    hints
        .into_iter()
        .filter(|(at, _)| wanted.contains(at) || *at == wanted.end)
        .map(|(at, label)| hint(doc, enc, at, label, &tooltip))
        .collect()
}
