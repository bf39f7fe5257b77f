//! Data-driven tests of the office's rules: the fixtures under
//! `tests/fixtures/rules/` checked with the `jianggao.toml` beside them, and
//! how rule files, their problems and the editor's settings combine.

mod common;
mod marks;

use common::TempDir;
use jianggao::analysis::{Analysis, Checks, Severity, QUICKFIX};
use jianggao::lsp::config::Settings;
use jianggao::rules::Sources;
use jianggao::text::Syntax;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::sync::Arc;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules")
}

fn fixture(name: &str) -> String {
    std::fs::read_to_string(fixtures().join(name)).unwrap()
}

/// Settings from the `user` and `project` files and the editor's `editor`.
fn settings(user: Option<&Path>, project: Option<&Path>, editor: Value) -> (Settings, Vec<String>) {
    let sources = Sources {
        user: user.map(Path::to_path_buf),
        project: project.map(Path::to_path_buf),
    };
    let read = sources.read();
    Settings::from_sources(&editor, sources, &read, jianggao::locale::Lang::Zh)
}

fn fixture_checks() -> Arc<Checks> {
    let (settings, warnings) = settings(None, Some(&fixtures().join("jianggao.toml")), Value::Null);
    assert!(warnings.is_empty(), "{warnings:?}");
    settings.checks
}

/// `⟦code:old→preferred⟧` marks: the line for [`marks::unmark`] and the
/// preferred wordings, in order.
fn split_preferred(line: &str) -> (String, Vec<String>) {
    let mut preferred = Vec::new();
    let mut out = String::new();
    let mut rest = line;
    while let Some(open) = rest.find('⟦') {
        let close = open + rest[open..].find('⟧').expect("unclosed ⟦");
        out.push_str(&rest[..open]);
        let mark = &rest[open..close];
        match mark.split_once('→') {
            Some((head, wording)) => {
                out.push_str(head);
                preferred.push(wording.to_string());
            }
            None => out.push_str(mark),
        }
        rest = &rest[close..];
    }
    out.push_str(rest);
    (out, preferred)
}

