//! Building the phrase index on every core the machine has.
//!
//! Folding is split over the threads by lines. Then one thread sorts the
//! suffix array (libsais is sequential here) while the others segment lines
//! with jieba, taking a few hundred lines at a time; the sorting thread
//! joins the segmentation when it is done, so neither step waits for the
//! other.

use super::suffix::{Copied, SuffixArray};
use super::{fold, segment, Bitset, DocInfo, LineInfo, PhraseIndex, DOC_END};
use crate::corpus::{Corpus, Line};
use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Lines segmented per task: small enough for the threads to finish
/// together, large enough that taking a task costs nothing.
const LINES_PER_TASK: usize = 256;

/// A cap on the threads a build starts on a big machine: the suffix sort
/// is sequential, so past a few segmenting threads it sets the pace anyway.
const MAX_THREADS: usize = 8;

/// The share of a build done once the corpus is folded.
const FOLDED: f64 = 0.1;

impl PhraseIndex {
    pub fn build(corpus: &Corpus) -> Self {
        Self::build_on(corpus, None, build_threads(), &|_| {})
    }

    /// Builds the index of `corpus`, telling `progress` how far it got (a
    /// fraction, from any of the building threads) now and then. The
    /// documents of `corpus` that are [`kept`](crate::corpus::Document::kept)
    /// are copied from `previous`, folded and segmented as they were: only
    /// the suffix array is sorted again whole.
    pub fn build_reporting(
        corpus: &Corpus,
        previous: Option<&PhraseIndex>,
        progress: &(dyn Fn(f64) + Sync),
    ) -> Self {
        Self::build_on(corpus, previous, build_threads(), progress)
    }

    /// The index of `corpus`, built on `threads` threads (the result does
    /// not depend on how many, nor on which documents were kept).
    fn build_on(
        corpus: &Corpus,
        previous: Option<&PhraseIndex>,
        threads: usize,
        progress: &(dyn Fn(f64) + Sync),
    ) -> Self {
        let folded = fold_corpus(corpus, previous, threads);
        // Folding takes about a tenth of the build; segmentation, beside
        // the sort, the rest.
        progress(FOLDED);
        let kept_docs: Vec<bool> = corpus.documents.iter().map(|d| d.kept.is_some()).collect();
        let (sa, bounds) = sort_and_segment(&folded, &kept_docs, previous, threads, progress);
        PhraseIndex {
            text: folded.text,
            bounds,
            sa,
            lines: folded.lines,
            originals: folded.originals,
            docs: corpus
                .documents
                .iter()
                .map(|doc| DocInfo {
                    source: doc.source.clone(),
                    draft: doc.draft,
                    file: doc.file.clone(),
                    read: doc.read,
                })
                .collect(),
        }
    }

    /// The lines of document `doc`, their folded text (up to the next
    /// document's) and their text as written.
    fn document_share(&self, doc: u32) -> (&[LineInfo], Range<usize>, Range<usize>) {
        let first = self.lines.partition_point(|l| l.doc < doc);
        let end = first + self.lines[first..].partition_point(|l| l.doc == doc);
        let lines = &self.lines[first..end];
        let Some(head) = lines.first() else {
            return (lines, 0..0, 0..0);
        };
        let next = self.lines.get(end);
        let text = head.start as usize..next.map_or(self.text.len(), |l| l.start as usize);
        let originals =
            head.original as usize..next.map_or(self.originals.len(), |l| l.original as usize);
        (lines, text, originals)
    }
}

fn build_threads() -> usize {
    std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(MAX_THREADS)
}

/// A corpus line to fold, or a whole document copied from the index being
/// replaced.
#[derive(Clone, Copy)]
enum Piece<'a> {
    Line {
        doc: u32,
        line: &'a Line,
        /// The document's last line.
        ends_doc: bool,
    },
    Kept {
        doc: u32,
        /// Its number in the previous index.
        from: u32,
    },
}

/// Folded text: lines joined by `\n`, each document ended by [`DOC_END`].
#[derive(Default)]
struct Folded {
    text: String,
    lines: Vec<LineInfo>,
    /// The lines as written, one after the other.
    originals: String,
    /// Stretches of `text` copied from the previous index's, whose word
    /// boundaries and suffix order are copied too.
    kept: Vec<Copied>,
}

/// The folded corpus, its lines folded (or copied from `previous`) on
/// `threads` threads.
fn fold_corpus(corpus: &Corpus, previous: Option<&PhraseIndex>, threads: usize) -> Folded {
    let pieces: Vec<Piece> = corpus
        .documents
        .iter()
        .enumerate()
        .flat_map(|(d, doc)| {
            let doc_number = d as u32;
            let kept = doc.kept.map(|from| Piece::Kept {
                doc: doc_number,
                from,
            });
            let last = doc.lines().count().saturating_sub(1);
            let lines = doc.lines().enumerate().map(move |(i, line)| Piece::Line {
                doc: doc_number,
                line,
                ends_doc: i == last,
            });
            kept.into_iter().chain(lines)
        })
        .collect();
    let per_thread = pieces.len().div_ceil(threads).max(1);
    let parts: Vec<Folded> = std::thread::scope(|s| {
        let folding: Vec<_> = pieces
            .chunks(per_thread)
            .map(|chunk| s.spawn(move || fold_pieces(chunk, previous)))
            .collect();
        folding
            .into_iter()
            .map(|t| t.join().expect("folding does not panic"))
            .collect()
    });
    let mut all = Folded {
        text: String::with_capacity(parts.iter().map(|p| p.text.len()).sum()),
        lines: Vec::with_capacity(parts.iter().map(|p| p.lines.len()).sum()),
        originals: String::with_capacity(parts.iter().map(|p| p.originals.len()).sum()),
        kept: Vec::new(),
    };
    for part in parts {
        let (base, original_base) = (all.text.len(), all.originals.len());
        all.lines
            .extend(part.lines.into_iter().map(|line| LineInfo {
                start: base as u32 + line.start,
                original: original_base as u32 + line.original,
                ..line
            }));
        all.kept.extend(part.kept.into_iter().map(|k| Copied {
            start: base + k.start,
            ..k
        }));
        all.text.push_str(&part.text);
        all.originals.push_str(&part.originals);
    }
    all
}

