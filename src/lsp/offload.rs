//! Work on a big document leaves the request loop.
//!
//! tower-lsp polls every handler on one task, so a handler that computes for
//! long holds up every other request (completion above all). Work on a
//! document longer than [`OFF_LOOP_BYTES`] runs on a blocking thread (over
//! [`LOW_PRIORITY_BYTES`], on a thread of its own at a lower priority) while
//! the loop goes on; a short document's is done in place, which is quicker
//! than handing it over.

use super::documents::TextDocument;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// Documents longer than this (in bytes) are analysed off the serve loop.
/// A speech of 64 KB is analysed in well under a millisecond.
pub const OFF_LOOP_BYTES: usize = 64 * 1024;

/// Documents longer than this are analysed at a lower priority: their
/// analysis takes long enough (50 ms and more) to compete with the serve loop
/// for the cores, while a shorter one is over before it matters — and a
/// keystroke's diagnostics should not wait for an idle core.
pub const LOW_PRIORITY_BYTES: usize = 8 << 20;

/// How much lower than the server's the priority of such a thread is (a
/// `nice` increment): when the cores are busy, the serve loop — a completion
/// — goes first.
#[cfg(target_os = "linux")]
const LOWER_PRIORITY: libc::c_int = 10;

/// Runs `work` for `doc`: in place for a short document, on a blocking
/// thread for a long one, on a thread of its own at a lower priority for a
/// very long one. A panic in `work` is a panic of the caller (which
/// [`guard`](super::guard) turns into an error response).
pub async fn run<T: Send + 'static>(
    doc: &TextDocument,
    work: impl FnOnce() -> T + Send + 'static,
) -> T {
    if doc.len_bytes() <= OFF_LOOP_BYTES {
        return work();
    }
    let outcome = if doc.len_bytes() <= LOW_PRIORITY_BYTES {
        // A pooled thread: no thread to start, no priority to restore.
        match tokio::task::spawn_blocking(move || catch_unwind(AssertUnwindSafe(work))).await {
            Ok(outcome) => outcome,
            Err(e) => panic!("the analysis stopped: {e}"),
        }
    } else {
        let (done, outcome) = tokio::sync::oneshot::channel();
        std::thread::Builder::new()
            .name("jianggao-analysis".into())
            .spawn(move || {
                lower_priority();
                let result = catch_unwind(AssertUnwindSafe(work));
                return_free_memory();
                let _ = done.send(result);
            })
            .expect("cannot start an analysis thread");
        outcome
            .await
            .unwrap_or_else(|_| panic!("the analysis thread ended without a result"))
    };
    outcome.unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

/// Gives the memory freed by a very long analysis back to the system. glibc
/// keeps what a thread frees in that thread's arena; each such analysis runs
/// on a new thread, so without this every edit of a 100 MB draft left some
/// 40 MB more resident.
fn return_free_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only releases free memory of the allocator.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Lowers the calling thread's scheduling priority. The thread is not
/// reused: an unprivileged process could not raise it again.
fn lower_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: plain system calls on the calling thread's own id; a failure
    // only leaves the priority as it was.
    unsafe {
        let thread = libc::syscall(libc::SYS_gettid) as libc::id_t;
        let current = libc::getpriority(libc::PRIO_PROCESS, thread);
        libc::setpriority(libc::PRIO_PROCESS, thread, current + LOWER_PRIORITY);
    }
}
