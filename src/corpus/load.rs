//! Loads user template files and folders, skipping what cannot be read as
//! text with a warning that names the file and says why. Nothing here panics
//! on bad input, and nothing is read that is not a regular `.txt` or `.md`
//! file (see [`super::walk`]); text in any encoding [`decode`] knows is taken,
//! with a note when it is not UTF-8.
//!
//! **Reach.** Paths from the user's own settings may lie anywhere; paths from
//! a workspace's settings are read only when they lie inside the workspace
//! (links resolved), so opening a folder cannot make jianggao read, and show
//! in completions, the user's private files.

use super::read;
use super::stamp::Stamp;
use super::walk::{self, Found, Walker};
use super::{Corpus, FileRead};
use crate::locale::Lang;
use crate::text::input::{NotText, SourceEncoding};
use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

/// The most template text read from the user's paths. The index keeps
/// several times the text in memory, and its suffix array takes under 2 GiB
/// of folded text (folding can triple ASCII punctuation).
pub const MAX_CORPUS_BYTES: usize = 512 << 20;

/// The most draft text read from the workspace folders: a writer's earlier
/// drafts are a few hundred speeches of tens of KB; past that a workspace
/// holds something else (a code base, a data dump).
pub const MAX_DRAFT_BYTES: usize = 16 << 20;

/// The most folder entries looked at when a workspace is searched for
/// drafts, so that opening a home folder does not walk all of it.
pub const MAX_DRAFT_ENTRIES: usize = 20_000;

/// A special file, never read: reading a FIFO waits forever, a device can
/// give bytes without end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Special {
    Fifo,
    Device,
    Socket,
    Other,
}

/// Why a corpus path was skipped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SkipReason {
    Missing,
    Unreadable(String),
    /// NUL bytes: not text.
    Binary,
    /// Neither UTF-8, GB18030 nor UTF-16.
    UnknownEncoding,
    /// Not a regular file.
    Special(Special),
    /// Not named `.txt` or `.md` (also when named directly, or a link's target).
    NotTemplate,
    /// A link that leads out of the folder named.
    LinkOutside,
    /// A link to a folder already read (a loop, or the same folder twice).
    LinkLoop,
    /// Folders nested deeper than this.
    TooDeep(usize),
    /// From a workspace's settings, but outside the workspace.
    OutsideWorkspace,
    /// Reading it would pass [`MAX_CORPUS_BYTES`].
    CorpusFull,
}

/// A corpus path that was skipped; everything else was still loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadWarning {
    pub path: PathBuf,
    pub reason: SkipReason,
}

impl SkipReason {
    /// Why, as the rest of a sentence that starts with the path.
    pub fn describe(&self, lang: Lang) -> String {
        let zh = lang == Lang::Zh;
        match self {
            SkipReason::Missing => lang.pick("不存在", "does not exist").into(),
            SkipReason::Unreadable(e) if zh => format!("无法读取（{e}）"),
            SkipReason::Unreadable(e) => format!("cannot be read ({e})"),
            SkipReason::Binary => lang
                .pick("是二进制文件，不是文本", "is binary, not text")
                .into(),
            SkipReason::UnknownEncoding => lang
                .pick(
                    "的编码无法识别（不是 UTF-8、GB18030 或 UTF-16 文本）",
                    "is not text in a known encoding (UTF-8, GB18030, UTF-16)",
                )
                .into(),
            SkipReason::Special(kind) if zh => {
                format!("是{}，不是普通文件", special_name(*kind, lang))
            }
            SkipReason::Special(kind) => {
                format!("is {}, not a regular file", special_name(*kind, lang))
            }
            SkipReason::NotTemplate => lang
                .pick(
                    "不是 .txt 或 .md 文件，不作模板读取",
                    "is not a .txt or .md file, so not a template",
                )
                .into(),
            SkipReason::LinkOutside => lang
                .pick("是指向所在文件夹之外的链接", "is a link out of the folder")
                .into(),
            SkipReason::LinkLoop => lang
                .pick(
                    "是指向已读取文件夹的链接（循环或重复）",
                    "is a link to a folder already read (a loop or a repeat)",
                )
                .into(),
            SkipReason::TooDeep(depth) if zh => format!("嵌套超过 {depth} 层"),
            SkipReason::TooDeep(depth) => format!("is nested more than {depth} folders deep"),
            SkipReason::OutsideWorkspace => lang
                .pick(
                    "来自工作区设置，但在工作区之外（工作区设置只能使用工作区内的模板；\
                     工作区外的模板请写在你自己的用户设置中）",
                    "comes from the workspace settings but lies outside the workspace \
                     (workspace settings may only use templates inside it; put templates \
                     from elsewhere in your own user settings)",
                )
                .into(),
            SkipReason::CorpusFull if zh => format!(
                "加上它，模板总量将超过 {} MB 的上限",
                MAX_CORPUS_BYTES >> 20
            ),
            SkipReason::CorpusFull => format!(
                "would take the templates past the limit of {} MB",
                MAX_CORPUS_BYTES >> 20
            ),
        }
    }

