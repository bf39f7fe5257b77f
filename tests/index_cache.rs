//! The index cache: a valid cache is read and answers exactly like a fresh
//! build; every kind of bad cache is detected and built again; with the
//! cache off nothing is written; nothing is ever written beside the
//! templates.

mod common;

use common::listing;
use jianggao::corpus::embedded::FILES;
use jianggao::corpus::load::CorpusSpec;
use jianggao::index::cache::{self, Miss, Use};
use jianggao::index::{Index, Loaded, Progress};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// A folder of its own for each test, emptied first.
fn scratch(name: &str) -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    let n = N.fetch_add(1, Ordering::Relaxed);
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!(
        "jianggao-cache-test-{}-{n}-{name}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A template folder (the embedded documents, one a GB18030 file, and a
/// binary file that is skipped) and a cache folder.
struct Setup {
    templates: PathBuf,
    cache: PathBuf,
    spec: CorpusSpec,
}

impl Setup {
    fn new(name: &str) -> Setup {
        let root = scratch(name);
        let templates = root.join("templates");
        std::fs::create_dir_all(&templates).unwrap();
        for (i, (_, text)) in FILES.iter().enumerate().skip(1) {
            std::fs::write(templates.join(format!("t{i}.txt")), text).unwrap();
        }
        let (gbk, _, _) =
            encoding_rs::GB18030.encode("各位代表、同志们：\n全心全意依靠工人阶级。\n");
        std::fs::write(templates.join("gbk.txt"), &gbk).unwrap();
        std::fs::write(templates.join("binary.txt"), b"\0\x01\x02").unwrap();
        let spec = CorpusSpec {
            builtin: false,
            paths: vec![templates.clone()],
            ..Default::default()
        };
        Setup {
            templates,
            cache: root.join("cache"),
            spec,
        }
    }

    /// Loads with the cache on, saving it when it was built.
    fn load(&self) -> Loaded {
        let loaded = Index::load_with(&self.spec, Some(&self.cache), None, &Progress::default());
        if let Some(save) = &loaded.save {
            save.save(&loaded.index.phrases).unwrap();
        }
        loaded
    }

    fn cache_file(&self) -> PathBuf {
        cache::file_for(&self.cache, &self.spec)
    }

    fn templates_listing(&self) -> Vec<String> {
        listing(&self.templates)
    }
}

/// Cursor positions cut from the embedded corpus: drafts ending inside a line.
fn drafts() -> Vec<String> {
    FILES
        .iter()
        .flat_map(|(_, text)| text.lines().filter(|l| l.chars().count() > 6).step_by(7))
        .map(|line| line.chars().take(line.chars().count() / 2).collect())
        .collect()
}

fn answers(index: &Index) -> Vec<Vec<jianggao::phrases::Suggestion>> {
    drafts()
        .iter()
        .map(|d| index.phrases.complete(d, 10))
        .collect()
}

fn miss(loaded: &Loaded) -> Miss {
    match &loaded.cache {
        Use::Rebuilt(miss) => miss.clone(),
        other => panic!("expected a rebuild, got {other:?}"),
    }
}

#[test]
fn a_cached_index_answers_exactly_like_a_fresh_one() {
    let setup = Setup::new("same");
    let fresh = setup.load();
    assert_eq!(miss(&fresh), Miss::Missing);
    let cached = setup.load();
    assert_eq!(cached.cache, Use::Read(setup.cache_file()));
    assert!(cached.save.is_none());
    let (a, b) = (answers(&fresh.index), answers(&cached.index));
    let found = a.iter().filter(|s| !s.is_empty()).count();
    assert!(
        found > 5,
        "the drafts find completions: {found} of {}",
        a.len()
    );
    assert_eq!(a, b);
    assert_eq!(
        fresh.index.phrases.documents(),
        cached.index.phrases.documents()
    );
    assert_eq!(
        fresh.index.phrases.text_bytes(),
        cached.index.phrases.text_bytes()
    );
    // What reading the files had to say comes back from the cache.
    assert_eq!(fresh.report, cached.report);
    assert_eq!(cached.report.warnings.len(), 1, "{:?}", cached.report);
    assert_eq!(cached.report.notes.len(), 1, "{:?}", cached.report);
}

/// Sets the modification time of `file` to `days` days ago.
fn age(file: &Path, days: u64) {
    let then = std::time::SystemTime::now() - std::time::Duration::from_secs(days * 24 * 3600);
    std::fs::File::options()
        .append(true)
        .open(file)
        .unwrap()
        .set_modified(then)
        .unwrap();
}

fn days_old(file: &Path) -> u64 {
    let modified = std::fs::metadata(file).unwrap().modified().unwrap();
    modified.elapsed().unwrap_or_default().as_secs() / (24 * 3600)
}

#[test]
fn a_valid_cache_is_read_not_written_again() {
    let setup = Setup::new("kept");
    setup.load();
    let file = setup.cache_file();
    let bytes = std::fs::read(&file).unwrap();
    #[cfg(unix)]
    let inode = std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(&file).unwrap());
    age(&file, 20);
    let loaded = setup.load();
    assert_eq!(loaded.cache, Use::Read(file.clone()));
    assert_eq!(std::fs::read(&file).unwrap(), bytes);
    // The same file (a new one would have been renamed over it), marked
    // as used now.
    #[cfg(unix)]
    assert_eq!(
        std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(&file).unwrap()),
        inode
    );
    assert_eq!(days_old(&file), 0);
}

