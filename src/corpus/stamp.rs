//! What a template file looked like when it was read: its size and
//! modification time. A file whose stamp has not changed is taken to hold
//! the same text, so a re-index keeps its share of the old index instead of
//! reading, folding and segmenting it again (the cache's key relies on the
//! same stamps).

use std::fs::Metadata;
use std::path::Path;
use std::time::UNIX_EPOCH;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Stamp {
    pub len: u64,
    /// Modification time since the Unix epoch: seconds and nanoseconds.
    pub secs: u64,
    pub nanos: u32,
}

impl Stamp {
    /// The stamp of a file's metadata; `None` when the file system keeps no
    /// modification time (such a file is always read again).
    pub fn of(meta: &Metadata) -> Option<Stamp> {
        let modified = meta.modified().ok()?.duration_since(UNIX_EPOCH).ok()?;
        Some(Stamp {
            len: meta.len(),
            secs: modified.as_secs(),
            nanos: modified.subsec_nanos(),
        })
    }

    /// The stamp of the file at `path` now.
    pub fn of_path(path: &Path) -> Option<Stamp> {
        Stamp::of(&std::fs::metadata(path).ok()?)
    }
}