/// Folds consecutive pieces; offsets are relative to the result.
fn fold_pieces(pieces: &[Piece], previous: Option<&PhraseIndex>) -> Folded {
    let mut out = Folded::default();
    for &piece in pieces {
        match piece {
            Piece::Line {
                doc,
                line,
                ends_doc,
            } => {
                out.lines.push(LineInfo {
                    start: out.text.len() as u32,
                    doc,
                    number: line.number as u32,
                    original: out.originals.len() as u32,
                });
                out.text.push_str(&fold::fold(&line.text));
                out.text.push('\n');
                if ends_doc {
                    out.text.push(DOC_END);
                }
                out.originals.push_str(&line.text);
            }
            Piece::Kept { doc, from } => {
                let Some(previous) = previous.filter(|p| (from as usize) < p.docs.len()) else {
                    continue; // nothing to copy from: an empty document
                };
                let (lines, text, originals) = previous.document_share(from);
                let (start, original_start) = (out.text.len(), out.originals.len());
                out.lines.extend(lines.iter().map(|l| LineInfo {
                    start: (start + l.start as usize - text.start) as u32,
                    doc,
                    number: l.number,
                    original: (original_start + l.original as usize - originals.start) as u32,
                }));
                out.kept.push(Copied {
                    start,
                    from: text.start,
                    len: text.len(),
                });
                out.text.push_str(&previous.text[text]);
                out.originals.push_str(&previous.originals[originals]);
            }
        }
    }
    out
}

/// The suffix array of the folded text and its word boundaries, on
/// `threads` threads: the lines of documents not `kept` are segmented, the
/// boundaries of the kept ones copied from `previous`, whose suffix array
/// is merged with the new documents' when they are few.
fn sort_and_segment(
    folded: &Folded,
    kept: &[bool],
    previous: Option<&PhraseIndex>,
    threads: usize,
    progress: &(dyn Fn(f64) + Sync),
) -> (SuffixArray, Bitset) {
    let (text, lines) = (&folded.text, &folded.lines);
    let line_tasks = lines.len().div_ceil(LINES_PER_TASK);
    // Empty without a previous index: nothing was kept.
    let copies = &folded.kept;
    let tasks = line_tasks + copies.len();
    let next_task = AtomicUsize::new(0);
    let segment_tasks = || {
        let mut bounds = Bitset::new(text.len() + 1);
        loop {
            let task = next_task.fetch_add(1, Ordering::Relaxed);
            if task >= tasks {
                return bounds;
            }
            if task % 64 == 0 {
                progress(FOLDED + (1.0 - FOLDED) * task as f64 / tasks as f64);
            }
            if let (Some(copy), Some(previous)) = (task.checked_sub(line_tasks), previous) {
                let k = copies[copy];
                bounds.copy_from(&previous.bounds, k.from, k.start, k.len);
                continue;
            }
            let first = task * LINES_PER_TASK;
            for i in first..(first + LINES_PER_TASK).min(lines.len()) {
                if kept.get(lines[i].doc as usize) == Some(&true) {
                    continue;
                }
                let start = lines[i].start as usize;
                let end = lines.get(i + 1).map_or(text.len(), |l| l.start as usize);
                let line = text[start..end].trim_end_matches(['\n', DOC_END]);
                segment::mark_boundaries(line, start, &mut bounds);
            }
        }
    };
    std::thread::scope(|s| {
        let helpers: Vec<_> = (1..threads).map(|_| s.spawn(segment_tasks)).collect();
        let merged =
            previous.and_then(|p| SuffixArray::merged(text, &p.text, &p.sa, copies, threads));
        let sa = merged.unwrap_or_else(|| SuffixArray::build(text));
        let mut bounds = segment_tasks();
        for helper in helpers {
            bounds.union_with(&helper.join().expect("segmentation does not panic"));
        }
        (sa, bounds)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_index_does_not_depend_on_the_number_of_threads() {
        let corpus = Corpus::embedded();
        let one = PhraseIndex::build_on(&corpus, None, 1, &|_| {});
        for threads in [2, 3, 8] {
            let many = PhraseIndex::build_on(&corpus, None, threads, &|_| {});
            assert_eq!(one.text, many.text, "{threads} threads");
            assert_eq!(one.bounds, many.bounds, "{threads} threads");
            assert_eq!(one.sa, many.sa, "{threads} threads");
            assert_eq!(one.originals, many.originals, "{threads} threads");
            let starts = |index: &PhraseIndex| -> Vec<(u32, u32, u32, u32)> {
                index
                    .lines
                    .iter()
                    .map(|l| (l.start, l.doc, l.number, l.original))
                    .collect()
            };
            assert_eq!(starts(&one), starts(&many), "{threads} threads");
        }
        // Every document ends once, after its last line.
        let ends = one.text.matches(DOC_END).count();
        assert_eq!(ends, corpus.documents.len());
    }
}
