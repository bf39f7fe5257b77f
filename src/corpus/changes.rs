//! Which file-system changes touch a corpus: the paths to watch, and
//! whether a changed path can change what [`super::load::load`] reads. The
//! walker's rules apply: hidden entries never count, nor build folders
//! when a workspace is searched for drafts, nor files other than `.txt` and
//! `.md` (a changed folder counts: it may hold templates).

use super::load::CorpusSpec;
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
    pub fn of(spec: &CorpusSpec) -> Roots {
        let templates = spec.paths.iter().chain(&spec.workspace_paths);
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
