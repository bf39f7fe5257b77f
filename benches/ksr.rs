//! Keystroke savings rate (KSR) of phrase completion, leave one document out.
//!
//! Run: `cargo bench --bench ksr` (add `-- --quick` to type only the first
//! 3000 characters of each document).
//!
//! For each document of the embedded corpus, the index is built from the
//! other four; then the held-out document is typed line by line, one
//! character at a time, into a draft that holds everything typed so far (so
//! phrases already used in the draft count, as in the editor). Before each
//! keystroke the completion list for the end of the draft is computed with
//! at most k items (k = 1 and k = 5, simulated separately):
//! - if an item's continuation is exactly the next characters of the true
//!   text, the writer accepts the longest such item: **one keystroke**, and
//!   all its characters are typed;
//! - otherwise the writer types the next character: **one keystroke**.
//!
//! Line breaks are neither characters nor keystrokes (every line starts on a
//! new line of the draft). KSR = 1 − keystrokes / characters.

use jianggao::corpus::{Corpus, Document};
use jianggao::phrases::{Params, PhraseIndex};
use std::time::Instant;

fn simulate(
    index: &PhraseIndex,
    doc: &Document,
    k: usize,
    params: &Params,
    limit: usize,
) -> (usize, usize) {
    let mut draft = String::new();
    let (mut chars, mut keys) = (0, 0);
    for line in doc.lines() {
        if chars >= limit {
            break;
        }
        let text = line.text.as_str();
        let mut i = 0;
        while i < text.len() {
            let rest = &text[i..];
            let best = index
                .complete_in(&draft, draft.len(), k, params)
                .into_iter()
                .filter(|s| {
                    s.continuation.chars().count() >= 2 && rest.starts_with(&s.continuation)
                })
                .map(|s| s.continuation.len())
                .max();
            let step = best.unwrap_or_else(|| rest.chars().next().map_or(1, char::len_utf8));
            draft.push_str(&rest[..step]);
            i += step;
            keys += 1;
        }
        chars += text.chars().count();
        draft.push('\n');
    }
    (chars, keys)
}

fn env(name: &str, default: f64) -> f64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let limit = if quick { 3000 } else { usize::MAX };
    let d = Params::default();
    // Tuning knobs for experiments (defaults: Params::default()).
    let params = Params {
        max_context: env("KSR_MAX_CONTEXT", d.max_context as f64) as usize,
        max_continuation: env("KSR_MAX_CONTINUATION", d.max_continuation as f64) as usize,
        orders: env("KSR_ORDERS", d.orders as f64) as usize,
        order_weight: env("KSR_ORDER_WEIGHT", d.order_weight),
        sample: env("KSR_SAMPLE", d.sample as f64) as usize,
        draft_weight: env("KSR_DRAFT_WEIGHT", d.draft_weight),
        fade: env("KSR_FADE", d.fade),
        ..d
    };
    eprintln!("{params:?}");
    let corpus = Corpus::embedded();
    println!(
        "{:<28} {:>8} {:>10} {:>10} {:>8}",
        "held-out document", "chars", "KSR top-1", "KSR top-5", "seconds"
    );
    let (mut total, mut keys1, mut keys5) = (0, 0, 0);
    for held in 0..corpus.documents.len() {
        let started = Instant::now();
        let train = Corpus {
            documents: corpus
                .documents
                .iter()
                .enumerate()
                .filter(|&(i, _)| i != held)
                .map(|(_, d)| d.clone())
                .collect(),
        };
        let index = PhraseIndex::build(&train);
        let doc = &corpus.documents[held];
        let (chars, k1) = simulate(&index, doc, 1, &params, limit);
        let (_, k5) = simulate(&index, doc, 5, &params, limit);
        let ksr = |k: usize| 100.0 * (1.0 - k as f64 / chars as f64);
        println!(
            "{:<28} {:>8} {:>9.1}% {:>9.1}% {:>8.1}",
            doc.source,
            chars,
            ksr(k1),
            ksr(k5),
            started.elapsed().as_secs_f64()
        );
        total += chars;
        keys1 += k1;
        keys5 += k5;
    }
    let ksr = |k: usize| 100.0 * (1.0 - k as f64 / total as f64);
    println!(
        "{:<28} {:>8} {:>9.1}% {:>9.1}%",
        "total",
        total,
        ksr(keys1),
        ksr(keys5)
    );
}
