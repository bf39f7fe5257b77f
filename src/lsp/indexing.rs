//! Builds the corpus index in the background, off the request path, into
//! the session's [`IndexSlot`](super::index_slot::IndexSlot).
//!
//! Requests answer empty while there is no index yet. A re-index keeps the
//! old index in service until the new one is ready.

use super::progress::Progress;
use super::session::Session;
use crate::corpus::load::CorpusSpec;
use crate::index::Index;
use std::sync::Arc;
use std::time::Instant;
use tower_lsp::lsp_types::MessageType;
use tower_lsp::Client;

/// At most this many skipped-file warnings are shown one by one; the rest
/// are summed up in one message (all are logged).
const MAX_SHOWN_WARNINGS: usize = 5;

/// (Re)builds the index for `spec` unless it is already built, reporting
/// progress and showing a warning for every skipped corpus file.
pub async fn reindex(client: Client, session: Arc<Session>, spec: CorpusSpec) {
    let Some(generation) = session.index.start(&spec) else {
        return;
    };
    let started = Instant::now();
    // The build stores its own result, so the index is in service as soon as
    // it is ready, whatever the client does with the progress report.
    let building = session.clone();
    let build = tokio::task::spawn_blocking(move || {
        let (index, report) = Index::load(&spec);
        let summary = format!(
            "{} templates, {} KB in {} ms",
            index.phrases.documents(),
            index.phrases.text_bytes() / 1024,
            started.elapsed().as_millis()
        );
        if building.index.finish(generation, index) {
            tracing::info!("index ready: {summary}");
        }
        (summary, report)
    });
    let supported = session.client().work_done_progress;
    let token = format!("jianggao/index/{generation}");
    let progress = Progress::begin(&client, supported, token, "jianggao: indexing templates").await;
    match build.await {
        Ok((summary, report)) => {
            progress.end(summary).await;
            let lang = session.client().lang;
            for note in &report.notes {
                tracing::info!("{}", note.message(lang));
            }
            let warnings = report.warnings.iter().map(|w| w.message(lang)).collect();
            show_warnings(&client, warnings).await;
        }
        Err(e) => {
            tracing::error!("indexing failed: {e}");
            progress.end("indexing failed; see the log".into()).await;
            let message = format!("jianggao: indexing failed: {e}");
            client.show_message(MessageType::ERROR, message).await;
        }
    }
}

/// Shows warnings to the user (and logs them), a few at most.
pub async fn show_warnings(client: &Client, warnings: Vec<String>) {
    for warning in &warnings {
        tracing::warn!("{warning}");
    }
    for warning in warnings.iter().take(MAX_SHOWN_WARNINGS) {
        client
            .show_message(MessageType::WARNING, format!("jianggao: {warning}"))
            .await;
    }
    if warnings.len() > MAX_SHOWN_WARNINGS {
        let more = warnings.len() - MAX_SHOWN_WARNINGS;
        client
            .show_message(
                MessageType::WARNING,
                format!("jianggao: {more} more warnings; see the log"),
            )
            .await;
    }
}
