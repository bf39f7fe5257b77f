//! Speaking time and hover contents, data-driven: the arithmetic of
//! `tests/fixtures/speech/timing.tsv`, the hovers of
//! `tests/fixtures/explain/hover.tsv` (snapshots), and no speaking-time
//! alarm on the built-in templates or `../shared/corpus-gov/` when no
//! target is set.

use jianggao::analysis::{Analysis, Checks, SpeakingTime};
use jianggao::corpus::embedded;
use jianggao::corpus::load::CorpusSpec;
use jianggao::explain::{self, render::Format};
use jianggao::index::Index;
use jianggao::phrases::OwnDraft;
use jianggao::speech::{self, wording};
use jianggao::text::Syntax;
use std::path::{Path, PathBuf};
use std::sync::Arc;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn cases(file: &str) -> Vec<Vec<String>> {
    std::fs::read_to_string(fixtures().join(file))
        .unwrap()
        .lines()
        // Comments start with # and hold no tab (a case may start with #).
        .filter(|l| l.contains('\t'))
        .map(|l| l.split('\t').map(|f| f.replace("\\n", "\n")).collect())
        .collect()
}

#[test]
fn speaking_time_arithmetic() {
    let cases = cases("speech/timing.tsv");
    assert!(cases.len() >= 15, "{}", cases.len());
    for case in cases {
        let [text, rate, total, sections, label] = &case[..] else {
            panic!("bad case {case:?}");
        };
        let rate: f64 = rate.parse().unwrap();
        let analysis = Analysis::new(text.clone(), Syntax::Markdown);
        let speech = analysis.speech();
        assert_eq!(speech.total().to_string(), *total, "{text:?}");
        let timed: Vec<String> = speech::timed_sections(analysis.outline())
            .iter()
            .map(|s| speech.section(s).to_string())
            .collect();
        assert_eq!(timed.join(","), *sections, "{text:?}");
        let target = speech.target(None);
        assert_eq!(
            wording::whole(speech.total(), speech.rate(rate), None),
            *label,
            "{text:?}"
        );
        // The drafts that set a target say 15 minutes, and run under it.
        let check = SpeakingTime {
            chars_per_minute: rate,
            target_minutes: None,
        };
        let findings = analysis.findings(&Arc::new(Checks::of(vec![Arc::new(check)])));
        assert!(findings.is_empty(), "{text:?}: {findings:?}");
        assert!(target.is_none_or(|t| t == 15.0), "{text:?}");
    }
}

/// Every built-in template and every report of `../shared/corpus-gov/`
/// (when present), with its name.
fn real_texts() -> Vec<(String, String)> {
    let mut texts: Vec<(String, String)> = embedded::FILES
        .iter()
        .map(|(name, text)| (name.to_string(), text.to_string()))
        .collect();
    let gov = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus-gov"));
    if let Ok(dir) = std::fs::read_dir(gov) {
        let mut files: Vec<PathBuf> = dir
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect();
        files.sort();
        for file in files {
            let name = file.file_name().unwrap().to_string_lossy().into_owned();
            texts.push((name, std::fs::read_to_string(&file).unwrap()));
        }
    } else {
        eprintln!("../shared/corpus-gov absent: built-in templates only");
    }
    texts
}

#[test]
fn no_speaking_time_alarm_without_a_target_and_one_past_it() {
    let defaults = Arc::new(Checks::default());
    for (name, text) in real_texts() {
        let analysis = Analysis::new(text, Syntax::PlainText);
        let alarms: Vec<_> = analysis
            .findings(&defaults)
            .iter()
            .filter(|f| f.code == speech::CODE)
            .cloned()
            .collect();
        assert!(alarms.is_empty(), "{name}: {alarms:?}");
        let speech = analysis.speech();
        assert_eq!(speech.directives, Default::default(), "{name}");
        // A target a minute short of the estimate: one warning, on the title.
        let rate = speech::DEFAULT_CHARS_PER_MINUTE;
        let minutes = speech::minutes(speech.total(), rate);
        let short = SpeakingTime {
            chars_per_minute: rate,
            target_minutes: Some(minutes - 1.0),
        };
        let found = analysis.findings(&Arc::new(Checks::of(vec![Arc::new(short)])));
        assert_eq!(found.len(), 1, "{name}");
        assert_eq!(Some(found[0].range.clone()), speech.title, "{name}");
        assert!(
            found[0].message.contains("约 1 分钟"),
            "{name}: {}",
            found[0].message
        );
        let enough = SpeakingTime {
            chars_per_minute: rate,
            target_minutes: Some(minutes.ceil()),
        };
        let none = analysis.findings(&Arc::new(Checks::of(vec![Arc::new(enough)])));
        assert!(none.is_empty(), "{name}");
    }
}

#[test]
fn hover_contents() {
    let spec = CorpusSpec {
        builtin: false,
        paths: vec![fixtures().join("explain/corpus")],
        ..Default::default()
    };
    let (index, report) = Index::load(&spec);
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    assert_eq!(index.phrases.documents(), 2);
    let checks = Arc::new(Checks::default());
    // A link that does not depend on where the checkout is.
    let link = |file: &Path, line: usize| {
        let name = file.file_name()?.to_string_lossy().into_owned();
        Some(format!("file:///templates/{name}#L{line}"))
    };
    let cases = cases("explain/hover.tsv");
    assert!(cases.len() >= 8);
    for case in cases {
        let [draft, needle, format, snapshot] = &case[..] else {
            panic!("bad case {case:?}");
        };
        let analysis = Analysis::new(draft.clone(), Syntax::Markdown);
        let first = draft
            .find(needle.as_str())
            .expect("the needle is in the draft");
        let at = first + needle.chars().next().unwrap().len_utf8();
        let format = match format.as_str() {
            "markdown" => Format::Markdown,
            _ => Format::PlainText,
        };
        let rate = speech::DEFAULT_CHARS_PER_MINUTE;
        let shown = explain::explain(
            &analysis,
            &checks,
            Some((&index.phrases, OwnDraft::NONE)),
            at,
            rate,
        )
        .map(|e| {
            let covered = &draft[e.range.clone()];
            assert!(e.range.contains(&at), "{draft:?} {covered:?}");
            format!("[{covered}]\n{}", e.render(format, &link))
        })
        .unwrap_or_else(|| "(no hover)".into());
        insta::assert_snapshot!(format!("hover_{snapshot}"), shown);
    }
}
