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

/// Everything jianggao reports about a document.
pub fn compute(session: &Session, doc: &TextDocument) -> Vec<Diagnostic> {
    let text = doc.text();
    let enc = session.encoding();
    let settings = session.settings();
    let mut diagnostics = placeholders::diagnostics(doc, &text, enc, &settings);
    diagnostics.extend(outline::diagnostics(doc, &text, enc, &settings));
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
