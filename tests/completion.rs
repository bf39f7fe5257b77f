//! Phrase completion over the pure core: data-driven ranking fixtures
//! (`tests/fixtures/completion/ranking.tsv`) and script handling.

use jianggao::corpus::{Corpus, Document};
use jianggao::phrases::{Params, PhraseIndex, Suggestion};
use std::sync::OnceLock;

fn embedded() -> &'static PhraseIndex {
    static INDEX: OnceLock<PhraseIndex> = OnceLock::new();
    INDEX.get_or_init(|| PhraseIndex::build(&Corpus::embedded()))
}

struct Case {
    line: usize,
    context: String,
    expected: String,
    top: usize,
}

fn cases() -> Vec<Case> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/completion/ranking.tsv"
    );
    let text = std::fs::read_to_string(path).expect("ranking fixtures");
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|(i, l)| {
            let fields: Vec<&str> = l.split('\t').collect();
            assert_eq!(
                fields.len(),
                3,
                "ranking.tsv:{}: want CONTEXT<TAB>EXPECTED<TAB>N",
                i + 1
            );
            Case {
                line: i + 1,
                context: fields[0].replace("\\n", "\n"),
                expected: fields[1].to_string(),
                top: fields[2].parse().expect("N is a number"),
            }
        })
        .collect()
}

/// Two continuations that differ only by trailing punctuation are one
/// choice: a list never offers both.
fn same_choice(a: &str, b: &str) -> bool {
    let t = |s: &str| -> String {
        s.trim_end_matches(|c: char| !jianggao::text::is_word_char(c))
            .to_string()
    };
    t(a) == t(b)
}

