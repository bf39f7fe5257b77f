//! The office's rules on a 1 MB draft: the `substitution`/`forbidden` check
//! alone (the fixture's list, and 300 wordings that match all over the
//! draft), and every check with and without the rule file (its `[ignore]`
//! words filtering the findings of every check).
//!
//! `cargo bench --bench rules -- --warm-up-time 1 --measurement-time 3`

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use jianggao::analysis::{Analysis, Checks};
use jianggao::lsp::config::Settings;
use jianggao::rules::Sources;
use jianggao::text::Syntax;
use serde_json::Value;
use std::path::Path;
use std::sync::Arc;

mod common;

/// The checks of `rules` (a TOML text), written to a temporary file.
fn checks_of(rules: &str, name: &str) -> Arc<Checks> {
    let path =
        std::env::temp_dir().join(format!("jianggao-bench-{name}-{}.toml", std::process::id()));
    std::fs::write(&path, rules).unwrap();
    let sources = Sources {
        user: None,
        project: Some(path.clone()),
    };
    let read = sources.read();
    let (settings, warnings) =
        Settings::from_sources(&Value::Null, sources, &read, jianggao::locale::Lang::Zh);
    assert!(warnings.is_empty(), "{warnings:?}");
    std::fs::remove_file(path).unwrap();
    settings.checks
}

/// 300 substitutions whose old wordings are four-character runs of Han
/// characters taken from the corpus: they match all over the draft.
fn many_wordings(text: &str) -> String {
    let mut seen = std::collections::BTreeSet::new();
    let chars: Vec<char> = text.chars().take(200_000).collect();
    for window in chars.windows(4).step_by(97) {
        if window.iter().all(|c| ('\u{4e00}'..='\u{9fff}').contains(c)) {
            seen.insert(window.iter().collect::<String>());
        }
        if seen.len() == 300 {
            break;
        }
    }
    let mut toml = String::from("[substitutions]\n");
    for old in &seen {
        toml.push_str(&format!("\"{old}\" = \"{old}。\"\n"));
    }
    toml
}

fn bench(c: &mut Criterion) {
    let text = common::one_mb_draft();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules/jianggao.toml");
    let fixture = std::fs::read_to_string(fixture).unwrap();
    let with_rules = checks_of(&fixture, "fixture");
    // The default checks, then the office's rules.
    let defaults = Settings::default().checks.iter().count();
    assert_eq!(with_rules.iter().count(), defaults + 1);
    let many = checks_of(&many_wordings(&text), "many");
    let plain = Arc::new(Checks::default());
    let mut group = c.benchmark_group("rules");
    group.throughput(Throughput::Bytes(text.len() as u64));
    for (name, checks) in [
        ("all_checks_1mb_without_rule_file", &plain),
        ("all_checks_1mb_with_fixture_rules", &with_rules),
        ("all_checks_1mb_with_300_substitutions", &many),
    ] {
        group.bench_function(name, |b| {
            b.iter_batched(
                || Analysis::new(text.clone(), Syntax::Markdown),
                |analysis| analysis.findings(checks).len(),
                BatchSize::LargeInput,
            )
        });
    }
    // The parts: each list of the fixture matched alone.
    let lists = |toml: &str| {
        let file = jianggao::rules::RuleFile::parse(toml);
        let entry = |e: &jianggao::rules::file::Entry| jianggao::rules::ListEntry {
            key: e.key.clone(),
            value: e.value.clone(),
            origin: String::new(),
        };
        jianggao::rules::Lists {
            substitutions: file.substitutions.iter().map(entry).collect(),
            forbidden: file.forbidden.iter().map(entry).collect(),
            ignore: Vec::new(),
        }
    };
    let fixture_lists = lists(&fixture);
    let (literal, regex): (Vec<_>, Vec<_>) = fixture_lists
        .substitutions
        .iter()
        .cloned()
        .partition(|e| !e.key.starts_with('/'));
    for (name, substitutions) in [
        ("literal_substitutions", literal),
        ("regex_substitutions", regex),
    ] {
        let part = jianggao::rules::Lists {
            substitutions,
            ..Default::default()
        };
        let (rules, _) = jianggao::rules::HouseRules::compile(&part);
        group.bench_function(name, |b| b.iter(|| rules.substitutions(&text).len()));
    }
    let (rules, _) = jianggao::rules::HouseRules::compile(&fixture_lists);
    group.bench_function("forbidden_words", |b| {
        b.iter(|| rules.forbidden(&text).len())
    });
    let ignore = jianggao::analysis::Ignore::new(&[
        "某某公司".into(),
        "XX大道".into(),
        "讲话精神文明".into(),
    ]);
    let scanned = Analysis::new(text.clone(), Syntax::Markdown);
    let found = scanned.findings(&plain).to_vec();
    group.bench_function("ignore_filter", |b| {
        b.iter_batched(
            || found.clone(),
            |mut found| {
                ignore.filter(&scanned, &mut found);
                found.len()
            },
            BatchSize::LargeInput,
        )
    });
    println!(
        "fixture rules: {} substitutions, {} forbidden words in the draft",
        rules.substitutions(&text).len(),
        rules.forbidden(&text).len()
    );
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
