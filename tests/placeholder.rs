//! Data-driven tests of the placeholder core: fixtures under
//! `tests/fixtures/placeholder/` and a snapshot of the embedded corpus.

use jianggao::placeholder::{
    self, check, check_as, fixes, Config, Kind, Options, Placeholder, Syntax,
};
use marks::{cases, fixture};
use std::fmt::Write;

mod marks;

/// Splits a marked line into the input and the expected `(kind, byte range)`s.
fn unmark(line: &str) -> (String, Vec<(Kind, std::ops::Range<usize>)>) {
    let (input, marks) = marks::unmark(line);
    let expected = marks
        .into_iter()
        .map(|m| {
            let kind =
                Kind::from_code(&m.code).unwrap_or_else(|| panic!("unknown kind {}", m.code));
            (kind, m.range)
        })
        .collect();
    (input, expected)
}

fn describe(text: &str, found: &[(Kind, std::ops::Range<usize>)]) -> Vec<String> {
    found
        .iter()
        .map(|(k, r)| format!("{k}:{}@{}", &text[r.clone()], r.start))
        .collect()
}

fn found_as(text: &str, syntax: Syntax) -> Vec<(Kind, std::ops::Range<usize>)> {
    check_as(text, syntax, &Options::default())
        .into_iter()
        .map(|p| (p.kind, p.range))
        .collect()
}

fn found(text: &str) -> Vec<(Kind, std::ops::Range<usize>)> {
    found_as(text, Syntax::Markdown)
}

/// A failed case: where, its input, what was expected and what was found.
fn mismatch(
    at: &str,
    input: &str,
    expected: &[(Kind, std::ops::Range<usize>)],
    got: &[(Kind, std::ops::Range<usize>)],
) -> String {
    format!(
        "{at}: {input}\n  expected {:?}\n  found    {:?}",
        describe(input, expected),
        describe(input, got)
    )
}