    /// Whether something was left unread: not so for a link to a folder
    /// that was read anyway.
    pub fn loses_input(&self) -> bool {
        *self != SkipReason::LinkLoop
    }
}

impl LoadWarning {
    /// The warning in `lang`, naming the path and the reason.
    pub fn message(&self, lang: Lang) -> String {
        let (p, why) = (self.path.display(), self.reason.describe(lang));
        match lang {
            Lang::Zh => format!("模板路径 {p} {why}，已跳过"),
            Lang::En => format!("corpus path {p} {why}; skipped"),
        }
    }
}

fn special_name(kind: Special, lang: Lang) -> &'static str {
    match kind {
        Special::Fifo => lang.pick("命名管道（FIFO）", "a FIFO (named pipe)"),
        Special::Device => lang.pick("设备文件", "a device"),
        Special::Socket => lang.pick("套接字", "a socket"),
        Special::Other => lang.pick("特殊文件", "a special file"),
    }
}

impl fmt::Display for LoadWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

/// A file that was read, but not from UTF-8: worth telling the writer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadNote {
    pub path: PathBuf,
    pub encoding: SourceEncoding,
}

impl LoadNote {
    pub fn message(&self, lang: Lang) -> String {
        let (p, e) = (self.path.display(), self.encoding.name());
        match lang {
            Lang::Zh => format!("模板 {p} 不是 UTF-8 文本，已按 {e} 读取"),
            Lang::En => format!("corpus file {p} is not UTF-8; read as {e}"),
        }
    }
}

/// Where the corpus comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorpusSpec {
    /// Include the embedded default corpus.
    pub builtin: bool,
    /// The user's own files or folders (their settings, the command line),
    /// absolute (already resolved): read wherever they are.
    pub paths: Vec<PathBuf>,
    /// Files or folders from a workspace's settings, resolved: read only
    /// when inside one of [`CorpusSpec::workspace`].
    pub workspace_paths: Vec<PathBuf>,
    /// The workspace folders.
    pub workspace: Vec<PathBuf>,
    /// The `.txt`/`.md` files of the workspace folders count too, as the
    /// writer's drafts (hidden and build folders skipped, within
    /// [`MAX_DRAFT_BYTES`]; nothing said about what is left out).
    pub drafts: bool,
}

impl Default for CorpusSpec {
    fn default() -> Self {
        CorpusSpec {
            builtin: true,
            paths: Vec::new(),
            workspace_paths: Vec::new(),
            workspace: Vec::new(),
            drafts: false,
        }
    }
}

/// What loading had to say: files skipped, files read from another encoding.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LoadReport {
    pub warnings: Vec<LoadWarning>,
    /// Files read from another encoding than UTF-8.
    pub notes: Vec<LoadNote>,
}

/// A corpus and what had to be skipped while loading it.
#[derive(Debug, Default)]
pub struct Loaded {
    pub corpus: Corpus,
    pub report: LoadReport,
    /// Bytes read from the user's paths so far.
    pub(super) user_bytes: usize,
}

/// Loads the embedded corpus (when asked) and every user path.
pub fn load(spec: &CorpusSpec) -> Loaded {
    load_within(spec, MAX_CORPUS_BYTES)
}

fn load_within(spec: &CorpusSpec, max_user_bytes: usize) -> Loaded {
    read_planned(
        spec,
        plan(spec),
        max_user_bytes,
        &|_, _, _| None,
        &mut |_, _| {},
    )
}