/// Runs every case of `name` and compares the findings of `codes` (all
/// codes when empty) with the marks.
fn run_fixture(name: &str, codes: &[&str]) -> usize {
    let checks = fixture_checks();
    let text = fixture(name);
    let mut failures = Vec::new();
    let mut cases = 0;
    for (line_no, line) in marks::cases(&text) {
        cases += 1;
        let (line, preferred) = split_preferred(&line.replace("\\n", "\n"));
        let (input, expected) = marks::unmark(&line);
        let analysis = Analysis::new(input.clone(), Syntax::Markdown);
        let found: Vec<_> = analysis
            .findings(&checks)
            .iter()
            .filter(|f| codes.is_empty() || codes.contains(&f.code))
            .cloned()
            .collect();
        let got: Vec<(String, String)> = found
            .iter()
            .map(|f| (f.code.to_string(), input[f.range.clone()].to_string()))
            .collect();
        let want: Vec<(String, String)> = expected
            .iter()
            .map(|m| (m.code.clone(), input[m.range.clone()].to_string()))
            .collect();
        let ranges_agree = found
            .iter()
            .map(|f| &f.range)
            .eq(expected.iter().map(|m| &m.range));
        if got != want || !ranges_agree {
            failures.push(format!(
                "{name}:{line_no}: {input}\n  expected {want:?}\n  found    {got:?}"
            ));
            continue;
        }
        // Each old wording's quick fix writes its preferred wording.
        for (finding, wording) in found.iter().zip(&preferred) {
            let fixes = analysis.actions(&checks, &finding.range, Some(&[QUICKFIX]));
            let fix = fixes.iter().find(|a| a.findings.contains(finding));
            let written = fix.map(|a| a.edits[0].text.as_str());
            if written != Some(wording.as_str()) {
                failures.push(format!(
                    "{name}:{line_no}: fix {written:?}, expected {wording}"
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    cases
}

#[test]
fn old_wordings_are_found_with_their_preferred_wording() {
    assert!(run_fixture("substitution.txt", &["substitution"]) >= 10);
}

#[test]
fn forbidden_words_are_found() {
    assert!(run_fixture("forbidden.txt", &["forbidden"]) >= 10);
    let analysis = Analysis::new("这是屌丝".into(), Syntax::Markdown);
    let findings = analysis.findings(&fixture_checks());
    assert_eq!(findings[0].severity, Severity::Error);
    assert_eq!(findings[0].message, "禁用词“屌丝”：用语不雅");
}

#[test]
fn ignored_words_and_markers_silence_every_check() {
    run_fixture("ignore.txt", &[]);
}

/// A folder with a user file and a project file.
struct Files {
    dir: TempDir,
}

impl Files {
    fn new(name: &str, user: &str, project: &str) -> Files {
        let dir = TempDir::new(name);
        std::fs::write(dir.0.join("user.toml"), user).unwrap();
        std::fs::write(dir.0.join("jianggao.toml"), project).unwrap();
        Files { dir }
    }
    fn user(&self) -> PathBuf {
        self.dir.0.join("user.toml")
    }
    fn project(&self) -> PathBuf {
        self.dir.0.join("jianggao.toml")
    }
}

#[test]
fn the_editor_overrides_the_project_file_which_overrides_the_users() {
    let files = Files::new(
        "rules-precedence",
        "[jianggao.completion]\nmaxItems = 5\nminConfidence = 0.2\n[jianggao.placeholders]\ndisabled = [\"missing\"]\n[forbidden]\n\"甲词\" = \"\"\n[substitutions]\n\"旧\" = \"用户的\"\n",
        "[jianggao.completion]\nmaxItems = 7\n[forbidden]\n\"乙词\" = \"\"\n[substitutions]\n\"旧\" = \"项目的\"\n",
    );
    let (user, project) = (files.user(), files.project());
    let (s, w) = settings(Some(&user), None, Value::Null);
    assert!(w.is_empty(), "{w:?}");
    assert_eq!(s.completion.max_items, 5);
    let (s, w) = settings(Some(&user), Some(&project), Value::Null);
    assert!(w.is_empty(), "{w:?}");
    assert_eq!(
        (s.completion.max_items, s.completion.min_confidence),
        (7, 0.2)
    );
    assert_eq!(s.placeholders.disabled, ["missing"]);
    let editor = json!({ "jianggao": { "completion": { "maxItems": 9 } } });
    let (s, _) = settings(Some(&user), Some(&project), editor);
    assert_eq!(
        (s.completion.max_items, s.completion.min_confidence),
        (9, 0.2)
    );
    // The lists add up; the project's preferred wording wins.
    let analysis = Analysis::new("甲词乙词旧".into(), Syntax::Markdown);
    let found: Vec<String> = analysis
        .findings(&s.checks)
        .iter()
        .map(|f| f.message.clone())
        .collect();
    assert_eq!(
        found,
        ["禁用词“甲词”", "禁用词“乙词”", "规范提法：“旧”应为“项目的”"]
    );
}

#[test]
fn a_bad_file_names_its_file_and_line_and_the_rest_applies() {
    let files = Files::new(
        "rules-bad",
        "[forbidden]\n\"甲词\" = \"\"\n",
        "[substitutions]\n\"好\" = \"很好\"\n\"坏\" = 3\n'/[/' = \"x\"\n[jianggao]\ncompletion = 3\noutline = { numberingChecks = false }\nplaceholder = {}\n",
    );
    let (s, warnings) = settings(Some(&files.user()), Some(&files.project()), Value::Null);
    let project = files.project().display().to_string();
    for line in [3, 4, 6, 8] {
        let named = format!("{project} 第{line}行");
        assert!(
            warnings.iter().any(|w| w.starts_with(&named)),
            "{named}: {warnings:#?}"
        );
    }
    assert_eq!(warnings.len(), 4, "{warnings:#?}");
    assert!(!s.outline.numbering_checks, "the good settings apply");
    let analysis = Analysis::new("甲词好".into(), Syntax::Markdown);
    let codes: Vec<&str> = analysis
        .findings(&s.checks)
        .iter()
        .map(|f| f.code)
        .collect();
    assert_eq!(codes, ["forbidden", "substitution"]);

    // Not TOML at all: the line of the error; the user's file still applies.
    std::fs::write(
        files.project(),
        "[substitutions]\n\"好\" = \"很好\"\n\"坏\" =\n",
    )
    .unwrap();
    let (s, warnings) = settings(Some(&files.user()), Some(&files.project()), Value::Null);
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    assert!(
        warnings[0].starts_with(&format!("{project} 第3行：")),
        "{warnings:?}"
    );
    let codes: Vec<&str> = analysis
        .findings(&s.checks)
        .iter()
        .map(|f| f.code)
        .collect();
    assert_eq!(codes, ["forbidden"]);
}

#[test]
fn each_rule_can_be_switched_off_or_given_a_severity() {
    let project = fixtures().join("jianggao.toml");
    let text = "屌丝学习讲话精神";
    let run = |editor: Value| -> Vec<(&'static str, Severity)> {
        let (s, w) = settings(None, Some(&project), editor);
        assert!(w.is_empty(), "{w:?}");
        let analysis = Analysis::new(text.into(), Syntax::Markdown);
        analysis
            .findings(&s.checks)
            .iter()
            .map(|f| (f.code, f.severity))
            .collect()
    };
    assert_eq!(
        run(Value::Null),
        [
            ("forbidden", Severity::Error),
            ("substitution", Severity::Warning)
        ]
    );
    let quiet = json!({ "rules": { "substitution": { "severity": "hint" }, "forbidden": { "enable": false } } });
    assert_eq!(run(quiet), [("substitution", Severity::Hint)]);
    let (_, warnings) = settings(
        None,
        Some(&project),
        json!({ "rules": { "forbidden": { "severity": "loud" } } }),
    );
    assert_eq!(warnings.len(), 1, "{warnings:?}");
}

#[test]
fn corpus_paths_of_the_project_file_obey_the_workspace_rule() {
    let files = Files::new(
        "rules-reach",
        "[jianggao.corpus]\npaths = [\"/srv/我的模板\"]\n",
        "[jianggao.corpus]\npaths = [\"/srv/我的模板\", \"/etc\"]\n",
    );
    let (s, w) = settings(Some(&files.user()), Some(&files.project()), Value::Null);
    assert!(w.is_empty(), "{w:?}");
    assert_eq!(s.files.user_corpus_paths, ["/srv/我的模板"]);
    let workspace = files.dir.0.clone();
    let spec = s.corpus.spec(
        Some(&workspace),
        &s.files.user_corpus_paths,
        std::slice::from_ref(&workspace),
    );
    // The user's own path may lie anywhere; the project file's only inside the workspace.
    assert_eq!(spec.paths, [PathBuf::from("/srv/我的模板")]);
    assert_eq!(spec.workspace_paths, [PathBuf::from("/etc")]);
}
