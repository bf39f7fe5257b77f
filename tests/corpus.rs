//! Data-driven tests of corpus loading: every file in `tests/fixtures/corpus/`
//! is parsed and its sections and clean lines compared with a reviewed
//! snapshot; the embedded corpus is summarised the same way; user folders
//! with unusable files load what they can and name what they skip.

mod common;

use common::TempDir;
use jianggao::corpus::clean::is_boilerplate;
use jianggao::corpus::embedded::FILES;
use jianggao::corpus::load::{self, CorpusSpec, SkipReason};
use jianggao::corpus::{Corpus, Document};
use jianggao::locale::Lang;
use std::fmt::Write;
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/corpus")
}

/// A reviewable rendering of a parsed document.
fn render(doc: &Document) -> String {
    let mut out = format!("script: {:?}\n", doc.script);
    for section in &doc.sections {
        writeln!(
            out,
            "== {}",
            section
                .title
                .as_deref()
                .unwrap_or("(before the first heading)")
        )
        .unwrap();
        for line in &section.lines {
            writeln!(out, "{:>4}: {}", line.number, line.text).unwrap();
        }
    }
    out
}

#[test]
fn fixtures_parse_as_reviewed() {
    let mut names: Vec<_> = std::fs::read_dir(fixtures())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    assert!(!names.is_empty());
    for path in names {
        let raw = std::fs::read_to_string(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let doc = Document::parse(name.clone(), &raw);
        insta::assert_snapshot!(format!("corpus_fixture__{name}"), render(&doc));
    }
}

/// Section titles, size and the first and last clean line of each document.
fn summary(corpus: &Corpus) -> String {
    let mut out = String::new();
    for doc in &corpus.documents {
        writeln!(
            out,
            "# {} ({:?}, {} chars)",
            doc.source,
            doc.script,
            doc.char_count()
        )
        .unwrap();
        for section in &doc.sections {
            let first = section.lines.first().map_or("", |l| l.text.as_str());
            let last = section.lines.last().map_or("", |l| l.text.as_str());
            writeln!(
                out,
                "== {} [{} lines]\n   first: {}\n   last:  {}",
                section
                    .title
                    .as_deref()
                    .unwrap_or("(before the first heading)"),
                section.lines.len(),
                first.chars().take(40).collect::<String>(),
                last.chars().take(40).collect::<String>(),
            )
            .unwrap();
        }
    }
    out
}

#[test]
fn embedded_corpus_sections_as_reviewed() {
    insta::assert_snapshot!("embedded_corpus_summary", summary(&Corpus::embedded()));
}

#[test]
fn embedded_corpus_keeps_no_boilerplate_and_loses_no_content_line() {
    let corpus = Corpus::embedded();
    assert_eq!(corpus.documents.len(), FILES.len());
    for (doc, (name, raw)) in corpus.documents.iter().zip(FILES) {
        assert_eq!(&doc.source, name);
        let kept: Vec<usize> = doc.lines().map(|l| l.number).collect();
        for (i, line) in raw.lines().enumerate() {
            let number = i + 1;
            let text = line.trim();
            if text.is_empty() {
                continue;
            }
            // Every non-empty source line is either kept, a section heading
            // or boilerplate: nothing else is lost.
            assert!(
                kept.contains(&number)
                    || is_boilerplate(text)
                    || doc
                        .sections
                        .iter()
                        .any(|s| s.title.is_some() && text.ends_with(s.title.as_deref().unwrap())),
                "{name}:{number} was dropped: {text}"
            );
        }
        assert!(doc.lines().all(|l| !is_boilerplate(&l.text)));
    }
}

#[test]
fn user_folders_load_what_they_can_and_name_what_they_skip() {
    let dir = TempDir::new("user");
    let root = &dir.0;
    std::fs::create_dir_all(root.join("nested/deeper")).unwrap();
    std::fs::create_dir_all(root.join(".hidden")).unwrap();
    std::fs::write(root.join("a.txt"), "同志们：\n围绕中心、服务大局。\n").unwrap();
    std::fs::write(root.join("nested/deeper/b.MD"), "# 标题\n谢谢大家！\n").unwrap();
    std::fs::write(root.join(".hidden/c.txt"), "不应加载").unwrap();
    std::fs::write(root.join("notes.docx"), "不是模板").unwrap();
    std::fs::write(root.join("gbk.txt"), b"\xcd\xac\xd6\xbe\xc3\xc7").unwrap(); // 同志们 in GBK
    std::fs::write(root.join("binary.md"), b"PK\x03\x04\0\0\0").unwrap();
    let explicit = root.join("explicit.text");
    std::fs::write(&explicit, "明确给出的文件也要是 .txt 或 .md。").unwrap();
    let missing = root.join("missing");

    let loaded = load::load(&CorpusSpec {
        builtin: false,
        paths: vec![root.clone(), explicit.clone(), missing.clone()],
        ..Default::default()
    });
    let sources: Vec<&str> = loaded
        .corpus
        .documents
        .iter()
        .map(|d| d.source.as_str())
        .collect();
    assert_eq!(sources.len(), 3, "{sources:?}");
    assert!(
        sources[0].ends_with("a.txt")
            && sources[1].ends_with("gbk.txt")
            && sources[2].ends_with("b.MD"),
        "{sources:?}"
    );
    let gbk = &loaded.corpus.documents[1];
    assert_eq!(gbk.lines().next().unwrap().text, "同志们");
    assert_eq!(loaded.report.notes.len(), 1, "{:?}", loaded.report.notes);
    assert!(loaded.report.notes[0].message(Lang::En).contains("GB18030"));

    let mut reasons: Vec<(String, SkipReason)> = loaded
        .report
        .warnings
        .iter()
        .map(|w| {
            (
                w.path.file_name().unwrap().to_string_lossy().to_string(),
                w.reason.clone(),
            )
        })
        .collect();
    // Paths judged while finding the files are reported before the files
    // that could not be read.
    reasons.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(
        reasons,
        [
            ("binary.md".into(), SkipReason::Binary),
            ("explicit.text".into(), SkipReason::NotTemplate),
            ("missing".into(), SkipReason::Missing),
        ]
    );
    for warning in &loaded.report.warnings {
        for lang in [Lang::Zh, Lang::En] {
            let message = warning.message(lang);
            assert!(message.contains(&warning.path.display().to_string()));
        }
    }
}

#[test]
fn builtin_and_user_templates_combine() {
    let dir = TempDir::new("combine");
    std::fs::write(dir.0.join("mine.txt"), "同志们：\n").unwrap();
    let both = load::load(&CorpusSpec {
        builtin: true,
        paths: vec![dir.0.clone()],
        ..Default::default()
    });
    assert_eq!(both.corpus.documents.len(), FILES.len() + 1);
    let none = load::load(&CorpusSpec {
        builtin: false,
        ..Default::default()
    });
    assert!(none.corpus.documents.is_empty() && none.report.warnings.is_empty());
}

#[test]
fn relative_paths_resolve_against_the_workspace_root() {
    let root = Path::new("/work/space");
    assert_eq!(
        load::resolve("templates", Some(root)),
        root.join("templates")
    );
    assert_eq!(load::resolve("/abs/t", Some(root)), PathBuf::from("/abs/t"));
    assert_eq!(load::resolve("templates", None), PathBuf::from("templates"));
}

#[test]
fn workspace_drafts_are_read_as_drafts_hidden_and_build_folders_skipped() {
    let dir = TempDir::new("drafts");
    let ws = &dir.0;
    for (path, text) in [
        ("2025/总结.md", "星河璀璨照亮征程。\n"),
        ("模板/讲话.txt", "同志们：\n"),
        (".git/x.md", "隐藏\n"),
        ("node_modules/p/README.md", "构建\n"),
        ("target/a.txt", "构建\n"),
        ("notes.docx", "不是文稿\n"),
    ] {
        let path = ws.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let spec = |drafts| CorpusSpec {
        builtin: false,
        // A folder the settings name stays templates, inside the workspace too.
        workspace_paths: vec![ws.join("模板")],
        workspace: vec![ws.clone()],
        drafts,
        ..Default::default()
    };
    let loaded = load::load(&spec(true));
    let read: Vec<(String, bool)> = loaded
        .corpus
        .documents
        .iter()
        .map(|d| (d.source.replace(&*ws.to_string_lossy(), ""), d.draft))
        .collect();
    assert_eq!(
        read,
        [
            ("/模板/讲话.txt".to_string(), false),
            ("/2025/总结.md".to_string(), true),
        ]
    );
    assert!(loaded.report.warnings.is_empty(), "{:?}", loaded.report);
    let templates_only = load::load(&spec(false));
    assert_eq!(templates_only.corpus.documents.len(), 1);
}