/// Looks a file up in the index being replaced: given its absolute path,
/// its stamp now and whether it is read as a draft, the number of its
/// document there and how it was read, when it was read with that same
/// stamp as the same kind of file.
pub type Known<'a> = &'a (dyn Fn(&Path, Stamp, bool) -> Option<(u32, FileRead)> + Sync);

/// The template files a spec stands for, found (and their paths judged)
/// without reading them, and the paths skipped on the way.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    pub files: Vec<PathBuf>,
    /// The writer's drafts (when the spec counts them).
    pub drafts: Vec<PathBuf>,
    pub warnings: Vec<LoadWarning>,
}

/// Finds the files that [`load`] would read for `spec`.
pub fn plan(spec: &CorpusSpec) -> Plan {
    let mut plan = Plan::default();
    let mut walker = Walker::default();
    // Canonical, and as given (to judge paths that do not exist).
    let workspace: Vec<PathBuf> = spec
        .workspace
        .iter()
        .filter_map(|w| std::fs::canonicalize(w).ok())
        .chain(spec.workspace.iter().map(|w| lexical(w)))
        .collect();
    let user = spec.paths.iter().map(|p| (p, None));
    let confined = spec
        .workspace_paths
        .iter()
        .map(|p| (p, Some(&workspace[..])));
    for (path, confine) in user.chain(confined) {
        let files = find(path, confine, &mut walker);
        plan.warnings.append(&mut walker.warnings);
        plan.files.extend(files.into_iter().map(|found| found.path));
    }
    if spec.drafts {
        plan.drafts = find_drafts(&spec.workspace, &mut walker);
    }
    plan
}

/// Loads the embedded corpus (when `spec` asks for it) and the files of
/// `plan`, telling `progress` (files read, files in all) after each file.
/// A file that `known` finds unchanged is not read: its document is
/// [`Document::kept`] from the index being replaced.
pub fn load_planned(
    spec: &CorpusSpec,
    plan: Plan,
    known: Known,
    progress: &mut dyn FnMut(usize, usize),
) -> Loaded {
    read_planned(spec, plan, MAX_CORPUS_BYTES, known, progress)
}

fn read_planned(
    spec: &CorpusSpec,
    plan: Plan,
    max_user_bytes: usize,
    known: Known,
    progress: &mut dyn FnMut(usize, usize),
) -> Loaded {
    let mut loaded = Loaded::default();
    if spec.builtin {
        loaded.corpus = Corpus::embedded();
    }
    loaded.report.warnings = plan.warnings;
    let all = plan.files.len() + plan.drafts.len();
    let mut done = 0;
    let mut step = || {
        done += 1;
        progress(done, all);
    };
    read::read_files(
        &plan.files,
        false,
        max_user_bytes,
        known,
        &mut loaded,
        &mut step,
    );
    // The drafts have a budget of their own after the templates.
    let budget = loaded
        .user_bytes
        .saturating_add(MAX_DRAFT_BYTES)
        .min(MAX_CORPUS_BYTES);
    read::read_files(&plan.drafts, true, budget, known, &mut loaded, &mut step);
    loaded
}

/// The writer's drafts: the template files of the workspace folders that no
/// corpus path took already (those stay templates). The writer did not name
/// them, so nothing skipped is reported.
fn find_drafts(workspace: &[PathBuf], walker: &mut Walker) -> Vec<PathBuf> {
    walker.drafts(MAX_DRAFT_ENTRIES);
    let mut drafts = Vec::new();
    for folder in workspace {
        let Ok(canonical) = std::fs::canonicalize(folder) else {
            continue;
        };
        drafts.extend(
            walker
                .folder(folder, &canonical)
                .into_iter()
                .map(|f| f.path),
        );
    }
    walker.warnings.clear();
    drafts
}

