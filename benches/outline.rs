//! Outline and numbering checks of a 1 MB draft: from scratch, after a
//! one-character edit (rope edit, text, outline, checks: what the server
//! does on a keystroke), and the whole `textDocument/documentSymbol` answer
//! (outline plus a position conversion per symbol).
//!
//! `cargo bench --bench outline -- --warm-up-time 1 --measurement-time 3`

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use jianggao::corpus::embedded::FILES;
use jianggao::lsp::documents::DocumentStore;
use jianggao::lsp::position::Encoding;
use jianggao::outline;
use std::hint::black_box;
use tower_lsp::lsp_types::Url;

/// The embedded templates repeated up to 1 MB: real headings, traps and
/// numbering mistakes at the density of real drafts.
fn draft() -> String {
    let mut text = String::new();
    while text.len() < 1 << 20 {
        for (_, file) in FILES {
            text.push_str(file);
            text.push('\n');
        }
    }
    let mut end = 1 << 20;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.truncate(end);
    text
}

fn outline_and_checks(text: &str) -> usize {
    let tree = outline::outline(text);
    let issues = outline::check_numbering(text, &tree);
    tree.sections.len() + issues.len()
}

fn bench(c: &mut Criterion) {
    let text = draft();
    let mut group = c.benchmark_group("outline 1 MB");
    group.bench_function("from scratch", |b| {
        b.iter(|| outline_and_checks(black_box(&text)))
    });
    // What the server does after a keystroke: edit the rope, take its text,
    // outline and check it again.
    let rope = ropey::Rope::from_str(&text);
    let middle = rope.len_chars() / 2;
    group.bench_function("after a one-character edit", |b| {
        b.iter_batched(
            || rope.clone(),
            |mut edited| {
                edited.insert_char(middle, '二');
                outline_and_checks(black_box(&edited.to_string()))
            },
            BatchSize::SmallInput,
        )
    });
    let store = DocumentStore::default();
    let uri = Url::parse("file:///bench.md").unwrap();
    store.open(uri.clone(), "markdown", 1, text.clone());
    let doc = store.get(&uri).unwrap();
    group.bench_function("documentSymbol (utf-16)", |b| {
        b.iter(|| jianggao::lsp::outline::document_symbols(black_box(&doc), Encoding::Utf16).len())
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
