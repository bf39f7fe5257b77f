//! Scanning a 1 MB draft for placeholders (goal: ≤ 5 ms in release).
//!
//! `cargo bench --bench placeholder -- --warm-up-time 1 --measurement-time 3`

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use jianggao::analysis::scanned::ScannedLines;
use jianggao::analysis::Change;
use jianggao::placeholder::{check, check_as, Options, Syntax};
use std::hint::black_box;

mod common;

fn bench(c: &mut Criterion) {
    let text = common::one_mb_draft();
    let options = Options::default();
    let mut group = c.benchmark_group("placeholder");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("check_1mb_draft", |b| {
        b.iter(|| check(black_box(&text), &options))
    });
    // The same draft as a .txt file: no Markdown, so more asterisks to judge.
    group.bench_function("check_1mb_draft_plain_text", |b| {
        b.iter(|| check_as(black_box(&text), Syntax::PlainText, &options))
    });
    // The analysis keeps the scan line by line: after a one-character edit in
    // the middle, only the touched lines are scanned again.
    let scanned = ScannedLines::new(&text, Syntax::Markdown);
    let middle = text.len() / 2;
    let middle = (middle..).find(|&i| text.is_char_boundary(i)).unwrap();
    let mut edited = text.clone();
    edited.insert(middle, '某');
    let change = Change {
        range: middle..middle,
        new_len: '某'.len_utf8(),
    };
    group.bench_function("rescan_after_one_character_edit", |b| {
        b.iter_batched(
            || scanned.clone(),
            |mut scan| {
                scan.edit(black_box(&edited), &change);
                scan
            },
            BatchSize::SmallInput,
        )
    });
    // For scale on a busy machine: merely decoding the same text into chars.
    group.bench_function("baseline_decode_chars", |b| {
        b.iter(|| black_box(&text).chars().filter(|&c| c == '某').count())
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
