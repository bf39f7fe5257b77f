//! Diagnostics (what the checks find), pushed or pulled.
//!
//! Pushed (`textDocument/publishDiagnostics`, with the version) to clients
//! that do not pull: for each version as soon as they are computed — no
//! debounce. A newer version cancels the work of an older one, checked
//! between the checks of the analysis and before publishing. A long
//! document is analysed off the request loop ([`offload`]). At most
//! [`MAX_PER_DOCUMENT`] are published, then one saying how many were left out.
//!
//! Pulled (`textDocument/diagnostic`) by clients that say they pull: they
//! get no pushes, which they would show twice.

use super::config::Settings;
use super::convert;
use super::documents::{TextDocument, PROBLEMS_KEPT};
use super::offload;
use super::outbox;
use super::position::{Encoding, Positions};
use super::session::Session;
use crate::analysis::{Finding, Severity};
use std::sync::Arc;
use tower_lsp::lsp_types::notification::{Notification, PublishDiagnostics};
use tower_lsp::lsp_types::{Diagnostic, PublishDiagnosticsParams, Url};
use tower_lsp::Client;

/// Most diagnostics published for one document. An extra pattern like
/// `\p{Han}` matches every character: unbounded, a 1 MB draft published
/// 315,000 diagnostics (1 GB). Every publication passes through [`limit`].
pub const MAX_PER_DOCUMENT: usize = 2000;

// Every finding published is one the analysis kept: a rule's first
// `PROBLEMS_KEPT` hold the first `MAX_PER_DOCUMENT` of the document.
const _: () = assert!(PROBLEMS_KEPT >= MAX_PER_DOCUMENT);

/// Code of the diagnostic that says how many were left out.
pub const LEFT_OUT: &str = "left-out";

/// `findings` (in document order) as diagnostics: the first
/// [`MAX_PER_DOCUMENT`] and, if there were more, one more at the first left
/// out saying how many (`beyond`: those the analysis did not keep, see
/// [`PROBLEMS_KEPT`]). Only those published are converted.
fn limit(at: &Positions, findings: &[Finding], beyond: usize) -> Vec<Diagnostic> {
    let shown = &findings[..findings.len().min(MAX_PER_DOCUMENT)];
    let mut diagnostics = convert::diagnostics_at(at, shown);
    if let Some(first) = findings.get(MAX_PER_DOCUMENT) {
        let left_out = findings.len() - MAX_PER_DOCUMENT + beyond;
        let note = Finding {
            range: first.range.clone(),
            code: LEFT_OUT,
            severity: Severity::Information,
            message: format!(
                "另有{left_out}处提示未列出：每个文档最多列出{MAX_PER_DOCUMENT}处，从这里起的其余提示均未显示。"
            ),
            // No check's: a note, with no fixes.
            check: usize::MAX,
        };
        diagnostics.extend(convert::diagnostics_at(at, &[note]));
    }
    diagnostics
}

/// Everything the checks find in `doc`, as diagnostics; `None` as soon as
/// `stale` says the work is no longer wanted.
pub fn compute(
    doc: &TextDocument,
    uri: &Url,
    settings: &Settings,
    enc: Encoding,
    stale: impl Fn() -> bool + Sync,
) -> Option<Vec<Diagnostic>> {
    if stale() {
        return None;
    }
    let analysis = doc.analysis();
    let findings = analysis.findings_unless(&settings.checks, &stale)?;
    if stale() {
        return None;
    }
    let at = Positions::new(doc.content(), analysis.text(), analysis.lines(), enc);
    let mut diagnostics = limit(&at, &findings, analysis.left_out(&settings.checks));
    // The other places a finding is about (the same kind of number written
    // the rarer way), as related information.
    for (diagnostic, finding) in diagnostics.iter_mut().zip(findings.iter()) {
        let related = analysis.related(&settings.checks, finding);
        if !related.is_empty() {
            diagnostic.related_information =
                Some(convert::related(doc.content(), enc, uri, &related));
        }
    }
    Some(diagnostics)
}

