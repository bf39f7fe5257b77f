//! Builds the corpus index in the background, off the request path, into
//! the session's [`IndexSlot`](super::index_slot::IndexSlot).
//!
//! Requests answer empty while there is no index yet. A re-index keeps the
//! old index in service until the new one is ready.

use super::progress::Progress;
use super::session::Session;
use crate::corpus::load::CorpusSpec;
use crate::index::{self, cache, Index};
use crate::locale::Lang;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tower_lsp::lsp_types::MessageType;
use tower_lsp::Client;

/// At most this many skipped-file warnings are shown one by one; the rest
/// are summed up in one message (all are logged).
const MAX_SHOWN_WARNINGS: usize = 5;

/// How often a build's percentage is reported.
const PROGRESS_EVERY: Duration = Duration::from_millis(250);

/// How long an index serves before it is written to the cache, if no newer
/// build has started by then: a template saved again soon makes it old, and
/// writing it (three times the templates' size) would only compete with
/// building the next one for the cores.
const CACHE_AFTER: Duration = Duration::from_secs(2);

/// (Re)builds the index for `spec` unless it is already built, reporting
/// progress and showing a warning for every skipped corpus file.
pub async fn reindex(client: Client, session: Arc<Session>, spec: CorpusSpec) {
    let Some(generation) = session.index.start(&spec) else {
        return;
    };
    let started = Instant::now();
    let cache_dir = session
        .settings()
        .corpus
        .cache
        .then(cache::default_folder)
        .flatten();
    let lang = session.client().lang;
    // What did not change since the index in service read it is kept.
    let previous = session.index.get();
    let progress = Arc::new(index::Progress::default());
    // The build stores its own result, so the index is in service as soon as
    // it is ready, whatever the client does with the progress report.
    let building = session.clone();
    let reporting = progress.clone();
    let mut build = tokio::task::spawn_blocking(move || {
        let loaded = Index::load_with(&spec, cache_dir.as_deref(), previous.as_deref(), &reporting);
        drop(previous);
        let index = Arc::new(loaded.index);
        let from_cache = match &loaded.cache {
            cache::Use::Read(file) => {
                tracing::info!("index read from the cache {}", file.display());
                true
            }
            cache::Use::Rebuilt(miss) => {
                tracing::info!("index built ({miss})");
                false
            }
            cache::Use::Off => false,
        };
        if loaded.kept > 0 {
            tracing::info!(
                "{} unchanged files kept from the previous index",
                loaded.kept
            );
        }
        let summary = summary(
            lang,
            index.phrases.documents(),
            index.phrases.text_bytes(),
            started.elapsed(),
            from_cache,
        );
        if building.index.finish(generation, index.clone()) {
            tracing::info!("index ready: {summary}");
        }
        (
            summary,
            loaded.report,
            loaded.save.map(|save| (save, index)),
        )
    });
    let supported = session.client().work_done_progress;
    let token = format!("jianggao/index/{generation}");
    let progress_report = Progress::begin(
        &client,
        supported,
        token,
        lang.pick("jianggao：正在索引模板", "jianggao: indexing templates"),
    )
    .await;
    // Percentages while the build runs: a build of a few templates ends
    // before the first one.
    let mut shown = 0;
    let built = loop {
        tokio::select! {
            built = &mut build => break built,
            () = tokio::time::sleep(PROGRESS_EVERY) => {
                let percent = progress.percent();
                if percent > shown {
                    shown = percent;
                    progress_report.report(percent).await;
                }
            }
        }
    };
    match built {
        Ok((summary, report, save)) => {
            progress_report.end(summary).await;
            for note in &report.notes {
                tracing::info!("{}", note.message(lang));
            }
            let warnings = report.warnings.iter().map(|w| w.message(lang)).collect();
            show_warnings(&client, lang, warnings).await;
            if let Some((save, index)) = save {
                // Written once the index has served a while, off the request path.
                tokio::spawn(async move {
                    tokio::time::sleep(CACHE_AFTER).await;
                    if !session.index.is_newest(generation) {
                        tracing::debug!("a newer index is being built: this one is not cached");
                        return;
                    }
                    let _ = tokio::task::spawn_blocking(move || match save.save(&index.phrases) {
                        Ok(()) => tracing::info!("index cached in {}", save.file().display()),
                        Err(e) => {
                            tracing::warn!("index not cached in {}: {e}", save.file().display())
                        }
                    })
                    .await;
                });
            }
        }
        Err(e) => {
            tracing::error!("indexing failed: {e}");
            progress_report
                .end(
                    lang.pick("索引失败，详见日志", "indexing failed; see the log")
                        .into(),
                )
                .await;
            let message = match lang {
                Lang::Zh => format!("jianggao：索引失败：{e}"),
                Lang::En => format!("jianggao: indexing failed: {e}"),
            };
            client.show_message(MessageType::ERROR, message).await;
        }
    }
}

/// What the end of a build says: how many templates, how much text, how
/// long it took (the number first: clients and tests read it).
fn summary(lang: Lang, documents: usize, bytes: usize, took: Duration, from_cache: bool) -> String {
    let (kb, ms) = (bytes / 1024, took.as_millis());
    match lang {
        Lang::Zh => {
            let from = if from_cache { "，读自缓存" } else { "" };
            format!("{documents} 篇模板，{kb} KB，用时 {ms} 毫秒{from}")
        }
        Lang::En => {
            let noun = if documents == 1 {
                "template"
            } else {
                "templates"
            };
            let from = if from_cache { ", from the cache" } else { "" };
            format!("{documents} {noun}, {kb} KB in {ms} ms{from}")
        }
    }
}

/// Shows warnings to the user (and logs them), a few at most.
pub async fn show_warnings(client: &Client, lang: Lang, warnings: Vec<String>) {
    for warning in &warnings {
        tracing::warn!("{warning}");
    }
    for warning in warnings.iter().take(MAX_SHOWN_WARNINGS) {
        client
            .show_message(
                MessageType::WARNING,
                format!("jianggao{} {warning}", lang.pick("：", ":")),
            )
            .await;
    }
    if warnings.len() > MAX_SHOWN_WARNINGS {
        let more = warnings.len() - MAX_SHOWN_WARNINGS;
        let message = match lang {
            Lang::Zh => format!("jianggao：另有 {more} 条警告，详见日志"),
            Lang::En if more == 1 => "jianggao: 1 more warning; see the log".to_string(),
            Lang::En => format!("jianggao: {more} more warnings; see the log"),
        };
        client.show_message(MessageType::WARNING, message).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_end_of_a_build_speaks_the_writers_language() {
        let took = Duration::from_millis(52);
        assert_eq!(
            summary(Lang::Zh, 5, 386 * 1024, took, false),
            "5 篇模板，386 KB，用时 52 毫秒"
        );
        assert_eq!(
            summary(Lang::Zh, 26, 1583 * 1024, took, true),
            "26 篇模板，1583 KB，用时 52 毫秒，读自缓存"
        );
        assert_eq!(
            summary(Lang::En, 1, 1024, took, true),
            "1 template, 1 KB in 52 ms, from the cache"
        );
        assert_eq!(
            summary(Lang::En, 5, 0, took, false),
            "5 templates, 0 KB in 52 ms"
        );
    }
}
