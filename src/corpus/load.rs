//! Loads user template files and folders, skipping what cannot be read as
//! text with a warning that names the file. Nothing here panics on bad input.

use super::{Corpus, Document};
use std::fmt;
use std::path::{Path, PathBuf};

/// Extensions collected when a folder is searched.
const TEMPLATE_EXTENSIONS: &[&str] = &["txt", "md"];

/// How deep folders are searched; guards against symlink loops.
const MAX_DEPTH: usize = 32;

/// The most template text read from the user's paths. The index keeps
/// several times the text in memory, and its suffix array takes under 2 GiB
/// of folded text (folding can triple ASCII punctuation).
pub const MAX_CORPUS_BYTES: usize = 512 << 20;

/// Why a corpus path was skipped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SkipReason {
    Missing,
    Unreadable(String),
    NotUtf8,
    Binary,
    /// Reading it would pass [`MAX_CORPUS_BYTES`].
    CorpusFull,
}

/// A corpus path that was skipped; everything else was still loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadWarning {
    pub path: PathBuf,
    pub reason: SkipReason,
}

impl fmt::Display for LoadWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.path.display();
        match &self.reason {
            SkipReason::Missing => write!(f, "corpus path {path} does not exist; skipped"),
            SkipReason::Unreadable(e) => write!(f, "cannot read corpus file {path} ({e}); skipped"),
            SkipReason::NotUtf8 => write!(f, "corpus file {path} is not UTF-8 text; skipped"),
            SkipReason::Binary => write!(f, "corpus file {path} is binary, not text; skipped"),
            SkipReason::CorpusFull => write!(
                f,
                "corpus file {path} skipped: with it the templates would pass the limit of {} MB",
                MAX_CORPUS_BYTES >> 20
            ),
        }
    }
}

/// Where the corpus comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorpusSpec {
    /// Include the embedded default corpus.
    pub builtin: bool,
    /// Absolute (already resolved) files or folders of the user's templates.
    pub paths: Vec<PathBuf>,
}

impl Default for CorpusSpec {
    fn default() -> Self {
        CorpusSpec {
            builtin: true,
            paths: Vec::new(),
        }
    }
}

/// A corpus and what had to be skipped while loading it.
#[derive(Debug, Default)]
pub struct Loaded {
    pub corpus: Corpus,
    pub warnings: Vec<LoadWarning>,
    /// Bytes read from the user's paths so far.
    user_bytes: usize,
}

/// Loads the embedded corpus (when asked) and every user path.
pub fn load(spec: &CorpusSpec) -> Loaded {
    load_within(spec, MAX_CORPUS_BYTES)
}

fn load_within(spec: &CorpusSpec, max_user_bytes: usize) -> Loaded {
    let mut loaded = Loaded::default();
    if spec.builtin {
        loaded.corpus = Corpus::embedded();
    }
    for path in &spec.paths {
        load_path(path, &mut loaded, max_user_bytes);
    }
    loaded
}

/// Resolves a configured path: `~/` against the home folder, relative paths
/// against `root` (the workspace folder) when there is one.
pub fn resolve(path: &str, root: Option<&Path>) -> PathBuf {
    let expanded = match (path.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => Path::new(&home).join(rest),
        _ => PathBuf::from(path),
    };
    match root {
        Some(root) if expanded.is_relative() => root.join(expanded),
        _ => expanded,
    }
}

fn load_path(path: &Path, loaded: &mut Loaded, max_user_bytes: usize) {
    match std::fs::metadata(path) {
        Err(_) => loaded.warnings.push(LoadWarning {
            path: path.to_path_buf(),
            reason: SkipReason::Missing,
        }),
        Ok(meta) if meta.is_dir() => {
            let mut files = Vec::new();
            collect_templates(path, 0, &mut files, &mut loaded.warnings);
            files.sort();
            for file in files {
                load_file(&file, loaded, max_user_bytes);
            }
        }
        Ok(_) => load_file(path, loaded, max_user_bytes),
    }
}

/// The .txt and .md files under `dir` (recursively, hidden entries skipped),
/// sorted, and the folders that could not be read.
pub fn template_files(dir: &Path) -> (Vec<PathBuf>, Vec<LoadWarning>) {
    let (mut files, mut warnings) = (Vec::new(), Vec::new());
    collect_templates(dir, 0, &mut files, &mut warnings);
    files.sort();
    (files, warnings)
}

fn collect_templates(
    dir: &Path,
    depth: usize,
    out: &mut Vec<PathBuf>,
    warnings: &mut Vec<LoadWarning>,
) {
    if depth > MAX_DEPTH {
        return;
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            warnings.push(LoadWarning {
                path: dir.to_path_buf(),
                reason: SkipReason::Unreadable(e.to_string()),
            });
            return;
        }
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let hidden = entry.file_name().to_string_lossy().starts_with('.');
        if hidden {
            continue;
        }
        if path.is_dir() {
            collect_templates(&path, depth + 1, out, warnings);
        } else if has_template_extension(&path) {
            out.push(path);
        }
    }
}

fn has_template_extension(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        TEMPLATE_EXTENSIONS
            .iter()
            .any(|t| e.eq_ignore_ascii_case(t))
    })
}

/// Reads one file as UTF-8 text, or says why it cannot be used.
pub fn read_text(path: &Path) -> Result<String, SkipReason> {
    decode_text(std::fs::read(path).map_err(|e| SkipReason::Unreadable(e.to_string()))?)
}

/// Takes `bytes` as UTF-8 text, or says why they cannot be used.
pub fn decode_text(bytes: Vec<u8>) -> Result<String, SkipReason> {
    // A NUL byte never occurs in text; it does in nearly every binary format.
    if bytes.contains(&0) {
        return Err(SkipReason::Binary);
    }
    String::from_utf8(bytes).map_err(|_| SkipReason::NotUtf8)
}

fn load_file(path: &Path, loaded: &mut Loaded, max_user_bytes: usize) {
    // The size on disk, so that a file past the limit is not even read.
    let size = std::fs::metadata(path).map_or(0, |m| m.len() as usize);
    let read = if loaded.user_bytes + size > max_user_bytes {
        Err(SkipReason::CorpusFull)
    } else {
        read_text(path)
    };
    match read {
        Ok(text) => {
            loaded.user_bytes += text.len();
            loaded
                .corpus
                .documents
                .push(Document::parse(path.display().to_string(), &text));
        }
        Err(reason) => loaded.warnings.push(LoadWarning {
            path: path.to_path_buf(),
            reason,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_past_the_size_limit_are_skipped_with_a_warning() {
        let dir = std::env::temp_dir().join(format!("jianggao-limit-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        for name in ["a.txt", "b.txt", "c.txt"] {
            std::fs::write(dir.join(name), "全心全意依靠工人阶级\n").unwrap();
        }
        let one_file = "全心全意依靠工人阶级\n".len();
        let spec = CorpusSpec {
            builtin: false,
            paths: vec![dir.clone()],
        };
        let loaded = load_within(&spec, 2 * one_file + 1);
        std::fs::remove_dir_all(&dir).unwrap();

        assert_eq!(loaded.corpus.documents.len(), 2);
        assert_eq!(loaded.warnings.len(), 1);
        let warning = &loaded.warnings[0];
        assert_eq!(warning.reason, SkipReason::CorpusFull);
        assert!(warning.to_string().contains("c.txt"), "{warning}");
    }
}
