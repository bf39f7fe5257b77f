//! What a template file looked like when it was read: its size and
//! modification time. A file whose stamp has not changed is taken to hold
//! the same text, so a re-index keeps its share of the old index instead of
//! reading, folding and segmenting it again (the cache's key relies on the
//! same stamps).

use crate::binary::{Reader, Writer};
use std::fs::Metadata;
use std::io::{self, Read, Write};
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
    /// Stands for a file that cannot be looked at (in the cache's key: its
    /// key changes when it can).
    pub const NONE: Stamp = Stamp {
        len: u64::MAX,
        secs: 0,
        nanos: 0,
    };

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

    /// Writes it as the index cache keeps it: length, seconds, nanoseconds.
    pub fn write_to<W: Write>(&self, w: &mut Writer<W>) -> io::Result<()> {
        w.u64(self.len)?;
        w.u64(self.secs)?;
        w.u32(self.nanos)
    }

    /// Reads what [`Stamp::write_to`] wrote.
    pub fn read_from<R: Read>(r: &mut Reader<R>) -> crate::binary::Result<Stamp> {
        Ok(Stamp {
            len: r.u64()?,
            secs: r.u64()?,
            nanos: r.u32()?,
        })
    }
}
