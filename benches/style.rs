//! The house-style checks on a 1 MB draft, and every check of the analysis
//! together (goal: all checks ≤ 10 ms in release).
//!
//! `cargo bench --bench style -- --warm-up-time 1 --measurement-time 3`

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use jianggao::analysis::{Analysis, Checks};
use jianggao::style::check_all;
use jianggao::text::Syntax;
use std::hint::black_box;
use std::sync::Arc;

mod common;

fn bench(c: &mut Criterion) {
    let text = common::one_mb_draft();
    let mut group = c.benchmark_group("style");
    group.throughput(Throughput::Bytes(text.len() as u64));
    // The three house-style rules, found in one pass over the lines.
    group.bench_function("house_style_1mb_draft", |b| {
        b.iter(|| check_all(black_box(&text), Syntax::Markdown))
    });
    // What the machine's load does to the figures: only decoding the draft.
    group.bench_function("baseline_decode_chars", |b| {
        b.iter(|| {
            black_box(&text)
                .chars()
                .filter(|c| c.is_alphabetic())
                .count()
        })
    });
    // What a new version of the document costs: a fresh analysis, every
    // default check (placeholders, numbering, the three house-style rules).
    let checks = Arc::new(Checks::default());
    group.bench_function("all_checks_1mb_draft", |b| {
        b.iter_batched(
            || text.clone(),
            |text| {
                let analysis = Analysis::new(text, Syntax::Markdown);
                analysis.findings(&checks).len()
            },
            BatchSize::LargeInput,
        )
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
