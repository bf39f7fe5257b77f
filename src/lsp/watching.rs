//! Who watches the corpus's files (the `watch` module), and where the
//! changes they report go.

use super::sync::lock;
use crate::corpus::changes::Roots;
use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Mutex;
use tokio::sync::mpsc;

/// What is watched, and by whom.
#[derive(Default)]
pub struct Watch {
    /// To the task that coalesces changes and re-indexes.
    changes: Mutex<Option<mpsc::UnboundedSender<Vec<PathBuf>>>>,
    pub watching: Mutex<Watching>,
    /// Held while the watching changes hands, so that two settings updates
    /// do not register twice: an async lock, held across the client's answer
    /// to a (un)registration and the start of our own watcher.
    pub arming: tokio::sync::Mutex<()>,
    /// Drafts saved while open: re-indexed when they are closed (while
    /// open, completion reads the editor's text of them).
    deferred: Mutex<HashSet<PathBuf>>,
}

#[derive(Default)]
pub struct Watching {
    pub roots: Roots,
    /// The client watches them for us.
    pub registered: bool,
    /// Our own watcher; dropping it stops it.
    pub watcher: Option<notify::RecommendedWatcher>,
}

impl std::fmt::Debug for Watch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let watching = lock(&self.watching);
        f.debug_struct("Watch")
            .field("roots", &watching.roots)
            .field("registered", &watching.registered)
            .field("own_watcher", &watching.watcher.is_some())
            .finish()
    }
}

impl Watch {
    /// Hands changed paths to the re-indexing task (dropped before it runs).
    pub fn changed(&self, paths: Vec<PathBuf>) {
        if let Some(tx) = lock(&self.changes).as_ref() {
            let _ = tx.send(paths);
        }
    }

    /// Where changes go from now on.
    pub fn connect(&self, changes: mpsc::UnboundedSender<Vec<PathBuf>>) {
        *lock(&self.changes) = Some(changes);
    }

    /// Keeps the change to an open draft for when it is closed.
    pub fn defer(&self, path: PathBuf) {
        lock(&self.deferred).insert(path);
    }

    /// The draft at `path` is closed: its changes while open count now.
    pub fn closed(&self, path: PathBuf) {
        if lock(&self.deferred).remove(&path) {
            self.changed(vec![path]);
        }
    }

    /// Where changes go, for a watcher of our own.
    pub fn sender(&self) -> Option<mpsc::UnboundedSender<Vec<PathBuf>>> {
        lock(&self.changes).clone()
    }
}
