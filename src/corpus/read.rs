//! Reading the planned files into documents, on every core.
//!
//! What the read budget lets in is decided first, in order, from each
//! file's size on disk (a file that cannot be read still counts against
//! it, as its size says); then the files are read, decoded, cleaned and
//! split on several threads (reading 100 MB of templates is most of a
//! build without a cache), and their documents taken in plan order, so the
//! corpus does not depend on which thread read what.

use super::load::{not_text, read_regular, Known, LoadNote, LoadWarning, Loaded, SkipReason};
use super::stamp::Stamp;
use super::{Document, FileRead};
use crate::text::input::{decode, SourceEncoding};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

/// A cap on the reading threads: past a few, the disk sets the pace.
const MAX_THREADS: usize = 8;

/// A file's document, its length and what it was decoded from, or why it
/// was skipped.
type Read = Result<(Document, u64, SourceEncoding), SkipReason>;

/// What is to become of a planned file.
enum Slot {
    /// Decided without reading: kept from the index being replaced, or
    /// past the budget.
    Decided(Read),
    /// To read, at most `limit` bytes; `file`: its absolute path.
    Read {
        limit: usize,
        stamp: Option<Stamp>,
        file: Option<PathBuf>,
    },
}

/// Reads `paths` into `loaded` (`draft`: the writer's drafts, whose
/// problems are not reported) within `max_user_bytes` of the user's files
/// in all, calling `step` once per file.
pub(super) fn read_files(
    paths: &[PathBuf],
    draft: bool,
    max_user_bytes: usize,
    known: Known,
    loaded: &mut Loaded,
    step: &mut dyn FnMut(),
) {
    let mut budgeted = loaded.user_bytes;
    let slots: Vec<Slot> = paths
        .iter()
        .map(|path| {
            let remaining = max_user_bytes.saturating_sub(budgeted);
            // Stamped before reading: a write after it changes the stamp,
            // so the next re-index reads the file again rather than trust
            // an old copy.
            let stamp = Stamp::of_path(path);
            let size = stamp.map_or(0, |s| s.len);
            if size > remaining as u64 {
                return Slot::Decided(Err(SkipReason::CorpusFull));
            }
            budgeted += size as usize;
            let file = std::path::absolute(path).ok();
            let kept = file
                .as_deref()
                .zip(stamp)
                .and_then(|(file, stamp)| known(file, stamp, draft));
            match kept {
                Some((doc, read)) => Slot::Decided(Ok(kept_document(path, file, draft, doc, read))),
                None => Slot::Read {
                    limit: remaining,
                    stamp,
                    file,
                },
            }
        })
        .collect();
    for (path, read) in paths.iter().zip(read_slots(paths, slots, draft, step)) {
        match read {
            Ok((document, len, encoding)) => {
                loaded.user_bytes += len as usize;
                if encoding != SourceEncoding::Utf8 && !draft {
                    loaded.report.notes.push(LoadNote {
                        path: path.to_path_buf(),
                        encoding,
                    });
                }
                loaded.corpus.documents.push(document);
            }
            Err(_) if draft => {}
            Err(reason) => loaded.report.warnings.push(LoadWarning {
                path: path.to_path_buf(),
                reason,
            }),
        }
    }
}

/// The result of every slot, in order: those to read read on as many
/// threads as the machine has (and as there are files).
fn read_slots(
    paths: &[PathBuf],
    slots: Vec<Slot>,
    draft: bool,
    step: &mut dyn FnMut(),
) -> Vec<Read> {
    let to_read = slots
        .iter()
        .filter(|s| matches!(s, Slot::Read { .. }))
        .count();
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(MAX_THREADS)
        .min(to_read);
    let mut results: Vec<Option<Read>> = Vec::with_capacity(slots.len());
    let mut reads = Vec::new();
    for (i, slot) in slots.into_iter().enumerate() {
        match slot {
            Slot::Decided(read) => {
                results.push(Some(read));
                step();
            }
            Slot::Read { limit, stamp, file } => {
                results.push(None);
                reads.push((i, limit, stamp, file));
            }
        }
    }
    let next = AtomicUsize::new(0);
    let (tx, rx) = mpsc::channel();
    std::thread::scope(|s| {
        for _ in 0..threads {
            let (tx, next, reads) = (tx.clone(), &next, &reads);
            s.spawn(move || loop {
                let Some((i, limit, stamp, file)) = reads.get(next.fetch_add(1, Ordering::Relaxed))
                else {
                    return;
                };
                let read = read_file(&paths[*i], file.clone(), *limit, *stamp, draft);
                if tx.send((*i, read)).is_err() {
                    return;
                }
            });
        }
        drop(tx);
        for (i, read) in rx {
            results[i] = Some(read);
            step();
        }
    });
    results
        .into_iter()
        .map(|r| r.unwrap_or(Err(SkipReason::Unreadable("not read".into()))))
        .collect()
}

/// Reads, decodes, cleans and splits one file (absolute path `file`) of at
/// most `limit` bytes.
fn read_file(
    path: &Path,
    file: Option<PathBuf>,
    limit: usize,
    stamp: Option<Stamp>,
    draft: bool,
) -> Read {
    let bytes = read_regular(path, limit).map_err(|e| e.unwrap_or(SkipReason::CorpusFull))?;
    let len = bytes.len() as u64;
    let decoded = decode(bytes).map_err(not_text)?;
    let mut document = Document::parse(path.display().to_string(), &decoded.text);
    document.draft = draft;
    document.file = file;
    document.read = stamp.map(|stamp| FileRead {
        // The bytes read count, should the file have changed since (its
        // modification time then differs too).
        stamp: Stamp { len, ..stamp },
        encoding: decoded.encoding,
    });
    Ok((document, len, decoded.encoding))
}

/// The document of a file kept from the index being replaced, its length
/// and encoding.
fn kept_document(
    path: &Path,
    file: Option<PathBuf>,
    draft: bool,
    doc: u32,
    read: FileRead,
) -> (Document, u64, SourceEncoding) {
    let document = Document {
        source: path.display().to_string(),
        file,
        script: Default::default(),
        sections: Vec::new(),
        draft,
        read: Some(read),
        kept: Some(doc),
    };
    (document, read.stamp.len, read.encoding)
}
