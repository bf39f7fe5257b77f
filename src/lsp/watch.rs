//! Keeps the index in step with the files it was built from: the corpus
//! paths and, for drafts, the workspace folders.
//!
//! The client watches them when it can (`workspace/didChangeWatchedFiles`,
//! registered dynamically); otherwise a file-system watcher of our own
//! (`notify`) does. Either way the changed paths go to one task, which waits
//! until [`QUIET`] passes without another change, keeps the paths that can
//! change the corpus ([`Roots::affects`]: the walker's rules) and re-indexes
//! once. A folder copied in is one re-index, not one per file; a re-index
//! runs off the request path, the old index serving until it is done.

use super::answers::answer;
use super::indexing;
use super::session::Session;
use super::sync::lock;
use crate::corpus::changes::{draft_folders, Roots};
use crate::corpus::load::MAX_DRAFT_ENTRIES;
use crate::corpus::walk::is_template_name;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::mpsc;
use tower_lsp::lsp_types::{
    DidChangeWatchedFilesRegistrationOptions, FileSystemWatcher, GlobPattern, OneOf, Registration,
    RelativePattern, Unregistration, Url,
};
use tower_lsp::Client;

/// How long the files must stay still before a re-index: a save is one
/// event or a few, a folder copied in a burst of them.
pub const QUIET: Duration = Duration::from_millis(300);

const METHOD: &str = "workspace/didChangeWatchedFiles";
const REGISTRATION_ID: &str = "jianggao/watch-corpus";

/// Starts the task that turns changes into re-indexes.
pub fn start(client: Client, session: Arc<Session>) {
    let (tx, rx) = mpsc::unbounded_channel();
    session.watch.connect(tx);
    tokio::spawn(coalesce(client, session, rx));
}

/// Watches what the settings in force read: asks the client to, or starts
/// our own watcher. Nothing changes when the same paths are watched already.
pub async fn follow(client: &Client, session: &Arc<Session>) {
    let _arming = session.watch.arming.lock().await;
    let roots = Roots::of(&session.corpus_spec(&session.settings()));
    let registered = {
        let mut watching = lock(&session.watch.watching);
        if watching.roots == roots && (watching.registered || watching.watcher.is_some()) {
            return;
        }
        watching.roots = roots.clone();
        // Dropping the watcher stops it.
        watching.watcher = None;
        std::mem::take(&mut watching.registered)
    };
    let support = session.client();
    if registered {
        let gone = Unregistration {
            id: REGISTRATION_ID.into(),
            method: METHOD.into(),
        };
        let stopped = client.unregister_capability(vec![gone]);
        answer("unregistering the corpus watch", stopped).await;
    }
    if roots.is_empty() {
        return;
    }
    if support.watch_files {
        let registration = registration(&roots, support.relative_patterns);
        let registered = client.register_capability(vec![registration]);
        if answer("registering the corpus watch", registered)
            .await
            .is_some()
        {
            lock(&session.watch.watching).registered = true;
            tracing::info!("the client watches the corpus");
            return;
        }
        tracing::warn!("the client did not agree to watch the corpus; watching it ourselves");
    }
    watch_ourselves(session, roots).await;
}

/// Starts our own watcher over `roots` in place of the one before (if any:
/// the new one watches before the old one stops, so nothing falls between).
async fn watch_ourselves(session: &Arc<Session>, roots: Roots) {
    let Some(changes) = session.watch.sender() else {
        return;
    };
    let watcher = tokio::task::spawn_blocking(move || own_watcher(&roots, changes)).await;
    if let Ok(Some(watcher)) = watcher {
        let mut watching = lock(&session.watch.watching);
        if !watching.registered {
            watching.watcher = Some(watcher);
        }
    }
}

/// Before a re-index, our own watcher takes in the folders of drafts made
/// since it started (it watches them one by one).
async fn refresh(session: &Arc<Session>) {
    let _arming = session.watch.arming.lock().await;
    let roots = {
        let watching = lock(&session.watch.watching);
        let ours = watching.watcher.is_some();
        if !ours || !watching.roots.iter().any(|r| r.is_drafts()) {
            return;
        }
        watching.roots.clone()
    };
    watch_ourselves(session, roots).await;
}

