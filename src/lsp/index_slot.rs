//! The phrase index in service: the newest finished build, replaced when a
//! newer one finishes. Requests read it through [`IndexSlot::get`]; a build
//! that a newer one overtook is thrown away.

use super::sync::lock;
use crate::corpus::load::CorpusSpec;
use crate::index::Index;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::Notify;

#[derive(Debug, Default)]
pub struct IndexSlot {
    current: Mutex<Option<Arc<Index>>>,
    /// Woken when an index is stored.
    ready: Notify,
    /// The spec of the newest build started, to skip needless re-indexing.
    spec: Mutex<Option<CorpusSpec>>,
    generation: AtomicU64,
}

impl IndexSlot {
    /// The newest finished index, if any.
    pub fn get(&self) -> Option<Arc<Index>> {
        lock(&self.current).clone()
    }

    /// The newest finished index; while there is none yet, waits for the
    /// first one at most `timeout`.
    pub async fn wait_ready(&self, timeout: Duration) -> Option<Arc<Index>> {
        let notified = self.ready.notified();
        tokio::pin!(notified);
        // Registered before looking, so a store in between is not missed.
        notified.as_mut().enable();
        if let Some(index) = self.get() {
            return Some(index);
        }
        let _ = tokio::time::timeout(timeout, notified).await;
        self.get()
    }

    /// Claims a new generation for `spec`, or `None` when that spec is the
    /// one already built or being built.
    pub fn start(&self, spec: &CorpusSpec) -> Option<u64> {
        let mut current = lock(&self.spec);
        if current.as_ref() == Some(spec) {
            return None;
        }
        *current = Some(spec.clone());
        Some(self.generation.fetch_add(1, Ordering::SeqCst) + 1)
    }

    /// Forgets which spec was built, so that the next [`IndexSlot::start`]
    /// builds even the same spec again: the files behind it changed.
    pub fn invalidate(&self) {
        *lock(&self.spec) = None;
    }

    /// Whether no build has started since `generation`.
    pub fn is_newest(&self, generation: u64) -> bool {
        self.generation.load(Ordering::SeqCst) == generation
    }

    /// Stores `index` unless a newer build has started since `generation`.
    pub fn finish(&self, generation: u64, index: impl Into<Arc<Index>>) -> bool {
        let mut current = lock(&self.current);
        if self.generation.load(Ordering::SeqCst) != generation {
            return false;
        }
        *current = Some(index.into());
        self.ready.notify_waiters();
        true
    }
}
