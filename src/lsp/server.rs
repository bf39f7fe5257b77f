//! The `LanguageServer` implementation: protocol plumbing only. Each handler
//! runs under [`guard`] and hands the real work to its feature module.
//!
//! tower-lsp runs handlers concurrently, so `didOpen`/`didChange`/`didClose`
//! apply their edit before their first `.await`: that keeps edits in arrival
//! order.

use super::config::{Settings, SECTION};
use super::inline_completion::{self, InlineCompletionList, InlineCompletionParams};
use super::position::Encoding;
use super::session::{ClientSupport, Session};
use super::{
    actions, capabilities, completion, diagnostics, guard, indexing, offload, outline, watch,
};
use super::{hover, speaking};
use crate::locale::Lang;
use serde_json::Value;
use std::path::PathBuf;
use std::sync::Arc;
use tower_lsp::jsonrpc::Result;
use tower_lsp::lsp_types::*;
use tower_lsp::{Client, LanguageServer};

/// The most text of the other open documents that completion searches for
/// phrases the writer already used.
const OPEN_DRAFTS_BYTES: usize = 1 << 20;

/// How long a completion that arrives while the first index is being built
/// waits for it: an editor asks once after opening a draft, and an empty
/// answer then would show nothing until the writer types on.
const INDEX_WAIT: std::time::Duration = std::time::Duration::from_secs(2);

pub struct Backend {
    client: Client,
    session: Arc<Session>,
}

impl Backend {
    pub fn new(client: Client) -> Self {
        Backend {
            client,
            session: Arc::new(Session::default()),
        }
    }

    pub fn session(&self) -> &Arc<Session> {
        &self.session
    }

    /// `jianggao/debugPanic`, registered only when `JIANGGAO_DEBUG_PANIC` is
    /// set: lets the end-to-end tests prove that a panicking handler does not
    /// take the server down.
    pub async fn debug_panic(&self, _params: Value) -> Result<Value> {
        guard::request("jianggao/debugPanic", async {
            panic!("requested by jianggao/debugPanic")
        })
        .await
    }

    /// `textDocument/inlineCompletion`: ghost text for the best continuation.
    pub async fn inline_completion(
        &self,
        params: InlineCompletionParams,
    ) -> Result<Option<InlineCompletionList>> {
        guard::request(inline_completion::METHOD, async {
            let Some(doc) = self.session.documents.get(&params.text_document.uri) else {
                return Ok(None);
            };
            let settings = self.session.settings();
            if !settings.completion.enable || !settings.completion.inline.enable {
                return Ok(Some(InlineCompletionList::default()));
            }
            let Some(index) = self.session.index.wait_ready(INDEX_WAIT).await else {
                return Ok(Some(InlineCompletionList::default()));
            };
            let enc = self.session.encoding();
            let others = self.open_drafts(&params.text_document.uri, &settings);
            Ok(Some(inline_completion::inline_completion(
                &doc,
                enc,
                params.position,
                &index,
                &others,
                &settings,
            )))
        })
        .await
    }

    /// The other open documents, searched at completion when the writer's
    /// drafts count (`corpus.workspace`).
    fn open_drafts(&self, uri: &Url, settings: &Settings) -> String {
        if !settings.corpus.workspace {
            return String::new();
        }
        self.session.documents.others(uri, OPEN_DRAFTS_BYTES)
    }

    /// Applies new settings: re-indexes when the corpus changed and refreshes
    /// the diagnostics of open documents.
    async fn apply_settings(&self, settings: Settings, warnings: Vec<String>) {
        let spec = self.session.corpus_spec(&settings);
        // Before any `.await`, so that a newer update cannot be overtaken.
        self.session.replace_settings(settings);
        indexing::show_warnings(&self.client, warnings).await;
        tokio::spawn(indexing::reindex(
            self.client.clone(),
            self.session.clone(),
            spec,
        ));
        // After the re-index is on its way, so that waiting for the client
        // here cannot hold it back behind a newer update's.
        watch::follow(&self.client, &self.session).await;
        diagnostics::refresh_all(&self.client, &self.session).await;
        if self.session.client().inlay_hint_refresh {
            // The rate or the target may have changed.
            let _ = self.client.inlay_hint_refresh().await;
        }
    }

