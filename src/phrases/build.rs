//! Building the phrase index on every core the machine has.
//!
//! Folding is split over the threads by lines. Then one thread sorts the
//! suffix array (libsais is sequential here) while the others segment lines
//! with jieba, taking a few hundred lines at a time; the sorting thread
//! joins the segmentation when it is done, so neither step waits for the
//! other.

use super::suffix::SuffixArray;
use super::{fold, segment, Bitset, DocInfo, LineInfo, PhraseIndex, DOC_END};
use crate::corpus::{Corpus, Line};
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
        let threads = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(MAX_THREADS);
        Self::build_on(corpus, threads, &|_| {})
    }

    /// Builds the index of `corpus`, telling `progress` how far it got (a
    /// fraction, from any of the building threads) now and then.
    pub fn build_reporting(corpus: &Corpus, progress: &(dyn Fn(f64) + Sync)) -> Self {
        let threads = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(MAX_THREADS);
        Self::build_on(corpus, threads, progress)
    }

    /// The index of `corpus`, built on `threads` threads (the result does
    /// not depend on how many).
    fn build_on(corpus: &Corpus, threads: usize, progress: &(dyn Fn(f64) + Sync)) -> Self {
        let (text, lines, originals) = fold_corpus(corpus, threads);
        // Folding takes about a tenth of the build; segmentation, beside
        // the sort, the rest.
        progress(FOLDED);
        let (sa, bounds) = sort_and_segment(&text, &lines, threads, progress);
        PhraseIndex {
            text,
            bounds,
            sa,
            lines,
            originals,
            docs: corpus
                .documents
                .iter()
                .map(|doc| DocInfo {
                    source: doc.source.clone(),
                    draft: doc.draft,
                    file: doc.file.clone(),
                })
                .collect(),
        }
    }
}

/// A corpus line to fold: its document, and whether it ends that document.
type Piece<'a> = (u32, &'a Line, bool);

/// The folded corpus text (lines joined by `\n`, each document ended by
/// [`DOC_END`]), its lines, folded on `threads` threads, and the lines as
/// written, one after the other.
fn fold_corpus(corpus: &Corpus, threads: usize) -> (String, Vec<LineInfo>, String) {
    let pieces: Vec<Piece> = corpus
        .documents
        .iter()
        .enumerate()
        .flat_map(|(d, doc)| {
            let last = doc.lines().count().saturating_sub(1);
            doc.lines()
                .enumerate()
                .map(move |(i, line)| (d as u32, line, i == last))
        })
        .collect();
    let per_thread = pieces.len().div_ceil(threads).max(1);
    let parts: Vec<(String, Vec<LineInfo>)> = std::thread::scope(|s| {
        let folding: Vec<_> = pieces
            .chunks(per_thread)
            .map(|chunk| s.spawn(move || fold_pieces(chunk)))
            .collect();
        folding
            .into_iter()
            .map(|t| t.join().expect("folding does not panic"))
            .collect()
    });
    let mut text = String::with_capacity(parts.iter().map(|p| p.0.len()).sum());
    let mut lines = Vec::with_capacity(pieces.len());
    for (part_text, part_lines) in parts {
        let base = text.len() as u32;
        lines.extend(part_lines.into_iter().map(|line| LineInfo {
            start: base + line.start,
            ..line
        }));
        text.push_str(&part_text);
    }
    let mut originals = String::with_capacity(pieces.iter().map(|p| p.1.text.len()).sum());
    for (line, &(_, piece, _)) in lines.iter_mut().zip(&pieces) {
        line.original = originals.len() as u32;
        originals.push_str(&piece.text);
    }
    (text, lines, originals)
}

/// Folds consecutive corpus lines; line starts are relative to the result.
fn fold_pieces(pieces: &[Piece]) -> (String, Vec<LineInfo>) {
    let mut text = String::new();
    let mut lines = Vec::with_capacity(pieces.len());
    for &(doc, line, ends_doc) in pieces {
        lines.push(LineInfo {
            start: text.len() as u32,
            doc,
            number: line.number as u32,
            original: 0, // set once the parts are joined
        });
        text.push_str(&fold::fold(&line.text));
        text.push('\n');
        if ends_doc {
            text.push(DOC_END);
        }
    }
    (text, lines)
}

/// The suffix array of `text` and its word boundaries, on `threads` threads.
fn sort_and_segment(
    text: &str,
    lines: &[LineInfo],
    threads: usize,
    progress: &(dyn Fn(f64) + Sync),
) -> (SuffixArray, Bitset) {
    let tasks = lines.len().div_ceil(LINES_PER_TASK);
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
            let first = task * LINES_PER_TASK;
            for i in first..(first + LINES_PER_TASK).min(lines.len()) {
                let start = lines[i].start as usize;
                let end = lines.get(i + 1).map_or(text.len(), |l| l.start as usize);
                let line = text[start..end].trim_end_matches(['\n', DOC_END]);
                segment::mark_boundaries(line, start, &mut bounds);
            }
        }
    };
    std::thread::scope(|s| {
        let helpers: Vec<_> = (1..threads).map(|_| s.spawn(segment_tasks)).collect();
        let sa = SuffixArray::build(text);
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
        let one = PhraseIndex::build_on(&corpus, 1, &|_| {});
        for threads in [2, 3, 8] {
            let many = PhraseIndex::build_on(&corpus, threads, &|_| {});
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
