//! The promised-structure check, data-driven: the announcements of
//! `tests/fixtures/structure/announcements.txt` and the alarms on the
//! built-in templates and on `../shared/corpus-gov/`.

use jianggao::analysis::{Analysis, Checks};
use jianggao::outline::outline;
use jianggao::placeholder::Syntax;
use jianggao::structure::{self, Problem};
use std::fmt::Write as _;
use std::path::Path;
use std::sync::Arc;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/structure");

struct Case {
    expectation: String,
    description: String,
    text: String,
}

fn cases() -> Vec<Case> {
    let file = std::fs::read_to_string(Path::new(FIXTURES).join("announcements.txt")).unwrap();
    let mut cases: Vec<Case> = Vec::new();
    for line in file.lines() {
        if let Some(head) = line.strip_prefix("=== ") {
            let (expectation, description) = head.split_once(" | ").expect("=== EXPECTATION | …");
            cases.push(Case {
                expectation: expectation.to_string(),
                description: description.to_string(),
                text: String::new(),
            });
        } else if let Some(case) = cases.last_mut() {
            case.text.push_str(line);
            case.text.push('\n');
        }
    }
    cases
}

/// The count word a fix to `n` points writes.
fn count_word(n: usize, traditional: bool) -> &'static str {
    match (n, traditional) {
        (2, true) => "兩",
        (2, false) => "两",
        _ => [
            "", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十",
        ][n],
    }
}

/// What is wrong with `case`, if anything.
fn verdict(case: &Case) -> Option<String> {
    let text = &case.text;
    let outline = outline(text);
    let problems = structure::check(text, &outline);
    let counts = structure::counts(text, &outline);
    let counted: Vec<usize> = counts
        .iter()
        .filter_map(|(_, c)| c.as_ref().map(Vec::len))
        .collect();
    let (kind, n) = match case.expectation.split_once(' ') {
        Some((kind, n)) => (kind, n.parse::<usize>().ok()),
        None => (case.expectation.as_str(), None),
    };
    let traditional = case.description.starts_with("traditional");
    let describe =
        |p: &[Problem]| format!("{:?}", p.iter().map(|p| &p.message).collect::<Vec<_>>());
    match kind {
        "counts" => {
            if counted != [n.unwrap()] || !problems.is_empty() {
                return Some(format!(
                    "counted {counted:?}, problems {}",
                    describe(&problems)
                ));
            }
        }
        "mismatch" => {
            let n = n.unwrap();
            if counted != [n] || problems.len() != 1 {
                return Some(format!(
                    "counted {counted:?}, problems {}",
                    describe(&problems)
                ));
            }
            let (announcement, _) = &counts[0];
            let p = &problems[0];
            if p.range != announcement.range || p.counted.len() != n {
                return Some(format!(
                    "finding at {:?}, {} related",
                    p.range,
                    p.counted.len()
                ));
            }
            let edits = p.fix.as_ref().map(|(_, e)| e.clone()).unwrap_or_default();
            let wanted = count_word(n, traditional);
            if edits.len() != 1 || edits[0].text != wanted || edits[0].range != announcement.number
            {
                return Some(format!("fix {edits:?}, wanted {wanted}"));
            }
        }
        "silent" => {
            if !counted.is_empty() || !problems.is_empty() {
                return Some(format!(
                    "counted {counted:?}, problems {}",
                    describe(&problems)
                ));
            }
        }
        "gap" | "repeat" => {
            let prefix = if kind == "gap" {
                "编号不连续"
            } else {
                "编号重复"
            };
            if problems.len() != 1
                || !problems[0].message.starts_with(prefix)
                || problems[0].fix.is_none()
            {
                return Some(format!("problems {}", describe(&problems)));
            }
        }
        other => panic!("unknown expectation {other}"),
    }
    None
}

#[test]
fn announcements_are_checked_against_what_follows() {
    let cases = cases();
    let announcing = cases
        .iter()
        .filter(|c| c.expectation.starts_with("counts") || c.expectation.starts_with("mismatch"))
        .count();
    assert!(announcing >= 20, "only {announcing} announcement cases");
    let mut failures = String::new();
    for case in &cases {
        if let Some(why) = verdict(case) {
            let _ = writeln!(
                failures,
                "[{}] {}: {why}",
                case.expectation, case.description
            );
        }
    }
    assert!(failures.is_empty(), "{failures}");
}

#[test]
fn applying_the_fix_makes_the_promise_true() {
    for case in cases()
        .iter()
        .filter(|c| c.expectation.starts_with("mismatch"))
    {
        let problems = structure::check(&case.text, &outline(&case.text));
        let (_, edits) = problems[0].fix.clone().unwrap();
        let mut fixed = case.text.clone();
        for edit in edits.iter().rev() {
            fixed.replace_range(edit.range.clone(), &edit.text);
        }
        let after = structure::check(&fixed, &outline(&fixed));
        assert!(after.is_empty(), "{}: {fixed}\n{after:?}", case.description);
    }
}

/// Every `structure` finding in the `.txt` files of `dir`, as
/// `file:line: message`.
fn alarms(dir: &Path) -> Vec<String> {
    let checks = Arc::new(Checks::default());
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let analysis = Analysis::new(text, Syntax::PlainText);
        for f in analysis
            .findings(&checks)
            .iter()
            .filter(|f| f.code == structure::CODE)
        {
            let line = analysis.text()[..f.range.start].matches('\n').count() + 1;
            let name = file.file_name().unwrap().to_string_lossy();
            out.push(format!("{name}:{line}: {}", f.message));
        }
    }
    out
}

/// The alarms listed (with their verdicts) in `corpus_alarms.txt`, for the
/// folder `name`.
fn listed(name: &str) -> Vec<String> {
    let file = std::fs::read_to_string(Path::new(FIXTURES).join("corpus_alarms.txt")).unwrap();
    file.lines()
        .filter_map(|l| l.strip_prefix(&format!("{name} ")))
        .map(|l| l.split(" # ").next().unwrap().to_string())
        .collect()
}

#[test]
fn the_builtin_templates_raise_only_the_listed_alarms() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    assert_eq!(alarms(&dir), listed("corpus"));
}

#[test]
fn the_government_reports_raise_only_the_listed_alarms() {
    let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus-gov"));
    if !dir.is_dir() {
        eprintln!("skipped: {} is absent", dir.display());
        return;
    }
    assert_eq!(alarms(dir), listed("corpus-gov"));
}

#[test]
fn any_cut_of_the_templates_is_checked_without_panicking() {
    // Drafts are often half written: every announcement cut short, every
    // list broken off, a cut inside a heading.
    for (_, text) in jianggao::corpus::embedded::FILES {
        let cuts = (0..text.len())
            .step_by(997)
            .filter(|&c| text.is_char_boundary(c));
        for cut in cuts {
            let draft = &text[..cut];
            for p in structure::check(draft, &outline(draft)) {
                assert!(p.range.end <= draft.len() && !p.message.is_empty());
                for edit in p.fix.iter().flat_map(|(_, edits)| edits) {
                    assert!(
                        draft.is_char_boundary(edit.range.start)
                            && draft.is_char_boundary(edit.range.end)
                    );
                }
            }
        }
    }
}
