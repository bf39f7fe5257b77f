//! Diagnostics (what the checks find), pushed or pulled.
//!
//! Pushed (`textDocument/publishDiagnostics`, with the version) to clients
//! that do not pull: for each version as soon as they are computed — no
//! debounce. A newer version cancels the work of an older one, checked
//! between the phases of the analysis and before publishing. A long
//! document is analysed off the request loop ([`offload`]).
//!
//! Pulled (`textDocument/diagnostic`) by clients that say they pull: they
//! get no pushes, which they would show twice.

use super::config::Settings;
use super::convert;
use super::documents::TextDocument;
use super::offload;
use super::position::Encoding;
use super::session::Session;
use std::sync::Arc;
use tower_lsp::lsp_types::{Diagnostic, Url};
use tower_lsp::Client;

/// Everything the checks find in `doc`, as diagnostics; `None` as soon as
/// `stale` says the work is no longer wanted.
fn compute(
    doc: &TextDocument,
    settings: &Settings,
    enc: Encoding,
    stale: impl Fn() -> bool,
) -> Option<Vec<Diagnostic>> {
    if stale() {
        return None;
    }
    let findings = doc.analysis().findings_unless(&settings.checks, &stale)?;
    (!stale()).then(|| convert::diagnostics(&doc.rope, enc, &findings))
}

/// Computes and publishes the diagnostics of `uri` as it is now, unless the
/// client pulls them. A long document is analysed in the background: this
/// returns before its diagnostics are published.
pub async fn update(client: &Client, session: &Arc<Session>, uri: Url) {
    if session.client().pull_diagnostics {
        return;
    }
    let ticket = session.diagnostics.next(&uri);
    let Some(doc) = session.documents.get(&uri) else {
        return;
    };
    if doc.len_bytes() <= offload::OFF_LOOP_BYTES {
        publish(client, session, uri, ticket, doc).await;
    } else {
        let (client, session) = (client.clone(), session.clone());
        tokio::spawn(async move { publish(&client, &session, uri, ticket, doc).await });
    }
}

async fn publish(
    client: &Client,
    session: &Arc<Session>,
    uri: Url,
    ticket: u64,
    doc: TextDocument,
) {
    let version = doc.version;
    let (settings, enc) = (session.settings(), session.encoding());
    let work = {
        let (session, uri, doc) = (session.clone(), uri.clone(), doc.clone());
        move || {
            let stale = || !session.diagnostics.is_current(&uri, ticket);
            compute(&doc, &settings, enc, stale)
        }
    };
    let Some(diagnostics) = offload::run(&doc, work).await else {
        return;
    };
    // A change may have arrived while publishing was prepared; its own run
    // publishes.
    if session.diagnostics.is_current(&uri, ticket) {
        client
            .publish_diagnostics(uri, diagnostics, Some(version))
            .await;
    }
}

/// The diagnostics of `doc` for a client that pulls them.
pub async fn pull(session: &Session, doc: TextDocument) -> Vec<Diagnostic> {
    let (settings, enc) = (session.settings(), session.encoding());
    let work = {
        let doc = doc.clone();
        move || compute(&doc, &settings, enc, || false).unwrap_or_default()
    };
    offload::run(&doc, work).await
}

/// Clears the diagnostics of a closed document and cancels pending runs.
pub async fn clear(client: &Client, session: &Session, uri: Url) {
    session.diagnostics.forget(&uri);
    if !session.client().pull_diagnostics {
        client.publish_diagnostics(uri, Vec::new(), None).await;
    }
}

/// Brings the diagnostics of every open document up to date, e.g. after a
/// settings change: republishes them, or asks a pulling client to pull again.
pub async fn refresh_all(client: &Client, session: &Arc<Session>) {
    if session.client().pull_diagnostics {
        // Asked whatever the client said: lsp-types 0.94 reads its
        // `workspace.diagnostics.refreshSupport` under another name, and a
        // client without it only answers MethodNotFound.
        if let Err(e) = client.workspace_diagnostic_refresh().await {
            tracing::debug!("workspace/diagnostic/refresh: {e}");
        }
        return;
    }
    for uri in session.documents.uris() {
        update(client, session, uri).await;
    }
}