/// Each project has its own cache file: those not used for a month go when
/// another is written; the rest of the folder stays as it is.
#[test]
fn cache_files_unused_for_a_month_are_removed() {
    let setup = Setup::new("sweep");
    std::fs::create_dir_all(&setup.cache).unwrap();
    let file = |name: &str| setup.cache.join(name);
    for (name, days) in [
        ("index-00000000000000aa.bin", cache::UNUSED_DAYS + 10),
        ("index-00000000000000bb.bin", cache::UNUSED_DAYS - 10),
        ("notes.txt", cache::UNUSED_DAYS + 10),
    ] {
        std::fs::write(file(name), name).unwrap();
        age(&file(name), days);
    }
    assert!(matches!(setup.load().cache, Use::Rebuilt(_)));
    let mut kept = vec![
        "index-00000000000000bb.bin".to_string(),
        setup
            .cache_file()
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned(),
        "notes.txt".to_string(),
    ];
    kept.sort();
    assert_eq!(listing(&setup.cache), kept);
}

#[test]
fn nothing_is_written_beside_the_templates() {
    let setup = Setup::new("beside");
    let before = setup.templates_listing();
    setup.load();
    setup.load();
    assert_eq!(setup.templates_listing(), before);
    // The cache folder holds the cache file alone: no temporary file stays.
    let name = setup
        .cache_file()
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    assert_eq!(listing(&setup.cache), [name]);
}

