//! Locking that survives a panic elsewhere.

use std::sync::{Mutex, MutexGuard};

/// Locks `mutex` even if a handler panicked while holding it: the data behind
/// our locks is replaced whole or edited by non-panicking ropey calls, so it is
/// never left half-written, and one failed request must not wedge the server.
pub fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}