/// The template files a configured path stands for: itself when it is a
/// template file, those inside when it is a folder. `confine`: the
/// (canonical) folders it must lie in.
fn find(path: &Path, confine: Option<&[PathBuf]>, walker: &mut Walker) -> Vec<Found> {
    let skip = |walker: &mut Walker, reason| {
        walker.warnings.push(LoadWarning {
            path: path.to_path_buf(),
            reason,
        });
        Vec::new()
    };
    let inside =
        |at: &Path| confine.is_none_or(|folders| folders.iter().any(|f| at.starts_with(f)));
    let (meta, canonical) = match (std::fs::metadata(path), std::fs::canonicalize(path)) {
        (Ok(meta), Ok(canonical)) => (meta, canonical),
        // Where a path leads is what counts; one that leads nowhere is
        // judged by its name, so that the warning says the same thing
        // whether a file outside exists or not.
        _ if !inside(&lexical(path)) => return skip(walker, SkipReason::OutsideWorkspace),
        (Err(e), _) | (_, Err(e)) if e.kind() != std::io::ErrorKind::NotFound => {
            return skip(walker, SkipReason::Unreadable(e.to_string()))
        }
        _ => return skip(walker, SkipReason::Missing),
    };
    if !inside(&canonical) {
        return skip(walker, SkipReason::OutsideWorkspace);
    }
    if meta.is_dir() {
        return walker.folder(path, &canonical);
    }
    if !walk::is_template_name(path) {
        return skip(walker, SkipReason::NotTemplate);
    }
    if !meta.is_file() {
        return skip(
            walker,
            SkipReason::Special(walk::special(&meta.file_type())),
        );
    }
    if !walk::is_template_name(&canonical) {
        return skip(walker, SkipReason::NotTemplate); // a link to another kind of file
    }
    if !walker.claim(&canonical) {
        return Vec::new();
    }
    vec![Found {
        path: path.to_path_buf(),
        canonical,
    }]
}

/// `path` with `.` and `..` worked out on its components alone.
pub fn lexical(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
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

/// Reads a regular file of at most `limit` bytes; `Err(None)` when it holds
/// more. The type is checked before opening (opening a FIFO waits for a
/// writer) and again on the open file, and the read is capped, so neither a
/// special file nor a file that grows can make it read without end.
pub fn read_regular(path: &Path, limit: usize) -> Result<Vec<u8>, Option<SkipReason>> {
    let unreadable = |e: std::io::Error| Some(SkipReason::Unreadable(e.to_string()));
    let regular = |meta: &std::fs::Metadata| {
        if meta.is_file() {
            Ok(meta.len())
        } else {
            Err(Some(SkipReason::Special(walk::special(&meta.file_type()))))
        }
    };
    if regular(&std::fs::metadata(path).map_err(unreadable)?)? > limit as u64 {
        return Err(None);
    }
    let file = std::fs::File::open(path).map_err(unreadable)?;
    regular(&file.metadata().map_err(unreadable)?)?;
    let mut bytes = Vec::new();
    file.take(limit as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    if bytes.len() > limit {
        return Err(None);
    }
    Ok(bytes)
}

/// Why bytes that are not text were skipped.
pub fn not_text(reason: NotText) -> SkipReason {
    match reason {
        NotText::Binary => SkipReason::Binary,
        NotText::UnknownEncoding => SkipReason::UnknownEncoding,
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
            ..Default::default()
        };
        let loaded = load_within(&spec, 2 * one_file + 1);
        std::fs::remove_dir_all(&dir).unwrap();

        assert_eq!(loaded.corpus.documents.len(), 2);
        assert_eq!(loaded.report.warnings.len(), 1);
        let warning = &loaded.report.warnings[0];
        assert_eq!(warning.reason, SkipReason::CorpusFull);
        assert!(warning.to_string().contains("c.txt"), "{warning}");
    }

    #[test]
    fn reads_stop_at_the_limit_whatever_the_size_on_disk_says() {
        let dir = std::env::temp_dir().join(format!("jianggao-cap-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("a.txt");
        std::fs::write(&file, "0123456789").unwrap();
        assert_eq!(read_regular(&file, 10).unwrap().len(), 10);
        assert_eq!(read_regular(&file, 9), Err(None));
        std::fs::remove_dir_all(&dir).unwrap();
        // /proc files say they are empty and are not.
        let lying = Path::new("/proc/self/status");
        if lying.exists() {
            assert_eq!(std::fs::metadata(lying).unwrap().len(), 0);
            assert_eq!(read_regular(lying, 16), Err(None));
        }
    }
}