#[test]
fn true_placeholders_are_found_exactly() {
    let text = fixture("placeholders.txt");
    let mut failures = Vec::new();
    let mut count = 0;
    for (n, line) in cases(&text) {
        let (input, expected) = unmark(line);
        assert!(!expected.is_empty(), "line {n} marks no placeholder");
        count += expected.len();
        let got = found(&input);
        if got != expected {
            failures.push(mismatch(&format!("line {n}"), &input, &expected, &got));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of the cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(
        count > 100,
        "the fixture should hold many placeholders, has {count}"
    );
}

#[test]
fn traps_produce_nothing() {
    let text = fixture("traps.txt");
    let failures: Vec<String> = cases(&text)
        .filter_map(|(n, line)| {
            assert!(!line.contains('⟦'), "line {n}: traps carry no marks");
            let got = found(line);
            (!got.is_empty())
                .then(|| format!("line {n}: {line}\n  found {:?}", describe(line, &got)))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} traps fired:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn traps_produce_nothing_as_one_document() {
    // The same traps, together: nothing may leak from line to line (code fences, emphasis).
    let text = fixture("traps.txt");
    let doc: String = cases(&text).map(|(_, l)| format!("{l}\n")).collect();
    assert_eq!(describe(&doc, &found(&doc)), Vec::<String>::new());
}

/// The classes of issue 13, each in `wild_<class>.txt`: marked lines are
/// found exactly, unmarked lines (traps) give nothing; `[md] ` and `[txt] `
/// restrict a line to one syntax. Each class has at least 10 of each.
#[test]
fn classes_from_drafts_in_the_wild() {
    let mut failures = Vec::new();
    for class in ["redaction", "year", "blank"] {
        let text = fixture(&format!("wild_{class}.txt"));
        let (mut found_cases, mut traps) = (0, 0);
        for (n, line) in cases(&text) {
            let (syntaxes, line) = match line.split_once(' ') {
                Some(("[md]", rest)) => (&[Syntax::Markdown][..], rest),
                Some(("[txt]", rest)) => (&[Syntax::PlainText][..], rest),
                _ => (&[Syntax::Markdown, Syntax::PlainText][..], line),
            };
            let (input, expected) = unmark(line);
            if expected.is_empty() {
                traps += 1;
            } else if expected.iter().any(|(k, _)| k.code() == class) {
                found_cases += 1;
            }
            for &syntax in syntaxes {
                let got = found_as(&input, syntax);
                if got != expected {
                    let at = format!("wild_{class}.txt line {n} ({syntax:?})");
                    failures.push(mismatch(&at, &input, &expected, &got));
                }
            }
        }
        assert!(
            found_cases >= 10 && traps >= 10,
            "wild_{class}.txt: {found_cases} cases, {traps} traps"
        );
    }
    assert!(
        failures.is_empty(),
        "{} failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

fn apply(text: &str, edits: &[placeholder::Fix]) -> String {
    let mut out = text.to_string();
    for fix in edits.iter().rev() {
        out.replace_range(fix.range.clone(), &fix.replacement);
    }
    out
}

#[test]
fn quick_fixes() {
    let text = fixture("fixes.txt");
    let mut year = None;
    let mut checked = 0;
    for (n, line) in cases(&text) {
        if let Some(y) = line.strip_prefix("year:") {
            year = Some(y.trim().parse::<i32>().expect("year: N"));
            continue;
        }
        let year = year.expect("a `year:` line comes first");
        let (input, expected) = line
            .split_once("=>")
            .unwrap_or_else(|| panic!("line {n}: INPUT => RESULTS"));
        let expected: Vec<&str> = expected
            .split('|')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect();
        let (input, fill) = match input.trim().strip_prefix("fill:") {
            Some(rest) => (rest.trim(), true),
            None => (input.trim(), false),
        };
        let found = check(input, &Options::default());
        let got: Vec<String> = if fill {
            vec![apply(input, &placeholder::fill_years(input, &found, year))]
        } else {
            found
                .iter()
                .flat_map(|p: &Placeholder| fixes(input, p, year))
                .map(|fix| apply(input, &[fix]))
                .collect()
        };
        assert_eq!(got, expected, "line {n}: {input}");
        checked += 1;
    }
    assert!(checked >= 10);
}

#[test]
fn options_from_settings() {
    let cases: Vec<serde_json::Value> = serde_json::from_str(&fixture("options.json")).unwrap();
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let config: Config = serde_json::from_value(case["config"].clone()).unwrap();
        let (options, problems) = Options::compile(&config, jianggao::locale::Lang::En);
        assert_eq!(
            problems.len() as u64,
            case["problems"].as_u64().unwrap_or(0),
            "{name}: {problems:?}"
        );
        let text = case["text"].as_str().unwrap();
        let got: Vec<String> = check(text, &options)
            .iter()
            .map(|p| {
                let mut s = format!("{}:{}:{}", p.kind, &text[p.range.clone()], p.severity);
                if p.message != p.kind.message(&text[p.range.clone()]) {
                    write!(s, ":{}", p.message).unwrap();
                }
                s
            })
            .collect();
        let expected: Vec<String> = serde_json::from_value(case["expect"].clone()).unwrap();
        assert_eq!(got, expected, "{name}");
    }
}

/// Every placeholder of the embedded corpus, with its line and context: the
/// snapshot is reviewed by hand for false alarms and misses. The templates
/// are `.txt` files, so they are checked as plain text, as `jianggao check`
/// and an editor would.
#[test]
fn embedded_corpus_snapshot() {
    let mut out = String::new();
    for (name, text) in jianggao::corpus::embedded::FILES {
        let syntax = Syntax::from_path(std::path::Path::new(name));
        let found = check_as(text, syntax, &Options::default());
        writeln!(out, "## {name}: {} placeholders", found.len()).unwrap();
        for p in &found {
            let line = text[..p.range.start].matches('\n').count() + 1;
            let start = text[..p.range.start]
                .char_indices()
                .rev()
                .nth(5)
                .map_or(0, |(i, _)| i);
            let line_start = text[..p.range.start].rfind('\n').map_or(0, |i| i + 1);
            let end = text[p.range.end..]
                .char_indices()
                .nth(5)
                .map_or(text.len(), |(i, _)| p.range.end + i);
            let line_end = text[p.range.end..]
                .find('\n')
                .map_or(text.len(), |i| p.range.end + i);
            let (start, end) = (start.max(line_start), end.min(line_end));
            writeln!(
                out,
                "{line}\t{}\t{}【{}】{}",
                p.kind,
                &text[start..p.range.start],
                &text[p.range.clone()],
                &text[p.range.end..end]
            )
            .unwrap();
        }
    }
    insta::assert_snapshot!("embedded_corpus", out);
}

mod never_panics {
    use super::*;
    use proptest::prelude::*;

    /// Text made of the characters the scanner cares about, and a few others.
    fn draft() -> impl Strategy<Value = String> {
        let alphabet: Vec<char> = "xXｘＸ×_＿*＊\\□○〇某201９二〇九年届次大中分六“”‘’【】（）()[]\"`~#- 　.%a光\n\r𠀀😀，、同志市@:/万人第公司"
            .chars()
            .collect();
        proptest::collection::vec(proptest::sample::select(alphabet), 0..60)
            .prop_map(|cs| cs.into_iter().collect())
    }

    proptest! {
        #[test]
        fn ranges_are_ordered_char_boundaries_and_fixes_apply(
            text in draft(),
            plain in any::<bool>(),
        ) {
            let syntax = if plain { Syntax::PlainText } else { Syntax::Markdown };
            let found = check_as(&text, syntax, &Options::default());
            let mut last_end = 0;
            for p in &found {
                prop_assert!(p.range.start >= last_end && p.range.start < p.range.end);
                prop_assert!(text.is_char_boundary(p.range.start) && text.is_char_boundary(p.range.end));
                last_end = p.range.end;
                for fix in fixes(&text, p, 2024) {
                    let mut filled = text.clone();
                    filled.replace_range(fix.range, &fix.replacement);
                }
            }
            let filled = apply(&text, &placeholder::fill_years(&text, &found, 2024));
            prop_assert!(check_as(&filled, syntax, &Options::default()).iter().all(|p| p.kind != Kind::Year));
        }
    }
}
