//! Work on a big document leaves the request loop.
//!
//! tower-lsp polls every handler on one task, so a handler that computes for
//! long holds up every other request (completion above all). Work on a
//! document longer than [`OFF_LOOP_BYTES`] runs on a blocking thread while
//! the loop goes on; a short document's is done in place, which is quicker
//! than handing it over.

use super::documents::TextDocument;

/// Documents longer than this (in bytes) are analysed on a blocking thread.
/// A speech of 64 KB is analysed in well under a millisecond.
pub const OFF_LOOP_BYTES: usize = 64 * 1024;

/// Runs `work` for `doc`: in place for a short document, on a blocking
/// thread for a long one. A panic in `work` is a panic of the caller (which
/// [`guard`](super::guard) turns into an error response).
pub async fn run<T: Send + 'static>(
    doc: &TextDocument,
    work: impl FnOnce() -> T + Send + 'static,
) -> T {
    if doc.len() <= OFF_LOOP_BYTES {
        return work();
    }
    match tokio::task::spawn_blocking(work).await {
        Ok(value) => value,
        Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
        Err(e) => panic!("analysis stopped: {e}"),
    }
}
