//! Data-driven tests of the house-style checks: fixtures under
//! `tests/fixtures/style/`, the traditional template's punctuation fixed by
//! the fix-all action, and the findings of `jianggao check`'s checks.

use jianggao::analysis::{Analysis, Checks, FIX_ALL};
use jianggao::style::{apply, Rule};
use jianggao::text::Syntax;
use marks::cases;
use std::ops::Range;
use std::sync::Arc;

mod marks;

/// An expected problem: its range in the input and the fix's text, if any.
#[derive(Debug, PartialEq, Eq)]
struct Expected {
    range: Range<usize>,
    fixed: Option<String>,
}

/// `⟦code:written→fixed⟧` marks: the input and what `code` must find.
fn unmark(marked: &str, code: &str) -> (String, Vec<Expected>) {
    let (input, marks) = marks::unmark(marked);
    let mut expected = Vec::new();
    let mut text = String::new();
    let mut at = 0;
    // The marks' texts hold `written→fixed`: take the arrow out of the input.
    for m in marks {
        assert_eq!(m.code, code, "a mark of another check in {marked}");
        text.push_str(&input[at..m.range.start]);
        let body = &input[m.range.clone()];
        let (written, fixed) = match body.split_once('→') {
            Some((w, f)) => (w, Some(f.to_string())),
            None => (body, None),
        };
        let start = text.len();
        text.push_str(written);
        expected.push(Expected {
            range: start..text.len(),
            fixed,
        });
        at = m.range.end;
    }
    text.push_str(&input[at..]);
    (text, expected)
}

fn fixture(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/style")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Checks every case of `rule`'s fixture; returns (positive, negative) counts.
fn run_fixture(rule: Rule) -> (usize, usize) {
    let text = fixture(&format!("{}.txt", rule.code()));
    let (mut positive, mut negative) = (0, 0);
    let mut failures = Vec::new();
    // Fenced code spans several lines: those cases are read together.
    let mut lines = cases(&text).peekable();
    while let Some((n, line)) = lines.next() {
        let mut case = line.to_string();
        if line.starts_with("```") {
            for (_, more) in lines.by_ref() {
                case.push('\n');
                case.push_str(more);
                if more.starts_with("```") {
                    break;
                }
            }
        }
        let (input, expected) = unmark(&case, rule.code());
        if expected.is_empty() {
            negative += 1;
        } else {
            positive += 1;
        }
        let got: Vec<Expected> = rule
            .check(&input, Syntax::Markdown)
            .into_iter()
            .map(|p| Expected {
                range: p.range,
                fixed: p.fix.map(|f| {
                    assert_eq!(f.edits.len(), 1);
                    f.edits[0].text.clone()
                }),
            })
            .collect();
        if got != expected {
            let show = |e: &[Expected]| -> Vec<String> {
                e.iter()
                    .map(|e| format!("{:?}→{:?}", &input[e.range.clone()], e.fixed))
                    .collect()
            };
            failures.push(format!(
                "line {n}: {input}\n  expected {:?}\n  found    {:?}",
                show(&expected),
                show(&got)
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    (positive, negative)
}

#[test]
fn punctuation_fixture() {
    let (positive, negative) = run_fixture(Rule::Punctuation);
    assert!(positive >= 30 && negative >= 30, "{positive} / {negative}");
}

#[test]
fn number_style_fixture() {
    let (positive, negative) = run_fixture(Rule::NumberStyle);
    assert!(positive >= 15 && negative >= 15, "{positive} / {negative}");
}

#[test]
fn script_fixture() {
    let (positive, negative) = run_fixture(Rule::Script);
    assert!(positive >= 10 && negative >= 10, "{positive} / {negative}");
}

fn punctuation_findings(analysis: &Analysis, checks: &Arc<Checks>) -> usize {
    analysis
        .findings(checks)
        .iter()
        .filter(|f| f.code == "punctuation")
        .count()
}

/// The built-in traditional template writes half-width punctuation
/// throughout (同志們:, 工作,著力): the fix-all action fixes all of it, and
/// the result checks clean.
#[test]
fn the_traditional_templates_punctuation_is_fixed_by_fix_all() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/corpus/003_1bbc9109f68df4c0.txt"
    );
    let text = std::fs::read_to_string(path).unwrap();
    let half_width = text.matches([',', ':', ';', '!', '?']).count();
    assert!(half_width > 100, "the template changed: {half_width}");
    let checks = Arc::new(Checks::default());
    let analysis = Analysis::new(text.clone(), Syntax::PlainText);
    let found = punctuation_findings(&analysis, &checks);
    assert!(
        found >= half_width,
        "{found} findings for {half_width} marks"
    );
    let everything = 0..text.len();
    let actions = analysis.actions(&checks, &everything, Some(&[FIX_ALL]));
    assert_eq!(actions.len(), 1, "{actions:?}");
    let fixed = apply(&text, &actions[0].edits);
    // Every half-width mark next to a Han character is gone (times such as
    // 17:37:22 stay).
    let chars: Vec<char> = fixed.chars().collect();
    let left: Vec<String> = (0..chars.len())
        .filter(|&i| matches!(chars[i], ',' | ':' | ';' | '!' | '?'))
        .filter(|&i| {
            let han = |k: Option<&char>| k.is_some_and(|&c| jianggao::text::is_han(c));
            han(i.checked_sub(1).and_then(|k| chars.get(k))) || han(chars.get(i + 1))
        })
        .map(|i| {
            chars[i.saturating_sub(8)..(i + 8).min(chars.len())]
                .iter()
                .collect()
        })
        .collect();
    assert!(left.is_empty(), "{left:#?}");
    assert!(fixed.contains("同志們："));
    let again = Analysis::new(fixed, Syntax::PlainText);
    let left: Vec<String> = again
        .findings(&checks)
        .iter()
        .filter(|f| f.code == "punctuation")
        .map(|f| format!("{:?} {}", &again.text()[f.range.clone()], f.message))
        .collect();
    assert!(left.is_empty(), "{left:#?}");
}