/// The cache holds the text of the writer's templates and drafts: its
/// folder and files are the writer's alone, also when an older release
/// left the folder open.
#[cfg(unix)]
#[test]
fn the_cache_is_readable_by_the_writer_alone() {
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let setup = Setup::new("private");
    setup.load();
    assert_eq!(mode(&setup.cache), 0o700);
    assert_eq!(mode(&setup.cache_file()), 0o600);
    std::fs::set_permissions(&setup.cache, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::remove_file(setup.cache_file()).unwrap();
    setup.load();
    assert_eq!(mode(&setup.cache), 0o700);
}

#[test]
fn a_changed_added_or_removed_template_makes_the_cache_stale() {
    let setup = Setup::new("stale");
    setup.load();
    let edited = setup.templates.join("t1.txt");
    std::fs::write(&edited, "全心全意依靠工人阶级，服务大局。\n").unwrap();
    let loaded = setup.load();
    assert_eq!(miss(&loaded), Miss::Stale);
    // The stale file lends the files that did not change: all but t1.txt
    // (and binary.txt, never read).
    let files = listing(&setup.templates).len();
    assert_eq!(loaded.kept, files - 2);
    let fresh = Index::load_with(&setup.spec, None, None, &Progress::default());
    assert_eq!(answers(&loaded.index), answers(&fresh.index));
    assert_eq!(loaded.report, fresh.report);
    assert!(loaded
        .index
        .phrases
        .complete("全心全意", 5)
        .iter()
        .any(|s| s.continuation.starts_with("依靠")));
    assert_eq!(setup.load().cache, Use::Read(setup.cache_file()));

    std::fs::write(setup.templates.join("new.md"), "围绕中心、服务大局\n").unwrap();
    let added = setup.load();
    assert_eq!(miss(&added), Miss::Stale);
    assert_eq!(added.kept, files - 1);
    std::fs::remove_file(setup.templates.join("new.md")).unwrap();
    assert_eq!(miss(&setup.load()), Miss::Stale);
    assert_eq!(setup.load().cache, Use::Read(setup.cache_file()));
}

/// Damages the cache file with `damage`, and checks that the next load
/// builds the index again for `expected` reasons, answers as a fresh one,
/// and that the load after reads the rewritten cache.
fn damaged(name: &str, damage: impl FnOnce(&Path), expected: impl Fn(&Miss) -> bool) {
    let setup = Setup::new(name);
    let fresh = setup.load();
    damage(&setup.cache_file());
    let rebuilt = setup.load();
    let why = miss(&rebuilt);
    assert!(expected(&why), "{name}: {why:?}");
    assert_eq!(answers(&rebuilt.index), answers(&fresh.index), "{name}");
    assert_eq!(rebuilt.report, fresh.report);
    assert_eq!(setup.load().cache, Use::Read(setup.cache_file()), "{name}");
}

#[test]
fn a_truncated_cache_is_rebuilt() {
    for keep in [0.0, 0.001, 0.5, 0.999] {
        damaged(
            "truncated",
            |file| {
                let bytes = std::fs::read(file).unwrap();
                let cut = ((bytes.len() as f64 * keep) as usize).min(bytes.len() - 1);
                std::fs::write(file, &bytes[..cut]).unwrap();
            },
            |m| matches!(m, Miss::Truncated | Miss::Foreign),
        );
    }
}

#[test]
fn corrupt_bytes_anywhere_are_detected() {
    // In the header, the key, the text, the suffix array, the trailer.
    for at in [0.0, 0.0001, 0.3, 0.6, 0.9, 1.0] {
        damaged(
            "corrupt",
            |file| {
                let mut bytes = std::fs::read(file).unwrap();
                let i = ((bytes.len() as f64 * at) as usize).min(bytes.len() - 1);
                bytes[i] ^= 0x5a;
                std::fs::write(file, &bytes).unwrap();
            },
            |m| {
                matches!(
                    m,
                    Miss::Corrupt(_)
                        | Miss::Foreign
                        | Miss::Truncated
                        | Miss::Stale
                        | Miss::OtherVersion(_)
                )
            },
        );
    }
}

#[test]
fn a_foreign_file_is_rebuilt() {
    damaged(
        "foreign",
        |file| std::fs::write(file, "这不是索引文件，而是别的什么东西。".repeat(100)).unwrap(),
        |m| *m == Miss::Foreign,
    );
    damaged(
        "empty",
        |file| std::fs::write(file, b"").unwrap(),
        |m| *m == Miss::Foreign,
    );
}

#[test]
fn a_cache_of_another_version_or_format_is_rebuilt() {
    let version = env!("CARGO_PKG_VERSION");
    damaged(
        "version",
        |file| {
            let mut bytes = std::fs::read(file).unwrap();
            // The version string follows the 24-byte header and its length.
            let at = 24 + 8;
            assert_eq!(&bytes[at..at + version.len()], version.as_bytes());
            bytes[at] = if bytes[at] == b'9' { b'8' } else { b'9' };
            std::fs::write(file, &bytes).unwrap();
        },
        |m| matches!(m, Miss::OtherVersion(v) if v != version),
    );
    damaged(
        "format",
        |file| {
            let mut bytes = std::fs::read(file).unwrap();
            bytes[8] = bytes[8].wrapping_add(1);
            std::fs::write(file, &bytes).unwrap();
        },
        |m| *m == Miss::Foreign,
    );
}

#[test]
fn an_unreadable_cache_is_rebuilt_and_nothing_fails() {
    let setup = Setup::new("unreadable");
    let file = setup.cache_file();
    // A folder where the file should be: it can be neither read nor replaced.
    std::fs::create_dir_all(file.join("inside")).unwrap();
    let loaded = Index::load_with(&setup.spec, Some(&setup.cache), None, &Progress::default());
    assert!(
        matches!(miss(&loaded), Miss::Unreadable(_)),
        "{:?}",
        loaded.cache
    );
    assert!(!answers(&loaded.index).iter().all(Vec::is_empty));
    assert!(loaded.save.unwrap().save(&loaded.index.phrases).is_err());
    // No temporary file is left behind.
    let name = file.file_name().unwrap().to_string_lossy().into_owned();
    assert_eq!(listing(&setup.cache), [name]);
}

#[test]
fn with_the_cache_off_nothing_is_written() {
    let setup = Setup::new("off");
    let loaded = Index::load_with(&setup.spec, None, None, &Progress::default());
    assert_eq!(loaded.cache, Use::Off);
    assert!(loaded.save.is_none());
    assert!(!setup.cache.exists());
}

#[test]
fn the_embedded_corpus_alone_is_not_cached() {
    let dir = scratch("builtin");
    let loaded = Index::load_with(
        &CorpusSpec::default(),
        Some(&dir),
        None,
        &Progress::default(),
    );
    assert_eq!(loaded.cache, Use::Off);
    assert!(loaded.save.is_none());
}

#[test]
fn the_writers_drafts_are_cached_as_drafts() {
    let setup = Setup::new("drafts");
    let workspace = setup.templates.parent().unwrap().join("workspace");
    std::fs::create_dir_all(&workspace).unwrap();
    let draft = "凝心聚力谱写新篇章，奋力开创新局面。\n".repeat(4);
    std::fs::write(workspace.join("初稿.md"), draft).unwrap();
    let spec = CorpusSpec {
        workspace: vec![workspace.clone()],
        drafts: true,
        ..setup.spec.clone()
    };
    let load = || {
        let loaded = Index::load_with(&spec, Some(&setup.cache), None, &Progress::default());
        if let Some(save) = &loaded.save {
            save.save(&loaded.index.phrases).unwrap();
        }
        loaded
    };
    let fresh = load();
    let cached = load();
    assert!(matches!(cached.cache, Use::Read(_)), "{:?}", cached.cache);
    let everything = jianggao::phrases::Params {
        min_confidence: 0.0,
        ..Default::default()
    };
    let ask = |l: &Loaded| l.index.phrases.complete_in("凝心聚力", 12, 5, &everything);
    assert_eq!(
        fresh.index.phrases.documents(),
        cached.index.phrases.documents()
    );
    assert!(!ask(&fresh).is_empty());
    assert_eq!(ask(&fresh), ask(&cached));
    std::fs::write(workspace.join("二稿.md"), "新的一稿\n").unwrap();
    assert_eq!(miss(&load()), Miss::Stale);
}

#[test]
fn each_corpus_setting_has_its_own_file() {
    let a = Setup::new("a");
    let mut other = a.spec.clone();
    other.builtin = true;
    assert_ne!(
        cache::file_for(&a.cache, &a.spec),
        cache::file_for(&a.cache, &other)
    );
    // The same setting, the same file, whatever the run.
    assert_eq!(
        cache::file_for(&a.cache, &a.spec),
        cache::file_for(&a.cache, &a.spec.clone())
    );
}

#[test]
fn progress_reaches_a_hundred_per_cent() {
    let setup = Setup::new("progress");
    let progress = Progress::default();
    Index::load_with(&setup.spec, Some(&setup.cache), None, &progress);
    assert_eq!(progress.percent(), 100);
}