/// Publishes the diagnostics of `uri` as it is now, unless the client pulls
/// them. The work is a task of its own, started at once: a burst of edits is
/// analysed for the newest version only (older tasks find they are stale),
/// and the handler goes on without waiting for it.
pub fn update(client: &Client, session: &Arc<Session>, uri: Url) {
    if session.client().pull_diagnostics {
        return;
    }
    let ticket = session.diagnostics.next(&uri);
    let Some(doc) = session.documents.get(&uri) else {
        return;
    };
    let (client, session) = (client.clone(), session.clone());
    tokio::spawn(async move { publish(&client, &session, uri, ticket, doc).await });
}

/// Diagnostics ready to go: as the JSON body of their notification when the
/// transport's outbox takes it, else for tower-lsp's client to send.
enum Ready {
    Body(Vec<u8>),
    Diagnostics(Vec<Diagnostic>),
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
            let diagnostics = compute(&doc, &uri, &settings, enc, stale)?;
            if !session.outbox.is_open() {
                return Some(Ready::Diagnostics(diagnostics));
            }
            let params = PublishDiagnosticsParams::new(uri, diagnostics, Some(version));
            Some(Ready::Body(outbox::notification(
                PublishDiagnostics::METHOD,
                &params,
            )))
        }
    };
    let Some(ready) = offload::run(&doc, work).await else {
        return;
    };
    // A change may have arrived while computing; its own task publishes.
    // Checked and sent under `publications`, so an older version's
    // diagnostics never overtake a newer one's.
    let _order = session.publications.lock().await;
    if session.diagnostics.is_current(&uri, ticket) {
        match ready {
            Ready::Body(body) => {
                session.outbox.send(body);
            }
            Ready::Diagnostics(diagnostics) => {
                client
                    .publish_diagnostics(uri, diagnostics, Some(version))
                    .await;
            }
        }
    }
}

/// The diagnostics of `doc` for a client that pulls them.
pub async fn pull(session: &Session, uri: &Url, doc: TextDocument) -> Vec<Diagnostic> {
    let (settings, enc) = (session.settings(), session.encoding());
    let work = {
        let (doc, uri) = (doc.clone(), uri.clone());
        move || compute(&doc, &uri, &settings, enc, || false).unwrap_or_default()
    };
    offload::run(&doc, work).await
}

/// Clears the diagnostics of a closed document and cancels pending runs.
pub async fn clear(client: &Client, session: &Session, uri: Url) {
    session.diagnostics.forget(&uri);
    let _order = session.publications.lock().await;
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
        update(client, session, uri);
    }
}

#[cfg(test)]
mod tests {
    use super::super::position::Content;
    use super::*;
    use ropey::Rope;

    /// One finding per line of a text of `lines` lines.
    fn flood(lines: usize) -> (String, Vec<Finding>) {
        let text = "某某\n".repeat(lines);
        let findings = (0..lines)
            .map(|i| Finding {
                range: i * 7..i * 7 + 6,
                code: "name",
                severity: Severity::Warning,
                message: String::new(),
                check: 0,
            })
            .collect();
        (text, findings)
    }

    #[test]
    fn a_flood_is_cut_in_document_order_with_a_note() {
        let (text, findings) = flood(MAX_PER_DOCUMENT + 500);
        let (rope, lines) = (Rope::from_str(&text), crate::text::lines(&text));
        let limited = limit(
            &Positions::new(Content::Rope(&rope), &text, &lines, Encoding::Utf16),
            &findings,
            0,
        );
        assert_eq!(limited.len(), MAX_PER_DOCUMENT + 1);
        assert!(limited[..MAX_PER_DOCUMENT]
            .iter()
            .enumerate()
            .all(|(i, d)| d.range.start.line == i as u32));
        let note = limited.last().unwrap();
        assert_eq!(note.range.start.line, MAX_PER_DOCUMENT as u32);
        let code = tower_lsp::lsp_types::NumberOrString::String(LEFT_OUT.into());
        assert_eq!(note.code, Some(code));
        assert!(note.message.contains("另有500处"), "{}", note.message);
    }

    #[test]
    fn up_to_the_limit_nothing_changes() {
        let (text, findings) = flood(MAX_PER_DOCUMENT);
        let (rope, lines) = (Rope::from_str(&text), crate::text::lines(&text));
        let all = convert::diagnostics(Content::Rope(&rope), Encoding::Utf16, &findings);
        let at = Positions::new(Content::Rope(&rope), &text, &lines, Encoding::Utf16);
        assert_eq!(limit(&at, &findings, 0), all);
    }
}
