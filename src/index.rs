//! The searchable index built from a corpus: what the language server waits
//! for in the background before it can complete phrases. An index of the
//! user's templates is kept in the cache folder ([`cache`]) and read back
//! at the next start when none of the files has changed.

pub mod cache;

use crate::corpus::load::{self, CorpusSpec, LoadReport};
use crate::corpus::Corpus;
use crate::phrases::PhraseIndex;
use crate::skeleton::{self, Skeleton};
use std::path::Path;
use std::sync::atomic::{AtomicU32, Ordering};

/// The phrase index mined from a corpus. The corpus itself is not kept: the
/// index has the text it needs.
#[derive(Debug)]
pub struct Index {
    pub phrases: PhraseIndex,
    /// Speech skeletons mined from the corpus, for an empty draft.
    pub skeletons: Vec<Skeleton>,
}

/// How far a load has got, readable from another thread while it runs.
#[derive(Debug, Default)]
pub struct Progress(AtomicU32);

impl Progress {
    /// Per cent done.
    pub fn percent(&self) -> u32 {
        self.0.load(Ordering::Relaxed)
    }

    fn set(&self, fraction: f64) {
        let percent = (fraction.clamp(0.0, 1.0) * 100.0) as u32;
        self.0.fetch_max(percent, Ordering::Relaxed);
    }
}

/// The share of a load spent reading the template files.
const READ_SHARE: f64 = 0.2;

/// An index and how it was had.
#[derive(Debug)]
pub struct Loaded {
    pub index: Index,
    /// Files skipped, and read from another encoding than UTF-8.
    pub report: LoadReport,
    pub cache: cache::Use,
    /// Files kept from the index replaced, unchanged since it read them.
    pub kept: usize,
    /// The cache to write once the index is in service, when it was built
    /// and the cache is on.
    pub save: Option<cache::Pending>,
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
        let loaded = Self::load_with(spec, None, None, &Progress::default());
        (loaded.index, loaded.report)
    }

    /// Like [`Index::load`], but reads the index from the cache in
    /// `cache_dir` when it holds one of exactly these files (and says
    /// where to save it otherwise), reporting how far it got to `progress`.
    /// A build keeps from `previous` (the index it replaces) the documents
    /// of the files that did not change since it read them: they are not
    /// read, folded or segmented again.
    pub fn load_with(
        spec: &CorpusSpec,
        cache_dir: Option<&Path>,
        previous: Option<&Index>,
        progress: &Progress,
    ) -> Loaded {
        std::thread::scope(|s| {
            // jieba's dictionary takes longer to load than the corpus: start
            // it first, on its own thread. Completion needs it too, so a
            // cached index starts it all the same.
            s.spawn(crate::phrases::segment::jieba);
            let plan = load::plan(spec);
            // The embedded corpus alone builds in a few tens of
            // milliseconds: only an index of the user's files is cached.
            let cache_dir =
                cache_dir.filter(|_| !(plan.files.is_empty() && plan.drafts.is_empty()));
            // A stale cache file still lends what did not change, when no
            // index in service does.
            let mut stale = None;
            let (file, key) = match cache_dir {
                Some(dir) => {
                    let key = cache::Key::of(spec, &plan);
                    let file = cache::file_for(dir, spec);
                    match cache::read_any(&file, &key, previous.is_none()) {
                        Ok(cache::Cached::Fresh(phrases, mut report)) => {
                            progress.set(1.0);
                            let mut warnings = plan.warnings;
                            warnings.append(&mut report.warnings);
                            report.warnings = warnings;
                            // The cache holds the phrase index only: the
                            // skeletons come from the built-in templates.
                            let embedded = if spec.builtin {
                                crate::corpus::Corpus::embedded()
                            } else {
                                crate::corpus::Corpus::default()
                            };
                            let skeletons = skeleton::skeletons(&skeleton::mine(&embedded));
                            return Loaded {
                                index: Index { phrases, skeletons },
                                report,
                                cache: cache::Use::Read(file),
                                kept: 0,
                                save: None,
                            };
                        }
                        Ok(cache::Cached::Stale(phrases)) => {
                            stale = Some(phrases);
                            (Some((file, cache::Miss::Stale)), Some(key))
                        }
                        Err(miss) => (Some((file, miss)), Some(key)),
                    }
                }
                None => (None, None),
            };
            let walked = plan.warnings.len();
            let previous = previous.map(|index| &index.phrases).or(stale.as_ref());
            let files_read = previous.map(PhraseIndex::files_read).unwrap_or_default();
            let known = |file: &Path, stamp, draft| {
                let &(doc, read, was_draft) = files_read.get(file)?;
                (read.stamp == stamp && was_draft == draft).then_some((doc, read))
            };
            let started = std::time::Instant::now();
            let loaded = load::load_planned(spec, plan, &known, &mut |done, all| {
                progress.set(READ_SHARE * done as f64 / all as f64)
            });
            let read = started.elapsed();
            let phrases = PhraseIndex::build_reporting(&loaded.corpus, previous, &|f| {
                progress.set(READ_SHARE + (1.0 - READ_SHARE) * f)
            });
            let built = started.elapsed();
            progress.set(1.0);
            let (cache, save) = match (file, key) {
                (Some((file, miss)), Some(key)) => {
                    let read_report = LoadReport {
                        warnings: loaded.report.warnings[walked..].to_vec(),
                        notes: loaded.report.notes.clone(),
                    };
                    let save = cache::Pending::new(file, key, read_report);
                    (cache::Use::Rebuilt(miss), Some(save))
                }
                _ => (cache::Use::Off, None),
            };
            // From the index: the documents kept are not in the corpus.
            let skeletons = skeleton::skeletons(&skeleton::mine_folded(phrases.folded_documents()));
            let kept = loaded
                .corpus
                .documents
                .iter()
                .filter(|d| d.kept.is_some())
                .count();
            tracing::debug!(
                "files read in {read:.2?} ({kept} kept), index built in {:.2?}, skeletons mined in {:.2?}",
                built - read,
                started.elapsed() - built
            );
            Loaded {
                index: Index { phrases, skeletons },
                report: loaded.report,
                cache,
                kept,
                save,
            }
        })
    }
}
