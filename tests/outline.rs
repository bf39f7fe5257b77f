//! The outline core, driven by data:
//!
//! - every `tests/fixtures/outline/*.txt` holds a draft and its expected
//!   outline and numbering problems (`==== draft`, `==== outline`,
//!   `==== numbering`; `==== about` says what the case is). Run with
//!   `UPDATE_FIXTURES=1` to rewrite the expectations, then review the diff;
//! - insta snapshots of the outline of each embedded corpus document;
//! - properties that hold for any text: ranges nest, lie on char
//!   boundaries, and line breaks (LF, CRLF, CR) do not change the outline.

use jianggao::corpus::embedded::FILES;
use jianggao::outline::{self, Outline, Section};
use proptest::prelude::*;
use std::path::{Path, PathBuf};

const SEPARATOR: &str = "==== ";

struct Fixture {
    path: PathBuf,
    parts: Vec<(String, String)>,
}

impl Fixture {
    fn read(path: &Path) -> Fixture {
        let text =
            std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let mut parts: Vec<(String, String)> = Vec::new();
        for line in text.split_inclusive('\n') {
            match line.strip_prefix(SEPARATOR) {
                Some(name) => parts.push((name.trim().to_string(), String::new())),
                None => match parts.last_mut() {
                    Some((_, body)) => body.push_str(line),
                    None => panic!(
                        "{}: text before the first `{SEPARATOR}` line",
                        path.display()
                    ),
                },
            }
        }
        Fixture {
            path: path.to_path_buf(),
            parts,
        }
    }

    fn part(&self, name: &str) -> &str {
        self.parts
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, body)| body.as_str())
            .unwrap_or_else(|| panic!("{}: no `{SEPARATOR}{name}` part", self.path.display()))
    }

    fn set(&mut self, name: &str, body: String) {
        if let Some((_, b)) = self.parts.iter_mut().find(|(n, _)| n == name) {
            *b = body;
        }
    }

    fn write(&self) {
        let mut text = String::new();
        for (name, body) in &self.parts {
            text.push_str(SEPARATOR);
            text.push_str(name);
            text.push('\n');
            text.push_str(body);
        }
        std::fs::write(&self.path, text).unwrap();
    }
}

fn fixtures() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/outline");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    paths
}

fn outline_and_issues(text: &str) -> (String, String) {
    let tree = outline::outline(text);
    let issues = outline::check_numbering(text, &tree);
    (
        outline::render(&tree),
        outline::render_issues(text, &issues),
    )
}

