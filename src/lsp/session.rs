//! The state every handler shares. Each field guards itself; no lock is ever
//! held across an `.await`.

use super::config::{Settings, Updates};
use super::documents::DocumentStore;
use super::index_slot::IndexSlot;
use super::outbox::Outbox;
use super::parcels::Parcels;
use super::position::Encoding;
use super::sync::lock;
use super::tickets::Tickets;
use super::watching::Watch;
use crate::corpus::load::CorpusSpec;
use crate::locale::Lang;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

/// What the client said it can do, fixed at `initialize`.
#[derive(Debug, Clone, Default)]
pub struct ClientSupport {
    pub encoding: Encoding,
    pub work_done_progress: bool,
    pub pull_configuration: bool,
    /// Takes nested `DocumentSymbol`s; older clients want a flat list.
    pub hierarchical_symbols: bool,
    /// The workspace folder relative corpus paths are resolved against.
    pub root: Option<PathBuf>,
    /// Every workspace folder: corpus paths from workspace settings must lie
    /// inside one of them.
    pub workspace_folders: Vec<PathBuf>,
    /// The corpus paths of the user's own settings (`initializationOptions`):
    /// only these may lie outside the workspace.
    pub user_corpus_paths: Vec<String>,
    /// The language of messages to the user (the client's `locale`).
    pub lang: Lang,
    /// Asks for diagnostics (`textDocument/diagnostic`) instead of having
    /// them pushed.
    pub pull_diagnostics: bool,
    /// Takes completion items as snippets (`completionItem.snippetSupport`).
    pub snippets: bool,
    /// Watches files for us when asked (`workspace.didChangeWatchedFiles.
    /// dynamicRegistration`), with patterns relative to a folder when
    /// `relative_patterns`.
    pub watch_files: bool,
    pub relative_patterns: bool,
    /// Applies `CreateFile` in a workspace edit (document changes with
    /// resource operations `create`).
    pub create_files: bool,
    /// Shows Markdown in hovers (else plain text).
    pub hover_markdown: bool,
    /// Takes `workspace/inlayHint/refresh`.
    pub inlay_hint_refresh: bool,
}

#[derive(Debug, Default)]
pub struct Session {
    pub documents: DocumentStore,
    pub index: IndexSlot,
    /// Who watches the corpus's files, and the task told of their changes.
    pub watch: Watch,
    /// The newest diagnostics work per document.
    pub diagnostics: Tickets,
    /// Held while a publication of diagnostics is checked (still the newest?)
    /// and sent, so that publications go out in the order of versions. The
    /// one lock held across an `.await`: the send.
    pub publications: tokio::sync::Mutex<()>,
    pub settings_updates: Updates,
    /// Texts of big edits, lifted out of their messages by the transport.
    pub parcels: Arc<Parcels>,
    /// The transport's writer, for notifications too long for tower-lsp.
    pub outbox: Arc<Outbox>,
    client: Mutex<ClientSupport>,
    settings: Mutex<Arc<Settings>>,
    /// The editor's settings as last received (initializationOptions, then
    /// pulled or pushed ones), kept to be read again over the rule files
    /// when one of those changes.
    editor_settings: Mutex<serde_json::Value>,
    /// Messages found before the client can be shown any (during `initialize`).
    pending_warnings: Mutex<Vec<String>>,
    shutdown_requested: AtomicBool,
}

impl Session {
    pub fn client(&self) -> ClientSupport {
        lock(&self.client).clone()
    }

    pub fn set_client(&self, support: ClientSupport) {
        *lock(&self.client) = support;
    }

    /// Follows the editor's workspace folders: `removed` go, `added` come
    /// (each once); the root, against which relative paths are resolved and
    /// from which the project's rule file is found, is the first folder.
    pub fn change_workspace_folders(&self, added: &[PathBuf], removed: &[PathBuf]) {
        let mut client = lock(&self.client);
        client.workspace_folders.retain(|f| !removed.contains(f));
        for folder in added {
            if !client.workspace_folders.contains(folder) {
                client.workspace_folders.push(folder.clone());
            }
        }
        client.root = client.workspace_folders.first().cloned();
    }

    pub fn encoding(&self) -> Encoding {
        lock(&self.client).encoding
    }

    /// What to index for `settings`, under the reach rule: the user's own
    /// paths are those of `initializationOptions` and of the user-level
    /// rule file.
    pub fn corpus_spec(&self, settings: &Settings) -> CorpusSpec {
        let client = lock(&self.client);
        let mut user_paths = client.user_corpus_paths.clone();
        user_paths.extend(settings.files.user_corpus_paths.iter().cloned());
        settings.corpus.spec(
            client.root.as_deref(),
            &user_paths,
            &client.workspace_folders,
        )
    }

    /// Remembers the editor's settings, `None` keeping those last given;
    /// returns the ones in force.
    pub fn editor_settings(&self, new: Option<serde_json::Value>) -> serde_json::Value {
        let mut kept = lock(&self.editor_settings);
        if let Some(new) = new {
            *kept = new;
        }
        kept.clone()
    }

    /// The settings in force: a snapshot that later changes leave alone.
    pub fn settings(&self) -> Arc<Settings> {
        lock(&self.settings).clone()
    }

    /// Replaces the settings and returns the previous ones.
    pub fn replace_settings(&self, settings: Settings) -> Arc<Settings> {
        std::mem::replace(&mut *lock(&self.settings), Arc::new(settings))
    }

    pub fn defer_warnings(&self, warnings: Vec<String>) {
        lock(&self.pending_warnings).extend(warnings);
    }

    pub fn take_deferred_warnings(&self) -> Vec<String> {
        std::mem::take(&mut *lock(&self.pending_warnings))
    }

    pub fn request_shutdown(&self) {
        self.shutdown_requested.store(true, Ordering::SeqCst);
    }

    pub fn shutdown_requested(&self) -> bool {
        self.shutdown_requested.load(Ordering::SeqCst)
    }
}
