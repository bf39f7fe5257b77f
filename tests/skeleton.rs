//! Speech skeletons mined from the corpus: what they hold, that mining is
//! deterministic, and that a skeleton keeps its own promises.

use jianggao::analysis::{Analysis, Checks};
use jianggao::corpus::Corpus;
use jianggao::placeholder::Syntax;
use jianggao::skeleton::{self, Part};
use std::sync::Arc;

#[test]
fn the_embedded_corpus_gives_the_parts_of_a_speech() {
    let mined = skeleton::mine(&Corpus::embedded());
    // The most frequent forms of the five templates.
    assert_eq!(mined.salutations[0], "同志们：");
    assert!(
        mined.salutations.iter().any(|s| s == "各位代表、同志们："),
        "{mined:?}"
    );
    assert_eq!(mined.announcement, "讲三点意见");
    assert_eq!(mined.closing, "谢谢大家！");
    assert!(mined.opening.starts_with("今天，"), "{mined:?}");
}

#[test]
fn mining_does_not_depend_on_the_order_of_the_templates() {
    let corpus = Corpus::embedded();
    let mut reversed = corpus.clone();
    reversed.documents.reverse();
    assert_eq!(skeleton::mine(&corpus), skeleton::mine(&reversed));
}

#[test]
fn a_corpus_without_speeches_falls_back_to_plain_forms() {
    let mined = skeleton::mine(&Corpus::default());
    assert_eq!(mined.salutations, ["同志们："]);
    assert_eq!(mined.closing, "谢谢大家！");
    assert!(!skeleton::skeletons(&mined).is_empty());
}

#[test]
fn snippets_have_tab_stops_and_plain_text_has_none() {
    let skeletons = skeleton::skeletons(&skeleton::mine(&Corpus::embedded()));
    assert!(skeletons.len() >= 3);
    for s in &skeletons {
        let fields = s
            .parts
            .iter()
            .filter(|p| matches!(p, Part::Field(_)))
            .count();
        let snippet = s.snippet();
        assert!(fields >= 3, "{}", s.label);
        for stop in 1..=fields {
            assert!(snippet.contains(&format!("${{{stop}:")), "{snippet}");
        }
        assert!(snippet.ends_with("$0"));
        let plain = s.plain();
        assert!(!plain.contains('$'), "{plain}");
        assert!(
            plain.starts_with(s.parts[0].text()) && plain.ends_with("谢谢大家！\n"),
            "{plain}"
        );
    }
    let first = &skeletons[0];
    assert!(
        first.plain().contains("下面，我讲三点意见。\n\n一、"),
        "{}",
        first.plain()
    );
}

#[test]
fn a_skeleton_keeps_its_promises_and_has_no_placeholders() {
    let checks = Arc::new(Checks::default());
    for s in skeleton::skeletons(&skeleton::mine(&Corpus::embedded())) {
        let analysis = Analysis::new(s.plain(), Syntax::Markdown);
        let findings = analysis.findings(&checks);
        assert!(findings.is_empty(), "{}: {findings:?}", s.label);
    }
}

#[test]
fn snippet_syntax_in_the_corpus_is_escaped() {
    let s = skeleton::Skeleton {
        label: "x".into(),
        detail: String::new(),
        parts: vec![Part::Text("$1 {a}".into()), Part::Field("b}c".into())],
    };
    assert_eq!(s.snippet(), "\\$1 {a\\}${1:b\\}c}$0");
    assert_eq!(s.plain(), "$1 {a}b}c");
}

#[test]
fn only_an_empty_draft_or_the_start_of_a_skeleton_is_offered_skeletons() {
    let skeletons = skeleton::skeletons(&skeleton::mine(&Corpus::embedded()));
    let labels = |text: &str, cursor: usize| -> Vec<String> {
        skeleton::offered(&skeletons, text, cursor)
            .iter()
            .map(|s| s.label.clone())
            .collect()
    };
    assert_eq!(labels("", 0).len(), skeletons.len());
    assert_eq!(labels("\n\n", 0).len(), skeletons.len());
    assert_eq!(labels("同志", 6).len(), 2, "the two that open with 同志们");
    assert_eq!(labels("各位代表", 12), ["致辞"]);
    assert!(labels("同志", 3).is_empty(), "the cursor inside the text");
    let two_lines = "同志们：\n今天";
    assert!(
        labels(two_lines, two_lines.len()).is_empty(),
        "a second line"
    );
    let other = "我们要";
    assert!(
        labels(other, other.len()).is_empty(),
        "not a skeleton's start"
    );
}