#[test]
fn fixtures_give_their_expected_outline_and_numbering() {
    let update = std::env::var_os("UPDATE_FIXTURES").is_some();
    let paths = fixtures();
    assert!(paths.len() >= 10, "fixtures missing: {paths:?}");
    let mut failures = Vec::new();
    for path in paths {
        let mut fixture = Fixture::read(&path);
        let (tree, issues) = outline_and_issues(fixture.part("draft"));
        if update {
            fixture.set("outline", tree);
            fixture.set("numbering", issues);
            fixture.write();
            continue;
        }
        for (part, got) in [("outline", tree), ("numbering", issues)] {
            let want = fixture.part(part);
            if got != want {
                failures.push(format!(
                    "{} ({part}):\n--- expected\n{want}--- got\n{got}",
                    path.display()
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn embedded_corpus_outlines() {
    for (name, text) in FILES {
        let (tree, issues) = outline_and_issues(text);
        let snapshot = format!("{tree}\n---- numbering\n{issues}");
        insta::assert_snapshot!(
            format!("outline_{}", name.trim_end_matches(".txt")),
            snapshot
        );
    }
}

/// Checks the structural invariants of an outline of `text`.
fn check_invariants(text: &str, tree: &Outline) {
    fn go(text: &str, sections: &[Section], within: std::ops::Range<usize>) {
        let mut previous_end = within.start;
        for s in sections {
            let r = &s.range;
            let sel = &s.heading.selection;
            assert!(
                text.is_char_boundary(r.start) && text.is_char_boundary(r.end),
                "{r:?}"
            );
            assert!(
                text.is_char_boundary(sel.start) && text.is_char_boundary(sel.end),
                "{sel:?}"
            );
            assert!(
                r.start <= sel.start && sel.end <= r.end,
                "selection {sel:?} outside {r:?}"
            );
            assert!(
                within.start <= r.start && r.end <= within.end,
                "{r:?} outside its parent {within:?}"
            );
            assert!(previous_end <= r.start, "siblings overlap at {r:?}");
            assert!(!s.heading.name.is_empty());
            if s.heading.is_enumeration() {
                assert!(s.children.is_empty(), "an enumeration has children");
            }
            previous_end = r.end;
            go(text, &s.children, r.clone());
        }
    }
    go(text, &tree.sections, 0..text.len());
}

#[test]
fn corpus_outlines_keep_their_invariants() {
    for (_, text) in FILES {
        check_invariants(text, &outline::outline(text));
    }
}

#[test]
fn line_breaks_do_not_change_the_outline() {
    for (name, text) in FILES {
        let lf = text.replace("\r\n", "\n");
        let want = outline::render(&outline::outline(&lf));
        for eol in ["\r\n", "\r"] {
            let other = lf.replace('\n', eol);
            let got = outline::render(&outline::outline(&other));
            assert_eq!(got, want, "{name} with {eol:?}");
        }
    }
}

#[test]
fn renumbering_fixes_remove_their_issue() {
    for path in fixtures() {
        let fixture = Fixture::read(&path);
        let text = fixture.part("draft");
        let issues = outline::check_numbering(text, &outline::outline(text));
        for issue in issues.iter().filter(|i| i.fix.is_some()) {
            let mut fixed = text.to_string();
            let mut edits = issue.fix.as_ref().unwrap().edits.clone();
            edits.sort_by_key(|e| std::cmp::Reverse(e.range.start));
            for e in edits {
                fixed.replace_range(e.range, &e.text);
            }
            let after = outline::check_numbering(&fixed, &outline::outline(&fixed));
            let (line, _) = jianggao::text::line_col(text, issue.range.start);
            let still = after.iter().any(|i| {
                i.kind == issue.kind && jianggao::text::line_col(&fixed, i.range.start).0 == line
            });
            assert!(
                !still,
                "{}: fix `{}` leaves {:?}",
                path.display(),
                issue.message,
                issue.kind
            );
        }
    }
}

/// Pieces that drafts are made of, markers and traps included.
fn piece() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "一、",
        "二、",
        "第一，",
        "第二、",
        "（一）",
        "(二)",
        "（三",
        "1、",
        "2.",
        "3．",
        "（1）",
        "(2)",
        "①",
        "⑳",
        "一是",
        "首先，",
        "篇一",
        "第一篇",
        "篇1",
        "第2篇",
        "【第一篇】",
        "（篇二）",
        "(篇3)",
        "篇幅",
        "第一篇章",
        "第二部分",
        "# ",
        "## ",
        "- ",
        "**",
        "20xx年",
        "3.5%",
        "1.2万家",
        "工作",
        "加强",
        "“",
        "”",
        "，",
        "。",
        "\n",
        "\n\n",
        "\r\n",
        "\r",
        " ",
        "\u{3000}",
        "𠀀",
        "😀",
        "總工會",
    ])
}

proptest! {
    #[test]
    fn any_text_gives_a_well_formed_outline(pieces in prop::collection::vec(piece(), 0..60)) {
        let text: String = pieces.concat();
        let tree = outline::outline(&text);
        check_invariants(&text, &tree);
        for issue in outline::check_numbering(&text, &tree) {
            prop_assert!(text.is_char_boundary(issue.range.start) && text.is_char_boundary(issue.range.end));
            for e in issue.fix.iter().flat_map(|f| &f.edits) {
                prop_assert!(text.is_char_boundary(e.range.start) && text.is_char_boundary(e.range.end));
            }
        }
    }
}
