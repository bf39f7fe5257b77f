//! Pushes diagnostics (placeholders, numbering) with the document version:
//! at once on open, debounced on change, cleared on close.

use super::documents::TextDocument;
use super::position::{self, Encoding};
use super::session::Session;
use super::sync::lock;
use super::{outline, placeholders};
use ropey::Rope;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;
use std::sync::Mutex;
use std::time::Duration;
use tower_lsp::lsp_types::{Diagnostic, DiagnosticSeverity, NumberOrString, Url};
use tower_lsp::Client;

/// The `source` of every diagnostic jianggao publishes.
pub const SOURCE: &str = "jianggao";

/// A jianggao diagnostic over a byte range of the document's text.
pub fn diagnostic(
    rope: &Rope,
    enc: Encoding,
    bytes: Range<usize>,
    severity: DiagnosticSeverity,
    code: &str,
    message: String,
) -> Diagnostic {
    Diagnostic {
        range: position::range_from_bytes(rope, bytes, enc),
        severity: Some(severity),
        code: Some(NumberOrString::String(code.to_string())),
        source: Some(SOURCE.to_string()),
        message,
        ..Default::default()
    }
}

/// How long after the last keystroke diagnostics are recomputed.
pub const DEBOUNCE: Duration = Duration::from_millis(100);

/// Per document, the number of the newest scheduled publication; an older
/// one that wakes up finds it is stale and does nothing.
#[derive(Debug, Default)]
pub struct Debouncer {
    tickets: Mutex<HashMap<Url, u64>>,
}

impl Debouncer {
    fn next_ticket(&self, uri: &Url) -> u64 {
        let mut tickets = lock(&self.tickets);
        let ticket = tickets.entry(uri.clone()).or_default();
        *ticket += 1;
        *ticket
    }

    fn is_current(&self, uri: &Url, ticket: u64) -> bool {
        lock(&self.tickets).get(uri) == Some(&ticket)
    }

    fn forget(&self, uri: &Url) {
        lock(&self.tickets).remove(uri);
    }
}

/// Everything jianggao reports about a document, within [`MAX_PER_DOCUMENT`].
pub fn compute(session: &Session, doc: &TextDocument) -> Vec<Diagnostic> {
    let text = doc.text();
    let enc = session.encoding();
    let settings = session.settings();
    let mut diagnostics = placeholders::diagnostics(doc, &text, enc, &settings);
    diagnostics.extend(outline::diagnostics(doc, &text, enc, &settings));
    limit(diagnostics)
}

/// Most diagnostics published for one document. An extra pattern like
/// `\p{Han}` matches every character: unbounded, a 1 MB draft published
/// 315,000 diagnostics (1 GB). Every publication passes through [`limit`].
pub const MAX_PER_DOCUMENT: usize = 2000;

/// Code of the diagnostic that says how many were left out.
pub const LEFT_OUT: &str = "left-out";

/// The first [`MAX_PER_DOCUMENT`] diagnostics in document order and, if
/// there were more, one more at the first left out saying how many.
pub fn limit(mut diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    if diagnostics.len() <= MAX_PER_DOCUMENT {
        return diagnostics;
    }
    diagnostics.sort_by_key(|d| d.range.start);
    let left_out = diagnostics.len() - MAX_PER_DOCUMENT;
    let range = diagnostics[MAX_PER_DOCUMENT].range;
    diagnostics.truncate(MAX_PER_DOCUMENT);
    diagnostics.push(Diagnostic {
        range,
        severity: Some(DiagnosticSeverity::INFORMATION),
        code: Some(NumberOrString::String(LEFT_OUT.to_string())),
        source: Some(SOURCE.to_string()),
        message: format!(
            "另有{left_out}处提示未列出：每个文档最多列出{MAX_PER_DOCUMENT}处，从这里起的其余提示均未显示。"
        ),
        ..Default::default()
    });
    diagnostics
}

/// Computes and publishes the diagnostics of `uri` now.
pub async fn publish_now(client: &Client, session: &Session, uri: Url) {
    session.diagnostics.next_ticket(&uri);
    let Some(doc) = session.documents.get(&uri) else {
        return;
    };
    let diagnostics = compute(session, &doc);
    client
        .publish_diagnostics(uri, diagnostics, Some(doc.version))
        .await;
}

/// Publishes the diagnostics of `uri` once it has been quiet for [`DEBOUNCE`].
pub fn schedule(client: Client, session: Arc<Session>, uri: Url) {
    let ticket = session.diagnostics.next_ticket(&uri);
    tokio::spawn(async move {
        tokio::time::sleep(DEBOUNCE).await;
        if !session.diagnostics.is_current(&uri, ticket) {
            return;
        }
        let Some(doc) = session.documents.get(&uri) else {
            return;
        };
        let diagnostics = compute(&session, &doc);
        // A change may have arrived while computing; its own run publishes.
        if session.diagnostics.is_current(&uri, ticket) {
            client
                .publish_diagnostics(uri, diagnostics, Some(doc.version))
                .await;
        }
    });
}

/// Clears the diagnostics of a closed document and cancels pending runs.
pub async fn clear(client: &Client, session: &Session, uri: Url) {
    session.diagnostics.forget(&uri);
    client.publish_diagnostics(uri, Vec::new(), None).await;
}

/// Republishes every open document, e.g. after a settings change.
pub async fn refresh_all(client: &Client, session: &Session) {
    for uri in session.documents.uris() {
        publish_now(client, session, uri).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tower_lsp::lsp_types::{Position, Range};

    fn at(line: u32) -> Diagnostic {
        let start = Position::new(line, 0);
        Diagnostic {
            range: Range::new(start, Position::new(line, 1)),
            ..Default::default()
        }
    }

    #[test]
    fn a_flood_is_cut_in_document_order_with_a_note() {
        // Out of order, as placeholder and numbering diagnostics are joined.
        let lines = (0..MAX_PER_DOCUMENT as u32 + 500).rev();
        let limited = limit(lines.map(at).collect());
        assert_eq!(limited.len(), MAX_PER_DOCUMENT + 1);
        assert!(limited[..MAX_PER_DOCUMENT]
            .iter()
            .enumerate()
            .all(|(i, d)| d.range.start.line == i as u32));
        let note = limited.last().unwrap();
        assert_eq!(note.range.start.line, MAX_PER_DOCUMENT as u32);
        assert_eq!(note.code, Some(NumberOrString::String(LEFT_OUT.into())));
        assert!(note.message.contains("另有500处"), "{}", note.message);
    }

    #[test]
    fn up_to_the_limit_nothing_changes() {
        let all: Vec<_> = (0..MAX_PER_DOCUMENT as u32).rev().map(at).collect();
        assert_eq!(limit(all.clone()), all);
    }
}
