//! The searchable index built from a corpus: what the language server waits
//! for in the background before it can complete phrases.

use crate::corpus::load::{self, CorpusSpec, LoadReport};
use crate::corpus::Corpus;
use crate::phrases::PhraseIndex;
use crate::skeleton::{self, Skeleton};

/// The phrase index mined from a corpus. The corpus itself is not kept: the
/// index has the text it needs.
#[derive(Debug)]
pub struct Index {
    pub phrases: PhraseIndex,
    /// Speech skeletons mined from the corpus, for an empty draft.
    pub skeletons: Vec<Skeleton>,
}

impl Index {
    /// Mines the phrase index and the skeletons of `corpus`.
    pub fn build(corpus: &Corpus) -> Self {
        Index {
            phrases: PhraseIndex::build(corpus),
            skeletons: skeleton::skeletons(&skeleton::mine(corpus)),
        }
    }

    /// Loads the corpus described by `spec` and indexes it; the report names
    /// every file that was skipped or read from another encoding than UTF-8.
    pub fn load(spec: &CorpusSpec) -> (Self, LoadReport) {
        std::thread::scope(|s| {
            // jieba's dictionary takes longer to load than the corpus: start
            // it first, on its own thread.
            s.spawn(crate::phrases::segment::jieba);
            let loaded = load::load(spec);
            (Index::build(&loaded.corpus), loaded.report)
        })
    }
}