    /// Asks the client for the `jianggao` section (`workspace/configuration`).
    /// `None` when the client has nothing for us: the settings we have stay.
    async fn pull_settings(&self) -> Option<(Settings, Vec<String>)> {
        let item = ConfigurationItem {
            scope_uri: None,
            section: Some(SECTION.to_string()),
        };
        let value = self.client.configuration(vec![item]).await.ok()?.pop()?;
        let has_content = value.as_object().is_some_and(|o| !o.is_empty());
        if !has_content {
            return None;
        }
        self.session.settings_updates.read(value).await
    }
}

/// What the client says about watching files for us.
fn watched_files(caps: &ClientCapabilities) -> Option<&DidChangeWatchedFilesClientCapabilities> {
    caps.workspace.as_ref()?.did_change_watched_files.as_ref()
}

/// Helix registers file watchers but reports only the changes it makes
/// itself, not a template copied in from elsewhere (helix-editor/helix#11882):
/// for Helix the server watches the files itself.
fn reports_only_its_own_writes(params: &InitializeParams) -> bool {
    params
        .client_info
        .as_ref()
        .is_some_and(|c| c.name.eq_ignore_ascii_case("helix"))
}

fn workspace_root(params: &InitializeParams) -> Option<PathBuf> {
    workspace_folders(params).into_iter().next()
}

/// The workspace folders, or the root of older clients.
fn workspace_folders(params: &InitializeParams) -> Vec<PathBuf> {
    #[allow(deprecated)] // root_uri is what older clients send
    let uris: Vec<&Url> = match &params.workspace_folders {
        Some(folders) if !folders.is_empty() => folders.iter().map(|f| &f.uri).collect(),
        _ => params.root_uri.iter().collect(),
    };
    uris.into_iter()
        .filter_map(|uri| uri.to_file_path().ok())
        .collect()
}

