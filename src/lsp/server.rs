//! The `LanguageServer` implementation: protocol plumbing only. Each handler
//! runs under [`guard`] and hands the real work to its feature module.
//!
//! tower-lsp runs handlers concurrently, so `didOpen`/`didChange`/`didClose`
//! apply their edit before their first `.await`: that keeps edits in arrival
//! order.

use super::answers::answer;
use super::config::{corpus_paths_in, Settings, SECTION};
use super::inline_completion::{self, InlineCompletionList, InlineCompletionParams};
use super::position::Encoding;
use super::rule_actions::Target;
use super::session::{ClientSupport, Session};
use super::{
    actions, capabilities, completion, diagnostics, documents, guard, indexing, offload, outline,
    watch,
};
use super::{hover, speaking};
use crate::locale::Lang;
use crate::phrases::{Drafts, OwnDraft};
use crate::rules;
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

/// How long the first index waits for the client to agree to watch the
/// corpus: well under [`INDEX_WAIT`], so that a completion asked at once
/// still finds the index (a client answers in milliseconds).
const WATCH_HEAD_START: std::time::Duration = std::time::Duration::from_secs(1);

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
            let uri = &params.text_document.uri;
            let others = self.open_drafts(uri, &settings);
            let drafts = Drafts {
                others: &others,
                own: documents::own_draft(&index.phrases, uri),
            };
            Ok(Some(inline_completion::inline_completion(
                &doc,
                enc,
                params.position,
                &index,
                drafts,
                &settings,
            )))
        })
        .await
    }

    /// The other open documents, searched at completion when the writer's
    /// drafts count (`corpus.workspace`).
    fn open_drafts(&self, uri: &Url, settings: &Settings) -> Arc<str> {
        if !settings.corpus.workspace {
            return Arc::from("");
        }
        self.session.documents.others(uri, OPEN_DRAFTS_BYTES)
    }

    /// Applies new settings: re-indexes when the corpus changed and refreshes
    /// the diagnostics of open documents.
    async fn apply_settings(&self, settings: Settings, warnings: Vec<String>) {
        let spec = self.session.corpus_spec(&settings);
        // Before any `.await`, so that a newer update cannot be overtaken.
        self.session.replace_settings(settings);
        indexing::show_warnings(&self.client, self.session.client().lang, warnings).await;
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
    async fn pull_settings(&self) -> Option<Value> {
        let item = ConfigurationItem {
            scope_uri: None,
            section: Some(SECTION.to_string()),
        };
        let asked = self.client.configuration(vec![item]);
        let value = answer("workspace/configuration", asked).await?.pop()?;
        let has_content = value.as_object().is_some_and(|o| !o.is_empty());
        has_content.then_some(value)
    }

    /// Reads the settings again: `editor`'s (or the editor's last ones) over
    /// the rule files as they are now, and applies them.
    async fn reload(&self, editor: Option<Value>) {
        let editor = self.session.editor_settings(editor);
        let client = self.session.client();
        let update = self
            .session
            .settings_updates
            .read(editor, client.root, client.lang);
        if let Some((settings, warnings)) = update.await {
            self.apply_settings(settings, warnings).await;
        }
    }

    /// Reloads when a rule file appeared, went or changed since the
    /// settings in force were read (for editors that do not watch files).
    async fn reload_if_rule_files_changed(&self) {
        let (root, read) = (
            self.session.client().root,
            self.session.settings().files.clone(),
        );
        let changed = tokio::task::spawn_blocking(move || {
            let now = rules::Sources::find(root.as_deref());
            now != read.sources || now.fingerprint() != read.fingerprint
        })
        .await
        .unwrap_or(false);
        if changed {
            tracing::info!("a rule file changed: reloading the settings");
            self.reload(None).await;
        }
    }

    /// Asks the client to tell us of changes to the rule files
    /// (`workspace/didChangeWatchedFiles`), when it can be asked.
    async fn watch_rule_files(&self) {
        let mut globs: Vec<String> = rules::FILE_NAMES
            .iter()
            .map(|n| format!("**/{n}"))
            .collect();
        let sources = self.session.settings().files.sources.clone();
        let root = self.session.client().root;
        // Files outside the workspace (the user's, a parent folder's) by their path.
        for path in sources.user.iter().chain(sources.project.iter()) {
            if root.as_ref().is_none_or(|r| !path.starts_with(r)) {
                globs.push(path.display().to_string());
            }
        }
        let watchers: Vec<Value> = globs
            .iter()
            .map(|g| serde_json::json!({ "globPattern": g }))
            .collect();
        let registration = Registration {
            id: "jianggao/rule-files".into(),
            method: "workspace/didChangeWatchedFiles".into(),
            register_options: Some(serde_json::json!({ "watchers": watchers })),
        };
        // Unanswered, the rule files are read again at each open and save.
        let registered = self.client.register_capability(vec![registration]);
        answer("registering the rule files' watch", registered).await;
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
            let options = params.initialization_options.clone().unwrap_or(Value::Null);
            // initializationOptions are the user's own settings.
            let user_corpus_paths = corpus_paths_in(&options);
            let workspace = caps.workspace.as_ref();
            let edits = workspace.and_then(|w| w.workspace_edit.as_ref());
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
                snippets: caps
                    .text_document
                    .as_ref()
                    .and_then(|t| t.completion.as_ref())
                    .and_then(|c| c.completion_item.as_ref())
                    .and_then(|i| i.snippet_support)
                    == Some(true),
                watch_files: watched_files(caps).and_then(|w| w.dynamic_registration) == Some(true)
                    && !reports_only_its_own_writes(&params),
                relative_patterns: watched_files(caps).and_then(|w| w.relative_pattern_support)
                    == Some(true),
                create_files: edits.is_some_and(|e| {
                    e.document_changes == Some(true)
                        && e.resource_operations
                            .as_ref()
                            .is_some_and(|ops| ops.contains(&ResourceOperationKind::Create))
                }),
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
            let editor = self.session.editor_settings(Some(options));
            let root = workspace_root(&params);
            let lang = self.session.client().lang;
            let update = self.session.settings_updates.read(editor, root, lang).await;
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
            // change falls in between. A client slow to answer the
            // registration holds the index up WATCH_HEAD_START at most: a
            // change in the rest of its delay waits for the next one.
            watch::start(self.client.clone(), self.session.clone());
            let (client, session) = (self.client.clone(), self.session.clone());
            let following = tokio::spawn(async move { watch::follow(&client, &session).await });
            if tokio::time::timeout(WATCH_HEAD_START, following)
                .await
                .is_err()
            {
                tracing::warn!("indexing before the client agreed to watch the corpus");
            }
            // Index with what initializationOptions said right away; pulled
            // settings re-index only if they change the corpus.
            let spec = self.session.corpus_spec(&self.session.settings());
            tokio::spawn(indexing::reindex(
                self.client.clone(),
                self.session.clone(),
                spec,
            ));
            let warnings = self.session.take_deferred_warnings();
            indexing::show_warnings(&self.client, self.session.client().lang, warnings).await;
            if self.session.client().watch_files {
                self.watch_rule_files().await;
            }
            if self.session.client().pull_configuration {
                if let Some(value) = self.pull_settings().await {
                    self.reload(Some(value)).await;
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
            self.reload_if_rule_files_changed().await;
        })
        .await
    }

    async fn did_save(&self, _: DidSaveTextDocumentParams) {
        guard::notification("textDocument/didSave", async {
            self.reload_if_rule_files_changed().await;
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
                Some(params.settings.clone())
            } else if self.session.client().pull_configuration {
                self.pull_settings().await
            } else {
                None
            };
            if let Some(value) = update {
                self.reload(Some(value)).await;
            }
        })
        .await
    }

    async fn did_change_workspace_folders(&self, params: DidChangeWorkspaceFoldersParams) {
        guard::notification("workspace/didChangeWorkspaceFolders", async {
            let paths = |folders: &[WorkspaceFolder]| -> Vec<PathBuf> {
                folders
                    .iter()
                    .filter_map(|f| f.uri.to_file_path().ok())
                    .collect()
            };
            let (added, removed) = (paths(&params.event.added), paths(&params.event.removed));
            tracing::info!("workspace folders: {added:?} added, {removed:?} removed");
            self.session.change_workspace_folders(&added, &removed);
            // The corpus (drafts, the reach rule), the project's rule file
            // and what is watched all follow the folders.
            self.reload(None).await;
        })
        .await
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        guard::notification("workspace/didChangeWatchedFiles", async {
            let paths = params
                .changes
                .iter()
                .filter_map(|change| change.uri.to_file_path().ok())
                .collect::<Vec<_>>();
            // A rule file by its name, or the user file wherever it is.
            let sources = self.session.settings().files.sources.clone();
            let rule_file = paths.iter().any(|p| {
                sources.user.as_ref() == Some(p)
                    || p.file_name()
                        .is_some_and(|n| rules::FILE_NAMES.iter().any(|r| n == *r))
            });
            self.session.watch.changed(paths);
            if rule_file {
                self.reload(None).await;
            }
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
            let (enc, settings, client) = (
                self.session.encoding(),
                self.session.settings(),
                self.session.client(),
            );
            let (project, draft) = (
                settings.files.sources.project.clone(),
                params.text_document.uri.clone(),
            );
            let target = tokio::task::spawn_blocking(move || {
                let root = client.root.as_deref();
                Target::find(project.as_deref(), root, &draft, client.create_files)
            })
            .await
            .ok()
            .flatten();
            let checks = settings.checks.clone();
            Ok(Some(
                actions::code_actions(doc, enc, params, checks, target).await,
            ))
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
            let uri = at.text_document.uri;
            let work = {
                let doc = doc.clone();
                move || {
                    let asked = hover::Asked {
                        position: at.position,
                        enc,
                        markdown,
                    };
                    let index = index
                        .as_deref()
                        .map(|i| (i, documents::own_draft(&i.phrases, &uri)));
                    hover::hover(&doc, asked, index, &settings)
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
            let uri = &at.text_document.uri;
            let others = self.open_drafts(uri, &settings);
            let drafts = Drafts {
                others: &others,
                own: index
                    .as_deref()
                    .map_or(OwnDraft::NONE, |i| documents::own_draft(&i.phrases, uri)),
            };
            let list = completion::complete(
                &doc,
                self.session.encoding(),
                at.position,
                index.as_deref(),
                drafts,
                &settings,
                &self.session.client(),
            );
            Ok(Some(CompletionResponse::List(list)))
        })
        .await
    }
}