#[test]
fn ranking_fixtures() {
    let cases = cases();
    assert!(!cases.is_empty());
    let mut failures = Vec::new();
    for case in &cases {
        let suggestions = everything(&case.context);
        let found = suggestions
            .iter()
            .take(case.top)
            .any(|s| same_choice(&s.continuation, &case.expected));
        if !found {
            let got: Vec<&str> = suggestions
                .iter()
                .take(case.top)
                .map(|s| s.continuation.as_str())
                .collect();
            failures.push(format!(
                "ranking.tsv:{}: {:?} should offer {:?} in the top {}; got {got:?}",
                case.line, case.context, case.expected, case.top
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The first `max` suggestions of `index` for `context` with no confidence
/// threshold: the ranking itself (the threshold's effect is measured by the
/// KSR benchmark), and junk must be kept out by construction, not only by a
/// low confidence.
fn ranked(index: &PhraseIndex, context: &str, max: usize) -> Vec<Suggestion> {
    let params = Params {
        min_confidence: 0.0,
        ..Params::default()
    };
    index.complete_in(context, context.len(), max, &params)
}

fn everything(context: &str) -> Vec<Suggestion> {
    ranked(embedded(), context, 20)
}

fn fixture_lines(name: &str, fields: usize) -> Vec<(usize, Vec<String>)> {
    let path = format!(
        "{}/tests/fixtures/completion/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).expect("fixture file");
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|(i, l)| {
            let f: Vec<String> = l.split('\t').map(|f| f.replace("\\n", "\n")).collect();
            assert_eq!(f.len(), fields, "{name}:{}: want {fields} fields", i + 1);
            (i + 1, f)
        })
        .collect()
}

#[test]
fn junk_is_never_offered() {
    let cases = fixture_lines("junk.tsv", 3);
    for class in ["tail", "word", "short"] {
        assert!(
            cases.iter().filter(|(_, f)| f[2] == class).count() >= 2,
            "junk.tsv needs cases of class {class}"
        );
    }
    let mut failures = Vec::new();
    for (line, f) in &cases {
        let (context, bad) = (&f[0], &f[1]);
        for s in everything(context) {
            if s.continuation.starts_with(bad.as_str()) {
                failures.push(format!(
                    "junk.tsv:{line}: {context:?} offered {:?} ({})",
                    s.phrase, f[2]
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// No two items differ only by trailing punctuation, and an item that is a
/// prefix of another stays only when it ranks above it.
#[test]
fn every_item_is_a_distinct_choice() {
    let trim = |s: &str| {
        s.trim_end_matches(|c: char| !jianggao::text::is_word_char(c))
            .to_string()
    };
    let mut contexts: Vec<String> = cases().into_iter().map(|c| c.context).collect();
    contexts.extend(
        fixture_lines("junk.tsv", 3)
            .into_iter()
            .map(|(_, f)| f[0].clone()),
    );
    contexts.extend(["围绕中心、", "各位代表、", "我们要", "认真"].map(String::from));
    for context in &contexts {
        let items = everything(context);
        for (i, a) in items.iter().enumerate() {
            for b in &items[i + 1..] {
                assert_ne!(
                    trim(&a.continuation),
                    trim(&b.continuation),
                    "{context:?}: {:?} and {:?} differ only by punctuation",
                    a.phrase,
                    b.phrase
                );
                assert!(
                    !a.continuation.starts_with(&b.continuation),
                    "{context:?}: {:?} is a prefix of {:?} ranked above it",
                    b.phrase,
                    a.phrase
                );
            }
        }
    }
}

#[test]
fn the_default_threshold_silences_guesses() {
    // After 我们要 the templates go on in a dozen ways, none likely.
    let context = "我们要";
    assert!(!everything(context).is_empty());
    assert!(
        embedded().complete(context, 20).is_empty(),
        "{:?}",
        embedded().complete(context, 20)
    );
    // After 全心全意 they agree.
    assert!(embedded()
        .complete("全心全意", 20)
        .iter()
        .any(|s| s.continuation == "依靠工人阶级"));
}

#[test]
fn the_confidence_threshold_filters_and_can_silence() {
    for case in cases() {
        let params = Params::default();
        let list = embedded().complete_in(&case.context, case.context.len(), 20, &params);
        for s in &list {
            assert!(s.confidence >= params.item_floor, "{s:?}");
            assert!((0.0..=1.0).contains(&s.confidence), "{s:?}");
        }
        // A list is shown when it is likely as a whole (its items that
        // extend no other one cannot both be right), or one item alone is.
        let whole: f64 = list
            .iter()
            .filter(|a| {
                !list.iter().any(|b| {
                    b.continuation.len() < a.continuation.len()
                        && a.continuation.starts_with(&b.continuation)
                })
            })
            .map(|a| a.confidence)
            .sum();
        let alone = list.iter().any(|s| s.confidence >= params.min_confidence);
        assert!(
            list.is_empty() || whole >= params.min_confidence || alone,
            "{list:?}"
        );
        let silent = Params {
            min_confidence: 1.0,
            ..Params::default()
        };
        assert!(embedded()
            .complete_in(&case.context, case.context.len(), 20, &silent)
            .is_empty());
    }
}

#[test]
fn items_are_unique_ranked_and_capped() {
    for case in cases() {
        for max in [1, 5, 20] {
            let suggestions = ranked(embedded(), &case.context, max);
            assert!(suggestions.len() <= max);
            let mut seen: Vec<&str> = suggestions
                .iter()
                .map(|s| s.continuation.as_str())
                .collect();
            seen.sort_unstable();
            seen.dedup();
            assert_eq!(
                seen.len(),
                suggestions.len(),
                "duplicates for {:?}",
                case.context
            );
            assert!(suggestions
                .windows(2)
                .all(|w| w[0].score >= w[1].score - 1e-9 || max > 1));
            for s in &suggestions {
                assert!(s.phrase.ends_with(&s.continuation));
                assert!(case.context.ends_with(&s.phrase[..s.typed_len]));
                assert!(s.continuation.chars().count() >= 2);
            }
        }
    }
}

#[test]
fn boilerplate_never_becomes_a_phrase() {
    for context in ["仅供", "禁止", "以下是小编", "会员", "【打击"] {
        for s in everything(context) {
            assert!(
                !["禁止外传", "小编", "打击倒卖", "会员群：", "仅供学习"]
                    .iter()
                    .any(|b| s.phrase.contains(b)),
                "{context:?} offered boilerplate {:?}",
                s.phrase
            );
        }
    }
}

/// A traditional template corpus and a simplified one with the same phrases.
const TRADITIONAL: &str =
    "同志們:\n我們要充分發揮工會組織的橋樑紐帶作用,團結動員廣大職工建功立業。\n\
                           各級工會要充分發揮工會組織的橋樑紐帶作用。\n";
const SIMPLIFIED: &str =
    "同志们：\n我们要充分发挥工会组织的桥梁纽带作用，团结动员广大职工建功立业。\n\
                          各级工会要充分发挥工会组织的桥梁纽带作用。\n";

fn index_of(source: &str, text: &str) -> PhraseIndex {
    PhraseIndex::build(&Corpus {
        documents: vec![Document::parse(source, text)],
    })
}

#[test]
fn a_traditional_corpus_phrase_reaches_a_simplified_draft() {
    let index = index_of("traditional.txt", TRADITIONAL);
    let suggestions = ranked(&index, "今天，我们要充分发挥工会", 5);
    assert!(
        suggestions
            .iter()
            .any(|s| s.continuation.starts_with("组织的桥梁纽带作用")),
        "{suggestions:#?}"
    );
    for s in &suggestions {
        assert_eq!(
            jianggao::text::script::to_simplified(&s.continuation),
            s.continuation
        );
    }
}

#[test]
fn a_traditional_draft_gets_traditional_suggestions() {
    // From a simplified corpus: converted.
    let index = index_of("simplified.txt", SIMPLIFIED);
    let draft = "各位代表:\n今天,我們召開工會全委會議,我們要充分發揮工會";
    let suggestions = ranked(&index, draft, 5);
    assert!(
        suggestions
            .iter()
            .any(|s| s.continuation.starts_with("組織的橋梁紐帶作用")
                || s.continuation.starts_with("組織的橋樑紐帶作用")),
        "{suggestions:#?}"
    );
    // From a traditional corpus: the corpus's own forms (橋樑).
    let index = index_of("traditional.txt", TRADITIONAL);
    let suggestions = ranked(&index, draft, 5);
    assert!(
        suggestions
            .iter()
            .any(|s| s.continuation.starts_with("組織的橋樑紐帶作用")),
        "{suggestions:#?}"
    );
}