#[tower_lsp::async_trait]
impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        guard::request("initialize", async {
            let caps = &params.capabilities;
            let encoding = Encoding::negotiate(
                caps.general
                    .as_ref()
                    .and_then(|g| g.position_encodings.as_deref()),
            );
            let update = match params.initialization_options.clone() {
                Some(options) => self.session.settings_updates.read(options).await,
                None => None,
            };
            // initializationOptions are the user's own settings.
            let user_corpus_paths = update
                .as_ref()
                .map(|(settings, _)| settings.corpus.paths.clone())
                .unwrap_or_default();
            self.session.set_client(ClientSupport {
                encoding,
                work_done_progress: caps.window.as_ref().and_then(|w| w.work_done_progress)
                    == Some(true),
                pull_configuration: caps.workspace.as_ref().and_then(|w| w.configuration)
                    == Some(true),
                hierarchical_symbols: caps
                    .text_document
                    .as_ref()
                    .and_then(|t| t.document_symbol.as_ref())
                    .and_then(|d| d.hierarchical_document_symbol_support)
                    == Some(true),
                root: workspace_root(&params),
                workspace_folders: workspace_folders(&params),
                user_corpus_paths,
                lang: params.locale.as_deref().map_or(Lang::Zh, Lang::from_tag),
                pull_diagnostics: caps
                    .text_document
                    .as_ref()
                    .is_some_and(|t| t.diagnostic.is_some()),
                watch_files: watched_files(caps).and_then(|w| w.dynamic_registration) == Some(true)
                    && !reports_only_its_own_writes(&params),
                relative_patterns: watched_files(caps).and_then(|w| w.relative_pattern_support)
                    == Some(true),
                hover_markdown: caps
                    .text_document
                    .as_ref()
                    .and_then(|t| t.hover.as_ref())
                    .and_then(|h| h.content_format.as_ref())
                    .is_some_and(|formats| formats.contains(&MarkupKind::Markdown)),
                inlay_hint_refresh: caps
                    .workspace
                    .as_ref()
                    .and_then(|w| w.inlay_hint.as_ref())
                    .and_then(|i| i.refresh_support)
                    == Some(true),
            });
            if let Some((settings, warnings)) = update {
                self.session.replace_settings(settings);
                // Nothing can be shown to the user before `initialized`.
                self.session.defer_warnings(warnings);
            }
            tracing::info!(?encoding, "initialize");
            Ok(InitializeResult {
                capabilities: capabilities::capabilities(encoding),
                server_info: Some(ServerInfo {
                    name: env!("CARGO_PKG_NAME").to_string(),
                    version: Some(env!("CARGO_PKG_VERSION").to_string()),
                }),
            })
        })
        .await
    }

    async fn initialized(&self, _: InitializedParams) {
        guard::notification("initialized", async {
            // Watch before the first index reads the files, so that no
            // change falls in between (a client that does not answer the
            // registration holds this up a few seconds at most).
            watch::start(self.client.clone(), self.session.clone());
            watch::follow(&self.client, &self.session).await;
            // Index with what initializationOptions said right away; pulled
            // settings re-index only if they change the corpus.
            let spec = self.session.corpus_spec(&self.session.settings());
            tokio::spawn(indexing::reindex(
                self.client.clone(),
                self.session.clone(),
                spec,
            ));
            let warnings = self.session.take_deferred_warnings();
            indexing::show_warnings(&self.client, warnings).await;
            if self.session.client().pull_configuration {
                if let Some((settings, warnings)) = self.pull_settings().await {
                    self.apply_settings(settings, warnings).await;
                }
            }
        })
        .await
    }

    async fn shutdown(&self) -> Result<()> {
        self.session.request_shutdown();
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        guard::notification("textDocument/didOpen", async {
            let doc = params.text_document;
            let text = self.session.parcels.claim(doc.text);
            self.session
                .documents
                .open(doc.uri.clone(), &doc.language_id, doc.version, text);
            diagnostics::update(&self.client, &self.session, doc.uri);
        })
        .await
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        guard::notification("textDocument/didChange", async {
            let uri = params.text_document.uri;
            let enc = self.session.encoding();
            let mut changes = params.content_changes;
            for change in &mut changes {
                change.text = self.session.parcels.claim(std::mem::take(&mut change.text));
            }
            let changed =
                self.session
                    .documents
                    .change(&uri, params.text_document.version, changes, enc);
            match changed {
                Ok(_) => diagnostics::update(&self.client, &self.session, uri),
                Err(e) => tracing::warn!("didChange ignored: {e}"),
            }
        })
        .await
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        guard::notification("textDocument/didClose", async {
            let uri = params.text_document.uri;
            self.session.documents.close(&uri);
            if let Ok(path) = uri.to_file_path() {
                self.session.watch.closed(path);
            }
            diagnostics::clear(&self.client, &self.session, uri).await;
        })
        .await
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        guard::notification("workspace/didChangeConfiguration", async {
            // Push-style clients send the settings; pull-style ones send null
            // and expect us to ask.
            let pushed = params.settings.as_object().is_some_and(|o| !o.is_empty());
            let update = if pushed {
                let settings = params.settings.clone();
                self.session.settings_updates.read(settings).await
            } else if self.session.client().pull_configuration {
                self.pull_settings().await
            } else {
                None
            };
            if let Some((settings, warnings)) = update {
                self.apply_settings(settings, warnings).await;
            }
        })
        .await
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        guard::notification("workspace/didChangeWatchedFiles", async {
            let paths = params
                .changes
                .iter()
                .filter_map(|change| change.uri.to_file_path().ok())
                .collect();
            self.session.watch.changed(paths);
        })
        .await
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        guard::request("textDocument/documentSymbol", async {
            let Some(doc) = self.session.documents.get(&params.text_document.uri) else {
                return Ok(None);
            };
            let enc = self.session.encoding();
            let rate = self.session.settings().speech.chars_per_minute;
            let work = {
                let doc = doc.clone();
                move || outline::document_symbols(&doc, enc, rate)
            };
            let symbols = offload::run(&doc, work).await;
            if self.session.client().hierarchical_symbols {
                Ok(Some(DocumentSymbolResponse::Nested(symbols)))
            } else {
                let uri = params.text_document.uri;
                Ok(Some(DocumentSymbolResponse::Flat(outline::flatten(
                    &uri, symbols,
                ))))
            }
        })
        .await
    }

    async fn folding_range(&self, params: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        guard::request("textDocument/foldingRange", async {
            let Some(doc) = self.session.documents.get(&params.text_document.uri) else {
                return Ok(None);
            };
            let work = {
                let doc = doc.clone();
                move || outline::folding_ranges(&doc)
            };
            Ok(Some(offload::run(&doc, work).await))
        })
        .await
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        guard::request("textDocument/codeAction", async {
            let Some(doc) = self.session.documents.get(&params.text_document.uri) else {
                return Ok(None);
            };
            let (enc, checks) = (
                self.session.encoding(),
                self.session.settings().checks.clone(),
            );
            Ok(Some(actions::code_actions(doc, enc, params, checks).await))
        })
        .await
    }

    async fn diagnostic(
        &self,
        params: DocumentDiagnosticParams,
    ) -> Result<DocumentDiagnosticReportResult> {
        guard::request("textDocument/diagnostic", async {
            let items = match self.session.documents.get(&params.text_document.uri) {
                Some(doc) => diagnostics::pull(&self.session, &params.text_document.uri, doc).await,
                None => Vec::new(),
            };
            let report = RelatedFullDocumentDiagnosticReport {
                related_documents: None,
                full_document_diagnostic_report: FullDocumentDiagnosticReport {
                    result_id: None,
                    items,
                },
            };
            Ok(DocumentDiagnosticReportResult::Report(
                DocumentDiagnosticReport::Full(report),
            ))
        })
        .await
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        guard::request("textDocument/inlayHint", async {
            let Some(doc) = self.session.documents.get(&params.text_document.uri) else {
                return Ok(None);
            };
            let (enc, settings) = (self.session.encoding(), self.session.settings());
            let work = {
                let doc = doc.clone();
                move || speaking::inlay_hints(&doc, enc, params.range, &settings)
            };
            Ok(Some(offload::run(&doc, work).await))
        })
        .await
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        guard::request("textDocument/hover", async {
            let at = params.text_document_position_params;
            let Some(doc) = self.session.documents.get(&at.text_document.uri) else {
                return Ok(None);
            };
            let (enc, settings) = (self.session.encoding(), self.session.settings());
            let markdown = self.session.client().hover_markdown;
            let index = self.session.index.wait_ready(INDEX_WAIT).await;
            let work = {
                let doc = doc.clone();
                move || {
                    let asked = hover::Asked {
                        position: at.position,
                        enc,
                        markdown,
                    };
                    hover::hover(&doc, asked, index.as_deref(), &settings)
                }
            };
            Ok(offload::run(&doc, work).await)
        })
        .await
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        guard::request("textDocument/completion", async {
            let at = params.text_document_position;
            let Some(doc) = self.session.documents.get(&at.text_document.uri) else {
                return Ok(None);
            };
            let settings = self.session.settings();
            if !settings.completion.enable {
                return Ok(None);
            }
            let index = self.session.index.wait_ready(INDEX_WAIT).await;
            let others = self.open_drafts(&at.text_document.uri, &settings);
            let list = completion::complete(
                &doc,
                self.session.encoding(),
                at.position,
                index.as_deref(),
                &others,
                &settings,
                self.session.client().lang,
            );
            Ok(Some(CompletionResponse::List(list)))
        })
        .await
    }
}
