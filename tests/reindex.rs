//! A re-index keeps the documents of the files that did not change since
//! the index in service read them, and the index it makes is the one a
//! fresh build makes.

use jianggao::binary::Writer;
use jianggao::corpus::embedded::FILES;
use jianggao::corpus::load::CorpusSpec;
use jianggao::index::{Index, Loaded, Progress};
use jianggao::phrases::Params;
use std::path::{Path, PathBuf};

fn scratch(name: &str) -> PathBuf {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("jianggao-reindex-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn load(spec: &CorpusSpec, previous: Option<&Index>) -> Loaded {
    Index::load_with(spec, None, previous, &Progress::default())
}

/// The index as the cache would save it: every table, every document.
fn bytes(index: &Index) -> Vec<u8> {
    let mut w = Writer::new(Vec::new());
    index.phrases.write_to(&mut w).unwrap();
    w.into_inner()
}

/// Writes `text` to `path`, giving it a modification time of its own.
fn write(path: &Path, text: impl AsRef<[u8]>) {
    std::fs::write(path, text).unwrap();
}

#[test]
fn a_reindex_keeps_unchanged_files_and_equals_a_fresh_build() {
    let root = scratch("keep");
    let (templates, workspace) = (root.join("templates"), root.join("workspace"));
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::create_dir_all(&workspace).unwrap();
    for (i, (_, text)) in FILES.iter().enumerate() {
        write(&templates.join(format!("t{i}.txt")), text);
    }
    let (gbk, _, _) = encoding_rs::GB18030.encode("各位代表、同志们：\n全心全意依靠工人阶级。\n");
    write(&templates.join("gbk.txt"), &gbk);
    write(&workspace.join("旧稿.md"), "把讲政治贯穿工作全过程。\n");
    let spec = CorpusSpec {
        builtin: true,
        paths: vec![templates.clone()],
        workspace: vec![workspace.clone()],
        drafts: true,
        ..Default::default()
    };
    let first = load(&spec, None);
    assert_eq!(first.kept, 0);
    let files = FILES.len() + 2;
    assert_eq!(first.index.phrases.documents(), FILES.len() + files);

    // Nothing changed: every file is kept, and the index is the same.
    let again = load(&spec, Some(&first.index));
    assert_eq!(again.kept, files);
    assert_eq!(bytes(&again.index), bytes(&first.index));

    // One file edited, one removed, one added, one saved unchanged (a new
    // modification time: read again, since only the stamp is compared).
    write(
        &templates.join("t1.txt"),
        "同志们：\n围绕中心、服务大局，奋力谱写新篇章。\n",
    );
    std::fs::remove_file(templates.join("t2.txt")).unwrap();
    write(&templates.join("新模板.txt"), "星河璀璨照亮征程。\n");
    std::thread::sleep(std::time::Duration::from_millis(20));
    write(&templates.join("t3.txt"), FILES[3].1);
    let changed = load(&spec, Some(&again.index));
    let fresh = load(&spec, None);
    // t0, t4 …, gbk.txt and the draft: all but the four touched.
    assert_eq!(changed.kept, files - 3);
    assert_eq!(fresh.kept, 0);
    assert_eq!(bytes(&changed.index), bytes(&fresh.index));
    assert_eq!(changed.index.skeletons, fresh.index.skeletons);
    // The note that gbk.txt is not UTF-8 is kept with it.
    assert_eq!(changed.report, fresh.report);
    assert_eq!(changed.report.notes.len(), 1);
    // Every suggestion, however unlikely: the new file's phrase is seen once.
    let params = Params {
        min_confidence: 0.0,
        item_floor: 0.0,
        ..Params::default()
    };
    let offered = |loaded: &Loaded| {
        loaded
            .index
            .phrases
            .complete_in("星河璀璨", 12, 5, &params)
            .into_iter()
            .map(|s| s.continuation)
            .collect::<Vec<_>>()
    };
    assert!(
        offered(&changed).iter().any(|c| c.starts_with("照亮")),
        "{:?}",
        offered(&changed)
    );
    assert_eq!(offered(&changed), offered(&fresh));

    // One small file edited among large ones: the suffixes of the others
    // are merged, not sorted again, into the same index.
    write(
        &workspace.join("旧稿.md"),
        "把讲政治贯穿工作全过程，谢谢大家！\n",
    );
    let small = load(&spec, Some(&changed.index));
    assert_eq!(small.kept, changed.kept + 2);
    assert_eq!(bytes(&small.index), bytes(&load(&spec, None).index));
    std::fs::remove_dir_all(&root).unwrap();
}