/// The registration asking the client to watch `roots`: a folder and all
/// below it (folders count: one removed takes its templates along), a file
/// by itself.
fn registration(roots: &Roots, relative: bool) -> Registration {
    let watchers = roots
        .iter()
        .filter_map(|root| {
            let path = &root.path;
            // A template file named but not there yet is still a file.
            let file = path.is_file() || (!path.is_dir() && is_template_name(path));
            let glob_pattern = if relative {
                let (base, pattern) = match (file, path.parent(), path.file_name()) {
                    (true, Some(parent), Some(name)) => (parent, name.to_string_lossy().into()),
                    _ => (path.as_path(), "**/*".to_string()),
                };
                GlobPattern::Relative(RelativePattern {
                    base_uri: OneOf::Right(Url::from_file_path(base).ok()?),
                    pattern,
                })
            } else {
                let path = path.to_string_lossy().replace('\\', "/");
                GlobPattern::String(if file { path } else { format!("{path}/**/*") })
            };
            Some(FileSystemWatcher {
                glob_pattern,
                kind: None,
            })
        })
        .collect();
    let options = DidChangeWatchedFilesRegistrationOptions { watchers };
    Registration {
        id: REGISTRATION_ID.into(),
        method: METHOD.into(),
        register_options: serde_json::to_value(options).ok(),
    }
}

/// Our own watcher over `roots` (those that exist), sending what changes to
/// the re-indexing task. A file is watched through its folder: editors save
/// by writing another file and renaming it.
fn own_watcher(
    roots: &Roots,
    changes: mpsc::UnboundedSender<Vec<PathBuf>>,
) -> Option<notify::RecommendedWatcher> {
    use notify::{RecursiveMode, Watcher};
    let handler = move |event: notify::Result<notify::Event>| match event {
        Ok(event) if !event.kind.is_access() => {
            let _ = changes.send(event.paths);
        }
        Ok(_) => {}
        Err(e) => tracing::warn!("file watcher: {e}"),
    };
    let mut watcher = match notify::recommended_watcher(handler) {
        Ok(watcher) => watcher,
        Err(e) => {
            tracing::warn!("cannot watch the corpus: {e}");
            return None;
        }
    };
    let mut watch = |target: &Path, mode| {
        if let Err(e) = watcher.watch(target, mode) {
            tracing::warn!("cannot watch {}: {e}", target.display());
        }
    };
    for root in roots.iter() {
        let path = &root.path;
        if root.is_drafts() {
            // Not the whole tree: a workspace's .git and node_modules would
            // cost a watch per folder.
            let folders = draft_folders(path, MAX_DRAFT_ENTRIES);
            tracing::info!(
                "watching {} folders of drafts in {}",
                folders.len(),
                path.display()
            );
            for folder in folders {
                watch(&folder, RecursiveMode::NonRecursive);
            }
        } else if path.is_dir() {
            tracing::info!("watching {}", path.display());
            watch(path, RecursiveMode::Recursive);
        } else if let Some(parent) = path.parent().filter(|p| p.is_dir()) {
            tracing::info!("watching {} through its folder", path.display());
            watch(parent, RecursiveMode::NonRecursive);
        } else {
            tracing::info!("not watching {}: it does not exist", path.display());
        }
    }
    Some(watcher)
}

/// Waits for changes, lets a burst settle, and re-indexes once for all of
/// it when any changed path can change the corpus.
async fn coalesce(
    client: Client,
    session: Arc<Session>,
    mut changes: mpsc::UnboundedReceiver<Vec<PathBuf>>,
) {
    while let Some(mut paths) = changes.recv().await {
        loop {
            match tokio::time::timeout(QUIET, changes.recv()).await {
                Ok(Some(more)) => paths.extend(more),
                Ok(None) => return,
                Err(_) => break,
            }
        }
        let spec = session.corpus_spec(&session.settings());
        let roots = Roots::of(&spec);
        // A draft open in the editor is read from the editor: saving it
        // (autosave: every pause) rebuilds nothing until it is closed.
        let open = session.documents.paths();
        paths.retain(|p| {
            let deferred = open.contains(p) && !roots.affects_templates(p);
            if deferred && roots.affects(p) {
                session.watch.defer(p.clone());
            }
            !deferred
        });
        let Some(path) = paths.iter().find(|p| roots.affects(p)) else {
            tracing::debug!("{} changes, none to the corpus", paths.len());
            continue;
        };
        tracing::info!(
            "re-indexing: {} changes to the corpus, such as {}",
            paths.len(),
            path.display()
        );
        // Watch new folders before the build reads them.
        refresh(&session).await;
        session.index.invalidate();
        indexing::reindex(client.clone(), session.clone(), spec).await;
    }
}
