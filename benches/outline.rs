//! Outline and numbering checks of a 1 MB draft from scratch; the server's
//! path from a one-character edit to LSP diagnostics (rope edit, analysis of
//! the new version, findings of every check, conversion); and the
//! `textDocument/documentSymbol` answer once the outline is analysed (a
//! position conversion per symbol).
//!
//! `cargo bench --bench outline -- --warm-up-time 1 --measurement-time 3`

use criterion::{criterion_group, criterion_main, Criterion};
use jianggao::corpus::embedded::FILES;
use jianggao::lsp::config::Settings;
use jianggao::lsp::diagnostics;
use jianggao::lsp::documents::DocumentStore;
use jianggao::lsp::position::Encoding;
use jianggao::outline;
use std::hint::black_box;
use tower_lsp::lsp_types::{Position, Range, TextDocumentContentChangeEvent, Url};

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
    // The promised-structure check alone, the outline already built (as
    // in an analysis, where the outline is shared by every check).
    let tree = outline::outline(&text);
    group.bench_function("structure check, outline built", |b| {
        b.iter(|| jianggao::structure::check(black_box(&text), &tree).len())
    });
    // What the server does after a keystroke: edit the rope, analyse the
    // new version (text, outline, numbering, the placeholder lines touched),
    // find what every check finds and convert it to LSP diagnostics, with
    // their related places — as the server's diagnostics task does.
    let store = DocumentStore::default();
    let uri = Url::parse("file:///bench.md").unwrap();
    store.open(uri.clone(), "markdown", 1, text.clone());
    let settings = Settings::default();
    let middle = text.lines().count() as u32 / 2;
    let mut version = 1;
    group.bench_function("keystroke → diagnostics", |b| {
        b.iter(|| {
            // Type a character, then take it out: the draft stays the same size.
            version += 1;
            let end = Position::new(middle, (version % 2 == 1) as u32);
            let change = TextDocumentContentChangeEvent {
                range: Some(Range::new(Position::new(middle, 0), end)),
                range_length: None,
                text: if version % 2 == 0 { "二" } else { "" }.to_string(),
            };
            let doc = store
                .change(&uri, version, vec![change], Encoding::Utf16)
                .unwrap();
            diagnostics::compute(&doc, &uri, &settings, Encoding::Utf16, || false)
                .map_or(0, |d| d.len())
        })
    });
    let doc = store.get(&uri).unwrap();
    doc.analysis().outline();
    doc.analysis().speech();
    let rate = jianggao::speech::DEFAULT_CHARS_PER_MINUTE;
    group.bench_function("documentSymbol (utf-16), outline analysed", |b| {
        b.iter(|| {
            jianggao::lsp::outline::document_symbols(black_box(&doc), Encoding::Utf16, rate).len()
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
