//! Finds the template files (`.txt`, `.md`) under the folders a user names,
//! safely: only regular files are taken; special files (FIFOs, devices,
//! sockets) are never opened; a link is followed only when it stays inside
//! the folder named and leads somewhere not read yet, so links cannot reach
//! out of it or go round a loop; a file reached twice (by two paths, links,
//! or a folder named twice) is taken once. Every skip is a warning naming the
//! path and the reason.

use super::load::{LoadWarning, SkipReason, Special};
use std::collections::{HashSet, VecDeque};
use std::fs::{self, FileType};
use std::path::{Path, PathBuf};

/// Extensions of template files, in folders and when named directly.
const TEMPLATE_EXTENSIONS: &[&str] = &["txt", "md"];

/// How deep folders are searched.
const MAX_DEPTH: usize = 32;

/// Folders that hold what tools made or fetched, not what a writer wrote:
/// skipped when a workspace is searched for drafts.
pub const BUILD_FOLDERS: &[&str] = &[
    "node_modules",
    "target",
    "build",
    "dist",
    "out",
    "vendor",
    "venv",
    "__pycache__",
    "site-packages",
    "bower_components",
];

/// Whether `name` is a folder [`Walker::drafts`] skips.
pub fn is_build_folder(name: &str) -> bool {
    BUILD_FOLDERS.contains(&name)
}

/// A template file found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// The path as the user would write it: the folder named, then the
    /// entries (links not resolved).
    pub path: PathBuf,
    /// Links resolved: what identifies the file.
    pub canonical: PathBuf,
}

/// Walks folders, remembering what it found across calls.
#[derive(Debug, Default)]
pub struct Walker {
    files: HashSet<PathBuf>,
    folders: HashSet<PathBuf>,
    /// The folder being walked (canonical): links must stay inside it.
    root: PathBuf,
    pub warnings: Vec<LoadWarning>,
    /// Searching a workspace for drafts: build folders are skipped too,
    /// and at most [`Walker::entries_left`] folder entries are looked at.
    drafts: bool,
    entries_left: usize,
}

/// A link met in a folder, followed once the real folders are read.
struct Link {
    path: PathBuf,
    target: PathBuf,
    depth: usize,
}

impl Walker {
    /// From now on, walks as drafts are searched for: skips build folders
    /// besides hidden ones, and looks at no more than `max_entries` folder
    /// entries in all (a workspace may be a home folder).
    pub fn drafts(&mut self, max_entries: usize) {
        self.drafts = true;
        self.entries_left = max_entries;
    }

    /// The template files under folder `path` (whose links resolve to
    /// `canonical`), sorted; none when that folder was walked before.
    pub fn folder(&mut self, path: &Path, canonical: &Path) -> Vec<Found> {
        let mut found = Vec::new();
        if !self.folders.insert(canonical.to_path_buf()) {
            return found;
        }
        self.root = canonical.to_path_buf();
        let mut links = VecDeque::new();
        self.read_folder(path, canonical, 0, &mut found, &mut links);
        // Links last, so that a link never claims a folder before its real
        // path is read: the files keep the names they have in the folder.
        while let Some(link) = links.pop_front() {
            if !link.target.starts_with(canonical) {
                self.skip(&link.path, SkipReason::LinkOutside);
            } else if !self.folders.insert(link.target.clone()) {
                self.skip(&link.path, SkipReason::LinkLoop);
            } else {
                self.read_folder(&link.path, &link.target, link.depth, &mut found, &mut links);
            }
        }
        found.sort_by(|a, b| a.path.cmp(&b.path));
        found
    }

    /// Takes a file, unless it was taken before under any path.
    pub fn claim(&mut self, canonical: &Path) -> bool {
        self.files.insert(canonical.to_path_buf())
    }

    fn skip(&mut self, path: &Path, reason: SkipReason) {
        self.warnings.push(LoadWarning {
            path: path.to_path_buf(),
            reason,
        });
    }

    fn read_folder(
        &mut self,
        path: &Path,
        canonical: &Path,
        depth: usize,
        found: &mut Vec<Found>,
        links: &mut VecDeque<Link>,
    ) {
        if depth > MAX_DEPTH {
            self.skip(path, SkipReason::TooDeep(MAX_DEPTH));
            return;
        }
        let entries = match fs::read_dir(path) {
            Ok(entries) => entries,
            Err(e) => return self.skip(path, SkipReason::Unreadable(e.to_string())),
        };
        let mut entries: Vec<_> = entries.flatten().collect();
        entries.sort_by_key(|e| e.file_name());
        for entry in entries {
            let name = entry.file_name();
            if name.to_string_lossy().starts_with('.') {
                continue; // hidden: .git, .obsidian, editor backups
            }
            if self.drafts {
                if self.entries_left == 0 {
                    return;
                }
                self.entries_left -= 1;
                if is_build_folder(&name.to_string_lossy()) {
                    continue;
                }
            }
            let (entry_path, entry_canonical) = (path.join(&name), canonical.join(&name));
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_dir() {
                if self.folders.insert(entry_canonical.clone()) {
                    self.read_folder(&entry_path, &entry_canonical, depth + 1, found, links);
                }
            } else if kind.is_symlink() {
                self.link(entry_path, depth, found, links);
            } else if is_template_name(&entry_path) {
                if kind.is_file() {
                    self.take(entry_path, entry_canonical, found);
                } else {
                    self.skip(&entry_path, SkipReason::Special(special(&kind)));
                }
            }
        }
    }

    /// A link in a folder: to a folder, followed later; to a template file,
    /// taken when it is a regular file inside the folder walked.
    fn link(
        &mut self,
        path: PathBuf,
        depth: usize,
        found: &mut Vec<Found>,
        links: &mut VecDeque<Link>,
    ) {
        let (Ok(meta), Ok(target)) = (fs::metadata(&path), fs::canonicalize(&path)) else {
            if is_template_name(&path) {
                self.skip(&path, SkipReason::Missing);
            }
            return;
        };
        if meta.is_dir() {
            links.push_back(Link {
                path,
                target,
                depth: depth + 1,
            });
            return;
        }
        if !is_template_name(&path) {
            return;
        }
        if !target.starts_with(&self.root) {
            self.skip(&path, SkipReason::LinkOutside);
        } else if !meta.is_file() {
            self.skip(&path, SkipReason::Special(special(&meta.file_type())));
        } else if !is_template_name(&target) {
            self.skip(&path, SkipReason::NotTemplate);
        } else {
            self.take(path, target, found);
        }
    }

    fn take(&mut self, path: PathBuf, canonical: PathBuf, found: &mut Vec<Found>) {
        if self.claim(&canonical) {
            found.push(Found { path, canonical });
        }
    }
}

/// Whether `path` names a template file (`.txt`, `.md`, any case).
pub fn is_template_name(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        TEMPLATE_EXTENSIONS
            .iter()
            .any(|t| e.eq_ignore_ascii_case(t))
    })
}

/// What kind of special file a file type is.
pub fn special(kind: &FileType) -> Special {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return Special::Fifo;
        }
        if kind.is_char_device() || kind.is_block_device() {
            return Special::Device;
        }
        if kind.is_socket() {
            return Special::Socket;
        }
    }
    let _ = kind;
    Special::Other
}
