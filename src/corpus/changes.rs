//! Which file-system changes touch a corpus: the paths to watch, and
//! whether a changed path can change what [`super::load::load`] reads. The
//! walker's rules apply: hidden entries never count, nor build folders
//! when a workspace is searched for drafts, nor files other than `.txt` and
//! `.md` (a changed folder counts: it may hold templates).

use super::load::{lexical, CorpusSpec};
use super::walk::{is_build_folder, is_template_name};
use std::path::{Component, Path, PathBuf};

/// One watched path: a configured corpus path, or a workspace folder
/// searched for drafts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Root {
    /// As configured (resolved, links not followed): what to watch.
    pub path: PathBuf,
    /// Links resolved, when it exists: events may name either.
    canonical: Option<PathBuf>,
    /// A workspace folder searched for drafts: build folders do not count.
    drafts: bool,
}

/// The paths a corpus is read from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Roots(Vec<Root>);

impl Roots {
    /// The paths `spec` reads, besides the embedded corpus.
    /// Paths from a workspace's settings only when inside the workspace, as
    /// the loader reads them: a workspace that names `/` must not make
    /// anyone watch all of it.
    pub fn of(spec: &CorpusSpec) -> Roots {
        let real = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| lexical(p));
        let workspace: Vec<PathBuf> = spec.workspace.iter().map(|w| real(w)).collect();
        let inside = |p: &&PathBuf| workspace.iter().any(|w| real(p).starts_with(w));
        let confined = spec.workspace_paths.iter().filter(inside);
        let templates = spec.paths.iter().chain(confined);
        let drafts = spec.workspace.iter().filter(|_| spec.drafts);
        let roots = templates
            .map(|p| (p, false))
            .chain(drafts.map(|p| (p, true)))
            .map(|(path, drafts)| Root {
                path: path.clone(),
                canonical: std::fs::canonicalize(path).ok(),
                drafts,
            })
            .collect();
        Roots(roots)
    }

    pub fn iter(&self) -> impl Iterator<Item = &Root> {
        self.0.iter()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether a change at `path` (created, changed, removed or renamed)
    /// can change what the corpus holds.
    pub fn affects(&self, path: &Path) -> bool {
        self.0.iter().any(|root| root.affects(path))
    }

    /// Whether a change at `path` can change the templates (not only the
    /// drafts): those re-index even while the file is open.
    pub fn affects_templates(&self, path: &Path) -> bool {
        self.0.iter().any(|root| !root.drafts && root.affects(path))
    }
}

impl Root {
    fn affects(&self, path: &Path) -> bool {
        let inside = |base: &Path| path.strip_prefix(base).ok();
        let Some(rest) = inside(&self.path).or_else(|| self.canonical.as_deref().and_then(inside))
        else {
            return false;
        };
        let mut names = rest.components().map(|c| match c {
            Component::Normal(name) => name.to_string_lossy(),
            _ => "..".into(),
        });
        // Hidden entries never count, build folders not among drafts.
        let skipped = |name: &str| name.starts_with('.') || (self.drafts && is_build_folder(name));
        let counted = !names.any(|name| skipped(&name));
        // A name without an extension may be a folder, even one that is gone.
        counted && (is_template_name(path) || path.extension().is_none() || path.is_dir())
    }
}

impl Root {
    /// A workspace folder searched for drafts: watched folder by folder
    /// ([`draft_folders`]), not as a whole tree.
    pub fn is_drafts(&self) -> bool {
        self.drafts
    }
}

/// The folders under `root` (itself included) that the drafts walk would
/// enter: not hidden, not build folders, links not followed, at most
/// `max_entries` folder entries looked at. A watcher of its own watches
/// these one by one, so that a workspace's `node_modules` or `.git` costs
/// nothing.
pub fn draft_folders(root: &Path, max_entries: usize) -> Vec<PathBuf> {
    let mut folders = vec![root.to_path_buf()];
    let mut left = max_entries;
    let mut next = 0;
    while next < folders.len() && left > 0 {
        let Ok(entries) = std::fs::read_dir(&folders[next]) else {
            next += 1;
            continue;
        };
        let parent = folders[next].clone();
        for entry in entries.flatten() {
            if left == 0 {
                break;
            }
            left -= 1;
            let name = entry.file_name();
            let name = name.to_string_lossy();
            let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
            if is_dir && !name.starts_with('.') && !is_build_folder(&name) {
                folders.push(parent.join(&*name));
            }
        }
        next += 1;
    }
    folders
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roots() -> Roots {
        Roots::of(&CorpusSpec {
            paths: vec!["/t/模板".into(), "/t/one.md".into()],
            workspace: vec!["/ws".into()],
            drafts: true,
            ..Default::default()
        })
    }

    #[test]
    fn templates_and_folders_inside_count() {
        let r = roots();
        for path in [
            "/t/模板/a.txt",
            "/t/模板/sub/B.MD",
            "/t/模板/新文件夹",
            "/t/模板",
            "/t/one.md",
            "/ws/草稿.md",
            "/ws/2025/讲话.txt",
        ] {
            assert!(r.affects(Path::new(path)), "{path}");
        }
    }

    #[test]
    fn what_the_walker_skips_does_not_count() {
        let r = roots();
        for path in [
            "/t/模板/a.docx",
            "/t/模板/.a.txt.swp",
            "/t/模板/.git/x.txt",
            "/t/模板/a.txt~",
            "/t/other.txt",
            "/ws/node_modules/x/readme.md",
            "/ws/target/notes.txt",
            "/ws/.obsidian/x.md",
            "/elsewhere/a.txt",
        ] {
            assert!(!r.affects(Path::new(path)), "{path}");
        }
        // Build folders count inside a folder of templates the writer named.
        assert!(r.affects(Path::new("/t/模板/build/a.txt")));
        assert!(r.affects_templates(Path::new("/t/模板/a.txt")));
        assert!(!r.affects_templates(Path::new("/ws/草稿.md")));
    }

    #[test]
    fn the_folders_of_drafts_leave_out_hidden_and_build_folders() {
        let dir = std::env::temp_dir().join(format!("jianggao-folders-{}", std::process::id()));
        for sub in ["2025/春", ".git/objects", "node_modules/x", "讲话"] {
            std::fs::create_dir_all(dir.join(sub)).unwrap();
        }
        let mut found = draft_folders(&dir, 100);
        found.sort();
        let expected = ["", "2025", "2025/春", "讲话"].map(|p| dir.join(p));
        let capped = draft_folders(&dir, 1);
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(found, expected.map(|p| p.components().collect::<PathBuf>()));
        assert!(capped.len() <= 2, "{capped:?}");
    }

    #[test]
    fn paths_from_the_workspace_settings_are_watched_only_inside_it() {
        let spec = CorpusSpec {
            paths: vec!["/mine".into()],
            workspace_paths: vec!["/".into(), "/ws/../etc".into(), "/ws/模板".into()],
            workspace: vec!["/ws".into()],
            ..Default::default()
        };
        let roots = Roots::of(&spec);
        let watched: Vec<&Path> = roots.iter().map(|r| r.path.as_path()).collect();
        assert_eq!(watched, [Path::new("/mine"), Path::new("/ws/模板")]);
    }

    #[test]
    fn without_drafts_the_workspace_is_not_watched() {
        let spec = CorpusSpec {
            workspace: vec!["/ws".into()],
            ..Default::default()
        };
        assert!(Roots::of(&spec).is_empty());
        assert!(!Roots::of(&spec).affects(Path::new("/ws/a.txt")));
    }
}
